// The PDF, RTF and HTML readers: the text and speaker turns a researcher
// gets from each fixture (tests/data/formats/documents, written by
// make_documents.py there), the PDF clean-up on its own (running headers,
// page numbers, hyphens), the RTF and HTML readers on small inputs, and
// broken or hostile files refused with one message naming the file, leaving
// the project without a document.
#include "corpus/documents.h"

#include "corpus/importer.h"
#include "corpus/offsets.h"
#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::TempDir;
using test::visible;
using test::writeFile;

std::filesystem::path documentsDir() {
    return test::dataDir() / "formats" / "documents";
}

std::string fixture(const std::string& name) {
    return test::readFile(documentsDir() / std::filesystem::u8path(name));
}

// --- PDF clean-up ------------------------------------------------------------------

struct PdfCase {
    const char* what;
    std::vector<std::string> pages;
    std::string expected;
};

TEST(PdfTextTest, CleansUpThePagesText) {
    const PdfCase cases[] = {
        {"a word hyphenated at a line end is joined",
         {"Interviewer: How long have you been teach-\ning here?"},
         "Interviewer: How long have you been teaching here?"},
        {"a soft hyphen and U+2010 too",
         {"the curric\u00ADulum\nand the text\u2010\nbooks"},
         "the curric\u00ADulum\nand the textbooks"},
        {"a hyphen before a capital, a digit or a blank line stays",
         {"the e-\nCommerce unit, 2019-\n2024, well-\n\nknown"},
         "the e-\nCommerce unit, 2019-\n2024, well-\n\nknown"},
        {"a hyphen after a space or a digit stays",
         {"it was -\nfine, 3-\nfold"},
         "it was -\nfine, 3-\nfold"},
        {"never after Chinese",
         {"电子商务-\nabc 平台\n访谈者：电商-\n营销"},
         "电子商务-\nabc 平台\n访谈者：电商-\n营销"},
        {"a word broken across a page break",
         {"T01: the students no-\n\n\n   3", "tice the difference."},
         "T01: the students notice the difference."},
        {"pages are joined with a blank line; paragraphs keep theirs",
         {"Interviewer: One?\n\nT01: Two.", "Interviewer: Three?"},
         "Interviewer: One?\n\nT01: Two.\n\nInterviewer: Three?"},
        {"the physical layout's padding goes",
         {"     Interviewer:   How    are you?   \n\n\n\n\n  T01:  Fine.\f"},
         "Interviewer: How are you?\n\nT01: Fine."},
        {"a running header and page numbers on three pages",
         {"Interview T01 — confidential\n\n\nInterviewer: One?\n\n\n            Page 1 of 3\n\f",
          "Interview T01 — confidential\n\nT01: Two.\n\n   Page 2 of 3",
          "Interview T01 — confidential\n\nInterviewer: Three?\n\n  Page 3 of 3"},
         "Interviewer: One?\n\nT01: Two.\n\nInterviewer: Three?"},
        {"a header whose page number changes is one header; a footer above the number goes",
         {"Interview T01, page 1\nA\nMargin study 2024\n- 1 -",
          "Interview T01, page 2\nB\nMargin study 2024\n- 2 -",
          "Interview T01, page 3\nC\nMargin study 2024\n- 3 -"},
         "A\n\nB\n\nC"},
        {"a two-line header goes",
         {"Study of teachers\nInterview T01\nA", "Study of teachers\nInterview T01\nB",
          "Study of teachers\nInterview T01\nC"},
         "A\n\nB\n\nC"},
        {"a line first on 3 of 5 pages is a header (60%)",
         {"Draft\nA", "Draft\nB", "Draft\nC", "D", "E"},
         "A\n\nB\n\nC\n\nD\n\nE"},
        {"a line first on 2 of 4 pages is not (50%)",
         {"Draft\nA", "Draft\nB", "C", "D"},
         "Draft\nA\n\nDraft\nB\n\nC\n\nD"},
        {"two pages keep a repeated line, but not their page numbers",
         {"Interview T01\nA\n1", "Interview T01\nB\n2"},
         "Interview T01\nA\n\nInterview T01\nB"},
        {"a number inside a page is text",
         {"T01: we have\n3\nteachers\n12"},
         "T01: we have\n3\nteachers"},
        {"Chinese: header, 第 N 页 footer, no joining",
         {"访谈 T02 — 内部资料\n\n访谈者：您教电子商务多少年了？\n\n              第 1 页",
          "访谈 T02 — "
          "内部资料\nT02：八年了。一开始只有一门网店美工课，\n后来慢慢发展成一个专业。\n第 2 页",
          "访谈 T02 — 内部资料\n访谈者：谢谢您。\n第 3 页"},
         "访谈者：您教电子商务多少年了？\n\nT02：八年了。一开始只有一门网店美工课，\n"
         "后来慢慢发展成一个专业。\n\n访谈者：谢谢您。"},
        {"Chinese page numbers in other forms",
         {"第三页\n正文一\n共 10 页 第 3 页", "第 4 页，共 10 页\n正文二"},
         "正文一\n\n正文二"},
        {"pages with nothing but page numbers leave nothing", {"1", "  - 2 -  "}, ""},
        {"no pages", {}, ""},
    };
    for (const PdfCase& c : cases) {
        SCOPED_TRACE(c.what);
        std::string pages;
        for (const std::string& page : c.pages)
            pages += "[" + visible(page) + "] ";
        SCOPED_TRACE(pages);
        EXPECT_EQ(visible(pdfPagesToText(c.pages)), visible(c.expected));
    }
}

