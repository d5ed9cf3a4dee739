#include "corpus/speakers.h"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

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

namespace {

bool isAsciiLower(char c) {
    return c >= 'a' && c <= 'z';
}

bool isAsciiLetter(char c) {
    return isAsciiLower(c) || (c >= 'A' && c <= 'Z');
}

// The code point at byte `i` of `s` (its length in `*len`); -1 if ill-formed.
UChar32 codePointAt(std::string_view s, std::size_t i, std::size_t* len) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    auto j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, j, static_cast<int32_t>(s.size()), c);
    *len = static_cast<std::size_t>(j) - i;
    return c;
}

// Unicode white space other than a line break: also the no-break spaces
// French typography puts before a colon (U+00A0, U+202F) and U+3000.
bool isInlineSpace(UChar32 c) {
    return c != '\n' && c >= 0 && u_isUWhiteSpace(c);
}

std::size_t skipSpaces(std::string_view s, std::size_t i) {
    while (i < s.size()) {
        std::size_t len = 0;
        if (!isInlineSpace(codePointAt(s, i, &len)))
            break;
        i += len;
    }
    return i;
}

// `s` without leading and trailing Unicode white space, line breaks included.
std::string_view trimUnicode(std::string_view s) {
    std::size_t len = 0;
    while (!s.empty()) {
        UChar32 c = codePointAt(s, 0, &len);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        s.remove_prefix(len);
    }
    while (!s.empty()) {
        std::size_t start = s.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
            --start;
        UChar32 c = codePointAt(s, start, &len);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        s.remove_suffix(s.size() - start);
    }
    return s;
}

// Interviewer labels folded once, matched against many candidate labels.
class InterviewerMatcher {
public:
    explicit InterviewerMatcher(const std::vector<std::string>& labels) {
        for (const std::string& label : labels) {
            std::string key = foldKey(label);
            if (!key.empty())
                m_keys.push_back(std::move(key));
        }
    }

    // `key` is foldKey(label).
    bool matches(std::string_view label, std::string_view key) const {
        if (key.empty())
            return false;
        std::string_view written = trimUnicode(label);
        // "Interviewer (Jane)", "Jane Li (Interviewer)", "主持人（王）": a role
        // before or inside parentheses. Only in labels of up to 200 bytes, as
        // the check recurses.
        if (written.size() <= 200 && (written.ends_with(")") || written.ends_with("）"))) {
            std::size_t open = std::min(written.find('('), written.find("（"));
            if (open != std::string_view::npos) {
                std::size_t from = open + (written[open] == '(' ? 1 : 3);
                std::size_t to = written.size() - (written.ends_with(")") ? 1 : 3);
                std::string_view before = trimUnicode(written.substr(0, open));
                std::string_view inside =
                    trimUnicode(written.substr(from, to - std::min(from, to)));
                if ((!before.empty() && matches(before, foldKey(before))) ||
                    (!inside.empty() && matches(inside, foldKey(inside))))
                    return true;
            }
        }
        // "Interviewer A": one letter written after white space.
        bool spacedLetter = false;
        if (written.size() >= 2) {
            char last = written.back();
            std::size_t prev = written.size() - 2;
            while (prev > 0 && (static_cast<unsigned char>(written[prev]) & 0xC0) == 0x80)
                --prev;
            std::size_t len = 0;
            spacedLetter = isAsciiLetter(last) && u_isUWhiteSpace(codePointAt(written, prev, &len));
        }
        for (const std::string& ikey : m_keys) {
            if (!key.starts_with(ikey))
                continue;
            std::string_view rest = key.substr(ikey.size());
            if (rest.empty())
                return true;
            bool separated = false;
            if (rest[0] == '-' || rest[0] == '_' || rest[0] == '#' || rest[0] == '.') {
                rest.remove_prefix(1);
                separated = true;
            }
            if (!rest.empty() && std::all_of(rest.begin(), rest.end(), isAsciiDigit))
                return true;
            if (rest.size() == 1 && isAsciiLower(rest[0]) && (separated || spacedLetter) &&
                codePoints(ikey) >= 3)
                return true;
        }
        return false;
    }

private:
    std::vector<std::string> m_keys;
};

}  // namespace

bool isInterviewerLabel(std::string_view label, const std::vector<std::string>& interviewerLabels) {
    return InterviewerMatcher(interviewerLabels).matches(label, foldKey(label));
}

