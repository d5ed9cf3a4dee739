// MainWindow: margin-gui's window. Without a project it offers New, Open
// and the recent projects; with one, the transcript in the middle and the
// panes (app/gui/panes.h) as docks around it, arranged as the researcher
// left them last time (QSettings).
//
// Coding gestures all end in codeSelection(): select text, then click a
// code, press its quick key (1–9, while the transcript has the focus), drop
// the selection on a code, or pick one in the "code with…" box
// (Ctrl+Shift+C); "code as new code" (in vivo) names a new code after the
// selected words. Each is one committed operation of the project's history,
// undone with Ctrl+Z and redone with Ctrl+Shift+Z, from the window or the
// command line alike.
#pragma once

#include <QMainWindow>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "app/gui/import_dialog.h"
#include "app/gui/transcript_view.h"

class QDockWidget;
class QLabel;
class QMenu;
class QToolButton;

namespace margin::gui {

class Session;
class DocumentsPane;
class CodebookPane;
class SearchPane;
class QuotesPane;
class TablePane;
class ParticipantsPane;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens (or creates) a project, showing its first document unless
    // `openFirst` is false; on failure shows why and returns false.
    bool openProject(const QString& path, bool create = false, bool openFirst = true);
    Session* session() { return m_session.get(); }

    TranscriptView* transcript() { return m_transcript; }
    DocumentsPane* documentsPane() { return m_documents; }
    CodebookPane* codebookPane() { return m_codebook; }
    SearchPane* searchPane() { return m_search; }
    QuotesPane* quotesPane() { return m_quotes; }
    TablePane* tablePane() { return m_table; }
    ParticipantsPane* participantsPane() { return m_participants; }
    QDockWidget* dock(const QString& objectName) const;
    // The message shown for the last error (empty when none is shown).
    QString errorMessage() const;

    // Shows a document, selecting [start, end) and marking `matches`.
    void openDocument(corpus::DocumentId id, std::optional<CharSpan> select = {},
                      const std::vector<CharSpan>& matches = {});
    // Codes the transcript's selection with `code`; false (and a message in
    // the status bar) if nothing is selected or the coding failed.
    bool codeSelection(codebook::CodeId code);
    bool codeWithQuickKey(int key);
    bool codeInVivo();
    void codeWith();
    bool undo();
    bool redo();
    // Imports files and folders in the background, then shows the report.
    void importPaths(const QStringList& paths);
    ImportReportDialog* lastImportReport() { return m_importReport; }

    // Renders each main view to a PNG file in `dir`; returns the files.
    QStringList saveScreenshots(const QString& dir);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void buildWelcome();
    void buildProjectUi(bool openFirst);
    void updateActions();
    void showError(const QString& message);
    void addRecent(const QString& path);
    void newProject();
    void openProjectDialog();
    void chooseImport(bool folder);
    QDockWidget* addPane(QWidget* pane, const QString& title, const QString& name,
                         Qt::DockWidgetArea area);

    std::unique_ptr<Session> m_session;
    TranscriptView* m_transcript = nullptr;
    DocumentsPane* m_documents = nullptr;
    CodebookPane* m_codebook = nullptr;
    SearchPane* m_search = nullptr;
    QuotesPane* m_quotes = nullptr;
    TablePane* m_table = nullptr;
    ParticipantsPane* m_participants = nullptr;
    ImportReportDialog* m_importReport = nullptr;
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QLabel* m_welcomeError = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QList<QAction*> m_projectActions;
    QList<QAction*> m_selectionActions;
};

}  // namespace margin::gui
