#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/text/text.h"
#include "query/output/formatter.h"

using namespace arxiv;
using nlohmann::ordered_json;
using V = std::vector<std::string>;

namespace {

// Eight authors, DOI and journal reference, TeX and BibTeX specials in the title.
Hit hit_full() {
    Hit h;
    Record& r = h.doc.record;
    r.id = "2503.21813";
    r.version = 2;
    r.title = "Attention & Caching: $\\alpha$-Divergence for KV-Caching at 50% Cost";
    r.abstract = "We study KV caching for long contexts.\nA second paragraph follows.";
    r.authors = {"Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit",
                 "Llion Jones",    "Aidan Gomez",  "Lukasz Kaiser", "Illia Polosukhin"};
    r.affiliations = {{"Google Brain"}, {}, {"Google Research", "University of Toronto"}, {}, {}, {}, {}, {}};
    r.categories = {"cs.LG", "cs.AI"};
    r.submitted = "2025-03-27";
    r.updated = "2025-04-02";
    r.announced = "2025-03-28";
    r.comment = "12 pages, 3 figures";
    r.journal_ref = "Phys. Rev. D 112 (2025) 034501";
    r.doi = "10.1103/PhysRevD.112.034501 10.5555/other";
    r.report_no = "CERN-TH-2025-001";
    r.license = "http://creativecommons.org/licenses/by/4.0/";
    h.doc.first_indexed = "2025-03-28T01:02:03Z";
    h.rank = 1;
    h.score = 12.3456789;
    return h;
}

// Old-style id, no version, submission date known only to the month.
Hit hit_old() {
    Hit h;
    Record& r = h.doc.record;
    r.id = "hep-th/9901001";
    r.version = 0;
    r.title = "String Theory in Ten Dimensions";
    r.abstract = "A short abstract.";
    r.authors = {"Jürgen Müller"};
    r.categories = {"hep-th"};
    r.submitted = "1999-01";
    h.rank = 2;
    h.score = 0.0;
    return h;
}

// Non-ASCII authors and a TeX title.
Hit hit_tex() {
    Hit h;
    Record& r = h.doc.record;
    r.id = "2401.00001";
    r.version = 1;
    r.title = "On the Schr\\\"odinger Equation with $\\mathcal{O}(n^2)$ Terms";
    r.abstract = "The Schr\\\"odinger equation is solved.";
    r.authors = {"Hinrich Schütze", "Łukasz Wiśniewski"};
    r.categories = {"quant-ph", "math-ph"};
    r.submitted = "2024-01-02";
    r.announced = "2024-01-05";
    h.rank = 3;
    h.score = 1.5;
    return h;
}

ResultInfo info_for(std::uint64_t total, std::uint64_t offset = 0) {
    ResultInfo info;
    info.query = "kv cache";
    info.total = total;
    info.offset = offset;
    info.limit = 10;
    info.sort = "relevance";
    info.matched.text_terms = {"kv", "cach"};
    info.matched.name_terms = {"shazeer"};
    info.matched.names = {{"shazeer"}};
    return info;
}

std::string run(const std::string& format, const std::vector<Hit>& hits, const ResultInfo& info,
                OutputOptions options = {}) {
    std::ostringstream out;
    auto f = make_formatter(format, out, options);
    REQUIRE(f);
    f->begin(info);
    for (const Hit& h : hits) f->hit(h);
    f->end(info);
    return out.str();
}

V lines_of(const std::string& s) {
    V out;
    std::istringstream in(s);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}

V keys_of(const ordered_json& j) {
    V out;
    for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
    return out;
}

}  // namespace

TEST_CASE("formatter registry lists and makes every format", "[formatters]") {
    CHECK(formatter_names() == V{"text", "json", "jsonl", "markdown", "ids", "bibtex", "oneline", "ris", "csljson"});
    std::ostringstream out;
    for (const std::string& name : formatter_names()) CHECK(make_formatter(name, out, {}) != nullptr);
    CHECK(make_formatter("yaml", out, {}) == nullptr);
    CHECK(make_formatter("", out, {}) == nullptr);
}

TEST_CASE("shared output helpers", "[formatters]") {
    CHECK(group_thousands(0) == "0");
    CHECK(group_thousands(999) == "999");
    CHECK(group_thousands(1234) == "1,234");
    CHECK(group_thousands(1234567) == "1,234,567");
    CHECK(group_thousands(100000) == "100,000");
    CHECK(join_paragraphs("one\ntwo\nthree") == "one two three");
    CHECK(date_precision(hit_full().doc.record) == "day");
    CHECK(date_precision(hit_old().doc.record) == "month");
    CHECK(date_precision(Record{}) == "");
}

