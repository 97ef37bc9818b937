#include "query/digest/template.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <sstream>
#include <vector>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "query/digest/util.h"

namespace arxiv {

using nlohmann::ordered_json;

struct Template::Node {
    enum class Kind { Root, Text, Var, Helper, Section, Inverted };
    Kind kind = Kind::Root;
    std::string text;                // Text: the text; Var/Section/Helper: the path
    std::string helper;              // Helper: date | join | oneline
    std::string arg;                 // Helper: the quoted argument
    int line = 0;
    std::vector<Node> children;      // Root/Section/Inverted
};

namespace {

using Node = Template::Node;
const std::vector<std::string> kLoopNames = {"first", "last", "index"};
const std::vector<std::string> kHelpers = {"date", "join", "oneline"};
constexpr size_t kMaxDepth = 100;  // sections open at once
// A template whose loops repeat each other ({{#topics}} inside {{#topics}}
// inside ...) multiplies its work by every level; a real digest stays far
// below both limits.
constexpr size_t kMaxLoopItems = 2'000'000;
constexpr size_t kMaxOutputBytes = size_t(1) << 28;  // 256 MiB

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    size_t b = 0;
    while (true) {
        size_t dot = path.find('.', b);
        out.push_back(path.substr(b, dot == std::string::npos ? std::string::npos : dot - b));
        if (dot == std::string::npos) break;
        b = dot + 1;
    }
    return out;
}

class Parser {
public:
    Parser(std::string_view text, const std::string& name, const TemplateFields* fields)
        : text_(text), name_(name), fields_(fields) {}

    Node parse() {
        Node root;
        std::vector<Node*> open{&root};
        size_t i = 0;
        int line = 1;
        std::string pending;
        auto flush = [&] {
            if (pending.empty()) return;
            Node t;
            t.kind = Node::Kind::Text;
            t.text = std::move(pending);
            pending.clear();
            open.back()->children.push_back(std::move(t));
        };
        while (i < text_.size()) {
            size_t tag = text_.find("{{", i);
            if (tag == std::string_view::npos) {
                pending.append(text_.substr(i));
                break;
            }
            pending.append(text_.substr(i, tag - i));
            line += static_cast<int>(std::count(text_.begin() + i, text_.begin() + tag, '\n'));
            size_t close = text_.find("}}", tag + 2);
            if (close == std::string_view::npos) fail(line, "'{{' is not closed with '}}'");
            std::string content = trim(text_.substr(tag + 2, close - tag - 2));
            if (content.find("{{") != std::string::npos) fail(line, "'{{' inside a tag", "close each tag with '}}'");
            size_t end = close + 2;
            const char sigil = content.empty() ? '\0' : content[0];
            // A line with only a section, closing or comment tag on it
            // vanishes, indentation and line break included.
            // Only the blanks around the tag are looked at: scanning whole
            // lines made a long line of tags quadratic.
            if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!') {
                size_t line_start = tag;
                while (line_start > 0 && is_blank(text_.substr(line_start - 1, 1))) --line_start;
                size_t line_end = end;
                while (line_end < text_.size() && is_blank(text_.substr(line_end, 1))) ++line_end;
                // line_start >= last_end_: no other tag earlier on the line.
                if ((line_start == 0 || text_[line_start - 1] == '\n') && line_start >= last_end_ &&
                    (line_end == text_.size() || text_[line_end] == '\n')) {
                    pending.erase(pending.size() - (tag - line_start));
                    end = line_end == text_.size() ? line_end : line_end + 1;
                }
            }
            flush();
            handle(content, line, open);
            line += static_cast<int>(std::count(text_.begin() + tag, text_.begin() + end, '\n'));
            i = end;
            last_end_ = end;
        }
        flush();
        if (open.size() > 1) {
            const Node& s = *open.back();
            fail(s.line, "{{" + std::string(s.kind == Node::Kind::Section ? "#" : "^") + s.text +
                             "}} is never closed",
                 "add {{/" + s.text + "}}");
        }
        return root;
    }

private:
    [[noreturn]] void fail(int line, const std::string& what, const std::string& hint = "") const {
        throw TemplateError(name_ + ":" + std::to_string(line) + ": " + what, hint);
    }

