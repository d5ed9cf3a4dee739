// `margin agreement`: inter-coder agreement per code (codebook/agreement.h,
// docs/AGREEMENT.md).
#include "codebook/agreement.h"
#include "app/cli/command.h"
#include "codebook/report.h"

namespace margin::cli {
namespace {

namespace report = codebook::report;

const char* const kFormats = "table, csv, tsv, json, md, html or xlsx";

int runAgreement(Context& c) {
    auto coderList = c.args.value("coders");
    if (!coderList)
        return c.usage("margin agreement: --coders A,B[,C...] is required");
    codebook::AgreementOptions options;
    options.coders = splitList(*coderList);
    if (options.coders.size() < 2)
        return c.usage("margin agreement: --coders needs at least two coders, e.g. --coders A,B");
    auto unit = codebook::parseAgreementUnit(c.args.value("unit").value_or("turn"));
    if (!unit)
        return c.usage("margin agreement: --unit is character, sentence, turn or document");
    options.unit = *unit;
    options.allDocuments = c.args.flag("all-documents");
    options.disagreements = c.args.flag("disagreements");

    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    auto codes = codeScope(p, c);
    if (!codes.isOk())
        return c.fail(codes.status());
    options.codes = *codes;
    auto result = codebook::agreement(p.store(), p.codebook(), options);
    if (!result.isOk())
        return c.fail(result.status());
    return emit(c, codebook::agreementTables(*result, options.disagreements), kFormats);
}

}  // namespace

std::vector<Command> agreementCommands() {
    return {
        {{"agreement",
          "",
          "Inter-coder agreement per code.",
          "For each code and overall: the units, percent agreement, Cohen's kappa (two\n"
          "coders), Fleiss' kappa and Krippendorff's alpha (nominal). The data is the\n"
          "presence of the code in each unit, per coder. Only documents that at least\n"
          "one of the coders coded count, unless --all-documents. A statistic that is\n"
          "undefined (nobody applied the code) reads n/a, with the reason.\n"
          "Definitions and formulas: docs/AGREEMENT.md.",
          {{"coders", "A,B[,C...]", "the coders to compare (required, at least two)"},
           {"codes", "PATH", "only this code and its sub-codes (repeatable)"},
           {"unit", "UNIT", "character, sentence, turn (default) or document"},
           {"all-documents", "", "count every document, also those nobody coded"},
           {"disagreements", "", "also list each unit where the coders differ"},
           {"format", "FORMAT", "table (default), csv, tsv, json, md, html, xlsx"},
           {"output", "FILE", "write to FILE (-o FILE) instead of the terminal"},
           {"force", "", "replace FILE if it exists"},
           {"excel", "", "CSV/TSV: start with a byte-order mark, so Excel reads UTF-8"}},
          0,
          0},
         true,
         runAgreement},
    };
}

}  // namespace margin::cli
