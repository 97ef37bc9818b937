#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "common/schema/synonyms.h"

using namespace arxiv;

namespace {
std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("the built-in synonym table is data/synonyms.txt as analysed now", "[synonyms]") {
    // The table is analysed at build time; this catches a build that did not
    // regenerate it after an analyzer or file change.
    const std::string text = read_file(ARXIV_DATA_DIR "/synonyms.txt");
    REQUIRE_FALSE(text.empty());
    const std::vector<SynonymGroup> parsed = parse_synonym_file(text, "data/synonyms.txt");
    const CuratedSynonyms loaded = CuratedSynonyms::load();
    REQUIRE(loaded.groups().size() >= parsed.size());  // the user's file may add more
    REQUIRE(parsed.size() > 20);
    for (size_t i = 0; i < parsed.size(); ++i) {
        CAPTURE(parsed[i].origin);
        CHECK(loaded.groups()[i].forms == parsed[i].forms);
        CHECK(loaded.groups()[i].terms == parsed[i].terms);
        CHECK(loaded.groups()[i].origin == parsed[i].origin);
    }
    const auto* kv = loaded.groups_with("kv cach");
    REQUIRE(kv);
    CHECK(loaded.groups()[kv->front()].forms == std::vector<std::string>{"kv cache", "key-value cache"});
}

TEST_CASE("synonym file lines that cannot be read say where", "[synonyms]") {
    CHECK_THROWS_WITH(parse_synonym_file("# c\nmoe\n", "f.txt"), Catch::Contains("f.txt:2") && Catch::Contains("two or more"));
    CHECK_THROWS_WITH(parse_synonym_file("a || b\n", "f.txt"), Catch::Contains("f.txt:1: an empty form"));
    CHECK_THROWS_WITH(parse_synonym_file("a | ---\n", "f.txt"), Catch::Contains("no searchable words"));
    const auto groups = parse_synonym_file("\n  # comment\nMoE | mixture of experts | MoEs\n", "f.txt");
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].origin == "f.txt:3");
    CHECK(groups[0].forms.size() == 2);  // MoEs analyses like MoE
}
