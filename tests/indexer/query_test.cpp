// The query parser, as tables: query -> describe(tree), and malformed query ->
// the message (with its column) it must produce. Every feature in English and
// in Chinese; then limits, columns and a fixed-seed fuzz loop.
#include "indexer/query.h"

#include <cstdint>
#include <random>
#include <string>

#include "corpus/offsets.h"
#include "tests/test_util.h"

namespace margin::indexer {
namespace {

struct TreeCase {
    const char* query;
    const char* tree;
};

struct ErrorCase {
    const char* query;
    const char* message;  // a substring of the error message
};

void expectTrees(const std::vector<TreeCase>& cases) {
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("query: ") + c.query);
        auto parsed = parseQuery(c.query);
        ASSERT_OK(parsed);
        EXPECT_EQ(describe(*parsed), c.tree);
    }
}

void expectErrors(const std::vector<ErrorCase>& cases) {
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("query: ") + c.query);
        auto parsed = parseQuery(c.query);
        ASSERT_FALSE(parsed.isOk()) << "parsed as " << describe(*parsed);
        EXPECT_EQ(parsed.status().code(), Status::Code::InvalidInput);
        EXPECT_NE(parsed.status().message().find(c.message), std::string::npos)
            << "message: " << parsed.status().message() << "\nexpected: " << c.message;
    }
}

TEST(QueryWords, EnglishAndChinese) {
    expectTrees({
        {"data", "word:data"},
        {"Data", "word:Data"},
        {"don't", "word:don't"},
        {"3.5", "word:3.5"},
        {"TikTok", "word:TikTok"},
        {"e-mail", "word:e-mail"},
        {"café", "word:café"},
        {"实践教学", "word:实践教学"},
        {"Excel数据", "word:Excel数据"},
        {"数据，分析", "word:数据，分析"},  // full-width comma does not split
        {"实习OR兼职", "word:实习OR兼职"},  // operators must stand apart
        {"  data  ", "word:data"},
        {"\u3000实践\u3000", "word:实践"},
    });
}

TEST(QueryAnd, JuxtapositionAndExplicitAnd) {
    expectTrees({
        {"data analysis", "AND(word:data, word:analysis)"},
        {"data\tanalysis\n", "AND(word:data, word:analysis)"},
        {"data AND analysis", "AND(word:data, word:analysis)"},
        {"a b c", "AND(word:a, word:b, word:c)"},
        {"a AND b c", "AND(word:a, word:b, word:c)"},
        {"and or not", "AND(word:and, word:or, word:not)"},  // lower case: words
        {"And Or", "AND(word:And, word:Or)"},
        {"实践 教学", "AND(word:实践, word:教学)"},
        {"实践\u3000教学", "AND(word:实践, word:教学)"},  // ideographic space
        {"实践 AND 教学", "AND(word:实践, word:教学)"},
        {"用 Excel 做 数据分析", "AND(word:用, word:Excel, word:做, word:数据分析)"},
    });
}

TEST(QueryOr, AndBindsTighterThanOr) {
    expectTrees({
        {"internship OR 实习", "OR(word:internship, word:实习)"},
        {"a OR b OR c", "OR(word:a, word:b, word:c)"},
        {"a b OR c", "OR(AND(word:a, word:b), word:c)"},
        {"a OR b c", "OR(word:a, AND(word:b, word:c))"},
        {"a AND b OR c AND d", "OR(AND(word:a, word:b), AND(word:c, word:d))"},
        {"实习 OR 兼职", "OR(word:实习, word:兼职)"},
        {"实习 工作 OR 兼职", "OR(AND(word:实习, word:工作), word:兼职)"},
        {"实习 OR 兼职 工作", "OR(word:实习, AND(word:兼职, word:工作))"},
    });
}

