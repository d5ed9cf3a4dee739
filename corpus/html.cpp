// The HTML reader; what it keeps and how it finds the encoding is described
// in corpus/documents.h.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <string_view>
#include <vector>

#include "corpus/documents.h"
#include "corpus/encoding.h"
#include "corpus/text.h"

namespace margin::corpus {
namespace {

char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// "gb2312" → "GB18030", as browsers read the labels (WHATWG Encoding).
std::string converterForCharset(std::string label) {
    std::transform(label.begin(), label.end(), label.begin(), lowerAscii);
    static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
        {"gb2312", "GB18030"},
        {"gbk", "GB18030"},
        {"x-gbk", "GB18030"},
        {"gb_2312-80", "GB18030"},
        {"csgb2312", "GB18030"},
        {"chinese", "GB18030"},
        {"iso-ir-58", "GB18030"},
        {"gb18030", "GB18030"},
        {"iso-8859-1", "windows-1252"},
        {"latin1", "windows-1252"},
        {"l1", "windows-1252"},
        {"us-ascii", "windows-1252"},
        {"ascii", "windows-1252"},
        {"windows-1252", "windows-1252"},
        {"big5", "Big5"},
        {"x-x-big5", "Big5"},
        {"big5-hkscs", "Big5-HKSCS"},
        {"shift_jis", "Shift_JIS"},
        {"x-sjis", "Shift_JIS"},
        {"utf8", "UTF-8"},
        {"unicode-1-1-utf-8", "UTF-8"},
    };
    for (const auto& [from, to] : kLabels)
        if (label == from)
            return std::string(to);
    // A page read as bytes cannot be UTF-16 without a byte-order mark.
    if (label.starts_with("utf-16") || label == "unicode")
        return "UTF-8";
    return label;
}

// --- The text of the tree -------------------------------------------------------

enum class Kind { Inline, Line, Paragraph, Skipped, Break, Row, Cell, Pre };

Kind kindOf(std::string_view name) {
    static constexpr std::string_view kSkipped[] = {"script",   "style",  "head", "noscript",
                                                    "template", "svg",    "math", "iframe",
                                                    "object",   "select", "title"};
    static constexpr std::string_view kParagraphs[] = {"p",  "h1", "h2",         "h3",    "h4",
                                                       "h5", "h6", "blockquote", "table", "ul",
                                                       "ol", "dl", "hr",         "figure"};
    static constexpr std::string_view kLines[] = {
        "div",      "li",     "dt",         "dd",      "address", "caption", "form",
        "fieldset", "legend", "figcaption", "details", "summary", "center",  "main",
        "nav",      "aside",  "header",     "footer",  "section", "article", "hgroup",
        "body",     "html",   "menu",       "dir"};
    if (name == "br")
        return Kind::Break;
    if (name == "tr")
        return Kind::Row;
    if (name == "td" || name == "th")
        return Kind::Cell;
    if (name == "pre" || name == "listing" || name == "xmp" || name == "plaintext")
        return Kind::Pre;
    for (std::string_view s : kSkipped)
        if (name == s)
            return Kind::Skipped;
    for (std::string_view s : kParagraphs)
        if (name == s)
            return Kind::Paragraph;
    for (std::string_view s : kLines)
        if (name == s)
            return Kind::Line;
    return Kind::Inline;
}

class TextWriter {
public:
    // A line break (1) or a paragraph break (2) before the next text.
    void requestBreak(int n) {
        if (m_cells.empty() || m_cells.back() == 0) {
            m_pending = std::max(m_pending, n);
            clearSpace();
        } else {
            m_space = true;  // inside a table cell: a space
        }
    }
    void lineBreak() {
        if (!m_cells.empty() && m_cells.back() > 0) {
            m_space = true;
            return;
        }
        m_pending = std::min(m_pending + 1, 2);
        clearSpace();
    }
    void startRow() {
        requestBreak(1);
        m_cells.push_back(0);
    }
    void endRow() {
        if (!m_cells.empty())
            m_cells.pop_back();
        requestBreak(1);
    }
    void startCell() {
        if (m_cells.empty())
            return;  // a cell outside a row: inline
        if (m_cells.back()++ > 0) {
            emitPending();
            trimTrailingSpaces();
            m_out += '\t';
            clearSpace();
        }
    }
    void startPre() {
        requestBreak(2);
        ++m_pre;
        m_preFresh = true;
    }
    void endPre() {
        --m_pre;
        requestBreak(2);
    }

    void text(std::string_view s) {
        if (m_pre > 0) {
            // The line break right after <pre> is not content.
            if (m_preFresh && s.starts_with('\n'))
                s.remove_prefix(1);
            if (m_preFresh && s.starts_with("\r\n"))
                s.remove_prefix(2);
            m_preFresh = false;
            if (s.empty())
                return;
            emitPending();
            m_out += s;
            return;
        }
        const auto length = static_cast<int32_t>(s.size());
        for (int32_t i = 0; i < length;) {
            const int32_t start = i;
            UChar32 c;
            U8_NEXT(s.data(), i, length, c);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                m_lineBreakInSpace = m_lineBreakInSpace || c == '\n' || c == '\r';
                m_space = true;
                continue;
            }
            emitPending();
            if (m_space && !m_out.empty() && m_out.back() != '\n' && m_out.back() != '\t' &&
                !(m_lineBreakInSpace && isWide(m_last) && isWide(c)))
                m_out += ' ';
            clearSpace();
            m_out.append(
                s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
            m_last = c;
        }
    }

