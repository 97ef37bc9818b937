// text: the format for people at a terminal.
//
//   1. Title of the paper
//      First Author, Second Author, ... et al. (+3)
//      2025-03-27 · cs.LG cs.AI · https://arxiv.org/abs/2503.21813v2
//      The part of the abstract that matched best, wrapped to 100 columns,
//      …
//
//   Showing 1–10 of 1,234 results (sorted by relevance)
//
// Matched words are bold yellow and the title bold when colour is on; with
// colour off not a single escape byte is written.
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
constexpr const char* kIndent = "   ";
constexpr size_t kWidth = 100;                   // columns, indent included
constexpr size_t kMaxAuthors = 6;
constexpr const char* kSep = " \xC2\xB7 ";  // " · "

// text[b, e) with the spans inside it in the match style, the rest in `base`.
std::string styled(std::string_view text, size_t b, size_t e, const std::vector<TextSpan>& spans,
                   bool color, const char* base) {
    if (!color) return std::string(text.substr(b, e - b));
    std::string out = base;
    size_t pos = b;
    for (const TextSpan& s : spans) {
        if (s.end <= b || s.begin >= e || s.begin < pos) continue;
        size_t sb = std::max(s.begin, b), se = std::min(s.end, e);
        out.append(text.substr(pos, sb - pos));
        out += kReset;
        out += kMatch;
        out.append(text.substr(sb, se - sb));
        out += kReset;
        out += base;
        pos = se;
    }
    out.append(text.substr(pos, e - pos));
    if (*base) out += kReset;
    return out;
}

// Greedy wrap at spaces: byte ranges of lines at most `width` code points
// long (a single longer word gets a line of its own).
std::vector<std::pair<size_t, size_t>> wrap(std::string_view text, size_t width) {
    std::vector<std::pair<size_t, size_t>> lines;
    size_t i = 0;
    size_t line_b = 0, line_e = 0, line_len = 0;
    bool open = false;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        size_t wb = i;
        while (i < text.size() && text[i] != ' ') ++i;
        size_t wlen = utf8_length(text.substr(wb, i - wb));
        if (open && line_len + 1 + wlen <= width) {
            line_e = i;
            line_len += 1 + wlen;
            continue;
        }
        if (open) lines.emplace_back(line_b, line_e);
        line_b = wb;
        line_e = i;
        line_len = wlen;
        open = true;
    }
    if (open) lines.emplace_back(line_b, line_e);
    return lines;
}

class TextFormatter : public Formatter {
public:
    TextFormatter(std::ostream& out, const OutputOptions& options)
        : out_(out), options_(options) {}

    void begin(const ResultInfo& info) override {
        text_matcher_ = TermMatcher(info.text_terms, {});
        name_matcher_ = TermMatcher({}, info.name_terms);
        count_ = 0;
    }

    void hit(const Hit& hit) override {
        const Record r = printable_record(hit.doc.record);
        const bool color = options_.color;
        if (count_++) out_ << '\n';

        // 1. Title
        std::string title = valid_utf8(r.title);
        out_ << hit.rank << ". "
             << styled(title, 0, title.size(), find_matches(title, text_matcher_), color, kBold)
             << '\n';

        // 2. Authors
        if (!r.authors.empty()) {
            std::string line;
            std::vector<TextSpan> spans;
            size_t shown = std::min(r.authors.size(), kMaxAuthors);
            for (size_t i = 0; i < shown; ++i) {
                if (i) line += ", ";
                std::string name = valid_utf8(r.authors[i]);
                for (const TextSpan& s : find_matches(name, name_matcher_))
                    spans.push_back({s.begin + line.size(), s.end + line.size()});
                line += name;
            }
            if (r.authors.size() > shown)
                line += " et al. (+" + std::to_string(r.authors.size() - shown) + ")";
            out_ << kIndent << styled(line, 0, line.size(), spans, color, kDim) << '\n';
        }

        // 3. Date · categories · link
        std::string meta;
        if (!r.submitted.empty()) meta += r.submitted;  // "2026-06" when only the month is known
        if (!r.categories.empty()) {
            if (!meta.empty()) meta += kSep;
            for (size_t i = 0; i < r.categories.size(); ++i) {
                if (i) meta += ' ';
                if (i == 0 && color) meta += std::string(kPrimary) + r.categories[i] + kReset;
                else meta += r.categories[i];
            }
        }
        if (!meta.empty()) meta += kSep;
        meta += abs_url(r);
        out_ << kIndent << meta << '\n';

        // 4. Abstract snippet
        Snippet snippet = make_snippet(valid_utf8(r.abstract), text_matcher_, options_.snippet_chars);
        for (const auto& [b, e] : wrap(snippet.text, kWidth - 3))
            out_ << kIndent << styled(snippet.text, b, e, snippet.spans, color, "") << '\n';
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
        if (options_.color) line = kDim + line + kReset;
        out_ << line << '\n';
        if (!did_you_mean.empty()) out_ << did_you_mean << '\n';
        print_facets(info);
        out_.flush();
    }

    // "category  cs.CL 223 · cs.LG 198 · …", one line per facet.
    void print_facets(const ResultInfo& info) {
        if (info.facets.empty()) return;
        size_t width = 0;
        for (const FacetResult& f : info.facets) width = std::max(width, f.name.size());
        out_ << "\nFacets of all " << group_thousands(info.total) << (info.total == 1 ? " result" : " results") << ":\n";
        for (const FacetResult& f : info.facets) {
            std::string line = "  " + f.name + std::string(width - f.name.size() + 2, ' ');
            for (size_t i = 0; i < f.values.size(); ++i) {
                if (i) line += " \xC2\xB7 ";
                line += printable_text(f.values[i].value) + " " + group_thousands(f.values[i].count);
            }
            if (f.distinct > f.values.size()) line += " \xC2\xB7 \xE2\x80\xA6 (" + group_thousands(f.distinct) + " values)";
            out_ << line << '\n';
        }
    }

private:
    std::ostream& out_;
    OutputOptions options_;
    TermMatcher text_matcher_;
    TermMatcher name_matcher_;
    std::uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<Formatter> make_text_formatter(std::ostream& out, const OutputOptions& options) {
    return std::make_unique<TextFormatter>(out, options);
}

}  // namespace arxiv
