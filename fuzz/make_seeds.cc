// fuzz_make_seeds DIR: writes the seeds that are too large to keep in git
// into DIR/<harness>/: real records of data/ in every input format, and
// structure-aware inputs that a byte-level mutator takes very long to
// build: deep nesting (XML elements inside a field, parentheses and NOT in
// queries, JSON arrays, template sections), very long values (DOI, report
// number, category, words), huge numbers in dates, and many records. Each
// file stays within libFuzzer's length budget (-max_len=1048576), so the
// fuzzers can mutate them.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/input/input.h"
#include "indexer/parsers/parsers.h"

namespace fs = std::filesystem;
using arxiv::Record;

namespace {

constexpr size_t kMaxLen = 1048576;

fs::path g_out;
int g_written = 0;

void write(const std::string& harness, const std::string& name, const std::string& content) {
    if (content.size() > kMaxLen) {
        std::cerr << "fuzz_make_seeds: " << harness << "/" << name << " is " << content.size()
                  << " bytes, more than the " << kMaxLen << "-byte budget\n";
        std::exit(1);
    }
    fs::create_directories(g_out / harness);
    std::ofstream out(g_out / harness / name, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) {
        std::cerr << "fuzz_make_seeds: cannot write " << (g_out / harness / name) << "\n";
        std::exit(1);
    }
    ++g_written;
}

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

// As many copies of `unit` as fit between `head` and `tail` within `budget`.
std::string fill(const std::string& head, const std::string& unit, const std::string& tail,
                 size_t budget = kMaxLen) {
    size_t n = (budget - head.size() - tail.size()) / unit.size();
    return head + repeat(unit, n) + tail;
}

// `open` n times, `middle`, `close` n times, n as large as fits.
std::string nest(const std::string& open, const std::string& middle, const std::string& close,
                 const std::string& head = "", const std::string& tail = "", size_t budget = kMaxLen) {
    size_t n = (budget - head.size() - tail.size() - middle.size()) / (open.size() + close.size());
    return head + repeat(open, n) + middle + repeat(close, n) + tail;
}

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// ---- Real records -----------------------------------------------------------

struct RealData {
    std::vector<std::string> lines;  // daily-arxiv JSON lines as written
    std::vector<Record> records;     // the same, parsed
};

RealData read_real(size_t max_records) {
    RealData data;
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(std::string(ARXIV_DATA_DIR) + "/daily-arxiv"))
        if (e.path().extension() == ".gz") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
        arxiv::InputFile in(f);
        arxiv::ParseSink sink;
        sink.record = [&](Record&& r, auto&&...) { data.records.push_back(std::move(r)); };
        sink.skip = [](size_t, const std::string&) {};
        std::string line;
        size_t n = 0;
        while (data.records.size() < max_records && in.read_line(line)) {
            size_t before = data.records.size();
            arxiv::parse_daily_line(line, ++n, arxiv::date_from_file_name(f), sink);
            if (data.records.size() > before) data.lines.push_back(line);
        }
        if (data.records.size() >= max_records) break;
    }
    return data;
}

// ---- Formats ------------------------------------------------------------------

const char* kAtomHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" "
    "xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n"
    "<title type=\"html\">ArXiv Query: search_query=all:fuzz</title>\n"
    "<opensearch:totalResults>1000</opensearch:totalResults>\n"
    "<opensearch:startIndex>0</opensearch:startIndex>\n"
    "<opensearch:itemsPerPage>100</opensearch:itemsPerPage>\n";
const char* kAtomTail = "</feed>\n";

