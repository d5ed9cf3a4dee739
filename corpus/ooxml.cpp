#include "corpus/ooxml.h"

#include "corpus/xml.h"

namespace margin::corpus::ooxml {
namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

class RelationshipsHandler : public XmlHandler {
public:
    explicit RelationshipsHandler(const std::string& source) : m_source(source) {}
    std::vector<Relationship> rels;

    Status startElement(const XmlElement& e) override {
        if (e.name != "Relationship" || e.depth != 2)
            return Status::ok();
        Relationship r;
        r.id = std::string(e.attribute("Id").value_or(""));
        r.type = std::string(e.attribute("Type").value_or(""));
        if (e.attribute("TargetMode").value_or("") != "External")
            r.target = resolveTarget(m_source, e.attribute("Target").value_or(""));
        rels.push_back(std::move(r));
        return Status::ok();
    }

private:
    const std::string& m_source;
};

}  // namespace

Result<std::vector<Relationship>> relationships(ZipArchive& zip, const std::string& file,
                                                const std::string& part) {
    std::size_t slash = part.rfind('/');
    std::string relsPart = slash == std::string::npos ? "_rels/" + part + ".rels"
                                                      : part.substr(0, slash + 1) + "_rels/" +
                                                            part.substr(slash + 1) + ".rels";
    if (!zip.contains(relsPart))
        return std::vector<Relationship>();
    auto bytes = zip.read(relsPart);
    if (!bytes.isOk())
        return bytes.status();
    RelationshipsHandler handler(part);
    Status s = parseXml(*bytes, file, relsPart, handler);
    if (!s.isOk())
        return s;
    return std::move(handler.rels);
}

bool hasType(const Relationship& rel, std::string_view kind) {
    std::string_view type = rel.type;
    return type.size() > kind.size() && type.ends_with(kind) &&
           type[type.size() - kind.size() - 1] == '/';
}

const Relationship* find(const std::vector<Relationship>& rels, std::string_view kind) {
    for (const Relationship& r : rels)
        if (hasType(r, kind))
            return &r;
    return nullptr;
}

std::string resolveTarget(const std::string& source, std::string_view target) {
    std::string path = percentDecode(target);
    std::string base;
    if (path.starts_with("/")) {
        path.erase(0, 1);
    } else {
        std::size_t slash = source.rfind('/');
        if (slash != std::string::npos)
            base = source.substr(0, slash + 1);
    }
    std::vector<std::string> segments;
    std::string joined = base + path;
    std::size_t start = 0;
    while (start <= joined.size()) {
        std::size_t slash = joined.find('/', start);
        std::size_t end = slash == std::string::npos ? joined.size() : slash;
        std::string segment = joined.substr(start, end - start);
        if (segment == "..") {
            if (segments.empty())
                return {};
            segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    std::string out;
    for (const std::string& s : segments)
        out += (out.empty() ? "" : "/") + s;
    return out;
}

bool isWordNamespace(std::string_view uri) {
    return uri == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
           uri == "http://purl.oclc.org/ooxml/wordprocessingml/main";
}

bool isSheetNamespace(std::string_view uri) {
    return uri == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
           uri == "http://purl.oclc.org/ooxml/spreadsheetml/main";
}

bool isRelationshipsNamespace(std::string_view uri) {
    return uri == "http://schemas.openxmlformats.org/officeDocument/2006/relationships" ||
           uri == "http://purl.oclc.org/ooxml/officeDocument/relationships";
}

}  // namespace margin::corpus::ooxml
