// End-to-end: the search page of `arxiv-query serve` (query/serve/page.h)
// on a free 127.0.0.1 port, read as XML (the page is written well-formed):
// its totals against `arxiv-query --count`, highlighting, links (abstract,
// PDF, similar, facets, paging, did you mean), the state in the URL, errors
// with their status, and hostile records and queries
// (tests/fixtures/e2e/hostile.jsonl) coming back as text, never as markup.
// tests/browser/ runs the same page in a real browser.
#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <functional>
#include <string>
#include <vector>

#include "cli_util.h"
#include "html_check.h"
#include "serve_util.h"

using namespace e2e;

namespace {

// variants.jsonl and atom_feed.xml (as shared_db()) plus three hostile records.
const std::string& hostile_db() {
    static TempDir dir;
    static std::string db = [] {
        std::string path = dir / "db";
        Result r = index(path, "add " + quote(fixture("e2e/variants.jsonl")) + " " + quote(fixture("atom_feed.xml")) +
                                   " " + quote(fixture("e2e/hostile.jsonl")));
        if (r.code != 0) throw std::runtime_error("indexing the fixtures failed: " + r.err);
        return path;
    }();
    return db;
}

struct Page {
    int status = 0;
    std::string content_type, csp, body;
    pugi::xml_document doc;

    // Every element `keep` accepts, in document order.
    std::vector<pugi::xml_node> find(const std::function<bool(pugi::xml_node)>& keep) const {
        std::vector<pugi::xml_node> out;
        struct Walker : pugi::xml_tree_walker {
            const std::function<bool(pugi::xml_node)>* keep;
            std::vector<pugi::xml_node>* out;
            bool for_each(pugi::xml_node& n) override {
                if (n.type() == pugi::node_element && (*keep)(n)) out->push_back(n);
                return true;
            }
        } walker;
        walker.keep = &keep;
        walker.out = &out;
        const_cast<pugi::xml_document&>(doc).traverse(walker);
        return out;
    }
    std::vector<pugi::xml_node> elements(const std::string& name, const std::string& cls = "") const {
        return find([&](pugi::xml_node n) {
            if (name != n.name()) return false;
            if (cls.empty()) return true;
            const std::string classes = " " + std::string(n.attribute("class").value()) + " ";
            return classes.find(" " + cls + " ") != std::string::npos;
        });
    }
    pugi::xml_node by_id(const std::string& id) const {
        auto all = find([&](pugi::xml_node n) { return id == n.attribute("id").value(); });
        return all.empty() ? pugi::xml_node() : all.front();
    }
    // The hrefs of the links whose text contains `text`.
    std::vector<std::string> hrefs(const std::string& text) const { return hrefs_in(doc, text); }
    // The same inside `node` only.
    static std::vector<std::string> hrefs_in(pugi::xml_node node, const std::string& text) {
        std::vector<std::string> out;
        for (const pugi::xpath_node& x : node.select_nodes(".//a"))
            if (text_of(x.node()).find(text) != std::string::npos) out.push_back(x.node().attribute("href").value());
        return out;
    }
    static std::string text_of(pugi::xml_node n) {
        std::string out;
        for (pugi::xml_node c : n.children()) out += c.type() == pugi::node_pcdata ? c.value() : text_of(c);
        return out;
    }
    long total() const { return std::stol(by_id("total").attribute("data-total").value()); }
};

std::unique_ptr<Page> get_page(const ServeProcess& server, const std::string& target) {
    auto c = server.client();
    auto res = c.Get(target);
    REQUIRE(res);
    auto p = std::make_unique<Page>();
    p->status = res->status;
    p->content_type = res->get_header_value("Content-Type");
    p->csp = res->get_header_value("Content-Security-Policy");
    p->body = res->body;
    INFO(target << "\n" << res->body);
    const std::string problem = page_check::page_problem(res->body);
    CHECK(problem == "");
    REQUIRE(p->doc.load_string(res->body.c_str(), pugi::parse_default | pugi::parse_doctype));
    return p;
}

// A page that found nothing and says so, without an error.
void check_nothing_found(const Page& p) {
    CHECK(p.status == 200);
    CHECK(p.total() == 0);
    CHECK(Page::text_of(p.by_id("summary")).find("No papers match") == 0);
    CHECK(!p.by_id("error"));
}

long cli_count(const std::string& db, const std::string& q) {
    Result r = query(db, "--count -- " + quote(q));
    INFO(r.err);
    return std::stol(r.out);
}

}  // namespace

