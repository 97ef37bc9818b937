#include "indexer/status.h"

#include <filesystem>
#include <ostream>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/exit_codes.h"
#include "common/schema.h"
#include "indexer/harvest_state.h"

namespace arxiv {

int print_status(const std::string& db_path, std::ostream& out, std::ostream& err) {
    namespace fs = std::filesystem;
    Xapian::Database db;
    try {
        db = Xapian::Database(db_path);
    } catch (const Xapian::Error& e) {
        err << "arxiv-index: error: no readable index at " << db_path << " (" << e.get_msg()
            << "); create one with: arxiv-index --db " << db_path << " add FILE...\n";
        return exit_code::kDatabase;
    }
    std::uintmax_t bytes = 0;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(db_path, ec))
        if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
    out << "index:      " << db_path << "\n";
    out << "documents:  " << db.get_doccount() << "\n";
    out << "size:       " << (bytes + 512 * 1024) / (1024 * 1024) << " MiB\n";
    out << "revision:   " << db.get_revision() << "\n";
    const std::string schema_version = db.get_metadata(std::string(schema::kSchemaVersionKey));
    out << "schema:     " << (schema_version.empty() ? "1" : schema_version);
    if (db.get_doccount() > 0 && schema_version != schema::kSchemaVersion)
        out << " (older than this arxiv-index's " << schema::kSchemaVersion << ": run arxiv-index upgrade)";
    out << "\n";

    // Per-source harvest state (OAI-PMH) and API fetches.
    for (auto it = db.metadata_keys_begin(kHarvestKeyPrefix); it != db.metadata_keys_end(kHarvestKeyPrefix); ++it) {
        nlohmann::json s = nlohmann::json::parse(db.get_metadata(*it), nullptr, false);
        if (!s.is_object()) continue;
        out << "harvest " << (*it).substr(std::string(kHarvestKeyPrefix).size()) << "\n";
        out << "  last success:   " << s.value("last_success", "never") << "\n";
        out << "  next from:      " << (s.value("next_from", "").empty() ? "(full harvest)" : s.value("next_from", "")) << "\n";
        if (!s.value("token", "").empty())
            out << "  in progress:    interrupted after page " << s.value("pages", 0L) << " ("
                << s.value("received", 0L) << " records); the next run resumes it\n";
        if (!s.value("last_error", "").empty()) out << "  last error:     " << s.value("last_error", "") << "\n";
    }
    for (auto it = db.metadata_keys_begin(kFetchKeyPrefix); it != db.metadata_keys_end(kFetchKeyPrefix); ++it) {
        nlohmann::json s = nlohmann::json::parse(db.get_metadata(*it), nullptr, false);
        if (!s.is_object()) continue;
        out << "fetch " << (*it).substr(std::string(kFetchKeyPrefix).size()) << "\n";
        out << "  last success:   " << s.value("last_success", "never") << "\n";
        if (!s.value("last_error", "").empty()) out << "  last error:     " << s.value("last_error", "") << "\n";
    }
    return exit_code::kOk;
}

}  // namespace arxiv
