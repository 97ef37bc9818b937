// What every answer of the search page must be, whatever the records and
// the request hold (query/serve/page.h): well-formed XML after its doctype
// (the page is written so), only the elements the page itself writes, no
// event-handler attribute, exactly one <script> — the page's own
// /static/page.js — and every link to the server itself or to arxiv.org.
// A value that escaped its escaping would add an element or an attribute,
// or break the XML. Used by the end-to-end tests and the fuzz_server harness.
#pragma once

#include <pugixml.hpp>

#include <set>
#include <string>

namespace page_check {

inline bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

inline std::string link_problem(const std::string& name, const std::string& value) {
    if (name != "href" && name != "src" && name != "action") return "";
    if (value == "/" || starts_with(value, "/?") || starts_with(value, "/search?") || starts_with(value, "/static/") ||
        starts_with(value, "#") || starts_with(value, "https://arxiv.org/"))
        return "";
    return name + "=\"" + value + "\" leads elsewhere";
}

inline std::string walk(pugi::xml_node node, int& scripts) {
    static const std::set<std::string> allowed = {
        "html", "head", "meta", "title", "link", "script", "body", "a", "header", "p", "span", "form", "div",
        "label", "input", "button", "select", "option", "details", "summary", "dl", "dt", "dd", "code", "ul",
        "li", "ol", "kbd", "main", "h1", "h2", "h3", "pre", "time", "section", "aside", "nav", "footer", "mark"};
    for (pugi::xml_node child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string name = child.name();
        if (!allowed.count(name)) return "an element the page never writes: <" + name + ">";
        for (pugi::xml_attribute a : child.attributes()) {
            std::string attr = a.name();
            for (char& c : attr) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (starts_with(attr, "on")) return "an event handler attribute " + attr + " on <" + name + ">";
            if (std::string problem = link_problem(attr, a.value()); !problem.empty()) return problem;
        }
        if (name == "script") {
            ++scripts;
            if (std::string(child.attribute("src").value()) != "/static/page.js" || child.first_child())
                return "a <script> that is not the page's own";
        }
        if (std::string problem = walk(child, scripts); !problem.empty()) return problem;
    }
    return "";
}

// "" when `html` is fine, else what is wrong.
inline std::string page_problem(const std::string& html) {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed =
        doc.load_buffer(html.data(), html.size(), pugi::parse_default | pugi::parse_doctype);
    if (!parsed) return std::string("not well-formed: ") + parsed.description() + " at byte " +
                        std::to_string(parsed.offset);
    if (std::string(doc.document_element().name()) != "html") return "the root element is not <html>";
    int scripts = 0;
    if (std::string problem = walk(doc, scripts); !problem.empty()) return problem;
    if (scripts > 1) return std::to_string(scripts) + " <script> elements";
    return "";
}

}  // namespace page_check
