// End-to-end: arxiv-index over fixtures and the bundled sample.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>
#include <zlib.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <map>
#include <set>

#include "cli_util.h"
#include "process.h"

using namespace e2e;
using nlohmann::json;

namespace {

// Reads daily-arxiv files in order with an independent JSON parser: the
// newest title per id, as the index must hold it.
std::map<std::string, std::string> newest_titles(const std::vector<std::string>& files) {
    std::map<std::string, std::string> titles;
    for (const auto& f : files) {
        gzFile gz = gzopen(f.c_str(), "rb");
        REQUIRE(gz);
        std::string content;
        char buf[65536];
        int n;
        while ((n = gzread(gz, buf, sizeof buf)) > 0) content.append(buf, n);
        gzclose(gz);
        std::istringstream lines(content);
        for (std::string line; std::getline(lines, line);) {
            auto j = json::parse(line, nullptr, false);
            if (j.is_object()) titles[j["id"]] = j["title"];
        }
    }
    return titles;
}

std::vector<std::string> sorted_files(const std::string& dir, size_t limit = 0) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    if (limit && files.size() > limit) files.resize(limit);
    return files;
}

std::string collapse(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

long doc_count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

}  // namespace

TEST_CASE("sample: ingest, re-ingest idempotence, newest record wins", "[e2e][ingest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    Result first = index(db, "add " + quote(data_dir() + "/daily-arxiv"));
    INFO(first.err);
    REQUIRE(first.code == 0);
    CHECK(first.err.find("1862 records from 5 files") != std::string::npos);
    CHECK(first.err.find("added 981") != std::string::npos);
    CHECK(doc_count(db) == 981);

    Result before = query(db, "--format jsonl --limit 2000 --sort id 'date:2000..'");
    REQUIRE(before.code == 0);

    Result again = index(db, "add " + quote(data_dir() + "/daily-arxiv"));
    REQUIRE(again.code == 0);
    CHECK(again.err.find("added 0, replaced 0, unchanged 1862") != std::string::npos);
    CHECK(doc_count(db) == 981);
    Result after = query(db, "--format jsonl --limit 2000 --sort id 'date:2000..'");
    CHECK(after.out == before.out);

    // Every id holds the title of the newest file it appeared in.
    auto expected = newest_titles(sorted_files(data_dir() + "/daily-arxiv"));
    REQUIRE(expected.size() == 981);
    std::istringstream lines(after.out);
    size_t checked = 0;
    for (std::string line; std::getline(lines, line);) {
        json hit = json::parse(line);
        INFO(hit["id"]);
        CHECK(hit["title"] == collapse(expected.at(hit["id"])));
        ++checked;
    }
    CHECK(checked == 981);
}

TEST_CASE("parallel fresh build = one writer, also across many small generations", "[e2e][ingest]") {
    // Generations of 50 papers make the sample's recurring ids (981 papers
    // over 1,862 lines) land in closed generations again and again.
    TempDir tmp;
    const std::string input = quote(data_dir() + "/daily-arxiv") + " " + quote(fixture("e2e/atom_v1.xml")) +
                              " " + quote(fixture("e2e/atom_v2.xml")) + " " + quote(fixture("e2e/atom_v1.xml"));
    Result one = index(tmp / "one", "add --jobs 1 " + input);
    Result many = run("ARXIV_SEARCH_GENERATION_DOCS=50 " + quote(index_bin()) + " --db " + quote(tmp / "many") +
                      " add --jobs 3 " + input);
    INFO(one.err << many.err);
    REQUIRE(one.code == 0);
    REQUIRE(many.code == 0);
    auto summary = [](const std::string& err) { return err.substr(err.find(": added")); };
    CHECK(summary(many.err) == summary(one.err));
    CHECK(doc_count(tmp / "many") == 982);
    auto dump = [](const std::string& db) {
        std::istringstream lines(query(db, "--format jsonl --sort id --limit 5000 'date:1900..'").out);
        std::string out;
        for (std::string line; std::getline(lines, line);) {
            json j = json::parse(line);
            j.erase("first_indexed");
            j.erase("score");
            out += j.dump() + "\n";
        }
        return out;
    };
    CHECK(dump(tmp / "many") == dump(tmp / "one"));
    CHECK(query(tmp / "many", "--count id:2403.04417").out == "1\n");
}

