// arxiv-query: searches the local arXiv index. Flag parsing only; the work
// is in query/request, query/search and query/output.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "common/cli/cli.h"
#include "common/schema/schema.h"
#include "common/text/text.h"
#include "common/util/version.h"
#include "common/util/db_location.h"
#include "common/util/diag.h"
#include "common/util/exit_codes.h"
#include "query/commands.h"
#include "query/serve_flags.h"
#include "query/lang/query_parser.h"
#include "query/request/request.h"
#include "query/search/facets.h"
#include "query/search/like.h"

namespace {

constexpr const char* kDescription =
    "arxiv-query: ranked search over the local arXiv index.\n"
    "  arxiv-query '\"kv cache\" cat:cs.CL date:2025..'\n"
    "Words are ANDed; OR, NOT/-word, ( ), \"phrases\" and word* work. Fields: title: ti:\n"
    "abstract: abs: author: au: cat: primary: archive: id: doi: comment: co: journal: jr:\n"
    "report: rn: all: date: (submitted) updated: announced:. Dates: 2025, 2025-03,\n"
    "2025-03-31, today, 7d, ranges FROM..TO with open ends. An arXiv id or abs/pdf link\n"
    "typed as a word finds that paper first.";

constexpr const char* kDatabase =
    "--db PATH, else $ARXIV_SEARCH_DB, else $XDG_DATA_HOME/arxiv-search/index\n"
    "(~/.local/share/arxiv-search/index).";

// The query language for the man page, from the schema's field table (the
// one list the compiler reads).
std::string query_syntax() {
    std::string out =
        "Words are ANDed; OR, NOT or -word, ( ), \"phrases\" and word* (a prefix) work; =word searches only\n"
        "the form typed. A field name and a colon restrict a word, a phrase or ( ) to one field:\n";
    for (const arxiv::schema::Field& f : arxiv::schema::fields()) {
        std::string names = std::string(f.name) + ":";
        for (std::string_view a : arxiv::split_at(f.aliases, ' '))
            if (!a.empty()) names += " " + std::string(a) + ":";
        out += "  " + names + std::string(names.size() < 22 ? 22 - names.size() : 1, ' ') + std::string(f.help) + "\n";
    }
    out += "Dates: 2025, 2025-03, 2025-03-31, today, yesterday, 7d (the last 7 days), FROM..TO with either\n"
           "end open (2025-01.., ..2024). --syntax arxiv reads the arXiv API's search_query language\n"
           "instead (ti: au: abs: AND OR ANDNOT, submittedDate:[YYYYMMDDhhmm TO YYYYMMDDhhmm]).";
    return out;
}

constexpr const char* kExamples =
    "arxiv-query '\"kv cache\" eviction'\n"
    "    papers with the phrase and the word, best first\n"
    "arxiv-query 'ti:transformer au:\"Song Han\" date:2025..' -n 20 -f markdown\n"
    "    a title word, an author and a date range; twenty results as markdown\n"
    "arxiv-query --count 'cat:cs.CL \"speculative decoding\"'\n"
    "    only the number of matches\n"
    "arxiv-query --like 2505.24133,2506.01234 --since 30d\n"
    "    papers like these two, from the last 30 days\n"
    "arxiv-query --syntax arxiv 'ti:attention AND cat:cs.LG'\n"
    "    the arXiv API's query language\n"
    "arxiv-query digest ~/digest.json --days 7 --layout scored -o week.md\n"
    "    a week's digest of the topics in ~/digest.json, one list best first\n"
    "arxiv-query serve --port 8080\n"
    "    the search page and the arXiv-style API on http://127.0.0.1:8080/";

constexpr const char* kEnvironment =
    "ARXIV_SEARCH_DB       the index when --db is not given\n"
    "XDG_DATA_HOME         the index is $XDG_DATA_HOME/arxiv-search/index without either\n"
    "XDG_STATE_HOME        digest state: $XDG_STATE_HOME/arxiv-search/digests\n"
    "XDG_CONFIG_HOME       your synonym groups: $XDG_CONFIG_HOME/arxiv-search/synonyms.txt\n"
    "HOME                  the defaults of the three above (~/.local/share, ~/.local/state, ~/.config)\n"
    "NO_COLOR              set to anything: no colour unless --color always\n"
    "TERM                  dumb: no colour\n"
    "COLUMNS               the width of text and oneline output when stdout is not a terminal (else 100)";

constexpr const char* kFiles =
    "~/.local/share/arxiv-search/index\n"
    "    the index (arxiv-index writes it)\n"
    "~/.local/state/arxiv-search/digests/\n"
    "    one state file per digest configuration: when it last ran\n"
    "~/.config/arxiv-search/synonyms.txt\n"
    "    your synonym groups, added to the built-in ones (format of data/synonyms.txt)";

constexpr const char* kExitCodes =
    "0 results found; 1 no results; 2 usage or query syntax error;\n"
    "3 index missing or unreadable; 70 internal error or out of memory.";

// Replaces this process with arxiv-query-serve (beside this binary, else
// on PATH), passing the same arguments. Returns only on failure.
int exec_serve(char** argv) {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::string beside = ec ? "" : (self.parent_path() / "arxiv-query-serve").string();
    argv[0] = const_cast<char*>("arxiv-query-serve");
    if (!beside.empty()) execv(beside.c_str(), argv);
    execvp("arxiv-query-serve", argv);
    std::cerr << "arxiv-query: error: cannot run arxiv-query-serve (" << std::strerror(errno)
              << "); it is installed beside arxiv-query by the build\n";
    return arxiv::exit_code::kUsage;
}

// The command line rearranged so that query words can never be taken for
// options: "arxiv-query transformer -survey" is an exclusion, not
// "--sort urvey". Options (known names exactly, "--name=value", and their
// values) come first, then "--", then every other word in order. Before the
// first query word an unknown "--long" option is left for CLI11 to refuse
// (a typo should not become a search), but an unknown "-word" is query
// text. The first query word may also be a subcommand ("digest", "serve"):
// then nothing is rearranged, unless it came after "--" ("arxiv-query --
// serve latency" searches). `first_word` gets the first query word.
std::vector<std::string> options_then_words(const CLI::App& app, int argc, char** argv, std::string& first_word) {
    std::unordered_map<std::string, bool> known;  // "-n", "--limit" -> takes a value
    for (const CLI::Option* opt : app.get_options()) {
        const bool value = opt->get_expected_max() > 0;
        for (const std::string& n : opt->get_lnames()) known["--" + n] = value;
        for (const std::string& n : opt->get_snames()) known["-" + n] = value;
    }
    std::vector<std::string> options{argv[0]}, words;
    bool literal = false, first_literal = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (literal) {
            if (words.empty()) {
                first_word = arg;
                first_literal = true;
            }
            words.push_back(arg);
            continue;
        }
        if (arg == "--") {
            literal = true;
            continue;
        }
        const std::string name = arg.substr(0, arg.find('='));
        auto it = known.find(name);
        const bool option = it != known.end() || (words.empty() && arg.rfind("--", 0) == 0 && arg.size() > 2);
        if (option) {
            options.push_back(arg);
            if (it != known.end() && it->second && name == arg && i + 1 < argc) options.push_back(argv[++i]);
            continue;
        }
        if (words.empty()) first_word = arg;
        words.push_back(arg);
    }
    for (const CLI::App* sub : app.get_subcommands({}))
        if (!words.empty() && !first_literal && words.front() == sub->get_name()) {
            return std::vector<std::string>(argv, argv + argc);
        }
    if (first_literal) first_word.clear();  // a query word, whatever it says
    if (!words.empty()) options.push_back("--");
    options.insert(options.end(), words.begin(), words.end());
    return options;
}

