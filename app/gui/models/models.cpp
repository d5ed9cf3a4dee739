#include "app/gui/models/models.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QFont>
#include <QIODevice>
#include <QMimeData>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <set>

#include "app/gui/qtext.h"
#include "app/gui/session.h"
#include "corpus/offsets.h"

namespace margin::gui {

namespace {

QColor colorOf(const std::string& hex) {
    QColor c(toQString(hex));
    return c.isValid() ? c : QColor(0x88, 0x88, 0x88);
}

int count(std::size_t n) {
    return static_cast<int>(n);
}
std::size_t at(int row) {
    return static_cast<std::size_t>(row);
}

QString joinedNames(const std::vector<std::string>& names) {
    QStringList list;
    for (const auto& n : names)
        list << toQString(n);
    return list.join(", ");
}

}  // namespace

// --- DocumentsModel ------------------------------------------------------------

DocumentsModel::DocumentsModel(Session& session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session) {
    connect(&session, &Session::documentsChanged, this, &DocumentsModel::reload);
    connect(&session, &Session::changed, this, [this] {
        // Only the counts of codings can change: refresh that column.
        auto counts = m_session.project().codebook().documentCounts();
        if (!counts.isOk())
            return;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            auto it = counts->find(m_rows[i].info.id);
            qint64 n = it == counts->end() ? 0 : it->second;
            if (n != m_rows[i].codings) {
                m_rows[i].codings = n;
                auto cell = index(count(i), columnCount() - 1);
                emit dataChanged(cell, cell);
            }
        }
    });
    reload();
}

void DocumentsModel::reload() {
    beginResetModel();
    m_rows.clear();
    m_attributes.clear();
    auto& store = m_session.project().store();
    auto documents = store.documents();
    auto attributes = store.attributes();
    auto participants = store.participants();
    auto counts = m_session.project().codebook().documentCounts();
    if (attributes.isOk())
        for (const auto& a : *attributes)
            m_attributes << toQString(a.name);
    std::map<std::string, const corpus::Participant*> byName;
    if (participants.isOk())
        for (const auto& p : *participants)
            byName[p.name] = &p;
    if (documents.isOk()) {
        for (auto& info : *documents) {
            Row row;
            row.info = info;
            const corpus::Participant* first = nullptr;
            if (!info.participants.empty())
                if (auto it = byName.find(info.participants.front()); it != byName.end())
                    first = it->second;
            for (const auto& a : m_attributes) {
                QString value;
                if (first)
                    if (auto v = first->values.find(toUtf8(a)); v != first->values.end())
                        value = toQString(v->second);
                row.values << value;
            }
            if (counts.isOk())
                if (auto c = counts->find(info.id); c != counts->end())
                    row.codings = c->second;
            m_rows.push_back(std::move(row));
        }
    }
    endResetModel();
}

int DocumentsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count(m_rows.size());
}

int DocumentsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 3 + count(static_cast<std::size_t>(m_attributes.size()));
}

QVariant DocumentsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count(m_rows.size()))
        return {};
    const Row& row = m_rows[at(index.row())];
    const int last = columnCount() - 1;
    if (role == IdRole || role == DocumentRole)
        return QVariant::fromValue<qint64>(row.info.id);
    if (role == Qt::TextAlignmentRole && index.column() == last)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == 0)
        return tr("%1 (%2, %3 characters, %4 turns)")
            .arg(toQString(row.info.sourceName), toQString(row.info.sourceEncoding))
            .arg(row.info.length)
            .arg(row.info.turnCount);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    if (index.column() == 0)
        return toQString(row.info.name);
    if (index.column() == 1)
        return joinedNames(row.info.participants);
    if (index.column() == last)
        return QVariant::fromValue<qint64>(row.codings);
    return row.values.value(index.column() - 2);
}

QVariant DocumentsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Document");
    if (section == 1)
        return tr("Participant");
    if (section == columnCount() - 1)
        return tr("Codings");
    return m_attributes.value(section - 2);
}

