// What the indexer learns from a paper's text: acronym definitions and
// compounds (indexer/store/lexicon.h).
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "indexer/store/lexicon.h"

using arxiv::find_compounds;
using arxiv::find_definitions;
using Pairs = std::vector<std::pair<std::string, std::string>>;

namespace {

Pairs definitions(const std::string& text) {
    Pairs out;
    for (const auto& d : find_definitions(text)) out.emplace_back(d.acronym, d.long_form);
    return out;
}

Pairs compounds(const std::string& text) {
    Pairs out;
    for (const auto& c : find_compounds(text)) out.emplace_back(c.joined, c.split);
    return out;
}

}  // namespace

TEST_CASE("definitions: the long form before an acronym in brackets", "[lexicon]") {
    CHECK(definitions("We route tokens in mixture of experts (MoE) layers.") ==
          Pairs{{"MoE", "mixture of experts"}});
    CHECK(definitions("large language models (LLMs) are big") == Pairs{{"LLMs", "large language models"}});
    CHECK(definitions("retrieval-augmented generation (RAG) helps") ==
          Pairs{{"RAG", "retrieval-augmented generation"}});
    // Initials choose the words: not "Policy Optimization" as Schwartz-Hearst would.
    CHECK(definitions("We train with Proximal Policy Optimization (PPO) here") ==
          Pairs{{"PPO", "Proximal Policy Optimization"}});
    // Stop words inside the long form are skipped when matching initials.
    CHECK(definitions("the area under the curve (AUC) of the receiver operating characteristic (ROC)") ==
          Pairs{{"AUC", "area under the curve"}, {"ROC", "receiver operating characteristic"}});
    CHECK(definitions("a Key-Value (KV) cache and the Vision Transformer (ViT)") ==
          Pairs{{"KV", "Key-Value"}, {"ViT", "Vision Transformer"}});
}

TEST_CASE("definitions: brackets that define nothing", "[lexicon]") {
    CHECK(definitions("as shown in prior work (see Table 1) and (2023)").empty());
    CHECK(definitions("a Transformer (Vaswani et al.) model").empty());
    CHECK(definitions("the method (ours) wins").empty());
    CHECK(definitions("unclosed (ASR and more").empty());
    CHECK(definitions("(ASR) at the very start").empty());
    // The long form stops at a bracket or a sentence end.
    CHECK(definitions("attack success rate (ASR) of (ASR)") == Pairs{{"ASR", "attack success rate"}});
    CHECK(definitions("We study speech. Recognition (SR) follows.").empty());
    // A pair written twice is listed twice (the index counts papers, not mentions).
    CHECK(definitions("graph neural network (GNN); graph neural network (GNN)").size() == 2);
}

TEST_CASE("definitions: hostile text stays bounded", "[lexicon]") {
    std::string many;
    for (int i = 0; i < 20000; ++i) many += "(((";
    CHECK(definitions(many).empty());
    std::string words(100000, 'a');
    CHECK(definitions(words + " (AB)").empty());
    CHECK(definitions("").empty());
    CHECK(definitions("(").empty());
    CHECK(definitions(")").empty());
}

TEST_CASE("compounds: two-part hyphenated and CamelCase words", "[lexicon]") {
    CHECK(compounds("fine-tuning and pre-training") ==
          Pairs{{"finetuning", "fine tuning"}, {"pretraining", "pre training"}});
    CHECK(compounds("FlashAttention and DeepSpeed") ==
          Pairs{{"FlashAttention", "Flash Attention"}, {"DeepSpeed", "Deep Speed"}});
    CHECK(compounds("GPT-4") == Pairs{{"GPT4", "GPT 4"}});
    // Not: number ranges, three or more parts, CamelCase parts under three letters.
    CHECK(compounds("pages 10-20").empty());
    CHECK(compounds("state-of-the-art results").empty());
    CHECK(compounds("PyTorch and LoRA and iPhone").empty());
    CHECK(compounds("a - b and trailing- and -leading").empty());
}
