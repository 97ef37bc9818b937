// End-to-end: arxiv-query over a small crafted index (tests/fixtures/e2e/
// variants.jsonl) whose documents each exercise one matching rule.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>

#include "cli_util.h"

using namespace e2e;
using nlohmann::json;

namespace {

const std::string& variants_db() {
    static TempDir dir;
    static std::string db = [] {
        std::string path = dir / "db";
        Result r = index(path, "add " + quote(fixture("e2e/variants.jsonl")));
        if (r.code != 0) throw std::runtime_error("indexing fixture failed: " + r.err);
        return path;
    }();
    return db;
}

std::set<std::string> ids(const std::string& q, const std::string& extra = "") {
    Result r = query(variants_db(), "--format ids --limit 100 " + extra + " " + quote(q));
    INFO(q << "\n" << r.err);
    REQUIRE((r.code == 0 || r.code == 1));
    std::set<std::string> out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) out.insert(line);
    return out;
}

using Ids = std::set<std::string>;

}  // namespace

TEST_CASE("a phrase matches the written variants of its words", "[e2e][query]") {
    // KV cache, KV caches, KV-cache, KV caching — not "KV store ... cache".
    CHECK(ids("\"kv cache\"") == Ids{"2501.00001", "2501.00002", "2501.00003", "2501.00004"});
    CHECK(ids("\"KV-caching\"") == ids("\"kv cache\""));
    // Unquoted words that name a known concept (kv cache is a curated
    // synonym group) never find fewer papers than the words anywhere
    // ("-29 kV ... a cache of parts"), but the phrase ranks first.
    CHECK(ids("kv cache") == ids("kv cache", "--exact"));
    Result ranked = query(variants_db(), "-f ids -n 4 'kv cache'");
    CHECK(Ids{ranked.out.substr(0, 10), ranked.out.substr(11, 10), ranked.out.substr(22, 10),
              ranked.out.substr(33, 10)} == ids("\"kv cache\""));
    CHECK(ids("kv cache", "--exact") ==
          Ids{"2501.00001", "2501.00002", "2501.00003", "2501.00004", "2501.00005", "2503.00010"});
    CHECK(ids("cache kv") ==
          Ids{"2501.00001", "2501.00002", "2501.00003", "2501.00004", "2501.00005", "2503.00010"});
}

TEST_CASE("boolean operators, wildcards, fields", "[e2e][query]") {
    CHECK(ids("cache NOT caches").empty());  // the same stem
    CHECK(ids("cache NOT eviction") == Ids{"2501.00001", "2501.00003", "2501.00004", "2501.00005", "2503.00010"});
    CHECK(ids("cache AND NOT eviction") == ids("cache NOT eviction"));
    CHECK(ids("cache -eviction") == ids("cache NOT eviction"));
    CHECK(ids("NOT cache").size() == 4);
    CHECK(ids("coherence OR origami") == Ids{"2501.00005", "2503.00010"});
    CHECK(ids("(coherence OR origami) voltage") == Ids{"2503.00010"});
    CHECK(ids("quant*") == Ids{"2503.00009"});
    CHECK(ids("title:cache") == Ids{"2501.00001", "2501.00002", "2501.00003", "2501.00005"});
    CHECK(ids("ti:\"kv cache\" abs:reuse") == Ids{"2501.00003"});
    CHECK(ids("comment:pages") == Ids{"2501.00001", "2501.00003", "2501.00005", "2502.00007", "2503.00009"});
}

TEST_CASE("authors fold diacritics and stay within one author", "[e2e][query]") {
    CHECK(ids("author:schutze") == Ids{"2501.00001"});
    CHECK(ids("au:Schütze") == Ids{"2501.00001"});
    CHECK(ids("author:niessner") == Ids{"2501.00002"});
    CHECK(ids("author:Nießner") == Ids{"2501.00002"});
    CHECK(ids("author:\"Bernhard Schölkopf\"") == Ids{"2501.00003"});
    CHECK(ids("author:\"bernhard scholkopf\"") == Ids{"2501.00003"});
    CHECK(ids("author:scholkopf") == Ids{"2501.00003", "2501.00004"});
    CHECK(ids("author:\"B. Schölkopf\"") == Ids{"2501.00003"});
    CHECK(ids("author:\"Schölkopf, B.\"") == Ids{"2501.00003"});
    CHECK(ids("author:\"A. Schölkopf\"") == Ids{"2501.00004"});
    CHECK(ids("author:lefevre") == Ids{"2502.00006"});
    CHECK(ids("author:wisniewski") == Ids{"2503.00010"});
}

