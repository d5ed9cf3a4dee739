#include "codebook/exchange.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <set>

#include "corpus/csv.h"
#include "corpus/text.h"

namespace margin::codebook {

namespace {

// The header's columns by folded name; refuses unknown and repeated ones.
Result<std::map<std::string, std::size_t>> columnsOf(const corpus::CsvRecord& header,
                                                     const std::vector<std::string>& known,
                                                     const std::string& source) {
    std::map<std::string, std::size_t> columns;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        std::string key = corpus::foldKey(corpus::trimSpace(header.fields[i]));
        std::replace(key.begin(), key.end(), ' ', '_');
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string list;
            for (const auto& k : known)
                list += (list.empty() ? "" : ", ") + k;
            return Status::invalidInput(source + ": line 1: unknown column '" + header.fields[i] +
                                        "' (columns: " + list + ")");
        }
        if (!columns.emplace(key, i).second)
            return Status::invalidInput(source + ": line 1: column '" + key + "' appears twice");
    }
    return columns;
}

std::optional<std::string> cell(const corpus::CsvRecord& r,
                                const std::map<std::string, std::size_t>& columns,
                                const std::string& name) {
    auto it = columns.find(name);
    if (it == columns.end() || it->second >= r.fields.size())
        return std::nullopt;
    std::string value(corpus::trimSpace(r.fields[it->second]));
    if (value.empty())
        return std::nullopt;
    return value;
}

Result<std::vector<corpus::CsvRecord>> records(std::string_view text, const std::string& source) {
    if (auto bad = corpus::firstInvalidUtf8(text); bad != std::string_view::npos)
        return Status::invalidInput(source + ": not UTF-8 (invalid byte at offset " +
                                    std::to_string(bad) + "); save it as UTF-8");
    auto parsed = corpus::parseCsv(text);
    if (!parsed.isOk())
        return Status::invalidInput(source + ": " + parsed.status().message());
    if (parsed->empty())
        return Status::invalidInput(source + ": empty file (expected a header row)");
    return parsed;
}

std::optional<std::int64_t> integer(const std::string& s) {
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

}  // namespace

Result<std::vector<CodebookRow>> readCodebookCsv(std::string_view text, const std::string& source) {
    auto rows = records(text, source);
    if (!rows.isOk())
        return rows.status();
    auto columns = columnsOf(rows->front(),
                             {"path", "code", "parent", "color", "colour", "definition",
                              "when_to_use", "when_not_to_use", "example", "memo"},
                             source);
    if (!columns.isOk())
        return columns.status();
    bool byPath = columns->count("path") > 0;
    if (!byPath && !columns->count("code"))
        return Status::invalidInput(source +
                                    ": line 1: needs a 'path' column (or 'code' and "
                                    "'parent' columns)");
    if (byPath && (columns->count("code") || columns->count("parent")))
        return Status::invalidInput(source +
                                    ": line 1: give either 'path' or 'code' and "
                                    "'parent', not both");
    std::vector<CodebookRow> out;
    std::vector<std::optional<std::string>> parents;
    for (std::size_t i = 1; i < rows->size(); ++i) {
        const auto& r = (*rows)[i];
        CodebookRow row;
        row.line = r.line;
        auto name = cell(r, *columns, byPath ? "path" : "code");
        if (!name)
            return Status::invalidInput(source + ": line " + std::to_string(r.line) + ": no " +
                                        (byPath ? "path" : "code name"));
        row.path = *name;
        row.fields.color = cell(r, *columns, "color");
        if (!row.fields.color)
            row.fields.color = cell(r, *columns, "colour");
        row.fields.definition = cell(r, *columns, "definition");
        row.fields.whenToUse = cell(r, *columns, "when_to_use");
        row.fields.whenNotToUse = cell(r, *columns, "when_not_to_use");
        row.fields.example = cell(r, *columns, "example");
        row.fields.memo = cell(r, *columns, "memo");
        parents.push_back(byPath ? std::nullopt : cell(r, *columns, "parent"));
        out.push_back(std::move(row));
    }
    if (byPath)
        return out;
    // code + parent: build each row's path, refusing unknown parents and cycles.
    std::map<std::string, std::size_t> byName;
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::string key = corpus::foldKey(out[i].path);
        if (auto [it, fresh] = byName.emplace(key, i); !fresh)
            return Status::invalidInput(
                source + ": line " + std::to_string(out[i].line) + ": code '" + out[i].path +
                "' is listed twice (also on line " + std::to_string(out[it->second].line) + ")");
    }
    std::vector<std::string> paths(out.size());
    std::vector<int> state(out.size(), 0);  // 0 new, 1 in progress, 2 done
    std::function<Status(std::size_t)> resolve = [&](std::size_t i) -> Status {
        if (state[i] == 2)
            return Status::ok();
        if (state[i] == 1)
            return Status::invalidInput(source + ": line " + std::to_string(out[i].line) +
                                        ": code '" + out[i].path +
                                        "' is its own ancestor (the parents form a cycle)");
        state[i] = 1;
        if (!parents[i]) {
            paths[i] = out[i].path;
        } else {
            // The parent: a row's name, or a path whose last name is a row's.
            std::string parent = *parents[i];
            std::string last =
                parent.substr(parent.rfind('/') == std::string::npos ? 0 : parent.rfind('/') + 1);
            auto it = byName.find(corpus::foldKey(corpus::trimSpace(last)));
            if (it == byName.end())
                return Status::invalidInput(source + ": line " + std::to_string(out[i].line) +
                                            ": parent '" + parent + "' of code '" + out[i].path +
                                            "' is not in the codebook");
            if (Status s = resolve(it->second); !s.isOk())
                return s;
            paths[i] = paths[it->second] + "/" + out[i].path;
        }
        state[i] = 2;
        return Status::ok();
    };
    for (std::size_t i = 0; i < out.size(); ++i)
        if (Status s = resolve(i); !s.isOk())
            return s;
    // Parents before children, as the import expects.
    std::vector<std::size_t> order(out.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::count(paths[a].begin(), paths[a].end(), '/') <
               std::count(paths[b].begin(), paths[b].end(), '/');
    });
    std::vector<CodebookRow> sorted;
    for (std::size_t i : order) {
        sorted.push_back(out[i]);
        sorted.back().path = paths[i];
    }
    return sorted;
}

