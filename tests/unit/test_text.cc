#include <catch2/catch.hpp>

#include "common/text/analyzer.h"
#include "common/text/text.h"

using namespace arxiv;

TEST_CASE("fold_diacritics folds accents, sharp s and ligatures", "[text]") {
    CHECK(fold_diacritics("Hinrich Schütze") == "Hinrich Schutze");
    CHECK(fold_diacritics("Matthias Nießner") == "Matthias Niessner");
    CHECK(fold_diacritics("Łukasz Wiśniewski") == "Lukasz Wisniewski");
    CHECK(fold_diacritics("ﬁne “quotes” – dash") == "fine \"quotes\" - dash");
    CHECK(fold_diacritics("plain ascii") == "plain ascii");
    CHECK(fold_diacritics("Ελληνικά") == "Ελληνικά");
}

TEST_CASE("tex_accents_to_unicode resolves accent commands", "[text]") {
    CHECK(tex_accents_to_unicode("C. Bal\\'azs") == "C. Balázs");
    CHECK(tex_accents_to_unicode("Schr\\\"odinger") == "Schrödinger");
    CHECK(tex_accents_to_unicode("Erd\\H{o}s") == "Erdős");
    CHECK(tex_accents_to_unicode("{\\o}rsted") == "ørsted");
    CHECK(tex_accents_to_unicode("Ni{\\ss}ner") == "Nißner");
    CHECK(tex_accents_to_unicode("\\c{C}elik") == "Çelik");
    CHECK(tex_accents_to_unicode("G\\'{e}rard") == "Gérard");
    CHECK(tex_accents_to_unicode("Mart\\'{\\i}nez") == "Martínez");
    CHECK(tex_accents_to_unicode("no tex here") == "no tex here");
}

TEST_CASE("index_form makes TeX searchable as words", "[text]") {
    CHECK(index_form("$\\alpha$-divergence") == " alpha -divergence");
    CHECK(index_form("\\emph{web-scale} data") == " web-scale data");
    CHECK(index_form("Lef\\`evre's") == "Lefevre's");
    CHECK(index_form("$O(n^2)$ time") == "O(n 2) time");
    CHECK(index_form("snake_case stays") == "snake_case stays");
    CHECK(index_form("3 $\\times$ faster") == "3   faster");
    CHECK(index_form("Schütze") == "Schutze");
}

TEST_CASE("whitespace normalisation", "[text]") {
    CHECK(collapse_whitespace("  A title\n  wrapped  here ") == "A title wrapped here");
    CHECK(unwrap_paragraphs("  We revisit a\nhybrid codec.\n  In an appendix\nwe discuss.\n") ==
          "We revisit a hybrid codec.\nIn an appendix we discuss.");
    CHECK(unwrap_paragraphs("one\n\ntwo") == "one\ntwo");
}

TEST_CASE("split_at keeps every piece, empty ones too", "[text]") {
    using Pieces = std::vector<std::string_view>;
    CHECK(split_at("2025-03-07", '-') == Pieces{"2025", "03", "07"});
    CHECK(split_at("physics:hep-th", ':') == Pieces{"physics", "hep-th"});
    CHECK(split_at("a::b:", ':') == Pieces{"a", "", "b", ""});
    CHECK(split_at("", '-') == Pieces{""});
    CHECK(split_at("-", '-') == Pieces{"", ""});
}

TEST_CASE("valid_utf8 repairs broken sequences", "[text]") {
    CHECK(valid_utf8("ok é") == "ok é");
    CHECK(valid_utf8(std::string("bad \xC3 byte")) == "bad \xEF\xBF\xBD byte");
    CHECK(utf8_length("Schütze") == 7);
}

TEST_CASE("xml_text keeps only what XML 1.0 can carry", "[text]") {
    CHECK(xml_text(std::string("a\x01" "b\x1f" " c\td\ne\rf é")) == "ab c\td\ne\rf é");
    CHECK(xml_text(std::string("bad \xC3 byte")) == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("analyze_terms splits like the indexer", "[analyzer]") {
    using V = std::vector<std::string>;
    CHECK(analyze_terms("KV caching", true) == V{"kv", "cach"});
    CHECK(analyze_terms("KV-caches", true) == V{"kv", "cach"});
    CHECK(analyze_terms("$\\alpha$-divergence", true) == V{"alpha", "diverg"});
    CHECK(analyze_terms("Bernhard Schölkopf", false) == V{"bernhard", "scholkopf"});
    CHECK(analyze_terms("--", true).empty());
}

TEST_CASE("author initials keys", "[analyzer]") {
    using V = std::vector<std::string>;
    CHECK(author_initials_key(V{"bernhard", "scholkopf"}) == "b scholkopf");
    CHECK(author_initials_key(V{"ana", "cristina", "duarte"}) == "a duarte");
    CHECK(author_initials_key(V{"pieter", "j", "berg", "jr"}) == "p berg");
    CHECK(author_initials_key(V{"plato"}).empty());
    CHECK(written_with_initials(V{"b", "scholkopf"}));
    CHECK(written_with_initials(V{"a", "c", "duarte"}));
    CHECK_FALSE(written_with_initials(V{"bernhard", "scholkopf"}));
}
