#include "query/serve/http_server.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <zlib.h>

#include "query/serve/http_rules.h"

namespace arxiv {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using error_code = boost::system::error_code;
using http_rules::fmt_bytes;
using http_rules::LineStart;
using http_rules::read_line_start;
using http_rules::Refusal;

// A connection whose answer has not moved for this long is not reading it.
constexpr milliseconds kStalled{1000};
// How long a refused or finished connection is drained before it is
// closed, so that the client reads the answer instead of a reset.
constexpr milliseconds kLinger{2000};
// Beyond this many draining connections, a connection is closed at once.
constexpr std::size_t kMaxLingering = 256;
// How long the server must have been idle before freed memory is handed
// back to the system.
constexpr milliseconds kTrimAfter{1000};

std::string fmt_seconds(milliseconds ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", static_cast<double>(ms.count()) / 1000.0);
    return buf;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

// ---- Content-Encoding --------------------------------------------------------

// Whether an Accept-Encoding header takes gzip (a q-value of 0 refuses it).
bool accepts_gzip(std::string_view header) {
    bool star = false, gzip = false, gzip_listed = false;
    while (!header.empty()) {
        size_t comma = header.find(',');
        std::string_view item = trim_ows(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        size_t semi = item.find(';');
        std::string_view coding = trim_ows(item.substr(0, semi));
        bool refused = false;
        if (semi != std::string_view::npos) {
            std::string_view param = trim_ows(item.substr(semi + 1));
            if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                std::string_view q = param.substr(2);
                refused = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
            }
        }
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
            gzip_listed = true;
            gzip = !refused;
        } else if (coding == "*") {
            star = !refused;
        }
    }
    return gzip_listed ? gzip : star;
}

bool compressible(std::string_view content_type) {
    return content_type.rfind("text/", 0) == 0 || content_type.rfind("application/json", 0) == 0 ||
           content_type.rfind("application/atom+xml", 0) == 0 ||
           content_type.rfind("application/x-ndjson", 0) == 0 ||
           content_type.rfind("application/vnd.citationstyles.csl+json", 0) == 0 ||
           content_type.rfind("application/x-research-info-systems", 0) == 0 ||
           content_type.rfind("application/x-bibtex", 0) == 0 ||
           content_type.rfind("image/svg+xml", 0) == 0;
}

// gzip-compresses an answer the client takes compressed (a kilobyte or
// more of text): Atom and JSON shrink four to six times.
void maybe_compress(const HttpRequest& req, ApiResponse& r) {
    if (r.body.size() < 1024 || !compressible(r.content_type)) return;
    for (const auto& [name, value] : r.headers)
        if (iequals(name, "Content-Encoding")) return;
    if (!accepts_gzip(req.header("Accept-Encoding"))) return;
    z_stream z{};
    if (deflateInit2(&z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return;
    std::string out(deflateBound(&z, r.body.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(r.body.data());
    z.avail_in = static_cast<uInt>(r.body.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return;
    r.body = std::move(out);
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.headers.emplace_back("Vary", "Accept-Encoding");
}

// ---- The workers ---------------------------------------------------------------

// Jobs wait in one queue per client address and the workers take from the
// addresses in turn, so a client with many connections waits behind itself.
class WorkQueue {
public:
    using Job = std::function<void()>;

    void start(unsigned n) {
        for (unsigned i = 0; i < std::max(1u, n); ++i) threads_.emplace_back([this] { work(); });
    }
    void push(const std::string& peer, Job job) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
            std::deque<Job>& q = queues_[peer];
            if (q.empty()) turn_.push_back(peer);
            q.push_back(std::move(job));
            ++queued_;
        }
        ready_.notify_one();
    }
    std::size_t queued() {
        std::lock_guard<std::mutex> lock(mutex_);
        return queued_;
    }
    // Drops what has not started and waits for what has.
    void stop() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (std::thread& t : threads_) t.join();
        threads_.clear();
        std::lock_guard<std::mutex> lock(mutex_);
        queues_.clear();
        turn_.clear();
    }

private:
    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            ready_.wait(lock, [&] { return stopping_ || !turn_.empty(); });
            if (stopping_) return;
            std::string peer = std::move(turn_.front());
            turn_.pop_front();
            auto it = queues_.find(peer);
            Job job = std::move(it->second.front());
            it->second.pop_front();
            if (it->second.empty()) queues_.erase(it);
            else turn_.push_back(std::move(peer));
            --queued_;
            lock.unlock();
            job();
            job = nullptr;  // its captures go here, not under the lock
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable ready_;
    std::unordered_map<std::string, std::deque<Job>> queues_;
    std::deque<std::string> turn_;  // addresses with jobs waiting, in turn order
    std::size_t queued_ = 0;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};


// ---- The server's shared state ---------------------------------------------------

class Connection;

// Everything the connections share; only the I/O thread touches it (the
// workers reach back through net::post).
struct ServerCore {
    HttpLimits limits;
    HttpHandlers handlers;

    struct Peer {
        std::size_t connections = 0;
        std::size_t pending_output = 0;  // bytes of answers not yet written
    };
    // Declared before the io_context: the handlers it destroys last may
    // still unregister their connection.
    std::list<Connection*> connections;
    std::unordered_map<std::string, Peer> peers;
    std::size_t pending_output = 0;
    std::size_t lingering = 0;
    std::size_t busy = 0;  // connections with a request being answered or written

    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    net::steady_timer accept_retry{ioc};
    net::steady_timer trim_timer{ioc};
    bool trim_scheduled = false;
    bool stopping = false;
    bool accept_failed = false;
    WorkQueue workers;

    http_rules::HeadRules rules;

    ServerCore(HttpLimits l, HttpHandlers h)
        : limits(std::move(l)), handlers(std::move(h)), rules(limits, handlers.long_get_allowed) {}

    void do_accept();
    void admit(tcp::socket socket);
    void do_stop();
    Connection* oldest_evictable(const std::string* peer, Clock::time_point now);
    void budget_output(const std::string& peer);
    void note_idle();
};

enum class State { Idle, Receiving, Processing, Writing, Lingering };

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(ServerCore& srv, tcp::socket socket, std::string peer, std::string client)
        : peer_(std::move(peer)),
          srv_(srv),
          socket_(std::move(socket)),
          timer_(srv.ioc),
          buffer_(srv.rules.header_limit() + 64 * 1024),
          client_(std::move(client)) {}

    // Registers the connection and waits for its first request.
    void start() {
        at_ = srv_.connections.insert(srv_.connections.end(), this);
        registered_ = true;
        ++srv_.peers[peer_].connections;
        error_code ec;
        socket_.set_option(tcp::no_delay(true), ec);  // head and body leave at once
        wait_for_request();
    }

    // Answers 503 at once (the server is full) and closes.
    void start_refused(const std::string& message) {
        at_ = srv_.connections.insert(srv_.connections.end(), this);
        registered_ = true;
        ++srv_.peers[peer_].connections;
        // What the client has sent already tells the endpoint, for the format.
        char peek[512];
        ssize_t n = ::recv(socket_.native_handle(), peek, sizeof peek, MSG_PEEK | MSG_DONTWAIT);
        LineStart line = n > 0 ? read_line_start(std::string_view(peek, static_cast<size_t>(n))) : LineStart{};
        log_method_ = line.method;
        log_target_ = line.target;
        refuse(Refusal{503, message, {{"Retry-After", "1"}}}, "connection limit");
    }

    State state() const { return state_; }
    Clock::time_point since() const { return since_; }
    const std::string& peer() const { return peer_; }

    // Whether the connection may be closed to make room: it is not being
    // answered, or its answer has not moved for kStalled.
    bool evictable(Clock::time_point now) const {
        if (closed_) return false;
        switch (state_) {
        case State::Processing: return false;
        case State::Writing: return now - since_ >= kStalled;
        default: return true;
        }
    }

    // Normally closed already; a connection whose chain of handlers ended
    // otherwise (a handler that threw) must not stay in the registry.
    ~Connection() { unregister(); }

    void close() {
        if (closed_) return;
        closed_ = true;
        error_code ec;
        timer_.cancel();
        socket_.close(ec);
        set_state(State::Idle);  // leaves busy/lingering counts
        release_output();
        unregister();
        srv_.note_idle();
    }

    const std::string peer_;

private:
    void unregister() {
        if (!registered_) return;
        srv_.connections.erase(at_);
        registered_ = false;
        auto it = srv_.peers.find(peer_);
        if (it != srv_.peers.end() && --it->second.connections == 0 && it->second.pending_output == 0)
            srv_.peers.erase(it);
    }

    void set_state(State s) {
        auto busy = [](State x) { return x == State::Processing || x == State::Writing; };
        if (busy(state_) && !busy(s)) --srv_.busy;
        if (!busy(state_) && busy(s)) ++srv_.busy;
        if (state_ == State::Lingering && s != State::Lingering) --srv_.lingering;
        if (state_ != State::Lingering && s == State::Lingering) ++srv_.lingering;
        state_ = s;
        since_ = Clock::now();
    }

    // One timer per connection; a new deadline replaces the old one.
    void arm(milliseconds after) {
        const unsigned generation = ++timer_generation_;
        timer_.expires_after(after);
        timer_.async_wait([self = shared_from_this(), generation](const error_code& ec) {
            if (ec || generation != self->timer_generation_ || self->closed_) return;
            self->on_deadline();
        });
    }
    void disarm() {
        ++timer_generation_;
        timer_.cancel();
    }

    void on_deadline() {
        switch (state_) {
        case State::Receiving: {
            // The read in progress ends with operation_aborted; its handler answers 408.
            timed_out_ = true;
            error_code ec;
            socket_.cancel(ec);
            break;
        }
        case State::Processing:
            break;
        default:  // idle past the keep-alive, an answer not read, a drain over
            close();
        }
    }

    // ---- Reading a request ----

    void wait_for_request() {
        if (closed_) return;
        if (buffer_.size() > 0) return begin_request();  // pipelined: already here
        set_state(State::Idle);
        arm(srv_.limits.keep_alive_timeout);
        socket_.async_read_some(buffer_.prepare(16 * 1024),
                                [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                    if (self->closed_) return;
                                    self->buffer_.commit(n);
                                    if (ec || n == 0) return self->close();
                                    self->begin_request();
                                });
    }

    void begin_request() {
        set_state(State::Receiving);
        request_start_ = Clock::now();
        timed_out_ = false;
        log_method_.clear();
        log_target_.clear();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(srv_.rules.header_limit()));
        parser_->body_limit(srv_.limits.max_body);
        arm(srv_.limits.request_timeout);
        http::async_read_header(socket_, buffer_, *parser_,
                                [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_head(ec); });
    }

    // What the bytes received so far say of the request line (for a refusal
    // before the head was parsed).
    LineStart partial_line() const {
        return read_line_start(std::string_view(static_cast<const char*>(buffer_.data().data()), buffer_.size()));
    }

    // Beast hands the request line over (and drops it from the buffer) as
    // soon as it is complete, before the header lines.
    bool line_parsed() const { return parser_ && !parser_->get().target().empty(); }

    void remember_line() {
        if (line_parsed()) {
            log_method_ = std::string(view(parser_->get().method_string()));
            log_target_ = std::string(view(parser_->get().target()));
        } else {
            LineStart line = partial_line();
            log_method_ = line.method;
            log_target_ = line.target;
        }
    }

    std::optional<Refusal> timeout_refusal() {
        return Refusal{408, "the request did not arrive within " + fmt_seconds(srv_.limits.request_timeout), {}};
    }

    // A head over header_limit: which of its limits it broke.
    Refusal oversized_head() {
        const std::string_view unparsed(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        return srv_.rules.oversized_head(unparsed, LineStart{log_method_, log_target_}, line_parsed());
    }

    void on_head(const error_code& ec) {
        if (closed_) return;
        remember_line();
        if (timed_out_) return refuse(*timeout_refusal());
        if (ec == http::error::header_limit) return refuse(oversized_head());
        if (ec == http::error::body_limit)  // a Content-Length over the limit, refused before reading
            return refuse(srv_.rules.body_too_large());
        if (http_rules::malformed(ec)) return refuse({400, http_rules::parse_error_message(ec), {}});
        if (ec) return close();  // the client went away
        if (std::optional<Refusal> r = srv_.rules.check_head(parser_->get())) return refuse(*r);
        if (parser_->is_done()) return dispatch();
        // A body follows. A client that asked to be told first is told.
        const auto& req = parser_->get();
        if (iequals(view(req[http::field::expect]), "100-continue")) {
            static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            net::async_write(socket_, net::buffer(kContinue),
                             [self = shared_from_this()](const error_code& wec, std::size_t) {
                                 if (self->closed_) return;
                                 if (wec) return self->close();
                                 self->read_body();
                             });
            return;
        }
        read_body();
    }

    void read_body() {
        http::async_read(socket_, buffer_, *parser_, [self = shared_from_this()](const error_code& ec, std::size_t) {
            if (self->closed_) return;
            if (self->timed_out_) return self->refuse(*self->timeout_refusal());
            if (ec == http::error::body_limit) return self->refuse(self->srv_.rules.body_too_large());
            if (http_rules::malformed(ec))
                return self->refuse({400, "the request body could not be read (bad chunked encoding)", {}});
            if (ec) return self->close();
            self->dispatch();
        });
    }

    // ---- Answering ----

    void dispatch() {
        disarm();
        auto& msg = parser_->get();
        HttpRequest req;
        req.method = std::string(view(msg.method_string()));
        req.target = std::string(view(msg.target()));
        req.route = route_of(req.target);
        const size_t q = req.target.find('?');
        if (q != std::string::npos) req.query = req.target.substr(q + 1, req.target.find('#', q) - q - 1);
        for (const auto& field : msg)
            req.headers.emplace_back(std::string(view(field.name_string())), std::string(view(field.value())));
        req.client = client_;
        if (std::optional<Refusal> r = srv_.rules.decode_body(view(msg[http::field::content_encoding]), msg.body(), req.body))
            return refuse(*r);
        head_only_ = req.method == "HEAD";
        keep_alive_ = msg.keep_alive() && served_ + 1 < srv_.limits.keep_alive_max;
        set_state(State::Processing);

        if (srv_.handlers.answer_at_once) {
            std::optional<ApiResponse> r;
            try {
                r = srv_.handlers.answer_at_once(req);
            } catch (...) {
                // Not at once, then: the worker's answer reports it.
            }
            if (r) {
                maybe_compress(req, *r);
                return respond(std::move(*r));
            }
        }
        const auto queued_at = Clock::now();
        const milliseconds wait = srv_.limits.queue_wait;
        HttpHandlers* handlers = &srv_.handlers;
        net::io_context* ioc = &srv_.ioc;
        srv_.workers.push(peer_, [self = shared_from_this(), req = std::move(req), queued_at, wait, handlers,
                                  ioc]() mutable {
            ApiResponse r;
            if (Clock::now() - queued_at > wait) {
                r = handlers->error(req.target, 503,
                                    "the server is busy: every search was taken for " + fmt_seconds(wait) +
                                        "; retry in a moment");
                r.headers.emplace_back("Retry-After", "1");
                r.note = "busy";
            } else {
                r = answer(*handlers, req);
            }
            maybe_compress(req, r);
            net::post(*ioc, [self = std::move(self), r = std::move(r)]() mutable { self->respond(std::move(r)); });
        });
    }

    // The handler's answer; what it throws becomes a 500 in the endpoint's format.
    static ApiResponse answer(const HttpHandlers& handlers, const HttpRequest& req) {
        std::string what;
        try {
            return handlers.answer(req);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
            what = "unknown exception";
        }
        ApiResponse r = handlers.error(req.target, 500, "internal error: " + what);
        r.note = "internal: " + what;
        return r;
    }

    void respond(ApiResponse r) {
        if (closed_) return;
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - request_start_).count();
        log(r.status, r.results, ms, r.note);
        ++served_;
        write(std::move(r), keep_alive_ && !srv_.stopping, head_only_);
    }

    // Answers a request the layer will not pass on (in the format of the
    // endpoint it names) and closes the connection.
    void refuse(const Refusal& refusal, const std::string& note = "") {
        if (closed_) return;
        if (log_method_.empty() && log_target_.empty()) remember_line();
        ApiResponse r = srv_.handlers.error(log_target_, refusal.status, refusal.message);
        for (const auto& h : refusal.headers) r.headers.push_back(h);
        log(refusal.status, -1, -1, note.empty() ? refusal.message : note);
        // Whatever of the request is left unread stays unread.
        write(std::move(r), false, false);
    }

    void log(int status, long results, double ms, const std::string& note) {
        if (!srv_.handlers.log) return;
        HttpLogEntry e;
        e.client = client_;
        e.method = log_method_.empty() ? "-" : log_method_;
        e.target = log_target_.empty() ? "-" : log_target_;
        e.status = status;
        e.results = results;
        e.ms = ms;
        e.note = note;
        srv_.handlers.log(e);
    }

    void write(ApiResponse r, bool keep_alive, bool head_only) {
        auto res = std::make_unique<http::response<http::string_body>>();
        res->version(11);
        res->result(static_cast<unsigned>(r.status));
        res->set(http::field::content_type, r.content_type);
        for (const auto& [name, value] : r.headers) res->set(name, value);
        const std::size_t size = r.body.size();
        if (!head_only) res->body() = std::move(r.body);
        res->content_length(size);
        if (keep_alive) {
            const long seconds = std::max<long>(1, static_cast<long>(srv_.limits.keep_alive_timeout.count() / 1000));
            res->set(http::field::keep_alive,
                     "timeout=" + std::to_string(seconds) + ", max=" + std::to_string(srv_.limits.keep_alive_max));
        } else {
            res->set(http::field::connection, "close");
        }
        close_after_write_ = !keep_alive;
        response_ = std::move(res);
        serializer_.emplace(*response_);
        set_state(State::Writing);
        pending_ = response_->body().size();
        srv_.pending_output += pending_;
        srv_.peers[peer_].pending_output += pending_;
        srv_.budget_output(peer_);
        if (closed_) return;  // the budget found no one else to close
        arm(srv_.limits.write_timeout);
        write_some();
    }

    void write_some() {
        http::async_write_some(socket_, *serializer_, [self = shared_from_this()](const error_code& ec, std::size_t) {
            if (self->closed_) return;
            if (ec) return self->close();
            self->since_ = Clock::now();  // progress
            if (!self->serializer_->is_done()) return self->write_some();
            self->written();
        });
    }

    void written() {
        disarm();
        serializer_.reset();
        response_.reset();
        release_output();
        srv_.note_idle();
        if (!close_after_write_) {
            parser_.reset();
            return wait_for_request();
        }
        // The client may still be sending (a body not read, requests after
        // the last one answered): drain before closing, so it reads the
        // answer instead of a reset.
        linger();
    }

    void release_output() {
        if (pending_ == 0) return;
        srv_.pending_output -= pending_;
        auto it = srv_.peers.find(peer_);
        if (it != srv_.peers.end()) {
            it->second.pending_output -= pending_;
            if (it->second.connections == 0 && it->second.pending_output == 0) srv_.peers.erase(it);
        }
        pending_ = 0;
    }

    void linger() {
        if (srv_.lingering >= kMaxLingering) return close();
        error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return close();
        set_state(State::Lingering);
        arm(kLinger);
        drain();
    }

    void drain() {
        socket_.async_read_some(net::buffer(drain_), [self = shared_from_this()](const error_code& ec, std::size_t) {
            if (self->closed_) return;
            if (ec) return self->close();
            self->drain();
        });
    }

    ServerCore& srv_;
    tcp::socket socket_;
    net::steady_timer timer_;
    unsigned timer_generation_ = 0;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::unique_ptr<http::response<http::string_body>> response_;
    std::optional<http::response_serializer<http::string_body>> serializer_;
    std::string client_;
    State state_ = State::Idle;
    Clock::time_point since_ = Clock::now();
    Clock::time_point request_start_ = Clock::now();
    std::list<Connection*>::iterator at_;
    bool registered_ = false;
    bool closed_ = false;
    bool timed_out_ = false;
    bool keep_alive_ = false;
    bool head_only_ = false;
    bool close_after_write_ = false;
    std::size_t served_ = 0;
    std::size_t pending_ = 0;
    std::string log_method_, log_target_;
    char drain_[4096];
};

// ---- ServerCore --------------------------------------------------------------

Connection* ServerCore::oldest_evictable(const std::string* peer, Clock::time_point now) {
    Connection* best = nullptr;
    auto key = [](const Connection* c) { return std::make_pair(c->state() != State::Lingering, c->since()); };
    for (Connection* c : connections) {
        if (peer && c->peer() != *peer) continue;
        if (!c->evictable(now)) continue;
        if (!best || key(c) < key(best)) best = c;
    }
    return best;
}

void ServerCore::budget_output(const std::string& peer) {
    const auto now = Clock::now();
    // Answers nobody reads: the one stalled longest goes first.
    auto stalled_writer = [&](const std::string* of) {
        Connection* best = nullptr;
        for (Connection* c : connections) {
            if (c->state() != State::Writing || now - c->since() < kStalled) continue;
            if (of && c->peer() != *of) continue;
            if (!best || c->since() < best->since()) best = c;
        }
        return best;
    };
    for (;;) {
        auto it = peers.find(peer);
        if (it == peers.end() || it->second.pending_output <= limits.max_pending_output_per_client) break;
        Connection* c = stalled_writer(&peer);
        if (!c) break;
        c->close();
    }
    while (pending_output > limits.max_pending_output) {
        Connection* c = stalled_writer(nullptr);
        if (!c) break;
        c->close();
    }
}

// Freed memory goes back to the system once nothing has been answered for a
// moment: a burst of large answers would otherwise leave the heap at its peak.
void ServerCore::note_idle() {
    if (busy > 0 || trim_scheduled || stopping) return;
    trim_scheduled = true;
    trim_timer.expires_after(kTrimAfter);
    trim_timer.async_wait([this](const error_code& ec) {
        trim_scheduled = false;
        if (ec || busy > 0 || stopping) return;
#if defined(__GLIBC__)
        malloc_trim(0);
#endif
    });
}

void ServerCore::do_accept() {
    acceptor.async_accept([this](const error_code& ec, tcp::socket socket) {
        if (stopping || !acceptor.is_open()) return;
        if (ec) {
            // Out of file descriptors or memory: make room and try again
            // shortly rather than spin.
            if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
                ec == net::error::no_memory) {
                if (Connection* c = oldest_evictable(nullptr, Clock::now())) c->close();
                accept_retry.expires_after(milliseconds(50));
                accept_retry.async_wait([this](const error_code& wec) {
                    if (!wec && !stopping) do_accept();
                });
                return;
            }
            return do_accept();
        }
        admit(std::move(socket));
        do_accept();
    });
}

