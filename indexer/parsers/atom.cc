// arXiv search API responses (Atom 1.0 with OpenSearch and arXiv extensions).
#include <cstdlib>
#include <optional>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "indexer/parsers/parse_util.h"
#include "indexer/parsers/parsers.h"
#include "indexer/parsers/xml_util.h"

namespace arxiv {
namespace {

using namespace parse_util;
using namespace xml_util;

long to_long(const std::string& s) {
    std::string t = collapse_whitespace(s);
    if (t.empty()) return -1;
    char* end = nullptr;
    long v = std::strtol(t.c_str(), &end, 10);
    return (end && *end == '\0') ? v : -1;
}

// One <entry>, either a node of the parsed document or a chunk that did not
// parse (then `error` holds pugixml's description).
struct EntryItem {
    pugi::xml_node node;
    size_t line = 0;
    std::string error;
};

// An API error feed: the entry's id points at /api/errors, or it is titled
// "Error" and has no arXiv id.
void check_api_error(const pugi::xml_node& entry) {
    std::string id = collapse_whitespace(child_text(entry, "id"));
    std::string title = collapse_whitespace(child_text(entry, "title"));
    bool error = id.find("/api/errors") != std::string::npos ||
                 (title == "Error" && !parse_arxiv_id(id));
    if (error) throw SourceError("arXiv API error: " + clean_line(child_text(entry, "summary")));
}

// Builds the record of one entry; on failure returns nullopt with `problem`.
std::optional<Record> build_record(const pugi::xml_node& entry, std::string& problem) {
    Record r;
    r.source = "atom";
    if (!set_id(r, child_text(entry, "id"), problem)) return std::nullopt;

    r.title = clean_line(child_text(entry, "title"));
    r.abstract = clean_abstract(child_text(entry, "summary"));
    for (const pugi::xml_node& author : children(entry, "author")) {
        // <arxiv:affiliation>, possibly several, beside <name>.
        std::vector<std::string> affiliations;
        for (const pugi::xml_node& a : children(author, "affiliation")) affiliations.push_back(text(a));
        add_author(r, clean_author(child_text(author, "name")), affiliations);
    }

    if (pugi::xml_node primary = child(entry, "primary_category"))
        add_category(r.categories, attribute(primary, "term").value());
    for (const pugi::xml_node& cat : children(entry, "category"))
        add_category(r.categories, attribute(cat, "term").value());

    r.submitted = normalize_date(child_text(entry, "published"));
    r.updated = normalize_date(child_text(entry, "updated"));

    r.comment = clean_line(child_text(entry, "comment"));
    r.journal_ref = clean_line(child_text(entry, "journal_ref"));
    r.doi = clean_doi(child_text(entry, "doi"));
    if (r.doi.empty()) {
        // Only the <link title="doi" href="http://dx.doi.org/..."> form.
        for (const pugi::xml_node& link : children(entry, "link")) {
            if (std::string_view(attribute(link, "title").value()) == "doi") {
                r.doi = clean_doi(attribute(link, "href").value());
                if (!r.doi.empty()) break;
            }
        }
    }
    return r;
}

void read_feed_counts(const pugi::xml_node& node, AtomFeedInfo& info) {
    if (is(node, "totalResults")) info.total_results = to_long(text(node));
    else if (is(node, "startIndex")) info.start_index = to_long(text(node));
    else if (is(node, "itemsPerPage")) info.items_per_page = to_long(text(node));
}

std::string position(const LineIndex& lines, ptrdiff_t offset) {
    if (offset < 0) return "";
    return " at line " + std::to_string(lines.line_at(static_cast<size_t>(offset)));
}

}  // namespace

AtomFeedInfo parse_atom(std::string_view xml, const ParseSink& sink) {
    AtomFeedInfo info;
    LineIndex lines(xml);
    pugi::xml_document doc;
    pugi::xml_parse_result result = load(doc, xml);

    std::vector<EntryItem> entries;
    std::vector<xml_util::ParsedChunk> chunk_docs;  // keep chunk nodes alive
    std::string outside_error;
    if (result) {
        pugi::xml_node feed = doc.document_element();
        if (!is(feed, "feed"))
            throw SourceError(std::string("not an Atom feed: root element <") + feed.name() + ">");
        for (pugi::xml_node c = feed.first_child(); c; c = c.next_sibling()) {
            if (is(c, "entry")) {
                size_t off = start_offset(c);
                entries.push_back({c, off == std::string_view::npos ? 0 : lines.line_at(off), ""});
            } else {
                read_feed_counts(c, info);
            }
        }
    } else {
        // Recover what can be recovered: every <entry> on its own.
        std::string root = root_local_name(xml);
        if (!root.empty() && root != "feed")
            throw SourceError("not an Atom feed: root element <" + root + ">");
        info.xml_error = xml_util::problem(result) + position(lines, result.offset);
        std::vector<Chunk> chunks = find_chunks(xml, "entry");
        if (root.empty() || chunks.empty())
            throw SourceError("malformed XML: " + info.xml_error);
        // Feed-level counts sit before the first entry.
        std::string_view head = xml.substr(0, chunks.front().begin);
        for (std::string_view name : {"totalResults", "startIndex", "itemsPerPage"}) {
            for (const Chunk& c : find_chunks(head, name)) {
                ParsedChunk p = parse_chunk(head, c);
                if (p.result) read_feed_counts(p.element(), info);
            }
        }
        bool any_broken = false;
        for (const Chunk& c : chunks) {
            ParsedChunk p = parse_chunk(xml, c);
            EntryItem item;
            item.line = lines.line_at(c.begin);
            if (p.result) {
                item.node = p.element();
            } else {
                any_broken = true;
                item.error = std::string("malformed <entry>: ") + xml_util::problem(p.result) +
                             position(lines, static_cast<ptrdiff_t>(c.begin) + p.result.offset);
            }
            chunk_docs.push_back(std::move(p));
            entries.push_back(std::move(item));
        }
        // Every entry is fine, so the damage is outside them (e.g. the file
        // was cut between two entries): records may be missing; say so.
        if (!any_broken) outside_error = "malformed XML outside the entries: " + info.xml_error;
    }

    // An API error feed carries a single pseudo-entry; check before emitting.
    for (const EntryItem& e : entries)
        if (e.node) check_api_error(e.node);

    for (EntryItem& e : entries) {
        if (!e.node) {
            emit_skip(sink, e.line, e.error);
            continue;
        }
        std::string problem;
        std::optional<Record> r;
        try {
            r = build_record(e.node, problem);
        } catch (const std::exception& ex) {
            problem = std::string("cannot read entry: ") + ex.what();
        }
        if (r)
            emit_record(sink, e.line, std::move(*r));
        else
            emit_skip(sink, e.line, problem);
    }
    if (!outside_error.empty())
        emit_skip(sink, result.offset >= 0 ? lines.line_at(static_cast<size_t>(result.offset)) : 0,
                  outside_error);
    return info;
}

}  // namespace arxiv
