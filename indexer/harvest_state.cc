#include "indexer/harvest_state.h"

#include <nlohmann/json.hpp>

#include "indexer/writer.h"

namespace arxiv {

using nlohmann::json;

HarvestState HarvestState::load(const IndexWriter& writer, const std::string& key) {
    HarvestState s;
    std::string data = writer.get_metadata(kHarvestKeyPrefix + key);
    json j = json::parse(data, nullptr, false);
    if (!j.is_object()) return s;
    s.next_from = j.value("next_from", "");
    s.token = j.value("token", "");
    s.run_from = j.value("run_from", "");
    s.run_until = j.value("run_until", "");
    s.run_started = j.value("run_started", "");
    s.complete_list_size = j.value("complete_list_size", -1L);
    s.received = j.value("received", 0L);
    s.pages = j.value("pages", 0L);
    s.skipped = j.value("skipped", 0L);
    s.last_skipped = j.value("last_skipped", 0L);
    s.last_window = j.value("last_window", "");
    s.last_success = j.value("last_success", "");
    s.last_error = j.value("last_error", "");
    s.last_received = j.value("last_received", 0L);
    s.last_complete_list_size = j.value("last_complete_list_size", -1L);
    return s;
}

void HarvestState::save(IndexWriter& writer, const std::string& key) const {
    json j = {{"next_from", next_from},
              {"token", token},
              {"run_from", run_from},
              {"run_until", run_until},
              {"run_started", run_started},
              {"complete_list_size", complete_list_size},
              {"received", received},
              {"pages", pages},
              {"skipped", skipped},
              {"last_skipped", last_skipped},
              {"last_window", last_window},
              {"last_success", last_success},
              {"last_error", last_error},
              {"last_received", last_received},
              {"last_complete_list_size", last_complete_list_size}};
    writer.set_metadata(kHarvestKeyPrefix + key, j.dump());
}

CoverageTable CoverageTable::load(const IndexWriter& writer, const std::string& set_label) {
    CoverageTable t;
    json j = json::parse(writer.get_metadata(kCoverageKeyPrefix + set_label), nullptr, false);
    if (j.is_object())
        for (auto& [day, count] : j.items())
            if (count.is_number_integer()) t.listed[day] = count.get<long>();
    return t;
}

void CoverageTable::save(IndexWriter& writer, const std::string& set_label) const {
    json j = json::object();
    for (const auto& [day, count] : listed)
        if (count > 0) j[day] = count;
    writer.set_metadata(kCoverageKeyPrefix + set_label, j.dump());
}

}  // namespace arxiv
