// REFI-QDA exchange (codebook/refi.h): positions read under each convention
// real tools use, on hand-made files where the text of every selection is
// known; the parser's refusals and warnings; export -> import -> export
// keeping every position.
#include "codebook/refi.h"

#include <map>

#include "codebook/codebook.h"
#include "corpus/store.h"
#include "corpus/text.h"
#include "corpus/zip.h"
#include "tests/test_util.h"

namespace margin::codebook::refi {
namespace {

using test::TempDir;

// --- the map from a source's text to the stored text --------------------------

TEST(NormalizeTextWithMap, MapsEveryBoundary) {
    struct Case {
        const char* input;
        const char* text;
        std::vector<std::int64_t> map;
    } cases[] = {
        {"ab", "ab", {0, 1, 2}},
        {"a\r\nb", "a\nb", {0, 1, 2, 2, 3}},  // between \r and \n: after the break
        {"a\rb", "a\nb", {0, 1, 2, 3}},
        {"\xEF\xBB\xBF"
         "ab",
         "ab",
         {0, 0, 1, 2}},                             // the BOM maps to 0
        {"e\xCC\x81x", "\xC3\xA9x", {0, 0, 1, 2}},  // e + U+0301 composes to é
        {"\xF0\x9F\x98\x80!", "\xF0\x9F\x98\x80!", {0, 1, 2}},
        {"a\xE2\x80\xA8"
         "b",
         "a\nb",
         {0, 1, 2, 3}},  // U+2028
    };
    for (const Case& c : cases) {
        corpus::NormalizedText n = corpus::normalizeTextWithMap(c.input);
        EXPECT_EQ(n.text, c.text) << c.input;
        EXPECT_EQ(n.text, corpus::normalizeText(c.input)) << c.input;
        EXPECT_EQ(n.map, c.map) << c.input;
    }
}

// --- positions as each tool counts them ---------------------------------------

// What the test knows independently of Margin: the position of byte
// `offset` of `raw` (UTF-8, without its BOM) counted as `c` counts.
std::int64_t countedPosition(std::string_view raw, std::size_t offset, const PositionConvention& c,
                             bool bom) {
    std::string prefix(raw.substr(0, offset));
    if (c.crlfAsOne)
        for (std::size_t at; (at = prefix.find("\r\n")) != std::string::npos;)
            prefix.erase(at, 1);
    std::int64_t n = 0;
    for (unsigned char ch : prefix) {
        if ((ch & 0xC0) == 0x80)
            continue;
        n += c.utf16 && ch >= 0xF0 ? 2 : 1;
    }
    return n + (c.bomCounted && bom ? 1 : 0);
}

std::string utf16le(std::string_view utf8) {
    std::string out = "\xFF\xFE";
    for (std::size_t i = 0; i < utf8.size();) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        std::uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (int k = 1; k < len; ++k)
            cp = (cp << 6) |
                 (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3F);
        i += static_cast<std::size_t>(len);
        auto unit = [&](std::uint32_t u) {
            out += static_cast<char>(u & 0xFF);
            out += static_cast<char>(u >> 8);
        };
        if (cp >= 0x10000) {
            unit(0xD800 + ((cp - 0x10000) >> 10));
            unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            unit(cp);
        }
    }
    return out;
}

// A transcript with emoji (one a ZWJ-free skin-tone pair), CJK Extension B
// characters and a letter with a combining accent (not NFC).
std::string transcript(const char* lineEnd) {
    std::string t;
    for (const char* line :
         {"Interviewer: Wie geht's? \xF0\x9F\x98\x80",
          "T01: Gut, danke. \xF0\xA0\x80\x80\xF0\xA0\x80\x81 sind selten.",
          "Interviewer: Und Cafe\xCC\x81?",
          "T01: Das Caf\xC3\xA9 ist \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD gut.", "Interviewer: Danke!"})
        t += std::string(line) + lineEnd;
    return t;
}
const char* const kTargets[] = {"Gut, danke.", "\xF0\xA0\x80\x80\xF0\xA0\x80\x81 sind selten",
                                "Cafe\xCC\x81", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD gut", "Danke!"};

std::string xmlEscape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '"')
            out += "&quot;";
        else if (c == '\r')
            out += "&#13;";
        else
            out += c;
    }
    return out;
}

