// The crash-safety torture test of coding and codebook operations: a child
// (tests/cli/torture_child.cpp) applies random operations to a project,
// acknowledging each, and is killed with SIGKILL at a random moment, round
// after round. After each kill the project passes `margin check` and holds
// exactly the state of the last acknowledged operation, or, when an
// operation was in flight, possibly the state after it (its commit may have
// landed before its acknowledgement was written); the next child must then
// start from the state we read. Every tenth round, a search by code answers
// as a freshly rebuilt index does, both with the index the kills left and
// with one a child kept up to date.
//
// MARGIN_TORTURE_KILLS sets the number of rounds (default 50);
// MARGIN_TORTURE_SEED the seed (a failure names the child's seed);
// MARGIN_TORTURE_VERBOSE=1 prints a line per round;
// MARGIN_TORTURE_MAX_LIFETIME_MS (default 150) bounds a child's random
// lifetime (a ThreadSanitizer build needs longer to get to work).
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <sstream>

#include "codebook/codebook.h"
#include "corpus/store.h"
#include "tests/cli/run_margin.h"
#include "tests/cli/torture_digest.h"

namespace margin::test {
namespace {

int envInt(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::atoi(value) : fallback;
}

// Starts the child with stdout on a pipe and stderr into `errFile`; with
// `operations`, it exits after that many.
pid_t spawnChild(const std::string& project, std::uint32_t seed,
                 const std::filesystem::path& errFile, int* readFd, long operations = 0) {
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        int err = open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(err, 2);
        close(fds[0]);
        std::string binary = MARGIN_TORTURE_CHILD;
        std::string projectArg = project, seedArg = std::to_string(seed);
        std::string operationsArg = std::to_string(operations);
        char* argv[] = {binary.data(), projectArg.data(), seedArg.data(),
                        operations > 0 ? operationsArg.data() : nullptr, nullptr};
        execv(binary.c_str(), argv);
        _exit(127);
    }
    close(fds[1]);
    *readFd = fds[0];
    return pid;
}

// What a child said before it died.
struct Transcript {
    std::optional<std::string> start;  // the digest it opened the project with
    std::string acknowledged;          // the digest after its last finished operation
    long acknowledgedOps = 0;          // operations that returned OK
    long finished = 0;                 // the number of its last finished operation
    long inFlight = 0;                 // begun, not finished; 0 when none
    std::vector<std::string> garbage;  // lines it should not have written