TEST(QueryNot, LeftToRightAtAndLevel) {
    expectTrees({
        {"simulation NOT software", "ANDNOT(word:simulation, word:software)"},
        {"NOT software", "ANDNOT(ALL, word:software)"},
        {"a NOT b c", "AND(ANDNOT(word:a, word:b), word:c)"},
        {"a b NOT c", "ANDNOT(AND(word:a, word:b), word:c)"},
        {"a NOT b NOT c", "ANDNOT(ANDNOT(word:a, word:b), word:c)"},
        {"NOT a b", "AND(ANDNOT(ALL, word:a), word:b)"},
        {"a AND NOT b", "ANDNOT(word:a, word:b)"},
        {"a OR NOT b", "OR(word:a, ANDNOT(ALL, word:b))"},
        {"NOT a OR b", "OR(ANDNOT(ALL, word:a), word:b)"},
        {"a NOT b OR c", "OR(ANDNOT(word:a, word:b), word:c)"},
        {"(NOT a)", "ANDNOT(ALL, word:a)"},
        {"模拟 NOT 软件", "ANDNOT(word:模拟, word:软件)"},
        {"NOT 软件", "ANDNOT(ALL, word:软件)"},
        {"模拟 NOT 软件 教学", "AND(ANDNOT(word:模拟, word:软件), word:教学)"},
        {"模拟 AND NOT 软件", "ANDNOT(word:模拟, word:软件)"},
    });
}

TEST(QueryMinus, LeadingMinusIsNot) {
    expectTrees({
        {"-software", "ANDNOT(ALL, word:software)"},
        {"simulation -software", "ANDNOT(word:simulation, word:software)"},
        {"a -b c", "AND(ANDNOT(word:a, word:b), word:c)"},
        {"a -teach*", "ANDNOT(word:a, prefix:teach*)"},
        {"a -\"odd jobs\"", "ANDNOT(word:a, phrase:\"odd jobs\")"},
        {"a -(b OR c)", "ANDNOT(word:a, OR(word:b, word:c))"},
        {"a-b", "word:a-b"},
        {"模拟 -软件", "ANDNOT(word:模拟, word:软件)"},
        {"-软件", "ANDNOT(ALL, word:软件)"},
        {"模拟 -“仿真软件”", "ANDNOT(word:模拟, phrase:\"仿真软件\")"},
        {"模拟 -（软件 OR 仿真）", "ANDNOT(word:模拟, OR(word:软件, word:仿真))"},
    });
}

TEST(QueryParentheses, GroupAndFlatten) {
    expectTrees({
        {"(a OR b) c", "AND(OR(word:a, word:b), word:c)"},
        {"c (a OR b)", "AND(word:c, OR(word:a, word:b))"},
        {"a (b c)", "AND(word:a, word:b, word:c)"},
        {"(a b) (c d)", "AND(word:a, word:b, word:c, word:d)"},
        {"(a OR b) OR (c OR d)", "OR(word:a, word:b, word:c, word:d)"},
        {"((a))", "word:a"},
        {"(a)(b)", "AND(word:a, word:b)"},
        {"a NOT (b OR c)", "ANDNOT(word:a, OR(word:b, word:c))"},
        {"(a OR b) NOT c", "ANDNOT(OR(word:a, word:b), word:c)"},
        {"((a OR b) c) OR d", "OR(AND(OR(word:a, word:b), word:c), word:d)"},
        {"(实习 OR 兼职) 工作", "AND(OR(word:实习, word:兼职), word:工作)"},
        {"（实习 OR 兼职）工作", "AND(OR(word:实习, word:兼职), word:工作)"},
        {"工作（实习 OR 兼职）", "AND(word:工作, OR(word:实习, word:兼职))"},
        {"（实习 OR 兼职) 工作", "AND(OR(word:实习, word:兼职), word:工作)"},  // mixed widths
        {"（（实习））", "word:实习"},
    });
}

