#include "common/text/text.h"

#include <cstdint>

#include <algorithm>
#include <cstring>

namespace arxiv {
namespace {
#include "common/text/unicode_tables.inc"

constexpr char32_t kReplacement = 0xFFFD;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

const char* fold_lookup(char32_t cp) {
    const FoldEntry* begin = std::begin(kFoldTable);
    const FoldEntry* end = std::end(kFoldTable);
    const FoldEntry* it = std::lower_bound(
        begin, end, cp, [](const FoldEntry& e, char32_t v) { return e.cp < v; });
    return (it != end && it->cp == cp) ? it->ascii : nullptr;
}

char32_t compose(char32_t base, char32_t mark) {
    for (const ComposeEntry& e : kComposeTable)
        if (e.base == base && e.mark == mark) return e.composed;
    return 0;
}

// Commands whose name carries no searchable meaning: they format their
// argument (\emph{x}) or are spacing/sizing.
bool is_formatting_command(std::string_view cmd) {
    static const char* const names[] = {
        "emph", "textbf", "textit", "texttt", "textrm", "textsf", "textsc", "textup",
        "textnormal", "text", "mathrm", "mathbf", "mathit", "mathcal", "mathbb",
        "mathfrak", "mathsf", "mathtt", "mathscr", "boldsymbol", "bm", "operatorname",
        "mbox", "hbox", "rm", "bf", "it", "em", "sf", "tt", "sc", "cal", "underline",
        "overline", "hat", "widehat", "tilde", "widetilde", "bar", "vec", "dot",
        "ddot", "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
        "Bigl", "Bigr", "displaystyle", "textstyle", "scriptstyle", "frac", "dfrac",
        "tfrac", "sqrt", "url", "href", "footnote", "cite", "ensuremath", "quad",
        "qquad", "small", "large", "Large", "tiny", "normalsize", "footnotesize",
        "noindent", "newline", "linebreak", "par", "xspace", "textsuperscript",
        "textsubscript", "mathop", "limits", "nolimits",
    };
    for (const char* n : names)
        if (cmd == n) return true;
    return false;
}

// Pure symbols: spelling them as words would only add noise ("3$\times$").
bool is_symbol_command(std::string_view cmd) {
    static const char* const names[] = {
        "times", "cdot", "cdots", "ldots", "dots", "pm", "mp", "leq", "geq", "le",
        "ge", "neq", "ne", "approx", "sim", "simeq", "equiv", "propto", "to",
        "rightarrow", "leftarrow", "Rightarrow", "Leftarrow", "leftrightarrow",
        "mapsto", "in", "notin", "subset", "subseteq", "supset", "supseteq", "cup",
        "cap", "ll", "gg", "lesssim", "gtrsim", "circ", "ast", "star", "prime",
        "langle", "rangle", "lvert", "rvert", "vert", "mid", "parallel", "colon",
        "setminus", "wedge", "vee", "oplus", "otimes", "forall", "exists",
    };
    for (const char* n : names)
        if (cmd == n) return true;
    return false;
}

// Parses the argument of an accent command at s[i]: "{e}", "e", "{\i}",
// "\i". Returns the base code point and advances i; 0 if there is none.
char32_t accent_argument(std::string_view s, size_t& i) {
    size_t j = i;
    bool braced = false;
    if (j < s.size() && s[j] == '{') {
        braced = true;
        ++j;
    }
    char32_t base = 0;
    if (j + 1 < s.size() && s[j] == '\\' && (s[j + 1] == 'i' || s[j + 1] == 'j') &&
        (j + 2 >= s.size() || !is_alpha(s[j + 2]))) {
        base = s[j + 1];  // dotless i/j take the accent as plain i/j
        j += 2;
        while (braced && j < s.size() && s[j] == ' ') ++j;
    } else if (j < s.size() && s[j] != '}' && s[j] != '\\' && !is_space(s[j])) {
        base = next_code_point(s, j);
    }
    if (!base) return 0;
    if (braced) {
        if (j >= s.size() || s[j] != '}') return 0;
        ++j;
    }
    i = j;
    return base;
}

// Shared scanner behind tex_accents_to_unicode() and index_form().
// `for_index` additionally drops math delimiters and spells commands.
std::string convert_tex(std::string_view s, bool for_index) {
    std::string out;
    out.reserve(s.size());
    bool in_math = false;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\\' && i + 1 < s.size()) {
            size_t name_start = i + 1;
            size_t j = name_start;
            if (is_alpha(s[j])) {
                while (j < s.size() && is_alpha(s[j])) ++j;
            } else {
                ++j;
            }
            std::string_view cmd = s.substr(name_start, j - name_start);
            if (char32_t mark = tex_accent_mark(cmd)) {
                size_t k = j;
                if (is_alpha(cmd[0]))
                    while (k < s.size() && s[k] == ' ') ++k;
                if (char32_t base = accent_argument(s, k)) {
                    char32_t composed = compose(base, mark);
                    if (composed) {
                        append_utf8(out, composed);
                    } else {
                        append_utf8(out, base);
                        append_utf8(out, mark);
                    }
                    i = k;
                    continue;
                }
            }
            if (const char* letter = tex_letter(cmd)) {
                out += letter;
                i = j;
                if (i + 1 < s.size() && s[i] == '{' && s[i + 1] == '}') i += 2;  // "\ss{}"
                else if (i < s.size() && s[i] == ' ' && is_alpha(cmd[0])) ++i;  // "\ss x"
                continue;
            }
            if (!for_index) {
                out.append(s.substr(i, j - i));
                i = j;
                continue;
            }
            if (is_alpha(cmd[0])) {
                if (!is_formatting_command(cmd) && !is_symbol_command(cmd)) {
                    out += ' ';
                    out.append(cmd);
                }
                out += ' ';
            } else if (std::strchr("%&#_", cmd[0])) {
                out += cmd[0];
            } else {
                out += ' ';  // "\\", "\,", "\;", "\{", "\$" ...
            }
            i = j;
            continue;
        }
        if (c == '{' || c == '}') {
            // "}{" separates two arguments (\frac{a}{b}); otherwise a brace
            // only groups and must not split "{\o}rsted".
            if (for_index && c == '}' && i + 1 < s.size() && s[i + 1] == '{') out += ' ';
            ++i;
            continue;
        }
        if (for_index) {
            if (c == '$') {
                in_math = !in_math;
                ++i;
                continue;
            }
            if (c == '~' || (in_math && (c == '^' || c == '_'))) {
                out += ' ';
                ++i;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace

// The TeX tables (text.h): the one place that says which commands are
// accents and which stand for a letter.
char32_t tex_accent_mark(std::string_view cmd) {
    if (cmd.size() != 1) return 0;
    switch (cmd[0]) {
        case '\'': return 0x0301;
        case '`': return 0x0300;
        case '^': return 0x0302;
        case '"': return 0x0308;
        case '~': return 0x0303;
        case '=': return 0x0304;
        case '.': return 0x0307;
        case 'u': return 0x0306;
        case 'v': return 0x030C;
        case 'H': return 0x030B;
        case 'c': return 0x0327;
        case 'k': return 0x0328;
        case 'r': return 0x030A;
        case 'd': return 0x0323;
        case 'b': return 0x0331;
        default: return 0;
    }
}

const char* tex_letter(std::string_view cmd) {
    static const struct { const char* cmd; const char* utf8; } table[] = {
        {"o", "ø"}, {"O", "Ø"}, {"aa", "å"}, {"AA", "Å"}, {"ss", "ß"},
        {"ae", "æ"}, {"AE", "Æ"}, {"oe", "œ"}, {"OE", "Œ"}, {"l", "ł"},
        {"L", "Ł"}, {"i", "ı"}, {"j", "ȷ"}, {"dh", "ð"}, {"DH", "Ð"},
        {"th", "þ"}, {"TH", "Þ"}, {"ng", "ŋ"}, {"NG", "Ŋ"}, {"dj", "đ"},
    };
    for (const auto& e : table)
        if (cmd == e.cmd) return e.utf8;
    return nullptr;
}

char32_t next_code_point(std::string_view s, size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        ++i;
        return kReplacement;
    }
    if (i + len > s.size()) {
        ++i;
        return kReplacement;
    }
    for (int k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and out-of-range values.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        ++i;
        return kReplacement;
    }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string valid_utf8(std::string_view s) {
    // Fast path: the vast majority of records are clean.
    size_t i = 0;
    bool clean = true;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        size_t before = i;
        char32_t cp = next_code_point(s, i);
        if (cp == kReplacement && !(i - before == 3 && s.substr(before, 3) == "\xEF\xBF\xBD")) {
            clean = false;
            break;
        }
    }
    if (clean) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    i = 0;
    while (i < s.size()) append_utf8(out, next_code_point(s, i));
    return out;
}

std::string xml_text(std::string_view s) {
    std::string out = valid_utf8(s);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](char c) {
                                 unsigned char u = static_cast<unsigned char>(c);
                                 return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
                             }),
              out.end());
    return out;
}

