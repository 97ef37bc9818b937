#include "common/cli/cli.h"

#include <algorithm>
#include <memory>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace arxiv::cli {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of neighbours ("--lmit", "--limti") each cost one.
size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

// One option as help, man pages and completions see it.
struct OptionInfo {
    std::vector<std::string> names;  // "-n", "--limit"; empty for a positional
    std::string positional;          // "QUERY"
    std::string value;               // "N", "PATH", "{a,b}"; empty for a flag
    std::vector<std::string> choices;
    bool many = false;  // takes several words at once ("FILE...")
    bool required = false;
    bool file = false;  // its value is a path
    std::string description;
};

OptionInfo describe(const CLI::Option* opt) {
    OptionInfo o;
    for (const std::string& s : opt->get_snames()) o.names.push_back("-" + s);
    for (const std::string& l : opt->get_lnames()) o.names.push_back("--" + l);
    if (opt->get_positional()) o.positional = opt->get_name(true, false);
    o.required = opt->get_required();
    o.description = opt->get_description();
    if (opt->get_type_size() == 0) return o;  // a flag
    // CLI11's type name is "BASE[:VALIDATOR...]": "UINT:N", "TEXT:{a,b}",
    // "UINT:UINT in [1 - 64]", or what type_name() set ("PATH").
    const std::string type = opt->get_type_name();
    const std::string base = type.substr(0, type.find(':'));
    const size_t open = type.find('{'), close = type.rfind('}');
    if (open != std::string::npos && close != std::string::npos && close > open) {
        o.value = type.substr(open, close - open + 1);
        std::stringstream list(type.substr(open + 1, close - open - 1));
        for (std::string c; std::getline(list, c, ',');) o.choices.push_back(c);
    } else if (base == "UINT" || base == "INT" || base == "N") {
        o.value = "N";
    } else if (base == "FLOAT") {
        o.value = "NUM";
    } else if (base == "TEXT" && !opt->get_lnames().empty()) {
        // No type name given: the option's own name, as man pages write it.
        o.value = opt->get_lnames().front();
        std::transform(o.value.begin(), o.value.end(), o.value.begin(), [](unsigned char c) { return std::toupper(c); });
    } else {
        o.value = base;
    }
    o.many = opt->get_expected_max() > 1 && opt->get_allow_extra_args();
    o.file = o.value == "FILE" || o.value == "PATH" || o.value == "DIR" || o.positional == "FILE" ||
             o.positional == "CONFIG";
    return o;
}

std::vector<OptionInfo> options_of(const CLI::App& app, bool positionals) {
    std::vector<OptionInfo> out;
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_group().empty()) continue;  // hidden
        if (opt->get_positional() != positionals) continue;
        out.push_back(describe(opt));
    }
    return out;
}

