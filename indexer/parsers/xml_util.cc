#include "indexer/parsers/xml_util.h"

#include <algorithm>
#include <cstring>


#include "common/text/text.h"

namespace arxiv::xml_util {

std::string_view local_name(const char* qualified) {
    std::string_view name(qualified ? qualified : "");
    size_t colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is(const pugi::xml_node& node, std::string_view local) {
    return node.type() == pugi::node_element && local_name(node.name()) == local;
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view local) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (is(c, local)) return c;
    return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view local) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (is(c, local)) out.push_back(c);
    return out;
}

pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view local) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
        if (local_name(a.name()) == local) return a;
    return {};
}

namespace {
// Depth-first over the subtree without recursion: a hostile field nesting
// elements 150,000 deep must not exhaust the stack.
void collect_text(const pugi::xml_node& root, std::string& out) {
    pugi::xml_node c = root.first_child();
    while (c) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            out += c.value();
        } else if (c.type() == pugi::node_element && c.first_child()) {
            c = c.first_child();
            continue;
        }
        while (!c.next_sibling()) {
            c = c.parent();
            if (c == root) return;
        }
        c = c.next_sibling();
    }
}
}  // namespace

std::string text(const pugi::xml_node& node) {
    if (!node) return "";
    std::string out;
    collect_text(node, out);
    return valid_utf8(out);
}

std::string child_text(const pugi::xml_node& parent, std::string_view local) {
    return text(child(parent, local));
}

pugi::xml_parse_result load(pugi::xml_document& doc, std::string_view xml) {
    // pugixml's tree costs some 40-60 bytes a node: 26 million empty
    // elements in 100 MB took 1.8 GB. arXiv's largest pages have a few
    // hundred thousand.
    if (static_cast<size_t>(std::count(xml.begin(), xml.end(), '<')) > kMaxXmlElements) {
        pugi::xml_parse_result too_big;
        too_big.status = pugi::status_out_of_memory;
        too_big.offset = 0;
        return too_big;
    }
    return doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
}

std::string problem(const pugi::xml_parse_result& result) {
    if (result.status == pugi::status_out_of_memory)
        return "too large to read whole (more than " + std::to_string(kMaxXmlElements) +
               " elements, or out of memory); read record by record";
    return result.description();
}

size_t start_offset(const pugi::xml_node& node) {
    ptrdiff_t off = node.offset_debug();  // offset of the element's name
    if (off <= 0) return std::string_view::npos;
    return static_cast<size_t>(off - 1);
}

namespace {

bool name_char(char c) {
    return !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>' || c == '<' ||
             c == '=' || c == '"' || c == '\'');
}

// One tag of the raw text.
struct Tag {
    size_t begin = 0, end = 0;  // '<' .. one past '>'
    std::string_view name;      // qualified name
    bool closing = false;       // </name>
    bool empty = false;         // <name/>
};

// Finds the next start or end tag at or after `pos`, skipping comments,
// CDATA sections, processing instructions and declarations. False at EOF.
bool next_tag(std::string_view s, size_t& pos, Tag& tag) {
    while ((pos = s.find('<', pos)) != std::string_view::npos) {
        if (s.compare(pos, 4, "<!--") == 0) {
            size_t e = s.find("-->", pos + 4);
            pos = e == std::string_view::npos ? s.size() : e + 3;
            continue;
        }
        if (s.compare(pos, 9, "<![CDATA[") == 0) {
            size_t e = s.find("]]>", pos + 9);
            pos = e == std::string_view::npos ? s.size() : e + 3;
            continue;
        }
        if (s.compare(pos, 2, "<?") == 0) {
            size_t e = s.find("?>", pos + 2);
            pos = e == std::string_view::npos ? s.size() : e + 2;
            continue;
        }
        if (s.compare(pos, 2, "<!") == 0) {
            size_t e = s.find('>', pos + 2);
            pos = e == std::string_view::npos ? s.size() : e + 1;
            continue;
        }
        tag = Tag{};
        tag.begin = pos;
        size_t i = pos + 1;
        if (i < s.size() && s[i] == '/') {
            tag.closing = true;
            ++i;
        }
        size_t name_start = i;
        while (i < s.size() && name_char(s[i])) ++i;
        tag.name = s.substr(name_start, i - name_start);
        if (tag.name.empty()) {  // a stray '<'
            pos = pos + 1;
            continue;
        }
        // Find the closing '>' outside quoted attribute values; a '<' first
        // means the tag is cut off.
        char quote = 0;
        while (i < s.size()) {
            char c = s[i];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>' || c == '<') {
                break;
            }
            ++i;
        }
        if (i < s.size() && s[i] == '>') {
            tag.empty = !tag.closing && i > 0 && s[i - 1] == '/';
            tag.end = i + 1;
        } else {
            tag.end = i;  // unterminated tag
        }
        pos = tag.end > pos ? tag.end : pos + 1;
        return true;
    }
    pos = s.size();
    return false;
}

std::string_view local_of(std::string_view qualified) {
    size_t colon = qualified.rfind(':');
    return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

}  // namespace

std::string root_local_name(std::string_view xml) {
    size_t pos = 0;
    Tag tag;
    while (next_tag(xml, pos, tag)) {
        if (!tag.closing) return std::string(local_of(tag.name));
    }
    return "";
}

std::vector<Chunk> find_chunks(std::string_view xml, std::string_view local) {
    std::vector<Chunk> chunks;
    size_t pos = 0;
    Tag tag;
    bool open = false;
    Chunk current;
    while (next_tag(xml, pos, tag)) {
        if (local_of(tag.name) != local) continue;
        if (tag.closing) {
            if (open) {
                current.end = tag.end;
                current.closed = true;
                chunks.push_back(current);
                open = false;
            }
            continue;
        }
        if (open) {  // a new start tag before the previous one was closed
            current.end = tag.begin;
            chunks.push_back(current);
            open = false;
        }
        current = Chunk{};
        current.begin = tag.begin;
        if (tag.empty) {
            current.end = tag.end;
            current.closed = true;
            chunks.push_back(current);
        } else {
            open = true;
        }
    }
    if (open) {
        current.end = xml.size();
        chunks.push_back(current);
    }
    return chunks;
}

ParsedChunk parse_chunk(std::string_view xml, const Chunk& chunk) {
    ParsedChunk parsed;
    parsed.doc = std::make_unique<pugi::xml_document>();
    parsed.result = load(*parsed.doc, xml.substr(chunk.begin, chunk.end - chunk.begin));
    return parsed;
}

}  // namespace arxiv::xml_util
