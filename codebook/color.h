// codebook: codes, codings, memos, aggregation and exchange. It grows with
// the coding issue; today it holds the colour rules codes will use.
//
// A code's colour is "#RRGGBB" (upper-case hex when stored). parseColor
// accepts "#rgb", "#rrggbb" and "rrggbb" in either case; anything else is
// InvalidInput naming the value. defaultColor(n) gives the n-th colour of a
// palette of 12 distinguishable highlight colours, cycling.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "corpus/status.h"

namespace margin::codebook {

Result<std::string> parseColor(std::string_view text);
std::string defaultColor(std::size_t n);

}  // namespace margin::codebook
