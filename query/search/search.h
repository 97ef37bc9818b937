// Running a compiled query against the index: exact totals, sorting with a
// deterministic tie-break, paging, and reopen-and-retry when an indexer
// commits while we read.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "query/lang/compile.h"
#include "query/search/budget.h"
#include "query/search/results.h"

namespace arxiv {

// The index does not exist or cannot be read (exit code 3).
class DatabaseUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The orders a search can give. Names (sort_names(), in this order) are
// what --sort, /search's sort= and the output's "sort" say.
enum class Sort { Relevance, Submitted, Updated, Id };
const std::vector<std::string>& sort_names();
const std::string& sort_name(Sort sort);
// The Sort a name stands for; nullopt for any other text.
std::optional<Sort> parse_sort(std::string_view name);

struct SearchOptions {
    Sort sort = Sort::Relevance;
    bool reverse = false;            // oldest first (not for relevance)
    std::uint64_t offset = 0;
    std::uint64_t limit = 10;
    // Count every match exactly (ResultInfo::total). When false, total is
    // only a lower bound (> 0 whenever something matched).
    bool exact_total = true;
};

class Searcher {
public:
    explicit Searcher(const std::string& db_path);

    // Hits for one page plus the exact total. `info` gets total/offset/limit/
    // sort filled in; query text and highlight terms are the caller's.
    std::vector<Hit> search(const CompiledQuery& query, const SearchOptions& options,
                            ResultInfo& info);

    // Exact number of matching documents.
    std::uint64_t count(const CompiledQuery& query);

    // Exact facet counts over every match (query/search/facets.h).
    std::vector<FacetResult> facets(const CompiledQuery& query, const std::vector<std::string>& names, size_t limit);

    // What each search, count and facet count may cost (query/search/budget.h);
    // over it they throw SearchTooCostly. None by default.
    void set_budget(const SearchBudget& budget) { budget_ = budget; }
    const SearchBudget& budget() const { return budget_; }

    Xapian::Database& database() { return db_; }

    // Sees the latest commit: Database::reopen(), except on a replica, which
    // is opened anew from its path (reopen() does not follow its stub to a
    // new full copy).
    void refresh();

private:
    std::string path_;
    bool through_stub_ = false;  // opened_through_stub() in common/util/db_location.h: reopen by path
    Xapian::Database db_;
    bool remote_ = false;  // reaches a remote shard (xapian-tcpsrv, xapian-progsrv)
    SearchBudget budget_{0, 0};
};

}  // namespace arxiv
