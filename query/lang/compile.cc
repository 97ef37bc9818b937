#include "query/lang/compile.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <optional>
#include <set>
#include <sstream>

#include "common/schema/taxonomy.h"
#include "common/text/analyzer.h"
#include "common/text/text.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"

namespace arxiv {
namespace {

using Kind = QueryNode::Kind;
using schema::Field;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

const Field& field_of(const QueryNode& n) { return n.field ? *n.field : schema::default_field(); }

std::string describe_fields(const Field& f) {
    std::string out;
    for (const Field* m : schema::member_fields(f)) {
        if (!out.empty()) out += "|";
        out += m->name;
    }
    return out;
}

bool is_filter(const QueryNode& n) {
    switch (n.kind) {
        case Kind::Range: return true;
        case Kind::Word:
        case Kind::Phrase:
        case Kind::Wildcard: return field_of(n).kind == schema::Kind::Filter;
        case Kind::MatchAll: return false;
        case Kind::And:
        case Kind::Or:
            for (const auto& c : n.children)
                if (!is_filter(*c)) return false;
            return !n.children.empty();
    }
    return false;
}

// ---- Filter values ---------------------------------------------------------

struct FilterTerm {
    std::string term;
    std::string meaning;  // for --explain
};

FilterTerm category_term(const Field& f, const QueryNode& n) {
    std::string v = n.text;
    bool whole_archive = n.kind == Kind::Wildcard;
    if (v.size() > 2 && v.compare(v.size() - 2, 2, ".*") == 0) {
        v.resize(v.size() - 2);
        whole_archive = true;
    }
    if (whole_archive && !v.empty() && v.back() == '.') v.pop_back();
    const bool primary = f.name == "primary";
    if ((whole_archive || v.find('.') == std::string::npos) && is_known_archive(v)) {
        const Field& target = primary ? f : schema::field("archive");
        std::string archive = schema::filter_value(target, v);
        return {schema::make_term(target, archive),
                std::string(primary ? "primary archive " : "archive ") + archive +
                    " (every " + archive + " category)"};
    }
    std::string known = known_category(v);
    if (known.empty() || whole_archive)
        throw QuerySyntaxError("unknown category '" + n.text + "'", n.position,
                               "use an arXiv category such as cs.CL, math.AG or hep-th, or an "
                               "archive such as cs or cs.*");
    std::string canonical = canonical_category(known);
    std::string meaning = std::string(primary ? "primary category " : "category ") + canonical;
    if (canonical != known) meaning += " (= " + known + ")";
    return {schema::make_term(f, schema::filter_value(f, canonical)), meaning};
}

FilterTerm filter_term(const QueryNode& n) {
    const Field& f = field_of(n);
    if (n.kind == Kind::Wildcard && f.name != "cat" && f.name != "primary")
        throw QuerySyntaxError("wildcards do not apply to " + std::string(f.name) + ":", n.position,
                               "give the exact value");
    if (f.name == "cat" || f.name == "primary") return category_term(f, n);
    if (f.name == "archive") {
        if (!is_known_archive(n.text))
            throw QuerySyntaxError("unknown archive '" + n.text + "'", n.position,
                                   "use an archive such as cs, math, physics or hep-th");
        std::string archive = schema::filter_value(f, n.text);
        return {schema::make_term(f, archive), "archive " + archive};
    }
    if (f.name == "id") {
        auto id = parse_arxiv_id(n.text);
        if (!id)
            throw QuerySyntaxError("'" + n.text + "' is not an arXiv id", n.position,
                                   "ids look like 2503.21813, 2503.21813v2, hep-th/9901001 or "
                                   "https://arxiv.org/abs/2503.21813");
        std::string meaning = "id " + id->id;
        if (id->version) meaning += " (any version: the index keeps the newest)";
        return {schema::make_term(f, schema::filter_value(f, id->id)), meaning};
    }
    std::string value = schema::filter_value(f, n.text);
    return {schema::make_term(f, value), std::string(f.name) + " " + value};
}

// An unfielded (or all:) word that is an arXiv id in one of its written
// forms; `=2503.21813` searches the text only.
std::optional<ArxivId> typed_id(const QueryNode& n) {
    if (n.kind != Kind::Word || n.exact || field_of(n).kind != schema::Kind::Composite) return std::nullopt;
    return parse_arxiv_id(n.text);
}

// Several ids side by side in an AND are a list of papers: any of them.
// The children of `and_node` that are such a list (none when only one is
// an id).
std::set<const QueryNode*> listed_ids(const QueryNode& and_node) {
    std::set<const QueryNode*> ids;
    for (const auto& c : and_node.children)
        if (typed_id(*c)) ids.insert(c.get());
    if (ids.size() < 2) ids.clear();
    return ids;
}

// ---- Text and name leaves --------------------------------------------------

std::vector<std::string> leaf_terms(const QueryNode& n, const Field& f) {
    if (f.kind == schema::Kind::Name) {
        // Bibliographies write "Schölkopf, Bernhard"; names are indexed as
        // written in the paper, given names first.
        size_t comma = n.text.find(',');
        if (comma != std::string::npos && n.text.find(',', comma + 1) == std::string::npos)
            return analyze_terms(n.text.substr(comma + 1) + " " + n.text.substr(0, comma), false);
        return analyze_terms(n.text, false);
    }
    return analyze_terms(n.text, f.kind == schema::Kind::Text);
}

Xapian::Query words_query(const std::vector<std::string>& terms, std::string_view prefix) {
    if (terms.size() == 1) return Xapian::Query(std::string(prefix) + terms[0]);
    std::vector<Xapian::Query> subs;
    for (const std::string& t : terms) subs.emplace_back(std::string(prefix) + t);
    return Xapian::Query(Xapian::Query::OP_PHRASE, subs.begin(), subs.end(),
                         static_cast<Xapian::termcount>(terms.size()));
}

// A name of two or more words must occur as written inside one author. Two
// words: their pair term says exactly that. More: the phrase, checked only
// in papers that hold every adjacent pair.
Xapian::Query name_query(const std::vector<std::string>& terms, std::string_view prefix) {
    if (terms.size() < 2) return words_query(terms, prefix);
    std::vector<Xapian::Query> pairs;
    for (size_t i = 1; i < terms.size(); ++i) pairs.emplace_back(schema::author_pair_term(terms[i - 1], terms[i]));
    if (pairs.size() == 1) return pairs.front();
    return Xapian::Query(Xapian::Query::OP_FILTER, words_query(terms, prefix),
                         Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
}

class Compiler {
public:
    explicit Compiler(const ExpandOptions& expand) : expand_(expand) {}

    CompiledQuery run(const QueryNode& root) {
        CompiledQuery out;
        out.query = compile(root, false);
        // A query made only of filters matches with weight 0; saying so
        // lets Xapian skip weighting altogether.
        if (is_filter(root)) out.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, out.query, 0);
        out.matched.text_terms.assign(text_terms_.begin(), text_terms_.end());
        out.matched.name_terms.assign(name_terms_.begin(), name_terms_.end());
        out.matched.text_prefixes.assign(text_prefixes_.begin(), text_prefixes_.end());
        out.matched.name_prefixes.assign(name_prefixes_.begin(), name_prefixes_.end());
        out.wildcards.assign(wildcards_.begin(), wildcards_.end());
        out.matched.names.assign(names_.begin(), names_.end());
        out.matched.text_phrases.assign(text_phrases_.begin(), text_phrases_.end());
        out.ranked = ranked_;
        out.expansions = std::move(expansions_);
        out.not_required = std::move(not_required_);
        return out;
    }

private:
    Xapian::Query compile(const QueryNode& n, bool negated) {
        switch (n.kind) {
            case Kind::MatchAll: return Xapian::Query::MatchAll;
            case Kind::Or: {
                std::vector<Xapian::Query> subs;
                for (const auto& c : n.children) subs.push_back(compile(*c, negated));
                return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
            }
            case Kind::And: return compile_and(n, negated);
            case Kind::Range: return range_query(n);
            case Kind::Word:
            case Kind::Phrase:
            case Kind::Wildcard: return leaf_query(n, negated);
        }
        return Xapian::Query();
    }

    // A word typed apart that other words may join into a known form
    // ("mixture of experts" -> MoE, "fine tuning" -> finetuning).
    static bool joinable_word(const QueryNode& n) {
        if (n.kind != Kind::Word || n.exact) return false;
        for (const Field* m : schema::member_fields(field_of(n)))
            if (m->kind == schema::Kind::Text) return true;
        return false;
    }

    // Words i.. of `kids` typed side by side that together are a known
    // concept, a form with other forms ("large language models" -> LLM,
    // "fine tuning" -> finetuning, "kv cache" -> key-value cache). A concept
    // never narrows what was typed: every paper with all the words (each in
    // any of its forms) still matches; the phrase and its other forms are
    // extra ways to match ("LLMs" alone), and the words close together rank
    // higher (`boosts`). Returns how many words were used, 0 when none (the
    // longest group wins).
    size_t compile_word_group(const std::vector<const QueryNode*>& kids, size_t i, bool negated,
                              std::vector<Xapian::Query>& scoring, std::vector<Xapian::Query>& boosts) {
        size_t run = 0;
        while (i + run < kids.size() && joinable_word(*kids[i + run]) && kids[i + run]->field == kids[i]->field) ++run;
        for (size_t len = std::min<size_t>(run, 6); len >= 2; --len) {
            std::string typed;
            for (size_t k = i; k < i + len; ++k) typed += (typed.empty() ? "" : " ") + kids[k]->text;
            const std::vector<std::string> terms = analyze_terms(typed, true);
            if (alternatives(expand_, typed, terms, true).empty()) continue;
            // Close together: a two-word concept may have a word between
            // ("post-training weight quantization"); a longer one is written
            // whole, in any order.
            const Xapian::termcount window = static_cast<Xapian::termcount>(terms.size() + (len == 2 ? 1 : 0));
            expansions_.push_back({typed, join_terms(terms),
                                   "a known concept: also its other forms; the words within " +
                                       std::to_string(window) + " positions of each other rank higher"});
            std::vector<Xapian::Query> each;
            for (size_t k = i; k < i + len; ++k) each.push_back(compile(*kids[k], negated));
            // The other forms match on their own; the phrase itself needs
            // no branch of its own (its papers hold every word, and the
            // window ranks them): positions are read only for the boost.
            // The phrase as a branch had cost "reinforcement learning NOT
            // robot" 1.7x its time.
            auto phrase = QueryNode::leaf(Kind::Phrase, kids[i]->field, typed, kids[i]->position);
            const std::vector<Alternative> others = other_forms(*phrase, field_of(*phrase));
            std::vector<Xapian::Query> forms;
            for (const Field* m : schema::member_fields(field_of(*phrase))) {
                if (m->kind != schema::Kind::Text) continue;
                std::vector<Xapian::Query> in_field;
                for (const Alternative& a : others) in_field.push_back(form_query(a, m->prefix, negated));
                forms.emplace_back(Xapian::Query::OP_SYNONYM, in_field.begin(), in_field.end());
            }
            scoring.push_back(Xapian::Query(Xapian::Query::OP_OR,
                                            Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()),
                                            Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end())));
            if (!negated) boosts.push_back(near_query(field_of(*kids[i]), terms, window));
            return len;
        }
        return 0;
    }

