// The OpenDocument text (.odt) reader: the text of content.xml's
// office:text, as a reader of the document sees it:
//   * each paragraph or heading (text:p, text:h) is one line; text in spans,
//     links and fields kept; white space collapsed as ODF says (runs of
//     spaces, tabs and newlines in the XML are one space, none at the start
//     of a paragraph); text:s as spaces (text:c of them), text:tab as "\t",
//     text:line-break as "\n";
//   * a table row is one line with its cells separated by "\t" (a cell's
//     paragraphs joined by spaces; nested tables flattened into their cell;
//     repeated cells and rows repeated, at most 256 times);
//   * annotations (office:annotation), footnotes and endnotes (text:note),
//     tracked-change records (text:tracked-changes, which hold the deleted
//     text), list labels (text:number) and frames (draw:frame: images, text
//     boxes) and ruby guides (text:ruby-text) are left out.
#include "corpus/formats.h"

#include <algorithm>

#include "corpus/xml.h"
#include "corpus/zip.h"

namespace margin::corpus {
namespace {

constexpr std::string_view kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr std::string_view kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
constexpr std::string_view kDraw = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
constexpr int kMaxRepeat = 256;

// As the text reads: a soft hyphen (U+00AD) is invisible, a non-breaking
// hyphen (U+2011) a hyphen (the Word reader does the same).
std::string visible(std::string s) {
    for (std::size_t i; (i = s.find("\xC2\xAD")) != std::string::npos;)
        s.erase(i, 2);
    for (std::size_t i; (i = s.find("\xE2\x80\x91")) != std::string::npos;)
        s.replace(i, 3, "-");
    return s;
}

int count(const XmlElement& e, std::string_view ns, std::string_view name, int fallback) {
    auto value = e.attribute(name, ns);
    if (!value)
        return fallback;
    int n = 0;
    for (char c : *value) {
        if (c < '0' || c > '9')
            return fallback;
        n = std::min(n * 10 + (c - '0'), 1'000'000);
    }
    return std::max(n, 1);
}

class OdtText : public XmlHandler {
public:
    std::string out;
    std::string notText;  // why content.xml is not a text document

    Status startElement(const XmlElement& e) override {
        if (e.depth == 1 && !(e.ns == kOffice && e.name == "document-content"))
            return refuse("content.xml is not an OpenDocument content part");
        if (e.depth == 3 && e.ns == kOffice && m_inBody && !m_inText) {
            if (e.name == "text")
                m_inText = e.depth;
            else if (e.name == "spreadsheet" || e.name == "presentation" || e.name == "drawing" ||
                     e.name == "chart" || e.name == "image")
                return refuse("it holds a" + std::string(e.name == "image" ? "n " : " ") +
                              std::string(e.name));
        }
        if (e.depth == 2 && e.is(kOffice, "body"))
            m_inBody = true;
        if (!m_inText || m_skipDepth)
            return Status::ok();

        if ((e.ns == kOffice && e.name == "annotation") ||
            (e.ns == kText &&
             (e.name == "tracked-changes" || e.name == "note" || e.name == "number" ||
              e.name == "ruby-text" || e.name == "sequence-decls" || e.name == "variable-decls" ||
              e.name == "user-field-decls")) ||
            (e.ns == kDraw && e.name == "frame")) {
            m_skipDepth = e.depth;
            return Status::ok();
        }
        if (e.ns == kText) {
            if (e.name == "p" || e.name == "h") {
                m_paragraphs.push_back({});
            } else if (e.name == "s") {
                append(std::string(static_cast<std::size_t>(count(e, kText, "c", 1)), ' '));
            } else if (e.name == "tab") {
                append("\t");
            } else if (e.name == "line-break") {
                append("\n");
            }
        } else if (e.ns == kTable) {
            if (e.name == "table") {
                m_tables.emplace_back();
            } else if (e.name == "table-row" && !m_tables.empty()) {
                Table& t = m_tables.back();
                t.row.clear();
                t.cells = 0;
                t.rowRepeat = std::min(count(e, kTable, "number-rows-repeated", 1), kMaxRepeat);
            } else if ((e.name == "table-cell" || e.name == "covered-table-cell") &&
                       !m_tables.empty()) {
                Table& t = m_tables.back();
                t.cell.clear();
                t.cellRepeat = std::min(count(e, kTable, "number-columns-repeated", 1), kMaxRepeat);
                m_cellDepth.push_back(e.depth);
            }
        }
        return Status::ok();
    }

