#include "indexer/coverage.h"

#include <ctime>
#include <map>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/exit_codes.h"
#include "common/normalize.h"
#include "common/schema.h"
#include "common/taxonomy.h"
#include "indexer/harvest_state.h"

namespace arxiv {
namespace {

// Filter terms of the documents an OAI set covers.
std::vector<std::string> set_terms(const std::string& set) {
    if (set.empty() || set == "*") return {};
    static const char* const physics_archives[] = {
        "astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th",
        "math-ph", "nlin", "nucl-ex", "nucl-th", "physics", "quant-ph"};
    std::vector<std::string> parts;
    size_t pos = 0;
    while (pos <= set.size()) {
        size_t colon = set.find(':', pos);
        if (colon == std::string::npos) colon = set.size();
        parts.push_back(set.substr(pos, colon - pos));
        pos = colon + 1;
    }
    auto lower = [](std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const schema::Field& archive = schema::field("archive");
    const schema::Field& cat = schema::field("cat");
    if (parts.size() == 3)  // 2025 form group:archive:SUBJECT
        return {schema::make_term(cat, lower(parts[1] + "." + parts[2]))};
    if (parts.size() == 2) return {schema::make_term(archive, lower(parts[1]))};
    if (parts[0] == "physics") {
        std::vector<std::string> terms;
        for (const char* a : physics_archives) terms.push_back(schema::make_term(archive, a));
        return terms;
    }
    return {schema::make_term(archive, lower(parts[0]))};
}

std::string day_of(const std::string& value) {  // YYYYMMDD -> YYYY-MM-DD
    if (value.size() != 8) return "";
    return value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2);
}

int weekday(const std::string& day) {  // 0 = Sunday
    std::tm tm{};
    tm.tm_year = std::stoi(day.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(day.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(day.substr(8, 2));
    timegm(&tm);
    return tm.tm_wday;
}

std::string next_day(const std::string& day) {
    std::tm tm{};
    tm.tm_year = std::stoi(day.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(day.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(day.substr(8, 2)) + 1;
    return format_utc(timegm(&tm), "%Y-%m-%d");
}

}  // namespace

int print_coverage(const std::string& db_path, const CoverageOptions& options, std::ostream& out,
                   std::ostream& err) {
    Xapian::Database db;
    try {
        db = Xapian::Database(db_path);
    } catch (const Xapian::Error& e) {
        err << "arxiv-index: error: no readable index at " << db_path << " (" << e.get_msg() << ")\n";
        return exit_code::kDatabase;
    }
    std::vector<std::string> sets;
    for (auto it = db.metadata_keys_begin(kCoverageKeyPrefix); it != db.metadata_keys_end(kCoverageKeyPrefix); ++it) {
        std::string label = (*it).substr(std::string(kCoverageKeyPrefix).size());
        if (options.set.empty() || options.set == label) sets.push_back(label);
    }
    if (sets.empty()) {
        out << "No harvest coverage recorded" << (options.set.empty() ? "" : " for set " + options.set)
            << ": coverage is collected by `arxiv-index harvest`.\n";
        return options.set.empty() ? exit_code::kOk : exit_code::kPartial;
    }

    // Datestamp of every document, read once.
    std::vector<std::string> datestamp(db.get_lastdocid() + 1);
    for (auto v = db.valuestream_begin(schema::kDatestampSlot); v != db.valuestream_end(schema::kDatestampSlot); ++v)
        datestamp[v.get_docid()] = day_of(*v);

    bool gaps = false;
    for (const std::string& label : sets) {
        std::map<std::string, long> listed;
        {
            nlohmann::json j = nlohmann::json::parse(db.get_metadata(kCoverageKeyPrefix + label), nullptr, false);
            if (j.is_object())
                for (auto& [day, n] : j.items()) listed[day] = n.get<long>();
        }
        std::map<std::string, long> indexed;
        std::vector<std::string> terms = set_terms(label);
        auto count_doc = [&](Xapian::docid id) {
            if (id < datestamp.size() && !datestamp[id].empty()) ++indexed[datestamp[id]];
        };
        if (terms.empty()) {
            for (Xapian::docid id = 1; id < datestamp.size(); ++id) count_doc(id);
        } else {
            std::vector<bool> seen(datestamp.size());
            for (const std::string& t : terms)
                for (auto p = db.postlist_begin(t); p != db.postlist_end(t); ++p)
                    if (!seen[*p]) {
                        seen[*p] = true;
                        count_doc(*p);
                    }
        }

        out << "set " << label << "\n";
        // Runs: what each harvest received versus what the server announced.
        for (auto it = db.metadata_keys_begin(kHarvestKeyPrefix); it != db.metadata_keys_end(kHarvestKeyPrefix); ++it) {
            std::string key = *it;
            nlohmann::json s = nlohmann::json::parse(db.get_metadata(key), nullptr, false);
            if (!s.is_object()) continue;
            std::string name = key.substr(std::string(kHarvestKeyPrefix).size());
            if (name.find(" " + label) == std::string::npos) continue;
            out << "  harvest " << name << "\n";
            out << "    last success " << s.value("last_success", "never") << ", window "
                << s.value("last_window", "?") << ", received " << s.value("last_received", 0L);
            long announced = s.value("last_complete_list_size", -1L);
            if (announced >= 0) out << " of " << announced << " announced";
            long skipped = s.value("last_skipped", 0L);
            if (skipped) out << ", " << skipped << " malformed records skipped";
            out << "\n";
            if ((announced >= 0 && s.value("last_received", 0L) < announced) || skipped) {
                out << "    GAP: the last run did not index every announced record; rerun with "
                       "--backfill " << s.value("last_window", "FROM..TO") << "\n";
                gaps = true;
            }
            if (!s.value("token", "").empty())
                out << "    a harvest is in progress or was interrupted; the next run resumes it\n";
            std::string error = s.value("last_error", "");
            if (!error.empty()) out << "    last error: " << error << "\n";
        }

        if (listed.empty()) continue;
        std::string first = listed.begin()->first, last = listed.rbegin()->first;
        if (!options.since.empty() && options.since > first) first = options.since;
        if (!options.until.empty() && options.until < last) last = options.until;
        out << "  day          listed  indexed\n";
        long shown = 0;
        for (std::string day = first; day <= last; day = next_day(day)) {
            long l = listed.count(day) ? listed[day] : 0;
            long i = indexed.count(day) ? indexed[day] : 0;
            std::string note;
            if (i < l) {
                note = "GAP: " + std::to_string(l - i) + " listed but not in the index";
            } else if (l == 0 && i == 0) {
                int wd = weekday(day);
                if (wd >= 1 && wd <= 5) note = "GAP?: nothing listed on a weekday";
            }
            if (note.rfind("GAP:", 0) == 0) gaps = true;
            if (!note.empty() || options.all_days) {
                char line[128];
                std::snprintf(line, sizeof line, "  %s %8ld %8ld  ", day.c_str(), l, i);
                out << line << note << "\n";
                ++shown;
            }
        }
        if (!shown) out << "  every day from " << first << " to " << last << " is complete\n";
    }
    return gaps ? exit_code::kPartial : exit_code::kOk;
}

}  // namespace arxiv
