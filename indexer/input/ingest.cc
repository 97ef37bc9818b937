#include "indexer/input/ingest.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ostream>

#include "indexer/input/input.h"
#include "indexer/parsers/parsers.h"
#include "indexer/report/progress.h"

namespace arxiv {
namespace {

using Clock = std::chrono::steady_clock;

// Reports skipped records of one file, capped so a broken file cannot
// flood the terminal; the total is always reported.
class FileReporter {
public:
    FileReporter(const std::string& file, const IngestOptions& options, std::ostream& err,
                 Progress& progress)
        : file_(file), options_(options), err_(err), progress_(progress) {}

    void skip(size_t line, const std::string& message) {
        ++skipped_;
        if (options_.quiet || skipped_ > options_.max_warnings_per_file) return;
        progress_.clear();
        err_ << "arxiv-index: " << file_;
        if (line) err_ << ":" << line;
        err_ << ": skipped record: " << message << "\n";
    }

    void finish() {
        if (!options_.quiet && skipped_ > options_.max_warnings_per_file) {
            progress_.clear();
            err_ << "arxiv-index: " << file_ << ": ... "
                 << (skipped_ - options_.max_warnings_per_file) << " more skipped records\n";
        }
    }

    std::uint64_t skipped() const { return skipped_; }

private:
    const std::string& file_;
    const IngestOptions& options_;
    std::ostream& err_;
    Progress& progress_;
    std::uint64_t skipped_ = 0;
};

void ingest_one(RecordTarget& target, InputFile& input, const std::string& path, size_t input_no,
                IngestSummary& summary, FileReporter& reporter, Progress& progress) {
    ParseSink sink;
    sink.record = [&](Record&& record, size_t line) {
        ++summary.records;
        target.put(std::move(record), RecordOrigin{input_no, line});
        progress.tick(summary.records);
    };
    sink.skip = [&](size_t line, const std::string& message) {
        ++summary.records;
        reporter.skip(line, message);
    };

    // Text formats never hold NUL bytes: binary data (an image, /dev/zero,
    // a gzip bomb of zeros) is refused from its first bytes, before a
    // single line is read.
    const std::string_view start = input.peek(64 * 1024);
    if (start.substr(0, 2) == "\xFF\xFE" || start.substr(0, 2) == "\xFE\xFF")
        throw SourceError("UTF-16 text; convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)");
    if (start.find('\0') != std::string_view::npos)
        throw SourceError("binary data (NUL bytes), not arXiv metadata");

    // XML documents are read whole (up to kMaxDocumentBytes), whatever
    // their line structure; everything else is read line by line.
    const size_t first_byte = start.find_first_not_of(" \t\r\n");
    const bool bom = start.substr(0, 3) == "\xEF\xBB\xBF";
    const size_t first_text = bom ? start.find_first_not_of(" \t\r\n", 3) : first_byte;
    // An empty file is a day without records (a holiday in a daily
    // listing), not an error.
    if (first_text == std::string_view::npos && start.size() < 64 * 1024) return;
    if (first_text != std::string_view::npos && start[first_text] == '<') {
        const std::string xml = input.read_all(kMaxDocumentBytes);
        const Format format = detect_format(xml);
        if (format == Format::Atom) {
            parse_atom(xml, sink);
        } else if (format == Format::OaiPmh) {
            parse_oai(xml, sink);
        } else {
            throw SourceError(
                "unknown format: an XML document whose root is neither <feed> (arXiv API) nor "
                "<OAI-PMH>");
        }
        return;
    }

    // JSON lines are recognised from the first line that parses, so a few
    // broken (or overlong) lines at the top do not hide the format; the
    // lines read for that are kept for the parser.
    std::vector<std::string> pending;
    std::vector<bool> pending_cut;  // longer than a record may be
    std::string line, head;
    Format format = Format::Unknown;
    size_t tried = 0;  // non-blank lines looked at
    while (format == Format::Unknown && tried < 50 && input.read_line(line)) {
        pending.push_back(line);
        pending_cut.push_back(input.line_was_cut());
        ++tried;
        if (pending_cut.back()) continue;
        const size_t text = line.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        if (text == std::string::npos) {
            --tried;
            continue;
        }
        if (line[text] != '{') break;  // not JSON at all
        head += line + "\n";
        format = detect_format(head);
    }
    if (format != Format::Kaggle && format != Format::DailyJsonl) {
        if (tried == 0) return;  // only blank lines
        throw SourceError(
            "unknown format: expected an arXiv API Atom feed, an OAI-PMH response, Kaggle "
            "arXiv metadata JSON lines or daily-arxiv JSON lines");
    }

    const std::string file_date = date_from_file_name(path);
    size_t line_no = 0;
    auto handle = [&](const std::string& l, bool cut) {
        ++line_no;
        if (cut) {
            sink.skip(line_no, "record longer than " + std::to_string(kMaxRecordBytes >> 20) +
                                   " MiB (the limit for one record)");
            return;
        }
        if (format == Format::Kaggle) parse_kaggle_line(l, line_no, sink);
        else parse_daily_line(l, line_no, file_date, sink);
    };
    for (size_t i = 0; i < pending.size(); ++i) handle(pending[i], pending_cut[i]);
    while (input.read_line(line)) handle(line, input.line_was_cut());
}

}  // namespace

IngestSummary ingest_files(RecordTarget& target, const std::vector<std::string>& args,
                           const IngestOptions& options, std::ostream& err) {
    IngestSummary summary;
    const auto start = Clock::now();
    std::vector<std::string> errors;
    std::vector<std::string> notes;
    std::vector<std::string> files = expand_inputs(args, errors, notes);
    for (const std::string& e : errors) {
        err << "arxiv-index: " << e << "\n";
        ++summary.files_failed;
    }
    if (!options.quiet)
        for (const std::string& n : notes) err << "arxiv-index: " << n << "\n";
    Progress progress(err, options.progress && !options.quiet, files.size());
    auto display_name = [&](size_t i) { return files[i] == "-" ? std::string("<stdin>") : files[i]; };
    // Records the index refused are skipped records of their file; a
    // parallel build may report them after its file is done.
    auto report_rejections = [&](FileReporter* current, size_t current_no) {
        for (const Rejection& r : target.take_rejections()) {
            if (current && r.origin.input == current_no) {
                current->skip(r.origin.line, r.message);
                continue;
            }
            FileReporter late(display_name(r.origin.input), options, err, progress);
            late.skip(r.origin.line, r.message);
            summary.skipped += late.skipped();
        }
    };
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string& path = files[i];
        const std::string display = display_name(i);
        progress.start_file(i, display);
        FileReporter reporter(display, options, err, progress);
        const std::uint64_t records_before = summary.records;
        try {
            InputFile input(path);
            ingest_one(target, input, path, i, summary, reporter, progress);
            ++summary.files_ok;
        } catch (const SourceError& e) {
            progress.clear();
            err << "arxiv-index: " << display << ": error: " << e.what()
                << (summary.records > records_before ? " (records read before the error are kept)" : "") << "\n";
            ++summary.files_failed;
        }
        report_rejections(&reporter, i);
        reporter.finish();
        summary.skipped += reporter.skipped();
    }
    // One commit per run (plus Xapian's own every few thousand documents):
    // committing after each of the 410 daily files took 61 s instead of 56 s.
    progress.set_status("committing…");
    target.finish();
    report_rejections(nullptr, 0);
    summary.counts = target.counts();
    progress.finish();
    summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return summary;
}

std::string format_summary(const IngestSummary& s) {
    char buf[512];
    const auto& c = s.counts;
    double rate = s.seconds > 0 ? s.records / s.seconds : 0;
    std::snprintf(buf, sizeof buf,
                  "%llu records from %llu file%s in %.1fs (%.0f records/s): added %llu, "
                  "replaced %llu, unchanged %llu, deleted %llu, skipped %llu",
                  (unsigned long long)s.records, (unsigned long long)(s.files_ok + s.files_failed),
                  s.files_ok + s.files_failed == 1 ? "" : "s", s.seconds, rate,
                  (unsigned long long)c.added, (unsigned long long)c.replaced,
                  (unsigned long long)(c.unchanged + c.older), (unsigned long long)c.deleted,
                  (unsigned long long)s.skipped);
    std::string out = buf;
    if (c.older)
        out += " (" + std::to_string(c.older) + " of them older than the indexed record)";
    if (c.other_shard) out += "; " + std::to_string(c.other_shard) + " left to the other shards";
    if (s.files_failed) out += "; " + std::to_string(s.files_failed) + " file(s) failed";
    return out;
}

}  // namespace arxiv
