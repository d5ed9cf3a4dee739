// Acceptance: the coding and analysis commands (codes, code, codings,
// autocode, undo, redo, quotes, table, cooccur, suggest) run as the real
// `margin` binary on the bundled example study, checked by what a researcher
// would read: one clear error and no change for bad input, undo and redo
// across program runs for every kind of change, the numbers of the paper's
// table in every format, auto-coding units and speakers, suggestions, coders.
#include <map>
#include <regex>
#include <set>

#include "corpus/csv.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

const std::string kDataGap = "Predicaments/Curriculum–industry misalignment/Data-analysis gap";

// "margin a b c", for SCOPED_TRACE.
std::string commandLine(const std::vector<std::string>& args) {
    std::string line = "margin";
    for (const auto& a : args)
        line += " " + a;
    return line;
}

int lines(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Runs of spaces and line breaks become one space (tabs stay), so a table
// row or a JSON object can be matched as one line.
std::string squashed(const std::string& text) {
    std::string out;
    for (char ch : text) {
        bool space = ch == ' ' || ch == '\n' || ch == '\r';
        if (space && !out.empty() && out.back() == ' ')
            continue;
        out += space ? ' ' : ch;
    }
    return out;
}

// Code points in UTF-8 text.
std::int64_t codePoints(const std::string& text) {
    return std::count_if(text.begin(), text.end(),
                         [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; });
}

// A CSV listing as the user's spreadsheet would see it.
struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    bool ok = false;

    std::size_t column(const std::string& name) const {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) -
                                        header.begin());
    }
    // The values of one column.
    std::vector<std::string> values(const std::string& name) const {
        std::vector<std::string> out;
        std::size_t i = column(name);
        for (const auto& r : rows)
            out.push_back(i < r.size() ? r[i] : "<no column " + name + ">");
        return out;
    }
};

Csv parsed(const std::string& text) {
    Csv csv;
    auto records = corpus::parseCsv(text);
    if (!records.isOk() || records->empty())
        return csv;
    csv.header = records->front().fields;
    for (std::size_t i = 1; i < records->size(); ++i)
        csv.rows.push_back((*records)[i].fields);
    csv.ok = true;
    return csv;
}

// A span of a document, as the listings give it.
struct Span {
    std::string document;
    std::int64_t start = 0, end = 0;
    bool operator<(const Span& o) const {
        return std::tie(document, start, end) < std::tie(o.document, o.start, o.end);
    }
    bool operator==(const Span& o) const = default;
    bool within(const Span& o) const {
        return document == o.document && o.start <= start && end <= o.end;
    }
    bool overlaps(const Span& o) const {
        return document == o.document && start < o.end && o.start < end;
    }
};

std::vector<Span> spansOf(const Csv& csv) {
    std::vector<Span> out;
    auto docs = csv.values("document"), starts = csv.values("start"), ends = csv.values("end");
    for (std::size_t i = 0; i < docs.size(); ++i)
        out.push_back({docs[i], std::stoll(starts[i]), std::stoll(ends[i])});
    return out;
}

// The example study's project, built once through the command line; each
// test works on its own copy.
class CodingTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        s_study = new std::string((s_dir->path() / "study.margin").string());
        s_setup = new std::string;
        *s_setup = buildExampleStudy(*s_study);
    }
    static void TearDownTestSuite() {
        delete s_setup;
        delete s_study;
        delete s_dir;
    }

    void SetUp() override {
        ASSERT_EQ(*s_setup, "") << "building the example study failed";
        ASSERT_FALSE(std::filesystem::exists(*s_study + "-wal"));
        // The index folder is left behind: it is derived, and rebuilt on use.
        m_project = (m_dir / "study.margin").string();
        std::filesystem::copy_file(*s_study, m_project);
    }

    // Runs margin on this test's project, without the caller's MARGIN_CODER.
    RunResult margin(std::vector<std::string> args,
                     std::map<std::string, std::string> env = {}) const {
        args.insert(args.begin(), {"-p", m_project});
        env.emplace("MARGIN_CODER", "");
        return runMargin(args, env);
    }
    // Runs margin and insists it succeeds; the output.
    std::string ok(const std::vector<std::string>& args) const {
        auto r = margin(args);
        EXPECT_EQ(r.exitCode, 0) << commandLine(args) << "\n" << r.describe();
        return r.out;
    }
    // The codebook and the codings as the user lists them.
    std::string snapshot() const {
        return ok({"codes", "export"}) + ok({"codes", "--format", "csv"}) +
               ok({"codings", "--format", "csv"});
    }
    Csv codings() const { return parsed(ok({"codings", "--format", "csv"})); }
    // The codings of one code (by path).
    std::vector<Span> codingsOf(const std::string& path) const {
        Csv all = codings();
        Csv only;
        only.header = all.header;
        for (const auto& r : all.rows)
            if (r[all.column("code")] == path)
                only.rows.push_back(r);
        return spansOf(only);
    }
    // The turns of a document, by kind ("interviewer" or "participant").
    std::map<std::string, std::vector<Span>> turnsOf(const std::string& document) const {
        std::string json = ok({"show", document, "--format", "json"});
        static const std::regex turn(
            R"re("kind": "(\w+)",\s*"participant": [^,]+,\s*"start": (\d+),\s*"end": (\d+))re");
        std::map<std::string, std::vector<Span>> out;
        for (std::sregex_iterator i(json.begin(), json.end(), turn), end; i != end; ++i)
            out[(*i)[1]].push_back({document, std::stoll((*i)[2]), std::stoll((*i)[3])});
        return out;
    }

    static TempDir* s_dir;
    static std::string* s_study;
    static std::string* s_setup;  // what failed while building the study; empty if nothing
    TempDir m_dir;
    std::string m_project;
};
TempDir* CodingTest::s_dir = nullptr;
std::string* CodingTest::s_study = nullptr;
std::string* CodingTest::s_setup = nullptr;

// --- bad input -----------------------------------------------------------------

