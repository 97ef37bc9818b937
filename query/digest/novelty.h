// How unlike earlier work a digest's paper is: its likeness
// (query/search/like) to the nearest paper announced before the window,
// against its likeness to itself, turned into 0-10 — 10 for a paper nothing
// before it resembles, 0 for one that repeats an earlier paper — with that
// nearest earlier paper named as the reason.
#pragma once

#include <string>

#include <xapian.h>

namespace arxiv {

struct Novelty {
    double score = -1;          // 0-10, one decimal; -1: not measured (no words to compare by)
    double closeness = 0;       // the nearest earlier paper's likeness / the paper's own, 0-1
    std::string nearest_id;     // the nearest paper announced before the window ("" when none)
    std::string nearest_title;
};

// A nearest earlier paper this close (closeness) or closer scores 0; one
// kNoveltyFar or farther scores 10 (between: linear). Measured on the real
// corpus (docs/benchmarks.md, "Novelty"): ...
constexpr double kNoveltyNear = 0.6;
constexpr double kNoveltyFar = 0.15;

// The nearest earlier paper is found in two steps: the paper's
// kNoveltyProbeTerms strongest words find kNoveltyProbeDepth earlier papers,
// and the likeness query of all its words (kLikeTerms, as `arxiv-query
// --like ID` ranks) weighs only those. One search of the whole index with
// all 32 words was two thirds of a week's digest. Measured against it over
// the 1,538 distinct papers the six pooled sets' topics match
// (docs/benchmarks.md, "What scoring costs"): 16 words and 20 papers name
// the same nearest paper for 96.9% (the 275 shown: 96.0%; novelty differs
// by 0.008 on average, at most 1.2) at 48% of the cost; 12 and 20, 94.3%;
// 16 and 10, 95.6%; 20 and 10, 97.4% at 55%; 8 and 40, 91.3%.
constexpr size_t kNoveltyProbeTerms = 16;
constexpr unsigned kNoveltyProbeDepth = 20;

// `doc`'s novelty against the papers dated (latest version, else the
// announcement) before `start_day` (YYYYMMDD).
Novelty novelty_of(const Xapian::Database& db, Xapian::docid doc, const std::string& start_day);

// "7.5/10: nearest earlier 2505.24133 \"Title\" (closeness 0.31)"; "" when
// not measured.
std::string describe_novelty(const Novelty& n);

}  // namespace arxiv
