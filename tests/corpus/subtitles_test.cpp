// Subtitles (.srt, .vtt) as transcripts: the text a researcher reads, the
// speaker turns with their cue timestamps, and broken or hostile files.
#include <chrono>

#include "corpus/formats.h"
#include "corpus/importer.h"
#include "corpus/offsets.h"
#include "corpus/text.h"
#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::TempDir;
using test::visible;
using test::writeFile;

// Seconds a big file may take to import ("a second or two"; the sanitizers
// slow everything about tenfold).
#if defined(__SANITIZE_ADDRESS__)
constexpr double kTimeLimit = 20;
#else
constexpr double kTimeLimit = 2;
#endif

std::filesystem::path subtitlesDir() {
    return test::dataDir() / "formats" / "subtitles";
}

// `speaker[i|p]@mm:ss.mmm "utterance"`, one turn a line.
std::string renderTurns(std::string_view text, const std::vector<Turn>& turns) {
    std::string out;
    for (const Turn& t : turns) {
        auto span = sliceChars(text, t.start, t.end);
        std::string stamp = "-";
        if (t.timestampMs) {
            std::int64_t ms = *t.timestampMs;
            auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
            std::string frac = std::to_string(1000 + ms % 1000).substr(1);
            stamp = two(ms / 60000) + ":" + two(ms / 1000 % 60) + "." + frac;
        }
        out += t.speaker + (t.kind == SpeakerKind::Interviewer ? "[i]" : "[p]") + "@" + stamp +
               " \"" + (span ? std::string(*span) : std::string("<bad span>")) + "\"\n";
    }
    return out;
}

// The same for the reader's own turns.
std::string renderDetected(std::string_view text, const std::vector<DetectedTurn>& turns) {
    std::vector<Turn> stored;
    for (const DetectedTurn& t : turns) {
        Turn turn;
        turn.start = t.start;
        turn.end = t.end;
        turn.speaker = t.speaker;
        turn.kind = t.kind;
        turn.timestampMs = t.timestampMs;
        stored.push_back(turn);
    }
    return renderTurns(text, stored);
}

std::string withoutWhiteSpace(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n' && c != '\t')
            out += c;
    return out;
}

class SubtitlesTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = Store::create(m_dir / "p.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
    }

    struct Imported {
        std::string text;
        std::string turns;  // renderTurns
        std::string encoding;
        std::vector<std::string> participants;
    };
    // Imports `path` and reads back what the project holds.
    std::optional<Imported> import(const std::filesystem::path& path,
                                   const ImportOptions& options = {}) {
        auto report = importTranscript(*m_store, path, options);
        EXPECT_OK(report);
        if (!report.isOk())
            return std::nullopt;
        auto text = m_store->documentText(report->id);
        auto turns = m_store->turns(report->id);
        EXPECT_OK(text);
        EXPECT_OK(turns);
        if (!text.isOk() || !turns.isOk())
            return std::nullopt;
        return Imported{*text, renderTurns(*text, *turns), report->encoding, report->participants};
    }
    // Imports `bytes` saved as `name`, expecting a refusal; returns its message.
    std::string refusal(const std::string& name, std::string_view bytes) {
        writeFile(m_dir / name, bytes);
        auto report = importTranscript(*m_store, m_dir / name, {});
        EXPECT_FALSE(report.isOk());
        if (report.isOk())
            return "<imported>";
        EXPECT_EQ(report.status().code(), Status::Code::InvalidInput);
        return report.status().message();
    }
    std::size_t documentCount() {
        auto docs = m_store->documents();
        EXPECT_OK(docs);
        return docs.isOk() ? docs->size() : 0;
    }

    TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

// --- The fixtures: files as transcription tools write them -----------------

