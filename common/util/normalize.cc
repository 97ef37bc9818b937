#include "common/util/normalize.h"

#include <cctype>
#include <cstdio>

#include "common/text/text.h"

namespace arxiv {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

// Splits "…v12" into the body and the version; version 0 if none.
bool split_version(std::string_view& s, int& version) {
    version = 0;
    size_t v = s.rfind('v');
    if (v == std::string_view::npos || v + 1 >= s.size()) return true;
    std::string_view digits = s.substr(v + 1);
    if (!all_digits(digits)) return true;
    if (digits[0] == '0' || digits.size() > 4) return false;
    version = to_int(digits);
    s = s.substr(0, v);
    return true;
}

bool valid_month(std::string_view yymm) {
    int mm = to_int(yymm.substr(2, 2));
    return mm >= 1 && mm <= 12;
}

}  // namespace

bool istarts_with(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool arxiv_id_shaped(std::string_view text) {
    if (parse_arxiv_id(text)) return false;
    std::string trimmed = collapse_whitespace(text);
    std::string_view s = trimmed;
    if (istarts_with(s, "arxiv:")) s.remove_prefix(6);
    int version = 0;
    if (!split_version(s, version)) return false;
    const size_t slash = s.find('/');
    if (slash == std::string_view::npos) {
        if (s.size() < 9 || s[4] != '.') return false;
        const std::string_view yymm = s.substr(0, 4), number = s.substr(5);
        if (!all_digits(yymm) || !all_digits(number) || number.size() < 4 || number.size() > 5) return false;
        // From 2015 on, four digits are malformed for arXiv too.
        return !(to_int(yymm) >= 1501 && number.size() == 4);
    }
    const std::string_view archive = s.substr(0, slash), number = s.substr(slash + 1);
    if (archive.empty() || number.size() != 7 || !all_digits(number)) return false;
    for (char c : archive)
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
    return true;
}

std::optional<ArxivId> parse_arxiv_id(std::string_view text) {
    std::string trimmed = collapse_whitespace(text);
    std::string_view s = trimmed;
    // URL and prefix forms.
    for (std::string_view scheme : {"https://", "http://"}) {
        if (istarts_with(s, scheme)) {
            s.remove_prefix(scheme.size());
            size_t slash = s.find('/');
            if (slash == std::string_view::npos) return std::nullopt;
            std::string_view host = s.substr(0, slash);
            bool arxiv_host = host.size() >= 9 && istarts_with(host.substr(host.size() - 9), "arxiv.org");
            if (!arxiv_host) return std::nullopt;
            s.remove_prefix(slash + 1);
            bool path_ok = false;
            for (std::string_view path : {"abs/", "pdf/", "html/", "format/"}) {
                if (istarts_with(s, path)) {
                    s.remove_prefix(path.size());
                    path_ok = true;
                    break;
                }
            }
            if (!path_ok) return std::nullopt;
            size_t end = s.find_first_of("?#");
            if (end != std::string_view::npos) s = s.substr(0, end);
            while (!s.empty() && s.back() == '/') s.remove_suffix(1);
            if (s.size() > 4 && istarts_with(s.substr(s.size() - 4), ".pdf")) s.remove_suffix(4);
            break;
        }
    }
    if (istarts_with(s, "oai:arxiv.org:")) s.remove_prefix(14);
    if (istarts_with(s, "arxiv:")) s.remove_prefix(6);

    ArxivId result;
    if (!split_version(s, result.version)) return std::nullopt;

    size_t slash = s.find('/');
    if (slash == std::string_view::npos) {
        // New style: YYMM.NNNN (0704-1412) or YYMM.NNNNN (1501 on).
        size_t dot = s.find('.');
        if (dot != 4) return std::nullopt;
        std::string_view yymm = s.substr(0, 4), number = s.substr(5);
        if (!all_digits(yymm) || !all_digits(number) || !valid_month(yymm)) return std::nullopt;
        int ym = to_int(yymm);
        if (ym < 704) return std::nullopt;
        size_t want = ym <= 1412 ? 4 : 5;
        if (number.size() != want) return std::nullopt;
        result.id = std::string(s);
        return result;
    }
    // Old style: archive[.SC]/YYMMNNN.
    std::string_view archive = s.substr(0, slash), number = s.substr(slash + 1);
    if (number.size() != 7 || !all_digits(number) || !valid_month(number)) return std::nullopt;
    size_t dot = archive.find('.');
    if (dot != std::string_view::npos) {
        std::string_view subject = archive.substr(dot + 1);
        if (subject.size() != 2 || !std::isalpha(static_cast<unsigned char>(subject[0])) ||
            !std::isalpha(static_cast<unsigned char>(subject[1])))
            return std::nullopt;
        archive = archive.substr(0, dot);  // canonical form drops the subject class
    }
    std::string lower_archive;
    for (char c : archive) lower_archive += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower_archive.empty() || !is_lower(lower_archive.front()) || !is_lower(lower_archive.back()))
        return std::nullopt;
    for (char c : lower_archive)
        if (!is_lower(c) && c != '-') return std::nullopt;
    result.id = lower_archive + "/" + std::string(number);
    return result;
}

