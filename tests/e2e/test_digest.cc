// End-to-end: `arxiv-query digest` over indexed fixtures — sections, tags,
// caps and exclusions; the state file (advanced only after a successful
// write, never by --dry-run); nothing-new runs and --quiet-if-empty; --dedup;
// templates; Atom; and the JSON output checked against
// docs/digest.schema.json.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <sys/stat.h>

#include <xapian.h>

#include "cli_util.h"

using namespace e2e;
using nlohmann::json;

namespace {

std::string docs_dir() { return fixture("../../docs"); }

// ---- JSON Schema -----------------------------------------------------------

// Every error python3-jsonschema finds in `doc` against the schema file, one
// "/path: message" each; `scratch` is a path prefix for the document's file.
std::vector<std::string> schema_errors(const std::string& schema, const json& doc, const std::string& scratch) {
    static int n = 0;
    const std::string path = scratch + "-" + std::to_string(++n) + ".json";
    std::ofstream(path, std::ios::binary) << doc.dump();
    // Debian's python3-jsonschema is for /usr/bin/python3, which may not be
    // the first python3 on PATH (pyenv, virtualenvs): take whichever has it.
    static const std::string python = [] {
        for (const char* candidate : {"/usr/bin/python3", "python3"})
            if (run(std::string(candidate) + " -c 'import jsonschema' 2>/dev/null").code == 0) return std::string(candidate);
        return std::string("python3");  // json_schema_errors.py then says what is missing
    }();
    Result r = run(python + " " + quote(fixture("../e2e/json_schema_errors.py")) + " " + quote(schema) + " " + quote(path));
    if (r.code != 0) throw std::runtime_error("json_schema_errors.py failed: " + r.err);
    std::vector<std::string> errors;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) errors.push_back(line);
    return errors;
}

json read_json(const std::string& path) { return json::parse(slurp(path)); }

// ---- Running digests ---------------------------------------------------------

// One index of the fixtures: the crafted variants, and an Atom paper indexed
// as v1 and then as v2 (a "revised" entry with a previous title/abstract).
struct Fixture {
    TempDir dir;
    std::string db = dir / "db";
    std::string state = dir / "state";
    std::string config = dir / "digest.json";

    Fixture() {
        Result r = index(db, "add " + quote(fixture("e2e/variants.jsonl")) + " " + quote(fixture("e2e/atom_v1.xml")));
        if (r.code != 0) throw std::runtime_error("indexing fixtures failed: " + r.err);
        r = index(db, "add " + quote(fixture("e2e/atom_v2.xml")));
        if (r.code != 0) throw std::runtime_error("indexing atom_v2 failed: " + r.err);
        write(config, slurp(fixture("digest/three-topics.json")));
    }

    static void write(const std::string& path, const std::string& text) {
        std::ofstream(path, std::ios::binary) << text;
    }

    Result digest(const std::string& args, const std::string& cfg = "") const {
        return run("XDG_STATE_HOME=" + quote(state) + " " + quote(query_bin()) + " --db " + quote(db) + " digest " +
                   quote(cfg.empty() ? config : cfg) + " " + args);
    }

    // The state files written so far (one per configuration).
    std::vector<fs::path> state_files() const {
        std::vector<fs::path> out;
        std::error_code ec;
        for (const auto& e : fs::recursive_directory_iterator(state, ec))
            if (e.is_regular_file()) out.push_back(e.path());
        return out;
    }

    std::string last_run() const {
        auto files = state_files();
        if (files.size() != 1) return "";
        return read_json(files[0].string()).value("last_run", "");
    }
};

// The markdown section of one topic: from its heading to the next one.
std::string section(const std::string& md, const std::string& topic) {
    size_t b = md.find("\n## " + topic + "\n");
    if (b != std::string::npos) ++b;
    if (b == std::string::npos) return "";
    size_t e = md.find("\n## ", b + 1);
    return md.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

std::set<std::string> all_ids(const json& digest) {
    std::set<std::string> ids;
    for (const auto& t : digest["topics"])
        for (const auto& p : t["papers"]) ids.insert(p["id"].get<std::string>());
    return ids;
}

}  // namespace