TEST_CASE("an older version never replaces a newer one", "[e2e][ingest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    REQUIRE(index(db, "add " + quote(fixture("e2e/atom_v2.xml"))).code == 0);
    Result older = index(db, "add " + quote(fixture("e2e/atom_v1.xml")));
    REQUIRE(older.code == 0);
    CHECK(older.err.find("older than the indexed record") != std::string::npos);
    Result r = query(db, "--format json id:2403.04417");
    REQUIRE(r.code == 0);
    json j = json::parse(r.out);
    CHECK(j["results"][0]["version"] == 2);
    CHECK(j["results"][0]["title"] == "Cache-Aligned Posting-List Compression (second version)");

    // The other way round: v1 first, then v2 replaces it.
    TempDir tmp2;
    std::string db2 = tmp2 / "db";
    REQUIRE(index(db2, "add " + quote(fixture("e2e/atom_v1.xml"))).code == 0);
    Result newer = index(db2, "add " + quote(fixture("e2e/atom_v2.xml")));
    CHECK(newer.err.find("replaced 1") != std::string::npos);
    j = json::parse(query(db2, "--format json id:2403.04417").out);
    CHECK(j["results"][0]["version"] == 2);
    CHECK(j["results"][0]["published"] == "2024-03-07");
    CHECK(j["results"][0]["updated"] == "2024-03-12");
}

TEST_CASE("bad input is reported with its location and loses no good record", "[e2e][ingest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    // A JSON-lines file with a broken line in the middle.
    {
        std::ofstream f(tmp / "mixed.jsonl");
        std::istringstream lines(slurp(fixture("e2e/variants.jsonl")));
        int n = 0;
        for (std::string line; std::getline(lines, line); ++n) {
            f << line << "\n";
            if (n == 2) f << "{\"id\": \"2501.99999\", \"title\": \"broken\n";
        }
    }
    // A truncated gzip file: the first part of the sample's first file.
    std::string gz = slurp(data_dir() + "/daily-arxiv/2026-06-12.jsonl.gz");
    std::ofstream(tmp / "truncated.jsonl.gz", std::ios::binary) << gz.substr(0, gz.size() / 2);
    std::ofstream(tmp / "unknown.txt") << "this is not arXiv metadata\n";

    Result r = index(db, "add " + quote(tmp / "mixed.jsonl") + " " + quote(tmp / "truncated.jsonl.gz") +
                             " " + quote(tmp / "missing.xml") + " " + quote(tmp / "unknown.txt") + " " +
                             quote(fixture("e2e/atom_v2.xml")));
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find(tmp / "mixed.jsonl" + ":4: skipped record") != std::string::npos);
    CHECK(r.err.find(tmp / "truncated.jsonl.gz: error: truncated gzip") != std::string::npos);
    CHECK(r.err.find(tmp / "missing.xml: no such file") != std::string::npos);
    CHECK(r.err.find(tmp / "unknown.txt: error: unknown format") != std::string::npos);
    CHECK(r.err.find("skipped 1") != std::string::npos);
    // All 10 good lines, the Atom record, and what the truncated file held
    // before the cut are indexed.
    long docs = doc_count(db);
    CHECK(docs > 11);
    CHECK(query(db, "--count id:2403.04417").out == "1\n");
    CHECK(query(db, "--count id:2503.00010").out == "1\n");
}

