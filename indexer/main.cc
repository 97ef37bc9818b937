// arxiv-index: builds and updates the local arXiv index. Flag parsing only;
// the work is in ingest.cc (local files), harvest.cc (OAI-PMH), fetch.cc
// (search API), coverage.cc and status.cc.
#include <unistd.h>

#include <csignal>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <iostream>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "common/cli/cli.h"
#include "common/util/version.h"
#include "common/util/dates.h"
#include "common/util/db_location.h"
#include "common/util/diag.h"
#include "common/util/exit_codes.h"
#include "indexer/input/ingest.h"
#include "indexer/net/fetch.h"
#include "indexer/net/harvest.h"
#include "indexer/report/coverage.h"
#include "indexer/report/status.h"
#include "indexer/report/synonyms_report.h"

namespace {

constexpr const char* kDescription =
    "arxiv-index: build and update a local, searchable index of arXiv metadata.\n"
    "  arxiv-index add ~/arxiv/*.jsonl.gz     index local files (Atom, OAI-PMH, Kaggle, daily-arxiv)\n"
    "  arxiv-index harvest --set cs           then daily, from cron or systemd: only what is new\n"
    "Then search with arxiv-query.";

constexpr const char* kDatabase =
    "--db PATH, else $ARXIV_SEARCH_DB, else $XDG_DATA_HOME/arxiv-search/index\n"
    "(~/.local/share/arxiv-search/index).";

constexpr const char* kExitCodes =
    "0 ok; 1 finished but some records or files were skipped, or coverage found\n"
    "gaps; 2 usage error; 3 index cannot be opened or written; 4 index locked by another\n"
    "writer; 5 a harvest/fetch stopped early (network, server or protocol error; the saved\n"
    "position is kept and the next run resumes); 70 internal error or out of memory.";

struct HttpFlags {
    double delay = 3.0, timeout = 300.0, backoff = 5.0;
    int retries = 5;
    std::string contact;
    void add_to(CLI::App* cmd) {
        cmd->add_option("--delay", delay, "Seconds between requests to the same host (default 3, as arXiv asks)");
        cmd->add_option("--timeout", timeout, "Seconds one request may take (default 300)");
        cmd->add_option("--retries", retries, "Retries on network errors, 5xx and malformed pages (default 5)");
        cmd->add_option("--backoff", backoff, "First retry wait in seconds, doubled each time with jitter (default 5)");
        cmd->add_option("--contact", contact,
                        "E-mail for the User-Agent, as arXiv asks of harvesters (default $ARXIV_SEARCH_CONTACT)")
            ->type_name("EMAIL");
    }
    arxiv::HttpOptions options() const {
        arxiv::HttpOptions o;
        o.delay_seconds = delay;
        o.total_timeout = timeout;
        o.max_retries = retries;
        o.backoff_seconds = backoff;
        std::string who = contact;
        if (who.empty())
            if (const char* env = std::getenv("ARXIV_SEARCH_CONTACT")) who = env;
        o.user_agent = arxiv::default_user_agent(who);
        return o;
    }
};

constexpr const char* kExamples =
    "arxiv-index add ~/arxiv/daily/\n"
    "    index every file of a folder (daily-arxiv JSON lines, Atom, OAI-PMH, the Kaggle snapshot; .gz too)\n"
    "arxiv-index --db ~/arxiv-index add papers.jsonl.gz\n"
    "    the same into another index\n"
    "arxiv-index harvest --set cs --contact you@example.org\n"
    "    harvest arXiv's cs set over OAI-PMH, continuing from where the last run ended\n"
    "arxiv-index status\n"
    "    what the index holds and the state of harvests\n"
    "arxiv-index coverage\n"
    "    per set and day, what harvests listed against what the index holds";

constexpr const char* kEnvironment =
    "ARXIV_SEARCH_DB         the index when --db is not given\n"
    "XDG_DATA_HOME           the index is $XDG_DATA_HOME/arxiv-search/index without either\n"
    "HOME                    the default of XDG_DATA_HOME (~/.local/share)\n"
    "ARXIV_SEARCH_CONTACT    the e-mail in the User-Agent of harvest and fetch when --contact is not given";

constexpr const char* kFiles =
    "~/.local/share/arxiv-search/index\n"
    "    the index (a Xapian database, or a folder of shards behind a stub)";

// Bulk ingest: Xapian's in-memory change buffers get slower as they grow;
// flushing every 2,000 documents instead of the default 10,000 built the
// shared corpus in 28 s instead of 34 s, and 270k synthetic papers in 120 s
// instead of 146 s, with a third of the memory (docs/benchmarks.md).
void bulk_flush_threshold() { setenv("XAPIAN_FLUSH_THRESHOLD", "2000", 0); }

}  // namespace

