// The command line as a user meets it: help, usage errors, and bad input
// that gets one clear error line, a non-zero exit and no change to the project.
#include <sqlite3.h>

#include "corpus/sha256.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

const std::string kGood =
    "Interviewer: What is missing from the courses?\n"
    "T01: Data analysis. Nobody teaches pivot tables properly.\n"
    "Interviewer: And practice?\n"
    "T01: The simulation software is nothing like Amazon.\n";

// Number of lines in `text`.
int lines(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_project = (m_dir / "p.margin").string();
        auto init = runMargin({"init", m_project});
        ASSERT_EQ(init.exitCode, 0) << init.describe();
        writeFile(m_dir / "in/T01.txt", kGood);
        auto import = runMargin({"-p", m_project, "import", (m_dir / "in/T01.txt").string()});
        ASSERT_EQ(import.exitCode, 0) << import.describe();
    }
    // What the project holds, as the user would list it.
    std::string snapshot() {
        auto docs = runMargin({"-p", m_project, "docs", "--format", "csv"});
        auto people = runMargin({"-p", m_project, "participants", "--format", "csv"});
        auto show = runMargin({"-p", m_project, "show", "T01", "--format", "json"});
        return docs.out + people.out + show.out;
    }

    TempDir m_dir;
    std::string m_project;
};

TEST(CliUsageTest, HelpAndUsageErrors) {
    struct Case {
        std::vector<std::string> args;
        int exitCode;
        std::string inOut;  // expected on stdout
        std::string inErr;  // expected on stderr
    } cases[] = {
        {{"--help"}, 0, "usage: margin", ""},
        {{"--version"}, 0, "Xapian", ""},
        {{}, 2, "", "usage: margin"},
        {{"frobnicate"}, 2, "", "unknown command 'frobnicate'"},
        {{"--frob"}, 2, "", "unknown option '--frob'"},
        {{"import", "--help"}, 0, "--speaker-pattern", ""},
        {{"init", "--help"}, 0, "usage: margin [-p PROJECT] init", ""},
        {{"docs", "--help"}, 0, "--format", ""},
        {{"show", "--help"}, 0, "code points", ""},
        {{"check", "--help"}, 0, "integrity", ""},
        {{"participants", "--help"}, 0, "participant", ""},
        {{"init"}, 2, "", "missing PATH"},
        {{"init", "a", "b"}, 2, "", "unexpected argument 'b'"},
        {{"docs"}, 2, "", "no project given"},
        {{"-p", "x.margin", "import"}, 2, "", "missing FILE|DIR..."},
        {{"-p", "x.margin", "docs", "--format", "xml"}, 2, "", "unknown format 'xml'"},
        {{"-p", "x.margin", "docs", "--color"}, 2, "", "unknown option '--color'"},
        {{"-p", "x.margin", "show"}, 2, "", "missing DOC"},
        {{"-p", "x.margin", "import", "--encoding"}, 2, "", "needs a NAME"},
        {{"-p", "x.margin", "import", "--speaker-pattern", "([", "a.txt"},
         2,
         "",
         "invalid speaker pattern"},
        {{"-p", "x.margin", "participants", "export"}, 2, "", "unknown subcommand 'export'"},
    };
    for (const auto& c : cases) {
        std::string line;
        for (const auto& a : c.args)
            line += a + " ";
        SCOPED_TRACE("margin " + line);
        auto r = runMargin(c.args);
        EXPECT_EQ(r.exitCode, c.exitCode) << r.describe();
        EXPECT_NE(r.out.find(c.inOut), std::string::npos) << r.describe();
        EXPECT_NE(r.err.find(c.inErr), std::string::npos) << r.describe();
    }
}

TEST_F(CliTest, ProjectComesFromOptionOrEnvironment) {
    auto fromEnv = runMargin({"docs"}, {{"MARGIN_PROJECT", m_project}});
    EXPECT_EQ(fromEnv.exitCode, 0) << fromEnv.describe();
    EXPECT_NE(fromEnv.out.find("T01"), std::string::npos);
    auto optionAfterCommand = runMargin({"docs", "-p", m_project});
    EXPECT_EQ(optionAfterCommand.exitCode, 0) << optionAfterCommand.describe();
    auto optionWins = runMargin({"-p", m_project, "docs"}, {{"MARGIN_PROJECT", "/nonexistent"}});
    EXPECT_EQ(optionWins.exitCode, 0) << optionWins.describe();
}

