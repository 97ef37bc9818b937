#include "query/search/like.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "common/schema/schema.h"
#include "common/text/text.h"
#include "common/text/analyzer.h"
#include "common/util/normalize.h"

namespace arxiv {
namespace {

const std::string& title_prefix() {
    static const std::string p(schema::field("title").prefix);
    return p;
}
const std::string& abstract_prefix() {
    static const std::string p(schema::field("abstract").prefix);
    return p;
}

class TextTermsOnly : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        const std::string stem = text_stem(term);
        // One-letter words, numbers and measurements ("50x", "1.5m") say
        // little about a topic; "3d" and "gpt4" do.
        const auto digits = std::count_if(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; });
        return stem.size() > 1 && stem.find('.') == std::string::npos && 2 * static_cast<size_t>(digits) <= stem.size();
    }
};

// The strongest terms first, cut to kLikeTerms, weights relative to the first.
std::vector<LikeTerm> strongest(std::map<std::string, double>& weights) {
    std::vector<LikeTerm> terms;
    for (const auto& [t, w] : weights)
        if (w > 0) terms.push_back({t, w});
    std::sort(terms.begin(), terms.end(), [](const LikeTerm& a, const LikeTerm& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
    });
    if (terms.size() > kLikeTerms) terms.resize(kLikeTerms);
    if (!terms.empty()) {
        const double top = terms.front().weight;
        for (LikeTerm& t : terms) t.weight /= top;
    }
    return terms;
}

}  // namespace

std::string text_stem(const std::string& term) {
    for (const std::string* prefix : {&title_prefix(), &abstract_prefix()}) {
        if (term.size() > prefix->size() && term.compare(0, prefix->size(), *prefix) == 0) {
            const char c = term[prefix->size()];
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return term.substr(prefix->size());
        }
    }
    return "";
}

Xapian::Query like_terms_query(std::vector<LikeTerm>::const_iterator begin, std::vector<LikeTerm>::const_iterator end) {
    std::vector<Xapian::Query> parts;
    for (auto t = begin; t != end; ++t)
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(title_prefix() + t->term),
                                         Xapian::Query(abstract_prefix() + t->term)),
                           t->weight);
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

void add_like_ids(std::string_view list, std::vector<std::string>& ids) {
    for (std::string_view item : split_at(list, ',')) {
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
        if (!item.empty()) ids.emplace_back(item);
    }
}

LikeQuery like_query(const Xapian::Database& db, const LikeRequest& request) {
    std::map<std::string, double> weights;  // stem -> weight
    std::vector<Xapian::Query> given;        // the papers themselves, left out
    if (!request.ids.empty() || !request.docs.empty()) {
        Xapian::RSet rset;
        // Papers given by document id stay in the results: the caller
        // measures them too (how close a topic's own exemplars come).
        for (Xapian::docid d : request.docs) rset.add_document(d);
        for (const std::string& raw : request.ids) {
            auto id = parse_arxiv_id(raw);
            if (!id) throw LikeError(raw + ": not an arXiv id (e.g. 2503.14881 or hep-th/9901001)");
            const std::string q = schema::make_term(schema::field("id"), id->id);
            Xapian::PostingIterator p = db.postlist_begin(q);
            if (p == db.postlist_end(q)) throw LikeError(raw + ": paper " + id->id + " is not in the index");
            rset.add_document(*p);
            given.emplace_back(q);
        }
        Xapian::Enquire enquire(db);
        TextTermsOnly decider;
        // Exact term frequencies: over several databases (shards) Xapian
        // otherwise estimates them, and the terms would differ from one index's.
        Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(kLikeTerms * 3), rset,
                                             Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it) weights[text_stem(*it)] += it.get_weight();
    }
    if (!request.text.empty()) {
        std::map<std::string, int> counts;
        for (const std::string& t : analyze_terms(request.text, true)) ++counts[t];
        const double docs = std::max<double>(1, db.get_doccount());
        double total = 0;
        for (const auto& [t, n] : counts) {
            const double df = db.get_termfreq(title_prefix() + t) + db.get_termfreq(abstract_prefix() + t);
            if (df == 0 || t.size() < 2) continue;  // unknown to the index: says nothing here
            const double w = (1 + std::log(n)) * std::log(docs / df + 1);
            weights[t] += w;
            total += w;
        }
        if (total == 0 && request.ids.empty())
            throw LikeError("the text to match has no words the index knows");
    }
    LikeQuery out;
    out.terms = strongest(weights);
    out.query = like_terms_query(out.terms.begin(), out.terms.end());
    if (!given.empty())
        out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, out.query,
                                  Xapian::Query(Xapian::Query::OP_OR, given.begin(), given.end()));
    return out;
}

}  // namespace arxiv
