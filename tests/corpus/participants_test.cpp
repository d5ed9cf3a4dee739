#include "corpus/participants.h"

#include "corpus/store.h"
#include "corpus/text.h"
#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::encode;
using test::visible;

// The columns in one line: "role(category) years(number!)"; '!' marks a
// type declared in the header.
std::string columnsOf(const ParticipantTable& table) {
    std::string out;
    for (const auto& c : table.columns)
        out += (out.empty() ? "" : " ") + c.name + "(" + attributeTypeName(c.type) +
               (c.declared ? "!" : "") + ")";
    return out;
}

// The rows in one line: "2:T01{doc1;doc2}[teacher|-|5]", '-' for an empty cell.
std::string rowsOf(const ParticipantTable& table) {
    std::string out;
    for (const auto& r : table.rows) {
        out += (out.empty() ? "" : " ") + std::to_string(r.line) + ":" + r.participant + "{";
        for (std::size_t d = 0; d < r.documents.size(); ++d)
            out += (d ? ";" : "") + r.documents[d];
        out += "}[";
        for (std::size_t v = 0; v < r.values.size(); ++v)
            out += (v ? "|" : "") + r.values[v].value_or("-");
        out += "]";
    }
    return out;
}

const std::string kSheet =
    "participant,document,role,title,gender,years of industry experience\n"
    "T01,T01-interview,teacher,Maths teacher,F,5\n"
    "T02,T02-interview,teacher,\"Teacher, computing\",M,12\n"
    "T03,T03-interview,head of department,Head of science,F,0\n"
    "T04,,teacher,Design teacher,M,2.5\n";

TEST(ParticipantSheet, RealisticSheetGetsTypedColumns) {
    auto table = readParticipantSheet(kSheet, "participants.csv");
    ASSERT_OK(table);
    EXPECT_TRUE(table->hasDocumentColumn);
    EXPECT_EQ(table->source, "participants.csv");
    EXPECT_EQ(columnsOf(*table),
              "role(category) title(text) gender(category) years of industry experience(number)");
    EXPECT_EQ(rowsOf(*table),
              "2:T01{T01-interview}[teacher|Maths teacher|F|5] "
              "3:T02{T02-interview}[teacher|Teacher, computing|M|12] "
              "4:T03{T03-interview}[head of department|Head of science|F|0] "
              "5:T04{}[teacher|Design teacher|M|2.5]");
}

