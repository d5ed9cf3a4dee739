// Fuzzes speaker-turn detection on arbitrary (valid UTF-8) text: the turns
// it finds lie inside the text and do not overlap.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/offsets.h"
#include "corpus/speakers.h"
#include "corpus/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (margin::corpus::firstInvalidUtf8(bytes) != std::string_view::npos)
        return 0;
    std::string text = margin::corpus::normalizeText(bytes);
    auto turns = margin::corpus::detectTurns(text);
    if (!turns.isOk())
        return 0;
    const auto length = margin::corpus::codePointCount(text);
    margin::corpus::CharPos previous = 0;
    for (const auto& t : turns->turns) {
        if (t.start < previous || t.end <= t.start || t.end > length)
            std::abort();  // a turn outside the text or overlapping another
        previous = t.end;
    }
    return 0;
}
