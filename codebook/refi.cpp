#include "codebook/refi.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "codebook/color.h"
#include "corpus/encoding.h"
#include "corpus/formats.h"
#include "corpus/importer.h"
#include "corpus/sha256.h"
#include "corpus/speakers.h"
#include "corpus/sqlite.h"
#include "corpus/text.h"
#include "corpus/xml.h"
#include "corpus/zip.h"

namespace margin::codebook::refi {
namespace fs = std::filesystem;
using corpus::CharPos;

namespace {

constexpr std::string_view kProjectNs = "urn:QDA-XML:project:1.0";
constexpr std::string_view kCodebookNs = "urn:QDA-XML:codebook:1.0";
constexpr std::string_view kOrigin = "Margin 0.1.0";
// A TextSource's Description as Margin writes it (and reads it back).
constexpr const char* kOriginalFile = "Original file: ";
constexpr const char* kOriginalSha = "SHA-256 of the original file: ";

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A GUID made from `seed`: the same seed always gives the same GUID (the
// form of a name-based UUID, version 5, from SHA-256).
std::string derivedGuid(const std::string& seed) {
    std::string h = corpus::sha256Hex(seed);
    h[12] = '5';
    h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20, 12);
}

// --- writing XML ------------------------------------------------------------

// Characters XML 1.0 cannot hold are dropped (stored text has none).
void escapeInto(std::string& out, std::string_view s, bool attribute) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += attribute ? "&quot;" : "\"";
                break;
            case '\r':
                out += "&#13;";
                break;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                break;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                break;
            default:
                if (c < 0x20)
                    break;
                // U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters.
                if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                    (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
                    i += 2;
                    break;
                }
                out += static_cast<char>(c);
        }
    }
}

// A small writer: indented elements, attributes in the order given,
// elements holding text written on one line.
class XmlWriter {
public:
    XmlWriter() { m_out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"; }
    XmlWriter& start(std::string_view name) {
        closeStart();
        m_out += "\n";
        m_out.append(m_stack.size() * 2, ' ');
        m_out += "<";
        m_out += name;
        m_stack.push_back({std::string(name), false});
        m_open = true;
        return *this;
    }
    XmlWriter& attr(std::string_view name, std::string_view value) {
        m_out += " ";
        m_out += name;
        m_out += "=\"";
        escapeInto(m_out, value, true);
        m_out += "\"";
        return *this;
    }
    XmlWriter& attr(std::string_view name, std::int64_t value) {
        return attr(name, std::to_string(value));
    }
    void end() {
        Frame f = m_stack.back();
        m_stack.pop_back();
        if (m_open) {
            m_out += "/>";
            m_open = false;
            if (!m_stack.empty())
                m_stack.back().children = true;
            return;
        }
        if (f.children) {
            m_out += "\n";
            m_out.append(m_stack.size() * 2, ' ');
        }
        m_out += "</" + f.name + ">";
        if (!m_stack.empty())
            m_stack.back().children = true;
    }
    // <name>text</name>
    void element(std::string_view name, std::string_view text) {
        start(name);
        m_out += ">";
        m_open = false;
        escapeInto(m_out, text, false);
        m_out += "</";
        m_out += name;
        m_out += ">";
        m_stack.pop_back();
        m_stack.back().children = true;
    }
    std::string finish() {
        while (!m_stack.empty())
            end();
        return m_out + "\n";
    }

private:
    void closeStart() {
        if (m_open) {
            m_out += ">";
            m_open = false;
        }
        if (!m_stack.empty())
            m_stack.back().children = true;
    }
    struct Frame {
        std::string name;
        bool children;
    };
    std::string m_out;
    std::vector<Frame> m_stack;
    bool m_open = false;
};

// A code's fields in one Description: the definition, then the other
// fields as labelled paragraphs (read back by splitDescription).
const char* const kLabels[] = {"When to use: ", "When not to use: ", "Example: ", "Memo: "};

std::string codeDescription(const Code& c) {
    std::string out = c.definition;
    const std::string* fields[] = {&c.whenToUse, &c.whenNotToUse, &c.example, &c.memo};
    for (int i = 0; i < 4; ++i) {
        if (fields[i]->empty())
            continue;
        if (!out.empty())
            out += "\n\n";
        out += kLabels[i] + *fields[i];
    }
    return out;
}

CodeFields splitDescription(std::string text) {
    CodeFields f;
    std::optional<std::string>* fields[] = {&f.whenToUse, &f.whenNotToUse, &f.example, &f.memo};
    for (int i = 3; i >= 0; --i) {
        std::string label = kLabels[i];
        std::size_t at = std::string::npos;
        if (text.starts_with(label))
            at = 0;
        std::size_t para = text.rfind("\n\n" + label);
        if (para != std::string::npos)
            at = para;
        if (at == std::string::npos)
            continue;
        std::size_t valueStart = at == 0 && text.starts_with(label) && para == std::string::npos
                                     ? label.size()
                                     : at + 2 + label.size();
        *fields[i] = text.substr(valueStart);
        text.resize(at);
    }
    f.definition = text;
    return f;
}

// "#RGB" and "#RRGGBB" as the schema's RGBType.
bool isRgb(std::string_view s) {
    if (s.size() != 4 && s.size() != 7)
        return false;
    if (s[0] != '#')
        return false;
    return std::all_of(s.begin() + 1, s.end(),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// A decimal number as xsd:decimal writes it (no exponent).
std::string decimalText(const std::string& value) {
    auto number = corpus::parseNumber(value);
    if (!number)
        return value;
    std::string s = corpus::formatNumber(*number);
    if (s.find_first_of("eE") == std::string::npos)
        return s;
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(17);
    out << std::fixed << *number;
    std::string fixed = out.str();
    if (fixed.find('.') != std::string::npos) {
        while (fixed.back() == '0')
            fixed.pop_back();
        if (fixed.back() == '.')
            fixed.pop_back();
    }
    return fixed;
}

// --- GUIDs Margin keeps for objects without a GUID column --------------------

// meta keys: "refi-guid:source:<document id>", "...:case:<participant id>",
// "...:variable:<attribute id>".
std::string metaKey(const char* kind, std::int64_t id) {
    return std::string("refi-guid:") + kind + ":" + std::to_string(id);
}

Result<std::map<std::string, std::string>> keptGuids(sqlite3* db) {
    std::map<std::string, std::string> out;
    corpus::sql::Statement q(db, "SELECT key, value FROM meta WHERE key LIKE 'refi-guid:%'");
    while (q.step())
        out[q.text(0)] = q.text(1);
    if (!q.status().isOk())
        return q.status();
    return out;
}

Result<std::string> projectId(sqlite3* db) {
    corpus::sql::Statement q(db, "SELECT value FROM meta WHERE key = 'project_id'");
    if (q.step())
        return q.text(0);
    if (!q.status().isOk())
        return q.status();
    return std::string();
}

}  // namespace

// --- conventions ------------------------------------------------------------

std::string PositionConvention::describe() const {
    std::string out = utf16 ? "UTF-16 code units" : "code points";
    out += crlfAsOne ? ", CRLF counted as 1" : ", CRLF counted as 2";
    if (bomCounted)
        out += ", byte-order mark counted";
    return out;
}

const std::vector<PositionConvention>& conventions() {
    static const std::vector<PositionConvention> all = {
        {false, false, false},  // the standard
        {true, false, false},   // NVivo
        {false, false, true},   // QualCoder with a BOM
        {false, true, false},  {true, true, false}, {true, false, true},
        {false, true, true},   {true, true, true},
    };
    return all;
}

std::string guidKey(std::string_view guid) {
    std::string_view g = corpus::trimSpace(guid);
    if (g.size() >= 2 && g.front() == '{' && g.back() == '}')
        g = g.substr(1, g.size() - 2);
    return lower(g);
}

bool isGuid(std::string_view text) {
    std::string_view g = corpus::trimSpace(text);
    if (g.size() == 38 && g.front() == '{' && g.back() == '}')
        g = g.substr(1, 36);
    if (g.size() != 36)
        return false;
    for (std::size_t i = 0; i < 36; ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? g[i] != '-' : !std::isxdigit(static_cast<unsigned char>(g[i])))
            return false;
    }
    return true;
}

// --- source texts -----------------------------------------------------------

struct SourceText::Impl {
    std::string raw;        // as counted with CRLF as 2
    std::string collapsed;  // CRLF -> LF, as counted with CRLF as 1
    corpus::NormalizedText two, one;
    std::unique_ptr<corpus::OffsetIndex> rawIndex, collapsedIndex;
    bool bom = false, crlf = false, supplementary = false;
};

SourceText::SourceText(std::string raw, bool hadBom) : d(std::make_unique<Impl>()) {
    d->raw = std::move(raw);
    d->bom = hadBom;
    d->crlf = d->raw.find("\r\n") != std::string::npos;
    d->collapsed.reserve(d->raw.size());
    for (std::size_t i = 0; i < d->raw.size(); ++i)
        if (!(d->raw[i] == '\r' && i + 1 < d->raw.size() && d->raw[i + 1] == '\n'))
            d->collapsed += d->raw[i];
    for (unsigned char c : d->raw)
        if (c >= 0xF0)
            d->supplementary = true;
    d->two = corpus::normalizeTextWithMap(d->raw);
    d->one = d->crlf ? corpus::normalizeTextWithMap(d->collapsed) : d->two;
    d->rawIndex = std::make_unique<corpus::OffsetIndex>(d->raw);
    d->collapsedIndex = std::make_unique<corpus::OffsetIndex>(d->collapsed);
}

SourceText::~SourceText() = default;

const std::string& SourceText::normalized() const {
    return d->two.text;
}
bool SourceText::hasBom() const {
    return d->bom;
}
bool SourceText::hasCrlf() const {
    return d->crlf;
}
bool SourceText::hasSupplementary() const {
    return d->supplementary;
}

std::optional<CharPos> SourceText::map(std::int64_t position,
                                       const PositionConvention& convention) const {
    if (position < 0)
        return std::nullopt;
    if (convention.bomCounted && d->bom)
        position = position == 0 ? 0 : position - 1;
    const bool one = convention.crlfAsOne;
    const corpus::OffsetIndex& index = one ? *d->collapsedIndex : *d->rawIndex;
    const std::vector<std::int64_t>& map = one ? d->one.map : d->two.map;
    std::optional<CharPos> cp = position;
    if (convention.utf16)
        cp = index.charPosFromUtf16(position);
    if (!cp || *cp < 0 || *cp >= static_cast<CharPos>(map.size()))
        return std::nullopt;
    return map[static_cast<std::size_t>(*cp)];
}

// --- reading the XML --------------------------------------------------------

namespace {

class RefiHandler : public corpus::XmlHandler {
public:
    explicit RefiHandler(RefiFile& out) : m_out(out) {}

