#include "corpus/participants.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "corpus/csv.h"
#include "corpus/encoding.h"
#include "corpus/text.h"

namespace margin::corpus {
namespace {

AttributeType inferType(const std::vector<std::string>& values) {
    if (values.empty())
        return AttributeType::Text;
    bool allNumbers = true;
    std::set<std::string> distinct;
    for (const std::string& v : values) {
        allNumbers = allNumbers && parseNumber(v).has_value();
        distinct.insert(foldKey(v));
    }
    if (allNumbers)
        return AttributeType::Number;
    if (distinct.size() <= 12 && distinct.size() < values.size())
        return AttributeType::Category;
    return AttributeType::Text;
}

bool isAsciiWord(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    return true;
}

// Document names in a cell: separated by ';' or the full-width '；' that
// Chinese input methods type; blanks and repeats dropped.
std::vector<std::string> splitDocuments(std::string_view cell) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    while (!cell.empty()) {
        std::size_t semi = cell.find(';');
        std::size_t wide = cell.find("\xEF\xBC\x9B");  // U+FF1B
        std::size_t cut = std::min(semi, wide);
        std::string_view one = trimSpace(cell.substr(0, cut));
        if (!one.empty() && seen.insert(std::string(one)).second)
            out.emplace_back(one);
        if (cut == std::string_view::npos)
            break;
        cell.remove_prefix(cut + (cut == semi ? 1 : 3));
    }
    return out;
}

}  // namespace

Result<ParticipantTable> readParticipantSheet(std::string_view bytes, const std::string& source,
                                              std::string_view encoding) {
    auto decoded = decodeText(bytes, encoding);
    if (!decoded.isOk()) {
        Status s = decoded.status().withContext(source);
        if (decoded.status().message().starts_with("cannot tell the file's encoding"))
            s = Status::invalidInput(s.message() +
                                     "; or save the sheet from Excel as \"CSV UTF-8\"");
        return s;
    }
    std::string text = normalizeText(decoded->utf8);
    auto parsed = parseCsv(text);
    if (!parsed.isOk())
        return parsed.status().withContext(source);
    return participantTableFromRecords(*parsed, source);
}

Result<ParticipantTable> participantTableFromRecords(const std::vector<CsvRecord>& records,
                                                     const std::string& source,
                                                     std::string_view lineWord) {
    auto lineText = [&](int line) { return std::string(lineWord) + " " + std::to_string(line); };
    if (records.empty())
        return Status::invalidInput(source +
                                    ": the sheet is empty (it needs a header row with a "
                                    "'participant' column)");
    auto fail = [&](int line, const std::string& message) {
        return Status::invalidInput(source + ": " + lineText(line) + ": " + message);
    };

    ParticipantTable table;
    table.source = source;
    int participantColumn = -1, documentColumn = -1;
    std::vector<int> attributeColumns;
    std::map<std::string, std::string> headers;  // folded name -> name as written
    const CsvRecord& headerRecord = records.front();
    const auto& header = headerRecord.fields;
    const int headerLine = headerRecord.line;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string name(trimSpace(header[i]));
        // "years:number" declares a type; a colon followed by anything but a
        // single word ("Time (hh:mm)") is part of the name.
        std::optional<AttributeType> declared;
        if (auto colon = name.rfind(':'); colon != std::string::npos) {
            std::string suffix(trimSpace(std::string_view(name).substr(colon + 1)));
            if (isAsciiWord(suffix)) {
                declared = parseAttributeType(suffix);
                if (!declared)
                    return fail(headerLine, "column '" + name + "': unknown type '" + suffix +
                                                "' (use text, number or category)");
                name = std::string(trimSpace(std::string_view(name).substr(0, colon)));
            }
        }
        if (name.empty()) {
            // Spreadsheets often save empty columns past the last one used:
            // harmless when every cell in them is empty too.
            bool used = false;
            int usedLine = 0;
            for (std::size_t r = 1; r < records.size() && !used; ++r) {
                used = !trimSpace(records[r].fields[i]).empty();
                usedLine = records[r].line;
            }
            if (!used && !declared)
                continue;
            return fail(headerLine,
                        "column " + std::to_string(i + 1) + " has no name" +
                            (used ? " but holds values (" + lineText(usedLine) + ")" : ""));
        }
        std::string key = foldKey(name);
        if (auto [it, added] = headers.emplace(key, name); !added)
            return fail(headerLine, "column '" + name + "' appears twice" +
                                        (it->second == name ? "" : " (as '" + it->second + "')"));
        if (key == "participant" || key == "document" || key == "documents") {
            if (declared)
                return fail(headerLine, "column '" + name + "' cannot have a type");
            int& column = key == "participant" ? participantColumn : documentColumn;
            if (column >= 0)
                return fail(headerLine, "column '" + name + "' appears twice (as '" +
                                            std::string(trimSpace(header[column])) + "')");
            column = static_cast<int>(i);
        } else {
            attributeColumns.push_back(static_cast<int>(i));
            table.columns.push_back(
                {name, declared.value_or(AttributeType::Text), declared.has_value()});
        }
    }
    if (participantColumn < 0) {
        std::string list;
        for (const auto& h : header)
            list += (list.empty() ? "'" : ", '") + h + "'";
        std::string hint;
        if (header.size() == 1 && header[0].find_first_of(";\t") != std::string::npos)
            hint = "; the columns seem separated by '" +
                   std::string(header[0].find(';') != std::string::npos ? ";" : "tab") +
                   "': save the sheet as CSV with commas (\"CSV UTF-8\" in Excel)";
        return fail(headerLine, "no 'participant' column (the columns are " + list + ")" + hint);
    }
    table.hasDocumentColumn = documentColumn >= 0;

    std::vector<std::vector<std::string>> filled(table.columns.size());
    std::map<std::string, int> seen;  // folded participant -> line
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& record = records[r];
        bool blank = true;
        for (const std::string& field : record.fields)
            blank = blank && trimSpace(field).empty();
        if (blank)  // a row of empty cells, as spreadsheets save
            continue;
        ParticipantTable::Row row;
        row.line = record.line;
        row.participant = std::string(trimSpace(record.fields[participantColumn]));
        if (row.participant.empty())
            return fail(record.line, "the participant cell is empty");
        if (auto [it, added] = seen.emplace(foldKey(row.participant), record.line); !added)
            return fail(record.line, "participant '" + row.participant +
                                         "' appears twice (first on " + lineText(it->second) + ")");
        for (std::size_t c = 0; c < attributeColumns.size(); ++c) {
            std::string value(trimSpace(record.fields[attributeColumns[c]]));
            if (value.empty()) {
                row.values.emplace_back();
                continue;
            }
            const ParticipantTable::Column& column = table.columns[c];
            if (column.declared && column.type == AttributeType::Number && !parseNumber(value))
                return fail(record.line,
                            "column '" + column.name + "': '" + value + "' is not a number");
            filled[c].push_back(value);
            row.values.emplace_back(value);
        }
        if (documentColumn >= 0)
            row.documents = splitDocuments(record.fields[documentColumn]);
        table.rows.push_back(std::move(row));
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (!table.columns[c].declared)
            table.columns[c].type = inferType(filled[c]);
    return table;
}

}  // namespace margin::corpus
