// Shared by the serve end-to-end tests (test_serve.cc, test_serve_hostile.cc,
// test_serve_page.cc): a server process on a free 127.0.0.1 port, an Atom
// reader that goes by namespace URIs, a raw-socket client for what a
// well-behaved HTTP client will not send (pipelining, trickled bytes,
// oversized requests), and a plain one-request-per-connection client on it.
#pragma once

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_util.h"
#include "process.h"

namespace e2e {

inline constexpr const char* kAtom = "http://www.w3.org/2005/Atom";
inline constexpr const char* kOpenSearch = "http://a9.com/-/spec/opensearch/1.1/";
inline constexpr const char* kArxiv = "http://arxiv.org/schemas/atom";

// variants.jsonl (ten daily-arxiv records, month-only dates, no versions)
// plus atom_feed.xml (three API entries with versions, DOIs, journal refs).
inline std::string build_index(const std::string& path) {
    Result r = index(path, "add " + quote(fixture("e2e/variants.jsonl")) + " " + quote(fixture("atom_feed.xml")));
    if (r.code != 0) throw std::runtime_error("indexing fixtures failed: " + r.err);
    return path;
}

inline const std::string& shared_db() {
    static TempDir dir;
    static std::string db = build_index(dir / "db");
    return db;
}

// One `arxiv-query serve` process for one test case. Port 0 lets the kernel
// pick a free port; the server prints the one it got.
// Under AddressSanitizer (scripts/sanitize.sh) every allocation has red
// zones and freed memory sits in a quarantine, so memory bounds are scaled.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr long kSanitizerMemoryFactor = 4;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr long kSanitizerMemoryFactor = 4;
#else
inline constexpr long kSanitizerMemoryFactor = 1;
#endif
#else
inline constexpr long kSanitizerMemoryFactor = 1;
#endif

class ServeProcess {
public:
    // `env`: "NAME=value" settings for the server process.
    ServeProcess(const std::string& db, const std::vector<std::string>& extra = {},
                 const std::vector<std::string>& env = {})
        : log_(dir_ / "serve.log"), process_(args(db, extra), "/dev/null", log_, "/dev/null", env) {
        const std::string marker = "listening on http://127.0.0.1:";
        REQUIRE(poll_until([&] { return slurp(log_).find(marker) != std::string::npos || !process_.running(); },
                           std::chrono::seconds(30)));
        std::string text = slurp(log_);
        size_t at = text.find(marker);
        if (at == std::string::npos) throw std::runtime_error("arxiv-query serve did not start: " + text);
        port_ = std::stoi(text.substr(at + marker.size()));
    }

