// Inter-coder agreement: percent agreement, Cohen's kappa, Fleiss' kappa and
// Krippendorff's alpha for nominal data (definitions, formulas and the
// reference values the tests reproduce: docs/AGREEMENT.md).
//
// Two halves:
//   * pure statistics over reliability data: coders × units, each cell a
//     nominal value (any integer) or missing. Data are held as Patterns, the
//     distinct columns of the matrix with the number of units that have
//     them, so that a million characters coded in a few spans cost a few
//     map entries, not a million columns;
//   * agreement(): units cut from the project's documents (characters,
//     sentences, speaker turns or documents) and, per code and coder, the
//     presence of the code in each unit (1) or its absence (0).
//
// Undefined values. A statistic that divides by zero is not a number but
// std::nullopt with a reason: no pairable units; kappa when the chance
// agreement is 1 (both coders — all coders — gave one and the same value
// to every unit, e.g. nobody applied the code); alpha when all pairable
// values are one value. Never 0, never 1, never NaN.
//
// Missing values. Percent agreement and Krippendorff's alpha use every unit
// with at least two values (Krippendorff 2011: a unit with one value is not
// pairable and drops out). Cohen's kappa uses the units both coders coded.
// Fleiss' kappa needs the same number of ratings per unit: it uses the
// units that every coder coded and drops the others.
//
// Thread-safety: the statistics are pure functions; agreement() reads the
// store it is given (one thread at a time, as the Store).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codebook/codebook.h"
#include "codebook/report.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::codebook {

// --- statistics ----------------------------------------------------------------

using NominalValue = std::int64_t;
// One unit's values, one per coder (nullopt: that coder left it uncoded).
using Pattern = std::vector<std::optional<NominalValue>>;
// Distinct patterns and the number of units with each. All patterns of one
// Patterns have the same size (the number of coders).
using Patterns = std::map<Pattern, std::int64_t>;

// Reliability data as Krippendorff writes it: one row per coder, one column
// per unit. Rows shorter than the longest read as ending in missing values.
Patterns patternsOf(const std::vector<std::vector<std::optional<NominalValue>>>& coderRows);

// A statistic's value, or why it has none.
struct Statistic {
    std::optional<double> value;
    std::string reason;  // when !value: "no variation: every unit has the same value"
};

// Mean over the units with at least two values of the share of agreeing
// coder pairs in the unit (for two coders: the share of units on which
// they agree).
Statistic percentAgreement(const Patterns& data);
// Two coders (patterns of size 2; other sizes give nullopt): κ = (po − pe)
// / (1 − pe) over the units both coded, pe from each coder's own
// distribution of values.
Statistic cohenKappa(const Patterns& data);
// κ = (P̄ − Pe) / (1 − Pe) over the units every coder coded.
Statistic fleissKappa(const Patterns& data);
// Fleiss' table: counts[i][j] raters who put subject i in category j; every
// row must have the same total n ≥ 2 (else nullopt with the reason).
Statistic fleissKappa(const std::vector<std::vector<std::int64_t>>& counts);
// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k over the coincidence
// matrix o of the pairable units.
Statistic krippendorffAlphaNominal(const Patterns& data);

// --- agreement on a project's codings ----------------------------------------------

// What a unit is:
//   Character  each code point of a document (computed from the codings'
//              boundaries, never character by character)
//   Sentence   ICU sentences (indexer::sentences) of each document; blank
//              ones are left out
//   Turn       each speaker turn; a document without turns is one unit
//              (text outside every turn, such as a title line, is in no unit)
//   Document   each document
enum class AgreementUnit { Character, Sentence, Turn, Document };
std::optional<AgreementUnit> parseAgreementUnit(std::string_view name);
const char* agreementUnitName(AgreementUnit unit);

struct AgreementOptions {
    std::vector<std::string> coders;  // at least two, each a coder of the project
    // The codes to report, each as itself (a sub-code is its own row, and
    // its codings do not count for its parent); empty: every code.
    std::vector<CodeId> codes;
    AgreementUnit unit = AgreementUnit::Turn;
    // false (the default): only documents in which at least one of the
    // coders coded something (any code) count, so that text nobody looked
    // at does not inflate agreement; true: every document.
    bool allDocuments = false;
    bool disagreements = false;  // fill AgreementReport::disagreements
};

struct AgreementRow {
    CodeId code = 0;  // 0 for the overall row
    std::string path;
    std::string name;
    int depth = 0;
    std::int64_t units = 0;
    std::vector<std::int64_t> applied;  // per coder: units where they applied the code
    Statistic percent, cohen, fleiss, alpha;
};

struct Disagreement {
    CodeId code = 0;
    std::string codePath;
    corpus::DocumentId document = 0;
    std::string documentName;
    corpus::CharPos start = 0, end = 0;  // the unit (Character: a run of characters)
    std::string text;                    // the unit's text, at most ~200 characters
    std::vector<bool> applied;           // per coder
};

struct AgreementReport {
    AgreementUnit unit = AgreementUnit::Turn;
    std::vector<std::string> coders;
    bool allDocuments = false;
    std::vector<std::string> documents;  // the documents that count
    std::int64_t projectDocuments = 0;
    std::vector<AgreementRow> rows;  // one per code, in tree order
    // All codes pooled: every (unit, code) pair is an item.
    AgreementRow overall;
    std::vector<Disagreement> disagreements;  // by code, document, start
};

// InvalidInput for fewer than two coders, the same coder twice, or a coder
// the project does not have (listing its coders).
Result<AgreementReport> agreement(corpus::Store& store, const Codebook& codebook,
                                  const AgreementOptions& options);

// The report as tables (codebook/report.h): "Inter-coder agreement", one
// row per code and the overall row (a total), columns code, path (data
// only), units, "<coder> applied" per coder, agreement (percent), Cohen's
// kappa (two coders only), Fleiss' kappa, Krippendorff's alpha, note (why a
// statistic is n/a); an undefined statistic is the text "n/a". Notes state
// the unit, the coders, the documents that count and the definitions. With
// `disagreements`, a second table "Disagreements": code, document, start,
// end, text, and per coder "yes" or "no".
std::vector<report::Table> agreementTables(const AgreementReport& report, bool disagreements);

}  // namespace margin::codebook