TEST_CASE("serve page: the start page, its landmarks, help and files", "[e2e][serve][page]") {
    ServeProcess server(shared_db());
    auto p = get_page(server, "/");
    CHECK(p->status == 200);
    CHECK(p->content_type == "text/html; charset=utf-8");
    CHECK(p->csp.find("default-src 'self'") != std::string::npos);
    CHECK(p->csp.find("script-src 'self'") != std::string::npos);
    CHECK(p->csp.find("unsafe-inline") == std::string::npos);
    CHECK(std::string(p->doc.document_element().attribute("lang").value()) == "en");
    // Landmarks, the labelled box, and no results yet.
    for (const char* landmark : {"header", "main", "footer"}) CHECK(p->elements(landmark).size() == 1);
    CHECK(std::string(p->elements("form").at(0).attribute("role").value()) == "search");
    CHECK(std::string(p->elements("label").at(0).attribute("for").value()) == "q");
    CHECK(std::string(p->by_id("q").attribute("name").value()) == "q");
    CHECK(std::string(p->elements("form").at(0).attribute("method").value()) == "get");
    CHECK(p->elements("ol", "results").empty());
    CHECK(Page::text_of(p->elements("h1").at(0)) == "Search 13 papers");
    // The syntax help lists every field of the schema, open on the start page.
    pugi::xml_node help = p->by_id("help");
    CHECK(std::string(help.attribute("open").value()) == "open");
    const std::string help_text = Page::text_of(help);
    for (const char* field : {"title:", "ti:", "abstract:", "author:", "au:", "cat:", "category:", "date:",
                              "updated:", "announced:", "doi:", "report:", "rn:"})
        CHECK(help_text.find(field) != std::string::npos);
    // No script but the page's own, and nothing loaded from elsewhere.
    auto scripts = p->elements("script");
    REQUIRE(scripts.size() == 1);
    CHECK(std::string(scripts[0].attribute("src").value()) == "/static/page.js");

    auto c = server.client();
    auto css = c.Get("/static/page.css");
    REQUIRE(css);
    CHECK(css->status == 200);
    CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
    CHECK(css->body.find("prefers-color-scheme: dark") != std::string::npos);
    CHECK(css->body.find("@import") == std::string::npos);
    CHECK(css->body.find("url(") == std::string::npos);
    auto js = c.Get("/static/page.js");
    REQUIRE(js);
    CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(js->body.find("getElementById('q')") != std::string::npos);
    auto icon = c.Get("/static/favicon.svg");
    REQUIRE(icon);
    CHECK(icon->get_header_value("Content-Type") == "image/svg+xml");
    CHECK(c.Get("/static/other.css")->status == 404);
    CHECK(c.Get("/static/../server.cc")->status == 404);
    CHECK(server.stop() == 0);
}

