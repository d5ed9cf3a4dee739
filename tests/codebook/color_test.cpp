#include "codebook/color.h"

#include "tests/test_util.h"

namespace margin::codebook {
namespace {

TEST(ColorTest, ParsesHexColours) {
    struct Case {
        const char* in;
        const char* out;
    } cases[] = {
        {"#e15759", "#E15759"}, {"E15759", "#E15759"}, {"#abc", "#AABBCC"}, {"#4E79A7", "#4E79A7"}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.in);
        auto color = parseColor(c.in);
        ASSERT_OK(color);
        EXPECT_EQ(*color, c.out);
    }
}

TEST(ColorTest, RefusesOtherText) {
    for (const char* bad : {"", "#", "red", "#12345", "#GGGGGG", "#1234567", "rgb(1,2,3)"}) {
        SCOPED_TRACE(bad);
        auto color = parseColor(bad);
        ASSERT_FALSE(color.isOk());
        EXPECT_NE(color.status().message().find("not a colour"), std::string::npos);
    }
}

TEST(ColorTest, DefaultPaletteCyclesThroughDistinctColours) {
    EXPECT_NE(defaultColor(0), defaultColor(1));
    EXPECT_EQ(defaultColor(0), defaultColor(12));
    EXPECT_OK(parseColor(defaultColor(5)));
}

}  // namespace
}  // namespace margin::codebook
