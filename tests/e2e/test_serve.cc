// End-to-end: `arxiv-query serve` on a free 127.0.0.1 port, queried with a
// HTTP client (tests/e2e/serve_util.h) and checked as an arXiv API client would:
// Atom parsed by namespace URI, error entries, paging, absolute-form
// targets, plus /search JSON, index reopening, concurrency and shutdown.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <set>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include "cli_util.h"
#include "serve_util.h"

using namespace e2e;
using nlohmann::json;

TEST_CASE("serve: /api/query answers an arXiv-shaped Atom feed", "[e2e][serve]") {
    ServeProcess server(shared_db());
    auto f = api(server, "search_query=au:duarte&max_results=5");
    CHECK(f->status == 200);
    CHECK(f->content_type == "application/atom+xml; charset=utf-8");

    // Feed head, in arXiv's form.
    CHECK(text(f->feed, kAtom, "title") ==
          "ArXiv Query: search_query=au:duarte&id_list=&start=0&max_results=5");
    CHECK(child(f->feed, kAtom, "title").attribute("type").value() == std::string("html"));
    pugi::xml_node self = child(f->feed, kAtom, "link");
    CHECK(self.attribute("rel").value() == std::string("self"));
    CHECK(std::string(self.attribute("href").value()).find("/api/query?search_query=au") != std::string::npos);
    CHECK(text(f->feed, kAtom, "id").find("/api/") != std::string::npos);
    CHECK(text(f->feed, kAtom, "updated").size() == 20);  // YYYY-MM-DDT00:00:00Z
    CHECK(text(f->feed, kOpenSearch, "startIndex") == "0");
    CHECK(text(f->feed, kOpenSearch, "itemsPerPage") == "5");
    // "Ana Duarte" (daily) and "Ana Cristina Duarte" (Atom, v2).
    CHECK(f->total == 2);
    CHECK(sorted(f->ids) == Ids{"2403.04417v2", "2503.00009"});

    pugi::xml_node e = f->entries[f->ids[0] == "2403.04417v2" ? 0 : 1];
    CHECK(text(e, kAtom, "published") == "2024-03-07T00:00:00Z");
    CHECK(text(e, kAtom, "updated") == "2024-03-12T00:00:00Z");
    CHECK(text(e, kAtom, "title").rfind("Cache-Aligned Posting-List Compression", 0) == 0);
    CHECK(text(e, kAtom, "summary").find("posting-list compression") != std::string::npos);
    std::vector<std::string> authors;
    for (pugi::xml_node a : children(e, kAtom, "author")) authors.push_back(text(a, kAtom, "name"));
    CHECK(authors == std::vector<std::string>{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    CHECK(text(e, kArxiv, "doi") == "10.9999/sigx.2024.0417");
    CHECK(text(e, kArxiv, "comment") == "12 pages, 5 figures; v2: corrected Table 3");
    CHECK(text(e, kArxiv, "journal_ref") == "Proc. Invented Retrieval Conf. (2024) 211-223");
    std::map<std::string, std::string> links;  // rel/title -> href
    for (pugi::xml_node l : children(e, kAtom, "link")) {
        std::string key = l.attribute("title") ? l.attribute("title").value() : l.attribute("rel").value();
        links[key] = l.attribute("href").value();
        if (key == "alternate") CHECK(l.attribute("type").value() == std::string("text/html"));
        if (key == "pdf") CHECK(l.attribute("type").value() == std::string("application/pdf"));
        if (key != "alternate") CHECK(l.attribute("rel").value() == std::string("related"));
    }
    CHECK(links["alternate"] == "http://arxiv.org/abs/2403.04417v2");
    CHECK(links["pdf"] == "http://arxiv.org/pdf/2403.04417v2");
    CHECK(links["doi"] == "http://dx.doi.org/10.9999/sigx.2024.0417");
    pugi::xml_node primary = child(e, kArxiv, "primary_category");
    CHECK(primary.attribute("term").value() == std::string("cs.IR"));
    CHECK(primary.attribute("scheme").value() == std::string(kArxiv));
    std::vector<std::string> cats;
    for (pugi::xml_node c : children(e, kAtom, "category")) cats.push_back(c.attribute("term").value());
    CHECK(cats == std::vector<std::string>{"cs.IR", "cs.DS"});

    // A record without a version: no vN, and no optional elements it lacks.
    pugi::xml_node daily = f->entries[f->ids[0] == "2403.04417v2" ? 1 : 0];
    CHECK(text(daily, kAtom, "published") == "2025-03-01T00:00:00Z");
    CHECK(!child(daily, kArxiv, "doi"));
    CHECK(!child(daily, kArxiv, "journal_ref"));
    CHECK(text(daily, kArxiv, "comment") == "10 pages");

    CHECK(server.stop() == 0);
    // One log line per request: time, client, method, target, status, results, ms.
    CHECK(server.log().find(" 127.0.0.1:") != std::string::npos);
    CHECK(server.log().find(" GET /api/query?search_query=au:duarte&max_results=5 200 2 ") != std::string::npos);
}

TEST_CASE("serve: author affiliations come back in Atom and JSON", "[e2e][serve]") {
    // An arXiv Atom file with <arxiv:affiliation> (one, two, a blank one,
    // none), indexed and read back through the server.
    TempDir dir;
    Result added = index(dir / "db", "add " + quote(fixture("atom_feed.xml")));
    REQUIRE(added.code == 0);
    ServeProcess server(dir / "db");
    auto f = api(server, "id_list=0901.4567,2403.04417,hep-th/0512345");
    REQUIRE(f->ids == Ids{"0901.4567v3", "2403.04417v2", "hep-th/0512345v1"});
    // Each <author> as arXiv writes it: <name>, then one <arxiv:affiliation> each.
    auto authors_of = [](pugi::xml_node entry) {
        std::vector<std::pair<std::string, std::vector<std::string>>> out;
        for (pugi::xml_node a : children(entry, kAtom, "author")) {
            std::vector<std::string> affiliations;
            for (pugi::xml_node af : children(a, kArxiv, "affiliation")) affiliations.push_back(af.text().get());
            CHECK(local_name(a.first_child()) == "name");
            out.emplace_back(text(a, kAtom, "name"), affiliations);
        }
        return out;
    };
    using Authors = std::vector<std::pair<std::string, std::vector<std::string>>>;
    CHECK(authors_of(f->entries[0]) == Authors{{"Tomasz Wiśniewski", {}},
                                               {"J. Müller", {"ETH Zürich", "Max-Planck-Institut für Mathematik"}},
                                               {"François O'Brien", {}}});
    CHECK(authors_of(f->entries[1]) == Authors{{"Ana Cristina Duarte", {"Universidade de Lisboa"}},
                                               {"Tomasz Wiśniewski", {}}});
    CHECK(authors_of(f->entries[2]) == Authors{{"R. K. Okafor", {}}});
    CHECK(f->body.find("<arxiv:affiliation>ETH Zürich</arxiv:affiliation>") != std::string::npos);

    // JSON: "authors" as before, "affiliations" beside it, one list per author.
    auto c = server.client();
    auto r = c.Get("/search?q=id:0901.4567+OR+id:hep-th/0512345&sort=id");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    json j = json::parse(r->body);
    REQUIRE(j["results"].size() == 2);
    CHECK(j["results"][0]["authors"] == json::array({"Tomasz Wiśniewski", "J. Müller", "François O'Brien"}));
    CHECK(j["results"][0]["affiliations"] ==
          json::array({json::array(), json::array({"ETH Zürich", "Max-Planck-Institut für Mathematik"}), json::array()}));
    CHECK(j["results"][1]["affiliations"] == json::array());
    CHECK(server.stop() == 0);
}

TEST_CASE("serve: search_query uses arXiv's query language", "[e2e][serve]") {
    ServeProcess server(shared_db());
    // A prefix binds one term; side by side means OR: origami in the title,
    // or cache anywhere (2403.04417's abstract has "cache lines").
    CHECK(sorted(api(server, "search_query=ti:origami+cache")->ids) ==
          Ids{"2403.04417v2", "2501.00001", "2501.00002", "2501.00003", "2501.00004", "2501.00005",
              "2503.00010"});
    CHECK(api(server, "search_query=ti:origami")->ids == Ids{"2503.00010"});
    CHECK(sorted(api(server, "search_query=ti:cache+AND+cat:cs.CL")->ids) == Ids{"2501.00001"});
    CHECK(sorted(api(server, "search_query=ti:cache+ANDNOT+au:schutze")->ids) ==
          Ids{"2403.04417v2", "2501.00002", "2501.00003", "2501.00005"});
    CHECK(api(server, "search_query=ti:%22kv+cache%22+AND+abs:reuse")->ids == Ids{"2501.00003"});
    // Author conventions: underscores are spaces; trailing initials.
    CHECK(api(server, "search_query=au:hinrich_schutze")->ids == Ids{"2501.00001"});
    CHECK(api(server, "search_query=au:schutze_h")->ids == Ids{"2501.00001"});
    // Day-precision date range; month-only daily records fall in a range
    // that includes the first of their month.
    CHECK(api(server, "search_query=submittedDate:[202501010000+TO+202501312359]")->total == 5);
    CHECK(api(server, "search_query=submittedDate:[202403070000+TO+202403080000]")->ids ==
          Ids{"2403.04417v2"});
    CHECK(api(server, "search_query=lastUpdatedDate:[200903010000+TO+200903312359]")->ids ==
          Ids{"0901.4567v3"});
    // An unparsable query is an error entry naming the column.
    auto bad = api(server, "search_query=ti:(kv+OR+cache");
    check_error(*bad, "unclosed '(' (column 4)");
    check_error(*api(server, "search_query=foo:bar"), "unknown prefix 'foo:'");
    check_error(*api(server, "search_query=cat:cs.XX"), "unknown category");
    // Nothing asked: an empty feed, like arXiv.
    auto none = api(server, "");
    CHECK(none->status == 200);
    CHECK(none->total == 0);
    CHECK(none->entries.empty());
    CHECK(server.stop() == 0);
}

TEST_CASE("serve: id_list, paging, sorting and limits", "[e2e][serve]") {
    ServeProcess server(shared_db(), {"--max-results", "3"});
    // id_list alone: the papers in the order given; an older vN gets the
    // newest indexed version; unknown ids are left out.
    auto f = api(server, "id_list=2501.00004,0901.4567v1,hep-th/0512345,2412.99999");
    CHECK(f->status == 200);
    CHECK(f->ids == Ids{"2501.00004", "0901.4567v3", "hep-th/0512345v1"});
    CHECK(f->total == 3);
    // With search_query: the listed papers that also match.
    CHECK(api(server, "search_query=cat:cs.LG&id_list=2501.00004,0901.4567,2501.00001")->ids.size() == 2);
    // arXiv also takes the parameters as a POSTed form (long id lists).
    auto c = server.client();
    auto posted = parse_feed(c.Post("/api/query", "id_list=2501.00004,hep-th/0512345&max_results=1",
                                    "application/x-www-form-urlencoded"));
    CHECK(posted->ids == Ids{"2501.00004"});
    CHECK(posted->total == 2);
    check_error(*api(server, "id_list=2403.0441"), "incorrect id format for 2403.0441");
    // Shaped like ids but impossible: no entry, as on arXiv, and the others
    // still answered.
    for (const char* impossible : {"0000.0000", "0808.05394", "hep-th/9913001"}) {
        auto absent = api(server, std::string("id_list=") + impossible);
        INFO(impossible);
        CHECK(absent->status == 200);
        CHECK(absent->total == 0);
        CHECK(absent->entries.empty());
    }
    CHECK(api(server, "id_list=0808.05394,2501.00004")->ids == Ids{"2501.00004"});
    check_error(*api(server, "id_list=2501.00001,bogus"), "incorrect id format for bogus");

    // Paging: exact totals, start, and the --max-results cap.
    auto page = api(server, "search_query=cat:cs.*&sortBy=submittedDate&sortOrder=ascending&max_results=100");
    CHECK(page->total == 9);
    CHECK(page->entries.size() == 3);  // capped
    CHECK(text(page->feed, kOpenSearch, "itemsPerPage") == "3");
    CHECK(page->ids == Ids{"0901.4567v3", "2403.04417v2", "2501.00001"});  // oldest first, ties by id
    auto next = api(server, "search_query=cat:cs.*&sortBy=submittedDate&sortOrder=ascending&start=3&max_results=2");
    CHECK(next->ids == Ids{"2501.00002", "2501.00003"});
    CHECK(text(next->feed, kOpenSearch, "startIndex") == "3");
    auto newest = api(server, "search_query=cat:cs.*&sortBy=lastUpdatedDate&sortOrder=descending&max_results=1");
    CHECK(newest->ids == Ids{"2502.00007"});
    CHECK(api(server, "search_query=cat:cs.*&start=100")->entries.empty());

    check_error(*api(server, "start=-1"), "start must be non-negative");
    check_error(*api(server, "start=x"), "start must be an integer");
    check_error(*api(server, "max_results=1.5"), "max_results must be an integer");
    check_error(*api(server, "max_results=30001"), "max_results must not exceed 30000");
    check_error(*api(server, "search_query=ti:a&sortBy=date"), "unknown sortBy date");
    check_error(*api(server, "search_query=ti:a&sortOrder=up"), "unknown sortOrder up");
    CHECK(server.stop() == 0);
}

TEST_CASE("serve: absolute-form request targets are routed (HTTP proxy clients)", "[e2e][serve]") {
    ServeProcess server(shared_db());
    // A client told to use the server as its proxy sends
    // "GET http://127.0.0.1:PORT/api/query?... HTTP/1.1", as axios does.
    HttpClient c = server.client();
    c.proxy_form();
    auto f = parse_feed(c.Get("/api/query?search_query=au:schutze"));
    CHECK(f->status == 200);
    CHECK(f->ids == Ids{"2501.00001"});
    auto s = c.Get("/search?q=origami&format=json");
    REQUIRE(s);
    CHECK(s->status == 200);
    CHECK(json::parse(s->body)["results"][0]["id"] == "2503.00010");
    CHECK(server.stop() == 0);
    // The log shows the targets really arrived in absolute form.
    std::string absolute = "GET http://127.0.0.1:" + std::to_string(server.port()) + "/api/query?search_query=au:schutze 200 1 ";
    CHECK(server.log().find(absolute) != std::string::npos);
}

TEST_CASE("serve: /search speaks our query language in JSON", "[e2e][serve]") {
    ServeProcess server(shared_db(), {"--max-results", "4"});
    auto c = server.client();
    auto res = c.Get("/search?q=%22kv+cache%22&format=json&limit=2&offset=1&sort=id");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    json j = json::parse(res->body);
    CHECK(j["format_version"] == 1);
    CHECK(j["query"] == "\"kv cache\"");
    CHECK(j["total"] == 4);  // not 2403.04417: "cache lines" is not the phrase
    CHECK(j["offset"] == 1);
    CHECK(j["limit"] == 2);
    REQUIRE(j["results"].size() == 2);
    CHECK(j["results"][0]["rank"] == 2);
    CHECK(j["results"][0]["id"] == "2501.00003");

    auto capped = json::parse(c.Get("/search?q=cat:cs.*&limit=50")->body);
    CHECK(capped["limit"] == 4);
    CHECK(capped["results"].size() == 4);

    auto lines = c.Get("/search?q=ti:origami&format=jsonl");
    REQUIRE(lines);
    CHECK(json::parse(lines->body)["id"] == "2503.00010");
    // Citation formats for reference managers, with their media types.
    auto ris = c.Get("/search?q=ti:origami&format=ris");
    REQUIRE(ris);
    CHECK(ris->get_header_value("Content-Type") == "application/x-research-info-systems; charset=utf-8");
    CHECK(ris->body.rfind("TY  - ", 0) == 0);
    CHECK(ris->body.find("2503.00010") != std::string::npos);
    auto csl = c.Get("/search?q=ti:origami&format=csljson");
    REQUIRE(csl);
    CHECK(csl->get_header_value("Content-Type").rfind("application/vnd.citationstyles.csl+json", 0) == 0);
    CHECK(json::parse(csl->body).is_array());
    auto bib = c.Get("/search?q=ti:origami&format=bibtex");
    REQUIRE(bib);
    CHECK(bib->get_header_value("Content-Type") == "application/x-bibtex; charset=utf-8");
    CHECK(bib->body.find("@") != std::string::npos);
    auto arxiv_syntax = json::parse(c.Get("/search?q=ti:origami+cache&syntax=arxiv&limit=10")->body);
    CHECK(arxiv_syntax["total"] == 7);  // ti:origami OR all:cache, as above

    auto bad = c.Get("/search?q=kv+OR+(cache");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    json err = json::parse(bad->body);
    CHECK(err["error"] == "syntax error in q: unclosed '(' (column 7)");
    CHECK(err["hint"] == "add a matching ')'");
    CHECK(c.Get("/search")->status == 400);
    auto xml = c.Get("/search?q=a&format=xml");
    CHECK(xml->status == 400);
    CHECK(json::parse(xml->body)["hint"] == "use json, jsonl, csljson, ris or bibtex");
    CHECK(c.Get("/search?q=a&limit=-2")->status == 400);
    CHECK(c.Get("/nowhere")->status == 404);
    CHECK(server.stop() == 0);
}

TEST_CASE("serve: sees new commits without a restart, and serves requests concurrently", "[e2e][serve]") {
    TempDir dir;
    std::string db = build_index(dir / "db");
    ServeProcess server(db, {"--threads", "3"});
    CHECK(api(server, "search_query=ti:zeppelin")->total == 0);

    // An add that stays in the middle of its work while the clients run: it
    // reads its input from a pipe that the test closes only afterwards.
    const std::string fifo = dir / "input.fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    Process adder({index_bin(), "--db", db, "add", "-"}, "/dev/null", dir / "add.err", fifo);
    {
        // The write end opens once the adder has opened its end.
        int input = -1;
        REQUIRE(poll_until([&] {
            input = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            return input >= 0 || !adder.running();
        }));
        REQUIRE(input >= 0);
        const std::string record =
            R"({"id": "2504.00011", "pdf": "https://arxiv.org/pdf/2504.00011", "abs": "https://arxiv.org/abs/2504.00011", "authors": ["Eva Zeppelin"], "title": "Zeppelin routing", "categories": ["physics.ao-ph"], "comment": null, "summary": "Airships."})"
            "\n";
        REQUIRE(write(input, record.data(), record.size()) == static_cast<ssize_t>(record.size()));
        REQUIRE(poll_until([&] { return Xapian::Database(db).locked() || !adder.running(); }));
        REQUIRE(adder.running());

        std::atomic<int> failures{0};
        std::vector<std::thread> clients;
        for (int t = 0; t < 6; ++t) {
            clients.emplace_back([&] {
                auto c = server.client();
                for (int i = 0; i < 15; ++i) {
                    auto r = c.Get("/api/query?search_query=cat:cs.*&max_results=2");
                    if (!r || r->status != 200 || r->body.find("<opensearch:totalResults>9<") == std::string::npos)
                        ++failures;
                }
            });
        }
        for (auto& t : clients) t.join();
        CHECK(failures == 0);
        // Every request was answered while the writer held the index.
        CHECK(Xapian::Database(db).locked());
        CHECK(adder.running());
        close(input);  // end of input: the add commits and exits
    }
    CHECK(adder.wait() == 0);
    INFO(slurp(dir / "add.err"));
    CHECK(api(server, "search_query=ti:zeppelin")->ids == Ids{"2504.00011"});
    CHECK(server.stop(SIGINT) == 0);
}

TEST_CASE("serve: startup errors and exit codes", "[e2e][serve]") {
    TempDir dir;
    Result missing = query(dir / "none", "serve --listen 127.0.0.1:0");
    CHECK(missing.code == 3);
    CHECK(missing.err.find("no index at") != std::string::npos);
    Result listen = query(shared_db(), "serve --listen localhost");
    CHECK(listen.code == 2);
    CHECK(listen.err.find("--listen localhost: expected HOST:PORT") != std::string::npos);
    CHECK(query(shared_db(), "serve --listen 127.0.0.1:70000").code == 2);
    CHECK(query(shared_db(), "serve --max-results 0").code == 2);
    // The address is taken: a clear error, not a hang.
    ServeProcess first(shared_db());
    // (`timeout`: should the bind wrongly succeed, fail instead of hanging.)
    Result taken = run("timeout 10 " + quote(query_bin()) + " --db " + quote(shared_db()) +
                       " serve --listen 127.0.0.1:" + std::to_string(first.port()));
    CHECK(taken.code == 2);
    CHECK(taken.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
    CHECK(first.stop() == 0);
}
