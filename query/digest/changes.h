// What a new version changed in a title or abstract, at the level of words:
// enough for a reader to tell a typo fix from a rewritten abstract
// ("title: "(first version)" → "(second version)"; abstract +14/−3 words").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

// One place where consecutive words were replaced, removed or inserted.
struct WordHunk {
    std::string removed;  // the old words ("" for a pure insertion)
    std::string added;    // the new words ("" for a pure deletion)
};

struct TextChange {
    size_t words_before = 0, words_after = 0;
    size_t removed = 0, added = 0;  // words
    std::vector<WordHunk> hunks;    // in text order
    bool changed() const { return removed || added; }
};

// Word-level difference (words are whitespace-separated, punctuation stays
// attached). Exact for texts of abstract size; for very long texts only the
// common beginning and end are matched and the middle is one hunk.
TextChange diff_words(std::string_view before, std::string_view after);

// `"original" → "revised"; +"new words"; −"gone"` for the first `max_hunks`
// hunks, then "; … 3 more changes". Long hunks are shortened with "…".
std::string describe_hunks(const TextChange& change, size_t max_hunks = 3);

// "minor" when at most 5% of the words changed (a typo fix, a reworded
// sentence), else "major".
std::string change_size(const TextChange& title, const TextChange& abstract);

}  // namespace arxiv