TEST_CASE("serve page: results, totals, highlighting and links", "[e2e][serve][page]") {
    ServeProcess server(shared_db());
    auto p = get_page(server, "/?q=cache");
    CHECK(p->status == 200);
    CHECK(p->total() == cli_count(shared_db(), "cache"));
    auto results = p->elements("li", "result");
    REQUIRE(results.size() == static_cast<size_t>(std::min(p->total(), 10L)));
    // The query is echoed in the box; matched words are marked.
    CHECK(std::string(p->by_id("q").attribute("value").value()) == "cache");
    bool marked = false;
    for (pugi::xml_node m : p->elements("mark")) marked |= Page::text_of(m) == "cache" || Page::text_of(m) == "caches";
    CHECK(marked);
    // Each result: its abstract, PDF and similar papers.
    CHECK(p->hrefs("PDF").size() == results.size());
    CHECK(p->hrefs("Abstract").size() == results.size());
    const auto similar = p->hrefs("Similar papers");
    REQUIRE(similar.size() == results.size());
    CHECK(std::count(similar.begin(), similar.end(), "/?like=2501.00001") == 1);
    const auto pdfs = p->hrefs("PDF");
    CHECK(std::find(pdfs.begin(), pdfs.end(), "https://arxiv.org/pdf/2403.04417v2") != pdfs.end());
    const auto abstracts = p->hrefs("Abstract");
    CHECK(std::find(abstracts.begin(), abstracts.end(), "https://arxiv.org/abs/2501.00001") != abstracts.end());

    // Facets: category, year, author; a value adds its filter to the query.
    pugi::xml_node categories = p->by_id("facet-category");
    REQUIRE(categories);
    CHECK(p->by_id("facet-year"));
    CHECK(p->by_id("facet-author"));
    const auto cl = p->hrefs("cs.CL");
    CHECK(std::find(cl.begin(), cl.end(), "/?q=cache+cat:cs.CL") != cl.end());
    auto filtered = get_page(server, "/?q=cache+cat:cs.CL");
    CHECK(filtered->total() == cli_count(shared_db(), "cache cat:cs.CL"));
    CHECK(filtered->total() < p->total());
    // A filter in use links to the query without it.
    pugi::xml_node on = filtered->by_id("facet-category").find_node([](pugi::xml_node n) {
        return std::string(n.name()) == "li" && std::string(n.attribute("class").value()) == "on";
    });
    REQUIRE(on);
    CHECK(std::string(on.child("a").attribute("href").value()) == "/?q=cache");
    auto by_author = get_page(server, "/?q=au:%22Hinrich+Sch%C3%BCtze%22");
    CHECK(by_author->total() == 1);
    // The matched author is marked (and links to the author's papers).
    bool author_marked = false;
    for (pugi::xml_node m : by_author->elements("mark")) author_marked |= Page::text_of(m) == "Schütze";
    CHECK(author_marked);
    CHECK(Page::hrefs_in(by_author->elements("p", "authors").at(0), "Alice Zhang") ==
          std::vector<std::string>{"/?q=au:%22Alice+Zhang%22"});
    CHECK(server.stop() == 0);
}

TEST_CASE("serve page: paging, sorting and dates keep the whole state in the URL", "[e2e][serve][page]") {
    ServeProcess server(shared_db());
    const long total = cli_count(shared_db(), "cat:cs.*");
    REQUIRE(total == 9);
    auto first = get_page(server, "/?q=cat:cs.*&sort=submitted&reverse=1&limit=4");
    CHECK(first->total() == total);
    CHECK(first->elements("li", "result").size() == 4);
    CHECK(Page::text_of(first->by_id("summary")).find("Results 1–4 of 9") == 0);
    auto current = first->find([](pugi::xml_node n) { return std::string(n.attribute("aria-current").value()) == "page"; });
    REQUIRE(current.size() == 1);
    CHECK(Page::text_of(current[0]) == "1");
    pugi::xml_node pager = first->elements("nav", "pager").at(0);
    CHECK(std::string(pager.attribute("aria-label").value()) == "Pages");
    const auto next = first->hrefs("Next");
    REQUIRE(next.size() == 1);
    CHECK(next[0] == "/?q=cat:cs.%2A&sort=submitted&reverse=1&limit=4&offset=4");
    CHECK(Page::hrefs_in(pager, "3") == std::vector<std::string>{"/?q=cat:cs.%2A&sort=submitted&reverse=1&limit=4&offset=8"});
    // The form carries what the URL asked: the sort selected, reverse checked, limit hidden.
    pugi::xml_node selected = first->by_id("sort").find_child_by_attribute("option", "selected", "selected");
    CHECK(std::string(selected.attribute("value").value()) == "submitted");
    CHECK(std::string(first->by_id("reverse").attribute("checked").value()) == "checked");
    CHECK(first->find([](pugi::xml_node n) {
                    return std::string(n.attribute("type").value()) == "hidden" &&
                           std::string(n.attribute("name").value()) == "limit";
                }).size() == 1);

    auto third = get_page(server, next[0].substr(0, next[0].size() - 1) + "8");
    CHECK(third->elements("li", "result").size() == 1);
    CHECK(std::string(third->elements("ol", "results").at(0).attribute("start").value()) == "9");
    CHECK(third->hrefs("Next").empty());
    CHECK(third->hrefs("Previous") ==
          std::vector<std::string>{"/?q=cat:cs.%2A&sort=submitted&reverse=1&limit=4&offset=4"});
    // Oldest first, as arxiv-query lists them.
    Result oldest = query(shared_db(), "--format ids --sort submitted --reverse --limit 1 --offset 8 -- 'cat:cs.*'");
    CHECK(third->hrefs("Similar papers") == std::vector<std::string>{"/?like=" + oldest.out.substr(0, oldest.out.find('\n'))});

    // A date range is the same filter as --since/--until.
    auto dated = get_page(server, "/?q=cat:cs.*&from=2025-01&to=2025-02");
    Result cli = query(shared_db(), "--count --since 2025-01 --until 2025-02 -- 'cat:cs.*'");
    CHECK(dated->total() == std::stol(cli.out));
    CHECK(dated->total() < total);
    CHECK(std::string(dated->by_id("from").attribute("value").value()) == "2025-01");
    // Dates alone search every paper in the range.
    CHECK(get_page(server, "/?from=2025-03")->total() == std::stol(query(shared_db(), "--count --since 2025-03").out));
    // Similar papers: ranked by likeness, with a way back.
    auto like = get_page(server, "/?like=2501.00001");
    CHECK(like->status == 200);
    CHECK(like->total() > 0);
    CHECK(Page::text_of(like->elements("p", "like").at(0)).find("2501.00001") != std::string::npos);
    CHECK(server.stop() == 0);
}

