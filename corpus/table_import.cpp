#include "corpus/table_import.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "corpus/encoding.h"
#include "corpus/importer.h"
#include "corpus/offsets.h"
#include "corpus/participants.h"
#include "corpus/sha256.h"
#include "corpus/spreadsheet.h"
#include "corpus/text.h"

namespace margin::corpus {
namespace {

std::string lowerExtension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (!ext.empty())
        ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::string quotedList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "'" : ", '") + n + "'";
    return out;
}

bool isAsciiWord(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    return true;
}

// "year:number" -> {"year", "number"}; a name without a one-word type after
// its last colon -> {name, ""} (as participant sheets read headers).
std::pair<std::string, std::string> splitType(std::string_view name) {
    if (auto colon = name.rfind(':'); colon != std::string_view::npos) {
        std::string_view type = trimSpace(name.substr(colon + 1));
        if (isAsciiWord(type))
            return {std::string(trimSpace(name.substr(0, colon))), std::string(type)};
    }
    return {std::string(name), ""};
}

// "a, b,,c" -> {"a", "b", "c"}.
std::vector<std::string> splitAtCommas(std::string_view list) {
    std::vector<std::string> out;
    while (true) {
        std::size_t comma = list.find(',');
        std::string item(trimSpace(list.substr(0, comma)));
        if (!item.empty())
            out.push_back(std::move(item));
        if (comma == std::string_view::npos)
            return out;
        list.remove_prefix(comma + 1);
    }
}

bool blankRow(const CsvRecord& row) {
    return std::all_of(row.fields.begin(), row.fields.end(),
                       [](const std::string& f) { return trimSpace(f).empty(); });
}

// The paragraphs of a document being built: "Label: text" (or just the text
// without a label), separated by blank lines; returns the text's span.
struct DocumentBuilder {
    NewDocument doc;
    CharPos length = 0;
    std::vector<std::string> participants;  // linked, in order of appearance
    // The last turn's speaker, for rows that leave the speaker empty.
    std::optional<NewTurn> last;

    std::pair<CharPos, CharPos> append(std::string_view label, std::string_view text) {
        std::string prefix;
        if (!doc.text.empty())
            prefix = "\n\n";
        if (!label.empty())
            prefix += std::string(label) + ": ";
        doc.text += prefix;
        length += codePointCount(prefix);
        CharPos start = length;
        doc.text += text;
        length += codePointCount(text);
        return {start, length};
    }
    void link(const std::string& participant) {
        if (linked.insert(participant).second)
            participants.push_back(participant);
    }
    std::set<std::string> linked;
};

// The table's columns, found by name.
class Columns {
public:
    explicit Columns(const RawTable& table) : m_table(table) {
        for (const auto& h : table.header.fields)
            m_names.emplace_back(trimSpace(h));
    }

    const std::string& name(int column) const { return m_names[static_cast<std::size_t>(column)]; }

    // The column named `name` (as written, else by foldKey, also without a
    // declared type); nullopt when there is none.
    Result<std::optional<int>> lookup(const std::string& name) const {
        std::vector<int> exact, folded;
        const std::string key = foldKey(name);
        for (std::size_t i = 0; i < m_names.size(); ++i) {
            if (m_names[i].empty())
                continue;
            if (m_names[i] == name)
                exact.push_back(static_cast<int>(i));
            else if (foldKey(m_names[i]) == key || foldKey(splitType(m_names[i]).first) == key)
                folded.push_back(static_cast<int>(i));
        }
        const auto& found = exact.empty() ? folded : exact;
        if (found.size() > 1) {
            std::vector<std::string> which;
            for (int i : found)
                which.push_back(m_names[static_cast<std::size_t>(i)] + "' (column " +
                                std::to_string(i + 1) + ")");
            std::string list;
            for (const auto& w : which)
                list += (list.empty() ? "'" : " and '") + w;
            return Status::invalidInput(where() + "column '" + name +
                                        "' is ambiguous: the header has " + list);
        }
        if (found.empty())
            return std::optional<int>();
        return std::optional<int>(found.front());
    }

    Result<int> find(const std::string& name, const std::string& option) const {
        auto found = lookup(name);
        if (!found.isOk())
            return found.status();
        if (*found)
            return **found;
        return missing(name, option);
    }

