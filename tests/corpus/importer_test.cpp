// Importing transcript files into a real project: names, participants,
// encodings, offsets, duplicates, and failures that leave the project as it was.
#include "corpus/importer.h"

#include "corpus/offsets.h"
#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::TempDir;
using test::writeFile;

const std::string kInterview =
    "Interview T01, 2024-05-01\n"
    "\n"
    "Interviewer: What do students lack?\n"
    "T01: Data analysis, mostly. They can't read an ad report.\n"
    "Interviewer: And teachers?\n"
    "T01: Few of us have run a store.\n"
    "\n"
    "That is the main thing.\n";

class ImporterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = Store::create(m_dir / "p.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
    }
    std::size_t documentCount() {
        auto docs = m_store->documents();
        EXPECT_OK(docs);
        return docs.isOk() ? docs->size() : 0;
    }
    std::string turnText(DocumentId id, std::size_t k) {
        auto text = m_store->documentText(id);
        auto turns = m_store->turns(id);
        EXPECT_OK(text);
        EXPECT_OK(turns);
        if (!text.isOk() || !turns.isOk() || k >= turns->size())
            return "<no turn>";
        return std::string(*sliceChars(*text, (*turns)[k].start, (*turns)[k].end));
    }

    TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

TEST(ImporterNamesTest, DerivesParticipantsFromFileNames) {
    struct Case {
        const char* stem;
        const char* participant;
    } cases[] = {{"T01", "T01"},         {"T01_wang", "T01"},         {"S08-2024-05", "S08"},
                 {"E05 Lin Tao", "E05"}, {"interview", "interview"},  {"王教授", "王教授"},
                 {"T01x", "T01x"},       {"2024-05-01", "2024-05-01"}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.stem);
        EXPECT_EQ(participantFromFileName(c.stem), c.participant);
    }
}

TEST_F(ImporterTest, ImportsATranscriptWithTurnsAndItsParticipant) {
    writeFile(m_dir / "T01_wang.txt", kInterview);
    auto report = importTranscript(*m_store, m_dir / "T01_wang.txt", {});
    ASSERT_OK(report);
    EXPECT_EQ(report->name, "T01_wang");
    EXPECT_EQ(report->turns, 4u);
    EXPECT_EQ(report->interviewerTurns, 2u);
    EXPECT_EQ(report->participants, std::vector<std::string>{"T01"});
    EXPECT_EQ(report->encoding, "UTF-8");
    EXPECT_EQ(turnText(report->id, 0), "What do students lack?");
    EXPECT_EQ(turnText(report->id, 3), "Few of us have run a store.\n\nThat is the main thing.");
    auto turns = m_store->turns(report->id);
    ASSERT_OK(turns);
    EXPECT_EQ((*turns)[1].participant, "T01");
    EXPECT_EQ((*turns)[1].kind, SpeakerKind::Participant);
    EXPECT_EQ((*turns)[0].participant, std::nullopt);
}

TEST_F(ImporterTest, NamesAndParticipantsCanBeGiven) {
    writeFile(m_dir / "a.md", kInterview);
    ImportOptions options;
    options.name = "Wang interview";
    options.participant = "T01";
    auto report = importTranscript(*m_store, m_dir / "a.md", options);
    ASSERT_OK(report);
    auto doc = m_store->findDocument("Wang interview");
    ASSERT_OK(doc);
    EXPECT_EQ(doc->sourceFormat, "md");
    EXPECT_EQ(doc->sourceName, "a.md");
    EXPECT_EQ(doc->participants, std::vector<std::string>{"T01"});
}

TEST_F(ImporterTest, OffsetsSurviveCrlfEmojiAndExtensionB) {
    std::string text =
        "Interviewer: Say something \U0001F600\r\n"
        "T01: \U00020000\u8bfe\u7a0b e\u0301 done\r\n"  // 𠀀课程 é (decomposed in the file)
        "Interviewer: Thanks.\r\n";
    writeFile(m_dir / "T01.txt", text);
    auto report = importTranscript(*m_store, m_dir / "T01.txt", {});
    ASSERT_OK(report);
    EXPECT_EQ(turnText(report->id, 0), "Say something \U0001F600");
    EXPECT_EQ(turnText(report->id, 1), "\U00020000\u8bfe\u7a0b \u00e9 done");  // NFC
    EXPECT_EQ(turnText(report->id, 2), "Thanks.");
    auto turns = m_store->turns(report->id);
    ASSERT_OK(turns);
    EXPECT_EQ((*turns)[1].start, 34);  // code points, not bytes (37) or UTF-16 units (35)
    auto stored = m_store->documentText(report->id);
    ASSERT_OK(stored);
    EXPECT_EQ(stored->find('\r'), std::string::npos);
}

