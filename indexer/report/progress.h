// A one-line progress display for long ingests on a terminal: file n/N,
// records and records/s. Silent when disabled (pipes, --quiet).
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace arxiv {

class Progress {
public:
    Progress(std::ostream& out, bool enabled, size_t total_files);
    void start_file(size_t index, const std::string& name);
    // Cheap to call per record; redraws at most a few times per second.
    void tick(std::uint64_t records);
    // For pages of a harvest: a free-form status after the counters.
    void set_status(const std::string& status);
    // Erases the line so a warning can be printed cleanly.
    void clear();
    void finish();

private:
    void draw();
    using Clock = std::chrono::steady_clock;
    std::ostream& out_;
    bool enabled_;
    size_t total_files_;
    size_t file_index_ = 0;
    std::string file_name_;
    std::string status_;
    std::uint64_t records_ = 0;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_draw_{};
    bool drawn_ = false;
};

}  // namespace arxiv