namespace {

enum class Style { Colon, Bracket, Timestamped, Otter, Pattern };

struct Candidate {
    std::size_t line = 0;          // index of the line
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
        "说",   "道",   "讲",   "表示", "提到", "指出", "认为", "强调", "回忆", "介绍",
        "总结", "如下", "是",   "的",   "了",   "吗",   "呢",   "例如", "比如", "就是",
        "包括", "分别", "写",   "问道", "答道", "发现", "告诉", "觉得", "看来", "来说",
        "而言", "问",   "答",   "回",   "回答", "回复", "例子", "比方", "总之", "之后",
        "然后", "所以", "但是", "不过", "首先", "其次", "最后", "另外", "其实", "当时"};
    if (codePoints(label) < 2)
        return false;
    for (const char* e : endings)
        if (label.ends_with(e))
            return true;
    return false;
}

// Pronouns and particles: a label holding one is a clause ("他问我",
// "举个例子"), not a name or a role.
bool hasChineseFunctionWord(std::string_view label) {
    static const char* const words[] = {"我", "你", "他", "她", "它", "们", "这", "那",
                                        "个", "之", "就", "也", "都", "还", "把", "让",
                                        "给", "的", "了", "吗", "呢", "吧", "啊", "么",
                                        "说", "是", "没", "不", "很", "怎", "什", "哪"};
    for (const char* w : words)
        if (label.find(w) != std::string_view::npos)
            return true;
    return false;
}

