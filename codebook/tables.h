// The analysis results of codebook/aggregate.h as report tables
// (codebook/report.h), so that the command line, the GUI and every export
// format show the same table with the same headers and definitions.
#pragma once

#include <string>
#include <vector>

#include "codebook/aggregate.h"
#include "codebook/codebook.h"
#include "codebook/report.h"
#include "corpus/store.h"

namespace margin::codebook {

enum class Layout {
    Wide,  // codes × (group, measure), with a Total column per measure
    Long,  // one row per code × group × measure, for R and pandas
};

// The theme-by-group table, its notes stating the attribute, the group
// sizes and each measure's definition; in the wide layout a bar chart of
// the first measure by group (HTML).
report::Table groupReport(const GroupTable& table, Layout layout);

// The participant × code matrix from a table grouped by "participant":
// one row per participant who speaks (with their attribute values), one
// column per code, cells 0/1 (presence) or the number of codings.
report::Table presenceReport(const GroupTable& byParticipant,
                             const std::vector<corpus::Participant>& participants,
                             const std::vector<corpus::Attribute>& attributes, bool counts);

report::Table cooccurrenceReport(const Cooccurrence& matrix);

// One row per quote: code, document, participant(s), their attributes
// (`attributes`, in order), speaker, time, start, end, text (and context).
report::Table quotesReport(const std::vector<Quote>& quotes,
                           const std::vector<corpus::Attribute>& attributes, bool context);

// The code tree with codings and documents per code.
report::Table codesReport(const std::vector<Code>& codes,
                          const std::map<CodeId, CodeCounts>& counts);

}  // namespace margin::codebook
