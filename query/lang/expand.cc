#include "query/lang/expand.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "common/text/text.h"
#include "common/text/variants.h"

namespace arxiv {
namespace {

// Phrases longer than this are searched as typed: every sub-span is a
// lookup, and nobody pastes a long form of more words.
constexpr size_t kMaxExpandedTerms = 24;
constexpr size_t kMaxSpan = 8;

std::string join(const std::vector<std::string>& terms, size_t begin, size_t end) {
    std::string out;
    for (size_t i = begin; i < end; ++i) out += (out.empty() ? "" : " ") + terms[i];
    return out;
}

std::vector<std::string> split(std::string_view s) {
    std::vector<std::string> out;
    for (size_t pos = 0; pos < s.size();) {
        size_t sp = s.find(' ', pos);
        if (sp == std::string_view::npos) sp = s.size();
        if (sp > pos) out.emplace_back(s.substr(pos, sp - pos));
        pos = sp + 1;
    }
    return out;
}

std::string percent(const MinedDefinition& d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%u of %u papers", static_cast<unsigned>(d.papers), static_cast<unsigned>(d.all));
    return buf;
}

// The typed words of a leaf, each with the span of terms it analyses to.
struct TypedWord {
    std::string text;
    size_t first = 0, count = 0;
};

// Whitespace-separated words of `typed` aligned with `terms`; empty when
// they do not line up (then no word is looked at on its own).
std::vector<TypedWord> align(std::string_view typed, const std::vector<std::string>& terms) {
    std::vector<TypedWord> words;
    size_t next = 0;
    for (const std::string& w : split(collapse_whitespace(typed))) {
        std::vector<std::string> t = analyze_terms(w, true);
        if (next + t.size() > terms.size() || !std::equal(t.begin(), t.end(), terms.begin() + next)) return {};
        words.push_back({w, next, t.size()});
        next += t.size();
    }
    if (next != terms.size()) return {};
    return words;
}

std::string upper_ascii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// A word as typed, without quotes and punctuation around it.
std::string bare(std::string_view w) {
    size_t b = 0, e = w.size();
    while (b < e && !std::isalnum(static_cast<unsigned char>(w[b]))) ++b;
    while (e > b && !std::isalnum(static_cast<unsigned char>(w[e - 1]))) --e;
    return std::string(w.substr(b, e - b));
}

// A compound form must be written so in more than one paper to be used; a
// word typed in lower case is taken for an acronym written in capitals in
// at least three (one paper shouting "LARGE" does not make large an acronym).
constexpr Xapian::doccount kMinCompoundPapers = 2;
constexpr Xapian::doccount kMinAcronymPapers = 3;

// Papers with the term in their title or abstract (an upper bound: a paper
// with it in both counts twice).
Xapian::doccount frequency(const Xapian::Database& db, const std::string& term) {
    Xapian::doccount n = 0;
    for (const schema::Field* f : {&schema::field("title"), &schema::field("abstract")})
        n += db.get_termfreq(std::string(f->prefix) + term);
    return n;
}

// Papers with the words as a phrase in their title or abstract, counted up
// to `enough`.
Xapian::doccount phrase_frequency(const Xapian::Database& db, const std::vector<std::string>& words,
                                  Xapian::doccount enough) {
    std::vector<Xapian::Query> per_field;
    for (const schema::Field* f : {&schema::field("title"), &schema::field("abstract")}) {
        std::vector<Xapian::Query> terms;
        for (const std::string& w : words) terms.emplace_back(std::string(f->prefix) + w);
        per_field.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                               static_cast<Xapian::termcount>(words.size()));
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, per_field.begin(), per_field.end()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, enough).get_matches_lower_bound();
}


// The words of a long form (terms[begin, end)) that tell its meaning in a
// paper: those no commoner than kContextShare of the papers (not "model"
// in "world model"), else the rarest; field-prefixed for title and
// abstract. An ambiguous acronym counts as the long form only in papers
// that hold one of them.
constexpr double kContextShare = 0.1;

std::vector<std::string> context_terms(const Xapian::Database& db, const std::vector<std::string>& terms,
                                       size_t begin, size_t end) {
    std::vector<std::string> chosen;
    std::string rarest;
    Xapian::doccount rarest_papers = 0;
    const double common = kContextShare * db.get_doccount();
    for (size_t k = begin; k < end; ++k) {
        if (terms[k].size() < 3) continue;  // "of", "to"
        const Xapian::doccount papers = frequency(db, terms[k]);
        if (rarest.empty() || papers < rarest_papers) {
            rarest = terms[k];
            rarest_papers = papers;
        }
        if (papers <= common) chosen.push_back(terms[k]);
    }
    if (chosen.empty() && !rarest.empty()) chosen.push_back(rarest);
    std::vector<std::string> out;
    for (const std::string& t : chosen)
        for (const schema::Field* f : {&schema::field("title"), &schema::field("abstract")})
            out.push_back(std::string(f->prefix) + t);
    return out;
}

// "world" or "fine" or "tune", from context_terms (each word once).
std::string context_words(const std::vector<std::string>& context) {
    std::vector<std::string> words;
    const std::string title_prefix(schema::field("title").prefix);
    for (const std::string& t : context)
        if (t.compare(0, title_prefix.size(), title_prefix) == 0) words.push_back(t.substr(title_prefix.size()));
    std::string out;
    for (size_t k = 0; k < words.size(); ++k)
        out += (k == 0 ? "" : k + 1 == words.size() ? " or " : ", ") + words[k];
    return out;
}

// Digit compounds (common/text/variants.h), when the index holds the other
// form in at least kMinCompoundPapers papers: "sim2real" typed also finds
// "sim-to-real" and "sim to real"; "sim-to-real" also finds "sim2real".
template <typename Add>
void add_digit_compounds(const Xapian::Database& db, const std::vector<TypedWord>& words,
                         const std::vector<std::string>& terms, size_t i, size_t len, Add& add) {
    if (len == 1) {
        for (const TypedWord& w : words) {
            if (w.first != i || w.count != 1) continue;
            const std::vector<std::string> parts = digit_compound_parts(bare(w.text));
            if (parts.empty()) continue;
            const std::vector<std::string> spaced = analyze_terms(parts[0] + " " + parts[1] + " " + parts[2], true);
            if (phrase_frequency(db, spaced, kMinCompoundPapers) >= kMinCompoundPapers)
                add(i, i + 1, spaced, "the same compound with \"" + parts[1] + "\" for " + (parts[1] == "to" ? "2" : "4"));
        }
        return;
    }
    if (len != 3) return;
    // The typed text of the span: its words' letters, in three parts.
    std::string text;
    for (const TypedWord& w : words)
        if (w.first >= i && w.first + w.count <= i + len) text += " " + w.text;
    std::vector<std::string> parts;
    std::string part;
    for (char c : text + " ") {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            part += c;
        } else if (!part.empty()) {
            parts.push_back(std::move(part));
            part.clear();
        }
    }
    if (parts.size() != 3) return;
    const std::string joined = digit_compound(parts[0], parts[1], parts[2]);
    if (joined.empty()) return;
    const std::vector<std::string> term = analyze_terms(joined, true);
    if (term.size() == 1 && frequency(db, term[0]) >= kMinCompoundPapers)
        add(i, i + len, term, "the same compound written " + joined);
}

}  // namespace

