// "Did you mean": the query with each word that the index holds rarely or
// not at all replaced by a much commoner word one or two letters away
// (Xapian's spelling table, filled at index time from titles and
// abstracts; indexer/store/document.h). Phrases, fields and operators are kept,
// only the misspelt words change. Never applied: the caller shows it.
#pragma once

#include <optional>
#include <string>

#include <xapian.h>

#include "query/lang/compile.h"
#include "query/lang/query_ast.h"

namespace arxiv {

// A word found in at most this many papers is a candidate for correction...
constexpr Xapian::doccount kRareWordPapers = 2;
// ...by a word found in at least this many times as many papers (and 10).
constexpr Xapian::doccount kSuggestionFactor = 10;
// A commoner word (a typo several papers share: "langauge" is in 5 papers,
// "transfomer" in 4) is corrected only by a word one letter away that is
// far commoner: this many times as many papers, and at least
// kCommonNeighbourPapers ("language" 28,219).
constexpr Xapian::doccount kCommonNeighbourFactor = 100;
constexpr Xapian::doccount kCommonNeighbourPapers = 1000;
// A word in more papers than this is taken as a word: looking up its few
// hundred neighbours cost 0.5 ms a word ("prefix caching" 7.1 -> 10.4 ms
// one-shot on a loaded machine), and the typos the issue names are in 4
// and 5 papers.
constexpr Xapian::doccount kMaxSharedTypoPapers = 50;

// `query` as typed and the tree parsed from it (positions are byte offsets
// into `query`); nullopt when every word is common enough or has no better
// spelling. Words searched in other forms (`expansions`: "llms" as the
// acronym LLM) are understood, not misspelt, and a word of an indexed
// author's name ("bengio") is never corrected.
std::optional<std::string> suggest_query(const std::string& query, const QueryNode& tree,
                                         const Xapian::Database& db,
                                         const std::vector<ExpansionNote>& expansions = {});

}  // namespace arxiv
