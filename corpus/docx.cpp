// The Word (.docx) reader: the text of the main document part.
//
// What a reader of the document sees, with tracked changes accepted:
//   * each paragraph (w:p) is one line; an empty paragraph an empty line;
//   * w:t text, w:tab and w:ptab as "\t", w:br and w:cr as "\n",
//     w:noBreakHyphen as "-"; w:softHyphen and w:sym give nothing;
//   * a table row (w:tr) is one line with its cells separated by "\t" (a
//     cell's paragraphs joined by spaces; a nested table's rows flattened
//     into its cell; a cell spanning columns followed by empty cells);
//   * insertions (w:ins, w:moveTo) kept; deletions (w:del, w:moveFrom) left
//     out, and a paragraph whose mark was deleted joins the next one;
//   * field codes (w:instrText) left out, field results kept; hidden runs
//     (w:vanish) and ruby guides (w:rt) left out;
//   * comments, footnotes, endnotes, headers and footers are separate parts
//     and are not read; text boxes (w:txbxContent) and compatibility
//     fallbacks (mc:Fallback) are left out.
#include "corpus/formats.h"

#include <algorithm>
#include <memory>

#include "corpus/ooxml.h"
#include "corpus/xml.h"
#include "corpus/zip.h"

namespace margin::corpus {
namespace {

constexpr std::string_view kMarkupCompatibility =
    "http://schemas.openxmlformats.org/markup-compatibility/2006";

// As the text reads: a soft hyphen (U+00AD) is invisible, a non-breaking
// hyphen (U+2011) a hyphen, as w:softHyphen and w:noBreakHyphen are.
std::string visible(std::string s) {
    for (std::size_t i; (i = s.find("\xC2\xAD")) != std::string::npos;)
        s.erase(i, 2);
    for (std::size_t i; (i = s.find("\xE2\x80\x91")) != std::string::npos;)
        s.replace(i, 3, "-");
    return s;
}

class DocxText : public XmlHandler {
public:
    std::string out;
    bool notWord = false;

    Status startElement(const XmlElement& e) override {
        if (e.depth == 1) {
            if (!(ooxml::isWordNamespace(e.ns) && e.name == "document")) {
                notWord = true;
                return Status::invalidInput("not a WordprocessingML document");
            }
        }
        if (m_skipDepth)
            return Status::ok();
        const bool w = ooxml::isWordNamespace(e.ns);
        if (!w) {
            if (e.ns == kMarkupCompatibility && e.name == "Fallback")
                m_skipDepth = e.depth;
            m_stack.push_back(Other);
            return Status::ok();
        }
        const std::string_view n = e.name;
        const Name parent = m_stack.empty() ? Other : m_stack.back();
        Name name = nameOf(n);
        m_stack.push_back(name);
        switch (name) {
            case P:
                m_paragraphs.emplace_back();
                m_markDeleted = false;
                break;
            case R:
                m_hidden = false;
                break;
            case T:
                m_inText = parent == R;
                break;
            case Tab:
                if (parent == R)
                    append("\t");
                break;
            case Br:
                if (parent == R)
                    append("\n");
                break;
            case NoBreakHyphen:
                if (parent == R)
                    append("-");
                break;
            case Vanish:
                // <w:r><w:rPr><w:vanish/> hides the run (w:val="0" shows it).
                if (parent == RPr && m_stack.size() >= 3 && m_stack[m_stack.size() - 3] == R) {
                    auto val = e.attribute("val", e.ns);
                    m_hidden = !(val && (*val == "0" || *val == "false" || *val == "off"));
                }
                break;
            case Del:
                // <w:pPr><w:rPr><w:del/>: the paragraph mark itself was deleted.
                if (parent == RPr && m_stack.size() >= 3 && m_stack[m_stack.size() - 3] == PPr)
                    m_markDeleted = true;
                // <w:trPr><w:del/>: the whole table row was deleted.
                if (parent == TrPr && !m_tables.empty())
                    m_tables.back().rowDeleted = true;
                m_skipDepth = e.depth;
                break;
            case Skip:
                m_skipDepth = e.depth;
                break;
            case Tbl:
                m_tables.emplace_back();
                break;
            case Tr:
                if (!m_tables.empty())
                    m_tables.back() = Table{};
                break;
            case Tc:
                if (!m_tables.empty())
                    m_tables.back().cell.clear(), m_tables.back().span = 1;
                break;
            case GridSpan:
                if (parent == TcPr && !m_tables.empty()) {
                    int span = 0;
                    for (char c : e.attribute("val", e.ns).value_or("1"))
                        if (c >= '0' && c <= '9')
                            span = std::min(span * 10 + (c - '0'), 1000);
                    m_tables.back().span = std::max(1, span);
                }
                break;
            default:
                break;
        }
        return Status::ok();
    }

