// JSON lines: format detection on the whole input, then every line through
// both line parsers (Kaggle snapshot and daily-arxiv), as the ingest driver
// would once it has chosen one, and every record through the indexing path
// (build_document). Neither parser may throw: a bad line is a skipped record.
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = arxiv::fuzz::view(data, size);
    arxiv::detect_format(text);
    const arxiv::ParseSink sink = arxiv::fuzz::indexing_sink();
    size_t pos = 0, line_no = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = text.substr(pos, nl - pos);
        ++line_no;
        arxiv::parse_kaggle_line(line, line_no, sink);
        arxiv::parse_daily_line(line, line_no, line_no % 2 ? "2026-06-15" : "", sink);
        pos = nl + 1;
    }
    return 0;
}
