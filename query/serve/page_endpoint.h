// GET /: the search page (query/serve/page draws it) for the same
// parameters as /search, and the HTML answers of the server: every one
// carries the page's Content-Security-Policy.
#pragma once

#include <string>

#include "query/serve/http_message.h"
#include "query/serve/search_service.h"

namespace arxiv {

// 200 with the page, or 400 with the page showing what is wrong.
ApiResponse search_page(SearchService& service, const ApiParams& params);

// An HTML error page for an error the connection layer answers (414, 431,
// 408, …) or an internal error.
ApiResponse search_page_error(int status, const std::string& message);

}  // namespace arxiv
