// Digest output: the JSON document (also the data templates see), markdown
// in the keyword-digest layout, and an Atom feed. Entries reuse the search
// output's pieces: result_json() for every paper field and the markdown
// formatter for the entry block.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "query/digest/digest.h"
#include "query/digest/template.h"

namespace arxiv {

// --format values, in the order --help lists them.
const std::vector<std::string>& digest_format_names();

// --layout values of the markdown output, in the order --help lists them.
const std::vector<std::string>& digest_layout_names();

// A listed paper in the digest-wide ranking: each paper once, under the
// topic where it scores best (the first of equals), best first (score, then
// the digest's numbering).
struct RankedEntry {
    const TopicResult* topic = nullptr;
    const DigestEntry* entry = nullptr;
};
std::vector<RankedEntry> ranked_entries(const DigestResult& digest, bool omit_empty);

// The whole digest as data: docs/digest.schema.json. `omit_empty` leaves out
// topics with nothing new. `for_people` renders the TeX of titles,
// abstracts, authors, comments and journal references as the markdown does
// (what templates see); without it they are as written.
nlohmann::ordered_json digest_json(const DigestResult& digest, bool omit_empty, bool for_people = false);

// "# Title", a line with the counts and the window, a table of contents
// (each topic with its count, linked to its heading), then one "## name"
// section per topic with the markdown formatter's entry blocks, numbered
// across the whole digest ("### 7. Title"), each followed by the digest's
// Status (and Changes) lines.
std::string render_markdown(const DigestResult& digest, bool omit_empty);

// The scored layout (--layout scored), after the scored personal digests
// people read: the counts (papers in the window, scanned in the topics'
// categories, relevant), a numbered table of contents with every paper
// (title and authors), then one list across topics, best first, each paper
// once with its abstract, the Why line and its relevance and novelty.
std::string render_markdown_scored(const DigestResult& digest, bool omit_empty);

// One Atom 1.0 feed; an entry per paper and topic, with the topic and the
// tags as categories.
std::string render_atom(const DigestResult& digest, bool omit_empty);

// The names a --template may use (every key of the JSON digest), with kinds.
const TemplateFields& digest_template_fields();

}  // namespace arxiv
