#include "corpus/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <vector>

#include "corpus/text.h"

namespace margin::corpus {
namespace {

std::string byteText(std::size_t offset) {
    return "byte " + std::to_string(offset);
}

// Decodes `bytes` with ICU converter `name`, stopping at the first invalid
// or unmappable sequence. `base` is added to reported offsets (for a skipped BOM).
Result<std::string> convert(std::string_view bytes, const std::string& name, std::size_t base) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* raw = ucnv_open(name.c_str(), &status);
    if (U_FAILURE(status))
        return Status::invalidInput("unknown encoding '" + name + "'");
    std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(raw, ucnv_close);
    ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);

    icu::UnicodeString out;
    std::vector<UChar> buffer(1 << 14);
    const char* source = bytes.data();
    const char* sourceEnd = bytes.data() + bytes.size();
    while (true) {
        UChar* target = buffer.data();
        status = U_ZERO_ERROR;
        ucnv_toUnicode(cnv.get(), &target, buffer.data() + buffer.size(), &source, sourceEnd,
                       nullptr, /*flush=*/true, &status);
        out.append(buffer.data(), static_cast<int32_t>(target - buffer.data()));
        if (status == U_BUFFER_OVERFLOW_ERROR)
            continue;
        if (U_FAILURE(status)) {
            char invalid[32];
            int8_t invalidLength = sizeof invalid;
            UErrorCode ignored = U_ZERO_ERROR;
            ucnv_getInvalidChars(cnv.get(), invalid, &invalidLength, &ignored);
            std::size_t offset = static_cast<std::size_t>(source - bytes.data());
            if (U_SUCCESS(ignored) && static_cast<std::size_t>(invalidLength) <= offset)
                offset -= static_cast<std::size_t>(invalidLength);
            return Status::invalidInput("not valid " + name + ": bad byte sequence at " +
                                        byteText(base + offset));
        }
        break;
    }
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

// A decoded text is plausible when it has (almost) no control characters,
// replacement characters or private-use characters.
bool looksLikeText(std::string_view utf8) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int64_t total = 0, odd = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        ++total;
        bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
                       (c >= 0x7F && c < 0xA0);
        if (c < 0 || control || c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF))
            ++odd;
    }
    return total > 0 && odd * 100 <= total;  // at most 1%
}

// Counts of well-formed multi-byte UTF-8 sequences and of ill-formed ones.
void utf8Census(std::string_view bytes, std::int64_t* validMulti, std::int64_t* invalid) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    *validMulti = *invalid = 0;
    for (int32_t i = 0; i < length;) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0)
            ++*invalid;
        else if (i - start > 1)
            ++*validMulti;
    }
}

Result<DecodedText> finish(Result<std::string> decoded, std::string encoding) {
    if (!decoded.isOk())
        return decoded.status();
    return DecodedText{std::move(decoded).value(), std::move(encoding)};
}

}  // namespace

