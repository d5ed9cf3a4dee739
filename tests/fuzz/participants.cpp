// Fuzzes the participant sheet reader (decoding, CSV, typed columns).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "corpus/participants.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)margin::corpus::readParticipantSheet(bytes, "participants.csv");
    return 0;
}
