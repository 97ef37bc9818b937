// The one tokenizer of both query languages: ours (query_parser) and arXiv's
// search_query (arxiv_syntax). What the two share is lexed here once —
// separators, "phrases" with typographic quotes, ( ), words running to a
// separator, a parenthesis or a quote, operator words, the "name:" before a
// value — with the same errors ("unclosed quote", "… has no value") at the
// same positions. What differs is a LexerRules: '+' as a separator (arXiv),
// the operator words, how a name before ':' is found and named in messages,
// the exact mark '=' and the '-'/'+' signs (ours), and bracketed date ranges
// (arXiv's submittedDate:[FROM TO TO]). The grammars stay in the parsers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/schema/schema.h"

namespace arxiv {

struct QueryToken {
    enum Type { Word, Phrase, LParen, RParen, And, Or, Not, AndNot, Minus, Plus, Field, DateRange, End };
    QueryToken(Type type, std::string text, size_t position, bool exact = false)
        : type(type), text(std::move(text)), position(position), exact(exact) {}
    Type type;
    std::string text;     // as written; a Field's or DateRange's name (lower-cased if the rules fold it)
    size_t position = 0;  // byte offset of its first character (after the '=' of an exact mark)
    bool exact = false;   // written =word or ="a phrase": no other forms
    const schema::Field* field = nullptr;  // Field, DateRange: the field it searches
    std::string from, to;                  // DateRange: YYYYMMDD bounds, "" = open
};

// What a name before ':' stands for.
struct NameMatch {
    const schema::Field* field = nullptr;  // nullptr: no such name
    bool date_range = false;               // its value is a range "[FROM TO TO]"
};

// An upper-case word that is an operator, or one refused with a message.
struct OperatorWord {
    std::string_view word;
    QueryToken::Type type;
    const char* refusal = nullptr;  // set: the word is an error, with this message …
    const char* hint = nullptr;     // … and this hint
};

struct LexerRules {
    bool plus_separates = false;       // '+' separates like a space, and is a space inside a phrase
    bool exact_marks = false;          // "=word", "=\"a phrase\"", "ti:=word": that form only
    bool signs = false;                // "-word", "+word" at the start of a term: Minus, Plus
    bool underscore_in_names = false;  // a name may hold '_' besides letters
    bool fold_name_case = false;       // the name is lower-cased before lookup and in messages
    const char* noun = "field";        // "unknown field 'x:'", "field 'x:' has no value"
    std::string unknown_hint;          // the hint of "unknown field 'x:'"
    NameMatch (*find_name)(std::string_view name) = nullptr;
    std::vector<OperatorWord> operators;
};

// The tokens of `query`, ending with an End token at query.size(). Throws
// QuerySyntaxError for an unclosed quote, an unknown name, a name without a
// value, a refused operator word and a malformed date range. Linear in the
// length of `query`; it does not check kMaxQueryBytes (the parsers do).
std::vector<QueryToken> tokenize_query(std::string_view query, const LexerRules& rules);

}  // namespace arxiv
