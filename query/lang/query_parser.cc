#include "query/lang/query_parser.h"

#include <algorithm>

#include <vector>

namespace arxiv {
namespace {

using Token = QueryToken;

std::string field_list() {
    std::string names;
    for (const schema::Field& f : schema::fields()) {
        if (!names.empty()) names += ", ";
        names += std::string(f.name) + ":";
    }
    return names;
}

NameMatch find_field_name(std::string_view name) { return {schema::find_field(name), false}; }

}  // namespace

const LexerRules& our_lexer_rules() {
    static const LexerRules rules = [] {
        LexerRules r;
        r.exact_marks = true;
        r.signs = true;
        r.underscore_in_names = true;
        r.fold_name_case = true;
        r.noun = "field";
        r.unknown_hint = "fields are " + field_list() + "; to search the text itself, put it in quotes";
        r.find_name = find_field_name;
        r.operators = {{"AND", Token::And}, {"OR", Token::Or}, {"NOT", Token::Not}};
        return r;
    }();
    return rules;
}

namespace {

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
            case Token::End:
            case Token::RParen:
            case Token::Or:
            case Token::And: return false;
            default: return true;
        }
    }

    void require_operand(const Token& op, const char* what) {
        if (at_operand()) return;
        const Token& t = peek();
        std::string found = t.type == Token::End ? "the end of the query" : "'" + t.text + "'";
        throw QuerySyntaxError(std::string(what) + " '" + op.text + "' is followed by " + found +
                                   " instead of a term",
                               op.position, "add a term after it or remove it");
    }

    std::unique_ptr<QueryNode> parse_or(const schema::Field* field) {
        auto first = parse_and(field);
        if (peek().type != Token::Or) return first;
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::Or;
        node->position = first->position;
        node->children.push_back(std::move(first));
        while (peek().type == Token::Or) {
            const Token& op = next();
            require_operand(op, "operator");
            node->children.push_back(parse_and(field));
        }
        return node;
    }

    std::unique_ptr<QueryNode> parse_and(const schema::Field* field) {
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::And;
        node->position = peek().position;
        if (!at_operand()) {
            const Token& t = peek();
            if (t.type == Token::Or || t.type == Token::And)
                throw QuerySyntaxError("operator '" + t.text + "' has no term before it", t.position,
                                       "add a term before it or remove it");
            if (t.type == Token::RParen)
                throw QuerySyntaxError("empty parentheses", t.position, "put terms inside ( )");
            throw QuerySyntaxError("expected a term", t.position);
        }
        while (true) {
            bool negate = false;
            if (peek().type == Token::And) {
                const Token& op = next();
                if (peek().type == Token::Not) {
                    negate = true;
                    const Token& op_not = next();
                    require_operand(op_not, "operator");
                } else {
                    require_operand(op, "operator");
                }
            } else if (!at_operand()) {
                break;
            }
            if (peek().type == Token::Not || peek().type == Token::Minus) {
                const Token& op = next();
                require_operand(op, "operator");
                negate = !negate;
            } else if (peek().type == Token::Plus) {
                next();
            }
            auto child = parse_primary(field);
            if (!negate && child->kind == QueryNode::Kind::And && child->excluded.empty() &&
                !child->children.empty() && child->children[0]->kind != QueryNode::Kind::MatchAll) {
                // "a (b c)" is "a b c": keep the tree flat for --explain.
                for (auto& grandchild : child->children) node->children.push_back(std::move(grandchild));
                continue;
            }
            (negate ? node->excluded : node->children).push_back(std::move(child));
        }
        if (node->children.size() == 1 && node->excluded.empty()) return std::move(node->children[0]);
        return node;
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
            case Token::Word:
                if (t.text.size() > 1 && t.text.back() == '*') {
                    Token stem = t;
                    stem.text.pop_back();
                    return make_leaf(QueryNode::Kind::Wildcard, field, stem);
                }
                // arXiv's operator, typed in our syntax: searching it as a
                // word finds nothing the user meant ("kv ANDNOT cache").
                if (t.text == "ANDNOT" && !t.exact)
                    throw QuerySyntaxError("ANDNOT is arXiv's syntax", t.position,
                                           "write 'AND NOT' or '-word' here (kv -cache), use --syntax arxiv, "
                                           "or =ANDNOT to search the word");
                return make_leaf(QueryNode::Kind::Word, field, t);
            case Token::Field: {
                const schema::Field* f = t.field;
                const Token& value = peek();
                if (value.type == Token::LParen) return parse_primary(f);
                if (value.type == Token::Phrase || value.type == Token::Word) return parse_primary(f);
                throw QuerySyntaxError("field '" + t.text + ":' has no value", t.position);
            }
            case Token::Not:
            case Token::Minus: {
                // "NOT NOT x" or "a OR NOT b": a negation on its own.
                require_operand(t, "operator");
                auto node = std::make_unique<QueryNode>();
                node->kind = QueryNode::Kind::And;
                node->position = t.position;
                node->children.push_back(std::make_unique<QueryNode>());  // MatchAll
                node->excluded.push_back(parse_primary(field));
                return node;
            }
            default:
                throw QuerySyntaxError("unexpected '" + t.text + "'", t.position);
        }
    }

    std::unique_ptr<QueryNode> make_leaf(QueryNode::Kind kind, const schema::Field* field,
                                         const Token& t) {
        if (field && field->kind == schema::Kind::DateRange) {
            if (kind == QueryNode::Kind::Wildcard)
                throw QuerySyntaxError("wildcards do not apply to dates", t.position,
                                       "use a range such as " + std::string(field->name) + ":2025-03");
            DateBounds b = parse_date_range(t.text, t.position);
            auto n = QueryNode::leaf(QueryNode::Kind::Range, field, t.text, t.position);
            n->from = b.from;
            n->to = b.to;
            return n;
        }
        if (t.text.find_first_not_of(" \t") == std::string::npos)
            throw QuerySyntaxError("empty phrase", t.position, "put words between the quotes");
        auto leaf = QueryNode::leaf(kind, field, t.text, t.position);
        leaf->exact = t.exact;
        return leaf;
    }

    std::vector<Token> tokens_;
    size_t pos_ = 0;
    size_t depth_ = 0;
};

}  // namespace

