// File formats: each reader turns one kind of file into the text the
// importer stores (corpus/importer.h), and, where the format itself says who
// speaks (subtitles), into its speaker turns.
//
// A reader gets the file's bytes (already read, at most kMaxImportBytes),
// the file's name for messages, and the import options (an --encoding for
// text formats, the interviewer labels). It returns the text as UTF-8. When
// it returns turns, its text must already be normalised (corpus/text.h
// normalizeText) and the turns are code-point spans of that text; otherwise
// the importer normalises the text and detects turns from speaker labels as
// for plain text.
//
// Every reader refuses what it cannot read with InvalidInput naming the file
// and the problem ("T01.docx: not a Word document (no word/document.xml)",
// "scan.pdf: has no text layer; it needs OCR first"), never crashes or
// loads anything from outside the file (no external XML entities, no DTDs,
// no network), and bounds its memory (zip entries are limited in size and
// compression ratio).
//
// Thread-safety: pure functions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/speakers.h"
#include "corpus/status.h"

namespace margin::corpus {

struct ExtractedText {
    std::string text;
    // What the source was, for `margin docs`: "UTF-8", "GB18030", "UTF-16LE"
    // for text; the format ("DOCX", "ODT", "PDF", "RTF", "HTML", "SRT",
    // "VTT") otherwise, with the text encoding where the format has one.
    std::string encoding;
    std::optional<std::vector<DetectedTurn>> turns;
    std::vector<std::string> warnings;  // said on import, not fatal
};

struct ReadOptions {
    std::string encoding;  // text formats: empty to detect
    SpeakerOptions speakers;
};

using Reader = Result<ExtractedText> (*)(std::string_view bytes, const std::string& file,
                                         const ReadOptions& options);

struct Format {
    const char* extension;    // lower case, without the dot: "docx"
    const char* description;  // "Word document"
    Reader read;
};

// Every format Margin imports, by extension.
const std::vector<Format>& formats();
// The format for a file's extension (case-insensitive), or nullptr.
const Format* formatFor(const std::filesystem::path& path);
// ".txt, .md, .docx, ..." for messages.
std::string formatList();

// The readers (each in its own .cpp file).
Result<ExtractedText> readPlainText(std::string_view bytes, const std::string& file,
                                    const ReadOptions& options);
// PDF (corpus/pdf.cpp), RTF (corpus/rtf.cpp), HTML (corpus/html.cpp): their
// limits and clean-up are described in corpus/documents.h.
Result<ExtractedText> readPdf(std::string_view bytes, const std::string& file,
                              const ReadOptions& options);
Result<ExtractedText> readRtf(std::string_view bytes, const std::string& file,
                              const ReadOptions& options);
Result<ExtractedText> readHtml(std::string_view bytes, const std::string& file,
                               const ReadOptions& options);
// Word and OpenDocument text (corpus/docx.cpp, corpus/odt.cpp): one line per
// paragraph, tables as tab-separated rows; see the notes there.
Result<ExtractedText> readDocx(std::string_view bytes, const std::string& file,
                               const ReadOptions& options);
Result<ExtractedText> readOdt(std::string_view bytes, const std::string& file,
                              const ReadOptions& options);
// Subtitles (corpus/subtitles.cpp): cues become "[hh:mm:ss] Name: text"
// paragraphs with their own turns; see the notes there.
Result<ExtractedText> readSrt(std::string_view bytes, const std::string& file,
                              const ReadOptions& options);
Result<ExtractedText> readVtt(std::string_view bytes, const std::string& file,
                              const ReadOptions& options);

}  // namespace margin::corpus
