// UTF-8 text helpers shared by the importers, the store and the front ends.
//
// Stored document text is "normalised": valid UTF-8, no byte-order mark,
// "\n" as the only line break (CRLF, CR, U+0085, U+2028 and U+2029 become
// "\n"), and Unicode NFC. normalizeText() makes it so; isNormalizedText()
// checks it (margin check uses that). All positions into stored text are
// CharPos code points (see corpus/offsets.h).
//
// Thread-safety: pure functions (ICU's normaliser instances are shared and
// thread-safe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace margin::corpus {

// Byte offset of the first sequence that is not well-formed UTF-8 (overlong
// forms, surrogates and values above U+10FFFF count as ill-formed), or
// std::string_view::npos when all of `bytes` is valid.
std::size_t firstInvalidUtf8(std::string_view bytes);

// Normalises valid UTF-8 text as described above.
std::string normalizeText(std::string_view utf8);
bool isNormalizedText(std::string_view utf8);

// normalizeText() with a map of positions, for files whose positions were
// counted on the text before it was normalised (REFI-QDA selections):
// `map[k]` is the code-point position in `text` of the boundary before code
// point k of `utf8` (k = 0 .. code points of `utf8`; the last entry is the
// end). A leading byte-order mark maps to 0; a position between the "\r"
// and the "\n" of a pair maps to the end of the "\n" they become; a
// position inside a sequence that NFC changed (a letter and the combining
// marks composed with it) maps to the start of what it became.
// `text` is exactly normalizeText(utf8).
struct NormalizedText {
    std::string text;
    std::vector<std::int64_t> map;
};
NormalizedText normalizeTextWithMap(std::string_view utf8);

// A key for comparing names the way a reader would: NFKC case folding
// (so full-width "Ｔ０１" equals "t01") with all white space removed.
// "Interviewer 1", "interviewer1" and "INTERVIEWER１" share one key.
std::string foldKey(std::string_view utf8);

// Columns the text takes in a terminal: East Asian wide and full-width
// characters count 2, combining marks and zero-width characters 0.
int displayWidth(std::string_view utf8);

// `s` without leading and trailing ASCII and Unicode white space.
std::string_view trimSpace(std::string_view s);

// A decimal number as a participant sheet holds it ("3", " 0.5 ", "+2",
// "1e3"), locale-independent; nullopt for anything else, and for inf/nan.
std::optional<double> parseNumber(std::string_view s);
// A number as Margin shows an attribute value: integers without a decimal
// point ("3"), others in the shortest form that reads back exactly ("0.5").
std::string formatNumber(double value);
// The current time in UTC as the store records it: "2026-11-27T03:12:00Z".
std::string nowIso8601();

}  // namespace margin::corpus
