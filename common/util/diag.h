// Last-resort error reporting shared by every program's main(): whatever
// escapes the specific handlers is still a clear message and a documented
// exit code, never an abort (exit 134) with a core dump.
#pragma once

#include <exception>
#include <string_view>

namespace arxiv {

// Prints "PROG: error: out of memory" for std::bad_alloc, else
// "PROG: error: internal: WHAT (a bug; please report it)", on stderr, and
// returns exit_code::kInternal.
int report_internal_error(std::string_view prog, const std::exception& e) noexcept;

}  // namespace arxiv