    // The text: lines of only white space made empty, at most one blank line
    // in a row, none at the ends.
    std::string finish() {
        std::string out;
        out.reserve(m_out.size());
        std::size_t start = 0;
        int blank = 0;
        while (start <= m_out.size()) {
            std::size_t end = m_out.find('\n', start);
            if (end == std::string::npos)
                end = m_out.size();
            std::string_view line(m_out.data() + start, end - start);
            while (!line.empty() && line.back() == ' ')
                line.remove_suffix(1);
            if (trimSpace(line).empty()) {
                ++blank;
            } else {
                if (!out.empty())
                    out.append(blank > 0 ? "\n\n" : "\n");
                out += line;
                blank = 0;
            }
            start = end + 1;
        }
        return out;
    }

private:
    void clearSpace() {
        m_space = false;
        m_lineBreakInSpace = false;
    }
    void trimTrailingSpaces() {
        while (!m_out.empty() && m_out.back() == ' ')
            m_out.pop_back();
    }
    void emitPending() {
        if (m_pending > 0 && !m_out.empty()) {
            trimTrailingSpaces();
            int have = 0;
            for (auto it = m_out.rbegin(); it != m_out.rend() && *it == '\n' && have < 2; ++it)
                ++have;
            for (int k = have; k < m_pending; ++k)
                m_out += '\n';
            clearSpace();
        }
        m_pending = 0;
    }

    // A line break in the source between two East Asian wide characters is
    // no space (CSS Text 3's segment break rule): Chinese wrapped by an editor.
    static bool isWide(UChar32 c) {
        if (c < 0x1100)
            return false;
        auto width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        UErrorCode status = U_ZERO_ERROR;
        return (width == U_EA_WIDE || width == U_EA_FULLWIDTH || width == U_EA_HALFWIDTH) &&
               uscript_getScript(c, &status) != USCRIPT_HANGUL;
    }

    std::string m_out;
    int m_pending = 0;  // line breaks owed before the next text
    bool m_space = false;
    bool m_lineBreakInSpace = false;
    UChar32 m_last = 0;  // the last character written
    int m_pre = 0;
    bool m_preFresh = false;
    std::vector<int> m_cells;  // cells so far in each open row
};

std::string_view nameOf(const xmlNode* node) {
    return node->name ? std::string_view(reinterpret_cast<const char*>(node->name))
                      : std::string_view();
}

// Whether to go into the element's children (leave() is called after them).
bool enter(TextWriter& out, const xmlNode* node) {
    switch (kindOf(nameOf(node))) {
        case Kind::Skipped:
            return false;
        case Kind::Break:
            out.lineBreak();
            return false;
        case Kind::Line:
            out.requestBreak(1);
            break;
        case Kind::Paragraph:
            out.requestBreak(2);
            break;
        case Kind::Row:
            out.startRow();
            break;
        case Kind::Cell:
            out.startCell();
            break;
        case Kind::Pre:
            out.startPre();
            break;
        case Kind::Inline:
            break;
    }
    return true;
}

void leave(TextWriter& out, const xmlNode* node) {
    switch (kindOf(nameOf(node))) {
        case Kind::Line:
            out.requestBreak(1);
            break;
        case Kind::Paragraph:
            out.requestBreak(2);
            break;
        case Kind::Row:
            out.endRow();
            break;
        case Kind::Pre:
            out.endPre();
            break;
        default:
            break;
    }
}

// Depth-first without recursion: a page nested 100,000 elements deep costs
// no stack.
std::string textOf(const xmlNode* root) {
    TextWriter out;
    const xmlNode* node = root;
    while (node) {
        bool descend = false;
        if (node->type == XML_ELEMENT_NODE) {
            descend = enter(out, node);
            if (descend && !node->children) {
                leave(out, node);
                descend = false;
            }
        } else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
                   node->content) {
            out.text(reinterpret_cast<const char*>(node->content));
        }
        if (descend) {
            node = node->children;
            continue;
        }
        while (node != root && !node->next) {
            node = node->parent;
            leave(out, node);
        }
        node = node == root ? nullptr : node->next;
    }
    return out.finish();
}

struct ParserDeleter {
    void operator()(htmlParserCtxtPtr ctxt) const { htmlFreeParserCtxt(ctxt); }
};
struct DocDeleter {
    void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
};

// "3 KiB", "64 MiB"; a file's size rounded up, so it is never shown as the
// limit it exceeds.
std::string sizeText(std::size_t bytes, bool roundUp) {
    const std::size_t unit = bytes >= (1u << 20) ? (1u << 20) : 1024;
    const std::size_t n = roundUp ? (bytes + unit - 1) / unit : bytes / unit;
    return std::to_string(n) + (unit == 1024 ? " KiB" : " MiB");
}

}  // namespace