const char* const kCode = "C0DE0000-0000-4000-8000-000000000001";
const char* const kUser = "05E70000-0000-4000-8000-000000000001";
const char* const kSource = "50BCE000-0000-4000-8000-000000000001";

// A project file with one source and one selection per target.
std::string qde(std::string_view raw, bool bom, const PositionConvention& c, bool names,
                const std::string& origin, const std::string& inlineText = {}) {
    std::string x =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"hand-made\" origin=\"" +
        origin + "\">\n<Users><User guid=\"" + kUser +
        "\" name=\"Ana\"/></Users>\n<CodeBook><Codes><Code guid=\"" + kCode +
        "\" name=\"Quote\" isCodable=\"true\"/></Codes></CodeBook>\n<Sources>\n"
        "<TextSource guid=\"" +
        kSource + "\" name=\"T01\"" +
        (inlineText.empty()
             ? std::string(" plainTextPath=\"internal://") + kSource + ".txt\">"
             : ">\n<PlainTextContent>" + xmlEscape(inlineText) + "</PlainTextContent>") +
        "\n";
    int n = 0;
    for (const char* target : kTargets) {
        std::size_t at = raw.find(target);
        EXPECT_NE(at, std::string::npos) << target;
        std::int64_t start = countedPosition(raw, at, c, bom);
        std::int64_t end = countedPosition(raw, at + std::string_view(target).size(), c, bom);
        char guid[40];
        std::snprintf(guid, sizeof guid, "5E1EC710-0000-4000-8000-%012d", ++n);
        char coding[40];
        std::snprintf(coding, sizeof coding, "C0D1A600-0000-4000-8000-%012d", n);
        x += std::string("<PlainTextSelection guid=\"") + guid + "\"" +
             (names ? " name=\"" + xmlEscape(target) + "\"" : "") + " startPosition=\"" +
             std::to_string(start) + "\" endPosition=\"" + std::to_string(end) +
             "\" creatingUser=\"" + kUser + "\"><Coding guid=\"" + coding + "\" creatingUser=\"" +
             kUser + "\"><CodeRef targetGUID=\"" + kCode + "\"/></Coding></PlainTextSelection>\n";
    }
    return x + "</TextSource>\n</Sources>\n</Project>\n";
}

struct Imported {
    ImportReport report;
    std::string text;
    std::vector<std::string> quotes;  // by start
    std::vector<std::pair<std::int64_t, std::int64_t>> spans;
};

Imported importInto(const TempDir& dir, const std::string& projectName,
                    const std::filesystem::path& file) {
    Imported out;
    auto store = corpus::Store::create(dir / projectName);
    EXPECT_OK(store);
    auto r = importProject(**store, file);
    EXPECT_OK(r);
    if (!r.isOk())
        return out;
    out.report = *r;
    Codebook book(**store);
    auto docs = (*store)->documents();
    if (docs->empty())
        return out;
    out.text = *(*store)->documentText(docs->front().id);
    auto codings = *book.codings();
    std::sort(codings.begin(), codings.end(),
              [](const Coding& a, const Coding& b) { return a.start < b.start; });
    for (const Coding& c : codings) {
        out.quotes.emplace_back(*corpus::sliceChars(out.text, c.start, c.end));
        out.spans.emplace_back(c.start, c.end);
    }
    return out;
}

