#include "corpus/zip.h"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace margin::corpus {
namespace {

std::string mib(std::uint64_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

// libzip's messages start with a capital ("Zip archive inconsistent").
std::string lowerFirst(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && !(s.size() > 1 && std::isupper(s[1])))
        s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

std::string errorText(zip_error_t* error) {
    return lowerFirst(zip_error_strerror(error));
}

}  // namespace

bool isSafeZipEntryName(std::string_view name) {
    if (name.empty() || name.front() == '/')
        return false;
    if (name.find('\\') != std::string_view::npos || name.find('\0') != std::string_view::npos)
        return false;
    if (name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0])))
        return false;
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t slash = name.find('/', start);
        std::size_t end = slash == std::string_view::npos ? name.size() : slash;
        if (name.substr(start, end - start) == "..")
            return false;
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return true;
}

struct ZipArchive::Impl {
    zip_t* archive = nullptr;
    std::string file;
    ZipLimits limits;
    std::vector<std::string> names;
    std::unordered_map<std::string_view, zip_uint64_t> index;  // views into `names`
    std::uint64_t totalRead = 0;

    ~Impl() {
        if (archive)
            zip_discard(archive);
    }

    Status bomb(const std::string& entry, const std::string& why) const {
        return Status::invalidInput(file + ": entry '" + entry + "' " + why +
                                    ": refused as a possible zip bomb");
    }
    Status damaged(const std::string& why) const {
        return Status::invalidInput(file + ": damaged zip archive (" + why + ")");
    }
    // The limits an entry of `size` bytes, `compressed` in the archive,
    // must keep (declared or counted).
    Status checkSize(const std::string& entry, std::uint64_t size, std::uint64_t compressed) const {
        if (size > limits.maxEntryBytes)
            return bomb(entry, "expands past " + mib(limits.maxEntryBytes));
        if (totalRead + size > limits.maxTotalBytes)
            return Status::invalidInput(
                file + ": the archive expands past " + mib(limits.maxTotalBytes) +
                " in total: refused as a possible zip bomb (at entry '" + entry + "')");
        if (size > limits.ratioFloorBytes && size > compressed * limits.maxRatio)
            return bomb(entry, "expands more than " + std::to_string(limits.maxRatio) +
                                   " times its compressed size (" + mib(compressed) + ")");
        return Status::ok();
    }
};

ZipArchive::ZipArchive(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ZipArchive::~ZipArchive() = default;

Result<std::unique_ptr<ZipArchive>> ZipArchive::open(std::string_view bytes,
                                                     const std::string& file,
                                                     const std::string& kind,
                                                     const ZipLimits& limits) {
    auto notZip = [&](const std::string& detail) {
        std::string why = detail.empty() ? "not a zip archive" : "not a zip archive; " + detail;
        const bool vowel =
            !kind.empty() && std::string_view("AEIOU").find(kind[0]) != std::string_view::npos;
        return Status::invalidInput(
            file + ": " +
            (kind.empty() ? why : (vowel ? "not an " : "not a ") + kind + " (" + why + ")"));
    };
    if (bytes.empty())
        return Status::invalidInput(file + ": the file is empty");
    // An OLE compound file: an old binary Office file, or an encrypted
    // (password-protected) Office Open XML file, which Office wraps in one.
    if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
        return notZip(
            "an old binary Office file or a password-protected document: save it again in the "
            "current format without a password");

    auto impl = std::make_unique<Impl>();
    impl->file = file;
    impl->limits = limits;

    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) {
        Status s = impl->damaged(errorText(&error));
        zip_error_fini(&error);
        return s;
    }
    impl->archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!impl->archive) {
        int code = zip_error_code_zip(&error);
        std::string text = errorText(&error);
        zip_source_free(source);
        zip_error_fini(&error);
        if (code == ZIP_ER_NOZIP) {
            // A local file header at the start: a zip whose end is missing.
            if (bytes.starts_with("PK\x03\x04"))
                return impl->damaged("no end of central directory; truncated?");
            return notZip({});
        }
        return impl->damaged(text);
    }
    zip_error_fini(&error);

    zip_int64_t count = zip_get_num_entries(impl->archive, 0);
    if (count < 0)
        return impl->damaged("cannot count the entries");
    if (static_cast<std::uint64_t>(count) > limits.maxEntries)
        return Status::invalidInput(file + ": the archive has " + std::to_string(count) +
                                    " entries, more than " + std::to_string(limits.maxEntries) +
                                    ": refused");
    impl->names.reserve(static_cast<std::size_t>(count));
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(impl->archive, static_cast<zip_uint64_t>(i), 0);
        if (!name)
            return impl->damaged("entry " + std::to_string(i) + " has no name");
        if (!isSafeZipEntryName(name))
            return Status::invalidInput(file + ": entry '" + std::string(name) +
                                        "' has an unsafe name (it could escape its folder): "
                                        "refused");
        impl->names.emplace_back(name);
    }
    for (std::size_t i = 0; i < impl->names.size(); ++i)
        impl->index.emplace(impl->names[i], i);  // the first of duplicate names wins
    return std::unique_ptr<ZipArchive>(new ZipArchive(std::move(impl)));
}