TEST_CASE("digest: sections, exclusions, caps and tags", "[e2e][digest]") {
    Fixture f;
    Result r = f.digest("--since 2024-03-10 --dry-run");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    const std::string& md = r.out;
    CHECK(md.rfind("# E2E digest\n\n*4 papers in 3 topics; scanned: ", 0) == 0);
    // The topics, in configuration order.
    size_t a = md.find("\n## kv cache\n"), b = md.find("\n## cache in cs.LG\n"),
           c = md.find("\n## Duarte\n");
    REQUIRE(a != std::string::npos);
    REQUIRE(b != std::string::npos);
    REQUIRE(c != std::string::npos);
    CHECK((a < b && b < c));

    // The table of contents: each topic with its count, linked to its heading.
    CHECK(md.find("*\n\n- [kv cache](#kv-cache) (3)\n- [cache in cs.LG](#cache-in-cslg) (1)\n"
                  "- [Duarte](#duarte) (1)\n\n## kv cache\n") != std::string::npos);
    // The headings are the topics' names: no "Keyword:" for an author.
    CHECK(md.find("Keyword") == std::string::npos);
    // Counts in JSON too, and the markdown's scanned count is the JSON's.
    Result js = f.digest("--since 2024-03-10 --dry-run --format json");
    REQUIRE(js.code == 0);
    json j = json::parse(js.out);
    CHECK(j["topic_count"] == 3);
    CHECK(j["scanned"].get<int>() >= j["paper_count"].get<int>());
    CHECK(md.find("*4 papers in 3 topics; scanned: " + std::to_string(j["scanned"].get<int>()) +
                  " new or updated papers in the window \xC2\xB7 submitted or updated since 2024-03-10") !=
          std::string::npos);
    // Numbered across the whole digest, never restarting in a topic.
    int expected = 0;
    for (const auto& t : j["topics"])
        for (const auto& p : t["papers"]) CHECK(p["number"] == ++expected);
    CHECK(expected == 4);

    // Global exclusions: an author (2501.00002), a category (2501.00005,
    // cs.AR); a topic's own exclusion (Duarte's quant-ph paper 2503.00009).
    CHECK(md.find("2501.00002") == std::string::npos);
    CHECK(md.find("2501.00005") == std::string::npos);
    CHECK(md.find("2503.00009") == std::string::npos);

    // kv cache: three matches, best first, capped at the file's limit of 2:
    // the two with the phrase in the title stay, the one whose abstract has
    // only "KV caching" (the stems, not the phrase) is cut.
    std::string kv = section(md, "kv cache");
    CHECK(kv.find("### 1. A KV-cache aware scheduler\n") != std::string::npos);
    CHECK(kv.find("**Why**: 10.0/10: \"KV-cache\" in the title\n") != std::string::npos);
    CHECK(kv.find("### 2. Compressing the KV cache for long-context inference\n") != std::string::npos);
    CHECK(kv.find("Speculative decoding revisited") == std::string::npos);
    CHECK(kv.find("*1 more not shown (limit 2).*") != std::string::npos);
    // --sort newest shows the same best two, newest first: the cut never
    // depends on the order.
    std::string newest = section(f.digest("--since 2024-03-10 --dry-run --sort newest").out, "kv cache");
    CHECK(newest.find("Speculative decoding revisited") == std::string::npos);
    CHECK(newest.find("A KV-cache aware scheduler") != std::string::npos);
    CHECK(newest.find("Compressing the KV cache for long-context inference") != std::string::npos);

    // cache in cs.LG: 2501.00001 is cs.CL with a cs.LG cross-list.
    std::string lg = section(md, "cache in cs.LG");
    CHECK(lg.find("### 3. Compressing the KV cache for long-context inference") != std::string::npos);
    CHECK(lg.find("**Status**: new, cross-listed (also in: kv cache)") != std::string::npos);
    CHECK(lg.find("more not shown") == std::string::npos);

    // Duarte: v2 of a paper submitted before the window: revised, with what changed.
    std::string du = section(md, "Duarte");
    CHECK(du.find("### 4. Cache-Aligned Posting-List Compression (second version)") != std::string::npos);
    CHECK(du.find("**Status**: revised\n") != std::string::npos);
    CHECK(du.find("**Changes**: v1 \xE2\x86\x92 v2 (major): title: \"(first\" \xE2\x86\x92 \"(second\"; abstract "
                  "(+2/\xE2\x88\x92" "2 words): \"original\" \xE2\x86\x92 \"revised\"; \"first\" \xE2\x86\x92 \"second\"") !=
          std::string::npos);

    // With the window starting before v1, the reader has not seen it: new.
    Result earlier = f.digest("--since 2024-03-01 --dry-run");
    CHECK(section(earlier.out, "Duarte").find("**Status**: new\n") != std::string::npos);
    // --until closes the window: nothing from 2025 on.
    Result closed = f.digest("--since 2024-03-01 --until 2024-03-31 --dry-run --omit-empty");
    CHECK(closed.code == 0);
    CHECK(closed.out.find("\n## kv cache") == std::string::npos);
    CHECK(closed.out.find("\n## Duarte") != std::string::npos);

    CHECK(f.state_files().empty());  // --dry-run never writes state
}

