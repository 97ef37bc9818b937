// query/search/facets: the counter behind every facet, and the facet list.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "query/search/facets.h"

using namespace arxiv;

TEST_CASE("facets: the counter adds up every value exactly, across growth", "[facets]") {
    FacetCounts counts;
    std::map<std::string, std::uint64_t> expected;  // an independent tally
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 20000; ++i) {
            // Names of every length, some sharing prefixes, one empty-ish.
            const std::string value = "Author " + std::to_string(i % 7919) + std::string(static_cast<size_t>(i % 5), 'x');
            const std::uint64_t n = static_cast<std::uint64_t>(1 + i % 3);
            counts.add(value, n);
            expected[value] += n;
        }
    CHECK(counts.size() == expected.size());
    std::map<std::string, std::uint64_t> seen;
    counts.for_each([&](std::string_view value, std::uint64_t n) { seen[std::string(value)] += n; });
    CHECK(seen == expected);
}

TEST_CASE("facets: values that differ only in length or bytes stay apart", "[facets]") {
    FacetCounts counts;
    for (const char* v : {"a", "aa", "a\xC3\xA9", "A", "cs.CL", "cs.CL ", "cs.C"}) counts.add(v, 1);
    counts.add("cs.CL", 2);
    std::map<std::string, std::uint64_t> seen;
    counts.for_each([&](std::string_view value, std::uint64_t n) { seen[std::string(value)] = n; });
    CHECK(seen.size() == 7);
    CHECK(seen["cs.CL"] == 3);
    CHECK(seen["cs.CL "] == 1);
}

TEST_CASE("facets: names, aliases and unknown facets", "[facets]") {
    CHECK(parse_facet_list(" cat , year,category") == std::vector<std::string>{"category", "year"});
    CHECK(parse_facet_list("") == std::vector<std::string>{});
    CHECK_THROWS_WITH(parse_facet_list("year,colour"),
                      "unknown facet 'colour'; facets are category, primary, archive, year, month and author");
}