TEST(QueryPhrase, AsciiAndChineseQuotes) {
    expectTrees({
        {"\"odd jobs\"", "phrase:\"odd jobs\""},
        {"\" odd  jobs \"", "phrase:\"odd  jobs\""},
        {"\"odd\"", "phrase:\"odd\""},
        {"\"a (b) OR c* d:e\"", "phrase:\"a (b) OR c* d:e\""},  // literal inside
        {"\"don't\"", "phrase:\"don't\""},
        {"data\"odd jobs\"", "AND(word:data, phrase:\"odd jobs\")"},
        {"\"odd jobs\"data", "AND(phrase:\"odd jobs\", word:data)"},
        {"\"odd jobs\" OR \"part time\"", "OR(phrase:\"odd jobs\", phrase:\"part time\")"},
        {"\"odd jobs\u201d", "phrase:\"odd jobs\""},
        {"“实践教学”", "phrase:\"实践教学\""},
        {"“实践 教学”", "phrase:\"实践 教学\""},
        {"“实践教学\"", "phrase:\"实践教学\""},  // “ closes with "
        {"“兼职”工作", "AND(phrase:\"兼职\", word:工作)"},
        {"“兼职” OR “实习”", "OR(phrase:\"兼职\", phrase:\"实习\")"},
        {"“用Excel做”", "phrase:\"用Excel做\""},
    });
}

TEST(QueryPrefix, StarEndsAWord) {
    expectTrees({
        {"teach*", "prefix:teach*"},
        {"teach* learn*", "AND(prefix:teach*, prefix:learn*)"},
        {"teach* OR 教学*", "OR(prefix:teach*, prefix:教学*)"},
        {"教*", "prefix:教*"},
        {"实践 教*", "AND(word:实践, prefix:教*)"},
        {"Excel数*", "prefix:Excel数*"},
        {"\"teach*\"", "phrase:\"teach*\""},  // literal in a phrase
    });
}

TEST(QueryNear, DistanceAndChains) {
    expectTrees({
        {"data NEAR/3 analysis", "NEAR/3(word:data, word:analysis)"},
        {"data NEAR/1 analysis", "NEAR/1(word:data, word:analysis)"},
        {"data NEAR/1000 analysis", "NEAR/1000(word:data, word:analysis)"},
        {"a NEAR/2 b NEAR/2 c", "NEAR/2(word:a, word:b, word:c)"},
        {"a NEAR/2 b NEAR/5 c", "NEAR/5(word:a, word:b, word:c)"},  // the largest
        {"a NEAR/5 b NEAR/2 c", "NEAR/5(word:a, word:b, word:c)"},
        {"\"odd jobs\" NEAR/5 teach*", "NEAR/5(phrase:\"odd jobs\", prefix:teach*)"},
        {"a NEAR/2 b c", "AND(NEAR/2(word:a, word:b), word:c)"},
        {"c a NEAR/2 b", "AND(word:c, NEAR/2(word:a, word:b))"},
        {"a NEAR/2 b OR c", "OR(NEAR/2(word:a, word:b), word:c)"},
        {"NOT a NEAR/2 b", "ANDNOT(ALL, NEAR/2(word:a, word:b))"},
        {"x NOT a NEAR/2 b", "ANDNOT(word:x, NEAR/2(word:a, word:b))"},
        {"(a) NEAR/2 b", "NEAR/2(word:a, word:b)"},
        {"(a NEAR/2 b)", "NEAR/2(word:a, word:b)"},
        {"near/3", "word:near/3"},  // lower case: a word
        {"NEARBY", "word:NEARBY"},
        {"实践 NEAR/3 教学", "NEAR/3(word:实践, word:教学)"},
        {"“实践教学” NEAR/2 学生", "NEAR/2(phrase:\"实践教学\", word:学生)"},
        {"实践 NEAR/2 教* NEAR/4 学生", "NEAR/4(word:实践, prefix:教*, word:学生)"},
        {"（实践 NEAR/2 教学）OR 实习", "OR(NEAR/2(word:实践, word:教学), word:实习)"},
    });
}

