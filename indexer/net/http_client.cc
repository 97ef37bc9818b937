#include "indexer/net/http_client.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include <curl/curl.h>

namespace arxiv {
namespace {

// The body being received, cut off at a limit.
struct BodySink {
    std::string body;
    std::size_t limit = 0;
    bool too_long = false;
};

size_t append_body(char* data, size_t size, size_t n, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    if (sink->body.size() + size * n > sink->limit) {
        sink->too_long = true;
        return 0;  // libcurl stops the transfer (CURLE_WRITE_ERROR)
    }
    sink->body.append(data, size * n);
    return size * n;
}

std::string host_of(const std::string& url) {
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    size_t end = url.find_first_of("/?#", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// A short, single-line excerpt of a server's error body.
std::string excerpt(const std::string& body) {
    std::string text;
    bool in_tag = false;
    for (char c : body) {
        if (c == '<') in_tag = true;
        else if (c == '>') {
            in_tag = false;
            text += ' ';
        } else if (!in_tag) text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    std::string out;
    for (char c : text) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() > 300) out = out.substr(0, 300) + "…";
    return out;
}

// A server that keeps answering 503 + Retry-After is overloaded or
// misconfigured; after this many waits we stop instead of looping forever.
constexpr int kMaxRetryAfterWaits = 20;

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
};

}  // namespace

std::string default_user_agent(const std::string& contact) {
    std::string ua = "arxiv-search/0.1.0 (offline arXiv index; harvests politely";
    if (!contact.empty()) ua += "; mailto:" + contact;
    return ua + ")";
}

HttpClient::HttpClient(HttpOptions options)
    : options_(std::move(options)),
      jitter_state_(static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count())) {
    static CurlGlobal global;
    curl_ = curl_easy_init();
    if (!curl_) throw std::runtime_error("cannot initialise libcurl");
    if (options_.user_agent.empty()) options_.user_agent = default_user_agent("");
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

std::string HttpClient::escape(const std::string& value) {
    char* e = curl_easy_escape(nullptr, value.c_str(), static_cast<int>(value.size()));
    std::string out = e ? e : "";
    curl_free(e);
    return out;
}

void HttpClient::sleep_for(double seconds) {
    if (seconds <= 0) return;
    stats_.waited_seconds += seconds;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

void HttpClient::wait_turn(const std::string& host) {
    auto it = last_request_.find(host);
    if (it == last_request_.end()) return;
    double since = std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second).count();
    sleep_for(options_.delay_seconds - since);
}

std::string HttpClient::get(const std::string& url,
                            const std::function<std::string(const std::string&)>& validate) {
    CURL* curl = static_cast<CURL*>(curl_);
    const std::string host = host_of(url);
    double backoff = options_.backoff_seconds;
    std::string last_problem;
    int retry_after_waits = 0;
    for (int attempt = 0; attempt <= options_.max_retries; ++attempt) {
        wait_turn(host);
        BodySink sink;
        sink.limit = options_.max_body_bytes;
        std::string& body = sink.body;
        char error[CURL_ERROR_SIZE] = {0};
        curl_easy_reset(curl);
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
        curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate, decoded by libcurl
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout * 1000));
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout * 1000));
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
        ++stats_.requests;
        CURLcode rc = curl_easy_perform(curl);
        last_request_[host] = std::chrono::steady_clock::now();

        double wait = 0;
        if (sink.too_long)
            throw HttpGiveUp("the response from " + host + " is longer than " +
                             std::to_string(options_.max_body_bytes >> 20) + " MiB; not a page this tool can use");
        if (rc != CURLE_OK) {
            last_problem = std::string("network error: ") + (error[0] ? error : curl_easy_strerror(rc));
        } else {
            long status = 0;
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
            if (status >= 200 && status < 300) {
                std::string invalid = validate ? validate(body) : std::string();
                if (invalid.empty()) return body;
                last_problem = invalid;
            } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw HttpClientError(status, "HTTP " + std::to_string(status) + " from " + host +
                                                  (body.empty() ? "" : ": " + excerpt(body)));
            } else {
                last_problem = "HTTP " + std::to_string(status) + " from " + host;
                curl_off_t retry_after = -1;
                if ((status == 503 || status == 429) &&
                    curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
                    retry_after >= 0) {
                    // The server said exactly how long to wait; that is not a
                    // failure, so it does not use up a retry.
                    double told = static_cast<double>(retry_after);
                    if (++retry_after_waits > kMaxRetryAfterWaits)
                        throw HttpGiveUp(last_problem + " still asks to retry later after " +
                                         std::to_string(kMaxRetryAfterWaits) + " waits");
                    if (told > options_.max_retry_after)
                        throw HttpGiveUp(last_problem + " asks to retry after " +
                                         std::to_string(retry_after) + " s, more than the " +
                                         std::to_string(static_cast<long>(options_.max_retry_after)) +
                                         " s limit");
                    if (log_) log_(last_problem + ": Retry-After " + std::to_string(retry_after) + " s");
                    sleep_for(std::max(told, 0.0));
                    last_request_.erase(host);  // the wait replaces the politeness delay
                    --attempt;
                    continue;
                }
            }
        }
        if (attempt == options_.max_retries) break;
        ++stats_.retries;
        jitter_state_ = jitter_state_ * 1103515245u + 12345u;
        double jitter = 0.75 + 0.5 * ((jitter_state_ >> 8) % 1000) / 1000.0;  // ±25 %
        wait = std::min(backoff * jitter, options_.max_backoff_seconds);
        if (log_) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.1f", wait);
            log_(last_problem + "; retry " + std::to_string(attempt + 1) + "/" +
                 std::to_string(options_.max_retries) + " in " + buf + " s");
        }
        sleep_for(wait);
        backoff *= 2;
    }
    throw HttpGiveUp(last_problem + " (gave up after " + std::to_string(options_.max_retries + 1) +
                     " attempts)");
}

}  // namespace arxiv
