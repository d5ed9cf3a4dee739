// Fuzzes the query language's parser: any text parses or gives an error
// with a column inside the query.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "corpus/text.h"
#include "indexer/query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (margin::corpus::firstInvalidUtf8(text) != std::string_view::npos)
        return 0;
    (void)margin::indexer::parseQuery(text);
    return 0;
}
