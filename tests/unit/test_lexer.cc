// query/lang/lexer: the one tokenizer of both query languages, with each
// language's rules (our_lexer_rules, arxiv_lexer_rules).
#include <catch2/catch.hpp>

#include <string>

#include "query/lang/arxiv_syntax.h"
#include "query/lang/lexer.h"
#include "query/lang/query_parser.h"

using namespace arxiv;

namespace {

const char* type_name(QueryToken::Type t) {
    switch (t) {
        case QueryToken::Word: return "Word";
        case QueryToken::Phrase: return "Phrase";
        case QueryToken::LParen: return "LParen";
        case QueryToken::RParen: return "RParen";
        case QueryToken::And: return "And";
        case QueryToken::Or: return "Or";
        case QueryToken::Not: return "Not";
        case QueryToken::AndNot: return "AndNot";
        case QueryToken::Minus: return "Minus";
        case QueryToken::Plus: return "Plus";
        case QueryToken::Field: return "Field";
        case QueryToken::DateRange: return "DateRange";
        case QueryToken::End: return "End";
    }
    return "?";
}

// "Type(text)@position" for each token, space-separated: an exact word or
// phrase is marked '=', a field or range names the schema field it searches,
// a range its bounds.
std::string lex(const LexerRules& rules, const std::string& query) {
    std::string out;
    for (const QueryToken& t : tokenize_query(query, rules)) {
        if (!out.empty()) out += ' ';
        out += std::string(t.exact ? "=" : "") + type_name(t.type);
        if (t.type != QueryToken::End) out += "(" + t.text;
        if (t.field) out += "->" + std::string(t.field->name);
        if (t.type == QueryToken::DateRange) out += " " + t.from + ".." + t.to;
        if (t.type != QueryToken::End) out += ")";
        out += "@" + std::to_string(t.position);
    }
    return out;
}

std::string ours(const std::string& q) { return lex(our_lexer_rules(), q); }
std::string theirs(const std::string& q) { return lex(arxiv_lexer_rules(), q); }  // arXiv's

// "message | position | hint" of the error, or "no error".
std::string lex_error(const LexerRules& rules, const std::string& query) {
    try {
        tokenize_query(query, rules);
    } catch (const QuerySyntaxError& e) {
        return e.what() + std::string(" | ") + std::to_string(e.position) + " | " + e.hint;
    }
    return "no error";
}

std::string ours_error(const std::string& q) { return lex_error(our_lexer_rules(), q); }
std::string arxiv_error(const std::string& q) { return lex_error(arxiv_lexer_rules(), q); }

const std::string kQuoteHint = "end the phrase with a second \" or remove the quote";

}  // namespace

TEST_CASE("lexer: our language's tokens and their positions", "[lexer]") {
    CHECK(ours("") == "End@0");
    CHECK(ours("  \t\n") == "End@4");
    CHECK(ours("kv cache") == "Word(kv)@0 Word(cache)@3 End@8");
    CHECK(ours("a AND (b OR c) NOT d") ==
          "Word(a)@0 And(AND)@2 LParen(()@6 Word(b)@7 Or(OR)@9 Word(c)@12 RParen())@13 Not(NOT)@15 "
          "Word(d)@19 End@20");
    // Operators are upper case; anything else is a word. ANDNOT is arXiv's.
    CHECK(ours("a and ANDNOT") == "Word(a)@0 Word(and)@2 Word(ANDNOT)@6 End@12");
    CHECK(ours("-survey +kv a-b") == "Minus(-)@0 Word(survey)@1 Plus(+)@8 Word(kv)@9 Word(a-b)@12 End@15");
    CHECK(ours("(-a)") == "LParen(()@0 Minus(-)@1 Word(a)@2 RParen())@3 End@4");
    // Field names are case-insensitive (the token holds the lower-cased
    // name) and may be aliases; the value follows.
    CHECK(ours("TI:kv Author:\"del maestro\"") ==
          "Field(ti->title)@0 Word(kv)@3 Field(author->author)@6 Phrase(del maestro)@13 End@26");
    CHECK(ours("date:2025-03..") == "Field(date->date)@0 Word(2025-03..)@5 End@14");
    // A value is never an operator, a field or a sign.
    CHECK(ours("ti:AND") == "Field(ti->title)@0 Word(AND)@3 End@6");
    CHECK(ours("ti:a:b") == "Field(ti->title)@0 Word(a:b)@3 End@6");
    CHECK(ours("ti:-a") == "Field(ti->title)@0 Word(-a)@3 End@5");
    CHECK(ours("ti:(a OR b)") ==
          "Field(ti->title)@0 LParen(()@3 Word(a)@4 Or(OR)@6 Word(b)@9 RParen())@10 End@11");
    // Not a name: digits, nothing before ':'.
    CHECK(ours("2025:x :x") == "Word(2025:x)@0 Word(:x)@7 End@9");
    // '+' is no separator here.
    CHECK(ours("a+b") == "Word(a+b)@0 End@3");
}

