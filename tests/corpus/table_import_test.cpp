// Tables of utterances and surveys: the planner (rows to documents, turns
// and participants with typed attributes), its error messages, and applying
// a plan to a real project in one transaction.
#include "corpus/table_import.h"

#include "corpus/importer.h"
#include "corpus/offsets.h"
#include "corpus/participants.h"
#include "corpus/text.h"
#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::TempDir;
using test::visible;
using test::writeFile;
using Per = TableImportOptions::Per;

std::string joined(const std::vector<std::string>& items, const std::string& separator = " ") {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

// The documents in one line each:
//   "name{participants}: Speaker(I)=text | Speaker(P:participant)=text"
// with each turn's text sliced from the document by its span, so that a
// wrong span shows.
std::string documentsOf(const TableImportPlan& plan) {
    std::string out;
    for (const auto& doc : plan.documents) {
        out += (out.empty() ? "" : "\n") + doc.name + "{";
        for (std::size_t p = 0; p < doc.participants.size(); ++p)
            out += (p ? ";" : "") + doc.participants[p];
        out += "}:";
        for (std::size_t t = 0; t < doc.turns.size(); ++t) {
            const NewTurn& turn = doc.turns[t];
            auto said = sliceChars(doc.text, turn.start, turn.end);
            out += std::string(t ? " |" : "") + " " + turn.speaker + "(" +
                   (turn.kind == SpeakerKind::Interviewer ? "I" : "P") +
                   (turn.participant ? ":" + *turn.participant : "") +
                   ")=" + (said ? visible(*said) : "<outside the text>");
        }
    }
    return out;
}

// "role(category) year(number!)"; '!' marks a declared type.
std::string columnsOf(const ParticipantTable& table) {
    std::string out;
    for (const auto& c : table.columns)
        out += (out.empty() ? "" : " ") + c.name + "(" + attributeTypeName(c.type) +
               (c.declared ? "!" : "") + ")";
    return out;
}

// "R0001[teacher|2021] R0002[-|2022]"; '-' for no value.
std::string participantsOf(const ParticipantTable& table) {
    std::string out;
    for (const auto& r : table.rows) {
        out += (out.empty() ? "" : " ") + r.participant + "[";
        for (std::size_t v = 0; v < r.values.size(); ++v)
            out += (v ? "|" : "") + r.values[v].value_or("-");
        out += "]";
    }
    return out;
}

Result<TableImportPlan> plan(const std::string& csv, const TableImportOptions& options,
                             const std::string& file = "interviews.csv") {
    auto table = readTable(csv, file, options);
    if (!table.isOk())
        return table.status();
    return planTableImport(*table, options);
}

TableImportOptions dialogue(std::string text, std::string speaker, std::string document = {}) {
    TableImportOptions o;
    o.text = {std::move(text)};
    o.speaker = std::move(speaker);
    o.document = std::move(document);
    return o;
}

TableImportOptions survey(std::vector<std::string> text, std::string participant = {},
                          std::vector<std::string> attributes = {}, Per per = Per::Respondent) {
    TableImportOptions o;
    o.text = std::move(text);
    o.participant = std::move(participant);
    o.attributes = std::move(attributes);
    o.per = per;
    return o;
}

TEST(TableImportTest, DialogueRowsBecomeTurnsOfTheirDocuments) {
    struct Case {
        std::string label, csv;
        TableImportOptions options;
        std::string documents, participants;
    } cases[] = {
        {"rows grouped by the document column, in order of first appearance",
         "interview,speaker,utterance\n"
         "T01,Interviewer,What do students lack?\n"
         "T02,访谈者,你觉得学生缺什么？\n"
         "T01,Zhao,Data analysis.\n"
         "T02,王老师,数据分析能力。\n",
         dialogue("utterance", "speaker", "interview"),
         "T01{Zhao}: Interviewer(I)=What do students lack? | Zhao(P:Zhao)=Data analysis.\n"
         "T02{王老师}: 访谈者(I)=你觉得学生缺什么？ | 王老师(P:王老师)=数据分析能力。",
         "Zhao 王老师"},
        {"without a document column, one document named after the file",
         "speaker,text\nQ,Why?\nS01,Because.\nInterviewer 2,And then?\nS02,Then more.\n",
         dialogue("text", "speaker"),
         "interviews{S01;S02}: Q(I)=Why? | S01(P:S01)=Because. | Interviewer 2(I)=And then? | "
         "S02(P:S02)=Then more.",
         "S01 S02"},
        {"the participant column names the participant; interviewers have none",
         "speaker,participant,text\nInterviewer,,Hi\nStudent,S07,Hello\nInterviewer,S07,Bye\n",
         [] {
             auto o = dialogue("text", "speaker");
             o.participant = "participant";
             return o;
         }(),
         "interviews{S07}: Interviewer(I)=Hi | Student(P:S07)=Hello | Interviewer(I)=Bye", "S07"},
        {"an empty speaker continues the row above; rows without text are skipped",
         "speaker,text\n,A title row\nInterviewer,Q one\n,still asking\nZhao,\nZhao,Answer\n,\n",
         dialogue("text", "speaker"),
         "interviews{Zhao}: Interviewer(I)=Q one | Interviewer(I)=still asking | "
         "Zhao(P:Zhao)=Answer",
         "Zhao"},
        {"speakers differing in case or width are one, shown as first written",
         "speaker,text\nZhao,one\nzhao,two\nＺＨＡＯ,three\n", dialogue("text", "speaker"),
         "interviews{Zhao}: Zhao(P:Zhao)=one | Zhao(P:Zhao)=two | Zhao(P:Zhao)=three", "Zhao"},
        {"an empty document cell continues the document above",
         "doc,who,said\nA,Interviewer,x\n,Li,y\nB,Li,z\n", dialogue("said", "who", "doc"),
         "A{Li}: Interviewer(I)=x | Li(P:Li)=y\nB{Li}: Li(P:Li)=z", "Li"},
        {"custom interviewer labels", "who,said\nChen Jing,Why?\nLi,Because.\n",
         [] {
             auto o = dialogue("said", "who");
             o.interviewerLabels = {"Chen Jing"};
             return o;
         }(),
         "interviews{Li}: Chen Jing(I)=Why? | Li(P:Li)=Because.", "Li"},
        {"multi-line cells, CRLF and columns matched case-insensitively",
         "Speaker,Text\r\nInterviewer,\"Two\r\nlines\"\r\nLi,  padded  \r\n",
         dialogue("text", "SPEAKER"),
         "interviews{Li}: Interviewer(I)=Two\\nlines | Li(P:Li)=padded", "Li"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + "\n" + c.csv);
        auto p = plan(c.csv, c.options);
        ASSERT_OK(p);
        EXPECT_FALSE(p->survey);
        EXPECT_EQ(documentsOf(*p), c.documents);
        EXPECT_EQ(joined(p->participantNames), c.participants);
        for (const auto& doc : p->documents) {
            EXPECT_TRUE(isNormalizedText(doc.text)) << visible(doc.text);
            EXPECT_EQ(doc.sourceName, "interviews.csv");
            EXPECT_EQ(doc.sourceFormat, "csv");
        }
    }
}

TEST(TableImportTest, DialogueTextIsOneParagraphPerRow) {
    auto p = plan("speaker,text\n访谈者,你好吗？\nZhao,\"Fine, thanks 😀\"\n",
                  dialogue("text", "speaker"), "dir/T01 访谈.csv");
    ASSERT_OK(p);
    ASSERT_EQ(p->documents.size(), 1u);
    EXPECT_EQ(p->documents[0].name, "T01 访谈");
    EXPECT_EQ(visible(p->documents[0].text), "访谈者: 你好吗？\\n\\nZhao: Fine, thanks 😀");
    EXPECT_EQ(p->rows, 2u);
}

TEST(TableImportTest, SurveyRespondentsAnswersAndAttributes) {
    const std::string kSurvey =
        "id,role,year,gender,Q1,Q2\n"
        "S001,teacher,2021,F,More practice.,实习太少\n"
        "S002,student,2022,M,,Internship helped\n"
        "S003,student,2021,F,,\n"
        "S004,enterprise,2023,M,Data skills,\n";
    struct Case {
        std::string label;
        TableImportOptions options;
        std::string documents, columns, participants;
        std::size_t emptyAnswers;
    } cases[] = {
        {"one document per respondent; a respondent without answers has none",
         survey({"Q1", "Q2"}, "id", {"role", "year", "gender"}),
         "S001{S001}: Q1(P:S001)=More practice. | Q2(P:S001)=实习太少\n"
         "S002{S002}: Q2(P:S002)=Internship helped\n"
         "S004{S004}: Q1(P:S004)=Data skills",
         "role(category) year(number) gender(category)",
         "S001[teacher|2021|F] S002[student|2022|M] S003[student|2021|F] "
         "S004[enterprise|2023|M]",
         4},
        {"one document per question", survey({"Q1,Q2"}, "id", {"role"}, Per::Question),
         "Q1{S001;S004}: S001(P:S001)=More practice. | S004(P:S004)=Data skills\n"
         "Q2{S001;S002}: S001(P:S001)=实习太少 | S002(P:S002)=Internship helped",
         "role(category)", "S001[teacher] S002[student] S003[student] S004[enterprise]", 4},
        {"without an id column, respondents are numbered by row",
         survey({"Q2"}, "", {"gender:text"}),
         "R0001{R0001}: Q2(P:R0001)=实习太少\nR0002{R0002}: Q2(P:R0002)=Internship helped",
         "gender(text!)", "R0001[F] R0002[M] R0003[F] R0004[M]", 2},
        {"a type declared on the command line", survey({"Q1"}, "id", {"year:category", "role"}),
         "S001{S001}: Q1(P:S001)=More practice.\nS004{S004}: Q1(P:S004)=Data skills",
         "year(category!) role(category)",
         "S001[2021|teacher] S002[2022|student] S003[2021|student] S004[2023|enterprise]", 2},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label);
        auto p = plan(kSurvey, c.options, "survey.csv");
        ASSERT_OK(p);
        EXPECT_TRUE(p->survey);
        EXPECT_EQ(documentsOf(*p), c.documents);
        EXPECT_EQ(columnsOf(p->participants), c.columns);
        EXPECT_EQ(participantsOf(p->participants), c.participants);
        EXPECT_EQ(p->participantNames.size(), 4u);
        EXPECT_EQ(p->emptyAnswers, c.emptyAnswers);
    }
}

