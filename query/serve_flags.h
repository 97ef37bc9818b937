// The flags of `arxiv-query serve`, defined once: arxiv-query-serve parses
// and runs them (query/serve/cli_serve.cc); arxiv-query, which execs
// arxiv-query-serve for `serve` and links no HTTP library, registers the
// same definitions so its --help, man page and shell completions know them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace arxiv {

struct ServeFlags {
    std::string listen = "127.0.0.1:8080";
    std::uint64_t max_results = 2000;
    unsigned threads = 4;
    unsigned max_connections = 1024;
    unsigned max_connections_per_client = 256;
    double request_timeout = 10;
    double keep_alive = 5;
    double max_cpu = 2;
    std::vector<std::string> synonym_files;
};

// Adds the `serve` subcommand with its flags to `parent`, bound to `flags`
// (which must outlive the parse).
CLI::App* add_serve_flags(CLI::App& parent, ServeFlags& flags);

}  // namespace arxiv
