#include "query/serve/http_guard.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <iostream>
#include <list>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace arxiv {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int ms_until(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count() + 1;
    return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

bool eventfd_take(int fd) {
    std::uint64_t value = 0;
    return ::read(fd, &value, sizeof value) == static_cast<ssize_t>(sizeof value);
}

void eventfd_post(int fd) {
    std::uint64_t one = 1;
    ssize_t ignored = ::write(fd, &one, sizeof one);
    (void)ignored;
}

void close_now(int fd) {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

void socket_address(int fd, bool peer, std::string& ip, int& port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                  : getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    char host[NI_MAXHOST] = "", serv[NI_MAXSERV] = "";
    if (rc != 0 || getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                               NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        ip.clear();
        port = 0;
        return;
    }
    ip = host;
    port = std::atoi(serv);
}

std::string client_of(int fd) {
    std::string ip;
    int port = 0;
    socket_address(fd, true, ip, port);
    return ip.empty() ? std::string("-") : ip + ":" + std::to_string(port);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::string fmt_bytes(std::size_t n) {
    if (n % 1024 == 0) return std::to_string(n / 1024) + " KiB";
    return std::to_string(n) + " bytes";
}

std::string fmt_seconds(milliseconds ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", static_cast<double>(ms.count()) / 1000.0);
    return buf;
}

// ---- Closing with a linger ---------------------------------------------------

// After an error response the client may still be sending (a 10 MB body);
// closing at once would reset the connection and could destroy the response
// before the client reads it. The socket is half-closed and drained here, on
// one thread, until the client closes or a deadline passes.
class Lingerer {
public:
    Lingerer() : wake_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)), thread_([this] { loop(); }) {}
    ~Lingerer() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_ = true;
        }
        eventfd_post(wake_);
        thread_.join();
        for (auto& e : fds_) ::close(e.fd);
        for (auto& e : incoming_) ::close(e.fd);
        ::close(wake_);
    }

    void add(int fd, milliseconds how_long) {
        ::shutdown(fd, SHUT_WR);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!done_ && fds_.size() + incoming_.size() < kMax) {
                incoming_.push_back({fd, Clock::now() + how_long});
                fd = -1;
            }
        }
        if (fd >= 0) close_now(fd);
        else eventfd_post(wake_);
    }

private:
    struct Entry {
        int fd;
        Clock::time_point until;
    };
    static constexpr std::size_t kMax = 128;  // beyond, close at once: file descriptors are finite

    void loop() {
        std::vector<char> sink(64 * 1024);
        std::vector<pollfd> polled;
        for (;;) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (done_) return;
                fds_.insert(fds_.end(), incoming_.begin(), incoming_.end());
                incoming_.clear();
            }
            Clock::time_point next = Clock::now() + std::chrono::seconds(60);
            polled.clear();
            polled.push_back({wake_, POLLIN, 0});
            for (auto& e : fds_) {
                polled.push_back({e.fd, POLLIN, 0});
                next = std::min(next, e.until);
            }
            if (::poll(polled.data(), polled.size(), ms_until(next)) < 0 && errno != EINTR) return;
            if (polled[0].revents) eventfd_take(wake_);
            const auto now = Clock::now();
            std::vector<Entry> keep;
            for (size_t i = 0; i < fds_.size(); ++i) {
                bool finished = now >= fds_[i].until;
                if (!finished && polled[i + 1].revents) {
                    ssize_t n = ::recv(fds_[i].fd, sink.data(), sink.size(), MSG_DONTWAIT);
                    finished = n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
                }
                if (finished) ::close(fds_[i].fd);
                else keep.push_back(fds_[i]);
            }
            fds_.swap(keep);
        }
    }

    int wake_;
    std::mutex mutex_;
    bool done_ = false;
    std::vector<Entry> incoming_;
    std::vector<Entry> fds_;  // the loop's own
    std::thread thread_;
};

}  // namespace

// ---- Shared state --------------------------------------------------------------

struct GuardState {
    HttpLimits limits;
    GuardErrorBody error_body;
    GuardLog log;
    // Written once by shutdown(); stays readable, so every poll sees it.
    int stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    Lingerer lingerer;