TEST_F(CodingTest, BadInputGivesOneClearErrorAndChangesNothing) {
    writeFile(m_dir / "cycle.csv", "code,parent\nA,B\nB,A\n");
    writeFile(m_dir / "twice.csv", "path,definition\nNew/Leaf,one\nNew/Leaf,two\n");
    writeFile(m_dir / "twice-case.csv",
              "path,definition\nDimensions/Curriculum,one\ndimensions/CURRICULUM,two\n");
    writeFile(m_dir / "unterminated.csv", "path,definition\nNew,\"never closed\nOther,x\n");
    writeFile(m_dir / "unknown-doc.csv",
              "document,code,quote\n"
              "T01,Dimensions/Curriculum,说实话，当时就是加一门课，别的都没动。\n"
              "T99,Dimensions/Curriculum,anything\n");
    writeFile(m_dir / "unknown-code.csv",
              "document,code,start,end\nT01,Dimensions/Curriculum,10,20\nT01,No such,10,20\n");
    writeFile(m_dir / "unterminated-codings.csv",
              "document,code,quote\nT01,Dimensions/Curriculum,\"never closed\n");
    auto file = [&](const char* name) { return (m_dir / name).string(); };
    struct Case {
        std::vector<std::string> args;
        int exitCode;
        std::vector<std::string> inErr;  // each must be on stderr
    } cases[] = {
        {{"code", "T01", "--quote", "说实话", "--code", "No such"}, 1, {"no code 'No such'"}},
        {{"code", "T99", "--quote", "说实话", "--code", "Dimensions/Curriculum"},
         1,
         {"no document named 'T99'"}},
        {{"table", "--by", "colour"}, 1, {"no participant attribute 'colour'", "role"}},
        {{"quotes", "--code", "Data-analysis gap", "--where", "colour=red"},
         1,
         {"no participant attribute 'colour'", "role"}},
        {{"quotes", "--code", "Data-analysis gap", "--where", "role=manager"},
         1,
         {"no participant has role = 'manager'", "enterprise, student, teacher"}},
        {{"quotes", "--code", "No such"}, 1, {"no code 'No such'"}},
        {{"cooccur", "--codes", "Dimensions,No such"}, 1, {"no code 'No such'"}},
        {{"suggest", "--code", "No such"}, 1, {"no code 'No such'"}},
        {{"autocode", "Excel", "--code", "No such"}, 1, {"no code 'No such'"}},
        {{"code", "T01", "--quote", "not in the text at all", "--code", "Dimensions/Curriculum"},
         1,
         {"\"not in the text at all\" does not occur in document 'T01'"}},
        // 学生 ("student") occurs all over T01.
        {{"code", "T01", "--quote", "学生", "--code", "Dimensions/Curriculum"},
         1,
         {"\"学生\" occurs 31 times in document 'T01'", "--occurrence"}},
        {{"code", "T01", "--quote", "学生", "--occurrence", "99", "--code",
          "Dimensions/Curriculum"},
         1,
         {"no occurrence 99"}},
        {{"code", "T01", "--quote", "学生", "--occurrence", "0", "--code", "Dimensions/Curriculum"},
         2,
         {"--occurrence counts from 1"}},
        {{"code", "T01", "--start", "0", "--end", "999999", "--code", "Dimensions/Curriculum"},
         1,
         {"span [0, 999999) is outside document 'T01'", "4443 characters"}},
        {{"code", "T01", "--start", "500", "--end", "500", "--code", "Dimensions/Curriculum"},
         1,
         {"span [500, 500) of document 'T01' is empty"}},
        {{"code", "T01", "--start", "510", "--end", "500", "--code", "Dimensions/Curriculum"},
         1,
         {"span [510, 500) of document 'T01' ends before it starts"}},
        {{"code", "T01", "--start", "500abc", "--end", "510", "--code", "Dimensions/Curriculum"},
         2,
         {"--start and --end take numbers"}},
        {{"codes", "import", file("cycle.csv")},
         1,
         {file("cycle.csv"), "line 2", "the parents form a cycle"}},
        {{"codes", "import", file("twice.csv")},
         1,
         {file("twice.csv"), "line 3", "listed twice (also on line 2)"}},
        {{"codes", "import", file("twice-case.csv")},
         1,
         {file("twice-case.csv"), "line 3", "listed twice (also on line 2)"}},
        {{"codes", "import", file("unterminated.csv")},
         1,
         {file("unterminated.csv"), "line 2", "quoted field is never closed"}},
        {{"codes", "import", file("missing.csv")}, 1, {file("missing.csv"), "no such file"}},
        {{"codings", "import", file("unknown-doc.csv")},
         1,
         {file("unknown-doc.csv"), "line 3", "no document named 'T99'"}},
        {{"codings", "import", file("unknown-code.csv")},
         1,
         {file("unknown-code.csv"), "line 3", "no code 'No such'"}},
        {{"codings", "import", file("unterminated-codings.csv")},
         1,
         {file("unterminated-codings.csv"), "line 2", "quoted field is never closed"}},
        {{"codes", "delete", "Data-analysis gap"},
         1,
         {"has 44 codings in 14 documents", "--force"}},
        {{"codes", "add", "dimensions/curriculum"}, 1, {"already exists"}},
        {{"codes", "move", "Dimensions", "Dimensions/Curriculum"},
         1,
         {"itself or one of its sub-codes"}},
        {{"codes", "edit", "Dimensions/Curriculum", "--color", "red"},
         1,
         {"'red' is not a colour"}},
        {{"codings", "remove", "999999"}, 1, {"no coding 999999"}},
        {{"codings", "memo", "999999", "text"}, 1, {"no coding 999999"}},
        // Not coding 1 with trailing junk.
        {{"codings", "remove", "1x"}, 2, {"'1x' is not a coding id"}},
        {{"codings", "memo", "1x", "text"}, 2, {"'1x' is not a coding id"}},
        {{"table", "--by", "role", "--format", "xlsx"}, 2, {"-o FILE.xlsx"}},
    };
    const std::string before = snapshot();
    for (const auto& c : cases) {
        SCOPED_TRACE(commandLine(c.args));
        auto r = margin(c.args);
        EXPECT_EQ(r.exitCode, c.exitCode) << r.describe();
        EXPECT_EQ(r.out, "") << r.describe();
        EXPECT_EQ(lines(r.err), 1) << r.describe();
        for (const auto& part : c.inErr)
            EXPECT_TRUE(contains(r.err, part)) << "expected on stderr: " << part << "\n"
                                               << r.describe();
        EXPECT_EQ(snapshot(), before);
    }
    auto history = parsed(ok({"history", "--format", "csv"}));
    EXPECT_EQ(history.rows.size(), 2u) << "only the two imports of the setup";
}

