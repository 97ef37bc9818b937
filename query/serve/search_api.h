// GET /search: a search in our query language (the parameters of
// SearchService::read_search_params plus format, facets and facet_limit),
// answered as JSON, JSON lines, CSL-JSON, RIS or BibTeX, errors as JSON.
#pragma once

#include <string>

#include "query/serve/http_message.h"
#include "query/serve/search_service.h"

namespace arxiv {

ApiResponse search_api(SearchService& service, const ApiParams& params);

// The JSON error of /search: {"error": message, "hint": hint or null}.
ApiResponse search_api_error(int status, const std::string& message, const std::string& hint = "");

}  // namespace arxiv
