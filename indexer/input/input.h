// Reading ingest inputs: plain or gzip-compressed files and stdin, decoded
// transparently, with errors that say which input failed and why.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

namespace arxiv {

// One record (a JSON line) may be at most this long; arXiv's longest are
// about 100 KB (thousands of authors). README, "Limits".
constexpr size_t kMaxRecordBytes = 16u << 20;
// An XML document (API feed, OAI-PMH page) is parsed whole; arXiv's pages
// are a few MB.
constexpr size_t kMaxDocumentBytes = 256u << 20;

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

    // The first `n` bytes not read yet (fewer at the end of the input),
    // without consuming them.
    std::string_view peek(size_t n);

    // Reads one line without its '\n' (a trailing '\r' is dropped too).
    // Returns false at the end of input. A line longer than `max_bytes` is
    // cut there, the rest of it read and dropped (memory stays bounded),
    // and line_was_cut() is true until the next call.
    bool read_line(std::string& line, size_t max_bytes = kMaxRecordBytes);
    bool line_was_cut() const { return cut_; }

    // Reads everything that is left; throws SourceError when that is more
    // than `max_bytes`.
    std::string read_all(size_t max_bytes = kMaxDocumentBytes);

    const std::string& name() const { return name_; }

private:
    gzFile file_ = nullptr;
    std::string name_;
    bool fill(size_t want);  // buffer at least `want` unread bytes; false at EOF

    std::string buffer_;  // read_line() look-ahead
    size_t buffer_pos_ = 0;
    bool eof_ = false;
    bool cut_ = false;
};

// Expands the command line's inputs: a directory becomes its regular,
// non-hidden files (symbolic links followed) in name order; "-" and files
// named on the command line are kept as given (a FIFO too). `errors` gets
// inputs that cannot be read at all (a missing path, an unlistable
// directory); `notes` gets directory entries passed over that are not
// files: dangling or looping links, FIFOs, sockets, devices (a FIFO would
// block the run forever).
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, std::vector<std::string>& errors,
                                       std::vector<std::string>& notes);

// "YYYY-MM-DD" if the file's base name starts with a date (daily-arxiv
// files are named after the day they were announced), else "".
std::string date_from_file_name(const std::string& path);

}  // namespace arxiv
