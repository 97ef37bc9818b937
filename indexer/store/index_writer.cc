#include "indexer/store/index_writer.h"

#include <filesystem>
#include <fstream>

#include "common/text/text.h"
#include "common/util/db_location.h"

namespace arxiv {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStubName = "XAPIANDB";

std::string shard_name(unsigned k) { return "shard" + std::to_string(k); }

// A folder arxiv-index may make a sharded index in: missing or empty.
bool may_create_shards_in(const fs::path& path) {
    std::error_code ec;
    return !fs::exists(path, ec) || (fs::is_directory(path, ec) && fs::is_empty(path, ec));
}

// Written beside, then renamed into place: a reader never sees half a stub.
// It is written before the shards are made, so that a creation cut short
// is finished by the next writer (which opens the shards it lists, creating
// the missing ones) instead of leaving a folder of shards no stub lists.
void write_stub(const fs::path& dir, unsigned shards) {
    fs::create_directories(dir);
    const fs::path tmp = dir / (std::string(kStubName) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "# A sharded arxiv-search index: each arXiv id lives in one shard, chosen by a hash\n"
               "# of the id. Written by arxiv-index; search the folder as one database.\n";
        for (unsigned k = 0; k < shards; ++k) out << "auto " << shard_name(k) << "\n";
        out.flush();
        if (!out) throw IndexLayoutError("cannot write " + tmp.string());
    }
    fs::rename(tmp, dir / kStubName);
}

}  // namespace

unsigned shard_of(std::string_view canonical_id, unsigned shards) {
    if (shards <= 1) return 0;
    return static_cast<unsigned>(stable_hash(canonical_id) % shards);
}

std::vector<std::string> shard_paths(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return {};
    std::string stub;
    const std::vector<StubLine> lines = stub_lines(path, &stub);
    if (lines.empty() && !fs::is_regular_file(stub, ec)) return {};
    std::vector<std::string> paths;
    for (const StubLine& l : lines) {
        if (l.type != "auto" || l.target != shard_name(static_cast<unsigned>(paths.size())))
            throw IndexLayoutError(stub + ":" + std::to_string(l.line_no) + ": '" + l.text +
                                   "' is not a shard arxiv-index wrote (auto shard" +
                                   std::to_string(paths.size()) +
                                   "); such a stub can be searched, not written: write to the databases it lists");
        paths.push_back(l.database);
    }
    if (paths.empty()) throw IndexLayoutError(stub + " lists no shards");
    return paths;
}

IndexWriter::IndexWriter(const std::string& path, double wait_seconds, unsigned shards,
                         std::optional<unsigned> only_shard)
    : path_(path), only_shard_(only_shard) {
    shard_paths_ = shard_paths(path);
    const bool existing = !shard_paths_.empty();
    if (existing && shards != 0 && shards != shard_paths_.size())
        throw IndexLayoutError("the index at " + path + " has " + std::to_string(shard_paths_.size()) +
                               " shards; --shards " + std::to_string(shards) +
                               " applies only when an index is created: build a new one in another folder");
    if (!existing && shards > 1) {
        if (!may_create_shards_in(path))
            throw IndexLayoutError("--shards " + std::to_string(shards) + ": " + path +
                                   " already holds an index of one database or other files; a sharded index "
                                   "is created in a new or empty folder");
        write_stub(path, shards);
        shard_paths_ = shard_paths(path);
    }
    if (shard_paths_.empty()) {
        if (only_shard)
            throw IndexLayoutError("--only-shard needs a sharded index: create it with --shards N (" + path +
                                   " holds one database or nothing yet)");
        shard_paths_.push_back(path);
    }
    if (only_shard && *only_shard >= shard_paths_.size())
        throw IndexLayoutError("--only-shard " + std::to_string(*only_shard) + ": the index at " + path + " has " +
                               std::to_string(shard_paths_.size()) + " shards, numbered from 0");
    for (size_t k = 0; k < shard_paths_.size(); ++k)
        shards_.push_back(!only_shard || *only_shard == k ? std::make_unique<DatabaseWriter>(shard_paths_[k], wait_seconds)
                                                          : nullptr);
    if (!only_shard)
        for (size_t k = 1; k < shards_.size(); ++k) shards_[k]->set_table_home(shards_[0].get());
}

IndexWriter::~IndexWriter() {
    // Shard 0, which holds the metadata, closes (and so commits) last.
    while (!shards_.empty()) shards_.pop_back();
}

UpsertOutcome IndexWriter::upsert(const Record& record) {
    auto& shard = shards_[shard_for(record.id)];
    return shard ? shard->upsert(record) : UpsertOutcome::OtherShard;
}

std::optional<Record> IndexWriter::lookup(const std::string& id) {
    auto& shard = shards_[shard_for(id)];
    return shard ? shard->lookup(id) : std::nullopt;
}

bool IndexWriter::holds_nothing() {
    for (auto& s : shards_)
        if (s && !s->holds_nothing()) return false;
    return true;
}

void IndexWriter::begin_batch() {
    for (auto& s : shards_)
        if (s) s->begin_batch();
}

void IndexWriter::commit() {
    for (size_t k = shards_.size(); k-- > 0;)
        if (shards_[k]) shards_[k]->commit();
}

void IndexWriter::cancel_batch() {
    for (auto& s : shards_)
        if (s) s->cancel_batch();
}

// The index's metadata is shard 0's; a writer of another shard alone has
// none (`add --only-shard` writes none).
void IndexWriter::set_metadata(const std::string& key, const std::string& value) {
    if (!shards_[0]) throw std::logic_error("metadata written by a writer of shard " + std::to_string(*only_shard_));
    shards_[0]->set_metadata(key, value);
}

std::string IndexWriter::get_metadata(const std::string& key) const {
    return shards_[0] ? shards_[0]->get_metadata(key) : std::string();
}

}  // namespace arxiv
