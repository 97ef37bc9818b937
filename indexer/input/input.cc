#include "indexer/input/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include "common/util/dates.h"
#include "indexer/parsers/parsers.h"

namespace arxiv {

namespace fs = std::filesystem;

InputFile::InputFile(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
    if (path == "-") {
        int fd = dup(STDIN_FILENO);
        if (fd >= 0) file_ = gzdopen(fd, "rb");
    } else {
        std::error_code ec;
        if (fs::is_directory(path, ec)) throw SourceError("is a directory");
        int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw SourceError(std::string("cannot open: ") + std::strerror(errno));
        file_ = gzdopen(fd, "rb");
        if (!file_) close(fd);
    }
    if (!file_) throw SourceError("cannot open: out of memory");
    gzbuffer(file_, 256 * 1024);
}

InputFile::~InputFile() {
    if (file_) gzclose_r(file_);
}

size_t InputFile::read(char* buf, size_t n) {
    if (eof_) return 0;
    int got = gzread(file_, buf, static_cast<unsigned>(std::min<size_t>(n, 1u << 30)));
    if (got < 0) {
        int errnum = 0;
        const char* msg = gzerror(file_, &errnum);
        if (errnum == Z_ERRNO) throw SourceError(std::string("read error: ") + std::strerror(errno));
        throw SourceError(std::string("corrupt gzip data: ") + (msg ? msg : "unknown error"));
    }
    if (got == 0) {
        eof_ = true;
        // zlib reports a stream cut short only when asked.
        int errnum = 0;
        const char* msg = gzerror(file_, &errnum);
        if (errnum == Z_BUF_ERROR)
            throw SourceError(std::string("truncated gzip file (") + (msg ? msg : "unexpected end") +
                              ")");
        if (errnum != Z_OK)
            throw SourceError(std::string("corrupt gzip data: ") + (msg ? msg : "unknown error"));
    }
    return static_cast<size_t>(got);
}

bool InputFile::fill(size_t want) {
    if (buffer_pos_ > 0) {
        buffer_.erase(0, buffer_pos_);
        buffer_pos_ = 0;
    }
    while (buffer_.size() < want) {
        const size_t have = buffer_.size();
        buffer_.resize(have + std::max<size_t>(want - have, 256 * 1024));
        size_t got = read(buffer_.data() + have, buffer_.size() - have);
        buffer_.resize(have + got);
        if (got == 0) return false;
    }
    return true;
}

std::string_view InputFile::peek(size_t n) {
    if (buffer_.size() - buffer_pos_ < n) fill(n);
    return std::string_view(buffer_).substr(buffer_pos_, n);
}

bool InputFile::read_line(std::string& line, size_t max_bytes) {
    line.clear();
    cut_ = false;
    bool any = false;
    while (true) {
        if (buffer_pos_ >= buffer_.size() && !fill(1) && buffer_.empty()) break;
        any = true;
        size_t nl = buffer_.find('\n', buffer_pos_);
        size_t end = nl == std::string::npos ? buffer_.size() : nl;
        size_t room = max_bytes > line.size() ? max_bytes - line.size() : 0;
        if (end - buffer_pos_ > room) cut_ = true;
        line.append(buffer_, buffer_pos_, std::min(end - buffer_pos_, room));
        if (nl != std::string::npos) {
            buffer_pos_ = nl + 1;
            break;
        }
        buffer_.clear();
        buffer_pos_ = 0;
    }
    if (!any) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

std::string InputFile::read_all(size_t max_bytes) {
    std::string all = buffer_.substr(buffer_pos_);
    buffer_.clear();
    buffer_pos_ = 0;
    char chunk[256 * 1024];
    while (size_t got = read(chunk, sizeof chunk)) {
        if (all.size() + got > max_bytes)
            throw SourceError("document larger than " + std::to_string(max_bytes >> 20) +
                              " MiB (the limit for one XML document); split it into smaller files");
        all.append(chunk, got);
    }
    return all;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& args, std::vector<std::string>& errors,
                                       std::vector<std::string>& notes) {
    std::vector<std::string> files;
    for (const std::string& arg : args) {
        if (arg == "-") {
            files.push_back(arg);
            continue;
        }
        std::error_code ec;
        auto status = fs::status(arg, ec);
        if (ec || !fs::exists(status)) {
            errors.push_back(arg + ": no such file or directory");
            continue;
        }
        if (!fs::is_directory(status)) {
            files.push_back(arg);
            continue;
        }
        std::vector<std::string> entries;
        fs::directory_iterator it(arg, ec), end;
        if (ec) errors.push_back(arg + ": cannot list directory: " + ec.message());
        for (; !ec && it != end; it.increment(ec)) {
            const fs::path& p = it->path();
            std::string base = p.filename().string();
            if (base.empty() || base[0] == '.') continue;
            std::error_code entry_ec;
            fs::file_status st = fs::status(p, entry_ec);  // follows links
            if (entry_ec || !fs::exists(st)) {
                const std::string why = entry_ec ? entry_ec.message() : "no such file or directory";
                std::error_code link_ec;
                notes.push_back(p.string() + ": skipped: " +
                                (fs::is_symlink(fs::symlink_status(p, link_ec)) ? "a symbolic link to nothing readable ("
                                                                                : "cannot be read (") +
                                why + ")");
                continue;
            }
            if (fs::is_regular_file(st)) entries.push_back(p.string());
            else if (!fs::is_directory(st)) notes.push_back(p.string() + ": skipped: not a regular file");
        }
        if (ec) errors.push_back(arg + ": cannot list directory: " + ec.message());
        std::sort(entries.begin(), entries.end());
        files.insert(files.end(), entries.begin(), entries.end());
    }
    return files;
}

std::string date_from_file_name(const std::string& path) {
    std::string base = fs::path(path).filename().string();
    if (base.size() < 10) return "";
    std::string date = normalize_date(base.substr(0, 10));
    return date == base.substr(0, 10) ? date : "";
}

}  // namespace arxiv
