// End-to-end: arxiv-index harvest/fetch against a local fake arXiv
// (tests/harvest/fake_arxiv.py) serving the bundled sample (981 papers over
// five days) in the exact OAI-PMH and Atom formats, with injected faults.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <map>
#include <optional>

#include "cli_util.h"
#include "fake_server.h"
#include "process.h"

using namespace e2e;

namespace {

const std::string kSample = ARXIV_DATA_DIR "/daily-arxiv";

std::vector<std::string> args(std::initializer_list<std::string> extra) {
    std::vector<std::string> a{kSample, "--page-size", "400"};
    a.insert(a.end(), extra);
    return a;
}

Result harvest(const std::string& db, const FakeArxiv& server, const std::string& flags = "") {
    return index(db, "harvest --base-url " + server.oai() + " --delay 0 --backoff 0.1 " + flags);
}

long docs(const std::string& db) { return Xapian::Database(db).get_doccount(); }

// Every document's record, for comparing two indexes; first_indexed is the
// time of the run, so it is left out.
std::string dump(const std::string& db) {
    std::istringstream lines(query(db, "--format jsonl --sort id --limit 100000 'date:1900..'").out);
    std::string out;
    for (std::string line; std::getline(lines, line);) {
        auto j = nlohmann::json::parse(line);
        j.erase("first_indexed");
        out += j.dump() + "\n";
    }
    return out;
}

std::vector<std::string> request_log(const std::string& path) {
    std::vector<std::string> lines;
    std::istringstream in(slurp(path));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("harvest follows a 3-page resumption chain and removes deleted records", "[e2e][harvest]") {
    TempDir tmp;
    for (const char* style : {"legacy", "2025"}) {
        INFO(style);
        std::string log = tmp / (std::string(style) + ".log");
        FakeArxiv server(args({"--token-style", style, "--deleted", "2606.13361", "--log", log}));
        std::string db = tmp / (std::string("db-") + style);
        Result r = harvest(db, server);
        INFO(r.err);
        REQUIRE(r.code == 0);
        auto requests = request_log(log);
        REQUIRE(requests.size() == 3);
        CHECK(requests[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv");
        CHECK(requests[1].find("/oai?verb=ListRecords&resumptionToken=") == 0);
        CHECK(docs(db) == 980);
        CHECK(query(db, "--count id:2606.13361").out == "0\n");
        CHECK(r.err.find("981 records in 3 pages") != std::string::npos);
        CHECK(index(db, "status").out.find("next from:      2026-06-16") != std::string::npos);
    }
}

TEST_CASE("incremental harvest asks only for what changed since the last run", "[e2e][harvest]") {
    TempDir tmp;
    std::string log = tmp / "requests.log";
    FakeArxiv server(args({"--max-day", "2026-06-14", "--log", log}));
    std::string db = tmp / "db";
    REQUIRE(harvest(db, server).code == 0);
    CHECK(docs(db) == 250);
    // Two more days are announced.
    REQUIRE(run("curl -sf '" + server.base() + "/control?max_day=2026-06-16'").code == 0);
    fs::remove(log);
    Result second = harvest(db, server);
    INFO(second.err);
    REQUIRE(second.code == 0);
    auto requests = request_log(log);
    REQUIRE(!requests.empty());
    CHECK(requests[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-06-14");
    CHECK(docs(db) == 981);
    // A third run with nothing new is a success with nothing added.
    Result third = harvest(db, server);
    CHECK(third.code == 0);
    CHECK(third.err.find("added 0") != std::string::npos);
}

TEST_CASE("503 with Retry-After waits exactly as told", "[e2e][harvest]") {
    TempDir tmp;
    SECTION("seconds") {
        FakeArxiv server(args({"--fail-503", "1", "--retry-after", "2"}));
        auto t0 = std::chrono::steady_clock::now();
        Result r = harvest(tmp / "db", server);
        double took = seconds_since(t0);
        INFO(r.err);
        CHECK(r.code == 0);
        CHECK(took >= 2.0);  // at least what the server asked; no upper bound (load)
        CHECK(r.err.find("HTTP 503") != std::string::npos);
        CHECK(r.err.find("Retry-After 2 s") != std::string::npos);
        CHECK(docs(tmp / "db") == 981);
    }
    SECTION("HTTP-date") {
        FakeArxiv server(args({"--fail-503", "1", "--retry-after", "3", "--retry-after-date"}));
        auto t0 = std::chrono::steady_clock::now();
        Result r = harvest(tmp / "db2", server);
        INFO(r.err);
        CHECK(r.code == 0);
        CHECK(seconds_since(t0) >= 2.0);  // HTTP dates have one-second resolution
        CHECK(docs(tmp / "db2") == 981);
    }
}

TEST_CASE("a dropped connection and a malformed page are retried", "[e2e][harvest]") {
    TempDir tmp;
    FakeArxiv server(args({"--drop-page", "2", "--malformed-page", "3"}));
    Result r = harvest(tmp / "db", server);
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("network error") != std::string::npos);
    CHECK(r.err.find("malformed XML page") != std::string::npos);
    CHECK(r.err.find("2 retries") != std::string::npos);
    CHECK(docs(tmp / "db") == 981);
}

TEST_CASE("a page that stays malformed stops the run with the state intact and the next run resumes", "[e2e][harvest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    std::string log = tmp / "requests.log";
    FakeArxiv server(args({"--always-malformed-page", "2", "--log", log}));
    Result r = harvest(db, server, "--retries 2");
    INFO(r.err);
    CHECK(r.code == 5);
    CHECK(r.err.find("gave up after 3 attempts") != std::string::npos);
    CHECK(docs(db) == 400);
    std::string status = index(db, "status").out;
    CHECK(status.find("interrupted after page 1") != std::string::npos);
    CHECK(status.find("last error:") != std::string::npos);

    // The server recovers; the next run continues with the saved token.
    REQUIRE(run("curl -sf '" + server.base() + "/control?always_malformed_page=0'").code == 0);
    fs::remove(log);
    Result again = harvest(db, server);
    INFO(again.err);
    CHECK(again.code == 0);
    CHECK(again.err.find("resuming the interrupted harvest after page 1") != std::string::npos);
    auto requests = request_log(log);
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].find("resumptionToken=") != std::string::npos);
    CHECK(docs(db) == 981);
    CHECK(index(db, "status").out.find("last error:") == std::string::npos);
}

TEST_CASE("kill -9 mid-chain, rerun: the same index as an uninterrupted run", "[e2e][harvest]") {
    TempDir tmp;
    std::string events = tmp / "events";
    // Page 4 is held until the test releases it, so the harvester is killed
    // somewhere between receiving page 2 and waiting for page 4.
    FakeArxiv server({kSample, "--page-size", "50", "--events", events, "--hold-page", "4"});
    std::string whole = tmp / "whole", crashed = tmp / "crashed";

    {
        Process harvester({index_bin(), "--db", crashed, "harvest", "--base-url", server.oai(), "--delay", "0"});
        // Page 2 was asked for, so page 1 is committed; kill it while it works.
        REQUIRE(poll_until([&] { return slurp(events).find("served page 2\n") != std::string::npos; }));
        harvester.signal(SIGKILL);
        CHECK(harvester.wait() == 128 + SIGKILL);
    }
    REQUIRE(run("curl -sf '" + server.base() + "/control?release=1'").code == 0);
    long partial = docs(crashed);
    CHECK(partial >= 50);   // page 1 at least
    CHECK(partial <= 150);  // page 4 was never served
    CHECK(index(crashed, "status").out.find("interrupted after page") != std::string::npos);
    Result rerun = harvest(crashed, server);
    INFO(rerun.err);
    REQUIRE(rerun.code == 0);
    CHECK(rerun.err.find("resuming the interrupted harvest") != std::string::npos);
    CHECK(docs(crashed) == 981);
    REQUIRE(harvest(whole, server).code == 0);
    CHECK(dump(crashed) == dump(whole));
}

TEST_CASE("an expired resumption token restarts the window", "[e2e][harvest]") {
    TempDir tmp;
    FakeArxiv server(args({"--bad-token-once"}));
    Result r = harvest(tmp / "db", server);
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("resumption token rejected") != std::string::npos);
    CHECK(docs(tmp / "db") == 981);
}

TEST_CASE("HTTP 400 stops at once with the server's message", "[e2e][harvest]") {
    TempDir tmp;
    std::string log = tmp / "requests.log";
    FakeArxiv server(args({"--log", log}));
    Result r = harvest(tmp / "db", server, "--set bad");
    CHECK(r.code == 5);
    CHECK(r.err.find("HTTP 400") != std::string::npos);
    CHECK(r.err.find("unknown set 'bad'") != std::string::npos);
    CHECK(request_log(log).size() == 1);
}

TEST_CASE("a second writer is refused, or waits with --wait", "[e2e][harvest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    std::string log = tmp / "requests.log";
    FakeArxiv server(args({"--log", log}));
    REQUIRE(index(db, "add " + quote(fixture("e2e/variants.jsonl"))).code == 0);
    // The test holds the lock from here until it closes `holder`.
    Xapian::WritableDatabase holder(db, Xapian::DB_OPEN);
    Result refused = harvest(db, server);
    CHECK(refused.code == 4);
    CHECK(refused.err.find("locked by another arxiv-index") != std::string::npos);

    // --wait: the waiter retries the lock with short sleeps; once it is seen
    // asleep there, it has met the held lock. It must still be running (not
    // given up, not harvested) when the lock is released, and then succeed.
    Process waiter({index_bin(), "--db", db, "harvest", "--base-url", server.oai(), "--delay", "0", "--wait", "300"});
    std::optional<bool> asleep;
    REQUIRE(poll_until([&] {
        asleep = waiter.in_nanosleep();
        return !asleep || *asleep || !waiter.running();
    }));
    if (!asleep) WARN("cannot see from /proc whether the waiter met the lock; checking the order of events only");
    REQUIRE(waiter.running());
    CHECK(request_log(log).empty());  // neither writer got as far as the server
    holder.close();
    CHECK(waiter.wait() == 0);
    CHECK(request_log(log).size() == 3);
    CHECK(docs(db) == 991);
}

TEST_CASE("queries keep working while a harvest commits", "[e2e][harvest]") {
    TempDir tmp;
    std::string db = tmp / "db", events = tmp / "events";
    FakeArxiv server({kSample, "--page-size", "50", "--events", events, "--hold-page", "3"});
    REQUIRE(index(db, "add " + quote(fixture("e2e/variants.jsonl"))).code == 0);
    Process harvester({index_bin(), "--db", db, "harvest", "--base-url", server.oai(), "--delay", "0"});

    // While the server holds page 3 the harvester is in the middle of its
    // run: pages 1 and 2 committed, the index open for writing.
    REQUIRE(poll_until([&] { return slurp(events).find("holding page 3\n") != std::string::npos; }));
    CHECK(Xapian::Database(db).locked());
    for (int i = 0; i < 3; ++i) {
        Result during = query(db, "--count 'date:1900..'");
        INFO(during.err);
        CHECK(during.code == 0);
        CHECK(during.out == "110\n");  // the 10 fixtures and two pages of 50
    }
    CHECK(harvester.running());
    REQUIRE(run("curl -sf '" + server.base() + "/control?release=1'").code == 0);

    // The rest of the run commits page after page under more queries.
    int queries = 0, failures = 0;
    while (harvester.running()) {
        Result r = query(db, "--count model");
        ++queries;
        if (r.code != 0 && r.code != 1) ++failures;
    }
    INFO(queries << " queries during the rest of the harvest");
    CHECK(failures == 0);
    CHECK(harvester.wait() == 0);
    CHECK(docs(db) == 991);
}

TEST_CASE("coverage names skipped records as a gap", "[e2e][harvest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    {
        FakeArxiv server(args({}));
        REQUIRE(harvest(db, server).code == 0);
        Result ok = index(db, "coverage");
        INFO(ok.out);
        CHECK(ok.code == 0);
        CHECK(ok.out.find("received 981 of 981 announced") != std::string::npos);
    }
    TempDir tmp2;
    FakeArxiv corrupt(args({"--corrupt-id", "2606.17034"}));
    Result r = harvest(tmp2 / "db", corrupt);
    CHECK(r.code == 1);
    CHECK(r.err.find("invalid arXiv id 'not-an-id'") != std::string::npos);
    Result cov = index(tmp2 / "db", "coverage");
    INFO(cov.out);
    CHECK(cov.code == 1);
    CHECK(cov.out.find("1 malformed records skipped") != std::string::npos);
    CHECK(cov.out.find("GAP") != std::string::npos);
}

TEST_CASE("fetch pages through the search API and stops at older updates", "[e2e][fetch]") {
    TempDir tmp;
    std::string log = tmp / "requests.log";
    FakeArxiv server(args({"--log", log}));
    std::string db = tmp / "db";
    Result r = index(db, "fetch --base-url " + server.api() + " --delay 0 --query cat:cs.CL --page-size 100");
    INFO(r.err);
    REQUIRE(r.code == 0);
    long cl = docs(db);
    CHECK(cl > 100);
    CHECK(request_log(log).size() == static_cast<size_t>((cl + 99) / 100));
    CHECK(query(db, "--count 'cat:cs.CL'").out == std::to_string(cl) + "\n");

    fs::remove(log);
    Result since = index(tmp / "db2", "fetch --base-url " + server.api() +
                                          " --delay 0 --query cat:cs.CL --page-size 50 --since 2026-06-16");
    INFO(since.err);
    REQUIRE(since.code == 0);
    auto requests = request_log(log);
    CHECK(requests[0].find("sortBy=lastUpdatedDate&sortOrder=descending") != std::string::npos);
    long recent = docs(tmp / "db2");
    CHECK(recent > 0);
    CHECK(recent < cl);
    CHECK(query(tmp / "db2", "--count 'updated:..2026-06-15'").out == "0\n");

    Result bad = index(tmp / "db3", "fetch --base-url " + server.api() + " --delay 0 --query bad");
    CHECK(bad.code == 5);
}

namespace {

// The harvest states (metadata "harvest:<endpoint prefix set>[ backfill FROM..TO]").
std::map<std::string, std::string> harvest_states(const std::string& db) {
    Xapian::Database d(db);
    std::map<std::string, std::string> out;
    for (auto it = d.metadata_keys_begin("harvest:"); it != d.metadata_keys_end("harvest:"); ++it)
        out[*it] = d.get_metadata(*it);
    return out;
}

}  // namespace

TEST_CASE("harvest --backfill leaves the incremental position exactly as it was", "[e2e][harvest]") {
    TempDir tmp;
    std::string db = tmp / "db", log = tmp / "requests.log";
    FakeArxiv server(args({"--max-day", "2026-06-15", "--log", log}));

    // On a fresh index a backfill creates no incremental position: the next
    // plain harvest is still a full one.
    Result first = harvest(db, server, "--backfill 2026-06-13..2026-06-14");
    INFO(first.err);
    REQUIRE(first.code == 0);
    REQUIRE(!request_log(log).empty());
    CHECK(request_log(log)[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-06-13&until=2026-06-14");
    long window = docs(db);
    CHECK(window > 0);
    fs::remove(log);
    REQUIRE(harvest(db, server).code == 0);
    CHECK(request_log(log)[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv");
    CHECK(docs(db) > window);

    // After an incremental run, a backfill (even an interrupted and resumed
    // one) changes none of the states there were, whatever their keys.
    const auto before = harvest_states(db);
    auto unchanged = [&] {
        const auto now = harvest_states(db);
        for (const auto& [key, value] : before) {
            INFO(key);
            CHECK(now.count(key) == 1);
            if (now.count(key)) CHECK(now.at(key) == value);
        }
    };
    CHECK(index(db, "status").out.find("next from:      2026-06-15") != std::string::npos);
    REQUIRE(run("curl -sf '" + server.base() + "/control?max_day=2026-06-16&always_malformed_page=2'").code == 0);
    fs::remove(log);
    Result broken = harvest(db, server, "--backfill 2026-06-12..2026-06-16 --retries 0");
    CHECK(broken.code == 5);
    CHECK(request_log(log)[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-06-12&until=2026-06-16");
    unchanged();
    REQUIRE(run("curl -sf '" + server.base() + "/control?always_malformed_page=0'").code == 0);
    Result resumed = harvest(db, server, "--backfill 2026-06-12..2026-06-16");
    INFO(resumed.err);
    CHECK(resumed.code == 0);
    CHECK(resumed.err.find("resuming the interrupted harvest after page 1") != std::string::npos);
    CHECK(docs(db) == 981);
    unchanged();
    CHECK(index(db, "status").out.find("next from:      2026-06-15") != std::string::npos);

    // The next incremental run continues where the last incremental run ended.
    fs::remove(log);
    REQUIRE(harvest(db, server).code == 0);
    CHECK(request_log(log)[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-06-15");
}

TEST_CASE("fetch --since last starts at the last successful fetch of the same query", "[e2e][fetch]") {
    TempDir tmp;
    // The sample, plus a paper updated tomorrow (UTC): newer than any day a
    // fetch during this test can run on, so `--since last` must include it.
    fs::create_directories(tmp / "data");
    for (const auto& e : fs::directory_iterator(kSample)) fs::create_symlink(e.path(), fs::path(tmp / "data") / e.path().filename());
    std::time_t t = std::time(nullptr) + 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char tomorrow[16];
    std::strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &tm);
    std::ofstream(tmp / ("data/" + std::string(tomorrow) + ".jsonl"))
        << R"({"id": "2611.99999", "abs": "https://arxiv.org/abs/2611.99999", "pdf": "https://arxiv.org/pdf/2611.99999", )"
        << R"("authors": ["Eva Late"], "title": "A late paper", "categories": ["cs.CL"], "comment": null, "summary": "Late."})"
        << "\n";
    std::string db = tmp / "db", log = tmp / "requests.log";
    FakeArxiv server({tmp / "data", "--max-day", "2026-06-16", "--log", log});
    auto fetch = [&](const std::string& q) {
        return index(db, "fetch --base-url " + server.api() + " --delay 0 --page-size 50 --since last --query " + q);
    };

    // No previous fetch of this query: everything, in the API's default order.
    Result first = fetch("cat:cs.CL");
    INFO(first.err);
    REQUIRE(first.code == 0);
    CHECK(first.err.find("no previous fetch of this query") != std::string::npos);
    long cl = docs(db);
    CHECK(cl > 100);
    auto requests = request_log(log);
    CHECK(requests.size() == static_cast<size_t>((cl + 49) / 50));
    for (const auto& r : requests) CHECK(r.find("sortBy=") == std::string::npos);

    // The late paper appears; the same query again starts at the last fetch
    // (today): newest first, and the first older record ends it on page 1.
    REQUIRE(run("curl -sf '" + server.base() + "/control?max_day=" + tomorrow + "'").code == 0);
    fs::remove(log);
    Result again = fetch("cat:cs.CL");
    INFO(again.err);
    REQUIRE(again.code == 0);
    CHECK(again.err.find("no previous fetch") == std::string::npos);
    CHECK(again.err.find("added 1, replaced 0, unchanged 0") != std::string::npos);
    requests = request_log(log);
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].find("sortBy=lastUpdatedDate&sortOrder=descending") != std::string::npos);
    CHECK(docs(db) == cl + 1);

    // Another query has no last fetch of its own.
    fs::remove(log);
    Result other = fetch("cat:cs.LG");
    INFO(other.err);
    REQUIRE(other.code == 0);
    CHECK(other.err.find("no previous fetch of this query") != std::string::npos);
    REQUIRE(!request_log(log).empty());
    CHECK(request_log(log)[0].find("sortBy=") == std::string::npos);
}

TEST_CASE("a bounded harvest never moves the position past what it covered", "[e2e][harvest]") {
    TempDir tmp;
    std::string log = tmp / "requests.log";
    FakeArxiv server(args({"--log", log}));  // serves 2026-06-12 .. 2026-06-16; "today" is the 16th

    SECTION("--from/--until, then a plain run fetches everything after the bound") {
        std::string db = tmp / "db";
        Result bounded = harvest(db, server, "--from 2026-06-12 --until 2026-06-13");
        INFO(bounded.err);
        REQUIRE(bounded.code == 0);
        CHECK(index(db, "status").out.find("next from:      2026-06-13") != std::string::npos);
        fs::remove(log);
        Result plain = harvest(db, server);
        INFO(plain.err);
        REQUIRE(plain.code == 0);
        CHECK(request_log(log)[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-06-13");
        CHECK(docs(db) == 981);
        CHECK(index(db, "status").out.find("next from:      2026-06-16") != std::string::npos);
    }
    SECTION("a window that does not join leaves a hole: coverage names it, a plain run fills it") {
        std::string db = tmp / "db";
        REQUIRE(harvest(db, server, "--from 2026-06-12 --until 2026-06-12").code == 0);
        Result later = harvest(db, server, "--from 2026-06-15");
        INFO(later.err);
        REQUIRE(later.code == 0);
        CHECK(later.err.find("not harvested yet") != std::string::npos);
        Result status = index(db, "status");
        CHECK(status.out.find("next from:      2026-06-12") != std::string::npos);
        CHECK(status.out.find("not harvested:  2026-06-13..2026-06-14") != std::string::npos);
        Result gap = index(db, "coverage");
        INFO(gap.out);
        CHECK(gap.code == 1);
        CHECK(gap.out.find("GAP: 2026-06-13..2026-06-14 was never harvested") != std::string::npos);
        fs::remove(log);
        REQUIRE(harvest(db, server).code == 0);
        CHECK(request_log(log)[0] == "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-06-12");
        CHECK(docs(db) == 981);
        Result healed = index(db, "coverage");
        INFO(healed.out);
        CHECK(healed.out.find("never harvested") == std::string::npos);
        CHECK(healed.out.find("harvested 2026-06-12..2026-06-16") != std::string::npos);
    }
    SECTION("dates are checked before anything is asked") {
        std::string db = tmp / "db";
        for (const char* bad : {"--from 2025-02-30", "--until 2025-13-01", "--from 2026-06-14 --until 2026-06-13",
                                "--backfill 2025-02-29..2025-03-01"}) {
            Result r = harvest(db, server, bad);
            INFO(bad << "\n" << r.err);
            CHECK(r.code == 2);
            CHECK(r.err.find("arxiv-index: error: ") == 0);
        }
        CHECK(!fs::exists(log));
    }
}

TEST_CASE("status and coverage say never for a set that never completed", "[e2e][harvest]") {
    TempDir tmp;
    std::string db = tmp / "db";
    FakeArxiv server(args({"--always-malformed-page", "1"}));
    CHECK(harvest(db, server, "--set cs --retries 0").code == 5);
    Result status = index(db, "status");
    CHECK(status.out.find("last success:   never") != std::string::npos);
    CHECK(status.out.find("last success:   \n") == std::string::npos);
}

TEST_CASE("coverage --set cs lists the runs of set cs and not those of cs:cs:CL", "[e2e][harvest]") {
    // Harvest states are matched to a set by the set they record (one
    // reader, HarvestState), not by searching the key's text for " cs".
    TempDir tmp;
    std::string db = tmp / "db";
    FakeArxiv server(args({}));
    REQUIRE(harvest(db, server, "--set cs:cs:CL").code == 0);
    REQUIRE(harvest(db, server, "--set cs").code == 0);
    auto harvest_lines = [](const std::string& out) {
        std::vector<std::string> lines;
        std::istringstream in(out);
        for (std::string l; std::getline(in, l);)
            if (l.rfind("  harvest ", 0) == 0) lines.push_back(l);
        return lines;
    };
    Result cs = index(db, "coverage --set cs");
    INFO(cs.out);
    auto lines = harvest_lines(cs.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].size() > 3);
    CHECK(lines[0].compare(lines[0].size() - 3, 3, " cs") == 0);
    Result cl = index(db, "coverage --set cs:cs:CL");
    INFO(cl.out);
    lines = harvest_lines(cl.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find(" cs:cs:CL") != std::string::npos);
}

TEST_CASE("a failure in the middle of a page commits none of it", "[e2e][harvest]") {
    // Pages of 400: the 500th upsert is in the middle of page 2.
    TempDir tmp;
    std::string db = tmp / "db", reference = tmp / "reference";
    FakeArxiv server(args({}));
    Result failed = run("ARXIV_SEARCH_FAIL_AT_UPSERT=500 " + quote(index_bin()) + " --db " + quote(db) +
                        " harvest --base-url " + server.oai() + " --delay 0 --backoff 0.1");
    INFO(failed.err);
    CHECK(failed.code == 70);
    CHECK(failed.err.find("arxiv-index: error: internal: injected failure at upsert 500") != std::string::npos);

    // Documents, harvest position and coverage counts agree: page 1 only.
    auto listed_total = [](const std::string& path) {
        Xapian::Database d(path);
        long total = 0;
        for (auto k = d.metadata_keys_begin("coverage:"); k != d.metadata_keys_end("coverage:"); ++k) {
            const nlohmann::json days = nlohmann::json::parse(d.get_metadata(*k));
            for (const auto& [day, n] : days.items()) total += n.get<long>();
        }
        return total;
    };
    CHECK(docs(db) == 400);
    CHECK(listed_total(db) == 400);
    CHECK(index(db, "status").out.find("interrupted after page 1 (400 records)") != std::string::npos);

    // The rerun resumes at page 2 and ends where an uninterrupted run does.
    Result resumed = harvest(db, server);
    INFO(resumed.err);
    CHECK(resumed.code == 0);
    CHECK(resumed.err.find("resuming the interrupted harvest after page 1") != std::string::npos);
    REQUIRE(harvest(reference, server).code == 0);
    CHECK(docs(db) == docs(reference));
    CHECK(listed_total(db) == listed_total(reference));
    CHECK(dump(db) == dump(reference));
    CHECK(index(db, "coverage").code == 0);
}

TEST_CASE("a sharded index harvests, resumes after kill -9 and ends as one index does", "[e2e][harvest][shards]") {
    TempDir tmp;
    std::string events = tmp / "events";
    FakeArxiv server({kSample, "--page-size", "50", "--events", events, "--hold-page", "4", "--max-day", "2026-06-14"});
    std::string sharded = tmp / "sharded", whole = tmp / "whole";
    {
        Process harvester({index_bin(), "--db", sharded, "--shards", "3", "harvest", "--base-url", server.oai(),
                           "--delay", "0"});
        REQUIRE(poll_until([&] { return slurp(events).find("served page 2\n") != std::string::npos; }));
        harvester.signal(SIGKILL);
        CHECK(harvester.wait() == 128 + SIGKILL);
    }
    REQUIRE(run("curl -sf '" + server.base() + "/control?release=1'").code == 0);
    CHECK(fs::exists(fs::path(sharded) / "XAPIANDB"));
    CHECK(index(sharded, "status").out.find("interrupted after page") != std::string::npos);
    Result rerun = harvest(sharded, server);
    INFO(rerun.err);
    REQUIRE(rerun.code == 0);
    CHECK(rerun.err.find("resuming the interrupted harvest") != std::string::npos);
    // Two more days, harvested incrementally into the shards.
    REQUIRE(run("curl -sf '" + server.base() + "/control?max_day=2026-06-16'").code == 0);
    REQUIRE(harvest(sharded, server).code == 0);
    CHECK(docs(sharded) == 981);
    for (int k = 0; k < 3; ++k) CHECK(docs(sharded + "/shard" + std::to_string(k)) > 200);
    REQUIRE(harvest(whole, server).code == 0);
    CHECK(dump(sharded) == dump(whole));
    const std::string status = index(sharded, "status").out;
    CHECK(status.find("shards:     3") != std::string::npos);
    CHECK(status.find("next from:      2026-06-16") != std::string::npos);
    CHECK(index(sharded, "coverage").code == index(whole, "coverage").code);
}

TEST_CASE("fetch into a sharded index gives what it gives one index, and --since last continues it", "[e2e][fetch][shards]") {
    TempDir tmp;
    FakeArxiv server(args({}));
    std::string sharded = tmp / "sharded", whole = tmp / "whole";
    const std::string fetch = "fetch --base-url " + server.api() + " --delay 0 --query cat:cs.CL --page-size 100";
    Result r = index(sharded, "--shards 2 " + fetch);
    INFO(r.err);
    REQUIRE(r.code == 0);
    REQUIRE(index(whole, fetch).code == 0);
    CHECK(docs(sharded) == docs(whole));
    CHECK(docs(sharded + "/shard0") > 0);
    CHECK(docs(sharded + "/shard1") > 0);
    CHECK(dump(sharded) == dump(whole));
    // The fetch state lives in shard 0, so the next run continues it.
    Result again = index(sharded, fetch + " --since last");
    INFO(again.err);
    CHECK(again.code == 0);
    CHECK(again.err.find("added 0") != std::string::npos);
    CHECK(index(sharded, "status").out.find("fetch ") != std::string::npos);
}
