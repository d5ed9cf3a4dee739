#include "codebook/report.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <system_error>
#include <tuple>

#include "codebook/color.h"
#include "corpus/csv.h"
#include "corpus/json.h"
#include "corpus/text.h"

namespace margin::codebook::report {

namespace fs = std::filesystem;
using Kind = Column::Kind;

std::optional<Format> parseFormat(std::string_view name) {
    if (name == "table" || name == "text")
        return Format::Text;
    if (name == "csv")
        return Format::Csv;
    if (name == "tsv")
        return Format::Tsv;
    if (name == "json")
        return Format::Json;
    if (name == "md" || name == "markdown")
        return Format::Markdown;
    if (name == "xlsx")
        return Format::Xlsx;
    if (name == "html")
        return Format::Html;
    return std::nullopt;
}

std::optional<Format> formatForPath(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (ext == ".txt")
        return Format::Text;
    if (ext == ".tab")
        return Format::Tsv;
    if (ext == ".htm")
        return Format::Html;
    if (ext == ".md" || ext == ".csv" || ext == ".tsv" || ext == ".json" || ext == ".xlsx" ||
        ext == ".html")
        return parseFormat(ext.substr(1));
    return std::nullopt;
}

namespace {

// --- cells -------------------------------------------------------------------

const Cell& cellAt(const Row& row, std::size_t column) {
    static const Cell kEmpty;
    return column < row.cells.size() ? row.cells[column] : kEmpty;
}

bool isNumeric(Kind kind) {
    return kind != Kind::Text;
}

// The cell's number when it holds a finite one.
std::optional<double> numberOf(const Cell& cell) {
    if (const auto* i = std::get_if<std::int64_t>(&cell))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&cell); d && std::isfinite(*d))
        return *d;
    return std::nullopt;
}

std::string fixed(double value, int decimals) {
    char buffer[400];  // fixed notation of DBL_MAX takes 309 digits
    auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    std::string out(buffer, ec == std::errc() ? end : buffer);
    if (out.starts_with('-') && out.find_first_not_of("-0.") == std::string::npos)
        out.erase(0, 1);  // "-0.0"
    return out;
}

std::string shortest(double value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, ec == std::errc() ? end : buffer);
}

// At most three decimals, trailing zeros dropped.
std::string realText(double value) {
    if (std::fabs(value) >= 1e15)
        return shortest(value);
    std::string out = fixed(value, 3);
    while (out.back() == '0')
        out.pop_back();
    if (out.back() == '.')
        out.pop_back();
    return out == "-0" ? "0" : out;
}

std::string percentNumber(double fraction) {
    return fixed(fraction * 100, 1);
}

// The cell as a reader sees it: Text, Markdown, HTML, chart labels, XLSX widths.
std::string displayText(const Cell& cell, Kind kind) {
    if (const auto* text = std::get_if<std::string>(&cell))
        return *text;
    auto number = numberOf(cell);
    if (!number)
        return {};
    if (kind == Kind::Percent)
        return percentNumber(*number) + "%";
    if (const auto* i = std::get_if<std::int64_t>(&cell))
        return std::to_string(*i);
    return realText(*number);
}

// The cell as CSV and TSV write it: numbers plain, for R and pandas.
std::string dataText(const Cell& cell, Kind kind) {
    if (const auto* text = std::get_if<std::string>(&cell))
        return *text;
    auto number = numberOf(cell);
    if (!number)
        return {};
    if (kind == Kind::Percent)
        return percentNumber(*number);
    if (const auto* i = std::get_if<std::int64_t>(&cell))
        return std::to_string(*i);
    return shortest(*number);
}

std::string dataHeader(const Column& column) {
    return column.kind == Kind::Percent ? column.name + " (%)" : column.name;
}

const char* kindName(Kind kind) {
    switch (kind) {
        case Kind::Integer:
            return "integer";
        case Kind::Real:
            return "real";
        case Kind::Percent:
            return "percent";
        case Kind::Text:
            break;
    }
    return "text";
}

// Tabs and line breaks as single spaces ("\r\n" is one break).
std::string oneLine(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue;
        out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
    }
    return out;
}