TEST_F(ImporterTest, DecodesGbkAndUtf16) {
    const std::string chinese =
        "\u8bbf\u8c08\u8005\uff1a\u60a8\u600e\u4e48\u770b\u8bfe\u7a0b\uff1f\n"  // 访谈者：您怎么看课程？
        "\u674e\u8001\u5e08\uff1a\u8bfe\u7a0b\u5185\u5bb9\u8fc7\u65f6\u4e86\uff0c"
        "\u5b66\u751f\u7528\u7684\u8fd8\u662f\u4e94\u5e74\u524d\u7684\u6559\u6750\u3002\n"
        "\u8bbf\u8c08\u8005\uff1a\u5b9e\u8df5\u6559\u5b66\u5462\uff1f\n"
        "\u674e\u8001\u5e08\uff1a\u6a21\u62df\u8f6f\u4ef6\u8ddf\u771f\u5b9e\u5e73\u53f0"
        "\u5dee\u5f97\u592a\u8fdc\u4e86\u3002\n";
    std::string utf16 = "\xFF\xFE" + test::encode(chinese, "UTF-16LE");
    writeFile(m_dir / "T03.txt", test::encode(chinese, "GBK"));
    writeFile(m_dir / "S03.txt", utf16);
    ImportOptions gbk;
    gbk.encoding = "GBK";  // short text: name it rather than rely on detection
    auto a = importTranscript(*m_store, m_dir / "T03.txt", gbk);
    ASSERT_OK(a);
    auto b = importTranscript(*m_store, m_dir / "S03.txt", {});
    ASSERT_OK(b);
    EXPECT_EQ(b->encoding, "UTF-16LE");
    for (DocumentId id : {a->id, b->id}) {
        auto text = m_store->documentText(id);
        ASSERT_OK(text);
        EXPECT_EQ(*text, chinese);
        EXPECT_EQ(turnText(id, 0), "\u60a8\u600e\u4e48\u770b\u8bfe\u7a0b\uff1f");
    }
}

TEST_F(ImporterTest, RefusesTheSameBytesTwiceUnlessForced) {
    writeFile(m_dir / "T01.txt", kInterview);
    writeFile(m_dir / "copy/T01-again.txt", kInterview);
    ASSERT_OK(importTranscript(*m_store, m_dir / "T01.txt", {}));
    auto again = importTranscript(*m_store, m_dir / "copy/T01-again.txt", {});
    ASSERT_FALSE(again.isOk());
    EXPECT_EQ(again.status().code(), Status::Code::AlreadyExists);
    EXPECT_NE(again.status().message().find("T01-again.txt"), std::string::npos);
    EXPECT_NE(again.status().message().find("already imported as document 'T01'"),
              std::string::npos);
    EXPECT_EQ(documentCount(), 1u);

    ImportOptions force;
    force.force = true;
    auto forced = importTranscript(*m_store, m_dir / "T01.txt", force);
    ASSERT_OK(forced);
    EXPECT_EQ(forced->name, "T01 (2)");
    EXPECT_EQ(documentCount(), 2u);
}

TEST_F(ImporterTest, RefusesANameAlreadyTaken) {
    writeFile(m_dir / "a/T01.txt", kInterview);
    writeFile(m_dir / "b/T01.txt", kInterview + "More.\n");
    ASSERT_OK(importTranscript(*m_store, m_dir / "a/T01.txt", {}));
    auto clash = importTranscript(*m_store, m_dir / "b/T01.txt", {});
    ASSERT_FALSE(clash.isOk());
    EXPECT_NE(clash.status().message().find("a document named 'T01' already exists"),
              std::string::npos);
    EXPECT_EQ(documentCount(), 1u);
}