TEST(QueryField, FiltersByName) {
    expectTrees({
        {"doc:T03", "field:doc=T03"},
        {"participant:S05", "field:participant=S05"},
        {"role:enterprise", "field:role=enterprise"},
        {"speaker:participant", "field:speaker=participant"},
        {"speaker:interviewer", "field:speaker=interviewer"},
        {"code:\"Faculty shortage\"", "field:code=\"Faculty shortage\""},
        {"-code:\"Faculty shortage\"", "-field:code=\"Faculty shortage\""},
        {"-code:shortage", "-field:code=shortage"},
        {"title:\"Associate Professor\"", "field:title=\"Associate Professor\""},
        {"DOC:T03", "field:doc=T03"},                  // names fold
        {"Role:Enterprise", "field:role=Enterprise"},  // values as typed
        {"title:a:b", "field:title=a:b"},
        {"doc:T0*", "field:doc=T0*"},  // literal
        {"data doc:T03", "AND(word:data, field:doc=T03)"},
        {"data -code:x", "AND(word:data, -field:code=x)"},
        {"doc:T03 OR doc:T04", "OR(field:doc=T03, field:doc=T04)"},
        {"(doc:T03 OR doc:T04) teach*", "AND(OR(field:doc=T03, field:doc=T04), prefix:teach*)"},
        {"NOT doc:T03", "ANDNOT(ALL, field:doc=T03)"},
        {"code:\"a\"b", "AND(field:code=a, word:b)"},
        {"data (\"odd jobs\" OR teach*) -code:\"Faculty shortage\"",
         "AND(word:data, OR(phrase:\"odd jobs\", prefix:teach*), -field:code=\"Faculty "
         "shortage\")"},
        {"role：enterprise", "field:role=enterprise"},  // full-width colon
        {"角色：企业", "field:角色=企业"},
        {"角色:企业", "field:角色=企业"},
        {"code:“师资短缺”", "field:code=师资短缺"},
        {"code：“师资 短缺”", "field:code=\"师资 短缺\""},
        {"-code:师资短缺", "-field:code=师资短缺"},
        {"实践 -code：“师资短缺”", "AND(word:实践, -field:code=师资短缺)"},
        {"ｄｏｃ：T03", "field:doc=T03"},  // full-width letters fold
        {"实习 participant:S05 speaker:participant",
         "AND(word:实习, field:participant=S05, field:speaker=participant)"},
    });
}

TEST(QueryErrors, EmptyQuery) {
    for (const char* query : {"", " ", "   ", "\t\n", "\u3000", " \u3000 "}) {
        SCOPED_TRACE(std::string("query: '") + query + "'");
        auto parsed = parseQuery(query);
        ASSERT_FALSE(parsed.isOk());
        EXPECT_EQ(parsed.status().code(), Status::Code::InvalidInput);
        EXPECT_EQ(parsed.status().message(), "empty query");
    }
}

TEST(QueryErrors, Quotes) {
    expectErrors({
        {"\"odd jobs", "unbalanced quote: the phrase opened at column 1 is never closed"},
        {"data \"odd jobs", "the phrase opened at column 6 is never closed"},
        {"\"a\" \"b", "the phrase opened at column 5 is never closed"},
        {"“实践教学", "the phrase opened at column 1 is never closed"},
        {"实践 “教学", "the phrase opened at column 4 is never closed"},
        {"实践”", "unbalanced quote: ” at column 3 closes no phrase"},
        {"\"\"", "empty phrase at column 1"},
        {"a \"  \"", "empty phrase at column 3"},
        {"实践 “”", "empty phrase at column 4"},
    });
}

TEST(QueryErrors, Parentheses) {
    expectErrors({
        {"(a OR b", "'(' at column 1 is never closed"},
        {"a (b", "'(' at column 3 is never closed"},
        {"a (", "'(' at column 3 is never closed"},
        {"((a)", "'(' at column 1 is never closed"},
        {"a OR b)", "')' at column 7 closes nothing"},
        {"(a))", "')' at column 4 closes nothing"},
        {")", "')' at column 1 closes nothing"},
        {") a", "')' at column 1 closes nothing"},
        {"()", "empty parentheses at column 1"},
        {"a ( )", "empty parentheses at column 3"},
        {"(())", "empty parentheses at column 2"},
        {"（实习 OR 兼职", "'（' at column 1 is never closed"},
        {"实习 OR 兼职）", "'）' at column 9 closes nothing"},
        {"实践 （）", "empty parentheses at column 4"},
        {"实践（　）", "empty parentheses at column 3"},
    });
}

