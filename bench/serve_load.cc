// arxiv-bench-serve-load: concurrent keep-alive clients against a running
// `arxiv-query serve` on loopback, each sending the same request one after
// another (closed loop, optionally with a pause between requests), and the
// latency of every request. Every client connects and is answered once
// before the clock starts, so all of them hold an open keep-alive connection
// throughout, as the `arxiv` Python package does. bench/serve_load.sh starts
// the server and runs this.
//
// With --think-ms, client N of C first waits N/C of the pause, so the
// clients are spread over it rather than all asking at the same instants.
//
// Usage: arxiv-bench-serve-load --port P [--host 127.0.0.1] [--clients 64]
//          [--requests 100] [--think-ms 0] [--target /search?q=...] [--distinct]
// --distinct makes every request's target unique (an extra parameter the
// server ignores, `nocache=CLIENT-N`), so none is answered from the
// server's cache of identical requests: each one is searched.
// Output: one JSON object (counts, requests sent again after the server
// closed an idle connection under them, p50/p90/p99/max in ms, requests per
// second). Exit status 1 when any request failed (not a 200), 2 on usage.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace {

using Clock = std::chrono::steady_clock;
namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

// One keep-alive HTTP/1.1 connection (Boost.Beast, blocking): GET returns the
// status, or -1 when the connection failed (it is then reopened by the next
// request).
class KeepAliveClient {
public:
    KeepAliveClient(std::string host, int port) : host_(std::move(host)), port_(port) {}

    int get(const std::string& target) {
        boost::system::error_code ec;
        if (!socket_.is_open()) {
            tcp::resolver resolver(ioc_);
            auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
            if (ec) return -1;
            net::connect(socket_, endpoints, ec);
            if (ec) return fail();
            socket_.set_option(tcp::no_delay(true), ec);
        }
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, host_ + ":" + std::to_string(port_));
        http::write(socket_, req, ec);
        if (ec) return fail();
        http::response_parser<http::string_body> parser;
        parser.body_limit(1u << 30);
        http::read(socket_, buffer_, parser, ec);
        if (ec) return fail();
        const int status = static_cast<int>(parser.get().result_int());
        if (!parser.get().keep_alive()) close();
        return status;
    }

private:
    int fail() {
        close();
        return -1;
    }
    void close() {
        boost::system::error_code ec;
        socket_.close(ec);
        buffer_.clear();
    }

    std::string host_;
    int port_;
    net::io_context ioc_;
    tcp::socket socket_{ioc_};
    boost::beast::flat_buffer buffer_;
};

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    int clients = 64;
    int requests = 100;
    int think_ms = 0;
    std::string target = "/search?q=%22large+language+model%22&limit=10";
    bool distinct = false;
};

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--distinct") {
            o.distinct = true;
            continue;
        }
        if (i + 1 >= argc) return false;
        std::string v = argv[++i];
        if (a == "--host") o.host = v;
        else if (a == "--port") o.port = std::atoi(v.c_str());
        else if (a == "--clients") o.clients = std::atoi(v.c_str());
        else if (a == "--requests") o.requests = std::atoi(v.c_str());
        else if (a == "--think-ms") o.think_ms = std::atoi(v.c_str());
        else if (a == "--target") o.target = v;
        else return false;
    }
    return o.port > 0 && o.port < 65536 && o.clients >= 1 && o.clients <= 1024 && o.requests >= 1 &&
           o.requests <= 100000 && o.think_ms >= 0 && o.think_ms <= 60000 && !o.target.empty() &&
           o.target[0] == '/';
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(rank, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::cerr << "usage: arxiv-bench-serve-load --port P [--host 127.0.0.1] [--clients 1..1024] "
                     "[--requests 1..100000] [--think-ms 0..60000] [--target /path?query] [--distinct]\n";
        return 2;
    }
    // A load generator: never pointed anywhere but this machine.
    if (o.host != "127.0.0.1" && o.host != "::1" && o.host != "localhost") {
        std::cerr << "arxiv-bench-serve-load: error: --host must be a loopback address\n";
        return 2;
    }

    std::vector<std::vector<double>> latencies(static_cast<size_t>(o.clients));
    std::atomic<int> ready{0}, failures{0}, resent{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int c = 0; c < o.clients; ++c) {
        threads.emplace_back([&, c] {
            KeepAliveClient cli(o.host, o.port);
            const char sep = o.target.find('?') == std::string::npos ? '?' : '&';
            auto target_for = [&](int r) {
                return o.distinct ? o.target + sep + "nocache=" + std::to_string(c) + "-" + std::to_string(r)
                                  : o.target;
            };
            if (cli.get(target_for(-1)) != 200) ++failures;  // connects; the connection stays open
            ++ready;
            while (!go) std::this_thread::yield();
            // Independent clients are not in step: with a pause between
            // requests, each starts at its own point of the first pause.
            if (o.think_ms) std::this_thread::sleep_for(std::chrono::milliseconds(o.think_ms) * c / o.clients);
            auto& mine = latencies[static_cast<size_t>(c)];
            for (int r = 0; r < o.requests; ++r) {
                auto t0 = Clock::now();
                int status = cli.get(target_for(r));
                // An idle keep-alive connection the server closed (to make
                // room for a new connection, or after 100 requests) just as
                // the request went out: sent again on a new one, as
                // requests/urllib3 and the arxiv package do.
                if (status < 0) {
                    ++resent;
                    status = cli.get(target_for(r));
                }
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (status != 200) ++failures;
                if (o.think_ms) std::this_thread::sleep_for(std::chrono::milliseconds(o.think_ms));
            }
        });
    }
    while (ready < o.clients) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto start = Clock::now();
    go = true;
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    std::printf(
        "{\"clients\": %d, \"requests\": %zu, \"failures\": %d, \"resent\": %d, \"think_ms\": %d, \"distinct\": %s, \"p50_ms\": %.2f, "
        "\"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f, \"seconds\": %.2f, \"requests_per_second\": %.0f}\n",
        o.clients, all.size(), failures.load(), resent.load(), o.think_ms, o.distinct ? "true" : "false", percentile(all, 50), percentile(all, 90),
        percentile(all, 99), all.empty() ? 0.0 : all.back(), seconds, static_cast<double>(all.size()) / seconds);
    return failures == 0 ? 0 : 1;
}
