// Reliability through the `margin` binary: backups of a project in use,
// a second writer that waits a bounded time and then says the project is
// busy, and damaged or hostile project files that give a clear message,
// exit 1 and are left byte for byte as they were.
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>

#include "corpus/store.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string> kEnv = {{"MARGIN_CODER", ""},
                                                 {"MARGIN_BUSY_TIMEOUT_MS", "300"}};

// A raw SQLite connection of another program, held by the test.
class Sqlite {
public:
    explicit Sqlite(const std::string& path) { sqlite3_open(path.c_str(), &m_db); }
    ~Sqlite() { sqlite3_close(m_db); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;
    int exec(const std::string& sql) {
        return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
    }
    std::int64_t integer(const std::string& sql) {
        sqlite3_stmt* q = nullptr;
        std::int64_t value = -1;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            value = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
        return value;
    }

private:
    sqlite3* m_db = nullptr;
};

// The coding count and generation of a project file, read directly.
struct State {
    std::int64_t codings = -1;
    std::int64_t generation = -1;
};
State stateOf(const std::string& path) {
    Sqlite db(path);
    return {db.integer("SELECT count(*) FROM codings"),
            db.integer("SELECT value FROM meta WHERE key = 'generation'")};
}

// Runs margin with output to files; as user `nobody` when `unprivileged` and
// the test runs as root (for whom file permissions do not stop writes).
RunResult runAs(const std::vector<std::string>& args, bool unprivileged, const fs::path& scratch) {
    const std::string out = (scratch / "out.txt").string(), err = (scratch / "err.txt").string();
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        dup2(o, 1);
        dup2(e, 2);
        unsetenv("MARGIN_PROJECT");
        setenv("MARGIN_BUSY_TIMEOUT_MS", "300", 1);
        if (unprivileged && geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(126);
        std::string binary = MARGIN_BINARY;
        std::vector<std::string> copy = args;
        std::vector<char*> argv{binary.data()};
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    RunResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = readFile(out);
    r.err = readFile(err);
    return r;
}

class ReliabilityTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        s_study = new std::string((s_dir->path() / "study.margin").string());
        s_setup = new std::string;
        const auto study = examplesDir() / "study";
        const std::vector<std::vector<std::string>> steps = {
            {"init", *s_study},
            {"-p", *s_study, "import", (study / "transcripts").string()},
            {"-p", *s_study, "participants", "import", (study / "participants.csv").string()},
            {"-p", *s_study, "codes", "import", (study / "codebook.csv").string()},
            {"-p", *s_study, "codings", "import", (study / "codings.csv").string()},
            {"-p", *s_study, "check"},  // checkpoints the log: one file to copy
        };
        for (const auto& step : steps)
            if (auto r = runMargin(step, kEnv); r.exitCode != 0) {
                *s_setup = step[step.size() > 2 ? 2 : 0] + ": " + r.describe();
                return;
            }
    }
    static void TearDownTestSuite() {
        delete s_setup;
        delete s_study;
        delete s_dir;
    }
    void SetUp() override {
        ASSERT_EQ(*s_setup, "") << "building the example study failed";
        m_project = (m_dir / "study.margin").string();
        fs::copy_file(*s_study, m_project);
    }
    RunResult margin(std::vector<std::string> args, const std::string& project = "") const {
        args.insert(args.begin(), {"-p", project.empty() ? m_project : project});
        return runMargin(args, kEnv);
    }
    // One new coding on T01 at [start, start + 1).
    RunResult codeAt(int start) const {
        return margin({"code", "T01", "--start", std::to_string(start), "--end",
                       std::to_string(start + 1), "--code", "Data-analysis gap"});
    }
    // The project runs `check` and its state is whole: every committed change
    // (one coding each, here) also increased the generation once.
    void expectSound(const std::string& copy, const State& before) const {
        auto check = margin({"check"}, copy);
        EXPECT_EQ(check.exitCode, 0) << check.describe();
        State s = stateOf(copy);
        EXPECT_GE(s.codings, before.codings);
        EXPECT_EQ(s.codings - before.codings, s.generation - before.generation);
    }

