#include "codebook/report.h"

#include <cmath>
#include <cstdlib>
#include <regex>

#include "corpus/csv.h"
#include "tests/test_util.h"

namespace margin::codebook::report {
namespace {

namespace fs = std::filesystem;
using Kind = Column::Kind;

// Theme × group counts with a total row and a chart: the shape of Margin's analysis tables.
Table themes() {
    Table t;
    t.title = "Themes by role";
    t.notes = {"Participants: how many participants mentioned the theme."};
    t.columns = {{"theme", Kind::Text},
                 {"teachers", Kind::Integer},
                 {"parents", Kind::Integer},
                 {"share", Kind::Percent}};
    t.rows = {{{std::string("Workload"), std::int64_t{5}, std::int64_t{2}, 0.8333}},
              {{std::string("Marking"), std::int64_t{3}, std::monostate{}, 0.5}, 1},
              {{std::string("家校沟通"), std::int64_t{1}, std::int64_t{4}, 0.25}},
              {{std::string("Total"), std::int64_t{9}, std::int64_t{6}, 1.0}, 0, true}};
    t.chart = Chart{0, {1, 2}, "Participants per theme"};
    return t;
}

// Cells that break naive writers.
Table awkward() {
    Table t;
    t.title = "Quotes";
    t.columns = {{"participant", Kind::Text}, {"quote", Kind::Text}, {"length", Kind::Real}};
    t.rows = {{{std::string("T01"), std::string("a, b and \"c\""), 1.23456}},
              {{std::string("T02"), std::string("two\nlines\ttabbed | piped"), 2.0}},
              {{std::string("张老师"), std::string("<script>alert('x')</script> & more"), 0.5}}};
    return t;
}

int count(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

TEST(ReportTest, ParsesFormatNames) {
    struct Case {
        const char* name;
        std::optional<Format> format;
    } cases[] = {{"table", Format::Text},        {"text", Format::Text}, {"csv", Format::Csv},
                 {"tsv", Format::Tsv},           {"json", Format::Json}, {"md", Format::Markdown},
                 {"markdown", Format::Markdown}, {"xlsx", Format::Xlsx}, {"html", Format::Html},
                 {"xml", std::nullopt},          {"CSV", std::nullopt},  {"", std::nullopt}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(parseFormat(c.name), c.format);
    }
}

TEST(ReportTest, GuessesFormatsFromFileNames) {
    struct Case {
        const char* path;
        std::optional<Format> format;
    } cases[] = {{"out/themes.csv", Format::Csv}, {"THEMES.XLSX", Format::Xlsx},
                 {"a.htm", Format::Html},         {"a.html", Format::Html},
                 {"a.tab", Format::Tsv},          {"a.md", Format::Markdown},
                 {"a.txt", Format::Text},         {"a.json", Format::Json},
                 {"a.xls", std::nullopt},         {"noextension", std::nullopt}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.path);
        EXPECT_EQ(formatForPath(c.path), c.format);
    }
}

TEST(ReportTest, TextAlignsColumnsIndentsAndRulesOffTotals) {
    EXPECT_EQ(render({themes()}, Format::Text),
              "Themes by role\n"
              "Participants: how many participants mentioned the theme.\n"
              "\n"
              "theme      teachers  parents   share\n"
              "---------  --------  -------  ------\n"
              "Workload          5        2   83.3%\n"
              "  Marking         3            50.0%\n"
              "家校沟通          1        4   25.0%\n"
              "---------  --------  -------  ------\n"
              "Total             9        6  100.0%\n");
}

TEST(ReportTest, TextMarksTheHeaderBoldOnlyInColour) {
    Table t{"", {}, {{"a", Kind::Text}}, {{{std::string("x")}}}, std::nullopt};
    EXPECT_EQ(render({t}, Format::Text), "a\n-\nx\n");
    Options color;
    color.color = true;
    EXPECT_EQ(render({t}, Format::Text, color), "\033[1ma\033[0m\n-\nx\n");
}

TEST(ReportTest, NumbersReadTheSameEverywhere) {
    Table t{"", {}, {{"n", Kind::Integer}, {"r", Kind::Real}, {"p", Kind::Percent}}, {}, {}};
    t.rows = {{{std::int64_t{12}, 1.23456, 0.8333}},
              {{std::int64_t{-3}, 2.0, 0.0}},
              {{std::monostate{}, std::nan(""), 1.0 / 3}}};
    EXPECT_EQ(render({t}, Format::Csv), "n,r,p (%)\r\n12,1.23456,83.3\r\n-3,2,0.0\r\n,,33.3\r\n");
    EXPECT_EQ(render({t}, Format::Text),
              " n      r      p\n"
              "--  -----  -----\n"
              "12  1.235  83.3%\n"
              "-3      2   0.0%\n"
              "           33.3%\n");
    EXPECT_EQ(renderJsonRows(t),
              "[\n"
              "  {\n    \"n\": 12,\n    \"r\": 1.23456,\n    \"p\": 0.8333\n  },\n"
              "  {\n    \"n\": -3,\n    \"r\": 2,\n    \"p\": 0\n  },\n"
              "  {\n    \"n\": null,\n    \"r\": null,\n    \"p\": 0.3333333333333333\n  }\n"
              "]\n");
}

TEST(ReportTest, CsvRoundTripsThroughTheParser) {
    auto csv = render({awkward()}, Format::Csv);
    auto records = corpus::parseCsv(csv);
    ASSERT_OK(records);
    ASSERT_EQ(records->size(), 4u) << csv;
    EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"participant", "quote", "length"}));
    EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"T01", "a, b and \"c\"", "1.23456"}));
    EXPECT_EQ((*records)[2].fields,
              (std::vector<std::string>{"T02", "two\nlines\ttabbed | piped", "2"}));
    EXPECT_EQ((*records)[3].fields[0], "张老师");
}

