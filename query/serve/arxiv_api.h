// GET/POST /api/query: answers like export.arxiv.org's API — Atom 1.0 with
// the same elements and namespaces, search_query in arXiv's query language,
// id_list, start, max_results, sortBy, sortOrder, and arXiv's error entries
// — so existing arXiv API clients can be pointed at the local index.
#pragma once

#include <string>

#include "query/serve/http_message.h"
#include "query/serve/search_service.h"

namespace arxiv {

// The answer to one request; `base_url` ("http://host:port") is where the
// feed's links point.
ApiResponse arxiv_api_query(SearchService& service, const ApiParams& params, const std::string& base_url);

// arXiv's error form: a feed with one entry titled "Error" whose id names
// the problem, with HTTP `status`.
ApiResponse arxiv_api_error(const std::string& base_url, int status, const std::string& message);

}  // namespace arxiv
