// arXiv's category taxonomy: known categories, archives, and the aliases
// under which one listing counts as another (cs.SY = eess.SY, cmp-lg = cs.CL).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

// Properly cased known category or archive for any casing ("cs.lg" ->
// "cs.LG"); empty if the name is not in the taxonomy.
std::string known_category(std::string_view name);
bool is_known_archive(std::string_view name);

// The category a listing counts as: alias and subsumed-archive names map to
// their canonical category ("cs.SY" -> "eess.SY", "cmp-lg" -> "cs.CL");
// anything else is returned as given.
std::string canonical_category(std::string_view category);

// Archive of a category: "cs.LG" -> "cs", "astro-ph.CO" -> "astro-ph",
// "hep-th" -> "hep-th".
std::string archive_of(std::string_view category);

// Every name a listing in `category` answers to, lower-cased for index
// terms: itself and its canonical form.
std::vector<std::string> category_index_names(std::string_view category);

}  // namespace arxiv
