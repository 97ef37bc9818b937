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
#include <unordered_map>
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

// OtherShard: the paper belongs to a shard this writer does not hold
// (IndexWriter with only_shard).
enum class UpsertOutcome { Added, Replaced, Unchanged, Older, Deleted, NotFound, OtherShard };

struct WriteCounts {
    std::uint64_t added = 0, replaced = 0, unchanged = 0, older = 0, deleted = 0, other_shard = 0;
    void count(UpsertOutcome outcome);
};

struct StoredDoc;

// The upsert rules, independent of where the old copy lives: given the
// stored data of the indexed copy (nullptr if none), decide the outcome and,
// for Added/Replaced, fill `out` with what to store. `now` stamps new and
// changed papers.
UpsertOutcome decide_upsert(const Record& incoming, const std::string* old_data,
                            const std::string& now, StoredDoc& out);

// The spelling counts and compounds a writer carries over to the next
// (DatabaseWriter::take_tables).
struct TableCarry {
    std::unordered_set<std::string> added;                         // in the spelling table
    std::unordered_map<std::string, Xapian::termcount> counted;    // below the bar so far
    std::unordered_set<std::string> synonyms;                      // "joined\nsplit", written or deferred
};

class DatabaseWriter {
public:
    // Opens or creates the database at `path` (creating parent directories),
    // first upgrading an index built with an older schema (see schema.h).
    // Throws Xapian::DatabaseLockError when another writer holds the lock,
    // waiting up to `wait_seconds` for it first.
    DatabaseWriter(const std::string& path, double wait_seconds = 0);
    // A database nobody reads until it is merged, and that is thrown away if
    // the process dies (a generation of a fresh parallel build): written
    // without fsync (Xapian::DB_NO_SYNC), since a crash discards it anyway.
    struct Scratch {};
    DatabaseWriter(const std::string& path, Scratch);
    ~DatabaseWriter();

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

    // A fresh parallel build's next generation continues the spelling
    // counts and compounds of the one before (see spelling_threshold_ below).
    TableCarry take_tables();
    void continue_tables(TableCarry carry);
    // Count the words of titles and abstracts and collect the compounds but
    // write neither table: a fresh parallel build sums its shards' counts
    // and writes both tables once, into the merged index or a sharded
    // index's shard 0 (write_tables), instead of at every shard commit and
    // again in the merge.
    void defer_tables() { spellings_deferred_ = true; }
    // Hand this writer's spellings and compounds to `home`'s tables instead
    // of writing them here: a sharded index keeps both tables in shard 0,
    // because Xapian's remote backend reads neither from a remote shard, and
    // a stub with shard 0 local then still has all of them.
    void set_table_home(DatabaseWriter* home) { table_home_ = home; }

private:
    void set_up();
    void upgrade_schema();
    Xapian::Document build_counted(const StoredDoc& stored);
    Xapian::Document build_checked(const StoredDoc& stored);
    void flush_tables();
    void store(const Xapian::Document& doc);

    std::string path_;
    Xapian::WritableDatabase db_;
    bool in_batch_ = false;
    // Spellings and compounds of the documents built since the last flush:
    // a word is added to Xapian's spelling table once per kTableBatchDocs
    // documents with its summed count, not once per document (each call is
    // a lookup in Xapian's pending-change map; per document they made a
    // fresh build ~35% slower).
    TableUpdates pending_tables_;
    size_t pending_docs_ = 0;
    static constexpr size_t kTableBatchDocs = 20000;
    // Building a spelling table from nothing (a new index, a generation of a
    // fresh parallel build, an upgrade), a word enters it once seen
    // kMinSpellingCount times. "Did you mean" only suggests words found in
    // 10 papers or more (query/suggest.h), and each word in the table costs
    // compressed entries written at every commit: the hapaxes and typos of a
    // corpus, most of its vocabulary, made a fresh build a third slower.
    // Counts below the bar are carried from flush to flush and from
    // generation to generation (at most kMaxCarriedSpellings words; beyond
    // that new rare words are not counted). Adding to an index that has a
    // spelling table, every word goes in, as before.
    static constexpr Xapian::termcount kMinSpellingCount = 4;
    static constexpr size_t kMaxCarriedSpellings = 1000000;
    bool spelling_threshold_ = true;  // the spelling table was empty at open
    bool spellings_deferred_ = false;
    friend void write_tables(Xapian::WritableDatabase& db, const std::vector<const TableCarry*>& counts,
                                size_t part, size_t parts);
    TableCarry spellings_;
    DatabaseWriter* table_home_ = nullptr;
    std::string now_;  // this run's timestamp, "YYYY-MM-DDThh:mm:ssZ"
};

// Adds the words counted by deferring writers (DatabaseWriter::defer_tables)
// that reached the bar, with their counts summed over `counts`, to `db`'s
// spelling table, and their compounds to its synonym table: only the words
// and compounds of `part` (of `parts`, split by a hash), so that the parts
// can be written in parallel into separate databases which a compaction
// then merges.
void write_tables(Xapian::WritableDatabase& db, const std::vector<const TableCarry*>& counts, size_t part,
                     size_t parts);

}  // namespace arxiv
