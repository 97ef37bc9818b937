#include "query/serve_flags.h"

#include "common/cli/cli.h"

namespace arxiv {

CLI::App* add_serve_flags(CLI::App& parent, ServeFlags& flags) {
    CLI::App* app = parent.add_subcommand(
        "serve",
        "Serve the index over HTTP: a search page at /, /api/query answers like the arXiv API (Atom), "
        "/search takes our query language (JSON)");
    app->add_option("--listen", flags.listen,
                    "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free port)")
        ->type_name("HOST:PORT");
    app->add_option("--max-results", flags.max_results, "Most entries one request returns (default 2000)")
        ->check(cli::whole_number(1, 1000000000))
        ->type_name("N");
    app->add_option("--threads", flags.threads, "Searches run at once, each with its own open index (default 4)")
        ->check(cli::whole_number(1, 256))
        ->type_name("N");
    app->add_option("--max-connections", flags.max_connections,
                    "Connections open at once; a new one takes the place of the one waiting longest "
                    "without being served (idle, slow to send, not reading), else gets 503 (default 1024)")
        ->check(cli::whole_number(1, 1000000))
        ->type_name("N");
    app->add_option("--max-connections-per-client", flags.max_connections_per_client,
                    "Connections open at once from one address, likewise (default 256)")
        ->check(cli::whole_number(1, 1000000))
        ->type_name("N");
    app->add_option("--request-timeout", flags.request_timeout,
                    "Seconds a whole request (headers and body) may take to arrive; slower ones get 408 "
                    "(default 10)")
        ->check(CLI::Range(0.1, 3600.0))
        ->type_name("SECONDS");
    app->add_option("--keep-alive", flags.keep_alive,
                    "Seconds an idle connection stays open between requests (default 5)")
        ->check(CLI::Range(0.1, 3600.0))
        ->type_name("SECONDS");
    app->add_option("--max-cpu", flags.max_cpu,
                    "CPU seconds one search may take; a longer one is stopped with a 400 that says so "
                    "(default 2; 0: no bound)")
        ->check(CLI::Range(0.0, 3600.0))
        ->type_name("SECONDS");
    app->add_option("--synonyms", flags.synonym_files,
                    "Also expand /search queries with the groups of this synonym file (repeatable)")
        ->check(CLI::ExistingFile)
        ->type_name("FILE");
    return app;
}

}  // namespace arxiv
