// Facets: exact counts over the whole match set of a query, by category
// (every listed one), primary category, archive, year, month or author,
// largest first (ties by value). A Xapian::MatchSpy (FacetSpy) reads the
// list slots (schema::kCategoriesSlot, kAuthorsSlot) and the submission date
// of every match. Over a remote shard, whose server (xapian-tcpsrv) knows
// only Xapian's own match spies, Xapian's ValueCountMatchSpy counts the same
// slots there and the values are split here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "query/search/results.h"

namespace arxiv {

// Facet names accepted by --facets and /search?facets=, in order.
const std::vector<std::string>& facet_names();

// A facet's values and their counts. An open-addressing table whose keys
// live in one buffer: the author facet of a broad query counts millions of
// names, and a node per name (std::unordered_map) spent most of the time in
// cache misses and allocation.
class FacetCounts {
public:
    void add(std::string_view value, std::uint64_t n);
    size_t size() const { return used_; }
    // fn(value, count) for each value, in no particular order.
    template <typename Fn>
    void for_each(Fn fn) const {
        for (const Slot& s : slots_)
            if (s.count) fn(std::string_view(keys_).substr(s.offset, s.length), s.count);
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint64_t count = 0;  // 0: empty
        size_t offset = 0;
        size_t length = 0;
    };
    void grow();
    std::vector<Slot> slots_;
    std::string keys_;
    size_t used_ = 0;
};

class FacetSpy : public Xapian::MatchSpy {
public:
    explicit FacetSpy(std::vector<std::string> names = {});
    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    Xapian::MatchSpy* unserialise(const std::string& serialised, const Xapian::Registry& context) const override;
    std::string serialise_results() const override;
    void merge_results(const std::string& serialised) override;
    std::string get_description() const override;

    // The counts of the facets named in `order`, in that order, each cut
    // to `limit` values.
    std::vector<FacetResult> results(const std::vector<std::string>& order, size_t limit) const;

private:
    std::vector<std::string> names_;
    std::vector<FacetCounts> counts_;  // by facet, as names_
};

// Splits "category,year" into names; throws std::invalid_argument naming an
// unknown facet.
std::vector<std::string> parse_facet_list(std::string_view list);

// Exact facet counts over every document matching `query`; `remote`: `db`
// reaches a remote shard (reaches_remote_shard in common/util/db_location.h).
// `decider` (local indexes only) sees every match first: the CPU bound.
std::vector<FacetResult> count_facets(Xapian::Database& db, const Xapian::Query& query,
                                      const std::vector<std::string>& names, size_t limit, bool remote,
                                      const Xapian::MatchDecider* decider = nullptr);

}  // namespace arxiv