TEST_F(CodingTest, AnAmbiguousQuoteCanBePickedByOccurrence) {
    auto r = margin(
        {"code", "T01", "--quote", "学生", "--occurrence", "2", "--code", "Dimensions/Curriculum"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(r.out, "code T01 [557, 559) as Dimensions/Curriculum\n");
    auto spans = codingsOf("Dimensions/Curriculum");
    EXPECT_NE(std::find(spans.begin(), spans.end(), Span{"T01", 557, 559}), spans.end());
    // The same again adds nothing.
    auto again = margin(
        {"code", "T01", "--quote", "学生", "--occurrence", "2", "--code", "Dimensions/Curriculum"});
    EXPECT_EQ(again.exitCode, 0) << again.describe();
    EXPECT_EQ(again.out, "nothing changed (1 coding already there)\n");
}

// --- undo and redo ---------------------------------------------------------------

TEST_F(CodingTest, EveryChangeUndoesAndRedoesAcrossRuns) {
    writeFile(m_dir / "more-codes.csv",
              "path,color,definition\n"
              "Emergent/Assessment load,#336699,Too many small assignments.\n"
              "Dimensions/Curriculum,#2E86C1,What is taught (revised).\n");
    writeFile(m_dir / "more-codings.csv",
              "document,code,quote,occurrence,start,end,coder,memo\n"
              "T02,Dimensions/Peer learning/Study circles,Give teachers real time in "
              "companies.,,,,ana,from a file\n"
              "E04,Dimensions/Peer learning/Study circles,peak season,2,,,ana,\n"
              "S01,Dimensions/Peer learning,,,100,120,ana,by offsets\n");
    const std::string moreCodes = (m_dir / "more-codes.csv").string();
    const std::string moreCodings = (m_dir / "more-codings.csv").string();
    struct Step {
        std::string what;
        std::vector<std::string> args;  // "<id N>": the id of the Nth coding listed
    } steps[] = {
        {"codes add, making parents",
         {"codes", "add", "Emergent/Peer learning/Study groups", "--color", "#123456",
          "--definition", "Students learn from each other."}},
        {"codes edit",
         {"codes", "edit", "Study groups", "--definition", "Changed.", "--memo", "a new memo",
          "--example", "\"We met on Sundays.\""}},
        {"codes rename",
         {"codes", "rename", "Emergent/Peer learning/Study groups", "Study circles"}},
        {"codes move", {"codes", "move", "Emergent/Peer learning", "Dimensions"}},
        {"code",
         {"code", "E04", "--quote", "Data, always data.", "--code", "Study circles", "--memo",
          "said twice"}},
        {"codes merge (with codings)",
         {"codes", "merge", "Retraining cost to employers", "Dimensions/Synergy"}},
        {"codes delete --force", {"codes", "delete", "Strengths worth keeping", "--force"}},
        {"codes import", {"codes", "import", moreCodes}},
        {"codings import", {"codings", "import", moreCodings}},
        {"codings remove", {"codings", "remove", "<id 0>", "<id 1>"}},
        {"codings memo", {"codings", "memo", "<id 2>", "a memo from the CLI"}},
        {"autocode",
         {"autocode", "Excel", "--code", "Dimensions/Peer learning", "--unit", "sentence"}},
        {"codes move --top", {"codes", "move", "Dimensions/Peer learning", "--top"}},
    };
    for (const auto& step : steps) {
        auto args = step.args;
        for (auto& arg : args)
            if (arg.starts_with("<id "))
                arg = codings().values("id").at(std::stoul(arg.substr(4)));
        SCOPED_TRACE(step.what + ": " + commandLine(args));
        const std::string before = snapshot();
        auto r = margin(args);
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        const std::string after = snapshot();
        EXPECT_NE(after, before) << "the change shows in the listings";
        auto undo = margin({"undo"});
        EXPECT_EQ(undo.exitCode, 0) << undo.describe();
        EXPECT_TRUE(undo.out.starts_with("undid: ")) << undo.describe();
        EXPECT_EQ(snapshot(), before) << undo.describe();
        auto redo = margin({"redo"});
        EXPECT_EQ(redo.exitCode, 0) << redo.describe();
        EXPECT_TRUE(redo.out.starts_with("redid: ")) << redo.describe();
        EXPECT_EQ(redo.out.substr(7), undo.out.substr(7)) << "the same step";
        EXPECT_EQ(snapshot(), after) << redo.describe();
    }
    auto redo = margin({"redo"});
    EXPECT_EQ(redo.exitCode, 1) << redo.describe();
    EXPECT_EQ(redo.err, "margin: nothing to redo\n");
    // History lists every step, newest first.
    auto history = parsed(ok({"history", "--format", "csv", "--limit", "100"}));
    ASSERT_EQ(history.rows.size(), std::size(steps) + 2) << "+ the setup's two imports";
    for (const auto& state : history.values("state"))
        EXPECT_EQ(state, "done");
}

TEST_F(CodingTest, UndoAllTheWayBackThenNothingToUndo) {
    auto fresh = (m_dir / "fresh.margin").string();
    ASSERT_EQ(runMargin({"init", fresh}).exitCode, 0);
    auto undo = runMargin({"-p", fresh, "undo"});
    EXPECT_EQ(undo.exitCode, 1) << undo.describe();
    EXPECT_EQ(undo.err, "margin: nothing to undo\n");
    auto redo = runMargin({"-p", fresh, "redo"});
    EXPECT_EQ(redo.exitCode, 1) << redo.describe();
    EXPECT_EQ(redo.err, "margin: nothing to redo\n");

    // The study: undo the codings import, then the codebook import.
    EXPECT_EQ(ok({"undo"}), "undid: import codings from codings.csv\n");
    EXPECT_EQ(codings().rows.size(), 0u);
    EXPECT_EQ(ok({"undo"}), "undid: import codebook (29 codes)\n");
    EXPECT_EQ(parsed(ok({"codes", "--format", "csv"})).rows.size(), 0u);
    undo = margin({"undo"});
    EXPECT_EQ(undo.exitCode, 1) << undo.describe();
    EXPECT_EQ(undo.err, "margin: nothing to undo\n");
    // A new change after an undo: what was undone can no longer be redone.
    ASSERT_EQ(margin({"codes", "add", "Fresh start"}).exitCode, 0);
    redo = margin({"redo"});
    EXPECT_EQ(redo.exitCode, 1) << redo.describe();
    EXPECT_EQ(redo.err, "margin: nothing to redo\n");
}

TEST_F(CodingTest, SearchFollowsUndoAndRedo) {
    auto count = [&](const std::string& query) {
        auto r = margin({"search", query, "--format", "csv"});
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        return parsed(r.out).rows.size();
    };
    ok({"codes", "add", "Sunday meetings"});
    EXPECT_EQ(count("code:\"Sunday meetings\""), 0u);
    ok({"code", "T02", "--quote", "Give teachers real time in companies.", "--code",
        "Sunday meetings"});
    EXPECT_EQ(count("code:\"Sunday meetings\""), 1u);
    EXPECT_EQ(count("code:\"Sunday meetings\" companies"), 1u);
    ok({"undo"});
    auto none = margin({"search", "code:\"Sunday meetings\""});
    EXPECT_EQ(none.exitCode, 0) << none.describe();
    EXPECT_TRUE(none.out.starts_with("0 passages match")) << none.describe();
    ok({"redo"});
    EXPECT_EQ(count("code:\"Sunday meetings\""), 1u);
    // An auto-coding is one step for the index too.
    ok({"autocode", "Excel", "--code", "Sunday meetings", "--unit", "turn"});
    std::size_t coded = count("code:\"Sunday meetings\"");
    EXPECT_EQ(coded, count("Excel speaker:participant") + 1);
    ok({"undo"});
    EXPECT_EQ(count("code:\"Sunday meetings\""), 1u);
    // Deleting the code takes its passages out of the index; undo brings them back.
    ok({"codes", "delete", "Sunday meetings", "--force"});
    auto gone = margin({"search", "code:\"Sunday meetings\""});
    EXPECT_EQ(gone.exitCode, 1) << gone.describe();
    EXPECT_TRUE(contains(gone.err, "no code 'Sunday meetings'")) << gone.describe();
    ok({"undo"});
    EXPECT_EQ(count("code:\"Sunday meetings\""), 1u);
}

// --- quotes, table, cooccur --------------------------------------------------------

TEST_F(CodingTest, ReportsInEveryFormatShowTheStudysNumbers) {
    const std::vector<std::string> table = {"table", "--by", "role"};
    const std::vector<std::string> quotes = {"quotes", "--code", "Data-analysis gap", "--where",
                                             "role=enterprise"};
    const std::vector<std::string> cooccur = {"cooccur", "--codes", "Dimensions"};
    const std::string num = "</td><td class=\"num\">";
    struct Case {
        std::vector<std::string> command;
        std::string format;
        std::string start;  // the output's first characters
        std::string row;    // somewhere in the squashed output
    } cases[] = {
        // Data-analysis gap: 18 segments, 4 documents, 4 of the 5 enterprise
        // participants (80%), then the students.
        {table, "table", "Codes by role\n", "Data-analysis gap 18 4 4 80.0% 15 6 6 75.0%"},
        // Data formats carry each code's path beside its name.
        {table, "csv", "code,path,enterprise segments,",
         "Data-analysis gap," + kDataGap + ",18,4,4,80.0,15,6,6,75.0,"},
        {table, "tsv", "code\tpath\tenterprise segments\t",
         "Data-analysis gap\t" + kDataGap + "\t18\t4\t4\t80.0\t15\t"},
        {table, "json", "[",
         "\"code\": \"Data-analysis gap\", \"path\": \"" + kDataGap +
             "\", \"enterprise segments\": 18, \"enterprise "
             "documents\": 4, \"enterprise participants\": 4, \"enterprise percent\": 0.8, "},
        {table, "md", "## Codes by role", "↳ Data-analysis gap | 18 | 4 | 4 | 80.0% | 15 |"},
        {table, "html", "<!DOCTYPE html>",
         ">Data-analysis gap" + num + "18" + num + "4" + num + "4" + num + "80.0%</td>"},
        // E05's quote, with the participant's attributes and time stamp.
        {quotes, "table", "Quotes\n18 coded segments.",
         "E05 E05 林涛 Lin Tao enterprise Data Analytics Lead male 8 Lin Tao 00:01:30 1536 1610 "
         "The biggest gap by far is data."},
        {quotes, "csv", "code,document,participant,pseudonym,role,",
         kDataGap + ",E05,E05,林涛 Lin Tao,enterprise,Data Analytics Lead,,male,8,Lin "
                    "Tao,00:01:30,1536,1610,\"The biggest gap by far is data. Not English, not "
                    "platform knowledge. Data.\",lecturer,"},
        {quotes, "tsv", "code\tdocument\tparticipant\t",
         "E05\tE05\t林涛 Lin Tao\tenterprise\tData Analytics Lead\t\tmale\t8\tLin "
         "Tao\t00:01:30\t1536\t1610\tThe biggest gap by far is data."},
        {quotes, "json", "[",
         "\"document\": \"E05\", \"participant\": \"E05\", \"pseudonym\": \"林涛 Lin Tao\", "
         "\"role\": \"enterprise\""},
        {quotes, "md", "## Quotes", "| E05 | E05 | 林涛 Lin Tao | enterprise |"},
        {quotes, "html", "<!DOCTYPE html>", "The biggest gap by far is data."},
        // Curriculum and Teaching overlap once; 119 codings of Curriculum.
        {cooccur, "table", "Code co-occurrence by span\n", "Curriculum 0 119 1 0 0"},
        {cooccur, "csv", "code,path,Dimensions,Dimensions/Curriculum,",
         "Curriculum,Dimensions/Curriculum,0,119,1,0,0"},
        {cooccur, "tsv", "code\tpath\tDimensions\t",
         "Curriculum\tDimensions/Curriculum\t0\t119\t1\t0\t0"},
        {cooccur, "json", "[",
         "\"code\": \"Curriculum\", \"path\": \"Dimensions/Curriculum\", \"Dimensions\": 0, "
         "\"Dimensions/Curriculum\": 119, "
         "\"Dimensions/Teaching\": 1, "},
        {cooccur, "md", "## Code co-occurrence by span", "↳ Curriculum | 0 | 119 | 1 | 0 | 0 |"},
        {cooccur, "html", "<!DOCTYPE html>",
         ">Curriculum" + num + "0" + num + "119" + num + "1" + num + "0"},
    };
    for (const auto& c : cases) {
        auto args = c.command;
        args.insert(args.end(), {"--format", c.format});
        SCOPED_TRACE(commandLine(args));
        auto r = margin(args);
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_TRUE(r.out.starts_with(c.start)) << r.out.substr(0, 300);
        EXPECT_TRUE(contains(squashed(r.out), c.row)) << "expected: " << c.row << "\n"
                                                      << r.out.substr(0, 3000);
        if (c.format == "csv" || c.format == "tsv") {
            EXPECT_FALSE(r.out.starts_with("\xEF\xBB\xBF")) << "no byte-order mark unless --excel";
            args.push_back("--excel");
            auto excel = margin(args);
            EXPECT_EQ(excel.exitCode, 0) << excel.describe();
            EXPECT_EQ(excel.out, "\xEF\xBB\xBF" + r.out) << "--excel adds the byte-order mark";
        }
    }
}

TEST_F(CodingTest, ReportsGoToFilesWithoutReplacingOthers) {
    struct Case {
        std::vector<std::string> command;
        std::string file;
        std::string start;  // of the file
    } cases[] = {
        {{"table", "--by", "role"}, "table.xlsx", "PK\x03\x04"},
        {{"quotes", "--code", "Data-analysis gap"}, "quotes.xlsx", "PK\x03\x04"},
        {{"cooccur"}, "cooccur.xlsx", "PK\x03\x04"},
        {{"table", "--by", "role"}, "table.csv", "code,path,enterprise segments,"},
        {{"table", "--by", "role"}, "table.html", "<!DOCTYPE html>"},
        {{"quotes", "--code", "Data-analysis gap", "--excel"},
         "quotes.csv",
         "\xEF\xBB\xBF"
         "code,"},
        {{"codings"}, "codings.csv", "id,document,start,end,code,coder,memo"},
        {{"codes", "export"}, "codebook.csv", "path,color,definition,"},
    };
    for (const auto& c : cases) {
        auto path = (m_dir / c.file).string();
        auto args = c.command;
        args.insert(args.end(), {"-o", path});
        SCOPED_TRACE(commandLine(args));
        std::filesystem::remove(path);
        auto r = margin(args);
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "margin: wrote " + path + "\n");
        std::string written = readFile(path);
        EXPECT_TRUE(written.starts_with(c.start)) << written.substr(0, 100);
        EXPECT_GT(written.size(), 200u);

        // An existing file is kept unless --force.
        writeFile(path, "my own notes\n");
        auto refused = margin(args);
        EXPECT_EQ(refused.exitCode, 1) << refused.describe();
        EXPECT_TRUE(contains(refused.err, path + ": already exists (use --force to replace it)"))
            << refused.describe();
        EXPECT_EQ(readFile(path), "my own notes\n");
        args.push_back("--force");
        auto forced = margin(args);
        EXPECT_EQ(forced.exitCode, 0) << forced.describe();
        if (c.file.ends_with(".xlsx"))  // holds its creation time, to the second
            EXPECT_TRUE(readFile(path).starts_with(c.start)) << "replaced by the new report";
        else
            EXPECT_EQ(readFile(path), written);
    }
    // Nothing is left behind but the reports.
    std::set<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(m_dir.path()))
        files.insert(entry.path().filename().string());
    EXPECT_EQ(files, (std::set<std::string>{"study.margin", "table.xlsx", "quotes.xlsx",
                                            "cooccur.xlsx", "table.csv", "table.html", "quotes.csv",
                                            "codings.csv", "codebook.csv"}));
}

