// Turning the bytes of a text file into UTF-8.
//
// Detection order (decodeText with no encoding named):
//   1. an empty file, or one holding only a byte-order mark, is refused;
//   2. a byte-order mark decides: UTF-8, UTF-16LE/BE, UTF-32LE/BE;
//   3. UTF-16 without a mark is recognised from its zero bytes (ASCII-heavy
//      text only, and only if it decodes to text; otherwise name it);
//   4. any other zero byte means a binary file, refused with its offset;
//   5. well-formed UTF-8 is UTF-8;
//   6. a file that is bad UTF-8 only in ways that keep UTF-8's shape
//      (overlong forms, encoded surrogates, values above U+10FFFF), or that
//      has at least as many well-formed multi-byte sequences as ill-formed
//      ones, is damaged UTF-8: refused with the offset of the first bad
//      sequence, never guessed into mojibake;
//   7. text whose bytes above 0x7F all pair into varied Chinese characters
//      when read as GB18030 is GBK, unless ICU is confident of another East
//      Asian encoding: short GBK text ("T01,教师") scores better as Latin-1
//      with ICU and would otherwise become mojibake ("½ÌÊ¦");
//   8. otherwise ICU's charset detector names the encoding (GB18030 for
//      GBK/GB2312 Chinese, Big5, Shift_JIS, EUC-JP, EUC-KR, windows-125x,
//      ISO-8859-x, KOI8-R; Latin-1 with bytes 0x80-0x9F is read as
//      windows-1252). ICU's confidence must be at least 80 for the East
//      Asian multi-byte encodings, or 50 when the text has line breaks (a
//      short GBK sheet of names scores about 65, random bytes up to about
//      70), and 30 for single-byte ones. The decoded text must look like
//      text: at most 1% control, replacement or private-use characters, and
//      for single-byte encodings ASCII spaces or punctuation in at least 5%
//      of its characters. Else the file is refused as undetectable, naming
//      the first bad UTF-8 byte, ICU's best guess and --encoding. Files with
//      only a few non-ASCII characters are often undetectable: ICU needs
//      some text to judge.
// Naming an encoding skips detection; a byte sequence that is not valid in
// it is refused with its byte offset, and so is a byte-order mark of another
// encoding (a mark of the named one is skipped).
// Text that decodes to only white space is refused as empty, and text that
// decodes to U+0000 as binary. The result never starts with U+FEFF.
//
// Errors are InvalidInput statuses whose message does not name the file
// (callers add it with Status::withContext) and says "byte N" (0-based) for
// the first bad sequence. Files over 2 GiB are refused.
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