std::vector<Alternative> alternatives(const ExpandOptions& options, std::string_view typed,
                                      const std::vector<std::string>& terms, bool whole_only) {
    std::vector<Alternative> out;
    if ((!options.db && !options.curated) || terms.empty() || terms.size() > kMaxExpandedTerms) return out;
    // --exact: only the forms that differ from the typed one by letter case.
    const bool all_forms = options.enabled;
    const std::vector<TypedWord> words = align(typed, terms);

    // One alternative: terms[begin, end) replaced by `with`; false when it
    // was not added (the limit, or a form already there).
    auto add = [&](size_t begin, size_t end, const std::vector<std::string>& with, std::string source,
                   bool case_only = false) {
        if (out.size() >= kMaxAlternatives || with.empty()) return false;
        Alternative a;
        a.terms.assign(terms.begin(), terms.begin() + begin);
        a.terms.insert(a.terms.end(), with.begin(), with.end());
        a.terms.insert(a.terms.end(), terms.begin() + end, terms.end());
        if (a.terms == terms || std::find(out.begin(), out.end(), a) != out.end()) return false;
        a.source = std::move(source);
        a.case_only = case_only;
        out.push_back(std::move(a));
        return true;
    };

    for (size_t len = std::min(terms.size(), kMaxSpan); len > 0; --len) {
        if (whole_only && len != terms.size()) break;
        for (size_t i = 0; i + len <= terms.size(); ++i) {
            const std::string key = join(terms, i, i + len);
            // The word typed here, when it is exactly this span.
            const TypedWord* word = nullptr;
            for (const TypedWord& w : words)
                if (w.first == i && w.count == len) word = &w;
            const std::string as_typed = word ? bare(word->text) : "";
            // A word of letters and digits only: "c++" and "c#" are indexed
            // as written, and are not the letter c.
            const bool plain_word = word && !as_typed.empty() && as_typed.size() == word->text.size();
            const bool typed_lowercase =
                len == 1 && plain_word &&
                std::none_of(as_typed.begin(), as_typed.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
            std::string lowered;
            if (typed_lowercase) {
                lowered = fold_diacritics(as_typed);
                for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            // "llms" typed: the plural of the acronym LLM, which is indexed
            // singular, and then searched like "LLMs". Only when the acronym
            // is more common than the word as typed ("gas" is a word, not
            // two GAs).
            std::string plural_of;
            if (options.db && typed_lowercase && lowered.size() >= 3 && lowered.back() == 's' &&
                lowered[lowered.size() - 2] != 's') {
                std::string singular = lowered.substr(0, lowered.size() - 1);
                const Xapian::doccount acronym_papers = frequency(*options.db, singular);
                if (singular != terms[i] && acronym_papers >= kMinAcronymPapers &&
                    acronym_papers > frequency(*options.db, terms[i]))
                    plural_of = std::move(singular);
            }
            // "kd" typed: the acronym KD when the papers defining it are a
            // fair share of those holding the word (kMinAcronymShare).
            std::vector<MinedDefinition> lower_case_definitions;
            if (options.db && all_forms && typed_lowercase && plural_of.empty() && lowered.size() >= 2) {
                lower_case_definitions = definitions_of(*options.db, lowered);
                Xapian::doccount defining = 0;
                for (const MinedDefinition& d : lower_case_definitions) defining += d.papers;
                if (defining < kMinAcronymPapers ||
                    static_cast<double>(defining) < kMinAcronymShare * frequency(*options.db, terms[i]))
                    lower_case_definitions.clear();
            }

            if (options.db) {
                const Xapian::Database& db = *options.db;
                if (!plural_of.empty())
                    add(i, i + len, {plural_of}, "the plural of the acronym " + upper_ascii(plural_of), true);
                if (all_forms && len == 1 && (looks_like_acronym(as_typed) || !plural_of.empty())) {
                    const std::string acronym = plural_of.empty() ? acronym_key(as_typed) : plural_of;
                    for (const MinedDefinition& d : definitions_of(db, acronym))
                        if (d.used())
                            add(i, i + len, split(d.long_form),
                                "its long form, defined so in " + percent(d) + " defining " +
                                    (plural_of.empty() ? as_typed : upper_ascii(plural_of)));
                }
                for (const MinedDefinition& d : lower_case_definitions)
                    if (d.used())
                        add(i, i + len, split(d.long_form),
                            "its long form, defined so in " + percent(d) + " defining " + upper_ascii(lowered) +
                                " (typed in lower case, more often the acronym than a word)");
                if (all_forms && len >= 2) {
                    for (const MinedDefinition& d : acronyms_for(db, key)) {
                        if (!d.used()) continue;
                        std::string source = "its acronym, defined so in " + percent(d) + " defining it";
                        const bool ambiguous = d.share() < kUnambiguousShare;
                        std::vector<std::string> context;
                        if (ambiguous) {
                            context = context_terms(db, terms, i, i + len);
                            source += "; " + upper_ascii(d.acronym) + " has other meanings, so only in papers that also say " +
                                      context_words(context);
                        }
                        // Not the papers that define the acronym otherwise, when
                        // it has another meaning worth keeping apart (an
                        // unambiguous one's other long forms are variants,
                        // and excluding them cost a date + phrase query 2x).
                        if (add(i, i + len, {d.acronym}, source) && ambiguous) {
                            for (const MinedDefinition& other : definitions_of(db, d.acronym))
                                if (other.long_form != d.long_form)
                                    out.back().unless.push_back(schema::definition_term(other.acronym, other.long_form));
                            out.back().context = std::move(context);
                        }
                    }
                }
                if (all_forms && len <= 2) {
                    for (const std::string& form : compound_forms(db, key)) {
                        std::vector<std::string> parts = split(form);
                        if (parts.size() + len != 3) continue;
                        // A form a handful of papers write, beside a much commoner
                        // one, is noise: a word broken at a line end
                        // ("lan-guage"), "finelytuned".
                        if (parts.size() == 1) {
                            const Xapian::doccount rarer_part =
                                std::min(frequency(db, terms[i]), frequency(db, terms[i + 1]));
                            if (frequency(db, parts[0]) < std::max(kMinCompoundPapers, rarer_part / 1000)) continue;
                        } else {
                            const Xapian::doccount need = std::max(kMinCompoundPapers, frequency(db, terms[i]) / 100);
                            if (phrase_frequency(db, parts, need) < need) continue;
                        }
                        add(i, i + len, parts,
                            "the same compound written " + std::string(len == 1 ? "apart" : "as one word"));
                    }
                }
                if (all_forms) add_digit_compounds(db, words, terms, i, len, add);
                if (typed_lowercase && lowered != terms[i] && frequency(db, lowered) >= kMinAcronymPapers)
                    // "sars" typed: also the acronym SARS, which is not stemmed.
                    add(i, i + len, {lowered}, "the same letters written as an acronym", true);
            }
            if (options.curated && all_forms) {
                for (const std::string& k : {key, plural_of}) {
                    if (k.empty()) continue;
                    if (const std::vector<size_t>* groups = options.curated->groups_with(k)) {
                        for (size_t g : *groups) {
                            const SynonymGroup& group = options.curated->groups()[g];
                            for (const std::string& other : group.terms)
                                if (other != k) add(i, i + len, split(other), group.origin);
                        }
                    }
                }
            }
        }
    }
    return out;
}

}  // namespace arxiv
