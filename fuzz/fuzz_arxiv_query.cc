// arXiv's search_query syntax (--syntax arxiv, /api/query): parse_arxiv_query,
// --explain, compile_query and a search of the fixture index
// (fuzz_support.cc: check_query).
#include "fuzz/fuzz_support.h"
#include "query/lang/arxiv_syntax.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    arxiv::fuzz::check_query(arxiv::fuzz::view(data, size), arxiv::parse_arxiv_query);
    return 0;
}