TEST_F(CodingTest, TableLayouts) {
    // Long: one row per code, group and measure; percent as a fraction.
    auto longForm = parsed(ok({"table", "--by", "role", "--layout", "long", "--format", "csv"}));
    ASSERT_TRUE(longForm.ok);
    EXPECT_EQ(longForm.header,
              (std::vector<std::string>{"code", "role", "group_size", "measure", "value"}));
    std::map<std::string, std::string> gap;  // group/measure -> value
    for (const auto& r : longForm.rows)
        if (r[0] == kDataGap)
            gap[r[1] + "/" + r[3]] = r[4];
    EXPECT_EQ(gap["enterprise/segments"], "18");
    EXPECT_EQ(gap["enterprise/participants"], "4");
    EXPECT_EQ(gap["enterprise/percent"], "0.8");
    EXPECT_EQ(gap["student/participants"], "6");
    EXPECT_EQ(gap["Total/segments"], "43") << "the interviewer's prompt in T01 is not counted";
    EXPECT_EQ(gap.size(), 16u) << "4 measures x (3 roles + Total)";

    // Matrix: participants x codes, 0/1, or numbers of codings with --counts.
    const std::map<std::string, std::string> presence = {{"E01", "1"}, {"E03", "0"}, {"E05", "1"},
                                                         {"S02", "0"}, {"T01", "1"}, {"T05", "0"}};
    const std::map<std::string, std::string> counts = {{"E01", "3"}, {"E03", "0"}, {"E05", "6"},
                                                       {"S02", "0"}, {"T01", "1"}, {"T05", "0"}};
    for (bool withCounts : {false, true}) {
        std::vector<std::string> args = {"table", "--layout", "matrix", "--format", "csv"};
        if (withCounts)
            args.push_back("--counts");
        SCOPED_TRACE(commandLine(args));
        auto matrix = parsed(ok(args));
        ASSERT_TRUE(matrix.ok);
        EXPECT_EQ(matrix.header.at(0), "participant");
        EXPECT_EQ(matrix.header.at(2), "role");
        EXPECT_EQ(matrix.rows.size(), 18u);
        auto people = matrix.values("participant");
        auto cells = matrix.values(kDataGap);
        std::set<std::string> seen;
        for (std::size_t i = 0; i < people.size(); ++i) {
            seen.insert(cells[i]);
            auto expected = (withCounts ? counts : presence).find(people[i]);
            if (expected != (withCounts ? counts : presence).end()) {
                EXPECT_EQ(cells[i], expected->second) << people[i];
            }
        }
        if (withCounts) {
            EXPECT_GT(seen.size(), 2u) << "numbers, not 0/1";
        } else {
            EXPECT_EQ(seen, (std::set<std::string>{"0", "1"}));
        }
    }
    auto noBy = margin({"table"});
    EXPECT_EQ(noBy.exitCode, 2) << noBy.describe();
    EXPECT_TRUE(contains(noBy.err, "--by ATTR is required")) << noBy.describe();
}