TEST(TableImportTest, AttributeTypesFollowTheParticipantSheetRules) {
    struct Case {
        std::string label, csv;
        std::vector<std::string> attributes;
        std::string columns, participants;
    } cases[] = {
        {"numbers, categories and free text inferred",
         "id,years,role,motto,a\n1,3,t,Learn by doing,x\n2,0.5,t,Ask why,y\n3,12,s,Keep going,z\n",
         {"years,role,motto"},
         "years(number) role(category) motto(text)",
         "1[3|t|Learn by doing] 2[0.5|t|Ask why] 3[12|s|Keep going]"},
        {"a header declaring its type is found by its name",
         "id,age:text,a\n1,30,x\n2,31,y\n",
         {"age"},
         "age(text!)",
         "1[30] 2[31]"},
        {"a column whose name has a comma, given whole",
         "id,\"city, province\",a\n1,\"Shenzhen, Guangdong\",x\n",
         {"city, province"},
         "city, province(text)",
         "1[Shenzhen, Guangdong]"},
        {"attributes repeated and listed",
         "id,r,g,a\n1,t,F,x\n2,t,M,y\n",
         {"r", "g"},
         "r(category) g(text)",
         "1[t|F] 2[t|M]"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + "\n" + c.csv);
        auto p = plan(c.csv, survey({"a"}, "id", c.attributes), "s.csv");
        ASSERT_OK(p);
        EXPECT_EQ(columnsOf(p->participants), c.columns);
        EXPECT_EQ(participantsOf(p->participants), c.participants);
    }
}