    Status startElement(const corpus::XmlElement& e) override {
        const std::string name(e.name);
        const std::string parent = m_stack.empty() ? "" : m_stack.back();
        m_stack.push_back(name);
        m_text = nullptr;
        auto a = [&](std::string_view attr) { return std::string(e.attribute(attr).value_or("")); };
        auto has = [&](std::string_view attr) { return e.attribute(attr).has_value(); };
        if (e.depth == 1) {
            if (name != "Project" && name != "CodeBook")
                return Status::invalidInput("the root element is <" + name +
                                            ">, not a REFI-QDA <Project> or <CodeBook>");
            m_out.isCodebook = name == "CodeBook";
            std::string_view want = m_out.isCodebook ? kCodebookNs : kProjectNs;
            if (e.ns != want)
                warn("the root element's namespace is '" + std::string(e.ns) + "', not '" +
                     std::string(want) + "'");
            m_out.name = a("name");
            m_out.origin = a("origin");
            m_out.creatingUser = a("creatingUserGUID");
            return Status::ok();
        }
        // What the enclosing element opened (only elements this reader
        // made an object for count): children attach to that object only.
        const Kind up = openedAt(e.depth - 1);
        const bool textSource = (up == Kind::Source && m_out.sources.back().kind == "TextSource") ||
                                up == Kind::Representation;
        Kind opened = Kind::None;
        if (name == "User" && parent == "Users") {
            m_out.users.emplace_back(a("guid"), has("name") ? a("name") : a("id"));
            checkGuid("User", m_out.users.back().second, m_out.users.back().first);
        } else if (name == "Code" && (parent == "Codes" || up == Kind::Code)) {
            RefiCode c;
            c.guid = a("guid");
            c.name = a("name");
            c.parent = up == Kind::Code ? m_codes.back() : -1;
            if (!has("isCodable"))
                warn("Code '" + c.name + "' has no isCodable attribute (required)");
            c.codable = a("isCodable") != "false" && a("isCodable") != "0";
            if (has("color")) {
                if (isRgb(a("color")))
                    c.color = a("color");
                else
                    warn("Code '" + c.name + "': colour '" + a("color") +
                         "' is not #RRGGBB (ignored)");
            }
            if (c.name.empty())
                problem("a Code (guid '" + c.guid + "') has no name");
            checkGuid("Code", c.name, c.guid);
            if (c.guid.empty())
                c.guid = derivedGuid("code without guid:" + std::to_string(m_out.codes.size()) +
                                     ":" + c.name);
            m_codes.push_back(static_cast<int>(m_out.codes.size()));
            m_out.codes.push_back(std::move(c));
            opened = Kind::Code;
        } else if (name == "Set" && parent == "Sets") {
            m_out.sets.push_back({a("guid"), a("name"), "", {}});
            checkGuid("Set", a("name"), a("guid"));
            opened = Kind::Set;
        } else if (name == "MemberCode" && up == Kind::Set) {
            m_out.sets.back().codes.push_back(a("guid").empty() ? a("targetGUID") : a("guid"));
        } else if (name == "Variable" && parent == "Variables") {
            m_out.variables.push_back({a("guid"), a("name"), a("typeOfVariable"), ""});
            checkGuid("Variable", a("name"), a("guid"));
            opened = Kind::Variable;
        } else if (name == "Case" && parent == "Cases") {
            m_out.cases.push_back({a("guid"), a("name"), "", {}, {}});
            checkGuid("Case", a("name"), a("guid"));
            opened = Kind::Case;
        } else if (name == "VariableValue" && up == Kind::Case) {
            opened = Kind::VariableValue;
        } else if (name == "VariableRef" && up == Kind::VariableValue) {
            m_out.cases.back().values.emplace_back(a("targetGUID"), "");
        } else if (name.ends_with("Value") && up == Kind::VariableValue) {
            if (!m_out.cases.back().values.empty())
                m_text = &m_out.cases.back().values.back().second;
        } else if ((name == "SourceRef" || name == "SelectionRef") && up == Kind::Case) {
            m_out.cases.back().sources.push_back(a("targetGUID"));
        } else if (parent == "Sources" && name.ends_with("Source")) {
            RefiSource src;
            src.kind = name;
            src.guid = a("guid");
            src.name = a("name");
            src.plainTextPath = a("plainTextPath");
            src.richTextPath = a("richTextPath");
            src.path = a("path");
            src.user = a("creatingUser");
            checkGuid(name, src.name, src.guid);
            m_out.sources.push_back(std::move(src));
            opened = Kind::Source;
        } else if (name == "Representation" && up == Kind::Source &&
                   m_out.sources.back().kind == "PDFSource") {
            if (!a("plainTextPath").empty())
                m_out.sources.back().plainTextPath = a("plainTextPath");
            opened = Kind::Representation;
        } else if (name == "PlainTextContent" && textSource) {
            m_out.sources.back().plainTextContent.emplace();
            m_text = &*m_out.sources.back().plainTextContent;
        } else if (name == "PlainTextSelection" && textSource) {
            RefiSelection sel;
            sel.guid = a("guid");
            sel.name = a("name");
            sel.user = a("creatingUser");
            checkGuid("PlainTextSelection", sel.name, sel.guid);
            auto number = [&](const char* attr, std::int64_t& into) {
                std::string v = a(attr);
                char* end = nullptr;
                long long n = std::strtoll(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || n < 0) {
                    warn("PlainTextSelection '" + sel.guid + "': " + attr + " '" + v +
                         "' is not a position (the selection is skipped)");
                    return false;
                }
                into = n;
                return true;
            };
            bool ok = number("startPosition", sel.start);
            ok = number("endPosition", sel.end) && ok;
            m_skipSelection = !ok;
            m_out.sources.back().selections.push_back(std::move(sel));
            opened = Kind::Selection;
        } else if (name == "Coding" && (up == Kind::Selection || textSource)) {
            if (up != Kind::Selection) {
                RefiSelection whole;
                whole.wholeSource = true;
                whole.guid = derivedGuid("whole:" + a("guid"));
                m_out.sources.back().selections.push_back(std::move(whole));
            }
            m_out.sources.back().selections.back().codings.push_back(
                {a("guid"), "", a("creatingUser"), {}});
            checkGuid("Coding", "", a("guid"));
            opened = Kind::Coding;
        } else if (name == "CodeRef" && up == Kind::Coding) {
            m_out.sources.back().selections.back().codings.back().code = a("targetGUID");
        } else if (name == "NoteRef" && up == Kind::Coding) {
            m_out.sources.back().selections.back().codings.back().notes.push_back(a("targetGUID"));
        } else if (name == "NoteRef" && up == Kind::Selection) {
            m_out.sources.back().selections.back().notes.push_back(a("targetGUID"));
        } else if (name == "Note" && parent == "Notes") {
            m_out.notes.push_back({a("guid"), a("name"), a("plainTextPath"), std::nullopt});
            checkGuid("Note", a("name"), a("guid"));
            opened = Kind::Note;
        } else if (name == "PlainTextContent" && up == Kind::Note) {
            m_out.notes.back().content.emplace();
            m_text = &*m_out.notes.back().content;
        } else if (name == "Description") {
            if (up == Kind::Code)
                m_text = &m_out.codes[static_cast<std::size_t>(m_codes.back())].description;
            else if (up == Kind::Set)
                m_text = &m_out.sets.back().description;
            else if (up == Kind::Variable)
                m_text = &m_out.variables.back().description;
            else if (up == Kind::Case)
                m_text = &m_out.cases.back().description;
            else if (up == Kind::Selection)
                m_text = &m_out.sources.back().selections.back().description;
            else if (up == Kind::Source && textSource)
                m_text = &m_out.sources.back().description;
        } else if (!known(name)) {
            if (m_unknown.insert(name).second)
                warn("unknown element <" + name + "> (ignored)");
        }
        if (static_cast<std::size_t>(e.depth) >= m_opened.size())
            m_opened.resize(static_cast<std::size_t>(e.depth) + 1, Kind::None);
        m_opened[static_cast<std::size_t>(e.depth)] = opened;
        return Status::ok();
    }

