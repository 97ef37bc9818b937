#include "common/util/dates.h"

#include <cctype>
#include <cstdio>

#include "common/text/text.h"

namespace arxiv {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

bool is_calendar_day(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!is_digit(t[i])) return false;
    const int y = std::stoi(std::string(t.substr(0, 4))), m = std::stoi(std::string(t.substr(5, 2))),
              d = std::stoi(std::string(t.substr(8, 2)));
    return d >= 1 && d <= days_in_month(y, m);
}

bool plausible_day(const std::string& day) {
    static const std::string latest = format_utc(std::time(nullptr) + 366 * 86400, "%Y-%m-%d");
    return is_calendar_day(day) && day >= "1986-01-01" && day <= latest;
}

std::string add_days(const std::string& day, int days) {
    if (!is_calendar_day(day)) return day;
    std::tm tm{};
    tm.tm_year = std::stoi(day.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(day.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(day.substr(8, 2)) + days;
    return format_utc(timegm(&tm), "%Y-%m-%d");
}

std::string normalize_date(std::string_view text) {
    std::string t = collapse_whitespace(text);
    if (t.empty()) return "";
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    // ISO 8601 / RFC 3339.
    if (t.size() >= 10 && is_digit(t[0]) && t[4] == '-' && t[7] == '-') {
        if (std::sscanf(t.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) return "";
        if (t.size() == 10) {
            if (d < 1 || d > days_in_month(y, mo)) return "";
            char buf[32];
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
            return buf;
        }
        if (t[10] != 'T' && t[10] != ' ') return "";
        if (std::sscanf(t.c_str() + 11, "%2d:%2d:%2d", &h, &mi, &s) < 2) return "";
        int offset_minutes = 0;
        size_t tz = t.find_first_of("Z+-", 11);
        if (tz != std::string::npos && t[tz] != 'Z') {
            int oh = 0, om = 0;
            if (std::sscanf(t.c_str() + tz + 1, "%2d:%2d", &oh, &om) < 1) return "";
            offset_minutes = (oh * 60 + om) * (t[tz] == '-' ? -1 : 1);
        }
        std::tm tm{};
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi - offset_minutes;
        tm.tm_sec = s;
        return format_utc(timegm(&tm), "%Y-%m-%d");
    }
    // RFC 2822: "Mon, 2 Apr 2007 19:18:42 GMT" (weekday optional).
    static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    std::string_view rest = t;
    size_t comma = rest.find(',');
    if (comma != std::string_view::npos) rest.remove_prefix(comma + 1);
    char mon[4] = {0};
    if (std::sscanf(std::string(rest).c_str(), "%d %3s %d", &d, mon, &y) != 3) return "";
    std::string month;
    for (char c : std::string_view(mon)) month += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int i = 0; i < 12; ++i)
        if (month == months[i]) mo = i + 1;
    if (mo == 0 || d < 1 || d > 31 || y < 1900) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    return buf;
}

std::string date_value(std::string_view date) {
    if (date.size() == 10) return std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) +
                                  std::string(date.substr(8, 2));
    if (date.size() == 7) return std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) + "00";
    return "";
}

std::string value_day(std::string_view value) {
    if (value.size() != 8) return "";
    std::string_view d = value.substr(6, 2) == "00" ? "01" : value.substr(6, 2);
    return std::string(value.substr(0, 4)) + "-" + std::string(value.substr(4, 2)) + "-" + std::string(d);
}

std::string show_day(std::string_view value) {
    if (value.size() != 8) return std::string(value);
    std::string out(value.substr(0, 4));
    if (value.substr(4, 2) != "00") out += "-" + std::string(value.substr(4, 2));
    if (value.substr(6, 2) != "00") out += "-" + std::string(value.substr(6, 2));
    return out;
}

std::string output_date(const std::string& day) {
    if (day.size() == 7) return day + "-01";
    return day;
}

std::string day_start_timestamp(const std::string& day) {
    std::string d = output_date(day);
    return d.size() == 10 ? d + "T00:00:00Z" : "";
}

std::string format_utc(std::time_t t, const char* format) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

std::string utc_timestamp(std::time_t t) { return format_utc(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string ymd_utc(std::time_t t) { return format_utc(t, "%Y%m%d"); }

bool parse_iso_utc(std::string_view text, std::time_t& out) {
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        return false;
    std::string d = digits_of(text);
    if (d.size() != 14) return false;
    std::tm tm{};
    tm.tm_year = std::stoi(d.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(d.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(d.substr(6, 2));
    tm.tm_hour = std::stoi(d.substr(8, 2));
    tm.tm_min = std::stoi(d.substr(10, 2));
    tm.tm_sec = std::stoi(d.substr(12, 2));
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        return false;
    out = timegm(&tm);
    return true;
}

std::string digits_of(std::string_view text) {
    std::string out;
    for (char c : text)
        if (std::isdigit(static_cast<unsigned char>(c))) out += c;
    return out;
}

std::string show_timestamp(const std::string& timestamp) {
    if (timestamp.size() != 20) return timestamp;
    return timestamp.substr(0, 10) + " " + timestamp.substr(11, 5) + " UTC";
}

int weekday(const std::string& day) {
    std::tm tm{};
    tm.tm_year = std::stoi(day.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(day.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(day.substr(8, 2));
    timegm(&tm);
    return tm.tm_wday;
}

}  // namespace arxiv