    void handle(const std::string& content, int line, std::vector<Node*>& open) {
        if (content.empty()) fail(line, "empty tag {{}}", "write a field name, e.g. {{title}}");
        const char sigil = content[0];
        if (sigil == '!') return;
        if (sigil == '#' || sigil == '^') {
            // Rendering and freeing the tree recurse once per level.
            if (open.size() > kMaxDepth)
                fail(line, "sections nested more than " + std::to_string(kMaxDepth) + " deep");
            Node s;
            s.kind = sigil == '#' ? Node::Kind::Section : Node::Kind::Inverted;
            s.text = trim(std::string_view(content).substr(1));
            s.line = line;
            check_path(s.text, line, /*as_value=*/false);
            open.back()->children.push_back(std::move(s));
            open.push_back(&open.back()->children.back());
            return;
        }
        if (sigil == '/') {
            std::string name = trim(std::string_view(content).substr(1));
            if (open.size() == 1) fail(line, "{{/" + name + "}} closes nothing", "remove it or open it with {{#" + name + "}}");
            const Node& s = *open.back();
            if (s.text != name)
                fail(line, "{{/" + name + "}} does not close {{" + (s.kind == Node::Kind::Section ? "#" : "^") +
                               s.text + "}} (opened on line " + std::to_string(s.line) + ")",
                     "close the innermost section first: {{/" + s.text + "}}");
            open.pop_back();
            return;
        }
        std::vector<std::string> words = split_args(content, line);
        Node n;
        n.line = line;
        if (words.size() == 1) {
            n.kind = Node::Kind::Var;
            n.text = words[0];
            check_path(n.text, line, /*as_value=*/true);
        } else {
            n.kind = Node::Kind::Helper;
            n.helper = words[0];
            if (std::find(kHelpers.begin(), kHelpers.end(), n.helper) == kHelpers.end())
                fail(line, "unknown helper '" + n.helper + "'",
                     "helpers: {{date FIELD \"FORMAT\"}}, {{join FIELD \"SEP\"}}, {{oneline FIELD}}");
            const size_t want = n.helper == "oneline" ? 2 : 3;
            if (quoted_[1]) fail(line, "'" + n.helper + "' needs a field name first, not a quoted string");
            if (words.size() != want || (want == 3 && quoted_.back() != 2))
                fail(line, "'" + n.helper + "' takes " +
                               (want == 2 ? std::string("a field") : "a field and a quoted string"),
                     n.helper == "date"   ? "e.g. {{date published \"%Y.%m.%d\"}}"
                     : n.helper == "join" ? "e.g. {{join authors \", \"}}"
                                          : "e.g. {{oneline abstract}}");
            n.text = words[1];
            if (want == 3) n.arg = words[2];
            if (n.helper == "date" && n.arg.empty()) fail(line, "'date' needs a format such as \"%Y-%m-%d\"");
            check_path(n.text, line, /*as_value=*/n.helper != "join", n.helper == "join");
        }
        open.back()->children.push_back(std::move(n));
    }

