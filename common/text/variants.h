// Written variants of one word made one, on both sides of the index: the
// indexer and the query compiler analyse text through the same functions
// (common/text/analyzer), so a variant folded here matches its other forms with
// no query-time expansion, in phrases too.
//
// - Acronyms are not stemmed: a word written with two or more capitals
//   ("SARS", "GaAs", "iOS", "MoE", "LoRA"; all-caps only up to 8 letters)
//   is indexed as written, lower-cased, so SARS is not SAR and GaAs not
//   "gaa" as Snowball would have it. Runs of three or more all-caps words
//   ("ATTENTION IS ALL YOU NEED") are a shouted title, not acronyms.
// - Plurals of acronyms: "LLMs" is "LLM" (Snowball keeps the 's' of a word
//   without vowels). Only a lowercase 's' after an upper-case letter, in a
//   token with at least two capitals, and never a chemical formula ending in
//   arsenic ("GaAs", "InGaAs"); "SARS" and "iOS" end in a capital S.
// - British and American spellings: -isation/-ization, -ise/-ize (with a
//   list of words that are -ise in American English too), -yse/-yze,
//   -our/-or, -tre/-ter, -ence/-ense, -ogue/-og, doubled l before -ing/-ed,
//   ae/oe in medical words, and a short list of single words. Each rule is
//   conservative: a folded form may be a non-word (both sides fold alike, so
//   that is harmless), but never another word.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

// Text with acronym plurals made singular and every acronym followed by
// kAcronymMark, which the stemmer (common/text/analyzer) takes to mean "index as
// written": Xapian's tokenizer keeps '_' inside a word and lower-cases it,
// so the stemmer sees "sars_" for SARS and "sars" for the word sars.
constexpr char kAcronymMark = '_';
std::string mark_acronyms(std::string_view text);

// A word the stemmer was given: an acronym marked by mark_acronyms() comes
// back without its mark (and without a possessive "'s"), so it is not
// stemmed; nullopt for any other word.
std::optional<std::string> marked_acronym(std::string_view word);

// One lower-case word with British spelling made American ("optimisation"
// -> "optimization", "modelling" -> "modeling", "behaviour" -> "behavior");
// any other word unchanged.
std::string fold_spelling(std::string_view word);

// Whether a word as written looks like an acronym: two or more capitals
// among at most 12 letters and digits, starting with a letter, and no three
// lower-case letters in a row ("LLM", "MoE", "CoT", "dLLMs", "ViT", "T2I",
// "LLaMA"); "AI" counts, "A", "Transformer" and CamelCase words
// ("FlashAttention", "PyTorch") do not.
bool looks_like_acronym(std::string_view word);

// The key an acronym is looked up by: lower case, plural dropped
// ("LLMs" -> "llm", "MoE" -> "moe").
std::string acronym_key(std::string_view word);

// Digit compounds: "sim2real" is "sim to real", "text2image" "text to
// image", "seq2seq" "seq to seq", "net4fun" "net for fun" (2 = to, 4 =
// for). The parts of such a word (letters, one 2 or 4, letters; each side
// at least two letters), lower-cased, with the digit spelt out:
// {"sim", "to", "real"}; empty for any other word ("gpt4", "l2", "4k").
std::vector<std::string> digit_compound_parts(std::string_view word);

// The other way: "sim" "to" "real" -> "sim2real"; empty unless the middle
// word is "to" or "for" and the outer ones are letters (two or more).
std::string digit_compound(std::string_view left, std::string_view middle, std::string_view right);

}  // namespace arxiv
