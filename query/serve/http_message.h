// A request and an answer as the endpoints see them, independent of the
// HTTP library: the binding (query/serve/http_server) fills HttpRequest from
// the wire and writes ApiResponse back; the endpoints (arxiv_api,
// search_api, page_endpoint), the response cache and the fuzz harness only
// ever meet these.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arxiv {

// Request parameters, already URL-decoded, in the order sent (a name may
// repeat: like=A&like=B).
using ApiParams = std::multimap<std::string, std::string>;

// What one endpoint answered, so handlers can be tested and logged the same
// way whatever carries them.
struct ApiResponse {
    ApiResponse() = default;
    ApiResponse(int status, std::string content_type, std::string body, long results)
        : status(status), content_type(std::move(content_type)), body(std::move(body)), results(results) {}

    int status = 200;
    std::string content_type;
    std::string body;
    long results = -1;  // entries returned, -1 when not a search (for the log)
    std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
    std::string note;   // for the log line only, e.g. the exception behind a 500
};

// One request that passed the connection layer's limits.
struct HttpRequest {
    std::string method;  // GET, HEAD or POST
    std::string target;  // as sent: origin form (/search?q=a) or absolute form (http://host/search?q=a)
    std::string route;   // the path alone: no scheme://authority, no query, no fragment
    std::string query;   // what follows '?' in the target (before any '#'), still encoded
    std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
    std::string body;    // with any Content-Encoding undone
    std::string client;  // "address:port" of the peer

    // The first header called `name` (case-insensitive), "" when there is none.
    std::string header(std::string_view name) const;
};

// The route a request target names: the path without an absolute-form
// scheme://authority, the query and the fragment ("" stays "").
std::string route_of(std::string_view target);

}  // namespace arxiv
