#include "fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <vector>

#include "common/model/stored.h"
#include "indexer/input/ingest.h"
#include "indexer/store/document.h"
#include "indexer/store/index_writer.h"
#include "query/lang/compile.h"
#include "query/request/request.h"
#include "query/search/search.h"

namespace arxiv::fuzz {

// Xapian's glass backend: "Term too long (> 245)".
constexpr size_t kMaxTermBytes = 245;
// The server's longest request line for /search (HttpLimits::max_request_line).
constexpr size_t kMaxSearchedQuery = 8192;

void fail(const std::string& what, const std::string& detail) {
    std::fprintf(stderr, "fuzz: %s\n", what.c_str());
    if (!detail.empty()) std::fprintf(stderr, "fuzz: %s\n", detail.c_str());
    std::fflush(stderr);
    std::abort();
}

void index_record(const Record& record) {
    FUZZ_CHECK(!record.id.empty(), "a parser emitted a record without an id");
    if (record.deleted) return;  // the writer only deletes by id
    const std::string now = "2026-01-01T00:00:00Z";
    StoredDoc stored;
    UpsertOutcome outcome = decide_upsert(record, nullptr, now, stored);
    FUZZ_CHECK(outcome == UpsertOutcome::Added, record.id);
    Xapian::Document doc = build_document(stored);

    // A glass database refuses terms longer than this when the document is
    // added (Xapian::InvalidArgumentError "Term too long"), which would make
    // arxiv-index fail the whole file.
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        FUZZ_CHECK((*t).size() <= kMaxTermBytes,
                   record.id + ": a " + std::to_string((*t).size()) + "-byte term " + (*t).substr(0, 40) + "...");

    // The stored data must read back as the same record (what is shown is
    // what was indexed), and re-ingesting the same record must change
    // nothing (arxiv-index's idempotence).
    const std::string data = doc.get_data();
    StoredDoc back = decode_stored(data);
    const Record& b = back.record;
    FUZZ_CHECK(b.id == record.id && b.version == record.version && b.title == record.title &&
                   b.abstract == record.abstract && b.authors == record.authors &&
                   b.affiliations == record.affiliations &&
                   b.categories == record.categories && b.submitted == record.submitted &&
                   b.updated == record.updated && b.announced == record.announced &&
                   b.datestamp == record.datestamp && b.comment == record.comment &&
                   b.journal_ref == record.journal_ref && b.doi == record.doi &&
                   b.report_no == record.report_no && b.license == record.license,
               "the stored data of " + record.id + " does not read back as the record");
    StoredDoc again;
    outcome = decide_upsert(record, &data, now, again);
    FUZZ_CHECK(outcome == UpsertOutcome::Unchanged, "re-ingesting " + record.id + " is not a no-op");
}

ParseSink indexing_sink() {
    ParseSink sink;
    // (Record&&) or, on newer trees, (Record&&, size_t line).
    sink.record = [](Record&& r, auto&&...) { index_record(r); };
    sink.skip = [](size_t, const std::string& message) {
        FUZZ_CHECK(!message.empty(), "a skipped record without a reason");
    };
    return sink;
}

namespace {

struct FixtureIndex {
    std::string path;
    FixtureIndex() {
        std::string base = std::filesystem::temp_directory_path() / "arxiv-fuzz-index-XXXXXX";
        std::vector<char> buf(base.begin(), base.end());
        buf.push_back('\0');
        if (!mkdtemp(buf.data())) fail("cannot create a temporary directory under " + base);
        path = std::string(buf.data()) + "/index";
        const std::string fx = ARXIV_FIXTURES_DIR;
        std::vector<std::string> inputs = {
            fx + "/atom_feed.xml", fx + "/oai_arxiv.xml", fx + "/oai_arxivraw.xml", fx + "/oai_dc.xml",
            fx + "/kaggle.jsonl", fx + "/daily.jsonl", fx + "/e2e/variants.jsonl", fx + "/e2e/hostile.jsonl",
            std::string(ARXIV_DATA_DIR) + "/daily-arxiv/2026-06-15.jsonl.gz"};
        IndexWriter writer(path);
        WriterTarget target(writer);
        IngestOptions options;
        options.quiet = true;
        std::ostringstream err;
        IngestSummary summary = ingest_files(target, inputs, options, err);  // commits
        if (summary.files_failed || summary.counts.added == 0)
            fail("cannot build the fixture index", err.str());
    }
    ~FixtureIndex() {
        std::error_code ec;
        std::filesystem::remove_all(std::filesystem::path(path).parent_path(), ec);
    }
};

}  // namespace

const std::string& fixture_index() {
    static FixtureIndex index;  // removed by its destructor at exit
    return index.path;
}

void check_query(std::string_view text, QueryParserFn parse) {
    static Searcher searcher(fixture_index());
    const std::string query(text);
    try {
        std::unique_ptr<QueryNode> tree = parse(query);
        FUZZ_CHECK(tree != nullptr, query);
        explain_query(*tree);
        CompiledQuery compiled = compile_query(*tree);
        compiled.query.get_description();
        // Searching takes time and memory in proportion to the number of
        // terms (a 1 MiB query runs for seconds and holds gigabytes), which
        // would slow fuzzing down a hundredfold; queries as long as a GET
        // request line are searched.
        if (query.size() > kMaxSearchedQuery) return;
        SearchOptions options;
        ResultInfo info;
        std::vector<Hit> hits = searcher.search(compiled, options, info);
        FUZZ_CHECK(hits.size() <= info.total && hits.size() <= options.limit, query);
    } catch (const QuerySyntaxError& e) {
        FUZZ_CHECK(e.position == std::string::npos || e.position <= query.size(),
                   "error position " + std::to_string(e.position) + " past the end: " + e.what());
        FUZZ_CHECK(*e.what() != '\0', "a QuerySyntaxError without a message");
        describe_syntax_error(query, e);
    } catch (const Xapian::WildcardError&) {
        // "a wildcard matches too many words": arxiv-query's exit code 2.
    }
}

}  // namespace arxiv::fuzz