// A count given on the command line (results, offsets): at most twelve digits.
const CLI::Validator kCount = arxiv::cli::whole_number(0, 999999999999ull);

// An explicit --color always/never wins (no-color.org: a command-line
// argument overrides NO_COLOR); auto colours only a terminal that can show
// it, and never with NO_COLOR set to anything.
bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::string(term) == "dumb") return false;
    return isatty(STDOUT_FILENO);
}

// Everything after flag parsing: a subcommand, or the search.
int run(const CLI::App& app, const std::vector<arxiv::Command>& commands, arxiv::QueryRequest& req,
        const std::string& db_flag, const std::vector<std::string>& words, const std::string& color) {
    namespace ec = arxiv::exit_code;
    const std::string db_path = arxiv::resolve_db_path(db_flag);
    try {
        for (const arxiv::Command& c : commands) {
            if (!*c.app) continue;
            // A command that refuses the search's options after its name
            // (no fallthrough) refuses them before it too: only --db, which
            // every command reads, would not be ignored.
            const std::string given =
                c.app->get_fallthrough() ? "" : arxiv::cli::given_option_outside(app, {"--db"});
            if (!given.empty()) {
                std::cerr << "arxiv-query " << c.app->get_name() << ": error: " << given
                          << " is an option of the search, not of " << c.app->get_name() << "\n";
                // The command may have an option of that name, meaning something else.
                if (const CLI::Option* own = c.app->get_option_no_throw(given))
                    std::cerr << "  hint: after " << c.app->get_name() << ", " << given << " means: "
                              << own->get_description() << "\n";
                std::cerr << "  see arxiv-query " << c.app->get_name() << " --help for its options\n";
                return ec::kUsage;
            }
            return c.run(db_path);
        }
    } catch (const Xapian::DatabaseError& e) {
        std::cerr << "arxiv-query: error: reading the index at " << db_path << ": " << e.get_description() << "\n";
        return ec::kDatabase;
    } catch (const Xapian::Error& e) {
        std::cerr << "arxiv-query: error: " << e.get_description() << "\n";
        return ec::kDatabase;
    }

    for (const std::string& w : words) req.query += (req.query.empty() ? "" : " ") + w;
    // Only spaces is no query, as an empty one is (not "every paper").
    if (req.query.find_first_not_of(" \t\r\n") == std::string::npos) req.query.clear();
    if (req.query.empty() && req.since.empty() && req.until.empty() && req.categories.empty() &&
        req.like.ids.empty() && req.like.text.empty()) {
        std::cerr << "arxiv-query: error: no query given\n"
                     "  try: arxiv-query '\"kv cache\"'  (see arxiv-query --help)\n";
        return ec::kUsage;
    }
    if (std::string problem = req.validate(); !problem.empty()) {
        std::cerr << "arxiv-query: error: " << problem << "\n";
        return ec::kUsage;
    }
    req.output.color = use_color(color);
    // "llm or agents" searches three words; say so (the results are still
    // what was typed: never rewrite silently).
    if (req.syntax == arxiv::Syntax::Ours)
        for (const std::string& w : arxiv::lowercase_operator_words(req.query)) {
            std::string upper = w;
            for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
            std::cerr << "arxiv-query: note: '" << w << "' is searched as a word; for the operator write " << upper
                      << " (operators are upper case)\n";
        }
    req.output.width = arxiv::output_width(STDOUT_FILENO);

    try {
        return arxiv::run_query(req, db_path, std::cout);
    } catch (const arxiv::QuerySyntaxError& e) {
        std::cerr << arxiv::describe_syntax_error(req.query, e);
        return ec::kUsage;
    } catch (const arxiv::DatabaseUnavailable& e) {
        std::cerr << "arxiv-query: error: " << e.what() << "\n";
        return ec::kDatabase;
    } catch (const arxiv::LikeError& e) {
        std::cerr << "arxiv-query: error: " << (req.like.ids.empty() ? "" : "--like ") << e.what() << "\n";
        return ec::kUsage;
    } catch (const arxiv::SynonymFileError& e) {
        std::cerr << "arxiv-query: error: " << e.what() << "\n";
        return ec::kUsage;
    } catch (const Xapian::WildcardError& e) {
        std::cerr << "arxiv-query: error: a wildcard matches too many words (" << e.get_msg()
                  << ")\n  hint: use a longer prefix before '*'\n";
        return ec::kUsage;
    } catch (const arxiv::SearchTooCostly& e) {
        std::cerr << "arxiv-query: error: " << e.what() << "\n  hint: " << e.hint
                  << (e.bound == arxiv::SearchTooCostly::Bound::Cpu ? " (--max-cpu sets the bound)" : "") << "\n";
        return ec::kUsage;
    } catch (const Xapian::DatabaseError& e) {
        std::cerr << "arxiv-query: error: reading the index at " << db_path << ": "
                  << e.get_description() << "\n";
        return ec::kDatabase;
    } catch (const Xapian::Error& e) {
        std::cerr << "arxiv-query: error: " << e.get_description() << "\n";
        return ec::kDatabase;
    }
}

}  // namespace

