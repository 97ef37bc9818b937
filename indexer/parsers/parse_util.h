// Helpers shared by the source parsers (not part of the parser interface):
// field clean-up that every format applies the same way, line numbers, and
// guarded calls into the sink.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/parsers/parsers.h"

namespace arxiv::parse_util {

// printable_text + collapse_whitespace (titles, comments, journal refs, ...).
std::string clean_line(std::string_view s);
// printable_text + unwrap_paragraphs (abstracts).
std::string clean_abstract(std::string_view s);
// Each whitespace-separated DOI through normalize_doi, joined by one space.
std::string clean_doi(std::string_view s);
// printable_text + collapse_whitespace + tex_accents_to_unicode (one author name).
std::string clean_author(std::string_view s);

// Appends an author (already cleaned; ignored when empty) with the
// affiliations the source gives for them (each through clean_line, empty
// ones dropped), keeping Record::affiliations empty or parallel to
// Record::authors.
void add_author(Record& r, std::string name, const std::vector<std::string>& affiliations = {});

// Splits on any whitespace; no empty parts.
std::vector<std::string> split_ws(std::string_view s);

// Appends `term` to `categories` if it is an arXiv category: known to the
// taxonomy (stored in its proper casing; the archive part must be written
// in lower case, so "CS" or "Physics" are not categories) or plausible as an old/unknown one
// (^[a-z-]+(\.[A-Za-z-]+)?$, kept as written). ACM/MSC codes and other
// classifications are dropped; duplicates are ignored.
void add_category(std::vector<std::string>& categories, std::string_view term);
bool plausible_category(std::string_view term);

// Sets r.id and r.version from the written id; false with `problem` set
// ("record has no arXiv id" / "invalid arXiv id '...'").
bool set_id(Record& r, std::string_view raw_text, std::string& problem);

// "v3" -> 3; 0 if not a version label.
int version_number(std::string_view label);

// 1-based line numbers for byte offsets of one input.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    size_t line_at(size_t offset) const;

private:
    std::vector<size_t> newlines_;
};

void emit_record(const ParseSink& sink, size_t line, Record&& record);
void emit_skip(const ParseSink& sink, size_t line, const std::string& message);

}  // namespace arxiv::parse_util
