// ApiServer: the routes of arxiv-query-serve on the HTTP layer
// (query/serve/http_server), the errors it answers in each endpoint's own
// format, the response cache and the request log. The endpoints are
// arxiv_api (/api/query), search_api (/search) and page_endpoint (/).
#include "query/serve/server.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "common/util/dates.h"
#include "query/serve/arxiv_api.h"
#include "query/serve/html.h"
#include "query/serve/http_server.h"
#include "query/serve/page.h"
#include "query/serve/page_endpoint.h"
#include "query/serve/response_cache.h"
#include "query/serve/search_api.h"
#include "query/serve/search_service.h"

namespace arxiv {
namespace {

// Log-safe form of client-sent text: control bytes escaped, cut to `max`.
std::string loggable(std::string_view text, std::size_t max = 300) {
    std::string out;
    for (unsigned char c : text.substr(0, max)) {
        if (c < 0x20 || c == 0x7f || c == '\\') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (text.size() > max) out += "...";
    return out;
}

// One request log line: time client method target status results ms [note].
std::string log_line(const HttpLogEntry& e) {
    char ms[32] = "-";
    if (e.ms >= 0) std::snprintf(ms, sizeof ms, "%.1fms", e.ms);
    return format_utc(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ") + " " + e.client + " " + loggable(e.method, 32) +
           " " + loggable(e.target) + " " + std::to_string(e.status) + " " +
           (e.results >= 0 ? std::to_string(e.results) : std::string("-")) + " " + ms +
           (e.note.empty() ? std::string() : " " + loggable(e.note)) + "\n";
}

// An error in the format of the endpoint `target` names: arXiv's error feed
// for /api/query, JSON for /search, the page's HTML for /, plain text
// elsewhere.
ApiResponse error_reply(const std::string& target, int status, std::string message, const std::string& base_url) {
    const std::string route = route_of(target);
    if (route == "/api/query") {
        if (status == 414)
            message += "; a longer id_list goes in a POST form body (also 64 KiB), or split it into several requests";
        return arxiv_api_error(base_url, status, message);
    }
    if (route == "/search") return search_api_error(status, message, status == 414 ? "shorten q" : "");
    if (route == "/" || route.empty()) return search_page_error(status, message);
    return {status, "text/plain; charset=utf-8", message + "\n", -1};
}

// Links in the feed point back to where the client reached us. Only a
// plausible host[:port] is trusted; anything else falls back to the
// listening address.
std::string base_url_for(const HttpRequest& req, const std::string& fallback) {
    std::string host = req.header("Host");
    if (host.empty() || host.size() > 255 ||
        host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
            std::string::npos)
        return fallback;
    return "http://" + host;
}

// Test-only (ARXIV_SERVE_TEST_FAULTS): `__fault=std` makes a handler throw
// a std::exception, `__fault=other` something else, to test the last-resort
// handling without depending on a real bug; `__fault=hold&__seconds=N`
// keeps its worker N seconds (at most 30), as a search that long would, to
// test what the server does while every worker is taken.
void maybe_fault(bool enabled, const ApiParams& params) {
    if (!enabled) return;
    const std::string kind = param(params, "__fault");
    if (kind == "std") throw std::runtime_error("injected fault");
    if (kind == "other") throw 42;
    if (kind == "hold") {
        std::uint64_t seconds = 1;
        read_count(params, "__seconds", 1, seconds);
        seconds = std::min<std::uint64_t>(seconds, 30);
        std::cerr << "arxiv-query serve: test fault: holding a worker " + std::to_string(seconds) + " s\n"
                  << std::flush;
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
    }
}

HttpLimits limits_of(const ServeOptions& o) {
    using std::chrono::milliseconds;
    HttpLimits l;
    l.max_connections = o.max_connections;
    l.max_connections_per_client = o.max_connections_per_client;
    l.request_timeout = milliseconds(static_cast<long>(o.request_timeout * 1000));
    l.keep_alive_timeout = milliseconds(static_cast<long>(o.keep_alive_timeout * 1000));
    l.keep_alive_max = o.keep_alive_max;
    l.workers = o.threads;
    // A request waits for a worker as long as it may take to arrive.
    l.queue_wait = l.request_timeout;
    // An id_list of ~5,000 ids fits in a GET, as in a POST form.
    l.max_long_get = l.max_body;
    return l;
}

}  // namespace

bool parse_listen_address(std::string_view text, std::string& host, int& port, std::string& error) {
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            error = "expected [IPv6]:PORT";
            return false;
        }
        host = std::string(text.substr(1, close - 1));
        port_text = text.substr(close + 2);
    } else {
        size_t colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            error = "expected HOST:PORT, e.g. 127.0.0.1:8080";
            return false;
        }
        host = std::string(text.substr(0, colon));
        if (host.find(':') != std::string::npos) {
            error = "write an IPv6 address in brackets: [::1]:8080";
            return false;
        }
        port_text = text.substr(colon + 1);
    }
    if (host.empty()) host = "127.0.0.1";
    if (port_text.empty() || port_text.size() > 5 ||
        port_text.find_first_not_of("0123456789") != std::string_view::npos) {
        error = "the port must be a number from 0 to 65535";
        return false;
    }
    port = std::stoi(std::string(port_text));
    if (port > 65535) {
        error = "the port must be a number from 0 to 65535";
        return false;
    }
    return true;
}

