// Digest templates (`arxiv-query digest --template FILE`): parsed and checked
// against the digest's field names as the command does, then rendered over
// a real digest of the fixture index (new, revised and cross-listed papers);
// also parsed without the field check and rendered, which reaches the
// renderer's own handling of unknown names and mismatched kinds. A
// TemplateError is the expected answer to a bad template.
#include "common/model/stored.h"
#include "fuzz/fuzz_support.h"
#include "query/digest/digest.h"
#include "query/digest/render.h"
#include "query/search/search.h"

namespace {

const nlohmann::ordered_json& sample_digest() {
    static const nlohmann::ordered_json data = [] {
        arxiv::DigestConfig config = arxiv::parse_digest_config(
            R"({"title": "Fuzz digest", "limit": 3, "topics": [
                 {"name": "cache", "query": "cache OR model", "categories": ["cs.LG", "cs.CL"]},
                 {"name": "all", "query": "the", "limit": 2}]})",
            "sample.json");
        arxiv::DigestWindow window;
        window.mode = arxiv::DigestWindow::Mode::Dates;
        window.from_day = "19000101";
        window.now = "2026-07-01T06:00:00Z";
        arxiv::Searcher searcher(arxiv::fuzz::fixture_index());
        std::vector<std::string> notes;
        std::vector<std::vector<arxiv::TopicMatch>> matches =
            arxiv::find_matches(config, window, searcher, nullptr, notes);
        // A revised paper, with the text its new version replaced.
        arxiv::TopicMatch revised;
        revised.why.score = 7.5;
        revised.why.reasons.push_back({"title", "cache", "", true, "", 10});
        arxiv::StoredDoc& d = revised.hit.doc;
        d.record.id = "2501.00001";
        d.record.version = 2;
        d.record.title = "A new title";
        d.record.abstract = "First paragraph.\nSecond paragraph with more words.";
        d.record.authors = {"Ada Lovelace", "Émilie du Châtelet"};
        d.record.categories = {"cs.CL", "cs.LG"};
        d.record.submitted = "2025-01-01";
        d.record.updated = "2026-06-30";
        d.previous_version = 1;
        d.previous_title = "An old title";
        d.previous_abstract = "First paragraph.";
        d.first_indexed = "2025-01-02T00:00:00Z";
        d.last_changed = "2026-06-30T00:00:00Z";
        matches[0].insert(matches[0].begin(), revised);
        arxiv::DigestResult digest = arxiv::assemble_digest(config, window, arxiv::DigestOptions{}, matches);
        return arxiv::digest_json(digest, false);
    }();
    return data;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = arxiv::fuzz::view(data, size);
    const nlohmann::ordered_json& sample = sample_digest();
    try {
        arxiv::Template::parse(text, "fuzz.tmpl", &arxiv::digest_template_fields()).render(sample);
    } catch (const arxiv::TemplateError& e) {
        FUZZ_CHECK(std::string(e.what()).rfind("fuzz.tmpl", 0) == 0, e.what());
    }
    try {
        arxiv::Template::parse(text, "fuzz.tmpl").render(sample);
    } catch (const arxiv::TemplateError& e) {
        FUZZ_CHECK(std::string(e.what()).rfind("fuzz.tmpl", 0) == 0, e.what());
    }
    return 0;
}
