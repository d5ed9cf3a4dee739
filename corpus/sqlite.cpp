#include "corpus/sqlite.h"

namespace margin::corpus::sql {

Status errorStatus(sqlite3* db, int rc, std::string_view what) {
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    switch (rc & 0xFF) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Status::busy(
                "the project is busy (another program is writing to it); try again");
        case SQLITE_NOTADB:
            return Status::notAProject("not a Margin project (not an SQLite database)");
        case SQLITE_CORRUPT:
            return Status::corrupt("the project file is damaged (" + message + ")");
        case SQLITE_FULL:
            return Status::ioError("the disk is full (" + message + ")");
        case SQLITE_READONLY:
            return Status::ioError("the project is read-only (" + message + ")");
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
            return Status::ioError(message);
        case SQLITE_CONSTRAINT:
            return Status::invalidInput(message);
        default:
            return Status::internal(message);
    }
}

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        m_status = errorStatus(db, rc, "preparing a statement");
        m_stmt = nullptr;
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}
Statement& Statement::bind(int index, double value) {
    if (m_stmt)
        sqlite3_bind_double(m_stmt, index, value);
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    if (m_stmt)
        sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}
Statement& Statement::bind(int index, std::nullopt_t) {
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
    return *this;
}
Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
}

bool Statement::step() {
    if (!m_stmt || !m_status.isOk())
        return false;
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_status = errorStatus(m_db, rc, "running a statement");
    return false;
}

Status Statement::run() {
    while (step()) {
    }
    return m_status;
}

void Statement::reset() {
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(m_stmt, column);
}
std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
             : std::string();
}
bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
int Statement::type(int column) const {
    return sqlite3_column_type(m_stmt, column);
}

Status exec(sqlite3* db, std::string_view sql) {
    std::string s(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db, s.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        sqlite3_free(error);
        return errorStatus(db, rc, "executing SQL");
    }
    return Status::ok();
}

}  // namespace margin::corpus::sql
