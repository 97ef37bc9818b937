// Normalisation of the values arXiv sources write in many ways: identifiers,
// dates, author names, DOIs. Each function accepts every written form we know
// and returns one canonical form, or nothing when the input is not valid.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

struct ArxivId {
    std::string id;   // canonical, versionless: "2503.21813", "hep-th/9901001"
    int version = 0;  // 0 when not written
};

// Accepts "2503.21813", "2503.21813v2", "arXiv:2503.21813", "hep-th/9901001",
// "math.GT/0309136v1" (subject class dropped), "oai:arXiv.org:cs/0309012",
// and abs/pdf URLs ("https://arxiv.org/pdf/2503.21813v2.pdf").
std::optional<ArxivId> parse_arxiv_id(std::string_view text);

// Fixed-width key that sorts ids chronologically: YYYYMM, then the number,
// then the archive for old-style ids.
std::string id_sort_key(std::string_view canonical_id);

// Submission month encoded in an id: "2503.21813" -> "2025-03",
// "hep-th/9901001" -> "1999-01". Empty for anything else.
std::string month_from_id(std::string_view canonical_id);

// Any date or timestamp seen in arXiv metadata -> "YYYY-MM-DD" (UTC):
// "2024-03-07", "2024-03-07T18:02:55Z", "2007-10-08T00:00:00-04:00",
// "Mon, 2 Apr 2007 19:18:42 GMT". Empty if it cannot be read.
std::string normalize_date(std::string_view text);

// Days in month `m` (1-12) of year `y` (Gregorian).
int days_in_month(int y, int m);

// True for an existing calendar day written "YYYY-MM-DD" ("2025-02-30" is
// not one).
bool is_calendar_day(std::string_view text);

// `t` written in UTC with strftime's `format`.
std::string format_utc(std::time_t t, const char* format);

// "YYYY-MM-DDThh:mm:ssZ": the form of stored first-indexed/changed times,
// harvest state and logs.
std::string utc_timestamp(std::time_t t = std::time(nullptr));

// "YYYY-MM-DD" or "YYYY-MM" -> sortable value "YYYYMMDD" ("YYYYMM00" for a
// month). Empty for empty input.
std::string date_value(std::string_view date);

// Display name from the parts arXiv's structured formats give.
std::string author_display_name(std::string_view forenames, std::string_view keyname,
                                std::string_view suffix);

// Split a raw author line ("A. Smith (MIT), B. Jones and C. Wu") into
// display names: parenthesised affiliations dropped, TeX accents resolved.
std::vector<std::string> split_author_line(std::string_view line);

// "https://doi.org/10.1/X", "doi:10.1/x" -> "10.1/X" (case kept).
std::string normalize_doi(std::string_view text);

}  // namespace arxiv
