#include "query/serve/server.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

#include <httplib.h>
#include <pugixml.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "query/lang/compile.h"
#include "query/output/atom.h"
#include "query/output/formatter.h"
#include "query/request/request.h"
#include "query/search/facets.h"
#include "query/search/search.h"
#include "query/serve/html.h"
#include "query/serve/http_guard.h"
#include "query/serve/page.h"
#include "query/serve/response_cache.h"

namespace arxiv {
namespace {

constexpr const char* kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";
constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";
constexpr const char* kJsonType = "application/json; charset=utf-8";
// arXiv answers 400 above this; below it, the page is cut to --max-results.
constexpr std::uint64_t kArxivMaxResults = 30000;

// ---- Small helpers ----------------------------------------------------------

std::string param(const ApiParams& params, const std::string& key) {
    auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
}

bool has_text(const std::string& s) { return s.find_first_not_of(" \t\r\n") != std::string::npos; }

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// A request parameter that must be a non-negative integer; empty = default.
// Returns an error message (arXiv's wording) or "".
std::string read_count(const ApiParams& params, const std::string& key, std::uint64_t fallback,
                       std::uint64_t& value) {
    std::string text = trim(param(params, key));
    value = fallback;
    if (text.empty()) return "";
    bool negative = text[0] == '-';
    std::string digits = negative ? text.substr(1) : text;
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        return key + " must be an integer";
    if (negative) return key + " must be non-negative";
    if (digits.size() > 12) return key + " is too large";
    value = std::stoull(digits);
    return "";
}

std::string utc_now(const char* format) { return format_utc(std::time(nullptr), format); }

// "incorrect id format for 2403.0441" -> "incorrect_id_format_for_2403.0441",
// as in arXiv's error ids.
std::string error_slug(std::string_view message) {
    std::string out;
    for (unsigned char c : message) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') out += static_cast<char>(c);
        else if (out.empty() || out.back() != '_') out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

// "syntax error in q: unclosed '(' (column 7)"; the hint is kept apart.
std::string syntax_message(const std::string& what, const std::string& query, const QuerySyntaxError& e) {
    return "syntax error in " + what + ": " + syntax_error_message(query, e);
}

// Atom has only the summary, so the hint joins the message there.
std::string with_hint(const std::string& message, const QuerySyntaxError& e) {
    return e.hint.empty() ? message : message + "; " + e.hint;
}

// ---- Atom -------------------------------------------------------------------

struct FeedHeader {
    std::string search_query, id_list;
    std::uint64_t start = 0, max_results = 10;
    std::string base_url;
    std::uint64_t total = 0;
    std::uint64_t items_per_page = 0;
};

using Feed = std::unique_ptr<AtomFeed>;

Feed begin_feed(const FeedHeader& h, const std::string& updated) {
    // Declared once on <feed>; arXiv sometimes repeats them on each element,
    // which is the same document to any namespace-aware reader.
    auto atom = std::make_unique<AtomFeed>(
        std::vector<std::pair<std::string, std::string>>{{"opensearch", kOpenSearchNs}, {"arxiv", kArxivNamespace}});
    pugi::xml_node feed = atom->feed();
    const std::string start = std::to_string(h.start), max = std::to_string(h.max_results);
    AtomFeed::link(feed,
                   h.base_url + "/api/query?search_query=" + url_encode(h.search_query) +
                       "&id_list=" + url_encode(h.id_list) + "&start=" + start + "&max_results=" + max,
                   "self", "application/atom+xml");
    const std::string title = "ArXiv Query: search_query=" + h.search_query + "&id_list=" + h.id_list +
                              "&start=" + start + "&max_results=" + max;
    AtomFeed::text(feed, "title", title).append_attribute("type") = "html";
    AtomFeed::text(feed, "id", h.base_url + "/api/" + stable_hash_hex(title));
    AtomFeed::text(feed, "updated", updated);
    AtomFeed::text(feed, "opensearch:totalResults", std::to_string(h.total));
    AtomFeed::text(feed, "opensearch:startIndex", std::to_string(h.start));
    AtomFeed::text(feed, "opensearch:itemsPerPage", std::to_string(h.items_per_page));
    return atom;
}

void add_entry(AtomFeed& atom, const StoredDoc& doc, const std::string& feed_updated) {
    const Record& r = doc.record;
    const std::string versioned = r.id + (r.version ? "v" + std::to_string(r.version) : "");
    const std::string abs = "http://arxiv.org/abs/" + versioned;
    // Atom requires both dates; fall back to what we know rather than omit.
    std::string updated = day_start_timestamp(r.effective_updated());
    if (updated.empty()) updated = doc.first_indexed.empty() ? feed_updated : doc.first_indexed;
    std::string published = day_start_timestamp(r.submitted);
    if (published.empty()) published = updated;

    pugi::xml_node e = atom.add_entry();
    AtomFeed::text(e, "id", abs);
    AtomFeed::text(e, "updated", updated);
    AtomFeed::text(e, "published", published);
    AtomFeed::text(e, "title", r.title);
    AtomFeed::text(e, "summary", r.abstract);
    for (size_t i = 0; i < r.authors.size(); ++i)
        AtomFeed::author(e, r.authors[i], i < r.affiliations.size() ? r.affiliations[i] : std::vector<std::string>{});
    if (!r.doi.empty()) {
        AtomFeed::text(e, "arxiv:doi", r.doi);
        // Several DOIs are space-separated; the link carries the first.
        AtomFeed::link(e, "http://dx.doi.org/" + r.doi.substr(0, r.doi.find(' ')), "related", nullptr, "doi");
    }
    if (!r.comment.empty()) AtomFeed::text(e, "arxiv:comment", r.comment);
    if (!r.journal_ref.empty()) AtomFeed::text(e, "arxiv:journal_ref", r.journal_ref);
    AtomFeed::link(e, abs, "alternate", "text/html");
    AtomFeed::link(e, "http://arxiv.org/pdf/" + versioned, "related", "application/pdf", "pdf");
    if (!r.categories.empty()) {
        pugi::xml_node p = e.append_child("arxiv:primary_category");
        p.append_attribute("term") = xml_text(r.primary_category()).c_str();
        p.append_attribute("scheme") = kArxivNamespace;
    }
    for (const std::string& c : r.categories) AtomFeed::category(e, c, kArxivNamespace);
}

// arXiv's error form: a feed with one entry titled "Error" whose id names
// the problem, served with HTTP 400.
ApiResponse atom_error(FeedHeader h, const std::string& message, int status = 400) {
    const std::string updated = utc_now("%Y-%m-%dT00:00:00Z");
    h.total = 1;
    h.items_per_page = 1;
    h.start = 0;
    Feed atom = begin_feed(h, updated);
    const std::string id = "http://arxiv.org/api/errors#" + error_slug(message);
    pugi::xml_node e = atom->add_entry();
    AtomFeed::text(e, "id", id);
    AtomFeed::text(e, "title", "Error");
    AtomFeed::text(e, "summary", message);
    AtomFeed::text(e, "updated", updated);
    AtomFeed::link(e, id, "alternate", "text/html");
    AtomFeed::author(e, "arXiv api core");
    return {status, kAtomType, atom->str(), -1};
}

ApiResponse json_error(int status, const std::string& message, const std::string& hint = "") {
    nlohmann::ordered_json j;
    j["error"] = message;
    j["hint"] = hint.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(hint);
    return {status, kJsonType, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", -1};
}

// ---- The search parameters of /search and the page -------------------------

struct ParamError {
    std::string message, hint;
};

// The parameters /search and the page share — q, like, like_text, syntax,
// limit, offset, facet_limit, sort, reverse, exact, from, to — read into
// `qr` (and the offset asked, which may exceed kMaxOffset). What is wrong,
// naming the parameter, when one is.
std::optional<ParamError> read_search_params(const ApiParams& params, std::uint64_t max_results, QueryRequest& qr,
                                             std::uint64_t& offset) {
    qr.query = param(params, "q");
    if (!has_text(qr.query)) qr.query.clear();
    // like= may be repeated and each may list several ids: a profile.
    for (auto [it, end] = params.equal_range("like"); it != end; ++it) {
        std::string_view list = it->second;
        while (!list.empty()) {
            size_t comma = list.find(',');
            std::string id = trim(list.substr(0, comma));
            if (!id.empty()) qr.like.ids.push_back(id);
            list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        }
    }
    qr.like.text = param(params, "like_text");
    const std::string syntax = trim(param(params, "syntax"));
    if (auto s = parse_syntax(syntax.empty() ? "ours" : syntax)) qr.syntax = *s;
    else return ParamError{"unknown syntax " + syntax, "use ours or arxiv"};
    std::uint64_t limit = 10;
    std::string err = read_count(params, "limit", 10, limit);
    if (err.empty()) err = read_count(params, "offset", 0, offset);
    std::uint64_t facet_limit = 10;
    if (err.empty()) err = read_count(params, "facet_limit", 10, facet_limit);
    if (!err.empty()) return ParamError{err, ""};
    qr.search.offset = std::min(offset, kMaxOffset);
    qr.search.limit = std::min<std::uint64_t>(limit, max_results);
    qr.facet_limit = static_cast<size_t>(std::min<std::uint64_t>(facet_limit, 1000));
    const std::string sort = trim(param(params, "sort"));
    if (auto s = parse_sort(sort.empty() ? "relevance" : sort)) qr.search.sort = *s;
    else return ParamError{"unknown sort " + sort, "use relevance, submitted, updated or id"};
    const std::string reverse = trim(param(params, "reverse"));
    qr.search.reverse = reverse == "1" || reverse == "true";
    if (std::string problem = qr.validate(); !problem.empty()) return ParamError{problem, ""};
    const std::string exact = trim(param(params, "exact"));
    if (!exact.empty() && exact != "0" && exact != "1" && exact != "true" && exact != "false")
        return ParamError{"exact must be 1 or 0", ""};
    qr.exact = exact == "1" || exact == "true";
    // from= and to=: submission dates, as --since and --until. Checked
    // here, apart from q, so that a mistake names its parameter.
    qr.since = trim(param(params, "from"));
    qr.until = trim(param(params, "to"));
    qr.since_name = "from";
    qr.until_name = "to";
    if (!qr.since.empty() || !qr.until.empty()) {
        QueryRequest dates;
        dates.since = qr.since;
        dates.until = qr.until;
        dates.since_name = qr.since_name;
        dates.until_name = qr.until_name;
        try {
            build_query_tree(dates);
        } catch (const QuerySyntaxError& e) {
            return ParamError{e.what(), e.hint};
        }
    }
    return std::nullopt;
}

// One search of /search or the page: its results, or an error (status,
// message naming the parameter, hint, and for a syntax error in q the
// query with a caret under the column).
struct SearchRun {
    int status = 200;
    std::string error, hint, caret;
    ResultInfo info;
    std::vector<Hit> hits;
    std::uint64_t documents = 0;  // papers in the index
};

// ---- Per-request bookkeeping for the log -----------------------------------

// A request is parsed, routed, answered and logged on one worker thread, so
// thread-local state carries its start time and result count to the logger.
struct RequestStats {
    std::chrono::steady_clock::time_point start{};
    long results = -1;
    std::string note;  // e.g. the exception behind a 500
};
thread_local RequestStats tl_stats;

// One request log line: time client method target status results ms [note].
std::string log_line(const std::string& client, const std::string& method, const std::string& target, int status,
                     long results, const std::string& ms, const std::string& note) {
    return utc_now("%Y-%m-%dT%H:%M:%SZ") + " " + client + " " + method + " " + target + " " + std::to_string(status) +
           " " + (results >= 0 ? std::to_string(results) : std::string("-")) + " " + ms +
           (note.empty() ? std::string() : " " + loggable(note)) + "\n";
}

// An HTML answer, with the page's Content-Security-Policy.
ApiResponse html_response(int status, std::string body, long results) {
    ApiResponse r(status, "text/html; charset=utf-8", std::move(body), results);
    r.headers = {{"Content-Security-Policy", kPageCsp},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Referrer-Policy", "no-referrer"}};
    return r;
}

ApiResponse page_response(int status, const PageView& view, long results) {
    return html_response(status, render_page(view), results);
}

// The route a path or target names: without an absolute-form
// scheme://authority and without the query.
std::string route_of(std::string_view path) {
    path = path.substr(0, path.find_first_of("?#"));
    size_t scheme = path.find("://");
    if (scheme != std::string_view::npos && scheme < path.find('/')) {
        size_t slash = path.find('/', scheme + 3);
        path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
    }
    return std::string(path);
}

// An error in the format of the endpoint `path` names: arXiv's error feed
// for /api/query, JSON for /search, plain text elsewhere.
ApiResponse error_reply(const std::string& path, int status, std::string message, const std::string& base_url) {
    const std::string route = route_of(path);
    if (route == "/api/query") {
        if (status == 414)
            message += "; a longer id_list goes in a POST form body (also 64 KiB), or split it into several requests";
        FeedHeader h;
        h.base_url = base_url;
        return atom_error(h, message, status);
    }
    if (route == "/search") return json_error(status, message, status == 414 ? "shorten q" : "");
    if (route == "/" || route.empty()) return html_response(status, render_error_page(status, message), -1);
    return {status, "text/plain; charset=utf-8", message + "\n", -1};
}

// Links in the feed point back to where the client reached us. Only a
// plausible host[:port] is trusted; anything else falls back to the
// listening address.
std::string base_url_for(const httplib::Request& req, const std::string& fallback) {
    std::string host = req.get_header_value("Host");
    if (host.empty() || host.size() > 255 ||
        host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
            std::string::npos)
        return fallback;
    return "http://" + host;
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

namespace {

// Xapian::Database objects must not be shared between threads, and opening
// one per request would re-read the index headers every time. So each
// search borrows a Searcher from a pool, reopens it to see the latest
// commit, and gives it back. The pool holds at most `size` searchers, which
// is also how many searches run at once; a request that finds them all
// taken waits, up to a limit.
class SearcherPool {
public:
    SearcherPool(std::string path, unsigned size) : path_(std::move(path)), size_(size ? size : 1) {}

    struct Busy : std::runtime_error {
        using std::runtime_error::runtime_error;
    };

    class Lease {
    public:
        Lease(SearcherPool& pool, std::unique_ptr<Searcher> s) : pool_(pool), s_(std::move(s)) {}
        Lease(const Lease&) = delete;
        ~Lease() {
            // A searcher whose request failed may hold a broken handle.
            pool_.give_back(healthy ? std::move(s_) : nullptr);
        }
        Searcher& operator*() { return *s_; }
        bool healthy = false;

    private:
        SearcherPool& pool_;
        std::unique_ptr<Searcher> s_;
    };

    // Throws Busy when no searcher came free within `wait`.
    std::unique_ptr<Lease> borrow(std::chrono::milliseconds wait) {
        std::unique_ptr<Searcher> s;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            if (!freed_.wait_for(lock, wait, [&] { return leased_ < size_; }))
                throw Busy("the server is busy: all " + std::to_string(size_) + " searches were taken for " +
                           std::to_string(wait.count() / 1000) + " s; retry in a moment");
            ++leased_;
            if (!idle_.empty()) {
                s = std::move(idle_.back());
                idle_.pop_back();
            }
        }
        try {
            if (s) s->refresh();  // cheap; picks up the indexer's last commit (or a replica's)
            else s = std::make_unique<Searcher>(path_);
        } catch (...) {
            give_back(nullptr);
            throw;
        }
        return std::make_unique<Lease>(*this, std::move(s));
    }

private:
    void give_back(std::unique_ptr<Searcher> s) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --leased_;
            if (s) idle_.push_back(std::move(s));
        }
        freed_.notify_one();
    }

    std::string path_;
    unsigned size_;
    std::mutex mutex_;
    std::condition_variable freed_;
    unsigned leased_ = 0;
    std::vector<std::unique_ptr<Searcher>> idle_;
};

HttpLimits limits_of(const ServeOptions& o) {
    using std::chrono::milliseconds;
    HttpLimits l;
    l.max_connections = o.max_connections;
    l.request_timeout = milliseconds(static_cast<long>(o.request_timeout * 1000));
    l.keep_alive_timeout = milliseconds(static_cast<long>(o.keep_alive_timeout * 1000));
    l.keep_alive_max = o.keep_alive_max;
    // An id_list of ~5,000 ids fits in a GET, as in a POST form.
    l.max_long_get = l.max_body;
    l.long_get_allowed = [](std::string_view target) { return route_of(target) == "/api/query"; };
    return l;
}

// Test-only (ARXIV_SERVE_TEST_FAULTS): `__fault=std` makes a handler throw
// a std::exception, `__fault=other` something else, to test the last-resort
// handling without depending on a real bug.
void maybe_fault(bool enabled, const ApiParams& params) {
    if (!enabled) return;
    const std::string kind = param(params, "__fault");
    if (kind == "std") throw std::runtime_error("injected fault");
    if (kind == "other") throw 42;
}

}  // namespace

struct ApiServer::Impl {
    std::string db_path;
    ServeOptions options;
    SearcherPool pool;
    CuratedSynonyms curated;  // loaded once: the built-in, the user's and --synonyms files
    ResponseCache cache;      // identical searches at one index revision run once
    GuardedServer http;
    int bound_port = 0;
    std::mutex log_mutex;

    Impl(std::string path, ServeOptions o, GuardErrorBody error_body, GuardLog log)
        : db_path(path),
          options(std::move(o)),
          pool(std::move(path), options.threads),
          curated(CuratedSynonyms::load(options.synonym_files)),
          cache(db_path),
          http(limits_of(options), std::move(error_body), std::move(log)) {}

    std::string fallback_base() const {
        std::string host = options.host;
        if (host.find(':') != std::string::npos) host = "[" + host + "]";
        return "http://" + host + ":" + std::to_string(bound_port);
    }
    void log(const std::string& line) {
        std::lock_guard<std::mutex> lock(log_mutex);
        std::cerr << line << std::flush;
    }
    // How long a request waits for a free searcher before a 503.
    std::chrono::milliseconds search_wait() const { return http.limits().request_timeout; }
    // An endpoint's answer through the cache (query/serve/response_cache.h).
    ApiResponse cached(const std::string& route, const std::string& base_url, const ApiParams& params,
                       const std::function<ApiResponse()>& endpoint) {
        return cache.get(ResponseCache::key_of(route, base_url, params), search_wait(), endpoint);
    }

    // Runs `qr` (or, when `search` is false, only counts the papers).
    SearchRun run(const QueryRequest& qr, std::uint64_t offset, bool search = true) {
        SearchRun r;
        auto fail = [&r](int status, std::string message, std::string hint = "") {
            r.status = status;
            r.error = std::move(message);
            r.hint = std::move(hint);
            return std::move(r);
        };
        try {
            auto lease = pool.borrow(search_wait());
            Searcher& searcher = **lease;
            r.documents = searcher.database().get_doccount();
            if (search) {
                PreparedQuery prepared = prepare_query(qr, searcher.database(), curated);
                r.hits = search_prepared(qr, prepared, searcher, true, r.info);
                r.info.offset = offset;
            }
            lease->healthy = true;
        } catch (const QuerySyntaxError& e) {
            r.caret = syntax_error_caret(qr.query, e);
            return fail(400, syntax_message("q", qr.query, e), e.hint);
        } catch (const LikeError& e) {
            return fail(400, std::string(qr.like.ids.empty() ? "like_text: " : "like: ") + e.what());
        } catch (const SearcherPool::Busy& e) {
            return fail(503, e.what(), "retry in a moment");
        } catch (const Xapian::WildcardError&) {
            return fail(400, "a wildcard matches too many words", "use a longer prefix before '*'");
        } catch (const DatabaseUnavailable& e) {
            return fail(503, e.what());
        } catch (const Xapian::Error& e) {
            return fail(503, "cannot read the index at " + db_path + ": " + e.get_description());
        }
        return r;
    }

    // Runs an endpoint; anything it throws becomes a 500 in the endpoint's
    // format (and a note in the log line) instead of ending the process.
    template <class Endpoint>
    void answer(httplib::Response& res, const std::string& path, Endpoint&& endpoint) {
        ApiResponse r;
        try {
            r = endpoint();
        } catch (const std::exception& e) {
            tl_stats.note = std::string("internal: ") + e.what();
            r = error_reply(path, 500, "internal error: " + std::string(e.what()), fallback_base());
        } catch (...) {
            tl_stats.note = "internal: unknown exception";
            r = error_reply(path, 500, "internal error: unknown exception", fallback_base());
        }
        res.status = r.status;
        for (const auto& [name, value] : r.headers) res.set_header(name.c_str(), value);
        res.set_content(r.body, r.content_type.c_str());
        tl_stats.results = r.results;
    }
};

ApiServer::ApiServer(std::string db_path, ServeOptions options) {
    if (options.max_results == 0) options.max_results = 1;
    if (options.threads == 0) options.threads = 1;
    // The guard's own errors (limits, timeouts, connection limit) and log
    // lines, in the same formats as the endpoints'.
    auto error_body = [this](const std::string& target, int status, const std::string& message,
                             std::string& content_type, std::string& body) {
        ApiResponse r = error_reply(target, status, message, impl_->fallback_base());
        content_type = r.content_type;
        body = r.body;
    };
    auto guard_log = [this](const std::string& client, const std::string& method, const std::string& target,
                            int status, const std::string& note) {
        impl_->log(log_line(client, method, target, status, -1, "-", note));
    };
    impl_ = std::make_unique<Impl>(db_path, std::move(options), error_body, guard_log);
    // Open the index now: a missing one fails at startup.
    impl_->pool.borrow(std::chrono::milliseconds(0))->healthy = true;

    GuardedServer& http = impl_->http;
    // cpp-httplib's default also sets SO_REUSEPORT, which lets a second
    // server bind the same port and silently share its traffic. Only
    // SO_REUSEADDR (quick restarts) is wanted.
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
    });

