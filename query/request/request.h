// What `arxiv-query` does once its flags are parsed, kept out of main() so
// that it can be tested and reused (digest, server).
#pragma once

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema/synonyms.h"
#include "query/lang/compile.h"
#include "query/lang/query_ast.h"
#include "query/output/formatter.h"
#include "query/search/like.h"
#include "query/search/search.h"

namespace arxiv {

// The query languages a request may be written in: ours, or the arXiv
// API's search_query (query/lang/arxiv_syntax.h). Names as --syntax and
// /search's syntax= take them.
enum class Syntax { Ours, Arxiv };
const std::vector<std::string>& syntax_names();
// The Syntax a name stands for; nullopt for any other text.
std::optional<Syntax> parse_syntax(std::string_view name);

// A one-shot search's CPU bound by default (arxiv-query --max-cpu): ample
// for any sensible query (the broadest take well under a second at the
// 75k-paper corpus), short enough that a runaway one ends.
constexpr double kDefaultMaxCpuSeconds = 10;

struct QueryRequest {
    std::string query;                    // may be empty when filters are given
    Syntax syntax = Syntax::Ours;
    std::string since, until;             // submitted-date bounds (--since/--until)
    // How errors in since/until name them: the flags, or the server's from/to.
    std::string since_name = "--since", until_name = "--until";
    std::vector<std::string> categories;  // --category, any of them
    SearchOptions search;
    std::string format = "text";
    OutputOptions output;
    bool count_only = false;
    bool explain = false;
    bool stems = false;                      // --stems: --explain shows indexed (stemmed) terms
    bool exact = false;                      // --exact: search only the forms typed
    LikeRequest like;                        // --like / --like-text: rank by similarity
    std::vector<std::string> facets;         // --facets (query/search/facets.h names)
    size_t facet_limit = 10;                 // --facet-limit
    std::vector<std::string> synonym_files;  // --synonyms FILE (beside the built-in and user lists)
    // What the search may cost (--max-cpu; query/search/budget.h).
    SearchBudget budget{10000, kDefaultMaxCpuSeconds};

    // What is wrong with the request as a whole, beyond any one value (each
    // of which its parser checks): empty when nothing is. arxiv-query and
    // the server both ask this before running it.
    std::string validate() const;
};

// Parses the query and adds the flag filters: the tree that will run.
// Throws QuerySyntaxError; errors in flag values name the flag.
std::unique_ptr<QueryNode> build_query_tree(const QueryRequest& request);

// The request as it will run against one index: its tree, compiled with the
// other written forms of its words (unless `exact`), and ranked by likeness
// to papers or text when asked. Shared by `arxiv-query` and the server's
// /search so that both find the same papers. Throws QuerySyntaxError,
// LikeError, Xapian::Error.
struct PreparedQuery {
    std::unique_ptr<QueryNode> tree;
    CompiledQuery compiled;
    LikeQuery like;
};
PreparedQuery prepare_query(const QueryRequest& request, const Xapian::Database& db,
                            const CuratedSynonyms& curated);

// One page of `prepared`: fills `info` (total, query terms for highlighting,
// the Did-you-mean suggestion, the facets asked for) and returns the hits.
// `exact_total` as SearchOptions::exact_total.
std::vector<Hit> search_prepared(const QueryRequest& request, const PreparedQuery& prepared,
                                 Searcher& searcher, bool exact_total, ResultInfo& info);

// Runs the request and prints to `out` (a spelling suggestion of a format
// other than text to `err`). Returns the exit code (0 results,
// 1 none). Throws QuerySyntaxError, DatabaseUnavailable, Xapian::Error.
int run_query(const QueryRequest& request, const std::string& db_path, std::ostream& out,
              std::ostream& err = std::cerr);

// "arxiv-query: error: ..." with the query and a caret under the position.
std::string describe_syntax_error(const std::string& query, const QuerySyntaxError& e);

}  // namespace arxiv
