#include "query/search/search.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "common/schema/schema.h"
#include "common/util/db_location.h"
#include "query/lang/compile.h"
#include "query/search/facets.h"

namespace arxiv {
namespace {

constexpr int kRetries = 5;

// BM25 without document-length normalisation (b = 0; Xapian's defaults
// otherwise). Profiling the 2.7M-paper index showed half of every ranked
// query's time went to looking up each candidate's length, and the length
// Xapian has is that of the whole document (title, abstract, authors,
// comment), so it penalised a title match for a long abstract rather than
// normalising anything a user asked about. arXiv abstracts are capped at
// 1,920 characters, which bounds what normalisation could add.
Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(1, 0, 1, 0, 0.5); }

// "YYYYMM" minus `months` months, as "YYYYMM".
std::string months_before(const std::string& yyyymm, int months) {
    int total = std::stoi(yyyymm.substr(0, 4)) * 12 + std::stoi(yyyymm.substr(4, 2)) - 1 - months;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d", total / 12, total % 12 + 1);
    return buf;
}

// Documents whose id falls in a month from `since` to `newest` ("YYYYMM"),
// plus ids without a month (their sort key starts 999999, above all others).
Xapian::Query id_months_query(const std::string& since, const std::string& newest) {
    std::vector<Xapian::Query> months{Xapian::Query(std::string(schema::kIdMonthPrefix) + "999999")};
    for (std::string m = since; m <= newest && m < "999999"; m = months_before(m, -1))
        months.emplace_back(std::string(schema::kIdMonthPrefix) + m);
    return Xapian::Query(Xapian::Query::OP_OR, months.begin(), months.end());
}

// Exact number of matches; weights are irrelevant, so none are computed.
std::uint64_t count_matches(Xapian::Database& db, const Xapian::Query& query, const Xapian::MatchDecider* decider) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, db.get_doccount(), nullptr, decider).get_matches_estimated();
}

// The CPU bound of one search, where Xapian can run it (not through a
// remote shard).
std::unique_ptr<CpuDeadline> deadline_for(const SearchBudget& budget, bool remote) {
    if (budget.cpu_seconds <= 0 || remote) return nullptr;
    return std::make_unique<CpuDeadline>(budget.cpu_seconds);
}

// Runs `fn`, reopening the database when a writer committed underneath us.
template <typename Fn>
auto with_reopen(Searcher& searcher, Fn fn) -> decltype(fn()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return fn();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt + 1 >= kRetries) throw;
            searcher.refresh();
        }
    }
}

}  // namespace

const std::vector<std::string>& sort_names() {
    static const std::vector<std::string> names{"relevance", "submitted", "updated", "id"};
    return names;
}

const std::string& sort_name(Sort sort) { return sort_names().at(static_cast<size_t>(sort)); }

std::optional<Sort> parse_sort(std::string_view name) {
    const auto& names = sort_names();
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Sort>(i);
    return std::nullopt;
}

Searcher::Searcher(const std::string& db_path) : path_(db_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(db_path, ec))
        throw DatabaseUnavailable("no index at " + db_path +
                                  "; create one with: arxiv-index --db " + db_path +
                                  " add FILE... (or set --db / $ARXIV_SEARCH_DB)");
    try {
        through_stub_ = opened_through_stub(db_path);
        db_ = Xapian::Database(db_path);
        remote_ = reaches_remote_shard(db_path);
    } catch (const Xapian::Error& e) {
        throw DatabaseUnavailable("cannot open the index at " + db_path + ": " + e.get_msg());
    }
    if (db_.get_doccount() > 0 &&
        db_.get_metadata(std::string(schema::kSchemaVersionKey)) != schema::kSchemaVersion)
        throw DatabaseUnavailable("the index at " + db_path +
                                  " was built by an older arxiv-search; upgrade it once with: arxiv-index --db " +
                                  db_path + " upgrade");
}

// Xapian's replication guide ("Calling reopen"): a replica is a stub naming
// its live copy, a full copy switches the stub to another folder and removes
// the old one (which a later copy may reuse), and reopen() does not read the
// stub again. Opening anew took 38 us on the 75k-paper replica, reopen() 1.5.
void Searcher::refresh() {
    if (through_stub_) db_ = Xapian::Database(path_);
    else db_.reopen();
}