TEST_F(CodingTest, QuotesFilterByAttributeSubcodesQueryAndGiveContext) {
    auto quotes = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "quotes");
        args.insert(args.end(), {"--format", "csv"});
        auto csv = parsed(ok(args));
        EXPECT_TRUE(csv.ok) << commandLine(args);
        return csv;
    };
    // Only enterprise participants' documents.
    auto enterprise = quotes({"--code", "Data-analysis gap", "--where", "role=enterprise"});
    EXPECT_EQ(enterprise.rows.size(), 18u);
    std::set<std::string> documents;
    for (const auto& d : enterprise.values("document"))
        documents.insert(d);
    EXPECT_EQ(documents, (std::set<std::string>{"E01", "E02", "E04", "E05"}));
    for (const auto& role : enterprise.values("role"))
        EXPECT_EQ(role, "enterprise");
    // Attribute names and values are matched without regard to case.
    EXPECT_EQ(quotes({"--code", "Data-analysis gap", "--where", "Role=Enterprise"}).rows,
              enterprise.rows);
    // Two conditions must both hold: the enterprise women are E01 and E04.
    auto women = quotes(
        {"--code", "Data-analysis gap", "--where", "role=enterprise", "--where", "gender=female"});
    auto womensDocuments = women.values("document");
    EXPECT_EQ(std::set<std::string>(womensDocuments.begin(), womensDocuments.end()),
              (std::set<std::string>{"E01", "E04"}));
    EXPECT_GT(women.rows.size(), 0u);

    // A parent code has no codings of its own; --with-subcodes gathers its children's.
    const std::string parent = "Predicaments/Curriculum–industry misalignment";
    EXPECT_EQ(quotes({"--code", parent, "--speaker", "any"}).rows.size(), 0u);
    auto all = quotes({"--code", parent, "--with-subcodes", "--speaker", "any"});
    auto codes = parsed(ok({"codes", "--format", "csv"}));
    std::size_t expected = 0;
    std::set<std::string> children;
    for (const auto& r : codes.rows)
        if (r[codes.column("path")].starts_with(parent + "/")) {
            expected += std::stoul(r[codes.column("codings")]);
            children.insert(r[codes.column("path")]);
        }
    EXPECT_EQ(expected, 145u);
    EXPECT_EQ(all.rows.size(), expected);
    auto quotedCodes = all.values("code");
    EXPECT_EQ(std::set<std::string>(quotedCodes.begin(), quotedCodes.end()), children);

    // --query keeps the quotes whose text matches.
    auto excel = quotes({"--code", "Data-analysis gap", "--query", "Excel"});
    EXPECT_EQ(excel.rows.size(), 5u);
    for (const auto& text : excel.values("text"))
        EXPECT_TRUE(contains(text, "Excel")) << text;
    auto either = quotes({"--code", "Data-analysis gap", "--query", "Excel OR SQL"});
    EXPECT_GT(either.rows.size(), excel.rows.size());

    // --context 10: ten characters either side, in their own columns.
    auto context =
        quotes({"--code", "Data-analysis gap", "--where", "role=enterprise", "--context", "10"});
    ASSERT_LT(context.column("before"), context.header.size());
    ASSERT_LT(context.column("after"), context.header.size());
    EXPECT_EQ(context.column("before") + 1, context.column("text"));
    EXPECT_EQ(context.values("text"), enterprise.values("text"));
    for (const auto& column : {"before", "after"})
        for (const auto& side : context.values(column))
            EXPECT_LE(codePoints(side), 10) << column << ": " << side;
    auto before = context.values("before");
    EXPECT_EQ(before.at(0), "几年的表翻出来看过，")
        << "the ten characters before E01's first quote";
}

