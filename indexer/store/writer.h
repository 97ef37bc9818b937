// The only code that changes the index. One document per arXiv id, keyed by
// its unique id term: a newer version replaces an older one, an older
// version never replaces a newer one. Without version numbers on both sides
// the record dated later (latest-version date, else announcement day) wins,
// and for equal dates the record ingested later wins. Identical records
// leave the index alone, so re-ingesting the same files changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include <xapian.h>

#include "common/model/record.h"
#include "indexer/store/document.h"

namespace arxiv {

// The index refused one record (Xapian rejected its document); the record
// is reported and skipped like a malformed one, the run goes on.
class RecordRejected : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The index exists but this user may not write it (exit code 3, not 4:
// no other writer is involved, and waiting would not help).
class IndexNotWritable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class UpsertOutcome { Added, Replaced, Unchanged, Older, Deleted, NotFound };

struct WriteCounts {
    std::uint64_t added = 0, replaced = 0, unchanged = 0, older = 0, deleted = 0;
    void count(UpsertOutcome outcome);
};

struct StoredDoc;

// The upsert rules, independent of where the old copy lives: given the
// stored data of the indexed copy (nullptr if none), decide the outcome and,
// for Added/Replaced, fill `out` with what to store. `now` stamps new and
// changed papers.
UpsertOutcome decide_upsert(const Record& incoming, const std::string* old_data,
                            const std::string& now, StoredDoc& out);

class IndexWriter {
public:
    // Opens or creates the database at `path` (creating parent directories),
    // first upgrading an index built with an older schema (see schema.h).
    // Throws Xapian::DatabaseLockError when another writer holds the lock,
    // waiting up to `wait_seconds` for it first.
    IndexWriter(const std::string& path, double wait_seconds = 0);
    ~IndexWriter();

    // Throws RecordRejected when Xapian refuses the record's document; the
    // index is then unchanged by it.
    UpsertOutcome upsert(const Record& record);

    // For a paper stored in another database (an earlier generation of a
    // sharded build) as `old_data`: decides as upsert() would and, when the
    // incoming record wins (Replaced), adds it here; the caller then deletes
    // the old copy. Deleted means the caller should delete the old copy.
    UpsertOutcome upsert_over(const Record& record, const std::string& old_data);

    // No documents and no state (harvest positions etc.): a new index, which
    // a fresh parallel build may fill and replace.
    bool holds_nothing();

    // The stored record for an id, if indexed (sees uncommitted changes).
    std::optional<Record> lookup(const std::string& id);

    // A batch (a harvested or fetched page together with its harvest state)
    // is one Xapian transaction: commit() makes all of it durable at once,
    // and an exception, a crash or closing the writer before that discards
    // all of it, so documents and state can never disagree.
    void begin_batch();
    // Commits the open batch, else everything written so far.
    void commit();
    // Discards the open batch, if any.
    void cancel_batch();

    // Metadata (harvest state etc.) rides in the same commit as documents.
    void set_metadata(const std::string& key, const std::string& value);
    std::string get_metadata(const std::string& key) const;

    Xapian::WritableDatabase& database() { return db_; }

private:
    void upgrade_schema(const std::string& path);
    Xapian::Document build_checked(const StoredDoc& stored);
    void update_tables(const TableUpdates& tables);
    void store(const Xapian::Document& doc);

    Xapian::WritableDatabase db_;
    bool in_batch_ = false;
    std::unordered_set<std::string> synonyms_seen_;
    std::string now_;  // this run's timestamp, "YYYY-MM-DDThh:mm:ssZ"
};

}  // namespace arxiv
