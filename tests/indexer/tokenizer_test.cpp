// The tokenizer, as tables: input -> "term[position]" lists, Xapian-style.
#include "indexer/tokenizer.h"

#include "tests/test_util.h"

namespace margin::indexer {
namespace {

std::string termList(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& t : tokens)
        out += (out.empty() ? "" : " ") + t.term + "[" + std::to_string(t.position) + "]";
    return out;
}

std::string wordList(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& t : tokens)
        out += (out.empty() ? "" : " ") + t.term;
    return out;
}

TEST(TokenizerTest, TermsWithPositions) {
    struct Case {
        const char* text;
        const char* terms;
    } cases[] = {
        {"", ""},
        {"  ...  ", ""},
        {"Data analysis", "data[0] analysis[1]"},
        {"data, analysis!", "data[0] analysis[1]"},
        {"DATA Ａｎａｌｙｓｉｓ １２", "data[0] analysis[1] 12[2]"},
        {"It's 3.5 hours", "it's[0] 3.5[1] hours[2]"},
        {"实践教学", "实[0] 践[1] 教[2] 学[3]"},
        {"教，学", "教[0] 学[2]"},
        {"教 学", "教[0] 学[2]"},
        {"用Excel做数据", "用[0] excel[1] 做[2] 数[3] 据[4]"},
        {"用 Excel 做", "用[0] excel[2] 做[4]"},
        {"listing 要每周 review", "listing[0] 要[2] 每[3] 周[4] review[6]"},
        {"TikTok Shop（抖音）", "tiktok[0] shop[1] 抖[3] 音[4]"},
        {"emoji 😀 here", "emoji[0] here[1]"},
        {"\U00020000\u5b66", "\U00020000[0] \u5b66[1]"},  // CJK Extension B is Han
        {"cafe\u0301", "café[0]"},                        // NFKC composes
    };
    Tokenizer tokenizer;
    ASSERT_TRUE(tokenizer.ok());
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("text: ") + c.text);
        EXPECT_EQ(termList(tokenizer.terms(c.text)), c.terms);
    }
}

TEST(TokenizerTest, WordsFollowTheDictionary) {
    struct Case {
        const char* text;
        const char* words;
    } cases[] = {
        {"实践教学很重要", "实践 教学 很 重要"},
        {"Practical teaching matters", "practical teaching matters"},
        {"数据分析 ability", "数据 分析 ability"},
    };
    Tokenizer tokenizer;
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("text: ") + c.text);
        EXPECT_EQ(wordList(tokenizer.words(c.text)), c.words);
    }
}

TEST(TokenizerTest, OffsetsAreCodePoints) {
    Tokenizer tokenizer;
    // 😀 and 𠀀 are one code point each (two UTF-16 units, four bytes).
    auto tokens = tokenizer.terms("😀 data 𠀀学 café", 100);
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_EQ(tokens[0].start, 102);
    EXPECT_EQ(tokens[0].end, 106);
    EXPECT_EQ(tokens[1].start, 107);
    EXPECT_EQ(tokens[1].end, 108);
    EXPECT_EQ(tokens[2].start, 108);
    EXPECT_EQ(tokens[3].start, 110);
    EXPECT_EQ(tokens[3].end, 114);
}

TEST(TokenizerTest, QueryAndTextAgree) {
    // A query tokenized alone has the same relative positions as in the text.
    Tokenizer tokenizer;
    for (const char* phrase : {"实践教学", "数据分析能力", "用 Excel", "TikTok Shop"}) {
        SCOPED_TRACE(phrase);
        auto query = tokenizer.terms(phrase);
        auto text = tokenizer.terms(std::string("我们的") + phrase + "很重要");
        ASSERT_FALSE(query.empty());
        auto first = std::find_if(text.begin(), text.end(),
                                  [&](const Token& t) { return t.term == query[0].term; });
        ASSERT_NE(first, text.end());
        for (std::size_t i = 0; i < query.size(); ++i) {
            EXPECT_EQ(first[static_cast<std::ptrdiff_t>(i)].term, query[i].term);
            EXPECT_EQ(first[static_cast<std::ptrdiff_t>(i)].position - first->position,
                      query[i].position - query[0].position);
        }
    }
}

}  // namespace
}  // namespace margin::indexer