std::vector<const CLI::App*> commands_of(const CLI::App& app) {
    std::vector<const CLI::App*> out;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); }))
        out.push_back(sub);
    return out;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Words of `text` in lines of at most `width` bytes (a longer word keeps
// a line of its own); its own line breaks are kept.
std::string wrap(const std::string& text, size_t width) {
    std::string out, line;
    std::stringstream paragraphs(text);
    for (std::string paragraph; std::getline(paragraphs, paragraph);) {
        if (!out.empty()) out += '\n';
        std::stringstream words(paragraph);
        line.clear();
        for (std::string w; words >> w;) {
            if (!line.empty() && line.size() + 1 + w.size() > width) {
                out += line + '\n';
                line.clear();
            }
            line += (line.empty() ? "" : " ") + w;
        }
        out += line;
    }
    return out;
}

// Descriptions wrapped to a 100-column help; the subcommand list shows each
// command's first line only (its own --help shows the whole description).
class Formatter : public CLI::Formatter {
public:
    // Only what tidy_help() wrote: no "REQUIRED", "Excludes: …" or types.
    std::string make_option_opts(const CLI::Option* opt) const override {
        return opt->get_option_text().empty() ? "" : " " + opt->get_option_text();
    }
    std::string make_option_desc(const CLI::Option* opt) const override {
        return wrap(opt->get_description(), 100 - get_column_width());
    }
    std::string make_subcommand(const CLI::App* sub) const override {
        std::stringstream out;
        CLI::detail::format_help(out, sub->get_name(), first_line(sub->get_description()), get_column_width());
        return out.str();
    }
};

const CLI::App& deepest_parsed(const CLI::App& app) {
    const CLI::App* at = &app;
    for (std::vector<CLI::App*> parsed; !(parsed = at->get_subcommands()).empty();) at = parsed.back();
    return *at;
}

// "arxiv-index add": the program and the subcommands parsed so far.
std::string command_path(const CLI::App& app) {
    std::string path;
    for (const CLI::App* at = &deepest_parsed(app); at; at = at->get_parent())
        path = at->get_name() + (path.empty() ? "" : " " + path);
    return path;
}

// Every option name usable where `app` was parsed: its own and, as they
// fall through, its parents'.
std::vector<std::string> usable_option_names(const CLI::App& app) {
    std::vector<std::string> names;
    // A command that does not fall through takes only its own options.
    for (const CLI::App* at = &app; at; at = at->get_fallthrough() ? at->get_parent() : nullptr)
        for (const CLI::Option* opt : at->get_options()) {
            if (opt->get_positional()) continue;
            for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
            for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
        }
    return names;
}

// The words CLI11's ExtrasError names, in the order given (its message
// lists them last first).
std::vector<std::string> extras_of(const CLI::ParseError& e) {
    const std::string what = e.what();
    const size_t colon = what.find(": ");
    std::vector<std::string> words;
    std::stringstream list(colon == std::string::npos ? "" : what.substr(colon + 2));
    for (std::string w; list >> w;) words.push_back(w);
    std::reverse(words.begin(), words.end());
    return words;
}

std::string roff_escape(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else if ((c == '.' || c == '\'') && (i == 0 || text[i - 1] == '\n')) out += std::string("\\&") + c;
        else out += c;
    }
    return out;
}

std::string option_synopsis(const OptionInfo& o) {
    std::string s;
    for (const std::string& n : o.names) s += (s.empty() ? "" : ", ") + n;
    if (!o.value.empty()) s += " " + o.value;
    return s;
}

void man_options(std::ostream& out, const std::vector<OptionInfo>& options) {
    for (const OptionInfo& o : options) {
        out << ".TP\n.B " << roff_escape(o.positional.empty() ? option_synopsis(o) : o.positional + (o.many ? "..." : ""))
            << "\n" << roff_escape(o.description) << "\n";
    }
}

// A usage line: "arxiv-index add [OPTIONS] FILE..."
std::string usage_of(const CLI::App& app, const std::string& path) {
    std::string u = path + " [OPTIONS]";
    // An optional positional in brackets: "synonyms [OPTIONS] [TERM]".
    for (const OptionInfo& p : options_of(app, true)) {
        const std::string word = p.positional + (p.many ? "..." : "");
        u += " " + (p.required ? word : "[" + word + "]");
    }
    // "COMMAND" when one is required; a program that also runs without one
    // (arxiv-query QUERY...) has its commands' own lines instead.
    if (!commands_of(app).empty() && app.get_require_subcommand_min() > 0) u += " COMMAND";
    return u;
}

std::string sh_words(const std::vector<std::string>& words) {
    std::string s;
    for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
    return s;
}

std::string function_name(const std::string& program) {
    std::string f = "_" + program;
    std::replace(f.begin(), f.end(), '-', '_');
    return f;
}

