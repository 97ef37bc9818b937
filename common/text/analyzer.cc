#include "common/text/analyzer.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "common/text/text.h"
#include "common/text/variants.h"

namespace arxiv {

namespace {

// What Xapian's tokenizer sees: the index form of the text (TeX, diacritics)
// and, for stemmed text, acronyms marked and made singular ("LLMs" ->
// "LLM_"; common/text/variants.h). Names are neither stemmed nor marked.
std::string searchable(std::string_view text, bool stemmed) {
    return stemmed ? mark_acronyms(index_form(text)) : index_form(text);
}

// Snowball stemming is a fifth of indexing time, and arXiv text repeats a
// small vocabulary: remember each word's stem. One cache per thread (a
// Xapian::Stem is not thread-safe), bounded so memory stays flat.
class CachedEnglishStem : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override {
        auto it = cache_.find(word);
        if (it != cache_.end()) return it->second;
        if (cache_.size() >= kMaxEntries) cache_.clear();
        // Acronyms are kept as written; British spellings become American
        // before Snowball (common/text/variants.h).
        std::optional<std::string> acronym = marked_acronym(word);
        return cache_.emplace(word, acronym ? *acronym : stemmer_(fold_spelling(word))).first->second;
    }
    std::string get_description() const override { return "english (cached)"; }

private:
    static constexpr size_t kMaxEntries = 1 << 18;
    Xapian::Stem stemmer_{"english"};
    std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

const Xapian::Stem& text_stemmer() {
    static thread_local const Xapian::Stem stemmer(new CachedEnglishStem);
    return stemmer;
}

Xapian::TermGenerator make_term_generator(bool stem) {
    Xapian::TermGenerator gen;
    if (stem) {
        gen.set_stemmer(text_stemmer());
        // Only stemmed terms, with positions: phrases then match every
        // written variant ("KV cache", "KV caches", "KV caching") and the
        // index holds one term per word, not two.
        gen.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    } else {
        gen.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    }
    return gen;
}

void index_text(Xapian::TermGenerator& gen, std::string_view text, std::string_view prefix, bool stemmed,
                Xapian::termcount wdf_inc) {
    gen.index_text(searchable(text, stemmed), wdf_inc, std::string(prefix));
}

std::string join_terms(const std::vector<std::string>& terms) {
    std::string out;
    for (const std::string& t : terms) {
        if (!out.empty()) out += ' ';
        out += t;
    }
    return out;
}

std::vector<std::string> analyze_terms(std::string_view text, bool stem) {
    static thread_local Xapian::TermGenerator stem_gen = make_term_generator(true);
    static thread_local Xapian::TermGenerator name_gen = make_term_generator(false);
    Xapian::TermGenerator& gen = stem ? stem_gen : name_gen;
    Xapian::Document scratch;
    gen.set_document(scratch);
    gen.set_termpos(0);
    gen.index_text(searchable(text, stem));
    std::vector<std::pair<Xapian::termpos, std::string>> positioned;
    for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t)
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            positioned.emplace_back(*p, *t);
    std::sort(positioned.begin(), positioned.end());
    std::vector<std::string> terms;
    terms.reserve(positioned.size());
    for (auto& [pos, term] : positioned) terms.push_back(std::move(term));
    return terms;
}

namespace {
size_t surname_index(const std::vector<std::string>& words) {
    size_t surname = words.size() - 1;
    static const char* const suffixes[] = {"jr", "sr", "ii", "iii", "iv"};
    for (const char* suffix : suffixes)
        if (words[surname] == suffix && surname > 1) --surname;
    return surname;
}
}  // namespace

std::string author_initials_key(const std::vector<std::string>& words) {
    if (words.size() < 2) return "";
    return words[0].substr(0, 1) + " " + words[surname_index(words)];
}

bool written_with_initials(const std::vector<std::string>& words) {
    if (words.size() < 2) return false;
    size_t surname = surname_index(words);
    for (size_t i = 0; i < surname; ++i)
        if (words[i].size() != 1) return false;
    return true;
}

}  // namespace arxiv
