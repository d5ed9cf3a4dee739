// Fuzzes one file format's reader (MARGIN_FUZZ_FORMAT, an extension such
// as "docx"), exactly as the importer calls it: any bytes give text or one
// clean error; text a reader returns with its own turns is normalised and
// its turns lie inside it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/formats.h"
#include "corpus/offsets.h"
#include "corpus/spreadsheet.h"
#include "corpus/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string name = std::string("fuzz.") + MARGIN_FUZZ_FORMAT;
    if (std::string_view(MARGIN_FUZZ_FORMAT) == "xlsx") {
        (void)margin::corpus::readXlsx(bytes, name, "");
        return 0;
    }
    const auto* format = margin::corpus::formatFor(name);
    if (!format)
        std::abort();  // the format is not registered
    auto text = format->read(bytes, name, {});
    if (!text.isOk() || !text->turns)
        return 0;
    if (!margin::corpus::isNormalizedText(text->text))
        std::abort();
    const auto length = margin::corpus::codePointCount(text->text);
    for (const auto& t : *text->turns)
        if (t.start < 0 || t.end <= t.start || t.end > length)
            std::abort();
    return 0;
}
