#include "indexer/query.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

#include "indexer/tokenizer.h"

// Two passes: a lexer turns the query into lexemes (words, phrases, prefixes,
// fields, operators, parentheses), and a recursive-descent parser builds the
// tree. Only parentheses recurse, and their depth is bounded, so no input can
// exhaust the stack.

namespace margin::indexer {
namespace {

constexpr std::size_t kMaxChars = 10000;
constexpr int kMaxDepth = 100;
constexpr int kMaxDistance = 1000;

std::string col(std::size_t column) {
    return "column " + std::to_string(column);
}

bool isSpace(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' ||
           c == U'\u3000';
}
bool isOpenParen(char32_t c) {
    return c == U'(' || c == U'\uFF08';
}
bool isCloseParen(char32_t c) {
    return c == U')' || c == U'\uFF09';
}
bool isOpenQuote(char32_t c) {
    return c == U'"' || c == U'\u201C';
}
bool isCloseQuote(char32_t c) {
    return c == U'"' || c == U'\u201D';
}
bool isColon(char32_t c) {
    return c == U':' || c == U'\uFF1A';
}
bool isDelimiter(char32_t c) {
    return isSpace(c) || isOpenParen(c) || isCloseParen(c) || isOpenQuote(c) || isCloseQuote(c);
}

enum class Lex { Word, Phrase, Prefix, Field, And, Or, Not, Near, Open, Close, End };

struct Lexeme {
    Lex kind = Lex::End;
    std::string text;   // the word, phrase, prefix stem or field value; an operator as typed
    std::string field;  // Field: the name, folded
    bool negated = false;
    int distance = 0;
    std::size_t column = 0;
};

// An operator or parenthesis as a message names it: OR, NEAR/3, '-', '('.
std::string spelling(const Lexeme& l) {
    if (l.kind == Lex::Open || l.kind == Lex::Close || l.text == "-")
        return "'" + l.text + "'";
    return l.text;
}

class Lexer {
public:
    explicit Lexer(std::string_view query) : m_query(query) {}

    Status run(std::vector<Lexeme>& out) {
        if (Status s = decode(); !s.isOk())
            return s;
        const std::size_t n = m_chars.size();
        std::size_t i = 0;
        while (i < n) {
            const char32_t c = m_chars[i].c;
            if (isSpace(c)) {
                ++i;
            } else if (isOpenParen(c) || isCloseParen(c)) {
                out.push_back({isOpenParen(c) ? Lex::Open : Lex::Close, slice(i, i + 1), "", false,
                               0, i + 1});
                ++i;
            } else if (isOpenQuote(c)) {
                auto phrase = lexPhrase(i);
                if (!phrase.isOk())
                    return phrase.status();
                if (phrase->first.empty())
                    return Status::invalidInput("empty phrase at " + col(i + 1) +
                                                ": put words between the quotes");
                out.push_back({Lex::Phrase, std::move(phrase->first), "", false, 0, i + 1});
                i = phrase->second;
            } else if (isCloseQuote(c)) {
                return Status::invalidInput("unbalanced quote: " + slice(i, i + 1) + " at " +
                                            col(i + 1) + " closes no phrase");
            } else {
                std::size_t end = i;
                while (end < n && !isDelimiter(m_chars[end].c))
                    ++end;
                auto next = lexRun(i, end, out);
                if (!next.isOk())
                    return next.status();
                i = *next;
            }
        }
        out.push_back({Lex::End, "", "", false, 0, n + 1});
        return Status::ok();
    }

private:
    struct Char {
        char32_t c;
        std::size_t byte;
    };

