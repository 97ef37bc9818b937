// A local HTTP endpoint that answers like export.arxiv.org's /api/query
// (Atom 1.0 with the same elements and namespaces, arXiv's error entries),
// so existing arXiv API clients can be pointed at the local index, plus
// /search for our own query language with JSON output. `arxiv-query serve`
// (query/cli_serve.cc) is the command-line front end.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace arxiv {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                   // 0: any free port (see ApiServer::bind)
    std::uint64_t max_results = 2000;  // most entries one request returns
    unsigned threads = 4;              // worker threads = most concurrent requests
};

// "HOST:PORT", "[::1]:PORT" or ":PORT" (loopback). Returns false and sets
// `error` when it cannot be read.
bool parse_listen_address(std::string_view text, std::string& host, int& port, std::string& error);

// What one endpoint answered, independent of the HTTP library, so handlers
// can be tested and logged the same way.
struct ApiResponse {
    int status = 200;
    std::string content_type;
    std::string body;
    long results = -1;  // entries returned, -1 when not a search (for the log)
};

// Request parameters, already URL-decoded (cpp-httplib's Params type).
using ApiParams = std::multimap<std::string, std::string>;

class ApiServer {
public:
    // Opens the index once to check it; throws DatabaseUnavailable.
    ApiServer(std::string db_path, ServeOptions options);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // The endpoints themselves. `base_url` is "http://host:port".
    ApiResponse api_query(const ApiParams& params, const std::string& base_url);
    ApiResponse search(const ApiParams& params);

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
