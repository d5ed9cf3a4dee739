// margin search and margin index as a user meets them: results, formats,
// filters, errors with positions, and an index that is never trusted stale.
#include <map>

#include "corpus/csv.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

namespace fs = std::filesystem;

const char* const kT01 =
    "Interview T01\n\n"
    "Interviewer: What do graduates lack?\n"
    "T01: Data analysis, mostly. They cannot read an advertising report.\n"
    "Interviewer: And the teachers?\n"
    "T01: Few teachers have run a store. Teaching stays on paper.\n";
const char* const kE01 =
    "访谈者：企业最缺什么样的人？\n"
    "张总监：最缺会做数据分析的人。实践教学太少，学生只会用模拟软件。\n"
    "访谈者：实习呢？\n"
    "张总监：实习基本上就是打杂，客服、录入数据。Data analysis is the gap.\n";

class SearchCliTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_project = (m_dir / "p.margin").string();
        ASSERT_EQ(runMargin({"init", m_project}).exitCode, 0);
        writeFile(m_dir / "in/T01.txt", kT01);
        writeFile(m_dir / "in/E01.txt", kE01);
        auto import = runMargin({"-p", m_project, "import", (m_dir / "in").string()});
        ASSERT_EQ(import.exitCode, 0) << import.describe();
        writeFile(m_dir / "people.csv", "participant,role\nT01,teacher\nE01,enterprise\n");
        auto people =
            runMargin({"-p", m_project, "participants", "import", (m_dir / "people.csv").string()});
        ASSERT_EQ(people.exitCode, 0) << people.describe();
    }
    RunResult search(std::vector<std::string> words) {
        std::vector<std::string> args = {"-p", m_project, "search"};
        args.insert(args.end(), words.begin(), words.end());
        return runMargin(args);
    }
    // "E01@46 T01@57": documents and passage starts, in result order.
    std::string hits(std::vector<std::string> words) {
        words.push_back("--format");
        words.push_back("csv");
        words.push_back("--order");
        words.push_back("document");
        auto r = search(words);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        auto rows = corpus::parseCsv(r.out);
        std::string out;
        if (!rows.isOk())
            return "bad csv";
        for (std::size_t i = 1; i < rows->size(); ++i)
            out += (out.empty() ? "" : " ") + (*rows)[i].fields[0] + "@" + (*rows)[i].fields[5];
        return out;
    }

    TempDir m_dir;
    std::string m_project;
};

TEST_F(SearchCliTest, ImportKeepsTheIndexFresh) {
    auto r = search({"数据分析"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(r.err, "") << "no rebuild notice: imports updated the index";
    EXPECT_NE(r.out.find("1 passage match"), std::string::npos) << r.out;
    auto status = runMargin({"-p", m_project, "index"});
    EXPECT_NE(status.out.find("up to date (8 passages)"), std::string::npos) << status.describe();
}

TEST_F(SearchCliTest, QueryFeaturesInEnglishAndChinese) {
    struct Case {
        std::vector<std::string> query;
        std::string hits;
    } cases[] = {
        {{"data"}, "E01@61 T01@57"},
        {{"DATA"}, "E01@61 T01@57"},
        {{"data", "analysis"}, "E01@61 T01@57"},
        {{"\"data analysis\""}, "E01@61 T01@57"},
        {{"\"analysis data\""}, ""},
        {{"teachers", "OR", "graduates"}, "T01@28 T01@133 T01@156"},
        {{"teach*"}, "T01@133 T01@156"},
        {{"data", "NOT", "report"}, "E01@61"},
        {{"store", "NEAR/3", "teachers"}, "T01@156"},  // three words between them
        {{"store", "NEAR/2", "teachers"}, ""},
        {{"数据"}, "E01@19 E01@61"},
        {{"数据分析"}, "E01@19"},
        {{"教学"}, "E01@19"},  // inside 实践教学
        {{"数析"}, ""},        // both characters occur, never together
        {{"据分"}, "E01@19"},  // across ICU's word boundary 数据|分析
        {{"实习", "OR", "客服"}, "E01@52 E01@61"},
        {{"数据", "NOT", "打杂"}, "E01@19"},
        {{"实践", "数据"}, "E01@19"},
        {{"data", "speaker:interviewer"}, ""},
        {{"speaker:interviewer"}, "E01@4 E01@52 T01@28 T01@133"},
        {{"role:enterprise", "data"}, "E01@61"},
        {{"data", "-role:enterprise"}, "T01@57"},
        {{"-role:enterprise"}, "T01@28 T01@57 T01@133 T01@156"},
        {{"data", "OR", "-role:teacher"}, "E01@4 E01@19 E01@52 E01@61 T01@57"},
        {{"data", "-report"}, "E01@61"},
        {{"doc:T01", "teachers"}, "T01@133 T01@156"},
        {{"participant:E01", "数据"}, "E01@19 E01@61"},
        {{"(data", "OR", "实习)", "role:enterprise"}, "E01@52 E01@61"},
    };
    for (const auto& c : cases) {
        std::string q;
        for (const auto& w : c.query)
            q += w + " ";
        SCOPED_TRACE("margin search " + q);
        EXPECT_EQ(hits(c.query), c.hits);
    }
}

// code: filters name a code by path or unique name, in either language,
// include its sub-codes, and follow each coding at once.
TEST_F(SearchCliTest, CodeFiltersInEnglishAndChinese) {
    auto margin = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"-p", m_project});
        auto r = runMargin(args);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
    };
    margin({"codes", "add", "缺人/数据分析能力"});
    margin({"code", "E01", "--quote", "最缺会做数据分析的人", "--code", "缺人/数据分析能力"});
    margin({"codes", "add", "Gaps/Data skills"});
    margin({"code", "T01", "--quote", "Data analysis, mostly.", "--code", "Data skills"});
    struct Case {
        std::vector<std::string> query;
        std::string hits;
    } cases[] = {
        {{"code:数据分析能力"}, "E01@19"},
        {{"code：缺人/数据分析能力"}, "E01@19"},  // a full path, a full-width colon
        {{"code:缺人"}, "E01@19"},                // a parent finds its sub-codes' codings
        {{"code:Gaps"}, "T01@57"},
        {{"code:\"data skills\"", "data"}, "T01@57"},
        {{"code:Gaps", "OR", "code:缺人"}, "E01@19 T01@57"},
        {{"数据", "-code:数据分析能力"}, "E01@61"},  // not yet coded
        {{"data", "-code:Gaps"}, "E01@61"},
        {{"code:Gaps", "role:enterprise"}, ""},
    };
    for (const auto& c : cases) {
        std::string q;
        for (const auto& w : c.query)
            q += w + " ";
        SCOPED_TRACE("margin search " + q);
        EXPECT_EQ(hits(c.query), c.hits);
    }
    auto unknown = search({"code:无此代码"});
    EXPECT_EQ(unknown.exitCode, 1) << unknown.describe();
    EXPECT_NE(unknown.err.find("no code '无此代码'"), std::string::npos) << unknown.describe();
    EXPECT_NE(unknown.err.find("(column 1)"), std::string::npos) << unknown.describe();
}

