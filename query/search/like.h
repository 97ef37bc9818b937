// More like this: papers similar to given papers (relevance feedback:
// Xapian's ESet over an RSet of them picks the terms of their titles and
// abstracts that set them apart from the index) or to free text (a draft, an
// abstract: its terms weighted by frequency in the text and rarity in the
// index). The result is a ranked OR of those terms, each weighted by how
// characteristic it is, with the given papers themselves left out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace arxiv {

struct LikeRequest {
    std::vector<std::string> ids;  // arXiv ids, any written form
    std::string text;              // free text (--like - / --like-text FILE)
    // Papers given by document id (the digest's topic profiles: the papers
    // that best stand for a topic), used like `ids`.
    std::vector<Xapian::docid> docs;
};

// "2503.14881, 2505.24133" -> both ids, added to `ids` (the command line's
// --like ID1,ID2 as the server's like= reads it). Empty items are skipped.
void add_like_ids(std::string_view list, std::vector<std::string>& ids);

struct LikeTerm {
    std::string term;  // analysed (stemmed) word, no prefix
    double weight = 0;  // relative, the strongest is 1
};

struct LikeQuery {
    Xapian::Query query;         // the ranked OR, papers given excluded
    std::vector<LikeTerm> terms;  // strongest first, for --explain and highlighting
};

// A paper asked for is not in the index (exit code 2, naming it).
class LikeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The stem of a title or abstract term of the index ("Sattent" ->
// "attent"); empty for any other term (authors, categories, dates).
std::string text_stem(const std::string& term);

// The ranked OR of `terms` (each in the title or the abstract, weighted):
// LikeQuery::query is that of all its terms, before the given papers are
// left out.
Xapian::Query like_terms_query(std::vector<LikeTerm>::const_iterator begin, std::vector<LikeTerm>::const_iterator end);

// How many terms the similarity query uses.
constexpr size_t kLikeTerms = 32;

// Throws LikeError for an id that is not an arXiv id or not indexed, or a
// request whose text has no searchable words.
LikeQuery like_query(const Xapian::Database& db, const LikeRequest& request);

}  // namespace arxiv
