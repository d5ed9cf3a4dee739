// The GUI tests' main: a real QApplication on the offscreen platform (no
// display needed), settings in a temporary folder, then GoogleTest.
#include <QApplication>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
    if (!std::getenv("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Settings (pins, recent projects, window state) of these tests only.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("XDG_RUNTIME_DIR", config.path().toUtf8());
    // No rolling backups unless a test asks for them.
    if (!std::getenv("MARGIN_GUI_TEST_BACKUPS"))
        qputenv("MARGIN_NO_BACKUP", "1");
    // A second writer gives up after 1 s (read once per process).
    if (!std::getenv("MARGIN_BUSY_TIMEOUT_MS"))
        qputenv("MARGIN_BUSY_TIMEOUT_MS", "1000");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MarginTests");
    QApplication::setApplicationName("margin-gui-tests");
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