TEST(TableImportTest, DialogueAttributesComeFromEachParticipantsRows) {
    auto o = dialogue("text", "speaker", "doc");
    o.attributes = {"role"};
    auto p = plan(
        "doc,speaker,role,text\n"
        "A,Interviewer,,Why?\n"
        "A,Li,teacher,Because.\n"
        "A,Li,,Also this.\n"
        "B,Wang,,Hm.\n"
        "B,Zhao,student,Yes.\n",
        o);
    ASSERT_OK(p);
    EXPECT_EQ(columnsOf(p->participants), "role(text)");
    // Wang has no value: the project's value (if any) is left alone.
    EXPECT_EQ(participantsOf(p->participants), "Li[teacher] Zhao[student]");
    EXPECT_EQ(joined(p->participantNames), "Li Wang Zhao");
}

TEST(TableImportTest, ErrorsNameTheFileLineAndColumn) {
    const std::string kDialogue = "doc,speaker,role,text\nA,Li,teacher,x\nA,Li,student,y\n";
    const std::string kSurvey = "id,role,year,Q1,Q2\nS1,t,2020,a,\nS2,s,2021,b,\nS1,s,2022,c,\n";
    struct Case {
        std::string label, csv;
        TableImportOptions options;
        std::string message;
        std::string file = "t.csv";
    } cases[] = {
        {"no such text column", kSurvey, survey({"Q3"}, "id"),
         "t.csv: no column 'Q3' (given as --text); the columns are 'id', 'role', 'year', 'Q1', "
         "'Q2'"},
        {"no such speaker column", kDialogue, dialogue("text", "who"),
         "t.csv: no column 'who' (given as --speaker); the columns are 'doc', 'speaker', 'role', "
         "'text'"},
        {"no such attribute column in a list", kSurvey, survey({"Q1"}, "", {"role,grade"}),
         "t.csv: no column 'grade' (given as --attributes); the columns are 'id', 'role', 'year', "
         "'Q1', 'Q2'"},
        {"columns separated by semicolons", "id;Q1\n1;a\n", survey({"Q1"}),
         "t.csv: no column 'Q1' (given as --text); the columns are 'id;Q1'; the columns seem "
         "separated by ';': save the table as CSV with commas (\"CSV UTF-8\" in Excel)"},
        {"a text column empty in every row", kSurvey, survey({"Q1", "Q2"}, "id"),
         "t.csv: column 'Q2' (--text) is empty in every row"},
        {"a duplicate respondent", kSurvey, survey({"Q1"}, "id"),
         "t.csv: line 4, column 'id': respondent 'S1' appears twice (first on line 2)"},
        {"a duplicate respondent differing in case", "id,Q\nab,x\nAB,y\n", survey({"Q"}, "id"),
         "t.csv: line 3, column 'id': respondent 'AB' appears twice (first on line 2)"},
        {"an empty respondent id", "id,Q\nS1,x\n,y\n", survey({"Q"}, "id"),
         "t.csv: line 3, column 'id': the respondent's id is empty"},
        {"mismatched quotes", "id,Q\nS1,\"unclosed\nS2,x\n", survey({"Q"}, "id"),
         "t.csv: line 2: quoted field is never closed (a \" inside a field must be doubled: \"\")"},
        {"a column in two roles", kSurvey, survey({"Q1"}, "id", {"Q1"}),
         "t.csv: column 'Q1' is given both as --text and as --attributes"},
        {"a text column twice", kSurvey, survey({"Q1", "q1"}, "id"),
         "t.csv: column 'Q1' is given twice as --text"},
        {"a dialogue with two text columns", kDialogue,
         [] {
             auto o = dialogue("text", "speaker");
             o.text.push_back("role");
             return o;
         }(),
         "t.csv: a dialogue table (--speaker) has one --text column, not 2"},
        {"--document in a survey", kSurvey,
         [] {
             auto o = survey({"Q1"}, "id");
             o.document = "role";
             return o;
         }(),
         "t.csv: --document groups the rows of a dialogue table (with --speaker); a survey has "
         "one row per respondent"},
        {"a header without rows", "id,Q1\n\n", survey({"Q1"}),
         "t.csv: the table has a header but no rows"},
        {"an empty file", "", survey({"Q1"}), "t.csv: the file is empty"},
        {"an attribute named like a fixed sheet column", "id,Document,Q\n1,a,b\n",
         survey({"Q"}, "id", {"document"}),
         "t.csv: column 'Document' cannot be an attribute (participant sheets use the name for "
         "their own column); rename it"},
        {"an unknown attribute type", kSurvey, survey({"Q1"}, "", {"year:date"}),
         "t.csv: --attributes 'year:date': unknown type 'date' (use text, number or category)"},
        {"a declared number that is not one", "id,age:number,Q\n1,30,a\n2,thirty,b\n",
         survey({"Q"}, "id", {"age"}), "t.csv: line 3: column 'age': 'thirty' is not a number"},
        {"a participant with two values of an attribute", kDialogue,
         [] {
             auto o = dialogue("text", "speaker", "doc");
             o.attributes = {"role"};
             return o;
         }(),
         "t.csv: line 3, column 'role': participant 'Li' is 'student' here but 'teacher' on "
         "line 2"},
        {"the first document cell empty", "doc,who,said\n,Li,x\n", dialogue("said", "who", "doc"),
         "t.csv: line 2, column 'doc': the document cell is empty (and no row above names one)"},
        {"an ambiguous column", "Q,q,id\n1,2,3\n", survey({"Ｑ"}),
         "t.csv: column 'Ｑ' is ambiguous: the header has 'Q' (column 1) and 'q' (column 2)"},
        {"--sheet on a CSV file", kSurvey,
         [] {
             auto o = survey({"Q1"});
             o.sheet = "Sheet2";
             return o;
         }(),
         "t.csv: --sheet applies to .xlsx files"},
        {"an unsupported file type", kSurvey, survey({"Q1"}),
         "t.ods: import-table reads .csv and .xlsx files, not '.ods'", "t.ods"},
        {"undecodable bytes", "id,Q\n1,\xC3\x28\xC3\xA9\xC3\xA9\xC3\xA9\n", survey({"Q"}),
         "t.csv: "},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + "\n" + visible(c.csv));
        auto p = plan(c.csv, c.options, c.file);
        ASSERT_FALSE(p.isOk()) << documentsOf(*p);
        EXPECT_EQ(p.status().code(), Status::Code::InvalidInput);
        if (c.message.ends_with(": "))
            EXPECT_TRUE(p.status().message().starts_with(c.message)) << p.status().message();
        else
            EXPECT_EQ(p.status().message(), c.message);
    }
}

