// margin-bench-table: the coding-analysis benchmark, in one run.
//
//   margin-bench-table PROJECT_DIR [--documents 10000] [--codings 1000000] [--seed 1]
//                      [--reps 5] [--naive-reps 5] [--code-reps 11] [--margin PATH]
//                      [--no-naive] [--no-cli] [--regenerate]
//
// The target (the issue): on a project of 10,000 documents and 1,000,000
// codings over 200 codes, `margin table --by role --measure
// segments,participants,percent` takes under 0.5 s and is at least 20x
// faster than the naive approach measured in the same run (one SQL query per
// cell, as QualCoder does); applying one coding from the command line, index
// update included, takes under 50 ms.
//
// 1. The project (PROJECT_DIR/bench.margin and its index), made through
//    Margin's own API unless PROJECT_DIR/.stamp records the same generator
//    version, seed and sizes (then it is reused, after checking its coding
//    count; a stale index is rebuilt):
//    * app::Project::create;
//    * --documents interviews through corpus::Store::addDocument, one
//      participant each ("P00001"...), 10-20 turns alternating the
//      interviewer "I" and the participant, about 1-2 KB of text: English
//      drawn from a Zipf distribution over a few hundred words, 15% of the
//      documents in Chinese and 10% of the English answers ending with a
//      Chinese sentence (so code points and bytes differ);
//    * the participants sheet through Store::importParticipants: role
//      (category: teacher 25%, student 60%, enterprise 15%) and year
//      (number);
//    * 200 codes through Codebook::importCodebook: 10 parents of 19
//      children each;
//    * --codings codings through Codebook::addCodings in batches of 100,000
//      (one transaction and one undoable operation each), coder "bench",
//      50-150% of the mean per document: 80% inside a participant turn, 12%
//      inside an interviewer turn, 8% spanning two or three turns; codes
//      drawn 90% from the children (Zipf over a fixed shuffle), 10% from the
//      parents; no two codings identical;
//    * app::Project::rebuildIndex once, so that the index is fresh.
//    Deterministic (bench/rng.h): the same arguments give the same project
//    (but for the guids and times that Margin itself makes).
// 2. Margin in-process: codebook::groupTable(store, codebook, "role",
//    {Segments, Participants, Percent}, Scope{}), one untimed warm-up, then
//    --reps timed runs. Then, on their own, the two SQL scans that groupTable
//    makes (codings by document and start; turns by document and start), to
//    show how much of its time is SQLite reading. Peak RSS: a child process
//    (this program with --table-once) opens the project and computes the
//    table once, and reports its RSS before groupTable and its peak (VmHWM);
//    this process's own getrusage peak is printed too.
// 3. Margin's command: `margin -p P table --by role --measure
//    segments,participants,percent --format csv` as a child process, stdout
//    read through a pipe, one untimed warm-up, --reps timed runs; its CSV is
//    compared row by row with the in-process table. Skipped with a message
//    when the command fails. The binary is --margin, by default app/margin
//    beside this program's bench/ folder.
// 4. Naive: a separate read-only SQLite connection (sqlite3 C API, default
//    settings). For each row (each code, and "(any code)") and each column
//    (each role, and the total) one query per measure:
//      segments      count(DISTINCT coding) of the row's codings that overlap
//                    a participant turn of a participant of the column
//      participants  count(DISTINCT participant) of those turns
//      percent       the same count / the column's speaking participants
//                    (participants with a participant turn; one query per
//                    column, made once, bound into each percent query)
//    Statements are prepared once and re-bound per cell. Every cell is
//    compared with Margin's table; the run reports the mismatches.
// 5. `margin -p P code DOC --start S --end E --code PATH`, --code-reps times
//    with different spans, each a child process; whether the index is fresh
//    afterwards is checked; then the same number of `margin -p P undo`
//    (untimed; if that command fails, Codebook::undo in-process and an index
//    rebuild), so that reruns start from the same project. The process start
//    alone, `margin --version`, is timed the same way for comparison.
//
// Prints the figures as they come, a summary with PASS/FAIL against the
// targets, and the same as Markdown for bench/RESULTS.md.
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "app/project.h"
#include "bench/rng.h"
#include "codebook/aggregate.h"
#include "codebook/codebook.h"
#include "corpus/offsets.h"
#include "corpus/sha256.h"
#include "corpus/store.h"
#include "corpus/text.h"
#include "indexer/index.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using margin::bench::Rng;
using margin::bench::Zipf;
using Clock = std::chrono::steady_clock;
namespace corpus = margin::corpus;
namespace codebook = margin::codebook;
using margin::app::Project;
using margin::indexer::Index;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}
double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Targets (the issue).
constexpr double kTargetTableMs = 500.0;
constexpr double kTargetRatio = 20.0;
constexpr double kTargetCodeMs = 50.0;

// Bump whenever the project made for a given seed and sizes changes.
constexpr int kGeneratorVersion = 1;
constexpr int kParents = 10;
constexpr int kChildren = 19;
constexpr std::size_t kBatch = 100000;
const char* const kCoder = "bench";
const char* const kAttribute = "role";
const std::vector<codebook::Measure> kMeasures = {
    codebook::Measure::Segments, codebook::Measure::Participants, codebook::Measure::Percent};

struct Options {
    fs::path dir;
    std::int64_t documents = 10000;
    std::int64_t codings = 1000000;
    std::uint64_t seed = 1;
    int reps = 5;
    int naiveReps = -1;  // -1: as --reps
    int codeReps = 11;
    fs::path margin;
    bool naive = true;
    bool cli = true;
    bool regenerate = false;
};

fs::path projectFile(const fs::path& dir) {
    return dir / "bench.margin";
}

std::string stampFor(const Options& o) {
    return "generator " + std::to_string(kGeneratorVersion) + " seed " + std::to_string(o.seed) +
           " documents " + std::to_string(o.documents) + " codings " + std::to_string(o.codings) +
           " codes " + std::to_string(kParents * (kChildren + 1));
}

struct Stats {
    double median = 0, min = 0, max = 0;
    int n = 0;
};
Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    s.n = static_cast<int>(v.size());
    s.min = v.front();
    s.max = v.back();
    s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    return s;
}

std::string ms(double v) {
    char buf[64];
    if (v >= 10000)
        std::snprintf(buf, sizeof buf, "%.1f s", v / 1000);
    else if (v >= 100)
        std::snprintf(buf, sizeof buf, "%.0f ms", v);
    else if (v >= 10)
        std::snprintf(buf, sizeof buf, "%.1f ms", v);
    else
        std::snprintf(buf, sizeof buf, "%.2f ms", v);
    return buf;
}

const char* verdict(bool ok) {
    return ok ? "PASS" : "FAIL";
}

// Text ----------------------------------------------------------------------

