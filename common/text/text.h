// Text handling shared by indexing, querying and output: UTF-8 repair,
// whitespace normalisation, TeX-to-Unicode for display, and the single
// "index form" of text that both the indexer and the query parser feed to
// Xapian's tokenizer, so that a query is always split like the document was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arxiv {

// Replace invalid UTF-8 sequences by U+FFFD so that Xapian and JSON output
// never see broken text.
std::string valid_utf8(std::string_view s);

// valid_utf8() without the C0 control characters XML 1.0 cannot carry, even
// escaped (all but tab, newline and carriage return): one stray control
// character in an abstract would make a whole Atom feed unparsable.
std::string xml_text(std::string_view s);

// Decode the code point starting at s[i] and advance i; invalid bytes decode
// as U+FFFD one byte at a time.
char32_t next_code_point(std::string_view s, size_t& i);
void append_utf8(std::string& out, char32_t cp);
// Text safe to show on a terminal: invalid UTF-8 repaired, carriage
// return, form feed and vertical tab made spaces, other C0 control
// characters (but tab and newline), DEL, the C1 controls and the
// bidirectional overrides and isolates dropped. A hostile record then
// cannot set a terminal's title (OSC), move its cursor, ring its bell, or
// make text display other than it reads.
std::string printable_text(std::string_view s);

// `s` cut to at most `max` code points, the cut marked by a final '…'.
std::string clip_text(std::string_view s, size_t max);

// A 64-bit FNV-1a hash of `s` as 16 hex digits: the same in every run and
// build (unlike std::hash), for ids derived from content.
std::string stable_hash_hex(std::string_view s);
// The same hash as a number (FNV-1a, 64-bit: the same on every machine and
// in every build, unlike std::hash).
std::uint64_t stable_hash(std::string_view s);

// Number of code points (terminal columns for Latin text).
size_t utf8_length(std::string_view s);

// The pieces of `s` between each `separator`, empty ones included:
// "a::b" -> {"a", "", "b"}, "" -> {""}.
std::vector<std::string_view> split_at(std::string_view s, char separator);

// Columns `s` takes on a terminal: one per code point, two for East Asian
// wide and fullwidth characters and emoji, none for combining marks and
// zero-width characters (a simple table, not the whole of Unicode's).
size_t display_width(std::string_view s);
size_t display_width(char32_t cp);

// `s` cut to at most `width` columns, the cut marked by a final '…' (which
// counts); never cuts inside a UTF-8 character.
std::string clip_to_width(std::string_view s, size_t width);

// Greedy word wrap of one paragraph (newlines count as spaces): the byte
// ranges [begin, end) of lines at most `width` columns wide (at least 1),
// broken at spaces; a word wider than a line is broken between characters,
// never inside one. Spaces at the breaks belong to no line.
std::vector<std::pair<size_t, size_t>> wrap_lines(std::string_view text, size_t width);

// Collapse every run of whitespace to one space and trim both ends
// (titles, comments, journal references, author names).
std::string collapse_whitespace(std::string_view s);

// Unwrap a hard-wrapped abstract: lines of a paragraph are joined by one
// space; a line that starts with whitespace, or follows a blank line, starts a
// new paragraph. Paragraphs are separated by a single '\n'.
std::string unwrap_paragraphs(std::string_view s);

// Fold diacritics, ligatures and typographic punctuation to ASCII
// ("Schütze" -> "Schutze", "Nießner" -> "Niessner", "ﬁ" -> "fi").
// Letters of other scripts are kept. Case is kept.
std::string fold_diacritics(std::string_view s);

// The TeX commands that stand for a letter, by name without the backslash:
// "o" -> "ø", "ss" -> "ß", "TH" -> "Þ" ({\\o}rsted, Nie{\\ss}ner, {\\TH}orsson);
// nullptr for any other name. The one table: index_form() resolves these
// letters and the highlighter keeps them inside words, so a word the index
// finds is also marked.
const char* tex_letter(std::string_view command);

// The TeX accent commands, by name without the backslash: "'" -> U+0301,
// "\"" -> U+0308, "c" -> U+0327 ...; 0 for any other name.
char32_t tex_accent_mark(std::string_view command);

// Turn TeX accent commands into Unicode letters ("Schr\\\"odinger" ->
// "Schrödinger", "{\\o}" -> "ø", "\\'{e}" -> "é") and leave everything
// else alone. Used for author names from sources that keep TeX.
std::string tex_accents_to_unicode(std::string_view s);

// TeX as a person reads it, for the output formats people read (text,
// markdown, oneline): accents and letters as Unicode (St\\"utz -> Stütz,
// {\\o} -> ø, and a stray backslash before a Unicode letter dropped), maths
// delimiters dropped, Greek letters and common symbols as Unicode
// ($\\alpha$ -> α, \\leq -> ≤), simple super- and subscripts in maths as
// Unicode ($O(n^2)$ -> O(n²), x_{i+1} -> xᵢ₊₁, others kept: _{p^m} ->
// _{pᵐ}), \\mathbb{F} -> 𝔽, formatting commands dropped with their argument
// kept (\\textsc{DiARC} -> DiARC), citations and labels dropped with their
// argument and the space or ~ before them, a ~ between words a space (but
// "~10%" kept), \\frac{a}{b} -> a/b, \\sqrt{x}
// -> √x, ``quotes'' -> “quotes”, -- and --- -> – and —. Unknown commands are
// kept as written and unbalanced braces dropped. The commands it knows are
// the same table index_form() uses. One pass, linear in the length of `s`
// for any input.
std::string render_tex(std::string_view s);

// The searchable form of a title, abstract or name: TeX accents resolved,
// math delimiters and braces dropped, formatting commands removed, symbol
// commands spelled as words ("$\\alpha$-divergence" -> "alpha-divergence"),
// then diacritics folded. Never shown to users.
std::string index_form(std::string_view s);

}  // namespace arxiv