TEST(PdfTextTest, RecognisesPageNumberLines) {
    const std::pair<const char*, bool> cases[] = {
        {"3", true},
        {"  12  ", true},
        {"- 3 -", true},
        {"— 3 —", true},
        {"[3]", true},
        {"(3)", true},
        {"Page 3", true},
        {"PAGE 3 OF 10", true},
        {"p. 3", true},
        {"3 / 10", true},
        {"3 of 10", true},
        {"Page 3/10", true},
        {"第 3 页", true},
        {"第三页", true},
        {"第3页，共10页", true},
        {"共 10 页 第 3 页", true},
        {"第 3 頁", true},
        {"３", true},  // full-width digit
        {"", false},
        {"-", false},
        {"一", false},
        {"Page", false},
        {"Pages 3", false},
        {"3 teachers", false},
        {"T01", false},
        {"123456", false},
        {"2024-05-01", false},
        {"Interviewer: 3", false},
        {"第三章", false},
    };
    for (const auto& [line, expected] : cases) {
        SCOPED_TRACE(line);
        EXPECT_EQ(isPageNumberLine(line), expected);
    }
}

// --- Importing the fixtures ------------------------------------------------------------

class DocumentsImportTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = Store::create(m_dir / "p.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
    }

    Result<ImportReport> import(const std::filesystem::path& path) {
        return importTranscript(*m_store, path, {});
    }
    Result<ImportReport> importFixture(const std::string& name) {
        return import(documentsDir() / std::filesystem::u8path(name));
    }
    std::string text(DocumentId id) {
        auto text = m_store->documentText(id);
        EXPECT_OK(text);
        return text.isOk() ? *text : std::string();
    }
    // "speaker: text" for each turn.
    std::vector<std::string> turns(DocumentId id) {
        std::string all = text(id);
        auto turns = m_store->turns(id);
        EXPECT_OK(turns);
        std::vector<std::string> out;
        if (turns.isOk())
            for (const auto& t : *turns)
                out.push_back(t.speaker + ": " +
                              std::string(sliceChars(all, t.start, t.end).value_or("<bad span>")));
        return out;
    }
    std::size_t documentCount() {
        auto docs = m_store->documents();
        EXPECT_OK(docs);
        return docs.isOk() ? docs->size() : 0;
    }
    // Importing `path` fails with InvalidInput "<path>: <problem>" and
    // stores nothing.
    void expectRefused(const std::filesystem::path& path, const std::string& problem) {
        SCOPED_TRACE(path.filename().string());
        auto report = import(path);
        ASSERT_FALSE(report.isOk()) << "imported: " << visible(text(report->id));
        EXPECT_EQ(report.status().code(), Status::Code::InvalidInput);
        EXPECT_EQ(report.status().message(), path.string() + ": " + problem);
        EXPECT_EQ(documentCount(), 0u);
    }

    TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

