// Reading a participants sheet (participants.csv).
//
// The sheet is CSV (RFC 4180; UTF-8 with or without BOM, or any encoding
// corpus/encoding.h detects, as Excel on a Chinese system writes GBK). It has
// a `participant` column (the participant's id, e.g. "T01"), an optional
// `document` column (document names or ids, several separated by ';') and
// any number of attribute columns. A header may declare a column's type as
// "name:type" with type text, number or category ("years:number"); an
// undeclared column is a number when every filled cell is one, a category
// when it has few distinct values (at most 12, and some repeated), else text.
// Header names are matched case-insensitively for the two fixed columns.
//
// Errors are InvalidInput naming the sheet and line: no participant column,
// an empty or duplicate header, an empty participant cell, an unknown type.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::corpus {

// `source` names the sheet in messages; `bytes` is the file's content.
Result<ParticipantTable> readParticipantSheet(std::string_view bytes, const std::string& source);

}  // namespace margin::corpus
