// Acceptance: `margin agreement` on the example study coded by two coders,
// each in a copy of the project, merged with `margin merge`
// with scripted `margin code` commands, checked against figures counted by
// hand (below), at turn and document level; and its errors.
#include <map>

#include "corpus/csv.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

std::string commandLine(const std::vector<std::string>& args) {
    std::string line = "margin";
    for (const auto& a : args)
        line += " " + a;
    return line;
}

// The codings, as `margin code DOC --quote Q --code PATH --coder C`. `turn`
// is the index of the turn holding the quote in `margin show DOC --format
// json` (turns 1, 3, 5, ... are the participant's); every quote lies inside
// that one turn.
struct Step {
    const char* coder;
    const char* code;
    const char* document;
    int turn;
    const char* quote;
};
const Step kCodings[] = {
    // Data-analysis gap (DAG)
    {"A", "Data-analysis gap", "E01", 7, "我们每年新人培训结束"},  // identical span
    {"B", "Data-analysis gap", "E01", 7, "我们每年新人培训结束"},
    {"A", "Data-analysis gap", "E01", 9, "我不是搞教育的，说得"},  // overlapping spans
    {"B", "Data-analysis gap", "E01", 9, "育的，说得不一定对啊"},
    {"A", "Data-analysis gap", "E01", 15, "头一个是数据安全。店"},  // A only
    {"B", "Data-analysis gap", "E03", 9, "那可太多了。（笑）最"},   // B only
    {"A", "Data-analysis gap", "T01", 11, "两样东西。一个是理论"},
    {"B", "Data-analysis gap", "T01", 11, "两样东西。一个是理论"},
    {"B", "Data-analysis gap", "T01", 13, "这个我也听到过，去年"},  // B only
    {"A", "Data-analysis gap", "S01", 1, "老师好。我叫刘洋，商"},   // A only; B never coded S01
    // Cross-cultural communication gap (CCG)
    {"A", "Cross-cultural communication gap", "E01", 7, "先说数据。不是说他们"},
    {"B", "Cross-cultural communication gap", "E01", 7, "先说数据。不是说他们"},
    {"A", "Cross-cultural communication gap", "E03", 13, "印象最深的是我入职第"},
    {"B", "Cross-cultural communication gap", "E03", 13, "我入职第三个月吧，一"},
    {"A", "Cross-cultural communication gap", "E03", 11, "最大的差别就是，模拟"},
    {"A", "Cross-cultural communication gap", "T01", 5, "嗯……这个要客观地说"},
    // Retraining cost to employers (RCE): B only, once
    {"B", "Retraining cost to employers", "E01", 5, "差距……怎么说呢，有"},
    // Dimensions/Curriculum: the same four spans by both
    {"A", "Dimensions/Curriculum", "E01", 9, "是，学校的课跟我们这"},
    {"B", "Dimensions/Curriculum", "E01", 9, "是，学校的课跟我们这"},
    {"A", "Dimensions/Curriculum", "E03", 5, "对跨境没啥概念，就知"},
    {"B", "Dimensions/Curriculum", "E03", 5, "对跨境没啥概念，就知"},
    {"A", "Dimensions/Curriculum", "T01", 7, "们说两句公道话。你知"},
    {"B", "Dimensions/Curriculum", "T01", 7, "们说两句公道话。你知"},
    {"A", "Dimensions/Curriculum", "T01", 3, "年吧，上面提“互联网"},
    {"B", "Dimensions/Curriculum", "T01", 3, "年吧，上面提“互联网"},
};
// A: 13 codings, B: 12, on E01, E03, T01 (both) and S01 (A only).
//
// TURN UNITS. The documents that count are those either coder coded: E01
// (34 turns), E03 (34), T01 (36), S01 (48): N = 152 turns.
//   DAG  both: E01#7, E01#9 (overlapping spans, same turn), T01#11 = 3
//        A only: E01#15, S01#1 = 2;  B only: E03#9, T01#13 = 2
//        neither: 152 − 7 = 145
//        po = (3 + 145) / 152 = 0.97368;  A applied 5, B 5:
//        pe = (5·5 + 147·147) / 152² = 21634 / 23104
//        κ = (148·152 − 21634) / (23104 − 21634) = 862 / 1470 = 0.58639
//        α: 304 values, n1 = 10, n0 = 294, disagreeing pairs o10 + o01 = 8:
//        α = 1 − 303·8 / (2·10·294) = 1 − 2424/5880 = 0.58776
//   CCG  both: E01#7, E03#13 (overlapping) = 2;  A only: E03#11, T01#5 = 2
//        neither 148;  po = 150/152 = 0.98684
//        pe = (4·2 + 148·150) / 23104 = 22208/23104
//        κ = (150·152 − 22208) / (23104 − 22208) = 592/896 = 0.66071
//   RCE  B only: 1; neither 151; po = 151/152; pe = (0 + 152·151)/152² =
//        151/152 = po, so κ = 0 (one coder applies it, the other never)
//   Curriculum  both: 4, neither 148: κ = 1
//   Every other code (25): nobody applied it: n/a
//   Overall: 152 × 29 codes = 4408 items; both 3+2+4 = 9, A only 2+2 = 4,
//        B only 2+1 = 3, neither 4392; po = 4401/4408 = 0.99841;
//        pA = 13/4408, pB = 12/4408;
//        κ = (4401·4408 − 13·12 − 4395·4396) / (4408² − 13·12 − 4395·4396)
//          = 79032 / 109888 = 0.71921
//
// Alpha, two coders, no missing values: n = 2N values, n1 = 2·both + A only
// + B only, the disagreeing coincidences D = 2·(units that differ), and
// Σ_{c≠k} n_c·n_k = 2·n1·n0, so α = 1 − (n − 1)·D / (2·n1·n0):
//   turn  DAG (above); CCG n1 = 6, n0 = 298: 1 − 303·4/3576 = 197/298;
//         RCE n1 = 1, n0 = 303: 1 − 303·2/606 = 0; Curriculum 1;
//         overall n = 8816, n1 = 25, n0 = 8791: 1 − 8815·14/439550 = 0.71924
//   document  DAG n1 = 6, n0 = 2: 1 − 7·4/24 = −1/6; CCG n1 = 5, n0 = 3:
//         1 − 7·2/30 = 8/15; RCE n1 = 1, n0 = 7: 1 − 7·2/14 = 0;
//         overall n = 232, n1 = 18, n0 = 214: 1 − 231·8/7704 = 0.76012
//
// DOCUMENT UNITS: E01, E03, T01, S01: N = 4.
//   DAG  E01 both, E03 B, T01 both, S01 A: po = 2/4; pA = pB = 3/4;
//        pe = 9/16 + 1/16 = 0.625; κ = (0.5 − 0.625)/0.375 = −1/3
//   CCG  E01 both, E03 both, T01 A, S01 neither: po = 3/4; pA = 3/4, pB = 1/2;
//        pe = 3/8 + 1/8 = 1/2; κ = 0.5
//   RCE  E01 B: po = 3/4; pA = 0, pB = 1/4; pe = 3/4; κ = 0
//   Curriculum  E01, E03, T01 both, S01 neither: κ = 1
//   Overall: 116 items; both 2+2+3 = 7, A only 1+1 = 2, B only 1+1 = 2,
//        neither 105; po = 112/116; pA = pB = 9/116;
//        pe = (81 + 107²)/116² = 11530/13456;
//        κ = (112·116 − 11530)/(13456 − 11530) = 1462/1926 = 0.75909
struct Expected {
    const char* path;
    std::int64_t units, appliedA, appliedB;
    double percent;  // as CSV writes it: one decimal
    std::optional<double> kappa, alpha;
};