TEST_F(SubtitlesTest, ZoomTranscriptHasOneTurnPerSpeakerChangeWithCueTimes) {
    ImportOptions options;
    options.speakers.interviewerLabels.push_back("Chen Jing");
    auto doc = import(subtitlesDir() / "zoom.vtt", options);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->text,
              "[00:00:01] Chen Jing: Thanks for joining. Could you start with what you teach?\n"
              "\n"
              "[00:00:05] Wang Lei: Sure. I teach e-commerce operations at a vocational college "
              "in Hangzhou, mostly second-year students. Classes start at 10:30 and we run a real "
              "store on Taobao.\n"
              "\n"
              "[00:00:18] Chen Jing: What do the students find hardest?\n"
              "\n"
              "[00:00:21] Wang Lei: Reading the data. They can post, but an ad report scares "
              "them.\n"
              "\n"
              "[00:00:26] Chen Jing: Thank you.\n");
    EXPECT_EQ(
        doc->turns,
        "Chen Jing[i]@00:01.020 \"Thanks for joining. Could you start with what you teach?\"\n"
        "Wang Lei[p]@00:05.100 \"Sure. I teach e-commerce operations at a vocational "
        "college in Hangzhou, mostly second-year students. Classes start at 10:30 and we "
        "run a real store on Taobao.\"\n"
        "Chen Jing[i]@00:18.400 \"What do the students find hardest?\"\n"
        "Wang Lei[p]@00:21.700 \"Reading the data. They can post, but an ad report scares "
        "them.\"\n"
        "Chen Jing[i]@00:26.900 \"Thank you.\"\n");
    EXPECT_EQ(doc->encoding, "VTT (UTF-8)");
    EXPECT_EQ(doc->participants, std::vector<std::string>{"zoom"});
}

TEST_F(SubtitlesTest, VoiceTagsNameSpeakersAndMarkupIsRemoved) {
    auto doc = import(subtitlesDir() / "voices.vtt");
    ASSERT_TRUE(doc);
    // No header, NOTE or STYLE text, cue identifier, setting or tag; the
    // <rt> reading dropped; &nbsp; and &lrm; are U+00A0 and U+200E.
    EXPECT_EQ(doc->text,
              "[00:00:02] 访谈者：您好，请先介绍一下您的课程。\n"
              "\n"
              "[00:00:06] 赵敏：我教直播电商，也教 Excel 数据分析。学生说 “R&D”\u00a0太远了，"
              "觉得 <数据> 很难。\n"
              "\n"
              "[00:00:13] 访谈者：那课上怎么练习呢？\n"
              "\n"
              "[00:00:16] 赵敏：用真实的店铺，\u200e每周复盘一次。\n");
    EXPECT_EQ(doc->turns,
              "访谈者[i]@00:02.000 \"您好，请先介绍一下您的课程。\"\n"
              "赵敏[p]@00:06.000 \"我教直播电商，也教 Excel 数据分析。学生说 “R&D”\u00a0太远了，"
              "觉得 <数据> 很难。\"\n"
              "访谈者[i]@00:13.000 \"那课上怎么练习呢？\"\n"
              "赵敏[p]@00:16.500 \"用真实的店铺，\u200e每周复盘一次。\"\n");
}

TEST_F(SubtitlesTest, WhisperSrtWithoutSpeakersBecomesTimestampedParagraphs) {
    auto doc = import(subtitlesDir() / "whisper-zh.srt");
    ASSERT_TRUE(doc);
    // Paragraphs at pauses over 2 s (8.9 → 12.4 s, 41.0 → 45.0 s) and after
    // ten cues; no punctuation in the file, so cue breaks stay spaces.
    EXPECT_EQ(doc->text,
              "[00:00:00] 大家好 今天我们聊一聊直播电商 我在这个行业做了差不多五年 "
              "刚开始的时候什么都不懂\n"
              "\n"
              "[00:00:12] 后来学校让我去带学生的实训 学生最缺的其实是看数据的能力 他们会拍视频 "
              "但是看不懂投放报表 这个我们一直在想办法 比如每周做一次复盘 让他们自己讲数据 "
              "讲错了也没关系 慢慢就会了 现在效果还不错\n"
              "\n"
              "[00:00:38] 学生也更愿意来上课\n"
              "\n"
              "[00:00:45] 谢谢大家\n");
    EXPECT_EQ(doc->turns, "");
    EXPECT_EQ(doc->encoding, "SRT (UTF-8)");
}

