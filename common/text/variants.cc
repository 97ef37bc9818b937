#include "common/text/variants.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace arxiv {
namespace {

bool ascii_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool ascii_lower(char c) { return c >= 'a' && c <= 'z'; }

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// ---- Acronym plurals ---------------------------------------------------------

const std::unordered_set<std::string_view>& element_symbols() {
    static const std::unordered_set<std::string_view> symbols = {
        "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",
        "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge",
        "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd",
        "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd",
        "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg",
        "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm",
        "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn",
        "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};
    return symbols;
}

// "GaAs", "InGaAs", "AlAs": element symbols (digits allowed) ending in
// arsenic, with a two-letter symbol before it. "PCAs" or "CAs" (single
// letters only) are acronyms.
bool arsenide_formula(std::string_view tok) {
    if (!ends_with(tok, "As")) return false;
    std::string_view body = tok.substr(0, tok.size() - 2);
    bool two_letter = false;
    size_t i = 0;
    while (i < body.size()) {
        if (std::isdigit(static_cast<unsigned char>(body[i]))) {
            ++i;
            continue;
        }
        if (i + 1 < body.size() && ascii_lower(body[i + 1]) && element_symbols().count(body.substr(i, 2))) {
            two_letter = true;
            i += 2;
        } else if (element_symbols().count(body.substr(i, 1))) {
            ++i;
        } else {
            return false;
        }
    }
    return two_letter;
}

bool plural_acronym(std::string_view tok) {
    if (tok.size() < 3 || tok.back() != 's' || !ascii_upper(tok[tok.size() - 2])) return false;
    if (!std::isalpha(static_cast<unsigned char>(tok.front()))) return false;
    const auto capitals = std::count_if(tok.begin(), tok.end() - 1, ascii_upper);
    return capitals >= 2 && !arsenide_formula(tok);
}

// ---- Spelling ------------------------------------------------------------------

// Words spelt -ise in American English too (and -wise adverbs), so never
// made -ize; the list is of base forms, checked for every inflection.
const std::unordered_set<std::string_view>& ise_words() {
    static const std::unordered_set<std::string_view> words = {
        "advertise", "advise",    "appraise",  "apprise",    "arise",      "braise",     "bruise",
        "chastise",  "chemise",   "circumcise", "comprise",  "compromise", "concise",    "cruise",
        "demise",    "despise",   "devise",    "disguise",   "enterprise", "excise",     "exercise",
        "expertise", "franchise", "improvise", "imprecise",  "incise",     "merchandise", "mortise",
        "noise",     "otherwise", "paradise",  "poise",      "porpoise",   "praise",     "precise",
        "premise",   "prise",     "promise",   "raise",      "reprise",    "revise",     "rise",
        "sunrise",   "supervise", "surmise",   "surprise",   "televise",   "tortoise",   "treatise",
        "turquoise", "valise",    "guise",     "anise",      "cerise",     "seise",      "uprise",
        "precise",   "concise",   "reprise",   "raise",      "premise",    "expertise"};
    return words;
}

// Whether a base form is -ise in American English: listed, or a listed word
// of five letters or more with a prefix ("unsupervise", "denoise",
// "imprecise"). "arise", "raise" and "rise" count only as themselves, or
// "polarise" and "summarise" would be caught.
bool american_ise(std::string_view base) {
    if (ise_words().count(base)) return true;
    for (std::string_view w : ise_words())
        if (w.size() >= 5 && w != "arise" && w != "raise" && ends_with(base, w)) return true;
    return false;
}

// Replacements of a whole word.
const std::unordered_map<std::string_view, std::string_view>& word_table() {
    static const std::unordered_map<std::string_view, std::string_view> table = {
        {"grey", "gray"},           {"greys", "grays"},           {"greyscale", "grayscale"},
        {"programme", "program"},   {"programmes", "programs"},   {"aluminium", "aluminum"},
        {"artefact", "artifact"},   {"artefacts", "artifacts"},   {"sceptic", "skeptic"},
        {"sceptics", "skeptics"},   {"sceptical", "skeptical"},   {"scepticism", "skepticism"},
        {"ageing", "aging"},        {"judgement", "judgment"},    {"judgements", "judgments"},
        {"acknowledgement", "acknowledgment"}, {"acknowledgements", "acknowledgments"},
        {"fulfil", "fulfill"},      {"fulfils", "fulfills"},      {"fulfilment", "fulfillment"},
        {"enrol", "enroll"},        {"enrols", "enrolls"},        {"enrolment", "enrollment"},
        {"instalment", "installment"}, {"skilful", "skillful"},   {"wilful", "willful"},
        {"mould", "mold"},          {"moulds", "molds"},          {"moulding", "molding"},
        {"plough", "plow"},         {"defence", "defense"},       {"defences", "defenses"},
        {"offence", "offense"},     {"offences", "offenses"},     {"licence", "license"},
        {"licences", "licenses"},   {"pretence", "pretense"},     {"catalogue", "catalog"},
        {"catalogues", "catalogs"}, {"catalogued", "cataloged"},  {"analogue", "analog"},
        {"analogues", "analogs"},   {"dialogue", "dialog"},       {"dialogues", "dialogs"},
        {"manoeuvre", "maneuver"},  {"manoeuvres", "maneuvers"},  {"manoeuvring", "maneuvering"},
        {"centre", "center"},       {"centres", "centers"},       {"centred", "centered"},
        {"centring", "centering"},  {"epicentre", "epicenter"},   {"fibre", "fiber"},
        {"fibres", "fibers"},       {"theatre", "theater"},       {"theatres", "theaters"},
        {"litre", "liter"},         {"litres", "liters"},         {"spectre", "specter"},
        {"calibre", "caliber"},     {"lustre", "luster"},         {"sombre", "somber"},
        {"meagre", "meager"},       {"sabre", "saber"},           {"titre", "titer"},
        {"titres", "titers"},       {"goitre", "goiter"},         {"sceptre", "scepter"},
        {"mitre", "miter"},         {"nitre", "niter"},           {"diarrhoea", "diarrhea"},
        {"mediaeval", "medieval"},  {"encyclopaedia", "encyclopedia"}, {"foetus", "fetus"},
        {"foetal", "fetal"},        {"oedema", "edema"},
    };
    return table;
}

// -our words (base forms); every word starting with one is rewritten there
// ("behavioural", "neighbourhood", "favourite"). "four", "hour", "tour",
// "pour", "your" are not bases and so untouched.
constexpr std::array<std::string_view, 30> kOurBases = {
    "behaviour", "colour",  "favour",    "flavour", "honour",   "humour",   "labour",   "neighbour",
    "rumour",    "tumour",  "vapour",    "harbour", "armour",   "vigour",   "rigour",   "odour",
    "saviour",   "endeavour", "clamour", "parlour", "splendour", "valour",  "candour",  "ardour",
    "fervour",   "savour",  "demeanour", "succour", "glamour",  "arbour"};

// Prefixes of medical and scientific words with ae/oe ("haematology",
// "anaesthesia", "oesophagus", "palaeontology").
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kDiphthongs = {{
    {"haem", "hem"},
    {"anaem", "anem"},
    {"leukaem", "leukem"},
    {"ischaem", "ischem"},
    {"anaesth", "anesth"},
    {"paediatr", "pediatr"},
    {"orthopaed", "orthoped"},
    {"oestr", "estr"},
    {"oesophag", "esophag"},
    {"gynaecolog", "gynecolog"},
    {"palaeo", "paleo"},
}};

int vowel_groups(std::string_view s) {
    int groups = 0;
    bool in_vowel = false;
    for (char c : s) {
        bool v = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
        if (v && !in_vowel) ++groups;
        in_vowel = v;
    }
    return groups;
}

// "optimise(s|d)", "optimising", "optimiser(s)", "optimisation(s)",
// "optimisable" -> -iz-.
bool fold_ise(std::string& w) {
    static const std::array<std::string_view, 10> suffixes = {
        "isations", "isation", "isers", "iser", "ising", "ised", "ises", "ise", "isable", "isability"};
    for (std::string_view suffix : suffixes) {
        if (!ends_with(w, suffix)) continue;
        const size_t at = w.size() - suffix.size();
        const std::string base = w.substr(0, at) + "ise";
        if (base.size() < 6 || ends_with(base, "wise") || american_ise(base)) return false;
        w[at + 1] = 'z';
        return true;
    }
    return false;
}

// "analyse(s|d)", "analysing", "analyser(s)" (also catalyse, paralyse,
// hydrolyse, dialyse) -> -lyz-.
bool fold_yse(std::string& w) {
    static const std::array<std::string_view, 6> suffixes = {"lysers", "lyser", "lysing", "lysed", "lyses", "lyse"};
    for (std::string_view suffix : suffixes) {
        if (!ends_with(w, suffix)) continue;
        const size_t at = w.size() - suffix.size();
        if (at < 2) return false;  // "lyse" itself
        w[at + 2] = 'z';
        return true;
    }
    return false;
}

// "modelling", "labelled", "travellers", "signalling" -> one l, when the
// word before "ll" has two vowel groups (so "telling", "spelled" stay).
bool fold_double_l(std::string& w) {
    static const std::array<std::string_view, 6> suffixes = {"ellers", "eller", "elling", "elled", "alling", "alled"};
    for (std::string_view suffix : suffixes) {
        if (!ends_with(w, suffix)) continue;
        const size_t l = w.size() - suffix.size() + 1;  // first l
        if (vowel_groups(std::string_view(w).substr(0, l)) < 2) return false;
        w.erase(l, 1);
        return true;
    }
    return false;
}

}  // namespace

std::string mark_acronyms(std::string_view s) {
    // The ASCII letter-and-digit tokens of the text; one inside a longer
    // word of other scripts is not a token of its own.
    struct Tok {
        size_t begin, end;
        bool all_caps;
    };
    std::vector<Tok> toks;
    for (size_t i = 0; i < s.size();) {
        if (!ascii_alnum(s[i])) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < s.size() && ascii_alnum(s[j])) ++j;
        const bool joined = (i > 0 && static_cast<unsigned char>(s[i - 1]) >= 0x80) ||
                            (j < s.size() && (static_cast<unsigned char>(s[j]) >= 0x80 || s[j] == '_'));
        std::string_view t = s.substr(i, j - i);
        const bool caps = std::any_of(t.begin(), t.end(), ascii_upper) && std::none_of(t.begin(), t.end(), ascii_lower);
        if (!joined) toks.push_back({i, j, caps && t.size() >= 2});
        i = j;
    }
    std::string out;
    out.reserve(s.size() + 16);
    size_t copied = 0;
    for (size_t k = 0; k < toks.size(); ++k) {
        std::string_view t = s.substr(toks[k].begin, toks[k].end - toks[k].begin);
        // Three all-caps words in a row: shouting, not acronyms.
        size_t run = 1;
        if (toks[k].all_caps) {
            for (size_t a = k; a > 0 && toks[a - 1].all_caps; --a) ++run;
            for (size_t b = k + 1; b < toks.size() && toks[b].all_caps; ++b) ++run;
        }
        const bool plural = plural_acronym(t);
        std::string_view word = plural ? t.substr(0, t.size() - 1) : t;
        const bool acronym = looks_like_acronym(word) && run < 3 && (!toks[k].all_caps || word.size() <= 8);
        if (!plural && !acronym) continue;
        out.append(s, copied, toks[k].begin - copied);
        out.append(word);
        if (acronym) out += kAcronymMark;
        copied = toks[k].end;
    }
    out.append(s, copied, std::string_view::npos);
    return out;
}