TEST_CASE("serve page: errors show the page with the message, and the right status", "[e2e][serve][page]") {
    ServeProcess server(shared_db());
    auto bad = get_page(server, "/?q=kv+OR+(cache");
    CHECK(bad->status == 400);
    pugi::xml_node error = bad->by_id("error");
    REQUIRE(error);
    CHECK(std::string(error.attribute("role").value()) == "alert");
    CHECK(Page::text_of(error).find("syntax error in q: unclosed '(' (column 7)") != std::string::npos);
    CHECK(Page::text_of(error.child("pre")) == "  kv OR (cache\n        ^\n");
    CHECK(Page::text_of(error).find("Hint: add a matching ')'") != std::string::npos);
    CHECK(std::string(bad->by_id("q").attribute("value").value()) == "kv OR (cache");
    CHECK(std::string(bad->by_id("q").attribute("aria-invalid").value()) == "true");

    auto message = [&](const std::string& target) {
        auto p = get_page(server, target);
        CHECK(p->status == 400);
        return Page::text_of(p->by_id("error"));
    };
    CHECK(message("/?q=kv&from=2025-13").find("from 2025-13: invalid date") != std::string::npos);
    CHECK(message("/?q=kv&from=2025&to=2024").find("from 2025 is after to 2024") != std::string::npos);
    CHECK(message("/?q=kv&sort=colour").find("unknown sort colour") != std::string::npos);
    CHECK(message("/?q=kv&reverse=1").find("reverse needs sort submitted, updated or id") != std::string::npos);
    CHECK(message("/?q=kv&offset=-3").find("offset must be non-negative") != std::string::npos);
    CHECK(message("/?like=2601.00000").find("like: 2601.00000: paper 2601.00000 is not in the index") !=
          std::string::npos);

    // No results: said so, 200.
    check_nothing_found(*get_page(server, "/?q=zeppelin"));
    // An unknown path is still a 404; a request line over 8 KiB gets the page's error form.
    auto c = server.client();
    CHECK(c.Get("/nowhere")->status == 404);
    auto huge = c.Get("/?q=" + std::string(9000, 'a'));
    REQUIRE(huge);
    CHECK(huge->status == 414);
    CHECK(huge->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page_check::page_problem(huge->body) == "");
    CHECK(server.stop() == 0);
}

TEST_CASE("serve page: did you mean, and an empty index", "[e2e][serve][page]") {
    {
        ServeProcess server(sample_db());
        auto p = get_page(server, "/?q=trasnformer&sort=submitted");
        check_nothing_found(*p);
        CHECK(Page::text_of(p->elements("p", "suggestion").at(0)) == "Did you mean transformer?");
        // The suggestion keeps the rest of the state.
        CHECK(p->hrefs("transformer") == std::vector<std::string>{"/?q=transformer&sort=submitted"});
        auto fixed = get_page(server, "/?q=transformer&sort=submitted");
        CHECK(fixed->total() == cli_count(sample_db(), "transformer"));
        CHECK(fixed->elements("p", "suggestion").empty());
        CHECK(server.stop() == 0);
    }
    TempDir dir;
    const std::string empty = dir / "db";
    REQUIRE(index(empty, "add /dev/null").code == 0);
    ServeProcess server(empty);
    auto start = get_page(server, "/");
    CHECK(start->status == 200);
    CHECK(Page::text_of(start->elements("p", "empty").at(0)).find("The index is empty") == 0);
    auto searched = get_page(server, "/?q=anything");
    check_nothing_found(*searched);
    CHECK(!searched->elements("p", "empty").empty());
    CHECK(server.stop() == 0);
}

