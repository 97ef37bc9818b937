// Record -> Xapian document, following the schema table: text fields as
// positional stemmed terms, author names unstemmed with a gap between
// authors, boolean filter terms, sortable values, and the stored record.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/model/stored.h"

namespace arxiv {

// What a document adds to the database-wide tables besides its own terms:
// compounds for the synonym table (the joined word's term and the spaced
// form's terms; indexer/store/lexicon.h) and the words of its title and abstract,
// with counts, for the spelling table ("Did you mean").
struct TableUpdates {
    std::vector<std::pair<std::string, std::string>> synonyms;  // key, synonym
    std::unordered_map<std::string, Xapian::termcount> spellings;
    // Where build_document counts the words: `spellings` when null, else a
    // longer-lived count the writer keeps (a fresh parallel build's shards
    // count straight into what they carry: one hash lookup per word, not two).
    std::unordered_map<std::string, Xapian::termcount>* spelling_counts = nullptr;
};

// The document for a stored record. Acronym definitions become terms of the
// document; compounds and spellings go to `tables` when given.
Xapian::Document build_document(const StoredDoc& stored, TableUpdates* tables = nullptr);

// Filter terms shared by the writer and the query side's tests.
std::string id_term(const std::string& canonical_id);

}  // namespace arxiv