TEST(TableImportTest, DecodesGbkAndHonoursAnEncodingGiven) {
    const std::string csv =
        "说话人,内容\n访谈者,你们学校的实习安排怎么样？\n张老师,说实话，"
        "企业愿意接收的学生不多。\n";
    for (const std::string encoding : {"", "GBK"}) {
        SCOPED_TRACE("encoding given: '" + encoding + "'");
        TableImportOptions o = dialogue("内容", "说话人");
        o.encoding = encoding;
        auto table = readTable(test::encode(csv, "GBK"), "访谈.csv", o);
        ASSERT_OK(table);
        EXPECT_EQ(table->encoding, encoding.empty() ? "GB18030" : "GBK");
        auto p = planTableImport(*table, o);
        ASSERT_OK(p);
        EXPECT_EQ(documentsOf(*p),
                  "访谈{张老师}: 访谈者(I)=你们学校的实习安排怎么样？ | "
                  "张老师(P:张老师)=说实话，企业愿意接收的学生不多。");
    }
}

class TableImportStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = Store::create(m_dir / "p.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
    }
    // What a researcher would see of the project: documents, participants
    // with attributes, and the generation (a change leaves a trace there).
    std::string snapshot() {
        std::string out;
        auto docs = m_store->documents();
        auto people = m_store->participants();
        auto generation = m_store->generation();
        EXPECT_OK(docs);
        EXPECT_OK(people);
        EXPECT_OK(generation);
        if (!docs.isOk() || !people.isOk() || !generation.isOk())
            return "<unreadable>";
        for (const auto& d : *docs)
            out += "doc " + d.name + " (" + std::to_string(d.turnCount) + " turns); ";
        for (const auto& p : *people) {
            out += "participant " + p.name;
            for (const auto& [k, v] : p.values)
                out += " " + k + "=" + v;
            out += "; ";
        }
        return out + "generation " + std::to_string(*generation);
    }

    TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

