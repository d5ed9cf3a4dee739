// Fuzzes text decoding (encoding detection, BOMs, GBK, UTF-16) and
// normalisation: any bytes give text or a clean error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "corpus/encoding.h"
#include "corpus/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto text = margin::corpus::decodeText(bytes);
    if (text.isOk())
        (void)margin::corpus::normalizeText(text->utf8);
    return 0;
}
