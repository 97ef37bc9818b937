// The one HTTP client of the harvesters (libcurl): polite to arXiv and
// stubborn about transient faults. Every request to a host waits the
// configured delay after the previous one; network errors and 5xx are
// retried with exponential backoff and jitter; 503 + Retry-After waits
// exactly as told; 4xx fails at once with the server's message.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <stdexcept>
#include <cstddef>
#include <string>
#include <vector>

namespace arxiv {

struct HttpOptions {
    double delay_seconds = 3.0;       // between requests to the same host (arXiv asks for 3 s)
    double connect_timeout = 30.0;
    double total_timeout = 300.0;     // whole transfer
    int max_retries = 5;              // per request, after the first attempt
    double backoff_seconds = 5.0;     // first retry wait; doubles each time, with jitter
    double max_backoff_seconds = 300.0;
    double max_retry_after = 3600.0;  // refuse absurd Retry-After values beyond this
    // A response body (after decompression) may be at most this long; arXiv's
    // largest pages (2,000 API entries) are a few MB. A server sending more
    // is stopped at once, not retried.
    std::size_t max_body_bytes = 64u << 20;
    std::string user_agent;           // see default_user_agent()
};

// "arxiv-search/0.1.0 (+https://github.com/...; mailto:CONTACT)".
std::string default_user_agent(const std::string& contact);

// The server answered with a client error (4xx): retrying cannot help.
class HttpClientError : public std::runtime_error {
public:
    HttpClientError(long status, const std::string& message)
        : std::runtime_error(message), status(status) {}
    long status;
};

// Retries were exhausted (network errors, 5xx, malformed pages).
class HttpGiveUp : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct HttpStats {
    long requests = 0;   // HTTP requests sent (including retries)
    long retries = 0;
    double waited_seconds = 0;  // politeness delays + backoff + Retry-After
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GET `url` and return the (decompressed) body of a 2xx response.
    // `validate` may reject a 2xx body (e.g. malformed XML) by returning an
    // error message; the request is then retried like a 5xx.
    // Throws HttpClientError (4xx) or HttpGiveUp.
    std::string get(const std::string& url,
                    const std::function<std::string(const std::string& body)>& validate = nullptr);

    // Called with a one-line message before each wait/retry (for logs).
    void set_logger(std::function<void(const std::string&)> log) { log_ = std::move(log); }

    const HttpStats& stats() const { return stats_; }

    // URL-encodes one query parameter value.
    static std::string escape(const std::string& value);

private:
    void wait_turn(const std::string& host);
    void sleep_for(double seconds);
    HttpOptions options_;
    void* curl_ = nullptr;  // CURL*
    std::map<std::string, std::chrono::steady_clock::time_point> last_request_;
    std::function<void(const std::string&)> log_;
    HttpStats stats_;
    unsigned jitter_state_;
};

}  // namespace arxiv
