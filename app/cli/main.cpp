#include <cstdlib>
#include <iostream>

#include "app/cli/cli.h"

int main(int argc, char** argv) {
    const char* env = std::getenv("MARGIN_PROJECT");
    return margin::cli::run({argv + 1, argv + argc}, env ? env : "", std::cout, std::cerr);
}