const char* const kDag = "Predicaments/Curriculum–industry misalignment/Data-analysis gap";
const char* const kCcg =
    "Predicaments/Curriculum–industry misalignment/Cross-cultural communication gap";

class AgreementCliTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        s_study = new std::string((s_dir->path() / "study.margin").string());
        s_setup = new std::string;
        const auto study = examplesDir() / "study";
        std::vector<std::vector<std::string>> steps = {
            {"init", *s_study},
            {"-p", *s_study, "import", (study / "transcripts").string()},
            {"-p", *s_study, "participants", "import", (study / "participants.csv").string()},
            {"-p", *s_study, "codes", "import", (study / "codebook.csv").string()},
        };
        auto run = [&](const std::vector<std::vector<std::string>>& list) {
            for (const auto& step : list) {
                auto r = runMargin(step, {{"MARGIN_CODER", ""}});
                if (r.exitCode != 0) {
                    *s_setup = commandLine(step) + "\n" + r.describe();
                    return false;
                }
            }
            return true;
        };
        // Each coder codes a copy of the project (made after `check` has
        // folded the WAL into the file); the copies are then merged, as a
        // team works.
        steps.push_back({"-p", *s_study, "check"});
        if (!run(steps))
            return;
        const std::string copy = (s_dir->path() / "coder-b.margin").string();
        std::filesystem::copy_file(*s_study, copy);
        steps.clear();
        for (const auto& s : kCodings)
            steps.push_back({"-p", std::string(s.coder) == "B" ? copy : *s_study, "code",
                             s.document, "--quote", s.quote, "--code", s.code, "--coder", s.coder});
        steps.push_back({"-p", *s_study, "merge", copy});
        run(steps);
    }
    static void TearDownTestSuite() {
        delete s_setup;
        delete s_study;
        delete s_dir;
    }
    void SetUp() override { ASSERT_EQ(*s_setup, "") << "building the coded study failed"; }

    RunResult margin(std::vector<std::string> args) const {
        args.insert(args.begin(), {"-p", *s_study});
        return runMargin(args, {{"MARGIN_CODER", ""}});
    }
    // The CSV rows by code path.
    std::map<std::string, std::map<std::string, std::string>> table(
        const std::vector<std::string>& args) const {
        auto r = margin(args);
        EXPECT_EQ(r.exitCode, 0) << commandLine(args) << "\n" << r.describe();
        auto records = corpus::parseCsv(r.out);
        std::map<std::string, std::map<std::string, std::string>> out;
        if (!records.isOk() || records->empty()) {
            ADD_FAILURE() << "not CSV:\n" << r.out;
            return out;
        }
        const auto& header = records->front().fields;
        for (std::size_t i = 1; i < records->size(); ++i) {
            std::map<std::string, std::string> row;
            const auto& fields = (*records)[i].fields;
            for (std::size_t c = 0; c < header.size() && c < fields.size(); ++c)
                row[header[c]] = fields[c];
            out[row["path"]] = row;
        }
        return out;
    }
    void check(const std::vector<std::string>& args, const std::vector<Expected>& expected) {
        auto rows = table(args);
        EXPECT_EQ(rows.size(), 30u) << "29 codes and the overall row";
        for (const auto& e : expected) {
            SCOPED_TRACE(commandLine(args) + ": " + e.path);
            ASSERT_TRUE(rows.count(e.path));
            auto& row = rows[e.path];
            EXPECT_EQ(row["units"], std::to_string(e.units));
            EXPECT_EQ(row["A applied"], std::to_string(e.appliedA));
            EXPECT_EQ(row["B applied"], std::to_string(e.appliedB));
            EXPECT_NEAR(std::stod(row["agreement (%)"]), e.percent, 1e-9);
            for (auto [column, want] : {std::pair{"Cohen's kappa", e.kappa},
                                        std::pair{"Krippendorff's alpha", e.alpha}}) {
                SCOPED_TRACE(column);
                if (want)
                    EXPECT_NEAR(std::stod(row[column]), *want, 5e-6) << row[column];
                else
                    EXPECT_EQ(row[column], "n/a");
            }
        }
    }

    static TempDir* s_dir;
    static std::string* s_study;
    static std::string* s_setup;
};
TempDir* AgreementCliTest::s_dir = nullptr;
std::string* AgreementCliTest::s_study = nullptr;
std::string* AgreementCliTest::s_setup = nullptr;

