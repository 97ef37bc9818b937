// text: the format for people at a terminal.
//
//   1. Title of the paper, wrapped to the width with a hanging indent under
//      its first word
//      First Author, Second Author, Third Author, … Matched Author, … (+3 more)
//      2025-03-27 · announced 2025-03-28 · cs.LG cs.AI · https://arxiv.org/abs/2503.21813v2
//      Comment: NeurIPS 2025
//      The part of the abstract that matched best, wrapped to the width,
//      …
//
//   Showing 1–10 of 1,234 results (sorted by relevance)
//
// Every line fits OutputOptions::width (the terminal's, $COLUMNS or 100),
// broken at spaces. TeX is rendered (display_record). Matched words —
// wildcard expansions and authors included — are bold yellow and the title
// bold when colour is on; with colour off not a single escape byte is
// written.
#include <algorithm>

#include "common/text/text.h"
#include "query/output/formatter.h"
#include "query/output/highlight.h"

namespace arxiv {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kMatch = "\x1b[1;33m";    // bold yellow
constexpr const char* kPrimary = "\x1b[1;32m";  // bold green
constexpr size_t kIndentWidth = 3;
constexpr size_t kMaxAuthors = 6;     // shown before "… (+N more)", besides matched ones
constexpr size_t kMinHeadAuthors = 3; // first authors kept when matched ones are shown too
constexpr size_t kMaxComment = 240;   // code points of the comment shown
constexpr const char* kSep = " \xC2\xB7 ";  // " · "

// text[b, e) with the spans inside it in the `mark` style, the rest in `base`.
std::string styled(std::string_view text, size_t b, size_t e, const std::vector<TextSpan>& spans,
                   bool color, const char* base, const char* mark = kMatch) {
    if (!color) return std::string(text.substr(b, e - b));
    std::string out = base;
    size_t pos = b;
    for (const TextSpan& s : spans) {
        if (s.end <= b || s.begin >= e || s.begin < pos) continue;
        size_t sb = std::max(s.begin, b), se = std::min(s.end, e);
        out.append(text.substr(pos, sb - pos));
        out += kReset;
        out += mark;
        out.append(text.substr(sb, se - sb));
        out += kReset;
        out += base;
        pos = se;
    }
    out.append(text.substr(pos, e - pos));
    if (*base) out += kReset;
    return out;
}

// The authors line: the first kMaxAuthors, and every author the query
// matched wherever it stands, gaps marked "…", the rest counted:
// "A, B, C, … Song Han, … (+3 more)". `spans` get the matched words.
std::string author_line(const std::vector<std::string>& authors, const std::vector<bool>& matched,
                        const TermMatcher& names, std::vector<TextSpan>& spans) {
    const size_t n = authors.size();
    const std::vector<size_t> shown = shown_authors(matched, kMaxAuthors, kMinHeadAuthors);
    std::string line;
    size_t next = 0;  // the index after the last one shown
    for (size_t i : shown) {
        if (i != shown.front()) line += ", ";
        if (i != next) line += "\xE2\x80\xA6 ";  // "… " for the authors left out
        const std::string& name = authors[i];
        if (matched[i])
            for (const TextSpan& s : find_matches(name, names))
                spans.push_back({s.begin + line.size(), s.end + line.size()});
        line += name;
        next = i + 1;
    }
    if (shown.size() < n) {
        if (next < n) line += ", \xE2\x80\xA6";
        line += " (+" + std::to_string(n - shown.size()) + " more)";
    }
    return line;
}

class TextFormatter : public Formatter {
public:
    TextFormatter(std::ostream& out, const OutputOptions& options)
        : out_(out), options_(options) {}

    void begin(const ResultInfo& info) override {
        matched_ = info.matched;
        text_matcher_ = TermMatcher::for_text(info.matched);
        name_matcher_ = TermMatcher::for_names(info.matched);
        count_ = 0;
    }