void ServerCore::admit(tcp::socket socket) {
    error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;  // gone already
    std::string peer = remote.address().to_string();
    std::string client = remote.address().is_v6() ? "[" + peer + "]:" + std::to_string(remote.port())
                                                  : peer + ":" + std::to_string(remote.port());
    const auto now = Clock::now();
    std::string refusal;
    auto it = peers.find(peer);
    if (it != peers.end() && it->second.connections >= limits.max_connections_per_client) {
        if (Connection* c = oldest_evictable(&peer, now)) c->close();
        else
            refusal = "the server is serving its limit of " + std::to_string(limits.max_connections_per_client) +
                      " connections from one address; retry in a moment";
    }
    if (refusal.empty() && connections.size() >= limits.max_connections) {
        if (Connection* c = oldest_evictable(nullptr, now)) c->close();
        else
            refusal = "the server is serving its limit of " + std::to_string(limits.max_connections) +
                      " connections; retry in a moment";
    }
    auto conn = std::make_shared<Connection>(*this, std::move(socket), std::move(peer), std::move(client));
    if (refusal.empty()) conn->start();
    else conn->start_refused(refusal);
}

void ServerCore::do_stop() {
    if (stopping) return;
    stopping = true;
    error_code ec;
    acceptor.close(ec);
    accept_retry.cancel();
    trim_timer.cancel();
    while (!connections.empty()) connections.front()->close();
    ioc.stop();
}

}  // namespace

