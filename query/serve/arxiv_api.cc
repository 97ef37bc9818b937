#include "query/serve/arxiv_api.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pugixml.hpp>
#include <xapian.h>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "query/lang/compile.h"
#include "query/output/atom.h"
#include "query/request/request.h"
#include "query/search/search.h"
#include "query/serve/html.h"

namespace arxiv {
namespace {

constexpr const char* kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";
constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";
// arXiv answers 400 above this; below it, the page is cut to --max-results.
constexpr std::uint64_t kArxivMaxResults = 30000;

std::string utc_now(const char* format) { return format_utc(std::time(nullptr), format); }

// "incorrect id format for 2403.0441" -> "incorrect_id_format_for_2403.0441",
// as in arXiv's error ids.
std::string error_slug(std::string_view message) {
    std::string out;
    for (unsigned char c : message) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') out += static_cast<char>(c);
        else if (out.empty() || out.back() != '_') out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

// Atom has only the summary, so the hint joins the message there.
std::string with_hint(const std::string& message, const QuerySyntaxError& e) {
    return e.hint.empty() ? message : message + "; " + e.hint;
}


struct FeedHeader {
    std::string search_query, id_list;
    std::uint64_t start = 0, max_results = 10;
    std::string base_url;
    std::uint64_t total = 0;
    std::uint64_t items_per_page = 0;
};

using Feed = std::unique_ptr<AtomFeed>;

Feed begin_feed(const FeedHeader& h, const std::string& updated) {
    // Declared once on <feed>; arXiv sometimes repeats them on each element,
    // which is the same document to any namespace-aware reader.
    auto atom = std::make_unique<AtomFeed>(
        std::vector<std::pair<std::string, std::string>>{{"opensearch", kOpenSearchNs}, {"arxiv", kArxivNamespace}});
    pugi::xml_node feed = atom->feed();
    const std::string start = std::to_string(h.start), max = std::to_string(h.max_results);
    AtomFeed::link(feed,
                   h.base_url + "/api/query?search_query=" + url_encode(h.search_query) +
                       "&id_list=" + url_encode(h.id_list) + "&start=" + start + "&max_results=" + max,
                   "self", "application/atom+xml");
    const std::string title = "ArXiv Query: search_query=" + h.search_query + "&id_list=" + h.id_list +
                              "&start=" + start + "&max_results=" + max;
    AtomFeed::text(feed, "title", title).append_attribute("type") = "html";
    AtomFeed::text(feed, "id", h.base_url + "/api/" + stable_hash_hex(title));
    AtomFeed::text(feed, "updated", updated);
    AtomFeed::text(feed, "opensearch:totalResults", std::to_string(h.total));
    AtomFeed::text(feed, "opensearch:startIndex", std::to_string(h.start));
    AtomFeed::text(feed, "opensearch:itemsPerPage", std::to_string(h.items_per_page));
    return atom;
}

void add_entry(AtomFeed& atom, const StoredDoc& doc, const std::string& feed_updated) {
    const Record& r = doc.record;
    const std::string versioned = r.id + (r.version ? "v" + std::to_string(r.version) : "");
    const std::string abs = "http://arxiv.org/abs/" + versioned;
    // Atom requires both dates; fall back to what we know rather than omit.
    std::string updated = day_start_timestamp(r.effective_updated());
    if (updated.empty()) updated = doc.first_indexed.empty() ? feed_updated : doc.first_indexed;
    std::string published = day_start_timestamp(r.submitted);
    if (published.empty()) published = updated;

    pugi::xml_node e = atom.add_entry();
    AtomFeed::text(e, "id", abs);
    AtomFeed::text(e, "updated", updated);
    AtomFeed::text(e, "published", published);
    AtomFeed::text(e, "title", r.title);
    AtomFeed::text(e, "summary", r.abstract);
    for (size_t i = 0; i < r.authors.size(); ++i)
        AtomFeed::author(e, r.authors[i], i < r.affiliations.size() ? r.affiliations[i] : std::vector<std::string>{});
    if (!r.doi.empty()) {
        AtomFeed::text(e, "arxiv:doi", r.doi);
        // Several DOIs are space-separated; the link carries the first.
        AtomFeed::link(e, "http://dx.doi.org/" + r.doi.substr(0, r.doi.find(' ')), "related", nullptr, "doi");
    }
    if (!r.comment.empty()) AtomFeed::text(e, "arxiv:comment", r.comment);
    if (!r.journal_ref.empty()) AtomFeed::text(e, "arxiv:journal_ref", r.journal_ref);
    AtomFeed::link(e, abs, "alternate", "text/html");
    AtomFeed::link(e, "http://arxiv.org/pdf/" + versioned, "related", "application/pdf", "pdf");
    if (!r.categories.empty()) {
        pugi::xml_node p = e.append_child("arxiv:primary_category");
        p.append_attribute("term") = xml_text(r.primary_category()).c_str();
        p.append_attribute("scheme") = kArxivNamespace;
    }
    for (const std::string& c : r.categories) AtomFeed::category(e, c, kArxivNamespace);
}

// arXiv's error form: a feed with one entry titled "Error" whose id names
// the problem, served with HTTP 400.
ApiResponse atom_error(FeedHeader h, const std::string& message, int status = 400) {
    const std::string updated = utc_now("%Y-%m-%dT00:00:00Z");
    h.total = 1;
    h.items_per_page = 1;
    h.start = 0;
    Feed atom = begin_feed(h, updated);
    const std::string id = "http://arxiv.org/api/errors#" + error_slug(message);
    pugi::xml_node e = atom->add_entry();
    AtomFeed::text(e, "id", id);
    AtomFeed::text(e, "title", "Error");
    AtomFeed::text(e, "summary", message);
    AtomFeed::text(e, "updated", updated);
    AtomFeed::link(e, id, "alternate", "text/html");
    AtomFeed::author(e, "arXiv api core");
    return {status, kAtomType, atom->str(), -1};
}

}  // namespace

ApiResponse arxiv_api_error(const std::string& base_url, int status, const std::string& message) {
    FeedHeader h;
    h.base_url = base_url;
    return atom_error(h, message, status);
}

ApiResponse arxiv_api_query(SearchService& service, const ApiParams& params, const std::string& base_url) {
    FeedHeader h;
    h.base_url = base_url;
    h.search_query = param(params, "search_query");
    h.id_list = param(params, "id_list");
    // Read max_results first so that an error feed echoes what was asked.
    std::uint64_t requested = 10;
    std::string err = read_count(params, "max_results", 10, requested);
    h.max_results = requested;
    if (err.empty()) err = read_count(params, "start", 0, h.start);
    if (!err.empty()) return atom_error(h, err);
    if (requested > kArxivMaxResults)
        return atom_error(h, "max_results must not exceed " + std::to_string(kArxivMaxResults) +
                                 "; page through results with start");

    SearchOptions so;
    so.offset = std::min(h.start, kMaxOffset);
    so.limit = std::min<std::uint64_t>(requested, service.options().max_results);
    const std::string sort_by = trim_blanks(param(params, "sortBy"));
    const std::string sort_order = trim_blanks(param(params, "sortOrder"));
    if (sort_by.empty() || sort_by == "relevance") so.sort = Sort::Relevance;
    else if (sort_by == "lastUpdatedDate") so.sort = Sort::Updated;
    else if (sort_by == "submittedDate") so.sort = Sort::Submitted;
    else return atom_error(h, "unknown sortBy " + sort_by + "; use relevance, lastUpdatedDate or submittedDate");
    if (sort_order == "ascending") so.reverse = so.sort != Sort::Relevance;  // relevance has one order
    else if (!sort_order.empty() && sort_order != "descending")
        return atom_error(h, "unknown sortOrder " + sort_order + "; use ascending or descending");

    // id_list: each id validated like arXiv does (malformed: an error;
    // well-formed but impossible: simply absent); the version is ignored
    // because the index keeps only the newest version of each paper (the
    // entry's id shows which version that is).
    std::vector<std::string> ids;
    {
        std::string list = h.id_list;
        size_t pos = 0;
        while (pos <= list.size()) {
            size_t comma = list.find(',', pos);
            if (comma == std::string::npos) comma = list.size();
            std::string item = trim_blanks(std::string_view(list).substr(pos, comma - pos));
            pos = comma + 1;
            if (item.empty()) continue;
            auto id = parse_arxiv_id(item);
            // Shaped like an id but not one that can exist ("0808.05394"):
            // no entry, as on arXiv, and the other ids still answered.
            if (!id && arxiv_id_shaped(item)) continue;
            if (!id) return atom_error(h, "incorrect id format for " + item);
            if (std::find(ids.begin(), ids.end(), id->id) == ids.end()) ids.push_back(id->id);
        }
    }

    // search_query is searched as everywhere else, with the other written
    // forms of its words (README, "One answer everywhere"), so an arXiv
    // client gets the total /search, the page and arxiv-query give; exact=1
    // (our extension) searches only the forms typed.
    QueryRequest qr;
    qr.query = h.search_query;
    qr.syntax = Syntax::Arxiv;
    const std::string exact = trim_blanks(param(params, "exact"));
    if (!exact.empty() && exact != "0" && exact != "1" && exact != "true" && exact != "false")
        return atom_error(h, "exact must be 1 or 0");
    qr.exact = exact == "1" || exact == "true";
    const bool has_query = has_text(h.search_query);
    if (has_query) {
        try {
            build_query_tree(qr);  // a syntax error before a searcher is borrowed
        } catch (const QuerySyntaxError& e) {
            return atom_error(h, with_hint(syntax_message("search_query", h.search_query, e), e));
        }
    }
    std::vector<Hit> hits;
    if (has_query || !ids.empty()) {
        // An id_list on its own comes back in the order it was given (as on
        // arXiv) unless a date sort was asked for.
        const bool list_order = !has_query && so.sort == Sort::Relevance;
        SearchOptions run = so;
        if (list_order) {
            run.offset = 0;
            run.limit = ids.size();
        }
        ResultInfo info;
        try {
            auto lease = service.pool().borrow(service.search_wait());
            CompiledQuery compiled;
            if (has_query) compiled = prepare_query(qr, (**lease).database(), service.curated()).compiled;
            // The id_list filters (any number of ids: a 64 KiB list holds ~5,000).
            if (!ids.empty())
                compiled.query = has_query
                                     ? Xapian::Query(Xapian::Query::OP_FILTER, compiled.query, id_list_query(ids))
                                     : id_list_query(ids);
            hits = (**lease).search(compiled, run, info);
            lease->healthy = true;
        } catch (const QuerySyntaxError& e) {
            return atom_error(h, with_hint(syntax_message("search_query", h.search_query, e), e));
        } catch (const SearcherPool::Busy& e) {
            return atom_error(h, e.what(), 503);
        } catch (const Xapian::WildcardError&) {
            return atom_error(h, "a wildcard in search_query matches too many words; use a longer prefix before '*'");
        } catch (const SearchTooCostly& e) {
            return atom_error(h, std::string(e.what()) + "; " + e.hint);
        } catch (const DatabaseUnavailable& e) {
            return {503, "text/plain; charset=utf-8", std::string(e.what()) + "\n", -1};
        } catch (const Xapian::Error& e) {
            return {503, "text/plain; charset=utf-8",
                    "cannot read the index at " + service.db_path() + ": " + e.get_description() + "\n", -1};
        }
        h.total = info.total;
        if (list_order) {
            std::unordered_map<std::string, size_t> order;
            for (size_t i = 0; i < ids.size(); ++i) order.emplace(ids[i], i);
            std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
                return order[a.doc.record.id] < order[b.doc.record.id];
            });
            std::vector<Hit> page;
            for (std::uint64_t i = so.offset; i < hits.size() && page.size() < so.limit; ++i)
                page.push_back(std::move(hits[i]));
            hits = std::move(page);
        }
    }

    h.items_per_page = so.limit;
    const std::string updated = utc_now("%Y-%m-%dT00:00:00Z");
    Feed atom = begin_feed(h, updated);
    for (const Hit& hit : hits) add_entry(*atom, hit.doc, updated);
    return {200, kAtomType, atom->str(), static_cast<long>(hits.size())};
}

}  // namespace arxiv
