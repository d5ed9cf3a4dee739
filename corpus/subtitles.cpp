// Subtitle readers: SubRip (.srt) and WebVTT (.vtt).
//
// A subtitle file is a list of cues, each a timing line and a few lines of
// text. The reader turns it into the text the same interview's transcript
// would hold, one paragraph per speaker turn, a blank line between:
//
//   [00:00:05] 访谈者：您好，谢谢您接受访谈。
//
//   [00:00:12] Li Ming: Thanks for having me.
//
// and returns the turns itself (each covers only the utterance; its
// timestamp is its first cue's start). Cue numbers, identifiers and timing
// lines never reach the text.
//
// Parsing is forgiving where real files are sloppy: CRLF, a byte-order mark,
// any encoding decodeText reads (GBK and UTF-16 SRT files from Chinese
// tools; ReadOptions::encoding is honoured), missing cue numbers, extra blank
// lines, blank lines inside a cue (the text after one still belongs to the
// cue), ',' or '.' before the milliseconds, missing hours ("01:02.500") or
// milliseconds, and anything after the end time (SRT's "X1:… Y2:…" position
// hints, WebVTT's "align:start position:10%" cue settings). Cues keep the
// file's order even when their times go backwards or overlap.
//
// Refused, naming the line: a timing line whose times are not times
// ("99999:99:99,999": minutes and seconds must be below 60 and hours at most
// 999, i.e. 41 days; a damaged time is not clamped, as every later turn's
// timestamp would then be suspect). Refused as a whole: a WebVTT file
// without its "WEBVTT" first line, a file without any timing line, and a
// file whose cues hold no text.
//
// WebVTT: the header line (and the header block after it) is skipped, and so
// are NOTE, STYLE and REGION blocks. Tags are removed (<c>, <c.class>, <i>,
// <b>, <u>, <lang en>, <ruby>, timestamps <00:00:01.000>); the reading in
// <rt>…</rt> is dropped (the base text is what was said); the character
// references &amp; &lt; &gt; &quot; &apos; &nbsp; &lrm; &rlm; and numeric
// ones are decoded. A voice tag <v Name> or <v.loud Name> names the speaker
// of the text that follows it, up to the next voice tag. SRT: the formatting
// tags <i> <b> <u> <s> <font …> and ASS codes such as {\an8} are removed;
// anything else is text.
//
// Speakers: a voice tag; else a "Name:" or "Name：" at the start of a cue's
// line (Zoom), read as plain-text detection reads labels
// (corpus/speakers.h colonLabelAt: short, no sentence punctuation, not a
// clause). Such a label is a speaker when it is an interviewer label, a
// known speaker or a voice elsewhere in the file; or name-like and starting
// lines in at least two cues; or starting lines in at least three cues and a
// quarter as many as the busiest label; or name-like and once only, in a
// file where at least half the cues start with a speaker (Zoom names every
// cue, so a third person who speaks once is a speaker too). Otherwise the
// line is text. The speaker's display name is its most frequent written
// form (labels compared by foldKey).
//
// Turns: consecutive cues of one speaker make one turn; a cue naming no
// speaker continues the previous speaker's turn. Cue texts (and the lines of
// one cue) are joined with a space, except with nothing between two
// East Asian wide characters or next to full-width punctuation ("我们" +
// "觉得" → "我们觉得", "Hello" + "world" → "Hello world"); in a file with no
// punctuation at all (Whisper's Chinese, Chinese subtitling style, where a
// line or cue break is the only pause) CJK is joined with a space too
// ("大家好" + "今天" → "大家好 今天"). The label is
// written as in the file with its colon ("访谈者：", "Li Ming: "); a voice
// name gets "：" after a Chinese name and ": " otherwise.
//
// Cues before the first speaker, and all cues of a file that names no
// speaker at all (Whisper's output), become paragraphs "[hh:mm:ss] text"
// that belong to no turn: a new paragraph after a pause of more than two
// seconds between cues, or after ten cues. Such a file returns an empty
// list of turns (the reader has decided there are no speakers; plain-text
// label detection is not run on it).
//
// Limits: files over 32 MiB and files of more than 500,000 cues are refused
// with the limit named (a day of speech is about 2 MB and 30,000 cues), so
// memory stays bounded (a few hundred bytes a cue, a few times the file).
// Cost: linear in the size of the file (100,000 cues take well under a
// second), whatever the markup (an unclosed '<', '&' or '{' is not searched
// for again).
#include "corpus/formats.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "corpus/encoding.h"
#include "corpus/offsets.h"
#include "corpus/text.h"

