#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/schema/taxonomy.h"
#include "indexer/parsers/parsers.h"

using namespace arxiv;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(ARXIV_FIXTURES_DIR) + "/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Collected {
    std::vector<Record> records;
    std::vector<std::pair<size_t, std::string>> skips;
    ParseSink sink() {
        ParseSink s;
        s.record = [this](Record&& r, size_t) { records.push_back(std::move(r)); };
        s.skip = [this](size_t line, const std::string& m) { skips.emplace_back(line, m); };
        return s;
    }
};

using Strings = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Feeds a JSON-lines file line by line, as the ingest driver does.
template <typename F>
void each_line(const std::string& text, F f) {
    size_t pos = 0, line_no = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        f(std::string_view(text).substr(pos, nl - pos), ++line_no);
        pos = nl + 1;
    }
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

}  // namespace

// ---- format detection -----------------------------------------------------

TEST_CASE("detect_format recognises every fixture", "[parsers]") {
    CHECK(detect_format(fixture("atom_feed.xml")) == Format::Atom);
    CHECK(detect_format(fixture("atom_error.xml")) == Format::Atom);
    CHECK(detect_format(fixture("atom_truncated.xml")) == Format::Atom);
    for (const char* f : {"oai_arxiv.xml", "oai_arxivraw.xml", "oai_dc.xml", "oai_deleted.xml",
                          "oai_last_page.xml", "oai_norecords.xml", "oai_badargument.xml",
                          "oai_broken_record.xml"}) {
        INFO(f);
        CHECK(detect_format(fixture(f)) == Format::OaiPmh);
    }
    CHECK(detect_format(fixture("kaggle.jsonl")) == Format::Kaggle);
    CHECK(detect_format(fixture("daily.jsonl")) == Format::DailyJsonl);
}