const char* const kTranslationText =
    "[00:00:03] 采访者：你在公司负责什么工作？\n"
    "\n"
    "[00:00:07] 受访者：我负责跨境店铺的运营，主要做欧洲市场。我们团队一共六个人。\n"
    "\n"
    "[00:00:14] 采访者：招人难吗？\n"
    "\n"
    "[00:00:14] 受访者：很难，懂外语又懂数据的人太少了。\n"
    "\n"
    "[00:00:21] 采访者：谢谢你。\n";
const char* const kTranslationTurns =
    "采访者[i]@00:03.000 \"你在公司负责什么工作？\"\n"
    "受访者[p]@00:07.000 \"我负责跨境店铺的运营，主要做欧洲市场。我们团队一共六个人。\"\n"
    "采访者[i]@00:14.500 \"招人难吗？\"\n"
    "受访者[p]@00:14.500 \"很难，懂外语又懂数据的人太少了。\"\n"
    "采访者[i]@00:21.500 \"谢谢你。\"\n";

TEST_F(SubtitlesTest, TranslationWithChineseLabelsInUtf8AndGbk) {
    // translation.srt: CRLF, a byte-order mark, a cue without its number, a
    // '.' before the milliseconds, position hints, a cue with two speakers,
    // one speaker's answer running on in the next cues, {\an8}.
    auto utf8 = import(subtitlesDir() / "translation.srt");
    ASSERT_TRUE(utf8);
    EXPECT_EQ(utf8->text, kTranslationText);
    EXPECT_EQ(utf8->turns, kTranslationTurns);
    EXPECT_EQ(utf8->encoding, "SRT (UTF-8 with BOM)");
    EXPECT_EQ(utf8->participants, std::vector<std::string>{"translation"});

    auto gbk = import(subtitlesDir() / "translation-gbk.srt");
    ASSERT_TRUE(gbk);
    EXPECT_EQ(gbk->text, kTranslationText);
    EXPECT_EQ(gbk->turns, kTranslationTurns);
    EXPECT_EQ(gbk->encoding, "SRT (GB18030)");
}

TEST_F(SubtitlesTest, AnEncodingNamedOnImportIsHonoured) {
    ImportOptions options;
    options.encoding = "GBK";
    auto gbk = import(subtitlesDir() / "translation-gbk.srt", options);
    ASSERT_TRUE(gbk);
    EXPECT_EQ(gbk->text, kTranslationText);
    EXPECT_NE(gbk->encoding.find("GBK"), std::string::npos) << gbk->encoding;

    // A named encoding the file is not in: refused, not mojibake.
    options.encoding = "UTF-16LE";
    auto report = importTranscript(*m_store, subtitlesDir() / "translation.srt", options);
    ASSERT_FALSE(report.isOk());
    EXPECT_NE(report.status().message().find("translation.srt"), std::string::npos);
}

// --- Parsing details, cue by cue -------------------------------------------

struct ReadCase {
    const char* name;
    std::string input;
    std::string text;   // expected document text
    std::string turns;  // expected renderDetected
};

void expectRead(Reader read, const ReadCase& c, const ReadOptions& options = {}) {
    SCOPED_TRACE(std::string(c.name) + ": " + visible(c.input));
    auto r = read(c.input, c.name, options);
    ASSERT_OK(r);
    EXPECT_EQ(visible(r->text), visible(c.text));
    ASSERT_TRUE(r->turns.has_value());
    EXPECT_EQ(renderDetected(r->text, *r->turns), c.turns);
    EXPECT_TRUE(isNormalizedText(r->text));
}

