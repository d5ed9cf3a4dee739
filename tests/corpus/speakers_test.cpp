#include "corpus/speakers.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "corpus/offsets.h"
#include "corpus/text.h"
#include "tests/test_util.h"

namespace margin::corpus {
namespace {

// The first two words of a turn (at most 16 columns, line breaks as spaces):
// enough to see where a turn starts.
std::string firstWords(std::string_view text) {
    std::string out;
    int words = 0;
    int width = 0;
    bool inWord = false;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t len = p[i] < 0x80 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
        std::string_view ch = text.substr(i, len);
        i += len;
        bool space = ch == " " || ch == "\n" || ch == "\t";
        if (space) {
            if (inWord && words == 2)
                break;
            inWord = false;
            if (!out.empty() && out.back() != ' ')
                out += ' ';
            continue;
        }
        if (!inWord) {
            inWord = true;
            ++words;
        }
        width += displayWidth(ch);
        if (width > 16)
            break;
        out += ch;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

// The text of a turn; nullopt when its span is out of range.
std::optional<std::string_view> spanText(const OffsetIndex& index, std::string_view text,
                                         const DetectedTurn& t) {
    auto b = index.utf8Offset(t.start);
    auto e = index.utf8Offset(t.end);
    if (!b || !e || *b > *e)
        return std::nullopt;
    return text.substr(*b, *e - *b);
}

// `Interviewer[i]@"Hello there" | T01[p]@"Hi"`: speaker, kind, first words.
std::string render(std::string_view text, const TurnDetection& d) {
    OffsetIndex index(text);
    std::string out;
    for (const DetectedTurn& t : d.turns) {
        if (!out.empty())
            out += " | ";
        auto span = spanText(index, text, t);
        out += t.speaker + (t.kind == SpeakerKind::Interviewer ? "[i]" : "[p]") + "@\"" +
               (span ? firstWords(*span) : std::string("<bad span>")) + "\"";
    }
    return out;
}

// `Interviewer[i]x10 Maria Lopez[p]x10`: turns per speaker, in order of first turn.
std::string renderCounts(const TurnDetection& d) {
    std::vector<std::string> order;
    std::map<std::string, int> counts;
    std::map<std::string, char> kinds;
    for (const DetectedTurn& t : d.turns) {
        if (!counts.count(t.speaker))
            order.push_back(t.speaker);
        ++counts[t.speaker];
        kinds[t.speaker] = t.kind == SpeakerKind::Interviewer ? 'i' : 'p';
    }
    std::string out;
    for (const std::string& s : order) {
        if (!out.empty())
            out += ' ';
        out += s + "[" + kinds[s] + "]x" + std::to_string(counts[s]);
    }
    return out;
}

bool isSpaceChar(std::string_view ch) {
    return ch == " " || ch == "\n" || ch == "\t" || ch == "\r" || ch == "\u00A0" ||
           ch == "\u202F" || ch == "\u3000";
}

// What every detection must satisfy, whatever the input: spans in range, in
// order, non-empty, not overlapping, trimmed; the speaker list matches the turns.
void expectWellFormed(std::string_view text, const TurnDetection& d) {
    OffsetIndex index(text);
    CharPos size = index.size();
    CharPos previousEnd = 0;
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < d.turns.size(); ++i) {
        const DetectedTurn& t = d.turns[i];
        SCOPED_TRACE("turn " + std::to_string(i) + " of " + t.speaker);
        EXPECT_LT(t.start, t.end);
        EXPECT_GE(t.start, previousEnd) << "turns overlap";
        EXPECT_LE(t.end, size);
        previousEnd = t.end;
        auto span = spanText(index, text, t);
        ASSERT_TRUE(span.has_value());
        auto first = sliceChars(*span, 0, 1);
        auto last = sliceChars(*span, codePointCount(*span) - 1, codePointCount(*span));
        EXPECT_FALSE(isSpaceChar(*first)) << "span starts with white space";
        EXPECT_FALSE(isSpaceChar(*last)) << "span ends with white space";
        EXPECT_FALSE(t.label.empty());
        EXPECT_EQ(foldKey(t.label), foldKey(t.speaker));
        if (std::find(seen.begin(), seen.end(), t.speaker) == seen.end())
            seen.push_back(t.speaker);
    }
    EXPECT_EQ(d.speakers, seen) << "speakers are the turns' speakers, in order of first turn";
}

TurnDetection detect(std::string_view text, const SpeakerOptions& options = {}) {
    auto r = detectTurns(text, options);
    EXPECT_OK(r);
    if (!r.isOk())
        return {};
    expectWellFormed(text, *r);
    return std::move(r).value();
}

struct Case {
    const char* name;
    std::string input;
    std::string expected;  // render()
};

void runCases(const std::vector<Case>& cases, const SpeakerOptions& options = {}) {
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.name) + "\n--- input ---\n" + c.input + "\n-------------");
        TurnDetection d = detect(c.input, options);
        EXPECT_EQ(render(c.input, d), c.expected);
    }
}

// ---------------------------------------------------------------------------
// Label styles