std::vector<Hit> Searcher::search(const CompiledQuery& query, const SearchOptions& options,
                                  ResultInfo& info) {
    return with_reopen(*this, [&] {
        check_expansion(db_, query.wildcards, budget_);
        const std::unique_ptr<CpuDeadline> deadline = deadline_for(budget_, remote_);
        const Xapian::MatchDecider* decider = deadline.get();
        Xapian::Enquire enquire(db_);
        enquire.set_query(query.query);
        enquire.set_weighting_scheme(ranking_weight());
        // Newest first unless --reverse (date and id sorts only); the unique
        // id key breaks every tie, so paging never repeats or skips a document.
        const bool newest_first = !options.reverse;
        // One slot per order (schema::date_order_key): a remote shard can
        // sort by a value, not by a KeyMaker.
        if (options.sort == Sort::Relevance) enquire.set_sort_by_relevance_then_value(schema::kIdSortSlot, true);
        else if (options.sort == Sort::Submitted) enquire.set_sort_by_value(schema::kSubmittedOrderSlot, newest_first);
        else if (options.sort == Sort::Updated) enquire.set_sort_by_value(schema::kUpdatedOrderSlot, newest_first);
        else enquire.set_sort_by_value(schema::kIdSortSlot, newest_first);
        // Xapian counts in 32 bits: a page past the last document is empty
        // whatever its offset, and no page is longer than the index.
        const Xapian::doccount docs = db_.get_doccount();
        const Xapian::doccount offset = static_cast<Xapian::doccount>(std::min<std::uint64_t>(options.offset, docs));
        const Xapian::doccount limit =
            static_cast<Xapian::doccount>(std::min<std::uint64_t>(options.limit, docs - offset));
        const Xapian::doccount need = offset + limit;
        const Xapian::doccount check_at_least = options.exact_total ? docs : need + 1;
        Xapian::MSet mset;
        // A newest-first order by value (date or id sorts, and relevance when
        // nothing is weighted, which the id tie-break then decides) must look
        // at every match: ~1 us each, 10 ms for 10k matches. So first try only
        // the most recent months. If they hold the whole page, every older
        // match ranks below it and the page is the one the whole index gives;
        // an exact total then comes from a plain count, which needs no sort.
        const bool by_id = options.sort == Sort::Id || (options.sort == Sort::Relevance && !query.ranked);
        bool done = false;
        if ((by_id || options.sort != Sort::Relevance) && newest_first && need > 0) {
            const Xapian::valueno slot = by_id ? schema::kIdSortSlot
                                         : options.sort == Sort::Submitted ? schema::kSubmittedSlot
                                                                       : schema::kUpdatedSlot;
            const std::string newest = db_.get_value_upper_bound(slot);
            for (int months : {1, 6, 36}) {
                if (newest.size() < 6) break;
                const std::string since = months_before(newest.substr(0, 6), months);
                Xapian::Query recent =
                    by_id ? id_months_query(since, newest.substr(0, 6))
                          : date_range_query(schema::field(options.sort == Sort::Submitted ? "date" : "updated"),
                                             since + "00", "");
                enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query.query, recent));
                mset = enquire.get_mset(offset, limit, need + 1, nullptr, decider);
                if (mset.get_matches_lower_bound() >= need) {
                    done = true;
                    break;
                }
            }
            enquire.set_query(query.query);
        }
        if (done) {
            info.total =
                options.exact_total ? count_matches(db_, query.query, decider) : mset.get_matches_lower_bound();
        } else {
            mset = enquire.get_mset(offset, limit, check_at_least, nullptr, decider);
            info.total = options.exact_total ? mset.get_matches_estimated() : mset.get_matches_lower_bound();
        }
        info.offset = options.offset;
        info.limit = options.limit;
        info.sort = sort_name(options.sort);
        std::vector<Hit> hits;
        hits.reserve(mset.size());
        std::uint64_t rank = offset;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.doc = decode_stored(it.get_document().get_data());
            hit.rank = static_cast<unsigned>(++rank);
            hit.score = it.get_weight();
            hit.docid = *it;
            hits.push_back(std::move(hit));
        }
        return hits;
    });
}

std::vector<FacetResult> Searcher::facets(const CompiledQuery& query, const std::vector<std::string>& names,
                                          size_t limit) {
    return with_reopen(*this, [&] {
        check_expansion(db_, query.wildcards, budget_);
        const std::unique_ptr<CpuDeadline> deadline = deadline_for(budget_, remote_);
        return count_facets(db_, query.query, names, limit, remote_, deadline.get());
    });
}

std::uint64_t Searcher::count(const CompiledQuery& query) {
    return with_reopen(*this, [&] {
        check_expansion(db_, query.wildcards, budget_);
        const std::unique_ptr<CpuDeadline> deadline = deadline_for(budget_, remote_);
        return count_matches(db_, query.query, deadline.get());
    });
}

}  // namespace arxiv
