#include "corpus/store.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>

#include <unistd.h>

#include "corpus/sqlite.h"
#include "corpus/text.h"

namespace margin::corpus {

const char* attributeTypeName(AttributeType type) {
    switch (type) {
        case AttributeType::Number:
            return "number";
        case AttributeType::Category:
            return "category";
        case AttributeType::Text:
            break;
    }
    return "text";
}

std::optional<AttributeType> parseAttributeType(std::string_view name) {
    std::string key = foldKey(name);
    if (key == "text")
        return AttributeType::Text;
    if (key == "number" || key == "numeric")
        return AttributeType::Number;
    if (key == "category" || key == "categorical")
        return AttributeType::Category;
    return std::nullopt;
}

namespace {

constexpr std::int32_t kApplicationId = 0x4D52474E;  // 'MRGN'

// The schema, one entry per version: applying entry k moves a project from
// version k to k + 1. Never edit an entry once released; add a new one.
const char* const kMigrations[] = {
    // Version 1: documents, participants, attributes, links, turns.
    R"sql(
CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    text            TEXT NOT NULL,
    length          INTEGER NOT NULL CHECK (length >= 0),
    source_name     TEXT NOT NULL,
    source_format   TEXT NOT NULL,
    source_encoding TEXT NOT NULL,
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    imported_at     TEXT NOT NULL
);
CREATE INDEX documents_by_sha256 ON documents (sha256);
CREATE TABLE participants (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE attributes (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    type     TEXT NOT NULL CHECK (type IN ('text', 'number', 'category')),
    position INTEGER NOT NULL
);
CREATE TABLE attribute_values (
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    attribute_id   INTEGER NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    value          ANY NOT NULL,
    PRIMARY KEY (participant_id, attribute_id)
) WITHOUT ROWID;
CREATE TABLE document_participants (
    document_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX document_participants_by_participant ON document_participants (participant_id);
CREATE TABLE turns (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    speaker        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('interviewer', 'participant')),
    participant_id INTEGER REFERENCES participants (id) ON DELETE SET NULL,
    timestamp_ms   INTEGER,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX turns_by_document ON turns (document_id, start);
CREATE INDEX turns_by_participant ON turns (participant_id);
)sql",
    // Version 2: the project's identity and a generation counter that every
    // committed change increases, so derived data (the search index) can tell
    // whether it is stale.
    R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value ANY NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('project_id', lower(hex(randomblob(16))));
INSERT INTO meta (key, value) VALUES ('generation', 1);
)sql",
    // Version 3: the codebook (codebook/codebook.h): coders, hierarchical
    // codes, codings (code-point spans of a document), and the history of
    // operations with the SQL that undoes or redoes each.
    R"sql(
CREATE TABLE coders (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
    guid TEXT NOT NULL UNIQUE
);
CREATE TABLE codes (
    id              INTEGER PRIMARY KEY,
    parent_id       INTEGER REFERENCES codes (id),
    name            TEXT NOT NULL CHECK (name <> ''),
    name_key        TEXT NOT NULL,
    color           TEXT NOT NULL,
    definition      TEXT NOT NULL DEFAULT '',
    when_to_use     TEXT NOT NULL DEFAULT '',
    when_not_to_use TEXT NOT NULL DEFAULT '',
    example         TEXT NOT NULL DEFAULT '',
    memo            TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0,
    guid            TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    modified_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX codes_sibling_names ON codes (coalesce(parent_id, 0), name_key);
CREATE TABLE codings (
    id          INTEGER PRIMARY KEY,
    code_id     INTEGER NOT NULL REFERENCES codes (id),
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    coder_id    INTEGER NOT NULL REFERENCES coders (id),
    memo        TEXT NOT NULL DEFAULT '',
    guid        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (code_id, document_id, start, "end", coder_id)
);
CREATE INDEX codings_by_document ON codings (document_id, start, "end", code_id);
CREATE INDEX codings_by_coder ON codings (coder_id);
CREATE TABLE operations (
    id          INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('done', 'undone')),
    created_at  TEXT NOT NULL
);
CREATE TABLE operation_log (
    seq          INTEGER PRIMARY KEY,
    operation_id INTEGER NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
    direction    TEXT NOT NULL CHECK (direction IN ('undo', 'redo')),
    document_id  INTEGER,
    statement    TEXT NOT NULL
);
CREATE INDEX operation_log_by_operation ON operation_log (operation_id, direction, seq);
)sql",
};
constexpr int kLatestVersion = static_cast<int>(std::size(kMigrations));

SpeakerKind kindFromText(const std::string& s) {
    return s == "interviewer" ? SpeakerKind::Interviewer : SpeakerKind::Participant;
}

}  // namespace

// The connection and everything derived from it.
struct Store::Impl {
    sqlite3* db = nullptr;
    std::filesystem::path path;
    int version = 0;
    std::string projectId;

    ~Impl() {
        if (db)
            sqlite3_close_v2(db);
    }

    // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back on any error.
    // Every transaction but a migration also increases the generation.
    Status transaction(const std::function<Status()>& body, bool bumpGeneration = true) {
        // SQLite opens a file it may not write read-only.
        if (sqlite3_db_readonly(db, "main") == 1)
            return Status::ioError(path.string() +
                                   ": the project is read-only (its file is not writable); "
                                   "nothing was changed");
        Status begin = sql::exec(db, "BEGIN IMMEDIATE");
        if (!begin.isOk())
            return begin.withContext(path.string());
        Status s = bumpGeneration ? sql::exec(db,
                                              "UPDATE meta SET value = value + 1 "
                                              "WHERE key = 'generation'")
                                  : Status::ok();
        if (s.isOk())
            s = body();
        if (s.isOk()) {
            s = sql::exec(db, "COMMIT");
            if (s.isOk())
                return s;
        }
        sql::exec(db, "ROLLBACK");
        // A full disk is said the same way, naming the project, wherever
        // in the transaction a write failed.
        if (s.code() == Status::Code::DiskFull)
            return sql::errorStatus(nullptr, SQLITE_FULL, "").withContext(path.string());
        return s;
    }

    Result<std::optional<std::int64_t>> participantIdByName(std::string_view name) {
        sql::Statement q(db, "SELECT id FROM participants WHERE name = ?");
        q.bind(1, name);
        if (q.step())
            return std::optional<std::int64_t>(q.integer(0));
        if (!q.status().isOk())
            return q.status();
        return std::optional<std::int64_t>();
    }

    Result<std::int64_t> ensureParticipant(std::string_view name, bool* created = nullptr) {
        auto existing = participantIdByName(name);
        if (!existing.isOk())
            return existing.status();
        if (*existing) {
            if (created)
                *created = false;
            return **existing;
        }
        sql::Statement insert(db, "INSERT INTO participants (name) VALUES (?)");
        insert.bind(1, name);
        if (Status s = insert.run(); !s.isOk())
            return s;
        if (created)
            *created = true;
        return sqlite3_last_insert_rowid(db);
    }

    Result<std::vector<std::string>> linkedNames(const char* query, std::int64_t id) const {
        sql::Statement q(db, query);
        q.bind(1, id);
        std::vector<std::string> names;
        while (q.step())
            names.push_back(q.text(0));
        if (!q.status().isOk())
            return q.status();
        return names;
    }

    Result<DocumentInfo> readInfo(sql::Statement& q) const {
        DocumentInfo info;
        info.id = q.integer(0);
        info.name = q.text(1);
        info.length = q.integer(2);
        info.sourceName = q.text(3);
        info.sourceFormat = q.text(4);
        info.sourceEncoding = q.text(5);
        info.sha256 = q.text(6);
        info.importedAt = q.text(7);
        info.turnCount = q.integer(8);
        auto names = linkedNames(
            "SELECT p.name FROM document_participants dp JOIN participants p "
            "ON p.id = dp.participant_id WHERE dp.document_id = ? ORDER BY p.name",
            info.id);
        if (!names.isOk())
            return names.status();
        info.participants = std::move(names).value();
        return info;
    }
};

static const char* const kInfoColumns =
    "SELECT d.id, d.name, d.length, d.source_name, d.source_format, d.source_encoding, "
    "d.sha256, d.imported_at, (SELECT count(*) FROM turns t WHERE t.document_id = d.id) "
    "FROM documents d ";

