// Record -> Xapian document, following the schema table: text fields as
// positional stemmed terms, author names unstemmed with a gap between
// authors, boolean filter terms, sortable values, and the stored record.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/stored.h"

namespace arxiv {

// Synonym-table entries a document's text teaches (compounds: the joined
// word's term and the spaced form's terms, both ways); see
// indexer/lexicon.h.
struct SynonymPairs {
    std::vector<std::pair<std::string, std::string>> pairs;  // key, synonym
};

// The document for a stored record. Acronym definitions become terms of the
// document; compounds go to `synonyms` when given.
Xapian::Document build_document(const StoredDoc& stored, SynonymPairs* synonyms = nullptr);

// Filter terms shared by the writer and the query side's tests.
std::string id_term(const std::string& canonical_id);

}  // namespace arxiv
