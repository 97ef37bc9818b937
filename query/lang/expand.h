// The other written forms a query word or phrase also searches: the long
// form of an acronym typed ("MoE" -> "mixture of experts") and the acronym
// of a long form, a compound's joined or spaced form ("finetuning" <->
// "fine tuning"), the groups of the curated synonym files, and the acronym
// form of a word typed in lower case ("sars" -> SARS). The sources are in
// common/schema/synonyms.h; query/lang/compile.cc puts each leaf's forms in one
// OP_SYNONYM, so a paper using another form ranks like one using the typed
// form, never above it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/schema/synonyms.h"

namespace arxiv {

struct ExpandOptions {
    const Xapian::Database* db = nullptr;      // mined definitions and compounds (none without it)
    const CuratedSynonyms* curated = nullptr;  // curated groups (none without them)
    bool enabled = true;                       // false: --exact
};

struct Alternative {
    std::vector<std::string> terms;  // the other form's terms (a phrase when several)
    std::string source;              // why, for --explain
    // Papers to leave out of this form: those defining an acronym found for
    // a long form as something else ("attack success rate (ASR)" is not
    // automatic speech recognition). Boolean terms, any prefix.
    std::vector<std::string> unless;
    bool operator==(const Alternative& o) const { return terms == o.terms; }
};

// Most alternatives one leaf may get (phrases with several compounds
// multiply).
constexpr size_t kMaxAlternatives = 8;

// The other forms of a leaf of a Text field: `typed` is its text as
// written (case matters: only "MoE", not "moe", is taken for an acronym),
// `terms` its analysed, stemmed terms.
// With `whole_only`, only forms of the whole sequence (not of a part of it):
// for words typed apart ("mixture of experts routing"), whose parts are
// expanded on their own.
std::vector<Alternative> alternatives(const ExpandOptions& options, std::string_view typed,
                                      const std::vector<std::string>& terms, bool whole_only = false);

}  // namespace arxiv