std::size_t utf8Length(unsigned char lead) {
    return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

// The longest prefix of `text` that fits `columns` display columns, with
// "…" at its end when something was cut.
std::string fitWidth(std::string_view text, int columns) {
    if (corpus::displayWidth(text) <= columns)
        return std::string(text);
    std::string out;
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = std::min(utf8Length(static_cast<unsigned char>(text[i])), text.size() - i);
        int w = corpus::displayWidth(text.substr(i, n));
        if (width + w > columns - 1)
            break;
        out.append(text.substr(i, n));
        width += w;
        i += n;
    }
    return out + "…";
}

// --- text --------------------------------------------------------------------

std::string bold(const std::string& line, bool color) {
    return color ? "\033[1m" + line + "\033[0m" : line;
}

std::string renderText(const Table& t, bool color) {
    std::string out;
    if (!t.title.empty())
        out += bold(oneLine(t.title), color) + "\n";
    for (const auto& note : t.notes)
        out += note + "\n";
    if (!t.title.empty() || !t.notes.empty())
        out += "\n";
    const std::size_t n = t.columns.size();
    if (n == 0)
        return out;

    std::vector<std::string> header;
    for (const auto& column : t.columns)
        header.push_back(oneLine(column.name));
    std::vector<std::vector<std::string>> body;
    for (const auto& row : t.rows) {
        std::vector<std::string> cells;
        for (std::size_t c = 0; c < n; ++c) {
            std::string text = oneLine(displayText(cellAt(row, c), t.columns[c].kind));
            if (c == 0 && row.depth > 0)
                text.insert(0, 2 * static_cast<std::size_t>(row.depth), ' ');
            cells.push_back(std::move(text));
        }
        body.push_back(std::move(cells));
    }
    std::vector<int> widths(n, 0);
    for (std::size_t c = 0; c < n; ++c) {
        widths[c] = corpus::displayWidth(header[c]);
        for (const auto& cells : body)
            widths[c] = std::max(widths[c], corpus::displayWidth(cells[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < n; ++c) {
            auto pad = static_cast<std::size_t>(widths[c] - corpus::displayWidth(cells[c]));
            bool last = c + 1 == n;
            if (isNumeric(t.columns[c].kind)) {
                text.append(pad, ' ');
                text += cells[c];
            } else {
                text += cells[c];
                if (!last)
                    text.append(pad, ' ');
            }
            if (!last)
                text += "  ";
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        return text;
    };
    std::vector<std::string> rule;
    for (int w : widths)
        rule.emplace_back(static_cast<std::size_t>(w), '-');
    out += bold(line(header), color) + "\n";
    out += line(rule) + "\n";
    for (std::size_t r = 0; r < body.size(); ++r) {
        if (t.rows[r].total && r > 0 && !t.rows[r - 1].total)
            out += line(rule) + "\n";
        out += line(body[r]) + "\n";
    }
    return out;
}

// --- CSV and TSV -------------------------------------------------------------

std::string tsvRecord(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i)
        out += (i ? "\t" : "") + oneLine(fields[i]);
    return out + "\n";
}

std::string renderDelimited(const std::vector<Table>& tables, bool tsv, const Options& options) {
    auto record = tsv ? tsvRecord : corpus::csvRecord;
    const char* blank = tsv ? "\n" : "\r\n";
    std::string out = options.excelBom ? "\xEF\xBB\xBF" : "";
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const Table& t = tables[i];
        if (i > 0)
            out += blank;
        if (tables.size() > 1)
            out += record({t.title});
        if (t.columns.empty())
            continue;
        std::vector<std::string> fields;
        for (const auto& column : t.columns)
            fields.push_back(dataHeader(column));
        out += record(fields);
        for (const auto& row : t.rows) {
            fields.clear();
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                fields.push_back(dataText(cellAt(row, c), t.columns[c].kind));
            out += record(fields);
        }
    }
    return out;
}

// --- JSON --------------------------------------------------------------------

void writeRows(corpus::JsonWriter& json, const Table& t) {
    json.beginArray();
    for (const auto& row : t.rows) {
        json.beginObject();
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            json.key(t.columns[c].name);
            const Cell& cell = cellAt(row, c);
            if (const auto* text = std::get_if<std::string>(&cell))
                json.value(*text);
            else if (const auto* i = std::get_if<std::int64_t>(&cell))
                json.value(*i);
            else if (const auto* d = std::get_if<double>(&cell))
                json.value(*d);  // null when not finite
            else
                json.null();
        }
        json.endObject();
    }
    json.endArray();
}

