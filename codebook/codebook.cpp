#include "codebook/codebook.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <random>
#include <set>

#include "codebook/color.h"
#include "codebook/merge.h"
#include "corpus/sqlite.h"
#include "corpus/text.h"

namespace margin::codebook {

namespace sql = corpus::sql;
using corpus::CharPos;
using corpus::DocumentId;

namespace {

// A random (version 4) UUID, the form REFI-QDA exchange files use.
std::string newGuid() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    std::uint64_t hi = engine(), lo = engine();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08x-%04x-%04x-%04x-%012llx",
                  static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                  static_cast<unsigned>(hi & 0xFFFF), static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return buffer;
}

Status checkName(std::string_view name, std::string_view path) {
    if (name.empty())
        return Status::invalidInput("code path '" + std::string(path) + "' has an empty name");
    if (name.find('/') != std::string_view::npos)
        return Status::invalidInput("code name '" + std::string(name) +
                                    "' contains '/', which separates the levels of a path");
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7F)
            return Status::invalidInput("code name '" + std::string(name) +
                                        "' contains a control character");
    if (corpus::firstInvalidUtf8(name) != std::string_view::npos)
        return Status::invalidInput("code name is not valid UTF-8");
    return Status::ok();
}

// The SQL text of a column list: "a, b, c".
std::string joined(const std::vector<std::string>& columns, const std::string& prefix,
                   const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i)
            out += separator;
        out += prefix + columns[i];
    }
    return out;
}

struct Table {
    const char* name;
    std::vector<std::string> key;      // the columns that identify a row
    std::vector<std::string> columns;  // the others
    bool hasDocument;
};

// Participants, attributes, their values and document links are recorded
// too: only a merge (Codebook::merge) changes them within an operation.
const Table kRecordedTables[] = {
    {"coders", {"id"}, {"name", "guid"}, false},
    {"codes",
     {"id"},
     {"parent_id", "name", "name_key", "color", "definition", "when_to_use", "when_not_to_use",
      "example", "memo", "position", "guid", "created_at", "modified_at"},
     false},
    {"codings",
     {"id"},
     {"code_id", "document_id", "start", "\"end\"", "coder_id", "memo", "guid", "created_at",
      "modified_at"},
     true},
    {"participants", {"id"}, {"name"}, false},
    {"attributes", {"id"}, {"name", "type", "position"}, false},
    {"attribute_values", {"participant_id", "attribute_id"}, {"value"}, false},
    {"document_participants", {"document_id", "participant_id"}, {}, true},
};

// The SQL text that selects a row by its key, from a trigger's NEW or OLD:
// "' WHERE id = ' || quote(OLD.id)".
std::string whereKey(const Table& t, const std::string& row) {
    std::string out;
    for (std::size_t i = 0; i < t.key.size(); ++i)
        out += std::string(i ? " || ' AND " : " || ' WHERE ") + t.key[i] + " = ' || quote(" + row +
               "." + t.key[i] + ")";
    return out;
}

// The temporary triggers that record, for every change of a recorded table,
// the SQL statement that reverts it, under the operation named in
// temp.margin_undo_target (nothing is recorded while that table is empty).
std::string triggerScript() {
    std::string script =
        "CREATE TEMP TABLE IF NOT EXISTS margin_undo_target (operation_id INTEGER, "
        "direction TEXT);\n";
    for (const Table& t : kRecordedTables) {
        std::string name = t.name;
        auto log = [&](const char* when, const char* row, const std::string& statement) {
            std::string document = t.hasDocument ? std::string(row) + ".document_id" : "NULL";
            script += "CREATE TEMP TRIGGER IF NOT EXISTS margin_undo_" + name + "_" + when +
                      " AFTER " + when + " ON main." + name +
                      " BEGIN INSERT INTO operation_log (operation_id, direction, document_id, "
                      "statement) SELECT operation_id, direction, " +
                      document + ", " + statement + " FROM margin_undo_target; END;\n";
        };
        log("INSERT", "NEW", "'DELETE FROM " + name + "'" + whereKey(t, "NEW"));
        if (!t.columns.empty()) {
            std::string sets;
            for (std::size_t i = 0; i < t.columns.size(); ++i)
                sets += std::string(i ? " || ', " : "'") + t.columns[i] + " = ' || quote(OLD." +
                        t.columns[i] + ")";
            log("UPDATE", "OLD", "'UPDATE " + name + " SET ' || " + sets + whereKey(t, "OLD"));
        }
        std::vector<std::string> all = t.key;
        all.insert(all.end(), t.columns.begin(), t.columns.end());
        std::string values;
        for (std::size_t i = 0; i < all.size(); ++i)
            values += std::string(i ? " || ', ' || " : " || ") + "quote(OLD." + all[i] + ")";
        log("DELETE", "OLD",
            "'INSERT INTO " + name + " (" + joined(all, "", ", ") + ") VALUES ('" + values +
                " || ')'");
    }
    return script;
}

struct CodeRow {
    CodeId id = 0;
    std::optional<CodeId> parent;
    std::string name, key, color, definition, whenToUse, whenNotToUse, example, memo, guid,
        createdAt, modifiedAt;
    std::int64_t position = 0;
};

}  // namespace

Result<std::vector<std::string>> splitCodePath(std::string_view path) {
    std::vector<std::string> names;
    std::string_view rest = path;
    while (true) {
        std::size_t slash = rest.find('/');
        std::string_view part = corpus::trimSpace(rest.substr(0, slash));
        if (part.empty())
            return Status::invalidInput(path.empty() ? std::string("empty code path")
                                                     : "code path '" + std::string(path) +
                                                           "' has an empty name");
        names.emplace_back(part);
        if (slash == std::string_view::npos)
            break;
        rest = rest.substr(slash + 1);
    }
    return names;
}

struct Codebook::Impl {
    corpus::Store& store;
    sqlite3* db;
    bool triggers = false;

    explicit Impl(corpus::Store& s) : store(s), db(s.connection()) {}

    Status ensureTriggers() {
        if (triggers)
            return Status::ok();
        Status s = sql::exec(db, triggerScript());
        triggers = s.isOk();
        return s;
    }

