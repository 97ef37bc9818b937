#include "indexer/net/harvest.h"

#include <chrono>
#include <cstdio>
#include <unordered_set>
#include <ostream>

#include <pugixml.hpp>

#include "common/util/dates.h"
#include "indexer/parsers/parsers.h"
#include "indexer/store/harvest_state.h"

namespace arxiv {
namespace {

using Clock = std::chrono::steady_clock;

// Rejects a 2xx body that is not a complete OAI-PMH document, so that the
// HTTP client retries it instead of half a page being indexed.
std::string check_oai_page(const std::string& body) {
    pugi::xml_document doc;
    pugi::xml_parse_result r = doc.load_buffer(body.data(), body.size(), pugi::parse_default);
    if (!r) {
        char where[64];
        std::snprintf(where, sizeof where, " at byte %lld", static_cast<long long>(r.offset));
        return std::string("malformed XML page (") + r.description() + where + ")";
    }
    std::string root = doc.document_element().name();
    size_t colon = root.find(':');
    if (colon != std::string::npos) root = root.substr(colon + 1);
    if (root != "OAI-PMH") return "response is not OAI-PMH (root element <" + root + ">)";
    return "";
}

}  // namespace

std::string set_label(const std::string& set) { return set.empty() ? "*" : set; }

std::string OaiHarvester::state_key(const HarvestOptions& o, const std::string& set) {
    std::string key = "oai " + o.base_url + " " + o.metadata_prefix + " " + set_label(set);
    // A backfill keeps its own resumable state and never moves the
    // incremental high-water mark.
    if (o.backfill) key += " backfill " + o.from + ".." + o.until;
    return key;
}

OaiHarvester::OaiHarvester(IndexWriter& writer, HttpClient& http, HarvestOptions options,
                           Progress& progress, std::ostream& log)
    : writer_(writer), http_(http), options_(std::move(options)), progress_(progress), log_(log) {}

std::string OaiHarvester::list_url(const std::string& set, const std::string& from,
                                   const std::string& until) const {
    std::string url = options_.base_url + "?verb=ListRecords&metadataPrefix=" +
                      HttpClient::escape(options_.metadata_prefix);
    if (!set.empty()) url += "&set=" + HttpClient::escape(set);
    if (!from.empty()) url += "&from=" + from;
    if (!until.empty()) url += "&until=" + until;
    return url;
}

HarvestReport OaiHarvester::run() {
    const auto start = Clock::now();
    std::vector<std::string> sets = options_.sets;
    if (sets.empty()) sets.push_back("");
    for (const std::string& set : sets)
        if (!harvest_set(set)) report_.ok = false;
    report_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report_;
}

bool OaiHarvester::harvest_set(const std::string& set) {
    const std::string key = state_key(options_, set);
    const std::string label = set_label(set);
    HarvestState state = HarvestState::load(writer_, key);
    state.set = label;
    CoverageTable coverage = CoverageTable::load(writer_, label);
    auto say = [&](const std::string& line) {
        progress_.clear();
        log_ << "arxiv-index: harvest " << label << ": " << line << "\n";
    };
    auto fail = [&](const std::string& message) {
        say("error: " + message + (state.token.empty() ? "" : " (the next run resumes from the saved position)"));
        state.last_error = utc_timestamp() + " " + message;
        state.save(writer_, key);
        writer_.commit();
        return false;
    };

    auto start_run = [&]() {
        state.token.clear();
        state.run_from = options_.backfill || !options_.from.empty() ? options_.from : state.next_from();
        state.run_until = options_.until;
        state.run_started.clear();
        state.complete_list_size = -1;
        state.received = 0;
        state.skipped = 0;
        state.pages = 0;
    };

    std::string url;
    if (!state.token.empty()) {
        say("resuming the interrupted harvest after page " + std::to_string(state.pages) + " (" +
            std::to_string(state.received) + " records so far)");
        url = options_.base_url + "?verb=ListRecords&resumptionToken=" + HttpClient::escape(state.token);
    } else {
        start_run();
        say(state.run_from.empty() ? "full harvest (no previous datestamp)"
                                   : "records changed since " + state.run_from +
                                         (state.run_until.empty() ? "" : " until " + state.run_until));
        url = list_url(set, state.run_from, state.run_until);
    }

    const auto set_start = Clock::now();
    long set_records = 0;
    int restarts = 0;
    // A server that hands out a token it gave before would be followed
    // forever.
    std::unordered_set<std::string> tokens_seen;
    if (!state.token.empty()) tokens_seen.insert(state.token);
    while (true) {
        std::string body;
        try {
            body = http_.get(url, check_oai_page);
        } catch (const HttpClientError& e) {
            return fail(e.what());
        } catch (const HttpGiveUp& e) {
            return fail(e.what());
        }

        OaiPageInfo info;
        std::vector<std::pair<Record, size_t>> records;  // with their lines
        long skipped = 0;
        ParseSink sink;
        sink.record = [&](Record&& r, size_t line) { records.emplace_back(std::move(r), line); };
        sink.skip = [&](size_t line, const std::string& message) {
            ++skipped;
            say("page " + std::to_string(state.pages + 1) + " line " + std::to_string(line) +
                ": skipped record: " + message);
        };
        try {
            info = parse_oai(body, sink);
        } catch (const OaiError& e) {
            if (e.code == "badResumptionToken" && restarts++ < 2) {
                // Tokens expire (the 2025 server's at the next UTC midnight):
                // start the same window again; upserts make the overlap harmless.
                say("resumption token rejected (" + std::string(e.what()) +
                    "); restarting from " + (state.run_from.empty() ? "the beginning" : state.run_from));
                std::string from = state.run_from, until = state.run_until;
                start_run();
                state.run_from = from;
                state.run_until = until;
                url = list_url(set, from, until);
                continue;
            }
            return fail(e.what());
        } catch (const SourceError& e) {
            return fail(e.what());
        }

        // Apply the page: documents, coverage counts and state in one
        // transaction.
        writer_.begin_batch();
        for (const auto& [r, line] : records) {
            // Coverage counts each paper once, under its latest datestamp:
            // a re-listed paper moves from its old day to the new one, and a
            // repeat of an identical record (overlapping windows) is not
            // counted again.
            std::optional<Record> old = writer_.lookup(r.id);
            UpsertOutcome outcome;
            try {
                outcome = writer_.upsert(r);
            } catch (const RecordRejected& e) {
                sink.skip(line, e.what());
                continue;
            }
            report_.counts.count(outcome);
            bool applied = outcome == UpsertOutcome::Added || outcome == UpsertOutcome::Replaced ||
                           outcome == UpsertOutcome::Deleted;
            if (!applied) continue;
            if (old && plausible_day(old->datestamp)) --coverage.listed[old->datestamp];
            if (!r.deleted && plausible_day(r.datestamp)) ++coverage.listed[r.datestamp];
        }
        state.skipped += skipped;
        ++state.pages;
        ++report_.pages;
        state.received += static_cast<long>(info.records);
        report_.records += static_cast<long>(info.records);
        report_.skipped += skipped;
        set_records += static_cast<long>(info.records);
        if (state.run_started.empty()) state.run_started = normalize_date(info.response_date);
        if (info.complete_list_size >= 0) state.complete_list_size = info.complete_list_size;
        if (!info.resumption_token.empty() && !tokens_seen.insert(info.resumption_token).second) {
            writer_.cancel_batch();  // the next run asks for this page again
            return fail("the server sent the resumption token '" + info.resumption_token.substr(0, 80) +
                        "' a second time; stopping instead of looping");
        }
        state.token = info.resumption_token;
        coverage.save(writer_, label);
        if (state.token.empty()) {
            // The list is complete: it covered its window up to its --until,
            // or up to the day it began (OAI 'from' is inclusive, so the
            // next run asks for that day again and nothing changed during
            // this run is missed; repeats are upserts). A window that does
            // not join the covered ones leaves a hole that the next plain
            // run fills, because that one starts after the first window.
            if (!options_.backfill) {
                std::string started = state.run_started.empty() ? utc_timestamp().substr(0, 10) : state.run_started;
                std::string end = !state.run_until.empty() && state.run_until < started ? state.run_until : started;
                state.add_covered(state.run_from, end);
            }
            state.last_success = utc_timestamp();
            state.last_error.clear();
            state.last_received = state.received;
            state.last_complete_list_size = state.complete_list_size;
            state.last_skipped = state.skipped;
            state.last_window = (state.run_from.empty() ? "beginning" : state.run_from) + ".." +
                                (state.run_until.empty() ? "" : state.run_until);
        }
        state.save(writer_, key);
        writer_.commit();

        double secs = std::chrono::duration<double>(Clock::now() - set_start).count();
        double rate = secs > 0 ? set_records / secs : 0;
        char status[160];
        if (state.complete_list_size > 0 && rate > 0) {
            double eta = (state.complete_list_size - state.received) / rate;
            std::snprintf(status, sizeof status, "%s: page %ld, %ld of %ld records, %.0f rec/s, ETA %.0f s",
                          label.c_str(), state.pages, state.received, state.complete_list_size, rate,
                          eta > 0 ? eta : 0);
        } else {
            std::snprintf(status, sizeof status, "%s: page %ld, %ld records, %.0f rec/s", label.c_str(),
                          state.pages, state.received, rate);
        }
        progress_.set_status(status);
        if (options_.verbose) say(status);

        if (info.error_code == "noRecordsMatch") {
            say("no records changed in this window");
            break;
        }
        if (state.token.empty()) break;
        url = options_.base_url + "?verb=ListRecords&resumptionToken=" + HttpClient::escape(state.token);
    }
    std::string summary = "done: " + std::to_string(state.received) + " records in " +
                          std::to_string(state.pages) + " page" + (state.pages == 1 ? "" : "s");
    if (state.complete_list_size >= 0 && state.complete_list_size != state.received)
        summary += " (server announced " + std::to_string(state.complete_list_size) + ")";
    if (!options_.backfill) {
        summary += "; next run continues from " + state.next_from();
        std::vector<DayRange> holes = state.holes();
        if (!holes.empty())
            summary += " (days from " + holes.front().from + " to " + holes.back().until +
                       " are not harvested yet; a plain run fetches them)";
    }
    say(summary);
    return true;
}

}  // namespace arxiv