std::string renderJson(const std::vector<Table>& tables) {
    corpus::JsonWriter json;
    json.beginArray();
    for (const auto& t : tables) {
        json.beginObject();
        json.key("title").value(t.title);
        json.key("notes").beginArray();
        for (const auto& note : t.notes)
            json.value(note);
        json.endArray();
        json.key("columns").beginArray();
        for (const auto& column : t.columns) {
            json.beginObject();
            json.key("name").value(column.name);
            json.key("kind").value(kindName(column.kind));
            json.endObject();
        }
        json.endArray();
        json.key("rows");
        writeRows(json, t);
        json.endObject();
    }
    json.endArray();
    return json.str();
}

// --- Markdown ----------------------------------------------------------------

std::string markdownText(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' || c == '|')
            out += '\\';
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue;
        if (c == '\n' || c == '\r')
            out += "<br>";
        else if (c == '<')
            out += "&lt;";
        else
            out += c;
    }
    return out;
}

std::string renderMarkdown(const std::vector<Table>& tables, const Options& options) {
    static const std::string kNbsp = "\u00A0";
    std::string out;
    if (!options.documentTitle.empty())
        out += "# " + markdownText(options.documentTitle) + "\n\n";
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const Table& t = tables[i];
        if (i > 0)
            out += "\n";
        if (!t.title.empty())
            out += "## " + markdownText(t.title) + "\n\n";
        for (const auto& note : t.notes)
            out += markdownText(note) + "\n\n";
        if (t.columns.empty())
            continue;
        std::string header = "|", rule = "|";
        for (const auto& column : t.columns) {
            header += " " + markdownText(column.name) + " |";
            rule += isNumeric(column.kind) ? " ---: |" : " --- |";
        }
        out += header + "\n" + rule + "\n";
        for (const auto& row : t.rows) {
            out += "|";
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                std::string text = markdownText(displayText(cellAt(row, c), t.columns[c].kind));
                if (row.total && !text.empty())
                    text = "**" + text + "**";
                if (c == 0 && row.depth > 0) {
                    std::string indent;
                    for (int d = 1; d < row.depth; ++d)
                        indent += kNbsp + kNbsp;
                    text = indent + "↳ " + text;
                }
                out += " " + text + " |";
            }
            out += "\n";
        }
    }
    return out;
}

// --- HTML --------------------------------------------------------------------

std::string htmlText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
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
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A coordinate: one decimal at most.
std::string px(double value) {
    return realText(std::round(value * 10) / 10);
}

constexpr std::string_view kFontStack =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', "
    "'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

