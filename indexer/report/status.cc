#include "indexer/report/status.h"

#include <filesystem>
#include <ostream>

#include <xapian.h>

#include "common/schema/schema.h"
#include "common/util/exit_codes.h"
#include "indexer/report/open_index.h"
#include "indexer/store/harvest_state.h"
#include "indexer/store/index_writer.h"

namespace arxiv {

int print_status(const std::string& db_path, std::ostream& out, std::ostream& err) {
    namespace fs = std::filesystem;
    std::optional<Xapian::Database> opened =
        open_for_report(db_path, err, "; create one with: arxiv-index --db " + db_path + " add FILE...");
    if (!opened) return exit_code::kDatabase;
    Xapian::Database& db = *opened;
    std::uintmax_t bytes = 0;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(db_path, ec))
        if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
    out << "index:      " << db_path << "\n";
    out << "documents:  " << db.get_doccount() << "\n";
    out << "size:       " << (bytes + 512 * 1024) / (1024 * 1024) << " MiB\n";
    // A sharded index: each shard's papers and revision. Any other stub
    // (a replica, remote shards) has a revision when it names one database.
    std::vector<std::string> shards;
    try {
        shards = shard_paths(db_path);
    } catch (const IndexLayoutError&) {
    }
    if (shards.size() > 1) {
        out << "shards:     " << shards.size() << " (papers / revision:";
        for (size_t k = 0; k < shards.size(); ++k) {
            Xapian::Database shard(shards[k]);
            out << (k ? ", " : " ") << shard.get_doccount() << " / " << shard.get_revision();
        }
        out << ")\n";
    } else {
        try {
            const Xapian::rev revision = db.get_revision();
            out << "revision:   " << revision << "\n";
        } catch (const Xapian::InvalidOperationError&) {  // several databases
        }
    }
    const std::string schema_version = db.get_metadata(std::string(schema::kSchemaVersionKey));
    out << "schema:     " << (schema_version.empty() ? "1" : schema_version);
    if (db.get_doccount() > 0 && schema_version != schema::kSchemaVersion)
        out << " (older than this arxiv-index's " << schema::kSchemaVersion << ": run arxiv-index upgrade)";
    out << "\n";

    // Per-source harvest state (OAI-PMH) and API fetches.
    for (auto it = db.metadata_keys_begin(kHarvestKeyPrefix); it != db.metadata_keys_end(kHarvestKeyPrefix); ++it) {
        const std::string key = (*it).substr(std::string(kHarvestKeyPrefix).size());
        const HarvestState s = HarvestState::parse(db.get_metadata(*it));
        out << "harvest " << key << "\n";
        out << "  last success:   " << (s.last_success.empty() ? "never" : s.last_success) << "\n";
        if (!s.is_backfill(key)) {
            out << "  next from:      " << (s.next_from().empty() ? "(full harvest)" : s.next_from()) << "\n";
            if (!s.covered.empty()) out << "  harvested:      " << describe_windows(s.covered) << "\n";
            for (const DayRange& hole : s.holes())
                out << "  not harvested:  " << hole.from << ".." << hole.until
                    << " (the next run without --from fetches it)\n";
        }
        if (!s.token.empty())
            out << "  in progress:    interrupted after page " << s.pages << " (" << s.received
                << " records); the next run resumes it\n";
        if (!s.last_error.empty()) out << "  last error:     " << s.last_error << "\n";
    }
    for (auto it = db.metadata_keys_begin(kFetchKeyPrefix); it != db.metadata_keys_end(kFetchKeyPrefix); ++it) {
        const FetchState s = FetchState::parse(db.get_metadata(*it));
        out << "fetch " << (*it).substr(std::string(kFetchKeyPrefix).size()) << "\n";
        out << "  last success:   " << (s.last_success.empty() ? "never" : s.last_success) << "\n";
        if (!s.last_error.empty()) out << "  last error:     " << s.last_error << "\n";
    }
    return exit_code::kOk;
}

}  // namespace arxiv