    // Words i.. of `kids` typed side by side that are an author's name in
    // the index ("Dan Alistarh", "yoshua bengio"): they also match that
    // author's papers, ranked first (kAuthorMatchWeight), besides the
    // papers with the words in their text. Two or three words, each a
    // name word, every adjacent pair written so inside one author (the
    // XAP pair terms); the author's papers must be at least as many as
    // the papers with the words as a phrase, so a name that is also a
    // phrase of the text ("Deep Learning") stays a phrase. Returns how many
    // words were used, 0 when none.
    size_t compile_author_name(const std::vector<const QueryNode*>& kids, size_t i, bool negated,
                               std::vector<Xapian::Query>& scoring) {
        if (!expand_.db || !expand_.enabled || negated || kids[i]->field) return 0;
        size_t run = 0;
        while (i + run < kids.size() && run < 3 && joinable_word(*kids[i + run]) && !kids[i + run]->field) ++run;
        const schema::Field& author = schema::field("author");
        for (size_t len = run; len >= 2; --len) {
            std::vector<std::string> names;
            std::string typed;
            for (size_t k = i; k < i + len; ++k) {
                const std::vector<std::string> t = analyze_terms(kids[k]->text, false);
                if (t.size() != 1) break;
                names.push_back(t[0]);
                typed += (typed.empty() ? "" : " ") + kids[k]->text;
            }
            if (names.size() != len) continue;
            Xapian::doccount papers = expand_.db->get_termfreq(schema::author_pair_term(names[0], names[1]));
            for (size_t k = 2; k < len && papers > 0; ++k)
                papers = std::min(papers, expand_.db->get_termfreq(schema::author_pair_term(names[k - 1], names[k])));
            if (papers == 0) continue;
            std::vector<Xapian::Query> each;
            for (size_t k = i; k < i + len; ++k) each.push_back(compile(*kids[k], negated));
            std::vector<Xapian::Query> in_text;
            for (const Field* m : schema::member_fields(schema::default_field()))
                in_text.push_back(words_query(analyze_terms(typed, true), m->prefix));
            Xapian::Enquire phrase(*expand_.db);
            phrase.set_query(Xapian::Query(Xapian::Query::OP_OR, in_text.begin(), in_text.end()));
            phrase.set_weighting_scheme(Xapian::BoolWeight());
            if (phrase.get_mset(0, 0, papers + 1).get_matches_lower_bound() > papers) return 0;
            const Xapian::Query name = name_query(names, author.prefix);
            name_terms_.insert(names.begin(), names.end());
            names_.insert(names);
            expansions_.push_back({typed, "au:\"" + typed + "\"",
                                   "an author's name in the index (" + std::to_string(papers) +
                                       " papers): that author's papers first"});
            scoring.push_back(Xapian::Query(
                Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()),
                Xapian::Query(Xapian::Query::OP_FILTER,
                              Xapian::Query((new Xapian::FixedWeightPostingSource(kAuthorMatchWeight))->release()),
                              name)));
            return len;
        }
        return 0;
    }

    // Above the text weight of a few words, below an id typed
    // (kIdMatchWeight): a name typed means that person's papers.
    static constexpr double kAuthorMatchWeight = 100;

    // The terms within `window` positions of each other, in any text field
    // of `f`: a ranking signal, never a filter (an OR with a MatchAll of weight 0).
    static Xapian::Query near_query(const Field& f, const std::vector<std::string>& terms, Xapian::termcount window) {
        std::vector<Xapian::Query> near;
        for (const Field* m : schema::member_fields(f)) {
            if (m->kind != schema::Kind::Text) continue;
            std::vector<Xapian::Query> words;
            for (const std::string& t : terms) words.emplace_back(std::string(m->prefix) + t);
            near.emplace_back(Xapian::Query::OP_NEAR, words.begin(), words.end(), window);
        }
        return Xapian::Query(Xapian::Query::OP_OR, near.begin(), near.end());
    }

    // Two words typed side by side that are written side by side in a
    // paper ("prefix caching") say more than the same words apart: each
    // adjacent pair of plain words not already in a concept adds the pair
    // within kPairWindow positions as a ranking signal.
    static constexpr Xapian::termcount kPairWindow = 3;
    void add_pair_boosts(const std::vector<const QueryNode*>& plain, std::vector<Xapian::Query>& boosts) {
        for (size_t k = 1; k < plain.size(); ++k) {
            if (!plain[k - 1] || !plain[k] || plain[k - 1]->field != plain[k]->field) continue;
            std::vector<std::string> terms = analyze_terms(plain[k - 1]->text, true);
            const std::vector<std::string> second = analyze_terms(plain[k]->text, true);
            terms.insert(terms.end(), second.begin(), second.end());
            if (terms.size() < 2 || terms.size() > 6) continue;
            boosts.push_back(near_query(field_of(*plain[k]),
                                        terms, static_cast<Xapian::termcount>(terms.size() + kPairWindow - 2)));
        }
    }

    // A word so common in English that requiring it only loses papers that
    // put the same thing in other words ("quantisation of LLMs" vs
    // "LLM quantisation").
    static bool common_word(const QueryNode& n) {
        static const std::set<std::string> words = {"a",  "an", "and", "the", "of", "for", "in",  "on",
                                                    "to", "with", "by", "from", "at", "as", "via", "into"};
        return n.kind == Kind::Word && !n.exact && words.count(lower(n.text)) > 0;
    }

    Xapian::Query compile_and(const QueryNode& n, bool negated) {
        std::vector<Xapian::Query> scoring, filters;
        std::vector<const QueryNode*> kids;
        size_t others = 0;
        for (const auto& c : n.children)
            if (c->kind != Kind::MatchAll && !common_word(*c)) ++others;
        for (const auto& c : n.children) {
            if (c->kind == Kind::MatchAll) continue;
            if (others > 0 && common_word(*c) && expand_.enabled) {
                not_required_.push_back(c->text);
                continue;
            }
            kids.push_back(c.get());
        }
        // Several ids side by side are a list of papers (pasted from a
        // reading list): any of them, as no paper has two ids.
        if (const std::set<const QueryNode*> list = listed_ids(n); !list.empty()) {
            std::vector<Xapian::Query> any;
            std::vector<const QueryNode*> rest;
            for (const QueryNode* k : kids) {
                if (list.count(k)) any.push_back(compile(*k, negated));
                else rest.push_back(k);
            }
            kids = std::move(rest);
            scoring.push_back(Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()));
        }
        std::vector<Xapian::Query> boosts;
        // Plain words in typed order, a null between runs (a concept, a
        // phrase, a filter): the pairs that add_pair_boosts looks at.
        std::vector<const QueryNode*> plain;
        for (size_t i = 0; i < kids.size();) {
            if (size_t used = compile_author_name(kids, i, negated, scoring)) {
                i += used;
                plain.push_back(nullptr);
                continue;
            }
            if (size_t used = compile_word_group(kids, i, negated, scoring, boosts)) {
                i += used;
                plain.push_back(nullptr);
                continue;
            }
            const QueryNode& c = *kids[i++];
            plain.push_back(joinable_word(c) && !negated ? &c : nullptr);
            (is_filter(c) ? filters : scoring).push_back(compile(c, negated));
        }
        if (expand_.enabled) add_pair_boosts(plain, boosts);
        Xapian::Query q;
        if (!scoring.empty()) {
            q = Xapian::Query(Xapian::Query::OP_AND, scoring.begin(), scoring.end());
            if (!boosts.empty()) {
                // A ranking signal that never changes what matches: the
                // boosts or, weighing nothing, any document. (OP_AND_MAYBE
                // says the same, but Xapian 1.4 weighed its OP_NEAR side
                // differently in one database and in two shards of it:
                // 9.42 against 8.35 for one paper of the sample.)
                boosts.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0));
                q = Xapian::Query(Xapian::Query::OP_AND, q,
                                  Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
            }
            if (!filters.empty())
                q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                                  Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
        } else if (!filters.empty()) {
            q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                              Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()), 0);
        } else {
            q = Xapian::Query::MatchAll;
        }
        if (!n.excluded.empty()) {
            std::vector<Xapian::Query> nots;
            for (const auto& c : n.excluded) nots.push_back(compile(*c, !negated));
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                              Xapian::Query(Xapian::Query::OP_OR, nots.begin(), nots.end()));
        }
        return q;
    }

    Xapian::Query range_query(const QueryNode& n) {
        charge(1, n);
        return date_range_query(field_of(n), n.from, n.to);
    }

    Xapian::Query leaf_query(const QueryNode& n, bool negated) {
        const Field& f = field_of(n);
        if (f.kind == schema::Kind::Filter) {
            if (n.kind == Kind::Phrase || n.kind == Kind::Word || n.kind == Kind::Wildcard) {
                charge(1, n);
                return Xapian::Query(filter_term(n).term);
            }
        }
        std::vector<Xapian::Query> per_field;
        size_t words = 0;  // a word searched in several fields counts once
        const std::vector<Alternative> others = other_forms(n, f);
        for (const Field* m : schema::member_fields(f)) per_field.push_back(member_query(n, *m, negated, words, others));
        charge(words, n);
        Xapian::Query q(Xapian::Query::OP_OR, per_field.begin(), per_field.end());
        if (const std::optional<ArxivId> id = typed_id(n)) {
            // A pasted id (2503.21813v2, arXiv:2503.21813, an abs or pdf
            // URL, hep-th/9901001) means that paper; papers that merely
            // mention it in their text still match, ranked after it.
            charge(1, n);
            const Field& id_field = schema::field("id");
            expansions_.push_back({n.text, "id " + id->id, "an arXiv id: that paper, ranked first"});
            Xapian::Query first(Xapian::Query::OP_FILTER,
                                Xapian::Query((new Xapian::FixedWeightPostingSource(kIdMatchWeight))->release()),
                                Xapian::Query(schema::make_term(id_field, schema::filter_value(id_field, id->id))));
            q = Xapian::Query(Xapian::Query::OP_OR, q, first);
        }
        return q;
    }

    // Above any BM25 weight a text match can reach.
    static constexpr double kIdMatchWeight = 1000;

    // The other written forms of a word or phrase of a text field, noted
    // for --explain and counted against the term limit.
    std::vector<Alternative> other_forms(const QueryNode& n, const Field& f) {
        if (n.kind == Kind::Wildcard) return {};
        bool text = false;
        for (const Field* m : schema::member_fields(f)) text |= m->kind == schema::Kind::Text;
        if (!text) return {};
        const std::vector<std::string> terms = analyze_terms(n.text, true);
        // =word: the forms that differ only by letter case ("=llms" is
        // "=LLMs"), as every search is case-insensitive.
        ExpandOptions options = expand_;
        options.enabled = expand_.enabled && !n.exact;
        std::vector<Alternative> others = alternatives(options, n.text, terms);
        for (const Alternative& a : others) {
            expansions_.push_back({n.text, join_terms(a.terms), a.source});
            charge(a.terms.size(), n);
        }
        return others;
    }

    // Counts terms against kMaxQueryTerms.
    void charge(size_t terms, const QueryNode& n) {
        terms_ += terms;
        if (terms_ > kMaxQueryTerms)
            throw QuerySyntaxError("the query has more than " + std::to_string(kMaxQueryTerms) + " terms",
                                   n.position, "split it into several queries");
    }

    // One other form in one field: its words (a phrase when several),
    // without the papers that define its acronym otherwise, only beside
    // its context; noted for highlighting.
    Xapian::Query form_query(const Alternative& a, std::string_view prefix, bool negated) {
        Xapian::Query form = words_query(a.terms, prefix);
        if (!a.unless.empty())
            form = Xapian::Query(Xapian::Query::OP_AND_NOT, form,
                                 Xapian::Query(Xapian::Query::OP_OR, a.unless.begin(), a.unless.end()));
        if (!a.context.empty())
            form = Xapian::Query(Xapian::Query::OP_FILTER, form,
                                 Xapian::Query(Xapian::Query::OP_OR, a.context.begin(), a.context.end()));
        if (!negated && a.terms.size() == 1) text_terms_.insert(a.terms.front());
        else if (!negated) text_phrases_.insert(a.terms);
        return form;
    }

    Xapian::Query member_query(const QueryNode& n, const Field& f, bool negated, size_t& words,
                               const std::vector<Alternative>& others) {
        const bool name = f.kind == schema::Kind::Name;
        if (!name && !negated) ranked_ = true;
        if (n.kind == Kind::Wildcard) {
            std::string stem = lower(fold_diacritics(n.text));
            if (utf8_length(stem) < 2)
                throw QuerySyntaxError("wildcard '" + n.text + "*' is too short", n.position,
                                       "give at least two letters before '*'");
            if (stem.find_first_of(" \t\"") != std::string::npos)
                throw QuerySyntaxError("wildcards work on single words", n.position);
            words = std::max<size_t>(words, 1);
            if (!negated) (name ? name_prefixes_ : text_prefixes_).insert(stem);
            wildcards_.insert(std::string(f.prefix) + stem);
            return Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(f.prefix) + stem,
                                 kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
        }
        if (n.kind == Kind::Phrase && n.text.find('*') != std::string::npos)
            throw QuerySyntaxError("wildcards are not supported inside phrases", n.position,
                                   "remove the '*' or take the word out of the quotes");
        std::vector<std::string> terms = leaf_terms(n, f);
        if (terms.empty())
            throw QuerySyntaxError("'" + n.text + "' has no searchable words", n.position,
                                   "search for letters or digits");
        words = std::max(words, terms.size());
        if (!negated) (name ? name_terms_ : text_terms_).insert(terms.begin(), terms.end());
        if (!negated && name) names_.insert(terms);
        Xapian::Query q = name ? name_query(terms, f.prefix) : words_query(terms, f.prefix);
        if (f.kind == schema::Kind::Text && !others.empty()) {
            // Every form weighs as one term: a paper writing another form
            // ranks like one writing the typed form, never above it.
            std::vector<Xapian::Query> forms{q};
            for (const Alternative& a : others) forms.push_back(form_query(a, f.prefix, negated));
            q = Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
        }
        if (name && written_with_initials(terms)) {
            // "B. Schölkopf" also matches "Bernhard Schölkopf".
            Xapian::Query key(std::string(schema::kAuthorInitialsPrefix) + author_initials_key(terms));
            q = Xapian::Query(Xapian::Query::OP_OR, q, key);
        }
        return q;
    }

    const ExpandOptions& expand_;
    std::set<std::string> text_terms_, name_terms_, text_prefixes_, name_prefixes_, wildcards_;
    std::set<std::vector<std::string>> names_, text_phrases_;
    std::vector<ExpansionNote> expansions_;
    std::vector<std::string> not_required_;
    bool ranked_ = false;
    size_t terms_ = 0;
};

