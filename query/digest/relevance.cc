#include "query/digest/relevance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/model/stored.h"
#include "common/schema/schema.h"
#include "common/text/text.h"
#include "query/lang/compile.h"
#include "query/lang/query_ast.h"
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

}  // namespace

Xapian::doccount like_anchor_rank(Xapian::doccount papers) {
    return std::clamp<Xapian::doccount>(papers / 5000, 1, kLikeAnchorRank);
}

namespace {

double one_decimal(double x) { return std::round(x * 10.0) / 10.0; }

std::string score_text(double x) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

}  // namespace

std::string describe_relevance(const Relevance& r) {
    std::string out = score_text(r.score) + "/10";
    std::string parts;
    auto add = [&](const std::string& part, const char* sep) { parts += (parts.empty() ? "" : sep) + part; };
    for (const PickReason& why : r.reasons) {
        if (why.where == "author") add("by " + why.match, "; ");
        else if (why.where == "followed") add("by " + why.match + " (followed)", "; ");
        else if (why.where == "like")
            add("like " + why.match + (why.detail.empty() ? "" : " \"" + clip_text(why.detail, 80) + "\"") + " (" +
                    score_text(why.score) + ")",
                "; ");
        else if (why.where == "query") add("matches the query", "; ");
        else add(why.match + " in the " + why.where, "; ");
    }
    return parts.empty() ? out : out + ": " + parts;
}

TopicScorer::TopicScorer(const DigestTopic& topic, const Xapian::Database& db, const ExpandOptions& expand,
                         const Xapian::Query& scope, std::vector<std::string>& notes)
    : topic_(topic) {
    if (topic.query_tree) {
        query_docs_ = docs_matching(db, compile_query(*topic.query_tree, expand).query, scope);
        add_concepts(*topic.query_tree, db, expand, scope);
    }
    for (const std::string& name : topic.authors) {
        auto leaf = QueryNode::leaf(QueryNode::Kind::Phrase, &schema::field("author"), name, 0);
        followed_.emplace_back(name, docs_matching(db, compile_query(*leaf, expand).query, scope));
    }
    const Xapian::doccount all = std::max<Xapian::doccount>(1, db.get_doccount());
    for (const std::string& id : topic.like) {
        const std::string id_term = schema::make_term(schema::field("id"), id);
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        if (p == db.postlist_end(id_term)) {
            notes.push_back("topic \"" + topic.name + "\": liked paper " + id +
                            " is not in the index, so nothing is matched against it");
            continue;
        }
        LikeQuery like;
        try {
            like = like_query(db, LikeRequest{{id}, ""});
        } catch (const LikeError& e) {
            notes.push_back("topic \"" + topic.name + "\": " + e.what());
            continue;
        }
        // The scale: the similarity of the liked paper's kLikeAnchorRank-th
        // nearest neighbour in the whole index. Its own score would be
        // ruled by the words only it uses (its method's name), and a
        // paper in a crowded field has closer neighbours than one in a
        // sparse field; its neighbours say what "close" means around it.
        Xapian::Enquire nearest(db);
        nearest.set_query(like.query);
        // A small index has fewer papers near any one: there the nearer
        // neighbours set the scale (see like_anchor_rank).
        const Xapian::MSet neighbours = nearest.get_mset(0, like_anchor_rank(db.get_doccount()));
        if (neighbours.empty() || neighbours[neighbours.size() - 1].get_weight() <= 0) continue;  // no words to compare by
        const double full = neighbours[neighbours.size() - 1].get_weight();
        const Xapian::Document liked_doc = db.get_document(*p);
        liked_.push_back({id, decode_stored(liked_doc.get_data()).record.title});
        Xapian::Enquire similar(db);
        similar.set_query(Xapian::Query(Xapian::Query::OP_FILTER, like.query, scope));
        const Xapian::MSet mset = similar.get_mset(0, all);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const double score = one_decimal(10.0 * std::min(1.0, it.get_weight() / full));
            Resemblance& best = resemblance_[*it];
            if (score > best.score || (score == best.score && it.get_weight() > best.weight))
                best = {score, it.get_weight(), liked_.size() - 1};
        }
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
    if (!c.places.empty()) concepts_.emplace(&node, std::move(c));
}

bool TopicScorer::cover(const QueryNode& node, Xapian::docid doc, double& credit,
                        std::vector<PickReason>& reasons) const {
    switch (node.kind) {
        case QueryNode::Kind::And: {
            double sum = 0;
            size_t counted = 0;
            for (const auto& child : node.children) {
                double c = 0;
                if (cover(*child, doc, c, reasons)) sum += c, ++counted;
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
                if (!cover(*child, doc, c, own)) continue;
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
    const Place* at = nullptr;
    for (const Place& p : it->second.places)
        if (p.credit > credit && has(p.docs, doc)) credit = p.credit, at = &p;
    if (at) reasons.push_back({at->where, it->second.shown, "", one_decimal(10.0 * credit)});
    return true;
}

Relevance TopicScorer::relevance(Xapian::docid doc) const {
    Relevance r;
    double best = 0;
    if (topic_.query_tree && has(query_docs_, doc)) {
        double credit = 0;
        std::vector<PickReason> reasons;
        if (cover(*topic_.query_tree, doc, credit, reasons)) {
            best = 10.0 * credit;
            r.reasons = std::move(reasons);
        } else {
            // Only filters (categories, dates): the paper is what was asked for.
            best = 10.0;
            r.reasons.push_back({"query", topic_.query, "", 10.0});
        }
    }
    for (const auto& [name, docs] : followed_)
        if (has(docs, doc)) {
            r.reasons.push_back({"followed", name, "", 10.0});
            best = 10.0;
        }
    if (auto it = resemblance_.find(doc); it != resemblance_.end() && it->second.score >= 1.0) {
        const Liked& liked = liked_[it->second.liked];
        r.reasons.push_back({"like", liked.id, liked.title, it->second.score});
        best = std::max(best, it->second.score);
    }
    r.score = one_decimal(best);
    return r;
}

double TopicScorer::similarity(Xapian::docid doc) const {
    auto it = resemblance_.find(doc);
    return it == resemblance_.end() ? 0.0 : it->second.weight;
}

std::vector<Xapian::docid> TopicScorer::liked_papers_above(double min_score) const {
    std::vector<std::pair<Resemblance, Xapian::docid>> found;
    for (const auto& [doc, r] : resemblance_)
        if (r.score >= min_score && r.score > 0) found.emplace_back(r, doc);
    // Scores stop at 10: the similarity orders those that reach it.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        if (a.first.score != b.first.score) return a.first.score > b.first.score;
        if (a.first.weight != b.first.weight) return a.first.weight > b.first.weight;
        return a.second < b.second;
    });
    std::vector<Xapian::docid> out;
    for (const auto& f : found) out.push_back(f.second);
    return out;
}

}  // namespace arxiv
