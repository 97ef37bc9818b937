// Parsers: one per source format, each turning its input into arxiv::Record
// values. They never touch the index; the ingest driver hands every record to
// the writer. A malformed record is reported through `skip` (with its line)
// and parsing goes on; only a problem with the whole input throws
// SourceError.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/model/record.h"

namespace arxiv {

// A problem with a whole input (unknown format, unreadable, truncated, an
// OAI-PMH or API error response). The message names what went wrong; the
// caller adds the file name.
class SourceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An OAI-PMH <error> response (other than noRecordsMatch), e.g.
// badResumptionToken or badArgument.
class OaiError : public SourceError {
public:
    OaiError(std::string code, const std::string& message)
        : SourceError(message), code(std::move(code)) {}
    std::string code;
};

enum class Format { Atom, OaiPmh, Kaggle, DailyJsonl, Unknown };
const char* format_name(Format f);

// Where parsed records and skipped-record reports go.
struct ParseSink {
    // line (1-based; 0 when unknown) is where the record starts, so that a
    // record the index refuses can still be reported as FILE:LINE.
    std::function<void(Record&&, size_t line)> record;
    std::function<void(size_t line, const std::string& message)> skip;
};

// Guesses the format from the first bytes of the (decompressed) content:
// '<' + <feed> root -> Atom; <OAI-PMH> root -> OaiPmh; '{' -> JSON lines,
// Kaggle if the first object has "versions"/"authors_parsed"/"update_date",
// daily-arxiv if it has "summary" and "abs"/"pdf".
Format detect_format(std::string_view head);

// ---- JSON lines: one call per line. line_no is 1-based. -----------------
void parse_kaggle_line(std::string_view line, size_t line_no, const ParseSink& sink);
// `file_date` ("YYYY-MM-DD", may be empty) becomes Record::announced.
void parse_daily_line(std::string_view line, size_t line_no, const std::string& file_date,
                      const ParseSink& sink);

// ---- XML: the whole document. -------------------------------------------
struct AtomFeedInfo {
    long total_results = -1;  // opensearch:totalResults, -1 if absent
    long start_index = -1;
    long items_per_page = -1;
    // Set when the document did not parse as a whole and its entries were
    // recovered one by one: pugixml's description and the line.
    std::string xml_error;
};
// Throws SourceError if the feed is an arXiv API error feed (the message is
// the API's summary text) or is not an Atom feed at all.
AtomFeedInfo parse_atom(std::string_view xml, const ParseSink& sink);

struct OaiPageInfo {
    std::string response_date;     // <responseDate>
    std::string error_code;        // <error code="..."> if any ("noRecordsMatch" is not an error)
    std::string error_message;
    bool has_token = false;        // a <resumptionToken> element was present
    std::string resumption_token;  // its text; empty on the last page
    long cursor = -1;              // legacy attributes, -1 if absent
    long complete_list_size = -1;
    std::string token_expiration;  // 2025 server attribute
    std::string max_datestamp;     // latest header datestamp seen on the page
    size_t records = 0;            // <record> elements on the page (incl. deleted and skipped)
    // Set when the document did not parse as a whole and its records were
    // recovered one by one (pugixml's description and the line); the token
    // may then be missing although the list goes on.
    std::string xml_error;
};
// Handles metadataPrefix arXiv, arXivRaw and oai_dc (ListRecords/GetRecord).
// Deleted headers produce a Record with deleted = true and only the id set.
// OAI error responses other than noRecordsMatch throw SourceError.
OaiPageInfo parse_oai(std::string_view xml, const ParseSink& sink);

}  // namespace arxiv
