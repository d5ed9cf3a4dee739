// Acceptance: a team codes copies of the example study and merges them with
// the real `margin` binary. Each coder's codings come in under their name;
// merging twice adds nothing; `margin undo` takes a merge back whole; a code
// whose definition was edited in a copy and a transcript imported from a
// modified file are reported, never silently resolved. Also `coders`.
#include <filesystem>
#include <fstream>

#include "corpus/csv.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

const std::string kSlowly = "Predicaments/Curriculum–industry misalignment/Content updated slowly";
const std::string kNoTime =
    "Predicaments/Dual-qualified faculty shortage/No time to update knowledge";

std::string commandLine(const std::vector<std::string>& args) {
    std::string line = "margin";
    for (const auto& a : args)
        line += " " + a;
    return line;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The rows of a CSV listing, header first.
std::vector<std::vector<std::string>> csvRows(const std::string& text) {
    std::vector<std::vector<std::string>> out;
    auto records = corpus::parseCsv(text);
    if (records.isOk())
        for (const auto& r : *records)
            out.push_back(r.fields);
    return out;
}

// The example study (transcripts, participants, codebook; no codings),
// built once; each test codes its own copies.
class MergeCliTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        s_setup = new std::string;
        const auto study = examplesDir() / "study";
        // A transcript folder where E01 was edited after the copies were
        // handed out: same name, different text.
        const auto edited = s_dir->path() / "edited";
        std::filesystem::create_directories(edited);
        for (const auto& entry : std::filesystem::directory_iterator(study / "transcripts"))
            std::filesystem::copy_file(entry.path(), edited / entry.path().filename());
        {
            std::ofstream out(edited / "E01.txt", std::ios::app | std::ios::binary);
            out << "\n访谈者：补充一句。\n";
        }
        for (const auto& [name, transcripts] :
             std::vector<std::pair<std::string, std::filesystem::path>>{
                 {"study.margin", study / "transcripts"}, {"edited.margin", edited}}) {
            const std::string project = (s_dir->path() / name).string();
            const std::vector<std::vector<std::string>> steps = {
                {"init", project},
                {"-p", project, "import", transcripts.string()},
                {"-p", project, "participants", "import", (study / "participants.csv").string()},
                {"-p", project, "codes", "import", (study / "codebook.csv").string()},
                // Checkpoints the write-ahead log: the project is one file to copy.
                {"-p", project, "check"},
            };
            for (const auto& step : steps) {
                auto r = runMargin(step, {{"MARGIN_CODER", ""}});
                if (r.exitCode != 0) {
                    *s_setup = commandLine(step) + "\n" + r.describe();
                    return;
                }
            }
        }
    }
    static void TearDownTestSuite() {
        delete s_setup;
        delete s_dir;
    }

    void SetUp() override {
        ASSERT_EQ(*s_setup, "") << "building the example study failed";
        for (const char* name : {"a.margin", "b.margin"})
            std::filesystem::copy_file(s_dir->path() / "study.margin", m_dir / name);
        std::filesystem::copy_file(s_dir->path() / "edited.margin", m_dir / "c.margin");
        a = (m_dir / "a.margin").string();
        b = (m_dir / "b.margin").string();
        c = (m_dir / "c.margin").string();
    }

    // Runs margin on `project`, without the caller's MARGIN_CODER.
    RunResult margin(const std::string& project, std::vector<std::string> args) const {
        args.insert(args.begin(), {"-p", project});
        return runMargin(args, {{"MARGIN_CODER", ""}});
    }
    std::string ok(const std::string& project, const std::vector<std::string>& args) const {
        auto r = margin(project, args);
        EXPECT_EQ(r.exitCode, 0) << commandLine(args) << "\n" << r.describe();
        return r.out;
    }
    // Codes [start, end) of `doc` with `code` as `coder`.
    void code(const std::string& project, const std::string& doc, int start, int end,
              const std::string& path, const std::string& coder) const {
        ok(project, {"code", doc, "--code", path, "--start", std::to_string(start), "--end",
                     std::to_string(end), "--coder", coder});
    }
    // "T01 0 40 <code> alice" per coding of `coder` (all coders when empty).
    std::vector<std::string> codings(const std::string& project,
                                     const std::string& coder = {}) const {
        std::vector<std::string> args = {"codings", "--format", "csv"};
        if (!coder.empty())
            args.insert(args.end(), {"--coder", coder});
        auto rows = csvRows(ok(project, args));
        std::vector<std::string> out;
        for (std::size_t i = 1; i < rows.size(); ++i)
            out.push_back(rows[i][1] + " " + rows[i][2] + " " + rows[i][3] + " " + rows[i][4] +
                          " " + rows[i][5]);
        std::sort(out.begin(), out.end());
        return out;
    }
    // Alice codes A, Bob codes B: one passage both coded alike.
    void codeBoth() const {
        code(a, "T01", 0, 40, kSlowly, "alice");
        code(a, "T02", 10, 60, kNoTime, "alice");
        code(b, "T01", 0, 40, kSlowly, "bob");
        code(b, "T03", 5, 30, kNoTime, "bob");
        code(b, "E02", 400, 450, kSlowly, "bob");
    }

    static TempDir* s_dir;
    static std::string* s_setup;
    TempDir m_dir;
    std::string a, b, c;
};
TempDir* MergeCliTest::s_dir = nullptr;
std::string* MergeCliTest::s_setup = nullptr;

