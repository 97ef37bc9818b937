// arXiv API Atom feeds: format detection, parse_atom, and every record
// through the indexing path (build_document). A SourceError is the parser's
// answer for a whole input it refuses (an error feed, not Atom at all).
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view xml = arxiv::fuzz::view(data, size);
    arxiv::detect_format(xml);
    try {
        arxiv::parse_atom(xml, arxiv::fuzz::indexing_sink());
    } catch (const arxiv::SourceError& e) {
        FUZZ_CHECK(*e.what() != '\0', "a SourceError without a message");
    }
    return 0;
}
