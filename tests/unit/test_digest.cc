// Digest library: configuration checks, windows, tags, --dedup and caps,
// word-level change summaries, rendering, the template language, state files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "common/model/stored.h"
#include "common/schema/schema.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "indexer/parsers/parsers.h"
#include "indexer/store/document.h"
#include "indexer/store/writer.h"
#include "query/digest/changes.h"
#include "query/digest/config.h"
#include "query/digest/digest.h"
#include "query/digest/render.h"
#include "query/digest/state.h"
#include "query/digest/template.h"
#include "query/digest/util.h"
#include "query/output/highlight.h"
#include "query/search/like.h"
#include "common/text/analyzer.h"

using namespace arxiv;
using nlohmann::ordered_json;
using V = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

// 2026-07-01T06:00:00Z
constexpr std::time_t kNow = 1782885600;

std::string config_error(const std::string& text, const std::string& path = "digest.json") {
    try {
        parse_digest_config(text, path);
    } catch (const DigestConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string config_hint(const std::string& text) {
    try {
        parse_digest_config(text, "digest.json");
    } catch (const DigestConfigError& e) {
        return e.hint;
    }
    return "(no error)";
}

const char* kThreeTopics = R"({
  "title": "Daily",
  "limit": 2,
  "exclude": {"authors": ["Jane Roe"], "categories": ["cs.AR"], "terms": ["survey"]},
  "topics": [
    {"name": "kv cache", "query": "\"kv cache\"", "limit": 1},
    {"name": "decoding", "query": "decoding", "categories": ["cs.CL", "eess.SY"]},
    {"name": "Bengio", "query": "au:bengio", "exclude": "cat:stat.ML"}
  ]
})";

Hit make_hit(const std::string& id, const std::string& primary = "cs.CL", int version = 1,
             const std::string& submitted = "2026-06-29") {
    Hit h;
    Record& r = h.doc.record;
    r.id = id;
    r.version = version;
    r.title = "Paper " + id;
    r.abstract = "Abstract of " + id + ".";
    r.authors = {"A. Author", "B. Author"};
    r.categories = {primary};
    r.submitted = submitted;
    r.updated = submitted;
    h.doc.first_indexed = "2026-06-30T01:00:00Z";
    h.doc.last_changed = h.doc.first_indexed;
    return h;
}

V ids_of(const TopicResult& t) {
    V out;
    for (const DigestEntry& e : t.entries) out.push_back(e.hit.doc.record.id);
    return out;
}

DigestWindow dates_window(const std::string& from, const std::string& to = "") {
    DigestWindow w;
    w.mode = DigestWindow::Mode::Dates;
    w.from_day = from;
    w.to_day = to;
    w.now = "2026-07-01T06:00:00Z";
    return w;
}

DigestWindow last_run_window(const std::string& last_run) {
    DigestWindow w;
    w.mode = DigestWindow::Mode::SinceLastRun;
    w.last_run = last_run;
    w.now = "2026-07-01T06:00:00Z";
    return w;
}

std::string render_template(const std::string& text, const ordered_json& data,
                            const TemplateFields* fields = nullptr) {
    return Template::parse(text, "t.tmpl", fields).render(data);
}

std::string template_error(const std::string& text, const TemplateFields* fields = &digest_template_fields()) {
    try {
        Template::parse(text, "t.tmpl", fields);
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "(no error)";
}

// A scratch directory for state and output files.
struct Scratch {
    Scratch() {
        std::string tmpl = (fs::temp_directory_path() / "arxiv-digest-unit-XXXXXX").string();
        path = mkdtemp(tmpl.data());
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path path;
};

}  // namespace

// ---- Configuration ---------------------------------------------------------

TEST_CASE("digest: a valid configuration is read with defaults", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "digest.json");
    CHECK(c.title == "Daily");
    REQUIRE(c.topics.size() == 3);
    CHECK(c.topics[0].name == "kv cache");
    CHECK(c.topics[0].limit == 1);  // the topic's own
    CHECK(c.topics[1].limit == 2);  // the file's default
    CHECK(c.topics[1].categories == V{"cs.CL", "eess.SY"});
    CHECK(c.topics[2].exclude == "cat:stat.ML");
    CHECK(c.exclude.authors == V{"Jane Roe"});
    CHECK(c.topics[0].number == 1);
    CHECK(c.topics[2].number == 3);
    // Global exclusions are part of every topic's compiled query.
    for (const DigestTopic& t : c.topics) {
        std::string q = t.compiled.get_description();
        CHECK(q.find("AND_NOT") != std::string::npos);
        CHECK(q.find("XCATcs.ar") != std::string::npos);
        CHECK(q.find("XAPjane roe") != std::string::npos);
        CHECK(q.find("Bsurvey") != std::string::npos);
    }
    CHECK(c.topics[2].compiled.get_description().find("XCATstat.ml") != std::string::npos);
    CHECK(parse_digest_config(R"({"title": "t", "topics": [{"name": "a", "query": "x"}]})", "d.json")
              .topics[0]
              .limit == kDefaultTopicLimit);
}

TEST_CASE("digest: configuration errors name the file, the topic and the key", "[digest]") {
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x"},
                          {"name": "kv cache", "query": "kv \"cache"}]})") ==
          "digest.json: topic 2 (\"kv cache\"): query: unclosed quote (column 4)");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x", "exclude": "b (a"}]})") ==
          "digest.json: topic 1 (\"a\"): exclude: unclosed '(' (column 3)");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "cat:cs.XX"}]})") ==
          "digest.json: topic 1 (\"a\"): query: unknown category 'cs.XX' (column 5)");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x", "categories": ["cs.CL", "nope"]}]})") ==
          "digest.json: topic 1 (\"a\"): categories[2] (\"nope\"): unknown category 'nope'");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x", "limit": 0}]})") ==
          "digest.json: topic 1 (\"a\"): limit: must be a whole number of at least 1, not 0");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x", "limit": "5"}]})") ==
          "digest.json: topic 1 (\"a\"): limit: must be a whole number of at least 1, not \"5\"");
    // A list or an object is named, not printed (printing recursed into it:
    // fuzz/regressions/fuzz_digest_config).
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x", "limit": [[1]]}]})") ==
          "digest.json: topic 1 (\"a\"): limit: must be a whole number of at least 1, not a list");
    // A number too large for a double is a JSON error, not a crash.
    CHECK(config_error(R"({"title": "t", "limit": 1e400, "topics": [{"name": "a", "query": "x"}]})") ==
          "digest.json: not valid JSON: number overflow parsing '1e400'");
    CHECK(config_error(R"({"title": "t", "topics": [{"query": "x"}]})") ==
          "digest.json: topic 1: missing key \"name\"");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a"}]})") ==
          "digest.json: topic 1 (\"a\"): missing key \"query\"");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "  "}]})") ==
          "digest.json: topic 1 (\"a\"): query: must not be empty");
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x"}, {"name": "a", "query": "y"}]})") ==
          "digest.json: topic 2 (\"a\"): name: another topic is already called \"a\"");
    CHECK(config_error(R"({"title": "t", "topics": []})") ==
          "digest.json: topics: must be a non-empty list of topics, not an empty list");
    CHECK(config_error(R"({"title": "t", "topics": {"name": "a"}})") ==
          "digest.json: topics: must be a non-empty list of topics, not an object");
    CHECK(config_error(R"({"topics": [{"name": "a", "query": "x"}]})") == "digest.json: missing key \"title\"");
    CHECK(config_error(R"({"title": 3, "topics": [{"name": "a", "query": "x"}]})") ==
          "digest.json: title: must be a string, not a number");
    CHECK(config_error(R"([1, 2])") == "digest.json: must hold a JSON object, not a list");
    CHECK(config_error(R"({"title": "t", "exclude": {"authors": "Jane"}, "topics": [{"name": "a", "query": "x"}]})") ==
          "digest.json: exclude.authors: must be a list of strings, not a string");
    CHECK(config_error(R"({"title": "t", "exclude": {"categories": ["cs.CL", "xx.YY"]}, "topics": [{"name": "a", "query": "x"}]})") ==
          "digest.json: exclude.categories[2] (\"xx.YY\"): unknown category 'xx.YY'");
    CHECK(config_error(R"({"title": "t", "exclude": {"terms": ["--"]}, "topics": [{"name": "a", "query": "x"}]})") ==
          "digest.json: exclude.terms[1] (\"--\"): '--' has no searchable words");
    // The path is the one the user gave.
    CHECK(config_error("{", "conf/my digest.json").rfind("conf/my digest.json: not valid JSON: ", 0) == 0);
}

TEST_CASE("digest: unknown keys are refused with a suggestion", "[digest]") {
    CHECK(config_error(R"({"title": "t", "topics": [{"name": "a", "query": "x", "catgories": ["cs.CL"]}]})") ==
          "digest.json: topic 1 (\"a\"): unknown key \"catgories\"");
    CHECK(config_hint(R"({"title": "t", "topics": [{"name": "a", "query": "x", "catgories": ["cs.CL"]}]})") ==
          "did you mean \"categories\"?");
    CHECK(config_error(R"({"titel": "t", "topics": [{"name": "a", "query": "x"}]})") ==
          "digest.json: unknown key \"titel\"");
    CHECK(config_hint(R"({"titel": "t", "topics": [{"name": "a", "query": "x"}]})") == "did you mean \"title\"?");
    CHECK(config_error(R"({"title": "t", "exclude": {"people": []}, "topics": [{"name": "a", "query": "x"}]})") ==
          "digest.json: exclude: unknown key \"people\"");
    CHECK(config_hint(R"({"title": "t", "exclude": {"people": []}, "topics": [{"name": "a", "query": "x"}]})") ==
          "allowed keys here: authors, categories, terms");
    // "$schema" lets an editor find docs/digest-config.schema.json.
    CHECK_NOTHROW(parse_digest_config(
        R"({"$schema": "x.json", "title": "t", "topics": [{"name": "a", "query": "x"}]})", "d.json"));
}

TEST_CASE("digest: JSON syntax errors say where", "[digest]") {
    std::string e = config_error("{\"title\": \"t\",\n \"topics\": [{\"name\": \"a\" \"query\": \"x\"}]}");
    CHECK(e.rfind("digest.json: not valid JSON: ", 0) == 0);
    CHECK(e.find("line 2") != std::string::npos);
    CHECK(e.find("json.exception") == std::string::npos);
}

