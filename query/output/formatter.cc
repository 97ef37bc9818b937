#include "query/output/formatter.h"

#include "common/text/text.h"

namespace arxiv {

std::string abs_url(const Record& r) {
    std::string url = "https://arxiv.org/abs/" + r.id;
    if (r.version) url += "v" + std::to_string(r.version);
    return url;
}

std::string pdf_url(const Record& r) {
    std::string url = "https://arxiv.org/pdf/" + r.id;
    if (r.version) url += "v" + std::to_string(r.version);
    return url;
}

std::string date_precision(const Record& r) {
    if (r.submitted.empty()) return "";
    return r.submitted.size() == 7 ? "month" : "day";
}

std::string join_paragraphs(std::string_view abstract) {
    std::string out(abstract);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

Record printable_record(const Record& r) {
    Record out = r;
    for (std::string* field : {&out.title, &out.abstract, &out.comment, &out.journal_ref, &out.doi, &out.report_no,
                               &out.license, &out.id, &out.submitted, &out.updated, &out.announced})
        *field = printable_text(*field);
    for (std::string& a : out.authors) a = printable_text(a);
    for (std::string& c : out.categories) c = printable_text(c);
    return out;
}

std::string group_thousands(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace arxiv
