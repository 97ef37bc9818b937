// daily-arxiv JSON lines: one object per line with id, title, summary,
// authors (array), categories (array), comment; no dates.
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

bool build(const json& j, const std::string& file_date, Record& r, std::string& problem) {
    r.source = "daily-arxiv";
    if (!set_id(r, get_string(j, "id"), problem)) return false;
    const char* abstract_key = has_value(j, "summary") ? "summary" : "abstract";
    if (!has_value(j, "title") && !has_value(j, abstract_key)) {
        problem = "record " + r.id + " has no title or summary";
        return false;
    }
    r.title = clean_line(get_string(j, "title"));
    r.abstract = clean_abstract(get_string(j, abstract_key));

    auto authors = j.find("authors");
    if (authors != j.end() && authors->is_array()) {
        for (const json& a : *authors) {
            if (!a.is_string()) continue;
            std::string name = clean_author(a.get_ref<const std::string&>());
            if (!name.empty()) r.authors.push_back(std::move(name));
        }
    } else if (authors != j.end() && authors->is_string()) {
        r.authors = split_author_line(valid_utf8(authors->get_ref<const std::string&>()));
    }

    auto categories = j.find("categories");
    if (categories != j.end() && categories->is_array()) {
        for (const json& c : *categories)
            if (c.is_string()) add_category(r.categories, c.get_ref<const std::string&>());
    } else if (categories != j.end() && categories->is_string()) {
        for (const std::string& c : split_ws(categories->get_ref<const std::string&>()))
            add_category(r.categories, c);
    }

    r.comment = clean_line(get_string(j, "comment"));
    r.submitted = month_from_id(r.id);
    r.announced = normalize_date(file_date);
    return true;
}

}  // namespace

void parse_daily_line(std::string_view line, size_t line_no, const std::string& file_date,
                      const ParseSink& sink) {
    std::optional<json> j = json_util::parse_object_line(line, line_no, sink);
    if (!j) return;
    Record r;
    std::string problem;
    bool ok = false;
    try {
        ok = build(*j, file_date, r, problem);
    } catch (const std::exception& e) {
        problem = std::string("cannot read record: ") + e.what();
    }
    if (ok)
        emit_record(sink, line_no, std::move(r));
    else
        emit_skip(sink, line_no, problem);
}

}  // namespace arxiv
