// Speaker-turn detection in plain-text transcripts.
//
// A transcript is a sequence of lines; a turn starts at a line that begins
// with a speaker label and runs to the next one. Recognised label styles:
//
//   Name: text          Name：text (full-width colon)     Name : text (French)
//   [Name] text         【Name】text                       Interviewer 1: text
//   [00:01:02] Name: text     00:01:02 Name: text         Name (00:01:02): text
//   Name  12:34         (Otter.ai: a header line; the turn's text follows on
//                        the next lines)
//
// Prose is not a label. A candidate label must be short (at most 40
// characters and 5 words, no sentence punctuation, not a Chinese clause such
// as "他说" or "比如" that ends in a verb of saying or a connective), start its
// line, and recur: a name-like label ("Zhao", "S02", "王教授", "Interviewer 1")
// needs two occurrences, any other label at least three and a quarter of the
// busiest speaker's count. Interviewer labels and names the caller knows
// (SpeakerOptions::knownSpeakers) are accepted on sight, and a name-like
// label in a bracketed, timestamped or Otter-style line is accepted once
// turns have started. Labels that differ only in spacing, case, width or
// colon ("Interviewer1:", "interviewer 1 :", "Interviewer 1：") are one
// speaker (corpus::foldKey); each speaker is shown with the form it is
// written in most often.
//
// A label is an interviewer's when its folded form equals one of
// SpeakerOptions::interviewerLabels, optionally followed by a number
// ("Interviewer 2") or, for labels of three or more letters, one letter.
//
// SpeakerOptions::pattern replaces detection: an ICU regular expression
// matched at the start of each line; the named group `speaker` (else group 1,
// else the whole match) is the label, an optional named group `time` a
// timestamp, and the turn's text starts after the match. Every match is a
// turn.
//
// Turn spans cover the spoken text only (label, timestamp and surrounding
// white space excluded), in CharPos code points of the text given, which
// should be normalised (corpus/text.h). Text before the first label (a title,
// a date line) belongs to no turn. Turns never overlap.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/offsets.h"
#include "corpus/status.h"

namespace margin::corpus {

enum class SpeakerKind { Interviewer, Participant };

// "interviewer" or "participant": the words stored in the project and printed.
const char* speakerKindName(SpeakerKind kind);

// Interviewer, I, Q, Int, Moderator, Facilitator, Researcher, Host, 访谈者,
// 采访者, 访谈人, 采访人, 访问者, 主持人, 研究者, 提问者, 问.
std::vector<std::string> defaultInterviewerLabels();

struct SpeakerOptions {
    std::vector<std::string> interviewerLabels = defaultInterviewerLabels();
    std::string pattern;                     // ICU regex; empty to detect
    std::vector<std::string> knownSpeakers;  // accepted even when they occur once
};

struct DetectedTurn {
    CharPos start = 0;    // first code point of the spoken text
    CharPos end = 0;      // one past its last code point
    std::string label;    // the label as written on this turn's line
    std::string speaker;  // the speaker's display label, shared by all of its turns
    SpeakerKind kind = SpeakerKind::Participant;
    std::optional<std::int64_t> timestampMs;
};

struct TurnDetection {
    std::vector<DetectedTurn> turns;
    std::vector<std::string> speakers;  // display labels, in order of first appearance
};

// Errors: InvalidInput for a pattern ICU cannot compile (message has the
// position); detection itself never fails (no labels gives no turns).
Result<TurnDetection> detectTurns(std::string_view text, const SpeakerOptions& options = {});

bool isInterviewerLabel(std::string_view label, const std::vector<std::string>& interviewerLabels);

// "1:02", "01:02:03", "00:01:02.500", "00:01:02,5" → milliseconds; else nullopt.
std::optional<std::int64_t> parseTimestamp(std::string_view text);

}  // namespace margin::corpus