std::filesystem::path writeQdpx(const TempDir& dir, const std::string& name,
                                const std::string& qdeText, const std::string& folder,
                                const std::string& sourceBytes) {
    std::vector<corpus::ZipEntry> entries = {{"project.qde", qdeText}};
    if (!sourceBytes.empty())
        entries.push_back({folder + "/" + kSource + ".txt", sourceBytes});
    auto zip = corpus::writeZip(entries, name);
    EXPECT_OK(zip);
    test::writeFile(dir / name, zip.isOk() ? *zip : "");
    return dir / name;
}

struct ConventionCase {
    const char* what;
    PositionConvention convention;
    bool bom, crlf, names;
    const char* origin;
    bool utf16File = false;
    bool inlineText = false;
};

TEST(RefiPositions, EachConventionPutsEverySelectionOnItsWords) {
    const PositionConvention standard{false, false, false}, nvivo{true, false, false},
        qualcoder{false, false, true}, crlfOne{false, true, false}, utf16One{true, true, false};
    const ConventionCase cases[] = {
        {"the standard, LF", standard, false, false, true, "some tool"},
        {"the standard, BOM and CRLF", standard, true, true, true, "some tool"},
        {"the standard, no names", standard, true, true, false, "some tool"},
        {"NVivo: UTF-16, CRLF as 2", nvivo, false, true, true, "NVivo 12"},
        {"NVivo without names (its habit breaks the tie)", nvivo, true, true, false, "NVivo 12"},
        {"UTF-16 named by no tool, found by the names", nvivo, true, true, true, "other"},
        {"QualCoder: the BOM counted", qualcoder, true, true, true, "QualCoder 3.5"},
        {"CRLF as 1", crlfOne, false, true, true, "other"},
        {"UTF-16, CRLF as 1", utf16One, true, true, true, "other"},
        {"a UTF-16LE file, code points", standard, true, true, true, "other", true},
        {"inline PlainTextContent", standard, false, false, true, "other", false, true},
        {"inline PlainTextContent, UTF-16", nvivo, false, true, true, "other", false, true},
    };
    for (const ConventionCase& c : cases) {
        SCOPED_TRACE(c.what);
        TempDir dir;
        const std::string raw = transcript(c.crlf ? "\r\n" : "\n");
        std::string bytes =
            c.utf16File ? utf16le(raw) : (c.bom ? std::string("\xEF\xBB\xBF") : "") + raw;
        std::string x = qde(raw, c.bom && !c.inlineText, c.convention, c.names, c.origin,
                            c.inlineText ? raw : "");
        auto file = writeQdpx(dir, "t.qdpx", x, "sources", c.inlineText ? "" : bytes);
        Imported got = importInto(dir, "p.margin", file);
        EXPECT_EQ(got.text, corpus::normalizeText(raw));
        ASSERT_EQ(got.quotes.size(), std::size(kTargets)) << got.report.positions;
        for (std::size_t i = 0; i < std::size(kTargets); ++i)
            EXPECT_EQ(got.quotes[i], corpus::normalizeText(kTargets[i])) << got.report.positions;
        EXPECT_TRUE(got.report.positions.starts_with(c.convention.describe()))
            << got.report.positions;
    }
}

TEST(RefiPositions, SourceTextMapsEachConvention) {
    // "a😀\r\nb": code points a=0 😀=1 \r=2 \n=3 b=4; UTF-16 a=0 😀=1..2 \r=3.
    SourceText t("a\xF0\x9F\x98\x80\r\nb", true);
    EXPECT_EQ(t.normalized(), "a\xF0\x9F\x98\x80\nb");
    const PositionConvention cp{false, false, false}, u16{true, false, false},
        one{false, true, false}, bom{false, false, true};
    EXPECT_EQ(t.map(4, cp), 3);
    EXPECT_EQ(t.map(5, u16), 3);
    EXPECT_EQ(t.map(2, u16), std::nullopt);  // between the surrogates
    EXPECT_EQ(t.map(3, one), 3);
    EXPECT_EQ(t.map(5, bom), 3);
    EXPECT_EQ(t.map(6, cp), std::nullopt);  // past the end
    EXPECT_EQ(t.map(-1, cp), std::nullopt);
}