// The options that take a value, as bash case patterns on "COMMAND:PREVIOUS"
// (`command` "" for the program's own, before any command).
void bash_value_cases(std::ostream& out, const std::vector<OptionInfo>& options, const std::string& command) {
    for (const OptionInfo& o : options) {
        if (o.value.empty() || o.names.empty()) continue;
        std::string pattern;
        for (const std::string& n : o.names) pattern += (pattern.empty() ? "" : "|") + command + ":" + n;
        out << "        " << pattern << ") ";
        if (!o.choices.empty()) out << "COMPREPLY=($(compgen -W '" << sh_words(o.choices) << "' -- \"$cur\")); return ;;\n";
        else if (o.file) out << "COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
        else out << "return ;;\n";
    }
}

std::vector<std::string> names_of(const std::vector<OptionInfo>& options) {
    std::vector<std::string> names;
    for (const OptionInfo& o : options) names.insert(names.end(), o.names.begin(), o.names.end());
    return names;
}

// The program's options a command also takes after its name: all that it
// does not define itself when it falls through to the program, else none
// (a command that refuses the program's options must not be offered them).
std::vector<OptionInfo> inherited_options(const CLI::App& app, const CLI::App& sub) {
    std::vector<OptionInfo> out;
    if (!sub.get_fallthrough()) return out;
    const std::vector<std::string> own = names_of(options_of(sub, false));
    for (OptionInfo& o : options_of(app, false)) {
        const bool clash = std::any_of(o.names.begin(), o.names.end(), [&](const std::string& n) {
            return std::find(own.begin(), own.end(), n) != own.end();
        });
        if (!clash) out.push_back(std::move(o));
    }
    return out;
}

// A command's own options, then those it inherits.
std::vector<OptionInfo> command_options(const CLI::App& app, const CLI::App& sub) {
    std::vector<OptionInfo> options = options_of(sub, false);
    std::vector<OptionInfo> inherited = inherited_options(app, sub);
    options.insert(options.end(), inherited.begin(), inherited.end());
    return options;
}

std::string bash_script(const CLI::App& app) {
    const std::string program = app.get_name(), fn = function_name(program);
    std::ostringstream out;
    out << "# bash completion for " << program << " (generated by " << program << " --generate bash)\n"
        << fn << "() {\n"
        << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
        << "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "        case ${COMP_WORDS[i]} in\n";
    const std::vector<const CLI::App*> commands = commands_of(app);
    for (const CLI::App* sub : commands) out << "            " << sub->get_name() << ") cmd=" << sub->get_name() << "; break ;;\n";
    out << "        esac\n    done\n";
    const std::vector<OptionInfo> top = options_of(app, false);
    // A command's values first: its --format is not the program's.
    out << "    case $cmd:$prev in\n";
    for (const CLI::App* sub : commands) bash_value_cases(out, command_options(app, *sub), sub->get_name());
    bash_value_cases(out, top, "");
    out << "    esac\n";
    out << "    case $cmd in\n";
    for (const CLI::App* sub : commands) {
        const std::vector<std::string> names = names_of(command_options(app, *sub));
        const std::vector<OptionInfo> pos = options_of(*sub, true);
        const bool files = std::any_of(pos.begin(), pos.end(), [](const OptionInfo& p) { return p.file; });
        out << "        " << sub->get_name() << ")\n"
            << "            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '" << sh_words(names) << "' -- \"$cur\"))\n"
            << "            else " << (files ? "COMPREPLY=($(compgen -f -- \"$cur\"))" : "COMPREPLY=()") << "; fi ;;\n";
    }
    std::vector<std::string> command_names;
    for (const CLI::App* sub : commands) command_names.push_back(sub->get_name());
    out << "        *)\n"
        << "            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '" << sh_words(names_of(top)) << "' -- \"$cur\"))\n";
    if (!command_names.empty())
        out << "            else COMPREPLY=($(compgen -W '" << sh_words(command_names) << "' -- \"$cur\"))\n";
    out << "            fi ;;\n    esac\n}\ncomplete -F " << fn << " " << program << "\n";
    return out.str();
}