TEST_CASE("values longer than a Xapian term are indexed and found by an exact query", "[e2e][ingest]") {
    // Xapian refuses terms over 245 bytes; one such DOI, report number or
    // category used to fail the whole run (and every harvest at that page).
    TempDir tmp;
    const std::string doi = "10.1000/" + std::string(600, 'x'), report = "REP-" + std::string(400, '7'),
                      category = "cs." + std::string(300, 'q');
    json kaggle = {{"id", "2501.00002"}, {"title", "A paper with long identifiers"},
                   {"abstract", "Long values must not stop an index run."}, {"authors", "A. Author"},
                   {"categories", "cs.CL " + category}, {"doi", doi + " 10.1000/short"}, {"report-no", report},
                   {"versions", {{{"version", "v1"}, {"created", "Mon, 6 Jan 2025 10:00:00 GMT"}}}},
                   {"update_date", "2025-01-06"}, {"authors_parsed", {{"Author", "A.", ""}}}};
    std::ofstream(tmp / "long.jsonl") << kaggle.dump() << "\n";
    for (const char* jobs : {"1", "2"}) {
        for (const std::string& db : {tmp / (std::string("fresh") + jobs), tmp / (std::string("update") + jobs)}) {
            if (db.find("update") != std::string::npos)
                REQUIRE(index(db, "-q add " + quote(fixture("e2e/variants.jsonl"))).code == 0);
            Result r = index(db, std::string("add --jobs ") + jobs + " " + quote(tmp / "long.jsonl") + " " +
                                     quote(fixture("e2e/atom_v2.xml")));
            INFO(db << "\n" << r.err);
            CHECK(r.code == 0);
            CHECK(query(db, "--count id:2501.00002").out == "1\n");
            CHECK(query(db, "--count id:2403.04417").out == "1\n");
            CHECK(query(db, "-f ids " + quote("doi:" + doi)).out == "2501.00002\n");
            CHECK(query(db, "-f ids " + quote("doi:https://doi.org/" + doi)).out == "2501.00002\n");
            CHECK(query(db, "-f ids doi:10.1000/short").out == "2501.00002\n");
            CHECK(query(db, "-f ids " + quote("rn:" + report)).out == "2501.00002\n");
            CHECK(query(db, "-f ids cat:cs.CL id:2501.00002").out == "2501.00002\n");
            // A value that differs only after the kept head is another value.
            CHECK(query(db, "--count " + quote("doi:" + doi.substr(0, doi.size() - 1) + "y")).out == "0\n");
            json stored = json::parse(query(db, "-f json id:2501.00002").out)["results"][0];
            CHECK(stored["doi"].dump().find(doi) != std::string::npos);
        }
    }
}

TEST_CASE("hostile inputs are refused early, with their name, and lose nothing valid", "[e2e][ingest][hostile]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const json good = {{"id", "2501.00008"}, {"title", "A valid record after hostile ones"},
                       {"summary", "Still indexed."}, {"abs", "https://arxiv.org/abs/2501.00008"}};
    // One line of 20 MB, then a valid one.
    {
        std::ofstream f(tmp / "huge-line.jsonl");
        f << R"({"id": "2501.00007", "title": ")" << std::string(20 << 20, 'x') << R"(", "summary": "s", "abs": "a"})"
          << "\n" << good.dump() << "\n";
    }
    // 64 MB of NUL bytes, gzip-compressed (64 KB on disk).
    {
        gzFile gz = gzopen((tmp / "zeros.gz").c_str(), "wb9");
        std::string zeros(1 << 20, '\0');
        for (int i = 0; i < 64; ++i) gzwrite(gz, zeros.data(), static_cast<unsigned>(zeros.size()));
        gzclose(gz);
    }
    std::ofstream(tmp / "utf16.xml", std::ios::binary) << std::string("\xFF\xFE<\0f\0", 6);
    // XML nested 150,000 elements deep inside a title.
    {
        std::ofstream f(tmp / "deep.xml");
        f << R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2501.00009v1</id><title>Deep )";
        for (int i = 0; i < 150000; ++i) f << "<b>";
        f << "core";
        for (int i = 0; i < 150000; ++i) f << "</b>";
        f << "</title><summary>nested</summary><published>2025-01-02T00:00:00Z</published></entry></feed>\n";
    }
    Result r = index(db, "add " + quote(tmp / "huge-line.jsonl") + " " + quote(tmp / "zeros.gz") + " " +
                             quote(tmp / "utf16.xml") + " " + quote(tmp / "deep.xml"));
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find(tmp / "huge-line.jsonl:1: skipped record: record longer than 16 MiB") != std::string::npos);
    CHECK(r.err.find(tmp / "zeros.gz: error: binary data") != std::string::npos);
    CHECK(r.err.find(tmp / "utf16.xml: error: UTF-16 text") != std::string::npos);
    CHECK(query(db, "--count id:2501.00008").out == "1\n");
    CHECK(query(db, "-f ids ti:core").out == "2501.00009\n");

    // Endless input on stdin is refused from its first bytes.
    Result zero = run(quote(index_bin()) + " --db " + quote(db) + " add -", "/dev/zero");
    CHECK(zero.code == 1);
    CHECK(zero.err.find("<stdin>: error: binary data") != std::string::npos);
}

