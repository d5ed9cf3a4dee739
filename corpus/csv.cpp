#include "corpus/csv.h"

namespace margin::corpus {

Result<std::vector<CsvRecord>> parseCsv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    std::vector<CsvRecord> records;
    std::size_t i = 0;
    int line = 1;
    const std::size_t n = text.size();
    auto lineText = [](int l) { return "line " + std::to_string(l); };
    while (i < n) {
        // A blank line is skipped.
        if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
            i += text[i] == '\r' ? 2 : 1;
            ++line;
            continue;
        }
        CsvRecord record;
        record.line = line;
        while (true) {
            std::string field;
            if (i < n && text[i] == '"') {
                int quoteLine = line;
                ++i;
                while (true) {
                    if (i >= n)
                        return Status::invalidInput(lineText(quoteLine) +
                                                    ": quoted field is never closed");
                    char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (c == '\n')
                        ++line;
                    field += c;
                    ++i;
                }
                if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    return Status::invalidInput(lineText(line) +
                                                ": text after the closing quote of a field");
            } else {
                while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '"')
                        return Status::invalidInput(lineText(line) +
                                                    ": a quote inside an unquoted field (quote the "
                                                    "whole field and double the quote)");
                    field += text[i++];
                }
            }
            record.fields.push_back(std::move(field));
            if (i < n && text[i] == ',') {
                ++i;
                continue;
            }
            if (i < n && text[i] == '\r') {
                ++i;
                if (i < n && text[i] == '\n')
                    ++i;
            } else if (i < n && text[i] == '\n') {
                ++i;
            }
            ++line;
            break;
        }
        if (!records.empty() && record.fields.size() != records.front().fields.size())
            return Status::invalidInput(
                lineText(record.line) + ": " + std::to_string(record.fields.size()) +
                " fields, but the header has " + std::to_string(records.front().fields.size()));
        records.push_back(std::move(record));
    }
    return records;
}

std::string csvField(std::string_view value) {
    bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!quote)
        return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csvRecord(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            out += ',';
        out += csvField(fields[i]);
    }
    out += "\r\n";
    return out;
}

}  // namespace margin::corpus
