// Dates and times, the one module for them. The project writes them in
// five forms, and the month-precision rule (a paper whose day is unknown) is
// decided here only:
//   day        "YYYY-MM-DD", or "YYYY-MM" when only the month is known
//              (Record dates; --since and query dates parse to these bounds)
//   value      "YYYYMMDD", or "YYYYMM00" for a month (value slots 0, 1, 3,
//              5; date query bounds; digest windows)
//   timestamp  "YYYY-MM-DDThh:mm:ssZ", UTC (harvest state, digest state and
//              windows, stored first-indexed and changed times, Atom)
//   digits     "YYYYMMDDhhmmss", UTC: a timestamp's digits (value slots 4, 6)
//   shown      "2026-07-01", or "2026-07" for a month (messages, digests)
#pragma once

#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace arxiv {

// Days in month `m` (1-12) of year `y` (Gregorian); 0 for another month.
int days_in_month(int y, int m);

// True for an existing calendar day written "YYYY-MM-DD" ("2025-02-30" is
// not one).
bool is_calendar_day(std::string_view text);

// A calendar day from 1986 to a year from now: what an OAI datestamp may be
// (a server's "9999-12-31" is not a day of arXiv).
bool plausible_day(const std::string& day);

// "YYYY-MM-DD" plus `days` (may be negative); anything else as given.
std::string add_days(const std::string& day, int days);

// Any date or timestamp seen in arXiv metadata -> "YYYY-MM-DD" (UTC):
// "2024-03-07", "2024-03-07T18:02:55Z", "2007-10-08T00:00:00-04:00",
// "Mon, 2 Apr 2007 19:18:42 GMT". Empty if it cannot be read.
std::string normalize_date(std::string_view text);

// Day -> value: "2025-03-07" -> "20250307", "2025-03" -> "20250300". Empty
// for anything else.
std::string date_value(std::string_view day);

// The numbers of a day: "2025-03-07" -> {2025, 3, 7}, "2025-03" ->
// {2025, 3, 0} (day 0: only the month is known). Nothing for anything else.
struct DayParts {
    int year = 0, month = 0, day = 0;
};
std::optional<DayParts> day_parts(std::string_view day);

// Value -> the last value its day can sort as: a month ("20250300") ->
// "20250331", so a range ending there covers every day of it; a day as given.
std::string value_month_end(std::string value);

// Value -> day, a month as its first day: "20250307" -> "2025-03-07",
// "20250300" -> "2025-03-01". Empty for anything else.
std::string value_day(std::string_view value);

// Value -> shown: "20250307" -> "2025-03-07", "20250300" -> "2025-03";
// anything else as given.
std::string show_day(std::string_view value);

// Day -> a whole day, a month as its first day: "2025-03" -> "2025-03-01";
// anything else as given.
std::string output_date(const std::string& day);

// Day -> the timestamp of its start (the time of day is unknown):
// "2025-03-07" -> "2025-03-07T00:00:00Z", "2025-03" -> "2025-03-01T00:00:00Z".
// Empty for anything else.
std::string day_start_timestamp(const std::string& day);

// `t` written in UTC with strftime's `format`.
std::string format_utc(std::time_t t, const char* format);

// A day, a month or a timestamp ("2026-01-05", "2026-01",
// "2026-01-05T10:00:00Z") written with strftime's `format` (UTC). A month
// prints only what is known: the format's day fields (%d %e %j %a %A %u %w;
// %F and %D as their month parts) are left out with the separator before
// them (after them when they come first): "%Y.%m.%d" -> "2026.01",
// "%d %B %Y" -> "January 2026". False if `text` is none of these.
bool format_date(std::string_view text, const std::string& format, std::string& out);

// The timestamp of `t`: "YYYY-MM-DDThh:mm:ssZ".
std::string utc_timestamp(std::time_t t = std::time(nullptr));

// The value of the UTC day `t` falls on: "YYYYMMDD".
std::string ymd_utc(std::time_t t);

// Parses a timestamp "YYYY-MM-DDThh:mm:ssZ"; false if `text` has another form.
bool parse_iso_utc(std::string_view text, std::time_t& out);

// Only the digits: "2026-07-01T06:00:00Z" -> "20260701060000".
std::string digits_of(std::string_view text);

// Timestamp -> shown: "2026-06-30T06:00:00Z" -> "2026-06-30 06:00 UTC";
// anything else as given.
std::string show_timestamp(const std::string& timestamp);

// Day of the week of a calendar day "YYYY-MM-DD", 0 = Sunday.
int weekday(const std::string& day);

// The value of the UTC day `days` days before `now`: "YYYYMMDD".
std::string value_days_ago(std::time_t now, int days);

// ---- Dates a user writes ----------------------------------------------------

// A date someone wrote that is not one. `message` says what is wrong and
// quotes the text ("invalid date '2025-13': month must be 01-12"), `offset`
// is the byte offset in the text given where the mistake starts, `hint`
// (possibly empty) says what would be accepted. The message is kept as a
// string: the text quoted may hold anything, a NUL too.
class DateError : public std::runtime_error {
public:
    DateError(const std::string& message, size_t offset, std::string hint = "")
        : std::runtime_error(message), message(message), offset(offset), hint(std::move(hint)) {}
    std::string message;
    size_t offset;
    std::string hint;
};

// The values a written date or range covers, both ends inclusive; "" = open.
struct DateBounds {
    std::string from, to;
};

// A date or date range as the query language (date:, updated:, …) and the
// --since/--until flags take it: YYYY, YYYY-MM, YYYY-MM-DD, YYYYMM,
// YYYYMMDD, "today", "yesterday", "Nd" (N days before `now`, at most
// 36,500), and FROM..TO with either end open. A single date covers its
// whole year (YYYY0000..YYYY1231), month (YYYYMM00..YYYYMM31, so the
// month-only values of that month are inside) or day; "Nd" alone means from
// that day on (`to` open). Throws DateError (`offset` 0, or where TO starts).
DateBounds parse_date_bounds(std::string_view text, std::time_t now = std::time(nullptr));

// Why `text` is not a timestamp's digits cut after the day, the minute or
// the second (YYYYMMDD, YYYYMMDDhhmm, YYYYMMDDhhmmss: the bounds arXiv's
// date ranges take): "expected YYYYMMDDHHMM", "month must be 01-12", "no
// such day", "hour must be 00-23", "minute must be 00-59" or "second must be
// 00-59"; empty when it is one. Its day is then its first eight digits.
std::string digits_problem(std::string_view text);

// A range's lower bound: a range that starts on the first of a month
// includes the papers known only to that month (stored as YYYYMM00), so
// "YYYYMM01" -> "YYYYMM00"; anything else as given.
std::string month_inclusive_start(std::string from);

}  // namespace arxiv
