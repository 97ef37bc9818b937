#include "indexer/store/lexicon.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "common/text/variants.h"

namespace arxiv {
namespace {

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool lower(char c) { return c >= 'a' && c <= 'z'; }
char fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Words a long form may have that its acronym skips ("mixture of experts"
// is MoE, "reinforcement learning from human feedback" RLHF).
bool stop_word(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {"of",   "and", "for", "the", "to", "in", "on",
                                                               "with", "from", "by", "a",  "an", "via", "at"};
    std::string lowered(w);
    for (char& c : lowered) c = fold(c);
    return words.count(lowered) > 0;
}

// The acronym inside "( ... )": up to a comma or semicolon ("(MoE, Shazeer
// et al.)"), trimmed; empty if it is not one.
std::string_view acronym_in(std::string_view inside) {
    size_t end = inside.find_first_of(",;");
    if (end != std::string_view::npos) inside = inside.substr(0, end);
    while (!inside.empty() && is_space(inside.front())) inside.remove_prefix(1);
    while (!inside.empty() && is_space(inside.back())) inside.remove_suffix(1);
    std::string_view singular = inside;
    if (singular.size() > 2 && singular.back() == 's' && upper(singular[singular.size() - 2]))
        singular.remove_suffix(1);
    return looks_like_acronym(singular) ? inside : std::string_view();
}

// The letters of an acronym that a long form must account for: its letters
// and digits, lower-cased, without a plural s.
std::string acronym_chars(std::string_view acronym) {
    std::string key = acronym_key(acronym);
    key.erase(std::remove_if(key.begin(), key.end(), [](char c) { return !alnum(c); }), key.end());
    return key;
}

// A word of the window: its span in the text.
struct Span {
    size_t begin, end;
};

// The words (split at spaces and hyphens) of the sentence part just before
// `end`, at most `max_words` of them.
std::vector<Span> window_words(std::string_view text, size_t end, size_t max_words) {
    // The clause the definition is in: after the last sentence mark or
    // bracket ("rate (ASR) of (ASR)" defines nothing the second time).
    size_t start = 0;
    for (size_t i = end; i > 0; --i) {
        const char c = text[i - 1];
        if (c == '(' || c == ')' || c == '[' || c == ']') {
            start = i;
            break;
        }
        if (i > 1 && (text[i - 2] == '.' || text[i - 2] == ';' || text[i - 2] == ':' || text[i - 2] == '!' ||
                      text[i - 2] == '?') && is_space(c)) {
            start = i - 1;
            break;
        }
    }
    std::vector<Span> words;
    size_t i = end;
    while (i > start && words.size() < max_words) {
        while (i > start && (is_space(text[i - 1]) || text[i - 1] == '-')) --i;
        if (i == start) break;
        size_t j = i;
        while (j > start && !is_space(text[j - 1]) && text[j - 1] != '-') --j;
        words.push_back({j, i});
        i = j;
    }
    std::reverse(words.begin(), words.end());
    return words;
}

// First alphanumeric character of a word, lower-cased (words may start
// with quotes or brackets); 0 if none.
char initial(std::string_view word) {
    for (char c : word)
        if (alnum(c)) return fold(c);
    return 0;
}

// The long form whose word initials are the acronym's letters, stop words
// between them allowed; npos if none.
size_t by_initials(std::string_view text, const std::vector<Span>& words, const std::string& letters) {
    size_t need = letters.size();
    for (size_t k = words.size(); k > 0 && need > 0; --k) {
        std::string_view w = text.substr(words[k - 1].begin, words[k - 1].end - words[k - 1].begin);
        if (initial(w) == letters[need - 1]) {
            if (--need == 0) return words[k - 1].begin;
        } else if (!stop_word(w)) {
            return std::string_view::npos;
        }
    }
    return std::string_view::npos;
}

// Schwartz & Hearst: match the acronym's characters right to left in the
// window; the first must start a word. npos if it cannot be matched.
size_t schwartz_hearst(std::string_view text, size_t window_begin, size_t window_end, const std::string& letters) {
    if (letters.empty()) return std::string_view::npos;
    long s = static_cast<long>(letters.size()) - 1;
    long l = static_cast<long>(window_end) - 1;
    const long begin = static_cast<long>(window_begin);
    while (s >= 0) {
        const char c = letters[static_cast<size_t>(s)];
        while (l >= begin &&
               (fold(text[static_cast<size_t>(l)]) != c ||
                (s == 0 && l > begin && alnum(text[static_cast<size_t>(l - 1)]))))
            --l;
        if (l < begin) return std::string_view::npos;
        --l;
        --s;
    }
    // Back to the start of the word holding the first match.
    size_t start = static_cast<size_t>(l + 1);
    while (start > window_begin && !is_space(text[start - 1]) && text[start - 1] != '-') --start;
    return start;
}

}  // namespace

std::vector<AcronymDefinition> find_definitions(std::string_view text) {
    std::vector<AcronymDefinition> out;
    for (size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
        size_t close = text.find(')', open + 1);
        if (close == std::string_view::npos || close - open > 16) continue;
        std::string_view inside = text.substr(open + 1, close - open - 1);
        if (inside.find('(') != std::string_view::npos) continue;
        std::string_view acronym = acronym_in(inside);
        if (acronym.empty()) continue;
        const std::string letters = acronym_chars(acronym);
        size_t end = open;
        while (end > 0 && is_space(text[end - 1])) --end;
        const size_t max_words = std::min(letters.size() + 5, letters.size() * 2);
        std::vector<Span> words = window_words(text, end, max_words);
        if (words.size() < 2) continue;
        size_t start = by_initials(text, words, letters);
        if (start == std::string_view::npos) start = schwartz_hearst(text, words.front().begin, end, letters);
        if (start == std::string_view::npos) continue;
        std::string_view long_form = text.substr(start, end - start);
        // At least two words, longer than the acronym, not the acronym itself.
        size_t word_count = 0;
        for (const Span& w : words) word_count += w.begin >= start;
        if (word_count < 2 || long_form.size() <= acronym.size()) continue;
        out.push_back({std::string(acronym), std::string(long_form)});
    }
    return out;
}

std::vector<Compound> find_compounds(std::string_view text) {
    std::vector<Compound> out;
    size_t i = 0;
    while (i < text.size()) {
        if (!alnum(text[i])) {
            ++i;
            continue;
        }
        // One token: alphanumeric runs joined by single hyphens (the first
        // two kept: only two-part tokens are compounds).
        size_t j = i;
        Span parts[2];
        size_t part_count = 0;
        while (true) {
            size_t k = j;
            while (k < text.size() && alnum(text[k])) ++k;
            if (part_count < 2) parts[part_count] = {j, k};
            ++part_count;
            if (k + 1 < text.size() && text[k] == '-' && alnum(text[k + 1])) {
                j = k + 1;
                continue;
            }
            j = k;
            break;
        }
        // Part of a longer word of other scripts: not a token of its own.
        const bool joined_to_more = (i > 0 && static_cast<unsigned char>(text[i - 1]) >= 0x80) ||
                                    (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x80);
        auto part = [&](size_t n) { return text.substr(parts[n].begin, parts[n].end - parts[n].begin); };
        auto numeric = [](std::string_view s) { return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
        if (!joined_to_more && part_count == 2 && !(numeric(part(0)) && numeric(part(1)))) {
            out.push_back({std::string(part(0)) + std::string(part(1)),
                           std::string(part(0)) + " " + std::string(part(1))});
        } else if (!joined_to_more && part_count == 1) {
            // CamelCase: Upper lower+ Upper lower+, each part three letters or more.
            std::string_view w = part(0);
            size_t cut = 0;
            int transitions = 0;
            bool letters_only = std::all_of(w.begin(), w.end(), [](char c) { return upper(c) || lower(c); });
            for (size_t k = 1; letters_only && k < w.size(); ++k)
                if (lower(w[k - 1]) && upper(w[k])) {
                    ++transitions;
                    cut = k;
                }
            if (letters_only && transitions == 1 && upper(w[0]) && cut >= 3 && w.size() - cut >= 3 &&
                std::all_of(w.begin() + 1, w.begin() + cut, lower) && std::all_of(w.begin() + cut + 1, w.end(), lower))
                out.push_back({std::string(w), std::string(w.substr(0, cut)) + " " + std::string(w.substr(cut))});
        }
        i = j;
    }
    return out;
}

}  // namespace arxiv
