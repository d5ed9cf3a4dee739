// REFI-QDA exchange: codebooks (.qdc) and whole projects (.qdpx) in and out,
// so that a project can move between Margin, NVivo, ATLAS.ti, MAXQDA,
// QualCoder and f4 without losing a coding or shifting it by a character.
// The conventions, what is kept and what is not: docs/REFI.md.
//
// Export. exportCodebook() writes a .qdc (Codebook.xsd), exportProject() a
// .qdpx: a zip holding project.qde (Project.xsd) and each document's stored
// text as sources/<GUID>.txt (UTF-8, no byte-order mark, "\n" line
// endings), referenced as internal://<GUID>.txt. Coders are Users; codes
// keep their GUIDs, colours, and their definition (with when to use, when
// not to use, example and memo as labelled paragraphs) as Description; each
// coding is a PlainTextSelection (code points, end exclusive, its GUID
// derived from the coding's) with a Coding that keeps the coding's GUID and
// coder, its memo a Note; participants are Cases with their attributes as
// Variables and their documents as SourceRefs. Documents, participants and
// attributes have no GUID column: theirs are kept from an import, else
// derived from the project id and the name, so exporting twice gives the
// same GUIDs. Every file written validates against the schemas (empty
// containers are omitted, children in the schema's order).
//
// Import. importProject() and importCodebook() read a .qdc, a .qde (its
// sources beside it, in sources/), or a .qdpx (zip read with
// corpus/zip.h's limits; the first *.qde, "project.qde" preferred; sources
// under sources/ or Sources/, matched case-insensitively). XML is read with
// corpus/xml.h: a DOCTYPE is refused, so no entity or DTD is ever loaded.
// A file that is not well-formed is refused with the XML error's line and
// column. A file that breaks the schema is read when it can be understood,
// each deviation a warning (a missing isCodable, a colour that is not #RRGGBB,
// an unknown element, ...); it is refused when its links cannot be
// trusted: a guid that is not a GUID, a GUID used twice, a code without a
// name, or a CodeRef or MemberCode naming a code that is not in the file
// (a missing guid is a warning: one is made).
//
// Positions. Selections are read against their source's text as the tool
// counted it, and mapped onto the stored (NFC, "\n") text. Tools disagree
// on the unit: the standard counts code points; NVivo counts UTF-16 code
// units and CRLF as two; QualCoder counts a byte-order mark; some count
// CRLF as one. detectConvention() tries each and keeps the one that puts
// the most selections on the text the tool recorded (a selection's name,
// when it is the selected text), then the one that puts the most
// selections inside their sources, then the exporting tool's known habit
// (origin naming NVivo or QualCoder), else the standard's.
//
// Errors are InvalidInput values naming the file. Thread-safety: pure
// functions, apart from the store and codebook they are given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codebook/codebook.h"
#include "corpus/offsets.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::codebook::refi {

// How a tool counted the positions of a text.
struct PositionConvention {
    bool utf16 = false;            // UTF-16 code units instead of code points
    bool crlfAsOne = false;        // "\r\n" counted as one character
    bool bomCounted = false;       // a byte-order mark counted as position 0
    std::string describe() const;  // "UTF-16 code units, CRLF counted as 2"
    bool operator==(const PositionConvention&) const = default;
};
// Every convention, the standard's (code points, CRLF as 2, no BOM) first.
const std::vector<PositionConvention>& conventions();

// A source's text as the exporting tool saw it (decoded, without its
// byte-order mark, not normalised), and the stored text it becomes.
class SourceText {
public:
    SourceText(std::string raw, bool hadBom);
    ~SourceText();
    SourceText(const SourceText&) = delete;
    SourceText& operator=(const SourceText&) = delete;

