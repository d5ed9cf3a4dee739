// The RTF reader: a small hand-written reader of RTF 1.x's groups and
// control words, enough for the text of what Word, WordPad, LibreOffice and
// TextEdit write.
//
// Text: literal characters, \'hh bytes and \uN characters (negative N for
// values above 32767; a pair of \u surrogates is one character; the \ucN
// characters after each one, the fallback for readers without Unicode, are
// skipped). Bytes are decoded in the code page of the font they are written
// in (\fcharsetN or \cpgN in the font table), else the document's (\ansicpgN;
// \ansi alone is windows-1252, \mac Mac Roman, \pc and \pca IBM 437 and 850),
// through corpus/encoding.h. A font of charset 0 ("ANSI") takes the
// document's code page: writers that know no better declare every font so
// and write Chinese bytes in it.
// Breaks: \par, \line, \sect, \page and a table's \row end a line; \tab and a
// table's \cell give a tab (rows are tab-separated, without a tab before the
// line end). \~ is a no-break space, \_ a hyphen, \- (an optional hyphen)
// nothing; \emdash, \endash, \bullet and the quote words their characters.
// Left out: {\* ...} destinations, the font table (read only for its code
// pages), colour table, style sheet, document info, pictures, objects,
// headers, footers, footnotes, comments (\annotation), old-style list
// numbering (\pn), index and TOC entries, a field's instruction (\fldinst;
// its result \fldrslt is kept), hidden text (\v) and tracked deletions
// (\deleted).
//
// Refused, each with one message naming the file: a file that does not
// start with "{\rtf"; groups nested more than kMaxRtfDepth deep; a group not
// closed at the end of the file (most often a file cut off: a partial
// transcript is not stored); \binN running past the end; bytes that are not
// valid in their code page (named, with the file offset of the run).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string_view>

#include "corpus/documents.h"
#include "corpus/encoding.h"

namespace margin::corpus {
namespace {

enum class Dest { Text, Skip, FontTable };

constexpr std::size_t kRunPiece = 64 * 1024;
constexpr std::size_t kMaxFonts = 4096;

struct Group {
    Dest dest = Dest::Text;
    int uc = 1;     // \ucN: fallback characters after each \uN
    int font = -1;  // \fN; -1: the default font (\deffN)
    bool hidden = false;
    bool deleted = false;
};

struct Font {
    int charset = -1;
    int codePage = 0;
};

// Destinations whose text is not the document's.
bool isSkippedDestination(std::string_view word) {
    static constexpr std::string_view kSkipped[] = {
        "annotation", "atnauthor", "atndate",   "atnid",     "atnref",      "atrfend",
        "atrfstart",  "author",    "bkmkend",   "bkmkstart", "buptim",      "colortbl",
        "comment",    "creatim",   "do",        "doccomm",   "fldinst",     "footer",
        "footerf",    "footerl",   "footerr",   "footnote",  "ftncn",       "ftnsep",
        "ftnsepc",    "aftncn",    "aftnsep",   "aftnsepc",  "header",      "headerf",
        "headerl",    "headerr",   "info",      "keywords",  "listtable",   "listoverridetable",
        "nonshppict", "object",    "operator",  "pict",      "pn",          "pntxta",
        "pntxtb",     "printim",   "private",   "revtbl",    "revtim",      "rxe",
        "stylesheet", "subject",   "tc",        "template",  "title",       "txe",
        "xe",         "filetbl",   "themedata", "datastore", "latentstyles"};
    for (std::string_view s : kSkipped)
        if (word == s)
            return true;
    return false;
}

int codePageOfCharset(int charset) {
    switch (charset) {
        case 2:
            return 1252;  // Symbol: its bullets read best as windows-1252
        case 77:
            return 10000;
        case 128:
            return 932;
        case 129:
            return 949;
        case 134:
            return 936;
        case 136:
            return 950;
        case 161:
            return 1253;
        case 162:
            return 1254;
        case 163:
            return 1258;
        case 177:
            return 1255;
        case 178:
            return 1256;
        case 186:
            return 1257;
        case 204:
            return 1251;
        case 222:
            return 874;
        case 238:
            return 1250;
        case 255:
            return 437;
        default:
            return 0;  // 0 (ANSI), 1 (default) and unknown: the document's
    }
}

std::string encodingOfCodePage(int codePage) {
    switch (codePage) {
        case 65001:
            return "UTF-8";
        case 936:
            return "GBK";
        case 950:
            return "Big5";
        case 932:
            return "windows-31j";
        case 949:
            return "windows-949";
        case 10000:
            return "macintosh";
        case 437:
            return "ibm-437";
        case 850:
            return "ibm-850";
        default:
            return "windows-" + std::to_string(codePage);
    }
}

bool isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}
int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

class RtfReader {
public:
    RtfReader(std::string_view bytes, const std::string& file) : m_in(bytes), m_file(file) {}

