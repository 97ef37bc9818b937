// What the server's endpoints share beneath HTTP: the open indexes (the
// searcher pool), the curated synonyms, the options, reading the search
// parameters that /search and the page have in common, and running one
// such search. The endpoints themselves are arxiv_api (/api/query),
// search_api (/search) and page_endpoint (/); none of them knows the HTTP
// library.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema/synonyms.h"
#include "query/lang/query_ast.h"
#include "query/request/request.h"
#include "query/search/results.h"
#include "query/serve/http_message.h"
#include "query/serve/searcher_pool.h"
#include "query/serve/server.h"

namespace arxiv {

// The value of `key`, "" when absent (the first, when repeated).
std::string param(const ApiParams& params, const std::string& key);
// Whether `s` has anything but blanks.
bool has_text(std::string_view s);
// `s` without leading and trailing blanks.
std::string trim_blanks(std::string_view s);

// A request parameter that must be a non-negative integer; absent or empty:
// `fallback`. Returns what is wrong, in arXiv's wording, or "".
std::string read_count(const ApiParams& params, const std::string& key, std::uint64_t fallback,
                       std::uint64_t& value);

// "syntax error in q: unclosed '(' (column 7)"; the hint is kept apart.
std::string syntax_message(const std::string& what, const std::string& query, const QuerySyntaxError& e);

// A parameter that cannot be taken: the message names it.
struct ParamError {
    std::string message, hint;
};

// One search of /search or the page: its results, or an error (status,
// message naming the parameter, hint, and for a syntax error in q the
// query with a caret under the column).
struct SearchRun {
    int status = 200;
    std::string error, hint, caret;
    ResultInfo info;
    std::vector<Hit> hits;
    std::uint64_t documents = 0;  // papers in the index
};

class SearchService {
public:
    // Opens the index once to check it: throws DatabaseUnavailable, and
    // SynonymFileError for a synonym file that cannot be read.
    SearchService(std::string db_path, ServeOptions options);

    const ServeOptions& options() const { return options_; }
    const std::string& db_path() const { return db_path_; }
    SearcherPool& pool() { return pool_; }
    // The curated synonym groups every endpoint searches with.
    const CuratedSynonyms& curated() const { return curated_; }
    // How long a request waits for a free searcher before a 503.
    std::chrono::milliseconds search_wait() const;

    // The parameters /search and the page share — q, like, like_text,
    // syntax, limit, offset, facet_limit, sort, reverse, exact, from, to —
    // read into `qr` (and the offset asked, which may exceed kMaxOffset).
    std::optional<ParamError> read_search_params(const ApiParams& params, QueryRequest& qr,
                                                 std::uint64_t& offset) const;

    // Runs `qr` (or, when `search` is false, only counts the papers).
    SearchRun run(const QueryRequest& qr, std::uint64_t offset, bool search = true);

private:
    std::string db_path_;
    ServeOptions options_;
    SearcherPool pool_;
    CuratedSynonyms curated_;  // loaded once: the built-in, the user's and --synonyms files
};

}  // namespace arxiv
