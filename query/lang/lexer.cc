#include "query/lang/lexer.h"

#include <cctype>

#include "common/util/dates.h"
#include "common/util/normalize.h"
#include "query/lang/query_ast.h"

namespace arxiv {
namespace {

using Token = QueryToken;

class Lexer {
public:
    Lexer(std::string_view s, const LexerRules& rules) : s_(s), rules_(rules) {}

    std::vector<Token> run() {
        while (i_ < s_.size()) step();
        tokens_.push_back({Token::End, "", s_.size()});
        return std::move(tokens_);
    }

private:
    bool is_separator(char c) const {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c == '+' && rules_.plus_separates);
    }

    // Typographic quotes count as '"' (pasted queries often have them).
    size_t quote_length(size_t i) const {
        if (s_[i] == '"') return 1;
        if (s_.compare(i, 3, "\xE2\x80\x9C") == 0 || s_.compare(i, 3, "\xE2\x80\x9D") == 0) return 3;
        return 0;
    }

    // A word runs to a separator, a parenthesis or a quote.
    size_t word_end(size_t i) const {
        while (i < s_.size() && !is_separator(s_[i]) && s_[i] != '(' && s_[i] != ')' && !quote_length(i)) ++i;
        return i;
    }

    void step() {
        const size_t start = i_;
        const char c = s_[i_];
        if (is_separator(c)) {
            ++i_;
            value_context_ = false;
            return;
        }
        if (rules_.exact_marks && exact_mark()) {
            exact_ = true;
            ++i_;
            return;
        }
        if (c == '(' || c == ')') {
            tokens_.push_back({c == '(' ? Token::LParen : Token::RParen, std::string(1, c), i_++});
            value_context_ = false;
            return;
        }
        if (quote_length(i_)) {
            phrase();
            return;
        }
        if (rules_.signs && sign()) {
            tokens_.push_back({c == '-' ? Token::Minus : Token::Plus, std::string(1, c), i_++});
            return;
        }
        const size_t j = word_end(i_);
        const std::string_view word = s_.substr(i_, j - i_);
        if (!value_context_) {
            if (name_before_colon(word)) return;
            for (const OperatorWord& op : rules_.operators) {
                if (word != op.word) continue;
                if (op.refusal) throw QuerySyntaxError(op.refusal, start, op.hint ? op.hint : "");
                tokens_.push_back({op.type, std::string(word), start});
                i_ = j;
                return;
            }
        }
        tokens_.push_back({Token::Word, std::string(word), start, exact_});
        exact_ = false;
        value_context_ = false;
        i_ = j;
    }

    // "=MoE", "=\"key-value cache\"", "ti:=MoE": this word or phrase only.
    bool exact_mark() const {
        const size_t i = i_;
        if (s_[i] != '=' || exact_ || i + 1 >= s_.size()) return false;
        const char next = s_[i + 1];
        if (is_separator(next) || next == '(' || next == ')') return false;
        if (i == 0) return true;
        const char prev = s_[i - 1];
        return is_separator(prev) || prev == '(' || prev == ':' || prev == '-' || prev == '+';
    }

    // "-word", "+word" at the start of a term (not "a-b", not a lone '-').
    bool sign() const {
        const size_t i = i_;
        if (value_context_ || (s_[i] != '-' && s_[i] != '+')) return false;
        const bool term_start = i == 0 || is_separator(s_[i - 1]) || s_[i - 1] == '(';
        return term_start && i + 1 < s_.size() && !is_separator(s_[i + 1]) && s_[i + 1] != ')';
    }

    void phrase() {
        const size_t start = i_;
        size_t j = i_ + quote_length(i_);
        std::string text;
        while (j < s_.size() && !quote_length(j)) {
            text += s_[j] == '+' && rules_.plus_separates ? ' ' : s_[j];
            ++j;
        }
        if (j >= s_.size())
            throw QuerySyntaxError("unclosed quote", start, "end the phrase with a second \" or remove the quote");
        tokens_.push_back({Token::Phrase, std::move(text), start, exact_});
        exact_ = false;
        i_ = j + quote_length(j);
        value_context_ = false;
    }

