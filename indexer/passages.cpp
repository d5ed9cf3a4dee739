#include "indexer/passages.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>

#include "corpus/text.h"

// GCC 12 warns that copying a Passage whose std::optional<SpeakerKind> is
// empty reads an uninitialised payload: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace margin::indexer {

std::vector<std::pair<std::size_t, std::size_t>> sentences(std::string_view utf8) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    if (U_FAILURE(status) || !it) {
        utext_close(text);
        out.emplace_back(0, utf8.size());
        return out;
    }
    it->setText(text, status);
    std::int32_t begin = it->first();
    for (std::int32_t end = it->next(); end != icu::BreakIterator::DONE;
         begin = end, end = it->next())
        out.emplace_back(static_cast<std::size_t>(begin), static_cast<std::size_t>(end));
    utext_close(text);
    return out;
}

namespace {

// Appends the passages of the span [start, end) (code points), split at
// sentences into parts of about kPassageWords words.
void addSpan(std::vector<Passage>& out, const Passage& model, std::string_view docText,
             const corpus::OffsetIndex& offsets, Tokenizer& tokenizer) {
    std::size_t b = *offsets.utf8Offset(model.start), e = *offsets.utf8Offset(model.end);
    std::string_view span = docText.substr(b, e - b);
    // Cheap tests first: 300 words need well over 500 characters in any
    // script, and ICU never finds more words than there are runs of ASCII
    // letters and digits plus non-ASCII characters.
    std::size_t upperBound = 0;
    bool inRun = false;
    for (char ch : span) {
        auto c = static_cast<unsigned char>(ch);
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        upperBound += (alnum && !inRun) || c >= 0xC0;
        inRun = alnum;
    }
    if (model.end - model.start <= 500 || upperBound <= static_cast<std::size_t>(kPassageWords) ||
        tokenizer.words(span).size() <= static_cast<std::size_t>(kPassageWords)) {
        out.push_back(model);
        return;
    }
    std::size_t partBegin = 0;
    std::size_t words = 0;
    auto flush = [&](std::size_t partEnd) {
        std::string_view part = corpus::trimSpace(span.substr(partBegin, partEnd - partBegin));
        if (!part.empty()) {
            Passage p = model;
            std::size_t pb = b + static_cast<std::size_t>(part.data() - span.data());
            p.start = *offsets.charPosFromUtf8(pb);
            p.end = *offsets.charPosFromUtf8(pb + part.size());
            out.push_back(std::move(p));
        }
        partBegin = partEnd;
        words = 0;
    };
    for (const auto& [sb, se] : sentences(span)) {
        words += tokenizer.words(span.substr(sb, se - sb)).size();
        if (words >= static_cast<std::size_t>(kPassageWords))
            flush(se);
    }
    if (partBegin < span.size())
        flush(span.size());
}

}  // namespace

std::vector<Passage> splitPassages(corpus::DocumentId document, std::string_view text,
                                   const std::vector<corpus::Turn>& turns, Tokenizer& tokenizer) {
    std::vector<Passage> out;
    corpus::OffsetIndex offsets(text);
    if (!turns.empty()) {
        for (const corpus::Turn& t : turns) {
            Passage p;
            p.document = document;
            p.turn = t.id;
            p.start = t.start;
            p.end = t.end;
            p.speaker = t.speaker;
            p.kind = t.kind;
            p.participant = t.participant;
            p.timestampMs = t.timestampMs;
            addSpan(out, p, text, offsets, tokenizer);
        }
        return out;
    }
    // No turns: paragraphs, separated by blank lines.
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t blank = text.find("\n\n", pos);
        std::size_t end = blank == std::string_view::npos ? text.size() : blank;
        std::string_view para = corpus::trimSpace(text.substr(pos, end - pos));
        if (!para.empty()) {
            std::size_t pb = static_cast<std::size_t>(para.data() - text.data());
            Passage p;
            p.document = document;
            p.start = *offsets.charPosFromUtf8(pb);
            p.end = *offsets.charPosFromUtf8(pb + para.size());
            addSpan(out, p, text, offsets, tokenizer);
        }
        pos = end + (blank == std::string_view::npos ? 0 : 2);
    }
    return out;
}

}  // namespace margin::indexer
