// Where ingested records go: straight into one IndexWriter, or — for a fresh
// build — fanned out by id to parallel shard writers whose shards are then
// merged by Xapian's compaction: into one database, or, for a sharded index
// (indexer/store/index_writer.h), each build shard into the index's shard of
// the same number, in parallel, with no merge of the whole. Records of one id
// always reach the same shard in input order, so newest-wins behaves exactly
// as with one writer.
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

#include "indexer/store/index_writer.h"

namespace arxiv {

// Where a record came from: the caller's number for its input, and the
// line it starts on (0 if unknown).
struct RecordOrigin {
    size_t input = 0;
    size_t line = 0;
};

// A record the index refused (IndexWriter::upsert threw RecordRejected).
struct Rejection {
    RecordOrigin origin;
    std::string message;
};

class RecordTarget {
public:
    virtual ~RecordTarget() = default;
    virtual void put(Record&& record, RecordOrigin origin) = 0;
    // Commits everything; after this, counts() is final.
    virtual void finish() = 0;
    virtual WriteCounts counts() const = 0;
    // Records refused since the last call (at the latest, all of them after
    // finish()); each is handed over once.
    std::vector<Rejection> take_rejections();

protected:
    void reject(RecordOrigin origin, const std::string& message);

private:
    std::mutex rejections_mutex_;
    std::vector<Rejection> rejections_;
};

class WriterTarget : public RecordTarget {
public:
    explicit WriterTarget(IndexWriter& writer) : writer_(writer) {}
    void put(Record&& record, RecordOrigin origin) override;
    void finish() override { writer_.commit(); }
    WriteCounts counts() const override { return counts_; }

private:
    IndexWriter& writer_;
    WriteCounts counts_;
};

class ShardedBuild : public RecordTarget {
public:
    // `target` is the open, locked and empty index (the caller decided on a
    // fresh build while holding its lock); the build keeps that lock until
    // the merged databases have taken their places. Build shards live in a
    // temporary directory beside it: `jobs` of them for an index of one
    // database, one per shard of a sharded index.
    ShardedBuild(std::unique_ptr<IndexWriter> target, unsigned jobs);
    ~ShardedBuild() override;
    void put(Record&& record, RecordOrigin origin) override;
    // Commits the shards, compacts them into the target and removes them.
    void finish() override;
    WriteCounts counts() const override;

private:
    struct Shard;
    void run_shard(Shard& shard);
    void apply(Shard& shard, const Record& record, RecordOrigin origin);
    void apply_upsert(Shard& shard, const Record& record);
    void replace_target(unsigned k, const std::string& merged);
    void rotate(Shard& shard);
    void stop_workers();

    std::string work_dir_;
    std::unique_ptr<IndexWriter> target_;
    std::vector<std::unique_ptr<Shard>> shards_;
    bool finished_ = false;
};

}  // namespace arxiv
