// Our query language -> QueryNode tree. Hand-written rather than Xapian's
// QueryParser so that every mistake is reported with its position (Xapian
// silently reinterprets "a OR (b" and drops quoted field values), and so that
// --explain can show exactly what was understood.
//
//   query  := or
//   or     := and ( OR and )*
//   and    := unary ( [AND] unary )*          implicit AND between terms
//   unary  := NOT unary | -primary | +primary | primary
//   primary:= ( or ) | field:value | "phrase" | word | word*
//   value  := ( or ) | "phrase" | word | word*   (searched in that field)
//
// Operators are upper case (AND, OR, NOT); anything else is a word.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>

#include <string>
#include <vector>

#include "common/util/dates.h"
#include "query/lang/lexer.h"
#include "query/lang/query_ast.h"

namespace arxiv {

std::unique_ptr<QueryNode> parse_query(std::string_view query);

// How the shared lexer (query/lang/lexer.h) reads our language: field names
// case-insensitive with '_', '=' exact marks, '-'/'+' signs, AND, OR, NOT.
const LexerRules& our_lexer_rules();

// The words "or", "and" and "not" written in lower case between two terms
// ("llm or agents"): searched as words, since only upper-case OR, AND and
// NOT are operators. For a hint; none for a query that does not lex.
std::vector<std::string> lowercase_operator_words(std::string_view query);

// A date or date range as date:, updated: and the other date fields take
// it: parse_date_bounds (common/util/dates.h) with its mistakes as a
// QuerySyntaxError at `position` plus where in `text` the mistake is.
DateBounds parse_date_range(std::string_view text, size_t position);

// The same for a date given to a flag (--since, --until): a mistake names
// the flag and its text instead of a column, with the same hint —
// "--since 2025-13: invalid date '2025-13': month must be 01-12".
DateBounds parse_flag_date(const std::string& flag, const std::string& text, std::time_t now = std::time(nullptr));

}  // namespace arxiv
