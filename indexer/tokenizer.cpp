#include "indexer/tokenizer.h"

#include <algorithm>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace margin::indexer {
namespace {

bool isHanChar(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_HAN && U_SUCCESS(status);
}

// One ICU word with its kind, as byte offsets into the text.
struct Segment {
    std::int32_t begin;
    std::int32_t end;
    TokenKind kind;
};

}  // namespace

struct Tokenizer::Impl {
    std::unique_ptr<icu::BreakIterator> words;

    // Calls `emit` for every ICU word that is not spaces or punctuation.
    template <typename Emit>
    void segments(std::string_view utf8, Emit&& emit) {
        if (!words || utf8.empty())
            return;
        UErrorCode status = U_ZERO_ERROR;
        UText* text =
            utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
        if (U_FAILURE(status))
            return;
        words->setText(text, status);
        const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
        const auto length = static_cast<std::int32_t>(utf8.size());
        std::int32_t begin = words->first();
        for (std::int32_t end = words->next(); end != icu::BreakIterator::DONE;
             begin = end, end = words->next()) {
            int32_t status32 = words->getRuleStatus();
            if (status32 < UBRK_WORD_NONE_LIMIT) {
                // ICU calls some symbols "none"; emoji and the like are not words.
                continue;
            }
            UChar32 first;
            std::int32_t i = begin;
            U8_NEXT(s, i, length, first);
            TokenKind kind = status32 < UBRK_WORD_NUMBER_LIMIT ? TokenKind::Number
                             : isHanChar(first)                ? TokenKind::Han
                                                               : TokenKind::Word;
            emit(Segment{begin, end, kind});
        }
        utext_close(text);
    }
};

Tokenizer::Tokenizer() : d(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    d->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status))
        d->words.reset();
}

Tokenizer::~Tokenizer() = default;

bool Tokenizer::ok() const {
    return d->words != nullptr;
}

std::string Tokenizer::fold(std::string_view utf8) {
    // ASCII (most English words): NFKC case folding is lower-casing.
    if (std::all_of(utf8.begin(), utf8.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::string out(utf8);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status))
        return std::string(utf8);
    icu::UnicodeString folded = n->normalize(icu::UnicodeString::fromUTF8(utf8), status);
    if (U_FAILURE(status))
        return std::string(utf8);
    std::string out;
    folded.toUTF8String(out);
    return out;
}

bool Tokenizer::isHan(std::string_view utf8) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    if (length == 0)
        return false;
    for (std::int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0 || !isHanChar(c))
            return false;
    }
    return true;
}

namespace {

// Turns byte offsets into code points incrementally (segments come in order).
class Cursor {
public:
    explicit Cursor(std::string_view text) : m_text(text) {}
    corpus::CharPos at(std::int32_t byte) {
        const auto* s = reinterpret_cast<const std::uint8_t*>(m_text.data());
        while (m_byte < byte) {
            m_byte += U8_COUNT_TRAIL_BYTES(s[m_byte]) + 1;
            ++m_pos;
        }
        return m_pos;
    }

private:
    std::string_view m_text;
    std::int32_t m_byte = 0;
    corpus::CharPos m_pos = 0;
};

}  // namespace

std::vector<Token> Tokenizer::terms(std::string_view utf8, corpus::CharPos base,
                                    std::uint32_t firstPosition) {
    std::vector<Token> out;
    Cursor cursor(utf8);
    const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    std::uint32_t position = firstPosition;
    std::int32_t previousEnd = -1;
    bool previousHan = false;
    auto push = [&](std::int32_t begin, std::int32_t end, TokenKind kind, std::string term) {
        bool han = kind == TokenKind::Han;
        if (!out.empty()) {
            ++position;
            if (begin != previousEnd && (han || previousHan))
                ++position;  // a gap next to Chinese text breaks phrases
        }
        out.push_back(
            {std::move(term), position, base + cursor.at(begin), base + cursor.at(end), kind});
        previousEnd = end;
        previousHan = han;
    };
    d->segments(utf8, [&](const Segment& seg) {
        if (seg.kind != TokenKind::Han) {
            push(seg.begin, seg.end, seg.kind,
                 fold(utf8.substr(static_cast<std::size_t>(seg.begin),
                                  static_cast<std::size_t>(seg.end - seg.begin))));
            return;
        }
        // A Han word: one term per character; other characters in it (rare:
        // kana inside a Japanese word) stay glued to the Han run before them.
        for (std::int32_t i = seg.begin; i < seg.end;) {
            std::int32_t start = i;
            UChar32 c;
            U8_NEXT(s, i, length, c);
            std::string_view one =
                utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
            push(start, i, isHanChar(c) ? TokenKind::Han : TokenKind::Word, fold(one));
        }
    });
    return out;
}

std::vector<Token> Tokenizer::words(std::string_view utf8, corpus::CharPos base) {
    std::vector<Token> out;
    Cursor cursor(utf8);
    std::uint32_t position = 0;
    d->segments(utf8, [&](const Segment& seg) {
        std::string term = fold(utf8.substr(static_cast<std::size_t>(seg.begin),
                                            static_cast<std::size_t>(seg.end - seg.begin)));
        out.push_back({std::move(term), position++, base + cursor.at(seg.begin),
                       base + cursor.at(seg.end), seg.kind});
    });
    return out;
}

}  // namespace margin::indexer