TEST(SpeakersStyles, RecognisesEveryLabelStyle) {
    runCases({
        {"colon", "Interviewer: Hello there.\nAlice: Hi.\nInterviewer: How are you?\nAlice: Fine.",
         R"(Interviewer[i]@"Hello there." | Alice[p]@"Hi." | Interviewer[i]@"How are" | )"
         R"(Alice[p]@"Fine.")"},
        {"full-width colon", "访谈者：你好。\n李华：老师好。\n访谈者：我们开始吧。\n李华：好的。",
         R"(访谈者[i]@"你好。" | 李华[p]@"老师好。" | 访谈者[i]@"我们开始吧。" | 李华[p]@"好的。")"},
        {"full-width colon after a space",
         "访谈者 ：你好。\n李华 ：老师好。\n访谈者 ：开始吧。\n李华 ：好。",
         R"(访谈者[i]@"你好。" | 李华[p]@"老师好。" | 访谈者[i]@"开始吧。" | 李华[p]@"好。")"},
        {"French colon",
         "Interviewer1 : Bonjour.\nCamille : Bonjour !\nInterviewer1 : On y va ?\nCamille : Oui.",
         R"(Interviewer1[i]@"Bonjour." | Camille[p]@"Bonjour !" | Interviewer1[i]@"On y" | )"
         R"(Camille[p]@"Oui.")"},
        {"French colon after no-break spaces",
         "Interviewer1\u00A0: Bonjour.\nCamille\u202F: Bonjour\u00A0!\nInterviewer1\u202F: "
         "Alors.\nCamille\u00A0: Oui.",
         "Interviewer1[i]@\"Bonjour.\" | Camille[p]@\"Bonjour\u00A0!\" | "
         "Interviewer1[i]@\"Alors.\" "
         "| Camille[p]@\"Oui.\""},
        {"brackets",
         "[Interviewer] Hello.\n[Tang Lei] Hi there.\n[Interviewer] Ready?\n[Tang Lei] Yes.",
         R"(Interviewer[i]@"Hello." | Tang Lei[p]@"Hi there." | Interviewer[i]@"Ready?" | )"
         R"(Tang Lei[p]@"Yes.")"},
        {"brackets and a colon",
         "[Interviewer]: Hello.\n[Ann]: Hi.\n[Interviewer]: Bye.\n[Ann]: Bye.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi." | Interviewer[i]@"Bye." | Ann[p]@"Bye.")"},
        {"CJK brackets", "【访谈者】你好。\n【王老师】你好。\n【访谈者】开始吧。\n【王老师】好。",
         R"(访谈者[i]@"你好。" | 王老师[p]@"你好。" | 访谈者[i]@"开始吧。" | 王老师[p]@"好。")"},
        {"numbered interviewers",
         "Interviewer 1: Welcome.\nS02: Thanks.\nInterviewer 2: One more.\nS02: Sure.",
         R"(Interviewer 1[i]@"Welcome." | S02[p]@"Thanks." | Interviewer 2[i]@"One more." | )"
         R"(S02[p]@"Sure.")"},
        {"timestamp in brackets",
         "[00:01:02] Interviewer: Hello.\n[00:01:05] Ann: Hi.\n[00:01:09] Interviewer: Go.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi." | Interviewer[i]@"Go.")"},
        {"bare timestamp", "00:01:02 Interviewer: Hello.\n00:01:05 Ann: Hi.\n00:01:09 Ann: More.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi." | Ann[p]@"More.")"},
        {"timestamp in parentheses",
         "(00:01) Interviewer: Hello.\n(00:05) Ann: Hi.\n(00:09) Ann: So.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi." | Ann[p]@"So.")"},
        {"timestamp in CJK brackets", "【00:00:05】访谈者：你好。\n【00:00:09】王老师：你好。",
         R"(访谈者[i]@"你好。" | 王老师[p]@"你好。")"},
        {"timestamp and bracketed name", "[00:00:01] [Interviewer] Hi.\n[00:00:04] [Ann] Hello.",
         R"(Interviewer[i]@"Hi." | Ann[p]@"Hello.")"},
        {"Rev, same line",
         "Interviewer (00:01:02): Hello.\nAnn Lee (00:01:05): Hi.\nInterviewer (00:01:09): Go on.",
         R"(Interviewer[i]@"Hello." | Ann Lee[p]@"Hi." | Interviewer[i]@"Go on.")"},
        {"Rev, text on the next line",
         "Interviewer (00:02):\nHello.\n\nAnn Lee (00:05):\nHi.\n\nInterviewer (01:02:03):\nBye.",
         R"(Interviewer[i]@"Hello." | Ann Lee[p]@"Hi." | Interviewer[i]@"Bye.")"},
        {"Otter",
         "Interviewer  0:03\nHello.\n\nAnn Lee  0:09\nHi.\nStill me.\n\nInterviewer  "
         "1:02:03\nBye.\n",
         R"(Interviewer[i]@"Hello." | Ann Lee[p]@"Hi. Still" | Interviewer[i]@"Bye.")"},
        {"label alone on its line",
         "Interviewer:\nHello.\n\nAnn:\nHi.\n\nInterviewer:\nBye.\n\nAnn:\nBye.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi." | Interviewer[i]@"Bye." | Ann[p]@"Bye.")"},
        {"no space after an ASCII colon", "Q:What is it?\nA:A test.\nQ:Sure?\nA:Yes.",
         R"(Q[i]@"What is" | A[p]@"A test." | Q[i]@"Sure?" | A[p]@"Yes.")"},
        {"问/答", "问：你好。\n答：你好。\n问：开始吧。\n答：好的。",
         R"(问[i]@"你好。" | 答[p]@"你好。" | 问[i]@"开始吧。" | 答[p]@"好的。")"},
        {"indented labels", "  Interviewer: Hello.\n\tAnn: Hi.\n  Interviewer: Bye.\n\tAnn: Bye.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi." | Interviewer[i]@"Bye." | Ann[p]@"Bye.")"},
        {"mixed Chinese and English",
         "Interviewer：先介绍一下你自己？\nGao Fei：Hi，叫我 Fei 就行。\nInterviewer：OK。\nGao "
         "Fei：好。",
         R"(Interviewer[i]@"先介绍一下你自己" | Gao Fei[p]@"Hi，叫我 Fei" | Interviewer[i]@"OK。" | )"
         R"(Gao Fei[p]@"好。")"},
    });
}

TEST(SpeakersStyles, ReadsTimestampsIntoMilliseconds) {
    struct TsCase {
        const char* input;
        std::vector<std::optional<std::int64_t>> expected;
    } cases[] = {
        {"[00:01:02] Interviewer: a\n[01:00:05.500] Ann: b\n[01:00:09] Interviewer: c",
         {62000, 3605500, 3609000}},
        {"Interviewer  0:03\na\n\nAnn  59:59\nb\n\nInterviewer  1:02:03\nc",
         {3000, 3599000, 3723000}},
        {"Interviewer (00:02): a\nAnn (01:02:03): b", {2000, 3723000}},
        {"Interviewer: a\nAnn: b\nInterviewer: c\nAnn: d", {{}, {}, {}, {}}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.input);
        TurnDetection d = detect(c.input);
        std::vector<std::optional<std::int64_t>> got;
        for (const DetectedTurn& t : d.turns)
            got.push_back(t.timestampMs);
        EXPECT_EQ(got, c.expected);
    }
}