    // Connections between requests (or before their first), oldest first.
    // When a new connection finds every thread taken, the oldest idle one is
    // closed to make room (ConnectionQueue::enqueue); when there is none,
    // the next connection to fall idle after a request closes instead
    // (enter_idle).
    struct Idle {
        int fd;
        bool fresh;  // has not sent a request yet
        Clock::time_point since;
        bool evicted = false;
    };
    // A new connection gets this long to send its first request before it
    // counts as idle (so one that connects and sends at once is never cut).
    static constexpr milliseconds kFreshGrace{1000};
    static bool evictable(const Idle& i, Clock::time_point now) {
        return !i.evicted && (!i.fresh || now - i.since >= kFreshGrace);
    }
    std::mutex idle_mutex;
    std::list<Idle> idle;
    class ConnectionQueue;
    ConnectionQueue* queue = nullptr;  // while the server runs

    // Unregisters an idle connection; true when it was evicted meanwhile.
    bool leave_idle(std::list<Idle>::iterator at) {
        std::lock_guard<std::mutex> lock(idle_mutex);
        bool evicted = at->evicted;
        idle.erase(at);
        return evicted;
    }
    // Closes the oldest idle connection's socket (its thread then ends the
    // connection); false when there is none.
    bool evict_oldest() {
        std::lock_guard<std::mutex> lock(idle_mutex);
        const auto now = Clock::now();
        for (Idle& i : idle) {
            if (!evictable(i, now)) continue;
            i.evicted = true;
            ::shutdown(i.fd, SHUT_RDWR);  // wakes its poll; the fd stays open until it leaves
            return true;
        }
        return false;
    }
    bool any_idle() {
        std::lock_guard<std::mutex> lock(idle_mutex);
        const auto now = Clock::now();
        for (const Idle& i : idle)
            if (evictable(i, now)) return true;
        return false;
    }

    ~GuardState() { ::close(stop_fd); }
};

// Registers a connection as idle; false when it should close instead, to
// make room for a waiting one (only after it served a request: a new
// connection gets its turn). Defined with ConnectionQueue.
bool enter_idle(GuardState& st, int fd, std::list<GuardState::Idle>::iterator& at, bool served);
// True when a connection is waiting for a thread that no one is freeing:
// the caller, idle, closes to free its own.
bool make_room(GuardState& st);

namespace {

// ---- One connection's byte stream --------------------------------------------

// cpp-httplib reads and writes a request through this. One buffer for the
// connection's life (pipelined requests stay in it), reads only up to the
// end of the current request (its window), every wait bounded by the
// request's deadline and interrupted by shutdown.
class ConnStream final : public httplib::Stream {
public:
    ConnStream(int fd, GuardState& st) : fd_(fd), st_(st) {}

    enum class Io { Ok, Again, Closed, TimedOut, Stopped, Evicted, Failed };

    // Waits up to `timeout` for the first byte of the next request; gives
    // way (Evicted) when a new connection needs the thread.
    Io wait_for_request(milliseconds timeout) {
        if (buffered() > 0) return Io::Ok;
        std::list<GuardState::Idle>::iterator at;
        if (!enter_idle(st_, fd_, at, served_ > 0)) return Io::Evicted;
        const auto now = Clock::now(), deadline = now + timeout;
        Io r;
        if (served_ == 0 && now + GuardState::kFreshGrace < deadline) {
            // A new connection: after its grace, it gives way too.
            r = wait_readable(now + GuardState::kFreshGrace);
            if (r == Io::TimedOut) r = make_room(st_) ? Io::Evicted : wait_readable(deadline);
        } else {
            r = wait_readable(deadline);
        }
        if (st_.leave_idle(at)) return Io::Evicted;
        return r;
    }

