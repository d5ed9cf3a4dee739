// Spreadsheets (.xlsx) as tables of text, for `margin import-table` and for
// participant sheets. Debian ships no C++ .xlsx reader, so this reads the
// Office Open XML itself with the zip and XML machinery of the Word reader
// (corpus/zip.h, corpus/xml.h): the workbook's sheet list, shared strings,
// inline strings, numbers (as written: "3", "0.5") and dates (cells with a
// date number format, as ISO 8601 "2024-11-12" or "2024-11-12T14:30:00").
//
// Which sheet: `sheet` matched exactly, else by corpus::foldKey ("codes"
// finds "Codes"); empty for the first visible worksheet. Dates: cells whose
// style's number format is a built-in date or time (14-22, 45-47, and the
// East Asian 27-36, 50-58) or a custom code with d, m, y, h or s outside
// quotes and brackets; the 1904 date system when the workbook says so; a
// time of day alone as "14:30:00". Booleans are "TRUE"/"FALSE", errors as
// written ("#N/A"), formulas by their cached result. Cells land in the
// columns and rows their references name; trailing empty rows and columns
// (styled but empty cells) are dropped.
//
// Errors are InvalidInput naming the file: not an .xlsx (no workbook), no
// sheet with that name (listing the sheets), a chart sheet, a cell
// reference outside Excel's 1,048,576 x 16,384 grid, a table spanning more
// than 10,000,000 cells, a damaged or hostile zip or XML (see
// corpus/formats.h).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corpus/status.h"

namespace margin::corpus {

struct Sheet {
    std::string name;
    // Rows top to bottom, each as wide as the widest row (empty cells are
    // empty strings); empty rows are kept so that line numbers match.
    std::vector<std::vector<std::string>> rows;
};

// The sheet named `sheet`, or the first sheet when `sheet` is empty.
Result<Sheet> readXlsx(std::string_view bytes, const std::string& file, const std::string& sheet);

}  // namespace margin::corpus
