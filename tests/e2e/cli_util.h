// Helpers for end-to-end tests: run the real binaries in a shell, capture
// exit code, stdout and stderr; make temporary directories.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace e2e {

namespace fs = std::filesystem;

struct Result {
    int code = -1;
    std::string out, err;
};

inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "arxiv-e2e-XXXXXX").string();
        path_ = mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

// Runs a shell command line; `env` is prepended (e.g. "NO_COLOR=1").
inline Result run(const std::string& command, const std::string& stdin_file = "/dev/null") {
    static int counter = 0;
    fs::path base = fs::temp_directory_path() /
                    ("arxiv-e2e-run-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::string out = base.string() + ".out", err = base.string() + ".err";
    std::string full = "( " + command + " ) < " + quote(stdin_file) + " > " + quote(out) + " 2> " + quote(err);
    int status = std::system(full.c_str());
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    fs::remove(out);
    fs::remove(err);
    return r;
}

inline std::string index_bin() { return ARXIV_INDEX_BIN; }
inline std::string query_bin() { return ARXIV_QUERY_BIN; }
inline std::string fixture(const std::string& name) { return std::string(ARXIV_FIXTURES_DIR) + "/" + name; }
inline std::string data_dir() { return ARXIV_DATA_DIR; }

inline Result index(const std::string& db, const std::string& args) {
    return run(quote(index_bin()) + " --db " + quote(db) + " " + args);
}
inline Result query(const std::string& db, const std::string& args) {
    return run(quote(query_bin()) + " --db " + quote(db) + " " + args);
}

// The bundled daily-arxiv sample (data/daily-arxiv), indexed once per test
// binary and kept for its life.
inline const std::string& sample_db() {
    static TempDir dir;
    static std::string db = [] {
        std::string path = dir / "db";
        Result r = index(path, "--quiet add " + quote(data_dir() + "/daily-arxiv"));
        if (r.code != 0) throw std::runtime_error("indexing the sample failed: " + r.err);
        return path;
    }();
    return db;
}

}  // namespace e2e
