// Tables of utterances and surveys (.csv, .xlsx): `margin import-table`.
//
// A table is a header row and rows below it. Two uses:
//
//   * Dialogue (a --speaker column): one row per utterance. Rows are grouped
//     into documents by the --document column (documents in the order they
//     first appear, each with its rows in file order; an empty document cell
//     continues the document of the row above), or all form one document
//     named after the file. Each row is one paragraph "Speaker: text" of its
//     document and one turn covering the text. A speaker whose label is an
//     interviewer label (corpus/speakers.h isInterviewerLabel) is the
//     interviewer; any other speaker is a participant, named by the label or
//     by the row's --participant cell. Speakers are compared by foldKey and
//     shown as first written. An empty speaker cell continues the speaker of
//     the row above; rows without text are skipped.
//   * Survey (no --speaker): one row per respondent, who is a participant
//     named by the --participant cell or, without that column, "R0001",
//     "R0002"... by row. Each --text column is an open-ended question. With
//     Per::Respondent, each respondent who answered has one document named
//     after them holding each non-empty answer as a turn labelled by the
//     question's column name; with Per::Question, each question has one
//     document named after its column holding every answer as a turn of its
//     respondent. Empty answers are skipped; a respondent who answered
//     nothing has no document but is still a participant.
//
// --attributes columns become the participants' typed attributes through
// the participants sheet machinery (corpus/participants.h): a header (or a
// name given as "year:number") may declare the type, else it is inferred.
// In a dialogue table a participant's attribute comes from their rows; two
// different values are an error.
//
// Columns are found by their header as written, else case-insensitively
// (foldKey); a header "year:number" is also found as "year".
//
// Rows whose cells are all empty are ignored (spreadsheet leftovers). Cells
// are normalised (corpus/text.h) and trimmed. Every document's text is
// normalised and its turns are code-point spans (corpus/offsets.h).
//
// Errors are InvalidInput naming the file (and the line or row, and the
// column where they apply): no such column (listing the columns), a column
// given twice or for two roles, a --text column empty in every row, several
// --text columns in a dialogue table, an empty or repeated respondent id, a
// participant with two values of an attribute, an attribute column named
// like a fixed column of participant sheets, a table with no rows; reading:
// an undecodable CSV or one with mismatched quotes (parseCsv's message with
// its line), a damaged .xlsx or no such sheet (corpus/spreadsheet.h), a file
// over kMaxImportBytes, an unknown file type; importing: a document name the
// project already has.
//
// Thread-safety: readTable and planTableImport are pure functions;
// importTable as the Store passed in.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/csv.h"
#include "corpus/speakers.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::corpus {

// A table as read from a file.
struct RawTable {
    std::string source;             // the file's name, for messages
    std::string sourceName;         // the file name without directories
    std::string format;             // "csv", "xlsx"
    std::string encoding;           // "UTF-8", "GB18030", "XLSX"
    std::string sha256;             // of the file's bytes
    std::string lineWord = "line";  // how messages name a record's position: "line", "row"
    std::string sheet;              // the spreadsheet's sheet, for messages; empty for CSV
    CsvRecord header;
    std::vector<CsvRecord> rows;  // each with its 1-based line (CSV) or row (spreadsheet)
};

struct TableImportOptions {
    enum class Per { Respondent, Question };

    std::vector<std::string> text;        // --text columns (exactly one for a dialogue)
    std::string speaker;                  // --speaker column; empty: a survey
    std::string document;                 // --document column (dialogue)
    std::string participant;              // --participant column
    std::vector<std::string> attributes;  // --attributes columns; "year:number" declares
    Per per = Per::Respondent;            // survey documents
    std::vector<std::string> interviewerLabels = defaultInterviewerLabels();
    std::string encoding;  // CSV: empty to detect (corpus/encoding.h)
    std::string sheet;     // XLSX: empty for the first sheet
};

struct TableImportPlan {
    bool survey = false;
    std::vector<NewDocument> documents;  // in table order
    // The participants with their attributes: every respondent of a survey;
    // in a dialogue, every participant when there are --attributes (else
    // empty: the documents' turns name them).
    ParticipantTable participants;
    std::vector<std::string> participantNames;  // every participant named, in table order
    std::size_t rows = 0;                       // rows read (not counting wholly empty ones)
    std::size_t skippedRows = 0;                // dialogue rows without text
    std::size_t emptyAnswers = 0;               // survey cells without an answer
};

// Reads a .csv (decoded as corpus/encoding.h says, or as options.encoding;
// parsed as RFC 4180) or a .xlsx (corpus/spreadsheet.h; options.sheet), by
// the extension of `file`. `bytes` is the file's content.
Result<RawTable> readTable(std::string_view bytes, const std::filesystem::path& file,
                           const TableImportOptions& options);

// What importing `table` would add, without a store.
Result<TableImportPlan> planTableImport(const RawTable& table, const TableImportOptions& options);

struct TableImportReport {
    TableImportPlan plan;
    std::vector<DocumentId> ids;  // the documents added, as plan.documents; empty on a dry run
    ParticipantImportReport participants;
};

// Reads, plans and (unless `dryRun`) applies the import in one transaction:
// everything or nothing. Errors name the file: NotFound, IoError, the errors
// above, or the Store's.
Result<TableImportReport> importTable(Store& store, const std::filesystem::path& file,
                                      const TableImportOptions& options, bool dryRun = false);

}  // namespace margin::corpus
