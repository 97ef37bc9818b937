// json: one pretty-printed envelope with the page of results.
// jsonl: one compact result object per line, nothing else.
// Both build each result with result_json(), so the two never drift apart.
#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/util/dates.h"
#include "query/output/formatter.h"

namespace arxiv {
namespace {

using nlohmann::ordered_json;

ordered_json string_or_null(const std::string& s) {
    return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

std::string dump(const ordered_json& j, int indent) {
    // Odd bytes that slipped through become U+FFFD instead of an exception.
    return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

class JsonFormatter : public Formatter {
public:
    explicit JsonFormatter(std::ostream& out) : out_(out) {}
    void begin(const ResultInfo&) override { results_ = ordered_json::array(); }
    void hit(const Hit& hit) override { results_.push_back(result_json(hit)); }
    void end(const ResultInfo& info) override {
        ordered_json j;
        j["format_version"] = 1;
        j["query"] = info.query;
        j["total"] = info.total;
        j["offset"] = info.offset;
        j["limit"] = info.limit;
        j["sort"] = info.sort;
        j["suggestion"] = info.suggestion ? ordered_json(*info.suggestion) : ordered_json(nullptr);
        ordered_json facets = ordered_json::object();
        for (const FacetResult& f : info.facets) {
            ordered_json values = ordered_json::array();
            for (const FacetValue& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
            facets[f.name] = std::move(values);
        }
        j["facets"] = std::move(facets);
        j["results"] = std::move(results_);
        results_ = ordered_json::array();
        out_ << dump(j, 2) << '\n';
        out_.flush();
    }

private:
    std::ostream& out_;
    ordered_json results_ = ordered_json::array();
};

class JsonlFormatter : public Formatter {
public:
    bool shows_total() const override { return false; }
    explicit JsonlFormatter(std::ostream& out) : out_(out) {}
    void begin(const ResultInfo&) override {}
    void hit(const Hit& hit) override { out_ << dump(result_json(hit), -1) << '\n'; }
    void end(const ResultInfo&) override { out_.flush(); }

private:
    std::ostream& out_;
};

}  // namespace

ordered_json result_json(const Hit& hit) {
    const Record& r = hit.doc.record;
    ordered_json j;
    j["rank"] = hit.rank;
    j["score"] = std::isfinite(hit.score) ? std::round(hit.score * 10000.0) / 10000.0 : 0.0;
    j["id"] = r.id;
    j["version"] = r.version ? ordered_json(r.version) : ordered_json(nullptr);
    j["title"] = r.title;
    j["authors"] = r.authors;
    // One list per author, parallel to "authors"; [] when no affiliation is known.
    j["affiliations"] = r.affiliations;
    j["categories"] = r.categories;
    j["primary_category"] = string_or_null(r.primary_category());
    j["published"] = string_or_null(output_date(r.submitted));
    j["updated"] = string_or_null(output_date(effective_updated(r)));
    j["date_precision"] = string_or_null(date_precision(r));
    j["abstract"] = string_or_null(r.abstract);
    j["comment"] = string_or_null(r.comment);
    j["journal_ref"] = string_or_null(r.journal_ref);
    j["doi"] = string_or_null(r.doi);
    j["report_no"] = string_or_null(r.report_no);
    j["license"] = string_or_null(r.license);
    j["url"] = abs_url(r);
    j["pdf_url"] = pdf_url(r);
    j["announced"] = string_or_null(output_date(r.announced));
    j["first_indexed"] = string_or_null(hit.doc.first_indexed);
    return j;
}

std::unique_ptr<Formatter> make_json_formatter(std::ostream& out, const OutputOptions&) {
    return std::make_unique<JsonFormatter>(out);
}

std::unique_ptr<Formatter> make_jsonl_formatter(std::ostream& out, const OutputOptions&) {
    return std::make_unique<JsonlFormatter>(out);
}

}  // namespace arxiv
