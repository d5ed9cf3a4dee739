#include "indexer/words.h"

#include "corpus/importer.h"
#include "tests/test_util.h"

namespace margin::indexer {
namespace {

using test::TempDir;

class WordsTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = corpus::Store::create(m_dir / "p.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
        test::writeFile(m_dir / "T01.txt",
                        "Interviewer: Data data data?\n"
                        "T01: The data analysis course is weak. Data matters.\n");
        test::writeFile(m_dir / "E01.txt",
                        "访谈者：数据分析重要吗？\n"
                        "张总监：数据分析很重要，我们的数据很多。Data too.\n");
        ASSERT_OK(corpus::importTranscript(*m_store, m_dir / "T01.txt", {}));
        ASSERT_OK(corpus::importTranscript(*m_store, m_dir / "E01.txt", {}));
        corpus::ParticipantTable sheet;
        sheet.source = "people.csv";
        sheet.columns = {{"role", corpus::AttributeType::Category, true}};
        sheet.rows = {{2, "T01", {"teacher"}, {}}, {3, "E01", {"enterprise"}, {}}};
        ASSERT_OK(m_store->importParticipants(sheet));
    }
    std::string rows(const WordCounts& counts) {
        std::string out;
        for (const auto& r : counts.rows) {
            out += (out.empty() ? "" : " ") + r.word + "=" + std::to_string(r.total);
            if (counts.groups.size() > 1) {
                out += "(";
                for (std::size_t i = 0; i < r.perGroup.size(); ++i)
                    out += (i ? "," : "") + std::to_string(r.perGroup[i]);
                out += ")";
            }
        }
        return out;
    }

    TempDir m_dir;
    std::unique_ptr<corpus::Store> m_store;
};

TEST_F(WordsTest, CountsParticipantWordsWithoutStopWords) {
    WordCountOptions options;
    options.stopwords = stopwords();
    options.top = 100;
    auto counts = countWords(*m_store, options);
    ASSERT_OK(counts);
    EXPECT_EQ(counts->groups, std::vector<std::string>{"all"});
    // "data" three times in answers (the interviewer's three are not counted);
    // ICU's dictionary reads 数据分析很重要 as 数据|分析|很|重要.
    EXPECT_EQ(rows(*counts), "data=3 数据=2 analysis=1 course=1 matters=1 weak=1 分析=1 重要=1");
}

TEST_F(WordsTest, ComparesGroups) {
    WordCountOptions options;
    options.stopwords = stopwords();
    options.by = "ROLE";
    options.top = 3;
    auto counts = countWords(*m_store, options);
    ASSERT_OK(counts);
    EXPECT_EQ(counts->groups, (std::vector<std::string>{"enterprise", "teacher"}));
    EXPECT_EQ(rows(*counts), "data=3(1,2) 数据=2(2,0) analysis=1(0,1)");
}

TEST_F(WordsTest, InterviewerAndAllSpeakers) {
    WordCountOptions options;
    options.top = 1;
    options.speaker = corpus::SpeakerKind::Interviewer;
    auto counts = countWords(*m_store, options);
    ASSERT_OK(counts);
    EXPECT_EQ(rows(*counts), "data=3");
    options.speaker = std::nullopt;
    counts = countWords(*m_store, options);
    ASSERT_OK(counts);
    EXPECT_EQ(rows(*counts), "data=6");
}

TEST_F(WordsTest, StopWordsCanBeKept) {
    WordCountOptions options;
    options.top = 100;
    auto counts = countWords(*m_store, options);
    ASSERT_OK(counts);
    EXPECT_NE(rows(*counts).find("the=1"), std::string::npos) << rows(*counts);
    EXPECT_NE(rows(*counts).find("的=1"), std::string::npos) << rows(*counts);
}

TEST_F(WordsTest, UnknownAttributeIsRefused) {
    WordCountOptions options;
    options.by = "colour";
    auto counts = countWords(*m_store, options);
    ASSERT_FALSE(counts.isOk());
    EXPECT_NE(counts.status().message().find("no attribute named 'colour' (attributes: role)"),
              std::string::npos)
        << counts.status().message();
}

}  // namespace
}  // namespace margin::indexer
