// arXiv API search_query language -> QueryNode tree, so that queries written
// for export.arxiv.org run unchanged against the local index
// (`arxiv-query --syntax arxiv`, and `serve`'s /api/query).
//
//   query   := or
//   or      := and ( [OR] and )*              juxtaposition means OR (as on arXiv)
//   and     := primary ( (AND | ANDNOT) primary )*
//   primary := ( or ) | prefix:value | "phrase" | word      a bare term is all:
//   value   := ( or ) | "phrase" | word | word*             searched in that field
//   date    := submittedDate:[FROM TO TO] | lastUpdatedDate:[FROM TO TO]
//
// Prefixes: ti au abs co jr cat rn id all (-> title author abstract comment
// journal cat report id all). A prefix binds to the one term, phrase or
// parenthesised group right after it: `ti:kv cache` is ti:kv OR all:cache,
// like arXiv; write ti:"kv cache" or ti:(kv AND cache) to keep both in the
// title. '+' separates terms like a space (an un-decoded URL query works).
// au:del_maestro is the name "del maestro" (underscores are spaces);
// au:smith_j (trailing initials) is "J. Smith". Date bounds are
// YYYYMMDD[HHMM[SS]] or '*'; the time is ignored (day precision, both ends
// inclusive).
#pragma once

#include <memory>
#include <string_view>

#include "query/lang/lexer.h"
#include "query/lang/query_ast.h"

namespace arxiv {

// Throws QuerySyntaxError with the byte offset of the mistake.
std::unique_ptr<QueryNode> parse_arxiv_query(std::string_view query);

// How the shared lexer (query/lang/lexer.h) reads arXiv's language: '+'
// separates, the prefixes above as written (case-insensitive), bracketed
// date ranges, AND, OR, ANDNOT; NOT is refused with a hint.
const LexerRules& arxiv_lexer_rules();

}  // namespace arxiv