TEST_CASE("digest: query errors carry the query and a caret", "[digest]") {
    try {
        parse_digest_config(R"({"title": "t", "topics": [{"name": "a", "query": "kv OR (cache"}]})", "d.json");
        FAIL("no error");
    } catch (const DigestConfigError& e) {
        CHECK(std::string(e.what()) == "d.json: topic 1 (\"a\"): query: unclosed '(' (column 7)");
        CHECK(e.detail == "  kv OR (cache\n        ^\n");
        CHECK(e.hint == "add a matching ')'");
    }
}

TEST_CASE("digest: a query's caret is the one arxiv-query shows", "[digest]") {
    // A control character in the file's query reaches the terminal as '?'.
    try {
        parse_digest_config(R"({"title": "t", "topics": [{"name": "a", "query": "k\u001bv OR (cache"}]})", "d.json");
        FAIL("no error");
    } catch (const DigestConfigError& e) {
        CHECK(std::string(e.what()) == "d.json: topic 1 (\"a\"): query: unclosed '(' (column 8)");
        CHECK(e.detail == "  k?v OR (cache\n         ^\n");
    }
}

TEST_CASE("digest: a missing configuration file is reported", "[digest]") {
    try {
        load_digest_config("/nonexistent/digest.json");
        FAIL("no error");
    } catch (const DigestConfigError& e) {
        CHECK(std::string(e.what()) ==
              "cannot read the digest configuration /nonexistent/digest.json: No such file or directory");
    }
}

// ---- Window ----------------------------------------------------------------

TEST_CASE("digest: window from the flags and the state", "[digest]") {
    DigestWindow w = make_window({"2026-06-25", "", 0}, "", kNow);
    CHECK(w.mode == DigestWindow::Mode::Dates);
    CHECK(w.from_day == "20260625");
    CHECK(w.to_day.empty());
    CHECK(w.now == "2026-07-01T06:00:00Z");
    CHECK(describe_window(w) == "submitted or updated since 2026-06-25");

    // A month means from its start; --until a month means to its end.
    w = make_window({"2026-06", "2026-06", 0}, "", kNow);
    CHECK(w.from_day == "20260600");
    CHECK(w.to_day == "20260631");
    CHECK(describe_window(w) == "submitted or updated from 2026-06 to 2026-06-31");

    w = make_window({"", "", 7}, "2026-06-30T06:00:00Z", kNow);  // --days wins over the state
    CHECK(w.mode == DigestWindow::Mode::Dates);
    CHECK(w.from_day == "20260624");
    CHECK(describe_window(w) == "submitted or updated in the last 7 days (since 2026-06-24)");

    w = make_window({}, "2026-06-30T06:00:00Z", kNow);
    CHECK(w.mode == DigestWindow::Mode::SinceLastRun);
    CHECK(w.last_run == "2026-06-30T06:00:00Z");
    CHECK(w.start_day() == "20260630");
    CHECK(describe_window(w) == "new since the last run (2026-06-30 06:00 UTC)");

    w = make_window({}, "", kNow);
    CHECK(w.mode == DigestWindow::Mode::FirstRun);
    CHECK(w.from_day == "20260624");
    CHECK(w.days == kFirstRunDays);

    CHECK_THROWS_WITH(make_window({"", "2026-06-30", 0}, "", kNow), "--until needs --since or --days");
    CHECK_THROWS_WITH(make_window({"2026-06-25", "", 3}, "", kNow),
                      "--since and --days both set the start of the window");
    CHECK_THROWS_WITH(make_window({"2026-13-01", "", 0}, "", kNow),
                      "--since 2026-13-01: invalid date '2026-13-01': month must be 01-12");
    CHECK_THROWS_WITH(make_window({"2026-06-25..2026-06-30", "", 0}, "", kNow),
                      "--since 2026-06-25..2026-06-30: give one date");
    CHECK_THROWS_WITH(make_window({"2026-06-25", "2026-06-01", 0}, "", kNow),
                      "--until 2026-06-01 is before the start of the window");
}

TEST_CASE("digest: a first run covers the newest days of the index", "[digest]") {
    DigestWindow w = make_window({}, "", kNow);
    anchor_first_run(w, "20260115");
    CHECK(w.mode == DigestWindow::Mode::FirstRun);
    CHECK(w.from_day == "20260109");
    CHECK(w.to_day == "20260115");
    CHECK(first_run_note(w) == "First run: covering 2026-01-09 to 2026-01-15, the newest 7 days in the index");
    StoredDoc d = make_hit("2601.00001", "cs.CL", 1, "2026-01-10").doc;
    CHECK(in_window(d, w));
    d.record.submitted = d.record.updated = "2026-01-16";
    CHECK_FALSE(in_window(d, w));
    // Across a month's end.
    w = make_window({}, "", kNow);
    anchor_first_run(w, "20260302");
    CHECK(w.from_day == "20260224");
    // Only a month known: that month.
    w = make_window({}, "", kNow);
    anchor_first_run(w, "20260100");
    CHECK(w.from_day == "20260100");
    CHECK(w.to_day == "20260131");
    CHECK(first_run_note(w) == "First run: covering 2026-01, the newest month in the index");
    // An empty index: the clock's last days, as before.
    w = make_window({}, "", kNow);
    anchor_first_run(w, "");
    CHECK(w.from_day == "20260624");
    CHECK(w.to_day.empty());
    // Later runs and date windows are left alone.
    w = make_window({}, "2026-06-30T06:00:00Z", kNow);
    anchor_first_run(w, "20260115");
    CHECK(w.mode == DigestWindow::Mode::SinceLastRun);
    CHECK(w.from_day.empty());
    CHECK(first_run_note(w).empty());
    w = make_window({"", "", 3}, "", kNow);
    anchor_first_run(w, "20260115");
    CHECK(w.from_day == "20260628");
}

TEST_CASE("digest: a window's start time, and relative dates from its now", "[digest]") {
    DigestWindow w = make_window({"2026-06-25", "", 0}, "", kNow);
    CHECK(w.start_time() == "2026-06-25T00:00:00Z");
    // A month starts on its first day.
    w = make_window({"2026-06", "", 0}, "", kNow);
    CHECK(w.start_time() == "2026-06-01T00:00:00Z");
    w = make_window({}, "2026-06-30T06:00:00Z", kNow);
    CHECK(w.start_time() == "2026-06-30T06:00:00Z");
    w = make_window({"yesterday", "today", 0}, "", kNow);
    CHECK(w.from_day == "20260630");
    CHECK(w.to_day == "20260701");
    w = make_window({"7d", "", 0}, "", kNow);
    CHECK(w.from_day == "20260624");
}

TEST_CASE("digest: dates: submitted or updated in the range", "[digest]") {
    DigestWindow w = dates_window("20260625", "20260630");
    StoredDoc d = make_hit("2606.00001").doc;
    d.record.submitted = "2026-06-29";
    d.record.updated = "";
    CHECK(in_window(d, w));
    d.record.submitted = "2026-01-10";  // an old paper ...
    CHECK_FALSE(in_window(d, w));
    d.record.updated = "2026-06-26";  // ... with a new version in the range
    CHECK(in_window(d, w));
    d.record.updated = "2026-07-01";  // after --until
    CHECK_FALSE(in_window(d, w));
    // daily-arxiv: only the month from the id, but the listing day counts
    d.record.submitted = "2026-06";
    d.record.updated = "";
    d.record.announced = "2026-06-27";
    CHECK(in_window(d, w));
    d.record.announced = "2026-06-20";
    CHECK_FALSE(in_window(d, w));
    // A month-only bound includes month-only dates, like date:2026-06.
    CHECK(in_window(d, dates_window("20260600")));
    // A window across a month's start: the month-only date is not taken for
    // the 1st when the listing day says otherwise ...
    d.record.submitted = "2026-07";
    d.record.announced = "2026-07-15";
    CHECK_FALSE(in_window(d, dates_window("20260620", "20260702")));
    CHECK(in_window(d, dates_window("20260620", "20260715")));
    // ... and still counts when it is all that is known.
    d.record.announced = "";
    CHECK(in_window(d, dates_window("20260620", "20260702")));
    CHECK_FALSE(in_window(d, dates_window("20260601", "20260630")));
}

TEST_CASE("digest: since the last run: what the index learned after it", "[digest]") {
    DigestWindow w = last_run_window("2026-06-30T06:00:00Z");
    StoredDoc d = make_hit("2606.00001").doc;
    d.first_indexed = d.last_changed = "2026-06-30T07:00:00Z";
    CHECK(in_window(d, w));
    d.first_indexed = d.last_changed = "2026-06-30T06:00:00Z";  // the same second:
    CHECK(in_window(d, w));                                    // new unless the last run saw it
    w.seen_at_last_run.insert("2606.00001");
    CHECK_FALSE(in_window(d, w));
    w.seen_at_last_run.clear();
    d.first_indexed = "2026-06-01T00:00:00Z";
    d.last_changed = "2026-06-30T06:00:01Z";  // a new version after the run
    CHECK(in_window(d, w));
    d.last_changed = "2026-06-29T00:00:00Z";
    d.record.updated = "2026-07-01";  // dates alone do not matter here
    CHECK_FALSE(in_window(d, w));

    // The search filter: first indexed or last changed after the run.
    std::string q = window_query(w).get_description();
    CHECK(q.find("VALUE_GE 4 20260630060000") != std::string::npos);
    CHECK(q.find("VALUE_GE 6 20260630060000") != std::string::npos);
    std::string dq = window_query(dates_window("20260625", "20260630")).get_description();
    CHECK(dq.find("VALUE_RANGE 0 20260625 20260630") != std::string::npos);
    CHECK(dq.find("VALUE_RANGE 1 20260625 20260630") != std::string::npos);
}

// ---- Tags ------------------------------------------------------------------

TEST_CASE("digest: revised: a newer version of a paper from before the window", "[digest]") {
    DigestWindow w = dates_window("20260625");
    StoredDoc d = make_hit("2606.00001", "cs.CL", 1, "2026-06-29").doc;
    CHECK_FALSE(is_revised(d, w));  // v1 in the window: new
    d.record.version = 2;
    CHECK_FALSE(is_revised(d, w));  // v1 and v2 both in the window: still new to the reader
    d.record.submitted = "2026-06-01";
    CHECK(is_revised(d, w));  // v1 before the window
    d.record.version = 1;
    CHECK_FALSE(is_revised(d, w));  // an old v1 (a backfill) is new

    // Without version numbers (daily listings): the index kept a previous
    // title or abstract, and the paper was submitted before the window.
    StoredDoc daily = make_hit("2605.00002", "cs.CL", 0, "2026-05").doc;
    CHECK_FALSE(is_revised(daily, w));
    daily.previous_abstract = "old abstract";
    CHECK(is_revised(daily, w));
    // Submitted some day in June, listed again on June 27: possibly first
    // listed inside the window, so not claimed as a revision.
    daily.record.submitted = "2026-06";
    CHECK_FALSE(is_revised(daily, w));

    // Since the last run: in the index when the run looked, changed after it.
    DigestWindow lr = last_run_window("2026-06-30T06:00:00Z");
    StoredDoc seen = make_hit("2606.00003", "cs.CL", 2, "2026-06-30").doc;
    seen.first_indexed = "2026-06-30T05:00:00Z";
    seen.last_changed = "2026-06-30T09:00:00Z";
    CHECK(is_revised(seen, lr));
    seen.first_indexed = "2026-06-30T07:00:00Z";  // v1 and v2 both arrived after the run
    seen.record.version = 1;
    seen.last_changed = "2026-06-30T09:00:00Z";
    CHECK(is_revised(seen, lr) == false);
}

TEST_CASE("digest: cross-listed: in the topic through a non-primary category", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    const DigestTopic& decoding = c.topics[1];  // categories cs.CL, eess.SY
    Record r;
    r.categories = {"cs.CL", "cs.LG"};
    CHECK_FALSE(is_cross_listed(r, decoding));
    r.categories = {"cs.LG", "cs.CL"};
    CHECK(is_cross_listed(r, decoding));
    r.categories = {"cs.SY", "math.OC"};  // cs.SY is an alias of eess.SY
    CHECK_FALSE(is_cross_listed(r, decoding));
    CHECK_FALSE(is_cross_listed(r, c.topics[0]));  // a topic without categories never cross-lists

    DigestTopic archive;
    archive.categories = {"cs"};
    r.categories = {"cs.LG"};
    CHECK_FALSE(is_cross_listed(r, archive));
    r.categories = {"stat.ML", "cs.LG"};
    CHECK(is_cross_listed(r, archive));
    archive.categories = {"math.*"};
    r.categories = {"math.OC"};
    CHECK_FALSE(is_cross_listed(r, archive));
}

TEST_CASE("digest: word-level changes", "[digest]") {
    TextChange t = diff_words("Cache-Aligned Posting-List Compression (first version)",
                              "Cache-Aligned Posting-List Compression (second version)");
    CHECK(t.changed());
    CHECK(t.removed == 1);
    CHECK(t.added == 1);
    REQUIRE(t.hunks.size() == 1);
    CHECK(t.hunks[0].removed == "(first");
    CHECK(t.hunks[0].added == "(second");
    CHECK(describe_hunks(t) == "\"(first\" \xE2\x86\x92 \"(second\"");

    TextChange a = diff_words("We study caches. Results are good.",
                              "We study KV caches in depth. Results are good.");
    CHECK(a.removed == 1);
    CHECK(a.added == 4);
    REQUIRE(a.hunks.size() == 1);
    CHECK(a.hunks[0].removed == "caches.");
    CHECK(a.hunks[0].added == "KV caches in depth.");

    TextChange ins = diff_words("a b c", "a x b c y");
    REQUIRE(ins.hunks.size() == 2);
    CHECK(describe_hunks(ins) == "+\"x\"; +\"y\"");
    TextChange del = diff_words("a b c d", "a c");
    CHECK(describe_hunks(del) == "\xE2\x88\x92\"b\"; \xE2\x88\x92\"d\"");
    CHECK_FALSE(diff_words("same  words\nhere", "same words here").changed());  // whitespace only

    TextChange many = diff_words("1 2 3 4 5 6 7 8 9", "1 x 3 y 5 z 7 w 9");
    CHECK(many.hunks.size() == 4);
    CHECK(describe_hunks(many, 2) == "\"2\" \xE2\x86\x92 \"x\"; \"4\" \xE2\x86\x92 \"y\"; \xE2\x80\xA6 2 more changes");
    // Long hunks are shortened in the middle.
    TextChange longer = diff_words("start end", "start one two three four five six seven eight nine ten end");
    CHECK(describe_hunks(longer) == "+\"one two three four \xE2\x80\xA6 seven eight nine ten\"");

    // A typo fix in a long abstract is minor; a rewrite is major.
    std::string abs(400, 'x');
    std::string words;
    for (int i = 0; i < 100; ++i) words += "word" + std::to_string(i) + " ";
    std::string typo = words;
    typo.replace(typo.find("word5 "), 6, "wrod5 ");
    CHECK(change_size(TextChange{}, diff_words(words, typo)) == "minor");
    CHECK(change_size(TextChange{}, diff_words(words, "something else entirely")) == "major");
}

TEST_CASE("digest: revision summaries", "[digest]") {
    StoredDoc d = make_hit("2403.04417", "cs.IR", 2, "2024-03-07").doc;
    d.record.title = "Posting lists (second version)";
    d.record.abstract = "The revised abstract.";
    d.previous_version = 1;
    d.previous_title = "Posting lists (first version)";
    d.previous_abstract = "The original abstract.";
    Revision r = describe_revision(d);
    CHECK(r.have_previous);
    CHECK(r.size == "major");
    CHECK(r.summary ==
          "v1 \xE2\x86\x92 v2 (major): title: \"(first\" \xE2\x86\x92 \"(second\"; abstract (+1/\xE2\x88\x92"
          "1 words): \"original\" \xE2\x86\x92 \"revised\"");

    d.previous_title = "KEDAS: Knowledge Editing Alignment";
    d.record.title = "Aligning Language Models with Real-time Knowledge Editing";
    CHECK(describe_revision(d).summary.find("(major): title was \"KEDAS: Knowledge Editing Alignment\"; abstract") !=
          std::string::npos);

    StoredDoc only_v3 = make_hit("2403.00001", "cs.IR", 3, "2024-03-07").doc;
    CHECK(describe_revision(only_v3).summary ==
          "v3: earlier versions are not in the index, so the changes are unknown");
    only_v3.last_changed = "2026-06-30T09:00:00Z";  // the index replaced v2 with v3
    CHECK(describe_revision(only_v3).summary == "v3: title and abstract unchanged");
}

// ---- Selection: tags, caps, --dedup ----------------------------------------

TEST_CASE("digest: caps, also-in and --dedup", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");  // limits 1, 2, 2
    DigestWindow w = dates_window("20260625");
    auto matches = [] {
        return std::vector<std::vector<TopicMatch>>{
            {make_hit("2606.00003"), make_hit("2606.00002"), make_hit("2606.00001")},
            {make_hit("2606.00002", "cs.LG"), make_hit("2606.00004")},
            {make_hit("2606.00001", "stat.ML", 2, "2026-01-05"), make_hit("2606.00005")},
        };
    };
    DigestResult plain = assemble_digest(c, w, {}, matches());
    CHECK(plain.papers == 5);
    CHECK_FALSE(plain.empty());
    REQUIRE(plain.topics.size() == 3);
    CHECK(ids_of(plain.topics[0]) == V{"2606.00003"});
    CHECK(plain.topics[0].total == 3);
    CHECK(plain.topics[0].more() == 2);
    CHECK(ids_of(plain.topics[1]) == V{"2606.00002", "2606.00004"});
    CHECK(plain.topics[1].more() == 0);
    // Ranks restart in every topic.
    CHECK(plain.topics[1].entries[1].hit.rank == 2);
    // Tags
    CHECK(plain.topics[1].entries[0].tags == V{"new", "cross-listed"});  // cs.LG primary, topic wants cs.CL
    CHECK(plain.topics[1].entries[0].also_in == V{"kv cache"});
    CHECK(plain.topics[2].entries[0].tags == V{"revised"});  // v2 of a January paper
    REQUIRE(plain.topics[2].entries[0].revision);
    CHECK(plain.topics[2].entries[0].also_in == V{"kv cache"});
    CHECK_FALSE(plain.topics[2].entries[1].revision);

    DigestResult dedup = assemble_digest(c, w, {"newest", true}, matches());
    CHECK(dedup.papers == 5);
    CHECK(dedup.topics[0].total == 3);  // the first topic keeps everything it matched
    CHECK(ids_of(dedup.topics[1]) == V{"2606.00004"});
    CHECK(dedup.topics[1].total == 1);
    CHECK(ids_of(dedup.topics[2]) == V{"2606.00005"});
    CHECK(dedup.topics[2].total == 1);
    // The first topic says where else the paper would have been.
    CHECK(dedup.topics[0].entries[0].also_in.empty());

    DigestResult none = assemble_digest(c, w, {}, {{}, {}, {}});
    CHECK(none.empty());
    CHECK(none.topics[0].total == 0);
}

// ---- Rendering -------------------------------------------------------------

TEST_CASE("digest: markdown: header, keyword sections, entry blocks, status and caps", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    Hit revised = make_hit("2606.00001", "cs.CL", 2, "2026-01-05");
    revised.doc.previous_version = 1;
    revised.doc.previous_title = "Paper 2606.00001";
    revised.doc.previous_abstract = "Old abstract.";
    DigestResult d = assemble_digest(c, dates_window("20260625"), {},
                                     {{make_hit("2606.00003"), make_hit("2606.00002")}, {}, {revised}});
    d.scanned = 12;
    std::string md = render_markdown(d, false);
    CHECK(md.rfind("# Daily\n\n*3 papers in 3 topics; scanned: 12 new or updated papers in the window \xC2\xB7 "
                   "submitted or updated since 2026-06-25 \xC2\xB7 generated 2026-07-01 06:00 UTC*\n\n"
                   "- [kv cache](#kv-cache) (2)\n- [decoding](#decoding) (0)\n- [Bengio](#bengio) (1)\n\n"
                   "## kv cache\n\n### 1. Paper 2606.00003\n",
                   0) == 0);
    // Numbered across the digest: Bengio's paper is the second shown.
    CHECK(md.find("## Bengio\n\n### 2. Paper 2606.00001\n") != std::string::npos);
    CHECK(md.find("Keyword") == std::string::npos);
    // The search's markdown entry block, unchanged, then the digest's lines.
    CHECK(md.find("**Tags**: cs.CL \n\n**Status**: new\n\n**Why**: 0.0/10\n\n\n\n*1 more not shown (limit 1).*\n\n") !=
          std::string::npos);
    CHECK(md.find("## decoding\n\n*Nothing new.*\n\n## Bengio\n\n") != std::string::npos);
    CHECK(md.find("**Status**: revised\n\n**Why**: 0.0/10\n\n**Changes**: v1 \xE2\x86\x92 v2 (major): abstract (+3/\xE2\x88\x92"
                  "2 words): \"Old abstract.\" \xE2\x86\x92 \"Abstract of 2606.00001.\"\n\n\n\n") !=
          std::string::npos);
    CHECK(md.find("### Paper 2606.00002") == std::string::npos);  // beyond the cap

    std::string omitted = render_markdown(d, true);
    CHECK(omitted.find("decoding") == std::string::npos);
    CHECK(omitted.find("in 2 topics") != std::string::npos);
    CHECK(omitted.find("- [kv cache](#kv-cache) (2)\n- [Bengio](#bengio) (1)\n\n") != std::string::npos);

    // Anchors as markdown renderers make them: punctuation dropped, a
    // repeated one (the title's) numbered.
    DigestConfig c2 = parse_digest_config(R"J({"title": "Daily", "topics": [
        {"name": "daily", "query": "a"}, {"name": "KV cache (2.0)", "query": "b"}]})J", "d.json");
    std::string md2 = render_markdown(assemble_digest(c2, dates_window("20260625"), {}, {{}, {}}), false);
    CHECK(md2.find("*Nothing new in 2 topics; scanned: 0 new or updated papers in the window") != std::string::npos);
    CHECK(md2.find("\n- [daily](#daily-1) (0)\n- [KV cache (2.0)](#kv-cache-20) (0)\n\n## daily\n") !=
          std::string::npos);
}