    Status missing(const std::string& name, const std::string& option) const {
        std::vector<std::string> named;
        for (const auto& n : m_names)
            if (!n.empty())
                named.push_back(n);
        std::string hint;
        const auto& header = m_table.header.fields;
        if (header.size() == 1 && header[0].find_first_of(";\t") != std::string::npos)
            hint = "; the columns seem separated by '" +
                   std::string(header[0].find(';') != std::string::npos ? ";" : "tab") +
                   "': save the table as CSV with commas (\"CSV UTF-8\" in Excel)";
        return Status::invalidInput(
            where() + (m_table.sheet.empty() ? "" : "sheet '" + m_table.sheet + "' has ") +
            "no column '" + name + "' (given as --" + option + "); the columns are " +
            quotedList(named) + hint);
    }

    // Columns named by option values: a value that names a column is that
    // column; otherwise it is a comma-separated list of columns.
    Result<std::vector<int>> findList(const std::vector<std::string>& values,
                                      const std::string& option) const {
        std::vector<int> out;
        for (const auto& value : values) {
            auto whole = lookup(std::string(trimSpace(value)));
            if (!whole.isOk())
                return whole.status();
            if (*whole) {
                out.push_back(**whole);
                continue;
            }
            for (const std::string& item : splitAtCommas(value)) {
                auto one = find(item, option);
                if (!one.isOk())
                    return one.status();
                out.push_back(*one);
            }
        }
        return out;
    }

    std::string where() const { return m_table.source + ": "; }

private:
    const RawTable& m_table;
    std::vector<std::string> m_names;
};

std::string cell(const CsvRecord& row, int column) {
    auto i = static_cast<std::size_t>(column);
    return i < row.fields.size() ? std::string(trimSpace(row.fields[i])) : std::string();
}

// A respondent id by row number: R0001, R0002, ..., R10000.
std::string respondentId(std::size_t n) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "R%04zu", n);
    return buffer;
}

// An attribute column: its index and the header the participants sheet
// machinery reads ("year", or "year:number" when declared).
struct AttributeColumn {
    int column = 0;
    std::string header;
};

}  // namespace

Result<RawTable> readTable(std::string_view bytes, const std::filesystem::path& file,
                           const TableImportOptions& options) {
    RawTable table;
    table.source = file.string();
    table.sourceName = file.filename().string();
    table.format = lowerExtension(file);
    table.sha256 = sha256Hex(bytes);
    const std::string& source = table.source;
    if (table.format == "csv") {
        if (!options.sheet.empty())
            return Status::invalidInput(source + ": --sheet applies to .xlsx files");
        auto decoded = decodeText(bytes, options.encoding);
        if (!decoded.isOk()) {
            Status s = decoded.status().withContext(source);
            if (decoded.status().message().starts_with("cannot tell the file's encoding"))
                s = Status::invalidInput(s.message() +
                                         "; or save the table from Excel as \"CSV UTF-8\"");
            return s;
        }
        table.encoding = decoded->encoding;
        auto records = parseCsv(normalizeText(decoded->utf8));
        if (!records.isOk())
            return records.status().withContext(source);
        if (records->empty())
            return Status::invalidInput(source + ": the table is empty");
        table.header = std::move(records->front());
        table.rows.assign(std::make_move_iterator(records->begin() + 1),
                          std::make_move_iterator(records->end()));
        return table;
    }
    if (table.format == "xlsx") {
        if (!options.encoding.empty())
            return Status::invalidInput(source +
                                        ": --encoding applies to .csv files (an .xlsx file's "
                                        "text is always Unicode)");
        auto sheet = readXlsx(bytes, source, options.sheet);
        if (!sheet.isOk())
            return sheet.status();
        table.encoding = "XLSX";
        table.lineWord = "row";
        table.sheet = sheet->name;
        bool headerFound = false;
        for (std::size_t r = 0; r < sheet->rows.size(); ++r) {
            CsvRecord record;
            record.line = static_cast<int>(r + 1);
            for (const auto& value : sheet->rows[r]) {
                if (firstInvalidUtf8(value) != std::string_view::npos)
                    return Status::invalidInput(source + ": row " + std::to_string(r + 1) +
                                                ": a cell is not valid UTF-8");
                record.fields.push_back(normalizeText(value));
            }
            if (!headerFound) {
                if (blankRow(record))
                    continue;  // empty rows above the header
                table.header = std::move(record);
                headerFound = true;
                continue;
            }
            table.rows.push_back(std::move(record));
        }
        if (!headerFound)
            return Status::invalidInput(source + ": sheet '" + sheet->name + "' is empty");
        return table;
    }
    return Status::invalidInput(source + ": import-table reads .csv and .xlsx files, not '" +
                                file.extension().string() + "'");
}

