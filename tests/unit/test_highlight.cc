#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/text/analyzer.h"
#include "common/text/text.h"
#include "query/output/highlight.h"

using namespace arxiv;
using V = std::vector<std::string>;

namespace {

V words_of(std::string_view text) {
    V out;
    for (const TextSpan& w : split_words(text)) out.emplace_back(text.substr(w.begin, w.end - w.begin));
    return out;
}

// The snippet without its ellipses, for length checks.
std::string body(const Snippet& s) {
    std::string t = s.text;
    const std::string lead = "\xE2\x80\xA6 ", trail = " \xE2\x80\xA6";
    if (s.cut_start && t.compare(0, lead.size(), lead) == 0) t.erase(0, lead.size());
    if (s.cut_end && t.size() >= trail.size() &&
        t.compare(t.size() - trail.size(), trail.size(), trail) == 0)
        t.erase(t.size() - trail.size());
    return t;
}

std::string filler(int sentences, const std::string& sentence) {
    std::string out;
    for (int i = 0; i < sentences; ++i) {
        if (!out.empty()) out += ' ';
        out += sentence;
    }
    return out;
}

}  // namespace

TEST_CASE("split_words keeps compounds, apostrophes and TeX accents inside words", "[highlight]") {
    CHECK(words_of("We use KV-caching, the model's cache.") ==
          V{"We", "use", "KV-caching", "the", "model's", "cache"});
    CHECK(words_of("$\\alpha$-divergence (\\textbf{SONIC}) at 80\\%") ==
          V{"\\alpha", "divergence", "\\textbf", "SONIC", "at", "80"});
    CHECK(words_of("Schr\\\"odinger and {\\o}rsted met Bal\\'{a}zs") ==
          V{"Schr\\\"odinger", "and", "{\\o}rsted", "met", "Bal\\'{a}zs"});
    // Non-ASCII letters are word characters, typographic punctuation is not.
    CHECK(words_of("Schütze — “Straße”… naïve’s Ελληνικά") ==
          V{"Schütze", "Straße", "naïve’s", "Ελληνικά"});
    CHECK(words_of("-- ... $$").empty());
}

TEST_CASE("TermMatcher matches words through the index analysis", "[highlight]") {
    TermMatcher kv({"kv", "cach"}, {});
    CHECK(kv.matches("KV-caching"));
    CHECK(kv.matches("caches"));
    CHECK(kv.matches("Caching"));
    CHECK(kv.matches("KV"));
    CHECK_FALSE(kv.matches("cash"));
    CHECK_FALSE(kv.matches("\\times"));
    // Asking again answers from the cache with the same result.
    CHECK(kv.matches("KV-caching"));
    CHECK_FALSE(kv.matches("cash"));

    CHECK(matched_words("This design leverages KV-caching; the KV cache is small.", kv) ==
          V{"KV-caching", "KV", "cache"});

    // A TeX-written word matches the Unicode query term, and \alpha matches alpha.
    TermMatcher schr(analyze_terms("Schrödinger alpha", true), {});
    CHECK(matched_words("the Schr\\\"odinger equation with $\\alpha$ terms", schr) ==
          V{"Schr\\\"odinger", "\\alpha"});

    // Name terms are compared unstemmed and folded.
    TermMatcher names({}, {"schutze"});
    CHECK(names.matches("Schütze"));
    CHECK_FALSE(names.matches("Schutzes"));

    TermMatcher none;
    CHECK(none.empty());
    CHECK(find_matches("KV caching", none).empty());
}

