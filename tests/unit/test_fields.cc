// One normalisation per filter field (common/schema's filter_value): the
// document builder and the query compiler apply the same one, so values
// written one way in a record and another in a query meet. Each case indexes
// a record through build_document and searches it through parse_query and
// compile_query, the two real paths.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "common/schema/schema.h"
#include "indexer/store/document.h"
#include "query/lang/compile.h"
#include "query/lang/query_parser.h"

using namespace arxiv;

namespace {

Xapian::doccount matches(const Xapian::Database& db, const std::string& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(compile_query(*parse_query(query)).query);
    return enquire.get_mset(0, 10, db.get_doccount()).get_matches_estimated();
}

}  // namespace

TEST_CASE("every filter field has one normalise", "[fields]") {
    for (const schema::Field& f : schema::fields()) {
        INFO(f.name);
        CHECK((f.kind == schema::Kind::Filter) == (f.normalise != nullptr));
    }
    CHECK(schema::filter_value(schema::field("doi"), "https://doi.org/10.1000/ABC.1") == "10.1000/abc.1");
    CHECK(schema::filter_value(schema::field("report"), "  CERN-TH-2025-001\n") == "cern-th-2025-001");
    CHECK(schema::filter_value(schema::field("id"), "arXiv:2503.21813v2") == "2503.21813");
    CHECK(schema::filter_value(schema::field("id"), "not an id").empty());
    CHECK(schema::filter_value(schema::field("archive"), "HEP-TH") == "hep-th");
    CHECK(schema::filter_value(schema::field("title"), "As Written") == "As Written");
}

TEST_CASE("filter values written one way in a record and another in a query meet", "[fields]") {
    StoredDoc stored;
    Record& r = stored.record;
    r.id = "2503.21813";
    r.version = 2;
    r.title = "T";
    r.categories = {"cs.SY", "hep-th", "math.MP"};
    r.doi = "10.1000/ABC.1 https://doi.org/10.1000/Second";
    r.report_no = "  CERN-TH-2025-001 ";
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.add_document(build_document(stored));

    const std::vector<std::string> meet = {
        "id:2503.21813", "id:arXiv:2503.21813v1", "id:https://arxiv.org/abs/2503.21813v2",
        "doi:10.1000/abc.1", "doi:\"https://doi.org/10.1000/ABC.1\"", "doi:10.1000/second",
        "rn:\"cern-th-2025-001\"", "report:\"CERN-TH-2025-001\"",
        "cat:cs.SY", "cat:cs.sy", "cat:eess.SY", "cat:hep-th", "cat:HEP-TH", "cat:math-ph", "cat:math.MP",
        "cat:cs", "cat:cs.*", "cat:eess", "archive:hep-th", "archive:HEP-TH", "archive:math",
        "primary:cs.SY", "primary:eess.SY", "primary:cs",
    };
    for (const std::string& q : meet) {
        INFO(q);
        CHECK(matches(db, q) == 1);
    }
    const std::vector<std::string> miss = {
        "id:2503.21814", "doi:10.1000/abc", "rn:cern-th-2025", "cat:cs.LG", "archive:astro-ph",
        "primary:hep-th",
    };
    for (const std::string& q : miss) {
        INFO(q);
        CHECK(matches(db, q) == 0);
    }
}
