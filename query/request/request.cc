#include "query/request/request.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <ostream>
#include <sstream>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/text/text.h"
#include "query/lang/arxiv_syntax.h"
#include "query/lang/compile.h"
#include "query/lang/query_parser.h"
#include "query/lang/suggest.h"

namespace arxiv {

const std::vector<std::string>& syntax_names() {
    static const std::vector<std::string> names{"ours", "arxiv"};
    return names;
}

std::optional<Syntax> parse_syntax(std::string_view name) {
    const auto& names = syntax_names();
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Syntax>(i);
    return std::nullopt;
}

std::string QueryRequest::validate() const {
    if (search.reverse && search.sort == Sort::Relevance)
        return "reverse needs sort submitted, updated or id";
    return "";
}

std::unique_ptr<QueryNode> build_query_tree(const QueryRequest& request) {
    auto root = std::make_unique<QueryNode>();
    root->kind = QueryNode::Kind::And;
    bool has_query = request.query.find_first_not_of(" \t\r\n") != std::string::npos;
    if (has_query)
        root->children.push_back(request.syntax == Syntax::Arxiv ? parse_arxiv_query(request.query)
                                                           : parse_query(request.query));
    else root->children.push_back(std::make_unique<QueryNode>());  // MatchAll
    if (!request.since.empty() || !request.until.empty()) {
        auto range = QueryNode::leaf(QueryNode::Kind::Range, &schema::field("date"), "", 0);
        if (!request.since.empty())
            range->from = parse_flag_date(request.since_name, request.since).from;
        if (!request.until.empty()) range->to = parse_flag_date(request.until_name, request.until).to;
        if (!range->from.empty() && !range->to.empty() && range->from > range->to)
            throw QuerySyntaxError(request.since_name + " " + request.since + " is after " + request.until_name +
                                       " " + request.until,
                                   std::string::npos);
        root->children.push_back(std::move(range));
    }
    if (!request.categories.empty()) {
        auto any = std::make_unique<QueryNode>();
        any->kind = QueryNode::Kind::Or;
        for (const std::string& c : request.categories) {
            auto leaf = QueryNode::leaf(QueryNode::Kind::Word, &schema::field("cat"), c, std::string::npos);
            try {
                compile_query(*leaf);  // validate now, so the error names the flag
            } catch (const QuerySyntaxError& e) {
                throw QuerySyntaxError("--category " + c + ": " + e.what(), std::string::npos, e.hint);
            }
            any->children.push_back(std::move(leaf));
        }
        root->children.push_back(std::move(any));
    }
    if (root->children.size() == 1) return std::move(root->children[0]);
    // Drop the MatchAll placeholder when there are real filters.
    if (!has_query) root->children.erase(root->children.begin());
    return root;
}

PreparedQuery prepare_query(const QueryRequest& request, const Xapian::Database& db,
                            const CuratedSynonyms& curated) {
    PreparedQuery p;
    p.tree = build_query_tree(request);
    ExpandOptions expand;
    expand.db = &db;
    expand.curated = &curated;
    expand.enabled = !request.exact;
    p.compiled = compile_query(*p.tree, expand);
    if (!request.like.ids.empty() || !request.like.text.empty()) {
        // Ranked by similarity; the query and flags, if any, only select.
        p.like = like_query(db, request.like);
        const bool selects = p.tree->kind != QueryNode::Kind::MatchAll;
        p.compiled.query = selects ? Xapian::Query(Xapian::Query::OP_FILTER, p.like.query, p.compiled.query)
                                   : p.like.query;
        p.compiled.ranked = true;
        for (size_t i = 0; i < p.like.terms.size() && i < 10; ++i)
            p.compiled.matched.text_terms.push_back(p.like.terms[i].term);
    }
    return p;
}

std::vector<Hit> search_prepared(const QueryRequest& request, const PreparedQuery& prepared,
                                 Searcher& searcher, bool exact_total, ResultInfo& info) {
    info.query = request.query;
    info.matched = prepared.compiled.matched;
    SearchOptions search = request.search;
    search.exact_total = exact_total;
    std::vector<Hit> hits = searcher.search(prepared.compiled, search, info);
    info.suggestion = suggest_query(request.query, *prepared.tree, searcher.database(), prepared.compiled.expansions);
    if (!request.facets.empty())
        info.facets = searcher.facets(prepared.compiled, request.facets, request.facet_limit);
    return hits;
}

int run_query(const QueryRequest& request, const std::string& db_path, std::ostream& out, std::ostream& err) {
    build_query_tree(request);  // a syntax error before the index is opened
    const CuratedSynonyms curated = CuratedSynonyms::load(request.synonym_files);
    Searcher searcher(db_path);
    searcher.set_budget(request.budget);
    PreparedQuery prepared = prepare_query(request, searcher.database(), curated);
    const auto& tree = prepared.tree;
    const CompiledQuery& compiled = prepared.compiled;
    const LikeQuery& like = prepared.like;

    // --count and --explain print JSON for the JSON formats (a program
    // asked), text otherwise.
    const bool as_json = request.format == "json" || request.format == "jsonl";
    if (request.explain) {
        // Other forms as people write them ("mixture of experts"), the
        // indexed stems ("mixtur of expert") with --stems.
        auto shown = [&](const std::string& terms) {
            return request.stems ? terms : surface_words(searcher.database(), terms);
        };
        std::uint64_t total = searcher.count(compiled);
        const std::optional<std::string> suggestion =
            suggest_query(request.query, *tree, searcher.database(), compiled.expansions);
        if (as_json) {
            nlohmann::ordered_json j;
            j["query"] = request.query;
            j["understood"] = nlohmann::ordered_json::array();
            std::istringstream lines(explain_query(*tree, request.stems));
            for (std::string line; std::getline(lines, line);) j["understood"].push_back(line);
            j["like_terms"] = nlohmann::ordered_json::array();
            for (const LikeTerm& t : like.terms) j["like_terms"].push_back({{"term", t.term}, {"weight", t.weight}});
            j["not_required"] = compiled.not_required;
            j["expansions"] = nlohmann::ordered_json::array();
            for (const ExpansionNote& e : compiled.expansions)
                j["expansions"].push_back(
                    {{"typed", e.typed}, {"alternative", shown(e.alternative)}, {"source", e.source}});
            j["total"] = total;
            j["suggestion"] = suggestion ? nlohmann::ordered_json(*suggestion) : nlohmann::ordered_json(nullptr);
            j["xapian"] = compiled.query.get_description();
            out << j.dump(request.format == "json" ? 2 : -1) << "\n";
            return total ? 0 : 1;
        }
        out << "Query: " << request.query << "\n";
        out << "Understood as:\n" << explain_query(*tree, request.stems);
        if (!like.terms.empty()) {
            out << "Ranked by likeness to " << (request.like.ids.empty() ? "the text given" : "the papers given")
                << ", through these terms (weight):\n ";
            char buf[32];
            for (const LikeTerm& t : like.terms) {
                std::snprintf(buf, sizeof buf, " %s (%.2f)", t.term.c_str(), t.weight);
                out << buf;
            }
            out << "\n";
        }
        if (!compiled.not_required.empty()) {
            out << "Not required (common words; quote a phrase or use --exact to keep them):";
            for (const std::string& w : compiled.not_required) out << " " << w;
            out << "\n";
        }
        if (!compiled.expansions.empty()) {
            out << "Also searched (--exact or =word turns this off):\n";
            for (const ExpansionNote& e : compiled.expansions)
                out << "  " << e.typed << " -> \"" << shown(e.alternative) << "\"  (" << e.source << ")\n";
        }
        out << "Matches: " << total << "\n";
        if (suggestion) out << "Did you mean: " << *suggestion << "\n";
        out << "Xapian: " << compiled.query.get_description() << "\n";
        return total ? 0 : 1;
    }
    if (request.count_only) {
        std::uint64_t total = searcher.count(compiled);
        if (as_json) out << nlohmann::ordered_json{{"query", request.query}, {"total", total}}.dump() << "\n";
        else out << total << "\n";
        return total ? 0 : 1;
    }

    ResultInfo info;
    auto formatter = make_formatter(request.format, out, request.output);
    std::vector<Hit> hits = search_prepared(request, prepared, searcher, formatter->shows_total(), info);
    formatter->begin(info);
    for (const Hit& h : hits) formatter->hit(h);
    formatter->end(info);
    // The text format shows it under the results; every other format is
    // read by a program or pasted somewhere, so the person running it is
    // told on standard error (`-f oneline 'kv chache'` had printed nothing).
    if (info.suggestion && request.format != "text") err << "Did you mean: " << *info.suggestion << "\n";
    return info.total ? 0 : 1;
}

std::string describe_syntax_error(const std::string& query, const QuerySyntaxError& e) {
    std::string msg = "arxiv-query: error: " + syntax_error_message(query, e) + "\n";
    msg += syntax_error_caret(query, e);
    if (!e.hint.empty()) msg += "  hint: " + e.hint + "\n";
    return msg;
}

}  // namespace arxiv