    // A new request: its deadline, and no window yet.
    void begin_request() {
        ++served_;
        read_deadline_ = Clock::now() + st_.limits.request_timeout;
        write_deadline_.reset();
        consumed_ = 0;
        window_ = SIZE_MAX;
        timed_out_ = false;
        is_long_get_ = false;
        long_get_.clear();
    }
    // The request (head and body) is `bytes` long: reads stop there.
    void set_window(std::size_t bytes) { window_ = bytes; }
    // Discards what is left of the window (a body no handler read).
    bool skip_window() {
        while (consumed_ < window_) {
            if (buffered() == 0 && fill() != Io::Ok) return false;
            std::size_t n = std::min(buffered(), window_ - consumed_);
            take(n);
        }
        return true;
    }

    // Bytes received and not yet consumed, for looking at a request head.
    const char* data() const { return buf_.data() + pos_; }
    // Overwrites the header name at `offset` (from data()) with `name`, of
    // the same length.
    void rename_header(std::size_t offset, std::string_view name) {
        buf_.replace(pos_ + offset, name.size(), name);
    }
    // Replaces the first `size` bytes not consumed (a request head) with
    // `bytes`; `long_get` is the target of the GET they were made from.
    void replace_head(std::size_t size, const std::string& bytes, std::string long_get) {
        buf_.replace(pos_, size, bytes);
        long_get_ = std::move(long_get);
        is_long_get_ = true;
    }
    const std::string* long_get() const { return is_long_get_ ? &long_get_ : nullptr; }
    std::size_t buffered() const { return buf_.size() - pos_; }
    // Receives more bytes (waiting until the deadline).
    Io fill() {
        Io r = wait_readable(read_deadline_);
        if (r == Io::TimedOut) timed_out_ = true;
        return r;
    }

    bool timed_out() const { return timed_out_; }
    // Bytes of the current request's window not read yet.
    std::size_t unread_window() const { return window_ == SIZE_MAX ? 0 : window_ - consumed_; }
    bool close_requested = false;

    // ---- httplib::Stream ----
    bool is_readable() const override {
        if (consumed_ >= window_) return false;
        if (buffered() > 0) return true;
        pollfd p{fd_, POLLIN, 0};
        return ::poll(&p, 1, ms_until(read_deadline_)) > 0;
    }
    bool is_writable() const override {
        pollfd p{fd_, POLLOUT, 0};
        return ::poll(&p, 1, write_deadline_ ? ms_until(*write_deadline_) : 0) > 0;
    }
    ssize_t read(char* ptr, size_t size) override {
        if (consumed_ >= window_) return 0;
        size = std::min(size, window_ - consumed_);
        if (buffered() == 0) {
            Io r = fill();
            if (r == Io::Closed) return 0;
            if (r != Io::Ok) return -1;
        }
        std::size_t n = std::min(size, buffered());
        std::memcpy(ptr, data(), n);
        take(n);
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        if (!write_deadline_) write_deadline_ = Clock::now() + st_.limits.write_timeout;
        for (;;) {
            ssize_t n = ::send(fd_, ptr, size, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n >= 0) return n;
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
            int left = ms_until(*write_deadline_);
            if (left == 0) return -1;
            pollfd fds[2] = {{fd_, POLLOUT, 0}, {st_.stop_fd, POLLIN, 0}};
            if (::poll(fds, 2, left) < 0 && errno != EINTR) return -1;
            if (fds[1].revents) return -1;
        }
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        socket_address(fd_, true, ip, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        socket_address(fd_, false, ip, port);
    }
    socket_t socket() const override { return fd_; }

private:
    // Waits for bytes (or the peer closing) and receives them.
    Io wait_readable(Clock::time_point deadline) {
        for (;;) {
            pollfd fds[2] = {{fd_, POLLIN, 0}, {st_.stop_fd, POLLIN, 0}};
            int left = ms_until(deadline);
            if (left == 0) return Io::TimedOut;
            int n = ::poll(fds, 2, left);
            if (n < 0 && errno != EINTR) return Io::Failed;
            if (n <= 0) continue;
            if (fds[1].revents) return Io::Stopped;
            Io r = receive();
            if (r != Io::Again) return r;
        }
    }

    Io receive() {
        char chunk[16 * 1024];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) {
            if (pos_ > 0) {
                buf_.erase(0, pos_);
                pos_ = 0;
            }
            buf_.append(chunk, static_cast<size_t>(n));
            return Io::Ok;
        }
        if (n == 0) return Io::Closed;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return Io::Again;
        return Io::Failed;
    }
    void take(std::size_t n) {
        pos_ += n;
        consumed_ += n;
        if (pos_ == buf_.size()) {
            buf_.clear();
            pos_ = 0;
        }
    }