struct HttpServer::Impl : ServerCore {
    using ServerCore::ServerCore;
};

// ---- HttpServer ------------------------------------------------------------------------

HttpServer::HttpServer(HttpLimits limits, HttpHandlers handlers)
    : impl_(std::make_unique<Impl>(std::move(limits), std::move(handlers))) {
    HttpLimits& l = impl_->limits;
    l.max_connections = std::max<std::size_t>(1, l.max_connections);
    l.max_connections_per_client = std::max<std::size_t>(1, l.max_connections_per_client);
    l.keep_alive_max = std::max<std::size_t>(1, l.keep_alive_max);
    l.workers = std::max(1u, l.workers);
#if defined(__GLIBC__)
    // Answers of hundreds of kilobytes are allocated and freed all the time;
    // a fixed threshold keeps them in their own mappings, returned to the
    // system when freed (glibc would otherwise raise the threshold after the
    // first such free and keep them in the heap).
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

HttpServer::~HttpServer() {
    stop();
    impl_->workers.stop();
}

const HttpLimits& HttpServer::limits() const { return impl_->limits; }

int HttpServer::bind(const std::string& host, int port) {
    Impl& s = *impl_;
    error_code ec;
    tcp::resolver resolver(s.ioc);
    auto endpoints = resolver.resolve(host, std::to_string(port),
                                      tcp::resolver::numeric_service | tcp::resolver::passive, ec);
    std::string why = ec ? ec.message() : "no address";
    for (const auto& entry : endpoints) {
        error_code e;
        tcp::acceptor acceptor(s.ioc);
        acceptor.open(entry.endpoint().protocol(), e);
        // SO_REUSEADDR for quick restarts; never SO_REUSEPORT, which would
        // let a second server share the port and its traffic.
        if (!e) acceptor.set_option(net::socket_base::reuse_address(true), e);
        if (!e) acceptor.bind(entry.endpoint(), e);
        if (!e) acceptor.listen(1024, e);  // a burst of new connections is queued, not dropped
        if (e) {
            why = e.message();
            continue;
        }
        const int bound = acceptor.local_endpoint().port();
        s.acceptor = std::move(acceptor);
        return bound;
    }
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + why);
}

bool HttpServer::run() {
    Impl& s = *impl_;
    if (!s.acceptor.is_open()) return false;
    s.workers.start(s.limits.workers);
    s.do_accept();
    // What a handler throws on the I/O thread (out of memory, say) ends
    // that connection, not the server: its handler chain is gone, its
    // Connection closes as it is destroyed, and the loop runs on.
    for (;;) {
        try {
            s.ioc.run();
            break;
        } catch (const std::exception& e) {
            if (s.handlers.log) s.handlers.log(HttpLogEntry{"-", "-", "-", 500, -1, -1, std::string("internal: ") + e.what()});
        }
    }
    s.workers.stop();
    return !s.accept_failed;
}

void HttpServer::stop() {
    Impl* s = impl_.get();
    net::post(s->ioc, [s] { s->do_stop(); });
}

}  // namespace arxiv