TEST_CASE("LaTeX is searchable as words", "[e2e][query]") {
    CHECK(ids("\"alpha divergence\"") == Ids{"2502.00006"});
    CHECK(ids("$\\alpha$-divergence") == Ids{"2502.00006"});
    CHECK(ids("robust bounds") == Ids{"2502.00006"});
    Result r = query(variants_db(), "--format json id:2502.00006");
    CHECK(json::parse(r.out)["results"][0]["title"] == "On $\\alpha$-divergence minimisation");
}

TEST_CASE("categories, aliases, archives, primary", "[e2e][query]") {
    CHECK(ids("cat:cs.SY") == Ids{"2502.00007", "2502.00008"});
    CHECK(ids("cat:eess.SY") == Ids{"2502.00007", "2502.00008"});
    CHECK(ids("cat:cs.lg") == Ids{"2501.00001", "2501.00002", "2502.00006"});
    CHECK(ids("cat:cs") == ids("cat:cs.*"));
    CHECK(ids("cat:cs").size() == 7);
    CHECK(ids("primary:cs.CL") == Ids{"2501.00001", "2501.00004"});
    CHECK(ids("primary:stat") == Ids{"2502.00006"});
    CHECK(ids("cache", "--category cs.AR --category cs.DC") == Ids{"2501.00003", "2501.00005"});
}

TEST_CASE("ids in any written form", "[e2e][query]") {
    for (const char* form : {"id:2501.00003", "id:2501.00003v2", "id:arXiv:2501.00003",
                             "id:https://arxiv.org/abs/2501.00003v1", "id:http://arxiv.org/pdf/2501.00003.pdf"}) {
        INFO(form);
        CHECK(ids(form) == Ids{"2501.00003"});
    }
}

TEST_CASE("an id typed or pasted as a word finds that paper first", "[e2e][query]") {
    for (const char* form : {"2501.00003", "2501.00003v2", "arXiv:2501.00003", "ARXIV:2501.00003v1",
                             "https://arxiv.org/abs/2501.00003v1", "http://arxiv.org/pdf/2501.00003.pdf",
                             "all:2501.00003", "2501.00003 cache"}) {
        INFO(form);
        CHECK(ids(form) == Ids{"2501.00003"});
    }
    CHECK(ids("2501.00003 OR 2502.00006") == Ids{"2501.00003", "2502.00006"});
    // Several ids side by side are a list (no paper has two ids) ...
    CHECK(ids("2501.00003 arXiv:2502.00006v1") == Ids{"2501.00003", "2502.00006"});
    // ... which other words narrow as usual.
    Ids both_with_cache;
    for (const std::string& id : ids("cache"))
        if (id == "2501.00003" || id == "2502.00006") both_with_cache.insert(id);
    CHECK(ids("2501.00003 2502.00006 cache") == both_with_cache);
    CHECK(query(variants_db(), "--explain '2501.00003 2502.00006'").out.find("ANY of these papers (several ids):") !=
          std::string::npos);
    CHECK(ids("cache -2501.00003").count("2501.00003") == 0);
    // Only unfielded words: a title is searched as text, '=' keeps the word.
    CHECK(ids("ti:2501.00003").empty());
    CHECK(ids("=2501.00003").empty());
    Result ex = query(variants_db(), "--explain arXiv:2501.00003");
    CHECK(ex.out.find("an arXiv id: that paper, ranked first") != std::string::npos);
    // A link elsewhere is an error that says so, not an unknown field.
    Result link = query(variants_db(), "'https://example.org/paper'");
    CHECK(link.code == 2);
    CHECK(link.err.find("is a link but not to an arXiv paper") != std::string::npos);

    // A paper that mentions the id in its text comes after the paper itself.
    TempDir tmp;
    {
        std::ofstream f(tmp / "cites.jsonl");
        f << R"({"id": "2501.00003", "abs": "https://arxiv.org/abs/2501.00003", "title": "Paged attention", "authors": ["A B"], "categories": ["cs.CL"], "summary": "Paging for caches."})" "\n"
          << R"({"id": "2502.00100", "abs": "https://arxiv.org/abs/2502.00100", "title": "Extending 2501.00003", "authors": ["C D"], "categories": ["cs.CL"], "summary": "We extend arXiv:2501.00003 (2501.00003) to 2501.00003-style pages."})" "\n";
    }
    REQUIRE(index(tmp / "db", "-q add " + quote(tmp / "cites.jsonl")).code == 0);
    Result cited = query(tmp / "db", "--format ids 2501.00003");
    CHECK(cited.out == "2501.00003\n2502.00100\n");
}

