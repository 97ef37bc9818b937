// The parsed form of a query, independent of Xapian: the parser builds it,
// the compiler turns it into a Xapian::Query, and --explain prints it. Other
// syntaxes (arXiv API search_query) can build the same tree.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/schema.h"

namespace arxiv {

// A query the user must fix: the message says what is wrong and `position`
// (byte offset into the query) where.
class QuerySyntaxError : public std::runtime_error {
public:
    QuerySyntaxError(const std::string& message, size_t position, std::string hint = "")
        : std::runtime_error(message), position(position), hint(std::move(hint)) {}
    size_t position;
    std::string hint;  // what to do about it; may be empty
};

struct QueryNode {
    enum class Kind {
        And,       // all children; `excluded` children are subtracted
        Or,        // any child
        Word,      // one word as written (may split into several terms: "KV-cache")
        Phrase,    // quoted words, in order
        Wildcard,  // a word ending in '*': text = the part before '*'
        Range,     // a date range on field->slot: from/to are YYYYMMDD bounds
        MatchAll,  // everything (a query that only excludes)
    };
    Kind kind = Kind::MatchAll;
    const schema::Field* field = nullptr;  // leaves: the field searched
    std::string text;                      // leaves: the value as written
    std::string from, to;                  // Range: inclusive bounds, "" = open
    size_t position = 0;                   // byte offset in the query
    std::vector<std::unique_ptr<QueryNode>> children;  // And/Or
    std::vector<std::unique_ptr<QueryNode>> excluded;  // And: NOT children

    static std::unique_ptr<QueryNode> leaf(Kind kind, const schema::Field* field,
                                           std::string text, size_t position) {
        auto n = std::make_unique<QueryNode>();
        n->kind = kind;
        n->field = field;
        n->text = std::move(text);
        n->position = position;
        return n;
    }
};

}  // namespace arxiv
