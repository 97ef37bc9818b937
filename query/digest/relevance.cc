#include "query/digest/relevance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "common/text/text.h"
#include "query/lang/compile.h"
#include "query/lang/query_ast.h"
#include "query/output/highlight.h"
#include "query/search/like.h"

namespace arxiv {
namespace {

// Every document of `query` within `scope`, in docid order.
std::vector<Xapian::docid> docs_matching(const Xapian::Database& db, const Xapian::Query& query,
                                         const Xapian::Query& scope) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, scope));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, std::max<Xapian::doccount>(1, db.get_doccount()));
    std::vector<Xapian::docid> docs;
    docs.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) docs.push_back(*it);
    return docs;  // ascending: the docid order asked for above
}

// The best `n` documents of `query` within `scope`, by weight.
std::vector<Xapian::docid> best_docs(const Xapian::Database& db, const Xapian::Query& query,
                                     const Xapian::Query& scope, Xapian::doccount n) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, scope));
    std::vector<Xapian::docid> docs;
    const Xapian::MSet mset = enquire.get_mset(0, n);
    for (auto it = mset.begin(); it != mset.end(); ++it) docs.push_back(*it);
    return docs;
}

bool has(const std::vector<Xapian::docid>& docs, Xapian::docid doc) {
    return std::binary_search(docs.begin(), docs.end(), doc);
}

// A leaf as the topic writes it: "kv cache" in quotes, a wildcard with its '*'.
std::string shown_leaf(const QueryNode& n) {
    if (n.kind == QueryNode::Kind::Phrase) return "\"" + n.text + "\"";
    if (n.kind == QueryNode::Kind::Wildcard) return n.text + "*";
    return n.text;
}

// The fields a leaf searches that count as places a paper can have it:
// its text and name fields (a composite's members among them).
std::vector<const schema::Field*> places_of(const schema::Field& f) {
    std::vector<const schema::Field*> out;
    for (const schema::Field* m : schema::member_fields(f))
        if (m->kind == schema::Kind::Text || m->kind == schema::Kind::Name) out.push_back(m);
    return out;
}

double credit_of(std::string_view field_name) {
    return field_name == "title" || field_name == "author" ? kTitleCredit : kAbstractCredit;
}

// The stored text of a place, or nullptr for a place that is not quoted.
const std::string* text_of(const Record& r, std::string_view where) {
    if (where == "title") return &r.title;
    if (where == "abstract") return &r.abstract;
    if (where == "comment") return &r.comment;
    if (where == "journal") return &r.journal_ref;
    return nullptr;
}

double one_decimal(double x) { return std::round(x * 10.0) / 10.0; }

std::string share_text(double x) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
}

}  // namespace

std::string score_text(double x) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

std::string describe_relevance(const Relevance& r) {
    std::string out = score_text(r.score) + "/10";
    std::string parts;
    auto add = [&](const std::string& part) { parts += (parts.empty() ? "" : "; ") + part; };
    for (const PickReason& why : r.reasons) {
        if (why.where == "author") add("by " + why.match);
        else if (why.where == "followed") add("by " + why.match + " (followed)");
        else if (why.where == "like")
            add("like " + why.match + (why.detail.empty() ? "" : " \"" + clip_text(why.detail, 80) + "\"") + " (" +
                score_text(why.score) + ")");
        else if (why.where == "company") add("reads like the topic (" + share_text(why.score / 10.0) + ")");
        else if (why.where == "query") add("matches the query");
        else if (why.quote.empty()) add(why.match + " in the " + why.where);
        else if (why.as_written) add("\"" + why.quote + "\" in the " + why.where);
        else add("\"" + why.quote + "\" in the " + why.where + " (only the stems of " + why.match + ")");
    }
    return parts.empty() ? out : out + ": " + parts;
}

TopicScorer::~TopicScorer() = default;