TEST(ParticipantSheet, ReadsSheetsAsWritten) {
    struct Case {
        std::string label, sheet, columns, rows;
    } cases[] = {
        {"declared types override inference",
         "participant,years:number,role:category,grade:text\nT01,5,teacher,7\nT02,,head,8\n",
         "years(number!) role(category!) grade(text!)", "2:T01{}[5|teacher|7] 3:T02{}[-|head|8]"},
        {"type names are case-insensitive, with aliases",
         "participant,Years:Number,Role : Categorical,Note:TEXT\nT01,5,a,b\n",
         "Years(number!) Role(category!) Note(text!)", "2:T01{}[5|a|b]"},
        {"a colon that is not a type stays in the name",
         "participant,Time (hh:mm),Ratio 1:2\nT01,10:30,3\n",
         "Time (hh:mm)(text) Ratio 1:2(number)", "2:T01{}[10:30|3]"},
        {"fixed columns in any case and order", "Role,DOCUMENT,Participant\nteacher,T01-a,T01\n",
         "Role(text)", "2:T01{T01-a}[teacher]"},
        {"'documents' is the document column too", "participant,documents\nT01,a;b\n", "",
         "2:T01{a;b}[]"},
        {"documents split by ';' and '；', trimmed, repeats dropped",
         "participant,document\nT01, a ; b;;a ；c；\nT02,\n", "", "2:T01{a;b;c}[] 3:T02{}[]"},
        {"numbers: signs, decimals, exponents, spaces",
         "participant,n\nT01,+3\nT02,-2.5\nT03, 1e3 \nT04,\n", "n(number)",
         "2:T01{}[+3] 3:T02{}[-2.5] 4:T03{}[1e3] 5:T04{}[-]"},
        {"not numbers: decimal comma, units, infinity",
         "participant,a,b,c\nT01,\"2,5\",5 years,inf\nT02,3,4,5\n", "a(text) b(text) c(text)",
         "2:T01{}[2,5|5 years|inf] 3:T02{}[3|4|5]"},
        {"few repeated values are a category, all distinct is text",
         "participant,school,name\nT01,North,Ann\nT02,South,Bo\nT03,North,Cy\n",
         "school(category) name(text)", "2:T01{}[North|Ann] 3:T02{}[South|Bo] 4:T03{}[North|Cy]"},
        {"an empty column is text", "participant,note\nT01,\nT02,\n", "note(text)",
         "2:T01{}[-] 3:T02{}[-]"},
        {"cells are trimmed", "participant , role \n T01 , teacher \n", "role(text)",
         "2:T01{}[teacher]"},
        {"trailing empty columns and empty rows from a spreadsheet are ignored",
         "participant,role,,\nT01,teacher,,\n,,,\nT02,teacher,,\n , ,,\n", "role(category)",
         "2:T01{}[teacher] 4:T02{}[teacher]"},
        {"line numbers count line breaks inside quoted cells",
         "participant,note\nT01,\"two\nlines\"\nT02,x\n", "note(text)",
         "2:T01{}[two\nlines] 4:T02{}[x]"},
        {"header only", "participant,role\n", "role(text)", ""},
        {"CRLF, BOM and NFC", "\xEF\xBB\xBFparticipant,name\r\nT01,Ame\xCC\x81lie\r\n",
         "name(text)", "2:T01{}[Amélie]"},
        {"Chinese values", "participant,角色\nT01,教师\nT02,教师\nT03,教研员\n", "角色(category)",
         "2:T01{}[教师] 3:T02{}[教师] 4:T03{}[教研员]"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + ": " + visible(c.sheet));
        auto table = readParticipantSheet(c.sheet, "p.csv");
        ASSERT_OK(table);
        EXPECT_EQ(columnsOf(*table), c.columns);
        EXPECT_EQ(rowsOf(*table), c.rows);
    }
}

TEST(ParticipantSheet, BadSheetsAreRefusedWithSheetAndLine) {
    struct Case {
        std::string label, sheet, expected;
    } cases[] = {
        {"unknown type", "participant,years:numbr\nT01,5\n",
         "p.csv: line 1: column 'years:numbr': unknown type 'numbr' (use text, number or "
         "category)"},
        {"no participant column, columns listed", "name,role,years\nT01,teacher,5\n",
         "p.csv: line 1: no 'participant' column (the columns are 'name', 'role', 'years')"},
        {"semicolon-separated sheet (Excel in French or German)", "participant;role\nT01;teacher\n",
         "seem separated by ';'"},
        {"tab-separated sheet", "participant\trole\nT01\tteacher\n", "seem separated by 'tab'"},
        {"duplicate header", "participant,role,Role\nT01,a,b\n",
         "p.csv: line 1: column 'Role' appears twice (as 'role')"},
        {"duplicate header, one declared", "participant,role:category,role\nT01,a,b\n",
         "p.csv: line 1: column 'role' appears twice"},
        {"two participant columns", "participant,Participant\nT01,T02\n",
         "column 'Participant' appears twice"},
        {"document and documents", "participant,document,Documents\nT01,a,b\n",
         "p.csv: line 1: column 'Documents' appears twice (as 'document')"},
        {"type on the participant column", "participant:text,role\nT01,a\n",
         "p.csv: line 1: column 'participant' cannot have a type"},
        {"unnamed column with values", "participant,,role\nT01,,a\nT02,x,b\n",
         "p.csv: line 1: column 2 has no name but holds values (line 3)"},
        {"empty participant cell", "participant,role\nT01,a\n,b\n",
         "p.csv: line 3: the participant cell is empty"},
        {"empty participant cell after a multi-line cell",
         "participant,note\nT01,\"a\nb\nc\"\n  ,d\n",
         "p.csv: line 5: the participant cell is empty"},
        {"participant twice", "participant,role\nT01,a\nT02,b\nt01,c\n",
         "p.csv: line 4: participant 't01' appears twice (first on line 2)"},
        {"declared number that is not one", "participant,years:number\nT01,5\nT02,five\n",
         "p.csv: line 3: column 'years': 'five' is not a number"},
        {"ragged row", "participant,role\nT01,a,b\n",
         "p.csv: line 2: 3 fields, but the header has 2"},
        {"unterminated quote", "participant,role\nT01,\"a\n",
         "p.csv: line 2: quoted field is never closed"},
        {"empty file", "", "p.csv: the file is empty"},
        {"only a BOM", "\xEF\xBB\xBF", "p.csv: the file is empty"},
        {"only blank lines", "\r\n\r\n", "p.csv: the file is empty"},
        {"binary", std::string("PK\x03\x04\x14\x00\x06\x00", 8), "p.csv: binary file"},
        {"damaged UTF-8", "participant,role\nT01,caf\xC3\xA9 \xC3\xA9l\xE8ve\n",
         "p.csv: not valid UTF-8"},
        {"undetectable encoding: a Big5 sheet too short to tell",
         encode("participant,角色\nT01,教師\nT02,學生\n", "Big5"),
         "name the encoding with --encoding (for example GBK, Big5, Shift_JIS or windows-1252); "
         "or save the sheet from Excel as \"CSV UTF-8\""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + ": " + visible(c.sheet));
        auto table = readParticipantSheet(c.sheet, "p.csv");
        ASSERT_FALSE(table.isOk()) << columnsOf(*table) << " / " << rowsOf(*table);
        EXPECT_EQ(table.status().code(), Status::Code::InvalidInput);
        EXPECT_NE(table.status().message().find(c.expected), std::string::npos)
            << table.status().message();
    }
}