int main(int argc, char** argv) {
    namespace ec = arxiv::exit_code;
    CLI::App app{kDescription, "arxiv-index"};
    app.footer(std::string("Database: ") + kDatabase + "\nExit codes: " + kExitCodes);
    app.require_subcommand(1);
    app.fallthrough();
    std::string db_flag;
    bool quiet = false;
    double wait_seconds = 0;
    app.add_option("--db", db_flag, "Index directory")->type_name("PATH");
    app.add_flag("-q,--quiet", quiet, "No progress and no per-record warnings; errors still print");
    app.add_option("--wait", wait_seconds, "If another arxiv-index is writing, wait up to this many seconds")
        ->type_name("SECONDS");
    unsigned shards = 0;
    app.add_option("--shards", shards,
                   "Create a new index as N shards: a folder of N databases and a Xapian stub file listing "
                   "them, searched as one (docs/shards.md); an existing index keeps its layout")
        ->type_name("N")
        ->check(arxiv::cli::whole_number(1, 256));
    app.set_version_flag("--version", arxiv::version_line("arxiv-index"));

    auto* add = app.add_subcommand(
        "add",
        "Index local files: arXiv API Atom feeds, OAI-PMH responses, the Kaggle snapshot, daily-arxiv\n"
        "JSON lines, plain or gzip ('-' = stdin; a directory = its files in name order).\n"
        "  arxiv-index add data/daily-arxiv");
    add->footer("Exit codes: 0 ok; 1 some records or files were skipped (each is named); 2 usage error;\n"
                "3 index cannot be opened or written; 4 index locked by another writer; 70 internal error.");
    std::vector<std::string> inputs;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    add->add_option("FILE", inputs, "Input files or directories")->required();
    add->add_option("-j,--jobs", jobs,
                    "Parallel writers for a fresh build (default: number of CPUs); an index that "
                    "already holds documents is updated by one writer")
        ->check(arxiv::cli::whole_number(1, 64));
    unsigned only_shard = 0;
    auto* only_shard_opt =
        add->add_option("--only-shard", only_shard,
                        "Index only the papers of shard K (0 to N-1) of a sharded index, with one writer; "
                        "the others are counted and left alone (build the shards on several machines, then "
                        "put the shard folders side by side: docs/shards.md)")
            ->type_name("K")
            ->check(arxiv::cli::whole_number(0, 255));

    auto* harvest = app.add_subcommand(
        "harvest",
        "Harvest arXiv over OAI-PMH; without --from, continue from where the last run ended.\n"
        "  arxiv-index harvest --set cs --contact you@example.org");
    harvest->footer(std::string("Exit codes: ") + kExitCodes);
    arxiv::HarvestOptions hopt;
    HttpFlags hflags;
    std::string backfill;
    harvest->add_option("--base-url", hopt.base_url, "OAI-PMH endpoint (default " + std::string(arxiv::kDefaultOaiBaseUrl) + ")");
    harvest->add_option("--metadata", hopt.metadata_prefix, "metadataPrefix: arXiv (default), arXivRaw (per-version dates), oai_dc")
        ->check(CLI::IsMember({"arXiv", "arXivRaw", "oai_dc"}));
    harvest->add_option("--set", hopt.sets, "Set to harvest (repeatable): cs, math, physics:hep-th, cs:cs:AI ...")
        ->allow_extra_args(false);
    harvest->add_option("--from", hopt.from, "First datestamp (YYYY-MM-DD); default: where the last run ended")->type_name("DATE");
    harvest->add_option("--until", hopt.until, "Last datestamp (YYYY-MM-DD)")->type_name("DATE");
    harvest->add_option("--backfill", backfill, "Re-harvest a window FROM..TO without moving the incremental position")
        ->type_name("FROM..TO");
    harvest->add_flag("-v,--verbose", hopt.verbose, "Log every page");
    hflags.add_to(harvest);

    auto* fetch = app.add_subcommand(
        "fetch",
        "Fetch from the arXiv search API (small, targeted updates).\n"
        "  arxiv-index fetch --query 'cat:cs.CL AND abs:\"kv cache\"' --since last");
    fetch->footer(std::string("Exit codes: ") + kExitCodes);
    arxiv::FetchOptions fopt;
    HttpFlags fflags;
    std::string id_list;
    fetch->add_option("--query", fopt.query, "search_query in arXiv's syntax, e.g. 'cat:cs.CL AND abs:\"kv cache\"'");
    fetch->add_option("--id", id_list, "Comma-separated arXiv ids (id_list)");
    fetch->add_option("--base-url", fopt.base_url, "API endpoint (default " + std::string(arxiv::kDefaultApiUrl) + ")");
    fetch->add_option("--sort-by", fopt.sort_by, "relevance, lastUpdatedDate or submittedDate")
        ->check(CLI::IsMember({"relevance", "lastUpdatedDate", "submittedDate"}));
    fetch->add_option("--sort-order", fopt.sort_order, "ascending or descending")
        ->check(CLI::IsMember({"ascending", "descending"}));
    fetch->add_option("--since", fopt.since,
                      "Only updates on or after DATE (YYYY-MM-DD), or 'last' = since the last successful fetch "
                      "of this query; pages newest first and stops at older ones")
        ->type_name("DATE|last");
    fetch->add_option("--max", fopt.max_records, "At most this many records (the API serves at most 30000)");
    fetch->add_option("--page-size", fopt.page_size, "Records per request (default 100, at most 2000)");
    fflags.add_to(fetch);

    auto* upgrade = app.add_subcommand(
        "upgrade", "Rewrite an index built by an older arxiv-index to the current schema (from its stored records)");
    upgrade->footer("Exit codes: 0 ok; 2 usage error; 3 no index, or it cannot be written; 4 index locked by\n"
                    "another writer; 70 internal error.");
    auto* status = app.add_subcommand("status", "Show what the index holds and the state of harvests");
    const std::string read_only_codes = "Exit codes: 0 ok; 2 usage error; 3 index missing or unreadable; 70 internal error.";
    status->footer(read_only_codes);
    auto* synonyms = app.add_subcommand(
        "synonyms", "List the acronyms the index learned from its papers (with counts), or all that is known of TERM");
    synonyms->footer(read_only_codes);
    arxiv::SynonymsOptions sopt;
    synonyms->add_option("TERM", sopt.term, "An acronym, word or phrase (quote a phrase)");
    synonyms->add_option("-n,--limit", sopt.limit, "Acronyms to list without TERM (default 50)");
    synonyms->add_flag("--stems", sopt.stems,
                       "Show the indexed (stemmed) terms instead of the words as papers write them");
    synonyms->add_option("--synonyms", sopt.synonym_files, "Also read this synonym file (repeatable)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    auto* coverage = app.add_subcommand("coverage", "Compare the index with what harvests listed, per set and day; name the gaps");
    coverage->footer("Exit codes: 0 no gaps; 1 gaps found; 2 usage error; 3 index missing or unreadable;\n"
                     "70 internal error.");
    arxiv::CoverageOptions copt;
    coverage->add_option("--set", copt.set, "Only this set");
    coverage->add_option("--since", copt.since, "First day to show (YYYY-MM-DD)");
    coverage->add_option("--until", copt.until, "Last day to show (YYYY-MM-DD)");
    coverage->add_flag("--all-days", copt.all_days, "List every day, not only gaps");

    const arxiv::cli::ManPage man{"arxiv-index",
                                  "build and update a local, searchable index of arXiv metadata",
                                  "arxiv-search " + arxiv::version(),
                                  {{"DATABASE", kDatabase},
                                   {"EXAMPLES", kExamples},
                                   {"ENVIRONMENT", kEnvironment},
                                   {"FILES", kFiles},
                                   {"EXIT STATUS", kExitCodes}},
                                  {"arxiv-query(1)"}};
    if (int code = arxiv::cli::generate_if_asked(app, man, argc, argv, std::cout, std::cerr); code >= 0) return code;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return arxiv::cli::report_parse_error(app, e, std::cout, std::cerr);
    }

    const std::string db_path = arxiv::resolve_db_path(db_flag);
    if (*add || *harvest || *fetch || *upgrade) {
        if (std::string problem = arxiv::foreign_folder_problem(db_path); !problem.empty()) {
            std::cerr << "arxiv-index: error: " << problem << "\n";
            return ec::kUsage;
        }
    }
    try {
        if (*status) return arxiv::print_status(db_path, std::cout, std::cerr);
        if (*synonyms) return arxiv::print_synonyms(db_path, sopt, std::cout, std::cerr);
        if (*coverage) {
            for (const auto& [flag, day] : {std::pair{"--since", &copt.since}, std::pair{"--until", &copt.until}}) {
                if (!day->empty() && !arxiv::is_calendar_day(*day)) {
                    std::cerr << "arxiv-index: error: coverage " << flag << ": '" << *day << "' is not a day (YYYY-MM-DD)\n";
                    return ec::kUsage;
                }
            }
            return arxiv::print_coverage(db_path, copt, std::cout, std::cerr);
        }
        if (*upgrade) {
            if (!std::filesystem::exists(db_path)) {
                std::cerr << "arxiv-index: error: no index at " << db_path << "\n";
                return ec::kDatabase;
            }
            arxiv::IndexWriter writer(db_path, wait_seconds, shards);  // upgrades on open
            writer.commit();
            if (!quiet) std::cerr << "arxiv-index: the index at " << db_path << " is up to date\n";
            return ec::kOk;
        }

        if (*harvest) {
            if (!backfill.empty()) {
                size_t dots = backfill.find("..");
                if (dots == std::string::npos || dots == 0 || dots + 2 >= backfill.size()) {
                    std::cerr << "arxiv-index: error: --backfill wants FROM..TO (YYYY-MM-DD..YYYY-MM-DD)\n";
                    return ec::kUsage;
                }
                hopt.from = backfill.substr(0, dots);
                hopt.until = backfill.substr(dots + 2);
                hopt.backfill = true;
            }
            for (const auto& [flag, day] : {std::pair{"--from", &hopt.from}, std::pair{"--until", &hopt.until}}) {
                if (!day->empty() && !arxiv::is_calendar_day(*day)) {
                    std::cerr << "arxiv-index: error: " << (hopt.backfill ? "--backfill" : flag) << ": '" << *day
                              << "' is not a day (YYYY-MM-DD)\n";
                    return ec::kUsage;
                }
            }
            if (!hopt.from.empty() && !hopt.until.empty() && hopt.from > hopt.until) {
                std::cerr << "arxiv-index: error: " << (hopt.backfill ? "--backfill: " : "") << hopt.from
                          << " is after " << hopt.until << "\n";
                return ec::kUsage;
            }
            arxiv::IndexWriter writer(db_path, wait_seconds, shards);
            arxiv::HttpClient http(hflags.options());
            arxiv::Progress progress(std::cerr, isatty(STDERR_FILENO) && !quiet, 1);
            http.set_logger([&](const std::string& line) {
                progress.clear();
                std::cerr << "arxiv-index: " << line << "\n";
            });
            arxiv::OaiHarvester harvester(writer, http, hopt, progress, std::cerr);
            arxiv::HarvestReport r = harvester.run();
            progress.finish();
            const auto& c = r.counts;
            std::cerr << "arxiv-index: harvest: " << r.records << " records in " << r.pages << " pages ("
                      << static_cast<long>(r.seconds > 0 ? r.records / r.seconds : 0) << " records/s): added "
                      << c.added << ", replaced " << c.replaced << ", unchanged " << c.unchanged + c.older
                      << ", deleted " << c.deleted << ", skipped " << r.skipped << "; "
                      << http.stats().requests << " requests, " << http.stats().retries << " retries\n";
            if (!r.ok) return ec::kStoppedEarly;
            return r.skipped ? ec::kPartial : ec::kOk;
        }
        if (*fetch) {
            if (fopt.query.empty() && id_list.empty()) {
                std::cerr << "arxiv-index: error: fetch needs --query or --id\n";
                return ec::kUsage;
            }
            if (!fopt.since.empty() && fopt.since != "last" && !arxiv::is_calendar_day(fopt.since)) {
                std::cerr << "arxiv-index: error: fetch --since: '" << fopt.since
                          << "' is neither a day (YYYY-MM-DD) nor 'last'\n";
                return ec::kUsage;
            }
            for (size_t pos = 0; pos < id_list.size();) {
                size_t comma = id_list.find(',', pos);
                if (comma == std::string::npos) comma = id_list.size();
                if (comma > pos) fopt.ids.push_back(id_list.substr(pos, comma - pos));
                pos = comma + 1;
            }
            arxiv::IndexWriter writer(db_path, wait_seconds, shards);
            arxiv::HttpClient http(fflags.options());
            arxiv::Progress progress(std::cerr, isatty(STDERR_FILENO) && !quiet, 1);
            http.set_logger([&](const std::string& line) {
                progress.clear();
                std::cerr << "arxiv-index: " << line << "\n";
            });
            arxiv::FetchReport r = arxiv::fetch_api(writer, http, fopt, progress, std::cerr);
            progress.finish();
            const auto& c = r.counts;
            std::cerr << "arxiv-index: fetch: " << r.records << " records in " << r.pages << " pages"
                      << (r.total_results >= 0 ? " (" + std::to_string(r.total_results) + " results)" : "")
                      << ": added " << c.added << ", replaced " << c.replaced << ", unchanged "
                      << c.unchanged + c.older << ", skipped " << r.skipped << "; " << http.stats().requests
                      << " requests, " << http.stats().retries << " retries\n";
            if (!r.ok) return ec::kStoppedEarly;
            return r.skipped ? ec::kPartial : ec::kOk;
        }

        bulk_flush_threshold();
        arxiv::IngestOptions options;
        options.quiet = quiet;
        options.progress = isatty(STDERR_FILENO);
        arxiv::IngestSummary summary;
        // Decided under the lock: a writer that waited for another one must
        // see what that one built, not the empty index it found before.
        std::optional<unsigned> only;
        if (*only_shard_opt) only = only_shard;
        auto writer = std::make_unique<arxiv::IndexWriter>(db_path, wait_seconds, shards, only);
        if (!only && (jobs > 1 || writer->shard_count() > 1) && writer->holds_nothing()) {
            // A fresh build: parallel shard writers merged by compaction.
            arxiv::ShardedBuild target(std::move(writer), jobs);
            summary = arxiv::ingest_files(target, inputs, options, std::cerr);
        } else {
            arxiv::WriterTarget target(*writer);
            summary = arxiv::ingest_files(target, inputs, options, std::cerr);
        }
        if (!quiet || summary.skipped || summary.files_failed)
            std::cerr << "arxiv-index: " << arxiv::format_summary(summary) << "\n";
        return (summary.skipped || summary.files_failed) ? ec::kPartial : ec::kOk;
    } catch (const Xapian::DatabaseLockError&) {
        std::cerr << "arxiv-index: error: the index at " << db_path
                  << " is locked by another arxiv-index; wait for it to finish or use --wait SECONDS\n";
        return ec::kLocked;
    } catch (const arxiv::IndexNotWritable& e) {
        std::cerr << "arxiv-index: error: " << e.what() << "\n";
        return ec::kDatabase;
    } catch (const arxiv::IndexLayoutError& e) {
        std::cerr << "arxiv-index: error: " << e.what() << "\n";
        return ec::kDatabase;
    } catch (const Xapian::Error& e) {
        std::cerr << "arxiv-index: error: index " << db_path << ": " << e.get_description() << "\n";
        const char* cause = e.get_error_string();
        if (cause && (std::string_view(cause) == std::strerror(ENOSPC) || std::string_view(cause) == std::strerror(EDQUOT)))
            std::cerr << "arxiv-index: the index keeps what was committed before; free space and run the same "
                         "command again to add the rest\n";
        return ec::kDatabase;
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "arxiv-index: error: " << e.what() << "\n";
        return ec::kDatabase;
    } catch (const std::exception& e) {
        return arxiv::report_internal_error("arxiv-index", e);
    }
}
