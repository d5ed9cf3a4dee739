// The project store: creating, opening, refusing what is not ours, keeping
// every mutation whole, and noticing damage.
#include "corpus/store.h"

#include <sqlite3.h>

#include "corpus/sha256.h"
#include "corpus/text.h"
#include "tests/test_util.h"

namespace margin::corpus {
namespace {

using test::TempDir;

// Raw SQL on a project file, to make old, new or damaged projects.
void rawSql(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
}

NewDocument interview(const std::string& name, const std::string& participant) {
    NewDocument doc;
    doc.name = name;
    doc.text = "Interviewer: How did it go?\n" + participant + ": Fine \U0001F600, thanks.\n";
    doc.sourceName = name + ".txt";
    doc.sourceFormat = "txt";
    doc.sourceEncoding = "UTF-8";
    doc.sha256 = sha256Hex(doc.text);
    doc.participants = {participant};
    doc.turns = {{13, 27, "Interviewer", SpeakerKind::Interviewer, std::nullopt, 1000},
                 {static_cast<CharPos>(30 + participant.size()),
                  static_cast<CharPos>(30 + participant.size() + 15), participant,
                  SpeakerKind::Participant, participant, std::nullopt}};
    return doc;
}

std::unique_ptr<Store> makeStore(const std::filesystem::path& path) {
    auto store = Store::create(path);
    EXPECT_OK(store);
    return store.isOk() ? std::move(store).value() : nullptr;
}

TEST(StoreTest, CreatesAProjectInWalModeAtTheLatestSchema) {
    TempDir dir;
    auto store = makeStore(dir / "study.margin");
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schemaVersion(), Store::latestSchemaVersion());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "study.margin").string().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, nullptr);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

TEST(StoreTest, RefusesToCreateOverAnExistingFile) {
    TempDir dir;
    test::writeFile(dir / "notes.margin", "precious");
    auto store = Store::create(dir / "notes.margin");
    ASSERT_FALSE(store.isOk());
    EXPECT_EQ(store.status().code(), Status::Code::AlreadyExists);
    EXPECT_EQ(test::readFile(dir / "notes.margin"), "precious");
}

