// The reliability commands of `margin`: backup (a consistent copy of the
// project while it may be in use; corpus::Store::backup).
#include <filesystem>

#include "app/cli/command.h"

namespace margin::cli {

namespace {

// --- backup ------------------------------------------------------------------

int runBackup(Context& c) {
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    const std::string& file = c.args.arguments[0];
    if (Status s = (*project)->store().backup(file, c.args.flag("force")); !s.isOk())
        return c.fail(s);
    c.out << "backed up " << c.project << " to " << file << "\n";
    return kOk;
}

}  // namespace

std::vector<Command> reliabilityCommands() {
    return {
        {{"backup",
          "FILE",
          "Copy the project to FILE, safely, even while it is in use.",
          "Uses SQLite's online backup: the copy holds the project as of one moment,\n"
          "even while other programs read or write it, and is a project of its own\n"
          "(open it with -p FILE). It is written to a temporary file beside FILE and\n"
          "renamed, so FILE is never half-written. The search index is not copied; it\n"
          "is rebuilt on first use.",
          {{"force", "", "replace FILE if it exists"}},
          1,
          1},
         true,
         runBackup},
    };
}

}  // namespace margin::cli
