// REFI-QDA end to end with the real `margin` binary: the example study
// exported to .qdpx and imported into a new project is the same project,
// offset for offset; every file written passes `xmllint --schema`; the real
// samples import; bad files are refused with a clear message and change
// nothing.
#include <sys/wait.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "codebook/codebook.h"
#include "corpus/store.h"
#include "corpus/zip.h"
#include "tests/cli/run_margin.h"

namespace margin::test {
namespace {

namespace fs = std::filesystem;

fs::path refiData() {
    return fs::path(MARGIN_TEST_DATA_DIR) / "refi";
}

// xmllint's exit status: 0 valid, 3 breaks the schema, 1 not well-formed.
int xmllint(const fs::path& schema, const fs::path& file, std::string* messages) {
    fs::path log = file.string() + ".xmllint";
    std::string command = "xmllint --noout --nonet --schema '" + schema.string() + "' '" +
                          file.string() + "' 2> '" + log.string() + "'";
    int status = std::system(command.c_str());
    *messages = readFile(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// project.qde of a .qdpx, written beside it.
fs::path extractQde(const fs::path& qdpx) {
    std::string bytes = readFile(qdpx);
    auto zip = corpus::ZipArchive::open(bytes, qdpx.string());
    EXPECT_OK(zip);
    if (!zip.isOk())
        return {};
    auto qde = (*zip)->read("project.qde");
    EXPECT_OK(qde);
    fs::path out = qdpx.string() + ".qde";
    writeFile(out, qde.isOk() ? *qde : "");
    return out;
}

// Everything a round trip must keep, read straight from a project file.
struct Snapshot {
    // name -> text, participants, turns, original file, its SHA-256
    std::map<std::string, std::tuple<std::string, std::vector<std::string>, std::int64_t,
                                     std::string, std::string>>
        documents;
    std::vector<std::pair<std::string, std::string>> attributes;  // name, type
    std::map<std::string, std::pair<std::map<std::string, std::string>, std::vector<std::string>>>
        participants;
    std::vector<std::vector<std::string>> codes;  // path, colour, fields..., guid
    std::set<std::vector<std::string>> codings;   // document, start, end, code, coder, memo, guid
    std::vector<std::string> coders;
};

Snapshot snapshot(const std::string& path) {
    Snapshot s;
    auto store = corpus::Store::open(path);
    EXPECT_OK(store);
    if (!store.isOk())
        return s;
    corpus::Store& st = **store;
    auto docs = st.documents();
    EXPECT_OK(docs);
    std::map<corpus::DocumentId, std::string> names;
    for (const auto& d : *docs) {
        names[d.id] = d.name;
        auto text = st.documentText(d.id);
        EXPECT_OK(text);
        s.documents[d.name] = {text.isOk() ? *text : "", d.participants, d.turnCount, d.sourceName,
                               d.sha256};
    }
    auto attributes = st.attributes();
    auto participants = st.participants();
    EXPECT_OK(attributes);
    EXPECT_OK(participants);
    for (const auto& a : *attributes)
        s.attributes.emplace_back(a.name, corpus::attributeTypeName(a.type));
    for (const auto& p : *participants)
        s.participants[p.name] = {p.values, p.documents};
    codebook::Codebook book(st);
    std::map<codebook::CodeId, std::string> paths;
    auto codes = book.codes();
    auto codings = book.codings();
    auto coders = book.coders();
    EXPECT_OK(codes);
    EXPECT_OK(codings);
    EXPECT_OK(coders);
    for (const auto& c : *codes) {
        paths[c.id] = c.path;
        s.codes.push_back({c.path, c.color, c.definition, c.whenToUse, c.whenNotToUse, c.example,
                           c.memo, c.guid});
    }
    for (const auto& c : *codings)
        s.codings.insert({names[c.document], std::to_string(c.start), std::to_string(c.end),
                          paths[c.code], c.coder, c.memo, c.guid});
    s.coders = *coders;
    return s;
}

class RefiTest : public ::testing::Test {
protected:
    // The example study, built once through the command line.
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        s_study = new std::string((s_dir->path() / "study.margin").string());
        s_setup = new std::string;
        // A memo and the other fields of a code travel too.
        *s_setup = buildExampleStudy(
            *s_study, {{"codes", "edit", "Predicaments", "--when-to-use", "any predicament",
                        "--example", "\"we lack teachers\"", "--memo", "check with <Ana> & Bo"}});
    }
    static void TearDownTestSuite() {
        delete s_setup;
        delete s_study;
        delete s_dir;
    }
    void SetUp() override { ASSERT_EQ(*s_setup, "") << "building the example study failed"; }

    TempDir m_dir;
    static TempDir* s_dir;
    static std::string* s_study;
    static std::string* s_setup;
};
TempDir* RefiTest::s_dir = nullptr;
std::string* RefiTest::s_study = nullptr;
std::string* RefiTest::s_setup = nullptr;

TEST_F(RefiTest, ExampleStudyRoundTripsOffsetForOffsetAndValidates) {
    const fs::path qdpx = m_dir / "study.qdpx";
    auto out = runMargin({"-p", *s_study, "export", "qdpx", qdpx.string()});
    ASSERT_EQ(out.exitCode, 0) << out.describe();

    std::string messages;
    EXPECT_EQ(xmllint(refiData() / "Project.xsd", extractQde(qdpx), &messages), 0) << messages;

    // Named as the original: the project's name is the file's.
    std::filesystem::create_directories(m_dir / "copy");
    const std::string copy = (m_dir / "copy/study.margin").string();
    auto in = runMargin({"init", copy, "--from", qdpx.string()});
    ASSERT_EQ(in.exitCode, 0) << in.describe();
    EXPECT_NE(in.out.find("18 documents, 18 participants"), std::string::npos) << in.out;
    EXPECT_NE(in.out.find("positions: code points, CRLF counted as 2 (the standard's)"),
              std::string::npos)
        << in.out;

    Snapshot a = snapshot(*s_study), b = snapshot(copy);
    EXPECT_EQ(a.documents.size(), 18u);
    EXPECT_GT(a.codings.size(), 500u);
    EXPECT_EQ(a.documents, b.documents);
    EXPECT_EQ(a.attributes, b.attributes);
    EXPECT_EQ(a.participants, b.participants);
    EXPECT_EQ(a.codes, b.codes);
    EXPECT_EQ(a.coders, b.coders);
    EXPECT_EQ(a.codings, b.codings);

    auto check = runMargin({"-p", copy, "check"});
    EXPECT_EQ(check.exitCode, 0) << check.describe();

    // Exported again: the same GUIDs, the same positions (only the export's
    // time stamps differ... and they are dates of the same objects).
    const fs::path again = m_dir / "again.qdpx";
    auto re = runMargin({"-p", copy, "export", "qdpx", again.string()});
    ASSERT_EQ(re.exitCode, 0) << re.describe();
    auto stripTimes = [](std::string xml) {
        std::string kept;
        for (std::size_t i = 0; i < xml.size();) {
            std::size_t at = xml.find("DateTime=\"", i);
            if (at == std::string::npos) {
                kept += xml.substr(i);
                break;
            }
            std::size_t end = xml.find('"', at + 10);
            kept += xml.substr(i, at - i);
            i = end + 1;
        }
        return kept;
    };
    std::istringstream one(stripTimes(readFile(extractQde(qdpx))));
    std::istringstream two(stripTimes(readFile(extractQde(again))));
    std::string x, y;
    int line = 0;
    while (std::getline(one, x)) {
        ++line;
        ASSERT_TRUE(std::getline(two, y)) << "line " << line;
        ASSERT_EQ(x, y) << "line " << line;
    }
    EXPECT_FALSE(std::getline(two, y)) << "the second export is longer";
}

TEST_F(RefiTest, CodebookExportValidatesAndImportsBack) {
    const fs::path qdc = m_dir / "codebook.qdc";
    auto out = runMargin({"-p", *s_study, "export", "qdc", qdc.string()});
    ASSERT_EQ(out.exitCode, 0) << out.describe();
    std::string messages;
    EXPECT_EQ(xmllint(refiData() / "Codebook.xsd", qdc, &messages), 0) << messages;

    const std::string fresh = (m_dir / "fresh.margin").string();
    ASSERT_EQ(runMargin({"init", fresh}).exitCode, 0);
    auto in = runMargin({"-p", fresh, "import-codebook", qdc.string()});
    ASSERT_EQ(in.exitCode, 0) << in.describe();
    EXPECT_NE(in.out.find(": 29 codes: 29 added, 0 matched, 0 renamed"), std::string::npos)
        << in.out;
    EXPECT_EQ(snapshot(fresh).codes, snapshot(*s_study).codes);
    // Again: every code is matched, nothing added.
    auto again = runMargin({"-p", fresh, "import-codebook", qdc.string()});
    EXPECT_NE(again.out.find(": 29 codes: 0 added, 29 matched"), std::string::npos) << again.out;
    // The first import is one operation (the second changed nothing): one
    // undo removes it whole.
    ASSERT_EQ(runMargin({"-p", fresh, "undo"}).exitCode, 0);
    EXPECT_TRUE(snapshot(fresh).codes.empty());
}

TEST_F(RefiTest, ExportNeverReplacesAFileWithoutForce) {
    const fs::path qdpx = m_dir / "x.qdpx";
    writeFile(qdpx, "keep me");
    auto r = runMargin({"-p", *s_study, "export", "qdpx", qdpx.string()});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find(qdpx.string()), std::string::npos) << r.err;
    EXPECT_EQ(readFile(qdpx), "keep me");
    r = runMargin({"-p", *s_study, "export", "qdpx", qdpx.string(), "--force"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(readFile(qdpx).starts_with("PK"));
    auto usage = runMargin({"-p", *s_study, "export", "xml", qdpx.string()});
    EXPECT_EQ(usage.exitCode, 2) << usage.describe();
}

TEST(RefiSamples, AtlasTiProjectImportsAsAnEmptyProjectWithItsCodes) {
    TempDir dir;
    const std::string p = (dir / "atlas.margin").string();
    auto r = runMargin({"init", p, "--from",
                        (refiData() / "samples/atlasti-23.2-target-atlas-project.qdpx").string()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("0 documents, 0 participants, 0 attributes, 2 coders, 3 codes, 0 codings"),
              std::string::npos)
        << r.out;
    Snapshot s = snapshot(p);
    ASSERT_EQ(s.codes.size(), 3u);
    EXPECT_EQ(s.codes[0][0], "Commits");
    EXPECT_EQ(s.codes[1][0], "Commits/2022-05-10T02:05:59Z 19e4dce");
    EXPECT_EQ(s.codes[0].back(), "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6");  // GUID kept
    EXPECT_EQ(s.coders, (std::vector<std::string>{"ATLAS.ti", "Enric Llagostera"}));
}

TEST(RefiSamples, SyntheticInterviewImportsItsCodingsOnTheirText) {
    TempDir dir;
    const std::string p = (dir / "synthetic.margin").string();
    auto r = runMargin(
        {"init", p, "--from", (refiData() / "samples/synthetic-interview.qdpx").string()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    Snapshot s = snapshot(p);
    ASSERT_EQ(s.documents.size(), 1u);
    const std::string& text = std::get<0>(s.documents.at("Interview 1"));
    std::map<std::string, std::string> quotes;
    for (const auto& c : s.codings) {
        auto start = std::stoll(c[1]), end = std::stoll(c[2]);
        quotes[c[3]] = std::string(*corpus::sliceChars(text, start, end));
    }
    EXPECT_EQ(quotes["Erfahrungen/Überforderung"], "chaotisch, aber schön");
    EXPECT_EQ(quotes["Erfahrungen/Unterstützung"],
              "Sehr hilfsbereit. 👍🏽 Das hat mir geholfen.");
}

TEST(RefiSamples, AtlasTiCodebookImportsWithItsSet) {
    TempDir dir;
    const std::string p = (dir / "p.margin").string();
    ASSERT_EQ(runMargin({"init", p}).exitCode, 0);
    auto r = runMargin(
        {"-p", p, "import-codebook", (refiData() / "samples/atlasti-23.4-codebook.qdc").string()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("1 codes: 1 added, 0 matched, 0 renamed"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("set 'code group 1'"), std::string::npos) << r.err;
    Snapshot s = snapshot(p);
    ASSERT_EQ(s.codes.size(), 1u);
    EXPECT_EQ(s.codes[0], (std::vector<std::string>{"code1", "#46AA00", "description", "", "", "",
                                                    "Sets: code group 1",
                                                    "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"}));
}

TEST(RefiSamples, InvalidCodebookIsRefusedAndChangesNothing) {
    TempDir dir;
    const std::string p = (dir / "p.margin").string();
    ASSERT_EQ(runMargin({"init", p}).exitCode, 0);
    const std::string bad = (refiData() / "samples/invalid-codebook.qdc").string();
    auto r = runMargin({"-p", p, "import-codebook", bad});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find(bad + ": not a valid REFI-QDA codebook: Code 'code1' has guid 'c001', "
                               "which is not a GUID"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(snapshot(p).codes.empty());
}

// The f4 project file refers to sources it does not carry: given beside it
// (in sources/), its codings land on the text, and its memo on a coded
// snippet joins that coding.
TEST(RefiSamples, F4DocumentImportsWithItsCodings) {
    TempDir dir;
    fs::copy_file(refiData() / "samples/f4-2025.2.9-valid-document.qde", dir / "f4.qde");
    std::string text;
    for (int i = 0; text.size() < 1400; ++i)
        text += "Zeile " + std::to_string(i) + ": Das ist ein Satz über Arbeit.\n";
    writeFile(dir / "sources/834517f4-6e9f-4425-9bdd-a4be2d36e7a0.txt", text);
    writeFile(dir / "sources/7b5e2e19-bae9-4450-97d0-f548e3e4ec76.txt", "Notiz zum Snippet");
    const std::string p = (dir / "f4.margin").string();
    auto r = runMargin({"init", p, "--from", (dir / "f4.qde").string()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("1 documents, 0 participants, 0 attributes, 1 coders, 1 codes, 2 codings"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.err.find("TextSource 'Interview 15mins': its text"), std::string::npos) << r.err;
    Snapshot s = snapshot(p);
    ASSERT_EQ(s.codings.size(), 2u);
    std::vector<std::vector<std::string>> codings(s.codings.begin(), s.codings.end());
    std::sort(codings.begin(), codings.end(),
              [](const auto& a, const auto& b) { return std::stoll(a[1]) < std::stoll(b[1]); });
    EXPECT_EQ(codings[0][1], "320");
    EXPECT_EQ(codings[0][2], "416");
    EXPECT_EQ(codings[0][3], "Dies ist ein Test-Code");
    EXPECT_EQ(codings[0][6], "35febc96-efd3-4431-9dd9-b818ea0198e6");
    EXPECT_EQ(codings[1][1], "995");
    EXPECT_EQ(codings[1][2], "1260");
    EXPECT_NE(codings[1][5].find("Dies ist ein Memo, angeheftet an ein Text-Snipped"),
              std::string::npos);
    EXPECT_NE(codings[1][5].find("Notiz zum Snippet"), std::string::npos);
}

// NVivo counts UTF-16 code units and CRLF as two: its selections land on
// their words, the report says so, and the project exported again is valid
// and reads back at the same code-point positions.
TEST(RefiImport, NvivoStyleExportLandsOnItsWords) {
    TempDir dir;
    // U+1F600 and U+20000 take two UTF-16 units each; lines end in CRLF.
    const std::string text =
        "Interviewer: How was it? \xF0\x9F\x98\x80\r\nP01: The \xF0\xA0\x80\x80 course was "
        "hard.\r\nInterviewer: Why?\r\nP01: No practice at all.\r\n";
    // UTF-16 positions, counted by hand: "hard" starts after
    // "Interviewer: How was it? " (25) + 😀 (2) + CRLF (2) + "P01: The " (9)
    // + 𠀀 (2) + " course was " (12) = 52; "No practice" after the second
    // line (52 + "hard." 5 + CRLF 2 = 59) + "Interviewer: Why?" (17) + CRLF (2)
    // + "P01: " (5) = 83.
    struct Selection {
        int start, end;
        const char* words;
    } selections[] = {{52, 56, "hard"}, {83, 94, "No practice"}, {25, 27, "\xF0\x9F\x98\x80"}};
    std::string qde =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" "
        "name=\"nv\" origin=\"NVivo 12 (12.6.1.970)\"><Users><User "
        "guid=\"00000000-0000-4000-8000-0000000000aa\" name=\"NV\"/></Users><CodeBook><Codes>"
        "<Code guid=\"00000000-0000-4000-8000-0000000000c1\" name=\"Difficulty\" "
        "isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource "
        "guid=\"00000000-0000-4000-8000-0000000000d1\" name=\"P01\" "
        "plainTextPath=\"internal://00000000-0000-4000-8000-0000000000d1.txt\">";
    int n = 0;
    for (const Selection& s : selections) {
        std::string id = std::to_string(++n);
        qde += "<PlainTextSelection guid=\"00000000-0000-4000-8000-00000000050" + id +
               "\" startPosition=\"" + std::to_string(s.start) + "\" endPosition=\"" +
               std::to_string(s.end) + "\"><Coding guid=\"00000000-0000-4000-8000-00000000060" +
               id +
               "\" creatingUser=\"00000000-0000-4000-8000-0000000000aa\"><CodeRef "
               "targetGUID=\"00000000-0000-4000-8000-0000000000c1\"/></Coding>"
               "</PlainTextSelection>";
    }
    qde += "</TextSource></Sources></Project>";
    auto zip = corpus::writeZip(
        {{"project.qde", qde},
         {"Sources/00000000-0000-4000-8000-0000000000d1.txt", "\xEF\xBB\xBF" + text}},
        "nv.qdpx");
    ASSERT_OK(zip);
    writeFile(dir / "nv.qdpx", *zip);

    const std::string p = (dir / "nv.margin").string();
    auto r = runMargin({"init", p, "--from", (dir / "nv.qdpx").string()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("positions: UTF-16 code units, CRLF counted as 2"), std::string::npos)
        << r.out;
    Snapshot s = snapshot(p);
    const std::string& stored = std::get<0>(s.documents.at("P01"));
    std::set<std::string> quotes;
    for (const auto& c : s.codings)
        quotes.insert(std::string(*corpus::sliceChars(stored, std::stoll(c[1]), std::stoll(c[2]))));
    EXPECT_EQ(quotes, (std::set<std::string>{"hard", "No practice", "\xF0\x9F\x98\x80"}));

    const fs::path out = dir / "out.qdpx";
    ASSERT_EQ(runMargin({"-p", p, "export", "qdpx", out.string()}).exitCode, 0);
    std::string messages;
    EXPECT_EQ(xmllint(refiData() / "Project.xsd", extractQde(out), &messages), 0) << messages;
    const std::string back = (dir / "back.margin").string();
    auto again = runMargin({"init", back, "--from", out.string()});
    ASSERT_EQ(again.exitCode, 0) << again.describe();
    EXPECT_EQ(snapshot(back).codings, s.codings);
}

TEST(RefiImport, NotWellFormedFileIsRefusedWithLineAndLeavesNoProject) {
    TempDir dir;
    writeFile(dir / "broken.qde",
              "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n"
              "<CodeBook><Codes></CodeBook>\n</Project>\n");
    const std::string p = (dir / "p.margin").string();
    auto r = runMargin({"init", p, "--from", (dir / "broken.qde").string()});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("broken.qde: line 3, column "), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(p));
}

TEST(RefiImport, DoctypeIsRefusedAndNothingIsFetched) {
    TempDir dir;
    writeFile(dir / "xxe.qdc",
              "<?xml version=\"1.0\"?>\n<!DOCTYPE CodeBook [<!ENTITY x SYSTEM "
              "\"file:///etc/passwd\">]>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
              "<Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"&x;\" "
              "isCodable=\"true\"/></Codes></CodeBook>\n");
    const std::string p = (dir / "p.margin").string();
    ASSERT_EQ(runMargin({"init", p}).exitCode, 0);
    auto r = runMargin({"-p", p, "import-codebook", (dir / "xxe.qdc").string()});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("DOCTYPE"), std::string::npos) << r.err;
    EXPECT_TRUE(snapshot(p).codes.empty());
}

}  // namespace
}  // namespace margin::test