TEST_CASE("json result object has every key, in order, with nulls", "[formatters]") {
    const V keys = {"rank",       "score",      "id",          "version",   "title",
                    "authors",    "affiliations", "categories", "primary_category", "published", "updated",
                    "date_precision", "abstract", "comment",   "journal_ref", "doi",
                    "report_no",  "license",    "url",         "pdf_url",   "announced",
                    "first_indexed"};
    std::string out = run("json", {hit_full(), hit_old(), hit_tex()}, info_for(1234));
    REQUIRE(out.back() == '\n');
    CHECK(out.rfind("{\n  \"format_version\": 1,\n  \"query\": \"kv cache\",", 0) == 0);
    ordered_json j = ordered_json::parse(out);
    CHECK(keys_of(j) == V{"format_version", "query", "total", "offset", "limit", "sort", "suggestion", "facets", "results"});
    CHECK(j["suggestion"].is_null());
    CHECK(j["facets"] == ordered_json::object());
    CHECK(j["format_version"] == 1);
    CHECK(j["query"] == "kv cache");
    CHECK(j["total"] == 1234);
    CHECK(j["offset"] == 0);
    CHECK(j["limit"] == 10);
    CHECK(j["sort"] == "relevance");
    REQUIRE(j["results"].size() == 3);

    const ordered_json& a = j["results"][0];
    CHECK(keys_of(a) == keys);
    CHECK(a["rank"] == 1);
    CHECK(a["score"].get<double>() == Approx(12.3457).epsilon(1e-12));
    CHECK(out.find("\"score\": 12.3457,") != std::string::npos);
    CHECK(a["id"] == "2503.21813");
    CHECK(a["version"] == 2);
    CHECK(a["title"] == "Attention & Caching: $\\alpha$-Divergence for KV-Caching at 50% Cost");
    CHECK(a["authors"].size() == 8);
    CHECK(a["authors"][1] == "Noam Shazeer");
    // One list per author, in the authors' order.
    REQUIRE(a["affiliations"].size() == 8);
    CHECK(a["affiliations"][0] == ordered_json::array({"Google Brain"}));
    CHECK(a["affiliations"][1] == ordered_json::array());
    CHECK(a["affiliations"][2] == ordered_json::array({"Google Research", "University of Toronto"}));
    CHECK(a["categories"] == ordered_json::array({"cs.LG", "cs.AI"}));
    CHECK(a["primary_category"] == "cs.LG");
    CHECK(a["published"] == "2025-03-27");
    CHECK(a["updated"] == "2025-04-02");
    CHECK(a["date_precision"] == "day");
    CHECK(a["abstract"] == "We study KV caching for long contexts.\nA second paragraph follows.");
    CHECK(a["comment"] == "12 pages, 3 figures");
    CHECK(a["journal_ref"] == "Phys. Rev. D 112 (2025) 034501");
    CHECK(a["doi"] == "10.1103/PhysRevD.112.034501 10.5555/other");
    CHECK(a["report_no"] == "CERN-TH-2025-001");
    CHECK(a["license"] == "http://creativecommons.org/licenses/by/4.0/");
    CHECK(a["url"] == "https://arxiv.org/abs/2503.21813v2");
    CHECK(a["pdf_url"] == "https://arxiv.org/pdf/2503.21813v2");
    CHECK(a["announced"] == "2025-03-28");
    CHECK(a["first_indexed"] == "2025-03-28T01:02:03Z");

    const ordered_json& b = j["results"][1];
    CHECK(keys_of(b) == keys);
    CHECK(b["rank"] == 2);
    CHECK(b["score"] == 0.0);
    CHECK(b["id"] == "hep-th/9901001");
    CHECK(b["version"].is_null());
    CHECK(b["authors"] == ordered_json::array({"Jürgen Müller"}));
    CHECK(b["affiliations"] == ordered_json::array());  // none known
    CHECK(b["primary_category"] == "hep-th");
    CHECK(b["published"] == "1999-01-01");
    CHECK(b["updated"] == "1999-01-01");  // falls back to the submission date
    CHECK(b["date_precision"] == "month");
    CHECK(b["comment"].is_null());
    CHECK(b["journal_ref"].is_null());
    CHECK(b["doi"].is_null());
    CHECK(b["report_no"].is_null());
    CHECK(b["license"].is_null());
    CHECK(b["url"] == "https://arxiv.org/abs/hep-th/9901001");
    CHECK(b["pdf_url"] == "https://arxiv.org/pdf/hep-th/9901001");
    CHECK(b["announced"].is_null());
    CHECK(b["first_indexed"].is_null());

    const ordered_json& c = j["results"][2];
    CHECK(c["title"] == "On the Schr\\\"odinger Equation with $\\mathcal{O}(n^2)$ Terms");
    CHECK(c["authors"] == ordered_json::array({"Hinrich Schütze", "Łukasz Wiśniewski"}));
    CHECK(c["updated"] == "2024-01-05");  // no updated: the announcement day
    CHECK(c["url"] == "https://arxiv.org/abs/2401.00001v1");

    // An empty record: nulls, not empty strings, and no exception.
    Hit empty;
    empty.doc.record.id = "2501.00001";
    ordered_json e = result_json(empty);
    CHECK(e["primary_category"].is_null());
    CHECK(e["published"].is_null());
    CHECK(e["updated"].is_null());
    CHECK(e["date_precision"].is_null());
    CHECK(e["abstract"].is_null());
    CHECK(e["authors"] == ordered_json::array());
}

