#include "query/serve/search_service.h"

#include <algorithm>
#include <utility>

#include <xapian.h>

#include "query/lang/compile.h"
#include "query/search/like.h"
#include "query/search/search.h"

namespace arxiv {

std::string param(const ApiParams& params, const std::string& key) {
    auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
}

bool has_text(std::string_view s) { return s.find_first_not_of(" \t\r\n") != std::string_view::npos; }

std::string trim_blanks(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::string read_count(const ApiParams& params, const std::string& key, std::uint64_t fallback,
                       std::uint64_t& value) {
    std::string text = trim_blanks(param(params, key));
    value = fallback;
    if (text.empty()) return "";
    bool negative = text[0] == '-';
    std::string digits = negative ? text.substr(1) : text;
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        return key + " must be an integer";
    if (negative) return key + " must be non-negative";
    if (digits.size() > 12) return key + " is too large";
    value = std::stoull(digits);
    return "";
}

std::string syntax_message(const std::string& what, const std::string& query, const QuerySyntaxError& e) {
    return "syntax error in " + what + ": " + syntax_error_message(query, e);
}

SearchService::SearchService(std::string db_path, ServeOptions options)
    : db_path_(db_path),
      options_(std::move(options)),
      pool_(std::move(db_path), options_.threads, SearchBudget{10000, options_.max_cpu}),
      curated_(CuratedSynonyms::load(options_.synonym_files)) {
    // Open the index now: a missing one fails at startup.
    pool_.borrow(std::chrono::milliseconds(0))->healthy = true;
}

std::chrono::milliseconds SearchService::search_wait() const {
    return std::chrono::milliseconds(static_cast<long>(options_.request_timeout * 1000));
}

std::optional<ParamError> SearchService::read_search_params(const ApiParams& params, QueryRequest& qr,
                                                            std::uint64_t& offset) const {
    qr.query = param(params, "q");
    if (!has_text(qr.query)) qr.query.clear();
    // like= may be repeated and each may list several ids: a profile.
    for (auto [it, end] = params.equal_range("like"); it != end; ++it) add_like_ids(it->second, qr.like.ids);
    qr.like.text = param(params, "like_text");
    const std::string syntax = trim_blanks(param(params, "syntax"));
    if (auto s = parse_syntax(syntax.empty() ? "ours" : syntax)) qr.syntax = *s;
    else return ParamError{"unknown syntax " + syntax, "use ours or arxiv"};
    std::uint64_t limit = 10;
    std::string err = read_count(params, "limit", 10, limit);
    if (err.empty()) err = read_count(params, "offset", 0, offset);
    std::uint64_t facet_limit = 10;
    if (err.empty()) err = read_count(params, "facet_limit", 10, facet_limit);
    if (!err.empty()) return ParamError{err, ""};
    qr.search.offset = std::min(offset, kMaxOffset);
    qr.search.limit = std::min<std::uint64_t>(limit, options_.max_results);
    qr.facet_limit = static_cast<size_t>(std::min<std::uint64_t>(facet_limit, 1000));
    const std::string sort = trim_blanks(param(params, "sort"));
    if (auto s = parse_sort(sort.empty() ? "relevance" : sort)) qr.search.sort = *s;
    else return ParamError{"unknown sort " + sort, "use relevance, submitted, updated or id"};
    const std::string reverse = trim_blanks(param(params, "reverse"));
    qr.search.reverse = reverse == "1" || reverse == "true";
    if (std::string problem = qr.validate(); !problem.empty()) return ParamError{problem, ""};
    const std::string exact = trim_blanks(param(params, "exact"));
    if (!exact.empty() && exact != "0" && exact != "1" && exact != "true" && exact != "false")
        return ParamError{"exact must be 1 or 0", ""};
    qr.exact = exact == "1" || exact == "true";
    // from= and to=: submission dates, as --since and --until. Checked
    // here, apart from q, so that a mistake names its parameter.
    qr.since = trim_blanks(param(params, "from"));
    qr.until = trim_blanks(param(params, "to"));
    qr.since_name = "from";
    qr.until_name = "to";
    if (!qr.since.empty() || !qr.until.empty()) {
        QueryRequest dates;
        dates.since = qr.since;
        dates.until = qr.until;
        dates.since_name = qr.since_name;
        dates.until_name = qr.until_name;
        try {
            build_query_tree(dates);
        } catch (const QuerySyntaxError& e) {
            return ParamError{e.what(), e.hint};
        }
    }
    return std::nullopt;
}

SearchRun SearchService::run(const QueryRequest& qr, std::uint64_t offset, bool search) {
    SearchRun r;
    auto fail = [&r](int status, std::string message, std::string hint = "") {
        r.status = status;
        r.error = std::move(message);
        r.hint = std::move(hint);
        return std::move(r);
    };
    try {
        auto lease = pool_.borrow(search_wait());
        Searcher& searcher = **lease;
        r.documents = searcher.database().get_doccount();
        if (search) {
            PreparedQuery prepared = prepare_query(qr, searcher.database(), curated_);
            r.hits = search_prepared(qr, prepared, searcher, true, r.info);
            r.info.offset = offset;
        }
        lease->healthy = true;
    } catch (const QuerySyntaxError& e) {
        r.caret = syntax_error_caret(qr.query, e);
        return fail(400, syntax_message("q", qr.query, e), e.hint);
    } catch (const LikeError& e) {
        return fail(400, std::string(qr.like.ids.empty() ? "like_text: " : "like: ") + e.what());
    } catch (const SearcherPool::Busy& e) {
        return fail(503, e.what(), "retry in a moment");
    } catch (const Xapian::WildcardError&) {
        return fail(400, "a wildcard matches too many words", "use a longer prefix before '*'");
    } catch (const SearchTooCostly& e) {
        return fail(400, e.what(), e.hint);
    } catch (const DatabaseUnavailable& e) {
        return fail(503, e.what());
    } catch (const Xapian::Error& e) {
        return fail(503, "cannot read the index at " + db_path_ + ": " + e.get_description());
    }
    return r;
}

}  // namespace arxiv