TEST_F(DocumentsImportTest, EnglishPdfWithoutHeadersPageNumbersOrHyphens) {
    auto report = importFixture("T01_interview.pdf");
    ASSERT_OK(report);
    EXPECT_EQ(report->encoding, "PDF");
    EXPECT_EQ(report->participants, std::vector<std::string>{"T01"});
    EXPECT_EQ(visible(text(report->id)),
              visible("Interviewer: Thank you for joining. How long have you been teaching "
                      "e-commerce at the college?\n\n"
                      "T01: Eleven years now. I started with a single course on online\n"
                      "shop design, and the curriculum grew from there.\n\n"
                      "Interviewer: What do students find hardest?\n\n"
                      "T01: Data analysis, mostly. They can run a promotion, but they cannot read "
                      "the advertising report that comes back afterwards.\n\n"
                      "Interviewer: And the teachers? Do they have the skills?\n\n"
                      "T01: Few of us have run a real store. We learned from textbooks, and the "
                      "platforms change every semester.\n\n"
                      "Interviewer: How do you keep up?\n\n"
                      "T01: I visit two companies each summer and bring their cases\n"
                      "back into the classroom. It is tiring, but the students notice the "
                      "difference.\n\n"
                      "Interviewer: Last question: what would you change first?\n\n"
                      "T01: More practice hours with real shops, and smaller\n"
                      "classes for the analysis course.\n\n"
                      "Interviewer: Thank you."));
    EXPECT_EQ(report->turns, 11u);
    EXPECT_EQ(report->interviewerTurns, 6u);
    auto t = turns(report->id);
    ASSERT_EQ(t.size(), 11u);
    EXPECT_EQ(t[7],
              "T01: I visit two companies each summer and bring their cases\nback into the "
              "classroom. It is tiring, but the students notice the difference.");
    EXPECT_EQ(t[8], "Interviewer: Last question: what would you change first?");
}

TEST_F(DocumentsImportTest, ChinesePdfWithoutHeadersOrPageNumbers) {
    auto report = importFixture("T02_访谈.pdf");
    ASSERT_OK(report);
    EXPECT_EQ(visible(text(report->id)), visible("访谈者：您教电子商务多少年了？\n\n"
                                                 "T02：八年了。一开始只有一门网店美工课，\n"
                                                 "后来慢慢发展成一个专业。\n\n"
                                                 "访谈者：学生最缺的是什么？\n\n"
                                                 "T02：数据分析。他们会做推广，\n"
                                                 "但是看不懂投放以后的数据报表。\n\n"
                                                 "访谈者：老师们呢？\n\n"
                                                 "T02：真正开过网店的老师很少，\n\n"
                                                 "平台的规则每个学期都在变。\n\n"
                                                 "访谈者：谢谢您。"));
    EXPECT_EQ(report->turns, 7u);
    EXPECT_EQ(report->interviewerTurns, 4u);
    EXPECT_EQ(report->participants, std::vector<std::string>{"T02"});
    auto t = turns(report->id);
    ASSERT_EQ(t.size(), 7u);
    EXPECT_EQ(t[5], "T02: 真正开过网店的老师很少，\n\n平台的规则每个学期都在变。");
}

TEST_F(DocumentsImportTest, PdfEncryptedOnlyWithAnOwnerPasswordIsRead) {
    auto report = importFixture("T05_owner_only.pdf");
    ASSERT_OK(report);
    // One page: its header stays (a header needs three pages to be told
    // apart), its page number goes.
    EXPECT_EQ(visible(text(report->id)),
              visible("Interview T05 — confidential\n\nInterviewer: Is this file protected?\n"
                      "T05: Yes, with a password."));
    EXPECT_EQ(report->turns, 2u);
    EXPECT_EQ(report->participants, std::vector<std::string>{"T05"});
}

TEST_F(DocumentsImportTest, ChineseRtfInItsCodePage) {
    auto report = importFixture("T03_访谈.rtf");
    ASSERT_OK(report);
    EXPECT_EQ(report->encoding, "RTF");
    EXPECT_EQ(visible(text(report->id)),
              visible("访谈 T03 — 社区电商\n"
                      "2024-03-12, Hangzhou\n\n"
                      "访谈者：您是什么时候开始做社区团购的？\n"
                      "T03：二〇二〇年，疫情那年。“团长”这个说法就是那时候有的。\n"
                      "一开始只有一个微信群，后来有五个。\n"
                      "访谈者：平时用什么工具？\n"
                      "T03：接龙小程序，还有Excel。每天的订单\u00A0我都记在表里：\n"
                      "日期\t订单\n"
                      "3月1日\t42\n"
                      "访谈者：谢谢您。\n"));
    EXPECT_EQ(report->turns, 5u);
    EXPECT_EQ(report->interviewerTurns, 3u);
    EXPECT_EQ(report->participants, std::vector<std::string>{"T03"});
    auto t = turns(report->id);
    ASSERT_EQ(t.size(), 5u);
    EXPECT_EQ(t[1],
              "T03: 二〇二〇年，疫情那年。“团长”这个说法就是那时候有的。\n"
              "一开始只有一个微信群，后来有五个。");
}

