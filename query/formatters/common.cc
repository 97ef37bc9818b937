#include "query/formatters/formatter.h"

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

std::string output_date(const std::string& date) {
    if (date.size() == 7) return date + "-01";
    return date;
}

}  // namespace arxiv
