// End-to-end: `arxiv-query serve` against hostile or careless HTTP clients,
// through raw sockets on 127.0.0.1: pipelining, oversized request lines,
// headers and bodies, bad percent-escapes, path traversal, slow-loris
// connections, idle keep-alive connections, out-of-range numbers and
// exceptions. After each the server must still be up and answer a normal
// query, within a bounded memory. Timing bounds are generous (an order of
// magnitude or more above a normal answer's few milliseconds).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_util.h"
#include "serve_util.h"

using namespace e2e;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string get(const std::string& target, bool close = true, const std::string& headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + (close ? "Connection: close\r\n" : "") +
           "\r\n";
}

std::string post(const std::string& target, const std::string& body, bool close = true,
                 const std::string& headers = "Content-Type: application/x-www-form-urlencoded\r\n") {
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n" + (close ? "Connection: close\r\n" : "") +
           "\r\n" + body;
}

// Sends `request` on a new connection (from another thread, so a server
// that answers before reading it all cannot deadlock the test) and returns
// the first response.
Reply roundtrip(const ServeProcess& server, const std::string& request) {
    RawConn c(server.port());
    REQUIRE(c.ok());
    std::thread sender([&] { c.send(request); });
    auto replies = c.read_replies(1);
    sender.join();
    REQUIRE(replies.size() == 1);
    return replies[0];
}

std::unique_ptr<Feed> feed_of(const Reply& r) { return parse_feed(r.status, r.header("content-type"), r.body); }

// The server still answers an ordinary query correctly.
bool serves_normally(const ServeProcess& server) {
    auto c = server.client();
    auto r = c.Get("/api/query?search_query=ti:origami");
    return r && r->status == 200 && r->body.find("http://arxiv.org/abs/2503.00010") != std::string::npos;
}

std::string gzip(const std::string& data) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, data.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string chunked(const std::string& data, size_t chunk = 65536) {
    std::string out;
    char size[32];
    for (size_t at = 0; at < data.size(); at += chunk) {
        size_t n = std::min(chunk, data.size() - at);
        std::snprintf(size, sizeof size, "%zx\r\n", n);
        out += size + data.substr(at, n) + "\r\n";
    }
    return out + "0\r\n\r\n";
}

// Sends `prefix` at once, then trickles `bytes` one at a time, every `gap`,
// until the server answers or closes; returns what it answered and how
// long that took. `connected` counts clients that have started.
struct Trickled {
    std::string answer;
    double seconds = 0;
};
Trickled trickle(int port, const std::string& prefix, const std::string& bytes, std::chrono::milliseconds gap,
                 std::atomic<int>* connected = nullptr) {
    RawConn c(port);
    auto start = Clock::now();
    Trickled t;
    bool sending = c.send(prefix);
    if (connected) ++*connected;
    for (size_t i = 0; sending && i < bytes.size(); ++i) {
        if (!c.send(std::string(1, bytes[i]))) break;
        // The gap is the client's pace, not a wait for the server; an
        // answer ends it early.
        std::vector<Reply> early = c.read_replies(1, gap);
        if (!early.empty()) {
            t.answer = "HTTP/1.1 " + std::to_string(early[0].status) + " " + early[0].body;
            t.seconds = seconds_since(start);
            return t;
        }
    }
    auto replies = c.read_replies(1, 60s);
    t.seconds = seconds_since(start);
    if (!replies.empty()) t.answer = "HTTP/1.1 " + std::to_string(replies[0].status) + " " + replies[0].body;
    return t;
}

}  // namespace

