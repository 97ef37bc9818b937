// Harvest bookkeeping kept in the index's own metadata, so it is committed
// in the same Xapian transaction as the documents of each page: after a
// crash the state always matches the documents.
#pragma once

#include <map>
#include <string>

namespace arxiv {

class IndexWriter;

struct HarvestState {
    // Incremental high-water mark: the next run without --from starts here.
    std::string next_from;
    // The run in progress (empty token = no run in progress).
    std::string token;
    std::string run_from, run_until;
    std::string run_started;       // date of the first page's responseDate
    long complete_list_size = -1;  // from the legacy token attributes
    long received = 0;             // records received in this run
    long skipped = 0;              // malformed records in this run
    long pages = 0;
    // Outcome of the last run.
    std::string last_success;      // UTC time
    std::string last_error;        // "<UTC time> <message>", empty after a success
    long last_received = 0;
    long last_complete_list_size = -1;
    long last_skipped = 0;
    std::string last_window;       // "FROM..UNTIL" of the last completed run

    static HarvestState load(const IndexWriter& writer, const std::string& key);
    void save(IndexWriter& writer, const std::string& key) const;
};

// Listing counts per day for coverage: how many records whose latest
// datestamp is that day the harvest received, per set.
struct CoverageTable {
    std::map<std::string, long> listed;  // "YYYY-MM-DD" -> records

    static CoverageTable load(const IndexWriter& writer, const std::string& set_label);
    void save(IndexWriter& writer, const std::string& set_label) const;
};

// Metadata key prefixes (also read by `status` and `coverage`).
constexpr const char* kHarvestKeyPrefix = "harvest:";
constexpr const char* kCoverageKeyPrefix = "coverage:";
constexpr const char* kFetchKeyPrefix = "fetch:";

}  // namespace arxiv
