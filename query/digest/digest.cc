#include "query/digest/digest.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/schema/schema.h"
#include "common/schema/taxonomy.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "query/digest/util.h"
#include "query/lang/compile.h"
#include "query/lang/query_parser.h"
#include "query/search/search.h"

namespace arxiv {
namespace {

namespace du = digest_util;

bool day_in(const std::string& day, const std::string& from, const std::string& to) {
    return !day.empty() && (from.empty() || day >= from) && (to.empty() || day <= to);
}

Xapian::Query slot_range(Xapian::valueno slot, const std::string& from, const std::string& to) {
    if (!from.empty() && !to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, from, to);
    if (!from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from);
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, to);
}

// Does a topic's category (as written in the config) cover this listing?
bool category_covers(const std::string& wanted, const std::string& listing) {
    std::string w = wanted;
    bool whole_archive = false;
    if (w.size() > 2 && w.compare(w.size() - 2, 2, ".*") == 0) {
        w.resize(w.size() - 2);
        whole_archive = true;
    }
    const std::vector<std::string> names = category_index_names(listing);
    // The same rule as the query compiler: a name without a dot that is an
    // archive means the whole archive.
    if ((whole_archive || w.find('.') == std::string::npos) && is_known_archive(w)) {
        const std::string archive = schema::filter_value(schema::field("archive"), w);
        for (const std::string& n : names)
            if (archive_of(n) == archive) return true;
        return false;
    }
    std::string known = known_category(w);
    std::string canonical = schema::filter_value(schema::field("cat"), canonical_category(known.empty() ? w : known));
    for (const std::string& n : names)
        if (n == canonical) return true;
    return false;
}

}  // namespace

// ---- Window ----------------------------------------------------------------

std::string DigestWindow::start_day() const {
    if (mode == Mode::SinceLastRun) return digits_of(last_run).substr(0, 8);
    return from_day;
}

std::string DigestWindow::start_time() const {
    if (mode == Mode::SinceLastRun) return last_run;
    // A month-only bound (YYYYMM00) starts on the 1st.
    return day_start_timestamp(value_day(from_day));
}

DigestWindow make_window(const WindowRequest& request, const std::string& last_run, std::time_t now) {
    DigestWindow w;
    w.now = utc_timestamp(now);
    const bool dates = !request.since.empty() || request.days != 0;
    if (!request.since.empty() && request.days != 0)
        throw QuerySyntaxError("--since and --days both set the start of the window", std::string::npos,
                               "give only one of them");
    if (!request.until.empty() && !dates)
        throw QuerySyntaxError("--until needs --since or --days", std::string::npos,
                               "a window that runs since the last run ends now");
    if (dates) {
        w.mode = DigestWindow::Mode::Dates;
        if (!request.since.empty()) {
            if (request.since.find("..") != std::string::npos)
                throw QuerySyntaxError("--since " + request.since + ": give one date", std::string::npos,
                                       "end the window with --until DATE");
            w.from_day = parse_flag_date("--since", request.since, now).from;
        } else {
            if (request.days < 1)
                throw QuerySyntaxError("--days " + std::to_string(request.days) + ": must be at least 1",
                                       std::string::npos);
            w.days = request.days;
            w.from_day = value_days_ago(now, request.days);
        }
        if (!request.until.empty()) {
            if (request.until.find("..") != std::string::npos)
                throw QuerySyntaxError("--until " + request.until + ": give one date", std::string::npos);
            w.to_day = parse_flag_date("--until", request.until, now).to;
            if (w.to_day < w.from_day)
                throw QuerySyntaxError("--until " + request.until + " is before the start of the window",
                                       std::string::npos);
        }
        return w;
    }
    if (!last_run.empty()) {
        w.mode = DigestWindow::Mode::SinceLastRun;
        w.last_run = last_run;
        return w;
    }
    w.mode = DigestWindow::Mode::FirstRun;
    w.days = kFirstRunDays;
    w.from_day = value_days_ago(now, kFirstRunDays);
    return w;
}

std::string newest_indexed_day(Searcher& searcher) {
    std::string newest;
    for (Xapian::valueno slot : {schema::kSubmittedSlot, schema::kUpdatedSlot}) {
        Xapian::Enquire enquire(searcher.database());
        enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string("1")));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_sort_by_value(slot, true);
        Xapian::MSet mset = enquire.get_mset(0, 1);
        if (!mset.empty()) newest = std::max(newest, mset.begin().get_document().get_value(slot));
    }
    return newest;
}

void anchor_first_run(DigestWindow& w, const std::string& newest_day) {
    if (w.mode != DigestWindow::Mode::FirstRun || newest_day.size() != 8) return;
    w.newest_day = newest_day;
    if (newest_day.compare(6, 2, "00") == 0) {  // only the month is known
        w.from_day = newest_day;
        w.to_day = value_month_end(newest_day);
        return;
    }
    w.to_day = newest_day;
    w.from_day = date_value(add_days(value_day(newest_day), 1 - w.days));
}

