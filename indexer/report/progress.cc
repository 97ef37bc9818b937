#include "indexer/report/progress.h"

#include <cstdio>

#include "common/text/text.h"

namespace arxiv {

Progress::Progress(std::ostream& out, bool enabled, size_t total_files)
    : out_(out), enabled_(enabled), total_files_(total_files) {}

void Progress::start_file(size_t index, const std::string& name) {
    file_index_ = index;
    file_name_ = name;
    if (enabled_) draw();
}

void Progress::tick(std::uint64_t records) {
    records_ = records;
    if (!enabled_ || (records & 255) != 0) return;
    if (Clock::now() - last_draw_ > std::chrono::milliseconds(200)) draw();
}

void Progress::set_status(const std::string& status) {
    status_ = status;
    if (enabled_) draw();
}

void Progress::draw() {
    last_draw_ = Clock::now();
    if (file_name_.empty()) {  // harvests: the caller's status line says it all
        out_ << "\r\x1b[2K" << status_;
        out_.flush();
        drawn_ = true;
        return;
    }
    double secs = std::chrono::duration<double>(last_draw_ - start_).count();
    double rate = secs > 0.2 ? records_ / secs : 0;
    std::string name = file_name_;
    size_t slash = name.rfind('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    if (utf8_length(name) > 40) name = "…" + name.substr(name.size() - 39);
    char buf[256];
    int width = total_files_ > 1 ? std::snprintf(nullptr, 0, "%zu", total_files_) : 0;
    if (total_files_ > 1)
        std::snprintf(buf, sizeof buf, "[%*zu/%zu] %-40s %10llu records %8.0f rec/s", width,
                      file_index_ + 1, total_files_, name.c_str(), (unsigned long long)records_,
                      rate);
    else
        std::snprintf(buf, sizeof buf, "%s %10llu records %8.0f rec/s", name.c_str(),
                      (unsigned long long)records_, rate);
    out_ << "\r\x1b[2K" << buf;
    if (!status_.empty()) out_ << "  " << status_;
    out_.flush();
    drawn_ = true;
}

void Progress::clear() {
    if (enabled_ && drawn_) {
        out_ << "\r\x1b[2K";
        out_.flush();
        drawn_ = false;
    }
}

void Progress::finish() { clear(); }

}  // namespace arxiv
