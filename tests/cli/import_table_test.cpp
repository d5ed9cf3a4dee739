// Acceptance: `margin import-table` as a researcher uses it. A 500-respondent
// survey with three open-ended questions becomes 500 participants with
// attributes and the answers documents, and `margin table --by role` then
// counts exactly the respondents whose answers hold an auto-coded word; a
// GBK transcript table becomes interviews with speaker turns; hostile and
// broken tables give one clear error and change nothing.
#include <array>
#include <map>
#include <random>
#include <regex>

#include "corpus/csv.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

// "margin a b c", for SCOPED_TRACE.
std::string commandLine(const std::vector<std::string>& args) {
    std::string line = "margin";
    for (const auto& a : args)
        line += " " + a;
    return line;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A CSV listing: the header and the rows, by column name.
struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::string at(std::size_t row, const std::string& column) const {
        auto i = static_cast<std::size_t>(std::find(header.begin(), header.end(), column) -
                                          header.begin());
        return i < rows[row].size() ? rows[row][i] : "<no column " + column + ">";
    }
};

Csv parsed(const std::string& text) {
    Csv csv;
    auto records = corpus::parseCsv(text);
    EXPECT_TRUE(records.isOk()) << (records.isOk() ? "" : records.status().message()) << "\n"
                                << text;
    if (!records.isOk() || records->empty())
        return csv;
    csv.header = records->front().fields;
    for (std::size_t i = 1; i < records->size(); ++i)
        csv.rows.push_back((*records)[i].fields);
    return csv;
}

// --- the generated survey ------------------------------------------------------

const std::string kWord = "internship";

struct Answer {
    const char* text;
    bool hasWord;  // holds kWord as a word
};

// Answers as respondents write them: Chinese, English and both, some naming
// the internship.
const std::array<std::vector<Answer>, 3> kAnswers = {{
    {{"More practice with real Amazon stores.", false},
     {"The internship was the most useful part.", true},
     {"数据分析和广告投放。", false},
     {"学到了很多，especially the internship at a logistics company.", true},
     {"Listing optimisation, 关键词研究。", false},
     {"实习让我了解了跨境电商的实际流程。", false}},
    {{"Teachers with industry experience.", false},
     {"A longer internship, at least three months.", true},
     {"企业导师太少。", false},
     {"更多的实习机会 and a proper internship plan.", true},
     {"Software that looks like the real platforms.", false}},
    {{"Invite sellers to teach.", false},
     {"Internship first, then the theory.", true},
     {"加强英语沟通训练。", false},
     {"Build a simulated store on the campus.", false},
     {"把实习和课程结合起来，link every internship to a course.", true}},
}};

struct Respondent {
    std::string id, role, gender;
    int year = 0;
    std::array<std::string, 3> answers;
    bool saysWord = false;
    int answered() const {
        return static_cast<int>(std::count_if(answers.begin(), answers.end(),
                                              [](const auto& a) { return !a.empty(); }));
    }
};

