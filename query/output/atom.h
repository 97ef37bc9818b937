// Atom feeds (RFC 4287): the one writer behind the server's /api/query (the
// arXiv API's feed) and the digest's feed. It owns what every feed shares:
// the document with its XML declaration and namespaces, elements and
// attributes whose text is made valid XML (xml_text: one stray control
// character would make a whole feed unparsable), authors, links, categories
// and the serialisation. What a feed says is its caller's.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <pugixml.hpp>

namespace arxiv {

constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";
constexpr const char* kArxivNamespace = "http://arxiv.org/schemas/atom";

class AtomFeed {
public:
    // `namespaces`: prefix -> URI pairs declared on <feed> beside Atom's own
    // ({"opensearch", "http://a9.com/-/spec/opensearch/1.1/"}).
    explicit AtomFeed(const std::vector<std::pair<std::string, std::string>>& namespaces = {});
    AtomFeed(const AtomFeed&) = delete;
    AtomFeed& operator=(const AtomFeed&) = delete;

    pugi::xml_node feed() const { return feed_; }
    pugi::xml_node add_entry() { return feed_.append_child("entry"); }

    // The document, indented by two spaces, with its XML declaration.
    std::string str() const;

    // <name>value</name> appended to `parent`.
    static pugi::xml_node text(pugi::xml_node parent, const char* name, const std::string& value);
    // <author><name>name</name></author>; with affiliations, one
    // <arxiv:affiliation> each after the name, as arXiv's API writes them
    // (the feed must declare the arxiv prefix, kArxivNamespace).
    static void author(pugi::xml_node parent, const std::string& name,
                       const std::vector<std::string>& affiliations = {});
    // <link title? href rel type?/>, attributes in the arXiv API's order.
    static pugi::xml_node link(pugi::xml_node parent, const std::string& href, const char* rel,
                               const char* type = nullptr, const char* title = nullptr);
    // <category term scheme label?/>.
    static void category(pugi::xml_node parent, const std::string& term, const std::string& scheme,
                         const std::string& label = "");

private:
    pugi::xml_document doc_;
    pugi::xml_node feed_;
};

}  // namespace arxiv
