#include <catch2/catch.hpp>

#include "indexer/store/harvest_state.h"

using namespace arxiv;

TEST_CASE("harvest windows: the next run starts after the first window", "[harvest-state]") {
    HarvestState s;
    CHECK(s.next_from().empty());  // nothing covered: a full harvest
    s.add_covered("2025-03-24", "2025-03-25");
    CHECK(s.next_from() == "2025-03-25");
    s.add_covered("2025-06-01", "2025-11-29");
    CHECK(s.next_from() == "2025-03-25");  // the hole comes first
    REQUIRE(s.holes().size() == 1);
    CHECK(s.holes()[0] == DayRange{"2025-03-26", "2025-05-31"});
    s.add_covered("2025-03-25", "2025-11-29");  // the plain run fills it
    REQUIRE(s.covered.size() == 1);
    CHECK(s.covered[0] == DayRange{"2025-03-24", "2025-11-29"});
    CHECK(s.holes().empty());
    s.add_covered("2025-11-30", "2025-12-02");  // the next day joins
    CHECK(s.covered.size() == 1);
    CHECK(s.next_from() == "2025-12-02");
    s.add_covered("", "2025-01-01");  // from the beginning
    REQUIRE(s.covered.size() == 2);
    CHECK(s.covered[0].from.empty());
    CHECK(s.next_from() == "2025-01-01");
    CHECK(describe_windows(s.covered) == "beginning..2025-01-01, 2025-03-24..2025-12-02");
    // Nonsense is ignored rather than stored.
    s.add_covered("2025-02-30", "2025-03-01");
    s.add_covered("2025-05-01", "2025-04-01");
    CHECK(s.covered.size() == 2);
}

TEST_CASE("harvest state JSON: round trip, old states, corrupted states", "[harvest-state]") {
    HarvestState s;
    s.set = "cs";
    s.add_covered("2025-01-01", "2025-02-01");
    s.last_success = "2025-02-01T10:00:00Z";
    s.token = "abc";
    s.received = 42;
    HarvestState back = HarvestState::parse(s.to_json());
    CHECK(back.set == "cs");
    CHECK(back.covered == s.covered);
    CHECK(back.token == "abc");
    CHECK(back.received == 42);
    CHECK(back.last_success == s.last_success);

    // Written before windows were kept: next_from and the last window.
    HarvestState old = HarvestState::parse(
        R"({"next_from":"2025-06-14","last_window":"2025-06-01..","last_success":"2025-06-14T03:00:00Z"})");
    REQUIRE(old.covered.size() == 1);
    CHECK(old.covered[0] == DayRange{"2025-06-01", "2025-06-14"});
    CHECK(old.next_from() == "2025-06-14");

    // Wrong types and garbage never throw; readable fields survive.
    for (const char* text : {"", "not json", "[]", "null", R"({"next_from": 5, "token": [], "covered": {"a": 1}})",
                             R"({"covered": [[1, 2], ["2025-01-01"], ["x", "y"]], "received": "many"})",
                             R"({"last_success": {"nested": true}, "pages": 1.5})"}) {
        INFO(text);
        HarvestState h;
        REQUIRE_NOTHROW(h = HarvestState::parse(text));
        CHECK(h.covered.empty());
        CHECK(h.token.empty());
        CHECK(h.last_success.empty());
    }
    CHECK(HarvestState::parse(R"({"token": 7, "pages": 3})").pages == 3);
    CHECK(CoverageTable::parse(R"({"2025-01-02": 5, "2025-02-30": 1, "x": 2, "2025-01-03": "7"})").listed ==
          std::map<std::string, long>{{"2025-01-02", 5}});
    CHECK(FetchState::parse(R"({"last_success": 3, "last_total": "x"})").last_success.empty());
}

TEST_CASE("the set of a stored state", "[harvest-state]") {
    HarvestState legacy;
    CHECK(legacy.set_of("oai https://oaipmh.arxiv.org/oai arXiv cs") == "cs");
    CHECK(legacy.set_of("oai https://oaipmh.arxiv.org/oai arXiv cs:cs:CL") == "cs:cs:CL");
    CHECK(legacy.set_of("oai https://x/oai arXiv cs backfill 2025-01-01..2025-01-02") == "cs");
    CHECK(legacy.is_backfill("oai https://x/oai arXiv cs backfill 2025-01-01..2025-01-02"));
    HarvestState current;
    current.set = "math";
    CHECK(current.set_of("anything") == "math");
}