TEST(SubtitleParsingTest, SrtToleratesWhatRealFilesDo) {
    // Each file starts differently and ends with the same two cues; all read
    // as the same four turns.
    const std::string ending =
        "\n3\n00:00:07,000 --> 00:00:08,000\nA: Bye.\n\n4\n00:00:09,000 --> 00:00:10,000\nB: "
        "Bye.\n";
    const std::string text =
        "[00:00:01] A: Hi there.\n\n[00:00:04] B: Hello.\n\n[00:00:07] A: Bye.\n\n"
        "[00:00:09] B: Bye.\n";
    const std::string turns =
        "A[p]@00:01.000 \"Hi there.\"\nB[p]@00:04.000 \"Hello.\"\n"
        "A[p]@00:07.000 \"Bye.\"\nB[p]@00:09.000 \"Bye.\"\n";
    const std::pair<const char*, std::string> starts[] = {
        {"plain",
         "1\n00:00:01,000 --> 00:00:03,000\nA: Hi there.\n\n2\n00:00:04,000 --> 00:00:05,000\n"
         "B: Hello.\n"},
        {"crlf and bom",
         "\xEF\xBB\xBF"
         "1\r\n00:00:01,000 --> 00:00:03,000\r\nA: Hi there.\r\n\r\n2\r\n00:00:04,000 --> "
         "00:00:05,000\r\nB: Hello.\r\n"},
        {"no numbers, extra blank lines",
         "\n\n00:00:01,000 --> 00:00:03,000\nA: Hi there.\n\n\n\n00:00:04,000 --> "
         "00:00:05,000\nB: Hello.\n\n\n"},
        {"dots, no hours, no milliseconds, position hints",
         "1\n00:01.000 --> 00:03.000 X1:40 X2:600 Y1:20 Y2:50\nA: Hi there.\n\n2\n00:00:04 --> "
         "00:00:05\nB: Hello.\n"},
        {"number without a blank line before it",
         "1\n00:00:01,000 --> 00:00:03,000\nA: Hi there.\n2\n00:00:04,000 --> 00:00:05,000\n"
         "B: Hello.\n"},
        {"formatting tags and a blank line inside a cue",
         "1\n00:00:01,000 --> 00:00:03,000\n<font color=\"#ffff00\">A: Hi</font>\n\n"
         "<i>there.</i>\n\n2\n00:00:04,000 --> 00:00:05,000\n{\\an8}B: <b>Hello.</b>\n"},
    };
    for (const auto& [name, start] : starts)
        expectRead(readSrt, ReadCase{name, start + ending, text, turns});

    expectRead(readSrt, {"hours past 99 and a cue that runs on in the next",
                         "1\n100:00:01,000 --> 100:00:02,000\nQ: Ready?\n\n2\n100:00:02,500 --> "
                         "100:00:03,000\nWell,\n\n3\n100:00:03,000 --> 100:00:04,000\nQ: Sure?\n",
                         "[100:00:01] Q: Ready? Well, Sure?\n",
                         "Q[i]@6000:01.000 \"Ready? Well, Sure?\"\n"});
}

TEST(SubtitleParsingTest, WebVttBlocksTagsAndVoices) {
    const ReadCase cases[] = {
        {"header text, NOTE, STYLE, REGION, identifiers and settings",
         "WEBVTT Interview 3\nKind: captions\n\nREGION\nid:fred width:40%\n\nSTYLE\n"
         "::cue { color: white }\n\nNOTE\nnot speech\n\nq1\n00:01.000 --> 00:03.000 "
         "align:start position:10%\n<v Interviewer>How long?</v>\n\nNOTE one line\n\n"
         "answer-1\n00:04.000 --> 00:06.000 size:50%\n<v.loud.slow Amy Xu>Two <i>years</i>.\n",
         "[00:00:01] Interviewer: How long?\n\n[00:00:04] Amy Xu: Two years.\n",
         "Interviewer[i]@00:01.000 \"How long?\"\nAmy Xu[p]@00:04.000 \"Two years.\"\n"},
        {"two voices in one cue, then a cue without a voice",
         "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Host>Ready?\n<v Bo>Yes &amp; no.\n\n"
         "00:00:03.000 --> 00:00:05.000\n&lt;laughs&gt; Mostly yes.\n",
         "[00:00:01] Host: Ready?\n\n[00:00:01] Bo: Yes & no. <laughs> Mostly yes.\n",
         "Host[i]@00:01.000 \"Ready?\"\nBo[p]@00:01.000 \"Yes & no. <laughs> Mostly yes.\"\n"},
        {"classes, lang, ruby, inner timestamps, numeric references",
         "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v 王老师><c.green>我们</c><00:00:02.000>"
         "<lang en>use</lang> <ruby>漢<rt>hàn</rt></ruby>&#23383; &#x4E00;下。\n",
         "[00:00:01] 王老师：我们use 漢字 一下。\n",
         "王老师[p]@00:01.000 \"我们use 漢字 一下。\"\n"},
        {"a '<' without '>' and a '&' that starts no reference are text",
         "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: 3 < 4 & more\n\n00:00:02.000 --> "
         "00:00:03.000\nA: AT&T <b>yes</b>\n",
         "[00:00:01] A: 3 < 4 & more AT&T yes\n", "A[p]@00:01.000 \"3 < 4 & more AT&T yes\"\n"},
    };
    for (const ReadCase& c : cases)
        expectRead(readVtt, c);
}