std::string printable_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = next_code_point(s, i);
        if (cp == '\r' || cp == '\f' || cp == '\v') {  // a carriage return could overwrite what was shown
            out += ' ';
            continue;
        }
        const bool control = (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0) ||
                             (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
        if (control) continue;
        if (cp == kReplacement && s.compare(start, 3, "\xEF\xBF\xBD") != 0) append_utf8(out, cp);
        else out.append(s, start, i - start);
    }
    return out;
}

std::string clip_text(std::string_view s, size_t max) {
    if (max == 0) return "";
    size_t i = 0, n = 0;
    while (i < s.size() && n + 1 < max) {
        next_code_point(s, i);
        ++n;
    }
    if (i >= s.size() || utf8_length(s) <= max) return std::string(s);
    return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
}

std::string stable_hash_hex(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a, 64-bit
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    static const char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[i] = digits[h & 15];
    return out;
}

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<std::string_view> split_at(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    size_t pos = 0;
    while (pos <= s.size()) {
        size_t end = s.find(separator, pos);
        if (end == std::string_view::npos) end = s.size();
        parts.push_back(s.substr(pos, end - pos));
        pos = end + 1;
    }
    return parts;
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (char c : s) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string unwrap_paragraphs(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool paragraph_break = false;
    size_t pos = 0;
    bool first_line = true;
    while (pos <= s.size()) {
        size_t nl = s.find('\n', pos);
        if (nl == std::string_view::npos) nl = s.size();
        std::string_view line = s.substr(pos, nl - pos);
        std::string text = collapse_whitespace(line);
        if (text.empty()) {
            paragraph_break = !out.empty();
        } else {
            bool indented = !line.empty() && is_space(line[0]);
            if (!out.empty()) out += (paragraph_break || (indented && !first_line)) ? '\n' : ' ';
            out += text;
            paragraph_break = false;
        }
        first_line = false;
        pos = nl + 1;
    }
    return out;
}

std::string fold_diacritics(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
    if (i == s.size()) return std::string(s);
    std::string out(s.substr(0, i));
    out.reserve(s.size());
    while (i < s.size()) {
        size_t start = i;
        char32_t cp = next_code_point(s, i);
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (const char* ascii = fold_lookup(cp)) {
            out += ascii;
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    return out;
}

std::string tex_accents_to_unicode(std::string_view s) {
    if (s.find('\\') == std::string_view::npos && s.find('{') == std::string_view::npos)
        return std::string(s);
    return convert_tex(s, false);
}

std::string index_form(std::string_view s) {
    if (s.find_first_of("\\${}~") == std::string_view::npos) return fold_diacritics(s);
    return fold_diacritics(convert_tex(s, true));
}

}  // namespace arxiv
