#include "query/digest/changes.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace arxiv {
namespace {

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        size_t b = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i > b) words.push_back(s.substr(b, i - b));
    }
    return words;
}

std::string join(const std::vector<std::string_view>& w, size_t b, size_t e) {
    std::string out;
    for (size_t i = b; i < e; ++i) {
        if (i > b) out += ' ';
        out.append(w[i]);
    }
    return out;
}

// Past this many cells the LCS table is not worth its memory; abstracts are
// a few hundred words, so only pathological input gets here.
constexpr std::uint64_t kMaxCells = 4'000'000;

std::string shorten(const std::string& words, size_t max_words = 8) {
    std::vector<std::string_view> w = split_words(words);
    if (w.size() <= max_words) return words;
    return join(w, 0, max_words / 2) + " … " + join(w, w.size() - max_words / 2, w.size());
}

}  // namespace

TextChange diff_words(std::string_view before, std::string_view after) {
    std::vector<std::string_view> a = split_words(before), b = split_words(after);
    TextChange out;
    out.words_before = a.size();
    out.words_after = b.size();
    // The common beginning and end never take part in a change.
    size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
    const size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
    if (n == 0 && m == 0) return out;

    // keep[i][j]: a[pre+i] and b[pre+j] are matched. Walk the LCS table
    // and collect runs of unmatched words as hunks.
    std::vector<std::pair<size_t, size_t>> matches;  // (index in a, index in b)
    if (static_cast<std::uint64_t>(n + 1) * (m + 1) <= kMaxCells) {
        std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                lcs[i][j] = a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1
                                                     : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        size_t i = 0, j = 0;
        while (i < n && j < m) {
            if (a[pre + i] == b[pre + j]) {
                matches.emplace_back(pre + i, pre + j);
                ++i;
                ++j;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                ++i;
            } else {
                ++j;
            }
        }
    }
    matches.emplace_back(a.size() - suf, b.size() - suf);  // sentinel: the common end
    size_t ia = pre, ib = pre;
    for (const auto& [ma, mb] : matches) {
        if (ma > ia || mb > ib) {
            out.hunks.push_back({join(a, ia, ma), join(b, ib, mb)});
            out.removed += ma - ia;
            out.added += mb - ib;
        }
        ia = ma + 1;
        ib = mb + 1;
    }
    return out;
}

std::string describe_hunks(const TextChange& change, size_t max_hunks) {
    std::string out;
    size_t shown = 0;
    for (const WordHunk& h : change.hunks) {
        if (shown == max_hunks) break;
        if (shown++) out += "; ";
        if (h.removed.empty()) out += "+\"" + shorten(h.added) + "\"";
        else if (h.added.empty()) out += "\xE2\x88\x92\"" + shorten(h.removed) + "\"";  // −
        else out += "\"" + shorten(h.removed) + "\" \xE2\x86\x92 \"" + shorten(h.added) + "\"";  // →
    }
    if (change.hunks.size() > shown) {
        size_t more = change.hunks.size() - shown;
        out += "; \xE2\x80\xA6 " + std::to_string(more) + " more change" + (more == 1 ? "" : "s");
    }
    return out;
}

std::string change_size(const TextChange& title, const TextChange& abstract) {
    size_t changed = title.removed + title.added + abstract.removed + abstract.added;
    size_t total = title.words_before + title.words_after + abstract.words_before + abstract.words_after;
    if (total == 0) return "minor";
    return changed * 100 <= total * 5 ? "minor" : "major";
}

}  // namespace arxiv