    http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        tl_stats = RequestStats{};
        tl_stats.start = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });

    Impl& impl = *impl_;
    auto api = [this, &impl](const httplib::Request& req, httplib::Response& res) {
        impl.answer(res, "/api/query", [&] {
            maybe_fault(impl.options.fault_routes, req.params);
            const std::string base = base_url_for(req, impl.fallback_base());
            return impl.cached("/api/query", base, req.params, [&] { return api_query(req.params, base); });
        });
    };
    // POST: the form is read here, through the guard's limit (cpp-httplib
    // would refuse a form over 8 KiB, and would inflate a compressed body
    // without bound).
    auto api_post = [this, &impl](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& reader) {
        impl.answer(res, "/api/query", [&]() -> ApiResponse {
            maybe_fault(impl.options.fault_routes, req.params);
            const std::string type = req.get_header_value("Content-Type");
            if (!type.empty() && type.rfind("application/x-www-form-urlencoded", 0) != 0)
                return error_reply("/api/query", 415,
                                   "Content-Type " + type.substr(0, 100) +
                                       " is not supported; send the form as application/x-www-form-urlencoded",
                                   impl.fallback_base());
            std::string body;
            const std::size_t limit = impl.http.limits().max_body;
            switch (GuardedServer::read_body(reader, limit, body)) {
            case GuardedServer::Body::Ok:
                break;
            case GuardedServer::Body::TooLarge:
                return error_reply("/api/query", 413,
                                   "the request body is larger than " + std::to_string(limit / 1024) + " KiB",
                                   impl.fallback_base());
            case GuardedServer::Body::TimedOut:
                return error_reply("/api/query", 408, "the request body did not arrive in time",
                                   impl.fallback_base());
            case GuardedServer::Body::Unreadable:
                return error_reply("/api/query", 400,
                                   "the request body could not be read (bad chunked encoding or Content-Encoding)",
                                   impl.fallback_base());
            }
            ApiParams params = req.params;  // parameters in the URL count too
            httplib::detail::parse_query_text(body, params);
            const std::string base = base_url_for(req, impl.fallback_base());
            return impl.cached("/api/query", base, params, [&] { return api_query(params, base); });
        });
    };
    auto search_handler = [this, &impl](const httplib::Request& req, httplib::Response& res) {
        impl.answer(res, "/search", [&] {
            maybe_fault(impl.options.fault_routes, req.params);
            return impl.cached("/search", "", req.params, [&] { return search(req.params); });
        });
    };
    // cpp-httplib 0.11 routes on the request target as sent, so an
    // absolute-form target ("GET http://host:port/api/query?... HTTP/1.1",
    // which HTTP clients send when told to use us as a proxy, e.g. axios via
    // http_proxy) would not match "/api/query". Every route therefore
    // accepts an optional scheme://authority before the path.
    const std::string any_origin = R"((?:[A-Za-z][A-Za-z0-9+.-]*://[^/]+)?)";
    http.Get(any_origin + "/api/query", api);
    http.Post(any_origin + "/api/query", api_post);  // arXiv allows POST for long id lists
    // Any other POST: answered without reading (or inflating) its body.
    http.Post(".*", [](const httplib::Request&, httplib::Response& res, const httplib::ContentReader&) {
        res.status = 404;
    });
    http.Get(any_origin + "/search", search_handler);
    // The search page and the files it loads (compiled in).
    auto page_handler = [this, &impl](const httplib::Request& req, httplib::Response& res) {
        impl.answer(res, "/", [&] {
            maybe_fault(impl.options.fault_routes, req.params);
            return page(req.params);
        });
    };
    http.Get(any_origin + "/?", page_handler);
    http.Get(any_origin + "/static/([a-z]+\\.[a-z]+)", [](const httplib::Request& req, httplib::Response& res) {
        const PageAsset* asset = page_asset(req.matches[1].str());
        if (!asset) {
            res.status = 404;
            res.set_content("not found\n", "text/plain; charset=utf-8");
            return;
        }
        res.set_header("Cache-Control", "max-age=3600");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(std::string(asset->body), asset->content_type);
    });
    // Errors cpp-httplib answers itself (a malformed request line, an
    // unknown route) get a body in the endpoint's format too.
    http.set_error_handler([&impl](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        std::string message = res.status == 404
                                  ? "not found; the endpoints are / (the search page), /api/query and /search"
                                  : "the request could not be parsed (HTTP " + std::to_string(res.status) + ")";
        ApiResponse r = error_reply(req.path, res.status, message, impl.fallback_base());
        for (const auto& [name, value] : r.headers) res.set_header(name.c_str(), value);
        res.set_content(r.body, r.content_type.c_str());
    });
    // Last resort for anything thrown outside the endpoints' own handling.
    http.set_exception_handler([&impl](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        tl_stats.note = "internal: " + what;
        ApiResponse r = error_reply(req.path, 500, "internal error: " + what, impl.fallback_base());
        res.status = 500;
        for (const auto& [name, value] : r.headers) res.set_header(name.c_str(), value);
        res.set_content(r.body, r.content_type.c_str());
    });
    http.set_logger([&impl](const httplib::Request& req, const httplib::Response& res) {
        try {
            std::string ms = "-";
            if (tl_stats.start.time_since_epoch().count() != 0) {
                auto elapsed = std::chrono::steady_clock::now() - tl_stats.start;
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.1fms",
                              std::chrono::duration<double, std::milli>(elapsed).count());
                ms = buf;
            }
            // A GET over 8 KiB reached the route as a POST (http_guard.h).
            const std::string* long_get = GuardedServer::long_get();
            impl.log(log_line(req.remote_addr + ":" + std::to_string(req.remote_port),
                              long_get ? std::string("GET") : loggable(req.method, 32),
                              loggable(long_get ? *long_get : req.target), res.status, tl_stats.results, ms,
                              tl_stats.note));
        } catch (...) {
            // A log line is not worth a request.
        }
        tl_stats = RequestStats{};
    });
}

