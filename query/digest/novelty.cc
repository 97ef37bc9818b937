#include "query/digest/novelty.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "common/model/stored.h"
#include "common/schema/schema.h"
#include "common/text/text.h"
#include "query/digest/digest.h"
#include "query/digest/relevance.h"
#include "query/lang/compile.h"
#include "query/search/like.h"

namespace arxiv {

Novelty novelty_of(const Xapian::Database& db, Xapian::docid doc, const std::string& start_day) {
    Novelty n;
    LikeRequest request;
    request.docs = {doc};
    const LikeQuery like = like_query(db, request);
    if (like.terms.empty()) return n;
    const Record self = decode_stored(db.get_document(doc).get_data()).record;
    const Xapian::Query itself(schema::make_term(schema::field("id"), self.id));
    Xapian::Enquire own(db);
    own.set_query(Xapian::Query(Xapian::Query::OP_FILTER, like.query, itself));
    const Xapian::MSet own_mset = own.get_mset(0, 1);
    if (own_mset.empty() || own_mset[0].get_weight() <= 0) return n;
    const double own_weight = own_mset[0].get_weight();
    // The papers before the window, the paper itself left out.
    // (As month and year terms, a value range only inside the first month:
    // a value range alone reads the slot of every candidate.)
    const Xapian::Query not_earlier(Xapian::Query::OP_OR, date_range_query(schema::field("updated"), start_day, ""),
                                    itself);
    Xapian::Query earlier(Xapian::Query::OP_AND_NOT, like.query, not_earlier);
    if (like.terms.size() > kNoveltyProbeTerms) {
        // Its strongest words find the candidates; all its words rank only
        // those (their weights are the same as in the whole index).
        Xapian::Enquire probe(db);
        probe.set_query(Xapian::Query(
            Xapian::Query::OP_AND_NOT,
            like_terms_query(like.terms.begin(), like.terms.begin() + static_cast<long>(kNoveltyProbeTerms)),
            not_earlier));
        const Xapian::MSet found = probe.get_mset(0, kNoveltyProbeDepth);
        std::vector<Xapian::Query> ids;
        const std::string id_prefix(schema::field("id").prefix);
        for (auto it = found.begin(); it != found.end(); ++it) {
            Xapian::TermIterator t = db.termlist_begin(*it);
            t.skip_to(id_prefix);
            if (t != db.termlist_end(*it) && (*t).compare(0, id_prefix.size(), id_prefix) == 0) ids.emplace_back(*t);
        }
        earlier = Xapian::Query(Xapian::Query::OP_FILTER, like.query,
                                Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
    }
    Xapian::Enquire nearest_earlier(db);
    nearest_earlier.set_query(earlier);
    const Xapian::MSet mset = nearest_earlier.get_mset(0, 1);
    if (!mset.empty()) {
        n.closeness = std::min(1.0, mset[0].get_weight() / own_weight);
        const Record nearest = decode_stored(mset[0].get_document().get_data()).record;
        n.nearest_id = nearest.id;
        n.nearest_title = nearest.title;
    }
    const double x = (kNoveltyNear - n.closeness) / (kNoveltyNear - kNoveltyFar);
    n.score = std::round(100.0 * std::clamp(x, 0.0, 1.0)) / 10.0;
    return n;
}

std::string describe_novelty(const Novelty& n) {
    if (n.score < 0) return "";
    std::string out = score_text(n.score) + "/10";
    char buf[16];
    if (n.nearest_id.empty()) return out + ": nothing earlier resembles it";
    std::snprintf(buf, sizeof buf, "%.2f", n.closeness);
    return out + ": nearest earlier " + n.nearest_id + " \"" + clip_text(n.nearest_title, 80) + "\" (closeness " +
           buf + ")";
}

void measure_novelty(DigestResult& digest, const Xapian::Database& db) {
    const std::string start = digest.window.start_day();
    std::map<Xapian::docid, Novelty> measured;
    for (TopicResult& t : digest.topics)
        for (DigestEntry& e : t.entries) {
            auto [it, fresh] = measured.try_emplace(e.hit.docid);
            if (fresh) it->second = novelty_of(db, e.hit.docid, start);
            e.novelty = it->second;
        }
}

}  // namespace arxiv
