#include "common/schema/schema.h"

#include <cctype>
#include <stdexcept>

#include "common/text/text.h"
#include "common/util/normalize.h"

namespace arxiv::schema {
namespace {

std::string lower_value(std::string_view value) {
    std::string out(value);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string id_value(std::string_view value) {
    auto id = parse_arxiv_id(value);
    return id ? id->id : "";
}

std::string doi_value(std::string_view value) { return lower_value(normalize_doi(value)); }

std::string report_value(std::string_view value) { return lower_value(collapse_whitespace(value)); }

}  // namespace

const std::vector<Field>& fields() {
    static const std::vector<Field> table = {
        {"title", "ti", Kind::Text, "S", 0, "", "words or phrases in the title"},
        {"abstract", "abs", Kind::Text, "B", 0, "", "words or phrases in the abstract"},
        {"author", "au", Kind::Name, "A", 0, "",
         "an author's name; quoted names match within one author"},
        {"comment", "co", Kind::Text, "XCO", 0, "", "the comments field (pages, venue, ...)"},
        {"journal", "jr", Kind::Text, "XJR", 0, "", "the journal reference"},
        {"text", "", Kind::Composite, "", 0, "title abstract",
         "title and abstract (what unfielded words search)"},
        {"all", "", Kind::Composite, "", 0, "title abstract author comment journal",
         "title, abstract, authors, comment and journal reference"},
        {"cat", "category", Kind::Filter, "XCAT", 0, "",
         "any listed category; cat:cs or cat:cs.* for a whole archive", lower_value},
        {"primary", "", Kind::Filter, "XPRIM", 0, "", "the primary category (or archive)", lower_value},
        {"archive", "", Kind::Filter, "XARCH", 0, "", "any listed archive (cs, math, hep-th)", lower_value},
        {"id", "", Kind::Filter, "Q", 0, "", "an arXiv id in any written form", id_value},
        {"doi", "", Kind::Filter, "XDOI", 0, "", "a DOI (bare or as a doi.org URL)", doi_value},
        {"report", "rn", Kind::Filter, "XRN", 0, "", "a report number", report_value},
        {"date", "submitted", Kind::DateRange, "XDS", kSubmittedSlot, "",
         "v1 submission date or range: 2025, 2025-03, 2025-01..2025-03-31"},
        {"updated", "", Kind::DateRange, "XDU", kUpdatedSlot, "",
         "date of the latest version, same forms as date:"},
        {"announced", "", Kind::DateRange, "XDA", kAnnouncedSlot, "",
         "day a daily listing announced it, same forms as date:"},
    };
    return table;
}

const Field* find_field(std::string_view name) {
    for (const Field& f : fields()) {
        if (f.name == name) return &f;
        std::string_view aliases = f.aliases;
        size_t pos = 0;
        while (pos < aliases.size()) {
            size_t end = aliases.find(' ', pos);
            if (end == std::string_view::npos) end = aliases.size();
            if (aliases.substr(pos, end - pos) == name) return &f;
            pos = end + 1;
        }
    }
    return nullptr;
}

const Field& field(std::string_view name) {
    const Field* f = find_field(name);
    if (!f) throw std::logic_error("schema has no field named '" + std::string(name) + "'");
    return *f;
}

const Field& default_field() {
    static const Field& f = field("text");
    return f;
}

std::vector<const Field*> member_fields(const Field& f) {
    if (f.kind != Kind::Composite) return {&f};
    std::vector<const Field*> out;
    for (std::string_view name : split_at(f.members, ' ')) out.push_back(&field(name));
    return out;
}

std::string filter_value(const Field& f, std::string_view value) {
    return f.normalise ? f.normalise(value) : std::string(value);
}

std::string make_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (!value.empty() && std::isupper(static_cast<unsigned char>(value[0])) && term.size() > 1)
        term += ':';
    if (term.size() + value.size() <= kMaxTermBytes) return term += value;
    // "#" + 16 hex digits of the whole value after the longest prefix of it
    // that fits and does not split a UTF-8 sequence.
    const std::string hash = "#" + stable_hash_hex(value);
    size_t keep = kMaxTermBytes - term.size() - hash.size();
    while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80) --keep;
    term.append(value.substr(0, keep));
    return term += hash;
}

std::string date_order_key(std::string_view date_value, std::string_view id_sort_key) {
    std::string key = date_value.empty() ? std::string(8, '0') : std::string(date_value);
    key += id_sort_key;
    return key;
}

std::string make_term(const Field& f, std::string_view value) { return make_term(f.prefix, value); }

std::vector<std::string> date_terms(const Field& f, std::string_view value) {
    if (f.kind != Kind::DateRange || value.size() != 8) return {};
    std::string year(f.prefix);
    year += value.substr(0, 4);
    std::string month(f.prefix);
    month += value.substr(0, 6);
    return {year, month};
}

std::string_view field_name_for_prefix(std::string_view prefix) {
    for (const Field& f : fields())
        if (!f.prefix.empty() && f.prefix == prefix) return f.name;
    return "";
}

}  // namespace arxiv::schema
