// What every value the server writes into HTML or a URL goes through: the
// search page (query/serve/page) and the Atom feed's self link. A value is
// escaped once, at the point where it enters the markup, and never by hand.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "query/output/highlight.h"  // TextSpan

namespace arxiv {

// Text for an HTML text node or a quoted attribute value: & < > " ' as
// character references; invalid UTF-8 as U+FFFD and the C0 control
// characters but tab, newline and carriage return dropped (xml_text), so
// the page is also well-formed XML.
std::string html_escape(std::string_view text);

// `text` escaped, with <mark>…</mark> around each span (sorted, disjoint
// byte ranges of `text`, as the highlighter gives them): the text is
// escaped piece by piece, so a match can never open a tag.
std::string html_marked(std::string_view text, const std::vector<TextSpan>& spans);

// One value of a URL's query string: letters, digits and - _ . ~ : , /
// as they are, a space as '+', every other byte as %XX (so & = # + " < >
// ' and non-ASCII are always encoded). url_decode reads it back.
std::string url_encode(std::string_view value);

// A URL-encoded value decoded: %XX as that byte, '+' as a space; a '%' not
// followed by two hex digits stays as it is.
std::string url_decode(std::string_view value);

// A query string or form body ("a=1&b=x+y&b=z") as its parameters, names
// and values decoded, in order; an item without '=' is a name with an empty
// value, an empty item is skipped.
std::multimap<std::string, std::string> parse_query_string(std::string_view query);

}  // namespace arxiv