Result<TableImportPlan> planTableImport(const RawTable& table, const TableImportOptions& options) {
    const std::string& source = table.source;
    const Columns columns(table);
    auto at = [&](const CsvRecord& row, std::optional<int> column) {
        return source + ": " + table.lineWord + " " + std::to_string(row.line) +
               (column ? ", column '" + columns.name(*column) + "'" : std::string()) + ": ";
    };
    const bool survey = options.speaker.empty();

    // The columns and their roles; a column has one role (a dialogue's
    // --document and --participant may share one).
    if (options.text.empty())
        return Status::invalidInput(source + ": no --text column given");
    auto text = columns.findList(options.text, "text");
    if (!text.isOk())
        return text.status();
    std::optional<int> speaker, document, participant;
    for (auto [name, option, slot] :
         {std::tuple{&options.speaker, "speaker", &speaker},
          std::tuple{&options.document, "document", &document},
          std::tuple{&options.participant, "participant", &participant}}) {
        if (name->empty())
            continue;
        auto found = columns.find(std::string(trimSpace(*name)), option);
        if (!found.isOk())
            return found.status();
        *slot = *found;
    }
    std::vector<AttributeColumn> attributes;
    for (const auto& value : options.attributes) {
        // "year:number" names column "year" and declares its type, unless a
        // column is called so.
        std::vector<std::string> items{value};
        if (auto whole = columns.lookup(std::string(trimSpace(value))); !whole.isOk() || !*whole)
            items = splitAtCommas(value);
        for (const auto& item : items) {
            auto whole = columns.lookup(std::string(trimSpace(item)));
            if (!whole.isOk())
                return whole.status();
            if (*whole) {
                attributes.push_back({**whole, columns.name(**whole)});
                continue;
            }
            auto [base, type] = splitType(trimSpace(item));
            if (type.empty())
                return columns.missing(std::string(trimSpace(item)), "attributes");
            if (!parseAttributeType(type))
                return Status::invalidInput(source + ": --attributes '" +
                                            std::string(trimSpace(item)) + "': unknown type '" +
                                            type + "' (use text, number or category)");
            auto found = columns.find(base, "attributes");
            if (!found.isOk())
                return found.status();
            attributes.push_back(
                {*found, splitType(columns.name(*found)).first + ":" + std::string(type)});
        }
    }
    {
        std::map<int, std::string> roles;
        auto claim = [&](int column, const std::string& role) -> Status {
            auto [it, added] = roles.emplace(column, role);
            if (added)
                return Status::ok();
            if ((it->second == "--document" && role == "--participant") ||
                (it->second == "--participant" && role == "--document"))
                return Status::ok();
            if (it->second == role)
                return Status::invalidInput(source + ": column '" + columns.name(column) +
                                            "' is given twice as " + role);
            return Status::invalidInput(source + ": column '" + columns.name(column) +
                                        "' is given both as " + it->second + " and as " + role);
        };
        std::vector<std::pair<int, std::string>> claims;
        for (int c : *text)
            claims.emplace_back(c, "--text");
        if (speaker)
            claims.emplace_back(*speaker, "--speaker");
        if (document)
            claims.emplace_back(*document, "--document");
        if (participant)
            claims.emplace_back(*participant, "--participant");
        for (const auto& a : attributes)
            claims.emplace_back(a.column, "--attributes");
        for (const auto& [c, role] : claims)
            if (Status s = claim(c, role); !s.isOk())
                return s;
    }
    for (const auto& a : attributes) {
        std::string key = foldKey(splitType(a.header).first);
        if (key == "participant" || key == "document" || key == "documents")
            return Status::invalidInput(source + ": column '" + columns.name(a.column) +
                                        "' cannot be an attribute (participant sheets use the "
                                        "name for their own column); rename it");
    }
    if (!survey && text->size() != 1)
        return Status::invalidInput(source +
                                    ": a dialogue table (--speaker) has one --text "
                                    "column, not " +
                                    std::to_string(text->size()));
    if (survey && document)
        return Status::invalidInput(source +
                                    ": --document groups the rows of a dialogue table (with "
                                    "--speaker); a survey has one row per respondent");

    std::vector<const CsvRecord*> rows;
    for (const auto& row : table.rows)
        if (!blankRow(row))
            rows.push_back(&row);
    if (rows.empty())
        return Status::invalidInput(source + ": the table has a header but no rows");
    for (int c : *text) {
        bool any = std::any_of(rows.begin(), rows.end(),
                               [&](const CsvRecord* r) { return !cell(*r, c).empty(); });
        if (!any)
            return Status::invalidInput(source + ": column '" + columns.name(c) +
                                        "' (--text) is empty in every row");
    }

    TableImportPlan plan;
    plan.survey = survey;
    plan.rows = rows.size();
    plan.participants.source = source;
    auto newDocument = [&](const std::string& name) {
        DocumentBuilder b;
        b.doc.name = name;
        b.doc.sourceName = table.sourceName;
        b.doc.sourceFormat = table.format;
        b.doc.sourceEncoding = table.encoding;
        b.doc.sha256 = table.sha256;
        return b;
    };
    auto finish = [&](std::vector<DocumentBuilder>& builders) {
        for (auto& b : builders) {
            b.doc.participants = b.participants;
            plan.documents.push_back(std::move(b.doc));
        }
    };
    // The participants sheet: a header row, then one record per participant.
    std::vector<CsvRecord> sheet;
    {
        CsvRecord header{table.header.line, {"participant"}};
        for (const auto& a : attributes)
            header.fields.push_back(a.header);
        sheet.push_back(std::move(header));
    }

    if (survey) {
        std::map<std::string, int> seen;  // folded id -> line
        struct Respondent {
            std::string id;
            const CsvRecord* row;
        };
        std::vector<Respondent> respondents;
        for (std::size_t n = 0; n < rows.size(); ++n) {
            const CsvRecord& row = *rows[n];
            std::string id = participant ? cell(row, *participant) : respondentId(n + 1);
            if (id.empty())
                return Status::invalidInput(at(row, participant) + "the respondent's id is empty");
            if (auto [it, added] = seen.emplace(foldKey(id), row.line); !added)
                return Status::invalidInput(at(row, participant) + "respondent '" + id +
                                            "' appears twice (first on " + table.lineWord + " " +
                                            std::to_string(it->second) + ")");
            respondents.push_back({id, &row});
            plan.participantNames.push_back(id);
            CsvRecord record{row.line, {id}};
            for (const auto& a : attributes)
                record.fields.push_back(cell(row, a.column));
            sheet.push_back(std::move(record));
        }
        std::vector<DocumentBuilder> builders;
        if (options.per == TableImportOptions::Per::Respondent) {
            for (const auto& r : respondents) {
                DocumentBuilder b = newDocument(r.id);
                for (int c : *text) {
                    std::string answer = cell(*r.row, c);
                    if (answer.empty()) {
                        ++plan.emptyAnswers;
                        continue;
                    }
                    auto [start, end] = b.append(columns.name(c), answer);
                    b.doc.turns.push_back(
                        {start, end, columns.name(c), SpeakerKind::Participant, r.id, {}});
                    b.link(r.id);
                }
                if (!b.doc.turns.empty())
                    builders.push_back(std::move(b));
            }
        } else {
            for (int c : *text) {
                DocumentBuilder b = newDocument(columns.name(c));
                for (const auto& r : respondents) {
                    std::string answer = cell(*r.row, c);
                    if (answer.empty()) {
                        ++plan.emptyAnswers;
                        continue;
                    }
                    auto [start, end] = b.append(r.id, answer);
                    b.doc.turns.push_back({start, end, r.id, SpeakerKind::Participant, r.id, {}});
                    b.link(r.id);
                }
                builders.push_back(std::move(b));
            }
        }
        finish(builders);
    } else {
        const int textColumn = text->front();
        const std::string stem = normalizeText(std::filesystem::path(source).stem().string());
        std::vector<DocumentBuilder> builders;
        std::map<std::string, std::size_t> byName;
        std::map<std::string, std::string> speakers;      // folded -> as first written
        std::map<std::string, std::string> participants;  // folded -> as first written
        std::map<std::string, bool> interviewer;          // speaker -> is an interviewer
        struct Values {
            int line = 0;  // the first row that gave a value
            std::vector<std::optional<std::pair<std::string, int>>> values;  // value, line
        };
        std::map<std::string, Values> values;  // participant -> attribute values
        std::string current;
        for (const CsvRecord* rowPtr : rows) {
            const CsvRecord& row = *rowPtr;
            std::string name = stem;
            if (document) {
                name = cell(row, *document);
                if (name.empty() && current.empty())
                    return Status::invalidInput(at(row, *document) +
                                                "the document cell is empty (and no row above "
                                                "names one)");
                if (name.empty())
                    name = current;
            }
            current = name;
            auto [it, added] = byName.emplace(name, builders.size());
            if (added)
                builders.push_back(newDocument(name));
            DocumentBuilder& b = builders[it->second];

            std::string said = cell(row, textColumn);
            if (said.empty()) {
                ++plan.skippedRows;
                continue;
            }
            std::string label = cell(row, *speaker);
            std::optional<NewTurn> turn;
            if (!label.empty()) {
                label = speakers.emplace(foldKey(label), label).first->second;
                turn = NewTurn{0, 0, label, SpeakerKind::Participant, label, {}};
                auto known = interviewer.find(label);
                if (known == interviewer.end())
                    known =
                        interviewer
                            .emplace(label, isInterviewerLabel(label, options.interviewerLabels))
                            .first;
                if (known->second) {
                    turn->kind = SpeakerKind::Interviewer;
                    turn->participant.reset();
                }
            } else if (b.last) {
                turn = b.last;
            }
            if (turn && turn->kind == SpeakerKind::Participant) {
                std::string id = participant ? cell(row, *participant) : std::string();
                if (!id.empty() || !turn->participant)
                    turn->participant = id.empty() ? turn->speaker : id;
                turn->participant =
                    participants.emplace(foldKey(*turn->participant), *turn->participant)
                        .first->second;
                const std::string& who = *turn->participant;
                if (values.find(who) == values.end())
                    plan.participantNames.push_back(who);
                b.link(who);
                Values& v = values[who];
                v.values.resize(attributes.size());
                for (std::size_t a = 0; a < attributes.size(); ++a) {
                    std::string value = cell(row, attributes[a].column);
                    if (value.empty())
                        continue;
                    if (!v.line)
                        v.line = row.line;
                    if (!v.values[a]) {
                        v.values[a] = std::pair(value, row.line);
                    } else if (v.values[a]->first != value) {
                        return Status::invalidInput(
                            at(row, attributes[a].column) + "participant '" + who + "' is '" +
                            value + "' here but '" + v.values[a]->first + "' on " + table.lineWord +
                            " " + std::to_string(v.values[a]->second));
                    }
                }
            }
            auto [start, end] = b.append(turn ? turn->speaker : std::string(), said);
            if (turn) {
                b.last = turn;
                turn->start = start;
                turn->end = end;
                b.doc.turns.push_back(std::move(*turn));
            }
        }
        builders.erase(std::remove_if(builders.begin(), builders.end(),
                                      [](const DocumentBuilder& b) { return b.doc.text.empty(); }),
                       builders.end());
        finish(builders);
        if (!attributes.empty())
            for (const std::string& who : plan.participantNames) {
                const Values& v = values[who];
                if (!v.line)
                    continue;  // no values: leave what the project knows
                CsvRecord record{v.line, {who}};
                for (const auto& value : v.values)
                    record.fields.push_back(value ? value->first : std::string());
                sheet.push_back(std::move(record));
            }
    }

    if (survey || sheet.size() > 1) {
        auto people = participantTableFromRecords(sheet, source, table.lineWord);
        if (!people.isOk())
            return people.status();
        plan.participants = std::move(people).value();
    }
    for (const auto& doc : plan.documents)
        if (!isNormalizedText(doc.text))
            return Status::internal(source + ": document '" + doc.name +
                                    "' was built from text that is not normalised");
    return plan;
}

