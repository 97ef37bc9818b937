#include "query/digest/render.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "query/digest/util.h"
#include "query/output/atom.h"
#include "query/output/formatter.h"

namespace arxiv {
namespace {

using nlohmann::ordered_json;
namespace du = digest_util;

ordered_json string_or_null(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

const char* mode_name(DigestWindow::Mode m) {
    switch (m) {
        case DigestWindow::Mode::SinceLastRun: return "since-last-run";
        case DigestWindow::Mode::FirstRun: return "first-run";
        case DigestWindow::Mode::Dates: break;
    }
    return "dates";
}

bool shown(const TopicResult& t, bool omit_empty) { return !omit_empty || t.total > 0; }

ordered_json revision_json(const Revision& r) {
    ordered_json j;
    j["version"] = r.version ? ordered_json(r.version) : ordered_json(nullptr);
    j["previous_version"] = r.previous_version ? ordered_json(r.previous_version) : ordered_json(nullptr);
    j["summary"] = r.summary;
    j["size"] = string_or_null(r.size);
    j["title_changed"] = r.title.changed();
    j["abstract_changed"] = r.abstract.changed();
    j["previous_title"] = r.have_previous ? ordered_json(r.previous_title) : ordered_json(nullptr);
    j["previous_abstract"] = r.have_previous ? ordered_json(r.previous_abstract) : ordered_json(nullptr);
    j["words_added"] = r.title.added + r.abstract.added;
    j["words_removed"] = r.title.removed + r.abstract.removed;
    ordered_json changes = ordered_json::array();
    for (const auto& [field, change] : {std::pair<const char*, const TextChange*>{"title", &r.title},
                                        std::pair<const char*, const TextChange*>{"abstract", &r.abstract}})
        for (const WordHunk& h : change->hunks)
            changes.push_back({{"field", field}, {"removed", h.removed}, {"added", h.added}});
    j["changes"] = std::move(changes);
    return j;
}

ordered_json reasons_json(const Relevance& r) {
    ordered_json out = ordered_json::array();
    for (const PickReason& why : r.reasons) {
        ordered_json j;
        j["where"] = why.where;
        j["match"] = why.match;
        j["quote"] = string_or_null(why.quote);
        j["as_written"] = why.as_written;
        j["title"] = string_or_null(why.detail);
        j["score"] = why.score;
        out.push_back(std::move(j));
    }
    return out;
}

ordered_json novelty_json(const Novelty& n) {
    ordered_json j;
    j["score"] = n.score < 0 ? ordered_json(nullptr) : ordered_json(n.score);
    j["closeness"] = n.score < 0 ? ordered_json(nullptr) : ordered_json(std::round(n.closeness * 100.0) / 100.0);
    if (n.nearest_id.empty()) j["nearest"] = nullptr;
    else j["nearest"] = {{"id", n.nearest_id}, {"title", n.nearest_title}, {"url", "https://arxiv.org/abs/" + n.nearest_id}};
    j["why"] = string_or_null(describe_novelty(n));
    return j;
}

// `for_people`: title, abstract, authors, comment and journal reference with
// their TeX rendered (what templates show, as the markdown does), not as
// written (what programs get).
ordered_json entry_json(const DigestEntry& e, bool for_people) {
    ordered_json j;
    if (for_people) {
        Hit shown = e.hit;
        shown.doc.record = display_record(e.hit.doc.record);
        j = result_json(shown);
    } else {
        j = result_json(e.hit);
    }
    j["relevance"] = e.why.score;
    j["why"] = describe_relevance(e.why);
    j["reasons"] = reasons_json(e.why);
    j["company"] = e.why.company < 0 ? ordered_json(nullptr) : ordered_json(std::round(e.why.company * 100.0) / 100.0);
    j["novelty"] = novelty_json(e.novelty);
    j["changed"] = string_or_null(e.hit.doc.last_changed);
    j["tags"] = e.tags;
    j["also_in"] = e.also_in;
    j["revision"] = e.revision ? revision_json(*e.revision) : ordered_json(nullptr);
    j["number"] = e.number;
    return j;
}

std::string status_line(const DigestEntry& e) {
    std::string s;
    for (const std::string& t : e.tags) s += (s.empty() ? "" : ", ") + t;
    if (!e.also_in.empty()) {
        s += " (also in: ";
        for (size_t i = 0; i < e.also_in.size(); ++i) s += (i ? ", " : "") + e.also_in[i];
        s += ")";
    }
    return s;
}

// The anchor a markdown renderer (GitHub's rule) gives a heading: lower
// case, letters, digits, '-' and '_' kept, spaces as '-', the rest dropped;
// a repeated anchor gets "-1", "-2", ...
std::string heading_anchor(const std::string& heading, std::map<std::string, int>& used) {
    std::string a;
    for (unsigned char c : heading) {
        if (c >= 0x80 || std::isalnum(c) || c == '-' || c == '_') a += static_cast<char>(std::tolower(c));
        else if (c == ' ') a += '-';
    }
    if (int n = used[a]++) a += "-" + std::to_string(n);
    return a;
}

std::string papers_in_topics(std::uint64_t papers, size_t topics) {
    return (papers ? group_thousands(papers) + (papers == 1 ? " paper" : " papers") : std::string("Nothing new")) +
           " in " + std::to_string(topics) + (topics == 1 ? " topic" : " topics");
}

std::string more_line(const TopicResult& t) {
    return "*" + group_thousands(t.more()) + " more not shown (limit " + group_thousands(t.topic->limit) + ").*";
}

}  // namespace

const std::vector<std::string>& digest_layout_names() {
    static const std::vector<std::string> names{"topics", "scored"};
    return names;
}

std::vector<RankedEntry> ranked_entries(const DigestResult& d, bool omit_empty) {
    std::map<std::string, RankedEntry> best;  // by paper id
    for (const TopicResult& t : d.topics) {
        if (!shown(t, omit_empty)) continue;
        for (const DigestEntry& e : t.entries) {
            RankedEntry& r = best[e.hit.doc.record.id];
            if (!r.entry || e.why.score > r.entry->why.score) r = {&t, &e};
        }
    }
    std::vector<RankedEntry> out;
    for (const auto& [id, r] : best) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const RankedEntry& a, const RankedEntry& b) {
        if (a.entry->why.score != b.entry->why.score) return a.entry->why.score > b.entry->why.score;
        return a.entry->number < b.entry->number;
    });
    return out;
}