TEST_F(TableImportStoreTest, ImportsASurveyInOneTransaction) {
    writeFile(m_dir / "survey.csv",
              "id,role,Q1\nS1,teacher,Need more labs\nS2,student,\nS3,student,实习\n");
    auto before = m_store->generation();
    ASSERT_OK(before);
    auto report = importTable(*m_store, m_dir / "survey.csv", survey({"Q1"}, "id", {"role"}));
    ASSERT_OK(report);
    EXPECT_EQ(report->ids.size(), 2u);
    EXPECT_EQ(report->participants.participantsAdded, 3);
    EXPECT_EQ(snapshot(),
              "doc S1 (1 turns); doc S3 (1 turns); participant S1 role=teacher; "
              "participant S2 role=student; participant S3 role=student; generation " +
                  std::to_string(*before + 1));
    auto turns = m_store->turns(report->ids[1]);
    ASSERT_OK(turns);
    ASSERT_EQ(turns->size(), 1u);
    EXPECT_EQ((*turns)[0].speaker, "Q1");
    EXPECT_EQ((*turns)[0].participant, "S3");
    auto doc = m_store->findDocument("S3");
    ASSERT_OK(doc);
    EXPECT_EQ(doc->sourceName, "survey.csv");
    EXPECT_EQ(doc->participants, std::vector<std::string>{"S3"});
    auto problems = m_store->check();
    ASSERT_OK(problems);
    EXPECT_TRUE(problems->empty()) << joined(*problems);
}