    // Loads every code (a codebook has hundreds, not millions).
    Result<std::vector<CodeRow>> loadCodes() const {
        sql::Statement q(db,
                         "SELECT id, parent_id, name, name_key, color, definition, when_to_use, "
                         "when_not_to_use, example, memo, position, guid, created_at, modified_at "
                         "FROM codes");
        std::vector<CodeRow> rows;
        while (q.step()) {
            CodeRow r;
            r.id = q.integer(0);
            if (!q.isNull(1))
                r.parent = q.integer(1);
            r.name = q.text(2);
            r.key = q.text(3);
            r.color = q.text(4);
            r.definition = q.text(5);
            r.whenToUse = q.text(6);
            r.whenNotToUse = q.text(7);
            r.example = q.text(8);
            r.memo = q.text(9);
            r.position = q.integer(10);
            r.guid = q.text(11);
            r.createdAt = q.text(12);
            r.modifiedAt = q.text(13);
            rows.push_back(std::move(r));
        }
        if (!q.status().isOk())
            return q.status();
        return rows;
    }

    // Codes in tree order with their paths and depths.
    Result<std::vector<Code>> tree() const {
        auto rows = loadCodes();
        if (!rows.isOk())
            return rows.status();
        std::map<std::optional<CodeId>, std::vector<const CodeRow*>> children;
        for (const CodeRow& r : *rows)
            children[r.parent].push_back(&r);
        for (auto& [parent, list] : children)
            std::sort(list.begin(), list.end(), [](const CodeRow* a, const CodeRow* b) {
                return a->position != b->position ? a->position < b->position : a->id < b->id;
            });
        std::vector<Code> out;
        out.reserve(rows->size());
        std::function<void(std::optional<CodeId>, const std::string&, int)> walk =
            [&](std::optional<CodeId> parent, const std::string& prefix, int depth) {
                auto it = children.find(parent);
                if (it == children.end() || depth > 64)
                    return;
                for (const CodeRow* r : it->second) {
                    Code c;
                    c.id = r->id;
                    c.parent = r->parent;
                    c.name = r->name;
                    c.path = prefix.empty() ? r->name : prefix + "/" + r->name;
                    c.depth = depth;
                    c.color = r->color;
                    c.definition = r->definition;
                    c.whenToUse = r->whenToUse;
                    c.whenNotToUse = r->whenNotToUse;
                    c.example = r->example;
                    c.memo = r->memo;
                    c.guid = r->guid;
                    c.createdAt = r->createdAt;
                    c.modifiedAt = r->modifiedAt;
                    std::string path = c.path;
                    out.push_back(std::move(c));
                    walk(r->id, path, depth + 1);
                }
            };
        walk(std::nullopt, "", 0);
        return out;
    }

    Result<Code> find(std::string_view path) const {
        auto names = splitCodePath(path);
        if (!names.isOk())
            return names.status();
        auto codes = tree();
        if (!codes.isOk())
            return codes.status();
        std::vector<std::string> wanted;
        for (const auto& n : *names)
            wanted.push_back(corpus::foldKey(n));
        std::vector<const Code*> suffixMatches;
        for (const Code& c : *codes) {
            auto parts = splitCodePath(c.path);
            if (!parts.isOk() || parts->size() < wanted.size())
                continue;
            bool match = true;
            std::size_t offset = parts->size() - wanted.size();
            for (std::size_t i = 0; i < wanted.size() && match; ++i)
                match = corpus::foldKey((*parts)[offset + i]) == wanted[i];
            if (!match)
                continue;
            if (offset == 0)
                return c;  // the full path
            suffixMatches.push_back(&c);
        }
        if (suffixMatches.size() == 1)
            return *suffixMatches.front();
        if (suffixMatches.empty())
            return Status::notFound("no code '" + std::string(path) +
                                    "' (list the codes with 'margin codes')");
        std::string list;
        for (const Code* c : suffixMatches)
            list += (list.empty() ? "" : ", ") + c->path;
        return Status::invalidInput("code '" + std::string(path) + "' is ambiguous: " + list +
                                    "; give its full path");
    }

    Result<std::optional<CodeId>> child(std::optional<CodeId> parent, std::string_view name) const {
        sql::Statement q(db,
                         "SELECT id FROM codes WHERE coalesce(parent_id, 0) = ? AND name_key = ?");
        q.bind(1, parent.value_or(0)).bind(2, corpus::foldKey(name));
        if (q.step())
            return std::optional<CodeId>(q.integer(0));
        if (!q.status().isOk())
            return q.status();
        return std::optional<CodeId>();
    }

    Result<std::int64_t> nextPosition(std::optional<CodeId> parent) const {
        sql::Statement q(db,
                         "SELECT coalesce(max(position) + 1, 0) FROM codes "
                         "WHERE coalesce(parent_id, 0) = ?");
        q.bind(1, parent.value_or(0));
        if (q.step())
            return q.integer(0);
        return q.status();
    }

    Result<std::int64_t> codeCount() const {
        sql::Statement q(db, "SELECT count(*) FROM codes");
        if (q.step())
            return q.integer(0);
        return q.status();
    }