TEST(SubtitleParsingTest, CuesNamingNoSpeakerContinueTheTurnAndProseIsNotALabel) {
    const ReadCase cases[] = {
        {"a cue before the first speaker belongs to no turn",
         "1\n00:00:00,500 --> 00:00:02,000\nRecording starts.\n\n2\n00:00:03,000 --> "
         "00:00:05,000\nInterviewer: Tell me about it.\n\n3\n00:00:05,000 --> 00:00:07,000\n"
         "Zhao: We had no choice.\n\n4\n00:00:07,500 --> 00:00:09,000\nThe problem: nobody "
         "reads the reports.\n\n5\n00:00:09,000 --> 00:00:10,000\nZhao: That's all.\n",
         "[00:00:00] Recording starts.\n\n[00:00:03] Interviewer: Tell me about it.\n\n"
         "[00:00:05] Zhao: We had no choice. The problem: nobody reads the reports. That's all.\n",
         "Interviewer[i]@00:03.000 \"Tell me about it.\"\n"
         "Zhao[p]@00:05.000 \"We had no choice. The problem: nobody reads the reports. That's "
         "all.\"\n"},
        {"Chinese clauses and a one-off capitalised word are text",
         "1\n00:00:01,000 --> 00:00:02,000\n他说：我们没有办法\n\n2\n00:00:02,000 --> "
         "00:00:03,000\nSo: we went\n\n3\n00:00:03,000 --> 00:00:04,000\n比如：直播\n",
         "[00:00:01] 他说：我们没有办法 So: we went 比如：直播\n", ""},
        {"labels compared by foldKey, shown as most often written",
         "WEBVTT\n\n00:01.000 --> 00:02.000\nLI MING: One.\n\n00:02.000 --> 00:03.000\n"
         "Host: Two?\n\n00:03.000 --> 00:04.000\nLi Ming: Three.\n\n00:04.000 --> 00:05.000\n"
         "Li Ming： Four.\n",
         "[00:00:01] LI MING: One.\n\n[00:00:02] Host: Two?\n\n[00:00:03] Li Ming: Three. "
         "Four.\n",
         "Li Ming[p]@00:01.000 \"One.\"\nHost[i]@00:02.000 \"Two?\"\n"
         "Li Ming[p]@00:03.000 \"Three. Four.\"\n"},
        {"in a Zoom file, a name that speaks once is a speaker",
         "WEBVTT\n\n00:01.000 --> 00:02.000\nHost: Welcome.\n\n00:02.000 --> 00:03.000\n"
         "Amy: Thanks.\n\n00:03.000 --> 00:04.000\nBo: Sorry I'm late.\n\n00:04.000 --> "
         "00:05.000\nAmy: No problem.\n",
         "[00:00:01] Host: Welcome.\n\n[00:00:02] Amy: Thanks.\n\n[00:00:03] Bo: Sorry I'm "
         "late.\n\n[00:00:04] Amy: No problem.\n",
         "Host[i]@00:01.000 \"Welcome.\"\nAmy[p]@00:02.000 \"Thanks.\"\n"
         "Bo[p]@00:03.000 \"Sorry I'm late.\"\nAmy[p]@00:04.000 \"No problem.\"\n"},
    };
    for (const ReadCase& c : cases)
        expectRead(c.input.starts_with("WEBVTT") ? readVtt : readSrt, c);
}

