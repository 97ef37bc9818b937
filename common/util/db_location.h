// Where the index lives, resolved the same way by every tool:
// --db PATH, else $ARXIV_SEARCH_DB, else $XDG_DATA_HOME/arxiv-search/index,
// else ~/.local/share/arxiv-search/index.
#pragma once

#include <string>

namespace arxiv {

std::string resolve_db_path(const std::string& flag_value);

}  // namespace arxiv