TEST_CASE("serve hostile: pipelined requests are all answered in order", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    RawConn c(server.port());
    REQUIRE(c.ok());
    // Four requests in one write, one of them a POST with a body, and a GET
    // whose (ignored) body must not be taken for the next request.
    const std::string batch = get("/search?q=ti:origami&format=jsonl", false) +
                              get("/api/query?search_query=au:schutze", false) +
                              "GET /search?q=ti:zeppelin HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
                              post("/api/query", "id_list=2501.00004", false) +
                              get("/search?q=ti:origami+cache&syntax=arxiv&limit=10", true);
    REQUIRE(c.send(batch));
    auto replies = c.read_replies(5);
    REQUIRE(replies.size() == 5);
    for (const auto& r : replies) CHECK(r.status == 200);
    CHECK(json::parse(replies[0].body)["id"] == "2503.00010");
    CHECK(feed_of(replies[1])->ids == Ids{"2501.00001"});
    CHECK(json::parse(replies[2].body)["total"] == 0);
    CHECK(feed_of(replies[3])->ids == Ids{"2501.00004"});
    CHECK(json::parse(replies[4].body)["total"] == 7);
    CHECK(replies[4].header("connection") == "close");
    CHECK(c.closed_within(10s));

    // The same batch written one byte at a time is the same conversation.
    RawConn slow(server.port());
    for (char ch : batch) REQUIRE(slow.send(std::string(1, ch)));
    auto again = slow.read_replies(5);
    REQUIRE(again.size() == 5);
    for (size_t i = 0; i < again.size(); ++i) CHECK(again[i].body == replies[i].body);

    // A connection serves at most 100 requests, then says so and closes.
    RawConn many(server.port());
    std::string hundred_and_one;
    for (int i = 0; i < 101; ++i) hundred_and_one += get("/search?q=ti:origami&format=jsonl", false);
    std::thread sender([&] { many.send(hundred_and_one); });
    auto answered = many.read_replies(101, 30s);
    sender.join();
    REQUIRE(answered.size() == 100);
    CHECK(answered[0].header("keep-alive") == "timeout=5, max=100");
    CHECK(answered[99].header("connection") == "close");
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: GET /api/query up to 64 KiB is answered, longer request lines get 414",
          "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    // "GET " + target + " HTTP/1.1\r\n" is 15 bytes besides the target.
    // Request lines are 8 KiB at most, but a GET of /api/query may have
    // 64 KiB (query/serve/http_server.h), for long id_lists.
    const std::string base = "/api/query?search_query=ti:origami&pad=";
    auto target_of = [&](size_t size) { return base + std::string(size - base.size(), 'x'); };
    for (size_t size : {size_t{8177}, size_t{8178}, size_t{8191}, size_t{8192}, size_t{8193}, size_t{16384},
                        size_t{65536 - 15}}) {
        INFO("target of " << size << " bytes");
        Reply r = roundtrip(server, get(target_of(size)));
        CHECK(r.status == 200);
        CHECK(feed_of(r)->ids == Ids{"2503.00010"});
    }
    // One byte over 64 KiB, and 70,000 bytes: arXiv's error feed.
    for (size_t size : {size_t{65536 - 14}, size_t{70000}}) {
        INFO("target of " << size << " bytes");
        Reply over = roundtrip(server, get(target_of(size)));
        CHECK(over.header("connection") == "close");
        auto f = feed_of(over);
        check_error(*f, "the request line is longer than 64 KiB", 414);
        CHECK(text(f->entries[0], kAtom, "summary").find("split it into several requests") != std::string::npos);
    }

    // On one connection: a long GET between two short ones (pipelined, and
    // in absolute form, with a Content-Encoding that has no body to undo).
    RawConn c(server.port());
    REQUIRE(c.ok());
    const std::string batch = get("/api/query?id_list=2501.00004", false) +
                              get("http://export.arxiv.org" + target_of(20000), false,
                                  "Content-Encoding: gzip\r\nExpect: 100-continue\r\n") +
                              get("/search?q=ti:origami&format=jsonl", true);
    std::thread sender([&] { c.send(batch); });
    auto replies = c.read_replies(3);
    sender.join();
    REQUIRE(replies.size() == 3);
    CHECK(feed_of(replies[0])->ids == Ids{"2501.00004"});
    CHECK(feed_of(replies[1])->ids == Ids{"2503.00010"});
    CHECK(json::parse(replies[2].body)["id"] == "2503.00010");

    // id_list of 1,000 and 5,000 ids (URL-encoded commas: 13 bytes an id),
    // by GET as the Python arxiv package sends them, and by POST.
    for (int n : {1000, 5000}) {
        INFO(n << " ids");
        std::string ids = "2501.00004%2C2503.00010";
        for (int i = 2; i < n; ++i) ids += "%2C2412." + std::to_string(10000 + i);
        const std::string query = "search_query=&id_list=" + ids + "&sortBy=relevance&sortOrder=descending&start=0&max_results=100";
        Reply by_get = roundtrip(server, get("/api/query?" + query));
        CHECK(feed_of(by_get)->ids == Ids{"2501.00004", "2503.00010"});
        Reply by_post = roundtrip(server, post("/api/query", query));
        CHECK(feed_of(by_post)->ids == Ids{"2501.00004", "2503.00010"});
    }

    // Other long request lines stay at 8 KiB: /search, HEAD,
    // a POST's URL (its form goes in the body).
    Reply search = roundtrip(server, get("/search?q=" + std::string(9000, 'a')));
    CHECK(search.status == 414);
    CHECK(json::parse(search.body)["error"] == "the request line is longer than 8 KiB");
    Reply head = roundtrip(server, "HEAD " + target_of(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(head.status == 414);
    check_error(*feed_of(roundtrip(server, post(target_of(9000), "max_results=1"))),
                "the request line is longer than 8 KiB", 414);
    // A long GET with a (meaningless) body: the body is read and ignored,
    // never taken for the next request.
    RawConn with_body(server.port());
    REQUIRE(with_body.ok());
    REQUIRE(with_body.send("GET " + target_of(9000) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" +
                           get("/search?q=ti:origami&format=jsonl")));
    auto two = with_body.read_replies(2);
    REQUIRE(two.size() == 2);
    CHECK(feed_of(two[0])->ids == Ids{"2503.00010"});
    CHECK(json::parse(two[1].body)["id"] == "2503.00010");

    // 10 MB of target: refused after the first 64 KiB, not read into memory.
    auto start = Clock::now();
    Reply huge = roundtrip(server, get("/api/query?id_list=" + std::string(10'000'000, '1')));
    CHECK(huge.status == 414);
    CHECK(seconds_since(start) < 10);
    // A request line that never ends is the same.
    Reply endless = roundtrip(server, "GET /search?q=" + std::string(10'000'000, 'a'));
    CHECK(endless.status == 414);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
    // The log shows each long GET as the GET it was: the eight answered above.
    int answered_gets = 0;
    std::istringstream log(server.log());
    for (std::string line; std::getline(log, line);)
        answered_gets += line.find(" GET /api/query?search_query=ti:origami&pad=xxx") != std::string::npos &&
                         line.find("... 200 1 ") != std::string::npos;
    CHECK(answered_gets == 8);
}

TEST_CASE("serve hostile: oversized headers get 431", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    // One header line of 8192 bytes with its CRLF is the most the server takes.
    std::string line = "X-Pad: ";
    line += std::string(8192 - line.size() - 2, 'p') + "\r\n";
    Reply ok = roundtrip(server, get("/search?q=ti:origami", true, line));
    CHECK(ok.status == 200);
    Reply long_line = roundtrip(server, get("/search?q=ti:origami", true, "X-Pad: p" + line));
    CHECK(long_line.status == 431);
    CHECK(json::parse(long_line.body)["error"] == "a header line is longer than 8 KiB");
    // Many small headers: 16 KiB for the whole head.
    std::string many;
    for (int i = 0; i < 3000; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
    Reply too_many = roundtrip(server, get("/api/query?search_query=ti:origami", true, many));
    check_error(*feed_of(too_many), "the request headers are larger than 16 KiB", 431);
    // 10 MB of one header line that never ends.
    Reply endless = roundtrip(server, "GET /search?q=a HTTP/1.1\r\nX-Pad: " + std::string(10'000'000, 'p'));
    CHECK(endless.status == 431);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: POST bodies up to 64 KiB are read and larger ones get 413", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    auto c = server.client();
    // An id_list of 1,200 ids (13 KiB): more than a request line may hold.
    std::string ids = "id_list=2501.00004";
    for (int i = 0; i < 1200; ++i) ids += ",2501.00004";
    auto long_form = c.Post("/api/query", ids, "application/x-www-form-urlencoded");
    REQUIRE(long_form);
    CHECK(parse_feed(long_form)->ids == Ids{"2501.00004"});

    // 8 KiB, 64 KiB less one, exactly 64 KiB, and one byte more; with a
    // Content-Length and chunked.
    auto form_of = [](size_t size) {
        std::string form = "search_query=ti:origami&pad=";
        return form + std::string(size - form.size(), 'x');
    };
    for (size_t size : {size_t{8 * 1024}, size_t{64 * 1024 - 1}, size_t{64 * 1024}}) {
        INFO("form of " << size << " bytes");
        Reply at_limit = roundtrip(server, post("/api/query", form_of(size)));
        CHECK(at_limit.status == 200);
        CHECK(feed_of(at_limit)->ids == Ids{"2503.00010"});
        Reply in_chunks = roundtrip(server, "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                            "Connection: close\r\n\r\n" + chunked(form_of(size), 5000));
        CHECK(feed_of(in_chunks)->ids == Ids{"2503.00010"});
    }
    Reply over = roundtrip(server, post("/api/query", form_of(64 * 1024 + 1)));
    check_error(*feed_of(over), "the request body is larger than 64 KiB", 413);
    CHECK(over.header("connection") == "close");
    check_error(*feed_of(roundtrip(server, "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                               chunked(form_of(64 * 1024 + 1), 5000))),
                "the request body is larger than 64 KiB", 413);
    // Without a length the body would be read as the next request: 411.
    Reply unsized = roundtrip(server, "POST /api/query HTTP/1.1\r\nHost: x\r\n\r\n" + form_of(8 * 1024));
    check_error(*feed_of(unsized), "a POST needs a Content-Length", 411);
    CHECK(unsized.header("connection") == "close");

    // 10 MB bodies: with a length (refused before reading), chunked (cut
    // off at 64 KiB), and gzip-compressed to 10 KB (cut off at 64 KiB
    // inflated), and a client that waits for 100-continue.
    const std::string big(10'000'000, 'a');
    check_error(*feed_of(roundtrip(server, post("/api/query", "id_list=" + big))), "larger than 64 KiB", 413);
    Reply chunks = roundtrip(server, "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                    "Content-Type: application/x-www-form-urlencoded\r\n\r\n" +
                                        chunked("id_list=" + big));
    check_error(*feed_of(chunks), "larger than 64 KiB", 413);
    std::string bomb = gzip("search_query=" + big);
    REQUIRE(bomb.size() < 64 * 1024);
    Reply inflated = roundtrip(server, post("/api/query", bomb, true,
                                           "Content-Type: application/x-www-form-urlencoded\r\n"
                                           "Content-Encoding: gzip\r\n"));
    check_error(*feed_of(inflated), "larger than 64 KiB", 413);
    Reply expect = roundtrip(server, "POST /api/query HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
                                    "Expect: 100-continue\r\n\r\n");
    CHECK(expect.status == 413);
    // A small compressed form is fine.
    Reply small = roundtrip(server, post("/api/query", gzip("search_query=ti:origami"), true,
                                        "Content-Type: application/x-www-form-urlencoded\r\n"
                                        "Content-Encoding: gzip\r\n"));
    CHECK(feed_of(small)->ids == Ids{"2503.00010"});

    // What the server does not take.
    Reply put = roundtrip(server, "PUT /api/query HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    CHECK(put.status == 405);
    CHECK(put.header("allow") == "GET, HEAD, POST");
    // What a client told to use this server as its https proxy sends.
    Reply tunnel = roundtrip(server, "CONNECT export.arxiv.org:443 HTTP/1.1\r\nHost: export.arxiv.org:443\r\n\r\n");
    CHECK(tunnel.status == 405);
    CHECK(tunnel.body.find("this server is not a proxy") != std::string::npos);
    CHECK(roundtrip(server, "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n").status == 501);
    CHECK(roundtrip(server, "POST /api/query HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n").status == 400);
    Reply multipart = roundtrip(server, post("/api/query", "--b\r\n\r\n--b--\r\n", true,
                                            "Content-Type: multipart/form-data; boundary=b\r\n"));
    check_error(*feed_of(multipart), "application/x-www-form-urlencoded", 415);
    CHECK(roundtrip(server, post("/nowhere", "a=b")).status == 404);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: bad percent-escapes and path traversal", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    auto c = server.client();
    // Malformed or hostile escapes: an answer (a feed or an error), always
    // well-formed XML or JSON, never a crash.
    for (const char* target :
         {"/api/query?search_query=ti:%zz", "/api/query?search_query=%", "/api/query?search_query=ti:%u12",
          "/api/query?search_query=ti:%00origami", "/api/query?search_query=ti:%FF%FE",
          "/api/query?search_query=ti:%uD800", "/api/query?id_list=%FF", "/api/query?id_list=%2C%2C%2C",
          "/api/query?search_query=%22%22%22", "/api/query?start=%2D1", "/api/query?%=%&%%=%%"}) {
        INFO(target);
        auto r = c.Get(target);
        REQUIRE(r);
        CHECK((r->status == 200 || r->status == 400));
        parse_feed(r);
    }
    for (const char* target : {"/search?q=%FF%FE", "/search?q=%", "/search?q=%00", "/search?q=ti:%C3%28",
                               "/search?q=%uDFFF", "/search?%=%&q=a", "/search?q=a&limit=%FF"}) {
        INFO(target);
        auto r = c.Get(target);
        REQUIRE(r);
        CHECK((r->status == 200 || r->status == 400));
        CHECK(json::accept(r->body));
    }
    // There are no files to serve: every traversal is a 404.
    for (const char* target :
         {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/api/../../../etc/passwd",
          "//etc/passwd", "/api/query/../../etc/passwd", "/%2e%2e%5c%2e%2e%5cetc%5cpasswd", "/search/../../etc/passwd",
          "http://127.0.0.1/../../etc/passwd", "/..;/..;/etc/passwd", "/%c0%ae%c0%ae/etc/passwd"}) {
        INFO(target);
        Reply r = roundtrip(server, get(target));
        CHECK(r.status == 404);
        CHECK(r.body.find("root:") == std::string::npos);
    }
    // Control bytes in a target: not a request target HTTP allows (400), and
    // escaped in the log, not written raw.
    Reply escaped = roundtrip(server, get("/search?q=ti:origami&x=\x1b[31mred\x07"));
    CHECK(escaped.status == 400);
    CHECK(json::parse(escaped.body)["error"].get<std::string>().find("could not be parsed") != std::string::npos);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
    CHECK(server.log().find("\x1b") == std::string::npos);
    CHECK(server.log().find("\\x1b[31mred\\x07") != std::string::npos);
}

TEST_CASE("serve hostile: Range headers are ignored rather than multiplied", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    const std::string target = "/api/query?search_query=cat:cs.*&max_results=20";
    Reply plain = roundtrip(server, get(target));
    REQUIRE(plain.status == 200);
    // 500 ranges of the whole answer: a server that honoured them naively
    // would send 500 copies (cpp-httplib did).
    std::string ranges = "Range: bytes=0-";
    for (int i = 0; i < 499; ++i) ranges += ",0-";
    for (const std::string& range : {ranges + "\r\n", std::string("range: bytes=5-10\r\n")}) {
        Reply r = roundtrip(server, get(target, true, range));
        CHECK(r.status == 200);
        CHECK(r.body.size() == plain.body.size());
        CHECK(feed_of(r)->total == 9);
    }
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: slow clients are cut off and do not hold up others", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db(), {"--request-timeout", "1.5", "--threads", "2"});
    // Eight slow-loris connections trickling headers at 10 bytes a second.
    std::vector<Trickled> slow(8);
    std::vector<std::thread> lorises;
    std::string head = "GET /search?q=ti:origami HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 's');
    for (auto& t : slow)
        lorises.emplace_back([&server, &t, &head] { t = trickle(server.port(), "", head, 100ms); });
    // And one trickling a POST body.
    Trickled slow_body;
    lorises.emplace_back([&] {
        slow_body = trickle(server.port(), "POST /api/query HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n",
                            std::string(100, 'b'), 100ms);
    });
    // Meanwhile ordinary clients are answered as usual.
    double slowest = 0;
    for (int i = 0; i < 10; ++i) {
        auto start = Clock::now();
        CHECK(serves_normally(server));
        slowest = std::max(slowest, seconds_since(start));
    }
    CHECK(slowest < 2.0);
    for (auto& t : lorises) t.join();
    for (const Trickled& t : slow) {
        INFO(t.answer);
        CHECK(t.answer.rfind("HTTP/1.1 408 ", 0) == 0);
        CHECK(t.answer.find("did not arrive within 1.5 s") != std::string::npos);
        CHECK(t.seconds > 1.0);
        CHECK(t.seconds < 15.0);
    }
    INFO(slow_body.answer);
    CHECK(slow_body.answer.rfind("HTTP/1.1 408 ", 0) == 0);
    CHECK(slow_body.answer.find("arXiv api core") != std::string::npos);  // the Atom error form
    CHECK(slow_body.seconds < 15.0);
    // A connection that never sends anything is closed too.
    RawConn silent(server.port());
    CHECK(silent.closed_within(30s));
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: idle keep-alive connections give way to new clients", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db(), {"--max-connections", "4", "--keep-alive", "60", "--request-timeout", "3"});
    // Four keep-alive clients that asked once and went quiet, plus four
    // connections that never said anything: all eight threads' worth idle.
    std::vector<std::unique_ptr<RawConn>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<RawConn>(server.port()));
        REQUIRE(idle.back()->send(get("/search?q=ti:origami", false)));
        REQUIRE(idle.back()->read_replies(1).size() == 1);
    }
    for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<RawConn>(server.port()));
    // The silent ones wait for a thread, so the idle keep-alive connections
    // are closed to make room (not after the 60 s keep-alive).
    for (int i = 0; i < 4; ++i) CHECK(idle[i]->closed_within(5s));
    // A new client is answered within seconds: a silent connection gives
    // way once its 1 s grace to send a first request is over (later clients
    // find the thread it freed).
    for (int i = 0; i < 3; ++i) {
        auto start = Clock::now();
        CHECK(serves_normally(server));
        CHECK(seconds_since(start) < 5.0);
    }
    int closed = 0;
    for (int i = 4; i < 8; ++i) closed += idle[i]->closed_within(100ms) ? 1 : 0;
    CHECK(closed >= 1);
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: 200 idle keep-alive clients and a new one", "[e2e][serve][hostile]") {
    // Far more open keep-alive connections than searches run at once.
    ServeProcess server(shared_db(), {"--keep-alive", "60", "--threads", "2"});
    std::vector<std::unique_ptr<RawConn>> idle;
    for (int i = 0; i < 200; ++i) {
        idle.push_back(std::make_unique<RawConn>(server.port()));
        REQUIRE(idle.back()->send(get("/search?q=ti:origami&format=jsonl", false)));
    }
    for (auto& c : idle) REQUIRE(c->read_replies(1).size() == 1);
    // All 200 stay connected, one thread each, and a newcomer is not kept waiting.
    auto start = Clock::now();
    CHECK(serves_normally(server));
    CHECK(seconds_since(start) < 2.0);
    // And each of them can still ask again on its open connection.
    for (auto& c : idle) REQUIRE(c->send(get("/search?q=ti:origami&format=jsonl", false)));
    int answered = 0;
    for (auto& c : idle) answered += c->read_replies(1).size() == 1 ? 1 : 0;
    CHECK(answered == 200);
    INFO("VmHWM " << server.status_kib("VmHWM") << " KiB");
    CHECK(server.status_kib("VmHWM") < 256 * 1024 * kSanitizerMemoryFactor);
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: out-of-range numbers", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    // Past the end (2^32 once wrapped round to the first page): an empty
    // page that says where it starts, with the right total.
    for (const char* start : {"4294967296", "4294967295", "2147483648", "999999999999"}) {
        INFO(start);
        auto f = api(server, std::string("search_query=cat:cs.*&start=") + start);
        CHECK(f->status == 200);
        CHECK(f->entries.empty());
        CHECK(f->total == 9);
        CHECK(text(f->feed, kOpenSearch, "startIndex") == start);
    }
    check_error(*api(server, "start=9999999999999"), "start is too large");
    check_error(*api(server, "max_results=4294967296"), "max_results must not exceed 30000");
    check_error(*api(server, "max_results=18446744073709551616"), "max_results is too large");
    check_error(*api(server, "start=%2B5"), "start must be an integer");
    check_error(*api(server, "start=0x10"), "start must be an integer");
    check_error(*api(server, "start=1e3"), "start must be an integer");
    auto c = server.client();
    auto far = c.Get("/search?q=cat:cs.*&offset=4294967296");
    REQUIRE(far);
    json j = json::parse(far->body);
    CHECK(j["offset"] == 4294967296ull);
    CHECK(j["total"] == 9);
    CHECK(j["results"].empty());
    auto huge_limit = c.Get("/search?q=cat:cs.*&limit=4294967296");
    REQUIRE(huge_limit);
    CHECK(json::parse(huge_limit->body)["results"].size() == 9);  // cut to --max-results
    auto bad = c.Get("/search?q=a&offset=18446744073709551616");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["error"] == "offset is too large");
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: an exception in a handler is a 500 in the endpoint's format", "[e2e][serve][hostile]") {
    // ARXIV_SERVE_TEST_FAULTS=routes: `__fault=std|other` makes a handler throw.
    ServeProcess server(shared_db(), {}, {"ARXIV_SERVE_TEST_FAULTS=routes"});
    auto c = server.client();
    auto atom = parse_feed(c.Get("/api/query?search_query=ti:origami&__fault=std"));
    check_error(*atom, "internal error: injected fault", 500);
    auto posted = parse_feed(c.Post("/api/query?__fault=other", "id_list=2501.00004", "application/x-www-form-urlencoded"));
    check_error(*posted, "internal error: unknown exception", 500);
    auto search = c.Get("/search?q=a&__fault=std");
    REQUIRE(search);
    CHECK(search->status == 500);
    CHECK(json::parse(search->body)["error"] == "internal error: injected fault");
    // Whatever the query code does with a date it cannot represent, the
    // server answers (an error) and stays up.
    auto date = c.Get("/search?q=date:99999999999d");
    REQUIRE(date);
    CHECK((date->status == 400 || date->status == 500));
    CHECK(json::accept(date->body));
    auto range = c.Get("/api/query?search_query=submittedDate:%5B99999999999999+TO+999999999999999%5D");
    REQUIRE(range);
    CHECK((range->status == 400 || range->status == 500));
    parse_feed(range);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
    // One log line per failed request, with what was thrown.
    CHECK(server.log().find("/api/query?search_query=ti:origami&__fault=std 500 - ") != std::string::npos);
    CHECK(server.log().find(" internal: injected fault\n") != std::string::npos);
}

TEST_CASE("serve hostile: an exception in main is exit code 70 and not an abort", "[e2e][serve][hostile]") {
    Result r = run("ARXIV_SERVE_TEST_FAULTS=startup " + quote(query_bin()) + " --db " + quote(shared_db()) +
                   " serve --listen 127.0.0.1:0");
    CHECK(r.code == 70);
    CHECK(r.err == "arxiv-query-serve: error: internal: injected fault at startup (a bug; please report it)\n");
}

TEST_CASE("serve hostile: memory stays bounded under oversized requests", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db());
    REQUIRE(serves_normally(server));
    const long before = server.status_kib("VmHWM");
    REQUIRE(before > 0);
    // Eight clients at once, each sending 10 MB four ways: a request line,
    // a header, a chunked body and a body with a length. Buffering any of
    // them would take 80 MB or more.
    const std::string big(10'000'000, 'a');
    std::vector<std::string> requests = {
        "GET /api/query?id_list=" + big,
        "GET /search?q=a HTTP/1.1\r\nX-Big: " + big,
        "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(big),
        post("/search", big),
    };
    std::vector<std::thread> clients;
    std::atomic<int> answered{0};
    for (int i = 0; i < 8; ++i) {
        clients.emplace_back([&, i] {
            for (size_t k = 0; k < requests.size(); ++k) {
                RawConn c(server.port());
                std::thread sender([&] { c.send(requests[(k + i) % requests.size()]); });
                if (!c.read_replies(1).empty()) ++answered;
                sender.join();
            }
        });
    }
    for (auto& t : clients) t.join();
    CHECK(answered == 32);
    const long after = server.status_kib("VmHWM");
    INFO("VmHWM before " << before << " KiB, after " << after << " KiB");
    CHECK(after - before < 64 * 1024);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve hostile: SIGTERM with connections open still stops promptly", "[e2e][serve][hostile]") {
    ServeProcess server(shared_db(), {"--keep-alive", "600", "--request-timeout", "600"});
    std::vector<std::unique_ptr<RawConn>> open;
    for (int i = 0; i < 5; ++i) open.push_back(std::make_unique<RawConn>(server.port()));  // silent
    for (int i = 0; i < 5; ++i) {  // mid-request
        open.push_back(std::make_unique<RawConn>(server.port()));
        open.back()->send("GET /search?q=a HTTP/1.1\r\n");
    }
    REQUIRE(serves_normally(server));
    auto start = Clock::now();
    CHECK(server.stop() == 0);  // -1 if still running after 10 s
    CHECK(seconds_since(start) < 10);
}
