// arxiv-bench-qps: in-process queries per second of arxiv-search, the
// counterpart of `fts5.py qps`. One Searcher (one open database) serves every
// query, as a long-running process would; each query is parsed, compiled,
// searched (exact total, first page) and formatted as ids into a discarded
// stream, like `arxiv-query --format ids`.
//
// Usage: arxiv-bench-qps DB SECONDS [--latency] < queries
// Each input line: NAME <TAB> SORT <TAB> QUERY  (SORT: relevance|submitted|...)
// Output: one JSON object {"NAME": queries_per_second, ...}; with --latency
// {"NAME": {"qps": Q, "p50_ms": P50, "p99_ms": P99}, ...} (per query, in process).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "query/lang/compile.h"
#include "query/output/formatter.h"
#include "query/request/request.h"
#include "query/search/search.h"

namespace {

struct Item {
    std::string name, sort, query;
};

void run_once(arxiv::Searcher& searcher, const arxiv::QueryRequest& req, std::ostream& sink) {
    auto tree = arxiv::build_query_tree(req);
    arxiv::CompiledQuery compiled = arxiv::compile_query(*tree);
    arxiv::ResultInfo info;
    info.query = req.query;
    std::vector<arxiv::Hit> hits = searcher.search(compiled, req.search, info);
    auto formatter = arxiv::make_formatter("ids", sink, req.output);
    formatter->begin(info);
    for (const auto& h : hits) formatter->hit(h);
    formatter->end(info);
}

}  // namespace

int main(int argc, char** argv) {
    const bool latency = argc == 4 && std::string(argv[3]) == "--latency";
    if (argc != 3 && !latency) {
        std::cerr << "usage: arxiv-bench-qps DB SECONDS [--latency] < queries.tsv\n";
        return 2;
    }
    const std::string db = argv[1];
    const double seconds = std::atof(argv[2]);
    std::vector<Item> items;
    for (std::string line; std::getline(std::cin, line);) {
        std::istringstream in(line);
        Item it;
        if (std::getline(in, it.name, '\t') && std::getline(in, it.sort, '\t') &&
            std::getline(in, it.query))
            items.push_back(it);
    }
    try {
        arxiv::Searcher searcher(db);
        std::ostringstream sink;
        std::cout << "{";
        for (size_t i = 0; i < items.size(); ++i) {
            arxiv::QueryRequest req;
            req.query = items[i].query;
            auto sort = arxiv::parse_sort(items[i].sort);
            if (!sort) {
                std::cerr << "arxiv-bench-qps: " << items[i].name << ": unknown sort " << items[i].sort << "\n";
                return 2;
            }
            req.search.sort = *sort;
            req.search.limit = 10;
            req.format = "ids";
            run_once(searcher, req, sink);  // warm
            using clock = std::chrono::steady_clock;
            auto t0 = clock::now();
            long n = 0;
            double el = 0;
            std::vector<double> ms;
            do {
                sink.str("");
                auto q0 = clock::now();
                run_once(searcher, req, sink);
                ++n;
                const auto now = clock::now();
                ms.push_back(std::chrono::duration<double, std::milli>(now - q0).count());
                el = std::chrono::duration<double>(now - t0).count();
            } while (el < seconds || n < 3);
            std::cout << (i ? ", " : "") << "\"" << items[i].name << "\": ";
            if (!latency) {
                std::cout << n / el;
                continue;
            }
            std::sort(ms.begin(), ms.end());
            auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))]; };
            std::cout << "{\"qps\": " << n / el << ", \"p50_ms\": " << pct(0.5) << ", \"p99_ms\": " << pct(0.99) << "}";
        }
        std::cout << "}\n";
    } catch (const std::exception& e) {
        std::cerr << "arxiv-bench-qps: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