    Status decode() {
        // At most 4 bytes a character: a longer query is too long for sure.
        const auto tooLong = [] {
            return Status::invalidInput("query too long: more than " + std::to_string(kMaxChars) +
                                        " characters (the excess starts at " + col(kMaxChars + 1) +
                                        ")");
        };
        if (m_query.size() > 4 * kMaxChars)
            return tooLong();
        const auto* s = reinterpret_cast<const std::uint8_t*>(m_query.data());
        const auto length = static_cast<std::int32_t>(m_query.size());
        for (std::int32_t i = 0; i < length;) {
            const std::int32_t start = i;
            UChar32 c;
            U8_NEXT(s, i, length, c);
            if (c < 0)
                return Status::invalidInput("invalid UTF-8 at " + col(m_chars.size() + 1));
            m_chars.push_back({static_cast<char32_t>(c), static_cast<std::size_t>(start)});
        }
        if (m_chars.size() > kMaxChars)
            return tooLong();
        return Status::ok();
    }

    std::size_t byteAt(std::size_t i) const {
        return i < m_chars.size() ? m_chars[i].byte : m_query.size();
    }
    // The text of characters [from, to).
    std::string slice(std::size_t from, std::size_t to) const {
        return std::string(m_query.substr(byteAt(from), byteAt(to) - byteAt(from)));
    }

    // The phrase whose opening quote is at `open`: its trimmed text and the
    // index after its closing quote.
    Result<std::pair<std::string, std::size_t>> lexPhrase(std::size_t open) const {
        std::size_t close = open + 1;
        while (close < m_chars.size() && !isCloseQuote(m_chars[close].c))
            ++close;
        if (close == m_chars.size())
            return Status::invalidInput("unbalanced quote: the phrase opened at " + col(open + 1) +
                                        " is never closed");
        std::size_t from = open + 1;
        std::size_t to = close;
        while (from < to && isSpace(m_chars[from].c))
            ++from;
        while (to > from && isSpace(m_chars[to - 1].c))
            --to;
        return std::pair{slice(from, to), close + 1};
    }

    // A run of characters [from, to) between delimiters; returns where lexing
    // continues (after a quoted field value, that is past the quotes).
    Result<std::size_t> lexRun(std::size_t from, std::size_t to, std::vector<Lexeme>& out) const {
        const std::string raw = slice(from, to);
        const std::size_t column = from + 1;
        if (raw == "AND" || raw == "OR" || raw == "NOT") {
            out.push_back({raw == "AND"  ? Lex::And
                           : raw == "OR" ? Lex::Or
                                         : Lex::Not,
                           raw, "", false, 0, column});
            return to;
        }
        if (raw.starts_with("NEAR") && (raw.size() == 4 || raw[4] == '/')) {
            auto distance = nearDistance(raw, column);
            if (!distance.isOk())
                return distance.status();
            out.push_back({Lex::Near, raw, "", false, *distance, column});
            return to;
        }
        if (m_chars[from].c == U'-') {
            if (to == from + 1 || m_chars[from + 1].c == U'-') {
                // A lone '-' excludes the group or phrase right after it.
                if (to == from + 1 && to < m_chars.size() &&
                    (isOpenParen(m_chars[to].c) || isOpenQuote(m_chars[to].c))) {
                    out.push_back({Lex::Not, "-", "", false, 0, column});
                    return to;
                }
                return Status::invalidInput(
                    "'-' at " + col(column) +
                    " must be followed directly by what it excludes, as in -word or -code:x");
            }
            if (hasColon(from + 1, to))
                return lexField(from + 1, to, true, column, out);
            out.push_back({Lex::Not, "-", "", false, 0, column});
            if (Status s = lexWord(from + 1, to, out); !s.isOk())
                return s;
            return to;
        }
        if (hasColon(from, to))
            return lexField(from, to, false, column, out);
        if (Status s = lexWord(from, to, out); !s.isOk())
            return s;
        return to;
    }

