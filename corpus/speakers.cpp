#include "corpus/speakers.h"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <memory>

#include "corpus/text.h"

namespace margin::corpus {

const char* speakerKindName(SpeakerKind kind) {
    return kind == SpeakerKind::Interviewer ? "interviewer" : "participant";
}

std::vector<std::string> defaultInterviewerLabels() {
    return {"Interviewer", "I",      "Q",      "Int",    "Moderator", "Facilitator",
            "Researcher",  "Host",   "访谈者", "采访者", "访谈人",    "采访人",
            "访问者",      "主持人", "研究者", "提问者", "问"};
}

namespace {

bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}

std::int64_t codePoints(std::string_view s) {
    return codePointCount(s);
}

// Reads a timestamp at the start of `s`: returns its length in bytes, 0 if none.
std::size_t timestampLength(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&](std::size_t min, std::size_t max) {
        std::size_t n = 0;
        while (i < s.size() && n < max && isAsciiDigit(s[i])) {
            ++i;
            ++n;
        }
        return n >= min;
    };
    if (!digits(1, 2))
        return 0;
    if (i >= s.size() || s[i] != ':')
        return 0;
    ++i;
    if (!digits(2, 2))
        return 0;
    if (i < s.size() && s[i] == ':') {
        std::size_t save = i++;
        if (!digits(2, 2))
            i = save;
    }
    if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && isAsciiDigit(s[i + 1])) {
        ++i;
        digits(1, 3);
    }
    return i;
}

}  // namespace

std::optional<std::int64_t> parseTimestamp(std::string_view text) {
    text = trimSpace(text);
    if (text.empty() || timestampLength(text) != text.size())
        return std::nullopt;
    std::int64_t fields[3] = {0, 0, 0};
    int count = 0;
    std::int64_t millis = 0;
    std::size_t i = 0;
    while (i < text.size() && count < 3) {
        std::int64_t v = 0;
        while (i < text.size() && isAsciiDigit(text[i]))
            v = v * 10 + (text[i++] - '0');
        fields[count++] = v;
        if (i < text.size() && text[i] == ':') {
            ++i;
            continue;
        }
        if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
            ++i;
            std::int64_t scale = 100;
            while (i < text.size() && isAsciiDigit(text[i])) {
                millis += (text[i++] - '0') * scale;
                scale /= 10;
            }
        }
        break;
    }
    std::int64_t h = 0, m = 0, s = 0;
    if (count == 3) {
        h = fields[0];
        m = fields[1];
        s = fields[2];
    } else {
        m = fields[0];
        s = fields[1];
    }
    if (s >= 60 || (count == 3 && m >= 60))
        return std::nullopt;
    return ((h * 60 + m) * 60 + s) * 1000 + millis;
}

bool isInterviewerLabel(std::string_view label, const std::vector<std::string>& interviewerLabels) {
    std::string key = foldKey(label);
    if (key.empty())
        return false;
    for (const std::string& candidate : interviewerLabels) {
        std::string ikey = foldKey(candidate);
        if (ikey.empty() || !key.starts_with(ikey))
            continue;
        std::string_view rest = std::string_view(key).substr(ikey.size());
        if (rest.empty())
            return true;
        if (std::all_of(rest.begin(), rest.end(), isAsciiDigit))
            return true;
        if (rest.size() == 1 && rest[0] >= 'a' && rest[0] <= 'z' && codePoints(ikey) >= 3)
            return true;
    }
    return false;
}

namespace {

enum class Style { Colon, Bracket, Timestamped, Otter, Pattern };

struct Candidate {
    std::size_t lineStart = 0;     // byte offset of the line
    std::size_t contentStart = 0;  // byte offset where the spoken text starts
    std::string label;             // trimmed, as written
    std::string key;               // foldKey(label)
    Style style = Style::Colon;
    std::optional<std::int64_t> timestampMs;
};

bool hasCjk(std::string_view s) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c >= 0 && u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) == U_EA_WIDE && u_isalpha(c))
            return true;
    }
    return false;
}

// Chinese clauses that end before a quotation or a list, not names.
bool endsLikeChineseClause(std::string_view label) {
    static const char* const endings[] = {
        "说",   "道",   "讲",   "表示", "提到",   "指出", "认为", "强调", "回忆", "介绍", "总结",
        "如下", "是",   "的",   "了",   "吗",     "呢",   "例如", "比如", "就是", "包括", "分别是",
        "写",   "问道", "答道", "发现", "告诉我", "觉得", "看来", "来说", "而言"};
    if (codePoints(label) < 2)
        return false;
    for (const char* e : endings)
        if (label.ends_with(e))
            return true;
    return false;
}

