// QueryNode tree -> Xapian::Query, following the schema: text fields match
// analysed (folded, stemmed) terms, names match folded words inside one
// author, filter fields match normalised boolean terms without affecting
// ranking, date fields become value ranges. Also renders the tree for
// --explain.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "query/lang/expand.h"
#include "query/lang/match_terms.h"
#include "query/lang/query_ast.h"

namespace arxiv {

// One other form a leaf also searched (query/lang/expand.h), for --explain.
struct ExpansionNote {
    std::string typed;        // the leaf as written
    std::string alternative;  // the other form's terms
    std::string source;       // why
};

struct CompiledQuery {
    Xapian::Query query;
    std::vector<ExpansionNote> expansions;
    // Common words typed among others that the query does not require ("of"
    // in "quantisation of large language models"); phrases keep them.
    std::vector<std::string> not_required;
    // Terms of the positive free-text and author parts, wildcards and
    // author names, for highlighting.
    MatchTerms matched;
    // Every wildcard as Xapian expands it (field prefix + folded stem), the
    // negated ones too: what query/search/budget counts before a search.
    std::vector<std::string> wildcards;
    // False when no positive text word can give a match weight (filters,
    // authors, negations only): relevance order is then the id tie-break.
    bool ranked = false;
};

// Throws QuerySyntaxError for values a field cannot take (unknown category,
// malformed id, wildcard in a phrase, a term with no searchable words...).
// With `expand` (a database and/or curated synonyms), words and phrases of
// text fields also search their other written forms (query/lang/expand.h).
CompiledQuery compile_query(const QueryNode& root, const ExpandOptions& expand = {});

// The papers with these ids (arXiv's id_list: canonical versionless ids,
// as parse_arxiv_id gives them), weight 0. Any number of ids: each term
// matches at most one paper, so kMaxQueryTerms does not apply.
Xapian::Query id_list_query(const std::vector<std::string>& ids);

// Documents whose date field `f` lies in from..to ("YYYYMMDD", either end
// may be empty = open): whole years and months as terms, a value range only
// inside a partial first or last month. Exact, and fast beside other terms.
Xapian::Query date_range_query(const schema::Field& f, const std::string& from, const std::string& to);

// Most terms one wildcard may expand to before the query is refused.
constexpr Xapian::termcount kMaxWildcardExpansion = 2000;

// A readable tree of how the query was understood, one node per line; with
// `stems`, each word's indexed (stemmed) terms after it ("-> mixtur").
std::string explain_query(const QueryNode& root, bool stems = false);

}  // namespace arxiv