// --- The same interview as .txt and .vtt -----------------------------------

TEST_F(SubtitlesTest, SameInterviewAsTextAndWebVttGivesTheSameTextAndTurns) {
    const auto dir = test::dataDir() / "formats" / "same-interview";
    auto txt = import(dir / "same-interview.txt");
    ASSERT_TRUE(txt);
    ImportOptions options;
    options.name = "same-interview (vtt)";
    auto vtt = import(dir / "same-interview.vtt", options);
    ASSERT_TRUE(vtt);
    EXPECT_EQ(withoutWhiteSpace(vtt->text), withoutWhiteSpace(txt->text));
    EXPECT_EQ(vtt->turns, txt->turns);
    EXPECT_EQ(std::count(vtt->turns.begin(), vtt->turns.end(), '\n'), 10);
    EXPECT_EQ(vtt->participants, txt->participants);
}

// --- Broken and hostile files ----------------------------------------------

TEST_F(SubtitlesTest, BrokenFilesAreRefusedNamingTheFileAndTheProblem) {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
    struct Case {
        std::string file;
        std::string bytes;
        std::string expected;
    } cases[] = {
        {"empty.srt", "", "the file is empty"},
        {"empty.vtt", "", "the file is empty"},
        {"image.srt", png, "binary file"},
        {"notes.srt", "These are my notes on the interview.\nNothing else.\n",
         "not an SRT file (no cue timing line such as '00:00:01,000 --> 00:00:04,000')"},
        {"absurd.srt",
         "1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n2\n99999:99:99,999 --> "
         "99999:99:99,999\nBroken.\n",
         "line 6: bad cue time '99999:99:99,999' (expected hh:mm:ss,mmm, minutes and seconds "
         "below 60, at most 999 hours)"},
        {"too-long.srt", "1\n1000:00:00,000 --> 1000:00:01,000\nA year later.\n",
         "line 2: bad cue time '1000:00:00,000'"},
        {"bad-end.vtt", "WEBVTT\n\n00:01.000 --> soon\nText.\n", "line 3: bad cue time 'soon'"},
        {"only-times.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n",
         "has no subtitle text (2 cues, none with text)"},
        {"no-header.vtt", "00:01.000 --> 00:02.000\n<v Amy>Hi.\n",
         "not a WebVTT file (no WEBVTT header)"},
        {"srt-as.vtt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n",
         "not a WebVTT file (no WEBVTT header)"},
        {"header-only.vtt", "WEBVTT\n\nNOTE nothing yet\n", "has no cues"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file + ": " + visible(c.bytes));
        std::string message = refusal(c.file, c.bytes);
        EXPECT_EQ(message.rfind((m_dir / c.file).string() + ": ", 0), 0u) << message;
        EXPECT_NE(message.find(c.expected), std::string::npos) << message;
    }
    EXPECT_EQ(documentCount(), 0u);
}

TEST_F(SubtitlesTest, OversizedFilesAreRefusedWithTheLimitNamed) {
    std::string big(33u << 20, 'a');
    std::string message = refusal("big.srt", big);
    EXPECT_NE(message.find("big.srt: too large for a subtitle file (33 MiB; the limit is 32 MiB)"),
              std::string::npos)
        << message;

    std::string many = "WEBVTT\n\n";
    for (int n = 0; n <= 500000; ++n)
        many += "0:00.000 --> 0:01.000\nx\n\n";
    message = refusal("many.vtt", many);
    EXPECT_NE(message.find("many.vtt: line 1500003: more than 500000 cues, the limit for a "
                           "subtitle file"),
              std::string::npos)
        << message;
    EXPECT_EQ(documentCount(), 0u);
}

