// ris: RIS records for reference managers (Zotero, EndNote, Mendeley).
//
//   TY  - UNPB                    a preprint; JOUR when it has a journal reference
//   TI  - Title
//   AU  - Vaswani, Ashish         one per author, "Family, Given[, Suffix]"
//   PY  - 2025
//   DA  - 2025/03/27/             YYYY/MM/DD/ ("2025/03//" when only the month is known)
//   AB  - The abstract, paragraphs joined by a space
//   JO  - Phys. Rev. D 112 (2025)  (JOUR only)
//   PB  - arXiv
//   AN  - arXiv:2503.21813
//   UR  - https://arxiv.org/abs/2503.21813v2
//   L1  - https://arxiv.org/pdf/2503.21813v2
//   DO  - 10.1103/PhysRevD.112.034501
//   N1  - 12 pages, 3 figures     the comment
//   KW  - cs.LG                   one per category
//   ER  -
//
// Each tag is two characters, two spaces, '-' and a space; TY comes first
// and ER last; a blank line separates records. Values are one line (the RIS
// format has no continuation lines) and keep the source text, TeX included,
// as the other citation formats do; empty values are left out.
#include <cstdio>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "query/output/formatter.h"

namespace arxiv {
namespace {

std::string one_line(std::string_view value) { return collapse_whitespace(printable_text(value)); }

class RisFormatter : public Formatter {
public:
    explicit RisFormatter(std::ostream& out) : out_(out) {}
    bool shows_total() const override { return false; }
    void begin(const ResultInfo&) override {}

    void hit(const Hit& hit) override {
        const Record& r = hit.doc.record;
        if (count_++) out_ << '\n';
        const bool journal = !one_line(r.journal_ref).empty();
        tag("TY", journal ? "JOUR" : "UNPB");
        tag("TI", r.title);
        for (const std::string& a : r.authors) {
            const AuthorName n = split_author_name(one_line(a));
            if (n.literal || n.given.empty()) {
                tag("AU", n.family);
                continue;
            }
            tag("AU", n.family + ", " + n.given + (n.suffix.empty() ? "" : ", " + n.suffix));
        }
        if (const std::optional<DayParts> d = day_parts(r.submitted)) {
            // RIS dates: "YYYY/MM/DD/", the day left empty when unknown.
            char da[32];
            std::snprintf(da, sizeof da, "%04d/%02d/", d->year, d->month);
            tag("PY", std::to_string(d->year));
            tag("DA", da + (d->day ? (d->day < 10 ? "0" : "") + std::to_string(d->day) : std::string()) + "/");
        }
        tag("AB", r.abstract);
        if (journal) tag("JO", r.journal_ref);
        tag("PB", "arXiv");
        tag("AN", "arXiv:" + r.id);
        tag("UR", abs_url(r));
        tag("L1", pdf_url(r));
        const std::string dois = one_line(r.doi);
        tag("DO", dois.substr(0, dois.find(' ')));
        tag("N1", r.comment);
        for (const std::string& c : r.categories) tag("KW", c);
        out_ << "ER  - \n";
    }

    void end(const ResultInfo&) override { out_.flush(); }

private:
    void tag(const char* name, std::string_view value) {
        const std::string v = one_line(value);
        if (!v.empty()) out_ << name << "  - " << v << '\n';
    }

    std::ostream& out_;
    size_t count_ = 0;
};

}  // namespace

std::unique_ptr<Formatter> make_ris_formatter(std::ostream& out, const OutputOptions&) {
    return std::make_unique<RisFormatter>(out);
}

}  // namespace arxiv