ApiServer::~ApiServer() = default;

ApiResponse ApiServer::api_query(const ApiParams& params, const std::string& base_url) {
    FeedHeader h;
    h.base_url = base_url;
    h.search_query = param(params, "search_query");
    h.id_list = param(params, "id_list");
    // Read max_results first so that an error feed echoes what was asked.
    std::uint64_t requested = 10;
    std::string err = read_count(params, "max_results", 10, requested);
    h.max_results = requested;
    if (err.empty()) err = read_count(params, "start", 0, h.start);
    if (!err.empty()) return atom_error(h, err);
    if (requested > kArxivMaxResults)
        return atom_error(h, "max_results must not exceed " + std::to_string(kArxivMaxResults) +
                                 "; page through results with start");

    SearchOptions so;
    so.offset = std::min(h.start, kMaxOffset);
    so.limit = std::min<std::uint64_t>(requested, impl_->options.max_results);
    const std::string sort_by = trim(param(params, "sortBy"));
    const std::string sort_order = trim(param(params, "sortOrder"));
    if (sort_by.empty() || sort_by == "relevance") so.sort = Sort::Relevance;
    else if (sort_by == "lastUpdatedDate") so.sort = Sort::Updated;
    else if (sort_by == "submittedDate") so.sort = Sort::Submitted;
    else return atom_error(h, "unknown sortBy " + sort_by + "; use relevance, lastUpdatedDate or submittedDate");
    if (sort_order == "ascending") so.reverse = so.sort != Sort::Relevance;  // relevance has one order
    else if (!sort_order.empty() && sort_order != "descending")
        return atom_error(h, "unknown sortOrder " + sort_order + "; use ascending or descending");

    // id_list: each id validated like arXiv does (malformed: an error;
    // well-formed but impossible: simply absent); the version is ignored
    // because the index keeps only the newest version of each paper (the
    // entry's id shows which version that is).
    std::vector<std::string> ids;
    {
        std::string list = h.id_list;
        size_t pos = 0;
        while (pos <= list.size()) {
            size_t comma = list.find(',', pos);
            if (comma == std::string::npos) comma = list.size();
            std::string item = trim(std::string_view(list).substr(pos, comma - pos));
            pos = comma + 1;
            if (item.empty()) continue;
            auto id = parse_arxiv_id(item);
            // Shaped like an id but not one that can exist ("0808.05394"):
            // no entry, as on arXiv, and the other ids still answered.
            if (!id && arxiv_id_shaped(item)) continue;
            if (!id) return atom_error(h, "incorrect id format for " + item);
            if (std::find(ids.begin(), ids.end(), id->id) == ids.end()) ids.push_back(id->id);
        }
    }

    std::unique_ptr<QueryNode> tree;
    const bool has_query = has_text(h.search_query);
    if (has_query) {
        QueryRequest qr;
        qr.query = h.search_query;
        qr.syntax = Syntax::Arxiv;
        try {
            tree = build_query_tree(qr);
        } catch (const QuerySyntaxError& e) {
            return atom_error(h, with_hint(syntax_message("search_query", h.search_query, e), e));
        }
    }
    std::vector<Hit> hits;
    if (tree || !ids.empty()) {
        CompiledQuery compiled;
        try {
            if (tree) compiled = compile_query(*tree);
        } catch (const QuerySyntaxError& e) {
            return atom_error(h, with_hint(syntax_message("search_query", h.search_query, e), e));
        }
        // The id_list filters (any number of ids: a 64 KiB list holds ~5,000).
        if (!ids.empty())
            compiled.query = tree ? Xapian::Query(Xapian::Query::OP_FILTER, compiled.query, id_list_query(ids))
                                  : id_list_query(ids);
        // An id_list on its own comes back in the order it was given (as on
        // arXiv) unless a date sort was asked for.
        const bool list_order = !has_query && so.sort == Sort::Relevance;
        SearchOptions run = so;
        if (list_order) {
            run.offset = 0;
            run.limit = ids.size();
        }
        ResultInfo info;
        try {
            auto lease = impl_->pool.borrow(impl_->search_wait());
            hits = (**lease).search(compiled, run, info);
            lease->healthy = true;
        } catch (const SearcherPool::Busy& e) {
            return atom_error(h, e.what(), 503);
        } catch (const Xapian::WildcardError&) {
            return atom_error(h, "a wildcard in search_query matches too many words; use a longer prefix before '*'");
        } catch (const DatabaseUnavailable& e) {
            return {503, "text/plain; charset=utf-8", std::string(e.what()) + "\n", -1};
        } catch (const Xapian::Error& e) {
            return {503, "text/plain; charset=utf-8",
                    "cannot read the index at " + impl_->db_path + ": " + e.get_description() + "\n", -1};
        }
        h.total = info.total;
        if (list_order) {
            std::unordered_map<std::string, size_t> order;
            for (size_t i = 0; i < ids.size(); ++i) order.emplace(ids[i], i);
            std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
                return order[a.doc.record.id] < order[b.doc.record.id];
            });
            std::vector<Hit> page;
            for (std::uint64_t i = so.offset; i < hits.size() && page.size() < so.limit; ++i)
                page.push_back(std::move(hits[i]));
            hits = std::move(page);
        }
    }

    h.items_per_page = so.limit;
    const std::string updated = utc_now("%Y-%m-%dT00:00:00Z");
    Feed atom = begin_feed(h, updated);
    for (const Hit& hit : hits) add_entry(*atom, hit.doc, updated);
    return {200, kAtomType, atom->str(), static_cast<long>(hits.size())};
}