std::vector<std::string> splitWords(std::string_view list) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < list.size()) {
        std::size_t end = list.find(' ', pos);
        if (end == std::string_view::npos)
            end = list.size();
        if (end > pos)
            out.emplace_back(list.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

// Roughly most frequent first (Zipf ranks follow this order).
constexpr const char* kEnglish =
    "the and to of a I that in it we you is was they for so but have be with on not this what "
    "are at do like as or if there my were just all about would can one more because had them "
    "their our some other when how then very really think know people students school teachers "
    "work time also get got make made go going want need see say said well now only even still "
    "right good new different important thing things lot kind way much many year years course "
    "courses teaching learning class company companies job jobs training skills practice "
    "internship university college program project projects team manager data analysis online "
    "market business experience first last next could should been being which who where why "
    "maybe probably actually usually sometimes often always never again already students "
    "teacher student parents family city office meeting plan money salary customers product "
    "platform store orders sales marketing content video social media live stream english "
    "language write reading question answer problem reason example idea industry local "
    "practical professional personal special basic better enough quite especially exam grade "
    "degree graduate employer employee hire interview position role task report system tool "
    "software design develop change result support help learn teach understand feel try";

constexpr const char* kChinese =
    "的 了 是 在 我 就 也 都 不 很 和 说 要 会 去 来 到 看 做 想 能 对 这 那 个 还 把 给 让 从 "
    "我们 你们 他们 学生 老师 学校 企业 公司 工作 实习 课程 教学 实践 培训 能力 数据 分析 平台 "
    "运营 客服 招聘 毕业 专业 市场 产品 问题 时候 现在 以前 以后 觉得 认为 知道 希望 需要 可以 "
    "应该 已经 还是 但是 因为 所以 如果 然后 其实 比较 非常 特别 一些 一个 这个 那个 什么 怎么 "
    "自己 大家 事情 方面 情况 时间 经验 机会 发展 管理 团队 项目 合作 岗位 要求 技能 英语 电商 "
    "跨境 外贸 直播 短视频 客户 订单 销售 推广 同学 考试 成绩 老板 领导 同事 行业 社会 家长";

struct Vocabulary {
    std::vector<std::string> english, chinese;
    Zipf englishZipf, chineseZipf;
    Vocabulary()
        : english(splitWords(kEnglish)),
          chinese(splitWords(kChinese)),
          englishZipf(english.size()),
          chineseZipf(chinese.size()) {}
};

std::string englishSentence(Rng& rng, const Vocabulary& v, int words, bool question) {
    std::string s;
    for (int i = 0; i < words; ++i) {
        if (i)
            s += rng.chance(60000) ? ", " : " ";
        s += v.english[v.englishZipf.sample(rng)];
    }
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
    s += question ? "?" : ".";
    return s;
}

std::string chineseSentence(Rng& rng, const Vocabulary& v, int words, bool question) {
    std::string s;
    for (int i = 0; i < words; ++i) {
        if (i && rng.chance(100000))
            s += "，";
        s += v.chinese[v.chineseZipf.sample(rng)];
    }
    s += question ? "？" : "。";
    return s;
}

std::string turnText(Rng& rng, const Vocabulary& v, bool chinese, bool interviewer) {
    std::string text;
    if (interviewer) {
        int words = static_cast<int>(rng.between(chinese ? 5 : 6, chinese ? 12 : 18));
        return chinese ? chineseSentence(rng, v, words, true)
                       : englishSentence(rng, v, words, true);
    }
    int target = static_cast<int>(rng.between(chinese ? 10 : 12, chinese ? 30 : 40));
    int written = 0;
    while (written < target) {
        int words = std::min(static_cast<int>(rng.between(5, 16)), target - written);
        words = std::max(words, 3);
        if (!text.empty())
            text += chinese ? "" : " ";
        text +=
            chinese ? chineseSentence(rng, v, words, false) : englishSentence(rng, v, words, false);
        written += words;
    }
    if (!chinese && rng.chance(100000))
        text += " " + chineseSentence(rng, v, static_cast<int>(rng.between(4, 10)), false);
    return text;
}

// Generation ----------------------------------------------------------------

struct TurnSpan {
    corpus::CharPos start = 0, end = 0;
    bool interviewer = false;
};
struct Planned {
    corpus::DocumentId id = 0;
    corpus::CharPos length = 0;
    std::vector<TurnSpan> turns;
};

std::string participantName(std::int64_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "P%05lld", static_cast<long long>(i));
    return buf;
}
std::string documentName(std::int64_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "interview-%05lld", static_cast<long long>(i));
    return buf;
}

corpus::NewDocument makeDocument(Rng& rng, const Vocabulary& v, std::int64_t i,
                                 std::vector<TurnSpan>& spans) {
    corpus::NewDocument doc;
    doc.name = documentName(i);
    const std::string who = participantName(i);
    const bool chinese = rng.chance(150000);
    std::string text = "Interview " + who + " (bench)\n\n";
    corpus::CharPos pos = corpus::codePointCount(text);
    auto append = [&](const std::string& s) {
        text += s;
        pos += corpus::codePointCount(s);
    };
    const int turns = static_cast<int>(rng.between(10, 20));
    for (int k = 0; k < turns; ++k) {
        const bool interviewer = k % 2 == 0;
        const std::string label = interviewer ? "I" : who;
        append(label + ": ");
        corpus::NewTurn t;
        t.start = pos;
        append(turnText(rng, v, chinese, interviewer));
        t.end = pos;
        t.speaker = label;
        t.kind = interviewer ? corpus::SpeakerKind::Interviewer : corpus::SpeakerKind::Participant;
        if (!interviewer)
            t.participant = who;
        spans.push_back({t.start, t.end, interviewer});
        doc.turns.push_back(std::move(t));
        append("\n\n");
    }
    doc.text = std::move(text);
    doc.sourceName = doc.name + ".txt";
    doc.sourceFormat = "txt";
    doc.sourceEncoding = "UTF-8";
    doc.sha256 = corpus::sha256Hex(doc.text);
    doc.participants = {who};
    return doc;
}

// The number of codings of each document: 50-150% of the mean, summing to
// `total` exactly.
std::vector<std::int64_t> codingCounts(Rng& rng, std::int64_t documents, std::int64_t total) {
    std::vector<std::int64_t> counts(static_cast<std::size_t>(documents));
    const std::int64_t mean = std::max<std::int64_t>(1, total / documents);
    std::int64_t sum = 0;
    for (auto& c : counts) {
        c = static_cast<std::int64_t>(rng.between(static_cast<std::uint64_t>(mean / 2),
                                                  static_cast<std::uint64_t>(mean * 3 / 2)));
        sum += c;
    }
    while (sum < total) {
        ++counts[rng.below(counts.size())];
        ++sum;
    }
    while (sum > total) {
        auto& c = counts[rng.below(counts.size())];
        if (c > 0) {
            --c;
            --sum;
        }
    }
    return counts;
}

// A span inside [start, end) of 5-300 code points (shorter when the turn is).
std::pair<corpus::CharPos, corpus::CharPos> spanIn(Rng& rng, corpus::CharPos start,
                                                   corpus::CharPos end) {
    const auto length = static_cast<std::uint64_t>(end - start);
    const std::uint64_t lo = std::min<std::uint64_t>(5, length);
    const std::uint64_t hi = std::min<std::uint64_t>(300, length);
    const auto n = static_cast<corpus::CharPos>(rng.between(lo, hi));
    const auto a = start + static_cast<corpus::CharPos>(rng.below(length - n + 1));
    return {a, a + n};
}

void fail(const std::string& what, const margin::Status& s) {
    std::fprintf(stderr, "margin-bench-table: %s: %s\n", what.c_str(), s.message().c_str());
    std::exit(1);
}

