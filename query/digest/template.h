// The template language of `arxiv-query digest --template FILE`: a small,
// logic-less language in the style of Mustache, rendered over the same data
// as the JSON digest (docs/digest.schema.json).
//
//   {{name}}              a field of the current object, else of an enclosing
//                         one (a paper's title, then the topic's, then the
//                         digest's); dotted paths reach into objects
//                         ({{revision.summary}}); null prints nothing
//   {{.}}                 the current item of a loop over strings
//   {{#name}}...{{/name}} a list: once per item; true, a non-empty string, a
//                         non-zero number or an object: once; otherwise never
//   {{^name}}...{{/name}} once when the value is false, null, "", 0 or []
//   first last index      inside a loop: the item is the first / the last;
//                         its 1-based position ({{^last}}, {{/last}})
//   {{date FIELD "FMT"}}  a date or time field through strftime
//                         ({{date published "%Y.%m.%d"}})
//   {{join FIELD "SEP"}}  a list of strings joined with SEP
//   {{oneline FIELD}}     paragraphs and line breaks joined by single spaces
//   {{! comment }}        nothing
//
// A line holding nothing but a section, closing or comment tag disappears
// entirely, so templates can put tags on lines of their own. Values are
// inserted as they are (no escaping). Mistakes are reported as
// "FILE:LINE: message" when the template is read, before any search runs.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace arxiv {

class TemplateError : public std::runtime_error {
public:
    TemplateError(const std::string& message, std::string hint = "")
        : std::runtime_error(message), hint(std::move(hint)) {}
    std::string hint;
};

// What a field name holds, so that a template can be checked before it runs.
enum class FieldKind { Scalar, List, Object };
using TemplateFields = std::map<std::string, FieldKind>;

class Template {
public:
    struct Node;

    // `name` starts every error message (the file name). With `fields`,
    // every name used must be one of them and used as its kind allows.
    static Template parse(std::string_view text, const std::string& name,
                          const TemplateFields* fields = nullptr);
    // Reads the file; errors name it. Throws TemplateError.
    static Template load(const std::string& path, const TemplateFields* fields = nullptr);

    // Throws TemplateError for values a helper cannot use (a date helper on
    // something that is not a date).
    std::string render(const nlohmann::ordered_json& data) const;

private:
    std::string name_;
    std::shared_ptr<const Node> root_;
};

// Field names and kinds found anywhere in a sample of the data.
TemplateFields fields_of(const nlohmann::ordered_json& sample);

}  // namespace arxiv