std::string first_run_note(const DigestWindow& w) {
    if (w.mode != DigestWindow::Mode::FirstRun) return "";
    if (w.newest_day.empty())
        return "First run: covering the last " + std::to_string(w.days) + " days (the index holds no dated papers)";
    if (w.newest_day.compare(6, 2, "00") == 0)
        return "First run: covering " + show_day(w.newest_day) + ", the newest month in the index";
    return "First run: covering " + show_day(w.from_day) + " to " + show_day(w.to_day) + ", the newest " +
           std::to_string(w.days) + " days in the index";
}

bool in_window(const StoredDoc& doc, const DigestWindow& w) {
    if (w.mode == DigestWindow::Mode::SinceLastRun) {
        if (doc.first_indexed > w.last_run || doc.last_changed > w.last_run) return true;
        // Stamped in the very second the last run started: new unless that
        // run already saw it.
        return (doc.first_indexed == w.last_run || doc.last_changed == w.last_run) &&
               !w.seen_at_last_run.count(doc.record.id);
    }
    const Record& r = doc.record;
    const std::string submitted = date_value(r.submitted);
    const std::string updated = date_value(r.effective_updated());
    // A month-only submission date (daily listings know only the id's month)
    // says nothing about the day when the listing day is known: a 2607.xxxxx
    // paper announced on July 15 is not news in a window ending July 2.
    const bool month_only = submitted.size() == 8 && submitted.compare(6, 2, "00") == 0;
    const bool submitted_counts = !month_only || updated == submitted;
    return (submitted_counts && day_in(submitted, w.from_day, w.to_day)) || day_in(updated, w.from_day, w.to_day);
}

std::vector<std::string> ids_stamped_at(Searcher& searcher, const std::string& time) {
    const std::string t = digits_of(time);
    Xapian::Enquire enquire(searcher.database());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR,
                                    Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kFirstIndexedSlot, t, t),
                                    Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kChangedSlot, t, t)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<std::string> ids;
    Xapian::MSet mset = enquire.get_mset(0, searcher.database().get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(decode_stored(it.get_document().get_data()).record.id);
    return ids;
}

Xapian::Query window_query(const DigestWindow& w) {
    if (w.mode == DigestWindow::Mode::SinceLastRun) {
        // Slots 4 and 6 hold the first-indexed and last-changed times as
        // digits; in_window() then drops what was indexed in the very
        // second the last run started.
        const std::string since = digits_of(w.last_run);
        return Xapian::Query(Xapian::Query::OP_OR,
                             Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kFirstIndexedSlot, since),
                             Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kChangedSlot, since));
    }
    return Xapian::Query(Xapian::Query::OP_OR, slot_range(schema::kSubmittedSlot, w.from_day, w.to_day),
                         slot_range(schema::kUpdatedSlot, w.from_day, w.to_day));
}

std::string describe_window(const DigestWindow& w) {
    switch (w.mode) {
        case DigestWindow::Mode::SinceLastRun: return "new since the last run (" + show_timestamp(w.last_run) + ")";
        case DigestWindow::Mode::FirstRun:
            if (!w.newest_day.empty())
                return "submitted or updated from " + show_day(w.from_day) + " to " + show_day(w.to_day) +
                       " (first run of this digest: the newest dates in the index)";
            return "submitted or updated in the last " + std::to_string(w.days) + " days (first run of this digest)";
        case DigestWindow::Mode::Dates: break;
    }
    std::string from = show_day(w.from_day);
    if (!w.to_day.empty()) return "submitted or updated from " + from + " to " + show_day(w.to_day);
    if (w.days) return "submitted or updated in the last " + std::to_string(w.days) + " days (since " + from + ")";
    return "submitted or updated since " + from;
}

// ---- Tags ------------------------------------------------------------------

bool is_revised(const StoredDoc& doc, const DigestWindow& w) {
    const Record& r = doc.record;
    const bool earlier_version = r.version > 1 || !doc.previous_title.empty() ||
                                 !doc.previous_abstract.empty() ||
                                 (!doc.first_indexed.empty() && doc.last_changed > doc.first_indexed);
    if (!earlier_version) return false;
    // Seen before the window: submitted before it, or in the index before it
    // (for SinceLastRun: present when the last run looked).
    std::string submitted = date_value(r.submitted);
    // A month-only date (daily listings) predates the window only when the
    // whole month does: a paper from "2026-06" may have been submitted on the
    // very day a window starting 2026-06-25 opens.
    submitted = value_month_end(submitted);
    if (!submitted.empty() && submitted < w.start_day()) return true;
    if (doc.first_indexed.empty()) return false;
    if (w.mode == DigestWindow::Mode::SinceLastRun) return doc.first_indexed <= w.last_run;
    return doc.first_indexed < w.start_time();
}

