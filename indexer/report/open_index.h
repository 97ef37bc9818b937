// How the report commands (status, coverage, synonyms) open the index: read
// only, and one message when there is none to read.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <xapian.h>

namespace arxiv {

// The index at `db_path`, or nullopt after "arxiv-index: error: no readable
// index at PATH (why)" and `hint` (with its leading text) on `err`.
std::optional<Xapian::Database> open_for_report(const std::string& db_path, std::ostream& err,
                                                const std::string& hint = "");

}  // namespace arxiv
