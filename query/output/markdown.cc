// markdown: the layout of the keyword digest, one block per hit, TeX
// rendered for reading (display_record). The digest command writes the
// headers around it, so begin() and end() write nothing.
//
// Block layout, byte for byte as in the reference digest:
//   ### <title>
//   **Authors**: A, B, C
//   <blank>
//   **Updated**: YYYY-MM-DD (YYYY-MM when only the month is known)
//   <blank>
//   **Summary**: <abstract, paragraphs joined by a space>
//   <blank>
//   **Link**: [arxiv](<abs url>),  [pdf](<pdf url>)
//   <blank>
//   **Tags**: cs.LG cs.AI <- every tag followed by one space
//   <blank> x3
#include <sstream>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "query/output/formatter.h"

namespace arxiv {
namespace {

class MarkdownFormatter : public Formatter {
public:
    bool shows_total() const override { return false; }
    explicit MarkdownFormatter(std::ostream& out) : out_(out) {}
    void begin(const ResultInfo&) override {}
    void hit(const Hit& hit) override {
        const Record r = display_record(hit.doc.record);
        std::string authors;
        for (size_t i = 0; i < r.authors.size(); ++i) {
            if (i) authors += ", ";
            authors += r.authors[i];
        }
        std::string tags;
        for (const std::string& c : r.categories) tags += c + " ";
        std::ostringstream block;
        block << "### " << r.title << "\n"
              << "**Authors**: " << authors << "\n\n"
              << "**Updated**: " << show_day(date_value(effective_updated(r))) << "\n\n"
              << "**Summary**: " << join_paragraphs(r.abstract) << "\n\n"
              << "**Link**: [arxiv](" << abs_url(r) << "),  [pdf](" << pdf_url(r) << ")\n\n"
              << "**Tags**: " << tags << "\n\n\n\n";
        out_ << valid_utf8(block.str());
    }
    void end(const ResultInfo&) override { out_.flush(); }

private:
    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Formatter> make_markdown_formatter(std::ostream& out, const OutputOptions&) {
    return std::make_unique<MarkdownFormatter>(out);
}

}  // namespace arxiv
