#include "query/serve/page_endpoint.h"

#include <utility>

#include "query/serve/page.h"

namespace arxiv {
namespace {

// An HTML answer, with the page's Content-Security-Policy.
ApiResponse html_response(int status, std::string body, long results) {
    ApiResponse r(status, "text/html; charset=utf-8", std::move(body), results);
    r.headers = {{"Content-Security-Policy", kPageCsp},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Referrer-Policy", "no-referrer"}};
    return r;
}

ApiResponse page_response(int status, const PageView& view, long results) {
    return html_response(status, render_page(view), results);
}


}  // namespace

ApiResponse search_page_error(int status, const std::string& message) {
    return html_response(status, render_error_page(status, message), -1);
}

ApiResponse search_page(SearchService& service, const ApiParams& params) {
    PageView view;
    view.state = PageState::from_params(params);
    QueryRequest qr;
    std::uint64_t offset = 0;
    if (auto problem = service.read_search_params(params, qr, offset)) {
        view.error = problem->message;
        view.hint = problem->hint;
        return page_response(400, view, -1);
    }
    view.state.offset = offset;
    view.state.page_size = qr.search.limit;
    qr.facets = {"category", "year", "author"};
    // Nothing asked: the page with its form, and how many papers there are.
    const bool asked = has_text(qr.query) || !qr.like.ids.empty() || has_text(qr.like.text) || !qr.since.empty() ||
                       !qr.until.empty();
    SearchRun run = service.run(qr, offset, asked);
    view.documents = run.documents;
    if (run.status != 200) {
        view.error = run.error;
        view.hint = run.hint;
        view.caret = run.caret;
        return page_response(run.status, view, -1);
    }
    if (!asked) return page_response(200, view, -1);
    view.info = &run.info;
    view.hits = &run.hits;
    return page_response(200, view, static_cast<long>(run.hits.size()));
}

}  // namespace arxiv