Result<TableImportReport> importTable(Store& store, const std::filesystem::path& file,
                                      const TableImportOptions& options, bool dryRun) {
    const std::string name = file.string();
    auto read = readImportFile(file);
    if (!read.isOk())
        return read.status();
    std::string bytes = std::move(read).value();

    auto table = readTable(bytes, file, options);
    if (!table.isOk())
        return table.status();
    bytes = std::string();
    auto plan = planTableImport(*table, options);
    if (!plan.isOk())
        return plan.status();

    auto existing = store.documents();
    if (!existing.isOk())
        return existing.status().withContext(name);
    std::set<std::string> taken;
    for (const auto& d : *existing)
        taken.insert(d.name);
    for (const auto& doc : plan->documents)
        if (taken.count(doc.name))
            return Status::invalidInput(name + ": a document named '" + doc.name +
                                        "' is already in the project");

    TableImportReport report;
    report.plan = std::move(plan).value();
    if (dryRun)
        return report;
    const bool hasSheet = !report.plan.participants.rows.empty();
    auto ids =
        store.addDocuments(report.plan.documents, hasSheet ? &report.plan.participants : nullptr,
                           &report.participants);
    if (!ids.isOk()) {
        const Status& s = ids.status();
        return s.message().starts_with(name) ? s : s.withContext(name);
    }
    report.ids = std::move(ids).value();
    return report;
}

}  // namespace margin::corpus
