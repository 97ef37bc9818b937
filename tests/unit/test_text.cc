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

namespace {

struct TexCase {
    const char* tex;
    const char* shown;
};

}  // namespace

TEST_CASE("render_tex shows TeX as a reader reads it", "[text][tex]") {
    const TexCase cases[] = {
        {"On $\\alpha$-divergence", "On α-divergence"},
        {"codes over $\\mathbb{F}_{p^m}$", "codes over 𝔽_{pᵐ}"},
        {"$\\mathbb{R}^n$ and $\\mathbb R$", "ℝⁿ and ℝ"},
        {"\\textsc{DiARC} is \\emph{fast} and \\textbf{small}", "DiARC is fast and small"},
        {"{\\em emphasised} {\\bf bold}", "emphasised bold"},
        {"as shown~\\citealp{smith2020,jones2021}.", "as shown."},
        {"see \\cite[p.~3]{x} and \\citep[e.g.][]{y}, then", "see and, then"},
        {"in $O(n^2)$ time, $O(n \\log n)$ space", "in O(n²) time, O(n log n) space"},
        {"$x_{i+1}$, $10^{-3}$, $x^{\\prime}$, $90^\\circ$", "xᵢ₊₁, 10⁻³, x′, 90°"},
        {"$\\frac{1}{2}$, $\\frac{n+1}{k}$, $\\sqrt{n}$, $\\sqrt{n+1}$", "1/2, (n+1)/k, √n, √(n+1)"},
        {"$a \\leq b \\times c \\to \\infty$", "a ≤ b × c → ∞"},
        {"``quoted'' pages 1--10 --- or not", "“quoted” pages 1–10 — or not"},
        {"50\\% of \\$5 \\& more", "50% of $5 & more"},
        {"an \\unknown command", "an \\unknown command"},
        {"snake_case and a^b stay outside maths", "snake_case and a^b stay outside maths"},
        {"no TeX at all", "no TeX at all"},
        {"Fig.~3 and et~al. save ~10% (~5 s)", "Fig. 3 and et al. save ~10% (~5 s)"},
        // Accents in names, through the one TeX table.
        {"Peter St\\\"utz", "Peter Stütz"},
        {"Peter St\\\"{u}tz", "Peter Stütz"},
        {"Peter St\\ütz", "Peter Stütz"},  // a stray backslash before a Unicode letter
        {"Schr\\\"odinger, {\\o}rsted, Nie{\\ss}ner, Erd\\H{o}s", "Schrödinger, ørsted, Nießner, Erdős"},
        {"Mart\\'{\\i}nez, \\c{C}elik", "Martínez, Çelik"},
    };
    for (const TexCase& c : cases) {
        INFO(c.tex);
        CHECK(render_tex(c.tex) == c.shown);
    }
}

TEST_CASE("TeX accents in names are folded for search as they are shown", "[text][tex]") {
    // All three spellings of one name are one search term.
    for (const char* name : {"Peter St\\\"utz", "Peter St\\ütz", "Peter Stütz"}) {
        INFO(name);
        CHECK(index_form(name) == "Peter Stutz");
    }
    CHECK(tex_accents_to_unicode("St\\ütz") == "Stütz");
}

TEST_CASE("render_tex survives hostile input in linear time", "[text][tex][hostile]") {
    const size_t mib = 1 << 20;
    const std::vector<std::string> inputs = {
        std::string(mib, '\\'),
        std::string(mib, '{'),
        std::string(mib, '}'),
        std::string(mib, '$'),
        std::string(mib, '^'),
        [&] { std::string s; while (s.size() < mib) s += "$x^{"; return s; }(),
        [&] { std::string s; while (s.size() < mib) s += "\\frac{"; return s; }(),
        [&] { std::string s; while (s.size() < mib) s += "\\mathbb{"; return s; }(),
        [&] { std::string s; while (s.size() < mib) s += "\\cite["; return s; }(),
        [&] { std::string s; while (s.size() < mib) s += "\\cite{{"; return s; }(),
        [&] { std::string s; while (s.size() < mib) s += "\\'"; return s; }(),
        [&] { std::string s; while (s.size() < mib) s += "\\\xC3"; return s; }(),
        "unbalanced } and { and \\textbf{ and \\frac{1}{ and $x^{2",
        "\\", "$", "{", "}", "^", "\\\"", "\\c", "\\frac", "\\sqrt[", "$\\mathbb",
    };
    for (const std::string& in : inputs) {
        INFO(in.substr(0, 40));
        const std::string out = render_tex(in);
        CHECK(out.size() <= in.size() * 4 + 8);
        // Valid UTF-8 in, valid UTF-8 out (a lone byte only when it came in).
        if (valid_utf8(in) == in) CHECK(valid_utf8(out) == out);
    }
    CHECK(render_tex(std::string(10, '\\')) == "     ");  // "\\" is a line break: a space
}

TEST_CASE("display_width counts columns, wide CJK as two", "[text][wrap]") {
    CHECK(display_width("plain") == 5);
    CHECK(display_width("Schütze") == 7);
    CHECK(display_width("e\xCC\x81") == 1);  // e + combining acute
    CHECK(display_width("漢字") == 4);
    CHECK(display_width("𝔽ᵐ") == 2);
    CHECK(clip_to_width("abcdefghij", 5) == "abcd…");
    CHECK(clip_to_width("漢字漢字", 5) == "漢字…");
    CHECK(clip_to_width("short", 10) == "short");
}

namespace {

std::vector<std::string> wrapped(std::string_view text, size_t width) {
    std::vector<std::string> out;
    for (const auto& [b, e] : wrap_lines(text, width)) out.emplace_back(text.substr(b, e - b));
    return out;
}

}  // namespace

TEST_CASE("wrap_lines breaks at spaces within the width", "[text][wrap]") {
    using V = std::vector<std::string>;
    std::string text;
    for (int i = 0; i < 60; ++i) text += "Überraschung naïve 漢字の word ";
    for (size_t width : {40, 60, 120}) {
        INFO(width);
        const V lines = wrapped(text, width);
        REQUIRE(lines.size() > 1);
        std::string joined;
        for (const std::string& l : lines) {
            CHECK(display_width(l) <= width);
            CHECK(valid_utf8(l) == l);
            CHECK(l.front() != ' ');
            CHECK(l.back() != ' ');
            joined += (joined.empty() ? "" : " ") + l;
        }
        CHECK(joined + " " == text);  // every word whole, in order
        // Greedy: the next line's first word did not fit.
        for (size_t i = 0; i + 1 < lines.size(); ++i)
            CHECK(display_width(lines[i]) + 1 + display_width(lines[i + 1].substr(0, lines[i + 1].find(' '))) > width);
    }
    CHECK(wrapped("a b  c", 3) == V{"a b", "c"});
    CHECK(wrapped("", 40).empty());
    CHECK(wrapped("   ", 40).empty());
    // A word wider than the line is broken between characters, never inside one.
    CHECK(wrapped("xx ääääää yy", 4) == V{"xx", "ääää", "ää", "yy"});
    CHECK(wrapped("漢字漢字漢", 4) == V{"漢字", "漢字", "漢"});
}
