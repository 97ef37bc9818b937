// csljson: a CSL-JSON array (Citation Style Language), the input of pandoc
// and citeproc and an import format of Zotero:
//
//   [{"id": "vaswani2025attention", "type": "article", "title": "...",
//     "author": [{"family": "Vaswani", "given": "Ashish"}, ...],
//     "issued": {"date-parts": [[2025, 3, 27]]}, "abstract": "...",
//     "URL": "https://arxiv.org/abs/2503.21813v2", "DOI": "...",
//     "number": "2503.21813", "publisher": "arXiv", "container-title": "<journal-ref>",
//     "note": "<comment>", "keyword": "cs.LG, cs.AI", "version": "2"}]
//
// "article" is CSL's type for a preprint. The id is the BibTeX key (unique
// within the output), so `@vaswani2025attention` cites the same paper in
// pandoc whichever of the two files it reads. Text keeps the source, TeX
// included, like json; missing values are left out.
#include <nlohmann/json.hpp>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "query/output/formatter.h"

namespace arxiv {
namespace {

using nlohmann::ordered_json;

class CslJsonFormatter : public Formatter {
public:
    explicit CslJsonFormatter(std::ostream& out) : out_(out) {}
    bool shows_total() const override { return false; }
    void begin(const ResultInfo&) override { items_ = ordered_json::array(); }
    void hit(const Hit& hit) override {
        ordered_json item = csl_item(hit.doc.record);
        item["id"] = keys_.unique(item["id"].get<std::string>());
        items_.push_back(std::move(item));
    }
    void end(const ResultInfo&) override {
        out_ << items_.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
        items_ = ordered_json::array();
        out_.flush();
    }

private:
    std::ostream& out_;
    ordered_json items_ = ordered_json::array();
    CitationKeys keys_;
};

}  // namespace

ordered_json csl_item(const Record& r) {
    ordered_json j;
    j["id"] = bibtex_key(r);
    j["type"] = "article";
    j["title"] = collapse_whitespace(r.title);
    ordered_json authors = ordered_json::array();
    for (const std::string& a : r.authors) {
        const AuthorName n = split_author_name(a);
        ordered_json name;
        if (n.literal || n.given.empty()) {
            name["literal"] = n.family;
        } else {
            name["family"] = n.family;
            name["given"] = n.given;
            if (!n.suffix.empty()) name["suffix"] = n.suffix;
        }
        authors.push_back(std::move(name));
    }
    j["author"] = std::move(authors);
    // date-parts: [year, month] or [year, month, day].
    if (const std::optional<DayParts> d = day_parts(r.submitted)) {
        ordered_json parts = ordered_json::array({d->year, d->month});
        if (d->day) parts.push_back(d->day);
        j["issued"] = {{"date-parts", ordered_json::array({parts})}};
    }
    if (!r.abstract.empty()) j["abstract"] = r.abstract;
    j["URL"] = abs_url(r);
    if (!r.doi.empty()) {
        const std::string dois = collapse_whitespace(r.doi);
        j["DOI"] = dois.substr(0, dois.find(' '));
    }
    j["number"] = r.id;
    j["publisher"] = "arXiv";
    if (!r.journal_ref.empty()) j["container-title"] = r.journal_ref;
    if (!r.comment.empty()) j["note"] = r.comment;
    std::string keywords;
    for (const std::string& c : r.categories) keywords += (keywords.empty() ? "" : ", ") + c;
    if (!keywords.empty()) j["keyword"] = keywords;
    if (r.version) j["version"] = std::to_string(r.version);
    return j;
}

std::unique_ptr<Formatter> make_csljson_formatter(std::ostream& out, const OutputOptions&) {
    return std::make_unique<CslJsonFormatter>(out);
}

}  // namespace arxiv