// The page's style sheet, after "body { font-family: <kFontStack>; ".
constexpr std::string_view kCss = R"(margin: 2em; color: #222; background: #fff; line-height: 1.4; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.2em; margin: 2em 0 0.5em; }
p.note { color: #555; margin: 0.3em 0; max-width: 50em; }
table { border-collapse: collapse; margin: 1em 0 2em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top;
  white-space: pre-line; }
th { background: #e8edf3; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
figure { margin: 1em 0; }
svg { max-width: 100%; height: auto; }
)";

// The chart as an SVG: one group of bars per row that is not a total.
std::string renderChart(const Table& t, const Chart& chart) {
    const auto n = static_cast<int>(t.columns.size());
    if (chart.labelColumn < 0 || chart.labelColumn >= n)
        return {};
    const auto labelColumn = static_cast<std::size_t>(chart.labelColumn);
    std::vector<std::size_t> values;
    for (int v : chart.valueColumns)
        if (v >= 0 && v < n)
            values.push_back(static_cast<std::size_t>(v));
    std::vector<const Row*> rows;
    for (const auto& row : t.rows)
        if (!row.total)
            rows.push_back(&row);
    if (values.empty() || rows.empty())
        return {};

    constexpr double kWidth = 720, kBar = 14, kBarGap = 2, kGroupGap = 10, kCharWidth = 6.5;
    const Kind labelKind = t.columns[labelColumn].kind;
    int labelColumns = 0;
    for (const Row* row : rows)
        labelColumns = std::max(
            labelColumns,
            corpus::displayWidth(oneLine(displayText(cellAt(*row, labelColumn), labelKind))));
    const double labelWidth = std::clamp(labelColumns * kCharWidth, 40.0, 200.0);
    const double left = labelWidth + 12, plot = kWidth - left - 64;
    double largest = 0;
    for (const Row* row : rows)
        for (std::size_t v : values)
            largest = std::max(largest, numberOf(cellAt(*row, v)).value_or(0));

    std::string body;
    double y = 4;
    if (!chart.title.empty()) {
        body += "<text x=\"0\" y=\"" + px(y + 14) + "\" font-size=\"14\" font-weight=\"bold\">" +
                htmlText(chart.title) + "</text>\n";
        y += 24;
    }
    double x = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::string name = oneLine(t.columns[values[i]].name);
        double w = 14 + corpus::displayWidth(name) * kCharWidth + 16;
        if (x > 0 && x + w > kWidth) {
            x = 0;
            y += 18;
        }
        body += "<rect class=\"key\" x=\"" + px(x) + "\" y=\"" + px(y + 2) +
                "\" width=\"10\" height=\"10\" fill=\"" + defaultColor(i) + "\"/>";
        body += "<text x=\"" + px(x + 14) + "\" y=\"" + px(y + 11) + "\">" + htmlText(name) +
                "</text>\n";
        x += w;
    }
    y += 26;
    const double top = y;
    const double group = static_cast<double>(values.size()) * (kBar + kBarGap) - kBarGap;
    for (const Row* row : rows) {
        std::string label = oneLine(displayText(cellAt(*row, labelColumn), labelKind));
        body += "<text x=\"" + px(left - 8) + "\" y=\"" + px(y + group / 2 + 4) +
                "\" text-anchor=\"end\"><title>" + htmlText(label) + "</title>" +
                htmlText(fitWidth(label, static_cast<int>(labelWidth / kCharWidth))) + "</text>\n";
        for (std::size_t i = 0; i < values.size(); ++i) {
            const Cell& cell = cellAt(*row, values[i]);
            const Kind kind = t.columns[values[i]].kind;
            auto number = numberOf(cell);
            double w = number && *number > 0 && largest > 0 ? *number / largest * plot : 0;
            double by = y + static_cast<double>(i) * (kBar + kBarGap);
            std::string shown = displayText(cell, kind);
            body += "<rect class=\"bar\" x=\"" + px(left) + "\" y=\"" + px(by) + "\" width=\"" +
                    px(w) + "\" height=\"" + px(kBar) + "\" fill=\"" + defaultColor(i) +
                    "\"><title>" +
                    htmlText(label + " · " + t.columns[values[i]].name + ": " + shown) +
                    "</title></rect>";
            if (number)
                body += "<text x=\"" + px(left + w + 4) + "\" y=\"" + px(by + kBar - 3) +
                        "\" font-size=\"11\" fill=\"#333\">" + htmlText(shown) + "</text>";
            body += "\n";
        }
        y += group + kGroupGap;
    }
    const double bottom = y - kGroupGap;
    body += "<line x1=\"" + px(left) + "\" y1=\"" + px(top - 3) + "\" x2=\"" + px(left) +
            "\" y2=\"" + px(bottom + 3) + "\" stroke=\"#888\"/>\n";
    const std::string height = px(bottom + 8);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(kWidth) + "\" height=\"" +
           height + "\" viewBox=\"0 0 " + px(kWidth) + " " + height +
           "\" role=\"img\" font-family=\"" + std::string(kFontStack) +
           "\" font-size=\"12\" fill=\"#222\">\n<title>" +
           htmlText(chart.title.empty() ? t.title : chart.title) + "</title>\n" + body + "</svg>\n";
}