    int port() const { return port_; }
    pid_t pid() const { return process_.pid(); }
    bool running() { return process_.running(); }
    // A field of /proc/PID/status in KiB (VmRSS, VmHWM), -1 if unknown.
    long status_kib(const std::string& field) const {
        std::ifstream in("/proc/" + std::to_string(process_.pid()) + "/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
        return -1;
    }
    // A client that sends targets exactly as written, like clients that
    // encode themselves (defined below).
    class HttpClient client() const;
    std::string log() const { return slurp(log_); }

    // Sends `sig` and returns the exit code (-1 if a signal ended it or it
    // still ran 30 s later; it is then killed).
    int stop(int sig = SIGTERM) {
        if (!process_.running()) return -1;
        process_.signal(sig);
        if (!poll_until([&] { return !process_.running(); }, std::chrono::seconds(30))) {
            process_.signal(SIGKILL);
            process_.wait();
            return -1;
        }
        int code = process_.wait();
        return code >= 128 ? -1 : code;
    }

private:
    static std::vector<std::string> args(const std::string& db, const std::vector<std::string>& extra) {
        std::vector<std::string> a = {query_bin(), "--db", db, "serve", "--listen", "127.0.0.1:0"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }

    TempDir dir_;
    std::string log_;
    Process process_;
    int port_ = 0;
};

// ---- Namespace-aware reading (real feeds put xmlns on any element) --------

inline std::string ns_of(pugi::xml_node n) {
    std::string name = n.name();
    size_t colon = name.find(':');
    std::string attr = colon == std::string::npos ? "xmlns" : "xmlns:" + name.substr(0, colon);
    for (pugi::xml_node p = n; p; p = p.parent())
        if (pugi::xml_attribute a = p.attribute(attr.c_str())) return a.value();
    return "";
}

inline std::string local_name(pugi::xml_node n) {
    std::string name = n.name();
    size_t colon = name.find(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
}

inline std::vector<pugi::xml_node> children(pugi::xml_node n, const char* ns, const char* local) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c : n.children())
        if (c.type() == pugi::node_element && local_name(c) == local && ns_of(c) == ns) out.push_back(c);
    return out;
}

inline pugi::xml_node child(pugi::xml_node n, const char* ns, const char* local) {
    auto all = children(n, ns, local);
    return all.empty() ? pugi::xml_node() : all.front();
}

inline std::string text(pugi::xml_node n, const char* ns, const char* local) {
    return child(n, ns, local).text().get();
}

struct Feed {
    int status = 0;
    std::string content_type, body;
    pugi::xml_document doc;
    pugi::xml_node feed;
    long total = -1;
    std::vector<pugi::xml_node> entries;
    std::vector<std::string> ids;  // entry ids without the http://arxiv.org/abs/ prefix
};

inline std::unique_ptr<Feed> parse_feed(int status, const std::string& content_type, const std::string& body) {
    auto f = std::make_unique<Feed>();
    f->status = status;
    f->content_type = content_type;
    f->body = body;
    INFO(body);
    REQUIRE(f->doc.load_string(body.c_str()));
    f->feed = f->doc.document_element();
    REQUIRE(local_name(f->feed) == "feed");
    REQUIRE(ns_of(f->feed) == kAtom);
    f->total = std::stol(text(f->feed, kOpenSearch, "totalResults"));
    f->entries = children(f->feed, kAtom, "entry");
    for (pugi::xml_node e : f->entries) {
        std::string id = text(e, kAtom, "id");
        const std::string prefix = "http://arxiv.org/abs/";
        f->ids.push_back(id.rfind(prefix, 0) == 0 ? id.substr(prefix.size()) : id);
    }
    return f;
}


using Ids = std::vector<std::string>;
inline Ids sorted(Ids v) {
    std::sort(v.begin(), v.end());
    return v;
}

// An arXiv error feed: HTTP 400 (or `status`), one entry titled Error, id
// under /api/errors.
inline void check_error(const Feed& f, const std::string& summary_part, int status = 400) {
    INFO(f.body);
    CHECK(f.status == status);
    CHECK(f.total == 1);
    REQUIRE(f.entries.size() == 1);
    pugi::xml_node e = f.entries[0];
    CHECK(text(e, kAtom, "title") == "Error");
    CHECK(text(e, kAtom, "id").rfind("http://arxiv.org/api/errors#", 0) == 0);
    CHECK(text(e, kAtom, "summary").find(summary_part) != std::string::npos);
    CHECK(text(child(e, kAtom, "author"), kAtom, "name") == "arXiv api core");
}

// ---- A raw HTTP/1.1 client -----------------------------------------------------

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
    // Any spelling of the name.
    std::string get_header_value(std::string name) const {
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return header(name);
    }
};

// Responses in `data`, framed by Content-Length (all the server sends).
inline std::vector<Reply> parse_replies(const std::string& data) {
    std::vector<Reply> out;
    size_t at = 0;
    while (at < data.size()) {
        size_t end = data.find("\r\n\r\n", at);
        if (end == std::string::npos) break;
        Reply r;
        std::string head = data.substr(at, end - at);
        if (head.rfind("HTTP/1.1 ", 0) != 0) break;
        r.status = std::stoi(head.substr(9, 3));
        size_t line = head.find("\r\n");
        while (line != std::string::npos) {
            size_t next = head.find("\r\n", line + 2);
            std::string h = head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
            size_t colon = h.find(':');
            if (colon != std::string::npos) {
                std::string name = h.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                r.headers[name] = h.substr(h.find_first_not_of(' ', colon + 1));
            }
            line = next;
        }
        size_t length = std::stoul(r.header("content-length").empty() ? "0" : r.header("content-length"));
        at = end + 4;
        if (at + length > data.size()) break;
        r.body = data.substr(at, length);
        at += length;
        out.push_back(std::move(r));
    }
    return out;
}

// One TCP connection to the server, sending exactly the bytes given.
class RawConn {
public:
    explicit RawConn(int port) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~RawConn() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawConn(const RawConn&) = delete;
    bool ok() const { return fd_ >= 0; }