TEST(StoreTest, RefusesWhatIsNotAMarginProject) {
    TempDir dir;
    test::writeFile(dir / "text.margin", "Interviewer: this is a transcript, not a project\n");
    test::writeFile(dir / "empty.margin", "");
    rawSql(dir / "other.sqlite", "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    std::filesystem::create_directories(dir / "folder.margin");
    struct Case {
        std::string file;
        Status::Code code;
        std::string words;
    } cases[] = {
        {"missing.margin", Status::Code::NotFound, "no such project"},
        {"text.margin", Status::Code::NotAProject, "not a Margin project"},
        {"empty.margin", Status::Code::NotAProject, "not a Margin project"},
        {"other.sqlite", Status::Code::NotAProject, "another program"},
        {"folder.margin", Status::Code::NotAProject, "is a directory"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        bool isFile = std::filesystem::is_regular_file(dir / c.file);
        std::string before = isFile ? test::readFile(dir / c.file) : "";
        auto store = Store::open(dir / c.file);
        ASSERT_FALSE(store.isOk());
        EXPECT_EQ(store.status().code(), c.code);
        EXPECT_NE(store.status().message().find(c.file), std::string::npos)
            << store.status().message();
        EXPECT_NE(store.status().message().find(c.words), std::string::npos)
            << store.status().message();
        if (isFile) {
            EXPECT_EQ(test::readFile(dir / c.file), before) << "the file was changed";
        }
    }
}

TEST(StoreTest, RefusesAProjectFromANewerSchemaWithoutTouchingIt) {
    TempDir dir;
    {
        auto store = makeStore(dir / "new.margin");
        ASSERT_OK(store->addDocument(interview("T01", "T01")));
    }
    rawSql(dir / "new.margin",
           "PRAGMA user_version = " + std::to_string(Store::latestSchemaVersion() + 1));
    std::string before = sha256Hex(test::readFile(dir / "new.margin"));
    auto store = Store::open(dir / "new.margin");
    ASSERT_FALSE(store.isOk());
    EXPECT_EQ(store.status().code(), Status::Code::TooNew);
    EXPECT_NE(store.status().message().find("newer version of Margin"), std::string::npos);
    EXPECT_EQ(sha256Hex(test::readFile(dir / "new.margin")), before);
}

// Every released schema version opens, migrates to the latest and is sound.
TEST(StoreTest, MigratesEveryOlderSchemaVersion) {
    for (int version = 1; version <= Store::latestSchemaVersion(); ++version) {
        SCOPED_TRACE("from schema " + std::to_string(version));
        TempDir dir;
        {
            auto old = Store::createAtVersion(dir / "old.margin", version);
            ASSERT_OK(old);
            EXPECT_EQ((*old)->schemaVersion(), version);
        }
        auto store = Store::open(dir / "old.margin");
        ASSERT_OK(store);
        EXPECT_EQ((*store)->schemaVersion(), Store::latestSchemaVersion());
        ASSERT_OK((*store)->addDocument(interview("T01", "T01")));
        auto problems = (*store)->check();
        ASSERT_OK(problems);
        EXPECT_TRUE(problems->empty());
    }
}

TEST(StoreTest, AddsADocumentWithTurnsAndParticipants) {
    TempDir dir;
    auto store = makeStore(dir / "p.margin");
    auto id = store->addDocument(interview("T01", "T01"));
    ASSERT_OK(id);
    auto docs = store->documents();
    ASSERT_OK(docs);
    ASSERT_EQ(docs->size(), 1u);
    const DocumentInfo& d = docs->front();
    EXPECT_EQ(d.name, "T01");
    EXPECT_EQ(d.turnCount, 2);
    EXPECT_EQ(d.participants, std::vector<std::string>{"T01"});
    EXPECT_EQ(d.length, codePointCount(interview("T01", "T01").text));
    EXPECT_EQ(d.importedAt.size(), 20u);  // 2026-11-26T22:19:05Z

    auto byId = store->findDocument(std::to_string(*id));
    ASSERT_OK(byId);
    EXPECT_EQ(byId->name, "T01");
    auto missing = store->findDocument("T99");
    ASSERT_FALSE(missing.isOk());
    EXPECT_EQ(missing.status().code(), Status::Code::NotFound);
    EXPECT_NE(missing.status().message().find("T99"), std::string::npos);

    auto turns = store->turns(*id);
    ASSERT_OK(turns);
    ASSERT_EQ(turns->size(), 2u);
    EXPECT_EQ((*turns)[0].kind, SpeakerKind::Interviewer);
    EXPECT_EQ((*turns)[0].timestampMs, 1000);
    EXPECT_EQ((*turns)[0].participant, std::nullopt);
    EXPECT_EQ((*turns)[1].participant, "T01");
    auto text = store->documentText(*id);
    ASSERT_OK(text);
    EXPECT_EQ(sliceChars(*text, (*turns)[1].start, (*turns)[1].end), "Fine \U0001F600, thanks.");
}

TEST(StoreTest, AFailedAddChangesNothing) {
    TempDir dir;
    auto store = makeStore(dir / "p.margin");
    ASSERT_OK(store->addDocument(interview("T01", "T01")));

    NewDocument sameName = interview("T01", "NEWPERSON");
    sameName.sha256 = sha256Hex("other bytes");
    auto dup = store->addDocument(sameName);
    ASSERT_FALSE(dup.isOk());
    EXPECT_EQ(dup.status().code(), Status::Code::AlreadyExists);

    NewDocument outside = interview("T02", "NEWPERSON");
    outside.turns.back().end = 10000;
    EXPECT_FALSE(store->addDocument(outside).isOk());

    NewDocument overlapping = interview("T03", "NEWPERSON");
    overlapping.turns.back().start = overlapping.turns.front().start + 1;
    EXPECT_FALSE(store->addDocument(overlapping).isOk());

    auto docs = store->documents();
    ASSERT_OK(docs);
    EXPECT_EQ(docs->size(), 1u);
    auto people = store->participants();
    ASSERT_OK(people);
    ASSERT_EQ(people->size(), 1u) << "a participant of a failed import was left behind";
    EXPECT_EQ(people->front().name, "T01");
}

TEST(StoreTest, CheckFindsBrokenInvariants) {
    TempDir dir;
    {
        auto store = makeStore(dir / "p.margin");
        ASSERT_OK(store->addDocument(interview("T01", "T01")));
        ASSERT_OK(store->addDocument(interview("T02", "T02")));
        auto problems = store->check();
        ASSERT_OK(problems);
        EXPECT_TRUE(problems->empty());
    }
    struct Case {
        std::string damage;
        std::string expected;
    } cases[] = {
        {"UPDATE turns SET \"end\" = 5000 WHERE id = 2", "outside the text"},
        {"UPDATE turns SET start = 20 WHERE id = 2", "overlaps"},
        {"UPDATE documents SET length = 3 WHERE name = 'T02'", "stored length"},
        {"UPDATE documents SET text = 'e' || char(769) WHERE name = 'T02'", "not normalised"},
        {"UPDATE documents SET text = 'a' || char(13) || char(10) WHERE name = 'T02'",
         "not normalised"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.damage);
        TempDir copy;
        std::filesystem::copy_file(dir / "p.margin", copy / "p.margin");
        rawSql(copy / "p.margin", c.damage);
        auto store = Store::open(copy / "p.margin");
        ASSERT_OK(store);
        auto problems = (*store)->check();
        ASSERT_OK(problems);
        ASSERT_FALSE(problems->empty());
        std::string all;
        for (const auto& p : *problems)
            all += p + "\n";
        EXPECT_NE(all.find(c.expected), std::string::npos) << all;
    }
}

TEST(StoreTest, SecondStoreSeesCommittedDocuments) {
    TempDir dir;
    auto writer = makeStore(dir / "p.margin");
    auto reader = Store::open(dir / "p.margin");
    ASSERT_OK(reader);
    ASSERT_OK(writer->addDocument(interview("T01", "T01")));
    auto docs = (*reader)->documents();
    ASSERT_OK(docs);
    EXPECT_EQ(docs->size(), 1u);
}

}  // namespace
}  // namespace margin::corpus