std::string codebookCsv(const std::vector<Code>& codes) {
    std::string out = corpus::csvRecord(
        {"path", "color", "definition", "when_to_use", "when_not_to_use", "example", "memo"});
    for (const Code& c : codes)
        out += corpus::csvRecord(
            {c.path, c.color, c.definition, c.whenToUse, c.whenNotToUse, c.example, c.memo});
    return out;
}

std::string codebookMarkdown(const std::vector<Code>& codes,
                             const std::map<CodeId, CodeCounts>& counts, const std::string& title) {
    auto escape = [](const std::string& text) {
        std::string out;
        for (char ch : text) {
            if (ch == '<')
                out += "&lt;";
            else if (ch == '\n')
                out += "  \n";
            else
                out += ch;
        }
        return out;
    };
    std::string out = "# " + title + "\n\n";
    out += "| Code | Colour | Codings | Documents |\n|---|---|--:|--:|\n";
    for (const Code& c : codes) {
        auto it = counts.find(c.id);
        CodeCounts n = it == counts.end() ? CodeCounts{} : it->second;
        std::string indent;
        for (int i = 0; i < c.depth; ++i)
            indent += "\u00A0\u00A0\u00A0\u00A0";
        std::string name = escape(c.name);
        for (std::size_t p = name.find('|'); p != std::string::npos; p = name.find('|', p + 2))
            name.replace(p, 1, "\\|");
        out += "| " + indent + name + " | `" + c.color + "` | " + std::to_string(n.segments) +
               " | " + std::to_string(n.documents) + " |\n";
    }
    for (const Code& c : codes) {
        out += "\n" + std::string(static_cast<std::size_t>(std::min(c.depth, 3) + 2), '#') + " " +
               escape(c.path) + "\n\n";
        auto field = [&](const char* label, const std::string& value) {
            if (!value.empty())
                out += "**" + std::string(label) + ".** " + escape(value) + "\n\n";
        };
        field("Definition", c.definition);
        field("When to use", c.whenToUse);
        field("When not to use", c.whenNotToUse);
        field("Example", c.example);
        field("Memo", c.memo);
        if (c.definition.empty() && c.whenToUse.empty() && c.whenNotToUse.empty() &&
            c.example.empty() && c.memo.empty())
            out += "*No definition yet.*\n\n";
    }
    return out;
}

