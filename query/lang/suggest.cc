#include "query/lang/suggest.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <vector>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"

namespace arxiv {
namespace {

// Title, abstract, or a composite of fields with them (text, all).
bool text_field(const QueryNode& n) {
    const schema::Field& f = n.field ? *n.field : schema::default_field();
    return f.kind == schema::Kind::Text || f.kind == schema::Kind::Composite;
}

// Papers with the word's term in their title or abstract (an upper bound).
Xapian::doccount papers_with(const Xapian::Database& db, const std::string& word) {
    const std::vector<std::string> terms = analyze_terms(word, true);
    if (terms.size() != 1) return 0;
    Xapian::doccount n = 0;
    for (const char* field : {"title", "abstract"})
        n += db.get_termfreq(std::string(schema::field(field).prefix) + terms[0]);
    return n;
}

// The word of the spelling table one edit away from `word` (a letter
// inserted, deleted or replaced, or two neighbours swapped: "langauge" ->
// "language") that papers write most often; empty when none is there. The
// few hundred candidates are read in order through one iterator.
std::string commonest_neighbour(const Xapian::Database& db, const std::string& word) {
    std::vector<std::string> candidates;
    for (size_t i = 0; i <= word.size(); ++i) {
        for (char c = 'a'; c <= 'z'; ++c) {
            candidates.push_back(word.substr(0, i) + c + word.substr(i));                          // insert
            if (i < word.size() && c != word[i]) candidates.push_back(word.substr(0, i) + c + word.substr(i + 1));  // replace
        }
        if (i < word.size()) candidates.push_back(word.substr(0, i) + word.substr(i + 1));  // delete
        if (i + 1 < word.size() && word[i] != word[i + 1]) {
            std::string swapped = word;
            std::swap(swapped[i], swapped[i + 1]);
            candidates.push_back(std::move(swapped));
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::string best;
    Xapian::doccount best_count = 0;
    Xapian::TermIterator it = db.spellings_begin();
    const Xapian::TermIterator end = db.spellings_end();
    for (const std::string& c : candidates) {
        it.skip_to(c);
        if (it == end) break;
        if (*it == c && it.get_termfreq() > best_count) {
            best = c;
            best_count = it.get_termfreq();
        }
    }
    return best;
}

// The commoner spelling of one word as typed, in its case pattern ("Trnasformer"
// -> "Transformer"); empty when there is none.
std::string better_spelling(const Xapian::Database& db, const std::string& word,
                            const std::set<std::string>& understood) {
    if (word.size() < 4 || word.size() > 30) return "";
    if (!std::all_of(word.begin(), word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
        return "";
    std::string lowered = word;
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // All capitals is an acronym: not a misspelling of a word.
    if (std::none_of(word.begin(), word.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); }))
        return "";
    if (understood.count(lowered)) return "";
    // A surname is a name, not a misspelt word ("yoshua bengio" is not
    // "benign").
    if (db.get_termfreq(std::string(schema::field("author").prefix) + lowered) > 0) return "";
    const Xapian::doccount typed = papers_with(db, lowered);
    std::string better;
    if (typed <= kRareWordPapers) {
        better = db.get_spelling_suggestion(lowered, 2);
        if (better.empty() || better == lowered) return "";
        if (papers_with(db, better) < std::max<Xapian::doccount>(kSuggestionFactor, kSuggestionFactor * typed))
            return "";
    } else {
        // Xapian suggests nothing for a word its spelling table holds, so
        // the neighbours are looked up here.
        if (lowered.size() < 5 || typed > kMaxSharedTypoPapers) return "";
        better = commonest_neighbour(db, lowered);
        if (better.empty()) return "";
        const Xapian::doccount neighbour = papers_with(db, better);
        if (neighbour < kCommonNeighbourPapers || neighbour < kCommonNeighbourFactor * typed) return "";
    }
    if (std::isupper(static_cast<unsigned char>(word[0]))) better[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(better[0])));
    return better;
}

// Words of a leaf with their byte offsets in the query.
void collect(const QueryNode& n, const std::string& query, const Xapian::Database& db,
             const std::set<std::string>& understood, std::map<size_t, std::pair<size_t, std::string>>& fixes) {
    for (const auto& c : n.children) collect(*c, query, db, understood, fixes);
    for (const auto& c : n.excluded) collect(*c, query, db, understood, fixes);
    if ((n.kind != QueryNode::Kind::Word && n.kind != QueryNode::Kind::Phrase) || n.exact || !text_field(n)) return;
    // The leaf's text as it stands in the query (a phrase after its quote).
    const size_t at = query.find(n.text, n.position);
    if (at == std::string::npos) return;
    for (size_t i = 0; i < n.text.size();) {
        while (i < n.text.size() && !std::isalpha(static_cast<unsigned char>(n.text[i]))) ++i;
        size_t j = i;
        while (j < n.text.size() && std::isalnum(static_cast<unsigned char>(n.text[j]))) ++j;
        if (j > i) {
            std::string better = better_spelling(db, n.text.substr(i, j - i), understood);
            if (!better.empty()) fixes[at + i] = {j - i, better};
        }
        i = j;
    }
}

}  // namespace

std::optional<std::string> suggest_query(const std::string& query, const QueryNode& tree,
                                         const Xapian::Database& db,
                                         const std::vector<ExpansionNote>& expansions) {
    // The words of every leaf that was expanded, in lower case.
    std::set<std::string> understood;
    for (const ExpansionNote& e : expansions) {
        std::string word;
        for (char c : e.typed + " ") {
            if (std::isalnum(static_cast<unsigned char>(c))) {
                word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            } else if (!word.empty()) {
                understood.insert(word);
                word.clear();
            }
        }
    }
    std::map<size_t, std::pair<size_t, std::string>> fixes;  // offset -> (length, replacement)
    collect(tree, query, db, understood, fixes);
    if (fixes.empty()) return std::nullopt;
    std::string out = query;
    for (auto it = fixes.rbegin(); it != fixes.rend(); ++it) out.replace(it->first, it->second.first, it->second.second);
    return out;
}

}  // namespace arxiv
