// Fuzzes the REFI-QDA reader (codebook/refi.h): the XML of a .qdc or .qde
// (DOCTYPE refused, references resolved, deviations as warnings), and the
// position conventions mapped over the input as a source text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "codebook/refi.h"
#include "corpus/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace margin::codebook::refi;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto parsed = parseRefiXml(bytes, "fuzz.qde");
    if (margin::corpus::firstInvalidUtf8(bytes) != std::string_view::npos)
        return 0;
    SourceText text(std::string(bytes), false);
    const auto length = static_cast<std::int64_t>(text.normalized().size());
    for (const PositionConvention& c : conventions())
        for (std::int64_t p : {std::int64_t{0}, std::int64_t{1}, length / 2, length})
            (void)text.map(p, c);
    if (parsed.isOk()) {
        std::vector<const RefiSelection*> selections;
        std::vector<const SourceText*> texts;
        for (const RefiSource& s : parsed->sources)
            for (const RefiSelection& sel : s.selections) {
                selections.push_back(&sel);
                texts.push_back(&text);
            }
        (void)detectConvention(selections, texts, parsed->origin);
    }
    return 0;
}
