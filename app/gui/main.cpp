// margin-gui: the desktop application (app/gui/main_window.h).
//
//   margin-gui [PROJECT]                      open a project (or choose one)
//   margin-gui --screenshots DIR PROJECT      render each main view to DIR/*.png
//                                             (on a copy of the project) and exit
//   margin-gui --document NAME PROJECT        open at a document
//   margin-gui --quit-after-paint ...         exit after the transcript's first
//                                             complete paint, printing the time
//                                             since start (bench/gui_open.sh)
//   margin-gui --scroll-benchmark ...         with --quit-after-paint: first
//                                             scroll through the whole transcript
//                                             a page at a time, painting each
//                                             page, and print the paint times
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QIcon>
#include <QPainter>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/gui/main_window.h"
#include "app/gui/qtext.h"
#include "app/gui/session.h"
#include "app/gui/transcript_view.h"
#include "app/gui/translations.h"
#include "app/project.h"

namespace {

// The window icon: a page with coloured brackets in its margin.
QIcon appIcon() {
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(0xfa, 0xfa, 0xf7));
    p.setPen(QPen(QColor(0x34, 0x49, 0x5e), 3));
    p.drawRoundedRect(6, 4, 40, 56, 5, 5);
    p.setPen(QPen(QColor(0x95, 0xa5, 0xa6), 3));
    for (int y = 16; y <= 48; y += 8)
        p.drawLine(13, y, 38, y);
    p.setPen(QPen(QColor(0xc0, 0x39, 0x2b), 4));
    p.drawLine(52, 12, 52, 34);
    p.setPen(QPen(QColor(0x27, 0xae, 0x60), 4));
    p.drawLine(58, 26, 58, 52);
    return QIcon(pixmap);
}

// Pages through the transcript, painting text and margin at each page (as
// scrolling does), and prints the paint times.
void scrollThrough(margin::gui::TranscriptView& view) {
    auto* bar = view.editor()->verticalScrollBar();
    std::vector<double> ms;
    QElapsedTimer timer;
    for (int value = 0; value <= bar->maximum(); value += std::max(1, bar->pageStep())) {
        timer.start();
        bar->setValue(value);
        view.editor()->viewport()->repaint();
        view.margin()->repaint();
        ms.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))];
    };
    std::printf("scroll: %zu pages, paint median %.1f ms, p99 %.1f ms, max %.1f ms\n", ms.size(),
                at(0.5), at(0.99), ms.back());
    std::fflush(stdout);
}

int fail(const QString& message) {
    std::fprintf(stderr, "margin-gui: %s\n", message.toUtf8().constData());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer clock;
    clock.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Margin");
    QApplication::setApplicationName("margin-gui");
    QApplication::setApplicationVersion(MARGIN_VERSION);
    QApplication::setWindowIcon(appIcon());
    QApplication::setDesktopFileName("margin-gui");

    QCommandLineParser parser;
    parser.setApplicationDescription("Margin: qualitative coding of interview transcripts.");
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshots("screenshots",
                                   "Render each main view to PNG files in DIR and exit.", "DIR");
    QCommandLineOption document("document", "Open the document NAME.", "NAME");
    QCommandLineOption quitAfterPaint("quit-after-paint",
                                      "Exit after the transcript's first complete paint, printing "
                                      "the milliseconds since start.");
    QCommandLineOption scrollBenchmark(
        "scroll-benchmark",
        "With --quit-after-paint: page through the whole transcript "
        "first, printing each page's paint time (median, p99, max).");
    QCommandLineOption language("lang", "Interface language (en, zh_CN); default: the system's.",
                                "LANG");
    parser.addOptions({screenshots, document, quitAfterPaint, scrollBenchmark, language});
    parser.addPositionalArgument("project", "The project file (.margin) to open.", "[PROJECT]");
    parser.process(app);
    margin::gui::installTranslations(app, parser.value(language));

    const QStringList args = parser.positionalArguments();
    margin::gui::MainWindow window;

    if (parser.isSet(screenshots)) {
        if (args.isEmpty())
            return fail("--screenshots needs a project");
        // On a copy: the screenshots import files and run searches.
        QTemporaryDir temp;
        if (!temp.isValid())
            return fail("cannot make a temporary folder");
        const QString copy = temp.filePath(QFileInfo(args.first()).fileName());
        {
            auto original = margin::app::Project::open(margin::gui::toPath(args.first()));
            if (!original.isOk())
                return fail(margin::gui::toQString(original.status().message()));
            auto status = (*original)->store().backup(margin::gui::toPath(copy), false);
            if (!status.isOk())
                return fail(margin::gui::toQString(status.message()));
        }
        if (!window.openProject(copy))
            return fail(window.errorMessage());
        const QStringList files = window.saveScreenshots(parser.value(screenshots));
        for (const auto& f : files)
            std::printf("%s\n", QDir::toNativeSeparators(f).toUtf8().constData());
        window.session()->waitForBackground();
        return files.isEmpty() ? 1 : 0;
    }

    if (!args.isEmpty() && !window.openProject(args.first(), false, !parser.isSet(document)) &&
        parser.isSet(quitAfterPaint))
        return 1;
    if (parser.isSet(document) && window.session()) {
        auto doc = window.session()->project().store().findDocument(
            margin::gui::toUtf8(parser.value(document)));
        if (!doc.isOk())
            return fail(margin::gui::toQString(doc.status().message()));
        window.openDocument(doc->id);
    }
    if (parser.isSet(quitAfterPaint)) {
        if (!window.transcript())
            return fail("--quit-after-paint needs a project with a document");
        QObject::connect(window.transcript(), &margin::gui::TranscriptView::firstPaint, &app, [&] {
            std::printf("first paint after %lld ms\n", static_cast<long long>(clock.elapsed()));
            std::fflush(stdout);
            // Outside the paint event that reported it.
            QTimer::singleShot(0, &app, [&] {
                if (parser.isSet(scrollBenchmark))
                    scrollThrough(*window.transcript());
                window.session()->waitForBackground();
                QApplication::quit();
            });
        });
    }
    window.show();
    return QApplication::exec();
}
