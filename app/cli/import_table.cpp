// `margin import-table`: tables of utterances and surveys (.csv, .xlsx),
// through Project::importTable (corpus/table_import.h).
#include <algorithm>
#include <map>

#include "app/cli/command.h"

namespace margin::cli {
namespace {

// "a, b, c" with at most `limit` items, then "and N more".
std::string shortList(const std::vector<std::string>& items, std::size_t limit = 8) {
    std::vector<std::string> shown(
        items.begin(), items.begin() + static_cast<std::ptrdiff_t>(std::min(limit, items.size())));
    std::string out = joined(shown, ", ");
    if (items.size() > limit)
        out += " and " + std::to_string(items.size() - limit) + " more";
    return out;
}

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string attributeList(const corpus::ParticipantTable& table) {
    std::vector<std::string> names;
    for (const auto& column : table.columns)
        names.push_back(column.name + " (" + corpus::attributeTypeName(column.type) + ")");
    return joined(names, ", ");
}

std::size_t turnCount(const corpus::TableImportPlan& plan, bool interviewerOnly = false) {
    std::size_t n = 0;
    for (const auto& doc : plan.documents)
        for (const auto& turn : doc.turns)
            n += !interviewerOnly || turn.kind == corpus::SpeakerKind::Interviewer;
    return n;
}

// What --dry-run shows: every document and every participant.
void describe(Context& c, const std::string& file, const corpus::TableImportPlan& plan) {
    c.out << file << ": " << plural(plan.rows, "row") << ", "
          << (plan.survey ? "a survey" : "a dialogue table") << "\n";
    c.out << "would add " << plural(plan.documents.size(), "document") << " with "
          << plural(turnCount(plan), "turn") << ":\n";
    for (const auto& doc : plan.documents) {
        std::vector<std::string> speakers;
        std::size_t interviewer = 0;
        for (const auto& turn : doc.turns) {
            interviewer += turn.kind == corpus::SpeakerKind::Interviewer;
            if (std::find(speakers.begin(), speakers.end(), turn.speaker) == speakers.end())
                speakers.push_back(turn.speaker);
        }
        c.out << "  '" << doc.name << "': " << plural(doc.turns.size(), "turn");
        if (interviewer)
            c.out << " (" << interviewer << " interviewer)";
        c.out << "; speakers " << shortList(speakers);
        if (!doc.participants.empty())
            c.out << "; participants " << shortList(doc.participants);
        c.out << "\n";
    }
    const auto& table = plan.participants;
    c.out << "would add or update " << plural(plan.participantNames.size(), "participant");
    if (!table.columns.empty())
        c.out << " with attributes " << attributeList(table);
    c.out << ":\n";
    std::map<std::string, const corpus::ParticipantTable::Row*> rows;
    for (const auto& row : table.rows)
        rows[row.participant] = &row;
    for (const auto& name : plan.participantNames) {
        c.out << "  " << name;
        if (auto it = rows.find(name); it != rows.end())
            for (std::size_t i = 0; i < table.columns.size(); ++i)
                if (const auto& value = it->second->values[i])
                    c.out << "  " << table.columns[i].name << "=" << *value;
        c.out << "\n";
    }
    if (plan.skippedRows)
        c.out << plural(plan.skippedRows, "row") << " without text skipped\n";
    if (plan.emptyAnswers)
        c.out << plural(plan.emptyAnswers, "empty answer") << " skipped\n";
    c.out << "nothing was imported (--dry-run)\n";
}

int runImportTable(Context& c) {
    corpus::TableImportOptions options;
    options.text = c.args.all("text");
    options.speaker = c.args.value("speaker").value_or("");
    options.document = c.args.value("document").value_or("");
    options.participant = c.args.value("participant").value_or("");
    options.attributes = c.args.all("attributes");
    options.encoding = c.args.value("encoding").value_or("");
    options.sheet = c.args.value("sheet").value_or("");
    if (auto list = c.args.value("interviewer"))
        options.interviewerLabels = splitList(*list);
    if (options.text.empty())
        return c.usage(
            "margin import-table: --text COLUMN is required (see 'margin import-table "
            "--help')");
    if (auto per = c.args.value("per")) {
        if (*per == "question")
            options.per = corpus::TableImportOptions::Per::Question;
        else if (*per != "respondent")
            return c.usage("margin import-table: --per is respondent or question");
        if (!options.speaker.empty())
            return c.usage("margin import-table: --per applies to surveys (without --speaker)");
    }
    if (c.args.value("interviewer") && options.speaker.empty())
        return c.usage(
            "margin import-table: --interviewer applies to dialogue tables (with "
            "--speaker)");

    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    const std::string file = c.args.arguments[0];
    const bool dryRun = c.args.flag("dry-run");
    auto report = (*project)->importTable(file, options, dryRun);
    if (!report.isOk())
        return c.fail(report.status());
    const auto& plan = report->plan;
    if (dryRun) {
        describe(c, file, plan);
        return kOk;
    }
    c.out << "imported " << file << " ("
          << (plan.documents.empty() ? "" : plan.documents.front().sourceEncoding + ", ")
          << plural(plan.rows, "row") << "): " << plural(plan.documents.size(), "document") << ", "
          << plural(turnCount(plan), "turn");
    if (std::size_t n = turnCount(plan, true))
        c.out << " (" << n << " interviewer)";
    c.out << "; " << plural(plan.participantNames.size(), "participant");
    if (!plan.participants.rows.empty())
        c.out << " (" << report->participants.participantsAdded << " new, "
              << report->participants.participantsUpdated << " updated)";
    if (!plan.participants.columns.empty())
        c.out << " with attributes " << attributeList(plan.participants);
    if (plan.emptyAnswers)
        c.out << "; " << plural(plan.emptyAnswers, "empty answer") << " skipped";
    if (plan.skippedRows)
        c.out << "; " << plural(plan.skippedRows, "row") << " without text skipped";
    c.out << "\n";
    return kOk;
}

}  // namespace

std::vector<Command> tableImportCommands() {
    return {
        {{"import-table",
          "FILE",
          "Import a table of utterances or a survey (.csv, .xlsx).",
          "A dialogue table (--speaker) has one row per utterance: rows are grouped\n"
          "into documents by --document (else one document named after the file),\n"
          "each row a turn 'Speaker: text'. Interviewer labels (Interviewer, Q,\n"
          "访谈者, ...) mark the interviewer; other speakers are participants, named\n"
          "by the label or by --participant. A survey (no --speaker) has one row per\n"
          "respondent: each is a participant (--participant, else R0001, R0002...)\n"
          "with the --attributes columns as typed attributes ('year:number' declares\n"
          "a type; else inferred), and each --text column is an open-ended question:\n"
          "one document per respondent with their answers (--per respondent), or one\n"
          "per question (--per question). Empty answers are skipped. Everything is\n"
          "imported in one transaction, or nothing. Columns are named as in the\n"
          "header (case-insensitively); list several with commas or repeat the option.",
          {{"text", "COLUMN", "the text column(s): the utterance, or the open-ended answers"},
           {"speaker", "COLUMN", "the speaker column: makes it a dialogue table"},
           {"document", "COLUMN", "dialogue: the column naming each row's document"},
           {"participant", "COLUMN", "the participant id column"},
           {"attributes", "COL,...", "columns that become participant attributes"},
           {"per", "UNIT", "survey documents: respondent (default) or question"},
           {"sheet", "NAME", ".xlsx: the sheet (default: the first)"},
           {"encoding", "NAME", ".csv: the encoding, e.g. GBK (default: detect)"},
           {"interviewer", "LABELS", "dialogue: comma-separated interviewer labels"},
           {"dry-run", "", "show what would be imported and change nothing"}},
          1,
          1},
         true,
         runImportTable},
    };
}

}  // namespace margin::cli