TEST_CASE("digest: json: topics with every paper field plus the digest's", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    DigestResult d = assemble_digest(c, dates_window("20260625"), {}, {{make_hit("2606.00003")}, {}, {}});
    ordered_json j = digest_json(d, false);
    CHECK(j["format_version"] == 1);
    CHECK(j["window"]["mode"] == "dates");
    CHECK(j["window"]["from"] == "2026-06-25");
    CHECK(j["window"]["until"].is_null());
    CHECK(j["paper_count"] == 1);
    REQUIRE(j["topics"].size() == 3);
    const ordered_json& t = j["topics"][0];
    CHECK(t["name"] == "kv cache");
    CHECK(t["total"] == 1);
    CHECK(t["shown"] == 1);
    CHECK(t["more"] == 0);
    const ordered_json& p = t["papers"][0];
    // result_json()'s keys first, in order, then the digest's.
    V keys;
    for (auto it = p.begin(); it != p.end(); ++it) keys.push_back(it.key());
    CHECK(keys == V{"rank", "score", "id", "version", "title", "authors", "affiliations", "categories", "primary_category",
                    "published", "updated", "date_precision", "abstract", "comment", "journal_ref", "doi",
                    "report_no", "license", "url", "pdf_url", "announced", "first_indexed", "relevance", "why",
                    "reasons", "company", "novelty", "changed", "tags", "also_in", "revision", "number"});
    CHECK(p["number"] == 1);
    CHECK(j["topic_count"] == 3);
    CHECK(j["scanned"] == 0);
    CHECK(digest_json(d, true)["topic_count"] == 1);
    CHECK(p["tags"] == ordered_json::array({"new"}));
    CHECK(p["revision"].is_null());
    CHECK(digest_json(d, true)["topics"].size() == 1);
}

