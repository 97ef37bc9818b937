#include "query/serve/html.h"

#include "common/text/text.h"

namespace arxiv {
namespace {

void append_escaped(std::string& out, std::string_view text) {
    for (char c : xml_text(text)) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    append_escaped(out, text);
    return out;
}

std::string html_marked(std::string_view text, const std::vector<TextSpan>& spans) {
    std::string out;
    size_t pos = 0;
    for (const TextSpan& s : spans) {
        if (s.begin < pos || s.end <= s.begin || s.end > text.size()) continue;
        append_escaped(out, text.substr(pos, s.begin - pos));
        out += "<mark>";
        append_escaped(out, text.substr(s.begin, s.end - s.begin));
        out += "</mark>";
        pos = s.end;
    }
    append_escaped(out, text.substr(pos));
    return out;
}

std::string url_encode(std::string_view value) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (unsigned char c : value) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || c == ':' || c == ',' || c == '/') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string url_decode(std::string_view value) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(value.size());
    for (size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < value.size() && hex(value[i + 1]) >= 0 && hex(value[i + 2]) >= 0) {
            out += static_cast<char>(hex(value[i + 1]) * 16 + hex(value[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::multimap<std::string, std::string> parse_query_string(std::string_view query) {
    std::multimap<std::string, std::string> out;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (item.empty()) continue;
        const size_t eq = item.find('=');
        out.emplace(url_decode(item.substr(0, eq)),
                    eq == std::string_view::npos ? std::string() : url_decode(item.substr(eq + 1)));
    }
    return out;
}

}  // namespace arxiv