std::string render_markdown_scored(const DigestResult& d, bool omit_empty) {
    std::ostringstream out;
    const std::vector<RankedEntry> ranked = ranked_entries(d, omit_empty);
    out << "# " << printable_text(d.title) << "\n\n";
    out << "*" << describe_window(d.window) << " \xC2\xB7 generated " << show_timestamp(d.window.now) << "*\n\n";
    if (const std::string note = first_run_note(d.window); !note.empty()) out << note << ".\n\n";
    out << "Papers in the window: " << group_thousands(d.scanned)
        << " \xC2\xB7 scanned (in the topics' categories): " << group_thousands(d.in_scope)
        << " \xC2\xB7 relevant: " << group_thousands(ranked.size()) << "\n\n";
    if (ranked.empty()) {
        out << "*Nothing new.*\n";
        return out.str();
    }
    // Anchors of the headings below, to link the contents to.
    std::map<std::string, int> anchors;
    heading_anchor(printable_text(d.title), anchors);
    heading_anchor("Contents", anchors);
    heading_anchor("Papers", anchors);
    std::vector<Record> shown_records;
    std::vector<std::string> anchor_of;
    for (size_t i = 0; i < ranked.size(); ++i) {
        shown_records.push_back(display_record(ranked[i].entry->hit.doc.record));
        anchor_of.push_back(heading_anchor(std::to_string(i + 1) + ". " + shown_records.back().title, anchors));
    }
    auto author_list = [](const std::vector<std::string>& authors) {
        constexpr size_t kMostAuthors = 10;
        std::string s;
        for (size_t i = 0; i < authors.size() && i < kMostAuthors; ++i) s += (i ? ", " : "") + authors[i];
        if (authors.size() > kMostAuthors) s += " et al. (" + std::to_string(authors.size()) + " authors)";
        return s;
    };
    out << "## Contents\n\n";
    for (size_t i = 0; i < ranked.size(); ++i) {
        const Record& r = shown_records[i];
        out << i + 1 << ". [" << (r.title) << "](#" << anchor_of[i] << ")";
        if (!r.authors.empty()) out << " \xE2\x80\x94 " << (author_list(r.authors));
        out << " (" << score_text(ranked[i].entry->why.score) << ")\n";
    }
    out << "\n## Papers\n\n";
    for (size_t i = 0; i < ranked.size(); ++i) {
        const DigestEntry& e = *ranked[i].entry;
        const Record& r = shown_records[i];
        out << "### " << i + 1 << ". " << (r.title) << "\n\n";
        out << "**arXiv**: [" << r.id << "](" << abs_url(e.hit.doc.record) << ") \xC2\xB7 **Topic**: "
            << printable_text(ranked[i].topic->topic->name) << " \xC2\xB7 **Status**: " << status_line(e);
        if (!e.hit.doc.record.announced.empty()) out << " \xC2\xB7 **Announced**: " << output_date(e.hit.doc.record.announced);
        out << "\n\n";
        if (!r.authors.empty()) out << "**Authors**: " << (author_list(r.authors)) << "\n\n";
        if (!r.abstract.empty()) out << "**Abstract**: " << join_paragraphs(r.abstract) << "\n\n";
        out << "**Why**: " << printable_text(describe_relevance(e.why)) << "\n\n";
        out << "**Relevance**: " << score_text(e.why.score) << "/10";
        if (e.novelty.score >= 0) out << " \xC2\xB7 **Novelty**: " << printable_text(describe_novelty(e.novelty));
        out << "\n\n";
        if (e.revision) out << "**Changes**: " << printable_text(e.revision->summary) << "\n\n";
    }
    return valid_utf8(out.str());
}

