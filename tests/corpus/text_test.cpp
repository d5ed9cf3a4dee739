#include "corpus/text.h"

#include "tests/test_util.h"

namespace margin::corpus {
namespace {

TEST(TextTest, NormalizesLineBreaksBomAndNfc) {
    struct Case {
        std::string in, out;
    } cases[] = {
        {"a\r\nb", "a\nb"},
        {"a\rb\r\r\nc", "a\nb\n\nc"},
        {"\xEF\xBB\xBFhello", "hello"},
        {"a\u2028b\u2029c\u0085d", "a\nb\nc\nd"},
        {"e\u0301", "\u00e9"},   // composed
        {"q\u0303", "q\u0303"},  // nothing to compose with
        {"\u6559\u5b66\r\n", "\u6559\u5b66\n"},
        {"\U00020000\U0001F600", "\U00020000\U0001F600"},
        {"\uFF34\uFF10\uFF11", "\uFF34\uFF10\uFF11"},  // NFC keeps full-width letters
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("input: " + c.in);
        std::string got = normalizeText(c.in);
        EXPECT_EQ(got, c.out);
        EXPECT_TRUE(isNormalizedText(got));
    }
    EXPECT_FALSE(isNormalizedText("a\r\nb"));
    EXPECT_FALSE(isNormalizedText("e\u0301"));
    EXPECT_FALSE(isNormalizedText("bad \xFF byte"));
}

TEST(TextTest, FindsFirstInvalidUtf8Byte) {
    struct Case {
        std::string bytes;
        std::size_t expected;
    } cases[] = {
        {"plain", std::string::npos},
        {"\u6559\U0001F600", std::string::npos},
        {"ab\xFF", 2},
        {"ab\xC0\xAF", 2},        // overlong '/'
        {"x\xED\xA0\x80", 1},     // UTF-16 surrogate encoded in UTF-8
        {"\xF4\x90\x80\x80", 0},  // above U+10FFFF
        {"\xE6\x95", 0},          // truncated
        {"ok\x80", 2},            // stray continuation byte
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("bytes: " + c.bytes);
        EXPECT_EQ(firstInvalidUtf8(c.bytes), c.expected);
    }
}

TEST(TextTest, FoldKeyMakesLabelsComparable) {
    EXPECT_EQ(foldKey("Interviewer 1"), foldKey("interviewer1"));
    EXPECT_EQ(foldKey("INTERVIEWER\uFF11"), foldKey("Interviewer1"));  // full-width digit
    EXPECT_EQ(foldKey("\uFF34\uFF10\uFF11"), "t01");
    EXPECT_EQ(foldKey("\u8bbf\u8c08\u8005"), "\u8bbf\u8c08\u8005");
    EXPECT_NE(foldKey("Interviewer 1"), foldKey("Interviewer 2"));
}

TEST(TextTest, DisplayWidthCountsWideCharactersTwice) {
    EXPECT_EQ(displayWidth("abc"), 3);
    EXPECT_EQ(displayWidth("\u738b\u6559\u6388"), 6);  // 王教授
    EXPECT_EQ(displayWidth("e\u0301"), 1);
    EXPECT_EQ(displayWidth("\U00020000"), 2);
}

TEST(TextTest, TrimsAsciiAndIdeographicSpace) {
    EXPECT_EQ(trimSpace("  a b \n"), "a b");
    EXPECT_EQ(trimSpace("\u3000\u6559\u3000"), "\u6559");
    EXPECT_EQ(trimSpace("\u00a0x\u00a0"), "x");
    EXPECT_EQ(trimSpace(" \t\n"), "");
}

TEST(TextTest, ParsesNumbersAsSheetsHoldThem) {
    struct Case {
        const char* in;
        std::optional<double> out;
    } cases[] = {{"3", 3},
                 {" 0.5 ", 0.5},
                 {"+2", 2},
                 {"-1", -1},
                 {"1e3", 1000},
                 {"", std::nullopt},
                 {"three", std::nullopt},
                 {"3 years", std::nullopt},
                 {"inf", std::nullopt},
                 {"nan", std::nullopt},
                 {"1,5", std::nullopt}};
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("input: '") + c.in + "'");
        EXPECT_EQ(parseNumber(c.in), c.out);
    }
}

}  // namespace
}  // namespace margin::corpus
