#include "query/serve/http_message.h"

#include <algorithm>
#include <cctype>

namespace arxiv {

std::string HttpRequest::header(std::string_view name) const {
    for (const auto& [n, value] : headers) {
        if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            }))
            return value;
    }
    return "";
}

std::string route_of(std::string_view target) {
    target = target.substr(0, target.find_first_of("?#"));
    const size_t scheme = target.find("://");
    if (scheme != std::string_view::npos && scheme < target.find('/')) {
        const size_t slash = target.find('/', scheme + 3);
        target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
    return std::string(target);
}

}  // namespace arxiv