// `title`, `extra` are raw XML (already escaped or deliberately not).
std::string atom_entry(const Record& r, const std::string& title, const std::string& extra = "") {
    std::string e = "<entry>\n<id>http://arxiv.org/abs/" + r.id + "v2</id>\n";
    e += "<updated>2026-06-12T10:00:00Z</updated>\n<published>2026-06-10T09:00:00Z</published>\n";
    e += "<title>" + title + "</title>\n<summary>" + xml_escape(r.abstract) + "</summary>\n";
    for (const std::string& a : r.authors) e += "<author><name>" + xml_escape(a) + "</name></author>\n";
    if (!r.comment.empty()) e += "<arxiv:comment>" + xml_escape(r.comment) + "</arxiv:comment>\n";
    if (!r.categories.empty())
        e += "<arxiv:primary_category term=\"" + xml_escape(r.categories[0]) + "\" scheme=\"http://arxiv.org/schemas/atom\"/>\n";
    for (const std::string& c : r.categories)
        e += "<category term=\"" + xml_escape(c) + "\" scheme=\"http://arxiv.org/schemas/atom\"/>\n";
    e += extra + "</entry>\n";
    return e;
}

std::string atom_entry(const Record& r) { return atom_entry(r, xml_escape(r.title)); }

const char* kOaiHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
    "<responseDate>2026-06-16T02:00:00Z</responseDate>\n"
    "<request verb=\"ListRecords\" metadataPrefix=\"arXiv\" set=\"cs\">https://oaipmh.arxiv.org/oai</request>\n"
    "<ListRecords>\n";
const char* kOaiTail =
    "<resumptionToken cursor=\"0\" completeListSize=\"5000\">token|1001</resumptionToken>\n"
    "</ListRecords>\n</OAI-PMH>\n";

std::string oai_record(const Record& r, const std::string& title, const std::string& extra = "") {
    std::string e = "<record>\n<header>\n<identifier>oai:arXiv.org:" + r.id +
                    "</identifier>\n<datestamp>2026-06-12</datestamp>\n<setSpec>cs</setSpec>\n</header>\n"
                    "<metadata>\n<arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\">\n<id>" +
                    r.id + "</id><created>2026-06-10</created><updated>2026-06-12</updated><authors>";
    for (const std::string& a : r.authors) {
        size_t space = a.rfind(' ');
        std::string key = space == std::string::npos ? a : a.substr(space + 1);
        std::string fore = space == std::string::npos ? "" : a.substr(0, space);
        e += "<author><keyname>" + xml_escape(key) + "</keyname><forenames>" + xml_escape(fore) +
             "</forenames></author>";
    }
    std::string cats;
    for (const std::string& c : r.categories) cats += (cats.empty() ? "" : " ") + c;
    e += "</authors><title>" + title + "</title><categories>" + xml_escape(cats) + "</categories>";
    if (!r.comment.empty()) e += "<comments>" + xml_escape(r.comment) + "</comments>";
    e += extra + "<abstract>" + xml_escape(r.abstract) + "</abstract></arXiv>\n</metadata>\n</record>\n";
    return e;
}

std::string oai_record(const Record& r) { return oai_record(r, xml_escape(r.title)); }

std::string oai_raw_record(const Record& r, size_t versions) {
    std::string e = "<record>\n<header>\n<identifier>oai:arXiv.org:" + r.id +
                    "</identifier>\n<datestamp>2026-06-12</datestamp>\n</header>\n<metadata>\n"
                    "<arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\">\n<id>" + r.id + "</id>";
    for (size_t v = 1; v <= versions; ++v)
        e += "<version version=\"v" + std::to_string(v) + "\"><date>Thu, 7 Mar 2024 18:02:55 GMT</date></version>";
    std::string authors;
    for (const std::string& a : r.authors) authors += (authors.empty() ? "" : ", ") + a;
    e += "<title>" + xml_escape(r.title) + "</title><authors>" + xml_escape(authors) +
         "</authors><categories>cs.CL cs.LG</categories><abstract>" + xml_escape(r.abstract) +
         "</abstract>\n</arXivRaw>\n</metadata>\n</record>\n";
    return e;
}

