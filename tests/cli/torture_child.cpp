// The child of the torture test (tests/cli/torture_test.cpp): opens the
// project named on its command line and applies random coding and codebook
// operations, each through app::Project (so the search index follows), until
// it is killed.
//
//   margin-torture-child PROJECT SEED [OPERATIONS]
//
// (with OPERATIONS, it exits 0 after that many, for debugging).
// It writes, unbuffered, one line per event:
//   start DIGEST       the project opened, in this state
//   begin N            operation N is about to run
//   ok N DIGEST        operation N returned OK; the state is now DIGEST
//   no N DIGEST        operation N was refused (nothing changed)
// DIGEST is codebookDigest() (tests/cli/torture_digest.h). Exits 1 with a
// message on stderr if the project cannot be opened or read.
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "app/project.h"
#include "tests/cli/torture_digest.h"

namespace margin::test {
namespace {

void say(const std::string& line) {
    std::string text = line + "\n";
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        ssize_t n = ::write(1, p, left);
        if (n <= 0)
            _exit(3);
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

[[noreturn]] void die(const std::string& what, const Status& status) {
    std::fprintf(stderr, "margin-torture-child: %s: %s\n", what.c_str(), status.message().c_str());
    std::exit(1);
}

class Torturer {
public:
    Torturer(app::Project& project, std::uint32_t seed) : m_project(project), m_random(seed) {
        auto docs = project.store().documents();
        if (!docs.isOk())
            die("documents", docs.status());
        m_documents = std::move(docs).value();
    }

    // Runs one random operation; false when it was refused.
    bool step() {
        auto codes = m_project.codebook().codes();
        if (!codes.isOk())
            die("codes", codes.status());
        m_codes = std::move(codes).value();
        int dice = pick(100);
        if (m_codes.size() < 3 || dice < 10)
            return addCode();
        if (dice < 38)
            return addCodings();
        if (dice < 48)
            return removeCodings();
        if (dice < 54)
            return apply(
                [&](codebook::Codebook& c) { return c.renameCode(someCode().path, freshName()); });
        if (dice < 60)
            return apply([&](codebook::Codebook& c) {
                return c.moveCode(someCode().path, pick(4) == 0 ? "" : someCode().path);
            });
        if (dice < 64)
            return apply([&](codebook::Codebook& c) {
                return c.mergeCode(someCode().path, someCode().path);
            });
        if (dice < 68)
            return apply(
                [&](codebook::Codebook& c) { return c.deleteCode(leafCode().path, true); });
        if (dice < 72)
            return apply([&](codebook::Codebook& c) {
                codebook::CodeFields fields;
                fields.memo = "memo " + freshName();
                fields.color = pick(2) ? "#1A2B3C" : "#C0392B";
                return c.updateCode(someCode().path, fields);
            });
        if (dice < 82)
            return setCodingMemo();
        if (dice < 92)
            return m_project.undo().isOk();
        return m_project.redo().isOk();
    }

private:
    int pick(int n) { return static_cast<int>(m_random() % static_cast<std::uint32_t>(n)); }
    std::string freshName() { return "T" + std::to_string(m_random() % 100000); }
    const codebook::Code& someCode() { return m_codes[static_cast<std::size_t>(pick(size()))]; }
    int size() const { return static_cast<int>(m_codes.size()); }
    // Mostly a code without sub-codes, so that deletes do not empty the tree.
    const codebook::Code& leafCode() {
        for (int tries = 0; tries < 20; ++tries) {
            const auto& c = someCode();
            bool leaf = true;
            for (const auto& other : m_codes)
                leaf = leaf && !(other.parent && *other.parent == c.id);
            if (leaf)
                return c;
        }
        return someCode();
    }

    bool apply(const std::function<Result<codebook::Change>(codebook::Codebook&)>& mutation) {
        return m_project.change(mutation).isOk();
    }

    bool addCode() {
        static const std::vector<std::string> parents = {"", "Torture", "Torture/Inner",
                                                         "Predicaments"};
        std::string parent = parents[static_cast<std::size_t>(pick(4))];
        if (!m_codes.empty() && pick(3) == 0)
            parent = someCode().path;
        std::string path = (parent.empty() ? "" : parent + "/") + freshName();
        codebook::CodeFields fields;
        if (pick(2))
            fields.definition = "definition of " + path;
        return apply([&](codebook::Codebook& c) { return c.addCode(path, fields); });
    }

    bool addCodings() {
        std::vector<codebook::NewCoding> codings;
        int n = pick(4) == 0 ? 2 + pick(20) : 1;
        for (int i = 0; i < n; ++i) {
            const auto& doc =
                m_documents[static_cast<std::size_t>(pick(static_cast<int>(m_documents.size())))];
            if (doc.length < 2)
                continue;
            corpus::CharPos start = pick(static_cast<int>(doc.length - 1));
            corpus::CharPos end =
                start + 1 +
                pick(static_cast<int>(std::min<corpus::CharPos>(200, doc.length - start)));
            end = std::min(end, doc.length);
            codings.push_back({someCode().id, doc.id, start, end, pick(2) ? "ana" : "ben",
                               pick(5) == 0 ? "why " + freshName() : ""});
        }
        if (codings.empty())
            return false;
        return apply([&](codebook::Codebook& c) { return c.addCodings(codings, "torture"); });
    }

    std::vector<codebook::Coding> allCodings() {
        auto codings = m_project.codebook().codings();
        if (!codings.isOk())
            die("codings", codings.status());
        return std::move(codings).value();
    }

    bool removeCodings() {
        auto codings = allCodings();
        if (codings.empty())
            return false;
        std::vector<codebook::CodingId> ids;
        for (int i = 0, n = 1 + pick(3); i < n; ++i)
            ids.push_back(
                codings[static_cast<std::size_t>(pick(static_cast<int>(codings.size())))].id);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return apply([&](codebook::Codebook& c) { return c.removeCodings(ids); });
    }

    bool setCodingMemo() {
        auto codings = allCodings();
        if (codings.empty())
            return false;
        auto id = codings[static_cast<std::size_t>(pick(static_cast<int>(codings.size())))].id;
        std::string memo = pick(4) == 0 ? "" : "note " + freshName();
        return apply([&](codebook::Codebook& c) { return c.setCodingMemo(id, memo); });
    }

    app::Project& m_project;
    std::mt19937 m_random;
    std::vector<corpus::DocumentInfo> m_documents;
    std::vector<codebook::Code> m_codes;
};

std::string digestOf(app::Project& project) {
    auto digest = codebookDigest(project.codebook());
    if (!digest.isOk())
        die("digest", digest.status());
    return *digest;
}

}  // namespace
}  // namespace margin::test

int main(int argc, char** argv) {
    using namespace margin;
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: margin-torture-child PROJECT SEED [OPERATIONS]\n");
        return 2;
    }
    auto project = app::Project::open(argv[1]);
    if (!project.isOk())
        test::die(argv[1], project.status());
    test::Torturer torturer(**project, static_cast<std::uint32_t>(std::stoul(argv[2])));
    test::say("start " + test::digestOf(**project));
    const long operations = argc == 4 ? std::stol(argv[3]) : -1;
    for (long n = 1; n != operations + 1; ++n) {
        test::say("begin " + std::to_string(n));
        bool ok = torturer.step();
        test::say((ok ? "ok " : "no ") + std::to_string(n) + " " + test::digestOf(**project));
    }
}