    // "name:" at the start of `word`: a Field token (or a DateRange), and the
    // value is lexed next. False when `word` does not start with a name.
    bool name_before_colon(std::string_view word) {
        const size_t start = i_;
        const size_t colon = word.find(':');
        // "arXiv:2503.21813", "https://arxiv.org/abs/2503.21813": a pasted
        // id, a word like any other (the compiler knows it for one).
        if (colon != std::string_view::npos && parse_arxiv_id(word)) return false;
        for (std::string_view scheme : {"https://", "http://"})
            if (word.size() > scheme.size() && istarts_with(word, scheme))
                throw QuerySyntaxError("'" + std::string(word) + "' is a link but not to an arXiv paper", start,
                                       "paste an arxiv.org/abs/ID or /pdf/ID link, or put the text in quotes");
        bool name_like = colon != std::string_view::npos && colon > 0;
        for (size_t k = 0; name_like && k < colon; ++k)
            name_like = std::isalpha(static_cast<unsigned char>(word[k])) ||
                        (rules_.underscore_in_names && word[k] == '_');
        if (!name_like) return false;
        std::string name(word.substr(0, colon));
        if (rules_.fold_name_case)
            for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const NameMatch match = rules_.find_name(name);
        if (!match.field)
            throw QuerySyntaxError("unknown " + std::string(rules_.noun) + " '" + name + ":'", start,
                                   rules_.unknown_hint);
        const size_t value_start = start + colon + 1;
        Token t{Token::Field, name, start};
        t.field = match.field;
        if (match.date_range) {
            if (value_start >= s_.size() || s_[value_start] != '[')
                throw QuerySyntaxError(name + ": needs a range [FROM TO TO]", start,
                                       "write " + name + ":[202301010000 TO 202312312359]");
            t.type = Token::DateRange;
            i_ = date_range(value_start, name, t);
            tokens_.push_back(std::move(t));
            return true;
        }
        if (value_start >= s_.size() || is_separator(s_[value_start]) || s_[value_start] == ')')
            throw QuerySyntaxError(std::string(rules_.noun) + " '" + name + ":' has no value", start,
                                   "write " + name + ":word, " + name + ":\"a phrase\" or " + name +
                                       ":(a OR b)");
        tokens_.push_back(std::move(t));
        i_ = value_start;
        value_context_ = true;
        return true;
    }

    // "[FROM TO TO]" starting at s_[open] == '['. Fills the token's bounds
    // and returns the index just past ']'.
    size_t date_range(size_t open, const std::string& name, Token& token) const {
        const size_t close = s_.find(']', open);
        if (close == std::string_view::npos)
            throw QuerySyntaxError("unclosed '[' in " + name + ":", open, "end the range with ']'");
        std::vector<std::pair<std::string_view, size_t>> words;
        for (size_t i = open + 1; i < close;) {
            if (is_separator(s_[i])) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < close && !is_separator(s_[j])) ++j;
            words.emplace_back(s_.substr(i, j - i), i);
            i = j;
        }
        if (words.size() != 3 || words[1].first != "TO")
            throw QuerySyntaxError(name + ": needs a range [FROM TO TO]", open,
                                   "write " + name + ":[202301010000 TO 202312312359]");
        token.from = range_bound(words[0].first, words[0].second);
        token.to = range_bound(words[2].first, words[2].second);
        if (!token.from.empty() && !token.to.empty() && token.from > token.to)
            throw QuerySyntaxError("date range ends before it starts", open);
        // Papers whose submission is known only to the month (daily-arxiv)
        // are stored as YYYYMM00; like our date: ranges, a range that
        // includes the first of a month includes them.
        token.from = month_inclusive_start(token.from);
        return close + 1;
    }

    // One end of a date range: YYYYMMDD, YYYYMMDDHHMM (arXiv's form) or
    // YYYYMMDDHHMMSS, or '*' for an open end. Returns the day, "" when open.
    static std::string range_bound(std::string_view text, size_t position) {
        if (text == "*") return "";
        const std::string why = digits_problem(text);
        if (!why.empty())
            throw QuerySyntaxError("invalid date '" + std::string(text) + "' in range: " + why, position,
                                   "write YYYYMMDDHHMM (GMT), e.g. [202301010000 TO 202312312359], "
                                   "or * for an open end");
        return std::string(text.substr(0, 8));
    }

    std::string_view s_;
    const LexerRules& rules_;
    std::vector<Token> tokens_;
    size_t i_ = 0;
    bool value_context_ = false;  // right after "name:": no operators, no names, no signs
    bool exact_ = false;          // the next word or phrase was written with '='
};

}  // namespace

std::vector<QueryToken> tokenize_query(std::string_view query, const LexerRules& rules) {
    return Lexer(query, rules).run();
}

}  // namespace arxiv
