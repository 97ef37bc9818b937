// The HTTP request layer without sockets: the input is the bytes a client
// sends on one connection (pipelined requests, bodies, anything), run
// through Boost.Beast's request parser with the server's limits and through
// the very rules the connection layer applies (query/serve/http_rules.h) —
// head checks, oversized heads, body limits, Content-Encoding — request
// after request, as arxiv-query-serve reads them, until one is refused (the
// server then closes the connection) or the bytes end. Findings besides a
// crash or sanitizer report: a parse that does not advance (the server
// would loop), a refusal with a status the server never sends, a request
// passed on that breaks a rule (a method other than GET, HEAD, POST; a POST
// without a length; a body over the limit after decoding; a request line or
// head over its limit; HTTP/1.1 without exactly one Host).
#include <set>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>

#include "fuzz/fuzz_support.h"
#include "query/serve/http_message.h"
#include "query/serve/http_rules.h"

namespace {

namespace http = boost::beast::http;
using arxiv::http_rules::HeadRules;
using arxiv::http_rules::Refusal;

const std::set<int> kRefusals = {400, 405, 408, 411, 413, 414, 415, 431, 501};

void check_refusal(const Refusal& r, const std::string& where) {
    FUZZ_CHECK(kRefusals.count(r.status) == 1, std::to_string(r.status) + " " + r.message + " " + where);
    FUZZ_CHECK(!r.message.empty(), "a refusal without a message " + where);
}

// Feeds `in` to `parser` until `done(parser)` or an error; returns the bytes
// taken. Beast takes what it can parse and asks for more (need_more).
template <class Done>
std::size_t feed(http::request_parser<http::string_body>& parser, std::string_view in,
                 boost::system::error_code& ec, Done done) {
    std::size_t used = 0;
    while (!done(parser)) {
        if (used == in.size()) return used;  // the bytes end here: the client went quiet
        const std::size_t n = parser.put(boost::asio::buffer(in.data() + used, in.size() - used), ec);
        used += n;
        if (ec == http::error::need_more) {
            if (used == in.size()) return used;  // the bytes end here: the client went quiet
            if (n == 0) return used;             // Beast needs what is not there yet
            ec = {};
            continue;
        }
        if (ec) return used;
        FUZZ_CHECK(n > 0 || done(parser), "the parser took nothing and is not done");
    }
    return used;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 1 << 20) return 0;
    static const arxiv::HttpLimits limits;
    static const HeadRules rules(limits, [](std::string_view t) { return arxiv::route_of(t) == "/api/query"; });
    std::string_view in = arxiv::fuzz::view(data, size);
    for (int request = 0; !in.empty() && request < 1000; ++request) {
        const std::string where = "in request " + std::to_string(request);
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(rules.header_limit()));
        parser.body_limit(limits.max_body);
        boost::system::error_code ec;
        std::size_t used = feed(parser, in, ec, [](const auto& p) { return p.is_header_done(); });
        const bool line_parsed = !parser.get().target().empty();
        if (ec == http::error::header_limit) {
            const auto line = line_parsed ? arxiv::http_rules::LineStart{std::string(parser.get().method_string()),
                                                                          std::string(parser.get().target())}
                                          : arxiv::http_rules::read_line_start(in.substr(used));
            check_refusal(rules.oversized_head(in.substr(used), line, line_parsed), where);
            return 0;
        }
        if (ec == http::error::body_limit) return check_refusal(rules.body_too_large(), where), 0;
        if (arxiv::http_rules::malformed(ec)) {
            check_refusal({400, arxiv::http_rules::parse_error_message(ec), {}}, where);
            return 0;
        }
        if (!parser.is_header_done()) return 0;  // cut short: the server waits, then answers 408
        if (auto refused = rules.check_head(parser.get())) return check_refusal(*refused, where), 0;
        const auto& head = parser.get();
        const std::string method(head.method_string());
        FUZZ_CHECK(method == "GET" || method == "HEAD" || method == "POST", "passed method " + method + " " + where);
        FUZZ_CHECK(head.version() < 11 || head.count(http::field::host) == 1, "Host rule broken " + where);
        const std::string target(head.target());
        FUZZ_CHECK(method.size() + target.size() + 12 <= rules.line_limit(method, target),
                   "a request line over its limit passed " + where);
        if (method == "POST")
            FUZZ_CHECK(parser.content_length() || parser.chunked(), "a POST without a length passed " + where);
        used += feed(parser, in.substr(used), ec, [](const auto& p) { return p.is_done(); });
        if (ec == http::error::body_limit) return check_refusal(rules.body_too_large(), where), 0;
        if (arxiv::http_rules::malformed(ec)) {
            check_refusal({400, "the request body could not be read (bad chunked encoding)", {}}, where);
            return 0;
        }
        if (!parser.is_done()) return 0;  // the body is cut short
        std::string body = parser.get().body(), decoded;
        FUZZ_CHECK(body.size() <= limits.max_body, "a body over the limit was read " + where);
        if (auto refused = rules.decode_body(std::string(parser.get()[http::field::content_encoding]), body, decoded))
            return check_refusal(*refused, where), 0;
        FUZZ_CHECK(decoded.size() <= limits.max_body, "a decoded body over the limit passed " + where);
        FUZZ_CHECK(used > 0 && used <= in.size(), "the request took no bytes " + where);
        in.remove_prefix(used);
    }
    return 0;
}
