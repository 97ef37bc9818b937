#include "indexer/report/open_index.h"

namespace arxiv {

std::optional<Xapian::Database> open_for_report(const std::string& db_path, std::ostream& err,
                                                const std::string& hint) {
    try {
        return Xapian::Database(db_path);
    } catch (const Xapian::Error& e) {
        err << "arxiv-index: error: no readable index at " << db_path << " (" << e.get_msg() << ")" << hint << "\n";
        return std::nullopt;
    }
}

}  // namespace arxiv