    Result<ExtractedText> read();

private:
    Status refuse(const std::string& why) const {
        return Status::invalidInput(m_file + ": " + why);
    }

    Group& group() { return m_groups.back(); }
    bool visible() {
        const Group& g = group();
        return g.dest == Dest::Text && !g.hidden && !g.deleted;
    }
    // A fallback character after \uN: true when it is to be skipped.
    bool skipFallback() {
        if (m_skip == 0)
            return false;
        --m_skip;
        return true;
    }

    // The font table entry being read; nullptr before its \fN, or past
    // kMaxFonts fonts (memory stays bounded however many a file declares).
    Font* fontEntry() {
        if (m_fontEntry < 0 || (m_fonts.size() >= kMaxFonts && !m_fonts.contains(m_fontEntry)))
            return nullptr;
        return &m_fonts[m_fontEntry];
    }

    int codePage() {
        int f = group().font >= 0 ? group().font : m_defaultFont;
        if (auto it = m_fonts.find(f); it != m_fonts.end()) {
            if (it->second.codePage > 0)
                return it->second.codePage;
            if (int cp = codePageOfCharset(it->second.charset); cp > 0)
                return cp;
        }
        return m_codePage;
    }

    void settleSurrogate() {
        if (m_highSurrogate) {
            appendUtf8(m_text, 0xFFFD);
            m_highSurrogate = 0;
        }
    }
    Status flushRun();
    Status byte(char b, std::size_t at);
    Status ascii(char c);
    Status text(std::string_view utf8);
    Status unicode(int value);
    Status controlWord(std::string_view word, bool hasParam, int param);
    Status controlSymbol(char c, std::size_t at);

    std::string_view m_in;
    std::size_t m_pos = 0;
    const std::string& m_file;

    std::vector<Group> m_groups;
    std::map<int, Font> m_fonts;
    int m_fontEntry = -1;  // the font table entry being read
    int m_defaultFont = -1;
    int m_codePage = 1252;
    int m_skip = 0;  // \uN fallback characters still to skip
    char32_t m_highSurrogate = 0;

