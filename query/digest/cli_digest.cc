// `arxiv-query digest CONFIG`: flags only; the work is in run_digest.cc.
#include <ctime>
#include <iostream>
#include <memory>

#include "common/cli/cli.h"
#include "common/util/db_location.h"
#include "query/commands.h"
#include "query/digest/digest.h"
#include "query/digest/render.h"

namespace arxiv {

Command add_digest_command(CLI::App& parent) {
    auto req = std::make_shared<DigestRequest>();
    auto db_flag = std::make_shared<std::string>();
    // The first line is what arxiv-query --help lists for the command.
    CLI::App* app = parent.add_subcommand(
        "digest",
        "Write a digest of what is new in the index: the best papers of each topic of CONFIG.\n"
        "CONFIG is a JSON file: a title, topics (each a query, followed authors or liked papers,\n"
        "with categories, exclude, limit, min_score) and global exclude lists.\n"
        "  arxiv-query digest daily.json --output today.md\n"
        "  arxiv-query digest daily.json --days 7 --layout scored\n"
        "By default it covers what the index learned since the previous run of this CONFIG\n"
        "(state in $XDG_STATE_HOME/arxiv-search/digests). Each topic lists its best papers, scored\n"
        "0-10 with the reasons, each with its novelty against earlier papers.");
    // The search's own options (--count, --facets, --sort's values ...)
    // mean nothing here: refused after the command by CLI11 and before it
    // by arxiv-query's main, not silently ignored.
    app->fallthrough(false);
    app->footer(
        "Of arxiv-query's options only --db applies to digest (before or after the command).\n"
        "Exit codes: 0 something new; 1 nothing new; 2 usage, config or template error;\n"
        "3 index missing or unreadable; 4 the digest or its state could not be written\n"
        "(the state is then left as it was).");
    app->add_option("CONFIG", req->config_path, "Digest configuration (JSON)")->required()->type_name("FILE");
    app->add_option("--db", *db_flag, "Index directory (as for arxiv-query)")->type_name("PATH");
    auto since = app->add_option("--since", req->window.since,
                                 "Papers submitted or updated on or after DATE, instead of since the last run")
                     ->type_name("DATE");
    auto days = app->add_option("--days", req->window.days, "Papers submitted or updated in the last N days")
                    ->type_name("N")
                    ->check(cli::whole_number(1, 36500));
    since->excludes(days);
    app->add_option("--until", req->window.until, "End the --since/--days window on DATE")->type_name("DATE");
    app->add_option("-n,--limit", req->limit,
                    "Papers shown per topic, instead of the configuration's limits (the best are kept)")
        ->check(cli::whole_number(1, 100000));
    auto format = app->add_option("-f,--format", req->format, "markdown (default), json or atom")
                      ->check(CLI::IsMember(digest_format_names()));
    auto tmpl = app->add_option("--template", req->template_path,
                                "Render with this template instead (see README, Digests)")
                    ->type_name("FILE")
                    ->excludes(format);
    app->add_option("--layout", req->layout,
                    "markdown: topics (default: a section per topic) or scored (one list across topics, best "
                    "first, with a numbered table of contents)")
        ->check(CLI::IsMember(digest_layout_names()))
        ->excludes(tmpl);
    app->add_option("-o,--output", req->output,
                    "Write to FILE (replaced atomically: never half written); default stdout")
        ->type_name("FILE");
    app->add_option("-s,--sort", req->options.sort,
                    "Within a topic: relevance (default: best first) or newest (the best, newest first)")
        ->check(CLI::IsMember(digest_sort_names()));
    app->add_flag("--dedup", req->options.dedup, "List a paper only under the first topic it matches");
    app->add_flag("--omit-empty", req->omit_empty, "Leave out topics with nothing new");
    app->add_flag("--quiet-if-empty", req->quiet_if_empty,
                  "Write nothing at all when no topic has anything new (exit code 1)");
    app->add_flag("--dry-run", req->dry_run, "Write the digest but leave the state as it is");
    return {app, [req, db_flag](const std::string& db_path) {
                return run_digest(*req, db_flag->empty() ? db_path : resolve_db_path(*db_flag), std::cout, std::cerr,
                                  std::time(nullptr));
            }};
}

}  // namespace arxiv