TEST_F(MergeCliTest, BothCodersCodingsAfterAMergeAndASecondMergeAddsNothing) {
    codeBoth();
    const std::string query = "code:\"" + kSlowly + "\"";
    EXPECT_FALSE(contains(ok(a, {"search", query}), "E02")) << "the index is built before";
    std::string out = ok(a, {"merge", b});
    SCOPED_TRACE(out);
    EXPECT_TRUE(contains(out, "merged b.margin as one step ('margin undo' reverts it)"));
    EXPECT_TRUE(contains(out, "documents matched: 18"));
    EXPECT_TRUE(contains(out, "codings added: 3"));
    EXPECT_TRUE(contains(out, "coders added: 1 (bob)"));
    EXPECT_FALSE(contains(out, "conflicts"));
    EXPECT_FALSE(contains(out, "note:")) << "a copy of the same project";

    EXPECT_EQ(codings(a, "bob"), (std::vector<std::string>{
                                     "E02 400 450 " + kSlowly + " bob",
                                     "T01 0 40 " + kSlowly + " bob",
                                     "T03 5 30 " + kNoTime + " bob",
                                 }));
    EXPECT_EQ(codings(a, "alice"), (std::vector<std::string>{
                                       "T01 0 40 " + kSlowly + " alice",
                                       "T02 10 60 " + kNoTime + " alice",
                                   }));
    // The search index follows: bob's coding of E02 is found by code.
    std::string found = ok(a, {"search", query});
    EXPECT_TRUE(contains(found, "E02")) << found;

    auto before = codings(a);
    std::string again = ok(a, {"merge", b});
    SCOPED_TRACE(again);
    EXPECT_TRUE(contains(again, "merged b.margin: nothing new"));
    EXPECT_TRUE(contains(again, "codings added: 0"));
    EXPECT_TRUE(contains(again, "codings already present (skipped): 3"));
    EXPECT_EQ(codings(a), before);
    EXPECT_EQ(codings(b).size(), 3u) << "b.margin is only read";
}

TEST_F(MergeCliTest, UndoRemovesTheMergedCodings) {
    codeBoth();
    ok(a, {"merge", b});
    std::string undone = ok(a, {"undo"});
    EXPECT_EQ(undone, "undid: merge b.margin\n");
    EXPECT_TRUE(codings(a, "bob").empty());
    EXPECT_EQ(codings(a, "alice").size(), 2u);
    EXPECT_FALSE(contains(ok(a, {"coders"}), "bob"));
}

