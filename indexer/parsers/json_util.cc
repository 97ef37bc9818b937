#include "indexer/parsers/json_util.h"

#include "common/text/text.h"
#include "indexer/parsers/parse_util.h"

namespace arxiv::json_util {

std::optional<nlohmann::json> parse_object_line(std::string_view line, size_t line_no,
                                                const ParseSink& sink) {
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // BOM on the first line
    if (line.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) return std::nullopt;
    // Repair the bytes first: nlohmann rejects invalid UTF-8 inside strings,
    // and one bad byte should not cost the whole record.
    std::string text = valid_utf8(line);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        parse_util::emit_skip(sink, line_no, std::string("invalid JSON: ") + e.what());
        return std::nullopt;
    }
    if (!j.is_object()) {
        parse_util::emit_skip(sink, line_no,
                              std::string("not a JSON object (found ") + j.type_name() + ")");
        return std::nullopt;
    }
    return j;
}

std::string get_string(const nlohmann::json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return "";
    if (it->is_string()) return valid_utf8(it->get_ref<const std::string&>());
    if (it->is_number() || it->is_boolean()) return it->dump();
    return "";
}

bool has_value(const nlohmann::json& obj, const char* key) {
    return !collapse_whitespace(get_string(obj, key)).empty();
}

}  // namespace arxiv::json_util
