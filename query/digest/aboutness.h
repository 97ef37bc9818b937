// How much of a paper is about a topic, judged by the company its words
// keep: a language model of the topic's profile (the papers that stand for
// the topic outside the window, or the liked papers) against the whole
// index.
//
// Every word of the paper's title and abstract (each occurrence, stemmed)
// counts
//     log(kProfileMix + (1 - kProfileMix) * p_profile(w) / p_index(w)),
// the log-ratio of a half-profile, half-index model to the index alone, and
// the paper's aboutness is the mean over its words: about 0 for a paper that
// reads like the index at large, log(kProfileMix) = -0.69 for one that
// shares no word with the profile, above 0 for one whose words are the
// topic's. Because it is a mean over the paper's own words, a paper that
// uses the topic's word in passing while the rest of it is about
// echocardiograms or aphids scores low, whatever sense the word had
// ("self-supervised" denoising of plasma images, "pruning" the views of a
// structure-from-motion graph); a paper that is about the topic uses many
// of its words (attention, heads, softmax, sequence length; bits, weights,
// calibration, LLMs).
//
// Measured on the blind-graded tune sets (docs/benchmarks.md, "Digest
// scoring"): over the 369 graded candidates Spearman's rho with the grade is
// 0.71 for aboutness, against 0.56 for the BM25 likeness to the same profile
// that it replaces and 0.05 for the share of the profile's papers in the
// paper's category (which it therefore no longer uses).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace arxiv {

// The profile's share of the mixture (Jelinek-Mercer smoothing). On the
// tune sets, Spearman over the picks / over the graded candidates, and the
// top third of the picks on topic: 0.3: 0.65 / 0.68, 0.98; 0.5: 0.67 /
// 0.71, 0.98; 0.7: 0.64 / 0.73, 0.97; 0.9: 0.60 / 0.71, 0.95. A fixed share
// rather than a Dirichlet prior keeps a four-paper liked profile and a
// sixty-paper one on one scale.
constexpr double kProfileMix = 0.5;

class WordProfile {
public:
    WordProfile() = default;
    // The words of `papers`' titles and abstracts.
    WordProfile(const Xapian::Database& db, const std::vector<Xapian::docid>& papers);

    bool empty() const { return gain_.empty(); }

    // The mean log-ratio over the words of `doc`'s title and abstract;
    // log(kProfileMix) for a paper without any.
    double aboutness(const Xapian::Database& db, Xapian::docid doc) const;

private:
    std::unordered_map<std::string, double> gain_;  // stem -> its log-ratio; absent: log(kProfileMix)
};

// Aboutness as a share 0-1 that means the same in every topic: half the
// grade (0 off topic, 1 related, 2 on topic) that blind graders gave, on
// average, to papers of that aboutness —
//     (sigmoid((a - kRelatedAt) / kRelatedWidth) + sigmoid((a - kOnTopicAt) / kOnTopicWidth)) / 2,
// the first term the chance of grade 1 or more, the second of grade 2.
// Fit by maximum likelihood to the 369 graded candidates of the tune sets
// (docs/benchmarks.md); the midpoints came out alike topic by topic (grade
// 1 or more: -0.035 model architecture, 0.0 compression, -0.02 HPC, -0.035
// representation learning, -0.015 VLA), which is what lets one curve serve
// every topic. On the held-out sets, every pick graded, the picks scoring
// 4-6 got a mean grade of 0.94, those scoring 8-10 1.84
// (`digest_judge.py calibration`).
constexpr double kRelatedAt = -0.03;
constexpr double kRelatedWidth = 0.045;
constexpr double kOnTopicAt = 0.085;
constexpr double kOnTopicWidth = 0.065;
double aboutness_share(double aboutness);

}  // namespace arxiv
