// Status and Result<T>: Margin's error values.
//
// Every library boundary reports failure as a value, never as an exception
// (exceptions from SQLite wrappers, ICU or Xapian stop inside their adapter).
// A Status carries a code a caller can branch on and one human-readable line
// that names the file or object and what is wrong, ready to print as is.
//
// Thread-safety: plain values; distinct objects may be used from any thread.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace margin {

class Status {
public:
    enum class Code {
        Ok,
        InvalidInput,   // a file or argument a user gave is wrong
        NotFound,       // a named object or path does not exist
        AlreadyExists,  // creating something that is there already
        NotAProject,    // a file that is not a Margin project
        TooNew,         // a project written by a newer schema version
        Corrupt,        // a project or index that fails its own checks
        Busy,           // another process holds the write lock
        IoError,        // the operating system refused a read or write
        DiskFull,       // a write failed for want of space (nothing was half-saved)
        Internal,       // a bug: an invariant the code itself should keep
    };

    Status() = default;  // Ok

    static Status ok() { return Status(); }
    static Status invalidInput(std::string m) { return Status(Code::InvalidInput, std::move(m)); }
    static Status notFound(std::string m) { return Status(Code::NotFound, std::move(m)); }
    static Status alreadyExists(std::string m) { return Status(Code::AlreadyExists, std::move(m)); }
    static Status notAProject(std::string m) { return Status(Code::NotAProject, std::move(m)); }
    static Status tooNew(std::string m) { return Status(Code::TooNew, std::move(m)); }
    static Status corrupt(std::string m) { return Status(Code::Corrupt, std::move(m)); }
    static Status busy(std::string m) { return Status(Code::Busy, std::move(m)); }
    static Status ioError(std::string m) { return Status(Code::IoError, std::move(m)); }
    static Status diskFull(std::string m) { return Status(Code::DiskFull, std::move(m)); }
    static Status internal(std::string m) { return Status(Code::Internal, std::move(m)); }

    bool isOk() const { return m_code == Code::Ok; }
    Code code() const { return m_code; }
    const std::string& message() const { return m_message; }

    // A copy whose message starts with `context: ` (e.g. a file name).
    Status withContext(const std::string& context) const {
        if (isOk())
            return *this;
        return Status(m_code, context + ": " + m_message);
    }

private:
    Status(Code code, std::string message) : m_code(code), m_message(std::move(message)) {}

    Code m_code = Code::Ok;
    std::string m_message;
};

// A value or the Status that explains its absence.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}         // NOLINT: implicit by design
    Result(Status status) : m_status(std::move(status)) {  // NOLINT: implicit by design
        assert(!m_status.isOk() && "a Result without a value needs an error Status");
    }

    bool isOk() const { return m_value.has_value(); }
    const Status& status() const { return m_status; }

    T& value() & {
        assert(isOk());
        return *m_value;
    }
    const T& value() const& {
        assert(isOk());
        return *m_value;
    }
    T&& value() && {
        assert(isOk());
        return std::move(*m_value);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

private:
    std::optional<T> m_value;
    Status m_status;
};

}  // namespace margin
