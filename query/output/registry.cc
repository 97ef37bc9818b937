#include "query/output/formatter.h"

namespace arxiv {
namespace {

using Factory = std::unique_ptr<Formatter> (*)(std::ostream&, const OutputOptions&);

struct Entry {
    const char* name;
    Factory make;
};

// The order --help lists them in.
const Entry kFormats[] = {
    {"text", make_text_formatter},         {"json", make_json_formatter},
    {"jsonl", make_jsonl_formatter},       {"markdown", make_markdown_formatter},
    {"ids", make_ids_formatter},           {"bibtex", make_bibtex_formatter},
    {"oneline", make_oneline_formatter},   {"ris", make_ris_formatter},
    {"csljson", make_csljson_formatter},
};

}  // namespace

const std::vector<std::string>& formatter_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const Entry& e : kFormats) v.emplace_back(e.name);
        return v;
    }();
    return names;
}

std::unique_ptr<Formatter> make_formatter(std::string_view name, std::ostream& out,
                                          const OutputOptions& options) {
    for (const Entry& e : kFormats)
        if (name == e.name) return e.make(out, options);
    return nullptr;
}

}  // namespace arxiv
