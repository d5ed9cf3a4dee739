// Runs the real `margin` binary as a child process and captures its output.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace margin::test {

struct RunResult {
    int exitCode = -1;  // -1 when killed by a signal
    std::string out;
    std::string err;
    // The whole exchange, for failure messages.
    std::string describe() const {
        return "exit " + std::to_string(exitCode) + "\nstdout:\n" + out + "stderr:\n" + err;
    }
};

// Runs margin with `args`. `env` entries are set (an empty value unsets).
// MARGIN_PROJECT is unset unless given.
inline RunResult runMargin(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env = {}) {
    int outPipe[2], errPipe[2];
    if (pipe(outPipe) != 0 || pipe(errPipe) != 0)
        return {};
    pid_t pid = fork();
    if (pid == 0) {
        dup2(outPipe[1], 1);
        dup2(errPipe[1], 2);
        close(outPipe[0]);
        close(errPipe[0]);
        unsetenv("MARGIN_PROJECT");
        for (const auto& [k, v] : env) {
            if (v.empty())
                unsetenv(k.c_str());
            else
                setenv(k.c_str(), v.c_str(), 1);
        }
        std::vector<char*> argv;
        std::string binary = MARGIN_BINARY;
        argv.push_back(binary.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(outPipe[1]);
    close(errPipe[1]);
    RunResult result;
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    int open = 2;
    char buffer[65536];
    while (open > 0) {
        if (poll(fds, 2, -1) < 0)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
                continue;
            ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            } else {
                (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline std::filesystem::path examplesDir() {
    return MARGIN_EXAMPLES_DIR;
}

// Builds the example study's project at `project` through the command line:
// its transcripts, participant sheet, codebook and codings, then the `extra`
// steps (each without the "-p PROJECT" prefix), then `margin check`, which
// also checkpoints the log so that the project is one file to copy. Returns
// "" on success, else the failing step and its output.
inline std::string buildExampleStudy(const std::string& project,
                                     const std::vector<std::vector<std::string>>& extra = {},
                                     const std::map<std::string, std::string>& env = {
                                         {"MARGIN_CODER", ""}}) {
    const auto study = examplesDir() / "study";
    std::vector<std::vector<std::string>> steps = {
        {"import", (study / "transcripts").string()},
        {"participants", "import", (study / "participants.csv").string()},
        {"codes", "import", (study / "codebook.csv").string()},
        {"codings", "import", (study / "codings.csv").string()},
    };
    steps.insert(steps.end(), extra.begin(), extra.end());
    steps.push_back({"check"});
    if (auto r = runMargin({"init", project}, env); r.exitCode != 0)
        return "init: " + r.describe();
    for (auto step : steps) {
        const std::string what = step.front();
        step.insert(step.begin(), {"-p", project});
        if (auto r = runMargin(step, env); r.exitCode != 0)
            return what + ": " + r.describe();
    }
    return "";
}

}  // namespace margin::test