std::string zsh_quote(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else if (c == '[' || c == ']' || c == ':') out += std::string("\\") + c;
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

// _arguments specs for the options of one command.
void zsh_specs(std::ostream& out, const std::vector<OptionInfo>& options, const std::string& indent) {
    for (const OptionInfo& o : options) {
        if (o.names.empty()) continue;
        std::string action;
        if (!o.value.empty()) {
            action = ":" + zsh_quote(o.value) + ":";
            if (!o.choices.empty()) action += "(" + sh_words(o.choices) + ")";
            else if (o.file) action += "_files";
        }
        const std::string desc = "[" + zsh_quote(first_line(o.description)) + "]";
        if (o.names.size() == 1) {
            out << indent << "'" << (o.many ? "*" : "") << o.names[0] << desc << action << "' \\\n";
        } else {
            out << indent << "'(" << sh_words(o.names) << ")'{" ;
            for (size_t i = 0; i < o.names.size(); ++i) out << (i ? "," : "") << o.names[i];
            out << "}'" << desc << action << "' \\\n";
        }
    }
}

std::string zsh_script(const CLI::App& app) {
    const std::string program = app.get_name(), fn = function_name(program);
    const std::vector<const CLI::App*> commands = commands_of(app);
    std::ostringstream out;
    out << "#compdef " << program << "\n# zsh completion for " << program << " (generated by " << program
        << " --generate zsh)\n" << fn << "() {\n    local curcontext=$curcontext state line\n"
        << "    _arguments -C \\\n";
    zsh_specs(out, options_of(app, false), "        ");
    if (!commands.empty()) out << "        '1: :->command' \\\n        '*:: :->args'\n";
    else out << "        '*:query words:'\n";
    if (!commands.empty()) {
        out << "    case $state in\n    command)\n        local -a commands=(\n";
        for (const CLI::App* sub : commands)
            out << "            '" << sub->get_name() << ":" << zsh_quote(first_line(sub->get_description())) << "'\n";
        out << "        )\n        _describe command commands ;;\n    args)\n        case $line[1] in\n";
        for (const CLI::App* sub : commands) {
            out << "        " << sub->get_name() << ")\n            _arguments \\\n";
            zsh_specs(out, command_options(app, *sub), "                ");
            bool files = false;
            for (const OptionInfo& p : options_of(*sub, true)) files = files || p.file;
            out << "                '*:" << (files ? "file:_files" : "argument:") << "' ;;\n";
        }
        out << "        esac ;;\n    esac\n";
    }
    out << "}\n" << fn << " \"$@\"\n";
    return out.str();
}

std::string fish_quote(const std::string& text) {
    std::string out = "'";
    for (char c : first_line(text)) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

void fish_options(std::ostream& out, const std::string& program, const std::vector<OptionInfo>& options,
                  const std::string& condition) {
    for (const OptionInfo& o : options) {
        if (o.names.empty()) continue;
        out << "complete -c " << program;
        if (!condition.empty()) out << " -n " << fish_quote(condition);
        for (const std::string& n : o.names) out << (n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1));
        if (!o.value.empty()) out << (o.file ? " -r -F" : " -x");
        if (!o.choices.empty()) out << " -a " << fish_quote(sh_words(o.choices));
        out << " -d " << fish_quote(o.description) << "\n";
    }
}

std::string fish_script(const CLI::App& app) {
    const std::string program = app.get_name();
    const std::vector<const CLI::App*> commands = commands_of(app);
    std::ostringstream out;
    out << "# fish completion for " << program << " (generated by " << program << " --generate fish)\n";
    std::vector<std::string> names;
    for (const CLI::App* sub : commands) names.push_back(sub->get_name());
    // The program's options before a command; after it, the command's own
    // (and those it inherits): its --format is not the program's.
    fish_options(out, program, options_of(app, false), commands.empty() ? "" : "__fish_use_subcommand");
    for (const CLI::App* sub : commands)
        out << "complete -c " << program << " -f -n '__fish_use_subcommand' -a " << sub->get_name() << " -d "
            << fish_quote(sub->get_description()) << "\n";
    for (const CLI::App* sub : commands)
        fish_options(out, program, command_options(app, *sub), "__fish_seen_subcommand_from " + sub->get_name());
    return out.str();
}

}  // namespace