TEST(SpeakersTimestamp, ParsesClockTimes) {
    struct TsCase {
        const char* text;
        std::optional<std::int64_t> ms;
    } cases[] = {
        {"0:03", 3000},
        {"1:02", 62000},
        {"12:34", 754000},
        {"59:59", 3599000},
        {"1:02:03", 3723000},
        {"01:02:03", 3723000},
        {"00:01:02.500", 62500},
        {"00:01:02,5", 62500},
        {"00:01:02.05", 62050},
        {"00:00:00", 0},
        {" 00:00:05 ", 5000},
        {"12:60", std::nullopt},
        {"1:60:00", std::nullopt},
        {"1:2", std::nullopt},
        {"100:00", std::nullopt},
        {"10:30am", std::nullopt},
        {"00:01:02.", std::nullopt},
        {"2024-05-01", std::nullopt},
        {"abc", std::nullopt},
        {"", std::nullopt},
        {":30", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("\"") + c.text + "\"");
        EXPECT_EQ(parseTimestamp(c.text), c.ms);
    }
}

// ---------------------------------------------------------------------------
// One speaker, many spellings

TEST(SpeakersFolding, LabelVariantsAreOneSpeakerShownInTheirCommonestForm) {
    runCases({
        {"spacing, case and colon width",
         "Interviewer1: a\nS04: b\nInterviewer 1: c\nS04: d\ninterviewer 1 : e\nS04: f\n"
         "Interviewer 1：g\ns04: h",
         R"(Interviewer 1[i]@"a" | S04[p]@"b" | Interviewer 1[i]@"c" | S04[p]@"d" | )"
         R"(Interviewer 1[i]@"e" | S04[p]@"f" | Interviewer 1[i]@"g" | S04[p]@"h")"},
        {"full-width letters and digits", "Ｔ０１：一\nInterviewer: two\nT01: three\nT01: four",
         R"(T01[p]@"一" | Interviewer[i]@"two" | T01[p]@"three" | T01[p]@"four")"},
        {"a tie goes to the first written form", "INTERVIEWER: a\nAnn: b\nInterviewer: c\nAnn: d",
         R"(INTERVIEWER[i]@"a" | Ann[p]@"b" | INTERVIEWER[i]@"c" | Ann[p]@"d")"},
        {"styles mix within one file", "Interviewer: a\n[Ann] b\nInterviewer：c\nAnn : d",
         R"(Interviewer[i]@"a" | Ann[p]@"b" | Interviewer[i]@"c" | Ann[p]@"d")"},
    });
}

TEST(SpeakersFolding, KeepsTheWrittenLabelOnEachTurn) {
    std::string text = "Interviewer1: a\nAnn: b\nInterviewer 1: c\nAnn: d\nInterviewer 1 : e";
    TurnDetection d = detect(text);
    std::vector<std::string> labels;
    for (const DetectedTurn& t : d.turns)
        labels.push_back(t.label);
    EXPECT_EQ(labels, (std::vector<std::string>{"Interviewer1", "Ann", "Interviewer 1", "Ann",
                                                "Interviewer 1"}));
    EXPECT_EQ(d.speakers, (std::vector<std::string>{"Interviewer 1", "Ann"}));
}

// ---------------------------------------------------------------------------
// Interviewers

