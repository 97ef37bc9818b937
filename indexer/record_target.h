// Where ingested records go: straight into one IndexWriter, or — for a fresh
// build — fanned out by id to parallel shard writers whose shards are then
// merged by Xapian's compaction. Records of one id always reach the same
// shard in input order, so newest-wins behaves exactly as with one writer.
//
// Each shard writes a series of small databases ("generations") instead of
// one growing one: Xapian inserts positional data term by term, so the cost
// of a flush grows with the database, and a fresh build of 2.7 M papers into
// two growing shards ran at half the speed of a 75 k one. A paper that
// recurs after its generation was closed is looked up there, decided on by
// the same upsert rules, and its old copy deleted before the merge.
#pragma once

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "indexer/writer.h"

namespace arxiv {

class RecordTarget {
public:
    virtual ~RecordTarget() = default;
    virtual void put(Record&& record) = 0;
    // Commits everything; after this, counts() is final.
    virtual void finish() = 0;
    virtual WriteCounts counts() const = 0;
};

class WriterTarget : public RecordTarget {
public:
    explicit WriterTarget(IndexWriter& writer) : writer_(writer) {}
    void put(Record&& record) override { counts_.count(writer_.upsert(record)); }
    void finish() override { writer_.commit(); }
    WriteCounts counts() const override { return counts_; }

private:
    IndexWriter& writer_;
    WriteCounts counts_;
};

// True if there is no index at `path` yet, or it holds nothing.
bool index_is_empty(const std::string& path);

class ShardedBuild : public RecordTarget {
public:
    // Holds the write lock on `target` for the whole build (waiting up to
    // `wait_seconds` for it). Shards live in a temporary directory beside it.
    ShardedBuild(const std::string& target, unsigned jobs, double wait_seconds);
    ~ShardedBuild() override;
    void put(Record&& record) override;
    // Commits the shards, compacts them into the target and removes them.
    void finish() override;
    WriteCounts counts() const override;

private:
    struct Shard;
    void run_shard(Shard& shard);
    void apply(Shard& shard, const Record& record);
    void rotate(Shard& shard);
    void stop_workers();

    std::string target_;
    std::string work_dir_;
    std::unique_ptr<IndexWriter> target_lock_;
    std::vector<std::unique_ptr<Shard>> shards_;
    bool finished_ = false;
};

}  // namespace arxiv