TEST_CASE("directory inputs pass over links to nothing and FIFOs", "[e2e][ingest][hostile]") {
    TempDir tmp;
    fs::create_directory(tmp / "in");
    fs::copy_file(fixture("e2e/atom_v2.xml"), tmp / "in/a.xml");
    fs::create_symlink("nowhere", tmp / "in/zz-dangling");
    fs::create_symlink("zz-loop", tmp / "in/zz-loop");
    REQUIRE(mkfifo((tmp / "in/fifo").c_str(), 0600) == 0);
    Result r = index(tmp / "db", "add " + quote(tmp / "in"));
    INFO(r.err);
    CHECK(r.code == 0);  // every file was read
    CHECK(r.err.find("zz-dangling: skipped: a symbolic link to nothing readable") != std::string::npos);
    CHECK(r.err.find("zz-loop: skipped: a symbolic link to nothing readable") != std::string::npos);
    CHECK(r.err.find("fifo: skipped: not a regular file") != std::string::npos);
    CHECK(r.err.find("cannot list directory") == std::string::npos);
    CHECK(query(tmp / "db", "--count id:2403.04417").out == "1\n");
}

TEST_CASE("an index this user may not write is an error at once and not a lock to wait for", "[e2e][ingest]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(index(db, "-q add " + quote(fixture("e2e/variants.jsonl"))).code == 0);
    std::string as_other;  // how to run as a user without write access
    if (geteuid() == 0) {
        if (run("command -v setpriv").code != 0) {
            WARN("skipped: running as root without setpriv to drop privileges");
            return;
        }
        as_other = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
        fs::permissions(tmp.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    }
    constexpr fs::perms kAnyWrite = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
    for (const auto& e : fs::recursive_directory_iterator(db))
        fs::permissions(e.path(), kAnyWrite, fs::perm_options::remove);
    fs::permissions(db, kAnyWrite, fs::perm_options::remove);
    Result r = run(as_other + quote(index_bin()) + " --db " + quote(db) + " --wait 600 add " +
                   quote(fixture("e2e/atom_v2.xml")));
    fs::permissions(db, fs::perms::owner_write, fs::perm_options::add);
    INFO(r.err);
    CHECK(r.code == 3);
    CHECK(r.err.find("cannot write the index at") != std::string::npos);
    CHECK(r.err.find("waiting") == std::string::npos);
}

TEST_CASE("an empty file is a day without records, not an error", "[e2e][ingest]") {
    TempDir tmp;
    std::ofstream(tmp / "2026-06-20.jsonl") << "\n";
    { std::ofstream touch(tmp / "2026-06-21.jsonl"); }
    Result r = index(tmp / "db", "add " + quote(tmp / "2026-06-20.jsonl") + " " + quote(tmp / "2026-06-21.jsonl") +
                                     " " + quote(fixture("e2e/variants.jsonl")));
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("10 records from 3 files") != std::string::npos);
}

TEST_CASE("stdin and gzip on stdin are read", "[e2e][ingest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    Result r = run(quote(index_bin()) + " --db " + quote(db) + " add -",
                   data_dir() + "/daily-arxiv/2026-06-15.jsonl.gz");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(doc_count(db) == 176);  // 215 lines, 176 distinct ids
    Result plain = run(quote(index_bin()) + " --db " + quote(tmp / "db2") + " add -",
                       fixture("e2e/variants.jsonl"));
    REQUIRE(plain.code == 0);
    CHECK(doc_count(tmp / "db2") == 10);
}

namespace {

// Every document's record for comparing two indexes; first_indexed is the
// time of the run, so it is left out.
std::string index_dump(const std::string& db) {
    std::istringstream lines(query(db, "--format jsonl --sort id --limit 100000 'date:1900..'").out);
    std::string out;
    for (std::string line; std::getline(lines, line);) {
        auto j = json::parse(line);
        j.erase("first_indexed");
        out += j.dump() + "\n";
    }
    return out;
}

// `n` daily-arxiv records 2601.00001 …, then `revised` of them again with new
// titles (the newest line wins).
std::vector<std::string> daily_lines(int n, int revised) {
    std::vector<std::string> lines;
    auto line = [](int i, const std::string& title) {
        char id[16];
        std::snprintf(id, sizeof id, "2601.%05d", i);
        return json{{"id", id},
                    {"abs", std::string("https://arxiv.org/abs/") + id},
                    {"title", title},
                    {"authors", {"Ada Lovelace", "Author " + std::to_string(i % 97)}},
                    {"categories", {i % 3 ? "cs.CL" : "cs.LG"}},
                    {"summary", "We study kv cache eviction for LLMs, case " + std::to_string(i) + "."}}
            .dump();
    };
    for (int i = 1; i <= n; ++i) lines.push_back(line(i, "Paper number " + std::to_string(i)));
    for (int i = 1; i <= revised; ++i) lines.push_back(line(i * 7, "Revised paper " + std::to_string(i * 7)));
    return lines;
}

}  // namespace