TEST_CASE("a TeX letter the index resolves is highlighted too (Thorsson)", "[highlight]") {
    // common/text's one table of TeX letters serves index_form() and
    // split_words() alike, so a word found through one is marked by the other.
    CHECK(words_of("{\\TH}orsson, {\\dh}ata and {\\NG}ata met {\\dj}uro") ==
          V{"{\\TH}orsson", "{\\dh}ata", "and", "{\\NG}ata", "met", "{\\dj}uro"});
    TermMatcher thorsson(analyze_terms("Thorsson", true), {});
    CHECK(matched_words("by {\\TH}orsson and Thorsson", thorsson) == V{"{\\TH}orsson", "Thorsson"});
    for (const char* letter : {"o", "O", "aa", "AA", "ss", "ae", "AE", "oe", "OE", "l", "L",
                               "i", "j", "dh", "DH", "th", "TH", "ng", "NG", "dj"}) {
        std::string word = std::string("{\\") + letter + "}x";
        INFO(word);
        REQUIRE(tex_letter(letter) != nullptr);
        CHECK(words_of("a " + word + " b") == V{"a", word, "b"});
        TermMatcher m(analyze_terms(word, true), {});
        CHECK(matched_words(word, m) == V{word});
    }
    // Accents: a letter accent needs its braces, a symbol accent does not.
    CHECK(words_of("\\c{c}a \\'ea \\cite") == V{"\\c{c}a", "\\'ea", "\\cite"});
}

TEST_CASE("find_matches and mark_spans mark the matched words", "[highlight]") {
    TermMatcher kv({"kv", "cach"}, {});
    std::string text = "Dynamic KV-caching helps.";
    auto spans = find_matches(text, kv);
    REQUIRE(spans.size() == 1);
    CHECK(spans[0] == TextSpan{8, 18});
    CHECK(mark_spans(text, spans, "[", "]") == "Dynamic [KV-caching] helps.");
    CHECK(mark_spans("no match", {}, "[", "]") == "no match");
}

TEST_CASE("short text is kept whole with newlines as spaces", "[highlight]") {
    Snippet s = make_snippet("We study KV caching.\nIt is fast.", V{"kv", "cach"}, V{}, 300);
    CHECK(s.text == "We study KV caching. It is fast.");
    CHECK_FALSE(s.cut_start);
    CHECK_FALSE(s.cut_end);
    CHECK(s.words == V{"KV", "caching"});
    REQUIRE(s.spans.size() == 2);
    CHECK(s.text.substr(s.spans[0].begin, s.spans[0].end - s.spans[0].begin) == "KV");
    CHECK(s.text.substr(s.spans[1].begin, s.spans[1].end - s.spans[1].begin) == "caching");
}

TEST_CASE("snippet window picks the region with the matches", "[highlight]") {
    const std::string before = filler(12, "Filler words go here and there.");
    const std::string after = filler(12, "Other sentences follow the result.");
    const std::string text = before + " We study KV caching for long contexts. " + after;
    TermMatcher kv({"kv", "cach"}, {});

    Snippet s = make_snippet(text, kv, 100);
    CHECK(s.cut_start);
    CHECK(s.cut_end);
    // Starts at the sentence holding the matches, marked with an ellipsis.
    CHECK(s.text.rfind("\xE2\x80\xA6 We study KV caching for long contexts.", 0) == 0);
    CHECK(s.text.size() > 3);
    CHECK(s.text.compare(s.text.size() - 4, 4, " \xE2\x80\xA6") == 0);
    CHECK(s.words == V{"KV", "caching"});
    CHECK(utf8_length(body(s)) <= 100);
    CHECK(utf8_length(body(s)) > 80);  // the room is used
    // Cut at word boundaries: the body is a run of whole words of the text.
    CHECK(text.find(body(s)) != std::string::npos);
    const size_t at = text.find(body(s));
    CHECK(text[at - 1] == ' ');
    CHECK(text[at + body(s).size()] == ' ');

    // The region with more matches wins over an earlier one.
    const std::string two = "KV appears once here. " + filler(10, "Filler words go here and there.") +
                            " Here KV caching and caches and KV-caching. " + after;
    Snippet t = make_snippet(two, kv, 120);
    CHECK(t.cut_start);
    CHECK(t.words == V{"KV", "caching", "caches", "KV-caching"});
    CHECK(t.text.rfind("\xE2\x80\xA6 Here KV caching", 0) == 0);
}

TEST_CASE("snippet without matches is the beginning", "[highlight]") {
    const std::string text = filler(20, "Filler words go here and there.");
    Snippet s = make_snippet(text, V{"quantum"}, V{}, 60);
    CHECK_FALSE(s.cut_start);
    CHECK(s.cut_end);
    CHECK(s.words.empty());
    CHECK(s.text == "Filler words go here and there. Filler words go here and \xE2\x80\xA6");
}

