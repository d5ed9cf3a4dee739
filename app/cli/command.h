// Private to app/cli: what every command of `margin` shares — its context
// (parsed arguments, the project path, the output streams), the Command
// record, exit codes and small formatting helpers. Commands live in
// cli.cpp (documents, participants, search), coding.cpp (codes, codings,
// analysis), import_table.cpp, agreement.cpp and team.cpp (coders, merge).
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/output.h"
#include "app/project.h"
#include "codebook/report.h"
#include "corpus/text.h"

namespace margin::cli {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

struct Context {
    ParsedArgs args;
    std::string project;  // resolved: -p, else $MARGIN_PROJECT
    std::ostream& out;
    std::ostream& err;
    bool terminal = false;  // `out` is a terminal: bold may be used

    int fail(const Status& s) const {
        err << "margin: " << s.message() << "\n";
        return kFailed;
    }
    int usage(const std::string& message) const {
        err << message << "\n";
        return kUsage;
    }
    Result<std::unique_ptr<app::Project>> open() const { return app::Project::open(project); }
};

struct Command {
    CommandSpec spec;
    bool needsProject = true;
    std::function<int(Context&)> run;
};

inline const OptionSpec kFormat{"format", "FORMAT", "table (default), csv or json"};

inline std::optional<Format> formatOf(Context& c, int* exitCode) {
    auto name = c.args.value("format").value_or("table");
    auto format = parseFormat(name);
    if (!format)
        *exitCode = c.usage("margin: unknown format '" + name + "' (use table, csv or json)");
    return format;
}

inline std::string joined(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

inline std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (auto t = std::string(corpus::trimSpace(item)); !t.empty())
            out.push_back(t);
    return out;
}

// A failed search or auto-coding: a mistake in the query is named with the
// query; a busy or full index or project speaks for itself.
inline Status queryError(const Status& s, const std::string& query) {
    const bool aboutTheQuery =
        s.code() == Status::Code::InvalidInput || s.code() == Status::Code::NotFound;
    return aboutTheQuery ? s.withContext("query '" + query + "'") : s;
}

inline std::string formatTimestamp(std::int64_t ms) {
    std::int64_t s = ms / 1000;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return buffer;
}

// Writes report tables as the command line asked: --format (or the -o
// file's extension; else `defaultFormat`), to -o FILE (never replacing a
// file without --force; --excel for a byte-order mark) or the terminal.
// `formats` lists the formats for the usage message. Defined in coding.cpp.
int emit(Context& c, const std::vector<codebook::report::Table>& tables, const std::string& formats,
         const std::string& defaultFormat = "table");
// --codes PATH (repeatable, or comma-separated): those codes and their
// sub-codes, in tree order; empty for all. Defined in coding.cpp.
Result<std::vector<codebook::CodeId>> codeScope(app::Project& p, const Context& c);

// The commands of coding.cpp.
std::vector<Command> codingCommands();
// The commands of team.cpp (coders, merge).
std::vector<Command> teamCommands();
// The commands of import_table.cpp.
std::vector<Command> tableImportCommands();
// The commands of agreement.cpp.
std::vector<Command> agreementCommands();
// The commands of reliability.cpp (backup).
std::vector<Command> reliabilityCommands();
// The commands of refi.cpp (export qdc|qdpx, import-codebook), and `init
// --from FILE.qdpx`: creates the project at `path` and imports the file
// into it; on failure removes the project again.
std::vector<Command> refiCommands();
int initFromRefi(Context& c, const std::string& path, const std::string& from);

}  // namespace margin::cli