corpus::DocumentId DocumentsModel::documentAt(int row) const {
    return row >= 0 && row < count(m_rows.size()) ? m_rows[at(row)].info.id : 0;
}

int DocumentsModel::rowOf(corpus::DocumentId id) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].info.id == id)
            return count(i);
    return -1;
}

int DocumentsModel::attributeColumn(const QString& attribute) const {
    int i = static_cast<int>(m_attributes.indexOf(attribute));
    return i < 0 ? -1 : i + 2;
}

QStringList DocumentsModel::valuesOf(const QString& attribute) const {
    int i = static_cast<int>(m_attributes.indexOf(attribute));
    std::set<QString> values;
    if (i >= 0)
        for (const auto& row : m_rows)
            if (!row.values.value(i).isEmpty())
                values.insert(row.values.value(i));
    return QStringList(values.begin(), values.end());
}

// --- DocumentsFilter -----------------------------------------------------------

DocumentsFilter::DocumentsFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(SortRole);
}

void DocumentsFilter::setText(const QString& text) {
    m_text = text.trimmed();
    invalidateFilter();
}

void DocumentsFilter::setAttribute(const QString& attribute, const QString& value) {
    m_attribute = attribute;
    m_value = value;
    invalidateFilter();
}

bool DocumentsFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    auto* documents = qobject_cast<DocumentsModel*>(sourceModel());
    if (!documents)
        return true;
    if (!m_attribute.isEmpty() && !m_value.isEmpty()) {
        int column = documents->attributeColumn(m_attribute);
        if (column < 0 || documents->index(row, column, parent)
                                  .data()
                                  .toString()
                                  .compare(m_value, Qt::CaseInsensitive) != 0)
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (int c = 0; c < documents->columnCount() - 1; ++c)
        if (documents->index(row, c, parent)
                .data()
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    return false;
}

// --- CodebookModel -------------------------------------------------------------

CodebookModel::CodebookModel(Session& session, QObject* parent)
    : QAbstractItemModel(parent), m_session(session) {
    // Queued: a rename typed in the view must finish editing before the
    // model resets under it.
    connect(&session, &Session::changed, this, &CodebookModel::reload, Qt::QueuedConnection);
    reload();
}

void CodebookModel::reload() {
    beginResetModel();
    m_codes.clear();
    m_parent.clear();
    m_children.clear();
    m_roots.clear();
    m_byId.clear();
    m_counts.clear();
    auto& codebook = m_session.project().codebook();
    auto codes = codebook.codes();
    auto counts = codebook.counts();
    if (codes.isOk())
        m_codes = std::move(codes).value();
    if (counts.isOk())
        m_counts = std::move(counts).value();
    m_parent.resize(m_codes.size());
    m_children.resize(m_codes.size());
    for (std::size_t i = 0; i < m_codes.size(); ++i)
        m_byId[m_codes[i].id] = i;
    for (std::size_t i = 0; i < m_codes.size(); ++i) {
        const auto& c = m_codes[i];
        if (c.parent && m_byId.count(*c.parent)) {
            m_parent[i] = m_byId[*c.parent];
            m_children[*m_parent[i]].push_back(i);
        } else {
            m_roots.push_back(i);
        }
    }
    // Pins of codes that are gone are dropped.
    for (auto it = m_pins.begin(); it != m_pins.end();)
        it = m_byId.count(it.value()) ? std::next(it) : m_pins.erase(it);
    endResetModel();
}

int CodebookModel::rowInParent(std::size_t node) const {
    const auto& siblings = m_parent[node] ? m_children[*m_parent[node]] : m_roots;
    auto it = std::find(siblings.begin(), siblings.end(), node);
    return static_cast<int>(it - siblings.begin());
}

QModelIndex CodebookModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const std::vector<std::size_t>* siblings = &m_roots;
    if (parent.isValid())
        siblings = &m_children[parent.internalId()];
    if (row >= count(siblings->size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>((*siblings)[at(row)]));
}

QModelIndex CodebookModel::parent(const QModelIndex& child) const {
    if (!child.isValid())
        return {};
    auto node = static_cast<std::size_t>(child.internalId());
    if (node >= m_parent.size() || !m_parent[node])
        return {};
    std::size_t p = *m_parent[node];
    return createIndex(rowInParent(p), 0, static_cast<quintptr>(p));
}

int CodebookModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return count(m_roots.size());
    if (parent.column() != 0)
        return 0;
    return count(m_children[parent.internalId()].size());
}

int CodebookModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

const codebook::Code* CodebookModel::codeAt(const QModelIndex& index) const {
    if (!index.isValid() || index.model() != this || index.internalId() >= m_codes.size())
        return nullptr;
    return &m_codes[index.internalId()];
}

const codebook::Code* CodebookModel::code(codebook::CodeId id) const {
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_codes[it->second];
}

QModelIndex CodebookModel::indexOf(codebook::CodeId id, int column) const {
    auto it = m_byId.find(id);
    if (it == m_byId.end())
        return {};
    return createIndex(rowInParent(it->second), column, static_cast<quintptr>(it->second));
}

codebook::CodeCounts CodebookModel::countsOf(codebook::CodeId id) const {
    auto it = m_counts.find(id);
    return it == m_counts.end() ? codebook::CodeCounts{} : it->second;
}

void CodebookModel::setPins(const QMap<int, codebook::CodeId>& pins) {
    m_pins = pins;
    // The Key cell of every code (each row is its own range in a tree).
    for (const auto& c : m_codes) {
        QModelIndex key = indexOf(c.id, Key);
        emit dataChanged(key, key);
    }
}

QVariant CodebookModel::data(const QModelIndex& index, int role) const {
    const codebook::Code* c = codeAt(index);
    if (!c)
        return {};
    auto counts = countsOf(c->id);
    switch (role) {
        case IdRole:
            return QVariant::fromValue<qint64>(c->id);
        case PathRole:
            return toQString(c->path);
        case ColorRole:
            return colorOf(c->color);
        case Qt::DecorationRole:
            if (index.column() == Name)
                return colorOf(c->color);
            return {};
        case Qt::ToolTipRole: {
            QString tip = "<b>" + toQString(c->path).toHtmlEscaped() + "</b>";
            if (!c->definition.empty())
                tip += "<p>" + toQString(c->definition).toHtmlEscaped() + "</p>";
            if (!c->memo.empty())
                tip +=
                    "<p><i>" + tr("Memo:") + "</i> " + toQString(c->memo).toHtmlEscaped() + "</p>";
            return tip;
        }
        case Qt::TextAlignmentRole:
            if (index.column() != Name)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case Qt::DisplayRole:
        case Qt::EditRole:
        case SortRole:
            switch (index.column()) {
                case Name:
                    return toQString(c->name);
                case Segments:
                    return QVariant::fromValue<qint64>(counts.segments);
                case Documents:
                    return QVariant::fromValue<qint64>(counts.documents);
                case Key:
                    for (auto it = m_pins.begin(); it != m_pins.end(); ++it)
                        if (it.value() == c->id)
                            return QString::number(it.key());
                    return {};
            }
            return {};
        default:
            return {};
    }
}

QVariant CodebookModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Name:
            return tr("Code");
        case Segments:
            return tr("Segments");
        case Documents:
            return tr("Documents");
        case Key:
            return tr("Key");
    }
    return {};
}

Qt::ItemFlags CodebookModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f =
        Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled;
    if (index.column() == Name)
        f |= Qt::ItemIsEditable;
    return f;
}

bool CodebookModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    const codebook::Code* c = codeAt(index);
    if (!c || role != Qt::EditRole || index.column() != Name)
        return false;
    const std::string name = toUtf8(value.toString().trimmed());
    if (name.empty() || name == c->name)
        return false;
    const std::string path = c->path;
    return m_session.apply(
        [path, name](codebook::Codebook& cb) { return cb.renameCode(path, name); });
}