const std::vector<std::string>& ZipArchive::entries() const {
    return m_impl->names;
}

bool ZipArchive::contains(std::string_view name) const {
    return m_impl->index.contains(name);
}

Result<std::string> ZipArchive::read(std::string_view name) {
    Impl& d = *m_impl;
    const std::string entry(name);
    auto found = d.index.find(name);
    if (found == d.index.end())
        return Status::notFound(d.file + ": no entry '" + entry + "'");
    zip_uint64_t i = found->second;

    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(d.archive, i, 0, &st) != 0)
        return d.damaged("entry '" + entry + "': " + lowerFirst(zip_strerror(d.archive)));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return Status::invalidInput(d.file + ": entry '" + entry +
                                    "' is encrypted (password-protected): refused");
    std::uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if (st.valid & ZIP_STAT_SIZE) {
        Status s = d.checkSize(entry, st.size, compressed);
        if (!s.isOk())
            return s;
    }

    zip_file_t* zf = zip_fopen_index(d.archive, i, 0);
    if (!zf) {
        zip_error_t* error = zip_get_error(d.archive);
        if (zip_error_code_zip(error) == ZIP_ER_COMPNOTSUPP)
            return Status::invalidInput(d.file + ": entry '" + entry +
                                        "' uses a compression method Margin cannot read");
        return d.damaged("entry '" + entry + "': " + errorText(error));
    }
    std::string out;
    if (st.valid & ZIP_STAT_SIZE)
        out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(st.size, 16u << 20)));
    char buffer[64 * 1024];
    Status status;
    for (;;) {
        zip_int64_t n = zip_fread(zf, buffer, sizeof buffer);
        if (n < 0) {
            status = d.damaged("entry '" + entry + "': " + errorText(zip_file_get_error(zf)));
            break;
        }
        if (n == 0)
            break;
        // Count what inflating really produces: the declared size may lie.
        status = d.checkSize(entry, out.size() + static_cast<std::uint64_t>(n), compressed);
        if (!status.isOk())
            break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    zip_fclose(zf);
    if (!status.isOk())
        return status;
    d.totalRead += out.size();
    return out;
}

Result<std::string> writeZip(const std::vector<ZipEntry>& entries, const std::string& file) {
    for (const ZipEntry& e : entries)
        if (!isSafeZipEntryName(e.name))
            return Status::invalidInput(file + ": entry '" + e.name + "' has an unsafe name");
    zip_error_t error;
    zip_error_init(&error);
    auto fail = [&](const std::string& what) {
        Status s = Status::ioError(file + ": cannot write the zip archive (" + what + ")");
        zip_error_fini(&error);
        return s;
    };
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer)
        return fail(errorText(&error));
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(buffer);
        return fail(errorText(&error));
    }
    zip_source_keep(buffer);  // read back after zip_close
    for (const ZipEntry& e : entries) {
        zip_source_t* data = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
        zip_int64_t index =
            data ? zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)
                 : -1;
        if (index < 0) {
            if (data)
                zip_source_free(data);
            std::string why = lowerFirst(zip_strerror(archive));
            zip_discard(archive);
            zip_source_free(buffer);
            return fail(why);
        }
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0);
    }
    if (zip_close(archive) != 0) {
        std::string why = lowerFirst(zip_strerror(archive));
        zip_discard(archive);
        zip_source_free(buffer);
        return fail(why);
    }
    std::string out;
    if (zip_source_open(buffer) != 0) {
        zip_source_free(buffer);
        return fail("cannot read the archive back");
    }
    char chunk[65536];
    for (;;) {
        zip_int64_t n = zip_source_read(buffer, chunk, sizeof chunk);
        if (n < 0) {
            zip_source_close(buffer);
            zip_source_free(buffer);
            return fail("cannot read the archive back");
        }
        if (n == 0)
            break;
        out.append(chunk, static_cast<std::size_t>(n));
    }
    zip_source_close(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return out;
}

}  // namespace margin::corpus