struct ApiServer::Impl {
    SearchService service;
    ResponseCache cache;  // identical searches at one index revision run once
    HttpServer http;
    int bound_port = 0;

    Impl(std::string db_path, ServeOptions options, HttpHandlers handlers)
        : service(db_path, options), cache(db_path), http(limits_of(options), std::move(handlers)) {}

    const ServeOptions& options() const { return service.options(); }

    std::string fallback_base() const {
        std::string host = options().host;
        if (host.find(':') != std::string::npos) host = "[" + host + "]";
        return "http://" + host + ":" + std::to_string(bound_port);
    }

    // An endpoint's answer through the cache (query/serve/response_cache.h).
    ApiResponse cached(const std::string& route, const std::string& base_url, const ApiParams& params,
                       const std::function<ApiResponse()>& endpoint) {
        return cache.get(ResponseCache::key_of(route, base_url, params), service.search_wait(), endpoint);
    }
};

ApiServer::ApiServer(std::string db_path, ServeOptions options) {
    if (options.max_results == 0) options.max_results = 1;
    if (options.threads == 0) options.threads = 1;
    HttpHandlers handlers;
    handlers.answer = [this](const HttpRequest& req) { return answer(req); };
    handlers.answer_at_once = [this](const HttpRequest& req) { return answer_at_once(req); };
    handlers.error = [this](const std::string& target, int status, const std::string& message) {
        return error_reply(target, status, message, impl_->fallback_base());
    };
    handlers.long_get_allowed = [](std::string_view target) { return route_of(target) == "/api/query"; };
    handlers.log = [](const HttpLogEntry& e) { std::cerr << log_line(e) << std::flush; };
    impl_ = std::make_unique<Impl>(db_path, std::move(options), std::move(handlers));
}

ApiServer::~ApiServer() = default;

std::optional<ApiResponse> ApiServer::answer_at_once(const HttpRequest& req) {
    Impl& impl = *impl_;
    const std::string& route = req.route;
    if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
    if (route.rfind("/static/", 0) == 0) {
        const PageAsset* asset = page_asset(route.substr(8));
        if (!asset) return ApiResponse{404, "text/plain; charset=utf-8", "not found\n", -1};
        ApiResponse r(200, asset->content_type, std::string(asset->body), -1);
        r.headers = {{"Cache-Control", "max-age=3600"}, {"X-Content-Type-Options", "nosniff"}};
        return r;
    }
    // A search answered before, at this revision of the index: no worker
    // needed (about half the time of a request that goes through one).
    if (route != "/api/query" && route != "/search") return std::nullopt;
    const ApiParams params = parse_query_string(req.query);
    if (impl.options().fault_routes && params.count("__fault")) return std::nullopt;
    const std::string base = route == "/api/query" ? base_url_for(req, impl.fallback_base()) : "";
    return impl.cache.find(ResponseCache::key_of(route, base, params));
}

ApiResponse ApiServer::answer(const HttpRequest& req) {
    Impl& impl = *impl_;
    const std::string& route = req.route;
    const bool get = req.method == "GET" || req.method == "HEAD";
    if (route.rfind("/static/", 0) == 0 && get) return *answer_at_once(req);
    ApiParams params = parse_query_string(req.query);
    if (route == "/api/query") {
        maybe_fault(impl.options().fault_routes, params);
        if (req.method == "POST") {
            // arXiv takes a POST form for long id lists; the parameters in
            // the URL count too.
            const std::string type = req.header("Content-Type");
            if (!type.empty() && type.rfind("application/x-www-form-urlencoded", 0) != 0)
                return error_reply(route, 415,
                                   "Content-Type " + type.substr(0, 100) +
                                       " is not supported; send the form as application/x-www-form-urlencoded",
                                   impl.fallback_base());
            for (auto& [name, value] : parse_query_string(req.body)) params.emplace(name, value);
        }
        const std::string base = base_url_for(req, impl.fallback_base());
        return impl.cached("/api/query", base, params,
                           [&] { return arxiv_api_query(impl.service, params, base); });
    }
    if (route == "/search" && get) {
        maybe_fault(impl.options().fault_routes, params);
        return impl.cached("/search", "", params, [&] { return search_api(impl.service, params); });
    }
    if ((route == "/" || route.empty()) && get) {
        maybe_fault(impl.options().fault_routes, params);
        return search_page(impl.service, params);
    }
    return error_reply(route, 404, "not found; the endpoints are / (the search page), /api/query and /search",
                       impl.fallback_base());
}

ApiResponse ApiServer::api_query(const ApiParams& params, const std::string& base_url) {
    return arxiv_api_query(impl_->service, params, base_url);
}

ApiResponse ApiServer::search(const ApiParams& params) { return search_api(impl_->service, params); }

ApiResponse ApiServer::page(const ApiParams& params) { return search_page(impl_->service, params); }

int ApiServer::bind() {
    const ServeOptions& o = impl_->options();
    impl_->bound_port = impl_->http.bind(o.host, o.port);
    return impl_->bound_port;
}

bool ApiServer::run() { return impl_->http.run(); }

void ApiServer::stop() { impl_->http.stop(); }

}  // namespace arxiv