// T01's Data-analysis gap codings include the interviewer's leading prompt.
// `table` leaves it out (43 of 44); `quotes` lists it (codebook/aggregate.h:
// speech that is nobody's is shown with the document's participants), and its
// speaker column says who spoke. A --where filter, like `table`, counts only
// participant speech unless --speaker any.
TEST_F(CodingTest, QuotesSayWhenTheInterviewerSpoke) {
    auto interviewer = [](const Csv& quotes) {
        auto speakers = quotes.values("speaker");
        return std::count(speakers.begin(), speakers.end(), "访谈者");
    };
    // As the table counts: participants' speech only, unless --speaker any.
    auto all = parsed(ok({"quotes", "--code", "Data-analysis gap", "--format", "csv"}));
    EXPECT_EQ(all.rows.size(), 43u);
    EXPECT_EQ(interviewer(all), 0);
    auto everyone = parsed(
        ok({"quotes", "--code", "Data-analysis gap", "--speaker", "any", "--format", "csv"}));
    EXPECT_EQ(everyone.rows.size(), 44u);
    EXPECT_EQ(interviewer(everyone), 1);
    auto teachers = parsed(ok(
        {"quotes", "--code", "Data-analysis gap", "--where", "role=teacher", "--format", "csv"}));
    EXPECT_EQ(teachers.rows.size(), 10u) << "as table --by role counts the teachers";
    EXPECT_EQ(interviewer(teachers), 0);
    auto any = parsed(ok({"quotes", "--code", "Data-analysis gap", "--where", "role=teacher",
                          "--speaker", "any", "--format", "csv"}));
    EXPECT_EQ(any.rows.size(), 11u);
    EXPECT_EQ(interviewer(any), 1);
}

