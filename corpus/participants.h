// Reading a participants sheet (participants.csv).
//
// The sheet is CSV (RFC 4180, corpus/csv.h; UTF-8 with or without BOM, or
// any encoding corpus/encoding.h detects, as Excel on a Chinese system
// writes GBK). It has a `participant` column (the participant's id, e.g.
// "T01"), an optional `document` (or `documents`) column (document names or
// ids, several separated by ';' or a full-width '；') and any number of
// attribute columns. The two fixed columns are matched case-insensitively.
// A header may declare a column's type as "name:type" with type text, number
// or category ("years:number"); a colon followed by anything but one word
// ("Time (hh:mm)") is part of the name. An undeclared column is a number
// when every filled cell is one, a category when it has few distinct values
// (at most 12, and some repeated), else text. Cells are trimmed; an empty
// cell is no value.
//
// Spreadsheet leftovers are ignored: columns with neither a header nor any
// value, and rows whose cells are all empty.
//
// Errors are InvalidInput messages that start with `source` and name the line
// (and column where there is one): undecodable bytes (see encoding.h; an
// undetectable encoding also suggests saving as Excel's "CSV UTF-8"), bad
// CSV, an empty sheet, no participant column (listing the columns found, with
// a hint when they seem separated by ';' or tabs), an unnamed column holding
// values, a duplicate header, an unknown type, a type on a fixed column, an
// empty participant cell, a participant listed twice (case-insensitively),
// a declared number column with a cell that is not a number.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corpus/csv.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::corpus {

// `source` names the sheet in messages; `bytes` is the file's content;
// `encoding` as for decodeText (empty: detect).
Result<ParticipantTable> readParticipantSheet(std::string_view bytes, const std::string& source,
                                              std::string_view encoding = {});

// The same from records already read (parseCsv's, or a spreadsheet's rows
// with their row numbers; the first is the header), for callers that build
// a sheet from another table (corpus/table_import.h). Cells should be
// normalised text. `lineWord` names a record's position in messages ("line",
// "row").
Result<ParticipantTable> participantTableFromRecords(const std::vector<CsvRecord>& records,
                                                     const std::string& source,
                                                     std::string_view lineWord = "line");

}  // namespace margin::corpus