bool is_cross_listed(const Record& record, const DigestTopic& topic) {
    if (topic.categories.empty() || record.categories.empty()) return false;
    for (const std::string& c : topic.categories)
        if (category_covers(c, record.primary_category())) return false;
    return true;
}

Revision describe_revision(const StoredDoc& doc) {
    const Record& r = doc.record;
    Revision rev;
    rev.version = r.version;
    rev.previous_version = doc.previous_version;
    rev.have_previous = !doc.previous_title.empty() || !doc.previous_abstract.empty();
    std::string label;
    if (r.version && rev.have_previous && doc.previous_version)
        label = "v" + std::to_string(doc.previous_version) + " \xE2\x86\x92 v" + std::to_string(r.version);
    else if (r.version)
        label = "v" + std::to_string(r.version);
    else
        label = "new version";
    if (!rev.have_previous) {
        const bool index_saw_it = !doc.first_indexed.empty() && doc.last_changed > doc.first_indexed;
        rev.summary = label + (index_saw_it ? ": title and abstract unchanged"
                                            : ": earlier versions are not in the index, so the changes are unknown");
        return rev;
    }
    rev.previous_title = doc.previous_title;
    rev.previous_abstract = doc.previous_abstract;
    rev.title = diff_words(doc.previous_title, r.title);
    rev.abstract = diff_words(doc.previous_abstract, r.abstract);
    rev.size = change_size(rev.title, rev.abstract);
    std::string parts;
    if (rev.title.changed()) {
        // A rewritten title reads better whole than as a list of edits.
        const size_t edited = rev.title.removed + rev.title.added;
        if (edited * 2 > rev.title.words_before + rev.title.words_after)
            parts += "title was \"" + doc.previous_title + "\"";
        else
            parts += "title: " + describe_hunks(rev.title);
    }
    if (rev.abstract.changed()) {
        if (!parts.empty()) parts += "; ";
        parts += "abstract (+" + std::to_string(rev.abstract.added) + "/\xE2\x88\x92" +
                 std::to_string(rev.abstract.removed) + " words): " + describe_hunks(rev.abstract);
    }
    if (parts.empty()) parts = "title and abstract unchanged";
    rev.summary = label + " (" + rev.size + "): " + parts;
    return rev;
}

// ---- Selection -------------------------------------------------------------

const std::vector<std::string>& digest_sort_names() {
    static const std::vector<std::string> names{"relevance", "newest"};
    return names;
}

DigestResult assemble_digest(const DigestConfig& config, const DigestWindow& window,
                             const DigestOptions& options, std::vector<std::vector<TopicMatch>> matches) {
    DigestResult result;
    result.title = config.title;
    result.window = window;
    result.options = options;
    // Which topics each paper matched, in config order.
    std::map<std::string, std::vector<size_t>> topics_of;
    for (size_t t = 0; t < matches.size(); ++t)
        for (const TopicMatch& m : matches[t]) {
            std::vector<size_t>& v = topics_of[m.hit.doc.record.id];
            if (v.empty() || v.back() != t) v.push_back(t);
        }
    result.papers = topics_of.size();

    unsigned number = 0;  // across the whole digest
    for (size_t t = 0; t < config.topics.size(); ++t) {
        const DigestTopic& topic = config.topics[t];
        TopicResult tr;
        tr.topic = &topic;
        for (TopicMatch& m : matches[t]) {
            const std::vector<size_t>& in = topics_of[m.hit.doc.record.id];
            if (options.dedup && in.front() != t) continue;  // listed under an earlier topic
            ++tr.total;
            if (tr.entries.size() >= topic.limit) continue;
            DigestEntry e;
            e.hit = std::move(m.hit);
            e.why = std::move(m.why);
            e.hit.rank = static_cast<unsigned>(tr.entries.size() + 1);
            const bool revised = is_revised(e.hit.doc, window);
            e.tags.push_back(revised ? "revised" : "new");
            if (is_cross_listed(e.hit.doc.record, topic)) e.tags.push_back("cross-listed");
            for (size_t other : in)
                if (other != t) e.also_in.push_back(config.topics[other].name);
            if (revised) e.revision = describe_revision(e.hit.doc);
            tr.entries.push_back(std::move(e));
        }
        if (options.sort == "newest") {
            // The limit kept the best; they are shown newest first (the
            // updated date, then the chronological id key).
            auto key = [](const DigestEntry& e) {
                const Record& r = e.hit.doc.record;
                return std::make_pair(date_value(r.effective_updated()), id_sort_key(r.id));
            };
            std::stable_sort(tr.entries.begin(), tr.entries.end(),
                             [&](const DigestEntry& a, const DigestEntry& b) { return key(a) > key(b); });
            for (size_t i = 0; i < tr.entries.size(); ++i) tr.entries[i].hit.rank = static_cast<unsigned>(i + 1);
        }
        for (DigestEntry& e : tr.entries) e.number = ++number;
        result.topics.push_back(std::move(tr));
    }
    return result;
}

