#include "indexer/store/record_target.h"

#include <deque>
#include <filesystem>
#include <functional>
#include <thread>
#include <unordered_map>
#include <utility>

#include <cerrno>
#include <csignal>
#include <cstdlib>

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <xapian.h>

#include "indexer/store/document.h"

namespace arxiv {

namespace fs = std::filesystem;

std::vector<Rejection> RecordTarget::take_rejections() {
    std::lock_guard<std::mutex> lock(rejections_mutex_);
    return std::exchange(rejections_, {});
}

void RecordTarget::reject(RecordOrigin origin, const std::string& message) {
    std::lock_guard<std::mutex> lock(rejections_mutex_);
    rejections_.push_back({origin, message});
}

void WriterTarget::put(Record&& record, RecordOrigin origin) {
    try {
        counts_.count(writer_.upsert(record));
    } catch (const RecordRejected& e) {
        reject(origin, e.what());
    }
}

// A shard: its current generation's writer, where each of its papers lives,
// a bounded queue of batches, and the thread draining it.
struct ShardedBuild::Shard {
    std::string dir;
    unsigned generation = 0;
    size_t generation_docs = 0;
    std::unique_ptr<DatabaseWriter> writer;
    std::unordered_map<std::string, unsigned> home;  // id -> generation holding it
    std::vector<std::unique_ptr<Xapian::Database>> readers;  // closed generations, by number
    std::vector<std::vector<std::string>> doomed;          // ids to delete, by generation
    std::string generation_path(unsigned g) const { return dir + "/g" + std::to_string(g); }
    std::mutex mutex;
    std::condition_variable not_empty, not_full;
    using Batch = std::vector<std::pair<Record, RecordOrigin>>;
    std::deque<Batch> queue;
    Batch batch;  // filled by the producer, pushed when full
    bool closed = false;
    WriteCounts counts;
    std::exception_ptr error;
    std::thread thread;
};

namespace {
constexpr size_t kBatch = 256;      // records per hand-over
constexpr size_t kMaxQueued = 16;   // batches per shard before the reader waits
// Papers per generation: small enough that a shard's B-trees stay in the
// page cache while it writes, so flushes do not wait on disk. At 405k
// synthetic papers, 50k-paper generations built in 213 s instead of 235 s
// with half the system time (docs/benchmarks.md has the full-scale run).
// $ARXIV_SEARCH_GENERATION_DOCS overrides it (tests use tiny generations).
size_t generation_docs() {
    static const size_t n = [] {
        const char* env = std::getenv("ARXIV_SEARCH_GENERATION_DOCS");
        long v = env ? std::atol(env) : 0;
        return v > 0 ? static_cast<size_t>(v) : size_t{50000};
    }();
    return n;
}
}  // namespace

// Shard directories of builds that were killed: their process is gone.
void remove_abandoned_builds(const std::string& target) {
    fs::path t(target);
    fs::path parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
    const std::string prefix = t.filename().string() + ".build-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        std::string name = entry.path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + prefix.size()));
        if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
}

ShardedBuild::ShardedBuild(std::unique_ptr<IndexWriter> target, unsigned jobs) : target_(std::move(target)) {
    // The target's own locks keep other writers out while the shards grow.
    remove_abandoned_builds(target_->path());
    work_dir_ = target_->path() + ".build-" + std::to_string(getpid());
    if (target_->shard_count() > 1) jobs = target_->shard_count();
    fs::remove_all(work_dir_);
    fs::create_directories(work_dir_);
    for (unsigned i = 0; i < jobs; ++i) {
        auto shard = std::make_unique<Shard>();
        shard->dir = work_dir_ + "/shard" + std::to_string(i);
        fs::create_directories(shard->dir);
        shard->writer = std::make_unique<DatabaseWriter>(shard->generation_path(0), DatabaseWriter::Scratch{});
        shard->writer->defer_tables();
        shard->doomed.emplace_back();
        shard->batch.reserve(kBatch);
        shards_.push_back(std::move(shard));
    }
    for (auto& shard : shards_) shard->thread = std::thread([this, s = shard.get()] { run_shard(*s); });
}

ShardedBuild::~ShardedBuild() {
    stop_workers();
    shards_.clear();  // closes shard writers before their files go
    std::error_code ec;
    fs::remove_all(work_dir_, ec);
}

void ShardedBuild::run_shard(Shard& shard) {
    try {
        while (true) {
            Shard::Batch batch;
            {
                std::unique_lock<std::mutex> lock(shard.mutex);
                shard.not_empty.wait(lock, [&] { return !shard.queue.empty() || shard.closed; });
                if (shard.queue.empty()) break;
                batch = std::move(shard.queue.front());
                shard.queue.pop_front();
            }
            shard.not_full.notify_one();
            for (const auto& [record, origin] : batch) apply(shard, record, origin);
        }
        shard.writer->commit();
    } catch (...) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        shard.error = std::current_exception();
        shard.queue.clear();
        shard.closed = true;
        shard.not_full.notify_all();
    }
}