TEST(SpeakersInterviewer, DefaultLabelsAndTheirNumberedForms) {
    struct KindCase {
        const char* label;
        bool interviewer;
    } cases[] = {
        {"Interviewer", true},
        {"interviewer", true},
        {"INTERVIEWER", true},
        {"Interviewer 2", true},
        {"Interviewer2", true},
        {"Interviewer１", true},
        {"Interviewer A", true},
        {"Interviewer-2", true},
        {"I", true},
        {"Q", true},
        {"Q1", true},
        {"Int", true},
        {"Moderator", true},
        {"Facilitator", true},
        {"Researcher", true},
        {"Host", true},
        {"访谈者", true},
        {"采访者", true},
        {"主持人", true},
        {"问", true},
        {"访谈者2", true},
        {"Interviewee", false},
        {"Ian", false},
        {"Into", false},
        {"Qi", false},
        {"Hostess", false},
        {"答", false},
        {"A", false},
        {"T01", false},
        {"受访者", false},
        {"Maria Lopez", false},
        {"", false},
        {"Interviewer's note", false},
        {"Interviewer (Jane)", true},
        {"主持人（王）", true},
        {"Jane Li (Interviewer)", true},
        {"Ann (participant)", false},
        {"Ann ()", false},
        {"()", false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("label \"") + c.label + "\"");
        EXPECT_EQ(isInterviewerLabel(c.label, defaultInterviewerLabels()), c.interviewer);
    }
    std::string nested = std::string(100'000, '(') + "Interviewer" + std::string(100'000, ')');
    EXPECT_FALSE(isInterviewerLabel(nested, defaultInterviewerLabels()));
    EXPECT_TRUE(isInterviewerLabel("((Interviewer))", defaultInterviewerLabels()));
}

TEST(SpeakersInterviewer, CustomListsReplaceTheDefaults) {
    SpeakerOptions options;
    options.interviewerLabels = {"Jordan Ellis", "R"};
    runCases(
        {
            {"a name as interviewer",
             "Jordan Ellis  0:03\nHello.\n\nPriya  0:09\nHi.\n\nJordan Ellis  0:20\nBye.",
             R"(Jordan Ellis[i]@"Hello." | Priya[p]@"Hi." | Jordan Ellis[i]@"Bye.")"},
            {"numbered custom labels", "R1: a\nP: b\nR2: c\nP: d",
             R"(R1[i]@"a" | P[p]@"b" | R2[i]@"c" | P[p]@"d")"},
            {"the defaults no longer apply", "Interviewer: a\nAnn: b\nInterviewer: c\nAnn: d",
             R"(Interviewer[p]@"a" | Ann[p]@"b" | Interviewer[p]@"c" | Ann[p]@"d")"},
        },
        options);
    EXPECT_TRUE(isInterviewerLabel("jordan  ellis", options.interviewerLabels));
    EXPECT_FALSE(isInterviewerLabel("Jordan", options.interviewerLabels));
    EXPECT_FALSE(isInterviewerLabel("Interviewer", options.interviewerLabels));
    EXPECT_FALSE(isInterviewerLabel("Interviewer", {}));
}

TEST(SpeakersInterviewer, InterviewerLabelsAreAcceptedOnSight) {
    runCases({
        {"an interviewer who speaks once",
         "Interviewer 1: a\nAnn: b\nInterviewer 2: c\nAnn: d\nInterviewer 1: e",
         R"(Interviewer 1[i]@"a" | Ann[p]@"b" | Interviewer 2[i]@"c" | Ann[p]@"d" | )"
         R"(Interviewer 1[i]@"e")"},
    });
}

// ---------------------------------------------------------------------------
// Prose is not a label

TEST(SpeakersProse, SentencesEndingInAColonStayInTheirTurn) {
    runCases({
        {"Chinese clauses before a quotation or a list",
         "访谈者：后来呢？\n林老师：我跟他们谈了。\n他说：“好的。”\n他说：“再见。”\n"
         "我的看法是：先试试。\n我的看法是：慢慢来。\n比如：第一点。\n比如：第二点。\n"
         "例如：作文。\n例如：阅读。\n访谈者：明白了。\n林老师：嗯。",
         R"(访谈者[i]@"后来呢？" | 林老师[p]@"我跟他们谈了。 他" | 访谈者[i]@"明白了。" | )"
         R"(林老师[p]@"嗯。")"},
        {"Chinese clauses that look like names",
         "访谈者：后来呢？\n林老师：学生来问。\n他问我：“为什么？”\n他问我：“怎么办？”\n"
         "举个例子：作文。\n举个例子：阅读。\n总之：慢慢来。\n总之：别急。\n访谈者：好。\n林老师："
         "嗯。\n老板问：“几点？”\n访谈者：然后呢？\n林老师：对。\n老板问：“好了吗？”",
         R"(访谈者[i]@"后来呢？" | 林老师[p]@"学生来问。 他问我" | 访谈者[i]@"好。" | )"
         R"(林老师[p]@"嗯。 老板问：“几" | 访谈者[i]@"然后呢？" | 林老师[p]@"对。 老板问：“好")"},
        {"a dialogue quoted within one answer",
         "访谈者：面试问了什么？\n林老师：是这样的。\n老板：你会用 Excel 吗？\n我：会一点。\n"
         "老板：那明天来上班吧。\n我：好的。\n访谈者：然后呢？\n林老师：就去了。",
         R"(访谈者[i]@"面试问了什么？" | 林老师[p]@"是这样的。 老板：" | 访谈者[i]@"然后呢？" | )"
         R"(林老师[p]@"就去了。")"},
        {"English notes and examples",
         "Interviewer: Go on.\nAnn: We made rules.\nNote: they changed later.\n"
         "For example: no phones.\nFor example: no AI.\nFor example: no noise.\n"
         "Interviewer: I see.\nAnn: Yes.",
         R"(Interviewer[i]@"Go on." | Ann[p]@"We made" | Interviewer[i]@"I see." | Ann[p]@"Yes.")"},
        {"URLs and clock times at the start of a line",
         "Interviewer: Where?\nAnn: Here:\nhttp://example.com/a\nhttps://example.com/b\n"
         "10:30 is when we meet.\n10:30 again tomorrow.\nInterviewer: OK.\nAnn: Bye.",
         R"(Interviewer[i]@"Where?" | Ann[p]@"Here: http://exam" | )"
         R"(Interviewer[i]@"OK." | Ann[p]@"Bye.")"},
        {"long clauses and sentences",
         "访谈者：然后？\n李华：好。\n我们当时讨论了很久，最后大家一致认为：先做起来再说。\n"
         "这个问题其实很复杂，涉及到学校、企业和学生三方的利益：\n"
         "The reason we stopped was simple: nobody had the time.\n"
         "The reason we stopped was simple: nobody had the time.\n"
         "访谈者：嗯。\n李华：对。",
         R"(访谈者[i]@"然后？" | 李华[p]@"好。 我们当时讨论" | 访谈者[i]@"嗯。" | 李华[p]@"对。")"},
        {"a once-only name in colon style",
         "Interviewer: a\nAnn: b\nSummary: c\nInterviewer: d\nAnn: e",
         R"(Interviewer[i]@"a" | Ann[p]@"b Summary:" | Interviewer[i]@"d" | Ann[p]@"e")"},
        {"annotations in brackets",
         "[Interviewer] a\n[Ann] b\n[laughs] yes\n[Inaudible] c\n[crosstalk 00:12:40] d\n"
         "[Interviewer] e\n[Ann] f",
         R"(Interviewer[i]@"a" | Ann[p]@"b [laughs]" | Interviewer[i]@"e" | Ann[p]@"f")"},
    });
}

TEST(SpeakersProse, PreambleBelongsToNoTurn) {
    runCases({
        {"a title and a date line",
         "Interview 07 — Maria\nDate: 2024-05-01\nLocation: clinic\n\nInterviewer: Hello.\n"
         "Maria: Hi.\nInterviewer: Bye.\nMaria: Bye.",
         R"(Interviewer[i]@"Hello." | Maria[p]@"Hi." | Interviewer[i]@"Bye." | Maria[p]@"Bye.")"},
        {"a metadata block naming the interviewer",
         "Project: Teachers and AI\nDate: 2024-05-01\nInterviewer: Chen Jing\nParticipant: Lin\n\n"
         "Interviewer: Hello.\nLin: Hi.\nInterviewer: Bye.\nLin: Bye.",
         R"(Interviewer[i]@"Hello." | Lin[p]@"Hi." | Interviewer[i]@"Bye." | Lin[p]@"Bye.")"},
        {"a metadata block in Chinese",
         "访谈时间：2024年5月1日\n访谈者：陈静\n受访者：林老师\n\n访谈者：您好。\n林老师：你好。\n"
         "访谈者：开始吧。\n林老师：好。",
         R"(访谈者[i]@"您好。" | 林老师[p]@"你好。" | 访谈者[i]@"开始吧。" | 林老师[p]@"好。")"},
        {"a transcript without blank lines still starts at its first turn",
         "Interviewer: Hello.\nAnn: Hi.\nInterviewer: Bye.\nAnn: Bye.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi." | Interviewer[i]@"Bye." | Ann[p]@"Bye.")"},
    });
    std::string text = "Title line\nDate: 2024-05-01\n\nInterviewer: Hello.\nAnn: Hi.\nAnn: Again.";
    TurnDetection d = detect(text);
    ASSERT_FALSE(d.turns.empty());
    EXPECT_EQ(d.turns[0].start, codePointCount("Title line\nDate: 2024-05-01\n\nInterviewer: "));
}

TEST(SpeakersProse, TurnsSpanSeveralParagraphs) {
    std::string text =
        "Interviewer: First question?\n\nAnn: Para one.\n\nPara two,\nstill two.\n\n\nPara "
        "three.\n\nInterviewer: Next.\n\nAnn: Done.\n";
    TurnDetection d = detect(text);
    ASSERT_EQ(d.turns.size(), 4u) << render(text, d);
    EXPECT_EQ(*sliceChars(text, d.turns[1].start, d.turns[1].end),
              "Para one.\n\nPara two,\nstill two.\n\n\nPara three.");
    EXPECT_EQ(*sliceChars(text, d.turns[3].start, d.turns[3].end), "Done.");
}

// ---------------------------------------------------------------------------
// Speakers who speak once

TEST(SpeakersOnceOnly, KnownSpeakersAreAccepted) {
    std::string text =
        "Moderator: Welcome.\nHannah: Hi.\nTom: Hello.\nHannah: Yes.\nTom: No.\nLi Wei: Can I "
        "add something?\nModerator: Please.";
    SCOPED_TRACE(text);
    TurnDetection d = detect(text);
    EXPECT_EQ(render(text, d), R"(Moderator[i]@"Welcome." | Hannah[p]@"Hi." | Tom[p]@"Hello." | )"
                               R"(Hannah[p]@"Yes." | Tom[p]@"No. Li" | Moderator[i]@"Please.")");
    SpeakerOptions options;
    options.knownSpeakers = {"li wei"};
    d = detect(text, options);
    EXPECT_EQ(render(text, d),
              R"(Moderator[i]@"Welcome." | Hannah[p]@"Hi." | Tom[p]@"Hello." | )"
              R"(Hannah[p]@"Yes." | Tom[p]@"No." | Li Wei[p]@"Can I" | Moderator[i]@"Please.")");
}

TEST(SpeakersOnceOnly, CodedAndStructuredSpeakersAreAccepted) {
    runCases({
        {"P4 speaks once after P1 to P3 spoke twice",
         "Moderator: Hi.\nP1: a\nP2: b\nP3: c\nP1: d\nP2: e\nP3: f\nP4: g\nModerator: Bye.",
         R"(Moderator[i]@"Hi." | P1[p]@"a" | P2[p]@"b" | P3[p]@"c" | P1[p]@"d" | P2[p]@"e" | )"
         R"(P3[p]@"f" | P4[p]@"g" | Moderator[i]@"Bye.")"},
        {"Participant 3 speaks once",
         "Moderator: Hi.\nParticipant 1: a\nParticipant 2: b\n"
         "Participant 1: c\nParticipant 2: d\nParticipant 3: e",
         R"(Moderator[i]@"Hi." | Participant 1[p]@"a" | Participant 2[p]@"b" | )"
         R"(Participant 1[p]@"c" | Participant 2[p]@"d" | Participant 3[p]@"e")"},
        {"D speaks once after A to C", "主持人：a\nA：b\nB：c\nC：d\nA：e\nB：f\nD：g\n主持人：h",
         R"(主持人[i]@"a" | A[p]@"b" | B[p]@"c" | C[p]@"d" | A[p]@"e" | B[p]@"f" | D[p]@"g" | )"
         R"(主持人[i]@"h")"},
        {"one coded participant is not a family",
         "Q: a\nA: b\nQ: c\nA: d\nB: once\nQ: e\nS02: f\nInterviewer: g\nS02: h\nS03: once",
         R"(Q[i]@"a" | A[p]@"b" | Q[i]@"c" | A[p]@"d B:" | Q[i]@"e" | S02[p]@"f" | )"
         R"(Interviewer[i]@"g" | S02[p]@"h S03:")"},
        {"numbered questions and answers", "Q1: a?\nA1: b\nQ2: c?\nA2: d\nQ3: e?\nA3: f\nStep 1: g",
         R"(Q1[i]@"a?" | A1[p]@"b" | Q2[i]@"c?" | A2[p]@"d" | Q3[i]@"e?" | A3[p]@"f Step")"},
        {"numbered steps inside an answer",
         "Interviewer: How?\nAnn: Like this.\nStep 1: a\nStep 2: b\nInterviewer: And?\nAnn: "
         "Done.\nStep 3: c",
         R"(Interviewer[i]@"How?" | Ann[p]@"Like this." | Interviewer[i]@"And?" | Ann[p]@"Done. Step")"},
        {"structured lines accept a once-only name",
         "[Interviewer] a\n[Ann] b\n[Visitor] c\n[Interviewer] d\n[Ann] e",
         R"(Interviewer[i]@"a" | Ann[p]@"b" | Visitor[p]@"c" | Interviewer[i]@"d" | Ann[p]@"e")"},
    });
}

// ---------------------------------------------------------------------------
// --speaker-pattern

TEST(SpeakersPattern, PatternReplacesDetection) {
    struct PatternCase {
        const char* name;
        std::string pattern;
        std::string input;
        std::string expected;
    } cases[] = {
        {"named speaker group", R"((?<speaker>[A-Z]{2,4})> )",
         "INT> Hello.\nRES> Hi.\nplain line\nINT> Bye.",
         R"(INT[i]@"Hello." | RES[p]@"Hi. plain" | INT[i]@"Bye.")"},
        {"group 1 without a name", R"(-- (\w+) --)", "-- Interviewer --\nHello.\n-- Ann --\nHi.",
         R"(Interviewer[i]@"Hello." | Ann[p]@"Hi.")"},
        {"whole match as label", R"(Q|A)", "Q Hello?\nA Hi.\nQ Bye?",
         R"(Q[i]@"Hello?" | A[p]@"Hi." | Q[i]@"Bye?")"},
        {"once-only speakers count", R"((?<speaker>\w+) says:)",
         "Ann says: a\nBob says: b\nCarol says: c", R"(Ann[p]@"a" | Bob[p]@"b" | Carol[p]@"c")"},
        {"prose detection is off", R"((?<speaker>SPK\d+):)",
         "SPK1: hi\nInterviewer: not a turn here\nSPK2: ok",
         R"(SPK1[p]@"hi Interviewer:" | SPK2[p]@"ok")"},
        {"matches only at the start of a line", R"((?<speaker>Ann):)", "x Ann: a\nAnn: b",
         R"(Ann[p]@"b")"},
        {"CJK", R"(〔(?<speaker>[^〕]+)〕)", "〔访谈者〕你好\n〔王老师〕你好",
         R"(访谈者[i]@"你好" | 王老师[p]@"你好")"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.name) + "\npattern: " + c.pattern + "\n--- input ---\n" +
                     c.input);
        SpeakerOptions options;
        options.pattern = c.pattern;
        TurnDetection d = detect(c.input, options);
        EXPECT_EQ(render(c.input, d), c.expected);
    }
}