ApiResponse ApiServer::search(const ApiParams& params) {
    QueryRequest qr;
    std::uint64_t offset = 0;
    if (auto problem = read_search_params(params, impl_->options.max_results, qr, offset))
        return json_error(400, problem->message, problem->hint);
    if (!has_text(qr.query) && qr.like.ids.empty() && !has_text(qr.like.text) && qr.since.empty() && qr.until.empty())
        return json_error(400, "missing the q parameter (or like=ID, like_text=TEXT, from=DATE, to=DATE)",
                          "try /search?q=%22kv+cache%22+cat:cs.CL");
    qr.format = trim(param(params, "format"));
    if (qr.format.empty()) qr.format = "json";
    // Programs read JSON; reference managers (Zotero, a browser's "save
    // citation") take RIS, CSL-JSON or BibTeX straight from a link.
    static const std::map<std::string, const char*> kSearchFormats = {
        {"json", kJsonType},
        {"jsonl", "application/x-ndjson; charset=utf-8"},
        {"csljson", "application/vnd.citationstyles.csl+json; charset=utf-8"},
        {"ris", "application/x-research-info-systems; charset=utf-8"},
        {"bibtex", "application/x-bibtex; charset=utf-8"},
    };
    const auto format_type = kSearchFormats.find(qr.format);
    if (format_type == kSearchFormats.end())
        return json_error(400, "unknown format " + qr.format, "use json, jsonl, csljson, ris or bibtex");
    const std::string facets = trim(param(params, "facets"));
    if (!facets.empty()) {
        try {
            qr.facets = parse_facet_list(facets);
        } catch (const std::invalid_argument& e) {
            return json_error(400, std::string("facets: ") + e.what());
        }
    }

    SearchRun run = impl_->run(qr, offset);
    if (run.status != 200) return json_error(run.status, run.error, run.hint);
    std::ostringstream out;
    auto formatter = make_formatter(qr.format, out, OutputOptions{});
    formatter->begin(run.info);
    for (const Hit& hit : run.hits) formatter->hit(hit);
    formatter->end(run.info);
    return {200, format_type->second, out.str(), static_cast<long>(run.hits.size())};
}