TEST_CASE("digest: atom: one well-formed feed", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    Hit odd = make_hit("2606.00009");
    odd.doc.record.title = "Control \x01 chars & <tags>";
    DigestResult d = assemble_digest(c, dates_window("20260625"), {}, {{odd}, {make_hit("2606.00004")}, {}});
    d.config_path = "/home/me/digest.json";
    std::string xml = render_atom(d, false);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    pugi::xml_node feed = doc.child("feed");
    CHECK(std::string(feed.attribute("xmlns").value()) == "http://www.w3.org/2005/Atom");
    CHECK(std::string(feed.child_value("title")) == "Daily");
    CHECK(std::string(feed.child_value("id")).rfind("urn:arxiv-search:digest:", 0) == 0);
    std::vector<pugi::xml_node> entries;
    for (pugi::xml_node e : feed.children("entry")) entries.push_back(e);
    REQUIRE(entries.size() == 2);
    CHECK(std::string(entries[0].child_value("title")) == "Control  chars & <tags>");
    CHECK(std::string(entries[0].child_value("id")) == "https://arxiv.org/abs/2606.00009v1#kv-cache");
    CHECK(std::string(entries[0].child_value("updated")) == "2026-06-29T00:00:00Z");
    CHECK(std::string(entries[1].child("link").attribute("href").value()) == "https://arxiv.org/abs/2606.00004v1");
    bool topic = false, tag = false;
    for (pugi::xml_node cat : entries[1].children("category")) {
        topic |= std::string(cat.attribute("term").value()) == "decoding";
        tag |= std::string(cat.attribute("term").value()) == "new";
    }
    CHECK(topic);
    CHECK(tag);

    // Topic names that slug alike still give unique entry ids.
    DigestConfig twins = parse_digest_config(
        R"({"title": "t", "topics": [{"name": "KV cache", "query": "x"}, {"name": "kv-cache", "query": "y"}]})", "d.json");
    DigestResult both = assemble_digest(twins, dates_window("20260625"), {}, {{make_hit("2606.00001")}, {make_hit("2606.00001")}});
    pugi::xml_document twin_doc;
    REQUIRE(twin_doc.load_string(render_atom(both, false).c_str()));
    std::set<std::string> ids;
    for (pugi::xml_node e : twin_doc.child("feed").children("entry")) ids.insert(e.child_value("id"));
    CHECK(ids == std::set<std::string>{"https://arxiv.org/abs/2606.00001v1#kv-cache",
                                       "https://arxiv.org/abs/2606.00001v1#kv-cache-2"});
}

// ---- Template language -----------------------------------------------------

TEST_CASE("digest: templates: fields, sections, loops and helpers", "[digest]") {
    ordered_json data = {
        {"title", "Daily"},
        {"flag", true},
        {"zero", 0},
        {"topics",
         {{{"name", "kv"},
           {"more", 2},
           {"papers",
            {{{"title", "A"}, {"authors", {"X", "Y", "Z"}}, {"published", "2026-01-05"}, {"abstract", "p1\np2"},
              {"doi", nullptr}, {"revision", {{"summary", "v1 -> v2"}}}},
             {{"title", "B"}, {"authors", {"W"}}, {"published", "2026-07-01T06:05:09Z"}, {"abstract", "q"},
              {"doi", "10.1/x"}, {"revision", nullptr}}}}},
          {{"name", "empty"}, {"more", 0}, {"papers", ordered_json::array()}}}}};
    CHECK(render_template("{{title}}!", data) == "Daily!");
    CHECK(render_template("{{#topics}}[{{name}}:{{title}}]{{/topics}}", data) == "[kv:Daily][empty:Daily]");
    CHECK(render_template("{{#topics}}{{#papers}}{{#authors}}{{.}}{{^last}}, {{/last}}{{/authors}};{{/papers}}{{/topics}}",
                          data) == "X, Y, Z;W;");
    CHECK(render_template("{{#topics}}{{#papers}}{{index}}{{#first}}*{{/first}}{{title}} {{/papers}}{{/topics}}",
                          data) == "1*A 2B ");
    CHECK(render_template("{{#topics}}{{^papers}}none in {{name}}{{/papers}}{{/topics}}", data) == "none in empty");
    CHECK(render_template("{{#topics}}{{#more}}+{{more}}{{/more}}{{/topics}}", data) == "+2");
    CHECK(render_template("{{#flag}}yes{{/flag}}{{^zero}}z{{/zero}}", data) == "yesz");
    CHECK(render_template("{{#topics}}{{#papers}}{{#doi}}doi:{{.}}{{/doi}}{{/papers}}{{/topics}}", data) ==
          "doi:10.1/x");
    CHECK(render_template("{{#topics}}{{#papers}}{{revision.summary}}|{{/papers}}{{/topics}}", data) ==
          "v1 -> v2||");
    CHECK(render_template("{{#topics}}{{#papers}}{{date published \"%Y.%m.%d %H:%M\"}}|{{/papers}}{{/topics}}",
                          data) == "2026.01.05 00:00|2026.07.01 06:05|");
    CHECK(render_template("{{#topics}}{{#papers}}{{date published \"%a %d %b\"}}|{{/papers}}{{/topics}}", data) ==
          "Mon 05 Jan|Wed 01 Jul|");
    CHECK(render_template("{{#topics}}{{#papers}}{{join authors \" & \"}}|{{/papers}}{{/topics}}", data) ==
          "X & Y & Z|W|");
    CHECK(render_template("{{#topics}}{{#papers}}{{oneline abstract}}|{{/papers}}{{/topics}}", data) ==
          "p1 p2|q|");
    CHECK(render_template("a{{! a comment }}b", data) == "ab");
    CHECK(render_template("{{ title }}", data) == "Daily");
    CHECK(render_template("{{#topics}}{{#papers}}{{#revision}}{{title}}{{/revision}}{{/papers}}{{/topics}}", data) ==
          "A");  // an object section still sees the paper around it
    CHECK(render_template("{{#topics}}{{#more}}{{.}}{{/more}}{{/topics}}", data) == "2");
}

TEST_CASE("digest: templates: lines holding only a section tag vanish", "[digest]") {
    ordered_json data = {{"items", {"a", "b"}}, {"none", ordered_json::array()}};
    CHECK(render_template("list:\n{{#items}}\n  - {{.}}\n{{/items}}\nend\n", data) == "list:\n  - a\n  - b\nend\n");
    CHECK(render_template("  {{#none}}  \nx\n  {{/none}}\ny", data) == "y");
    CHECK(render_template("{{! note }}\nz", data) == "z");
    CHECK(render_template("{{#items}}\r\n{{.}}\r\n{{/items}}\r\n", data) == "a\r\nb\r\n");
    // A tag that shares its line with text keeps the line.
    CHECK(render_template("x {{#items}}{{.}}{{/items}}\n", data) == "x ab\n");
    CHECK(render_template("{{#items}}{{.}}\n{{/items}}", data) == "a\nb\n");
}

