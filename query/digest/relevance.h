// Why a digest picked a paper, and how well it fits: a score from 0 to 10
// that means the same in every topic and on every day (a BM25 weight does
// not: it grows with the length of the query and the rarity of its words),
// and the reasons behind it, quoting the paper.
//
// Two things decide the score:
// - Coverage: how much of the query the paper says, and where. A word or
//   phrase counts kTitleCredit when the title has it (or the author list,
//   for au:), kAbstractCredit when only the abstract (or the comments, the
//   journal reference) does, a little more when the abstract says it
//   again; a match that only shares stems with the query ("LLMs infer" for
//   "LLM inference", "cues drive" for "driving") counts kStemOnlyFactor of
//   that. AND averages its parts, OR takes the best; NOT and filters
//   (categories, dates, ids) do not count. Other written forms count like
//   the typed one (MoE for "mixture of experts").
// - Company: how much the paper reads like the topic: its likeness
//   (query/search/like) to the topic's profile — the papers that best stand
//   for it in the index outside the window (for each word or phrase of the
//   query, the papers with it in the title that match the query best; the
//   liked papers; the followed authors' papers) — against the likeness of
//   the profile's own K-th closest paper in the index (K the number of
//   papers in the profile, at least like_anchor_rank()), and its category:
//   a paper listed in none of the categories the profile's papers are
//   listed in counts kCategoryFloor of that. A word in another sense
//   ("pruning" a search tree, "low-rank" matrix completion) has little
//   company.
//
// The query's part is 10 * coverage * (kCoverageFloor + (1 - kCoverageFloor)
// * company); a followed author's paper 10 * (kFollowedFloor + ... *
// company); a paper that comes in through liked papers alone 10 * company.
// The score is the best of the parts a paper has.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/model/stored.h"
#include "query/digest/config.h"
#include "query/lang/expand.h"

namespace arxiv {

class PhraseFinder;

struct PickReason {
    // "title", "abstract", "comment", "journal", "author" (an au: word of the
    // query), "followed" (a followed author), "like" (liked papers),
    // "company" (the topic's profile), "query" (a query of filters only).
    std::string where;
    std::string match;   // the word or phrase as the topic writes it, the author, the liked paper's id
    std::string quote;   // the paper's own words that matched it ("KV caches"); "" when not quoted
    bool as_written = true;  // false: the paper's words only share stems with the query's
    std::string detail;  // "like": the liked paper's title (whole; describe_relevance() shortens it)
    double score = 0;    // what this reason alone is worth, 0-10
};

struct Relevance {
    double score = 0;                 // 0-10, one decimal
    double company = -1;              // 0-1: likeness to the topic's profile; -1 without a profile
    std::vector<PickReason> reasons;  // the query's words in query order, then authors, then likeness
};

// A 0-10 score as shown: "8.0".
std::string score_text(double score);

// One line: `8.0/10: "KV caches" in the title; "eviction" in the abstract;
// by Song Han (followed); reads like the topic (0.82)`; a stems-only match
// says so: `"LLMs infer" in the title (only the stems of "LLM inference")`.
std::string describe_relevance(const Relevance& r);

// The constants below were set by reasoning and checked on the spread they
// give over the real corpus (docs/benchmarks.md, "Digest scoring": no score
// value holds more than 8.3% of a digest's picks); the blind-graded pools
// there are for tuning them on judged picks (tune-*) and checking on others
// (held-*).
constexpr double kTitleCredit = 1.0;
constexpr double kAbstractCredit = 0.6;
constexpr double kAbstractAgainCredit = 0.7;  // the abstract says it twice or more: about it, not in passing
constexpr double kStemOnlyFactor = 0.5;
constexpr double kCoverageFloor = 0.3;
constexpr double kFollowedFloor = 0.5;
// A profile's scale: a paper as close to it as its K-th closest paper in the
// whole index, K the number of papers in the profile and at least
// kLikeAnchorRank (fewer in a small index, see like_anchor_rank), has
// likeness 1.
constexpr Xapian::doccount kLikeAnchorRank = 10;
Xapian::doccount like_anchor_rank(Xapian::doccount papers);
// Papers per word or phrase of a query that stand for the topic in its
// profile.
constexpr Xapian::doccount kProfilePapersPerConcept = 10;
// Followed authors' papers in a profile (the newest).
constexpr Xapian::doccount kProfilePapersPerAuthor = 10;
// Likeness (the ratio to the profile's scale, x) as a share 0-1:
// 1 - exp(-kCompanySteepness * x), so that x = 1 (as close as the profile's
// K-th closest paper) is 0.75 and the scale never saturates at 10.
constexpr double kCompanySteepness = 1.386;  // ln 4
// A paper's category against the profile's: the largest share of the
// profile's papers listed in one of its categories, s, counts
// kCategoryFloor + (1 - kCategoryFloor) * min(1, s / kCategoryShareFull).
constexpr double kCategoryFloor = 0.6;
constexpr double kCategoryShareFull = 0.2;
// Without a min_score, a paper comes in through liked papers alone only
// when it scores at least this: every paper shares some word with a liked
// one, so a lower bar lets the whole window in.
constexpr double kLikeDefaultMinScore = 5.0;

class TopicScorer {
public:
    // `scope`: the papers the topic may list (its categories and exclusions,
    // and the window); `outside`: its categories and exclusions without the
    // window (where the profile's papers come from). Liked papers missing
    // from the index are skipped with a line in `notes`.
    TopicScorer(const DigestTopic& topic, const Xapian::Database& db, const ExpandOptions& expand,
                const Xapian::Query& scope, const Xapian::Query& outside, std::vector<std::string>& notes);
    ~TopicScorer();
    TopicScorer(const TopicScorer&) = delete;
    TopicScorer& operator=(const TopicScorer&) = delete;

