#include "query/digest/util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace arxiv::digest_util {

namespace fs = std::filesystem;

namespace {

// Edit distance counting a swap of neighbours as one edit ("titel").
size_t edit_distance(std::string_view a, std::string_view b) {
    auto same = [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    };
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_d = std::string::npos;
    for (const std::string& c : candidates) {
        size_t d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    // A third of the word may be wrong (two letters of "catgories" is fine,
    // "limit" for "query" is not a typo).
    if (best == word || best_d > std::max<size_t>(1, word.size() / 3)) return "";
    return best;
}

std::string slug(std::string_view text) {
    std::string out;
    bool dash = false;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) && u < 128) {
            if (dash && !out.empty()) out += '-';
            out += static_cast<char>(std::tolower(u));
            dash = false;
        } else {
            dash = true;
        }
    }
    if (out.size() > 60) out.resize(60);
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "digest" : out;
}

namespace {

// Writes `content` to the open `fd`, all of it; 0 or the errno.
int write_all(int fd, std::string_view content) {
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<size_t>(n);
    }
    return 0;
}

}  // namespace

void write_file_atomically(const std::string& given, std::string_view content) {
    auto fail = [&](int err) {
        return std::runtime_error("cannot write " + given + ": " + std::strerror(err));
    };
    // A symbolic link is followed (also one to a file not there yet): the
    // file it names is replaced, not the link.
    fs::path resolved = given;
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(resolved, ec); ++hops) {
        const fs::path target = fs::read_symlink(resolved, ec);
        if (ec) break;
        resolved = target.is_absolute() ? target : resolved.parent_path() / target;
    }
    const std::string path = resolved.string();
    // Not a regular file (-o /dev/null, /dev/stdout, a named pipe): written
    // as it is. Renaming a new file over it would put a plain file in its
    // place — /dev/null among them, for whoever runs as root.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) throw fail(errno);
        int err = write_all(fd, content);
        if (::close(fd) != 0 && err == 0) err = errno;
        if (err != 0) throw fail(err);
        return;
    }
    std::string tmp = path + ".tmp-XXXXXX";
    int fd = mkstemp(tmp.data());
    if (fd < 0) throw fail(errno);
    // mkstemp creates the file 0600; the result should get the permissions
    // any other new file gets (0666 minus the umask).
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (int err = write_all(fd, content); err != 0) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw fail(err);
    }
    // Synced before the rename: otherwise a crash could leave the new name
    // pointing at an empty file.
    int err = ::fsync(fd) == 0 ? 0 : errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) {
        ::unlink(tmp.c_str());
        throw fail(err);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw fail(err);
    }
}

}  // namespace arxiv::digest_util