nlohmann::json kaggle_object(const Record& r) {
    std::string authors, cats;
    nlohmann::json parsed = nlohmann::json::array();
    for (const std::string& a : r.authors) {
        authors += (authors.empty() ? "" : ", ") + a;
        size_t space = a.rfind(' ');
        parsed.push_back({space == std::string::npos ? a : a.substr(space + 1),
                          space == std::string::npos ? "" : a.substr(0, space), ""});
    }
    for (const std::string& c : r.categories) cats += (cats.empty() ? "" : " ") + c;
    return {{"id", r.id},
            {"submitter", r.authors.empty() ? "" : r.authors[0]},
            {"authors", authors},
            {"title", r.title},
            {"comments", r.comment.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.comment)},
            {"journal-ref", nullptr},
            {"doi", nullptr},
            {"report-no", nullptr},
            {"categories", cats},
            {"license", "http://creativecommons.org/licenses/by/4.0/"},
            {"abstract", r.abstract},
            {"versions", {{{"version", "v1"}, {"created", "Thu, 7 Mar 2024 18:02:55 GMT"}}}},
            {"update_date", "2024-03-13"},
            {"authors_parsed", parsed}};
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// real-<what>.xml: 20 real records in a document; many-real-<what>.xml: as
// many as fit in the length budget.
void write_real(const std::string& harness, const std::string& what, const RealData& real,
                const std::string& head, const std::string& tail,
                const std::function<std::string(const Record&)>& format) {
    std::string some, many;
    for (size_t i = 0; i < 20 && i < real.records.size(); ++i) some += format(real.records[i]);
    for (size_t i = 0; many.size() + 4096 < kMaxLen - 1024; ++i) many += format(real.records[i % real.records.size()]);
    write(harness, "real-" + what + ".xml", head + some + tail);
    write(harness, "many-real-" + what + ".xml", head + many + tail);
}

// ---- Per harness ----------------------------------------------------------------

void atom_seeds(const RealData& real) {
    const Record& r = real.records.front();
    write_real("fuzz_atom", "entries", real, kAtomHead, kAtomTail, [](const Record& x) { return atom_entry(x); });

    // Deep XML inside a field: the title's text is collected recursively.
    std::string before = std::string(kAtomHead) + "<entry>\n<id>http://arxiv.org/abs/" + r.id + "v1</id>\n<title>";
    std::string after = "</title>\n<summary>s</summary>\n</entry>\n" + std::string(kAtomTail);
    write("fuzz_atom", "deep-nested-title.xml", nest("<b>", "deep", "</b>", before, after));
    write("fuzz_atom", "deep-nested-title-20000.xml", before + repeat("<i>", 20000) + "x" + repeat("</i>", 20000) + after);
    write("fuzz_atom", "deep-unclosed-elements.xml", fill(before, "<b>", after));

    auto long_value = [&](size_t n) { return repeat("x", n); };
    const std::string doi246 = "10.1000/" + long_value(238);
    write("fuzz_atom", "long-doi-246.xml",
          kAtomHead + atom_entry(r, "t", "<arxiv:doi>" + doi246 + "</arxiv:doi>\n") + kAtomTail);
    write("fuzz_atom", "long-doi-1mb.xml",
          fill(std::string(kAtomHead) + "<entry><id>http://arxiv.org/abs/" + r.id +
                   "v1</id><title>t</title><arxiv:doi>10.1000/",
               "y", "</arxiv:doi></entry>\n" + std::string(kAtomTail)));
    write("fuzz_atom", "long-category-300.xml",
          kAtomHead + atom_entry(r, "t", "<category term=\"" + repeat("a", 300) + "\"/>\n") + kAtomTail);
    write("fuzz_atom", "long-journal-ref.xml",
          fill(std::string(kAtomHead) + "<entry><id>http://arxiv.org/abs/" + r.id +
                   "v1</id><title>t</title><arxiv:journal_ref>",
               "Phys. Rev. D 12 ", "</arxiv:journal_ref></entry>\n" + std::string(kAtomTail)));
    write("fuzz_atom", "many-authors.xml",
          fill(std::string(kAtomHead) + "<entry><id>http://arxiv.org/abs/" + r.id + "v1</id><title>t</title>",
               "<author><name>Ada B. Lovelace</name></author>", "</entry>\n" + std::string(kAtomTail)));
    write("fuzz_atom", "many-categories.xml",
          fill(std::string(kAtomHead) + "<entry><id>http://arxiv.org/abs/" + r.id + "v1</id><title>t</title>",
               "<category term=\"cs.LG\"/><category term=\"hep-th\"/>", "</entry>\n" + std::string(kAtomTail)));
    write("fuzz_atom", "long-word-title.xml",
          fill(std::string(kAtomHead) + "<entry><id>http://arxiv.org/abs/" + r.id + "v1</id><title>", "w",
               "</title></entry>\n" + std::string(kAtomTail)));
    // Broken XML: the parser recovers entry by entry.
    write("fuzz_atom", "many-broken-entries.xml",
          fill(kAtomHead, "<entry><id>http://arxiv.org/abs/2501.00001v1</id><title>a & b</title>\n", kAtomTail));
    write("fuzz_atom", "many-unclosed-entries.xml",
          fill(kAtomHead, "<entry><id>http://arxiv.org/abs/2501.00001v1</id><title>t</title>\n", ""));
}