    Result<CodeId> insertCode(std::optional<CodeId> parent, std::string_view name,
                              const CodeFields& f) {
        std::string color;
        if (f.color) {
            auto parsed = parseColor(*f.color);
            if (!parsed.isOk())
                return parsed.status();
            color = *parsed;
        } else {
            auto n = codeCount();
            if (!n.isOk())
                return n.status();
            color = defaultColor(static_cast<std::size_t>(*n));
        }
        auto position = nextPosition(parent);
        if (!position.isOk())
            return position.status();
        std::string now = corpus::nowIso8601();
        sql::Statement insert(db,
                              "INSERT INTO codes (parent_id, name, name_key, color, definition, "
                              "when_to_use, when_not_to_use, example, memo, position, guid, "
                              "created_at, modified_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (parent)
            insert.bind(1, *parent);
        else
            insert.bind(1, std::nullopt);
        insert.bind(2, name)
            .bind(3, corpus::foldKey(name))
            .bind(4, color)
            .bind(5, f.definition.value_or(""))
            .bind(6, f.whenToUse.value_or(""))
            .bind(7, f.whenNotToUse.value_or(""))
            .bind(8, f.example.value_or(""))
            .bind(9, f.memo.value_or(""))
            .bind(10, *position)
            .bind(11, newGuid())
            .bind(12, now)
            .bind(13, now);
        if (Status s = insert.run(); !s.isOk())
            return s;
        return sqlite3_last_insert_rowid(db);
    }

    // Sets the given fields; returns whether anything changed.
    Result<bool> setFields(CodeId id, const CodeFields& f) {
        static const char* const kColumns[] = {"color",           "definition", "when_to_use",
                                               "when_not_to_use", "example",    "memo"};
        const std::optional<std::string>* values[] = {&f.color,        &f.definition, &f.whenToUse,
                                                      &f.whenNotToUse, &f.example,    &f.memo};
        bool changed = false;
        for (std::size_t i = 0; i < std::size(kColumns); ++i) {
            if (!*values[i])
                continue;
            std::string value = **values[i];
            if (i == 0) {
                auto parsed = parseColor(value);
                if (!parsed.isOk())
                    return parsed.status();
                value = *parsed;
            }
            sql::Statement u(db, std::string("UPDATE codes SET ") + kColumns[i] +
                                     " = ?, modified_at = ? WHERE id = ? AND " + kColumns[i] +
                                     " IS NOT ?");
            u.bind(1, value).bind(2, corpus::nowIso8601()).bind(3, id).bind(4, value);
            if (Status s = u.run(); !s.isOk())
                return s;
            changed = changed || sqlite3_changes(db) > 0;
        }
        return changed;
    }

    Result<std::vector<CodeId>> descendants(CodeId id) const {
        sql::Statement q(db,
                         "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
                         "SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id) "
                         "SELECT id FROM sub");
        q.bind(1, id);
        std::vector<CodeId> ids;
        while (q.step())
            ids.push_back(q.integer(0));
        if (!q.status().isOk())
            return q.status();
        return ids;
    }

    Result<std::int64_t> coderId(const std::string& name) {
        if (name.empty() || corpus::trimSpace(name).size() != name.size())
            return Status::invalidInput("coder name '" + name +
                                        "' is empty or has spaces around it");
        sql::Statement q(db, "SELECT id FROM coders WHERE name = ?");
        q.bind(1, name);
        if (q.step())
            return q.integer(0);
        if (!q.status().isOk())
            return q.status();
        sql::Statement insert(db, "INSERT INTO coders (name, guid) VALUES (?, ?)");
        insert.bind(1, name).bind(2, newGuid());
        if (Status s = insert.run(); !s.isOk())
            return s;
        return sqlite3_last_insert_rowid(db);
    }

    // Inserts codings within one operation: one prepared statement, one
    // timestamp, coders looked up (or created) once each. A coding identical
    // to one already stored is counted in Change::skipped.
    class CodingInserter {
    public:
        explicit CodingInserter(Impl& impl)
            : m_impl(impl),
              m_insert(impl.db,
                       "INSERT OR IGNORE INTO codings (code_id, document_id, start, \"end\", "
                       "coder_id, memo, guid, created_at, modified_at) "
                       "VALUES (?,?,?,?,?,?,?,?,?)"),
              m_now(corpus::nowIso8601()) {}

        Status add(CodeId code, DocumentId document, CharPos start, CharPos end,
                   const std::string& coder, const std::string& memo, Change& change) {
            auto known = m_coders.find(coder);
            if (known == m_coders.end()) {
                auto id = m_impl.coderId(coder);
                if (!id.isOk())
                    return id.status();
                known = m_coders.emplace(coder, *id).first;
            }
            m_insert.reset();
            m_insert.bind(1, code)
                .bind(2, document)
                .bind(3, static_cast<std::int64_t>(start))
                .bind(4, static_cast<std::int64_t>(end))
                .bind(5, known->second)
                .bind(6, memo)
                .bind(7, newGuid())
                .bind(8, m_now)
                .bind(9, m_now);
            if (Status s = m_insert.run(); !s.isOk())
                return s;
            if (sqlite3_changes(m_impl.db) == 0)
                ++change.skipped;
            else
                change.created.push_back(sqlite3_last_insert_rowid(m_impl.db));
            return Status::ok();
        }

    private:
        Impl& m_impl;
        sql::Statement m_insert;
        std::string m_now;
        std::map<std::string, std::int64_t> m_coders;
    };

    // Runs `body` as one recorded operation in one transaction.
    // Creates the code of path `names` (`clean` joined, for messages) and
    // its missing parents inside the current operation; the leaf gets
    // `fields`. An existing leaf is AlreadyExists, unless `reuse`, when it
    // is used as it is. `leaf` (may be null) gets the leaf's id.
    Status createCode(const std::vector<std::string>& names, const std::string& clean,
                      const CodeFields& fields, Change& change, CodeId* leaf, bool reuse) {
        std::optional<CodeId> parent;
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string& name = names[i];
            bool last = i + 1 == names.size();
            auto existing = child(parent, name);
            if (!existing.isOk())
                return existing.status();
            if (*existing) {
                if (last && !reuse)
                    return Status::alreadyExists("code '" + clean + "' already exists");
                parent = **existing;
                continue;
            }
            auto id = insertCode(parent, name, last ? fields : CodeFields{});
            if (!id.isOk())
                return id.status();
            change.created.push_back(*id);
            parent = *id;
        }
        if (leaf)
            *leaf = *parent;
        return Status::ok();
    }