    Status endElement(const corpus::XmlElement& e) override {
        m_text = nullptr;
        const Kind closing = openedAt(e.depth);
        if (closing == Kind::Code)
            m_codes.pop_back();
        if (closing == Kind::Selection && m_skipSelection) {
            m_out.sources.back().selections.pop_back();
            m_skipSelection = false;
        }
        if (static_cast<std::size_t>(e.depth) < m_opened.size())
            m_opened[static_cast<std::size_t>(e.depth)] = Kind::None;
        m_stack.pop_back();
        return Status::ok();
    }

    Status text(std::string_view utf8) override {
        if (m_text)
            m_text->append(utf8);
        return Status::ok();
    }

    // After the walk: references resolved, problems that make the file
    // untrustworthy returned as one error.
    Status finish() {
        std::set<std::string> codes;
        for (const RefiCode& c : m_out.codes)
            codes.insert(guidKey(c.guid));
        for (const RefiSet& s : m_out.sets)
            for (const std::string& member : s.codes)
                if (!codes.contains(guidKey(member)))
                    problem("Set '" + s.name + "' lists MemberCode '" + member +
                            "', which is not a code of the file");
        for (const RefiSource& s : m_out.sources)
            for (const RefiSelection& sel : s.selections)
                for (const RefiCoding& c : sel.codings)
                    if (!codes.contains(guidKey(c.code)))
                        problem("source '" + s.name + "': a Coding refers to code '" + c.code +
                                "', which is not in the file");
        if (!m_out.isCodebook && m_out.name.empty())
            warn("the Project has no name (required)");
        if (m_out.isCodebook && m_out.codes.empty())
            warn("the CodeBook has no codes");
        if (m_problems.empty())
            return Status::ok();
        std::string message = "not a valid REFI-QDA " +
                              std::string(m_out.isCodebook ? "codebook" : "project") + ": " +
                              m_problems.front();
        if (m_problems.size() > 1)
            message += " (and " + std::to_string(m_problems.size() - 1) +
                       " more: " + m_problems[1] + (m_problems.size() > 2 ? "; ..." : "") + ")";
        return Status::invalidInput(message);
    }

private:
    void warn(std::string w) { m_out.warnings.push_back(std::move(w)); }
    void problem(std::string p) { m_problems.push_back(std::move(p)); }
    void checkGuid(const std::string& what, const std::string& name, const std::string& guid) {
        std::string label = what + (name.empty() ? "" : " '" + name + "'");
        if (guid.empty()) {
            warn(label + " has no guid (required; one is made)");
            return;
        }
        if (!isGuid(guid)) {
            problem(label + " has guid '" + guid + "', which is not a GUID");
            return;
        }
        if (!m_guids.insert(guidKey(guid)).second)
            problem(label + ": guid '" + guid + "' is used twice");
    }
    static bool known(const std::string& name) {
        static const std::set<std::string> names = {"Users",
                                                    "CodeBook",
                                                    "Codes",
                                                    "Variables",
                                                    "Cases",
                                                    "Sources",
                                                    "Notes",
                                                    "Links",
                                                    "Sets",
                                                    "Graphs",
                                                    "Description",
                                                    "NoteRef",
                                                    "CodeRef",
                                                    "VariableValue",
                                                    "SourceRef",
                                                    "SelectionRef",
                                                    "MemberSource",
                                                    "MemberNote",
                                                    "Link",
                                                    "Graph",
                                                    "Vertex",
                                                    "Edge",
                                                    "PictureSelection",
                                                    "PDFSelection",
                                                    "AudioSelection",
                                                    "VideoSelection",
                                                    "Transcript",
                                                    "SyncPoint",
                                                    "TranscriptSelection",
                                                    "TextDescription",
                                                    "Representation",
                                                    "PlainTextContent",
                                                    "Coding",
                                                    "PlainTextSelection",
                                                    "User",
                                                    "Code",
                                                    "Set",
                                                    "MemberCode",
                                                    "Variable",
                                                    "Case",
                                                    "Note",
                                                    "VariableRef"};
        return names.contains(name) || name.ends_with("Source") || name.ends_with("Value");
    }

    enum class Kind {
        None,
        Code,
        Set,
        Variable,
        Case,
        VariableValue,
        Source,
        Representation,
        Selection,
        Coding,
        Note
    };
    Kind openedAt(int depth) const {
        return depth >= 0 && static_cast<std::size_t>(depth) < m_opened.size()
                   ? m_opened[static_cast<std::size_t>(depth)]
                   : Kind::None;
    }