// --- autocode ------------------------------------------------------------------------

TEST_F(CodingTest, AutocodeDryRunChangesNothing) {
    const std::string before = snapshot();
    const std::string history = ok({"history", "--format", "csv"});
    auto table = margin({"autocode", "Excel", "--code", "Dimensions/Curriculum", "--dry-run"});
    ASSERT_EQ(table.exitCode, 0) << table.describe();
    EXPECT_TRUE(table.out.starts_with("Would code as Dimensions/Curriculum\n")) << table.out;
    EXPECT_TRUE(contains(table.out, "nothing was changed.")) << table.out;
    auto csv = parsed(ok(
        {"autocode", "Excel", "--code", "Dimensions/Curriculum", "--dry-run", "--format", "csv"}));
    ASSERT_TRUE(csv.ok);
    EXPECT_EQ(csv.header, (std::vector<std::string>{"document", "start", "end", "text"}));
    EXPECT_GT(csv.rows.size(), 5u);
    EXPECT_TRUE(contains(table.out, std::to_string(csv.rows.size()) + " spans in ")) << table.out;
    for (const auto& text : csv.values("text"))
        EXPECT_EQ(text, "Excel");
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(ok({"history", "--format", "csv"}), history);

    // Done for real, it codes exactly those spans.
    ok({"codes", "add", "Spreadsheets"});
    auto done = margin({"autocode", "Excel", "--code", "Spreadsheets"});
    ASSERT_EQ(done.exitCode, 0) << done.describe();
    EXPECT_TRUE(done.out.starts_with("coded " + std::to_string(csv.rows.size()) + " spans in "))
        << done.out;
    auto planned = spansOf(csv), coded = codingsOf("Spreadsheets");
    std::sort(planned.begin(), planned.end());
    std::sort(coded.begin(), coded.end());
    EXPECT_EQ(coded, planned);
    // A query that finds nothing codes nothing.
    auto nothing = margin({"autocode", "zyxwvut", "--code", "Spreadsheets"});
    EXPECT_EQ(nothing.exitCode, 0) << nothing.describe();
    EXPECT_EQ(nothing.out, "no passages found: nothing coded\n");
}

TEST_F(CodingTest, AutocodeUnitsWidenTheSpans) {
    std::map<std::string, std::vector<Span>> spans;
    for (const char* unit : {"match", "sentence", "turn"}) {
        auto csv = parsed(ok({"autocode", "Excel", "--code", "Dimensions/Curriculum", "--unit",
                              unit, "--dry-run", "--format", "csv"}));
        spans[unit] = spansOf(csv);
        EXPECT_FALSE(spans[unit].empty()) << unit;
    }
    auto total = [](const std::vector<Span>& list) {
        std::int64_t n = 0;
        for (const auto& s : list)
            n += s.end - s.start;
        return n;
    };
    EXPECT_LT(total(spans["match"]), total(spans["sentence"]));
    EXPECT_LT(total(spans["sentence"]), total(spans["turn"]));
    // Every match lies in a longer sentence, every sentence in a turn.
    for (const auto& [narrow, wide] :
         {std::pair<std::string, std::string>{"match", "sentence"}, {"sentence", "turn"}})
        for (const auto& s : spans[narrow]) {
            SCOPED_TRACE(narrow + " " + s.document + " [" + std::to_string(s.start) + ", " +
                         std::to_string(s.end) + ")");
            EXPECT_TRUE(std::any_of(spans[wide].begin(), spans[wide].end(), [&](const Span& w) {
                return s.within(w) && (w.end - w.start) > (s.end - s.start);
            }));
        }
    // A turn span is a whole participant turn.
    for (const auto& s : spans["turn"]) {
        auto turns = turnsOf(s.document)["participant"];
        EXPECT_NE(std::find(turns.begin(), turns.end(), s), turns.end())
            << s.document << " [" << s.start << ", " << s.end << ")";
    }
}