TEST(QueryErrors, OperatorsWithNothingBeside) {
    expectErrors({
        {"OR a", "OR at column 1 has nothing on its left"},
        {"AND a", "AND at column 1 has nothing on its left"},
        {"a OR", "OR at column 3 has nothing on its right"},
        {"a AND", "AND at column 3 has nothing on its right"},
        {"a OR OR b", "OR at column 3 has nothing on its right"},
        {"a AND OR b", "AND at column 3 has nothing on its right"},
        {"a OR AND b", "OR at column 3 has nothing on its right"},
        {"a AND AND b", "AND at column 3 has nothing on its right"},
        {"NOT", "NOT at column 1 has nothing on its right"},
        {"a NOT", "NOT at column 3 has nothing on its right"},
        {"NOT NOT a", "NOT at column 1 has nothing on its right"},
        {"a NOT NOT b", "NOT at column 3 has nothing on its right"},
        {"a NOT OR b", "NOT at column 3 has nothing on its right"},
        {"a AND NOT", "NOT at column 7 has nothing on its right"},
        {"(OR a)", "OR at column 2 has nothing on its left"},
        {"(a OR)", "OR at column 4 has nothing on its right"},
        {"(a NOT) b", "NOT at column 4 has nothing on its right"},
        {"OR", "OR at column 1 has nothing on its left"},
        {"AND", "AND at column 1 has nothing on its left"},
        {"实习 OR", "OR at column 4 has nothing on its right"},
        {"OR 实习", "OR at column 1 has nothing on its left"},
        {"实习 AND", "AND at column 4 has nothing on its right"},
        {"实习 OR OR 兼职", "OR at column 4 has nothing on its right"},
        {"实习 NOT", "NOT at column 4 has nothing on its right"},
        {"（OR 实习）", "OR at column 2 has nothing on its left"},
        {"-", "'-' at column 1 must be followed directly by what it excludes"},
        {"a - b", "'-' at column 3 must be followed directly"},
        {"a -", "'-' at column 3 must be followed directly"},
        {"实践 - 教学", "'-' at column 4 must be followed directly"},
        {"--a", "'-' at column 1 must be followed directly"},
    });
}

