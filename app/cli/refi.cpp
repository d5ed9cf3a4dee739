// The REFI-QDA commands: export qdc|qdpx, import-codebook, and init --from
// (codebook/refi.h does the work; docs/REFI.md describes the exchange).
#include <filesystem>
#include <system_error>

#include "app/cli/command.h"
#include "codebook/refi.h"

namespace margin::cli {
namespace {

namespace fs = std::filesystem;

void printReport(Context& c, const codebook::refi::ImportReport& r) {
    if (!r.positions.empty())
        c.out << "positions: " << r.positions << "\n";
    for (const std::string& rename : r.renamed)
        c.out << "renamed: " << rename << "\n";
    for (const std::string& warning : r.warnings)
        c.err << "warning: " << warning << "\n";
}

int runExport(Context& c) {
    const std::string kind = c.args.arguments[0];
    const std::string file = c.args.arguments[1];
    if (kind != "qdc" && kind != "qdpx")
        return c.usage("margin export: unknown kind '" + kind + "' (use qdc or qdpx)");
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    app::Project& p = **project;
    auto bytes = kind == "qdc" ? codebook::refi::exportCodebook(p.codebook())
                               : codebook::refi::exportProject(p.store(), p.codebook(),
                                                               p.store().path().stem().string());
    if (!bytes.isOk())
        return c.fail(bytes.status().withContext(file));
    if (Status s = codebook::report::writeTextFile(file, *bytes, c.args.flag("force")); !s.isOk())
        return c.fail(s);
    c.err << "margin: wrote " << file << "\n";
    return kOk;
}

int runImportCodebook(Context& c) {
    const std::string file = c.args.arguments[0];
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    app::Project& p = **project;
    codebook::refi::ImportReport report;
    auto change = p.change([&](codebook::Codebook& b) -> Result<codebook::Change> {
        auto r = codebook::refi::importCodebook(p.store(), b, file);
        if (!r.isOk())
            return r.status();
        report = *r;
        return r->change;
    });
    if (!change.isOk())
        return c.fail(change.status());
    c.out << file << ": " << report.codes << " codes: " << report.codesAdded << " added, "
          << report.codesMatched << " matched, " << report.renamed.size() << " renamed\n";
    printReport(c, report);
    return kOk;
}

}  // namespace

int initFromRefi(Context& c, const std::string& path, const std::string& from) {
    std::error_code ec;
    if (!fs::is_regular_file(from, ec))
        return c.fail(Status::notFound(from + ": no such file"));
    auto project = app::Project::create(path);
    if (!project.isOk())
        return c.fail(project.status());
    auto report = codebook::refi::importProject((*project)->store(), from);
    if (!report.isOk()) {
        project->reset();  // close, then remove what was created
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(path + suffix, ec);
        return c.fail(report.status());
    }
    const auto& r = *report;
    c.out << "created project " << path << " from " << from << ": " << r.documents << " documents, "
          << r.participants << " participants, " << r.attributes << " attributes, " << r.coders
          << " coders, " << r.codes << " codes, " << r.codings << " codings\n";
    printReport(c, r);
    return kOk;
}

std::vector<Command> refiCommands() {
    return {
        {{"export",
          "qdc|qdpx FILE",
          "Export the codebook (.qdc) or the whole project (.qdpx) as REFI-QDA.",
          "REFI-QDA is the exchange format of NVivo, ATLAS.ti, MAXQDA, QualCoder and f4.\n"
          "  export qdc FILE    the code tree with colours and descriptions\n"
          "  export qdpx FILE   coders, codes, documents (sources/<GUID>.txt, UTF-8),\n"
          "                     codings (code-point positions, memos as notes),\n"
          "                     participants as cases with their attributes\n"
          "GUIDs are stable: exporting twice gives the same. FILE is written whole or\n"
          "not at all, and never replaced without --force. See docs/REFI.md.",
          {{"force", "", "replace FILE if it exists"}},
          2,
          2},
         true,
         runExport},
        {{"import-codebook",
          "FILE.qdc",
          "Merge a REFI-QDA codebook (.qdc, or the codes of a .qdpx) by code path.",
          "Codes missing from the project are added (keeping their GUIDs), codes with\n"
          "the same path are matched and their colour and description updated; names\n"
          "holding '/' or repeated among siblings are renamed and listed. One\n"
          "operation: 'margin undo' reverts it whole. Sets are noted in the memos of\n"
          "their new codes.",
          {},
          1,
          1},
         true,
         runImportCodebook},
    };
}

}  // namespace margin::cli