// 500 respondents from a fixed seed (std::mt19937's output is the same on
// every platform; distributions are not, so they are not used).
std::vector<Respondent> makeSurvey() {
    std::mt19937 random(20240501);
    const char* roles[] = {"teacher", "student", "enterprise"};
    std::vector<Respondent> out;
    for (int i = 1; i <= 500; ++i) {
        Respondent r;
        char id[16];
        std::snprintf(id, sizeof id, "P%03d", i);
        r.id = id;
        r.role = roles[random() % 3];
        r.year = 2019 + static_cast<int>(random() % 6);
        r.gender = random() % 2 ? "F" : "M";
        for (std::size_t q = 0; q < 3; ++q) {
            bool empty = random() % 5 == 0 || i % 50 == 7;  // P007, P057...: no answer at all
            const Answer& a = kAnswers[q][random() % kAnswers[q].size()];
            if (empty)
                continue;
            r.answers[q] = a.text;
            r.saysWord = r.saysWord || a.hasWord;
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string surveyCsv(const std::vector<Respondent>& survey) {
    std::string out =
        corpus::csvRecord({"id", "role", "year", "gender", "What did the programme teach you?",
                           "What was missing?", "Q3 建议"});
    for (const auto& r : survey)
        out += corpus::csvRecord({r.id, r.role, std::to_string(r.year), r.gender, r.answers[0],
                                  r.answers[1], r.answers[2]});
    return out;
}

class ImportTableTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_project = (m_dir / "p.margin").string();
        auto init = runMargin({"init", m_project});
        ASSERT_EQ(init.exitCode, 0) << init.describe();
    }
    RunResult margin(std::vector<std::string> args) const {
        args.insert(args.begin(), {"-p", m_project});
        return runMargin(args, {{"MARGIN_CODER", ""}});
    }
    std::string ok(const std::vector<std::string>& args) const {
        auto r = margin(args);
        EXPECT_EQ(r.exitCode, 0) << commandLine(args) << "\n" << r.describe();
        return r.out;
    }
    // What the project holds, as the user would list it.
    std::string snapshot() const {
        return ok({"docs", "--format", "csv"}) + ok({"participants", "--format", "csv"});
    }
    // A document's turns in one line: "speaker(kind participant)=text | ...".
    std::string turnsOf(const std::string& document) const {
        std::string json = ok({"show", document, "--format", "json"});
        static const std::regex turn(
            R"re("speaker": "([^"]*)",\s*"kind": "(\w+)",\s*"participant": (?:null|"([^"]*)"),\s*"start": \d+,\s*"end": \d+,\s*"timestamp": [^,]+,\s*"text": "((?:[^"\\]|\\.)*)")re");
        std::string out;
        for (std::sregex_iterator i(json.begin(), json.end(), turn), end; i != end; ++i)
            out += std::string(out.empty() ? "" : " | ") + (*i)[1].str() + "(" + (*i)[2].str() +
                   ((*i)[3].matched ? " " + (*i)[3].str() : "") + ")=" + (*i)[4].str();
        return out;
    }

    TempDir m_dir;
    std::string m_project;
};

TEST_F(ImportTableTest, A500RespondentSurveyCanBeCodedAndTabulatedByRole) {
    const auto survey = makeSurvey();
    const std::string file = (m_dir / "survey.csv").string();
    writeFile(file, surveyCsv(survey));

    std::string out =
        ok({"import-table", file, "--participant", "id", "--attributes", "role,year,gender",
            "--text", "What did the programme teach you?", "--text", "What was missing?,Q3 建议"});
    int withAnswers = 0, answers = 0;
    for (const auto& r : survey) {
        withAnswers += r.answered() > 0;
        answers += r.answered();
    }
    ASSERT_LT(withAnswers, 500) << "the generator should leave some respondents silent";
    EXPECT_TRUE(contains(out, "imported " + file +
                                  " (UTF-8, 500 rows): " + std::to_string(withAnswers) +
                                  " documents, " + std::to_string(answers) +
                                  " turns; 500 participants (500 new, "
                                  "0 updated) with attributes role "
                                  "(category), year (number), gender "
                                  "(category)"))
        << out;

    // Every respondent is a participant with their attributes.
    Csv people = parsed(ok({"participants", "--format", "csv"}));
    EXPECT_EQ(people.header,
              (std::vector<std::string>{"participant", "documents", "role", "year", "gender"}));
    ASSERT_EQ(people.rows.size(), 500u);
    for (std::size_t i = 0; i < survey.size(); ++i) {
        const Respondent& r = survey[i];
        SCOPED_TRACE(r.id);
        EXPECT_EQ(people.at(i, "participant"), r.id);
        EXPECT_EQ(people.at(i, "role"), r.role);
        EXPECT_EQ(people.at(i, "year"), std::to_string(r.year));
        EXPECT_EQ(people.at(i, "gender"), r.gender);
        EXPECT_EQ(people.at(i, "documents"), r.answered() ? r.id : "");
    }

    // The answers are documents, one per respondent who answered.
    Csv docs = parsed(ok({"docs", "--format", "csv"}));
    ASSERT_EQ(docs.rows.size(), static_cast<std::size_t>(withAnswers));
    std::size_t d = 0;
    for (const auto& r : survey) {
        if (!r.answered())
            continue;
        SCOPED_TRACE(r.id);
        EXPECT_EQ(docs.at(d, "name"), r.id);
        EXPECT_EQ(docs.at(d, "participants"), r.id);
        EXPECT_EQ(docs.at(d, "turns"), std::to_string(r.answered()));
        EXPECT_EQ(docs.at(d, "source"), "survey.csv");
        ++d;
    }
    const Respondent& first = survey.front();
    std::string expected;
    const char* questions[] = {"What did the programme teach you?", "What was missing?", "Q3 建议"};
    for (std::size_t q = 0; q < 3; ++q)
        if (!first.answers[q].empty())
            expected += std::string(expected.empty() ? "" : " | ") + questions[q] +
                        "(participant " + first.id + ")=" + first.answers[q];
    EXPECT_EQ(turnsOf(first.id), expected);

    // Code the answers that name the internship and count respondents by role.
    ok({"codes", "add", "X"});
    std::string coded = ok({"autocode", kWord, "--code", "X"});
    std::map<std::string, int> expectedByRole;
    int total = 0;
    for (const auto& r : survey)
        if (r.saysWord) {
            ++expectedByRole[r.role];
            ++total;
        }
    ASSERT_GT(total, 20);
    Csv table =
        parsed(ok({"table", "--by", "role", "--measure", "participants", "--format", "csv"}));
    std::size_t row = table.rows.size();
    for (std::size_t i = 0; i < table.rows.size(); ++i)
        if (table.at(i, "code") == "X")
            row = i;
    ASSERT_LT(row, table.rows.size()) << "no row for code X";
    for (const char* role : {"teacher", "student", "enterprise"}) {
        SCOPED_TRACE(role);
        EXPECT_EQ(table.at(row, role), std::to_string(expectedByRole[role]));
    }
    EXPECT_EQ(table.at(row, "Total"), std::to_string(total));
}

TEST_F(ImportTableTest, AGbkTranscriptTableBecomesInterviewsWithTurns) {
    const std::string file = (dataDir() / "formats/table/interviews-gbk.csv").string();
    std::string out = ok(
        {"import-table", file, "--text", "内容", "--speaker", "说话人", "--document", "访谈编号"});
    EXPECT_TRUE(contains(out,
                         "(GB18030, 9 rows): 2 documents, 9 turns (4 interviewer); 2 "
                         "participants\n"))
        << out;
    Csv docs = parsed(ok({"docs", "--format", "csv"}));
    ASSERT_EQ(docs.rows.size(), 2u);
    EXPECT_EQ(docs.at(0, "name"), "T01");
    EXPECT_EQ(docs.at(0, "participants"), "王老师");
    EXPECT_EQ(docs.at(0, "encoding"), "GB18030");
    EXPECT_EQ(docs.at(1, "participants"), "李经理");
    EXPECT_EQ(turnsOf("T01"),
              "访谈者(interviewer)=您好，请先介绍一下您教的课程。 | "
              "王老师(participant 王老师)=我教跨境电商运营，主要是亚马逊平台的实操。 | "
              "访谈者(interviewer)=学生实习的情况怎么样？ | "
              "王老师(participant 王老师)=说实话，企业愿意接收的学生不多，\\n一般只要两三个人。 | "
              "王老师(participant 王老师)=而且实习时间太短。");
    EXPECT_EQ(turnsOf("T02"),
              "访谈者(interviewer)=What skills do graduates lack? | "
              "李经理(participant 李经理)=Data analysis, mostly. 他们看不懂广告报表。 | "
              "访谈者(interviewer)=还有呢？ | "
              "李经理(participant 李经理)=Communication with overseas buyers.");
    // The turns are searchable at once, by speaker.
    std::string hits = ok({"search", "广告", "--format", "csv"});
    EXPECT_TRUE(contains(hits, "T02,李经理,李经理,participant")) << hits;
}

TEST_F(ImportTableTest, ADryRunShowsThePlanAndChangesNothing) {
    const std::string file = (m_dir / "s.csv").string();
    writeFile(file, "id,role,Q1,Q2\nS1,teacher,Labs,\nS2,student,,\nS3,student,实习,Jobs\n");
    const std::string before = snapshot();
    std::string out = ok({"import-table", file, "--text", "Q1,Q2", "--participant", "id",
                          "--attributes", "role", "--per", "question", "--dry-run"});
    EXPECT_EQ(out, file +
                       ": 3 rows, a survey\n"
                       "would add 2 documents with 3 turns:\n"
                       "  'Q1': 2 turns; speakers S1, S3; participants S1, S3\n"
                       "  'Q2': 1 turn; speakers S3; participants S3\n"
                       "would add or update 3 participants with attributes role (category):\n"
                       "  S1  role=teacher\n"
                       "  S2  role=student\n"
                       "  S3  role=student\n"
                       "3 empty answers skipped\n"
                       "nothing was imported (--dry-run)\n");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportTableTest, BadTablesGiveOneClearErrorAndChangeNothing) {
    auto file = [&](const std::string& name) { return (m_dir / name).string(); };
    writeFile(file("quotes.csv"), "id,Q1\nS1,\"fine\"\nS2,\"never closed\nS3,x\n");
    writeFile(file("s.csv"), "id,role,Q1\nS1,teacher,yes\nS2,student,no\n");
    writeFile(file("twice.csv"), "id,role,Q1\nS1,teacher,yes\nS1,student,no\n");
    writeFile(file("empty.csv"), "");
    writeFile(file("blank.csv"), "id,Q1,Q2\nS1,a,\nS2,b,\n");
    writeFile(file("T01.csv"), "speaker,text\nInterviewer,Hi\nZhao,Hello\n");
    writeFile(file("renamed.xlsx"), "id,Q1\nS1,a\n");
    // A document T01 is already in the project.
    ok({"import-table", file("T01.csv"), "--text", "text", "--speaker", "speaker"});
    const std::string before = snapshot();
    const std::string xlsx = (dataDir() / "formats/table/survey.xlsx").string();
    struct Case {
        std::vector<std::string> args;
        int exitCode;
        std::string err;  // the whole of stderr
    } cases[] = {
        {{file("quotes.csv"), "--text", "Q1"},
         1,
         "margin: " + file("quotes.csv") +
             ": line 3: quoted field is never closed (a \" inside a field must be doubled: "
             "\"\")\n"},
        {{file("s.csv"), "--text", "Q2"},
         1,
         "margin: " + file("s.csv") +
             ": no column 'Q2' (given as --text); the columns are 'id', 'role', 'Q1'\n"},
        {{file("s.csv"), "--text", "Q1", "--attributes", "role,grade"},
         1,
         "margin: " + file("s.csv") +
             ": no column 'grade' (given as --attributes); the columns are 'id', 'role', 'Q1'\n"},
        {{file("twice.csv"), "--text", "Q1", "--participant", "id"},
         1,
         "margin: " + file("twice.csv") +
             ": line 3, column 'id': respondent 'S1' appears twice (first on line 2)\n"},
        {{file("blank.csv"), "--text", "Q1,Q2"},
         1,
         "margin: " + file("blank.csv") + ": column 'Q2' (--text) is empty in every row\n"},
        {{file("empty.csv"), "--text", "Q1"},
         1,
         "margin: " + file("empty.csv") + ": the file is empty\n"},
        {{file("T01.csv"), "--text", "text", "--speaker", "speaker"},
         1,
         "margin: " + file("T01.csv") + ": a document named 'T01' is already in the project\n"},
        {{file("missing.csv"), "--text", "Q1"},
         1,
         "margin: " + file("missing.csv") + ": no such file\n"},
        {{xlsx, "--text", "Q9"},
         1,
         "margin: " + xlsx +
             ": sheet '问卷' has no column 'Q9' (given as --text); the columns are 'id', 'role', "
             "'year', 'gender', 'Q1', 'Q2'\n"},
        {{xlsx, "--text", "Q1", "--sheet", "Results"}, 1, "margin: " + xlsx + ": "},
        {{file("renamed.xlsx"), "--text", "Q1"}, 1, "margin: " + file("renamed.xlsx") + ": "},
        {{file("s.csv")},
         2,
         "margin import-table: --text COLUMN is required (see 'margin "
         "import-table --help')\n"},
        {{file("s.csv"), "--text", "Q1", "--per", "person"},
         2,
         "margin import-table: --per is respondent or question\n"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"import-table"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        SCOPED_TRACE(commandLine(args));
        auto r = margin(args);
        EXPECT_EQ(r.exitCode, c.exitCode) << r.describe();
        if (c.err.ends_with(": ")) {
            // Messages of the spreadsheet reader: one line naming the file.
            EXPECT_TRUE(r.err.starts_with(c.err)) << r.describe();
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.describe();
        } else {
            EXPECT_EQ(r.err, c.err) << r.describe();
        }
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(snapshot(), before);
    }
}

TEST_F(ImportTableTest, AnXlsxSurveyImportsFromItsFirstSheet) {
    const std::string xlsx = (dataDir() / "formats/table/survey.xlsx").string();
    std::string out = ok({"import-table", xlsx, "--text", "Q1,Q2", "--participant", "id",
                          "--attributes", "role,year,gender"});
    EXPECT_TRUE(contains(out,
                         "(XLSX, 4 rows): 4 documents, 6 turns; 4 participants (4 new, 0 "
                         "updated) with attributes role (category), year (number), gender "
                         "(category)"))
        << out;
    EXPECT_EQ(turnsOf("S003"), "Q1(participant S003)=数据分析");
    EXPECT_EQ(turnsOf("S002"), "Q2(participant S002)=The internship helped me a lot.");
    Csv people = parsed(ok({"participants", "--format", "csv"}));
    ASSERT_EQ(people.rows.size(), 4u);
    EXPECT_EQ(people.at(3, "participant"), "S004");
    EXPECT_EQ(people.at(3, "role"), "enterprise");
    EXPECT_EQ(people.at(3, "year"), "2021");
}

}  // namespace
}  // namespace margin::test