std::optional<std::string> htmlDeclaredCharset(std::string_view bytes) {
    std::string head(bytes.substr(0, 8192));
    std::transform(head.begin(), head.end(), head.begin(), lowerAscii);
    auto valueAfter = [&](std::size_t at) -> std::optional<std::string> {
        while (at < head.size() &&
               (head[at] == ' ' || head[at] == '\t' || head[at] == '\n' || head[at] == '\r'))
            ++at;
        if (at >= head.size() || head[at] != '=')
            return std::nullopt;
        ++at;
        while (at < head.size() && (head[at] == ' ' || head[at] == '"' || head[at] == '\'' ||
                                    head[at] == '\t' || head[at] == '\n' || head[at] == '\r'))
            ++at;
        std::size_t end = at;
        while (end < head.size() &&
               (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
                head[end] == '_' || head[end] == '.' || head[end] == ':'))
            ++end;
        if (end == at)
            return std::nullopt;
        return std::string(bytes.substr(at, end - at));
    };
    if (head.starts_with("<?xml")) {
        std::size_t close = head.find("?>");
        std::size_t enc = head.find("encoding");
        if (enc != std::string::npos && enc < close)
            if (auto v = valueAfter(enc + 8))
                return v;
    }
    for (std::size_t meta = head.find("<meta"); meta != std::string::npos;
         meta = head.find("<meta", meta + 5)) {
        std::size_t close = head.find('>', meta);
        if (close == std::string::npos)
            break;
        std::string_view tag(head.data() + meta, close - meta);
        std::size_t charset = tag.find("charset");
        if (charset != std::string_view::npos)
            if (auto v = valueAfter(meta + charset + 7))
                return v;
    }
    return std::nullopt;
}

Result<ExtractedText> readHtmlWithLimit(std::string_view bytes, const std::string& file,
                                        const ReadOptions& options, std::size_t maxBytes) {
    if (bytes.size() > maxBytes)
        return Status::invalidInput(file + ": too large for a web page (" +
                                    sizeText(bytes.size(), true) + "; the limit is " +
                                    sizeText(maxBytes, false) + ")");
    ExtractedText out;

    // The encoding: --encoding, a byte-order mark, the page's own word, detection.
    const bool bom = bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
                     bytes.starts_with("\xFE\xFF");
    std::optional<std::string> declared;
    if (!options.encoding.empty())
        declared = options.encoding;
    else if (!bom)
        if (auto charset = htmlDeclaredCharset(bytes))
            declared = converterForCharset(*charset);
    auto decoded = decodeText(bytes, declared ? *declared : std::string());
    if (!decoded.isOk() && declared && options.encoding.empty()) {
        auto detected = decodeText(bytes);
        if (!detected.isOk())
            return decoded.status().withContext(file);
        out.warnings.push_back("the page says its charset is " + *declared + ", but it is " +
                               decoded.status().message() + "; read as " + detected->encoding +
                               " instead");
        decoded = std::move(detected);
    }
    if (!decoded.isOk())
        return decoded.status().withContext(file);
    out.encoding = "HTML (" + decoded->encoding + ")";
    if (decoded->utf8.size() > static_cast<std::size_t>(INT_MAX))
        return Status::invalidInput(file + ": too large for a web page");

    std::unique_ptr<htmlParserCtxt, ParserDeleter> ctxt(htmlNewParserCtxt());
    if (!ctxt || !ctxt->sax)
        return Status::internal(file + ": cannot start the HTML parser");
    // Silence: HTML_PARSE_NOERROR and NOWARNING clear this context's error
    // handlers (libxml2's global handlers, shared with other threads, are not
    // touched), and with no handler libxml2 says nothing; the last error
    // stays readable in ctxt->lastError. The input is valid UTF-8, so the
    // encoding layer (which would report to the global handler) has nothing
    // to say either.
    std::unique_ptr<xmlDoc, DocDeleter> doc(htmlCtxtReadMemory(
        ctxt.get(), decoded->utf8.data(), static_cast<int>(decoded->utf8.size()), nullptr, "UTF-8",
        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT));
    decoded->utf8 = std::string();
    // A fatal error stops the parser halfway (libxml2 keeps what it has): the
    // rest of the page would be missing, so nothing is read.
    if (ctxt->disableSAX != 0 && ctxt->instate == XML_PARSER_EOF) {
        std::string why = ctxt->lastError.message ? ctxt->lastError.message : "";
        while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
            why.pop_back();
        if (why.find("Excessive depth") != std::string::npos)
            return Status::invalidInput(
                file + ": damaged web page: elements are nested more than 256 deep");
        return Status::invalidInput(file + ": not a readable web page (" + why + ")");
    }
    xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!root)
        return Status::invalidInput(file + ": not a readable web page");
    out.text = textOf(root);
    return out;
}

Result<ExtractedText> readHtml(std::string_view bytes, const std::string& file,
                               const ReadOptions& options) {
    return readHtmlWithLimit(bytes, file, options, kMaxHtmlBytes);
}

}  // namespace margin::corpus