TEST_F(DocumentsImportTest, ChineseHtmlInItsDeclaredCharset) {
    auto report = importFixture("T04_访谈.html");
    ASSERT_OK(report);
    EXPECT_EQ(report->encoding, "HTML (GB18030)");
    EXPECT_EQ(visible(text(report->id)),
              visible("访谈 T04 — 乡村直播\n\n"
                      "地点：县电商服务中心\n"
                      "时间：2024年4月2日\n\n"
                      "姓名\t年龄\t职业\n"
                      "T04\t29\t主播 & 店主\n\n"
                      "访谈者：您是怎么开始直播的？\n\n"
                      "T04：先是帮表哥卖橙子。“试一试”，没想到第一场就卖了三百单。\n\n"
                      "访谈者：现在呢？\n\n"
                      "T04：现在每天播两场\u00A0<早上和晚上>。\n"
                      "Mostly fruit, some tea élite grade.\n\n"
                      "  备注：   保留原样\n"
                      "  的两行\n\n"
                      "访谈者：谢谢！"));
    EXPECT_EQ(report->turns, 5u);
    EXPECT_EQ(report->interviewerTurns, 3u);
    auto t = turns(report->id);
    ASSERT_EQ(t.size(), 5u);
    EXPECT_EQ(t[3],
              "T04: 现在每天播两场\u00A0<早上和晚上>。\nMostly fruit, some tea élite grade."
              "\n\n  备注：   保留原样\n  的两行");
}

// --- Broken and hostile files ------------------------------------------------------------

TEST_F(DocumentsImportTest, RefusesBrokenAndHostilePdfs) {
    const std::string pdf = fixture("T01_interview.pdf");
    ASSERT_FALSE(pdf.empty());
    writeFile(m_dir / "cut.pdf", pdf.substr(0, pdf.size() / 2));
    expectRefused(m_dir / "cut.pdf",
                  "damaged PDF: it stops before its end marker (%%EOF); the file may be cut off");

    writeFile(m_dir / "empty.pdf", "");
    expectRefused(m_dir / "empty.pdf", "the file is empty");

    writeFile(m_dir / "notes.pdf", "Interviewer: this is a text file named .pdf\n");
    expectRefused(m_dir / "notes.pdf", "not a PDF document (it does not start with %PDF-)");

    std::string garbage = "%PDF-1.7\n";
    for (int k = 0; k < 2000; ++k)
        garbage += static_cast<char>((k * 7919 + 13) % 256);
    garbage += "\n%%EOF\n";
    writeFile(m_dir / "garbage.pdf", garbage);
    expectRefused(m_dir / "garbage.pdf", "not a readable PDF (it is damaged or not a PDF)");

    // The xref table points nowhere: damaged although it looks whole.
    std::string badXref = pdf;
    badXref.replace(badXref.rfind("startxref\n") + 10, 4, "9999");
    writeFile(m_dir / "badxref.pdf", badXref.substr(0, badXref.find("1 0 obj")) +
                                         badXref.substr(badXref.find("xref\n0 ")));
    expectRefused(m_dir / "badxref.pdf", "not a readable PDF (it is damaged or not a PDF)");

    expectRefused(documentsDir() / "locked.pdf",
                  "is encrypted; remove the password and import it again");
    expectRefused(documentsDir() / "scan.pdf", "has no text layer (a scan?); it needs OCR first");
}

