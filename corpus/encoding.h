// Turning the bytes of a text file into UTF-8.
//
// Detection order (decodeText with no encoding named):
//   1. an empty file (or one holding only a byte-order mark) is refused;
//   2. a byte-order mark decides: UTF-8, UTF-16LE/BE, UTF-32LE/BE;
//   3. UTF-16 without a mark is recognised from its zero bytes (ASCII-heavy
//      text only; otherwise name the encoding);
//   4. any other zero byte means a binary file, refused;
//   5. well-formed UTF-8 is UTF-8;
//   6. text that is mostly well-formed UTF-8 with a few bad sequences is a
//      damaged UTF-8 file, refused with the offset of the first bad byte
//      (never guessed into mojibake);
//   7. otherwise ICU's charset detector names the encoding (GB18030 for
//      GBK/GB2312 Chinese, Big5, Shift_JIS, EUC-KR, windows-125x...); the
//      decoded text must look like text (almost no control characters),
//      else the file is refused as undetectable.
// Naming an encoding skips detection; a byte sequence that is not valid in
// it is refused with its byte offset.
//
// Errors are InvalidInput statuses whose message does not name the file:
// callers add it with Status::withContext.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "corpus/status.h"

namespace margin::corpus {

struct DecodedText {
    std::string utf8;      // decoded text, without byte-order mark (not yet normalised)
    std::string encoding;  // e.g. "UTF-8", "UTF-8 with BOM", "UTF-16LE", "GB18030"
};

// `encoding`: empty to detect, else an ICU converter name or alias
// ("GBK", "gb2312", "UTF-16LE", "latin1", "Big5"...).
Result<DecodedText> decodeText(std::string_view bytes, std::string_view encoding = {});

}  // namespace margin::corpus