TEST(SpeakersPattern, TimeGroupGivesTimestamps) {
    SpeakerOptions options;
    options.pattern = R"(<(?<time>[\d:.]+)> (?<speaker>[^:]+):)";
    std::string text = "<00:00:01> Interviewer: a\n<1:02:03.5> Ann: b\n<later> Ann: c";
    SCOPED_TRACE(text);
    TurnDetection d = detect(text, options);
    ASSERT_EQ(d.turns.size(), 2u) << render(text, d);
    EXPECT_EQ(d.turns[0].timestampMs, 1000);
    EXPECT_EQ(d.turns[1].timestampMs, 3723500);
    EXPECT_EQ(d.turns[1].speaker, "Ann");
    EXPECT_EQ(*sliceChars(text, d.turns[1].start, d.turns[1].end), "b\n<later> Ann: c");
}

TEST(SpeakersPattern, InvalidPatternIsAnError) {
    for (const char* pattern : {"(", "(?<speaker>[a-z]+", "*x", "[z-a]"}) {
        SCOPED_TRACE(pattern);
        SpeakerOptions options;
        options.pattern = pattern;
        auto r = detectTurns("Ann: a\nBob: b", options);
        ASSERT_FALSE(r.isOk());
        EXPECT_EQ(r.status().code(), Status::Code::InvalidInput);
        EXPECT_NE(r.status().message().find("offset"), std::string::npos) << r.status().message();
        EXPECT_NE(r.status().message().find(pattern), std::string::npos) << r.status().message();
    }
}

