#include "corpus/csv.h"

#include <chrono>
#include <random>

#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::visible;

// Records in one compact line: each as LINE[field|field], fields with \r and
// \n visible. "1[a|b] 2[c|d]" is two records of two fields on lines 1 and 2.
std::string compact(const std::vector<CsvRecord>& records) {
    std::string out;
    for (const CsvRecord& r : records) {
        if (!out.empty())
            out += ' ';
        out += std::to_string(r.line) + "[";
        for (std::size_t i = 0; i < r.fields.size(); ++i)
            out += (i ? "|" : "") + visible(r.fields[i]);
        out += "]";
    }
    return out;
}

TEST(CsvParse, ReadsRecordsAsWritten) {
    struct Case {
        std::string in, expected;
    } cases[] = {
        {"a,b\nc,d\n", "1[a|b] 2[c|d]"},
        {"a,b\nc,d", "1[a|b] 2[c|d]"},  // no final line break
        {"a,b\r\nc,d\r\n", "1[a|b] 2[c|d]"},
        {"a,b\r\nc,d\ne,f", "1[a|b] 2[c|d] 3[e|f]"},  // CRLF and LF mixed
        {"a,b\rc,d\r", "1[a|b] 2[c|d]"},              // classic Mac line ends
        {"\xEF\xBB\xBFparticipant,role\nT01,teacher\n", "1[participant|role] 2[T01|teacher]"},
        {"a,b\n\n1,2\n\r\n3,4\n\n", "1[a|b] 3[1|2] 5[3|4]"},  // blank lines skipped
        {"\n\na,b\n1,2", "3[a|b] 4[1|2]"},
        {"a,b\r\r1,2", "1[a|b] 3[1|2]"},
        {"a,b,c\n,,\n1,,3\n", "1[a|b|c] 2[||] 3[1||3]"},
        {"a,b,\n1,2,\n", "1[a|b|] 2[1|2|]"},
        {"name,quote\nT01,\"yes, I agree\"\n", "1[name|quote] 2[T01|yes, I agree]"},
        {"q,x\n\"she said \"\"no\"\"\",1\n", "1[q|x] 2[she said \"no\"|1]"},
        {"q\n\"\"\"\"\n", "1[q] 2[\"]"},
        {"q,x\n\"\",1\n", "1[q|x] 2[|1]"},
        {"a,b\n\"line 1\nline 2\",x\ny,z\n", "1[a|b] 2[line 1\\nline 2|x] 4[y|z]"},
        {"a,b\r\n\"line 1\r\nline 2\",x\r\ny,z\r\n", "1[a|b] 2[line 1\\r\\nline 2|x] 4[y|z]"},
        {"a,b\n\"x\n\n\ny\",1\nc,d", "1[a|b] 2[x\\n\\n\\ny|1] 6[c|d]"},
        {"a,b\n\"a,b\nc\",\"\"\"\"", "1[a|b] 2[a,b\\nc|\"]"},  // quoted field at the very end
        {" a , b \n 1 ,2", "1[ a | b ] 2[ 1 |2]"},             // spaces are kept
        {"   \n", "1[   ]"},                                   // only spaces: not blank
        {"参与者,角色\nT01,教师\n", "1[参与者|角色] 2[T01|教师]"},
        {"participant\nT01\nT02\n", "1[participant] 2[T01] 3[T02]"},
        {"participant", "1[participant]"},
        {"", ""},
        {"\n\r\n\r", ""},
        {"\xEF\xBB\xBF", ""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("input: " + visible(c.in));
        auto parsed = parseCsv(c.in);
        ASSERT_OK(parsed);
        EXPECT_EQ(compact(*parsed), c.expected);
    }
}

TEST(CsvParse, BrokenInputNamesTheLine) {
    struct Case {
        std::string in, expected;
    } cases[] = {
        {"a,b\n1,\"unterminated\n2,3\n", "line 2: quoted field is never closed"},
        {"\"abc", "line 1: quoted field is never closed"},
        {"a,b\n1,2\n3,\"", "line 3: quoted field is never closed"},
        {"a,b\n1,2\"3\n", "line 2: a quote inside an unquoted field"},
        {"a,b\n1,2\n3,4 \"5\"\n", "line 3: a quote inside an unquoted field"},
        {"a,b\n\"x\"y,2\n", "line 2: text after the closing quote"},
        {"a,b\n\"x\" ,2\n", "line 2: text after the closing quote"},
        {"a,b\n\"x\ny\"z,2\n", "line 3: text after the closing quote"},
        {"a,b\n1,2\n3\n", "line 3: 1 field, but the header has 2"},
        {"a,b\n1,2,3\n", "line 2: 3 fields, but the header has 2"},
        {"a\n1,2\n", "line 2: 2 fields, but the header has 1 field"},
        {"a,b\n\"x\ny\",2\n3,4,5\n", "line 4: 3 fields, but the header has 2"},
        {"a,b\r\n\r\n\r\n1\r\n", "line 4: 1 field, but the header has 2"},
        {"a,b\n\"x\ny\",2,3\n", "line 2: 3 fields"},  // the line where the record starts
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("input: " + visible(c.in));
        auto parsed = parseCsv(c.in);
        ASSERT_FALSE(parsed.isOk()) << compact(*parsed);
        EXPECT_EQ(parsed.status().code(), Status::Code::InvalidInput);
        EXPECT_NE(parsed.status().message().find(c.expected), std::string::npos)
            << parsed.status().message();
    }
}

TEST(CsvWrite, FieldsAreQuotedOnlyWhenNeeded) {
    struct Case {
        std::string value, expected;
    } cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"教师", "教师"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\r", "\"cr\r\""},
        {" leading", "\" leading\""},
        {"trailing ", "\"trailing \""},
        {"\xEF\xBB\xBFmark", "\"\xEF\xBB\xBFmark\""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("value: " + visible(c.value));
        EXPECT_EQ(csvField(c.value), c.expected);
    }
    EXPECT_EQ(csvRecord({"a", "b,c", ""}), "a,\"b,c\",\r\n");
    EXPECT_EQ(csvRecord({""}), "\"\"\r\n");
}

