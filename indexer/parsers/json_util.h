// JSON-lines helpers shared by the Kaggle and daily-arxiv parsers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "indexer/parsers/parsers.h"

namespace arxiv::json_util {

// Parses one line. Returns nullopt for a blank line (nothing to report) and
// for a bad one (reported through sink.skip); otherwise the object.
std::optional<nlohmann::json> parse_object_line(std::string_view line, size_t line_no,
                                                const ParseSink& sink);

// String value of a key: "" when missing or null; numbers and booleans as
// written; arrays/objects as "" (not a string field). Repaired UTF-8.
std::string get_string(const nlohmann::json& obj, const char* key);
bool has_value(const nlohmann::json& obj, const char* key);

}  // namespace arxiv::json_util
