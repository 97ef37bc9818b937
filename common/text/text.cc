#include "common/text/text.h"

#include <cstdint>

#include <algorithm>
#include <cstring>
#include <vector>

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

// What a TeX command does when shown (render_tex).
enum class Show : unsigned char {
    Glyph,         // its glyph ("\alpha" -> α, "\leq" -> ≤, "\log" -> log)
    Argument,      // its argument, braces dropped (\emph{x} -> x)
    Nothing,       // nothing, and it takes no argument (\left, \bf, \noindent)
    Space,         // a space (\quad, \newline)
    DropArgument,  // nothing, with its [options] and {argument} (\cite{key}, \label{x})
    Fraction,      // \frac{a}{b} -> a/b
    Root,          // \sqrt{x} -> √x
    DoubleStruck,  // \mathbb{R} -> ℝ
};

// The one table of TeX commands besides the letters and accents below: for
// the index, whether the name is dropped (formatting and pure symbols: "3
// $\times$" must not index "times") or spelled as a word ("$\alpha$" ->
// alpha, any command not listed); for display, what it shows.
struct TexCommand {
    const char* name;
    bool index_drops;
    Show show;
    const char* glyph;
};

constexpr TexCommand kTexCommands[] = {
    // Formatting: the index drops the name and keeps the argument's words.
    {"emph", true, Show::Argument, nullptr}, {"textbf", true, Show::Argument, nullptr},
    {"textit", true, Show::Argument, nullptr}, {"texttt", true, Show::Argument, nullptr},
    {"textrm", true, Show::Argument, nullptr}, {"textsf", true, Show::Argument, nullptr},
    {"textsc", true, Show::Argument, nullptr}, {"textup", true, Show::Argument, nullptr},
    {"textnormal", true, Show::Argument, nullptr}, {"text", true, Show::Argument, nullptr},
    {"mathrm", true, Show::Argument, nullptr}, {"mathbf", true, Show::Argument, nullptr},
    {"mathit", true, Show::Argument, nullptr}, {"mathcal", true, Show::Argument, nullptr},
    {"mathbb", true, Show::DoubleStruck, nullptr}, {"mathfrak", true, Show::Argument, nullptr},
    {"mathsf", true, Show::Argument, nullptr}, {"mathtt", true, Show::Argument, nullptr},
    {"mathscr", true, Show::Argument, nullptr}, {"boldsymbol", true, Show::Argument, nullptr},
    {"bm", true, Show::Argument, nullptr}, {"operatorname", true, Show::Argument, nullptr},
    {"mbox", true, Show::Argument, nullptr}, {"hbox", true, Show::Argument, nullptr},
    {"rm", true, Show::Nothing, nullptr}, {"bf", true, Show::Nothing, nullptr},
    {"it", true, Show::Nothing, nullptr}, {"em", true, Show::Nothing, nullptr},
    {"sf", true, Show::Nothing, nullptr}, {"tt", true, Show::Nothing, nullptr},
    {"sc", true, Show::Nothing, nullptr}, {"cal", true, Show::Nothing, nullptr},
    {"underline", true, Show::Argument, nullptr}, {"overline", true, Show::Argument, nullptr},
    {"hat", true, Show::Argument, nullptr}, {"widehat", true, Show::Argument, nullptr},
    {"tilde", true, Show::Argument, nullptr}, {"widetilde", true, Show::Argument, nullptr},
    {"bar", true, Show::Argument, nullptr}, {"vec", true, Show::Argument, nullptr},
    {"dot", true, Show::Argument, nullptr}, {"ddot", true, Show::Argument, nullptr},
    {"left", true, Show::Nothing, nullptr}, {"right", true, Show::Nothing, nullptr},
    {"big", true, Show::Nothing, nullptr}, {"Big", true, Show::Nothing, nullptr},
    {"bigg", true, Show::Nothing, nullptr}, {"Bigg", true, Show::Nothing, nullptr},
    {"bigl", true, Show::Nothing, nullptr}, {"bigr", true, Show::Nothing, nullptr},
    {"Bigl", true, Show::Nothing, nullptr}, {"Bigr", true, Show::Nothing, nullptr},
    {"displaystyle", true, Show::Nothing, nullptr}, {"textstyle", true, Show::Nothing, nullptr},
    {"scriptstyle", true, Show::Nothing, nullptr}, {"frac", true, Show::Fraction, nullptr},
    {"dfrac", true, Show::Fraction, nullptr}, {"tfrac", true, Show::Fraction, nullptr},
    {"sqrt", true, Show::Root, nullptr}, {"url", true, Show::Argument, nullptr},
    {"href", true, Show::Argument, nullptr}, {"footnote", true, Show::Argument, nullptr},
    {"cite", true, Show::DropArgument, nullptr}, {"ensuremath", true, Show::Argument, nullptr},
    {"quad", true, Show::Space, nullptr}, {"qquad", true, Show::Space, nullptr},
    {"small", true, Show::Nothing, nullptr}, {"large", true, Show::Nothing, nullptr},
    {"Large", true, Show::Nothing, nullptr}, {"tiny", true, Show::Nothing, nullptr},
    {"normalsize", true, Show::Nothing, nullptr}, {"footnotesize", true, Show::Nothing, nullptr},
    {"noindent", true, Show::Nothing, nullptr}, {"newline", true, Show::Space, nullptr},
    {"linebreak", true, Show::Space, nullptr}, {"par", true, Show::Space, nullptr},
    {"xspace", true, Show::Nothing, nullptr}, {"textsuperscript", true, Show::Argument, nullptr},
    {"textsubscript", true, Show::Argument, nullptr}, {"mathop", true, Show::Argument, nullptr},
    {"limits", true, Show::Nothing, nullptr}, {"nolimits", true, Show::Nothing, nullptr},
    // Pure symbols: spelling them as words would only add noise ("3$\times$").
    {"times", true, Show::Glyph, "×"}, {"cdot", true, Show::Glyph, "·"},
    {"cdots", true, Show::Glyph, "⋯"}, {"ldots", true, Show::Glyph, "…"},
    {"dots", true, Show::Glyph, "…"}, {"pm", true, Show::Glyph, "±"},
    {"mp", true, Show::Glyph, "∓"}, {"leq", true, Show::Glyph, "≤"},
    {"geq", true, Show::Glyph, "≥"}, {"le", true, Show::Glyph, "≤"},
    {"ge", true, Show::Glyph, "≥"}, {"neq", true, Show::Glyph, "≠"},
    {"ne", true, Show::Glyph, "≠"}, {"approx", true, Show::Glyph, "≈"},
    {"sim", true, Show::Glyph, "∼"}, {"simeq", true, Show::Glyph, "≃"},
    {"equiv", true, Show::Glyph, "≡"}, {"propto", true, Show::Glyph, "∝"},
    {"to", true, Show::Glyph, "→"}, {"rightarrow", true, Show::Glyph, "→"},
    {"leftarrow", true, Show::Glyph, "←"}, {"Rightarrow", true, Show::Glyph, "⇒"},
    {"Leftarrow", true, Show::Glyph, "⇐"}, {"leftrightarrow", true, Show::Glyph, "↔"},
    {"mapsto", true, Show::Glyph, "↦"}, {"in", true, Show::Glyph, "∈"},
    {"notin", true, Show::Glyph, "∉"}, {"subset", true, Show::Glyph, "⊂"},
    {"subseteq", true, Show::Glyph, "⊆"}, {"supset", true, Show::Glyph, "⊃"},
    {"supseteq", true, Show::Glyph, "⊇"}, {"cup", true, Show::Glyph, "∪"},
    {"cap", true, Show::Glyph, "∩"}, {"ll", true, Show::Glyph, "≪"},
    {"gg", true, Show::Glyph, "≫"}, {"lesssim", true, Show::Glyph, "≲"},
    {"gtrsim", true, Show::Glyph, "≳"}, {"circ", true, Show::Glyph, "∘"},
    {"ast", true, Show::Glyph, "∗"}, {"star", true, Show::Glyph, "⋆"},
    {"prime", true, Show::Glyph, "′"}, {"langle", true, Show::Glyph, "⟨"},
    {"rangle", true, Show::Glyph, "⟩"}, {"lvert", true, Show::Glyph, "|"},
    {"rvert", true, Show::Glyph, "|"}, {"vert", true, Show::Glyph, "|"},
    {"mid", true, Show::Glyph, "|"}, {"parallel", true, Show::Glyph, "∥"},
    {"colon", true, Show::Glyph, ":"}, {"setminus", true, Show::Glyph, "∖"},
    {"wedge", true, Show::Glyph, "∧"}, {"vee", true, Show::Glyph, "∨"},
    {"oplus", true, Show::Glyph, "⊕"}, {"otimes", true, Show::Glyph, "⊗"},
    {"forall", true, Show::Glyph, "∀"}, {"exists", true, Show::Glyph, "∃"},
    // Spelled for the index as before ("$\alpha$" finds alpha), shown as glyphs.
    {"alpha", false, Show::Glyph, "α"}, {"beta", false, Show::Glyph, "β"},
    {"gamma", false, Show::Glyph, "γ"}, {"delta", false, Show::Glyph, "δ"},
    {"epsilon", false, Show::Glyph, "ϵ"}, {"varepsilon", false, Show::Glyph, "ε"},
    {"zeta", false, Show::Glyph, "ζ"}, {"eta", false, Show::Glyph, "η"},
    {"theta", false, Show::Glyph, "θ"}, {"vartheta", false, Show::Glyph, "ϑ"},
    {"iota", false, Show::Glyph, "ι"}, {"kappa", false, Show::Glyph, "κ"},
    {"lambda", false, Show::Glyph, "λ"}, {"mu", false, Show::Glyph, "μ"},
    {"nu", false, Show::Glyph, "ν"}, {"xi", false, Show::Glyph, "ξ"},
    {"pi", false, Show::Glyph, "π"}, {"varpi", false, Show::Glyph, "ϖ"},
    {"rho", false, Show::Glyph, "ρ"}, {"varrho", false, Show::Glyph, "ϱ"},
    {"sigma", false, Show::Glyph, "σ"}, {"varsigma", false, Show::Glyph, "ς"},
    {"tau", false, Show::Glyph, "τ"}, {"upsilon", false, Show::Glyph, "υ"},
    {"phi", false, Show::Glyph, "ϕ"}, {"varphi", false, Show::Glyph, "φ"},
    {"chi", false, Show::Glyph, "χ"}, {"psi", false, Show::Glyph, "ψ"},
    {"omega", false, Show::Glyph, "ω"}, {"Gamma", false, Show::Glyph, "Γ"},
    {"Delta", false, Show::Glyph, "Δ"}, {"Theta", false, Show::Glyph, "Θ"},
    {"Lambda", false, Show::Glyph, "Λ"}, {"Xi", false, Show::Glyph, "Ξ"},
    {"Pi", false, Show::Glyph, "Π"}, {"Sigma", false, Show::Glyph, "Σ"},
    {"Upsilon", false, Show::Glyph, "Υ"}, {"Phi", false, Show::Glyph, "Φ"},
    {"Psi", false, Show::Glyph, "Ψ"}, {"Omega", false, Show::Glyph, "Ω"},
    {"infty", false, Show::Glyph, "∞"}, {"partial", false, Show::Glyph, "∂"},
    {"nabla", false, Show::Glyph, "∇"}, {"sum", false, Show::Glyph, "∑"},
    {"prod", false, Show::Glyph, "∏"}, {"int", false, Show::Glyph, "∫"},
    {"ell", false, Show::Glyph, "ℓ"}, {"hbar", false, Show::Glyph, "ℏ"},
    {"emptyset", false, Show::Glyph, "∅"}, {"neg", false, Show::Glyph, "¬"},
    {"top", false, Show::Glyph, "⊤"}, {"dagger", false, Show::Glyph, "†"},
    {"log", false, Show::Glyph, "log"}, {"exp", false, Show::Glyph, "exp"},
    {"ln", false, Show::Glyph, "ln"}, {"sin", false, Show::Glyph, "sin"},
    {"cos", false, Show::Glyph, "cos"}, {"tan", false, Show::Glyph, "tan"},
    {"max", false, Show::Glyph, "max"}, {"min", false, Show::Glyph, "min"},
    {"arg", false, Show::Glyph, "arg"}, {"lim", false, Show::Glyph, "lim"},
    {"sup", false, Show::Glyph, "sup"}, {"inf", false, Show::Glyph, "inf"},
    {"det", false, Show::Glyph, "det"}, {"dim", false, Show::Glyph, "dim"},
    {"TeX", false, Show::Glyph, "TeX"}, {"LaTeX", false, Show::Glyph, "LaTeX"},
    {"textendash", false, Show::Glyph, "–"}, {"textemdash", false, Show::Glyph, "—"},
    // Citations and cross-references: nothing a reader of an abstract can follow.
    {"citep", false, Show::DropArgument, nullptr}, {"citet", false, Show::DropArgument, nullptr},
    {"citealp", false, Show::DropArgument, nullptr}, {"citealt", false, Show::DropArgument, nullptr},
    {"citeauthor", false, Show::DropArgument, nullptr}, {"citeyear", false, Show::DropArgument, nullptr},
    {"nocite", false, Show::DropArgument, nullptr}, {"label", false, Show::DropArgument, nullptr},
    {"ref", false, Show::DropArgument, nullptr}, {"eqref", false, Show::DropArgument, nullptr},
};

