#include "query/search/facets.h"

#include <algorithm>
#include <stdexcept>

#include "common/schema/schema.h"
#include "common/schema/taxonomy.h"

namespace arxiv {
namespace {

std::vector<std::string_view> split_list(std::string_view v) {
    std::vector<std::string_view> out;
    for (size_t pos = 0; pos < v.size();) {
        size_t sep = v.find(schema::kListSeparator, pos);
        if (sep == std::string_view::npos) sep = v.size();
        if (sep > pos) out.push_back(v.substr(pos, sep - pos));
        pos = sep + 1;
    }
    return out;
}

// Counts a value once per document.
void count_once(std::map<std::string, std::uint64_t>& counts, std::vector<std::string>& seen, std::string value) {
    if (value.empty() || std::find(seen.begin(), seen.end(), value) != seen.end()) return;
    ++counts[value];
    seen.push_back(std::move(value));
}

// Length-prefixed strings, for serialising.
void put(std::string& out, std::string_view s) { out += std::to_string(s.size()) + ":" + std::string(s); }
bool get(std::string_view& in, std::string& s) {
    size_t colon = in.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 12) return false;
    size_t n = 0;
    for (size_t i = 0; i < colon; ++i) {
        if (in[i] < '0' || in[i] > '9') return false;
        n = n * 10 + static_cast<size_t>(in[i] - '0');
    }
    if (in.size() < colon + 1 + n) return false;
    s = std::string(in.substr(colon + 1, n));
    in.remove_prefix(colon + 1 + n);
    return true;
}

}  // namespace

const std::vector<std::string>& facet_names() {
    static const std::vector<std::string> names{"category", "primary", "archive", "year", "month", "author"};
    return names;
}

std::vector<std::string> parse_facet_list(std::string_view list) {
    std::vector<std::string> out;
    for (size_t pos = 0; pos <= list.size();) {
        size_t comma = list.find(',', pos);
        if (comma == std::string_view::npos) comma = list.size();
        std::string name(list.substr(pos, comma - pos));
        pos = comma + 1;
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name.empty()) continue;
        if (name == "cat") name = "category";
        if (std::find(facet_names().begin(), facet_names().end(), name) == facet_names().end())
            throw std::invalid_argument("unknown facet '" + name +
                                        "'; facets are category, primary, archive, year, month and author");
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
}

FacetSpy::FacetSpy(std::vector<std::string> names) : names_(std::move(names)), counts_(names_.size()) {}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    std::vector<std::string_view> cats;
    bool cats_read = false;
    auto categories = [&]() -> const std::vector<std::string_view>& {
        if (!cats_read) {
            static thread_local std::string value;
            value = doc.get_value(schema::kCategoriesSlot);
            cats = split_list(value);
            cats_read = true;
        }
        return cats;
    };
    std::vector<std::string> seen;
    for (size_t f = 0; f < names_.size(); ++f) {
        auto& counts = counts_[f];
        seen.clear();
        const std::string& name = names_[f];
        if (name == "category") {
            for (std::string_view c : categories()) count_once(counts, seen, std::string(c));
        } else if (name == "primary") {
            if (!categories().empty()) count_once(counts, seen, std::string(categories().front()));
        } else if (name == "archive") {
            for (std::string_view c : categories()) count_once(counts, seen, archive_of(c));
        } else if (name == "year" || name == "month") {
            const std::string date = doc.get_value(schema::kSubmittedSlot);
            if (date.size() == 8)
                count_once(counts, seen, name == "year" ? date.substr(0, 4) : date.substr(0, 4) + "-" + date.substr(4, 2));
        } else if (name == "author") {
            const std::string authors = doc.get_value(schema::kAuthorsSlot);
            for (std::string_view a : split_list(authors)) count_once(counts, seen, std::string(a));
        }
    }
}

Xapian::MatchSpy* FacetSpy::clone() const { return new FacetSpy(names_); }

std::string FacetSpy::name() const { return "arxiv_search::FacetSpy"; }

std::string FacetSpy::serialise() const {
    std::string out;
    for (const std::string& n : names_) put(out, n);
    return out;
}

Xapian::MatchSpy* FacetSpy::unserialise(const std::string& serialised, const Xapian::Registry&) const {
    std::string_view in = serialised;
    std::vector<std::string> names;
    std::string n;
    while (!in.empty() && get(in, n)) names.push_back(n);
    return new FacetSpy(std::move(names));
}

std::string FacetSpy::serialise_results() const {
    std::string out;
    for (const auto& counts : counts_) {
        put(out, std::to_string(counts.size()));
        for (const auto& [value, count] : counts) {
            put(out, value);
            put(out, std::to_string(count));
        }
    }
    return out;
}

void FacetSpy::merge_results(const std::string& serialised) {
    std::string_view in = serialised;
    for (auto& counts : counts_) {
        std::string size, value, count;
        if (!get(in, size)) return;
        for (unsigned long i = 0, n = std::stoul(size); i < n; ++i) {
            if (!get(in, value) || !get(in, count)) return;
            counts[value] += std::stoull(count);
        }
    }
}

std::string FacetSpy::get_description() const { return "FacetSpy(" + serialise() + ")"; }

std::vector<FacetResult> FacetSpy::results(size_t limit) const {
    std::vector<FacetResult> out;
    for (size_t f = 0; f < names_.size(); ++f) {
        FacetResult r;
        r.name = names_[f];
        r.distinct = counts_[f].size();
        for (const auto& [value, count] : counts_[f]) r.values.push_back({value, count});
        // Largest first; ties by value (years and months newest first).
        const bool dates = r.name == "year" || r.name == "month";
        std::sort(r.values.begin(), r.values.end(), [dates](const FacetValue& a, const FacetValue& b) {
            if (a.count != b.count) return a.count > b.count;
            return dates ? a.value > b.value : a.value < b.value;
        });
        if (r.values.size() > limit) r.values.resize(limit);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<FacetResult> count_facets(Xapian::Database& db, const Xapian::Query& query,
                                      const std::vector<std::string>& names, size_t limit) {
    if (names.empty()) return {};
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    FacetSpy spy(names);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    return spy.results(limit);
}

}  // namespace arxiv