TEST(QueryErrors, Near) {
    expectErrors({
        {"a NEAR b", "NEAR needs a distance, as in NEAR/3 (column 3)"},
        {"a NEAR/ b", "NEAR needs a distance, as in NEAR/3 (column 3)"},
        {"NEAR", "NEAR needs a distance, as in NEAR/3 (column 1)"},
        {"a NEAR/0 b", "NEAR/0 at column 3: the distance must be a whole number from 1 to 1000"},
        {"a NEAR/x b", "NEAR/x at column 3: the distance must be a whole number"},
        {"a NEAR/-1 b", "NEAR/-1 at column 3: the distance"},
        {"a NEAR/+1 b", "NEAR/+1 at column 3: the distance"},
        {"a NEAR/3x b", "NEAR/3x at column 3: the distance"},
        {"a NEAR/2.5 b", "NEAR/2.5 at column 3: the distance"},
        {"a NEAR/1001 b", "NEAR/1001 at column 3: the distance"},
        {"a NEAR/99999999999999999999 b", "NEAR/99999999999999999999 at column 3"},
        {"a NEAR/３ b", "NEAR/３ at column 3"},  // full-width digit
        {"a NEAR/3", "NEAR/3 at column 3 has nothing on its right"},
        {"NEAR/3 a", "NEAR/3 at column 1 has nothing on its left"},
        {"a NEAR/3 OR b", "NEAR/3 at column 3 has nothing on its right"},
        {"a NEAR/3 NEAR/3 b", "NEAR/3 at column 3 has nothing on its right"},
        {"(a NEAR/3) b", "NEAR/3 at column 4 has nothing on its right"},
        {"a OR NEAR/3 b", "OR at column 3 has nothing on its right"},
        {"(a OR b) NEAR/3 c", "NEAR/3 at column 10 needs a word, phrase or prefix on its left"},
        {"a NEAR/3 (b OR c)", "NEAR/3 at column 3 needs a word, phrase or prefix on its right"},
        {"doc:T03 NEAR/3 a", "NEAR/3 at column 9 needs a word, phrase or prefix on its left"},
        {"a NEAR/3 doc:T03", "NEAR/3 at column 3 needs a word, phrase or prefix on its right"},
        {"a NEAR/3 NOT b", "NEAR/3 at column 3 needs a word, phrase or prefix on its right"},
        {"a NEAR/3 -b", "NEAR/3 at column 3 needs a word, phrase or prefix on its right"},
        {"实践 NEAR 教学", "NEAR needs a distance, as in NEAR/3 (column 4)"},
        {"实践 NEAR/0 教学", "NEAR/0 at column 4: the distance"},
        {"实践 NEAR/3", "NEAR/3 at column 4 has nothing on its right"},
        {"（实践 OR 教学） NEAR/3 学生", "NEAR/3 at column 12 needs a word"},
    });
}

TEST(QueryErrors, Fields) {
    expectErrors({
        {"doc:", "field 'doc:' at column 1 has no value"},
        {"doc:\"\"", "field 'doc:' at column 1 has no value"},
        {"doc:\" \"", "field 'doc:' at column 1 has no value"},
        {"doc: T03", "field 'doc:' at column 1 has no value (write the value right after"},
        {"data doc:", "field 'doc:' at column 6 has no value"},
        {"a -code:", "field 'code:' at column 4 has no value"},
        {"(doc:)", "field 'doc:' at column 2 has no value"},
        {"code:\"Faculty shortage", "the phrase opened at column 6 is never closed"},
        {":x", "empty field name at column 1"},
        {":", "empty field name at column 1"},
        {"a :x", "empty field name at column 3"},
        {"-:x", "empty field name at column 2"},
        {"角色：", "field '角色：' at column 1 has no value"},
        {"实践 角色：“”", "field '角色：' at column 4 has no value"},
        {"实践 ：企业", "empty field name at column 4"},
        {"code:“师资短缺", "the phrase opened at column 6 is never closed"},
    });
}

TEST(QueryErrors, Stars) {
    expectErrors({
        {"*", "'*' at column 1 needs letters before it, as in teach*"},
        {"a *", "'*' at column 3 needs letters before it"},
        {"-*", "'*' at column 2 needs letters before it"},
        {"te*st", "'*' at column 3 can only end a word, as in teach*"},
        {"*ing", "'*' at column 1 can only end a word"},
        {"teach**", "'*' at column 6 can only end a word"},
        {"**", "'*' at column 1 can only end a word"},
        {"实*践", "'*' at column 2 can only end a word"},
        {"实践 *教学", "'*' at column 4 can only end a word"},
        {"实践 *", "'*' at column 4 needs letters before it"},
    });
}

TEST(QueryErrors, InvalidUtf8) {
    expectErrors({
        {"a \xff", "invalid UTF-8 at column 3"},
        {"实践 \xe5\xae", "invalid UTF-8 at column 4"},
        {"\xc0\xaf", "invalid UTF-8 at column 1"},  // overlong '/'
    });
}

