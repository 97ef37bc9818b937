#include <catch2/catch.hpp>

#include <ctime>
#include <random>
#include <set>

#include "common/schema/schema.h"
#include "common/text/text.h"

#include "query/lang/compile.h"
#include "query/lang/query_parser.h"
#include "query/request/request.h"

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

int next_year() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900 + 1;
}

// "XDS202503 OR ... XDS202512 OR XDS2026 OR ... XDS<next year>"
std::string months_from_2025_03() {
    std::string out;
    for (int m = 3; m <= 12; ++m) out += "XDS2025" + std::string(m < 10 ? "0" : "") + std::to_string(m) + " OR ";
    for (int y = 2026; y <= next_year(); ++y) out += "XDS" + std::to_string(y) + (y < next_year() ? " OR " : "");
    return out;
}

}  // namespace

TEST_CASE("terms never exceed Xapian's length limit and stay exact", "[query][schema]") {
    const schema::Field& doi = schema::field("doi");
    CHECK(schema::make_term(doi, "10.1000/abc") == "XDOI10.1000/abc");
    const std::string long_a = "10.1000/" + std::string(500, 'a');
    const std::string long_b = long_a.substr(0, long_a.size() - 1) + "b";
    const std::string term_a = schema::make_term(doi, long_a);
    CHECK(term_a.size() <= schema::kMaxTermBytes);
    CHECK(term_a == schema::make_term(doi, long_a));
    CHECK(term_a != schema::make_term(doi, long_b));
    CHECK(term_a.rfind("XDOI10.1000/aaa", 0) == 0);
    // The kept head never ends inside a UTF-8 sequence.
    std::string accents;
    for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";
    for (size_t pad = 0; pad < 3; ++pad) {
        std::string term = schema::make_term(schema::field("report"), std::string(pad, 'x') + accents);
        CHECK(term.size() <= schema::kMaxTermBytes);
        size_t hash = term.rfind('#');
        REQUIRE(hash != std::string::npos);
        CHECK((static_cast<unsigned char>(term[hash - 1]) & 0xC0) != 0xC0);  // not a lead byte cut off
        CHECK(valid_utf8(term) == term);
    }
    // The query side builds the same term.
    CHECK(xapian("doi:" + long_a).find(term_a) != std::string::npos);
    CHECK(schema::author_pair_term(std::string(200, 'a'), std::string(200, 'b')).size() <= schema::kMaxTermBytes);
}

