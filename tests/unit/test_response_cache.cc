// query/serve/response_cache: answers kept per request and index revision.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "query/serve/response_cache.h"

using namespace arxiv;
using namespace std::chrono_literals;

namespace {

struct TempIndex {
    std::string path;
    TempIndex() {
        char tmpl[] = "/tmp/arxiv-cache-test-XXXXXX";
        path = std::string(mkdtemp(tmpl)) + "/db";
        Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN).commit();
    }
    ~TempIndex() { std::filesystem::remove_all(std::filesystem::path(path).parent_path()); }
    void commit_one() {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        db.add_document(Xapian::Document());
        db.commit();
    }
};

ApiResponse answer(int status, const std::string& body) { return {status, "text/plain", body, 1}; }

}  // namespace

TEST_CASE("response cache: one search per request and index revision", "[serve][cache]") {
    TempIndex index;
    ResponseCache cache(index.path);
    int searched = 0;
    auto search = [&] { return answer(200, "page " + std::to_string(++searched)); };
    const std::string key = ResponseCache::key_of("/search", "", {{"q", "kv cache"}});
    CHECK(cache.get(key, 1s, search).body == "page 1");
    CHECK(cache.get(key, 1s, search).body == "page 1");  // kept
    CHECK(searched == 1);
    // Another request is another answer.
    CHECK(cache.get(ResponseCache::key_of("/search", "", {{"q", "kv cache"}, {"limit", "20"}}), 1s, search).body ==
          "page 2");
    // A commit of the indexer: searched again.
    index.commit_one();
    CHECK(cache.get(key, 1s, search).body == "page 3");
    CHECK(cache.get(key, 1s, search).body == "page 3");

    // Errors are not kept; what the search throws reaches the caller.
    int failed = 0;
    const std::string bad = ResponseCache::key_of("/search", "", {{"q", "("}});
    for (int i = 0; i < 2; ++i) CHECK(cache.get(bad, 1s, [&] { return answer(400, std::to_string(++failed)); }).status == 400);
    CHECK(failed == 2);
    CHECK_THROWS_AS(cache.get(bad, 1s, []() -> ApiResponse { throw std::runtime_error("boom"); }), std::runtime_error);
    CHECK(cache.get(bad, 1s, [] { return answer(200, "fine"); }).body == "fine");
}

TEST_CASE("response cache: keys, bounds and identical requests at once", "[serve][cache]") {
    // No parameter value can pass for another parameter or the base URL.
    CHECK(ResponseCache::key_of("/api/query", "http://a", {{"a", "1\n1:b1:2"}}) !=
          ResponseCache::key_of("/api/query", "http://a", {{"a", "1"}, {"b", "2"}}));
    CHECK(ResponseCache::key_of("/api/query", "http://a", {}) != ResponseCache::key_of("/api/query", "http://b", {}));
    CHECK(ResponseCache::key_of("/search", "", {{"q", "x"}}) != ResponseCache::key_of("/api/query", "", {{"q", "x"}}));

    TempIndex index;
    ResponseCacheLimits limits;
    limits.max_entries = 2;
    limits.max_entry_bytes = 100;
    ResponseCache cache(index.path, limits);
    int searched = 0;
    auto get = [&](const std::string& q, size_t size = 10) {
        return cache.get(ResponseCache::key_of("/search", "", {{"q", q}}), 1s,
                         [&] { return answer(200, std::to_string(++searched) + std::string(size, '.')); });
    };
    get("a");
    get("b");
    get("a");  // kept
    CHECK(searched == 2);
    get("c");  // the least recently used, b, goes
    get("a");
    CHECK(searched == 3);
    get("b");
    CHECK(searched == 4);
    get("big", 200);  // over the entry bound: answered, not kept
    get("big", 200);
    CHECK(searched == 6);

    // Identical requests at once: the first searches, and its search lasts
    // until all sixteen have asked; the others wait for its answer.
    std::atomic<int> runs{0}, arrived{0};
    std::mutex m;
    std::condition_variable all_arrived;
    std::vector<std::thread> clients;
    std::vector<std::string> bodies(16);
    for (int i = 0; i < 16; ++i)
        clients.emplace_back([&, i] {
            {
                std::lock_guard<std::mutex> lock(m);
                ++arrived;
            }
            all_arrived.notify_all();
            bodies[i] = cache.get(ResponseCache::key_of("/search", "", {{"q", "same"}}), 30s, [&] {
                               ++runs;
                               std::unique_lock<std::mutex> lock(m);
                               all_arrived.wait_for(lock, 30s, [&] { return arrived == 16; });
                               return answer(200, "same");
                           }).body;
        });
    for (auto& t : clients) t.join();
    for (const auto& b : bodies) CHECK(b == "same");
    CHECK(runs == 1);
}