Store::Store(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
Store::~Store() = default;

const std::filesystem::path& Store::path() const {
    return d->path;
}
int Store::schemaVersion() const {
    return d->version;
}
const std::string& Store::projectId() const {
    return d->projectId;
}

Result<std::int64_t> Store::generation() const {
    sql::Statement q(d->db, "SELECT value FROM meta WHERE key = 'generation'");
    if (q.step())
        return q.integer(0);
    if (!q.status().isOk())
        return q.status();
    return Status::corrupt(d->path.string() + ": the project has no generation counter");
}

sqlite3* Store::connection() const {
    return d->db;
}

Status Store::transaction(const std::function<Status()>& body) {
    return d->transaction(body);
}

int Store::latestSchemaVersion() {
    return kLatestVersion;
}

int Store::busyTimeoutMs() {
    static const int timeout = [] {
        const char* value = std::getenv("MARGIN_BUSY_TIMEOUT_MS");
        int ms = 5000;
        if (value && *value) {
            auto [end, ec] = std::from_chars(value, value + std::strlen(value), ms);
            if (ec != std::errc() || *end || ms < 0)
                ms = 5000;
        }
        return ms;
    }();
    return timeout;
}

Result<std::unique_ptr<Store>> Store::create(const std::filesystem::path& path) {
    return openImpl(path, true, kLatestVersion);
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
    return openImpl(path, false, kLatestVersion);
}

Result<std::unique_ptr<Store>> Store::createAtVersion(const std::filesystem::path& path,
                                                      int version) {
    if (version < 1 || version > kLatestVersion)
        return Status::invalidInput("no schema version " + std::to_string(version));
    return openImpl(path, true, version);
}

namespace {

// When a project cannot be opened because its folder is not writable (WAL
// needs PROJECT-wal and PROJECT-shm beside it), a status saying so; else `s`.
Status explainFolder(const std::filesystem::path& path, const Status& s) {
    std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
    if (access(folder.c_str(), W_OK) == 0)
        return s.withContext(path.string());
    return Status::ioError(path.string() + ": cannot open the project: its folder " +
                           folder.string() + " is not writable, and SQLite needs to create " +
                           path.filename().string() + "-wal and " + path.filename().string() +
                           "-shm there; make the folder writable or copy the project elsewhere");
}

}  // namespace

Result<std::unique_ptr<Store>> Store::openImpl(const std::filesystem::path& path, bool create,
                                               int targetVersion) {
    const std::string name = path.string();
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    if (create && exists)
        return Status::alreadyExists(name + ": already exists");
    if (create && !path.parent_path().empty() &&
        !std::filesystem::is_directory(path.parent_path(), ec))
        return Status::notFound(name + ": cannot create the project: folder " +
                                path.parent_path().string() + " does not exist");
    if (!create && !exists)
        return Status::notFound(name + ": no such project (create one with 'margin init " + name +
                                "')");
    if (!create && std::filesystem::is_directory(path, ec))
        return Status::notAProject(name + ": is a directory, not a Margin project");

    auto impl = std::make_unique<Impl>();
    impl->path = path;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(name.c_str(), &impl->db, flags, sql::vfsName());
    if (rc != SQLITE_OK)
        return sql::errorStatus(impl->db, rc, "opening the project").withContext(name);
    sqlite3_extended_result_codes(impl->db, 1);
    sqlite3_busy_timeout(impl->db, Store::busyTimeoutMs());

    // Identify the file before changing anything in it.
    std::int64_t applicationId = 0, userVersion = 0;
    {
        sql::Statement q(impl->db, "PRAGMA application_id");
        if (q.step())
            applicationId = q.integer(0);
        if (!q.status().isOk())
            return explainFolder(path, q.status());
        sql::Statement v(impl->db, "PRAGMA user_version");
        if (v.step())
            userVersion = v.integer(0);
        if (!v.status().isOk())
            return explainFolder(path, v.status());
    }
    if (!create) {
        if (applicationId != kApplicationId)
            return Status::notAProject(
                name + ": not a Margin project (an SQLite database of another program)");
        if (userVersion > kLatestVersion)
            return Status::tooNew(name + ": written by a newer version of Margin (schema " +
                                  std::to_string(userVersion) + "; this version reads up to " +
                                  std::to_string(kLatestVersion) + "); upgrade Margin to open it");
    }

    {
        sql::Statement wal(impl->db, "PRAGMA journal_mode = WAL");
        std::string mode = wal.step() ? wal.text(0) : "";
        if (!wal.status().isOk())
            return explainFolder(path, wal.status());
        if (mode != "wal")
            return Status::ioError(name +
                                   ": cannot switch the project to WAL mode (journal mode '" +
                                   mode + "'); is its folder writable?");
    }
    if (Status s = sql::exec(impl->db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
        !s.isOk())
        return s.withContext(name);

    if (create) {
        Status s = sql::exec(impl->db, "PRAGMA application_id = " + std::to_string(kApplicationId));
        if (!s.isOk())
            return s.withContext(name);
    }
    for (int v = static_cast<int>(userVersion); v < targetVersion; ++v) {
        Status s = impl->transaction(
            [&] {
                Status m = sql::exec(impl->db, kMigrations[v]);
                if (!m.isOk())
                    return m;
                return sql::exec(impl->db, "PRAGMA user_version = " + std::to_string(v + 1));
            },
            /*bumpGeneration=*/false);
        if (!s.isOk())
            return s.withContext(name + ": upgrading to schema " + std::to_string(v + 1));
    }
    impl->version = std::max(static_cast<int>(userVersion), targetVersion);
    if (impl->version >= 2) {
        sql::Statement q(impl->db, "SELECT value FROM meta WHERE key = 'project_id'");
        if (q.step())
            impl->projectId = q.text(0);
        if (!q.status().isOk())
            return q.status().withContext(name);
    }
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<DocumentId> Store::addDocument(const NewDocument& doc) {
    DocumentId id = 0;
    Status s = d->transaction([&]() -> Status {
        auto added = insertDocument(doc);
        if (!added.isOk())
            return added.status();
        id = *added;
        return Status::ok();
    });
    if (!s.isOk())
        return s;
    return id;
}

Result<std::vector<DocumentId>> Store::addDocuments(const std::vector<NewDocument>& documents,
                                                    const ParticipantTable* participants,
                                                    ParticipantImportReport* report) {
    std::vector<DocumentId> ids;
    ParticipantImportReport counts;
    Status s = d->transaction([&]() -> Status {
        if (participants)
            if (Status r = applyParticipants(*participants, counts); !r.isOk())
                return r;
        for (const NewDocument& doc : documents) {
            auto added = insertDocument(doc);
            if (!added.isOk())
                return added.status();
            ids.push_back(*added);
        }
        return Status::ok();
    });
    if (!s.isOk())
        return s;
    if (report)
        *report = counts;
    return ids;
}

Result<DocumentId> Store::insertDocument(const NewDocument& doc) {
    const CharPos length = codePointCount(doc.text);
    std::vector<NewTurn> turns = doc.turns;
    std::sort(turns.begin(), turns.end(),
              [](const NewTurn& a, const NewTurn& b) { return a.start < b.start; });
    for (std::size_t i = 0; i < turns.size(); ++i) {
        const NewTurn& t = turns[i];
        if (t.start < 0 || t.end <= t.start || t.end > length)
            return Status::invalidInput("document '" + doc.name + "': turn [" +
                                        std::to_string(t.start) + ", " + std::to_string(t.end) +
                                        ") is outside the text (length " + std::to_string(length) +
                                        ")");
        if (i > 0 && t.start < turns[i - 1].end)
            return Status::invalidInput("document '" + doc.name + "': turns overlap at " +
                                        std::to_string(t.start));
    }
    DocumentId id = 0;
    {
        sql::Statement q(d->db, "SELECT 1 FROM documents WHERE name = ?");
        q.bind(1, doc.name);
        if (q.step())
            return Status::alreadyExists("a document named '" + doc.name +
                                         "' already exists (choose another with --name)");
        if (!q.status().isOk())
            return q.status();
    }
    sql::Statement insert(d->db,
                          "INSERT INTO documents (name, text, length, source_name, "
                          "source_format, source_encoding, sha256, imported_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, doc.name)
        .bindNoCopy(2, doc.text)
        .bind(3, static_cast<std::int64_t>(length))
        .bind(4, doc.sourceName)
        .bind(5, doc.sourceFormat)
        .bind(6, doc.sourceEncoding)
        .bind(7, doc.sha256)
        .bind(8, nowIso8601());
    if (Status r = insert.run(); !r.isOk())
        return r;
    id = sqlite3_last_insert_rowid(d->db);

    sql::Statement link(d->db, "INSERT OR IGNORE INTO document_participants VALUES (?, ?)");
    for (const std::string& p : doc.participants) {
        auto pid = d->ensureParticipant(p);
        if (!pid.isOk())
            return pid.status();
        link.reset();
        link.bind(1, id).bind(2, *pid);
        if (Status r = link.run(); !r.isOk())
            return r;
    }
    sql::Statement turn(d->db,
                        "INSERT INTO turns (document_id, start, \"end\", speaker, kind, "
                        "participant_id, timestamp_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const NewTurn& t : turns) {
        std::optional<std::int64_t> pid;
        if (t.participant) {
            auto r = d->ensureParticipant(*t.participant);
            if (!r.isOk())
                return r.status();
            pid = *r;
        }
        turn.reset();
        turn.bind(1, id)
            .bind(2, static_cast<std::int64_t>(t.start))
            .bind(3, static_cast<std::int64_t>(t.end))
            .bind(4, t.speaker)
            .bind(5, speakerKindName(t.kind))
            .bind(6, pid)
            .bind(7, t.timestampMs);
        if (Status r = turn.run(); !r.isOk())
            return r;
    }
    return id;
}

Result<std::vector<DocumentInfo>> Store::documents() const {
    sql::Statement q(d->db, std::string(kInfoColumns) + "ORDER BY d.name");
    std::vector<DocumentInfo> out;
    while (q.step()) {
        auto info = d->readInfo(q);
        if (!info.isOk())
            return info.status();
        out.push_back(std::move(info).value());
    }
    if (!q.status().isOk())
        return q.status();
    return out;
}

Result<DocumentInfo> Store::findDocument(std::string_view nameOrId) const {
    {
        sql::Statement q(d->db, std::string(kInfoColumns) + "WHERE d.name = ?");
        q.bind(1, nameOrId);
        if (q.step())
            return d->readInfo(q);
        if (!q.status().isOk())
            return q.status();
    }
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(nameOrId.data(), nameOrId.data() + nameOrId.size(), id);
    if (ec == std::errc() && ptr == nameOrId.data() + nameOrId.size()) {
        sql::Statement q(d->db, std::string(kInfoColumns) + "WHERE d.id = ?");
        q.bind(1, id);
        if (q.step())
            return d->readInfo(q);
        if (!q.status().isOk())
            return q.status();
    }
    return Status::notFound("no document named '" + std::string(nameOrId) + "' in " +
                            d->path.string() + " (see 'margin docs')");
}

Result<std::optional<DocumentInfo>> Store::document(DocumentId id) const {
    sql::Statement q(d->db, std::string(kInfoColumns) + "WHERE d.id = ?");
    q.bind(1, id);
    if (q.step()) {
        auto info = d->readInfo(q);
        if (!info.isOk())
            return info.status();
        return std::optional<DocumentInfo>(std::move(info).value());
    }
    if (!q.status().isOk())
        return q.status();
    return std::optional<DocumentInfo>();
}

Result<std::vector<Store::CodedSpan>> Store::codedSpans(DocumentId id) const {
    sql::Statement q(d->db,
                     "SELECT code_id, start, \"end\" FROM codings WHERE document_id = ? "
                     "ORDER BY start, \"end\"");
    q.bind(1, id);
    std::vector<CodedSpan> spans;
    while (q.step())
        spans.push_back({q.integer(0), q.integer(1), q.integer(2)});
    if (!q.status().isOk())
        return q.status();
    return spans;
}

Result<std::optional<DocumentInfo>> Store::documentWithSha256(std::string_view sha256) const {
    sql::Statement q(d->db, std::string(kInfoColumns) + "WHERE d.sha256 = ? ORDER BY d.id");
    q.bind(1, sha256);
    if (q.step()) {
        auto info = d->readInfo(q);
        if (!info.isOk())
            return info.status();
        return std::optional<DocumentInfo>(std::move(info).value());
    }
    if (!q.status().isOk())
        return q.status();
    return std::optional<DocumentInfo>();
}

namespace {

// One text column of one document.
Result<std::string> documentColumn(sqlite3* db, const char* column, DocumentId id) {
    sql::Statement q(db, std::string("SELECT ") + column + " FROM documents WHERE id = ?");
    q.bind(1, id);
    if (q.step())
        return q.text(0);
    if (!q.status().isOk())
        return q.status();
    return Status::notFound("no document with id " + std::to_string(id));
}

}  // namespace

Result<std::string> Store::documentText(DocumentId id) const {
    return documentColumn(d->db, "text", id);
}

Result<std::string> Store::documentBytes(DocumentId id, std::size_t offset,
                                         std::size_t length) const {
    sqlite3_blob* blob = nullptr;
    int rc = sqlite3_blob_open(d->db, "main", "documents", "text", id, 0, &blob);
    if (rc != SQLITE_OK) {
        sqlite3_blob_close(blob);
        if (rc == SQLITE_ERROR)
            return Status::notFound("no document with id " + std::to_string(id));
        return sql::errorStatus(d->db, rc, "reading a document");
    }
    std::size_t size = static_cast<std::size_t>(sqlite3_blob_bytes(blob));
    if (offset > size || length > size - offset) {
        sqlite3_blob_close(blob);
        return Status::invalidInput("document " + std::to_string(id) + ": bytes [" +
                                    std::to_string(offset) + ", +" + std::to_string(length) +
                                    ") are outside the text");
    }
    std::string out(length, '\0');
    rc = sqlite3_blob_read(blob, out.data(), static_cast<int>(length), static_cast<int>(offset));
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK)
        return sql::errorStatus(d->db, rc, "reading a document");
    return out;
}

Result<std::string> Store::documentName(DocumentId id) const {
    return documentColumn(d->db, "name", id);
}

namespace {

// Turns with their participant's name; append the WHERE clause.
constexpr const char* kTurnColumns =
    "SELECT t.id, t.document_id, t.start, t.\"end\", t.speaker, t.kind, p.name, t.timestamp_ms "
    "FROM turns t LEFT JOIN participants p ON p.id = t.participant_id ";

Turn readTurn(const sql::Statement& q) {
    Turn t;
    t.id = q.integer(0);
    t.documentId = q.integer(1);
    t.start = q.integer(2);
    t.end = q.integer(3);
    t.speaker = q.text(4);
    t.kind = kindFromText(q.text(5));
    if (!q.isNull(6))
        t.participant = q.text(6);
    if (!q.isNull(7))
        t.timestampMs = q.integer(7);
    return t;
}

}  // namespace

Result<std::optional<Turn>> Store::turnAt(DocumentId id, CharPos position) const {
    sql::Statement q(d->db, std::string(kTurnColumns) +
                                "WHERE t.document_id = ? AND t.start <= ? "
                                "ORDER BY t.start DESC LIMIT 1");
    q.bind(1, id).bind(2, static_cast<std::int64_t>(position));
    if (q.step()) {
        Turn t = readTurn(q);
        return position < t.end ? std::optional<Turn>(std::move(t)) : std::optional<Turn>();
    }
    if (!q.status().isOk())
        return q.status();
    return std::optional<Turn>();
}

Result<std::vector<Turn>> Store::turns(DocumentId id) const {
    sql::Statement q(d->db, std::string(kTurnColumns) + "WHERE t.document_id = ? ORDER BY t.start");
    q.bind(1, id);
    std::vector<Turn> out;
    while (q.step())
        out.push_back(readTurn(q));
    if (!q.status().isOk())
        return q.status();
    return out;
}

Result<std::vector<Attribute>> Store::attributes() const {
    sql::Statement q(d->db, "SELECT id, name, type FROM attributes ORDER BY position, id");
    std::vector<Attribute> out;
    while (q.step())
        out.push_back({q.integer(0), q.text(1), *parseAttributeType(q.text(2))});
    if (!q.status().isOk())
        return q.status();
    return out;
}

Result<std::vector<std::string>> Store::participantNames() const {
    sql::Statement q(d->db, "SELECT name FROM participants ORDER BY name");
    std::vector<std::string> out;
    while (q.step())
        out.push_back(q.text(0));
    if (!q.status().isOk())
        return q.status();
    return out;
}

Result<std::vector<Participant>> Store::participants() const {
    sql::Statement q(d->db, "SELECT id, name FROM participants ORDER BY name");
    std::vector<Participant> out;
    while (q.step())
        out.push_back({q.integer(0), q.text(1), {}, {}});
    if (!q.status().isOk())
        return q.status();
    sql::Statement values(d->db,
                          "SELECT a.name, v.value, typeof(v.value) FROM attribute_values v "
                          "JOIN attributes a ON a.id = v.attribute_id WHERE v.participant_id = ?");
    for (Participant& p : out) {
        values.reset();
        values.bind(1, p.id);
        while (values.step()) {
            std::string type = values.text(2);
            p.values[values.text(0)] = (type == "real" || type == "integer")
                                           ? formatNumber(values.real(1))
                                           : values.text(1);
        }
        if (!values.status().isOk())
            return values.status();
        auto docs = d->linkedNames(
            "SELECT d.name FROM document_participants dp JOIN documents d "
            "ON d.id = dp.document_id WHERE dp.participant_id = ? ORDER BY d.name",
            p.id);
        if (!docs.isOk())
            return docs.status();
        p.documents = std::move(docs).value();
    }
    return out;
}

Result<ParticipantImportReport> Store::importParticipants(const ParticipantTable& table) {
    ParticipantImportReport report;
    Status s = d->transaction([&] { return applyParticipants(table, report); });
    if (!s.isOk())
        return s;
    return report;
}

Status Store::applyParticipants(const ParticipantTable& table, ParticipantImportReport& report) {
    auto where = [&](int line, const std::string& column) {
        return table.source + ": line " + std::to_string(line) +
               (column.empty() ? "" : ", column '" + column + "'");
    };
    // Attributes: existing ones keep their type; values must fit it.
    std::vector<std::int64_t> attributeIds;
    std::vector<AttributeType> types;
    std::int64_t nextPosition = 0;
    {
        sql::Statement q(d->db, "SELECT coalesce(max(position) + 1, 0) FROM attributes");
        if (q.step())
            nextPosition = q.integer(0);
    }
    for (const auto& column : table.columns) {
        sql::Statement q(d->db, "SELECT id, type FROM attributes WHERE name = ?");
        q.bind(1, column.name);
        if (q.step()) {
            // An undeclared column takes the existing attribute's type (its
            // cells are checked below); a declared one must agree with it,
            // but text and category may turn into each other.
            AttributeType existing = *parseAttributeType(q.text(1));
            bool compatible =
                !column.declared || existing == column.type ||
                (existing != AttributeType::Number && column.type != AttributeType::Number);
            if (!compatible)
                return Status::invalidInput(table.source + ": column '" + column.name +
                                            "' is declared " + attributeTypeName(column.type) +
                                            " but the project's attribute is " +
                                            attributeTypeName(existing));
            attributeIds.push_back(q.integer(0));
            types.push_back(existing);
            continue;
        }
        if (!q.status().isOk())
            return q.status();
        sql::Statement insert(d->db,
                              "INSERT INTO attributes (name, type, position) VALUES (?, ?, ?)");
        insert.bind(1, column.name).bind(2, attributeTypeName(column.type)).bind(3, nextPosition++);
        if (Status r = insert.run(); !r.isOk())
            return r;
        attributeIds.push_back(sqlite3_last_insert_rowid(d->db));
        types.push_back(column.type);
        ++report.attributesAdded;
    }

    std::set<std::string> seen;
    std::map<std::int64_t, std::vector<std::int64_t>> docLinks;  // document -> participants
    sql::Statement upsert(d->db,
                          "INSERT INTO attribute_values (participant_id, attribute_id, value) "
                          "VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value");
    sql::Statement clear(d->db,
                         "DELETE FROM attribute_values WHERE participant_id = ? AND "
                         "attribute_id = ?");
    for (const auto& row : table.rows) {
        if (!seen.insert(foldKey(row.participant)).second)
            return Status::invalidInput(where(row.line, "participant") + ": participant '" +
                                        row.participant + "' appears twice");
        bool created = false;
        auto pid = d->ensureParticipant(row.participant, &created);
        if (!pid.isOk())
            return pid.status();
        ++(created ? report.participantsAdded : report.participantsUpdated);
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const auto& value = row.values[c];
            if (!value) {
                clear.reset();
                clear.bind(1, *pid).bind(2, attributeIds[c]);
                if (Status r = clear.run(); !r.isOk())
                    return r;
                continue;
            }
            upsert.reset();
            upsert.bind(1, *pid).bind(2, attributeIds[c]);
            if (types[c] == AttributeType::Number) {
                auto number = parseNumber(*value);
                if (!number)
                    return Status::invalidInput(where(row.line, table.columns[c].name) + ": '" +
                                                *value + "' is not a number");
                upsert.bind(3, *number);
            } else {
                upsert.bind(3, std::string_view(*value));
            }
            if (Status r = upsert.run(); !r.isOk())
                return r;
        }
        for (const std::string& docName : row.documents) {
            auto doc = findDocument(docName);
            if (!doc.isOk())
                return Status::invalidInput(where(row.line, "document") + ": " +
                                            doc.status().message());
            docLinks[doc->id].push_back(*pid);
        }
    }

    // The sheet says who each listed document belongs to: it replaces the
    // links (and the speaker of one-to-one turns) made at import time.
    for (const auto& [docId, pids] : docLinks) {
        std::vector<std::int64_t> old;
        {
            sql::Statement q(d->db,
                             "SELECT participant_id FROM document_participants "
                             "WHERE document_id = ?");
            q.bind(1, docId);
            while (q.step())
                old.push_back(q.integer(0));
            if (!q.status().isOk())
                return q.status();
        }
        sql::Statement unlink(d->db, "DELETE FROM document_participants WHERE document_id = ?");
        unlink.bind(1, docId);
        if (Status r = unlink.run(); !r.isOk())
            return r;
        sql::Statement link(d->db, "INSERT OR IGNORE INTO document_participants VALUES (?, ?)");
        for (std::int64_t p : pids) {
            link.reset();
            link.bind(1, docId).bind(2, p);
            if (Status r = link.run(); !r.isOk())
                return r;
            ++report.linksSet;
        }
        if (pids.size() == 1 && old.size() <= 1) {
            sql::Statement reassign(
                d->db,
                "UPDATE turns SET participant_id = ? WHERE document_id = ? AND kind = "
                "'participant' AND (participant_id IS NULL OR participant_id = ?)");
            reassign.bind(1, pids[0]).bind(2, docId).bind(3, old.empty() ? -1 : old[0]);
            if (Status r = reassign.run(); !r.isOk())
                return r;
        }
        // A participant made from a file name that now has nothing is removed.
        for (std::int64_t p : old) {
            sql::Statement orphan(
                d->db,
                "DELETE FROM participants WHERE id = ?1 "
                "AND NOT EXISTS (SELECT 1 FROM document_participants WHERE participant_id = "
                "?1) "
                "AND NOT EXISTS (SELECT 1 FROM attribute_values WHERE participant_id = ?1) "
                "AND NOT EXISTS (SELECT 1 FROM turns WHERE participant_id = ?1)");
            orphan.bind(1, p);
            if (Status r = orphan.run(); !r.isOk())
                return r;
            report.placeholdersRemoved += sqlite3_changes(d->db);
        }
    }
    return Status::ok();
}

Result<std::vector<std::string>> Store::check() const {
    std::vector<std::string> problems;
    {
        sql::Statement q(d->db, "PRAGMA integrity_check");
        while (q.step()) {
            std::string row = q.text(0);
            if (row != "ok")
                problems.push_back("SQLite integrity: " + row);
        }
        if (!q.status().isOk())
            return q.status();
    }
    {
        sql::Statement q(d->db, "PRAGMA foreign_key_check");
        while (q.step())
            problems.push_back("table " + q.text(0) + " row " + q.text(1) +
                               " refers to a missing row of " + q.text(2));
        if (!q.status().isOk())
            return q.status();
    }
    sql::Statement docs(d->db, "SELECT id, name, text, length, sha256 FROM documents ORDER BY id");
    sql::Statement turnQuery(d->db,
                             "SELECT id, start, \"end\" FROM turns WHERE document_id = ? "
                             "ORDER BY start, \"end\"");
    while (docs.step()) {
        std::int64_t id = docs.integer(0);
        std::string name = "document '" + docs.text(1) + "'";
        std::string text = docs.text(2);
        CharPos length = codePointCount(text);
        if (length != docs.integer(3))
            problems.push_back(name + ": stored length " + std::to_string(docs.integer(3)) +
                               " but the text has " + std::to_string(length) + " characters");
        if (!isNormalizedText(text))
            problems.push_back(name + ": text is not normalised (UTF-8, NFC, \\n line endings)");
        std::string sha = docs.text(4);
        if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos)
            problems.push_back(name + ": malformed SHA-256 '" + sha + "'");
        turnQuery.reset();
        turnQuery.bind(1, id);
        CharPos previousEnd = 0;
        while (turnQuery.step()) {
            CharPos start = turnQuery.integer(1), end = turnQuery.integer(2);
            std::string turn = name + ": turn " + std::to_string(turnQuery.integer(0)) + " [" +
                               std::to_string(start) + ", " + std::to_string(end) + ")";
            if (start < 0 || end <= start || end > length) {
                problems.push_back(turn + " is outside the text (length " + std::to_string(length) +
                                   ")");
                continue;  // its end says nothing about overlaps
            }
            if (start < previousEnd)
                problems.push_back(turn + " overlaps the turn before it");
            previousEnd = std::max(previousEnd, end);
        }
        if (!turnQuery.status().isOk())
            return turnQuery.status();
    }
    if (!docs.status().isOk())
        return docs.status();
    if (d->version >= 3) {
        // Codings inside their documents; the code tree without cycles.
        sql::Statement outside(d->db,
                               "SELECT c.id, d.name, c.start, c.\"end\", d.length FROM codings c "
                               "JOIN documents d ON d.id = c.document_id WHERE c.start < 0 OR "
                               "c.\"end\" <= c.start OR c.\"end\" > d.length");
        while (outside.step())
            problems.push_back("coding " + outside.text(0) + " [" + outside.text(2) + ", " +
                               outside.text(3) + ") is outside document '" + outside.text(1) +
                               "' (length " + outside.text(4) + ")");
        if (!outside.status().isOk())
            return outside.status();
        sql::Statement cycles(d->db,
                              "WITH RECURSIVE up(start, id, depth) AS (SELECT id, parent_id, 1 "
                              "FROM codes WHERE parent_id IS NOT NULL UNION ALL SELECT up.start, "
                              "c.parent_id, up.depth + 1 FROM up JOIN codes c ON c.id = up.id "
                              "WHERE c.parent_id IS NOT NULL AND up.depth < 1000) "
                              "SELECT DISTINCT start FROM up WHERE id = start");
        while (cycles.step())
            problems.push_back("code " + cycles.text(0) + " is its own ancestor");
        if (!cycles.status().isOk())
            return cycles.status();
    }
    return problems;
}

}  // namespace margin::corpus

