// Command-line parsing for `margin`: commands declare their options and
// positional arguments; parse() checks a command line against them.
// Usage errors (unknown option, missing value, wrong argument count) come
// back as a message; the caller prints it and exits with status 2.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace margin::cli {

struct OptionSpec {
    std::string name;       // without dashes: "format" ("-o" is "output", "-p" "project")
    std::string valueName;  // empty for a flag: "FORMAT"
    std::string help;
};

struct CommandSpec {
    std::string name;         // "import", or "participants import"
    std::string arguments;    // for the usage line: "FILE|DIR..."
    std::string summary;      // one line
    std::string description;  // paragraphs after the usage line
    std::vector<OptionSpec> options;
    int minArguments = 0;
    int maxArguments = 0;  // -1: no limit
    // Words like "-role:enterprise" are arguments, not options (search).
    bool dashArguments = false;
};

struct ParsedArgs {
    std::map<std::string, std::string> values;  // options with values (the last given)
    std::map<std::string, std::vector<std::string>> repeated;  // every value, in order
    std::map<std::string, bool> flags;
    std::vector<std::string> arguments;
    bool help = false;
    std::optional<std::string> project;  // -p / --project given after the command

    bool flag(const std::string& name) const { return flags.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const {
        auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional(it->second);
    }
    std::vector<std::string> all(const std::string& name) const {
        auto it = repeated.find(name);
        return it == repeated.end() ? std::vector<std::string>() : it->second;
    }
};

// Parses `args` (the words after the command name). Returns an error
// message for a usage error.
std::optional<std::string> parseCommandLine(const CommandSpec& spec,
                                            const std::vector<std::string>& args, ParsedArgs& out);

std::string helpText(const CommandSpec& spec);

}  // namespace margin::cli
