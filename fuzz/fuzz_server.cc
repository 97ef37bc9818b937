// The HTTP server's request handling without sockets: the input is a
// request target, "/api/query?search_query=...&start=0", "/search?q=...&sort=id"
// or "/?q=...", whose query string is decoded as the server decodes a real
// request (parse_query_string) and handed to ApiServer::api_query, ApiServer::search or
// ApiServer::page over the fixture index (any other path is /api/query).
// Whatever the parameters, the answer must be a 200 or a 400 (an exception
// would be a 500 from the real server) with a well-formed body: an Atom feed
// (with arXiv's error entry for a 400), JSON / JSON lines, or a search page
// that passes tests/e2e/html_check.h (nothing from the request or the
// records became markup). The real server takes
// request lines up to 8 KiB and form bodies up to 64 KiB, so longer inputs
// are not requests it could receive and are ignored.
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "fuzz/fuzz_support.h"
#include "query/serve/html.h"
#include "query/serve/server.h"
#include "tests/e2e/html_check.h"

namespace {

void check_atom(const arxiv::ApiResponse& r, const std::string& target) {
    FUZZ_CHECK(r.status == 200 || r.status == 400, std::to_string(r.status) + " for " + target + ": " + r.body);
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(r.body.data(), r.body.size());
    FUZZ_CHECK(parsed, std::string(parsed.description()) + " in the feed for " + target);
    pugi::xml_node feed = doc.child("feed");
    FUZZ_CHECK(feed, "no <feed> for " + target);
    if (r.status == 400)
        FUZZ_CHECK(std::string(feed.child("entry").child_value("title")) == "Error", "no error entry for " + target);
}

void check_json(const arxiv::ApiResponse& r, const std::string& target) {
    FUZZ_CHECK(r.status == 200 || r.status == 400, std::to_string(r.status) + " for " + target + ": " + r.body);
    // format=ris or bibtex: citation text, not JSON (errors still are).
    if (r.content_type.rfind("application/x-research-info-systems", 0) == 0 ||
        r.content_type.rfind("application/x-bibtex", 0) == 0)
        return;
    const bool lines = r.content_type.rfind("application/x-ndjson", 0) == 0;
    size_t pos = 0;
    while (pos < r.body.size()) {
        size_t end = lines ? r.body.find('\n', pos) : std::string::npos;
        if (end == std::string::npos) end = r.body.size();
        const std::string part = r.body.substr(pos, end - pos);
        FUZZ_CHECK(nlohmann::json::accept(part), "not JSON for " + target + ": " + part.substr(0, 200));
        pos = end + 1;
    }
    FUZZ_CHECK(!r.body.empty() || lines, "an empty answer for " + target);
}

void check_page(const arxiv::ApiResponse& r, const std::string& target) {
    FUZZ_CHECK(r.status == 200 || r.status == 400, std::to_string(r.status) + " for " + target + ": " + r.body);
    FUZZ_CHECK(r.content_type == "text/html; charset=utf-8", "not HTML for " + target);
    const std::string problem = page_check::page_problem(r.body);
    FUZZ_CHECK(problem.empty(), problem + " in the page for " + target);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 64 * 1024) return 0;
    static arxiv::ApiServer server(arxiv::fuzz::fixture_index(), arxiv::ServeOptions{});
    const std::string target(arxiv::fuzz::view(data, size));
    const size_t question = target.find('?');
    const std::string path = target.substr(0, question);
    arxiv::ApiParams params;
    if (question != std::string::npos) params = arxiv::parse_query_string(target.substr(question + 1));
    if (path == "/search") check_json(server.search(params), target);
    else if (path == "/" || path.empty()) check_page(server.page(params), target);
    else check_atom(server.api_query(params, "http://127.0.0.1:8080"), target);
    return 0;
}