QStringList CodebookModel::mimeTypes() const {
    return {kCodeMime, kSelectionMime};
}

QMimeData* CodebookModel::mimeData(const QModelIndexList& indexes) const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    std::set<codebook::CodeId> seen;
    for (const auto& i : indexes)
        if (const auto* c = codeAt(i); c && seen.insert(c->id).second)
            out << static_cast<qint64>(c->id);
    auto* data = new QMimeData;
    data->setData(kCodeMime, bytes);
    return data;
}

Qt::DropActions CodebookModel::supportedDropActions() const {
    return Qt::MoveAction | Qt::CopyAction;
}

Qt::DropActions CodebookModel::supportedDragActions() const {
    return Qt::MoveAction;
}

bool CodebookModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int, int,
                                    const QModelIndex& parent) const {
    if (data->hasFormat(kSelectionMime))
        return codeAt(parent) != nullptr;
    return data->hasFormat(kCodeMime);
}

bool CodebookModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                                 const QModelIndex& parent) {
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const codebook::Code* target = codeAt(parent);
    if (data->hasFormat(kSelectionMime)) {
        if (onSelectionDropped && target)
            onSelectionDropped(data, target->id);
        return false;
    }
    QByteArray bytes = data->data(kCodeMime);
    QDataStream in(&bytes, QIODevice::ReadOnly);
    std::vector<codebook::CodeId> ids;
    while (!in.atEnd()) {
        qint64 id = 0;
        in >> id;
        ids.push_back(id);
    }
    // On a code (row -1), or between the rows of `parent` before `row`.
    std::optional<codebook::CodeId> onto;
    if (target)
        onto = target->id;
    std::optional<int> place;
    if (row >= 0)
        place = row;
    if (onCodeDropped)
        for (auto id : ids)
            if (!onto || id != *onto) {
                auto callback = onCodeDropped;
                // After the drag finishes: the handler may ask a question.
                QTimer::singleShot(0, this,
                                   [callback, id, onto, place] { callback(id, onto, place); });
            }
    // The model changes through the Session, not through the view's move.
    return false;
}

// --- CodingsModel --------------------------------------------------------------

CodingsModel::CodingsModel(Session& session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session) {
    connect(&session, &Session::changed, this, [this](const QList<qint64>& documents) {
        if (documents.isEmpty() || documents.contains(m_document))
            reload();
    });
}

void CodingsModel::setDocument(corpus::DocumentId id, std::shared_ptr<const DocumentText> text) {
    m_document = id;
    m_text = std::move(text);
    reload();
}

void CodingsModel::reload() {
    beginResetModel();
    m_codings.clear();
    m_codes.clear();
    if (m_document) {
        auto& codebook = m_session.project().codebook();
        auto codings = codebook.codings(m_document);
        auto codes = codebook.codes();
        if (codings.isOk())
            m_codings = std::move(codings).value();
        if (codes.isOk())
            for (auto& c : *codes)
                m_codes[c.id] = c;
        std::stable_sort(m_codings.begin(), m_codings.end(), [](const auto& a, const auto& b) {
            return a.start != b.start ? a.start < b.start : a.end > b.end;
        });
    }
    endResetModel();
}

int CodingsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count(m_codings.size());
}

int CodingsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CodingsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count(m_codings.size()))
        return {};
    const auto& c = m_codings[at(index.row())];
    auto code = m_codes.find(c.code);
    switch (role) {
        case IdRole:
            return QVariant::fromValue<qint64>(c.id);
        case DocumentRole:
            return QVariant::fromValue<qint64>(c.document);
        case StartRole:
            return QVariant::fromValue<qint64>(c.start);
        case EndRole:
            return QVariant::fromValue<qint64>(c.end);
        case ColorRole:
            return code == m_codes.end() ? QColor() : colorOf(code->second.color);
        case Qt::DecorationRole:
            if (index.column() == Code && code != m_codes.end())
                return colorOf(code->second.color);
            return {};
        case Qt::DisplayRole:
        case SortRole:
            switch (index.column()) {
                case Code:
                    return code == m_codes.end() ? QString() : toQString(code->second.path);
                case Text:
                    return m_text ? m_text->slice(c.start, c.end).simplified() : QString();
                case Coder:
                    return toQString(c.coder);
                case Memo:
                    return toQString(c.memo);
            }
            return {};
        default:
            return {};
    }
}

QVariant CodingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Code:
            return tr("Code");
        case Text:
            return tr("Text");
        case Coder:
            return tr("Coder");
        case Memo:
            return tr("Memo");
    }
    return {};
}

// --- SearchResultsModel --------------------------------------------------------

SearchResultsModel::SearchResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

void SearchResultsModel::setResults(indexer::SearchResults results) {
    beginResetModel();
    m_results = std::move(results);
    endResetModel();
}

const indexer::Hit* SearchResultsModel::hitAt(int row) const {
    return row >= 0 && row < count(m_results.hits.size()) ? &m_results.hits[at(row)] : nullptr;
}

int SearchResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count(m_results.hits.size());
}

int SearchResultsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString snippetHtml(const indexer::Hit& hit) {
    const std::string& s = hit.snippet;
    const corpus::CharPos base = hit.snippetStart;
    QString html;
    if (hit.snippetTruncatedLeft)
        html += "…";
    std::size_t done = 0;
    for (const auto& [a, b] : hit.highlights) {
        auto from = corpus::utf8Offset(s, a - base);
        auto to = corpus::utf8Offset(s, b - base);
        if (!from || !to || *from < done || *to < *from)
            continue;
        html += toQString(std::string_view(s).substr(done, *from - done)).toHtmlEscaped();
        html += "<b>" + toQString(std::string_view(s).substr(*from, *to - *from)).toHtmlEscaped() +
                "</b>";
        done = *to;
    }
    html += toQString(std::string_view(s).substr(done)).toHtmlEscaped();
    if (hit.snippetTruncatedRight)
        html += "…";
    html.replace('\n', ' ');
    return html;
}

QVariant SearchResultsModel::data(const QModelIndex& index, int role) const {
    const indexer::Hit* hit = hitAt(index.row());
    if (!index.isValid() || !hit)
        return {};
    switch (role) {
        case DocumentRole:
            return QVariant::fromValue<qint64>(hit->document);
        case StartRole:
            return QVariant::fromValue<qint64>(hit->start);
        case EndRole:
            return QVariant::fromValue<qint64>(hit->end);
        case HtmlRole:
            if (index.column() == Passage)
                return snippetHtml(*hit);
            return {};
        case Qt::ToolTipRole:
            if (index.column() == Passage)
                return snippetHtml(*hit);
            return {};
        case Qt::DisplayRole:
            switch (index.column()) {
                case Document:
                    return toQString(hit->documentName);
                case Speaker:
                    return toQString(hit->speaker);
                case Passage:
                    return toQString(hit->snippet).simplified();
            }
            return {};
        default:
            return {};
    }
}

QVariant SearchResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Document:
            return tr("Document");
        case Speaker:
            return tr("Speaker");
        case Passage:
            return tr("Passage");
    }
    return {};
}

// --- QuotesModel ---------------------------------------------------------------

QuotesModel::QuotesModel(QObject* parent) : QAbstractTableModel(parent) {}

void QuotesModel::setQuotes(std::vector<codebook::Quote> quotes) {
    beginResetModel();
    m_quotes = std::move(quotes);
    endResetModel();
}

int QuotesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count(m_quotes.size());
}

int QuotesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QuotesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count(m_quotes.size()))
        return {};
    const auto& q = m_quotes[at(index.row())];
    switch (role) {
        case IdRole:
            return QVariant::fromValue<qint64>(q.coding.id);
        case DocumentRole:
            return QVariant::fromValue<qint64>(q.coding.document);
        case StartRole:
            return QVariant::fromValue<qint64>(q.coding.start);
        case EndRole:
            return QVariant::fromValue<qint64>(q.coding.end);
        case Qt::ToolTipRole:
            if (index.column() == Quote) {
                QString tip = toQString(q.before).toHtmlEscaped() + "<b>" +
                              toQString(q.text).toHtmlEscaped() + "</b>" +
                              toQString(q.after).toHtmlEscaped();
                return "<p>" + tip.replace('\n', "<br>") + "</p>";
            }
            return {};
        case Qt::DisplayRole:
            switch (index.column()) {
                case Code:
                    return toQString(q.codePath);
                case Document:
                    return toQString(q.documentName);
                case Participant:
                    return joinedNames(q.participants);
                case Speaker:
                    return toQString(q.speaker);
                case Quote:
                    return toQString(q.text).simplified();
            }
            return {};
        default:
            return {};
    }
}

QVariant QuotesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Code:
            return tr("Code");
        case Document:
            return tr("Document");
        case Participant:
            return tr("Participant");
        case Speaker:
            return tr("Speaker");
        case Quote:
            return tr("Quote");
    }
    return {};
}

// --- ReportTableModel ----------------------------------------------------------

QString cellText(const codebook::report::Cell& cell, codebook::report::Column::Kind kind) {
    using Kind = codebook::report::Column::Kind;
    if (const auto* s = std::get_if<std::string>(&cell))
        return toQString(*s);
    if (const auto* i = std::get_if<std::int64_t>(&cell)) {
        if (kind == Kind::Percent)
            return QString::number(static_cast<double>(*i) * 100, 'f', 1) + "%";
        return QString::number(*i);
    }
    if (const auto* d = std::get_if<double>(&cell)) {
        if (!std::isfinite(*d))
            return {};
        if (kind == Kind::Percent)
            return QString::number(*d * 100, 'f', 1) + "%";
        QString text = QString::number(*d, 'f', 3);
        while (text.contains('.') && (text.endsWith('0') || text.endsWith('.')))
            text.chop(1);
        return text;
    }
    return {};
}

QString reportWord(const std::string& word) {
    // The words the core's report tables use in headers, titles and labels.
    static const char* const words[] = {
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "code"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "Total"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "segments"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "documents"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "participants"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "percent"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "words"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "coverage"),
        QT_TRANSLATE_NOOP("margin::gui::ReportTableModel", "(any code)"),
    };
    for (const char* w : words)
        if (word == w)
            return QCoreApplication::translate("margin::gui::ReportTableModel", w);
    return toQString(word);
}

QString reportHeader(const std::string& name) {
    // "enterprise participants", "Total percent", "code", "enterprise".
    auto space = name.rfind(' ');
    if (space != std::string::npos) {
        QString measure = reportWord(name.substr(space + 1));
        if (measure != toQString(name.substr(space + 1)))
            return reportWord(name.substr(0, space)) + " " + measure;
    }
    return reportWord(name);
}

QString reportChartTitle(const std::string& title) {
    // "percent by role"
    auto by = title.find(" by ");
    if (by == std::string::npos)
        return toQString(title);
    return QCoreApplication::translate("margin::gui::ReportTableModel", "%1 by %2")
        .arg(reportWord(title.substr(0, by)), toQString(title.substr(by + 4)));
}

ReportTableModel::ReportTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ReportTableModel::setTable(codebook::report::Table table) {
    beginResetModel();
    m_table = std::move(table);
    m_shown.clear();
    for (std::size_t i = 0; i < m_table.columns.size(); ++i)
        if (!m_table.columns[i].dataOnly)
            m_shown.push_back(static_cast<int>(i));
    endResetModel();
}

int ReportTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count(m_table.rows.size());
}

int ReportTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count(m_shown.size());
}

QVariant ReportTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count(m_table.rows.size()) ||
        index.column() >= count(m_shown.size()))
        return {};
    const auto& row = m_table.rows[at(index.row())];
    const auto column = at(m_shown[at(index.column())]);
    const auto kind = m_table.columns[column].kind;
    const codebook::report::Cell empty;
    const auto& cell = column < row.cells.size() ? row.cells[column] : empty;
    switch (role) {
        case Qt::DisplayRole: {
            QString text = cellText(cell, kind);
            if (index.column() == 0 && row.total)
                text = reportWord(toUtf8(text));
            if (index.column() == 0 && row.depth > 0)
                text = QString(row.depth * 3, ' ') + text;
            return text;
        }
        case SortRole:
            if (const auto* i = std::get_if<std::int64_t>(&cell))
                return QVariant::fromValue<qint64>(*i);
            if (const auto* d = std::get_if<double>(&cell))
                return *d;
            return cellText(cell, kind);
        case Qt::TextAlignmentRole:
            if (kind != codebook::report::Column::Kind::Text)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case Qt::FontRole:
            if (row.total) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        default:
            return {};
    }
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole ||
        section >= count(m_shown.size()))
        return {};
    return reportHeader(m_table.columns[at(m_shown[at(section)])].name);
}

// --- ParticipantsModel ---------------------------------------------------------

ParticipantsModel::ParticipantsModel(Session& session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session) {
    connect(&session, &Session::documentsChanged, this, &ParticipantsModel::reload,
            Qt::QueuedConnection);
    reload();
}

void ParticipantsModel::reload() {
    beginResetModel();
    auto& store = m_session.project().store();
    auto attributes = store.attributes();
    auto participants = store.participants();
    m_attributes =
        attributes.isOk() ? std::move(attributes).value() : std::vector<corpus::Attribute>{};
    m_participants =
        participants.isOk() ? std::move(participants).value() : std::vector<corpus::Participant>{};
    endResetModel();
}

int ParticipantsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count(m_participants.size());
}

int ParticipantsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 2 + count(m_attributes.size());
}

QVariant ParticipantsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count(m_participants.size()))
        return {};
    const auto& p = m_participants[at(index.row())];
    if (role == IdRole)
        return QVariant::fromValue<qint64>(p.id);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    if (index.column() == 0)
        return toQString(p.name);
    if (index.column() == columnCount() - 1)
        return joinedNames(p.documents);
    const auto& attribute = m_attributes[at(index.column() - 1)];
    auto it = p.values.find(attribute.name);
    return it == p.values.end() ? QString() : toQString(it->second);
}

QVariant ParticipantsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Participant");
    if (section == columnCount() - 1)
        return tr("Documents");
    if (section - 1 < count(m_attributes.size()))
        return toQString(m_attributes[at(section - 1)].name);
    return {};
}

Qt::ItemFlags ParticipantsModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() > 0 && index.column() < columnCount() - 1)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ParticipantsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const auto& p = m_participants[at(index.row())];
    const auto& attribute = m_attributes[at(index.column() - 1)];
    // One row, one column of a participant sheet: the store's own import
    // checks the value against the attribute's type.
    corpus::ParticipantTable table;
    table.source = tr("the participants table").toStdString();
    table.columns.push_back({attribute.name, attribute.type, true});
    corpus::ParticipantTable::Row row;
    row.line = index.row() + 1;
    row.participant = p.name;
    const std::string text = toUtf8(value.toString().trimmed());
    row.values.push_back(text.empty() ? std::nullopt : std::optional<std::string>(text));
    table.rows.push_back(row);
    auto report = m_session.project().store().importParticipants(table);
    if (!report.isOk()) {
        m_session.fail(toQString(report.status().message()));
        return false;
    }
    m_participants[at(index.row())].values[attribute.name] = text;
    emit dataChanged(index, index);
    m_session.announceDocuments();
    return true;
}

}  // namespace margin::gui
