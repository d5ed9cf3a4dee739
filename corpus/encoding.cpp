#include "corpus/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "corpus/text.h"

namespace margin::corpus {
namespace {

// Detection thresholds (ICU confidences, 0-100), measured with ICU 72 on
// interview-like text and on random bytes. Chinese, Japanese and Korean
// prose scores 100 from a dozen characters on, a short GBK sheet of names
// and cities about 65; random high bytes reach about 70 in GB18030 or
// Shift_JIS, but have no line breaks. Real single-byte text scores 38
// (Turkish) to 85 (French); random bytes above 128 bytes stay below 40 and
// are caught by the plausibility test instead.
constexpr int kMinMultiByteConfidence = 80;
constexpr int kMinMultiByteConfidenceWithLines = 50;
constexpr int kMinSingleByteConfidence = 30;
// ICU's detector reads at most this prefix.
constexpr std::size_t kDetectionSample = 1 << 16;

std::string byteText(std::size_t offset) {
    return "byte " + std::to_string(offset);
}

// --- UTF-8 ------------------------------------------------------------------

enum class Utf8Fault {
    None,
    StrayContinuation,
    NeverUsed,
    Incomplete,
    Overlong,
    Surrogate,
    TooLarge
};

struct Utf8Step {
    Utf8Fault fault = Utf8Fault::None;
    std::size_t length = 1;  // bytes consumed
};

// Reads the sequence at `i`. Ill-formed sequences are classified: those with
// the shape of UTF-8 (a lead byte and all its continuation bytes) but a
// forbidden value (overlong, surrogate, above U+10FFFF) are told apart from
// bytes that do not fit UTF-8's structure at all.
Utf8Step nextUtf8(std::string_view b, std::size_t i) {
    auto c = static_cast<unsigned char>(b[i]);
    if (c < 0x80)
        return {};
    if (c < 0xC0)
        return {Utf8Fault::StrayContinuation, 1};
    int need = 0;
    std::uint32_t cp = 0;
    if (c < 0xE0) {
        need = 1, cp = c & 0x1F;
    } else if (c < 0xF0) {
        need = 2, cp = c & 0x0F;
    } else if (c < 0xF8) {
        need = 3, cp = c & 0x07;
    } else if (c < 0xFC) {
        need = 4, cp = c & 0x03;  // obsolete 5-byte form
    } else if (c < 0xFE) {
        need = 5, cp = c & 0x01;  // obsolete 6-byte form
    } else {
        return {Utf8Fault::NeverUsed, 1};
    }
    for (int k = 1; k <= need; ++k) {
        if (i + k >= b.size() || (static_cast<unsigned char>(b[i + k]) & 0xC0) != 0x80)
            return {Utf8Fault::Incomplete, static_cast<std::size_t>(k)};
        cp = (cp << 6) | (static_cast<unsigned char>(b[i + k]) & 0x3F);
    }
    static const std::uint32_t minimum[] = {0x80, 0x800, 0x10000, 0x200000, 0x4000000};
    const auto length = static_cast<std::size_t>(need + 1);
    if (cp > 0x10FFFF)
        return {Utf8Fault::TooLarge, length};
    if (cp < minimum[need - 1])
        return {Utf8Fault::Overlong, length};
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return {Utf8Fault::Surrogate, length};
    return {Utf8Fault::None, length};
}

const char* describe(Utf8Fault fault) {
    switch (fault) {
        case Utf8Fault::StrayContinuation:
            return "a continuation byte without a lead byte";
        case Utf8Fault::NeverUsed:
            return "a byte that never occurs in UTF-8";
        case Utf8Fault::Incomplete:
            return "an incomplete sequence";
        case Utf8Fault::Overlong:
            return "an overlong sequence";
        case Utf8Fault::Surrogate:
            return "an encoded UTF-16 surrogate";
        case Utf8Fault::TooLarge:
            return "a sequence above U+10FFFF";
        case Utf8Fault::None:
            break;
    }
    return "a bad byte sequence";
}

// "an overlong sequence at byte 12"
std::string utf8FaultAt(std::string_view bytes, std::size_t offset, std::size_t base) {
    return std::string(describe(nextUtf8(bytes, offset).fault)) + " at " + byteText(base + offset);
}

struct Utf8Census {
    std::int64_t validMultiByte = 0;  // well-formed sequences of 2 to 4 bytes
    std::int64_t shapedInvalid = 0;   // overlong, surrogate, above U+10FFFF
    std::int64_t otherInvalid = 0;    // stray, incomplete, never-used bytes
};

Utf8Census utf8Census(std::string_view bytes) {
    Utf8Census census;
    for (std::size_t i = 0; i < bytes.size();) {
        Utf8Step step = nextUtf8(bytes, i);
        switch (step.fault) {
            case Utf8Fault::None:
                if (step.length > 1)
                    ++census.validMultiByte;
                break;
            case Utf8Fault::Overlong:
            case Utf8Fault::Surrogate:
            case Utf8Fault::TooLarge:
                ++census.shapedInvalid;
                break;
            default:
                ++census.otherInvalid;
        }
        i += step.length;
    }
    return census;
}

std::string binaryAt(std::size_t offset, const char* what) {
    return std::string("binary file, not text (a zero ") + what + " at " + byteText(offset) + ")";
}

Result<DecodedText> decodeUtf8(std::string_view body, std::size_t base, std::string label) {
    std::size_t bad = firstInvalidUtf8(body);
    if (bad != std::string_view::npos)
        return Status::invalidInput("not valid UTF-8: " + utf8FaultAt(body, bad, base));
    if (auto nul = body.find('\0'); nul != std::string_view::npos)
        return Status::invalidInput(binaryAt(base + nul, "byte"));
    // A doubled byte-order mark (some tools add one to a file that has one).
    while (body.starts_with("\xEF\xBB\xBF"))
        body.remove_prefix(3);
    return DecodedText{std::string(body), std::move(label)};
}

// --- ICU converters -----------------------------------------------------------

using Converter = std::unique_ptr<UConverter, void (*)(UConverter*)>;

Result<Converter> openConverter(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* raw = ucnv_open(name.c_str(), &status);
    if (U_FAILURE(status) || !raw)
        return Status::invalidInput("unknown encoding '" + name +
                                    "' (name an ICU converter such as UTF-8, UTF-16LE, GBK, "
                                    "GB18030, Big5, Shift_JIS, EUC-KR or windows-1252)");
    return Converter(raw, ucnv_close);
}

struct Converted {
    std::string utf8;
    std::optional<std::size_t> firstNul;  // byte offset of the first U+0000
};

// Decodes `bytes` with `cnv`, stopping at the first invalid, truncated or
// unmappable sequence. `base` is added to reported offsets (for a skipped BOM).
Result<Converted> convert(std::string_view bytes, UConverter* cnv, const std::string& name,
                          std::size_t base) {
    UErrorCode status = U_ZERO_ERROR;
    ucnv_reset(cnv);
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);