TopicScorer::TopicScorer(const DigestTopic& topic, const Xapian::Database& db, const ExpandOptions& expand,
                         const Xapian::Query& scope, const Xapian::Query& outside, std::vector<std::string>& notes)
    : topic_(topic), db_(db), finder_(std::make_unique<PhraseFinder>()) {
    std::set<Xapian::docid> profile;  // the papers that stand for the topic
    if (topic.query_tree) {
        const Xapian::Query whole = compile_query(*topic.query_tree, expand).query;
        query_docs_ = docs_matching(db, whole, scope);
        add_concepts(*topic.query_tree, db, expand, scope);
        // For each word or phrase, the papers outside the window that have
        // it in their best place (the title) and match the whole query
        // best: every alternative of an OR is represented, not only the
        // most frequent one. A query of one or two phrases takes more of
        // each, so that its words are learnt from as many papers.
        const auto concepts = static_cast<Xapian::doccount>(std::max<size_t>(1, concepts_.size()));
        const Xapian::doccount per_concept =
            std::max(kProfilePapersPerConcept, (kProfileMinPapers + concepts - 1) / concepts);
        for (const auto& [node, c] : concepts_) {
            for (const schema::Field* f : places_of(node->field ? *node->field : schema::default_field())) {
                auto leaf = QueryNode::leaf(node->kind, f, node->text, node->position);
                leaf->exact = node->exact;
                std::vector<Xapian::docid> best;
                try {
                    best = best_docs(db,
                                     Xapian::Query(Xapian::Query::OP_AND_MAYBE, compile_query(*leaf, expand).query,
                                                   whole),
                                     outside, per_concept);
                } catch (const QuerySyntaxError&) {
                    continue;
                }
                if (best.empty()) continue;  // not in any title: the next place
                profile.insert(best.begin(), best.end());
                break;
            }
        }
    }
    for (const std::string& name : topic.authors) {
        auto leaf = QueryNode::leaf(QueryNode::Kind::Phrase, &schema::field("author"), name, 0);
        const Xapian::Query by = compile_query(*leaf, expand).query;
        followed_.emplace_back(name, docs_matching(db, by, scope));
        // Their newest papers before the window: what they usually write.
        Xapian::Enquire theirs(db);
        theirs.set_query(Xapian::Query(Xapian::Query::OP_FILTER, by, outside));
        theirs.set_weighting_scheme(Xapian::BoolWeight());
        theirs.set_sort_by_value(schema::kUpdatedSlot, true);
        const Xapian::MSet mset = theirs.get_mset(0, kProfilePapersPerAuthor);
        for (auto it = mset.begin(); it != mset.end(); ++it) profile.insert(*it);
    }
    std::vector<Xapian::docid> liked;
    for (const std::string& id : topic.like) {
        const std::string id_term = schema::make_term(schema::field("id"), id);
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        if (p == db.postlist_end(id_term)) {
            notes.push_back("topic \"" + topic.name + "\": liked paper " + id +
                            " is not in the index, so nothing is matched against it");
            continue;
        }
        liked.push_back(*p);
        liked_ids_ += (liked_ids_.empty() ? "" : ", ") + id;
        if (topic.like.size() == 1) liked_title_ = decode_stored(db.get_document(*p).get_data()).record.title;
    }
    if (!liked.empty()) {
        // The liked papers together, as `arxiv-query --like A --like B`
        // ranks: one query of the words they share, so one paper's unusual
        // title word (a method's name) does not bring in papers that share
        // only it. It finds the candidates; their words against all the
        // liked papers' score them.
        LikeRequest request;
        request.docs = liked;
        const LikeQuery like = like_query(db, request);
        if (!like.terms.empty()) {
            Xapian::Enquire in_scope(db);
            in_scope.set_query(Xapian::Query(Xapian::Query::OP_FILTER, like.query, scope));
            const Xapian::MSet mset = in_scope.get_mset(0, std::max<Xapian::doccount>(1, db.get_doccount()));
            for (auto it = mset.begin(); it != mset.end(); ++it) liked_weight_.emplace(*it, it.get_weight());
        }
        liked_ = WordProfile(db, liked);
    }
    if (liked.size() > 3) liked_ids_ = std::to_string(liked.size()) + " liked papers";
    profile.insert(liked.begin(), liked.end());
    if (profile.size() == liked.size()) {
        company_ = liked_;  // the same papers
        company_is_liked_ = true;
    } else {
        company_ = WordProfile(db, std::vector<Xapian::docid>(profile.begin(), profile.end()));
    }
}

