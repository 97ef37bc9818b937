// arxiv-query-serve: the HTTP server behind `arxiv-query serve`, a program of
// its own so that one-shot queries do not load cpp-httplib and OpenSSL
// (that cut process start-up roughly in half). arxiv-query execs it with its
// own arguments, so both accept the same command line.
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "common/cli/cli.h"
#include "common/util/db_location.h"
#include "common/util/diag.h"
#include "common/util/exit_codes.h"
#include "common/util/version.h"
#include "query/commands.h"

int main(int argc, char** argv) {
    namespace ec = arxiv::exit_code;
    CLI::App app{"arxiv-query serve: the local search page and arXiv API endpoint", "arxiv-query"};
    app.set_version_flag("--version", arxiv::version_line("arxiv-query-serve"));
    app.require_subcommand(1);
    app.fallthrough();
    std::string db_flag;
    app.add_option("--db", db_flag, "Index directory")->type_name("PATH");
    arxiv::Command serve = arxiv::add_serve_command(app);
    // The man page of `arxiv-query serve` (completions come with arxiv-query's).
    const arxiv::cli::ManPage man{
        "arxiv-query-serve",
        "the local search page and arXiv API endpoint, run as arxiv-query serve",
        "arxiv-search " + arxiv::version(),
        {{"ENDPOINTS",
          "GET / is the search page for a browser: a search box in the query language of arxiv-query,\n"
          "results with highlighted matches, facets, paging, sorting, a date range, similar papers and\n"
          "Did you mean. Its URL is its whole state: q, from and to (submission dates, as --since and\n"
          "--until), sort (relevance, submitted, updated, id), reverse=1, offset, limit, like=ID\n"
          "(papers like this one), exact=1 and syntax=arxiv. It works without JavaScript and loads\n"
          "nothing from elsewhere.\n"
          "GET /search takes the same parameters plus format (json, jsonl, csljson, ris, bibtex),\n"
          "facets and facet_limit, like_text.\n"
          "GET or POST /api/query answers like the arXiv API (Atom): search_query, id_list, start,\n"
          "max_results, sortBy, sortOrder."},
         {"EXIT STATUS", "0 stopped by SIGINT or SIGTERM; 2 usage error; 3 index missing or unreadable;\n"
                         "70 internal error."}},
        {"arxiv-query(1)", "arxiv-index(1)"}};
    if (argc == 3 && std::string(argv[1]) == "--generate" && std::string(argv[2]) != "man") {
        std::cerr << "arxiv-query-serve: error: --generate: only man here; completions come with arxiv-query\n";
        return ec::kUsage;
    }
    if (int code = arxiv::cli::generate_if_asked(app, man, argc, argv, std::cout, std::cerr); code >= 0) return code;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // "arxiv-query serve latency": a search for "serve" that became the command.
        const std::string hint = "serve takes no words; to search for the word \"serve\", put it after --: "
                                 "arxiv-query -- serve {words}";
        return arxiv::cli::report_parse_error(app, e, std::cout, std::cerr, hint);
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