TEST_CASE("lexer: arXiv's tokens and their positions", "[lexer]") {
    CHECK(theirs("ti:kv+cache ANDNOT au:del_maestro") ==
          "Field(ti->title)@0 Word(kv)@3 Word(cache)@6 AndNot(ANDNOT)@12 Field(au->author)@19 "
          "Word(del_maestro)@22 End@33");
    CHECK(theirs("a AND (b OR c)") ==
          "Word(a)@0 And(AND)@2 LParen(()@6 Word(b)@7 Or(OR)@9 Word(c)@12 RParen())@13 End@14");
    // Prefixes keep their case in the token; the lookup ignores it.
    CHECK(theirs("TI:kv") == "Field(TI->title)@0 Word(kv)@3 End@5");
    // '-' and '=' are parts of words; '_' is not part of a prefix.
    CHECK(theirs("-a =b foo_bar:x") == "Word(-a)@0 Word(=b)@3 Word(foo_bar:x)@6 End@15");
    CHECK(theirs("ti:NOT") == "Field(ti->title)@0 Word(NOT)@3 End@6");
    CHECK(theirs("+++a+++") == "Word(a)@3 End@7");
}

TEST_CASE("lexer: the quote forms", "[lexer]") {
    for (std::string q : {"\"a b\"", "\xE2\x80\x9C" "a b\xE2\x80\x9D", "\xE2\x80\x9C" "a b\"",
                                 "\"a b\xE2\x80\x9D", "\xE2\x80\x9D" "a b\xE2\x80\x9C"}) {
        INFO(q);
        CHECK(ours(q) == "Phrase(a b)@0 End@" + std::to_string(q.size()));
        CHECK(theirs(q) == "Phrase(a b)@0 End@" + std::to_string(q.size()));
    }
    // Inside a phrase, '+' is a space for arXiv only.
    CHECK(ours("\"a+b\"") == "Phrase(a+b)@0 End@5");
    CHECK(theirs("\"a+b\"") == "Phrase(a b)@0 End@5");
    // A quote ends a word, and a phrase ends where its quote does.
    CHECK(ours("x\"a\"y") == "Word(x)@0 Phrase(a)@1 Word(y)@4 End@5");
    CHECK(ours("\xE2\x80\x9C" "a\xE2\x80\x9D" "b") == "Phrase(a)@0 Word(b)@7 End@8");
    CHECK(ours("\"\"") == "Phrase()@0 End@2");
    // Only U+201C and U+201D: other three-byte characters are letters.
    CHECK(ours("\xE2\x80\x98" "a") == "Word(\xE2\x80\x98" "a)@0 End@4");
}

TEST_CASE("lexer: exact marks are ours", "[lexer]") {
    CHECK(ours("=MoE") == "=Word(MoE)@1 End@4");
    CHECK(ours("=\"kv cache\"") == "=Phrase(kv cache)@1 End@11");
    CHECK(ours("ti:=MoE") == "Field(ti->title)@0 =Word(MoE)@4 End@7");
    CHECK(ours("-=MoE") == "Minus(-)@0 =Word(MoE)@2 End@5");
    CHECK(ours("(=a)") == "LParen(()@0 =Word(a)@2 RParen())@3 End@4");
    // Inside a word, doubled, before a parenthesis: a plain '='.
    CHECK(ours("a=b") == "Word(a=b)@0 End@3");
    CHECK(ours("==a") == "=Word(=a)@1 End@3");
    CHECK(ours("=(a)") == "Word(=)@0 LParen(()@1 Word(a)@2 RParen())@3 End@4");
}

