// The search page `arxiv-query serve` answers at `/`: server-rendered HTML
// of one search, from the same QueryRequest, ResultInfo and hits as /search
// (the server runs the search; this file only draws it). The query string is
// the whole state — q, like, from, to, sort, reverse, offset, limit … — so
// every link (paging, facets, "similar", "did you mean") is a plain GET URL
// and the page works without JavaScript. Every value is escaped where it
// enters the markup (query/serve/html.h); the markup is also well-formed XML,
// which the tests and the fuzz harness check. The style sheet, the script and
// the icon are compiled in (query/serve/assets/, page_assets()).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "query/search/results.h"

namespace arxiv {

// The page's URL parameters as they came (raw text, echoed escaped into the
// form and into every link), plus the offset and page size in effect.
struct PageState {
    std::string q, like, like_text, from, to, sort, reverse, exact, syntax, limit, facet_limit;
    std::uint64_t offset = 0;
    std::uint64_t page_size = 10;

    // `params` as cpp-httplib decoded them; repeated like= are joined by ','.
    static PageState from_params(const std::multimap<std::string, std::string>& params);
    // "/?q=…&…" for this state at `offset` (parameters left empty are left
    // out, as is offset 0).
    std::string url(std::uint64_t at_offset) const;
    std::string url() const { return url(offset); }
};

// What one answer of the page shows.
struct PageView {
    PageState state;
    std::uint64_t documents = 0;        // papers in the index
    const ResultInfo* info = nullptr;   // null: nothing searched (the start page, or an error)
    const std::vector<Hit>* hits = nullptr;
    std::string error, hint, caret;     // a request that could not run; caret: query and '^' lines
};

// The whole HTML document.
std::string render_page(const PageView& view);

// A page for an error the connection layer answers (414, 431, 408, …):
// the message and a link back to the start page.
std::string render_error_page(int status, const std::string& message);

// The Content-Security-Policy every HTML answer carries: only the server's
// own style sheet, script and icon; no inline script or style, no frames.
extern const char* const kPageCsp;

// A file the page loads (/static/page.css, /static/page.js,
// /static/favicon.svg): its media type and bytes; null when `name` is none.
struct PageAsset {
    const char* content_type;
    std::string_view body;
};
const PageAsset* page_asset(std::string_view name);

}  // namespace arxiv