    static Result<int> nearDistance(const std::string& raw, std::size_t column) {
        if (raw.size() <= 5)
            return Status::invalidInput("NEAR needs a distance, as in NEAR/3 (" + col(column) +
                                        ")");
        const std::string_view digits = std::string_view(raw).substr(5);
        int distance = 0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), distance);
        if (error != std::errc() || end != digits.data() + digits.size() || distance < 1 ||
            distance > kMaxDistance)
            return Status::invalidInput(raw + " at " + col(column) +
                                        ": the distance must be a whole number from 1 to " +
                                        std::to_string(kMaxDistance) + ", as in NEAR/3");
        return distance;
    }

    bool hasColon(std::size_t from, std::size_t to) const {
        for (std::size_t i = from; i < to; ++i)
            if (isColon(m_chars[i].c))
                return true;
        return false;
    }

    // name:value, name:"value" or -name:value over [from, to); `column` is
    // where the node starts (its '-' when negated).
    Result<std::size_t> lexField(std::size_t from, std::size_t to, bool negated, std::size_t column,
                                 std::vector<Lexeme>& out) const {
        std::size_t colon = from;
        while (!isColon(m_chars[colon].c))
            ++colon;
        if (colon == from)
            return Status::invalidInput("empty field name at " + col(colon + 1) +
                                        ": write the field before the colon, as in doc:T03");
        Lexeme field{Lex::Field, "", Tokenizer::fold(slice(from, colon)), negated, 0, column};
        std::size_t next = to;
        if (colon + 1 < to) {
            field.text = slice(colon + 1, to);
        } else if (to < m_chars.size() && isOpenQuote(m_chars[to].c)) {
            auto phrase = lexPhrase(to);
            if (!phrase.isOk())
                return phrase.status();
            field.text = std::move(phrase->first);
            next = phrase->second;
        }
        if (field.text.empty()) {
            std::string message =
                "field '" + slice(from, colon + 1) + "' at " + col(from + 1) + " has no value";
            if (next < m_chars.size() && isSpace(m_chars[next].c))
                message += " (write the value right after the colon, with no space)";
            return Status::invalidInput(message);
        }
        out.push_back(std::move(field));
        return next;
    }

    // A word, or a prefix when it ends with '*'.
    Status lexWord(std::size_t from, std::size_t to, std::vector<Lexeme>& out) const {
        std::size_t star = from;
        while (star < to && m_chars[star].c != U'*')
            ++star;
        if (star == to) {
            out.push_back({Lex::Word, slice(from, to), "", false, 0, from + 1});
            return Status::ok();
        }
        if (star == to - 1 && star > from) {
            out.push_back({Lex::Prefix, slice(from, star), "", false, 0, from + 1});
            return Status::ok();
        }
        if (star == from && to == from + 1)
            return Status::invalidInput("'*' at " + col(star + 1) +
                                        " needs letters before it, as in teach*");
        return Status::invalidInput("'*' at " + col(star + 1) +
                                    " can only end a word, as in teach*");
    }

    std::string_view m_query;
    std::vector<Char> m_chars;
};

class Parser {
public:
    explicit Parser(std::vector<Lexeme> lexemes) : m_lexemes(std::move(lexemes)) {}

    Result<QueryNode> parse() {
        if (peek().kind == Lex::End)
            return Status::invalidInput("empty query");
        auto node = parseOr();
        if (!node.isOk())
            return node;
        if (peek().kind == Lex::Close)
            return Status::invalidInput(spelling(peek()) + " at " + col(peek().column) +
                                        " closes nothing");
        return node;
    }

private:
    const Lexeme& peek() const { return m_lexemes[m_pos]; }
    // The End lexeme is never consumed, so peek() stays valid.
    const Lexeme& take() { return m_lexemes[m_pos++]; }

    static bool isLeaf(QueryNode::Kind kind) {
        return kind == QueryNode::Kind::Word || kind == QueryNode::Kind::Phrase ||
               kind == QueryNode::Kind::Prefix;
    }
    static bool isLeaf(Lex kind) {
        return kind == Lex::Word || kind == Lex::Phrase || kind == Lex::Prefix;
    }

