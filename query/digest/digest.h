// Daily keyword digests from the local index (`arxiv-query digest CONFIG`):
// which time window a run covers, which papers each topic selects in it, how
// each entry is tagged (new / revised / cross-listed), --dedup and the
// per-topic caps. Searching goes through the ordinary query compiler and
// Searcher; rendering is in render.h, the state file in
// state.h, the template language in template.h.
#pragma once

#include <cstdint>
#include <ctime>
#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/model/stored.h"
#include "query/digest/changes.h"
#include "query/digest/config.h"
#include "query/digest/novelty.h"
#include "query/digest/relevance.h"
#include "query/search/results.h"
#include "query/search/search.h"

namespace arxiv {

class Searcher;

// ---- The window ------------------------------------------------------------
//
// SinceLastRun (the default once the digest has run): what the index learned
//   after the previous run started — papers first indexed after it, or whose
//   version, title or abstract changed after it (the `first_indexed` and
//   `changed` times the indexer records). Each paper is reported by the first
//   run after the index learned it, and only by that one.
// FirstRun: no previous run; the newest kFirstRunDays days of the index
//   (ending at its newest submission or update date, see
//   anchor_first_run()), as Dates; the last kFirstRunDays days by the clock
//   when the index is empty.
// Dates (--since/--days, optional --until): papers submitted or updated
//   (latest version, else the day a listing announced it) in the range.
struct DigestWindow {
    enum class Mode { SinceLastRun, FirstRun, Dates };
    Mode mode = Mode::Dates;
    std::string from_day, to_day;  // Dates/FirstRun: YYYYMMDD bounds, "" = open
    std::string last_run;          // SinceLastRun: "YYYY-MM-DDThh:mm:ssZ"
    std::set<std::string> seen_at_last_run;  // SinceLastRun: see DigestState
    std::string now;               // this run, "YYYY-MM-DDThh:mm:ssZ"
    int days = 0;                  // --days N (or the first-run default), for the description
    std::string newest_day;        // FirstRun: the index's newest date (value), "" = by the clock