    // Adds codings inside the current operation (Codebook::addCodings).
    Status insertCodings(const std::vector<NewCoding>& codings, Change& change) {
        std::map<DocumentId, std::pair<std::string, CharPos>> documents;  // name, length
        std::set<CodeId> knownCodes;
        sql::Statement docQuery(db, "SELECT name, length FROM documents WHERE id = ?");
        sql::Statement codeQuery(db, "SELECT 1 FROM codes WHERE id = ?");
        CodingInserter inserter(*this);
        for (const NewCoding& c : codings) {
            auto doc = documents.find(c.document);
            if (doc == documents.end()) {
                docQuery.reset();
                docQuery.bind(1, c.document);
                if (!docQuery.step())
                    return docQuery.status().isOk()
                               ? Status::notFound("no document " + std::to_string(c.document))
                               : docQuery.status();
                doc = documents
                          .emplace(c.document,
                                   std::make_pair(docQuery.text(0), CharPos(docQuery.integer(1))))
                          .first;
            }
            const auto& [name, length] = doc->second;
            std::string span = "[" + std::to_string(c.start) + ", " + std::to_string(c.end) + ")";
            if (c.start < 0 || c.end > length)
                return Status::invalidInput("span " + span + " is outside document '" + name +
                                            "' (its text has " + std::to_string(length) +
                                            " characters)");
            if (c.end < c.start)
                return Status::invalidInput("span " + span + " of document '" + name +
                                            "' ends before it starts");
            if (c.end == c.start)
                return Status::invalidInput("span " + span + " of document '" + name +
                                            "' is empty");
            if (!knownCodes.count(c.code)) {
                codeQuery.reset();
                codeQuery.bind(1, c.code);
                if (!codeQuery.step())
                    return codeQuery.status().isOk()
                               ? Status::notFound("no code with id " + std::to_string(c.code))
                               : codeQuery.status();
                knownCodes.insert(c.code);
            }
            if (Status s =
                    inserter.add(c.code, c.document, c.start, c.end, c.coder, c.memo, change);
                !s.isOk())
                return s;
        }
        return Status::ok();
    }

    Result<Change> operation(const std::string& description,
                             const std::function<Status(Change&)>& body) {
        if (Status s = ensureTriggers(); !s.isOk())
            return s;
        Change change;
        change.description = description;
        Status s = store.transaction([&]() -> Status {
            Status r = sql::exec(db, "DELETE FROM margin_undo_target");
            if (!r.isOk())
                return r;
            sql::Statement op(db,
                              "INSERT INTO operations (description, state, created_at) "
                              "VALUES (?, 'done', ?)");
            op.bind(1, description).bind(2, corpus::nowIso8601());
            if (r = op.run(); !r.isOk())
                return r;
            change.operation = sqlite3_last_insert_rowid(db);
            if (r = setTarget(change.operation, "undo"); !r.isOk())
                return r;
            r = body(change);
            if (r.isOk())
                r = sql::exec(db, "DELETE FROM margin_undo_target");
            if (!r.isOk())
                return r;
            sql::Statement describe(db, "UPDATE operations SET description = ? WHERE id = ?");
            describe.bind(1, change.description).bind(2, change.operation);
            if (r = describe.run(); !r.isOk())
                return r;
            // An operation that changed nothing is not kept in the history.
            sql::Statement logged(db, "SELECT count(*) FROM operation_log WHERE operation_id = ?");
            logged.bind(1, change.operation);
            if (logged.step() && logged.integer(0) == 0) {
                sql::Statement drop(db, "DELETE FROM operations WHERE id = ?");
                drop.bind(1, change.operation);
                change.operation = 0;
                return drop.run();
            }
            if (!logged.status().isOk())
                return logged.status();
            // A change discards what could have been redone.
            sql::Statement discard(db, "DELETE FROM operations WHERE state = 'undone' AND id <> ?");
            discard.bind(1, change.operation);
            if (r = discard.run(); !r.isOk())
                return r;
            return touchedDocuments(change.operation, "undo", change.documents);
        });
        if (!s.isOk())
            return s;
        return change;
    }

    Status setTarget(std::int64_t operation, const char* direction) {
        Status r = sql::exec(db, "DELETE FROM margin_undo_target");
        if (!r.isOk())
            return r;
        sql::Statement t(db, "INSERT INTO margin_undo_target VALUES (?, ?)");
        t.bind(1, operation).bind(2, std::string_view(direction));
        return t.run();
    }

    Status touchedDocuments(std::int64_t operation, const char* direction,
                            std::vector<DocumentId>& documents) const {
        sql::Statement q(db,
                         "SELECT DISTINCT document_id FROM operation_log WHERE operation_id = ? "
                         "AND direction = ? AND document_id IS NOT NULL");
        q.bind(1, operation).bind(2, std::string_view(direction));
        while (q.step())
            documents.push_back(q.integer(0));
        std::sort(documents.begin(), documents.end());
        documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
        return q.status();
    }

    // Undo (undo = true) or redo the latest (first) operation that can be.
    Result<Change> step(bool undo) {
        if (Status s = ensureTriggers(); !s.isOk())
            return s;
        const char* replay = undo ? "undo" : "redo";
        const char* record = undo ? "redo" : "undo";
        Change change;
        Status s = store.transaction([&]() -> Status {
            sql::Statement pick(db, undo ? "SELECT id, description FROM operations WHERE state = "
                                           "'done' ORDER BY id DESC LIMIT 1"
                                         : "SELECT id, description FROM operations WHERE state = "
                                           "'undone' ORDER BY id LIMIT 1");
            if (!pick.step())
                return pick.status().isOk()
                           ? Status::notFound(undo ? "nothing to undo" : "nothing to redo")
                           : pick.status();
            change.operation = pick.integer(0);
            change.description = pick.text(1);
            std::vector<std::string> statements;
            {
                sql::Statement q(db,
                                 "SELECT statement FROM operation_log WHERE operation_id = ? AND "
                                 "direction = ? ORDER BY seq DESC");
                q.bind(1, change.operation).bind(2, std::string_view(replay));
                while (q.step())
                    statements.push_back(q.text(0));
                if (!q.status().isOk())
                    return q.status();
            }
            if (Status r = touchedDocuments(change.operation, replay, change.documents); !r.isOk())
                return r;
            sql::Statement clear(db,
                                 "DELETE FROM operation_log WHERE operation_id = ? AND direction "
                                 "= ?");
            clear.bind(1, change.operation).bind(2, std::string_view(replay));
            if (Status r = clear.run(); !r.isOk())
                return r;
            if (Status r = setTarget(change.operation, record); !r.isOk())
                return r;
            for (const std::string& statement : statements)
                if (Status r = sql::exec(db, statement); !r.isOk())
                    return Status::corrupt("the history of operation " +
                                           std::to_string(change.operation) +
                                           " cannot be replayed: " + r.message());
            if (Status r = sql::exec(db, "DELETE FROM margin_undo_target"); !r.isOk())
                return r;
            sql::Statement mark(db, "UPDATE operations SET state = ? WHERE id = ?");
            mark.bind(1, std::string_view(undo ? "undone" : "done")).bind(2, change.operation);
            return mark.run();
        });
        if (!s.isOk())
            return s;
        return change;
    }