    RefiFile& m_out;
    std::vector<std::string> m_stack;
    std::vector<Kind> m_opened;  // by depth: the object the element there opened
    std::vector<int> m_codes;    // open Code elements
    std::string* m_text = nullptr;
    bool m_skipSelection = false;
    std::set<std::string> m_guids;
    std::set<std::string> m_unknown;
    std::vector<std::string> m_problems;
};

}  // namespace

Result<RefiFile> parseRefiXml(std::string_view xml, const std::string& file) {
    RefiFile out;
    RefiHandler handler(out);
    // No part name: messages read "FILE: line N: ...".
    corpus::XmlLimits limits;
    limits.errorColumn = true;
    Status s = corpus::parseXml(xml, file, "", handler, limits);
    if (!s.isOk()) {
        std::string m = s.message();
        if (m.starts_with(file + ": : "))
            m = file + ": " + m.substr(file.size() + 4);
        return Status::invalidInput(m);
    }
    if (Status f = handler.finish(); !f.isOk())
        return f.withContext(file);
    return out;
}

// --- detection --------------------------------------------------------------

namespace {

// The text a selection's name records, compared with what a convention
// selects: equal after normalising and trimming, or a prefix when the name
// was cut short ("..." or "…").
bool nameMatches(const std::string& name, std::string_view selected) {
    std::string want(corpus::trimSpace(corpus::normalizeText(name)));
    std::string_view got = corpus::trimSpace(selected);
    if (want.empty())
        return false;
    for (std::string_view cut : {"…", "..."})
        if (want.size() > cut.size() && want.ends_with(cut)) {
            std::string prefix(corpus::trimSpace(want.substr(0, want.size() - cut.size())));
            return !prefix.empty() && got.starts_with(prefix);
        }
    return want == got;
}

}  // namespace

std::string Detection::describe() const {
    std::string out = convention.describe();
    if (convention == conventions().front())
        out += " (the standard's)";
    out += ": " + std::to_string(inside) + " of " + std::to_string(selections) +
           " selections inside their sources";
    if (named > 0)
        out += ", " + std::to_string(matched) + " of " + std::to_string(named) +
               " on the text their name records";
    return out;
}

Detection detectConvention(const std::vector<const RefiSelection*>& selections,
                           const std::vector<const SourceText*>& texts, std::string_view origin) {
    // A tool's known habit breaks ties.
    std::string tool = lower(origin);
    PositionConvention habit = conventions().front();
    if (tool.find("nvivo") != std::string::npos)
        habit = {true, false, false};
    else if (tool.find("qualcoder") != std::string::npos)
        habit = {false, false, true};
    Detection best;
    bool first = true;
    auto rank = [&](const Detection& d) {
        return std::tuple(d.matched, d.inside, d.convention == habit);
    };
    for (const PositionConvention& c : conventions()) {
        Detection d;
        d.convention = c;
        for (std::size_t i = 0; i < selections.size(); ++i) {
            const RefiSelection& s = *selections[i];
            if (s.wholeSource)
                continue;
            ++d.selections;
            auto start = texts[i]->map(s.start, c);
            auto end = texts[i]->map(s.end, c);
            if (!start || !end || *end < *start)
                continue;
            ++d.inside;
            if (s.name.empty())
                continue;
            ++d.named;
            auto slice = corpus::sliceChars(texts[i]->normalized(), *start, *end);
            if (slice && nameMatches(s.name, *slice))
                ++d.matched;
        }
        if (first || rank(d) > rank(best))
            best = d;
        first = false;
    }
    return best;
}

// --- export -----------------------------------------------------------------

namespace {

// The code tree: Code elements nested as the codes are.
void writeCodes(XmlWriter& w, const std::vector<Code>& codes) {
    std::map<std::optional<CodeId>, std::vector<const Code*>> children;
    for (const Code& c : codes)
        children[c.parent].push_back(&c);
    std::function<void(const Code&)> write = [&](const Code& c) {
        w.start("Code").attr("guid", c.guid).attr("name", c.name).attr("isCodable", "true");
        if (isRgb(c.color))
            w.attr("color", c.color);
        if (std::string d = codeDescription(c); !d.empty())
            w.element("Description", d);
        for (const Code* child : children[c.id])
            write(*child);
        w.end();
    };
    w.start("Codes");
    for (const Code* top : children[std::nullopt])
        write(*top);
    w.end();
}

}  // namespace

Result<std::string> exportCodebook(const Codebook& codebook) {
    auto codes = codebook.codes();
    if (!codes.isOk())
        return codes.status();
    if (codes->empty())
        return Status::invalidInput(
            "the project has no codes (a REFI-QDA codebook holds at least one)");
    XmlWriter w;
    w.start("CodeBook").attr("xmlns", kCodebookNs).attr("origin", kOrigin);
    writeCodes(w, *codes);
    return w.finish();
}

Result<std::string> exportProject(const corpus::Store& store, const Codebook& codebook,
                                  const std::string& name) {
    sqlite3* db = store.connection();
    auto kept = keptGuids(db);
    auto pid = projectId(db);
    auto documents = store.documents();
    auto participants = store.participants();
    auto attributes = store.attributes();
    auto codes = codebook.codes();
    auto codings = codebook.codings();
    if (!kept.isOk() || !pid.isOk() || !documents.isOk() || !participants.isOk() ||
        !attributes.isOk() || !codes.isOk() || !codings.isOk()) {
        for (const Status* s :
             {&kept.status(), &pid.status(), &documents.status(), &participants.status(),
              &attributes.status(), &codes.status(), &codings.status()})
            if (!s->isOk())
                return *s;
    }
    auto guidFor = [&](const char* kind, std::int64_t id, const std::string& nameKey) {
        auto it = kept->find(metaKey(kind, id));
        if (it != kept->end())
            return it->second;
        return derivedGuid(*pid + ":" + kind + ":" + nameKey);
    };

    // Coders, with their GUIDs.
    std::vector<std::pair<std::string, std::string>> users;  // name, guid
    std::map<std::string, std::string> userGuid;
    {
        corpus::sql::Statement q(db, "SELECT name, guid FROM coders ORDER BY id");
        while (q.step()) {
            users.emplace_back(q.text(0), q.text(1));
            userGuid[q.text(0)] = q.text(1);
        }
        if (!q.status().isOk())
            return q.status();
    }
    std::map<CodeId, std::string> codeGuid;
    for (const Code& c : *codes)
        codeGuid[c.id] = c.guid;

    XmlWriter w;
    w.start("Project")
        .attr("xmlns", kProjectNs)
        .attr("name", name)
        .attr("origin", kOrigin)
        .attr("creationDateTime", corpus::nowIso8601());
    if (!users.empty()) {
        w.start("Users");
        for (const auto& [n, g] : users)
            w.start("User").attr("guid", g).attr("name", n).end();
        w.end();
    }
    if (!codes->empty()) {
        w.start("CodeBook");
        writeCodes(w, *codes);
        w.end();
    }
    std::map<std::string, std::string> variableGuid;
    std::map<std::string, corpus::AttributeType> variableType;
    if (!attributes->empty()) {
        w.start("Variables");
        for (const corpus::Attribute& a : *attributes) {
            std::string g = guidFor("variable", a.id, a.name);
            variableGuid[a.name] = g;
            variableType[a.name] = a.type;
            w.start("Variable")
                .attr("guid", g)
                .attr("name", a.name)
                .attr("typeOfVariable", a.type == corpus::AttributeType::Number ? "Float" : "Text");
            if (a.type == corpus::AttributeType::Category)
                w.element("Description", "category");
            w.end();
        }
        w.end();
    }
    std::map<std::string, std::string> sourceGuid;
    for (const corpus::DocumentInfo& d : *documents)
        sourceGuid[d.name] = guidFor("source", d.id, d.name);
    if (!participants->empty()) {
        w.start("Cases");
        for (const corpus::Participant& p : *participants) {
            w.start("Case").attr("guid", guidFor("case", p.id, p.name)).attr("name", p.name);
            for (const corpus::Attribute& a : *attributes) {
                auto v = p.values.find(a.name);
                if (v == p.values.end())
                    continue;
                w.start("VariableValue");
                w.start("VariableRef").attr("targetGUID", variableGuid[a.name]).end();
                if (a.type == corpus::AttributeType::Number)
                    w.element("FloatValue", decimalText(v->second));
                else
                    w.element("TextValue", v->second);
                w.end();
            }
            for (const std::string& doc : p.documents)
                if (sourceGuid.contains(doc))
                    w.start("SourceRef").attr("targetGUID", sourceGuid[doc]).end();
            w.end();
        }
        w.end();
    }

    std::vector<corpus::ZipEntry> entries;
    entries.push_back({"project.qde", ""});
    std::map<corpus::DocumentId, std::vector<const Coding*>> byDocument;
    for (const Coding& c : *codings)
        byDocument[c.document].push_back(&c);
    std::vector<std::pair<std::string, std::string>> notes;  // guid, text
    if (!documents->empty()) {
        w.start("Sources");
        for (const corpus::DocumentInfo& d : *documents) {
            auto text = store.documentText(d.id);
            if (!text.isOk())
                return text.status();
            const std::string& g = sourceGuid[d.name];
            entries.push_back({"sources/" + g + ".txt", *text});
            w.start("TextSource")
                .attr("guid", g)
                .attr("name", d.name)
                .attr("plainTextPath", "internal://" + g + ".txt");
            if (!d.importedAt.empty())
                w.attr("creationDateTime", d.importedAt);
            // The original file, so that a copy made through REFI-QDA still
            // merges with this project (documents match by SHA-256 and text).
            std::string origin;
            if (!d.sourceName.empty())
                origin += kOriginalFile + d.sourceName;
            if (!d.sha256.empty())
                origin += (origin.empty() ? "" : "\n") + std::string(kOriginalSha) + d.sha256;
            if (!origin.empty())
                w.element("Description", origin);
            corpus::OffsetIndex index(*text);
            for (const Coding* c : byDocument[d.id]) {
                w.start("PlainTextSelection").attr("guid", derivedGuid("selection:" + c->guid));
                auto b = index.utf8Offset(c->start), e = index.utf8Offset(c->end);
                if (b && e) {
                    std::string_view quote = std::string_view(*text).substr(*b, *e - *b);
                    if (c->end - c->start > 200)
                        w.attr("name", std::string(*corpus::sliceChars(quote, 0, 200)) + "…");
                    else
                        w.attr("name", quote);
                }
                w.attr("startPosition", c->start).attr("endPosition", c->end);
                std::string user = userGuid.count(c->coder) ? userGuid[c->coder] : "";
                if (!user.empty())
                    w.attr("creatingUser", user);
                if (!c->createdAt.empty())
                    w.attr("creationDateTime", c->createdAt);
                w.start("Coding").attr("guid", c->guid);
                if (!user.empty())
                    w.attr("creatingUser", user);
                if (!c->createdAt.empty())
                    w.attr("creationDateTime", c->createdAt);
                w.start("CodeRef").attr("targetGUID", codeGuid[c->code]).end();
                if (!c->memo.empty()) {
                    std::string note = derivedGuid("note:" + c->guid);
                    notes.emplace_back(note, c->memo);
                    w.start("NoteRef").attr("targetGUID", note).end();
                }
                w.end();  // Coding
                w.end();  // PlainTextSelection
            }
            w.end();  // TextSource
        }
        w.end();
    }
    if (!notes.empty()) {
        w.start("Notes");
        for (const auto& [g, text] : notes) {
            w.start("Note").attr("guid", g).attr("name", "Memo");
            w.element("PlainTextContent", text);
            w.end();
        }
        w.end();
    }
    entries.front().bytes = w.finish();
    return corpus::writeZip(entries, name);
}

// --- import -----------------------------------------------------------------

namespace {

// A .qdc/.qde/.qdpx read from disk, with what it needs to find its sources.
struct Loaded {
    RefiFile file;
    std::unique_ptr<std::string> zipBytes;  // read by `zip` in place: it must not move
    std::unique_ptr<corpus::ZipArchive> zip;
    fs::path folder;  // a bare .qde's folder
    std::string display;
};

Result<Loaded> load(const fs::path& path) {
    Loaded l;
    l.display = path.string();
    auto bytes = corpus::readImportFile(path);
    if (!bytes.isOk())
        return bytes.status();
    std::string ext = lower(path.extension().string());
    std::string xml;
    if (ext == ".qdpx" || bytes->starts_with("PK\x03\x04")) {
        l.zipBytes = std::make_unique<std::string>(std::move(*bytes));
        auto zip = corpus::ZipArchive::open(*l.zipBytes, l.display, "REFI-QDA project");
        if (!zip.isOk())
            return zip.status();
        l.zip = std::move(*zip);
        std::string qde;
        for (const std::string& e : l.zip->entries()) {
            std::string le = lower(e);
            if (le == "project.qde") {
                qde = e;
                break;
            }
            if (qde.empty() && le.ends_with(".qde") && le.find('/') == std::string::npos)
                qde = e;
        }
        if (qde.empty())
            for (const std::string& e : l.zip->entries())
                if (lower(e).ends_with(".qde")) {
                    qde = e;
                    break;
                }
        if (qde.empty())
            return Status::invalidInput(l.display +
                                        ": not a REFI-QDA project (no .qde file in the archive)");
        auto read = l.zip->read(qde);
        if (!read.isOk())
            return read.status();
        xml = std::move(*read);
        auto parsed = parseRefiXml(xml, l.display + ": " + qde);
        if (!parsed.isOk())
            return parsed.status();
        l.file = std::move(*parsed);
    } else {
        auto parsed = parseRefiXml(*bytes, l.display);
        if (!parsed.isOk())
            return parsed.status();
        l.file = std::move(*parsed);
        l.folder = path.parent_path();
    }
    return l;
}

// The bytes an "internal://NAME" (or a relative) path names: the zip's
// sources/NAME, Sources/NAME, any entry with that file name; or, beside a
// bare .qde, the same under its folder. nullopt when it is not there.
Result<std::optional<std::pair<std::string, std::string>>> resolve(Loaded& l,
                                                                   const std::string& path) {
    std::string name = path;
    if (lower(name).starts_with("internal://"))
        name = name.substr(11);
    else if (lower(name).starts_with("relative://"))
        name = name.substr(11);
    else if (name.find("://") != std::string::npos || name.starts_with("/"))
        return std::optional<std::pair<std::string, std::string>>();  // outside the file
    if (name.empty() || !corpus::isSafeZipEntryName(name))
        return std::optional<std::pair<std::string, std::string>>();
    std::string want = lower(name);
    if (l.zip) {
        std::string found;
        for (const std::string& e : l.zip->entries()) {
            std::string le = lower(e);
            if (le == "sources/" + want || le == want) {
                found = e;
                break;
            }
            if (found.empty() && (le.ends_with("/" + want)))
                found = e;
        }
        if (found.empty())
            return std::optional<std::pair<std::string, std::string>>();
        auto bytes = l.zip->read(found);
        if (!bytes.isOk())
            return bytes.status();
        return std::optional(std::pair(found, std::move(*bytes)));
    }
    for (const char* dir : {"sources", "Sources", ""}) {
        fs::path p = l.folder / dir / name;
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) {
            auto bytes = corpus::readImportFile(p);
            if (!bytes.isOk())
                return bytes.status();
            return std::optional(std::pair(p.filename().string(), std::move(*bytes)));
        }
    }
    return std::optional<std::pair<std::string, std::string>>();
}

// A source's text before normalising, as its tool counted it.
struct SourceBytes {
    std::string raw;
    bool bom = false;
    std::string fileName, format, encoding, sha256;
};

Result<std::optional<SourceBytes>> sourceText(Loaded& l, const RefiSource& s,
                                              std::vector<std::string>& warnings) {
    std::string label = s.kind + " '" + (s.name.empty() ? s.guid : s.name) + "'";
    if (!s.plainTextPath.empty()) {
        auto found = resolve(l, s.plainTextPath);
        if (!found.isOk())
            return found.status();
        if (*found) {
            const std::string& bytes = (*found)->second;
            SourceBytes out;
            out.sha256 = corpus::sha256Hex(bytes);
            out.fileName = fs::path((*found)->first).filename().string();
            out.format = "txt";
            out.bom = bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
                      bytes.starts_with("\xFE\xFF");
            auto decoded = corpus::decodeText(bytes);
            if (!decoded.isOk()) {
                warnings.push_back(label + ": " + decoded.status().message() + " (skipped)");
                return std::optional<SourceBytes>();
            }
            out.raw = std::move(decoded->utf8);
            out.encoding = decoded->encoding;
            return std::optional(std::move(out));
        }
        if (!s.plainTextContent)
            warnings.push_back(label + ": its text '" + s.plainTextPath + "' is not in the file");
    }
    if (s.plainTextContent) {
        SourceBytes out;
        out.raw = *s.plainTextContent;
        if (out.raw.starts_with("\xEF\xBB\xBF")) {
            out.raw.erase(0, 3);
            out.bom = true;
        }
        if (corpus::firstInvalidUtf8(out.raw) != std::string::npos)
            return std::optional<SourceBytes>();
        out.sha256 = corpus::sha256Hex(*s.plainTextContent);
        out.fileName = s.name;
        out.format = "txt";
        out.encoding = "UTF-8";
        return std::optional(std::move(out));
    }
    // A document in a format Margin reads (Word, PDF, ...): its text.
    for (const std::string* path : {&s.richTextPath, &s.path}) {
        if (path->empty())
            continue;
        const corpus::Format* format = corpus::formatFor(fs::path(*path));
        if (!format)
            continue;
        auto found = resolve(l, *path);
        if (!found.isOk())
            return found.status();
        if (!*found)
            continue;
        auto extracted = format->read((*found)->second, l.display + ": " + (*found)->first, {});
        if (!extracted.isOk()) {
            warnings.push_back(label + ": " + extracted.status().message() + " (skipped)");
            return std::optional<SourceBytes>();
        }
        SourceBytes out;
        out.sha256 = corpus::sha256Hex((*found)->second);
        out.fileName = fs::path((*found)->first).filename().string();
        out.format = format->extension;
        out.encoding = extracted->encoding;
        out.raw = std::move(extracted->text);
        if (out.raw.starts_with("\xEF\xBB\xBF"))
            out.raw.erase(0, 3);
        return std::optional(std::move(out));
    }
    if (s.plainTextPath.empty())
        warnings.push_back(label + ": no text Margin can read (skipped)");
    return std::optional<SourceBytes>();
}

// Margin's name for a code: no '/', unique among its siblings.
std::string codeName(const std::string& given, const std::set<std::string>& siblingKeys,
                     std::vector<std::string>& renamed, const std::string& parentPath) {
    std::string name(corpus::trimSpace(given));
    std::string fixed;
    for (char c : name)
        fixed += c == '/' ? std::string("∕") : std::string(1, c);
    if (fixed.empty())
        fixed = "(unnamed)";
    std::string candidate = fixed;
    for (int n = 2; siblingKeys.contains(corpus::foldKey(candidate)); ++n)
        candidate = fixed + " (" + std::to_string(n) + ")";
    if (candidate != given)
        renamed.push_back("'" + parentPath + given + "' -> '" + parentPath + candidate + "'");
    return candidate;
}

std::string noteText(Loaded& l, const RefiNote& n, std::vector<std::string>& warnings) {
    if (n.content)
        return std::string(corpus::trimSpace(*n.content));
    if (!n.plainTextPath.empty()) {
        auto found = resolve(l, n.plainTextPath);
        if (found.isOk() && *found) {
            auto decoded = corpus::decodeText((*found)->second);
            if (decoded.isOk())
                return std::string(corpus::trimSpace(corpus::normalizeText(decoded->utf8)));
        }
    }
    warnings.push_back("note '" + n.guid + "': its text is not in the file (ignored)");
    return {};
}

}  // namespace

