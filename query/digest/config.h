// The digest configuration file: a title, named topics (each a query in our
// query language, followed authors and/or papers the reader liked, with
// optional categories, an exclusion query, a limit and a minimum score) and
// global exclusion lists. Validated strictly and compiled up front, so
// that a mistake is reported with the file, the topic and the key before the
// index is touched. The schema is docs/digest-config.schema.json.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace arxiv {

struct QueryNode;

// A mistake in the configuration. what() is one line:
//   digest.json: topic 2 ("kv cache"): query: unclosed quote (column 5)
// `detail` may show the offending text with a caret under the column, and
// `hint` says what to do; either may be empty.
class DigestConfigError : public std::runtime_error {
public:
    DigestConfigError(const std::string& message, std::string detail = "", std::string hint = "")
        : std::runtime_error(message), detail(std::move(detail)), hint(std::move(hint)) {}
    std::string detail;
    std::string hint;
};

struct DigestTopic {
    int number = 0;  // 1-based position in the file, for messages
    std::string name;
    std::string query;                    // "" when the topic only follows authors or liked papers
    std::vector<std::string> authors;     // people followed: any paper by one of them
    std::vector<std::string> like;        // canonical ids of papers the reader liked: similar papers
    std::vector<std::string> categories;  // any of them; empty = all
    std::string exclude;                  // a query; matching papers are left out
    std::uint64_t limit = 0;              // papers shown; the rest are counted as "N more"
    double min_score = 0;                 // papers scoring less (0-10, query/digest/relevance.h) are left out
    bool min_score_set = false;           // given in the file (or at the top)
    // The parsed parts, shared by copies: `wanted` is the query OR the
    // followed authors (nullptr for a topic of liked papers only);
    // `restrict` is the categories minus the topic's and the global
    // exclusions (a MatchAll tree when there are none). Compiled again at
    // run time with the index, so written variants and acronyms expand
    // (query/lang/expand.h) as they do in arxiv-query.
    std::shared_ptr<const QueryNode> wanted, restrict;
    std::shared_ptr<const QueryNode> query_tree;  // the query alone (nullptr without one)
    // wanted AND restrict, compiled without the index (the check that the
    // file is valid; and what a tool without an index can use).
    Xapian::Query compiled;
};

struct DigestExclusions {
    std::vector<std::string> authors;     // names, matched within one author
    std::vector<std::string> categories;  // any listing in these
    std::vector<std::string> terms;       // phrases in the title or abstract
};

struct DigestConfig {
    std::string path;  // as the user gave it; messages start with it
    std::string title;
    DigestExclusions exclude;
    std::vector<DigestTopic> topics;
};

// Most liked papers one topic may name (each is a similarity search).
constexpr size_t kMaxLikedPapers = 100;

// Used when neither the topic nor the file sets "limit".
constexpr std::uint64_t kDefaultTopicLimit = 20;

// Parses and validates configuration text; `path` is only used in messages.
// Throws DigestConfigError.
DigestConfig parse_digest_config(std::string_view text, const std::string& path);

// Reads the file and parses it. Throws DigestConfigError (also when the file
// cannot be read).
DigestConfig load_digest_config(const std::string& path);

}  // namespace arxiv
