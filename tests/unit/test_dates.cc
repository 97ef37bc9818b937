// common/util/dates: the one date module, and its month-precision rule in
// every form a date takes.
#include <catch2/catch.hpp>

#include <ctime>
#include <string>

#include "common/util/dates.h"

using namespace arxiv;

TEST_CASE("dates: a day and a month-only date in every form", "[dates]") {
    // A day.
    CHECK(date_value("2025-03-07") == "20250307");
    CHECK(value_day("20250307") == "2025-03-07");
    CHECK(show_day("20250307") == "2025-03-07");
    CHECK(output_date("2025-03-07") == "2025-03-07");
    CHECK(day_start_timestamp("2025-03-07") == "2025-03-07T00:00:00Z");
    // A month: "00" as a value, the 1st where a whole day is needed, the
    // month alone where it is shown.
    CHECK(date_value("2025-03") == "20250300");
    CHECK(value_day("20250300") == "2025-03-01");
    CHECK(show_day("20250300") == "2025-03");
    CHECK(output_date("2025-03") == "2025-03-01");
    CHECK(day_start_timestamp("2025-03") == "2025-03-01T00:00:00Z");
    // Anything else.
    CHECK(date_value("2025").empty());
    CHECK(value_day("2025").empty());
    CHECK(show_day("2025") == "2025");
    CHECK(output_date("") == "");
    CHECK(day_start_timestamp("").empty());
    CHECK(day_start_timestamp("2025").empty());
    CHECK(day_start_timestamp("2025-03-07T10:00:00Z").empty());
}

TEST_CASE("dates: calendar days and their arithmetic", "[dates]") {
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(2025, 13) == 0);
    CHECK(is_calendar_day("2024-02-29"));
    CHECK_FALSE(is_calendar_day("2025-02-29"));
    CHECK_FALSE(is_calendar_day("2025-03"));
    CHECK(add_days("2024-02-28", 1) == "2024-02-29");
    CHECK(add_days("2025-01-01", -1) == "2024-12-31");
    CHECK(add_days("not a day", 3) == "not a day");
    CHECK(plausible_day("1991-08-14"));
    CHECK_FALSE(plausible_day("1985-12-31"));
    CHECK_FALSE(plausible_day("9999-12-31"));
    CHECK(weekday("2026-07-01") == 3);  // a Wednesday
}

TEST_CASE("dates: timestamps", "[dates]") {
    std::time_t t = 0;
    REQUIRE(parse_iso_utc("2026-07-01T06:00:00Z", t));
    CHECK(utc_timestamp(t) == "2026-07-01T06:00:00Z");
    CHECK(ymd_utc(t) == "20260701");
    CHECK(ymd_utc(t - 7 * 3600) == "20260630");
    CHECK(digits_of("2026-07-01T06:00:00Z") == "20260701060000");
    CHECK(show_timestamp("2026-06-30T06:00:00Z") == "2026-06-30 06:00 UTC");
    CHECK(show_timestamp("yesterday") == "yesterday");
    CHECK_FALSE(parse_iso_utc("2026-07-01", t));
    CHECK_FALSE(parse_iso_utc("2026-13-01T00:00:00Z", t));
}
