// End-to-end: `arxiv-query serve` under the attacks a public HTTP server
// meets, each bounded in connections and time and on 127.0.0.1 only:
//  - slow senders ("slowloris") that reconnect as soon as they are cut off,
//    many more than the server takes at once;
//  - clients that send requests for large answers and never read them;
//  - the framing primitives of request smuggling;
//  - a newcomer when every connection is being served (503), per address too.
// The checks are on what is answered and in which order, and on memory;
// none on how fast.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_util.h"
#include "serve_util.h"

using namespace e2e;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// The attacks open hundreds of sockets: the soft limit on open files goes
// up to the hard one (often 1024 by default).
std::size_t raise_fd_limit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur == RLIM_INFINITY ? SIZE_MAX : static_cast<std::size_t>(limit.rlim_cur);
}

int connect_nonblocking(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Many connections driven from one thread, as one attacker with many
// sockets would: each sends `first` when it connects, then one byte of
// `trickle` every `gap`, and never reads. With `reconnect`, a connection
// the server closes is opened again at once.
class Swarm {
public:
    Swarm(int port, std::size_t count, std::string first, std::string trickle, std::chrono::milliseconds gap,
          bool reconnect)
        : port_(port), first_(std::move(first)), trickle_(std::move(trickle)), gap_(gap), reconnect_(reconnect),
          peers_(count) {}
    ~Swarm() { stop(); }

    void start() {
        thread_ = std::thread([this] { loop(); });
    }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        for (Peer& p : peers_)
            if (p.fd >= 0) ::close(p.fd);
        peers_.clear();
    }
    std::size_t connects() const { return connects_; }
    std::size_t cut_off() const { return cut_off_; }  // connections the server closed
    std::size_t open() const { return open_; }

private:
    struct Peer {
        int fd = -1;
        std::size_t sent = 0;  // bytes of trickle_
        bool first_sent = false;
    };

    void open_peer(Peer& p) {
        p = Peer{};
        p.fd = connect_nonblocking(port_);
        if (p.fd >= 0) ++connects_;
    }

    // A socket the server closed (or reset): reading it says so.
    static bool closed_by_server(int fd) {
        pollfd q{fd, POLLIN, 0};
        if (poll(&q, 1, 0) <= 0) return false;
        if (q.revents & (POLLHUP | POLLERR)) return true;
        char buf[4096];
        ssize_t n = recv(fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    }

    void loop() {
        for (Peer& p : peers_) open_peer(p);
        while (!stop_) {
            std::size_t open = 0;
            for (Peer& p : peers_) {
                if (stop_) break;
                if (p.fd >= 0 && closed_by_server(p.fd)) {
                    ::close(p.fd);
                    p.fd = -1;
                    ++cut_off_;
                    if (reconnect_) open_peer(p);
                }
                if (p.fd < 0) continue;
                ++open;
                if (!p.first_sent) {
                    if (first_.empty() || ::send(p.fd, first_.data(), first_.size(), MSG_NOSIGNAL | MSG_DONTWAIT) ==
                                              static_cast<ssize_t>(first_.size()))
                        p.first_sent = true;
                    continue;
                }
                if (p.sent < trickle_.size() &&
                    ::send(p.fd, trickle_.data() + p.sent, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
                    ++p.sent;
            }
            open_ = open;
            std::this_thread::sleep_for(gap_);  // the attacker's own pace
        }
    }

    int port_;
    std::string first_, trickle_;
    std::chrono::milliseconds gap_;
    bool reconnect_;
    std::vector<Peer> peers_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> connects_{0}, cut_off_{0}, open_{0};
};

bool serves_normally(const ServeProcess& server) {
    auto c = server.client();
    auto r = c.Get("/api/query?search_query=ti:origami");
    return r && r->status == 200 && r->body.find("http://arxiv.org/abs/2503.00010") != std::string::npos;
}

// The first answer to a GET of `target` on a new connection (status 0 when
// none came).
Reply answer_on_new_connection(const ServeProcess& server, const std::string& target) {
    RawConn c(server.port());
    c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    auto replies = c.read_replies(1, 10s);
    return replies.empty() ? Reply{} : replies[0];
}

std::size_t count_in_log(const ServeProcess& server, const std::string& needle) {
    const std::string log = server.log();
    std::size_t n = 0;
    for (size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("serve attacks: slow senders that reconnect do not shut out other clients", "[e2e][serve][attack]") {
    const std::size_t files = raise_fd_limit();
    if (files < 1000) SUCCEED("only " << files << " open files allowed: the attack is scaled down");
    const std::size_t attackers = std::min<std::size_t>(600, files > 200 ? files - 200 : 0);
    REQUIRE(attackers >= 100);
    // 600 trickling connections (each a header line that never ends), more
    // than twice the 256 the server takes at once, reconnecting as soon as
    // they are cut off: each new one pushes out the one that has waited
    // longest, so a real client — whose request arrives at once — always
    // finds room, however the attackers churn.
    ServeProcess server(shared_db(), {"--max-connections", "256", "--request-timeout", "10"});
    Swarm swarm(server.port(), attackers, "GET /search?q=a HTTP/1.1\r\nHost: x\r\nX-Slow: ",
                std::string(100000, 's'), 50ms, true);
    swarm.start();
    REQUIRE(poll_until([&] { return swarm.connects() > attackers && swarm.cut_off() > 0; }, 60s));
    int answered = 0;
    for (int i = 0; i < 20; ++i) answered += serves_normally(server) ? 1 : 0;
    CHECK(answered == 20);
    const std::size_t cut = swarm.cut_off();
    swarm.stop();
    INFO("attacker connections " << cut << " cut off");
    CHECK(cut > 0);
    CHECK(serves_normally(server));
    CHECK(count_in_log(server, " 503 ") == 0);
    CHECK(server.stop() == 0);
}

TEST_CASE("serve attacks: clients that never read their answers are bounded in memory and slots",
          "[e2e][serve][attack]") {
    raise_fd_limit();
    ServeProcess server(sample_db(), {"--max-results", "2000"});
    const std::string big = "/search?q=cat:cs.*&limit=2000";
    auto answers_small = [&] {
        auto c = server.client();
        auto r = c.Get("/search?q=cat:cs.*&limit=1&format=jsonl");
        return r && r->status == 200 && r->body.find("\"id\"") != std::string::npos;
    };
    {
        auto c = server.client();
        auto warm = c.Get(big);
        REQUIRE(warm);
        REQUIRE(warm->status == 200);
        REQUIRE(warm->body.size() > 1'000'000);  // each answer is megabytes
    }
    const long baseline = server.status_kib("VmRSS");
    REQUIRE(baseline > 0);
    // 250 clients, each asking for four such answers at once (pipelined)
    // and reading nothing: ~2 GB of answers if the server kept them all.
    std::string four;
    for (int i = 0; i < 4; ++i) four += "GET " + big + " HTTP/1.1\r\nHost: x\r\n\r\n";
    Swarm swarm(server.port(), 250, four, "", 100ms, false);
    swarm.start();
    // Every client got at least its first answer under way.
    REQUIRE(poll_until([&] { return count_in_log(server, " GET " + big + " 200 ") >= 250; }, 120s));
    // Meanwhile others are served.
    CHECK(answers_small());
    const long peak = server.status_kib("VmHWM");
    INFO("VmRSS before " << baseline << " KiB, peak " << peak << " KiB");
    // Answers held for clients of one address: 64 MiB (the server's bound),
    // plus what the workers are building and the allocator's slack.
    CHECK(peak - baseline < 256 * 1024 * kSanitizerMemoryFactor);
    swarm.stop();
    // Once they are gone, the memory goes back to the system.
    const bool returned = poll_until(
        [&] { return server.status_kib("VmRSS") - baseline < 64 * 1024 * kSanitizerMemoryFactor; }, 30s);
    INFO("VmRSS after " << server.status_kib("VmRSS") << " KiB");
    CHECK(returned);
    CHECK(answers_small());
    CHECK(server.stop() == 0);
}

TEST_CASE("serve attacks: request smuggling primitives get 400 and end the connection", "[e2e][serve][attack]") {
    ServeProcess server(shared_db());
    // Each request is followed by a second one on the same connection: a
    // server that read the first one's end differently from a proxy in
    // front of it would answer the second (the smuggled one).
    const std::string smuggled = "GET /search?q=ti:zeppelin HTTP/1.1\r\nHost: x\r\n\r\n";
    struct Case {
        const char* name;
        std::string request;
        int status;
    };
    const std::vector<Case> cases = {
        {"space before the colon",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400},
        {"Content-Length and Transfer-Encoding",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400},
        {"Transfer-Encoding and Content-Length",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
         400},
        {"a Transfer-Encoding other than chunked",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\nid_list=", 400},
        {"two Transfer-Encodings",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400},
        {"chunked, then something else",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 501},
        {"two different Content-Lengths",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nabc", 400},
        {"a Content-Length that is not a number",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", 400},
        {"no Host", "GET /search?q=ti:origami HTTP/1.1\r\n\r\n", 400},
        {"two Hosts", "GET /search?q=ti:origami HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"bare LF line ends", "GET /search?q=ti:origami HTTP/1.1\nHost: x\n\n", 400},
        {"a NUL in a header value",
         std::string("GET /search?q=ti:origami HTTP/1.1\r\nHost: x\r\nX-A: a") + '\0' + "b\r\n\r\n", 400},
        {"a bad chunk size",
         "POST /api/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nid_list=\r\n0\r\n\r\n", 400},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        RawConn conn(server.port());
        REQUIRE(conn.ok());
        conn.send(c.request + smuggled);
        std::string data = conn.read_to_close(20s);  // the server closes after its one answer
        auto replies = parse_replies(data);
        REQUIRE(replies.size() == 1);
        CHECK(replies[0].status == c.status);
        CHECK(replies[0].header("connection") == "close");
        CHECK(data.find("zeppelin") == std::string::npos);
    }
    // HTTP/1.0 has no Host requirement.
    RawConn old(server.port());
    old.send("GET /search?q=ti:origami&format=jsonl HTTP/1.0\r\n\r\n");
    auto replies = old.read_replies(1);
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].status == 200);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
}

TEST_CASE("serve attacks: a newcomer gets 503 only when every connection is being answered",
          "[e2e][serve][attack]") {
    // ARXIV_SERVE_TEST_FAULTS=routes: __fault=hold keeps a worker as a long
    // search would.
    ServeProcess server(shared_db(), {"--max-connections", "2", "--threads", "2"}, {"ARXIV_SERVE_TEST_FAULTS=routes"});
    auto hold = [&](RawConn& c) {
        REQUIRE(c.ok());
        REQUIRE(c.send("GET /search?q=a&__fault=hold&__seconds=6 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    };
    RawConn first(server.port()), second(server.port());
    hold(first);
    hold(second);
    // Wait for both to be taken up (the fault says so in the log): until
    // then a third connection would push out one of them, not yet answered.
    REQUIRE(poll_until([&] { return count_in_log(server, "test fault: holding") == 2; }, 30s));
    const Reply refused = answer_on_new_connection(server, "/api/query?search_query=ti:origami");
    // Refused while both searches still ran: neither has answered yet.
    std::vector<Reply> early = first.read_replies(1, 0ms);
    CHECK(early.empty());
    CHECK(refused.status == 503);
    CHECK(refused.header("retry-after") == "1");
    CHECK(refused.body.find("limit of 2 connections") != std::string::npos);
    CHECK(first.read_replies(1, 30s).size() == 1);
    CHECK(second.read_replies(1, 30s).size() == 1);
    CHECK(serves_normally(server));
    CHECK(server.stop() == 0);
    CHECK(server.log().find(" 503 - - connection limit") != std::string::npos);
}

TEST_CASE("serve attacks: one address may hold only its share of connections", "[e2e][serve][attack]") {
    ServeProcess server(shared_db(), {"--max-connections-per-client", "2", "--threads", "2"},
                        {"ARXIV_SERVE_TEST_FAULTS=routes"});
    // Two idle connections of this address: a third takes the place of the
    // older one.
    RawConn idle1(server.port()), idle2(server.port());
    REQUIRE(idle1.send(""));
    REQUIRE(serves_normally(server));
    CHECK(idle1.closed_within(10s));
    // Two being answered: a third is refused with the per-address message.
    RawConn first(server.port()), second(server.port());
    for (RawConn* c : {&first, &second})
        REQUIRE(c->send("GET /search?q=a&__fault=hold&__seconds=6 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    REQUIRE(poll_until([&] { return count_in_log(server, "test fault: holding") == 2; }, 30s));
    const Reply refused = answer_on_new_connection(server, "/search?q=ti:origami");
    CHECK(refused.status == 503);
    CHECK(refused.body.find("connections from one address") != std::string::npos);
    CHECK(first.read_replies(1, 30s).size() == 1);
    CHECK(second.read_replies(1, 30s).size() == 1);
    CHECK(server.stop() == 0);
}