    int fd_;
    GuardState& st_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::size_t consumed_ = 0, window_ = SIZE_MAX;
    Clock::time_point read_deadline_{};
    std::optional<Clock::time_point> write_deadline_;
    bool timed_out_ = false;
    std::size_t served_ = 0;  // requests begun
    bool is_long_get_ = false;
    std::string long_get_;
};

thread_local ConnStream* tl_conn = nullptr;
thread_local bool tl_reject = false;
thread_local bool tl_gave_way = false;  // the connection closed to make room for another

// ---- Request heads -------------------------------------------------------------

struct Head {
    std::size_t size = 0;       // bytes up to and including the blank line
    std::size_t line_size = 0;  // the request line with its line end
    std::string method, target;
    std::optional<std::uint64_t> content_length;
    std::string transfer_encoding;
};

struct Refusal {
    int status = 0;
    std::string message;
    std::string extra_headers;  // "Name: value\r\n"...
};

// What the request line says so far (possibly cut short).
void read_request_line(std::string_view line, Head& head) {
    line = line.substr(0, line.find_first_of("\r\n"));
    size_t sp = line.find(' ');
    head.method = std::string(line.substr(0, std::min<size_t>(sp, 32)));
    if (sp == std::string_view::npos) return;
    std::string_view rest = line.substr(sp + 1);
    head.target = std::string(rest.substr(0, rest.find(' ')));
}

// The longest request line `head` (its method and target, perhaps cut
// short) may have: kRequestLine, or max_long_get for a GET of a target the
// server takes long.
std::size_t line_limit(const Head& head, const HttpLimits& limits) {
    if (head.method == "GET" && limits.long_get_allowed && limits.long_get_allowed(head.target))
        return std::max(limits.max_long_get, HttpLimits::kRequestLine);
    return HttpLimits::kRequestLine;
}

Refusal line_too_long(std::size_t limit) {
    return Refusal{414, "the request line is longer than " + fmt_bytes(limit), ""};
}

// Reads the head of the next request into the stream's buffer (without
// consuming it) and checks it. Returns nullopt when the connection should
// just be closed (the client went away, or shutdown).
std::optional<Refusal> read_head(ConnStream& strm, const HttpLimits& limits, Head& head) {
    std::size_t scanned = 0, line_start = 0;
    bool request_line = true;
    for (;;) {
        std::string_view buf(strm.data(), strm.buffered());
        while (head.size == 0) {
            size_t nl = buf.find('\n', scanned);
            if (nl == std::string_view::npos) {
                scanned = buf.size();
                break;
            }
            std::string_view line = buf.substr(line_start, nl + 1 - line_start);
            if (request_line) {
                read_request_line(line, head);
                head.line_size = line.size();
                if (const std::size_t limit = line_limit(head, limits); line.size() > limit) return line_too_long(limit);
                request_line = false;
            } else if (line == "\r\n") {
                head.size = nl + 1;
                if (head.size - head.line_size > limits.max_head) break;
            } else if (line.size() > HttpLimits::kHeaderLine) {
                return Refusal{431, "a header line is longer than " + fmt_bytes(HttpLimits::kHeaderLine), ""};
            } else {
                size_t colon = line.find(':');
                if (colon != std::string_view::npos) {
                    std::string_view name = line.substr(0, colon), value = trim_ows(line.substr(colon + 1));
                    if (iequals(name, "Content-Length")) {
                        if (value.empty() || value.size() > 18 ||
                            value.find_first_not_of("0123456789") != std::string_view::npos)
                            return Refusal{400, "Content-Length must be a number of bytes", ""};
                        std::uint64_t n = std::stoull(std::string(value));
                        if (head.content_length && *head.content_length != n)
                            return Refusal{400, "conflicting Content-Length headers", ""};
                        head.content_length = n;
                    } else if (iequals(name, "Transfer-Encoding") && head.transfer_encoding.empty()) {
                        head.transfer_encoding = std::string(value.empty() ? std::string_view("-") : value);
                    } else if (iequals(name, "Range")) {
                        // cpp-httplib would answer each listed range with a
                        // copy of the body: 200 ranges of a 5 MB feed made a
                        // 1 GB answer. Ranges are ignored (as HTTP allows):
                        // the header is renamed before cpp-httplib reads it.
                        strm.rename_header(line_start, "X-Rng");
                    }
                }
            }
            line_start = scanned = nl + 1;
        }
        const Refusal too_big{431, "the request headers are larger than " + fmt_bytes(limits.max_head), ""};
        if (head.size) {
            if (head.size - head.line_size > limits.max_head) return too_big;
            return std::nullopt;
        }
        // No end yet: the line so far, and the header lines so far, must fit.
        if (request_line) {
            if (buf.size() > HttpLimits::kRequestLine) {
                // Its method and the start of its target say how long it may be.
                read_request_line(buf.substr(0, 4096), head);
                if (const std::size_t limit = line_limit(head, limits); buf.size() > limit) return line_too_long(limit);
            }
        } else if (buf.size() - line_start > HttpLimits::kHeaderLine) {
            return Refusal{431, "a header line is longer than " + fmt_bytes(HttpLimits::kHeaderLine), ""};
        } else if (buf.size() - head.line_size > limits.max_head) {
            return too_big;
        }
        switch (strm.fill()) {
        case ConnStream::Io::Ok:
            break;
        case ConnStream::Io::TimedOut:
            return Refusal{408, "the request did not arrive within " + fmt_seconds(limits.request_timeout), ""};
        default:
            head.size = SIZE_MAX;  // closed, failed or stopped: nothing to answer
            return std::nullopt;
        }
    }
}

// What cpp-httplib may read of the request; a refusal when the body cannot
// be accepted.
std::optional<Refusal> frame_body(const Head& head, const HttpLimits& limits, std::size_t& window) {
    if (head.method == "CONNECT")  // what an HTTPS proxy setting sends
        return Refusal{405,
                       "CONNECT is not supported: this server is not a proxy and has no TLS; give the client "
                       "http://HOST:PORT/api/query as its API address (or, over plain http, as its http_proxy)",
                       "Allow: GET, HEAD, POST\r\n"};
    if (head.method != "GET" && head.method != "HEAD" && head.method != "POST" &&
        head.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos && !head.method.empty())
        return Refusal{405, "method " + head.method + " is not allowed; use GET (or POST for /api/query)",
                       "Allow: GET, HEAD, POST\r\n"};
    const bool has_body = head.content_length.value_or(0) > 0 || !head.transfer_encoding.empty();
    if (head.line_size > HttpLimits::kRequestLine && has_body)
        return Refusal{400, "a GET request line over " + fmt_bytes(HttpLimits::kRequestLine) + " cannot come with a body",
                       ""};
    // Without either, the body would be taken for the next request.
    if (head.method == "POST" && !head.content_length && head.transfer_encoding.empty())
        return Refusal{411, "a POST needs a Content-Length (or Transfer-Encoding: chunked) for its form body", ""};
    if (!head.transfer_encoding.empty()) {
        if (!iequals(head.transfer_encoding, "chunked"))
            return Refusal{501, "Transfer-Encoding " + head.transfer_encoding.substr(0, 64) +
                                    " is not supported; send Content-Length or chunked",
                           ""};
        // Chunk sizes and line ends on top of the body.
        window = head.size + limits.max_body + limits.max_body / 2 + 1024;
        return std::nullopt;
    }
    std::uint64_t length = head.content_length.value_or(0);
    if (length > limits.max_body)
        return Refusal{413, "the request body is larger than " + fmt_bytes(limits.max_body), ""};
    window = head.size + static_cast<std::size_t>(length);
    return std::nullopt;
}

// A long GET (line_limit) as cpp-httplib will take it: a POST of the same
// path with the query string as its form body, the other headers kept.
// Empty when the request line has no HTTP version.
std::string long_get_as_post(std::string_view raw, const Head& head) {
    std::string_view line = trim_ows(raw.substr(0, head.line_size));
    std::string_view version = line.substr(line.rfind(' ') + 1);
    if (version.rfind("HTTP/", 0) != 0) return "";
    std::string_view target = head.target;
    const size_t q = target.find('?');
    std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    query = query.substr(0, query.find('#'));
    std::string out = "POST " + std::string(target.substr(0, q)) + " " + std::string(version) + "\r\n";
    std::string_view headers = raw.substr(head.line_size, head.size - head.line_size);
    while (!headers.empty()) {
        std::string_view h = headers.substr(0, headers.find('\n') + 1);
        headers.remove_prefix(h.size());
        if (trim_ows(h).empty()) break;  // the blank line
        std::string_view name = h.substr(0, h.find(':'));
        if (iequals(name, "Content-Length") || iequals(name, "Content-Type") || iequals(name, "Content-Encoding") ||
            iequals(name, "Transfer-Encoding") || iequals(name, "Expect"))
            continue;
        out += h;
    }
    out += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(query.size()) +
           "\r\n\r\n";
    out += query;
    return out;
}

// Reason phrases of the statuses the guard answers itself (cpp-httplib's
// table is not in its installed header).
const char* reason(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

std::string render(int status, const std::string& content_type, const std::string& body,
                   const std::string& extra_headers) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
                      "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n" + extra_headers + "Connection: close\r\n\r\n";
    return out + body;
}

}  // namespace