TEST_F(DocumentsImportTest, RefusesBrokenAndHostileRtf) {
    std::string deep = "{\\rtf1\\ansi ";
    deep += std::string(100000, '{') + "deep" + std::string(100000, '}') + "}";
    writeFile(m_dir / "deep.rtf", deep);
    expectRefused(m_dir / "deep.rtf", "damaged RTF: groups are nested more than 1000 deep");

    const std::string rtf = fixture("T03_访谈.rtf");
    ASSERT_FALSE(rtf.empty());
    writeFile(m_dir / "cut.rtf", rtf.substr(0, rtf.size() * 2 / 3));
    expectRefused(m_dir / "cut.rtf",
                  "damaged RTF: a group is not closed (the file may be cut off)");
    writeFile(m_dir / "unclosed.rtf", "{\\rtf1 Interviewer: hello\\par {\\b T01: hi\\par}\n");
    expectRefused(m_dir / "unclosed.rtf",
                  "damaged RTF: a group is not closed (the file may be cut off)");

    writeFile(m_dir / "empty.rtf", "");
    expectRefused(m_dir / "empty.rtf", "the file is empty");
    writeFile(m_dir / "word.rtf",
              std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "word/document.xml");
    expectRefused(m_dir / "word.rtf", "not an RTF document (it does not start with {\\rtf)");
    writeFile(m_dir / "bin.rtf", "{\\rtf1 a{\\*\\blob\\bin999999 xyz}}");
    expectRefused(m_dir / "bin.rtf",
                  "damaged RTF: binary data (\\bin) runs past the end of the file");
    writeFile(m_dir / "gbk.rtf", "{\\rtf1\\ansi\\ansicpg936 Interviewer: \\'c4\\'e3\\'c4}");
    expectRefused(m_dir / "gbk.rtf",
                  "damaged RTF: the text at byte 36 is not valid in its code page 936 (GBK)");
}

TEST_F(DocumentsImportTest, RefusesBrokenAndHostileHtml) {
    writeFile(m_dir / "binary.html",
              std::string("<html><body>\x00\x01\x02\x00\x89PNG\x00\x00", 21) + "</body></html>");
    expectRefused(m_dir / "binary.html", "binary file, not text (a zero byte at byte 12)");
    writeFile(m_dir / "empty.html", "");
    expectRefused(m_dir / "empty.html", "the file is empty");
    writeFile(m_dir / "script.htm",
              "<html><head><title>T</title></head><body><script>var "
              "x;</script><style>p{}</style></body></html>");
    expectRefused(m_dir / "script.htm", "the file is empty");
}

TEST_F(DocumentsImportTest, RefusesDeeplyNestedHtml) {
    auto nested = [](int depth) {
        std::string page = "<html><body>";
        for (int k = 0; k < depth; ++k)
            page += "<div><span>";
        return page + "Interviewer: deep?</body></html>";
    };
    writeFile(m_dir / "deep.html", nested(100000));
    expectRefused(m_dir / "deep.html", "damaged web page: elements are nested more than 256 deep");

    writeFile(m_dir / "nested.html", nested(120));
    auto report = import(m_dir / "nested.html");
    ASSERT_OK(report);
    EXPECT_EQ(text(report->id), "Interviewer: deep?");
}