// ---------------------------------------------------------------------------
// Spans and offsets

TEST(SpeakersSpans, SpansCoverOnlyTheSpokenText) {
    struct SpanCase {
        const char* name;
        std::string input;
        std::vector<std::string> spans;
    } cases[] = {
        {"colon", "Interviewer:   Hello.  \nAnn:\tHi.\n", {"Hello.", "Hi."}},
        {"full-width colon and ideographic spaces",
         "访谈者：\u3000你好。\u3000\n李华：　好。",
         {"你好。", "好。"}},
        {"brackets", "[Interviewer]   Hello.\n[Ann]\nHi.\n\n", {"Hello.", "Hi."}},
        {"timestamps", "[00:00:01] Interviewer:  a\n[00:00:02] Ann: b", {"a", "b"}},
        {"Rev", "Interviewer (00:02):\n  a\n\nAnn (00:05): b\n", {"a", "b"}},
        {"Otter", "Interviewer  0:03\na\n\nAnn  0:09\nb\n\n", {"a", "b"}},
        {"an Otter footer is not speech",
         "Interviewer  0:03\na\n\nAnn  0:09\nb\n\n\n\nTranscribed by https://otter.ai\n",
         {"a", "b"}},
        {"a label with no text gives no turn",
         "Interviewer: a\nAnn:\nInterviewer: b\nAnn: c",
         {"a", "b", "c"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.name) + "\n--- input ---\n" + c.input);
        SpeakerOptions options;
        options.knownSpeakers = {"Ann", "李华"};
        TurnDetection d = detect(c.input, options);
        std::vector<std::string> spans;
        for (const DetectedTurn& t : d.turns)
            spans.emplace_back(*sliceChars(c.input, t.start, t.end));
        EXPECT_EQ(spans, c.spans);
    }
}

TEST(SpeakersSpans, OffsetsAreCodePoints) {
    // 😀 and 𠀀 are one code point and four UTF-8 bytes each; é is one precomposed.
    std::string text = "Interviewer: 😀𠀀 café\nAnn: 𠀀 ok\nInterviewer: 你好😀\nAnn: done";
    TurnDetection d = detect(text);
    ASSERT_EQ(d.turns.size(), 4u) << render(text, d);
    EXPECT_EQ(d.turns[0].start, 13);
    EXPECT_EQ(d.turns[0].end, 20);  // "😀𠀀 café" is 7 code points
    EXPECT_EQ(d.turns[1].start, 26);
    EXPECT_EQ(d.turns[1].end, 30);
    EXPECT_EQ(d.turns[2].start, 44);
    EXPECT_EQ(d.turns[2].end, 47);
    EXPECT_EQ(d.turns[3].start, 53);
    EXPECT_EQ(d.turns[3].end, codePointCount(text));
    EXPECT_EQ(*sliceChars(text, d.turns[2].start, d.turns[2].end), "你好😀");
}

// ---------------------------------------------------------------------------
// Hostile input