void oai_seeds(const RealData& real) {
    const Record& r = real.records.front();
    write_real("fuzz_oai", "records", real, kOaiHead, kOaiTail, [](const Record& x) { return oai_record(x); });

    std::string raw;
    for (size_t i = 0; i < 10 && i < real.records.size(); ++i) raw += oai_raw_record(real.records[i], 1 + i % 3);
    std::string raw_head = kOaiHead;
    raw_head.replace(raw_head.find("metadataPrefix=\"arXiv\""), 22, "metadataPrefix=\"arXivRaw\"");
    write("fuzz_oai", "real-records-arxivraw.xml", raw_head + raw + kOaiTail);
    write("fuzz_oai", "many-versions-arxivraw.xml",
          raw_head + oai_raw_record(r, 9000) + kOaiTail);

    const std::string head = std::string(kOaiHead) + "<record><header><identifier>oai:arXiv.org:" + r.id +
                             "</identifier><datestamp>2026-06-12</datestamp></header><metadata>"
                             "<arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>" + r.id + "</id>";
    const std::string tail = "</arXiv></metadata></record>\n" + std::string(kOaiTail);
    write("fuzz_oai", "deep-nested-abstract.xml", nest("<p>", "deep", "</p>", head + "<abstract>", "</abstract>" + tail));
    write("fuzz_oai", "deep-nested-title-20000.xml",
          head + "<title>" + repeat("<i>", 20000) + "x" + repeat("</i>", 20000) + "</title>" + tail);
    write("fuzz_oai", "deep-nested-authors.xml",
          nest("<author>", "<keyname>K</keyname>", "</author>", head + "<authors>", "</authors>" + tail));
    write("fuzz_oai", "long-doi-246.xml", head + "<title>t</title><doi>10.1000/" + repeat("d", 238) + "</doi>" + tail);
    write("fuzz_oai", "long-report-no-300.xml", head + "<title>t</title><report-no>" + repeat("R", 300) + "</report-no>" + tail);
    write("fuzz_oai", "long-report-no-1mb.xml", fill(head + "<title>t</title><report-no>", "R-", "</report-no>" + tail));
    write("fuzz_oai", "long-category-300.xml", head + "<title>t</title><categories>" + repeat("a", 300) + "</categories>" + tail);
    write("fuzz_oai", "many-categories.xml", fill(head + "<title>t</title><categories>", "cs.LG hep-th ", "</categories>" + tail));
    write("fuzz_oai", "long-token.xml",
          fill(std::string(kOaiHead) + "<resumptionToken cursor=\"0\" completeListSize=\"5000\">", "t",
               "</resumptionToken></ListRecords></OAI-PMH>\n"));
    write("fuzz_oai", "many-deleted.xml",
          fill(kOaiHead, "<record><header status=\"deleted\"><identifier>oai:arXiv.org:2501.00001</identifier>"
                         "<datestamp>2026-06-12</datestamp></header></record>\n", kOaiTail));
    write("fuzz_oai", "many-broken-records.xml",
          fill(kOaiHead, "<record><header><identifier>oai:arXiv.org:2501.00001</identifier></header>"
                         "<metadata><arXiv><id>2501.00001</id><title>a & b</title></arXiv></metadata></record>\n",
               kOaiTail));
}

