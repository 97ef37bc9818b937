#include "common/util/diag.h"

#include <iostream>
#include <new>

#include "common/util/exit_codes.h"

namespace arxiv {

int report_internal_error(std::string_view prog, const std::exception& e) noexcept {
    try {
        if (dynamic_cast<const std::bad_alloc*>(&e))
            std::cerr << prog << ": error: out of memory\n";
        else
            std::cerr << prog << ": error: internal: " << e.what() << " (a bug; please report it)\n";
    } catch (...) {
    }
    return exit_code::kInternal;
}

}  // namespace arxiv
