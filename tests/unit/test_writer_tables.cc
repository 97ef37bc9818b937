// The spelling table the writer fills for "Did you mean" (indexer/store/writer.h):
// built from nothing, a word enters it after kMinSpellingCount sightings,
// counted across flushes and generations; added to, every word goes in.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <string>

#include <xapian.h>

#include "common/model/record.h"
#include "indexer/store/writer.h"

namespace fs = std::filesystem;

namespace {

struct ScratchIndex {
    ScratchIndex() {
        std::string tmpl = (fs::temp_directory_path() / "arxiv-writer-unit-XXXXXX").string();
        dir = mkdtemp(tmpl.data());
    }
    ~ScratchIndex() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string path(const std::string& name = "db") const { return (fs::path(dir) / name).string(); }
    std::string dir;
};

arxiv::Record paper(int n, const std::string& abstract) {
    arxiv::Record r;
    r.id = "2601." + std::to_string(10000 + n);
    r.title = "Paper number " + std::to_string(n);
    r.abstract = abstract;
    r.authors = {"A. Author"};
    r.categories = {"cs.LG"};
    r.submitted = "2026-01-05";
    r.source = "test";
    return r;
}

Xapian::doccount spelling_frequency(const std::string& db_path, const std::string& word) {
    Xapian::Database db(db_path);
    Xapian::TermIterator it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

}  // namespace

TEST_CASE("spelling table: from nothing, only words seen often enough", "[writer][spelling]") {
    ScratchIndex tmp;
    {
        arxiv::DatabaseWriter writer(tmp.path());
        int n = 0;
        // "quokkas" four times, "wombats" three times, "platypus" once.
        for (int i = 0; i < 4; ++i) writer.upsert(paper(n++, "Observing quokkas in the wild."));
        for (int i = 0; i < 3; ++i) writer.upsert(paper(n++, "Counting wombats at night."));
        writer.upsert(paper(n++, "A platypus."));
        writer.commit();
    }
    CHECK(spelling_frequency(tmp.path(), "quokkas") == 4);
    CHECK(spelling_frequency(tmp.path(), "paper") == 8);  // the titles count too
    CHECK(spelling_frequency(tmp.path(), "wombats") == 0);
    CHECK(spelling_frequency(tmp.path(), "platypus") == 0);

    // Adding to an index that has a spelling table: every word goes in.
    {
        arxiv::DatabaseWriter writer(tmp.path());
        writer.upsert(paper(100, "A platypus and quokkas."));
        writer.commit();
    }
    CHECK(spelling_frequency(tmp.path(), "platypus") == 1);
    CHECK(spelling_frequency(tmp.path(), "quokkas") == 5);
}

TEST_CASE("spelling table: counts carry over to the next generation", "[writer][spelling]") {
    ScratchIndex tmp;
    arxiv::TableCarry carry;
    {
        arxiv::DatabaseWriter first(tmp.path("gen0"));
        for (int i = 0; i < 2; ++i) first.upsert(paper(i, "Echidnas and numbats."));
        first.upsert(paper(2, "Echidnas again."));
        first.commit();
        carry = first.take_tables();
    }
    CHECK(spelling_frequency(tmp.path("gen0"), "echidnas") == 0);  // three so far
    {
        arxiv::DatabaseWriter second(tmp.path("gen1"));
        second.continue_tables(std::move(carry));
        second.upsert(paper(3, "Echidnas, and numbats too."));
        second.commit();
    }
    // The fourth sighting adds the word with its whole count; numbats (3) stays out.
    CHECK(spelling_frequency(tmp.path("gen1"), "echidnas") == 4);
    CHECK(spelling_frequency(tmp.path("gen1"), "numbats") == 0);
}

TEST_CASE("spelling table: a parallel build's counts, summed, written once", "[writer][spelling]") {
    ScratchIndex tmp;
    std::vector<arxiv::TableCarry> counted;
    for (int shard = 0; shard < 2; ++shard) {
        arxiv::DatabaseWriter writer(tmp.path("shard" + std::to_string(shard)));
        writer.defer_tables();
        // Two sightings of "bilbies" per shard: four in all; "quolls" three.
        for (int i = 0; i < 2; ++i) writer.upsert(paper(10 * shard + i, "Bilbies burrow."));
        writer.upsert(paper(10 * shard + 5, shard ? "Quolls." : "Quolls and quolls."));
        writer.commit();
        counted.push_back(writer.take_tables());
    }
    CHECK(spelling_frequency(tmp.path("shard0"), "bilbies") == 0);  // nothing written by the shards
    std::vector<const arxiv::TableCarry*> counts{&counted[0], &counted[1]};
    // Three parts, each in its own database, merged as a fresh build does.
    Xapian::Database parts;
    for (size_t part = 0; part < 3; ++part) {
        const std::string path = tmp.path("part" + std::to_string(part));
        {
            Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
            arxiv::write_tables(db, counts, part, 3);
            db.commit();
        }
        parts.add_database(Xapian::Database(path));
    }
    size_t bilbies_parts = 0;
    for (size_t part = 0; part < 3; ++part)
        bilbies_parts += spelling_frequency(tmp.path("part" + std::to_string(part)), "bilbies") != 0;
    CHECK(bilbies_parts == 1);  // each word is written by one part only
    parts.compact(tmp.path("merged"));
    CHECK(spelling_frequency(tmp.path("merged"), "bilbies") == 4);
    CHECK(spelling_frequency(tmp.path("merged"), "burrow") == 4);
    CHECK(spelling_frequency(tmp.path("merged"), "quolls") == 0);  // three sightings: below the bar
    CHECK(spelling_frequency(tmp.path("merged"), "number") == 6);  // "Paper number N" titles
}
