// What a search hands to an output format: the page of hits plus the facts
// about the whole result (query, exact total, paging).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/model/stored.h"
#include "query/lang/match_terms.h"

namespace arxiv {

struct Hit {
    StoredDoc doc;
    unsigned rank = 0;   // 1-based position in the whole result (offset + i + 1)
    double score = 0.0;  // BM25 weight; 0 for pure filter queries
    std::uint32_t docid = 0;  // the document in the index searched (Xapian::docid)
};

// One facet's counts over the whole match set (query/search/facets.h).
struct FacetValue {
    std::string value;
    std::uint64_t count = 0;
};

struct FacetResult {
    std::string name;                // "category", "year", ...
    std::vector<FacetValue> values;  // largest first, ties by value; at most the limit
    std::uint64_t distinct = 0;      // values before the limit
};

struct ResultInfo {
    std::string query;      // the query as the user wrote it
    std::uint64_t total = 0;  // exact number of matching documents
    std::uint64_t offset = 0;
    std::uint64_t limit = 0;
    std::string sort;       // relevance | submitted | updated | id
    // What the query matched (its words, other forms, wildcards, authors),
    // for highlighting.
    MatchTerms matched;
    // "Did you mean": the query with rare words respelt (query/lang/suggest.h).
    std::optional<std::string> suggestion;
    // Facets asked for (--facets), in the order asked.
    std::vector<FacetResult> facets;
};

}  // namespace arxiv
