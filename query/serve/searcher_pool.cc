#include "query/serve/searcher_pool.h"

#include <utility>

namespace arxiv {

SearcherPool::SearcherPool(std::string path, unsigned size, SearchBudget budget)
    : path_(std::move(path)), size_(size ? size : 1), budget_(budget) {}

std::unique_ptr<SearcherPool::Lease> SearcherPool::borrow(std::chrono::milliseconds wait) {
    std::unique_ptr<Searcher> s;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!freed_.wait_for(lock, wait, [&] { return leased_ < size_; }))
            throw Busy("the server is busy: all " + std::to_string(size_) + " searches were taken for " +
                       std::to_string(wait.count() / 1000) + " s; retry in a moment");
        ++leased_;
        if (!idle_.empty()) {
            s = std::move(idle_.back());
            idle_.pop_back();
        }
    }
    try {
        if (s) s->refresh();  // cheap; picks up the indexer's last commit (or a replica's)
        else {
            s = std::make_unique<Searcher>(path_);
            s->set_budget(budget_);
        }
    } catch (...) {
        give_back(nullptr);
        throw;
    }
    return std::make_unique<Lease>(*this, std::move(s));
}

void SearcherPool::give_back(std::unique_ptr<Searcher> s) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        --leased_;
        if (s) idle_.push_back(std::move(s));
    }
    freed_.notify_one();
}

}  // namespace arxiv
