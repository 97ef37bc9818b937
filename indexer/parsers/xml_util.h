// XML helpers shared by the Atom and OAI-PMH parsers: namespace-blind element
// lookup, text extraction, and the raw-text record scanner used to recover
// the good records of a document pugixml cannot parse as a whole.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace arxiv::xml_util {

// "arxiv:primary_category" -> "primary_category".
std::string_view local_name(const char* qualified);
bool is(const pugi::xml_node& node, std::string_view local);

// First element child with that local name (any prefix); empty node if none.
pugi::xml_node child(const pugi::xml_node& parent, std::string_view local);
std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view local);
// Attribute by local name (ignoring a prefix).
pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view local);

// All character data below `node` (text and CDATA, entities decoded once by
// pugixml), concatenated, repaired to valid UTF-8. Whitespace untouched.
std::string text(const pugi::xml_node& node);
// text() of the first child with that local name; empty if absent.
std::string child_text(const pugi::xml_node& parent, std::string_view local);

// Most markup ('<') one document may hold: bounds the memory of its tree.
constexpr size_t kMaxXmlElements = 4'000'000;

// Parses a buffer (UTF-8, optional BOM) into `doc`. A document with more
// than kMaxXmlElements tags is not parsed: the result then fails with
// status_out_of_memory, and the parsers read it record by record.
pugi::xml_parse_result load(pugi::xml_document& doc, std::string_view xml);
// What went wrong, for messages (problem() of a failed result).
std::string problem(const pugi::xml_parse_result& result);

// Byte offset of an element's start tag '<' in the buffer it was parsed
// from; npos if unknown.
size_t start_offset(const pugi::xml_node& node);

// Local name of the document element found by scanning the raw text (after
// the XML declaration, comments, DOCTYPE); empty if there is none.
std::string root_local_name(std::string_view xml);

// Raw-text span of one element, found without parsing the document.
struct Chunk {
    size_t begin = 0;     // offset of '<' of the start tag
    size_t end = 0;       // one past the end tag's '>' (or where the chunk was cut off)
    bool closed = false;  // its end tag was found before the next start tag / EOF
};
// Every element with this local name: from its start tag to its end tag; an
// element whose end tag is missing runs to the next such start tag or to the
// end of the input. Comments, CDATA and processing instructions are skipped.
std::vector<Chunk> find_chunks(std::string_view xml, std::string_view local);

// A chunk parsed on its own.
struct ParsedChunk {
    std::unique_ptr<pugi::xml_document> doc;
    pugi::xml_parse_result result;
    pugi::xml_node element() const { return doc->document_element(); }
};
ParsedChunk parse_chunk(std::string_view xml, const Chunk& chunk);

}  // namespace arxiv::xml_util