// --- export -> import -> export ---------------------------------------------

TEST(RefiRoundTrip, EmojiCjkCrlfAndBomKeepEveryPosition) {
    TempDir dir;
    const std::string raw = transcript("\r\n");
    auto file = writeQdpx(dir, "in.qdpx", qde(raw, true, {true, false, false}, true, "NVivo 12"),
                          "Sources", "\xEF\xBB\xBF" + raw);
    Imported first = importInto(dir, "a.margin", file);
    ASSERT_EQ(first.quotes.size(), std::size(kTargets));

    auto a = corpus::Store::open(dir / "a.margin");
    ASSERT_OK(a);
    Codebook bookA(**a);
    auto exported = exportProject(**a, bookA, "a");
    ASSERT_OK(exported);
    test::writeFile(dir / "a.qdpx", *exported);

    // The exported source: UTF-8 without BOM, "\n" line endings, stored text.
    auto zip = corpus::ZipArchive::open(*exported, "a.qdpx");
    ASSERT_OK(zip);
    std::string source;
    for (const std::string& e : (*zip)->entries())
        if (e.starts_with("sources/"))
            source = *(*zip)->read(e);
    EXPECT_EQ(source, corpus::normalizeText(raw));

    Imported second = importInto(dir, "b.margin", dir / "a.qdpx");
    EXPECT_EQ(second.spans, first.spans);
    EXPECT_EQ(second.quotes, first.quotes);
    EXPECT_TRUE(second.report.positions.starts_with("code points, CRLF counted as 2"))
        << second.report.positions;

    auto b = corpus::Store::open(dir / "b.margin");
    ASSERT_OK(b);
    Codebook bookB(**b);
    auto again = exportProject(**b, bookB, "a");
    ASSERT_OK(again);
    auto qdeOf = [](const std::string& bytes) {
        auto z = corpus::ZipArchive::open(bytes, "x");
        EXPECT_OK(z);
        auto xml = (*z)->read("project.qde");
        EXPECT_OK(xml);
        auto parsed = parseRefiXml(*xml, "x");
        EXPECT_OK(parsed);
        return std::move(*parsed);
    };
    RefiFile one = qdeOf(*exported), two = qdeOf(*again);
    ASSERT_EQ(one.sources.size(), 1u);
    ASSERT_EQ(two.sources.size(), 1u);
    EXPECT_EQ(one.sources[0].guid, two.sources[0].guid);
    ASSERT_EQ(one.sources[0].selections.size(), two.sources[0].selections.size());
    for (std::size_t i = 0; i < one.sources[0].selections.size(); ++i) {
        const auto &x = one.sources[0].selections[i], &y = two.sources[0].selections[i];
        EXPECT_EQ(x.start, y.start);
        EXPECT_EQ(x.end, y.end);
        EXPECT_EQ(x.guid, y.guid);
        EXPECT_EQ(x.codings[0].guid, y.codings[0].guid);
    }
    EXPECT_EQ(one.codes[0].guid, kCode);  // imported GUIDs are kept
    EXPECT_EQ(one.users, two.users);
}

// --- reading files -------------------------------------------------------------

