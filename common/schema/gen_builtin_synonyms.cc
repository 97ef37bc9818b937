// Build-time tool: analyses data/synonyms.txt with the same code as a user's
// synonym file (parse_synonym_file) and writes the groups, terms included,
// as a C++ table that synonyms.cc compiles in. Analysing the ~150 built-in
// forms at run time cost every arxiv-query start ~0.7 ms (a quarter of a
// one-shot query that fails fast); now the programs only read the table.
//
// usage: gen_builtin_synonyms data/synonyms.txt OUT.inc
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/schema/synonym_file.h"

namespace {

// A C++ string literal; octal escapes have a fixed length, so a digit after
// one cannot extend it.
std::string literal(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03o", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "\n") + p;
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: gen_builtin_synonyms SYNONYMS.txt OUT.inc\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << argv[1] << ": cannot read\n";
        return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<arxiv::SynonymGroup> groups;
    try {
        groups = arxiv::parse_synonym_file(text.str(), "data/synonyms.txt");
    } catch (const arxiv::SynonymFileError& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    std::ostringstream out;
    out << "// Generated at build time from data/synonyms.txt by gen_builtin_synonyms; do not edit.\n"
        << "// Forms and their analysed terms, one per line of each string.\n"
        << "constexpr BuiltinSynonymGroup kBuiltinSynonymGroups[] = {\n";
    for (const arxiv::SynonymGroup& g : groups)
        out << "    {" << literal(joined(g.forms)) << ", " << literal(joined(g.terms)) << ", "
            << literal(g.origin) << "},\n";
    out << "};\n";
    std::ofstream file(argv[2]);
    file << out.str();
    if (!file.flush()) {
        std::cerr << argv[2] << ": cannot write\n";
        return 1;
    }
    return 0;
}
