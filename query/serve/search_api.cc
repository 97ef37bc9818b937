#include "query/serve/search_api.h"

#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "query/output/formatter.h"
#include "query/search/facets.h"

namespace arxiv {
namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";

}  // namespace

ApiResponse search_api_error(int status, const std::string& message, const std::string& hint) {
    nlohmann::ordered_json j;
    j["error"] = message;
    j["hint"] = hint.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(hint);
    return {status, kJsonType, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", -1};
}

ApiResponse search_api(SearchService& service, const ApiParams& params) {
    QueryRequest qr;
    std::uint64_t offset = 0;
    if (auto problem = service.read_search_params(params, qr, offset))
        return search_api_error(400, problem->message, problem->hint);
    if (!has_text(qr.query) && qr.like.ids.empty() && !has_text(qr.like.text) && qr.since.empty() && qr.until.empty())
        return search_api_error(400, "missing the q parameter (or like=ID, like_text=TEXT, from=DATE, to=DATE)",
                          "try /search?q=%22kv+cache%22+cat:cs.CL");
    qr.format = trim_blanks(param(params, "format"));
    if (qr.format.empty()) qr.format = "json";
    // Programs read JSON; reference managers (Zotero, a browser's "save
    // citation") take RIS, CSL-JSON or BibTeX straight from a link.
    static const std::map<std::string, const char*> kSearchFormats = {
        {"json", kJsonType},
        {"jsonl", "application/x-ndjson; charset=utf-8"},
        {"csljson", "application/vnd.citationstyles.csl+json; charset=utf-8"},
        {"ris", "application/x-research-info-systems; charset=utf-8"},
        {"bibtex", "application/x-bibtex; charset=utf-8"},
    };
    const auto format_type = kSearchFormats.find(qr.format);
    if (format_type == kSearchFormats.end())
        return search_api_error(400, "unknown format " + qr.format, "use json, jsonl, csljson, ris or bibtex");
    const std::string facets = trim_blanks(param(params, "facets"));
    if (!facets.empty()) {
        try {
            qr.facets = parse_facet_list(facets);
        } catch (const std::invalid_argument& e) {
            return search_api_error(400, std::string("facets: ") + e.what());
        }
    }

    SearchRun run = service.run(qr, offset);
    if (run.status != 200) return search_api_error(run.status, run.error, run.hint);
    std::ostringstream out;
    auto formatter = make_formatter(qr.format, out, OutputOptions{});
    formatter->begin(run.info);
    for (const Hit& hit : run.hits) formatter->hit(hit);
    formatter->end(run.info);
    return {200, format_type->second, out.str(), static_cast<long>(run.hits.size())};
}

}  // namespace arxiv
