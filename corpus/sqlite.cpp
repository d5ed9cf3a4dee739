#include "corpus/sqlite.h"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <mutex>

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
            return Status::diskFull(
                "the disk is full; this change was not saved, and everything saved before is "
                "intact (free some space and try again)");
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
Statement& Statement::bindNoCopy(int index, std::string_view text) {
    if (m_stmt)
        sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
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

// --- the full-disk test seam (vfsName) -----------------------------------------

namespace {

// A file of the limiting VFS: the default VFS's file follows it in memory.
struct LimitFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_vfs* g_realVfs = nullptr;
sqlite3_vfs g_limitVfs;
sqlite3_io_methods g_limitMethods;
std::int64_t g_limit = -1;
std::atomic<std::int64_t> g_written{0};

sqlite3_file* real(sqlite3_file* f) {
    return reinterpret_cast<LimitFile*>(f)->real;
}

int limitClose(sqlite3_file* f) {
    return real(f)->pMethods->xClose(real(f));
}
int limitRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xRead(real(f), buffer, amount, offset);
}
int limitWrite(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
    if (g_written.fetch_add(amount) + amount > g_limit)
        return SQLITE_FULL;
    return real(f)->pMethods->xWrite(real(f), buffer, amount, offset);
}
int limitTruncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
}
int limitSync(sqlite3_file* f, int flags) {
    return real(f)->pMethods->xSync(real(f), flags);
}
int limitFileSize(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
}
int limitLock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xLock(real(f), level);
}
int limitUnlock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xUnlock(real(f), level);
}
int limitCheckReservedLock(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int limitFileControl(sqlite3_file* f, int op, void* arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int limitSectorSize(sqlite3_file* f) {
    return real(f)->pMethods->xSectorSize(real(f));
}
int limitDeviceCharacteristics(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}
int limitShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** p) {
    return real(f)->pMethods->xShmMap(real(f), region, size, extend, p);
}
int limitShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void limitShmBarrier(sqlite3_file* f) {
    real(f)->pMethods->xShmBarrier(real(f));
}
int limitShmUnmap(sqlite3_file* f, int deleteFlag) {
    return real(f)->pMethods->xShmUnmap(real(f), deleteFlag);
}

int limitOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* outFlags);
int limitDelete(sqlite3_vfs*, const char* name, int syncDir) {
    return g_realVfs->xDelete(g_realVfs, name, syncDir);
}
int limitAccess(sqlite3_vfs*, const char* name, int flags, int* out) {
    return g_realVfs->xAccess(g_realVfs, name, flags, out);
}
int limitFullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return g_realVfs->xFullPathname(g_realVfs, name, size, out);
}
int limitRandomness(sqlite3_vfs*, int size, char* out) {
    return g_realVfs->xRandomness(g_realVfs, size, out);
}
int limitSleep(sqlite3_vfs*, int micros) {
    return g_realVfs->xSleep(g_realVfs, micros);
}
int limitCurrentTime(sqlite3_vfs*, double* out) {
    return g_realVfs->xCurrentTime(g_realVfs, out);
}
int limitGetLastError(sqlite3_vfs*, int size, char* out) {
    return g_realVfs->xGetLastError(g_realVfs, size, out);
}
int limitCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
    return g_realVfs->xCurrentTimeInt64(g_realVfs, out);
}

int limitOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* outFlags) {
    auto* file = reinterpret_cast<LimitFile*>(f);
    file->real = reinterpret_cast<sqlite3_file*>(file + 1);
    file->real->pMethods = nullptr;
    int rc = g_realVfs->xOpen(g_realVfs, name, file->real, flags, outFlags);
    f->pMethods = file->real->pMethods ? &g_limitMethods : nullptr;
    return rc;
}

}  // namespace

const char* vfsName() {
    static const char* name = []() -> const char* {
        const char* value = std::getenv("MARGIN_TEST_DISK_LIMIT");
        if (!value || !*value)
            return nullptr;
        std::int64_t limit = -1;
        auto [end, ec] = std::from_chars(value, value + std::strlen(value), limit);
        if (ec != std::errc() || *end || limit < 0)
            return nullptr;
        sqlite3_initialize();
        g_realVfs = sqlite3_vfs_find(nullptr);
        if (!g_realVfs)
            return nullptr;
        g_limit = limit;
        g_limitMethods = sqlite3_io_methods{};
        g_limitMethods.iVersion = 2;  // no memory-mapped I/O (xFetch): every write is seen
        g_limitMethods.xClose = limitClose;
        g_limitMethods.xRead = limitRead;
        g_limitMethods.xWrite = limitWrite;
        g_limitMethods.xTruncate = limitTruncate;
        g_limitMethods.xSync = limitSync;
        g_limitMethods.xFileSize = limitFileSize;
        g_limitMethods.xLock = limitLock;
        g_limitMethods.xUnlock = limitUnlock;
        g_limitMethods.xCheckReservedLock = limitCheckReservedLock;
        g_limitMethods.xFileControl = limitFileControl;
        g_limitMethods.xSectorSize = limitSectorSize;
        g_limitMethods.xDeviceCharacteristics = limitDeviceCharacteristics;
        g_limitMethods.xShmMap = limitShmMap;
        g_limitMethods.xShmLock = limitShmLock;
        g_limitMethods.xShmBarrier = limitShmBarrier;
        g_limitMethods.xShmUnmap = limitShmUnmap;
        g_limitVfs = sqlite3_vfs{};
        g_limitVfs.iVersion = 2;
        g_limitVfs.szOsFile = static_cast<int>(sizeof(LimitFile)) + g_realVfs->szOsFile;
        g_limitVfs.mxPathname = g_realVfs->mxPathname;
        g_limitVfs.zName = "margin-test-disk-limit";
        g_limitVfs.xOpen = limitOpen;
        g_limitVfs.xDelete = limitDelete;
        g_limitVfs.xAccess = limitAccess;
        g_limitVfs.xFullPathname = limitFullPathname;
        g_limitVfs.xRandomness = limitRandomness;
        g_limitVfs.xSleep = limitSleep;
        g_limitVfs.xCurrentTime = limitCurrentTime;
        g_limitVfs.xGetLastError = limitGetLastError;
        g_limitVfs.xCurrentTimeInt64 = limitCurrentTimeInt64;
        if (sqlite3_vfs_register(&g_limitVfs, 0) != SQLITE_OK)
            return nullptr;
        return g_limitVfs.zName;
    }();
    return name;
}

}  // namespace margin::corpus::sql