const std::vector<std::string>& digest_format_names() {
    static const std::vector<std::string> names{"markdown", "json", "atom"};
    return names;
}

ordered_json digest_json(const DigestResult& d, bool omit_empty, bool for_people) {
    ordered_json j;
    j["format_version"] = 1;
    j["title"] = d.title;
    j["generated"] = d.window.now;
    ordered_json w;
    w["mode"] = mode_name(d.window.mode);
    w["description"] = describe_window(d.window);
    w["from"] = string_or_null(value_day(d.window.from_day));
    w["until"] = string_or_null(value_day(d.window.to_day));
    w["last_run"] = string_or_null(d.window.last_run);
    w["note"] = string_or_null(first_run_note(d.window));
    j["window"] = std::move(w);
    j["sort"] = d.options.sort;
    j["dedup"] = d.options.dedup;
    j["paper_count"] = d.papers;
    size_t listed = 0;
    for (const TopicResult& t : d.topics) listed += shown(t, omit_empty);
    j["topic_count"] = listed;
    j["scanned"] = d.scanned;
    j["in_scope"] = d.in_scope;
    ordered_json topics = ordered_json::array();
    for (const TopicResult& t : d.topics) {
        if (!shown(t, omit_empty)) continue;
        ordered_json tj;
        tj["name"] = t.topic->name;
        tj["query"] = string_or_null(t.topic->query);
        tj["authors"] = t.topic->authors;
        tj["like"] = t.topic->like;
        tj["min_score"] = t.topic->min_score;
        tj["categories"] = t.topic->categories;
        tj["exclude"] = string_or_null(t.topic->exclude);
        tj["limit"] = t.topic->limit;
        tj["total"] = t.total;
        tj["shown"] = t.entries.size();
        tj["more"] = t.more();
        ordered_json papers = ordered_json::array();
        for (const DigestEntry& e : t.entries) papers.push_back(entry_json(e, for_people));
        tj["papers"] = std::move(papers);
        topics.push_back(std::move(tj));
    }
    j["topics"] = std::move(topics);
    // Every listed paper once, best first, as the scored layout lists them.
    ordered_json ranked = ordered_json::array();
    for (const RankedEntry& r : ranked_entries(d, omit_empty)) {
        ordered_json p = entry_json(*r.entry, for_people);
        p["topic"] = r.topic->topic->name;
        ranked.push_back(std::move(p));
    }
    j["relevant"] = ranked.size();
    j["papers"] = std::move(ranked);
    return j;
}

