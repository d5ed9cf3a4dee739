// Importing files and folders from margin-gui: a progress dialog that can be
// cancelled while a worker thread imports (each file its own transaction,
// as on the command line), then a report listing every file with what
// happened to it and why.
#pragma once

#include <QDialog>
#include <QStringList>

#include <functional>

class QLabel;
class QTableWidget;

namespace margin::gui {

class Session;

struct ImportLine {
    QString file;
    enum class What { Imported, Skipped, Failed } what = What::Failed;
    QString detail;  // turns and speakers, or the reason
};

class ImportReportDialog : public QDialog {
    Q_OBJECT
public:
    ImportReportDialog(QWidget* parent, const QList<ImportLine>& lines, bool cancelled);
    QTableWidget* table() { return m_table; }
    QLabel* summary() { return m_summary; }

private:
    QTableWidget* m_table;
    QLabel* m_summary;
};

// Imports `paths` in the background with a progress dialog over `parent`;
// `done` gets the lines of the report (on the GUI thread).
void importInBackground(Session& session, QWidget* parent, const QStringList& paths,
                        std::function<void(const QList<ImportLine>&, bool cancelled)> done);

}  // namespace margin::gui