namespace margin::corpus {

Status Store::backup(const std::filesystem::path& to, bool overwrite) const {
    const std::string name = to.string();
    std::error_code ec;
    if (std::filesystem::is_directory(to, ec))
        return Status::invalidInput(name + ": is a folder; give the backup's file name");
    if (std::filesystem::exists(to, ec)) {
        if (std::filesystem::equivalent(to, d->path, ec))
            return Status::invalidInput(name + ": is the project itself; back it up elsewhere");
        if (!overwrite)
            return Status::alreadyExists(name + ": already exists (use --force to replace it)");
    }
    std::filesystem::path folder = to.parent_path().empty() ? "." : to.parent_path();
    if (!std::filesystem::is_directory(folder, ec))
        return Status::notFound(name + ": cannot write the backup: folder " + folder.string() +
                                " does not exist");
    const std::filesystem::path temp =
        folder / ("." + to.filename().string() + ".backup-" + std::to_string(getpid()));
    auto removeTemp = [&] {
        std::error_code ignored;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            std::filesystem::remove(temp.string() + suffix, ignored);
    };
    removeTemp();

    sqlite3* copy = nullptr;
    int rc =
        sqlite3_open_v2(temp.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    Status s;
    if (rc != SQLITE_OK)
        s = sql::errorStatus(copy, rc, "creating the backup");
    if (s.isOk())
        s = sql::exec(copy, "PRAGMA synchronous = FULL");
    if (s.isOk()) {
        // One step copies every page under one read transaction of the
        // project: a single committed state, whatever other writers do.
        sqlite3_backup* b = sqlite3_backup_init(copy, "main", d->db, "main");
        if (!b) {
            s = sql::errorStatus(copy, sqlite3_errcode(copy), "starting the backup");
        } else {
            do {
                rc = sqlite3_backup_step(b, -1);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                    sqlite3_sleep(50);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
            if (rc != SQLITE_DONE)
                s = sql::errorStatus(copy, rc, "copying the project");
        }
    }
    if (s.isOk()) {
        // The copy says WAL, as the project does; leave it as one file.
        sql::Statement q(copy, "PRAGMA wal_checkpoint(TRUNCATE)");
        while (q.step()) {
        }
        s = q.status();
    }
    if (copy && sqlite3_close(copy) != SQLITE_OK && s.isOk())
        s = Status::ioError("closing the backup");
    if (s.isOk()) {
        std::error_code ignored;
        if (overwrite) {
            // A stale log of the replaced file must never be applied to the copy.
            std::filesystem::remove(name + "-wal", ignored);
            std::filesystem::remove(name + "-shm", ignored);
        }
        std::filesystem::rename(temp, to, ec);
        if (ec)
            s = Status::ioError("cannot rename the backup into place: " + ec.message());
    }
    if (!s.isOk()) {
        removeTemp();
        return s.withContext(name);
    }
    return Status::ok();
}

}  // namespace margin::corpus
