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
//
// Precedence, loosest first: OR, then AND (explicit or juxtaposed) and NOT,
// then NEAR; parentheses override. Words are case-insensitive (the index
// folds them); field names are case-insensitive; operators must be written
// in upper case (a lower-case "and" or "or" is an ordinary word).
//
// Errors are InvalidInput with one line naming the problem and its position
// as a 1-based character (code point) column: "unbalanced quote: the phrase
// opened at column 7 is never closed", "')' at column 12 closes nothing",
// "OR at column 1 has nothing on its left", "empty query", "NEAR needs a
// distance, as in NEAR/3 (column 6)", "field 'doc:' at column 1 has no value".
// Whether a field name or value exists (an unknown attribute, document or
// code) is checked when the tree is compiled against a project, not here.
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
        Near,    // children: words or phrases; distance
        Field,   // field (lower-cased), text: value; negated for '-field:'
        All,     // every passage (the left side of a leading NOT)
    };
    Kind kind = Kind::Word;
    std::string text;
    std::string field;
    bool negated = false;
    int distance = 0;
    std::size_t column = 0;  // 1-based code point column in the query, for messages
    std::vector<QueryNode> children;

    bool operator==(const QueryNode&) const = default;
};

Result<QueryNode> parseQuery(std::string_view query);

// A compact rendering for tests and debugging, e.g.
// AND(word:data, OR(phrase:"odd jobs", prefix:teach*), -field:code="Faculty shortage").
std::string describe(const QueryNode& node);

}  // namespace margin::indexer