TEST(QueryLimits, LongQueries) {
    // 10,000 characters is allowed; one more is an error, whatever the bytes.
    std::string longest;
    for (int i = 0; i < 5000; ++i)
        longest += "a ";
    ASSERT_EQ(longest.size(), 10000u);
    auto parsed = parseQuery(longest);
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->kind, QueryNode::Kind::And);
    EXPECT_EQ(parsed->children.size(), 5000u);

    std::string chinese;
    for (int i = 0; i < 10000; ++i)
        chinese += "学";
    EXPECT_OK(parseQuery(chinese));

    expectErrors({
        {(longest + "b").c_str(), "query too long: more than 10000 characters"},
        {(chinese + "学").c_str(), "(the excess starts at column 10001)"},
        {std::string(1000000, 'a').c_str(), "query too long"},
    });
}

TEST(QueryLimits, DeepNestingIsBounded) {
    const auto nested = [](int depth) {
        return std::string(static_cast<std::size_t>(depth), '(') + "a" +
               std::string(static_cast<std::size_t>(depth), ')');
    };
    auto hundred = parseQuery(nested(100));
    ASSERT_OK(hundred);
    EXPECT_EQ(describe(*hundred), "word:a");

    expectErrors({
        {nested(101).c_str(), "parentheses nested too deeply: '(' at column 101"},
        {std::string(10000, '(').c_str(), "'(' at column 101 is more than 100 levels deep"},
        {(std::string(4999, '(') + "a" + std::string(4999, ')')).c_str(), "column 101"},
    });

    // Long flat chains never recurse.
    std::string chain = "a";
    for (int i = 0; i < 1600; ++i)
        chain += " NOT b";
    EXPECT_OK(parseQuery(chain));
    std::string nears = "a";
    for (int i = 0; i < 1000; ++i)
        nears += " NEAR/2 b";
    auto near = parseQuery(nears);
    ASSERT_OK(near);
    EXPECT_EQ(near->children.size(), 1001u);
}

TEST(QueryColumns, CountCodePoints) {
    // 实(1)践(2) (3)O(4)R(5) (6)教(7)学(8)
    auto parsed = parseQuery("实践 OR 教学");
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->column, 1u);
    ASSERT_EQ(parsed->children.size(), 2u);
    EXPECT_EQ(parsed->children[0].column, 1u);
    EXPECT_EQ(parsed->children[1].column, 7u);

    // “(1)实(2)践(3)”(4) (5)-(6)c(7)... (13)N(14)O(15)T(16) (17)a(18)
    parsed = parseQuery("“实践” -code:x NOT a");
    ASSERT_OK(parsed);
    ASSERT_EQ(describe(*parsed), "ANDNOT(AND(phrase:\"实践\", -field:code=x), word:a)");
    EXPECT_EQ(parsed->column, 1u);
    EXPECT_EQ(parsed->children[0].children[1].column, 6u);
    EXPECT_EQ(parsed->children[1].column, 18u);

    // A leading NOT: All takes the NOT's column.
    parsed = parseQuery("  NOT 软件");
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->children[0].kind, QueryNode::Kind::All);
    EXPECT_EQ(parsed->children[0].column, 3u);
    EXPECT_EQ(parsed->children[1].column, 7u);
}

TEST(QueryTree, BuildsTheDocumentedNodes) {
    auto parsed = parseQuery("Role：企业 -code:\"Faculty shortage\" \"odd jobs\" NEAR/4 教*");
    ASSERT_OK(parsed);
    QueryNode role{QueryNode::Kind::Field, "企业", "role", false, 0, 1, {}};
    QueryNode code{QueryNode::Kind::Field, "Faculty shortage", "code", true, 0, 9, {}};
    QueryNode phrase{QueryNode::Kind::Phrase, "odd jobs", "", false, 0, 34, {}};
    QueryNode prefix{QueryNode::Kind::Prefix, "教", "", false, 0, 52, {}};
    QueryNode near{QueryNode::Kind::Near, "", "", false, 4, 34, {phrase, prefix}};
    QueryNode expected{QueryNode::Kind::And, "", "", false, 0, 1, {role, code, near}};
    EXPECT_EQ(*parsed, expected) << describe(*parsed);
}