    static TempDir* s_dir;
    static std::string* s_study;
    static std::string* s_setup;
    TempDir m_dir;
    std::string m_project;
};
TempDir* ReliabilityTest::s_dir = nullptr;
std::string* ReliabilityTest::s_study = nullptr;
std::string* ReliabilityTest::s_setup = nullptr;

TEST_F(ReliabilityTest, BackupWhileAnotherProgramReads) {
    State before = stateOf(m_project);
    Sqlite reader(m_project);
    ASSERT_EQ(reader.exec("BEGIN"), SQLITE_OK);
    ASSERT_EQ(reader.integer("SELECT count(*) FROM codings"), before.codings);

    const std::string copy = (m_dir / "copy.margin").string();
    auto r = margin({"backup", copy});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(r.out, "backed up " + m_project + " to " + copy + "\n");
    expectSound(copy, before);
    EXPECT_EQ(stateOf(copy).codings, before.codings);
    EXPECT_EQ(margin({"codes"}, copy).out, margin({"codes"}).out);
    // The copy is one file: nothing of the temporary file is left.
    for (const auto& entry : fs::directory_iterator(m_dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".backup-"), std::string::npos);

    // An existing file is not replaced without --force.
    writeFile(m_dir / "taken.margin", "mine");
    auto taken = margin({"backup", (m_dir / "taken.margin").string()});
    EXPECT_EQ(taken.exitCode, 1) << taken.describe();
    EXPECT_EQ(taken.err, "margin: " + (m_dir / "taken.margin").string() +
                             ": already exists (use --force to replace it)\n");
    EXPECT_EQ(readFile(m_dir / "taken.margin"), "mine");
    auto forced = margin({"backup", (m_dir / "taken.margin").string(), "--force"});
    EXPECT_EQ(forced.exitCode, 0) << forced.describe();
    expectSound((m_dir / "taken.margin").string(), before);
    reader.exec("COMMIT");
}

TEST_F(ReliabilityTest, BackupWhileAnotherProgramWrites) {
    State before = stateOf(m_project);
    constexpr int kCodings = 40;
    pid_t writer = fork();
    if (writer == 0) {
        int failed = 0;
        for (int i = 0; i < kCodings; ++i)
            failed += codeAt(i * 2).exitCode != 0;
        _exit(failed);
    }
    int backups = 0;
    for (int i = 0; i < 4; ++i) {
        const std::string copy = (m_dir / ("copy" + std::to_string(i) + ".margin")).string();
        auto r = margin({"backup", copy});
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        expectSound(copy, before);
        ++backups;
    }
    int status = 0;
    waitpid(writer, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "codings that failed while backing up";
    EXPECT_EQ(stateOf(m_project).codings, before.codings + kCodings);
    EXPECT_EQ(backups, 4);
}

TEST_F(ReliabilityTest, SecondWriterWaitsThenSaysTheProjectIsBusy) {
    State before = stateOf(m_project);
    Sqlite other(m_project);
    ASSERT_EQ(other.exec("BEGIN IMMEDIATE"), SQLITE_OK);

    auto start = std::chrono::steady_clock::now();
    auto r = codeAt(0);
    auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_EQ(r.err, "margin: " + m_project +
                         ": the project is busy (another program is writing to it); try again\n");
    EXPECT_GE(waited, std::chrono::milliseconds(300));
    EXPECT_LT(waited, std::chrono::milliseconds(4000));

    // Readers are not blocked meanwhile.
    auto codes = margin({"codes"});
    EXPECT_EQ(codes.exitCode, 0) << codes.describe();
    EXPECT_NE(codes.out.find("Data-analysis gap"), std::string::npos);
    auto search = margin({"search", "internship"});
    EXPECT_EQ(search.exitCode, 0) << search.describe();
    EXPECT_NE(search.out.find("passages match"), std::string::npos) << search.out;

    ASSERT_EQ(other.exec("ROLLBACK"), SQLITE_OK);
    State after = stateOf(m_project);
    EXPECT_EQ(after.codings, before.codings);
    EXPECT_EQ(after.generation, before.generation);
    // Once the other writer is done, the same command succeeds.
    EXPECT_EQ(codeAt(0).exitCode, 0);
}

// A damaged or foreign file: the message, exit 1, and the bytes unchanged.
void expectRefused(const std::string& project, const std::string& expectedError) {
    const std::string bytes = readFile(project);
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"codes"},
          {"check"},
          {"code", "T01", "--start", "0", "--end", "1", "--code", "X"}}) {
        std::vector<std::string> args = {"-p", project};
        args.insert(args.end(), command.begin(), command.end());
        auto r = runMargin(args, kEnv);
        SCOPED_TRACE(command[0]);
        EXPECT_EQ(r.exitCode, 1) << r.describe();
        EXPECT_EQ(r.err, "margin: " + project + ": " + expectedError + "\n");
        EXPECT_TRUE(readFile(project) == bytes) << "the file was changed";
    }
}