// Short, no sentence punctuation, has a letter: could be a label at all.
bool plausibleLabel(std::string_view label) {
    if (label.empty() || codePoints(label) > 40)
        return false;
    int words = 1;
    for (char c : label)
        if (c == ' ')
            ++words;
    if (words > 5)
        return false;
    static const char* const forbidden[] = {
        "。", "，", "、", "；", "！", "？", "!", "?", ";", ",",  "\"", "“", "”", "「", "」",
        "《", "》", "<",  ">",  "{",  "}",  "=", "|", "@", "\t", "*",  "#", "…", ":",  "："};
    for (const char* f : forbidden)
        if (label.find(f) != std::string_view::npos)
            return false;
    if (label.back() == '.' || label.starts_with("http") || label.starts_with("www"))
        return false;
    const auto* p = reinterpret_cast<const std::uint8_t*>(label.data());
    const auto n = static_cast<int32_t>(label.size());
    bool letter = false;
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c >= 0 && u_isalpha(c))
            letter = true;
    }
    return letter && !endsLikeChineseClause(label);
}

// Names, roles and codes: "Zhao", "Amy Xu", "S02", "Interviewer 1", "王教授",
// "Prof. Wang". Not "For example" or "我的看法".
bool nameLike(std::string_view label) {
    if (hasCjk(label))
        return codePoints(label) <= 8;
    std::size_t i = 0;
    int words = 0;
    while (i < label.size()) {
        while (i < label.size() && label[i] == ' ')
            ++i;
        if (i >= label.size())
            break;
        ++words;
        unsigned char c = static_cast<unsigned char>(label[i]);
        if (c >= 'a' && c <= 'z')
            return false;
        while (i < label.size() && label[i] != ' ')
            ++i;
    }
    return words <= 3;
}

std::size_t skipSpaces(std::string_view s, std::size_t i) {
    while (i < s.size()) {
        if (s[i] == ' ' || s[i] == '\t')
            ++i;
        else if (s.substr(i, 3) == "\xE3\x80\x80")  // ideographic space
            i += 3;
        else
            break;
    }
    return i;
}

// Sets `out.label` and `out.contentStart` (relative to `line`) when `line`
// starts with "Label:" / "Label：" / "Label :" / "Label (00:01):".
bool parseColonLabel(std::string_view line, Candidate& out) {
    std::size_t ascii = line.find(':');
    std::size_t wide = line.find("：");
    std::size_t colon = std::min(ascii, wide);
    if (colon == std::string_view::npos || colon == 0 || colon > 160)
        return false;
    std::size_t after = colon + (colon == wide ? 3 : 1);
    if (colon == ascii && after < line.size()) {
        unsigned char next = static_cast<unsigned char>(line[after]);
        // "10:30", "http://x", "a:b": an ASCII colon glued to ASCII is not a label's.
        if (next < 0x80 && next != ' ' && next != '\t')
            return false;
    }
    std::string_view label = trimSpace(line.substr(0, colon));
    // "Interviewer (00:01:02):" carries a timestamp before the colon.
    if (label.size() > 2 && label.back() == ')') {
        std::size_t open = label.rfind('(');
        if (open != std::string_view::npos) {
            std::string_view inside = label.substr(open + 1, label.size() - open - 2);
            if (auto ts = parseTimestamp(inside)) {
                out.timestampMs = ts;
                label = trimSpace(label.substr(0, open));
            }
        }
    }
    if (!plausibleLabel(label))
        return false;
    out.label = std::string(label);
    out.contentStart = skipSpaces(line, after);
    return true;
}

// "[Name] text" and "【Name】text".
bool parseBracketLabel(std::string_view line, Candidate& out) {
    std::string_view open, close;
    if (line.starts_with("["))
        open = "[", close = "]";
    else if (line.starts_with("【"))
        open = "【", close = "】";
    else
        return false;
    std::size_t end = line.find(close, open.size());
    if (end == std::string_view::npos)
        return false;
    std::string_view label = trimSpace(line.substr(open.size(), end - open.size()));
    if (parseTimestamp(label) || !plausibleLabel(label))
        return false;
    static const char* const annotations[] = {
        "laughs", "laughter", "laughing", "inaudible", "crosstalk", "pause",  "silence",
        "music",  "noise",    "applause", "unclear",   "sighs",     "coughs", "笑",
        "笑声",   "大笑",     "停顿",     "沉默",      "听不清",    "音乐",   "杂音"};
    std::string key = foldKey(label);
    for (const char* a : annotations)
        if (key == foldKey(a))
            return false;
    std::size_t after = end + close.size();
    // "[Name]: text" is the same style with a colon after the bracket.
    std::size_t i = skipSpaces(line, after);
    if (line.substr(i, 1) == ":")
        i = skipSpaces(line, i + 1);
    else if (line.substr(i, 3) == "：")
        i = skipSpaces(line, i + 3);
    out.label = std::string(label);
    out.contentStart = i;
    return true;
}

