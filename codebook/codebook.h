// Codebook: codes, codings, coders, and the undo/redo history, kept in the
// project file beside the documents (tables of schema version 3, see
// docs/ARCHITECTURE.md).
//
// Codes form a tree. A code is named by its path, the names from the top
// joined by '/' ("Predicaments/Faculty shortage"); names are unique among
// siblings, compared case-insensitively (corpus::foldKey), and may not
// contain '/'. Wherever a code is asked for, a full path is tried first,
// then a path's last segments (a unique name such as "Faculty shortage"
// is enough); an ambiguous name is refused with the candidates listed.
//
// A coding ties a code to the span [start, end) of a document, in
// corpus::CharPos code points, with its coder and an optional memo. Spans
// may overlap and nest; an identical coding (same code, document, span and
// coder) is stored once.
//
// Every mutating call below is one transaction of the store and one
// operation of the history: undo() reverts the latest operation whole
// (a merge, a forced delete or an auto-coding of hundreds of passages
// alike), redo() applies it again, across program runs and processes. A new
// operation after an undo discards what could have been redone. The history
// is recorded by temporary triggers of this Codebook's connection: writes
// made without a Codebook are not undoable.
//
// Each mutation returns a Change naming the documents whose codings it
// changed, so that the caller can bring the search index up to date.
//
// Errors are InvalidInput or NotFound with a message naming what was asked
// for; nothing is changed by a call that fails.
//
// Thread-safety: as the Store it wraps (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/offsets.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::codebook {

using CodeId = std::int64_t;
using CodingId = std::int64_t;

// The descriptive fields of a code (the columns of a codebook).
struct CodeFields {
    std::optional<std::string> color;  // "#RRGGBB"; a default colour when absent
    std::optional<std::string> definition;
    std::optional<std::string> whenToUse;
    std::optional<std::string> whenNotToUse;
    std::optional<std::string> example;
    std::optional<std::string> memo;
};

struct Code {
    CodeId id = 0;
    std::optional<CodeId> parent;
    std::string name;
    std::string path;  // "Predicaments/Faculty shortage"
    int depth = 0;     // 0 for a top-level code
    std::string color;
    std::string definition;
    std::string whenToUse;
    std::string whenNotToUse;
    std::string example;
    std::string memo;
    std::string guid;
    std::string createdAt;
    std::string modifiedAt;
};

struct Coding {
    CodingId id = 0;
    CodeId code = 0;
    corpus::DocumentId document = 0;
    corpus::CharPos start = 0;
    corpus::CharPos end = 0;
    std::string coder;
    std::string memo;
    std::string guid;
    std::string createdAt;
    std::string modifiedAt;
};

struct NewCoding {
    CodeId code = 0;
    corpus::DocumentId document = 0;
    corpus::CharPos start = 0;
    corpus::CharPos end = 0;
    std::string coder;  // created if new
    std::string memo;
};

// What one operation did.
struct Change {
    std::int64_t operation = 0;                 // its id in the history; 0 when nothing changed
    std::string description;                    // "add code Predicaments/Faculty shortage"
    std::vector<corpus::DocumentId> documents;  // whose codings changed, sorted
    std::vector<std::int64_t> created;          // ids of the codes or codings made
    int skipped = 0;                            // codings not added because they already existed
};

struct CodeCounts {
    std::int64_t segments = 0;   // codings
    std::int64_t documents = 0;  // documents with at least one
};

struct CoderSummary {
    std::string name;
    std::int64_t codings = 0;
    std::int64_t documents = 0;  // documents with at least one of the coder's codings
};

struct MergePlan;  // codebook/merge.h

struct HistoryEntry {
    std::int64_t operation = 0;
    std::string description;
    bool undone = false;
    std::string createdAt;
};

// A codebook as a table, for import and export (one row per code).
struct CodebookRow {
    int line = 0;  // in the source, for messages
    std::string path;
    CodeFields fields;
};
struct CodebookImportReport {
    Change change;
    int added = 0;    // codes created
    int updated = 0;  // existing codes whose fields changed
    int unchanged = 0;
};

class Codebook {
public:
    explicit Codebook(corpus::Store& store);
    ~Codebook();
    Codebook(const Codebook&) = delete;
    Codebook& operator=(const Codebook&) = delete;

