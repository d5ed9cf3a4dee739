#include "app/cli/args.h"

namespace margin::cli {

std::optional<std::string> parseCommandLine(const CommandSpec& spec,
                                            const std::vector<std::string>& args, ParsedArgs& out) {
    const std::string where = "margin " + spec.name + ": ";
    bool optionsEnded = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool dashWord = spec.dashArguments && a.size() > 1 && a[0] == '-' && a[1] != '-' &&
                        a != "-p" && a != "-h";
        if (optionsEnded || a == "-" || !a.starts_with("-") || dashWord) {
            out.arguments.push_back(a);
            continue;
        }
        if (a == "--") {
            optionsEnded = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            out.help = true;
            continue;
        }
        std::string name, value;
        bool hasValue = false;
        if (a == "-p") {
            name = "project";
        } else if (a == "-o") {
            name = "output";
        } else if (a.starts_with("--")) {
            name = a.substr(2);
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                hasValue = true;
            }
        } else {
            return where + "unknown option '" + a + "' (see 'margin " + spec.name + " --help')";
        }
        if (name == "project") {
            if (!hasValue) {
                if (i + 1 >= args.size())
                    return where + "option --project needs a PROJECT";
                value = args[++i];
            }
            out.project = value;
            continue;
        }
        const OptionSpec* option = nullptr;
        for (const auto& o : spec.options)
            if (o.name == name)
                option = &o;
        if (!option)
            return where + "unknown option '--" + name + "' (see 'margin " + spec.name +
                   " --help')";
        if (option->valueName.empty()) {
            if (hasValue)
                return where + "option --" + name + " takes no value";
            out.flags[name] = true;
            continue;
        }
        if (!hasValue) {
            if (i + 1 >= args.size())
                return where + "option --" + name + " needs a " + option->valueName;
            value = args[++i];
        }
        out.values[name] = value;
        out.repeated[name].push_back(value);
    }
    if (out.help)
        return std::nullopt;
    int n = static_cast<int>(out.arguments.size());
    if (n < spec.minArguments)
        return where + "missing " + spec.arguments + " (see 'margin " + spec.name + " --help')";
    if (spec.maxArguments >= 0 && n > spec.maxArguments)
        return where + "unexpected argument '" + out.arguments[spec.maxArguments] +
               "' (see 'margin " + spec.name + " --help')";
    return std::nullopt;
}

std::string helpText(const CommandSpec& spec) {
    std::string out = "usage: margin [-p PROJECT] " + spec.name;
    if (!spec.options.empty())
        out += " [options]";
    if (!spec.arguments.empty())
        out += " " + spec.arguments;
    out += "\n\n" + spec.summary + "\n";
    if (!spec.description.empty())
        out += "\n" + spec.description + "\n";
    out += "\noptions:\n";
    auto row = [&](const std::string& left, const std::string& help) {
        std::string l = "  " + left;
        if (l.size() < 28)
            l.append(28 - l.size(), ' ');
        else
            l += "\n" + std::string(28, ' ');
        out += l + help + "\n";
    };
    for (const auto& o : spec.options)
        row("--" + o.name + (o.valueName.empty() ? "" : " " + o.valueName), o.help);
    row("-p, --project PROJECT", "the project file (default: $MARGIN_PROJECT)");
    row("-h, --help", "show this help");
    return out;
}

}  // namespace margin::cli
