// Killing `margin import` part-way through a batch (SIGKILL) leaves a project
// that passes `margin check` and holds exactly the files whose import had
// finished: the ones it reported, plus at most the one whose commit landed
// just before the kill and whose report line had not been written yet.
// Killing an index rebuild (`margin index --rebuild`, or a search rebuilding
// a stale index) at a random moment leaves an index the next search notices
// if it must and answers from correctly.
//
// MARGIN_TORTURE_IMPORT_KILLS (default 24) and MARGIN_TORTURE_REBUILD_KILLS
// (default 24) set the number of kills, MARGIN_TORTURE_SEED the seed.
#include <signal.h>

#include <chrono>
#include <random>
#include <set>

#include "corpus/offsets.h"
#include "corpus/store.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

constexpr int kFiles = 30;
constexpr int kTurnsPerFile = 400;

int envInt(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::atoi(value) : fallback;
}

std::string fileName(int i) {
    char name[16];
    std::snprintf(name, sizeof name, "S%03d.txt", i);
    return name;
}

// A few hundred KB per file, so that each import takes a moment.
std::string transcript(int i) {
    std::string text = "Interview " + std::to_string(i) + "\n\n";
    for (int t = 0; t < kTurnsPerFile / 2; ++t) {
        text += "Interviewer: Question " + std::to_string(t) + ", about internships?\n";
        text += "S" + std::to_string(i) +
                ": \u5b9e\u4e60\u5c31\u662f\u6253\u6742 \U0001F600 odd jobs, customer service, "
                "data entry; no access to the real seller account. " +
                std::string(300, 'z') + "\n";
    }
    return text;
}

// Starts `margin` with stdout on a pipe; returns the pid and the read end.
pid_t spawn(const std::vector<std::string>& args, int* readFd) {
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        close(fds[0]);
        std::vector<std::string> copy = args;
        std::string binary = MARGIN_BINARY;
        std::vector<char*> argv{binary.data()};
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(fds[1]);
    *readFd = fds[0];
    return pid;
}

