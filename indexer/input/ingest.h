// `arxiv-index add`: local files (or stdin) -> parser -> writer, one file at
// a time. Xapian commits on its own every few thousand documents and we
// commit at the end; since every upsert is idempotent, rerunning an
// interrupted ingest converges to the same index.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "indexer/store/record_target.h"

namespace arxiv {

struct IngestOptions {
    bool quiet = false;     // no progress, no per-record warnings
    bool progress = false;  // draw a progress line (caller decides: stderr is a TTY)
    size_t max_warnings_per_file = 20;
};

struct IngestSummary {
    WriteCounts counts;
    std::uint64_t records = 0;   // records read (including skipped ones)
    std::uint64_t skipped = 0;   // malformed records reported and skipped
    std::uint64_t files_ok = 0;
    std::uint64_t files_failed = 0;
    double seconds = 0;
};

// Ingests every input (files, directories, "-") into `writer`. Problems are
// reported on `err` as "arxiv-index: FILE:LINE: ..." and never stop the run.
IngestSummary ingest_files(RecordTarget& target, const std::vector<std::string>& inputs,
                           const IngestOptions& options, std::ostream& err);

// The one-line summary printed at the end of a run.
std::string format_summary(const IngestSummary& summary);

}  // namespace arxiv
