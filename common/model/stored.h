// What each index document stores besides its terms: the full record for
// output, plus bookkeeping the digest needs (when the paper first entered the
// index, and what a newer version replaced). Stored as compact JSON in the
// document data, so queries never re-read sources.
#pragma once

#include <string>

#include "common/model/record.h"

namespace arxiv {

struct StoredDoc {
    Record record;
    std::string first_indexed;  // UTC "YYYY-MM-DDThh:mm:ssZ"
    std::string last_changed;   // when version, title or abstract last changed
    // Set when a newer version replaced a different title/abstract.
    int previous_version = 0;
    std::string previous_title;
    std::string previous_abstract;
};

std::string encode_stored(const StoredDoc& doc);

// Throws std::runtime_error if the data is not a stored record.
StoredDoc decode_stored(const std::string& data);

}  // namespace arxiv