ApiResponse ApiServer::page(const ApiParams& params) {
    PageView view;
    view.state = PageState::from_params(params);
    QueryRequest qr;
    std::uint64_t offset = 0;
    if (auto problem = read_search_params(params, impl_->options.max_results, qr, offset)) {
        view.error = problem->message;
        view.hint = problem->hint;
        return page_response(400, view, -1);
    }
    view.state.offset = offset;
    view.state.page_size = qr.search.limit;
    qr.facets = {"category", "year", "author"};
    // Nothing asked: the page with its form, and how many papers there are.
    const bool asked = has_text(qr.query) || !qr.like.ids.empty() || has_text(qr.like.text) || !qr.since.empty() ||
                       !qr.until.empty();
    SearchRun run = impl_->run(qr, offset, asked);
    view.documents = run.documents;
    if (run.status != 200) {
        view.error = run.error;
        view.hint = run.hint;
        view.caret = run.caret;
        return page_response(run.status, view, -1);
    }
    if (!asked) return page_response(200, view, -1);
    view.info = &run.info;
    view.hits = &run.hits;
    return page_response(200, view, static_cast<long>(run.hits.size()));
}

int ApiServer::bind() {
    const ServeOptions& o = impl_->options;
    errno = 0;
    int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host)
                           : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
    if (port < 0) {
        std::string why = errno ? std::strerror(errno) : "cannot bind";
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + why);
    }
    impl_->bound_port = port;
    impl_->http.widen_backlog(1024);
    return port;
}

bool ApiServer::run() { return impl_->http.listen_after_bind(); }

void ApiServer::stop() { impl_->http.shutdown(); }

}  // namespace arxiv
