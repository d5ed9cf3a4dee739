// Spans a researcher names in other ways than offsets: a quote of the
// document's words, or a selection widened to whole words or to the whole
// speaker turn. All positions are corpus::CharPos code points.
//
// Thread-safety: pure functions (plus the store they read).
#pragma once

#include <optional>
#include <string_view>
#include <utility>

#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::codebook {

using Span = std::pair<corpus::CharPos, corpus::CharPos>;

// Finds `quote` (normalised as imported text is: NFC, \n line endings) in
// `text`. `occurrence` (1-based) picks one of several; without it the quote
// must occur exactly once. InvalidInput says how often it occurs, and where
// (the first few offsets) when it is ambiguous.
Result<Span> findQuote(std::string_view text, std::string_view quote, std::optional<int> occurrence,
                       std::string_view documentName);

enum class Snap { None, Word, Turn };
std::optional<Snap> parseSnap(std::string_view name);  // "none", "word", "turn"

// Widens [start, end) of `text`: Word to the ICU word boundaries around its
// ends (a span inside one word becomes that word), Turn to the speaker turns
// it touches (`turns` in order; a span outside every turn is left as it is).
Span snapSpan(std::string_view text, const std::vector<corpus::Turn>& turns, Span span, Snap snap);

}  // namespace margin::codebook