TEST_F(AgreementCliTest, TurnUnitsGiveTheHandComputedFigures) {
    check({"agreement", "--coders", "A,B", "--unit", "turn", "--format", "csv"},
          {
              {kDag, 152, 5, 5, 97.4, 862.0 / 1470, 1 - 2424.0 / 5880},
              {kCcg, 152, 4, 2, 98.7, 592.0 / 896, 197.0 / 298},
              {"Retraining cost to employers", 152, 0, 1, 99.3, 0.0, 0.0},
              {"Dimensions/Curriculum", 152, 4, 4, 100.0, 1.0, 1.0},
              {"Strengths worth keeping", 152, 0, 0, 100.0, std::nullopt, std::nullopt},
              {"(all codes)", 4408, 13, 12, 99.8, 79032.0 / 109888, 1 - 8815.0 * 14 / 439550},
          });
}

TEST_F(AgreementCliTest, DocumentUnitsGiveTheHandComputedFigures) {
    check({"agreement", "--coders", "A,B", "--unit", "document", "--format", "csv"},
          {
              {kDag, 4, 3, 3, 50.0, -1.0 / 3, -1.0 / 6},
              {kCcg, 4, 3, 2, 75.0, 0.5, 8.0 / 15},
              {"Retraining cost to employers", 4, 0, 1, 75.0, 0.0, 0.0},
              {"Dimensions/Curriculum", 4, 3, 3, 100.0, 1.0, 1.0},
              {"(all codes)", 116, 9, 9, 96.6, 1462.0 / 1926, 1 - 1848.0 / 7704},
          });
}