TEST(ParticipantSheet, SheetsFromExcelAreRead) {
    struct Case {
        std::string label, bytes, columns, rows;
    } cases[] = {
        {"Excel 'CSV UTF-8': BOM, CRLF, quoted cells, a trailing empty row",
         test::readFile(test::dataDir() / "sheets/participants-excel-utf8-bom.csv"),
         "role(category) title(text) gender(category) years of industry experience(number)",
         "2:T01{T01-interview}[teacher|Maths teacher|F|5] "
         "3:T02{T02-interview}[teacher|Teacher, computing|M|12] "
         "4:T03{T03-interview;T03-follow-up}[head of department|Head of science|F|0] "
         "5:T04{}[teacher|Design & technology teacher, \"DT\"|M|20]"},
        {"Excel on Chinese Windows: GBK, CRLF",
         test::readFile(test::dataDir() / "sheets/participants-gbk.csv"),
         "角色(category) 职称(category) 性别(category) 行业经验年数(number) 学校(category)",
         "2:T01{T01-访谈}[教师|一级教师|女|5|北京市第一中学] "
         "3:T02{T02-访谈}[教师|高级教师|男|12|上海市实验学校] "
         "4:T03{T03-访谈;T03-回访}[教研员|高级教师|女|0|北京市第一中学] "
         "5:T04{T04-访谈}[教师|二级教师|男|3|广州市育才中学]"},
        {"the same sheet as UTF-16 with BOM",
         "\xFF\xFE" + encode(test::readFile(test::dataDir() / "sheets/participants-gbk.utf8.csv"),
                             "UTF-16LE"),
         "角色(category) 职称(category) 性别(category) 行业经验年数(number) 学校(category)",
         "2:T01{T01-访谈}[教师|一级教师|女|5|北京市第一中学] "
         "3:T02{T02-访谈}[教师|高级教师|男|12|上海市实验学校] "
         "4:T03{T03-访谈;T03-回访}[教研员|高级教师|女|0|北京市第一中学] "
         "5:T04{T04-访谈}[教师|二级教师|男|3|广州市育才中学]"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label);
        ASSERT_FALSE(c.bytes.empty()) << "missing test data";
        auto table = readParticipantSheet(c.bytes, "participants.csv");
        ASSERT_OK(table);
        EXPECT_EQ(columnsOf(*table), c.columns);
        EXPECT_EQ(rowsOf(*table), c.rows);
    }
}