TEST_F(MergeCliTest, AnEditedDefinitionIsReportedAndThisProjectsKept) {
    codeBoth();
    ok(b, {"codes", "edit", kSlowly, "--definition", "Bob's own definition."});
    auto r = margin(a, {"merge", b});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(contains(r.out, "conflicts (this project's version kept):\n  code '" + kSlowly +
                                    "': definition differs; kept this project's \""))
        << r.out;
    EXPECT_TRUE(contains(r.out, "not \"Bob's own definition.\"")) << r.out;
    EXPECT_TRUE(contains(r.out, "codings added: 3")) << r.out;
    std::string codebook = ok(a, {"codes", "export", "--format", "csv"});
    EXPECT_FALSE(contains(codebook, "Bob's own definition.")) << codebook;

    std::string json = ok(a, {"merge", b, "--dry-run", "--format", "json"});
    EXPECT_TRUE(contains(json, "\"kind\": \"code\"")) << json;
}

TEST_F(MergeCliTest, ATranscriptWhoseTextDiffersIsRefusedAndTheRestMerged) {
    code(c, "E01", 0, 20, kSlowly, "carol");
    code(c, "T01", 50, 90, kNoTime, "carol");
    auto r = margin(a, {"merge", c});
    SCOPED_TRACE(r.describe());
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(contains(r.out, "note: c.margin is a copy of a different project")) << r.out;
    EXPECT_TRUE(contains(r.out, "documents matched: 17"));
    EXPECT_TRUE(contains(r.out,
                         "document 'E01': text differs (imported from a different file); "
                         "its 1 coding was not merged"));
    EXPECT_TRUE(contains(r.out, "codings added: 1"));
    EXPECT_EQ(codings(a, "carol"), std::vector<std::string>{"T01 50 90 " + kNoTime + " carol"});
}

TEST_F(MergeCliTest, DryRunChangesNothing) {
    codeBoth();
    std::string out = ok(a, {"merge", b, "--dry-run"});
    EXPECT_TRUE(contains(out, "would merge b.margin (dry run: nothing changed)")) << out;
    EXPECT_TRUE(contains(out, "codings added: 3")) << out;
    EXPECT_TRUE(codings(a, "bob").empty());
}

TEST_F(MergeCliTest, ErrorsExitOne) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::string notAProject = (m_dir / "notes.margin").string();
    writeFile(notAProject, "just notes\n");
    const std::vector<Case> cases = {
        {{"merge", (m_dir / "missing.margin").string()}, "no such project"},
        {{"merge", notAProject}, "not"},
        {{"merge", a}, "cannot merge a project into itself"},
    };
    for (const auto& k : cases) {
        SCOPED_TRACE(commandLine(k.args));
        auto r = margin(a, k.args);
        EXPECT_EQ(r.exitCode, 1) << r.describe();
        EXPECT_TRUE(contains(r.err, k.message)) << r.err;
    }
}

TEST_F(MergeCliTest, CodersAreListedAndTheDefaultCoderIsUsed) {
    code(a, "T01", 0, 40, kSlowly, "alice");
    code(a, "T02", 0, 40, kSlowly, "alice");
    code(a, "T02", 50, 90, kSlowly, "bob");
    auto rows = csvRows(ok(a, {"coders", "--format", "csv"}));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"coder", "codings", "documents"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"alice", "2", "2"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"bob", "1", "1"}));

    EXPECT_EQ(ok(a, {"coders", "default"}), "default coder: default\n");
    EXPECT_EQ(ok(a, {"coders", "default", "dana"}), "default coder set to dana\n");
    ok(a, {"code", "T03", "--code", kSlowly, "--start", "0", "--end", "10"});
    EXPECT_EQ(codings(a, "dana"), std::vector<std::string>{"T03 0 10 " + kSlowly + " dana"});
    auto r = margin(a, {"coders", "default", " "});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
}

}  // namespace
}  // namespace margin::test