// Crash safety of `add`: an update killed after some of its work was
// committed leaves a readable index, and running the same add again ends
// with the index an uninterrupted add builds (plain and sharded).
TEST_CASE("kill -9 during an add, rerun: the same index as an uninterrupted add", "[e2e][ingest][crash]") {
    const std::string shards = GENERATE(std::string(), std::string("--shards 2 "));
    INFO("index: " << (shards.empty() ? "plain" : shards));
    TempDir tmp;
    const std::vector<std::string> lines = daily_lines(9000, 400);
    const std::string seed = tmp / "seed.jsonl", stream = tmp / "stream.jsonl";
    {
        std::ofstream s(seed), all(stream);
        for (size_t i = 0; i < 50; ++i) s << lines[i] << "\n";
        for (const std::string& l : lines) all << l << "\n";
    }
    const std::string whole = tmp / "whole", crashed = tmp / "crashed";
    for (const std::string& db : {whole, crashed}) REQUIRE(index(db, shards + "-q add " + quote(seed)).code == 0);
    REQUIRE(index(whole, "-q add " + quote(stream)).code == 0);
    REQUIRE(doc_count(whole) == 9000);

    // The add reads standard input from a FIFO that never ends, so it is
    // still at work when it is killed: after its first commit (Xapian
    // commits every 2,000 changed documents of a database, here each
    // shard's) and before it has read all.
    const std::string fifo = tmp / "fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::signal(SIGPIPE, SIG_IGN);
    {
        Process adder({index_bin(), "--db", crashed, "-q", "add", "-"}, "/dev/null", tmp / "err", fifo);
        const int w = open(fifo.c_str(), O_WRONLY);
        REQUIRE(w >= 0);
        std::string head;
        for (size_t i = 0; i < 8500; ++i) head += lines[i] + "\n";
        size_t written = 0;
        while (written < head.size()) {
            ssize_t n = write(w, head.data() + written, head.size() - written);
            if (n <= 0) break;
            written += static_cast<size_t>(n);
        }
        CHECK(written == head.size());
        const bool committed = poll_until([&] { return doc_count(crashed) > 50 || !adder.running(); });
        CHECK(committed);
        CHECK(adder.running());
        adder.signal(SIGKILL);
        CHECK(adder.wait() == 128 + SIGKILL);
        close(w);
    }
    INFO(slurp(tmp / "err"));
    const long partial = doc_count(crashed);  // readable, with what was committed
    CHECK(partial > 50);
    CHECK(partial < 9000);
    Result rerun = index(crashed, "-q add " + quote(stream));
    INFO(rerun.err);
    REQUIRE(rerun.code == 0);
    CHECK(doc_count(crashed) == 9000);
    CHECK(index_dump(crashed) == index_dump(whole));
    CHECK(query(crashed, "--count 'ti:\"revised paper\"'").out == "400\n");
}

