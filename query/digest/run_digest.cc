// What `arxiv-query digest` does once its flags are parsed: read and check
// the configuration (and template), work out the window from the state,
// search, render, write the output atomically, and only then advance the
// state.
#include <algorithm>
#include <optional>
#include <ostream>

#include "common/util/exit_codes.h"
#include "query/digest/digest.h"
#include "query/digest/render.h"
#include "query/digest/state.h"
#include "query/digest/template.h"
#include "query/digest/util.h"
#include "query/search/search.h"

namespace arxiv {
namespace {

class Messages {
public:
    explicit Messages(std::ostream& err) : err_(err) {}
    void error(const std::string& what, const std::string& detail = "", const std::string& hint = "") {
        err_ << "arxiv-query digest: error: " << what << "\n" << detail;
        if (!hint.empty()) err_ << "  hint: " << hint << "\n";
        err_.flush();
    }
    void note(const std::string& what) { err_ << "arxiv-query digest: " << what << "\n"; }

private:
    std::ostream& err_;
};

bool member(const std::vector<std::string>& names, const std::string& value) {
    return std::find(names.begin(), names.end(), value) != names.end();
}

}  // namespace

int run_digest(const DigestRequest& req, const std::string& db_path, std::ostream& out, std::ostream& err,
               std::time_t now) {
    namespace ec = exit_code;
    Messages msg(err);

    // Everything the user wrote is checked before the index is read, so a
    // typo never costs a search (or a half-written digest).
    DigestConfig config;
    try {
        config = load_digest_config(req.config_path);
    } catch (const DigestConfigError& e) {
        msg.error(e.what(), e.detail, e.hint);
        return ec::kUsage;
    }
    if (req.limit)
        for (DigestTopic& topic : config.topics) topic.limit = req.limit;
    // The curated synonym groups (the built-in list and the user's file), so
    // that topics expand to other written forms as arxiv-query does.
    CuratedSynonyms curated;
    try {
        curated = CuratedSynonyms::load();
    } catch (const SynonymFileError& e) {
        msg.error(e.what(), "", "fix the line, or move the file away to use the built-in groups only");
        return ec::kUsage;
    }
    std::optional<Template> tmpl;
    if (!req.template_path.empty()) {
        try {
            tmpl = Template::load(req.template_path, &digest_template_fields());
        } catch (const TemplateError& e) {
            msg.error(e.what(), "", e.hint);
            return ec::kUsage;
        }
    }
    if (!member(digest_format_names(), req.format)) {
        msg.error("unknown format '" + req.format + "'", "", "use markdown, json, atom or --template FILE");
        return ec::kUsage;
    }
    if (!member(digest_sort_names(), req.options.sort)) {
        msg.error("unknown sort '" + req.options.sort + "'", "", "use relevance or newest");
        return ec::kUsage;
    }
    if (!member(digest_layout_names(), req.layout)) {
        msg.error("unknown layout '" + req.layout + "'", "", "use topics or scored");
        return ec::kUsage;
    }
    if (req.layout != "topics" && (req.format != "markdown" || tmpl)) {
        msg.error("--layout " + req.layout + " is a layout of the markdown output, not of " +
                      (tmpl ? "a --template" : "--format " + req.format),
                  "", "drop --layout, or use --format markdown (docs/digest-scored.tmpl is the layout as a template)");
        return ec::kUsage;
    }

    std::string state_path;
    std::optional<DigestState> state;
    try {
        state_path = digest_state_path(req.config_path);
        state = load_digest_state(state_path);
    } catch (const DigestStateError& e) {
        msg.error(e.what());
        return ec::kUsage;
    }

    DigestWindow window;
    try {
        window = make_window(req.window, state ? state->last_run : "", now);
        if (state) window.seen_at_last_run.insert(state->seen_at_last_run.begin(), state->seen_at_last_run.end());
    } catch (const QuerySyntaxError& e) {
        msg.error(e.what(), "", e.hint);
        return ec::kUsage;
    }
    DigestResult result;
    bool index_busy = false;
    std::vector<std::string> seen_at_now;
    try {
        Searcher searcher(db_path);
        // An indexer that started before this run stamps its papers with its
        // own start time, which is before ours: if it commits after we read,
        // advancing the state would skip those papers for good.
        try {
            index_busy = searcher.database().locked();
        } catch (const Xapian::Error&) {
        }
        // A first run covers the newest days the index holds, however old.
        anchor_first_run(window, newest_indexed_day(searcher));
        if (window.mode == DigestWindow::Mode::FirstRun)
            msg.note(first_run_note(window) + " (choose another window with --since DATE or --days N)");
        std::vector<std::string> notes;
        result = assemble_digest(config, window, req.options,
                                 find_matches(config, window, searcher, &curated, notes));
        measure_novelty(result, searcher.database());
        for (const std::string& n : notes) msg.note(n);
        result.scanned = count_in_window(window, searcher);
        result.in_scope = count_in_scope(config, window, searcher, &curated);
        seen_at_now = ids_stamped_at(searcher, window.now);
    } catch (const DatabaseUnavailable& e) {
        msg.error(e.what());
        return ec::kDatabase;
    } catch (const Xapian::Error& e) {
        msg.error("reading the index at " + db_path + ": " + e.get_description());
        return ec::kDatabase;
    }
    result.config_path = digest_config_key(req.config_path);

    // --quiet-if-empty: no output at all (an existing --output file is left
    // alone); the run still counts, so the state advances.
    if (!(result.empty() && req.quiet_if_empty)) {
        std::string text;
        try {
            if (tmpl) {
                text = tmpl->render(digest_json(result, req.omit_empty, /*for_people=*/true));
            } else if (req.format == "json") {
                text = digest_json(result, req.omit_empty)
                           .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
                       "\n";
            } else if (req.format == "atom") {
                text = render_atom(result, req.omit_empty);
            } else if (req.layout == "scored") {
                text = render_markdown_scored(result, req.omit_empty);
            } else {
                text = render_markdown(result, req.omit_empty);
            }
        } catch (const TemplateError& e) {
            msg.error(e.what(), "", e.hint);
            return ec::kUsage;
        }
        if (req.output.empty()) {
            out << text;
            out.flush();
            if (!out) {
                msg.error("cannot write the digest to standard output", "", "the state of this digest was not advanced");
                return kDigestWriteFailed;
            }
        } else {
            try {
                digest_util::write_file_atomically(req.output, text);
            } catch (const std::exception& e) {
                msg.error(e.what(), "",
                          "check that the directory exists and is writable; the state of this digest was not "
                          "advanced, so the next run covers this window again");
                return kDigestWriteFailed;
            }
        }
    }

    if (req.dry_run) {
        // By definition: a dry run can be repeated and changes nothing.
    } else if (index_busy) {
        msg.note("arxiv-index is writing to the index, so papers it has not committed yet may be missing here; "
                 "the state was not advanced, so the next run covers this window again");
    } else {
        DigestState s;
        s.last_run = window.now;
        s.seen_at_last_run = seen_at_now;
        s.config = result.config_path;
        s.title = config.title;
        s.papers = result.papers;
        try {
            save_digest_state(state_path, s);
        } catch (const std::exception& e) {
            msg.error(std::string("the digest was written, but its state could not be saved: ") + e.what(), "",
                      "the next run covers this window again; check that " + digest_state_dir() +
                          " is writable (or set XDG_STATE_HOME)");
            return kDigestWriteFailed;
        }
    }
    return result.empty() ? ec::kNoResults : ec::kOk;
}

}  // namespace arxiv