TEST_F(ReliabilityTest, TruncatedProjectIsRefusedUntouched) {
    fs::resize_file(m_project, fs::file_size(m_project) / 2);
    expectRefused(m_project,
                  "the project file is damaged (running a statement: database disk image is "
                  "malformed)");
}

TEST_F(ReliabilityTest, FileThatIsNotSqliteIsRefusedUntouched) {
    writeFile(m_project, std::string("Interviewer: hello\nT01: this is a transcript\n") +
                             std::string(2000, 'x'));
    expectRefused(m_project, "not a Margin project (not an SQLite database)");
}

TEST_F(ReliabilityTest, AnotherProgramsDatabaseIsRefusedUntouched) {
    const std::string other = (m_dir / "other.sqlite").string();
    {
        Sqlite db(other);
        db.exec("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x')");
    }
    expectRefused(other, "not a Margin project (an SQLite database of another program)");
}

TEST_F(ReliabilityTest, ProjectOfANewerSchemaIsRefusedUntouched) {
    const int newer = corpus::Store::latestSchemaVersion() + 1;
    {
        Sqlite db(m_project);
        ASSERT_EQ(db.exec("PRAGMA user_version = " + std::to_string(newer)), SQLITE_OK);
    }
    expectRefused(m_project, "written by a newer version of Margin (schema " +
                                 std::to_string(newer) + "; this version reads up to " +
                                 std::to_string(newer - 1) + "); upgrade Margin to open it");
}

// Root ignores permissions: the commands then run as user `nobody`.
TEST_F(ReliabilityTest, ReadOnlyProjectFileReadsButRefusesChanges) {
    fs::permissions(m_dir.path(), fs::perms::all);  // others may create -wal and -shm
    fs::permissions(m_project,
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string bytes = readFile(m_project);
    auto codes = runAs({"-p", m_project, "codes"}, true, m_dir.path());
    EXPECT_EQ(codes.exitCode, 0) << codes.describe();
    EXPECT_NE(codes.out.find("Data-analysis gap"), std::string::npos);
    auto code = runAs({"-p", m_project, "code", "T01", "--start", "0", "--end", "1", "--code",
                       "Data-analysis gap"},
                      true, m_dir.path());
    EXPECT_EQ(code.exitCode, 1) << code.describe();
    EXPECT_EQ(code.err, "margin: " + m_project +
                            ": the project is read-only (its file is not writable); nothing was "
                            "changed\n");
    EXPECT_TRUE(readFile(m_project) == bytes);
}

TEST_F(ReliabilityTest, ReadOnlyFolderSaysSqliteNeedsToWriteThere) {
    fs::permissions(m_project, fs::perms::all);
    fs::permissions(m_dir.path(), fs::perms::owner_read | fs::perms::owner_exec |
                                      fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
    const std::string bytes = readFile(m_project);
    TempDir scratch;
    fs::permissions(scratch.path(), fs::perms::all);
    for (const std::string command : {"codes", "check"}) {
        auto r = runAs({"-p", m_project, command}, true, scratch.path());
        EXPECT_EQ(r.exitCode, 1) << r.describe();
        EXPECT_EQ(r.err, "margin: " + m_project + ": cannot open the project: its folder " +
                             m_dir.path().string() +
                             " is not writable, and SQLite needs to create study.margin-wal and "
                             "study.margin-shm there; make the folder writable or copy the "
                             "project elsewhere\n");
    }
    EXPECT_TRUE(readFile(m_project) == bytes);
    fs::permissions(m_dir.path(), fs::perms::owner_all);  // to remove it
}

}  // namespace
}  // namespace margin::test
