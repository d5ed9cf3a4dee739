// Codebooks and codings as files a researcher edits or hands on: CSV in and
// out, and the codebook as a Markdown appendix. (REFI-QDA is elsewhere.)
//
// Codebook CSV: one row per code, RFC 4180, UTF-8 (a BOM is fine). Columns,
// matched case-insensitively in any order:
//   path             "Predicaments/Faculty shortage" (or, instead of path:
//   code, parent     the code's name and its parent's name or path; a
//                    parent named by no row, or a cycle, is refused)
//   color, definition, when_to_use, when_not_to_use, example, memo
//                    optional; an empty cell leaves the field as it is
// Unknown columns are refused (a typo would otherwise lose a column).
//
// Codings CSV: one row per coding. Columns: document, code, and either
// quote (+ optional occurrence) or start and end (code points, end
// exclusive); optional coder and memo.
//
// Errors are InvalidInput naming the source and line.
//
// Thread-safety: pure functions, apart from the store they read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codebook/codebook.h"
#include "codebook/spans.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::codebook {

Result<std::vector<CodebookRow>> readCodebookCsv(std::string_view text, const std::string& source);
// Rows readCodebookCsv reads back to the same codebook.
std::string codebookCsv(const std::vector<Code>& codes);
// A document for a thesis appendix: one heading per code (nested by
// level), its colour, definition, when to use, when not to use, example,
// memo, and the number of codings and documents.
std::string codebookMarkdown(const std::vector<Code>& codes,
                             const std::map<CodeId, CodeCounts>& counts, const std::string& title);

struct CodingRow {
    int line = 0;
    std::string document;
    std::string code;
    std::optional<std::string> quote;
    std::optional<int> occurrence;
    std::optional<corpus::CharPos> start, end;
    std::string coder;  // empty: the default
    std::string memo;
};
Result<std::vector<CodingRow>> readCodingsCsv(std::string_view text, const std::string& source);

// Resolves rows to codings: documents by name, codes by path, quotes to
// spans (codebook/spans.h), widened by `snap`. The first row that cannot
// be resolved fails the whole file, naming its line.
Result<std::vector<NewCoding>> resolveCodings(const corpus::Store& store, const Codebook& codebook,
                                              const std::vector<CodingRow>& rows,
                                              const std::string& defaultCoder,
                                              const std::string& source, Snap snap = Snap::None);

}  // namespace margin::codebook