    Result<CodeId> mergeInto(CodeId from, CodeId into) {
        // Codings of `from` that `into` already has (same span and coder) go.
        sql::Statement dupes(db,
                             "DELETE FROM codings WHERE code_id = ?1 AND EXISTS (SELECT 1 FROM "
                             "codings o WHERE o.code_id = ?2 AND o.document_id = "
                             "codings.document_id AND o.start = codings.start AND o.\"end\" = "
                             "codings.\"end\" AND o.coder_id = codings.coder_id)");
        dupes.bind(1, from).bind(2, into);
        if (Status s = dupes.run(); !s.isOk())
            return s;
        sql::Statement move(db,
                            "UPDATE codings SET code_id = ?2, modified_at = ?3 WHERE code_id = ?1");
        move.bind(1, from).bind(2, into).bind(3, corpus::nowIso8601());
        if (Status s = move.run(); !s.isOk())
            return s;
        // `from` gives up its name first (no name folds to a control
        // character): when `into` is its parent, a sub-code named like
        // `from` then moves into its place instead of merging into `from`.
        sql::Statement hide(db, "UPDATE codes SET name_key = char(1) || id WHERE id = ?");
        hide.bind(1, from);
        if (Status s = hide.run(); !s.isOk())
            return s;
        // Sub-codes move under `into`; one named like a sub-code of `into`
        // merges into it.
        std::vector<std::pair<CodeId, std::string>> children;
        {
            sql::Statement q(db,
                             "SELECT id, name FROM codes WHERE parent_id = ? ORDER BY position");
            q.bind(1, from);
            while (q.step())
                children.emplace_back(q.integer(0), q.text(1));
            if (!q.status().isOk())
                return q.status();
        }
        for (const auto& [id, name] : children) {
            auto twin = child(into, name);
            if (!twin.isOk())
                return twin.status();
            if (*twin) {
                if (auto r = mergeInto(id, **twin); !r.isOk())
                    return r;
                continue;
            }
            auto position = nextPosition(into);
            if (!position.isOk())
                return position.status();
            sql::Statement u(db, "UPDATE codes SET parent_id = ?, position = ? WHERE id = ?");
            u.bind(1, into).bind(2, *position).bind(3, id);
            if (Status s = u.run(); !s.isOk())
                return s;
        }
        sql::Statement del(db, "DELETE FROM codes WHERE id = ?");
        del.bind(1, from);
        if (Status s = del.run(); !s.isOk())
            return s;
        return into;
    }
};

Codebook::Codebook(corpus::Store& store) : d(std::make_unique<Impl>(store)) {}
Codebook::~Codebook() = default;

Result<std::vector<Code>> Codebook::codes() const {
    return d->tree();
}

Result<Code> Codebook::findCode(std::string_view path) const {
    return d->find(path);
}

Result<std::vector<CodeId>> Codebook::withDescendants(CodeId code) const {
    return d->descendants(code);
}

Result<std::map<CodeId, CodeCounts>> Codebook::counts() const {
    sql::Statement q(d->db,
                     "SELECT code_id, count(*), count(DISTINCT document_id) FROM codings "
                     "GROUP BY code_id");
    std::map<CodeId, CodeCounts> counts;
    while (q.step())
        counts[q.integer(0)] = {q.integer(1), q.integer(2)};
    if (!q.status().isOk())
        return q.status();
    return counts;
}

Result<std::map<corpus::DocumentId, std::int64_t>> Codebook::documentCounts() const {
    sql::Statement q(d->db, "SELECT document_id, count(*) FROM codings GROUP BY document_id");
    std::map<corpus::DocumentId, std::int64_t> counts;
    while (q.step())
        counts[q.integer(0)] = q.integer(1);
    if (!q.status().isOk())
        return q.status();
    return counts;
}

namespace {
const char* const kCodingColumns =
    "SELECT c.id, c.code_id, c.document_id, c.start, c.\"end\", k.name, c.memo, c.guid, "
    "c.created_at, c.modified_at FROM codings c JOIN coders k ON k.id = c.coder_id ";

Coding readCoding(const sql::Statement& q) {
    Coding c;
    c.id = q.integer(0);
    c.code = q.integer(1);
    c.document = q.integer(2);
    c.start = q.integer(3);
    c.end = q.integer(4);
    c.coder = q.text(5);
    c.memo = q.text(6);
    c.guid = q.text(7);
    c.createdAt = q.text(8);
    c.modifiedAt = q.text(9);
    return c;
}
}  // namespace

Result<std::vector<Coding>> Codebook::codings(std::optional<DocumentId> document) const {
    sql::Statement q(d->db, std::string(kCodingColumns) +
                                (document ? "WHERE c.document_id = ? " : "") +
                                "ORDER BY c.document_id, c.start, c.\"end\", c.code_id, c.id");
    if (document)
        q.bind(1, *document);
    std::vector<Coding> out;
    while (q.step())
        out.push_back(readCoding(q));
    if (!q.status().isOk())
        return q.status();
    return out;
}

Result<Coding> Codebook::coding(CodingId id) const {
    sql::Statement q(d->db, std::string(kCodingColumns) + "WHERE c.id = ?");
    q.bind(1, id);
    if (q.step())
        return readCoding(q);
    if (!q.status().isOk())
        return q.status();
    return Status::notFound("no coding " + std::to_string(id));
}

Result<std::vector<std::string>> Codebook::coders() const {
    sql::Statement q(d->db, "SELECT name FROM coders ORDER BY name");
    std::vector<std::string> names;
    while (q.step())
        names.push_back(q.text(0));
    if (!q.status().isOk())
        return q.status();
    return names;
}

Result<std::vector<HistoryEntry>> Codebook::history(int limit) const {
    sql::Statement q(d->db,
                     "SELECT id, description, state, created_at FROM operations "
                     "ORDER BY id DESC LIMIT ?");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<HistoryEntry> out;
    while (q.step())
        out.push_back({q.integer(0), q.text(1), q.text(2) == "undone", q.text(3)});
    if (!q.status().isOk())
        return q.status();
    return out;
}