std::string loggable(std::string_view text, std::size_t max) {
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

// ---- GuardedServer ---------------------------------------------------------------

// Threads for connections, started as needed up to max_connections. A
// connection that finds them all taken closes the oldest idle connection
// and waits for its thread; up to max_connections wait, more while idle
// ones remain to be closed; beyond that a connection is refused with a 503
// on the accepting thread.
class GuardState::ConnectionQueue final : public httplib::TaskQueue {
public:
    explicit ConnectionQueue(std::shared_ptr<GuardState> st) : st_(std::move(st)) { st_->queue = this; }
    ~ConnectionQueue() override { st_->queue = nullptr; }

    void enqueue(std::function<void()> fn) override {
        std::unique_lock<std::mutex> lock(mutex_);
        const std::size_t max = st_->limits.max_connections;
        // Up to `max` may wait for a thread, and more while an idle
        // connection can still be closed to make room for one.
        const std::size_t free_threads = threads_.size() - busy_ + evicting_;
        const std::size_t waiting = jobs_.size() > free_threads ? jobs_.size() - free_threads : 0;
        if (shutdown_ || (threads_.size() == max && waiting >= max && !st_->any_idle())) {
            lock.unlock();
            tl_reject = true;  // process_and_close_socket answers 503 at once
            fn();
            tl_reject = false;
            return;
        }
        jobs_.push_back(std::move(fn));
        if (jobs_.size() <= threads_.size() - busy_ + evicting_) {
            cond_.notify_one();
        } else if (threads_.size() < max && start_thread()) {
        } else if (threads_.empty()) {  // not even one thread could start
            std::function<void()> job = std::move(jobs_.back());
            jobs_.pop_back();
            lock.unlock();
            tl_reject = true;
            job();
            tl_reject = false;
        } else if (st_->evict_oldest()) {
            ++evicting_;
        }
    }

    // See make_room.
    bool claim_room() {
        std::lock_guard<std::mutex> lock(mutex_);
        return claim_room_locked();
    }
    // See enter_idle.
    bool register_idle(int fd, std::list<GuardState::Idle>::iterator& at, bool served) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (served && claim_room_locked()) return false;
        std::lock_guard<std::mutex> idle_lock(st_->idle_mutex);
        at = st_->idle.insert(st_->idle.end(), GuardState::Idle{fd, !served, Clock::now()});
        return true;
    }

    void shutdown() override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            shutdown_ = true;  // from now on enqueue starts no thread
        }
        cond_.notify_all();
        for (auto& t : threads_) t.join();  // each finishes the jobs left, which close at once
    }

