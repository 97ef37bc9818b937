#include "common/util/db_location.h"

#include <cstdlib>
#include <filesystem>

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

std::string foreign_folder_problem(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec) || fs::is_empty(path, ec)) return "";
    if (is_replica(path))
        return path + " is a replica (a Xapian stub database, as xapian-replicate makes): it is read-only; "
                      "index into its master instead (nothing was written)";
    for (const char* marker : {"iamglass", "iamchert", "iamhoney"})
        if (fs::exists(fs::path(path) / marker, ec)) return "";
    return path + " is a folder with other files in it and no index; give --db a new or empty folder "
                  "(nothing was written)";
}

bool is_replica(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::is_regular_file(fs::path(path) / "XAPIANDB", ec);
}

}  // namespace arxiv
