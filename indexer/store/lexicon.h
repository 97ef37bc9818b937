// What the indexer learns from the text of each paper about the words the
// corpus uses for one thing, for query-time expansion (query/lang/expand.h):
//
// - Acronym definitions, "long form (ACRO)": "mixture of experts (MoE)",
//   "Proximal Policy Optimization (PPO)". Found as Schwartz & Hearst do
//   ("A simple algorithm for identifying abbreviation definitions in
//   biomedical text", PSB 2003) with one refinement: when the acronym's
//   letters are the initials of the words before it (stop words may be
//   skipped), those words are the long form, which fixes their algorithm's
//   habit of taking "Policy Optimization" for PPO. Each paper's definitions
//   become boolean terms (schema::definition_terms), so how many papers
//   define a pair is an exact term frequency, kept up to date by every
//   replace and delete and merged by compaction.
// - Compounds: "fine-tuning" and "FlashAttention" tell that "finetuning" and
//   "fine tuning", "flash attention" are one word; they go into Xapian's
//   synonym table (schema::compound_synonyms).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

struct AcronymDefinition {
    std::string acronym;    // as written: "MoE", "LLMs"
    std::string long_form;  // as written: "mixture-of-experts"
};

// Every "long form (ACRO)" of `text`, in order; a pair written twice is
// listed twice.
std::vector<AcronymDefinition> find_definitions(std::string_view text);

struct Compound {
    std::string joined;  // "finetuning", "flashattention" (as written, joined)
    std::string split;   // "fine tuning", "Flash Attention" (as written, spaced)
};

// Two-part hyphenated words ("fine-tuning", "pre-training", "GPT-4"; not
// number ranges) and two-part CamelCase words whose parts are words of
// three letters or more ("FlashAttention"), in order.
std::vector<Compound> find_compounds(std::string_view text);

}  // namespace arxiv
