#include "corpus/offsets.h"

#include <algorithm>

namespace margin::corpus {
namespace {

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray
// continuation bytes, so that walking never stalls on damaged input).
inline std::size_t sequenceLength(unsigned char lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xF0)
        return 4;
    if (lead >= 0xE0)
        return 3;
    if (lead >= 0xC0)
        return 2;
    return 1;
}

inline bool isContinuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// UTF-16 units of the character whose sequence is `len` bytes long.
inline std::int64_t unitsFor(std::size_t len) {
    return len == 4 ? 2 : 1;
}

}  // namespace

CharPos codePointCount(std::string_view utf8) {
    CharPos n = 0;
    for (unsigned char c : utf8)
        n += isContinuation(c) ? 0 : 1;
    return n;
}

std::optional<std::size_t> utf8Offset(std::string_view utf8, CharPos pos) {
    if (pos < 0)
        return std::nullopt;
    std::size_t byte = 0;
    for (CharPos k = 0; k < pos; ++k) {
        if (byte >= utf8.size())
            return std::nullopt;
        byte += sequenceLength(static_cast<unsigned char>(utf8[byte]));
    }
    return std::min(byte, utf8.size());
}

std::optional<CharPos> charPosFromUtf8(std::string_view utf8, std::size_t byte) {
    if (byte > utf8.size())
        return std::nullopt;
    if (byte < utf8.size() && isContinuation(static_cast<unsigned char>(utf8[byte])))
        return std::nullopt;
    return codePointCount(utf8.substr(0, byte));
}

std::optional<std::int64_t> utf16Offset(std::string_view utf8, CharPos pos) {
    if (pos < 0)
        return std::nullopt;
    std::size_t byte = 0;
    std::int64_t units = 0;
    for (CharPos k = 0; k < pos; ++k) {
        if (byte >= utf8.size())
            return std::nullopt;
        std::size_t len = sequenceLength(static_cast<unsigned char>(utf8[byte]));
        byte += len;
        units += unitsFor(len);
    }
    return units;
}

std::optional<CharPos> charPosFromUtf16(std::string_view utf8, std::int64_t unit) {
    if (unit < 0)
        return std::nullopt;
    std::size_t byte = 0;
    std::int64_t units = 0;
    CharPos pos = 0;
    while (units < unit) {
        if (byte >= utf8.size())
            return std::nullopt;
        std::size_t len = sequenceLength(static_cast<unsigned char>(utf8[byte]));
        byte += len;
        units += unitsFor(len);
        ++pos;
    }
    if (units != unit)
        return std::nullopt;  // between the halves of a surrogate pair
    return pos;
}

std::optional<std::string_view> sliceChars(std::string_view utf8, CharPos start, CharPos end) {
    if (start > end)
        return std::nullopt;
    auto b = utf8Offset(utf8, start);
    if (!b)
        return std::nullopt;
    auto rest = corpus::utf8Offset(utf8.substr(*b), end - start);
    if (!rest)
        return std::nullopt;
    return utf8.substr(*b, *rest);
}

OffsetIndex::OffsetIndex(std::string_view utf8) : m_text(utf8) {
    std::size_t byte = 0;
    std::int64_t units = 0;
    CharPos pos = 0;
    while (true) {
        if (pos % kBlock == 0) {
            m_byteAt.push_back(byte);
            m_unitAt.push_back(units);
        }
        if (byte >= utf8.size())
            break;
        std::size_t len = sequenceLength(static_cast<unsigned char>(utf8[byte]));
        byte = std::min(byte + len, utf8.size());
        units += unitsFor(len);
        ++pos;
    }
    m_count = pos;
}

std::optional<std::size_t> OffsetIndex::utf8Offset(CharPos pos) const {
    if (pos < 0 || pos > m_count)
        return std::nullopt;
    std::size_t block = static_cast<std::size_t>(pos / kBlock);
    std::size_t byte = m_byteAt[block];
    for (CharPos k = 0; k < pos % kBlock; ++k)
        byte += sequenceLength(static_cast<unsigned char>(m_text[byte]));
    return std::min(byte, m_text.size());
}

std::optional<CharPos> OffsetIndex::charPosFromUtf8(std::size_t byte) const {
    if (byte > m_text.size())
        return std::nullopt;
    if (byte < m_text.size() && isContinuation(static_cast<unsigned char>(m_text[byte])))
        return std::nullopt;
    auto it = std::upper_bound(m_byteAt.begin(), m_byteAt.end(), byte);
    std::size_t block = static_cast<std::size_t>(it - m_byteAt.begin()) - 1;
    std::size_t b = m_byteAt[block];
    CharPos pos = static_cast<CharPos>(block) * kBlock;
    while (b < byte) {
        b += sequenceLength(static_cast<unsigned char>(m_text[b]));
        ++pos;
    }
    return pos;
}

std::optional<std::int64_t> OffsetIndex::utf16Offset(CharPos pos) const {
    if (pos < 0 || pos > m_count)
        return std::nullopt;
    std::size_t block = static_cast<std::size_t>(pos / kBlock);
    std::size_t byte = m_byteAt[block];
    std::int64_t units = m_unitAt[block];
    for (CharPos k = 0; k < pos % kBlock; ++k) {
        std::size_t len = sequenceLength(static_cast<unsigned char>(m_text[byte]));
        byte += len;
        units += unitsFor(len);
    }
    return units;
}

std::optional<CharPos> OffsetIndex::charPosFromUtf16(std::int64_t unit) const {
    if (unit < 0 || unit > m_unitAt.back() + 2 * kBlock)
        return std::nullopt;
    auto it = std::upper_bound(m_unitAt.begin(), m_unitAt.end(), unit);
    std::size_t block = static_cast<std::size_t>(it - m_unitAt.begin()) - 1;
    std::size_t byte = m_byteAt[block];
    std::int64_t units = m_unitAt[block];
    CharPos pos = static_cast<CharPos>(block) * kBlock;
    while (units < unit) {
        if (byte >= m_text.size())
            return std::nullopt;
        std::size_t len = sequenceLength(static_cast<unsigned char>(m_text[byte]));
        byte += len;
        units += unitsFor(len);
        ++pos;
    }
    if (units != unit)
        return std::nullopt;
    return pos;
}

}  // namespace margin::corpus