std::string render_markdown(const DigestResult& d, bool omit_empty) {
    std::ostringstream out;
    size_t listed = 0;
    for (const TopicResult& t : d.topics) listed += shown(t, omit_empty);
    out << "# " << printable_text(d.title) << "\n\n";
    out << "*" << papers_in_topics(d.papers, listed) << "; scanned: " << group_thousands(d.scanned)
        << (d.scanned == 1 ? " new or updated paper" : " new or updated papers") << " in the window \xC2\xB7 "
        << describe_window(d.window)
        << " \xC2\xB7 generated " << show_timestamp(d.window.now) << "*\n\n";
    if (const std::string note = first_run_note(d.window); !note.empty()) out << note << ".\n\n";
    // The table of contents: each topic with its count, linked to its heading.
    std::map<std::string, int> anchors;
    heading_anchor(printable_text(d.title), anchors);
    std::vector<std::string> anchor_of;
    for (const TopicResult& t : d.topics) {
        if (!shown(t, omit_empty)) continue;
        anchor_of.push_back(heading_anchor(printable_text(t.topic->name), anchors));
        out << "- [" << printable_text(t.topic->name) << "](#" << anchor_of.back() << ") (" << group_thousands(t.total)
            << ")\n";
    }
    if (!anchor_of.empty()) out << "\n";
    for (const TopicResult& t : d.topics) {
        if (!shown(t, omit_empty)) continue;
        // The topic's name says what it is (a query, an author, ...).
        out << "## " << printable_text(t.topic->name) << "\n\n";
        if (t.total == 0) {
            out << "*Nothing new.*\n\n";
            continue;
        }
        for (const DigestEntry& e : t.entries) {
            // The search's markdown block, then the digest's own lines
            // before its closing blank lines.
            std::ostringstream block;
            auto md = make_markdown_formatter(block, OutputOptions{});
            md->hit(e.hit);
            std::string b = block.str();
            while (!b.empty() && b.back() == '\n') b.pop_back();
            // Numbered across the whole digest: "### 7. Title".
            if (b.rfind("### ", 0) == 0) b.insert(4, std::to_string(e.number) + ". ");
            out << b << "\n\n**Status**: " << status_line(e) << "\n\n";
            out << "**Why**: " << printable_text(describe_relevance(e.why)) << "\n\n";
            if (e.novelty.score >= 0) out << "**Novelty**: " << printable_text(describe_novelty(e.novelty)) << "\n\n";
            if (e.revision) out << "**Changes**: " << printable_text(e.revision->summary) << "\n\n";
            out << "\n\n";
        }
        if (t.more()) out << more_line(t) << "\n\n";
    }
    return out.str();
}

