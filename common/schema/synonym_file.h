// Reading a synonym file: one group per line, forms separated by '|', each
// form analysed like the index (common/text/analyzer). Its own file because
// the build also runs it (gen_builtin_synonyms.cc) to analyse the built-in
// data/synonyms.txt once, at build time, instead of at every query start.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace arxiv {

// A synonym file line that cannot be read: "FILE:LINE: message".
class SynonymFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SynonymGroup {
    std::vector<std::string> forms;  // as written in the file
    std::vector<std::string> terms;  // each form's terms, space-separated (analysed, stemmed)
    std::string origin;              // "data/synonyms.txt:12", "/home/me/.config/arxiv-search/synonyms.txt:3"
};

// The groups of one file's text; `origin` names the file in origins and
// errors. Throws SynonymFileError for a malformed line.
std::vector<SynonymGroup> parse_synonym_file(std::string_view text, const std::string& origin);

}  // namespace arxiv