TEST_F(CliTest, ListingsComeInThreeFormats) {
    auto table = runMargin({"-p", m_project, "docs"});
    auto csv = runMargin({"-p", m_project, "docs", "--format", "csv"});
    auto json = runMargin({"-p", m_project, "docs", "--format", "json"});
    EXPECT_EQ(table.out.substr(0, 4), "id  ");
    EXPECT_EQ(csv.out.substr(0, 34), "id,name,participants,turns,charact");
    EXPECT_NE(json.out.find("\"name\": \"T01\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"turns\": 4"), std::string::npos) << json.out;
}

TEST_F(CliTest, BadProjectsGiveOneClearError) {
    writeFile(m_dir / "notes.txt", "not a project\n");
    writeFile(m_dir / "future.margin", readFile(m_project));
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((m_dir / "future.margin").string().c_str(), &db), SQLITE_OK);
        sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version = 99", nullptr, nullptr,
                     nullptr);
        sqlite3_close(db);
    }
    struct Case {
        std::string project;
        std::string expected;
    } cases[] = {
        {(m_dir / "notes.txt").string(), "not a Margin project"},
        {(m_dir / "future.margin").string(), "newer version of Margin"},
        {(m_dir / "missing.margin").string(), "no such project"},
        {m_dir.path().string(), "is a directory"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.project);
        bool isFile = std::filesystem::is_regular_file(c.project);
        std::string before = isFile ? corpus::sha256Hex(readFile(c.project)) : "";
        for (const std::vector<std::string>& command :
             {std::vector<std::string>{"docs"},
              {"check"},
              {"import", (m_dir / "in/T01.txt").string()}}) {
            std::vector<std::string> args = {"-p", c.project};
            args.insert(args.end(), command.begin(), command.end());
            auto r = runMargin(args);
            EXPECT_EQ(r.exitCode, 1) << r.describe();
            EXPECT_EQ(lines(r.err), 1) << r.describe();
            EXPECT_NE(r.err.find(c.project), std::string::npos) << r.describe();
            EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.describe();
        }
        if (isFile) {
            EXPECT_EQ(corpus::sha256Hex(readFile(c.project)), before);
        }
        EXPECT_FALSE(std::filesystem::exists(c.project + "-wal"));
    }
}

TEST_F(CliTest, InitRefusesAnExistingFile) {
    std::string before = readFile(m_project);
    auto r = runMargin({"init", m_project});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.describe();
    EXPECT_EQ(readFile(m_project), before);
}

TEST_F(CliTest, BadTranscriptsGiveOneClearErrorAndChangeNothing) {
    std::string badUtf8 = kGood;
    badUtf8[20] = '\xFF';
    badUtf8 += "\u6559\u5b66\u6539\u9769\n";
    writeFile(m_dir / "bad/empty.txt", "");
    writeFile(m_dir / "bad/binary.txt", std::string("\x7f"
                                                    "ELF\x02\x01\x01\0\0\0\0\0",
                                                    12));
    writeFile(m_dir / "bad/invalid-utf8.txt", badUtf8);
    writeFile(m_dir / "bad/undetectable.txt", std::string("\x81\x8d\x8f\x90\x9d\x81\x8d", 7));
    writeFile(m_dir / "bad/duplicate.txt", kGood);
    struct Case {
        std::string file;
        std::string expected;
    } cases[] = {
        {"bad/empty.txt", "the file is empty"},
        {"bad/binary.txt", "binary file"},
        {"bad/invalid-utf8.txt", "at byte 20"},
        {"bad/undetectable.txt", "--encoding"},
        {"bad/duplicate.txt", "already imported as document 'T01'"},
        {"bad/nowhere.txt", "no such file"},
    };
    std::string before = snapshot();
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        auto path = (m_dir / c.file).string();
        auto r = runMargin({"-p", m_project, "import", path});
        EXPECT_EQ(r.exitCode, 1) << r.describe();
        EXPECT_EQ(lines(r.err), 1) << r.describe();
        EXPECT_NE(r.err.find(path), std::string::npos) << r.describe();
        EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.describe();
        EXPECT_NE(r.out.find("imported 0 files"), std::string::npos) << r.describe();
    }
    EXPECT_EQ(snapshot(), before);
    auto check = runMargin({"-p", m_project, "check"});
    EXPECT_EQ(check.exitCode, 0) << check.describe();
}