void jsonl_seeds(const RealData& real) {
    std::string daily, kaggle;
    for (size_t i = 0; i < 50 && i < real.lines.size(); ++i) {
        daily += real.lines[i] + "\n";
        kaggle += dump(kaggle_object(real.records[i])) + "\n";
    }
    write("fuzz_jsonl", "real-daily.jsonl", daily);
    write("fuzz_jsonl", "real-as-kaggle.jsonl", kaggle);
    std::string many;
    for (size_t i = 0; many.size() + 8192 < kMaxLen; ++i) many += real.lines[i % real.lines.size()] + "\n";
    write("fuzz_jsonl", "many-real-daily.jsonl", many);

    const Record& r = real.records.front();
    auto kaggle_with = [&](const std::string& key, const nlohmann::json& value) {
        nlohmann::json j = kaggle_object(r);
        j[key] = value;
        return dump(j) + "\n";
    };
    write("fuzz_jsonl", "kaggle-long-doi-246.jsonl", kaggle_with("doi", "10.1000/" + repeat("d", 238)));
    write("fuzz_jsonl", "kaggle-long-doi-1mb.jsonl", kaggle_with("doi", "10.1000/" + repeat("d", kMaxLen - 8192)));
    write("fuzz_jsonl", "kaggle-long-report-no-300.jsonl", kaggle_with("report-no", repeat("R", 300)));
    write("fuzz_jsonl", "kaggle-long-category-300.jsonl", kaggle_with("categories", "cs.LG " + repeat("a", 300)));
    write("fuzz_jsonl", "kaggle-many-versions.jsonl",
          fill("{\"id\":\"2501.00001\",\"title\":\"t\",\"abstract\":\"a\",\"versions\":[",
                   "{\"version\":\"v1\",\"created\":\"Thu, 7 Mar 2024 18:02:55 GMT\"},",
                   "{\"version\":\"v99999999999\",\"created\":\"x\"}]}\n"));
    write("fuzz_jsonl", "kaggle-many-authors-parsed.jsonl",
          fill("{\"id\":\"2501.00001\",\"title\":\"t\",\"abstract\":\"a\",\"authors_parsed\":[",
               "[\"Lovelace\",\"Ada\",\"\"],", "[\"Z\",\"Z\",\"\"]]}\n"));
    // Deep JSON: nlohmann parses it iteratively, but anything recursive over
    // the value (dump, copy, compare) is not.
    write("fuzz_jsonl", "kaggle-deep-authors-parsed.jsonl",
          nest("[", "\"x\"", "]", "{\"id\":\"2501.00001\",\"title\":\"t\",\"abstract\":\"a\",\"authors_parsed\":", "}\n"));
    write("fuzz_jsonl", "daily-deep-categories.jsonl",
          nest("[", "\"cs.LG\"", "]", "{\"id\":\"2501.00001\",\"summary\":\"s\",\"abs\":\"x\",\"categories\":", "}\n"));
    write("fuzz_jsonl", "daily-deep-object.jsonl",
          nest("{\"a\":", "1", "}", "{\"id\":\"2501.00001\",\"summary\":\"s\",\"abs\":\"x\",\"title\":", "}\n"));
    write("fuzz_jsonl", "daily-long-title.jsonl",
          fill("{\"id\":\"2501.00001\",\"abs\":\"x\",\"summary\":\"s\",\"title\":\"", "word ", "\"}\n"));
    write("fuzz_jsonl", "daily-long-category-300.jsonl",
          "{\"id\":\"2501.00001\",\"abs\":\"x\",\"summary\":\"s\",\"categories\":[\"" + repeat("a", 300) + "\"]}\n");
    write("fuzz_jsonl", "many-empty-objects.jsonl", fill("", "{}\n", ""));
}

