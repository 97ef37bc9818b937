#include <catch2/catch.hpp>

#include "query/compile.h"
#include "query/query_parser.h"
#include "query/run.h"

using namespace arxiv;

namespace {

std::string xapian(const std::string& q) {
    return compile_query(*parse_query(q)).query.get_description();
}

size_t error_position(const std::string& q) {
    try {
        compile_query(*parse_query(q));
    } catch (const QuerySyntaxError& e) {
        return e.position;
    }
    FAIL("no error for: " << q);
    return 0;
}

}  // namespace

TEST_CASE("words search title and abstract, ANDed", "[query]") {
    CHECK(xapian("kv") == "Query((Skv OR Bkv))");
    CHECK(xapian("caching models") == "Query(((Scach OR Bcach) AND (Smodel OR Bmodel)))");
}

TEST_CASE("phrases match stemmed words in order within one field", "[query]") {
    CHECK(xapian("\"kv cache\"") ==
          "Query(((Skv PHRASE 2 Scach) OR (Bkv PHRASE 2 Bcach)))");
    // A hyphenated word is a phrase of its parts.
    CHECK(xapian("KV-caching") == xapian("\"kv cache\""));
    // LaTeX in a query is read like LaTeX in a document.
    CHECK(xapian("$\\alpha$-divergence") == xapian("\"alpha divergence\""));
    // Typographic quotes work like ASCII ones.
    CHECK(xapian("\xE2\x80\x9Ckv cache\xE2\x80\x9D") == xapian("\"kv cache\""));
}

TEST_CASE("operators and precedence", "[query]") {
    CHECK(xapian("a OR b") == "Query(((Sa OR Ba) OR (Sb OR Bb)))");
    CHECK(xapian("x NOT y") == "Query(((Sx OR Bx) AND_NOT (Sy OR By)))");
    CHECK(xapian("x AND NOT y") == xapian("x NOT y"));
    CHECK(xapian("x -y") == xapian("x NOT y"));
    CHECK(xapian("NOT y") == "Query((<alldocuments> AND_NOT (Sy OR By)))");
    // AND binds tighter than OR.
    CHECK(xapian("a OR b c") == "Query(((Sa OR Ba) OR ((Sb OR Bb) AND (Sc OR Bc))))");
    CHECK(xapian("(a OR b) c") == "Query((((Sa OR Ba) OR (Sb OR Bb)) AND (Sc OR Bc)))");
    // Lower-case operators are words.
    CHECK(xapian("a or b") == "Query(((Sa OR Ba) AND (Sor OR Bor) AND (Sb OR Bb)))");
}

TEST_CASE("text fields", "[query]") {
    CHECK(xapian("title:transformers") == "Query(Stransform)");
    CHECK(xapian("ti:\"kv cache\"") == "Query((Skv PHRASE 2 Scach))");
    CHECK(xapian("abs:(a OR b)") == "Query((Ba OR Bb))");
    CHECK(xapian("co:pages") == "Query(XCOpage)");
    CHECK(xapian("jr:physical") == "Query(XJRphysic)");
    CHECK(xapian("TI:transformers") == xapian("title:transformers"));
    CHECK(xapian("Author:smith") == xapian("author:smith"));
}

TEST_CASE("authors: folded, unstemmed, phrase within one author", "[query]") {
    CHECK(xapian("author:schutze") == "Query(Aschutze)");
    CHECK(xapian("au:Schütze") == "Query(Aschutze)");
    CHECK(xapian("author:Nießner") == "Query(Aniessner)");
    CHECK(xapian("author:\"Bernhard Schölkopf\"") == "Query((Abernhard PHRASE 2 Ascholkopf))");
    CHECK(xapian("author:\"Schölkopf, Bernhard\"") == xapian("author:\"Bernhard Schölkopf\""));
    // Initials also match through the per-author initials key.
    CHECK(xapian("author:\"B. Schölkopf\"") ==
          "Query(((Ab PHRASE 2 Ascholkopf) OR XAKb scholkopf))");
    CHECK(xapian("author:\"A. C. Duarte\"") ==
          "Query(((Aa PHRASE 3 Ac PHRASE 3 Aduarte) OR XAKa duarte))");
}

