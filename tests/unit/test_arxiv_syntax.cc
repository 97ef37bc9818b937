// arXiv API search_query -> the same Xapian query as the equivalent written
// in our own syntax.
#include <catch2/catch.hpp>

#include "query/lang/arxiv_syntax.h"
#include "query/lang/compile.h"
#include "query/lang/query_parser.h"
#include "query/request/request.h"

using namespace arxiv;

namespace {

std::string arxiv_q(const std::string& q) { return compile_query(*parse_arxiv_query(q)).query.get_description(); }
std::string ours(const std::string& q) { return compile_query(*parse_query(q)).query.get_description(); }

size_t error_position(const std::string& q) {
    try {
        compile_query(*parse_arxiv_query(q));
    } catch (const QuerySyntaxError& e) {
        return e.position;
    }
    FAIL("no error for: " << q);
    return 0;
}

std::string error_message(const std::string& q) {
    try {
        compile_query(*parse_arxiv_query(q));
    } catch (const QuerySyntaxError& e) {
        return e.what() + std::string(" | ") + e.hint;
    }
    FAIL("no error for: " << q);
    return "";
}

}  // namespace

TEST_CASE("arxiv-syntax: prefixes map to our fields", "[arxiv-syntax]") {
    CHECK(arxiv_q("ti:cache") == ours("title:cache"));
    CHECK(arxiv_q("au:schutze") == ours("author:schutze"));
    CHECK(arxiv_q("abs:cache") == ours("abstract:cache"));
    CHECK(arxiv_q("co:pages") == ours("comment:pages"));
    CHECK(arxiv_q("jr:physics") == ours("journal:physics"));
    CHECK(arxiv_q("cat:cs.CL") == ours("cat:cs.CL"));
    CHECK(arxiv_q("rn:CERN-TH-2025-001") == ours("report:CERN-TH-2025-001"));
    CHECK(arxiv_q("id:2503.21813v2") == ours("id:2503.21813"));
    CHECK(arxiv_q("all:electron") == ours("all:electron"));
    // Prefixes are matched case-insensitively.
    CHECK(arxiv_q("TI:cache") == ours("title:cache"));
    // A term without a prefix searches every field, as on arXiv.
    CHECK(arxiv_q("electron") == ours("all:electron"));
    CHECK(arxiv_q("\"kv cache\"") == ours("all:\"kv cache\""));
    // Sanity: all: really is wider than our default (title + abstract).
    CHECK(arxiv_q("electron") != ours("electron"));
}

TEST_CASE("arxiv-syntax: a prefix binds one term and side by side means OR", "[arxiv-syntax]") {
    CHECK(arxiv_q("ti:kv cache") == ours("ti:kv OR all:cache"));
    CHECK(arxiv_q("ti:kv+cache") == ours("ti:kv OR all:cache"));
    CHECK(arxiv_q("all:electron+proton") == ours("all:electron OR all:proton"));
    CHECK(arxiv_q("ti:(kv cache)") == ours("ti:(kv OR cache)"));
    CHECK(arxiv_q("ti:(kv AND cache)") == ours("ti:kv ti:cache"));
    CHECK(arxiv_q("cat:(cs.CL cs.LG)") == ours("cat:cs.CL OR cat:cs.LG"));
}

TEST_CASE("arxiv-syntax: operators AND, OR, ANDNOT and grouping", "[arxiv-syntax]") {
    CHECK(arxiv_q("au:bengio AND ti:cache") == ours("au:bengio ti:cache"));
    CHECK(arxiv_q("ti:cache OR ti:eviction") == ours("ti:cache OR ti:eviction"));
    CHECK(arxiv_q("ti:cache ANDNOT cat:cs.AR") == ours("ti:cache NOT cat:cs.AR"));
    // AND and ANDNOT bind tighter than OR (explicit or implicit).
    CHECK(arxiv_q("ti:a OR ti:b AND ti:c") == ours("ti:a OR (ti:b ti:c)"));
    CHECK(arxiv_q("ti:a AND ti:b ti:c") == ours("(ti:a ti:b) OR ti:c"));
    CHECK(arxiv_q("ti:a ANDNOT ti:b AND ti:c") == ours("ti:a ti:c NOT ti:b"));
    CHECK(arxiv_q("(ti:a OR ti:b) AND cat:cs.CL") == ours("(ti:a OR ti:b) cat:cs.CL"));
    // Operators are upper case; anything else is a word.
    CHECK(arxiv_q("ti:a and") == ours("ti:a OR all:and"));
}

TEST_CASE("arxiv-syntax: phrases, authors and wildcards", "[arxiv-syntax]") {
    CHECK(arxiv_q("ti:\"quantum criticality\"") == ours("title:\"quantum criticality\""));
    CHECK(arxiv_q("ti:\"quantum+criticality\"") == ours("title:\"quantum criticality\""));
    // arXiv's author convention: underscores are spaces, the name is one unit.
    CHECK(arxiv_q("au:del_maestro") == ours("author:\"del maestro\""));
    CHECK(arxiv_q("au:\"del maestro\"") == ours("author:\"del maestro\""));
    // Surname then initials.
    CHECK(arxiv_q("au:smith_j") == ours("author:\"J Smith\""));
    CHECK(arxiv_q("au:einstein_a_b") == ours("author:\"A B Einstein\""));
    CHECK(arxiv_q("ti:quant*") == ours("title:quant*"));
    CHECK(arxiv_q("cat:cs.*") == ours("cat:cs.*"));
}