    void hear(const std::string& line) {
        std::istringstream in(line);
        std::string word, digest;
        long n = 0;
        in >> word;
        if (word == "start" && in >> digest) {
            start = digest;
        } else if (word == "begin" && in >> n) {
            inFlight = n;
        } else if ((word == "ok" || word == "no") && in >> n >> digest && n == inFlight) {
            acknowledged = digest;
            finished = n;
            inFlight = 0;
            acknowledgedOps += word == "ok";
        } else {
            garbage.push_back(line);
        }
    }
};

Result<std::string> projectDigest(const std::string& project) {
    auto store = corpus::Store::open(project);
    if (!store.isOk())
        return store.status();
    codebook::Codebook book(**store);
    return codebookDigest(book);
}

// A code with codings, for a search; empty when none has.
std::string codedCode(const std::string& project) {
    auto store = corpus::Store::open(project);
    if (!store.isOk())
        return {};
    codebook::Codebook book(**store);
    auto codes = book.codes();
    auto counts = book.counts();
    if (!codes.isOk() || !counts.isOk())
        return {};
    for (const auto& c : *codes)
        if (auto n = counts->find(c.id); n != counts->end() && n->second.segments > 0)
            return c.path;
    return {};
}

TEST(TortureTest, KilledCodingKeepsEveryAcknowledgedOperation) {
    const int rounds = envInt("MARGIN_TORTURE_KILLS", 50);
    const auto seed = static_cast<std::uint32_t>(envInt("MARGIN_TORTURE_SEED", 20261127));
    const bool verbose = envInt("MARGIN_TORTURE_VERBOSE", 0) != 0;
    const int maxLifetime = std::max(10, envInt("MARGIN_TORTURE_MAX_LIFETIME_MS", 150));
    TempDir dir;
    const std::string project = (dir / "torture.margin").string();
    const auto study = examplesDir() / "study";
    const std::vector<std::vector<std::string>> setup = {
        {"init", project},
        {"-p", project, "import", (study / "transcripts" / "T01.txt").string(),
         (study / "transcripts" / "S01.txt").string(), (study / "transcripts" / "E01.txt").string(),
         (study / "transcripts" / "S02.txt").string()},
        {"-p", project, "codes", "import", (study / "codebook.csv").string()},
    };
    for (const auto& step : setup) {
        auto r = runMargin(step);
        ASSERT_EQ(r.exitCode, 0) << r.describe();
    }
    auto initial = projectDigest(project);
    ASSERT_OK(initial);
    std::string expected = *initial;

    std::mt19937 random(seed);
    long acknowledgedOps = 0, inFlightKills = 0, inFlightCommitted = 0, searches = 0,
         rebuiltBySearch = 0;
    for (int round = 0; round < rounds; ++round) {
        const std::uint32_t childSeed = seed * 1000u + static_cast<std::uint32_t>(round);
        SCOPED_TRACE("round " + std::to_string(round) + ", child seed " +
                     std::to_string(childSeed));
        const auto lifetime =
            std::chrono::milliseconds(5 + random() % static_cast<std::uint32_t>(maxLifetime - 4));
        const auto errFile = dir / "child.err";
        int fd = -1;
        const auto started = std::chrono::steady_clock::now();
        pid_t pid = spawnChild(project, childSeed, errFile, &fd);
        ASSERT_GT(pid, 0);
        Transcript said;
        std::chrono::steady_clock::duration startedAfter{};
        std::string buffer;
        auto hearAll = [&] {
            for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
                said.hear(buffer.substr(0, nl));
                buffer.erase(0, nl + 1);
            }
        };
        bool eof = false;
        while (!eof) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                started + lifetime - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                break;
            pollfd p{fd, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0)
                continue;
            char chunk[4096];
            ssize_t n = read(fd, chunk, sizeof chunk);
            eof = n <= 0;
            if (n > 0)
                buffer.append(chunk, static_cast<std::size_t>(n));
            hearAll();
            if (said.start && startedAfter == std::chrono::steady_clock::duration{})
                startedAfter = std::chrono::steady_clock::now() - started;
        }
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        // What it wrote before dying is still in the pipe.
        char chunk[4096];
        for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;)
            buffer.append(chunk, static_cast<std::size_t>(n));
        close(fd);
        hearAll();
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "the child ended on its own: " << readFile(errFile);
        EXPECT_TRUE(said.garbage.empty()) << said.garbage.front();
        // It started from the state we saw after the previous kill.
        if (said.start) {
            ASSERT_EQ(*said.start, expected) << "the child read another state than we did";
        }
        acknowledgedOps += said.acknowledgedOps;
        inFlightKills += said.inFlight != 0;

        auto check = runMargin({"-p", project, "check"});
        ASSERT_EQ(check.exitCode, 0) << check.describe();
        auto digest = projectDigest(project);
        ASSERT_OK(digest);
        const std::string last = said.finished > 0 ? said.acknowledged : expected;
        if (*digest != last) {
            ASSERT_NE(said.inFlight, 0) << "operation " << said.finished
                                        << " was acknowledged but the project holds another state";
            // The operation in flight committed before its acknowledgement:
            // the next child (or the end of the test) must start from here.
            ++inFlightCommitted;
        }
        expected = *digest;
        if (verbose)
            std::printf(
                "round %d: lived %lld ms, opened after %lld ms, %ld acknowledged\n", round,
                static_cast<long long>(lifetime.count()),
                static_cast<long long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(startedAfter).count()),
                said.acknowledgedOps);

        if (round % 10 != 9)
            continue;
        // A search by code (every hit, in document order: the order of
        // equally relevant hits may differ) answers as a rebuilt index does: first with the
        // index the kills left (usually stale: noticed and rebuilt), then
        // with the index a child kept up to date, operation by operation.
        auto compareSearch = [&](const char* what) {
            ++searches;
            std::string code = codedCode(project);
            if (code.empty())
                code = "Predicaments";
            const std::string query = "code:\"" + code + "\"";
            auto found = runMargin(
                {"-p", project, "search", "--order", "document", "--limit", "100000", query});
            ASSERT_EQ(found.exitCode, 0) << found.describe();
            // A stale index is noticed (said on stderr) and rebuilt.
            rebuiltBySearch += found.err.find("margin: ") != std::string::npos;
            ASSERT_EQ(runMargin({"-p", project, "index", "--rebuild"}).exitCode, 0);
            auto again = runMargin(
                {"-p", project, "search", "--order", "document", "--limit", "100000", query});
            ASSERT_EQ(again.exitCode, 0) << again.describe();
            auto firstLine = [](const std::string& out) { return out.substr(0, out.find('\n')); };
            EXPECT_EQ(found.out, again.out)
                << "the index " << what << " answered differently: '" << firstLine(found.out)
                << "', rebuilt: '" << firstLine(again.out) << "'";
        };
        compareSearch("the kills left");
        pid = spawnChild(project, childSeed, errFile, &fd, 20);
        ASSERT_GT(pid, 0);
        said = Transcript{};
        for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;)
            buffer.append(chunk, static_cast<std::size_t>(n));
        close(fd);
        hearAll();
        waitpid(pid, &status, 0);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << readFile(errFile);
        ASSERT_EQ(said.start.value_or(""), expected);
        ASSERT_EQ(said.finished, 20);
        acknowledgedOps += said.acknowledgedOps;
        expected = said.acknowledged;
        auto finished = projectDigest(project);
        ASSERT_OK(finished);
        ASSERT_EQ(*finished, expected);
        auto state = runMargin({"-p", project, "index"});
        EXPECT_NE(state.out.find("up to date"), std::string::npos) << state.describe();
        compareSearch("the child kept up to date");
    }
    // The last state is one a process can open and work from.
    auto reopened = projectDigest(project);
    ASSERT_OK(reopened);
    EXPECT_EQ(*reopened, expected);
    std::printf(
        "torture: %d rounds, %ld acknowledged operations, %ld kills during an operation, "
        "%ld of them after its commit, %ld searches (%ld of them rebuilt a stale index)\n",
        rounds, acknowledgedOps, inFlightKills, inFlightCommitted, searches, rebuiltBySearch);
    // The test means nothing if the children never got to work.
    EXPECT_GT(acknowledgedOps, static_cast<long>(rounds));
    EXPECT_GT(inFlightKills, 0);
}

}  // namespace
}  // namespace margin::test