    // Words of a helper call; quoted_ records which were quoted (2) or bare (0).
    std::vector<std::string> split_args(const std::string& s, int line) {
        std::vector<std::string> out;
        quoted_.clear();
        size_t i = 0;
        while (i < s.size()) {
            if (std::isspace(static_cast<unsigned char>(s[i]))) {
                ++i;
                continue;
            }
            if (s[i] == '"') {
                std::string v;
                ++i;
                while (i < s.size() && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < s.size()) ++i;
                    v += s[i++];
                }
                if (i >= s.size()) fail(line, "unclosed quote in {{" + s + "}}");
                ++i;
                out.push_back(v);
                quoted_.push_back(2);
                continue;
            }
            size_t b = i;
            while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
            out.push_back(s.substr(b, i - b));
            quoted_.push_back(0);
        }
        if (!out.empty() && quoted_[0]) fail(line, "a tag must start with a field or helper name, not a quoted string");
        return out;
    }

    void check_path(const std::string& path, int line, bool as_value, bool as_list = false) const {
        if (path == ".") return;
        for (const std::string& seg : split_path(path)) {
            bool ok = !seg.empty() && std::all_of(seg.begin(), seg.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            });
            if (!ok) fail(line, "'" + path + "' is not a field name", "field names are letters, digits and '_', joined by '.'");
        }
        if (!fields_) return;
        std::vector<std::string> segs = split_path(path);
        if (segs.size() == 1 && std::find(kLoopNames.begin(), kLoopNames.end(), path) != kLoopNames.end()) {
            if (as_list) fail(line, "'" + path + "' is not a list");
            return;
        }
        FieldKind kind = FieldKind::Scalar;
        for (const std::string& seg : segs) {
            auto it = fields_->find(seg);
            if (it == fields_->end()) {
                std::vector<std::string> names;
                for (const auto& [k, v] : *fields_) names.push_back(k);
                std::string guess = digest_util::closest(seg, names);
                fail(line, "unknown field '" + seg + "'",
                     guess.empty() ? "see the field list in the README (\"Digests\")"
                                   : "did you mean '" + guess + "'?");
            }
            kind = it->second;
        }
        if (as_list && kind != FieldKind::List) fail(line, "'" + path + "' is not a list", "join works on lists such as authors or categories");
        if (as_value && kind == FieldKind::List)
            fail(line, "'" + path + "' is a list",
                 "loop over it with {{#" + path + "}}{{.}}{{/" + path + "}} or write {{join " + path + " \", \"}}");
        if (as_value && kind == FieldKind::Object)
            fail(line, "'" + path + "' is an object", "use one of its fields, e.g. {{" + path + ".summary}}, or a section");
    }

    std::string_view text_;
    const std::string& name_;
    const TemplateFields* fields_;
    std::vector<int> quoted_;
    size_t last_end_ = 0;
};

// ---- Rendering -------------------------------------------------------------

// Kept in a deque: a section may push a frame whose value lives in another
// frame (a loop's index), and a deque never moves its elements.
struct Frame {
    explicit Frame(const ordered_json* v) : value(v) {}
    // Item i of a loop over n items.
    Frame(const ordered_json* v, size_t i, size_t n)
        : value(v), loop_item(true), first(i == 0), last(i + 1 == n), index(i + 1) {}
    const ordered_json* value;
    bool loop_item = false;
    ordered_json first, last, index;  // loop items only
};

class Renderer {
public:
    Renderer(const std::string& name, std::string& out) : name_(name), out_(out) {}

    void render(const Node& n, std::deque<Frame>& stack) {
        for (const Node& c : n.children) {
            switch (c.kind) {
                case Node::Kind::Text: out_ += c.text; break;
                case Node::Kind::Var: out_ += scalar(lookup(c.text, stack)); break;
                case Node::Kind::Helper: helper(c, stack); break;
                case Node::Kind::Section: section(c, stack); break;
                case Node::Kind::Inverted:
                    if (!truthy(lookup(c.text, stack))) render(c, stack);
                    break;
                case Node::Kind::Root: break;
            }
        }
    }

private:
    static bool truthy(const ordered_json& v) {
        if (v.is_null()) return false;
        if (v.is_boolean()) return v.get<bool>();
        if (v.is_string()) return !v.get_ref<const std::string&>().empty();
        if (v.is_number()) return v.get<double>() != 0;
        if (v.is_array()) return !v.empty();
        return true;
    }

    static std::string scalar(const ordered_json& v) {
        if (v.is_null()) return "";
        // Values are record text: shown, never able to steer a terminal.
        if (v.is_string()) return printable_text(v.get_ref<const std::string&>());
        if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
        return v.dump();
    }