Result<std::string> Codebook::defaultCoder() const {
    sql::Statement q(d->db, "SELECT value FROM meta WHERE key = 'default_coder'");
    if (q.step())
        return q.text(0);
    if (!q.status().isOk())
        return q.status();
    return std::string("default");
}

Result<Change> Codebook::addCode(std::string_view path, const CodeFields& fields) {
    auto names = splitCodePath(path);
    if (!names.isOk())
        return names.status();
    for (const auto& n : *names)
        if (Status s = checkName(n, path); !s.isOk())
            return s;
    if (fields.color)
        if (auto c = parseColor(*fields.color); !c.isOk())
            return c.status();
    std::string clean;
    for (const auto& n : *names)
        clean += (clean.empty() ? "" : "/") + n;
    return d->operation("add code " + clean, [&](Change& change) -> Status {
        return d->createCode(*names, clean, fields, change, nullptr, false);
    });
}

Result<Change> Codebook::renameCode(std::string_view path, std::string_view newName) {
    std::string name(corpus::trimSpace(newName));
    if (Status s = checkName(name, name); !s.isOk())
        return s;
    auto code = d->find(path);
    if (!code.isOk())
        return code.status();
    return d->operation("rename code " + code->path + " to " + name, [&](Change&) -> Status {
        auto twin = d->child(code->parent, name);
        if (!twin.isOk())
            return twin.status();
        if (*twin && **twin != code->id)
            return Status::alreadyExists("a code named '" + name + "' already exists beside '" +
                                         code->path + "'");
        sql::Statement u(d->db,
                         "UPDATE codes SET name = ?, name_key = ?, modified_at = ? WHERE id = ?");
        u.bind(1, name)
            .bind(2, corpus::foldKey(name))
            .bind(3, corpus::nowIso8601())
            .bind(4, code->id);
        return u.run();
    });
}

Result<Change> Codebook::updateCode(std::string_view path, const CodeFields& fields) {
    auto code = d->find(path);
    if (!code.isOk())
        return code.status();
    return d->operation("edit code " + code->path, [&](Change&) -> Status {
        auto changed = d->setFields(code->id, fields);
        return changed.status();
    });
}

Result<Change> Codebook::moveCode(std::string_view path, std::string_view newParent,
                                  std::optional<int> index) {
    auto code = d->find(path);
    if (!code.isOk())
        return code.status();
    std::optional<Code> parent;
    if (!corpus::trimSpace(newParent).empty()) {
        auto p = d->find(newParent);
        if (!p.isOk())
            return p.status();
        parent = *p;
        auto sub = d->descendants(code->id);
        if (!sub.isOk())
            return sub.status();
        if (std::find(sub->begin(), sub->end(), parent->id) != sub->end())
            return Status::invalidInput("cannot move '" + code->path + "' under '" + parent->path +
                                        "', which is itself or one of its sub-codes");
    }
    std::optional<CodeId> parentId;
    if (parent)
        parentId = parent->id;
    std::string where = parent ? parent->path : std::string("the top level");
    return d->operation("move code " + code->path + " to " + where, [&](Change&) -> Status {
        auto twin = d->child(parentId, code->name);
        if (!twin.isOk())
            return twin.status();
        if (*twin && **twin != code->id)
            return Status::alreadyExists("'" + where + "' already has a code named '" + code->name +
                                         "' (merge them with 'codes merge')");
        if (*twin && !index)
            return Status::ok();  // already there
        if (!*twin) {
            auto position = d->nextPosition(parentId);
            if (!position.isOk())
                return position.status();
            sql::Statement u(d->db,
                             "UPDATE codes SET parent_id = ?, position = ?, modified_at = ? "
                             "WHERE id = ?");
            if (parentId)
                u.bind(1, *parentId);
            else
                u.bind(1, std::nullopt);
            u.bind(2, *position).bind(3, corpus::nowIso8601()).bind(4, code->id);
            if (auto s = u.run(); !s.isOk())
                return s;
        }
        if (!index)
            return Status::ok();
        // Renumber the siblings with the code at `index`.
        sql::Statement q(d->db,
                         "SELECT id, position FROM codes WHERE coalesce(parent_id, 0) = ? "
                         "ORDER BY position, id");
        q.bind(1, parentId.value_or(0));
        std::vector<std::pair<CodeId, std::int64_t>> siblings;
        while (q.step())
            if (q.integer(0) != code->id)
                siblings.emplace_back(q.integer(0), q.integer(1));
        if (!q.status().isOk())
            return q.status();
        const auto at =
            static_cast<std::size_t>(std::clamp<int>(*index, 0, static_cast<int>(siblings.size())));
        siblings.insert(siblings.begin() + static_cast<std::ptrdiff_t>(at), {code->id, -1});
        for (std::size_t i = 0; i < siblings.size(); ++i) {
            if (siblings[i].second == static_cast<std::int64_t>(i))
                continue;
            sql::Statement u(d->db, "UPDATE codes SET position = ? WHERE id = ?");
            u.bind(1, static_cast<std::int64_t>(i)).bind(2, siblings[i].first);
            if (auto s = u.run(); !s.isOk())
                return s;
        }
        return Status::ok();
    });
}

Result<Change> Codebook::mergeCode(std::string_view from, std::string_view into) {
    auto source = d->find(from);
    if (!source.isOk())
        return source.status();
    auto target = d->find(into);
    if (!target.isOk())
        return target.status();
    auto sub = d->descendants(source->id);
    if (!sub.isOk())
        return sub.status();
    if (std::find(sub->begin(), sub->end(), target->id) != sub->end())
        return Status::invalidInput("cannot merge '" + source->path + "' into '" + target->path +
                                    "', which is itself or one of its sub-codes");
    return d->operation("merge code " + source->path + " into " + target->path,
                        [&](Change&) -> Status {
                            auto r = d->mergeInto(source->id, target->id);
                            if (!r.isOk())
                                return r.status();
                            // Fields the target lacks come from the source.
                            CodeFields inherit;
                            if (target->definition.empty() && !source->definition.empty())
                                inherit.definition = source->definition;
                            if (target->memo.empty() && !source->memo.empty())
                                inherit.memo = source->memo;
                            return d->setFields(target->id, inherit).status();
                        });
}