TEST_CASE("snippet reaching the end uses the room before it", "[highlight]") {
    const std::string text = filler(20, "Filler words go here and there.") + " Finally a KV cache.";
    Snippet s = make_snippet(text, V{"kv", "cach"}, V{}, 90);
    CHECK(s.cut_start);
    CHECK_FALSE(s.cut_end);
    CHECK(s.text == "\xE2\x80\xA6 Filler words go here and there. Filler words go here and there. "
                    "Finally a KV cache.");
    CHECK(s.words == V{"KV", "cache"});
    // With a little less room the window still starts at a sentence.
    Snippet t = make_snippet(text, V{"kv", "cach"}, V{}, 80);
    CHECK(t.text == "\xE2\x80\xA6 Filler words go here and there. Finally a KV cache.");
}

TEST_CASE("snippet cuts never split UTF-8 characters", "[highlight]") {
    const std::string text = filler(30, "Über größere Straßen fährt ein Bär.") + " Ελληνικά λόγια.";
    for (size_t n : {5, 17, 33, 50, 77}) {
        Snippet s = make_snippet(text, V{}, V{}, n);
        CHECK(valid_utf8(s.text) == s.text);
        CHECK(utf8_length(body(s)) <= n);
        CHECK(text.find(body(s)) == 0);
    }
    // One overlong "word" is cut between characters.
    std::string long_word;
    for (int i = 0; i < 40; ++i) long_word += "é";
    Snippet s = make_snippet(long_word + " tail", V{}, V{}, 10);
    CHECK(s.text == std::string(long_word, 0, 20) + "\xE2\x80\xA6");
    CHECK(valid_utf8(s.text) == s.text);
    CHECK(s.cut_end);
}

TEST_CASE("wildcards mark the words Xapian's expansion matches", "[highlight]") {
    MatchTerms m;
    m.text_prefixes = {"transform"};
    TermMatcher text = TermMatcher::for_text(m);
    CHECK(text.matches("Transformers"));
    CHECK(text.matches("transformation"));
    CHECK(text.matches("transform"));
    CHECK_FALSE(text.matches("transit"));
    CHECK(matched_words("Vision Transformers transform images", text) == V{"Transformers", "transform"});
    // British spellings are folded before the comparison, as in the index.
    m.text_prefixes = {"quantiz"};
    CHECK(TermMatcher::for_text(m).matches("quantisation"));
    // Author wildcards mark names only.
    MatchTerms a;
    a.name_prefixes = {"schm"};
    CHECK(TermMatcher::for_names(a).matches("Schmidhuber"));
    CHECK_FALSE(TermMatcher::for_text(a).matches("Schmidhuber"));
}

TEST_CASE("matched_authors finds every author the query matched", "[highlight]") {
    const V authors = {"Ji Lin", "Ligeng Zhu", "Wei-Ming Chen", "Wei-Chen Wang", "Chuang Gan",
                       "Xiuyu Li", "Muyang Li", "Song Han", "Hanrui Wang"};
    MatchTerms m;
    m.names = {{"song", "han"}};
    CHECK(matched_authors(authors, m) == std::vector<bool>{false, false, false, false, false, false, false, true, false});
    m.names = {{"han"}};  // a word of a name, not a prefix: Hanrui is not Han
    CHECK(matched_authors(authors, m) == std::vector<bool>{false, false, false, false, false, false, false, true, false});
    m.names = {{"s", "han"}};  // initials
    CHECK(matched_authors(authors, m)[7]);
    m.names = {};
    m.name_prefixes = {"han"};
    CHECK(matched_authors(authors, m) == std::vector<bool>{false, false, false, false, false, false, false, true, true});
    // Accents and TeX as written match the folded query words.
    MatchTerms s;
    s.names = {{"stutz"}};
    CHECK(matched_authors({"Peter St\\\"utz", "Peter Stütz", "Peter St\\ütz", "Peter Stutzer"}, s) ==
          std::vector<bool>{true, true, true, false});
    CHECK(matched_authors(authors, MatchTerms{}) == std::vector<bool>(authors.size(), false));
}
