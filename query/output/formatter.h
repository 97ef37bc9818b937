// Output formats behind one small interface. A command runs the search and
// feeds begin/hit.../end to whichever formatter the user chose; it never asks
// which one it is.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "query/search/results.h"

namespace arxiv {

struct OutputOptions {
    bool color = false;         // ANSI colour (text and oneline)
    size_t snippet_chars = 300; // text format: abstract snippet length
    size_t width = kDefaultWidth;  // columns the text and oneline formats fit (output_width())

    static constexpr size_t kDefaultWidth = 100;  // not a terminal, no $COLUMNS
    static constexpr size_t kMinWidth = 40;       // narrower is taken as this
};

// The columns output to `fd` may use: the terminal's width when `fd` is a
// terminal (TIOCGWINSZ), else $COLUMNS when it is a number, else 100 (so a
// pipe's output stays the same unless COLUMNS says otherwise); never less
// than OutputOptions::kMinWidth.
size_t output_width(int fd);

class Formatter {
public:
    virtual ~Formatter() = default;
    virtual void begin(const ResultInfo& info) = 0;
    virtual void hit(const Hit& hit) = 0;
    virtual void end(const ResultInfo& info) = 0;
    // Whether the output shows ResultInfo::total. Counting every match is
    // the dearest part of a broad query, so formats that never print it
    // (ids, jsonl, markdown, bibtex) let the search stop early.
    virtual bool shows_total() const { return true; }
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
// Dates as output: output_date() of common/util/dates.h ("YYYY-MM" becomes
// the 1st of the month).
// The date output calls "updated" (see Record::effective_updated()).
inline const std::string& effective_updated(const Record& r) { return r.effective_updated(); }

// "day", or "month" when the submission date is only "YYYY-MM"; empty when
// the submission date is unknown.
std::string date_precision(const Record& r);
// Abstract on one line: paragraphs joined by one space.
std::string join_paragraphs(std::string_view abstract);
// The record with printable_text() applied to every text field: what the
// human-facing formats (text, markdown, bibtex) show, so that control
// characters in an index built before they were dropped at ingest never
// reach a terminal.
Record printable_record(const Record& r);
// printable_record() with TeX rendered for people (render_tex of
// common/text: $\alpha$ -> α, St\"utz -> Stütz) in the title, abstract,
// authors, comment and journal reference: what text, markdown and oneline
// show. The machine formats (json, jsonl, csljson, ris, bibtex, atom) keep
// the source text.
Record display_record(const Record& r);

// An author's display name split for citation formats: "Song Han" ->
// {family "Han", given "Song"}; particles stay with the family name
// ("Ludwig van Beethoven" -> "van Beethoven"), a generational suffix is kept
// apart ("Jr."), "Han, Song" is read as written, and a name of one word or
// of a group ("ATLAS Collaboration") is only a family name with `literal`
// set.
struct AuthorName {
    std::string family;
    std::string given;
    std::string suffix;
    bool literal = false;
};
AuthorName split_author_name(std::string_view name);

// The words of `s` between spaces, tabs and line breaks.
std::vector<std::string> split_spaces(std::string_view s);
// Decimal with thousands separators: 1234567 -> "1,234,567".
std::string group_thousands(std::uint64_t n);

// ---- Per-format pieces (exposed for the registry and the tests) ------------
// The result object shared by json and jsonl.
nlohmann::ordered_json result_json(const Hit& hit);
// BibTeX citation key ("vaswani2017attention"; "arxiv" + id as fallback).
std::string bibtex_key(const Record& r);
// Citation keys unique within one output (bibtex, csljson): a second
// "smith2020deep" becomes "smith2020deepb", then "smith2020deepc" ...
class CitationKeys {
public:
    std::string unique(const std::string& key);

private:
    std::set<std::string> used_;
};
// Escapes &, % and # that are not already escaped, and drops unbalanced
// braces; other TeX is kept.
std::string bibtex_escape(std::string_view value);

std::unique_ptr<Formatter> make_text_formatter(std::ostream& out, const OutputOptions& options);
std::unique_ptr<Formatter> make_json_formatter(std::ostream& out, const OutputOptions& options);
std::unique_ptr<Formatter> make_jsonl_formatter(std::ostream& out, const OutputOptions& options);
std::unique_ptr<Formatter> make_markdown_formatter(std::ostream& out,
                                                   const OutputOptions& options);
std::unique_ptr<Formatter> make_ids_formatter(std::ostream& out, const OutputOptions& options);
std::unique_ptr<Formatter> make_bibtex_formatter(std::ostream& out, const OutputOptions& options);
std::unique_ptr<Formatter> make_oneline_formatter(std::ostream& out, const OutputOptions& options);
std::unique_ptr<Formatter> make_ris_formatter(std::ostream& out, const OutputOptions& options);
std::unique_ptr<Formatter> make_csljson_formatter(std::ostream& out, const OutputOptions& options);
// The CSL-JSON item of one record (csljson), for the tests.
nlohmann::ordered_json csl_item(const Record& r);

}  // namespace arxiv
