// Output formats behind one small interface. A command runs the search and
// feeds begin/hit.../end to whichever formatter the user chose; it never asks
// which one it is.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "query/search/results.h"

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
// Decimal with thousands separators: 1234567 -> "1,234,567".
std::string group_thousands(std::uint64_t n);

// ---- Per-format pieces (exposed for the registry and the tests) ------------
// The result object shared by json and jsonl.
nlohmann::ordered_json result_json(const Hit& hit);
// BibTeX citation key ("vaswani2017attention"; "arxiv" + id as fallback).
std::string bibtex_key(const Record& r);
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

}  // namespace arxiv