bool generate(const Options& o) {
    const fs::path file = projectFile(o.dir);
    std::error_code ec;
    fs::remove_all(o.dir, ec);
    fs::create_directories(o.dir, ec);
    if (ec) {
        std::fprintf(stderr, "margin-bench-table: cannot create %s: %s\n", o.dir.c_str(),
                     ec.message().c_str());
        return false;
    }
    std::printf("generating %s (%s)\n", file.c_str(), stampFor(o).c_str());
    std::fflush(stdout);
    const auto t0 = Clock::now();
    auto created = Project::create(file);
    if (!created.isOk())
        fail("create " + file.string(), created.status());
    auto project = std::move(created).value();
    corpus::Store& store = project->store();

    // Separate streams, so that one part does not change with another's size.
    Rng textRng(o.seed * 8 + 0), roleRng(o.seed * 8 + 1), codeRng(o.seed * 8 + 2),
        countRng(o.seed * 8 + 3), codingRng(o.seed * 8 + 4);
    const Vocabulary vocabulary;

    // Documents.
    auto t1 = Clock::now();
    std::vector<Planned> planned;
    planned.reserve(static_cast<std::size_t>(o.documents));
    std::uint64_t bytes = 0;
    std::int64_t chars = 0;
    for (std::int64_t i = 1; i <= o.documents; ++i) {
        Planned p;
        corpus::NewDocument doc = makeDocument(textRng, vocabulary, i, p.turns);
        if (!corpus::isNormalizedText(doc.text)) {
            std::fprintf(stderr, "margin-bench-table: generated text is not normalised\n");
            return false;
        }
        p.length = corpus::codePointCount(doc.text);
        bytes += doc.text.size();
        chars += p.length;
        auto id = store.addDocument(doc);
        if (!id.isOk())
            fail("add document " + doc.name, id.status());
        p.id = *id;
        planned.push_back(std::move(p));
        if (i % 1000 == 0) {
            std::fprintf(stderr, "  %lld/%lld documents\n", static_cast<long long>(i),
                         static_cast<long long>(o.documents));
        }
    }
    const double documentSeconds = secondsSince(t1);
    std::printf("  documents: %lld, %.1f MB, %lld code points, mean %.0f bytes (%.1f s)\n",
                static_cast<long long>(o.documents), static_cast<double>(bytes) / 1e6,
                static_cast<long long>(chars),
                static_cast<double>(bytes) / static_cast<double>(o.documents), documentSeconds);

    // Participants.
    t1 = Clock::now();
    corpus::ParticipantTable sheet;
    sheet.source = "bench participants";
    sheet.columns = {{"role", corpus::AttributeType::Category, true},
                     {"year", corpus::AttributeType::Number, true}};
    std::map<std::string, int> roleCounts;
    for (std::int64_t i = 1; i <= o.documents; ++i) {
        const std::uint64_t r = roleRng.below(100);
        const std::string role = r < 25 ? "teacher" : r < 85 ? "student" : "enterprise";
        ++roleCounts[role];
        corpus::ParticipantTable::Row row;
        row.line = static_cast<int>(i + 1);
        row.participant = participantName(i);
        row.values = {role, std::to_string(2023 + roleRng.below(2))};
        sheet.rows.push_back(std::move(row));
    }
    auto imported = store.importParticipants(sheet);
    if (!imported.isOk())
        fail("import participants", imported.status());
    std::printf("  participants: teacher %d, student %d, enterprise %d (%.1f s)\n",
                roleCounts["teacher"], roleCounts["student"], roleCounts["enterprise"],
                secondsSince(t1));

    // Codes.
    t1 = Clock::now();
    codebook::Codebook book(store);
    static const char* const kThemes[] = {
        "Curriculum", "Teaching practice", "Employment", "Faculty",  "Industry links",
        "Skills",     "Assessment",        "Resources",  "校企合作", "Student life"};
    static_assert(std::size(kThemes) == kParents);
    std::vector<codebook::CodebookRow> rows;
    int line = 1;
    for (int p = 0; p < kParents; ++p) {
        codebook::CodebookRow parent;
        parent.line = ++line;
        parent.path = kThemes[p];
        parent.fields.definition = std::string("Theme ") + std::to_string(p + 1);
        rows.push_back(parent);
        for (int c = 1; c <= kChildren; ++c) {
            char name[64];
            std::snprintf(name, sizeof name, "Aspect %02d", c);
            codebook::CodebookRow child;
            child.line = ++line;
            child.path = std::string(kThemes[p]) + "/" + name;
            rows.push_back(child);
        }
    }
    auto codebookReport = book.importCodebook(rows);
    if (!codebookReport.isOk())
        fail("import codebook", codebookReport.status());
    auto codes = book.codes();
    if (!codes.isOk())
        fail("codes", codes.status());
    std::vector<codebook::CodeId> parents, children;
    for (const auto& c : *codes)
        (c.depth == 0 ? parents : children).push_back(c.id);
    // A fixed shuffle of the children, so that the frequent codes are spread
    // over the themes.
    for (std::size_t i = children.size(); i > 1; --i)
        std::swap(children[i - 1], children[codeRng.below(i)]);
    std::printf("  codes: %zu (%zu parents, %zu children) (%.1f s)\n", codes->size(),
                parents.size(), children.size(), secondsSince(t1));

    // Codings.
    t1 = Clock::now();
    const Zipf childZipf(children.size());
    const std::vector<std::int64_t> counts = codingCounts(countRng, o.documents, o.codings);
    std::vector<codebook::NewCoding> batch;
    batch.reserve(kBatch);
    std::int64_t added = 0, inParticipant = 0, inInterviewer = 0, spanning = 0;
    int batches = 0;
    auto flush = [&] {
        if (batch.empty())
            return;
        ++batches;
        auto change = book.addCodings(batch, "bench codings, batch " + std::to_string(batches));
        if (!change.isOk())
            fail("add codings", change.status());
        if (change->skipped != 0) {
            std::fprintf(stderr, "margin-bench-table: %d codings were duplicates\n",
                         change->skipped);
            std::exit(1);
        }
        added += static_cast<std::int64_t>(batch.size());
        std::fprintf(stderr, "  %lld/%lld codings\n", static_cast<long long>(added),
                     static_cast<long long>(o.codings));
        batch.clear();
    };
    for (std::size_t d = 0; d < planned.size(); ++d) {
        const Planned& p = planned[d];
        std::vector<std::size_t> participantTurns, interviewerTurns;
        for (std::size_t k = 0; k < p.turns.size(); ++k)
            (p.turns[k].interviewer ? interviewerTurns : participantTurns).push_back(k);
        std::set<std::tuple<codebook::CodeId, corpus::CharPos, corpus::CharPos>> made;
        for (std::int64_t n = 0; n < counts[d];) {
            const codebook::CodeId code = codingRng.chance(100000)
                                              ? parents[codingRng.below(parents.size())]
                                              : children[childZipf.sample(codingRng)];
            const std::uint64_t kind = codingRng.below(100);
            std::pair<corpus::CharPos, corpus::CharPos> span;
            if (kind < 80) {
                const TurnSpan& t =
                    p.turns[participantTurns[codingRng.below(participantTurns.size())]];
                span = spanIn(codingRng, t.start, t.end);
            } else if (kind < 92) {
                const TurnSpan& t =
                    p.turns[interviewerTurns[codingRng.below(interviewerTurns.size())]];
                span = spanIn(codingRng, t.start, t.end);
            } else {
                // From inside one turn to inside one of the next two.
                const std::size_t first = codingRng.below(p.turns.size() - 1);
                const std::size_t last =
                    std::min(p.turns.size() - 1, first + 1 + codingRng.below(2));
                span.first = spanIn(codingRng, p.turns[first].start, p.turns[first].end).first;
                span.second = spanIn(codingRng, p.turns[last].start, p.turns[last].end).second;
            }
            if (!made.insert({code, span.first, span.second}).second)
                continue;  // the same coding twice: draw again
            ++n;
            ++(kind < 80 ? inParticipant : kind < 92 ? inInterviewer : spanning);
            batch.push_back({code, p.id, span.first, span.second, kCoder, {}});
            if (batch.size() == kBatch)
                flush();
        }
    }
    flush();
    std::printf(
        "  codings: %lld in %d batches: %lld inside participant turns, %lld inside interviewer "
        "turns, %lld across turns (%.1f s)\n",
        static_cast<long long>(added), batches, static_cast<long long>(inParticipant),
        static_cast<long long>(inInterviewer), static_cast<long long>(spanning), secondsSince(t1));

    t1 = Clock::now();
    auto passages = project->rebuildIndex();
    if (!passages.isOk())
        fail("rebuild the index", passages.status());
    std::printf("  index: %lld passages (%.1f s)\n", static_cast<long long>(*passages),
                secondsSince(t1));
    std::printf("generation took %.1f s\n", secondsSince(t0));
    std::ofstream(o.dir / ".stamp") << stampFor(o) << "\n";
    return true;
}

