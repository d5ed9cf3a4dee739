// The tokenizer: one ICU-based splitter for indexing, for queries and for
// word counts, so that every part of Margin sees the same terms.
//
// Word boundaries come from ICU's word break iterator running over the
// UTF-8 text itself (Chinese and Japanese through ICU's dictionary). Spaces
// and punctuation are not terms. Each term is NFKC case-folded, so "Data",
// "DATA" and full-width "ＤＡＴＡ" are all "data", and "１２" is "12".
//
// Two views of one text:
//   * terms(): what the index and queries use. Latin-script (and other
//     spaced-script) words and numbers are one term each. Han characters are
//     one term EACH, whatever ICU's dictionary made of them, so a query of
//     Chinese characters matches them wherever they stand contiguously
//     ("教学" inside "实践教学"), independent of how the surrounding text was
//     segmented. A multi-character Chinese query becomes a phrase of single
//     characters.
//   * words(): dictionary words, for word counts and word clouds ("实践",
//     "教学" as ICU segments them; Latin words as in terms()).
//
// Positions (terms() only) number the terms 0, 1, 2... with one rule for
// adjacency: where two terms are not adjacent in the text (something lies
// between them) and either of them is a Han character, one position is
// skipped. So "教，学" never matches the phrase "教学", while "data, analysis"
// still matches "data analysis" as in ordinary full-text search. Queries run
// through the same function and get the same gaps.
//
// Offsets are corpus::CharPos code points into the text passed in (plus
// `base`, for a passage that starts inside a document).
//
// Thread-safety: a Tokenizer holds an ICU break iterator; use one per
// thread. Construction fails only without ICU data (then every call returns
// no tokens and ok() is false).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/offsets.h"

namespace margin::indexer {

enum class TokenKind {
    Word,    // letters, in any script but Han: "data", "amazon's", "カタカナ"
    Number,  // "2024", "3.5"
    Han,     // terms(): one Han character; words(): a Han dictionary word
};

struct Token {
    std::string term;  // NFKC case-folded
    std::uint32_t position = 0;
    corpus::CharPos start = 0;
    corpus::CharPos end = 0;
    TokenKind kind = TokenKind::Word;

    bool operator==(const Token&) const = default;
};

class Tokenizer {
public:
    Tokenizer();
    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    bool ok() const;

    // Index and query terms, positions from `firstPosition`.
    std::vector<Token> terms(std::string_view utf8, corpus::CharPos base = 0,
                             std::uint32_t firstPosition = 0);
    // Dictionary words (positions are their order).
    std::vector<Token> words(std::string_view utf8, corpus::CharPos base = 0);

    // NFKC case folding of one term, as terms() does it.
    static std::string fold(std::string_view utf8);
    // True when every character of `utf8` is a Han character.
    static bool isHan(std::string_view utf8);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace margin::indexer
