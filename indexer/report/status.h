// `arxiv-index status`: what the index holds.
#pragma once

#include <iosfwd>
#include <string>

namespace arxiv {

// Prints documents, size, last change and stored harvest state; returns the
// process exit code (3 if there is no readable index).
int print_status(const std::string& db_path, std::ostream& out, std::ostream& err);

}  // namespace arxiv