TEST(DocumentsQuietTest, ParsersPrintNothingOnBrokenFiles) {
    // poppler and libxml2 would write their complaints to stderr, in the
    // middle of the CLI's progress and messages.
    std::string deep = "<html><body>";
    for (int k = 0; k < 1000; ++k)
        deep += "<div>";
    const std::string pdf = fixture("T01_interview.pdf");
    std::string badXref = pdf;
    badXref.replace(badXref.rfind("startxref\n") + 10, 4, "9999");
    ::testing::internal::CaptureStderr();
    EXPECT_FALSE(readHtml(deep, "deep.html", {}).isOk());
    EXPECT_TRUE(readHtml("<p>a<b>b</i></p></table>&bogus; <", "bad.html", {}).isOk());
    EXPECT_TRUE(readPdf(badXref, "badxref.pdf", {}).isOk());  // poppler rebuilds the table
    EXPECT_FALSE(readPdf(fixture("locked.pdf"), "locked.pdf", {}).isOk());
    EXPECT_FALSE(readPdf("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n", "x.pdf", {}).isOk());
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

// --- RTF ---------------------------------------------------------------------------

struct ReaderCase {
    const char* what;
    std::string input;
    std::string expected;
};

TEST(RtfTest, ReadsTextEscapesAndDestinations) {
    const ReaderCase cases[] = {
        {"paragraphs and lines", "{\\rtf1\\ansi Hello\\par World\\line again}",
         "Hello\nWorld\nagain"},
        {"line breaks in the file are not text", "{\\rtf1 a\r\nb\nc}", "abc"},
        {"a backslash before a line break is \\par", "{\\rtf1 a\\\nb}", "a\nb"},
        {"\\u with its fallback", "{\\rtf1\\uc1 \\u20320?\\u22909?}", "你好"},
        {"\\u above 32767 is negative", "{\\rtf1 \\u-29708?}", "说"},
        {"a surrogate pair", "{\\rtf1 \\u-10179?\\u-8704?}", "😀"},
        {"a lone surrogate", "{\\rtf1 \\u-10179 x}", "\uFFFD"},
        {"\\uc0: no fallback", "{\\rtf1\\uc0 \\u20320\\u22909}", "你好"},
        {"\\uc2 skips two \\'hh bytes", "{\\rtf1\\ansicpg936\\uc2 \\u20320\\'c4\\'e3!}", "你!"},
        {"\\uc is scoped to its group", "{\\rtf1{\\uc2 \\u20320\\'c4\\'e3}\\u22909?}", "你好"},
        {"GBK bytes", "{\\rtf1\\ansi\\ansicpg936 \\'c4\\'e3\\'ba\\'c3}", "你好"},
        {"GBK bytes written raw", "{\\rtf1\\ansi\\ansicpg936 \xc4\xe3\xba\xc3}", "你好"},
        {"digits between GBK bytes", "{\\rtf1\\ansicpg936 3\\'d4\\'c21\\'c8\\'d5}", "3月1日"},
        {"Big5, a second byte written as a character",
         "{\\rtf1\\ansi\\ansicpg950 \\'a7A\\'a6n \\'b3\\\\}", "你好 許"},
        {"windows-1252", "{\\rtf1\\ansi\\ansicpg1252 caf\\'e9 \\'93quoted\\'94}", "café “quoted”"},
        {"\\ansi alone is windows-1252", "{\\rtf1\\ansi na\\'efve}", "naïve"},
        {"UTF-8 code page", "{\\rtf1\\ansi\\ansicpg65001 \\'e4\\'bd\\'a0}", "你"},
        {"a font's charset decides its bytes",
         "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0\\fcharset0 Arial;}{\\f1\\fcharset134 "
         "\\'cb\\'ce\\'cc\\'e5;}}\\f1\\'c4\\'e3\\f0 caf\\'e9{\\f1 \\'ba\\'c3}\\plain\\'e9}",
         "你caf\u00E9好\u00E9"},
        {"the default font's charset",
         "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fcharset134 SimSun;}}\\'c4\\'e3}", "你"},
        {"specials", "{\\rtf1 a\\~b\\-c\\_d\\tab e\\emdash f\\ldblquote g\\rdblquote}",
         "a\u00A0bc-d\te—f“g”"},
        {"escaped braces and backslash", "{\\rtf1 \\{x\\}\\\\}", "{x}\\"},
        {"destinations left out",
         "{\\rtf1{\\*\\generator Word;}{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
         "{\\stylesheet{\\s1 Heading;}}{\\info{\\title T}{\\author A}}{\\header H\\par}"
         "{\\footerl F}{\\footnote N}{\\pict\\pngblip 0123}{\\object\\objemb x}"
         "{\\annotation C}{\\*\\listtable{\\list L}}Body}",
         "Body"},
        {"a field's result, not its instruction",
         "{\\rtf1 see {\\field{\\*\\fldinst HYPERLINK \"x\"}{\\fldrslt Excel}} or "
         "{\\field{\\fldinst PAGE}{\\fldrslt 3}}}",
         "see Excel or 3"},
        {"hidden text and tracked deletions",
         "{\\rtf1 kept{\\v  hidden}{\\deleted  gone} text\\v "
         "x\\v0  shown}",
         "kept text shown"},
        {"binary data skipped", "{\\rtf1 a{\\*\\blob\\bin4 }{\\}}b}", "ab"},
        {"a table", "{\\rtf1\\trowd\\cellx1\\cellx2 Name\\cell Age\\cell\\row 29\\cell\\cell\\row}",
         "Name\tAge\n29\n"},
        {"a bad \\' escape is ignored", "{\\rtf1 a\\'zzb}", "azzb"},
        {"text after the document is not read", "{\\rtf1 a}b}c", "a"},
        {"a UTF-8 byte-order mark and white space before", "\xEF\xBB\xBF \r\n{\\rtf1 a}", "a"},
        {"1000 groups deep", "{\\rtf1" + std::string(999, '{') + "x" + std::string(999, '}') + "}",
         "x"},
    };
    for (const ReaderCase& c : cases) {
        SCOPED_TRACE(c.what);
        SCOPED_TRACE(visible(c.input.substr(0, 200)));
        auto read = readRtf(c.input, "t.rtf", {});
        ASSERT_OK(read);
        EXPECT_EQ(visible(read->text), visible(c.expected));
        EXPECT_EQ(read->encoding, "RTF");
    }
}

TEST(RtfTest, ReadsLongRunsOfDoubleByteText) {
    // Decoded in pieces of about 64 KiB, never cut inside a character.
    std::string rtf = "{\\rtf1\\ansi\\ansicpg936 ";
    std::string expected;
    for (int k = 0; k < 20000; ++k) {
        rtf += "\\'c4\\'e3\\'ba\\'c3\\'a1\\'a3";
        expected += "你好。";
        if (k % 7 == 6) {
            rtf += k % 2 ? "\\par " : " 1 ";
            expected += k % 2 ? "\n" : " 1 ";
        }
    }
    auto read = readRtf(rtf + "}", "long.rtf", {});
    ASSERT_OK(read);
    EXPECT_EQ(read->text.size(), expected.size());
    EXPECT_TRUE(read->text == expected);
}

TEST(RtfTest, RefusesWhatItCannotRead) {
    const std::pair<std::string, std::string> cases[] = {
        {"hello", "t.rtf: not an RTF document (it does not start with {\\rtf)"},
        {"{\\rtf1" + std::string(1000, '{') + "x" + std::string(1000, '}') + "}",
         "t.rtf: damaged RTF: groups are nested more than 1000 deep"},
        {"{\\rtf1 {\\b bold}",
         "t.rtf: damaged RTF: a group is not closed (the file may be cut off)"},
        {"{\\rtf1 a\\", "t.rtf: damaged RTF: a group is not closed (the file may be cut off)"},
        {"{\\rtf1\\ansicpg936 a\\'c4}",
         "t.rtf: damaged RTF: the text at byte 19 is not valid in its code page 936 (GBK)"},
        {"{\\rtf1\\ansicpg4242 \\'c4}",
         "t.rtf: the RTF uses code page 4242, which Margin cannot read"},
    };
    for (const auto& [input, message] : cases) {
        SCOPED_TRACE(visible(input.substr(0, 80)));
        auto read = readRtf(input, "t.rtf", {});
        ASSERT_FALSE(read.isOk()) << visible(read->text);
        EXPECT_EQ(read.status().code(), Status::Code::InvalidInput);
        EXPECT_EQ(read.status().message(), message);
    }
}

// --- HTML --------------------------------------------------------------------------

TEST(HtmlTest, ReadsTheTextAsABrowserShowsIt) {
    const ReaderCase cases[] = {
        {"paragraphs", "<p>a</p><p>b</p>", "a\n\nb"},
        {"divisions", "<div>a</div><div>b</div>", "a\nb"},
        {"line breaks", "a<br>b<br><br>c<br><br><br>d", "a\nb\n\nc\n\nd"},
        {"white space collapses", "<p>  a \n  b\t c </p>", "a b c"},
        {"a source line break between Chinese characters is no space",
         "<p>您是怎么\n   开始直播的？ 我 想</p>", "您是怎么开始直播的？ 我 想"},
        {"inline elements", "<p>a<b>b</b> <i>c</i><a href='x'>d</a></p>", "ab cd"},
        {"headings and lists", "<h1>Title</h1><ul><li>one</li><li>two</li></ul><p>after</p>",
         "Title\n\none\ntwo\n\nafter"},
        {"a table, tab-separated",
         "<table><tr><th>Name</th><th>Age</th></tr><tr><td>T01</td><td><p>29</p><p>years</p></td>"
         "</tr><tr><td></td><td>x</td></tr></table>",
         "Name\tAge\nT01\t29 years\n\tx"},
        {"entities", "<p>&amp;&lt;&gt;&quot;&#20320;&#x597D;&eacute;&mdash;&nbsp;x</p>",
         "&<>\"你好é—\u00A0x"},
        {"preformatted text kept", "<p>a</p><pre>\n  b   c\n\n  d</pre><p>e</p>",
         "a\n\n  b   c\n\n  d\n\ne"},
        {"left out: head, script, style, noscript, template, svg, comments",
         "<html><head><title>T</title><style>p{}</style></head><body><script>x()</script>"
         "<noscript>n</noscript><template>t</template><svg><text>s</text></svg>a<!-- c -->b"
         "</body></html>",
         "ab"},
        {"a fragment without html or body", "Interviewer: hi<br>T01: hello",
         "Interviewer: hi\nT01: hello"},
        {"unclosed tags", "<p>a<p>b<div>c", "a\n\nb\n\nc"},
        {"text that is not HTML", "Interviewer: 1 < 2 & 3 > 2", "Interviewer: 1 < 2 & 3 > 2"},
    };
    for (const ReaderCase& c : cases) {
        SCOPED_TRACE(c.what);
        SCOPED_TRACE(visible(c.input));
        auto read = readHtml(c.input, "t.html", {});
        ASSERT_OK(read);
        EXPECT_EQ(visible(read->text), visible(c.expected));
        EXPECT_EQ(read->encoding, "HTML (UTF-8)");
        EXPECT_TRUE(read->warnings.empty());
    }
}

TEST(HtmlTest, FindsTheEncoding) {
    const std::string body =
        "<body><p>访谈者：您好，请先介绍一下您的工作。</p>"
        "<p>T04：我在县里做直播，卖水果和茶叶，已经三年了。</p></body>";
    const std::string gbk = test::encode(body, "GBK");
    struct Case {
        const char* what;
        std::string bytes;
        std::string encoding;
        bool warned;
    } cases[] = {
        {"<meta charset>", "<meta charset=\"gbk\">" + gbk, "HTML (GB18030)", false},
        {"http-equiv",
         "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GB2312\">" + gbk,
         "HTML (GB18030)", false},
        {"an XML declaration", "<?xml version=\"1.0\" encoding=\"gb2312\"?><html>" + gbk,
         "HTML (GB18030)", false},
        {"no declaration: detected", gbk, "HTML (GB18030)", false},
        {"declared wrongly: detected, with a warning", "<meta charset=\"utf-8\">" + gbk,
         "HTML (GB18030)", true},
        {"a byte-order mark wins over the declaration", "\xEF\xBB\xBF<meta charset=\"gbk\">" + body,
         "HTML (UTF-8 with BOM)", false},
        {"UTF-8 declared", "<meta charset=utf-8>" + body, "HTML (UTF-8)", false},
        {"UTF-16 declared on a UTF-8 page", "<meta charset=\"utf-16\">" + body, "HTML (UTF-8)",
         false},
        {"UTF-16 with a byte-order mark",
         "\xFF\xFE" + test::encode("<meta charset=\"utf-16\">" + body, "UTF-16LE"),
         "HTML (UTF-16LE)", false},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        auto read = readHtml(c.bytes, "t.html", {});
        ASSERT_OK(read);
        EXPECT_EQ(read->encoding, c.encoding);
        EXPECT_EQ(read->text,
                  "访谈者：您好，请先介绍一下您的工作。\n\nT04：我在县里做直播，卖水果和茶叶，已经"
                  "三年了。");
        EXPECT_EQ(read->warnings.size(), c.warned ? 1u : 0u);
    }
}

TEST(HtmlTest, ReadsTheDeclaredCharset) {
    const std::pair<const char*, std::optional<std::string>> cases[] = {
        {"<meta charset=\"gbk\">", "gbk"},
        {"<meta charset='Big5'>", "Big5"},
        {"<meta charset=utf-8>", "utf-8"},
        {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", "gb2312"},
        {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "ISO-8859-1"},
        {"<meta name=\"viewport\" content=\"width=device-width\"><meta charset=\"gbk\">", "gbk"},
        {"<meta name=\"viewport\" content=\"width=device-width\">", std::nullopt},
        {"<p>charset=gbk</p>", std::nullopt},
        {"<meta charset=>", std::nullopt},
        {"", std::nullopt},
    };
    for (const auto& [head, expected] : cases) {
        SCOPED_TRACE(head);
        EXPECT_EQ(htmlDeclaredCharset(head), expected);
    }
}

TEST(HtmlTest, RefusesPagesAboveTheSizeLimit) {
    std::string page = "<p>" + std::string(3000, 'x') + "</p>";
    auto read = readHtmlWithLimit(page, "big.html", {}, 2048);
    ASSERT_FALSE(read.isOk());
    EXPECT_EQ(read.status().message(),
              "big.html: too large for a web page (3 KiB; the limit is 2 KiB)");
    EXPECT_OK(readHtmlWithLimit(page, "big.html", {}, 4096));
}

}  // namespace
}  // namespace margin::corpus
