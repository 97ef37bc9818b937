// The digest configuration file: a title, named topics (each a query in our
// query language, with optional categories, an exclusion query and a limit)
// and global exclusion lists. Validated strictly and compiled up front, so
// that a mistake is reported with the file, the topic and the key before the
// index is touched. The schema is docs/digest-config.schema.json.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace arxiv {

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
    std::string query;
    std::vector<std::string> categories;  // any of them; empty = all
    std::string exclude;                  // a query; matching papers are left out
    std::uint64_t limit = 0;              // papers shown; the rest are counted as "N more"
    // query AND (categories) AND NOT (exclude, global exclusions): the whole
    // selection of the topic except the time window.
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

// Used when neither the topic nor the file sets "limit".
constexpr std::uint64_t kDefaultTopicLimit = 20;

// Parses and validates configuration text; `path` is only used in messages.
// Throws DigestConfigError.
DigestConfig parse_digest_config(std::string_view text, const std::string& path);

// Reads the file and parses it. Throws DigestConfigError (also when the file
// cannot be read).
DigestConfig load_digest_config(const std::string& path);

}  // namespace arxiv