// Processes -----------------------------------------------------------------

struct ProcessRun {
    int status = -1;  // exit status; -1 when it could not run or was killed
    double ms = 0;
    std::string out;
    std::string err;
};

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return std::move(s).str();
}

// Runs a program with stdout read through a pipe and stderr to a file in
// `scratch`; the wall time covers spawn to exit.
ProcessRun runProcess(const std::vector<std::string>& args, const fs::path& scratch) {
    ProcessRun run;
    const fs::path errFile = scratch / ".stderr";
    int fds[2];
    if (pipe(fds) != 0)
        return run;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    posix_spawn_file_actions_addopen(&actions, 2, errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const auto t0 = Clock::now();
    int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        run.err = std::string("cannot run ") + args[0] + ": " + std::strerror(rc);
        return run;
    }
    char buf[65536];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0)
            break;
        run.out.append(buf, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    bool waited = waitpid(pid, &status, 0) >= 0;
    run.ms = msSince(t0);
    run.err = readAll(errFile);
    if (waited && WIFEXITED(status))
        run.status = WEXITSTATUS(status);
    return run;
}

std::string firstLine(const std::string& s) {
    std::string line = s.substr(0, s.find('\n'));
    return line.empty() ? "(no message)" : line;
}

std::string commandLine(const std::vector<std::string>& args) {
    std::string s;
    for (const auto& a : args) {
        if (!s.empty())
            s += ' ';
        s += a.find(' ') == std::string::npos ? a : "'" + a + "'";
    }
    return s;
}

// SQLite (the naive side and the scans) --------------------------------------

class Db {
public:
    explicit Db(const fs::path& path) {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            std::fprintf(stderr, "margin-bench-table: cannot open %s: %s\n", path.c_str(),
                         sqlite3_errmsg(m_db));
            std::exit(1);
        }
    }
    ~Db() { sqlite3_close(m_db); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    sqlite3* get() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
};

class Stmt {
public:
    Stmt(sqlite3* db, const std::string& sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) {
            std::fprintf(stderr, "margin-bench-table: %s\n  in %s\n", sqlite3_errmsg(db),
                         sql.c_str());
            std::exit(1);
        }
    }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& reset() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Stmt& bind(int i, double v) {
        sqlite3_bind_double(m_stmt, i, v);
        return *this;
    }
    Stmt& bind(int i, const std::string& v) {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    bool step() {
        int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE) {
            std::fprintf(stderr, "margin-bench-table: %s\n", sqlite3_errmsg(m_db));
            std::exit(1);
        }
        return false;
    }
    std::int64_t integer(int c) const { return sqlite3_column_int64(m_stmt, c); }
    double real(int c) const { return sqlite3_column_double(m_stmt, c); }
    std::string text(int c) const {
        const auto* p = sqlite3_column_text(m_stmt, c);
        return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
    }
    // The first column of the first row.
    double scalar() {
        double v = step() ? real(0) : 0;
        sqlite3_reset(m_stmt);
        return v;
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

std::int64_t count(sqlite3* db, const std::string& sql) {
    Stmt q(db, sql);
    return q.step() ? q.integer(0) : 0;
}

// The naive table: cells[row code][column][measure]; row code 0 is "(any
// code)", column "" the total.
using Cells = std::map<std::int64_t, std::map<std::string, std::vector<double>>>;

struct NaiveRun {
    Cells cells;
    int queries = 0;
    double anyCodeMs = 0;  // of which the "(any code)" row
};

// The query of one cell of one measure. `value` is the measure over the
// coding-turn pairs: count(DISTINCT c.id) or count(DISTINCT t.participant_id).
std::string naiveSql(const std::string& value, bool byCode, bool byGroup, bool divide) {
    std::string sql = "SELECT " + value + (divide ? " * 1.0 / ?4" : "") +
                      " FROM codings c JOIN turns t ON t.document_id = c.document_id "
                      "AND t.start < c.\"end\" AND t.\"end\" > c.start ";
    if (byGroup)
        sql +=
            "JOIN attribute_values v ON v.participant_id = t.participant_id "
            "AND v.attribute_id = ?2 ";
    sql += "WHERE t.kind = 'participant' AND t.participant_id IS NOT NULL";
    if (byCode)
        sql += " AND c.code_id = ?1";
    if (byGroup)
        sql += " AND v.value = ?3";
    return sql;
}

NaiveRun runNaive(sqlite3* db, std::int64_t attributeId, const std::vector<std::string>& groups,
                  const std::vector<std::int64_t>& codes) {
    NaiveRun run;
    // Each column's speaking participants, once per column.
    std::map<std::string, double> speakers;
    {
        Stmt q(db,
               "SELECT count(DISTINCT t.participant_id) FROM turns t JOIN attribute_values v "
               "ON v.participant_id = t.participant_id AND v.attribute_id = ?1 "
               "WHERE t.kind = 'participant' AND v.value = ?2");
        for (const auto& g : groups) {
            q.reset().bind(1, attributeId).bind(2, g);
            speakers[g] = q.scalar();
            ++run.queries;
        }
        Stmt total(db,
                   "SELECT count(DISTINCT participant_id) FROM turns "
                   "WHERE kind = 'participant' AND participant_id IS NOT NULL");
        speakers[""] = total.scalar();
        ++run.queries;
    }
    const std::string segments = "count(DISTINCT c.id)";
    const std::string people = "count(DISTINCT t.participant_id)";
    // [byCode][byGroup] x measure
    struct Set {
        std::unique_ptr<Stmt> segments, people, percent;
    };
    Set sets[2][2];
    for (int byCode = 0; byCode < 2; ++byCode)
        for (int byGroup = 0; byGroup < 2; ++byGroup) {
            Set& s = sets[byCode][byGroup];
            s.segments = std::make_unique<Stmt>(db, naiveSql(segments, byCode, byGroup, false));
            s.people = std::make_unique<Stmt>(db, naiveSql(people, byCode, byGroup, false));
            s.percent = std::make_unique<Stmt>(db, naiveSql(people, byCode, byGroup, true));
        }
    std::vector<std::int64_t> rows = codes;
    rows.push_back(0);
    std::vector<std::string> columns = groups;
    columns.push_back("");
    for (std::int64_t code : rows) {
        const auto rowStart = Clock::now();
        for (const std::string& g : columns) {
            Set& s = sets[code != 0][!g.empty()];
            std::vector<double> values;
            for (Stmt* q : {s.segments.get(), s.people.get(), s.percent.get()}) {
                q->reset();
                if (code != 0)
                    q->bind(1, code);
                if (!g.empty())
                    q->bind(2, attributeId).bind(3, g);
                if (q == s.percent.get())
                    q->bind(4, speakers[g]);
                values.push_back(q->scalar());
                ++run.queries;
            }
            // A column nobody speaks in: 0%, as Margin shows it.
            if (speakers[g] == 0)
                values[2] = 0;
            run.cells[code][g] = std::move(values);
        }
        if (code == 0)
            run.anyCodeMs = msSince(rowStart);
    }
    return run;
}

struct Comparison {
    int cells = 0;
    int mismatches = 0;
    std::vector<std::string> examples;
};

Comparison compare(const codebook::GroupTable& table, const Cells& naive) {
    Comparison c;
    for (const auto& row : table.rows) {
        auto r = naive.find(row.code);
        for (std::size_t g = 0; g <= table.groups.size(); ++g) {
            const std::string column = g < table.groups.size() ? table.groups[g] : "";
            ++c.cells;
            std::vector<double> margin;
            for (std::size_t m = 0; m < kMeasures.size(); ++m)
                margin.push_back(row.values[m][g]);
            const std::vector<double>* other = nullptr;
            if (r != naive.end())
                if (auto it = r->second.find(column); it != r->second.end())
                    other = &it->second;
            bool same = other != nullptr;
            for (std::size_t m = 0; same && m < margin.size(); ++m)
                same = std::fabs(margin[m] - (*other)[m]) <= 1e-9 * std::max(1.0, margin[m]);
            if (same)
                continue;
            ++c.mismatches;
            if (c.examples.size() < 10) {
                char buf[512];
                if (other)
                    std::snprintf(
                        buf, sizeof buf, "%s / %s: Margin %g, %g, %.6f; naive %g, %g, %.6f",
                        row.path.c_str(), column.empty() ? "Total" : column.c_str(), margin[0],
                        margin[1], margin[2], (*other)[0], (*other)[1], (*other)[2]);
                else
                    std::snprintf(buf, sizeof buf, "%s / %s: no naive cell", row.path.c_str(),
                                  column.empty() ? "Total" : column.c_str());
                c.examples.push_back(buf);
            }
        }
    }
    // Naive cells Margin has no row or column for.
    std::set<std::int64_t> rows;
    for (const auto& row : table.rows)
        rows.insert(row.code);
    for (const auto& [code, columns] : naive)
        if (!rows.count(code) || columns.size() != table.groups.size() + 1) {
            ++c.mismatches;
            if (c.examples.size() < 10)
                c.examples.push_back("naive row " + std::to_string(code) +
                                     " does not match Margin's rows or columns");
        }
    return c;
}

// Splits CSV text (RFC 4180: quoted fields, "" inside quotes) into rows.
std::vector<std::vector<std::string>> parseCsv(std::string_view text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                field += ch;
            }
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (ch == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (ch != '\r') {
            field += ch;
        }
        any = true;
    }
    if (!field.empty() || !rows.back().empty())
        rows.back().push_back(std::move(field));
    if (rows.back().empty())
        rows.pop_back();
    if (!any)
        rows.clear();
    return rows;
}

