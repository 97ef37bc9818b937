#include "common/analyzer.h"

#include <algorithm>
#include <utility>

#include "common/text.h"

namespace arxiv {

const Xapian::Stem& text_stemmer() {
    static const Xapian::Stem stemmer("english");
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

void index_text(Xapian::TermGenerator& gen, std::string_view text, std::string_view prefix) {
    gen.index_text(index_form(text), 1, std::string(prefix));
}

std::vector<std::string> analyze_terms(std::string_view text, bool stem) {
    static thread_local Xapian::TermGenerator stem_gen = make_term_generator(true);
    static thread_local Xapian::TermGenerator name_gen = make_term_generator(false);
    Xapian::TermGenerator& gen = stem ? stem_gen : name_gen;
    Xapian::Document scratch;
    gen.set_document(scratch);
    gen.set_termpos(0);
    gen.index_text(index_form(text));
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

}  // namespace arxiv