TEST_CASE("serve page: hostile records and queries come back as text", "[e2e][serve][page][hostile]") {
    ServeProcess server(hostile_db());
    auto p = get_page(server, "/?q=hostile&limit=10");
    CHECK(p->status == 200);
    CHECK(p->total() == 3);
    // What the records say is shown as written: as text, never as markup.
    const std::string body = p->body;
    for (const char* raw : {"<script>window", "<img", "<svg", "<iframe", "<b>", "<style>", "</textarea>", "onerror=\"",
                            "' onmouseover='"})
        CHECK(body.find(raw) == std::string::npos);
    std::string titles;
    for (pugi::xml_node h : p->elements("h2", "title")) titles += Page::text_of(h) + "\n";
    CHECK(titles.find("<script>window.__xss=1;alert('title')</script> Hostile transformer title") != std::string::npos);
    CHECK(titles.find("\"><img src=x onerror=\"window.__xss=1\">Quoted attribute breakout") != std::string::npos);
    std::string authors, snippets, comments;
    for (pugi::xml_node a : p->elements("p", "authors")) authors += Page::text_of(a) + "\n";
    for (pugi::xml_node s : p->elements("p", "snippet")) snippets += Page::text_of(s) + "\n";
    for (pugi::xml_node s : p->elements("p", "comment")) comments += Page::text_of(s) + "\n";
    CHECK(authors.find("\"><img src=x onerror=\"window.__xss=1;alert(1)\"> Eve Hostile") != std::string::npos);
    CHECK(authors.find("O'Brien \"Bobby\" <b>Tables</b>") != std::string::npos);
    CHECK(snippets.find("<script>window.__xss=1;alert('abstract')</script>") != std::string::npos);
    CHECK(snippets.find("& ampersands &amp; entities") != std::string::npos);
    CHECK(comments.find("</p><svg onload=\"window.__xss=1\"> 9 pages") != std::string::npos);
    CHECK(comments.find("javascript:alert(1) ' onmouseover='window.__xss=1") != std::string::npos);
    // Links made from hostile values are percent-encoded: an author link's
    // query has no quote, angle bracket or space left in it.
    const auto eve = p->hrefs("Eve Hostile");
    CHECK(eve.size() == 2);  // the author's papers, and the facet
    for (const std::string& href : eve) {
        CHECK(href.find("au:%22%3E%3Cimg+src%3Dx+onerror%3D+window.__xss%3D1%3Balert%281%29+%3E+Eve+Hostile%22") !=
              std::string::npos);
        CHECK(href.find_first_of("\"<> '") == std::string::npos);
    }
    for (pugi::xml_node a : p->elements("a"))
        CHECK(std::string(a.attribute("href").value()).find("javascript:") == std::string::npos);

    // The query itself, hostile, is echoed as text in the box, the title and
    // the marks; its words are still found and marked inside escaped text.
    const std::string hostile_query = "\"><img src=x onerror=alert(1)> <script>";
    auto echoed = get_page(server, "/?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E+%3Cscript%3E");
    CHECK(echoed->body.find("<img") == std::string::npos);
    CHECK(std::string(echoed->by_id("q").attribute("value").value()) == hostile_query);
    CHECK(Page::text_of(echoed->elements("title").at(0)).find(hostile_query) == 0);
    auto marked = get_page(server, "/?q=script+hostile");
    CHECK(marked->total() == 2);
    CHECK(marked->body.find("&lt;<mark>script</mark>&gt;") != std::string::npos);
    // A hostile query that does not parse: the error and the caret are text too.
    auto broken = get_page(server, "/?q=%3Cscript%3E+(");
    CHECK(broken->status == 400);
    CHECK(Page::text_of(broken->by_id("error")).find("<script> (") != std::string::npos);
    CHECK(broken->body.find("<script> (") == std::string::npos);
    // Hostile values in every other parameter are echoed escaped too.
    auto params = get_page(server, "/?q=hostile&from=%22%3E%3Cb%3E&like_text=%3C/textarea%3E&limit=%3Ci%3E");
    CHECK(params->status == 400);
    CHECK(params->body.find("<b>") == std::string::npos);
    CHECK(params->body.find("</textarea>") == std::string::npos);
    CHECK(std::string(params->by_id("from").attribute("value").value()) == "\"><b>");
    CHECK(server.stop() == 0);
}
