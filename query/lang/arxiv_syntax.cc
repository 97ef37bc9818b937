#include "query/lang/arxiv_syntax.h"

#include <cctype>
#include <string>
#include <vector>

#include "common/schema/schema.h"

namespace arxiv {
namespace {

// arXiv's prefixes and the schema fields they search. The date prefixes take
// a bracketed range instead of a term.
struct Prefix {
    std::string_view name;
    std::string_view field;
    bool date_range;
};
constexpr Prefix kPrefixes[] = {
    {"ti", "title", false},          {"au", "author", false},
    {"abs", "abstract", false},      {"co", "comment", false},
    {"jr", "journal", false},        {"cat", "cat", false},
    {"rn", "report", false},         {"id", "id", false},
    {"all", "all", false},           {"submittedDate", "date", true},
    {"lastUpdatedDate", "updated", true},
};

constexpr const char* kPrefixHint =
    "arXiv prefixes are ti: au: abs: co: jr: cat: rn: id: all: and "
    "submittedDate:[FROM TO TO]; to search for the text itself, put it in quotes";

NameMatch find_prefix(std::string_view name) {
    for (const Prefix& p : kPrefixes) {
        if (p.name.size() != name.size()) continue;
        bool same = true;
        for (size_t i = 0; same && i < name.size(); ++i)
            same = std::tolower(static_cast<unsigned char>(p.name[i])) ==
                   std::tolower(static_cast<unsigned char>(name[i]));
        if (same) return {&schema::field(p.field), p.date_range};
    }
    return {};
}

using Token = QueryToken;

}  // namespace

// '+' separates: it is how a URL writes a space. The server has decoded it
// already, but a query pasted from a URL onto the command line still has it.
const LexerRules& arxiv_lexer_rules() {
    static const LexerRules rules = [] {
        LexerRules r;
        r.plus_separates = true;
        r.noun = "prefix";
        r.unknown_hint = kPrefixHint;
        r.find_name = find_prefix;
        r.operators = {{"AND", Token::And},
                       {"OR", Token::Or},
                       {"ANDNOT", Token::AndNot},
                       {"NOT", Token::Not, "arXiv has no NOT operator", "write a ANDNOT b (both sides are required)"}};
        return r;
    }();
    return rules;
}

namespace {

// au:del_maestro -> "del maestro"; au:smith_j and au:einstein_a_b (surname
// then initials, arXiv's listing convention) -> "smith, j", which the
// compiler reads as "J Smith" and matches the indexed "initials surname" form.
std::string author_value(const std::string& text) {
    std::vector<std::string> parts;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t us = text.find('_', pos);
        if (us == std::string::npos) us = text.size();
        if (us > pos) parts.push_back(text.substr(pos, us - pos));
        pos = us + 1;
    }
    if (parts.size() < 2) return parts.empty() ? text : parts[0];
    size_t surname_end = parts.size();
    while (surname_end > 1 && parts[surname_end - 1].size() == 1 &&
           std::isalpha(static_cast<unsigned char>(parts[surname_end - 1][0])))
        --surname_end;
    std::string out;
    for (size_t k = 0; k < surname_end; ++k) out += (k ? " " : "") + parts[k];
    if (surname_end < parts.size()) {
        out += ",";
        for (size_t k = surname_end; k < parts.size(); ++k) out += " " + parts[k];
    }
    return out;
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    std::unique_ptr<QueryNode> parse() {
        if (peek().type == Token::End) throw QuerySyntaxError("empty query", 0, "give some words to search for");
        auto node = parse_or(nullptr);
        const Token& t = peek();
        if (t.type == Token::RParen)
            throw QuerySyntaxError("unmatched ')'", t.position, "remove it or add a matching '('");
        if (t.type != Token::End) throw QuerySyntaxError("unexpected '" + t.text + "'", t.position);
        return node;
    }

private:
    const Token& peek() const { return tokens_[pos_]; }
    const Token& next() { return tokens_[pos_++]; }

    bool at_operand() const {
        switch (peek().type) {
            case Token::Word:
            case Token::Phrase:
            case Token::LParen:
            case Token::Field:
            case Token::DateRange: return true;
            default: return false;
        }
    }

    void require_operand(const Token& op) {
        if (at_operand()) return;
        const Token& t = peek();
        std::string found = t.type == Token::End ? "the end of the query" : "'" + t.text + "'";
        throw QuerySyntaxError("operator '" + op.text + "' is followed by " + found + " instead of a term",
                               op.position, "add a term after it or remove it");
    }

    // Terms side by side are alternatives, as on arXiv: "ti:kv cache" is
    // ti:kv OR all:cache (ranked, so papers with both come first).
    std::unique_ptr<QueryNode> parse_or(const schema::Field* field) {
        auto first = parse_and(field);
        if (peek().type != Token::Or && !at_operand()) return first;
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::Or;
        node->position = first->position;
        add_alternative(*node, std::move(first));
        while (peek().type == Token::Or || at_operand()) {
            if (peek().type == Token::Or) require_operand(next());
            add_alternative(*node, parse_and(field));
        }
        return node;
    }

