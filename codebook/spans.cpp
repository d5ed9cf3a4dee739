#include "codebook/spans.h"

#include <algorithm>
#include <string>

#include "corpus/offsets.h"
#include "corpus/text.h"
#include "indexer/tokenizer.h"

namespace margin::codebook {

using corpus::CharPos;

Result<Span> findQuote(std::string_view text, std::string_view quote, std::optional<int> occurrence,
                       std::string_view documentName) {
    std::string wanted = corpus::normalizeText(quote);
    const std::string where = "document '" + std::string(documentName) + "'";
    if (corpus::trimSpace(wanted).empty())
        return Status::invalidInput("the quote is empty");
    std::vector<std::size_t> found;
    for (std::size_t at = text.find(wanted); at != std::string_view::npos;
         at = text.find(wanted, at + 1))
        found.push_back(at);
    std::string shown(wanted.size() > 60 ? wanted.substr(0, 57) + "..." : wanted);
    if (found.empty())
        return Status::invalidInput("the quote \"" + shown + "\" does not occur in " + where +
                                    " (quotes must match the text exactly, punctuation included)");
    if (occurrence && (*occurrence < 1 || static_cast<std::size_t>(*occurrence) > found.size()))
        return Status::invalidInput("the quote \"" + shown + "\" occurs " +
                                    std::to_string(found.size()) + " time" +
                                    (found.size() == 1 ? "" : "s") + " in " + where +
                                    ", so there is no occurrence " + std::to_string(*occurrence));
    corpus::OffsetIndex offsets(text);
    if (!occurrence && found.size() > 1) {
        std::string positions;
        for (std::size_t i = 0; i < found.size() && i < 5; ++i)
            positions += (i ? ", " : "") + std::to_string(*offsets.charPosFromUtf8(found[i]));
        return Status::invalidInput(
            "the quote \"" + shown + "\" occurs " + std::to_string(found.size()) + " times in " +
            where + " (at characters " + positions + (found.size() > 5 ? ", ..." : "") +
            "); choose one with --occurrence N or quote more words");
    }
    std::size_t byte = found[occurrence ? static_cast<std::size_t>(*occurrence - 1) : 0];
    auto start = offsets.charPosFromUtf8(byte);
    auto end = offsets.charPosFromUtf8(byte + wanted.size());
    if (!start || !end)  // a quote cannot start inside a character of NFC text, but be sure
        return Status::invalidInput("the quote does not start and end at characters of " + where);
    return Span{*start, *end};
}

std::optional<Snap> parseSnap(std::string_view name) {
    std::string key = corpus::foldKey(name);
    if (key == "none")
        return Snap::None;
    if (key == "word" || key == "words")
        return Snap::Word;
    if (key == "turn")
        return Snap::Turn;
    return std::nullopt;
}

Span snapSpan(std::string_view text, const std::vector<corpus::Turn>& turns, Span span, Snap snap) {
    auto [start, end] = span;
    if (snap == Snap::Word) {
        indexer::Tokenizer tokenizer;
        for (const auto& w : tokenizer.words(text)) {
            if (w.start < start && start < w.end)
                start = w.start;
            if (w.start < end && end < w.end)
                end = w.end;
        }
    } else if (snap == Snap::Turn) {
        for (const auto& t : turns) {
            if (t.start <= start && start < t.end)
                start = t.start;
            if (t.start < end && end <= t.end)
                end = t.end;
        }
    }
    return {start, end};
}

}  // namespace margin::codebook