namespace margin::corpus {
namespace {

enum class Flavour { Srt, Vtt };

constexpr std::int64_t kMaxHours = 999;
constexpr std::size_t kMaxBytes = 32u << 20;  // a day of speech is about 2 MB of SRT
constexpr std::size_t kMaxCues = 500000;      // ... and about 30,000 cues
constexpr std::int64_t kParagraphGapMs = 2000;
constexpr int kParagraphCues = 10;

struct Cue {
    std::size_t line = 0;  // 1-based line of the timing line
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::vector<std::string_view> lines;  // text lines, blank ones left out
};

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), isDigit);
}

bool isTimeChar(char c) {
    return isDigit(c) || c == ':' || c == '.' || c == ',';
}

// "01:02:03,456", "01:02:03.456", "02:03.456", "01:02:03" → milliseconds.
std::optional<std::int64_t> parseCueTime(std::string_view s) {
    std::int64_t fields[3] = {0, 0, 0};
    std::size_t digitsIn[3] = {0, 0, 0};
    int count = 0;
    std::size_t i = 0;
    std::int64_t millis = 0;
    while (true) {
        if (count == 3)
            return std::nullopt;
        std::size_t from = i;
        std::int64_t v = 0;
        while (i < s.size() && isDigit(s[i]) && i - from < 9)
            v = v * 10 + (s[i++] - '0');
        if (i == from || (i < s.size() && isDigit(s[i])))
            return std::nullopt;  // no digits, or more than nine
        digitsIn[count] = i - from;
        fields[count++] = v;
        if (i < s.size() && s[i] == ':') {
            ++i;
            continue;
        }
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            ++i;
            std::size_t fracFrom = i;
            std::int64_t scale = 100;
            while (i < s.size() && isDigit(s[i]) && i - fracFrom < 9) {
                millis += (s[i++] - '0') * scale;
                scale /= 10;
            }
            if (i == fracFrom)
                return std::nullopt;
        }
        break;
    }
    if (i != s.size() || count < 2)
        return std::nullopt;
    std::int64_t h = count == 3 ? fields[0] : 0;
    std::int64_t m = fields[count - 2];
    std::int64_t sec = fields[count - 1];
    if (digitsIn[count - 1] > 2 || digitsIn[count - 2] > 2 || m >= 60 || sec >= 60 || h > kMaxHours)
        return std::nullopt;
    return ((h * 60 + m) * 60 + sec) * 1000 + millis;
}

std::string clock(std::int64_t ms) {
    std::int64_t s = ms / 1000;
    auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    return two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60);
}

bool isBlank(std::string_view line) {
    return trimSpace(line).empty();
}

// "NOTE", "NOTE text": a block of the given kind at the start of a line.
bool startsBlock(std::string_view line, std::string_view word) {
    return line.starts_with(word) &&
           (line.size() == word.size() || line[word.size()] == ' ' || line[word.size()] == '\t');
}

struct ParsedCues {
    std::vector<Cue> cues;
    std::size_t linesBeforeFirstCue = 0;
};

