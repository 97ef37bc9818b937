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
// - Company: how much of the paper is about the topic, by the company its
//   words keep (query/digest/aboutness.h): its words against those of the
//   topic's profile — the papers that best stand for it in the index
//   outside the window (for each word or phrase of the query, the papers
//   with it in the title that match the query best; the liked papers; the
//   followed authors' papers) — as a share 0-1 that is half the grade blind
//   graders gave papers of that aboutness. A word in another sense
//   ("pruning" a search tree, "low-rank" matrix completion) keeps other
//   company, and so does a paper that only applies the topic's method.
//
// With a profile, the query's part is 10 * company * (kCoverageFloor + (1 -
// kCoverageFloor) * coverage): company decides, coverage tells a title from
// an abstract and a phrase as written from one by stems. Without one
// (nothing outside the window to learn from), coverage alone: 10 *
// coverage. A followed author's paper scores 10 * (kFollowedFloor + ... *
// company); a paper that comes in through liked papers alone 10 * its
// company with the liked papers. The score is the best of the parts a
// paper has.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/model/stored.h"
#include "query/digest/aboutness.h"
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
    double company = -1;              // 0-1: how much the paper is about the topic (aboutness_share); -1 without a profile
    std::vector<PickReason> reasons;  // the query's words in query order, then authors, then likeness
};

// A 0-10 score as shown: "8.0".
std::string score_text(double score);

// One line: `8.0/10: "KV caches" in the title; "eviction" in the abstract;
// by Song Han (followed); reads like the topic (0.82)`; a stems-only match
// says so: `"LLMs infer" in the title (only the stems of "LLM inference")`.
std::string describe_relevance(const Relevance& r);

// Coverage's constants were set by reasoning (a title says what a paper is
// about, an abstract may mention a word in passing); the blind grades of
// docs/benchmarks.md ("Digest scoring") then chose how much coverage weighs
// against company. Spearman over the tune sets' picks for kCoverageFloor
// 0.3, 0.5, 0.7, 0.85 and 1 (company alone): 0.65, 0.66, 0.67, 0.67, 0.67;
// over all their graded candidates 0.72, 0.72, 0.72, 0.71, 0.71. Coverage
// adds little once the paper's words are read, so it is a light hand (a
// title as written is worth 1, a stems-only mention in the abstract 0.79)
// that still ranks "LLMs infer" below "LLM inference" in papers alike.
constexpr double kTitleCredit = 1.0;
constexpr double kAbstractCredit = 0.6;
constexpr double kAbstractAgainCredit = 0.7;  // the abstract says it twice or more: about it, not in passing
constexpr double kStemOnlyFactor = 0.5;
constexpr double kCoverageFloor = 0.7;
constexpr double kFollowedFloor = 0.5;
// Papers per word or phrase of a query that stand for the topic in its
// profile. On the tune sets, Spearman over the picks / the graded
// candidates: 5: 0.65 / 0.68, 10: 0.67 / 0.72, 20: 0.65 / 0.72.
constexpr Xapian::doccount kProfilePapersPerConcept = 10;
// At least this many in all (more per word or phrase for a query of few):
// ten papers with "LLM inference" in the title (edge devices, routing,
// hardware) left out the words of a paper on sparse attention "for
// efficient LLM inference", which scored 0.4, below "LLMs Infer Cultural
// Context" (0.5); with 40 it scores 5.9 and leads (docs/benchmarks.md). The
// personal topics' profiles, of five to seven phrases, hold 36 to 47
// papers. On the tune sets, Spearman over the picks / the graded
// candidates: no minimum 0.671 / 0.718, 20: 0.679 / 0.719, 30: 0.684 /
// 0.720, 40: 0.684 / 0.721, 60: 0.661 / 0.718.
constexpr Xapian::doccount kProfileMinPapers = 40;
// Followed authors' papers in a profile (the newest).
constexpr Xapian::doccount kProfilePapersPerAuthor = 10;
// Without a min_score, a paper comes in through liked papers alone only
// when it scores at least this: a company that graders would on average
// call related (grade 1). Every paper shares some word with a liked one,
// so no bar lets the whole window in.
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

    // The paper's likeness weight to the topic's liked papers (0: none):
    // the order among papers of equal score.
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

    const DigestTopic& topic_;
    const Xapian::Database& db_;
    std::vector<Xapian::docid> query_docs_;  // papers in scope the query matches, sorted
    std::unordered_map<const QueryNode*, Concept> concepts_;
    std::vector<std::pair<std::string, std::vector<Xapian::docid>>> followed_;  // author, sorted docs
    std::string liked_ids_;                  // "2505.24133, 2506.01234", or "12 liked papers"
    std::string liked_title_;                // the title of the one liked paper ("" for several)
    bool company_is_liked_ = false;          // the profile is the liked papers alone
    WordProfile company_, liked_;            // the topic's profile; the liked papers' alone
    // Papers in scope that share a characteristic word with the liked
    // papers (the likeness query of `arxiv-query --like A --like B`), with
    // that likeness's weight: the candidates that come in through them.
    std::unordered_map<Xapian::docid, double> liked_weight_;
    std::unique_ptr<PhraseFinder> finder_;   // caches word analyses across papers

    void add_concepts(const QueryNode& node, const Xapian::Database& db, const ExpandOptions& expand,
                      const Xapian::Query& scope);
    bool cover(const QueryNode& node, Xapian::docid docid, const StoredDoc& doc, double& credit,
               std::vector<PickReason>& reasons) const;
    void quote(const Concept& c, const std::string& text, PickReason& why, double& credit) const;
};

}  // namespace arxiv
