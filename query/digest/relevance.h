// Why a digest picked a paper, and how well it fits: a score from 0 to 10
// that means the same in every topic and on every day (a BM25 weight does
// not: it grows with the length of the query and the rarity of its words),
// and the reasons behind it.
//
// The score is the best of three parts, each 0-10:
// - The query: how much of it the paper covers, and where. A word or phrase
//   counts kTitleCredit when the title has it (or the author list, for au:),
//   kAbstractCredit when only the abstract (or the comments, the journal
//   reference) does; AND averages its parts, OR takes the best; NOT and
//   filters (categories, dates, ids) do not count. `"kv cache" eviction`
//   with both words in the title scores 10, with eviction only in the
//   abstract 8, with both only in the abstract 6. Other written forms count
//   like the typed one (MoE for "mixture of experts").
// - Followed authors: 10 for a paper by one of them.
// - Liked papers: how close the paper comes to the nearest liked paper,
//   against how close that paper's own near neighbours in the whole index
//   come: 10 * min(1, similarity / similarity of its kLikeAnchorRank-th
//   nearest neighbour).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "query/digest/config.h"
#include "query/lang/expand.h"

namespace arxiv {

struct PickReason {
    // "title", "abstract", "comment", "journal", "author" (an au: word of the
    // query), "followed" (a followed author), "like" (a liked paper).
    std::string where;
    std::string match;   // the word or phrase as the topic writes it, the author, the liked paper's id
    std::string detail;  // "like": the liked paper's title (whole; describe_relevance() shortens it)
    double score = 0;    // what this reason alone is worth, 0-10
};

struct Relevance {
    double score = 0;                 // 0-10, one decimal
    std::vector<PickReason> reasons;  // the query's words in query order, then authors, then the liked paper
};

// One line: `8.0/10: "kv cache" in the title, eviction in the abstract;
// by Song Han (followed); like 2505.24133 "Title" (7.2)`.
std::string describe_relevance(const Relevance& r);

constexpr double kTitleCredit = 1.0;
constexpr double kAbstractCredit = 0.6;
// A paper as similar to a liked paper as the liked paper's
// kLikeAnchorRank-th nearest neighbour in the whole index scores 10 (see
// TopicScorer's constructor for why not its similarity to itself).
constexpr Xapian::doccount kLikeAnchorRank = 10;
// The neighbour that sets the scale in an index of `papers`: the
// kLikeAnchorRank-th from 50,000 papers, a nearer one below (the nearest
// under 10,000), since a small index holds fewer papers close to any one.
Xapian::doccount like_anchor_rank(Xapian::doccount papers);
// Without a min_score, a paper comes in through liked papers alone only
// when it scores at least this: every paper shares some word with a liked
// one, so a lower bar lets the whole window in.
constexpr double kLikeDefaultMinScore = 5.0;

class TopicScorer {
public:
    // `scope`: the papers the topic may list (its categories and exclusions,
    // and the window). Liked papers missing from the index are skipped with
    // a line in `notes`.
    TopicScorer(const DigestTopic& topic, const Xapian::Database& db, const ExpandOptions& expand,
                const Xapian::Query& scope, std::vector<std::string>& notes);

    Relevance relevance(Xapian::docid doc) const;

    // The paper's similarity weight to its nearest liked paper (0: none).
    double similarity(Xapian::docid doc) const;

    // Papers in scope that resemble a liked paper with a score of at least
    // `min_score`, best first.
    std::vector<Xapian::docid> liked_papers_above(double min_score) const;

private:
    struct Place {
        std::string where;
        double credit = 0;
        std::vector<Xapian::docid> docs;  // sorted
    };
    struct Concept {
        std::string shown;  // as the topic writes it
        std::vector<Place> places;
    };
    struct Liked {
        std::string id, title;
    };
    struct Resemblance {
        double score = 0;
        double weight = 0;  // the similarity itself
        size_t liked = 0;   // index into liked_
    };

    const DigestTopic& topic_;
    std::vector<Xapian::docid> query_docs_;  // papers in scope the query matches, sorted
    std::unordered_map<const QueryNode*, Concept> concepts_;
    std::vector<std::pair<std::string, std::vector<Xapian::docid>>> followed_;  // author, sorted docs
    std::vector<Liked> liked_;
    std::unordered_map<Xapian::docid, Resemblance> resemblance_;

    void add_concepts(const QueryNode& node, const Xapian::Database& db, const ExpandOptions& expand,
                      const Xapian::Query& scope);
    bool cover(const QueryNode& node, Xapian::docid doc, double& credit, std::vector<PickReason>& reasons) const;
};

}  // namespace arxiv