std::string renderHtmlTable(const Table& t) {
    std::string out = "<section>\n";
    if (!t.title.empty())
        out += "<h2>" + htmlText(t.title) + "</h2>\n";
    for (const auto& note : t.notes)
        out += "<p class=\"note\">" + htmlText(note) + "</p>\n";
    if (t.chart) {
        std::string svg = renderChart(t, *t.chart);
        if (!svg.empty())
            out += "<figure>\n" + svg + "</figure>\n";
    }
    if (!t.columns.empty()) {
        out += "<table>\n<thead>\n<tr>";
        for (const auto& column : t.columns)
            out += std::string(isNumeric(column.kind) ? "<th class=\"num\">" : "<th>") +
                   htmlText(column.name) + "</th>";
        out += "</tr>\n</thead>\n<tbody>\n";
        for (const auto& row : t.rows) {
            out += row.total ? "<tr class=\"total\">" : "<tr>";
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                const Kind kind = t.columns[c].kind;
                out += "<td";
                if (isNumeric(kind))
                    out += " class=\"num\"";
                if (c == 0 && row.depth > 0)
                    out += " style=\"padding-left: " + px(0.6 + 1.2 * row.depth) + "em\"";
                out += ">" + htmlText(displayText(cellAt(row, c), kind)) + "</td>";
            }
            out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }
    return out + "</section>\n";
}

std::string renderHtml(const std::vector<Table>& tables, const Options& options) {
    std::string title = options.documentTitle;
    if (title.empty() && !tables.empty())
        title = tables.front().title;
    if (title.empty())
        title = "Margin report";
    std::string out =
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<link rel=\"icon\" href=\"data:,\">\n<title>" +
        htmlText(title) + "</title>\n<style>\nbody { font-family: " + std::string(kFontStack) +
        "; " + std::string(kCss) + "</style>\n</head>\n<body>\n";
    if (!options.documentTitle.empty())
        out += "<h1>" + htmlText(options.documentTitle) + "</h1>\n";
    for (const auto& t : tables)
        out += renderHtmlTable(t);
    return out + "</body>\n</html>\n";
}

// --- XLSX --------------------------------------------------------------------

// UTF-16 code units in `text`: Excel's unit for sheet-name lengths.
std::size_t utf16Length(std::string_view text) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = utf8Length(static_cast<unsigned char>(text[i]));
        units += n == 4 ? 2 : 1;
        i += n;
    }
    return units;
}

// `base` cut to at most `limit` UTF-16 units, without trailing apostrophes.
std::string cutName(std::string_view base, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < base.size();) {
        std::size_t n = std::min(utf8Length(static_cast<unsigned char>(base[i])), base.size() - i);
        if (utf16Length(out) + (n == 4 ? 2 : 1) > limit)
            break;
        out.append(base.substr(i, n));
        i += n;
    }
    while (!out.empty() && (out.back() == '\'' || out.back() == ' '))
        out.pop_back();
    return out;
}

// Sheet names Excel accepts, in table order (see the header).
std::vector<std::string> sheetNames(const std::vector<Table>& tables) {
    constexpr std::size_t kMax = 31;
    std::set<std::string> taken = {corpus::foldKey("History")};
    std::vector<std::string> names;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        std::string base;
        for (char c : corpus::trimSpace(tables[i].title)) {
            if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos)
                base += '_';
            else
                base += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
        }
        base.erase(0, std::min(base.find_first_not_of('\''), base.size()));
        base = cutName(base, kMax);
        if (base.empty())
            base = "Table " + std::to_string(i + 1);
        std::string name = base;
        for (int k = 2; taken.contains(corpus::foldKey(name)); ++k) {
            std::string suffix = " (" + std::to_string(k) + ")";
            name = cutName(base, kMax - suffix.size()) + suffix;
        }
        taken.insert(corpus::foldKey(name));
        names.push_back(name);
    }
    return names;
}

