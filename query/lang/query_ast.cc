#include "query/lang/query_ast.h"

#include <algorithm>
#include <utility>

namespace arxiv {

namespace {

bool has_column(const std::string& query, const QuerySyntaxError& e) {
    return e.position != std::string::npos && e.position <= query.size();
}

size_t column_of(const std::string& query, const QuerySyntaxError& e) {
    return utf8_length(std::string_view(query).substr(0, e.position));
}

// The part of the query shown above the caret: at most kShown code points
// around `column`, with '…' where it was cut, control characters as '?'
// (a query is text typed or pasted by someone, and may hold anything).
// Returns the excerpt and the caret's column in it.
std::pair<std::string, size_t> query_excerpt(const std::string& query, size_t column) {
    constexpr size_t kShown = 72;
    std::vector<std::string> cps;
    for (size_t i = 0; i < query.size();) {
        size_t start = i;
        char32_t cp = next_code_point(query, i);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) cps.emplace_back("?");
        else cps.emplace_back(query.substr(start, i - start));
    }
    size_t first = 0, last = cps.size();
    if (cps.size() > kShown) {
        first = column > kShown / 2 ? column - kShown / 2 : 0;
        last = std::min(cps.size(), first + kShown);
        if (last - first < kShown) first = last - kShown;
    }
    std::string line = first > 0 ? "…" : "";
    for (size_t k = first; k < last; ++k) line += cps[k];
    if (last < cps.size()) line += "…";
    return {line, column - first + (first > 0 ? 1 : 0)};
}

}  // namespace

std::string syntax_error_message(const std::string& query, const QuerySyntaxError& e) {
    std::string msg = e.what();
    if (has_column(query, e)) msg += " (column " + std::to_string(column_of(query, e) + 1) + ")";
    return msg;
}

std::string syntax_error_caret(const std::string& query, const QuerySyntaxError& e) {
    if (!has_column(query, e)) return "";
    auto [line, caret] = query_excerpt(query, column_of(query, e));
    return "  " + line + "\n  " + std::string(caret, ' ') + "^\n";
}

void check_query_length(std::string_view query) {
    if (query.size() > kMaxQueryBytes)
        throw QuerySyntaxError("the query is " + std::to_string(query.size()) + " bytes long; at most " +
                                   std::to_string(kMaxQueryBytes) + " are accepted",
                               std::string::npos, "split it into several queries");
}

NestingGuard::NestingGuard(size_t& depth, size_t position) : depth_(depth) {
    if (depth_ >= kMaxQueryNesting)
        throw QuerySyntaxError("the query nests more than " + std::to_string(kMaxQueryNesting) +
                                   " levels of parentheses or negations",
                               position, "simplify it: a (b (c)) is a b c");
    ++depth_;
}

}  // namespace arxiv
