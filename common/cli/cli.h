// What the three programs share about their command lines, built on CLI11:
// the help text without CLI11's type noise, errors in the form
// "PROG: error: …" with "did you mean", and the man pages and shell
// completions generated from the same option definitions as --help (so
// they cannot drift apart).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace arxiv::cli {

// The candidate closest to `typed` by edit distance (a swap of two
// neighbours counts once), when close enough to be a typo of it: at most
// one edit for short words, two for longer ones. Empty when none is.
std::string closest(const std::string& typed, const std::vector<std::string>& candidates);

// A whole number from `min` to `max` as a validator named "N": digits only
// (CLI11 reads "-1" into an unsigned as 2^64-1, and its range errors print
// the type's whole range), with an error that says what is wanted:
// "--limit: '-1' is not a whole number from 0 to 999999999999".
CLI::Validator whole_number(unsigned long long min, unsigned long long max);

// Makes the help of `app` and of its subcommands read like a man page's
// synopsis: "-n,--limit N", "--sort {relevance,submitted}", "FILE...", not
// CLI11's "UINT:UINT in [1 - 64]" or "TEXT ... REQUIRED". report_parse_error
// (which prints --help) and generate_if_asked call it, so a run that prints
// no help does not pay for it.
void tidy_help(CLI::App& app);

// Prints `e` the way our programs report usage errors and returns the exit
// code (0 for --help and --version, which print to `out`; else 2):
//   arxiv-query: error: unknown option '--lmit'
//     did you mean '--limit'?
//     see arxiv-query --help
// An unknown word where a command is expected gets the closest command
// name. `extra_hint` is added after an unexpected word that is not an
// option (how to search for a word that names a command), with "{words}"
// replaced by the unexpected words.
int report_parse_error(CLI::App& app, const CLI::ParseError& e, std::ostream& out, std::ostream& err,
                       const std::string& extra_hint = "");

// The first option of `app` itself (not of its subcommands) given on the
// command line whose long name is not in `allowed` ("--count"); "" when
// none is. For a command that takes only some of the program's options.
std::string given_option_outside(const CLI::App& app, const std::vector<std::string>& allowed);

// What the man page says besides the options: its sections in order.
struct ManPage {
    std::string name;     // the command, "arxiv-query"
    std::string summary;  // one line for NAME
    std::string version;  // "arxiv-search 0.1.0"
    std::vector<std::pair<std::string, std::string>> sections;  // title -> text, after OPTIONS
    std::vector<std::string> see_also;                          // "arxiv-index(1)"
};

// The man page (roff, section 1) of `app`: NAME, SYNOPSIS, DESCRIPTION (the
// app's description), OPTIONS, one COMMANDS entry per subcommand with its
// options, then `page.sections`.
std::string man_page(const CLI::App& app, const ManPage& page);

// A completion script of `app` for `shell` ("bash", "zsh" or "fish"):
// options of the command and of each subcommand, their choices and file
// arguments, subcommand names. Throws std::invalid_argument for another shell.
std::string completion_script(const CLI::App& app, const std::string& shell);

// `PROG --generate man|bash|zsh|fish`, the build's way to get the man page
// and completions (a hidden flag, not in --help): prints it and returns 0,
// 2 for an unknown kind; -1 when the command line is not that.
int generate_if_asked(CLI::App& app, const ManPage& page, int argc, char** argv, std::ostream& out,
                      std::ostream& err);

}  // namespace arxiv::cli