TEST_F(TableImportStoreTest, FailuresAndDryRunsStoreNothing) {
    writeFile(m_dir / "S1.txt", "Interviewer: hi\nS1: hello\n");
    writeFile(m_dir / "survey.csv", "id,role,Q1\nS0,teacher,ok\nS1,student,fine\n");
    writeFile(m_dir / "empty.csv", "");
    writeFile(m_dir / "quotes.csv", "id,Q1\nS5,\"never closed\n");
    // Past the limit (a sparse file: no disk space used, nothing read).
    writeFile(m_dir / "huge.csv", "id,Q1\n");
    std::filesystem::resize_file(m_dir / "huge.csv", kMaxImportBytes + (1 << 20));
    // A document S1 already exists: the survey's S1 would take its name.
    NewDocument existing{"S1", "hi", "S1.txt", "txt", "UTF-8", std::string(64, '0'), {}, {}};
    ASSERT_OK(m_store->addDocument(existing));
    const std::string before = snapshot();
    struct Case {
        std::string file;
        TableImportOptions options;
        bool dryRun;
        std::string message;  // empty: succeeds
    } cases[] = {
        {"survey.csv", survey({"Q1"}, "id", {"role"}), false,
         (m_dir / "survey.csv").string() + ": a document named 'S1' is already in the project"},
        {"survey.csv", survey({"Q1"}, "id", {"role"}, Per::Question), true, ""},
        {"empty.csv", survey({"Q1"}), false,
         (m_dir / "empty.csv").string() + ": the file is empty"},
        {"quotes.csv", survey({"Q1"}, "id"), false,
         (m_dir / "quotes.csv").string() +
             ": line 2: quoted field is never closed (a \" inside a field must be doubled: \"\")"},
        {"huge.csv", survey({"Q1"}), false,
         (m_dir / "huge.csv").string() + ": too large to import (513 MiB; the limit is 512 MiB)"},
        {"missing.csv", survey({"Q1"}), false, (m_dir / "missing.csv").string() + ": no such file"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file + (c.dryRun ? " (dry run)" : ""));
        auto report = importTable(*m_store, m_dir / c.file, c.options, c.dryRun);
        if (c.message.empty()) {
            ASSERT_OK(report);
            EXPECT_TRUE(report->ids.empty());
            EXPECT_EQ(report->plan.documents.size(), 1u);
        } else {
            ASSERT_FALSE(report.isOk());
            EXPECT_EQ(report.status().message(), c.message);
        }
        EXPECT_EQ(snapshot(), before);
    }
}

TEST_F(TableImportStoreTest, AddDocumentsIsAllOrNothing) {
    ParticipantTable people;
    people.source = "s.csv";
    people.columns = {{"role", AttributeType::Category, false}};
    people.rows = {{2, "S1", {"teacher"}, {}}};
    NewDocument good{"good", "S1: fine", "s.csv", "csv", "UTF-8", std::string(64, '0'), {"S1"}, {}};
    good.turns = {{4, 8, "S1", SpeakerKind::Participant, "S1", {}}};
    NewDocument bad = good;
    bad.name = "bad";
    bad.turns[0].end = 99;  // outside the text: refused after `good` was inserted
    const std::string before = snapshot();
    auto ids = m_store->addDocuments({good, bad}, &people);
    ASSERT_FALSE(ids.isOk());
    EXPECT_EQ(ids.status().message(),
              "document 'bad': turn [4, 99) is outside the text (length 8)");
    EXPECT_EQ(snapshot(), before);

    ParticipantImportReport report;
    ids = m_store->addDocuments({good}, &people, &report);
    ASSERT_OK(ids);
    EXPECT_EQ(ids->size(), 1u);
    EXPECT_EQ(report.participantsAdded, 1);
    EXPECT_EQ(report.attributesAdded, 1);
    EXPECT_NE(snapshot().find("doc good (1 turns); participant S1 role=teacher;"),
              std::string::npos)
        << snapshot();
}

}  // namespace
}  // namespace margin::corpus