private:
    bool claim_room_locked() {
        if (jobs_.size() <= threads_.size() - busy_ + evicting_) return false;
        ++evicting_;
        return true;
    }

    bool start_thread() {
        try {
            threads_.emplace_back([this] { work(); });
            return true;
        } catch (const std::system_error&) {
            return false;  // out of threads: the connection waits for one
        }
    }

    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            cond_.wait(lock, [&] { return shutdown_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // shut down, nothing left
            std::function<void()> job = std::move(jobs_.front());
            jobs_.pop_front();
            ++busy_;
            lock.unlock();
            tl_gave_way = false;
            job();
            lock.lock();
            --busy_;
            if (tl_gave_way && evicting_ > 0) --evicting_;  // the room it made is this thread
        }
    }

    std::shared_ptr<GuardState> st_;
    std::mutex mutex_;
    std::condition_variable cond_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t busy_ = 0;
    std::size_t evicting_ = 0;  // connections closing to make room (threads about to come free)
    bool shutdown_ = false;
};

bool make_room(GuardState& st) { return st.queue && st.queue->claim_room(); }

bool enter_idle(GuardState& st, int fd, std::list<GuardState::Idle>::iterator& at, bool served) {
    if (st.queue) return st.queue->register_idle(fd, at, served);
    std::lock_guard<std::mutex> lock(st.idle_mutex);
    at = st.idle.insert(st.idle.end(), GuardState::Idle{fd, !served, Clock::now()});
    return true;
}

