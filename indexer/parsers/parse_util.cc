#include "indexer/parsers/parse_util.h"

#include <algorithm>

#include "common/schema/taxonomy.h"
#include "common/text/text.h"
#include "common/util/normalize.h"

namespace arxiv::parse_util {

std::string clean_line(std::string_view s) { return collapse_whitespace(printable_text(s)); }

std::string clean_abstract(std::string_view s) { return unwrap_paragraphs(printable_text(s)); }

std::string clean_doi(std::string_view s) {
    std::string out;
    for (const std::string& part : split_ws(valid_utf8(s))) {
        std::string doi = normalize_doi(part);
        if (doi.empty()) continue;
        if (!out.empty()) out += ' ';
        out += doi;
    }
    return out;
}

std::string clean_author(std::string_view s) {
    return tex_accents_to_unicode(collapse_whitespace(printable_text(s)));
}

void add_author(Record& r, std::string name, const std::vector<std::string>& affiliations) {
    if (name.empty()) return;
    std::vector<std::string> cleaned;
    for (const std::string& a : affiliations) {
        std::string line = clean_line(a);
        if (!line.empty()) cleaned.push_back(std::move(line));
    }
    r.authors.push_back(std::move(name));
    // The first author with an affiliation makes the list; the authors
    // before them get empty ones.
    if (cleaned.empty() && r.affiliations.empty()) return;
    r.affiliations.resize(r.authors.size() - 1);
    r.affiliations.push_back(std::move(cleaned));
}

std::vector<std::string> split_ws(std::string_view s) {
    std::vector<std::string> parts;
    std::string collapsed = collapse_whitespace(s);
    size_t pos = 0;
    while (pos < collapsed.size()) {
        size_t sp = collapsed.find(' ', pos);
        if (sp == std::string::npos) sp = collapsed.size();
        parts.emplace_back(collapsed, pos, sp - pos);
        pos = sp + 1;
    }
    return parts;
}

bool plausible_category(std::string_view t) {
    // ^[a-z-]+(\.[A-Za-z-]+)?$
    size_t i = 0;
    while (i < t.size() && ((t[i] >= 'a' && t[i] <= 'z') || t[i] == '-')) ++i;
    if (i == 0) return false;
    if (i == t.size()) return true;
    if (t[i] != '.') return false;
    size_t start = ++i;
    while (i < t.size() && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') || t[i] == '-'))
        ++i;
    return i > start && i == t.size();
}

void add_category(std::vector<std::string>& categories, std::string_view term) {
    std::string t = collapse_whitespace(valid_utf8(term));
    if (t.empty()) return;
    std::string known = known_category(t);
    // known_category() ignores case; accept a case fix only in the subject
    // class ("cs.lg" -> "cs.LG"). An upper-cased archive ("CS", "Physics")
    // is a keyword or a name, not a category.
    if (!known.empty() && t.substr(0, t.find('.')) != known.substr(0, known.find('.'))) known.clear();
    if (known.empty()) {
        if (!plausible_category(t)) return;
        known = t;
    }
    if (std::find(categories.begin(), categories.end(), known) == categories.end())
        categories.push_back(std::move(known));
}

bool set_id(Record& r, std::string_view raw_text, std::string& problem) {
    std::string raw = clean_line(raw_text);
    if (raw.empty()) {
        problem = "record has no arXiv id";
        return false;
    }
    auto id = parse_arxiv_id(raw);
    if (!id) {
        problem = "invalid arXiv id '" + raw + "'";
        return false;
    }
    r.id = id->id;
    r.version = id->version;
    return true;
}

int version_number(std::string_view label) {
    std::string s = collapse_whitespace(label);
    if (s.size() < 2 || (s[0] != 'v' && s[0] != 'V') || s.size() > 6) return 0;
    int v = 0;
    for (size_t i = 1; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

LineIndex::LineIndex(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') newlines_.push_back(i);
}

size_t LineIndex::line_at(size_t offset) const {
    // Number of newlines strictly before `offset`, plus one.
    return static_cast<size_t>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) -
                               newlines_.begin()) +
           1;
}

void emit_record(const ParseSink& sink, size_t line, Record&& record) {
    if (sink.record) sink.record(std::move(record), line);
}

void emit_skip(const ParseSink& sink, size_t line, const std::string& message) {
    if (sink.skip) sink.skip(line, message);
}

}  // namespace arxiv::parse_util