int main(int argc, char** argv) {
    namespace ec = arxiv::exit_code;
    CLI::App app{kDescription, "arxiv-query"};
    app.footer(std::string("Database: ") + kDatabase + "\nExit codes: " + kExitCodes);
    std::string db_flag, color = "auto";
    std::vector<std::string> words;
    arxiv::QueryRequest req;
    app.add_option("QUERY", words, "Query words (joined with spaces)");
    app.add_option("--db", db_flag, "Index directory")->type_name("PATH");
    app.add_option("-n,--limit", req.search.limit, "Results to show (default 10; no upper cap)")->check(kCount);
    app.add_option("--offset", req.search.offset, "Skip this many results first")->check(kCount);
    std::string sort = "relevance", syntax = "ours";
    app.add_option("-s,--sort", sort, "relevance (default), submitted, updated or id; dates and ids newest first")
        ->check(CLI::IsMember(arxiv::sort_names()));
    app.add_flag("-r,--reverse", req.search.reverse, "Oldest first (with --sort submitted|updated|id)");
    app.add_option("--syntax", syntax,
                   "ours (default) or arxiv: the arXiv API's search_query language "
                   "(ti: au: abs: AND OR ANDNOT, submittedDate:[.. TO ..])")
        ->check(CLI::IsMember(arxiv::syntax_names()));
    std::string format_help;
    for (const std::string& f : arxiv::formatter_names())
        format_help += (format_help.empty() ? "" : ", ") + f + (f == "text" ? " (default)" : "");
    format_help += "; text and oneline fit the terminal's width (else $COLUMNS, else 100 columns)";
    app.add_option("-f,--format", req.format, format_help)
        ->check(CLI::IsMember(arxiv::formatter_names()));
    app.add_flag("--count", req.count_only, "Print only the exact number of matches");
    app.add_flag("--explain", req.explain,
                 "Show how the query was understood and how many documents match");
    app.add_flag("--stems", req.stems,
                 "With --explain: show the indexed (stemmed) terms instead of the words as papers write them");
    app.add_option("--max-cpu", req.budget.cpu_seconds,
                   "Stop a search that takes more CPU time than this with an error (default 10; 0: no bound)")
        ->check(CLI::Range(0.0, 86400.0))
        ->type_name("SECONDS");
    app.add_option("--since", req.since, "Submitted on or after DATE")->type_name("DATE");
    app.add_option("--until", req.until, "Submitted on or before DATE")->type_name("DATE");
    app.add_option("-c,--category", req.categories, "In this category or archive (repeat: any of them)")
        ->type_name("CAT")
        ->allow_extra_args(false);
    std::vector<std::string> like;
    std::string like_text_file;
    app.add_option("--like", like,
                   "Rank papers like this one (ID1,ID2 or repeated: a profile); '-' reads text to match from stdin")
        ->type_name("ID")
        ->allow_extra_args(false);
    app.add_option("--like-text", like_text_file, "Rank papers like the text of FILE (a draft, an abstract)")
        ->type_name("FILE");
    std::string facets;
    app.add_option("--facets", facets,
                   "Count matches by FIELD[,FIELD...]: category, primary, archive, year, month, author")
        ->type_name("LIST");
    app.add_option("--facet-limit", req.facet_limit, "Values shown per facet (default 10)")->check(kCount);
    app.add_flag("--exact", req.exact,
                 "Search only the forms typed: no acronym long forms, compounds or synonyms (=word does it for one word)");
    app.add_option("--synonyms", req.synonym_files,
                   "Also expand with the groups of this synonym file (repeatable; see data/synonyms.txt)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--color", color, "auto (default: only on a terminal, not with NO_COLOR or TERM=dumb), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.set_version_flag("--version", arxiv::version_line("arxiv-query"));
    app.fallthrough();
    // Subcommands (query/cli_*.cc). To search for a word that is also a
    // subcommand name, quote it or put it after "--".
    std::vector<arxiv::Command> commands = {arxiv::add_digest_command(app)};
    // `serve` is a separate program (arxiv-query-serve), run with everything
    // after "serve" untouched; its flags are registered here too (the same
    // definitions) so that --help, the man page and completions know them.
    arxiv::ServeFlags serve_flags;
    CLI::App* serve = arxiv::add_serve_flags(app, serve_flags);
    const arxiv::cli::ManPage man{
        "arxiv-query",
        "ranked search over the local arXiv index, digests, and a local arXiv API",
        "arxiv-search " + arxiv::version(),
        {{"QUERY SYNTAX", query_syntax()},
         {"DATABASE", kDatabase},
         {"EXAMPLES", kExamples},
         {"ENVIRONMENT", kEnvironment},
         {"FILES", kFiles},
         {"EXIT STATUS", kExitCodes},
         {"SERVE", "arxiv-query serve runs arxiv-query-serve with the same arguments; see arxiv-query-serve(1)."}},
        {"arxiv-index(1)", "arxiv-query-serve(1)"}};
    if (int code = arxiv::cli::generate_if_asked(app, man, argc, argv, std::cout, std::cerr); code >= 0) return code;
    std::string first_word;
    std::vector<std::string> args = options_then_words(app, argc, argv, first_word);
    if (first_word == "serve") return exec_serve(argv);

    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);  // CLI11 takes them last first
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        return arxiv::cli::report_parse_error(app, e, std::cout, std::cerr);
    }
    if (*serve) return exec_serve(argv);
    // Both checked by CLI11 against the same names.
    req.search.sort = *arxiv::parse_sort(sort);
    req.syntax = *arxiv::parse_syntax(syntax);
    for (const std::string& l : like) {
        if (l == "-") {
            std::ostringstream text;
            text << std::cin.rdbuf();
            req.like.text += text.str() + "\n";
        } else {
            arxiv::add_like_ids(l, req.like.ids);  // --like ID1,ID2 as the server's like= takes it
        }
    }
    if (!like_text_file.empty()) {
        std::ifstream in(like_text_file);
        if (!in) {
            std::cerr << "arxiv-query: error: --like-text " << like_text_file << ": cannot read it\n";
            return ec::kUsage;
        }
        std::ostringstream text;
        text << in.rdbuf();
        req.like.text += text.str();
    }
    try {
        req.facets = arxiv::parse_facet_list(facets);
    } catch (const std::invalid_argument& e) {
        std::cerr << "arxiv-query: error: --facets: " << e.what() << "\n";
        return ec::kUsage;
    }
    try {
        return run(app, commands, req, db_flag, words, color);
    } catch (const std::exception& e) {
        return arxiv::report_internal_error("arxiv-query", e);
    }
}