    Status endElement(const XmlElement& e) override {
        if (m_skipDepth) {
            if (e.depth == m_skipDepth)
                m_skipDepth = 0;
            else
                return Status::ok();
        }
        if (m_stack.empty())
            return Status::ok();
        Name name = m_stack.back();
        m_stack.pop_back();
        switch (name) {
            case T:
                m_inText = false;
                break;
            case P:
                endParagraph();
                break;
            case Tc:
                if (!m_tables.empty()) {
                    Table& t = m_tables.back();
                    for (int k = 0; k < t.span; ++k) {
                        if (t.cells++ > 0)
                            t.row += '\t';
                        if (k == 0)
                            t.row += t.cell;
                    }
                }
                break;
            case Tr:
                if (!m_tables.empty()) {
                    std::string row = std::move(m_tables.back().row);
                    m_tables.back().row.clear();
                    if (m_tables.back().rowDeleted)
                        break;
                    if (m_tables.size() > 1)
                        addToCell(m_tables[m_tables.size() - 2], row);
                    else
                        emitLine(row);
                }
                break;
            case Tbl:
                if (!m_tables.empty())
                    m_tables.pop_back();
                break;
            default:
                break;
        }
        return Status::ok();
    }

    Status text(std::string_view utf8) override {
        if (m_inText && !m_skipDepth && !m_hidden)
            append(utf8, true);
        return Status::ok();
    }

    // The text of a paragraph left open by a document that ends early.
    void finish() {
        if (!m_carry.empty())
            emitLine({});
    }

private:
    enum Name {
        Other,
        P,
        PPr,
        R,
        RPr,
        T,
        Tab,
        Br,
        NoBreakHyphen,
        Vanish,
        Del,
        Skip,
        Tbl,
        Tr,
        TrPr,
        Tc,
        TcPr,
        GridSpan
    };
    struct Table {
        std::string row;
        std::string cell;
        int cells = 0;
        int span = 1;
        bool rowDeleted = false;
    };

    static Name nameOf(std::string_view n) {
        static const std::pair<std::string_view, Name> names[] = {
            {"p", P},
            {"pPr", PPr},
            {"r", R},
            {"rPr", RPr},
            {"t", T},
            {"tab", Tab},
            {"ptab", Tab},
            {"br", Br},
            {"cr", Br},
            {"noBreakHyphen", NoBreakHyphen},
            {"vanish", Vanish},
            {"del", Del},
            {"moveFrom", Skip},
            {"delText", Skip},
            {"delInstrText", Skip},
            {"instrText", Skip},
            {"txbxContent", Skip},
            {"sym", Skip},
            {"rt", Skip},  // ruby (phonetic guide) text above its base
            {"tbl", Tbl},
            {"tr", Tr},
            {"trPr", TrPr},
            {"tc", Tc},
            {"tcPr", TcPr},
            {"gridSpan", GridSpan},
        };
        for (auto [text, name] : names)
            if (n == text)
                return name;
        return Other;
    }

    void append(std::string_view s, bool fromText = false) {
        if (m_paragraphs.empty() || m_hidden)
            return;
        std::string& p = m_paragraphs.back();
        if (!fromText) {
            p += s;
            return;
        }
        // A line break typed inside w:t shows as a space in Word.
        for (char c : s)
            p += (c == '\n' || c == '\r') ? ' ' : c;
    }

    bool inCell() const {
        if (m_tables.empty())
            return false;
        for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
            if (*it == Tc)
                return true;
            if (*it == Tbl)
                return false;
        }
        return false;
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
        std::string p = visible(std::move(m_paragraphs.back()));
        m_paragraphs.pop_back();
        if (!m_paragraphs.empty()) {  // a paragraph inside a paragraph: keep it inline
            if (!p.empty())
                m_paragraphs.back() += (m_paragraphs.back().empty() ? "" : " ") + p;
            return;
        }
        if (inCell()) {
            addToCell(m_tables.back(), p);
            return;
        }
        if (m_markDeleted) {  // joins the next paragraph
            m_carry += p;
            m_markDeleted = false;
            return;
        }
        emitLine(p);
    }

    void emitLine(std::string_view line) {
        out += m_carry;
        m_carry.clear();
        out += line;
        out += '\n';
    }

    std::vector<Name> m_stack;
    std::vector<std::string> m_paragraphs;
    std::vector<Table> m_tables;
    std::string m_carry;
    int m_skipDepth = 0;
    bool m_inText = false;
    bool m_hidden = false;
    bool m_markDeleted = false;
};

}  // namespace

Result<ExtractedText> readDocx(std::string_view bytes, const std::string& file,
                               const ReadOptions&) {
    const std::string notWord = file + ": not a Word document";
    auto zip = ZipArchive::open(bytes, file, "Word document");
    if (!zip.isOk())
        return zip.status();
    auto rels = ooxml::relationships(**zip, file, "");
    if (!rels.isOk())
        return rels.status();
    std::string part = "word/document.xml";
    if (const ooxml::Relationship* main = ooxml::find(*rels, "officeDocument");
        main && !main->target.empty() && (*zip)->contains(main->target))
        part = main->target;
    if (!(*zip)->contains(part))
        return Status::invalidInput(notWord + " (no word/document.xml)");
    auto xml = (*zip)->read(part);
    if (!xml.isOk())
        return xml.status();
    DocxText handler;
    Status s = parseXml(*xml, file, part, handler);
    if (handler.notWord)
        return Status::invalidInput(notWord + " (" + part + " is not a Word document body)");
    if (!s.isOk())
        return s;
    handler.finish();
    return ExtractedText{std::move(handler.out), "DOCX", std::nullopt, {}};
}

}  // namespace margin::corpus
