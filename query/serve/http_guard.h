// The connection layer of arxiv-query-serve, under cpp-httplib 0.11.
//
// cpp-httplib 0.11 gives every connection a pool thread for its whole life,
// limits reads only per read() (a client trickling one byte every few
// seconds holds a worker forever), drops every pipelined request after the
// first (each request gets a fresh read buffer), reads request lines and
// chunked or compressed bodies into memory without bound, and answers its
// own limits with empty bodies; it also answers a Range header listing N
// ranges with N copies of the body. GuardedServer replaces the
// per-connection loop (process_and_close_socket) and keeps cpp-httplib for
// parsing, routing and writing responses:
//
//  - one thread per connection, up to max_connections; a new connection
//    that finds them all taken closes the oldest idle one and takes its
//    thread; up to max_connections wait, and beyond that a connection gets
//    a 503 at once;
//  - one read buffer per connection, so pipelined requests are all answered
//    in order;
//  - each request's head is read and checked here first, against a total
//    deadline and size limits, before cpp-httplib sees it; a request over a
//    limit gets a response in the format of the endpoint it named, then the
//    connection is closed;
//  - a GET whose request line is longer than cpp-httplib takes (below) but
//    within max_long_get, for a target long_get_allowed accepts, is handed
//    to cpp-httplib as a POST of the same path with the query string as its
//    form body (GuardedServer::long_get() tells the handler and the log);
//  - a POST must say how long its body is (Content-Length or chunked): 411;
//  - a body is never read past its Content-Length (or max_body for chunked
//    bodies), so a body cannot run into the next request;
//  - Range headers are ignored.
//
// Debian builds cpp-httplib as a shared library, so its compile-time limits
// (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH and CPPHTTPLIB_HEADER_MAX_LENGTH) are
// fixed in the .so: they are read from its header here, never redefined.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <httplib.h>

namespace arxiv {

struct HttpLimits {
    // Longest request line ("GET target HTTP/1.1\r\n") and header line,
    // fixed in libcpp-httplib.
    static constexpr std::size_t kRequestLine = CPPHTTPLIB_REQUEST_URI_MAX_LENGTH;
    static constexpr std::size_t kHeaderLine = CPPHTTPLIB_HEADER_MAX_LENGTH;

    std::size_t max_head = 16 * 1024;  // header lines + blank line (the request line apart)
    std::size_t max_body = 64 * 1024;  // a request body, after Content-Encoding is undone
    // A GET request line (with its CRLF) for a target long_get_allowed
    // accepts may be this long (its query string becomes a form body, so
    // keep it within max_body); any other request line, kRequestLine.
    std::size_t max_long_get = 64 * 1024;
    std::function<bool(std::string_view target)> long_get_allowed;
    // A request (head and body) must arrive within this, counted from its
    // first byte; a response must be written within write_timeout.
    std::chrono::milliseconds request_timeout{10'000};
    std::chrono::milliseconds write_timeout{30'000};
    // An idle connection (between requests, or before its first) is closed
    // after this, or at once when a new connection is waiting for a thread.
    std::chrono::milliseconds keep_alive_timeout{5'000};
    std::size_t keep_alive_max = 100;  // requests per connection
    std::size_t max_connections = 256;  // served at once; as many more may wait
};

// An error the guard answers itself (the request never reached a route):
// fills `content_type` and `body` for the endpoint the request target names
// (as sent, perhaps cut short; "" when not known), so each endpoint's
// clients get errors in their own format.
using GuardErrorBody = std::function<void(const std::string& target, int status, const std::string& message,
                                          std::string& content_type, std::string& body)>;
// One log line for a request the guard answered itself.
using GuardLog = std::function<void(const std::string& client, const std::string& method,
                                    const std::string& target, int status, const std::string& note)>;

struct GuardState;  // query/serve/http_guard.cc

// Log-safe form of client-sent text: control bytes escaped, cut to `max`.
std::string loggable(std::string_view text, std::size_t max = 300);

class GuardedServer : public httplib::Server {
public:
    GuardedServer(HttpLimits limits, GuardErrorBody error_body, GuardLog log);
    ~GuardedServer() override;

    const HttpLimits& limits() const;
    // A longer accept queue than cpp-httplib's fixed 5 (call after binding),
    // so a burst of new connections is not dropped and retried by the kernel.
    void widen_backlog(int backlog);
    // stop(), and wake every connection: idle ones close at once, a request
    // being read or written ends at its next read or write.
    void shutdown();

    // Reads a request body in a content-reader handler, at most `limit`
    // bytes after any Content-Encoding is undone.
    enum class Body { Ok, TooLarge, TimedOut, Unreadable };
    static Body read_body(const httplib::ContentReader& reader, std::size_t limit, std::string& body);
    // Closes the connection after the current response (e.g. when the body
    // was not read to its end).
    static void close_after_response();
    // In a handler: the target of the GET the current POST was made from
    // (a request line over kRequestLine, see HttpLimits::max_long_get), or
    // nullptr for a request as sent.
    static const std::string* long_get();

private:
    bool process_and_close_socket(socket_t sock) override;
    bool serve_connection(socket_t sock);
    void reject(socket_t sock);

    std::shared_ptr<GuardState> state_;
};

}  // namespace arxiv
