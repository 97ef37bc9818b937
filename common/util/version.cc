#include "common/util/version.h"

#include <xapian.h>

namespace arxiv {

std::string version_line(const std::string& program) {
    return program + " " ARXIV_SEARCH_VERSION " (Xapian " + Xapian::version_string() + ")";
}

}  // namespace arxiv
