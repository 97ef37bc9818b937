#include "query/digest/config.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/schema/schema.h"
#include "common/text/text.h"
#include "common/util/normalize.h"
#include "query/digest/util.h"
#include "query/lang/compile.h"
#include "query/lang/query_parser.h"

namespace arxiv {
namespace {

using nlohmann::json;

const std::vector<std::string> kTopKeys = {"$schema", "title", "limit", "min_score", "exclude", "topics"};
const std::vector<std::string> kTopicKeys = {"name",    "query", "authors",  "like",
                                             "categories", "exclude", "limit", "min_score"};
const std::vector<std::string> kExcludeKeys = {"authors", "categories", "terms"};

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

const char* type_name(const json& j) {
    switch (j.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "true/false";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "a list";
        case json::value_t::object: return "an object";
        default: return "a number";
    }
}

// Builds messages that start with the file and the place in it.
class Checker {
public:
    explicit Checker(std::string path) : path_(std::move(path)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what,
                           const std::string& hint = "", const std::string& detail = "") const {
        throw DigestConfigError(path_ + ": " + (where.empty() ? "" : where + ": ") + what, detail, hint);
    }

    void only_keys(const json& obj, const std::string& where, const std::vector<std::string>& allowed) const {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool known = false;
            for (const std::string& k : allowed) known |= k == it.key();
            if (known) continue;
            std::string guess = digest_util::closest(it.key(), allowed);
            std::string hint = guess.empty() ? "allowed keys here: " + join(allowed)
                                             : "did you mean " + in_quotes(guess) + "?";
            fail(where, "unknown key " + in_quotes(it.key()), hint);
        }
    }

    std::string string_value(const json& j, const std::string& where, bool required_non_empty) const {
        if (!j.is_string()) fail(where, std::string("must be a string, not ") + type_name(j));
        std::string s = collapse_whitespace(j.get<std::string>());
        if (required_non_empty && s.empty()) fail(where, "must not be empty");
        return j.get<std::string>();
    }

    std::vector<std::string> string_list(const json& j, const std::string& where) const {
        if (!j.is_array()) fail(where, std::string("must be a list of strings, not ") + type_name(j),
                                "write [\"first\", \"second\"]");
        std::vector<std::string> out;
        for (size_t i = 0; i < j.size(); ++i)
            out.push_back(string_value(j[i], where + "[" + std::to_string(i + 1) + "]", true));
        return out;
    }

    std::uint64_t limit(const json& j, const std::string& where) const {
        if (!j.is_number_integer() || j.get<long long>() < 1)
            // Only a scalar is shown as written: dump() recurses into a list
            // or an object, and a deeply nested one overflowed the stack.
            fail(where, "must be a whole number of at least 1, not " + (j.is_primitive() ? j.dump() : type_name(j)),
                 "papers beyond the limit are counted as \"N more\"");
        return j.get<std::uint64_t>();
    }

    double score(const json& j, const std::string& where) const {
        if (!j.is_number() || !(j.get<double>() >= 0 && j.get<double>() <= 10))
            fail(where, "must be a number from 0 to 10, not " + (j.is_primitive() ? j.dump() : type_name(j)),
                 "papers scoring less are left out (0 keeps everything the topic selects)");
        return j.get<double>();
    }

    // arXiv ids, any written form, as canonical ids.
    std::vector<std::string> paper_ids(const json& j, const std::string& where) const {
        std::vector<std::string> out;
        const std::vector<std::string> given = string_list(j, where);
        if (given.size() > kMaxLikedPapers)
            fail(where, std::to_string(given.size()) + " papers; at most " + std::to_string(kMaxLikedPapers),
                 "keep the papers that best say what you want to read");
        for (size_t i = 0; i < given.size(); ++i) {
            auto id = parse_arxiv_id(given[i]);
            if (!id)
                fail(where + "[" + std::to_string(i + 1) + "]", "not an arXiv id: " + in_quotes(given[i]),
                     "write ids like \"2503.14881\" or \"hep-th/9901001\"");
            if (std::find(out.begin(), out.end(), id->id) == out.end()) out.push_back(id->id);
        }
        return out;
    }

    // A query as written in the file: parse and compile it now, so a mistake
    // is reported with its column before any search runs.
    std::unique_ptr<QueryNode> query(const std::string& text, const std::string& where) const {
        try {
            auto tree = parse_query(text);
            compile_query(*tree);
            return tree;
        } catch (const QuerySyntaxError& e) {
            fail(where, syntax_error_message(text, e), e.hint, syntax_error_caret(text, e));
        }
    }

