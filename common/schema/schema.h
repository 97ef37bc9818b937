// The index schema, declared once: which query fields exist, which term
// prefix or value slot each one uses, and how terms are spelled. The indexer
// builds documents from this table and the query parser reads the same table,
// so a field can never be indexed one way and searched another.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace arxiv::schema {

enum class Kind {
    Text,      // stemmed words with positions (phrases work)
    Name,      // author names: folded, unstemmed words with positions
    Filter,    // boolean terms: exact, normalised values
    DateRange, // a value slot holding YYYYMMDD, plus year and month terms
    Composite, // searches several other fields at once
};

// Value slots. Dates are fixed-width "YYYYMMDD" strings ("YYYYMM00" when only
// the month is known) so that string order is date order.
enum Slot : Xapian::valueno {
    kSubmittedSlot = 0,
    kUpdatedSlot = 1,
    kIdSortSlot = 2,        // id_sort_key(): chronological id order
    kAnnouncedSlot = 3,
    kFirstIndexedSlot = 4,  // "YYYYMMDDhhmmss" UTC, when the id first entered the index
    kDatestampSlot = 5,     // OAI-PMH datestamp, YYYYMMDD (harvest coverage)
    kChangedSlot = 6,       // "YYYYMMDDhhmmss" UTC, when version/title/abstract last changed
    kCategoriesSlot = 7,    // every listed category as written, primary first, kListSeparator between
    kAuthorsSlot = 8,       // every author as displayed, kListSeparator between
    kSubmittedOrderSlot = 9,  // date_order_key() of the submitted date
    kUpdatedOrderSlot = 10,   // date_order_key() of the updated date
};

// The value of a date order slot: the date ("YYYYMMDD", or "00000000" when
// there is none, which sorts below every date) followed by the id's
// id_sort_key(), so one value slot orders by date and then id. Sorting by a
// single slot (Enquire::set_sort_by_value) is what Xapian's remote backend
// can do; a Xapian::KeyMaker over several slots it cannot ("KeyMaker not
// supported for the remote backend"), and sorted results must be the same
// over remote shards as over one index.
std::string date_order_key(std::string_view date_value, std::string_view id_sort_key);

// Between the items of a list value (kCategoriesSlot, kAuthorsSlot): a
// character no category or name holds.
constexpr char kListSeparator = '\x1f';

struct Field {
    std::string_view name;      // canonical query name
    std::string_view aliases;   // other accepted names, space-separated
    Kind kind;
    std::string_view prefix;    // Text/Name/Filter: term prefix; DateRange: year/month terms
    Xapian::valueno slot;       // DateRange: value slot
    std::string_view members;   // Composite: field names, space-separated
    std::string_view help;      // one line for --help and the README table
    // Filter: a value as the index holds it ("https://doi.org/10.1/X" ->
    // "10.1/x"); empty when the value is none. Called through filter_value().
    std::string (*normalise)(std::string_view value) = nullptr;
};

// All query fields in the order they are documented.
const std::vector<Field>& fields();

// Looks a field up by name or alias; nullptr if there is none.
const Field* find_field(std::string_view name);

// Looks up a field the code itself names; an unknown name is a bug.
const Field& field(std::string_view name);

// Field searched by words that carry no field: title + abstract.
const Field& default_field();

// The plain fields a field searches: a composite's members, else itself.
std::vector<const Field*> member_fields(const Field& f);

// A Filter field's value as the index holds it, by the field's own
// normalise(): the one rule the document builder (indexer/store/document),
// the query compiler (query/lang/compile) and the digest (query/digest)
// all apply, so a value written one way in a record and another in a
// query still meets. id: the canonical versionless id (empty if none);
// doi: normalize_doi, lower-cased; report: whitespace collapsed,
// lower-cased; cat, primary, archive: lower-cased (category names are
// made canonical by common/schema/taxonomy first). Other fields' values
// are returned as given.
std::string filter_value(const Field& f, std::string_view value);

// Prefix + value, with Xapian's convention of a ':' between a prefix and a
// value that starts with a capital letter. A term never exceeds
// kMaxTermBytes: a longer value keeps its first bytes (cut at a UTF-8
// boundary) followed by '#' and a hash of the whole value, so the indexer
// and the query compiler, both calling this, still agree on it and an
// exact query for a 1 KB DOI finds its paper.
std::string make_term(const Field& f, std::string_view value);
std::string make_term(std::string_view prefix, std::string_view value);

