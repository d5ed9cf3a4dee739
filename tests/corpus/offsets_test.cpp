// The offset unit: code points, with conversions to UTF-8 bytes and UTF-16
// units, on the characters that break naive code (QualCoder #1207).
#include "corpus/offsets.h"

#include <string>

#include "tests/test_util.h"

namespace margin::corpus {
namespace {

// "é" precomposed, "q̃" (q + U+0303 COMBINING TILDE: no precomposed form),
// "😀" (U+1F600, outside the BMP), "𠀀" (U+20000, CJK Extension B),
// a family emoji made of three code points joined by ZWJ.
const std::string kMixed = "a\u00e9q\u0303\U0001F600\U00020000\u6559\u5b66";

struct Case {
    std::string text;
    CharPos codePoints;
    std::size_t bytes;
    std::int64_t utf16;
};

TEST(OffsetsTest, CountsEachUnit) {
    const Case cases[] = {
        {"", 0, 0, 0},
        {"abc", 3, 3, 3},
        {"\u00e9", 1, 2, 1},                       // é precomposed
        {"e\u0301", 2, 3, 2},                      // e + combining acute
        {"q\u0303", 2, 3, 2},                      // q + combining tilde
        {"\U0001F600", 1, 4, 2},                   // emoji
        {"\U00020000", 1, 4, 2},                   // CJK Extension B
        {"\u6559\u5b66", 2, 6, 2},                 // 教学
        {"\U0001F468\u200D\U0001F469", 3, 11, 5},  // man ZWJ woman
        {kMixed, 8, 1 + 2 + 3 + 4 + 4 + 6, 1 + 1 + 2 + 2 + 2 + 2},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE("text: " + c.text);
        EXPECT_EQ(codePointCount(c.text), c.codePoints);
        EXPECT_EQ(utf8Offset(c.text, c.codePoints), c.bytes);
        EXPECT_EQ(utf16Offset(c.text, c.codePoints), c.utf16);
        OffsetIndex index(c.text);
        EXPECT_EQ(index.size(), c.codePoints);
        EXPECT_EQ(index.utf8Offset(c.codePoints), c.bytes);
        EXPECT_EQ(index.utf16Offset(c.codePoints), c.utf16);
    }
}

TEST(OffsetsTest, ConvertsEveryPositionBothWays) {
    // Positions in kMixed: a é q ◌̃ 😀 𠀀 教 学
    const std::size_t bytes[] = {0, 1, 3, 4, 6, 10, 14, 17, 20};
    const std::int64_t units[] = {0, 1, 2, 3, 4, 6, 8, 9, 10};
    OffsetIndex index(kMixed);
    for (CharPos pos = 0; pos <= 8; ++pos) {
        SCOPED_TRACE("code point " + std::to_string(pos));
        EXPECT_EQ(utf8Offset(kMixed, pos), bytes[pos]);
        EXPECT_EQ(charPosFromUtf8(kMixed, bytes[pos]), pos);
        EXPECT_EQ(utf16Offset(kMixed, pos), units[pos]);
        EXPECT_EQ(charPosFromUtf16(kMixed, units[pos]), pos);
        EXPECT_EQ(index.utf8Offset(pos), bytes[pos]);
        EXPECT_EQ(index.charPosFromUtf8(bytes[pos]), pos);
        EXPECT_EQ(index.utf16Offset(pos), units[pos]);
        EXPECT_EQ(index.charPosFromUtf16(units[pos]), pos);
    }
}

TEST(OffsetsTest, RefusesPositionsInsideACharacter) {
    OffsetIndex index(kMixed);
    // Byte 7 is inside 😀's four bytes; UTF-16 unit 5 between its surrogates.
    for (std::size_t byte : {2u, 5u, 7u, 8u, 9u, 11u, 15u}) {
        SCOPED_TRACE("byte " + std::to_string(byte));
        EXPECT_EQ(charPosFromUtf8(kMixed, byte), std::nullopt);
        EXPECT_EQ(index.charPosFromUtf8(byte), std::nullopt);
    }
    for (std::int64_t unit : {5, 7}) {
        SCOPED_TRACE("unit " + std::to_string(unit));
        EXPECT_EQ(charPosFromUtf16(kMixed, unit), std::nullopt);
        EXPECT_EQ(index.charPosFromUtf16(unit), std::nullopt);
    }
}

TEST(OffsetsTest, RefusesPositionsOutOfRange) {
    OffsetIndex index(kMixed);
    EXPECT_EQ(utf8Offset(kMixed, 9), std::nullopt);
    EXPECT_EQ(utf8Offset(kMixed, -1), std::nullopt);
    EXPECT_EQ(index.utf8Offset(9), std::nullopt);
    EXPECT_EQ(index.utf16Offset(-1), std::nullopt);
    EXPECT_EQ(charPosFromUtf8(kMixed, kMixed.size() + 1), std::nullopt);
    EXPECT_EQ(charPosFromUtf16(kMixed, 11), std::nullopt);
    EXPECT_EQ(index.charPosFromUtf16(11), std::nullopt);
    EXPECT_EQ(index.charPosFromUtf16(1000), std::nullopt);
}

TEST(OffsetsTest, SlicesByCodePoints) {
    EXPECT_EQ(sliceChars(kMixed, 4, 6), "\U0001F600\U00020000");
    EXPECT_EQ(sliceChars(kMixed, 2, 4), "q\u0303");
    EXPECT_EQ(sliceChars(kMixed, 6, 8), "\u6559\u5b66");
    EXPECT_EQ(sliceChars(kMixed, 8, 8), "");
    EXPECT_EQ(sliceChars(kMixed, 5, 4), std::nullopt);
    EXPECT_EQ(sliceChars(kMixed, 7, 9), std::nullopt);
}

// The index agrees with the linear functions across block boundaries of a
// long text full of astral characters.
TEST(OffsetsTest, IndexAgreesWithLinearWalkOnLongText) {
    std::string text;
    for (int i = 0; i < 500; ++i)
        text += (i % 3 == 0) ? "\U0001F600" : (i % 3 == 1) ? "x" : "\u6559";
    OffsetIndex index(text);
    for (CharPos pos = 0; pos <= codePointCount(text); pos += 7) {
        SCOPED_TRACE("code point " + std::to_string(pos));
        auto byte = utf8Offset(text, pos);
        auto unit = utf16Offset(text, pos);
        ASSERT_TRUE(byte && unit);
        EXPECT_EQ(index.utf8Offset(pos), byte);
        EXPECT_EQ(index.utf16Offset(pos), unit);
        EXPECT_EQ(index.charPosFromUtf8(*byte), pos);
        EXPECT_EQ(index.charPosFromUtf16(*unit), pos);
    }
}

}  // namespace
}  // namespace margin::corpus