    // `doc` is the stored paper of `docid`: its text is quoted.
    Relevance relevance(Xapian::docid docid, const StoredDoc& doc) const;

    // The paper's likeness weight to the topic's liked papers (0: none).
    double similarity(Xapian::docid doc) const;

    // Papers in scope that resemble the liked papers with a score of at
    // least `min_score`, best first.
    std::vector<Xapian::docid> liked_papers_above(double min_score) const;

private:
    struct Place {
        std::string where;
        double credit = 0;
        std::vector<Xapian::docid> docs;  // sorted
    };
    struct Form {
        std::vector<std::string> stemmed, written;  // written empty: another form, as written by definition
    };
    struct Concept {
        std::string shown;  // as the topic writes it
        std::vector<Place> places;
        std::vector<Form> forms;  // the typed form first; none for authors and wildcards
    };
    struct Profile {
        Xapian::Query query;
        double scale = 0;  // the weight of the profile's K-th closest paper
        std::unordered_map<Xapian::docid, double> weight;  // papers in scope
        std::unordered_map<std::string, double> categories;  // share of the profile's papers listed in each
        // 0-1: the likeness of `doc` (listed in `categories`) to the profile.
        double share(Xapian::docid doc, const std::vector<std::string>& categories) const;
    };

    const DigestTopic& topic_;
    const Xapian::Database& db_;
    std::vector<Xapian::docid> query_docs_;  // papers in scope the query matches, sorted
    std::unordered_map<const QueryNode*, Concept> concepts_;
    std::vector<std::pair<std::string, std::vector<Xapian::docid>>> followed_;  // author, sorted docs
    std::string liked_ids_;                  // "2505.24133, 2506.01234", or "12 liked papers"
    std::string liked_title_;                // the title of the one liked paper ("" for several)
    bool company_is_liked_ = false;          // the profile is the liked papers alone
    Profile company_, liked_;                // the topic's profile; the liked papers' alone
    std::unique_ptr<PhraseFinder> finder_;   // caches word analyses across papers

    void add_concepts(const QueryNode& node, const Xapian::Database& db, const ExpandOptions& expand,
                      const Xapian::Query& scope);
    bool cover(const QueryNode& node, Xapian::docid docid, const StoredDoc& doc, double& credit,
               std::vector<PickReason>& reasons) const;
    void quote(const Concept& c, const std::string& text, PickReason& why, double& credit) const;
};

}  // namespace arxiv
