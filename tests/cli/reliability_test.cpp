// Reliability through the `margin` binary: backups of a project in use,
// a second writer that waits a bounded time and then says the project is
// busy, a search index whose write lock another process holds, a full disk
// (a small tmpfs where the test may mount one, and always the store's
// MARGIN_TEST_DISK_LIMIT seam), and damaged or hostile project files that
// give a clear message, exit 1 and are left byte for byte as they were.
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <xapian.h>

#include <chrono>
#include <thread>

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
        *s_setup = buildExampleStudy(*s_study, {}, kEnv);
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

// --- a full disk ---------------------------------------------------------------

std::string diskFull(const std::string& project) {
    return project +
           ": the disk is full; this change was not saved, and everything saved before is "
           "intact (free some space and try again)";
}

// Through the store's test seam: SQLite's writes fail with SQLITE_FULL after
// MARGIN_TEST_DISK_LIMIT bytes (0: the first write; 6000: part-way through
// the transaction's log pages).
TEST_F(ReliabilityTest, FullDiskWhileCodingSavesNothingAndLosesNothing) {
    State before = stateOf(m_project);
    const std::string codings = margin({"codings", "--format", "csv"}).out;
    for (const std::string limit : {"0", "6000"}) {
        SCOPED_TRACE("MARGIN_TEST_DISK_LIMIT=" + limit);
        auto env = kEnv;
        env["MARGIN_TEST_DISK_LIMIT"] = limit;
        auto r = runMargin({"-p", m_project, "code", "T01", "--start", "0", "--end", "5", "--code",
                            "Data-analysis gap"},
                           env);
        EXPECT_EQ(r.exitCode, 1) << r.describe();
        EXPECT_EQ(r.err, "margin: " + diskFull(m_project) + "\n");
        // A command that writes nothing still works on the full disk.
        auto codes = runMargin({"-p", m_project, "codes"}, env);
        EXPECT_EQ(codes.exitCode, 0) << codes.describe();
    }
    expectSound(m_project, before);
    State after = stateOf(m_project);
    EXPECT_EQ(after.codings, before.codings);
    EXPECT_EQ(after.generation, before.generation);
    EXPECT_EQ(margin({"codings", "--format", "csv"}).out, codings);
    // With space again, the same command succeeds.
    EXPECT_EQ(codeAt(0).exitCode, 0);
}

TEST_F(ReliabilityTest, FullDiskStopsAnImportBatchAndKeepsTheFilesImportedBefore) {
    const auto transcripts = examplesDir() / "study" / "transcripts";
    const std::string project = (m_dir / "new.margin").string();
    ASSERT_EQ(runMargin({"init", project}, kEnv).exitCode, 0);
    auto first = runMargin({"-p", project, "import", (transcripts / "E01.txt").string()}, kEnv);
    ASSERT_EQ(first.exitCode, 0) << first.describe();
    const std::string text = margin({"show", "E01"}, project).out;

    auto env = kEnv;
    env["MARGIN_TEST_DISK_LIMIT"] = "6000";
    const std::string e02 = (transcripts / "E02.txt").string();
    auto r = runMargin({"-p", project, "import", e02, (transcripts / "E03.txt").string()}, env);
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    // The first file that fails says why; the batch stops there.
    EXPECT_EQ(r.err, "margin: " + e02 + ": " + diskFull(project) + "\n");
    EXPECT_EQ(r.out, "imported 0 files, 1 failed\n");

    auto check = margin({"check"}, project);
    EXPECT_EQ(check.exitCode, 0) << check.describe();
    auto documents = margin({"docs"}, project);
    EXPECT_NE(documents.out.find("E01"), std::string::npos) << documents.out;
    EXPECT_EQ(documents.out.find("E02"), std::string::npos) << documents.out;
    EXPECT_EQ(margin({"show", "E01"}, project).out, text);
    auto again = runMargin({"-p", project, "import", e02}, kEnv);
    EXPECT_EQ(again.exitCode, 0) << again.describe();
}