// The cues of `text` (normalised). Errors name the line.
Result<ParsedCues> parseCues(std::string_view text, Flavour flavour) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }

    std::size_t n = 0;
    if (flavour == Flavour::Vtt) {
        if (lines.empty() || !startsBlock(lines[0], "WEBVTT"))
            return Status::invalidInput("not a WebVTT file (no WEBVTT header)");
        // The header block: "Kind: captions", "Language: zh"...
        for (n = 1; n < lines.size() && !isBlank(lines[n]); ++n)
            if (lines[n].find("-->") != std::string_view::npos)
                break;
    }

    ParsedCues out;
    std::vector<std::string_view> before;  // text before the first cue
    bool blockStart = true;                // the previous line was blank (or none)
    bool skipping = false;                 // inside a NOTE, STYLE or REGION block
    bool previousAppended = false;         // the previous line was appended as text
    bool previousBlockFirst = false;       // ... and it opened its block
    for (; n < lines.size(); ++n) {
        std::string_view line = lines[n];
        if (isBlank(line)) {
            blockStart = true;
            skipping = false;
            previousAppended = false;
            continue;
        }
        std::size_t arrow = line.find("-->");
        std::string_view left =
            arrow == std::string_view::npos ? line : trimSpace(line.substr(0, arrow));
        // "00:00:01,000 --> …"; a line like "--> 00:00:04" is a damaged
        // timing line too, not text.
        bool timing =
            arrow != std::string_view::npos && std::all_of(left.begin(), left.end(), isTimeChar) &&
            (!left.empty() || trimSpace(line.substr(arrow + 3)).find_first_of("0123456789") == 0);
        if (!timing) {
            if (blockStart && flavour == Flavour::Vtt &&
                (startsBlock(line, "NOTE") || startsBlock(line, "STYLE") ||
                 startsBlock(line, "REGION")))
                skipping = true;
            if (!skipping) {
                (out.cues.empty() ? before : out.cues.back().lines).push_back(line);
                previousBlockFirst = blockStart;
                previousAppended = true;
            }
            blockStart = false;
            continue;
        }

        // A timing line: the line just before it is the cue's number or
        // identifier when it is a number, or (WebVTT) when it opened its block.
        if (previousAppended) {
            std::string_view previous = trimSpace(lines[n - 1]);
            if (allDigits(previous) || (flavour == Flavour::Vtt && previousBlockFirst))
                (out.cues.empty() ? before : out.cues.back().lines).pop_back();
        }
        std::string_view rest = trimSpace(line.substr(arrow + 3));
        std::string_view endText = rest.substr(0, std::min(rest.find_first_of(" \t"), rest.size()));
        auto start = parseCueTime(left);
        auto end = endText.empty() ? start : parseCueTime(endText);
        if (!start || !end) {
            std::string bad(!start ? left : endText);
            if (bad.size() > 40)
                bad = bad.substr(0, 40) + "…";
            return Status::invalidInput(
                "line " + std::to_string(n + 1) + ": bad cue time '" + bad +
                "' (expected hh:mm:ss,mmm, minutes and seconds below 60, at most " +
                std::to_string(kMaxHours) + " hours)");
        }
        if (out.cues.size() == kMaxCues)
            return Status::invalidInput("line " + std::to_string(n + 1) + ": more than " +
                                        std::to_string(kMaxCues) +
                                        " cues, the limit for a subtitle file");
        Cue cue;
        cue.line = n + 1;
        cue.start = *start;
        cue.end = *end;
        out.cues.push_back(std::move(cue));
        blockStart = false;
        skipping = false;
        previousAppended = false;
    }
    out.linesBeforeFirstCue = before.size();
    if (out.cues.empty())
        return Status::invalidInput(
            flavour == Flavour::Srt
                ? "not an SRT file (no cue timing line such as '00:00:01,000 --> 00:00:04,000')"
                : "has no cues (no cue timing line such as '00:00:01.000 --> 00:00:04.000')");
    return out;
}

void appendUtf8(std::string& out, UChar32 c) {
    char buf[4];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(buf, len, 4, c, error);
    if (!error)
        out.append(buf, static_cast<std::size_t>(len));
}

// A character reference at `s[i]` ('&'): appends what it stands for and
// returns its length, or 0 when it is not one.
std::size_t decodeEntity(std::string_view s, std::size_t i, std::string& out) {
    std::size_t semi = s.substr(0, i + 12).find(';', i);  // "&#x10FFFF;" is the longest
    if (semi == std::string_view::npos)
        return 0;
    std::string_view name = s.substr(i + 1, semi - i - 1);
    static const std::pair<std::string_view, UChar32> named[] = {
        {"amp", '&'},   {"lt", '<'},      {"gt", '>'},     {"quot", '"'},
        {"apos", '\''}, {"nbsp", 0x00A0}, {"lrm", 0x200E}, {"rlm", 0x200F}};
    for (auto [n, c] : named)
        if (name == n) {
            appendUtf8(out, c);
            return semi - i + 1;
        }
    if (name.size() < 2 || name[0] != '#')
        return 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7)
        return 0;
    std::int64_t v = 0;
    for (char c : digits) {
        int d = isDigit(c)                    ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0)
            return 0;
        v = v * (hex ? 16 : 10) + d;
    }
    if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    appendUtf8(out, static_cast<UChar32>(v));
    return semi - i + 1;
}