Result<std::vector<CodingRow>> readCodingsCsv(std::string_view text, const std::string& source) {
    auto rows = records(text, source);
    if (!rows.isOk())
        return rows.status();
    auto columns = columnsOf(
        rows->front(), {"document", "code", "quote", "occurrence", "start", "end", "coder", "memo"},
        source);
    if (!columns.isOk())
        return columns.status();
    for (const char* required : {"document", "code"})
        if (!columns->count(required))
            return Status::invalidInput(source + ": line 1: no '" + std::string(required) +
                                        "' column");
    bool quotes = columns->count("quote") > 0;
    if (!quotes && !(columns->count("start") && columns->count("end")))
        return Status::invalidInput(source +
                                    ": line 1: needs a 'quote' column or 'start' and 'end'");
    std::vector<CodingRow> out;
    for (std::size_t i = 1; i < rows->size(); ++i) {
        const auto& r = (*rows)[i];
        const std::string where = source + ": line " + std::to_string(r.line) + ": ";
        CodingRow row;
        row.line = r.line;
        auto document = cell(r, *columns, "document");
        auto code = cell(r, *columns, "code");
        if (!document || !code)
            return Status::invalidInput(where + "needs a document and a code");
        row.document = *document;
        row.code = *code;
        if (auto it = columns->find("quote");
            it != columns->end() && it->second < r.fields.size() && !r.fields[it->second].empty())
            row.quote = r.fields[it->second];  // exactly as written, spaces included
        if (auto o = cell(r, *columns, "occurrence")) {
            auto n = integer(*o);
            if (!n || *n < 1)
                return Status::invalidInput(where + "occurrence '" + *o +
                                            "' is not a positive number");
            row.occurrence = static_cast<int>(*n);
        }
        auto start = cell(r, *columns, "start"), end = cell(r, *columns, "end");
        if (start || end) {
            auto a = start ? integer(*start) : std::nullopt, b = end ? integer(*end) : std::nullopt;
            if (!a || !b)
                return Status::invalidInput(where + "start and end must both be numbers");
            row.start = *a;
            row.end = *b;
        }
        if (!row.quote && !row.start)
            return Status::invalidInput(where + "needs a quote or a start and end");
        if (row.quote && row.start)
            return Status::invalidInput(where + "give a quote or a start and end, not both");
        row.coder = cell(r, *columns, "coder").value_or("");
        row.memo = cell(r, *columns, "memo").value_or("");
        out.push_back(std::move(row));
    }
    return out;
}

Result<std::vector<NewCoding>> resolveCodings(const corpus::Store& store, const Codebook& codebook,
                                              const std::vector<CodingRow>& rows,
                                              const std::string& defaultCoder,
                                              const std::string& source, Snap snap) {
    struct Doc {
        corpus::DocumentInfo info;
        std::string text;
        std::vector<corpus::Turn> turns;
    };
    std::map<std::string, Doc> documents;
    std::map<std::string, CodeId> codes;
    std::vector<NewCoding> out;
    for (const CodingRow& row : rows) {
        const std::string where = source + ": line " + std::to_string(row.line) + ": ";
        auto doc = documents.find(row.document);
        if (doc == documents.end()) {
            auto info = store.findDocument(row.document);
            if (!info.isOk())
                return Status::invalidInput(where + info.status().message());
            auto text = store.documentText(info->id);
            if (!text.isOk())
                return text.status();
            auto turns = store.turns(info->id);
            if (!turns.isOk())
                return turns.status();
            doc = documents
                      .emplace(row.document,
                               Doc{*info, std::move(text).value(), std::move(turns).value()})
                      .first;
        }
        auto code = codes.find(row.code);
        if (code == codes.end()) {
            auto found = codebook.findCode(row.code);
            if (!found.isOk())
                return Status::invalidInput(where + found.status().message());
            code = codes.emplace(row.code, found->id).first;
        }
        Span span;
        if (row.quote) {
            auto found = findQuote(doc->second.text, *row.quote, row.occurrence, row.document);
            if (!found.isOk())
                return Status::invalidInput(where + found.status().message());
            span = *found;
        } else {
            span = {*row.start, *row.end};
        }
        span = snapSpan(doc->second.text, doc->second.turns, span, snap);
        out.push_back({code->second, doc->second.info.id, span.first, span.second,
                       row.coder.empty() ? defaultCoder : row.coder, row.memo});
    }
    return out;
}

}  // namespace margin::codebook