Result<ImportReport> importProject(corpus::Store& store, const fs::path& path) {
    auto existing = store.documents();
    if (!existing.isOk())
        return existing.status();
    if (!existing->empty())
        return Status::invalidInput(path.string() +
                                    ": a REFI-QDA project is imported into a new project only");
    auto loaded = load(path);
    if (!loaded.isOk())
        return loaded.status();
    Loaded& l = *loaded;
    const RefiFile& f = l.file;
    const std::string file = l.display;
    ImportReport report;
    report.warnings = f.warnings;
    if (f.isCodebook)
        return Status::invalidInput(file +
                                    ": is a codebook (.qdc), not a project: use "
                                    "'margin import-codebook'");

    // Notes by GUID.
    std::map<std::string, std::string> notes;
    for (const RefiNote& n : f.notes)
        notes[guidKey(n.guid)] = noteText(l, n, report.warnings);

    // Sources: their text, then the convention of the whole file.
    std::vector<std::unique_ptr<SourceText>> texts(f.sources.size());
    std::vector<SourceBytes> info(f.sources.size());
    std::vector<const RefiSelection*> allSelections;
    std::vector<const SourceText*> selectionTexts;
    for (std::size_t i = 0; i < f.sources.size(); ++i) {
        const RefiSource& s = f.sources[i];
        auto text = sourceText(l, s, report.warnings);
        if (!text.isOk())
            return text.status();
        if (!*text || corpus::trimSpace(corpus::normalizeText((*text)->raw)).empty()) {
            if (*text)
                report.warnings.push_back("source '" + s.name + "' is empty (skipped)");
            int lost = 0;
            for (const RefiSelection& sel : s.selections)
                lost += static_cast<int>(sel.codings.size());
            if (lost > 0)
                report.warnings.push_back("source '" + s.name + "': its " + std::to_string(lost) +
                                          " codings were not imported");
            continue;
        }
        info[i] = std::move(**text);
        texts[i] = std::make_unique<SourceText>(info[i].raw, info[i].bom);
        for (const RefiSelection& sel : s.selections) {
            allSelections.push_back(&sel);
            selectionTexts.push_back(texts[i].get());
        }
    }
    Detection detection = detectConvention(allSelections, selectionTexts, f.origin);
    if (detection.selections > 0)
        report.positions = detection.describe();

    // Cases and variables: a participants table.
    std::map<std::string, int> variableIndex;  // guid key -> column
    corpus::ParticipantTable table;
    table.source = file;
    std::vector<std::string> variableGuids;
    for (const RefiVariable& v : f.variables) {
        corpus::ParticipantTable::Column column;
        column.name = std::string(corpus::trimSpace(v.name));
        std::string type = lower(v.type);
        column.type = type == "integer" || type == "float" ? corpus::AttributeType::Number
                      : type == "boolean" || lower(corpus::trimSpace(v.description)) == "category"
                          ? corpus::AttributeType::Category
                          : corpus::AttributeType::Text;
        column.declared = true;
        if (column.name.empty())
            continue;
        variableIndex[guidKey(v.guid)] = static_cast<int>(table.columns.size());
        variableGuids.push_back(v.guid);
        table.columns.push_back(column);
    }
    std::map<std::string, std::vector<std::string>> casesOfSource;  // source guid key -> names
    std::map<std::string, std::string> sourceOfSelection;           // selection key -> source key
    for (const RefiSource& s : f.sources)
        for (const RefiSelection& sel : s.selections)
            sourceOfSelection[guidKey(sel.guid)] = guidKey(s.guid);
    std::set<std::string> caseNames;
    std::vector<std::string> caseGuids;
    for (const RefiCase& c : f.cases) {
        std::string name(corpus::trimSpace(c.name.empty() ? c.guid : c.name));
        if (!caseNames.insert(name).second) {
            report.warnings.push_back("case '" + name + "' appears twice (merged)");
            continue;
        }
        corpus::ParticipantTable::Row row;
        row.line = static_cast<int>(table.rows.size()) + 1;
        row.participant = name;
        row.values.assign(table.columns.size(), std::nullopt);
        for (const auto& [variable, value] : c.values) {
            auto it = variableIndex.find(guidKey(variable));
            if (it == variableIndex.end()) {
                report.warnings.push_back("case '" + name + "': a value of an unknown variable '" +
                                          variable + "' (ignored)");
                continue;
            }
            std::string v(corpus::trimSpace(value));
            const auto column = static_cast<std::size_t>(it->second);
            if (!v.empty() && table.columns[column].type == corpus::AttributeType::Number &&
                !corpus::parseNumber(v)) {
                report.warnings.push_back("case '" + name + "': '" + v + "' is not a number (" +
                                          table.columns[column].name + "; ignored)");
                continue;
            }
            if (!v.empty())
                row.values[column] = v;
        }
        for (const std::string& ref : c.sources) {
            std::string key = guidKey(ref);
            if (sourceOfSelection.contains(key))
                key = sourceOfSelection[key];
            auto& list = casesOfSource[key];
            if (std::find(list.begin(), list.end(), name) == list.end())
                list.push_back(name);
        }
        table.rows.push_back(std::move(row));
        caseGuids.push_back(c.guid);
    }

    // Documents.
    std::vector<corpus::NewDocument> docs;
    std::vector<std::size_t> docSource;  // index into f.sources
    std::set<std::string> docNames;
    for (std::size_t i = 0; i < f.sources.size(); ++i) {
        if (!texts[i])
            continue;
        const RefiSource& s = f.sources[i];
        corpus::NewDocument doc;
        std::string base(corpus::trimSpace(corpus::normalizeText(s.name)));
        if (base.empty())
            base = s.guid;
        doc.name = base;
        for (int n = 2; docNames.contains(doc.name); ++n)
            doc.name = base + " (" + std::to_string(n) + ")";
        docNames.insert(doc.name);
        doc.text = texts[i]->normalized();
        doc.sourceName = info[i].fileName;
        doc.sourceFormat = info[i].format;
        doc.sourceEncoding = info[i].encoding;
        doc.sha256 = info[i].sha256;
        // Written by Margin: the original file's name and SHA-256.
        std::istringstream lines(s.description);
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with(kOriginalFile) && line.size() > std::strlen(kOriginalFile))
                doc.sourceName = line.substr(std::strlen(kOriginalFile));
            if (line.starts_with(kOriginalSha)) {
                std::string sha = line.substr(std::strlen(kOriginalSha));
                if (sha.size() == 64 && std::all_of(sha.begin(), sha.end(), [](char c) {
                        return std::isxdigit(static_cast<unsigned char>(c));
                    }))
                    doc.sha256 = lower(sha);
            }
        }
        doc.participants = casesOfSource[guidKey(s.guid)];
        corpus::SpeakerOptions options;
        options.knownSpeakers = doc.participants;
        auto detected = corpus::detectTurns(doc.text, options);
        if (detected.isOk()) {
            std::vector<std::string> others;
            for (const corpus::DetectedTurn& t : detected->turns)
                if (t.kind == corpus::SpeakerKind::Participant &&
                    std::find(others.begin(), others.end(), t.speaker) == others.end())
                    others.push_back(t.speaker);
            for (const corpus::DetectedTurn& t : detected->turns) {
                corpus::NewTurn turn{t.start, t.end,        t.speaker,
                                     t.kind,  std::nullopt, t.timestampMs};
                if (t.kind == corpus::SpeakerKind::Participant) {
                    if (others.size() == 1 && doc.participants.size() == 1)
                        turn.participant = doc.participants.front();
                    else
                        for (const std::string& p : doc.participants)
                            if (corpus::foldKey(p) == corpus::foldKey(t.speaker))
                                turn.participant = p;
                }
                doc.turns.push_back(std::move(turn));
            }
        }
        docs.push_back(std::move(doc));
        docSource.push_back(i);
    }
    corpus::ParticipantImportReport counts;
    auto ids = store.addDocuments(docs, table.rows.empty() ? nullptr : &table, &counts);
    if (!ids.isOk())
        return ids.status().withContext(file);
    report.documents = static_cast<int>(ids->size());
    report.participants = static_cast<int>(table.rows.size());
    report.attributes = static_cast<int>(table.columns.size());

    // Users, codes and codings, with their GUIDs; the GUIDs of documents,
    // cases and variables in meta. One transaction, outside the history.
    sqlite3* db = store.connection();
    Status s = store.transaction([&]() -> Status {
        namespace sql = corpus::sql;
        const std::string now = corpus::nowIso8601();
        std::set<std::string> usedGuids;
        auto freshGuid = [&](const std::string& g) {
            std::string k = guidKey(g);
            if (!isGuid(g) || usedGuids.contains(k))
                return derivedGuid("fresh:" + g + ":" + std::to_string(usedGuids.size()));
            usedGuids.insert(k);
            return g;
        };
        // Users -> coders.
        std::map<std::string, std::int64_t> coderOf;  // guid key -> id
        std::set<std::string> coderNames;
        sql::Statement addCoder(db, "INSERT INTO coders (name, guid) VALUES (?, ?)");
        auto coder = [&](const std::string& guid, std::string name) -> Result<std::int64_t> {
            name = std::string(corpus::trimSpace(name));
            if (name.empty())
                name = "user " + guidKey(guid).substr(0, 8);
            std::string base = name;
            for (int n = 2; coderNames.contains(name); ++n)
                name = base + " (" + std::to_string(n) + ")";
            coderNames.insert(name);
            addCoder.reset();
            addCoder.bind(1, name).bind(
                2, freshGuid(guid.empty() ? derivedGuid("coder:" + name) : guid));
            if (Status r = addCoder.run(); !r.isOk())
                return r;
            ++report.coders;
            return sqlite3_last_insert_rowid(db);
        };
        for (const auto& [guid, name] : f.users) {
            if (coderOf.contains(guidKey(guid)))
                continue;
            auto id = coder(guid, name);
            if (!id.isOk())
                return id.status();
            coderOf[guidKey(guid)] = *id;
        }
        auto coderFor = [&](const std::string& guid) -> Result<std::int64_t> {
            std::string key = guid.empty() ? std::string("default") : guidKey(guid);
            if (auto it = coderOf.find(key); it != coderOf.end())
                return it->second;
            if (!guid.empty())
                report.warnings.push_back("user '" + guid + "' is not among the Users");
            auto id = coder(guid, guid.empty() ? "default" : "");
            if (!id.isOk())
                return id.status();
            coderOf[key] = *id;
            return *id;
        };

        // Codes, parents first.
        std::map<std::string, CodeId> codeOf;  // guid key -> id
        std::vector<CodeId> idOf(f.codes.size(), 0);
        std::vector<std::string> pathOf(f.codes.size());
        std::map<CodeId, std::set<std::string>> siblingKeys;  // parent (0 = top) -> name keys
        std::map<CodeId, std::int64_t> nextPosition;
        sql::Statement addCode(db,
                               "INSERT INTO codes (parent_id, name, name_key, color, definition, "
                               "when_to_use, when_not_to_use, example, memo, position, guid, "
                               "created_at, modified_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        for (std::size_t i = 0; i < f.codes.size(); ++i) {
            const RefiCode& c = f.codes[i];
            CodeId parent = c.parent >= 0 ? idOf[static_cast<std::size_t>(c.parent)] : 0;
            std::string parentPath =
                c.parent >= 0 ? pathOf[static_cast<std::size_t>(c.parent)] + "/" : "";
            std::string name = codeName(c.name, siblingKeys[parent], report.renamed, parentPath);
            siblingKeys[parent].insert(corpus::foldKey(name));
            pathOf[i] = parentPath + name;
            CodeFields fields = splitDescription(std::string(corpus::trimSpace(c.description)));
            std::string color = defaultColor(i);
            if (!c.color.empty())
                if (auto parsed = parseColor(c.color); parsed.isOk())
                    color = *parsed;
            addCode.reset();
            if (parent)
                addCode.bind(1, parent);
            else
                addCode.bind(1, std::nullopt);
            addCode.bind(2, name)
                .bind(3, corpus::foldKey(name))
                .bind(4, color)
                .bind(5, fields.definition.value_or(""))
                .bind(6, fields.whenToUse.value_or(""))
                .bind(7, fields.whenNotToUse.value_or(""))
                .bind(8, fields.example.value_or(""))
                .bind(9, fields.memo.value_or(""))
                .bind(10, nextPosition[parent]++)
                .bind(11, freshGuid(c.guid))
                .bind(12, now)
                .bind(13, now);
            if (Status r = addCode.run(); !r.isOk())
                return r;
            idOf[i] = sqlite3_last_insert_rowid(db);
            codeOf[guidKey(c.guid)] = idOf[i];
            ++report.codes;
        }

        // Codings.
        sql::Statement addCoding(db,
                                 "INSERT OR IGNORE INTO codings (code_id, document_id, start, "
                                 "\"end\", coder_id, memo, guid, created_at, modified_at) "
                                 "VALUES (?,?,?,?,?,?,?,?,?)");
        int outside = 0;
        std::string firstOutside;
        for (std::size_t k = 0; k < docSource.size(); ++k) {
            const RefiSource& src = f.sources[docSource[k]];
            const SourceText& text = *texts[docSource[k]];
            const corpus::DocumentId doc = (*ids)[k];
            const CharPos length = corpus::codePointCount(text.normalized());
            // Memos on selections without codings (f4) join the codings of
            // the same span.
            std::map<std::pair<std::int64_t, std::int64_t>, std::string> spanMemos;
            for (const RefiSelection& sel : src.selections) {
                if (!sel.codings.empty())
                    continue;
                std::string memo(corpus::trimSpace(sel.description));
                for (const std::string& n : sel.notes)
                    if (auto it = notes.find(guidKey(n)); it != notes.end() && !it->second.empty())
                        memo += (memo.empty() ? "" : "\n\n") + it->second;
                if (!memo.empty())
                    spanMemos[{sel.start, sel.end}] += memo;
            }
            for (const RefiSelection& sel : src.selections) {
                if (sel.codings.empty()) {
                    bool coded = false;
                    for (const RefiSelection& other : src.selections)
                        coded = coded || (!other.codings.empty() && other.start == sel.start &&
                                          other.end == sel.end);
                    if (!coded && spanMemos.count({sel.start, sel.end}))
                        report.warnings.push_back(
                            "source '" + src.name + "': a memo on uncoded text [" +
                            std::to_string(sel.start) + ", " + std::to_string(sel.end) +
                            ") was not imported (Margin keeps memos on codings)");
                    continue;
                }
                std::optional<CharPos> start = 0, end = length;
                if (!sel.wholeSource) {
                    start = text.map(sel.start, detection.convention);
                    end = text.map(sel.end, detection.convention);
                }
                if (!start || !end || *end <= *start) {
                    ++outside;
                    if (firstOutside.empty())
                        firstOutside = "source '" + src.name + "' [" + std::to_string(sel.start) +
                                       ", " + std::to_string(sel.end) + ")";
                    continue;
                }
                for (const RefiCoding& c : sel.codings) {
                    auto code = codeOf.find(guidKey(c.code));
                    if (code == codeOf.end())
                        continue;  // refused when parsing
                    auto coderId = coderFor(!c.user.empty()     ? c.user
                                            : !sel.user.empty() ? sel.user
                                            : !src.user.empty() ? src.user
                                                                : f.creatingUser);
                    if (!coderId.isOk())
                        return coderId.status();
                    std::string memo;
                    for (const std::string& n : c.notes)
                        if (auto it = notes.find(guidKey(n));
                            it != notes.end() && !it->second.empty())
                            memo += (memo.empty() ? "" : "\n\n") + it->second;
                    for (const std::string& n : sel.notes)
                        if (auto it = notes.find(guidKey(n));
                            it != notes.end() && !it->second.empty())
                            memo += (memo.empty() ? "" : "\n\n") + it->second;
                    if (std::string d(corpus::trimSpace(sel.description)); !d.empty())
                        memo += (memo.empty() ? "" : "\n\n") + d;
                    if (auto it = spanMemos.find({sel.start, sel.end}); it != spanMemos.end())
                        memo += (memo.empty() ? "" : "\n\n") + it->second;
                    addCoding.reset();
                    addCoding.bind(1, code->second)
                        .bind(2, doc)
                        .bind(3, static_cast<std::int64_t>(*start))
                        .bind(4, static_cast<std::int64_t>(*end))
                        .bind(5, *coderId)
                        .bind(6, memo)
                        .bind(7, freshGuid(c.guid))
                        .bind(8, now)
                        .bind(9, now);
                    if (Status r = addCoding.run(); !r.isOk())
                        return r;
                    if (sqlite3_changes(db) > 0)
                        ++report.codings;
                }
            }
        }
        if (outside > 0)
            report.warnings.push_back(std::to_string(outside) +
                                      " selections lie outside their sources' text (not "
                                      "imported), the first " +
                                      firstOutside);

        // GUIDs of sources, cases and variables, for the next export.
        sql::Statement keep(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
        auto remember = [&](const char* kind, std::int64_t id, const std::string& guid) {
            keep.reset();
            keep.bind(1, metaKey(kind, id)).bind(2, guid);
            return keep.run();
        };
        for (std::size_t k = 0; k < docSource.size(); ++k)
            if (Status r = remember("source", (*ids)[k], f.sources[docSource[k]].guid); !r.isOk())
                return r;
        auto people = store.participants();
        auto attrs = store.attributes();
        if (!people.isOk())
            return people.status();
        if (!attrs.isOk())
            return attrs.status();
        for (std::size_t r = 0; r < table.rows.size(); ++r)
            for (const corpus::Participant& p : *people)
                if (p.name == table.rows[r].participant)
                    if (Status st = remember("case", p.id, caseGuids[r]); !st.isOk())
                        return st;
        for (std::size_t c = 0; c < table.columns.size(); ++c)
            for (const corpus::Attribute& a : *attrs)
                if (a.name == table.columns[c].name)
                    if (Status st = remember("variable", a.id, variableGuids[c]); !st.isOk())
                        return st;
        return Status::ok();
    });
    if (!s.isOk())
        return s.withContext(file);
    if (!f.sets.empty())
        report.warnings.push_back(std::to_string(f.sets.size()) +
                                  " sets of codes were not imported (Margin has no code sets)");
    return report;
}