TEST_CASE("filters do not rank and are normalised", "[query]") {
    CHECK(xapian("cat:cs.CL") == "Query(0 * XCATcs.cl)");
    CHECK(xapian("cat:cs.lg") == "Query(0 * XCATcs.lg)");
    CHECK(xapian("cat:cs.SY") == "Query(0 * XCATeess.sy)");
    CHECK(xapian("cat:cs") == "Query(0 * XARCHcs)");
    CHECK(xapian("cat:cs.*") == "Query(0 * XARCHcs)");
    CHECK(xapian("primary:cs.CL") == "Query(0 * XPRIMcs.cl)");
    CHECK(xapian("kv cat:cs.CL") == "Query(((Skv OR Bkv) FILTER XCATcs.cl))");
    CHECK(xapian("id:2503.21813v2") == "Query(0 * Q2503.21813)");
    CHECK(xapian("id:https://arxiv.org/abs/hep-th/9901001") == "Query(0 * Qhep-th/9901001)");
    CHECK(xapian("doi:https://doi.org/10.1103/PhysRevD.1") == "Query(0 * XDOI10.1103/physrevd.1)");
}

TEST_CASE("date ranges", "[query]") {
    CHECK(xapian("date:2025-01..2025-03-31") == "Query(VALUE_RANGE 0 20250100 20250331)");
    CHECK(xapian("date:2025") == "Query(VALUE_RANGE 0 20250000 20251231)");
    CHECK(xapian("date:2025-03") == "Query(VALUE_RANGE 0 20250300 20250331)");
    CHECK(xapian("date:2025-03..") == "Query(VALUE_GE 0 20250300)");
    CHECK(xapian("date:..2024") == "Query(VALUE_LE 0 20241231)");
    CHECK(xapian("updated:20250102") == "Query(VALUE_RANGE 1 20250102 20250102)");
    auto b = parse_date_range("2024-02", 0);
    CHECK(b.from == "20240200");
    CHECK(b.to == "20240231");
}

TEST_CASE("wildcards", "[query]") {
    CHECK(xapian("quant*") == "Query((WILDCARD SYNONYM Squant OR WILDCARD SYNONYM Bquant))");
    CHECK(error_position("x q*") == 2);
}

TEST_CASE("syntax errors say where", "[query]") {
    CHECK(error_position("\"kv cache") == 0);
    CHECK(error_position("a OR (b") == 5);
    CHECK(error_position("a)") == 1);
    CHECK(error_position("a AND") == 2);
    CHECK(error_position("OR b") == 0);
    CHECK(error_position("a AND OR b") == 2);
    CHECK(error_position("kv tilte:x") == 3);
    CHECK(error_position("title: x") == 0);
    CHECK(error_position("date:2025-13") == 5);
    CHECK(error_position("x date:2025-02-30") == 7);
    CHECK(error_position("cat:cs.XX") == 4);
    CHECK(error_position("id:12345") == 3);
    CHECK(error_position("()") == 1);
    CHECK(error_position("\"\"") == 0);
    CHECK(error_position("a \"b c*\"") == 2);
    CHECK(error_position("date:2025..2024") == 5);
    CHECK(error_position("--") == 1);
}

TEST_CASE("syntax error message shows a caret under the column", "[query]") {
    try {
        parse_query("kv OR (cache");
        FAIL("expected an error");
    } catch (const QuerySyntaxError& e) {
        std::string msg = describe_syntax_error("kv OR (cache", e);
        CHECK(msg.find("unclosed '('") != std::string::npos);
        CHECK(msg.find("(column 7)") != std::string::npos);
        CHECK(msg.find("\n  kv OR (cache\n        ^") != std::string::npos);
    }
}

TEST_CASE("flags become filters", "[query]") {
    QueryRequest r;
    r.query = "kv";
    r.since = "2025-03";
    r.categories = {"cs.CL", "cs.LG"};
    auto tree = build_query_tree(r);
    CHECK(compile_query(*tree).query.get_description() ==
          "Query(((Skv OR Bkv) FILTER (VALUE_GE 0 20250300 AND (XCATcs.cl OR XCATcs.lg))))");
    r.categories = {"nonsense"};
    CHECK_THROWS_WITH(build_query_tree(r), Catch::Contains("--category nonsense"));
}

TEST_CASE("explain names fields, phrases and operators", "[query]") {
    std::string e = explain_query(*parse_query("\"kv cache\" author:schutze -survey cat:cs.CL"));
    CHECK(e.find("ALL of:") != std::string::npos);
    CHECK(e.find("phrase \"kv cache\" in title|abstract -> kv cach") != std::string::npos);
    CHECK(e.find("word \"schutze\" in author -> schutze") != std::string::npos);
    CHECK(e.find("NOT word \"survey\"") != std::string::npos);
    CHECK(e.find("category cs.CL  [filter]") != std::string::npos);
}

TEST_CASE("highlight terms come from positive text and author parts", "[query]") {
    auto c = compile_query(*parse_query("\"kv cache\" author:Schütze -survey"));
    CHECK(c.text_terms == std::vector<std::string>{"cach", "kv"});
    CHECK(c.name_terms == std::vector<std::string>{"schutze"});
}
