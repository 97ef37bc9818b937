// A local HTTP endpoint that answers like export.arxiv.org's /api/query
// (Atom 1.0 with the same elements and namespaces, arXiv's error entries),
// so existing arXiv API clients can be pointed at the local index, plus
// /search for our own query language with JSON output, and a search page
// for people at / (query/serve/page.h) drawn from the same search.
// `arxiv-query serve` (query/serve/cli_serve.cc) is the command-line front
// end.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/serve/http_message.h"

namespace arxiv {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                   // 0: any free port (see ApiServer::bind)
    std::uint64_t max_results = 2000;  // most entries one request returns
    unsigned threads = 4;              // searches run at once (each holds an open index)
    // Connections open at once, in all and from one address; a new one over
    // either takes the place of the one waiting longest without being
    // served (query/serve/http_server.h), else gets a 503.
    unsigned max_connections = 1024;
    unsigned max_connections_per_client = 256;
    double request_timeout = 10;     // seconds for a whole request to arrive
    double keep_alive_timeout = 5;   // seconds an idle connection stays open
    unsigned keep_alive_max = 100;   // requests per connection
    double max_cpu = 2;              // CPU seconds one search may take (query/search/budget.h)
    // Synonym files beside the built-in and the user's (arxiv-query --synonyms).
    std::vector<std::string> synonym_files;
    // Test-only faults (ARXIV_SERVE_TEST_FAULTS): __fault= makes a handler
    // throw or hold its worker (query/serve/server.cc, maybe_fault).
    bool fault_routes = false;
};

// A `start`/`offset` above this is searched as this: an empty page with the
// right total (arXiv has ~3 M papers), where the 32-bit document counts of
// Xapian would otherwise wrap 4294967296 round to 0, the first page. The
// page still reports the offset that was asked for.
constexpr std::uint64_t kMaxOffset = 1ull << 31;

// "HOST:PORT", "[::1]:PORT" or ":PORT" (loopback). Returns false and sets
// `error` when it cannot be read.
bool parse_listen_address(std::string_view text, std::string& host, int& port, std::string& error);

class ApiServer {
public:
    // Opens the index once to check it; throws DatabaseUnavailable, and
    // SynonymFileError for a synonym file that cannot be read.
    ApiServer(std::string db_path, ServeOptions options);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // The endpoints themselves. `base_url` is "http://host:port".
    ApiResponse api_query(const ApiParams& params, const std::string& base_url);
    ApiResponse search(const ApiParams& params);
    // The search page (HTML): the same parameters as search() plus the
    // page's own; 200, or 400 with the page showing what is wrong.
    ApiResponse page(const ApiParams& params);
    // Any request, routed by its path: what the HTTP layer calls.
    ApiResponse answer(const HttpRequest& request);
    // The answer to `request` when it needs no search (a file of the page,
    // an answer in the response cache), else nullopt; never blocks.
    std::optional<ApiResponse> answer_at_once(const HttpRequest& request);

    // Binds the listening socket; returns the port (useful with port 0).
    // Throws std::runtime_error when the address cannot be bound.
    int bind();
    // Serves until stop(); returns false if the server failed.
    bool run();
    // Safe to call from another thread (e.g. a signal-waiting thread).
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace arxiv