TEST_CASE("lexer: edge cases", "[lexer]") {
    // A trailing or lone '=' is a word.
    CHECK(ours("a =") == "Word(a)@0 Word(=)@2 End@3");
    CHECK(ours("=") == "Word(=)@0 End@1");
    CHECK(ours("= a") == "Word(=)@0 Word(a)@2 End@3");
    // A lone '-' or '+' is a word, not a sign.
    CHECK(ours("a - b") == "Word(a)@0 Word(-)@2 Word(b)@4 End@5");
    CHECK(ours("-") == "Word(-)@0 End@1");
    CHECK(ours("(-)") == "LParen(()@0 Word(-)@1 RParen())@2 End@3");
    CHECK(ours("--") == "Minus(-)@0 Word(-)@1 End@2");
    CHECK(theirs("-") == "Word(-)@0 End@1");
    CHECK(theirs("+") == "End@1");
    // A name with no value.
    CHECK(ours_error("ti:") ==
          "field 'ti:' has no value | 0 | write ti:word, ti:\"a phrase\" or ti:(a OR b)");
    CHECK(ours_error("x TI: y") ==
          "field 'ti:' has no value | 2 | write ti:word, ti:\"a phrase\" or ti:(a OR b)");
    CHECK(ours_error("(ti:)") ==
          "field 'ti:' has no value | 1 | write ti:word, ti:\"a phrase\" or ti:(a OR b)");
    CHECK(arxiv_error("ti:") ==
          "prefix 'ti:' has no value | 0 | write ti:word, ti:\"a phrase\" or ti:(a OR b)");
    CHECK(arxiv_error("a TI:+x") ==
          "prefix 'TI:' has no value | 2 | write TI:word, TI:\"a phrase\" or TI:(a OR b)");
    CHECK(ours("ti:+x") == "Field(ti->title)@0 Word(+x)@3 End@5");
    // An unclosed quote, typographic or not, at its own position in bytes.
    CHECK(ours_error("\"kv cache") == "unclosed quote | 0 | " + kQuoteHint);
    CHECK(ours_error("a \xE2\x80\x9C" "kv cache") == "unclosed quote | 2 | " + kQuoteHint);
    CHECK(ours_error("\xE2\x80\x9C" "a\xE2\x80\x9D \xE2\x80\x9C" "b") == "unclosed quote | 8 | " + kQuoteHint);
    CHECK(ours_error("=\xE2\x80\x9D") == "unclosed quote | 1 | " + kQuoteHint);
    CHECK(arxiv_error("ti:\xE2\x80\x9D" "x") == "unclosed quote | 3 | " + kQuoteHint);
    // A quote cut after its first bytes is no quote.
    CHECK(ours("\xE2\x80") == "Word(\xE2\x80)@0 End@2");
}

TEST_CASE("lexer: unknown names and refused words", "[lexer]") {
    const std::string fields = ours_error("foo:x");
    CHECK(fields.rfind("unknown field 'foo:' | 0 | fields are title:, ", 0) == 0);
    CHECK(fields.find("; to search the text itself, put it in quotes") != std::string::npos);
    CHECK(ours_error("x Foo_Bar:y").rfind("unknown field 'foo_bar:' | 2 | fields are ", 0) == 0);
    CHECK(arxiv_error("a foo:x") ==
          "unknown prefix 'foo:' | 2 | arXiv prefixes are ti: au: abs: co: jr: cat: rn: id: all: and "
          "submittedDate:[FROM TO TO]; to search for the text itself, put it in quotes");
    CHECK(arxiv_error("a NOT b") ==
          "arXiv has no NOT operator | 2 | write a ANDNOT b (both sides are required)");
    CHECK(ours("NOT b") == "Not(NOT)@0 Word(b)@4 End@5");
}

TEST_CASE("lexer: arXiv's date ranges", "[lexer]") {
    CHECK(theirs("submittedDate:[202301010000 TO 202312312359]") ==
          "DateRange(submittedDate->date 20230100..20231231)@0 End@44");
    CHECK(theirs("x lastUpdatedDate:[20230215+TO+*] y") ==
          "Word(x)@0 DateRange(lastUpdatedDate->updated 20230215..)@2 Word(y)@34 End@35");
    CHECK(theirs("submitteddate:[* TO *]") == "DateRange(submitteddate->date ..)@0 End@22");
    const std::string range_hint = "write submittedDate:[202301010000 TO 202312312359]";
    CHECK(arxiv_error("submittedDate:20230101") == "submittedDate: needs a range [FROM TO TO] | 0 | " + range_hint);
    CHECK(arxiv_error("submittedDate:") == "submittedDate: needs a range [FROM TO TO] | 0 | " + range_hint);
    CHECK(arxiv_error("submittedDate:[20230101 20231231]") ==
          "submittedDate: needs a range [FROM TO TO] | 14 | " + range_hint);
    CHECK(arxiv_error("submittedDate:[20230101 TO 20231231") ==
          "unclosed '[' in submittedDate: | 14 | end the range with ']'");
    CHECK(arxiv_error("submittedDate:[20230101 TO 20231301]") ==
          "invalid date '20231301' in range: month must be 01-12 | 27 | write YYYYMMDDHHMM (GMT), e.g. "
          "[202301010000 TO 202312312359], or * for an open end");
    CHECK(arxiv_error("submittedDate:[20240101 TO 20230101]") == "date range ends before it starts | 14 | ");
    // Ours has no bracketed ranges: date: takes a word.
    CHECK(ours("date:[2023") == "Field(date->date)@0 Word([2023)@5 End@10");
}

