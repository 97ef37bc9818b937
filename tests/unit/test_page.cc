// The search page's escaping (query/serve/html.h) and its rendering
// (query/serve/page.h) without a server: hostile values in every field of a
// record, in the query, the suggestion and the facets come out as text, and
// the state survives a round trip through its URL.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../e2e/html_check.h"
#include "query/serve/html.h"
#include "query/serve/http_message.h"
#include "query/serve/page.h"

using namespace arxiv;

TEST_CASE("html_escape: the five characters, controls and broken UTF-8", "[page]") {
    CHECK(html_escape("<a href=\"x\" title='y'>&amp;</a>") ==
          "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    CHECK(html_escape("tab\tnl\ncr\r") == "tab\tnl\ncr\r");
    CHECK(html_escape(std::string("nul\0bell\x07" "esc\x1b", 13)) == "nulbellesc");
    CHECK(html_escape("bad \xff byte") == "bad \xEF\xBF\xBD byte");
    CHECK(html_escape("Schütze α") == "Schütze α");
}

TEST_CASE("html_marked: escape the text, then mark the spans", "[page]") {
    const std::string text = "<script>alert(1)</script> & cache";
    // "script" (1..7), "alert" (8..13), "cache" (28..33)
    CHECK(html_marked(text, {{1, 7}, {8, 13}, {28, 33}}) ==
          "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/script&gt; &amp; <mark>cache</mark>");
    // A span over markup characters is escaped inside the mark too.
    CHECK(html_marked("a<b>c", {{1, 4}}) == "a<mark>&lt;b&gt;</mark>c");
    // Spans out of order, overlapping or past the end are left out.
    CHECK(html_marked("abc", {{1, 2}, {0, 1}, {2, 9}}) == "a<mark>b</mark>c");
    CHECK(html_marked("", {}) == "");
}

TEST_CASE("url_encode: what a query string value may hold", "[page]") {
    CHECK(url_encode("kv cache cat:cs.CL") == "kv+cache+cat:cs.CL");
    CHECK(url_encode("au:\"O'Brien\" <b>&x=1#f+") == "au:%22O%27Brien%22+%3Cb%3E%26x%3D1%23f%2B");
    CHECK(url_encode("hep-th/9901001,2501.00001") == "hep-th/9901001,2501.00001");
    CHECK(url_encode("Schütze") == "Sch%C3%BCtze");
}

TEST_CASE("url_decode and parse_query_string: what a request's query string holds", "[page]") {
    CHECK(url_decode("kv+cache%20cat%3Acs.CL") == "kv cache cat:cs.CL");
    CHECK(url_decode("Sch%C3%BCtze") == "Sch\xc3\xbctze");
    CHECK(url_decode("%zz%4") == "%zz%4");  // not an escape: as it is
    CHECK(url_decode("100%") == "100%");
    CHECK(url_decode("%00a") == std::string("\0a", 2));
    const ApiParams p = parse_query_string("q=a+b&like=1&&like=2&flag&=x&e=");
    REQUIRE(p.size() == 6);
    CHECK(p.find("q")->second == "a b");
    auto [from, to] = p.equal_range("like");
    std::vector<std::string> likes;
    for (auto it = from; it != to; ++it) likes.push_back(it->second);
    CHECK(likes == std::vector<std::string>{"1", "2"});
    CHECK(p.find("flag")->second == "");
    CHECK(p.find("")->second == "x");
    CHECK(p.find("e")->second == "");
    CHECK(parse_query_string("").empty());
}

TEST_CASE("PageState: the state round-trips through its URL", "[page]") {
    ApiParams params;
    const std::string hostile = "\"><img src=x onerror=alert(1)> & + # = %";
    params.emplace("q", hostile);
    params.emplace("like", "2501.00001");
    params.emplace("like", "hep-th/9901001");
    params.emplace("from", "2024-01");
    params.emplace("to", "<b>");
    params.emplace("sort", "submitted");
    params.emplace("reverse", "1");
    params.emplace("limit", "5");
    const PageState s = PageState::from_params(params);
    CHECK(s.like == "2501.00001,hep-th/9901001");
    const std::string url = s.url(15);
    CHECK(url.find_first_of("\"<> '") == std::string::npos);
    REQUIRE(url.rfind("/?", 0) == 0);
    const ApiParams back = parse_query_string(url.substr(2));
    CHECK(back.find("q")->second == hostile);
    CHECK(back.find("like")->second == "2501.00001,hep-th/9901001");
    CHECK(back.find("to")->second == "<b>");
    CHECK(back.find("offset")->second == "15");
    CHECK(PageState::from_params(back).url(15) == url);
    CHECK(PageState{}.url(0) == "/");
}

TEST_CASE("render_page: hostile values everywhere stay text", "[page]") {
    const std::string evil = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
    Hit hit;
    hit.rank = 1;
    Record& r = hit.doc.record;
    r.id = "2501.00001";
    r.title = "Caching " + evil;
    r.abstract = "An abstract about caching. " + evil + " And <b>more</b>.";
    r.authors = {"Alice " + evil, "Bob' onmouseover='x"};
    r.categories = {"cs.CL", evil};
    r.comment = "</p>" + evil;
    r.submitted = "2025-01-02";
    ResultInfo info;
    info.query = "cach* " + evil;
    info.total = 41;
    info.offset = 10;
    info.limit = 10;
    info.sort = "relevance";
    info.matched.text_terms = {"cach", "script"};
    info.matched.names = {{"alice"}};
    info.matched.name_terms = {"alice"};
    info.suggestion = "caching " + evil;
    info.facets = {{"category", {{evil, 3}, {"cs.CL", 2}}, 2},
                   {"year", {{"2025", 4}, {evil, 1}}, 2},
                   {"author", {{evil, 1}, {"Ann \"Q\" Lee", 1}}, 9}};
    std::vector<Hit> hits{hit};
    PageView view;
    view.state.q = info.query;
    view.state.from = evil;
    view.state.like_text = evil;
    view.state.offset = 10;
    view.documents = 1234;
    view.info = &info;
    view.hits = &hits;
    const std::string html = render_page(view);
    INFO(html);
    CHECK(page_check::page_problem(html) == "");
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("' onmouseover") == std::string::npos);
    // Marks are made inside escaped text.
    CHECK(html.find("<mark>Caching</mark>") != std::string::npos);
    CHECK(html.find("&lt;<mark>script</mark>&gt;") != std::string::npos);
    CHECK(html.find("<mark>Alice</mark>") != std::string::npos);
    // Paging: 41 results, page 2 of 5 is current.
    CHECK(html.find("aria-current=\"page\">2</a>") != std::string::npos);
    CHECK(html.find(">5</a>") != std::string::npos);
    CHECK(html.find("Results 11\xE2\x80\x93" "11 of") != std::string::npos);
    // A facet value that is not a year or a plain name gets no link, or a
    // quoted one without its quotes.
    CHECK(html.find("au:%22Ann+Q+Lee%22") != std::string::npos);

    // The error page escapes its message too.
    CHECK(page_check::page_problem(render_error_page(414, evil)) == "");
    CHECK(render_error_page(414, evil).find("<script>") == std::string::npos);
    PageView failed;
    failed.state.q = evil;
    failed.error = "syntax error in q: " + evil;
    failed.caret = "  " + evil + "\n  ^\n";
    failed.hint = evil;
    const std::string error_html = render_page(failed);
    CHECK(page_check::page_problem(error_html) == "");
    CHECK(error_html.find("<script>") == std::string::npos);
    CHECK(error_html.find("aria-invalid=\"true\"") != std::string::npos);
}
