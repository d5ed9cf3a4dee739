// Acceptance: `margin init` + `margin import` + `margin participants import`
// of the bundled example study gives 18 documents linked to 18 participants
// with the right roles, and the right speaker for every turn.
#include <map>
#include <set>

#include "corpus/csv.h"
#include "corpus/store.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

struct Expected {
    const char* document;
    const char* role;
    int interviewerTurns;
    int participantTurns;
    std::vector<std::string> interviewers;  // display labels
    std::string participantLabel;
    const char* encoding;
};

// Counted independently of Margin with grep over each file's label pattern.
const Expected kStudy[] = {
    {"E01", "enterprise", 17, 17, {"访谈者"}, "张总监", "UTF-8"},
    {"E02", "enterprise", 19, 19, {"Q"}, "Michael Wu", "UTF-8"},
    {"E03", "enterprise", 17, 17, {"访谈者"}, "小何", "UTF-8"},
    {"E04", "enterprise", 20, 20, {"Interviewer"}, "Gao Fei", "UTF-8"},
    {"E05", "enterprise", 17, 17, {"Interviewer 1", "Interviewer 2"}, "Lin Tao", "UTF-8"},
    {"S01", "student", 24, 24, {"问"}, "答", "UTF-8"},
    {"S02", "student", 20, 20, {"Interviewer 1"}, "S02", "UTF-8"},
    {"S03", "student", 18, 18, {"访谈者"}, "周婷", "UTF-16LE"},
    {"S04", "student", 18, 18, {"Interviewer1"}, "Hu Wen", "UTF-8"},
    {"S05", "student", 26, 26, {"I"}, "S05", "UTF-8"},
    {"S06", "student", 21, 21, {"Interviewer"}, "Tang Lei", "UTF-8"},
    {"S07", "student", 20, 20, {"访谈者"}, "吴凡", "UTF-8"},
    {"S08", "student", 19, 19, {"Interviewer"}, "Amy Xu", "UTF-8"},
    {"T01", "teacher", 18, 18, {"访谈者"}, "王教授", "UTF-8"},
    {"T02", "teacher", 17, 17, {"Interviewer"}, "Zhao", "UTF-8"},
    {"T03", "teacher", 17, 17, {"访谈者"}, "李老师", "GB18030"},
    {"T04", "teacher", 21, 21, {"Interviewer"}, "Chen Jing", "UTF-8"},
    {"T05", "teacher", 21, 21, {"Interviewer"}, "Sun Hao", "UTF-8"},
};

class ExampleStudyTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        s_project = (s_dir->path() / "example.margin").string();
        auto init = runMargin({"init", s_project});
        ASSERT_EQ(init.exitCode, 0) << init.describe();
        s_import = new RunResult(
            runMargin({"-p", s_project, "import", (examplesDir() / "study/transcripts").string()}));
        s_participants =
            new RunResult(runMargin({"-p", s_project, "participants", "import",
                                     (examplesDir() / "study/participants.csv").string()}));
    }
    static void TearDownTestSuite() {
        delete s_import;
        delete s_participants;
        delete s_dir;
    }

    static TempDir* s_dir;
    static std::string s_project;
    static RunResult* s_import;
    static RunResult* s_participants;
};
TempDir* ExampleStudyTest::s_dir = nullptr;
std::string ExampleStudyTest::s_project;
RunResult* ExampleStudyTest::s_import = nullptr;
RunResult* ExampleStudyTest::s_participants = nullptr;

TEST_F(ExampleStudyTest, ImportsEveryTranscriptCleanly) {
    EXPECT_EQ(s_import->exitCode, 0) << s_import->describe();
    EXPECT_EQ(s_import->err, "");
    EXPECT_NE(s_import->out.find("imported 18 files"), std::string::npos) << s_import->out;
    EXPECT_EQ(s_participants->exitCode, 0) << s_participants->describe();
    auto check = runMargin({"-p", s_project, "check"});
    EXPECT_EQ(check.exitCode, 0) << check.describe();
    EXPECT_NE(check.out.find("18 documents, 700 turns"), std::string::npos) << check.out;
}

TEST_F(ExampleStudyTest, DocsListsTurnCountsPerDocument) {
    auto docs = runMargin({"-p", s_project, "docs", "--format", "csv"});
    ASSERT_EQ(docs.exitCode, 0) << docs.describe();
    auto rows = corpus::parseCsv(docs.out);
    ASSERT_TRUE(rows.isOk()) << rows.status().message();
    ASSERT_EQ(rows->size(), 19u);  // header + 18
    const auto& header = rows->front().fields;
    EXPECT_EQ(header[1], "name");
    EXPECT_EQ(header[2], "participants");
    EXPECT_EQ(header[3], "turns");
    EXPECT_EQ(header[5], "encoding");
    std::map<std::string, std::vector<std::string>> byName;
    for (std::size_t i = 1; i < rows->size(); ++i)
        byName[(*rows)[i].fields[1]] = (*rows)[i].fields;
    for (const Expected& e : kStudy) {
        SCOPED_TRACE(e.document);
        ASSERT_TRUE(byName.count(e.document));
        const auto& row = byName[e.document];
        EXPECT_EQ(row[2], e.document);  // linked to its participant
        EXPECT_EQ(row[3], std::to_string(e.interviewerTurns + e.participantTurns));
        EXPECT_EQ(row[5], e.encoding);
    }
}