TEST_CASE("dates: month from the id, ranges with open ends", "[e2e][query]") {
    CHECK(ids("date:2025-01").size() == 5);
    CHECK(ids("date:2025-02..2025-03-31").size() == 5);
    CHECK(ids("date:2025-03..").size() == 2);
    CHECK(ids("date:..2025-01").size() == 5);
    CHECK(ids("date:2025").size() == 10);
    CHECK(ids("cache", "--since 2025-03").size() == 1);
    CHECK(ids("cache", "--until 2025-01-31").size() == 5);
}

TEST_CASE("sorting is deterministic and paging neither repeats nor skips", "[e2e][query]") {
    Result all = query(variants_db(), "--format ids --sort id --limit 100 'date:2025'");
    Result rev = query(variants_db(), "--format ids --sort id --reverse --limit 100 'date:2025'");
    CHECK(all.out.substr(0, 11) == "2503.00010\n");
    CHECK(rev.out.substr(0, 11) == "2501.00001\n");
    std::string paged;
    for (int offset = 0; offset < 10; offset += 3)
        paged += query(variants_db(), "--format ids --sort submitted --limit 3 --offset " +
                                          std::to_string(offset) + " 'date:2025'").out;
    CHECK(paged == query(variants_db(), "--format ids --sort submitted --limit 10 'date:2025'").out);
    // Newest-first orders by value try the most recent months first (date
    // and id sorts, and relevance when nothing is weighted); every page and
    // total must be the one the unwindowed oldest-first order implies.
    auto reversed_ids = [](const std::string& sort, const std::string& q) {
        std::istringstream in(query(variants_db(), "--format ids --reverse --limit 100 --sort " + sort + " " + q).out);
        std::vector<std::string> v;
        for (std::string line; std::getline(in, line);) v.push_back(line);
        std::reverse(v.begin(), v.end());
        return v;
    };
    struct Case {
        std::string sort, ref_sort, query;
    };
    for (const Case& c : {Case{"submitted", "submitted", "'date:2025'"}, Case{"updated", "updated", "'date:2025'"},
                          Case{"id", "id", "'date:2025'"}, Case{"relevance", "id", "'date:2025'"},
                          Case{"relevance", "id", "'cat:cs.LG OR cat:cs.CL'"},
                          Case{"relevance", "id", "'au:\"Bernhard Schölkopf\" OR au:li OR au:duarte OR au:kv'"}}) {
        const std::vector<std::string> all = reversed_ids(c.ref_sort, c.query);
        REQUIRE(all.size() > 2);
        const std::string count = query(variants_db(), "--count " + c.query).out;
        CHECK(count == std::to_string(all.size()) + "\n");
        for (size_t n : {size_t{1}, size_t{3}, size_t{6}, all.size()}) {
            for (const char* format : {"ids", "json"}) {
                INFO(c.sort << " " << c.query << " " << n << " " << format);
                Result r = query(variants_db(), std::string("--format ") + format + " --sort " + c.sort + " -n " +
                                                    std::to_string(n) + " " + c.query);
                std::string got, want;
                if (std::string(format) == "json") {
                    json j = json::parse(r.out);
                    CHECK(j["total"] == all.size());
                    for (const auto& hit : j["results"]) got += hit["id"].get<std::string>() + "\n";
                } else {
                    got = r.out;
                }
                for (size_t i = 0; i < n && i < all.size(); ++i) want += all[i] + "\n";
                CHECK(got == want);
            }
        }
    }
    // Relevance ties (pure filters) break on the id, newest first.
    Result ties = query(variants_db(), "--format ids cat:cs.SY");
    CHECK(ties.out == "2502.00008\n2502.00007\n");
}