template <typename F>
double seconds(F&& f) {
    auto begin = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

constexpr double kTimeLimit = 10.0;  // seconds, generous for Debug and sanitizer builds

TEST(SpeakersHostile, FiveMegabyteTranscript) {
    std::string text = "A long interview\n\n";
    int pairs = 0;
    while (text.size() < 5'000'000) {
        text += "Interviewer: Question " + std::to_string(pairs) + ", about 10:30 and café?\n\n";
        text +=
            "P01: Answer with 😀 and 中文, for example: this.\nAnd a second line, with a colon: "
            "here.\n\n";
        ++pairs;
    }
    TurnDetection d;
    double s = seconds([&] { d = detect(text); });
    EXPECT_LT(s, kTimeLimit);
    EXPECT_EQ(d.turns.size(), static_cast<std::size_t>(2 * pairs));
    EXPECT_EQ(d.speakers, (std::vector<std::string>{"Interviewer", "P01"}));
}

TEST(SpeakersHostile, OneMegabyteLines) {
    std::string big(1'000'000, 'a');
    std::string bigCjk;
    for (int i = 0; i < 300'000; ++i)
        bigCjk += "说";
    struct HostileCase {
        const char* name;
        std::string input;
        std::size_t turns;
    } cases[] = {
        {"letters", big, 0},
        {"colons", std::string(1'000'000, ':'), 0},
        {"full-width colons", bigCjk + "：" + bigCjk, 0},
        {"an open bracket", "[" + big, 0},
        {"a bracket pair", "[" + big + "] x", 0},
        {"a label and a long turn", "Interviewer: " + big, 1},
        {"a long label", big + ": x\n" + big + ": y\n" + big + ": z", 0},
        {"Otter-like", big + " 0:03\nx", 0},
        {"spaces", std::string(1'000'000, ' '), 0},
        {"new lines", std::string(1'000'000, '\n'), 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        TurnDetection d;
        double s = seconds([&] { d = detect(c.input); });
        EXPECT_LT(s, kTimeLimit);
        EXPECT_EQ(d.turns.size(), c.turns);
    }
}

TEST(SpeakersHostile, TenThousandLabelLikeLines) {
    std::string distinct, interviewers, same, empty;
    for (int i = 0; i < 10'000; ++i) {
        distinct += "Speaker " + std::to_string(i) + ": hello\n";
        interviewers += "Interviewer " + std::to_string(i) + ": hello\n";
        same += "Ann: hello " + std::to_string(i) + "\n";
        empty += "Ann:\n";
    }
    struct HostileCase {
        const char* name;
        std::string input;
        std::size_t turns;
        std::size_t speakers;
    } cases[] = {
        {"distinct once-only labels", distinct, 0, 0},
        {"distinct interviewers", interviewers, 10'000, 10'000},
        {"one label", same, 10'000, 1},
        {"labels only", empty, 0, 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        TurnDetection d;
        double s = seconds([&] { d = detect(c.input); });
        EXPECT_LT(s, kTimeLimit);
        EXPECT_EQ(d.turns.size(), c.turns);
        EXPECT_EQ(d.speakers.size(), c.speakers);
    }
}

TEST(SpeakersHostile, EmptyAndDegenerateText) {
    for (const char* text : {"", "\n", " ", "：", ":", "[]", "【】", "[",
                             "Interviewer:", "Interviewer:\nAnn:\nInterviewer:\nAnn:", "  0:03",
                             "\xEF\xBC\x9A\n:", "Interviewer  0:03", "(00:01) ", "[00:00:01]"}) {
        SCOPED_TRACE(std::string("\"") + text + "\"");
        TurnDetection d = detect(text);
        EXPECT_TRUE(d.turns.empty()) << render(text, d);
        EXPECT_TRUE(d.speakers.empty());
    }
}

TEST(SpeakersHostile, PatternOnLongLines) {
    SpeakerOptions options;
    options.pattern = R"((?<speaker>[^:]+):)";
    std::string text = std::string(1'000'000, 'a') + "\nAnn: b";
    TurnDetection d;
    double s = seconds([&] { d = detect(text, options); });
    EXPECT_LT(s, kTimeLimit);
    EXPECT_EQ(d.turns.size(), 1u);
}

TEST(SpeakersHostile, PatternThatBacktracksForeverIsAnError) {
    SpeakerOptions options;
    options.pattern = R"((?<speaker>(a+)+)b)";
    std::string text = "ab: fine\n" + std::string(64, 'a') + "!\nab: fine";
    Result<TurnDetection> r = Status::internal("not run");
    double s = seconds([&] { r = detectTurns(text, options); });
    EXPECT_LT(s, kTimeLimit);
    ASSERT_FALSE(r.isOk());
    EXPECT_EQ(r.status().code(), Status::Code::InvalidInput);
    EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
}

// ---------------------------------------------------------------------------
// The checked-in transcripts

TEST(SpeakersFiles, TranscriptsInEveryStyle) {
    struct FileCase {
        const char* file;
        std::vector<std::string> interviewers;  // empty: the defaults
        std::string counts;                     // renderCounts()
        std::string firstTurns;                 // render() of the first two turns
    } cases[] = {
        {"colon.txt",
         {},
         "Interviewer[i]x10 Maria Lopez[p]x10",
         R"(Interviewer[i]@"Thanks for" | Maria Lopez[p]@"Sure. I'm")"},
        {"fullwidth_colon.txt",
         {},
         "访谈者[i]x10 周晓梅[p]x10",
         R"(访谈者[i]@"周老师您好，谢谢" | 周晓梅[p]@"好的。我在这个养")"},
        {"french_colon.txt",
         {},
         "Interviewer1[i]x10 Camille[p]x10",
         R"(Interviewer1[i]@"Merci d'avoir" | Camille[p]@"Bien sûr.")"},
        {"brackets.txt",
         {},
         "Interviewer[i]x11 Daniel Okafor[p]x10",
         R"(Interviewer[i]@"Thanks for" | Daniel Okafor[p]@"Sure. I've")"},
        {"numbered_interviewers.txt",
         {},
         "Interviewer 1[i]x8 S11[p]x11 Interviewer 2[i]x3",
         R"(Interviewer 1[i]@"Thanks for" | S11[p]@"Sure. I'm")"},
        {"timestamped.txt",
         {},
         "访谈者[i]x10 林嘉欣[p]x10",
         R"(访谈者[i]@"林老板您好，录音" | 林嘉欣[p]@"好啊。书店开了六")"},
        {"otter.txt",
         {"Jordan Ellis"},
         "Jordan Ellis[i]x9 Priya Raman[p]x9",
         R"(Jordan Ellis[i]@"Okay, I" | Priya Raman[p]@"Yes, loud")"},
        {"rev_style.txt",
         {},
         "Interviewer[i]x7 Dr. Amara Singh[p]x7",
         R"(Interviewer[i]@"Alright, we're" | Dr. Amara Singh[p]@"Of course.")"},
        {"focus_group.txt",
         {},
         "Moderator[i]x8 Hannah[p]x5 Tom[p]x4 Aisha[p]x4",
         R"(Moderator[i]@"Welcome, everyone" | Hannah[p]@"I can.")"},
        {"crlf.txt", {}, "I[i]x7 P07[p]x7", R"(I[i]@"Thank you" | P07[p]@"I look")"},
        {"prose_traps.txt",
         {},
         "访谈者[i]x8 林老师[p]x8",
         R"(访谈者[i]@"林老师好，谢谢您" | 林老师[p]@"大概是去年十月。")"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("tests/data/transcripts/") + c.file);
        std::string bytes = test::readFile(test::dataDir() / "transcripts" / c.file);
        ASSERT_FALSE(bytes.empty());
        std::string text = normalizeText(bytes);
        SpeakerOptions options;
        if (!c.interviewers.empty())
            options.interviewerLabels = c.interviewers;
        TurnDetection d = detect(text, options);
        EXPECT_EQ(renderCounts(d), c.counts);
        TurnDetection firstTwo;
        firstTwo.turns.assign(d.turns.begin(),
                              d.turns.begin() + std::min<std::size_t>(2, d.turns.size()));
        EXPECT_EQ(render(text, firstTwo), c.firstTurns);
        // No turn's text still holds a line its own detector would call a label.
        for (const DetectedTurn& t : d.turns) {
            std::string span(*sliceChars(text, t.start, t.end));
            for (const std::string& s : d.speakers) {
                EXPECT_EQ(span.find("\n" + s + ":"), std::string::npos) << s << " inside:\n"
                                                                        << span;
                EXPECT_EQ(span.find("\n" + s + "："), std::string::npos) << s << " inside:\n"
                                                                         << span;
            }
        }
    }
}

TEST(SpeakersFiles, FocusGroupWithAKnownOnceOnlySpeaker) {
    std::string text =
        normalizeText(test::readFile(test::dataDir() / "transcripts/focus_group.txt"));
    SpeakerOptions options;
    options.knownSpeakers = {"Li Wei"};
    TurnDetection d = detect(text, options);
    EXPECT_EQ(renderCounts(d), "Moderator[i]x8 Hannah[p]x5 Tom[p]x4 Aisha[p]x4 Li Wei[p]x1");
}

TEST(SpeakersFiles, OtterFooterAndHourCrossing) {
    std::string text = normalizeText(test::readFile(test::dataDir() / "transcripts/otter.txt"));
    TurnDetection d = detect(text);
    ASSERT_EQ(d.turns.size(), 18u) << render(text, d);
    EXPECT_EQ(d.turns[16].timestampMs, 3723000);  // 1:02:03
    EXPECT_EQ(d.turns[17].timestampMs, 3727000);
    EXPECT_EQ(*sliceChars(text, d.turns[17].start, d.turns[17].end), "Thanks, Jordan. Bye now.");
    for (std::size_t i = 1; i < d.turns.size(); ++i)
        EXPECT_LT(*d.turns[i - 1].timestampMs, *d.turns[i].timestampMs) << "turn " << i;
}

TEST(SpeakersFiles, CrlfFileAfterNormalising) {
    std::string bytes = test::readFile(test::dataDir() / "transcripts/crlf.txt");
    ASSERT_NE(bytes.find("\r\n"), std::string::npos) << "the file must keep its CRLF line ends";
    std::string text = normalizeText(bytes);
    TurnDetection d = detect(text);
    EXPECT_EQ(renderCounts(d), "I[i]x7 P07[p]x7");
    // The multi-line answer keeps both of its lines.
    EXPECT_NE(std::string(*sliceChars(text, d.turns[3].start, d.turns[3].end)).find("\nEvenings"),
              std::string::npos);
}

TEST(SpeakersFiles, TimestampedContinuationLinesStayInTheirTurn) {
    std::string text =
        normalizeText(test::readFile(test::dataDir() / "transcripts/timestamped.txt"));
    TurnDetection d = detect(text);
    ASSERT_EQ(d.turns.size(), 20u) << render(text, d);
    EXPECT_EQ(d.turns[7].timestampMs, 5 * 60000 + 18000);
    EXPECT_NE(std::string(*sliceChars(text, d.turns[7].start, d.turns[7].end))
                  .find("[00:05:55] 不过我们这边"),
              std::string::npos);
    EXPECT_EQ(d.turns[17].timestampMs, 3605000);  // [01:00:05]
}

}  // namespace
}  // namespace margin::corpus

namespace margin::corpus {
namespace {

// Regression: an interview with a single answer had no participant turn.
TEST(SpeakersSingleAnswerTest, TheOneAnswerAfterTheInterviewerIsTheParticipants) {
    struct SingleAnswer {
        std::string text;
        std::string speakers;
    } cases[] = {
        {"访谈者：数据分析重要吗？\n张总监：很重要。\n", "访谈者=interviewer 张总监=participant"},
        {"Interviewer: Any last words?\nAmy Xu: No, thanks.\n",
         "Interviewer=interviewer Amy Xu=participant"},
        {"Interviewer: Hello.\nThe rule was this: nothing.\n", "Interviewer=interviewer"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        auto detection = detectTurns(c.text);
        ASSERT_TRUE(detection.isOk());
        std::string got;
        std::set<std::string> seen;
        for (const auto& t : detection->turns)
            if (seen.insert(t.speaker).second)
                got += (got.empty() ? "" : " ") + t.speaker + "=" + speakerKindName(t.kind);
        EXPECT_EQ(got, c.speakers);
    }
}

}  // namespace
}  // namespace margin::corpus