// The command's CSV against the in-process table: row by row (both in tree
// order), the code's name and path, then per column segments, participants
// and percent (printed in % with one decimal).
Comparison compareCsv(const codebook::GroupTable& table, const std::string& csv) {
    Comparison c;
    auto rows = parseCsv(csv);
    const std::size_t width = 2 + (table.groups.size() + 1) * kMeasures.size();
    if (rows.empty() || rows.size() - 1 != table.rows.size()) {
        c.mismatches = 1;
        c.examples.push_back("the CSV has " + std::to_string(rows.empty() ? 0 : rows.size() - 1) +
                             " rows, the table " + std::to_string(table.rows.size()));
        return c;
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const auto& fields = rows[r + 1];
        ++c.cells;
        bool same = fields.size() == width && fields[0] == row.name && fields[1] == row.path;
        for (std::size_t g = 0; same && g <= table.groups.size(); ++g)
            for (std::size_t m = 0; same && m < kMeasures.size(); ++m) {
                const double printed =
                    std::strtod(fields[2 + g * kMeasures.size() + m].c_str(), nullptr);
                const double value = row.values[m][g];
                same = kMeasures[m] == codebook::Measure::Percent
                           ? std::fabs(printed - 100 * value) <= 0.05 + 1e-9
                           : printed == value;
            }
        if (same)
            continue;
        ++c.mismatches;
        if (c.examples.size() < 5) {
            std::string line;
            for (const auto& f : fields)
                line += (line.empty() ? "" : ",") + f;
            c.examples.push_back("row " + std::to_string(r + 1) + " (" + row.path + "): " + line);
        }
    }
    return c;
}

// A field of /proc/self/status in KB ("VmHWM": peak RSS, "VmRSS": current).
// (getrusage's ru_maxrss is not used for the child: Linux carries it over
// from the parent across posix_spawn's exec, so it reports the parent's.)
long statusKb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.starts_with(key))
            return std::strtol(line.c_str() + key.size(), nullptr, 10);
    return 0;
}

// Peak RSS in KB of this process so far (getrusage).
long maxRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// --table-once: opens the project, computes the table once, prints
// "RSS_BEFORE_KB RSS_PEAK_KB MS ROWS": the process's RSS just before
// groupTable (project open) and its peak RSS (VmHWM) after it.
int tableOnce(const fs::path& file) {
    auto project = Project::open(file);
    if (!project.isOk())
        fail("open " + file.string(), project.status());
    codebook::Codebook book((*project)->store());
    const long before = statusKb("VmRSS");
    const auto t0 = Clock::now();
    auto table = codebook::groupTable((*project)->store(), book, kAttribute, kMeasures, {});
    const double elapsed = msSince(t0);
    if (!table.isOk())
        fail("groupTable", table.status());
    std::printf("%ld %ld %.3f %zu\n", before, statusKb("VmHWM"), elapsed, table->rows.size());
    return 0;
}

int usage() {
    std::fprintf(stderr,
                 "usage: margin-bench-table PROJECT_DIR [--documents N] [--codings N] [--seed N]\n"
                 "                          [--reps N] [--naive-reps N] [--code-reps N] "
                 "[--margin PATH]\n"
                 "                          [--no-naive] [--no-cli] [--regenerate]\n");
    return 2;
}

