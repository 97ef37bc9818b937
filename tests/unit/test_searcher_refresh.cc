// Searcher::refresh on a replica (query/search/search.h): xapian-replicate
// keeps a replica as a Xapian stub database, a folder whose XAPIANDB names
// the live copy; a full copy is written into the other folder, the stub
// switched to it and the old folder removed, which Database::reopen() alone
// does not follow. tests/e2e/replica_test.sh runs the real replication.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <xapian.h>

#include "common/schema/schema.h"
#include "query/search/search.h"

namespace fs = std::filesystem;

namespace {

// A database of `docs` documents, marked with the current schema.
void write_copy(const fs::path& path, int docs) {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OPEN);
    for (int i = 0; i < docs; ++i) db.add_document(Xapian::Document());
    db.set_metadata(std::string(arxiv::schema::kSchemaVersionKey), std::string(arxiv::schema::kSchemaVersion));
    db.commit();
}

// As xapian-replicate does it: the new stub written aside, then renamed.
void point_stub(const fs::path& replica, const std::string& copy) {
    std::ofstream(replica / "XAPIANDB.tmp") << "auto " << copy << "\n";
    fs::rename(replica / "XAPIANDB.tmp", replica / "XAPIANDB");
}

// A full copy of `docs` documents into the folder `to`: the stub switched to
// it, the live copy `from` removed.
void full_copy(const fs::path& replica, const std::string& to, const std::string& from, int docs) {
    write_copy(replica / to, docs);
    point_stub(replica, to);
    fs::remove_all(replica / from);
}

}  // namespace

TEST_CASE("Searcher::refresh follows a replica's stub to a new full copy and its changesets", "[search][replica]") {
    const fs::path replica = fs::temp_directory_path() / ("arxiv-refresh-unit-" + std::to_string(getpid()));
    fs::remove_all(replica);
    fs::create_directories(replica);
    write_copy(replica / "replica_0", 2);
    point_stub(replica, "replica_0");
    arxiv::CompiledQuery all;
    all.query = Xapian::Query::MatchAll;

    arxiv::Searcher searcher(replica.string());
    CHECK(searcher.count(all) == 2);

    full_copy(replica, "replica_1", "replica_0", 3);
    searcher.refresh();
    CHECK(searcher.count(all) == 3);

    // A changeset: the live copy moves on in place.
    write_copy(replica / "replica_1", 1);
    searcher.refresh();
    CHECK(searcher.count(all) == 4);

    // Two more full copies while the searcher is idle: the first one's
    // folder name is used again, for another database.
    full_copy(replica, "replica_0", "replica_1", 5);
    full_copy(replica, "replica_1", "replica_0", 7);
    searcher.refresh();
    CHECK(searcher.count(all) == 7);

    // Not a replica: refresh is reopen().
    write_copy(replica / "plain", 1);
    arxiv::Searcher plain((replica / "plain").string());
    write_copy(replica / "plain", 1);
    plain.refresh();
    CHECK(plain.count(all) == 2);
    fs::remove_all(replica);
}
