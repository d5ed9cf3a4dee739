// Office Open XML packaging, shared by the Word and Excel readers: a
// part's relationships (the "_rels/NAME.rels" parts), relationship targets
// resolved to zip entry names, and the namespaces both readers accept
// (transitional and strict OOXML).
//
// Errors are those of corpus/zip.h and corpus/xml.h, naming the file.
// Thread-safety: pure functions (the archive is the caller's).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corpus/status.h"
#include "corpus/zip.h"

namespace margin::corpus::ooxml {

struct Relationship {
    std::string id;
    std::string type;    // a URI ending in the kind: ".../officeDocument"
    std::string target;  // the zip entry it points to (resolved); empty if external
};

// The relationships of `part` ("" for the package itself): the entries of
// "_rels/.rels" or "DIR/_rels/NAME.rels"; none when that part is missing.
Result<std::vector<Relationship>> relationships(ZipArchive& zip, const std::string& file,
                                                const std::string& part);

// Whether the relationship's type ends with "/" + kind ("officeDocument",
// "sharedStrings", "worksheet").
bool hasType(const Relationship& rel, std::string_view kind);
// The first relationship of that kind, or nullptr.
const Relationship* find(const std::vector<Relationship>& rels, std::string_view kind);

// `target` as written in `source`'s relationships ("document.xml",
// "../media/a.png", "/xl/worksheets/sheet1.xml", percent-encoded) as a zip
// entry name, or "" when it leaves the package.
std::string resolveTarget(const std::string& source, std::string_view target);

// True for the main namespace URIs of WordprocessingML / SpreadsheetML,
// transitional or strict; and for the relationships namespace of
// attributes such as r:id.
bool isWordNamespace(std::string_view uri);
bool isSheetNamespace(std::string_view uri);
bool isRelationshipsNamespace(std::string_view uri);

}  // namespace margin::corpus::ooxml
