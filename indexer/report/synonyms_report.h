// `arxiv-index synonyms [TERM]`: what the index has learned about the words
// papers use for one thing (indexer/store/lexicon.h) and the curated groups
// (data/synonyms.txt and the user's file), with counts: without TERM the
// acronyms most papers define, with the long form a query uses for each;
// with TERM every definition of that acronym, or the acronyms and compounds
// of that word or phrase, and the curated groups holding it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace arxiv {

struct SynonymsOptions {
    std::string term;                        // empty: the table
    size_t limit = 50;                       // acronyms listed without TERM
    std::vector<std::string> synonym_files;  // besides the built-in and user lists
    bool stems = false;                      // --stems: terms as indexed, not as written
};

// Returns 0, 1 when TERM has nothing, 3 without a readable index.
int print_synonyms(const std::string& db_path, const SynonymsOptions& options, std::ostream& out,
                   std::ostream& err);

}  // namespace arxiv