// Owns the workbook until it is closed.
class Workbook {
public:
    explicit Workbook(const fs::path& file) {
        lxw_workbook_options options = {};
        m_book = workbook_new_opt(file.c_str(), &options);
    }
    ~Workbook() {
        if (m_book)
            lxw_workbook_free(m_book);
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_workbook* get() const { return m_book; }
    lxw_error close() { return workbook_close(std::exchange(m_book, nullptr)); }

    // A cell format, made once per combination.
    lxw_format* cell(bool percent, bool bold, int indent, bool wrap) {
        auto key = std::make_tuple(percent, bold, indent, wrap);
        auto it = m_formats.find(key);
        if (it != m_formats.end())
            return it->second;
        lxw_format* format = workbook_add_format(m_book);
        if (percent)
            format_set_num_format(format, "0.0%");
        if (bold) {
            format_set_bold(format);
            format_set_top(format, LXW_BORDER_THIN);
        }
        if (indent > 0)
            format_set_indent(format, static_cast<std::uint8_t>(std::min(indent, 15)));
        if (wrap)
            format_set_text_wrap(format);
        format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
        return m_formats[key] = format;
    }
    lxw_format* header(bool right) {
        lxw_format*& format = right ? m_headerRight : m_header;
        if (!format) {
            format = workbook_add_format(m_book);
            format_set_bold(format);
            format_set_bg_color(format, 0xE8EDF3);
            format_set_bottom(format, LXW_BORDER_THIN);
            if (right)
                format_set_align(format, LXW_ALIGN_RIGHT);
        }
        return format;
    }
    lxw_format* note() {
        if (!m_note) {
            m_note = workbook_add_format(m_book);
            format_set_italic(m_note);
        }
        return m_note;
    }

private:
    lxw_workbook* m_book = nullptr;
    std::map<std::tuple<bool, bool, int, bool>, lxw_format*> m_formats;
    lxw_format* m_header = nullptr;
    lxw_format* m_headerRight = nullptr;
    lxw_format* m_note = nullptr;
};

int widestLine(std::string_view text) {
    int widest = 0;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = std::min(text.find('\n', start), text.size());
        widest = std::max(widest, corpus::displayWidth(text.substr(start, end - start)));
        start = end + 1;
    }
    return widest;
}

Status writeSheet(Workbook& book, const std::string& name, const Table& t,
                  const std::string& shown) {
    const std::string where = shown + ": table '" + t.title + "'";
    const std::size_t headerRow = t.notes.empty() ? 0 : t.notes.size() + 1;
    if (headerRow + 1 + t.rows.size() > LXW_ROW_MAX || t.columns.size() > LXW_COL_MAX)
        return Status::invalidInput(where +
                                    " is too large for a spreadsheet (1,048,576 rows, 16,384 "
                                    "columns at most)");
    lxw_worksheet* sheet = workbook_add_worksheet(book.get(), name.c_str());
    if (!sheet)
        return Status::internal(where + ": libxlsxwriter refused the sheet name '" + name + "'");
    auto check = [&](lxw_error error, std::size_t row, std::size_t column) {
        if (error == LXW_NO_ERROR)
            return Status::ok();
        std::string cell =
            "row " + std::to_string(row + 1) + ", column " + std::to_string(column + 1);
        if (error == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
            return Status::invalidInput(where + ", " + cell +
                                        ": text longer than a spreadsheet cell holds (32,767 "
                                        "characters)");
        return Status::ioError(where + ", " + cell + ": " + lxw_strerror(error));
    };
    auto rowIndex = [](std::size_t r) { return static_cast<lxw_row_t>(r); };
    auto colIndex = [](std::size_t c) { return static_cast<lxw_col_t>(c); };

    for (std::size_t i = 0; i < t.notes.size(); ++i)
        if (auto s = check(
                worksheet_write_string(sheet, rowIndex(i), 0, t.notes[i].c_str(), book.note()), i,
                0);
            !s.isOk())
            return s;

    std::vector<int> widths;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const Column& column = t.columns[c];
        widths.push_back(widestLine(column.name));
        if (auto s = check(
                worksheet_write_string(sheet, rowIndex(headerRow), colIndex(c), column.name.c_str(),
                                       book.header(isNumeric(column.kind))),
                headerRow, c);
            !s.isOk())
            return s;
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const Row& row = t.rows[r];
        const std::size_t at = headerRow + 1 + r;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const Cell& cell = cellAt(row, c);
            const Kind kind = t.columns[c].kind;
            const int indent = c == 0 ? std::max(row.depth, 0) : 0;
            const auto* text = std::get_if<std::string>(&cell);
            const bool wrap = text && text->find('\n') != std::string::npos;
            lxw_format* format = book.cell(kind == Kind::Percent, row.total, indent, wrap);
            widths[c] = std::max(widths[c], widestLine(displayText(cell, kind)) + 2 * indent);
            lxw_error error = LXW_NO_ERROR;
            if (text)
                error =
                    worksheet_write_string(sheet, rowIndex(at), colIndex(c), text->c_str(), format);
            else if (auto number = numberOf(cell))
                error = worksheet_write_number(sheet, rowIndex(at), colIndex(c), *number, format);
            else if (row.total)
                error = worksheet_write_blank(sheet, rowIndex(at), colIndex(c), format);
            if (auto s = check(error, at, c); !s.isOk())
                return s;
        }
    }
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        worksheet_set_column(sheet, colIndex(c), colIndex(c), std::clamp(widths[c] + 2, 8, 60),
                             nullptr);
    worksheet_freeze_panes(sheet, rowIndex(headerRow + 1), 0);
    return Status::ok();
}

