// The index as its writers see it: one Xapian database, or a sharded index —
// a folder of N databases (shard0 … shardN-1) and a Xapian stub file,
// XAPIANDB, that lists them, so that every reader (arxiv-query, digest,
// serve, Xapian's own tools) opens the folder as one database with the
// global statistics of all shards.
//
// Every id always goes to the same shard (shard_of: a hash of the canonical
// id that never changes), so newest-wins and deletions stay exact. The
// index's own metadata (schema version aside: each shard has its own) lives
// in shard 0, which a reader of the stub sees first: harvest positions,
// coverage, fetch state; so do the spelling and synonym tables, which
// Xapian's remote backend does not read from a remote shard. A batch commits shards 1 … N-1 first and shard 0
// last, so a crash between them leaves the saved position behind the
// documents, never ahead: the next run fetches the same records again and
// finds them unchanged.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/store/writer.h"

namespace arxiv {

// The index at a path is not what a writer was asked for (a sharded index
// of another shard count, a stub with remote shards, …); the message says
// what to do.
class IndexLayoutError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The shard (0 … shards-1) an id belongs to.
unsigned shard_of(std::string_view canonical_id, unsigned shards);

// The shards of a sharded index at `path` (a folder with a XAPIANDB stub
// written by arxiv-index), in order; empty when `path` is not one. Throws
// IndexLayoutError for a stub arxiv-index did not write (remote shards,
// other paths): such a stub can be searched but not written.
std::vector<std::string> shard_paths(const std::string& path);

class IndexWriter {
public:
    // Opens the index at `path`, creating it when missing: as `shards`
    // databases when `shards` > 1, else as one. An existing index keeps its
    // layout; asking for another shard count is an IndexLayoutError.
    // Throws Xapian::DatabaseLockError as DatabaseWriter does.
    //
    // `only_shard` K: open shard K of a sharded index and nothing else (the
    // index is created with `shards` shards if missing): a paper of another
    // shard is OtherShard, left alone. This builds the shards of one index
    // on separate machines, or in separate processes, each holding one lock;
    // the shard folders are then put side by side under one stub. A shard
    // built so keeps its own spelling and synonym tables (shard 0, on
    // another machine, cannot take them), which a local stub reads from
    // every shard.
    explicit IndexWriter(const std::string& path, double wait_seconds = 0, unsigned shards = 0,
                         std::optional<unsigned> only_shard = std::nullopt);
    ~IndexWriter();

    UpsertOutcome upsert(const Record& record);
    std::optional<Record> lookup(const std::string& id);
    bool holds_nothing();

    void begin_batch();
    void commit();
    void cancel_batch();

    void set_metadata(const std::string& key, const std::string& value);
    std::string get_metadata(const std::string& key) const;

    const std::string& path() const { return path_; }
    unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }
    // 0 for an index of one database.
    unsigned shard_for(const std::string& canonical_id) const { return shard_of(canonical_id, shard_count()); }
    const std::string& shard_path(unsigned k) const { return shard_paths_[k]; }
    DatabaseWriter& shard(unsigned k) { return *shards_[k]; }
    // The one shard open (IndexWriter's only_shard), if any.
    std::optional<unsigned> only_shard() const { return only_shard_; }

private:
    std::string path_;
    std::vector<std::string> shard_paths_;
    std::vector<std::unique_ptr<DatabaseWriter>> shards_;  // null: a shard left to another writer
    std::optional<unsigned> only_shard_;
};

}  // namespace arxiv