    Converted result;
    icu::UnicodeString out;
    std::vector<UChar> buffer(1 << 14);
    std::vector<int32_t> offsets(buffer.size());
    const char* source = bytes.data();
    const char* sourceEnd = bytes.data() + bytes.size();
    while (true) {
        UChar* target = buffer.data();
        const char* chunkStart = source;
        status = U_ZERO_ERROR;
        ucnv_toUnicode(cnv, &target, buffer.data() + buffer.size(), &source, sourceEnd,
                       offsets.data(), /*flush=*/true, &status);
        const auto produced = static_cast<int32_t>(target - buffer.data());
        if (!result.firstNul) {
            for (int32_t k = 0; k < produced; ++k) {
                if (buffer[k] == 0) {
                    // Offsets are relative to this call's source; -1 means the
                    // character came from bytes kept over from the last call.
                    std::size_t at = static_cast<std::size_t>(chunkStart - bytes.data());
                    if (offsets[k] >= 0)
                        at += static_cast<std::size_t>(offsets[k]);
                    result.firstNul = base + at;
                    break;
                }
            }
        }
        out.append(buffer.data(), produced);
        if (status == U_BUFFER_OVERFLOW_ERROR)
            continue;
        if (U_FAILURE(status)) {
            char invalid[32];
            int8_t invalidLength = sizeof invalid;
            UErrorCode ignored = U_ZERO_ERROR;
            ucnv_getInvalidChars(cnv, invalid, &invalidLength, &ignored);
            auto offset = static_cast<std::size_t>(source - bytes.data());
            if (U_SUCCESS(ignored) && static_cast<std::size_t>(invalidLength) <= offset)
                offset -= static_cast<std::size_t>(invalidLength);
            const char* what =
                status == U_TRUNCATED_CHAR_FOUND ? "an incomplete sequence" : "a bad byte sequence";
            return Status::invalidInput("not valid " + name + ": " + what + " at " +
                                        byteText(base + offset));
        }
        break;
    }
    // A byte-order mark that the converter passed through is not text.
    while (out.length() > 0 && out.charAt(0) == 0xFEFF)
        out.remove(0, 1);
    out.toUTF8String(result.utf8);
    return result;
}

Result<DecodedText> finish(Result<Converted> converted, std::string label) {
    if (!converted.isOk())
        return converted.status();
    if (converted->firstNul)
        return Status::invalidInput(binaryAt(*converted->firstNul, "character"));
    return DecodedText{std::move(converted->utf8), std::move(label)};
}

Result<DecodedText> decodeWith(std::string_view body, const std::string& name, std::size_t base,
                               std::string label) {
    auto cnv = openConverter(name);
    if (!cnv.isOk())
        return cnv.status();
    return finish(convert(body, cnv->get(), name, base), std::move(label));
}

// --- Plausibility ---------------------------------------------------------------

// Decoded text is plausible when (almost) none of it is control, replacement
// or private-use characters. Text from a single-byte encoding must also have
// ASCII spaces, line breaks or punctuation between its words: a Chinese or
// random file misread as Latin or Cyrillic letters has none.
bool looksLikeText(std::string_view utf8, bool singleByte) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    std::int64_t total = 0, odd = 0, separators = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        ++total;
        bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
                       (c >= 0x7F && c < 0xA0);
        if (c < 0 || control || c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF))
            ++odd;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
            (c > 0x20 && c < 0x7F && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') &&
             !(c >= 'a' && c <= 'z')))
            ++separators;
    }
    if (total == 0 || odd * 100 > total)  // more than 1%
        return false;
    return !singleByte || separators * 20 >= total;  // at least 5%
}

