#include "indexer/status.h"

#include <filesystem>
#include <ostream>

#include <xapian.h>

#include "common/exit_codes.h"

namespace arxiv {

int print_status(const std::string& db_path, std::ostream& out, std::ostream& err) {
    namespace fs = std::filesystem;
    Xapian::Database db;
    try {
        db = Xapian::Database(db_path);
    } catch (const Xapian::Error& e) {
        err << "arxiv-index: error: no readable index at " << db_path << " ("
            << e.get_msg() << "); create one with: arxiv-index --db " << db_path << " add FILE...\n";
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
    out << "uuid:       " << db.get_uuid() << "\n";
    for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it)
        out << "meta " << *it << ": " << db.get_metadata(*it) << "\n";
    return exit_code::kOk;
}

}  // namespace arxiv
