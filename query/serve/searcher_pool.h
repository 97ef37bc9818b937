// The open indexes the server's searches run on. Xapian::Database objects
// must not be shared between threads, and opening one per request would
// re-read the index headers every time, so each search borrows a Searcher,
// reopens it to see the latest commit, and gives it back. The pool holds at
// most `size` searchers, as many as the server has workers, so a borrow
// waits only when something else (the response cache's waiters, a test)
// holds one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "query/search/search.h"

namespace arxiv {

class SearcherPool {
public:
    // Each searcher runs within `budget` (query/search/budget.h).
    SearcherPool(std::string path, unsigned size, SearchBudget budget);

    // No searcher came free in time.
    struct Busy : std::runtime_error {
        using std::runtime_error::runtime_error;
    };

    class Lease {
    public:
        Lease(SearcherPool& pool, std::unique_ptr<Searcher> s) : pool_(pool), s_(std::move(s)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        // A searcher whose request failed may hold a broken handle: it is
        // given back only when `healthy` was set.
        ~Lease() { pool_.give_back(healthy ? std::move(s_) : nullptr); }
        Searcher& operator*() { return *s_; }
        Searcher* operator->() { return s_.get(); }
        bool healthy = false;

    private:
        SearcherPool& pool_;
        std::unique_ptr<Searcher> s_;
    };

    // A searcher that has seen the latest commit. Throws Busy when none came
    // free within `wait`, DatabaseUnavailable or Xapian::Error when the
    // index cannot be opened.
    std::unique_ptr<Lease> borrow(std::chrono::milliseconds wait);

    const std::string& path() const { return path_; }

private:
    void give_back(std::unique_ptr<Searcher> s);

    std::string path_;
    unsigned size_;
    SearchBudget budget_;
    std::mutex mutex_;
    std::condition_variable freed_;
    unsigned leased_ = 0;
    std::vector<std::unique_ptr<Searcher>> idle_;
};

}  // namespace arxiv