TEST_F(CodingTest, AutocodeSpeakerChoosesWhoseTurns) {
    ok({"codes", "add", "Interviewer asks about data"});
    auto r = margin({"autocode", "data", "--code", "Interviewer asks about data", "--speaker",
                     "interviewer", "--unit", "turn"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    auto coded = codingsOf("Interviewer asks about data");
    ASSERT_GE(coded.size(), 3u);
    EXPECT_TRUE(r.out.starts_with("coded " + std::to_string(coded.size()) + " spans in")) << r.out;
    for (const auto& s : coded) {
        auto turns = turnsOf(s.document)["interviewer"];
        EXPECT_NE(std::find(turns.begin(), turns.end(), s), turns.end())
            << "an interviewer turn: " << s.document << " [" << s.start << ", " << s.end << ")";
    }
    // The quotes say who spoke.
    auto quotes = parsed(ok({"quotes", "--code", "Interviewer asks about data", "--speaker", "any",
                             "--format", "csv"}));
    EXPECT_EQ(quotes.rows.size(), coded.size());
    const std::set<std::string> interviewers = {
        "Q", "Interviewer", "Interviewer 1", "Interviewer 2", "访谈者", "问", "I"};
    for (const auto& speaker : quotes.values("speaker"))
        EXPECT_TRUE(interviewers.count(speaker)) << speaker;
    // The default, participant speech, never codes an interviewer turn; any does both.
    auto participant = spansOf(parsed(ok({"autocode", "data", "--code", "Dimensions/Curriculum",
                                          "--unit", "turn", "--dry-run", "--format", "csv"})));
    auto any = spansOf(parsed(ok({"autocode", "data", "--code", "Dimensions/Curriculum", "--unit",
                                  "turn", "--speaker", "any", "--dry-run", "--format", "csv"})));
    for (const auto& s : participant) {
        auto turns = turnsOf(s.document)["participant"];
        EXPECT_NE(std::find(turns.begin(), turns.end(), s), turns.end()) << s.document;
    }
    EXPECT_EQ(any.size(), participant.size() + coded.size());
    auto bad = margin({"autocode", "data", "--code", "Dimensions/Curriculum", "--speaker", "boss"});
    EXPECT_EQ(bad.exitCode, 2) << bad.describe();
    EXPECT_TRUE(contains(bad.err, "--speaker is participant, interviewer or any"));
}

// --- suggest ---------------------------------------------------------------------------

TEST_F(CodingTest, SuggestOffersPassagesNotYetCoded) {
    auto table = margin({"suggest", "--code", "Data-analysis gap", "--limit", "5"});
    ASSERT_EQ(table.exitCode, 0) << table.describe();
    EXPECT_TRUE(table.out.starts_with("Passages like those coded Data-analysis gap\n"))
        << table.out;
    std::smatch terms;
    ASSERT_TRUE(std::regex_search(table.out, terms,
                                  std::regex("From (\\d+) coded passages; matched on: (.+)\n")))
        << table.out;
    EXPECT_GT(std::stoi(terms[1]), 10);
    EXPECT_TRUE(contains(terms[2], "data")) << terms[2];

    auto csv =
        parsed(ok({"suggest", "--code", "Data-analysis gap", "--limit", "5", "--format", "csv"}));
    ASSERT_TRUE(csv.ok);
    EXPECT_EQ(csv.rows.size(), 5u);
    auto coded = codingsOf(kDataGap);
    ASSERT_EQ(coded.size(), 44u);
    for (const auto& s : spansOf(csv)) {
        SCOPED_TRACE(s.document + " [" + std::to_string(s.start) + ", " + std::to_string(s.end) +
                     ")");
        for (const auto& k : coded)
            EXPECT_FALSE(s.overlaps(k)) << "already coded at [" << k.start << ", " << k.end << ")";
    }
    // Coding a suggestion takes it off the list.
    auto first = spansOf(csv).front();
    ok({"code", first.document, "--start", std::to_string(first.start), "--end",
        std::to_string(first.end), "--code", "Data-analysis gap"});
    auto next = spansOf(
        parsed(ok({"suggest", "--code", "Data-analysis gap", "--limit", "5", "--format", "csv"})));
    EXPECT_EQ(std::find(next.begin(), next.end(), first), next.end());

    // A code with no codings yet: nothing to learn from, and no error.
    ok({"codes", "add", "Not yet used"});
    auto empty = margin({"suggest", "--code", "Not yet used"});
    EXPECT_EQ(empty.exitCode, 0) << empty.describe();
    EXPECT_EQ(empty.out,
              "no passage is coded with Not yet used yet: code a few, then ask for suggestions\n");
}

// --- coders ------------------------------------------------------------------------------

TEST_F(CodingTest, TheCoderComesFromTheEnvironmentOrTheOption) {
    struct Case {
        std::map<std::string, std::string> env;
        std::vector<std::string> extra;
        std::string start;  // a fresh span for each case
        std::string coder;
    } cases[] = {
        {{}, {}, "10", "default"},
        {{{"MARGIN_CODER", "alice"}}, {}, "20", "alice"},
        {{{"MARGIN_CODER", "alice"}}, {"--coder", "bob"}, "30", "bob"},
        {{}, {"--coder", "carol"}, "40", "carol"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"code",  "T01",         "--start", c.start,
                                         "--end", c.start + "5", "--code",  "Dimensions/Teaching"};
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        SCOPED_TRACE(commandLine(args) + (c.env.empty() ? "" : " with MARGIN_CODER=alice"));
        auto r = margin(args, c.env);
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        auto list = parsed(ok({"codings", "--doc", "T01", "--format", "csv"}));
        auto starts = list.values("start"), coders = list.values("coder");
        auto at = std::find(starts.begin(), starts.end(), c.start);
        ASSERT_NE(at, starts.end());
        EXPECT_EQ(coders[static_cast<std::size_t>(at - starts.begin())], c.coder);
    }
    // Auto-coding records the coder too, and table --coder counts only theirs.
    ok({"codes", "add", "Dave's code"});
    auto r = margin({"autocode", "Excel", "--code", "Dave's code"}, {{"MARGIN_CODER", "dave"}});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    auto list = codings();
    std::size_t daves = 0;
    for (std::size_t i = 0; i < list.rows.size(); ++i)
        if (list.values("code")[i] == "Dave's code") {
            ++daves;
            EXPECT_EQ(list.values("coder")[i], "dave");
        }
    EXPECT_GT(daves, 0u);
    auto byDave = parsed(ok(
        {"table", "--by", "role", "--coder", "dave", "--measure", "segments", "--format", "csv"}));
    for (const auto& row : byDave.rows) {
        if (row[0] == "Dave's code") {
            EXPECT_NE(row.back(), "0");
        } else if (row[0] != "(any code)") {
            EXPECT_EQ(row.back(), "0") << row[0];
        }
    }
}

}  // namespace
}  // namespace margin::test