TEST_F(SearchCliTest, BadQueriesSayWhatAndWhere) {
    struct Case {
        std::string query;
        std::string expected;
    } cases[] = {
        {"\"data analysis", "column 1"},
        {"(data", "column 1"},
        {"data)", "column 5"},
        {"OR data", "column 1"},
        {"data AND", "column"},
        {"colour:red", "unknown field 'colour'"},
        {"doc:T99 data", "no document named 'T99'"},
        {"participant:X9", "no participant named 'X9'"},
        {"role:manager", "values: enterprise, teacher"},
        {"speaker:nobody", "interviewer' or 'participant'"},
        {"code:\"Faculty shortage\"", "no code 'Faculty shortage'"},
        {"!!!", "no word to search for"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("margin search " + c.query);
        auto r = search({c.query});
        EXPECT_EQ(r.exitCode, 1) << r.describe();
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.describe();
        EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.describe();
    }
}

TEST_F(SearchCliTest, OutputFormats) {
    auto json = search({"数据分析", "--format", "json"});
    ASSERT_EQ(json.exitCode, 0) << json.describe();
    EXPECT_NE(json.out.find("\"total\": 1"), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"highlights\": [\n"), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"speaker\": \"张总监\""), std::string::npos) << json.out;
    auto md = search({"data", "--format", "md"});
    EXPECT_NE(md.out.find("**2 passages match**"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("**Data**"), std::string::npos) << md.out;
    auto page = search({"data", "--limit", "1"});
    EXPECT_NE(page.out.find("(1 more; use --offset 1)"), std::string::npos) << page.out;
    auto exact = search({"teacher", "--format", "md"});
    EXPECT_NE(exact.out.find("**0 passages match**"), std::string::npos) << exact.out;
    auto stem = search({"teacher", "--stem", "--format", "md"});
    EXPECT_NE(stem.out.find("**2 passages match**"), std::string::npos) << stem.out;
    EXPECT_NE(stem.out.find("**teachers**"), std::string::npos) << stem.out;
    auto bad = search({"data", "--format", "xml"});
    EXPECT_EQ(bad.exitCode, 2) << bad.describe();
}