TEST_CASE("digest: --output through a link, and into what is not a regular file", "[e2e][digest]") {
    Fixture f;
    // A link: the file it names gets the digest; the link stays a link.
    fs::create_directories(f.dir / "real");
    fs::create_symlink(f.dir / "real/digest.md", f.dir / "link.md");
    Result linked = f.digest("--since 2024-01 --dry-run --output " + quote(f.dir / "link.md"));
    INFO(linked.err);
    REQUIRE(linked.code == 0);
    CHECK(fs::is_symlink(f.dir / "link.md"));
    CHECK(slurp(f.dir / "real/digest.md").rfind("# E2E digest\n", 0) == 0);
    // A named pipe (as /dev/null or /dev/stdout are not regular files):
    // written into, never replaced by a file of the same name (as root,
    // `--output /dev/null` once put a plain file in /dev/null's place).
    const std::string fifo = f.dir / "pipe";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string read_back;
    std::thread reader([&] { read_back = slurp(fifo); });
    Result piped = f.digest("--since 2024-01 --dry-run --output " + quote(fifo));
    reader.join();
    INFO(piped.err);
    CHECK(piped.code == 0);
    CHECK(read_back.rfind("# E2E digest\n", 0) == 0);
    struct stat st {};
    REQUIRE(stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("digest: state advances only after a successful write", "[e2e][digest]") {
    Fixture f;
    // An output that cannot be written: an error, no digest, no state.
    Result bad = f.digest("--since 2024-01 --output " + quote(f.dir / "missing/out.md"));
    CHECK(bad.code == 4);
    CHECK(bad.err.find("cannot write " + (f.dir / "missing/out.md")) != std::string::npos);
    CHECK(bad.err.find("state of this digest was not advanced") != std::string::npos);
    CHECK_FALSE(fs::exists(f.dir / "missing"));
    CHECK(f.state_files().empty());

    // A dry run writes the digest and leaves the state alone.
    Result dry = f.digest("--since 2024-01 --dry-run --output " + quote(f.dir / "dry.md"));
    CHECK(dry.code == 0);
    CHECK(slurp(f.dir / "dry.md").find("\n## kv cache") != std::string::npos);
    CHECK(f.state_files().empty());

    // A real run writes both; the file is complete and the state names the config.
    Result ok = f.digest("--since 2024-01 --output " + quote(f.dir / "out.md"));
    INFO(ok.err);
    REQUIRE(ok.code == 0);
    CHECK(ok.out.empty());
    std::string md = slurp(f.dir / "out.md");
    CHECK(md.rfind("# E2E digest\n", 0) == 0);
    CHECK(md.find(". Cache-Aligned Posting-List Compression (second version)\n") != std::string::npos);
    REQUIRE(f.state_files().size() == 1);
    CHECK(f.state_files()[0].string().find(f.state + "/arxiv-search/digests/digest-") == 0);
    json state = read_json(f.state_files()[0].string());
    CHECK(state["config"] == fs::weakly_canonical(f.config).string());
    std::string first_run = f.last_run();
    CHECK(first_run.size() == 20);

    // Since the last run nothing is new: every topic says so, exit code 1.
    Result again = f.digest("");
    CHECK(again.code == 1);
    CHECK(again.out.find("*Nothing new in 3 topics; scanned: 0 new or updated papers in the window \xC2\xB7 new since the last run (") != std::string::npos);
    CHECK(section(again.out, "kv cache") == "## kv cache\n\n*Nothing new.*\n");
    CHECK(again.out.find("###") == std::string::npos);

    // --quiet-if-empty: no output at all, not even a file; still exit 1.
    Result quiet = f.digest("--quiet-if-empty --output " + quote(f.dir / "quiet.md"));
    CHECK(quiet.code == 1);
    CHECK(quiet.out.empty());
    CHECK(quiet.err.empty());
    CHECK_FALSE(fs::exists(f.dir / "quiet.md"));
    CHECK(f.last_run() >= first_run);
    // No temporary files left next to the outputs.
    for (const auto& e : fs::directory_iterator(f.dir.path()))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);

    // What a later run lists (a paper indexed after the last run, a new
    // version) depends on second-resolution times of the indexer and the
    // digest: tests/unit/test_digest.cc drives run_digest and the writer's
    // upsert with injected clocks for that.
}

TEST_CASE("digest: a first run covers the newest days in the index and says so", "[e2e][digest]") {
    Fixture f;
    // The newest fixtures: only the month is known (2025-03), and that
    // month's one paper is excluded: the first run covers that month.
    Result month = f.digest("--dry-run --format json");
    CHECK(month.code == 1);
    CHECK(json::parse(month.out)["window"]["note"] == "First run: covering 2025-03, the newest month in the index");
    // A paper of 2026-07-01, months before the clock's last seven days: a
    // first run still finds it.
    REQUIRE(index(f.db, "add " + quote(fixture("digest/fresh_v1.xml"))).code == 0);
    Result first = f.digest("--dry-run --format json");
    INFO(first.err);
    REQUIRE(first.code == 0);
    json j = json::parse(first.out);
    CHECK(j["window"]["mode"] == "first-run");
    REQUIRE(j["window"]["until"].is_string());
    const std::string until = j["window"]["until"], from = j["window"]["from"];
    CHECK(until == "2026-07-01");
    CHECK(from == "2026-06-25");
    const std::string note = "First run: covering " + from + " to " + until + ", the newest 7 days in the index";
    CHECK(j["window"]["note"] == note);
    CHECK(j["paper_count"].get<int>() > 0);
    CHECK(first.err.find("arxiv-query digest: " + note) != std::string::npos);

    // Markdown says it in a line of its own.
    Result md = f.digest("--output " + quote(f.dir / "first.md"));
    INFO(md.err);
    REQUIRE(md.code == 0);
    CHECK(slurp(f.dir / "first.md").find("\n\n" + note + ".\n\n") != std::string::npos);

    // Later runs are as before: since the last run, nothing new, no note.
    Result again = f.digest("--format json");
    CHECK(again.code == 1);
    json a = json::parse(again.out);
    CHECK(a["window"]["mode"] == "since-last-run");
    CHECK(a["window"]["note"].is_null());
    CHECK(again.err.find("First run") == std::string::npos);
}

TEST_CASE("digest: while arxiv-index holds the index the state is not advanced", "[e2e][digest]") {
    Fixture f;
    {
        // A writer that started before the digest may commit papers stamped
        // before the digest's start after it read the index.
        Xapian::WritableDatabase writer(f.db, Xapian::DB_OPEN);
        Result busy = f.digest("--since 2024-01 --output " + quote(f.dir / "busy.md"));
        INFO(busy.err);
        CHECK(busy.code == 0);
        CHECK(slurp(f.dir / "busy.md").find("\n## kv cache") != std::string::npos);
        CHECK(busy.err.find("arxiv-index is writing to the index") != std::string::npos);
        CHECK(busy.err.find("the state was not advanced") != std::string::npos);
        CHECK(f.state_files().empty());
        // A dry run never advances it, so it has nothing to say.
        Result dry = f.digest("--since 2024-01 --dry-run");
        CHECK(dry.code == 0);
        CHECK(dry.err.empty());
    }
    // The writer is gone: the same run advances the state.
    Result idle = f.digest("--since 2024-01 --output " + quote(f.dir / "idle.md"));
    INFO(idle.err);
    CHECK(idle.code == 0);
    CHECK(idle.err.empty());
    REQUIRE(f.state_files().size() == 1);
    CHECK(f.last_run().size() == 20);

    // An existing state stays byte for byte as it was (the run below finds
    // nothing new, so a state it wrote would differ in its paper count).
    const std::string state = slurp(f.state_files()[0]);
    {
        Xapian::WritableDatabase writer(f.db, Xapian::DB_OPEN);
        Result busy = f.digest("");
        CHECK(busy.code == 1);
        CHECK(busy.err.find("the state was not advanced") != std::string::npos);
    }
    CHECK(slurp(f.state_files()[0]) == state);
}

TEST_CASE("digest: --dedup lists each paper under its first topic", "[e2e][digest]") {
    Fixture f;
    Result plain = f.digest("--since 2024-01 --dry-run --format json");
    Result dedup = f.digest("--since 2024-01 --dry-run --format json --dedup");
    REQUIRE(plain.code == 0);
    REQUIRE(dedup.code == 0);
    json p = json::parse(plain.out), d = json::parse(dedup.out);
    CHECK(p["dedup"] == false);
    CHECK(d["dedup"] == true);
    // 2501.00001 matches "kv cache" (among its best two) and "cache in cs.LG".
    CHECK(p["topics"][0]["total"] == 3);
    CHECK(p["topics"][1]["total"] == 1);
    CHECK(p["topics"][1]["papers"][0]["id"] == "2501.00001");
    CHECK(d["topics"][0]["total"] == 3);
    CHECK(d["topics"][1]["total"] == 0);
    CHECK(d["topics"][1]["papers"].empty());
    CHECK(d["paper_count"] == p["paper_count"]);
    // No id appears under two topics.
    size_t listed = 0;
    for (const auto& t : d["topics"]) listed += t["papers"].size();
    CHECK(listed == all_ids(d).size());
    // --omit-empty then drops the emptied topic.
    Result omit = f.digest("--since 2024-01 --dry-run --dedup --omit-empty");
    CHECK(omit.out.find("\n## cache in cs.LG") == std::string::npos);
    CHECK(omit.out.find("\n## Duarte") != std::string::npos);
}

TEST_CASE("digest: JSON output validates against docs/digest.schema.json", "[e2e][digest]") {
    Fixture f;
    const std::string scratch = f.dir / "schema-check";
    auto digest_errors = [&](const json& doc) {
        return schema_errors(docs_dir() + "/digest.schema.json", doc, scratch);
    };
    auto config_errors = [&](const json& doc) {
        return schema_errors(docs_dir() + "/digest-config.schema.json", doc, scratch);
    };

    // The validator itself must catch mistakes, or passing means nothing.
    Result r = f.digest("--since 2024-03-10 --dry-run --format json");
    REQUIRE(r.code == 0);
    json doc = json::parse(r.out);
    json broken = doc;
    broken["topics"][2]["papers"][0].erase("title");
    broken["topics"][0]["papers"][0]["tags"] = json::array({"hot"});
    broken["window"]["from"] = "10 March";
    broken["extra"] = 1;
    std::vector<std::string> found = digest_errors(broken);
    INFO(found.size() << " errors in the broken document");
    for (const std::string& e : found) UNSCOPED_INFO(e);
    CHECK(found.size() == 4);

    for (const char* args : {"--since 2024-03-10", "--since 2024-01 --dedup --sort relevance",
                                    "--days 3", "--since 2024-03-10 --omit-empty", ""}) {
        Result out = f.digest(std::string(args) + " --dry-run --format json");
        INFO(args << "\n" << out.err);
        REQUIRE((out.code == 0 || out.code == 1));
        std::vector<std::string> errors = digest_errors(json::parse(out.out));
        INFO(errors.size() << " errors, first: " << (errors.empty() ? "" : errors[0]));
        CHECK(errors.empty());
    }
    // The revised paper carries its revision object; the schema covers it.
    CHECK(doc["topics"][2]["papers"][0]["revision"].is_object());

    // The configuration schema accepts the fixture and the documented example,
    // and rejects what the tool rejects.
    CHECK(config_errors(read_json(fixture("digest/three-topics.json"))).empty());
    CHECK(config_errors(read_json(docs_dir() + "/digest-example.json")).empty());
    CHECK_FALSE(config_errors(json::parse(R"({"title": "t", "topics": [{"name": "a", "qeury": "x"}]})")).empty());
}

TEST_CASE("digest: templates reproduce the topic-list layout", "[e2e][digest]") {
    Fixture f;
    Result r = f.digest("--since 2024-03-10 --dry-run --template " + quote(docs_dir() + "/digest-topic-list.tmpl"));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.rfind("# E2E digest\n\n## kv cache\n\n- [A KV-cache aware scheduler]"
                      "(https://arxiv.org/abs/2501.00003)\n"
                      "  - Bernhard Schölkopf, Yoshua Bengio\n"
                      "  - Publish Date: 2025.01\n"  // known only by its month
                      "  - Summary:\n"
                      "    - Scheduling with KV-cache reuse across requests.\n",
                      0) == 0);
    CHECK(r.out.find("\n  (1 more)\n") != std::string::npos);
    CHECK(r.out.find("- [Cache-Aligned Posting-List Compression (second version)]"
                     "(https://arxiv.org/abs/2403.04417v2)\n  - Ana Cristina Duarte\n"
                     "  - Publish Date: 2024.03.07\n") != std::string::npos);
    CHECK(r.out.find("    - Revised: v1 \xE2\x86\x92 v2 (major)") != std::string::npos);

    // A template mistake: exit 2, file and line named, nothing written, no state.
    std::string bad = f.dir / "bad.tmpl";
    Fixture::write(bad, "# {{title}}\n{{#topics}}\n{{#papers}}\n- {{titel}}\n{{/papers}}\n{{/topics}}\n");
    Result e = f.digest("--since 2024-01 --template " + quote(bad) + " --output " + quote(f.dir / "t.md"));
    CHECK(e.code == 2);
    CHECK(e.err.find(bad + ":4: unknown field 'titel'") != std::string::npos);
    CHECK(e.err.find("did you mean 'title'?") != std::string::npos);
    CHECK_FALSE(fs::exists(f.dir / "t.md"));
    CHECK(f.state_files().empty());
    // --template and --format are alternatives.
    CHECK(f.digest("--template " + quote(bad) + " --format json").code == 2);
}

