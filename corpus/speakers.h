// Speaker-turn detection in plain-text transcripts.
//
// A transcript is a sequence of lines; a turn starts at a line that begins
// with a speaker label and runs to the next one. Recognised label styles:
//
//   Name: text          Name：text (full-width colon)     Name : text (French;
//   Q:text              Interviewer 1: text                also U+00A0, U+202F)
//   [Name] text         【Name】text                       [Name]: text
//   [00:01:02] Name: text     【00:01:02】Name：text       00:01:02 Name: text
//   Name (00:01:02): text     (Rev.com; also with the text on the next lines)
//   Name  12:34         (Otter.ai: a header line; the turn's text follows on
//                        the next lines)
//
// Prose is not a label. A candidate label is short (at most 40 characters
// and 5 words, no sentence punctuation, not a Chinese clause ending in a verb
// of saying or a connective such as "他说", "比如", "老板问"), starts its line,
// and recurs:
//   * interviewer labels and SpeakerOptions::knownSpeakers: on sight;
//   * a name-like label ("Zhao", "S02", "王教授", "Interviewer 1"; not "For
//     example", nor Chinese holding a pronoun or particle, as "他问我" or
//     "举个例子"): two occurrences;
//   * any other label: three, and a quarter of the busiest speaker's count.
// Occurrences are counted as runs: label lines in a row count once ("比如："
// on three lines of one answer), except in the run that opens the
// transcript, and labels that do not recur are left out, so a dialogue
// quoted within one answer ("老板：…" "我：…" "老板：…") is one run.
// A name-like label that occurs once is still a speaker when it is
//   * a code beside two participants of its kind ("P4" beside "P1" and "P2",
//     "D" beside "A" and "B");
//   * a numbered answer right after an interviewer's turn, as another one is
//     ("A2" after "Q2", as "A1" after "Q1");
//   * in a bracketed, timestamped or Otter line once turns in that style, the
//     transcript's commonest, have started (an Otter header follows a blank
//     line);
//   * the name, in the interviewer's style, that most often follows an
//     interviewer's turn in a transcript where no other speaker was found
//     (an interview with a single answer).
// A block of "Key: value" lines before the first turn ("Date: …",
// "Interviewer: Chen Jing", "Participant: …"; at least half of them not
// labels, no key twice, the labels' values short names) is preamble.
//
// Labels that differ only in spacing, case, width or colon ("Interviewer1:",
// "interviewer 1 :", "Interviewer 1：") are one speaker (corpus::foldKey);
// each speaker is shown with the form it is written in most often, ties
// going to the first written.
//
// A label is an interviewer's when its folded form equals one of
// SpeakerOptions::interviewerLabels, optionally followed by a number
// ("Interviewer 2", "Interviewer-2") or, for labels of three or more letters,
// by one letter after a space or hyphen ("Interviewer A"); a role before or
// inside parentheses counts ("Interviewer (Jane)", "Jane Li (Interviewer)").
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
// a date line) belongs to no turn; a label with no text gives no turn; the
// "Transcribed by https://otter.ai" line ending Otter exports belongs to no
// turn. Turns never overlap.
//
// Cost: about linear in the length of the text.
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
    std::vector<std::string> speakers;  // display labels of speakers with turns, by first turn
};

// Errors: InvalidInput for a pattern ICU cannot compile (message has the
// offset) or one that backtracks for more than a second or two on a line
// (message has the line); detection itself never fails (no labels gives no
// turns).
Result<TurnDetection> detectTurns(std::string_view text, const SpeakerOptions& options = {});

bool isInterviewerLabel(std::string_view label, const std::vector<std::string>& interviewerLabels);

// "1:02", "01:02:03", "00:01:02.500", "00:01:02,5" → milliseconds; else nullopt.
std::optional<std::int64_t> parseTimestamp(std::string_view text);

// A "Name:" label at the start of `line` as detectTurns reads one ("Name:",
// "Name：", "Name :", "Name (00:01:02):"), when it could be a label at all
// (short, no sentence punctuation, not a Chinese clause); nullopt otherwise.
// For readers that judge labels one at a time (subtitle cues).
struct LineLabel {
    std::string label;          // trimmed, as written
    std::size_t textStart = 0;  // byte offset in `line` of the text after the label
    bool nameLike = false;      // "Zhao", "S02", "王教授"; not "For example", "举个例子"
};
std::optional<LineLabel> colonLabelAt(std::string_view line);

}  // namespace margin::corpus
