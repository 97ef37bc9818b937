// Small helpers the digest modules share: "did you mean" suggestions for
// misspelt keys and fields, slugs for file names and feed ids, and atomic
// file writes. Dates and times: common/util/dates.h.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv::digest_util {

// The candidate closest to `word` by edit distance, if it is close enough to
// be a plausible typo; empty otherwise.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// Lower-case ASCII letters and digits joined by '-': "KV cache (2.0)" ->
// "kv-cache-2-0". Empty input gives "digest".
std::string slug(std::string_view text);

// Writes `content` to `path` through a temporary file in the same directory
// that is renamed over `path` only once it is complete and synced, so a
// reader (or a crash) never sees half a file. Throws std::runtime_error
// naming the path and the reason. The directory must exist. A symbolic
// link is followed; what is not a regular file (/dev/null, /dev/stdout, a
// named pipe) is written in place, never replaced.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace arxiv::digest_util