std::optional<std::string> marked_acronym(std::string_view word) {
    const size_t mark = word.find(kAcronymMark);
    if (mark == std::string_view::npos || mark == 0) return std::nullopt;
    std::string_view rest = word.substr(mark + 1);
    // What may follow the mark inside one token: a possessive.
    if (!rest.empty() && rest != "'s" && rest != "\xE2\x80\x99s" && rest != "'") return std::nullopt;
    return std::string(word.substr(0, mark));
}

std::string fold_spelling(std::string_view word) {
    std::string w(word);
    if (w.size() < 4) return w;
    auto whole = word_table().find(w);
    if (whole != word_table().end()) return std::string(whole->second);
    for (std::string_view base : kOurBases) {
        if (w.compare(0, base.size(), base) == 0) {
            w.erase(base.size() - 2, 1);  // "our" -> "or"
            return w;
        }
    }
    for (const auto& [from, to] : kDiphthongs)
        if (w.compare(0, from.size(), from) == 0) return std::string(to) + w.substr(from.size());
    if (ends_with(w, "metre") || ends_with(w, "metres")) {  // kilometre, nanometres
        const size_t at = w.rfind("metre");
        w.replace(at, 5, "meter");
        return w;
    }
    if (fold_ise(w) || fold_yse(w) || fold_double_l(w)) return w;
    return w;
}

