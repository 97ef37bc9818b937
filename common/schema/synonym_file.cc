#include "common/schema/synonym_file.h"

#include <algorithm>

#include "common/text/analyzer.h"

namespace arxiv {

std::vector<SynonymGroup> parse_synonym_file(std::string_view text, const std::string& origin) {
    std::vector<SynonymGroup> groups;
    size_t line_no = 0;
    for (size_t pos = 0; pos <= text.size();) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        const size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || line[first] == '#') continue;
        SynonymGroup g;
        g.origin = origin + ":" + std::to_string(line_no);
        for (size_t start = 0; start <= line.size();) {
            size_t bar = line.find('|', start);
            if (bar == std::string_view::npos) bar = line.size();
            std::string_view form = line.substr(start, bar - start);
            start = bar + 1;
            const size_t b = form.find_first_not_of(" \t\r"), e = form.find_last_not_of(" \t\r");
            if (b == std::string_view::npos) throw SynonymFileError(g.origin + ": an empty form between '|'");
            form = form.substr(b, e - b + 1);
            const std::string terms = join_terms(analyze_terms(form, true));
            if (terms.empty()) throw SynonymFileError(g.origin + ": '" + std::string(form) + "' has no searchable words");
            if (std::find(g.terms.begin(), g.terms.end(), terms) != g.terms.end()) continue;
            g.forms.emplace_back(form);
            g.terms.push_back(terms);
        }
        if (g.forms.size() < 2)
            throw SynonymFileError(g.origin + ": a group needs two or more different forms separated by '|'");
        groups.push_back(std::move(g));
    }
    return groups;
}

}  // namespace arxiv
