// Finding the words of stored text (TeX and Unicode as written) that a query
// matched, and choosing the part of a long abstract worth showing.
//
// A word of display text matches when one of the terms analyze_terms() makes
// of it is among the query's terms, so "KV-caching" matches a query for
// "kv cache" exactly like the index does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace arxiv {

// A byte range [begin, end) of some text.
struct TextSpan {
    size_t begin = 0;
    size_t end = 0;
    bool operator==(const TextSpan& o) const { return begin == o.begin && end == o.end; }
};

// The words of display text, in order, as byte ranges. A word is a run of
// letters and digits (any non-ASCII letter counts), joined by internal
// apostrophes and hyphens ("KV-caching", "model's"), with TeX accents kept
// inside it ("Schr\"odinger", "{\o}rsted"). A TeX command ("\alpha",
// "\textbf") is a word of its own. Punctuation, maths delimiters and
// whitespace separate words. Never splits a UTF-8 character.
std::vector<TextSpan> split_words(std::string_view text);

// Decides whether a word matches query terms; remembers the answer for every
// distinct word, so one matcher should live as long as the result set.
class TermMatcher {
public:
    TermMatcher() = default;
    // text_terms: stemmed, prefix-less terms (ResultInfo::text_terms), matched
    // against the stemmed analysis of a word. name_terms: folded unstemmed
    // author words (ResultInfo::name_terms), matched against the unstemmed
    // analysis. Either may be empty.
    TermMatcher(const std::vector<std::string>& text_terms,
                const std::vector<std::string>& name_terms);

    bool empty() const { return text_terms_.empty() && name_terms_.empty(); }
    bool matches(std::string_view word) const;

private:
    std::unordered_set<std::string> text_terms_;
    std::unordered_set<std::string> name_terms_;
    mutable std::unordered_map<std::string, bool> cache_;
};

// Byte ranges of the matched words of `text`, in order.
std::vector<TextSpan> find_matches(std::string_view text, const TermMatcher& matcher);

// The matched words of `text` as written, in order (repeats kept).
std::vector<std::string> matched_words(std::string_view text, const TermMatcher& matcher);

struct Snippet {
    // The excerpt: paragraph breaks turned into spaces, "… " in front when
    // it does not start at the beginning, " …" after when it stops early.
    std::string text;
    std::vector<TextSpan> spans;      // matched words, byte ranges of `text`
    std::vector<std::string> words;   // the same words as strings
    bool cut_start = false;
    bool cut_end = false;
};

// The excerpt of `text` of at most about `max_chars` code points (ellipses
// not counted) that holds the most matched words, cut at whitespace and
// preferring to start at a sentence; the beginning when nothing matches. The
// whole text (newlines as spaces) when it is short enough. max_chars == 0
// means no limit.
Snippet make_snippet(std::string_view text, const TermMatcher& matcher, size_t max_chars);

// Convenience: the same with a matcher built from the two term lists.
Snippet make_snippet(std::string_view text, const std::vector<std::string>& text_terms,
                     const std::vector<std::string>& name_terms, size_t max_chars);

// `text` with `open` / `close` around every span (spans sorted, disjoint).
std::string mark_spans(std::string_view text, const std::vector<TextSpan>& spans,
                       std::string_view open, std::string_view close);

}  // namespace arxiv