void TopicScorer::add_concepts(const QueryNode& node, const Xapian::Database& db, const ExpandOptions& expand,
                               const Xapian::Query& scope) {
    switch (node.kind) {
        case QueryNode::Kind::And:
        case QueryNode::Kind::Or:
            for (const auto& c : node.children) add_concepts(*c, db, expand, scope);
            return;  // NOT parts say what is unwanted, not what fits
        case QueryNode::Kind::MatchAll:
        case QueryNode::Kind::Range: return;
        case QueryNode::Kind::Word:
        case QueryNode::Kind::Phrase:
        case QueryNode::Kind::Wildcard: break;
    }
    Concept c;
    c.shown = shown_leaf(node);
    for (const schema::Field* f : places_of(node.field ? *node.field : schema::default_field())) {
        auto leaf = QueryNode::leaf(node.kind, f, node.text, node.position);
        leaf->exact = node.exact;
        Place place;
        place.where = std::string(f->name);
        place.credit = credit_of(f->name);
        try {
            place.docs = docs_matching(db, compile_query(*leaf, expand).query, scope);
        } catch (const QuerySyntaxError&) {
            continue;  // a value this field cannot take (the whole leaf compiled)
        }
        c.places.push_back(std::move(place));
    }
    // The written forms to find in the text: the typed one, then the other
    // forms the query also searches (acronyms, compounds, synonyms).
    const bool text_leaf = node.kind != QueryNode::Kind::Wildcard &&
                           (!node.field || node.field->kind != schema::Kind::Name);
    if (text_leaf) {
        Form typed{analyze_terms(node.text, true), analyze_terms(node.text, false)};
        if (!typed.stemmed.empty()) {
            if (!node.exact && expand.enabled)
                for (const Alternative& a : alternatives(expand, node.text, typed.stemmed))
                    c.forms.push_back({a.terms, {}});
            c.forms.insert(c.forms.begin(), std::move(typed));
        }
    }
    if (!c.places.empty()) concepts_.emplace(&node, std::move(c));
}

void TopicScorer::quote(const Concept& c, const std::string& text, PickReason& why, double& credit) const {
    if (c.forms.empty()) return;  // nothing to find (a wildcard): the index's word for it
    const PhraseMatch* best = nullptr;
    size_t written = 0;
    std::vector<PhraseMatch> found;
    for (const Form& f : c.forms) {
        std::vector<PhraseMatch> m = finder_->find(text, f.stemmed, f.written);
        for (const PhraseMatch& p : m) written += p.as_written;
        found.insert(found.end(), m.begin(), m.end());
    }
    for (const PhraseMatch& p : found)
        if (!best || (p.as_written && !best->as_written)) best = &p;
    if (!best) return;  // the index matched a form the text does not show as such
    why.quote = text.substr(best->span.begin, best->span.end - best->span.begin);
    why.as_written = best->as_written;
    if (!best->as_written) credit *= kStemOnlyFactor;
    else if (why.where == "abstract" && written >= 2) credit = kAbstractAgainCredit;
}