std::string closest(const std::string& typed, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_distance = typed.size() <= 4 ? 1 : 2;
    for (const std::string& c : candidates) {
        const size_t d = edit_distance(typed, c);
        if (d <= best_distance && (best.empty() || d < best_distance)) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

std::string given_option_outside(const CLI::App& app, const std::vector<std::string>& allowed) {
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_positional() || opt->count() == 0) continue;
        const std::string name = opt->get_lnames().empty() ? "-" + opt->get_snames().front() : "--" + opt->get_lnames().front();
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) return name;
    }
    return "";
}

CLI::Validator whole_number(unsigned long long min, unsigned long long max) {
    return CLI::Validator(
        [min, max](std::string& value) -> std::string {
            const std::string wanted = "'" + value + "' is not a whole number from " + std::to_string(min) + " to " +
                                       std::to_string(max);
            if (value.empty() || value.size() > 19 || value.find_first_not_of("0123456789") != std::string::npos)
                return wanted;
            const unsigned long long n = std::stoull(value);
            return n < min || n > max ? wanted : "";
        },
        "N");
}

void tidy_help(CLI::App& app) {
    app.formatter(std::make_shared<Formatter>());
    for (CLI::Option* opt : app.get_options()) {
        if (opt->get_type_size() == 0) continue;
        const OptionInfo o = describe(opt);
        if (opt->get_positional()) opt->option_text(o.many ? "..." : "");
        else opt->option_text(o.value + (o.many ? " ..." : ""));
    }
    // A subcommand's help names the options it inherits (they may be given
    // after it), and keeps its own footer only: the program's is about
    // every command at once.
    std::string globals;
    for (const OptionInfo& o : options_of(app, false)) {
        if (o.names.empty() || o.names.back() == "--help" || o.names.back() == "--version") continue;
        globals += (globals.empty() ? "" : ", ") + option_synopsis(o);
    }
    for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return !s->get_name().empty(); })) {
        const std::string own = sub->get_footer() == app.get_footer() ? "" : sub->get_footer();
        if (sub->get_fallthrough() && !globals.empty())
            sub->footer("Global options (before or after the command): " + globals + (own.empty() ? "" : "\n" + own));
        else
            sub->footer(own);
        tidy_help(*sub);
    }
}

int report_parse_error(CLI::App& app, const CLI::ParseError& e, std::ostream& out, std::ostream& err,
                       const std::string& extra_hint) {
    if (e.get_exit_code() == 0) {  // --help or --version
        tidy_help(app);
        return app.exit(e, out, err);
    }
    const CLI::App& at = deepest_parsed(app);
    const std::string path = command_path(app);
    std::string message = e.what();
    std::vector<std::string> hints;
    const std::vector<const CLI::App*> commands = commands_of(at);
    std::vector<std::string> command_names;
    for (const CLI::App* sub : commands) command_names.push_back(sub->get_name());
    const bool wants_command = !command_names.empty() && at.get_require_subcommand_min() > 0;
    // (CLI11 names a subcommand's ExtrasError after the subcommand: ask the type.)
    std::vector<std::string> extras;
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) extras = extras_of(e);
    else if (dynamic_cast<const CLI::RequiredError*>(&e) && wants_command && at.get_subcommands().empty())
        extras = at.remaining();
    if (!extras.empty()) {
        // An option first ("--lmit" before a "--" the command line gained).
        std::string first = extras.front();
        for (const std::string& x : extras)
            if (x.size() > 1 && x[0] == '-' && x != "--") {
                first = x;
                break;
            }
        if (first.size() > 1 && first[0] == '-' && first != "--") {
            const std::string name = first.substr(0, first.find('='));
            message = "unknown option '" + name + "'";
            std::string guess = closest(name, usable_option_names(at));
            if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
        } else if (wants_command) {
            message = "unknown command '" + first + "'";
            std::string guess = closest(first, command_names);
            hints.push_back(guess.empty() ? "commands: " + sh_words(command_names) : "did you mean '" + guess + "'?");
        } else {
            message = "unexpected argument '" + first + "'";
            std::string hint = extra_hint;
            const size_t at_words = hint.find("{words}");
            if (at_words != std::string::npos) hint.replace(at_words, 7, sh_words(extras));
            if (!hint.empty()) hints.push_back(hint);
        }
    } else if (dynamic_cast<const CLI::RequiredError*>(&e) && wants_command && at.get_subcommands().empty()) {
        message = "a command is required: " + sh_words(command_names);
    }
    err << path << ": error: " << message << "\n";
    for (const std::string& h : hints) err << "  " << h << "\n";
    err << "  see " << path << " --help\n";
    return e.get_exit_code() == 0 ? 0 : 2;
}