    std::string m_text;
    std::string m_run;  // bytes not yet decoded, all in m_runCodePage
    int m_runCodePage = 0;
    std::size_t m_runStart = 0;
};

Status RtfReader::flushRun() {
    if (m_run.empty())
        return Status::ok();
    bool asciiOnly = true;
    for (char c : m_run)
        asciiOnly = asciiOnly && static_cast<unsigned char>(c) < 0x80;
    if (asciiOnly) {
        m_text += m_run;
        m_run.clear();
        return Status::ok();
    }
    // Framed so that decodeText sees neither an empty text, nor a byte-order
    // mark, nor a lead byte completed by what follows; the frame is ASCII in
    // every code page and removed after.
    const std::string encoding = encodingOfCodePage(m_runCodePage);
    auto decoded = decodeText("[" + m_run + "\n]", encoding);
    if (!decoded.isOk() && decoded.status().message().starts_with("unknown encoding"))
        return refuse("the RTF uses code page " + std::to_string(m_runCodePage) +
                      ", which Margin cannot read");
    if (!decoded.isOk())
        return refuse("damaged RTF: the text at byte " + std::to_string(m_runStart) +
                      " is not valid in its code page " + std::to_string(m_runCodePage) + " (" +
                      encoding + ")");
    m_text.append(decoded->utf8, 1, decoded->utf8.size() - 3);
    m_run.clear();
    return Status::ok();
}

Status RtfReader::byte(char b, std::size_t at) {
    if (skipFallback() || !visible())
        return Status::ok();
    if (static_cast<unsigned char>(b) < 0x20)  // \'09 is a tab; other controls are not text
        return b == '\t' ? ascii(b) : Status::ok();
    settleSurrogate();
    int cp = codePage();
    if (!m_run.empty() && cp != m_runCodePage) {
        if (Status s = flushRun(); !s.isOk())
            return s;
    }
    if (m_run.empty()) {
        m_runCodePage = cp;
        m_runStart = at;
    }
    m_run += b;
    return Status::ok();
}

Status RtfReader::ascii(char c) {
    if (!visible())
        return Status::ok();
    settleSurrogate();
    // ASCII is ASCII in every code page: it joins the run (a double-byte
    // character's second byte may be written as a plain character).
    if (m_run.empty()) {
        m_text += c;
        return Status::ok();
    }
    m_run += c;
    // A long run is decoded in pieces, cut after a character below 0x40,
    // which is never the second byte of a double-byte character.
    if (m_run.size() >= kRunPiece && static_cast<unsigned char>(c) < 0x40)
        return flushRun();
    return Status::ok();
}

Status RtfReader::text(std::string_view utf8) {
    if (!visible())
        return Status::ok();
    settleSurrogate();
    if (Status s = flushRun(); !s.isOk())
        return s;
    m_text += utf8;
    return Status::ok();
}

Status RtfReader::unicode(int value) {
    m_skip = group().uc;
    if (!visible())
        return Status::ok();
    if (Status s = flushRun(); !s.isOk())
        return s;
    auto unit = static_cast<char32_t>(value < 0 ? value + 65536 : value) & 0xFFFF;
    if (unit >= 0xDC00 && unit <= 0xDFFF && m_highSurrogate) {
        appendUtf8(m_text, 0x10000 + ((m_highSurrogate - 0xD800) << 10) + (unit - 0xDC00));
        m_highSurrogate = 0;
        return Status::ok();
    }
    settleSurrogate();
    if (unit >= 0xD800 && unit <= 0xDBFF)
        m_highSurrogate = unit;
    else if (unit >= 0xDC00 && unit <= 0xDFFF)
        appendUtf8(m_text, 0xFFFD);
    else if (unit >= 0x20 || unit == '\t' || unit == '\n')
        appendUtf8(m_text, unit);
    return Status::ok();
}

Status RtfReader::controlWord(std::string_view word, bool hasParam, int param) {
    if (word == "bin") {
        // Binary data: skipped wherever it is (it counts as one fallback
        // character).
        skipFallback();
        if (param < 0 || static_cast<std::size_t>(param) > m_in.size() - m_pos)
            return refuse("damaged RTF: binary data (\\bin) runs past the end of the file");
        m_pos += static_cast<std::size_t>(param);
        return Status::ok();
    }
    if (skipFallback())
        return Status::ok();
    Group& g = group();
    if (g.dest == Dest::Skip)
        return Status::ok();
    if (g.dest == Dest::FontTable) {
        if (word == "f" && hasParam) {
            m_fontEntry = param;
        } else if (word == "fcharset" || word == "cpg") {
            if (Font* font = fontEntry(); font && word == "fcharset")
                font->charset = param;
            else if (font && param > 0)
                font->codePage = param;
        } else if (isSkippedDestination(word)) {
            g.dest = Dest::Skip;
        }
        return Status::ok();
    }

    if (isSkippedDestination(word)) {
        g.dest = Dest::Skip;
        return Status::ok();
    }
    if (word == "fonttbl") {
        g.dest = Dest::FontTable;
        return Status::ok();
    }
    if (word == "par" || word == "line" || word == "sect" || word == "page" || word == "row" ||
        word == "nestrow")
        return ascii('\n');
    if (word == "tab" || word == "cell" || word == "nestcell")
        return ascii('\t');
    if (word == "u" && hasParam)
        return unicode(param);
    if (word == "uc") {
        g.uc = std::clamp(hasParam ? param : 1, 0, 16);
        return Status::ok();
    }
    if (word == "f") {
        g.font = hasParam ? param : -1;
        return Status::ok();
    }
    if (word == "plain") {
        g.font = -1;
        g.hidden = false;
        g.deleted = false;
        return Status::ok();
    }
    if (word == "v") {
        g.hidden = !hasParam || param != 0;
        return Status::ok();
    }
    if (word == "deleted") {
        g.deleted = !hasParam || param != 0;
        return Status::ok();
    }
    if (word == "ansicpg") {
        if (param > 0)
            m_codePage = param;
        return Status::ok();
    }
    if (word == "ansi" || word == "mac" || word == "pc" || word == "pca") {
        m_codePage = word == "ansi" ? 1252 : word == "mac" ? 10000 : word == "pc" ? 437 : 850;
        return Status::ok();
    }
    if (word == "deff") {
        m_defaultFont = param;
        return Status::ok();
    }
    static constexpr std::pair<std::string_view, std::string_view> kCharacters[] = {
        {"lquote", "‘"},  {"rquote", "’"},  {"ldblquote", "“"}, {"rdblquote", "”"},
        {"bullet", "•"},  {"emdash", "—"},  {"endash", "–"},    {"emspace", " "},
        {"enspace", " "}, {"qmspace", " "}, {"zwj", "\u200D"},  {"zwnj", "\u200C"},
    };
    for (const auto& [name, utf8] : kCharacters)
        if (word == name)
            return text(utf8);
    return Status::ok();
}

Status RtfReader::controlSymbol(char c, std::size_t at) {
    if (c == '\'') {
        int hi = m_pos < m_in.size() ? hexValue(m_in[m_pos]) : -1;
        int lo = m_pos + 1 < m_in.size() ? hexValue(m_in[m_pos + 1]) : -1;
        if (hi < 0 || lo < 0)
            return Status::ok();  // a bad escape: ignored, as other readers do
        m_pos += 2;
        return byte(static_cast<char>(hi * 16 + lo), at);
    }
    if (skipFallback())
        return Status::ok();
    switch (c) {
        case '*':
            group().dest = Dest::Skip;
            return Status::ok();
        case '\\':
        case '{':
        case '}':
            return ascii(c);
        case '~':
            return text("\u00A0");
        case '_':
            return ascii('-');
        case '\n':
        case '\r':
            return ascii('\n');
        default:
            return Status::ok();  // \- (optional hyphen), \: and \| (index, formula)
    }
}

Result<ExtractedText> RtfReader::read() {
    std::string_view start = m_in;
    if (start.starts_with("\xEF\xBB\xBF"))
        start.remove_prefix(3);
    while (!start.empty() && (start.front() == ' ' || start.front() == '\t' ||
                              start.front() == '\r' || start.front() == '\n'))
        start.remove_prefix(1);
    if (!start.starts_with("{\\rtf"))
        return refuse(m_in.empty() ? "the file is empty"
                                   : "not an RTF document (it does not start with {\\rtf)");
    m_pos = m_in.size() - start.size();

    bool closed = false;
    while (m_pos < m_in.size() && !closed) {
        const std::size_t at = m_pos;
        const char c = m_in[m_pos++];
        Status status;
        if (c == '{') {
            if (m_groups.size() >= kMaxRtfDepth)
                return refuse("damaged RTF: groups are nested more than " +
                              std::to_string(kMaxRtfDepth) + " deep");
            m_groups.push_back(m_groups.empty() ? Group() : m_groups.back());
            m_skip = 0;
        } else if (c == '}') {
            m_groups.pop_back();
            m_skip = 0;
            closed = m_groups.empty();
        } else if (c == '\\') {
            if (m_pos >= m_in.size())
                break;
            if (isAsciiLetter(m_in[m_pos])) {
                std::size_t wordStart = m_pos;
                while (m_pos < m_in.size() && isAsciiLetter(m_in[m_pos]))
                    ++m_pos;
                std::string_view word =
                    m_in.substr(wordStart, std::min<std::size_t>(m_pos - wordStart, 32));
                bool negative = false;
                if (m_pos + 1 < m_in.size() && m_in[m_pos] == '-' &&
                    isAsciiDigit(m_in[m_pos + 1])) {
                    negative = true;
                    ++m_pos;
                }
                bool hasParam = false;
                std::int64_t value = 0;
                while (m_pos < m_in.size() && isAsciiDigit(m_in[m_pos])) {
                    hasParam = true;
                    if (value < std::numeric_limits<int>::max())
                        value = value * 10 + (m_in[m_pos] - '0');
                    ++m_pos;
                }
                value = std::min<std::int64_t>(value, std::numeric_limits<int>::max());
                if (m_pos < m_in.size() && m_in[m_pos] == ' ')
                    ++m_pos;
                status = controlWord(word, hasParam, static_cast<int>(negative ? -value : value));
            } else {
                status = controlSymbol(m_in[m_pos++], at);
            }
        } else if (c == '\r' || c == '\n') {
            // Line breaks in the file are not text.
        } else if (skipFallback()) {
        } else if (c == '\t') {
            status = ascii('\t');
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            status = byte(c, at);
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            status = ascii(c);
        }
        if (!status.isOk())
            return status;
    }
    if (!closed)
        return refuse("damaged RTF: a group is not closed (the file may be cut off)");
    settleSurrogate();
    if (Status s = flushRun(); !s.isOk())
        return s;

    // Table rows: no tab before a row's end.
    std::string out;
    out.reserve(m_text.size());
    for (char c : m_text) {
        if (c == '\n')
            while (!out.empty() && out.back() == '\t')
                out.pop_back();
        out += c;
    }
    return ExtractedText{std::move(out), "RTF", std::nullopt, {}};
}

}  // namespace

Result<ExtractedText> readRtf(std::string_view bytes, const std::string& file,
                              const ReadOptions& /*options*/) {
    return RtfReader(bytes, file).read();
}

}  // namespace margin::corpus