void ShardedBuild::apply(Shard& shard, const Record& r, RecordOrigin origin) {
    try {
        apply_upsert(shard, r);
    } catch (const RecordRejected& e) {
        reject(origin, e.what());
    }
}

void ShardedBuild::apply_upsert(Shard& shard, const Record& r) {
    auto home = shard.home.find(r.id);
    UpsertOutcome outcome;
    if (home == shard.home.end() || home->second == shard.generation) {
        outcome = shard.writer->upsert(r);
        if (outcome == UpsertOutcome::Added) shard.home.emplace(r.id, shard.generation);
        if (outcome == UpsertOutcome::Deleted) shard.home.erase(r.id);
    } else {
        // The paper lives in a closed generation: decide against that copy.
        const unsigned g = home->second;
        auto& db = shard.readers[g];
        if (!db) db = std::make_unique<Xapian::Database>(shard.generation_path(g));
        const std::string term = id_term(r.id);
        Xapian::PostingIterator p = db->postlist_begin(term);
        const std::string old_data = p != db->postlist_end(term) ? db->get_document(*p).get_data() : "";
        outcome = shard.writer->upsert_over(r, old_data);
        if (outcome == UpsertOutcome::Replaced || outcome == UpsertOutcome::Deleted) {
            shard.doomed[g].push_back(r.id);
            if (outcome == UpsertOutcome::Replaced) home->second = shard.generation;
            else shard.home.erase(home);
        }
    }
    shard.counts.count(outcome);
    if (outcome == UpsertOutcome::Added || outcome == UpsertOutcome::Replaced)
        if (++shard.generation_docs >= generation_docs()) rotate(shard);
}

void ShardedBuild::rotate(Shard& shard) {
    shard.writer->commit();
    TableCarry spellings = shard.writer->take_tables();
    shard.writer.reset();
    shard.readers.emplace_back();  // opened when a paper of it recurs
    ++shard.generation;
    shard.generation_docs = 0;
    shard.doomed.emplace_back();
    shard.writer = std::make_unique<DatabaseWriter>(shard.generation_path(shard.generation), DatabaseWriter::Scratch{});
    shard.writer->defer_tables();
    shard.writer->continue_tables(std::move(spellings));
}

void ShardedBuild::put(Record&& record, RecordOrigin origin) {
    // A sharded index's build shards are its shards; else any spread will do.
    const size_t k = target_->shard_count() > 1 ? target_->shard_for(record.id)
                                                 : std::hash<std::string>{}(record.id) % shards_.size();
    Shard& shard = *shards_[k];
    shard.batch.emplace_back(std::move(record), origin);
    if (shard.batch.size() < kBatch) return;
    std::unique_lock<std::mutex> lock(shard.mutex);
    shard.not_full.wait(lock, [&] { return shard.queue.size() < kMaxQueued || shard.error; });
    if (shard.error) std::rethrow_exception(shard.error);
    shard.queue.push_back(std::move(shard.batch));
    shard.batch = {};
    shard.batch.reserve(kBatch);
    lock.unlock();
    shard.not_empty.notify_one();
}

void ShardedBuild::stop_workers() {
    for (auto& shard : shards_) {
        {
            std::lock_guard<std::mutex> lock(shard->mutex);
            if (!shard->batch.empty() && !shard->error) shard->queue.push_back(std::move(shard->batch));
            shard->batch = {};
            shard->closed = true;
        }
        shard->not_empty.notify_one();
    }
    for (auto& shard : shards_)
        if (shard->thread.joinable()) shard->thread.join();
}

