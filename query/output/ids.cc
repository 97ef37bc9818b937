// ids: one canonical versionless identifier per line, for piping.
#include "query/output/formatter.h"

namespace arxiv {
namespace {

class IdsFormatter : public Formatter {
public:
    bool shows_total() const override { return false; }
    explicit IdsFormatter(std::ostream& out) : out_(out) {}
    void begin(const ResultInfo&) override {}
    void hit(const Hit& hit) override { out_ << hit.doc.record.id << '\n'; }
    void end(const ResultInfo&) override { out_.flush(); }

private:
    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Formatter> make_ids_formatter(std::ostream& out, const OutputOptions&) {
    return std::make_unique<IdsFormatter>(out);
}

}  // namespace arxiv
