// The main() of a harness built without libFuzzer (the ordinary gcc build):
// feeds every input named on the command line to LLVMFuzzerTestOneInput,
// once each. A directory means every regular file below it, in name order.
// A crash or an abort in the harness is the failure; a path that does not
// exist or a directory without files is an error too, so a test can never
// pass by replaying nothing.
//
//   fuzz_query fuzz/seeds/fuzz_query fuzz/regressions/fuzz_query
//
// Options libFuzzer would take ("-runs=0", "-max_len=...") are ignored, so
// the same command line works for both builds.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {

bool read_file(const fs::path& path, std::vector<uint8_t>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (!arg.empty() && arg[0] == '-') continue;  // a libFuzzer flag
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::recursive_directory_iterator(arg, ec))
                if (entry.is_regular_file()) files.push_back(entry.path());
            if (ec) {
                std::fprintf(stderr, "replay: cannot list %s: %s\n", arg.c_str(), ec.message().c_str());
                return 2;
            }
            if (files.empty()) {
                std::fprintf(stderr, "replay: %s holds no files\n", arg.c_str());
                return 2;
            }
            std::sort(files.begin(), files.end());
            inputs.insert(inputs.end(), files.begin(), files.end());
        } else if (fs::is_regular_file(arg, ec)) {
            inputs.emplace_back(arg);
        } else {
            std::fprintf(stderr, "replay: %s: no such file or directory\n", arg.c_str());
            return 2;
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: %s FILE_OR_DIRECTORY...\n", argc ? argv[0] : "replay");
        return 2;
    }
    std::vector<uint8_t> data;
    for (const fs::path& p : inputs) {
        if (!read_file(p, data)) {
            std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
            return 2;
        }
        // Named before it runs, so a crash shows which input it was.
        std::fprintf(stderr, "replay: %s (%zu bytes)\n", p.c_str(), data.size());
        // A copy of exactly the input's size, so that a read past the end is
        // caught by the sanitizers as it would be under libFuzzer.
        std::vector<uint8_t> copy(data.begin(), data.end());
        LLVMFuzzerTestOneInput(copy.empty() ? nullptr : copy.data(), copy.size());
    }
    std::printf("replay: %zu inputs, no findings\n", inputs.size());
    return 0;
}