    static void add_alternative(QueryNode& node, std::unique_ptr<QueryNode> child) {
        if (child->kind == QueryNode::Kind::Or) {
            for (auto& grandchild : child->children) node.children.push_back(std::move(grandchild));
        } else {
            node.children.push_back(std::move(child));
        }
    }

    // AND and ANDNOT bind tighter than OR and chain left to right;
    // (a ANDNOT b) AND c is the same set as a AND c ANDNOT b, so one flat
    // node holds them all.
    std::unique_ptr<QueryNode> parse_and(const schema::Field* field) {
        if (!at_operand()) {
            const Token& t = peek();
            if (t.type == Token::AndNot)
                throw QuerySyntaxError("'ANDNOT' has no term before it", t.position,
                                       "arXiv has no unary NOT: write a ANDNOT b");
            if (t.type == Token::Or || t.type == Token::And)
                throw QuerySyntaxError("operator '" + t.text + "' has no term before it", t.position,
                                       "add a term before it or remove it");
            if (t.type == Token::RParen)
                throw QuerySyntaxError("empty parentheses", t.position, "put terms inside ( )");
            throw QuerySyntaxError("expected a term", t.position);
        }
        auto first = parse_primary(field);
        if (peek().type != Token::And && peek().type != Token::AndNot) return first;
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::And;
        node->position = first->position;
        add_conjunct(*node, std::move(first));
        while (peek().type == Token::And || peek().type == Token::AndNot) {
            const Token& op = next();
            require_operand(op);
            auto child = parse_primary(field);
            if (op.type == Token::AndNot) node->excluded.push_back(std::move(child));
            else add_conjunct(*node, std::move(child));
        }
        return node;
    }

    static void add_conjunct(QueryNode& node, std::unique_ptr<QueryNode> child) {
        if (child->kind == QueryNode::Kind::And) {
            for (auto& c : child->children) node.children.push_back(std::move(c));
            for (auto& c : child->excluded) node.excluded.push_back(std::move(c));
        } else {
            node.children.push_back(std::move(child));
        }
    }

    std::unique_ptr<QueryNode> parse_primary(const schema::Field* field) {
        const Token& t = next();
        NestingGuard nesting(depth_, t.position);
        switch (t.type) {
            case Token::LParen: {
                auto inner = parse_or(field);
                if (peek().type != Token::RParen)
                    throw QuerySyntaxError("unclosed '('", t.position, "add a matching ')'");
                next();
                return inner;
            }
            case Token::Phrase: return make_leaf(QueryNode::Kind::Phrase, field, t);
            case Token::Word: return make_leaf(QueryNode::Kind::Word, field, t);
            case Token::Field: return parse_primary(t.field);  // tokenizer ensured a value follows
            case Token::DateRange: {
                auto n = QueryNode::leaf(QueryNode::Kind::Range, t.field, t.text, t.position);
                n->from = t.from;
                n->to = t.to;
                if (n->from.empty() && n->to.empty()) return std::make_unique<QueryNode>();  // [* TO *]
                return n;
            }
            default: throw QuerySyntaxError("unexpected '" + t.text + "'", t.position);
        }
    }

    std::unique_ptr<QueryNode> make_leaf(QueryNode::Kind kind, const schema::Field* field,
                                         const Token& t) {
        const schema::Field* f = field ? field : &schema::field("all");
        std::string text = t.text;
        if (kind == QueryNode::Kind::Word) {
            size_t star = text.find('*');
            size_t question = text.find('?');
            if (question != std::string::npos || (star != std::string::npos && star + 1 != text.size()))
                throw QuerySyntaxError("only a '*' at the end of a word is supported as a wildcard",
                                       t.position + (question != std::string::npos ? question : star),
                                       "write the start of the word followed by '*', e.g. quant*");
            if (star != std::string::npos) {
                text.pop_back();
                return QueryNode::leaf(QueryNode::Kind::Wildcard, f, text, t.position);
            }
        } else if (text.find_first_not_of(" \t") == std::string::npos) {
            throw QuerySyntaxError("empty phrase", t.position, "put words between the quotes");
        }
        if (f->kind == schema::Kind::Name && text.find('_') != std::string::npos) {
            text = author_value(text);
            kind = QueryNode::Kind::Phrase;  // the whole name, within one author
        }
        return QueryNode::leaf(kind, f, text, t.position);
    }

    std::vector<Token> tokens_;
    size_t pos_ = 0;
    size_t depth_ = 0;
};

}  // namespace

std::unique_ptr<QueryNode> parse_arxiv_query(std::string_view query) {
    check_query_length(query);
    return Parser(tokenize_query(query, arxiv_lexer_rules())).parse();
}

}  // namespace arxiv
