#include "indexer/store/document.h"

#include <cctype>
#include <optional>
#include <unordered_map>
#include <utility>
#include <set>
#include <sstream>

#include "common/schema/schema.h"
#include "common/schema/taxonomy.h"
#include "common/text/analyzer.h"
#include "common/text/text.h"
#include "common/text/variants.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "indexer/store/lexicon.h"

namespace arxiv {
namespace {

void add_text(Xapian::TermGenerator& gen, const char* field_name, const std::string& text,
              Xapian::termcount wdf_inc = 1) {
    if (text.empty()) return;
    const schema::Field& f = schema::field(field_name);
    index_text(gen, text, f.prefix, f.kind == schema::Kind::Text, wdf_inc);
    gen.increase_termpos(schema::kPositionGap);
}

// "Bernhard Schölkopf" is also findable as "B. Schölkopf" through one
// initials key term per author (schema::kAuthorInitialsPrefix), and as
// "Bernhard Schölkopf" through its word pairs (schema::kAuthorPairPrefix).
void add_author_keys(Xapian::Document& doc, const std::string& author) {
    const std::vector<std::string> words = analyze_terms(author, false);
    std::string key = author_initials_key(words);
    if (!key.empty()) doc.add_boolean_term(std::string(schema::kAuthorInitialsPrefix) + key);
    for (size_t i = 1; i < words.size(); ++i)
        doc.add_boolean_term(schema::author_pair_term(words[i - 1], words[i]));
}

// A filter term for `value` as written, in the field's normalised form.
void add_filter(Xapian::Document& doc, const char* field_name, std::string_view value) {
    const schema::Field& f = schema::field(field_name);
    const std::string v = schema::filter_value(f, value);
    if (!v.empty()) doc.add_boolean_term(schema::make_term(f, v));
}

}  // namespace

std::string id_term(const std::string& canonical_id) {
    return schema::make_term(schema::field("id"), canonical_id);
}

namespace {

// Acronym definitions as terms of the document, and its compounds for the
// synonym table (indexer/store/lexicon.h), from the title and abstract.
void add_lexicon(Xapian::Document& doc, const Record& r, TableUpdates* tables) {
    const std::string text = index_form(r.title + ".\n" + r.abstract);
    for (const AcronymDefinition& d : find_definitions(text)) {
        const std::vector<std::string> words = analyze_terms(d.long_form, true);
        if (words.size() < 2 || words.size() > 12) continue;
        const std::string key = acronym_key(d.acronym), long_form = join_terms(words);
        doc.add_boolean_term(schema::definition_term(key, long_form));
        doc.add_boolean_term(schema::long_form_term(long_form, key));
    }
    if (!tables) return;
    // The same compounds recur in paper after paper ("fine-tuning"): their
    // analysis is remembered (per thread: a sharded build has one writer
    // per thread), bounded by clearing it when it grows large.
    thread_local std::unordered_map<std::string, std::optional<std::pair<std::string, std::string>>> analysed;
    if (analysed.size() > 100000) analysed.clear();
    for (const Compound& c : find_compounds(text)) {
        auto [it, fresh] = analysed.try_emplace(c.joined + '\n' + c.split);
        if (fresh) {
            const std::vector<std::string> joined = analyze_terms(c.joined, true);
            const std::vector<std::string> split = analyze_terms(c.split, true);
            if (joined.size() == 1 && split.size() == 2 && split[0] != joined[0] && split[1] != joined[0])
                it->second.emplace(joined[0], join_terms(split));
        }
        if (it->second) tables->synonyms.push_back(*it->second);
    }
    // Words as a person types them: lower case, letters only, 3 to 30 long.
    auto& spellings = tables->spelling_counts ? *tables->spelling_counts : tables->spellings;
    std::string word;
    for (size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            word += static_cast<char>(c | 0x20);
            continue;
        }
        if (static_cast<unsigned char>(c) >= 0x80) {  // a letter of another script: not this word
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            word.clear();
            continue;
        }
        if (word.size() >= 3 && word.size() <= 30) ++spellings[word];
        word.clear();
    }
}

}  // namespace