TEST_CASE("json with no results and with broken UTF-8", "[formatters]") {
    std::string out = run("json", {}, info_for(0));
    ordered_json j = ordered_json::parse(out);
    CHECK(j["total"] == 0);
    CHECK(j["results"] == ordered_json::array());
    CHECK(out.back() == '\n');

    Hit bad = hit_old();
    bad.doc.record.title = std::string("bad \xC3 byte");
    std::string text;
    REQUIRE_NOTHROW(text = run("json", {bad}, info_for(1)));
    CHECK(ordered_json::parse(text)["results"][0]["title"] == "bad \xEF\xBF\xBD byte");
    REQUIRE_NOTHROW(text = run("jsonl", {bad}, info_for(1)));
    CHECK(ordered_json::parse(text)["title"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("jsonl writes one compact result object per line", "[formatters]") {
    std::string out = run("jsonl", {hit_full(), hit_old(), hit_tex()}, info_for(1234));
    V lines = lines_of(out);
    REQUIRE(lines.size() == 3);
    CHECK(out.back() == '\n');
    V ids;
    for (const std::string& line : lines) {
        CHECK(line.front() == '{');
        CHECK(line.find("\n") == std::string::npos);
        ordered_json j = ordered_json::parse(line);
        CHECK(keys_of(j).front() == "rank");
        CHECK(j.size() == 22);
        ids.push_back(j["id"]);
    }
    CHECK(ids == V{"2503.21813", "hep-th/9901001", "2401.00001"});
    // Same object as json builds.
    CHECK(ordered_json::parse(lines[1]) == result_json(hit_old()));
    CHECK(lines[1].rfind("{\"rank\":2,\"score\":0.0,\"id\":\"hep-th/9901001\",\"version\":null,", 0) == 0);
    CHECK(run("jsonl", {}, info_for(0)).empty());
}

TEST_CASE("markdown follows the keyword digest layout", "[formatters]") {
    std::string out = run("markdown", {hit_full(), hit_old()}, info_for(2));
    const std::string expected =
        "### Attention & Caching: α-Divergence for KV-Caching at 50% Cost\n"  // TeX rendered
        "**Authors**: Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, "
        "Aidan Gomez, Lukasz Kaiser, Illia Polosukhin\n"
        "\n"
        "**Updated**: 2025-04-02\n"
        "\n"
        "**Summary**: We study KV caching for long contexts. A second paragraph follows.\n"
        "\n"
        "**Link**: [arxiv](https://arxiv.org/abs/2503.21813v2),  [pdf](https://arxiv.org/pdf/2503.21813v2)\n"
        "\n"
        "**Tags**: cs.LG cs.AI \n"
        "\n"
        "\n"
        "\n"
        "### String Theory in Ten Dimensions\n"
        "**Authors**: Jürgen Müller\n"
        "\n"
        "**Updated**: 1999-01\n"  // only the month is known
        "\n"
        "**Summary**: A short abstract.\n"
        "\n"
        "**Link**: [arxiv](https://arxiv.org/abs/hep-th/9901001),  [pdf](https://arxiv.org/pdf/hep-th/9901001)\n"
        "\n"
        "**Tags**: hep-th \n"
        "\n"
        "\n"
        "\n";
    CHECK(out == expected);
    CHECK(run("markdown", {}, info_for(0)).empty());
}

TEST_CASE("ids writes one versionless id per line", "[formatters]") {
    CHECK(run("ids", {hit_full(), hit_old(), hit_tex()}, info_for(3)) ==
          "2503.21813\nhep-th/9901001\n2401.00001\n");
    CHECK(run("ids", {}, info_for(0)).empty());
}

TEST_CASE("bibtex keys", "[formatters]") {
    CHECK(bibtex_key(hit_full().doc.record) == "vaswani2025attention");
    CHECK(bibtex_key(hit_old().doc.record) == "muller1999string");
    CHECK(bibtex_key(hit_tex().doc.record) == "schutze2024schrodinger");

    Record r = hit_old().doc.record;
    r.authors = {"Martin Luther King Jr."};
    r.title = "With These From Above: Quantum Gravity";
    CHECK(bibtex_key(r) == "king1999quantum");  // suffix and stopwords skipped
    r.authors = {"Jean-Pierre O'Brien"};
    r.title = "A KV-Caching Study";
    CHECK(bibtex_key(r) == "obrien1999caching");
    r.authors.clear();
    CHECK(bibtex_key(r) == "arxivhep_th_9901001");
    r = hit_full().doc.record;
    r.submitted.clear();
    CHECK(bibtex_key(r) == "arxiv2503_21813");
}

TEST_CASE("bibtex escaping keeps TeX and escapes specials", "[formatters]") {
    CHECK(bibtex_escape("Q&A at 50% #1") == "Q\\&A at 50\\% \\#1");
    CHECK(bibtex_escape("already \\& and 5\\% and \\#") == "already \\& and 5\\% and \\#");
    CHECK(bibtex_escape("$\\alpha$ and \\emph{x}") == "$\\alpha$ and \\emph{x}");
    CHECK(bibtex_escape("open { brace } } here {") == "open { brace }  here ");
    CHECK(bibtex_escape("trailing \\") == "trailing ");
    CHECK(bibtex_escape("Schütze") == "Schütze");
}

TEST_CASE("bibtex writes @misc entries", "[formatters]") {
    Hit dup = hit_full();
    dup.doc.record.id = "2503.99999";
    std::string out = run("bibtex", {hit_full(), hit_old(), hit_tex(), dup}, info_for(4));
    const std::string first =
        "@misc{vaswani2025attention,\n"
        "  title = {{Attention \\& Caching: $\\alpha$-Divergence for KV-Caching at 50\\% Cost}},\n"
        "  author = {Ashish Vaswani and Noam Shazeer and Niki Parmar and Jakob Uszkoreit and "
        "Llion Jones and Aidan Gomez and Lukasz Kaiser and Illia Polosukhin},\n"
        "  year = {2025},\n"
        "  month = mar,\n"
        "  eprint = {2503.21813},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.LG},\n"
        "  doi = {10.1103/PhysRevD.112.034501},\n"
        "  url = {https://arxiv.org/abs/2503.21813v2},\n"
        "  note = {Phys. Rev. D 112 (2025) 034501}\n"
        "}\n";
    const std::string second =
        "@misc{muller1999string,\n"
        "  title = {{String Theory in Ten Dimensions}},\n"
        "  author = {Jürgen Müller},\n"
        "  year = {1999},\n"
        "  month = jan,\n"
        "  eprint = {hep-th/9901001},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {hep-th},\n"
        "  url = {https://arxiv.org/abs/hep-th/9901001}\n"
        "}\n";
    const std::string third =
        "@misc{schutze2024schrodinger,\n"
        "  title = {{On the Schr\\\"odinger Equation with $\\mathcal{O}(n^2)$ Terms}},\n"
        "  author = {Hinrich Schütze and Łukasz Wiśniewski},\n"
        "  year = {2024},\n"
        "  month = jan,\n"
        "  eprint = {2401.00001},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {quant-ph},\n"
        "  url = {https://arxiv.org/abs/2401.00001v1}\n"
        "}\n";
    REQUIRE(out.rfind(first + "\n" + second + "\n" + third + "\n", 0) == 0);
    // A repeated key gets a letter so the file stays usable.
    CHECK(out.find("@misc{vaswani2025attentionb,\n") != std::string::npos);
    CHECK(out.find("  eprint = {2503.99999},\n") != std::string::npos);
    CHECK(out.substr(out.size() - 3) == "\n}\n");
    CHECK(run("bibtex", {}, info_for(0)).empty());
}

TEST_CASE("text format without colour", "[formatters]") {
    std::string out = run("text", {hit_full(), hit_old()}, info_for(1234));
    CHECK(out.find('\x1b') == std::string::npos);
    V lines = lines_of(out);
    REQUIRE(lines.size() == 12);
    CHECK(lines[0] == "1. Attention & Caching: \xCE\xB1-Divergence for KV-Caching at 50% Cost");  // α
    CHECK(lines[1] == "   Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan Gomez, "
                      "\xE2\x80\xA6 (+2 more)");
    CHECK(lines[2] == "   2025-03-27 \xC2\xB7 announced 2025-03-28 \xC2\xB7 cs.LG cs.AI \xC2\xB7 "
                      "https://arxiv.org/abs/2503.21813v2");
    CHECK(lines[3] == "   Comment: 12 pages, 3 figures");
    CHECK(lines[4] == "   We study KV caching for long contexts. A second paragraph follows.");
    CHECK(lines[5] == "");
    CHECK(lines[6] == "2. String Theory in Ten Dimensions");
    CHECK(lines[7] == "   Jürgen Müller");
    CHECK(lines[8] == "   1999-01 \xC2\xB7 hep-th \xC2\xB7 https://arxiv.org/abs/hep-th/9901001");
    CHECK(lines[9] == "   A short abstract.");
    CHECK(lines[10] == "");
    CHECK(lines[11] == "Showing 1\xE2\x80\x93" "2 of 1,234 results (sorted by relevance)");
}

TEST_CASE("text format footer, paging and empty results", "[formatters]") {
    ResultInfo info = info_for(1234567, 20);
    info.sort = "submitted";
    Hit h = hit_old();
    h.rank = 21;
    std::string out = run("text", {h}, info);
    CHECK(out.rfind("21. String Theory in Ten Dimensions\n", 0) == 0);
    CHECK(lines_of(out).back() == "Showing 21\xE2\x80\x93" "21 of 1,234,567 results (sorted by submitted)");

    // Offset past the end: no hits but a total.
    CHECK(run("text", {}, info_for(1234, 5000)) == "No results on this page (1,234 in total)\n");
    // Nothing matched: said so (a terminal left blank looks broken), with a
    // spelling suggestion when there is one.
    CHECK(run("text", {}, info_for(0)) == "No results\n");
    CHECK(run("text", {}, info_for(0), OutputOptions{true, 300}).find("No results") != std::string::npos);
    ResultInfo misspelt = info_for(0);
    misspelt.suggestion = "transformer";
    CHECK(run("text", {}, misspelt) == "No results\nDid you mean: transformer\n");
}

TEST_CASE("text format wraps long abstracts to 100 columns and shows a snippet", "[formatters]") {
    Hit h = hit_tex();
    std::string abstract;
    for (int i = 0; i < 40; ++i) abstract += "Filler words about nothing in particular. ";
    abstract += "Here the KV cache shows up. ";
    for (int i = 0; i < 40; ++i) abstract += "More words that do not matter at all. ";
    h.doc.record.abstract = abstract;
    std::string out = run("text", {h}, info_for(1), OutputOptions{false, 300});
    V lines = lines_of(out);
    REQUIRE(lines.size() >= 6);
    CHECK(lines[3].rfind("   \xE2\x80\xA6 Here the KV cache shows up.", 0) == 0);
    size_t snippet_chars = 0;
    for (size_t i = 3; i + 2 < lines.size(); ++i) {
        CHECK(lines[i].rfind("   ", 0) == 0);
        CHECK(utf8_length(lines[i]) <= 100);
        snippet_chars += utf8_length(lines[i]) - 3 + 1;
    }
    CHECK(snippet_chars <= 300 + 8);
    CHECK(lines[lines.size() - 3].size() > 3);
    CHECK(lines[lines.size() - 3].substr(lines[lines.size() - 3].size() - 3) == "\xE2\x80\xA6");
    CHECK(lines.back() == "Showing 1\xE2\x80\x93" "1 of 1 result (sorted by relevance)");
}

TEST_CASE("text format with colour highlights matches", "[formatters]") {
    OutputOptions color{true, 300};
    std::string out = run("text", {hit_full()}, info_for(1), color);
    CHECK(out.find('\x1b') != std::string::npos);
    V lines = lines_of(out);
    REQUIRE(lines.size() >= 4);
    // Title bold, matched title word bold yellow.
    CHECK(lines[0].rfind("1. \x1b[1mAttention & \x1b[0m\x1b[1;33mCaching\x1b[0m\x1b[1m: ", 0) == 0);
    CHECK(lines[0].find("\x1b[0m\x1b[1;33mKV-Caching\x1b[0m\x1b[1m") != std::string::npos);
    CHECK(lines[0].find("\x1b[1;33mCaching\x1b[0m") != std::string::npos);
    // Authors dim, the searched author highlighted.
    CHECK(lines[1].rfind("   \x1b[2mAshish Vaswani, ", 0) == 0);
    CHECK(lines[1].find("\x1b[1;33mShazeer\x1b[0m") != std::string::npos);
    CHECK(lines[1].find("Noam") != std::string::npos);
    // Primary category coloured, the rest plain.
    CHECK(lines[2].find("\x1b[1;32mcs.LG\x1b[0m cs.AI") != std::string::npos);
    // Abstract matches.
    CHECK(lines[4] == "   We study \x1b[0m\x1b[1;33mKV\x1b[0m \x1b[0m\x1b[1;33mcaching\x1b[0m for long "
                      "contexts. A second paragraph follows.");
    // Stripping the escapes gives the plain output.
    std::string plain;
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\x1b') {
            while (i < out.size() && out[i] != 'm') ++i;
            continue;
        }
        plain += out[i];
    }
    CHECK(plain == run("text", {hit_full()}, info_for(1)));
}

TEST_CASE("human-facing formats never pass control characters to a terminal", "[formatters][hostile]") {
    Hit h = hit_full();
    Record& r = h.doc.record;
    // An index built before ingest dropped them may still hold them.
    r.title = std::string("Evil \x1b]0;pwned\x07 title \x1b[2J\x1b[31mred\xc2\x9b") + "31m" + "\r overwritten";
    r.abstract = std::string("An abstract with a NUL \0 byte,", 31) + " a bell \x07 and an RLO \xe2\x80\xae override.";
    r.authors = {"Mallory \x1b[8mhidden\x1b[0m", "Eve\x7f"};
    r.comment = "comment \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\";
    for (const char* name : {"text", "markdown", "bibtex", "oneline", "ris"}) {
        INFO(name);
        std::ostringstream out;
        OutputOptions options;
        options.color = false;
        auto f = make_formatter(name, out, options);
        ResultInfo info;
        info.total = 1;
        f->begin(info);
        f->hit(h);
        f->end(info);
        const std::string s = out.str();
        for (size_t i = 0; i < s.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            INFO("byte " << i << " of " << s);
            CHECK((c >= 0x20 || c == '\n' || c == '\t'));
            CHECK(c != 0x7f);
        }
        CHECK(s.find("\xc2\x9b") == std::string::npos);      // C1 CSI
        CHECK(s.find("\xe2\x80\xae") == std::string::npos);  // right-to-left override
        CHECK(s.find("pwned") != std::string::npos);         // the text itself is kept
    }
    CHECK(printable_text("a\rb\tc\nd\x1b" "e\xff") == "a b\tc\nde\xef\xbf\xbd");
}

namespace {

// Nine authors; "Song Han" is the 8th.
Hit hit_many_authors() {
    Hit h = hit_full();
    h.doc.record.authors = {"Ji Lin",   "Ligeng Zhu", "Wei-Ming Chen", "Wei-Chen Wang", "Chuang Gan",
                            "Xiuyu Li", "Muyang Li",  "Song Han",      "Hanrui Wang"};
    return h;
}

ResultInfo author_info(std::vector<std::vector<std::string>> names) {
    ResultInfo info = info_for(1);
    info.matched = MatchTerms{};
    for (const auto& n : names) info.matched.name_terms.insert(info.matched.name_terms.end(), n.begin(), n.end());
    info.matched.names = std::move(names);
    return info;
}

}  // namespace

TEST_CASE("text shows every matched author, wherever it stands", "[formatters]") {
    const Hit h = hit_many_authors();
    V lines = lines_of(run("text", {h}, author_info({{"song", "han"}})));
    CHECK(lines[1] == "   Ji Lin, Ligeng Zhu, Wei-Ming Chen, Wei-Chen Wang, Chuang Gan, \xE2\x80\xA6 Song Han, "
                      "\xE2\x80\xA6 (+3 more)");
    // Nothing matched: the first six and a count.
    lines = lines_of(run("text", {h}, author_info({})));
    CHECK(lines[1] == "   Ji Lin, Ligeng Zhu, Wei-Ming Chen, Wei-Chen Wang, Chuang Gan, Xiuyu Li, \xE2\x80\xA6 (+3 more)");
    // The last author matched: no trailing gap.
    lines = lines_of(run("text", {h}, author_info({{"hanrui"}})));
    CHECK(lines[1] == "   Ji Lin, Ligeng Zhu, Wei-Ming Chen, Wei-Chen Wang, Chuang Gan, \xE2\x80\xA6 Hanrui Wang (+3 more)");
    // Many matched: three first authors are kept, then every matched one.
    lines = lines_of(run("text", {h}, author_info({{"li"}, {"wang"}, {"han"}})));
    CHECK(lines[1] + lines[2].substr(2) == "   Ji Lin, Ligeng Zhu, Wei-Ming Chen, Wei-Chen Wang, \xE2\x80\xA6 Xiuyu Li, Muyang "
                                          "Li, Song Han, Hanrui Wang (+1 more)");
    // Highlighted like matched words, and only in a matched author.
    OutputOptions color{true, 300};
    const std::string out = run("text", {h}, author_info({{"song", "han"}}), color);
    CHECK(out.find("\x1b[1;33mSong\x1b[0m") != std::string::npos);
    CHECK(out.find("\x1b[1;33mHan\x1b[0m") != std::string::npos);
}

TEST_CASE("text fits the width: 40, 60 and 120 columns", "[formatters][wrap]") {
    Hit h = hit_many_authors();
    h.doc.record.title = "A rather long title about $\\mathbb{F}_{p^m}$-linear codes, Schr\\\"odinger operators "
                         "and \\textsc{DiARC} at $O(n^2)$ cost for everyone";
    std::string abstract;
    for (int i = 0; i < 20; ++i) abstract += "Überraschung: the KV cache of 漢字 models~\\cite{x} grows. ";
    h.doc.record.abstract = abstract;
    h.doc.record.comment = "NeurIPS 2025; code at https://github.com/some-organisation/a-rather-long-repository-name";
    for (size_t width : {40, 60, 120}) {
        INFO(width);
        OutputOptions options;
        options.width = width;
        const std::string out = run("text", {h, hit_old()}, info_for(2), options);
        for (const std::string& line : lines_of(out)) {
            INFO(line);
            CHECK(display_width(line) <= width);
            CHECK(valid_utf8(line) == line);
        }
        CHECK(out.find("𝔽_{pᵐ}-linear") != std::string::npos);  // rendered, never split
        CHECK(out.find("\\cite") == std::string::npos);
        CHECK(out.find("Comment: NeurIPS 2025;") != std::string::npos);
        CHECK(out.find("announced 2025-03-28") != std::string::npos);
    }
    // Narrower than 40 is taken as 40.
    OutputOptions narrow;
    narrow.width = 10;
    for (const std::string& line : lines_of(run("text", {h}, info_for(1), narrow))) CHECK(display_width(line) <= 40);
}

TEST_CASE("text facets wrap between values to the width", "[formatters][wrap]") {
    ResultInfo info = info_for(1);
    FacetResult cat;
    cat.name = "category";
    for (int i = 0; i < 30; ++i) cat.values.push_back({"cs." + std::string(1, static_cast<char>('A' + i % 26)) + "L", 1000u - i});
    cat.distinct = 40;
    FacetResult year;
    year.name = "year";
    year.values = {{"2026", 3}, {"2025", 2}};
    year.distinct = 2;
    info.facets = {cat, year};
    for (size_t width : {40, 60, 120}) {
        INFO(width);
        OutputOptions options;
        options.width = width;
        const std::string out = run("text", {hit_old()}, info, options);
        const std::vector<std::string> lines = lines_of(out);
        size_t facet_lines = 0;
        for (const std::string& line : lines) {
            INFO(line);
            CHECK(display_width(line) <= width);
            if (line.rfind("            cs.", 0) == 0) ++facet_lines;  // continuation under the first value
        }
        CHECK(facet_lines > 0);
        CHECK(out.find("  year      2026 3 \xC2\xB7 2025 2\n") != std::string::npos);
        CHECK(out.find("\xE2\x80\xA6 (40 values)") != std::string::npos);
        for (const std::string& line : lines)  // a value and its count stay together
            CHECK((line.size() < 5 || line.compare(line.size() - 5, 5, " cs.A") != 0));
    }
}

TEST_CASE("oneline: id, date, primary category and title fitted to the width", "[formatters]") {
    OutputOptions options;
    options.width = 60;
    const std::string out = run("oneline", {hit_full(), hit_old(), hit_tex()}, info_for(3), options);
    const V lines = lines_of(out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "2503.21813 2025-03-27 cs.LG Attention & Caching: α-Divergen\xE2\x80\xA6");
    CHECK(lines[1] == "hep-th/9901001 1999-01    hep-th String Theory in Ten Dimen\xE2\x80\xA6");
    CHECK(lines[2].rfind("2401.00001 2024-01-02 quant-ph On the Schrödinger Equation", 0) == 0);
    for (const std::string& line : lines) CHECK(display_width(line) <= 60);
    CHECK(run("oneline", {}, info_for(0)).empty());
    OutputOptions color = options;
    color.color = true;
    CHECK(run("oneline", {hit_full()}, info_for(1), color).find("\x1b[1;33mCaching\x1b[0m") != std::string::npos);
}

TEST_CASE("ris: one record per paper for reference managers", "[formatters]") {
    const std::string out = run("ris", {hit_full(), hit_old()}, info_for(2));
    const V lines = lines_of(out);
    const V expected = {
        "TY  - JOUR",
        "TI  - Attention & Caching: $\\alpha$-Divergence for KV-Caching at 50% Cost",
        "AU  - Vaswani, Ashish", "AU  - Shazeer, Noam", "AU  - Parmar, Niki", "AU  - Uszkoreit, Jakob",
        "AU  - Jones, Llion", "AU  - Gomez, Aidan", "AU  - Kaiser, Lukasz", "AU  - Polosukhin, Illia",
        "PY  - 2025",
        "DA  - 2025/03/27/",
        "AB  - We study KV caching for long contexts. A second paragraph follows.",
        "JO  - Phys. Rev. D 112 (2025) 034501",
        "PB  - arXiv",
        "AN  - arXiv:2503.21813",
        "UR  - https://arxiv.org/abs/2503.21813v2",
        "L1  - https://arxiv.org/pdf/2503.21813v2",
        "DO  - 10.1103/PhysRevD.112.034501",
        "N1  - 12 pages, 3 figures",
        "KW  - cs.LG", "KW  - cs.AI",
        "ER  - ",
        "",
        "TY  - UNPB",
        "TI  - String Theory in Ten Dimensions",
        "AU  - Müller, Jürgen",
        "PY  - 1999",
        "DA  - 1999/01//",
        "AB  - A short abstract.",
        "PB  - arXiv",
        "AN  - arXiv:hep-th/9901001",
        "UR  - https://arxiv.org/abs/hep-th/9901001",
        "L1  - https://arxiv.org/pdf/hep-th/9901001",
        "KW  - hep-th",
        "ER  - ",
    };
    CHECK(lines == expected);
    // Every line is a tag: two capitals or digits, two spaces, '-', a space.
    for (const std::string& l : lines) {
        if (l.empty()) continue;
        INFO(l);
        CHECK(l.size() >= 6);
        CHECK(l.compare(2, 4, "  - ") == 0);
    }
    CHECK(run("ris", {}, info_for(0)).empty());
}

TEST_CASE("csljson: a valid CSL-JSON array", "[formatters]") {
    Hit twin = hit_full();  // the same key twice gets a suffix
    const std::string out = run("csljson", {hit_full(), hit_old(), twin}, info_for(3));
    const ordered_json j = ordered_json::parse(out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 3);
    const ordered_json& a = j[0];
    CHECK(keys_of(a) == V{"id", "type", "title", "author", "issued", "abstract", "URL", "DOI", "number",
                          "publisher", "container-title", "note", "keyword", "version"});
    CHECK(a["id"] == "vaswani2025attention");
    CHECK(j[2]["id"] == "vaswani2025attentionb");
    CHECK(a["type"] == "article");
    CHECK(a["title"] == "Attention & Caching: $\\alpha$-Divergence for KV-Caching at 50% Cost");  // source kept
    CHECK(a["author"][0] == ordered_json{{"family", "Vaswani"}, {"given", "Ashish"}});
    CHECK(a["author"].size() == 8);
    CHECK(a["issued"] == ordered_json{{"date-parts", {{2025, 3, 27}}}});
    CHECK(a["abstract"] == "We study KV caching for long contexts.\nA second paragraph follows.");
    CHECK(a["URL"] == "https://arxiv.org/abs/2503.21813v2");
    CHECK(a["DOI"] == "10.1103/PhysRevD.112.034501");
    CHECK(a["number"] == "2503.21813");
    CHECK(a["publisher"] == "arXiv");
    CHECK(a["container-title"] == "Phys. Rev. D 112 (2025) 034501");
    const ordered_json& b = j[1];
    CHECK(b["issued"] == ordered_json{{"date-parts", {{1999, 1}}}});
    CHECK_FALSE(b.contains("DOI"));
    CHECK_FALSE(b.contains("container-title"));
    CHECK(b["author"][0] == ordered_json{{"family", "Müller"}, {"given", "Jürgen"}});
    CHECK(ordered_json::parse(run("csljson", {}, info_for(0))) == ordered_json::array());
}

TEST_CASE("author names split for citations", "[formatters]") {
    struct Case {
        const char* name;
        const char* family;
        const char* given;
        const char* suffix;
        bool literal;
    };
    const Case cases[] = {
        {"Song Han", "Han", "Song", "", false},
        {"Ana Cristina Duarte", "Duarte", "Ana Cristina", "", false},
        {"Ludwig van Beethoven", "van Beethoven", "Ludwig", "", false},
        {"Pieter J. Berg Jr.", "Berg", "Pieter J.", "Jr.", false},
        {"Han, Song", "Han", "Song", "", false},
        {"ATLAS Collaboration", "ATLAS Collaboration", "", "", true},
        {"Plato", "Plato", "", "", true},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const AuthorName n = split_author_name(c.name);
        CHECK(n.family == c.family);
        CHECK(n.given == c.given);
        CHECK(n.suffix == c.suffix);
        CHECK(n.literal == c.literal);
    }
}
