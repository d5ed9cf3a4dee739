// Private to the libraries (corpus/, codebook/): a thin RAII layer over the
// SQLite C API. Only .cpp files include it (it pulls in sqlite3.h); app/ never.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "corpus/status.h"

namespace margin::corpus::sql {

// A prepared statement. Bind indexes are 1-based, column indexes 0-based.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepared() const { return m_stmt != nullptr; }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    // Binds `text` without copying it (for a document's text, which may be
    // hundreds of MB): it must stay alive and unchanged until the statement
    // is reset or destroyed.
    Statement& bindNoCopy(int index, std::string_view text);
    Statement& bind(int index, std::nullopt_t);
    Statement& bind(int index, const std::optional<std::int64_t>& value);

    // Steps once: true for a row, false when done. Errors are kept: see status().
    bool step();
    // Steps to the end (for statements that return no rows).
    Status run();
    void reset();

    std::int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;
    int type(int column) const;

    const Status& status() const { return m_status; }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    Status m_status;
};

// Runs statements separated by semicolons (schema scripts, pragmas).
Status exec(sqlite3* db, std::string_view sql);
// The status for SQLite result code `rc` with the connection's message.
// SQLITE_FULL gives Status::Code::DiskFull.
Status errorStatus(sqlite3* db, int rc, std::string_view what);

// A test seam for a full disk. When the environment variable
// MARGIN_TEST_DISK_LIMIT holds a number N, the name of an SQLite VFS that
// wraps the default one and fails every write (xWrite) with SQLITE_FULL once
// this process has written N bytes through it (to the project, its WAL and
// journals; 0 fails the first write); else nullptr (SQLite's default VFS).
// Tests (tests/cli/reliability_test.cpp) use it where no small file system
// can be mounted; nothing else should set the variable.
const char* vfsName();

}  // namespace margin::corpus::sql