    // normalizeText(raw): what the project stores.
    const std::string& normalized() const;
    // A position counted by `convention` as a position of normalized();
    // nullopt when it is outside the text or inside a character.
    std::optional<corpus::CharPos> map(std::int64_t position,
                                       const PositionConvention& convention) const;
    bool hasBom() const;
    bool hasCrlf() const;
    bool hasSupplementary() const;  // characters beyond U+FFFF (2 UTF-16 units)

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// What a .qdc/.qde says, before it becomes Margin's objects. GUIDs as
// written; references are compared by guidKey().
struct RefiCode {
    std::string guid, name, color, description;
    bool codable = true;
    int parent = -1;  // index into RefiFile::codes
};
struct RefiCoding {
    std::string guid, code, user;  // code: CodeRef target; user: creatingUser
    std::vector<std::string> notes;
};
struct RefiSelection {
    std::string guid, name, user, description;
    std::int64_t start = 0, end = 0;
    bool wholeSource = false;  // a Coding on the source itself
    std::vector<RefiCoding> codings;
    std::vector<std::string> notes;
};
struct RefiSource {
    std::string guid, name, kind;  // kind: "TextSource", "PDFSource", ...
    std::string plainTextPath, richTextPath, path, user, description;
    std::optional<std::string> plainTextContent;
    std::vector<RefiSelection> selections;
};
struct RefiNote {
    std::string guid, name, plainTextPath;
    std::optional<std::string> content;
};
struct RefiVariable {
    std::string guid, name, type, description;
};
struct RefiCase {
    std::string guid, name, description;
    std::vector<std::pair<std::string, std::string>> values;  // variable GUID, value
    std::vector<std::string> sources;                         // SourceRef and SelectionRef targets
};
struct RefiSet {
    std::string guid, name, description;
    std::vector<std::string> codes;
};
struct RefiFile {
    bool isCodebook = false;  // root CodeBook (.qdc) rather than Project
    std::string name, origin, creatingUser;
    std::vector<std::pair<std::string, std::string>> users;  // guid, name
    std::vector<RefiCode> codes;                             // parents before children
    std::vector<RefiVariable> variables;
    std::vector<RefiCase> cases;
    std::vector<RefiSource> sources;
    std::vector<RefiNote> notes;
    std::vector<RefiSet> sets;
    std::vector<std::string> warnings;  // deviations from the schema
};

// "{ABC-...}" and "abc-..." name the same object.
std::string guidKey(std::string_view guid);
bool isGuid(std::string_view text);

// Parses the XML of a .qdc or .qde. `file` names it in messages.
Result<RefiFile> parseRefiXml(std::string_view xml, const std::string& file);

// Chooses the convention for a file's selections: see the top of this file.
struct Detection {
    PositionConvention convention;
    int selections = 0;            // selections considered
    int matched = 0;               // on the text their name records
    int named = 0;                 // selections whose name could be checked
    int inside = 0;                // inside their source
    std::string describe() const;  // for the import report
};
Detection detectConvention(const std::vector<const RefiSelection*>& selections,
                           const std::vector<const SourceText*>& texts, std::string_view origin);

// Export ------------------------------------------------------------------
// The codebook as a .qdc. InvalidInput when the project has no codes (a
// codebook needs one).
Result<std::string> exportCodebook(const Codebook& codebook);
// The whole project as .qdpx bytes; `name` is the project's name in it.
Result<std::string> exportProject(const corpus::Store& store, const Codebook& codebook,
                                  const std::string& name);

// Import ------------------------------------------------------------------
struct ImportReport {
    int documents = 0, participants = 0, attributes = 0, coders = 0;
    int codes = 0, codings = 0;
    int codesAdded = 0, codesMatched = 0;
    std::vector<std::string> renamed;  // "'a/b' -> 'a∕b'"
    std::string positions;             // Detection::describe(), empty without selections
    std::vector<std::string> warnings;
    Change change;  // import-codebook: the operation
};

// A whole project (.qdpx, or a .qde whose sources lie beside it) into an
// empty project: documents, cases, variables, users, codes and codings,
// keeping GUIDs. InvalidInput when the project is not empty or the file
// cannot be read. On failure the project may hold part of the import: the
// caller removes the new project file.
Result<ImportReport> importProject(corpus::Store& store, const std::filesystem::path& file);

// The codebook of a .qdc (or the code tree of a .qde/.qdpx) merged into the
// project by code path, as one operation of the history: missing codes
// added (with their GUIDs, when free), existing ones matched and their
// colour and description updated. A name with '/' (which Margin's paths
// use) and a name the file gives twice among siblings are renamed, and
// listed in ImportReport::renamed.
Result<ImportReport> importCodebook(corpus::Store& store, Codebook& codebook,
                                    const std::filesystem::path& file);

}  // namespace margin::codebook::refi