    const ordered_json& lookup(const std::string& path, const std::deque<Frame>& stack) const {
        static const ordered_json null_value;
        if (path == ".") return *stack.back().value;
        std::vector<std::string> segs = split_path(path);
        const ordered_json* v = nullptr;
        bool loop_seen = false;
        for (auto it = stack.rbegin(); it != stack.rend() && !v; ++it) {
            if (it->value->is_object() && it->value->contains(segs[0])) {
                v = &(*it->value)[segs[0]];
            } else if (it->loop_item && !loop_seen) {
                // Only the innermost loop answers first/last/index.
                loop_seen = true;
                if (segs[0] == "first") v = &it->first;
                else if (segs[0] == "last") v = &it->last;
                else if (segs[0] == "index") v = &it->index;
            }
        }
        if (!v) return null_value;
        for (size_t i = 1; i < segs.size(); ++i) {
            if (!v->is_object() || !v->contains(segs[i])) return null_value;
            v = &(*v)[segs[i]];
        }
        return *v;
    }

    void section(const Node& c, std::deque<Frame>& stack) {
        const ordered_json& v = lookup(c.text, stack);
        if (!truthy(v)) return;
        if (v.is_array()) {
            for (size_t i = 0; i < v.size(); ++i) {
                if (++loop_items_ > kMaxLoopItems || out_.size() > kMaxOutputBytes)
                    fail(c, "the template repeats too much (more than " + std::to_string(kMaxLoopItems) +
                                " loop items or " + std::to_string(kMaxOutputBytes >> 20) +
                                " MiB of output); is a list section nested inside itself?");
                stack.emplace_back(&v[i], i, v.size());
                render(c, stack);
                stack.pop_back();
            }
            return;
        }
        if (v.is_boolean()) {
            render(c, stack);
            return;
        }
        stack.emplace_back(&v);
        render(c, stack);
        stack.pop_back();
    }

    void helper(const Node& c, const std::deque<Frame>& stack) {
        const ordered_json& v = lookup(c.text, stack);
        if (v.is_null()) return;
        if (c.helper == "join") {
            if (!v.is_array()) fail(c, "'" + c.text + "' is not a list");
            for (size_t i = 0; i < v.size(); ++i) out_ += (i ? c.arg : "") + scalar(v[i]);
        } else if (c.helper == "oneline") {
            out_ += collapse_whitespace(scalar(v));
        } else {  // date
            std::string s = scalar(v);
            // A paper known only by its month (date_precision "month"):
            // its published date is that month, not the 1st.
            const ordered_json& precision = lookup("date_precision", stack);
            if (c.text == "published" && precision.is_string() && precision == "month" && s.size() >= 7)
                s.resize(7);
            std::string shown;
            if (!format_date(s, c.arg, shown)) fail(c, "'" + c.text + "' is \"" + s + "\", not a date");
            out_ += shown;
        }
    }

    [[noreturn]] void fail(const Node& c, const std::string& what) const {
        throw TemplateError(name_ + ":" + std::to_string(c.line) + ": " + what);
    }

    const std::string& name_;
    std::string& out_;
    size_t loop_items_ = 0;
};

void collect(const ordered_json& j, TemplateFields& out) {
    if (j.is_array()) {
        for (const auto& e : j) collect(e, out);
        return;
    }
    if (!j.is_object()) return;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const ordered_json& v = it.value();
        FieldKind kind = v.is_array() ? FieldKind::List : v.is_object() ? FieldKind::Object : FieldKind::Scalar;
        // A null says nothing about the kind; another sample may.
        if (!v.is_null() || !out.count(it.key())) {
            auto [pos, inserted] = out.emplace(it.key(), kind);
            if (!inserted && !v.is_null()) pos->second = kind;
        }
        collect(v, out);
    }
}

}  // namespace

Template Template::parse(std::string_view text, const std::string& name, const TemplateFields* fields) {
    Template t;
    t.name_ = name;
    t.root_ = std::make_shared<const Node>(Parser(text, t.name_, fields).parse());
    return t;
}

Template Template::load(const std::string& path, const TemplateFields* fields) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TemplateError("cannot read the template " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path, fields);
}

std::string Template::render(const ordered_json& data) const {
    std::string out;
    std::deque<Frame> stack;
    stack.emplace_back(&data);
    Renderer(name_, out).render(*root_, stack);
    return out;
}

TemplateFields fields_of(const ordered_json& sample) {
    TemplateFields out;
    collect(sample, out);
    return out;
}

}  // namespace arxiv
