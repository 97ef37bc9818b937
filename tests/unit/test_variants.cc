// The written variants folded at index and query time, each with the false
// merges it must not make.
#include <catch2/catch.hpp>

#include "common/text/analyzer.h"
#include "common/text/variants.h"

using namespace arxiv;

namespace {
// The stemmed terms of a text, as the index holds them.
std::vector<std::string> terms(const std::string& text) { return analyze_terms(text, true); }
bool same(const std::string& a, const std::string& b) { return terms(a) == terms(b); }
}  // namespace

TEST_CASE("plurals of acronyms are the acronym", "[variants]") {
    for (const char* plural : {"LLMs", "VLMs", "MLLMs", "LVLMs", "LRMs", "GNNs", "CNNs", "PRMs", "dLLMs", "GPUs",
                               "LoRAs", "MoEs", "ViTs", "NeRFs", "PhDs", "APIs", "DNAs", "FPGAs", "PCAs", "T2Is"}) {
        std::string singular(plural);
        singular.pop_back();
        INFO(plural);
        CHECK(same(plural, singular));
        CHECK(mark_acronyms(std::string("Large ") + plural + ", and more") ==
              "Large " + singular + "_, and more");
    }
    CHECK(same("Post-Training Quantization for LLMs", "post-training quantization for LLM"));
    CHECK(same("\"LLMs'\" outputs", "LLM outputs"));
}

TEST_CASE("words that only look like acronym plurals are kept", "[variants]") {
    for (const char* word : {"SARS", "iOS", "GaAs", "InGaAs", "AlGaAs", "InAs", "CdS", "MoS2", "NEEDS", "WSe2", "TiO2"}) {
        INFO(word);
        CHECK(mark_acronyms(word) == std::string(word) + "_");  // an acronym, kept whole
    }
    for (const char* word : {"ATTENTION", "Ms", "Transformers", "analysis", "Bs", "A", "2D"}) {
        INFO(word);
        CHECK(mark_acronyms(word) == word);  // not an acronym
    }
    CHECK(!same("SARS", "SAR"));
    CHECK(!same("GaAs", "GaA"));
    CHECK(!same("iOS", "iO"));
    // All-caps titles stem like any text: the plural s of ordinary words goes.
    CHECK(same("ATTENTION IS ALL YOU NEED", "attention is all you need"));
    // Inside words of other scripts nothing is cut.
    CHECK(mark_acronyms("\xC3\xA9LLMs") == "\xC3\xA9LLMs");
    CHECK(mark_acronyms("ATTENTION IS ALL YOU NEED") == "ATTENTION IS ALL YOU NEED");
    CHECK(mark_acronyms("RAG and QA") == "RAG_ and QA_");
    CHECK(!same("SARS", "sar"));
    CHECK(!same("AIMS", "aims"));  // the acronym is not the word
    CHECK(same("LLM", "llm"));     // but an acronym typed in lower case still finds it when Snowball keeps it
}

TEST_CASE("British and American spellings are one word", "[variants]") {
    const std::vector<std::pair<const char*, const char*>> pairs = {
        {"quantisation", "quantization"}, {"optimisations", "optimizations"}, {"optimise", "optimize"},
        {"optimised", "optimized"},       {"optimising", "optimizing"},       {"optimiser", "optimizer"},
        {"tokenisers", "tokenizers"},     {"normalisation", "normalization"}, {"recognisable", "recognizable"},
        {"polarise", "polarize"},         {"summarised", "summarized"},       {"analyse", "analyze"},
        {"analysed", "analyzed"},         {"catalysing", "catalyzing"},       {"modelling", "modeling"},
        {"labelled", "labeled"},          {"travellers", "travelers"},        {"signalling", "signaling"},
        {"behaviour", "behavior"},        {"behavioural", "behavioral"},      {"neighbourhood", "neighborhood"},
        {"favourite", "favorite"},        {"colours", "colors"},              {"tumour", "tumor"},
        {"centre", "center"},             {"centred", "centered"},            {"fibres", "fibers"},
        {"nanometres", "nanometers"},     {"defence", "defense"},             {"licence", "license"},
        {"catalogue", "catalog"},         {"analogue", "analog"},             {"grey", "gray"},
        {"greyscale", "grayscale"},       {"programme", "program"},           {"artefacts", "artifacts"},
        {"ageing", "aging"},              {"judgement", "judgment"},          {"haemoglobin", "hemoglobin"},
        {"anaesthesia", "anesthesia"},    {"oesophagus", "esophagus"},        {"palaeoclimate", "paleoclimate"},
        {"paediatric", "pediatric"},      {"aluminium", "aluminum"},          {"fulfil", "fulfill"},
        {"sceptical", "skeptical"},       {"manoeuvre", "maneuver"},          {"unsupervised", "unsupervised"},
    };
    for (const auto& [british, american] : pairs) {
        INFO(british << " / " << american);
        CHECK(same(british, american));
    }
    // Phrases hold across the forms.
    CHECK(same("post-training quantisation of large language models", "post-training quantization of large language models"));
}

TEST_CASE("spelling rules make no false merges", "[variants]") {
    // Words that are -ise in American English too, -our words that are not
    // British, and short -ll- words, stay apart from their look-alikes.
    const std::vector<std::pair<const char*, const char*>> apart = {
        {"four", "for"},       {"hour", "hor"},         {"tour", "tor"},          {"pour", "por"},
        {"your", "yor"},       {"prise", "prize"},      {"telling", "teling"},    {"spelled", "speled"},
        {"central", "center"}, {"spectral", "specter"}, {"crises", "crizes"},
    };
    for (const auto& [a, b] : apart) {
        INFO(a << " / " << b);
        CHECK(!same(a, b));
    }
    for (const char* word : {"exercise", "promise", "supervised", "advertise", "precise", "noise", "denoising",
                             "otherwise", "pairwise", "surprising", "enterprise", "comprises", "revised", "raised",
                             "rising", "arising", "expertise", "franchise", "compromised", "premises", "wise"}) {
        INFO(word);
        CHECK(fold_spelling(word) == word);
    }
    CHECK(fold_spelling("four") == "four");
    CHECK(fold_spelling("contour") == "contour");
    CHECK(fold_spelling("telling") == "telling");
    CHECK(fold_spelling("calling") == "calling");
    CHECK(fold_spelling("central") == "central");
}

TEST_CASE("acronym shape and key", "[variants]") {
    for (const char* a : {"LLM", "MoE", "CoT", "dLLMs", "ViT", "T2I", "AI", "KV", "GPT4"}) {
        INFO(a);
        CHECK(looks_like_acronym(a));
    }
    for (const char* w : {"A", "Transformer", "kv", "llm", "2D", "A-B", "VERYLONGACRONYMX"}) {
        INFO(w);
        CHECK(!looks_like_acronym(w));
    }
    CHECK(acronym_key("LLMs") == "llm");
    CHECK(acronym_key("MoE") == "moe");
    CHECK(acronym_key("SARS") == "sars");
}
