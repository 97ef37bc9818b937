// `arxiv-index harvest`: OAI-PMH ListRecords, page by page, each page's
// records committed together with the harvest state (resumption token,
// window), so `kill -9` at any moment resumes where it left off and a rerun
// builds exactly the index an uninterrupted run would have built.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "indexer/net/http_client.h"
#include "indexer/report/progress.h"
#include "indexer/store/index_writer.h"

namespace arxiv {

// arXiv's OAI-PMH endpoint since its 2025 rewrite; the legacy
// http://export.arxiv.org/oai2 may still answer (--base-url).
constexpr const char* kDefaultOaiBaseUrl = "https://oaipmh.arxiv.org/oai";

struct HarvestOptions {
    std::string base_url = kDefaultOaiBaseUrl;
    std::string metadata_prefix = "arXiv";  // arXiv | arXivRaw | oai_dc
    std::vector<std::string> sets;          // empty: the whole repository
    std::string from, until;                // YYYY-MM-DD; from empty = continue from the state
    bool backfill = false;                  // re-harvest [from, until]; the incremental state stays
    int malformed_retries = 3;              // a page that is not well-formed XML
    bool verbose = false;                   // one log line per page
};

struct HarvestReport {
    long pages = 0;
    long records = 0;   // records received (deleted included)
    long skipped = 0;   // malformed records skipped
    WriteCounts counts;
    bool ok = true;     // every set finished
    double seconds = 0;
};

class OaiHarvester {
public:
    OaiHarvester(IndexWriter& writer, HttpClient& http, HarvestOptions options, Progress& progress,
                 std::ostream& log);
    // Harvests every set; a set that fails is logged (state kept for the
    // next run) and the others still run.
    HarvestReport run();

    // The state key of one set (also used by status/coverage).
    static std::string state_key(const HarvestOptions& options, const std::string& set);

private:
    bool harvest_set(const std::string& set);
    std::string list_url(const std::string& set, const std::string& from, const std::string& until) const;

    IndexWriter& writer_;
    HttpClient& http_;
    HarvestOptions options_;
    Progress& progress_;
    std::ostream& log_;
    HarvestReport report_;
};

// "cs", "physics:hep-th", "cs:cs:AI" -> the label coverage is kept under.
std::string set_label(const std::string& set);

}  // namespace arxiv
