#include "query/lang/arxiv_syntax.h"

#include <cctype>
#include <string>
#include <vector>

#include "common/schema/schema.h"
#include "common/util/dates.h"

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

const Prefix* find_prefix(std::string_view name) {
    for (const Prefix& p : kPrefixes) {
        if (p.name.size() != name.size()) continue;
        bool same = true;
        for (size_t i = 0; same && i < name.size(); ++i)
            same = std::tolower(static_cast<unsigned char>(p.name[i])) ==
                   std::tolower(static_cast<unsigned char>(name[i]));
        if (same) return &p;
    }
    return nullptr;
}

struct Token {
    enum Type { Word, Phrase, LParen, RParen, And, Or, AndNot, Field, DateRange, End };
    Token(Type type, std::string text, size_t position)
        : type(type), text(std::move(text)), position(position) {}
    Type type;
    std::string text;
    size_t position;
    const schema::Field* field = nullptr;  // Field, DateRange
    std::string from, to;                  // DateRange: YYYYMMDD bounds, "" = open
};

// '+' is how a URL writes a space; the server has decoded it already, but a
// query pasted from a URL onto the command line still has it.
bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '+'; }

// Typographic quotes count as '"' (pasted queries often have them).
size_t quote_length(std::string_view s, size_t i) {
    if (s[i] == '"') return 1;
    if (s.compare(i, 3, "\xE2\x80\x9C") == 0 || s.compare(i, 3, "\xE2\x80\x9D") == 0) return 3;
    return 0;
}

// One end of a date range: YYYYMMDD, YYYYMMDDHHMM (arXiv's form) or
// YYYYMMDDHHMMSS, or '*' for an open end. Returns the day, "" when open.
std::string range_bound(std::string_view text, size_t position) {
    if (text == "*") return "";
    const std::string why = digits_problem(text);
    if (!why.empty())
        throw QuerySyntaxError("invalid date '" + std::string(text) + "' in range: " + why, position,
                               "write YYYYMMDDHHMM (GMT), e.g. [202301010000 TO 202312312359], "
                               "or * for an open end");
    return std::string(text.substr(0, 8));
}

// "[FROM TO TO]" starting at s[open] == '['. Fills the token's bounds and
// returns the index just past ']'.
size_t parse_range(std::string_view s, size_t open, const std::string& prefix, Token& token) {
    size_t close = s.find(']', open);
    if (close == std::string_view::npos)
        throw QuerySyntaxError("unclosed '[' in " + prefix + ":", open, "end the range with ']'");
    std::vector<std::pair<std::string_view, size_t>> words;
    for (size_t i = open + 1; i < close;) {
        if (is_separator(s[i])) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < close && !is_separator(s[j])) ++j;
        words.emplace_back(s.substr(i, j - i), i);
        i = j;
    }
    if (words.size() != 3 || words[1].first != "TO")
        throw QuerySyntaxError(prefix + ": needs a range [FROM TO TO]", open,
                               "write " + prefix + ":[202301010000 TO 202312312359]");
    token.from = range_bound(words[0].first, words[0].second);
    token.to = range_bound(words[2].first, words[2].second);
    if (!token.from.empty() && !token.to.empty() && token.from > token.to)
        throw QuerySyntaxError("date range ends before it starts", open);
    // Papers whose submission is known only to the month (daily-arxiv) are
    // stored as YYYYMM00; like our date: ranges, a range that includes the
    // first of a month includes them.
    token.from = month_inclusive_start(token.from);
    return close + 1;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> tokens;
    size_t i = 0;
    bool value_context = false;  // right after "prefix:" — no operators, no prefixes
    while (i < s.size()) {
        if (is_separator(s[i])) {
            ++i;
            value_context = false;
            continue;
        }
        const size_t start = i;
        if (s[i] == '(') {
            tokens.push_back({Token::LParen, "(", i++});
            value_context = false;
            continue;
        }
        if (s[i] == ')') {
            tokens.push_back({Token::RParen, ")", i++});
            value_context = false;
            continue;
        }
        if (size_t q = quote_length(s, i)) {
            size_t j = i + q;
            std::string text;
            while (j < s.size() && !quote_length(s, j)) {
                text += s[j] == '+' ? ' ' : s[j];
                ++j;
            }
            if (j >= s.size())
                throw QuerySyntaxError("unclosed quote", start,
                                       "end the phrase with a second \" or remove the quote");
            tokens.push_back({Token::Phrase, text, start});
            i = j + quote_length(s, j);
            value_context = false;
            continue;
        }
        size_t j = i;
        while (j < s.size() && !is_separator(s[j]) && s[j] != '(' && s[j] != ')' && !quote_length(s, j))
            ++j;
        std::string_view word = s.substr(i, j - i);
        if (!value_context) {
            size_t colon = word.find(':');
            bool prefix_like = colon != std::string_view::npos && colon > 0;
            for (size_t k = 0; prefix_like && k < colon; ++k)
                prefix_like = std::isalpha(static_cast<unsigned char>(word[k]));
            if (prefix_like) {
                std::string name(word.substr(0, colon));
                const Prefix* p = find_prefix(name);
                if (!p) throw QuerySyntaxError("unknown prefix '" + name + ":'", start, kPrefixHint);
                size_t value_start = i + colon + 1;
                Token t{Token::Field, name, start};
                t.field = &schema::field(p->field);
                if (p->date_range) {
                    if (value_start >= s.size() || s[value_start] != '[')
                        throw QuerySyntaxError(name + ": needs a range [FROM TO TO]", start,
                                               "write " + name + ":[202301010000 TO 202312312359]");
                    t.type = Token::DateRange;
                    i = parse_range(s, value_start, name, t);
                    tokens.push_back(std::move(t));
                    continue;
                }
                if (value_start >= s.size() || is_separator(s[value_start]) || s[value_start] == ')')
                    throw QuerySyntaxError("prefix '" + name + ":' has no value", start,
                                           "write " + name + ":word, " + name + ":\"a phrase\" or " +
                                               name + ":(a OR b)");
                tokens.push_back(std::move(t));
                i = value_start;
                value_context = true;
                continue;
            }
            if (word == "AND" || word == "OR" || word == "ANDNOT") {
                tokens.push_back({word == "AND"  ? Token::And
                                  : word == "OR" ? Token::Or
                                                 : Token::AndNot,
                                  std::string(word), start});
                i = j;
                continue;
            }
            if (word == "NOT")
                throw QuerySyntaxError("arXiv has no NOT operator", start,
                                       "write a ANDNOT b (both sides are required)");
        }
        tokens.push_back({Token::Word, std::string(word), start});
        value_context = false;
        i = j;
    }
    tokens.push_back({Token::End, "", s.size()});
    return tokens;
}

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
    return Parser(tokenize(query)).parse();
}

}  // namespace arxiv
