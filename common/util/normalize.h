// Normalisation of the values arXiv sources write in many ways: identifiers,
// author names, DOIs (dates: common/util/dates.h). Each function accepts every written form we know
// and returns one canonical form, or nothing when the input is not valid.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

// Whether `s` starts with `prefix`, ASCII letters compared without case
// ("HTTPS://" starts with "https://").
bool istarts_with(std::string_view s, std::string_view prefix);

struct ArxivId {
    std::string id;   // canonical, versionless: "2503.21813", "hep-th/9901001"
    int version = 0;  // 0 when not written
};

// Accepts "2503.21813", "2503.21813v2", "arXiv:2503.21813", "hep-th/9901001",
// "math.GT/0309136v1" (subject class dropped), "oai:arXiv.org:cs/0309012",
// and abs/pdf URLs ("https://arxiv.org/pdf/2503.21813v2.pdf").
std::optional<ArxivId> parse_arxiv_id(std::string_view text);

// Shaped like an arXiv id without being one that can exist: "0808.05394"
// (five digits before 2015), "0000.0000", "hep-th/9913001". arXiv's API
// answers such ids with no entry rather than an error; an id from 2015 on
// with four digits ("2403.0441") it calls malformed, and so does this
// (false). False also for anything parse_arxiv_id() accepts.
bool arxiv_id_shaped(std::string_view text);

// Fixed-width key that sorts ids chronologically: YYYYMM, then the number,
// then the archive for old-style ids.
std::string id_sort_key(std::string_view canonical_id);

// Submission month encoded in an id: "2503.21813" -> "2025-03",
// "hep-th/9901001" -> "1999-01". Empty for anything else.
std::string month_from_id(std::string_view canonical_id);

// Display name from the parts arXiv's structured formats give.
std::string author_display_name(std::string_view forenames, std::string_view keyname,
                                std::string_view suffix);

// Split a raw author line ("A. Smith (MIT), B. Jones and C. Wu") into
// display names: parenthesised affiliations dropped, TeX accents resolved.
std::vector<std::string> split_author_line(std::string_view line);

// "https://doi.org/10.1/X", "doi:10.1/x" -> "10.1/X" (case kept).
std::string normalize_doi(std::string_view text);

}  // namespace arxiv
