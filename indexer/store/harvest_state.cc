#include "indexer/store/harvest_state.h"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "common/util/dates.h"
#include "indexer/store/index_writer.h"

namespace arxiv {

using nlohmann::json;

namespace {

std::string string_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long number_at(const json& j, const char* key, long fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<long>() : fallback;
}

// A day window end as stored: "" or a calendar day; anything else is dropped.
bool day_or_empty(const std::string& s) { return s.empty() || is_calendar_day(s); }

}  // namespace

std::string describe_windows(const std::vector<DayRange>& windows) {
    std::string out;
    for (const DayRange& w : windows)
        out += (out.empty() ? "" : ", ") + (w.from.empty() ? std::string("beginning") : w.from) + ".." + w.until;
    return out;
}

std::string HarvestState::next_from() const { return covered.empty() ? "" : covered.front().until; }

void HarvestState::add_covered(const std::string& from, const std::string& until) {
    if (!day_or_empty(from) || !is_calendar_day(until) || (!from.empty() && from > until)) return;
    covered.push_back({from, until});
    std::sort(covered.begin(), covered.end(), [](const DayRange& a, const DayRange& b) {
        return a.from != b.from ? a.from < b.from : a.until < b.until;
    });
    std::vector<DayRange> merged;
    for (const DayRange& r : covered) {
        // Windows that overlap or touch (the next day) are one window.
        if (!merged.empty() && (r.from.empty() || r.from <= add_days(merged.back().until, 1))) {
            merged.back().until = std::max(merged.back().until, r.until);
            continue;
        }
        merged.push_back(r);
    }
    covered = std::move(merged);
}

std::vector<DayRange> HarvestState::holes() const {
    std::vector<DayRange> out;
    for (size_t i = 1; i < covered.size(); ++i)
        out.push_back({add_days(covered[i - 1].until, 1), add_days(covered[i].from, -1)});
    return out;
}

HarvestState HarvestState::parse(std::string_view text) {
    HarvestState s;
    json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return s;
    s.set = string_at(j, "set");
    s.token = string_at(j, "token");
    s.run_from = string_at(j, "run_from");
    s.run_until = string_at(j, "run_until");
    s.run_started = string_at(j, "run_started");
    s.complete_list_size = number_at(j, "complete_list_size", -1);
    s.received = number_at(j, "received", 0);
    s.pages = number_at(j, "pages", 0);
    s.skipped = number_at(j, "skipped", 0);
    s.last_skipped = number_at(j, "last_skipped", 0);
    s.last_window = string_at(j, "last_window");
    s.last_success = string_at(j, "last_success");
    s.last_error = string_at(j, "last_error");
    s.last_received = number_at(j, "last_received", 0);
    s.last_complete_list_size = number_at(j, "last_complete_list_size", -1);
    auto covered = j.find("covered");
    if (covered != j.end() && covered->is_array()) {
        for (const json& w : *covered)
            if (w.is_array() && w.size() == 2 && w[0].is_string() && w[1].is_string())
                s.add_covered(w[0].get<std::string>(), w[1].get<std::string>());
    } else if (std::string next = string_at(j, "next_from"); !next.empty()) {
        // A state written before windows were kept: its last run started at
        // the start of `last_window` and everything up to next_from is done.
        std::string from = s.last_window.substr(0, s.last_window.find(".."));
        s.add_covered(day_or_empty(from) && from <= next ? from : "", next);
    }
    return s;
}

std::string HarvestState::to_json() const {
    json windows = json::array();
    for (const DayRange& r : covered) windows.push_back({r.from, r.until});
    json j = {{"set", set},
              {"covered", windows},
              {"next_from", next_from()},  // derived; kept for people reading the state
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
    return j.dump();
}

std::string HarvestState::set_of(const std::string& key) const {
    if (!set.empty()) return set;
    size_t pos = 0;
    for (int word = 0; word < 3 && pos != std::string::npos; ++word) {
        pos = key.find(' ', pos);
        if (pos != std::string::npos) ++pos;
    }
    if (pos == std::string::npos) return "";
    return key.substr(pos, key.find(' ', pos) - pos);
}

HarvestState HarvestState::load(const IndexWriter& writer, const std::string& key) {
    return parse(writer.get_metadata(kHarvestKeyPrefix + key));
}

void HarvestState::save(IndexWriter& writer, const std::string& key) const {
    writer.set_metadata(kHarvestKeyPrefix + key, to_json());
}

FetchState FetchState::parse(std::string_view text) {
    FetchState s;
    json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return s;
    s.last_success = string_at(j, "last_success");
    s.last_error = string_at(j, "last_error");
    s.last_total = number_at(j, "last_total", -1);
    return s;
}

std::string FetchState::to_json() const {
    return json{{"last_success", last_success}, {"last_error", last_error}, {"last_total", last_total}}.dump();
}

CoverageTable CoverageTable::parse(std::string_view text) {
    CoverageTable t;
    json j = json::parse(text, nullptr, false);
    if (j.is_object())
        for (auto& [day, count] : j.items())
            if (count.is_number_integer() && plausible_day(day)) t.listed[day] = count.get<long>();
    return t;
}

CoverageTable CoverageTable::load(const IndexWriter& writer, const std::string& set_label) {
    return parse(writer.get_metadata(kCoverageKeyPrefix + set_label));
}

void CoverageTable::save(IndexWriter& writer, const std::string& set_label) const {
    json j = json::object();
    for (const auto& [day, count] : listed)
        if (count > 0) j[day] = count;
    writer.set_metadata(kCoverageKeyPrefix + set_label, j.dump());
}

}  // namespace arxiv
