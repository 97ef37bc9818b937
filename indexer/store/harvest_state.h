// Harvest bookkeeping kept in the index's own metadata, so it is committed
// in the same Xapian transaction as the documents of each page: after a
// crash the state always matches the documents.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

class IndexWriter;

// Days of OAI datestamps a set's completed harvests covered, inclusive,
// "YYYY-MM-DD"; an empty `from` is the beginning of the repository.
struct DayRange {
    std::string from, until;
    bool operator==(const DayRange& o) const { return from == o.from && until == o.until; }
};

struct HarvestState {
    // The set's label ("cs", "physics:hep-th", "*" for everything).
    std::string set;
    // Windows completed by incremental (non-backfill) runs, sorted and
    // merged. A run bounded by --until covers only up to its bound, so a
    // later plain run still fetches what follows it.
    std::vector<DayRange> covered;
    // The run in progress (empty token = no run in progress).
    std::string token;
    std::string run_from, run_until;
    std::string run_started;       // date of the first page's responseDate
    long complete_list_size = -1;  // from the legacy token attributes
    long received = 0;             // records received in this run
    long skipped = 0;              // malformed records in this run
    long pages = 0;
    // Outcome of the last run.
    std::string last_success;      // UTC time; empty = never
    std::string last_error;        // "<UTC time> <message>", empty after a success
    long last_received = 0;
    long last_complete_list_size = -1;
    long last_skipped = 0;
    std::string last_window;       // "FROM..UNTIL" of the last completed run

    // Where the next run without --from starts: the end of the first covered
    // window (OAI `from` is inclusive, so that day is asked again), which is
    // before any hole a bounded or later-starting run left. Empty: nothing
    // covered yet, a full harvest.
    std::string next_from() const;
    // Records a completed window and merges it with the others.
    void add_covered(const std::string& from, const std::string& until);
    // Days after the first covered window that no window covers, up to the
    // last one: what a plain harvest has still to fetch.
    std::vector<DayRange> holes() const;

    // Reads the stored JSON. Never throws: fields that are missing or of the
    // wrong type keep their defaults (a hand-edited or corrupted state must
    // not stop `status`, `coverage` or the next harvest).
    static HarvestState parse(std::string_view json);
    std::string to_json() const;

    static HarvestState load(const IndexWriter& writer, const std::string& key);
    // The set of a state stored under `key` (a metadata key without
    // kHarvestKeyPrefix): its own field, else the key's fourth word
    // ("oai URL PREFIX SET[ backfill FROM..TO]"), for states written before
    // the field existed.
    std::string set_of(const std::string& key) const;
    bool is_backfill(const std::string& key) const { return key.find(" backfill ") != std::string::npos; }
    void save(IndexWriter& writer, const std::string& key) const;
};

// The last outcome of `fetch` for one endpoint and query.
struct FetchState {
    std::string last_success;  // UTC time; empty = never
    std::string last_error;    // "<UTC time> <message>", empty after a success
    long last_total = -1;      // totalResults the API announced

    static FetchState parse(std::string_view json);  // never throws
    std::string to_json() const;
};

// Listing counts per day for coverage: how many records whose latest
// datestamp is that day the harvest received, per set.
struct CoverageTable {
    std::map<std::string, long> listed;  // "YYYY-MM-DD" -> records

    static CoverageTable parse(std::string_view json);  // never throws
    static CoverageTable load(const IndexWriter& writer, const std::string& set_label);
    void save(IndexWriter& writer, const std::string& set_label) const;
};

// Metadata key prefixes (also read by `status` and `coverage`).
constexpr const char* kHarvestKeyPrefix = "harvest:";
constexpr const char* kCoverageKeyPrefix = "coverage:";
constexpr const char* kFetchKeyPrefix = "fetch:";

// "2025-01-01..2025-03-24, 2025-06-01..2025-11-29" ("beginning" for an open start).
std::string describe_windows(const std::vector<DayRange>& windows);

}  // namespace arxiv
