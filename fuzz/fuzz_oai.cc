// OAI-PMH responses (metadataPrefix arXiv, arXivRaw, oai_dc; deleted
// headers; errors; resumption tokens): format detection, parse_oai, and
// every record through the indexing path (build_document). A SourceError
// (an OaiError) is the parser's answer for an OAI error response.
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view xml = arxiv::fuzz::view(data, size);
    arxiv::detect_format(xml);
    try {
        arxiv::OaiPageInfo info = arxiv::parse_oai(xml, arxiv::fuzz::indexing_sink());
        FUZZ_CHECK(info.has_token || info.resumption_token.empty(), info.resumption_token);
    } catch (const arxiv::SourceError& e) {
        FUZZ_CHECK(*e.what() != '\0', "a SourceError without a message");
    }
    return 0;
}
