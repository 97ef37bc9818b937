#include "indexer/parsers/parsers.h"

#include <nlohmann/json.hpp>

namespace arxiv {

const char* format_name(Format f) {
    switch (f) {
        case Format::Atom: return "arXiv API Atom feed";
        case Format::OaiPmh: return "OAI-PMH response";
        case Format::Kaggle: return "Kaggle arXiv metadata JSON lines";
        case Format::DailyJsonl: return "daily-arxiv JSON lines";
        case Format::Unknown: break;
    }
    return "unknown format";
}

namespace {

std::string_view skip_bom_and_space(std::string_view s) {
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    size_t i = s.find_first_not_of(" \t\r\n");
    return i == std::string_view::npos ? std::string_view() : s.substr(i);
}

// Name of the first element that is not the XML declaration, a comment, a
// processing instruction or a DOCTYPE.
std::string root_element(std::string_view s) {
    size_t pos = 0;
    while ((pos = s.find('<', pos)) != std::string_view::npos) {
        if (s.compare(pos, 2, "<?") == 0) {
            pos = s.find("?>", pos);
        } else if (s.compare(pos, 4, "<!--") == 0) {
            pos = s.find("-->", pos);
        } else if (s.compare(pos, 2, "<!") == 0) {
            pos = s.find('>', pos);
        } else {
            size_t start = pos + 1;
            size_t end = s.find_first_of(" \t\r\n/>", start);
            if (end == std::string_view::npos) return "";
            std::string name(s.substr(start, end - start));
            size_t colon = name.find(':');  // ignore a namespace prefix
            return colon == std::string::npos ? name : name.substr(colon + 1);
        }
        if (pos == std::string_view::npos) return "";
    }
    return "";
}

}  // namespace

Format detect_format(std::string_view head) {
    std::string_view s = skip_bom_and_space(head);
    if (s.empty()) return Format::Unknown;
    if (s[0] == '<') {
        std::string root = root_element(s);
        if (root == "feed") return Format::Atom;
        if (root == "OAI-PMH") return Format::OaiPmh;
        return Format::Unknown;
    }
    if (s[0] != '{') return Format::Unknown;
    // Look at the first line that parses as a JSON object.
    size_t pos = 0;
    while (pos < s.size()) {
        size_t nl = s.find('\n', pos);
        std::string_view line = s.substr(pos, nl == std::string_view::npos ? s.size() - pos : nl - pos);
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.is_object()) {
            if (j.contains("versions") || j.contains("authors_parsed") || j.contains("update_date"))
                return Format::Kaggle;
            if (j.contains("summary") && (j.contains("abs") || j.contains("pdf")))
                return Format::DailyJsonl;
            if (j.contains("abstract") && j.contains("id")) return Format::Kaggle;
            return Format::Unknown;
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return Format::Unknown;
}

}  // namespace arxiv