TEST_CASE("digest: Atom feed", "[e2e][digest]") {
    Fixture f;
    Result r = f.digest("--since 2024-03-10 --dry-run --format atom");
    REQUIRE(r.code == 0);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(r.out.c_str()));
    pugi::xml_node feed = doc.child("feed");
    CHECK(std::string(feed.child_value("title")) == "E2E digest");
    std::set<std::string> ids;
    size_t entries = 0;
    for (pugi::xml_node e : feed.children("entry")) {
        ++entries;
        ids.insert(e.child_value("id"));
        CHECK(std::string(e.child_value("updated")).size() == 20);
    }
    CHECK(entries == 4);  // 2 + 1 + 1 shown
    CHECK(ids.size() == entries);  // unique ids, as Atom requires
    CHECK(ids.count("https://arxiv.org/abs/2403.04417v2#duarte") == 1);
}

TEST_CASE("digest: configuration and usage errors", "[e2e][digest]") {
    Fixture f;
    std::string cfg = f.dir / "bad.json";
    Fixture::write(cfg, R"({"title": "t", "topics": [{"name": "a", "query": "x"},
                          {"name": "kv cache", "query": "kv \"cache"}]})");
    Result r = f.digest("", cfg);
    CHECK(r.code == 2);
    CHECK(r.err.find(cfg + ": topic 2 (\"kv cache\"): query: unclosed quote (column 4)") != std::string::npos);
    CHECK(r.out.empty());
    CHECK(f.state_files().empty());

    Fixture::write(cfg, R"({"title": "t", "topics": [{"name": "a", "query": "x", "limit": -1}]})");
    r = f.digest("", cfg);
    CHECK(r.code == 2);
    CHECK(r.err.find(": topic 1 (\"a\"): limit: must be a whole number of at least 1, not -1") != std::string::npos);

    CHECK(f.digest("", f.dir / "none.json").code == 2);
    CHECK(f.digest("--until 2025").code == 2);
    CHECK(f.digest("--since 2025-02-30").err.find("--since 2025-02-30: invalid date") != std::string::npos);
    Result missing_db = run("XDG_STATE_HOME=" + quote(f.state) + " " + quote(query_bin()) + " --db " +
                            quote(f.dir / "nodb") + " digest " + quote(f.config) + " --since 2024");
    CHECK(missing_db.code == 3);
    CHECK(missing_db.err.find("no index at") != std::string::npos);
    CHECK(f.state_files().empty());
}