TEST_F(ExampleStudyTest, EveryTurnHasTheRightSpeaker) {
    auto store = corpus::Store::open(s_project);
    ASSERT_OK(store);
    for (const Expected& e : kStudy) {
        SCOPED_TRACE(e.document);
        auto doc = (*store)->findDocument(e.document);
        ASSERT_OK(doc);
        auto turns = (*store)->turns(doc->id);
        ASSERT_OK(turns);
        int interviewer = 0, participant = 0;
        std::set<std::string> interviewerLabels;
        for (const auto& t : *turns) {
            if (t.kind == corpus::SpeakerKind::Interviewer) {
                ++interviewer;
                interviewerLabels.insert(t.speaker);
                EXPECT_EQ(t.participant, std::nullopt);
            } else {
                ++participant;
                EXPECT_EQ(t.speaker, e.participantLabel);
                EXPECT_EQ(t.participant, e.document);
            }
        }
        EXPECT_EQ(interviewer, e.interviewerTurns);
        EXPECT_EQ(participant, e.participantTurns);
        EXPECT_EQ(interviewerLabels,
                  std::set<std::string>(e.interviewers.begin(), e.interviewers.end()));
        // Interviewer and participant alternate: no turn swallowed another.
        for (std::size_t i = 1; i < turns->size(); ++i)
            EXPECT_TRUE((*turns)[i].kind != (*turns)[i - 1].kind ||
                        (*turns)[i].speaker != (*turns)[i - 1].speaker)
                << "two consecutive turns of " << (*turns)[i].speaker << " at "
                << (*turns)[i].start;
    }
}

TEST_F(ExampleStudyTest, ParticipantsHaveTheirRoles) {
    auto list = runMargin({"-p", s_project, "participants", "--format", "csv"});
    ASSERT_EQ(list.exitCode, 0) << list.describe();
    auto rows = corpus::parseCsv(list.out);
    ASSERT_TRUE(rows.isOk()) << rows.status().message();
    ASSERT_EQ(rows->size(), 19u);
    const auto& header = rows->front().fields;
    auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) -
                                        header.begin());
    };
    ASSERT_LT(column("role"), header.size());
    ASSERT_LT(column("industry_years"), header.size());
    std::map<std::string, int> perRole;
    for (std::size_t i = 1; i < rows->size(); ++i) {
        const auto& row = (*rows)[i].fields;
        SCOPED_TRACE(row[0]);
        ++perRole[row[column("role")]];
        EXPECT_EQ(row[column("documents")], row[0]);
        for (const Expected& e : kStudy) {
            if (row[0] == e.document) {
                EXPECT_EQ(row[column("role")], e.role);
            }
        }
    }
    EXPECT_EQ(perRole,
              (std::map<std::string, int>{{"teacher", 5}, {"student", 8}, {"enterprise", 5}}));
}

TEST_F(ExampleStudyTest, ShowGivesTurnsAsJson) {
    auto show = runMargin({"-p", s_project, "show", "T05", "--format", "json"});
    ASSERT_EQ(show.exitCode, 0) << show.describe();
    for (const char* field :
         {"\"speaker\": \"Sun Hao\"", "\"kind\": \"participant\"", "\"participant\": \"T05\"",
          "\"kind\": \"interviewer\"", "\"participant\": null",
          "\"timestamp\": \"00:00:", "\"start\": ", "\"end\": ", "\"text\": "}) {
        EXPECT_NE(show.out.find(field), std::string::npos) << field;
    }
    auto t04 = runMargin({"-p", s_project, "show", "T04"});
    ASSERT_EQ(t04.exitCode, 0) << t04.describe();
    EXPECT_NE(t04.out.find("\nInterview T04 "), std::string::npos) << "the preamble is shown";
    EXPECT_NE(t04.out.find("\n[00:00:04] Interviewer (interviewer)\n"), std::string::npos);
    EXPECT_EQ(t04.out.find("Interviewer:"), std::string::npos) << "labels are not repeated";
    auto text = runMargin({"-p", s_project, "show", "S03"});
    ASSERT_EQ(text.exitCode, 0) << text.describe();
    EXPECT_NE(text.out.find("周婷 (participant S03)"), std::string::npos)
        << text.out.substr(0, 500);
}

}  // namespace
}  // namespace margin::test