TEST_CASE("count is exact and exit codes follow grep", "[e2e][query]") {
    CHECK(query(variants_db(), "--count cache").out == "6\n");
    CHECK(query(variants_db(), "--count cache").code == 0);
    Result none = query(variants_db(), "zyxwvut");
    CHECK(none.code == 1);
    CHECK(none.out == "No results\n");  // a terminal is told, not left blank
    CHECK(query(variants_db(), "--count zyxwvut").out == "0\n");

    Result syntax = query(variants_db(), "'kv OR (cache'");
    CHECK(syntax.code == 2);
    CHECK(syntax.err.find("unclosed '('") != std::string::npos);
    CHECK(syntax.err.find("^") != std::string::npos);
    CHECK(query(variants_db(), "'tilte:cache'").code == 2);
    CHECK(query(variants_db(), "--sort banana cache").code == 2);
    CHECK(query(variants_db(), "--format yaml cache").code == 2);

    Result missing = query("/nonexistent/arxiv-index", "cache");
    CHECK(missing.code == 3);
    CHECK(missing.err.find("arxiv-index --db /nonexistent/arxiv-index add") != std::string::npos);
}

TEST_CASE("explain shows fields, phrases and operators", "[e2e][query]") {
    Result r = query(variants_db(), "--explain '\"kv cache\" author:schutze -survey cat:cs.CL'");
    CHECK(r.code == 0);
    CHECK(r.out.find("phrase \"kv cache\" in title|abstract") != std::string::npos);
    CHECK(r.out.find("NOT word \"survey\"") != std::string::npos);
    CHECK(r.out.find("Matches: 1") != std::string::npos);
}

TEST_CASE("output formats", "[e2e][query]") {
    const std::string& db = variants_db();
    SECTION("json") {
        Result r = query(db, "--format json --limit 2 '\"kv cache\"'");
        json j = json::parse(r.out);
        CHECK(j["total"] == 4);
        CHECK(j["limit"] == 2);
        CHECK(j["offset"] == 0);
        CHECK(j["results"].size() == 2);
    }
    SECTION("jsonl has every documented field") {
        Result r = query(db, "--format jsonl id:2501.00001");
        json hit = json::parse(r.out);
        for (const char* key : {"id", "version", "title", "authors", "categories", "primary_category",
                                "published", "updated", "abstract", "comment", "journal_ref", "doi",
                                "url", "pdf_url", "rank", "score"})
            CHECK(hit.contains(key));
        CHECK(hit["authors"] == json::array({"Alice Zhang", "Hinrich Schütze"}));
        CHECK(hit["categories"] == json::array({"cs.CL", "cs.LG"}));
        CHECK(hit["primary_category"] == "cs.CL");
        CHECK(hit["published"] == "2025-01-01");
        CHECK(hit["url"] == "https://arxiv.org/abs/2501.00001");
        CHECK(hit["rank"] == 1);
    }
    SECTION("markdown digest entry") {
        Result r = query(db, "--format markdown id:2501.00002");
        CHECK(r.out.find("### Eviction policies for KV caches\n") == 0);
        CHECK(r.out.find("**Authors**: Matthias Nießner") != std::string::npos);
        CHECK(r.out.find("**Link**: [arxiv](https://arxiv.org/abs/2501.00002)") != std::string::npos);
        CHECK(r.out.find("**Tags**: cs.LG") != std::string::npos);
    }
    SECTION("bibtex") {
        Result r = query(db, "--format bibtex id:2501.00001");
        CHECK(r.out.find("@misc{") == 0);
        CHECK(r.out.find("eprint = {2501.00001}") != std::string::npos);
        CHECK(r.out.find("archivePrefix = {arXiv}") != std::string::npos);
        CHECK(r.out.find("primaryClass = {cs.CL}") != std::string::npos);
    }
    SECTION("text: colour on a terminal, when asked, never with NO_COLOR or TERM=dumb unless asked") {
        Result plain = query(db, "'\"kv cache\"'");
        CHECK(plain.out.find('\x1b') == std::string::npos);
        CHECK(plain.out.find("Showing 1") != std::string::npos);
        Result forced = query(db, "--color always '\"kv cache\"'");
        CHECK(forced.out.find('\x1b') != std::string::npos);
        // An explicit flag wins over NO_COLOR (no-color.org).
        Result asked = run("NO_COLOR=1 " + quote(query_bin()) + " --db " + quote(db) +
                           " --color always '\"kv cache\"'");
        CHECK(asked.out.find('\x1b') != std::string::npos);
        // On a real terminal (script(1) gives the program a pty): colour by
        // default, none with NO_COLOR or TERM=dumb.
        auto on_terminal = [&](const std::string& env) {
            const std::string cmd = env + " " + quote(query_bin()) + " --db " + quote(db) + " kv";
            return run("TERM=xterm script -qec " + quote(cmd) + " /dev/null");
        };
        CHECK(on_terminal("").out.find('\x1b') != std::string::npos);
        CHECK(on_terminal("NO_COLOR=1").out.find('\x1b') == std::string::npos);
        CHECK(on_terminal("TERM=dumb").out.find('\x1b') == std::string::npos);
        CHECK(on_terminal("NO_COLOR=1").out.find("Showing 1") != std::string::npos);
    }
}