    static QueryNode leaf(const Lexeme& l) {
        QueryNode node;
        node.column = l.column;
        node.text = l.text;
        switch (l.kind) {
            case Lex::Phrase:
                node.kind = QueryNode::Kind::Phrase;
                break;
            case Lex::Prefix:
                node.kind = QueryNode::Kind::Prefix;
                break;
            case Lex::Field:
                node.kind = QueryNode::Kind::Field;
                node.field = l.field;
                node.negated = l.negated;
                break;
            default:
                node.kind = QueryNode::Kind::Word;
                break;
        }
        return node;
    }

    // Makes `node` an AND or OR (`kind`) that also has `right`, flattening
    // children of the same kind; appends in place, so long chains stay linear.
    static void join(QueryNode& node, QueryNode::Kind kind, QueryNode right) {
        if (node.kind != kind) {
            QueryNode group;
            group.kind = kind;
            group.column = node.column;
            group.children.push_back(std::move(node));
            node = std::move(group);
        }
        if (right.kind != kind) {
            node.children.push_back(std::move(right));
            return;
        }
        for (QueryNode& child : right.children)
            node.children.push_back(std::move(child));
    }

    static QueryNode andNot(QueryNode left, QueryNode right) {
        QueryNode node;
        node.kind = QueryNode::Kind::AndNot;
        node.column = left.column;
        node.children.push_back(std::move(left));
        node.children.push_back(std::move(right));
        return node;
    }

    // or := and (OR and)*
    Result<QueryNode> parseOr() {
        auto left = parseAnd(nullptr);
        if (!left.isOk())
            return left;
        QueryNode node = std::move(left).value();
        while (peek().kind == Lex::Or) {
            const Lexeme& op = take();
            auto right = parseAnd(&op);
            if (!right.isOk())
                return right;
            join(node, QueryNode::Kind::Or, std::move(right).value());
        }
        return node;
    }

    // and := [NOT near | near] ( [AND] near | [AND] NOT near )*, left to right.
    // `after` is the OR before this sequence, if any.
    Result<QueryNode> parseAnd(const Lexeme* after) {
        QueryNode node;
        if (peek().kind == Lex::Not) {
            const Lexeme& op = take();
            auto right = parseNear(&op);
            if (!right.isOk())
                return right;
            QueryNode all;
            all.kind = QueryNode::Kind::All;
            all.column = op.column;
            node = andNot(std::move(all), std::move(right).value());
        } else {
            auto first = parseNear(after);
            if (!first.isOk())
                return first;
            node = std::move(first).value();
        }
        for (;;) {
            const Lex kind = peek().kind;
            if (kind == Lex::End || kind == Lex::Close || kind == Lex::Or)
                return node;
            const Lexeme* op = nullptr;
            if (kind == Lex::And)
                op = &take();
            if (peek().kind == Lex::Not) {
                op = &take();
                auto right = parseNear(op);
                if (!right.isOk())
                    return right;
                node = andNot(std::move(node), std::move(right).value());
            } else {
                auto right = parseNear(op);
                if (!right.isOk())
                    return right;
                join(node, QueryNode::Kind::And, std::move(right).value());
            }
        }
    }

    // near := primary (NEAR/n leaf)*, where the primary must be a leaf when
    // a NEAR follows. A chain is one Near node with the largest distance.
    Result<QueryNode> parseNear(const Lexeme* after) {
        auto first = parsePrimary(after);
        if (!first.isOk() || peek().kind != Lex::Near)
            return first;
        if (!isLeaf(first->kind))
            return Status::invalidInput(spelling(peek()) + " at " + col(peek().column) +
                                        " needs a word, phrase or prefix on its left");
        QueryNode node;
        node.kind = QueryNode::Kind::Near;
        node.column = first->column;
        node.children.push_back(std::move(first).value());
        while (peek().kind == Lex::Near) {
            const Lexeme& op = take();
            node.distance = std::max(node.distance, op.distance);
            const Lexeme& right = peek();
            if (isLeaf(right.kind)) {
                node.children.push_back(leaf(take()));
            } else if (right.kind == Lex::Field || right.kind == Lex::Open ||
                       right.kind == Lex::Not) {
                return Status::invalidInput(spelling(op) + " at " + col(op.column) +
                                            " needs a word, phrase or prefix on its right");
            } else {
                return missing(&op);
            }
        }
        return node;
    }