// ---- Explain ---------------------------------------------------------------

std::string range_text(const QueryNode& n) {
    auto show = [](const std::string& v) {
        if (v.size() != 8) return v;
        std::string out = v.substr(0, 4);
        if (v.substr(4, 2) != "00") out += "-" + v.substr(4, 2);
        if (v.substr(6, 2) != "00") out += "-" + v.substr(6, 2);
        return out;
    };
    std::string what = field_of(n).name == "date" ? "submitted" : std::string(field_of(n).name);
    if (n.from.empty()) return what + " on or before " + show(n.to);
    if (n.to.empty()) return what + " on or after " + show(n.from);
    return what + " from " + show(n.from) + " to " + show(n.to);
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string leaf_text(const QueryNode& n, bool stems) {
    const Field& f = field_of(n);
    if (n.kind == Kind::Range) return range_text(n) + "  [filter]";
    if (f.kind == schema::Kind::Filter) return filter_term(n).meaning + "  [filter]";
    std::string where = describe_fields(f);
    if (n.kind == Kind::Wildcard) return "words starting with \"" + n.text + "\" in " + where;
    std::vector<std::string> parts;
    for (const Field* m : schema::member_fields(f)) {
        std::vector<std::string> terms = leaf_terms(n, *m);
        std::string shown = join(terms, " ");
        bool dup = false;
        for (const auto& p : parts) dup |= p == shown;
        if (!dup) parts.push_back(shown);
    }
    std::vector<std::string> terms = analyze_terms(n.text, true);
    const bool phrase = n.kind == Kind::Phrase || terms.size() > 1;
    std::string out = std::string(phrase ? "phrase" : "word") + " \"" + n.text + "\" in " + where;
    if (stems) out += " -> " + join(parts, " / ");
    return out;
}

void explain(const QueryNode& n, int depth, const char* label, bool stems, std::ostringstream& out) {
    std::string indent(2 * depth, ' ');
    out << indent << label;
    switch (n.kind) {
        case Kind::And: {
            const std::set<const QueryNode*> list = listed_ids(n);
            const size_t ids = list.size();
            size_t positives = 0;
            for (const auto& c : n.children) positives += c->kind != Kind::MatchAll && !list.count(c.get());
            if (ids > 0 && positives == 0 && n.excluded.empty()) {
                out << "ANY of these papers (several ids):\n";
                for (const auto& c : n.children)
                    if (list.count(c.get())) explain(*c, depth + 1, "", stems, out);
                return;
            }
            positives += ids > 0;  // the list of ids is one
            if (positives == 0) {
                out << "everything\n";
            } else if (positives == 1 && n.excluded.empty()) {
                out << "\n";
            } else {
                out << "ALL of:\n";
            }
            if (ids > 0) {
                out << std::string(2 * (depth + 1), ' ') << "ANY of these papers (several ids):\n";
                for (const auto& c : n.children)
                    if (list.count(c.get())) explain(*c, depth + 2, "", stems, out);
            }
            for (const auto& c : n.children)
                if (c->kind != Kind::MatchAll && !list.count(c.get())) explain(*c, depth + 1, "", stems, out);
            for (const auto& c : n.excluded) explain(*c, depth + 1, "NOT ", stems, out);
            return;
        }
        case Kind::Or:
            out << "ANY of:\n";
            for (const auto& c : n.children) explain(*c, depth + 1, "", stems, out);
            return;
        case Kind::MatchAll: out << "everything\n"; return;
        default: out << leaf_text(n, stems) << "\n"; return;
    }
}

}  // namespace