// Reads whole lines from `fd`; returns false at end of file.
bool readLine(int fd, std::string& buffer, std::string& line) {
    while (true) {
        if (auto nl = buffer.find('\n'); nl != std::string::npos) {
            line = buffer.substr(0, nl);
            buffer.erase(0, nl + 1);
            return true;
        }
        char chunk[4096];
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0)
            return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

// "imported /x/S004.txt as 'S004': ..." -> "S004"
std::optional<std::string> importedName(const std::string& line) {
    auto as = line.find(" as '");
    if (!line.starts_with("imported ") || as == std::string::npos)
        return std::nullopt;
    auto end = line.find('\'', as + 5);
    return line.substr(as + 5, end - as - 5);
}

TEST(KillTest, KilledImportKeepsExactlyTheFinishedFiles) {
    const int rounds = envInt("MARGIN_TORTURE_IMPORT_KILLS", 24);
    TempDir dir;
    for (int i = 0; i < kFiles; ++i)
        writeFile(dir / "batch" / fileName(i), transcript(i));
    std::mt19937 random(static_cast<std::uint32_t>(envInt("MARGIN_TORTURE_SEED", 20261126)));
    int killedMidway = 0, acknowledged = 0, unacknowledgedCommits = 0;
    for (int round = 0; round < rounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // Every other round indexes while importing (as a big batch would),
        // so that kills also land while index shards are being built beside
        // the project; the others update the index after the batch.
        if (round % 2 == 0)
            setenv("MARGIN_INDEX_PARALLEL_CHARS", "1", 1);
        else
            unsetenv("MARGIN_INDEX_PARALLEL_CHARS");
        std::string project = (dir / ("p" + std::to_string(round) + ".margin")).string();
        ASSERT_EQ(runMargin({"init", project}).exitCode, 0);

        // Let the child report `waitFor` files, then kill it within a few ms.
        int waitFor = static_cast<int>(random() % (kFiles + 1));
        int delayMicros = static_cast<int>(random() % 20000);
        int fd = -1;
        pid_t pid = spawn({"-p", project, "import", (dir / "batch").string()}, &fd);
        ASSERT_GT(pid, 0);
        std::string buffer, line;
        std::set<std::string> reported;
        while (static_cast<int>(reported.size()) < waitFor && readLine(fd, buffer, line))
            if (auto name = importedName(line))
                reported.insert(*name);
        usleep(static_cast<useconds_t>(delayMicros));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        // Lines written before the kill are still in the pipe: they finished too.
        while (readLine(fd, buffer, line))
            if (auto name = importedName(line))
                reported.insert(*name);
        close(fd);
        if (WIFSIGNALED(status) && static_cast<int>(reported.size()) < kFiles)
            ++killedMidway;

        auto check = runMargin({"-p", project, "check"});
        ASSERT_EQ(check.exitCode, 0) << check.describe();

        auto store = corpus::Store::open(project);
        ASSERT_OK(store);
        auto docs = (*store)->documents();
        ASSERT_OK(docs);
        std::set<std::string> stored;
        for (const auto& d : *docs) {
            stored.insert(d.name);
            // Each stored file is whole: all of its text and all of its turns.
            EXPECT_EQ(d.turnCount, kTurnsPerFile) << d.name;
            int i = std::stoi(d.name.substr(1));
            auto text = (*store)->documentText(d.id);
            ASSERT_OK(text);
            EXPECT_EQ(*text, transcript(i)) << d.name;
        }
        for (const auto& name : reported)
            EXPECT_TRUE(stored.count(name)) << name << " was reported imported but is missing";
        // Files are imported in name order: the only unreported file that may
        // be stored is the one right after the last reported one.
        std::set<std::string> extra;
        for (const auto& name : stored)
            if (!reported.count(name))
                extra.insert(name);
        EXPECT_LE(extra.size(), 1u);
        acknowledged += static_cast<int>(reported.size());
        unacknowledgedCommits += static_cast<int>(extra.size());
        if (!extra.empty()) {
            std::string expected = fileName(static_cast<int>(reported.size()));
            expected = expected.substr(0, expected.size() - 4);
            EXPECT_EQ(*extra.begin(), expected);
        }

        // Running the batch again completes it.
        auto resume =
            runMargin({"-p", project, "import", "--skip-existing", (dir / "batch").string()});
        EXPECT_EQ(resume.exitCode, 0) << resume.describe();
        auto after = (*store)->documents();
        ASSERT_OK(after);
        EXPECT_EQ(after->size(), static_cast<std::size_t>(kFiles));

        // Searching rebuilds the index the kill left stale, and clears what
        // the killed index builder left beside it.
        auto search = runMargin({"-p", project, "search", "internships"});
        EXPECT_EQ(search.exitCode, 0) << search.describe();
        EXPECT_NE(search.out.find(std::to_string(kFiles * kTurnsPerFile / 2) + " passages match"),
                  std::string::npos)
            << search.describe();
        for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
            std::string name = entry.path().filename().string();
            EXPECT_EQ(name.find(".new-"), std::string::npos) << "left behind: " << name;
            EXPECT_EQ(name.find(".old-"), std::string::npos) << "left behind: " << name;
        }
    }
    std::printf(
        "import torture: %d kills, %d during the batch, %d acknowledged files all "
        "stored whole, %d files committed but not yet acknowledged\n",
        rounds, killedMidway, acknowledged, unacknowledgedCommits);
    // The test means nothing if every kill came after the batch had finished.
    EXPECT_GE(killedMidway, rounds / 2);
    unsetenv("MARGIN_INDEX_PARALLEL_CHARS");
}

// The number of passages that match, from `margin search`'s first line
// ("6000 passages match 'internships'"); -1 if it failed.
long matches(const RunResult& r) {
    return r.exitCode == 0 ? std::atol(r.out.c_str()) : -1;
}

