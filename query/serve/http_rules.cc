#include "query/serve/http_rules.h"

#include <algorithm>
#include <cctype>

#include <zlib.h>

namespace arxiv::http_rules {
namespace {

namespace http = boost::beast::http;

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

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

enum class Inflated { Ok, TooLarge, Corrupt };

// `body` inflated (gzip, or zlib/raw deflate) into `out`, at most `limit` bytes.
Inflated inflate_body(const std::string& body, std::size_t limit, bool gzip, std::string& out) {
    // windowBits: 15 + 32 reads gzip or zlib; "deflate" is zlib by the
    // standard but raw deflate (-15) from some clients.
    static const std::vector<int> kGzip = {15 + 32}, kDeflate = {15, -15};
    for (int window : gzip ? kGzip : kDeflate) {
        z_stream z{};
        if (inflateInit2(&z, window) != Z_OK) return Inflated::Corrupt;
        out.assign(limit + 1, '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
        z.avail_in = static_cast<uInt>(body.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        int rc = Z_OK;
        while (rc == Z_OK && z.avail_out > 0) rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = z.total_out;
        inflateEnd(&z);
        if (produced > limit) return Inflated::TooLarge;
        if (rc == Z_STREAM_END) {
            out.resize(produced);
            return Inflated::Ok;
        }
        if (rc != Z_DATA_ERROR) break;  // e.g. cut short: not worth a second format
    }
    out.clear();
    return Inflated::Corrupt;
}

}  // namespace

LineStart read_line_start(std::string_view data) {
    data = data.substr(0, std::min<std::size_t>(data.size(), 4096));
    data = data.substr(0, data.find_first_of("\r\n"));
    LineStart out;
    const size_t sp = data.find(' ');
    out.method = std::string(data.substr(0, std::min<size_t>(sp, 32)));
    if (sp == std::string_view::npos) return out;
    std::string_view rest = data.substr(sp + 1);
    out.target = std::string(rest.substr(0, rest.find(' ')));
    return out;
}

bool malformed(const error_code& ec) {
    return ec && &ec.category() == &http::make_error_code(http::error::need_more).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message &&
           ec != http::error::need_more;
}

std::string parse_error_message(const error_code& ec) {
    if (ec == http::error::bad_transfer_encoding || ec == http::error::bad_content_length)
        return "the request's length is ambiguous: both Content-Length and Transfer-Encoding, two different "
               "Content-Lengths, Transfer-Encoding twice, or a Content-Length that is not a number";
    return "the request could not be parsed: " + ec.message();
}

std::string fmt_bytes(std::size_t n) {
    if (n % 1024 == 0) return std::to_string(n / 1024) + " KiB";
    return std::to_string(n) + " bytes";
}

HeadRules::HeadRules(const HttpLimits& limits, std::function<bool(std::string_view)> long_get_allowed)
    : limits_(limits), long_get_allowed_(std::move(long_get_allowed)) {}

std::size_t HeadRules::header_limit() const {
    return std::max(limits_.max_long_get, limits_.max_request_line) + limits_.max_head;
}

std::size_t HeadRules::line_limit(std::string_view method, std::string_view target) const {
    if (method == "GET" && long_get_allowed_ && long_get_allowed_(target))
        return std::max(limits_.max_long_get, limits_.max_request_line);
    return limits_.max_request_line;
}

std::optional<Refusal> HeadRules::check_head(const Header& req) const {
    const std::string_view method = view(req.method_string());
    const std::string_view target = view(req.target());
    static const std::vector<std::pair<std::string, std::string>> kAllow = {{"Allow", "GET, HEAD, POST"}};
    if (method == "CONNECT")  // what an HTTPS proxy setting sends
        return Refusal{405,
                       "CONNECT is not supported: this server is not a proxy and has no TLS; give the client "
                       "http://HOST:PORT/api/query as its API address (or, over plain http, as its http_proxy)",
                       kAllow};
    if (method != "GET" && method != "HEAD" && method != "POST")
        return Refusal{405, "method " + std::string(method.substr(0, 32)) + " is not allowed; use GET (or POST for /api/query)",
                       kAllow};
    // "GET target HTTP/1.1\r\n"
    const std::size_t line = method.size() + 1 + target.size() + 1 + 8 + 2;
    if (const std::size_t limit = line_limit(method, target); line > limit)
        return Refusal{414, "the request line is longer than " + fmt_bytes(limit), {}};
    std::size_t head = 2;  // the blank line
    std::size_t hosts = 0, lengths = 0, encodings = 0;
    std::string_view transfer_encoding;
    for (const auto& field : req) {
        const std::size_t size = field.name_string().size() + 2 + field.value().size() + 2;
        if (size > limits_.max_header_line)
            return Refusal{431, "a header line is longer than " + fmt_bytes(limits_.max_header_line), {}};
        head += size;
        if (field.name() == http::field::host) ++hosts;
        if (field.name() == http::field::content_length) ++lengths;
        if (field.name() == http::field::transfer_encoding) {
            ++encodings;
            transfer_encoding = view(field.value());
        }
    }
    if (head > limits_.max_head)
        return Refusal{431, "the request headers are larger than " + fmt_bytes(limits_.max_head), {}};
    // RFC 9112 3.2: exactly one Host in HTTP/1.1. The request is answered
    // whatever it names; the rule keeps proxies and caches in front of this
    // server from reading a different request than it does.
    if (req.version() >= 11 && hosts != 1)
        return Refusal{400, hosts == 0 ? "an HTTP/1.1 request needs a Host header"
                                       : "a request may have only one Host header",
                       {}};
    // The framing primitives of request smuggling: a message whose end two
    // readers could place differently is refused.
    if (lengths > 0 && encodings > 0) return Refusal{400, parse_error_message(http::error::bad_transfer_encoding), {}};
    if (encodings > 0 && !iequals(trim_ows(transfer_encoding), "chunked"))
        return Refusal{501, "Transfer-Encoding " + std::string(transfer_encoding.substr(0, 64)) +
                                " is not supported; send Content-Length or chunked",
                       {}};
    // Without either, a POST's body would be taken for the next request.
    if (method == "POST" && lengths == 0 && encodings == 0)
        return Refusal{411, "a POST needs a Content-Length (or Transfer-Encoding: chunked) for its form body", {}};
    return std::nullopt;
}

Refusal HeadRules::oversized_head(std::string_view unparsed, const LineStart& line, bool line_parsed) const {
    const std::size_t limit = line_limit(line.method, line.target);
    const std::size_t line_size = line_parsed ? line.method.size() + line.target.size() + 12 : unparsed.size();
    if (line_size > limit) return Refusal{414, "the request line is longer than " + fmt_bytes(limit), {}};
    const size_t last = unparsed.rfind('\n');
    const std::size_t partial = last == std::string_view::npos ? unparsed.size() : unparsed.size() - (last + 1);
    if (partial > limits_.max_header_line)
        return Refusal{431, "a header line is longer than " + fmt_bytes(limits_.max_header_line), {}};
    return Refusal{431, "the request headers are larger than " + fmt_bytes(limits_.max_head), {}};
}

Refusal HeadRules::body_too_large() const {
    return Refusal{413, "the request body is larger than " + fmt_bytes(limits_.max_body), {}};
}

std::optional<Refusal> HeadRules::decode_body(std::string_view encoding_field, std::string& body,
                                              std::string& out) const {
    const std::string encoding(trim_ows(encoding_field));
    if (body.empty() || encoding.empty() || iequals(encoding, "identity")) {
        out = std::move(body);
        return std::nullopt;
    }
    const bool gzip = iequals(encoding, "gzip") || iequals(encoding, "x-gzip");
    if (!gzip && !iequals(encoding, "deflate"))
        return Refusal{415, "Content-Encoding " + encoding.substr(0, 64) +
                                " is not supported; send the body as it is, gzip or deflate",
                       {}};
    switch (inflate_body(body, limits_.max_body, gzip, out)) {
    case Inflated::Ok: return std::nullopt;
    case Inflated::TooLarge: return body_too_large();
    case Inflated::Corrupt: break;
    }
    return Refusal{400, "the request body could not be read (bad " + encoding.substr(0, 64) + " data)", {}};
}

}  // namespace arxiv::http_rules
