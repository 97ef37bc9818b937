// End-to-end: the command line as a new user meets it — query words are
// never taken for options or commands, errors name the problem and the fix,
// --help has no type noise, and the man pages and completions are generated
// from the same definitions.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_util.h"

using namespace e2e;
using nlohmann::json;

namespace {

std::string bin(const std::string& program) { return (fs::path(query_bin()).parent_path() / program).string(); }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("cli: words after the first query word are query text, even with a dash", "[e2e][cli]") {
    // The README's exclusion example typed unquoted: -survey is NOT survey,
    // not "--sort urvey".
    Result unquoted = query(sample_db(), "-f ids -n 1000 transformer -survey");
    Result quoted = query(sample_db(), "-f ids -n 1000 'transformer -survey'");
    INFO(unquoted.err);
    REQUIRE(unquoted.code == 0);
    CHECK(unquoted.out == quoted.out);
    Result all = query(sample_db(), "-f ids -n 1000 transformer");
    CHECK(all.out != unquoted.out);
}

TEST_CASE("cli: a query may start with a command's name after --", "[e2e][cli]") {
    Result serve = query(sample_db(), "serve latency");
    CHECK(serve.code == 2);
    CHECK(has(serve.err, "arxiv-query serve: error: unexpected argument 'latency'"));
    CHECK(has(serve.err, "arxiv-query -- serve latency"));
    Result searched = query(sample_db(), "-f ids -- serve latency");
    INFO(searched.err);
    CHECK((searched.code == 0 || searched.code == 1));
    CHECK(searched.err.empty());
    Result digest = query(sample_db(), "digest models");
    CHECK(digest.code == 2);
    CHECK(has(digest.err, "arxiv-query -- digest models"));
}

TEST_CASE("cli: option errors say what is wrong, with did you mean", "[e2e][cli]") {
    Result typo = query(sample_db(), "--lmit 3 kv");
    CHECK(typo.code == 2);
    CHECK(has(typo.err, "arxiv-query: error: unknown option '--lmit'"));
    CHECK(has(typo.err, "did you mean '--limit'?"));
    Result sub = run(quote(index_bin()) + " ad");
    CHECK(sub.code == 2);
    CHECK(has(sub.err, "arxiv-index: error: unknown command 'ad'"));
    CHECK(has(sub.err, "did you mean 'add'?"));
    Result none = run(quote(index_bin()));
    CHECK(none.code == 2);
    CHECK(has(none.err, "a command is required: add harvest"));
    Result sub_typo = run(quote(index_bin()) + " add --jbos 2 x");
    CHECK(has(sub_typo.err, "arxiv-index add: error: unknown option '--jbos'"));
    CHECK(has(sub_typo.err, "did you mean '--jobs'?"));
    Result days = query(sample_db(), "digest /dev/null --days 0");
    CHECK(days.code == 2);
    CHECK(has(days.err, "--days: '0' is not a whole number from 1 to 36500"));
    CHECK(days.err.size() < 200);  // not the 300-digit range of a double
    for (const std::string args : {"-n -1 kv", "--offset -5 kv", "--facet-limit x kv"}) {
        Result r = query(sample_db(), args);
        INFO(args << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(has(r.err, "is not a whole number"));
        CHECK(r.err.rfind("arxiv-query: error: ", 0) == 0);
    }
    Result serve = query(sample_db(), "serve --threads 0");
    CHECK(serve.code == 2);
    CHECK(has(serve.err, "--threads: '0' is not a whole number from 1 to 256"));
}

TEST_CASE("cli: a query of only spaces is no query", "[e2e][cli]") {
    Result r = query(sample_db(), "'   '");
    CHECK(r.code == 2);
    CHECK(has(r.err, "no query given"));
}

TEST_CASE("cli: count and explain print JSON for the JSON formats", "[e2e][cli]") {
    Result count = query(sample_db(), "--count -f json '\"kv cache\"'");
    INFO(count.err);
    REQUIRE(count.code == 0);
    json c = json::parse(count.out);
    CHECK(c["query"] == "\"kv cache\"");
    CHECK(c["total"].get<int>() == std::stoi(query(sample_db(), "--count '\"kv cache\"'").out));
    Result explain = query(sample_db(), "--explain -f json 'LLM -survey'");
    REQUIRE(explain.code == 0);
    json e = json::parse(explain.out);
    for (const char* key : {"query", "understood", "like_terms", "not_required", "expansions", "total", "suggestion", "xapian"})
        CHECK(e.contains(key));
    CHECK(e["total"].get<int>() > 0);
    CHECK(e["understood"].size() >= 2);
    Result text = query(sample_db(), "--explain -f ids 'LLM'");
    CHECK(has(text.out, "Understood as:"));
}

TEST_CASE("cli: help has no CLI11 type noise, and subcommands show what applies to them", "[e2e][cli]") {
    const std::vector<std::string> helps = {
        quote(query_bin()) + " --help",          quote(query_bin()) + " digest --help",
        quote(index_bin()) + " --help",          quote(index_bin()) + " add --help",
        quote(index_bin()) + " harvest --help",  quote(index_bin()) + " status --help",
        quote(bin("arxiv-query-serve")) + " serve --help"};
    for (const std::string& h : helps) {
        Result r = run(h);
        INFO(h << "\n" << r.out);
        CHECK(r.code == 0);
        for (const char* noise : {"UINT", "TEXT", "FLOAT", "REQUIRED", "Excludes", " in [", "POSITIVE"})
            CHECK(!has(r.out, noise));
    }
    Result add = run(quote(index_bin()) + " add --help");
    CHECK(has(add.out, "Global options (before or after the command): --db PATH"));
    CHECK(!has(add.out, " 5 a harvest"));  // exit code 5 cannot happen in add
    Result status = run(quote(index_bin()) + " status --help");
    CHECK(has(status.out, "Exit codes: 0 ok; 2 usage error; 3 index missing"));
    Result top = run(quote(index_bin()) + " --help");
    CHECK(has(top.out, "  add "));
    CHECK(has(top.out, " 5 a harvest/fetch stopped early"));
}

TEST_CASE("cli: man pages and completions come from the option definitions", "[e2e][cli]") {
    for (const std::string program : {"arxiv-index", "arxiv-query", "arxiv-query-serve"}) {
        Result man = run(quote(bin(program)) + " --generate man");
        INFO(program << man.err);
        REQUIRE(man.code == 0);
        CHECK(man.out.find(".TH ") != std::string::npos);
        CHECK(has(man.out, ".SH OPTIONS"));
        // Every long option of --help is in the man page.
        Result help = run(quote(bin(program)) + (program == "arxiv-query-serve" ? " serve" : "") + " --help");
        std::istringstream lines(help.out);
        for (std::string line; std::getline(lines, line);) {
            const size_t dash = line.find("--");
            if (line.rfind("  -", 0) != 0 || dash == std::string::npos) continue;
            std::string name = line.substr(dash, line.find_first_of(" ,", dash) - dash);
            if (name == "--help" || name == "--version") continue;
            std::string roff;  // man pages escape every '-'
            for (char c : name) roff += c == '-' ? std::string("\\-") : std::string(1, c);
            INFO(name);
            CHECK(has(man.out, roff));
        }
        if (fs::exists("/usr/bin/man")) {
            TempDir dir;
            std::ofstream(dir / "page.1") << man.out;
            Result rendered = run("MANWIDTH=80 man -l " + quote(dir / "page.1") + " 2>&1 >/dev/null");
            CHECK(rendered.out.empty());  // groff warnings, if any
        }
    }
    CHECK(run(quote(query_bin()) + " --generate tcsh").code == 2);
    // arxiv-query's page says how to write a query, with examples, the
    // environment and the files it reads; the query fields come from the
    // schema's table.
    Result man = run(quote(query_bin()) + " --generate man");
    for (const char* section : {".SH QUERY SYNTAX", ".SH EXAMPLES", ".SH ENVIRONMENT", ".SH FILES"})
        CHECK(has(man.out, section));
    for (const char* word : {"NO_COLOR", "COLUMNS", "XDG_STATE_HOME", "synonyms.txt", "ARXIV_SEARCH_DB", "abs:",
                             "announced:", "digest"})
        CHECK(has(man.out, word));
    Result index_man = run(quote(index_bin()) + " --generate man");
    for (const char* section : {".SH EXAMPLES", ".SH ENVIRONMENT", ".SH FILES"}) CHECK(has(index_man.out, section));
    CHECK(has(index_man.out, "ARXIV_SEARCH_CONTACT"));
    // The command list names each command in a whole sentence.
    Result help = run(quote(query_bin()) + " --help");
    CHECK(has(help.out, "  digest                      Write a digest of what is new in the index: the best papers of "
                        "each topic of CONFIG.\n"));
}

TEST_CASE("cli: the bash completion completes options, choices and commands", "[e2e][cli]") {
    TempDir dir;
    for (const std::string program : {"arxiv-index", "arxiv-query"}) {
        Result script = run(quote(bin(program)) + " --generate bash");
        REQUIRE(script.code == 0);
        std::ofstream(dir / program) << script.out;
        CHECK(run("bash -n " + quote(dir / program)).code == 0);
    }
    // COMPREPLY for a command line, as bash computes it on TAB.
    auto complete = [&](const std::string& program, const std::string& line) {
        const std::string fn = program == "arxiv-index" ? "_arxiv_index" : "_arxiv_query";
        Result r = run("bash -c " + quote("source " + quote(dir / program) + "; COMP_WORDS=(" + line +
                                          "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); " + fn +
                                          "; printf '%s\\n' \"${COMPREPLY[@]}\""));
        INFO(line << "\n" << r.err);
        CHECK(r.code == 0);
        return r.out;
    };
    CHECK(has(complete("arxiv-query", "arxiv-query --li"), "--limit"));
    CHECK(has(complete("arxiv-query", "arxiv-query --sort ''"), "submitted"));
    CHECK(has(complete("arxiv-query", "arxiv-query -f js"), "jsonl"));
    // After digest, its own values; the search's options are not offered.
    CHECK(complete("arxiv-query", "arxiv-query digest d.json -f ''") == "markdown\njson\natom\n");
    CHECK(complete("arxiv-query", "arxiv-query digest d.json --sort ''") == "relevance\nnewest\n");
    CHECK(complete("arxiv-query", "arxiv-query digest d.json --layout ''") == "topics\nscored\n");
    CHECK(!has(complete("arxiv-query", "arxiv-query digest d.json --"), "--count"));
    CHECK(has(complete("arxiv-query", "arxiv-query digest d.json --"), "--limit"));
    CHECK(has(complete("arxiv-index", "arxiv-index ha"), "harvest"));
    CHECK(has(complete("arxiv-index", "arxiv-index add --j"), "--jobs"));
    CHECK(has(complete("arxiv-index", "arxiv-index harvest --metadata arX"), "arXivRaw"));
    CHECK(has(complete("arxiv-index", "arxiv-index add --d"), "--db"));  // global options after the command
    // serve's own flags, though arxiv-query hands serve to arxiv-query-serve.
    CHECK(has(complete("arxiv-query", "arxiv-query serve --li"), "--listen"));
    CHECK(has(complete("arxiv-query", "arxiv-query serve --keep"), "--keep-alive"));
}

TEST_CASE("cli: lowercase or/and/not get a note, and are still searched as typed", "[e2e][cli]") {
    Result lower = query(sample_db(), "-f ids -n 1000 'llm or agents'");
    CHECK(has(lower.err, "arxiv-query: note: 'or' is searched as a word; for the operator write OR"));
    Result upper = query(sample_db(), "-f ids -n 1000 'llm OR agents'");
    CHECK(upper.err.empty());
    CHECK(lower.out != upper.out);
    Result phrase = query(sample_db(), "-f ids '\"salt and pepper\"'");
    CHECK(!has(phrase.err, "note:"));
}

TEST_CASE("cli: --db naming a folder of other files is refused, an empty one is fine", "[e2e][cli]") {
    TempDir dir;
    fs::create_directories(dir / "papers");
    std::ofstream(dir / "papers/thesis.tex") << "\\documentclass{article}\n";
    Result r = index(dir / "papers", "add " + quote(data_dir() + "/daily-arxiv"));
    CHECK(r.code == 2);
    CHECK(has(r.err, "papers is a folder with other files in it and no index"));
    CHECK(std::distance(fs::directory_iterator(dir / "papers"), fs::directory_iterator()) == 1);  // nothing written
    fs::create_directories(dir / "empty");
    CHECK(index(dir / "empty", "--quiet add " + quote(data_dir() + "/daily-arxiv")).code == 0);
    CHECK(index(dir / "empty", "--quiet add " + quote(data_dir() + "/daily-arxiv")).code == 0);  // now an index
}

// xapian-replicate keeps a replica as a Xapian stub database: a folder whose
// XAPIANDB names the live copy (tests/e2e/replica_test.sh runs the real
// thing). Searched like an index; never written by arxiv-index.
TEST_CASE("cli: a replica (a stub database) is searched and never written", "[e2e][cli]") {
    TempDir dir;
    REQUIRE(index(dir / "replica/replica_0", "--quiet add " + quote(fixture("e2e/variants.jsonl"))).code == 0);
    std::ofstream(dir / "replica/XAPIANDB") << "auto replica_0\n";
    Result before = query(dir / "replica", "--count 'date:1900..'");
    CHECK(before.code == 0);
    CHECK(before.out == "10\n");
    for (const std::string& command : {"add " + quote(data_dir() + "/daily-arxiv"), std::string("upgrade")}) {
        Result r = index(dir / "replica", command);
        INFO(command);
        CHECK(r.code == 2);
        CHECK(has(r.err, "replica is a replica (a Xapian stub database, as xapian-replicate makes): it is read-only"));
    }
    CHECK(query(dir / "replica", "--count 'date:1900..'").out == "10\n");
    CHECK(index(dir / "replica", "status").code == 0);
}