void ShardedBuild::finish() {
    if (finished_) return;
    finished_ = true;
    stop_workers();
    for (auto& shard : shards_)
        if (shard->error) std::rethrow_exception(shard->error);

    // Drop the copies that later generations replaced, then merge:
    // compaction writes every generation of every shard into one new, fully
    // packed database, which then replaces the (empty) target. A sharded
    // index gets one such database per shard, from its build shard alone.
    const bool sharded = target_->shard_count() > 1;
    std::vector<Xapian::Database> merges(sharded ? shards_.size() : 1);
    std::vector<TableCarry> spellings;  // each shard's word counts
    for (size_t i = 0; i < shards_.size(); ++i) {
        Shard* shard = shards_[i].get();
        shard->writer->commit();
        spellings.push_back(shard->writer->take_tables());
        shard->writer.reset();  // close, releasing its lock
        shard->readers.clear();
        for (unsigned g = 0; g <= shard->generation; ++g) {
            if (!shard->doomed[g].empty()) {
                Xapian::WritableDatabase w(shard->generation_path(g), Xapian::DB_OPEN);
                for (const std::string& id : shard->doomed[g]) w.delete_document(id_term(id));
                w.commit();
            }
            merges[sharded ? i : 0].add_database(Xapian::Database(shard->generation_path(g)));
        }
    }
    // The spelling table, summed over the shards, is written in parts in
    // parallel, one database each, which the compaction merges with the
    // rest: written into the merged index it was one thread's work, ~3% of
    // a fresh build. The synonym table's compounds come with them. A sharded
    // index takes them all into shard 0 (indexer/store/index_writer.h).
    std::vector<const TableCarry*> counts;
    for (const TableCarry& c : spellings) counts.push_back(&c);
    std::vector<std::string> parts(shards_.size());
    std::vector<std::exception_ptr> errors(parts.size());
    std::vector<std::thread> writers;
    for (size_t k = 0; k < parts.size(); ++k) {
        parts[k] = work_dir_ + "/spellings" + std::to_string(k);
        writers.emplace_back([&, k] {
            try {
                Xapian::WritableDatabase db(parts[k], Xapian::DB_CREATE_OR_OVERWRITE);
                write_tables(db, counts, k, parts.size());
                db.commit();
            } catch (...) {
                errors[k] = std::current_exception();
            }
        });
    }
    for (std::thread& t : writers) t.join();
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
    for (const std::string& part : parts) merges[0].add_database(Xapian::Database(part));
    // The compactions of a sharded index run side by side.
    std::vector<std::string> merged(merges.size());
    std::vector<std::thread> compactions;
    errors.assign(merges.size(), nullptr);
    for (size_t k = 0; k < merges.size(); ++k) {
        merged[k] = work_dir_ + "/merged" + std::to_string(k);
        compactions.emplace_back([&, k] {
            try {
                merges[k].compact(merged[k]);
                merges[k].close();
            } catch (...) {
                errors[k] = std::current_exception();
            }
        });
    }
    for (std::thread& t : compactions) t.join();
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
    // Shard 0, which holds the index's metadata, takes its place last.
    for (size_t k = merged.size(); k-- > 0;) replace_target(static_cast<unsigned>(k), merged[k]);
    target_.reset();  // releases the locks on the old, empty databases
}

// Puts a merged database in the place of the target's shard k while still
// holding its lock, so that a writer waiting for it (add --wait) opens the
// merged one, never the empty one about to be removed.
void ShardedBuild::replace_target(unsigned k, const std::string& merged) {
    const std::string& place = target_->shard_path(k);
    // The lock holder is the only writer there is, so this cannot change:
    // a fresh build never replaces an index that holds documents.
    if (target_->shard(k).database().get_doccount() != 0)
        throw std::logic_error("fresh build: the index at " + place + " gained documents during the build");
    // Nothing may be left for the holder to write when it closes: after the
    // exchange its paths name the merged index.
    target_->shard(k).commit();
    if (renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, place.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno != EINVAL && errno != ENOSYS)
            throw fs::filesystem_error("cannot move the new index into place", merged, place,
                                       std::error_code(errno, std::generic_category()));
        // A file system without atomic exchange: two renames, the lock
        // still held on the old index while it moves aside.
        const std::string old = work_dir_ + "/old" + std::to_string(k);
        fs::rename(place, old);
        fs::rename(merged, place);
    }
}

WriteCounts ShardedBuild::counts() const {
    WriteCounts total;
    for (const auto& shard : shards_) {
        total.added += shard->counts.added;
        total.replaced += shard->counts.replaced;
        total.unchanged += shard->counts.unchanged;
        total.older += shard->counts.older;
        total.deleted += shard->counts.deleted;
        total.other_shard += shard->counts.other_shard;
    }
    return total;
}

}  // namespace arxiv
