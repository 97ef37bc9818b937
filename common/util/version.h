// What `--version` prints, the same for every program: its name, the
// project's version (CMake's project() version), the commit it was built
// from (when built from a git checkout) and the Xapian library it runs with,
// which decides the index format it reads and writes.
#pragma once

#include <string>

namespace arxiv {

// The project's version: "0.1.0".
std::string version();

// "arxiv-query 0.1.0 (commit 1a2b3c4d5e6f, Xapian 1.4.22)"
std::string version_line(const std::string& program);

}  // namespace arxiv
