// Fuzzes the CSV reader: any text parses or fails cleanly, and what parses
// writes back to records that parse to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto records = margin::corpus::parseCsv(text);
    if (!records.isOk())
        return 0;
    for (const auto& r : *records) {
        if (r.fields.empty())
            continue;
        auto again = margin::corpus::parseCsv(margin::corpus::csvRecord(r.fields));
        if (!again.isOk() || again->size() != 1 || (*again)[0].fields != r.fields)
            std::abort();  // csvRecord and parseCsv disagree
    }
    return 0;
}
