// Aggregation: theme-by-group tables, co-occurrence and quotes, checked
// against tables computed by hand from a small study in which every
// measure can be counted on one's fingers.
#include "codebook/aggregate.h"

#include <cmath>
#include <sstream>

#include "corpus/sha256.h"
#include "indexer/tokenizer.h"
#include "tests/test_util.h"

namespace margin::codebook {
namespace {

using corpus::CharPos;
using corpus::DocumentId;
using corpus::SpeakerKind;
using corpus::Store;
using test::TempDir;

// The study. Each interview is "QUESTION\nANSWER\n": an interviewer turn
// ("I") over the question, a participant turn over the answer, and the two
// newlines outside any turn. Positions are code points; an emoji (U+1F600)
// and a CJK Extension B character (U+20000) are one code point but four
// UTF-8 bytes, and each Chinese character one code point but three bytes, so
// anything measured in bytes would show.
//
//   T1a (T1)  "How is work?\n😀 We need 数据 分析 now.\n"            length 34
//     I [0,12)   How[0,3) is[4,6) work[7,11) ?11          \n 12
//     T1 [13,33) 😀13 We[15,17) need[18,22) 数据[23,25) 分析[26,28) now[29,32) .32   \n 33
//   S1a (S1)  "Any plans?\nI want 数据 work.\n"                      length 27
//     I [0,10)   Any[0,3) plans[4,9) ?9                   \n 10
//     S1 [11,26) I[11,12) want[13,17) 数据[18,20) work[21,25) .25   \n 26
//   S1b (S1)  "And later?\nMaybe 分析 too.\n"                        length 25
//     I [0,10)   And[0,3) later[4,9) ?9                   \n 10
//     S1 [11,24) Maybe[11,16) 分析[17,19) too[20,23) .23   \n 24
//   S2a (S2)  "Why?\n𠀀 data matters.\n"                              length 21
//     I [0,4)    Why[0,3) ?3                              \n 4
//     S2 [5,20)  𠀀[5,6) data[7,11) matters[12,19) .19   \n 20
//     (the participant turn names no participant: it is the document's one
//     participant's, S2's)
//   E1a (E1)  "Hiring?\nYes, 数据 skills.\n"                          length 24
//     I [0,7)    Hiring[0,6) ?6                           \n 7
//     E1 [8,23)  Yes[8,11) ,11 数据[13,15) skills[16,22) .22   \n 23
//   Notes (S2) "数据 分析 notes": no turns, so all of it is S2's speech  length 11
//     数据[0,2) 分析[3,5) notes[6,11)
// The bracketed spans are the ICU words (indexer::Tokenizer::words), which
// WordsOfTheStudyAreAsDocumented checks.
//
// Participants and their role (and years, a number):
//   teacher     T1 (years 10)
//   student     S1 (years 9; two documents: S1a and S1b), S2 (years 9)
//   enterprise  E1 (no years), E2 (no years; NO document, so E2 never speaks
//               and is not counted in the enterprise group's size)
//
// Participant speech (the participant turns and Notes), in code points:
//   teacher 20 (T1a), student 15 + 13 + 15 + 11 = 54, enterprise 15: total 89.
// All speech (Speech::Any: every document is wholly its participant's):
//   teacher 34, student 27 + 25 + 21 + 11 = 84, enterprise 24: total 142.
//
// Codes, in tree order: Parent, Parent/ChildA, Parent/ChildB, Other.
// Codings (coder "ana" unless said), in document order:
//   c3  Other  T1a [0,3)   "How": all in the interviewer's turn
//   c1  ChildA T1a [15,25) "We need 数据"   } overlapping on 数据 [23,25):
//   c2  ChildA T1a [23,28) "数据 分析"      } union [15,28), 13 chars, 4 words
//   c4  ChildB S1a [4,17)  "plans?\nI want": interviewer turn, newline and
//                          participant turn; S1's part [11,17) is 6 chars,
//                          2 words (I, want); all of it 13 chars, 3 words
//   c5  ChildB S1b [11,16) "Maybe": 5 chars, 1 word
//   c6  ChildA S1b [17,19) "分析": 2 chars, 1 word (S1 has ChildA and ChildB)
//   c10 ChildA S2a [7,19)  "data matters": 12 chars, 2 words
//   c9  ChildB E1a [8,15)  "Yes, 数据": 7 chars, 2 words
//   c7  Other  E1a [16,22) "skills", coder "bo": 6 chars, 1 word
//   c8  Other  Notes [0,5) "数据 分析": 5 chars, 2 words
const char* const kT1a = "How is work?\n\U0001F600 We need 数据 分析 now.\n";
const char* const kS1a = "Any plans?\nI want 数据 work.\n";
const char* const kS1b = "And later?\nMaybe 分析 too.\n";
const char* const kS2a = "Why?\n\U00020000 data matters.\n";
const char* const kE1a = "Hiring?\nYes, 数据 skills.\n";
const char* const kNotes = "数据 分析 notes";

// The measures of the tables, in this order in every expected row.
const std::vector<Measure> kAllMeasures = {Measure::Segments,     Measure::Documents,
                                           Measure::Participants, Measure::Percent,
                                           Measure::Words,        Measure::Coverage};

corpus::NewDocument document(const std::string& name, const std::string& text,
                             const std::string& participant, std::vector<corpus::NewTurn> turns) {
    corpus::NewDocument doc;
    doc.name = name;
    doc.text = text;
    doc.sourceName = name + ".txt";
    doc.sourceFormat = "txt";
    doc.sourceEncoding = "UTF-8";
    doc.sha256 = corpus::sha256Hex(text);
    doc.participants = {participant};
    doc.turns = std::move(turns);
    return doc;
}

corpus::NewTurn interviewer(CharPos start, CharPos end,
                            std::optional<std::int64_t> timestampMs = std::nullopt) {
    return {start, end, "I", SpeakerKind::Interviewer, std::nullopt, timestampMs};
}

corpus::NewTurn participant(CharPos start, CharPos end, const std::string& speaker,
                            std::optional<std::string> who,
                            std::optional<std::int64_t> timestampMs = std::nullopt) {
    return {start, end, speaker, SpeakerKind::Participant, std::move(who), timestampMs};
}

template <typename T>
Status statusOf(const Result<T>& r) {
    return r.isOk() ? Status::ok() : r.status();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// n / d per cell, as the table computes it (0 where d is 0).
std::vector<double> shares(const std::vector<double>& n, const std::vector<double>& d) {
    std::vector<double> out;
    for (std::size_t i = 0; i < n.size(); ++i)
        out.push_back(i < d.size() && d[i] != 0 ? n[i] / d[i] : 0.0);
    return out;
}

std::string show(const std::vector<double>& v) {
    std::ostringstream out;
    out << "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        out << (i ? ", " : "") << v[i];
    return out.str() + "]";
}

::testing::AssertionResult sameValues(const std::vector<double>& actual,
                                      const std::vector<double>& expected) {
    bool same = actual.size() == expected.size();
    for (std::size_t i = 0; same && i < actual.size(); ++i)
        same = std::fabs(actual[i] - expected[i]) <= 1e-12;
    if (same)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got " << show(actual) << ", want " << show(expected);
}

// One expected row of a theme-by-group table: per measure of kAllMeasures,
// the value per group and then the total.
struct ExpectedRow {
    std::string path;
    int depth = 0;
    std::vector<double> segments, documents, participants, percent, words, coverage;
};

struct TableCase {
    std::string name;  // what is asked, for the trace
    bool rollup = false;
    Speech speech = Speech::Participant;
    std::vector<std::int64_t> speakers, speechCharacters;
    std::vector<ExpectedRow> rows;
};

void expectTable(const GroupTable& table, const std::vector<std::string>& groups,
                 const TableCase& expected) {
    EXPECT_EQ(table.groups, groups);
    EXPECT_EQ(table.speakers, expected.speakers);
    EXPECT_EQ(table.speechCharacters, expected.speechCharacters);
    EXPECT_EQ(table.measures, kAllMeasures);
    ASSERT_EQ(table.rows.size(), expected.rows.size());
    for (std::size_t r = 0; r < expected.rows.size(); ++r) {
        const auto& want = expected.rows[r];
        const auto& got = table.rows[r];
        SCOPED_TRACE("row " + want.path);
        EXPECT_EQ(got.path, want.path);
        EXPECT_EQ(got.depth, want.depth);
        EXPECT_EQ(got.code == 0, want.path == "(any code)");
        ASSERT_EQ(got.values.size(), kAllMeasures.size());
        const std::vector<double>* wanted[] = {&want.segments, &want.documents, &want.participants,
                                               &want.percent,  &want.words,     &want.coverage};
        for (std::size_t m = 0; m < kAllMeasures.size(); ++m)
            EXPECT_TRUE(sameValues(got.values[m], *wanted[m])) << measureName(kAllMeasures[m]);
    }
}

class AggregateTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = Store::create(m_dir / "study.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
        // Timestamps: T1a's turns at 0 s and 5 s, S1a's question at 61 s.
        const corpus::NewDocument documents[] = {
            document("T1a", kT1a, "T1",
                     {interviewer(0, 12, 0), participant(13, 33, "T1", "T1", 5000)}),
            document("S1a", kS1a, "S1",
                     {interviewer(0, 10, 61000), participant(11, 26, "S1", "S1")}),
            document("S1b", kS1b, "S1", {interviewer(0, 10), participant(11, 24, "S1", "S1")}),
            document("S2a", kS2a, "S2",
                     {interviewer(0, 4), participant(5, 20, "S2", std::nullopt)}),
            document("E1a", kE1a, "E1", {interviewer(0, 7), participant(8, 23, "E1", "E1")}),
            document("Notes", kNotes, "S2", {}),
        };
        for (const auto& doc : documents) {
            auto id = m_store->addDocument(doc);
            ASSERT_OK(id);
            m_docs[doc.name] = *id;
        }

        corpus::ParticipantTable sheet;
        sheet.source = "participants.csv";
        sheet.columns = {{"role", corpus::AttributeType::Text, false},
                         {"years", corpus::AttributeType::Number, true}};
        sheet.rows = {
            {2, "T1", {"teacher", "10"}, {}},
            {3, "S1", {"student", "9"}, {}},
            {4, "S2", {"student", "9"}, {}},
            {5, "E1", {"enterprise", std::nullopt}, {}},
            {6, "E2", {"enterprise", std::nullopt}, {}},
        };
        ASSERT_OK(m_store->importParticipants(sheet));

        m_book = std::make_unique<Codebook>(*m_store);
        for (const char* path : {"Parent/ChildA", "Parent/ChildB", "Other"})
            ASSERT_OK(m_book->addCode(path));
        ASSERT_OK(m_book->addCodings({
            coding("Other", "T1a", 0, 3),          // c3
            coding("ChildA", "T1a", 15, 25),       // c1
            coding("ChildA", "T1a", 23, 28),       // c2
            coding("ChildB", "S1a", 4, 17),        // c4
            coding("ChildB", "S1b", 11, 16),       // c5
            coding("ChildA", "S1b", 17, 19),       // c6
            coding("ChildA", "S2a", 7, 19),        // c10
            coding("ChildB", "E1a", 8, 15),        // c9
            coding("Other", "E1a", 16, 22, "bo"),  // c7
            coding("Other", "Notes", 0, 5),        // c8
        }));
    }

    NewCoding coding(const std::string& code, const std::string& doc, CharPos start, CharPos end,
                     const std::string& coder = "ana") {
        return {codeId(code), m_docs.at(doc), start, end, coder, ""};
    }

    CodeId codeId(const std::string& path) {
        auto code = m_book->findCode(path);
        EXPECT_OK(code) << path;
        return code.isOk() ? code->id : 0;
    }

    Result<GroupTable> table(std::string_view attribute, const Scope& scope,
                             const std::vector<Measure>& measures = kAllMeasures) {
        return groupTable(*m_store, *m_book, attribute, measures, scope);
    }

    TempDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Codebook> m_book;
    std::map<std::string, DocumentId> m_docs;
};

// The fixture itself: the words and spans the hand computations rely on.
TEST_F(AggregateTest, WordsOfTheStudyAreAsDocumented) {
    const struct {
        const char* name;
        CharPos length;
        const char* words;
    } cases[] = {
        {"T1a", 34,
         "how[0,3) is[4,6) work[7,11) we[15,17) need[18,22) 数据[23,25) 分析[26,28) "
         "now[29,32)"},
        {"S1a", 27, "any[0,3) plans[4,9) i[11,12) want[13,17) 数据[18,20) work[21,25)"},
        {"S1b", 25, "and[0,3) later[4,9) maybe[11,16) 分析[17,19) too[20,23)"},
        {"S2a", 21, "why[0,3) 𠀀[5,6) data[7,11) matters[12,19)"},
        {"E1a", 24, "hiring[0,6) yes[8,11) 数据[13,15) skills[16,22)"},
        {"Notes", 11, "数据[0,2) 分析[3,5) notes[6,11)"},
    };
    indexer::Tokenizer tokenizer;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto info = m_store->document(m_docs.at(c.name));
        ASSERT_OK(info);
        ASSERT_TRUE(info->has_value());
        EXPECT_EQ((*info)->length, c.length);
        auto text = m_store->documentText(m_docs.at(c.name));
        ASSERT_OK(text);
        std::string words;
        for (const auto& w : tokenizer.words(*text))
            words += (words.empty() ? "" : " ") + w.term + "[" + std::to_string(w.start) + "," +
                     std::to_string(w.end) + ")";
        EXPECT_EQ(words, c.words);
    }
}

// Groups: enterprise, student, teacher (text values sort alphabetically),
// then the Total column. Every cell below is counted by hand from the
// codings listed at the top; "c3" etc. name them.
//
// Group sizes (speakers): enterprise 1 (E1; E2 has no document and does not
// speak), student 2 (S1, S2), teacher 1 (T1), total 4 — with either speech.
TEST_F(AggregateTest, RoleTableMatchesTheHandComputation) {
    const std::vector<double> speakers = {1, 2, 1, 4};
    const std::vector<double> speechP = {15, 54, 20, 89};   // participant turns (and Notes)
    const std::vector<double> speechA = {24, 84, 34, 142};  // whole documents
    const std::vector<double> none = {0, 0, 0, 0};
    const ExpectedRow parentOff = {"Parent", 0, none, none, none, none, none, none};

    // ChildA: c1, c2 (T1, overlapping), c6 (S1, in S1b), c10 (S2); all in
    // participant turns, so alike with either speech but for the coverage
    // denominators.
    //   segments     ent 0, stu 2 (c6, c10), tea 2 (c1, c2: two codings), total 4
    //   documents    ent 0, stu 2 (S1b, S2a), tea 1 (T1a), total 3
    //   participants ent 0, stu 2 (S1, S2), tea 1, total 3
    //   percent      0/1, 2/2, 1/1, 3/4
    //   words        stu 1 (分析) + 2 (data matters) = 3; tea 4 (We need 数据 分析:
    //                数据 once though both codings hold it); total 7
    //   coverage     stu 2 + 12 = 14; tea [15,28) = 13 (not 10 + 5); total 27
    auto childA = [&](const std::vector<double>& speech) {
        return ExpectedRow{"Parent/ChildA", 1,
                           {0, 2, 2, 4},    {0, 2, 1, 3},
                           {0, 2, 1, 3},    shares({0, 2, 1, 3}, speakers),
                           {0, 3, 4, 7},    shares({0, 14, 13, 27}, speech)};
    };
    // ChildB with participant speech: c4 (S1, only [11,17) of it), c5 (S1),
    // c9 (E1).
    //   segments     ent 1 (c9), stu 2 (c4, c5), tea 0, total 3
    //   documents    ent 1 (E1a), stu 2 (S1a, S1b: S1's two documents), total 3
    //   participants ent 1, stu 1 (S1 once, for two documents), total 2
    //   percent      1/1, 1/2, 0/1, 2/4
    //   words        ent 2 (Yes 数据), stu 2 (I want; not "plans", the
    //                interviewer's) + 1 (Maybe) = 3, total 5
    //   coverage     ent 7, stu 6 + 5 = 11, total 18
    const ExpectedRow childBParticipant = {"Parent/ChildB", 1,
                                           {1, 2, 0, 3},    {1, 2, 0, 3},
                                           {1, 1, 0, 2},    shares({1, 1, 0, 2}, speakers),
                                           {2, 3, 0, 5},    shares({7, 11, 0, 18}, speechP)};
    // ChildB with all speech: c4 is wholly S1's: 13 chars, 3 words (plans I
    // want); words stu 3 + 1 = 4, total 6; coverage stu 13 + 5 = 18, total 25.
    const ExpectedRow childBAny = {"Parent/ChildB", 1,
                                   {1, 2, 0, 3},    {1, 2, 0, 3},
                                   {1, 1, 0, 2},    shares({1, 1, 0, 2}, speakers),
                                   {2, 4, 0, 6},    shares({7, 18, 0, 25}, speechA)};
    // Other with participant speech: c3 is the interviewer's and counts
    // nowhere; c7 (E1, coder bo), c8 (S2, Notes).
    //   segments/documents/participants  ent 1, stu 1, tea 0, total 2
    //   percent      1/1, 1/2, 0/1, 2/4
    //   words        ent 1 (skills), stu 2 (数据 分析), total 3
    //   coverage     ent 6, stu 5, total 11
    const ExpectedRow otherParticipant = {"Other",      0,
                                          {1, 1, 0, 2}, {1, 1, 0, 2},
                                          {1, 1, 0, 2}, shares({1, 1, 0, 2}, speakers),
                                          {1, 2, 0, 3}, shares({6, 5, 0, 11}, speechP)};
    // Other with all speech: c3 counts for T1 (T1a's participant): tea 1
    // segment, 1 document, 1 participant, 1 word (How), 3 chars.
    const ExpectedRow otherAny = {"Other",      0,
                                  {1, 1, 1, 3}, {1, 1, 1, 3},
                                  {1, 1, 1, 3}, shares({1, 1, 1, 3}, speakers),
                                  {1, 2, 1, 4}, shares({6, 5, 3, 14}, speechA)};
    // (any code), participant speech: every coding once, c3 nowhere.
    //   segments     ent 2 (c9, c7), stu 5 (c4 c5 c6 c10 c8), tea 2, total 9
    //   documents    ent 1, stu 4 (S1a S1b S2a Notes), tea 1, total 6
    //   participants ent 1, stu 2, tea 1, total 4; percent all 1
    //   words        ent 2 + 1 = 3; stu 2 (S1a) + 1 + 1 (S1b) + 2 (S2a) +
    //                2 (Notes) = 8; tea 4; total 15
    //   coverage     ent 7 + 6 = 13; stu 6 + 5 + 2 + 12 + 5 = 30; tea 13; total 56
    const ExpectedRow anyParticipant = {"(any code)",  0,
                                        {2, 5, 2, 9},  {1, 4, 1, 6},
                                        {1, 2, 1, 4},  shares({1, 2, 1, 4}, speakers),
                                        {3, 8, 4, 15}, shares({13, 30, 13, 56}, speechP)};
    // (any code), all speech: c3 adds to the teacher (segments 3, 1 word,
    // 3 chars) and c4 is whole (stu words 3 + 2 + 2 + 2 = 9, chars 13 + 5 +
    // 2 + 12 + 5 = 37).
    const ExpectedRow anyAny = {"(any code)",  0,
                                {2, 5, 3, 10}, {1, 4, 1, 6},
                                {1, 2, 1, 4},  shares({1, 2, 1, 4}, speakers),
                                {3, 9, 5, 17}, shares({13, 37, 16, 66}, speechA)};
    // Parent with roll-up: ChildA's and ChildB's codings c1 c2 c4 c5 c6 c10
    // c9, each once.
    //   segments     ent 1 (c9), stu 4 (c4 c5 c6 c10), tea 2 (c1 c2), total 7
    //   documents    ent 1, stu 3 (S1a, S1b once for c5 and c6, S2a), tea 1, total 5
    //   participants ent 1, stu 2 (S1 once, though in ChildA and ChildB), tea 1,
    //                total 4; percent all 1
    //   words        participant speech: ent 2, stu 2 + 2 + 2 = 6, tea 4, total 12
    //                all speech:         ent 2, stu 3 + 2 + 2 = 7, tea 4, total 13
    //   coverage     participant speech: ent 7, stu 6 + 5 + 2 + 12 = 25, tea 13, total 45
    //                all speech:         ent 7, stu 13 + 5 + 2 + 12 = 32, tea 13, total 52
    const ExpectedRow parentParticipant = {"Parent",      0,
                                           {1, 4, 2, 7},  {1, 3, 1, 5},
                                           {1, 2, 1, 4},  shares({1, 2, 1, 4}, speakers),
                                           {2, 6, 4, 12}, shares({7, 25, 13, 45}, speechP)};
    const ExpectedRow parentAny = {"Parent",      0,
                                   {1, 4, 2, 7},  {1, 3, 1, 5},
                                   {1, 2, 1, 4},  shares({1, 2, 1, 4}, speakers),
                                   {2, 7, 4, 13}, shares({7, 32, 13, 52}, speechA)};

    const std::vector<std::int64_t> speakerCounts = {1, 2, 1, 4};
    const TableCase cases[] = {
        {"rollup off, participant speech",
         false,
         Speech::Participant,
         speakerCounts,
         {15, 54, 20, 89},
         {parentOff, childA(speechP), childBParticipant, otherParticipant, anyParticipant}},
        {"rollup on, participant speech",
         true,
         Speech::Participant,
         speakerCounts,
         {15, 54, 20, 89},
         {parentParticipant, childA(speechP), childBParticipant, otherParticipant, anyParticipant}},
        {"rollup off, any speech",
         false,
         Speech::Any,
         speakerCounts,
         {24, 84, 34, 142},
         {parentOff, childA(speechA), childBAny, otherAny, anyAny}},
        {"rollup on, any speech",
         true,
         Speech::Any,
         speakerCounts,
         {24, 84, 34, 142},
         {parentAny, childA(speechA), childBAny, otherAny, anyAny}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("groupTable(role, " + c.name + ")");
        Scope scope;
        scope.rollup = c.rollup;
        scope.speech = c.speech;
        auto t = table("role", scope);
        ASSERT_OK(t);
        EXPECT_EQ(t->attribute, "role");
        expectTable(*t, {"enterprise", "student", "teacher"}, c);
    }
}

// A group interview: G1 is linked to T1 and E1, who each have a turn.
//   "Q?\nYes 数据.\nNo 分析.\n" (length 18)
//     I [0,2) "Q?"   \n 2
//     T1 [3,10) Yes[3,6) 数据[7,9) .9   \n 10
//     E1 [11,17) No[11,13) 分析[14,16) .16   \n 17
// One coding of Other, [4,15) "es 数据.\nNo 分", spans T1's and E1's speech:
// it counts once for the teachers, once for the enterprises and once (not
// twice) in the total.
//   participant speech: T1's piece [4,10) 6 chars, 1 word (数据; "Yes" starts
//     before it); E1's piece [11,15) 4 chars, 2 words (No, 分析, which starts
//     inside though it ends outside); total 10 chars, 3 words.
//   any speech: the newline at 10 is both T1's and E1's: T1 [4,11) 7 chars,
//     E1 [10,15) 5 chars; the total counts it once: [4,15), 11 chars, 3 words.
TEST_F(AggregateTest, ACodingSpanningTwoGroupsCountsInEachAndOnceInTheTotal) {
    auto group = document(
        "G1", "Q?\nYes 数据.\nNo 分析.\n", "T1",
        {interviewer(0, 2), participant(3, 10, "T1", "T1"), participant(11, 17, "E1", "E1")});
    group.participants = {"T1", "E1"};
    auto doc = m_store->addDocument(group);
    ASSERT_OK(doc);
    m_docs["G1"] = *doc;
    ASSERT_OK(m_book->addCodings({coding("Other", "G1", 4, 15)}));

    const std::vector<double> speakers = {1, 2, 1, 4};
    const struct {
        Speech speech;
        std::vector<std::int64_t> speechCharacters;
        // The Other row: c7 (E1) and c8 (S2), with any speech c3 (T1), and G1's.
        std::vector<double> segments, documents, participants, words, characters;
    } cases[] = {
        // Speech: ent 15 + 6, stu 54, tea 20 + 7, total 89 + 13.
        // Words: ent 1 (c7) + 2, stu 2 (c8), tea 1, total 3 + 2 + 1.
        // Characters: ent 6 + 4, stu 5, tea 6, total 11 + 10.
        {Speech::Participant,
         {21, 54, 27, 102},
         {2, 1, 1, 3},
         {2, 1, 1, 3},
         {1, 1, 1, 3},
         {3, 2, 1, 6},
         {10, 5, 6, 21}},
        // Speech: the interviewer's [0,2) and the newlines at 2, 10 and 17
        // are both T1's and E1's, each turn only its speaker's: T1 2 + 1 + 7
        // + 1 + 1 = 12, E1 2 + 1 + 1 + 6 + 1 = 11; so ent 24 + 11, stu 84,
        // tea 34 + 12, total 142 + 18 (G1's every character once).
        // Words: ent 1 + 2, stu 2, tea 1 (c3) + 1, total 4 + 3.
        // Characters: ent 6 + 5, stu 5, tea 3 + 7, total 14 + 11.
        {Speech::Any,
         {35, 84, 46, 160},
         {2, 1, 2, 4},
         {2, 1, 2, 4},
         {1, 1, 1, 3},
         {3, 2, 2, 7},
         {11, 5, 10, 25}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.speech == Speech::Any ? "any speech" : "participant speech");
        Scope scope;
        scope.speech = c.speech;
        auto t = table("role", scope);
        ASSERT_OK(t);
        EXPECT_EQ(t->speakers, (std::vector<std::int64_t>{1, 2, 1, 4}));
        EXPECT_EQ(t->speechCharacters, c.speechCharacters);
        ASSERT_EQ(t->rows.size(), 5u);
        const auto& other = t->rows[3];
        EXPECT_EQ(other.path, "Other");
        std::vector<double> chars(c.speechCharacters.begin(), c.speechCharacters.end());
        EXPECT_TRUE(sameValues(other.values[0], c.segments));
        EXPECT_TRUE(sameValues(other.values[1], c.documents));
        EXPECT_TRUE(sameValues(other.values[2], c.participants));
        EXPECT_TRUE(sameValues(other.values[3], shares(c.participants, speakers)));
        EXPECT_TRUE(sameValues(other.values[4], c.words));
        EXPECT_TRUE(sameValues(other.values[5], shares(c.characters, chars)));
    }

    // Its quote is both participants', the one the filter chose first, with
    // that one's attributes.
    QuoteOptions options;
    options.scope.codes = {codeId("Other")};
    options.where = {{"role", "enterprise"}};
    auto q = quotes(*m_store, *m_book, options);
    ASSERT_OK(q);
    ASSERT_EQ(q->size(), 2u);  // c7, and G1's
    EXPECT_EQ((*q)[1].documentName, "G1");
    EXPECT_EQ((*q)[1].participants, (std::vector<std::string>{"E1", "T1"}));
    EXPECT_EQ((*q)[1].attributes.at("role"), "enterprise");
    EXPECT_EQ((*q)[1].speaker, "T1");
    EXPECT_EQ((*q)[1].text, "es 数据.\nNo 分");
}

// One group per participant, by name: E1, E2, S1, S2, T1. E2 never speaks:
// 0 speakers, 0 characters, percent 0 (not a division by zero).
TEST_F(AggregateTest, ParticipantPseudoAttributeMakesOneGroupPerParticipant) {
    Scope scope;
    scope.rollup = true;
    auto t = table("participant", scope);
    ASSERT_OK(t);
    const std::vector<double> speakers = {1, 0, 1, 1, 1, 4};
    // S1: 15 + 13; S2: 15 + 11.
    const std::vector<double> speech = {15, 0, 28, 26, 20, 89};
    // Rows as in the role table with roll-up and participant speech, split by
    // participant: S1 holds c4 c5 c6, S2 c10 c8, T1 c1 c2, E1 c9 c7.
    const TableCase expected = {
        "participant, rollup on, participant speech",
        true,
        Speech::Participant,
        {1, 0, 1, 1, 1, 4},
        {15, 0, 28, 26, 20, 89},
        {
            // Parent: E1 c9; S1 c4 c5 c6 (words 2 + 1 + 1, chars 6 + 5 + 2);
            // S2 c10; T1 c1 c2.
            {"Parent",
             0,
             {1, 0, 3, 1, 2, 7},
             {1, 0, 2, 1, 1, 5},
             {1, 0, 1, 1, 1, 4},
             shares({1, 0, 1, 1, 1, 4}, speakers),
             {2, 0, 4, 2, 4, 12},
             shares({7, 0, 13, 12, 13, 45}, speech)},
            // ChildA: S1 c6; S2 c10; T1 c1 c2.
            {"Parent/ChildA",
             1,
             {0, 0, 1, 1, 2, 4},
             {0, 0, 1, 1, 1, 3},
             {0, 0, 1, 1, 1, 3},
             shares({0, 0, 1, 1, 1, 3}, speakers),
             {0, 0, 1, 2, 4, 7},
             shares({0, 0, 2, 12, 13, 27}, speech)},
            // ChildB: E1 c9; S1 c4 c5.
            {"Parent/ChildB",
             1,
             {1, 0, 2, 0, 0, 3},
             {1, 0, 2, 0, 0, 3},
             {1, 0, 1, 0, 0, 2},
             shares({1, 0, 1, 0, 0, 2}, speakers),
             {2, 0, 3, 0, 0, 5},
             shares({7, 0, 11, 0, 0, 18}, speech)},
            // Other: E1 c7; S2 c8 (c3 is the interviewer's).
            {"Other",
             0,
             {1, 0, 0, 1, 0, 2},
             {1, 0, 0, 1, 0, 2},
             {1, 0, 0, 1, 0, 2},
             shares({1, 0, 0, 1, 0, 2}, speakers),
             {1, 0, 0, 2, 0, 3},
             shares({6, 0, 0, 5, 0, 11}, speech)},
            // (any code): E1 c9 c7; S1 c4 c5 c6; S2 c10 c8; T1 c1 c2.
            {"(any code)",
             0,
             {2, 0, 3, 2, 2, 9},
             {1, 0, 2, 2, 1, 6},
             {1, 0, 1, 1, 1, 4},
             shares({1, 0, 1, 1, 1, 4}, speakers),
             {3, 0, 4, 4, 4, 15},
             shares({13, 0, 13, 17, 13, 56}, speech)},
        },
    };
    SCOPED_TRACE("groupTable(participant, rollup on, participant speech)");
    expectTable(*t, {"E1", "E2", "S1", "S2", "T1"}, expected);
}

// Scope::coder keeps one coder's codings: without bo's c7 the enterprise
// has only c9 (ChildB).
TEST_F(AggregateTest, CoderScopeKeepsOnlyThatCodersCodings) {
    const struct {
        std::optional<std::string> coder;
        std::vector<double> otherSegments, anySegments, anyWords;
    } cases[] = {
        // Other: c7 (E1) and c8 (S2); any: ent c9 c7, stu 5, tea c1 c2.
        {std::nullopt, {1, 1, 0, 2}, {2, 5, 2, 9}, {3, 8, 4, 15}},
        // ana: Other only c8; any: ent c9 (2 words).
        {"ana", {0, 1, 0, 1}, {1, 5, 2, 8}, {2, 8, 4, 14}},
        // bo: c7 only.
        {"bo", {1, 0, 0, 1}, {1, 0, 0, 1}, {1, 0, 0, 1}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("coder " + c.coder.value_or("(any)"));
        Scope scope;
        scope.coder = c.coder;
        auto t = table("role", scope);
        ASSERT_OK(t);
        ASSERT_EQ(t->rows.size(), 5u);
        // Group sizes do not depend on who coded.
        EXPECT_EQ(t->speakers, (std::vector<std::int64_t>{1, 2, 1, 4}));
        EXPECT_EQ(t->rows[3].path, "Other");
        EXPECT_TRUE(sameValues(t->rows[3].values[0], c.otherSegments));
        EXPECT_TRUE(sameValues(t->rows[4].values[0], c.anySegments));
        EXPECT_TRUE(sameValues(t->rows[4].values[4], c.anyWords));
    }
}

TEST_F(AggregateTest, ScopeCodesChooseTheRowsAndTheAnyCodeRow) {
    const struct {
        std::vector<std::string> codes;
        bool rollup;
        std::vector<std::string> rows;
        std::vector<double> firstSegments, anySegments;
    } cases[] = {
        // Other alone: (any code) counts only Other's codings (c7, c8).
        {{"Other"}, false, {"Other", "(any code)"}, {1, 1, 0, 2}, {1, 1, 0, 2}},
        // Parent without roll-up has no codings of its own.
        {{"Parent"}, false, {"Parent", "(any code)"}, {0, 0, 0, 0}, {0, 0, 0, 0}},
        // Parent with roll-up: its children's seven codings.
        {{"Parent"}, true, {"Parent", "(any code)"}, {1, 4, 2, 7}, {1, 4, 2, 7}},
        // ChildA and Other: c1 c2 c6 c10 and c7 c8.
        {{"ChildA", "Other"},
         true,
         {"Parent/ChildA", "Other", "(any code)"},
         {0, 2, 2, 4},
         {1, 3, 2, 6}},
    };
    for (const auto& c : cases) {
        std::string codes;
        for (const auto& code : c.codes)
            codes += code + " ";
        SCOPED_TRACE("codes " + codes + (c.rollup ? "rollup on" : "rollup off"));
        Scope scope;
        for (const auto& code : c.codes)
            scope.codes.push_back(codeId(code));
        scope.rollup = c.rollup;
        auto t = table("role", scope, {Measure::Segments});
        ASSERT_OK(t);
        std::vector<std::string> rows;
        for (const auto& row : t->rows)
            rows.push_back(row.path);
        EXPECT_EQ(rows, c.rows);
        ASSERT_FALSE(t->rows.empty());
        EXPECT_TRUE(sameValues(t->rows.front().values[0], c.firstSegments));
        EXPECT_TRUE(sameValues(t->rows.back().values[0], c.anySegments));
    }
}

// A participant with a document but no role forms the group "(none)".
TEST_F(AggregateTest, ParticipantsWithoutAValueFormTheNoneGroup) {
    // "Hello there." (12 code points, no turns) is all N1's speech; N1 has no
    // role. Other [0,5) on it.
    auto doc = m_store->addDocument(document("N1a", "Hello there.", "N1", {}));
    ASSERT_OK(doc);
    m_docs["N1a"] = *doc;
    ASSERT_OK(m_book->addCodings({coding("Other", "N1a", 0, 5)}));
    auto t = table("role", Scope{}, {Measure::Segments, Measure::Participants, Measure::Words});
    ASSERT_OK(t);
    EXPECT_EQ(t->groups, (std::vector<std::string>{"enterprise", "student", "teacher", "(none)"}));
    EXPECT_EQ(t->speakers, (std::vector<std::int64_t>{1, 2, 1, 1, 5}));
    EXPECT_EQ(t->speechCharacters, (std::vector<std::int64_t>{15, 54, 20, 12, 101}));
    ASSERT_EQ(t->rows.size(), 5u);
    EXPECT_EQ(t->rows[3].path, "Other");
    EXPECT_TRUE(sameValues(t->rows[3].values[0], {1, 1, 0, 1, 3}));
    EXPECT_TRUE(sameValues(t->rows[3].values[1], {1, 1, 0, 1, 3}));
    EXPECT_TRUE(sameValues(t->rows[3].values[2], {1, 2, 0, 1, 4}));  // "Hello"
}

// Numbers sort as numbers (9 before 10) and come before "(none)": E1 has no
// years (E2 neither, but E2 does not speak).
TEST_F(AggregateTest, NumericGroupsSortNumerically) {
    auto t = table("years", Scope{}, {Measure::Segments, Measure::Participants});
    ASSERT_OK(t);
    EXPECT_EQ(t->groups, (std::vector<std::string>{"9", "10", "(none)"}));
    EXPECT_EQ(t->speakers, (std::vector<std::int64_t>{2, 1, 1, 4}));
    EXPECT_EQ(t->speechCharacters, (std::vector<std::int64_t>{54, 20, 15, 89}));
    ASSERT_EQ(t->rows.size(), 5u);
    // (any code): 9 = the students' c4 c5 c6 c10 c8; 10 = T1's c1 c2; (none) =
    // E1's c9 c7.
    EXPECT_TRUE(sameValues(t->rows[4].values[0], {5, 2, 2, 9}));
    EXPECT_TRUE(sameValues(t->rows[4].values[1], {2, 1, 1, 4}));
}

TEST_F(AggregateTest, AttributeNamesAreCaseInsensitive) {
    auto t = table("ROLE", Scope{}, {Measure::Segments});
    ASSERT_OK(t);
    EXPECT_EQ(t->groups, (std::vector<std::string>{"enterprise", "student", "teacher"}));
    auto p = table("Participant", Scope{}, {Measure::Segments});
    ASSERT_OK(p);
    EXPECT_EQ(p->groups.size(), 5u);
}

TEST_F(AggregateTest, UnknownAttributeOrCoderIsInvalidInput) {
    const struct {
        const char* attribute;
        std::optional<std::string> coder;
        std::vector<std::string> mentions;
    } cases[] = {
        {"age", std::nullopt, {"'age'", "participant, role, years"}},
        {"role", "zed", {"'zed'"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.attribute) + " coder " + c.coder.value_or("(any)"));
        Scope scope;
        scope.coder = c.coder;
        auto t = table(c.attribute, scope);
        ASSERT_FALSE(t.isOk());
        EXPECT_EQ(t.status().code(), Status::Code::InvalidInput);
        for (const auto& m : c.mentions)
            EXPECT_TRUE(contains(t.status().message(), m)) << t.status().message();
    }
    Scope scope;
    scope.coder = "zed";
    auto co = cooccurrence(*m_store, *m_book, CoUnit::Span, scope);
    EXPECT_EQ(statusOf(co).code(), Status::Code::InvalidInput);
    QuoteOptions options;
    options.scope.coder = "zed";
    auto q = quotes(*m_store, *m_book, options);
    EXPECT_EQ(statusOf(q).code(), Status::Code::InvalidInput);
}

TEST(AggregateParse, NamesOfSpeechUnitsAndMeasures) {
    EXPECT_EQ(parseSpeech("participant"), Speech::Participant);
    EXPECT_EQ(parseSpeech("Any"), Speech::Any);
    EXPECT_EQ(parseSpeech("interviewer"), std::nullopt);
    EXPECT_EQ(parseCoUnit("span"), CoUnit::Span);
    EXPECT_EQ(parseCoUnit("turn"), CoUnit::Turn);
    EXPECT_EQ(parseCoUnit("document"), CoUnit::Document);
    EXPECT_EQ(parseCoUnit("paragraph"), std::nullopt);
    auto measures = parseMeasures("segments, %,words,segments");
    ASSERT_OK(measures);
    EXPECT_EQ(*measures,
              (std::vector<Measure>{Measure::Segments, Measure::Percent, Measure::Words}));
    auto bad = parseMeasures("segments,lines");
    ASSERT_FALSE(bad.isOk());
    EXPECT_EQ(bad.status().code(), Status::Code::InvalidInput);
    EXPECT_TRUE(contains(bad.status().message(), "'lines'")) << bad.status().message();
    EXPECT_TRUE(contains(bad.status().message(), "coverage")) << bad.status().message();
}

// Co-occurrence, over the study's codings plus four more:
//   x1 Other  T1a [18,30) "need 数据 分析 now": overlaps c1 and c2 (ChildA)
//   x2 ChildB T1a [29,32) "now": overlaps x1 only (c2 ends at 28)
//   x3 Other  S1b [11,19) "Maybe 分析": overlaps c5 (ChildB) and c6 (ChildA)
//   x4 Other  E1a [15,16) " ": touches c9 [8,15) and c7 [16,22), overlaps
//             neither
// Rows and columns: Parent, ChildA, ChildB, Other.
TEST_F(AggregateTest, CooccurrenceMatricesMatchTheHandComputation) {
    ASSERT_OK(m_book->addCodings({
        coding("Other", "T1a", 18, 30),   // x1
        coding("ChildB", "T1a", 29, 32),  // x2
        coding("Other", "S1b", 11, 19),   // x3
        coding("Other", "E1a", 15, 16),   // x4
    }));
    using Matrix = std::vector<std::vector<std::int64_t>>;
    const struct {
        const char* name;
        CoUnit unit;
        bool rollup;
        std::optional<std::string> coder;
        Matrix counts;
    } cases[] = {
        // Span. Diagonal: codings. ChildA c1 c2 c6 c10 = 4; ChildB c4 c5 c9
        // x2 = 4; Other c3 c7 c8 x1 x3 x4 = 6. Overlapping pairs: ChildA-Other
        // (c1,x1) (c2,x1) (c6,x3) = 3; ChildB-Other (x2,x1) (c5,x3) = 2;
        // ChildA-ChildB none; c1-c2 are one code; touching x4 counts nothing.
        {"span",
         CoUnit::Span,
         false,
         std::nullopt,
         {{0, 0, 0, 0}, {0, 4, 0, 3}, {0, 0, 4, 2}, {0, 3, 2, 6}}},
        // Span with roll-up: Parent's codings are ChildA's and ChildB's (8).
        // Parent-Other: (c1,x1) (c2,x1) (c6,x3) (x2,x1) (c5,x3) = 5.
        // Parent-ChildA: the one pair (c1,c2), both of ChildA and so of
        // Parent. Parent-ChildB: no ChildB coding overlaps another of Parent.
        {"span, rollup",
         CoUnit::Span,
         true,
         std::nullopt,
         {{8, 1, 0, 5}, {1, 4, 0, 3}, {0, 0, 4, 2}, {5, 3, 2, 6}}},
        // Turn. Units (turns) and the codes they hold:
        //   T1a I {Other: c3}; T1a T1 {ChildA c1 c2, Other x1, ChildB x2}
        //   S1a I {ChildB c4}; S1a S1 {ChildB c4} (c4 spans both turns)
        //   S1b S1 {ChildB c5, ChildA c6, Other x3}; S2a S2 {ChildA c10}
        //   E1a E1 {ChildB c9, Other x4 c7}; Notes (no turns: one unit) {Other}
        // Diagonal: ChildA 3, ChildB 5, Other 5. ChildA-ChildB 2 (T1a T1,
        // S1b S1), ChildA-Other 2 (the same), ChildB-Other 3 (and E1a E1).
        {"turn",
         CoUnit::Turn,
         false,
         std::nullopt,
         {{0, 0, 0, 0}, {0, 3, 2, 2}, {0, 2, 5, 3}, {0, 2, 3, 5}}},
        // Document: T1a {A B O}, S1a {B}, S1b {A B O}, S2a {A}, E1a {B O},
        // Notes {O}. Diagonal: A 3, B 4, O 4; A-B 2, A-O 2, B-O 3.
        {"document",
         CoUnit::Document,
         false,
         std::nullopt,
         {{0, 0, 0, 0}, {0, 3, 2, 2}, {0, 2, 4, 3}, {0, 2, 3, 4}}},
        // Document with roll-up: Parent wherever ChildA or ChildB is: T1a
        // S1a S1b S2a E1a = 5; with ChildA 3, ChildB 4, Other 3 (T1a S1b E1a).
        {"document, rollup",
         CoUnit::Document,
         true,
         std::nullopt,
         {{5, 3, 4, 3}, {3, 3, 2, 2}, {4, 2, 4, 3}, {3, 2, 3, 4}}},
        // Only bo's c7: one Other coding in one document.
        {"document, coder bo",
         CoUnit::Document,
         false,
         "bo",
         {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Scope scope;
        scope.rollup = c.rollup;
        scope.coder = c.coder;
        auto co = cooccurrence(*m_store, *m_book, c.unit, scope);
        ASSERT_OK(co);
        EXPECT_EQ(co->unit, c.unit);
        std::vector<std::string> paths;
        for (const auto& code : co->codes)
            paths.push_back(code.path);
        EXPECT_EQ(paths,
                  (std::vector<std::string>{"Parent", "Parent/ChildA", "Parent/ChildB", "Other"}));
        EXPECT_EQ(co->counts, c.counts);
    }
}

// Regression: with roll-up, two overlapping codings of ChildA are each also
// a coding of Parent; the one overlapping pair was counted twice in
// Parent × ChildA (once as (c1 as ChildA, c2 as Parent), once as (c2 as
// ChildA, c1 as Parent)).
TEST_F(AggregateTest, RollupCountsOneOverlapOfTwoSubCodeCodingsOnce) {
    Scope scope;
    scope.rollup = true;
    scope.codes = {codeId("Parent"), codeId("ChildA")};
    scope.coder = "ana";
    auto co = cooccurrence(*m_store, *m_book, CoUnit::Span, scope);
    ASSERT_OK(co);
    // Parent: c1 c2 c4 c5 c6 c10 c9 (7); ChildA: c1 c2 c6 c10 (4); the one
    // overlapping pair (c1, c2).
    using Matrix = std::vector<std::vector<std::int64_t>>;
    EXPECT_EQ(co->counts, (Matrix{{7, 1}, {1, 4}}));
}

// A quote as one line: "DOC [start,end) CODE CODER | PARTICIPANTS | SPEAKER
// KIND TIME | «text» «before» «after»".
std::string describe(const Quote& q) {
    std::string out = q.documentName + " [" + std::to_string(q.coding.start) + "," +
                      std::to_string(q.coding.end) + ") " + q.codePath + " " + q.coding.coder +
                      " |";
    for (const auto& p : q.participants)
        out += " " + p;
    out += " | " + (q.speaker.empty() ? std::string("-") : q.speaker) + " ";
    out += !q.kind ? "-" : *q.kind == SpeakerKind::Interviewer ? "interviewer" : "participant";
    out += " " + (q.timestampMs ? std::to_string(*q.timestampMs) : std::string("-"));
    return out + " | «" + q.text + "» «" + q.before + "» «" + q.after + "»";
}

// Every coding, in document order, with three code points of context. The
// emoji before c1 and 𠀀 before c10 are one code point each.
TEST_F(AggregateTest, QuotesSliceCodePointsWithContextAndSpeaker) {
    QuoteOptions options;
    options.context = 3;
    // By default, as in the tables, a coding of only the interviewer's
    // speech is no participant's quote.
    auto participantsOnly = quotes(*m_store, *m_book, options);
    ASSERT_OK(participantsOnly);
    ASSERT_FALSE(participantsOnly->empty());
    EXPECT_EQ(describe(participantsOnly->front()).substr(0, 9), "T1a [15,2");
    options.scope.speech = Speech::Any;
    auto q = quotes(*m_store, *m_book, options);
    ASSERT_OK(q);
    EXPECT_EQ(q->size(), participantsOnly->size() + 1);
    const std::vector<std::string> expected = {
        // All the interviewer's: nobody's speech, so the document's participant.
        "T1a [0,3) Other ana | T1 | I interviewer 0 | «How» «» « is»",
        "T1a [15,25) Parent/ChildA ana | T1 | T1 participant 5000 | «We need 数据» «\n😀 » « 分析»",
        "T1a [23,28) Parent/ChildA ana | T1 | T1 participant 5000 | «数据 分析» «ed » « no»",
        // Starts in the interviewer's turn: the speaker is the interviewer's.
        "S1a [4,17) Parent/ChildB ana | S1 | I interviewer 61000 | «plans?\nI want» «ny » « 数据»",
        "S1b [11,16) Parent/ChildB ana | S1 | S1 participant - | «Maybe» «r?\n» « 分析»",
        "S1b [17,19) Parent/ChildA ana | S1 | S1 participant - | «分析» «be » « to»",
        // After clamps at the end of the text.
        "S2a [7,19) Parent/ChildA ana | S2 | S2 participant - | «data matters» «\n𠀀 » «.\n»",
        "E1a [8,15) Parent/ChildB ana | E1 | E1 participant - | «Yes, 数据» «g?\n» « sk»",
        "E1a [16,22) Other bo | E1 | E1 participant - | «skills» «数据 » «.\n»",
        // No turns: no speaker; before clamps at the start.
        "Notes [0,5) Other ana | S2 | - - - | «数据 分析» «» « no»",
    };
    std::vector<std::string> actual;
    for (const auto& quote : *q)
        actual.push_back(describe(quote));
    EXPECT_EQ(actual, expected);

    // Attributes are the (first) participant's.
    ASSERT_EQ(q->size(), expected.size());
    using Values = std::map<std::string, std::string>;
    EXPECT_EQ((*q)[0].attributes, (Values{{"role", "teacher"}, {"years", "10"}}));
    EXPECT_EQ((*q)[6].attributes, (Values{{"role", "student"}, {"years", "9"}}));
    EXPECT_EQ((*q)[7].attributes, (Values{{"role", "enterprise"}}));
    EXPECT_EQ((*q)[9].attributes, (Values{{"role", "student"}, {"years", "9"}}));

    // Without context, before and after stay empty.
    QuoteOptions noContext;
    noContext.scope.speech = Speech::Any;
    auto plain = quotes(*m_store, *m_book, noContext);
    ASSERT_OK(plain);
    ASSERT_EQ(plain->size(), expected.size());
    EXPECT_EQ((*plain)[1].text, "We need 数据");
    EXPECT_EQ((*plain)[1].before, "");
    EXPECT_EQ((*plain)[1].after, "");
}

// The spans of the quotes chosen, as "DOC [start,end)".
std::vector<std::string> spansOf(const std::vector<Quote>& quotes) {
    std::vector<std::string> out;
    for (const auto& q : quotes)
        out.push_back(q.documentName + " [" + std::to_string(q.coding.start) + "," +
                      std::to_string(q.coding.end) + ")");
    return out;
}

TEST_F(AggregateTest, QuotesFilterByCodeCoderAttributesAndSpeech) {
    const struct {
        const char* name;
        std::vector<std::string> codes;
        std::optional<std::string> coder;
        std::vector<std::pair<std::string, std::string>> where;
        Speech speech;
        std::vector<std::string> spans;
    } cases[] = {
        {"ChildA",
         {"ChildA"},
         std::nullopt,
         {},
         Speech::Participant,
         {"T1a [15,25)", "T1a [23,28)", "S1b [17,19)", "S2a [7,19)"}},
        // scope.codes are the codes asked for: no roll-up of ChildA or ChildB.
        {"Parent", {"Parent"}, std::nullopt, {}, Speech::Participant, {}},
        {"coder bo", {}, "bo", {}, Speech::Participant, {"E1a [16,22)"}},
        {"role=student",
         {},
         std::nullopt,
         {{"role", "student"}},
         Speech::Participant,
         {"S1a [4,17)", "S1b [11,16)", "S1b [17,19)", "S2a [7,19)", "Notes [0,5)"}},
        // c3 is nobody's speech with participant speech, T1's with any.
        {"role=teacher",
         {},
         std::nullopt,
         {{"role", "teacher"}},
         Speech::Participant,
         {"T1a [15,25)", "T1a [23,28)"}},
        {"role=teacher, any speech",
         {},
         std::nullopt,
         {{"role", "teacher"}},
         Speech::Any,
         {"T1a [0,3)", "T1a [15,25)", "T1a [23,28)"}},
        // Names and values compare ignoring case.
        {"Role=ENTERPRISE",
         {},
         std::nullopt,
         {{"Role", "ENTERPRISE"}},
         Speech::Participant,
         {"E1a [8,15)", "E1a [16,22)"}},
        {"years=10, ChildA",
         {"ChildA"},
         std::nullopt,
         {{"years", "10"}},
         Speech::Participant,
         {"T1a [15,25)", "T1a [23,28)"}},
        // All filters must hold for one participant: no teacher is 9.
        {"role=teacher, years=9",
         {},
         std::nullopt,
         {{"role", "teacher"}, {"years", "9"}},
         Speech::Participant,
         {}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        QuoteOptions options;
        for (const auto& code : c.codes)
            options.scope.codes.push_back(codeId(code));
        options.scope.coder = c.coder;
        options.scope.speech = c.speech;
        options.where = c.where;
        auto q = quotes(*m_store, *m_book, options);
        ASSERT_OK(q);
        EXPECT_EQ(spansOf(*q), c.spans);
    }
}

TEST_F(AggregateTest, QuotesKeepFilterIsApplied) {
    // keep: the app's search filter; here only codings starting after 10.
    QuoteOptions options;
    options.keep = [](const Coding& c) { return c.start > 10; };
    auto q = quotes(*m_store, *m_book, options);
    ASSERT_OK(q);
    EXPECT_EQ(spansOf(*q), (std::vector<std::string>{"T1a [15,25)", "T1a [23,28)", "S1b [11,16)",
                                                     "S1b [17,19)", "E1a [16,22)"}));
}

TEST_F(AggregateTest, QuoteFiltersNamingUnknownAttributesOrValuesAreInvalidInput) {
    const struct {
        std::pair<std::string, std::string> where;
        std::vector<std::string> mentions;
    } cases[] = {
        {{"age", "30"}, {"'age'", "role, years"}},
        {{"role", "parent"}, {"'parent'", "role", "enterprise, student, teacher"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.where.first + "=" + c.where.second);
        QuoteOptions options;
        options.where = {c.where};
        auto q = quotes(*m_store, *m_book, options);
        ASSERT_FALSE(q.isOk());
        EXPECT_EQ(q.status().code(), Status::Code::InvalidInput);
        for (const auto& m : c.mentions)
            EXPECT_TRUE(contains(q.status().message(), m)) << q.status().message();
    }
}

}  // namespace
}  // namespace margin::codebook