TEST_CASE("digest: templates reproduce the topic-list layout", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    Hit a = make_hit("2601.02360");
    a.doc.record.title = "Heterogeneous Training";
    a.doc.record.authors = {"Yazan Obeidi", "Amir Sarfi"};
    a.doc.record.submitted = "2026-01-05";
    a.doc.record.abstract = "First paragraph.\nSecond paragraph.";
    DigestResult d = assemble_digest(c, dates_window("20260101"), {}, {{a}, {}, {}});
    std::ifstream in(std::string(ARXIV_FIXTURES_DIR) + "/../../docs/digest-topic-list.tmpl");
    std::stringstream text;
    text << in.rdbuf();
    REQUIRE_FALSE(text.str().empty());
    std::string out = Template::parse(text.str(), "topic-list.tmpl", &digest_template_fields())
                          .render(digest_json(d, true));
    CHECK(out ==
          "# Daily\n"
          "\n"
          "## kv cache\n"
          "\n"
          "- [Heterogeneous Training](https://arxiv.org/abs/2601.02360v1)\n"
          "  - Yazan Obeidi, Amir Sarfi\n"
          "  - Publish Date: 2026.01.05\n"
          "  - Summary:\n"
          "    - First paragraph. Second paragraph.\n"
          "\n");
}

TEST_CASE("digest: month-only dates print only the month, in templates and markdown", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    Hit a = make_hit("2601.02360", "cs.CL", 1, "2026-01");  // a listing's paper: month only
    a.doc.record.announced = "2026-01-07";
    a.doc.record.updated.clear();
    DigestResult d = assemble_digest(c, dates_window("20260101"), {}, {{a}, {}, {}});
    const ordered_json data = digest_json(d, true);
    const TemplateFields* fields = &digest_template_fields();
    auto one = [&](const std::string& text) {
        return render_template("{{#topics}}{{#papers}}" + text + "{{/papers}}{{/topics}}", data, fields);
    };
    CHECK(one("{{date published \"%Y.%m.%d\"}}") == "2026.01");
    CHECK(one("{{date published \"%Y-%m-%d\"}}") == "2026-01");
    CHECK(one("{{date published \"%F\"}}") == "2026-01");
    CHECK(one("{{date published \"%d %B %Y\"}}") == "January 2026");
    CHECK(one("{{date published \"%a, %d %b %Y\"}}") == "Jan 2026");
    CHECK(one("{{date published \"%Y\"}}") == "2026");
    // The announcement day is a whole day.
    CHECK(one("{{date updated \"%Y.%m.%d\"}}") == "2026.01.07");
    // The digest's markdown says what is known too.
    Hit b = a;
    b.doc.record.announced.clear();
    std::string md = render_markdown(assemble_digest(c, dates_window("20260100"), {}, {{b}, {}, {}}), true);
    CHECK(md.find("**Updated**: 2026-01\n") != std::string::npos);
    CHECK(md.find("2026-01-01") == std::string::npos);

    std::string out;
    REQUIRE(format_date("2026-01", "%Y.%m.%d", out));
    CHECK(out == "2026.01");
    REQUIRE(format_date("2026-01-05T10:20:30Z", "%Y.%m.%d %H:%M", out));
    CHECK(out == "2026.01.05 10:20");
    CHECK_FALSE(format_date("January", "%Y", out));
}

TEST_CASE("digest: template errors name the file and the line", "[digest]") {
    CHECK(template_error("{{#topics}}\n{{titel}}\n{{/topics}}") == "t.tmpl:2: unknown field 'titel'");
    CHECK(template_error("a\n\n{{#topics}}\n{{#papers}}\n{{/topics}}\n") ==
          "t.tmpl:5: {{/topics}} does not close {{#papers}} (opened on line 4)");
    CHECK(template_error("{{#topics}}\n{{name}}\n") == "t.tmpl:1: {{#topics}} is never closed");
    CHECK(template_error("x\n{{/papers}}") == "t.tmpl:2: {{/papers}} closes nothing");
    CHECK(template_error("x\ny {{title") == "t.tmpl:2: '{{' is not closed with '}}'");
    CHECK(template_error("{{}}") == "t.tmpl:1: empty tag {{}}");
    CHECK(template_error("\n{{fmt title \"x\"}}") == "t.tmpl:2: unknown helper 'fmt'");
    CHECK(template_error("{{date published}}") == "t.tmpl:1: 'date' takes a field and a quoted string");
    CHECK(template_error("{{join \"a\" authors}}") == "t.tmpl:1: 'join' needs a field name first, not a quoted string");
    CHECK(template_error("{{\"a\" authors}}") == "t.tmpl:1: a tag must start with a field or helper name, not a quoted string");
    CHECK(template_error("{{date published \"%Y}}") == "t.tmpl:1: unclosed quote in {{date published \"%Y}}");
    CHECK(template_error("{{#topics}}{{#papers}}{{authors}}{{/papers}}{{/topics}}") == "t.tmpl:1: 'authors' is a list");
    CHECK(template_error("{{join title \", \"}}") == "t.tmpl:1: 'title' is not a list");
    CHECK(template_error("{{window}}") == "t.tmpl:1: 'window' is an object");
    CHECK(template_error("{{a-b}}") == "t.tmpl:1: 'a-b' is not a field name");
    CHECK(template_error("{{window.from}} {{revision.summary}} {{#topics}}{{index}}{{/topics}}") == "(no error)");
    // Without a field list any name is accepted and missing ones print nothing.
    CHECK(render_template("[{{anything}}]", ordered_json::object()) == "[]");
    // A date helper on something that is not a date fails when it renders.
    try {
        render_template("\n{{date title \"%Y\"}}", {{"title", "soon"}});
        FAIL("no error");
    } catch (const TemplateError& e) {
        CHECK(std::string(e.what()) == "t.tmpl:2: 'title' is \"soon\", not a date");
    }
}

TEST_CASE("digest: templates refuse runaway nesting and repetition", "[digest]") {
    std::string deep;
    for (int i = 0; i < 101; ++i) deep += "{{^a}}";
    deep += "x";
    for (int i = 0; i < 101; ++i) deep += "{{/a}}";
    CHECK(template_error(deep, nullptr) == "t.tmpl:1: sections nested more than 100 deep");
    CHECK(template_error(deep.substr(6, deep.size() - 12), nullptr) == "(no error)");
    // Each level multiplies the work: 2^40 loop items.
    std::string loops;
    for (int i = 0; i < 40; ++i) loops += "{{#items}}";
    for (int i = 0; i < 40; ++i) loops += "{{/items}}";
    try {
        render_template(loops, {{"items", {1, 2}}});
        FAIL("no error");
    } catch (const TemplateError& e) {
        CHECK(std::string(e.what()).rfind("t.tmpl:1: the template repeats too much", 0) == 0);
    }
    CHECK(render_template("{{#items}}{{#items}}{{.}}{{/items}}{{/items}}", {{"items", {1, 2}}}) == "1212");
}

TEST_CASE("digest: the template field list covers every key of the JSON digest", "[digest]") {
    const TemplateFields& f = digest_template_fields();
    for (const char* scalar : {"title", "generated", "paper_count", "name", "query", "total", "more", "id", "url",
                               "published", "summary", "changed", "first_indexed", "previous_title"})
        CHECK(f.at(scalar) == FieldKind::Scalar);
    for (const char* list : {"topics", "papers", "authors", "categories", "tags", "also_in", "changes"})
        CHECK(f.at(list) == FieldKind::List);
    CHECK(f.at("revision") == FieldKind::Object);
    CHECK(f.at("window") == FieldKind::Object);
}

// ---- State and files -------------------------------------------------------

TEST_CASE("digest: state: path, round trip, damaged files", "[digest]") {
    Scratch dir;
    std::string old = std::getenv("XDG_STATE_HOME") ? std::getenv("XDG_STATE_HOME") : "";
    setenv("XDG_STATE_HOME", (dir.path / "state").c_str(), 1);
    std::string path = digest_state_path("/some/where/My Digest.json");
    CHECK(path.rfind((dir.path / "state" / "arxiv-search" / "digests" / "my-digest-").string(), 0) == 0);
    CHECK(path.size() > 5);
    CHECK(path.substr(path.size() - 5) == ".json");
    CHECK(digest_state_path("/other/My Digest.json") != path);  // keyed by the whole path
    CHECK_FALSE(load_digest_state(path));

    save_digest_state(path, {"2026-07-01T06:00:00Z", "/some/where/My Digest.json", "Daily", 12, {}});
    auto s = load_digest_state(path);
    REQUIRE(s);
    CHECK(s->last_run == "2026-07-01T06:00:00Z");
    CHECK(s->papers == 12);

    std::ofstream(path) << "{\"last_run\": \"yesterday\"}";
    CHECK_THROWS_AS(load_digest_state(path), DigestStateError);
    std::ofstream(path) << "not json";
    CHECK_THROWS_WITH(load_digest_state(path),
                      "the digest state " + path +
                          " is damaged; delete it to start over (the next run then covers the last days)");

    setenv("XDG_STATE_HOME", "relative/dir", 1);  // ignored, as the XDG spec says
    setenv("HOME", dir.path.c_str(), 1);
    CHECK(digest_state_dir() == (dir.path / ".local/state/arxiv-search/digests").string());
    if (old.empty()) unsetenv("XDG_STATE_HOME");
    else setenv("XDG_STATE_HOME", old.c_str(), 1);
}

TEST_CASE("digest: atomic writes replace whole files or nothing", "[digest]") {
    Scratch dir;
    std::string target = (dir.path / "out.md").string();
    digest_util::write_file_atomically(target, "first\n");
    digest_util::write_file_atomically(target, "second\n");
    std::ifstream in(target);
    std::string line;
    std::getline(in, line);
    CHECK(line == "second");
    CHECK_THROWS_WITH(digest_util::write_file_atomically((dir.path / "missing" / "out.md").string(), "x"),
                      "cannot write " + (dir.path / "missing" / "out.md").string() + ": No such file or directory");
    // No temporary files are left behind.
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir.path)) files += e.is_regular_file();
    CHECK(files == 1);
}

