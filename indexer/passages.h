// Passages: the units the search index holds and results show.
//
// A passage is a speaker turn, or a part of one: a turn of more than about
// 300 words is split at sentence boundaries (ICU's sentence break iterator)
// into parts of about 300 words; a passage never spans two turns. A document
// without turns is cut into its paragraphs (blank-line separated), split the
// same way. Text outside every turn (a title, a date line) is in no passage.
//
// Thread-safety: pure functions apart from the Tokenizer passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/store.h"
#include "indexer/tokenizer.h"

namespace margin::indexer {

inline constexpr int kPassageWords = 300;

struct Passage {
    corpus::DocumentId document = 0;
    std::optional<std::int64_t> turn;  // turn id
    corpus::CharPos start = 0;
    corpus::CharPos end = 0;
    std::string speaker;  // empty without a turn
    std::optional<corpus::SpeakerKind> kind;
    std::optional<std::string> participant;
    std::optional<std::int64_t> timestampMs;
};

// Byte offsets [begin, end) of the sentences of `utf8` (ICU's sentence
// break iterator); the whole text as one sentence without ICU data.
std::vector<std::pair<std::size_t, std::size_t>> sentences(std::string_view utf8);

// `text` is the document's text, `turns` its turns in order.
std::vector<Passage> splitPassages(corpus::DocumentId document, std::string_view text,
                                   const std::vector<corpus::Turn>& turns, Tokenizer& tokenizer);

}  // namespace margin::indexer
