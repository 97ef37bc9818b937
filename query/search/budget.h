// What one search may cost, so that no query — typed at a terminal or sent
// to the server by anyone — holds a core for long. Two bounds, checked
// before and during the match:
//  - the words its wildcards expand to, all together: each wildcard may
//    expand to kMaxWildcardExpansion words (query/lang/compile.h), but 28
//    two-letter wildcards within that limit made one OR of ~50,000 posting
//    lists, 17 s at the 75k-paper corpus;
//  - the CPU time of the match itself, for what no count foresees.
// Over either, SearchTooCostly: a clear error for the CLI (exit 2) and the
// server (400), never a result cut short without saying so.
#pragma once

#include <cstddef>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

namespace arxiv {

struct SearchBudget {
    std::size_t max_expanded_words = 10000;  // wildcard expansions of one query together; 0: no bound
    double cpu_seconds = 0;                  // CPU time of one match; 0: no bound
};

class SearchTooCostly : public std::runtime_error {
public:
    enum class Bound { Expansion, Cpu };
    SearchTooCostly(Bound bound, const std::string& message, std::string hint)
        : std::runtime_error(message), bound(bound), hint(std::move(hint)) {}
    Bound bound;
    std::string hint;
};

// Throws SearchTooCostly when the wildcard `patterns` (prefixed terms, as
// in Xapian's OP_WILDCARD) expand to more words in `db` than the budget.
void check_expansion(const Xapian::Database& db, const std::vector<std::string>& patterns,
                     const SearchBudget& budget);

// A MatchDecider that takes every document and throws SearchTooCostly once
// the calling thread has spent the budget's CPU seconds since it was made
// (the clock is read every few hundred documents). Xapian cannot send a
// decider to a remote shard, so searches through xapian-tcpsrv rely on the
// expansion bound alone.
class CpuDeadline : public Xapian::MatchDecider {
public:
    explicit CpuDeadline(double cpu_seconds);
    bool operator()(const Xapian::Document& doc) const override;
    // The same check, for loops of our own.
    void check() const;

private:
    double limit_;
    double start_;
    mutable unsigned calls_ = 0;
};

// The calling thread's CPU time in seconds.
double thread_cpu_seconds();

}  // namespace arxiv