    // Queries --------------------------------------------------------------
    // Every code in tree order: parents before children, siblings in their
    // position order.
    Result<std::vector<Code>> codes() const;
    Result<Code> findCode(std::string_view path) const;
    // The code and all codes under it.
    Result<std::vector<CodeId>> withDescendants(CodeId code) const;
    Result<std::map<CodeId, CodeCounts>> counts() const;
    // The number of codings of each document that has any.
    Result<std::map<corpus::DocumentId, std::int64_t>> documentCounts() const;
    Result<std::vector<Coding>> codings(std::optional<corpus::DocumentId> document = {}) const;
    Result<Coding> coding(CodingId id) const;
    Result<std::vector<std::string>> coders() const;
    // Every coder by name, with their numbers of codings and documents.
    Result<std::vector<CoderSummary>> coderSummaries() const;
    Result<std::vector<HistoryEntry>> history(int limit) const;
    // The coder used when none is given: the project's default coder if one
    // is set, else "default".
    Result<std::string> defaultCoder() const;
    // Sets the project's default coder (one transaction; not an operation of
    // the history). InvalidInput for an empty name or one with spaces around
    // it.
    Status setDefaultCoder(std::string_view name);

    // Codes -----------------------------------------------------------------
    // Creates the code at `path` and any missing parents. AlreadyExists if it
    // exists.
    Result<Change> addCode(std::string_view path, const CodeFields& fields = {});
    Result<Change> renameCode(std::string_view path, std::string_view newName);
    // Sets the fields given (others keep their values).
    Result<Change> updateCode(std::string_view path, const CodeFields& fields);
    // Moves a code (with its sub-codes) under `newParent`; empty for the top
    // level. Refused into itself or its own sub-codes, or where a sibling
    // has its name. With `index`, the code takes that place among its new
    // siblings (0 first; past the end: last), which also reorders a code
    // among its present siblings; without, it goes last.
    Result<Change> moveCode(std::string_view path, std::string_view newParent,
                            std::optional<int> index = std::nullopt);
    // Moves every coding of `from` to `into` (codings that would duplicate
    // one of `into` collapse into it), moves `from`'s sub-codes under
    // `into`, and deletes `from`.
    Result<Change> mergeCode(std::string_view from, std::string_view into);
    // Deletes a code and its sub-codes; refused while any of them has
    // codings unless `force`, which deletes those codings too.
    Result<Change> deleteCode(std::string_view path, bool force);
    // Adds the codebook's codes and sets the fields of existing ones, as one
    // operation. Refused whole (nothing changed) on a duplicate path or an
    // invalid name or colour, naming the line.
    Result<CodebookImportReport> importCodebook(const std::vector<CodebookRow>& rows);

    // Codings ---------------------------------------------------------------
    // Adds codings as one operation. Each span must lie inside its document
    // and not be empty; a coding identical to an existing one is skipped
    // (counted in Change::skipped). `description` names the operation in
    // the history.
    Result<Change> addCodings(const std::vector<NewCoding>& codings,
                              const std::string& description = {});
    // Codes with the code at `path`, made first (with missing parents) if it
    // does not exist, as one operation: in-vivo coding, where one undo takes
    // back the coding and the new code. The `code` of each coding is ignored.
    Result<Change> addCodeWithCodings(std::string_view path, std::vector<NewCoding> codings,
                                      const std::string& description = {});
    Result<Change> removeCodings(const std::vector<CodingId>& ids);
    Result<Change> setCodingMemo(CodingId id, std::string_view memo);
    Result<Change> setCodingCode(CodingId id, CodeId code);

    // Merging ---------------------------------------------------------------
    // Applies a plan made by planMerge (codebook/merge.h) as one operation:
    // the missing codes (parents first), coders, attributes, participants,
    // attribute values, document links and codings it lists. Codings
    // identical to existing ones are skipped (Change::skipped). Participants,
    // attributes, their values and links made by a merge are part of the
    // operation, so undo() removes them too.
    Result<Change> merge(const MergePlan& plan);

    // History ---------------------------------------------------------------
    // NotFound when there is nothing to undo (redo).
    Result<Change> undo();
    Result<Change> redo();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Splits a code path into its names (trimmed); InvalidInput for an empty
// path or an empty name.
Result<std::vector<std::string>> splitCodePath(std::string_view path);

}  // namespace margin::codebook
