// What a query matched, as terms a word of display text can be checked
// against: compile_query() fills it, a search hands it to the output
// (ResultInfo::matched) and the highlighter (query/output/highlight.h) is the
// one place that reads it, so what the index matched is what the output
// marks — words, their other forms, wildcard expansions and authors.
#pragma once

#include <string>
#include <vector>

namespace arxiv {

struct MatchTerms {
    // Stemmed, prefix-less terms of the positive free-text parts and their
    // other forms ("cach", "kv").
    std::vector<std::string> text_terms;
    // Other forms of several words ({"key", "valu", "cach"} for "kv cache"):
    // marked only where the whole phrase stands, so a lone "keys" is not
    // taken for a match of "kv cache".
    std::vector<std::vector<std::string>> text_phrases;
    // Wildcards of text fields, folded and lower-cased ("transform" for
    // transform*): like Xapian's expansion, a word matches when one of its
    // stemmed terms starts with one.
    std::vector<std::string> text_prefixes;
    // Folded, unstemmed words of the positive author parts ("han", "song").
    std::vector<std::string> name_terms;
    // Wildcards of author fields ("schm" for au:schm*).
    std::vector<std::string> name_prefixes;
    // Each positive author leaf's words, in order ({"song", "han"} for
    // au:"Song Han"; {"b", "scholkopf"} for au:"B. Schölkopf"): an author
    // matched when it holds every word of one of them (a one-letter word
    // is an initial).
    std::vector<std::vector<std::string>> names;

    bool empty() const {
        return text_terms.empty() && text_prefixes.empty() && name_terms.empty() && name_prefixes.empty() &&
               text_phrases.empty();
    }
};

}  // namespace arxiv