// Checks the shape the compiler relies on; returns a problem or "".
std::string checkTree(const QueryNode& node, std::size_t length) {
    using Kind = QueryNode::Kind;
    if (node.column < 1 || node.column > length)
        return "column out of range in " + describe(node);
    switch (node.kind) {
        case Kind::Word:
        case Kind::Phrase:
        case Kind::Prefix:
        case Kind::Field:
            if (node.text.empty() || !node.children.empty())
                return "bad leaf " + describe(node);
            if (node.kind == Kind::Field && node.field.empty())
                return "field without a name " + describe(node);
            return "";
        case Kind::All:
            return node.children.empty() ? "" : "All with children";
        case Kind::And:
        case Kind::Or:
            if (node.children.size() < 2)
                return "AND/OR with fewer than two children " + describe(node);
            for (const QueryNode& child : node.children)
                if (child.kind == node.kind)
                    return "unflattened " + describe(node);
            break;
        case Kind::AndNot:
            if (node.children.size() != 2 || node.children[1].kind == Kind::All)
                return "bad ANDNOT " + describe(node);
            break;
        case Kind::Near:
            if (node.children.size() < 2 || node.distance < 1 || node.distance > 1000)
                return "bad NEAR " + describe(node);
            for (const QueryNode& child : node.children)
                if (child.kind != Kind::Word && child.kind != Kind::Phrase &&
                    child.kind != Kind::Prefix)
                    return "NEAR of a non-leaf " + describe(node);
            break;
    }
    for (const QueryNode& child : node.children) {
        if (child.kind == Kind::All && !(node.kind == Kind::AndNot && &child == &node.children[0]))
            return "All outside the left of ANDNOT " + describe(node);
        if (std::string problem = checkTree(child, length); !problem.empty())
            return problem;
    }
    return "";
}

TEST(QueryFuzz, NeverCrashesAndAlwaysExplains) {
    const char* pieces[] = {
        "a",       "data",    "don't", "实",    "践",       "教学",   "Excel",        " ",
        " ",       "\u3000",  "(",     ")",     "（",       "）",     "\"",           "“",
        "”",       "AND",     "OR",    "NOT",   "NEAR/",    "NEAR/2", "NEAR",         "0",
        "3",       ":",       "：",    "*",     "-",        "doc:",   "code:",        "角色：",
        "\t",      "AND ",    " OR ",  " NOT ", " NEAR/3 ", "x*",     "\"odd jobs\"", "“兼职”",
        "doc:T03", "-code:x",
    };
    const std::size_t pieceCount = sizeof(pieces) / sizeof(pieces[0]);
    std::mt19937 rng(20261127);  // fixed: the same strings on every run
    int trees = 0;
    int errors = 0;
    for (int i = 0; i < 5000; ++i) {
        std::string query;
        const std::size_t count = rng() % 24;
        for (std::size_t k = 0; k < count; ++k)
            query += pieces[rng() % pieceCount];
        SCOPED_TRACE("query: '" + query + "'");
        auto parsed = parseQuery(query);
        const auto length = static_cast<std::size_t>(corpus::codePointCount(query));
        if (parsed.isOk()) {
            ++trees;
            EXPECT_EQ(checkTree(*parsed, length), "");
            continue;
        }
        ++errors;
        EXPECT_EQ(parsed.status().code(), Status::Code::InvalidInput);
        const std::string& message = parsed.status().message();
        if (message == "empty query")
            continue;
        const std::size_t at = message.find("column ");
        ASSERT_NE(at, std::string::npos) << message;
        const std::size_t column = std::stoul(message.substr(at + 7));
        EXPECT_GE(column, 1u) << message;
        EXPECT_LE(column, length + 1) << message;
    }
    // The alphabet makes both outcomes common; a parser that rejects (or
    // accepts) everything would fail here.
    EXPECT_GT(trees, 300) << errors << " errors";
    EXPECT_GT(errors, 300) << trees << " trees";
}

}  // namespace
}  // namespace margin::indexer