bool isMultiByteCjk(std::string_view name) {
    return name == "GB18030" || name == "Big5" || name == "Shift_JIS" || name == "EUC-JP" ||
           name == "EUC-KR";
}

struct Guess {
    std::string name;
    int confidence = 0;
};

// ICU's best guess among the encodings Margin accepts: not UTF-8/16/32 (ruled
// out before detection), not ISO-2022 (7-bit, so never reached here) and not
// the EBCDIC variants ICU also proposes.
std::optional<Guess> detectCharset(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> detector(ucsdet_open(&status),
                                                                            ucsdet_close);
    if (U_FAILURE(status))
        return std::nullopt;
    // The detector keeps a pointer to the text, not a copy.
    std::string_view sample = bytes.substr(0, kDetectionSample);
    ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
    for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
        UErrorCode s = U_ZERO_ERROR;
        const char* name = ucsdet_getName(matches[i], &s);
        int32_t confidence = ucsdet_getConfidence(matches[i], &s);
        if (U_FAILURE(s) || !name)
            continue;
        std::string_view n(name);
        if (n.starts_with("UTF-") || n.starts_with("ISO-2022") || n.starts_with("IBM"))
            continue;
        return Guess{std::string(n), confidence};
    }
    return std::nullopt;
}

// Short Chinese text in GBK (a participants sheet: "T01,教师") often gets a
// better ICU score as Latin-1 than as GB18030, and would be read as mojibake
// ("½ÌÊ¦"). Its bytes above 0x7F come in pairs, though, and every pair is a
// Chinese character, which real Latin-1 text (isolated accented letters)
// never shows. True when `bytes` reads that way as GB18030.
bool readsAsChineseGbk(std::string_view bytes) {
    std::size_t runs = 0, evenRuns = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < bytes.size() && static_cast<unsigned char>(bytes[i]) >= 0x80)
            ++i;
        ++runs;
        evenRuns += (i - start) % 2 == 0;
    }
    if (runs == 0 || evenRuns * 10 < runs * 9)
        return false;
    auto decoded = decodeWith(bytes, "GB18030", 0, "GB18030");
    if (!decoded.isOk())
        return false;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(decoded->utf8);
    int32_t nonAscii = 0, chinese = 0;
    std::vector<UChar32> seen;  // distinct characters: a run of one repeated pair is no text
    for (int32_t i = 0; i < u.length();) {
        UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        if (c < 0x80)
            continue;
        ++nonAscii;
        if (seen.size() < 8 && std::find(seen.begin(), seen.end(), c) == seen.end())
            seen.push_back(c);
        UErrorCode status = U_ZERO_ERROR;
        bool han = uscript_getScript(c, &status) == USCRIPT_HAN;
        bool cjkPunctuation = (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
                              (c >= 0x2018 && c <= 0x201D);
        chinese += han || cjkPunctuation;
    }
    const auto varied = static_cast<int32_t>(seen.size()) >= std::min(nonAscii / 3, 5);
    return nonAscii > 0 && varied && chinese * 10 >= nonAscii * 9 &&
           looksLikeText(decoded->utf8, false);
}

