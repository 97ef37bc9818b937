// The date parsers: parse_date_range (date:, submitted:, updated:,
// announced:, --since/--until, digest windows) and the date ranges of arXiv's
// syntax (submittedDate:[FROM TO TO]), then the Xapian query a range
// compiles to (date_range_query: year and month terms, value ranges).
#include "common/schema/schema.h"
#include "fuzz/fuzz_support.h"
#include "query/lang/arxiv_syntax.h"
#include "query/lang/compile.h"
#include "query/lang/query_parser.h"

namespace {

bool is_bound(const std::string& b) {
    return b.empty() || (b.size() == 8 && b.find_first_not_of("0123456789") == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(arxiv::fuzz::view(data, size));
    try {
        arxiv::DateBounds b = arxiv::parse_date_range(text, 0);
        FUZZ_CHECK(b.from.empty() || b.to.empty() || b.from <= b.to, text + " -> " + b.from + ".." + b.to);
        // "Nd" (N days ago) is the one form whose bound is computed, not read.
        const bool relative = text.find('d') != std::string::npos;
        FUZZ_CHECK(relative || (is_bound(b.from) && is_bound(b.to)), text + " -> " + b.from + ".." + b.to);
        arxiv::date_range_query(arxiv::schema::field("date"), b.from, b.to).get_description();
    } catch (const arxiv::QuerySyntaxError& e) {
        FUZZ_CHECK(*e.what() != '\0', text);
    }
    const std::string arxiv_range = "submittedDate:[" + text + "]";
    try {
        auto tree = arxiv::parse_arxiv_query(arxiv_range);
        arxiv::compile_query(*tree).query.get_description();
    } catch (const arxiv::QuerySyntaxError& e) {
        FUZZ_CHECK(e.position == std::string::npos || e.position <= arxiv_range.size(), arxiv_range);
    }
    return 0;
}
