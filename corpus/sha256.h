// SHA-256 of a byte string, as 64 lower-case hexadecimal digits. Documents
// store the digest of their original file's bytes: importing the same bytes
// twice is recognised by it. Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace margin::corpus {

std::string sha256Hex(std::string_view bytes);

}  // namespace margin::corpus
