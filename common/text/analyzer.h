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
// document: index_form() first (and for Text, mark_acronyms()), then
// Xapian's tokenizer with positions; Text fields' words go through
// fold_spelling() before Snowball, acronyms stay as written
// (common/text/variants.h).
// `wdf_inc` 0 records where words occur without making them count for ranking.
// `stemmed` says whether `gen` is a Text generator (make_term_generator(true)).
void index_text(Xapian::TermGenerator& gen, std::string_view text, std::string_view prefix, bool stemmed,
                Xapian::termcount wdf_inc = 1);

// A TermGenerator set up for Text (stemmed) or Name (unstemmed) fields.
Xapian::TermGenerator make_term_generator(bool stem);

// The terms, in order, that index_text() would produce for `text` with an
// empty prefix. Empty if the text has no words (e.g. only punctuation).
std::vector<std::string> analyze_terms(std::string_view text, bool stem);

// Analysed terms as one space-separated string: how a phrase is written in
// the synonym table, the acronym-definition terms and --explain
// ({"mixtur", "of", "expert"} -> "mixtur of expert").
std::string join_terms(const std::vector<std::string>& terms);

// "first initial + ' ' + surname" of an author's analysed words
// ({"bernhard", "scholkopf"} -> "b scholkopf"; a trailing jr/sr/ii/iii/iv is
// not the surname); empty for fewer than two words.
std::string author_initials_key(const std::vector<std::string>& words);

// True if every word before the surname is a single letter ("b scholkopf",
// "a c duarte"): a query written with initials.
bool written_with_initials(const std::vector<std::string>& words);

}  // namespace arxiv