std::uint64_t count_in_window(const DigestWindow& window, Searcher& searcher) {
    Xapian::Database& db = searcher.database();
    Xapian::Enquire enquire(db);
    enquire.set_query(window_query(window));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (window.mode != DigestWindow::Mode::SinceLastRun) {
        // The value ranges are the exact test for dates.
        Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
        return mset.get_matches_estimated();
    }
    std::uint64_t n = 0;
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        n += in_window(decode_stored(it.get_document().get_data()), window);
    return n;
}

std::uint64_t count_in_scope(const DigestConfig& config, const DigestWindow& window, Searcher& searcher,
                             const CuratedSynonyms* curated) {
    Xapian::Database& db = searcher.database();
    ExpandOptions expand;
    expand.db = &db;
    expand.curated = curated;
    std::vector<Xapian::Query> scopes;
    for (const DigestTopic& topic : config.topics) scopes.push_back(compile_query(*topic.restrict, expand).query);
    std::uint64_t n = 0;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                    Xapian::Query(Xapian::Query::OP_OR, scopes.begin(), scopes.end()),
                                    window_query(window)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        n += in_window(decode_stored(it.get_document().get_data()), window);
    return n;
}

std::vector<std::vector<TopicMatch>> find_matches(const DigestConfig& config, const DigestWindow& window,
                                                  Searcher& searcher, const CuratedSynonyms* curated,
                                                  std::vector<std::string>& notes) {
    const Xapian::Database& db = searcher.database();
    SearchOptions so;
    so.sort = Sort::Relevance;  // BM25: the order among papers of equal score
    // Every match: the totals behind "N more", --dedup and "also in" need
    // the whole window, which is small next to the index.
    so.limit = std::max<Xapian::doccount>(1, db.get_doccount());
    ExpandOptions expand;
    expand.db = &db;
    expand.curated = curated;
    const Xapian::Query window_filter = window_query(window);
    // A paper the reader liked has been read: no topic lists it.
    std::set<std::string> liked;
    for (const DigestTopic& topic : config.topics) liked.insert(topic.like.begin(), topic.like.end());
    std::vector<std::vector<TopicMatch>> out;
    for (const DigestTopic& topic : config.topics) {
        // What the topic may list: its categories and exclusions, in the
        // window; its profile comes from the same categories outside it.
        const Xapian::Query restrict = compile_query(*topic.restrict, expand).query;
        const Xapian::Query scope(Xapian::Query::OP_FILTER, restrict, window_filter);
        const Xapian::Query outside(Xapian::Query::OP_AND_NOT, restrict, window_filter);
        const TopicScorer scorer(topic, db, expand, scope, outside, notes);
        std::vector<TopicMatch> kept;
        std::set<Xapian::docid> listed;
        if (topic.wanted) {
            CompiledQuery q;
            q.query = Xapian::Query(Xapian::Query::OP_FILTER, compile_query(*topic.wanted, expand).query, scope);
            ResultInfo info;
            for (Hit& h : searcher.search(q, so, info)) {
                if (!in_window(h.doc, window) || liked.count(h.doc.record.id)) continue;
                listed.insert(h.docid);
                kept.push_back({std::move(h), {}});
            }
        }
        // Papers that come in through the liked ones alone.
        const double like_bar = topic.min_score_set ? topic.min_score : kLikeDefaultMinScore;
        for (Xapian::docid d : scorer.liked_papers_above(like_bar)) {
            if (listed.count(d)) continue;
            Hit h;
            h.doc = decode_stored(db.get_document(d).get_data());
            h.docid = d;
            h.score = scorer.similarity(d);  // its weight: the likeness to the liked papers
            if (!in_window(h.doc, window) || liked.count(h.doc.record.id)) continue;
            kept.push_back({std::move(h), {}});
        }
        std::vector<TopicMatch> scored;
        for (TopicMatch& m : kept) {
            m.why = scorer.relevance(m.hit.docid, m.hit.doc);
            if (m.why.score >= topic.min_score) scored.push_back(std::move(m));
        }
        // Best first, so that a topic's limit cuts the weakest; ties keep
        // the BM25 order of the search.
        std::stable_sort(scored.begin(), scored.end(),
                         [](const TopicMatch& a, const TopicMatch& b) { return a.why.score > b.why.score; });
        out.push_back(std::move(scored));
    }
    return out;
}

}  // namespace arxiv
