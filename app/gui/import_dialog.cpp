#include "app/gui/import_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressDialog>
#include <QTableWidget>
#include <QVBoxLayout>

#include <atomic>
#include <memory>
#include <mutex>

#include "app/gui/qtext.h"
#include "app/gui/session.h"

namespace margin::gui {

ImportReportDialog::ImportReportDialog(QWidget* parent, const QList<ImportLine>& lines,
                                       bool cancelled)
    : QDialog(parent) {
    setWindowTitle(tr("Import report"));
    int imported = 0, skipped = 0, failed = 0;
    m_table = new QTableWidget(static_cast<int>(lines.size()), 3, this);
    m_table->setHorizontalHeaderLabels({tr("File"), tr("Result"), tr("Details")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        QString what;
        QColor color;
        switch (line.what) {
            case ImportLine::What::Imported:
                what = tr("imported");
                color = QColor(0x1e, 0x84, 0x49);
                ++imported;
                break;
            case ImportLine::What::Skipped:
                what = tr("skipped");
                color = QColor(0x9a, 0x7d, 0x0a);
                ++skipped;
                break;
            case ImportLine::What::Failed:
                what = tr("failed");
                color = QColor(0xc0, 0x39, 0x2b);
                ++failed;
                break;
        }
        m_table->setItem(i, 0, new QTableWidgetItem(QFileInfo(line.file).fileName()));
        m_table->item(i, 0)->setToolTip(line.file);
        auto* result = new QTableWidgetItem(what);
        result->setForeground(color);
        m_table->setItem(i, 1, result);
        m_table->setItem(i, 2, new QTableWidgetItem(line.detail));
        m_table->item(i, 2)->setToolTip(line.detail);
    }
    m_table->resizeColumnsToContents();
    m_summary = new QLabel(this);
    QString text = tr("%1 imported, %2 skipped, %3 failed.").arg(imported).arg(skipped).arg(failed);
    if (cancelled)
        text +=
            " " + tr("The import was cancelled; the files imported before stay in the project.");
    m_summary->setText(text);
    m_summary->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(760, 380);
}

void importInBackground(Session& session, QWidget* parent, const QStringList& paths,
                        std::function<void(const QList<ImportLine>&, bool)> done) {
    auto* progress =
        new QProgressDialog(QObject::tr("Importing…"), QObject::tr("Cancel"), 0, 0, parent);
    progress->setWindowTitle(QObject::tr("Import"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    QObject::connect(progress, &QProgressDialog::canceled, progress, [cancel] { *cancel = true; });
    QPointer<QProgressDialog> guard(progress);
    std::vector<std::filesystem::path> files;
    for (const auto& p : paths)
        files.push_back(toPath(p));
    using Lines = QList<ImportLine>;
    struct Outcome {
        Lines lines;
        bool cancelled = false;
    };
    session.background<Result<Outcome>>(
        progress,
        [files, cancel, guard](app::Project& p) -> Result<Outcome> {
            Outcome out;
            corpus::ImportOptions options;
            auto summary =
                p.importFiles(files, options, true, [&](const app::Project::FileOutcome& o) {
                    ImportLine line;
                    line.file = toQString(o.path.string());
                    using What = app::Project::FileOutcome::What;
                    if (o.what == What::Imported) {
                        line.what = ImportLine::What::Imported;
                        line.detail = QObject::tr("%1 turns, speakers: %2")
                                          .arg(o.report.turns)
                                          .arg(toQString([&] {
                                              std::string s;
                                              for (const auto& sp : o.report.speakers)
                                                  s += (s.empty() ? "" : ", ") + sp;
                                              return s;
                                          }()));
                        for (const auto& w : o.report.warnings)
                            line.detail += "; " + toQString(w);
                    } else {
                        line.what = o.what == What::Skipped ? ImportLine::What::Skipped
                                                            : ImportLine::What::Failed;
                        line.detail = toQString(o.error.message());
                    }
                    out.lines.push_back(line);
                    const int position = o.position, total = o.total;
                    const QString name = QFileInfo(line.file).fileName();
                    QMetaObject::invokeMethod(
                        guard,
                        [guard, position, total, name] {
                            if (!guard)
                                return;
                            guard->setMaximum(total);
                            guard->setValue(position);
                            guard->setLabelText(QObject::tr("Importing %1 (%2 of %3)…")
                                                    .arg(name)
                                                    .arg(position)
                                                    .arg(total));
                        },
                        Qt::QueuedConnection);
                    return !*cancel;
                });
            out.cancelled = summary.cancelled;
            return out;
        },
        [progress, done, &session](const Result<Outcome>& outcome) {
            progress->close();
            progress->deleteLater();
            session.announceDocuments();
            if (!outcome.isOk()) {
                session.fail(toQString(outcome.status().message()));
                return;
            }
            done(outcome->lines, outcome->cancelled);
        });
}

}  // namespace margin::gui
