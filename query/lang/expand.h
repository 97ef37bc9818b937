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
    // false: --exact. Only the forms that differ from the typed one by
    // letter case are then searched ("llms" is "LLMs", "sars" is SARS), as
    // every search is case-insensitive.
    bool enabled = true;
};

struct Alternative {
    std::vector<std::string> terms;  // the other form's terms (a phrase when several)
    std::string source;              // why, for --explain
    // Papers to leave out of this form: those defining an acronym found for
    // a long form as something else ("attack success rate (ASR)" is not
    // automatic speech recognition). Boolean terms, any prefix.
    std::vector<std::string> unless;
    // When not empty, the form counts only in papers that also hold one of
    // these terms (field-prefixed): an acronym with other meanings ("WM" is
    // also white matter and working memory) stands for the long form only
    // beside one of its words ("world").
    std::vector<std::string> context;
    // Only a difference of letter case from the typed form: searched with
    // --exact too.
    bool case_only = false;
    bool operator==(const Alternative& o) const { return terms == o.terms; }
};

// A word typed in lower case is taken for an acronym with mined long forms
// ("kd" for KD, knowledge distillation) when the papers defining that
// acronym are at least this share of the papers holding the word: on the
// shared corpus kd 112 of 155, vla 241 of 327, rl 1,194 of 2,157, lora 349
// of 1,190, but map 85 of 6,721 (a word) and can 1 of 23,056.
constexpr double kMinAcronymShare = 0.1;

// Most alternatives one leaf may get (phrases with several compounds
// multiply).
constexpr size_t kMaxAlternatives = 8;

// The other forms of a leaf of a Text field: `typed` is its text as
// written (case matters: "MoE" is an acronym; "moe" only when the index
// holds it mostly as one, see kMinAcronymShare), `terms` its analysed,
// stemmed terms.
// With `whole_only`, only forms of the whole sequence (not of a part of it):
// for words typed apart ("mixture of experts routing"), whose parts are
// expanded on their own.
std::vector<Alternative> alternatives(const ExpandOptions& options, std::string_view typed,
                                      const std::vector<std::string>& terms, bool whole_only = false);

}  // namespace arxiv