void query_seeds() {
    write("fuzz_query", "deep-parens-20000.txt", repeat("(", 20000) + "a" + repeat(")", 20000));
    write("fuzz_query", "deep-parens.txt", nest("(", "a", ")"));
    write("fuzz_query", "deep-not-20000.txt", repeat("NOT ", 20000) + "a");
    write("fuzz_query", "deep-not.txt", fill("", "NOT ", "a"));
    write("fuzz_query", "deep-minus.txt", nest("-(", "a", ")"));
    write("fuzz_query", "deep-field-groups.txt", nest("ti:(", "a", ")"));
    write("fuzz_query", "deep-mixed-20000.txt", repeat("(a OR NOT ", 20000) + "b" + repeat(")", 20000));
    write("fuzz_query", "long-word.txt", fill("", "w", ""));
    write("fuzz_query", "many-words.txt", repeat("kv cache ", 5000) + "x");
    // Many terms: the search takes time and memory in proportion to them
    // (OR and ANDNOT chains more than that, see fuzz/hangs/), so these stay
    // at sizes it handles in about a second.
    write("fuzz_query", "many-or.txt", "a" + repeat(" OR a", 3000));
    write("fuzz_query", "many-phrases.txt", repeat("\"kv cache\" ", 2000));
    write("fuzz_query", "many-wildcards.txt", repeat("ca* ", 1000));
    write("fuzz_query", "long-doi.txt", "doi:10.1000/" + repeat("d", 1000));
    write("fuzz_query", "long-doi-1mb.txt", fill("doi:10.1000/", "d", ""));
    write("fuzz_query", "long-report-no.txt", "rn:" + repeat("R", 1000));
    write("fuzz_query", "long-category.txt", "cat:" + repeat("a", 1000));
    write("fuzz_query", "long-id.txt", "id:" + repeat("1", 1000));
    write("fuzz_query", "long-author-phrase.txt", "au:\"" + repeat("Ada ", 10000) + "\"");
    write("fuzz_query", "date-huge-days.txt", "date:99999999999d");
    write("fuzz_query", "date-huge-digits.txt", fill("date:", "9", "d"));
}

void arxiv_query_seeds() {
    write("fuzz_arxiv_query", "deep-parens-20000.txt", repeat("(", 20000) + "a" + repeat(")", 20000));
    write("fuzz_arxiv_query", "deep-parens.txt", nest("(", "ti:a", ")"));
    write("fuzz_arxiv_query", "deep-prefix-groups.txt", nest("ti:(", "a", ")"));
    write("fuzz_arxiv_query", "long-andnot-chain.txt", "a" + repeat(" ANDNOT b", 500));
    write("fuzz_arxiv_query", "many-plus-terms.txt", repeat("kv+cache+", 1500) + "x");
    write("fuzz_arxiv_query", "long-word.txt", fill("all:", "w", ""));
    write("fuzz_arxiv_query", "long-author-underscores.txt", "au:" + repeat("del_", 10000) + "maestro");
    write("fuzz_arxiv_query", "long-report-no.txt", "rn:" + repeat("R", 1000));
    write("fuzz_arxiv_query", "long-category.txt", "cat:" + repeat("a", 1000));
    write("fuzz_arxiv_query", "many-date-ranges.txt",
          fill("", "submittedDate:[202301010600 TO 202401010600] AND ", "ti:a"));
    write("fuzz_arxiv_query", "date-range-long-digits.txt",
          "submittedDate:[" + repeat("9", 100000) + " TO *]");
}

