// Reports: the one renderer for every table Margin exports or prints.
//
// An analysis result (a theme × participant-group frequency table, a list of
// quotes, a co-occurrence matrix, a command's listing) is built as a Table
// of typed cells and rendered to any Format:
//
//   Text      aligned columns for a terminal (East Asian wide characters
//             count two columns), numbers right-aligned, title and notes as
//             lines above; a rule above the totals.
//   Csv       RFC 4180 through corpus/csv.h, "\r\n" records; with
//             Options::excelBom a UTF-8 byte-order mark first.
//   Tsv       tab-separated, "\n" lines; tabs and line breaks inside a cell
//             become spaces. excelBom applies as for Csv.
//   Json      an array with one object per table (also for a single table):
//             {"title", "notes": [...], "columns": [{"name", "kind"}],
//              "rows": [{column name: value, ...}]}; kind is "text",
//             "integer", "real" or "percent"; empty cells are null.
//   Markdown  GitHub pipe tables, a "## title" heading and the notes as
//             paragraphs; "|" is escaped as "\|", "<" as "&lt;", line
//             breaks become "<br>"; totals in bold.
//   Xlsx      one sheet per table (writeFile only): notes in the first
//             rows, then a blank row, a bold shaded header row with the pane
//             frozen below it, numbers stored as numbers, column widths
//             fitted to the content, totals in bold.
//   Html      one self-contained page: inline CSS, no script, no external
//             resource; a table's Chart is drawn above it as an inline SVG
//             horizontal grouped bar chart.
//
// Cells and numbers. A Cell is empty, text, an integer or a real number; the
// cell's type says what it holds and the column's Kind says how a number
// reads. Percent columns hold fractions (0.8333):
//
//   kind     cell     Text/Markdown/HTML   CSV/TSV     JSON     XLSX
//   Integer  12       12                   12          12       12
//   Real     1.23456  1.235                1.23456     1.23456  1.23456
//   Percent  0.8333   83.3%                83.3        0.8333   0.8333 as "0.0%"
//
// Reals are shown with at most three decimals (trailing zeros dropped);
// machine-read formats (CSV, TSV, JSON, XLSX) keep the full value, except
// that CSV and TSV write percentages with one decimal, and their headers
// name percent columns "name (%)". Numbers are written without locale
// (always "." for the decimal point); NaN and infinities are empty cells.
// A numeric column is right-aligned in every format that aligns.
//
// Presentation. Column::dataOnly columns are left out of Text, Markdown
// and HTML. Row::depth indents the first column in Text ("  " a
// level), Markdown (non-breaking spaces and "↳ "), HTML and XLSX (indent);
// Row::total marks totals (bold, and a rule above them in Text). The
// data formats (CSV, TSV, JSON) carry values only: give a table a column
// for the level or the code path when readers need the hierarchy there.
//
// Several tables in one render come one after another: Text, Markdown and
// HTML with their titles; CSV and TSV separated by a blank line, each
// preceded by its title as a one-field record (only when there is more than
// one table); JSON as the array above; XLSX as sheets whose names are the
// titles made valid for Excel (at most 31 characters, none of []:*?/\,
// no leading or trailing apostrophe, unique ignoring case, never
// "History"; an empty title becomes "Table N").
//
// Rows shorter than the columns read as ending in empty cells; cells beyond
// the last column are ignored. Column names should be unique (they are the
// keys of JSON rows).
//
// Thread-safety: pure functions over values; writeFile touches only `path`
// and a temporary file beside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "corpus/status.h"

namespace margin::codebook::report {

struct Column {
    enum class Kind { Text, Integer, Real, Percent };
    std::string name;
    Kind kind = Kind::Text;
    // For programs only: written in CSV, TSV, JSON and XLSX, left out of
    // Text, Markdown and HTML (a code's full path beside its indented name).
    bool dataOnly = false;
};

// std::monostate is an empty cell (JSON null, a blank spreadsheet cell).
using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Row {
    std::vector<Cell> cells;  // one per column
    int depth = 0;            // indentation of the first column (a code tree)
    bool total = false;       // a totals row
};

// A horizontal grouped bar chart (HTML only): one group of bars per row that
// is not a total, labelled by `labelColumn`; one bar per `valueColumns`
// entry, coloured by codebook/color.h's palette in that order, with a
// legend. Bars share one scale (0 to the largest value), so value columns
// should measure the same thing. Indices out of range are ignored.
struct Chart {
    int labelColumn = 0;
    std::vector<int> valueColumns;
    std::string title;
};

struct Table {
    std::string title;               // heading; the XLSX sheet name
    std::vector<std::string> notes;  // definitions shown above the table (not in CSV/TSV)
    std::vector<Column> columns;
    std::vector<Row> rows;
    std::optional<Chart> chart;
};

enum class Format { Text, Csv, Tsv, Json, Markdown, Xlsx, Html };

// "table" or "text", "csv", "tsv", "json", "md" or "markdown", "xlsx",
// "html"; nullopt for anything else.
std::optional<Format> parseFormat(std::string_view name);
// The format a file name's extension asks for (".txt", ".csv", ".tsv",
// ".tab", ".json", ".md", ".xlsx", ".html", ".htm", in any case), or nullopt.
std::optional<Format> formatForPath(const std::filesystem::path& path);

struct Options {
    bool excelBom = false;      // CSV/TSV: start with a UTF-8 byte-order mark (Excel reads UTF-8)
    bool color = false;         // Text: bold title and header (ANSI escapes, for a terminal)
    std::string documentTitle;  // Markdown "# " heading, HTML <title> and <h1>; none if empty
};

// The tables in `format`. Xlsx is not text: asking for it is a programmer
// error (asserted; an empty string in release builds).
std::string render(const std::vector<Table>& tables, Format format, const Options& options = {});

// The rows of one table as a JSON array of objects keyed by column name,
// numbers as numbers and empty cells as null: the shape of the command
// line's listings (`margin docs --format json`).
std::string renderJsonRows(const Table& table);

// Writes the tables to `path` in `format` (any format; `color` is ignored).
// The output is written to a temporary file in the same folder, synced, and
// renamed into place, so a failure never leaves a half-written file and
// never harms an existing one. Errors name `path`:
//   AlreadyExists  `path` exists and !overwrite: "<path>: already exists
//                  (use --force to replace it)"; the file is left unchanged
//   NotFound       the folder `path` would go in does not exist
//   InvalidInput   `path` is a folder; a table too large for a spreadsheet
//                  (1,048,576 rows, 16,384 columns) or a cell over Excel's
//                  32,767 characters
//   IoError        the system or libxlsxwriter refused a write
Status writeFile(const std::filesystem::path& path, const std::vector<Table>& tables, Format format,
                 const Options& options, bool overwrite);
// Writes `text` to `path` the same safe way (codebook exports, appendices).
Status writeTextFile(const std::filesystem::path& path, std::string_view text, bool overwrite);

}  // namespace margin::codebook::report