TEST_CASE("digest: digest helpers", "[digest]") {
    CHECK(digest_util::slug("KV cache (2.0)") == "kv-cache-2-0");
    CHECK(digest_util::slug("***") == "digest");
    CHECK(digest_util::closest("catgories", {"name", "query", "categories"}) == "categories");
    CHECK(digest_util::closest("titel", {"title", "topics"}) == "title");
    CHECK(digest_util::closest("query", {"limit"}).empty());
    std::time_t t = 0;
    REQUIRE(parse_iso_utc("2026-07-01T06:00:00Z", t));
    CHECK(t == kNow);
    CHECK(utc_timestamp(t) == "2026-07-01T06:00:00Z");
    CHECK_FALSE(parse_iso_utc("2026-07-01", t));
    CHECK(show_day("20260600") == "2026-06");
}

// ---- A whole run, with both clocks injected ---------------------------------

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// An index whose papers are stamped with given times. DatabaseWriter stamps
// what it writes with the time it was opened (one-second resolution); its
// upsert rules, decide_upsert, take the time as an argument.
class ClockedIndex {
public:
    explicit ClockedIndex(const std::string& path) : writer_(path) { writer_.commit(); }

    void add(const std::string& fixture_name, const std::string& now) {
        const std::string text = read_file(std::string(ARXIV_FIXTURES_DIR) + "/" + fixture_name);
        std::vector<Record> records;
        ParseSink sink;
        sink.record = [&](Record&& r, size_t) { records.push_back(std::move(r)); };
        sink.skip = [&](size_t line, const std::string& message) { FAIL(fixture_name << ":" << line << ": " << message); };
        if (detect_format(text) == Format::Atom) {
            parse_atom(text, sink);
        } else {
            std::istringstream lines(text);
            size_t n = 0;
            for (std::string line; std::getline(lines, line);) parse_daily_line(line, ++n, "", sink);
        }
        Xapian::WritableDatabase& db = writer_.database();
        for (const Record& r : records) {
            const std::string term = id_term(r.id);
            Xapian::PostingIterator it = db.postlist_begin(term);
            const bool exists = it != db.postlist_end(term);
            const std::string old = exists ? db.get_document(*it).get_data() : "";
            StoredDoc stored;
            UpsertOutcome outcome = decide_upsert(r, exists ? &old : nullptr, now, stored);
            if (outcome == UpsertOutcome::Added || outcome == UpsertOutcome::Replaced)
                db.replace_document(term, build_document(stored));
        }
        writer_.commit();
    }

private:
    DatabaseWriter writer_;
};

std::time_t at(const std::string& iso) {
    std::time_t t = 0;
    if (!parse_iso_utc(iso, t)) throw std::runtime_error("bad time " + iso);
    return t;
}

}  // namespace

// What the e2e digest tests cannot check without waiting for the clock's
// next second: a later run lists exactly what the index learned after the
// previous one (a new paper, then its new version), however close together.
TEST_CASE("digest: run after run, what is new since the last run (injected clocks)", "[digest]") {
    Scratch dir;
    const std::string db = (dir.path / "db").string();
    std::string old_state = std::getenv("XDG_STATE_HOME") ? std::getenv("XDG_STATE_HOME") : "";
    setenv("XDG_STATE_HOME", (dir.path / "state").c_str(), 1);
    {
        ClockedIndex index(db);
        index.add("e2e/variants.jsonl", "2026-07-01T10:00:00Z");
        index.add("e2e/atom_v1.xml", "2026-07-01T10:00:00Z");
        index.add("e2e/atom_v2.xml", "2026-07-01T10:00:01Z");
    }
    DigestRequest req;
    req.config_path = std::string(ARXIV_FIXTURES_DIR) + "/digest/three-topics.json";
    auto digest = [&](const std::string& now, std::string& out) {
        std::ostringstream o, e;
        int code = run_digest(req, db, o, e, at(now));
        out = o.str();
        INFO(e.str());
        CHECK(e.str().find("error") == std::string::npos);
        return code;
    };
    std::string out;

    req.window.since = "2024-01";
    REQUIRE(digest("2026-07-01T12:00:00Z", out) == 0);
    auto state = load_digest_state(digest_state_path(req.config_path));
    REQUIRE(state);
    CHECK(state->last_run == "2026-07-01T12:00:00Z");

    // In the very same second: nothing new, and it says so.
    req.window.since.clear();
    CHECK(digest("2026-07-01T12:00:00Z", out) == 1);
    CHECK(out.find("*Nothing new in 3 topics; scanned: 0 new or updated papers in the window \xC2\xB7 new since the last run (") != std::string::npos);

    // A paper indexed one second after the last run is new, and only it.
    {
        ClockedIndex index(db);
        index.add("digest/fresh_v1.xml", "2026-07-01T12:00:01Z");
    }
    req.format = "json";
    REQUIRE(digest("2026-07-01T12:00:01Z", out) == 0);
    nlohmann::json j = nlohmann::json::parse(out);
    CHECK(j["window"]["mode"] == "since-last-run");
    CHECK(j["paper_count"] == 1);
    CHECK(j["scanned"] == 1);
    for (const auto& t : j["topics"]) {
        REQUIRE(t["papers"].size() == 1);
        CHECK(t["papers"][0]["id"] == "2611.07001");
        CHECK(t["papers"][0]["tags"][0] == "new");
    }
    CHECK(j["topics"][1]["papers"][0]["tags"] == nlohmann::json::array({"new", "cross-listed"}));  // cs.DC primary
    CHECK(j["topics"][2]["papers"][0]["also_in"] == nlohmann::json::array({"kv cache", "cache in cs.LG"}));

    // Its second version, one second later: revised, with the change.
    {
        ClockedIndex index(db);
        index.add("digest/fresh_v2.xml", "2026-07-01T12:00:02Z");
    }
    REQUIRE(digest("2026-07-01T12:00:02Z", out) == 0);
    j = nlohmann::json::parse(out);
    CHECK(j["paper_count"] == 1);
    const auto& p = j["topics"][0]["papers"][0];
    CHECK(p["id"] == "2611.07001");
    CHECK(p["tags"] == nlohmann::json::array({"revised"}));
    CHECK(p["version"] == 2);
    CHECK(p["revision"]["previous_version"] == 1);
    CHECK(p["revision"]["abstract_changed"] == true);
    CHECK(p["revision"]["title_changed"] == false);
    CHECK(p["revision"]["summary"].get<std::string>().find("\"three\" \xE2\x86\x92 \"five\"") != std::string::npos);

    // And then nothing again.
    CHECK(digest("2026-07-01T12:00:02Z", out) == 1);
    state = load_digest_state(digest_state_path(req.config_path));
    REQUIRE(state);
    CHECK(state->last_run == "2026-07-01T12:00:02Z");
    CHECK(state->seen_at_last_run == std::vector<std::string>{"2611.07001"});

    // An indexer that started in the second of that run stamps its paper
    // with it but commits after the run read the index: the next run lists
    // it (and not the paper the last run already saw in that second).
    {
        ClockedIndex index(db);
        index.add("digest/late_v1.xml", "2026-07-01T12:00:02Z");
    }
    REQUIRE(digest("2026-07-01T13:00:00Z", out) == 0);
    j = nlohmann::json::parse(out);
    std::set<std::string> listed;
    for (const auto& t : j["topics"])
        for (const auto& paper : t["papers"]) listed.insert(paper["id"].get<std::string>());
    CHECK(listed == std::set<std::string>{"2611.07002"});
    CHECK(digest("2026-07-01T13:00:00Z", out) == 1);

    if (old_state.empty()) unsetenv("XDG_STATE_HOME");
    else setenv("XDG_STATE_HOME", old_state.c_str(), 1);
}

// ---- Why this paper: the 0-10 score and its reasons -------------------------

TEST_CASE("digest: relevance: query coverage by place, followed authors, liked papers, min_score", "[digest]") {
    Scratch dir;
    const std::string db = (dir.path / "db").string();
    {
        ClockedIndex index(db);
        index.add("digest/scoring.jsonl", "2026-07-01T10:00:00Z");
    }
    DigestConfig config = parse_digest_config(R"J({"title": "T", "topics": [
        {"name": "kv", "query": "\"kv cache\" eviction"},
        {"name": "people", "authors": ["Song Han"]},
        {"name": "liked", "like": ["2606.00105"]},
        {"name": "mixed", "query": "\"kv cache\" eviction", "authors": ["song han"], "min_score": 7},
        {"name": "filters only", "query": "cat:cs.CL -galaxy", "limit": 1},
        {"name": "either", "query": "memory OR \"kv cache\""}]})J",
                                              "d.json");
    DigestWindow window = make_window({"2026-06", "", 0}, "", at("2026-07-01T12:00:00Z"));
    Searcher searcher(db);
    std::vector<std::string> notes;
    auto matches = find_matches(config, window, searcher, nullptr, notes);
    CHECK(notes.empty());
    REQUIRE(matches.size() == 6);
    auto ids = [](const std::vector<TopicMatch>& ms) {
        V out;
        for (const TopicMatch& m : ms) out.push_back(m.hit.doc.record.id);
        return out;
    };

    // Both concepts in the title 10, one in the abstract 8, both there 6;
    // relevance order.
    const auto& kv = matches[0];
    REQUIRE(ids(kv) == V{"2606.00101", "2606.00102", "2606.00103"});
    CHECK(kv[0].why.score == 10.0);
    CHECK(kv[1].why.score == 8.0);
    CHECK(kv[2].why.score == 6.0);
    // The Why line quotes the paper as it writes the words. (Every paper of
    // this index is in the window: no profile, so coverage alone.)
    CHECK(describe_relevance(kv[1].why) == "8.0/10: \"KV cache\" in the title; \"eviction\" in the abstract");
    REQUIRE(kv[2].why.reasons.size() == 2);
    CHECK(kv[2].why.reasons[0].where == "abstract");
    CHECK(kv[2].why.reasons[0].match == "\"kv cache\"");
    CHECK(kv[2].why.reasons[0].quote == "KV cache");
    CHECK(kv[2].why.reasons[0].as_written);
    CHECK(kv[2].why.reasons[0].score == 6.0);
    CHECK(kv[0].why.company == -1);

    // A followed author: 10, and says who.
    REQUIRE(ids(matches[1]) == V{"2606.00104"});
    CHECK(describe_relevance(matches[1][0].why) == "10.0/10: by Song Han (followed)");

    // Liked: the near twin comes in, naming the liked paper; the liked paper
    // itself and the unrelated one do not.
    const V liked = ids(matches[2]);
    REQUIRE_FALSE(liked.empty());
    std::string listing;
    for (const TopicMatch& m : matches[2]) listing += m.hit.doc.record.id + " " + describe_relevance(m.why) + "\n";
    INFO(listing);
    CHECK(liked[0] == "2606.00106");
    CHECK(std::find(liked.begin(), liked.end(), "2606.00105") == liked.end());
    CHECK(std::find(liked.begin(), liked.end(), "2606.00107") == liked.end());
    for (const TopicMatch& m : matches[2]) CHECK(m.why.score >= kLikeDefaultMinScore);
    const PickReason& why = matches[2][0].why.reasons.back();
    CHECK(why.where == "like");
    CHECK(why.match == "2606.00105");
    CHECK(why.detail == "Redundancy-aware compression of reasoning traces in language models");

    // Query OR authors, then min_score 7 drops the 6.0 paper.
    const V mixed = ids(matches[3]);
    CHECK(mixed == V{"2606.00101", "2606.00104", "2606.00102"});

    // A query of filters only: every paper it selects fits, but the liked
    // paper (another topic's) is never listed: the reader has read it.
    REQUIRE(matches[4].size() == 5);
    for (const TopicMatch& m : matches[4]) CHECK(m.hit.doc.record.id != "2606.00105");
    CHECK(describe_relevance(matches[4][0].why) == "10.0/10: matches the query");

    // OR: the best alternative, and only its reasons.
    bool seen_103 = false;
    for (const TopicMatch& m : matches[5])
        if (m.hit.doc.record.id == "2606.00103") {
            seen_103 = true;
            CHECK(describe_relevance(m.why) == "10.0/10: \"Memory\" in the title");
        }
    CHECK(seen_103);

    // A liked paper missing from the index is a note, not a failure.
    DigestConfig missing = parse_digest_config(
        R"J({"title": "T", "topics": [{"name": "l", "like": ["2601.99999"]}]})J", "d.json");
    notes.clear();
    auto none = find_matches(missing, window, searcher, nullptr, notes);
    CHECK(none[0].empty());
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "topic \"l\": liked paper 2601.99999 is not in the index, so nothing is matched against it");
}