TEST_F(CliTest, AFolderOfMixedFilesKeepsTheGoodOnes) {
    writeFile(m_dir / "mixed/S01.txt",
              "Interviewer: Hi\nS01: Hello.\nInterviewer: Bye\nS01: Bye.\n");
    writeFile(m_dir / "mixed/S02.txt", "Interviewer: Hi\nS02: Yo.\nInterviewer: Bye\nS02: Ciao.\n");
    writeFile(m_dir / "mixed/broken.txt", std::string("\0\0\0\1binary", 10));
    writeFile(m_dir / "mixed/empty.txt", "");
    writeFile(m_dir / "mixed/sub/S03.md",
              "Interviewer: Hi\nS03: Hey.\nInterviewer: Bye\nS03: Bye.\n");
    writeFile(m_dir / "mixed/photo.jpg", "\xFF\xD8\xFF");
    auto r = runMargin({"-p", m_project, "import", (m_dir / "mixed").string()});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.out.find("imported 3 files, skipped 1 (not a format Margin imports), 2 failed\n"),
              std::string::npos)
        << r.describe();
    // A long import repeats the reasons at the end, where its reader looks.
    EXPECT_NE(r.err.find("margin: failed: " + (m_dir / "mixed/broken.txt").string()),
              std::string::npos)
        << r.describe();
    EXPECT_NE(r.err.find("broken.txt: binary file"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("empty.txt: the file is empty"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("skipped " + (m_dir / "mixed/photo.jpg").string()), std::string::npos)
        << r.describe();
    auto docs = runMargin({"-p", m_project, "docs", "--format", "csv"});
    for (const char* name : {"S01", "S02", "S03", "T01"}) {
        EXPECT_NE(docs.out.find(std::string(",") + name + ","), std::string::npos) << name;
    }
    EXPECT_EQ(lines(docs.out), 5) << docs.out;
    auto again = runMargin(
        {"-p", m_project, "import", "--skip-existing", (m_dir / "mixed/S01.txt").string()});
    EXPECT_EQ(again.exitCode, 0) << again.describe();
    EXPECT_NE(again.out.find("imported 0 files, 1 already in the project\n"), std::string::npos)
        << again.describe();
    auto twice = runMargin({"-p", m_project, "import", (m_dir / "mixed/S01.txt").string()});
    EXPECT_EQ(twice.exitCode, 1) << twice.describe();
    EXPECT_NE(twice.out.find("imported 0 files, 1 already in the project (--skip-existing skips "
                             "them, --force imports them again)"),
              std::string::npos)
        << twice.describe();
}

TEST_F(CliTest, ImportOptionsNameTheDocumentParticipantAndInterviewer) {
    writeFile(m_dir / "raw/interview-3.txt",
              "Lecturer: How is the teaching?\nWang: Too theoretical.\n"
              "Lecturer: And the exams?\nWang: Closed-book, mostly.\n");
    auto r = runMargin({"-p", m_project, "import", "--name", "Wang 2024", "--participant", "T02",
                        "--interviewer", "Lecturer", (m_dir / "raw/interview-3.txt").string()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("as 'Wang 2024': 4 turns (2 interviewer)"), std::string::npos)
        << r.describe();
    EXPECT_NE(r.out.find("participant T02"), std::string::npos) << r.describe();
    auto show = runMargin({"-p", m_project, "show", "Wang 2024", "--format", "json"});
    EXPECT_NE(show.out.find("\"speaker\": \"Lecturer\",\n      \"kind\": \"interviewer\""),
              std::string::npos)
        << show.out;
    auto many = runMargin({"-p", m_project, "import", "--name", "X", (m_dir / "raw").string()});
    EXPECT_EQ(many.exitCode, 2) << many.describe();
}

TEST_F(CliTest, SpeakerPatternOverridesDetection) {
    writeFile(
        m_dir / "raw/T07.txt",
        "-- INT -- Welcome.\n-- T07 -- Thank you.\n-- INT -- Shall we start?\n-- T07 -- Yes.\n");
    auto r = runMargin({"-p", m_project, "import", "--speaker-pattern", "-- (?<speaker>\\w+) --",
                        "--interviewer", "INT", (m_dir / "raw/T07.txt").string()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("4 turns (2 interviewer), speakers INT, T07"), std::string::npos)
        << r.describe();
}

TEST_F(CliTest, ShowRefusesAnUnknownDocument) {
    auto r = runMargin({"-p", m_project, "show", "T99"});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("no document named 'T99'"), std::string::npos) << r.describe();
}

TEST_F(CliTest, BadParticipantSheetsChangeNothing) {
    writeFile(m_dir / "good.csv", "participant,document,role,years:number\nT01,T01,teacher,3\n");
    auto good =
        runMargin({"-p", m_project, "participants", "import", (m_dir / "good.csv").string()});
    ASSERT_EQ(good.exitCode, 0) << good.describe();
    writeFile(m_dir / "notnumber.csv", "participant,years\nT01,three\n");
    writeFile(m_dir / "nodoc.csv", "participant,document\nT02,T99\n");
    writeFile(m_dir / "noparticipant.csv", "name,role\nT01,teacher\n");
    writeFile(m_dir / "quote.csv", "participant,role\nT01,\"teacher\n");
    struct Case {
        std::string file;
        std::string expected;
    } cases[] = {
        {"notnumber.csv", "line 2, column 'years': 'three' is not a number"},
        {"nodoc.csv", "no document named 'T99'"},
        {"noparticipant.csv", "no 'participant' column"},
        {"quote.csv", "line 2: quoted field is never closed"},
        {"missing.csv", "no such file"},
    };
    std::string before = snapshot();
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        auto path = (m_dir / c.file).string();
        auto r = runMargin({"-p", m_project, "participants", "import", path});
        EXPECT_EQ(r.exitCode, 1) << r.describe();
        EXPECT_EQ(lines(r.err), 1) << r.describe();
        EXPECT_NE(r.err.find(path), std::string::npos) << r.describe();
        EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.describe();
    }
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CliTest, ParticipantSheetEncodingCanBeNamed) {
    // "T01,教師" in Big5: too short for detection to tell.
    writeFile(m_dir / "big5.csv", "participant,role\nT01,\xB1\xD0\xAEv\n");
    auto guessed =
        runMargin({"-p", m_project, "participants", "import", (m_dir / "big5.csv").string()});
    EXPECT_EQ(guessed.exitCode, 1) << guessed.describe();
    EXPECT_NE(guessed.err.find("--encoding"), std::string::npos) << guessed.describe();
    auto named = runMargin({"-p", m_project, "participants", "import", "--encoding", "Big5",
                            (m_dir / "big5.csv").string()});
    ASSERT_EQ(named.exitCode, 0) << named.describe();
    auto list = runMargin({"-p", m_project, "participants", "--format", "csv"});
    EXPECT_NE(list.out.find("T01,T01,\u6559\u5e2b"), std::string::npos) << list.out;
    // The same in GBK ("教师") is recognised: its bytes pair into Chinese characters.
    writeFile(m_dir / "gbk.csv", "participant,role\nT02,\xBD\xCC\xCA\xA6\n");
    auto gbk = runMargin({"-p", m_project, "participants", "import", (m_dir / "gbk.csv").string()});
    ASSERT_EQ(gbk.exitCode, 0) << gbk.describe();
    list = runMargin({"-p", m_project, "participants", "--format", "csv"});
    EXPECT_NE(list.out.find("T02,,\u6559\u5e08"), std::string::npos) << list.out;
}

TEST_F(CliTest, CheckReportsADamagedProject) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(m_project.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "UPDATE turns SET \"end\" = 100000 WHERE id = 1", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto r = runMargin({"-p", m_project, "check"});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("outside the text"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("1 problem found"), std::string::npos) << r.describe();
}

}  // namespace
}  // namespace margin::test
