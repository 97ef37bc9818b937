// Output formats behind one small interface. A command runs the search and
// feeds begin/hit.../end to whichever formatter the user chose; it never asks
// which one it is.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "query/results.h"

namespace arxiv {

struct OutputOptions {
    bool color = false;         // ANSI colour (text format only)
    size_t snippet_chars = 300; // text format: abstract snippet length
};

class Formatter {
public:
    virtual ~Formatter() = default;
    virtual void begin(const ResultInfo& info) = 0;
    virtual void hit(const Hit& hit) = 0;
    virtual void end(const ResultInfo& info) = 0;
};

// Names accepted by --format, in the order --help lists them.
const std::vector<std::string>& formatter_names();

// nullptr if the name is unknown.
std::unique_ptr<Formatter> make_formatter(std::string_view name, std::ostream& out,
                                          const OutputOptions& options);

// ---- Field conventions shared by all formats ------------------------------
// Abstract page and PDF URLs (versioned when the version is known).
std::string abs_url(const Record& r);
std::string pdf_url(const Record& r);
// "YYYY-MM-DD" for output: a month-only date becomes the 1st of the month.
std::string output_date(const std::string& date);
// The date output calls "updated" (see Record::effective_updated()).
inline const std::string& effective_updated(const Record& r) { return r.effective_updated(); }

}  // namespace arxiv
