// The codebook: codes in a tree, codings of code-point spans, and an undo
// history that puts back exactly what was there, across program runs.
#include "codebook/codebook.h"

#include <sqlite3.h>

#include <functional>

#include "codebook/color.h"
#include "corpus/sha256.h"
#include "tests/test_util.h"

namespace margin::codebook {
namespace {

using corpus::DocumentId;
using corpus::Store;
using test::TempDir;

// Two interviews with CJK, emoji and a CJK Extension B character (U+20000,
// four UTF-8 bytes like the emoji), so that a span measured in bytes rather
// than code points would show. T01 has 25 code points (71 bytes), T02 42
// (61 bytes).
//   T01: 0 访 1 谈 2 者 3 ： 4 你 5 好 6 ' ' 7 😀 8 \n 9 教 10 师 11 ： 12 我 13 们
//        14 缺 15 老 16 师 17 𠀀 18 ， 19 真 20 的 21 很 22 累 23 。 24 \n
//   T02: 0 Interviewer: 13 工作量呢？ 18 \n 19 T02: 24 太 25 多 26 了 27 ' ' 28 😩
//        29 ' every week.' 41 \n
const char* const kTextA = "访谈者：你好 😀\n教师：我们缺老师\U00020000，真的很累。\n";
const char* const kTextB = "Interviewer: 工作量呢？\nT02: 太多了 😩 every week.\n";
constexpr corpus::CharPos kLengthA = 25;
constexpr corpus::CharPos kLengthB = 42;

corpus::NewDocument interview(const std::string& name, const std::string& text) {
    corpus::NewDocument doc;
    doc.name = name;
    doc.text = text;
    doc.sourceName = name + ".txt";
    doc.sourceFormat = "txt";
    doc.sourceEncoding = "UTF-8";
    doc.sha256 = corpus::sha256Hex(text);
    return doc;
}

template <typename T>
Status statusOf(const Result<T>& r) {
    return r.isOk() ? Status::ok() : r.status();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

CodeFields definitionOnly(const std::string& definition) {
    CodeFields f;
    f.definition = definition;
    return f;
}

CodeFields colorOnly(const std::string& color) {
    CodeFields f;
    f.color = color;
    return f;
}

CodeFields memoOnly(const std::string& memo) {
    CodeFields f;
    f.memo = memo;
    return f;
}

class CodebookTest : public ::testing::Test {
protected:
    void SetUp() override { newProject("study.margin"); }

    // A new project file holding the two interviews, with a Codebook over it.
    void newProject(const std::string& file) {
        m_book.reset();
        m_store.reset();
        m_file = m_dir / file;
        auto store = Store::create(m_file);
        ASSERT_OK(store);
        m_store = std::move(store).value();
        auto a = m_store->addDocument(interview("T01", kTextA));
        ASSERT_OK(a);
        m_docA = *a;
        auto b = m_store->addDocument(interview("T02", kTextB));
        ASSERT_OK(b);
        m_docB = *b;
        m_book = std::make_unique<Codebook>(*m_store);
    }

    // Closes the project and opens it again, as the next run of the program.
    void reopen() {
        m_book.reset();
        m_store.reset();
        auto store = Store::open(m_file);
        ASSERT_OK(store);
        m_store = std::move(store).value();
        m_book = std::make_unique<Codebook>(*m_store);
    }

    // The codebook most tests start from:
    //   Predicaments                 Support                    T02 [13,16) ana
    //     Faculty shortage  T01 [14,18) ana   Mentors           T01 [4,6) ana
    //     Workload          T02 [24,29) ana   Workload          T02 [24,29) ana
    //                                                           T01 [19,23) bo
    // Timestamps are then set to 2020 (without the Codebook, so unrecorded)
    // so that a change of a timestamp, and its undoing, shows.
    void seed() {
        for (const char* path : {"Predicaments/Faculty shortage", "Predicaments/Workload",
                                 "Support/Mentors", "Support/Workload"})
            ASSERT_OK(book().addCode(path));
        auto id = [&](const char* path) {
            auto code = book().findCode(path);
            EXPECT_OK(code);
            return code.isOk() ? code->id : 0;
        };
        auto added = book().addCodings({
            {id("Predicaments/Faculty shortage"), m_docA, 14, 18, "ana", ""},
            {id("Predicaments/Workload"), m_docB, 24, 29, "ana", ""},
            {id("Support/Workload"), m_docB, 24, 29, "ana", ""},
            {id("Support/Workload"), m_docA, 19, 23, "bo", "累"},
            {id("Support/Mentors"), m_docA, 4, 6, "ana", ""},
            {id("Support"), m_docB, 13, 16, "ana", ""},
        });
        ASSERT_OK(added);
        ASSERT_EQ(added->created.size(), 6u);
        m_seeded = added->created;
        rawSql(
            "UPDATE codes SET created_at = '2020-01-02T03:04:05Z', "
            "modified_at = '2020-01-02T03:04:05Z'; "
            "UPDATE codings SET created_at = '2020-01-02T03:04:05Z', "
            "modified_at = '2020-01-02T03:04:05Z';");
    }

    void rawSql(const std::string& sql) {
        char* error = nullptr;
        int rc = sqlite3_exec(m_store->connection(), sql.c_str(), nullptr, nullptr, &error);
        std::string message = error ? error : "";
        sqlite3_free(error);
        ASSERT_EQ(rc, SQLITE_OK) << message;
    }

    Codebook& book() { return *m_book; }
    Store& store() { return *m_store; }

    Code find(const std::string& path) {
        auto code = book().findCode(path);
        EXPECT_OK(code) << path;
        return code.isOk() ? *code : Code{};
    }

    Coding codingWithId(CodingId id) {
        auto coding = book().coding(id);
        EXPECT_OK(coding) << id;
        return coding.isOk() ? *coding : Coding{};
    }

    CodeId codeId(const std::string& path) {
        auto code = book().findCode(path);
        EXPECT_OK(code) << path;
        return code.isOk() ? code->id : 0;
    }

    // Every code's path, in tree order.
    std::vector<std::string> paths() {
        std::vector<std::string> out;
        auto codes = book().codes();
        EXPECT_OK(codes);
        if (codes.isOk())
            for (const Code& c : *codes)
                out.push_back(c.path);
        return out;
    }

    // Every coding as "T01 [14,18) Predicaments/Faculty shortage ana".
    std::vector<std::string> codingList() {
        std::map<CodeId, std::string> pathOf;
        auto codes = book().codes();
        EXPECT_OK(codes);
        if (codes.isOk())
            for (const Code& c : *codes)
                pathOf[c.id] = c.path;
        std::vector<std::string> out;
        auto codings = book().codings();
        EXPECT_OK(codings);
        if (codings.isOk())
            for (const Coding& c : *codings)
                out.push_back(std::string(c.document == m_docA ? "T01" : "T02") + " [" +
                              std::to_string(c.start) + "," + std::to_string(c.end) + ") " +
                              pathOf[c.code] + " " + c.coder);
        return out;
    }

    std::size_t codingCount() {
        auto codings = book().codings();
        EXPECT_OK(codings);
        return codings.isOk() ? codings->size() : 0;
    }

    std::int64_t generation() {
        auto g = store().generation();
        EXPECT_OK(g);
        return g.isOk() ? *g : -1;
    }

    std::size_t historySize() {
        auto h = book().history(1000);
        EXPECT_OK(h);
        return h.isOk() ? h->size() : 0;
    }

    // Everything about the codebook, every field of every code and coding
    // (ids, guids, timestamps), one line per row: equal snapshots mean a
    // researcher could not tell the two states apart.
    std::string snapshot() {
        std::string out;
        auto codes = book().codes();
        EXPECT_OK(codes);
        if (codes.isOk())
            for (const Code& c : *codes)
                out += "code " + std::to_string(c.id) +
                       " parent=" + (c.parent ? std::to_string(*c.parent) : "-") +
                       " name=" + c.name + " path=" + c.path + " depth=" + std::to_string(c.depth) +
                       " color=" + c.color + " definition=" + c.definition +
                       " whenToUse=" + c.whenToUse + " whenNotToUse=" + c.whenNotToUse +
                       " example=" + c.example + " memo=" + c.memo + " guid=" + c.guid +
                       " created=" + c.createdAt + " modified=" + c.modifiedAt + "\n";
        auto codings = book().codings();
        EXPECT_OK(codings);
        if (codings.isOk())
            for (const Coding& c : *codings)
                out += "coding " + std::to_string(c.id) + " code=" + std::to_string(c.code) +
                       " document=" + std::to_string(c.document) + " [" + std::to_string(c.start) +
                       "," + std::to_string(c.end) + ") coder=" + c.coder + " memo=" + c.memo +
                       " guid=" + c.guid + " created=" + c.createdAt + " modified=" + c.modifiedAt +
                       "\n";
        auto coders = book().coders();
        EXPECT_OK(coders);
        if (coders.isOk())
            for (const std::string& c : *coders)
                out += "coder " + c + "\n";
        return out;
    }

    TempDir m_dir;
    std::filesystem::path m_file;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Codebook> m_book;
    DocumentId m_docA = 0, m_docB = 0;
    std::vector<CodingId> m_seeded;  // the seed's codings, in the order listed
};

// Codes -------------------------------------------------------------------

TEST_F(CodebookTest, AddCodeCreatesMissingParents) {
    auto change = book().addCode("Predicaments/Faculty shortage");
    ASSERT_OK(change);
    EXPECT_EQ(change->created.size(), 2u);
    EXPECT_EQ(change->description, "add code Predicaments/Faculty shortage");
    EXPECT_TRUE(change->documents.empty());
    ASSERT_OK(book().addCode("Predicaments/Workload"));  // the parent exists now
    ASSERT_OK(book().addCode("Ａ Support"));

    auto codes = book().codes();
    ASSERT_OK(codes);
    struct Expected {
        std::string name, path;
        int depth;
        bool topLevel;
    } expected[] = {
        {"Predicaments", "Predicaments", 0, true},
        {"Faculty shortage", "Predicaments/Faculty shortage", 1, false},
        {"Workload", "Predicaments/Workload", 1, false},
        {"Ａ Support", "Ａ Support", 0, true},
    };
    ASSERT_EQ(codes->size(), std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        SCOPED_TRACE(expected[i].path);
        const Code& c = (*codes)[i];
        EXPECT_EQ(c.name, expected[i].name);
        EXPECT_EQ(c.path, expected[i].path);
        EXPECT_EQ(c.depth, expected[i].depth);
        EXPECT_EQ(!c.parent, expected[i].topLevel);
        EXPECT_OK(parseColor(c.color)) << c.color;
        EXPECT_FALSE(c.guid.empty());
        EXPECT_FALSE(c.createdAt.empty());
    }
    EXPECT_EQ((*codes)[1].parent, (*codes)[0].id);
    EXPECT_EQ((*codes)[0].id, change->created[0]);
    EXPECT_EQ((*codes)[1].id, change->created[1]);
}

TEST_F(CodebookTest, NamesAreUniqueAmongSiblingsIgnoringCase) {
    struct Case {
        std::string path;
        Status::Code code;
    } cases[] = {
        {"Predicaments/Faculty Shortage", Status::Code::Ok},
        {"Predicaments/faculty shortage", Status::Code::AlreadyExists},
        {"PREDICAMENTS/FACULTY SHORTAGE", Status::Code::AlreadyExists},
        {" Predicaments / Faculty Shortage ", Status::Code::AlreadyExists},
        {"Support/Faculty shortage", Status::Code::Ok},  // another parent
        {"Faculty shortage", Status::Code::Ok},          // the top level
        {"faculty shortage", Status::Code::AlreadyExists},
        {"Predicaments", Status::Code::AlreadyExists},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.path);
        std::size_t before = paths().size();
        auto change = book().addCode(c.path);
        EXPECT_EQ(statusOf(change).code(), c.code) << statusOf(change).message();
        if (c.code != Status::Code::Ok) {
            EXPECT_EQ(paths().size(), before);
        }
    }
    EXPECT_EQ(paths(),
              (std::vector<std::string>{"Predicaments", "Predicaments/Faculty Shortage", "Support",
                                        "Support/Faculty shortage", "Faculty shortage"}));
}

TEST_F(CodebookTest, FindsCodesByPathOrUniqueName) {
    for (const char* path : {"Predicaments/Faculty shortage", "Predicaments/Workload",
                             "Support/Workload", "Support/Mentors", "Workload/Stress"})
        ASSERT_OK(book().addCode(path));
    struct Case {
        std::string asked;
        Status::Code code;
        std::string found;  // the path, or words of the message
    } cases[] = {
        {"Predicaments/Faculty shortage", Status::Code::Ok, "Predicaments/Faculty shortage"},
        {"faculty SHORTAGE", Status::Code::Ok, "Predicaments/Faculty shortage"},
        {" Mentors ", Status::Code::Ok, "Support/Mentors"},
        {"Support/Workload", Status::Code::Ok, "Support/Workload"},
        // A full path wins over the sub-codes whose name it also is.
        {"Workload", Status::Code::Ok, "Workload"},
        {"Stress", Status::Code::Ok, "Workload/Stress"},
        {"Absent", Status::Code::NotFound, "Absent"},
        {"Support/Faculty shortage", Status::Code::NotFound, "Support/Faculty shortage"},
        {"", Status::Code::InvalidInput, "empty"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("'" + c.asked + "'");
        auto code = book().findCode(c.asked);
        EXPECT_EQ(statusOf(code).code(), c.code) << statusOf(code).message();
        if (code.isOk()) {
            EXPECT_EQ(code->path, c.found);
        } else {
            EXPECT_TRUE(contains(code.status().message(), c.found)) << code.status().message();
        }
    }

    // A name two codes end with is refused, listing both.
    ASSERT_OK(book().addCode("Support/Stress"));
    auto ambiguous = book().findCode("stress");
    ASSERT_FALSE(ambiguous.isOk());
    EXPECT_EQ(ambiguous.status().code(), Status::Code::InvalidInput);
    EXPECT_TRUE(contains(ambiguous.status().message(), "Workload/Stress"))
        << ambiguous.status().message();
    EXPECT_TRUE(contains(ambiguous.status().message(), "Support/Stress"))
        << ambiguous.status().message();
}

TEST_F(CodebookTest, RefusesBadNames) {
    ASSERT_OK(book().addCode("Support"));
    std::string before = snapshot();
    for (const char* path : {"", "   ", "A//B", "/A", "A/", "A/ /B", "Tab\there", "Line\nbreak",
                             "Bell\x07", "Delete\x7F", "Bad \xFF byte", "Support/\x01"}) {
        SCOPED_TRACE(testing::PrintToString(std::string(path)));
        auto change = book().addCode(path);
        ASSERT_FALSE(change.isOk());
        EXPECT_EQ(change.status().code(), Status::Code::InvalidInput);
    }
    for (const char* name : {"", "a/b", "Tab\there", "Bad \xFF byte"}) {
        SCOPED_TRACE(testing::PrintToString(std::string(name)));
        auto change = book().renameCode("Support", name);
        ASSERT_FALSE(change.isOk());
        EXPECT_EQ(change.status().code(), Status::Code::InvalidInput);
    }
    auto slash = book().renameCode("Support", "Help/Support");
    ASSERT_FALSE(slash.isOk());
    EXPECT_TRUE(contains(slash.status().message(), "'/'")) << slash.status().message();
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CodebookTest, RenamesACodeAndItsSubCodesPaths) {
    seed();
    struct Case {
        std::string path, newName;
        Status::Code code;
    } cases[] = {
        {"Predicaments/Workload", "faculty SHORTAGE", Status::Code::AlreadyExists},
        {"Predicaments/Workload", "Mentors", Status::Code::Ok},  // Support's is elsewhere
        {"Support", "支持 😀", Status::Code::Ok},
        {"Predicaments/Faculty shortage", "faculty shortage", Status::Code::Ok},  // its own case
        {"No such code", "Anything", Status::Code::NotFound},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.path + " -> " + c.newName);
        std::string before = snapshot();
        auto change = book().renameCode(c.path, c.newName);
        EXPECT_EQ(statusOf(change).code(), c.code) << statusOf(change).message();
        if (!change.isOk()) {
            EXPECT_EQ(snapshot(), before);
        }
    }
    EXPECT_EQ(paths(), (std::vector<std::string>{"Predicaments", "Predicaments/faculty shortage",
                                                 "Predicaments/Mentors", "支持 😀", "支持 😀/Mentors",
                                                 "支持 😀/Workload"}));
    EXPECT_EQ(codingCount(), 6u);
}

TEST_F(CodebookTest, UpdateCodeSetsOnlyTheFieldsGiven) {
    CodeFields first;
    first.color = "#4e79a7";
    first.definition = "教师不足";
    first.example = "我们缺老师";
    ASSERT_OK(book().addCode("Faculty shortage", first));

    CodeFields more;
    more.whenToUse = "Talk of too few teachers";
    more.whenNotToUse = "Workload alone";
    more.memo = "ask T02 😀";
    ASSERT_OK(book().updateCode("faculty shortage", more));
    auto code = book().findCode("Faculty shortage");
    ASSERT_OK(code);
    EXPECT_EQ(code->color, "#4E79A7");
    EXPECT_EQ(code->definition, "教师不足");
    EXPECT_EQ(code->example, "我们缺老师");
    EXPECT_EQ(code->whenToUse, "Talk of too few teachers");
    EXPECT_EQ(code->whenNotToUse, "Workload alone");
    EXPECT_EQ(code->memo, "ask T02 😀");

    struct Case {
        std::string color;
        Status::Code code;
        std::string stored;
    } cases[] = {
        {"#abc", Status::Code::Ok, "#AABBCC"},
        {"e15759", Status::Code::Ok, "#E15759"},
        {"#12345", Status::Code::InvalidInput, "#E15759"},
        {"red", Status::Code::InvalidInput, "#E15759"},
        {"", Status::Code::InvalidInput, "#E15759"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("'" + c.color + "'");
        std::string before = snapshot();
        CodeFields f;
        f.color = c.color;
        f.memo = "changed with the colour";
        auto change = book().updateCode("Faculty shortage", f);
        EXPECT_EQ(statusOf(change).code(), c.code) << statusOf(change).message();
        if (!change.isOk()) {
            EXPECT_TRUE(contains(change.status().message(), c.color)) << change.status().message();
            EXPECT_EQ(snapshot(), before);
        }
        auto after = book().findCode("Faculty shortage");
        ASSERT_OK(after);
        EXPECT_EQ(after->color, c.stored);
    }

    // A colour is checked when the code is made, too.
    auto bad = book().addCode("Support", colorOnly("#12345"));
    ASSERT_FALSE(bad.isOk());
    EXPECT_EQ(bad.status().code(), Status::Code::InvalidInput);
    EXPECT_EQ(paths(), std::vector<std::string>{"Faculty shortage"});
}

TEST_F(CodebookTest, MovesACodeWithItsSubCodes) {
    struct Case {
        std::string path, newParent;
        Status::Code code;
        std::vector<std::string> paths;  // afterwards
    } cases[] = {
        {"Support/Mentors",
         "Predicaments",
         Status::Code::Ok,
         {"Predicaments", "Predicaments/Faculty shortage", "Predicaments/Workload",
          "Predicaments/Mentors", "Support", "Support/Workload"}},
        {"Support/Mentors",
         "",
         Status::Code::Ok,
         {"Predicaments", "Predicaments/Faculty shortage", "Predicaments/Workload", "Support",
          "Support/Workload", "Mentors"}},
        {"Support",
         "Faculty shortage",
         Status::Code::Ok,
         {"Predicaments", "Predicaments/Faculty shortage", "Predicaments/Faculty shortage/Support",
          "Predicaments/Faculty shortage/Support/Mentors",
          "Predicaments/Faculty shortage/Support/Workload", "Predicaments/Workload"}},
        {"Support", "Support/Mentors", Status::Code::InvalidInput, {}},
        {"Support", "Support", Status::Code::InvalidInput, {}},
        {"Support/Workload", "Predicaments", Status::Code::AlreadyExists, {}},
        {"Support/Mentors", "Nowhere", Status::Code::NotFound, {}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.path + " -> '" + c.newParent + "'");
        newProject("move" + std::to_string(&c - cases) + ".margin");
        seed();
        std::string before = snapshot();
        auto change = book().moveCode(c.path, c.newParent);
        EXPECT_EQ(statusOf(change).code(), c.code) << statusOf(change).message();
        if (change.isOk()) {
            EXPECT_EQ(paths(), c.paths);
            EXPECT_TRUE(change->documents.empty());
        } else {
            EXPECT_EQ(snapshot(), before);
        }
        EXPECT_EQ(codingCount(), 6u);
    }
}

TEST_F(CodebookTest, MergeMovesCodingsAndSubCodesIntoTheTarget) {
    seed();
    auto change = book().mergeCode("Support", "Predicaments");
    ASSERT_OK(change);
    EXPECT_EQ(change->description, "merge code Support into Predicaments");
    EXPECT_EQ(change->documents, (std::vector<DocumentId>{m_docA, m_docB}));
    // Mentors moves; Workload merges into Predicaments' Workload, where the
    // identical T02 [24,29) coding by ana collapses into one.
    EXPECT_EQ(paths(), (std::vector<std::string>{"Predicaments", "Predicaments/Faculty shortage",
                                                 "Predicaments/Workload", "Predicaments/Mentors"}));
    EXPECT_EQ(codingList(), (std::vector<std::string>{
                                "T01 [4,6) Predicaments/Mentors ana",
                                "T01 [14,18) Predicaments/Faculty shortage ana",
                                "T01 [19,23) Predicaments/Workload bo",
                                "T02 [13,16) Predicaments ana",
                                "T02 [24,29) Predicaments/Workload ana",
                            }));
    EXPECT_EQ(statusOf(book().findCode("Support")).code(), Status::Code::NotFound);
    // The coding that moved keeps its memo and id.
    auto moved = book().coding(m_seeded[3]);
    ASSERT_OK(moved);
    EXPECT_EQ(moved->memo, "累");
    EXPECT_EQ(moved->code, codeId("Predicaments/Workload"));
}

TEST_F(CodebookTest, MergeOfACodeIntoItsParent) {
    seed();
    ASSERT_OK(book().mergeCode("Support/Mentors", "Support"));
    EXPECT_EQ(paths(),
              (std::vector<std::string>{"Predicaments", "Predicaments/Faculty shortage",
                                        "Predicaments/Workload", "Support", "Support/Workload"}));
    EXPECT_EQ(codingWithId(m_seeded[4]).code, codeId("Support"));
}

// Merging Workload/Stress into Workload: its own sub-code "Stress" is the
// only code named so under Workload once the merge is done.
TEST_F(CodebookTest, MergeIntoTheParentOfASubCodeOfTheSameName) {
    ASSERT_OK(book().addCode("Workload/Stress/Stress"));
    CodeId inner = codeId("Workload/Stress/Stress");
    auto added = book().addCodings(
        {{codeId("Workload/Stress"), m_docA, 0, 3, "ana", ""}, {inner, m_docA, 19, 23, "ana", ""}});
    ASSERT_OK(added);
    std::string before = snapshot();
    auto change = book().mergeCode("Workload/Stress", "Workload");
    ASSERT_OK(change);
    EXPECT_EQ(paths(), (std::vector<std::string>{"Workload", "Workload/Stress"}));
    EXPECT_EQ(codingList(), (std::vector<std::string>{"T01 [0,3) Workload ana",
                                                      "T01 [19,23) Workload/Stress ana"}));
    ASSERT_OK(book().undo());
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CodebookTest, MergeRefusesTheTargetsOwnAncestorsAndUnknownCodes) {
    seed();
    std::string before = snapshot();
    std::size_t history = historySize();
    struct Case {
        std::string from, into;
        Status::Code code;
    } cases[] = {
        {"Support", "Support/Mentors", Status::Code::InvalidInput},
        {"Support", "Support", Status::Code::InvalidInput},
        {"Support", "Nowhere", Status::Code::NotFound},
        {"Nowhere", "Support", Status::Code::NotFound},
        {"Workload", "Support", Status::Code::InvalidInput},  // ambiguous
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.from + " -> " + c.into);
        auto change = book().mergeCode(c.from, c.into);
        EXPECT_EQ(statusOf(change).code(), c.code) << statusOf(change).message();
        EXPECT_EQ(snapshot(), before);
        EXPECT_EQ(historySize(), history);
    }
}

TEST_F(CodebookTest, DeleteIsRefusedWhileCodingsExistUnlessForced) {
    seed();
    ASSERT_OK(book().addCode("Support/Unused"));
    std::string before = snapshot();
    auto refused = book().deleteCode("Support", false);
    ASSERT_FALSE(refused.isOk());
    EXPECT_EQ(refused.status().code(), Status::Code::InvalidInput);
    EXPECT_TRUE(contains(refused.status().message(), "4 codings in 2 documents"))
        << refused.status().message();
    EXPECT_EQ(snapshot(), before);

    // A code without codings goes without force.
    ASSERT_OK(book().deleteCode("Support/Unused", false));
    EXPECT_EQ(statusOf(book().findCode("Unused")).code(), Status::Code::NotFound);

    auto forced = book().deleteCode("Support", true);
    ASSERT_OK(forced);
    EXPECT_EQ(forced->documents, (std::vector<DocumentId>{m_docA, m_docB}));
    EXPECT_EQ(paths(), (std::vector<std::string>{"Predicaments", "Predicaments/Faculty shortage",
                                                 "Predicaments/Workload"}));
    EXPECT_EQ(codingList(), (std::vector<std::string>{
                                "T01 [14,18) Predicaments/Faculty shortage ana",
                                "T02 [24,29) Predicaments/Workload ana",
                            }));
}

// Codings -----------------------------------------------------------------

TEST_F(CodebookTest, CodingsAreSpansOfCodePoints) {
    ASSERT_OK(book().addCode("Faculty shortage"));
    CodeId code = codeId("Faculty shortage");
    auto change = book().addCodings({
        {code, m_docA, 14, 18, "ana", "缺老师𠀀"},  // ends after U+20000
        {code, m_docA, 0, kLengthA, "ana", ""},     // the whole text
        {code, m_docB, 28, 29, "bo", ""},           // just the emoji
    });
    ASSERT_OK(change);
    EXPECT_EQ(change->created.size(), 3u);
    EXPECT_EQ(change->skipped, 0);
    EXPECT_EQ(change->documents, (std::vector<DocumentId>{m_docA, m_docB}));
    EXPECT_EQ(change->description, "add 3 codings");
    auto coding = book().coding(change->created[0]);
    ASSERT_OK(coding);
    EXPECT_EQ(coding->code, code);
    EXPECT_EQ(coding->document, m_docA);
    EXPECT_EQ(coding->start, 14);
    EXPECT_EQ(coding->end, 18);
    EXPECT_EQ(coding->coder, "ana");
    EXPECT_EQ(coding->memo, "缺老师𠀀");
    EXPECT_FALSE(coding->guid.empty());
    auto coders = book().coders();
    ASSERT_OK(coders);
    EXPECT_EQ(*coders, (std::vector<std::string>{"ana", "bo"}));
    auto onlyB = book().codings(m_docB);
    ASSERT_OK(onlyB);
    ASSERT_EQ(onlyB->size(), 1u);
    EXPECT_EQ(onlyB->front().coder, "bo");
}

TEST_F(CodebookTest, AnIdenticalCodingIsStoredOnce) {
    ASSERT_OK(book().addCode("Workload"));
    CodeId code = codeId("Workload");
    ASSERT_OK(book().addCodings({{code, m_docB, 24, 29, "ana", ""}}));
    auto again = book().addCodings({{code, m_docB, 24, 29, "ana", "another memo"}});
    ASSERT_OK(again);
    EXPECT_EQ(again->skipped, 1);
    EXPECT_TRUE(again->created.empty());
    EXPECT_EQ(again->operation, 0);  // nothing to undo
    EXPECT_EQ(codingCount(), 1u);

    // Another coder, or another span, is another coding.
    auto other = book().addCodings({{code, m_docB, 24, 29, "ana", ""},
                                    {code, m_docB, 24, 29, "bo", ""},
                                    {code, m_docB, 24, 28, "ana", ""},
                                    {code, m_docB, 24, 28, "ana", ""}});
    ASSERT_OK(other);
    EXPECT_EQ(other->skipped, 2);
    EXPECT_EQ(other->created.size(), 2u);
    EXPECT_EQ(codingCount(), 3u);
}

TEST_F(CodebookTest, BadCodingsChangeNothing) {
    seed();
    CodeId shortage = codeId("Faculty shortage");
    struct Case {
        std::string what;
        NewCoding bad;
        Status::Code code;
        std::string words;
    } cases[] = {
        // T01 has 25 code points but 71 bytes: 26 is past its end.
        {"end past the text",
         {shortage, m_docA, 20, kLengthA + 1, "ana", ""},
         Status::Code::InvalidInput,
         "outside"},
        {"end at the byte length",
         {shortage, m_docA, 20, 71, "ana", ""},
         Status::Code::InvalidInput,
         "25 characters"},
        {"start past the text",
         {shortage, m_docB, kLengthB, kLengthB + 2, "ana", ""},
         Status::Code::InvalidInput,
         "outside"},
        {"negative start",
         {shortage, m_docA, -1, 3, "ana", ""},
         Status::Code::InvalidInput,
         "outside"},
        {"empty span", {shortage, m_docA, 5, 5, "ana", ""}, Status::Code::InvalidInput, "empty"},
        {"inverted span",
         {shortage, m_docA, 7, 3, "ana", ""},
         Status::Code::InvalidInput,
         "ends before it starts"},
        {"unknown document", {shortage, 999, 0, 1, "ana", ""}, Status::Code::NotFound, "999"},
        {"unknown code", {999, m_docA, 0, 1, "ana", ""}, Status::Code::NotFound, "999"},
        {"empty coder", {shortage, m_docA, 0, 1, "", ""}, Status::Code::InvalidInput, "coder"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what + " [" + std::to_string(c.bad.start) + "," + std::to_string(c.bad.end) +
                     ")");
        std::string before = snapshot();
        std::int64_t generation = this->generation();
        std::size_t history = historySize();
        // A good coding (by a new coder) before the bad one is not kept either.
        auto change = book().addCodings({{shortage, m_docB, 0, 3, "chen", ""}, c.bad});
        ASSERT_FALSE(change.isOk());
        EXPECT_EQ(change.status().code(), c.code) << change.status().message();
        EXPECT_TRUE(contains(change.status().message(), c.words)) << change.status().message();
        EXPECT_EQ(codingCount(), 6u);
        EXPECT_EQ(snapshot(), before);
        EXPECT_EQ(this->generation(), generation);
        EXPECT_EQ(historySize(), history);
    }
}

TEST_F(CodebookTest, RemovingAnUnknownCodingRemovesNothing) {
    seed();
    std::string before = snapshot();
    std::int64_t generation = this->generation();
    auto change = book().removeCodings({m_seeded[0], 999, m_seeded[1]});
    ASSERT_FALSE(change.isOk());
    EXPECT_EQ(change.status().code(), Status::Code::NotFound);
    EXPECT_TRUE(contains(change.status().message(), "999")) << change.status().message();
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(this->generation(), generation);

    auto removed = book().removeCodings({m_seeded[0], m_seeded[1]});
    ASSERT_OK(removed);
    EXPECT_EQ(removed->documents, (std::vector<DocumentId>{m_docA, m_docB}));
    EXPECT_EQ(codingCount(), 4u);
    EXPECT_EQ(statusOf(book().coding(m_seeded[0])).code(), Status::Code::NotFound);
}

TEST_F(CodebookTest, SetsACodingsMemoAndCode) {
    seed();
    ASSERT_OK(book().setCodingMemo(m_seeded[0], "她说得很激动 😀"));
    auto coding = book().coding(m_seeded[0]);
    ASSERT_OK(coding);
    EXPECT_EQ(coding->memo, "她说得很激动 😀");
    EXPECT_NE(coding->modifiedAt, "2020-01-02T03:04:05Z");
    EXPECT_EQ(statusOf(book().setCodingMemo(999, "x")).code(), Status::Code::NotFound);

    ASSERT_OK(book().setCodingCode(m_seeded[4], codeId("Faculty shortage")));
    EXPECT_EQ(codingWithId(m_seeded[4]).code, codeId("Faculty shortage"));
    EXPECT_EQ(codingWithId(m_seeded[4]).start, 4);

    // T02 [24,29) by ana is coded Predicaments/Workload already.
    std::string before = snapshot();
    auto clash = book().setCodingCode(m_seeded[2], codeId("Predicaments/Workload"));
    ASSERT_FALSE(clash.isOk());
    EXPECT_EQ(clash.status().code(), Status::Code::AlreadyExists);
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(statusOf(book().setCodingCode(999, codeId("Support"))).code(),
              Status::Code::NotFound);
}

TEST_F(CodebookTest, ChangeNamesExactlyTheDocumentsWhoseCodingsChanged) {
    seed();
    std::vector<DocumentId> none, a{m_docA}, b{m_docB}, both{m_docA, m_docB};
    struct Case {
        std::string what;
        std::function<Result<Change>()> apply;
        std::vector<DocumentId> documents;
    } cases[] = {
        {"add code", [&] { return book().addCode("New/Code"); }, none},
        {"rename code", [&] { return book().renameCode("Support", "Help"); }, none},
        {"add a coding to T02",
         [&] {
             return book().addCodings({{codeId("Faculty shortage"), m_docB, 0, 5, "ana", ""}});
         },
         b},
        {"memo of a T01 coding", [&] { return book().setCodingMemo(m_seeded[0], "m"); }, a},
        {"code of a T01 coding", [&] { return book().setCodingCode(m_seeded[4], codeId("Help")); },
         a},
        {"remove a T02 coding", [&] { return book().removeCodings({m_seeded[5]}); }, b},
        {"merge Mentors into Faculty shortage",
         [&] { return book().mergeCode("Mentors", "Faculty shortage"); },
         none},  // Mentors has no codings left
        {"merge Help into Predicaments", [&] { return book().mergeCode("Help", "Predicaments"); },
         both},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        auto change = c.apply();
        ASSERT_OK(change);
        EXPECT_EQ(change->documents, c.documents);
        auto undone = book().undo();
        ASSERT_OK(undone);
        EXPECT_EQ(undone->documents, c.documents);
        ASSERT_OK(book().redo());
    }
}

// Undo and redo -----------------------------------------------------------

TEST_F(CodebookTest, CodingWithANewCodeIsOneOperation) {
    newProject("invivo.margin");
    seed();
    std::string before = snapshot();
    auto change =
        book().addCodeWithCodings("In vivo/大部分都在做客服", {{0, m_docA, 14, 18, "ana", ""}});
    ASSERT_OK(change);
    auto code = book().findCode("In vivo/大部分都在做客服");
    ASSERT_OK(code);
    EXPECT_EQ(codingCount(), 7u);
    EXPECT_EQ(change->documents, std::vector<corpus::DocumentId>{m_docA});
    // Once more with the code that now exists: it is reused.
    ASSERT_OK(
        book().addCodeWithCodings("In vivo/大部分都在做客服", {{0, m_docB, 24, 29, "ana", ""}}));
    EXPECT_EQ(codingCount(), 8u);
    // One undo each: the second coding, then the first with its new codes.
    ASSERT_OK(book().undo());
    EXPECT_EQ(codingCount(), 7u);
    ASSERT_OK(book().undo());
    EXPECT_EQ(snapshot(), before);
    EXPECT_FALSE(book().findCode("In vivo").isOk());
    // A bad span changes nothing, the code included.
    auto bad = book().addCodeWithCodings("Fresh", {{0, m_docA, 5, 99999, "ana", ""}});
    EXPECT_EQ(statusOf(bad).code(), Status::Code::InvalidInput);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CodebookTest, MoveToAPlaceReordersSiblings) {
    // seed(): Predicaments (Faculty shortage, Workload), Support (Mentors, Workload).
    struct Case {
        std::string path, newParent;
        int index;
        std::vector<std::string> paths;  // afterwards, in tree order
    } cases[] = {
        {"Support",
         "",
         0,
         {"Support", "Support/Mentors", "Support/Workload", "Predicaments",
          "Predicaments/Faculty shortage", "Predicaments/Workload"}},
        {"Predicaments/Workload",
         "Predicaments",
         0,
         {"Predicaments", "Predicaments/Workload", "Predicaments/Faculty shortage", "Support",
          "Support/Mentors", "Support/Workload"}},
        {"Support/Mentors",
         "Predicaments",
         1,
         {"Predicaments", "Predicaments/Faculty shortage", "Predicaments/Mentors",
          "Predicaments/Workload", "Support", "Support/Workload"}},
        {"Predicaments",
         "",
         99,
         {"Support", "Support/Mentors", "Support/Workload", "Predicaments",
          "Predicaments/Faculty shortage", "Predicaments/Workload"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.path + " -> '" + c.newParent + "' at " + std::to_string(c.index));
        newProject("place" + std::to_string(&c - cases) + ".margin");
        seed();
        std::string before = snapshot();
        auto before_paths = paths();
        auto change = book().moveCode(c.path, c.newParent, c.index);
        ASSERT_TRUE(change.isOk()) << statusOf(change).message();
        EXPECT_EQ(paths(), c.paths);
        ASSERT_TRUE(book().undo().isOk());
        EXPECT_EQ(paths(), before_paths);
        EXPECT_EQ(snapshot(), before);
        ASSERT_TRUE(book().redo().isOk());
        EXPECT_EQ(paths(), c.paths);
    }
}

TEST_F(CodebookTest, UndoAndRedoRestoreEveryKindOfOperationExactly) {
    struct Case {
        std::string what;
        std::function<Status()> apply;
    } cases[] = {
        {"add a code and its missing parents",
         [&] {
             return statusOf(book().addCode("Outcomes/Retention/早期离职", definitionOnly("d")));
         }},
        {"rename a code", [&] { return statusOf(book().renameCode("Support", "支持")); }},
        {"update a code's fields",
         [&] {
             CodeFields f{"#abc", "definition", "when", "not when", "example", "memo 😀"};
             return statusOf(book().updateCode("Mentors", f));
         }},
        {"move a code under another",
         [&] { return statusOf(book().moveCode("Support/Mentors", "Faculty shortage")); }},
        {"move a code to the top level", [&] { return statusOf(book().moveCode("Mentors", "")); }},
        {"merge a code with sub-codes and a duplicate coding",
         [&] { return statusOf(book().mergeCode("Support", "Predicaments")); }},
        {"delete a code with sub-codes and codings, forced",
         [&] { return statusOf(book().deleteCode("Support", true)); }},
        {"import a codebook",
         [&] {
             return statusOf(book().importCodebook({
                 {2, "Predicaments/Faculty shortage", definitionOnly("Too few teachers")},
                 {3, "Outcomes/Retention", colorOnly("#F28E2B")},
                 {4, "Support", memoOnly("备忘")},
             }));
         }},
        {"add several codings in two documents, with a new coder and a duplicate",
         [&] {
             CodeId shortage = codeId("Faculty shortage");
             return statusOf(book().addCodings({
                 {shortage, m_docA, 7, 8, "chen", "😀"},
                 {shortage, m_docB, 0, kLengthB, "chen", ""},
                 {shortage, m_docA, 14, 18, "ana", ""},  // the seed has it
                 {codeId("Mentors"), m_docA, 17, 18, "ana", "𠀀"},
             }));
         }},
        {"remove codings",
         [&] {
             return statusOf(book().removeCodings({m_seeded[0], m_seeded[3], m_seeded[5]}));
         }},
        {"set a coding's memo",
         [&] { return statusOf(book().setCodingMemo(m_seeded[3], "她说得很激动 😀")); }},
        {"set a coding's code",
         [&] { return statusOf(book().setCodingCode(m_seeded[4], codeId("Faculty shortage"))); }},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        newProject("undo" + std::to_string(&c - cases) + ".margin");
        seed();
        std::string before = snapshot();
        ASSERT_OK(c.apply());
        std::string after = snapshot();
        ASSERT_NE(after, before) << "the operation changed nothing";

        auto undone = book().undo();
        ASSERT_OK(undone);
        EXPECT_EQ(snapshot(), before);
        auto redone = book().redo();
        ASSERT_OK(redone);
        EXPECT_EQ(redone->operation, undone->operation);
        EXPECT_EQ(snapshot(), after);
        ASSERT_OK(book().undo());
        EXPECT_EQ(snapshot(), before);
    }
}

TEST_F(CodebookTest, NothingToUndoOrRedo) {
    auto undo = book().undo();
    ASSERT_FALSE(undo.isOk());
    EXPECT_EQ(undo.status().code(), Status::Code::NotFound);
    EXPECT_EQ(undo.status().message(), "nothing to undo");
    auto redo = book().redo();
    ASSERT_FALSE(redo.isOk());
    EXPECT_EQ(redo.status().code(), Status::Code::NotFound);
    EXPECT_EQ(redo.status().message(), "nothing to redo");

    // Failed operations leave nothing to undo either.
    EXPECT_FALSE(book().addCode("A//B").isOk());
    EXPECT_FALSE(book().addCodings({{1, m_docA, 0, 1, "ana", ""}}).isOk());
    EXPECT_EQ(statusOf(book().undo()).code(), Status::Code::NotFound);
    EXPECT_EQ(historySize(), 0u);
}

TEST_F(CodebookTest, SeveralUndosGoBackInOrderAndRedosForward) {
    std::vector<std::string> states{snapshot()};
    for (const char* path : {"Alpha", "Alpha/Beta", "Gamma"}) {
        ASSERT_OK(book().addCode(path));
        states.push_back(snapshot());
    }
    for (const char* expected : {"add code Gamma", "add code Alpha/Beta", "add code Alpha"}) {
        SCOPED_TRACE(expected);
        auto undone = book().undo();
        ASSERT_OK(undone);
        EXPECT_EQ(undone->description, expected);
        states.pop_back();
        EXPECT_EQ(snapshot(), states.back());
    }
    EXPECT_EQ(statusOf(book().undo()).code(), Status::Code::NotFound);
    for (const char* expected : {"add code Alpha", "add code Alpha/Beta"}) {
        SCOPED_TRACE(expected);
        auto redone = book().redo();
        ASSERT_OK(redone);
        EXPECT_EQ(redone->description, expected);
    }
    EXPECT_EQ(paths(), (std::vector<std::string>{"Alpha", "Alpha/Beta"}));
}

TEST_F(CodebookTest, ANewOperationAfterUndoDiscardsTheRedo) {
    ASSERT_OK(book().addCode("Alpha"));
    ASSERT_OK(book().addCode("Beta"));
    ASSERT_OK(book().undo());
    ASSERT_OK(book().addCode("Gamma"));
    auto redo = book().redo();
    ASSERT_FALSE(redo.isOk());
    EXPECT_EQ(redo.status().code(), Status::Code::NotFound);
    EXPECT_EQ(paths(), (std::vector<std::string>{"Alpha", "Gamma"}));
    auto history = book().history(10);
    ASSERT_OK(history);
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].description, "add code Gamma");
    EXPECT_EQ((*history)[1].description, "add code Alpha");
}

TEST_F(CodebookTest, HistoryListsOperationsNewestFirst) {
    seed();
    ASSERT_OK(book().renameCode("Support", "Help"));
    ASSERT_OK(book().undo());
    auto history = book().history(10);
    ASSERT_OK(history);
    struct Expected {
        std::string description;
        bool undone;
    } expected[] = {
        {"rename code Support to Help", true},
        {"add 6 codings", false},
        {"add code Support/Workload", false},
        {"add code Support/Mentors", false},
        {"add code Predicaments/Workload", false},
        {"add code Predicaments/Faculty shortage", false},
    };
    ASSERT_EQ(history->size(), std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        SCOPED_TRACE(expected[i].description);
        EXPECT_EQ((*history)[i].description, expected[i].description);
        EXPECT_EQ((*history)[i].undone, expected[i].undone);
        EXPECT_FALSE((*history)[i].createdAt.empty());
        if (i > 0) {
            EXPECT_GT((*history)[i - 1].operation, (*history)[i].operation);
        }
    }
    auto latest = book().history(2);
    ASSERT_OK(latest);
    EXPECT_EQ(latest->size(), 2u);
}

TEST_F(CodebookTest, UndoAndRedoWorkAcrossProgramRuns) {
    seed();
    std::string seeded = snapshot();
    ASSERT_OK(book().renameCode("Faculty shortage", "教师短缺"));
    std::string renamed = snapshot();
    ASSERT_OK(book().deleteCode("Support", true));
    std::string deleted = snapshot();

    reopen();
    EXPECT_EQ(snapshot(), deleted);
    auto undone = book().undo();
    ASSERT_OK(undone);
    EXPECT_EQ(undone->description, "delete code Support");
    EXPECT_EQ(snapshot(), renamed);
    ASSERT_OK(book().undo());
    EXPECT_EQ(snapshot(), seeded);

    reopen();
    EXPECT_EQ(snapshot(), seeded);
    auto redone = book().redo();
    ASSERT_OK(redone);
    EXPECT_EQ(redone->description, "rename code Predicaments/Faculty shortage to 教师短缺");
    EXPECT_EQ(snapshot(), renamed);

    reopen();
    ASSERT_OK(book().redo());
    EXPECT_EQ(snapshot(), deleted);
    EXPECT_EQ(statusOf(book().redo()).code(), Status::Code::NotFound);

    // A second program with the project open sees and undoes the same history.
    auto other = Store::open(m_file);
    ASSERT_OK(other);
    Codebook otherBook(**other);
    auto undoneElsewhere = otherBook.undo();
    ASSERT_OK(undoneElsewhere);
    EXPECT_EQ(undoneElsewhere->description, "delete code Support");
    EXPECT_EQ(snapshot(), renamed);
}

TEST_F(CodebookTest, UndoOfAForcedDeleteRestoresCodingsInBothDocuments) {
    seed();
    std::string before = snapshot();
    ASSERT_OK(book().deleteCode("Support", true));
    EXPECT_EQ(codingCount(), 2u);
    auto undone = book().undo();
    ASSERT_OK(undone);
    EXPECT_EQ(undone->documents, (std::vector<DocumentId>{m_docA, m_docB}));
    EXPECT_EQ(codingCount(), 6u);
    EXPECT_EQ(snapshot(), before);
    auto redone = book().redo();
    ASSERT_OK(redone);
    EXPECT_EQ(redone->documents, (std::vector<DocumentId>{m_docA, m_docB}));
    EXPECT_EQ(codingCount(), 2u);
}

// Import ------------------------------------------------------------------

TEST_F(CodebookTest, ImportRefusesADuplicatePathNamingBothLines) {
    seed();
    std::string before = snapshot();
    std::size_t history = historySize();
    auto report = book().importCodebook({
        {2, "Outcomes", {}},
        {3, "Predicaments/Workload", definitionOnly("new")},
        {7, " predicaments / WORKLOAD ", {}},
    });
    ASSERT_FALSE(report.isOk());
    EXPECT_EQ(report.status().code(), Status::Code::InvalidInput);
    EXPECT_TRUE(contains(report.status().message(), "line 7")) << report.status().message();
    EXPECT_TRUE(contains(report.status().message(), "line 3")) << report.status().message();
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(historySize(), history);
}

TEST_F(CodebookTest, ImportRefusesABadRowNamingItsLine) {
    seed();
    std::string before = snapshot();
    struct Case {
        CodebookRow bad;
        std::string words;
    } cases[] = {
        {{5, "Outcomes/Retention", colorOnly("#12345")}, "#12345"},
        {{5, "Outcomes//Retention", {}}, "empty"},
        {{5, "Outcomes/Tab\there", {}}, "control"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.bad.path);
        auto report = book().importCodebook({{2, "New code", {}}, c.bad});
        ASSERT_FALSE(report.isOk());
        EXPECT_EQ(report.status().code(), Status::Code::InvalidInput);
        EXPECT_TRUE(contains(report.status().message(), "line 5")) << report.status().message();
        EXPECT_TRUE(contains(report.status().message(), c.words)) << report.status().message();
        EXPECT_EQ(snapshot(), before);
    }
}

TEST_F(CodebookTest, ReimportUpdatesFieldsAsOneUndoableOperation) {
    seed();
    std::vector<CodebookRow> rows = {
        {2, "Outcomes", {}},
        {3, "Outcomes/Retention", definitionOnly("Staying in the job")},
        {4, "Predicaments/Faculty shortage", colorOnly("#abc")},
    };
    auto first = book().importCodebook(rows);
    ASSERT_OK(first);
    EXPECT_EQ(first->added, 2);
    EXPECT_EQ(first->updated, 1);
    EXPECT_EQ(first->unchanged, 0);
    EXPECT_EQ(first->change.created.size(), 2u);
    std::string imported = snapshot();

    rows[1].fields.definition = "留任";
    rows[2].fields.memo = "from the team meeting";
    auto second = book().importCodebook(rows);
    ASSERT_OK(second);
    EXPECT_EQ(second->added, 0);
    EXPECT_EQ(second->updated, 2);
    EXPECT_EQ(second->unchanged, 1);
    EXPECT_EQ(find("Retention").definition, "留任");
    EXPECT_EQ(find("Faculty shortage").color, "#AABBCC");
    EXPECT_EQ(find("Faculty shortage").memo, "from the team meeting");

    auto undone = book().undo();
    ASSERT_OK(undone);
    EXPECT_EQ(undone->description, "import codebook (3 codes)");
    EXPECT_EQ(snapshot(), imported);

    // The same rows again change nothing, and leave nothing to undo.
    rows[1].fields.definition = "Staying in the job";
    rows[2].fields.memo.reset();
    auto same = book().importCodebook(rows);
    ASSERT_OK(same);
    EXPECT_EQ(same->unchanged, 3);
    EXPECT_EQ(same->change.operation, 0);
    EXPECT_EQ(snapshot(), imported);
}

}  // namespace
}  // namespace margin::codebook
