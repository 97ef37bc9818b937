// Recent answers of the search endpoints, per index revision, so that
// identical requests — many clients running the same query, a client
// asking for a page again — are searched once. A phrase such as
// "large language model" costs 35-55 ms of CPU at the 75k-paper corpus
// (positions of 20k papers in four fields; docs/benchmarks.md), so without
// this two cores answer about 40 of them a second whatever the clients.
//
// An answer is keyed by the request (route, base URL, every parameter) and
// by the index revision and the UTC day (the feed's <updated>): a commit of
// a running arxiv-index is seen by the next request, as without the cache.
// An identical request arriving while one is being searched waits for that
// one's answer instead of searching again. Only 200 answers are kept, least
// recently used first out, within an entry count and a byte bound.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "query/serve/server.h"

namespace arxiv {

struct ResponseCacheLimits {
    std::size_t max_entries = 512;
    std::size_t max_bytes = 32 * 1024 * 1024;  // bodies and keys together
    std::size_t max_entry_bytes = 2 * 1024 * 1024;
};

class ResponseCache {
public:
    ResponseCache(std::string db_path, ResponseCacheLimits limits = {});
    ~ResponseCache();
    ResponseCache(const ResponseCache&) = delete;
    ResponseCache& operator=(const ResponseCache&) = delete;

    // The answer to the request `key` names: kept, being computed for an
    // identical request (waited for up to `wait`), or from `compute`.
    // Anything `compute` throws reaches the caller.
    ApiResponse get(const std::string& key, std::chrono::milliseconds wait,
                    const std::function<ApiResponse()>& compute);
    // The answer kept for `key` at the index's current revision, if any;
    // never waits and never computes (what the I/O thread may ask).
    std::optional<ApiResponse> find(const std::string& key);

    // The key of a request: route, base URL and parameters in order.
    static std::string key_of(const std::string& route, const std::string& base_url, const ApiParams& params);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace arxiv