// Xapian 1.4 (glass) rejects terms longer than 245 bytes, and one such term
// fails the whole commit; we stay a little below.
constexpr size_t kMaxTermBytes = 240;

// Human name of the field a term prefix belongs to ("S" -> "title").
std::string_view field_name_for_prefix(std::string_view prefix);

// Not a query field: one term per author, "first initial + surname" of the
// name's analysed words ("Bernhard Schölkopf" -> XAKb scholkopf), so that
// author:"B. Schölkopf" finds him without positional data for every variant.
constexpr std::string_view kAuthorInitialsPrefix = "XAK";

// Not a query field: one term per pair of adjacent words within one author's
// analysed name ("Yang Liu" -> XAPyang liu). A quoted two-word name is then
// one posting list instead of a phrase over two of the most common words.
constexpr std::string_view kAuthorPairPrefix = "XAP";

inline std::string author_pair_term(std::string_view first, std::string_view second) {
    std::string pair(first);
    pair.append(" ").append(second);
    return make_term(kAuthorPairPrefix, pair);
}

// Not a query field: the id's month (the first six characters of
// id_sort_key(): "XIM202503" for 2503.21813, "XIM199901" for
// hep-th/9901001). Newest-first id order can then look at the last months
// of the index first, through posting lists instead of every document's value.
constexpr std::string_view kIdMonthPrefix = "XIM";

// Not query fields: acronym definitions a paper's text makes ("mixture of
// experts (MoE)", indexer/store/lexicon.h), one term per pair in each direction,
// so that the number of papers defining a pair is a term frequency:
//   kDefinitionPrefix + acronym key + '\t' + long form terms
//   kLongFormPrefix + long form terms + '\t' + acronym key
// The acronym key is common/text/variants.h's acronym_key ("moe"); the long
// form's terms are its analysed, stemmed words joined by spaces
// ("mixtur of expert").
constexpr std::string_view kDefinitionPrefix = "XAD";
constexpr std::string_view kLongFormPrefix = "XAL";
constexpr char kDefinitionSeparator = '\t';

inline std::string definition_term(std::string_view acronym_key, std::string_view long_form_terms) {
    std::string value(acronym_key);
    value.append(1, kDefinitionSeparator).append(long_form_terms);
    return make_term(kDefinitionPrefix, value);
}

inline std::string long_form_term(std::string_view long_form_terms, std::string_view acronym_key) {
    std::string value(long_form_terms);
    value.append(1, kDefinitionSeparator).append(acronym_key);
    return make_term(kLongFormPrefix, value);
}

// Compounds (indexer/store/lexicon.h) live in Xapian's synonym table, both ways:
// the joined word's term ("finetun") has the spaced form's terms ("fine
// tune") as a synonym, and the other way round.

// Author words are indexed with wdf 0: they select papers but do not rank
// them. Otherwise a paper with 3,000 authors outranks everyone's own papers
// for any common name; author-only queries list newest first instead.

// A DateRange field's boolean terms for a slot value "YYYYMMDD": prefix +
// "YYYY" and prefix + "YYYYMM" (none for an empty value). A date range then
// becomes an OR of whole years and months, cut by the value slot only in its
// partial first and last month: posting lists skip through it, where a value
// range alone would read the slot of every document in the index.
std::vector<std::string> date_terms(const Field& f, std::string_view value);

// Metadata key holding the schema version an index was built with, and the
// version this code writes. Version 2 added the date terms; an index without
// them must be upgraded (arxiv-index upgrade) before it can be searched.
// Version 3 added author pair terms and unweighted author words, 4 the id
// month terms, 5 the written variants of common/text/variants.h (acronym plurals,
// British spellings) and the acronym definitions and compounds of
// indexer/store/lexicon.h, 6 the date order slots (kSubmittedOrderSlot,
// kUpdatedOrderSlot).
constexpr std::string_view kSchemaVersionKey = "arxiv-search:schema";
constexpr std::string_view kSchemaVersion = "6";

// Positions left between two fields or two authors, so that a phrase can
// never match across them.
constexpr Xapian::termpos kPositionGap = 100;

}  // namespace arxiv::schema
