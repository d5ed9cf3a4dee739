// Helpers for the corpus tests that build text in other encodings and show
// it in failure messages.
#pragma once

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>

#include "tests/test_util.h"

namespace margin::test {

// `utf8` in ICU converter `charset`, without a byte-order mark. A character
// the charset lacks fails the test (never a silent '?').
inline std::string encode(std::string_view utf8, const char* charset) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    UErrorCode status = U_ZERO_ERROR;
    UConverter* cnv = ucnv_open(charset, &status);
    ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::string out(static_cast<std::size_t>(u.length()) * 4 + 16, '\0');
    int32_t n = ucnv_fromUChars(cnv, out.data(), static_cast<int32_t>(out.size()), u.getBuffer(),
                                u.length(), &status);
    ucnv_close(cnv);
    if (U_FAILURE(status)) {
        ADD_FAILURE() << "cannot encode in " << charset << ": " << u_errorName(status);
        return {};
    }
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// Line breaks made visible, for traces and expected values.
inline std::string visible(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out;
}

}  // namespace margin::test