TEST_CASE("hostile numbers and shapes are usage errors that name the problem", "[e2e][query][hostile]") {
    struct Case {
        std::string args, message;
    };
    const std::vector<Case> cases = {
        {quote("date:99999999999d"), "at most 36500 days back"},
        {"--since 99999999999d kv", "--since 99999999999d: invalid date"},
        {quote("date:606060d"), "at most 36500 days back"},
        {"-n -1 kv", "--limit: '-1' is not a whole number"},
        {"--offset -5 kv", "--offset: '-5' is not a whole number"},
        {"--limit 99999999999999999999 kv", "--limit"},
        {quote(std::string(20000, '(') + "a" + std::string(20000, ')')), "bytes long; at most 32768"},
        {quote(std::string(5000, '(') + "a" + std::string(5000, ')')), "nests more than 100 levels"},
        {"--syntax arxiv " + quote(std::string(5000, '(') + "a" + std::string(5000, ')')), "nests more than 100"},
        {[] {
             std::string q;
             for (int i = 0; i < 1200; ++i) q += (i ? " OR w" : "w") + std::to_string(i);
             return quote(q);
         }(),
         "more than 1000 terms"},
        {quote(std::string(100000, 'x')), "bytes long"},
    };
    for (const Case& c : cases) {
        Result r = query(variants_db(), c.args);
        INFO(c.args.substr(0, 80) << "\n" << r.err.substr(0, 400));
        CHECK(r.code == 2);
        CHECK(r.err.find(c.message) != std::string::npos);
        CHECK(r.err.size() < 2000);  // an excerpt of the query, not all of it
    }
    // Pages past the end are empty, whatever the offset (Xapian counts in 32 bits).
    Result far = query(variants_db(), "--offset 4294967296 -f json kv");
    INFO(far.err);
    REQUIRE(far.code == 0);
    json j = json::parse(far.out);
    CHECK(j["results"].empty());
    CHECK(j["offset"] == 4294967296ull);
    CHECK(query(variants_db(), "--limit 4294967297 -f ids kv").out == query(variants_db(), "-n 1000 -f ids kv").out);
}

TEST_CASE("version flag: names the program, its version, commit and Xapian's, for all three programs", "[e2e][query]") {
    const std::string bin_dir = fs::path(query_bin()).parent_path().string();
    for (const std::string program : {"arxiv-index", "arxiv-query", "arxiv-query-serve"}) {
        Result r = run(quote(bin_dir + "/" + program) + " --version");
        INFO(program << ": " << r.out << r.err);
        CHECK(r.code == 0);
        CHECK(r.out.rfind(program + " ", 0) == 0);
        CHECK(r.out.find("Xapian 1.") != std::string::npos);
        // Built from a git checkout (as the tests are): the commit is named.
        if (fs::exists(fs::path(ARXIV_DATA_DIR).parent_path() / ".git")) CHECK(r.out.find(" (commit ") != std::string::npos);
    }
}
