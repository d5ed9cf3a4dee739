// Aggregation: what the codings say about the study — theme-by-group
// tables, the participant × code matrix, code co-occurrence and quotes.
//
// Who said it. A coding counts for the participants whose speech it
// overlaps (the attribution, defined once here and in docs/MEASURES.md):
//   * a participant turn counts for its participant (for a turn with no
//     known participant: the document's participant, if it has exactly one);
//   * with Speech::Any, interviewer turns and text outside any turn count for
//     the document's linked participants too; with Speech::Participant (the
//     default) they count for nobody, so interviewer speech is excluded;
//   * a document without speaker turns is all its participants' speech.
// A participant's group is their value of the chosen attribute; those
// without a value form the group "(none)". The pseudo-attribute
// "participant" makes one group per participant (the participant × code
// matrix).
//
// Measures, per code (row) and group (column), counting only the parts of
// codings that fall in the group's participants' speech:
//   segments      codings with any part in the group's speech
//   documents     documents holding such codings
//   participants  distinct participants whose speech carries at least one
//   percent       participants / the group's participants who speak in the
//                 project (the figure a paper reports: "5 of 6 enterprises")
//   words         ICU words (indexer::Tokenizer::words) starting inside the
//                 coded speech, overlapping codings counted once
//   coverage      coded characters of the group's speech (overlaps once) /
//                 all characters of the group's speech
// The Total column counts over all participants at once (a coding that
// spans two groups' speech counts once in each group and once in total). With
// roll-up, a code's row also counts the codings of its sub-codes (a coding
// counted once per row). The last row, "(any code)", counts every coding of
// the rows shown, once.
//
// Thread-safety: functions of the store they are given (one thread).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codebook/codebook.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::codebook {

enum class Speech { Participant, Any };
std::optional<Speech> parseSpeech(std::string_view name);  // "participant", "any"

enum class Measure { Segments, Documents, Participants, Percent, Words, Coverage };
const char* measureName(Measure measure);
// One sentence: what the measure counts.
std::string measureDefinition(Measure measure);
// A comma-separated list: "segments,participants,percent". InvalidInput
// naming an unknown measure and listing the known ones.
Result<std::vector<Measure>> parseMeasures(std::string_view list);

struct Scope {
    // The codes whose codings count; empty for all. (Rows of a table.)
    std::vector<CodeId> codes;
    bool rollup = false;  // count sub-codes' codings in their ancestors' rows
    Speech speech = Speech::Participant;
    std::optional<std::string> coder;  // only this coder's codings
};

struct GroupTable {
    std::string attribute;
    std::vector<std::string> groups;             // columns, before the total
    std::vector<std::int64_t> speakers;          // per group, then the total
    std::vector<std::int64_t> speechCharacters;  // per group, then the total
    std::vector<Measure> measures;
    struct Row {
        CodeId code = 0;  // 0 for the "(any code)" row
        std::string path;
        std::string name;
        int depth = 0;
        // values[m][g]: measure m for group g; g == groups.size() is the total.
        std::vector<std::vector<double>> values;
    };
    std::vector<Row> rows;
};

// The theme-by-group table. InvalidInput for an unknown attribute (listing
// the known ones) or coder.
Result<GroupTable> groupTable(corpus::Store& store, const Codebook& codebook,
                              std::string_view attribute, const std::vector<Measure>& measures,
                              const Scope& scope);

enum class CoUnit { Span, Turn, Document };
std::optional<CoUnit> parseCoUnit(std::string_view name);  // "span", "turn", "document"

struct Cooccurrence {
    CoUnit unit = CoUnit::Span;
    std::vector<Code> codes;
    // counts[i][j], i != j: span: overlapping pairs of a coding of i and a
    // coding of j; turn / document: turns (documents) holding both. The
    // diagonal: codings of i (span) or units holding i.
    std::vector<std::vector<std::int64_t>> counts;
};
Result<Cooccurrence> cooccurrence(corpus::Store& store, const Codebook& codebook, CoUnit unit,
                                  const Scope& scope);

struct Quote {
    Coding coding;
    std::string codePath;
    std::string documentName;
    // Whose speech it is (the attribution); with `where` filters, those they
    // chose first. Quotes of nobody's speech (the interviewer's) are listed
    // only with Speech::Any, with the document's participants.
    std::vector<std::string> participants;
    std::map<std::string, std::string> attributes;  // of the first of them
    std::string speaker;                            // the label of the turn where it starts
    std::optional<corpus::SpeakerKind> kind;
    std::optional<std::int64_t> timestampMs;
    std::string text;
    std::string before, after;  // context, when asked for
};

struct QuoteOptions {
    Scope scope;  // scope.codes: the codes asked for (with sub-codes if wanted)
    // ATTR=VALUE filters, all of which must hold for one of the coding's
    // participants. InvalidInput for an unknown attribute or a value no
    // participant has.
    std::vector<std::pair<std::string, std::string>> where;
    corpus::CharPos context = 0;
    // Further filter (the app's search query); empty keeps all.
    std::function<bool(const Coding&)> keep;
};
Result<std::vector<Quote>> quotes(corpus::Store& store, const Codebook& codebook,
                                  const QuoteOptions& options);

}  // namespace margin::codebook