DateBounds parse_date_range(std::string_view text, size_t position) {
    try {
        return parse_date_bounds(text);
    } catch (const DateError& e) {
        throw QuerySyntaxError(e.message, position + e.offset, e.hint);
    }
}

DateBounds parse_flag_date(const std::string& flag, const std::string& text, std::time_t now) {
    try {
        return parse_date_bounds(text, now);
    } catch (const DateError& e) {
        throw QuerySyntaxError(flag + " " + text + ": " + e.message, std::string::npos, e.hint);
    }
}

std::vector<std::string> lowercase_operator_words(std::string_view query) {
    std::vector<QueryToken> tokens;
    try {
        tokens = tokenize_query(query.substr(0, kMaxQueryBytes), our_lexer_rules());
    } catch (const QuerySyntaxError&) {
        return {};
    }
    auto ends_term = [](const QueryToken& t) {
        return t.type == QueryToken::Word || t.type == QueryToken::Phrase || t.type == QueryToken::RParen;
    };
    auto starts_term = [](const QueryToken& t) {
        return t.type == QueryToken::Word || t.type == QueryToken::Phrase || t.type == QueryToken::LParen ||
               t.type == QueryToken::Field || t.type == QueryToken::Minus || t.type == QueryToken::Plus;
    };
    std::vector<std::string> found;
    for (size_t i = 1; i + 1 < tokens.size(); ++i) {
        const QueryToken& t = tokens[i];
        if (t.type != QueryToken::Word || t.exact) continue;
        if (t.text != "or" && t.text != "and" && t.text != "not") continue;
        if (tokens[i - 1].type == QueryToken::Field) continue;  // "ti:or": the field's value
        if (ends_term(tokens[i - 1]) && starts_term(tokens[i + 1]) &&
            std::find(found.begin(), found.end(), t.text) == found.end())
            found.push_back(t.text);
    }
    return found;
}

std::unique_ptr<QueryNode> parse_query(std::string_view query) {
    check_query_length(query);
    return Parser(tokenize_query(query, our_lexer_rules())).parse();
}

}  // namespace arxiv