std::string man_page(const CLI::App& app, const ManPage& page) {
    std::ostringstream out;
    std::string upper = page.name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    out << ".\\\" Generated by " << page.name << " --generate man from its option definitions; do not edit.\n"
        << ".TH " << upper << " 1 \"\" \"" << page.version << "\" \"User Commands\"\n"
        << ".SH NAME\n" << roff_escape(page.name) << " \\- " << roff_escape(page.summary) << "\n"
        << ".SH SYNOPSIS\n.nf\n" << roff_escape(usage_of(app, page.name)) << "\n";
    for (const CLI::App* sub : commands_of(app))
        out << roff_escape(usage_of(*sub, page.name + " " + sub->get_name())) << "\n";
    out << ".fi\n.SH DESCRIPTION\n.nf\n" << roff_escape(app.get_description()) << "\n.fi\n"
        << ".SH OPTIONS\n";
    man_options(out, options_of(app, true));
    man_options(out, options_of(app, false));
    const std::vector<const CLI::App*> commands = commands_of(app);
    if (!commands.empty()) out << ".SH COMMANDS\n";
    for (const CLI::App* sub : commands) {
        out << ".SS " << roff_escape(sub->get_name()) << "\n.nf\n" << roff_escape(sub->get_description()) << "\n.fi\n";
        man_options(out, options_of(*sub, true));
        man_options(out, options_of(*sub, false));
        if (!sub->get_footer().empty() && sub->get_footer() != app.get_footer())
            out << ".PP\n.nf\n" << roff_escape(sub->get_footer()) << "\n.fi\n";
    }
    for (const auto& [title, text] : page.sections) out << ".SH " << roff_escape(title) << "\n.nf\n" << roff_escape(text) << "\n.fi\n";
    if (!page.see_also.empty()) {
        out << ".SH SEE ALSO\n";
        for (size_t i = 0; i < page.see_also.size(); ++i)
            out << (i ? ",\n" : "") << ".BR " << page.see_also[i].substr(0, page.see_also[i].find('('))
                << " " << page.see_also[i].substr(page.see_also[i].find('('));
        out << "\n";
    }
    return out.str();
}

std::string completion_script(const CLI::App& app, const std::string& shell) {
    if (shell == "bash") return bash_script(app);
    if (shell == "zsh") return zsh_script(app);
    if (shell == "fish") return fish_script(app);
    throw std::invalid_argument("no completion for shell '" + shell + "' (bash, zsh or fish)");
}

int generate_if_asked(CLI::App& app, const ManPage& page, int argc, char** argv, std::ostream& out,
                      std::ostream& err) {
    if (argc != 3 || std::string(argv[1]) != "--generate") return -1;
    tidy_help(app);
    const std::string kind = argv[2];
    if (kind == "man") {
        out << man_page(app, page);
        return 0;
    }
    try {
        out << completion_script(app, kind);
        return 0;
    } catch (const std::invalid_argument&) {
        err << app.get_name() << ": error: --generate: '" << kind << "' is not man, bash, zsh or fish\n";
        return 2;
    }
}

}  // namespace arxiv::cli