TEST(RefiParse, RefusesWhatCannotBeTrustedAndWarnsAboutTheRest) {
    struct Case {
        const char* what;
        std::string xml;
        std::string error;    // empty: read, with `warning`
        std::string warning;  // a substring of one warning
    };
    const std::string head =
        "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">";
    const std::string guid = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294";
    const Case cases[] = {
        {"not well-formed", head + "\n<Codes>\n</CodeBook>",
         "f.qdc: line 4, column 12: XML error: Opening and ending tag mismatch", ""},
        {"a DOCTYPE", "<?xml version=\"1.0\"?>\n<!DOCTYPE CodeBook>\n<CodeBook/>", "DOCTYPE", ""},
        {"not REFI", "<?xml version=\"1.0\"?><html/>", "the root element is <html>", ""},
        {"a bad GUID",
         head + "<Codes><Code guid=\"c001\" name=\"a\" isCodable=\"true\"/></Codes></CodeBook>",
         "f.qdc: not a valid REFI-QDA codebook: Code 'a' has guid 'c001', which is not a GUID", ""},
        {"a GUID twice",
         head + "<Codes><Code guid=\"" + guid + "\" name=\"a\" isCodable=\"true\"/><Code guid=\"{" +
             guid + "}\" name=\"b\" isCodable=\"true\"/></Codes></CodeBook>",
         "is used twice", ""},
        {"a dangling MemberCode",
         head + "<Codes><Code guid=\"" + guid +
             "\" name=\"a\" isCodable=\"true\"/></Codes><Sets><Set guid=\"ECA18D76-2B8B-4F26-BC1D-"
             "19ECA19FB3F0\" name=\"s\"><MemberCode guid=\"ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F1\"/>"
             "</Set></Sets></CodeBook>",
         "lists MemberCode", ""},
        {"no guid", head + "<Codes><Code name=\"a\" isCodable=\"true\"/></Codes></CodeBook>", "",
         "Code 'a' has no guid"},
        {"no isCodable",
         head + "<Codes><Code guid=\"" + guid + "\" name=\"a\"/></Codes></CodeBook>", "",
         "has no isCodable"},
        {"a named colour",
         head + "<Codes><Code guid=\"" + guid +
             "\" name=\"a\" isCodable=\"true\" color=\"red\"/>"
             "</Codes></CodeBook>",
         "", "colour 'red' is not #RRGGBB"},
        {"another namespace",
         "<?xml version=\"1.0\"?><CodeBook xmlns=\"urn:QDA-XML:codebook:0:4\"><Codes><Code "
         "guid=\"" +
             guid + "\" name=\"a\" isCodable=\"true\"/></Codes></CodeBook>",
         "", "namespace"},
        {"an unknown element",
         head + "<Codes><Code guid=\"" + guid +
             "\" name=\"a\" isCodable=\"true\"><Extra/></Code>"
             "</Codes></CodeBook>",
         "", "unknown element <Extra>"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        auto r = parseRefiXml(c.xml, "f.qdc");
        if (!c.error.empty()) {
            ASSERT_FALSE(r.isOk());
            EXPECT_NE(r.status().message().find(c.error), std::string::npos)
                << r.status().message();
            continue;
        }
        ASSERT_OK(r);
        bool found = false;
        for (const std::string& w : r->warnings)
            found = found || w.find(c.warning) != std::string::npos;
        EXPECT_TRUE(found) << ::testing::PrintToString(r->warnings);
    }
}

TEST(RefiParse, ReadsTheSamples) {
    const auto samples = std::filesystem::path(MARGIN_TEST_DATA_DIR) / "refi/samples";
    auto atlas = parseRefiXml(test::readFile(samples / "atlasti-23.4-codebook.qdc"), "a.qdc");
    ASSERT_OK(atlas);
    EXPECT_TRUE(atlas->isCodebook);
    ASSERT_EQ(atlas->codes.size(), 1u);
    EXPECT_EQ(atlas->codes[0].description, "description");
    ASSERT_EQ(atlas->sets.size(), 1u);
    EXPECT_EQ(atlas->sets[0].codes.size(), 1u);

    auto f4 = parseRefiXml(test::readFile(samples / "f4-2025.2.9-valid-document.qde"), "f4.qde");
    ASSERT_OK(f4);
    ASSERT_EQ(f4->sources.size(), 4u);
    ASSERT_EQ(f4->sources[2].selections.size(), 4u);
    EXPECT_EQ(f4->sources[2].selections[0].start, 320);
    EXPECT_EQ(f4->sources[2].selections[0].end, 416);
    EXPECT_EQ(f4->notes.size(), 3u);

    auto invalid = parseRefiXml(test::readFile(samples / "invalid-codebook.qdc"), "i.qdc");
    EXPECT_FALSE(invalid.isOk());
}

// A .qde under another name, beside Sources/ in upper case: found.
TEST(RefiImport, FindsAnyQdeAndSourcesInAnyCase) {
    TempDir dir;
    const std::string raw = transcript("\n");
    std::vector<corpus::ZipEntry> entries = {
        {"Export von X.qde", qde(raw, false, {}, true, "MAXQDA 2022")},
        {std::string("SOURCES/") + kSource + ".TXT", raw}};
    auto zip = corpus::writeZip(entries, "m.qdpx");
    ASSERT_OK(zip);
    test::writeFile(dir / "m.qdpx", *zip);
    Imported got = importInto(dir, "p.margin", dir / "m.qdpx");
    EXPECT_EQ(got.quotes.size(), std::size(kTargets));
}

// The zip is read with corpus/zip.h's limits: names that could escape their
// folder and zip bombs refuse the whole file.
TEST(RefiImport, RefusesHostileArchives) {
    const auto hostile = std::filesystem::path(MARGIN_TEST_DATA_DIR) / "formats/office/hostile";
    // 4 MiB of spaces deflate to a few KiB: a ratio far past 100.
    auto bomb = corpus::writeZip({{"project.qde", std::string(4u << 20, ' ')}}, "bomb.qdpx");
    ASSERT_OK(bomb);
    struct Case {
        std::string bytes;
        const char* message;
    } cases[] = {
        {test::readFile(hostile / "traversal.docx"), "entry '../../evil.txt' has an unsafe name"},
        {*bomb, "entry 'project.qde' expands"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.message);
        TempDir dir;
        test::writeFile(dir / "x.qdpx", c.bytes);
        auto store = corpus::Store::create(dir / "p.margin");
        ASSERT_OK(store);
        auto r = importProject(**store, dir / "x.qdpx");
        ASSERT_FALSE(r.isOk());
        EXPECT_NE(r.status().message().find(c.message), std::string::npos) << r.status().message();
    }
}

// A source given only as a Word document: its text through the importer's
// reader.
TEST(RefiImport, ReadsASourceInAFormatMarginImports) {
    TempDir dir;
    const std::string docx = test::readFile(std::filesystem::path(MARGIN_TEST_DATA_DIR) /
                                            "formats/office/features.docx");
    const std::string x = std::string(
                              "<?xml version=\"1.0\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" "
                              "name=\"w\"><Sources><TextSource guid=\"") +
                          kSource + "\" name=\"Word\" richTextPath=\"internal://" + kSource +
                          ".docx\"/></Sources></Project>";
    auto zip = corpus::writeZip(
        {{"project.qde", x}, {std::string("sources/") + kSource + ".docx", docx}}, "w.qdpx");
    ASSERT_OK(zip);
    test::writeFile(dir / "w.qdpx", *zip);
    Imported got = importInto(dir, "p.margin", dir / "w.qdpx");
    EXPECT_EQ(got.report.documents, 1);
    EXPECT_FALSE(got.text.empty());
}

TEST(RefiImport, RefusesANonEmptyProjectAndACodebook) {
    TempDir dir;
    auto store = corpus::Store::create(dir / "p.margin");
    ASSERT_OK(store);
    auto r = importProject(**store, std::filesystem::path(MARGIN_TEST_DATA_DIR) /
                                        "refi/samples/atlasti-23.4-codebook.qdc");
    ASSERT_FALSE(r.isOk());
    EXPECT_NE(r.status().message().find("is a codebook"), std::string::npos);
}

TEST(RefiExport, CodebookNeedsACode) {
    TempDir dir;
    auto store = corpus::Store::create(dir / "p.margin");
    ASSERT_OK(store);
    Codebook book(**store);
    auto empty = exportCodebook(book);
    ASSERT_FALSE(empty.isOk());
    EXPECT_NE(empty.status().message().find("no codes"), std::string::npos);
    CodeFields fields;
    fields.definition = "Was <gemeint> ist & \"so\"";
    fields.whenToUse = "immer";
    fields.memo = "zeile 1\nzeile 2";
    ASSERT_OK(book.addCode("A/B", fields));
    auto qdc = exportCodebook(book);
    ASSERT_OK(qdc);
    auto back = parseRefiXml(*qdc, "x.qdc");
    ASSERT_OK(back);
    ASSERT_EQ(back->codes.size(), 2u);
    EXPECT_EQ(back->codes[1].parent, 0);
    EXPECT_EQ(back->codes[1].description,
              "Was <gemeint> ist & \"so\"\n\nWhen to use: immer\n\nMemo: zeile 1\nzeile 2");
    EXPECT_TRUE(back->warnings.empty()) << ::testing::PrintToString(back->warnings);
}

// import-codebook merges by path: what is new is added with its GUID, what
// the project has is matched, and names Margin cannot take are renamed.
TEST(RefiCodebookImport, AddsMatchesAndRenames) {
    TempDir dir;
    auto store = corpus::Store::create(dir / "p.margin");
    ASSERT_OK(store);
    Codebook book(**store);
    CodeFields red;
    red.color = "#FF0000";
    ASSERT_OK(book.addCode("Parent/Known", red));
    test::writeFile(
        dir / "c.qdc",
        "<?xml version=\"1.0\"?><CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
        "<Code guid=\"00000000-0000-4000-8000-000000000001\" name=\"Parent\" isCodable=\"true\">"
        "<Code guid=\"00000000-0000-4000-8000-000000000002\" name=\"known\" isCodable=\"true\" "
        "color=\"#00f\"><Description>now defined</Description></Code>"
        "<Code guid=\"00000000-0000-4000-8000-000000000003\" name=\"and/or\" isCodable=\"true\"/>"
        "<Code guid=\"00000000-0000-4000-8000-000000000004\" name=\"Twice\" isCodable=\"true\"/>"
        "<Code guid=\"00000000-0000-4000-8000-000000000005\" name=\"twice\" isCodable=\"true\"/>"
        "</Code></Codes></CodeBook>");
    auto r = importCodebook(**store, book, dir / "c.qdc");
    ASSERT_OK(r);
    EXPECT_EQ(r->codes, 5);
    EXPECT_EQ(r->codesAdded, 3);
    EXPECT_EQ(r->codesMatched, 2);
    EXPECT_EQ(r->renamed, (std::vector<std::string>{"'Parent/and/or' -> 'Parent/and∕or'",
                                                    "'Parent/twice' -> 'Parent/twice (2)'"}));
    auto known = book.findCode("Parent/Known");
    ASSERT_OK(known);
    EXPECT_EQ(known->color, "#0000FF");
    EXPECT_EQ(known->definition, "now defined");
    auto slash = book.findCode("Parent/and∕or");
    ASSERT_OK(slash);
    EXPECT_EQ(slash->guid, "00000000-0000-4000-8000-000000000003");  // kept
    EXPECT_NE(known->guid, "00000000-0000-4000-8000-000000000002");  // the project's own
}

// Cases become participants, Variables typed attributes, SourceRef and
// SelectionRef document links; a Coding on a whole source codes it whole.
TEST(RefiImport, CasesVariablesAndWholeSourceCodings) {
    TempDir dir;
    const std::string x =
        "<?xml version=\"1.0\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"c\">"
        "<CodeBook><Codes><Code guid=\"00000000-0000-4000-8000-0000000000c1\" name=\"All\" "
        "isCodable=\"true\"/></Codes></CodeBook><Variables>"
        "<Variable guid=\"00000000-0000-4000-8000-0000000000a1\" name=\"age\" "
        "typeOfVariable=\"Integer\"/>"
        "<Variable guid=\"00000000-0000-4000-8000-0000000000a2\" name=\"role\" "
        "typeOfVariable=\"Text\"><Description>category</Description></Variable>"
        "<Variable guid=\"00000000-0000-4000-8000-0000000000a3\" name=\"consent\" "
        "typeOfVariable=\"Boolean\"/></Variables><Cases>"
        "<Case guid=\"00000000-0000-4000-8000-0000000000b1\" name=\"P01\">"
        "<VariableValue><VariableRef targetGUID=\"00000000-0000-4000-8000-0000000000a1\"/>"
        "<IntegerValue>34</IntegerValue></VariableValue>"
        "<VariableValue><VariableRef targetGUID=\"00000000-0000-4000-8000-0000000000a2\"/>"
        "<TextValue>teacher</TextValue></VariableValue>"
        "<VariableValue><VariableRef targetGUID=\"00000000-0000-4000-8000-0000000000a3\"/>"
        "<BooleanValue>true</BooleanValue></VariableValue>"
        "<SourceRef targetGUID=\"00000000-0000-4000-8000-0000000000d1\"/></Case>"
        "<Case guid=\"00000000-0000-4000-8000-0000000000b2\" name=\"P02\">"
        "<VariableValue><VariableRef targetGUID=\"00000000-0000-4000-8000-0000000000a1\"/>"
        "<IntegerValue>unknown</IntegerValue></VariableValue>"
        "<SelectionRef targetGUID=\"00000000-0000-4000-8000-0000000000e1\"/></Case></Cases>"
        "<Sources><TextSource guid=\"00000000-0000-4000-8000-0000000000d1\" name=\"one\">"
        "<PlainTextContent>Just one line.</PlainTextContent>"
        "<Coding guid=\"00000000-0000-4000-8000-0000000000f1\"><CodeRef "
        "targetGUID=\"00000000-0000-4000-8000-0000000000c1\"/></Coding></TextSource>"
        "<TextSource guid=\"00000000-0000-4000-8000-0000000000d2\" name=\"two\">"
        "<PlainTextContent>Another text.</PlainTextContent>"
        "<PlainTextSelection guid=\"00000000-0000-4000-8000-0000000000e1\" startPosition=\"0\" "
        "endPosition=\"7\"/></TextSource></Sources></Project>";
    test::writeFile(dir / "c.qde", x);
    auto store = corpus::Store::create(dir / "p.margin");
    ASSERT_OK(store);
    auto r = importProject(**store, dir / "c.qde");
    ASSERT_OK(r);
    EXPECT_EQ(r->documents, 2);
    EXPECT_EQ(r->participants, 2);
    EXPECT_EQ(r->codings, 1);
    bool warned = false;
    for (const std::string& w : r->warnings)
        warned = warned || w.find("'unknown' is not a number") != std::string::npos;
    EXPECT_TRUE(warned) << ::testing::PrintToString(r->warnings);

    auto attributes = (*store)->attributes();
    ASSERT_OK(attributes);
    ASSERT_EQ(attributes->size(), 3u);
    EXPECT_EQ((*attributes)[0].type, corpus::AttributeType::Number);
    EXPECT_EQ((*attributes)[1].type, corpus::AttributeType::Category);
    EXPECT_EQ((*attributes)[2].type, corpus::AttributeType::Category);
    auto people = (*store)->participants();
    ASSERT_OK(people);
    ASSERT_EQ(people->size(), 2u);
    EXPECT_EQ((*people)[0].values.at("age"), "34");
    EXPECT_EQ((*people)[0].values.at("role"), "teacher");
    EXPECT_EQ((*people)[0].documents, std::vector<std::string>{"one"});
    EXPECT_EQ((*people)[1].documents, std::vector<std::string>{"two"});  // by SelectionRef

    Codebook book(**store);
    auto codings = book.codings();
    ASSERT_OK(codings);
    ASSERT_EQ(codings->size(), 1u);
    EXPECT_EQ((*codings)[0].start, 0);
    EXPECT_EQ((*codings)[0].end, 14);  // the whole of "Just one line."
}

}  // namespace
}  // namespace margin::codebook::refi