TEST(ParticipantSheet, NamedEncodingIsUsed) {
    struct Case {
        std::string encoding, sheet;
        bool detectable;  // ICU alone tells the encoding
    } cases[] = {
        {"GBK", "participant,角色\nT01,教师\nT02,学生\n", true},
        {"Big5", "participant,角色\nT01,教師\nT02,學生\n", false},
        {"Shift_JIS", "participant,役割\nT01,教師\nT02,学生\n", false},
        {"windows-1252", "participant,rôle\nT01,élève\nT02,maître\n", true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("--encoding " + c.encoding + ": " + visible(c.sheet));
        const std::string bytes = encode(c.sheet, c.encoding.c_str());
        auto expected = readParticipantSheet(c.sheet, "p.csv");
        ASSERT_OK(expected);
        auto detected = readParticipantSheet(bytes, "p.csv");
        EXPECT_EQ(detected.isOk(), c.detectable);
        if (detected.isOk()) {
            EXPECT_EQ(rowsOf(*detected), rowsOf(*expected));
        }
        auto named = readParticipantSheet(bytes, "p.csv", c.encoding);
        ASSERT_OK(named);
        EXPECT_EQ(columnsOf(*named), columnsOf(*expected));
        EXPECT_EQ(rowsOf(*named), rowsOf(*expected));
    }
}

TEST(ParticipantSheet, HugeSheetIsRead) {
    std::string sheet = "participant,document,school,years:number,note\n";
    const int rows = 50000;
    for (int r = 0; r < rows; ++r)
        sheet += "P" + std::to_string(r) + ",P" + std::to_string(r) + "-interview,school " +
                 std::to_string(r % 7) + "," + std::to_string(r % 40) +
                 ",\"a note, with a comma\"\n";
    auto table = readParticipantSheet(sheet, "big.csv");
    ASSERT_OK(table);
    ASSERT_EQ(table->rows.size(), static_cast<std::size_t>(rows));
    EXPECT_EQ(columnsOf(*table), "school(category) years(number!) note(category)");
    EXPECT_EQ(table->rows.back().participant, "P49999");
    EXPECT_EQ(table->rows.back().line, rows + 1);
}

// --- Through a real project ------------------------------------------------------

class ParticipantImport : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = Store::create(m_dir / "study.margin");
        ASSERT_OK(store);
        m_store = std::move(store).value();
    }

    // A one-to-one interview whose participant is `placeholder` (as the
    // importer names it from the file name) and whose second turn is theirs.
    void addInterview(const std::string& name, const std::string& placeholder) {
        const std::string first = "Interviewer: How did you start teaching?";
        const std::string second = placeholder + ": By accident, really.";
        NewDocument doc;
        doc.name = name;
        doc.text = first + "\n" + second + "\n";
        doc.sourceName = name + ".txt";
        doc.sourceFormat = "txt";
        doc.sourceEncoding = "UTF-8";
        doc.sha256 = std::string(64, 'a' + static_cast<char>(m_documents++));
        doc.participants = {placeholder};
        const auto firstLength = static_cast<CharPos>(first.size());
        doc.turns.push_back({0, firstLength, "Interviewer", SpeakerKind::Interviewer, {}, {}});
        doc.turns.push_back({firstLength + 1,
                             firstLength + 1 + static_cast<CharPos>(second.size()),
                             placeholder,
                             SpeakerKind::Participant,
                             placeholder,
                             {}});
        ASSERT_OK(m_store->addDocument(doc));
    }

    Result<ParticipantImportReport> importSheet(const std::string& sheet,
                                                const std::string& source = "participants.csv") {
        auto table = readParticipantSheet(sheet, source);
        if (!table.isOk())
            return table.status();
        return m_store->importParticipants(*table);
    }

    // Everything a user sees of the participants, in one string:
    // "T01{doc}[role=teacher,years=5] T02{}[]", then the attributes and types.
    std::string snapshot() {
        std::string out;
        auto people = m_store->participants();
        EXPECT_OK(people);
        if (!people.isOk())
            return "";
        for (const Participant& p : *people) {
            out += (out.empty() ? "" : " ") + p.name + "{";
            for (std::size_t d = 0; d < p.documents.size(); ++d)
                out += (d ? ";" : "") + p.documents[d];
            out += "}[";
            bool first = true;
            for (const auto& [name, value] : p.values) {
                out += (first ? "" : ",") + name + "=" + value;
                first = false;
            }
            out += "]";
        }
        auto attributes = m_store->attributes();
        EXPECT_OK(attributes);
        if (attributes.isOk()) {
            out += " /";
            for (const Attribute& a : *attributes)
                out += " " + a.name + ":" + attributeTypeName(a.type);
        }
        return out;
    }

    // "Interviewer:- T07:T07", the speaker and participant of each turn.
    std::string turnsOf(const std::string& document) {
        auto doc = m_store->findDocument(document);
        EXPECT_OK(doc);
        if (!doc.isOk())
            return "";
        auto turns = m_store->turns(doc->id);
        EXPECT_OK(turns);
        std::string out;
        for (const Turn& t : *turns)
            out += (out.empty() ? "" : " ") + t.speaker + ":" + t.participant.value_or("-");
        return out;
    }

    test::TempDir m_dir;
    std::unique_ptr<Store> m_store;
    int m_documents = 0;
};