TEST(ReportTest, ByteOrderMarkOnlyWhenAskedAndOnlyForDelimitedText) {
    const std::string bom = "\xEF\xBB\xBF";
    Options excel;
    excel.excelBom = true;
    struct Case {
        Format format;
        bool withOption;
        bool bom;
    } cases[] = {{Format::Csv, false, false}, {Format::Csv, true, true},
                 {Format::Tsv, true, true},   {Format::Tsv, false, false},
                 {Format::Json, true, false}, {Format::Markdown, true, false},
                 {Format::Html, true, false}, {Format::Text, true, false}};
    for (const auto& c : cases) {
        SCOPED_TRACE(static_cast<int>(c.format));
        SCOPED_TRACE(c.withOption);
        auto out = render({themes()}, c.format, c.withOption ? excel : Options{});
        EXPECT_EQ(out.starts_with(bom), c.bom);
    }
    auto records = corpus::parseCsv(render({themes()}, Format::Csv, excel));
    ASSERT_OK(records);
    EXPECT_EQ((*records)[0].fields[0], "theme");
}

TEST(ReportTest, SeveralTablesInCsvAreTitledAndSeparatedByABlankLine) {
    Table a{"A", {"not in CSV"}, {{"x", Kind::Integer}}, {{{std::int64_t{1}}}}, {}};
    Table b{"B, second", {}, {{"y", Kind::Text}}, {{{std::string("z")}}}, {}};
    EXPECT_EQ(render({a, b}, Format::Csv), "A\r\nx\r\n1\r\n\r\n\"B, second\"\r\ny\r\nz\r\n");
    EXPECT_EQ(render({a, b}, Format::Tsv), "A\nx\n1\n\nB, second\ny\nz\n");
    EXPECT_EQ(render({a}, Format::Csv), "x\r\n1\r\n");
}

TEST(ReportTest, TsvFlattensTabsAndLineBreaks) {
    Table t{"", {}, {{"a\tb", Kind::Text}, {"p", Kind::Percent}}, {}, {}};
    t.rows = {{{std::string("one\ttwo\r\nthree\nfour"), 0.5}}};
    EXPECT_EQ(render({t}, Format::Tsv), "a b\tp (%)\none two three four\t50.0\n");
}

