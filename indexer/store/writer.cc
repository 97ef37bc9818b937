#include "indexer/store/writer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/model/stored.h"
#include "common/schema/schema.h"
#include "common/util/dates.h"
#include "indexer/store/document.h"

namespace arxiv {
namespace {

Xapian::WritableDatabase open_writable(const std::string& path, double wait_seconds, int flags = 0) {
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(static_cast<long>(wait_seconds * 1000));
    bool said = false;
    while (true) {
        try {
            return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | flags);
        } catch (const Xapian::DatabaseLockError& e) {
            // Xapian reports a lock file it may not open as a lock held by
            // someone else; waiting would not help.
            const std::string lock_file = path + "/flintlock";
            if (access(lock_file.c_str(), W_OK) != 0 && (errno != ENOENT || access(path.c_str(), W_OK) != 0))
                throw IndexNotWritable("cannot write the index at " + path + ": " + std::strerror(errno) +
                                       " (" + e.get_msg() + ")");
            if (std::chrono::steady_clock::now() >= deadline) throw;
            if (!said) {
                // A cron log should show why a run took long.
                std::cerr << "arxiv-index: the index at " << path
                          << " is locked by another arxiv-index; waiting up to " << wait_seconds << " s\n";
                said = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
    }
}

// The submission (v1) date never changes between versions, so a source that
// only knows its month must not erase a day another source gave.
void keep_precise_submitted(Record& incoming, const Record& existing) {
    if (incoming.submitted.size() == 7 && existing.submitted.size() == 10 &&
        existing.submitted.compare(0, 7, incoming.submitted) == 0)
        incoming.submitted = existing.submitted;
}

// Only arXiv's Atom feeds, OAI-PMH arXiv records and the Kaggle snapshot's
// authors_parsed carry affiliations; a record from another source (daily
// listings, arXivRaw, oai_dc) says nothing about them, so those already
// stored stay while the authors are the same.
void keep_affiliations(Record& incoming, const Record& existing) {
    const bool carries = incoming.source == "atom" || incoming.source == "oai-arXiv" || incoming.source == "kaggle";
    if (!carries && incoming.affiliations.empty() && !existing.affiliations.empty() &&
        incoming.authors == existing.authors)
        incoming.affiliations = existing.affiliations;
}

// The day a record describes the paper as of: its latest version's date,
// else the day a listing announced it.
const std::string& as_of(const Record& r) { return r.updated.empty() ? r.announced : r.updated; }

}  // namespace

void WriteCounts::count(UpsertOutcome outcome) {
    switch (outcome) {
        case UpsertOutcome::Added: ++added; break;
        case UpsertOutcome::Replaced: ++replaced; break;
        case UpsertOutcome::Unchanged:
        case UpsertOutcome::NotFound: ++unchanged; break;
        case UpsertOutcome::Older: ++older; break;
        case UpsertOutcome::Deleted: ++deleted; break;
        case UpsertOutcome::OtherShard: ++other_shard; break;
    }
}

DatabaseWriter::DatabaseWriter(const std::string& path, Scratch)
    : path_(path), db_(open_writable(path, 0, Xapian::DB_NO_SYNC)), now_(utc_timestamp()) {
    set_up();
}

DatabaseWriter::DatabaseWriter(const std::string& path, double wait_seconds)
    : path_(path), db_(open_writable(path, wait_seconds)), now_(utc_timestamp()) {
    set_up();
}

void DatabaseWriter::set_up() {
    spelling_threshold_ = db_.spellings_begin() == db_.spellings_end();
    const std::string key(schema::kSchemaVersionKey), version(schema::kSchemaVersion);
    if (db_.get_metadata(key) == version) return;
    if (db_.get_doccount() > 0) upgrade_schema();
    db_.set_metadata(key, version);  // rides in this writer's first commit
}

// An index from before the current schema: rebuild every document from its
// stored record (nothing is re-read from sources). Safe to interrupt: the
// version is only written after the last document, so a rerun starts again.
void DatabaseWriter::upgrade_schema() {
    const Xapian::doccount total = db_.get_doccount();
    std::cerr << "arxiv-index: upgrading the index at " << path_ << " to schema " << schema::kSchemaVersion
              << ": rewriting " << total << " papers from their stored records, once\n";
    Xapian::doccount done = 0;
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) {
        const Xapian::docid did = *it;
        db_.replace_document(did, build_counted(decode_stored(db_.get_document(did).get_data())));
        if (++done % 50000 == 0) commit();
    }
    db_.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
    commit();
}

DatabaseWriter::~DatabaseWriter() {
    // An open batch is discarded (Xapian would otherwise commit half of it
    // on close). Outside a batch, what was written is committed: `add`
    // keeps the records read before an error.
    try {
        if (in_batch_) db_.cancel_transaction();
        else flush_tables();
        db_.close();
    } catch (const Xapian::Error&) {
    }
}

void DatabaseWriter::cancel_batch() {
    if (!in_batch_) return;
    in_batch_ = false;
    pending_tables_ = TableUpdates();  // built inside the batch: discarded with it
    pending_docs_ = 0;
    db_.cancel_transaction();
}

void DatabaseWriter::begin_batch() {
    if (in_batch_) return;
    flush_tables();  // what came before belongs to the last commit, not to this batch
    db_.begin_transaction(true);
    in_batch_ = true;
}

UpsertOutcome decide_upsert(const Record& incoming, const std::string* old_data,
                            const std::string& now, StoredDoc& out) {
    out = StoredDoc();
    out.record = incoming;
    if (!old_data) {
        out.first_indexed = now;
        out.last_changed = now;
        return UpsertOutcome::Added;
    }
    StoredDoc old;
    try {
        old = decode_stored(*old_data);
    } catch (const std::exception&) {
        // Unreadable stored data: the incoming record simply replaces it.
    }
    const Record& prev = old.record;
    if (incoming.version && prev.version) {
        if (incoming.version < prev.version) return UpsertOutcome::Older;
    } else if (!as_of(incoming).empty() && as_of(incoming) < as_of(prev)) {
        // Without version numbers (daily listings), the record describing
        // a later day is the newer one, whatever order files come in.
        return UpsertOutcome::Older;
    }

    keep_precise_submitted(out.record, prev);
    keep_affiliations(out.record, prev);
    out.first_indexed = old.first_indexed.empty() ? now : old.first_indexed;
    out.last_changed = old.last_changed;
    out.previous_version = old.previous_version;
    out.previous_title = old.previous_title;
    out.previous_abstract = old.previous_abstract;
    if (encode_stored(out) == *old_data) return UpsertOutcome::Unchanged;
    // Daily listings repeat unchanged papers on later days (weekends,
    // cross-lists); that is not a change, and the day it was first
    // announced stays.
    if (!prev.announced.empty() && out.record.announced != prev.announced) {
        StoredDoc same_day = out;
        same_day.record.announced = prev.announced;
        if (encode_stored(same_day) == *old_data) return UpsertOutcome::Unchanged;
    }

    const Record& rec = out.record;
    if (rec.title != prev.title || rec.abstract != prev.abstract || rec.version != prev.version) {
        out.last_changed = now;
        if (rec.title != prev.title || rec.abstract != prev.abstract) {
            out.previous_version = prev.version;
            out.previous_title = prev.title;
            out.previous_abstract = prev.abstract;
        }
    }
    return UpsertOutcome::Replaced;
}

namespace {
// Testing aid (docs/testing.md): ARXIV_SEARCH_FAIL_AT_UPSERT=N makes the
// Nth upsert of the process throw, as a full disk, exhausted memory or a
// Xapian error would in the middle of a batch.
void maybe_inject_fault() {
    static const long fail_at = [] {
        const char* env = std::getenv("ARXIV_SEARCH_FAIL_AT_UPSERT");
        return env ? std::atol(env) : 0L;
    }();
    static std::atomic<long> upserts{0};
    if (fail_at > 0 && ++upserts == fail_at)
        throw std::runtime_error("injected failure at upsert " + std::to_string(fail_at) +
                                 " (ARXIV_SEARCH_FAIL_AT_UPSERT)");
}
}  // namespace

UpsertOutcome DatabaseWriter::upsert(const Record& incoming) {
    maybe_inject_fault();
    const std::string term = id_term(incoming.id);
    Xapian::PostingIterator existing_it = db_.postlist_begin(term);
    const bool exists = existing_it != db_.postlist_end(term);

    if (incoming.deleted) {
        if (!exists) return UpsertOutcome::NotFound;
        db_.delete_document(term);
        return UpsertOutcome::Deleted;
    }
    std::string old_data;
    if (exists) old_data = db_.get_document(*existing_it).get_data();
    StoredDoc stored;
    UpsertOutcome outcome = decide_upsert(incoming, exists ? &old_data : nullptr, now_, stored);
    if (outcome == UpsertOutcome::Added) store(build_checked(stored));
    else if (outcome == UpsertOutcome::Replaced) db_.replace_document(*existing_it, build_checked(stored));
    return outcome;
}

// The document, its spellings and compounds counted for the next flush.
Xapian::Document DatabaseWriter::build_counted(const StoredDoc& stored) {
    // Deferred counts outside a batch never need undoing: count them where
    // they are kept, while there is room (see kMaxCarriedSpellings).
    const bool direct = spellings_deferred_ && !in_batch_ && spellings_.counted.size() < kMaxCarriedSpellings;
    pending_tables_.spelling_counts = direct ? &spellings_.counted : nullptr;
    Xapian::Document doc = build_document(stored, &pending_tables_);
    if (++pending_docs_ >= kTableBatchDocs) flush_tables();
    return doc;
}

// Every term is built to fit (schema::make_term), so this is a safety net:
// a document Xapian would refuse at add or at commit is refused here, alone,
// instead of failing the whole batch it would have been committed with.
Xapian::Document DatabaseWriter::build_checked(const StoredDoc& stored) {
    Xapian::Document doc = build_counted(stored);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if ((*t).size() > schema::kMaxTermBytes)
            throw RecordRejected("record " + stored.record.id + " cannot be indexed: a term of " +
                                 std::to_string((*t).size()) + " bytes is too long");
    return doc;
}

// Compounds enter the synonym table once per writer; the table only grows
// (a compound once written stays one). Spelling counts only grow too: a
// replaced paper's words are counted again, which only makes common words
// commoner, and a record refused after it was built has its words counted.
void DatabaseWriter::flush_tables() {
    if (table_home_ && table_home_ != this) {
        for (const auto& [word, count] : pending_tables_.spellings) table_home_->pending_tables_.spellings[word] += count;
        auto& home_synonyms = table_home_->pending_tables_.synonyms;
        home_synonyms.insert(home_synonyms.end(), pending_tables_.synonyms.begin(), pending_tables_.synonyms.end());
        pending_tables_ = TableUpdates();
        pending_docs_ = 0;
        return;
    }
    for (const auto& [word, count] : pending_tables_.spellings) {
        if (spellings_deferred_) {
            auto counted = spellings_.counted.find(word);
            if (counted != spellings_.counted.end()) counted->second += count;
            else if (spellings_.counted.size() < kMaxCarriedSpellings) spellings_.counted.emplace(word, count);
            continue;
        }
        if (!spelling_threshold_ || spellings_.added.count(word)) {
            db_.add_spelling(word, count);
            continue;
        }
        auto counted = spellings_.counted.find(word);
        const Xapian::termcount total = count + (counted != spellings_.counted.end() ? counted->second : 0);
        if (total >= kMinSpellingCount) {
            db_.add_spelling(word, total);
            spellings_.added.insert(word);
            if (counted != spellings_.counted.end()) spellings_.counted.erase(counted);
        } else if (counted != spellings_.counted.end()) {
            counted->second = total;
        } else if (spellings_.counted.size() < kMaxCarriedSpellings) {
            spellings_.counted.emplace(word, total);
        }
    }
    // In key order, so that a flush writes each block of the synonym table
    // once: Xapian logs every block write in a replication changeset
    // (XAPIAN_MAX_CHANGESETS, docs/replicas.md), and in the order papers
    // brought them a day's compounds rewrote the same blocks again and again
    // (40 of a 204 MiB changeset on the 75k-paper index).
    std::vector<std::pair<std::string, std::string>> synonyms;
    for (const auto& [joined, split] : pending_tables_.synonyms) {
        if (joined.size() > schema::kMaxTermBytes || split.size() > schema::kMaxTermBytes) continue;
        if (!spellings_.synonyms.insert(joined + '\n' + split).second || spellings_deferred_) continue;
        synonyms.emplace_back(joined, split);
        synonyms.emplace_back(split, joined);
    }
    std::sort(synonyms.begin(), synonyms.end());
    for (const auto& [key, synonym] : synonyms) db_.add_synonym(key, synonym);
    pending_tables_ = TableUpdates();
    pending_docs_ = 0;
}

void write_tables(Xapian::WritableDatabase& db, const std::vector<const TableCarry*>& counts, size_t part,
                     size_t parts) {
    const std::hash<std::string> hash;
    for (size_t i = 0; i < counts.size(); ++i) {
        for (const auto& [word, count] : counts[i]->counted) {
            if (hash(word) % parts != part) continue;
            // A word is summed and written where it is first counted.
            bool earlier = false;
            for (size_t j = 0; j < i && !earlier; ++j) earlier = counts[j]->counted.count(word) != 0;
            if (earlier) continue;
            Xapian::termcount total = count;
            for (size_t j = i + 1; j < counts.size(); ++j) {
                auto it = counts[j]->counted.find(word);
                if (it != counts[j]->counted.end()) total += it->second;
            }
            if (total >= DatabaseWriter::kMinSpellingCount) db.add_spelling(word, total);
        }
        for (const std::string& pair : counts[i]->synonyms) {
            if (hash(pair) % parts != part) continue;
            bool earlier = false;
            for (size_t j = 0; j < i && !earlier; ++j) earlier = counts[j]->synonyms.count(pair) != 0;
            if (earlier) continue;
            const size_t newline = pair.find('\n');
            const std::string joined = pair.substr(0, newline), split = pair.substr(newline + 1);
            db.add_synonym(joined, split);
            db.add_synonym(split, joined);
        }
    }
}

void DatabaseWriter::store(const Xapian::Document& doc) {
    try {
        db_.add_document(doc);
    } catch (const Xapian::InvalidArgumentError& e) {
        throw RecordRejected("cannot be indexed: " + e.get_msg());
    }
}

UpsertOutcome DatabaseWriter::upsert_over(const Record& incoming, const std::string& old_data) {
    if (incoming.deleted) return UpsertOutcome::Deleted;
    StoredDoc stored;
    UpsertOutcome outcome = decide_upsert(incoming, &old_data, now_, stored);
    if (outcome == UpsertOutcome::Replaced) store(build_checked(stored));
    return outcome;
}

std::optional<Record> DatabaseWriter::lookup(const std::string& id) {
    const std::string term = id_term(id);
    Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    try {
        return decode_stored(db_.get_document(*it).get_data()).record;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool DatabaseWriter::holds_nothing() {
    if (db_.get_doccount() != 0) return false;
    for (auto k = db_.metadata_keys_begin(); k != db_.metadata_keys_end(); ++k)
        if (*k != schema::kSchemaVersionKey) return false;
    return true;
}

void DatabaseWriter::commit() {
    flush_tables();
    if (in_batch_) {
        in_batch_ = false;
        db_.commit_transaction();
    } else {
        db_.commit();
    }
}

TableCarry DatabaseWriter::take_tables() {
    flush_tables();
    return std::move(spellings_);
}

void DatabaseWriter::continue_tables(TableCarry carry) {
    if (spelling_threshold_) spellings_ = std::move(carry);
}

void DatabaseWriter::set_metadata(const std::string& key, const std::string& value) {
    db_.set_metadata(key, value);
}

std::string DatabaseWriter::get_metadata(const std::string& key) const {
    return db_.get_metadata(key);
}

}  // namespace arxiv