// The text of one cue, split where a voice tag names a speaker.
struct Piece {
    std::optional<std::string> voice;  // from <v Name>
    std::string text;                  // lines separated by '\n'
};

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string cleanName(std::string_view raw) {
    std::string name = normalizeText(raw);
    std::string out;
    for (char c : name) {
        bool space = c == ' ' || c == '\t' || c == '\n';
        if (space && (out.empty() || out.back() == ' '))
            continue;
        out += space ? ' ' : c;
    }
    return std::string(trimSpace(out));
}

std::vector<Piece> vttPieces(const Cue& cue) {
    std::vector<Piece> pieces(1);
    std::string payload;
    for (std::string_view line : cue.lines) {
        if (!payload.empty())
            payload += '\n';
        payload += line;
    }
    int rtDepth = 0;
    std::size_t noCloserFrom = std::string::npos;  // no '>' at or after this offset
    for (std::size_t i = 0; i < payload.size();) {
        char c = payload[i];
        if (c == '&') {
            std::string decoded;
            if (std::size_t len = decodeEntity(payload, i, decoded)) {
                if (rtDepth == 0)
                    pieces.back().text += decoded;
                i += len;
                continue;
            }
        }
        if (c == '<' && i < noCloserFrom) {
            std::size_t close = payload.find('>', i + 1);
            if (close == std::string::npos) {
                noCloserFrom = i;
            } else {
                std::string_view tag = std::string_view(payload).substr(i + 1, close - i - 1);
                i = close + 1;
                if (tag.empty() || isDigit(tag[0]))
                    continue;  // a timestamp tag
                bool closing = tag[0] == '/';
                std::string_view body = closing ? tag.substr(1) : tag;
                std::string name =
                    lowerAscii(body.substr(0, std::min(body.find_first_of(". \t\n"), body.size())));
                if (name == "rt")
                    rtDepth = std::max(0, rtDepth + (closing ? -1 : 1));
                if (name == "v" && !closing) {
                    std::size_t space = body.find_first_of(" \t\n");
                    std::string voice =
                        space == std::string_view::npos ? "" : cleanName(body.substr(space + 1));
                    pieces.push_back(Piece{});
                    if (!voice.empty())
                        pieces.back().voice = std::move(voice);
                }
                continue;
            }
        }
        if (rtDepth == 0)
            pieces.back().text += c;
        ++i;
    }
    return pieces;
}

// SRT text: formatting tags and ASS codes removed.
std::vector<Piece> srtPieces(const Cue& cue) {
    Piece piece;
    for (std::string_view line : cue.lines) {
        if (!piece.text.empty())
            piece.text += '\n';
        std::size_t noCloserFrom = std::string::npos;  // no '>' at or after this offset
        std::size_t noBraceFrom = std::string::npos;   // no '}' at or after this offset
        for (std::size_t i = 0; i < line.size();) {
            char c = line[i];
            if (c == '<' && i < noCloserFrom) {
                std::size_t close = line.find('>', i + 1);
                if (close == std::string_view::npos) {
                    noCloserFrom = i;
                } else {
                    std::string_view tag = line.substr(i + 1, close - i - 1);
                    if (!tag.empty() && tag[0] == '/')
                        tag.remove_prefix(1);
                    std::string name =
                        lowerAscii(tag.substr(0, std::min(tag.find(' '), tag.size())));
                    if (name == "i" || name == "b" || name == "u" || name == "s" ||
                        name == "font") {
                        i = close + 1;
                        continue;
                    }
                }
            }
            if (c == '{' && i < noBraceFrom && line.substr(i, 2) == "{\\") {
                std::size_t close = line.find('}', i);
                if (close != std::string_view::npos) {
                    i = close + 1;
                    continue;
                }
                noBraceFrom = i;
            }
            piece.text += c;
            ++i;
        }
    }
    return {std::move(piece)};
}

