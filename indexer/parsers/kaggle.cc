// Kaggle's arxiv-metadata-oai-snapshot.json: one JSON object per line.
#include "common/text/text.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "indexer/parsers/json_util.h"
#include "indexer/parsers/parse_util.h"
#include "indexer/parsers/parsers.h"

namespace arxiv {
namespace {

using namespace parse_util;
using json_util::get_string;
using json_util::has_value;
using nlohmann::json;

std::string element_string(const json& v) {
    if (v.is_string()) return valid_utf8(v.get_ref<const std::string&>());
    return "";
}

// Returns false with `problem` set when the line cannot become a record.
bool build(const json& j, Record& r, std::string& problem) {
    r.source = "kaggle";
    if (!set_id(r, get_string(j, "id"), problem)) return false;
    if (!has_value(j, "title") && !has_value(j, "abstract")) {
        problem = "record " + r.id + " has no title or abstract";
        return false;
    }

    r.title = clean_line(get_string(j, "title"));
    r.abstract = clean_abstract(get_string(j, "abstract"));

    // Authors: the structured rows when present, else the raw line.
    auto parsed = j.find("authors_parsed");
    if (parsed != j.end() && parsed->is_array()) {
        for (const json& row : *parsed) {
            if (!row.is_array() || row.empty()) continue;
            std::string keyname = element_string(row[0]);
            std::string forenames = row.size() > 1 ? element_string(row[1]) : "";
            std::string suffix = row.size() > 2 ? element_string(row[2]) : "";
            // arXiv's parse of the author line appends the author's
            // affiliations to the row: [keyname, forenames, suffix, affiliation...].
            std::vector<std::string> affiliations;
            for (size_t i = 3; i < row.size(); ++i) affiliations.push_back(element_string(row[i]));
            add_author(r, author_display_name(forenames, keyname, suffix), affiliations);
        }
    }
    if (r.authors.empty()) r.authors = split_author_line(valid_utf8(get_string(j, "authors")));

    for (const std::string& c : split_ws(get_string(j, "categories"))) add_category(r.categories, c);

    auto versions = j.find("versions");
    if (versions != j.end() && versions->is_array() && !versions->empty()) {
        auto created = [](const json& v) {
            return v.is_object() ? normalize_date(get_string(v, "created")) : std::string();
        };
        r.submitted = created(versions->front());
        r.updated = created(versions->back());
        if (versions->back().is_object()) {
            int n = version_number(get_string(versions->back(), "version"));
            if (n > 0) r.version = n;
        }
    }

    r.comment = clean_line(get_string(j, "comments"));
    r.journal_ref = clean_line(get_string(j, "journal-ref"));
    r.report_no = clean_line(get_string(j, "report-no"));
    r.doi = clean_doi(get_string(j, "doi"));
    r.license = clean_line(get_string(j, "license"));
    return true;
}

}  // namespace

void parse_kaggle_line(std::string_view line, size_t line_no, const ParseSink& sink) {
    std::optional<json> j = json_util::parse_object_line(line, line_no, sink);
    if (!j) return;
    Record r;
    std::string problem;
    bool ok = false;
    try {
        ok = build(*j, r, problem);
    } catch (const std::exception& e) {
        problem = std::string("cannot read record: ") + e.what();
    }
    if (ok)
        emit_record(sink, line_no, std::move(r));
    else
        emit_skip(sink, line_no, problem);
}

}  // namespace arxiv
