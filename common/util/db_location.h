// Where the index lives, resolved the same way by every tool:
// --db PATH, else $ARXIV_SEARCH_DB, else $XDG_DATA_HOME/arxiv-search/index,
// else ~/.local/share/arxiv-search/index.
#pragma once

#include <string>

namespace arxiv {

std::string resolve_db_path(const std::string& flag_value);

// Why `path` must not become an index: an existing folder that holds other
// files and no Xapian database (a mistyped --db would scatter index files
// among someone's papers). Empty when it may: a new or empty folder, or an
// index. A replica (below) is never one an index may be written to.
std::string foreign_folder_problem(const std::string& path);

// Whether `path` is a folder holding a Xapian stub database (a XAPIANDB
// file), as `xapian-replicate` makes a replica: the stub names the live copy,
// and a full copy switches it to another folder (docs/replicas.md).
bool is_replica(const std::string& path);

}  // namespace arxiv
