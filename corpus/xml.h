// A small, safe, streaming XML reader for the parts of Office and
// OpenDocument files (libxml2's SAX2 parser behind it).
//
// parseXml() walks one document and calls an XmlHandler for each start tag
// (local name, namespace URI, attributes), each piece of character data
// (CDATA sections included; entities such as &amp; decoded) and each end
// tag. An empty element (<w:tab/>) gives a start and an end.
//
// Safety: nothing is ever loaded from outside the bytes given. A document
// with a document type declaration (<!DOCTYPE ...>) is refused outright,
// before its internal subset is read, so entity declarations (the billion
// laughs) and external entities (file:///etc/passwd) are never expanded or
// fetched; Office and OpenDocument parts never have one. No DTD is loaded,
// no network is used, and libxml2's "huge" mode stays off. Elements nested
// deeper than XmlLimits::maxDepth (256) are refused. libxml2 prints nothing:
// its messages are collected, and the first becomes the error.
//
// Errors are InvalidInput naming the file, the part and the line:
//   "T01.docx: word/document.xml: line 2: has a DOCTYPE declaration
//    (entities and DTDs are refused)"
//   "T01.docx: word/document.xml: line 1: XML error: Opening and ending tag
//    mismatch: p line 1 and body"
// A handler stops the walk by returning a non-OK Status, which parseXml
// returns with the same context added.
//
// Thread-safety: parseXml may run on several threads at once (each call
// has its own parser; libxml2 is initialised once).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/status.h"

namespace margin::corpus {

struct XmlAttribute {
    std::string_view name;  // local name
    std::string_view ns;    // namespace URI; empty for an unprefixed attribute
    std::string_view value;
};

// A start tag. The views are valid during the handler call only.
struct XmlElement {
    std::string_view name;  // local name: "p" for <w:p>
    std::string_view ns;    // namespace URI; empty when none
    std::vector<XmlAttribute> attributes;
    int depth = 0;  // 1 for the root element

    // The value of the attribute with this local name and namespace URI.
    std::optional<std::string_view> attribute(std::string_view localName,
                                              std::string_view nsUri = {}) const;
    bool is(std::string_view nsUri, std::string_view localName) const {
        return name == localName && ns == nsUri;
    }
};

class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    virtual Status startElement(const XmlElement&) { return Status::ok(); }
    // Same name, namespace and depth as the matching start tag; no
    // attributes.
    virtual Status endElement(const XmlElement&) { return Status::ok(); }
    // UTF-8 character data, possibly in several pieces (white space between
    // tags included).
    virtual Status text(std::string_view /*utf8*/) { return Status::ok(); }
};

struct XmlLimits {
    int maxDepth = 256;
    // Name the column of an XML error too: "line 3, column 17: XML error".
    bool errorColumn = false;
};

// Parses `bytes` (an XML document in any encoding libxml2 detects; UTF-8 in
// practice) and calls `handler`. `file` and `part` name it in messages.
Status parseXml(std::string_view bytes, const std::string& file, const std::string& part,
                XmlHandler& handler, const XmlLimits& limits = {});

}  // namespace margin::corpus
