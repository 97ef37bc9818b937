// OAI-PMH responses (ListRecords / GetRecord) with metadataPrefix arXiv,
// arXivRaw or oai_dc.
#include <cstdlib>
#include <optional>

#include "common/schema/taxonomy.h"
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

long to_long(std::string_view s) {
    std::string t = collapse_whitespace(s);
    if (t.empty()) return -1;
    char* end = nullptr;
    long v = std::strtol(t.c_str(), &end, 10);
    return (end && *end == '\0') ? v : -1;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// ---- oai_dc subjects ----------------------------------------------------

// Category for one dc:subject value; empty when it names none (MSC/ACM
// codes, free keywords).
std::string dc_subject_category(std::string_view value) {
    std::string v = collapse_whitespace(value);
    if (v.empty()) return "";
    // A value that is itself a category id ("cs.IR", "hep-th"). Case must
    // match: "Physics" is a name, not the archive "physics".
    std::string known = known_category(v);
    if (!known.empty() && known == v) return known;
    if (known.empty() && v.find('.') != std::string::npos && plausible_category(v)) return v;
    // "Archive name - Category name", or a single-category archive's name
    // (common/schema/taxonomy: "Computer Science - Machine Learning").
    return category_of_display_name(v);
}

// ---- metadata formats ----------------------------------------------------

const char* source_for_metadata(std::string_view local) {
    if (local == "arXiv") return "oai-arXiv";
    if (local == "arXivRaw") return "oai-arXivRaw";
    if (local == "dc") return "oai_dc";
    return nullptr;
}

const char* source_for_prefix(std::string_view prefix) {
    if (prefix == "arXiv") return "oai-arXiv";
    if (prefix == "arXivRaw") return "oai-arXivRaw";
    if (prefix == "oai_dc") return "oai_dc";
    return nullptr;
}


void add_categories(Record& r, const std::string& text) {
    for (const std::string& c : split_ws(text)) add_category(r.categories, c);
}

// Fields arXiv and arXivRaw share (same element names).
void read_common_fields(const pugi::xml_node& m, Record& r) {
    r.title = clean_line(child_text(m, "title"));
    r.abstract = clean_abstract(child_text(m, "abstract"));
    add_categories(r, child_text(m, "categories"));
    r.comment = clean_line(child_text(m, "comments"));
    r.journal_ref = clean_line(child_text(m, "journal-ref"));
    r.report_no = clean_line(child_text(m, "report-no"));
    r.doi = clean_doi(child_text(m, "doi"));
    r.license = clean_line(child_text(m, "license"));
}

bool read_arxiv(const pugi::xml_node& m, Record& r, std::string& problem) {
    if (!set_id(r, child_text(m, "id"), problem)) return false;
    // The arXiv format does not say which version it describes: the version
    // stays 0 unless the id carries one.
    read_common_fields(m, r);
    for (const pugi::xml_node& a : children(child(m, "authors"), "author")) {
        std::vector<std::string> affiliations;
        for (const pugi::xml_node& af : children(a, "affiliation")) affiliations.push_back(text(af));
        add_author(r,
                   author_display_name(child_text(a, "forenames"), child_text(a, "keyname"), child_text(a, "suffix")),
                   affiliations);
    }
    r.submitted = normalize_date(child_text(m, "created"));
    r.updated = normalize_date(child_text(m, "updated"));
    if (r.updated.empty()) r.updated = r.submitted;  // only v1 exists
    return true;
}

bool read_arxiv_raw(const pugi::xml_node& m, Record& r, std::string& problem) {
    if (!set_id(r, child_text(m, "id"), problem)) return false;
    read_common_fields(m, r);
    r.authors = split_author_line(clean_line(child_text(m, "authors")));
    int lowest = 0, highest = 0, index = 0;
    for (const pugi::xml_node& v : children(m, "version")) {
        ++index;
        int n = version_number(attribute(v, "version").value());
        if (n == 0) n = index;  // unlabelled: document order
        std::string date = normalize_date(child_text(v, "date"));
        if (lowest == 0 || n < lowest) {
            lowest = n;
            r.submitted = date;
        }
        if (n > highest) {
            highest = n;
            r.updated = date;
        }
    }
    r.version = highest;
    return true;
}

// "Keyname, Forenames[, Suffix]" -> display name.
std::string dc_creator_name(const std::string& creator) {
    std::string c = clean_line(creator);
    size_t comma = c.find(',');
    if (comma == std::string::npos) return tex_accents_to_unicode(c);
    std::string keyname = c.substr(0, comma);
    std::string rest = c.substr(comma + 1);
    std::string suffix;
    size_t comma2 = rest.find(',');
    if (comma2 != std::string::npos) {
        std::string tail = collapse_whitespace(rest.substr(comma2 + 1));
        for (const char* s : {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}) {
            if (tail == s) {
                suffix = tail;
                rest = rest.substr(0, comma2);
                break;
            }
        }
    }
    return author_display_name(rest, keyname, suffix);
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// An OAI header identifier is oai:<repository domain>:<local id>
// (OAI-PMH 2.0, "oai-identifier"): arXiv's own is oai:arXiv.org:2503.21813,
// a mirror's oai:mirror.example.org:2503.21813. The local id is the arXiv id.
bool set_header_id(Record& r, const pugi::xml_node& header, std::string& problem) {
    const std::string ident = clean_line(child_text(header, "identifier"));
    std::string local = ident;
    if (starts_with_ci(ident, "oai:")) {
        size_t colon = ident.find(':', 4);
        if (colon != std::string::npos) local = ident.substr(colon + 1);
    }
    if (set_id(r, local, problem)) return true;
    if (!ident.empty()) problem = "invalid arXiv id in OAI identifier '" + ident + "'";
    return false;
}

bool read_dc(const pugi::xml_node& m, const pugi::xml_node& header, Record& r, std::string& problem) {
    std::string id_text;
    for (const pugi::xml_node& ident : children(m, "identifier")) {
        std::string v = clean_line(text(ident));
        if (v.empty()) continue;
        if (id_text.empty() && (starts_with_ci(v, "http://") || starts_with_ci(v, "https://")) &&
            parse_arxiv_id(v)) {
            id_text = v;
        } else if (starts_with_ci(v, "doi:") || starts_with_ci(v, "https://doi.org/") ||
                   starts_with_ci(v, "http://dx.doi.org/") || starts_with_ci(v, "https://dx.doi.org/") ||
                   starts_with_ci(v, "http://doi.org/")) {
            std::string doi = clean_doi(v);
            if (!doi.empty()) r.doi += (r.doi.empty() ? "" : " ") + doi;
        } else if (!starts_with_ci(v, "http://") && !starts_with_ci(v, "https://") &&
                   r.journal_ref.empty()) {
            r.journal_ref = v;  // legacy oai_dc lists the journal reference here
        }
    }
    if (id_text.empty() ? !set_header_id(r, header, problem) : !set_id(r, id_text, problem)) return false;

    r.title = clean_line(child_text(m, "title"));
    for (const pugi::xml_node& c : children(m, "creator")) {
        std::string name = dc_creator_name(text(c));
        if (!name.empty()) r.authors.push_back(std::move(name));
    }
    for (const pugi::xml_node& s : children(m, "subject")) {
        std::string cat = dc_subject_category(clean_line(text(s)));
        if (!cat.empty()) add_category(r.categories, cat);
    }
    for (const pugi::xml_node& d : children(m, "description")) {
        std::string raw = text(d);
        std::string line = clean_line(raw);
        if (starts_with_ci(line, "Comment:")) {
            if (r.comment.empty()) r.comment = collapse_whitespace(line.substr(8));
        } else if (r.abstract.empty()) {
            r.abstract = clean_abstract(raw);
        }
    }
    for (const pugi::xml_node& d : children(m, "date")) {
        std::string date = normalize_date(text(d));
        if (date.empty()) continue;
        if (r.submitted.empty() || date < r.submitted) r.submitted = date;
        if (r.updated.empty() || date > r.updated) r.updated = date;
    }
    if (pugi::xml_node rights = child(m, "rights")) r.license = clean_line(text(rights));
    return true;
}

// ---- page ---------------------------------------------------------------

struct RecordItem {
    pugi::xml_node node;
    size_t line = 0;
    std::string error;  // the chunk did not parse
};

struct Page {
    pugi::xml_node response_date, request, token;
    std::vector<pugi::xml_node> errors;
    std::vector<RecordItem> records;
};

std::string position(const LineIndex& lines, ptrdiff_t offset) {
    if (offset < 0) return "";
    return " at line " + std::to_string(lines.line_at(static_cast<size_t>(offset)));
}

// Builds a record from one <record>; nullopt with `problem` if it cannot.
std::optional<Record> build_record(const pugi::xml_node& rec, const std::string& default_source,
                                   std::string& problem) {
    pugi::xml_node header = child(rec, "header");
    Record r;
    if (std::string_view(attribute(header, "status").value()) == "deleted") {
        r.source = default_source;
        r.deleted = true;
        if (!set_header_id(r, header, problem)) return std::nullopt;
        return r;
    }
    pugi::xml_node metadata = child(rec, "metadata");
    pugi::xml_node m = metadata.find_child([](const pugi::xml_node& n) {
        return n.type() == pugi::node_element;
    });
    if (!m) {
        problem = "record has no metadata";
        return std::nullopt;
    }
    std::string_view format = local_name(m.name());
    const char* source = source_for_metadata(format);
    if (!source) {
        problem = "unsupported metadata format <" + std::string(m.name()) + ">";
        return std::nullopt;
    }
    r.source = source;
    bool ok = format == "arXiv"      ? read_arxiv(m, r, problem)
              : format == "arXivRaw" ? read_arxiv_raw(m, r, problem)
                                     : read_dc(m, header, r, problem);
    if (!ok) return std::nullopt;
    return r;
}

void process_page(const Page& page, OaiPageInfo& info, const ParseSink& sink) {
    info.response_date = clean_line(text(page.response_date));
    for (const pugi::xml_node& e : page.errors) {
        std::string code = clean_line(attribute(e, "code").value());
        std::string message = clean_line(text(e));
        if (code == "noRecordsMatch") {
            info.error_code = code;
            info.error_message = message;
            continue;
        }
        throw OaiError(code, "OAI-PMH error " + code + ": " + message);
    }
    if (!info.error_code.empty()) return;  // noRecordsMatch: an empty result

    if (page.token) {
        info.has_token = true;
        info.resumption_token = clean_line(text(page.token));
        if (auto a = attribute(page.token, "cursor")) info.cursor = to_long(a.value());
        if (auto a = attribute(page.token, "completeListSize"))
            info.complete_list_size = to_long(a.value());
        info.token_expiration = clean_line(attribute(page.token, "expirationDate").value());
    }

    // Source for deleted records: the requested prefix, else the format of
    // the page's other records.
    std::string default_source;
    if (const char* s = source_for_prefix(clean_line(attribute(page.request, "metadataPrefix").value())))
        default_source = s;
    for (size_t i = 0; default_source.empty() && i < page.records.size(); ++i) {
        pugi::xml_node m = child(page.records[i].node, "metadata").find_child(
            [](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
        if (const char* s = m ? source_for_metadata(local_name(m.name())) : nullptr) default_source = s;
    }
    if (default_source.empty()) default_source = "oai";

    for (const RecordItem& item : page.records) {
        ++info.records;
        if (!item.node) {
            emit_skip(sink, item.line, item.error);
            continue;
        }
        std::string datestamp = clean_line(child_text(child(item.node, "header"), "datestamp"));
        if (datestamp > info.max_datestamp) info.max_datestamp = datestamp;
        std::string problem;
        std::optional<Record> r;
        try {
            r = build_record(item.node, default_source, problem);
        } catch (const std::exception& ex) {
            problem = std::string("cannot read record: ") + ex.what();
        }
        if (r) {
            r->datestamp = normalize_date(datestamp);
            emit_record(sink, item.line, std::move(*r));
        }
        else
            emit_skip(sink, item.line, problem);
    }
}

}  // namespace

OaiPageInfo parse_oai(std::string_view xml, const ParseSink& sink) {
    OaiPageInfo info;
    LineIndex lines(xml);
    pugi::xml_document doc;
    pugi::xml_parse_result result = load(doc, xml);
    Page page;
    std::vector<ParsedChunk> chunk_docs;  // keep chunk nodes alive
    std::string outside_error;

    if (result) {
        pugi::xml_node root = doc.document_element();
        if (!is(root, "OAI-PMH"))
            throw SourceError(std::string("not an OAI-PMH response: root element <") + root.name() + ">");
        page.response_date = child(root, "responseDate");
        page.request = child(root, "request");
        page.errors = children(root, "error");
        pugi::xml_node verb = child(root, "ListRecords");
        if (!verb) verb = child(root, "GetRecord");
        for (const pugi::xml_node& rec : children(verb, "record")) {
            size_t off = start_offset(rec);
            page.records.push_back({rec, off == std::string_view::npos ? 0 : lines.line_at(off), ""});
        }
        page.token = child(verb, "resumptionToken");
    } else {
        std::string root = root_local_name(xml);
        if (!root.empty() && root != "OAI-PMH")
            throw SourceError("not an OAI-PMH response: root element <" + root + ">");
        info.xml_error = xml_util::problem(result) + position(lines, result.offset);
        std::vector<Chunk> records = find_chunks(xml, "record");
        auto first_parsed = [&](std::string_view local, size_t from, size_t to) -> pugi::xml_node {
            std::string_view part = xml.substr(0, to);
            for (const Chunk& c : find_chunks(part, local)) {
                if (c.begin < from) continue;
                ParsedChunk p = parse_chunk(part, c);
                if (!p.result) continue;
                pugi::xml_node n = p.element();
                chunk_docs.push_back(std::move(p));
                return n;
            }
            return {};
        };
        size_t head_end = records.empty() ? xml.size() : records.front().begin;
        size_t tail_begin = records.empty() ? 0 : records.back().end;
        page.response_date = first_parsed("responseDate", 0, head_end);
        page.request = first_parsed("request", 0, head_end);
        for (const Chunk& c : find_chunks(xml.substr(0, head_end), "error")) {
            ParsedChunk p = parse_chunk(xml, c);
            if (!p.result) continue;
            page.errors.push_back(p.element());
            chunk_docs.push_back(std::move(p));
        }
        page.token = first_parsed("resumptionToken", tail_begin, xml.size());
        if (root.empty() || (records.empty() && page.errors.empty()))
            throw SourceError("malformed XML: " + info.xml_error);
        bool any_broken = false;
        for (const Chunk& c : records) {
            ParsedChunk p = parse_chunk(xml, c);
            RecordItem item;
            item.line = lines.line_at(c.begin);
            if (p.result) {
                item.node = p.element();
            } else {
                any_broken = true;
                item.error = std::string("malformed <record>: ") + xml_util::problem(p.result) +
                             position(lines, static_cast<ptrdiff_t>(c.begin) + p.result.offset);
            }
            chunk_docs.push_back(std::move(p));
            page.records.push_back(std::move(item));
        }
        if (!any_broken && !records.empty())
            outside_error = "malformed XML outside the records: " + info.xml_error;
    }

    process_page(page, info, sink);
    if (!outside_error.empty())
        emit_skip(sink, result.offset >= 0 ? lines.line_at(static_cast<size_t>(result.offset)) : 0,
                  outside_error);
    return info;
}

}  // namespace arxiv