    void hit(const Hit& hit) override {
        const Record r = display_record(hit.doc.record);
        const size_t width = std::max(options_.width, OutputOptions::kMinWidth);
        const std::string indent(kIndentWidth, ' ');
        if (count_++) out_ << '\n';

        // 1. Title, under its rank
        const std::string rank = std::to_string(hit.rank) + ". ";
        const std::string title = valid_utf8(r.title);
        print_wrapped(rank, std::string(rank.size(), ' '), title, find_matches(title, text_matcher_), kBold, width);

        // 2. Authors
        if (!r.authors.empty()) {
            std::vector<std::string> names;
            for (const std::string& a : r.authors) names.push_back(valid_utf8(a));
            std::vector<TextSpan> spans;
            const std::string line = author_line(names, matched_authors(names, matched_), name_matcher_, spans);
            print_wrapped(indent, indent, line, spans, kDim, width);
        }

        // 3. Date · announced · categories · link
        std::string meta;
        std::vector<TextSpan> primary;
        if (!r.submitted.empty()) meta += r.submitted;  // "2026-06" when only the month is known
        if (!r.announced.empty() && r.announced != r.submitted) {
            if (!meta.empty()) meta += kSep;
            meta += "announced " + r.announced;
        }
        if (!r.categories.empty()) {
            if (!meta.empty()) meta += kSep;
            primary.push_back({meta.size(), meta.size() + r.categories[0].size()});
            for (size_t i = 0; i < r.categories.size(); ++i) meta += (i ? " " : "") + r.categories[i];
        }
        if (!meta.empty()) meta += kSep;
        meta += abs_url(r);
        print_wrapped(indent, indent, meta, primary, "", width, kPrimary);

        // 4. Comment ("NeurIPS 2025", "12 pages, 3 figures")
        if (!r.comment.empty()) {
            const std::string comment =
                "Comment: " + clip_text(collapse_whitespace(valid_utf8(r.comment)), kMaxComment);
            print_wrapped(indent, indent, comment, {}, kDim, width);
        }

        // 5. Abstract snippet
        Snippet snippet = make_snippet(valid_utf8(r.abstract), text_matcher_, options_.snippet_chars);
        print_wrapped(indent, indent, snippet.text, snippet.spans, "", width);
    }

    void end(const ResultInfo& info) override {
        const std::string did_you_mean =
            info.suggestion ? "Did you mean: " + printable_text(*info.suggestion) : std::string();
        if (info.total == 0) {
            std::string line = "No results";
            if (options_.color) line = kDim + line + kReset;
            out_ << line << '\n';
            if (!did_you_mean.empty()) out_ << did_you_mean << '\n';
            out_.flush();
            return;
        }
        std::string line;
        if (count_ == 0) {
            line = "No results on this page (" + group_thousands(info.total) + " in total)";
        } else {
            line = "Showing " + group_thousands(info.offset + 1) + "\xE2\x80\x93" +
                   group_thousands(info.offset + count_) + " of " + group_thousands(info.total) +
                   (info.total == 1 ? " result" : " results");
            if (!info.sort.empty()) line += " (sorted by " + info.sort + ")";
            out_ << '\n';
        }
        print_wrapped("", "", line, {}, kDim, std::max(options_.width, OutputOptions::kMinWidth));
        if (!did_you_mean.empty()) out_ << did_you_mean << '\n';
        print_facets(info);
        out_.flush();
    }

    // "category  cs.CL 223 · cs.LG 198 · …", one facet per paragraph,
    // wrapped to the width between values (never inside "cs.CL 223"), the
    // continuation lines under the first value.
    void print_facets(const ResultInfo& info) {
        if (info.facets.empty()) return;
        size_t label = 0;
        for (const FacetResult& f : info.facets) label = std::max(label, display_width(f.name));
        const size_t width = std::max(options_.width, OutputOptions::kMinWidth);
        out_ << "\nFacets of all " << group_thousands(info.total) << (info.total == 1 ? " result" : " results") << ":\n";
        const std::string indent(2 + label + 2, ' ');
        const std::string dot = " \xC2\xB7 ";
        for (const FacetResult& f : info.facets) {
            std::vector<std::string> items;
            for (const FacetValue& v : f.values) items.push_back(printable_text(v.value) + " " + group_thousands(v.count));
            if (f.distinct > f.values.size()) items.push_back("\xE2\x80\xA6 (" + group_thousands(f.distinct) + " values)");
            std::string line = "  " + f.name + std::string(label - display_width(f.name) + 2, ' ');
            size_t used = display_width(line);
            for (size_t i = 0; i < items.size(); ++i) {
                const size_t need = (i ? display_width(dot) : 0) + display_width(items[i]);
                const size_t reserve = i + 1 < items.size() ? 2 : 0;  // a " ·" ending the line
                if (i && used + need + reserve > width) {
                    out_ << line << " \xC2\xB7\n";
                    line = indent + items[i];
                    used = display_width(line);
                    continue;
                }
                line += (i ? dot : "") + items[i];
                used += need;
            }
            out_ << line << '\n';
        }
    }

private:
    // `text` wrapped to `width` columns: the first line after `first`, the
    // others after `rest` (both as wide as each other).
    void print_wrapped(const std::string& first, const std::string& rest, const std::string& text,
                       const std::vector<TextSpan>& spans, const char* base, size_t width,
                       const char* mark = kMatch) {
        const size_t room = width > first.size() ? width - first.size() : 1;
        bool first_line = true;
        for (const auto& [b, e] : wrap_lines(text, room)) {
            out_ << (first_line ? first : rest) << styled(text, b, e, spans, options_.color, base, mark) << '\n';
            first_line = false;
        }
    }

    std::ostream& out_;
    OutputOptions options_;
    MatchTerms matched_;
    TermMatcher text_matcher_;
    TermMatcher name_matcher_;
    std::uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<Formatter> make_text_formatter(std::ostream& out, const OutputOptions& options) {
    return std::make_unique<TextFormatter>(out, options);
}

}  // namespace arxiv
