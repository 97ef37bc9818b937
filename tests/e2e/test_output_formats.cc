// End-to-end: the reader's output formats (text fitted to the width,
// oneline, ris, csljson) over the bundled daily-arxiv sample, whose real
// titles and abstracts carry TeX, long author lists and long words.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "cli_util.h"

using namespace e2e;
using nlohmann::json;

namespace {

// arxiv-query on the sample with a given $COLUMNS (stdout is a file, not a
// terminal, so $COLUMNS decides; "" leaves it unset).
Result sample_query(const std::string& args, const std::string& columns = "") {
    const std::string env = columns.empty() ? "env -u COLUMNS " : "env COLUMNS=" + columns + " ";
    return run(env + quote(query_bin()) + " --db " + quote(sample_db()) + " " + args);
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// Columns of a line: code points, East Asian wide ones as two (the sample
// has none, but a terminal would count them so).
size_t columns_of(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

TEST_CASE("text fits COLUMNS=60 without breaking words", "[e2e][output]") {
    for (const char* q : {"'\"kv cache\"'", "'transform*'", "au:han", "'language models' -n 25"}) {
        INFO(q);
        Result narrow = sample_query(std::string("--color never ") + q, "60");
        Result wide = sample_query(std::string("--color never ") + q, "1000");
        REQUIRE(narrow.code == 0);
        for (const std::string& line : lines_of(narrow.out)) {
            INFO(line);
            CHECK(columns_of(line) <= 60);
        }
        // The same words in the same order: only the line breaks moved.
        CHECK(words_of(narrow.out) == words_of(wide.out));
        CHECK(lines_of(narrow.out).size() > lines_of(wide.out).size());
    }
    // Not a terminal and no COLUMNS: today's 100 columns.
    Result pipe = sample_query("--color never 'language models' -n 25");
    size_t widest = 0;
    for (const std::string& line : lines_of(pipe.out)) widest = std::max(widest, columns_of(line));
    CHECK(widest <= 100);
    CHECK(widest > 90);
    // Not a number, or too narrow: 100, or at least 40.
    CHECK(sample_query("--color never 'language models'", "wide").out == sample_query("--color never 'language models'").out);
    for (const std::string& line : lines_of(sample_query("--color never 'language models'", "12").out))
        CHECK(columns_of(line) <= 40);
}

TEST_CASE("format oneline: one line per paper, fitted to the width", "[e2e][output]") {
    Result r = sample_query("-f oneline -n 20 'language models'", "70");
    REQUIRE(r.code == 0);
    const auto lines = lines_of(r.out);
    CHECK(lines.size() == 20);
    const std::regex shape(R"(^\d{4}\.\d{4,5} \d{4}-\d{2}(-\d{2}|   ) [a-z-]+(\.[A-Za-z-]+)? \S.*$)");
    for (const std::string& line : lines) {
        INFO(line);
        CHECK(columns_of(line) <= 70);
        CHECK(std::regex_match(line, shape));
    }
    CHECK(r.out.find('\x1b') == std::string::npos);
    // The same ids, in the same order, as -f ids.
    std::string ids;
    for (const std::string& line : lines) ids += line.substr(0, line.find(' ')) + "\n";
    CHECK(ids == sample_query("-f ids -n 20 'language models'").out);
}

TEST_CASE("format ris: a record per paper for reference managers", "[e2e][output]") {
    Result r = sample_query("-f ris -n 5 'language models'");
    REQUIRE(r.code == 0);
    CHECK(r.out.rfind("TY  - ", 0) == 0);
    size_t records = 0, authors = 0;
    for (const std::string& line : lines_of(r.out)) {
        if (line.empty()) continue;
        INFO(line);
        REQUIRE(line.size() >= 6);
        CHECK(line.compare(2, 4, "  - ") == 0);
        records += line == "ER  - ";
        authors += line.compare(0, 2, "AU") == 0;
        if (line.compare(0, 2, "TY") == 0) CHECK((line == "TY  - UNPB" || line == "TY  - JOUR"));
    }
    CHECK(records == 5);
    CHECK(authors >= 5);
    CHECK(r.out.find("PB  - arXiv\n") != std::string::npos);
    CHECK(r.out.find("UR  - https://arxiv.org/abs/") != std::string::npos);
}

TEST_CASE("format csljson: a CSL-JSON array that parses", "[e2e][output]") {
    Result r = sample_query("-f csljson -n 7 'language models'");
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    REQUIRE(j.is_array());
    CHECK(j.size() == 7);
    std::set<std::string> keys;
    for (const json& item : j) {
        CHECK(item["type"] == "article");
        CHECK(item["publisher"] == "arXiv");
        CHECK(item["URL"].get<std::string>().rfind("https://arxiv.org/abs/" + item["number"].get<std::string>(), 0) == 0);
        CHECK(item["author"].is_array());
        CHECK(item["issued"]["date-parts"][0][0].is_number_integer());
        keys.insert(item["id"].get<std::string>());
    }
    CHECK(keys.size() == 7);  // ids are unique citation keys
    // Nothing found: an empty array, still valid.
    Result none = sample_query("-f csljson zzzzqqqq");
    CHECK(none.code == 1);
    CHECK(json::parse(none.out) == json::array());
}

TEST_CASE("text shows a matched author far down the list, and highlights wildcards", "[e2e][output]") {
    // A paper with at least nine authors; search for its eighth.
    Result all = sample_query("-f jsonl -n 300 'language models'");
    std::string id, name;
    for (const std::string& line : lines_of(all.out)) {
        const json hit = json::parse(line);
        if (hit["authors"].size() < 9) continue;
        const std::string eighth = hit["authors"][7];
        if (!std::regex_match(eighth, std::regex("[A-Z][a-z]+ [A-Z][a-z]+"))) continue;
        id = hit["id"];
        name = eighth;
        break;
    }
    REQUIRE(!id.empty());
    INFO(id << " " << name);
    Result r = sample_query("--color never " + quote("au:\"" + name + "\" id:" + id));
    REQUIRE(r.code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() > 2);
    CHECK(r.out.find("\xE2\x80\xA6 " + name) != std::string::npos);  // "… Name" after the first authors
    CHECK(r.out.find(" more)") != std::string::npos);
    Result colored = sample_query("--color always " + quote("au:\"" + name + "\" id:" + id));
    CHECK(colored.out.find("\x1b[1;33m" + name.substr(name.find(' ') + 1) + "\x1b[0m") != std::string::npos);

    Result wild = sample_query("--color always -n 3 'transform*'");
    REQUIRE(wild.code == 0);
    const std::regex marked("\x1b\\[1;33m[Tt]ransform[A-Za-z]*\x1b\\[0m");
    CHECK(std::regex_search(wild.out, marked));
}

TEST_CASE("help lists every format", "[e2e][output]") {
    Result r = run(quote(query_bin()) + " --help");
    for (const char* f : {"text", "json", "jsonl", "markdown", "ids", "bibtex", "oneline", "ris", "csljson"}) {
        INFO(f);
        CHECK(r.out.find(f) != std::string::npos);
    }
    CHECK(r.out.find("COLUMNS") != std::string::npos);
}
