// The Qt item models of margin-gui: adapters over the core API (Project,
// Codebook, the aggregation and report tables), one per kind of list the
// window shows. Widgets only bind to these; nothing here draws.
//
// Every model reads through the Session's Project and reloads itself when
// the Session says something changed. Positions in models are CharPos
// (corpus/offsets.h); only DocumentText (app/gui/qtext.h) converts them for Qt.
//
// Each model is checked by QAbstractItemModelTester in tests/gui.
#pragma once

#include <QAbstractItemModel>
#include <QAbstractTableModel>
#include <QColor>
#include <QMap>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "codebook/aggregate.h"
#include "codebook/codebook.h"
#include "codebook/report.h"
#include "corpus/store.h"
#include "indexer/index.h"

class QMimeData;

namespace margin::gui {

class Session;
class DocumentText;

// Roles shared by the models.
enum Role {
    IdRole = Qt::UserRole + 1,  // the row's object id (document, code, coding)
    DocumentRole,               // a document id
    StartRole,                  // CharPos
    EndRole,                    // CharPos
    SortRole,                   // a value to sort by (numbers as numbers)
    HtmlRole,                   // rich text (snippets with highlighted words)
    ColorRole,                  // a QColor
    PathRole,                   // a code's path
};

// The MIME types of margin-gui's drags.
inline constexpr const char* kCodeMime = "application/x-margin-codes";
inline constexpr const char* kSelectionMime = "application/x-margin-selection";

// Documents: name, participants, the first participant's attributes, the
// number of codings.
class DocumentsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit DocumentsModel(Session& session, QObject* parent = nullptr);
    void reload();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    corpus::DocumentId documentAt(int row) const;
    int rowOf(corpus::DocumentId id) const;
    const QStringList& attributes() const { return m_attributes; }
    // Column of an attribute; -1 if none.
    int attributeColumn(const QString& attribute) const;
    // The distinct values of an attribute among the documents' participants.
    QStringList valuesOf(const QString& attribute) const;

private:
    struct Row {
        corpus::DocumentInfo info;
        QStringList values;  // one per attribute
        qint64 codings = 0;
    };
    Session& m_session;
    QStringList m_attributes;
    std::vector<Row> m_rows;
};

// Filters documents by text (in the name, participants or attribute values)
// and by one attribute's value.
class DocumentsFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit DocumentsFilter(QObject* parent = nullptr);
    void setText(const QString& text);
    // An empty attribute or value shows every document.
    void setAttribute(const QString& attribute, const QString& value);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    QString m_text, m_attribute, m_value;
};

// The code tree: name (with its colour), segments, documents and quick key.
// Names are edited in place (a rename); codes and text selections can be
// dropped on a code: the model hands drops to the hooks below.
class CodebookModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Segments, Documents, Key, ColumnCount };
    explicit CodebookModel(Session& session, QObject* parent = nullptr);
    void reload();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

    const codebook::Code* codeAt(const QModelIndex& index) const;
    const codebook::Code* code(codebook::CodeId id) const;
    QModelIndex indexOf(codebook::CodeId id, int column = 0) const;
    const std::vector<codebook::Code>& codes() const { return m_codes; }
    codebook::CodeCounts countsOf(codebook::CodeId id) const;

    // Quick keys 1–9: key -> code.
    void setPins(const QMap<int, codebook::CodeId>& pins);
    const QMap<int, codebook::CodeId>& pins() const { return m_pins; }

    // A code dropped on another (`onto`, `row` nullopt), between the
    // children of `onto` before `row` (nullopt `onto`: the top level), or on
    // the empty area (both nullopt).
    std::function<void(codebook::CodeId code, std::optional<codebook::CodeId> onto,
                       std::optional<int> row)>
        onCodeDropped;
    // A transcript selection dropped on a code.
    std::function<void(const QMimeData* selection, codebook::CodeId code)> onSelectionDropped;

private:
    int rowInParent(std::size_t node) const;
    Session& m_session;
    std::vector<codebook::Code> m_codes;               // tree order
    std::vector<std::optional<std::size_t>> m_parent;  // index into m_codes
    std::vector<std::vector<std::size_t>> m_children;  // per code
    std::vector<std::size_t> m_roots;
    std::map<codebook::CodeId, std::size_t> m_byId;
    std::map<codebook::CodeId, codebook::CodeCounts> m_counts;
    QMap<int, codebook::CodeId> m_pins;
};

// The codings of one document, in text order: code, text, coder, memo.
class CodingsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Code, Text, Coder, Memo, ColumnCount };
    explicit CodingsModel(Session& session, QObject* parent = nullptr);
    void setDocument(corpus::DocumentId id, std::shared_ptr<const DocumentText> text);
    void reload();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    corpus::DocumentId document() const { return m_document; }
    const std::vector<codebook::Coding>& codings() const { return m_codings; }
    // Code paths and colours by id, for the views.
    const std::map<codebook::CodeId, codebook::Code>& codes() const { return m_codes; }

private:
    Session& m_session;
    corpus::DocumentId m_document = 0;
    std::shared_ptr<const DocumentText> m_text;
    std::vector<codebook::Coding> m_codings;
    std::map<codebook::CodeId, codebook::Code> m_codes;
};

// Search results: document, speaker, passage (HtmlRole: the snippet with
// the matched words in bold).
class SearchResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Document, Speaker, Passage, ColumnCount };
    explicit SearchResultsModel(QObject* parent = nullptr);
    void setResults(indexer::SearchResults results);
    const indexer::SearchResults& results() const { return m_results; }
    const indexer::Hit* hitAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    indexer::SearchResults m_results;
};

// The snippet of a hit as HTML, its matched words in <b>.
QString snippetHtml(const indexer::Hit& hit);

// Quotes of a code: code, document, participant, speaker, the quote.
class QuotesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Code, Document, Participant, Speaker, Quote, ColumnCount };
    explicit QuotesModel(QObject* parent = nullptr);
    void setQuotes(std::vector<codebook::Quote> quotes);
    const std::vector<codebook::Quote>& quotes() const { return m_quotes; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<codebook::Quote> m_quotes;
};

// Any report table (codebook/report.h), as the command line prints it:
// numbers right-aligned, percentages as "83.3%", totals in bold, the code
// tree indented. SortRole holds the numbers themselves; dataOnly columns
// are left out.
class ReportTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ReportTableModel(QObject* parent = nullptr);
    void setTable(codebook::report::Table table);
    const codebook::report::Table& table() const { return m_table; }
    // The report column shown in view column `column`.
    int reportColumn(int column) const { return m_shown.at(static_cast<std::size_t>(column)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    codebook::report::Table m_table;
    std::vector<int> m_shown;
};

// A report table's header ("enterprise percent"), word ("Total") or chart
// title ("percent by role") in the interface's language.
QString reportHeader(const std::string& name);
QString reportWord(const std::string& word);
QString reportChartTitle(const std::string& title);

// The text of a report cell as the Text format shows it.
QString cellText(const codebook::report::Cell& cell, codebook::report::Column::Kind kind);

// Participants and their attributes; attribute cells are editable.
class ParticipantsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ParticipantsModel(Session& session, QObject* parent = nullptr);
    void reload();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

private:
    Session& m_session;
    std::vector<corpus::Attribute> m_attributes;
    std::vector<corpus::Participant> m_participants;
};

}  // namespace margin::gui