// Short, no sentence punctuation, has a letter: could be a label at all.
bool plausibleLabel(std::string_view label) {
    if (label.empty() || label.size() > 160 || codePoints(label) > 40)
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
// "Prof. Wang". Not "For example", "我的看法" or "举个例子".
bool nameLike(std::string_view label) {
    if (hasCjk(label))
        return codePoints(label) <= 8 && !hasChineseFunctionWord(label);
    std::size_t i = 0;
    int words = 0;
    while (i < label.size()) {
        while (i < label.size() && label[i] == ' ')
            ++i;
        if (i >= label.size())
            break;
        ++words;
        if (isAsciiLower(label[i]))
            return false;
        while (i < label.size() && label[i] != ' ')
            ++i;
    }
    return words <= 3;
}

// "Name (00:01:02):" and "Name [00:01]:" (Rev): the timestamp's colons come
// before the label's, so this is read before the plain colon style.
bool parseRevLabel(std::string_view line, Candidate& out) {
    std::size_t open = line.find_first_of("([");
    if (open == std::string_view::npos || open == 0 || open > 160)
        return false;
    char closer = line[open] == '(' ? ')' : ']';
    std::size_t len = timestampLength(line.substr(open + 1));
    std::size_t close = open + 1 + len;
    if (len == 0 || close >= line.size() || line[close] != closer)
        return false;
    std::size_t i = skipSpaces(line, close + 1);
    std::size_t after;
    if (line.substr(i, 1) == ":")
        after = i + 1;
    else if (line.substr(i, 3) == "：")
        after = i + 3;
    else
        return false;
    auto ts = parseTimestamp(line.substr(open + 1, len));
    std::string_view label = trimUnicode(line.substr(0, open));
    if (!ts || !plausibleLabel(label))
        return false;
    out.label = std::string(label);
    out.timestampMs = ts;
    out.contentStart = skipSpaces(line, after);
    return true;
}

// Sets `out.label` and `out.contentStart` (relative to `line`) when `line`
// starts with "Label:" / "Label：" / "Label :" / "Label (00:01):".
bool parseColonLabel(std::string_view line, Candidate& out) {
    if (parseRevLabel(line, out))
        return true;
    std::size_t ascii = line.find(':');
    std::size_t wide = line.find("：");
    std::size_t colon = std::min(ascii, wide);
    if (colon == std::string_view::npos || colon == 0 || colon > 160)
        return false;
    std::size_t after = colon + (colon == wide ? 3 : 1);
    if (colon == ascii && after < line.size()) {
        char next = line[after];
        // "10:30", "http://x", "C:\": an ASCII colon glued to a digit or a
        // symbol is not a label's; "Q:What" is.
        if (static_cast<unsigned char>(next) < 0x80 && next != ' ' && next != '\t' &&
            !isAsciiLetter(next) && next != '"' && next != '\'')
            return false;
    }
    std::string_view label = trimUnicode(line.substr(0, colon));
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
    if (end == std::string_view::npos || end > 160 + open.size())
        return false;
    std::string_view label = trimUnicode(line.substr(open.size(), end - open.size()));
    if (parseTimestamp(label) || !plausibleLabel(label))
        return false;
    // "[laughs]", "[inaudible 00:12:40]", "[Crosstalk]": transcriber's notes.
    static const char* const annotations[] = {
        "laughs", "laughter", "laughing", "inaudible", "crosstalk", "pause",   "silence",
        "music",  "noise",    "applause", "unclear",   "sighs",     "coughs",  "overlapping",
        "break",  "end",      "笑",       "笑声",      "大笑",      "停顿",    "沉默",
        "听不清", "音乐",     "杂音",     "众笑",      "插话",      "录音中断"};
    std::string_view firstWord = label.substr(0, label.find(' '));
    std::string key = foldKey(firstWord);
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
    std::string_view t = trimUnicode(line);
    std::size_t space = t.find_last_of(' ');
    if (space == std::string_view::npos || space > 200)
        return false;
    std::string_view stamp = t.substr(space + 1);
    auto ts = parseTimestamp(stamp);
    if (!ts)
        return false;
    std::string_view label = trimUnicode(t.substr(0, space));
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
    // A leading timestamp: "[00:01:02] Name: ..." / "(00:01) Name: ..." /
    // "【00:01:02】Name：..." / "00:01:02 Name: ...".
    {
        static const std::pair<std::string_view, std::string_view> brackets[] = {
            {"[", "]"}, {"(", ")"}, {"【", "】"}, {"（", "）"}};
        std::string_view closer;
        std::size_t i = 0;
        for (auto [open, close] : brackets)
            if (body.starts_with(open))
                closer = close, i = open.size();
        std::size_t len = timestampLength(body.substr(i));
        if (len > 0) {
            std::size_t end = i + len;
            bool ok = !closer.empty() ? body.substr(end, closer.size()) == closer
                                      : (end < body.size() && body[end] == ' ');
            if (ok) {
                auto ts = parseTimestamp(body.substr(i, len));
                std::size_t restStart = skipSpaces(body, end + closer.size());
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
    std::size_t end;  // excluding "\n" (and a stray "\r" before it)
};

std::vector<Line> splitLines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::size_t trimmed = end > start && text[end - 1] == '\r' ? end - 1 : end;
        lines.push_back({start, trimmed});
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    return lines;
}

// Steps of ICU's regex engine (about 10,000 each) one line may take: a
// second or two, far more than any sane pattern needs on a 1 MB line.
constexpr int32_t kPatternTimeLimit = 5000;

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
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> m(re->matcher(status));
    if (U_FAILURE(status))
        return Status::internal("cannot create a matcher for the speaker pattern");
    // A pattern that backtracks without end ("(a+)+b") fails instead of hanging.
    m->setTimeLimit(kPatternTimeLimit, status);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const Line& line = lines[n];
        std::string_view lineText = text.substr(line.start, line.end - line.start);
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(lineText);
        status = U_ZERO_ERROR;
        m->reset(u);
        bool matched = m->lookingAt(status);
        if (status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW)
            return Status::invalidInput("speaker pattern '" + pattern + "' is too slow on line " +
                                        std::to_string(n + 1) + " (" + u_errorName(status) +
                                        "); simplify it");
        if (!matched || U_FAILURE(status))
            continue;
        int32_t group = speakerGroup >= 0 ? speakerGroup : (m->groupCount() >= 1 ? 1 : 0);
        std::string label;
        m->group(group, status).toUTF8String(label);
        label = std::string(trimUnicode(label));
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
        c.line = n;
        c.lineStart = line.start;
        c.contentStart = line.start + skipSpaces(lineText, prefix.size());
        out.push_back(std::move(c));
    }
    return out;
}

// The family of a coded label: "p#" for "P1", "P2"; "学生@" for "学生A";
// "@" for "A", "B". Empty for a label that is not a code.
std::string codeFamily(std::string_view key) {
    std::size_t end = key.size();
    while (end > 0 && isAsciiDigit(key[end - 1]))
        --end;
    if (end < key.size())
        return end == 0 ? std::string() : std::string(key.substr(0, end)) + "#";
    bool letter = !key.empty() && isAsciiLower(key.back());
    if (letter && (key.size() == 1 || !isAsciiLower(key[key.size() - 2])))
        return std::string(key.substr(0, key.size() - 1)) + "@";
    return {};
}

bool endsASentence(std::string_view s) {
    for (const char* p : {".", "?", "!", "。", "？", "！", "…"})
        if (s.ends_with(p))
            return true;
    return false;
}

std::vector<Candidate> detectedCandidates(std::string_view text, const std::vector<Line>& lines,
                                          const SpeakerOptions& options) {
    std::vector<Candidate> all;
    std::vector<int> candidateAt(lines.size(), -1);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const Line& line = lines[n];
        auto c = parseLine(text.substr(line.start, line.end - line.start));
        if (!c)
            continue;
        c->line = n;
        c->lineStart = line.start;
        c->contentStart += line.start;
        c->key = foldKey(c->label);
        candidateAt[n] = static_cast<int>(all.size());
        all.push_back(std::move(*c));
    }
    auto blank = [&](std::size_t n) {
        return trimUnicode(text.substr(lines[n].start, lines[n].end - lines[n].start)).empty();
    };

    InterviewerMatcher interviewers(options.interviewerLabels);
    std::set<std::string> known;
    for (const std::string& k : options.knownSpeakers)
        known.insert(foldKey(k));
    std::vector<char> interviewer(all.size()), name(all.size()), sure(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        interviewer[i] = interviewers.matches(all[i].label, all[i].key);
        name[i] = nameLike(all[i].label);
        sure[i] = interviewer[i] || known.count(all[i].key);
    }

    // How often a label recurs: labels in a row inside another label's text
    // count once ("比如：" on three lines of one answer); a run that opens
    // the transcript is nobody's text, so each of its labels counts. Labels
    // found not to recur are dropped and the rest counted again, so that
    // "老板：" in a dialogue quoted within one answer ("老板：…" "我：…"
    // "老板：…") is seen as one run.
    std::vector<char> ok(all.size(), 1);
    for (bool changed = true; changed;) {
        std::map<std::string, int> runs;
        int busiest = 0;
        const std::string* previous = nullptr;
        bool opening = true;
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (!ok[i])
                continue;
            opening = opening && (!previous || *previous == all[i].key);
            if (opening || *previous != all[i].key)
                busiest = std::max(busiest, ++runs[all[i].key]);
            previous = &all[i].key;
        }
        changed = false;
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (!ok[i] || sure[i])
                continue;
            int n = runs[all[i].key];
            if (!(name[i] ? n >= 2 : n >= 3 && n * 4 >= busiest))
                ok[i] = 0, changed = true;
        }
    }
    std::map<Style, int> styles;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (ok[i])
            ++styles[all[i].style];
    Style dominant = Style::Colon;
    int dominantCount = 0;
    for (auto [style, count] : styles)
        if (count > dominantCount)
            dominant = style, dominantCount = count;

    // Speakers who speak once: "P4" when two of "P1".."P3" are participants;
    // "A2" after an interviewer's turn when another of "A1".."A9" is too
    // ("Q1: … A1: …"); a name in a bracketed, timestamped or Otter line
    // once turns in that style have started (an Otter header follows a
    // blank line).
    std::vector<char> asked(all.size(), 0);
    for (std::size_t i = 1; i < all.size(); ++i)
        asked[i] = ok[i - 1] && interviewer[i - 1];
    std::map<std::string, std::set<std::string>> families, answers;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (interviewer[i])
            continue;
        std::string f = codeFamily(all[i].key);
        if (f.empty())
            continue;
        if (ok[i])
            families[f].insert(all[i].key);
        if (asked[i])
            answers[f].insert(all[i].key);
    }
    bool started = false;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Candidate& c = all[i];
        if (!ok[i] && name[i]) {
            std::string family = codeFamily(c.key);
            if (!family.empty() &&
                (families[family].size() >= 2 || (asked[i] && answers[family].size() >= 2)))
                ok[i] = 1;
            else if (started && c.style != Style::Colon && c.style == dominant &&
                     (c.style != Style::Otter || c.line == 0 || blank(c.line - 1)))
                ok[i] = 1;
        }
        started = started || ok[i];
    }

    // A metadata block before the first turn ("Date: …", "Interviewer: Chen
    // Jing", "Participant: …") is preamble, not turns: consecutive "Key:
    // value" lines, at least half of them not labels, no key twice, the
    // accepted ones holding a short name-like value on their own line.
    auto first = std::find(ok.begin(), ok.end(), 1);
    if (first != ok.end() && all[first - ok.begin()].style == Style::Colon) {
        std::size_t line = all[first - ok.begin()].line;
        auto colonAt = [&](std::size_t n) {
            return candidateAt[n] >= 0 && all[candidateAt[n]].style == Style::Colon;
        };
        std::size_t lo = line, hi = line;
        while (lo > 0 && colonAt(lo - 1))
            --lo;
        while (hi + 1 < lines.size() && colonAt(hi + 1))
            ++hi;
        std::size_t size = hi - lo + 1, rejected = 0;
        bool header = size >= 2 && (hi + 1 >= lines.size() || blank(hi + 1));
        std::set<std::string> keys;
        for (std::size_t n = lo; n <= hi && header; ++n) {
            const Candidate& c = all[candidateAt[n]];
            if (!keys.insert(c.key).second)
                header = false;
            if (!ok[candidateAt[n]]) {
                ++rejected;
                continue;
            }
            std::string_view value = trimUnicode(
                text.substr(c.contentStart, lines[n].end - std::min(c.contentStart, lines[n].end)));
            if (value.empty() || endsASentence(value) || !plausibleLabel(value) || !nameLike(value))
                header = false;
        }
        bool turnsAfter = std::find(ok.begin() + candidateAt[hi] + 1, ok.end(), 1) != ok.end();
        if (header && rejected * 2 >= size && turnsAfter)
            for (std::size_t n = lo; n <= hi; ++n)
                ok[candidateAt[n]] = 0;
    }

    // An interview in which only the interviewer was found has its answers
    // under a name that occurs too rarely to be sure of: take the name-like
    // label, in the interviewer's style, that follows an interviewer's turn
    // most often ("访谈者：… 张总监：…" with one answer).
    bool anyAnswer = false, anyQuestion = false;
    for (std::size_t i = 0; i < all.size(); ++i) {
        anyAnswer = anyAnswer || (ok[i] && !interviewer[i]);
        anyQuestion = anyQuestion || (ok[i] && interviewer[i]);
    }
    if (anyQuestion && !anyAnswer) {
        std::map<std::string, int> followers;
        std::string best;
        for (std::size_t i = 1; i < all.size(); ++i) {
            if (ok[i] || !name[i] || !asked[i] || all[i].style != all[i - 1].style)
                continue;
            int n = ++followers[all[i].key];
            if (n > (best.empty() ? 0 : followers[best]))
                best = all[i].key;
        }
        for (std::size_t i = 0; i < all.size() && !best.empty(); ++i)
            if (all[i].key == best && name[i])
                ok[i] = 1;
    }

    std::vector<Candidate> accepted;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (ok[i])
            accepted.push_back(std::move(all[i]));
    return accepted;
}