Xapian::Document build_document(const StoredDoc& stored, TableUpdates* tables) {
    const Record& r = stored.record;
    Xapian::Document doc;

    static thread_local Xapian::TermGenerator text_gen = make_term_generator(true);
    text_gen.set_document(doc);
    text_gen.set_termpos(0);
    add_text(text_gen, "title", r.title);
    add_text(text_gen, "abstract", r.abstract);
    add_text(text_gen, "comment", r.comment);
    add_text(text_gen, "journal", r.journal_ref);

    // Each author gets its own stretch of positions, so a quoted name can
    // only match inside one author.
    static thread_local Xapian::TermGenerator name_gen = make_term_generator(false);
    name_gen.set_document(doc);
    name_gen.set_termpos(0);
    for (const std::string& author : r.authors) {
        add_text(name_gen, "author", author, 0);
        add_author_keys(doc, author);
    }

    doc.add_boolean_term(id_term(r.id));
    std::set<std::string> cats, archives;
    for (const std::string& c : r.categories) {
        for (const std::string& name : category_index_names(c)) {
            cats.insert(name);
            archives.insert(archive_of(name));
        }
    }
    for (const std::string& c : cats) add_filter(doc, "cat", c);
    for (const std::string& a : archives) add_filter(doc, "archive", a);
    if (!r.categories.empty()) {
        for (const std::string& name : category_index_names(r.categories.front())) {
            add_filter(doc, "primary", name);
            add_filter(doc, "primary", archive_of(name));
        }
    }
    std::istringstream dois(r.doi);
    for (std::string d; dois >> d;) add_filter(doc, "doi", d);
    add_filter(doc, "report", r.report_no);

    doc.add_value(schema::kSubmittedSlot, date_value(r.submitted));
    doc.add_value(schema::kUpdatedSlot, date_value(r.effective_updated()));
    doc.add_value(schema::kAnnouncedSlot, date_value(r.announced));
    doc.add_value(schema::kDatestampSlot, date_value(r.datestamp));
    const std::string id_key = id_sort_key(r.id);
    doc.add_value(schema::kIdSortSlot, id_key);
    doc.add_value(schema::kSubmittedOrderSlot, schema::date_order_key(doc.get_value(schema::kSubmittedSlot), id_key));
    doc.add_value(schema::kUpdatedOrderSlot, schema::date_order_key(doc.get_value(schema::kUpdatedSlot), id_key));
    doc.add_boolean_term(std::string(schema::kIdMonthPrefix) + id_key.substr(0, 6));
    auto digits = [](const std::string& timestamp) {
        std::string out;
        for (char c : timestamp)
            if (std::isdigit(static_cast<unsigned char>(c))) out += c;
        return out;
    };
    // The lists facets count (query/search/facets.h), read per match without
    // decoding the stored record.
    auto list_value = [](const std::vector<std::string>& items) {
        std::string v;
        for (const std::string& item : items) {
            if (!v.empty()) v += schema::kListSeparator;
            v += item;
        }
        return v;
    };
    doc.add_value(schema::kCategoriesSlot, list_value(r.categories));
    doc.add_value(schema::kAuthorsSlot, list_value(r.authors));
    doc.add_value(schema::kFirstIndexedSlot, digits(stored.first_indexed));
    doc.add_value(schema::kChangedSlot, digits(stored.last_changed));

    for (const schema::Field& f : schema::fields()) {
        if (f.kind != schema::Kind::DateRange) continue;
        for (const std::string& term : schema::date_terms(f, doc.get_value(f.slot)))
            doc.add_boolean_term(term);
    }

    add_lexicon(doc, r, tables);
    doc.set_data(encode_stored(stored));
    return doc;
}

}  // namespace arxiv
