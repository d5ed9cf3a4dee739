#include "corpus/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <charconv>
#include <cmath>
#include <ctime>

namespace margin::corpus {

std::size_t firstInvalidUtf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);  // strict: ill-formed sequences give c < 0
        if (c < 0)
            return static_cast<std::size_t>(start);
    }
    return std::string_view::npos;
}

namespace {

std::string unifyLineBreaks(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    std::size_t i = 0;
    if (in.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    for (; i < in.size(); ++i) {
        char c = in[i];
        if (c == '\r') {
            out += '\n';
            if (i + 1 < in.size() && in[i + 1] == '\n')
                ++i;
        } else if (c == '\xC2' && i + 1 < in.size() && in[i + 1] == '\x85') {
            out += '\n';
            ++i;
        } else if (c == '\xE2' && i + 2 < in.size() && in[i + 1] == '\x80' &&
                   (in[i + 2] == '\xA8' || in[i + 2] == '\xA9')) {
            out += '\n';
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

const icu::Normalizer2* nfc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
}

}  // namespace

std::string normalizeText(std::string_view utf8) {
    std::string unified = unifyLineBreaks(utf8);
    const icu::Normalizer2* n = nfc();
    if (!n)
        return unified;  // ICU data missing: leave as is (check will report)
    // In UTF-8 throughout: no UTF-16 copy (twice the text's size) of a
    // long transcript.
    UErrorCode status = U_ZERO_ERROR;
    const icu::StringPiece piece(unified.data(), static_cast<int32_t>(unified.size()));
    if (n->isNormalizedUTF8(piece, status) && U_SUCCESS(status))
        return unified;
    status = U_ZERO_ERROR;
    std::string out;
    out.reserve(unified.size());
    icu::StringByteSink<std::string> sink(&out);
    n->normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status))
        return unified;
    return out;
}

NormalizedText normalizeTextWithMap(std::string_view utf8) {
    NormalizedText out;
    // Line breaks first, keeping for each input boundary its position in
    // `unified` (in code points).
    std::string unified;
    unified.reserve(utf8.size());
    std::vector<std::int64_t> toUnified;
    toUnified.reserve(utf8.size() + 1);
    const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    std::int64_t u = 0;  // code points written to `unified`
    int32_t i = 0;
    bool first = true;
    while (i < length) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        toUnified.push_back(u);
        if (first && c == 0xFEFF) {
            first = false;
            continue;
        }
        first = false;
        if (c == '\r' && i < length && s[i] == '\n') {
            ++i;
            toUnified.push_back(u + 1);  // between "\r" and "\n": after the break
            unified += '\n';
            ++u;
        } else if (c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029) {
            unified += '\n';
            ++u;
        } else {
            unified.append(
                utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
            ++u;
        }
    }
    toUnified.push_back(u);

    const icu::Normalizer2* n = nfc();
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString whole = icu::UnicodeString::fromUTF8(unified);
    if (!n || (n->isNormalized(whole, status) && U_SUCCESS(status))) {
        out.text = std::move(unified);
        out.map = std::move(toUnified);
        return out;
    }
    // NFC segment by segment, cut before each character with a
    // normalisation boundary: the segments normalise independently, so
    // their starts map exactly.
    std::vector<std::int64_t> fromUnified;  // unified code point -> normalised
    fromUnified.reserve(static_cast<std::size_t>(u) + 1);
    std::int64_t produced = 0;
    int32_t k = 0;
    const int32_t units = whole.length();
    while (k < units) {
        int32_t segStart = k;
        std::int64_t segChars = 0;
        do {
            k += U16_LENGTH(whole.char32At(k));
            ++segChars;
        } while (k < units && !n->hasBoundaryBefore(whole.char32At(k)));
        icu::UnicodeString segment(whole, segStart, k - segStart);
        status = U_ZERO_ERROR;
        icu::UnicodeString normalized = n->normalize(segment, status);
        if (U_FAILURE(status))
            normalized = segment;
        std::int64_t outChars = normalized.countChar32();
        for (std::int64_t j = 0; j < segChars; ++j)
            fromUnified.push_back(produced + (outChars == segChars ? j : 0));
        std::string piece;
        normalized.toUTF8String(piece);
        out.text += piece;
        produced += outChars;
    }
    fromUnified.push_back(produced);
    out.map.reserve(toUnified.size());
    for (std::int64_t p : toUnified)
        out.map.push_back(fromUnified[static_cast<std::size_t>(p)]);
    return out;
}

bool isNormalizedText(std::string_view utf8) {
    if (firstInvalidUtf8(utf8) != std::string_view::npos)
        return false;
    if (unifyLineBreaks(utf8) != utf8)
        return false;
    const icu::Normalizer2* n = nfc();
    UErrorCode status = U_ZERO_ERROR;
    return n && n->isNormalized(icu::UnicodeString::fromUTF8(utf8), status) && U_SUCCESS(status);
}

std::string foldKey(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    icu::UnicodeString folded = U_SUCCESS(status) ? n->normalize(u, status) : u;
    if (U_FAILURE(status))
        folded = u;
    icu::UnicodeString out;
    for (int32_t i = 0; i < folded.length();) {
        UChar32 c = folded.char32At(i);
        if (!u_isUWhiteSpace(c))
            out.append(c);
        i += U16_LENGTH(c);
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

int displayWidth(std::string_view utf8) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int width = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            ++width;
            continue;
        }
        int8_t type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
            c == 0x200B)
            continue;
        int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        width += (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return width;
}

std::string_view trimSpace(std::string_view s) {
    auto isSpaceAt = [&](std::size_t i, std::size_t* len) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            *len = 1;
            return true;
        }
        // U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE are common in CJK text.
        if (s.substr(i, 3) == "\xE3\x80\x80") {
            *len = 3;
            return true;
        }
        if (s.substr(i, 2) == "\xC2\xA0") {
            *len = 2;
            return true;
        }
        return false;
    };
    std::size_t len = 0;
    while (!s.empty() && isSpaceAt(0, &len))
        s.remove_prefix(len);
    while (!s.empty()) {
        std::size_t n = s.size();
        if (isSpaceAt(n - 1, &len) && len == 1) {
            s.remove_suffix(1);
        } else if (n >= 3 && s.substr(n - 3) == "\xE3\x80\x80") {
            s.remove_suffix(3);
        } else if (n >= 2 && s.substr(n - 2) == "\xC2\xA0") {
            s.remove_suffix(2);
        } else {
            break;
        }
    }
    return s;
}

std::optional<double> parseNumber(std::string_view s) {
    s = trimSpace(s);
    if (s.starts_with("+"))
        s.remove_prefix(1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string formatNumber(double value) {
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    char buffer[32];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, ec == std::errc() ? ptr : buffer);
}

std::string nowIso8601() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace margin::corpus
