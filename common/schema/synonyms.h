// The other forms of a word or phrase that a query also searches, from
// three sources (query/lang/expand.h combines them):
//
// - mined acronym definitions: the terms the indexer adds for every
//   "long form (ACRO)" a paper writes (schema::definition_term). A long
//   form is used for its acronym, and the acronym for the long form, only
//   when at least kMinDefiningPapers papers define the pair and the pair is
//   at least kMinDefinitionShare of all definitions of that acronym: SAR is
//   "synthetic aperture radar" in 119 of 143 definitions here, but "attack
//   success rate" (85 of 362 ASR definitions) is not made ASR, which is
//   mostly speech recognition.
// - compounds in Xapian's synonym table ("finetun" <-> "fine tune").
// - curated groups: data/synonyms.txt (built in), the user's
//   $XDG_CONFIG_HOME/arxiv-search/synonyms.txt, and --synonyms FILE.
//
// Shared by arxiv-query (expansion) and arxiv-index synonyms (listing).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/schema/synonym_file.h"

namespace arxiv {

// Chosen on the shared corpus (docs/benchmarks.md, "Recall"): three papers
// keep one-off misreadings out ("chain of tought"), and a majority share
// keeps an ambiguous acronym from pulling in its other meanings.
constexpr Xapian::doccount kMinDefiningPapers = 3;
constexpr double kMinDefinitionShare = 0.5;
// An acronym whose pair holds this share of its definitions is taken as
// unambiguous: its other long forms are variants ("large scale language
// model" for LLM), and the papers defining them are not kept out of the
// acronym's matches (query/lang/expand.cc). SAR (83% "synthetic aperture
// radar") and ASR stay below it.
constexpr double kUnambiguousShare = 0.9;

// A long form mined for an acronym.
struct MinedDefinition {
    std::string acronym;    // the acronym key ("moe")
    std::string long_form;  // its terms, space-separated ("mixtur of expert")
    Xapian::doccount papers = 0;  // papers defining this pair
    Xapian::doccount all = 0;     // papers defining the acronym at all
    bool used() const {
        return papers >= kMinDefiningPapers && static_cast<double>(papers) >= kMinDefinitionShare * all;
    }
    double share() const { return all ? static_cast<double>(papers) / all : 0; }
};

// Every long form mined for an acronym key, most papers first.
std::vector<MinedDefinition> definitions_of(const Xapian::Database& db, std::string_view acronym_key);

// Acronym keys mined with this long form (its terms, space-separated), most
// papers first, each with the acronym's totals.
std::vector<MinedDefinition> acronyms_for(const Xapian::Database& db, std::string_view long_form_terms);

// Compound forms of a term sequence from the synonym table: "finetun" ->
// {"fine tune"}, "fine tune" -> {"finetun"}.
std::vector<std::string> compound_forms(const Xapian::Database& db, std::string_view terms);

// Every acronym key with a definition in the index, with its number of
// defining papers, most first (for `arxiv-index synonyms`).
std::vector<std::pair<std::string, Xapian::doccount>> mined_acronyms(const Xapian::Database& db);

// The word people write for an indexed (stemmed) term: the commonest word of
// the spelling table (title and abstract words, indexer/store/document.h)
// that the analyzer turns into that term ("cach" -> "cache", "mixtur" ->
// "mixture", "redund" -> "redundancy"); the term itself when none is found.
// Candidates are the table's words that start with the term (Snowball only
// takes endings away), so a lookup reads a few hundred entries at most.
std::string surface_word(const Xapian::Database& db, const std::string& term);
// surface_word of each space-separated term ("mixtur of expert" ->
// "mixture of experts").
std::string surface_words(const Xapian::Database& db, std::string_view terms);

class CuratedSynonyms {
public:
    // The built-in list, then $XDG_CONFIG_HOME/arxiv-search/synonyms.txt (or
    // ~/.config/...) when it exists, then `extra_files`. Throws
    // SynonymFileError for a file that cannot be read or a malformed line.
    static CuratedSynonyms load(const std::vector<std::string>& extra_files = {});
    // One file's text (for tests); `origin` names it in messages.
    void add(std::string_view text, const std::string& origin);
    void add_group(SynonymGroup group);

    const std::vector<SynonymGroup>& groups() const { return groups_; }
    // Indexes into groups() of the groups holding a form with these terms.
    const std::vector<size_t>* groups_with(const std::string& terms) const;

private:
    std::vector<SynonymGroup> groups_;
    std::unordered_map<std::string, std::vector<size_t>> by_terms_;
};

// The user's synonym file: $XDG_CONFIG_HOME/arxiv-search/synonyms.txt, else
// ~/.config/arxiv-search/synonyms.txt; empty when neither can be named.
std::string user_synonyms_path();

}  // namespace arxiv