Status writeXlsx(const fs::path& file, const std::vector<Table>& tables, const std::string& shown) {
    Workbook book(file);
    if (!book.get())
        return Status::ioError(shown + ": cannot start a spreadsheet");
    auto names = sheetNames(tables);
    for (std::size_t i = 0; i < tables.size(); ++i)
        if (auto s = writeSheet(book, names[i], tables[i], shown); !s.isOk())
            return s;
    if (tables.empty())  // a workbook needs a sheet
        workbook_add_worksheet(book.get(), nullptr);
    if (lxw_error error = book.close(); error != LXW_NO_ERROR)
        return Status::ioError(shown + ": cannot write the spreadsheet (" + lxw_strerror(error) +
                               ")");
    return Status::ok();
}

// --- files -------------------------------------------------------------------

std::string systemError(int error) {
    return std::generic_category().message(error);
}

// A new, empty file beside the target, removed again unless kept.
class TempFile {
public:
    TempFile() = default;
    ~TempFile() {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    Status create(const fs::path& target, const std::string& shown) {
        static std::atomic<unsigned> counter{0};
        fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
            fs::path candidate =
                folder /
                ("." + target.filename().string() + "." + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++) + "-" + std::to_string(tick % 1000000) + ".tmp");
            int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd >= 0) {
                m_fd = fd;
                m_path = candidate;
                return Status::ok();
            }
            if (errno != EEXIST)
                return Status::ioError(shown + ": cannot create a file in " + folder.string() +
                                       " (" + systemError(errno) + ")");
        }
        return Status::ioError(shown + ": cannot find a free temporary name in " + folder.string());
    }

    const fs::path& path() const { return m_path; }

    Status write(std::string_view bytes, const std::string& shown) {
        while (!bytes.empty()) {
            ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return Status::ioError(shown + ": cannot write (" + systemError(errno) + ")");
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return Status::ok();
    }

    // Closes the file; other writers (libxlsxwriter) may then fill it by name.
    Status close(const std::string& shown) {
        int fd = std::exchange(m_fd, -1);
        if (fd >= 0 && ::close(fd) != 0)
            return Status::ioError(shown + ": cannot write (" + systemError(errno) + ")");
        return Status::ok();
    }

    // Flushes the file's contents to the disk.
    Status sync(const std::string& shown) {
        int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::fsync(fd) != 0) {
            int error = errno;
            if (fd >= 0)
                ::close(fd);
            return Status::ioError(shown + ": cannot write (" + systemError(error) + ")");
        }
        ::close(fd);
        return Status::ok();
    }

    // Moves the file to `target`; replaces an existing one only if `overwrite`.
    Status commit(const fs::path& target, bool overwrite, const std::string& shown) {
        if (!overwrite) {
            if (::link(m_path.c_str(), target.c_str()) == 0)
                return Status::ok();  // the destructor removes the temporary name
            if (errno == EEXIST)
                return alreadyExists(shown);
            // A file system without hard links: check, then rename.
            std::error_code ec;
            if (fs::exists(fs::symlink_status(target, ec)))
                return alreadyExists(shown);
        }
        if (::rename(m_path.c_str(), target.c_str()) != 0)
            return Status::ioError(shown + ": cannot write (" + systemError(errno) + ")");
        m_path.clear();
        return Status::ok();
    }

    static Status alreadyExists(const std::string& shown) {
        return Status::alreadyExists(shown + ": already exists (use --force to replace it)");
    }

private:
    int m_fd = -1;
    fs::path m_path;
};

void syncFolder(const fs::path& target) {
    fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);  // best effort: the rename is what keeps the file whole
        ::close(fd);
    }
}

}  // namespace

