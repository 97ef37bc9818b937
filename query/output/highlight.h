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

#include "query/search/results.h"  // MatchTerms, as ResultInfo carries it

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
    // text_prefixes / name_prefixes: wildcards (MatchTerms), matched when
    // one of the word's stemmed / unstemmed terms starts with one.
    // text_phrases: other forms of several words (MatchTerms), whose words
    // match only where the whole phrase stands.
    TermMatcher(const std::vector<std::string>& text_terms,
                const std::vector<std::string>& name_terms,
                const std::vector<std::string>& text_prefixes = {},
                const std::vector<std::string>& name_prefixes = {},
                const std::vector<std::vector<std::string>>& text_phrases = {});

    // What to mark in titles and abstracts: the text terms and wildcards.
    static TermMatcher for_text(const MatchTerms& m);
    // What to mark in author names: the author words and wildcards.
    static TermMatcher for_names(const MatchTerms& m);

    bool empty() const {
        return text_terms_.empty() && name_terms_.empty() && text_prefixes_.empty() && name_prefixes_.empty() &&
               text_phrases_.empty();
    }
    bool matches(std::string_view word) const;
    // Sets hit[w] for every word of `words` (split_words of `text`) inside a
    // whole occurrence of one of the phrases.
    void mark_phrases(std::string_view text, const std::vector<TextSpan>& words, std::vector<bool>& hit) const;

private:
    std::unordered_set<std::string> text_terms_;
    std::unordered_set<std::string> name_terms_;
    std::vector<std::string> text_prefixes_;
    std::vector<std::string> name_prefixes_;
    std::vector<std::vector<std::string>> text_phrases_;
    mutable std::unordered_map<std::string, bool> cache_;
    mutable std::unordered_map<std::string, std::vector<std::string>> word_terms_;  // for the phrases
};

// Byte ranges of the matched words of `text`, in order.
std::vector<TextSpan> find_matches(std::string_view text, const TermMatcher& matcher);

// The matched words of `text` as written, in order (repeats kept).
std::vector<std::string> matched_words(std::string_view text, const TermMatcher& matcher);

// For each author (display names, TeX as written or rendered), whether the
// query matched it: it holds every word of one of the query's author names
// (MatchTerms::names; a one-letter word matches an initial), or a word an
// author wildcard matches. Words are compared through the index's analysis
// of names, so "Schütze", "Sch\\"utze" and "schutze" are one name.
std::vector<bool> matched_authors(const std::vector<std::string>& authors, const MatchTerms& m);

// Which authors a long list shows (indices, in order), given matched_authors():
// the first `most`, and every matched one wherever it stands; matched ones
// after the first `most` take the places of the last first authors, down to
// `least_first` of them. All of them when there are at most `most`.
std::vector<size_t> shown_authors(const std::vector<bool>& matched, size_t most, size_t least_first);

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

// Where display text says a query's word or phrase, for a digest's Why line
// to quote the paper as it is written.
struct PhraseMatch {
    TextSpan span;    // from the first matched word to the last, byte range of the text
    // Every word is the query's own word, or its plural ("caches" for
    // cache), not merely a word with the same stem ("infer" for inference,
    // "driving" for drive): a reader would say the paper uses the phrase.
    bool as_written = false;
};

// Finds a word or phrase in text: runs of consecutive words whose stemmed
// terms are `stemmed` in order (a word may give several terms: "KV-caching"
// gives kv and cach). `written` is the same sequence unstemmed (as the
// query writes it); empty when the form has no written words to compare
// (another form found by expansion): then every match counts as written.
// As-written matches first, then in text order.
class PhraseFinder {
public:
    std::vector<PhraseMatch> find(std::string_view text, const std::vector<std::string>& stemmed,
                                  const std::vector<std::string>& written);

private:
    struct WordTerms {
        std::vector<std::string> stemmed, plain;
    };
    const WordTerms& terms_of(std::string_view word);
    std::unordered_map<std::string, WordTerms> cache_;  // per distinct word: analysis is the cost
};

// `text` with `open` / `close` around every span (spans sorted, disjoint).
std::string mark_spans(std::string_view text, const std::vector<TextSpan>& spans,
                       std::string_view open, std::string_view close);

}  // namespace arxiv