TEST_CASE("digest: relevance: the reasons in markdown, JSON and Atom", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    TopicMatch m(make_hit("2606.00003"));
    m.why.score = 8.0;
    m.why.reasons = {{"title", "\"kv cache\"", "", true, "", 10.0}, {"abstract", "eviction", "", true, "", 6.0},
                     {"like", "2505.24133", "", true, "R-KV", 7.5}};
    DigestResult d = assemble_digest(c, dates_window("20260625"), {}, {{m}, {}, {}});
    const std::string line =
        "8.0/10: \"kv cache\" in the title; eviction in the abstract; like 2505.24133 \"R-KV\" (7.5)";
    CHECK(render_markdown(d, false).find("**Why**: " + line + "\n") != std::string::npos);
    ordered_json p = digest_json(d, false)["topics"][0]["papers"][0];
    CHECK(p["relevance"] == 8.0);
    CHECK(p["why"] == line);
    REQUIRE(p["reasons"].size() == 3);
    CHECK(p["reasons"][2] == ordered_json({{"where", "like"},
                                           {"match", "2505.24133"},
                                           {"quote", nullptr},
                                           {"as_written", true},
                                           {"title", "R-KV"},
                                           {"score", 7.5}}));
    CHECK(p["reasons"][0]["title"].is_null());
    CHECK(render_atom(d, false).find("Why: " + line) != std::string::npos);
}

TEST_CASE("digest: personal topics: authors, like and min_score in the configuration", "[digest]") {
    DigestConfig c = parse_digest_config(R"J({"title": "T", "min_score": 4, "topics": [
        {"name": "people", "authors": ["Song Han", "Y. Bengio"]},
        {"name": "liked", "like": ["arXiv:2505.24133v2", "https://arxiv.org/abs/hep-th/9901001", "2505.24133"],
         "min_score": 6.5},
        {"name": "both", "query": "kv", "authors": ["A B"]}]})J",
                                         "d.json");
    REQUIRE(c.topics.size() == 3);
    CHECK(c.topics[0].query.empty());
    CHECK(c.topics[0].authors == V{"Song Han", "Y. Bengio"});
    CHECK(c.topics[0].min_score == 4);
    CHECK(c.topics[0].min_score_set);
    CHECK(c.topics[1].like == V{"2505.24133", "hep-th/9901001"});  // canonical, once each
    CHECK(c.topics[1].min_score == 6.5);
    CHECK(c.topics[1].wanted == nullptr);
    CHECK(c.topics[2].wanted != nullptr);

    auto error = [](const std::string& text) {
        try {
            parse_digest_config(text, "d.json");
        } catch (const DigestConfigError& e) {
            return std::string(e.what()) + " | " + e.hint;
        }
        return std::string("no error");
    };
    CHECK(error(R"({"title": "T", "topics": [{"name": "x"}]})") ==
          "d.json: topic 1 (\"x\"): missing key \"query\" | every topic needs a query, authors to follow "
          "(\"authors\": [...]) or papers you liked (\"like\": [ids])");
    CHECK(error(R"({"title": "T", "topics": [{"name": "x", "like": ["2505.24133", "nope"]}]})") ==
          "d.json: topic 1 (\"x\"): like[2]: not an arXiv id: \"nope\" | write ids like \"2503.14881\" or "
          "\"hep-th/9901001\"");
    CHECK(error(R"({"title": "T", "topics": [{"name": "x", "query": "a", "min_score": 11}]})").find(
              "d.json: topic 1 (\"x\"): min_score: must be a number from 0 to 10, not 11") == 0);
    CHECK(error(R"({"title": "T", "min_score": "high", "topics": [{"name": "x", "query": "a"}]})").find(
              "d.json: min_score: must be a number from 0 to 10, not \"high\"") == 0);
    CHECK(error(R"({"title": "T", "topics": [{"name": "x", "authors": []}]})").find("missing key \"query\"") !=
          std::string::npos);
    CHECK(error(R"({"title": "T", "topics": [{"name": "x", "authors": ["ok", ""]}]})").find("authors[2]") !=
          std::string::npos);
}

// ---- The score: company, stems, spread; the cut; novelty; likes -----------

namespace {

// May papers on model compression and LLM inference (the topic's profile),
// June papers in the window: on the topic, and the same words in another
// sense or only by stem.
struct CompanyIndex {
    CompanyIndex() : db((dir.path / "db").string()) {
        ClockedIndex index(db);
        index.add("digest/company.jsonl", "2026-07-01T10:00:00Z");
    }
    Scratch dir;
    std::string db;
};

const TopicMatch& match_of(const std::vector<TopicMatch>& ms, const std::string& id) {
    for (const TopicMatch& m : ms)
        if (m.hit.doc.record.id == id) return m;
    throw std::runtime_error("no " + id);
}

double score_of(const std::vector<TopicMatch>& ms, const std::string& id) { return match_of(ms, id).why.score; }

std::string listing_of(const std::vector<TopicMatch>& ms) {
    std::string out;
    for (const TopicMatch& m : ms) out += m.hit.doc.record.id + " " + describe_relevance(m.why) + "\n";
    return out;
}

std::vector<TopicMatch> topic_matches(const std::string& db, const std::string& config_text, size_t topic = 0) {
    DigestConfig config = parse_digest_config(config_text, "d.json");
    const DigestWindow window = make_window({"2026-06", "", 0}, "", at("2026-07-01T12:00:00Z"));
    Searcher searcher(db);
    std::vector<std::string> notes;
    return find_matches(config, window, searcher, nullptr, notes)[topic];
}

}  // namespace

TEST_CASE("digest: score: a word in another sense has little company", "[digest]") {
    CompanyIndex index;
    const auto ms = topic_matches(
        index.db, R"J({"title": "T", "topics": [{"name": "compression", "query": "pruning OR quantization"}]})J");
    INFO(listing_of(ms));
    // Pruning weights (title) above pruning a game tree (title); quantized
    // weights (abstract) above pruning a search tree (abstract) and above
    // the quantization of orbits (title).
    CHECK(score_of(ms, "2606.00211") > score_of(ms, "2606.00212"));
    CHECK(score_of(ms, "2606.00213") > score_of(ms, "2606.00214"));
    CHECK(score_of(ms, "2606.00213") > score_of(ms, "2606.00217"));
    CHECK(match_of(ms, "2606.00211").why.company > 2 * match_of(ms, "2606.00212").why.company);
    CHECK(describe_relevance(match_of(ms, "2606.00211").why).find("reads like the topic (") != std::string::npos);
    // Best first: the cut keeps the best.
    for (size_t i = 1; i < ms.size(); ++i) CHECK(ms[i - 1].why.score >= ms[i].why.score);
    // The May papers are the profile, not picks.
    for (const TopicMatch& m : ms) CHECK(m.hit.doc.record.id.rfind("2606.", 0) == 0);
}

TEST_CASE("digest: score: a phrase matched only by stems ranks below one as written, and is quoted as written",
          "[digest]") {
    CompanyIndex index;
    const auto ms =
        topic_matches(index.db, R"J({"title": "T", "topics": [{"name": "inference", "query": "\"LLM inference\""}]})J");
    INFO(listing_of(ms));
    const TopicMatch& written = match_of(ms, "2606.00216");
    const TopicMatch& stems = match_of(ms, "2606.00215");
    CHECK(written.why.score > stems.why.score);
    REQUIRE(stems.why.reasons.size() >= 1);
    CHECK(stems.why.reasons[0].where == "title");
    CHECK(stems.why.reasons[0].quote == "LLMs infer");
    CHECK_FALSE(stems.why.reasons[0].as_written);
    CHECK(describe_relevance(stems.why).find("\"LLMs infer\" in the title (only the stems of \"LLM inference\")") !=
          std::string::npos);
    CHECK(written.why.reasons[0].quote == "LLM inference");
    CHECK(written.why.reasons[0].as_written);
}

