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

#include <memory>
#include <string>
#include <string_view>

#include "query/lang/query_ast.h"

namespace arxiv {

std::unique_ptr<QueryNode> parse_query(std::string_view query);

// A date or date range as accepted by date:, updated:, --since/--until:
// YYYY, YYYY-MM, YYYY-MM-DD (or YYYYMMDD), "today", "yesterday", "Nd"
// (N days ago), and FROM..TO with either end open. A single date means the
// whole year, month or day. Bounds are YYYYMMDD strings; a month-only
// document date (YYYYMM00) falls inside any range that includes its month's
// start. Throws QuerySyntaxError (position = `position`).
struct DateBounds {
    std::string from, to;  // "" = open
};
DateBounds parse_date_range(std::string_view text, size_t position);

}  // namespace arxiv
