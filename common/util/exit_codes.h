// Exit codes, documented in the README. The query tool follows grep: 0 some
// results, 1 none. The indexer: 0 clean run, 1 finished but skipped records
// or failed inputs.
#pragma once

namespace arxiv::exit_code {

constexpr int kOk = 0;
constexpr int kNoResults = 1;      // arxiv-query: nothing matched
constexpr int kPartial = 1;        // arxiv-index: finished, but something was skipped
constexpr int kUsage = 2;          // bad flags, bad query syntax
constexpr int kDatabase = 3;       // index missing, unreadable or not writable
constexpr int kLocked = 4;         // arxiv-index: another writer holds the index
constexpr int kStoppedEarly = 5;   // arxiv-index harvest/fetch: network/server/protocol failure
constexpr int kInternal = 70;      // an internal error or out of memory (sysexits' EX_SOFTWARE)
constexpr int kInterrupted = 130;  // SIGINT

}  // namespace arxiv::exit_code