Result<Change> Codebook::deleteCode(std::string_view path, bool force) {
    auto code = d->find(path);
    if (!code.isOk())
        return code.status();
    auto sub = d->descendants(code->id);
    if (!sub.isOk())
        return sub.status();
    return d->operation("delete code " + code->path, [&](Change&) -> Status {
        std::int64_t codings = 0, documents = 0;
        {
            std::string ids;
            for (CodeId id : *sub)
                ids += (ids.empty() ? "" : ",") + std::to_string(id);
            sql::Statement q(d->db,
                             "SELECT count(*), count(DISTINCT document_id) FROM codings WHERE "
                             "code_id IN (" +
                                 ids + ")");
            if (q.step()) {
                codings = q.integer(0);
                documents = q.integer(1);
            }
            if (!q.status().isOk())
                return q.status();
        }
        if (codings > 0 && !force)
            return Status::invalidInput(
                "code '" + code->path + "'" + (sub->size() > 1 ? " with its sub-codes" : "") +
                " has " + std::to_string(codings) + " coding" + (codings == 1 ? "" : "s") + " in " +
                std::to_string(documents) + " document" + (documents == 1 ? "" : "s") +
                "; use --force to delete them too (undo restores everything)");
        sql::Statement delCodings(d->db, "DELETE FROM codings WHERE code_id = ?");
        sql::Statement delCode(d->db, "DELETE FROM codes WHERE id = ?");
        // Deepest first, so that no code outlives its parent.
        for (auto it = sub->rbegin(); it != sub->rend(); ++it) {
            delCodings.reset();
            delCodings.bind(1, *it);
            if (Status s = delCodings.run(); !s.isOk())
                return s;
            delCode.reset();
            delCode.bind(1, *it);
            if (Status s = delCode.run(); !s.isOk())
                return s;
        }
        return Status::ok();
    });
}

Result<CodebookImportReport> Codebook::importCodebook(const std::vector<CodebookRow>& rows) {
    std::map<std::string, int> seen;
    for (const CodebookRow& row : rows) {
        auto names = splitCodePath(row.path);
        auto where = [&] { return "line " + std::to_string(row.line) + ": "; };
        if (!names.isOk())
            return Status::invalidInput(where() + names.status().message());
        std::string key;
        for (const auto& n : *names) {
            if (Status s = checkName(n, row.path); !s.isOk())
                return Status::invalidInput(where() + s.message());
            key += corpus::foldKey(n) + "/";
        }
        if (auto [it, fresh] = seen.emplace(key, row.line); !fresh)
            return Status::invalidInput(where() + "code '" + row.path +
                                        "' is listed twice (also on line " +
                                        std::to_string(it->second) + ")");
        if (row.fields.color)
            if (auto c = parseColor(*row.fields.color); !c.isOk())
                return Status::invalidInput(where() + c.status().message());
    }
    CodebookImportReport report;
    auto change = d->operation(
        "import codebook (" + std::to_string(rows.size()) + " codes)", [&](Change& c) -> Status {
            for (const CodebookRow& row : rows) {
                auto names = splitCodePath(row.path);
                std::optional<CodeId> parent;
                for (std::size_t i = 0; i < names->size(); ++i) {
                    bool leaf = i + 1 == names->size();
                    auto existing = d->child(parent, (*names)[i]);
                    if (!existing.isOk())
                        return existing.status();
                    if (*existing) {
                        parent = **existing;
                        if (leaf) {
                            auto changed = d->setFields(**existing, row.fields);
                            if (!changed.isOk())
                                return changed.status();
                            ++(*changed ? report.updated : report.unchanged);
                        }
                        continue;
                    }
                    auto id = d->insertCode(parent, (*names)[i], leaf ? row.fields : CodeFields{});
                    if (!id.isOk())
                        return Status::invalidInput("line " + std::to_string(row.line) + ": " +
                                                    id.status().message());
                    c.created.push_back(*id);
                    ++report.added;
                    parent = *id;
                }
            }
            return Status::ok();
        });
    if (!change.isOk())
        return change.status();
    report.change = std::move(change).value();
    return report;
}

Result<Change> Codebook::addCodings(const std::vector<NewCoding>& codings,
                                    const std::string& description) {
    std::string what = description.empty() ? "add " + std::to_string(codings.size()) + " coding" +
                                                 (codings.size() == 1 ? "" : "s")
                                           : description;
    return d->operation(
        what, [&](Change& change) -> Status { return d->insertCodings(codings, change); });
}

Result<Change> Codebook::addCodeWithCodings(std::string_view path, std::vector<NewCoding> codings,
                                            const std::string& description) {
    auto names = splitCodePath(path);
    if (!names.isOk())
        return names.status();
    for (const auto& n : *names)
        if (Status s = checkName(n, path); !s.isOk())
            return s;
    std::string clean;
    for (const auto& n : *names)
        clean += (clean.empty() ? "" : "/") + n;
    std::string what = description.empty() ? "code with new code " + clean : description;
    return d->operation(what, [&](Change& change) -> Status {
        CodeId code = 0;
        if (Status s = d->createCode(*names, clean, {}, change, &code, true); !s.isOk())
            return s;
        for (auto& c : codings)
            c.code = code;
        return d->insertCodings(codings, change);
    });
}

Result<Change> Codebook::removeCodings(const std::vector<CodingId>& ids) {
    return d->operation(
        "remove " + std::to_string(ids.size()) + " coding" + (ids.size() == 1 ? "" : "s"),
        [&](Change&) -> Status {
            sql::Statement del(d->db, "DELETE FROM codings WHERE id = ?");
            for (CodingId id : ids) {
                del.reset();
                del.bind(1, id);
                if (Status s = del.run(); !s.isOk())
                    return s;
                if (sqlite3_changes(d->db) == 0)
                    return Status::notFound("no coding " + std::to_string(id));
            }
            return Status::ok();
        });
}

Result<Change> Codebook::setCodingMemo(CodingId id, std::string_view memo) {
    return d->operation("edit the memo of coding " + std::to_string(id), [&](Change&) -> Status {
        sql::Statement u(d->db, "UPDATE codings SET memo = ?, modified_at = ? WHERE id = ?");
        u.bind(1, memo).bind(2, corpus::nowIso8601()).bind(3, id);
        if (Status s = u.run(); !s.isOk())
            return s;
        return sqlite3_changes(d->db) ? Status::ok()
                                      : Status::notFound("no coding " + std::to_string(id));
    });
}

