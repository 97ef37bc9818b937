#include "query/digest/aboutness.h"

#include <algorithm>
#include <cmath>

#include "common/schema/schema.h"
#include "query/search/like.h"

namespace arxiv {

WordProfile::WordProfile(const Xapian::Database& db, const std::vector<Xapian::docid>& papers) {
    std::unordered_map<std::string, double> count;
    double words = 0;
    for (Xapian::docid d : papers)
        for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t) {
            std::string stem = text_stem(*t);
            if (stem.empty()) continue;
            count[std::move(stem)] += t.get_wdf();
            words += t.get_wdf();
        }
    // Against the rest of the index, the profile's papers left out: in an
    // index not much larger than the profile (a new one, a test's) the
    // topic's words would otherwise look common because the profile itself
    // uses them. One more occurrence each keeps a word only the profile
    // uses finite.
    const double rest_words = static_cast<double>(db.get_total_length()) - words + 1.0;
    if (words <= 0 || rest_words <= 0) return;
    const std::string title(schema::field("title").prefix), abstract(schema::field("abstract").prefix);
    for (const auto& [stem, n] : count) {
        const double in_index =
            static_cast<double>(db.get_collection_freq(title + stem) + db.get_collection_freq(abstract + stem));
        const double in_rest = std::max(0.0, in_index - n) + 1.0;
        const double ratio = (n / words) / (in_rest / rest_words);
        gain_.emplace(stem, std::log(kProfileMix + (1.0 - kProfileMix) * ratio));
    }
}

double WordProfile::aboutness(const Xapian::Database& db, Xapian::docid doc) const {
    const double absent = std::log(kProfileMix);
    double sum = 0, words = 0;
    for (auto t = db.termlist_begin(doc); t != db.termlist_end(doc); ++t) {
        const std::string stem = text_stem(*t);
        if (stem.empty()) continue;
        const auto it = gain_.find(stem);
        sum += t.get_wdf() * (it == gain_.end() ? absent : it->second);
        words += t.get_wdf();
    }
    return words > 0 ? sum / words : absent;
}

double aboutness_share(double a) {
    auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
    return (sigmoid((a - kRelatedAt) / kRelatedWidth) + sigmoid((a - kOnTopicAt) / kOnTopicWidth)) / 2.0;
}

}  // namespace arxiv
