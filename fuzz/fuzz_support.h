// What the fuzz harnesses share: the libFuzzer entry point they define,
// a failure report that stops the process (so libFuzzer saves the input and
// a replay test fails), indexing a parsed record the way the writer does,
// and a small index of the test fixtures for the harnesses that search.
//
// Every harness is one fuzz/<name>.cc defining LLVMFuzzerTestOneInput. With
// ARXIV_LIBFUZZER (clang, scripts/sanitize.sh) it links libFuzzer's main;
// otherwise replay_main.cc, which feeds it every file named on the command
// line (directories: every file inside, in name order).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "indexer/parsers/parsers.h"
#include "query/lang/query_ast.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace arxiv::fuzz {

inline std::string_view view(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Prints "fuzz: <what>" (and the detail) to stderr and aborts: a finding.
[[noreturn]] void fail(const std::string& what, const std::string& detail = "");

#define FUZZ_CHECK(cond, detail)                                                        \
    do {                                                                                \
        if (!(cond)) ::arxiv::fuzz::fail("check failed: " #cond " at " __FILE__, detail); \
    } while (0)

// Indexes a parsed record as IndexWriter::upsert would, without a database:
// the upsert decision against nothing and against its own stored copy,
// build_document (term generation, values, stored data) and the stored data
// read back. Anything thrown is left to the caller (a finding).
void index_record(const Record& record);

// A sink whose records go through index_record and whose skip messages are
// checked to be non-empty.
ParseSink indexing_sink();

// A query string through a parser (parse_query or parse_arxiv_query), then
// everything arxiv-query does with the tree: --explain, compile_query and a
// search of the fixture index (for queries up to 8 KiB). A QuerySyntaxError is the expected answer to
// a bad query (its position must lie inside the query and describing it
// must work), a WildcardError to a prefix matching too many words; anything
// else thrown is a finding.
using QueryParserFn = std::unique_ptr<QueryNode> (*)(std::string_view);
void check_query(std::string_view query, QueryParserFn parse);

// Path of an index built (once per process) from the parser fixtures and one
// day of data/, in a temporary directory removed at exit.
const std::string& fixture_index();

}  // namespace arxiv::fuzz