std::string month_from_id(std::string_view id) {
    std::string_view yymm;
    size_t slash = id.find('/');
    if (slash == std::string_view::npos) {
        if (id.size() < 4 || id.find('.') != 4) return "";
        yymm = id.substr(0, 4);
    } else {
        yymm = id.substr(slash + 1, 4);
    }
    if (!all_digits(yymm) || yymm.size() != 4) return "";
    int yy = to_int(yymm.substr(0, 2));
    // Old-style ids start in 1991; new-style ids start in 2007.
    int year = (slash != std::string_view::npos && yy >= 91) ? 1900 + yy : 2000 + yy;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%s", year, std::string(yymm.substr(2, 2)).c_str());
    return buf;
}

std::string id_sort_key(std::string_view id) {
    std::string month = month_from_id(id);
    if (month.empty()) return "999999" + std::string(id);
    std::string key = month.substr(0, 4) + month.substr(5, 2);
    size_t slash = id.find('/');
    std::string_view number = slash == std::string_view::npos ? id.substr(5) : id.substr(slash + 5);
    key += std::string(6 - std::min<size_t>(6, number.size()), '0');
    key += number;
    if (slash != std::string_view::npos) key += id.substr(0, slash);
    return key;
}

std::string author_display_name(std::string_view forenames, std::string_view keyname,
                                std::string_view suffix) {
    std::string name = collapse_whitespace(forenames);
    std::string key = collapse_whitespace(keyname);
    if (!key.empty()) {
        if (!name.empty()) name += ' ';
        name += key;
    }
    std::string suf = collapse_whitespace(suffix);
    if (!suf.empty()) {
        if (!name.empty()) name += ' ';
        name += suf;
    }
    return tex_accents_to_unicode(name);
}

std::vector<std::string> split_author_line(std::string_view line) {
    // Drop parenthesised affiliations (they may nest) first.
    std::string text;
    int depth = 0;
    for (char c : line) {
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (depth > 0) --depth;
        } else if (depth == 0) {
            text += c;
        }
    }
    text = collapse_whitespace(text);
    std::vector<std::string> names;
    auto push = [&](std::string_view part) {
        std::string name = collapse_whitespace(part);
        // "Jr." after a comma belongs to the previous name.
        if ((name == "Jr" || name == "Jr." || name == "Sr." || name == "III" || name == "II") &&
            !names.empty()) {
            names.back() += " " + name;
            return;
        }
        if (!name.empty()) names.push_back(tex_accents_to_unicode(name));
    };
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ',') {
            std::string_view part(text.data() + start, i - start);
            // A part may still hold "X and Y".
            size_t pos = 0;
            while (true) {
                size_t and_pos = part.find(" and ", pos);
                if (and_pos == std::string_view::npos) break;
                push(part.substr(pos, and_pos - pos));
                pos = and_pos + 5;
            }
            std::string_view last = part.substr(pos);
            if (last.substr(0, 4) == "and ") last.remove_prefix(4);
            push(last);
            start = i + 1;
        }
    }
    return names;
}

std::string normalize_doi(std::string_view text) {
    std::string s = collapse_whitespace(text);
    std::string_view v = s;
    for (std::string_view p : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                               "http://dx.doi.org/", "doi.org/", "doi:"}) {
        if (istarts_with(v, p)) {
            v.remove_prefix(p.size());
            break;
        }
    }
    return std::string(v);
}

}  // namespace arxiv
