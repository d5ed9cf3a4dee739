// Reading zip archives (the containers of .docx, .odt and .xlsx) from
// memory, safely.
//
// A ZipArchive lists an archive's entries and reads one entry at a time by
// name, within limits that keep a hostile archive from exhausting memory:
//
//   * at most ZipLimits::maxEntries entries (10,000);
//   * at most ZipLimits::maxEntryBytes uncompressed per entry (256 MiB) and
//     ZipLimits::maxTotalBytes over all entries read from one archive
//     (256 MiB);
//   * an entry that expands more than ZipLimits::maxRatio times (100) and
//     beyond ZipLimits::ratioFloorBytes (1 MiB) is a zip bomb.
//
// The limits are checked against the sizes the archive declares before an
// entry is inflated, and again against the bytes actually produced while it
// is inflated (declared sizes can lie). An archive holding an entry whose
// name could escape a folder when extracted ("../x", "/etc/x", "C:x",
// "a\\b") is refused as a whole when it is opened; so are encrypted entries
// when they are read.
//
// Errors are InvalidInput values whose message names the file and, where
// there is one, the entry:
//   "T01.docx: not a Word document (not a zip archive)"
//   "T01.docx: damaged zip archive (no end of central directory; truncated?)"
//   "x.docx: entry 'word/document.xml' expands past 256 MiB: refused as a
//    possible zip bomb"
//   "x.docx: entry '../evil' has an unsafe name: refused"
//
// Ownership: the archive reads the caller's bytes in place; they must
// outlive it. Thread-safety: one ZipArchive per thread (distinct archives
// may be used concurrently).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/status.h"

namespace margin::corpus {

struct ZipLimits {
    std::uint64_t maxEntries = 10'000;
    std::uint64_t maxEntryBytes = 256u << 20;
    std::uint64_t maxTotalBytes = 256u << 20;
    std::uint64_t maxRatio = 100;
    std::uint64_t ratioFloorBytes = 1u << 20;  // smaller entries may have any ratio
};

class ZipArchive {
public:
    // Opens the archive in `bytes`. `file` names it in messages; `kind`
    // ("Word document"), when given, words the refusal of a file that is no
    // zip at all as "not a Word document (not a zip archive)".
    static Result<std::unique_ptr<ZipArchive>> open(std::string_view bytes, const std::string& file,
                                                    const std::string& kind = {},
                                                    const ZipLimits& limits = {});
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    // Entry names in the archive's order (folders included, with their
    // trailing '/').
    const std::vector<std::string>& entries() const;
    bool contains(std::string_view name) const;

    // The uncompressed bytes of the entry `name` (exact, case-sensitive).
    // Errors: NotFound ("file: no entry 'name'"), InvalidInput for limits,
    // encryption and damage.
    Result<std::string> read(std::string_view name);

private:
    struct Impl;
    explicit ZipArchive(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Writes a zip archive in memory: the entries in the order given, deflated,
// names marked UTF-8. IoError (naming `file`) when libzip fails; an unsafe
// entry name (see below) is InvalidInput. (REFI-QDA project exports.)
struct ZipEntry {
    std::string name;
    std::string bytes;
};
Result<std::string> writeZip(const std::vector<ZipEntry>& entries, const std::string& file);

// True when `name` is safe to use as a relative path: not empty, no '..'
// component, not absolute, no drive letter, no backslash, no NUL.
bool isSafeZipEntryName(std::string_view name);

}  // namespace margin::corpus