GuardedServer::GuardedServer(HttpLimits limits, GuardErrorBody error_body, GuardLog log)
    : state_(std::make_shared<GuardState>()) {
    state_->limits = limits;
    state_->error_body = std::move(error_body);
    state_->log = std::move(log);
    if (state_->limits.max_connections == 0) state_->limits.max_connections = 1;
    if (state_->limits.keep_alive_max == 0) state_->limits.keep_alive_max = 1;
    auto st = state_;
    new_task_queue = [st] { return new GuardState::ConnectionQueue(st); };
    // What the Keep-Alive response header announces.
    set_keep_alive_max_count(state_->limits.keep_alive_max);
    set_keep_alive_timeout(std::max<time_t>(1, state_->limits.keep_alive_timeout.count() / 1000));
    set_payload_max_length(state_->limits.max_body);
}

GuardedServer::~GuardedServer() = default;

const HttpLimits& GuardedServer::limits() const { return state_->limits; }

void GuardedServer::widen_backlog(int backlog) {
    socket_t sock = svr_sock_;
    if (sock != INVALID_SOCKET) ::listen(sock, backlog);  // Linux lets a listening socket change its backlog
}

void GuardedServer::shutdown() {
    stop();
    eventfd_post(state_->stop_fd);
}

GuardedServer::Body GuardedServer::read_body(const httplib::ContentReader& reader, std::size_t limit,
                                             std::string& body) {
    bool too_large = false;
    bool ok = reader([&](const char* data, size_t n) {
        if (body.size() + n > limit) {
            too_large = true;
            return false;
        }
        body.append(data, n);
        return true;
    });
    Body result = ok ? Body::Ok
                     : too_large                     ? Body::TooLarge
                     : tl_conn && tl_conn->timed_out() ? Body::TimedOut
                                                       : Body::Unreadable;
    if (result != Body::Ok) close_after_response();
    return result;
}

void GuardedServer::close_after_response() {
    if (tl_conn) tl_conn->close_requested = true;
}

const std::string* GuardedServer::long_get() { return tl_conn ? tl_conn->long_get() : nullptr; }