// East Asian wide or full-width.
bool isWide(UChar32 c) {
    if (c < 0x1100)
        return false;
    auto w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return w == U_EA_WIDE || w == U_EA_FULLWIDTH;
}

UChar32 firstCodePoint(std::string_view s) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
    return c;
}

UChar32 lastCodePoint(std::string_view s) {
    std::size_t i = s.size();
    while (i > 0 && s.size() - i < 4 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80)
        --i;
    return i > 0 ? firstCodePoint(s.substr(i - 1)) : 0;
}

// Appends `piece` to `out` with a space, or with nothing between CJK
// (unless `spacedCjk`) and next to full-width punctuation.
void appendJoined(std::string& out, std::string_view piece, bool spacedCjk) {
    piece = trimSpace(piece);
    if (piece.empty())
        return;
    if (!out.empty()) {
        UChar32 a = lastCodePoint(out), b = firstCodePoint(piece);
        bool tight = (!spacedCjk && isWide(a) && isWide(b)) || (isWide(a) && u_ispunct(a)) ||
                     (isWide(b) && u_ispunct(b));
        if (!tight)
            out += ' ';
    }
    out += piece;
}

// Normalised, one line, single spaces, trimmed.
std::string finishUtterance(std::string_view joined) {
    std::string text = normalizeText(joined);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f';
        if (space && (out.empty() || out.back() == ' '))
            continue;
        out += space ? ' ' : c;
    }
    return std::string(trimSpace(out));
}

struct Speaker {
    std::string label;      // as written
    std::string key;        // foldKey(label)
    std::string separator;  // "：" or ": "
};

struct Segment {
    std::optional<Speaker> speaker;
    std::string text;  // joined, not yet normalised
    std::size_t cue = 0;
};

std::string separatorAfter(std::string_view name) {
    return !name.empty() && isWide(lastCodePoint(name)) ? "：" : ": ";
}