// Otter.ai header: the whole line is "Name  12:34".
bool parseOtterHeader(std::string_view line, Candidate& out) {
    std::string_view t = trimSpace(line);
    std::size_t space = t.find_last_of(' ');
    if (space == std::string_view::npos)
        return false;
    std::string_view stamp = t.substr(space + 1);
    auto ts = parseTimestamp(stamp);
    if (!ts)
        return false;
    std::string_view label = trimSpace(t.substr(0, space));
    if (!plausibleLabel(label))
        return false;
    out.label = std::string(label);
    out.timestampMs = ts;
    out.contentStart = line.size();  // the text is on the following lines
    return true;
}

std::optional<Candidate> parseLine(std::string_view line) {
    std::size_t indent = skipSpaces(line, 0);
    std::string_view body = line.substr(indent);
    Candidate c;
    // A leading timestamp: "[00:01:02] Name: ..." / "(00:01) Name: ..." / "00:01:02 Name: ..."
    {
        std::size_t i = 0;
        char closer = 0;
        if (body.starts_with("["))
            closer = ']', i = 1;
        else if (body.starts_with("("))
            closer = ')', i = 1;
        std::size_t len = timestampLength(body.substr(i));
        if (len > 0) {
            std::size_t end = i + len;
            bool ok = closer ? body.substr(end, 1) == std::string_view(&closer, 1)
                             : (end < body.size() && body[end] == ' ');
            if (ok) {
                auto ts = parseTimestamp(body.substr(i, len));
                std::size_t restStart = skipSpaces(body, end + (closer ? 1 : 0));
                std::string_view rest = body.substr(restStart);
                Candidate inner;
                if (ts && (parseBracketLabel(rest, inner) || parseColonLabel(rest, inner))) {
                    inner.contentStart += indent + restStart;
                    inner.timestampMs = ts;
                    inner.style = Style::Timestamped;
                    return inner;
                }
                return std::nullopt;
            }
        }
    }
    if (parseBracketLabel(body, c)) {
        c.contentStart += indent;
        c.style = Style::Bracket;
        return c;
    }
    if (parseOtterHeader(body, c)) {
        c.contentStart = line.size();
        c.style = Style::Otter;
        return c;
    }
    if (parseColonLabel(body, c)) {
        c.contentStart += indent;
        c.style = c.timestampMs ? Style::Timestamped : Style::Colon;
        return c;
    }
    return std::nullopt;
}

struct Line {
    std::size_t start;
    std::size_t end;  // excluding '\n'
};

std::vector<Line> splitLines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            if (start < text.size())
                lines.push_back({start, text.size()});
            break;
        }
        lines.push_back({start, nl});
        start = nl + 1;
    }
    return lines;
}

