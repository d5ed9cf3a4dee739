// Importing transcript files into a project.
//
// The flow of one file (see docs/ARCHITECTURE.md): read its bytes (at most
// 512 MiB) -> SHA-256 of the bytes -> the format's reader (corpus/formats.h:
// decoding for text, the document's text for other formats) -> normalise
// (corpus/text.h) -> detect speaker turns (corpus/speakers.h; subtitles
// bring their own) ->
// assign participants -> Store::addDocument, one transaction. A failure at
// any step leaves the project unchanged.
//
// Participants: the non-interviewer speaker of a one-to-one interview is the
// document's participant, named by ImportOptions::participant or derived
// from the file name ("T01.txt", "T01_wang.txt" and "T01-2024.txt" give
// "T01"; other names give the whole stem). When several non-interviewer
// speakers talk (a focus group), each one whose label is the name of a
// participant already in the project is linked to it; the others stay
// without participant.
//
// Supported formats: corpus/formats.h's list.
// Thread-safety: as the Store passed in.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "corpus/speakers.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::corpus {

struct ImportOptions {
    std::string encoding;     // empty: detect (corpus/encoding.h)
    std::string name;         // document name; empty: the file name without extension
    std::string participant;  // one-to-one participant; empty: derived from the file name
    SpeakerOptions speakers;
    bool force = false;  // import bytes the project already has (the name gets " (2)")
};

struct ImportReport {
    DocumentId id = 0;
    std::string name;
    std::string sourceName;
    std::string encoding;
    std::size_t turns = 0;
    std::size_t interviewerTurns = 0;
    std::vector<std::string> speakers;      // display labels
    std::vector<std::string> participants;  // linked participant names
    std::vector<std::string> warnings;      // from the format's reader
};

constexpr std::uintmax_t kMaxImportBytes = 512u << 20;

// A file's bytes for importing: NotFound, InvalidInput for a folder or a
// file over kMaxImportBytes (naming the limit), IoError; messages name the
// file.
Result<std::string> readImportFile(const std::filesystem::path& path);

// True for the file types importTranscript reads (by extension).
bool isTranscriptFile(const std::filesystem::path& path);
std::string participantFromFileName(const std::string& stem);

// Errors name the file: NotFound, InvalidInput (undecodable, empty, binary,
// unsupported type, too large, a document name already taken), AlreadyExists
// (exactly these bytes were imported before, and not `force`), or the
// Store's errors.
Result<ImportReport> importTranscript(Store& store, const std::filesystem::path& path,
                                      const ImportOptions& options);

// The files a command line names: each file as given; each directory's
// transcript files, recursively, in name order (hidden files and other
// types are listed as skipped). Paths that do not exist are errors.
struct ImportPlan {
    std::vector<std::filesystem::path> files;
    std::vector<std::pair<std::filesystem::path, std::string>> skipped;  // path, why
    std::vector<Status> errors;
};
ImportPlan planImport(const std::vector<std::filesystem::path>& paths);

}  // namespace margin::corpus
