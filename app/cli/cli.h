// The `margin` command line: parses words, calls app::Project, prints.
// Exit codes: 0 success, 1 bad input or a failed operation, 2 usage error.
// Results go to `out`; errors to `err`, one line each, naming the file or
// object and what is wrong.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace margin::cli {

// `args` excludes the program name. `projectFromEnv` is $MARGIN_PROJECT (or empty).
int run(const std::vector<std::string>& args, const std::string& projectFromEnv, std::ostream& out,
        std::ostream& err);

}  // namespace margin::cli
