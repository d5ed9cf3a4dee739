#include "corpus/participants.h"

#include <charconv>
#include <cmath>
#include <set>

#include "corpus/csv.h"
#include "corpus/encoding.h"
#include "corpus/text.h"

namespace margin::corpus {
namespace {

bool isNumber(std::string_view s) {
    s = trimSpace(s);
    if (s.starts_with("+"))
        s.remove_prefix(1);
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(v);
}

AttributeType inferType(const std::vector<std::string>& values) {
    if (values.empty())
        return AttributeType::Text;
    bool allNumbers = true;
    std::set<std::string> distinct;
    for (const std::string& v : values) {
        allNumbers = allNumbers && isNumber(v);
        distinct.insert(foldKey(v));
    }
    if (allNumbers)
        return AttributeType::Number;
    if (distinct.size() <= 12 && distinct.size() < values.size())
        return AttributeType::Category;
    return AttributeType::Text;
}

}  // namespace

Result<ParticipantTable> readParticipantSheet(std::string_view bytes, const std::string& source) {
    auto decoded = decodeText(bytes);
    if (!decoded.isOk())
        return decoded.status().withContext(source);
    std::string text = normalizeText(decoded->utf8);
    auto parsed = parseCsv(text);
    if (!parsed.isOk())
        return parsed.status().withContext(source);
    const auto& records = *parsed;
    if (records.empty())
        return Status::invalidInput(source +
                                    ": the sheet is empty (it needs a header row with a "
                                    "'participant' column)");

    ParticipantTable table;
    table.source = source;
    int participantColumn = -1, documentColumn = -1;
    std::vector<int> attributeColumns;
    std::set<std::string> headers;
    const auto& header = records.front().fields;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string name(trimSpace(header[i]));
        std::optional<AttributeType> declared;
        if (auto colon = name.rfind(':'); colon != std::string::npos) {
            declared = parseAttributeType(name.substr(colon + 1));
            if (!declared)
                return Status::invalidInput(source + ": line 1: column '" + name +
                                            "': unknown type '" + name.substr(colon + 1) +
                                            "' (use text, number or category)");
            name = std::string(trimSpace(name.substr(0, colon)));
        }
        if (name.empty())
            return Status::invalidInput(source + ": line 1: column " + std::to_string(i + 1) +
                                        " has no name");
        if (!headers.insert(foldKey(name)).second)
            return Status::invalidInput(source + ": line 1: column '" + name + "' appears twice");
        std::string key = foldKey(name);
        if (key == "participant" && !declared) {
            participantColumn = static_cast<int>(i);
        } else if (key == "document" && !declared) {
            documentColumn = static_cast<int>(i);
        } else {
            attributeColumns.push_back(static_cast<int>(i));
            table.columns.push_back(
                {name, declared.value_or(AttributeType::Text), declared.has_value()});
        }
    }
    if (participantColumn < 0) {
        std::string list;
        for (const auto& h : header)
            list += (list.empty() ? "" : ", ") + h;
        return Status::invalidInput(source + ": no 'participant' column (columns: " + list + ")");
    }
    table.hasDocumentColumn = documentColumn >= 0;

    std::vector<std::vector<std::string>> filled(table.columns.size());
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& record = records[r];
        ParticipantTable::Row row;
        row.line = record.line;
        row.participant = std::string(trimSpace(record.fields[participantColumn]));
        if (row.participant.empty())
            return Status::invalidInput(source + ": line " + std::to_string(record.line) +
                                        ": the participant cell is empty");
        for (std::size_t c = 0; c < attributeColumns.size(); ++c) {
            std::string value(trimSpace(record.fields[attributeColumns[c]]));
            if (value.empty()) {
                row.values.emplace_back();
            } else {
                filled[c].push_back(value);
                row.values.emplace_back(value);
            }
        }
        if (documentColumn >= 0) {
            std::string_view docs = record.fields[documentColumn];
            while (!docs.empty()) {
                std::size_t semi = docs.find(';');
                std::string_view one = trimSpace(docs.substr(0, semi));
                if (!one.empty())
                    row.documents.emplace_back(one);
                if (semi == std::string_view::npos)
                    break;
                docs.remove_prefix(semi + 1);
            }
        }
        table.rows.push_back(std::move(row));
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (!table.columns[c].declared)
            table.columns[c].type = inferType(filled[c]);
    return table;
}

}  // namespace margin::corpus
