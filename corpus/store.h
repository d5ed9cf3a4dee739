// Store: the project file, Margin's single source of truth.
//
// A project is one SQLite database (conventionally NAME.margin) in WAL mode
// with foreign keys on and synchronous=FULL: a change that returned OK
// survives a crash of the process or the machine. Every mutating call below
// is one transaction: it is applied whole or not at all, and a failure leaves
// the project exactly as it was. Writers take the write lock at the start of
// their transaction (BEGIN IMMEDIATE) and wait up to 5 s for another writer
// (MARGIN_BUSY_TIMEOUT_MS, read once, changes the wait); after that they fail
// with Status::Code::Busy ("PATH: the project is busy ..."). Readers never
// wait for writers (WAL). A write that fails for want of disk space fails
// the whole transaction with Status::Code::DiskFull ("PATH: the disk is
// full; this change was not saved ..."); corpus/sqlite.h has the test seam
// (MARGIN_TEST_DISK_LIMIT) that simulates it.
//
// Schema (see docs/ARCHITECTURE.md for the table layout): documents with
// their normalised text, participants (cases), typed attributes and their
// values, document-participant links and speaker turns. The file carries
// PRAGMA application_id 'MRGN' and PRAGMA user_version = schema version;
// opening an older project migrates it forward in one transaction, opening
// a newer one is refused without touching it.
//
// All positions are CharPos code points into a document's text
// (corpus/offsets.h).
//
// Thread-safety: a Store is one SQLite connection; use it from one thread
// at a time. Several Stores (in one or many processes) may open one project.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/offsets.h"
#include "corpus/speakers.h"
#include "corpus/status.h"

struct sqlite3;

namespace margin::corpus {

using DocumentId = std::int64_t;
using ParticipantId = std::int64_t;

enum class AttributeType { Text, Number, Category };
const char* attributeTypeName(AttributeType type);  // "text", "number", "category"
std::optional<AttributeType> parseAttributeType(std::string_view name);

struct Attribute {
    std::int64_t id = 0;
    std::string name;
    AttributeType type = AttributeType::Text;
};

struct Participant {
    ParticipantId id = 0;
    std::string name;                           // the participant's id in the study, e.g. "T01"
    std::map<std::string, std::string> values;  // attribute name -> value as text
    std::vector<std::string> documents;         // linked document names
};

struct DocumentInfo {
    DocumentId id = 0;
    std::string name;
    CharPos length = 0;                     // code points
    std::string sourceName;                 // the original file name, without directories
    std::string sourceFormat;               // "txt", "md"...
    std::string sourceEncoding;             // "UTF-8", "UTF-16LE", "GB18030"...
    std::string sha256;                     // of the original file's bytes
    std::string importedAt;                 // ISO 8601 UTC
    std::vector<std::string> participants;  // linked participant names
    std::int64_t turnCount = 0;
};

struct Turn {
    std::int64_t id = 0;
    DocumentId documentId = 0;
    CharPos start = 0;
    CharPos end = 0;
    std::string speaker;
    SpeakerKind kind = SpeakerKind::Participant;
    std::optional<std::string> participant;  // participant name, when known
    std::optional<std::int64_t> timestampMs;
};

struct NewTurn {
    CharPos start = 0;
    CharPos end = 0;
    std::string speaker;
    SpeakerKind kind = SpeakerKind::Participant;
    std::optional<std::string> participant;  // created if missing
    std::optional<std::int64_t> timestampMs;
};

struct NewDocument {
    std::string name;
    std::string text;  // must already be normalised (corpus/text.h)
    std::string sourceName;
    std::string sourceFormat;
    std::string sourceEncoding;
    std::string sha256;
    std::vector<std::string> participants;  // linked; created if missing
    std::vector<NewTurn> turns;
};

// A participants sheet after parsing (see corpus/participants.h).
struct ParticipantTable {
    struct Column {
        std::string name;
        AttributeType type = AttributeType::Text;
        bool declared = false;  // the type was given in the header ("years:number")
    };
    struct Row {
        int line = 0;  // for error messages
        std::string participant;
        std::vector<std::optional<std::string>> values;  // one per column; nullopt = empty cell
        std::vector<std::string> documents;              // names or ids to link
    };
    std::string source;  // file name, for messages
    std::vector<Column> columns;
    std::vector<Row> rows;
    bool hasDocumentColumn = false;
};

struct ParticipantImportReport {
    int participantsAdded = 0;
    int participantsUpdated = 0;
    int attributesAdded = 0;
    int linksSet = 0;
    int placeholdersRemoved = 0;  // participants made from file names, replaced by the sheet
};

class Store {
public:
    // Creates a new project file; AlreadyExists if the path exists.
    static Result<std::unique_ptr<Store>> create(const std::filesystem::path& path);
    // Opens an existing project. NotFound, NotAProject (not SQLite, or SQLite
    // but not Margin's), TooNew (a newer schema), Corrupt, IoError.
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
    // For migration tests: a new project at an older schema version.
    static Result<std::unique_ptr<Store>> createAtVersion(const std::filesystem::path& path,
                                                          int version);

    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::filesystem::path& path() const;
    int schemaVersion() const;
    static int latestSchemaVersion();
    // How long a writer waits for another one before giving up with Busy:
    // MARGIN_BUSY_TIMEOUT_MS milliseconds, else 5,000. The search index
    // waits as long for its own write lock.
    static int busyTimeoutMs();
    // A random id made when the project was created (32 hex digits).
    const std::string& projectId() const;
    // Increases by one with every committed mutation (one per mutating call
    // of this class), in the same transaction. Derived data such as the
    // search index records the generation it reflects: if it differs from
    // this, the derived data is stale.
    Result<std::int64_t> generation() const;

