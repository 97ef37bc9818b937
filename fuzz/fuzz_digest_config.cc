// The digest configuration (`arxiv-query digest CONFIG`): JSON, validated
// strictly, every query and list value compiled up front. A
// DigestConfigError is the expected answer to a bad file; anything else
// thrown is a finding.
#include "fuzz/fuzz_support.h"
#include "query/digest/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        arxiv::DigestConfig config = arxiv::parse_digest_config(arxiv::fuzz::view(data, size), "fuzz.json");
        FUZZ_CHECK(!config.title.empty() && !config.topics.empty(), config.title);
        for (const arxiv::DigestTopic& t : config.topics) {
            FUZZ_CHECK(!t.name.empty() && t.limit >= 1, t.name);
            t.compiled.get_description();
        }
    } catch (const arxiv::DigestConfigError& e) {
        FUZZ_CHECK(std::string(e.what()).rfind("fuzz.json: ", 0) == 0, e.what());
    }
    return 0;
}
