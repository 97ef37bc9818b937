// Where the index lives, resolved the same way by every tool:
// --db PATH, else $ARXIV_SEARCH_DB, else $XDG_DATA_HOME/arxiv-search/index,
// else ~/.local/share/arxiv-search/index.
#pragma once

#include <string>
#include <vector>

namespace arxiv {

std::string resolve_db_path(const std::string& flag_value);

// Why `path` must not become an index: an existing folder that holds other
// files and no Xapian database (a mistyped --db would scatter index files
// among someone's papers). Empty when it may: a new or empty folder, or an
// index. A replica (below) is never one an index may be written to.
std::string foreign_folder_problem(const std::string& path);

// Whether the index at `path` reaches a remote shard: `path` is a Xapian
// stub database (a file, or a folder holding a file XAPIANDB) with a line
// `remote HOST:PORT` (xapian-tcpsrv) or `remote :PROGRAM ARGS`
// (xapian-progsrv), directly or through a stub its `auto` lines name.
// What runs on such a shard is Xapian's own server, which knows only
// Xapian's classes: callers then use those (query/search/facets.h).
bool reaches_remote_shard(const std::string& path);

// The lines of the Xapian stub database at `path` (a stub file, or a folder
// holding one as XAPIANDB) as (type, rest of the line) — ("auto", "shard0"),
// ("remote", "host:33333") — without blank and comment lines; `stub_file`
// gets the stub's own path. Empty when `path` is no stub. The one reader of
// the stub format: remote detection, replicas and sharded indexes use it.
struct StubLine {
    std::string type, target;
    std::string database;  // "auto": the target's path, a relative one taken from the stub's folder
    size_t line_no = 0;
    std::string text;  // the line as written
};
std::vector<StubLine> stub_lines(const std::string& path, std::string* stub_file = nullptr);

// Whether `path` is opened through a Xapian stub database: a stub file, or a
// folder holding one as XAPIANDB (a sharded index, a replica, remote shards).
// A stub may come to name other databases (a replica's full copy switches
// folders), which Database::reopen() does not see: open such a path anew.
bool opened_through_stub(const std::string& path);

// Whether `path` is a folder holding the stub `xapian-replicate` makes of a
// replica (XAPIANDB: "auto replica_N"): read-only, written only by
// replication (docs/replicas.md).
bool is_replica(const std::string& path);

}  // namespace arxiv