Result<ImportReport> importCodebook(corpus::Store& store, Codebook& codebook,
                                    const fs::path& path) {
    auto loaded = load(path);
    if (!loaded.isOk())
        return loaded.status();
    const RefiFile& f = loaded->file;
    const std::string file = loaded->display;
    ImportReport report;
    report.warnings = f.warnings;
    if (f.codes.empty())
        return Status::invalidInput(file + ": has no codes to import");
    auto before = codebook.codes();
    if (!before.isOk())
        return before.status();
    std::map<std::string, const Code*> existing;  // path key -> code
    auto pathKey = [](const std::string& p) { return corpus::foldKey(p); };
    for (const Code& c : *before)
        existing[pathKey(c.path)] = &c;
    std::set<std::string> usedGuids;
    for (const Code& c : *before)
        usedGuids.insert(guidKey(c.guid));

    // Sets become a line of their member codes' memos (new codes only).
    std::map<std::string, std::vector<std::string>> setsOf;  // code guid key -> set names
    for (const RefiSet& s : f.sets)
        for (const std::string& m : s.codes)
            setsOf[guidKey(m)].push_back(s.name);

    std::vector<CodebookRow> rows;
    std::vector<std::string> pathOf(f.codes.size());
    std::vector<std::pair<std::string, std::string>> guidsToKeep;  // path, guid
    std::set<std::string> seenInFile;
    for (std::size_t i = 0; i < f.codes.size(); ++i) {
        const RefiCode& c = f.codes[i];
        std::string parentPath =
            c.parent >= 0 ? pathOf[static_cast<std::size_t>(c.parent)] + "/" : "";
        // A name with '/' cannot be a Margin name; a name given twice among
        // siblings of the file gets a number. A name the project already
        // has among these siblings is the same code (matched).
        std::string name(corpus::trimSpace(c.name));
        std::string fixed;
        for (char ch : name)
            fixed += ch == '/' ? std::string("∕") : std::string(1, ch);
        std::string candidate = fixed;
        for (int n = 2; seenInFile.contains(pathKey(parentPath + candidate)); ++n)
            candidate = fixed + " (" + std::to_string(n) + ")";
        if (candidate != name)
            report.renamed.push_back("'" + parentPath + name + "' -> '" + parentPath + candidate +
                                     "'");
        seenInFile.insert(pathKey(parentPath + candidate));
        pathOf[i] = parentPath + candidate;
        CodebookRow row;
        row.line = static_cast<int>(i) + 1;
        row.path = pathOf[i];
        std::string description(corpus::trimSpace(c.description));
        if (!description.empty())
            row.fields = splitDescription(description);
        if (!c.color.empty())
            row.fields.color = c.color;
        const bool isNew = !existing.contains(pathKey(row.path));
        if (isNew) {
            ++report.codesAdded;
            if (auto s = setsOf.find(guidKey(c.guid)); s != setsOf.end()) {
                std::string line;
                for (const std::string& n : s->second)
                    line += (line.empty() ? "Sets: " : ", ") + n;
                row.fields.memo = row.fields.memo ? *row.fields.memo + "\n\n" + line : line;
            }
            if (!usedGuids.contains(guidKey(c.guid))) {
                usedGuids.insert(guidKey(c.guid));
                guidsToKeep.emplace_back(row.path, c.guid);
            }
        } else {
            ++report.codesMatched;
        }
        rows.push_back(std::move(row));
    }
    report.codes = static_cast<int>(rows.size());
    auto imported = codebook.importCodebook(rows);
    if (!imported.isOk())
        return imported.status().withContext(file);
    report.change = imported->change;
    // The new codes keep the file's GUIDs (a change of identifiers only,
    // not recorded in the history: undo removes the codes whole).
    Status s = store.transaction([&]() -> Status {
        for (const auto& [p, g] : guidsToKeep) {
            auto code = codebook.findCode(p);
            if (!code.isOk())
                continue;
            corpus::sql::Statement u(store.connection(),
                                     "UPDATE codes SET guid = ? WHERE id = ? AND NOT EXISTS "
                                     "(SELECT 1 FROM codes WHERE guid = ?)");
            u.bind(1, g).bind(2, code->id).bind(3, g);
            if (Status r = u.run(); !r.isOk())
                return r;
        }
        return Status::ok();
    });
    if (!s.isOk())
        return s.withContext(file);
    for (const RefiSet& set : f.sets)
        report.warnings.push_back("set '" + set.name + "' (" + std::to_string(set.codes.size()) +
                                  " codes): Margin has no code sets; noted in the memos of its "
                                  "new codes");
    return report;
}

}  // namespace margin::codebook::refi
