// What `--version` prints, the same for every program: its name, the
// project's version (CMake's project() version) and the Xapian library it
// runs with, which decides the index format it reads and writes.
#pragma once

#include <string>

namespace arxiv {

// "arxiv-query 0.1.0 (Xapian 1.4.22)"
std::string version_line(const std::string& program);

}  // namespace arxiv
