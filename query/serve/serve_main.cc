// arxiv-query-serve: the HTTP server behind `arxiv-query serve`, a program of
// its own so that one-shot queries do not load cpp-httplib and OpenSSL
// (that cut process start-up roughly in half). arxiv-query execs it with its
// own arguments, so both accept the same command line.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "common/util/db_location.h"
#include "common/util/diag.h"
#include "common/util/exit_codes.h"
#include "common/util/version.h"
#include "query/commands.h"

int main(int argc, char** argv) {
    namespace ec = arxiv::exit_code;
    CLI::App app{"arxiv-query serve: the local arXiv API endpoint", "arxiv-query"};
    app.set_version_flag("--version", arxiv::version_line("arxiv-query-serve"));
    app.require_subcommand(1);
    app.fallthrough();
    std::string db_flag;
    app.add_option("--db", db_flag, "Index directory")->type_name("PATH");
    arxiv::Command serve = arxiv::add_serve_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? ec::kOk : ec::kUsage;
    }
    try {
        return serve.run(arxiv::resolve_db_path(db_flag));
    } catch (const Xapian::Error& e) {
        std::cerr << "arxiv-query serve: error: " << e.get_description() << "\n";
        return ec::kDatabase;
    } catch (const std::exception& e) {
        return arxiv::report_internal_error("arxiv-query-serve", e);
    } catch (...) {
        std::cerr << "arxiv-query-serve: error: internal: unknown exception\n";
        return ec::kInternal;
    }
}
