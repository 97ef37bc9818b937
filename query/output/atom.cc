#include "query/output/atom.h"

#include <sstream>

#include "common/text/text.h"

namespace arxiv {

AtomFeed::AtomFeed(const std::vector<std::pair<std::string, std::string>>& namespaces) {
    pugi::xml_node decl = doc_.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    feed_ = doc_.append_child("feed");
    feed_.append_attribute("xmlns") = kAtomNamespace;
    for (const auto& [prefix, uri] : namespaces) feed_.append_attribute(("xmlns:" + prefix).c_str()) = uri.c_str();
}

std::string AtomFeed::str() const {
    std::ostringstream out;
    doc_.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
    return out.str();
}

pugi::xml_node AtomFeed::text(pugi::xml_node parent, const char* name, const std::string& value) {
    pugi::xml_node n = parent.append_child(name);
    n.text().set(xml_text(value).c_str());
    return n;
}

void AtomFeed::author(pugi::xml_node parent, const std::string& name, const std::vector<std::string>& affiliations) {
    pugi::xml_node a = parent.append_child("author");
    text(a, "name", name);
    for (const std::string& affiliation : affiliations) text(a, "arxiv:affiliation", affiliation);
}

pugi::xml_node AtomFeed::link(pugi::xml_node parent, const std::string& href, const char* rel, const char* type,
                              const char* title) {
    pugi::xml_node l = parent.append_child("link");
    if (title) l.append_attribute("title") = title;
    l.append_attribute("href") = xml_text(href).c_str();
    l.append_attribute("rel") = rel;
    if (type) l.append_attribute("type") = type;
    return l;
}

void AtomFeed::category(pugi::xml_node parent, const std::string& term, const std::string& scheme,
                        const std::string& label) {
    pugi::xml_node c = parent.append_child("category");
    c.append_attribute("term") = xml_text(term).c_str();
    c.append_attribute("scheme") = xml_text(scheme).c_str();
    if (!label.empty()) c.append_attribute("label") = xml_text(label).c_str();
}

}  // namespace arxiv