bool parseNumber(const char* s, std::int64_t& out) {
    char* end = nullptr;
    long long v = std::strtoll(s, &end, 10);
    if (!*s || *end || v < 0)
        return false;
    out = v;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string_view(argv[1]) == "--table-once")
        return tableOnce(argv[2]);
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        std::int64_t n = 0;
        auto number = [&](std::int64_t& target) {
            if (i + 1 >= argc || !parseNumber(argv[++i], n))
                std::exit(usage());
            target = n;
        };
        auto integer = [&](int& target) {
            std::int64_t v = 0;
            number(v);
            target = static_cast<int>(v);
        };
        if (a == "--documents")
            number(o.documents);
        else if (a == "--codings")
            number(o.codings);
        else if (a == "--seed") {
            std::int64_t v = 0;
            number(v);
            o.seed = static_cast<std::uint64_t>(v);
        } else if (a == "--reps")
            integer(o.reps);
        else if (a == "--naive-reps")
            integer(o.naiveReps);
        else if (a == "--code-reps")
            integer(o.codeReps);
        else if (a == "--margin") {
            if (i + 1 >= argc)
                return usage();
            o.margin = argv[++i];
        } else if (a == "--no-naive")
            o.naive = false;
        else if (a == "--no-cli")
            o.cli = false;
        else if (a == "--regenerate")
            o.regenerate = true;
        else if (a.starts_with("-") || !o.dir.empty())
            return usage();
        else
            o.dir = argv[i];
    }
    if (o.dir.empty() || o.documents < 1 || o.reps < 1 || o.codeReps < 1)
        return usage();
    if (o.naiveReps < 0)
        o.naiveReps = o.reps;
    if (o.margin.empty()) {
        std::error_code ec;
        fs::path self = fs::read_symlink("/proc/self/exe", ec);
        o.margin = self.parent_path().parent_path() / "app" / "margin";
    }
    const fs::path file = projectFile(o.dir);

    // 1. The project.
    const std::string stamp = stampFor(o);
    std::string found = readAll(o.dir / ".stamp");
    while (!found.empty() && found.back() == '\n')
        found.pop_back();
    bool generated = false;
    if (!o.regenerate && found == stamp && fs::exists(file)) {
        std::printf("reusing %s (%s)\n", file.c_str(), stamp.c_str());
    } else {
        if (!generate(o))
            return 1;
        generated = true;
    }
    {
        Db db(file);
        const std::int64_t codings = count(db.get(), "SELECT count(*) FROM codings");
        if (codings != o.codings) {
            if (generated) {
                std::fprintf(stderr, "margin-bench-table: %lld codings after generation\n",
                             static_cast<long long>(codings));
                return 1;
            }
            std::printf("the project holds %lld codings, not %lld: generating it again\n",
                        static_cast<long long>(codings), static_cast<long long>(o.codings));
        }
        if (codings != o.codings && !generate(o))
            return 1;
    }

    auto opened = Project::open(file);
    if (!opened.isOk())
        fail("open " + file.string(), opened.status());
    auto project = std::move(opened).value();
    corpus::Store& store = project->store();
    if (Index::state(store) != Index::State::Fresh) {
        std::printf("the index is not fresh: rebuilding it\n");
        auto rebuilt = project->rebuildIndex();
        if (!rebuilt.isOk())
            fail("rebuild the index", rebuilt.status());
    }
    codebook::Codebook book(store);
    Db db(file);
    std::printf(
        "project: %lld documents, %lld participants, %lld turns, %lld codes, %lld "
        "codings, %.0f MB\n",
        static_cast<long long>(count(db.get(), "SELECT count(*) FROM documents")),
        static_cast<long long>(count(db.get(), "SELECT count(*) FROM participants")),
        static_cast<long long>(count(db.get(), "SELECT count(*) FROM turns")),
        static_cast<long long>(count(db.get(), "SELECT count(*) FROM codes")),
        static_cast<long long>(count(db.get(), "SELECT count(*) FROM codings")),
        static_cast<double>(fs::file_size(file)) / 1e6);
    std::fflush(stdout);

    // 2. Margin in-process.
    std::printf(
        "\nMargin in-process: codebook::groupTable(role; segments, participants, "
        "percent), %d runs after one warm-up\n",
        o.reps);
    auto warm = codebook::groupTable(store, book, kAttribute, kMeasures, {});
    if (!warm.isOk())
        fail("groupTable", warm.status());
    codebook::GroupTable table = std::move(warm).value();
    std::vector<double> inProcess;
    for (int r = 0; r < o.reps; ++r) {
        const auto t0 = Clock::now();
        auto t = codebook::groupTable(store, book, kAttribute, kMeasures, {});
        inProcess.push_back(msSince(t0));
        if (!t.isOk())
            fail("groupTable", t.status());
        std::printf("  run %d: %s\n", r + 1, ms(inProcess.back()).c_str());
    }
    const Stats marginStats = stats(inProcess);
    std::printf("  median %s, min %s; %zu rows x %zu columns (", ms(marginStats.median).c_str(),
                ms(marginStats.min).c_str(), table.rows.size(), table.groups.size() + 1);
    for (std::size_t g = 0; g < table.groups.size(); ++g)
        std::printf("%s %lld speakers, ", table.groups[g].c_str(),
                    static_cast<long long>(table.speakers[g]));
    std::printf("total %lld)\n", static_cast<long long>(table.speakers.back()));

    // Where the time goes: the two scans groupTable makes, alone.
    std::vector<double> codingScan, turnScan, codesCall;
    std::int64_t sink = 0;
    for (int r = 0; r < 3; ++r) {
        auto t0 = Clock::now();
        {
            Stmt q(db.get(),
                   "SELECT code_id, document_id, start, \"end\" FROM codings "
                   "ORDER BY document_id, start");
            while (q.step())
                sink += q.integer(0) + q.integer(1) + q.integer(2) + q.integer(3);
        }
        codingScan.push_back(msSince(t0));
        t0 = Clock::now();
        {
            Stmt q(db.get(),
                   "SELECT document_id, start, \"end\", kind, participant_id FROM turns "
                   "ORDER BY document_id, start");
            while (q.step())
                sink += q.integer(0) + q.integer(1) + q.integer(2) +
                        static_cast<std::int64_t>(q.text(3).size()) + q.integer(4);
        }
        turnScan.push_back(msSince(t0));
        t0 = Clock::now();
        auto codes = book.codes();
        codesCall.push_back(msSince(t0));
        sink += codes.isOk() ? static_cast<std::int64_t>(codes->size()) : 0;
    }
    const Stats codingScanStats = stats(codingScan), turnScanStats = stats(turnScan),
                codesStats = stats(codesCall);
    std::printf(
        "  the same reads alone (median of 3): codings scan %s, turns scan %s, "
        "Codebook::codes() %s; the rest of groupTable ~%s (checksum %lld)\n",
        ms(codingScanStats.median).c_str(), ms(turnScanStats.median).c_str(),
        ms(codesStats.median).c_str(),
        ms(marginStats.median - codingScanStats.median - turnScanStats.median - codesStats.median)
            .c_str(),
        static_cast<long long>(sink % 1000));

    // Peak RSS, in a process of its own.
    long rssBefore = 0, rssPeak = 0;
    double onceMs = 0;
    {
        std::error_code ec;
        fs::path self = fs::read_symlink("/proc/self/exe", ec);
        ProcessRun once = runProcess({self.string(), "--table-once", file.string()}, o.dir);
        if (once.status == 0 &&
            std::sscanf(once.out.c_str(), "%ld %ld %lf", &rssBefore, &rssPeak, &onceMs) == 3) {
            std::printf(
                "  peak RSS of a process computing the table once: %.0f MB (%.0f MB "
                "before groupTable; that run took %s)\n",
                static_cast<double>(rssPeak) / 1024, static_cast<double>(rssBefore) / 1024,
                ms(onceMs).c_str());
        } else {
            std::printf("  peak RSS: the child failed: %s\n", firstLine(once.err).c_str());
        }
        std::printf("  (this process's peak RSS so far, getrusage: %.0f MB)\n",
                    static_cast<double>(maxRssKb()) / 1024);
    }
    std::fflush(stdout);

    // 3. Margin's command.
    const std::string p = file.string(), bin = o.margin.string();
    const std::vector<std::string> tableCommand = {
        bin,        "-p",       p,           "table",
        "--by",     kAttribute, "--measure", "segments,participants,percent",
        "--format", "csv"};
    std::optional<Stats> cliStats;
    std::string cliSkipped;
    Comparison csvComparison;
    if (!o.cli) {
        cliSkipped = "--no-cli";
    } else {
        std::printf("\nMargin's command: %s, %d runs after one warm-up\n",
                    commandLine(tableCommand).c_str(), o.reps);
        ProcessRun first = runProcess(tableCommand, o.dir);
        if (first.status != 0) {
            cliSkipped = "`margin table` failed (exit " + std::to_string(first.status) +
                         "): " + firstLine(first.err);
            std::printf("  SKIPPED: %s\n", cliSkipped.c_str());
        } else {
            std::size_t lines =
                static_cast<std::size_t>(std::count(first.out.begin(), first.out.end(), '\n'));
            std::printf("  output: %zu bytes, %zu lines; first line: %s\n", first.out.size(), lines,
                        firstLine(first.out).c_str());
            csvComparison = compareCsv(table, first.out);
            std::printf("  rows compared with groupTable: %d, mismatches: %d\n",
                        csvComparison.cells, csvComparison.mismatches);
            for (const auto& e : csvComparison.examples)
                std::printf("    %s\n", e.c_str());
            std::vector<double> times;
            for (int r = 0; r < o.reps; ++r) {
                ProcessRun run = runProcess(tableCommand, o.dir);
                if (run.status != 0) {
                    std::printf("  run %d failed: %s\n", r + 1, firstLine(run.err).c_str());
                    continue;
                }
                times.push_back(run.ms);
                std::printf("  run %d: %s\n", r + 1, ms(run.ms).c_str());
            }
            if (!times.empty()) {
                cliStats = stats(times);
                std::printf("  median %s, min %s\n", ms(cliStats->median).c_str(),
                            ms(cliStats->min).c_str());
            }
        }
    }
    std::fflush(stdout);

    // 4. Naive.
    std::optional<Stats> naiveStats;
    Comparison comparison;
    int naiveQueries = 0;
    if (o.naive && o.naiveReps > 0) {
        std::int64_t attributeId = -1;
        {
            Stmt q(db.get(), "SELECT id FROM attributes WHERE name = 'role'");
            if (q.step())
                attributeId = q.integer(0);
        }
        std::vector<std::string> groups;
        {
            Stmt q(db.get(),
                   "SELECT DISTINCT value FROM attribute_values WHERE attribute_id = ?1 "
                   "ORDER BY value");
            q.bind(1, attributeId);
            while (q.step())
                groups.push_back(q.text(0));
        }
        std::vector<std::int64_t> codes;
        {
            Stmt q(db.get(), "SELECT id FROM codes ORDER BY id");
            while (q.step())
                codes.push_back(q.integer(0));
        }
        std::printf(
            "\nNaive: one SQL query per cell and measure (%zu rows x %zu columns x 3, "
            "plus %zu for the columns' speakers), %d runs\n",
            codes.size() + 1, groups.size() + 1, groups.size() + 1, o.naiveReps);
        std::printf("  segments query: %s\n",
                    naiveSql("count(DISTINCT c.id)", true, true, false).c_str());
        std::fflush(stdout);
        std::vector<double> times;
        for (int r = 0; r < o.naiveReps; ++r) {
            const auto t0 = Clock::now();
            NaiveRun run = runNaive(db.get(), attributeId, groups, codes);
            times.push_back(msSince(t0));
            naiveQueries = run.queries;
            std::printf("  run %d: %s (%d queries; the \"(any code)\" row %s)\n", r + 1,
                        ms(times.back()).c_str(), run.queries, ms(run.anyCodeMs).c_str());
            std::fflush(stdout);
            if (r == 0) {
                comparison = compare(table, run.cells);
                std::printf("  cells compared with Margin's table: %d, mismatches: %d\n",
                            comparison.cells, comparison.mismatches);
                for (const auto& e : comparison.examples)
                    std::printf("    %s\n", e.c_str());
            }
        }
        naiveStats = stats(times);
        std::printf("  median %s, min %s\n", ms(naiveStats->median).c_str(),
                    ms(naiveStats->min).c_str());
    }

    // 5. One coding from the command line.
    std::printf("\nOne coding from the command line, %d runs with different spans\n", o.codeReps);
    const std::string codePath = std::string("Employment/Aspect 07");
    std::vector<double> codeTimes;
    std::string codeSkipped;
    std::optional<bool> freshAfterCode;
    int applied = 0;
    for (int r = 0; r < o.codeReps; ++r) {
        const std::int64_t doc = 1 + (static_cast<std::int64_t>(r) * 7919) % o.documents;
        const int start = 3 + 5 * r, end = start + 20 + r;
        const std::vector<std::string> cmd = {bin,
                                              "-p",
                                              p,
                                              "code",
                                              documentName(doc),
                                              "--start",
                                              std::to_string(start),
                                              "--end",
                                              std::to_string(end),
                                              "--code",
                                              codePath};
        if (r == 0)
            std::printf("  %s\n", commandLine(cmd).c_str());
        ProcessRun run = runProcess(cmd, o.dir);
        if (run.status != 0) {
            codeSkipped = "`margin code` failed (exit " + std::to_string(run.status) +
                          "): " + firstLine(run.err);
            std::printf("  SKIPPED: %s\n", codeSkipped.c_str());
            break;
        }
        ++applied;
        codeTimes.push_back(run.ms);
        std::printf("  run %d: %s\n", r + 1, ms(run.ms).c_str());
    }
    std::optional<Stats> codeStats;
    if (!codeTimes.empty()) {
        codeStats = stats(codeTimes);
        std::printf("  median %s, min %s\n", ms(codeStats->median).c_str(),
                    ms(codeStats->min).c_str());
        auto check = corpus::Store::open(file);
        if (check.isOk()) {
            freshAfterCode = Index::state(**check) == Index::State::Fresh;
            std::printf("  index after the commands: %s\n",
                        *freshAfterCode ? "fresh" : "NOT fresh (the command left it stale)");
        }
    }
    // Undo what was applied, so that the next run starts from the same project.
    bool undoByCommand = true;
    for (int r = 0; r < applied; ++r) {
        ProcessRun run = runProcess({bin, "-p", p, "undo"}, o.dir);
        if (run.status != 0) {
            std::printf("  `margin undo` failed (exit %d): %s; undoing in-process\n", run.status,
                        firstLine(run.err).c_str());
            undoByCommand = false;
            for (; r < applied; ++r)
                if (auto u = book.undo(); !u.isOk())
                    fail("undo", u.status());
            break;
        }
    }
    if (applied > 0) {
        const std::int64_t after = count(db.get(), "SELECT count(*) FROM codings");
        std::printf("  undone (%s): %lld codings\n",
                    undoByCommand ? "margin undo" : "Codebook::undo",
                    static_cast<long long>(after));
        if (Index::state(store) != Index::State::Fresh) {
            std::printf("  the index is stale after the undo: rebuilding it\n");
            if (auto rebuilt = project->rebuildIndex(); !rebuilt.isOk())
                fail("rebuild the index", rebuilt.status());
        }
    }
    std::vector<double> startTimes;
    for (int r = 0; r < o.codeReps; ++r) {
        ProcessRun run = runProcess({bin, "--version"}, o.dir);
        if (run.status == 0)
            startTimes.push_back(run.ms);
    }
    const Stats startStats = stats(startTimes);
    const std::string startMedian = startTimes.empty() ? "-" : ms(startStats.median),
                      startMin = startTimes.empty() ? "-" : ms(startStats.min);
    std::printf("  process start alone (`margin --version`): median %s, min %s\n",
                startMedian.c_str(), startMin.c_str());

    // Summary.
    const bool haveCli = cliStats.has_value();
    const double tableMs = haveCli ? cliStats->median : marginStats.median;
    const bool tableOk = tableMs <= kTargetTableMs;
    const bool inProcessOk = marginStats.median <= kTargetTableMs;
    const double ratioInProcess = naiveStats ? naiveStats->median / marginStats.median : 0;
    const double ratioCli = naiveStats && haveCli ? naiveStats->median / cliStats->median : 0;
    const double ratio = haveCli ? ratioCli : ratioInProcess;
    const bool ratioOk = ratio >= kTargetRatio;
    const bool agree = naiveStats && comparison.mismatches == 0;
    const bool codeOk = codeStats && codeStats->median <= kTargetCodeMs;

    std::printf("\n=== Summary: %lld documents, %lld codings, %d codes, by role ===\n",
                static_cast<long long>(o.documents), static_cast<long long>(o.codings),
                kParents * (kChildren + 1));
    std::printf("%-58s %10s %10s  %-10s %s\n", "", "median", "min", "target", "result");
    std::printf("%-58s %10s %10s  %-10s %s\n", "Margin groupTable, in-process",
                ms(marginStats.median).c_str(), ms(marginStats.min).c_str(), "<= 500 ms",
                verdict(inProcessOk));
    const bool csvAgrees = haveCli && csvComparison.mismatches == 0;
    if (haveCli) {
        std::printf("%-58s %10s %10s  %-10s %s\n", "margin table ... --format csv (whole process)",
                    ms(cliStats->median).c_str(), ms(cliStats->min).c_str(), "<= 500 ms",
                    verdict(tableOk));
        std::printf("%-58s %10s %10s  %-10s %s\n", "margin table CSV rows equal to groupTable's",
                    (std::to_string(csvComparison.cells - csvComparison.mismatches) + "/" +
                     std::to_string(csvComparison.cells))
                        .c_str(),
                    "", "all", verdict(csvAgrees));
    } else
        std::printf("%-58s SKIPPED: %s\n", "margin table ... --format csv (whole process)",
                    cliSkipped.c_str());
    if (naiveStats) {
        std::printf("%-58s %10s %10s\n",
                    ("naive, one SQL query per cell (" + std::to_string(naiveQueries) + " queries)")
                        .c_str(),
                    ms(naiveStats->median).c_str(), ms(naiveStats->min).c_str());
        std::printf("%-58s %9.1fx %10s  %-10s %s\n", "ratio naive / Margin in-process (medians)",
                    ratioInProcess, "", ">= 20x", verdict(ratioInProcess >= kTargetRatio));
        if (haveCli)
            std::printf("%-58s %9.1fx %10s  %-10s %s\n", "ratio naive / margin table (medians)",
                        ratioCli, "", ">= 20x", verdict(ratioCli >= kTargetRatio));
        std::printf("%-58s %10s %10s  %-10s %s\n", "cells equal (naive vs Margin)",
                    (std::to_string(comparison.cells - comparison.mismatches) + "/" +
                     std::to_string(comparison.cells))
                        .c_str(),
                    "", "all", verdict(agree));
    } else {
        std::printf("%-58s SKIPPED\n", "naive");
    }
    if (codeStats)
        std::printf("%-58s %10s %10s  %-10s %s\n", "margin code (one coding, index updated)",
                    ms(codeStats->median).c_str(), ms(codeStats->min).c_str(), "<= 50 ms",
                    verdict(codeOk));
    else
        std::printf("%-58s SKIPPED: %s\n", "margin code (one coding, index updated)",
                    codeSkipped.c_str());
    std::printf("%-58s %10s %10s\n", "margin --version (process start only)", startMedian.c_str(),
                startMin.c_str());
    if (rssPeak)
        std::printf("%-58s %7.0f MB\n", "peak RSS, one groupTable in a fresh process",
                    static_cast<double>(rssPeak) / 1024);

    // Markdown, for bench/RESULTS.md.
    std::printf("\n| measurement | median | min | target | result |\n|---|---|---|---|---|\n");
    std::printf(
        "| Margin `codebook::groupTable`, in-process (%d runs) | %s | %s | ≤ 500 ms | %s |\n",
        o.reps, ms(marginStats.median).c_str(), ms(marginStats.min).c_str(), verdict(inProcessOk));
    if (haveCli)
        std::printf(
            "| `margin table --by role --measure segments,participants,percent --format "
            "csv`, whole process (%d runs) | %s | %s | ≤ 500 ms | **%s** |\n",
            o.reps, ms(cliStats->median).c_str(), ms(cliStats->min).c_str(), verdict(tableOk));
    else
        std::printf("| `margin table ...` | skipped: %s | | ≤ 500 ms | |\n", cliSkipped.c_str());
    if (naiveStats) {
        std::printf(
            "| naive: one SQL query per cell and measure (%d queries, %d runs) | %s | %s "
            "| | |\n",
            naiveQueries, o.naiveReps, ms(naiveStats->median).c_str(), ms(naiveStats->min).c_str());
        std::printf("| ratio naive / Margin in-process | %.1f× | | ≥ 20× | %s |\n", ratioInProcess,
                    verdict(ratioInProcess >= kTargetRatio));
        if (haveCli)
            std::printf("| ratio naive / `margin table` | %.1f× | | ≥ 20× | **%s** |\n", ratioCli,
                        verdict(ratioCli >= kTargetRatio));
        std::printf("| cells equal, naive vs Margin | %d/%d | | all | %s |\n",
                    comparison.cells - comparison.mismatches, comparison.cells, verdict(agree));
    }
    if (haveCli)
        std::printf(
            "| rows of `margin table`'s CSV equal to `groupTable`'s | %d/%d | | all | %s |\n",
            csvComparison.cells - csvComparison.mismatches, csvComparison.cells,
            verdict(csvAgrees));
    if (codeStats)
        std::printf(
            "| `margin code DOC --start S --end E --code PATH`, index update included "
            "(%d runs) | %s | %s | ≤ 50 ms | **%s** |\n",
            o.codeReps, ms(codeStats->median).c_str(), ms(codeStats->min).c_str(), verdict(codeOk));
    else
        std::printf("| `margin code ...` | skipped: %s | | ≤ 50 ms | |\n", codeSkipped.c_str());
    std::printf("| `margin --version` (process start only) | %s | %s | | |\n", startMedian.c_str(),
                startMin.c_str());

    const bool all = tableOk && inProcessOk && ratioOk && agree && codeOk && haveCli && csvAgrees;
    std::printf("\nOverall: %s.\n",
                all ? "all targets pass" : "some targets fail or were not measured");
    return 0;
}
