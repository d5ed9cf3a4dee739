// MainWindow::saveScreenshots: `margin-gui --screenshots DIR PROJECT` renders
// each main view to a PNG file so that anyone can look at the interface
// without a display (docs/screenshots/ holds the current set).
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QPixmap>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>

#include "app/gui/main_window.h"
#include "app/gui/models/models.h"
#include "app/gui/panes.h"
#include "app/gui/qtext.h"
#include "app/gui/session.h"

namespace margin::gui {

namespace {

// The share of CJK ideographs among a text's letters.
double cjkShare(const QString& text) {
    qint64 cjk = 0, letters = 0;
    for (QChar c : text) {
        if (!c.isLetter())
            continue;
        ++letters;
        if (c.script() == QChar::Script_Han)
            ++cjk;
    }
    return letters ? static_cast<double>(cjk) / static_cast<double>(letters) : 0;
}

}  // namespace

QStringList MainWindow::saveScreenshots(const QString& dir) {
    QStringList written;
    if (!m_session || !QDir().mkpath(dir))
        return written;
    auto settle = [this] {
        for (int i = 0; i < 10; ++i) {
            QApplication::processEvents();
            QThread::msleep(5);
        }
        m_session->waitForBackground();
        QApplication::processEvents();
    };
    auto save = [&](QWidget* widget, const QString& name) {
        settle();
        const QString path = QDir(dir).filePath(name);
        if (widget->grab().save(path))
            written << path;
    };
    resize(1600, 1000);
    show();
    resizeDocks({dock("search")}, {360}, Qt::Vertical);
    resizeDocks({dock("documents"), dock("codebook")}, {330, 440}, Qt::Horizontal);
    settle();

    auto& project = m_session->project();
    auto documents = project.store().documents();
    auto counts = project.codebook().documentCounts();
    if (!documents.isOk() || documents->empty())
        return written;
    // The transcript with the most codings, opened at its first coding.
    corpus::DocumentId busiest = documents->front().id;
    std::int64_t most = -1;
    if (counts.isOk())
        for (const auto& [doc, n] : *counts)
            if (n > most) {
                most = n;
                busiest = doc;
            }
    auto openAtFirstCoding = [&](corpus::DocumentId id) {
        openDocument(id);
        settle();
        const auto& codings = m_transcript->codings().codings();
        if (!codings.empty()) {
            // A little above the first coding.
            auto start = codings.front().start;
            m_transcript->select(start, start);
            auto* bar = m_transcript->editor()->verticalScrollBar();
            bar->setValue(std::max(0, bar->value() - 2));
        }
    };
    dock("search")->raise();
    openAtFirstCoding(busiest);
    save(this, "transcript.png");

    // A Chinese transcript (the one with the largest share of Chinese).
    corpus::DocumentId chinese = 0;
    double best = 0.3;
    for (const auto& d : *documents) {
        auto text = project.store().documentText(d.id);
        if (!text.isOk())
            continue;
        double share = cjkShare(toQString(std::string_view(*text).substr(0, 20000)));
        if (share > best) {
            best = share;
            chinese = d.id;
        }
    }
    if (chinese) {
        openAtFirstCoding(chinese);
        save(this, "transcript-chinese.png");
    }

    // The codebook.
    save(dock("codebook"), "codebook.png");

    // Search results, with the first hit opened.
    dock("search")->raise();
    for (const QString& query : {QStringLiteral("数据分析 OR \"data analysis\""),
                                 QStringLiteral("teacher OR 老师"), QStringLiteral("the")}) {
        m_search->queryBox()->setText(query);
        if (m_search->runSearch() && m_search->model().rowCount() > 0)
            break;
    }
    if (m_search->model().rowCount() > 0) {
        m_search->view()->selectRow(0);
        openDocument(m_search->model().hitAt(0)->document,
                     CharSpan{m_search->model().hitAt(0)->start, m_search->model().hitAt(0)->start},
                     {m_search->model().hitAt(0)->matches.begin(),
                      m_search->model().hitAt(0)->matches.end()});
    }
    save(this, "search.png");

    // Quotes of the code with the most codings that has no sub-codes.
    dock("quotes")->raise();
    const codebook::Code* quoted = nullptr;
    std::int64_t segments = -1;
    for (const auto& c : m_codebook->model().codes()) {
        auto n = m_codebook->model().countsOf(c.id).segments;
        bool leaf =
            std::none_of(m_codebook->model().codes().begin(), m_codebook->model().codes().end(),
                         [&](const codebook::Code& k) { return k.parent == c.id; });
        if (leaf && n > segments) {
            segments = n;
            quoted = &c;
        }
    }
    if (quoted)
        m_quotes->showCode(toQString(quoted->path));
    settle();
    if (m_quotes->model().rowCount() > 0)
        m_quotes->view()->selectRow(0);
    save(this, "quotes.png");

    // The theme-by-group table with its chart.
    dock("table")->raise();
    // The first theme of the codebook (the example study's predicaments).
    if (m_table->scopeBox()->count() > 1)
        m_table->scopeBox()->setCurrentIndex(1);
    m_table->refresh();
    save(this, "table.png");

    // An import report: one transcript that imports, two files that do not
    // (into this window's project: run on a copy, as margin-gui does).
    QTemporaryDir temp;
    if (temp.isValid()) {
        auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile f(temp.filePath(name));
            if (f.open(QIODevice::WriteOnly))
                f.write(bytes);
        };
        write("S09 follow-up.txt",
              QStringLiteral("访谈者：上次访谈以后，实习有什么变化吗？\n\n"
                             "S09：Some changes. 我们开始用真实店铺的数据做分析了。\n")
                  .toUtf8());
        write("notes.docx", QByteArray("this is not a Word document"));
        write("empty.txt", QByteArray());
        importPaths({temp.path()});
        settle();
        if (m_importReport)
            save(m_importReport, "import-report.png");
    }
    return written;
}

}  // namespace margin::gui
