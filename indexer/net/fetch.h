// `arxiv-index fetch`: the arXiv search API (Atom), page by page, each page
// committed as it arrives. For small, targeted updates ("everything new in
// cs.CL about KV caches"); bulk work belongs to `harvest` (OAI-PMH), as
// arXiv asks.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "indexer/net/http_client.h"
#include "indexer/report/progress.h"
#include "indexer/store/index_writer.h"

namespace arxiv {

constexpr const char* kDefaultApiUrl = "https://export.arxiv.org/api/query";
// The API serves at most 2000 entries per call and 30000 per query.
constexpr long kApiMaxPage = 2000;
constexpr long kApiMaxReachable = 30000;

struct FetchOptions {
    std::string base_url = kDefaultApiUrl;
    std::string query;              // search_query, arXiv syntax
    std::vector<std::string> ids;   // id_list
    std::string sort_by;            // relevance | lastUpdatedDate | submittedDate
    std::string sort_order;         // ascending | descending
    std::string since;              // YYYY-MM-DD or "last": stop at older updates
    long max_records = 0;           // 0: everything reachable
    long page_size = 100;
    int empty_page_retries = 3;     // the API sometimes returns a spurious empty page
};

struct FetchReport {
    long pages = 0, records = 0, skipped = 0;
    long total_results = -1;
    WriteCounts counts;
    bool ok = true;
    std::string since_used;
    double seconds = 0;
};

FetchReport fetch_api(IndexWriter& writer, HttpClient& http, FetchOptions options, Progress& progress,
                      std::ostream& log);

}  // namespace arxiv
