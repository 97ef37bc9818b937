// oneline: one line per paper, like `git log --oneline`:
//
//   2503.21813 2025-03-27 cs.LG Attention and Caching: α-Divergence for KV-Cach…
//
// id, submission date (or month), primary category and title (TeX
// rendered), cut to OutputOptions::width with a final '…'. Nothing before or
// after the lines; matched title words are highlighted on a colour terminal.
#include <algorithm>

#include "common/text/text.h"
#include "query/output/formatter.h"
#include "query/output/highlight.h"

namespace arxiv {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kId = "\x1b[33m";       // yellow, as git shows a hash
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kPrimary = "\x1b[32m";  // green
constexpr const char* kMatch = "\x1b[1;33m";  // bold yellow
constexpr size_t kDateWidth = 10;             // "YYYY-MM-DD"; a month is padded

class OnelineFormatter : public Formatter {
public:
    OnelineFormatter(std::ostream& out, const OutputOptions& options) : out_(out), options_(options) {}
    bool shows_total() const override { return false; }
    void begin(const ResultInfo& info) override { matcher_ = TermMatcher::for_text(info.matched); }

    void hit(const Hit& hit) override {
        const Record r = display_record(hit.doc.record);
        const bool color = options_.color;
        const size_t width = std::max(options_.width, OutputOptions::kMinWidth);
        std::string date = r.submitted;
        if (date.size() < kDateWidth) date.append(kDateWidth - date.size(), ' ');
        const std::string& cat = r.primary_category();
        std::string line, plain = r.id + " " + date + " " + (cat.empty() ? "" : cat + " ");
        if (color) {
            line = std::string(kId) + r.id + kReset + " " + kDim + date + kReset + " ";
            if (!cat.empty()) line += std::string(kPrimary) + cat + kReset + " ";
        } else {
            line = plain;
        }
        const size_t used = display_width(plain);
        const std::string title = collapse_whitespace(valid_utf8(r.title));
        const std::string shown = clip_to_width(title, width > used ? width - used : 0);
        // The title as far as it is shown, its matched words marked.
        const size_t kept = shown.size() == title.size() ? title.size() : shown.size() < 3 ? 0 : shown.size() - 3;  // minus "…"
        size_t pos = 0;
        if (color)
            for (const TextSpan& s : find_matches(title, matcher_)) {
                if (s.end > kept) break;
                line.append(shown, pos, s.begin - pos);
                line += kMatch;
                line.append(shown, s.begin, s.end - s.begin);
                line += kReset;
                pos = s.end;
            }
        line.append(shown, pos, std::string::npos);
        out_ << line << '\n';
    }

    void end(const ResultInfo&) override { out_.flush(); }

private:
    std::ostream& out_;
    OutputOptions options_;
    TermMatcher matcher_;
};

}  // namespace

std::unique_ptr<Formatter> make_oneline_formatter(std::ostream& out, const OutputOptions& options) {
    return std::make_unique<OnelineFormatter>(out, options);
}

}  // namespace arxiv
