#include "common/util/dates.h"

#include <cctype>
#include <cstdio>
#include <vector>

#include "common/text/text.h"

namespace arxiv {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

int number(std::string_view digits) { return std::stoi(std::string(digits)); }

std::string ymd(int y, int m, int d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return buf;
}

// "Nd": N days ago.
bool is_days_ago(std::string_view text) {
    return text.size() >= 2 && text.back() == 'd' && all_digits(text.substr(0, text.size() - 1));
}

// One end of a range -> the {lowest, highest} values it covers. `offset`
// is where it starts in the text the user wrote.
DateBounds parse_one_date(std::string_view text, size_t offset, std::time_t now) {
    auto bad = [&](const std::string& why) {
        return DateError("invalid date '" + std::string(text) + "': " + why, offset,
                         "dates are YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday or Nd "
                         "(N days ago); ranges are FROM..TO with either end open");
    };
    if (text == "today") {
        std::string d = value_days_ago(now, 0);
        return {d, d};
    }
    if (text == "yesterday") {
        std::string d = value_days_ago(now, 1);
        return {d, d};
    }
    if (is_days_ago(text)) {
        // arXiv began in 1991: more than a century back is a typo.
        constexpr int kMaxDaysBack = 36500;
        std::string_view n = text.substr(0, text.size() - 1);
        if (n.size() > 5 || number(n) > kMaxDaysBack)
            throw bad("at most " + std::to_string(kMaxDaysBack) + " days back");
        std::string d = value_days_ago(now, number(n));
        return {d, d};
    }
    const std::vector<std::string_view> parts = split_at(text, '-');
    int y = 0, m = 0, d = 0;
    if (parts.size() == 1 && all_digits(parts[0]) &&
        (parts[0].size() == 4 || parts[0].size() == 6 || parts[0].size() == 8)) {
        std::string_view p = parts[0];
        y = number(p.substr(0, 4));
        if (p.size() >= 6) m = number(p.substr(4, 2));
        if (p.size() == 8) d = number(p.substr(6, 2));
    } else if (parts.size() >= 2 && parts.size() <= 3 && parts[0].size() == 4 && all_digits(parts[0]) &&
               parts[1].size() == 2 && all_digits(parts[1]) &&
               (parts.size() == 2 || (parts[2].size() == 2 && all_digits(parts[2])))) {
        y = number(parts[0]);
        m = number(parts[1]);
        if (parts.size() == 3) d = number(parts[2]);
    } else {
        throw bad("not a date");
    }
    if (y < 1900 || y > 2200) throw bad("year out of range");
    if (m == 0) return {ymd(y, 0, 0), ymd(y, 12, 31)};
    if (m < 1 || m > 12) throw bad("month must be 01-12");
    if (d == 0) return {ymd(y, m, 0), ymd(y, m, 31)};
    if (d < 1 || d > days_in_month(y, m)) throw bad("no such day");
    return {ymd(y, m, d), ymd(y, m, d)};
}

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

namespace {

// `format` without its day fields, for a date known only to its month.
std::string month_format(const std::string& format) {
    // Tokens: a conversion ("%d", "%Ey") or a run of literal text.
    struct Token {
        std::string text;
        bool conversion;
    };
    std::vector<Token> tokens;
    for (size_t i = 0; i < format.size();) {
        if (format[i] == '%' && i + 1 < format.size()) {
            size_t n = (format[i + 1] == 'E' || format[i + 1] == 'O') && i + 2 < format.size() ? 3 : 2;
            std::string conv = format.substr(i, n);
            if (conv == "%F") tokens.insert(tokens.end(), {{"%Y", true}, {"-", false}, {"%m", true}, {"-", false}, {"%d", true}});
            else if (conv == "%D") tokens.insert(tokens.end(), {{"%m", true}, {"/", false}, {"%d", true}, {"/", false}, {"%y", true}});
            else tokens.push_back({conv, true});
            i += n;
        } else {
            if (tokens.empty() || tokens.back().conversion) tokens.push_back({"", false});
            tokens.back().text += format[i++];
        }
    }
    auto day_field = [](const Token& t) {
        return t.conversion && std::string("deajAuw").find(t.text.back()) != std::string::npos &&
               t.text != "%%";
    };
    std::vector<Token> kept;
    bool drop_next_literal = false;
    for (const Token& t : tokens) {
        if (day_field(t)) {
            // The separator before it goes with it, unless it opens the
            // format: then the one after it.
            if (!kept.empty() && !kept.back().conversion && kept.size() > 1) kept.pop_back();
            else if (kept.empty() || (kept.size() == 1 && !kept.back().conversion)) drop_next_literal = true;
            continue;
        }
        if (drop_next_literal && !t.conversion) {
            drop_next_literal = false;
            continue;
        }
        drop_next_literal = false;
        kept.push_back(t);
    }
    std::string out;
    for (const Token& t : kept) out += t.text;
    return out;
}

}  // namespace

bool format_date(std::string_view text, const std::string& format, std::string& out) {
    const std::string s(text);
    std::tm tm{};
    bool month = false;
    bool ok = false;
    if (s.size() == 7 && s[4] == '-' && std::sscanf(s.c_str(), "%4d-%2d", &tm.tm_year, &tm.tm_mon) == 2) {
        ok = month = true;
        tm.tm_mday = 1;
    } else if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
        ok = std::sscanf(s.c_str(), "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3;
        if (ok && s.size() >= 19 && s[10] == 'T')
            ok = std::sscanf(s.c_str() + 11, "%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 3;
    }
    if (!ok) return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    std::time_t t = timegm(&tm);  // fills in the weekday for %a/%A
    gmtime_r(&t, &tm);
    const std::string f = month ? month_format(format) : format;
    char buf[512];
    size_t n = std::strftime(buf, sizeof buf, f.c_str(), &tm);
    out.assign(buf, n);
    return true;
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

std::optional<DayParts> day_parts(std::string_view day) {
    if (day.size() != 7 && day.size() != 10) return std::nullopt;
    for (size_t i = 0; i < day.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? day[i] != '-' : !std::isdigit(static_cast<unsigned char>(day[i]))) return std::nullopt;
    }
    DayParts p;
    p.year = std::stoi(std::string(day.substr(0, 4)));
    p.month = std::stoi(std::string(day.substr(5, 2)));
    p.day = day.size() == 10 ? std::stoi(std::string(day.substr(8, 2))) : 0;
    if (p.month < 1 || p.month > 12 || p.day > 31) return std::nullopt;
    return p;
}

std::string value_month_end(std::string value) {
    if (value.size() == 8 && value.compare(6, 2, "00") == 0) value.replace(6, 2, "31");
    return value;
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

std::string value_days_ago(std::time_t now, int days) {
    return ymd_utc(now - static_cast<std::time_t>(days) * 86400);
}

DateBounds parse_date_bounds(std::string_view text, std::time_t now) {
    size_t dots = text.find("..");
    if (dots == std::string_view::npos) {
        // "7d" alone means the last seven days, up to today.
        if (is_days_ago(text)) return {parse_one_date(text, 0, now).from, ""};
        return parse_one_date(text, 0, now);
    }
    std::string_view from = text.substr(0, dots), to = text.substr(dots + 2);
    if (from.empty() && to.empty()) throw DateError("date range '..' has no ends", 0, "write FROM..TO, FROM.. or ..TO");
    DateBounds b;
    if (!from.empty()) b.from = parse_one_date(from, 0, now).from;
    if (!to.empty()) b.to = parse_one_date(to, dots + 2, now).to;
    if (!b.from.empty() && !b.to.empty() && b.from > b.to)
        throw DateError("date range '" + std::string(text) + "' ends before it starts", 0);
    return b;
}

std::string digits_problem(std::string_view text) {
    if (!all_digits(text) || (text.size() != 8 && text.size() != 12 && text.size() != 14))
        return "expected YYYYMMDDHHMM";
    const int y = number(text.substr(0, 4)), m = number(text.substr(4, 2)), d = number(text.substr(6, 2));
    if (m < 1 || m > 12) return "month must be 01-12";
    if (d < 1 || d > days_in_month(y, m)) return "no such day";
    if (text.size() >= 12) {
        if (number(text.substr(8, 2)) > 23) return "hour must be 00-23";
        if (number(text.substr(10, 2)) > 59) return "minute must be 00-59";
    }
    if (text.size() == 14 && number(text.substr(12, 2)) > 59) return "second must be 00-59";
    return "";
}

std::string month_inclusive_start(std::string from) {
    if (from.size() == 8 && from.compare(6, 2, "01") == 0) from.replace(6, 2, "00");
    return from;
}

}  // namespace arxiv