    // Where the window starts: papers from before it that come back with a
    // new version are "revised".
    std::string start_day() const;   // YYYYMMDD
    std::string start_time() const;  // "YYYY-MM-DDThh:mm:ssZ"
};

struct WindowRequest {
    std::string since;  // --since DATE (query-language date)
    std::string until;  // --until DATE
    int days = 0;       // --days N; 0 = not given
};

constexpr int kFirstRunDays = 7;

// Throws QuerySyntaxError (position npos, message naming the flag) for bad
// dates and combinations.
DigestWindow make_window(const WindowRequest& request, const std::string& last_run, std::time_t now);

// The newest submission or update date (latest version, else announcement)
// of any paper in the index, as a value ("YYYYMMDD", "YYYYMM00" for a
// month); "" for an empty index.
std::string newest_indexed_day(Searcher& searcher);

// A first run covers the kFirstRunDays days ending at `newest_day` (the
// index's newest date), not the last days by the clock: an index of papers
// from months ago still gives a first digest. A month-only newest date
// covers that month. Other windows, and an empty `newest_day`, are left as
// they are.
void anchor_first_run(DigestWindow& window, const std::string& newest_day);

// "First run: covering 2026-06-24 to 2026-06-30, the newest 7 days in the
// index" for a first run, else "".
std::string first_run_note(const DigestWindow& window);

// Ids of the papers first indexed or changed in the second `time`
// ("YYYY-MM-DDThh:mm:ssZ") that the searcher's view of the index holds.
std::vector<std::string> ids_stamped_at(Searcher& searcher, const std::string& time);

// The exact test: is this paper new in the window?
bool in_window(const StoredDoc& doc, const DigestWindow& window);

// A filter that keeps every document in_window() can accept (and, for
// SinceLastRun, some it will reject): value ranges on the date slots and on
// the first-indexed slot.
Xapian::Query window_query(const DigestWindow& window);

// "new since the last run (2026-06-30 06:00 UTC)", "submitted or updated
// from 2026-06-25 to 2026-07-01", ...
std::string describe_window(const DigestWindow& window);

// ---- Entries ---------------------------------------------------------------

struct Revision {
    int version = 0;           // current version (0: the source gives none)
    int previous_version = 0;  // version of the kept previous text (0: unknown)
    bool have_previous = false;  // the index kept the title/abstract a newer version replaced
    std::string previous_title, previous_abstract;
    TextChange title, abstract;
    std::string size;     // "minor" or "major"; "" without the previous text
    std::string summary;  // one line: `v1 → v2 (major): title: "a" → "b"; abstract (+3/−1 words): ...`
};

// A paper a topic selected, and why (query/digest/relevance.h).
struct TopicMatch {
    TopicMatch(Hit h = {}, Relevance r = {}) : hit(std::move(h)), why(std::move(r)) {}  // NOLINT: a Hit is a match
    Hit hit;
    Relevance why;
};

struct DigestEntry {
    Hit hit;                           // rank: 1-based position within the topic
    Relevance why;                     // the 0-10 score and its reasons
    unsigned number = 0;               // 1-based position in the whole digest (numbering never restarts)
    std::vector<std::string> tags;     // "new" or "revised", then "cross-listed" if it applies
    std::vector<std::string> also_in;  // names of the other topics the paper matched
    std::optional<Revision> revision;  // set for "revised"
    Novelty novelty;                   // measure_novelty() fills it
};

struct TopicResult {
    const DigestTopic* topic = nullptr;
    std::uint64_t total = 0;           // papers in the window (after --dedup)
    std::vector<DigestEntry> entries;  // the first topic->limit of them
    std::uint64_t more() const { return total - entries.size(); }
};

struct DigestOptions {
    // relevance: best first; newest: the best `limit` of each topic, newest
    // first. Either way a topic's limit drops its lowest scores.
    std::string sort = "relevance";
    bool dedup = false;           // a paper only under the first topic it matches
};

// "relevance" (the default), "newest".
const std::vector<std::string>& digest_sort_names();

struct DigestResult {
    std::string title;
    std::string config_path;  // absolute; identifies the digest (Atom feed id)
    DigestWindow window;
    DigestOptions options;
    std::vector<TopicResult> topics;
    std::uint64_t papers = 0;  // distinct papers over all topics, shown or not
    std::uint64_t scanned = 0; // papers in the window, in any topic or none (count_in_window)
    std::uint64_t in_scope = 0; // of those, in some topic's categories and outside its exclusions
    bool empty() const { return papers == 0; }
};

// A paper the reader may have seen before the window (submitted before it,
// or in the index before it) that comes back with a newer version.
bool is_revised(const StoredDoc& doc, const DigestWindow& window);

// The topic restricts categories and the paper's primary category is not
// one of them: it is in the topic through a cross-listing.
bool is_cross_listed(const Record& record, const DigestTopic& topic);

Revision describe_revision(const StoredDoc& doc);

// Every topic's hits (all of them, in window and in display order) -> the
// digest: tags, "also in", --dedup, caps. `matches` is parallel to
// config.topics.
DigestResult assemble_digest(const DigestConfig& config, const DigestWindow& window,
                             const DigestOptions& options, std::vector<std::vector<TopicMatch>> matches);

// Each shown paper's novelty (query/digest/novelty.h) against the papers
// before the window (once per paper, however many topics list it).
void measure_novelty(DigestResult& digest, const Xapian::Database& db);

// Every paper of the index in the window, whatever the topics: what a run
// looked at.
std::uint64_t count_in_window(const DigestWindow& window, Searcher& searcher);
// The same, within some topic's categories and exclusions (what the topics
// scanned).
std::uint64_t count_in_scope(const DigestConfig& config, const DigestWindow& window, Searcher& searcher,
                             const CuratedSynonyms* curated);

// Searches every topic in the window: what its query or followed authors
// select, and papers resembling its liked papers, each scored with its
// reasons, quoting the paper; papers under the topic's min_score and the
// liked papers of any topic left out; best first (the 0-10 score, then the
// BM25 weight), whatever options.sort says (assemble_digest() orders what
// the limits keep). Queries expand to other
// written forms as in arxiv-query, with the curated groups given (none
// without them). Liked papers missing from the index add a line to `notes`.
std::vector<std::vector<TopicMatch>> find_matches(const DigestConfig& config, const DigestWindow& window,
                                                  Searcher& searcher,
                                                  const CuratedSynonyms* curated, std::vector<std::string>& notes);

// ---- The command -----------------------------------------------------------

struct DigestRequest {
    std::string config_path;
    WindowRequest window;
    std::string format = "markdown";  // markdown | json | atom (ignored with a template)
    std::string template_path;        // --template FILE
    std::string layout = "topics";    // markdown: topics | scored (digest_layout_names())
    std::uint64_t limit = 0;          // -n: papers shown per topic, instead of the configuration's; 0 = theirs
    std::string output;               // --output FILE; "" = stdout
    DigestOptions options;
    bool omit_empty = false;
    bool quiet_if_empty = false;
    bool dry_run = false;
};

// Exit codes besides 0 (something new), 1 (nothing new), 2 (usage, config or
// template error) and 3 (index missing or unreadable).
constexpr int kDigestWriteFailed = 4;  // the digest or its state could not be written

// Runs a digest: output to `out` (or --output), messages to `err`. Returns
// the exit code; never throws for expected failures.
int run_digest(const DigestRequest& request, const std::string& db_path, std::ostream& out,
               std::ostream& err, std::time_t now);

}  // namespace arxiv