Result<Change> Codebook::setCodingCode(CodingId id, CodeId code) {
    return d->operation("change the code of coding " + std::to_string(id), [&](Change&) -> Status {
        sql::Statement known(d->db, "SELECT 1 FROM codes WHERE id = ?");
        known.bind(1, code);
        if (!known.step())
            return known.status().isOk()
                       ? Status::notFound("no code with id " + std::to_string(code))
                       : known.status();
        sql::Statement u(d->db, "UPDATE codings SET code_id = ?, modified_at = ? WHERE id = ?");
        u.bind(1, code).bind(2, corpus::nowIso8601()).bind(3, id);
        if (Status s = u.run(); !s.isOk()) {
            if (s.message().find("UNIQUE") != std::string::npos)
                return Status::alreadyExists("that span already has that code");
            return s;
        }
        return sqlite3_changes(d->db) ? Status::ok()
                                      : Status::notFound("no coding " + std::to_string(id));
    });
}

Result<std::vector<CoderSummary>> Codebook::coderSummaries() const {
    sql::Statement q(d->db,
                     "SELECT k.name, count(c.id), count(DISTINCT c.document_id) FROM coders k "
                     "LEFT JOIN codings c ON c.coder_id = k.id GROUP BY k.id ORDER BY k.name");
    std::vector<CoderSummary> out;
    while (q.step())
        out.push_back({q.text(0), q.integer(1), q.integer(2)});
    if (!q.status().isOk())
        return q.status();
    return out;
}

Status Codebook::setDefaultCoder(std::string_view name) {
    if (name.empty() || corpus::trimSpace(name).size() != name.size())
        return Status::invalidInput("coder name '" + std::string(name) +
                                    "' is empty or has spaces around it");
    return d->store.transaction([&]() -> Status {
        sql::Statement u(d->db,
                         "INSERT INTO meta (key, value) VALUES ('default_coder', ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        u.bind(1, name);
        return u.run();
    });
}

Result<Change> Codebook::merge(const MergePlan& plan) {
    return d->operation(plan.description, [&](Change& change) -> Status {
        // Codes by path, parents first; `child` matches names case-insensitively.
        std::map<std::string, CodeId> codeIds;  // folded path -> id
        auto resolve = [&](const std::string& path, const CodeFields* fields) -> Result<CodeId> {
            auto names = splitCodePath(path);
            if (!names.isOk())
                return names.status();
            std::string key;
            std::optional<CodeId> parent;
            for (std::size_t i = 0; i < names->size(); ++i) {
                key += corpus::foldKey((*names)[i]) + "/";
                if (auto known = codeIds.find(key); known != codeIds.end()) {
                    parent = known->second;
                    continue;
                }
                auto existing = d->child(parent, (*names)[i]);
                if (!existing.isOk())
                    return existing.status();
                if (!*existing) {
                    if (!fields)
                        return Status::notFound("no code '" + path + "'");
                    if (Status s = checkName((*names)[i], path); !s.isOk())
                        return s;
                    bool leaf = i + 1 == names->size();
                    auto id = d->insertCode(parent, (*names)[i], leaf ? *fields : CodeFields{});
                    if (!id.isOk())
                        return id.status();
                    *existing = *id;
                }
                parent = **existing;
                codeIds[key] = **existing;
            }
            return *parent;
        };
        for (const MergePlan::NewCode& code : plan.codes)
            if (auto id = resolve(code.path, &code.fields); !id.isOk())
                return id.status();
        // Every coder of the other project comes in, even one without codings.
        for (const std::string& coder : plan.coders) {
            auto id = d->coderId(coder);
            if (!id.isOk())
                return id.status();
        }
        sql::Statement attribute(d->db,
                                 "INSERT OR IGNORE INTO attributes (name, type, position) VALUES "
                                 "(?, ?, (SELECT coalesce(max(position) + 1, 0) FROM attributes))");
        for (const MergePlan::NewAttribute& a : plan.attributes) {
            attribute.reset();
            attribute.bind(1, a.name).bind(2, std::string_view(corpus::attributeTypeName(a.type)));
            if (Status s = attribute.run(); !s.isOk())
                return s;
        }
        sql::Statement participant(d->db, "INSERT OR IGNORE INTO participants (name) VALUES (?)");
        for (const std::string& p : plan.participants) {
            participant.reset();
            participant.bind(1, p);
            if (Status s = participant.run(); !s.isOk())
                return s;
        }
        sql::Statement value(d->db,
                             "INSERT OR IGNORE INTO attribute_values (participant_id, "
                             "attribute_id, value) SELECT p.id, a.id, CASE WHEN a.type = "
                             "'number' THEN CAST(?1 AS REAL) ELSE ?1 END FROM participants p, "
                             "attributes a WHERE p.name = ?2 AND a.name = ?3");
        for (const MergePlan::Value& v : plan.values) {
            value.reset();
            value.bind(1, v.value).bind(2, v.participant).bind(3, v.attribute);
            if (Status s = value.run(); !s.isOk())
                return s;
        }
        sql::Statement link(d->db,
                            "INSERT OR IGNORE INTO document_participants (document_id, "
                            "participant_id) SELECT ?, id FROM participants WHERE name = ?");
        for (const MergePlan::Link& l : plan.links) {
            link.reset();
            link.bind(1, l.document).bind(2, l.participant);
            if (Status s = link.run(); !s.isOk())
                return s;
        }
        Impl::CodingInserter inserter(*d);
        for (const MergePlan::PlannedCoding& c : plan.codings) {
            auto code = resolve(c.code, nullptr);
            if (!code.isOk())
                return code.status();
            if (Status s = inserter.add(*code, c.document, c.start, c.end, c.coder, c.memo, change);
                !s.isOk())
                return s;
        }
        return Status::ok();
    });
}

Result<Change> Codebook::undo() {
    return d->step(true);
}

Result<Change> Codebook::redo() {
    return d->step(false);
}

}  // namespace margin::codebook