// A full disk stops an add with exit 3 and a hint; the index keeps what was
// committed and the same command, once there is room, adds the rest. The
// disk is a small tmpfs in a mount namespace of its own (unshare: as root,
// or as a user through a user namespace), gone when the shell exits.
TEST_CASE("a full disk stops an add cleanly and the rerun adds the rest", "[e2e][ingest][crash]") {
    TempDir tmp;
    const std::string unshare = geteuid() == 0 ? "unshare --mount" : "unshare --user --map-root-user --mount";
    fs::create_directory(tmp / "probe");
    if (run(unshare + " mount -t tmpfs -o size=1m tmpfs " + quote(tmp / "probe")).code != 0) {
        WARN("skipped: cannot mount a small tmpfs in a mount namespace here (" + unshare +
             " mount -t tmpfs failed: a container without CAP_SYS_ADMIN?), so no small disk to fill");
        return;
    }
    const std::vector<std::string> lines = daily_lines(30000, 400);
    const std::string seed = tmp / "seed.jsonl", all = tmp / "all.jsonl";
    {
        std::ofstream s(seed), a(all);
        for (size_t i = 0; i < 1000; ++i) s << lines[i] << "\n";
        for (const std::string& l : lines) a << l << "\n";
    }
    const std::string disk = tmp / "disk", db = disk + "/db";
    fs::create_directory(disk);
    const std::string script =
        "set -u\n"
        "mount -t tmpfs -o size=8m tmpfs " + quote(disk) + " || exit 99\n" +
        quote(index_bin()) + " --db " + quote(db) + " -q add " + quote(seed) + " || exit 98\n" +
        quote(index_bin()) + " --db " + quote(db) + " -q add " + quote(all) + " 2>" + quote(tmp / "full.err") +
        "\necho \"full: $?\"\n" +
        quote(query_bin()) + " --db " + quote(db) + " --count 'date:1900..'\n" +
        "mount -o remount,size=400m " + quote(disk) + " || exit 97\n" +
        quote(index_bin()) + " --db " + quote(db) + " -q add " + quote(all) + "\necho \"room: $?\"\n" +
        quote(query_bin()) + " --db " + quote(db) + " --count 'date:1900..'\n" +
        quote(query_bin()) + " --db " + quote(db) + " --count 'ti:\"revised paper\"'\n";
    std::ofstream(tmp / "script.sh") << script;
    Result r = run(unshare + " sh " + quote(tmp / "script.sh"));
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    std::istringstream out(r.out);
    std::string full, kept, room, total, revised;
    std::getline(out, full);
    std::getline(out, kept);
    std::getline(out, room);
    std::getline(out, total);
    std::getline(out, revised);
    const std::string err = slurp(tmp / "full.err");
    INFO(err);
    CHECK(full == "full: 3");
    CHECK(err.find("No space left on device") != std::string::npos);
    CHECK(err.find("free space and run the same command again") != std::string::npos);
    CHECK(std::stol(kept) >= 1000);  // the seed, and whatever was committed
    CHECK(std::stol(kept) < 30000);
    CHECK(room == "room: 0");
    CHECK(total == "30000");
    CHECK(revised == "400");
}

TEST_CASE("a second writer gets a clear lock error", "[e2e][ingest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    REQUIRE(index(db, "add " + quote(fixture("e2e/variants.jsonl"))).code == 0);
    Xapian::WritableDatabase holder(db, Xapian::DB_OPEN);
    Result r = index(db, "add " + quote(fixture("e2e/atom_v2.xml")));
    CHECK(r.code == 4);
    CHECK(r.err.find("locked by another arxiv-index") != std::string::npos);
    holder.close();
    CHECK(index(db, "add " + quote(fixture("e2e/atom_v2.xml"))).code == 0);
}

