// The team commands of `margin`: coders (list, set the default) and merge
// (bring in another coder's copy of the project; codebook/merge.h).
#include <filesystem>

#include "app/cli/command.h"
#include "codebook/merge.h"
#include "codebook/report.h"

namespace margin::cli {

namespace {

namespace report = codebook::report;
using Kind = report::Column::Kind;

// Renders `tables` in --format (default text) to the terminal.
int show(Context& c, const std::vector<report::Table>& tables) {
    auto name = c.args.value("format").value_or("table");
    auto format = report::parseFormat(name);
    if (!format || *format == report::Format::Xlsx)
        return c.usage("margin: unknown format '" + name + "' (use table, csv, tsv, json or md)");
    report::Options options;
    options.color = c.terminal && *format == report::Format::Text;
    c.out << report::render(tables, *format, options);
    return kOk;
}

// --- coders ------------------------------------------------------------------

int runCoders(Context& c) {
    const auto& a = c.args.arguments;
    const std::string sub = a.empty() ? "list" : a[0];
    if (sub == "default" ? a.size() > 2 : (sub != "list" || a.size() > 1))
        return c.usage("margin coders [list | default [NAME]]");
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    if (sub == "default") {
        if (a.size() == 2) {
            if (Status s = p.codebook().setDefaultCoder(a[1]); !s.isOk())
                return c.fail(s);
        }
        auto coder = p.codebook().defaultCoder();
        if (!coder.isOk())
            return c.fail(coder.status());
        c.out << (a.size() == 2 ? "default coder set to " : "default coder: ") << *coder << "\n";
        return kOk;
    }
    auto coders = p.codebook().coderSummaries();
    if (!coders.isOk())
        return c.fail(coders.status());
    auto fallback = p.codebook().defaultCoder();
    if (!fallback.isOk())
        return c.fail(fallback.status());
    report::Table t;
    t.title = "Coders";
    t.notes = {"The project's default coder is " + *fallback +
               " (used when neither --coder nor MARGIN_CODER names one)."};
    t.columns = {{"coder", Kind::Text}, {"codings", Kind::Integer}, {"documents", Kind::Integer}};
    for (const auto& k : *coders)
        t.rows.push_back({{k.name, k.codings, k.documents}});
    return show(c, {t});
}

// --- merge -------------------------------------------------------------------

int runMerge(Context& c) {
    const std::string otherPath = c.args.arguments[0];
    const bool dryRun = c.args.flag("dry-run");
    auto name = c.args.value("format").value_or("table");
    auto format = report::parseFormat(name);
    if (!format || *format == report::Format::Xlsx)
        return c.usage("margin: unknown format '" + name + "' (use table, csv, tsv, json or md)");
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    auto other = codebook::openForMerge(otherPath);
    if (!other.isOk())
        return c.fail(other.status());
    const std::string otherName = std::filesystem::path(otherPath).filename().string();

    std::optional<codebook::MergeReport> merged;
    if (dryRun) {
        auto plan = codebook::planMerge(p.store(), p.codebook(), **other, otherName);
        if (!plan.isOk())
            return c.fail(plan.status().withContext(otherPath));
        merged = std::move(plan).value();
    } else {
        auto change = p.change([&](codebook::Codebook& b) -> Result<codebook::Change> {
            auto done = codebook::mergeProject(p.store(), b, **other, otherName, false);
            if (!done.isOk())
                return done.status();
            merged = std::move(done).value();
            return merged->change;
        });
        if (!change.isOk())
            return c.fail(change.status().withContext(otherPath));
    }
    const codebook::MergeReport& r = *merged;

    std::string coders;
    for (const auto& k : r.plan.coders)
        coders += (coders.empty() ? "" : ", ") + k;
    const std::vector<std::pair<std::string, std::int64_t>> counts = {
        {"documents matched", r.documentsMatched},
        {"codings added", r.codingsAdded},
        {"codings already present (skipped)", r.codingsSkipped},
        {"codings not merged (document differs or is missing)", r.codingsRefused},
        {"codes added", r.codesAdded},
        {"coders added", r.codersAdded},
        {"participants added", r.participantsAdded},
        {"attributes added", r.attributesAdded},
        {"attribute values added", r.valuesAdded},
        {"document links added", r.linksAdded},
    };
    std::string note;
    if (!r.sameProject)
        note = otherName +
               " is a copy of a different project (another project id): documents were "
               "matched by content only";

    if (*format != report::Format::Text) {
        report::Table summary;
        summary.title = dryRun ? "Merge (dry run)" : "Merge";
        if (!note.empty())
            summary.notes.push_back(note);
        summary.columns = {{"item", Kind::Text}, {"count", Kind::Integer}};
        for (const auto& [item, n] : counts)
            summary.rows.push_back({{item, n}});
        report::Table conflicts;
        conflicts.title = "Conflicts";
        conflicts.notes = {"This project's version is kept; the other's is reported."};
        conflicts.columns = {
            {"kind", Kind::Text}, {"subject", Kind::Text}, {"message", Kind::Text}};
        for (const auto& k : r.conflicts)
            conflicts.rows.push_back({{k.kind, k.subject, k.message}});
        for (const auto& m : r.missingDocuments)
            conflicts.rows.push_back({{std::string("missing document"), std::string(), m}});
        return show(c, {summary, conflicts});
    }

    if (dryRun)
        c.out << "would merge " << otherName << " (dry run: nothing changed)\n";
    else if (r.change.operation == 0)
        c.out << "merged " << otherName << ": nothing new\n";
    else
        c.out << "merged " << otherName << " as one step ('margin undo' reverts it)\n";
    if (!note.empty())
        c.out << "note: " << note << "\n";
    for (const auto& [item, n] : counts) {
        c.out << "  " << item << ": " << n;
        if (item == "coders added" && !coders.empty())
            c.out << " (" << coders << ")";
        c.out << "\n";
    }
    if (!r.conflicts.empty()) {
        c.out << "conflicts (this project's version kept):\n";
        for (const auto& k : r.conflicts)
            c.out << "  " << k.message << "\n";
    }
    if (!r.missingDocuments.empty()) {
        c.out << "not merged:\n";
        for (const auto& m : r.missingDocuments)
            c.out << "  " << m << "\n";
    }
    return kOk;
}

}  // namespace

std::vector<Command> teamCommands() {
    return {
        {{"coders",
          "[list | default [NAME]]",
          "List the coders, or show or set the default coder.",
          "Every coding carries its coder: --coder NAME, else $MARGIN_CODER, else the\n"
          "project's default coder (set with 'coders default NAME'; \"default\" until\n"
          "then). The list gives each coder's numbers of codings and documents.",
          {kFormat},
          0,
          2},
         true,
         runCoders},
        {{"merge",
          "OTHER.margin",
          "Bring in the codings of another copy of the project.",
          "Each coder works on a copy; merge combines them as one step of 'margin\n"
          "undo'. OTHER is only read. The rules:\n"
          "  documents  matched by content (the SHA-256 of the original file and the\n"
          "             same text); a document whose file or name matches but whose\n"
          "             text differs is a conflict: its codings are not merged.\n"
          "             Documents only in OTHER are not imported: import them first.\n"
          "  codes      matched by path (case-insensitive); missing codes are created\n"
          "             with OTHER's fields. Differing fields (colour, definition...)\n"
          "             are a conflict: this project's are kept, OTHER's reported.\n"
          "  coders     matched by name; new coders are added.\n"
          "  codings    added with their coder and memo; identical ones (same code,\n"
          "             document, span and coder) are skipped, so merging twice adds\n"
          "             nothing.\n"
          "  participants, attributes\n"
          "             missing ones and missing values are added; a differing value\n"
          "             is a conflict: this project's is kept.\n"
          "A copy of a different project (another project id) can be merged too:\n"
          "documents are matched by content. Conflicts are reported and do not stop\n"
          "the merge (exit 0); exit 1 when OTHER cannot be read.",
          {{"dry-run", "", "report what would be merged; change nothing"},
           {"format", "FORMAT", "table (default), csv, tsv, json or md"}},
          1,
          1},
         true,
         runMerge},
    };
}

}  // namespace margin::cli
