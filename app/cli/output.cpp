#include "app/cli/output.h"

#include <algorithm>

#include "corpus/csv.h"
#include "corpus/json.h"
#include "corpus/text.h"

namespace margin::cli {

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

bool isNumeric(const Table& t, std::size_t c) {
    return c < t.numeric.size() && t.numeric[c];
}

std::string renderText(const Table& t) {
    std::vector<int> widths(t.columns.size(), 0);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        widths[c] = corpus::displayWidth(t.columns[c]);
        for (const auto& row : t.rows)
            widths[c] = std::max(widths[c], corpus::displayWidth(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            int pad = widths[c] - corpus::displayWidth(cells[c]);
            bool last = c + 1 == cells.size();
            if (isNumeric(t, c)) {
                out.append(static_cast<std::size_t>(pad), ' ');
                out += cells[c];
            } else {
                out += cells[c];
                if (!last)
                    out.append(static_cast<std::size_t>(pad), ' ');
            }
            if (!last)
                out += "  ";
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out = line(t.columns);
    std::vector<std::string> rule;
    for (int w : widths)
        rule.emplace_back(static_cast<std::size_t>(w), '-');
    out += line(rule);
    for (const auto& row : t.rows)
        out += line(row);
    return out;
}

std::string renderCsv(const Table& t) {
    std::string out = corpus::csvRecord(t.columns);
    for (const auto& row : t.rows)
        out += corpus::csvRecord(row);
    return out;
}

std::string renderJson(const Table& t) {
    corpus::JsonWriter json;
    json.beginArray();
    for (const auto& row : t.rows) {
        json.beginObject();
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            json.key(t.columns[c]);
            if (row[c].empty() && isNumeric(t, c))
                json.null();
            else if (isNumeric(t, c))
                json.raw(row[c]);
            else
                json.value(row[c]);
        }
        json.endObject();
    }
    json.endArray();
    return json.str();
}

}  // namespace

std::string render(const Table& table, Format format) {
    switch (format) {
        case Format::Csv:
            return renderCsv(table);
        case Format::Json:
            return renderJson(table);
        case Format::Table:
            break;
    }
    return renderText(table);
}

}  // namespace margin::cli