    Status endElement(const XmlElement& e) override {
        if (m_skipDepth) {
            if (e.depth == m_skipDepth)
                m_skipDepth = 0;
            return Status::ok();
        }
        if (!m_inText)
            return Status::ok();
        if (e.depth == m_inText) {
            m_inText = 0;
            return Status::ok();
        }
        if (e.ns == kText && (e.name == "p" || e.name == "h")) {
            endParagraph();
        } else if (e.ns == kTable && !m_tables.empty()) {
            Table& t = m_tables.back();
            if (e.name == "table-cell" || e.name == "covered-table-cell") {
                for (int k = 0; k < t.cellRepeat; ++k) {
                    if (t.cells++ > 0)
                        t.row += '\t';
                    t.row += t.cell;
                }
                if (!m_cellDepth.empty())
                    m_cellDepth.pop_back();
            } else if (e.name == "table-row") {
                std::string row = std::move(t.row);
                t.row.clear();
                bool empty = row.find_first_not_of('\t') == std::string::npos;
                int repeat = empty ? 1 : t.rowRepeat;
                for (int k = 0; k < repeat; ++k) {
                    if (m_tables.size() > 1)
                        addToCell(m_tables[m_tables.size() - 2], row);
                    else
                        out += row + '\n';
                }
            } else if (e.name == "table") {
                m_tables.pop_back();
            }
        }
        return Status::ok();
    }

    Status text(std::string_view utf8) override {
        if (!m_inText || m_skipDepth || m_paragraphs.empty())
            return Status::ok();
        Paragraph& p = m_paragraphs.back();
        for (char c : utf8) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                // Collapsed: one space, none at the start of the paragraph.
                if (!p.text.empty())
                    p.spacePending = true;
                continue;
            }
            flushSpace(p);
            p.text += c;
        }
        return Status::ok();
    }

private:
    struct Paragraph {
        std::string text;
        bool spacePending = false;  // a collapsed space, written before more text
    };
    struct Table {
        std::string row;
        std::string cell;
        int cells = 0;
        int cellRepeat = 1;
        int rowRepeat = 1;
    };

    Status refuse(std::string why) {
        notText = std::move(why);
        return Status::invalidInput(notText);
    }

    static void flushSpace(Paragraph& p) {
        if (p.spacePending) {
            p.text += ' ';
            p.spacePending = false;
        }
    }

    // Explicit white space (text:s, text:tab, text:line-break): never
    // collapsed.
    void append(std::string_view s) {
        if (m_paragraphs.empty())
            return;
        Paragraph& p = m_paragraphs.back();
        flushSpace(p);
        p.text += s;
    }

    static void addToCell(Table& t, std::string_view text) {
        std::string flat;
        for (char c : text)
            flat += (c == '\t' || c == '\n') ? ' ' : c;
        if (flat.find_first_not_of(' ') == std::string::npos)
            return;
        if (!t.cell.empty())
            t.cell += ' ';
        t.cell += flat;
    }

    void endParagraph() {
        if (m_paragraphs.empty())
            return;
        std::string text = visible(std::move(m_paragraphs.back().text));
        m_paragraphs.pop_back();
        if (!m_paragraphs.empty()) {  // a paragraph inside a paragraph: inline
            if (!text.empty())
                append((m_paragraphs.back().text.empty() ? "" : " ") + text);
            return;
        }
        if (!m_tables.empty() && !m_cellDepth.empty()) {
            addToCell(m_tables.back(), text);
            return;
        }
        out += text;
        out += '\n';
    }

    std::vector<Paragraph> m_paragraphs;
    std::vector<Table> m_tables;
    std::vector<int> m_cellDepth;
    bool m_inBody = false;
    int m_inText = 0;  // depth of office:text while inside it
    int m_skipDepth = 0;
};

}  // namespace

Result<ExtractedText> readOdt(std::string_view bytes, const std::string& file, const ReadOptions&) {
    const std::string notOdt = file + ": not an OpenDocument text";
    auto zip = ZipArchive::open(bytes, file, "OpenDocument text");
    if (!zip.isOk())
        return zip.status();
    ZipArchive& archive = **zip;
    if (archive.contains("mimetype")) {
        auto mimetype = archive.read("mimetype");
        if (!mimetype.isOk())
            return mimetype.status();
        std::string type(*mimetype);
        while (!type.empty() && (type.back() == '\n' || type.back() == '\r' || type.back() == ' '))
            type.pop_back();
        if (type.size() > 100)
            type = type.substr(0, 100) + "...";
        if (type != "application/vnd.oasis.opendocument.text" &&
            type != "application/vnd.oasis.opendocument.text-template")
            return Status::invalidInput(notOdt + " (its type is '" + type + "')");
    }
    if (archive.contains("META-INF/manifest.xml")) {
        auto manifest = archive.read("META-INF/manifest.xml");
        if (!manifest.isOk())
            return manifest.status();
        if (manifest->find("encryption-data") != std::string::npos)
            return Status::invalidInput(file +
                                        ": is password-protected (encrypted); save it again "
                                        "without a password");
    }
    if (!archive.contains("content.xml"))
        return Status::invalidInput(notOdt + " (no content.xml)");
    auto xml = archive.read("content.xml");
    if (!xml.isOk())
        return xml.status();
    OdtText handler;
    Status s = parseXml(*xml, file, "content.xml", handler);
    if (!handler.notText.empty())
        return Status::invalidInput(notOdt + " (" + handler.notText + ")");
    if (!s.isOk())
        return s;
    return ExtractedText{std::move(handler.out), "ODT", std::nullopt, {}};
}

}  // namespace margin::corpus
