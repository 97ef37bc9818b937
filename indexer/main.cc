// arxiv-index: builds and updates the local arXiv index. Flag parsing only;
// the work is in ingest.cc and writer.cc.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "common/db_location.h"
#include "common/exit_codes.h"
#include "indexer/ingest.h"
#include "indexer/status.h"

namespace {

constexpr const char* kDescription =
    "arxiv-index: build and update a local, searchable index of arXiv metadata.\n"
    "Inputs: arXiv API Atom feeds, OAI-PMH responses (arXiv, arXivRaw, oai_dc), the Kaggle\n"
    "metadata snapshot and daily-arxiv JSON lines; plain or gzip; '-' reads stdin.";

constexpr const char* kFooter =
    "Database: --db PATH, else $ARXIV_SEARCH_DB, else $XDG_DATA_HOME/arxiv-search/index\n"
    "(~/.local/share/arxiv-search/index).\n"
    "Exit codes: 0 ok; 1 finished but some records or files were skipped (see messages);\n"
    "2 usage error; 3 index cannot be opened or written; 4 index locked by another writer.";

}  // namespace

int main(int argc, char** argv) {
    namespace ec = arxiv::exit_code;
    CLI::App app{kDescription, "arxiv-index"};
    app.footer(kFooter);
    app.require_subcommand(1);
    app.fallthrough();
    std::string db_flag;
    bool quiet = false;
    app.add_option("--db", db_flag, "Index directory")->type_name("PATH");
    app.add_flag("-q,--quiet", quiet, "No progress and no per-record warnings; errors still print");
    app.set_version_flag("--version", "arxiv-index 0.1.0");

    auto* add = app.add_subcommand("add", "Index local files ('-' = stdin; a directory = its files in name order)");
    std::vector<std::string> inputs;
    double wait_seconds = 0;
    add->add_option("FILE", inputs, "Input files")->required();
    add->add_option("--wait", wait_seconds,
                    "If another arxiv-index is writing, wait up to this many seconds")
        ->type_name("SECONDS");

    auto* status = app.add_subcommand("status", "Show what the index holds");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? ec::kOk : ec::kUsage;
    }

    const std::string db_path = arxiv::resolve_db_path(db_flag);
    try {
        if (*status) return arxiv::print_status(db_path, std::cout, std::cerr);

        arxiv::IndexWriter writer(db_path, wait_seconds);
        arxiv::IngestOptions options;
        options.quiet = quiet;
        options.progress = isatty(STDERR_FILENO);
        arxiv::IngestSummary summary = arxiv::ingest_files(writer, inputs, options, std::cerr);
        if (!quiet || summary.skipped || summary.files_failed)
            std::cerr << "arxiv-index: " << arxiv::format_summary(summary) << "\n";
        return (summary.skipped || summary.files_failed) ? ec::kPartial : ec::kOk;
    } catch (const Xapian::DatabaseLockError&) {
        std::cerr << "arxiv-index: error: the index at " << db_path
                  << " is locked by another arxiv-index; wait for it to finish or use --wait "
                     "SECONDS\n";
        return ec::kLocked;
    } catch (const Xapian::Error& e) {
        std::cerr << "arxiv-index: error: index " << db_path << ": " << e.get_description() << "\n";
        return ec::kDatabase;
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "arxiv-index: error: " << e.what() << "\n";
        return ec::kDatabase;
    }
}