namespace margin::corpus {
namespace {

TEST(StoreGenerationTest, EveryCommittedChangeAndOnlyThatIncreasesIt) {
    test::TempDir dir;
    auto store = Store::create(dir / "p.margin");
    ASSERT_OK(store);
    auto g0 = (*store)->generation();
    ASSERT_OK(g0);
    ASSERT_OK((*store)->addDocument(interview("T01", "T01")));
    auto g1 = (*store)->generation();
    ASSERT_OK(g1);
    EXPECT_EQ(*g1, *g0 + 1);
    EXPECT_FALSE((*store)->addDocument(interview("T01", "T01")).isOk());  // name taken
    auto g2 = (*store)->generation();
    ASSERT_OK(g2);
    EXPECT_EQ(*g2, *g1) << "a rolled-back change must not count";
    ASSERT_OK((*store)->documents());
    auto g3 = (*store)->generation();
    ASSERT_OK(g3);
    EXPECT_EQ(*g3, *g1) << "reading is no change";
}

TEST(StoreGenerationTest, ProjectIdIsStableAndUnique) {
    test::TempDir dir;
    std::string first, second;
    {
        auto a = Store::create(dir / "a.margin");
        auto b = Store::create(dir / "b.margin");
        ASSERT_OK(a);
        ASSERT_OK(b);
        first = (*a)->projectId();
        second = (*b)->projectId();
    }
    EXPECT_EQ(first.size(), 32u);
    EXPECT_NE(first, second);
    auto again = Store::open(dir / "a.margin");
    ASSERT_OK(again);
    EXPECT_EQ((*again)->projectId(), first);
}

}  // namespace
}  // namespace margin::corpus

namespace margin::corpus {
namespace {

TEST(StoreLookupTest, FindsTheTurnAtAPosition) {
    test::TempDir dir;
    auto store = Store::create(dir / "p.margin");
    ASSERT_OK(store);
    auto id = (*store)->addDocument(interview("T01", "T01"));
    ASSERT_OK(id);
    struct Case {
        CharPos position;
        std::optional<std::string> speaker;
    } cases[] = {{0, std::nullopt}, {13, "Interviewer"}, {26, "Interviewer"}, {27, std::nullopt},
                 {33, "T01"},       {47, "T01"},         {48, std::nullopt}};
    for (const auto& c : cases) {
        SCOPED_TRACE("position " + std::to_string(c.position));
        auto turn = (*store)->turnAt(*id, c.position);
        ASSERT_OK(turn);
        EXPECT_EQ(turn->has_value() ? std::optional((*turn)->speaker) : std::nullopt, c.speaker);
    }
}

}  // namespace
}  // namespace margin::corpus

namespace margin::corpus {
namespace {

TEST(StoreLookupTest, ReadsBytesAndNames) {
    test::TempDir dir;
    auto store = Store::create(dir / "p.margin");
    ASSERT_OK(store);
    auto id = (*store)->addDocument(interview("T01", "T01"));
    ASSERT_OK(id);
    auto bytes = (*store)->documentBytes(*id, 33, 9);  // "Fine 😀" is 5 + 4 bytes
    ASSERT_OK(bytes);
    EXPECT_EQ(*bytes, "Fine \U0001F600");
    EXPECT_FALSE((*store)->documentBytes(*id, 40, 1000).isOk());
    EXPECT_FALSE((*store)->documentBytes(*id + 1, 0, 1).isOk());
    auto name = (*store)->documentName(*id);
    ASSERT_OK(name);
    EXPECT_EQ(*name, "T01");
}

}  // namespace
}  // namespace margin::corpus
