// margin-bench-memory: peak memory (resident set) of the `margin` command on
// big inputs, against a baseline in the same run.
//
//   margin-bench-memory WORK_DIR [--big-mb 200] [--files 20000] [--margin PATH]
//
// Each measured command runs as a child process; its peak RSS is the
// ru_maxrss that wait4() reports for that child alone. The inputs, made in
// WORK_DIR (removed and made again on every run):
//   * small.txt: a 1 MB transcript, and big.txt: a --big-mb MB one (both
//     interviews of alternating "Interviewer:" and "P01:" turns of 20-120
//     English words, every turn holding the word "everywhere");
//   * files/: --files transcripts of about 1 KB each.
// The measured commands:
//   1. `margin --help`: the process alone (the baseline);
//   2. `margin import small.txt` into a new project (with its index);
//   3. `margin import big.txt` into a new project;
//   4. `margin import files/` into a new project (one batch);
//   5. `margin search everywhere` on the big project: a query that matches
//      every passage (its exact count and the first page), then the same
//      with `--limit 1000`.
// It prints each command's peak RSS, wall time, and the ratios that show
// whether memory follows the input: big import / small import against the
// sizes' ratio, RSS per MB of the big file, and the searches against the
// baseline. bench/RESULTS.md records a run.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/rng.h"

namespace fs = std::filesystem;
using margin::bench::Rng;

namespace {

const char* const kWords[] = {
    "internship", "students", "teacher",  "company",  "data",        "platform",   "course",
    "English",    "customer", "service",  "report",   "market",      "product",    "learned",
    "practice",   "training", "manager",  "really",   "because",     "think",      "about",
    "would",      "there",    "which",    "their",    "skills",      "export",     "seller",
    "account",    "keyword",  "campaign", "analysis", "spreadsheet", "university", "graduates",
    "employers",  "school",   "semester", "project",  "team"};

// One interview of about `bytes` bytes; every turn holds "everywhere".
void writeTranscript(const fs::path& path, std::size_t bytes, std::uint64_t seed) {
    Rng rng(seed);
    std::ofstream out(path, std::ios::binary);
    std::string turn;
    std::size_t written = 0;
    for (int n = 0; written < bytes; ++n) {
        turn = n % 2 ? "P01:" : "Interviewer:";
        const int words = 20 + static_cast<int>(rng.next() % 101);
        const int marker = static_cast<int>(rng.next() % static_cast<std::uint64_t>(words));
        for (int w = 0; w < words; ++w) {
            turn += ' ';
            turn += w == marker ? "everywhere" : kWords[rng.next() % std::size(kWords)];
        }
        turn += ".\n";
        out << turn;
        written += turn.size();
    }
}

struct Run {
    int exitCode = -1;
    long maxRssKb = 0;
    double seconds = 0;
    std::string firstLine;
};

// Runs `margin args...` with stdout into WORK_DIR/out.txt; its peak RSS.
Run run(const std::string& margin, const fs::path& work, const std::vector<std::string>& args) {
    const fs::path out = work / "out.txt";
    const auto started = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen("/dev/null", "w", stderr))
            _exit(126);
        std::vector<std::string> copy = args;
        std::string binary = margin;
        std::vector<char*> argv{binary.data()};
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Run r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.maxRssKb = usage.ru_maxrss;
    std::ifstream in(out);
    std::getline(in, r.firstLine);
    return r;
}

double mb(long kb) {
    return static_cast<double>(kb) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: margin-bench-memory WORK_DIR [--big-mb 200] [--files 20000] "
                     "[--margin PATH]\n");
        return 2;
    }
    const fs::path work = argv[1];
    long bigMb = 200, files = 20000;
    std::string margin = MARGIN_BINARY;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--big-mb")
            bigMb = std::atol(argv[i + 1]);
        else if (flag == "--files")
            files = std::atol(argv[i + 1]);
        else if (flag == "--margin")
            margin = argv[i + 1];
        else {
            std::fprintf(stderr, "margin-bench-memory: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    std::error_code ec;
    fs::remove_all(work, ec);
    fs::create_directories(work / "files");
    std::printf("memory: generating 1 MB, %ld MB and %ld files of about 1 KB in %s\n", bigMb, files,
                work.c_str());
    std::fflush(stdout);
    writeTranscript(work / "small.txt", 1 << 20, 1);
    writeTranscript(work / "big.txt", static_cast<std::size_t>(bigMb) << 20, 2);
    for (long i = 0; i < files; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "F%05ld.txt", i);
        writeTranscript(work / "files" / name, 1000, static_cast<std::uint64_t>(100 + i));
    }

    bool failed = false;
    auto report = [&](const char* what, const Run& r) {
        std::printf("%-44s %8.1f MB peak RSS %8.1f s  %s\n", what, mb(r.maxRssKb), r.seconds,
                    r.exitCode == 0 ? r.firstLine.c_str() : "FAILED");
        std::fflush(stdout);
        failed = failed || r.exitCode != 0;
        return r;
    };
    auto project = [&](const char* name) { return (work / name).string(); };

    Run help = report("margin --help (baseline)", run(margin, work, {"--help"}));
    run(margin, work, {"init", project("small.margin")});
    Run small =
        report("import a 1 MB file",
               run(margin, work,
                   {"-p", project("small.margin"), "import", (work / "small.txt").string()}));
    run(margin, work, {"init", project("big.margin")});
    const std::string bigWhat = "import a " + std::to_string(bigMb) + " MB file";
    Run big = report(
        bigWhat.c_str(),
        run(margin, work, {"-p", project("big.margin"), "import", (work / "big.txt").string()}));
    run(margin, work, {"init", project("files.margin")});
    const std::string filesWhat = "import a folder of " + std::to_string(files) + " files";
    Run folder = report(
        filesWhat.c_str(),
        run(margin, work, {"-p", project("files.margin"), "import", (work / "files").string()}));
    Run search = report("search matching every passage (20 shown)",
                        run(margin, work, {"-p", project("big.margin"), "search", "everywhere"}));
    Run search1000 =
        report("the same, 1000 shown",
               run(margin, work,
                   {"-p", project("big.margin"), "search", "--limit", "1000", "everywhere"}));
    Run smallSearch =
        report("search matching every passage, 1 MB project",
               run(margin, work, {"-p", project("small.margin"), "search", "everywhere"}));

    std::printf("\nratios (peak RSS):\n");
    std::printf("  import %ld MB / import 1 MB:        %6.1fx  (input %ldx)\n", bigMb,
                static_cast<double>(big.maxRssKb) / static_cast<double>(small.maxRssKb), bigMb);
    std::printf("  import %ld MB, RSS over the baseline per MB of input: %.2f MB\n", bigMb,
                mb(big.maxRssKb - help.maxRssKb) / static_cast<double>(bigMb));
    std::printf("  import %ld files / import 1 MB:  %6.1fx\n", files,
                static_cast<double>(folder.maxRssKb) / static_cast<double>(small.maxRssKb));
    std::printf("  search all (%ld MB project) / search all (1 MB project): %6.1fx\n", bigMb,
                static_cast<double>(search.maxRssKb) / static_cast<double>(smallSearch.maxRssKb));
    std::printf("  search all, 1000 shown / 20 shown: %6.1fx\n",
                static_cast<double>(search1000.maxRssKb) / static_cast<double>(search.maxRssKb));
    return failed ? 1 : 0;
}
