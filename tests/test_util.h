// Shared helpers for Margin's GoogleTest suites.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "corpus/status.h"

namespace margin::test {

// Prints the status message when a status or result is not OK.
inline ::testing::AssertionResult isOk(const Status& s) {
    if (s.isOk())
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << s.message();
}
template <typename T>
::testing::AssertionResult isOk(const Result<T>& r) {
    return isOk(r.isOk() ? Status::ok() : r.status());
}
#define EXPECT_OK(x) EXPECT_TRUE(::margin::test::isOk(x))
#define ASSERT_OK(x) ASSERT_TRUE(::margin::test::isOk(x))

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "margin-test-XXXXXX").string();
        m_path = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline void writeFile(const std::filesystem::path& path, std::string_view bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The source tree's tests/data folder.
inline std::filesystem::path dataDir() {
    return MARGIN_TEST_DATA_DIR;
}

}  // namespace margin::test
