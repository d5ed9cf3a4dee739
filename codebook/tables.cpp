#include "codebook/tables.h"

#include <algorithm>
#include <cmath>

namespace margin::codebook {

using report::Column;
using Kind = report::Column::Kind;

namespace {

Kind kindOf(Measure m) {
    return m == Measure::Percent || m == Measure::Coverage ? Kind::Percent : Kind::Integer;
}

report::Cell value(Measure m, double v) {
    if (kindOf(m) == Kind::Percent)
        return v;
    return static_cast<std::int64_t>(std::llround(v));
}

std::string groupSizes(const GroupTable& t) {
    std::string out = "Participants who speak in the project: ";
    for (std::size_t g = 0; g < t.groups.size(); ++g)
        out += t.groups[g] + " " + std::to_string(t.speakers[g]) + ", ";
    return out + "total " + std::to_string(t.speakers.back()) + ".";
}

}  // namespace

report::Table groupReport(const GroupTable& t, Layout layout) {
    report::Table out;
    out.title = "Codes by " + t.attribute;
    out.notes.push_back("Rows are codes, columns are the values of the participant attribute '" +
                        t.attribute + "' and the total. " + groupSizes(t));
    for (Measure m : t.measures)
        out.notes.push_back(std::string(measureName(m)) + ": " + measureDefinition(m) + ".");
    out.notes.push_back(
        "Interviewer speech is counted only when asked for (--speaker any); the row '(any code)' "
        "counts every coding of the rows above once. Definitions: docs/MEASURES.md.");
    if (layout == Layout::Long) {
        out.columns = {{"code", Kind::Text},
                       {t.attribute, Kind::Text},
                       {"group_size", Kind::Integer},
                       {"measure", Kind::Text},
                       {"value", Kind::Real}};
        out.notes.push_back("percent and coverage are fractions between 0 and 1.");
        for (const auto& row : t.rows)
            for (std::size_t g = 0; g <= t.groups.size(); ++g)
                for (std::size_t m = 0; m < t.measures.size(); ++m)
                    out.rows.push_back(
                        {{row.path, g < t.groups.size() ? t.groups[g] : std::string("Total"),
                          t.speakers[g], std::string(measureName(t.measures[m])), row.values[m][g]},
                         0,
                         row.code == 0});
        return out;
    }
    out.columns.push_back({"code", Kind::Text});
    out.columns.push_back({"path", Kind::Text, true});
    const bool one = t.measures.size() == 1;
    for (std::size_t g = 0; g <= t.groups.size(); ++g) {
        std::string group = g < t.groups.size() ? t.groups[g] : "Total";
        for (Measure m : t.measures)
            out.columns.push_back({one ? group : group + " " + measureName(m), kindOf(m)});
    }
    for (const auto& row : t.rows) {
        report::Row r;
        r.depth = row.depth;
        r.total = row.code == 0;
        r.cells.push_back(row.name);
        r.cells.push_back(row.path);
        for (std::size_t g = 0; g <= t.groups.size(); ++g)
            for (std::size_t m = 0; m < t.measures.size(); ++m)
                r.cells.push_back(value(t.measures[m], row.values[m][g]));
        out.rows.push_back(std::move(r));
    }
    if (!t.measures.empty() && !t.groups.empty()) {
        // The chart: the first of percent, participants, segments... asked for.
        std::size_t chosen = 0;
        for (Measure preferred : {Measure::Percent, Measure::Participants, Measure::Segments})
            if (auto it = std::find(t.measures.begin(), t.measures.end(), preferred);
                it != t.measures.end()) {
                chosen = static_cast<std::size_t>(it - t.measures.begin());
                break;
            }
        report::Chart chart;
        chart.title = std::string(measureName(t.measures[chosen])) + " by " + t.attribute;
        for (std::size_t g = 0; g < t.groups.size(); ++g)
            chart.valueColumns.push_back(static_cast<int>(2 + g * t.measures.size() + chosen));
        out.chart = chart;
    }
    return out;
}

report::Table presenceReport(const GroupTable& t,
                             const std::vector<corpus::Participant>& participants,
                             const std::vector<corpus::Attribute>& attributes, bool counts) {
    report::Table out;
    out.title = counts ? "Codings per participant" : "Codes present per participant";
    out.notes.push_back(counts
                            ? "Cells: the number of codings in the participant's speech."
                            : "Cells: 1 when the code occurs in the participant's speech, else 0.");
    out.columns.push_back({"participant", Kind::Text});
    for (const auto& a : attributes)
        out.columns.push_back({a.name, Kind::Text});
    std::size_t segments = 0;
    for (std::size_t m = 0; m < t.measures.size(); ++m)
        if (t.measures[m] == Measure::Segments)
            segments = m;
    std::vector<std::size_t> codeRows;
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (t.rows[r].code != 0) {
            codeRows.push_back(r);
            out.columns.push_back({t.rows[r].path, Kind::Integer});
        }
    for (std::size_t g = 0; g < t.groups.size(); ++g) {
        if (t.speakers[g] == 0)
            continue;
        report::Row row;
        row.cells.push_back(t.groups[g]);
        auto p = std::find_if(participants.begin(), participants.end(),
                              [&](const corpus::Participant& x) { return x.name == t.groups[g]; });
        for (const auto& a : attributes) {
            auto v = p == participants.end() ? p->values.end() : p->values.find(a.name);
            row.cells.push_back(p != participants.end() && v != p->values.end()
                                    ? report::Cell(v->second)
                                    : report::Cell());
        }
        for (std::size_t r : codeRows) {
            auto n = static_cast<std::int64_t>(std::llround(t.rows[r].values[segments][g]));
            row.cells.push_back(counts ? n : std::int64_t{n > 0});
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

report::Table cooccurrenceReport(const Cooccurrence& m) {
    report::Table out;
    const char* unit = m.unit == CoUnit::Span   ? "span"
                       : m.unit == CoUnit::Turn ? "turn"
                                                : "document";
    out.title = std::string("Code co-occurrence by ") + unit;
    out.notes.push_back(
        m.unit == CoUnit::Span
            ? "Off the diagonal: pairs of overlapping codings of the two codes. Diagonal: codings "
              "of the code."
            : std::string("Off the diagonal: ") + unit +
                  "s holding codings of both codes. Diagonal: " + unit + "s holding the code.");
    out.columns.push_back({"code", Kind::Text});
    out.columns.push_back({"path", Kind::Text, true});
    for (const auto& c : m.codes)
        out.columns.push_back({c.path, Kind::Integer});
    for (std::size_t i = 0; i < m.codes.size(); ++i) {
        report::Row row;
        row.depth = m.codes[i].depth;
        row.cells.push_back(m.codes[i].name);
        row.cells.push_back(m.codes[i].path);
        for (std::size_t j = 0; j < m.codes.size(); ++j)
            row.cells.push_back(m.counts[i][j]);
        out.rows.push_back(std::move(row));
    }
    return out;
}

report::Table quotesReport(const std::vector<Quote>& quotes,
                           const std::vector<corpus::Attribute>& attributes, bool context) {
    report::Table out;
    out.title = "Quotes";
    out.notes.push_back(std::to_string(quotes.size()) + " coded segment" +
                        (quotes.size() == 1 ? "" : "s") +
                        ". Start and end are character (code point) offsets, end exclusive.");
    out.columns = {{"code", Kind::Text}, {"document", Kind::Text}, {"participant", Kind::Text}};
    for (const auto& a : attributes)
        out.columns.push_back({a.name, Kind::Text});
    for (const char* name : {"speaker", "time"})
        out.columns.push_back({name, Kind::Text});
    out.columns.push_back({"start", Kind::Integer});
    out.columns.push_back({"end", Kind::Integer});
    if (context)
        out.columns.push_back({"before", Kind::Text});
    out.columns.push_back({"text", Kind::Text});
    if (context)
        out.columns.push_back({"after", Kind::Text});
    out.columns.push_back({"coder", Kind::Text});
    out.columns.push_back({"memo", Kind::Text});
    for (const Quote& q : quotes) {
        report::Row row;
        std::string people;
        for (const auto& p : q.participants)
            people += (people.empty() ? "" : "; ") + p;
        row.cells = {q.codePath, q.documentName, people};
        for (const auto& a : attributes) {
            auto it = q.attributes.find(a.name);
            row.cells.push_back(it == q.attributes.end() ? report::Cell()
                                                         : report::Cell(it->second));
        }
        row.cells.push_back(q.speaker);
        if (q.timestampMs) {
            std::int64_t s = *q.timestampMs / 1000;
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld",
                          static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                          static_cast<long long>(s % 60));
            row.cells.push_back(std::string(buffer));
        } else {
            row.cells.push_back(report::Cell());
        }
        row.cells.push_back(static_cast<std::int64_t>(q.coding.start));
        row.cells.push_back(static_cast<std::int64_t>(q.coding.end));
        if (context)
            row.cells.push_back(q.before);
        row.cells.push_back(q.text);
        if (context)
            row.cells.push_back(q.after);
        row.cells.push_back(q.coding.coder);
        row.cells.push_back(q.coding.memo);
        out.rows.push_back(std::move(row));
    }
    return out;
}

report::Table codesReport(const std::vector<Code>& codes,
                          const std::map<CodeId, CodeCounts>& counts) {
    report::Table out;
    out.title = "Codebook";
    out.columns = {{"code", Kind::Text},         {"path", Kind::Text},
                   {"color", Kind::Text},        {"codings", Kind::Integer},
                   {"documents", Kind::Integer}, {"definition", Kind::Text}};
    for (const Code& c : codes) {
        auto it = counts.find(c.id);
        CodeCounts n = it == counts.end() ? CodeCounts{} : it->second;
        out.rows.push_back(
            {{c.name, c.path, c.color, n.segments, n.documents, c.definition}, c.depth, false});
    }
    return out;
}

}  // namespace margin::codebook