TEST_CASE("digest: score: the phrase finder quotes the paper's words and tells stems from plurals", "[digest]") {
    PhraseFinder finder;
    const std::string text = "Evicting KV-caches: LLMs infer less. Serving LLMs with a KV cache.";
    auto quoted = [&](const PhraseMatch& m) { return text.substr(m.span.begin, m.span.end - m.span.begin); };
    auto found = finder.find(text, analyze_terms("kv cache", true), analyze_terms("kv cache", false));
    REQUIRE(found.size() == 2);
    // Both as written (a plural is the same word); in text order.
    CHECK(quoted(found[0]) == "KV-caches");
    CHECK(found[0].as_written);
    CHECK(quoted(found[1]) == "KV cache");
    found = finder.find(text, analyze_terms("LLM inference", true), analyze_terms("LLM inference", false));
    REQUIRE(found.size() == 1);
    CHECK(quoted(found[0]) == "LLMs infer");
    CHECK_FALSE(found[0].as_written);
    found = finder.find(text, analyze_terms("LLM serving", true), analyze_terms("LLM serving", false));
    CHECK(found.empty());  // "Serving LLMs": the other order
    // A bracket inside the quote is quoted whole.
    const std::string bracketed = "a key-value (KV) cache and a KV (key-value) store";
    found = finder.find(bracketed, analyze_terms("kv cache", true), analyze_terms("kv cache", false));
    REQUIRE(found.size() == 1);
    CHECK(bracketed.substr(found[0].span.begin, found[0].span.end - found[0].span.begin) == "(KV) cache");
    found = finder.find(bracketed, analyze_terms("kv key value", true), analyze_terms("kv key value", false));
    REQUIRE(found.size() == 1);
    CHECK(bracketed.substr(found[0].span.begin, found[0].span.end - found[0].span.begin) == "KV (key-value)");
    // Another form (written empty) counts as written.
    found = finder.find(text, analyze_terms("infer", true), {});
    REQUIRE(found.size() == 1);
    CHECK(found[0].as_written);
}

TEST_CASE("digest: score: spread on a fixture, in steps of how much of the paper is the topic", "[digest]") {
    CompanyIndex index;
    const auto ms = topic_matches(
        index.db,
        R"J({"title": "T", "topics": [{"name": "c", "query": "pruning OR quantization OR \"LLM inference\" OR inference"}]})J");
    INFO(listing_of(ms));
    REQUIRE(ms.size() >= 12);
    // About compressing language models or their inference (the survey
    // among them) above papers that apply it to tumour scans, phones or
    // data centres' bills, above the word in another sense (game trees,
    // orbits, LLMs that infer a country).
    const V on_topic{"2606.00211", "2606.00213", "2606.00216", "2606.00223"};
    const V applied{"2606.00219", "2606.00220", "2606.00221"};
    const V other_sense{"2606.00212", "2606.00214", "2606.00215", "2606.00217"};
    for (const std::string& on : on_topic) {
        CHECK(score_of(ms, on) >= 7.0);
        for (const std::string& a : applied) CHECK(score_of(ms, on) > score_of(ms, a));
    }
    for (const std::string& o : other_sense) CHECK(score_of(ms, o) <= 1.0);
    // No placement ties: the papers with any company each have their own
    // value, but for at most two (the two near-repeats of May's papers,
    // surely on topic); only the surely unrelated share one, 0.
    std::map<double, size_t> values;
    for (const TopicMatch& m : ms) ++values[m.why.score];
    CHECK(values.size() >= 6);
    for (const auto& [value, n] : values)
        if (value > 0) CHECK(n <= 2);
}

TEST_CASE("digest: the cut keeps the best of a topic, in either order", "[digest]") {
    DigestConfig c =
        parse_digest_config(R"J({"title": "T", "topics": [{"name": "t", "query": "x", "limit": 2}]})J", "d.json");
    // Found best first (find_matches' order); newer papers score less.
    std::vector<TopicMatch> ms;
    const std::vector<std::pair<std::string, double>> papers = {
        {"2606.00001", 9.0}, {"2606.00002", 7.5}, {"2606.00003", 5.0}, {"2606.00004", 2.0}};
    for (const auto& [id, score] : papers) {
        TopicMatch m(make_hit(id, "cs.CL", 1, "2026-06-1" + id.substr(9, 1)));
        m.why.score = score;
        ms.push_back(m);
    }
    for (const std::string sort : {"relevance", "newest"}) {
        DigestResult d = assemble_digest(c, dates_window("20260601"), {sort, false}, {ms});
        INFO(sort);
        REQUIRE(d.topics[0].entries.size() == 2);
        CHECK(d.topics[0].total == 4);
        if (sort == "newest") CHECK(ids_of(d.topics[0]) == V{"2606.00002", "2606.00001"});
        else CHECK(ids_of(d.topics[0]) == V{"2606.00001", "2606.00002"});
        CHECK(d.topics[0].entries[0].number == 1);
        CHECK(d.topics[0].entries[0].hit.rank == 1);
    }
}

TEST_CASE("digest: novelty: the nearest earlier paper names the reason, the unlike score higher", "[digest]") {
    CompanyIndex index;
    Searcher searcher(index.db);
    const Xapian::Database& db = searcher.database();
    auto docid = [&](const std::string& id) { return *db.postlist_begin(id_term(id)); };
    // A June paper that repeats a May one: that is its nearest earlier
    // paper, and it is hardly new.
    const Novelty repeat = novelty_of(db, docid("2606.00218"), "20260601");
    CHECK(repeat.nearest_id == "2605.00208");
    CHECK(repeat.nearest_title == "Rotation curves of spiral galaxies");
    CHECK(repeat.score < 3);
    CHECK(repeat.closeness > 0.5);
    // Pruning LLM weights: near May's pruning papers, not a repeat of one.
    const Novelty pruning = novelty_of(db, docid("2606.00211"), "20260601");
    CHECK(pruning.nearest_id.rfind("2605.", 0) == 0);
    CHECK(pruning.score > repeat.score);
    CHECK(pruning.closeness < repeat.closeness);
    const Novelty chess = novelty_of(db, docid("2606.00212"), "20260601");
    CHECK(chess.score > repeat.score);
    // Nothing earlier at all: 10, and said so.
    const Novelty first = novelty_of(db, docid("2606.00212"), "20250101");
    CHECK(first.score == 10.0);
    CHECK(first.nearest_id.empty());
    CHECK(describe_novelty(first) == "10.0/10: nothing earlier resembles it");
    CHECK(describe_novelty(repeat).find("nearest earlier 2605.00208 \"Rotation curves of spiral galaxies\" (closeness 0.") !=
          std::string::npos);
}

TEST_CASE("digest: novelty: the two-step search names the nearest earlier paper the whole index would", "[digest]") {
    CompanyIndex index;
    Searcher searcher(index.db);
    const Xapian::Database& db = searcher.database();
    size_t probed = 0;
    for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        const Record r = decode_stored(db.get_document(*p).get_data()).record;
        if (r.id.rfind("2606.", 0) != 0) continue;
        LikeRequest request;
        request.docs = {*p};
        const LikeQuery like = like_query(db, request);
        probed += like.terms.size() > kNoveltyProbeTerms;
        // All of its words over every earlier paper, as arxiv-query --like ranks.
        Xapian::Enquire whole(db);
        whole.set_query(Xapian::Query(
            Xapian::Query::OP_AND_NOT, like.query,
            Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kUpdatedSlot, "20260601"),
                          Xapian::Query(id_term(r.id)))));
        const Xapian::MSet best = whole.get_mset(0, 1);
        REQUIRE_FALSE(best.empty());
        INFO(r.id);
        CHECK(novelty_of(db, *p, "20260601").nearest_id == decode_stored(best[0].get_document().get_data()).record.id);
    }
    CHECK(probed >= 5);  // the two steps were taken, not only the one search
}

TEST_CASE("digest: liked papers: one likeness of all of them, never listed, scored with the same spread",
          "[digest]") {
    CompanyIndex index;
    const std::string config = R"J({"title": "T", "topics": [
        {"name": "liked", "like": ["2606.00211", "2605.00205"], "min_score": 1},
        {"name": "all", "query": "cat:cs.LG"}]})J";
    const auto all = topic_matches(index.db, config, 1);
    for (const TopicMatch& m : all) CHECK(m.hit.doc.record.id != "2606.00211");  // liked: in the window, but read
    const auto liked = topic_matches(index.db, config, 0);
    INFO(listing_of(liked));
    REQUIRE_FALSE(liked.empty());
    // Compressed weights and LLM inference first; chess and galaxies last or out.
    CHECK((liked[0].hit.doc.record.id == "2606.00213" || liked[0].hit.doc.record.id == "2606.00216"));
    // The survey shares the liked papers' subject but less of their words.
    CHECK(score_of(liked, "2606.00223") < score_of(liked, "2606.00213"));
    CHECK(liked[0].why.reasons.back().where == "like");
    CHECK(liked[0].why.reasons.back().match == "2606.00211, 2605.00205");
    for (const TopicMatch& m : liked)
        if (m.hit.doc.record.id == "2606.00212" || m.hit.doc.record.id == "2606.00217")
            CHECK(m.why.score < liked[0].why.score / 2);
}

TEST_CASE("digest: templates get TeX rendered as the markdown shows it, and the announcement day", "[digest]") {
    DigestConfig c = parse_digest_config(kThreeTopics, "d.json");
    TopicMatch m(make_hit("2606.00003"));
    m.hit.doc.record.title = "80\\% fewer FLOPs with $\\times$4 speed";
    m.hit.doc.record.authors = {"Andr\\'e F. T. Martins"};
    m.hit.doc.record.announced = "2026-06-30";
    DigestResult d = assemble_digest(c, dates_window("20260625"), {}, {{m}, {}, {}});
    const std::string tmpl = "{{#topics}}{{#papers}}{{title}} | {{join authors \", \"}} | "
                             "{{date announced \"%d %b %Y\"}}\n{{/papers}}{{/topics}}";
    CHECK(render_template(tmpl, digest_json(d, true, /*for_people=*/true)) ==
          "80% fewer FLOPs with \xC3\x97" "4 speed | Andr\xC3\xA9 F. T. Martins | 30 Jun 2026\n");
    // The markdown says the same.
    CHECK(render_markdown(d, false).find("### 1. 80% fewer FLOPs with \xC3\x97" "4 speed\n") != std::string::npos);
    // Programs get the text as written.
    CHECK(digest_json(d, true)["topics"][0]["papers"][0]["title"] == "80\\% fewer FLOPs with $\\times$4 speed");
}