const TexCommand* tex_command(std::string_view cmd) {
    for (const TexCommand& c : kTexCommands)
        if (cmd == c.name) return &c;
    return nullptr;
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

// The command `cmd` of `s`, whose name ends at `j`, as an accented letter
// ("\\'{e}" -> é) or a letter ("\\ss" -> ß) appended to `out`: returns where
// the TeX ends, or 0 when the command is neither (then nothing is written).
size_t accent_or_letter(std::string_view s, std::string_view cmd, size_t j, std::string& out) {
    if (char32_t mark = tex_accent_mark(cmd)) {
        size_t k = j;
        if (is_alpha(cmd[0]))
            while (k < s.size() && s[k] == ' ') ++k;
        if (char32_t base = accent_argument(s, k)) {
            if (char32_t composed = compose(base, mark)) {
                append_utf8(out, composed);
            } else {
                append_utf8(out, base);
                append_utf8(out, mark);
            }
            return k;
        }
    }
    if (const char* letter = tex_letter(cmd)) {
        out += letter;
        if (j + 1 < s.size() && s[j] == '{' && s[j + 1] == '}') return j + 2;  // "\\ss{}"
        if (j < s.size() && s[j] == ' ' && is_alpha(cmd[0])) return j + 1;    // "\\ss x"
        return j;
    }
    return 0;
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
        if (c == '\\' && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80) {
            ++i;  // "St\\ütz": a backslash before a letter that is already Unicode
            continue;
        }
        if (c == '\\' && i + 1 < s.size()) {
            size_t name_start = i + 1;
            size_t j = name_start;
            if (is_alpha(s[j])) {
                while (j < s.size() && is_alpha(s[j])) ++j;
            } else {
                ++j;
            }
            std::string_view cmd = s.substr(name_start, j - name_start);
            if (size_t end = accent_or_letter(s, cmd, j, out)) {
                i = end;
                continue;
            }
            if (!for_index) {
                out.append(s.substr(i, j - i));
                i = j;
                continue;
            }
            if (is_alpha(cmd[0])) {
                const TexCommand* known = tex_command(cmd);
                if (!known || !known->index_drops) {
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

// ---- render_tex ------------------------------------------------------------

// The Unicode superscript and subscript of an ASCII character (nullptr
// where Unicode has none).
struct ScriptForms {
    char c;
    const char* up;
    const char* down;
};

constexpr ScriptForms kScriptForms[] = {
    {'0', "⁰", "₀"}, {'1', "¹", "₁"}, {'2', "²", "₂"}, {'3', "³", "₃"},
    {'4', "⁴", "₄"}, {'5', "⁵", "₅"}, {'6', "⁶", "₆"}, {'7', "⁷", "₇"},
    {'8', "⁸", "₈"}, {'9', "⁹", "₉"}, {'+', "⁺", "₊"}, {'-', "⁻", "₋"},
    {'=', "⁼", "₌"}, {'(', "⁽", "₍"}, {')', "⁾", "₎"}, {'a', "ᵃ", "ₐ"},
    {'b', "ᵇ", nullptr}, {'c', "ᶜ", nullptr}, {'d', "ᵈ", nullptr}, {'e', "ᵉ", "ₑ"},
    {'f', "ᶠ", nullptr}, {'g', "ᵍ", nullptr}, {'h', "ʰ", "ₕ"}, {'i', "ⁱ", "ᵢ"},
    {'j', "ʲ", "ⱼ"}, {'k', "ᵏ", "ₖ"}, {'l', "ˡ", "ₗ"}, {'m', "ᵐ", "ₘ"},
    {'n', "ⁿ", "ₙ"}, {'o', "ᵒ", "ₒ"}, {'p', "ᵖ", "ₚ"}, {'r', "ʳ", "ᵣ"},
    {'s', "ˢ", "ₛ"}, {'t', "ᵗ", "ₜ"}, {'u', "ᵘ", "ᵤ"}, {'v', "ᵛ", "ᵥ"},
    {'w', "ʷ", nullptr}, {'x', "ˣ", "ₓ"}, {'y', "ʸ", nullptr}, {'z', "ᶻ", nullptr},
    {'T', "ᵀ", nullptr},
};

const char* script_form(char c, bool up) {
    for (const ScriptForms& f : kScriptForms)
        if (f.c == c) return up ? f.up : f.down;
    return nullptr;
}

// 𝔸 … ℤ, 𝕒 … 𝕫, 𝟘 … 𝟡 for \mathbb; 0 for anything else.
char32_t double_struck(char c) {
    switch (c) {
        case 'C': return 0x2102;
        case 'H': return 0x210D;
        case 'N': return 0x2115;
        case 'P': return 0x2119;
        case 'Q': return 0x211A;
        case 'R': return 0x211D;
        case 'Z': return 0x2124;
        default: break;
    }
    if (c >= 'A' && c <= 'Z') return 0x1D538 + static_cast<char32_t>(c - 'A');
    if (c >= 'a' && c <= 'z') return 0x1D552 + static_cast<char32_t>(c - 'a');
    if (c >= '0' && c <= '9') return 0x1D7D8 + static_cast<char32_t>(c - '0');
    return 0;
}

bool is_ascii_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// A scanner that reads TeX once, left to right: every byte is looked at a
// bounded number of times (lookaheads are at most kLookahead bytes), so any
// input takes linear time; braces are matched with an explicit stack.
class TexRenderer {
public:
    explicit TexRenderer(std::string_view s) : s_(s) { out_.reserve(s.size()); }

    std::string run() {
        while (i_ < s_.size()) step();
        return std::move(out_);
    }

private:
    // What the '}' closing a group writes.
    enum class Close : unsigned char { Nothing, Brace, Paren, Numerator, ParenNumerator, DoubleStruck };
    static constexpr size_t kLookahead = 24;

    void step() {
        const char c = s_[i_];
        switch (c) {
            case '\\': command(); return;
            case '{':
                stack_.push_back(Close::Nothing);
                ++i_;
                return;
            case '}': close_group(); return;
            case '$':
                math_ = !math_;
                i_ += (i_ + 1 < s_.size() && s_[i_ + 1] == '$') ? 2 : 1;
                return;
            case '~':
                // A tie between words ("Fig.~3", "et~al.") is a space; at the
                // start of a word it is plain text: "~10%" means about 10%.
                if (math_ || (i_ > 0 && s_[i_ - 1] != ' ' && s_[i_ - 1] != '\n' && s_[i_ - 1] != '(')) {
                    out_ += ' ';
                    ++i_;
                    return;
                }
                break;
            case '^':
            case '_':
                if (math_ && script(c == '^')) return;
                break;
            case '`':
            case '\'':
                // ``quoted'' -> “quoted”
                if (!math_ && next_is(1, c)) {
                    out_ += c == '`' ? "“" : "”";
                    i_ += 2;
                    return;
                }
                break;
            case '-':
                if (!math_ && next_is(1, '-')) {
                    const bool em = next_is(2, '-');
                    out_ += em ? "—" : "–";
                    i_ += em ? 3 : 2;
                    return;
                }
                break;
            default: break;
        }
        if (double_struck_ > 0)
            if (char32_t ds = double_struck(c)) {
                append_utf8(out_, ds);
                ++i_;
                return;
            }
        out_ += c;
        ++i_;
    }

    bool next_is(size_t k, char c) const { return i_ + k < s_.size() && s_[i_ + k] == c; }

    void close_group() {
        ++i_;
        if (stack_.empty()) return;  // unbalanced: dropped
        const Close what = stack_.back();
        stack_.pop_back();
        switch (what) {
            case Close::Nothing: break;
            case Close::Brace: out_ += '}'; break;
            case Close::Paren: out_ += ')'; break;
            case Close::DoubleStruck: --double_struck_; break;
            case Close::ParenNumerator:
                out_ += ')';
                [[fallthrough]];
            case Close::Numerator:
                out_ += '/';
                if (i_ < s_.size() && s_[i_] == '{') open_group(Close::Nothing, true);
                break;
        }
    }

    // At a '{': enter the group; with `parens`, a group of more than one
    // letter, number or command is put in parentheses (a fraction's parts,
    // a root's argument).
    void open_group(Close close, bool parens) {
        ++i_;
        if (parens && !simple_group()) {
            out_ += '(';
            close = close == Close::Numerator ? Close::ParenNumerator : Close::Paren;
        }
        stack_.push_back(close);
    }

    // Whether the group starting at i_ (just after its '{') is one letter,
    // one number or one command before its '}'.
    bool simple_group() const {
        size_t j = i_;
        if (j < s_.size() && s_[j] == '\\') {
            ++j;
            while (j < s_.size() && j - i_ < kLookahead && is_alpha(s_[j])) ++j;
            return j < s_.size() && s_[j] == '}';
        }
        bool digits = true;
        while (j < s_.size() && j - i_ < kLookahead && is_ascii_alnum(s_[j])) {
            digits = digits && !is_alpha(s_[j]);
            ++j;
        }
        return j < s_.size() && s_[j] == '}' && (j - i_ == 1 || (j > i_ && digits));
    }

    void skip_spaces() {
        while (i_ < s_.size() && s_[i_] == ' ') ++i_;
    }

    // Skips a balanced [..] or {..} at i_ (escaped brackets do not count).
    bool skip_balanced(char open, char close) {
        if (i_ >= s_.size() || s_[i_] != open) return false;
        size_t depth = 0;
        while (i_ < s_.size()) {
            const char c = s_[i_++];
            if (c == '\\') {
                if (i_ < s_.size()) ++i_;
                continue;
            }
            if (c == open) ++depth;
            else if (c == close && --depth == 0) break;
        }
        return true;
    }

    void command() {
        const size_t start = i_;
        if (i_ + 1 >= s_.size()) {  // a lone trailing backslash
            ++i_;
            return;
        }
        const unsigned char next = static_cast<unsigned char>(s_[i_ + 1]);
        if (next >= 0x80) {  // "St\ütz": the letter is already Unicode
            ++i_;
            return;
        }
        size_t j = i_ + 1;
        if (is_alpha(s_[j])) {
            while (j < s_.size() && is_alpha(s_[j])) ++j;
        } else {
            ++j;
        }
        const std::string_view cmd = s_.substr(i_ + 1, j - i_ - 1);
        if (size_t end = accent_or_letter(s_, cmd, j, out_)) {
            i_ = end;
            return;
        }
        i_ = j;
        if (!is_alpha(cmd[0])) {
            switch (cmd[0]) {
                case '%': case '&': case '#': case '_': case '$': case '{': case '}': case '^':
                case '~':
                    out_ += cmd[0];
                    return;
                case '(': case '[': math_ = true; return;
                case ')': case ']': math_ = false; return;
                case '-': case '/': case '!': return;  // hyphenation hint, italic correction, negative space
                case ',': case ';': case ':': case ' ': case '\\': out_ += ' '; return;
                default: out_.append(s_.substr(start, j - start)); return;
            }
        }
        const TexCommand* known = tex_command(cmd);
        if (!known) {
            out_.append(s_.substr(start, j - start));  // unknown: kept as written
            return;
        }
        switch (known->show) {
            case Show::Glyph: out_ += known->glyph; return;
            case Show::Nothing:
                skip_spaces();
                return;
            case Show::Space: out_ += ' '; return;
            case Show::Argument:
                skip_spaces();
                if (i_ < s_.size() && s_[i_] == '{') open_group(Close::Nothing, false);
                return;
            case Show::DoubleStruck:
                skip_spaces();
                if (i_ < s_.size() && s_[i_] == '{') {
                    ++i_;
                    stack_.push_back(Close::DoubleStruck);
                    ++double_struck_;
                } else if (i_ < s_.size() && double_struck(s_[i_])) {
                    append_utf8(out_, double_struck(s_[i_++]));
                }
                return;
            case Show::Fraction:
                skip_spaces();
                if (i_ < s_.size() && s_[i_] == '{') open_group(Close::Numerator, true);
                return;
            case Show::Root:
                out_ += "√";
                skip_spaces();
                skip_balanced('[', ']');
                if (i_ < s_.size() && s_[i_] == '{') open_group(Close::Nothing, true);
                return;
            case Show::DropArgument: {
                // "word~\cite{key}." -> "word."
                while (!out_.empty() && out_.back() == ' ') out_.pop_back();
                skip_spaces();
                for (int k = 0; k < 2 && skip_balanced('[', ']'); ++k) skip_spaces();
                skip_balanced('{', '}');
                return;
            }
        }
    }

    // At '^' or '_' in maths: a one-character, one-command or short braced
    // argument whose every character has a Unicode super- or subscript is
    // written with them ("n^2" -> n², "x_{i+1}" -> xᵢ₊₁); otherwise the
    // script is kept as written, braces included ("_{p^m}" -> _{pᵐ}).
    bool script(bool up) {
        const auto glyph = [up](char c) { return script_form(c, up); };
        size_t j = i_ + 1;
        if (j >= s_.size()) return false;
        const bool braced_command = s_[j] == '{' && j + 1 < s_.size() && s_[j + 1] == '\\';
        if (s_[j] == '\\' || braced_command) {
            // ^\prime, ^{\prime}, ^\circ, ^\top, ^\dagger, ^\ast
            const size_t name = j + (braced_command ? 2 : 1);
            size_t k = name;
            while (k < s_.size() && k - name < kLookahead && is_alpha(s_[k])) ++k;
            const std::string_view cmd = s_.substr(name, k - name);
            if (braced_command) {
                if (k >= s_.size() || s_[k] != '}') return false;
                ++k;
            }
            const char* sym = nullptr;
            if (up && cmd == "prime") sym = "′";
            else if (up && cmd == "circ") sym = "°";
            else if (up && cmd == "top") sym = "ᵀ";
            else if (up && cmd == "dagger") sym = "†";
            else if (up && cmd == "ast") sym = "*";
            if (!sym) return false;
            out_ += sym;
            i_ = k;
            return true;
        }
        if (s_[j] != '{') {
            const char* g = glyph(s_[j]);
            if (!g) return false;
            out_ += g;
            i_ = j + 1;
            return true;
        }
        size_t k = j + 1;
        std::string converted;
        while (k < s_.size() && k - j <= kLookahead && s_[k] != '}') {
            const char* g = glyph(s_[k]);
            if (!g) break;
            converted += g;
            ++k;
        }
        if (k < s_.size() && s_[k] == '}' && k > j + 1) {
            out_ += converted;
            i_ = k + 1;
            return true;
        }
        // Kept as written: the marker, then the group with its braces.
        out_ += s_[i_];
        out_ += '{';
        i_ = j + 1;
        stack_.push_back(Close::Brace);
        return true;
    }

    std::string_view s_;
    size_t i_ = 0;
    std::string out_;
    std::vector<Close> stack_;
    bool math_ = false;
    int double_struck_ = 0;
};

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

std::uint64_t stable_hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a, 64-bit
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string stable_hash_hex(std::string_view s) {
    std::uint64_t h = stable_hash(s);
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

size_t display_width(char32_t cp) {
    if (cp < 0x300) return 1;
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
        (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200F) ||
        (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF)
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

size_t display_width(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++n;
            ++i;
            continue;
        }
        n += display_width(next_code_point(s, i));
    }
    return n;
}

std::string clip_to_width(std::string_view s, size_t width) {
    if (display_width(s) <= width) return std::string(s);
    if (width == 0) return "";
    size_t i = 0, cols = 0;
    while (i < s.size()) {
        size_t j = i;
        const size_t w = display_width(next_code_point(s, j));
        if (cols + w + 1 > width) break;  // room for the '…'
        cols += w;
        i = j;
    }
    std::string out(s.substr(0, i));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\xE2\x80\xA6";
}

std::vector<std::pair<size_t, size_t>> wrap_lines(std::string_view text, size_t width) {
    if (width == 0) width = 1;
    std::vector<std::pair<size_t, size_t>> lines;
    auto space = [&](size_t k) { return text[k] == ' ' || text[k] == '\n' || text[k] == '\t'; };
    size_t i = 0;
    size_t line_b = 0, line_e = 0, line_w = 0;
    bool open = false;
    while (i < text.size()) {
        if (space(i)) {
            ++i;
            continue;
        }
        const size_t wb = i;
        size_t ww = 0;
        while (i < text.size() && !space(i)) {
            if (static_cast<unsigned char>(text[i]) < 0x80) {
                ++ww;
                ++i;
            } else {
                ww += display_width(next_code_point(text, i));
            }
        }
        if (open && line_w + 1 + ww <= width) {
            line_e = i;
            line_w += 1 + ww;
            continue;
        }
        if (open) lines.emplace_back(line_b, line_e);
        open = false;
        if (ww <= width) {
            line_b = wb;
            line_e = i;
            line_w = ww;
            open = true;
            continue;
        }
        // A word wider than a line: pieces of at most `width` columns (at
        // least one character each), the last one left open.
        size_t pb = wb, pw = 0;
        for (size_t k = wb; k < i;) {
            size_t next = k;
            const size_t w = display_width(next_code_point(text, next));
            if (pw > 0 && pw + w > width) {
                lines.emplace_back(pb, k);
                pb = k;
                pw = 0;
            }
            pw += w;
            k = next;
        }
        line_b = pb;
        line_e = i;
        line_w = pw;
        open = true;
    }
    if (open) lines.emplace_back(line_b, line_e);
    return lines;
}

std::string render_tex(std::string_view s) {
    if (s.find_first_of("\\${}~^_") == std::string_view::npos && s.find("``") == std::string_view::npos &&
        s.find("''") == std::string_view::npos && s.find("--") == std::string_view::npos)
        return std::string(s);
    return TexRenderer(s).run();
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
