#include "query/digest/config.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/schema/schema.h"
#include "common/text/text.h"
#include "query/digest/util.h"
#include "query/lang/compile.h"
#include "query/lang/query_parser.h"

namespace arxiv {
namespace {

using nlohmann::json;

const std::vector<std::string> kTopKeys = {"$schema", "title", "limit", "exclude", "topics"};
const std::vector<std::string> kTopicKeys = {"name", "query", "categories", "exclude", "limit"};
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

    // Global exclusions become leaves every topic subtracts.
    std::vector<std::unique_ptr<QueryNode>> global_excluded;
    auto add_global = [&](QueryNode::Kind kind, const char* field, const std::vector<std::string>& values,
                          const std::string& key) {
        for (size_t i = 0; i < values.size(); ++i)
            global_excluded.push_back(
                check.leaf(kind, field, values[i], "exclude." + key + "[" + std::to_string(i + 1) + "]"));
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
        if (!t.contains("query")) check.fail(where, "missing key \"query\"", "every topic needs a query");
        topic.query = check.string_value(t["query"], where + ": query", true);
        if (t.contains("categories"))
            topic.categories = check.string_list(t["categories"], where + ": categories");
        if (t.contains("exclude")) topic.exclude = check.string_value(t["exclude"], where + ": exclude", true);
        topic.limit = t.contains("limit") ? check.limit(t["limit"], where + ": limit") : default_limit;

        // The topic's whole selection as one tree, compiled once: query AND
        // any of the categories, minus the topic's and the global exclusions.
        QueryNode root_node;
        root_node.kind = QueryNode::Kind::And;
        root_node.children.push_back(check.query(topic.query, where + ": query"));
        if (!topic.categories.empty()) {
            auto any = std::make_unique<QueryNode>();
            any->kind = QueryNode::Kind::Or;
            for (size_t c = 0; c < topic.categories.size(); ++c)
                any->children.push_back(check.leaf(QueryNode::Kind::Word, "cat", topic.categories[c],
                                                   where + ": categories[" + std::to_string(c + 1) + "]"));
            root_node.children.push_back(std::move(any));
        }
        if (!topic.exclude.empty()) root_node.excluded.push_back(check.query(topic.exclude, where + ": exclude"));
        // The global leaves are shared by every topic; compile borrows them
        // by moving them in and back out again.
        for (auto& g : global_excluded) root_node.excluded.push_back(std::move(g));
        try {
            topic.compiled = compile_query(root_node).query;
        } catch (const QuerySyntaxError& e) {
            check.fail(where, e.what(), e.hint);
        }
        size_t first_global = root_node.excluded.size() - global_excluded.size();
        for (size_t g = 0; g < global_excluded.size(); ++g)
            global_excluded[g] = std::move(root_node.excluded[first_global + g]);
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