    // Documents ------------------------------------------------------------
    // Adds a document with its turns and participant links, creating missing
    // participants. AlreadyExists if the name is taken; InvalidInput if a turn
    // is outside the text or turns overlap.
    Result<DocumentId> addDocument(const NewDocument& document);
    // Adds several documents and applies a participants table (may be null)
    // in one transaction: all of it, or nothing. The table is applied first,
    // as importParticipants applies it (`report`, when given, receives its
    // counts), then each document as addDocument adds it; errors as theirs.
    // Returns the documents' ids in the order given.
    Result<std::vector<DocumentId>> addDocuments(const std::vector<NewDocument>& documents,
                                                 const ParticipantTable* participants,
                                                 ParticipantImportReport* report = nullptr);
    Result<std::vector<DocumentInfo>> documents() const;
    // By exact name, else by numeric id. NotFound names what was asked for.
    Result<DocumentInfo> findDocument(std::string_view nameOrId) const;
    // By id; nullopt when there is none.
    Result<std::optional<DocumentInfo>> document(DocumentId id) const;
    Result<std::optional<DocumentInfo>> documentWithSha256(std::string_view sha256) const;
    Result<std::string> documentText(DocumentId id) const;
    // `length` bytes of the document's UTF-8 text from byte `offset` (for
    // callers that know byte offsets, such as the search index): reads only
    // those bytes. InvalidInput when out of range.
    Result<std::string> documentBytes(DocumentId id, std::size_t offset, std::size_t length) const;
    // The document's name, cheaply.
    Result<std::string> documentName(DocumentId id) const;
    Result<std::vector<Turn>> turns(DocumentId id) const;
    // The turn that contains code point `position`, if any.
    Result<std::optional<Turn>> turnAt(DocumentId id, CharPos position) const;

    // The codes applied to the document's text (the codings of
    // codebook/codebook.h, for derived data such as the search index), by
    // start.
    struct CodedSpan {
        std::int64_t code = 0;
        CharPos start = 0;
        CharPos end = 0;
    };
    Result<std::vector<CodedSpan>> codedSpans(DocumentId id) const;

    // Participants ---------------------------------------------------------
    Result<std::vector<Attribute>> attributes() const;
    Result<std::vector<Participant>> participants() const;
    // Only the participants' names, in name order: one query (participants()
    // reads each one's values and documents too).
    Result<std::vector<std::string>> participantNames() const;
    // Adds or updates participants, attributes and values, and sets document
    // links, in one transaction. InvalidInput (naming the sheet, line and
    // column) for a value that does not fit an existing attribute's type, an
    // unknown document or a repeated participant.
    Result<ParticipantImportReport> importParticipants(const ParticipantTable& table);

    // Checks ---------------------------------------------------------------
    // SQLite's integrity and foreign-key checks plus Margin's invariants
    // (texts normalised and of their stored length, turns inside their
    // document and not overlapping). Returns the problems found; empty when
    // the project is sound.
    Result<std::vector<std::string>> check() const;

    // Backup -----------------------------------------------------------------
    // Writes a consistent copy of the project to `to` through SQLite's online
    // backup, while other connections (in this or other processes) may be
    // reading or writing: the copy holds the project as of one committed
    // state. Written to a temporary file beside `to`, then renamed over it, so
    // `to` is never half-written. AlreadyExists unless `overwrite`;
    // InvalidInput when `to` is this project itself or a folder; IoError.
    // The search index is not copied (it is derived; rebuilt on first use).
    Status backup(const std::filesystem::path& to, bool overwrite) const;

    // For the libraries that keep their own tables in the project file
    // (codebook/): the connection, to be used with corpus/sqlite.h, and a
    // transaction like every mutating call above (BEGIN IMMEDIATE, the
    // generation increased, rolled back when `body` fails).
    sqlite3* connection() const;
    Status transaction(const std::function<Status()>& body);

private:
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    // The bodies of addDocument and importParticipants, inside a transaction.
    Result<DocumentId> insertDocument(const NewDocument& document);
    Status applyParticipants(const ParticipantTable& table, ParticipantImportReport& report);
    static Result<std::unique_ptr<Store>> openImpl(const std::filesystem::path& path, bool create,
                                                   int targetVersion);
    std::unique_ptr<Impl> d;
};

}  // namespace margin::corpus