TEST_CASE("lexer: a 1 MiB query is read in one pass", "[lexer]") {
    // No clock here: a lexer that went back over the input for each token
    // would take hours on these, and the test would time out.
    constexpr size_t kMiB = 1024 * 1024;
    auto repeat = [](const std::string& unit) {
        std::string s;
        while (s.size() + unit.size() <= kMiB) s += unit;
        return s;
    };
    for (const LexerRules* rules : {&our_lexer_rules(), &arxiv_lexer_rules()}) {
        CHECK(tokenize_query(repeat("a "), *rules).size() == kMiB / 2 + 1);
        CHECK(tokenize_query(repeat("(("), *rules).size() == kMiB + 1);
        CHECK(tokenize_query(repeat("ti:a "), *rules).size() == 2 * (kMiB / 5) + 1);
        // One word or one phrase of 1 MiB.
        CHECK(tokenize_query(repeat("ti:"), *rules).size() == 3);
        CHECK(tokenize_query("\"" + repeat("a ") + "\"", *rules).size() == 2);
        CHECK(tokenize_query(std::string(kMiB, 'a') + "1:x", *rules).size() == 2);
        // Unclosed, each at once.
        CHECK_THROWS_AS(tokenize_query("\"" + repeat("a "), *rules), QuerySyntaxError);
        CHECK_THROWS_AS(tokenize_query("a " + std::string(kMiB, 'x') + ":", *rules), QuerySyntaxError);
    }
    CHECK(tokenize_query(repeat("-a "), our_lexer_rules()).size() == 2 * (kMiB / 3) + 1);
    CHECK(tokenize_query(repeat("="), our_lexer_rules()).size() == 2);
    CHECK(tokenize_query(repeat("=a "), our_lexer_rules()).size() == kMiB / 3 + 1);
    CHECK(tokenize_query(repeat("submittedDate:[* TO *] "), arxiv_lexer_rules()).size() == kMiB / 23 + 1);
    CHECK_THROWS_AS(tokenize_query("submittedDate:[" + repeat("1 "), arxiv_lexer_rules()), QuerySyntaxError);
}

TEST_CASE("lowercase or/and/not between terms are found for a hint", "[lexer][query]") {
    using V = std::vector<std::string>;
    CHECK(lowercase_operator_words("llm or agents") == V{"or"});
    CHECK(lowercase_operator_words("(llm and agents) not survey") == V{"and", "not"});
    CHECK(lowercase_operator_words("\"kv cache\" or ti:eviction") == V{"or"});
    CHECK(lowercase_operator_words("llm or agents or tools") == V{"or"});  // each word once
    // Not between two terms, inside a phrase, a field's value, exact, upper case: no hint.
    CHECK(lowercase_operator_words("or agents").empty());
    CHECK(lowercase_operator_words("agents or").empty());
    CHECK(lowercase_operator_words("\"salt and pepper\" noise").empty());
    CHECK(lowercase_operator_words("ti:or agents").empty());
    CHECK(lowercase_operator_words("rock =and roll").empty());
    CHECK(lowercase_operator_words("llm OR agents").empty());
    CHECK(lowercase_operator_words("llm Or agents").empty());
    CHECK(lowercase_operator_words("unclosed \"quote or").empty());  // does not lex: no hint
}

TEST_CASE("lexer: a pasted arXiv id or link is a word, another link an error", "[lexer]") {
    CHECK(ours("arXiv:2503.21813v2 cache") == "Word(arXiv:2503.21813v2)@0 Word(cache)@19 End@24");
    CHECK(ours("https://arxiv.org/abs/2503.21813") == "Word(https://arxiv.org/abs/2503.21813)@0 End@32");
    CHECK(ours("oai:arXiv.org:hep-th/9901001") == "Word(oai:arXiv.org:hep-th/9901001)@0 End@28");
    // Not an id after the colon: still a field name (and so an error).
    CHECK(ours_error("arxiv:attention") == "unknown field 'arxiv:' | 0 | " + our_lexer_rules().unknown_hint);
    CHECK(ours_error("see https://example.org/x") ==
          "'https://example.org/x' is a link but not to an arXiv paper | 4 | paste an arxiv.org/abs/ID or "
          "/pdf/ID link, or put the text in quotes");
    CHECK(ours_error("HTTP://arxiv.org/list/cs.CL") ==
          "'HTTP://arxiv.org/list/cs.CL' is a link but not to an arXiv paper | 0 | paste an arxiv.org/abs/ID or "
          "/pdf/ID link, or put the text in quotes");
    // A value is lexed as before.
    CHECK(ours("id:https://arxiv.org/abs/2503.21813") == "Field(id->id)@0 Word(https://arxiv.org/abs/2503.21813)@3 End@35");
}
