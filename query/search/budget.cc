#include "query/search/budget.h"

#include <cstdio>

namespace arxiv {

void check_expansion(const Xapian::Database& db, const std::vector<std::string>& patterns,
                     const SearchBudget& budget) {
    if (budget.max_expanded_words == 0 || patterns.empty()) return;
    std::size_t words = 0;
    for (const std::string& pattern : patterns) {
        // Stop counting as soon as the bound is passed: the count of a
        // two-letter prefix alone could take a while on a large index.
        for (auto t = db.allterms_begin(pattern); t != db.allterms_end(pattern); ++t)
            if (++words > budget.max_expanded_words)
                throw SearchTooCostly(SearchTooCostly::Bound::Expansion,
                                      "the wildcards of this query match more than " +
                                          std::to_string(budget.max_expanded_words) + " words together",
                                      "use longer prefixes before '*', or fewer wildcards");
    }
}

double thread_cpu_seconds() {
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

CpuDeadline::CpuDeadline(double cpu_seconds) : limit_(cpu_seconds), start_(thread_cpu_seconds()) {}

bool CpuDeadline::operator()(const Xapian::Document&) const {
    if ((++calls_ & 255) == 0) check();
    return true;
}

void CpuDeadline::check() const {
    if (limit_ <= 0 || thread_cpu_seconds() - start_ <= limit_) return;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", limit_);
    throw SearchTooCostly(SearchTooCostly::Bound::Cpu, std::string("the search took more than its ") + seconds + " s of CPU time",
                          "narrow the query (fewer OR terms or wildcards, a field, a date range)");
}

}  // namespace arxiv
