// How text becomes terms. The indexer and the query compiler both go through
// these functions, so a query phrase is split, folded and stemmed exactly
// like the documents it should match ("KV-caching" -> kv, cach).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace arxiv {

// The stemmer for Text fields (Snowball English). Name fields are not stemmed.
const Xapian::Stem& text_stemmer();

// Indexes `text` (raw, as stored) under `prefix` into the generator's current
// document: index_form() first, then Xapian's tokenizer with positions.
void index_text(Xapian::TermGenerator& gen, std::string_view text, std::string_view prefix);

// A TermGenerator set up for Text (stemmed) or Name (unstemmed) fields.
Xapian::TermGenerator make_term_generator(bool stem);

// The terms, in order, that index_text() would produce for `text` with an
// empty prefix. Empty if the text has no words (e.g. only punctuation).
std::vector<std::string> analyze_terms(std::string_view text, bool stem);

}  // namespace arxiv