Xapian::Query id_list_query(const std::vector<std::string>& ids) {
    const Field& f = schema::field("id");
    std::vector<Xapian::Query> terms;
    terms.reserve(ids.size());
    for (const std::string& id : ids) terms.emplace_back(schema::make_term(f, schema::filter_value(f, id)));
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), 0);
}

Xapian::Query date_range_query(const schema::Field& f, const std::string& from, const std::string& to) {
    using Q = Xapian::Query;
    const Xapian::valueno slot = f.slot;
    auto value_range = [&](const std::string& lo, const std::string& hi) {
        if (lo.empty()) return Q(Q::OP_VALUE_LE, slot, hi);
        if (hi.empty()) return Q(Q::OP_VALUE_GE, slot, lo);
        return Q(Q::OP_VALUE_RANGE, slot, lo, hi);
    };
    if (f.prefix.empty() || (from.empty() && to.empty())) return value_range(from, to);
    // Values are "YYYYMMDD" with day 00 for month-only dates, so a month
    // spans YYYYMM00..YYYYMM31 and a year YYYY0100..YYYY1231. Years outside
    // 1986..next year (none in practice) stay a value range, so the result
    // is exact for any bounds, and open ends stay a short list of terms.
    constexpr int kFirstYear = 1986;
    static const int kLastYear = [] {
        std::time_t now = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&now, &tm);
        return tm.tm_year + 1900 + 1;
    }();
    auto covers = [&](const std::string& lo, const std::string& hi) {
        return (from.empty() || from <= lo) && (to.empty() || to >= hi);
    };
    auto meets = [&](const std::string& lo, const std::string& hi) {
        return (from.empty() || from <= hi) && (to.empty() || to >= lo);
    };
    auto term = [&](const std::string& digits) { return Q(std::string(f.prefix) + digits); };
    std::vector<Q> parts;
    const std::string first = std::to_string(kFirstYear) + "0100";
    const std::string last = std::to_string(kLastYear) + "1231";
    if (from.empty() || from < first) parts.push_back(value_range(from, std::to_string(kFirstYear - 1) + "9999"));
    if (to.empty() || to > last) parts.push_back(value_range(std::to_string(kLastYear + 1) + "0000", to));
    const int from_year = from.empty() ? kFirstYear : std::max(kFirstYear, std::stoi(from.substr(0, 4)));
    const int to_year = to.empty() ? kLastYear : std::min(kLastYear, std::stoi(to.substr(0, 4)));
    for (int y = from_year; y <= to_year; ++y) {
        const std::string year = std::to_string(y);
        if (covers(year + "0100", year + "1231")) {
            parts.push_back(term(year));
            continue;
        }
        for (int m = 1; m <= 12; ++m) {
            const std::string month = year + (m < 10 ? "0" : "") + std::to_string(m);
            const std::string lo = month + "00", hi = value_month_end(lo);
            if (covers(lo, hi)) parts.push_back(term(month));
            else if (meets(lo, hi))
                parts.push_back(Q(Q::OP_FILTER, term(month),
                                  value_range(from.empty() || from < lo ? lo : from, to.empty() || to > hi ? hi : to)));
        }
    }
    return Q(Q::OP_OR, parts.begin(), parts.end());
}

CompiledQuery compile_query(const QueryNode& root, const ExpandOptions& expand) { return Compiler(expand).run(root); }

std::string explain_query(const QueryNode& root, bool stems) {
    std::ostringstream out;
    explain(root, 1, "", stems, out);
    return out.str();
}

}  // namespace arxiv