TEST_CASE("detect_format skips a BOM, leading whitespace and broken first lines", "[parsers]") {
    const std::string bom = "\xEF\xBB\xBF";
    CHECK(detect_format(bom + "\n  \t" + fixture("atom_feed.xml")) == Format::Atom);
    CHECK(detect_format(bom + fixture("oai_dc.xml")) == Format::OaiPmh);
    CHECK(detect_format("\r\n\r\n" + fixture("oai_arxiv.xml")) == Format::OaiPmh);
    CHECK(detect_format(bom + fixture("kaggle.jsonl")) == Format::Kaggle);
    CHECK(detect_format("  \n" + fixture("daily.jsonl")) == Format::DailyJsonl);
    CHECK(detect_format("{\"id\": \"2503.1\n" + fixture("daily.jsonl")) == Format::DailyJsonl);
    // Prefixed roots, comments before the root.
    CHECK(detect_format("<!-- saved -->\n<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"/>") ==
          Format::Atom);
    CHECK(detect_format("<html><body/></html>") == Format::Unknown);
    CHECK(detect_format("") == Format::Unknown);
    CHECK(detect_format("id,title\n") == Format::Unknown);
}

// ---- Atom -----------------------------------------------------------------

TEST_CASE("Atom feed: entries, page info and every field", "[parsers]") {
    Collected c;
    AtomFeedInfo info = parse_atom(fixture("atom_feed.xml"), c.sink());
    CHECK(info.total_results == 184213);
    CHECK(info.start_index == 0);
    CHECK(info.items_per_page == 3);
    CHECK(info.xml_error.empty());
    CHECK(c.skips.empty());
    REQUIRE(c.records.size() == 3);

    const Record& a = c.records[0];
    CHECK(a.id == "2403.04417");
    CHECK(a.version == 2);
    CHECK(a.source == "atom");
    CHECK_FALSE(a.deleted);
    CHECK(a.title ==
          "Cache-Aligned Posting-List Compression for Sub-Millisecond Retrieval on Commodity Hardware");
    CHECK(a.abstract ==
          "We revisit posting-list compression for inverted indexes and show that a hybrid codec "
          "reaches $\\mathcal{O}(\\log n)$ decode cost per block. Unlike Lef\\`evre's earlier "
          "scheme, ours keeps skip pointers aligned to cache lines, so conjunctive queries with "
          "$k < 8$ terms stay branch-free. On three \\emph{web-scale} collections we measure a "
          "1.7x speed-up & 9% smaller indexes.");
    CHECK(a.authors == Strings{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    // <arxiv:affiliation> inside <author>: one list per author.
    CHECK(a.affiliations == std::vector<Strings>{{"Universidade de Lisboa"}, {}});
    CHECK(a.categories == Strings{"cs.IR", "cs.DS"});  // H.3.3 (ACM) dropped
    CHECK(a.submitted == "2024-03-07");
    CHECK(a.updated == "2024-03-12");
    CHECK(a.announced.empty());
    CHECK(a.doi == "10.9999/sigx.2024.0417");
    CHECK(a.comment == "12 pages, 5 figures; v2: corrected Table 3");
    CHECK(a.journal_ref == "Proc. Invented Retrieval Conf. (2024) 211-223");

    const Record& b = c.records[1];
    CHECK(b.id == "hep-th/0512345");
    CHECK(b.version == 1);
    CHECK(b.title == "Boundary States and the $\\sigma$-Model on Twisted Tori");
    CHECK(b.abstract ==
          "We construct boundary states for the sigma model on twisted tori and compute the "
          "annulus amplitude. The result agrees with the open-string channel up to a phase "
          "fixed by the twist.\nIn an appendix we discuss the M\\\"obius strip.");
    CHECK(b.authors == Strings{"R. K. Okafor"});
    CHECK(b.affiliations.empty());  // none given
    CHECK(b.categories == Strings{"hep-th", "gr-qc"});
    CHECK(b.submitted == "2005-12-29");
    CHECK(b.updated == "2005-12-29");
    CHECK(b.doi.empty());
    CHECK(b.comment == "LaTeX, 24 pages");
    CHECK(b.journal_ref.empty());

    const Record& d = c.records[2];
    CHECK(d.id == "0901.4567");
    CHECK(d.version == 3);
    // Only whitespace changes; entities decoded once; TeX kept.
    CHECK(d.title == "Sharp Bounds for $\\ell_p$-Regression & the \"Sch\\\"onhage\" Trick");
    CHECK(d.abstract == "We prove sharp bounds.\nA second paragraph mentions Erd\\H{o}s & Rényi.");
    CHECK(d.authors == Strings{"Tomasz Wiśniewski", "J. Müller", "François O'Brien"});
    // Several for one author, whitespace collapsed; a blank one is none.
    CHECK(d.affiliations == std::vector<Strings>{{}, {"ETH Zürich", "Max-Planck-Institut für Mathematik"}, {}});
    // primary first, known category re-cased, MSC and ACM codes dropped
    CHECK(d.categories == Strings{"math.ST", "stat.TH", "cs.LG"});
    // -04:00 / -05:00 offsets are converted to UTC days
    CHECK(d.submitted == "2009-02-01");
    CHECK(d.updated == "2009-03-03");
    CHECK(d.doi == "10.9999/one.1 10.9999/TWO.2");
    CHECK(d.comment == "30 pages; to appear in \"Invented Annals\"");
}

TEST_CASE("Atom feed without entries", "[parsers]") {
    Collected c;
    AtomFeedInfo info = parse_atom(
        "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        "<opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">0"
        "</opensearch:totalResults></feed>",
        c.sink());
    CHECK(info.total_results == 0);
    CHECK(info.start_index == -1);
    CHECK(info.items_per_page == -1);
    CHECK(c.records.empty());
    CHECK(c.skips.empty());
}

TEST_CASE("Atom error feed throws the API's message", "[parsers]") {
    Collected c;
    CHECK_THROWS_WITH(parse_atom(fixture("atom_error.xml"), c.sink()),
                      "arXiv API error: incorrect id format for 2403.0441");
    CHECK(c.records.empty());
    // Title "Error" without an /api/errors id, as some clients save it.
    std::string alt = replace_all(fixture("atom_error.xml"),
                                  "http://arxiv.org/api/errors#incorrect_id_format_for_2403.0441",
                                  "urn:error");
    CHECK_THROWS_AS(parse_atom(alt, c.sink()), SourceError);
}

TEST_CASE("Atom parser rejects other documents", "[parsers]") {
    Collected c;
    CHECK_THROWS_AS(parse_atom(fixture("oai_arxiv.xml"), c.sink()), SourceError);
    CHECK_THROWS_WITH(parse_atom("<rss><channel/></rss>", c.sink()), Catch::Contains("<rss>"));
    CHECK_THROWS_AS(parse_atom("this is not XML", c.sink()), SourceError);
    CHECK_THROWS_AS(parse_atom("", c.sink()), SourceError);
    // Broken and nothing record-like: the message carries pugixml's text and the line.
    CHECK_THROWS_WITH(parse_atom("<feed>\n<title>x</feed>", c.sink()),
                      Catch::Contains("Start-end tags mismatch") && Catch::Contains("line 2"));
    CHECK(c.records.empty());
}

TEST_CASE("Atom: truncated file keeps the complete entries", "[parsers]") {
    Collected c;
    AtomFeedInfo info = parse_atom(fixture("atom_truncated.xml"), c.sink());
    REQUIRE(c.records.size() == 1);
    CHECK(c.records[0].id == "2403.04417");
    CHECK(c.records[0].authors == Strings{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    REQUIRE(c.skips.size() == 1);
    CHECK(c.skips[0].first == 41);  // line of the 2nd <entry>
    CHECK(contains(c.skips[0].second, "malformed <entry>"));
    CHECK(contains(c.skips[0].second, "Start-end tags mismatch"));
    CHECK(info.total_results == 184213);
    CHECK(info.items_per_page == 3);
    CHECK_FALSE(info.xml_error.empty());
}

TEST_CASE("Atom: prefixed elements, bad ids and a file cut between entries", "[parsers]") {
    const std::string feed =
        "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
        "<atom:entry><atom:id>http://arxiv.org/abs/2101.00001v1</atom:id>"
        "<atom:title>Error</atom:title><atom:published>2021-01-01T00:00:00Z</atom:published>"
        "<arxiv:primary_category xmlns:arxiv=\"http://arxiv.org/schemas/atom\" term=\"cs.ai\"/>"
        "</atom:entry>\n"
        "<atom:entry><atom:id>http://arxiv.org/abs/2403.0441v1</atom:id></atom:entry>\n"
        "<atom:entry><atom:title>no id</atom:title></atom:entry>\n"
        "</atom:feed>\n";
    Collected c;
    parse_atom(feed, c.sink());
    // A paper titled "Error" with a real id is not an error feed.
    REQUIRE(c.records.size() == 1);
    CHECK(c.records[0].id == "2101.00001");
    CHECK(c.records[0].title == "Error");
    CHECK(c.records[0].categories == Strings{"cs.AI"});
    REQUIRE(c.skips.size() == 2);
    CHECK(c.skips[0] == std::make_pair(size_t{3}, std::string("invalid arXiv id 'http://arxiv.org/abs/2403.0441v1'")));
    CHECK(c.skips[1] == std::make_pair(size_t{4}, std::string("record has no arXiv id")));

    // Cut right after a complete entry: the entry is kept and the damage reported.
    std::string full = fixture("atom_feed.xml");
    std::string cut = full.substr(0, full.find("<entry>", full.find("<entry>") + 1));
    Collected d;
    parse_atom(cut, d.sink());
    CHECK(d.records.size() == 1);
    REQUIRE(d.skips.size() == 1);
    CHECK(contains(d.skips[0].second, "outside the entries"));
}

// ---- OAI-PMH --------------------------------------------------------------

TEST_CASE("OAI arXiv format: records, authors and a legacy token", "[parsers]") {
    Collected c;
    OaiPageInfo info = parse_oai(fixture("oai_arxiv.xml"), c.sink());
    CHECK(c.skips.empty());
    CHECK(info.response_date == "2024-03-16T02:11:45Z");
    CHECK(info.error_code.empty());
    CHECK(info.has_token);
    CHECK(info.resumption_token == "7312455|1001");
    CHECK(info.cursor == 0);
    CHECK(info.complete_list_size == 3517);
    CHECK(info.token_expiration.empty());
    CHECK(info.max_datestamp == "2024-03-14");
    CHECK(info.records == 3);
    CHECK(info.xml_error.empty());
    REQUIRE(c.records.size() == 3);

    const Record& a = c.records[0];
    CHECK(a.id == "2403.04417");
    CHECK(a.version == 0);
    CHECK(a.source == "oai-arXiv");
    CHECK(a.title ==
          "Cache-Aligned Posting-List Compression for Sub-Millisecond Retrieval on Commodity Hardware");
    CHECK(a.authors == Strings{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    CHECK(a.affiliations == std::vector<Strings>{{"Universidade de Lisboa"}, {}});
    CHECK(a.categories == Strings{"cs.IR", "cs.DS"});
    CHECK(a.submitted == "2024-03-07");
    CHECK(a.updated == "2024-03-12");
    CHECK(a.comment == "12 pages, 5 figures; v2: corrected Table 3");
    CHECK(a.journal_ref == "Proc. Invented Retrieval Conf. (2024) 211-223");
    CHECK(a.doi == "10.9999/sigx.2024.0417");
    CHECK(a.license == "http://creativecommons.org/licenses/by/4.0/");
    CHECK(a.abstract ==
          "We revisit posting-list compression for inverted indexes and show that a hybrid codec "
          "reaches $\\mathcal{O}(\\log n)$ decode cost per block. Unlike Lef\\`evre's earlier "
          "scheme, ours keeps skip pointers aligned to cache lines, so conjunctive queries with "
          "$k < 8$ terms stay branch-free.");

    const Record& b = c.records[1];
    CHECK(b.id == "cs/0309012");
    CHECK(b.authors == Strings{"Pieter J. van der Berg Jr", "M. O'Neill"});
    CHECK(b.affiliations.empty());
    CHECK(b.categories == Strings{"cs.DM", "math.CO"});
    CHECK(b.submitted == "2003-09-08");
    CHECK(b.updated == "2003-09-08");  // no <updated>: v1 is the latest
    CHECK(b.comment == "18 pages; to appear in \"J. Invented Comb.\"");
    CHECK(b.doi == "10.9999/jic.2005.0101");

    const Record& d = c.records[2];
    CHECK(d.id == "hep-th/9901001");
    CHECK(d.authors == Strings{"Jörg Müller", "P. Erdős", "Eñe Schrödinger III"});
    CHECK(d.affiliations == std::vector<Strings>{{"Harvard University", "MIT"}, {}, {}});
    CHECK(d.title == "Anomalies and the $\\theta$-Vacuum in Two Dimensions");
    CHECK(d.categories == Strings{"hep-th", "math-ph", "math.MP"});
    CHECK(d.comment == "LaTeX, 12 pages");
    CHECK(d.report_no == "HUTP-99/A001");
    CHECK(d.license.empty());
    CHECK(d.abstract == "We compute the anomaly.\nA second paragraph with Poincar\\'{e} duality.");
    CHECK(d.submitted == "1999-01-04");
    CHECK(d.updated == "1999-03-10");
}

TEST_CASE("OAI arXivRaw: versions, RFC 2822 dates, raw author line", "[parsers]") {
    Collected c;
    OaiPageInfo info = parse_oai(fixture("oai_arxivraw.xml"), c.sink());
    CHECK(c.skips.empty());
    CHECK_FALSE(info.has_token);  // a complete list: no token at all
    CHECK(info.resumption_token.empty());
    CHECK(info.records == 2);
    CHECK(info.max_datestamp == "2025-05-30");
    REQUIRE(c.records.size() == 2);

    const Record& a = c.records[0];
    CHECK(a.id == "2403.04417");
    CHECK(a.source == "oai-arXivRaw");
    CHECK(a.version == 2);
    CHECK(a.submitted == "2024-03-07");
    CHECK(a.updated == "2024-03-12");
    CHECK(a.authors == Strings{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    CHECK(a.categories == Strings{"cs.IR", "cs.DS"});
    CHECK(a.abstract ==
          "We revisit posting-list compression for inverted indexes and show that a hybrid codec "
          "reaches $\\mathcal{O}(\\log n)$ decode cost per block.");

    const Record& b = c.records[1];
    CHECK(b.id == "hep-th/9901001");
    CHECK(b.version == 3);
    CHECK(b.submitted == "1999-01-04");  // zero-padded day
    CHECK(b.updated == "1999-03-10");
    CHECK(b.authors == Strings{"J. Müller", "P. Erdős", "Ø. Hansen"});
    CHECK(b.report_no == "HUTP-99/A001");
}

TEST_CASE("OAI oai_dc: creators, subjects, descriptions, dates", "[parsers]") {
    Collected c;
    OaiPageInfo info = parse_oai(fixture("oai_dc.xml"), c.sink());
    CHECK(c.skips.empty());
    CHECK(info.records == 2);
    REQUIRE(c.records.size() == 2);

    const Record& a = c.records[0];
    CHECK(a.id == "2403.04417");
    CHECK(a.version == 0);
    CHECK(a.source == "oai_dc");
    CHECK(a.title ==
          "Cache-Aligned Posting-List Compression for Sub-Millisecond Retrieval on Commodity Hardware");
    CHECK(a.authors == Strings{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    CHECK(a.categories == Strings{"cs.IR", "cs.DS"});
    CHECK(a.abstract ==
          "We revisit posting-list compression for inverted indexes and show that a hybrid codec "
          "reaches $\\mathcal{O}(\\log n)$ decode cost per block.");
    CHECK(a.comment == "12 pages, 5 figures; v2: corrected Table 3");
    CHECK(a.submitted == "2024-03-07");
    CHECK(a.updated == "2024-03-12");
    CHECK(a.doi == "10.9999/sigx.2024.0417");
    CHECK(a.journal_ref == "Proc. Invented Retrieval Conf. (2024) 211-223");

    const Record& b = c.records[1];
    CHECK(b.id == "cs/0309012");
    CHECK(b.authors == Strings{"Pieter J. van der Berg Jr", "M. O'Neill", "P. Erdős"});
    CHECK(b.categories == Strings{"cs.DM", "math.CO"});  // MSC codes dropped
    CHECK(b.submitted == "2003-09-08");
    CHECK(b.updated == "2003-09-08");
    CHECK(b.comment.empty());
    CHECK(b.doi.empty());
}

TEST_CASE("OAI oai_dc subject names map to categories (also in GetRecord)", "[parsers]") {
    const std::string page =
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
        "<GetRecord>\n"
        "<record><header><identifier>oai:arXiv.org:hep-th/9901001</identifier></header><metadata>"
        "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        "<dc:title>T</dc:title><dc:creator>Plato</dc:creator>"
        "<dc:subject>High Energy Physics - Theory</dc:subject>"
        "<dc:subject>Physics</dc:subject><dc:subject>Physics - Optics</dc:subject>"
        "<dc:subject>Quantum Physics</dc:subject><dc:subject>statistics - machine learning</dc:subject>"
        "<dc:subject>Mathematics - Nonexistent Theory</dc:subject><dc:subject>cs.lg</dc:subject>"
        "<dc:date>1999-03-10</dc:date><dc:date>1999-01-04</dc:date>"
        "<dc:identifier>https://doi.org/10.9999/X.1</dc:identifier>"
        "</oai_dc:dc></metadata></record>\n"
        "</GetRecord>\n"
        "</OAI-PMH>\n";
    Collected c;
    OaiPageInfo info = parse_oai(page, c.sink());
    CHECK(info.records == 1);
    CHECK_FALSE(info.has_token);
    REQUIRE(c.records.size() == 1);
    const Record& r = c.records[0];
    CHECK(r.id == "hep-th/9901001");  // no abs URL: the header identifier
    CHECK(r.source == "oai_dc");
    CHECK(r.authors == Strings{"Plato"});
    CHECK(r.categories == Strings{"hep-th", "physics.optics", "quant-ph", "stat.ML"});
    CHECK(r.submitted == "1999-01-04");
    CHECK(r.updated == "1999-03-10");
    CHECK(r.doi == "10.9999/X.1");
    CHECK(r.journal_ref.empty());
}

TEST_CASE("OAI oai_dc: every category of the taxonomy is kept", "[parsers][taxonomy]") {
    // A category the taxonomy knows but oai_dc's names did not would be
    // silently dropped from oai_dc harvests; both come from one table now.
    std::vector<std::string> all = active_categories();
    REQUIRE(all.size() > 150);
    std::string page = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>\n";
    for (size_t i = 0; i < all.size(); ++i) {
        // One record per category: by its oai_dc name, and one more by its id.
        for (const std::string& subject : {category_display_name(all[i]), all[i]}) {
            page += "<record><header><identifier>oai:arXiv.org:2501." + std::to_string(10000 + 2 * i + (subject == all[i])) +
                    "</identifier></header><metadata>"
                    "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
                    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                    "<dc:title>T</dc:title><dc:creator>Plato</dc:creator><dc:subject>" + subject +
                    "</dc:subject><dc:date>2025-01-02</dc:date></oai_dc:dc></metadata></record>\n";
        }
    }
    page += "</ListRecords></OAI-PMH>\n";
    Collected c;
    parse_oai(page, c.sink());
    CHECK(c.skips.empty());
    REQUIRE(c.records.size() == 2 * all.size());
    for (size_t i = 0; i < all.size(); ++i) {
        INFO(all[i] << " as \"" << category_display_name(all[i]) << "\"");
        CHECK(c.records[2 * i].categories == Strings{all[i]});
        CHECK(c.records[2 * i + 1].categories == Strings{all[i]});
    }
}

TEST_CASE("OAI deleted header and a 2025-style token", "[parsers]") {
    Collected c;
    OaiPageInfo info = parse_oai(fixture("oai_deleted.xml"), c.sink());
    CHECK(c.skips.empty());
    CHECK(info.response_date == "2025-06-02T14:03:27Z");
    CHECK(info.has_token);
    CHECK(info.resumption_token == "eyJmIjoiMjAyNS0wNi0wMSIsInN0YXJ0Ijo1MDAwfQ==");
    CHECK(info.token_expiration == "2025-06-03T00:00:00Z");
    CHECK(info.cursor == -1);
    CHECK(info.complete_list_size == -1);
    CHECK(info.records == 2);
    CHECK(info.max_datestamp == "2025-06-02");
    REQUIRE(c.records.size() == 2);

    const Record& del = c.records[0];
    CHECK(del.deleted);
    CHECK(del.id == "math/0406594");
    CHECK(del.source == "oai-arXiv");  // the page's format (request only echoes the token)
    CHECK(del.title.empty());
    CHECK(del.authors.empty());

    const Record& r = c.records[1];
    CHECK_FALSE(r.deleted);
    CHECK(r.id == "2505.01234");
    CHECK(r.authors == Strings{"Tolúlọpé Ògúnrèmí"});
    CHECK(r.title == "Speech Tokenizers for Yorùbá");
    CHECK(r.categories == Strings{"cs.CL", "eess.AS"});
    CHECK(r.submitted == "2025-05-02");
    CHECK(r.updated == "2025-05-02");
}

TEST_CASE("OAI last page, noRecordsMatch and error responses", "[parsers]") {
    {
        Collected c;
        OaiPageInfo info = parse_oai(fixture("oai_last_page.xml"), c.sink());
        CHECK(info.has_token);
        CHECK(info.resumption_token.empty());
        CHECK(info.records == 1);
        REQUIRE(c.records.size() == 1);
        CHECK(c.records[0].id == "2506.00007");
        CHECK(c.records[0].categories == Strings{"quant-ph"});
    }
    {
        Collected c;
        OaiPageInfo info;
        REQUIRE_NOTHROW(info = parse_oai(fixture("oai_norecords.xml"), c.sink()));
        CHECK(info.error_code == "noRecordsMatch");
        CHECK(contains(info.error_message, "results in an empty list"));
        CHECK(info.records == 0);
        CHECK_FALSE(info.has_token);
        CHECK(info.response_date == "2025-06-02T14:10:00Z");
        CHECK(c.records.empty());
        CHECK(c.skips.empty());
    }
    {
        Collected c;
        CHECK_THROWS_WITH(parse_oai(fixture("oai_badargument.xml"), c.sink()),
                          "OAI-PMH error badArgument: Illegal value for argument \"from\": 2024-13-45");
    }
    {
        Collected c;
        CHECK_THROWS_AS(parse_oai(fixture("atom_feed.xml"), c.sink()), SourceError);
        CHECK_THROWS_AS(parse_oai("<OAI-PMH><responseDate>2024", c.sink()), SourceError);
        CHECK_THROWS_AS(parse_oai("garbage", c.sink()), SourceError);
    }
}

TEST_CASE("OAI broken middle record is reported, the others kept", "[parsers]") {
    Collected c;
    OaiPageInfo info = parse_oai(fixture("oai_broken_record.xml"), c.sink());
    REQUIRE(c.records.size() == 2);
    CHECK(c.records[0].id == "2403.00001");
    CHECK(c.records[0].abstract == "One & only.");
    CHECK(c.records[1].id == "2403.00003");
    CHECK(c.records[1].categories == Strings{"cs.DB", "cs.IR"});
    CHECK(c.records[1].updated == "2024-03-06");
    REQUIRE(c.skips.size() == 1);
    CHECK(c.skips[0].first == 10);
    CHECK(contains(c.skips[0].second, "malformed <record>"));
    CHECK(contains(c.skips[0].second, "Start-end tags mismatch"));
    // Page information is still recovered.
    CHECK(info.response_date == "2024-03-16T02:11:45Z");
    CHECK(info.has_token);
    CHECK(info.resumption_token == "7312455|2001");
    CHECK(info.cursor == 1000);
    CHECK(info.complete_list_size == 2001);
    CHECK(info.records == 3);
    CHECK(info.max_datestamp == "2024-03-07");
    CHECK_FALSE(info.xml_error.empty());

    // Same line numbers with a BOM and with CRLF line ends.
    Collected bom;
    parse_oai("\xEF\xBB\xBF" + fixture("oai_broken_record.xml"), bom.sink());
    REQUIRE(bom.skips.size() == 1);
    CHECK(bom.skips[0].first == 10);
    CHECK(bom.records.size() == 2);
    Collected crlf;
    parse_oai(replace_all(fixture("oai_broken_record.xml"), "\n", "\r\n"), crlf.sink());
    REQUIRE(crlf.skips.size() == 1);
    CHECK(crlf.skips[0].first == 10);
    CHECK(crlf.records.size() == 2);
}

TEST_CASE("OAI identifiers of mirrors: the local part is the arXiv id", "[parsers][oai]") {
    Collected c;
    parse_oai(
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>\n"
        "<record><header status=\"deleted\"><identifier>oai:mirror.example.org:2403.00001</identifier>"
        "<datestamp>2025-03-01</datestamp></header></record>\n"
        "<record><header status=\"deleted\"><identifier>oai:arXiv.org:hep-th/9901001</identifier></header></record>\n"
        "<record><header><identifier>oai:mirror.example.org:2403.00002</identifier></header>"
        "<metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Mirrored</dc:title></oai_dc:dc></metadata></record>\n"
        "</ListRecords></OAI-PMH>",
        c.sink());
    INFO((c.skips.empty() ? "" : c.skips[0].second));
    REQUIRE(c.records.size() == 3);
    CHECK(c.records[0].id == "2403.00001");
    CHECK(c.records[0].deleted);
    CHECK(c.records[1].id == "hep-th/9901001");
    CHECK(c.records[2].id == "2403.00002");
    CHECK(c.records[2].title == "Mirrored");
}

TEST_CASE("OAI record-level problems are skipped with their line", "[parsers]") {
    const std::string page =
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
        "<ListRecords>\n"
        "<record><header><identifier>oai:arXiv.org:2403.00001</identifier>"
        "<datestamp>2024-03-01</datestamp></header></record>\n"
        "<record><header><identifier>oai:arXiv.org:2403.00002</identifier></header>"
        "<metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>2403.002</id></arXiv></metadata>"
        "</record>\n"
        "<record><header status=\"deleted\"><identifier>oai:arXiv.org:bogus</identifier></header></record>\n"
        "<record><header/><metadata><arXivOld xmlns=\"x\"/></metadata></record>\n"
        "<record><header/><metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><title>t</title></arXiv></metadata></record>\n"
        "</ListRecords>\n"
        "</OAI-PMH>\n";
    Collected c;
    OaiPageInfo info = parse_oai(page, c.sink());
    CHECK(c.records.empty());
    CHECK(info.records == 5);
    REQUIRE(c.skips.size() == 5);
    CHECK(c.skips[0] == std::make_pair(size_t{3}, std::string("record has no metadata")));
    CHECK(c.skips[1] == std::make_pair(size_t{4}, std::string("invalid arXiv id '2403.002'")));
    CHECK(c.skips[2] == std::make_pair(size_t{5}, std::string("invalid arXiv id in OAI identifier 'oai:arXiv.org:bogus'")));
    CHECK(c.skips[3].first == 6);
    CHECK(contains(c.skips[3].second, "arXivOld"));
    CHECK(c.skips[4] == std::make_pair(size_t{7}, std::string("record has no arXiv id")));
}

// ---- Kaggle ---------------------------------------------------------------

TEST_CASE("Kaggle JSON lines", "[parsers]") {
    Collected c;
    ParseSink sink = c.sink();
    each_line(fixture("kaggle.jsonl"),
              [&](std::string_view line, size_t n) { parse_kaggle_line(line, n, sink); });
    REQUIRE(c.records.size() == 3);

    const Record& a = c.records[0];
    CHECK(a.id == "2403.04417");
    CHECK(a.version == 2);
    CHECK(a.source == "kaggle");
    CHECK(a.title ==
          "Cache-Aligned Posting-List Compression for Sub-Millisecond Retrieval on Commodity Hardware");
    CHECK(a.abstract ==
          "We revisit posting-list compression for inverted indexes and show that a hybrid codec "
          "reaches $\\mathcal{O}(\\log n)$ decode cost per block.");
    CHECK(a.authors == Strings{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    CHECK(a.categories == Strings{"cs.IR", "cs.DS"});
    CHECK(a.submitted == "2024-03-07");
    CHECK(a.updated == "2024-03-12");
    CHECK(a.comment == "12 pages, 5 figures; v2: corrected Table 3");
    CHECK(a.journal_ref == "Proc. Invented Retrieval Conf. (2024) 211-223");
    CHECK(a.doi == "10.9999/sigx.2024.0417");
    CHECK(a.report_no.empty());
    CHECK(a.license == "http://creativecommons.org/licenses/by/4.0/");

    const Record& b = c.records[1];
    CHECK(b.id == "math/0406594");
    CHECK(b.version == 1);
    CHECK(b.authors == Strings{"Jörg Müller", "P. Erdős"});
    CHECK(b.affiliations == std::vector<Strings>{{"MPI Bonn"}, {}});  // a row's 4th element on
    CHECK(b.title == "On the Hilbert Scheme of Points on a Surface");
    CHECK(b.abstract == "We study the Hilbert scheme.\nA second paragraph.");
    CHECK(b.submitted == "2004-06-30");
    CHECK(b.updated == "2004-06-30");
    CHECK(b.comment.empty());
    CHECK(b.doi.empty());
    CHECK(b.license.empty());
    CHECK(b.report_no == "MPI-2004-17");

    const Record& d = c.records[2];
    CHECK(d.id == "0704.0001");
    CHECK(d.version == 2);
    // authors_parsed null: the raw line, TeX accents resolved
    CHECK(d.authors == Strings{"C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"});
    CHECK(d.doi == "10.1103/PhysRevD.76.013009 10.9999/second.doi");
    CHECK(d.categories == Strings{"hep-ph"});
    CHECK(d.submitted == "2007-04-02");
    CHECK(d.updated == "2007-07-24");
    CHECK(d.journal_ref == "Phys.Rev.D76:013009,2007");

    REQUIRE(c.skips.size() == 2);
    CHECK(c.skips[0].first == 5);
    CHECK(contains(c.skips[0].second, "invalid JSON: "));
    CHECK(c.skips[1] == std::make_pair(size_t{6}, std::string("record has no arXiv id")));
}

TEST_CASE("Kaggle lines: odd shapes never throw", "[parsers]") {
    Collected c;
    ParseSink sink = c.sink();
    parse_kaggle_line("", 1, sink);
    parse_kaggle_line("   \t\r", 2, sink);
    CHECK(c.skips.empty());
    parse_kaggle_line("[1, 2]", 3, sink);
    parse_kaggle_line("{\"id\": \"2403.04417\", \"title\": null, \"abstract\": \"  \"}", 4, sink);
    parse_kaggle_line("{\"id\": \"2403.0441\", \"title\": \"x\"}", 5, sink);
    parse_kaggle_line("{\"id\": null, \"title\": \"x\"}", 6, sink);
    REQUIRE(c.skips.size() == 4);
    CHECK(c.skips[0].first == 3);
    CHECK(contains(c.skips[0].second, "not a JSON object"));
    CHECK(c.skips[1].first == 4);
    CHECK(contains(c.skips[1].second, "no title or abstract"));
    CHECK(c.skips[2] == std::make_pair(size_t{5}, std::string("invalid arXiv id '2403.0441'")));
    CHECK(c.skips[3] == std::make_pair(size_t{6}, std::string("record has no arXiv id")));
    CHECK(c.records.empty());

    // Wrong types, missing optional keys, invalid UTF-8, a BOM: still a record.
    parse_kaggle_line(
        "\xEF\xBB\xBF{\"id\": \"2101.00001\", \"title\": \"Bad \xFF byte\", \"authors\": \"A. B and C. D\","
        " \"authors_parsed\": [[], [\"Solo\"]], \"categories\": \"cs.LG 68T05 I.2.6 CS stat.ml na cs.LG\","
        " \"versions\": [\"v1\", {\"version\": \"v4\", \"created\": null}], \"doi\": 7}",
        7, sink);
    REQUIRE(c.records.size() == 1);
    const Record& r = c.records[0];
    CHECK(r.id == "2101.00001");
    CHECK(r.title == "Bad \xEF\xBF\xBD byte");
    CHECK(r.authors == Strings{"Solo"});
    // "CS" (an upper-cased archive) is a keyword; "stat.ml" is re-cased; "na"
    // is kept as a plausible unknown category; duplicates dropped.
    CHECK(r.categories == Strings{"cs.LG", "stat.ML", "na"});
    CHECK(r.version == 4);
    CHECK(r.submitted.empty());
    CHECK(r.updated.empty());
    CHECK(c.skips.size() == 4);
}

// ---- daily-arxiv ----------------------------------------------------------

TEST_CASE("daily-arxiv JSON lines (real lines)", "[parsers]") {
    Collected c;
    ParseSink sink = c.sink();
    each_line(fixture("daily.jsonl"), [&](std::string_view line, size_t n) {
        parse_daily_line(line, n, "2025-03-18", sink);
    });
    REQUIRE(c.records.size() == 5);
    REQUIRE(c.skips.size() == 1);
    CHECK(c.skips[0].first == 5);
    CHECK(contains(c.skips[0].second, "invalid JSON: "));

    const Record& a = c.records[0];
    CHECK(a.id == "2503.13354");
    CHECK(a.version == 0);
    CHECK(a.source == "daily-arxiv");
    CHECK(a.title == "Parameter-free structure-texture image decomposition by unrolling");
    CHECK(a.authors ==
          Strings{"Laura Girometti", "Jean-François Aujol", "Antoine Guennec", "Yann Traonmilin"});
    CHECK(a.categories == Strings{"cs.CV", "cs.NA", "eess.IV", "math.NA"});  // "68U10, 90C26" dropped
    CHECK(a.comment ==
          "To be published in Conference Proceedings: Scale Space and Variational Method in "
          "Computer Vision, 2025");
    CHECK(a.submitted == "2025-03");
    CHECK(a.announced == "2025-03-18");
    CHECK(a.updated.empty());
    CHECK(a.effective_updated() == "2025-03-18");
    CHECK(a.abstract.find('\n') == std::string::npos);
    CHECK(a.abstract.rfind("In this work, we propose a parameter-free and efficient method to tackle "
                           "the structure-texture image decomposition problem.", 0) == 0);

    const Record& b = c.records[1];
    CHECK(b.id == "2507.05267");
    CHECK(b.title == "Strongly Solving $7 \\times 6$ Connect-Four on Consumer Grade Hardware");
    CHECK(b.authors == Strings{"Markus Böck"});
    CHECK(b.categories == Strings{"cs.AI"});
    CHECK(b.comment.empty());  // null
    CHECK(b.submitted == "2025-07");

    const Record& d = c.records[2];
    CHECK(d.id == "2510.02569");
    CHECK(d.authors.size() == 4);
    CHECK(d.authors[0] == "Tolúlọpé Ògúnrèmí");  // "Tolúl\d{o}pé" resolved
    CHECK(d.authors[1] == "Christopher D. Manning");
    CHECK(d.comment == "ASRU 2025");

    const Record& e = c.records[3];
    CHECK(e.id == "2505.18778");
    CHECK(e.categories == Strings{"cs.CL"});  // "F.2.2, I.2.7" dropped
    CHECK(e.authors[2] == "Hans Hüttel");

    const Record& f = c.records[4];
    CHECK(f.id == "2503.11742");
    CHECK(f.authors[0] == "Moreno D'Incà");
    CHECK(f.categories == Strings{"cs.CV", "cs.AI"});
    CHECK(f.comment == "Work in progress");
}

TEST_CASE("daily-arxiv lines: empty file date, missing fields", "[parsers]") {
    Collected c;
    ParseSink sink = c.sink();
    parse_daily_line("{\"id\": \"hep-th/9901001v2\", \"title\": \"T\", \"summary\": null,"
                     " \"authors\": [\" Erd\\\\H{o}s,  P. \", null], \"categories\": [\"hep-th\", \"hep-th\"]}",
                     1, "", sink);
    parse_daily_line("{\"title\": \"no id\"}", 2, "", sink);
    parse_daily_line("{\"id\": \"2503.11731\", \"pdf\": \"x\"}", 3, "", sink);
    parse_daily_line("\"just a string\"", 4, "", sink);
    REQUIRE(c.records.size() == 1);
    const Record& r = c.records[0];
    CHECK(r.id == "hep-th/9901001");
    CHECK(r.version == 2);
    CHECK(r.submitted == "1999-01");
    CHECK(r.announced.empty());
    CHECK(r.authors == Strings{"Erdős, P."});
    CHECK(r.categories == Strings{"hep-th"});
    REQUIRE(c.skips.size() == 3);
    CHECK(c.skips[0] == std::make_pair(size_t{2}, std::string("record has no arXiv id")));
    CHECK(c.skips[1].first == 3);
    CHECK(contains(c.skips[1].second, "no title or summary"));
    CHECK(c.skips[2].first == 4);
    CHECK(contains(c.skips[2].second, "not a JSON object"));
}
