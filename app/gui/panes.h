// The panes of margin-gui's main window, each a dock the researcher can
// move: Documents, Codebook, Search, Quotes, Table, Participants. Each binds
// widgets to a model of app/gui/models and asks the Session for changes;
// what a pane cannot do alone (open a document, code the selection) it
// asks the window for through a signal.
#pragma once

#include <QWidget>

#include <optional>

#include "app/gui/transcript_view.h"
#include "app/project.h"
#include "codebook/codebook.h"
#include "corpus/store.h"
#include "indexer/index.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;
class QTreeView;

class QChartView;

namespace margin::gui {

class Session;
class DocumentsModel;
class DocumentsFilter;
class CodebookModel;
class SearchResultsModel;
class QuotesModel;
class ReportTableModel;
class ParticipantsModel;

class DocumentsPane : public QWidget {
    Q_OBJECT
public:
    explicit DocumentsPane(Session& session, QWidget* parent = nullptr);
    DocumentsModel& model() { return *m_model; }
    QTableView* view() { return m_view; }
    QLineEdit* filterText() { return m_text; }
    QComboBox* attributeBox() { return m_attribute; }
    QComboBox* valueBox() { return m_value; }
    void selectDocument(corpus::DocumentId id);

signals:
    void documentActivated(corpus::DocumentId id);

private:
    void refreshAttributes();
    DocumentsModel* m_model;
    DocumentsFilter* m_filter;
    QTableView* m_view;
    QLineEdit* m_text;
    QComboBox* m_attribute;
    QComboBox* m_value;
};

class CodebookPane : public QWidget {
    Q_OBJECT
public:
    explicit CodebookPane(Session& session, QWidget* parent = nullptr);
    CodebookModel& model() { return *m_model; }
    QTreeView* view() { return m_view; }
    std::optional<codebook::CodeId> currentCode() const;
    void selectCode(codebook::CodeId id);
    // Quick keys: the pinned code of key 1–9.
    std::optional<codebook::CodeId> pinned(int key) const;
    void pin(codebook::CodeId code, int key);

    // Actions (also in the window's Codes menu).
    void newCode();
    void editCode();
    void deleteCode();
    void pinCode();

signals:
    // The researcher clicked a code (to apply it to the selection).
    void codeClicked(codebook::CodeId code);
    // A transcript selection was dropped on a code.
    void selectionDropped(codebook::CodeId code);

private:
    void loadPins();
    void savePins();
    void codeDropped(codebook::CodeId code, std::optional<codebook::CodeId> onto,
                     std::optional<int> row);
    Session& m_session;
    CodebookModel* m_model;
    QTreeView* m_view;
};

class SearchPane : public QWidget {
    Q_OBJECT
public:
    explicit SearchPane(Session& session, QWidget* parent = nullptr);
    SearchResultsModel& model() { return *m_model; }
    QLineEdit* queryBox() { return m_query; }
    QTableView* view() { return m_view; }
    QLabel* countLabel() { return m_count; }
    QPushButton* codeAllButton() { return m_codeAll; }
    // Runs the query in the box; false (and a message in the pane) on error.
    bool runSearch();
    QString effectiveQuery() const;
    // Codes every result: asks for the code and unit, previews, applies.
    void codeAllResults();
    // Without dialogs: plans and applies an auto-coding in the background;
    // `done` gets the number of codings added (or the error).
    void autocode(codebook::CodeId code, app::Project::AutocodeOptions::Unit unit,
                  std::function<void(const QString& error, int added)> done);

signals:
    void hitActivated(const indexer::Hit& hit);

private:
    Session& m_session;
    SearchResultsModel* m_model;
    QLineEdit* m_query;
    QComboBox* m_speaker;
    QCheckBox* m_stem;
    QTableView* m_view;
    QLabel* m_count;
    QPushButton* m_codeAll;
};

class QuotesPane : public QWidget {
    Q_OBJECT
public:
    explicit QuotesPane(Session& session, QWidget* parent = nullptr);
    QuotesModel& model() { return *m_model; }
    QComboBox* codeBox() { return m_code; }
    QComboBox* attributeBox() { return m_attribute; }
    QComboBox* valueBox() { return m_value; }
    QTableView* view() { return m_view; }
    void showCode(const QString& path);
    void refresh();
    void exportQuotes();

signals:
    void quoteActivated(corpus::DocumentId document, corpus::CharPos start, corpus::CharPos end);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void reloadChoices();
    bool m_stale = true;  // the quotes are computed when the pane is shown
    Session& m_session;
    QuotesModel* m_model;
    QComboBox* m_code;
    QCheckBox* m_subcodes;
    QComboBox* m_attribute;
    QComboBox* m_value;
    QLineEdit* m_words;
    QTableView* m_view;
    QLabel* m_count;
};

class TablePane : public QWidget {
    Q_OBJECT
public:
    explicit TablePane(Session& session, QWidget* parent = nullptr);
    ReportTableModel& model() { return *m_model; }
    QComboBox* attributeBox() { return m_attribute; }
    QListWidget* measuresList() { return m_measures; }
    QCheckBox* rollupBox() { return m_rollup; }
    QComboBox* scopeBox() { return m_scope; }
    QTableView* view() { return m_view; }
    QChartView* chartView() { return m_chart; }
    // Computes the table in the background; tableReady() when shown.
    void refresh();
    void exportTable();
    bool busy() const { return m_pending; }

signals:
    void tableReady();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void reloadChoices();
    bool m_stale = true;  // the table is computed when the pane is shown
    void drawChart();
    Session& m_session;
    ReportTableModel* m_model;
    QComboBox* m_attribute;
    QListWidget* m_measures;
    QCheckBox* m_rollup;
    QComboBox* m_scope;
    QTableView* m_view;
    QChartView* m_chart;
    bool m_pending = false;
    bool m_again = false;
};

class ParticipantsPane : public QWidget {
    Q_OBJECT
public:
    explicit ParticipantsPane(Session& session, QWidget* parent = nullptr);
    ParticipantsModel& model() { return *m_model; }
    QTableView* view() { return m_view; }
    void importSheet();

private:
    Session& m_session;
    ParticipantsModel* m_model;
    QTableView* m_view;
};

}  // namespace margin::gui
