#include "indexer/report/coverage.h"

#include <ctime>
#include <map>
#include <ostream>
#include <vector>

#include <xapian.h>

#include "common/schema/schema.h"
#include "common/schema/taxonomy.h"
#include "common/text/text.h"
#include "common/util/dates.h"
#include "common/util/exit_codes.h"
#include "indexer/report/open_index.h"
#include "indexer/store/harvest_state.h"

namespace arxiv {
namespace {

// Filter terms of the documents an OAI set covers.
std::vector<std::string> set_terms(const std::string& set) {
    if (set.empty() || set == "*") return {};
    const std::vector<std::string_view> parts = split_at(set, ':');
    auto lower = [](std::string_view v) {
        std::string s(v);
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const schema::Field& archive = schema::field("archive");
    const schema::Field& cat = schema::field("cat");
    if (parts.size() == 3)  // 2025 form group:archive:SUBJECT
        return {schema::make_term(cat, lower(std::string(parts[1]) + "." + std::string(parts[2])))};
    if (parts.size() == 2) return {schema::make_term(archive, lower(parts[1]))};
    // A group ("physics") covers its archives; any other set is one archive.
    std::vector<std::string> archives = archives_of_group(parts[0]);
    if (archives.empty()) archives.push_back(lower(parts[0]));
    std::vector<std::string> terms;
    for (const std::string& a : archives) terms.push_back(schema::make_term(archive, a));
    return terms;
}

bool in_a_hole(const std::vector<DayRange>& holes, const std::string& day) {
    for (const DayRange& h : holes)
        if (day >= h.from && day <= h.until) return true;
    return false;
}

}  // namespace

int print_coverage(const std::string& db_path, const CoverageOptions& options, std::ostream& out,
                   std::ostream& err) {
    std::optional<Xapian::Database> opened = open_for_report(db_path, err);
    if (!opened) return exit_code::kDatabase;
    Xapian::Database& db = *opened;
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
        datestamp[v.get_docid()] = value_day(*v);

    bool gaps = false;
    for (const std::string& label : sets) {
        std::map<std::string, long> listed = CoverageTable::parse(db.get_metadata(kCoverageKeyPrefix + label)).listed;
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
        // Runs: what each harvest received versus what the server announced,
        // and the windows of datestamps the harvests have covered.
        std::vector<DayRange> holes;
        for (auto it = db.metadata_keys_begin(kHarvestKeyPrefix); it != db.metadata_keys_end(kHarvestKeyPrefix); ++it) {
            const std::string name = (*it).substr(std::string(kHarvestKeyPrefix).size());
            const HarvestState s = HarvestState::parse(db.get_metadata(*it));
            if (s.set_of(name) != label) continue;
            out << "  harvest " << name << "\n";
            if (s.last_success.empty()) {
                out << "    never completed\n";
            } else {
                out << "    last success " << s.last_success << ", window " << s.last_window << ", received "
                    << s.last_received;
                if (s.last_complete_list_size >= 0) out << " of " << s.last_complete_list_size << " announced";
                if (s.last_skipped) out << ", " << s.last_skipped << " malformed records skipped";
                out << "\n";
            }
            if ((s.last_complete_list_size >= 0 && s.last_received < s.last_complete_list_size) || s.last_skipped) {
                out << "    GAP: the last run did not index every announced record; rerun with --backfill "
                    << s.last_window << "\n";
                gaps = true;
            }
            if (!s.is_backfill(name)) {
                if (!s.covered.empty()) out << "    harvested " << describe_windows(s.covered) << "\n";
                for (const DayRange& hole : s.holes()) {
                    out << "    GAP: " << hole.from << ".." << hole.until
                        << " was never harvested; the next run without --from fetches it\n";
                    holes.push_back(hole);
                    gaps = true;
                }
            }
            if (!s.token.empty()) out << "    a harvest is in progress or was interrupted; the next run resumes it\n";
            if (!s.last_error.empty()) out << "    last error: " << s.last_error << "\n";
        }

        if (listed.empty()) continue;
        std::string first = listed.begin()->first, last = listed.rbegin()->first;
        if (!options.since.empty() && options.since > first) first = options.since;
        if (!options.until.empty() && options.until < last) last = options.until;
        out << "  day          listed  indexed\n";
        long shown = 0;
        // Days come from CoverageTable (plausible_day) and the flags
        // (calendar days), so this ends; the bound is for a flag like
        // --until 9999-12-31.
        int days_left = 100 * 366;
        for (std::string day = first; day <= last && days_left-- > 0; day = add_days(day, 1)) {
            long l = listed.count(day) ? listed[day] : 0;
            long i = indexed.count(day) ? indexed[day] : 0;
            std::string note;
            if (i < l) {
                note = "GAP: " + std::to_string(l - i) + " listed but not in the index";
            } else if (l == 0 && i == 0 && in_a_hole(holes, day)) {
                continue;  // reported above as a window never harvested
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