bool hasC1Bytes(std::string_view bytes) {
    for (char c : bytes)
        if (static_cast<unsigned char>(c) >= 0x80 && static_cast<unsigned char>(c) < 0xA0)
            return true;
    return false;
}

// --- Byte-order marks ---------------------------------------------------------

struct Bom {
    std::string_view bytes;
    const char* name;
    UConverterType type;
};

const Bom* findBom(std::string_view bytes) {
    static const Bom boms[] = {
        {"\xEF\xBB\xBF", "UTF-8", UCNV_UTF8},
        {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE", UCNV_UTF32_LittleEndian},
        {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE", UCNV_UTF32_BigEndian},
        {"\xFF\xFE", "UTF-16LE", UCNV_UTF16_LittleEndian},
        {"\xFE\xFF", "UTF-16BE", UCNV_UTF16_BigEndian},
    };
    for (const Bom& bom : boms)
        if (bytes.starts_with(bom.bytes))
            return &bom;
    return nullptr;
}

// Whether a converter of `type` reads text that starts with `bom`.
bool bomFits(const Bom& bom, UConverterType type) {
    if (type == bom.type)
        return true;
    // ICU's "UTF-16" and "UTF-32" read either byte order from the mark.
    if (type == UCNV_UTF16)
        return bom.type == UCNV_UTF16_LittleEndian || bom.type == UCNV_UTF16_BigEndian;
    if (type == UCNV_UTF32)
        return bom.type == UCNV_UTF32_LittleEndian || bom.type == UCNV_UTF32_BigEndian;
    return false;
}

Result<DecodedText> decodeNamed(std::string_view bytes, const Bom* bom, const std::string& name) {
    auto cnv = openConverter(name);
    if (!cnv.isOk())
        return cnv.status();
    UConverterType type = ucnv_getType(cnv->get());
    if (bom && !bomFits(*bom, type)) {
        // The mark is the file's own statement of its encoding.
        return Status::invalidInput("the file starts with a " + std::string(bom->name) +
                                    " byte-order mark, but the encoding named is " + name);
    }
    std::size_t skip = bom ? bom->bytes.size() : 0;
    if (type == UCNV_UTF8)
        return decodeUtf8(bytes.substr(skip), skip, bom ? "UTF-8 with BOM" : "UTF-8");
    if (bom) {
        // Decode the body in the byte order the mark gives.
        return decodeWith(bytes.substr(skip), bom->name, skip, name);
    }
    return finish(convert(bytes, cnv->get(), name, 0), name);
}

Result<DecodedText> decodeDetected(std::string_view bytes) {
    // UTF-16 without a byte-order mark: ASCII-range text has a zero in every
    // other byte.
    std::size_t probe = std::min<std::size_t>(bytes.size(), 8192) & ~std::size_t(1);
    if (probe >= 4) {
        std::size_t zeroEven = 0, zeroOdd = 0;
        for (std::size_t i = 0; i < probe; ++i)
            if (bytes[i] == '\0')
                ++(i % 2 ? zeroOdd : zeroEven);
        std::size_t pairs = probe / 2;
        const char* name = nullptr;
        if (zeroOdd * 10 >= pairs * 3 && zeroEven * 20 <= pairs)
            name = "UTF-16LE";
        else if (zeroEven * 10 >= pairs * 3 && zeroOdd * 20 <= pairs)
            name = "UTF-16BE";
        if (name) {
            auto decoded = decodeWith(bytes, name, 0, name);
            if (decoded.isOk() && looksLikeText(decoded->utf8, false))
                return decoded;
            // Else it is binary data with many zeros: refused below.
        }
    }
    if (auto nul = bytes.find('\0'); nul != std::string_view::npos)
        return Status::invalidInput(binaryAt(nul, "byte"));

    std::size_t bad = firstInvalidUtf8(bytes);
    if (bad == std::string_view::npos)
        return DecodedText{std::string(bytes), "UTF-8"};

    // Mostly UTF-8, or bad only in ways that keep UTF-8's shape (overlong
    // forms, surrogates, values above U+10FFFF): a damaged or hostile UTF-8
    // file, refused rather than guessed into mojibake. In text of any other
    // encoding the well-formed multi-byte sequences are at most a third of the
    // ill-formed ones.
    const std::string notUtf8 = "not valid UTF-8: " + utf8FaultAt(bytes, bad, 0);
    Utf8Census census = utf8Census(bytes);
    const std::int64_t invalid = census.shapedInvalid + census.otherInvalid;
    if (census.otherInvalid == 0 || census.validMultiByte >= invalid)
        return Status::invalidInput(notUtf8 +
                                    " (the rest of the file is UTF-8, so it may be damaged; if it "
                                    "is in another encoding, name it with --encoding)");

    auto guess = detectCharset(bytes);
    const bool hasLines = bytes.substr(0, kDetectionSample).find('\n') != std::string_view::npos;
    const bool confidentCjk = guess && isMultiByteCjk(guess->name) &&
                              guess->confidence >= (hasLines ? kMinMultiByteConfidenceWithLines
                                                             : kMinMultiByteConfidence);
    if (!confidentCjk && readsAsChineseGbk(bytes))
        return decodeWith(bytes, "GB18030", 0, "GB18030");
    const std::string hint =
        "; name the encoding with --encoding (for example GBK, Big5, Shift_JIS or windows-1252)";
    if (!guess)
        return Status::invalidInput("cannot tell the file's encoding: " + notUtf8 +
                                    ", and no other encoding fits" + hint);
    const bool multiByte = isMultiByteCjk(guess->name);
    const int needed = !multiByte ? kMinSingleByteConfidence
                       : hasLines ? kMinMultiByteConfidenceWithLines
                                  : kMinMultiByteConfidence;
    if (guess->confidence < needed)
        return Status::invalidInput("cannot tell the file's encoding: " + notUtf8 +
                                    ", and no other encoding fits with confidence (best guess " +
                                    guess->name + " at " + std::to_string(guess->confidence) +
                                    "%)" + hint);
    // Latin-1 text is read as windows-1252, its superset on 0x80-0x9F: those
    // bytes are curly quotes and dashes in practice, never C1 controls.
    std::string name = guess->name;
    if (name == "ISO-8859-1" && hasC1Bytes(bytes))
        name = "windows-1252";
    auto decoded = decodeWith(bytes, name, 0, name);
    if (!decoded.isOk())
        return Status::invalidInput("cannot tell the file's encoding: " + notUtf8 +
                                    ", and it looks like " + name + " but is " +
                                    decoded.status().message() + hint);
    if (!looksLikeText(decoded->utf8, !multiByte))
        return Status::invalidInput("cannot tell the file's encoding: " + notUtf8 +
                                    ", and read as " + name + " (the best guess) it is not text" +
                                    hint);
    return decoded;
}

}  // namespace

Result<DecodedText> decodeText(std::string_view bytes, std::string_view encoding) {
    if (bytes.empty())
        return Status::invalidInput("the file is empty");
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
        return Status::invalidInput("too large to decode (" + std::to_string(bytes.size() >> 20) +
                                    " MiB; the limit is 2 GiB)");
    const Bom* bom = findBom(bytes);
    if (bom && bom->bytes.size() == bytes.size())
        return Status::invalidInput("the file is empty (it holds only a " + std::string(bom->name) +
                                    " byte-order mark)");

    Result<DecodedText> decoded = Status::internal("not decoded");
    if (!encoding.empty())
        decoded = decodeNamed(bytes, bom, std::string(encoding));
    else if (bom && bom->type == UCNV_UTF8)
        decoded = decodeUtf8(bytes.substr(3), 3, "UTF-8 with BOM");
    else if (bom)
        decoded =
            decodeWith(bytes.substr(bom->bytes.size()), bom->name, bom->bytes.size(), bom->name);
    else
        decoded = decodeDetected(bytes);
    if (decoded.isOk() && trimSpace(decoded->utf8).empty())
        return Status::invalidInput("the file is empty (it holds only white space)");
    return decoded;
}

}  // namespace margin::corpus