TEST_CASE("words search title and abstract, ANDed", "[query]") {
    CHECK(xapian("kv") == "Query((Skv OR Bkv))");
    // Both words are required; written side by side (within 3 positions)
    // they rank higher, which never changes what matches (an OR with every
    // document at weight 0).
    CHECK(xapian("caching models") == "Query((((Scach OR Bcach) AND (Smodel OR Bmodel)) AND "
                                      "(((Scach NEAR 3 Smodel) OR (Bcach NEAR 3 Bmodel)) OR 0 * <alldocuments>)))");
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
    CHECK(xapian("a OR b c") == "Query(((Sa OR Ba) OR (((Sb OR Bb) AND (Sc OR Bc)) AND "
                                "(((Sb NEAR 3 Sc) OR (Bb NEAR 3 Bc)) OR 0 * <alldocuments>))))");
    CHECK(xapian("(a OR b) c") == "Query((((Sa OR Ba) OR (Sb OR Bb)) AND (Sc OR Bc)))");
    // Lower-case operators are words.
    CHECK(xapian("cat or dog").find("((Scat OR Bcat) AND (Sor OR Bor) AND (Sdog OR Bdog)) AND (((Scat NEAR 3 Sor) OR (Bcat NEAR 3 Bor))") !=
          std::string::npos);
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
    // A two-word name is its pair term: adjacent words inside one author.
    CHECK(xapian("author:\"Bernhard Schölkopf\"") == "Query(XAPbernhard scholkopf)");
    CHECK(xapian("author:\"Schölkopf, Bernhard\"") == xapian("author:\"Bernhard Schölkopf\""));
    // Initials also match through the per-author initials key.
    CHECK(xapian("author:\"B. Schölkopf\"") ==
          "Query((XAPb scholkopf OR XAKb scholkopf))");
    // Longer names: the phrase, checked only where every pair occurs.
    CHECK(xapian("author:\"A. C. Duarte\"") ==
          "Query((((Aa PHRASE 3 Ac PHRASE 3 Aduarte) FILTER (XAPa c AND XAPc duarte)) OR XAKa duarte))");
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
    // Whole years and months are terms; only a partial month reads values.
    CHECK(xapian("date:2025-01..2025-03-31") == "Query(0 * (XDS202501 OR XDS202502 OR XDS202503))");
    CHECK(xapian("date:2025") == "Query(0 * XDS2025)");
    CHECK(xapian("date:2025-03") == "Query(0 * XDS202503)");
    CHECK(xapian("updated:20250102") == "Query(0 * (XDU202501 FILTER VALUE_RANGE 1 20250102 20250102))");
    const std::string open_end = xapian("date:2025-03..");
    CHECK(open_end.find("XDS202503 OR XDS202504") != std::string::npos);
    CHECK(open_end.find("XDS202502") == std::string::npos);
    CHECK(open_end.find("XDS2026") != std::string::npos);
    CHECK(xapian("date:..2024").find("Query(0 * (VALUE_LE 0 19859999 OR XDS1986 OR") == 0);
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

TEST_CASE("one syntax error caret: long queries cut around the column and control characters masked", "[query]") {
    auto error_of = [](const std::string& q) -> QuerySyntaxError {
        try {
            parse_query(q);
        } catch (const QuerySyntaxError& e) {
            return e;
        }
        FAIL("expected an error for " << q);
        throw;
    };
    QuerySyntaxError e = error_of("kv OR (cache");
    CHECK(syntax_error_message("kv OR (cache", e) == "unclosed '(' (column 7)");
    CHECK(syntax_error_caret("kv OR (cache", e) == "  kv OR (cache\n        ^\n");
    // A control character is shown as '?', the caret stays under its column.
    std::string tab = "k\tv OR (cache";
    CHECK(syntax_error_caret(tab, error_of(tab)) == "  k?v OR (cache\n         ^\n");
    // A long query is cut around the column, with '…' where it was cut.
    std::string q = std::string(100, 'a') + " OR (" + std::string(100, 'b');
    std::string caret = syntax_error_caret(q, error_of(q));
    CHECK(syntax_error_message(q, error_of(q)) == "unclosed '(' (column 105)");
    CHECK(caret.rfind("  …", 0) == 0);
    CHECK(caret.find("…\n") != std::string::npos);
    size_t open = caret.find('(');
    size_t mark = caret.find('^');
    REQUIRE(open != std::string::npos);
    // Same column: both lines start with two spaces, '…' is three bytes, one column.
    CHECK(mark - (caret.find('\n') + 1) == open - 2);
    // Without a position: the message alone, no caret.
    QuerySyntaxError whole("the query is too long", std::string::npos);
    CHECK(syntax_error_message("x", whole) == "the query is too long");
    CHECK(syntax_error_caret("x", whole).empty());
}

TEST_CASE("sorts and syntaxes have one name table and the request one validate", "[query]") {
    for (const std::string& name : sort_names()) CHECK(sort_name(*parse_sort(name)) == name);
    CHECK(parse_sort("submitted") == Sort::Submitted);
    CHECK_FALSE(parse_sort("newest"));
    CHECK_FALSE(parse_sort("Relevance"));
    CHECK(parse_syntax("arxiv") == Syntax::Arxiv);
    CHECK(parse_syntax("ours") == Syntax::Ours);
    CHECK_FALSE(parse_syntax("lucene"));
    QueryRequest r;
    r.query = "kv";
    CHECK(r.validate().empty());
    r.search.reverse = true;
    CHECK(r.validate() == "reverse needs sort submitted, updated or id");
    r.search.sort = Sort::Id;
    CHECK(r.validate().empty());
}

TEST_CASE("flags become filters", "[query]") {
    QueryRequest r;
    r.query = "kv";
    r.since = "2025-03";
    r.categories = {"cs.CL", "cs.LG"};
    auto tree = build_query_tree(r);
    CHECK(compile_query(*tree).query.get_description() ==
          "Query(((Skv OR Bkv) FILTER ((VALUE_GE 0 " + std::to_string(next_year() + 1) +
              "0000 OR " + months_from_2025_03() + ") AND (XCATcs.cl OR XCATcs.lg))))");
    r.categories = {"nonsense"};
    CHECK_THROWS_WITH(build_query_tree(r), Catch::Contains("--category nonsense"));
}

TEST_CASE("explain names fields, phrases and operators", "[query]") {
    std::string e = explain_query(*parse_query("\"kv cache\" author:schutze -survey cat:cs.CL"), true);
    CHECK(e.find("ALL of:") != std::string::npos);
    CHECK(e.find("phrase \"kv cache\" in title|abstract -> kv cach") != std::string::npos);
    CHECK(e.find("word \"schutze\" in author -> schutze") != std::string::npos);
    CHECK(e.find("NOT word \"survey\"") != std::string::npos);
    CHECK(e.find("category cs.CL  [filter]") != std::string::npos);
    // Stems only when asked (--stems): people read the words they typed.
    const std::string plain = explain_query(*parse_query("\"kv cache\" routing"));
    CHECK(plain.find("phrase \"kv cache\" in title|abstract\n") != std::string::npos);
    CHECK(plain.find("rout") == plain.find("routing"));
    CHECK(plain.find("->") == std::string::npos);
}

TEST_CASE("highlight terms come from positive text and author parts", "[query]") {
    auto c = compile_query(*parse_query("\"kv cache\" author:Schütze -survey"));
    CHECK(c.matched.text_terms == std::vector<std::string>{"cach", "kv"});
    CHECK(c.matched.name_terms == std::vector<std::string>{"schutze"});
    CHECK(c.matched.names == std::vector<std::vector<std::string>>{{"schutze"}});
    // Wildcards and whole author names, for the highlighter; nothing negated.
    auto w = compile_query(*parse_query("transform* au:\"Song Han\" au:schm* -au:lin -quant*"));
    CHECK(w.matched.text_prefixes == std::vector<std::string>{"transform"});
    CHECK(w.matched.name_prefixes == std::vector<std::string>{"schm"});
    CHECK(w.matched.names == std::vector<std::vector<std::string>>{{"song", "han"}});
    CHECK(w.matched.name_terms == std::vector<std::string>{"han", "song"});
}

// The term form of a date range must select exactly the documents a plain
// value comparison selects, for day- and month-precision dates and every
// kind of bound (open, year, month, day, far past or future).
TEST_CASE("date ranges as terms match exactly what the value range matches", "[query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const schema::Field& date = schema::field("date");
    std::vector<std::string> values = {"", "19910800", "19910814", "19991231", "20000101", "20240229",
                                       "20241200", "20241231", "20250100", "20250101", "20250115",
                                       "20250131", "20250300", "20251231", "20260700", "20260701"};
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d%02d%02d", 1990 + static_cast<int>(rng() % 38),
                      1 + static_cast<int>(rng() % 12), static_cast<int>(rng() % 32));
        values.push_back(buf);
    }
    for (const std::string& v : values) {
        Xapian::Document doc;
        doc.add_value(date.slot, v);
        for (const std::string& t : schema::date_terms(date, v)) doc.add_boolean_term(t);
        db.add_document(doc);
    }
    std::vector<std::string> bounds = {"", "10000100", "19850000", "19910800", "19910815", "20240000",
                                       "20241200", "20241231", "20250100", "20250101", "20250131",
                                       "20250300", "20251231", "20260701", "20991231", "99991231"};
    for (int i = 0; i < 40; ++i) bounds.push_back(values[rng() % values.size()]);
    for (const std::string& from : bounds) {
        for (const std::string& to : bounds) {
            if (from.empty() && to.empty()) continue;
            if (!from.empty() && !to.empty() && from > to) continue;
            std::set<Xapian::docid> expected, got;
            for (Xapian::docid did = 1; did <= values.size(); ++did) {
                const std::string& v = values[did - 1];
                if (!v.empty() && (from.empty() || v >= from) && (to.empty() || v <= to)) expected.insert(did);
            }
            Xapian::Enquire enquire(db);
            enquire.set_query(date_range_query(date, from, to));
            Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
            for (auto it = mset.begin(); it != mset.end(); ++it) got.insert(*it);
            INFO("from " << from << " to " << to);
            CHECK(got == expected);
        }
    }
}
