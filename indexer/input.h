// Reading ingest inputs: plain or gzip-compressed files and stdin, decoded
// transparently, with errors that say which input failed and why.
#pragma once

#include <string>
#include <vector>

#include <zlib.h>

namespace arxiv {

class InputFile {
public:
    // "-" means standard input. Throws SourceError if it cannot be opened.
    explicit InputFile(const std::string& path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    // Reads up to n decompressed bytes; 0 at the end. Throws SourceError on a
    // read error or a truncated/corrupt gzip stream.
    size_t read(char* buf, size_t n);

    // Reads one line without its '\n' (a trailing '\r' is dropped too).
    // Returns false at the end of input.
    bool read_line(std::string& line);

    // Reads everything that is left.
    std::string read_all();

    const std::string& name() const { return name_; }

private:
    gzFile file_ = nullptr;
    std::string name_;
    std::string buffer_;  // read_line() look-ahead
    size_t buffer_pos_ = 0;
    bool eof_ = false;
};

// Expands the command line's inputs: a directory becomes its regular,
// non-hidden files in name order; "-" and files are kept as given. Throws
// SourceError for a path that does not exist.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args,
                                       std::vector<std::string>& errors);

// "YYYY-MM-DD" if the file's base name starts with a date (daily-arxiv
// files are named after the day they were announced), else "".
std::string date_from_file_name(const std::string& path);

}  // namespace arxiv
