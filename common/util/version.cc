#include "common/util/version.h"

#include <xapian.h>

#include "commit.h"  // generated: ARXIV_SEARCH_COMMIT (cmake/commit_header.cmake)

namespace arxiv {

std::string version() { return ARXIV_SEARCH_VERSION; }

std::string version_line(const std::string& program) {
    const std::string commit = ARXIV_SEARCH_COMMIT;
    return program + " " ARXIV_SEARCH_VERSION " (" + (commit.empty() ? "" : "commit " + commit + ", ") + "Xapian " +
           Xapian::version_string() + ")";
}

}  // namespace arxiv
