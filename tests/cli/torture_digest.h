// The state of a codebook as one hash, shared by the torture test and its
// child (tests/cli/torture_test.cpp, tests/cli/torture_child.cpp): every
// code (path and fields) and every coding (code path, document, span, coder,
// memo), sorted, hashed with 64-bit FNV-1a and written as 16 hex digits.
// Two projects with the same codes and codings have the same digest,
// whatever their ids, history or index.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "codebook/codebook.h"
#include "corpus/status.h"

namespace margin::test {

class Fnv1a {
public:
    // Adds a field; fields are separated so that ("ab","c") != ("a","bc").
    void add(const std::string& field) {
        for (unsigned char c : field)
            byte(c);
        byte(0x1f);
    }
    void add(std::int64_t n) { add(std::to_string(n)); }
    void endRecord() { byte(0x1e); }
    std::string hex() const {
        char out[17];
        std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(m_hash));
        return out;
    }

private:
    void byte(unsigned char c) {
        m_hash ^= c;
        m_hash *= 0x100000001b3ULL;
    }
    std::uint64_t m_hash = 0xcbf29ce484222325ULL;
};

inline Result<std::string> codebookDigest(const codebook::Codebook& book) {
    auto codes = book.codes();
    if (!codes.isOk())
        return codes.status();
    auto codings = book.codings();
    if (!codings.isOk())
        return codings.status();
    std::map<codebook::CodeId, std::string> pathOf;
    std::vector<std::vector<std::string>> codeRows, codingRows;
    for (const auto& c : *codes) {
        pathOf[c.id] = c.path;
        codeRows.push_back(
            {c.path, c.color, c.definition, c.whenToUse, c.whenNotToUse, c.example, c.memo});
    }
    for (const auto& c : *codings) {
        auto path = pathOf.find(c.code);
        codingRows.push_back({path == pathOf.end() ? "#" + std::to_string(c.code) : path->second,
                              std::to_string(c.document), std::to_string(c.start),
                              std::to_string(c.end), c.coder, c.memo});
    }
    std::sort(codeRows.begin(), codeRows.end());
    std::sort(codingRows.begin(), codingRows.end());
    Fnv1a hash;
    for (const auto* rows : {&codeRows, &codingRows}) {
        hash.add(static_cast<std::int64_t>(rows->size()));
        for (const auto& row : *rows) {
            for (const auto& field : row)
                hash.add(field);
            hash.endRecord();
        }
    }
    return hash.hex();
}

}  // namespace margin::test