TEST_F(ParticipantImport, ValuesAreStoredAndListed) {
    addInterview("T01-interview", "T01");
    addInterview("T02-interview", "T02");
    addInterview("T03-interview", "T03");
    auto report = importSheet(kSheet);
    ASSERT_OK(report);
    EXPECT_EQ(report->participantsAdded, 1);  // T04; the others came with their interviews
    EXPECT_EQ(report->participantsUpdated, 3);
    EXPECT_EQ(report->attributesAdded, 4);
    EXPECT_EQ(snapshot(),
              "T01{T01-interview}[gender=F,role=teacher,title=Maths teacher,years of industry "
              "experience=5] "
              "T02{T02-interview}[gender=M,role=teacher,title=Teacher, computing,years of "
              "industry experience=12] "
              "T03{T03-interview}[gender=F,role=head of department,title=Head of science,years "
              "of industry experience=0] "
              "T04{}[gender=M,role=teacher,title=Design teacher,years of industry experience=2.5]"
              " / role:category title:text gender:category years of industry experience:number");
}

TEST_F(ParticipantImport, ReimportUpdatesValues) {
    ASSERT_OK(importSheet("participant,role,years\nT01,teacher,5\nT02,teacher,12\n"));
    auto report = importSheet(
        "participant,role,years,school\nT01,head,6,North\nT02,teacher,,South\nT03,teacher,1,"
        "North\n");
    ASSERT_OK(report);
    EXPECT_EQ(report->participantsAdded, 1);
    EXPECT_EQ(report->participantsUpdated, 2);
    EXPECT_EQ(report->attributesAdded, 1);
    // T02's emptied cell removes the value; types stay as first imported.
    EXPECT_EQ(snapshot(),
              "T01{}[role=head,school=North,years=6] T02{}[role=teacher,school=South] "
              "T03{}[role=teacher,school=North,years=1] / role:category years:number "
              "school:category");
}

