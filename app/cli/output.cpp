#include "app/cli/output.h"

#include <charconv>
#include <cstdint>

#include "codebook/report.h"
#include "corpus/text.h"

namespace margin::cli {

namespace report = codebook::report;

std::optional<Format> parseFormat(std::string_view name) {
    if (name == "table")
        return Format::Table;
    if (name == "csv")
        return Format::Csv;
    if (name == "json")
        return Format::Json;
    return std::nullopt;
}

namespace {

std::optional<std::int64_t> parseInteger(const std::string& text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// A numeric column's cell: empty, an integer, a real number, or (when it is
// not a number after all) the text as given.
report::Cell numericCell(const std::string& text) {
    if (text.empty())
        return std::monostate{};
    if (auto integer = parseInteger(text))
        return *integer;
    if (auto real = corpus::parseNumber(text))
        return *real;
    return text;
}

report::Table toReport(const Table& table) {
    report::Table out;
    const std::size_t n = table.columns.size();
    for (std::size_t c = 0; c < n; ++c) {
        bool numeric = c < table.numeric.size() && table.numeric[c];
        out.columns.push_back({table.columns[c], numeric ? report::Column::Kind::Integer
                                                         : report::Column::Kind::Text});
    }
    for (const auto& row : table.rows) {
        report::Row cells;
        for (std::size_t c = 0; c < n; ++c) {
            static const std::string kEmpty;
            const std::string& text = c < row.size() ? row[c] : kEmpty;
            if (out.columns[c].kind == report::Column::Kind::Text) {
                cells.cells.emplace_back(text);
                continue;
            }
            cells.cells.push_back(numericCell(text));
            if (std::holds_alternative<double>(cells.cells.back()))
                out.columns[c].kind = report::Column::Kind::Real;
        }
        out.rows.push_back(std::move(cells));
    }
    return out;
}

}  // namespace

std::string render(const Table& table, Format format) {
    report::Table t = toReport(table);
    switch (format) {
        case Format::Csv:
            return report::render({t}, report::Format::Csv);
        case Format::Json:
            return report::renderJsonRows(t);
        case Format::Table:
            break;
    }
    return report::render({t}, report::Format::Text);
}

}  // namespace margin::cli
