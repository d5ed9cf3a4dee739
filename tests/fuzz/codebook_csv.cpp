// Fuzzes the codebook and codings CSV readers (paths, code + parent with
// cycle detection, quotes and offsets).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codebook/exchange.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)margin::codebook::readCodebookCsv(text, "codebook.csv");
    (void)margin::codebook::readCodingsCsv(text, "codings.csv");
    return 0;
}
