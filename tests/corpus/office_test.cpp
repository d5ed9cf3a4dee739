// Word, OpenDocument and Excel files: the zip and XML machinery beneath
// them, the text and turns a researcher gets from each, and broken and
// hostile files refused with one clear message and nothing stored.
#include <cstdint>
#include <thread>

#include "corpus/formats.h"
#include "corpus/importer.h"
#include "corpus/offsets.h"
#include "corpus/spreadsheet.h"
#include "corpus/text.h"
#include "corpus/xml.h"
#include "corpus/zip.h"
#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::TempDir;
using test::visible;
using test::writeFile;

std::filesystem::path officeDir() {
    return test::dataDir() / "formats" / "office";
}

std::string fixture(const std::string& name) {
    std::string bytes = test::readFile(officeDir() / name);
    EXPECT_FALSE(bytes.empty()) << "missing fixture " << name;
    return bytes;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// --- A zip writer for small cases (stored entries, no compression) ----------

std::uint32_t crc32(std::string_view data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : data) {
        crc ^= c;
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void put16(std::string& out, std::uint32_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

std::string makeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string out, central;
    for (const auto& [name, data] : entries) {
        auto offset = static_cast<std::uint32_t>(out.size());
        auto size = static_cast<std::uint32_t>(data.size());
        std::uint32_t crc = crc32(data);
        auto nameSize = static_cast<std::uint32_t>(name.size());
        put32(out, 0x04034b50);
        put16(out, 20), put16(out, 0), put16(out, 0), put16(out, 0), put16(out, 0x5821);
        put32(out, crc), put32(out, size), put32(out, size);
        put16(out, nameSize), put16(out, 0);
        out += name + data;
        put32(central, 0x02014b50);
        put16(central, 20), put16(central, 20), put16(central, 0), put16(central, 0);
        put16(central, 0), put16(central, 0x5821);
        put32(central, crc), put32(central, size), put32(central, size);
        put16(central, nameSize), put16(central, 0), put16(central, 0), put16(central, 0);
        put16(central, 0), put32(central, 0), put32(central, offset);
        central += name;
    }
    auto centralOffset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0), put16(out, 0);
    put16(out, static_cast<std::uint32_t>(entries.size()));
    put16(out, static_cast<std::uint32_t>(entries.size()));
    put32(out, static_cast<std::uint32_t>(central.size())), put32(out, centralOffset);
    put16(out, 0);
    return out;
}

const std::string kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// A .docx whose w:body holds `body` (prefix w:, and mc: for markup compatibility).
std::string docxWith(const std::string& body) {
    return makeZip({{"word/document.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\"" + kW +
                         "\" xmlns:mc=\"http://schemas.openxmlformats.org/"
                         "markup-compatibility/2006\"><w:body>" +
                         body + "</w:body></w:document>"}});
}

// An .odt whose office:text holds `body` (prefixes office:, text:, table:, draw:).
std::string odtWith(const std::string& body) {
    return makeZip(
        {{"mimetype", "application/vnd.oasis.opendocument.text"},
         {"content.xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content "
          "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
          "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
          "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
          "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"><office:body>"
          "<office:text>" +
              body + "</office:text></office:body></office:document-content>"}});
}

const std::string kSheetNs = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";

// An .xlsx of one sheet "Data" (no package relationships: the reader falls
// back to xl/workbook.xml), with `sheetData`, shared strings and styles.
std::string xlsxWith(const std::string& sheetData, const std::string& shared = {},
                     const std::string& styles = {}, const std::string& workbookPr = {}) {
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    std::vector<std::pair<std::string, std::string>> entries = {
        {"xl/workbook.xml",
         "<workbook " + kSheetNs + " xmlns:r=\"" + rel + "\">" + workbookPr +
             "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
             rel +
             "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" +
             rel +
             "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" +
             rel + "/styles\" Target=\"styles.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml",
         "<worksheet " + kSheetNs + "><sheetData>" + sheetData + "</sheetData></worksheet>"},
        {"xl/sharedStrings.xml", "<sst " + kSheetNs + ">" + shared + "</sst>"},
        {"xl/styles.xml", "<styleSheet " + kSheetNs + ">" + styles + "</styleSheet>"},
    };
    return makeZip(entries);
}

// Rows as "a|b|c" lines.
std::string render(const Sheet& sheet) {
    std::string out;
    for (const auto& row : sheet.rows) {
        for (std::size_t i = 0; i < row.size(); ++i)
            out += (i ? "|" : "") + row[i];
        out += "\n";
    }
    return out;
}

// --- Zip --------------------------------------------------------------------

TEST(ZipTest, EntryNamesThatCouldEscapeTheirFolderAreUnsafe) {
    struct Case {
        std::string name;
        bool safe;
    } cases[] = {
        {"word/document.xml", true},
        {"a/..b/c", true},
        {"..a", true},
        {"a/b/", true},
        {"../evil.txt", false},
        {"a/../../evil", false},
        {"a/..", false},
        {"/etc/passwd", false},
        {"C:evil", false},
        {"c:/evil", false},
        {"a\\b", false},
        {"..\\evil", false},
        {"", false},
        {std::string("a\0b", 3), false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(visible(c.name));
        EXPECT_EQ(isSafeZipEntryName(c.name), c.safe);
    }
}

TEST(ZipTest, ListsAndReadsEntriesByName) {
    std::string bytes = fixture("features.docx");
    auto zip = ZipArchive::open(bytes, "features.docx");
    ASSERT_OK(zip);
    const auto& names = (*zip)->entries();
    EXPECT_NE(std::find(names.begin(), names.end(), "word/comments.xml"), names.end());
    EXPECT_TRUE((*zip)->contains("word/document.xml"));
    EXPECT_FALSE((*zip)->contains("word/Document.xml"));
    auto xml = (*zip)->read("word/document.xml");
    ASSERT_OK(xml);
    EXPECT_TRUE(xml->starts_with("<?xml")) << xml->substr(0, 40);
    EXPECT_TRUE(contains(*xml, "Interview notes"));

    auto missing = (*zip)->read("word/nothing.xml");
    ASSERT_FALSE(missing.isOk());
    EXPECT_EQ(missing.status().code(), Status::Code::NotFound);
    EXPECT_EQ(missing.status().message(), "features.docx: no entry 'word/nothing.xml'");

    const std::string small =
        makeZip({{"a.txt", "hello"}, {"b/c.txt", ""}});  // outlives the archive
    auto stored = ZipArchive::open(small, "t.zip");
    ASSERT_OK(stored);
    EXPECT_EQ((*stored)->entries(), (std::vector<std::string>{"a.txt", "b/c.txt"}));
    auto a = (*stored)->read("a.txt");
    ASSERT_OK(a);
    EXPECT_EQ(*a, "hello");
}

TEST(ZipTest, WhatIsNoZipOrADamagedOneIsRefusedClearly) {
    std::string good = fixture("otter.docx");
    std::string badCrc = makeZip({{"a.txt", "hello"}});
    badCrc[badCrc.find("hello")] = 'j';  // the data no longer matches its CRC
    struct Case {
        std::string what;
        std::string bytes;
        std::string kind;
        std::string expected;
    } cases[] = {
        {"empty", "", "", "x.docx: the file is empty"},
        {"text", "Interviewer: Hello.\n", "", "x.docx: not a zip archive"},
        {"text, with a kind", "Interviewer: Hello.\n", "Word document",
         "x.docx: not a Word document (not a zip archive)"},
        {"truncated to half", good.substr(0, good.size() / 2), "Word document",
         "x.docx: damaged zip archive (no end of central directory; truncated?)"},
        {"truncated by its last byte", good.substr(0, good.size() - 1), "Word document",
         "x.docx: damaged zip archive ("},
        {"an old .doc or an encrypted .docx",
         std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'),
         "Word document",
         "x.docx: not a Word document (not a zip archive; an old binary Office file or a "
         "password-protected document: save it again in the current format without a "
         "password)"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        auto zip = ZipArchive::open(c.bytes, "x.docx", c.kind);
        ASSERT_FALSE(zip.isOk());
        EXPECT_EQ(zip.status().code(), Status::Code::InvalidInput);
        EXPECT_EQ(zip.status().message().substr(0, c.expected.size()), c.expected)
            << zip.status().message();
    }

    auto zip = ZipArchive::open(badCrc, "x.zip");
    ASSERT_OK(zip);
    auto read = (*zip)->read("a.txt");
    ASSERT_FALSE(read.isOk());
    EXPECT_EQ(read.status().message(), "x.zip: damaged zip archive (entry 'a.txt': CRC error)");
}

TEST(ZipTest, SizeAndRatioLimitsHoldForDeclaredAndForInflatedSizes) {
    struct Case {
        std::string what;
        std::string file;  // a fixture
        ZipLimits limits;
        std::string expected;
    };
    ZipLimits small;
    small.maxEntryBytes = 1000;
    ZipLimits noRatio;  // only the size limit, at 1 MiB
    noRatio.maxRatio = 1'000'000;
    noRatio.maxEntryBytes = 1u << 20;
    const std::string doc = "'word/document.xml'";
    std::vector<Case> cases = {
        {"2 MiB deflated to 2 KiB",
         "hostile/bomb.docx",
         {},
         "entry " + doc + " expands more than 100 times its compressed size"},
        {"the same declaring 1,000 bytes: counted while inflating",
         "hostile/lying-size.docx",
         {},
         "entry " + doc + " expands more than 100 times its compressed size"},
        {"declaring 1,000 bytes, past the size limit while inflating", "hostile/lying-size.docx",
         noRatio, "entry " + doc + " expands past 1 MiB"},
        {"declaring 300 MiB",
         "hostile/huge-declared.docx",
         {},
         "entry " + doc + " expands past 256 MiB: refused as a possible zip bomb"},
        {"an ordinary document past a small limit", "otter.docx", small,
         "entry " + doc + " expands past 1000 bytes: refused as a possible zip bomb"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        std::string bytes = fixture(c.file);
        auto zip = ZipArchive::open(bytes, c.file, {}, c.limits);
        ASSERT_OK(zip);
        auto read = (*zip)->read("word/document.xml");
        ASSERT_FALSE(read.isOk());
        const std::string expected = c.file + ": " + c.expected;
        EXPECT_EQ(read.status().message().substr(0, expected.size()), expected)
            << read.status().message();
    }

    // The total over all entries read, and the number of entries.
    std::string bytes = fixture("features.docx");
    auto zip = ZipArchive::open(bytes, "features.docx");
    ASSERT_OK(zip);
    auto document = (*zip)->read("word/document.xml");
    ASSERT_OK(document);
    ZipLimits total;
    total.maxTotalBytes = document->size() + 100;
    zip = ZipArchive::open(bytes, "features.docx", {}, total);
    ASSERT_OK(zip);
    EXPECT_OK((*zip)->read("word/document.xml"));
    auto styles = (*zip)->read("word/styles.xml");
    ASSERT_FALSE(styles.isOk());
    EXPECT_EQ(styles.status().message(),
              "features.docx: the archive expands past " + std::to_string(total.maxTotalBytes) +
                  " bytes in total: refused as a possible zip bomb (at entry 'word/styles.xml')");

    ZipLimits few;
    few.maxEntries = 3;
    zip = ZipArchive::open(bytes, "features.docx", {}, few);
    ASSERT_FALSE(zip.isOk());
    EXPECT_TRUE(contains(zip.status().message(),
                         "features.docx: the archive has 10 entries, more "
                         "than 3: refused"))
        << zip.status().message();
}

TEST(ZipTest, AnEntryThatCouldEscapeRefusesTheArchive) {
    std::string bytes = fixture("hostile/traversal.docx");
    auto zip = ZipArchive::open(bytes, "t.docx");
    ASSERT_FALSE(zip.isOk());
    EXPECT_EQ(zip.status().message(),
              "t.docx: entry '../../evil.txt' has an unsafe name (it could escape its folder): "
              "refused");
    zip = ZipArchive::open(makeZip({{"ok.xml", "x"}, {"C:\\Windows\\evil.dll", "x"}}), "w.zip");
    ASSERT_FALSE(zip.isOk());
    EXPECT_TRUE(
        contains(zip.status().message(), "entry 'C:\\Windows\\evil.dll' has an unsafe name"))
        << zip.status().message();
}

// --- XML --------------------------------------------------------------------

// Records "<name ns? a=v>", "[text]" and "</name>" in a compact line.
class Trace : public XmlHandler {
public:
    std::string out;
    Status startElement(const XmlElement& e) override {
        flushText();
        out += "<" + std::string(e.name);
        if (!e.ns.empty())
            out += "{" + std::string(e.ns) + "}";
        for (const XmlAttribute& a : e.attributes)
            out += " " + std::string(a.ns.empty() ? "" : "{" + std::string(a.ns) + "}") +
                   std::string(a.name) + "=" + std::string(a.value);
        out += ":" + std::to_string(e.depth) + ">";
        return Status::ok();
    }
    Status endElement(const XmlElement& e) override {
        flushText();
        out += "</" + std::string(e.name) + ":" + std::to_string(e.depth) + ">";
        return Status::ok();
    }
    Status text(std::string_view s) override {
        m_pending += s;  // character data may come in pieces
        return Status::ok();
    }

    void flushText() {
        if (!m_pending.empty())
            out += "[" + m_pending + "]", m_pending.clear();
    }

private:
    std::string m_pending;
};

TEST(XmlTest, ReportsElementsAttributesAndTextWithEntitiesDecoded) {
    struct Case {
        std::string xml;
        std::string trace;
    } cases[] = {
        {"<a>x</a>", "<a:1>[x]</a:1>"},
        {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r xmlns=\"urn:d\" xmlns:p=\"urn:p\" "
         "p:k=\"1\" k=\"2\"><p:e/></r>",
         "<r{urn:d} {urn:p}k=1 k=2:1><e{urn:p}:2></e:2></r:1>"},
        {"<a t=\"x &amp; y &lt;z&gt; &quot;q&quot; &#38; &#x4E2D;\">&amp;&lt;&#20013;</a>",
         "<a t=x & y <z> \"q\" & 中:1>[&<中]</a:1>"},
        {"<a><![CDATA[<kept> & raw]]></a>", "<a:1>[<kept> & raw]</a:1>"},
        {"<a><!-- a comment --><?pi data?>text</a>", "<a:1>[text]</a:1>"},
        {"<a>中文 text</a>", "<a:1>[中文 text]</a:1>"},
        {std::string("\xEF\xBB\xBF<a>bom</a>"), "<a:1>[bom]</a:1>"},
        {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xE9</a>", "<a:1>[café]</a:1>"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(visible(c.xml));
        Trace trace;
        ASSERT_OK(parseXml(c.xml, "f.docx", "p.xml", trace));
        EXPECT_EQ(trace.out, c.trace);
    }
}

TEST(XmlTest, RefusesDoctypesEntitiesAndDeepNestingBeforeExpandingAnything) {
    std::string laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">";
    for (int i = 1; i < 10; ++i) {
        laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k)
            laughs += "&lol" + (i > 1 ? std::to_string(i - 1) : std::string()) + ";";
        laughs += "\">";
    }
    laughs += "]>\n<lolz>&lol9;</lolz>";
    std::string deep;
    for (int i = 0; i < 10000; ++i)
        deep += "<d>";
    for (int i = 0; i < 10000; ++i)
        deep += "</d>";
    const std::string doctype =
        ": has a DOCTYPE declaration (entities and DTDs are refused; Office and OpenDocument "
        "files never have one)";
    struct Case {
        std::string what;
        std::string xml;
        std::string expected;
    } cases[] = {
        {"external entity",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
         "<r>&xxe;</r>",
         "f.docx: p.xml: line 2" + doctype},
        {"billion laughs", laughs, "f.docx: p.xml: line 1" + doctype},
        {"external DTD", "<!DOCTYPE r SYSTEM \"http://example.com/r.dtd\"><r/>",
         "f.docx: p.xml: line 1" + doctype},
        {"parameter entity", "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r/>",
         "f.docx: p.xml: line 1" + doctype},
        {"an undeclared entity", "<r>&nbsp;</r>",
         "f.docx: p.xml: line 1: XML error: Entity 'nbsp' not defined"},
        {"10,000 nested elements", deep,
         "f.docx: p.xml: line 1: elements nested more than 256 deep: refused as hostile"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        Trace trace;
        Status s = parseXml(c.xml, "f.docx", "p.xml", trace);
        ASSERT_FALSE(s.isOk());
        EXPECT_EQ(s.code(), Status::Code::InvalidInput);
        EXPECT_EQ(s.message(), c.expected);
        trace.flushText();
        EXPECT_FALSE(contains(trace.out, "root:")) << "read /etc/passwd";
        EXPECT_FALSE(contains(trace.out, "lollol")) << "expanded an entity";
    }

    // 256 levels are fine.
    std::string deepest;
    for (int i = 0; i < 256; ++i)
        deepest += "<d>";
    for (int i = 0; i < 256; ++i)
        deepest += "</d>";
    Trace trace;
    EXPECT_OK(parseXml(deepest, "f.docx", "p.xml", trace));
}

TEST(XmlTest, MalformedXmlNamesTheFileThePartAndTheLine) {
    struct Case {
        std::string xml;
        std::string expected;
    } cases[] = {
        {"<a>\n<b>\n</a>",
         "f.docx: word/document.xml: line 3: XML error: Opening and ending tag mismatch: b line "
         "2 and a"},
        {"<a>\n<b>text", "f.docx: word/document.xml: line 2: XML error: "},
        {"", "f.docx: word/document.xml: is empty"},
        {"not xml at all", "f.docx: word/document.xml: line 1: XML error: Start tag expected"},
        {"<a></a><b/>", "f.docx: word/document.xml: line 1: XML error: Extra content at the end"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(visible(c.xml));
        Trace trace;
        testing::internal::CaptureStderr();
        Status s = parseXml(c.xml, "f.docx", "word/document.xml", trace);
        std::string printed = testing::internal::GetCapturedStderr();
        ASSERT_FALSE(s.isOk());
        EXPECT_EQ(s.message().substr(0, c.expected.size()), c.expected) << s.message();
        EXPECT_EQ(printed, "") << "libxml2 printed to stderr";
    }
}

TEST(XmlTest, AHandlersErrorStopsTheWalkWithItsPlace) {
    class Refuser : public XmlHandler {
    public:
        int seen = 0;
        Status startElement(const XmlElement& e) override {
            ++seen;
            if (e.name == "bad")
                return Status::invalidInput("cell reference 'XFE1' is outside the sheet");
            return Status::ok();
        }
    } refuser;
    Status s =
        parseXml("<a>\n<b/>\n<bad/>\n<c/><d/></a>", "t.xlsx", "xl/worksheets/sheet1.xml", refuser);
    EXPECT_EQ(s.message(),
              "t.xlsx: xl/worksheets/sheet1.xml: line 3: cell reference 'XFE1' is outside the "
              "sheet");
    EXPECT_EQ(refuser.seen, 3);
}

TEST(XmlTest, ParsesOnSeveralThreadsAtOnce) {
    const std::string good = "<a><b x=\"1\">text &amp; more</b></a>";
    const std::string bad = "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>";
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                Trace trace;
                if (!parseXml(good, "g", "p", trace).isOk() ||
                    trace.out != "<a:1><b x=1:2>[text & more]</b:2></a:1>")
                    ++failures[t];
                Trace refused;
                if (parseXml(bad, "b", "p", refused).isOk())
                    ++failures[t];
            }
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(failures, std::vector<int>(4, 0));
}

// --- Word and OpenDocument text ---------------------------------------------

// The text of features.docx and features.odt: tables as tab-separated rows;
// no header, footer, comment, footnote, deletion, field code, hidden text or
// text box.
const std::string kFeaturesText =
    "Interview notes\n"
    "The participant hesitated before answering.\n"
    "She said it was rather hard.\n"
    "Recorded on 2024-11-12.\n"
    "Q1\te-commerce skills\nsecond line\n"
    "Joined paragraphs.\n"
    "\n"
    "Before the box. After the box.\n"
    "Code\tCount\tExample\n"
    "实习\t3\t实习机会太少 (T01)\n"
    "Total\t\t3\n"
    "Nested\t0\ta b c\n"
    "Participant: T01\n"
    "Fish & chips <cheap> \"quoted\"\n"
    "End.\n";

TEST(DocxTest, FeaturesFileGivesItsBodyTextOnly) {
    auto text = readDocx(fixture("features.docx"), "features.docx", {});
    ASSERT_OK(text);
    EXPECT_EQ(text->text, kFeaturesText);
    EXPECT_EQ(text->encoding, "DOCX");
    EXPECT_FALSE(text->turns.has_value());
    for (const char* hidden :
         {"CONFIDENTIAL", "footer", "Reviewer", "Footnote", "very", "Moved away", "DATE",
          "hidden remark", "Text box", "Fallback", "Deleted row"}) {
        SCOPED_TRACE(hidden);
        EXPECT_FALSE(contains(text->text, hidden));
    }
}

TEST(OdtTest, FeaturesFileGivesTheSameTextAsTheWordFile) {
    auto text = readOdt(fixture("features.odt"), "features.odt", {});
    ASSERT_OK(text);
    EXPECT_EQ(text->text, kFeaturesText);
    EXPECT_EQ(text->encoding, "ODT");
}

struct SnippetCase {
    std::string what;
    std::string body;
    std::string text;
};

TEST(DocxTest, ParagraphsRunsTablesAndTrackedChanges) {
    auto r = [](const std::string& t) { return "<w:r><w:t>" + t + "</w:t></w:r>"; };
    auto p = [](const std::string& c) { return "<w:p>" + c + "</w:p>"; };
    auto tc = [&](const std::string& c) { return "<w:tc>" + p(r(c)) + "</w:tc>"; };
    SnippetCase cases[] = {
        {"one paragraph a line", p(r("A")) + p(r("B")), "A\nB\n"},
        {"empty paragraphs are empty lines", p(r("A")) + p("") + p("") + p(r("B")), "A\n\n\nB\n"},
        {"runs join",
         p(r("Inter") + "<w:r><w:rPr><w:b/></w:rPr><w:t>viewer:</w:t></w:r>" +
           "<w:r><w:t xml:space=\"preserve\"> Hi.</w:t></w:r>"),
         "Interviewer: Hi.\n"},
        {"tab, break, carriage return",
         p(r("a") + "<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r>"),
         "a\tb\nc\nd\n"},
        {"a page break is a line break", p(r("a") + "<w:r><w:br w:type=\"page\"/></w:r>" + r("b")),
         "a\nb\n"},
        {"tab stops are not tabs",
         "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>" + r("x") +
             "</w:p>",
         "x\n"},
        {"insertions kept, deletions and moves away left out",
         p(r("a ") + "<w:ins w:id=\"1\">" + r("new ") +
           "</w:ins><w:del w:id=\"2\"><w:r>"
           "<w:delText>old </w:delText></w:r></w:del>" +
           "<w:moveFrom w:id=\"3\">" + r("moved ") + "</w:moveFrom>" + r("end")),
         "a new end\n"},
        {"a deleted paragraph mark joins the paragraphs",
         "<w:p><w:pPr><w:rPr><w:del w:id=\"1\"/></w:rPr></w:pPr>" + r("one ") + "</w:p>" +
             p(r("two")),
         "one two\n"},
        {"a deleted table row is left out",
         "<w:tbl><w:tr>" + tc("a") + "</w:tr><w:tr><w:trPr><w:del w:id=\"1\"/></w:trPr>" +
             tc("gone") + "</w:tr><w:tr>" + tc("b") + "</w:tr></w:tbl>",
         "a\nb\n"},
        {"field code out, result in",
         p(r("p. ") +
           "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE "
           "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" +
           r("7") + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"),
         "p. 7\n"},
        {"simple fields and hyperlinks keep their text",
         p("<w:fldSimple w:instr=\" AUTHOR \">" + r("Li") + "</w:fldSimple>" +
           "<w:hyperlink w:history=\"1\">" + r(" (site)") + "</w:hyperlink>"),
         "Li (site)\n"},
        {"hidden runs left out, w:val=0 shown",
         p(r("a") + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>" +
           "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>b</w:t></w:r>"),
         "ab\n"},
        {"hyphens and symbols",
         p(r("e") + "<w:r><w:noBreakHyphen/></w:r>" + r("mail") + "<w:r><w:softHyphen/></w:r>" +
           "<w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/></w:r>" +
           r(" x\xC2\xAD"
             "y")),
         "e-mail xy\n"},
        {"a table row is a line of tab-separated cells",
         "<w:tbl><w:tr>" + tc("Q") + tc("A") + "</w:tr><w:tr>" + tc("1") + tc("yes") +
             "</w:tr></w:tbl>",
         "Q\tA\n1\tyes\n"},
        {"a cell's paragraphs joined by spaces, its breaks and tabs too",
         "<w:tbl><w:tr><w:tc>" + p(r("a")) + p("") +
             p(r("b") + "<w:r><w:br/><w:t>c</w:t><w:tab/><w:t>d</w:t></w:r>") + "</w:tc>" +
             tc("e") + "</w:tr></w:tbl>",
         "a b c d\te\n"},
        {"an empty cell keeps its column",
         "<w:tbl><w:tr>" + tc("a") + "<w:tc><w:p/></w:tc>" + tc("c") + "</w:tr></w:tbl>",
         "a\t\tc\n"},
        {"a merged cell spans columns",
         "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr>" + p(r("wide")) +
             "</w:tc>" + tc("d") + "</w:tr></w:tbl>",
         "wide\t\t\td\n"},
        {"a nested table is flattened into its cell",
         "<w:tbl><w:tr>" + tc("out") + "<w:tc><w:tbl><w:tr>" + tc("x") + tc("y") +
             "</w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>" + p(r("after")),
         "out\tx y\nafter\n"},
        {"content controls and smart tags keep their text",
         "<w:sdt><w:sdtPr><w:alias w:val=\"Name\"/></w:sdtPr><w:sdtContent>" + p(r("T01")) +
             "</w:sdtContent></w:sdt>",
         "T01\n"},
        {"text boxes and fallbacks left out",
         p(r("a") +
           "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
           "<w:txbxContent>" +
           p(r("box")) +
           "</w:txbxContent></w:drawing></mc:Choice>"
           "<mc:Fallback>" +
           r("fallback") + "</mc:Fallback></mc:AlternateContent></w:r>" + r("b")),
         "ab\n"},
        {"comment references give nothing",
         p("<w:commentRangeStart w:id=\"0\"/>" + r("a") +
           "<w:commentRangeEnd w:id=\"0\"/>"
           "<w:r><w:commentReference w:id=\"0\"/></w:r>"),
         "a\n"},
        {"a line break typed inside w:t reads as a space", p(r("a\nb")), "a b\n"},
        {"ruby guides left out",
         p(r("汉语") + "<w:r><w:ruby><w:rt><w:r><w:t>pīn</w:t></w:r></w:rt><w:rubyBase><w:r>"
                       "<w:t>拼</w:t></w:r></w:rubyBase></w:ruby></w:r>"),
         "汉语拼\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what + ": " + visible(c.body));
        auto text = readDocx(docxWith(c.body), "t.docx", {});
        ASSERT_OK(text);
        EXPECT_EQ(text->text, c.text);
    }
}

TEST(OdtTest, ParagraphsSpacesTablesAndWhatIsLeftOut) {
    auto p = [](const std::string& c) { return "<text:p>" + c + "</text:p>"; };
    auto cell = [&](const std::string& c) {
        return "<table:table-cell>" + p(c) + "</table:table-cell>";
    };
    SnippetCase cases[] = {
        {"paragraphs and headings are lines",
         "<text:h text:outline-level=\"1\">Title</text:h>" + p("A") + p("") + p("B"),
         "Title\nA\n\nB\n"},
        {"spans and links keep their text",
         p("<text:span>Interviewer:</text:span> <text:a xlink:href=\"x\" "
           "xmlns:xlink=\"http://www.w3.org/1999/xlink\">Hi</text:a>."),
         "Interviewer: Hi.\n"},
        {"white space in the XML collapses; none at the start",
         p("\n   Several   spaces\n and\tlines  "), "Several spaces and lines\n"},
        {"text:s, text:tab and text:line-break are kept",
         p("a<text:s/>b<text:s text:c=\"3\"/>c<text:tab/>d<text:line-break/>e"), "a b   c\td\ne\n"},
        {"a leading text:s is kept", p("<text:s text:c=\"2\"/>x"), "  x\n"},
        {"lists give their paragraphs, not their labels",
         "<text:list><text:list-item><text:number>1.</text:number>" + p("one") +
             "</text:list-item><text:list-item>" + p("two") + "</text:list-item></text:list>",
         "one\ntwo\n"},
        {"annotations, notes and tracked deletions left out",
         "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>" + p("gone") +
             "</text:deletion></text:changed-region></text:tracked-changes>" +
             p("a<office:annotation>" + p("note") +
               "</office:annotation>b<text:note><text:note-citation>1</text:note-citation>"
               "<text:note-body>" +
               p("foot") + "</text:note-body></text:note><text:change text:change-id=\"c1\"/>c"),
         "abc\n"},
        {"frames left out",
         p("a<draw:frame><draw:text-box>" + p("boxed") + "</draw:text-box></draw:frame>b"), "ab\n"},
        {"a table row is a line of tab-separated cells",
         "<table:table><table:table-row>" + cell("Q") + cell("A") +
             "</table:table-row><table:table-row>" + cell("1") + cell("yes") +
             "</table:table-row></table:table>",
         "Q\tA\n1\tyes\n"},
        {"repeated and covered cells",
         "<table:table><table:table-row><table:table-cell table:number-columns-repeated=\"2\">" +
             p("x") + "</table:table-cell><table:covered-table-cell/>" + cell("y") +
             "</table:table-row></table:table>",
         "x\tx\t\ty\n"},
        {"absurd repetition is bounded",
         "<table:table><table:table-row table:number-rows-repeated=\"1000000\">"
         "<table:table-cell table:number-columns-repeated=\"1000000\"/>"
         "</table:table-row></table:table>" +
             p("after"),
         std::string(255, '\t') + "\nafter\n"},
        {"hyphens as they read",
         p("e\xE2\x80\x91mail x\xC2\xAD"
           "y"),
         "e-mail xy\n"},
        {"ruby guides left out",
         p("汉语<text:ruby><text:ruby-base>拼</text:ruby-base><text:ruby-text>pīn</text:ruby-text>"
           "</text:ruby>"),
         "汉语拼\n"},
        {"a nested table is flattened into its cell",
         "<table:table><table:table-row>" + cell("out") +
             "<table:table-cell><table:table><table:table-row>" + cell("x") + cell("y") +
             "</table:table-row></table:table></table:table-cell></table:table-row></table:table>",
         "out\tx y\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what + ": " + visible(c.body));
        auto text = readOdt(odtWith(c.body), "t.odt", {});
        ASSERT_OK(text);
        EXPECT_EQ(text->text, c.text);
    }
}

TEST(DocxTest, TheMainPartIsFoundThroughThePackageRelationships) {
    const std::string strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    const std::string document = "<w:document xmlns:w=\"" + strict +
                                 "\"><w:body><w:p><w:r><w:t>Strict.</w:t></w:r></w:p></w:body>"
                                 "</w:document>";
    auto rels = [](const std::string& target) {
        return "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
               "relationships\"><Relationship Id=\"rId1\" Type=\"http://purl.oclc.org/ooxml/"
               "officeDocument/relationships/officeDocument\" Target=\"" +
               target + "\"/></Relationships>";
    };
    struct Case {
        std::string what;
        std::string target;  // as written in _rels/.rels
        std::string entry;   // where the document is
    } cases[] = {
        {"absolute target", "/doc/main.xml", "doc/main.xml"},
        {"relative target, percent-encoded", "doc/my%20main.xml", "doc/my main.xml"},
        {"a target that is missing: word/document.xml", "/nothing.xml", "word/document.xml"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        auto text =
            readDocx(makeZip({{"_rels/.rels", rels(c.target)}, {c.entry, document}}), "s.docx", {});
        ASSERT_OK(text);
        EXPECT_EQ(text->text, "Strict.\n");
    }
}

// --- Importing: texts and turns ---------------------------------------------

// `speaker[i|p]@ms "utterance"`, one turn a line.
std::string renderTurns(std::string_view text, const std::vector<Turn>& turns) {
    std::string out;
    for (const Turn& t : turns) {
        auto span = sliceChars(text, t.start, t.end);
        out += t.speaker + (t.kind == SpeakerKind::Interviewer ? "[i]" : "[p]") + "@" +
               (t.timestampMs ? std::to_string(*t.timestampMs) : std::string("-")) + " \"" +
               (span ? std::string(*span) : std::string("<bad span>")) + "\"\n";
    }
    return out;
}

std::string withoutWhiteSpace(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n' && c != '\t')
            out += c;
    return out;
}

class OfficeImportTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = Store::create(m_dir / "p.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
    }
    struct Imported {
        std::string text;
        std::string turns;
        std::string encoding;
        std::vector<std::string> participants;
    };
    std::optional<Imported> import(const std::filesystem::path& path, ImportOptions options = {}) {
        auto report = importTranscript(*m_store, path, options);
        EXPECT_OK(report);
        if (!report.isOk())
            return std::nullopt;
        auto text = m_store->documentText(report->id);
        auto turns = m_store->turns(report->id);
        EXPECT_OK(text);
        EXPECT_OK(turns);
        if (!text.isOk() || !turns.isOk())
            return std::nullopt;
        return Imported{*text, renderTurns(*text, *turns), report->encoding, report->participants};
    }
    std::size_t documentCount() {
        auto docs = m_store->documents();
        EXPECT_OK(docs);
        return docs.isOk() ? docs->size() : 0;
    }

    TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

TEST_F(OfficeImportTest, OtterWordExportGivesOneTurnPerSegmentWithItsTime) {
    ImportOptions options;
    options.speakers.interviewerLabels.push_back("Chen Jing");
    options.participant = "T01";
    auto docx = import(officeDir() / "otter.docx", options);
    ASSERT_TRUE(docx);
    EXPECT_EQ(docx->encoding, "DOCX");
    EXPECT_EQ(docx->participants, std::vector<std::string>{"T01"});
    EXPECT_TRUE(docx->text.starts_with(
        "Library digital skills — interview with Li Ming\nTue, Nov 12, 2024 10:30AM • 4:12\n\n"
        "Chen Jing  0:03\nThanks for joining."))
        << docx->text;
    EXPECT_EQ(docx->turns,
              "Chen Jing[i]@3000 \"Thanks for joining. 我们可以用中文或者英文，随你。\"\n"
              "Li Ming[p]@9000 \"好的，那我主要说中文吧。Some library terms are easier in "
              "English.\"\n"
              "Chen Jing[i]@15000 \"Could you tell me about your role at the library?\"\n"
              "Li Ming[p]@21000 \"我是图书馆的数字服务馆员。I run the computer lab and the "
              "e-book platform.\n去年开始我也负责老年人的数字技能课程。\"\n"
              "Chen Jing[i]@45000 \"How did the classes start?\"\n"
              "Li Ming[p]@48000 \"疫情期间开始的。很多老人第一次需要用视频通话看医生、看孙子。\"\n"
              "Chen Jing[i]@92000 \"What do people most want to learn now?\"\n"
              "Li Ming[p]@95000 \"Scams, mostly. 大家都想知道怎么识别诈骗短信。That session "
              "nobody misses.\"\n");

    // The same interview saved as OpenDocument: the same text and turns.
    options.name = "otter (odt)";
    auto odt = import(officeDir() / "otter.odt", options);
    ASSERT_TRUE(odt);
    EXPECT_EQ(odt->encoding, "ODT");
    EXPECT_EQ(odt->text, docx->text);
    EXPECT_EQ(odt->turns, docx->turns);
}

TEST_F(OfficeImportTest, SameInterviewAsTextWordAndOpenDocumentGivesTheSameTextAndTurns) {
    const auto dir = test::dataDir() / "formats" / "same-interview";
    auto txt = import(dir / "same-interview.txt");
    ASSERT_TRUE(txt);
    EXPECT_EQ(std::count(txt->turns.begin(), txt->turns.end(), '\n'), 10) << txt->turns;
    EXPECT_TRUE(txt->turns.starts_with(
        "访谈者[i]@5000 \"谢谢您今天接受访谈。您在图书馆做什么工作？\"\n"
        "Li Ming[p]@12000 \"I'm the digital services librarian. 我负责电脑室和电子书平台。\"\n"))
        << txt->turns;
    for (const char* format : {"docx", "odt"}) {
        SCOPED_TRACE(format);
        ImportOptions options;
        options.name = std::string("same-interview (") + format + ")";
        auto other = import(dir / (std::string("same-interview.") + format), options);
        ASSERT_TRUE(other);
        EXPECT_EQ(withoutWhiteSpace(other->text), withoutWhiteSpace(txt->text));
        EXPECT_EQ(other->turns, txt->turns);
        EXPECT_EQ(other->participants, txt->participants);
    }
}

TEST_F(OfficeImportTest, BrokenAndHostileFilesAreRefusedAndNothingIsStored) {
    const auto hostile = officeDir() / "hostile";
    std::string good = fixture("otter.docx");
    const std::string doctype =
        "line 2: has a DOCTYPE declaration (entities and DTDs are refused; Office and "
        "OpenDocument files never have one)";
    struct Case {
        std::string name;              // written into the temp folder
        std::filesystem::path source;  // a fixture, or
        std::string bytes;             // these bytes
        std::string expected;          // after "PATH: "
    } cases[] = {
        {"truncated.docx",
         {},
         good.substr(0, good.size() * 2 / 3),
         "damaged zip archive (no end of central directory; truncated?)"},
        {"bomb.docx",
         hostile / "bomb.docx",
         {},
         "entry 'word/document.xml' expands more than 100 times its compressed size"},
        {"lying-size.docx",
         hostile / "lying-size.docx",
         {},
         "entry 'word/document.xml' expands more than 100 times its compressed size"},
        {"huge-declared.docx",
         hostile / "huge-declared.docx",
         {},
         "entry 'word/document.xml' expands past 256 MiB: refused as a possible zip bomb"},
        {"traversal.docx",
         hostile / "traversal.docx",
         {},
         "entry '../../evil.txt' has an unsafe name (it could escape its folder): refused"},
        {"xxe.docx", hostile / "xxe.docx", {}, "word/document.xml: " + doctype},
        {"billion-laughs.docx",
         hostile / "billion-laughs.docx",
         {},
         "word/document.xml: " + doctype},
        {"deep.docx",
         hostile / "deep.docx",
         {},
         "word/document.xml: line 2: elements nested more than 256 deep: refused as hostile"},
        {"no-document.docx",
         hostile / "no-document.docx",
         {},
         "not a Word document (no word/document.xml)"},
        {"xxe.odt", hostile / "xxe.odt", {}, "content.xml: " + doctype},
        {"renamed.docx",
         {},
         "Interviewer: Hello.\nT01: Hi.\n",
         "not a Word document (not a zip archive)"},
        {"renamed.odt",
         {},
         "Interviewer: Hello.\nT01: Hi.\n",
         "not an OpenDocument text (not a zip archive)"},
        {"empty.docx", {}, "", "the file is empty"},
        {"empty.odt", {}, "", "the file is empty"},
        {"workbook.docx",
         officeDir() / "responses.xlsx",
         {},
         "not a Word document (xl/workbook.xml is not a Word document body)"},
        {"spreadsheet.odt",
         {},
         makeZip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                  {"content.xml", "<x/>"}}),
         "not an OpenDocument text (its type is 'application/vnd.oasis.opendocument."
         "spreadsheet')"},
        {"encrypted.odt",
         {},
         makeZip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                  {"META-INF/manifest.xml",
                   "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:"
                   "manifest:1.0\"><manifest:file-entry manifest:full-path=\"content.xml\">"
                   "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>"},
                  {"content.xml", std::string("\x93\x11\xfe binary", 9)}}),
         "is password-protected (encrypted); save it again without a password"},
        {"no-content.odt",
         {},
         makeZip({{"mimetype", "application/vnd.oasis.opendocument.text"}}),
         "not an OpenDocument text (no content.xml)"},
        {"broken-xml.docx",
         {},
         docxWith("<w:p><w:r><w:t>open</w:r></w:p>"),
         "word/document.xml: line 2: XML error: Opening and ending tag mismatch: t line 2 and r"},
        {"blank.docx",
         {},
         docxWith("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"),
         "the file is empty"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto path = m_dir / c.name;
        writeFile(path, c.source.empty() ? c.bytes : test::readFile(c.source));
        testing::internal::CaptureStderr();
        auto report = importTranscript(*m_store, path, {});
        EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
        ASSERT_FALSE(report.isOk());
        EXPECT_EQ(report.status().code(), Status::Code::InvalidInput);
        const std::string expected = path.string() + ": " + c.expected;
        EXPECT_EQ(report.status().message().substr(0, expected.size()), expected)
            << report.status().message();
    }
    EXPECT_EQ(documentCount(), 0u);
}

// --- Excel ------------------------------------------------------------------

TEST(XlsxTest, FirstSheetWithStringsNumbersDatesAndGaps) {
    auto sheet = readXlsx(fixture("responses.xlsx"), "responses.xlsx", "");
    ASSERT_OK(sheet);
    EXPECT_EQ(sheet->name, "Responses");
    EXPECT_EQ(render(*sheet),
              "id|role||answer|date|score\n"
              "S001|teacher||More practice with real stores.|2024-11-12|3\n"
              "S002|student||实习机会太少|2024-11-13|0.5\n"
              "|||||\n"
              "S003|TRUE||Line one\nline two & more|2024-11-12T14:30:00|3\n"
              "S004|#N/A|||2024-11-14|-1.25E-3\n");
}

TEST(XlsxTest, SheetsByNameAndThe1904DateSystem) {
    std::string bytes = fixture("responses.xlsx");
    for (const char* name : {"Codes", "codes", "ＣＯＤＥＳ"}) {
        SCOPED_TRACE(name);
        auto sheet = readXlsx(bytes, "responses.xlsx", name);
        ASSERT_OK(sheet);
        EXPECT_EQ(sheet->name, "Codes");
        EXPECT_EQ(render(*sheet), "Codes|answer\n实习|实习机会太少\n");
    }
    auto mac = readXlsx(fixture("dates-1904.xlsx"), "dates-1904.xlsx", "");
    ASSERT_OK(mac);
    EXPECT_EQ(render(*mac), "date\n2024-11-12\n");
}

TEST(XlsxTest, NumbersAsWrittenAndDatesByTheirFormat) {
    // Custom formats 164.. by code; built-in ones by id.
    struct Case {
        std::string format;  // a format code, or "#14" for a built-in id
        std::string value;
        std::string shown;
    } cases[] = {
        {"#0", "3", "3"},
        {"#0", "3.0", "3"},
        {"#0", "-2.000", "-2"},
        {"#0", "0.5", "0.5"},
        {"#0", "1.5E-3", "1.5E-3"},
        {"#0", "45608", "45608"},
        {"#2", "45608", "45608"},
        {"#14", "45608", "2024-11-12"},
        {"#22", "45608.604166666664", "2024-11-12T14:30:00"},
        {"#20", "0.5", "12:00:00"},
        {"#31", "45608", "2024-11-12"},
        {"#14", "61", "1900-03-01"},
        {"#14", "1", "1900-01-01"},
        {"#14", "-1", "-1"},
        {"#14", "1e9", "1e9"},
        {"yyyy-mm-dd", "45608", "2024-11-12"},
        {"d/m/yy h:mm", "45608.75", "2024-11-12T18:00:00"},
        {"[h]:mm:ss", "0.25", "06:00:00"},
        {"yyyy\"年\"m\"月\"d\"日\"", "45608", "2024-11-12"},
        {"[$-409]mmmm d, yyyy", "45608", "2024-11-12"},
        {"0.0\" days\"", "2.5", "2.5"},
        {"#,##0;[Red]-#,##0", "45608", "45608"},
        {"\\d0", "5", "5"},
        {"_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", "45608", "45608"},
        {"General", "45608", "45608"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.format + " " + c.value);
        std::string numFmts, id;
        if (c.format.starts_with("#")) {
            id = c.format.substr(1);
        } else {
            id = "164";
            std::string code;
            for (char ch : c.format)
                code += ch == '"' ? std::string("&quot;") : std::string(1, ch);
            numFmts = "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"" + code +
                      "\"/></numFmts>";
        }
        std::string styles = numFmts + "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"" +
                             id + "\" applyNumberFormat=\"1\"/></cellXfs>";
        auto sheet =
            readXlsx(xlsxWith("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>" + c.value + "</v></c></row>",
                              "", styles),
                     "t.xlsx", "");
        ASSERT_OK(sheet);
        EXPECT_EQ(render(*sheet), c.shown + "\n");
    }
}

TEST(XlsxTest, CellsLandInTheirColumnsAndRows) {
    struct Case {
        std::string what;
        std::string sheetData;
        std::string rendered;
    } cases[] = {
        {"gaps in columns and rows",
         "<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"D2\"><v>2</v></c></row>"
         "<row r=\"4\"><c r=\"A4\"><v>3</v></c></row>",
         "|||\n|1||2\n|||\n3|||\n"},
        {"no references: one after another",
         "<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>", "1|2\n3|\n"},
        {"a reference after cells without one",
         "<row><c><v>1</v></c><c r=\"C1\"><v>3</v></c><c><v>4</v></c></row>", "1||3|4\n"},
        {"rows out of order are sorted",
         "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
         "1\n2\n"},
        {"trailing empty and styled cells add nothing",
         "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"Z1\" s=\"0\"/></row><row r=\"900\"/>", "1\n"},
        {"inline strings with runs, not phonetic runs",
         "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><t>a</t></r><r><t>b</t></r>"
         "<rPh><t>x</t></rPh></is></c></row>",
         "ab\n"},
        {"booleans, errors, formula strings, ISO dates",
         "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>0</v></c><c r=\"B1\" t=\"e\"><v>#DIV/0!</v></c>"
         "<c r=\"C1\" t=\"str\"><f>A1&amp;\"x\"</f><v>FALSEx</v></c>"
         "<c r=\"D1\" t=\"d\"><v>2024-11-12T00:00:00</v></c></row>",
         "FALSE|#DIV/0!|FALSEx|2024-11-12T00:00:00\n"},
        {"the last column Excel has", "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row>",
         std::string(16383, '|') + "1\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        auto sheet = readXlsx(xlsxWith(c.sheetData), "t.xlsx", "");
        ASSERT_OK(sheet);
        EXPECT_EQ(render(*sheet), c.rendered);
    }
}

TEST(XlsxTest, RefusesWhatItCannotReadNamingTheFile) {
    std::string shared = "<si><t>a</t></si>";
    struct Case {
        std::string what;
        std::string bytes;
        std::string sheet;
        std::string expected;
    } cases[] = {
        {"no such sheet", fixture("responses.xlsx"), "Answers",
         "r.xlsx: no sheet named 'Answers' (the workbook has 'Responses', 'Codes')"},
        {"a text file", "id,answer\n1,yes\n", "",
         "r.xlsx: not an Excel workbook (not a zip archive)"},
        {"an empty file", "", "", "r.xlsx: the file is empty"},
        {"a Word document", fixture("otter.docx"), "",
         "r.xlsx: not an Excel workbook (word/document.xml is not a workbook)"},
        {"no workbook", makeZip({{"[Content_Types].xml", "<Types/>"}}), "",
         "r.xlsx: not an Excel workbook (no xl/workbook.xml)"},
        {"a cell past the last column", xlsxWith("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"),
         "",
         "r.xlsx: xl/worksheets/sheet1.xml: line 1: cell reference 'XFE1' is outside the sheet "
         "or malformed"},
        {"a row past the last row", xlsxWith("<row r=\"1048577\"/>"), "",
         "r.xlsx: xl/worksheets/sheet1.xml: line 1: row number '1048577' is outside the sheet"},
        {"a shared string that is not there",
         xlsxWith("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>", shared), "",
         "r.xlsx: xl/worksheets/sheet1.xml: line 1: a cell refers to shared string '5', but the "
         "workbook has 1"},
        {"a sheet spanning too many cells",
         xlsxWith("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048576\"><c "
                  "r=\"XFD1048576\"><v>1</v></c></row>"),
         "",
         "r.xlsx: sheet 'Data' spans 1048576 rows by 16384 columns, more than the 10000000 cells "
         "Margin reads"},
        {"a hostile sheet part", xlsxWith("<row r=\"1\"><c r=\"A1\"><v>&xxe;</v></c></row>"), "",
         "r.xlsx: xl/worksheets/sheet1.xml: line 1: XML error: Entity 'xxe' not defined"},
        {"a zip bomb", fixture("hostile/bomb.docx"), "",
         "r.xlsx: entry 'word/document.xml' expands more than 100 times its compressed size"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        auto sheet = readXlsx(c.bytes, "r.xlsx", c.sheet);
        ASSERT_FALSE(sheet.isOk());
        EXPECT_EQ(sheet.status().code(), Status::Code::InvalidInput);
        EXPECT_EQ(sheet.status().message().substr(0, c.expected.size()), c.expected)
            << sheet.status().message();
    }
}

}  // namespace
}  // namespace margin::corpus