TEST_F(ParticipantImport, NonNumberForANumberAttributeChangesNothing) {
    addInterview("T01-interview", "T01");
    ASSERT_OK(importSheet("participant,document,years\nT01,T01-interview,5\nT02,,12\n"));
    const std::string before = snapshot();
    struct Case {
        std::string label, sheet;
        std::vector<std::string> expected;
    } cases[] = {
        {"declared number",
         "participant,years:number\nT01,6\nT02,twelve\n",
         {"participants.csv", "line 3", "column 'years'", "'twelve' is not a number"}},
        // Caught by the store: the sheet declares nothing (the column reads as
        // text), so its cells must fit the project's number attribute.
        {"undeclared column, existing number attribute",
         "participant,years,role\nT01,6,teacher\nT02,twelve,teacher\n",
         {"participants.csv: line 3, column 'years': 'twelve' is not a number"}},
        {"declared text over an existing number",
         "participant,years:text\nT01,6\n",
         {"participants.csv: column 'years' is declared text but the project's attribute is "
          "number"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + ": " + visible(c.sheet));
        auto report = importSheet(c.sheet);
        ASSERT_FALSE(report.isOk());
        EXPECT_EQ(report.status().code(), Status::Code::InvalidInput);
        for (const std::string& e : c.expected)
            EXPECT_NE(report.status().message().find(e), std::string::npos)
                << "expected '" << e << "' in: " << report.status().message();
        EXPECT_EQ(snapshot(), before);
    }
}

TEST_F(ParticipantImport, UnknownDocumentChangesNothing) {
    addInterview("T01-interview", "T01");
    ASSERT_OK(importSheet("participant,role\nT01,teacher\n"));
    const std::string before = snapshot();
    auto report = importSheet(
        "participant,document,role,school\nT01,T01-interview,head,North\nT02,T02-intervew,"
        "teacher,South\n");
    ASSERT_FALSE(report.isOk());
    EXPECT_EQ(report.status().code(), Status::Code::InvalidInput);
    const std::string message = report.status().message();
    EXPECT_NE(message.find("participants.csv: line 3"), std::string::npos) << message;
    EXPECT_NE(message.find("T02-intervew"), std::string::npos) << message;
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(turnsOf("T01-interview"), "Interviewer:- T01:T01");
}

TEST_F(ParticipantImport, DuplicateParticipantChangesNothing) {
    ASSERT_OK(importSheet("participant,role\nT01,teacher\n"));
    const std::string before = snapshot();
    // The sheet reader catches it, naming both lines...
    auto report = importSheet("participant,role\nT01,head\nT02,teacher\nT01,teacher\n");
    ASSERT_FALSE(report.isOk());
    EXPECT_NE(report.status().message().find("line 4: participant 'T01' appears twice (first on "
                                             "line 2)"),
              std::string::npos)
        << report.status().message();
    EXPECT_EQ(snapshot(), before);

    // ...and so does the store, for a table built some other way.
    ParticipantTable table;
    table.source = "built.csv";
    table.columns.push_back({"role", AttributeType::Category, false});
    table.rows.push_back({2, "T05", {std::string("head")}, {}});
    table.rows.push_back({3, "T05", {std::string("teacher")}, {}});
    auto direct = m_store->importParticipants(table);
    ASSERT_FALSE(direct.isOk());
    EXPECT_EQ(direct.status().code(), Status::Code::InvalidInput);
    EXPECT_NE(direct.status().message().find("built.csv: line 3"), std::string::npos)
        << direct.status().message();
    EXPECT_NE(direct.status().message().find("'T05' appears twice"), std::string::npos)
        << direct.status().message();
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ParticipantImport, DocumentColumnRelinksFromFileNamePlaceholder) {
    // "wang-2024-03.txt" gave no participant code, so the importer used the
    // file name; the sheet says the interview is T07's.
    addInterview("wang-2024-03", "wang-2024-03");
    addInterview("T01-interview", "T01");
    EXPECT_EQ(turnsOf("wang-2024-03"), "Interviewer:- wang-2024-03:wang-2024-03");

    auto report = importSheet(
        "participant,document,role\nT07,wang-2024-03,teacher\nT01,T01-interview,head\n");
    ASSERT_OK(report);
    EXPECT_EQ(report->placeholdersRemoved, 1);
    EXPECT_EQ(report->linksSet, 2);
    EXPECT_EQ(turnsOf("wang-2024-03"), "Interviewer:- wang-2024-03:T07");
    EXPECT_EQ(turnsOf("T01-interview"), "Interviewer:- T01:T01");
    EXPECT_EQ(snapshot(),
              "T01{T01-interview}[role=head] T07{wang-2024-03}[role=teacher] / role:text");
    auto doc = m_store->findDocument("wang-2024-03");
    ASSERT_OK(doc);
    EXPECT_EQ(doc->participants, std::vector<std::string>{"T07"});
}

TEST_F(ParticipantImport, GbkSheetFromChineseExcelImports) {
    addInterview("T01-访谈", "T01");
    addInterview("T03-访谈", "T03");
    addInterview("T03-回访", "T03");
    // T02's and T04's interviews are not in this project yet.
    std::string sheet = test::readFile(test::dataDir() / "sheets/participants-gbk.utf8.csv");
    sheet = sheet.substr(0, sheet.find("T02,")) + sheet.substr(sheet.find("T03,"));
    sheet = sheet.substr(0, sheet.find("T04,"));
    auto report = importSheet(encode(sheet, "GBK"));
    ASSERT_OK(report);
    EXPECT_EQ(snapshot(),
              "T01{T01-访谈}[学校=北京市第一中学,性别=女,职称=一级教师,行业经验年数=5,角色=教师] "
              "T03{T03-回访;T03-访谈}[学校=北京市第一中学,性别=女,职称=高级教师,行业经验年数=0,"
              "角色=教研员] / 角色:text 职称:text 性别:category 行业经验年数:number "
              "学校:category");
}

}  // namespace
}  // namespace margin::corpus
