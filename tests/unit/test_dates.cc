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

namespace {

// 2026-07-01T06:00:00Z, a Wednesday.
std::time_t july_first() {
    std::time_t t = 0;
    parse_iso_utc("2026-07-01T06:00:00Z", t);
    return t;
}

std::string bounds(const std::string& text) {
    DateBounds b = parse_date_bounds(text, july_first());
    return b.from + ".." + b.to;
}

// "message | offset | hint" of the DateError `text` gives, or "no error".
std::string date_error(const std::string& text) {
    try {
        parse_date_bounds(text, july_first());
    } catch (const DateError& e) {
        return e.message + " | " + std::to_string(e.offset) + " | " + e.hint;
    }
    return "no error";
}

const std::string kDateHint =
    "dates are YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday or Nd (N days ago); ranges are FROM..TO with "
    "either end open";

}  // namespace

TEST_CASE("dates: a written date covers its year, month or day", "[dates]") {
    CHECK(bounds("2025") == "20250000..20251231");
    CHECK(bounds("2025-03") == "20250300..20250331");  // the month-only values YYYYMM00 are inside
    CHECK(bounds("202503") == "20250300..20250331");
    CHECK(bounds("2025-03-07") == "20250307..20250307");
    CHECK(bounds("20250307") == "20250307..20250307");
    CHECK(bounds("2024-02-29") == "20240229..20240229");
    CHECK(bounds("1900") == "19000000..19001231");
    CHECK(bounds("2200-12-31") == "22001231..22001231");
}

TEST_CASE("dates: today, yesterday and N days ago count from the time given", "[dates]") {
    CHECK(bounds("today") == "20260701..20260701");
    CHECK(bounds("yesterday") == "20260630..20260630");
    // "Nd" alone is from that day on.
    CHECK(bounds("7d") == "20260624..");
    CHECK(bounds("0d") == "20260701..");
    CHECK(bounds("7d..today") == "20260624..20260701");
    CHECK(bounds("36500d") == "19260726..");
    CHECK(value_days_ago(july_first(), 0) == "20260701");
    CHECK(value_days_ago(july_first(), 1) == "20260630");
    CHECK(value_days_ago(july_first(), 31) == "20260531");
}

TEST_CASE("dates: ranges with either end open", "[dates]") {
    CHECK(bounds("2025-01..2025-03-31") == "20250100..20250331");
    CHECK(bounds("2025-03..") == "20250300..");
    CHECK(bounds("..2024") == "..20241231");
    CHECK(bounds("2025-03..2025-03") == "20250300..20250331");
    CHECK(bounds("yesterday..today") == "20260630..20260701");
}

TEST_CASE("dates: a written date that is not one says why, where and what would do", "[dates]") {
    CHECK(date_error("2025-13") == "invalid date '2025-13': month must be 01-12 | 0 | " + kDateHint);
    CHECK(date_error("2025-02-30") == "invalid date '2025-02-30': no such day | 0 | " + kDateHint);
    CHECK(date_error("1899") == "invalid date '1899': year out of range | 0 | " + kDateHint);
    CHECK(date_error("2025-3") == "invalid date '2025-3': not a date | 0 | " + kDateHint);
    CHECK(date_error("") == "invalid date '': not a date | 0 | " + kDateHint);
    CHECK(date_error("d") == "invalid date 'd': not a date | 0 | " + kDateHint);
    CHECK(date_error("36501d") == "invalid date '36501d': at most 36500 days back | 0 | " + kDateHint);
    CHECK(date_error("99999999999d") == "invalid date '99999999999d': at most 36500 days back | 0 | " + kDateHint);
    // The end of a range is reported where it starts.
    CHECK(date_error("2025..2025-02-30") == "invalid date '2025-02-30': no such day | 6 | " + kDateHint);
    CHECK(date_error("2025-13..2026") == "invalid date '2025-13': month must be 01-12 | 0 | " + kDateHint);
    CHECK(date_error("..") == "date range '..' has no ends | 0 | write FROM..TO, FROM.. or ..TO");
    CHECK(date_error("2025..2024") == "date range '2025..2024' ends before it starts | 0 | ");
    CHECK(date_error("today..7d") == "date range 'today..7d' ends before it starts | 0 | ");
    CHECK(date_error("2025-03-07") == "no error");
    // The text quoted is kept whole, a NUL too (what() would end there).
    const std::string nul("a\0b", 3);
    CHECK(date_error(nul) == "invalid date '" + nul + "': not a date | 0 | " + kDateHint);
}

TEST_CASE("dates: the digits of a timestamp cut after the day, minute or second", "[dates]") {
    CHECK(digits_problem("20230101").empty());
    CHECK(digits_problem("202301012359").empty());
    CHECK(digits_problem("20230101235959").empty());
    CHECK(digits_problem("20240229").empty());
    CHECK(digits_problem("2023010") == "expected YYYYMMDDHHMM");
    CHECK(digits_problem("2023010100") == "expected YYYYMMDDHHMM");
    CHECK(digits_problem("2023-01-01") == "expected YYYYMMDDHHMM");
    CHECK(digits_problem("") == "expected YYYYMMDDHHMM");
    CHECK(digits_problem("20231301") == "month must be 01-12");
    CHECK(digits_problem("20230001") == "month must be 01-12");
    CHECK(digits_problem("20230229") == "no such day");
    CHECK(digits_problem("20230100") == "no such day");
    CHECK(digits_problem("202301012400") == "hour must be 00-23");
    CHECK(digits_problem("202301012360") == "minute must be 00-59");
    CHECK(digits_problem("20230101235960") == "second must be 00-59");
}

TEST_CASE("dates: a range from the first of a month includes that month's month-only dates", "[dates]") {
    CHECK(month_inclusive_start("20250301") == "20250300");
    CHECK(month_inclusive_start("20250302") == "20250302");
    CHECK(month_inclusive_start("20250300") == "20250300");
    CHECK(month_inclusive_start("").empty());
}