Result<ExtractedText> readSubtitles(std::string_view bytes, const std::string& file,
                                    const ReadOptions& options, Flavour flavour) {
    if (bytes.size() > kMaxBytes)
        return Status::invalidInput(file + ": too large for a subtitle file (" +
                                    std::to_string(bytes.size() >> 20) + " MiB; the limit is " +
                                    std::to_string(kMaxBytes >> 20) + " MiB)");
    auto decoded = decodeText(bytes, options.encoding);
    if (!decoded.isOk())
        return decoded.status().withContext(file);
    std::string text = normalizeText(decoded->utf8);
    decoded->utf8 = std::string();
    if (flavour == Flavour::Srt && startsBlock(text.substr(0, text.find('\n')), "WEBVTT"))
        flavour = Flavour::Vtt;  // a WebVTT file named .srt
    auto parsed = parseCues(text, flavour);
    if (!parsed.isOk())
        return parsed.status().withContext(file);
    const std::vector<Cue>& cues = parsed->cues;

    std::vector<std::vector<Piece>> pieces;
    pieces.reserve(cues.size());
    for (const Cue& cue : cues)
        pieces.push_back(flavour == Flavour::Vtt ? vttPieces(cue) : srtPieces(cue));

    // "Name:" labels at the start of lines of pieces without a voice.
    struct Candidate {
        LineLabel label;
        std::string key;
    };
    std::map<std::string, std::size_t> cuesWithLabel;  // key → cues it starts a line in
    std::set<std::string> voices;
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::optional<Candidate>>>
        lineLabels;  // (cue, piece) → per line
    for (std::size_t c = 0; c < pieces.size(); ++c) {
        std::set<std::string> inCue;
        for (std::size_t p = 0; p < pieces[c].size(); ++p) {
            const Piece& piece = pieces[c][p];
            if (piece.voice) {
                voices.insert(foldKey(*piece.voice));
                continue;
            }
            auto& perLine = lineLabels[{c, p}];
            std::string_view rest = piece.text;
            while (true) {
                std::size_t nl = rest.find('\n');
                std::string_view line = rest.substr(0, nl);
                std::string_view body = trimSpace(line);
                std::optional<Candidate> found;
                if (auto label = colonLabelAt(body)) {
                    label->textStart += static_cast<std::size_t>(body.data() - line.data());
                    std::string key = foldKey(label->label);
                    inCue.insert(key);
                    found = Candidate{std::move(*label), std::move(key)};
                }
                perLine.push_back(std::move(found));
                if (nl == std::string_view::npos)
                    break;
                rest.remove_prefix(nl + 1);
            }
        }
        for (const std::string& key : inCue)
            ++cuesWithLabel[key];
    }
    std::set<std::string> known;
    for (const std::string& k : options.speakers.knownSpeakers)
        known.insert(foldKey(k));
    std::size_t busiest = 0;
    for (const auto& [key, count] : cuesWithLabel)
        busiest = std::max(busiest, count);
    std::map<std::string, bool> interviewerLabel;
    auto isInterviewer = [&](const std::string& label) {
        auto it = interviewerLabel.find(label);
        if (it == interviewerLabel.end())
            it = interviewerLabel
                     .emplace(label, isInterviewerLabel(label, options.speakers.interviewerLabels))
                     .first;
        return it->second;
    };
    auto accepted = [&](const Candidate& c, bool zoom) {
        std::size_t count = cuesWithLabel[c.key];
        return isInterviewer(c.label.label) || known.count(c.key) || voices.count(c.key) ||
               (c.label.nameLike && (count >= 2 || zoom)) || (count >= 3 && count * 4 >= busiest);
    };
    // Zoom names the speaker in (nearly) every cue.
    std::size_t namedCues = 0;
    for (std::size_t c = 0; c < pieces.size(); ++c) {
        bool named = false;
        for (std::size_t p = 0; p < pieces[c].size() && !named; ++p) {
            if (pieces[c][p].voice)
                named = true;
            else if (const auto& first = lineLabels[{c, p}].front())
                named = accepted(*first, false);
        }
        namedCues += named;
    }
    const bool zoom = namedCues * 2 >= cues.size();

    // Subtitles without any punctuation (Whisper's Chinese, and Chinese
    // subtitling style) mark pauses only by line and cue breaks: keep them
    // as spaces.
    bool spacedCjk = true;
    for (std::size_t c = 0; c < pieces.size() && spacedCjk; ++c)
        for (const Piece& piece : pieces[c])
            for (std::string_view mark : {"。", "，", "？", "！", "、", "；", ".", ",", "?", "!"})
                if (piece.text.find(mark) != std::string::npos)
                    spacedCjk = false;

    // Segments: runs of text of one speaker (or of nobody) within a cue.
    std::vector<Segment> segments;
    for (std::size_t c = 0; c < pieces.size(); ++c) {
        for (std::size_t p = 0; p < pieces[c].size(); ++p) {
            const Piece& piece = pieces[c][p];
            Segment segment;
            segment.cue = c;
            if (piece.voice) {
                segment.speaker =
                    Speaker{*piece.voice, foldKey(*piece.voice), separatorAfter(*piece.voice)};
                for (std::string_view rest = piece.text;;) {
                    std::size_t nl = rest.find('\n');
                    appendJoined(segment.text, rest.substr(0, nl), spacedCjk);
                    if (nl == std::string_view::npos)
                        break;
                    rest.remove_prefix(nl + 1);
                }
                segments.push_back(std::move(segment));
                continue;
            }
            const auto& perLine = lineLabels[{c, p}];
            std::string_view rest = piece.text;
            for (std::size_t l = 0;; ++l) {
                std::size_t nl = rest.find('\n');
                std::string_view line = rest.substr(0, nl);
                const auto& label = perLine[l];
                if (label && accepted(*label, zoom)) {
                    if (segment.speaker || !segment.text.empty())
                        segments.push_back(std::move(segment));
                    segment = Segment{};
                    segment.cue = c;
                    std::string_view written = line.substr(0, label->label.textStart);
                    segment.speaker =
                        Speaker{label->label.label, label->key,
                                written.find("：") != std::string_view::npos ? "：" : ": "};
                    line.remove_prefix(label->label.textStart);
                }
                appendJoined(segment.text, line, spacedCjk);
                if (nl == std::string_view::npos)
                    break;
                rest.remove_prefix(nl + 1);
            }
            if (segment.speaker || !segment.text.empty())
                segments.push_back(std::move(segment));
        }
    }

    // Each speaker's display name: its most frequent written form.
    std::map<std::string, std::map<std::string, std::size_t>> formCounts;
    std::map<std::string, std::pair<std::string, std::size_t>> display;
    for (const Segment& s : segments) {
        if (!s.speaker)
            continue;
        std::size_t n = ++formCounts[s.speaker->key][s.speaker->label];
        auto& best = display[s.speaker->key];
        if (n > best.second)
            best = {s.speaker->label, n};
    }

    // Paragraphs.
    ExtractedText out;
    out.encoding =
        std::string(flavour == Flavour::Srt ? "SRT" : "VTT") + " (" + decoded->encoding + ")";
    out.turns.emplace();
    if (parsed->linesBeforeFirstCue > 0)
        out.warnings.push_back(std::to_string(parsed->linesBeforeFirstCue) +
                               " line(s) before the first cue were left out");
    CharPos position = 0;
    struct Paragraph {
        std::optional<Speaker> speaker;
        std::string text;
        std::int64_t start = 0;
        std::int64_t lastEnd = 0;
        int cues = 0;
        std::size_t lastCue = 0;
        bool open = false;
    } paragraph;
    auto flush = [&] {
        if (!paragraph.open)
            return;
        paragraph.open = false;
        std::string utterance = finishUtterance(paragraph.text);
        if (utterance.empty())
            return;
        std::string prefix = "[" + clock(paragraph.start) + "] ";
        if (paragraph.speaker)
            prefix += paragraph.speaker->label + paragraph.speaker->separator;
        if (!out.text.empty()) {
            out.text += "\n\n";
            position += 2;
        }
        out.text += prefix;
        position += codePointCount(prefix);
        CharPos length = codePointCount(utterance);
        if (paragraph.speaker) {
            DetectedTurn turn;
            turn.start = position;
            turn.end = position + length;
            turn.label = paragraph.speaker->label;
            turn.speaker = display[paragraph.speaker->key].first;
            turn.kind =
                isInterviewer(turn.label) ? SpeakerKind::Interviewer : SpeakerKind::Participant;
            turn.timestampMs = paragraph.start;
            out.turns->push_back(std::move(turn));
        }
        out.text += utterance;
        position += length;
    };
    for (Segment& s : segments) {
        const Cue& cue = cues[s.cue];
        bool startNew;
        if (s.speaker)
            startNew =
                !paragraph.open || !paragraph.speaker || paragraph.speaker->key != s.speaker->key;
        else if (!paragraph.open || paragraph.speaker)
            startNew = !paragraph.open;
        else
            startNew =
                s.cue != paragraph.lastCue && (cue.start - paragraph.lastEnd > kParagraphGapMs ||
                                               paragraph.cues >= kParagraphCues);
        if (startNew) {
            flush();
            paragraph = Paragraph{};
            paragraph.open = true;
            paragraph.speaker = s.speaker;
            paragraph.start = cue.start;
        }
        if (s.cue != paragraph.lastCue || paragraph.cues == 0)
            ++paragraph.cues;
        paragraph.lastCue = s.cue;
        paragraph.lastEnd = cue.end;
        appendJoined(paragraph.text, s.text, spacedCjk);
    }
    flush();
    if (out.text.empty())
        return Status::invalidInput(file + ": has no subtitle text (" +
                                    std::to_string(cues.size()) + " cue" +
                                    (cues.size() == 1 ? "" : "s") + ", none with text)");
    out.text += '\n';
    return out;
}

}  // namespace

Result<ExtractedText> readSrt(std::string_view bytes, const std::string& file,
                              const ReadOptions& options) {
    return readSubtitles(bytes, file, options, Flavour::Srt);
}

Result<ExtractedText> readVtt(std::string_view bytes, const std::string& file,
                              const ReadOptions& options) {
    return readSubtitles(bytes, file, options, Flavour::Vtt);
}

}  // namespace margin::corpus