void date_seeds() {
    write("fuzz_date", "huge-days.txt", "99999999999d");
    write("fuzz_date", "huge-days-1mb.txt", fill("", "9", "d"));
    write("fuzz_date", "long-digits-1mb.txt", fill("", "1", ""));
    write("fuzz_date", "many-dashes.txt", fill("2025", "-01", ""));
    write("fuzz_date", "many-dots.txt", fill("2025", "..", "2026"));
    write("fuzz_date", "long-range.txt", fill("", "7", "d..today"));
}

void digest_config_seeds() {
    const std::string topic = "{\"name\": \"kv cache\", \"query\": \"\\\"kv cache\\\"\"}";
    write("fuzz_digest_config", "deep-limit.json",
          nest("[", "1", "]", "{\"title\": \"t\", \"topics\": [" + topic + "], \"limit\": ", "}"));
    write("fuzz_digest_config", "deep-title.json", nest("{\"a\":", "1", "}", "{\"title\": ", ", \"topics\": []}"));
    write("fuzz_digest_config", "deep-topic-object.json",
          nest("{\"x\":", "1", "}", "{\"title\": \"t\", \"topics\": [{\"name\": \"n\", \"query\": \"q\", \"limit\": ", "}]}"));
    std::string many = "{\"title\": \"t\", \"topics\": [";
    for (int i = 0; many.size() < kMaxLen - 200; ++i)
        many += "{\"name\": \"topic " + std::to_string(i) + "\", \"query\": \"cache\", \"categories\": [\"cs.LG\"]},";
    many += topic + "]}";
    write("fuzz_digest_config", "many-topics.json", many);
    write("fuzz_digest_config", "many-excluded-authors.json",
          fill("{\"title\": \"t\", \"topics\": [" + topic + "], \"exclude\": {\"authors\": [", "\"Jane Roe\",",
               "\"John Doe\"]}}"));
    write("fuzz_digest_config", "deep-query.json",
          "{\"title\": \"t\", \"topics\": [{\"name\": \"n\", \"query\": \"" + repeat("(", 20000) + "a" +
              repeat(")", 20000) + "\"}]}");
    write("fuzz_digest_config", "long-key.json", fill("{\"", "k", "\": 1}"));
}

void digest_template_seeds() {
    write("fuzz_digest_template", "deep-inverted-sections.tmpl", nest("{{^title}}", "x", "{{/title}}"));
    write("fuzz_digest_template", "deep-sections-20000.tmpl", repeat("{{#topics}}", 20000) + "{{name}}" + repeat("{{/topics}}", 20000));
    write("fuzz_digest_template", "deep-lists.tmpl",
          "{{#topics}}" + nest("{{#papers}}", "{{title}}", "{{/papers}}", "", "", kMaxLen - 100) + "{{/topics}}");
    write("fuzz_digest_template", "many-tags.tmpl", fill("{{#topics}}{{#papers}}", "{{title}} {{join authors \", \"}}\n", "{{/papers}}{{/topics}}"));
    write("fuzz_digest_template", "many-lines.tmpl", fill("", "{{! c }}\n", ""));
    write("fuzz_digest_template", "long-date-format.tmpl",
          "{{#topics}}{{#papers}}{{date published \"" + repeat("%Y", 20000) + "\"}}{{/papers}}{{/topics}}");
    write("fuzz_digest_template", "long-field-path.tmpl", fill("{{title", ".a", "}}"));
}

