// The tests are written against Catch2 2's single header (Debian 12 ships
// Catch2 2.13). With Catch2 3 (Debian 13 ships 3.7) tests/CMakeLists.txt
// puts this folder first on the include path, so `#include
// <catch2/catch.hpp>` lands here: Catch2 3's headers plus the few Catch2 2
// names the tests use that version 3 renamed. `main` comes from
// Catch2::Catch2WithMain there; tests/unit/main.cc's CATCH_CONFIG_MAIN is
// then an unused macro.
#pragma once

#include <catch2/catch_all.hpp>

#include <string>

namespace Catch {
// Catch2 2's string matcher, ContainsSubstring in 3.
inline Matchers::StringContainsMatcher Contains(const std::string& text,
                                                CaseSensitive sensitivity = CaseSensitive::Yes) {
    return Matchers::ContainsSubstring(text, sensitivity);
}
}  // namespace Catch

// Catch2 2 put Approx in the global namespace too.
using Catch::Approx;
