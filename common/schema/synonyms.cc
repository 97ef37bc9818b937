#include "common/schema/synonyms.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "common/text/text.h"

namespace arxiv {
namespace {

// Words of the spelling table read per term by surface_word: the words
// starting with a short term ("rl") run to thousands, its own forms come
// first in the table's order ("cach", "cache", "cached", "caches", ...).
constexpr size_t kMaxSurfaceCandidates = 400;

// data/synonyms.txt, analysed at build time (gen_builtin_synonyms.cc).
struct BuiltinSynonymGroup {
    const char* forms;  // one per line
    const char* terms;  // one per line, the forms' analysed terms
    const char* origin;
};
#include "builtin_synonyms.inc"

std::vector<std::string> split_lines(std::string_view s) {
    std::vector<std::string> out;
    for (std::string_view line : split_at(s, '\n')) out.emplace_back(line);
    return out;
}

// "XADmoe\tmixtur of expert" -> {"moe", "mixtur of expert"}; false for a
// term that make_term had to shorten (its value ends in a hash).
bool split_value(const std::string& term, std::string_view prefix, std::string& left, std::string& right) {
    std::string_view value = std::string_view(term).substr(prefix.size());
    if (term.size() >= schema::kMaxTermBytes) return false;
    size_t sep = value.find(schema::kDefinitionSeparator);
    if (sep == std::string_view::npos) return false;
    left = std::string(value.substr(0, sep));
    right = std::string(value.substr(sep + 1));
    return !left.empty() && !right.empty();
}

Xapian::doccount total_definitions(const Xapian::Database& db, std::string_view acronym_key) {
    std::string prefix = schema::definition_term(acronym_key, "");
    Xapian::doccount all = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) all += t.get_termfreq();
    return all;
}

void most_papers_first(std::vector<MinedDefinition>& v) {
    std::sort(v.begin(), v.end(), [](const MinedDefinition& a, const MinedDefinition& b) {
        return a.papers != b.papers ? a.papers > b.papers : a.long_form + a.acronym < b.long_form + b.acronym;
    });
}

}  // namespace

std::vector<MinedDefinition> definitions_of(const Xapian::Database& db, std::string_view acronym_key) {
    std::vector<MinedDefinition> out;
    const std::string prefix = schema::definition_term(acronym_key, "");
    Xapian::doccount all = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        MinedDefinition d;
        if (!split_value(*t, schema::kDefinitionPrefix, d.acronym, d.long_form)) continue;
        d.papers = t.get_termfreq();
        all += d.papers;
        out.push_back(std::move(d));
    }
    for (MinedDefinition& d : out) d.all = all;
    most_papers_first(out);
    return out;
}

std::vector<MinedDefinition> acronyms_for(const Xapian::Database& db, std::string_view long_form_terms) {
    std::vector<MinedDefinition> out;
    const std::string prefix = schema::long_form_term(long_form_terms, "");
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        MinedDefinition d;
        if (!split_value(*t, schema::kLongFormPrefix, d.long_form, d.acronym)) continue;
        d.papers = t.get_termfreq();
        d.all = total_definitions(db, d.acronym);
        out.push_back(std::move(d));
    }
    most_papers_first(out);
    return out;
}

std::vector<std::string> compound_forms(const Xapian::Database& db, std::string_view terms) {
    std::vector<std::string> out;
    const std::string key(terms);
    for (auto s = db.synonyms_begin(key); s != db.synonyms_end(key); ++s) out.push_back(*s);
    return out;
}

std::vector<std::pair<std::string, Xapian::doccount>> mined_acronyms(const Xapian::Database& db) {
    std::vector<std::pair<std::string, Xapian::doccount>> out;
    const std::string prefix(schema::kDefinitionPrefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        std::string acronym, long_form;
        if (!split_value(*t, prefix, acronym, long_form)) continue;
        if (out.empty() || out.back().first != acronym) out.emplace_back(acronym, 0);
        out.back().second += t.get_termfreq();
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

std::string surface_word(const Xapian::Database& db, const std::string& term) {
    if (term.empty()) return term;
    // Snowball only takes endings away (and writes -y as -i: "recoveri"),
    // so the words of a term start with it, or with it less its final i.
    std::vector<std::string> heads{term};
    if (term.size() > 2 && term.back() == 'i') heads.push_back(term.substr(0, term.size() - 1));
    // Every word of the table that the analyzer turns into the term.
    std::vector<std::pair<std::string, Xapian::doccount>> words;
    for (const std::string& head : heads) {
        Xapian::TermIterator word = db.spellings_begin();
        word.skip_to(head);
        for (size_t seen = 0; word != db.spellings_end() && seen < kMaxSurfaceCandidates; ++word, ++seen) {
            const std::string w = *word;
            if (w.compare(0, head.size(), head) != 0) break;
            if (w.size() > head.size() + 8) continue;
            const std::vector<std::string> analysed = analyze_terms(w, true);
            if (analysed.size() != 1 || analysed[0] != term) continue;
            words.emplace_back(w, word.get_termfreq());
        }
    }
    // The commonest ("natural" for natur, not "nature"; "cache" for cach).
    std::string best = term;
    Xapian::doccount best_count = 0;
    for (const auto& [w, n] : words)
        if (n > best_count) {
            best = w;
            best_count = n;
        }
    return best;
}

std::string surface_words(const Xapian::Database& db, std::string_view terms) {
    std::string out;
    for (std::string_view t : split_at(terms, ' ')) {
        if (t.empty()) continue;
        if (!out.empty()) out += ' ';
        out += surface_word(db, std::string(t));
    }
    return out;
}

std::string user_synonyms_path() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg == '/') return std::string(xdg) + "/arxiv-search/synonyms.txt";
    const char* home = std::getenv("HOME");
    if (home && *home == '/') return std::string(home) + "/.config/arxiv-search/synonyms.txt";
    return "";
}

CuratedSynonyms CuratedSynonyms::load(const std::vector<std::string>& extra_files) {
    CuratedSynonyms s;
    for (const BuiltinSynonymGroup& b : kBuiltinSynonymGroups) {
        SynonymGroup g;
        g.forms = split_lines(b.forms);
        g.terms = split_lines(b.terms);
        g.origin = b.origin;
        s.add_group(std::move(g));
    }
    std::vector<std::pair<std::string, bool>> files;  // path, must exist
    if (std::string user = user_synonyms_path(); !user.empty()) files.emplace_back(user, false);
    for (const std::string& f : extra_files) files.emplace_back(f, true);
    for (const auto& [path, required] : files) {
        std::ifstream in(path);
        if (!in) {
            if (required) throw SynonymFileError(path + ": cannot read the synonym file");
            continue;
        }
        std::ostringstream text;
        text << in.rdbuf();
        s.add(text.str(), path);
    }
    return s;
}

void CuratedSynonyms::add(std::string_view text, const std::string& origin) {
    for (SynonymGroup& g : parse_synonym_file(text, origin)) add_group(std::move(g));
}

void CuratedSynonyms::add_group(SynonymGroup group) {
    const size_t index = groups_.size();
    for (const std::string& t : group.terms) by_terms_[t].push_back(index);
    groups_.push_back(std::move(group));
}

const std::vector<size_t>* CuratedSynonyms::groups_with(const std::string& terms) const {
    auto it = by_terms_.find(terms);
    return it == by_terms_.end() ? nullptr : &it->second;
}

}  // namespace arxiv
