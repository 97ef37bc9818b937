#include "common/model/stored.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace arxiv {
namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

std::string get(const json& j, const char* key) {
    auto it = j.find(key);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

}  // namespace

std::string encode_stored(const StoredDoc& doc) {
    const Record& r = doc.record;
    json j;
    j["id"] = r.id;
    if (r.version) j["v"] = r.version;
    put(j, "title", r.title);
    put(j, "abstract", r.abstract);
    j["authors"] = r.authors;
    // Only when some author has one: documents stored before affiliations
    // were kept read back the same as those of sources without them.
    if (!r.affiliations.empty()) j["affs"] = r.affiliations;
    j["cats"] = r.categories;
    put(j, "submitted", r.submitted);
    put(j, "updated", r.updated);
    put(j, "announced", r.announced);
    put(j, "datestamp", r.datestamp);
    put(j, "comment", r.comment);
    put(j, "journal_ref", r.journal_ref);
    put(j, "doi", r.doi);
    put(j, "report_no", r.report_no);
    put(j, "license", r.license);
    put(j, "source", r.source);
    put(j, "first_indexed", doc.first_indexed);
    put(j, "changed", doc.last_changed);
    if (!doc.previous_title.empty() || !doc.previous_abstract.empty()) {
        json prev;
        if (doc.previous_version) prev["v"] = doc.previous_version;
        put(prev, "title", doc.previous_title);
        put(prev, "abstract", doc.previous_abstract);
        j["prev"] = prev;
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

StoredDoc decode_stored(const std::string& data) {
    json j = json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("id"))
        throw std::runtime_error("document data is not a stored arXiv record");
    StoredDoc doc;
    Record& r = doc.record;
    r.id = get(j, "id");
    r.version = j.value("v", 0);
    r.title = get(j, "title");
    r.abstract = get(j, "abstract");
    if (auto it = j.find("authors"); it != j.end() && it->is_array())
        r.authors = it->get<std::vector<std::string>>();
    if (auto it = j.find("affs"); it != j.end() && it->is_array() && it->size() == r.authors.size()) {
        for (const json& list : *it) {
            std::vector<std::string>& out = r.affiliations.emplace_back();
            if (!list.is_array()) continue;
            for (const json& a : list)
                if (a.is_string()) out.push_back(a.get<std::string>());
        }
    }
    if (auto it = j.find("cats"); it != j.end() && it->is_array())
        r.categories = it->get<std::vector<std::string>>();
    r.submitted = get(j, "submitted");
    r.updated = get(j, "updated");
    r.announced = get(j, "announced");
    r.datestamp = get(j, "datestamp");
    r.comment = get(j, "comment");
    r.journal_ref = get(j, "journal_ref");
    r.doi = get(j, "doi");
    r.report_no = get(j, "report_no");
    r.license = get(j, "license");
    r.source = get(j, "source");
    doc.first_indexed = get(j, "first_indexed");
    doc.last_changed = get(j, "changed");
    if (auto it = j.find("prev"); it != j.end() && it->is_object()) {
        doc.previous_version = it->value("v", 0);
        doc.previous_title = get(*it, "title");
        doc.previous_abstract = get(*it, "abstract");
    }
    return doc;
}

}  // namespace arxiv