Result<DecodedText> decodeText(std::string_view bytes, std::string_view encoding) {
    struct Bom {
        std::string_view bytes;
        const char* name;
    };
    static const Bom boms[] = {
        {"\xEF\xBB\xBF", "UTF-8"},
        {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"},
        {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
        {"\xFF\xFE", "UTF-16LE"},
        {"\xFE\xFF", "UTF-16BE"},
    };
    std::size_t bomLength = 0;
    const char* bomName = nullptr;
    for (const Bom& bom : boms) {
        if (bytes.substr(0, bom.bytes.size()) == bom.bytes) {
            bomLength = bom.bytes.size();
            bomName = bom.name;
            break;
        }
    }
    std::string_view body = bytes.substr(bomLength);
    if (trimSpace(body).empty() && (bomName == nullptr || std::string_view(bomName) == "UTF-8"))
        return Status::invalidInput("the file is empty");

    if (!encoding.empty()) {
        std::string name(encoding);
        UErrorCode status = U_ZERO_ERROR;
        const char* canonical = ucnv_getCanonicalName(name.c_str(), "", &status);
        bool isUtf8 = canonical && std::string_view(canonical) == "UTF-8";
        if (isUtf8 || name == "utf8" || name == "UTF8") {
            std::size_t bad = firstInvalidUtf8(body);
            if (bad != std::string_view::npos)
                return Status::invalidInput("not valid UTF-8: bad byte sequence at " +
                                            byteText(bomLength + bad));
            return DecodedText{std::string(body), "UTF-8"};
        }
        // A BOM that agrees with the named encoding is skipped, not decoded.
        std::size_t skip =
            (bomName && ucnv_compareNames(bomName, name.c_str()) == 0) ? bomLength : 0;
        return finish(convert(bytes.substr(skip), name, skip), name);
    }

    if (bomName) {
        if (std::string_view(bomName) == "UTF-8") {
            std::size_t bad = firstInvalidUtf8(body);
            if (bad != std::string_view::npos)
                return Status::invalidInput("not valid UTF-8: bad byte sequence at " +
                                            byteText(bomLength + bad));
            return DecodedText{std::string(body), "UTF-8 with BOM"};
        }
        auto decoded = convert(body, bomName, bomLength);
        if (decoded.isOk() && trimSpace(*decoded).empty())
            return Status::invalidInput("the file is empty");
        return finish(std::move(decoded), bomName);
    }

    // UTF-16 without a byte-order mark: ASCII-range text has a zero in every
    // other byte.
    std::size_t probe = std::min<std::size_t>(bytes.size(), 8192) & ~std::size_t(1);
    if (probe >= 4) {
        std::size_t zeroEven = 0, zeroOdd = 0;
        for (std::size_t i = 0; i < probe; ++i)
            if (bytes[i] == '\0')
                ++(i % 2 ? zeroOdd : zeroEven);
        std::size_t pairs = probe / 2;
        if (zeroOdd * 10 >= pairs * 3 && zeroEven * 20 <= pairs)
            return finish(convert(bytes, "UTF-16LE", 0), "UTF-16LE");
        if (zeroEven * 10 >= pairs * 3 && zeroOdd * 20 <= pairs)
            return finish(convert(bytes, "UTF-16BE", 0), "UTF-16BE");
    }
    if (auto nul = bytes.find('\0'); nul != std::string_view::npos)
        return Status::invalidInput("binary file, not text (zero byte at " + byteText(nul) + ")");

    std::size_t bad = firstInvalidUtf8(bytes);
    if (bad == std::string_view::npos)
        return DecodedText{std::string(bytes), "UTF-8"};

    std::int64_t validMulti = 0, invalid = 0;
    utf8Census(bytes, &validMulti, &invalid);
    if (validMulti > 0 && validMulti >= 4 * invalid)
        return Status::invalidInput("not valid UTF-8: bad byte sequence at " + byteText(bad) +
                                    " (the rest of the file is UTF-8; the file may be damaged)");

    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector* raw = ucsdet_open(&status);
    std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> detector(raw, ucsdet_close);
    std::string guess;
    if (U_SUCCESS(status)) {
        // The detector reads at most this much; it keeps a pointer, not a copy.
        std::string_view sample = bytes.substr(0, 1 << 16);
        ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
        int32_t count = 0;
        const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
        for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
            UErrorCode s = U_ZERO_ERROR;
            const char* name = ucsdet_getName(matches[i], &s);
            int32_t confidence = ucsdet_getConfidence(matches[i], &s);
            if (U_FAILURE(s) || !name || confidence < 10)
                break;
            std::string_view n(name);
            if (n.starts_with("UTF-"))  // ruled out above
                continue;
            guess = name;
            break;
        }
    }
    std::string why = "not valid UTF-8 (bad byte sequence at " + byteText(bad) + ")";
    if (guess.empty())
        return Status::invalidInput(why +
                                    " and no other encoding detected; name it with --encoding");
    auto decoded = convert(bytes, guess, 0);
    if (!decoded.isOk() || !looksLikeText(*decoded))
        return Status::invalidInput(why + " and not recognisably " + guess +
                                    "; name the encoding with --encoding");
    return DecodedText{std::move(decoded).value(), guess};
}

}  // namespace margin::corpus