// Otter.ai's free plan ends an export with this line; it is not speech.
std::string_view withoutOtterFooter(std::string_view span) {
    std::size_t nl = span.rfind('\n');
    if (nl == std::string_view::npos)
        return span;
    std::string_view last = trimUnicode(span.substr(nl + 1));
    if (last.starts_with("Transcribed by") && last.find("otter.ai") != std::string_view::npos)
        return trimUnicode(span.substr(0, nl));
    return span;
}

}  // namespace

std::optional<LineLabel> colonLabelAt(std::string_view line) {
    Candidate c;
    if (!parseColonLabel(line, c))
        return std::nullopt;
    return LineLabel{c.label, c.contentStart, nameLike(c.label)};
}

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

    // The spoken text of each label: to the next label's line, trimmed.
    struct Span {
        std::size_t begin, end;
    };
    std::vector<std::optional<Span>> spans(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        bool last = i + 1 == labels.size();
        std::size_t end = last ? text.size() : labels[i + 1].lineStart;
        std::size_t start = std::min(labels[i].contentStart, end);
        std::string_view trimmed = trimUnicode(text.substr(start, end - start));
        if (last && options.pattern.empty())
            trimmed = withoutOtterFooter(trimmed);
        if (!trimmed.empty()) {
            std::size_t b = static_cast<std::size_t>(trimmed.data() - text.data());
            spans[i] = Span{b, b + trimmed.size()};
        }
    }

    // Each speaker's display label: its most frequent written form, ties to
    // the first written. Speakers are listed once they have a turn.
    struct Forms {
        std::map<std::string, int> counts;
        std::string best;
        int bestCount = 0;
    };
    std::map<std::string, Forms> forms;
    for (const Candidate& c : labels) {
        Forms& f = forms[c.key];
        int n = ++f.counts[c.label];
        if (n > f.bestCount)
            f.best = c.label, f.bestCount = n;
    }

    InterviewerMatcher interviewers(options.interviewerLabels);
    OffsetIndex index(text);
    TurnDetection result;
    std::set<std::string> listed;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (!spans[i])
            continue;
        const Candidate& c = labels[i];
        DetectedTurn turn;
        turn.start = *index.charPosFromUtf8(spans[i]->begin);
        turn.end = *index.charPosFromUtf8(spans[i]->end);
        turn.label = c.label;
        turn.speaker = forms[c.key].best;
        turn.kind = interviewers.matches(c.label, c.key) ? SpeakerKind::Interviewer
                                                         : SpeakerKind::Participant;
        turn.timestampMs = c.timestampMs;
        if (listed.insert(c.key).second)
            result.speakers.push_back(turn.speaker);
        result.turns.push_back(std::move(turn));
    }
    return result;
}

}  // namespace margin::corpus
