// THE OFFSET UNIT. Read this before storing or showing any position in a text.
//
// Every position Margin stores (speaker turns, codings, search hits, snippet
// highlights) is a CharPos: a count of Unicode code points from the start of
// the document's stored text, which is UTF-8, NFC-normalised, with "\n" line
// endings. Spans are half-open: [start, end). This is the unit the REFI-QDA
// exchange standard uses for PlainTextSelection positions.
//
// Other units exist only at the edges, and are converted here and nowhere else:
//   * UTF-8 bytes: how the core holds text in std::string (ICU break
//     iterators over UTF-8, SQLite, Xapian);
//   * UTF-16 code units: how Qt's QString and NVivo count. The GUI converts
//     through app/gui/qtext.h (DocumentText), which calls these functions.
//
// Examples (see tests/corpus/offsets_test.cpp):
//   "é" (precomposed U+00E9)  = 1 CharPos, 2 UTF-8 bytes, 1 UTF-16 unit
//   "q̃" (q + U+0303)         = 2 CharPos (no precomposed form exists)
//   "😀" (U+1F600)            = 1 CharPos, 4 UTF-8 bytes, 2 UTF-16 units
//   "𠀀" (U+20000, CJK Ext B) = 1 CharPos, 4 UTF-8 bytes, 2 UTF-16 units
//
// A conversion whose input position is out of range or falls inside a
// character (in the middle of a UTF-8 sequence or between the two halves of a
// surrogate pair) returns std::nullopt: such a position is a bug or a damaged
// file, never something to round silently.
//
// The free functions walk the text from the start (O(n)); OffsetIndex answers
// repeated conversions on one long text in O(log n + 64).
//
// The text passed in must be valid UTF-8 (stored text always is).
// Thread-safety: pure functions; an OffsetIndex is immutable once built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace margin::corpus {

using CharPos = std::int64_t;

// Number of code points in `utf8`.
CharPos codePointCount(std::string_view utf8);

// UTF-8 byte offset of code point `pos` (pos == count gives utf8.size()).
std::optional<std::size_t> utf8Offset(std::string_view utf8, CharPos pos);
// Code point position of byte offset `byte`, which must start a character.
std::optional<CharPos> charPosFromUtf8(std::string_view utf8, std::size_t byte);

// UTF-16 code unit offset of code point `pos`.
std::optional<std::int64_t> utf16Offset(std::string_view utf8, CharPos pos);
// Code point position of UTF-16 offset `unit`, which must not split a pair.
std::optional<CharPos> charPosFromUtf16(std::string_view utf8, std::int64_t unit);

// The text of [start, end) in code points; nullopt when out of range.
std::optional<std::string_view> sliceChars(std::string_view utf8, CharPos start, CharPos end);

// Precomputed conversions for one text. Keeps a reference to the text: the
// text must outlive the index and not change.
class OffsetIndex {
public:
    explicit OffsetIndex(std::string_view utf8);

    CharPos size() const { return m_count; }  // code points
    std::optional<std::size_t> utf8Offset(CharPos pos) const;
    std::optional<CharPos> charPosFromUtf8(std::size_t byte) const;
    std::optional<std::int64_t> utf16Offset(CharPos pos) const;
    std::optional<CharPos> charPosFromUtf16(std::int64_t unit) const;

private:
    static constexpr CharPos kBlock = 64;  // code points between checkpoints
    std::string_view m_text;
    CharPos m_count = 0;
    std::vector<std::size_t> m_byteAt;   // byte offset of code point k * kBlock
    std::vector<std::int64_t> m_unitAt;  // UTF-16 offset of code point k * kBlock
};

}  // namespace margin::corpus