    // One value of a list that becomes a single query leaf (a category, an
    // author, a phrase), checked by compiling it alone.
    std::unique_ptr<QueryNode> leaf(QueryNode::Kind kind, const char* field, const std::string& value,
                                    const std::string& where) const {
        auto n = QueryNode::leaf(kind, field ? &schema::field(field) : &schema::default_field(), value,
                                 std::string::npos);
        try {
            compile_query(*n);
        } catch (const QuerySyntaxError& e) {
            fail(where + " (" + in_quotes(value) + ")", e.what(), e.hint);
        }
        return n;
    }

private:
    std::string path_;
};

}  // namespace

DigestConfig parse_digest_config(std::string_view text, const std::string& path) {
    Checker check(path);
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        // Also out_of_range (a number like 1e400), not only parse_error.
        // nlohmann's message: "[json.exception.parse_error.101] parse error at
        // line 3, column 5: ..."; the bracketed id means nothing to a user.
        std::string msg = e.what();
        if (size_t b = msg.find("] "); msg.rfind("[json.exception", 0) == 0 && b != std::string::npos)
            msg = msg.substr(b + 2);
        check.fail("", "not valid JSON: " + msg,
                   "see docs/digest-config.schema.json and the \"Digests\" section of the README");
    }
    if (!root.is_object())
        check.fail("", std::string("must hold a JSON object, not ") + type_name(root),
                   "start with {\"title\": ..., \"topics\": [...]}");
    check.only_keys(root, "", kTopKeys);

    DigestConfig config;
    config.path = path;
    if (!root.contains("title")) check.fail("", "missing key \"title\"", "give the digest a title");
    config.title = collapse_whitespace(check.string_value(root["title"], "title", true));

    std::uint64_t default_limit = kDefaultTopicLimit;
    if (root.contains("limit")) default_limit = check.limit(root["limit"], "limit");

    double default_min_score = 0;
    const bool min_score_at_top = root.contains("min_score");
    if (min_score_at_top) default_min_score = check.score(root["min_score"], "min_score");

    // Global exclusions become leaves every topic subtracts (checked here,
    // made again for each topic's tree).
    struct GlobalLeaf {
        QueryNode::Kind kind;
        const char* field;
        std::string value, where;
    };
    std::vector<GlobalLeaf> global_excluded;
    auto add_global = [&](QueryNode::Kind kind, const char* field, const std::vector<std::string>& values,
                          const std::string& key) {
        for (size_t i = 0; i < values.size(); ++i) {
            const std::string where = "exclude." + key + "[" + std::to_string(i + 1) + "]";
            check.leaf(kind, field, values[i], where);
            global_excluded.push_back({kind, field, values[i], where});
        }
    };
    if (root.contains("exclude")) {
        const json& ex = root["exclude"];
        if (!ex.is_object())
            check.fail("exclude", std::string("must be an object, not ") + type_name(ex),
                       "write {\"authors\": [...], \"categories\": [...], \"terms\": [...]}");
        check.only_keys(ex, "exclude", kExcludeKeys);
        if (ex.contains("authors")) config.exclude.authors = check.string_list(ex["authors"], "exclude.authors");
        if (ex.contains("categories"))
            config.exclude.categories = check.string_list(ex["categories"], "exclude.categories");
        if (ex.contains("terms")) config.exclude.terms = check.string_list(ex["terms"], "exclude.terms");
        add_global(QueryNode::Kind::Phrase, "author", config.exclude.authors, "authors");
        add_global(QueryNode::Kind::Word, "cat", config.exclude.categories, "categories");
        add_global(QueryNode::Kind::Phrase, nullptr, config.exclude.terms, "terms");
    }

    if (!root.contains("topics"))
        check.fail("", "missing key \"topics\"", "list the topics: \"topics\": [{\"name\": ..., \"query\": ...}]");
    const json& topics = root["topics"];
    if (!topics.is_array() || topics.empty())
        check.fail("topics", std::string("must be a non-empty list of topics, not ") +
                                 (topics.is_array() ? "an empty list" : type_name(topics)));
    std::set<std::string> names;
    for (size_t i = 0; i < topics.size(); ++i) {
        const json& t = topics[i];
        DigestTopic topic;
        topic.number = static_cast<int>(i + 1);
        std::string where = "topic " + std::to_string(topic.number);
        if (!t.is_object())
            check.fail(where, std::string("must be an object, not ") + type_name(t),
                       "write {\"name\": ..., \"query\": ...}");
        if (t.contains("name") && t["name"].is_string())
            where += " (" + in_quotes(collapse_whitespace(t["name"].get<std::string>())) + ")";
        check.only_keys(t, where, kTopicKeys);
        if (!t.contains("name")) check.fail(where, "missing key \"name\"", "every topic needs a name");
        topic.name = collapse_whitespace(check.string_value(t["name"], where + ": name", true));
        if (!names.insert(topic.name).second)
            check.fail(where, "name: another topic is already called " + in_quotes(topic.name),
                       "give each topic its own name");
        if (t.contains("query")) topic.query = check.string_value(t["query"], where + ": query", true);
        if (t.contains("authors")) topic.authors = check.string_list(t["authors"], where + ": authors");
        if (t.contains("like")) topic.like = check.paper_ids(t["like"], where + ": like");
        if (topic.query.empty() && topic.authors.empty() && topic.like.empty())
            check.fail(where, "missing key \"query\"",
                       "every topic needs a query, authors to follow (\"authors\": [...]) or papers you liked "
                       "(\"like\": [ids])");
        if (t.contains("categories"))
            topic.categories = check.string_list(t["categories"], where + ": categories");
        if (t.contains("exclude")) topic.exclude = check.string_value(t["exclude"], where + ": exclude", true);
        topic.limit = t.contains("limit") ? check.limit(t["limit"], where + ": limit") : default_limit;
        topic.min_score_set = t.contains("min_score") || min_score_at_top;
        topic.min_score = t.contains("min_score") ? check.score(t["min_score"], where + ": min_score")
                                                  : default_min_score;

        // What the topic wants: its query OR any followed author. The query
        // alone (for the scores) is the first alternative, or all of it.
        std::shared_ptr<const QueryNode> wanted;
        {
            auto any = std::make_unique<QueryNode>();
            any->kind = QueryNode::Kind::Or;
            if (!topic.query.empty()) any->children.push_back(check.query(topic.query, where + ": query"));
            for (size_t a = 0; a < topic.authors.size(); ++a)
                any->children.push_back(check.leaf(QueryNode::Kind::Phrase, "author", topic.authors[a],
                                                   where + ": authors[" + std::to_string(a + 1) + "]"));
            if (any->children.size() == 1) {
                wanted = std::move(any->children[0]);
                if (!topic.query.empty()) topic.query_tree = wanted;
            } else if (!any->children.empty()) {
                wanted = std::move(any);
                if (!topic.query.empty())  // sharing the tree it lives in
                    topic.query_tree = std::shared_ptr<const QueryNode>(wanted, wanted->children[0].get());
            }
        }
        // What it allows: any of the categories, minus the topic's and the
        // global exclusions.
        auto restrict = std::make_unique<QueryNode>();
        restrict->kind = QueryNode::Kind::And;
        if (!topic.categories.empty()) {
            auto any = std::make_unique<QueryNode>();
            any->kind = QueryNode::Kind::Or;
            for (size_t c = 0; c < topic.categories.size(); ++c)
                any->children.push_back(check.leaf(QueryNode::Kind::Word, "cat", topic.categories[c],
                                                   where + ": categories[" + std::to_string(c + 1) + "]"));
            restrict->children.push_back(std::move(any));
        } else {
            restrict->children.push_back(std::make_unique<QueryNode>());  // MatchAll
        }
        if (!topic.exclude.empty()) restrict->excluded.push_back(check.query(topic.exclude, where + ": exclude"));
        for (const GlobalLeaf& g : global_excluded)
            restrict->excluded.push_back(check.leaf(g.kind, g.field, g.value, g.where));
        try {
            const Xapian::Query allowed = compile_query(*restrict).query;
            topic.compiled = wanted ? Xapian::Query(Xapian::Query::OP_FILTER, compile_query(*wanted).query, allowed)
                                    : Xapian::Query();
        } catch (const QuerySyntaxError& e) {
            check.fail(where, e.what(), e.hint);
        }
        topic.wanted = std::move(wanted);
        topic.restrict = std::move(restrict);
        config.topics.push_back(std::move(topic));
    }
    return config;
}

DigestConfig load_digest_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DigestConfigError("cannot read the digest configuration " + path + ": " + std::strerror(errno),
                                "",
                                "give the path of a JSON file (see the \"Digests\" section of the README);\n"
                                "  to search for the word \"digest\", put it after --: arxiv-query -- digest " +
                                    path);
    std::ostringstream text;
    text << in.rdbuf();
    return parse_digest_config(text.str(), path);
}

}  // namespace arxiv