TEST_F(AgreementCliTest, TheOutputStatesUnitCodersAndDocuments) {
    auto r = margin({"agreement", "--coders", "A,B", "--codes", "Data-analysis gap"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    for (const char* part : {"Unit: turn", "Coders: A, B", "the 4 of 18 documents", "Cohen's kappa",
                             "Krippendorff's alpha", "docs/AGREEMENT.md"}) {
        SCOPED_TRACE(part);
        EXPECT_NE(r.out.find(part), std::string::npos) << r.out;
    }
    // --codes: the code (it has no sub-codes) and the overall row.
    auto rows =
        table({"agreement", "--coders", "A,B", "--codes", "Data-analysis gap", "--format", "csv"});
    EXPECT_EQ(rows.size(), 2u);
}

TEST_F(AgreementCliTest, DisagreementsListTheTurnsWhereCodersDiffer) {
    auto r = margin({"agreement", "--coders", "A,B", "--codes", "Data-analysis gap",
                     "--disagreements", "--format", "json"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    // Four turns: E01#15 and S01#1 (A only), E03#9 and T01#13 (B only).
    for (const char* part : {"\"title\": \"Disagreements\"", "头一个是数据安全", "老师好。我叫刘洋",
                             "那可太多了", "这个我也听到过"}) {
        SCOPED_TRACE(part);
        EXPECT_NE(r.out.find(part), std::string::npos) << r.out;
    }
    // Turns where both applied it are not listed.
    EXPECT_EQ(r.out.find("我们每年新人培训结束"), std::string::npos);
}

TEST_F(AgreementCliTest, BadCodersAreRefused) {
    struct Case {
        std::vector<std::string> args;
        int exitCode;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{"agreement", "--coders", "A,Zed"}, 1, "unknown coder 'Zed' (the project's coders: "},
        {{"agreement", "--coders", "A"}, 2, "at least two coders"},
        {{"agreement"}, 2, "--coders A,B[,C...] is required"},
        {{"agreement", "--coders", "A,B", "--unit", "page"}, 2, "--unit is character"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(commandLine(c.args));
        auto r = margin(c.args);
        EXPECT_EQ(r.exitCode, c.exitCode) << r.describe();
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    }
}

}  // namespace
}  // namespace margin::test