TEST(CsvWrite, RecordsRoundTripThroughParseCsv) {
    const std::vector<std::string> values = {
        "",
        "plain",
        "a,b",
        ",",
        "say \"hi\"",
        "\"",
        "\"\"",
        "\",\"",
        "line 1\nline 2",
        "line 1\r\nline 2",
        "\r",
        "\n",
        "\r\n\r\n",
        " leading",
        "trailing ",
        "  ",
        "参与者，教师",
        "emoji 😀 and é",
        "a\"b,c\nd\r\"",
        "\xEF\xBB\xBF"
        "starts with a mark",
    };
    for (const std::string& v : values) {
        SCOPED_TRACE("value: " + visible(v));
        // Alone, first, last and between other fields; header and data row.
        const std::vector<std::vector<std::string>> records = {
            {v}, {v, "x"}, {"x", v}, {"x", v, "y"}, {v, v, v}};
        for (const auto& fields : records) {
            const std::string text = csvRecord(fields) + csvRecord(fields);
            SCOPED_TRACE("csv: " + visible(text));
            auto parsed = parseCsv(text);
            ASSERT_OK(parsed);
            ASSERT_EQ(parsed->size(), 2u);
            EXPECT_EQ((*parsed)[0].fields, fields);
            EXPECT_EQ((*parsed)[1].fields, fields);
        }
    }
}

// --- Hostile and huge input ---------------------------------------------------

TEST(CsvHuge, TwentyMegabytesWithTwoHundredThousandRowsParse) {
    std::string text = "participant,document,role,note\r\n";
    const int rows = 200000;
    for (int r = 0; r < rows; ++r) {
        const std::string id = "P" + std::to_string(r);
        text += id + "," + id + "-interview.txt,teacher,";
        if (r % 10 == 0)
            text += "\"said \"\"yes\"\", then\r\nleft early; more notes to make the row longer\"";
        else
            text += "an ordinary note of some length to reach twenty megabytes in all: " + id;
        text += "\r\n";
    }
    ASSERT_GE(text.size(), 20u << 20) << "make the rows longer";
    const auto start = std::chrono::steady_clock::now();
    auto parsed = parseCsv(text);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_OK(parsed);
    ASSERT_EQ(parsed->size(), static_cast<std::size_t>(rows + 1));
    EXPECT_EQ(parsed->back().fields[0], "P199999");
    EXPECT_EQ((*parsed)[1].fields[3],
              "said \"yes\", then\r\nleft early; more notes to make the row longer");
    // Each tenth row spans two lines: the last record starts on this line.
    EXPECT_EQ(parsed->back().line, 1 + rows + rows / 10);
    EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 20);
}

