// Subcommands of arxiv-query besides plain search. Each lives in its own
// file (query/cli_<name>.cc), registers its flags on the parent app, and
// returns how to run it once flags are parsed; main.cc only wires them up.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace arxiv {

struct Command {
    CLI::App* app = nullptr;                             // the subcommand, for `if (*app)`
    std::function<int(const std::string& db_path)> run;  // returns the exit code
};

Command add_serve_command(CLI::App& parent);  // query/serve/cli_serve.cc
Command add_digest_command(CLI::App& parent);  // query/digest/cli_digest.cc

}  // namespace arxiv
