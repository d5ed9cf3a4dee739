// Merging another coder's copy of a project: codings come in with their
// coder, new codes with their parents, participants and attributes; what
// conflicts is reported and this project's version kept; merging twice adds
// nothing; one undo takes the whole merge back.
#include "codebook/merge.h"

#include <algorithm>
#include <filesystem>

#include "corpus/sha256.h"
#include "tests/test_util.h"

namespace margin::codebook {
namespace {

using corpus::Store;
using test::TempDir;

const std::string kT01 = "Interviewer: How is the workload?\nT01: Too much, every week.\n";
const std::string kT02 = "Interviewer: And support?\nT02: 同事们帮了很多忙。\n";

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

// A participants sheet: participant, role (category), documents.
corpus::ParticipantTable sheet(
    const std::vector<std::tuple<std::string, std::string, std::string>>& rows) {
    corpus::ParticipantTable t;
    t.source = "participants.csv";
    t.columns = {{"role", corpus::AttributeType::Category, true}};
    t.hasDocumentColumn = true;
    int line = 2;
    for (const auto& [participant, role, document] : rows)
        t.rows.push_back({line++, participant, {role}, {document}});
    return t;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The conflicts' messages, one a line, for failure messages.
std::string messages(const MergeReport& r) {
    std::string out;
    for (const auto& c : r.conflicts)
        out += c.message + "\n";
    for (const auto& m : r.missingDocuments)
        out += m + "\n";
    return out;
}

// One project file with a Codebook over it.
struct Copy {
    std::unique_ptr<Store> store;
    std::unique_ptr<Codebook> book;

    CodeId code(const std::string& path) {
        auto c = book->findCode(path);
        EXPECT_OK(c.status());
        return c.isOk() ? c->id : 0;
    }
    corpus::DocumentId doc(const std::string& name) {
        auto d = store->findDocument(name);
        EXPECT_OK(d.status());
        return d.isOk() ? d->id : 0;
    }
    void code(const std::string& document, corpus::CharPos start, corpus::CharPos end,
              const std::string& path, const std::string& coder, const std::string& memo = {}) {
        auto added = book->addCodings({{code(path), doc(document), start, end, coder, memo}});
        ASSERT_OK(added.status());
    }
    // "T01 [0, 5) Workload by alice" for every coding, sorted.
    std::vector<std::string> codings() {
        std::vector<std::string> out;
        auto codes = book->codes();
        auto all = book->codings();
        EXPECT_OK(all.status());
        if (!all.isOk() || !codes.isOk())
            return out;
        for (const auto& c : *all) {
            auto name = store->documentName(c.document);
            std::string path;
            for (const auto& k : *codes)
                if (k.id == c.code)
                    path = k.path;
            out.push_back(*name + " [" + std::to_string(c.start) + ", " + std::to_string(c.end) +
                          ") " + path + " by " + c.coder +
                          (c.memo.empty() ? "" : " (" + c.memo + ")"));
        }
        std::sort(out.begin(), out.end());
        return out;
    }
};

class MergeTest : public ::testing::Test {
protected:
    // A: two interviews, a participants sheet and a codebook; B: a copy of
    // A's file, as a second coder would receive it.
    void SetUp() override {
        {
            auto store = Store::create(m_dir / "a.margin");
            ASSERT_OK(store.status());
            ASSERT_OK((*store)->addDocument(interview("T01", kT01)).status());
            ASSERT_OK((*store)->addDocument(interview("T02", kT02)).status());
            ASSERT_OK((*store)->importParticipants(sheet({{"T01", "teacher", "T01"}})).status());
            Codebook book(**store);
            CodeFields f;
            f.definition = "Too much work.";
            f.color = "#C0392B";
            ASSERT_OK(book.addCode("Predicaments/Workload", f).status());
        }
        std::filesystem::copy_file(m_dir / "a.margin", m_dir / "b.margin");
        a = open("a.margin");
        b = open("b.margin");
    }

    Copy open(const std::string& file) {
        Copy c;
        auto store = Store::open(m_dir / file);
        EXPECT_OK(store.status());
        if (!store.isOk())
            return c;
        c.store = std::move(store).value();
        c.book = std::make_unique<Codebook>(*c.store);
        return c;
    }

    // Merges `from` into A (or only plans it).
    MergeReport merge(Copy& from, bool dryRun = false) {
        auto r = mergeProject(*a.store, *a.book, *from.store, "b.margin", dryRun);
        EXPECT_OK(r.status());
        return r.isOk() ? std::move(r).value() : MergeReport{};
    }

    TempDir m_dir;
    Copy a, b;
};

TEST_F(MergeTest, BringsInTheOtherCodersCodingsWithNewCodesAndTheirParents) {
    a.code("T01", 0, 12, "Workload", "alice");
    b.code("T01", 34, 44, "Workload", "bob", "strong");
    ASSERT_OK(b.book->addCode("Support/Peers").status());
    b.code("T02", 26, 40, "Support/Peers", "bob");

    MergeReport r = merge(b);
    SCOPED_TRACE(messages(r));
    EXPECT_TRUE(r.sameProject);
    EXPECT_EQ(r.documentsMatched, 2);
    EXPECT_EQ(r.codingsAdded, 2);
    EXPECT_EQ(r.codingsSkipped, 0);
    EXPECT_EQ(r.codesAdded, 2) << "Support and Support/Peers";
    EXPECT_EQ(r.codersAdded, 1) << "bob";
    EXPECT_TRUE(r.conflicts.empty());
    EXPECT_NE(r.change.operation, 0);
    EXPECT_EQ(a.codings(), (std::vector<std::string>{
                               "T01 [0, 12) Predicaments/Workload by alice",
                               "T01 [34, 44) Predicaments/Workload by bob (strong)",
                               "T02 [26, 40) Support/Peers by bob",
                           }));
    EXPECT_EQ(r.change.documents.size(), 2u) << "the search index hears of both documents";
}

TEST_F(MergeTest, MergingTheSameFileTwiceAddsNothing) {
    b.code("T01", 34, 44, "Workload", "bob");
    a.code("T01", 34, 44, "Workload", "bob");  // already here too
    b.code("T02", 26, 40, "Workload", "bob");
    MergeReport first = merge(b);
    EXPECT_EQ(first.codingsAdded, 1);
    EXPECT_EQ(first.codingsSkipped, 1);
    auto before = a.codings();
    MergeReport second = merge(b);
    SCOPED_TRACE(messages(second));
    EXPECT_EQ(second.codingsAdded, 0);
    EXPECT_EQ(second.codingsSkipped, 2);
    EXPECT_EQ(second.codesAdded + second.codersAdded + second.participantsAdded +
                  second.attributesAdded + second.valuesAdded + second.linksAdded,
              0);
    EXPECT_EQ(second.change.operation, 0) << "nothing changed: no step in the history";
    EXPECT_EQ(a.codings(), before);
}

TEST_F(MergeTest, OneUndoTakesBackTheWholeMerge) {
    a.code("T01", 0, 12, "Workload", "alice");
    ASSERT_OK(b.book->addCode("Support/Peers").status());
    b.code("T02", 26, 40, "Support/Peers", "bob");
    b.code("T01", 34, 44, "Workload", "bob");
    ASSERT_OK(b.store->importParticipants(sheet({{"T02", "student", "T02"}})).status());
    auto before = a.codings();
    auto participantsBefore = a.store->participants();
    ASSERT_OK(participantsBefore.status());

    MergeReport r = merge(b);
    EXPECT_EQ(r.participantsAdded, 1) << messages(r);
    EXPECT_EQ(a.codings().size(), 3u);
    auto undone = a.book->undo();
    ASSERT_OK(undone.status());
    EXPECT_EQ(undone->description, "merge b.margin");
    EXPECT_EQ(a.codings(), before);
    EXPECT_FALSE(a.book->findCode("Support").isOk()) << "codes the merge made are gone";
    auto coders = a.book->coders();
    ASSERT_OK(coders.status());
    EXPECT_EQ(*coders, std::vector<std::string>{"alice"});
    auto participants = a.store->participants();
    ASSERT_OK(participants.status());
    EXPECT_EQ(participants->size(), participantsBefore->size()) << "participant T02 is gone";

    ASSERT_OK(a.book->redo().status());
    EXPECT_EQ(a.codings().size(), 3u) << "redo brings it back";
}

TEST_F(MergeTest, DifferingCodeFieldsAreReportedAndThisProjectsKept) {
    CodeFields f;
    f.definition = "Hours beyond the contract.";
    f.color = "#123456";
    ASSERT_OK(b.book->updateCode("Workload", f).status());
    b.code("T01", 34, 44, "Workload", "bob");

    MergeReport r = merge(b);
    std::string all = messages(r);
    SCOPED_TRACE(all);
    EXPECT_EQ(r.conflicts.size(), 2u);
    EXPECT_TRUE(contains(all,
                         "code 'Predicaments/Workload': definition differs; kept this "
                         "project's \"Too much work.\", not \"Hours beyond the contract.\""));
    EXPECT_TRUE(contains(all, "code 'Predicaments/Workload': colour differs"));
    auto kept = a.book->findCode("Workload");
    ASSERT_OK(kept.status());
    EXPECT_EQ(kept->definition, "Too much work.");
    EXPECT_EQ(kept->color, "#C0392B");
    EXPECT_EQ(r.codingsAdded, 1) << "the codings still come in";
}

TEST_F(MergeTest, CodePathsMatchWhateverTheirCase) {
    ASSERT_OK(b.book->renameCode("Workload", "WORKLOAD").status());
    b.code("T01", 34, 44, "WORKLOAD", "bob");
    MergeReport r = merge(b);
    EXPECT_EQ(r.codesAdded, 0) << messages(r);
    EXPECT_EQ(a.codings(), std::vector<std::string>{"T01 [34, 44) Predicaments/Workload by bob"});
}

// A document whose content differs is refused, reported, and the rest
// merged; a document only in the other project is reported too.
TEST(MergeDocuments, DocumentsWhoseTextDiffersAreRefusedAndReported) {
    struct Case {
        const char* name;
        bool sameSha;  // imported from the same bytes, but the text differs
        const char* expected;
    };
    const Case cases[] = {
        {"different file", false,
         "document 'T02': text differs (imported from a different file); its 1 coding was not "
         "merged"},
        {"same file, other text", true,
         "document 'T02': text differs (same file, imported differently); its 1 coding was not "
         "merged"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        TempDir dir;
        auto a = Store::create(dir / "a.margin");
        auto b = Store::create(dir / "b.margin");
        ASSERT_OK(a.status());
        ASSERT_OK(b.status());
        for (Store* s : {a->get(), b->get()})
            ASSERT_OK(s->addDocument(interview("T01", kT01)).status());
        ASSERT_OK((*a)->addDocument(interview("T02", kT02)).status());
        corpus::NewDocument edited = interview("T02", kT02 + "T02: And more.\n");
        if (c.sameSha)
            edited.sha256 = corpus::sha256Hex(kT02);
        ASSERT_OK((*b)->addDocument(edited).status());
        ASSERT_OK((*b)->addDocument(interview("T03", "T03: only here.\n")).status());
        Codebook bookA(**a), bookB(**b);
        ASSERT_OK(bookB.addCode("Workload").status());
        auto code = bookB.findCode("Workload");
        ASSERT_OK(code.status());
        std::vector<NewCoding> codings;
        for (const auto& [doc, start, end] :
             std::vector<std::tuple<std::string, int, int>>{{"T01", 34, 44}, {"T02", 0, 5}}) {
            auto info = (*b)->findDocument(doc);
            ASSERT_OK(info.status());
            codings.push_back({code->id, info->id, start, end, "bob", ""});
        }
        ASSERT_OK(bookB.addCodings(codings).status());

        auto r = mergeProject(**a, bookA, **b, "b.margin", false);
        ASSERT_OK(r.status());
        std::string all = messages(*r);
        SCOPED_TRACE(all);
        EXPECT_FALSE(r->sameProject) << "separately created projects merge by content";
        EXPECT_EQ(r->documentsMatched, 1);
        EXPECT_EQ(r->codingsAdded, 1) << "T01's coding";
        EXPECT_EQ(r->codingsRefused, 1) << "T02's coding";
        ASSERT_EQ(r->conflicts.size(), 1u);
        EXPECT_EQ(r->conflicts[0].message, c.expected);
        ASSERT_EQ(r->missingDocuments.size(), 1u);
        EXPECT_EQ(r->missingDocuments[0],
                  "document 'T03' is not in this project (import the file first)");
        auto merged = bookA.codings();
        ASSERT_OK(merged.status());
        ASSERT_EQ(merged->size(), 1u);
        auto t01 = (*a)->findDocument("T01");
        EXPECT_EQ((*merged)[0].document, t01->id);
        EXPECT_EQ((*merged)[0].coder, "bob");
    }
}

TEST_F(MergeTest, ParticipantsAttributesAndValuesComeInDifferingValuesAreReported) {
    corpus::ParticipantTable t = sheet({{"T01", "student", "T01"}, {"T02", "student", "T02"}});
    t.columns.push_back({"years", corpus::AttributeType::Number, true});
    t.rows[0].values.push_back(std::string("12"));
    t.rows[1].values.push_back(std::string("3"));
    ASSERT_OK(b.store->importParticipants(t).status());

    MergeReport r = merge(b);
    std::string all = messages(r);
    SCOPED_TRACE(all);
    EXPECT_EQ(r.participantsAdded, 1) << "T02";
    EXPECT_EQ(r.attributesAdded, 1) << "years";
    EXPECT_EQ(r.valuesAdded, 3) << "T01's years, T02's role and years";
    EXPECT_EQ(r.linksAdded, 1) << "T02 to document T02";
    ASSERT_EQ(r.conflicts.size(), 1u);
    EXPECT_EQ(r.conflicts[0].message,
              "participant 'T01': role differs; kept \"teacher\", not \"student\"");
    auto participants = a.store->participants();
    ASSERT_OK(participants.status());
    ASSERT_EQ(participants->size(), 2u);
    EXPECT_EQ((*participants)[0].values.at("role"), "teacher");
    EXPECT_EQ((*participants)[0].values.at("years"), "12");
    EXPECT_EQ((*participants)[1].name, "T02");
    EXPECT_EQ((*participants)[1].values.at("role"), "student");
    EXPECT_EQ((*participants)[1].documents, std::vector<std::string>{"T02"});
}

TEST_F(MergeTest, DryRunChangesNothing) {
    b.code("T01", 34, 44, "Workload", "bob");
    auto generation = a.store->generation();
    ASSERT_OK(generation.status());
    MergeReport r = merge(b, /*dryRun=*/true);
    EXPECT_EQ(r.codingsAdded, 1);
    EXPECT_EQ(r.change.operation, 0);
    EXPECT_TRUE(a.codings().empty());
    auto after = a.store->generation();
    ASSERT_OK(after.status());
    EXPECT_EQ(*after, *generation);
}

TEST_F(MergeTest, AProjectCannotBeMergedIntoItself) {
    auto r = mergeProject(*a.store, *a.book, *a.store, "a.margin", false);
    ASSERT_FALSE(r.isOk());
    EXPECT_TRUE(contains(r.status().message(), "into itself")) << r.status().message();
}

TEST_F(MergeTest, OtherIsNotChanged) {
    b.code("T01", 34, 44, "Workload", "bob");
    auto generation = b.store->generation();
    ASSERT_OK(generation.status());
    merge(b);
    auto after = b.store->generation();
    ASSERT_OK(after.status());
    EXPECT_EQ(*after, *generation);
    EXPECT_EQ(b.codings(), std::vector<std::string>{"T01 [34, 44) Predicaments/Workload by bob"});
}

TEST_F(MergeTest, CodersAreListedWithTheirCountsAndTheDefaultCanBeSet) {
    a.code("T01", 0, 12, "Workload", "alice");
    a.code("T02", 0, 5, "Workload", "alice");
    a.code("T01", 34, 44, "Workload", "bob");
    auto coders = a.book->coderSummaries();
    ASSERT_OK(coders.status());
    ASSERT_EQ(coders->size(), 2u);
    EXPECT_EQ((*coders)[0].name, "alice");
    EXPECT_EQ((*coders)[0].codings, 2);
    EXPECT_EQ((*coders)[0].documents, 2);
    EXPECT_EQ((*coders)[1].name, "bob");
    EXPECT_EQ((*coders)[1].codings, 1);

    auto before = a.book->defaultCoder();
    EXPECT_EQ(*before, "default");
    ASSERT_OK(a.book->setDefaultCoder("carol"));
    EXPECT_EQ(*a.book->defaultCoder(), "carol");
    EXPECT_FALSE(a.book->setDefaultCoder(" carol").isOk());
    EXPECT_FALSE(a.book->setDefaultCoder("").isOk());
    EXPECT_EQ(*a.book->defaultCoder(), "carol");
}

}  // namespace
}  // namespace margin::codebook