    // primary := word | phrase | prefix | field | '(' or ')'
    Result<QueryNode> parsePrimary(const Lexeme* after) {
        const Lexeme& l = peek();
        if (isLeaf(l.kind) || l.kind == Lex::Field)
            return leaf(take());
        if (l.kind != Lex::Open)
            return missing(after);
        if (m_depth >= kMaxDepth)
            return Status::invalidInput("parentheses nested too deeply: '(' at " + col(l.column) +
                                        " is more than " + std::to_string(kMaxDepth) +
                                        " levels deep");
        const Lexeme& open = take();
        if (peek().kind == Lex::Close)
            return Status::invalidInput("empty parentheses at " + col(open.column));
        if (peek().kind != Lex::End) {
            ++m_depth;
            auto inner = parseOr();
            --m_depth;
            if (!inner.isOk() || peek().kind == Lex::Close) {
                if (inner.isOk())
                    take();
                return inner;
            }
        }
        return Status::invalidInput(spelling(open) + " at " + col(open.column) +
                                    " is never closed");
    }

    // The error for an operand that is not there: the operator `after` (if
    // any) has nothing on its right, or the lexeme found has nothing on its left.
    Status missing(const Lexeme* after) const {
        const Lexeme& l = peek();
        if (after != nullptr)
            return Status::invalidInput(spelling(*after) + " at " + col(after->column) +
                                        " has nothing on its right");
        if (l.kind == Lex::End)
            return Status::invalidInput("empty query");
        if (l.kind == Lex::Close)
            return Status::invalidInput(spelling(l) + " at " + col(l.column) + " closes nothing");
        return Status::invalidInput(spelling(l) + " at " + col(l.column) +
                                    " has nothing on its left");
    }

    std::vector<Lexeme> m_lexemes;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

bool needsQuotes(const std::string& value) {
    if (value.empty())
        return true;
    return value.find_first_of(" \t\n\r\"(),") != std::string::npos;
}

}  // namespace

Result<QueryNode> parseQuery(std::string_view query) {
    std::vector<Lexeme> lexemes;
    if (Status s = Lexer(query).run(lexemes); !s.isOk())
        return s;
    return Parser(std::move(lexemes)).parse();
}

std::string describe(const QueryNode& node) {
    const auto list = [&node](std::string head) {
        head += "(";
        for (std::size_t i = 0; i < node.children.size(); ++i)
            head += (i == 0 ? "" : ", ") + describe(node.children[i]);
        return head + ")";
    };
    switch (node.kind) {
        case QueryNode::Kind::Word:
            return "word:" + node.text;
        case QueryNode::Kind::Phrase:
            return "phrase:\"" + node.text + "\"";
        case QueryNode::Kind::Prefix:
            return "prefix:" + node.text + "*";
        case QueryNode::Kind::And:
            return list("AND");
        case QueryNode::Kind::Or:
            return list("OR");
        case QueryNode::Kind::AndNot:
            return list("ANDNOT");
        case QueryNode::Kind::Near:
            return list("NEAR/" + std::to_string(node.distance));
        case QueryNode::Kind::Field:
            return std::string(node.negated ? "-" : "") + "field:" + node.field + "=" +
                   (needsQuotes(node.text) ? "\"" + node.text + "\"" : node.text);
        case QueryNode::Kind::All:
            return "ALL";
    }
    return "?";
}

}  // namespace margin::indexer
