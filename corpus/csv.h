// CSV (RFC 4180) reading and writing.
//
// parseCsv reads decoded UTF-8 text: fields separated by commas, records by
// CRLF, LF or a lone CR, fields optionally in double quotes with "" for a
// quote; quoted fields may hold commas and line breaks (kept as they are).
// A byte-order mark is skipped. Blank lines (no characters at all) are
// skipped; a line of only spaces is a record. Spaces around fields are kept.
// Every record must have as many fields as the first (the header). Errors
// are InvalidInput with the 1-based line number: an unterminated quoted field
// (the line where it opens), a quote inside an unquoted field, text after a
// closing quote, a record with the wrong field count (the line where the
// record starts). Line numbers count line breaks inside quoted fields, so
// they match what an editor shows. Time and memory are linear in the input.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corpus/status.h"

namespace margin::corpus {

struct CsvRecord {
    int line = 0;  // 1-based line where the record starts
    std::vector<std::string> fields;
};

Result<std::vector<CsvRecord>> parseCsv(std::string_view text);

// One field, quoted when it holds a comma, quote, CR or LF (or leading or
// trailing spaces, or starts with a byte-order mark).
std::string csvField(std::string_view value);
// A record: fields joined by commas, ending in "\r\n" as RFC 4180 says. A
// record of one empty field is written as "" so that it is not a blank line.
// For any non-empty `fields`, parseCsv(csvRecord(fields)) gives them back.
std::string csvRecord(const std::vector<std::string>& fields);

}  // namespace margin::corpus
