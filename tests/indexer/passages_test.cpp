#include "indexer/passages.h"

#include "corpus/offsets.h"
#include "tests/test_util.h"

namespace margin::indexer {
namespace {

corpus::Turn turn(std::int64_t id, corpus::CharPos start, corpus::CharPos end) {
    corpus::Turn t;
    t.id = id;
    t.start = start;
    t.end = end;
    t.speaker = "P1";
    t.participant = "P1";
    return t;
}

TEST(PassagesTest, ShortTurnsAreOnePassageEach) {
    std::string text = "Interviewer: Hi.\nP1: Hello there.\n";
    Tokenizer tokenizer;
    auto passages = splitPassages(1, text, {turn(1, 13, 16), turn(2, 21, 33)}, tokenizer);
    ASSERT_EQ(passages.size(), 2u);
    EXPECT_EQ(passages[1].start, 21);
    EXPECT_EQ(passages[1].end, 33);
    EXPECT_EQ(passages[1].turn, 2);
    EXPECT_EQ(passages[1].participant, "P1");
}

TEST(PassagesTest, LongTurnsAreCutAtSentencesIntoAboutThreeHundredWords) {
    struct Case {
        std::string label;
        std::string sentence;
        int sentences;
    } cases[] = {
        {"English", "The simulation software is nothing like the real platform we use. ", 150},
        {"Chinese", "模拟软件跟真实平台差得太远了，数据都是假的。", 200},
    };
    Tokenizer tokenizer;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label);
        std::string body;
        for (int i = 0; i < c.sentences; ++i)
            body += c.sentence;
        std::string text = "P1: " + body;
        corpus::CharPos end = corpus::codePointCount(text);
        auto passages = splitPassages(1, text, {turn(7, 4, end)}, tokenizer);
        ASSERT_GE(passages.size(), 2u);
        corpus::CharPos previous = 4;
        for (const auto& p : passages) {
            EXPECT_EQ(p.turn, 7);
            EXPECT_GE(p.start, previous);
            previous = p.end;
            auto slice = corpus::sliceChars(text, p.start, p.end);
            ASSERT_TRUE(slice);
            std::size_t words = tokenizer.words(*slice).size();
            EXPECT_LE(words, 330u);  // about 300, ending at a sentence
            // Each passage starts a sentence.
            EXPECT_TRUE(slice->starts_with(c.sentence.substr(0, 6))) << *slice;
        }
        EXPECT_EQ(passages.front().start, 4);
        EXPECT_EQ(passages.back().end, end - (c.label == "English" ? 1 : 0));
    }
}

TEST(PassagesTest, DocumentsWithoutTurnsAreCutIntoParagraphs) {
    std::string text = "First paragraph.\n\nSecond one.\n\n\nThird.";
    Tokenizer tokenizer;
    auto passages = splitPassages(3, text, {}, tokenizer);
    ASSERT_EQ(passages.size(), 3u);
    EXPECT_EQ(corpus::sliceChars(text, passages[1].start, passages[1].end), "Second one.");
    EXPECT_EQ(passages[1].turn, std::nullopt);
    EXPECT_EQ(passages[2].start, 32);
}

}  // namespace
}  // namespace margin::indexer