TEST(CsvHuge, HostileShapesAreLinear) {
    struct Case {
        std::string label, text;
        bool ok;
        std::string expected;  // compact prefix, or message substring
    } cases[] = {
        {"one field of 16 MB", "\"" + std::string(16u << 20, 'x') + "\"", true, "1["},
        {"a million empty fields", std::string(1000000, ','), true, "1[|||"},
        {"a million quotes", std::string(1000000, '"'), true, "1[" + std::string(499999, '"')},
        {"a million blank lines then a record", std::string(1000000, '\n') + "a", true,
         "1000001[a]"},
        {"unterminated quote at the start of 16 MB", "\"" + std::string(16u << 20, '\n'), false,
         "line 1: quoted field is never closed"},
        {"a million quoted line breaks then a stray quote",
         "a\n\"" + std::string(1000000, '\n') + "\"x", false,
         "line 1000002: text after the closing quote"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label);
        const auto start = std::chrono::steady_clock::now();
        auto parsed = parseCsv(c.text);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 10);
        ASSERT_EQ(parsed.isOk(), c.ok) << (parsed.isOk() ? "" : parsed.status().message());
        if (c.ok)
            EXPECT_EQ(compact(*parsed).substr(0, c.expected.size()), c.expected);
        else
            EXPECT_NE(parsed.status().message().find(c.expected), std::string::npos)
                << parsed.status().message();
    }
}

TEST(CsvFuzz, RandomInputParsesOrFailsWithALineAndRoundTrips) {
    std::mt19937 rng(4180);
    const std::string alphabet[] = {"a",    "b", ",", "\"", "\n",   "\r",
                                    "\r\n", " ", "é", "教", "\"\"", ",,"};
    auto randomText = [&](std::size_t pieces) {
        std::string text;
        for (std::size_t p = 0; p < pieces; ++p)
            text += alphabet[rng() % std::size(alphabet)];
        return text;
    };
    int wellFormed = 0;
    for (int iteration = 0; iteration < 3000; ++iteration) {
        // Half the inputs are soup; half are tables of random values written
        // with csvRecord (line ends varied), of which some get one byte cut.
        std::string text;
        std::vector<std::vector<std::string>> table;
        const bool soup = iteration % 2 == 0;
        bool cut = false;
        if (soup) {
            text = randomText(rng() % 600);
        } else {
            const std::size_t columns = 1 + rng() % 4, rows = 1 + rng() % 8;
            const char* ends[] = {"\r\n", "\n", "\r"};
            const char* end = ends[rng() % 3];
            for (std::size_t r = 0; r < rows; ++r) {
                std::vector<std::string> fields;
                for (std::size_t c = 0; c < columns; ++c)
                    fields.push_back(randomText(rng() % 5));
                std::string record = csvRecord(fields);
                text += record.substr(0, record.size() - 2) + end;
                table.push_back(std::move(fields));
            }
            if (rng() % 3 == 0) {
                text.erase(rng() % text.size(), 1);
                cut = true;
            }
        }
        SCOPED_TRACE("iteration " + std::to_string(iteration) + ": " + visible(text));
        auto parsed = parseCsv(text);
        if (!soup && !cut) {
            ASSERT_OK(parsed);
            ASSERT_EQ(parsed->size(), table.size());
            for (std::size_t r = 0; r < table.size(); ++r)
                ASSERT_EQ((*parsed)[r].fields, table[r]);
        }
        if (!parsed.isOk()) {
            ASSERT_EQ(parsed.status().code(), Status::Code::InvalidInput);
            ASSERT_TRUE(parsed.status().message().starts_with("line "))
                << parsed.status().message();
            continue;
        }
        ++wellFormed;
        // Well-formed: rectangular, lines increasing, and written back it
        // reads the same.
        std::string written;
        int lastLine = 0;
        for (const CsvRecord& r : *parsed) {
            ASSERT_EQ(r.fields.size(), parsed->front().fields.size());
            ASSERT_GT(r.line, lastLine);
            lastLine = r.line;
            written += csvRecord(r.fields);
        }
        auto again = parseCsv(written);
        ASSERT_OK(again);
        ASSERT_EQ(again->size(), parsed->size());
        for (std::size_t r = 0; r < parsed->size(); ++r)
            ASSERT_EQ((*again)[r].fields, (*parsed)[r].fields);
    }
    EXPECT_GT(wellFormed, 1000);  // the round trip is exercised, not only the errors
}

}  // namespace
}  // namespace margin::corpus
