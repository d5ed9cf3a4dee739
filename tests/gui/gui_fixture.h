// Shared by the GUI tests: the example study built once with the real
// `margin` binary (examples/build-example.sh), copied for each test, and
// helpers to drive the window as a user would.
#pragma once

#include <QApplication>
#include <QProcess>
#include <QTest>
#include <QTextCursor>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/gui/main_window.h"
#include "app/gui/qtext.h"
#include "app/gui/session.h"
#include "tests/test_util.h"

namespace margin::gui::test {

// Runs the margin command line; returns its standard output.
inline QString runMargin(const QStringList& args, int* exitCode = nullptr) {
    QProcess p;
    p.start(MARGIN_BINARY, args);
    p.waitForFinished(120000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput());
}

// The example study's project, built once per test program.
inline const std::filesystem::path& exampleProject() {
    // Built once for all the GUI tests by ctest's fixture (GuiExampleProject).
    static std::filesystem::path given = [] {
        const char* env = std::getenv("MARGIN_GUI_EXAMPLE");
        return env && std::filesystem::exists(env) ? std::filesystem::path(env)
                                                   : std::filesystem::path();
    }();
    if (!given.empty())
        return given;
    static margin::test::TempDir dir;
    static std::filesystem::path project = [] {
        auto path = dir.path() / "example.margin";
        QProcess p;
        p.start("bash", {QString(MARGIN_EXAMPLES_DIR) + "/build-example.sh", MARGIN_BINARY,
                         toQString(path.string())});
        p.waitForFinished(300000);
        EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
        return path;
    }();
    return project;
}

// Processes events until `done` or a timeout.
template <class F>
bool waitFor(F done, int ms = 20000) {
    return QTest::qWaitFor(done, ms);
}

class GuiTest : public ::testing::Test {
protected:
    void SetUp() override {
        project = dir.path() / "study.margin";
        // A consistent copy of the example study for this test.
        auto original = app::Project::open(exampleProject());
        ASSERT_TRUE(original.isOk()) << original.status().message();
        ASSERT_TRUE((*original)->store().backup(project, false).isOk());
    }
    void TearDown() override {
        if (window && window->session())
            window->session()->waitForBackground();
        window.reset();
    }
    // Opens the window on the test's project, shown (offscreen) at a usual size.
    MainWindow& open() {
        window = std::make_unique<MainWindow>();
        EXPECT_TRUE(window->openProject(toQString(project.string())));
        // The copy has no search index yet: it is being rebuilt.
        if (window->session()) {
            EXPECT_TRUE(window->session()->waitForBackground());
        }
        window->resize(1400, 900);
        window->show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        return *window;
    }
    corpus::DocumentId documentNamed(const std::string& name) {
        auto doc = window->session()->project().store().findDocument(name);
        EXPECT_TRUE(doc.isOk());
        return doc.isOk() ? doc->id : 0;
    }
    // Selects `text` (its `occurrence`-th appearance, 0-based) in the open
    // transcript through the editor's Qt cursor, as a mouse drag would.
    std::pair<int, int> selectInTranscript(const QString& text, int occurrence = 0) {
        auto* editor = window->transcript()->editor();
        const QString& all = editor->toPlainText();
        qsizetype at = -1;
        for (int i = 0; i <= occurrence; ++i)
            at = all.indexOf(text, at + 1);
        EXPECT_GE(at, 0) << text.toStdString();
        QTextCursor cursor(editor->document());
        cursor.setPosition(static_cast<int>(at));
        cursor.setPosition(static_cast<int>(at + text.size()), QTextCursor::KeepAnchor);
        editor->setTextCursor(cursor);
        editor->setFocus();
        QApplication::processEvents();
        return {static_cast<int>(at), static_cast<int>(at + text.size())};
    }

    margin::test::TempDir dir;
    std::filesystem::path project;
    std::unique_ptr<MainWindow> window;
};

}  // namespace margin::gui::test
