// query/output/atom: the Atom writer the server and the digest share.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "query/output/atom.h"

using namespace arxiv;

TEST_CASE("atom: one writer for every feed: namespaces, text, links and categories", "[atom]") {
    AtomFeed atom(std::vector<std::pair<std::string, std::string>>{{"arxiv", "http://arxiv.org/schemas/atom"}});
    AtomFeed::text(atom.feed(), "title", "KV caches \x01 & <friends>");
    pugi::xml_node e = atom.add_entry();
    AtomFeed::text(e, "id", "http://arxiv.org/abs/2606.00001v1");
    AtomFeed::author(e, "Ana Duarte");
    AtomFeed::author(e, "J. Müller", {"ETH Zürich", "MPI \x03" "Bonn"});
    AtomFeed::link(e, "http://arxiv.org/abs/2606.00001v1", "alternate", "text/html");
    AtomFeed::link(e, "http://arxiv.org/pdf/2606.00001v1", "related", "application/pdf", "pdf");
    AtomFeed::category(e, "cs.CL", "http://arxiv.org/schemas/atom");
    AtomFeed::category(e, "kv \x02" "cache", "urn:x", "Keyword: kv cache");
    const std::string xml = atom.str();

    CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                    "xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n", 0) == 0);
    // Links in the arXiv API's attribute order.
    CHECK(xml.find("<link href=\"http://arxiv.org/abs/2606.00001v1\" rel=\"alternate\" type=\"text/html\" />") !=
          std::string::npos);
    CHECK(xml.find("<link title=\"pdf\" href=\"http://arxiv.org/pdf/2606.00001v1\" rel=\"related\" "
                   "type=\"application/pdf\" />") != std::string::npos);
    // Control characters XML cannot carry never reach the document.
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find('\x02') == std::string::npos);

    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    pugi::xml_node feed = doc.child("feed");
    CHECK(std::string(feed.child_value("title")) == "KV caches  & <friends>");
    pugi::xml_node entry = feed.child("entry");
    CHECK(std::string(entry.child("author").child_value("name")) == "Ana Duarte");
    CHECK_FALSE(entry.child("author").child("arxiv:affiliation"));
    // Affiliations as arXiv writes them: after the name, one element each.
    CHECK(xml.find("<author>\n      <name>J. Müller</name>\n      <arxiv:affiliation>ETH Zürich</arxiv:affiliation>\n"
                   "      <arxiv:affiliation>MPI Bonn</arxiv:affiliation>\n    </author>") != std::string::npos);
    pugi::xml_node second = entry.child("category").next_sibling("category");
    CHECK(std::string(second.attribute("term").value()) == "kv cache");
    CHECK(std::string(second.attribute("label").value()) == "Keyword: kv cache");
}