void server_seeds() {
    // The real server refuses request lines over 8 KiB and bodies over
    // 64 KiB, so the harness ignores longer inputs; these stay below.
    const size_t budget = 64 * 1024;
    write("fuzz_server", "api-deep-parens.txt",
          "/api/query?search_query=" + repeat("%28", 6000) + "a" + repeat("%29", 6000));
    write("fuzz_server", "search-deep-not.txt", fill("/search?q=", "NOT+", "a", budget));
    write("fuzz_server", "api-many-ids.txt", fill("/api/query?id_list=2403.04417", ",2501.00001", "", budget));
    write("fuzz_server", "api-long-query.txt", fill("/api/query?search_query=", "ti%3Akv+", "cache", budget));
    write("fuzz_server", "search-many-params.txt", fill("/search?q=a", "&limit=1", "", budget));
    write("fuzz_server", "api-huge-numbers.txt",
          "/api/query?search_query=all:cache&start=" + repeat("9", 5000) + "&max_results=" + repeat("9", 5000));
    write("fuzz_server", "search-date-huge.txt", "/search?q=date:99999999999d");
}

// Byte streams of one connection for fuzz_http: at and past every limit.
void http_seeds() {
    const std::string host = "Host: 127.0.0.1\r\n";
    auto get = [&](const std::string& target) { return "GET " + target + " HTTP/1.1\r\n" + host + "\r\n"; };
    auto form = [](size_t size) { return "search_query=ti:a&pad=" + std::string(size - 22, 'x'); };
    std::string pipeline;
    for (int i = 0; i < 200; ++i) pipeline += get("/search?q=id:2501.0000" + std::to_string(i % 10));
    write("fuzz_http", "pipeline-200.txt", pipeline);
    write("fuzz_http", "api-get-64k.txt", get("/api/query?id_list=" + std::string(65536 - 34, '1')));
    write("fuzz_http", "api-get-64k-plus-one.txt", get("/api/query?id_list=" + std::string(65536 - 33, '1')));
    write("fuzz_http", "search-get-8k.txt", get("/search?q=" + std::string(8192 - 28, 'a')));
    write("fuzz_http", "header-line-8k.txt",
          "GET /search?q=a HTTP/1.1\r\n" + host + "X-Pad: " + std::string(8192 - 9, 'p') + "\r\n\r\n");
    std::string many;
    for (int i = 0; i < 2000; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
    write("fuzz_http", "headers-many.txt", "GET /search?q=a HTTP/1.1\r\n" + host + many + "\r\n");
    for (size_t size : {size_t{65536}, size_t{65537}}) {
        const std::string f = form(size);
        write("fuzz_http", "post-" + std::to_string(size) + ".txt",
              "POST /api/query HTTP/1.1\r\n" + host + "Content-Length: " + std::to_string(f.size()) + "\r\n\r\n" + f);
        std::string chunked;
        for (size_t at = 0; at < f.size(); at += 4000) {
            const std::string part = f.substr(at, 4000);
            char n[32];
            std::snprintf(n, sizeof n, "%zx\r\n", part.size());
            chunked += n + part + "\r\n";
        }
        write("fuzz_http", "chunked-" + std::to_string(size) + ".txt",
              "POST /api/query HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n" + chunked + "0\r\n\r\n");
    }
    write("fuzz_http", "request-line-endless.txt", "GET /api/query?q=" + std::string(200000, 'a'));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fuzz_make_seeds DIR\n";
        return 2;
    }
    g_out = argv[1];
    try {
        fs::remove_all(g_out);
        RealData real = read_real(200);
        if (real.records.empty()) {
            std::cerr << "fuzz_make_seeds: no records in " << ARXIV_DATA_DIR << "/daily-arxiv\n";
            return 1;
        }
        atom_seeds(real);
        oai_seeds(real);
        jsonl_seeds(real);
        query_seeds();
        arxiv_query_seeds();
        date_seeds();
        digest_config_seeds();
        digest_template_seeds();
        http_seeds();
        server_seeds();
    } catch (const std::exception& e) {
        std::cerr << "fuzz_make_seeds: " << e.what() << "\n";
        return 1;
    }
    std::cout << "fuzz_make_seeds: " << g_written << " seeds in " << g_out.string() << "\n";
    return 0;
}