std::string render_atom(const DigestResult& d, bool omit_empty) {
    AtomFeed atom;
    pugi::xml_node feed = atom.feed();
    AtomFeed::text(feed, "title", d.title);
    AtomFeed::text(feed, "subtitle", describe_window(d.window));
    // Stable per configuration, so a reader keeps one subscription.
    AtomFeed::text(feed, "id", "urn:arxiv-search:digest:" + stable_hash_hex(d.config_path));
    AtomFeed::text(feed, "updated", d.window.now);
    AtomFeed::text(feed, "generator", "arxiv-query digest");
    // Atom wants an author for the feed when an entry may lack one (a paper
    // without authors in the source).
    AtomFeed::author(feed, "arxiv-query digest");
    // Entry ids carry the topic's slug; two names may slug alike ("KV
    // cache", "kv-cache"), and Atom ids must be unique.
    std::map<std::string, int> slug_uses;
    for (const TopicResult& t : d.topics) {
        if (!shown(t, omit_empty)) continue;
        std::string topic_slug = du::slug(t.topic->name);
        if (int n = slug_uses[topic_slug]++) topic_slug += "-" + std::to_string(n + 1);
        for (const DigestEntry& e : t.entries) {
            const Record& r = e.hit.doc.record;
            pugi::xml_node entry = atom.add_entry();
            // One entry per paper and topic; a new version gets a new id, so
            // a reader shows it again.
            AtomFeed::text(entry, "id", abs_url(r) + "#" + topic_slug);
            AtomFeed::text(entry, "title", r.title);
            // Atom wants full timestamps; a date that has none is the feed's time.
            auto timestamp = [&](const std::string& day) {
                std::string ts = day_start_timestamp(day);
                return ts.empty() ? d.window.now : ts;
            };
            AtomFeed::text(entry, "updated", timestamp(r.effective_updated()));
            if (!r.submitted.empty()) AtomFeed::text(entry, "published", timestamp(r.submitted));
            for (const std::string& a : r.authors) AtomFeed::author(entry, a);
            AtomFeed::link(entry, abs_url(r), "alternate", "text/html");
            AtomFeed::link(entry, pdf_url(r), "related", "application/pdf", "pdf");
            AtomFeed::category(entry, t.topic->name, "urn:arxiv-search:digest:topic", t.topic->name);
            for (const std::string& tag : e.tags) AtomFeed::category(entry, tag, "urn:arxiv-search:digest:tag");
            for (const std::string& c : r.categories) AtomFeed::category(entry, c, "http://arxiv.org/schemas/atom");
            std::string summary = "[" + t.topic->name + "] " + status_line(e) + "\n";
            summary += "Why: " + describe_relevance(e.why) + "\n";
            if (e.novelty.score >= 0) summary += "Novelty: " + describe_novelty(e.novelty) + "\n";
            if (e.revision) summary += "Changes: " + e.revision->summary + "\n";
            summary += "\n" + r.abstract;
            AtomFeed::text(entry, "summary", summary).append_attribute("type") = "text";
        }
    }
    return atom.str();
}

const TemplateFields& digest_template_fields() {
    // Built from a sample digest that has every kind of entry, so the list
    // can never drift from what digest_json() writes.
    static const TemplateFields fields = [] {
        DigestConfig config;
        config.title = "sample";
        DigestTopic topic;
        topic.name = "sample";
        topic.query = "sample";
        topic.categories = {"cs.CL"};
        topic.exclude = "x";
        topic.limit = 1;
        topic.authors = {"a"};
        topic.like = {"2501.00002"};
        config.topics.push_back(topic);
        StoredDoc doc;
        doc.record.id = "2501.00001";
        doc.record.version = 2;
        doc.record.title = "b";
        doc.record.authors = {"a"};
        doc.record.categories = {"cs.LG", "cs.CL"};
        doc.record.submitted = "2025-01-01";
        doc.previous_version = 1;
        doc.previous_title = "a";
        doc.first_indexed = "2025-01-01T00:00:00Z";
        doc.last_changed = "2025-01-02T00:00:00Z";
        DigestWindow w;
        w.mode = DigestWindow::Mode::Dates;
        w.from_day = "20250102";
        TopicMatch m;
        m.hit.doc = doc;
        m.why.score = 8;
        m.why.reasons.push_back({"like", "2501.00002", "", true, "a", 8});
        m.why.company = 0.5;
        DigestResult d = assemble_digest(config, w, DigestOptions{}, {{m}});
        d.topics[0].entries[0].novelty = {5.0, 0.4, "2412.00001", "c"};
        return fields_of(digest_json(d, false));
    }();
    return fields;
}

}  // namespace arxiv