    // False once the server has closed or reset the connection.
    bool send(std::string_view data) {
        while (!data.empty()) {
            ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }
    // Everything until the server closes the connection (or `timeout`).
    std::string read_to_close(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        return read_until([](const std::string&) { return false; }, timeout);
    }
    // Until `count` whole responses have arrived (or close, or `timeout`).
    std::vector<Reply> read_replies(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        return parse_replies(
            read_until([count](const std::string& d) { return parse_replies(d).size() >= count; }, timeout));
    }
    // True when the server closed the connection within `timeout`.
    bool closed_within(std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        char buf[4096];
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) > 0) {
                ssize_t n = recv(fd_, buf, sizeof buf, 0);
                if (n <= 0) return true;
            }
        }
        return false;
    }

private:
    template <class Done>
    std::string read_until(Done done, std::chrono::milliseconds timeout) {
        std::string data;
        auto deadline = std::chrono::steady_clock::now() + timeout;
        char buf[65536];
        while (!done(data)) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
            ssize_t n = recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;
            data.append(buf, static_cast<size_t>(n));
        }
        return data;
    }

    int fd_ = -1;
};

// One request per connection, as a plain HTTP/1.1 client sends it (Host,
// Connection: close); the answer, or nothing when none came within 30 s.
// With proxy_form(), targets go out in absolute form
// ("GET http://127.0.0.1:PORT/api/query?... HTTP/1.1"), as clients told to
// use the server as their HTTP proxy send them (axios via http_proxy).
using HttpResult = std::optional<Reply>;
class HttpClient {
public:
    explicit HttpClient(int port) : port_(port) {}
    void proxy_form(bool on = true) { proxy_form_ = on; }

    HttpResult Get(const std::string& target) { return send("GET", target, "", ""); }
    HttpResult Post(const std::string& target, const std::string& body, const std::string& content_type) {
        return send("POST", target, body, content_type);
    }

private:
    HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                    const std::string& content_type) {
        const std::string authority = "127.0.0.1:" + std::to_string(port_);
        std::string request = method + " " + (proxy_form_ ? "http://" + authority : "") + target +
                              " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n";
        if (method == "POST")
            request += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
        request += "\r\n" + body;
        RawConn c(port_);
        if (!c.ok()) return std::nullopt;
        std::thread sender([&] { c.send(request); });
        auto replies = c.read_replies(1);
        sender.join();
        if (replies.empty()) return std::nullopt;
        return replies[0];
    }

    int port_;
    bool proxy_form_ = false;
};

inline HttpClient ServeProcess::client() const { return HttpClient(port_); }

inline std::unique_ptr<Feed> parse_feed(const HttpResult& res) {
    REQUIRE(res);
    return parse_feed(res->status, res->get_header_value("Content-Type"), res->body);
}

inline std::unique_ptr<Feed> api(const ServeProcess& s, const std::string& params) {
    auto c = s.client();
    return parse_feed(c.Get("/api/query?" + params));
}

}  // namespace e2e