TEST(KillTest, KilledIndexRebuildIsNoticedAndAnsweredCorrectly) {
    const int rounds = envInt("MARGIN_TORTURE_REBUILD_KILLS", 24);
    constexpr int kRebuildFiles = 12;
    TempDir dir;
    for (int i = 0; i < kRebuildFiles; ++i)
        writeFile(dir / "batch" / fileName(i), transcript(i));
    const std::string project = (dir / "rebuild.margin").string();
    ASSERT_EQ(runMargin({"init", project}).exitCode, 0);
    ASSERT_EQ(runMargin({"-p", project, "import", (dir / "batch").string()}).exitCode, 0);
    ASSERT_EQ(runMargin({"-p", project, "codes", "add", "Odd jobs"}).exitCode, 0);
    const long internships = kRebuildFiles * kTurnsPerFile / 2;
    auto started = std::chrono::steady_clock::now();
    auto first = runMargin({"-p", project, "index", "--rebuild"});
    ASSERT_EQ(first.exitCode, 0) << first.describe();
    // Kills land anywhere in the time a whole rebuild took (most while it runs).
    const auto rebuildMicros = std::max<long>(
        1000, static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - started)
                                    .count()));
    std::mt19937 random(static_cast<std::uint32_t>(envInt("MARGIN_TORTURE_SEED", 20261126)));
    int killedWhileRunning = 0, noticed = 0;
    const std::vector<std::string> codedQuery = {
        "-p", project, "search", "--order", "document", "--limit", "1000", "code:\"Odd jobs\""};
    long coded = 0;
    for (int round = 0; round < rounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        setenv("MARGIN_INDEX_PARALLEL_CHARS", round % 2 ? "1" : "1000000000", 1);
        // Every third round codes a turn first (the index follows: the
        // search counts its passages), then makes the index stale (a change
        // of the store it has not seen) and kills the search rebuilding it.
        const bool stale = round % 3 == 2;
        if (stale) {
            auto code =
                runMargin({"-p", project, "code", fileName(round % kRebuildFiles).substr(0, 4),
                           "--start", std::to_string(100 + round * 1000 % 80000), "--end",
                           std::to_string(105 + round * 1000 % 80000), "--snap", "turn", "--code",
                           "Odd jobs"});
            ASSERT_EQ(code.exitCode, 0) << code.describe();
            auto found = runMargin(codedQuery);
            ASSERT_EQ(found.err, "");  // the coding kept the index up to date
            ASSERT_GE(matches(found), coded) << found.describe();  // a turn may repeat
            coded = matches(found);
            auto store = corpus::Store::open(project);
            ASSERT_OK(store);
            ASSERT_OK((*store)->transaction([] { return Status::ok(); }));
        }
        int fd = -1;
        pid_t pid = stale ? spawn({"-p", project, "search", "internships"}, &fd)
                          : spawn({"-p", project, "index", "--rebuild"}, &fd);
        ASSERT_GT(pid, 0);
        usleep(static_cast<useconds_t>(random() % (rebuildMicros * 9 / 10)));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        close(fd);
        killedWhileRunning += WIFSIGNALED(status);

        ASSERT_EQ(runMargin({"-p", project, "check"}).exitCode, 0);
        // The next search answers correctly, rebuilding first if it must.
        auto search = runMargin({"-p", project, "search", "internships"});
        EXPECT_EQ(matches(search), internships) << search.describe();
        noticed += search.err.find("rebuilt it") != std::string::npos;
        auto codedNow = runMargin(codedQuery);
        EXPECT_EQ(matches(codedNow), coded) << codedNow.describe();
        for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
            std::string name = entry.path().filename().string();
            EXPECT_EQ(name.find(".new-"), std::string::npos) << "left behind: " << name;
            EXPECT_EQ(name.find(".old-"), std::string::npos) << "left behind: " << name;
        }
    }
    unsetenv("MARGIN_INDEX_PARALLEL_CHARS");
    std::printf(
        "rebuild torture: %d kills, %d while rebuilding, %d stale or damaged indexes "
        "noticed and rebuilt by the next search\n",
        rounds, killedWhileRunning, noticed);
    EXPECT_GE(killedWhileRunning, rounds / 3);
}

}  // namespace
}  // namespace margin::test