TEST(ReportTest, JsonHasOneObjectPerTableWithNumbersAsNumbers) {
    Table t{"Counts",
            {"n: mentions"},
            {{"code", Kind::Text}, {"n", Kind::Integer}, {"p", Kind::Percent}},
            {},
            {}};
    t.rows = {{{std::string("Work \"load\""), std::int64_t{5}, 0.25}},
              {{std::string(""), std::monostate{}, std::monostate{}}}};
    EXPECT_EQ(render({t}, Format::Json),
              R"([
  {
    "title": "Counts",
    "notes": [
      "n: mentions"
    ],
    "columns": [
      {
        "name": "code",
        "kind": "text"
      },
      {
        "name": "n",
        "kind": "integer"
      },
      {
        "name": "p",
        "kind": "percent"
      }
    ],
    "rows": [
      {
        "code": "Work \"load\"",
        "n": 5,
        "p": 0.25
      },
      {
        "code": "",
        "n": null,
        "p": null
      }
    ]
  }
]
)");
}

TEST(ReportTest, MarkdownEscapesPipesAndLineBreaks) {
    auto md = render({awkward()}, Format::Markdown);
    EXPECT_NE(md.find("## Quotes\n\n| participant | quote | length |\n| --- | --- | ---: |\n"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("| T02 | two<br>lines\ttabbed \\| piped | 2 |\n"), std::string::npos) << md;
    EXPECT_NE(md.find("&lt;script>"), std::string::npos) << md;
    EXPECT_EQ(md.find("<script>"), std::string::npos) << md;
    auto themesMd = render({themes()}, Format::Markdown, {false, false, "Study"});
    EXPECT_TRUE(themesMd.starts_with("# Study\n\n## Themes by role\n\nParticipants:")) << themesMd;
    EXPECT_NE(themesMd.find("| ↳ Marking | 3 |  | 50.0% |\n"), std::string::npos) << themesMd;
    EXPECT_NE(themesMd.find("| **Total** | **9** | **6** | **100.0%** |\n"), std::string::npos)
        << themesMd;
    // The escaped pipe stays inside its cell: four delimiters for three columns.
    std::string line = "| T02 | two<br>lines\ttabbed \\| piped | 2 |";
    EXPECT_EQ(std::count(line.begin(), line.end(), '|') - count(line, "\\|"), 4);
}

TEST(ReportTest, HtmlIsSelfContainedAndEscaped) {
    auto html = render({awkward(), themes()}, Format::Html, {false, false, "Study <1>"});
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n")) << html;
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_NE(html.find("<title>Study &lt;1&gt;</title>"), std::string::npos);
    EXPECT_NE(html.find("Noto Sans CJK SC"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
              std::string::npos);
    EXPECT_EQ(count(html, "<script"), 0);
    EXPECT_EQ(count(html, "http:"), 1);  // the SVG namespace name, never fetched
    EXPECT_EQ(count(html, "https:"), 0);
    EXPECT_EQ(count(html, "<table>"), 2);
    EXPECT_NE(html.find("<td class=\"num\">83.3%</td>"), std::string::npos);
    EXPECT_NE(html.find("<tr class=\"total\">"), std::string::npos);
}

TEST(ReportTest, HtmlChartHasOneBarPerRowAndValueColumn) {
    auto html = render({themes()}, Format::Html);
    ASSERT_EQ(count(html, "<svg"), 1);
    // Three rows that are not totals × two value columns; one legend key per value column.
    EXPECT_EQ(count(html, "<rect class=\"bar\""), 6);
    EXPECT_EQ(count(html, "<rect class=\"key\""), 2);
    EXPECT_NE(html.find("Participants per theme"), std::string::npos);
    // The largest value (Workload, 5 teachers) spans the whole plot; the empty cell draws nothing.
    std::regex bar(R"re(<rect class="bar" x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)")re");
    std::vector<double> widths;
    for (std::sregex_iterator it(html.begin(), html.end(), bar), end; it != end; ++it)
        widths.push_back(std::stod((*it)[1]));
    ASSERT_EQ(widths.size(), 6u);
    EXPECT_GT(widths[0], 0);
    EXPECT_DOUBLE_EQ(widths[0], *std::max_element(widths.begin(), widths.end()));
    EXPECT_NEAR(widths[1], widths[0] * 2 / 5, 0.1);
    EXPECT_EQ(widths[3], 0);

    Table noChart = themes();
    noChart.chart.reset();
    EXPECT_EQ(count(render({noChart}, Format::Html), "<svg"), 0);
    noChart.chart = Chart{7, {1}, ""};  // out of range: no chart rather than a broken one
    EXPECT_EQ(count(render({noChart}, Format::Html), "<svg"), 0);
}

TEST(ReportTest, XlsxIsAZipWithOneSheetPerTable) {
    test::TempDir dir;
    auto path = dir / "themes.xlsx";
    Table second = awkward();
    second.title = "Themes by role";  // a duplicate name
    Table third = awkward();
    third.title = "'Bad: [name]/with?*chars\\ and far too long for Excel'";
    ASSERT_OK(writeFile(path, {themes(), second, third}, Format::Xlsx, {}, false));
    auto bytes = test::readFile(path);
    ASSERT_GT(bytes.size(), 1000u);
    EXPECT_TRUE(bytes.starts_with("PK"));
    for (const char* part : {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml",
                             "xl/workbook.xml", "xl/sharedStrings.xml"})
        EXPECT_NE(bytes.find(part), std::string::npos) << part;
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1)
        << "no temporary file left behind";

    if (std::system("command -v unzip >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "unzip is not installed: sheet names not checked";
    auto listing = dir / "workbook.xml";
    std::string command =
        "unzip -p '" + path.string() + "' xl/workbook.xml > '" + listing.string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
    auto workbook = test::readFile(listing);
    EXPECT_NE(workbook.find("name=\"Themes by role\""), std::string::npos) << workbook;
    EXPECT_NE(workbook.find("name=\"Themes by role (2)\""), std::string::npos) << workbook;
    EXPECT_NE(workbook.find("name=\"Bad_ _name__with__chars_ and fa\""), std::string::npos)
        << workbook;
}

TEST(ReportTest, WriteFileRefusesToReplaceUnlessAsked) {
    for (Format format : {Format::Csv, Format::Xlsx}) {
        SCOPED_TRACE(static_cast<int>(format));
        test::TempDir dir;
        auto path = dir / "out";
        test::writeFile(path, "precious");
        Status s = writeFile(path, {themes()}, format, {}, false);
        ASSERT_FALSE(s.isOk());
        EXPECT_EQ(s.code(), Status::Code::AlreadyExists);
        EXPECT_EQ(s.message(), path.string() + ": already exists (use --force to replace it)");
        EXPECT_EQ(test::readFile(path), "precious");

        ASSERT_OK(writeFile(path, {themes()}, format, {}, true));
        EXPECT_NE(test::readFile(path), "precious");
        EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
    }
}

TEST(ReportTest, WriteFileNamesThePathWhenItCannotWrite) {
    test::TempDir dir;
    struct Case {
        fs::path path;
        Status::Code code;
    } cases[] = {{dir / "missing" / "out.csv", Status::Code::NotFound},
                 {dir / "missing" / "out.xlsx", Status::Code::NotFound},
                 {dir.path(), Status::Code::InvalidInput}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.path);
        auto format = formatForPath(c.path).value_or(Format::Csv);
        Status s = writeFile(c.path, {themes()}, format, {}, true);
        ASSERT_FALSE(s.isOk());
        EXPECT_EQ(s.code(), c.code);
        EXPECT_TRUE(s.message().starts_with(c.path.string() + ": ")) << s.message();
    }
    EXPECT_FALSE(fs::exists(dir / "missing"));
}

TEST(ReportTest, WriteFileWritesWhatRenderGives) {
    test::TempDir dir;
    Options options;
    options.excelBom = true;
    options.color = true;  // never in a file
    for (Format format : {Format::Text, Format::Csv, Format::Json, Format::Html}) {
        SCOPED_TRACE(static_cast<int>(format));
        auto path = dir / ("out" + std::to_string(static_cast<int>(format)));
        ASSERT_OK(writeFile(path, {themes()}, format, options, false));
        Options plain = options;
        plain.color = false;
        EXPECT_EQ(test::readFile(path), render({themes()}, format, plain));
    }
}

}  // namespace
}  // namespace margin::codebook::report
