#include "query/search/facets.h"

#include <algorithm>
#include <functional>
#include <memory>
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

// The slot a facet reads.
Xapian::valueno facet_slot(const std::string& name) {
    if (name == "year" || name == "month") return schema::kSubmittedSlot;
    if (name == "author") return schema::kAuthorsSlot;
    return schema::kCategoriesSlot;
}

// Calls `fn` with each of the facet's values in one slot value, each once.
template <typename Fn>
void for_each_facet_value(const std::string& name, std::string_view value, Fn fn) {
    if (name == "year" || name == "month") {
        if (value.size() == 8)
            fn(name == "year" ? std::string(value.substr(0, 4))
                              : std::string(value.substr(0, 4)) + "-" + std::string(value.substr(4, 2)));
        return;
    }
    static thread_local std::vector<std::string_view> items;
    items = split_list(value);
    if (name == "primary") {
        if (!items.empty()) fn(items.front());
        return;
    }
    if (name == "archive") {
        static thread_local std::vector<std::string> archives;
        archives.clear();
        for (std::string_view item : items) {
            std::string a = archive_of(item);
            if (std::find(archives.begin(), archives.end(), a) == archives.end()) archives.push_back(std::move(a));
        }
        for (const std::string& a : archives) fn(a);
        return;
    }
    // An author or category listed twice counts once (a list of thousands of
    // authors is sorted rather than searched item by item).
    if (items.size() > 16) {
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        for (std::string_view item : items) fn(item);
        return;
    }
    for (size_t i = 0; i < items.size(); ++i)
        if (std::find(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i), items[i]) == items.begin() + static_cast<std::ptrdiff_t>(i))
            fn(items[i]);
}

void add_count(FacetCounts& counts, std::string_view value, std::uint64_t n) {
    if (!value.empty() && n) counts.add(value, n);
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

void FacetCounts::add(std::string_view value, std::uint64_t n) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    const std::uint64_t hash = std::hash<std::string_view>{}(value);
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (!s.count) {
            s.hash = hash;
            s.count = n;
            s.offset = keys_.size();
            s.length = value.size();
            keys_.append(value);
            ++used_;
            return;
        }
        if (s.hash == hash && s.length == value.size() && keys_.compare(s.offset, s.length, value) == 0) {
            s.count += n;
            return;
        }
    }
}

void FacetCounts::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot());
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (!s.count) continue;
        size_t i = static_cast<size_t>(s.hash) & mask;
        while (slots_[i].count) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

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

FacetSpy::FacetSpy(std::vector<std::string> names) : names_(std::move(names)) {
    // Facets of one slot side by side (the results keep the order asked for).
    std::stable_sort(names_.begin(), names_.end(),
                     [](const std::string& a, const std::string& b) { return facet_slot(a) < facet_slot(b); });
    counts_.resize(names_.size());
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    // Category, primary and archive read one slot, year and month another:
    // each slot is read once per document.
    Xapian::valueno read_slot = Xapian::BAD_VALUENO;
    std::string value;
    for (size_t f = 0; f < names_.size(); ++f) {
        const Xapian::valueno slot = facet_slot(names_[f]);
        if (slot != read_slot) {
            value = doc.get_value(slot);
            read_slot = slot;
        }
        for_each_facet_value(names_[f], value, [&](std::string_view v) { add_count(counts_[f], v, 1); });
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
        counts.for_each([&](std::string_view value, std::uint64_t count) {
            put(out, value);
            put(out, std::to_string(count));
        });
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
            add_count(counts, value, std::stoull(count));
        }
    }
}

std::string FacetSpy::get_description() const { return "FacetSpy(" + serialise() + ")"; }

namespace {

// One facet's counts as a result: largest first, ties by value (years and
// months newest first), cut to `limit` (only those are sorted).
FacetResult facet_result(const std::string& name, const FacetCounts& counts, size_t limit) {
    FacetResult r;
    r.name = name;
    r.distinct = counts.size();
    const bool dates = name == "year" || name == "month";
    using Entry = std::pair<std::string_view, std::uint64_t>;
    std::vector<Entry> entries;
    entries.reserve(counts.size());
    counts.for_each([&](std::string_view value, std::uint64_t count) { entries.emplace_back(value, count); });
    auto before = [dates](const Entry& a, const Entry& b) {
        if (a.second != b.second) return a.second > b.second;
        return dates ? a.first > b.first : a.first < b.first;
    };
    const size_t n = std::min(limit, entries.size());
    std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(n), entries.end(), before);
    for (size_t i = 0; i < n; ++i) r.values.push_back({std::string(entries[i].first), entries[i].second});
    return r;
}

// Over a remote shard: Xapian's own ValueCountMatchSpy, one per slot, which
// xapian-tcpsrv runs and merges; its counts per whole slot value are then
// split into the facets' values here. Same counts as FacetSpy, at the price
// of one entry per distinct slot value (an author list is nearly one per
// paper), so local indexes keep FacetSpy.
std::vector<FacetResult> count_facets_by_value(Xapian::Enquire& enquire, const Xapian::Database& db,
                                               const std::vector<std::string>& names, size_t limit) {
    std::map<Xapian::valueno, std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    for (const std::string& name : names) {
        auto& spy = spies[facet_slot(name)];
        if (!spy) {
            spy = std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(name));
            enquire.add_matchspy(spy.get());
        }
    }
    enquire.get_mset(0, 0, db.get_doccount());
    std::vector<FacetResult> out;
    for (const std::string& name : names) {
        FacetCounts counts;
        const Xapian::ValueCountMatchSpy& spy = *spies[facet_slot(name)];
        for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
            const std::uint64_t n = v.get_termfreq();
            for_each_facet_value(name, *v, [&](std::string_view value) { add_count(counts, value, n); });
        }
        out.push_back(facet_result(name, counts, limit));
    }
    return out;
}

}  // namespace

std::vector<FacetResult> FacetSpy::results(const std::vector<std::string>& order, size_t limit) const {
    std::vector<FacetResult> out;
    for (const std::string& name : order) {
        const size_t f = static_cast<size_t>(std::find(names_.begin(), names_.end(), name) - names_.begin());
        if (f < names_.size()) out.push_back(facet_result(names_[f], counts_[f], limit));
    }
    return out;
}

std::vector<FacetResult> count_facets(Xapian::Database& db, const Xapian::Query& query,
                                      const std::vector<std::string>& names, size_t limit, bool remote,
                                      const Xapian::MatchDecider* decider) {
    if (names.empty()) return {};
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (remote) return count_facets_by_value(enquire, db, names, limit);
    FacetSpy spy(names);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount(), nullptr, decider);
    return spy.results(names, limit);
}

}  // namespace arxiv