TEST_F(ImporterTest, BadFilesAreRefusedNamingTheFileAndChangeNothing) {
    ASSERT_OK(importTranscript(*m_store,
                               (writeFile(m_dir / "T01.txt", kInterview), m_dir / "T01.txt"), {}));
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    std::string badUtf8 = kInterview;
    badUtf8.insert(40, "\xC3\x28");  // "Ã(" is not UTF-8; the rest of the file is
    badUtf8 += "\u6559\u5b66 \u6559\u5b66 \u6559\u5b66\n";
    struct Case {
        std::string file;
        std::string bytes;  // empty: do not create
        std::string expected;
    } cases[] = {
        {"empty.txt", std::string("\0", 0), "the file is empty"},
        {"blank.txt", " \n\n\t\n", "the file is empty"},
        {"bom-only.txt", "\xEF\xBB\xBF", "the file is empty"},
        {"image.txt", png, "binary file"},
        {"broken.txt", badUtf8, "byte 40"},
        {"interview.mp3", "ID3\x04", "unsupported file type '.mp3'"},
        {"missing.txt", "", "no such file"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        if (c.file != "missing.txt")
            writeFile(m_dir / c.file, c.bytes);
        auto report = importTranscript(*m_store, m_dir / c.file, {});
        ASSERT_FALSE(report.isOk());
        const std::string& message = report.status().message();
        EXPECT_NE(message.find(c.file), std::string::npos) << message;
        EXPECT_NE(message.find(c.expected), std::string::npos) << message;
    }
    EXPECT_EQ(documentCount(), 1u);
    auto people = m_store->participants();
    ASSERT_OK(people);
    EXPECT_EQ(people->size(), 1u);
}

TEST_F(ImporterTest, FocusGroupSpeakersAreMatchedToKnownParticipants) {
    writeFile(m_dir / "S01.txt", "Interviewer: Hi\nS01: Hello there.\n");
    writeFile(m_dir / "S02.txt", "Interviewer: Hi\nS02: Hello there, too.\n");
    ASSERT_OK(importTranscript(*m_store, m_dir / "S01.txt", {}));
    ASSERT_OK(importTranscript(*m_store, m_dir / "S02.txt", {}));
    writeFile(m_dir / "FG1.txt",
              "Moderator: What about internships?\n"
              "S01: Odd jobs, mostly.\n"
              "S02: Customer service.\n"
              "Visitor: I agree.\n"
              "Moderator: Anything else?\n"
              "S01: No.\n"
              "S02: No.\n"
              "Visitor: Nothing.\n");
    auto report = importTranscript(*m_store, m_dir / "FG1.txt", {});
    ASSERT_OK(report);
    EXPECT_EQ(report->participants, (std::vector<std::string>{"S01", "S02"}));
    auto turns = m_store->turns(report->id);
    ASSERT_OK(turns);
    ASSERT_EQ(turns->size(), 8u);
    EXPECT_EQ((*turns)[1].participant, "S01");
    EXPECT_EQ((*turns)[2].participant, "S02");
    EXPECT_EQ((*turns)[3].participant, std::nullopt);  // "Visitor" is no participant
    EXPECT_EQ((*turns)[3].kind, SpeakerKind::Participant);
}

TEST(ImportPlanTest, ExpandsFoldersInNameOrderAndListsWhatItSkips) {
    TempDir dir;
    writeFile(dir / "in/b.txt", "x");
    writeFile(dir / "in/a.md", "x");
    writeFile(dir / "in/sub/c.TXT", "x");
    writeFile(dir / "in/.hidden.txt", "x");
    writeFile(dir / "in/.git/d.txt", "x");
    writeFile(dir / "in/audio.m4a", "x");
    writeFile(dir / "single.txt", "x");
    auto plan = planImport({dir / "in", dir / "single.txt", dir / "nowhere"});
    std::vector<std::filesystem::path> expected = {dir / "in/a.md", dir / "in/b.txt",
                                                   dir / "in/sub/c.TXT", dir / "single.txt"};
    EXPECT_EQ(plan.files, expected);
    ASSERT_EQ(plan.skipped.size(), 1u);
    EXPECT_EQ(plan.skipped[0].first, dir / "in/audio.m4a");
    ASSERT_EQ(plan.errors.size(), 1u);
    EXPECT_NE(plan.errors[0].message().find("nowhere"), std::string::npos);
}

// A long transcript (about 6 MB, 20,000 turns) imports whole.
TEST_F(ImporterTest, ImportsALargeTranscript) {
    std::string text;
    for (int i = 0; i < 10000; ++i) {
        text += "Interviewer: Question " + std::to_string(i) + " about the curriculum?\n";
        text +=
            "T09: \u8bfe\u7a0b\u5185\u5bb9\u8ddf\u4e0d\u4e0a\u884c\u4e1a "
            "the simulation software is far from Amazon. \U0001F600 " +
            std::string(400, 'x') + "\n";
    }
    writeFile(m_dir / "T09.txt", text);
    auto report = importTranscript(*m_store, m_dir / "T09.txt", {});
    ASSERT_OK(report);
    EXPECT_EQ(report->turns, 20000u);
    auto problems = m_store->check();
    ASSERT_OK(problems);
    EXPECT_TRUE(problems->empty());
}

}  // namespace
}  // namespace margin::corpus
