// Killing `margin import` part-way through a batch (SIGKILL) leaves a project
// that passes `margin check` and holds exactly the files whose import had
// finished: the ones it reported, plus at most the one whose commit landed
// just before the kill and whose report line had not been written yet.
#include <signal.h>

#include <random>
#include <set>

#include "corpus/offsets.h"
#include "corpus/store.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

constexpr int kFiles = 30;
constexpr int kTurnsPerFile = 400;
constexpr int kRounds = 8;

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
    // Index while importing (as a big batch would), so that kills also land
    // while index shards are being built beside the project.
    setenv("MARGIN_INDEX_PARALLEL_CHARS", "1", 1);
    TempDir dir;
    for (int i = 0; i < kFiles; ++i)
        writeFile(dir / "batch" / fileName(i), transcript(i));
    std::mt19937 random(20261126);
    int killedMidway = 0;
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        std::string project = (dir / ("p" + std::to_string(round) + ".margin")).string();
        ASSERT_EQ(runMargin({"init", project}).exitCode, 0);

        // Let the child report `waitFor` files, then kill it within a few ms.
        int waitFor = static_cast<int>(random() % (kFiles - 2));
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
    // The test means nothing if every kill came after the batch had finished.
    EXPECT_GE(killedMidway, kRounds / 2);
    unsetenv("MARGIN_INDEX_PARALLEL_CHARS");
}

}  // namespace
}  // namespace margin::test
