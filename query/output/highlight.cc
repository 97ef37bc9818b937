#include "query/output/highlight.h"

#include <algorithm>
#include <cstring>

#include "common/text/analyzer.h"
#include "common/text/text.h"

namespace arxiv {
namespace {

constexpr size_t npos = std::string_view::npos;

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Letters and digits of any script; not punctuation, symbols or spaces.
bool is_word_code_point(char32_t cp) {
    if (cp < 0x80) return is_ascii_alnum(static_cast<char>(cp));
    if (cp <= 0xBF) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // Latin-1 punctuation
    if (cp == 0xD7 || cp == 0xF7) return false;                      // × ÷
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, arrows, maths, symbols
    if (cp >= 0x2E00 && cp <= 0x2E7F) return false;  // supplemental punctuation
    if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
    if (cp >= 0xFE10 && cp <= 0xFE1F) return false;
    if (cp >= 0xFE30 && cp <= 0xFE6F) return false;
    if (cp == 0xFEFF || cp == 0xFFFD) return false;
    if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // fullwidth punctuation
    if (cp >= 0xFF1A && cp <= 0xFF20) return false;
    if (cp >= 0xFF3B && cp <= 0xFF40) return false;
    if (cp >= 0xFF5B && cp <= 0xFF65) return false;
    return true;
}

// End of a letter or digit code point starting at p, or npos.
size_t word_code_point(std::string_view s, size_t p) {
    if (p >= s.size()) return npos;
    size_t q = p;
    char32_t cp = next_code_point(s, q);
    return is_word_code_point(cp) ? q : npos;
}

// A TeX letter command ("\o", "\ss", "\TH": common/text's tex_letter) at p
// (a backslash): end of the command, or npos.
size_t letter_command(std::string_view s, size_t p) {
    if (p + 1 >= s.size() || s[p] != '\\') return npos;
    size_t q = p + 1;
    while (q < s.size() && is_ascii_alpha(s[q])) ++q;
    return tex_letter(s.substr(p + 1, q - p - 1)) ? q : npos;
}

// A TeX accent at p (a backslash): \'e, \"{o}, \^{\i}, \c{c}, \H{o} ...
// Returns the end of the accented letter, or npos.
size_t tex_accent(std::string_view s, size_t p) {
    if (p + 2 >= s.size() || s[p] != '\\') return npos;
    char c = s[p + 1];
    size_t q = p + 2;
    if (!tex_accent_mark(s.substr(p + 1, 1))) return npos;
    // A letter accent (\c, \v, \u ...) only with its letter braced: "\cite".
    if (is_ascii_alpha(c) && s[q] != '{') return npos;
    bool braced = s[q] == '{';
    if (braced) ++q;
    size_t end = word_code_point(s, q);
    if (end == npos) {
        end = letter_command(s, q);  // \'{\i}
        if (end == npos || end - q != 2 || (s[q + 1] != 'i' && s[q + 1] != 'j')) return npos;
    }
    if (braced) {
        if (end >= s.size() || s[end] != '}') return npos;
        ++end;
    }
    return end;
}

// One piece of a word at p: a letter or digit, a TeX accent, or a braced
// accent or letter command ("{\"o}", "{\o}"). Returns its end, or npos.
size_t word_part(std::string_view s, size_t p) {
    if (p >= s.size()) return npos;
    if (size_t e = word_code_point(s, p); e != npos) return e;
    if (s[p] == '\\') return tex_accent(s, p);
    if (s[p] == '{' && p + 1 < s.size() && s[p + 1] == '\\') {
        size_t e = tex_accent(s, p + 1);
        if (e == npos) e = letter_command(s, p + 1);
        if (e != npos && e < s.size() && s[e] == '}') return e + 1;
    }
    return npos;
}

// Length of an apostrophe or hyphen joining two parts of a word at p, or 0.
size_t joiner_length(std::string_view s, size_t p) {
    if (p >= s.size()) return 0;
    if (s[p] == '\'' || s[p] == '-') return 1;
    if (s.compare(p, 3, "\xE2\x80\x99") == 0) return 3;  // ’
    if (s.compare(p, 3, "\xE2\x80\x90") == 0) return 3;  // ‐ (U+2010)
    return 0;
}

bool is_sentence_end(std::string_view chunk) {
    while (!chunk.empty() && std::strchr(")]\"'", chunk.back())) chunk.remove_suffix(1);
    if (chunk.size() >= 3 && chunk.compare(chunk.size() - 3, 3, "\xE2\x80\x9D") == 0)
        chunk.remove_suffix(3);  // ”
    if (chunk.empty()) return false;
    char last = chunk.back();
    if (last != '.' && last != '!' && last != '?') return false;
    std::string lower;
    for (char c : chunk) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    static const char* const abbreviations[] = {"e.g.", "i.e.", "al.", "vs.", "cf.",
                                                "fig.", "eq.", "resp.", "(e.g.", "(i.e.",
                                                "(cf.", "ref.", "sec."};
    for (const char* a : abbreviations)
        if (lower == a) return false;
    return true;
}

bool starts_sentence_like(std::string_view chunk) {
    return !chunk.empty() && !(chunk[0] >= 'a' && chunk[0] <= 'z');
}

const char kEllipsis[] = "\xE2\x80\xA6";  // …

}  // namespace

std::vector<TextSpan> split_words(std::string_view s) {
    std::vector<TextSpan> words;
    size_t i = 0;
    while (i < s.size()) {
        size_t end = word_part(s, i);
        if (end == npos) {
            if (s[i] == '\\' && i + 1 < s.size() && is_ascii_alpha(s[i + 1])) {
                // A TeX command is a word of its own ("\alpha"); analysis
                // decides whether it means anything.
                size_t j = i + 1;
                while (j < s.size() && is_ascii_alpha(s[j])) ++j;
                words.push_back({i, j});
                i = j;
                continue;
            }
            next_code_point(s, i);
            continue;
        }
        size_t start = i;
        for (;;) {
            if (size_t e = word_part(s, end); e != npos) {
                end = e;
                continue;
            }
            if (size_t j = joiner_length(s, end)) {
                if (size_t e = word_part(s, end + j); e != npos) {
                    end = e;
                    continue;
                }
            }
            break;
        }
        words.push_back({start, end});
        i = end;
    }
    return words;
}

TermMatcher::TermMatcher(const std::vector<std::string>& text_terms,
                         const std::vector<std::string>& name_terms,
                         const std::vector<std::string>& text_prefixes,
                         const std::vector<std::string>& name_prefixes,
                         const std::vector<std::vector<std::string>>& text_phrases)
    : text_terms_(text_terms.begin(), text_terms.end()),
      name_terms_(name_terms.begin(), name_terms.end()),
      text_prefixes_(text_prefixes),
      name_prefixes_(name_prefixes),
      text_phrases_(text_phrases) {}

TermMatcher TermMatcher::for_text(const MatchTerms& m) {
    return TermMatcher(m.text_terms, {}, m.text_prefixes, {}, m.text_phrases);
}

void TermMatcher::mark_phrases(std::string_view text, const std::vector<TextSpan>& words,
                               std::vector<bool>& hit) const {
    if (text_phrases_.empty()) return;
    struct Token {
        const std::string* term;
        size_t word;
    };
    std::vector<Token> tokens;
    for (size_t w = 0; w < words.size(); ++w) {
        std::string word(text.substr(words[w].begin, words[w].end - words[w].begin));
        auto it = word_terms_.find(word);
        if (it == word_terms_.end()) it = word_terms_.emplace(word, analyze_terms(word, true)).first;
        for (const std::string& t : it->second) tokens.push_back({&t, w});
    }
    for (const std::vector<std::string>& phrase : text_phrases_) {
        for (size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
            // Whole words only: from a word's first term to a word's last.
            if (i > 0 && tokens[i - 1].word == tokens[i].word) continue;
            const size_t last = i + phrase.size() - 1;
            if (last + 1 < tokens.size() && tokens[last + 1].word == tokens[last].word) continue;
            bool match = true;
            for (size_t k = 0; k < phrase.size() && match; ++k) match = *tokens[i + k].term == phrase[k];
            if (match)
                for (size_t k = i; k <= last; ++k) hit[tokens[k].word] = true;
        }
    }
}

TermMatcher TermMatcher::for_names(const MatchTerms& m) {
    return TermMatcher({}, m.name_terms, {}, m.name_prefixes);
}

namespace {

bool starts_with_any(const std::string& term, const std::vector<std::string>& prefixes) {
    for (const std::string& p : prefixes)
        if (term.compare(0, p.size(), p) == 0) return true;
    return false;
}

}  // namespace

bool TermMatcher::matches(std::string_view word) const {
    if (empty() || word.empty()) return false;
    std::string key(word);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    bool hit = false;
    if (!text_terms_.empty() || !text_prefixes_.empty())
        for (const std::string& t : analyze_terms(word, true))
            if (text_terms_.count(t) || starts_with_any(t, text_prefixes_)) {
                hit = true;
                break;
            }
    if (!hit && (!name_terms_.empty() || !name_prefixes_.empty()))
        for (const std::string& t : analyze_terms(word, false))
            if (name_terms_.count(t) || starts_with_any(t, name_prefixes_)) {
                hit = true;
                break;
            }
    cache_.emplace(std::move(key), hit);
    return hit;
}

std::vector<bool> matched_authors(const std::vector<std::string>& authors, const MatchTerms& m) {
    std::vector<bool> out(authors.size(), false);
    if (m.names.empty() && m.name_prefixes.empty()) return out;
    for (size_t a = 0; a < authors.size(); ++a) {
        const std::vector<std::string> words = analyze_terms(authors[a], false);
        auto holds = [&](const std::string& w) {
            for (const std::string& x : words)
                if (x == w || (w.size() == 1 && x[0] == w[0])) return true;
            return false;
        };
        bool hit = false;
        for (const std::vector<std::string>& name : m.names) {
            hit = !name.empty() && std::all_of(name.begin(), name.end(), holds);
            if (hit) break;
        }
        for (size_t k = 0; !hit && k < words.size(); ++k) hit = starts_with_any(words[k], m.name_prefixes);
        out[a] = hit;
    }
    return out;
}

std::vector<size_t> shown_authors(const std::vector<bool>& matched, size_t most, size_t least_first) {
    const size_t n = matched.size();
    size_t later = 0;  // matched authors after the first `most`
    for (size_t i = most; i < n; ++i) later += matched[i];
    const size_t head = n <= most ? n : std::max(least_first, most - std::min(later, most));
    std::vector<size_t> out;
    for (size_t i = 0; i < n; ++i)
        if (i < head || matched[i]) out.push_back(i);
    return out;
}

std::vector<TextSpan> find_matches(std::string_view text, const TermMatcher& matcher) {
    std::vector<TextSpan> out;
    if (matcher.empty()) return out;
    const std::vector<TextSpan> words = split_words(text);
    std::vector<bool> hit(words.size());
    for (size_t w = 0; w < words.size(); ++w) hit[w] = matcher.matches(text.substr(words[w].begin, words[w].end - words[w].begin));
    matcher.mark_phrases(text, words, hit);
    for (size_t w = 0; w < words.size(); ++w)
        if (hit[w]) out.push_back(words[w]);
    return out;
}

std::vector<std::string> matched_words(std::string_view text, const TermMatcher& matcher) {
    std::vector<std::string> out;
    for (const TextSpan& w : find_matches(text, matcher))
        out.emplace_back(text.substr(w.begin, w.end - w.begin));
    return out;
}

Snippet make_snippet(std::string_view text, const TermMatcher& matcher, size_t max_chars) {
    std::string flat(text);
    for (char& c : flat)
        if (is_space(c)) c = ' ';
    const std::vector<TextSpan> matches = find_matches(flat, matcher);

    // Whitespace-separated chunks: the only places a snippet is cut.
    struct Chunk {
        size_t b, e;    // bytes
        size_t cb, ce;  // code points
        size_t score = 0;
    };
    std::vector<Chunk> chunks;
    {
        size_t cps = 0;
        size_t i = 0;
        while (i < flat.size()) {
            if (flat[i] == ' ') {
                ++i;
                ++cps;
                continue;
            }
            Chunk c{i, i, cps, cps};
            while (i < flat.size() && flat[i] != ' ') {
                if ((static_cast<unsigned char>(flat[i]) & 0xC0) != 0x80) ++cps;
                ++i;
            }
            c.e = i;
            c.ce = cps;
            chunks.push_back(c);
        }
        size_t k = 0;
        for (const TextSpan& m : matches) {
            while (k < chunks.size() && chunks[k].e <= m.begin) ++k;
            if (k < chunks.size()) ++chunks[k].score;
        }
    }

    Snippet snippet;
    if (chunks.empty()) return snippet;
    const size_t last = chunks.size() - 1;
    size_t first = 0, stop = last;  // chosen window: chunks[first..stop]

    auto sentence_start = [&](size_t i) {
        if (i == 0) return true;
        const Chunk& prev = chunks[i - 1];
        const Chunk& cur = chunks[i];
        return is_sentence_end(std::string_view(flat).substr(prev.b, prev.e - prev.b)) &&
               starts_sentence_like(std::string_view(flat).substr(cur.b, cur.e - cur.b));
    };

    if (max_chars != 0 && chunks[last].ce - chunks[0].cb > max_chars) {
        // For every start chunk, the last chunk that still fits (at least the
        // start itself) and the matched words inside.
        const size_t n = chunks.size();
        std::vector<size_t> end_of(n), score_of(n);
        std::vector<size_t> prefix(n + 1, 0);
        for (size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + chunks[i].score;
        size_t j = 0;
        size_t best = 0;
        for (size_t i = 0; i < n; ++i) {
            if (j < i) j = i;
            while (j + 1 < n && chunks[j + 1].ce - chunks[i].cb <= max_chars) ++j;
            end_of[i] = j;
            score_of[i] = prefix[j + 1] - prefix[i];
            best = std::max(best, score_of[i]);
        }
        if (best == 0) {
            first = 0;
        } else {
            // Of the windows with the most matches: one starting at the
            // sentence holding its first match, if that sentence start is not
            // too far before the match; otherwise one giving the first match
            // a little context before it.
            const size_t context = max_chars / 5;
            bool found_sentence = false;
            size_t pick = n, pick_gap = 0, pick_dist = 0;
            for (size_t i = 0; i < n; ++i) {
                if (score_of[i] != best) continue;
                size_t m = i;
                while (chunks[m].score == 0) ++m;
                size_t gap = chunks[m].cb - chunks[i].cb;
                if (sentence_start(i) && gap <= max_chars / 2) {
                    if (!found_sentence || gap < pick_gap) {
                        found_sentence = true;
                        pick = i;
                        pick_gap = gap;
                    }
                    continue;
                }
                if (found_sentence) continue;
                size_t dist = gap > context ? gap - context : context - gap;
                if (pick == n || dist < pick_dist) {
                    pick = i;
                    pick_dist = dist;
                }
            }
            first = pick;
        }
        stop = end_of[first];
        // A window that reaches the end may start earlier and use the room
        // left, preferably at a sentence start.
        if (stop == last && first > 0) {
            size_t earliest = first;
            while (earliest > 0 && chunks[last].ce - chunks[earliest - 1].cb <= max_chars)
                --earliest;
            size_t chosen = earliest;
            for (size_t i = earliest; i <= first; ++i)
                if (sentence_start(i)) {
                    chosen = i;
                    break;
                }
            first = chosen;
        }
    }

    size_t body_begin = chunks[first].b;
    size_t body_end = chunks[stop].e;
    bool hard_cut = false;
    if (max_chars != 0 && first == stop && chunks[first].ce - chunks[first].cb > max_chars) {
        // One overlong chunk (a URL, a formula): cut it between characters.
        size_t i = body_begin;
        for (size_t cps = 0; cps < max_chars && i < body_end; ++cps) next_code_point(flat, i);
        body_end = i;
        hard_cut = true;
    }

    snippet.cut_start = first > 0;
    snippet.cut_end = stop < last || hard_cut;
    if (snippet.cut_start) {
        snippet.text += kEllipsis;
        snippet.text += ' ';
    }
    const size_t shift = snippet.text.size();
    snippet.text.append(flat, body_begin, body_end - body_begin);
    for (const TextSpan& m : matches) {
        if (m.begin < body_begin || m.end > body_end) continue;
        TextSpan s{m.begin - body_begin + shift, m.end - body_begin + shift};
        snippet.spans.push_back(s);
        snippet.words.push_back(snippet.text.substr(s.begin, s.end - s.begin));
    }
    if (snippet.cut_end) {
        if (!hard_cut) snippet.text += ' ';
        snippet.text += kEllipsis;
    }
    return snippet;
}

Snippet make_snippet(std::string_view text, const std::vector<std::string>& text_terms,
                     const std::vector<std::string>& name_terms, size_t max_chars) {
    TermMatcher matcher(text_terms, name_terms);
    return make_snippet(text, matcher, max_chars);
}

std::string mark_spans(std::string_view text, const std::vector<TextSpan>& spans,
                       std::string_view open, std::string_view close) {
    std::string out;
    out.reserve(text.size() + spans.size() * (open.size() + close.size()));
    size_t pos = 0;
    for (const TextSpan& s : spans) {
        if (s.begin < pos || s.end > text.size() || s.begin > s.end) continue;
        out.append(text, pos, s.begin - pos);
        out.append(open);
        out.append(text, s.begin, s.end - s.begin);
        out.append(close);
        pos = s.end;
    }
    out.append(text, pos, npos);
    return out;
}

namespace {

// The same word, or one of them its plural: "cache"/"caches",
// "query"/"queries", "box"/"boxes".
bool same_or_plural(const std::string& a, const std::string& b) {
    if (a == b) return true;
    const std::string& shorter = a.size() < b.size() ? a : b;
    const std::string& longer = a.size() < b.size() ? b : a;
    if (longer.compare(0, shorter.size(), shorter) == 0) {
        const std::string tail = longer.substr(shorter.size());
        return tail == "s" || tail == "es";
    }
    return shorter.size() >= 2 && shorter.back() == 'y' && longer.size() == shorter.size() + 2 &&
           longer.compare(0, shorter.size() - 1, shorter, 0, shorter.size() - 1) == 0 &&
           longer.compare(shorter.size() - 1, 3, "ies") == 0;
}

}  // namespace

const PhraseFinder::WordTerms& PhraseFinder::terms_of(std::string_view word) {
    auto [it, inserted] = cache_.try_emplace(std::string(word));
    if (inserted) {
        it->second.stemmed = analyze_terms(word, true);
        it->second.plain = analyze_terms(word, false);
        // Both come from one split of the word; keep them parallel.
        if (it->second.plain.size() != it->second.stemmed.size()) it->second.plain = it->second.stemmed;
    }
    return it->second;
}

std::vector<PhraseMatch> PhraseFinder::find(std::string_view text, const std::vector<std::string>& stemmed,
                                            const std::vector<std::string>& written) {
    std::vector<PhraseMatch> out;
    if (stemmed.empty()) return out;
    // The text as a sequence of terms, each knowing its word.
    struct Token {
        const std::string* stemmed;
        const std::string* plain;
        size_t word;
    };
    const std::vector<TextSpan> words = split_words(text);
    std::vector<Token> tokens;
    for (size_t w = 0; w < words.size(); ++w) {
        const WordTerms& t = terms_of(text.substr(words[w].begin, words[w].end - words[w].begin));
        for (size_t k = 0; k < t.stemmed.size(); ++k) tokens.push_back({&t.stemmed[k], &t.plain[k], w});
    }
    const bool compare_written = written.size() == stemmed.size();
    for (size_t i = 0; i + stemmed.size() <= tokens.size(); ++i) {
        // A match starts at a word's first term and ends at a word's last.
        if (i > 0 && tokens[i - 1].word == tokens[i].word) continue;
        bool match = true, as_written = true;
        for (size_t k = 0; k < stemmed.size() && match; ++k) {
            match = *tokens[i + k].stemmed == stemmed[k];
            if (compare_written) as_written = as_written && same_or_plural(*tokens[i + k].plain, written[k]);
        }
        const size_t last = i + stemmed.size() - 1;
        if (!match || (last + 1 < tokens.size() && tokens[last + 1].word == tokens[last].word)) continue;
        TextSpan span{words[tokens[i].word].begin, words[tokens[last].word].end};
        // "key-value (KV) cache": a bracket the words enclose is quoted whole.
        const std::string_view inside = text.substr(span.begin, span.end - span.begin);
        if (inside.find(')') < inside.find('(') && span.begin > 0 && text[span.begin - 1] == '(') --span.begin;
        if (inside.rfind('(') != std::string_view::npos &&
            (inside.rfind(')') == std::string_view::npos || inside.rfind(')') < inside.rfind('(')) &&
            span.end < text.size() && text[span.end] == ')')
            ++span.end;
        out.push_back({span, as_written});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const PhraseMatch& a, const PhraseMatch& b) { return a.as_written > b.as_written; });
    return out;
}

}  // namespace arxiv