TEST_CASE("digest: personal topics say why each paper is there, in every format", "[e2e][digest]") {
    TempDir dir;
    const std::string db = dir / "db", state = dir / "state";
    Result r = index(db, "add " + quote(fixture("digest/scoring.jsonl")));
    REQUIRE(r.code == 0);
    const std::string config = fixture("digest/personal.json");
    auto digest = [&](const std::string& args) {
        return run("XDG_STATE_HOME=" + quote(state) + " " + quote(query_bin()) + " --db " + quote(db) + " digest " +
                   quote(config) + " --since 2026-06 --dry-run --sort relevance " + args);
    };

    Result js = digest("--format json");
    INFO(js.err);
    REQUIRE(js.code == 0);
    const json doc = json::parse(js.out);
    CHECK(schema_errors(docs_dir() + "/digest.schema.json", doc, dir / "schema").empty());
    CHECK(schema_errors(docs_dir() + "/digest-config.schema.json", read_json(config), dir / "schema").empty());
    const json& kv = doc["topics"][0]["papers"];
    REQUIRE(kv.size() == 2);  // the 6.0 paper is under min_score 7
    CHECK(kv[0]["id"] == "2606.00101");
    CHECK(kv[0]["relevance"] == 10.0);
    // Quoting the paper as it writes the words.
    CHECK(kv[1]["why"] == "8.0/10: \"KV cache\" in the title; \"eviction\" in the abstract");
    CHECK(kv[1]["reasons"][1] == json({{"where", "abstract"},
                                       {"match", "eviction"},
                                       {"quote", "eviction"},
                                       {"as_written", true},
                                       {"title", nullptr},
                                       {"score", 6.0}}));
    // Every pick carries its novelty; nothing in this index is earlier.
    CHECK(kv[0]["novelty"] == json({{"score", 10.0},
                                    {"closeness", 0.0},
                                    {"nearest", nullptr},
                                    {"why", "10.0/10: nothing earlier resembles it"}}));
    CHECK(doc["topics"][0]["min_score"] == 7.0);
    CHECK(doc["topics"][1]["query"].is_null());
    CHECK(doc["topics"][1]["authors"] == json::array({"Song Han"}));
    CHECK(doc["topics"][1]["papers"][0]["why"] == "10.0/10: by Song Han (followed)");
    const json& liked = doc["topics"][2]["papers"];
    REQUIRE(liked.size() == 1);
    CHECK(liked[0]["id"] == "2606.00106");
    CHECK(liked[0]["reasons"][0]["where"] == "like");
    CHECK(liked[0]["reasons"][0]["title"] == "Redundancy-aware compression of reasoning traces in language models");
    // The liked paper itself is never listed, in any topic.
    for (const auto& t : doc["topics"])
        for (const auto& p : t["papers"]) CHECK(p["id"] != "2606.00105");

    Result md = digest("");
    REQUIRE(md.code == 0);
    CHECK(md.out.find("**Why**: 8.0/10: \"KV cache\" in the title; \"eviction\" in the abstract\n") != std::string::npos);
    CHECK(md.out.find("/10: like 2606.00105 \"Redundancy-aware compression") != std::string::npos);
    CHECK(md.out.find("**Novelty**: 10.0/10: nothing earlier resembles it\n") != std::string::npos);

    Result atom = digest("--format atom");
    REQUIRE(atom.code == 0);
    CHECK(atom.out.find("Why: 10.0/10: by Song Han (followed)") != std::string::npos);
    CHECK(atom.out.find("Novelty: 10.0/10: nothing earlier resembles it") != std::string::npos);

    const std::string tmpl = dir / "why.tmpl";
    std::ofstream(tmpl) << "{{#topics}}{{#papers}}{{id}} {{relevance}} {{why}} | {{novelty.score}}\n{{/papers}}{{/topics}}";
    Result t = digest("--template " + quote(tmpl));
    INFO(t.err);
    REQUIRE(t.code == 0);
    CHECK(t.out.find("2606.00104 10.0 10.0/10: by Song Han (followed) | 10.0\n") != std::string::npos);

    // A liked paper the index does not hold: a note, the rest still runs.
    const std::string missing = dir / "missing.json";
    std::ofstream(missing) << R"({"title": "t", "topics": [{"name": "l", "like": ["2601.99999"]}]})";
    Result m = run("XDG_STATE_HOME=" + quote(state) + " " + quote(query_bin()) + " --db " + quote(db) + " digest " +
                   quote(missing) + " --since 2026-06 --dry-run");
    CHECK(m.code == 1);
    CHECK(m.err.find("arxiv-query digest: topic \"l\": liked paper 2601.99999 is not in the index") != std::string::npos);
}