// A small tmpfs mounted for one test; skipped where mounting is not allowed.
class SmallDisk {
public:
    SmallDisk(const fs::path& at, const char* size) : m_path(at) {
        fs::create_directories(at);
        m_mounted =
            mount("tmpfs", at.c_str(), "tmpfs", 0, (std::string("size=") + size).c_str()) == 0;
    }
    ~SmallDisk() {
        if (m_mounted)
            umount2(m_path.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool mounted() const { return m_mounted; }
    // Fills the disk to the last byte with files named filler-N.
    void fill() {
        std::string chunk(64 * 1024, 'x');
        for (std::size_t size = chunk.size(); size > 0; size /= 2) {
            for (;; ++m_fillers) {
                int fd = open((m_path / ("filler-" + std::to_string(m_fillers))).c_str(),
                              O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd < 0)
                    return;
                bool whole = write(fd, chunk.data(), size) == static_cast<ssize_t>(size);
                close(fd);
                if (!whole)
                    break;
            }
        }
    }
    void freeSpace() {
        for (int i = 0; i <= m_fillers; ++i)
            fs::remove(m_path / ("filler-" + std::to_string(i)));
        m_fillers = 0;
    }

private:
    fs::path m_path;
    bool m_mounted = false;
    int m_fillers = 0;
};

TEST_F(ReliabilityTest, FullFileSystemGivesClearMessagesAndLosesNothing) {
    SmallDisk disk(m_dir / "small", "8m");
    if (!disk.mounted())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
    const std::string project = (m_dir / "small" / "study.margin").string();
    fs::copy_file(m_project, project);
    // In document order: equally relevant hits may come in another order
    // from a rebuilt index.
    // Builds the index. In document order: equally relevant hits may come in
    // another order from a rebuilt index.
    auto search = margin({"search", "--order", "document", "internship"}, project);
    ASSERT_EQ(search.exitCode, 0) << search.describe();
    State before = stateOf(project);
    const std::string codings = margin({"codings", "--format", "csv"}, project).out;
    const std::string extra = (m_dir / "X01.txt").string();
    writeFile(extra, "Interviewer: Where did you intern?\nX01: " + std::string(40000, 'w') + "\n");

    {
        // Another program has the project open (so its -wal and -shm files
        // exist) when the disk fills up.
        Sqlite other(project);
        ASSERT_EQ(other.integer("SELECT count(*) FROM codings"), before.codings);
        disk.fill();
        auto code = margin(
            {"code", "T01", "--start", "0", "--end", "5", "--code", "Data-analysis gap"}, project);
        EXPECT_EQ(code.exitCode, 1) << code.describe();
        EXPECT_EQ(code.err, "margin: " + diskFull(project) + "\n");
        auto import = margin({"import", extra}, project);
        EXPECT_EQ(import.exitCode, 1) << import.describe();
        EXPECT_EQ(import.err, "margin: " + extra + ": " + diskFull(project) + "\n");
        // Xapian writing to the full disk: the old index stays as it was.
        auto rebuild = margin({"index", "--rebuild"}, project);
        EXPECT_EQ(rebuild.exitCode, 1) << rebuild.describe();
        EXPECT_EQ(rebuild.err, "margin: " + project +
                                   "-index: the disk is full; the search index could not be "
                                   "written (the project itself is unchanged; free some space "
                                   "and try again)\n");
        auto stillThere = margin({"search", "--order", "document", "internship"}, project);
        EXPECT_EQ(stillThere.exitCode, 0) << stillThere.describe();
        EXPECT_EQ(stillThere.out, search.out);
        EXPECT_EQ(stillThere.err, "");
        // A search that must rebuild a missing index cannot, and says why.
        fs::remove_all(project + "-index");
        disk.fill();  // the space the index held, too
        auto rebuilding = margin({"search", "--order", "document", "internship"}, project);
        EXPECT_EQ(rebuilding.exitCode, 1) << rebuilding.describe();
        EXPECT_NE(rebuilding.err.find(project + "-index: the disk is full"), std::string::npos)
            << rebuilding.err;
    }
    disk.freeSpace();
    expectSound(project, before);
    State after = stateOf(project);
    EXPECT_EQ(after.codings, before.codings);
    EXPECT_EQ(after.generation, before.generation);
    EXPECT_EQ(margin({"codings", "--format", "csv"}, project).out, codings);
    auto rebuilt = margin({"search", "--order", "document", "internship"}, project);
    EXPECT_EQ(rebuilt.exitCode, 0) << rebuilt.describe();
    EXPECT_EQ(rebuilt.out, search.out);
    EXPECT_EQ(margin({"import", extra}, project).exitCode, 0);
    for (const auto& entry : fs::directory_iterator(m_dir / "small"))
        EXPECT_EQ(entry.path().filename().string().find(".new-"), std::string::npos)
            << "left behind: " << entry.path();
}

// --- the search index's write lock ------------------------------------------------

// Another process holding the write lock of the index's first shard (where
// every writer of the index takes it), until destroyed.
class IndexLockHolder {
public:
    explicit IndexLockHolder(const std::string& project) {
        int ready[2], release[2];
        if (pipe(ready) != 0 || pipe(release) != 0)
            return;
        m_pid = fork();
        if (m_pid == 0) {
            close(ready[0]);
            close(release[1]);
            char byte = 'n';
            try {
                Xapian::WritableDatabase db(project + "-index/shard-0", Xapian::DB_OPEN);
                byte = 'y';
                if (write(ready[1], &byte, 1) != 1)
                    _exit(1);
                (void)read(release[0], &byte, 1);  // until the test closes it
                db.close();
                _exit(0);
            } catch (const Xapian::Error&) {
                (void)!write(ready[1], &byte, 1);
                _exit(1);
            }
        }
        close(ready[1]);
        close(release[0]);
        m_release = release[1];
        char byte = 'n';
        m_held = read(ready[0], &byte, 1) == 1 && byte == 'y';
        close(ready[0]);
    }
    ~IndexLockHolder() {
        close(m_release);
        int status = 0;
        if (m_pid > 0)
            waitpid(m_pid, &status, 0);
    }
    IndexLockHolder(const IndexLockHolder&) = delete;
    IndexLockHolder& operator=(const IndexLockHolder&) = delete;
    bool held() const { return m_held; }

private:
    pid_t m_pid = -1;
    int m_release = -1;
    bool m_held = false;
};

// The index is derived: a coding is saved even while another process holds
// the index's write lock; the index, left behind, is marked stale (after a
// bounded wait for the lock) and the next search rebuilds it. A rebuild
// itself waits as long and then says the index is busy.
TEST_F(ReliabilityTest, LockedSearchIndexDelaysNoCodingAndIsRebuiltLater) {
    const std::string query = "code:\"Data-analysis gap\"";
    auto search = margin({"search", "--order", "document", "--limit", "1000", query});
    ASSERT_EQ(search.exitCode, 0) << search.describe();
    State before = stateOf(m_project);
    const std::string busy = m_project +
                             "-index: the search index is busy (another process is updating it); "
                             "try again";
    {
        IndexLockHolder holder(m_project);
        ASSERT_TRUE(holder.held());
        auto start = std::chrono::steady_clock::now();
        // A span of T01 over passages the code had not found before.
        auto code =
            margin({"code", "T01", "--start", "0", "--end", "1600", "--code", "Data-analysis gap"});
        auto waited = std::chrono::steady_clock::now() - start;
        EXPECT_EQ(code.exitCode, 0) << code.describe();
        EXPECT_EQ(code.err, "");
        EXPECT_GE(waited, std::chrono::milliseconds(300));  // MARGIN_BUSY_TIMEOUT_MS
        EXPECT_LT(waited, std::chrono::milliseconds(4000));
        EXPECT_EQ(stateOf(m_project).codings, before.codings + 1);
        auto state = margin({"index"});
        EXPECT_EQ(state.out, m_project +
                                 "-index: out of date (the next search rebuilds it; or run "
                                 "'margin index --rebuild')\n");

        start = std::chrono::steady_clock::now();
        auto rebuild = margin({"index", "--rebuild"});
        waited = std::chrono::steady_clock::now() - start;
        EXPECT_EQ(rebuild.exitCode, 1) << rebuild.describe();
        EXPECT_EQ(rebuild.err, "margin: " + busy + "\n");
        EXPECT_GE(waited, std::chrono::milliseconds(300));
        EXPECT_LT(waited, std::chrono::milliseconds(4000));
        // A search cannot rebuild it either, and never answers from the stale index.
        auto stale = margin({"search", query});
        EXPECT_EQ(stale.exitCode, 1) << stale.describe();
        EXPECT_EQ(stale.err, "margin: " + busy + "\n");
    }
    // The lock released, the next search notices and rebuilds.
    auto after = margin({"search", "--order", "document", "--limit", "1000", query});
    EXPECT_EQ(after.exitCode, 0) << after.describe();
    EXPECT_NE(after.err.find("the search index was out of date; rebuilt it"), std::string::npos)
        << after.err;
    EXPECT_NE(after.out, search.out);  // the new coding is found
    ASSERT_EQ(margin({"index", "--rebuild"}).exitCode, 0);
    EXPECT_EQ(margin({"search", "--order", "document", "--limit", "1000", query}).out, after.out);
    for (const auto& entry : fs::directory_iterator(m_dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".new-"), std::string::npos)
            << "left behind: " << entry.path();
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