TEST_F(SubtitlesTest, OutOfOrderAndOverlappingCuesKeepTheFileOrder) {
    writeFile(m_dir / "T04.srt",
              "1\n00:00:10,000 --> 00:00:14,000\nQ: Second question?\n\n"
              "2\n00:00:02,000 --> 00:00:12,000\nT04: An answer that overlaps.\n\n"
              "3\n00:00:01,000 --> 00:00:03,000\nQ: First?\n\n"
              "4\n00:00:01,000 --> 00:00:03,000\nT04: Same time.\n\n"
              "5\n00:00:05,000 --> 00:00:04,000\nEnds before it starts.\n");
    auto doc = import(m_dir / "T04.srt");
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->text,
              "[00:00:10] Q: Second question?\n\n[00:00:02] T04: An answer that overlaps.\n\n"
              "[00:00:01] Q: First?\n\n[00:00:01] T04: Same time. Ends before it starts.\n");
    EXPECT_EQ(doc->turns,
              "Q[i]@00:10.000 \"Second question?\"\nT04[p]@00:02.000 \"An answer that "
              "overlaps.\"\nQ[i]@00:01.000 \"First?\"\nT04[p]@00:01.000 \"Same time. Ends "
              "before it starts.\"\n");
}

TEST_F(SubtitlesTest, ACueWithoutTextLeavesNothingBehind) {
    writeFile(m_dir / "T05.vtt",
              "WEBVTT\n\n1\n00:01.000 --> 00:02.000\nHost: Hello?\n\n2\n00:02.000 --> 00:03.000\n"
              "\n3\n00:03.000 --> 00:04.000\n<i> </i>\n\n4\n00:05.000 --> 00:06.000\n"
              "Host: Anyone there?\n");
    auto doc = import(m_dir / "T05.vtt");
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->text, "[00:00:01] Host: Hello? Anyone there?\n");
    EXPECT_EQ(doc->turns, "Host[i]@00:01.000 \"Hello? Anyone there?\"\n");
}

TEST_F(SubtitlesTest, AHundredThousandCuesImportInBoundedTime) {
    std::string srt;
    srt.reserve(100000 * 70);
    for (int n = 0; n < 100000; ++n) {
        std::int64_t ms = std::int64_t{n} * 1500;
        auto stamp = [](std::int64_t t) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld,%03lld",
                          static_cast<long long>(t / 3600000),
                          static_cast<long long>(t / 60000 % 60),
                          static_cast<long long>(t / 1000 % 60), static_cast<long long>(t % 1000));
            return std::string(buf);
        };
        srt += std::to_string(n + 1) + "\n" + stamp(ms) + " --> " + stamp(ms + 1400) + "\n" +
               (n % 7 == 0 ? (n % 2 ? "Interviewer: " : "Amy: ") : "") + "Cue number " +
               std::to_string(n) + " says something.\n\n";
    }
    writeFile(m_dir / "long.srt", srt);
    auto begin = std::chrono::steady_clock::now();
    auto report = importTranscript(*m_store, m_dir / "long.srt", {});
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    ASSERT_OK(report);
    EXPECT_EQ(report->turns, 100000u / 7 + 1);
    EXPECT_LT(seconds, kTimeLimit);
}

TEST_F(SubtitlesTest, MarkupThatNeverClosesTakesLinearTime) {
    // Long lines of '<', '&' and "{\\" that never close: each is text, found
    // without searching the rest of the line again.
    const std::string junk = std::string(300000, '<') + std::string(300000, '&') + [] {
        std::string s;
        for (int i = 0; i < 150000; ++i)
            s += "{\\";
        return s;
    }();
    writeFile(m_dir / "junk.srt", "1\n00:00:01,000 --> 00:00:02,000\nA: " + junk + "\n");
    writeFile(m_dir / "junk2.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: " + junk + "\n");
    for (const char* name : {"junk.srt", "junk2.vtt"}) {
        SCOPED_TRACE(name);
        auto begin = std::chrono::steady_clock::now();
        auto doc = import(m_dir / name);
        auto seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        ASSERT_TRUE(doc);
        EXPECT_EQ(doc->text.size(), std::string("[00:00:01] A: ").size() + junk.size() + 1);
        EXPECT_LT(seconds, kTimeLimit);
    }
}

}  // namespace
}  // namespace margin::corpus