bool GuardedServer::process_and_close_socket(socket_t sock) {
    if (tl_reject) {
        reject(sock);
        return true;
    }
    bool linger = false;
    try {
        linger = serve_connection(sock);
    } catch (const std::exception& e) {
        state_->log(client_of(sock), "-", "-", 500, std::string("internal: ") + e.what());
    } catch (...) {
        state_->log(client_of(sock), "-", "-", 500, "internal: unknown exception");
    }
    if (linger) state_->lingerer.add(sock, std::chrono::seconds(2));
    else close_now(sock);
    return true;
}

// Answers requests until the connection should close; true when the
// client may still be sending (close it with a linger).
bool GuardedServer::serve_connection(socket_t sock) {
    const HttpLimits& limits = state_->limits;
    int yes = 1;
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);  // header and body go out at once
    ConnStream strm(sock, *state_);
    struct Current {  // handlers find the connection through tl_conn
        explicit Current(ConnStream* s) { tl_conn = s; }
        ~Current() { tl_conn = nullptr; }
    } current(&strm);
    for (std::size_t served = 0; served < limits.keep_alive_max; ++served) {
        // An idle connection (before its first request too) waits at most
        // the keep-alive timeout, and gives way to a waiting one.
        ConnStream::Io waited = strm.wait_for_request(limits.keep_alive_timeout);
        if (waited == ConnStream::Io::Evicted) tl_gave_way = true;
        if (waited != ConnStream::Io::Ok) return false;
        strm.begin_request();
        Head head;
        std::size_t window = 0;
        std::optional<Refusal> refusal = read_head(strm, limits, head);
        if (!refusal && head.size == SIZE_MAX) return false;
        if (!refusal) refusal = frame_body(head, limits, window);
        if (!refusal && head.line_size > HttpLimits::kRequestLine) {
            std::string post = long_get_as_post(std::string_view(strm.data(), head.size), head);
            if (post.empty()) refusal = Refusal{400, "the request line has no HTTP version", ""};
            else {
                window = post.size();
                strm.replace_head(head.size, post, head.target);
            }
        }
        if (refusal) {
            std::string type, body;
            state_->error_body(head.target, refusal->status, refusal->message, type, body);
            std::string out = render(refusal->status, type, body, refusal->extra_headers);
            for (size_t at = 0; at < out.size();) {
                ssize_t n = strm.write(out.data() + at, out.size() - at);
                if (n <= 0) break;
                at += static_cast<size_t>(n);
            }
            state_->log(client_of(sock), loggable(head.method, 32), loggable(head.target), refusal->status,
                        refusal->message);
            return true;
        }
        strm.set_window(window);
        const bool last = served + 1 == limits.keep_alive_max || svr_sock_ == INVALID_SOCKET;
        const bool chunked = !head.transfer_encoding.empty();
        bool closed = false;
        bool ok = process_request(strm, last, closed, nullptr);
        // Closing while the client may still be sending (a body not read,
        // pipelined requests after the last one served) needs a linger.
        const bool more = chunked || strm.unread_window() > 0 || strm.buffered() > 0;
        if (!ok || closed || last || strm.close_requested || strm.timed_out()) return more;
        if (chunked) return true;  // where a chunked body ends is not known here
        if (!strm.skip_window()) return false;
    }
    return strm.buffered() > 0;
}

void GuardedServer::reject(socket_t sock) {
    // Whatever the client has sent already tells the endpoint, for the format.
    char peek[512];
    ssize_t n = ::recv(sock, peek, sizeof peek, MSG_PEEK | MSG_DONTWAIT);
    Head head;
    if (n > 0) read_request_line(std::string_view(peek, static_cast<size_t>(n)), head);
    const std::string message = "the server is serving its limit of " +
                                std::to_string(state_->limits.max_connections) +
                                " connections and as many waiting; retry in a moment";
    std::string type, body;
    state_->error_body(head.target, 503, message, type, body);
    std::string out = render(503, type, body, "Retry-After: 1\r\n");
    ssize_t sent = ::send(sock, out.data(), out.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)sent;
    state_->log(client_of(sock), head.method.empty() ? "-" : loggable(head.method, 32),
                head.target.empty() ? "-" : loggable(head.target), 503, "connection limit");
    state_->lingerer.add(sock, std::chrono::seconds(1));
}

}  // namespace arxiv
