#include "query/lang/query_ast.h"

namespace arxiv {

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
