#include "corpus/csv.h"

namespace margin::corpus {
namespace {

std::string lineText(int line) {
    return "line " + std::to_string(line);
}

std::string fieldCount(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " field" : " fields");
}

// True at the end of a line: "\r\n", "\n" or a lone "\r".
bool atLineBreak(std::string_view text, std::size_t i) {
    return i < text.size() && (text[i] == '\n' || text[i] == '\r');
}

// Skips the line break at `i` (which must be one).
std::size_t skipLineBreak(std::string_view text, std::size_t i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
        return i + 2;
    return i + 1;
}

}  // namespace

Result<std::vector<CsvRecord>> parseCsv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    std::vector<CsvRecord> records;
    std::size_t i = 0;
    int line = 1;
    const std::size_t n = text.size();
    while (i < n) {
        // A blank line is skipped.
        if (atLineBreak(text, i)) {
            i = skipLineBreak(text, i);
            ++line;
            continue;
        }
        CsvRecord record;
        record.line = line;
        while (true) {
            std::string field;
            if (i < n && text[i] == '"') {
                const int quoteLine = line;
                ++i;
                while (true) {
                    // Copy up to the next quote in one step, counting lines.
                    std::size_t quote = text.find('"', i);
                    if (quote == std::string_view::npos)
                        return Status::invalidInput(lineText(quoteLine) +
                                                    ": quoted field is never closed (a \" "
                                                    "inside a field must be doubled: \"\")");
                    for (std::size_t k = i; k < quote; ++k)
                        if (text[k] == '\n' ||
                            (text[k] == '\r' && (k + 1 >= n || text[k + 1] != '\n')))
                            ++line;
                    field.append(text.substr(i, quote - i));
                    i = quote + 1;
                    if (i < n && text[i] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    break;
                }
                if (i < n && text[i] != ',' && !atLineBreak(text, i))
                    return Status::invalidInput(lineText(line) +
                                                ": text after the closing quote of a field (a \" "
                                                "inside a field must be doubled: \"\")");
            } else {
                std::size_t end = text.find_first_of(",\r\n", i);
                if (end == std::string_view::npos)
                    end = n;
                std::string_view raw = text.substr(i, end - i);
                if (raw.find('"') != std::string_view::npos)
                    return Status::invalidInput(lineText(line) +
                                                ": a quote inside an unquoted field (quote the "
                                                "whole field and double the quote)");
                field.assign(raw);
                i = end;
            }
            record.fields.push_back(std::move(field));
            if (i < n && text[i] == ',') {
                ++i;
                continue;
            }
            if (i < n)
                i = skipLineBreak(text, i);
            ++line;
            break;
        }
        if (!records.empty() && record.fields.size() != records.front().fields.size())
            return Status::invalidInput(lineText(record.line) + ": " +
                                        fieldCount(record.fields.size()) + ", but the header has " +
                                        fieldCount(records.front().fields.size()));
        records.push_back(std::move(record));
    }
    return records;
}

std::string csvField(std::string_view value) {
    bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!value.empty() && (value.front() == ' ' || value.back() == ' ')) ||
                 value.starts_with("\xEF\xBB\xBF");
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
    // A lone empty field is written "" so that the line is not blank.
    if (fields.size() == 1 && fields[0].empty())
        return "\"\"\r\n";
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
