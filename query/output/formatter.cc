#include "query/output/formatter.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>

#include "common/text/text.h"

namespace arxiv {

std::string abs_url(const Record& r) {
    std::string url = "https://arxiv.org/abs/" + r.id;
    if (r.version) url += "v" + std::to_string(r.version);
    return url;
}

std::string pdf_url(const Record& r) {
    std::string url = "https://arxiv.org/pdf/" + r.id;
    if (r.version) url += "v" + std::to_string(r.version);
    return url;
}

std::string date_precision(const Record& r) {
    if (r.submitted.empty()) return "";
    return r.submitted.size() == 7 ? "month" : "day";
}

std::string join_paragraphs(std::string_view abstract) {
    std::string out(abstract);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

Record printable_record(const Record& r) {
    Record out = r;
    for (std::string* field : {&out.title, &out.abstract, &out.comment, &out.journal_ref, &out.doi, &out.report_no,
                               &out.license, &out.id, &out.submitted, &out.updated, &out.announced})
        *field = printable_text(*field);
    for (std::string& a : out.authors) a = printable_text(a);
    for (std::string& c : out.categories) c = printable_text(c);
    return out;
}

size_t output_width(int fd) {
    size_t width = 0;
    if (isatty(fd)) {
        struct winsize ws {};
        if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width = ws.ws_col;
    }
    if (width == 0) {
        const char* columns = std::getenv("COLUMNS");
        if (columns && *columns && std::strlen(columns) <= 6 &&
            std::all_of(columns, columns + std::strlen(columns), [](char c) { return c >= '0' && c <= '9'; }))
            width = std::strtoul(columns, nullptr, 10);
    }
    if (width == 0) width = OutputOptions::kDefaultWidth;
    return std::max(width, OutputOptions::kMinWidth);
}

Record display_record(const Record& r) {
    Record out = printable_record(r);
    for (std::string* field : {&out.title, &out.abstract, &out.comment, &out.journal_ref})
        *field = render_tex(*field);
    for (std::string& a : out.authors) a = render_tex(a);
    return out;
}

namespace {

std::string join_words(const std::vector<std::string>& w, size_t b, size_t e) {
    std::string out;
    for (size_t i = b; i < e; ++i) out += (out.empty() ? "" : " ") + w[i];
    return out;
}

std::string ascii_lower_letters(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if (c >= 'a' && c <= 'z') out += c;
    }
    return out;
}

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

}  // namespace

AuthorName split_author_name(std::string_view raw) {
    AuthorName n;
    const std::string name = collapse_whitespace(raw);
    if (size_t comma = name.find(','); comma != std::string::npos) {
        // "Family, Given" or BibTeX's "Family, Suffix, Given".
        n.family = trim(name.substr(0, comma));
        std::string rest = name.substr(comma + 1);
        if (size_t second = rest.find(','); second != std::string::npos) {
            n.suffix = trim(rest.substr(0, second));
            n.given = trim(rest.substr(second + 1));
        } else {
            n.given = trim(rest);
        }
        if (!n.family.empty() && !n.given.empty()) return n;
        n = AuthorName{};
    }
    std::vector<std::string> words = split_spaces(name);
    static const std::set<std::string> groups = {"collaboration", "collaborations", "consortium", "team",
                                                 "group", "project", "initiative", "network", "committee",
                                                 "organization", "organisation", "alliance", "survey", "lab"};
    bool group = words.size() < 2;
    for (const std::string& w : words) group = group || groups.count(ascii_lower_letters(w));
    if (group) {
        n.family = name;
        n.literal = true;
        return n;
    }
    static const std::set<std::string> suffixes = {"jr", "sr", "ii", "iii", "iv"};
    if (words.size() > 2 && suffixes.count(ascii_lower_letters(words.back()))) {
        n.suffix = words.back();
        words.pop_back();
        if (!words.back().empty() && words.back().back() == ',') words.back().pop_back();
    }
    static const std::set<std::string> particles = {"van", "von", "der", "den", "de", "del", "della", "di",
                                                    "da", "du", "la", "le", "dos", "das", "do", "ter", "ten",
                                                    "zu", "af", "av"};
    size_t family = words.size() - 1;
    while (family > 1 && particles.count(words[family - 1])) --family;
    n.family = join_words(words, family, words.size());
    n.given = join_words(words, 0, family);
    return n;
}

std::string CitationKeys::unique(const std::string& key) {
    if (used_.insert(key).second) return key;
    for (int n = 2;; ++n) {
        std::string candidate = key;
        int k = n;
        std::string suffix;
        while (k > 0) {
            suffix.insert(suffix.begin(), static_cast<char>('a' + (k - 1) % 26));
            k = (k - 1) / 26;
        }
        candidate += suffix;
        if (used_.insert(candidate).second) return candidate;
    }
}

std::vector<std::string> split_spaces(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

std::string group_thousands(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace arxiv
