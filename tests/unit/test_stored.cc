// The stored document data (common/model/stored) and the upsert rules
// (indexer/store/writer's decide_upsert) for author affiliations.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/model/stored.h"
#include "indexer/store/writer.h"

using namespace arxiv;
using Strings = std::vector<std::string>;
using Lists = std::vector<Strings>;

namespace {

Record paper(const std::string& source, Lists affiliations) {
    Record r;
    r.id = "2403.04417";
    r.version = 2;
    r.title = "Cache-Aligned Posting-List Compression";
    r.abstract = "We revisit posting-list compression.";
    r.authors = {"Ana Cristina Duarte", "Tomasz Wiśniewski"};
    r.affiliations = std::move(affiliations);
    r.categories = {"cs.IR"};
    r.submitted = "2024-03-07";
    r.updated = "2024-03-12";
    r.source = source;
    return r;
}

const std::string kNow = "2024-03-20T00:00:00Z";

}  // namespace

TEST_CASE("stored data: affiliations read back, one list per author", "[stored]") {
    StoredDoc doc;
    doc.record = paper("atom", {{"Universidade de Lisboa", "INESC-ID"}, {}});
    const std::string data = encode_stored(doc);
    CHECK(data.find("\"affs\":[[\"Universidade de Lisboa\",\"INESC-ID\"],[]]") != std::string::npos);
    CHECK(decode_stored(data).record.affiliations == Lists{{"Universidade de Lisboa", "INESC-ID"}, {}});

    // None known: no key at all, so documents written before affiliations
    // were kept and those of sources without them read back alike.
    doc.record.affiliations.clear();
    const std::string without = encode_stored(doc);
    CHECK(without.find("affs") == std::string::npos);
    CHECK(decode_stored(without).record.affiliations.empty());
    const std::string old_index =
        R"({"id":"2403.04417","v":2,"title":"T","authors":["A","B"],"cats":["cs.IR"],"source":"atom"})";
    CHECK(decode_stored(old_index).record.affiliations.empty());
    CHECK(decode_stored(old_index).record.authors == Strings{"A", "B"});

    // Data that does not fit the authors is left out rather than misassigned.
    CHECK(decode_stored(R"({"id":"1","authors":["A","B"],"affs":[["X"]]})").record.affiliations.empty());
    CHECK(decode_stored(R"({"id":"1","authors":["A"],"affs":"X"})").record.affiliations.empty());
    CHECK(decode_stored(R"({"id":"1","authors":["A","B"],"affs":[["X",7],null]})").record.affiliations ==
          Lists{{"X"}, {}});
}

TEST_CASE("upsert: affiliations are a change, and sources without them keep them", "[stored]") {
    StoredDoc first;
    REQUIRE(decide_upsert(paper("atom", {{"Universidade de Lisboa"}, {}}), nullptr, kNow, first) ==
            UpsertOutcome::Added);
    const std::string stored = encode_stored(first);
    StoredDoc out;
    // The same record again: nothing to do.
    CHECK(decide_upsert(paper("atom", {{"Universidade de Lisboa"}, {}}), &stored, kNow, out) ==
          UpsertOutcome::Unchanged);
    // A feed that now gives other affiliations (or none) is believed.
    CHECK(decide_upsert(paper("atom", {{"INESC-ID"}, {}}), &stored, kNow, out) == UpsertOutcome::Replaced);
    CHECK(out.record.affiliations == Lists{{"INESC-ID"}, {}});
    CHECK(decide_upsert(paper("oai-arXiv", {}), &stored, kNow, out) == UpsertOutcome::Replaced);
    CHECK(out.record.affiliations.empty());
    // A source that never gives affiliations (an arXivRaw or oai_dc record
    // of the same version) keeps the stored ones while the authors match...
    CHECK(decide_upsert(paper("oai-arXivRaw", {}), &stored, kNow, out) == UpsertOutcome::Replaced);
    CHECK(out.record.affiliations == Lists{{"Universidade de Lisboa"}, {}});
    // ... and drops them when the author list changed.
    Record renamed = paper("oai_dc", {});
    renamed.authors = {"A. C. Duarte", "T. Wiśniewski"};
    CHECK(decide_upsert(renamed, &stored, kNow, out) == UpsertOutcome::Replaced);
    CHECK(out.record.affiliations.empty());
}
