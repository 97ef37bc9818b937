// `arxiv-index coverage`: compares what the index holds per set and day
// with what the OAI-PMH harvests listed, and names the gaps: days where
// fewer papers are indexed than were listed, weekdays inside the harvested
// span where nothing was listed at all, and runs that received fewer
// records than the server announced (completeListSize) or skipped records.
#pragma once

#include <iosfwd>
#include <string>

namespace arxiv {

struct CoverageOptions {
    std::string set;           // only this set ("" = every harvested set)
    std::string since, until;  // YYYY-MM-DD window of days to show
    bool all_days = false;     // also list days without a gap
};

// Returns 0 when no gap was found, 1 when some were, 3 without an index.
int print_coverage(const std::string& db_path, const CoverageOptions& options, std::ostream& out,
                   std::ostream& err);

}  // namespace arxiv
