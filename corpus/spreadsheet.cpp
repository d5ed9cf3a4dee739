#include "corpus/spreadsheet.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "corpus/ooxml.h"
#include "corpus/text.h"
#include "corpus/xml.h"
#include "corpus/zip.h"

namespace margin::corpus {
namespace {

constexpr std::uint32_t kMaxRows = 1'048'576;  // Excel's own limits
constexpr std::uint32_t kMaxColumns = 16'384;
// Rows x columns of the table returned, so a sheet with one cell in A1 and
// one in XFD1048576 cannot ask for 17 billion strings.
constexpr std::uint64_t kMaxCells = 10'000'000;

Status noStatus() {
    return Status::ok();
}

std::optional<std::uint32_t> parseUnsigned(std::string_view s, std::uint32_t max) {
    if (s.empty() || s.size() > 10)
        return std::nullopt;
    std::uint64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (n > max)
        return std::nullopt;
    return static_cast<std::uint32_t>(n);
}

// "C7" -> column 2, row 6 (zero-based).
bool parseCellReference(std::string_view ref, std::uint32_t& row, std::uint32_t& column) {
    std::size_t i = 0;
    std::uint32_t col = 0;
    while (i < ref.size() && i < 4) {
        char c = ref[i];
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z')
            break;
        col = col * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
        ++i;
    }
    if (i == 0 || col > kMaxColumns)
        return false;
    auto r = parseUnsigned(ref.substr(i), kMaxRows);
    if (!r || *r == 0)
        return false;
    row = *r - 1;
    column = col - 1;
    return true;
}

// Days since 1970-01-01 <-> civil dates (H. Hinnant's algorithms).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

// An Excel serial date as ISO 8601: "2024-11-12", "2024-11-12T14:30:00", or
// "14:30:00" for a time of day alone; nullopt when out of range.
std::optional<std::string> serialToIso(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < 0 || serial >= 2958466)
        return std::nullopt;
    double whole = std::floor(serial);
    auto seconds = static_cast<std::int64_t>(std::llround((serial - whole) * 86400.0));
    auto days = static_cast<std::int64_t>(whole);
    if (seconds >= 86400)
        ++days, seconds -= 86400;
    char time[16];
    std::snprintf(time, sizeof time, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    if (days == 0 && seconds > 0 && !date1904)
        return std::string(time);
    std::int64_t epoch;
    if (date1904)
        epoch = daysFromCivil(1904, 1, 1);
    else  // Excel counts a 29 February 1900 that never was (serial 60)
        epoch = days >= 61 ? daysFromCivil(1899, 12, 30) : daysFromCivil(1899, 12, 31);
    std::int64_t y;
    unsigned m, d;
    civilFromDays(epoch + days, y, m, d);
    char date[32];
    std::snprintf(date, sizeof date, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return seconds == 0 ? std::string(date) : std::string(date) + "T" + time;
}

// Built-in number formats that show dates or times: 14-22 and 45-47, and
// the East Asian built-ins 27-36 and 50-58 (年/月/日, 時/分 formats).
bool isBuiltInDateFormat(std::uint32_t id) {
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
           (id >= 50 && id <= 58);
}

// A custom format code shows a date or time when it has d, m, y, h or s
// outside quoted text, escapes and [brackets] (but "[h]:mm" elapsed time).
bool isDateFormatCode(std::string_view code) {
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (c == '"') {
            std::size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos)
                return false;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == '[') {
            std::size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos)
                return false;
            std::string_view inside = code.substr(i + 1, close - i - 1);
            if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos)
                return true;
            i = close;
        } else if (std::string_view("dDmMyYhHsS").find(c) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

// A number as written, with an integer written "3.0" shown as "3".
std::string numberAsWritten(std::string_view v) {
    std::size_t dot = v.find('.');
    if (dot != std::string_view::npos && dot > 0 &&
        v.find_first_not_of('0', dot + 1) == std::string_view::npos &&
        v.substr(0, dot).find_first_not_of("-0123456789") == std::string_view::npos)
        return std::string(v.substr(0, dot));
    return std::string(v);
}

// xl/workbook.xml: the sheets in order and the date system.
class WorkbookHandler : public XmlHandler {
public:
    struct SheetEntry {
        std::string name;
        std::string rid;
        bool hidden = false;
    };
    std::vector<SheetEntry> sheets;
    bool date1904 = false;
    bool notWorkbook = false;

    Status startElement(const XmlElement& e) override {
        if (e.depth == 1 && !(ooxml::isSheetNamespace(e.ns) && e.name == "workbook")) {
            notWorkbook = true;
            return Status::invalidInput("not a workbook");
        }
        if (!ooxml::isSheetNamespace(e.ns))
            return noStatus();
        if (e.depth == 2 && e.name == "workbookPr") {
            auto v = e.attribute("date1904");
            date1904 = v && (*v == "1" || *v == "true");
        } else if (e.depth == 3 && e.name == "sheet") {
            SheetEntry s;
            s.name = std::string(e.attribute("name").value_or(""));
            for (const XmlAttribute& a : e.attributes)
                if (a.name == "id" && ooxml::isRelationshipsNamespace(a.ns))
                    s.rid = std::string(a.value);
            auto state = e.attribute("state");
            s.hidden = state && *state != "visible";
            sheets.push_back(std::move(s));
        }
        return noStatus();
    }
};

// Collects the text of <t> elements below an element (a shared string's
// <si>, an inline string's <is>), leaving out phonetic runs (<rPh>).
class RichText {
public:
    void start(const XmlElement& e) {
        if (m_skip)
            return;
        if (e.name == "rPh" || e.name == "phoneticPr")
            m_skip = e.depth;
        else if (e.name == "t")
            m_inT = true;
    }
    void end(const XmlElement& e) {
        if (m_skip) {
            if (e.depth == m_skip)
                m_skip = 0;
            return;
        }
        if (e.name == "t")
            m_inT = false;
    }
    void text(std::string_view s) {
        if (m_inT && !m_skip)
            m_text += s;
    }
    std::string take() {
        m_inT = false;
        m_skip = 0;
        return std::move(m_text);
    }

private:
    std::string m_text;
    bool m_inT = false;
    int m_skip = 0;
};

class SharedStringsHandler : public XmlHandler {
public:
    std::vector<std::string> strings;

    Status startElement(const XmlElement& e) override {
        if (e.depth == 2 && e.name == "si")
            m_inItem = true;
        else if (m_inItem)
            m_rich.start(e);
        return noStatus();
    }
    Status endElement(const XmlElement& e) override {
        if (e.depth == 2 && e.name == "si") {
            strings.push_back(m_rich.take());
            m_inItem = false;
        } else if (m_inItem) {
            m_rich.end(e);
        }
        return noStatus();
    }
    Status text(std::string_view s) override {
        if (m_inItem)
            m_rich.text(s);
        return noStatus();
    }

private:
    RichText m_rich;
    bool m_inItem = false;
};

// xl/styles.xml: which cell formats (<cellXfs><xf>) show dates.
class StylesHandler : public XmlHandler {
public:
    std::vector<bool> dateStyles;

    Status startElement(const XmlElement& e) override {
        if (e.depth == 2)
            m_section = e.name;
        if (e.depth == 3 && m_section == "numFmts" && e.name == "numFmt") {
            auto id = parseUnsigned(e.attribute("numFmtId").value_or(""), 1'000'000);
            if (id && isDateFormatCode(e.attribute("formatCode").value_or("")))
                m_customDates.push_back(*id);
            else if (id)
                m_customOther.push_back(*id);
        } else if (e.depth == 3 && m_section == "cellXfs" && e.name == "xf") {
            auto id = parseUnsigned(e.attribute("numFmtId").value_or("0"), 1'000'000);
            bool date = false;
            if (id) {
                auto in = [&](const std::vector<std::uint32_t>& v) {
                    return std::find(v.begin(), v.end(), *id) != v.end();
                };
                date = in(m_customDates) || (isBuiltInDateFormat(*id) && !in(m_customOther));
            }
            dateStyles.push_back(date);
        }
        return noStatus();
    }

private:
    std::string m_section;
    std::vector<std::uint32_t> m_customDates;
    std::vector<std::uint32_t> m_customOther;
};

struct Cell {
    std::uint32_t row;
    std::uint32_t column;
    std::string value;
};

class WorksheetHandler : public XmlHandler {
public:
    WorksheetHandler(const std::vector<std::string>& strings, const std::vector<bool>& dateStyles,
                     bool date1904)
        : m_strings(strings), m_dateStyles(dateStyles), m_date1904(date1904) {}

    std::vector<Cell> cells;

    Status startElement(const XmlElement& e) override {
        if (m_inCell) {
            if (m_inInline) {
                m_rich.start(e);
            } else if (e.name == "v" && e.depth == m_cellDepth + 1) {
                m_inValue = true;
            } else if (e.name == "is" && e.depth == m_cellDepth + 1) {
                m_inInline = true;
            }
            return noStatus();
        }
        if (e.name == "sheetData" && e.depth == 2) {
            m_inData = true;
        } else if (m_inData && e.name == "row" && e.depth == 3) {
            if (auto r = e.attribute("r")) {
                auto n = parseUnsigned(*r, kMaxRows);
                if (!n || *n == 0)
                    return Status::invalidInput("row number '" + std::string(*r) +
                                                "' is outside the sheet");
                m_row = *n - 1;
            } else {
                m_row = m_rowStarted ? m_row + 1 : 0;
                if (m_row >= kMaxRows)
                    return Status::invalidInput("a row past row 1048576, the last of a sheet");
            }
            m_rowStarted = true;
            m_column = -1;
        } else if (m_inData && e.name == "c" && e.depth == 4) {
            m_inCell = true;
            m_cellDepth = e.depth;
            m_value.clear();
            m_type = std::string(e.attribute("t").value_or("n"));
            m_style = parseUnsigned(e.attribute("s").value_or("0"), 1'000'000).value_or(0);
            m_cellRow = m_row;
            if (auto r = e.attribute("r")) {
                std::uint32_t row, column;
                if (!parseCellReference(*r, row, column))
                    return Status::invalidInput("cell reference '" + std::string(*r) +
                                                "' is outside the sheet or malformed");
                m_cellRow = row;
                m_column = static_cast<std::int64_t>(column);
            } else {
                ++m_column;
                if (m_column >= kMaxColumns)
                    return Status::invalidInput("a row has more than 16384 cells");
            }
        }
        return noStatus();
    }

    Status endElement(const XmlElement& e) override {
        if (!m_inCell) {
            if (e.name == "sheetData" && e.depth == 2)
                m_inData = false;
            return noStatus();
        }
        if (e.depth == m_cellDepth) {
            m_inCell = false;
            auto value = cellValue();
            if (!value.isOk())
                return value.status();
            if (!value->empty()) {
                if (cells.size() >= kMaxCells)
                    return Status::invalidInput("the sheet has more than " +
                                                std::to_string(kMaxCells) +
                                                " cells, more than Margin reads");
                cells.push_back(
                    {m_cellRow, static_cast<std::uint32_t>(m_column), std::move(*value)});
            }
            return noStatus();
        }
        if (m_inInline) {
            if (e.name == "is" && e.depth == m_cellDepth + 1) {
                m_inInline = false;
                m_value = m_rich.take();
            } else {
                m_rich.end(e);
            }
        } else if (e.name == "v") {
            m_inValue = false;
        }
        return noStatus();
    }

    Status text(std::string_view s) override {
        if (m_inInline)
            m_rich.text(s);
        else if (m_inValue)
            m_value += s;
        return noStatus();
    }

private:
    Result<std::string> cellValue() const {
        const std::string& v = m_value;
        if (m_type == "s") {
            auto index = parseUnsigned(trimSpace(v), UINT32_MAX - 1);
            if (!index || *index >= m_strings.size())
                return Status::invalidInput("a cell refers to shared string '" + v +
                                            "', but the workbook has " +
                                            std::to_string(m_strings.size()));
            return m_strings[*index];
        }
        if (m_type == "inlineStr" || m_type == "str" || m_type == "e" || m_type == "d")
            return v;
        if (m_type == "b")
            return std::string(trimSpace(v) == "1" || trimSpace(v) == "true" ? "TRUE" : "FALSE");
        std::string_view number = trimSpace(v);
        if (number.empty())
            return std::string();
        if (m_style < m_dateStyles.size() && m_dateStyles[m_style]) {
            if (auto serial = parseNumber(number))
                if (auto iso = serialToIso(*serial, m_date1904))
                    return *iso;
        }
        return numberAsWritten(number);
    }

    const std::vector<std::string>& m_strings;
    const std::vector<bool>& m_dateStyles;
    bool m_date1904;
    bool m_inData = false;
    bool m_rowStarted = false;
    std::uint32_t m_row = 0;
    std::int64_t m_column = -1;
    bool m_inCell = false;
    int m_cellDepth = 0;
    std::uint32_t m_cellRow = 0;
    std::string m_type;
    std::uint32_t m_style = 0;
    bool m_inValue = false;
    bool m_inInline = false;
    std::string m_value;
    RichText m_rich;
};

std::string quotedList(const std::vector<WorkbookHandler::SheetEntry>& sheets) {
    std::string out;
    for (const auto& s : sheets)
        out += (out.empty() ? "'" : ", '") + s.name + "'";
    return out;
}

}  // namespace

Result<Sheet> readXlsx(std::string_view bytes, const std::string& file, const std::string& sheet) {
    const std::string notXlsx = file + ": not an Excel workbook";
    auto opened = ZipArchive::open(bytes, file, "Excel workbook");
    if (!opened.isOk())
        return opened.status();
    ZipArchive& zip = **opened;

    auto packageRels = ooxml::relationships(zip, file, "");
    if (!packageRels.isOk())
        return packageRels.status();
    std::string workbookPart = "xl/workbook.xml";
    if (const ooxml::Relationship* main = ooxml::find(*packageRels, "officeDocument");
        main && !main->target.empty() && zip.contains(main->target))
        workbookPart = main->target;
    if (!zip.contains(workbookPart))
        return Status::invalidInput(notXlsx + " (no xl/workbook.xml)");

    auto workbookXml = zip.read(workbookPart);
    if (!workbookXml.isOk())
        return workbookXml.status();
    WorkbookHandler workbook;
    Status s = parseXml(*workbookXml, file, workbookPart, workbook);
    if (workbook.notWorkbook)
        return Status::invalidInput(notXlsx + " (" + workbookPart + " is not a workbook)");
    if (!s.isOk())
        return s;
    if (workbook.sheets.empty())
        return Status::invalidInput(file + ": the workbook has no sheets");

    const WorkbookHandler::SheetEntry* chosen = nullptr;
    if (sheet.empty()) {
        for (const auto& entry : workbook.sheets)
            if (!entry.hidden) {
                chosen = &entry;
                break;
            }
        if (!chosen)
            chosen = &workbook.sheets.front();
    } else {
        for (const auto& entry : workbook.sheets)
            if (entry.name == sheet) {
                chosen = &entry;
                break;
            }
        if (!chosen)  // "responses" for "Responses", "Ｑ１" for "Q1"
            for (const auto& entry : workbook.sheets)
                if (foldKey(entry.name) == foldKey(sheet)) {
                    chosen = &entry;
                    break;
                }
        if (!chosen)
            return Status::invalidInput(file + ": no sheet named '" + sheet +
                                        "' (the workbook has " + quotedList(workbook.sheets) + ")");
    }

    auto rels = ooxml::relationships(zip, file, workbookPart);
    if (!rels.isOk())
        return rels.status();
    const ooxml::Relationship* sheetRel = nullptr;
    for (const ooxml::Relationship& r : *rels)
        if (r.id == chosen->rid)
            sheetRel = &r;
    const std::string sheetName = "sheet '" + chosen->name + "'";
    if (!sheetRel || sheetRel->target.empty() || !zip.contains(sheetRel->target))
        return Status::invalidInput(file + ": damaged workbook (" + sheetName +
                                    " has no worksheet part)");
    if (!ooxml::hasType(*sheetRel, "worksheet"))
        return Status::invalidInput(file + ": " + sheetName +
                                    " is not a worksheet (a chart or macro sheet?); it holds no "
                                    "table");

    std::vector<std::string> strings;
    if (const ooxml::Relationship* r = ooxml::find(*rels, "sharedStrings");
        r && zip.contains(r->target)) {
        auto xml = zip.read(r->target);
        if (!xml.isOk())
            return xml.status();
        SharedStringsHandler handler;
        Status parsed = parseXml(*xml, file, r->target, handler);
        if (!parsed.isOk())
            return parsed;
        strings = std::move(handler.strings);
    }
    std::vector<bool> dateStyles;
    if (const ooxml::Relationship* r = ooxml::find(*rels, "styles"); r && zip.contains(r->target)) {
        auto xml = zip.read(r->target);
        if (!xml.isOk())
            return xml.status();
        StylesHandler handler;
        Status parsed = parseXml(*xml, file, r->target, handler);
        if (!parsed.isOk())
            return parsed;
        dateStyles = std::move(handler.dateStyles);
    }

    auto sheetXml = zip.read(sheetRel->target);
    if (!sheetXml.isOk())
        return sheetXml.status();
    WorksheetHandler handler(strings, dateStyles, workbook.date1904);
    s = parseXml(*sheetXml, file, sheetRel->target, handler);
    if (!s.isOk())
        return s;
    sheetXml = std::string();

    std::vector<Cell>& cells = handler.cells;
    std::stable_sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
        return a.row != b.row ? a.row < b.row : a.column < b.column;
    });
    std::uint64_t rows = cells.empty() ? 0 : cells.back().row + 1;
    std::uint64_t width = 0;
    for (const Cell& c : cells)
        width = std::max<std::uint64_t>(width, c.column + 1);
    if (rows * width > kMaxCells)
        return Status::invalidInput(file + ": " + sheetName + " spans " + std::to_string(rows) +
                                    " rows by " + std::to_string(width) +
                                    " columns, more than the " + std::to_string(kMaxCells) +
                                    " cells Margin reads");
    Sheet out;
    out.name = chosen->name;
    out.rows.assign(rows, std::vector<std::string>(width));
    for (Cell& c : cells)  // a cell written twice: the last one wins
        out.rows[c.row][c.column] = std::move(c.value);
    return out;
}

}  // namespace margin::corpus