TEST_CASE("digest: the search's options are refused, -n caps each topic, --layout scored lists the best across topics",
          "[e2e][digest]") {
    Fixture f;
    // Before or after the command, a search option is an error, not ignored.
    for (const char* args : {"--count digest", "--facets category digest", "-f ids digest"}) {
        Result r = run(quote(query_bin()) + " --db " + quote(f.db) + " " + args + " " + quote(f.config) +
                       " --since 2024-01 --dry-run");
        INFO(args << "\n" << r.err);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("is an option of the search, not of digest") != std::string::npos);
    }
    Result after = f.digest("--since 2024-01 --dry-run --count");
    CHECK(after.code == 2);
    CHECK(after.err.find("unknown option '--count'") != std::string::npos);
    CHECK(f.digest("--since 2024-01 --dry-run --facets category").code == 2);
    // -n before the command is the search's; the hint says what it means after.
    Result before = run(quote(query_bin()) + " --db " + quote(f.db) + " -n 1 digest " + quote(f.config) +
                        " --since 2024-01 --dry-run");
    CHECK(before.code == 2);
    CHECK(before.err.find("hint: after digest, --limit means: Papers shown per topic") != std::string::npos);
    // -n after it: every topic shows at most N, the best ones.
    Result capped = f.digest("--since 2024-03-10 --dry-run -n 1 --format json");
    REQUIRE(capped.code == 0);
    const json j = json::parse(capped.out);
    CHECK(j["topics"][0]["limit"] == 1);
    CHECK(j["topics"][0]["shown"] == 1);
    CHECK(j["topics"][0]["more"] == 2);
    CHECK(j["topics"][0]["papers"][0]["id"] == "2501.00003");  // the best of the three
    // --db after the command.
    Result db_after = run("XDG_STATE_HOME=" + quote(f.state) + " " + quote(query_bin()) + " digest " +
                          quote(f.config) + " --db " + quote(f.db) + " --since 2024-03-10 --dry-run -f json");
    CHECK(db_after.code == 0);
    CHECK(json::parse(db_after.out)["topics"] == json::parse(f.digest("--since 2024-03-10 --dry-run -f json").out)["topics"]);

    // The scored layout: the three counts, a numbered table of contents with
    // every paper, then each paper once, best first.
    Result scored = f.digest("--since 2024-03-10 --dry-run --layout scored");
    INFO(scored.err);
    REQUIRE(scored.code == 0);
    const std::string& md = scored.out;
    CHECK(md.rfind("# E2E digest\n\n*submitted or updated since 2024-03-10", 0) == 0);
    const json full = json::parse(f.digest("--since 2024-03-10 --dry-run -f json").out);
    CHECK(md.find("Papers in the window: " + std::to_string(full["scanned"].get<int>()) +
                  " \xC2\xB7 scanned (in the topics' categories): " + std::to_string(full["in_scope"].get<int>()) +
                  " \xC2\xB7 relevant: 3\n") != std::string::npos);
    CHECK(md.find("## Contents\n\n1. [") != std::string::npos);
    CHECK(md.find("\n3. [") != std::string::npos);
    CHECK(md.find("\n4. [") == std::string::npos);  // 2501.00001 is in two topics, listed once
    CHECK(md.find("(#1-a-kv-cache-aware-scheduler) \xE2\x80\x94 Bernhard Schölkopf, Yoshua Bengio (10.0)") !=
          std::string::npos);
    CHECK(md.find("### 1. A KV-cache aware scheduler\n\n**arXiv**: [2501.00003](https://arxiv.org/abs/2501.00003)") !=
          std::string::npos);
    CHECK(md.find("**Relevance**: 10.0/10 \xC2\xB7 **Novelty**: ") != std::string::npos);
    // The JSON's ranked list is the same list.
    REQUIRE(full["papers"].size() == 3);
    CHECK(full["papers"][0]["id"] == "2501.00003");
    CHECK(full["papers"][0]["topic"] == "kv cache");
    // A layout of the markdown only.
    Result wrong = f.digest("--since 2024-03-10 --dry-run --layout scored -f json");
    CHECK(wrong.code == 2);
    CHECK(wrong.err.find("--layout scored is a layout of the markdown output") != std::string::npos);

    // docs/digest-scored.tmpl, the same layout as a template.
    Result tmpl = f.digest("--since 2024-03-10 --dry-run --template " + quote(docs_dir() + "/digest-scored.tmpl"));
    INFO(tmpl.err);
    REQUIRE(tmpl.code == 0);
    CHECK(tmpl.out.find("Total relevant papers: 3\n") != std::string::npos);
    CHECK(tmpl.out.find("1. A KV-cache aware scheduler\nArXiv ID: 2501.00003\n") != std::string::npos);
    CHECK(tmpl.out.find("Relevance: 10.0 Novelty: ") != std::string::npos);
}
