// What a search hands to an output format: the page of hits plus the facts
// about the whole result (query, exact total, paging).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/stored.h"

namespace arxiv {

struct Hit {
    StoredDoc doc;
    unsigned rank = 0;   // 1-based position in the whole result (offset + i + 1)
    double score = 0.0;  // BM25 weight; 0 for pure filter queries
};

struct ResultInfo {
    std::string query;      // the query as the user wrote it
    std::uint64_t total = 0;  // exact number of matching documents
    std::uint64_t offset = 0;
    std::uint64_t limit = 0;
    std::string sort;       // relevance | submitted | updated | id
    // Analysed terms of the query's free-text parts (stemmed, no prefix) and
    // of its author parts (folded, unstemmed), for highlighting.
    std::vector<std::string> text_terms;
    std::vector<std::string> name_terms;
    // "Did you mean": the query with rare words respelt (query/suggest.h).
    std::optional<std::string> suggestion;
};

}  // namespace arxiv
