// Project: the one API both front ends (the `margin` command line and
// `margin-gui`) use. It owns the store (and, as they arrive, the index and
// the codebook) and wires them together; nothing else in Margin is global.
//
// Long operations take a progress callback, called after each unit of work
// has been committed, and stop early when it returns false.
//
// Thread-safety: one Project per thread; several Projects (in one or many
// processes) may open the same file.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "codebook/aggregate.h"
#include "codebook/codebook.h"
#include "corpus/importer.h"
#include "corpus/status.h"
#include "corpus/store.h"
#include "corpus/table_import.h"
#include "indexer/index.h"

namespace margin::app {

class Project {
public:
    static Result<std::unique_ptr<Project>> create(const std::filesystem::path& path);
    static Result<std::unique_ptr<Project>> open(const std::filesystem::path& path);

    corpus::Store& store() { return *m_store; }
    const corpus::Store& store() const { return *m_store; }

    // What happened to one file of an import batch.
    struct FileOutcome {
        enum class What { Imported, Skipped, Failed };
        What what = What::Failed;
        std::filesystem::path path;   // empty for a failure that names no file
        corpus::ImportReport report;  // when Imported
        Status error;                 // when Failed; the reason when Skipped
        int position = 0;             // 1-based, among the `total` files to import
        int total = 0;
    };
    struct ImportSummary {
        int imported = 0;
        int skipped = 0;
        int failed = 0;  // including paths that do not exist
        bool cancelled = false;
    };
    // Imports files and folders, each file in its own transaction: a failed
    // file is reported and the batch goes on; files already imported stay.
    // `onFile` (may be empty) sees each outcome right after its commit and
    // returns false to stop the batch. With `skipExisting`, files whose bytes
    // are already in the project are skipped instead of failing. A full disk
    // (Status::Code::DiskFull) stops the batch after that file's outcome.
    ImportSummary importFiles(const std::vector<std::filesystem::path>& paths,
                              const corpus::ImportOptions& options, bool skipExisting,
                              const std::function<bool(const FileOutcome&)>& onFile);

    // Reads a participants sheet and applies it in one transaction.
    // `encoding` names the sheet's encoding; empty to detect it.
    Result<corpus::ParticipantImportReport> importParticipants(const std::filesystem::path& csv,
                                                               const std::string& encoding = {});

    // Imports a table of utterances or a survey (.csv, .xlsx;
    // corpus/table_import.h): its documents and participants in one
    // transaction, then the search index follows the new documents. With
    // `dryRun`, returns what would be imported and changes nothing.
    Result<corpus::TableImportReport> importTable(const std::filesystem::path& file,
                                                  const corpus::TableImportOptions& options,
                                                  bool dryRun = false);

    // Search -------------------------------------------------------------
    // The search index, opened on first use and rebuilt first when it is
    // missing, stale or damaged (`notice` hears why).
    Result<indexer::Index*> index(const indexer::Index::Notice& notice = {});
    // Parses and runs a query (indexer/query.h).
    Result<indexer::SearchResults> search(const std::string& query,
                                          const indexer::SearchOptions& options,
                                          const indexer::Index::Notice& notice = {});
    // Rebuilds the index from the store; returns the number of passages.
    Result<std::int64_t> rebuildIndex();
    // Passages not yet coded with `code` (or its sub-codes) that resemble
    // those that are (indexer::Index::suggest).
    Result<indexer::Suggestions> suggest(const std::string& code, int limit,
                                         const indexer::Index::Notice& notice = {});

    // Coding -------------------------------------------------------------
    codebook::Codebook& codebook() { return *m_codebook; }
    // Runs one mutation of the codebook (an operation of its history) and,
    // when it succeeded, brings the search index up to date with the
    // documents whose codings it changed.
    Result<codebook::Change> change(
        const std::function<Result<codebook::Change>(codebook::Codebook&)>& mutation);
    Result<codebook::Change> undo();
    Result<codebook::Change> redo();
    // The coder to record when none is named: MARGIN_CODER, else the
    // project's default coder.
    Result<std::string> coder(const std::string& given = {}) const;

    // Auto-coding: every hit of `query` becomes a coding of `code`.
    struct AutocodeOptions {
        enum class Unit { Match, Sentence, Turn };
        Unit unit = Unit::Match;
        // Which speech: participant turns, interviewer turns, or any.
        std::optional<corpus::SpeakerKind> speaker = corpus::SpeakerKind::Participant;
        std::string coder;
    };
    struct AutocodePlan {
        std::int64_t hits = 0;                     // passages the query found
        std::vector<codebook::NewCoding> codings;  // distinct spans, by document
    };
    Result<AutocodePlan> planAutocode(const std::string& query, codebook::CodeId code,
                                      const AutocodeOptions& options,
                                      const indexer::Index::Notice& notice = {});

    // Quotes of codes, optionally only those where `query` matches inside
    // the coded text.
    Result<std::vector<codebook::Quote>> quotes(codebook::QuoteOptions options,
                                                const std::string& query,
                                                const indexer::Index::Notice& notice = {});

private:
    explicit Project(std::unique_ptr<corpus::Store> store);
    // Every hit of a query (all pages).
    Result<indexer::SearchResults> searchAll(const std::string& query,
                                             const indexer::Index::Notice& notice);
    std::unique_ptr<corpus::Store> m_store;
    std::unique_ptr<codebook::Codebook> m_codebook;
    std::unique_ptr<indexer::Index> m_index;
};

}  // namespace margin::app
