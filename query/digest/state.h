// Per-digest state: when the digest last ran, so that the next run can cover
// exactly what is new since. One small JSON file per configuration under
// $XDG_STATE_HOME/arxiv-search/digests/ (default ~/.local/state/...), named
// after the configuration's absolute path. Written atomically, and only after
// the digest itself was written.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace arxiv {

// The state directory cannot be found, or a state file cannot be read.
class DigestStateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct DigestState {
    std::string last_run;     // "YYYY-MM-DDThh:mm:ssZ": when the last run started
    std::string config;       // absolute path of the configuration
    std::string title;        // for people reading the file
    std::uint64_t papers = 0; // papers the last run reported
    // Papers the last run's view of the index held with a first-indexed or
    // changed time equal to last_run. Times have one-second resolution: an
    // indexer starting in that same second stamps its papers with it too,
    // and the next run must list those of them the last run did not see.
    std::vector<std::string> seen_at_last_run;
};

// $XDG_STATE_HOME/arxiv-search/digests, else ~/.local/state/arxiv-search/digests.
// Throws DigestStateError when neither variable gives an absolute path.
std::string digest_state_dir();

// Absolute form of a configuration path: the key of its state.
std::string digest_config_key(const std::string& config_path);

// <state dir>/<config file stem>-<hash of the absolute path>.json
std::string digest_state_path(const std::string& config_path);

// nullopt when there is no state yet. Throws DigestStateError when the file
// exists but cannot be read or is not a state file.
std::optional<DigestState> load_digest_state(const std::string& path);

// Creates the directory if needed; atomic. Throws std::runtime_error.
void save_digest_state(const std::string& path, const DigestState& state);

}  // namespace arxiv
