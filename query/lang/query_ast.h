// The parsed form of a query, independent of Xapian: the parser builds it,
// the compiler turns it into a Xapian::Query, and --explain prints it. Other
// syntaxes (arXiv API search_query) can build the same tree.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema/schema.h"
#include "common/text/text.h"

namespace arxiv {

// A query the user must fix: the message says what is wrong and `position`
// (byte offset into the query) where. Messages quote the query, which may
// hold anything: they are made printable (a NUL would cut what() short, an
// escape sequence would reach the terminal) and at most 300 characters
// long (a 30 KB value is shown by the excerpt under it, not repeated).
class QuerySyntaxError : public std::runtime_error {
public:
    QuerySyntaxError(const std::string& message, size_t position, std::string hint = "")
        : std::runtime_error(clip_text(printable_text(message), 300)), position(position),
          hint(clip_text(printable_text(hint), 300)) {}
    size_t position;
    std::string hint;  // what to do about it; may be empty
};

// How every program shows a QuerySyntaxError in `query` (arxiv-query, the
// digest's configuration, the server): the message with the error's column
// (1-based, in code points) when it has a position —
//   "unclosed '(' (column 7)"
std::string syntax_error_message(const std::string& query, const QuerySyntaxError& e);
// — and under it the query and a caret at that column, two lines indented by
// two spaces; a long query is cut to 72 code points around the column with
// '…', control characters show as '?'. Empty when the error has no position.
//   "  kv OR (cache\n        ^\n"
std::string syntax_error_caret(const std::string& query, const QuerySyntaxError& e);

// Limits on what one query may ask (README, "Limits"): parsing, compiling
// and --explain recurse over the tree, and Xapian's cost grows faster than
// linearly with the number of terms (a 4,000-word OR took 2.8 s).
constexpr size_t kMaxQueryBytes = 32 * 1024;
constexpr size_t kMaxQueryNesting = 100;  // parentheses and negations inside each other
constexpr size_t kMaxQueryTerms = 1000;   // words (phrase words count one each), values, ranges

// Throws if `query` is longer than kMaxQueryBytes.
void check_query_length(std::string_view query);

// Counts one level of nesting for as long as it lives; throws when a query
// nests deeper than kMaxQueryNesting.
class NestingGuard {
public:
    NestingGuard(size_t& depth, size_t position);
    ~NestingGuard() { --depth_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

private:
    size_t& depth_;
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
    bool exact = false;                    // =word / --exact: no other written forms (query/lang/expand.h)
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
