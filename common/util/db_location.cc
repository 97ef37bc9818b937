#include "common/util/db_location.h"

#include <cstdlib>

namespace arxiv {
namespace {
std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}
}  // namespace

std::string resolve_db_path(const std::string& flag_value) {
    if (!flag_value.empty()) return flag_value;
    if (std::string v = env("ARXIV_SEARCH_DB"); !v.empty()) return v;
    if (std::string v = env("XDG_DATA_HOME"); !v.empty()) return v + "/arxiv-search/index";
    if (std::string home = env("HOME"); !home.empty()) return home + "/.local/share/arxiv-search/index";
    return ".arxiv-search-index";
}

}  // namespace arxiv