bool TopicScorer::cover(const QueryNode& node, Xapian::docid docid, const StoredDoc& doc, double& credit,
                        std::vector<PickReason>& reasons) const {
    switch (node.kind) {
        case QueryNode::Kind::And: {
            double sum = 0;
            size_t counted = 0;
            for (const auto& child : node.children) {
                double c = 0;
                if (cover(*child, docid, doc, c, reasons)) sum += c, ++counted;
            }
            if (!counted) return false;
            credit = sum / static_cast<double>(counted);
            return true;
        }
        case QueryNode::Kind::Or: {
            // The best alternative only, and only its reasons: with other
            // written forms, "kv cache" OR "key-value cache" matches both
            // halves on one mention, and the reader should see it once.
            bool any = false;
            credit = 0;
            std::vector<PickReason> best;
            for (const auto& child : node.children) {
                double c = 0;
                std::vector<PickReason> own;
                if (!cover(*child, docid, doc, c, own)) continue;
                if (!any || c > credit) credit = c, best = std::move(own);
                any = true;
            }
            reasons.insert(reasons.end(), best.begin(), best.end());
            return any;
        }
        default: break;
    }
    auto it = concepts_.find(&node);
    if (it == concepts_.end()) return false;
    credit = 0;
    // The place worth most once the text is read: a title that only shares
    // stems with the phrase counts less than an abstract that says it.
    PickReason chosen;
    for (const Place& p : it->second.places) {
        if (!has(p.docs, docid)) continue;
        PickReason why;
        why.where = p.where;
        why.match = it->second.shown;
        double c = p.credit;
        if (const std::string* text = text_of(doc.record, p.where)) quote(it->second, *text, why, c);
        if (c > credit) credit = c, chosen = std::move(why);
    }
    if (credit > 0) {
        chosen.score = one_decimal(10.0 * credit);
        reasons.push_back(std::move(chosen));
    }
    return true;
}

Relevance TopicScorer::relevance(Xapian::docid docid, const StoredDoc& doc) const {
    Relevance r;
    const bool profiled = !company_.empty();
    const double company = profiled ? aboutness_share(company_.aboutness(db_, docid)) : 1.0;
    if (profiled) r.company = company;
    double best = 0;
    if (topic_.query_tree && has(query_docs_, docid)) {
        double coverage = 0;
        std::vector<PickReason> reasons;
        if (cover(*topic_.query_tree, docid, doc, coverage, reasons)) {
            r.reasons = std::move(reasons);
        } else {
            // Only filters (categories, dates): the paper is what was asked for.
            coverage = 1.0;
            r.reasons.push_back({"query", topic_.query, "", true, "", 10.0});
        }
        best = profiled ? 10.0 * company * (kCoverageFloor + (1.0 - kCoverageFloor) * coverage) : 10.0 * coverage;
    }
    for (const auto& [name, docs] : followed_)
        if (has(docs, docid)) {
            r.reasons.push_back({"followed", name, "", true, "", 10.0});
            best = std::max(best, 10.0 * (kFollowedFloor + (1.0 - kFollowedFloor) * company));
        }
    if (!liked_.empty()) {
        const double like =
            company_is_liked_ ? one_decimal(10.0 * company) : one_decimal(10.0 * aboutness_share(liked_.aboutness(db_, docid)));
        if (like >= 1.0) {
            r.reasons.push_back({"like", liked_ids_, "", true, liked_title_, like});
            best = std::max(best, like);
        }
    }
    if (profiled && !company_is_liked_) r.reasons.push_back({"company", "", "", true, "", one_decimal(10.0 * company)});
    r.score = one_decimal(best);
    return r;
}

double TopicScorer::similarity(Xapian::docid doc) const {
    auto it = liked_weight_.find(doc);
    return it == liked_weight_.end() ? 0.0 : it->second;
}

std::vector<Xapian::docid> TopicScorer::liked_papers_above(double min_score) const {
    std::vector<std::pair<double, Xapian::docid>> found;
    for (const auto& [doc, w] : liked_weight_) {
        const double score = one_decimal(10.0 * aboutness_share(liked_.aboutness(db_, doc)));
        if (score >= min_score && score > 0) found.emplace_back(w, doc);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<Xapian::docid> out;
    for (const auto& f : found) out.push_back(f.second);
    return out;
}

}  // namespace arxiv