TEST_CASE("arxiv-syntax: date ranges become day-precision ranges", "[arxiv-syntax]") {
    CHECK(arxiv_q("au:del_maestro AND submittedDate:[202301010600 TO 202401010600]") ==
          ours("author:\"del maestro\" date:2023-01..2024-01-01"));
    CHECK(arxiv_q("submittedDate:[202303150000+TO+202303312359]") == ours("date:2023-03-15..2023-03-31"));
    CHECK(arxiv_q("lastUpdatedDate:[20240101 TO 20240630]") == ours("updated:2024-01..2024-06-30"));
    CHECK(arxiv_q("submittedDate:[* TO 202401010000]") == ours("date:..2024-01-01"));
    CHECK(arxiv_q("submittedDate:[20240215 TO *]") == ours("date:2024-02-15.."));
    // Sentinel years some clients use for open ends still work as bounds.
    CHECK(arxiv_q("submittedDate:[100001010000 TO 202301010000]") ==
          "Query(0 * (VALUE_RANGE 0 10000100 19859999 OR XDS1986 OR XDS1987 OR XDS1988 OR XDS1989 OR "
          "XDS1990 OR XDS1991 OR XDS1992 OR XDS1993 OR XDS1994 OR XDS1995 OR XDS1996 OR XDS1997 OR "
          "XDS1998 OR XDS1999 OR XDS2000 OR XDS2001 OR XDS2002 OR XDS2003 OR XDS2004 OR XDS2005 OR "
          "XDS2006 OR XDS2007 OR XDS2008 OR XDS2009 OR XDS2010 OR XDS2011 OR XDS2012 OR XDS2013 OR "
          "XDS2014 OR XDS2015 OR XDS2016 OR XDS2017 OR XDS2018 OR XDS2019 OR XDS2020 OR XDS2021 OR "
          "XDS2022 OR (XDS202301 FILTER VALUE_RANGE 0 20230100 20230101)))");
}

TEST_CASE("arxiv-syntax: query mistakes are reported with their position", "[arxiv-syntax]") {
    CHECK(error_position("") == 0);
    CHECK(error_position("ti:a OR (ti:b") == 8);
    CHECK(error_position("ti:a)") == 4);
    CHECK(error_position("foo:bar") == 0);
    CHECK(error_message("foo:bar").find("unknown prefix 'foo:'") == 0);
    CHECK(error_position("ANDNOT ti:a") == 0);
    CHECK(error_message("ANDNOT ti:a").find("no unary NOT") != std::string::npos);
    CHECK(error_position("ti:a NOT ti:b") == 5);
    CHECK(error_message("ti:a NOT ti:b").find("ANDNOT") != std::string::npos);
    CHECK(error_position("ti:a AND") == 5);
    CHECK(error_position("ti: a") == 0);
    CHECK(error_position("ti:\"kv cache") == 3);
    CHECK(error_position("ti:ca?he") == 5);
    CHECK(error_position("ti:c*he") == 4);
    CHECK(error_position("cat:cs.XX") == 4);  // from the compiler, same offsets
    CHECK(error_position("submittedDate:20230101") == 0);
    CHECK(error_position("submittedDate:[20230101 TO 20231301]") == 27);
    CHECK(error_message("submittedDate:[20230101 TO 20231301]").find("month") != std::string::npos);
    CHECK(error_position("submittedDate:[20230101 20231231]") == 14);
    CHECK(error_position("submittedDate:[20230101 TO 20231231") == 14);
    CHECK(error_position("submittedDate:[20240101 TO 20230101]") == 14);
}

TEST_CASE("arxiv-syntax: --syntax arxiv goes through build_query_tree", "[arxiv-syntax]") {
    QueryRequest request;
    request.query = "ti:kv cache";
    request.syntax = Syntax::Arxiv;
    request.categories = {"cs.CL"};
    CHECK(compile_query(*build_query_tree(request)).query.get_description() ==
          ours("(ti:kv OR all:cache) cat:cs.CL"));
    request.syntax = Syntax::Ours;
    CHECK(compile_query(*build_query_tree(request)).query.get_description() ==
          ours("ti:kv cache cat:cs.CL"));

    request.syntax = Syntax::Arxiv;
    request.query = "ti:a ANDNOT";
    try {
        build_query_tree(request);
        FAIL("no error");
    } catch (const QuerySyntaxError& e) {
        std::string msg = describe_syntax_error(request.query, e);
        INFO(msg);
        CHECK(msg.find("operator 'ANDNOT' is followed by the end of the query instead of a term (column 6)") != std::string::npos);
        CHECK(msg.find("\n  ti:a ANDNOT\n       ^\n") != std::string::npos);
    }
}
