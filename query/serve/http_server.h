// The HTTP/1.1 layer of arxiv-query-serve, on Boost.Beast over Boost.Asio
// (Debian's libboost-dev; header-only), used through their public API only.
//
// One I/O thread runs every connection as a chain of asynchronous reads and
// writes, so an open connection costs a socket and a few kilobytes, never a
// thread: idle keep-alive clients and slow senders cannot take the place of
// a new client. Requests are answered by a small pool of worker threads
// (the searches); each connection has at most one request in flight, so
// pipelined requests are read one after another and answered in order.
//
// What the layer enforces, all as run-time limits (HttpLimits):
//  - sizes: a request line of max_request_line bytes (max_long_get for a GET
//    of a target long_get_allowed accepts), header lines of max_header_line,
//    max_head for all header lines, max_body for a body after its
//    Content-Encoding is undone (gzip or deflate, inflated within the
//    limit). Beyond them: 414, 431, 413, in the endpoint's own format;
//  - time: a request must arrive within request_timeout of its first byte
//    (408), an idle connection is closed after keep_alive_timeout, a
//    response must be written within write_timeout;
//  - connections: max_connections in all and max_connections_per_client
//    from one address. A new connection over either takes the place of the
//    connection (of that address, for the second) that has been waiting the
//    longest without being served — idle, still sending its request, or
//    not reading its answer — so trickling clients ("slowloris") only ever
//    push out each other; when every connection is being served it gets a
//    503;
//  - memory: answers written to clients that do not read them are bounded
//    by max_pending_output (max_pending_output_per_client per address);
//    over it, the connection whose answer has made no progress the longest
//    is closed. Freed memory is handed back to the system when the server
//    falls idle;
//  - HTTP framing: a request with both Content-Length and Transfer-Encoding,
//    with a Transfer-Encoding other than chunked, with conflicting lengths,
//    with a malformed header line (a space before the colon, …), without a
//    Host or with two (HTTP/1.1) is refused (400 or 501) and the connection
//    closed; a POST without a length gets 411; CONNECT and methods other than
//    GET, HEAD and POST get 405; Range is ignored (the whole answer is sent).
//  - the workers: searches wait in one queue per client address, served in
//    turn, so one address with many connections does not keep others
//    waiting; a request that waited longer than queue_wait gets a 503.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "query/serve/http_message.h"

namespace arxiv {

struct HttpLimits {
    std::size_t max_request_line = 8 * 1024;  // with its CRLF
    std::size_t max_long_get = 64 * 1024;     // a GET's request line, for targets long_get_allowed accepts
    std::size_t max_header_line = 8 * 1024;   // one header line with its CRLF
    std::size_t max_head = 16 * 1024;         // the header lines and the blank line (not the request line)
    std::size_t max_body = 64 * 1024;         // after Content-Encoding is undone

    std::chrono::milliseconds request_timeout{10'000};
    std::chrono::milliseconds write_timeout{30'000};
    std::chrono::milliseconds keep_alive_timeout{5'000};
    std::size_t keep_alive_max = 100;  // requests per connection

    std::size_t max_connections = 1024;
    std::size_t max_connections_per_client = 256;
    std::size_t max_pending_output = 256u << 20;
    std::size_t max_pending_output_per_client = 64u << 20;

    unsigned workers = 4;                          // requests answered at once
    std::chrono::milliseconds queue_wait{10'000};  // longest wait for a worker before a 503
};

// One line of the request log.
struct HttpLogEntry {
    std::string client, method, target;  // as sent (the caller makes them loggable)
    int status = 0;
    long results = -1;    // entries returned, -1: not a search
    double ms = -1;       // time from the request's first byte to its answer; -1: not measured
    std::string note;     // why the layer refused it, or the endpoint's note
};

// What the server does with requests; set before bind().
struct HttpHandlers {
    // The answer to a request that passed the limits, called on a worker
    // thread. Anything it throws becomes a 500 from `error`.
    std::function<ApiResponse(const HttpRequest&)> answer;
    // An answer that can be given at once, on the I/O thread, without a
    // worker (a compiled-in file, an answer kept in a cache), else nullopt:
    // it must never block.
    std::function<std::optional<ApiResponse>(const HttpRequest&)> answer_at_once;
    // The body of an answer the layer gives itself (limits, timeouts, 503,
    // 500) in the format of the endpoint `target` names (as sent, perhaps
    // cut short, "" when unknown).
    std::function<ApiResponse(const std::string& target, int status, const std::string& message)> error;
    // Whether a GET of `target` may have a request line up to max_long_get.
    std::function<bool(std::string_view target)> long_get_allowed;
    // Called on the I/O thread once a request is answered (or refused).
    std::function<void(const HttpLogEntry&)> log;
};

class HttpServer {
public:
    HttpServer(HttpLimits limits, HttpHandlers handlers);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    const HttpLimits& limits() const;

    // Binds and listens; returns the port (the one the kernel picked for
    // port 0). Throws std::runtime_error naming the address and the reason.
    int bind(const std::string& host, int port);
    // Serves on the calling thread until stop(); false if accepting failed.
    bool run();
    // Safe from any thread, also before run(): every connection is closed,
    // requests being answered are dropped, run() returns.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace arxiv