namespace {
// The tables as people read them: without the data-only columns (the chart
// follows its columns).
std::vector<Table> forReading(const std::vector<Table>& tables) {
    std::vector<Table> out;
    for (const Table& t : tables) {
        std::vector<int> newIndex(t.columns.size(), -1);
        Table r;
        r.title = t.title;
        r.notes = t.notes;
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (!t.columns[c].dataOnly) {
                newIndex[c] = static_cast<int>(r.columns.size());
                r.columns.push_back(t.columns[c]);
            }
        for (const Row& row : t.rows) {
            Row kept{{}, row.depth, row.total};
            for (std::size_t c = 0; c < row.cells.size() && c < t.columns.size(); ++c)
                if (newIndex[c] >= 0)
                    kept.cells.push_back(row.cells[c]);
            r.rows.push_back(std::move(kept));
        }
        if (t.chart) {
            Chart chart = *t.chart;
            auto remap = [&](int c) {
                return c >= 0 && static_cast<std::size_t>(c) < newIndex.size() ? newIndex[c] : -1;
            };
            chart.labelColumn = remap(chart.labelColumn);
            chart.valueColumns.clear();
            for (int c : t.chart->valueColumns)
                if (remap(c) >= 0)
                    chart.valueColumns.push_back(remap(c));
            if (chart.labelColumn >= 0)
                r.chart = chart;
        }
        out.push_back(std::move(r));
    }
    return out;
}
}  // namespace

std::string render(const std::vector<Table>& all, Format format, const Options& options) {
    const bool forPeople =
        format == Format::Text || format == Format::Markdown || format == Format::Html;
    const std::vector<Table> readable = forPeople ? forReading(all) : std::vector<Table>();
    const std::vector<Table>& tables = forPeople ? readable : all;
    switch (format) {
        case Format::Csv:
            return renderDelimited(tables, false, options);
        case Format::Tsv:
            return renderDelimited(tables, true, options);
        case Format::Json:
            return renderJson(tables);
        case Format::Markdown:
            return renderMarkdown(tables, options);
        case Format::Html:
            return renderHtml(tables, options);
        case Format::Xlsx:
            assert(false && "XLSX is written with writeFile");
            return {};
        case Format::Text:
            break;
    }
    std::string out;
    if (!options.documentTitle.empty())
        out += bold(oneLine(options.documentTitle), options.color) + "\n\n";
    for (std::size_t i = 0; i < tables.size(); ++i)
        out += (i ? "\n" : "") + renderText(tables[i], options.color);
    return out;
}

std::string renderJsonRows(const Table& table) {
    corpus::JsonWriter json;
    writeRows(json, table);
    return json.str();
}

namespace {
// Writes through a temporary file beside `path` (its content by `fill`),
// synced and renamed into place; refuses an existing file unless
// `overwrite`.
Status writeSafely(const fs::path& path, bool overwrite,
                   const std::function<Status(TempFile&, const std::string&)>& fill) {
    const std::string shown = path.string();
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (fs::is_directory(status))
        return Status::invalidInput(shown + ": is a folder");
    if (fs::exists(status) && !overwrite)
        return TempFile::alreadyExists(shown);
    fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::is_directory(folder, ec))
        return Status::notFound(shown + ": the folder " + folder.string() + " does not exist");

    TempFile temp;
    if (auto s = temp.create(path, shown); !s.isOk())
        return s;
    if (auto s = fill(temp, shown); !s.isOk())
        return s;
    if (auto s = temp.sync(shown); !s.isOk())
        return s;
    if (auto s = temp.commit(path, overwrite, shown); !s.isOk())
        return s;
    syncFolder(path);
    return Status::ok();
}
}  // namespace

Status writeFile(const fs::path& path, const std::vector<Table>& tables, Format format,
                 const Options& options, bool overwrite) {
    return writeSafely(path, overwrite, [&](TempFile& temp, const std::string& shown) -> Status {
        if (format == Format::Xlsx) {
            if (auto s = temp.close(shown); !s.isOk())
                return s;
            return writeXlsx(temp.path(), tables, shown);
        }
        Options plain = options;
        plain.color = false;
        if (auto s = temp.write(render(tables, format, plain), shown); !s.isOk())
            return s;
        return temp.close(shown);
    });
}

Status writeTextFile(const fs::path& path, std::string_view text, bool overwrite) {
    return writeSafely(path, overwrite, [&](TempFile& temp, const std::string& shown) -> Status {
        if (auto s = temp.write(text, shown); !s.isOk())
            return s;
        return temp.close(shown);
    });
}

}  // namespace margin::codebook::report
