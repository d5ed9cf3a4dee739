// Inter-coder agreement: the statistics reproduce published reference
// values (Krippendorff 2011, a textbook Cohen's kappa, Wikipedia's Fleiss'
// kappa), the undefined cases say why, and units cut from codings give the
// figures counted by hand below.
#include "codebook/agreement.h"

#include <cmath>

#include "corpus/sha256.h"
#include "tests/test_util.h"

namespace margin::codebook {
namespace {

using test::TempDir;
constexpr auto _ = std::nullopt;  // a unit the coder left uncoded

std::string show(const Statistic& s) {
    return s.value ? std::to_string(*s.value) : "n/a (" + s.reason + ")";
}

// --- reference values ------------------------------------------------------------

TEST(AgreementStatistics, KrippendorffNominalAlphaOfHis2011Example) {
    // "Computing Krippendorff's Alpha-Reliability" (2011), section C: four
    // coders, twelve units, missing values; nominal alpha = 0.743.
    const std::vector<std::vector<std::optional<NominalValue>>> data = {
        {1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _},  // A
        {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3},  // B
        {_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _},  // C
        {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _},  // D
    };
    auto alpha = krippendorffAlphaNominal(patternsOf(data));
    ASSERT_TRUE(alpha.value) << alpha.reason;
    EXPECT_NEAR(*alpha.value, 0.743, 0.0005);
    // Units 11 and 12 hold one value each... unit 12 one (B's 3): not
    // pairable. Unit 11 has two (C and D: 1, 1). The coincidence matrix has
    // n = 40 pairable values, as in the paper.
}

TEST(AgreementStatistics, CohenKappaTextbook) {
    // 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
    // po = 35/50 = 0.70; A says yes 25/50, B 30/50;
    // pe = 0.5·0.6 + 0.5·0.4 = 0.50; κ = (0.70 − 0.50) / 0.50 = 0.40.
    Patterns data = {{{1, 1}, 20}, {{1, 0}, 5}, {{0, 1}, 10}, {{0, 0}, 15}};
    auto kappa = cohenKappa(data);
    ASSERT_TRUE(kappa.value) << kappa.reason;
    EXPECT_NEAR(*kappa.value, 0.40, 1e-12);
    auto percent = percentAgreement(data);
    ASSERT_TRUE(percent.value);
    EXPECT_NEAR(*percent.value, 0.70, 1e-12);
}

TEST(AgreementStatistics, FleissKappaWikipediaExample) {
    // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters,
    // 5 categories; P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    const std::vector<std::vector<std::int64_t>> counts = {
        {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
    };
    auto kappa = fleissKappa(counts);
    ASSERT_TRUE(kappa.value) << kappa.reason;
    EXPECT_NEAR(*kappa.value, 0.210, 0.0005);

    // The same data as a reliability matrix (14 coders per subject) gives
    // the same value.
    Patterns data;
    for (const auto& subject : counts) {
        Pattern p;
        for (std::size_t j = 0; j < subject.size(); ++j)
            p.insert(p.end(), static_cast<std::size_t>(subject[j]), NominalValue(j));
        ++data[p];
    }
    auto again = fleissKappa(data);
    ASSERT_TRUE(again.value) << again.reason;
    EXPECT_NEAR(*again.value, *kappa.value, 1e-12);
}

// --- edge cases, table-driven ---------------------------------------------------------

struct EdgeCase {
    const char* what;
    std::vector<std::vector<std::optional<NominalValue>>> data;  // coders × units
    std::optional<double> percent, cohen, fleiss, alpha;         // nullopt: n/a
};

TEST(AgreementStatistics, EdgeCases) {
    const std::vector<EdgeCase> cases = {
        {"perfect agreement with variation", {{1, 0, 1, 0}, {1, 0, 1, 0}}, 1.0, 1.0, 1.0, 1.0},
        // Nobody applied the code: no variation, kappa and alpha undefined.
        {"a code neither coder used", {{0, 0, 0, 0}, {0, 0, 0, 0}}, 1.0, _, _, _},
        // Both applied it everywhere: also no variation.
        {"both coders apply a code everywhere", {{1, 1, 1}, {1, 1, 1}}, 1.0, _, _, _},
        // A everywhere, B on half: po = 0.5, pe = 1·0.5 + 0·0.5 = 0.5, κ = 0.
        // Coincidences: o11 = 4, o10 = o01 = 2; n1 = 6, n0 = 2, n = 8;
        // α = 1 − 7·4 / (2·6·2) = −1/6. Fleiss: P̄ = 0.5, p1 = 0.75, Pe =
        // 0.625, κ = (0.5 − 0.625) / 0.375 = −1/3.
        {"one coder uses the code everywhere",
         {{1, 1, 1, 1}, {1, 0, 1, 0}},
         0.5,
         0.0,
         -1.0 / 3,
         -1.0 / 6},
        // Complete disagreement on two values: κ = −1, α = 1 − 3·4/8 = −0.5.
        {"complete disagreement", {{1, 0}, {0, 1}}, 0.0, -1.0, -1.0, -0.5},
        // Missing values: units coded by one coder drop out of everything.
        {"units coded by one coder", {{1, 0, 1, _}, {1, 0, _, 0}}, 1.0, 1.0, 1.0, 1.0},
        {"no unit coded by two coders", {{1, _}, {_, 0}}, _, _, _, _},
        // Three coders: Cohen's kappa does not apply.
        {"three coders agree", {{1, 0, 2}, {1, 0, 2}, {1, 0, 2}}, 1.0, _, 1.0, 1.0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        Patterns data = patternsOf(c.data);
        auto check = [&](const char* name, const Statistic& got, std::optional<double> want) {
            SCOPED_TRACE(std::string(name) + ": got " + show(got));
            ASSERT_EQ(got.value.has_value(), want.has_value());
            if (want)
                EXPECT_NEAR(*got.value, *want, 1e-9);
            else
                EXPECT_FALSE(got.reason.empty());
        };
        check("percent", percentAgreement(data), c.percent);
        check("cohen", cohenKappa(data), c.cohen);
        check("fleiss", fleissKappa(data), c.fleiss);
        check("alpha", krippendorffAlphaNominal(data), c.alpha);
    }
}

TEST(AgreementStatistics, UndefinedSaysWhy) {
    auto none = cohenKappa(patternsOf({{0, 0, 0}, {0, 0, 0}}));
    EXPECT_FALSE(none.value);
    EXPECT_EQ(none.reason, "no variation: every unit has the same value");
    EXPECT_EQ(cohenKappa(patternsOf({{1}, {1}, {1}})).reason, "Cohen's kappa is for two coders");
    EXPECT_EQ(fleissKappa(std::vector<std::vector<std::int64_t>>{{1, 1}, {3, 0}}).reason,
              "subjects have different numbers of ratings");
}

// --- units from codings -------------------------------------------------------------------

// One interview, two turns, and one document nobody coded:
//   "Hello there. Good day.\nBye now.\n"   length 32
//     turn P1 [0,22)  "Hello there. Good day."
//     turn P2 [23,31) "Bye now."
//     ICU sentences: [0,13) "Hello there. ", [13,23) "Good day.\n", [23,32) "Bye now.\n"
//   "Nothing here.\n" (no turns; nobody coded it)
// Code X: coder A [0,5) "Hello" and [23,26) "Bye"; coder B [2,12) "llo there.".
// Code Y: nobody.
//
// Characters (32 units): both [2,5) 3; A only [0,2) + [23,26) 5; B only
// [5,12) 7; neither 17. po = 20/32 = 0.625; pA = 8/32, pB = 10/32;
// pe = 0.25·0.3125 + 0.75·0.6875 = 0.59375; κ = 0.03125/0.40625 = 1/13.
// Turns: P1 both, P2 A only: po = 0.5, pA = 1, pB = 0.5, pe = 0.5, κ = 0.
// Sentences: 1st both, 2nd neither, 3rd A only: po = 2/3, pA = 2/3, pB = 1/3,
// pe = 4/9, κ = (2/9)/(5/9) = 0.4.
// Documents: only the coded one counts: one unit, both: κ n/a (no
// variation); with every document: (1,1) and (0,0): κ = 1.
class AgreementUnits : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = corpus::Store::create(m_dir.path() / "p.margin");
        ASSERT_OK(store);
        m_store = std::move(*store);
        m_book = std::make_unique<Codebook>(*m_store);
        auto document = [](const std::string& name, const std::string& text) {
            corpus::NewDocument d;
            d.name = name;
            d.text = text;
            d.sourceName = name + ".txt";
            d.sourceFormat = "txt";
            d.sourceEncoding = "UTF-8";
            d.sha256 = corpus::sha256Hex(text);
            return d;
        };
        auto interview = document("I1", "Hello there. Good day.\nBye now.\n");
        interview.turns = {{0, 22, "P1", corpus::SpeakerKind::Participant, "P1", {}},
                           {23, 31, "P2", corpus::SpeakerKind::Participant, "P2", {}}};
        auto id = m_store->addDocument(interview);
        ASSERT_OK(id);
        ASSERT_OK(m_store->addDocument(document("Other", "Nothing here.\n")));
        ASSERT_OK(m_book->addCode("X"));
        ASSERT_OK(m_book->addCode("Y"));
        auto x = m_book->findCode("X");
        ASSERT_OK(x);
        ASSERT_OK(m_book->addCodings({{x->id, *id, 0, 5, "A", ""},
                                      {x->id, *id, 23, 26, "A", ""},
                                      {x->id, *id, 2, 12, "B", ""}}));
    }
    AgreementReport run(AgreementUnit unit, bool all = false) {
        AgreementOptions o;
        o.coders = {"A", "B"};
        o.unit = unit;
        o.allDocuments = all;
        o.disagreements = true;
        auto r = agreement(*m_store, *m_book, o);
        EXPECT_OK(r);
        return r.isOk() ? *r : AgreementReport{};
    }
    TempDir m_dir;
    std::unique_ptr<corpus::Store> m_store;
    std::unique_ptr<Codebook> m_book;
};

TEST_F(AgreementUnits, KappaPerUnitAsCountedByHand) {
    struct Case {
        AgreementUnit unit;
        bool all;
        std::int64_t units, appliedA, appliedB;
        double percent;
        std::optional<double> kappa;
    };
    const std::vector<Case> cases = {
        {AgreementUnit::Character, false, 32, 8, 10, 0.625, 1.0 / 13},
        {AgreementUnit::Turn, false, 2, 2, 1, 0.5, 0.0},
        {AgreementUnit::Sentence, false, 3, 2, 1, 2.0 / 3, 0.4},
        {AgreementUnit::Document, false, 1, 1, 1, 1.0, _},
        {AgreementUnit::Document, true, 2, 1, 1, 1.0, 1.0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(agreementUnitName(c.unit)) + (c.all ? ", all documents" : ""));
        auto r = run(c.unit, c.all);
        ASSERT_EQ(r.rows.size(), 2u);
        const auto& x = r.rows[0];
        EXPECT_EQ(x.path, "X");
        EXPECT_EQ(x.units, c.units);
        EXPECT_EQ(x.applied, (std::vector<std::int64_t>{c.appliedA, c.appliedB}));
        ASSERT_TRUE(x.percent.value);
        EXPECT_NEAR(*x.percent.value, c.percent, 1e-9);
        ASSERT_EQ(x.cohen.value.has_value(), c.kappa.has_value()) << show(x.cohen);
        if (c.kappa) {
            EXPECT_NEAR(*x.cohen.value, *c.kappa, 1e-9);
        }
        // Y: nobody applied it: undefined, and the reason says so.
        const auto& y = r.rows[1];
        EXPECT_EQ(y.units, c.units);
        EXPECT_FALSE(y.cohen.value);
        EXPECT_FALSE(y.alpha.value);
        EXPECT_EQ(y.alpha.reason, "no coder applied the code");
        // Overall: X and Y pooled, twice the units.
        EXPECT_EQ(r.overall.units, 2 * c.units);
        EXPECT_EQ(r.documents.size(), c.all ? 2u : 1u);
    }
}

TEST_F(AgreementUnits, DisagreementsAreTheUnitsWhereCodersDiffer) {
    auto characters = run(AgreementUnit::Character);
    std::vector<std::tuple<corpus::CharPos, corpus::CharPos, std::string, bool, bool>> got;
    for (const auto& d : characters.disagreements)
        got.emplace_back(d.start, d.end, d.text, d.applied[0], d.applied[1]);
    using T = decltype(got)::value_type;
    EXPECT_EQ(got, (std::vector<T>{{0, 2, "He", true, false},
                                   {5, 12, "there.", false, true},
                                   {23, 26, "Bye", true, false}}));
    auto turns = run(AgreementUnit::Turn);
    ASSERT_EQ(turns.disagreements.size(), 1u);
    EXPECT_EQ(turns.disagreements[0].text, "Bye now.");
    EXPECT_EQ(turns.disagreements[0].documentName, "I1");
}

TEST_F(AgreementUnits, CodersAreChecked) {
    AgreementOptions o;
    o.coders = {"A", "Zed"};
    auto r = agreement(*m_store, *m_book, o);
    ASSERT_FALSE(r.isOk());
    EXPECT_EQ(r.status().message(), "unknown coder 'Zed' (the project's coders: A, B)");
    o.coders = {"A"};
    EXPECT_FALSE(agreement(*m_store, *m_book, o).isOk());
}

}  // namespace
}  // namespace margin::codebook
