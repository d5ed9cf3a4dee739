// The query language: parsing a user's query into a syntax tree.
//
//   data analysis            both words (juxtaposition is AND)
//   data AND analysis        the same; AND, OR, NOT are upper-case words
//   internship OR 实习        either
//   simulation NOT software  the first without the second; a leading NOT
//                            ("NOT software") means every passage without it
//   "odd jobs"               an exact phrase (words in order, adjacent)
//   实践教学                  Chinese characters: found wherever they stand
//                            contiguously (the index compiles this to a phrase
//                            of single characters; see indexer/tokenizer.h)
//   teach*                   words starting with "teach"
//   data NEAR/3 analysis     within 3 words of each other (either order)
//   (a OR b) c               parentheses group
//   doc:T03                  a filter on a field: doc, participant, speaker
//   participant:S05          (interviewer|participant), code, or any
//   role:enterprise          participant attribute by name; quote values with
//   code:"Faculty shortage"  spaces: title:"Associate Professor"
//   -code:"Faculty shortage" a filter with '-' excludes
//   -software                the same as NOT software
//   “实践教学” 角色：企业       Chinese quotes, full-width colon and parentheses
//
// Precedence, loosest first: OR, then AND (explicit or juxtaposed) and NOT,
// then NEAR; parentheses override. Words are case-insensitive (the index
// folds them); field names are case-insensitive; operators must be written
// in upper case (a lower-case "and" or "or" is an ordinary word; to search
// for the word "OR" itself, quote it: "OR").
//
// The grammar (the parser builds exactly this; see tests/indexer/query_test.cpp):
//
//   query   := or
//   or      := and ( OR and )*
//   and     := [NOT] near ( [AND] near | [AND] NOT near )*   (left to right)
//   near    := primary ( NEAR/n leaf )*       (a primary before NEAR must be a leaf)
//   primary := leaf | field | '(' or ')'
//   leaf    := word | "phrase" | prefix*
//   field   := [-]name:value | [-]name:"value"
//
// Decisions, each with a test:
//   * Lexing. Words end at white space (ASCII and the ideographic space
//     U+3000), parentheses (ASCII and full-width （）) and double quotes
//     (ASCII " and Chinese “ ”); nothing else splits them, so "don't", "3.5",
//     "e-mail", "实践教学" and "Excel数据" are one Word each, kept as typed
//     (the compiler tokenizes it). Operators must stand apart: "实习OR兼职" is
//     one Word.
//   * Phrases open with " or “ and close at the next " or ” (either closes
//     either); inside, everything is text (operators, parentheses, '*', ':').
//     The text is trimmed of surrounding spaces; an empty phrase is an error,
//     and so is a ” with no phrase open.
//   * NOT is left-associative at AND's level and excludes only the next
//     near-expression: "a NOT b c" is AND(ANDNOT(a, b), c) and "a b NOT c" is
//     ANDNOT(AND(a, b), c). "a AND NOT b" is the same as "a NOT b". A NOT
//     that starts a sequence (the query, a parenthesis or the right of OR)
//     has All on its left: "NOT a" is ANDNOT(ALL, a). "NOT NOT a" is an error.
//   * '-' right before a word, a prefix, a phrase or '(' is NOT: "-word" is
//     "NOT word", "a -(b OR c)" is "a NOT (b OR c)". Before a field it makes a
//     negated Field instead ("-code:x"; compile it as "without"). Only a
//     leading '-' counts ("e-mail" is a word); a '-' standing alone is an error.
//   * '*' makes a Prefix only at the end of a word ("teach*", "教*"); "*",
//     "*ing" and "te*st" are errors. Field values and phrases are literal:
//     "doc:T0*" asks for a document named "T0*".
//   * NEAR/n takes n from 1 to 1000 and joins words, phrases and prefixes
//     only (not fields or groups). A chain "a NEAR/2 b NEAR/2 c" is ONE Near
//     node with three children; when a chain mixes distances, the largest is
//     kept ("a NEAR/2 b NEAR/5 c" is NEAR/5 of a, b, c). "(a) NEAR/2 b" is
//     allowed: the group is a word.
//   * Fields: the first ':' (or full-width '：') in a word splits name from
//     value ("title:a:b" is title = "a:b"); a quote right after the colon
//     gives a quoted value. The name is folded like a term ("DOC" -> "doc",
//     full-width letters too); the value is kept as typed.
//   * Nested ANDs and ORs of the same kind are flattened, including through
//     parentheses ("a (b c)" is AND(a, b, c)); an AND or OR never has fewer
//     than two children.
//   * Limits: a query of more than 10,000 characters, or parentheses nested
//     more than 100 deep, is an error (so no input can exhaust the stack).
//
// Errors are InvalidInput with one line naming the problem and its position
// as a 1-based character (code point) column, so a Chinese character counts
// one: "unbalanced quote: the phrase opened at column 7 is never closed",
// "')' at column 12 closes nothing", "'(' at column 1 is never closed",
// "empty parentheses at column 3", "OR at column 1 has nothing on its left",
// "AND at column 3 has nothing on its right", "empty query", "NEAR needs a
// distance, as in NEAR/3 (column 6)", "NEAR/0 at column 3: the distance must
// be a whole number from 1 to 1000, as in NEAR/3", "NEAR/3 at column 10 needs
// a word, phrase or prefix on its left", "field 'doc:' at column 1 has no
// value", "empty field name at column 1: ...", "'*' at column 3 can only end
// a word, as in teach*", "invalid UTF-8 at column 4". Every message but
// "empty query" contains "column N".
// Whether a field name or value exists (an unknown attribute, document or
// code) is checked when the tree is compiled against a project, not here;
// so is a word or phrase with no searchable characters ("...", an emoji).
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/status.h"

namespace margin::indexer {

struct QueryNode {
    enum class Kind {
        Word,    // text: one word as typed (may be Chinese characters, or mixed)
        Phrase,  // text: the words between the quotes
        Prefix,  // text: the part before '*'
        And,     // children: all must match
        Or,      // children: any must match
        AndNot,  // children[0] without children[1]; children[0] may be All
        Near,    // children: words, phrases or prefixes (two or more); distance
        Field,   // field (folded), text: value as typed; negated for '-field:'
        All,     // every passage (the left side of a leading NOT)
    };
    Kind kind = Kind::Word;
    std::string text;
    std::string field;
    bool negated = false;
    int distance = 0;
    // Where the node starts, as a 1-based code point column in the query: a
    // word's first character, a phrase's opening quote, a field's name (or its
    // '-'); All takes its NOT's column; And, Or, AndNot and Near take their
    // first child's.
    std::size_t column = 0;
    std::vector<QueryNode> children;

    bool operator==(const QueryNode&) const = default;
};

// The tree of a UTF-8 query, or InvalidInput (see the top of this file).
Result<QueryNode> parseQuery(std::string_view query);

// A compact rendering for tests and debugging, e.g.
// AND(word:data, OR(phrase:"odd jobs", prefix:teach*), -field:code="Faculty shortage"),
// ANDNOT(ALL, word:software), NEAR/3(word:data, word:analysis). A field value
// is quoted when it is empty or holds spaces, quotes, parentheses or commas.
std::string describe(const QueryNode& node);

}  // namespace margin::indexer
