// Where ingested records go: straight into one IndexWriter, or — for a fresh
// build — fanned out by id to parallel shard writers whose shards are then
// merged by Xapian's compaction. Records of one id always reach the same
// shard in input order, so newest-wins behaves exactly as with one writer.
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
    void stop_workers();

    std::string target_;
    std::string work_dir_;
    std::unique_ptr<IndexWriter> target_lock_;
    std::vector<std::unique_ptr<Shard>> shards_;
    bool finished_ = false;
};

}  // namespace arxiv
