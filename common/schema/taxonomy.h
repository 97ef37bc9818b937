// arXiv's category taxonomy, one table for every use: known categories and
// archives, their names as oai_dc writes them, the OAI-PMH set groups, and
// the aliases under which one listing counts as another (cs.SY = eess.SY,
// cmp-lg = cs.CL).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

// Properly cased known category or archive for any casing ("cs.lg" ->
// "cs.LG"); empty if the name is not in the taxonomy.
std::string known_category(std::string_view name);
bool is_known_archive(std::string_view name);

// Every active category, properly cased, in table order: "astro-ph.CO" ...
// "quant-ph" (not the legacy archives).
std::vector<std::string> active_categories();

// An active category's name as oai_dc writes it in <dc:subject>:
// "cs.LG" -> "Computer Science - Machine Learning", "quant-ph" -> "Quantum
// Physics"; empty for any other name.
std::string category_display_name(std::string_view category);
// The category such a name stands for, in any casing; empty if none.
std::string category_of_display_name(std::string_view name);

// The archives an OAI-PMH set group holds: "physics" -> astro-ph, cond-mat,
// gr-qc, hep-*, math-ph, nlin, nucl-*, physics, quant-ph; "cs" -> cs; empty
// for a name that is no group (set specs are case-sensitive).
std::vector<std::string> archives_of_group(std::string_view group);

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