bool looks_like_acronym(std::string_view word) {
    if (word.size() < 2 || word.size() > 12 || !std::isalpha(static_cast<unsigned char>(word[0]))) return false;
    int capitals = 0, lower_run = 0;
    for (char c : word) {
        if (!ascii_alnum(c)) return false;
        capitals += ascii_upper(c);
        lower_run = ascii_lower(c) ? lower_run + 1 : 0;
        // Three lower-case letters in a row make a word: "FlashAttention",
        // "DeepSeek", "PyTorch" are CamelCase words, "LLaMA" and "MoE" not.
        if (lower_run >= 3) return false;
    }
    return capitals >= 2;
}

std::string acronym_key(std::string_view word) {
    std::string key(plural_acronym(word) ? word.substr(0, word.size() - 1) : word);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

namespace {
bool letters_only(std::string_view s) {
    return s.size() >= 2 && std::all_of(s.begin(), s.end(), [](char c) { return ascii_upper(c) || ascii_lower(c); });
}
std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
}  // namespace

std::vector<std::string> digit_compound_parts(std::string_view word) {
    const size_t digit = word.find_first_of("24");
    if (digit == std::string_view::npos) return {};
    const std::string_view left = word.substr(0, digit), right = word.substr(digit + 1);
    if (!letters_only(left) || !letters_only(right)) return {};
    return {lowered(left), word[digit] == '2' ? "to" : "for", lowered(right)};
}

std::string digit_compound(std::string_view left, std::string_view middle, std::string_view right) {
    const std::string m = lowered(middle);
    if ((m != "to" && m != "for") || !letters_only(left) || !letters_only(right)) return "";
    return lowered(left) + (m == "to" ? "2" : "4") + lowered(right);
}

}  // namespace arxiv

