#include "indexer/net/fetch.h"

#include <algorithm>
#include <chrono>
#include <ostream>

#include <pugixml.hpp>

#include "common/util/dates.h"
#include "indexer/parsers/parsers.h"
#include "indexer/store/harvest_state.h"

namespace arxiv {
namespace {

std::string check_atom_page(const std::string& body) {
    pugi::xml_document doc;
    pugi::xml_parse_result r = doc.load_buffer(body.data(), body.size(), pugi::parse_default);
    if (!r) return std::string("malformed XML page (") + r.description() + ")";
    std::string root = doc.document_element().name();
    if (root.size() < 4 || root.compare(root.size() - 4, 4, "feed") != 0)
        return "response is not an Atom feed (root element <" + root + ">)";
    return "";
}

std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) {
        if (!out.empty()) out += ",";
        out += id;
    }
    return out;
}

}  // namespace

FetchReport fetch_api(IndexWriter& writer, HttpClient& http, FetchOptions o, Progress& progress,
                      std::ostream& log) {
    FetchReport report;
    const auto start_time = std::chrono::steady_clock::now();
    const std::string key = kFetchKeyPrefix + o.base_url + " " + o.query + " " + join_ids(o.ids);
    FetchState state = FetchState::parse(writer.get_metadata(key));
    auto say = [&](const std::string& line) {
        progress.clear();
        log << "arxiv-index: fetch: " << line << "\n";
    };

    if (o.since == "last") {
        o.since = state.last_success.substr(0, 10);
        if (o.since.empty()) say("no previous fetch of this query: fetching everything reachable");
    }
    if (!o.since.empty()) {
        // Newest updates first, so paging can stop at the first older one.
        o.sort_by = "lastUpdatedDate";
        o.sort_order = "descending";
    }
    report.since_used = o.since;
    const long page_size = std::clamp(o.page_size, 1L, kApiMaxPage);
    long start = 0;
    bool reached_older = false;
    std::string error;
    while (true) {
        long want = page_size;
        if (o.max_records > 0) want = std::min(want, o.max_records - start);
        want = std::min(want, kApiMaxReachable - start);
        if (want <= 0) break;
        std::string url = o.base_url + "?search_query=" + HttpClient::escape(o.query) +
                          "&id_list=" + HttpClient::escape(join_ids(o.ids)) +
                          "&start=" + std::to_string(start) + "&max_results=" + std::to_string(want);
        if (!o.sort_by.empty()) url += "&sortBy=" + o.sort_by;
        if (!o.sort_order.empty()) url += "&sortOrder=" + o.sort_order;

        std::vector<std::pair<Record, size_t>> records;  // with their lines
        long skipped = 0;
        AtomFeedInfo info;
        ParseSink sink;
        sink.record = [&](Record&& r, size_t line) { records.emplace_back(std::move(r), line); };
        sink.skip = [&](size_t line, const std::string& message) {
            ++skipped;
            say("page at start=" + std::to_string(start) + " line " + std::to_string(line) +
                ": skipped record: " + message);
        };
        try {
            int empty_retries = 0;
            while (true) {
                records.clear();
                std::string body = http.get(url, check_atom_page);
                info = parse_atom(body, sink);
                bool spurious_empty = records.empty() && skipped == 0 && info.total_results > start;
                if (!spurious_empty || empty_retries >= o.empty_page_retries) break;
                ++empty_retries;
                say("empty page at start=" + std::to_string(start) + " although " +
                    std::to_string(info.total_results) + " results exist; asking again");
            }
        } catch (const std::runtime_error& e) {  // HttpClientError, HttpGiveUp, SourceError
            report.ok = false;
            error = e.what();
            say("error: " + error);
            break;
        }
        writer.begin_batch();  // this page's records, committed together
        report.total_results = info.total_results;
        for (const auto& [r, line] : records) {
            if (!o.since.empty() && r.effective_updated() < o.since) {
                reached_older = true;
                continue;
            }
            try {
                report.counts.count(writer.upsert(r));
            } catch (const RecordRejected& e) {
                ++skipped;
                say("page at start=" + std::to_string(start) + " line " + std::to_string(line) +
                    ": skipped record: " + e.what());
            }
        }
        ++report.pages;
        report.records += static_cast<long>(records.size());
        report.skipped += skipped;
        writer.commit();
        start += static_cast<long>(records.size()) + skipped;
        progress.set_status("fetch: page " + std::to_string(report.pages) + ", " +
                            std::to_string(start) + " of " + std::to_string(info.total_results));
        if (reached_older || records.empty() || start >= info.total_results) break;
    }
    if (report.total_results > kApiMaxReachable && start >= kApiMaxReachable)
        say("the API serves at most " + std::to_string(kApiMaxReachable) +
            " results per query; narrow the query or use `harvest` for bulk work");
    if (report.ok) {
        state.last_success = utc_timestamp();
        state.last_total = report.total_results;
        state.last_error.clear();
    } else {
        state.last_error = utc_timestamp() + " " + error;
    }
    writer.set_metadata(key, state.to_json());
    writer.commit();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
    return report;
}

}  // namespace arxiv
