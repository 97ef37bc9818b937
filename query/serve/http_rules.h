// The rules a request's head and body must pass before an endpoint sees it
// — HTTP/1.1's framing (RFC 9112) and this server's limits (HttpLimits) —
// apart from any socket, so that the connection layer (http_server.cc) and
// the request fuzz harness (fuzz/fuzz_http.cc) apply the very same ones to
// what Boost.Beast's parser makes of the bytes.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>

#include "query/serve/http_server.h"

namespace arxiv::http_rules {

using error_code = boost::system::error_code;
using Header = boost::beast::http::request_header<>;

// An answer the layer gives itself instead of passing the request on.
struct Refusal {
    int status = 0;
    std::string message;
    std::vector<std::pair<std::string, std::string>> headers;
};

// Method and target of a request line that may be cut short (at most its
// first 4 KiB are read).
struct LineStart {
    std::string method, target;
};
LineStart read_line_start(std::string_view data);

// A message Beast could not parse, as opposed to the peer going away.
bool malformed(const error_code& ec);
// What the 400 for it says; the framing errors (the primitives of request
// smuggling) are named as such.
std::string parse_error_message(const error_code& ec);

// "64 KiB", "65537 bytes".
std::string fmt_bytes(std::size_t n);

class HeadRules {
public:
    HeadRules(const HttpLimits& limits, std::function<bool(std::string_view target)> long_get_allowed);

    const HttpLimits& limits() const { return limits_; }
    // What Beast may buffer of a head: the longest request line and the
    // header lines.
    std::size_t header_limit() const;
    // The longest request line `method` and `target` may have.
    std::size_t line_limit(std::string_view method, std::string_view target) const;

    // The checks a parsed head must pass: the method, the request line's
    // and the header lines' lengths, one Host in HTTP/1.1, an unambiguous
    // length, a POST's length.
    std::optional<Refusal> check_head(const Header& head) const;
    // Beast stopped at header_limit: which limit the head broke. `unparsed`
    // is what Beast left unparsed (the request line when it never ended,
    // else the header lines); `line` the request line as far as known.
    Refusal oversized_head(std::string_view unparsed, const LineStart& line, bool line_parsed) const;
    Refusal body_too_large() const;
    // A request body with its Content-Encoding (gzip, deflate or none)
    // undone into `out`, within max_body.
    std::optional<Refusal> decode_body(std::string_view encoding, std::string& body, std::string& out) const;

private:
    HttpLimits limits_;
    std::function<bool(std::string_view)> long_get_allowed_;
};

}  // namespace arxiv::http_rules
