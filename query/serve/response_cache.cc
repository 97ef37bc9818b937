#include "query/serve/response_cache.h"

#include <condition_variable>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include <xapian.h>

#include "common/util/dates.h"

namespace arxiv {

namespace {

// One computation that identical requests wait for.
struct Flight {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    std::optional<ApiResponse> answer;  // empty when the computation threw
};

}  // namespace

struct ResponseCache::State {
    std::string db_path;
    ResponseCacheLimits limits;

    std::mutex db_mutex;
    std::optional<Xapian::Database> db;  // only for its revision

    std::mutex mutex;
    using Lru = std::list<std::pair<std::string, ApiResponse>>;  // most recent first
    Lru lru;
    std::unordered_map<std::string, Lru::iterator> index;
    std::size_t bytes = 0;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flying;

    // The index and revision the next search will read: its UUID (a fresh
    // build exchanged into place is another index, whose revisions start
    // again) and revision; nullopt when it cannot be told (then nothing is
    // cached).
    std::optional<std::string> revision() {
        std::lock_guard<std::mutex> lock(db_mutex);
        try {
            if (!db) db.emplace(db_path);
            else db->reopen();
            return db->get_uuid() + " " + std::to_string(db->get_revision());
        } catch (const Xapian::Error&) {
            db.reset();
            return std::nullopt;
        }
    }

    void keep(const std::string& key, const ApiResponse& r) {
        const std::size_t size = key.size() + r.body.size() + r.content_type.size();
        if (r.status != 200 || size > limits.max_entry_bytes) return;
        std::lock_guard<std::mutex> lock(mutex);
        if (index.count(key)) return;
        lru.emplace_front(key, r);
        index.emplace(key, lru.begin());
        bytes += size;
        while (!lru.empty() && (lru.size() > limits.max_entries || bytes > limits.max_bytes)) {
            const auto& [old_key, old] = lru.back();
            bytes -= old_key.size() + old.body.size() + old.content_type.size();
            index.erase(old_key);
            lru.pop_back();
        }
    }
};

ResponseCache::ResponseCache(std::string db_path, ResponseCacheLimits limits) : state_(std::make_unique<State>()) {
    state_->db_path = std::move(db_path);
    state_->limits = limits;
}

ResponseCache::~ResponseCache() = default;

std::string ResponseCache::key_of(const std::string& route, const std::string& base_url, const ApiParams& params) {
    // Lengths first, so no value can pass for another parameter.
    std::string key = std::to_string(route.size()) + ':' + route + std::to_string(base_url.size()) + ':' + base_url;
    for (const auto& [name, value] : params) {
        key += '\n' + std::to_string(name.size()) + ':' + name + std::to_string(value.size()) + ':';
        key += value;
    }
    return key;
}

std::optional<ApiResponse> ResponseCache::find(const std::string& request_key) {
    State& st = *state_;
    const std::optional<std::string> revision = st.revision();
    if (!revision) return std::nullopt;
    const std::string key = request_key + "\n" + *revision + " " + format_utc(std::time(nullptr), "%Y-%m-%d");
    std::lock_guard<std::mutex> lock(st.mutex);
    auto hit = st.index.find(key);
    if (hit == st.index.end()) return std::nullopt;
    st.lru.splice(st.lru.begin(), st.lru, hit->second);
    return hit->second->second;
}

ApiResponse ResponseCache::get(const std::string& request_key, std::chrono::milliseconds wait,
                               const std::function<ApiResponse()>& compute) {
    State& st = *state_;
    const std::optional<std::string> revision = st.revision();
    if (!revision) return compute();
    const std::string key = request_key + "\n" + *revision + " " + format_utc(std::time(nullptr), "%Y-%m-%d");

    std::shared_ptr<Flight> flight;
    bool mine = false;
    {
        std::lock_guard<std::mutex> lock(st.mutex);
        if (auto hit = st.index.find(key); hit != st.index.end()) {
            st.lru.splice(st.lru.begin(), st.lru, hit->second);
            return hit->second->second;
        }
        auto& slot = st.flying[key];
        if (!slot) {
            slot = std::make_shared<Flight>();
            mine = true;
        }
        flight = slot;
    }
    if (!mine) {
        std::unique_lock<std::mutex> lock(flight->mutex);
        if (flight->done_cv.wait_for(lock, wait, [&] { return flight->done; }) && flight->answer)
            return *flight->answer;
        lock.unlock();
        return compute();  // it failed or took too long: search alone
    }
    // This request searches; the others asking the same wait for it.
    struct Land {
        State& st;
        const std::string& key;
        std::shared_ptr<Flight> flight;
        ~Land() {
            {
                std::lock_guard<std::mutex> lock(st.mutex);
                st.flying.erase(key);
            }
            {
                std::lock_guard<std::mutex> lock(flight->mutex);
                flight->done = true;
            }
            flight->done_cv.notify_all();
        }
    } land{st, key, flight};
    ApiResponse answer = compute();
    {
        std::lock_guard<std::mutex> lock(flight->mutex);
        flight->answer = answer;
    }
    st.keep(key, answer);
    return answer;
}

}  // namespace arxiv
