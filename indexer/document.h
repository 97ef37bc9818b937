// Record -> Xapian document, following the schema table: text fields as
// positional stemmed terms, author names unstemmed with a gap between
// authors, boolean filter terms, sortable values, and the stored record.
#pragma once

#include <xapian.h>

#include "common/stored.h"

namespace arxiv {

Xapian::Document build_document(const StoredDoc& stored);

// Filter terms shared by the writer and the query side's tests.
std::string id_term(const std::string& canonical_id);

}  // namespace arxiv