Result<std::vector<Candidate>> patternCandidates(std::string_view text,
                                                 const std::vector<Line>& lines,
                                                 const std::string& pattern) {
    UParseError parseError{};
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexPattern> re(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, parseError, status));
    if (U_FAILURE(status))
        return Status::invalidInput("invalid speaker pattern '" + pattern +
                                    "': " + u_errorName(status) + " at offset " +
                                    std::to_string(parseError.offset));
    UErrorCode s = U_ZERO_ERROR;
    int32_t speakerGroup = re->groupNumberFromName("speaker", -1, s);
    if (U_FAILURE(s))
        speakerGroup = -1;
    s = U_ZERO_ERROR;
    int32_t timeGroup = re->groupNumberFromName("time", -1, s);
    if (U_FAILURE(s))
        timeGroup = -1;

    std::vector<Candidate> out;
    for (const Line& line : lines) {
        std::string_view lineText = text.substr(line.start, line.end - line.start);
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(lineText);
        status = U_ZERO_ERROR;
        std::unique_ptr<icu::RegexMatcher> m(re->matcher(u, status));
        if (U_FAILURE(status) || !m->lookingAt(status) || U_FAILURE(status))
            continue;
        int32_t group = speakerGroup >= 0 ? speakerGroup : (m->groupCount() >= 1 ? 1 : 0);
        std::string label;
        m->group(group, status).toUTF8String(label);
        label = std::string(trimSpace(label));
        if (label.empty())
            continue;
        Candidate c;
        c.label = label;
        c.style = Style::Pattern;
        if (timeGroup >= 0) {
            std::string stamp;
            m->group(timeGroup, status).toUTF8String(stamp);
            c.timestampMs = parseTimestamp(stamp);
        }
        std::string prefix;
        u.tempSubString(0, m->end(status)).toUTF8String(prefix);
        c.lineStart = line.start;
        c.contentStart = line.start + skipSpaces(lineText, prefix.size());
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Candidate> detectedCandidates(std::string_view text, const std::vector<Line>& lines,
                                          const SpeakerOptions& options) {
    std::vector<Candidate> all;
    for (const Line& line : lines) {
        auto c = parseLine(text.substr(line.start, line.end - line.start));
        if (!c)
            continue;
        c->lineStart = line.start;
        c->contentStart += line.start;
        c->key = foldKey(c->label);
        all.push_back(std::move(*c));
    }
    std::map<std::string, int> counts;
    int busiest = 0;
    for (const Candidate& c : all)
        busiest = std::max(busiest, ++counts[c.key]);

    std::vector<std::string> known;
    for (const std::string& k : options.knownSpeakers)
        known.push_back(foldKey(k));
    auto recurring = [&](const Candidate& c) {
        if (isInterviewerLabel(c.label, options.interviewerLabels))
            return true;
        if (std::find(known.begin(), known.end(), c.key) != known.end())
            return true;
        int n = counts[c.key];
        if (nameLike(c.label))
            return n >= 2;
        return n >= 3 && n * 4 >= busiest;
    };
    std::vector<Candidate> accepted;
    for (Candidate& c : all) {
        bool ok = recurring(c);
        // Once turns have started, a name in a structured line (brackets, a
        // timestamp, an Otter header) is a speaker even if it speaks once.
        if (!ok && !accepted.empty() && c.style != Style::Colon && nameLike(c.label))
            ok = true;
        if (ok)
            accepted.push_back(std::move(c));
    }
    return accepted;
}

}  // namespace

Result<TurnDetection> detectTurns(std::string_view text, const SpeakerOptions& options) {
    std::vector<Line> lines = splitLines(text);
    std::vector<Candidate> labels;
    if (!options.pattern.empty()) {
        auto r = patternCandidates(text, lines, options.pattern);
        if (!r.isOk())
            return r.status();
        labels = std::move(r).value();
        for (Candidate& c : labels)
            c.key = foldKey(c.label);
    } else {
        labels = detectedCandidates(text, lines, options);
    }

    // Each speaker's display label: its most frequent written form.
    std::map<std::string, std::map<std::string, int>> forms;
    std::vector<std::string> order;
    for (const Candidate& c : labels) {
        if (!forms.count(c.key))
            order.push_back(c.key);
        ++forms[c.key][c.label];
    }
    std::map<std::string, std::string> display;
    for (const std::string& key : order) {
        const auto& f = forms[key];
        std::string best;
        int bestCount = 0;
        for (const Candidate& c : labels) {  // ties go to the first written
            if (c.key == key && f.at(c.label) > bestCount) {
                best = c.label;
                bestCount = f.at(c.label);
            }
        }
        display[key] = best;
    }

    OffsetIndex index(text);
    TurnDetection result;
    for (const std::string& key : order)
        result.speakers.push_back(display[key]);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const Candidate& c = labels[i];
        std::size_t end = i + 1 < labels.size() ? labels[i + 1].lineStart : text.size();
        std::size_t start = std::min(c.contentStart, end);
        std::string_view span = text.substr(start, end - start);
        std::string_view trimmed = trimSpace(span);
        if (trimmed.empty())
            continue;
        std::size_t b = static_cast<std::size_t>(trimmed.data() - text.data());
        DetectedTurn turn;
        turn.start = *index.charPosFromUtf8(b);
        turn.end = *index.charPosFromUtf8(b + trimmed.size());
        turn.label = c.label;
        turn.speaker = display[c.key];
        turn.kind = isInterviewerLabel(c.label, options.interviewerLabels)
                        ? SpeakerKind::Interviewer
                        : SpeakerKind::Participant;
        turn.timestampMs = c.timestampMs;
        result.turns.push_back(std::move(turn));
    }
    return result;
}

}  // namespace margin::corpus