TEST_F(SearchCliTest, AMissingIndexIsRebuiltAndSaysSo) {
    fs::remove_all(m_project + "-index");
    auto r = search({"数据分析"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.err.find("the search index was missing; rebuilt it (8 passages)"),
              std::string::npos)
        << r.describe();
    EXPECT_NE(r.out.find("1 passage match"), std::string::npos) << r.out;
    auto again = search({"数据分析"});
    EXPECT_EQ(again.err, "");
}

TEST_F(SearchCliTest, AnIndexFromAnOlderStateIsRebuilt) {
    fs::copy(m_project + "-index", m_dir / "old-index", fs::copy_options::recursive);
    writeFile(m_dir / "more/S01.txt",
              "Interviewer: Internships?\nS01: Odd jobs. Data entry all day.\n");
    ASSERT_EQ(runMargin({"-p", m_project, "import", (m_dir / "more/S01.txt").string()}).exitCode,
              0);
    fs::remove_all(m_project + "-index");
    fs::copy(m_dir / "old-index", m_project + "-index", fs::copy_options::recursive);
    auto r = search({"data", "--format", "csv"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.err.find("was out of date; rebuilt it"), std::string::npos) << r.describe();
    EXPECT_NE(r.out.find("S01,S01"), std::string::npos) << "the new document is found: " << r.out;
}

TEST_F(SearchCliTest, ADamagedIndexIsRebuilt) {
    for (const auto& entry : fs::recursive_directory_iterator(m_project + "-index"))
        if (entry.path().extension() == ".glass")
            fs::resize_file(entry.path(), 10);
    auto r = search({"数据分析"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.err.find("rebuilt it"), std::string::npos) << r.describe();
    EXPECT_NE(r.out.find("1 passage match"), std::string::npos) << r.out;
}

TEST_F(SearchCliTest, IndexRebuildCommand) {
    auto r = runMargin({"-p", m_project, "index", "--rebuild"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("rebuilt the search index: 8 passages"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace margin::test

namespace margin::test {
namespace {

TEST_F(SearchCliTest, WordsComparesGroups) {
    auto r = runMargin({"-p", m_project, "words", "--by", "role", "--top", "3", "--format", "csv"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(r.out.substr(0, r.out.find("\r\n")), "word,total,enterprise,teacher");
    EXPECT_NE(r.out.find("data,2,1,1"), std::string::npos) << r.out;
    auto bad = runMargin({"-p", m_project, "words", "--by", "colour"});
    EXPECT_EQ(bad.exitCode, 1) << bad.describe();
    EXPECT_NE(bad.err.find("no attribute named 'colour'"), std::string::npos) << bad.describe();
    writeFile(m_dir / "stop.txt", "# my list\ndata\n");
    auto custom = runMargin({"-p", m_project, "words", "--stopwords", (m_dir / "stop.txt").string(),
                             "--format", "csv", "--top", "100"});
    EXPECT_EQ(custom.out.find("data,"), std::string::npos) << custom.out;
    EXPECT_NE(custom.out.find("the,"), std::string::npos) << custom.out;
}

}  // namespace
}  // namespace margin::test

namespace margin::test {
namespace {

TEST_F(SearchCliTest, AttributeEditsAreSearchableAtOnce) {
    writeFile(m_dir / "people2.csv", "participant,role\nE01,teacher\n");
    auto sheet =
        runMargin({"-p", m_project, "participants", "import", (m_dir / "people2.csv").string()});
    ASSERT_EQ(sheet.exitCode, 0) << sheet.describe();
    auto r = runMargin({"-p", m_project, "search", "data", "role:teacher", "--format", "csv"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(r.err, "") << "the index stays fresh: attributes are resolved at query time";
    EXPECT_NE(r.out.find("E01,E01"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("T01,T01"), std::string::npos) << r.out;
    auto none = runMargin({"-p", m_project, "search", "role:enterprise"});
    EXPECT_EQ(none.exitCode, 1) << "no participant has that role any more: " << none.describe();
}

}  // namespace
}  // namespace margin::test

namespace margin::test {
namespace {

// A big batch is indexed while it is imported (forced here on small data).
TEST(SearchCliBatchTest, ABatchIndexedWhileImportedIsFreshAndComplete) {
    TempDir dir;
    std::string project = (dir / "p.margin").string();
    ASSERT_EQ(runMargin({"init", project}).exitCode, 0);
    for (int i = 0; i < 6; ++i)
        writeFile(dir / "in" / ("P" + std::to_string(i) + ".txt"),
                  "Interviewer: Internships?\nP" + std::to_string(i) +
                      ": Odd jobs, data entry. 实习就是打杂。\nInterviewer: Thanks.\nP" +
                      std::to_string(i) + ": Bye.\n");
    std::map<std::string, std::string> env = {{"MARGIN_INDEX_PARALLEL_CHARS", "1"}};
    auto import = runMargin({"-p", project, "import", (dir / "in").string()}, env);
    ASSERT_EQ(import.exitCode, 0) << import.describe();
    auto state = runMargin({"-p", project, "index"}, env);
    EXPECT_NE(state.out.find("up to date (24 passages)"), std::string::npos) << state.describe();
    auto search = runMargin({"-p", project, "search", "打杂", "data"}, env);
    EXPECT_EQ(search.err, "") << search.describe();
    EXPECT_NE(search.out.find("6 passages match"), std::string::npos) << search.describe();
    // A second batch merges into the first.
    writeFile(dir / "more/R1.txt", "Interviewer: Data?\nR1: Data analysis matters.\n");
    ASSERT_EQ(runMargin({"-p", project, "import", (dir / "more").string()}, env).exitCode, 0);
    auto again = runMargin({"-p", project, "search", "data", "speaker:participant"}, env);
    EXPECT_EQ(again.err, "") << again.describe();
    EXPECT_NE(again.out.find("7 passages match"), std::string::npos) << again.describe();
}

}  // namespace
}  // namespace margin::test