TEST_CASE("a writer that waited for a fresh build adds to what it built", "[e2e][ingest][lock]") {
    // The fresh build reads the sample, then its stdin: a FIFO this test
    // holds open, so the build keeps the lock until the second writer is
    // known to be waiting for it.
    TempDir tmp;
    const std::string db = tmp / "index", fifo = tmp / "stdin.fifo", waiter_err = tmp / "waiter.err";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    Process builder({index_bin(), "--db", db, "-q", "add", "--jobs", "2", data_dir() + "/daily-arxiv", "-"},
                    "/dev/null", "/dev/null", fifo);
    int fifo_fd = open(fifo.c_str(), O_WRONLY | O_CLOEXEC);  // returns once the builder opened it
    REQUIRE(fifo_fd >= 0);
    auto build_dir_exists = [&] {
        for (const auto& e : fs::directory_iterator(tmp.path()))
            if (e.path().filename().string().rfind("index.build-", 0) == 0) return true;
        return false;
    };
    REQUIRE(poll_until(build_dir_exists));  // the builder holds the lock

    Process waiter({index_bin(), "--db", db, "--wait", "600", "add", fixture("e2e/atom_v2.xml")}, "/dev/null",
                   waiter_err);
    REQUIRE(poll_until([&] { return slurp(waiter_err).find("waiting up to") != std::string::npos; }));
    const std::string line =
        R"({"id": "2601.99999", "title": "Read from the FIFO", "summary": "Last record of the build.", "authors": ["A. Writer"], "categories": ["cs.IR"], "abs": "https://arxiv.org/abs/2601.99999"})"
        "\n";
    REQUIRE(write(fifo_fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
    close(fifo_fd);
    CHECK(builder.wait() == 0);
    CHECK(waiter.wait() == 0);

    // The same inputs, one after the other.
    const std::string stdin_file = tmp / "stdin.jsonl";
    std::ofstream(stdin_file) << line;
    const std::string reference = tmp / "reference";
    REQUIRE(run(quote(index_bin()) + " --db " + quote(reference) + " -q add --jobs 1 " +
                quote(data_dir() + "/daily-arxiv") + " -", stdin_file).code == 0);
    REQUIRE(index(reference, "-q add " + quote(fixture("e2e/atom_v2.xml"))).code == 0);
    CHECK(doc_count(db) == doc_count(reference));
    CHECK(query(db, "--format ids --sort id --limit 5000 'date:1900..'").out ==
          query(reference, "--format ids --sort id --limit 5000 'date:1900..'").out);
    CHECK(query(db, "--count id:2601.99999").out == "1\n");
}

TEST_CASE("database location: --db, $ARXIV_SEARCH_DB, XDG_DATA_HOME", "[e2e][ingest]") {
    TempDir tmp;
    Result r = run("ARXIV_SEARCH_DB=" + quote(tmp / "envdb") + " " + quote(index_bin()) + " add " +
                   quote(fixture("e2e/variants.jsonl")));
    REQUIRE(r.code == 0);
    CHECK(doc_count(tmp / "envdb") == 10);
    r = run("unset ARXIV_SEARCH_DB; XDG_DATA_HOME=" + quote(tmp / "xdg") + " " + quote(index_bin()) +
            " add " + quote(fixture("e2e/variants.jsonl")));
    REQUIRE(r.code == 0);
    CHECK(doc_count(tmp / "xdg/arxiv-search/index") == 10);
    r = run("unset ARXIV_SEARCH_DB; XDG_DATA_HOME=" + quote(tmp / "xdg") + " " + quote(query_bin()) +
            " --count cache");
    CHECK(r.out == "6\n");
}

TEST_CASE("usage errors exit 2", "[e2e][ingest]") {
    CHECK(run(quote(index_bin())).code == 2);
    CHECK(run(quote(index_bin()) + " add").code == 2);
    CHECK(run(quote(index_bin()) + " frobnicate").code == 2);
    CHECK(run(quote(index_bin()) + " --help").code == 0);
}

// An index written before the date terms existed (schema 1) must not give
// silently wrong date results: queries refuse it with the fix, and
// `arxiv-index upgrade` rewrites it from the stored records alone.
TEST_CASE("an index from an older schema is refused, then upgraded in place", "[e2e][ingest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    REQUIRE(index(db, "add " + quote(data_dir() + "/daily-arxiv")).code == 0);
    const std::string dated =
        "--format ids --limit 2000 --sort id '(date:2026-06 AND updated:..2026-06-14) OR updated:2026-06-16.. OR date:..2025'";
    Result before = query(db, dated);
    REQUIRE(before.code == 0);
    Result all_before = query(db, "--format jsonl --limit 2000 --sort id 'date:2000..'");
    {
        // Make it what an older arxiv-index wrote: no date terms, no version.
        Xapian::WritableDatabase w(db);
        for (auto it = w.postlist_begin(""); it != w.postlist_end(""); ++it) {
            Xapian::Document doc = w.get_document(*it);
            std::vector<std::string> old;
            for (const char* prefix : {"XDS", "XDU", "XDA"})
                for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
                    if ((*t).rfind(prefix, 0) == 0) old.push_back(*t);
            REQUIRE(!old.empty());
            for (const auto& t : old) doc.remove_term(t);
            w.replace_document(*it, doc);
        }
        w.set_metadata("arxiv-search:schema", "");
        w.commit();
    }
    Result refused = query(db, dated);
    CHECK(refused.code == 3);
    CHECK(refused.err.find("arxiv-index --db " + db + " upgrade") != std::string::npos);

    Result up = index(db, "upgrade");
    INFO(up.err);
    CHECK(up.code == 0);
    CHECK(up.err.find("rewriting 981 papers") != std::string::npos);
    CHECK(doc_count(db) == 981);
    CHECK(query(db, dated).out == before.out);
    CHECK(query(db, "--format jsonl --limit 2000 --sort id 'date:2000..'").out == all_before.out);
    Result again = index(db, "upgrade");
    CHECK(again.code == 0);
    CHECK(again.err.find("rewriting") == std::string::npos);
    CHECK(index(tmp / "nothing", "upgrade").code == 3);
}
