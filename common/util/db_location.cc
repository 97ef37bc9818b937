#include "common/util/db_location.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

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
    // A sharded index whose shards are replicas (docs/replicas.md).
    for (const StubLine& l : stub_lines(path)) {
        if (!l.database.empty() && is_replica(l.database))
            return path + " is a replica of a sharded index (its shard " + l.database +
                   " is a Xapian stub database, as xapian-replicate makes): it is read-only; index into its "
                   "master instead (nothing was written)";
    }
    // A database, or a stub listing databases (a sharded index).
    for (const char* marker : {"iamglass", "iamchert", "iamhoney", "XAPIANDB"})
        if (fs::exists(fs::path(path) / marker, ec)) return "";
    return path + " is a folder with other files in it and no index; give --db a new or empty folder "
                  "(nothing was written)";
}

std::vector<StubLine> stub_lines(const std::string& path, std::string* stub_file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path stub = path;
    if (fs::is_directory(path, ec)) stub = stub / "XAPIANDB";
    if (stub_file) *stub_file = stub.string();
    std::vector<StubLine> out;
    if (!fs::is_regular_file(stub, ec)) return out;
    std::ifstream in(stub);
    size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        std::istringstream words(line);
        StubLine l;
        if (!(words >> l.type) || l.type[0] == '#') continue;
        std::getline(words >> std::ws, l.target);
        if (l.type == "auto" && !l.target.empty()) {
            fs::path database(l.target);
            if (database.is_relative()) database = stub.parent_path() / database;
            l.database = database.string();
        }
        l.line_no = line_no;
        l.text = line;
        out.push_back(std::move(l));
    }
    return out;
}

namespace {
bool stub_reaches_remote(const std::string& path, int depth) {
    if (depth > 8) return false;
    for (const StubLine& l : stub_lines(path)) {
        if (l.type == "remote") return true;
        if (!l.database.empty() && stub_reaches_remote(l.database, depth + 1)) return true;
    }
    return false;
}
}  // namespace

bool reaches_remote_shard(const std::string& path) { return stub_reaches_remote(path, 0); }

bool opened_through_stub(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    return fs::is_regular_file(path, ec) || fs::is_regular_file(fs::path(path) / "XAPIANDB", ec);
}

bool is_replica(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return false;
    // xapian-replicate's stub names its live copy: one line, "auto replica_N".
    const std::vector<StubLine> lines = stub_lines(path);
    return lines.size() == 1 && lines[0].type == "auto" && lines[0].target.rfind("replica_", 0) == 0;
}

}  // namespace arxiv
