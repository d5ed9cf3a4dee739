#include "app/gui/panes.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <set>

#include "app/gui/code_chooser.h"
#include "app/gui/models/models.h"
#include "app/gui/qtext.h"
#include "app/gui/session.h"
#include "codebook/tables.h"

namespace margin::gui {

namespace {

QTableView* makeTable(QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return view;
}

// Draws HtmlRole (a snippet with <b> words) in a cell.
class HtmlDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QString html = index.data(HtmlRole).toString();
        if (html.isEmpty())
            return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        QTextDocument doc;
        doc.setDefaultFont(opt.font);
        doc.setDocumentMargin(2);
        doc.setHtml(html);
        painter->save();
        painter->translate(opt.rect.topLeft());
        painter->setClipRect(opt.rect.translated(-opt.rect.topLeft()));
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.palette.setColor(QPalette::Text, opt.state & QStyle::State_Selected
                                                 ? opt.palette.color(QPalette::HighlightedText)
                                                 : opt.palette.color(QPalette::Text));
        doc.documentLayout()->draw(painter, ctx);
        painter->restore();
    }
};

const char* const kMeasureNames[] = {"segments", "documents", "participants",
                                     "percent",  "words",     "coverage"};

QString measureLabel(const QString& name) {
    if (name == "segments")
        return QObject::tr("Segments (codings)");
    if (name == "documents")
        return QObject::tr("Documents");
    if (name == "participants")
        return QObject::tr("Participants");
    if (name == "percent")
        return QObject::tr("Percent of the group's participants");
    if (name == "words")
        return QObject::tr("Words coded");
    return QObject::tr("Coverage of the group's speech");
}

// Asks for a file to export report tables to, and writes them.
void exportTables(QWidget* parent, Session& session,
                  const std::vector<codebook::report::Table>& tables, const QString& title) {
    QString file = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export"), QString(),
        QObject::tr("Spreadsheet (*.xlsx);;CSV (*.csv);;Web page (*.html);;Markdown (*.md)"));
    if (file.isEmpty())
        return;
    auto format = codebook::report::formatForPath(toPath(file));
    if (!format) {
        file += ".xlsx";
        format = codebook::report::Format::Xlsx;
    }
    codebook::report::Options options;
    options.documentTitle = toUtf8(title);
    options.excelBom = *format == codebook::report::Format::Csv;
    // The file dialog has asked before replacing a file.
    auto status = codebook::report::writeFile(toPath(file), tables, *format, options, true);
    if (!status.isOk())
        session.fail(toQString(status.message()));
}

}  // namespace

// --- Documents -------------------------------------------------------------------

DocumentsPane::DocumentsPane(Session& session, QWidget* parent) : QWidget(parent) {
    m_model = new DocumentsModel(session, this);
    m_filter = new DocumentsFilter(this);
    m_filter->setSourceModel(m_model);
    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(tr("Filter documents…"));
    m_text->setClearButtonEnabled(true);
    m_attribute = new QComboBox(this);
    m_value = new QComboBox(this);
    m_attribute->setToolTip(tr("Show only documents whose participant has this attribute value"));
    m_view = makeTable(this);
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_attribute);
    filters->addWidget(m_value);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_text);
    layout->addLayout(filters);
    layout->addWidget(m_view);
    connect(m_text, &QLineEdit::textChanged, m_filter, &DocumentsFilter::setText);
    connect(m_attribute, &QComboBox::currentIndexChanged, this, [this] {
        QString attribute = m_attribute->currentData().toString();
        m_value->clear();
        m_value->addItem(tr("(any value)"), QString());
        for (const auto& v : m_model->valuesOf(attribute))
            m_value->addItem(v, v);
        m_value->setEnabled(!attribute.isEmpty());
    });
    connect(m_value, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setAttribute(m_attribute->currentData().toString(),
                               m_value->currentData().toString());
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &DocumentsPane::refreshAttributes);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        emit documentActivated(index.data(DocumentRole).value<qint64>());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& index) {
                if (index.isValid())
                    emit documentActivated(index.data(DocumentRole).value<qint64>());
            });
    refreshAttributes();
}

void DocumentsPane::refreshAttributes() {
    QString current = m_attribute->currentData().toString();
    m_attribute->blockSignals(true);
    m_attribute->clear();
    m_attribute->addItem(tr("(all documents)"), QString());
    for (const auto& a : m_model->attributes())
        m_attribute->addItem(a, a);
    m_attribute->setCurrentIndex(std::max(0, m_attribute->findData(current)));
    m_attribute->blockSignals(false);
    emit m_attribute->currentIndexChanged(m_attribute->currentIndex());
}

void DocumentsPane::selectDocument(corpus::DocumentId id) {
    int row = m_model->rowOf(id);
    if (row < 0)
        return;
    QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (index.isValid()) {
        m_view->selectionModel()->blockSignals(true);
        m_view->setCurrentIndex(index);
        m_view->selectionModel()->blockSignals(false);
        m_view->viewport()->update();
        m_view->scrollTo(index);
    }
}

// --- Codebook --------------------------------------------------------------------

namespace {

class CodeDialog : public QDialog {
public:
    CodeDialog(QWidget* parent, const QString& title, const codebook::Code* code,
               const QString& parentPath)
        : QDialog(parent) {
        setWindowTitle(title);
        auto* form = new QFormLayout;
        name = new QLineEdit(this);
        parentLabel =
            new QLabel(parentPath.isEmpty() ? CodebookPane::tr("(top level)") : parentPath, this);
        colorButton = new QPushButton(this);
        definition = new QPlainTextEdit(this);
        whenToUse = new QPlainTextEdit(this);
        whenNotToUse = new QPlainTextEdit(this);
        example = new QPlainTextEdit(this);
        memo = new QPlainTextEdit(this);
        for (auto* edit : {definition, whenToUse, whenNotToUse, example, memo})
            edit->setMaximumHeight(70);
        form->addRow(CodebookPane::tr("Name"), name);
        form->addRow(CodebookPane::tr("Under"), parentLabel);
        form->addRow(CodebookPane::tr("Colour"), colorButton);
        form->addRow(CodebookPane::tr("Definition"), definition);
        form->addRow(CodebookPane::tr("When to use"), whenToUse);
        form->addRow(CodebookPane::tr("When not to use"), whenNotToUse);
        form->addRow(CodebookPane::tr("Example"), example);
        form->addRow(CodebookPane::tr("Memo"), memo);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        auto* layout = new QVBoxLayout(this);
        layout->addLayout(form);
        layout->addWidget(buttons);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        if (code) {
            name->setText(toQString(code->name));
            color = QColor(toQString(code->color));
            definition->setPlainText(toQString(code->definition));
            whenToUse->setPlainText(toQString(code->whenToUse));
            whenNotToUse->setPlainText(toQString(code->whenNotToUse));
            example->setPlainText(toQString(code->example));
            memo->setPlainText(toQString(code->memo));
        }
        showColor();
        connect(colorButton, &QPushButton::clicked, this, [this] {
            QColor c = QColorDialog::getColor(color, this, CodebookPane::tr("Code colour"));
            if (c.isValid()) {
                color = c;
                showColor();
            }
        });
        resize(480, 560);
    }
    void showColor() {
        QPixmap swatch(32, 14);
        swatch.fill(color.isValid() ? color : QColor(Qt::gray));
        colorButton->setIcon(QIcon(swatch));
        colorButton->setText(color.isValid() ? color.name() : CodebookPane::tr("default"));
    }
    codebook::CodeFields fields() const {
        codebook::CodeFields f;
        if (color.isValid())
            f.color = toUtf8(color.name().toUpper());
        f.definition = toUtf8(definition->toPlainText());
        f.whenToUse = toUtf8(whenToUse->toPlainText());
        f.whenNotToUse = toUtf8(whenNotToUse->toPlainText());
        f.example = toUtf8(example->toPlainText());
        f.memo = toUtf8(memo->toPlainText());
        return f;
    }
    QLineEdit* name;
    QLabel* parentLabel;
    QPushButton* colorButton;
    QPlainTextEdit *definition, *whenToUse, *whenNotToUse, *example, *memo;
    QColor color;
};

QString pinsKey(Session& session) {
    return "pins/" + toQString(session.project().store().projectId());
}

}  // namespace

CodebookPane::CodebookPane(Session& session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    m_model = new CodebookModel(session, this);
    m_view = new QTreeView(this);
    m_view->setModel(m_model);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setUniformRowHeights(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(CodebookModel::Name, QHeaderView::Stretch);
    for (int c : {CodebookModel::Segments, CodebookModel::Documents, CodebookModel::Key})
        m_view->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto* add = new QToolButton(this);
    add->setText(tr("New"));
    add->setToolTip(tr("New code (under the selected one)"));
    auto* edit = new QToolButton(this);
    edit->setText(tr("Edit…"));
    auto* remove = new QToolButton(this);
    remove->setText(tr("Delete"));
    auto* pinButton = new QToolButton(this);
    pinButton->setText(tr("Key…"));
    pinButton->setToolTip(tr("Give the selected code a quick key (1–9)"));
    auto* buttons = new QHBoxLayout;
    for (auto* b : {add, edit, remove, pinButton})
        buttons->addWidget(b);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(buttons);
    layout->addWidget(m_view);
    connect(add, &QToolButton::clicked, this, &CodebookPane::newCode);
    connect(edit, &QToolButton::clicked, this, &CodebookPane::editCode);
    connect(remove, &QToolButton::clicked, this, &CodebookPane::deleteCode);
    connect(pinButton, &QToolButton::clicked, this, &CodebookPane::pinCode);
    auto addAction = [this](const QString& text, void (CodebookPane::*slot)()) {
        auto* a = new QAction(text, m_view);
        connect(a, &QAction::triggered, this, slot);
        m_view->addAction(a);
    };
    addAction(tr("New code…"), &CodebookPane::newCode);
    addAction(tr("Edit code…"), &CodebookPane::editCode);
    addAction(tr("Delete code…"), &CodebookPane::deleteCode);
    addAction(tr("Quick key…"), &CodebookPane::pinCode);

    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& index) {
        if (const auto* c = m_model->codeAt(index))
            emit codeClicked(c->id);
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex&) { editCode(); });
    m_model->onCodeDropped = [this](codebook::CodeId code, std::optional<codebook::CodeId> onto,
                                    std::optional<int> row) { codeDropped(code, onto, row); };
    m_model->onSelectionDropped = [this](const QMimeData*, codebook::CodeId code) {
        emit selectionDropped(code);
    };
    connect(m_model, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);
    m_view->expandAll();
    loadPins();
}

std::optional<codebook::CodeId> CodebookPane::currentCode() const {
    const auto* c = m_model->codeAt(m_view->currentIndex());
    if (!c)
        return std::nullopt;
    return c->id;
}

void CodebookPane::selectCode(codebook::CodeId id) {
    QModelIndex index = m_model->indexOf(id);
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

std::optional<codebook::CodeId> CodebookPane::pinned(int key) const {
    auto it = m_model->pins().find(key);
    if (it == m_model->pins().end())
        return std::nullopt;
    return it.value();
}

void CodebookPane::pin(codebook::CodeId code, int key) {
    auto pins = m_model->pins();
    for (auto it = pins.begin(); it != pins.end();)
        it = it.value() == code ? pins.erase(it) : std::next(it);
    pins[key] = code;
    m_model->setPins(pins);
    savePins();
}

void CodebookPane::loadPins() {
    QSettings settings;
    QMap<int, codebook::CodeId> pins;
    const QString key = pinsKey(m_session);
    if (settings.contains(key)) {
        // key -> code GUID
        auto stored = settings.value(key).toMap();
        for (auto it = stored.begin(); it != stored.end(); ++it)
            for (const auto& c : m_model->codes())
                if (toQString(c.guid) == it.value().toString())
                    pins[it.key().toInt()] = c.id;
    } else {
        // Until the researcher chooses: the first nine codes that can be
        // applied (those without sub-codes), in codebook order.
        std::set<codebook::CodeId> parents;
        for (const auto& c : m_model->codes())
            if (c.parent)
                parents.insert(*c.parent);
        int k = 1;
        for (const auto& c : m_model->codes())
            if (!parents.count(c.id) && k <= 9)
                pins[k++] = c.id;
    }
    m_model->setPins(pins);
}

void CodebookPane::savePins() {
    QVariantMap stored;
    for (auto it = m_model->pins().begin(); it != m_model->pins().end(); ++it)
        if (const auto* c = m_model->code(it.value()))
            stored[QString::number(it.key())] = toQString(c->guid);
    QSettings().setValue(pinsKey(m_session), stored);
}

void CodebookPane::newCode() {
    const codebook::Code* parent = m_model->codeAt(m_view->currentIndex());
    QString parentPath = parent ? toQString(parent->path) : QString();
    CodeDialog dialog(this, tr("New code"), nullptr, parentPath);
    if (dialog.exec() != QDialog::Accepted || dialog.name->text().trimmed().isEmpty())
        return;
    std::string path = toUtf8((parentPath.isEmpty() ? QString() : parentPath + "/") +
                              dialog.name->text().trimmed());
    auto fields = dialog.fields();
    if (m_session.apply(
            [path, fields](codebook::Codebook& c) { return c.addCode(path, fields); })) {
        QApplication::processEvents();
        if (auto code = m_session.project().codebook().findCode(path); code.isOk())
            selectCode(code->id);
    }
}

void CodebookPane::editCode() {
    const codebook::Code* code = m_model->codeAt(m_view->currentIndex());
    if (!code)
        return;
    QString path = toQString(code->path);
    CodeDialog dialog(this, tr("Edit code"), code, path.section('/', 0, -2));
    if (dialog.exec() != QDialog::Accepted)
        return;
    std::string oldPath = code->path;
    std::string newName = toUtf8(dialog.name->text().trimmed());
    std::string oldName = code->name;
    auto fields = dialog.fields();
    if (!m_session.apply(
            [oldPath, fields](codebook::Codebook& c) { return c.updateCode(oldPath, fields); }))
        return;
    if (!newName.empty() && newName != oldName)
        m_session.apply(
            [oldPath, newName](codebook::Codebook& c) { return c.renameCode(oldPath, newName); });
}

void CodebookPane::deleteCode() {
    const codebook::Code* code = m_model->codeAt(m_view->currentIndex());
    if (!code)
        return;
    auto counts = m_model->countsOf(code->id);
    std::string path = code->path;
    QString question = counts.segments > 0
                           ? tr("Delete “%1” and its codings (%2)? You can undo this.")
                                 .arg(toQString(path))
                                 .arg(counts.segments)
                           : tr("Delete “%1”? You can undo this.").arg(toQString(path));
    if (QMessageBox::question(this, tr("Delete code"), question) != QMessageBox::Yes)
        return;
    m_session.apply([path](codebook::Codebook& c) { return c.deleteCode(path, true); });
}

void CodebookPane::pinCode() {
    auto code = currentCode();
    if (!code)
        return;
    bool ok = false;
    int key = QInputDialog::getInt(this, tr("Quick key"),
                                   tr("Key (1–9) that applies this code to the selection:"), 1, 1,
                                   9, 1, &ok);
    if (ok)
        pin(*code, key);
}

void CodebookPane::codeDropped(codebook::CodeId id, std::optional<codebook::CodeId> onto,
                               std::optional<int> row) {
    const codebook::Code* code = m_model->code(id);
    if (!code)
        return;
    const std::string path = code->path;
    if (row || !onto) {
        // Between rows: that place among those siblings (a reorder or a
        // move); on the empty area: last at the top level.
        std::string parent;
        if (onto)
            if (const auto* p = m_model->code(*onto))
                parent = p->path;
        int index = row.value_or(1 << 30);
        // Dropping a code below itself among its own siblings: the rows
        // counted include it.
        if (row && code->parent == onto) {
            const auto& siblings = m_model->codes();
            int mine = 0, seen = 0;
            for (const auto& c : siblings)
                if (c.parent == onto) {
                    if (c.id == id)
                        mine = seen;
                    ++seen;
                }
            if (mine < *row)
                --index;
        }
        m_session.apply([path, parent, index](codebook::Codebook& c) {
            return c.moveCode(path, parent, index);
        });
        return;
    }
    const codebook::Code* target = m_model->code(*onto);
    if (!target)
        return;
    const std::string targetPath = target->path;
    QMessageBox box(QMessageBox::Question, tr("Move or merge"),
                    tr("What should happen to “%1”?").arg(toQString(path)), QMessageBox::Cancel,
                    this);
    auto* nest =
        box.addButton(tr("Move under “%1”").arg(toQString(target->name)), QMessageBox::AcceptRole);
    auto* merge = box.addButton(tr("Merge into “%1”").arg(toQString(target->name)),
                                QMessageBox::DestructiveRole);
    box.setInformativeText(tr("Merging moves every coding of “%1” to “%2” and deletes “%1”. "
                              "You can undo either.")
                               .arg(toQString(code->name), toQString(target->name)));
    box.exec();
    if (box.clickedButton() == nest)
        m_session.apply(
            [path, targetPath](codebook::Codebook& c) { return c.moveCode(path, targetPath); });
    else if (box.clickedButton() == merge)
        m_session.apply(
            [path, targetPath](codebook::Codebook& c) { return c.mergeCode(path, targetPath); });
}

// --- Search ----------------------------------------------------------------------

SearchPane::SearchPane(Session& session, QWidget* parent) : QWidget(parent), m_session(session) {
    m_model = new SearchResultsModel(this);
    m_query = new QLineEdit(this);
    m_query->setPlaceholderText(
        tr("Search: words, \"a phrase\", OR, -word, role:enterprise, code:…"));
    m_query->setClearButtonEnabled(true);
    auto* help = new QToolButton(this);
    help->setText("?");
    help->setToolTip(tr("Query syntax"));
    m_speaker = new QComboBox(this);
    m_speaker->addItem(tr("Any speaker"), QString());
    m_speaker->addItem(tr("Participants"), QString("participant"));
    m_speaker->addItem(tr("Interviewer"), QString("interviewer"));
    m_stem = new QCheckBox(tr("Word forms"), this);
    m_stem->setToolTip(tr("Match English words by their stem (“teaching” finds “teachers”)"));
    auto* go = new QPushButton(tr("Search"), this);
    m_codeAll = new QPushButton(tr("Code all results…"), this);
    m_codeAll->setEnabled(false);
    m_count = new QLabel(this);
    m_view = makeTable(this);
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(SearchResultsModel::Passage, new HtmlDelegate(m_view));
    m_view->horizontalHeader()->setSectionResizeMode(SearchResultsModel::Document,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(SearchResultsModel::Speaker,
                                                     QHeaderView::ResizeToContents);
    auto* row = new QHBoxLayout;
    row->addWidget(m_query, 1);
    row->addWidget(help);
    row->addWidget(m_speaker);
    row->addWidget(m_stem);
    row->addWidget(go);
    auto* below = new QHBoxLayout;
    below->addWidget(m_count, 1);
    below->addWidget(m_codeAll);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(row);
    layout->addLayout(below);
    layout->addWidget(m_view);
    connect(m_query, &QLineEdit::returnPressed, this, &SearchPane::runSearch);
    connect(go, &QPushButton::clicked, this, &SearchPane::runSearch);
    connect(m_codeAll, &QPushButton::clicked, this, &SearchPane::codeAllResults);
    connect(help, &QToolButton::clicked, this, [this] {
        QMessageBox::information(
            this, tr("Query syntax"),
            tr("<p><b>teacher</b> — passages with the word (Chinese too: <b>数据分析</b>)</p>"
               "<p><b>\"data analysis\"</b> — the phrase</p>"
               "<p><b>a b</b> — both words; <b>a OR b</b> — either; <b>-a</b> — not a</p>"
               "<p><b>teach*</b> — words that begin so</p>"
               "<p><b>role:enterprise</b> — passages of participants with that attribute "
               "value; <b>speaker:participant</b>, <b>speaker:interviewer</b></p>"
               "<p><b>doc:E01</b> — in one document; <b>code:\"Faculty shortage\"</b>, "
               "<b>-code:…</b> — coded (or not) with a code or its sub-codes</p>"
               "<p>Parentheses group: <b>(数据分析 OR \"data analysis\") role:enterprise</b></p>"));
    });
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        if (const auto* hit = m_model->hitAt(index.row()))
            emit hitActivated(*hit);
    });
    connect(m_view, &QAbstractItemView::clicked, this, [this](const QModelIndex& index) {
        if (const auto* hit = m_model->hitAt(index.row()))
            emit hitActivated(*hit);
    });
}

QString SearchPane::effectiveQuery() const {
    QString query = m_query->text().trimmed();
    QString speaker = m_speaker->currentData().toString();
    if (!speaker.isEmpty() && !query.isEmpty())
        query = "(" + query + ") speaker:" + speaker;
    return query;
}

bool SearchPane::runSearch() {
    const QString query = effectiveQuery();
    if (query.isEmpty()) {
        m_model->setResults({});
        m_count->clear();
        m_codeAll->setEnabled(false);
        return false;
    }
    if (m_session.indexing()) {
        m_count->setText(tr("The search index is being rebuilt; search again in a moment."));
        return false;
    }
    indexer::SearchOptions options;
    options.limit = 500;
    options.stem = m_stem->isChecked();
    QString notice;
    auto results = m_session.project().search(
        toUtf8(query), options, [&notice](const std::string& n) { notice = toQString(n); });
    if (!results.isOk()) {
        m_model->setResults({});
        m_count->setText("<span style='color:#c0392b'>" +
                         toQString(results.status().message()).toHtmlEscaped() + "</span>");
        m_codeAll->setEnabled(false);
        return false;
    }
    const auto total = results->total;
    const auto shown = static_cast<qint64>(results->hits.size());
    m_model->setResults(std::move(results).value());
    QString text = total == shown ? tr("Passages found: %1").arg(total)
                                  : tr("%1 passages (the first %2 shown)").arg(total).arg(shown);
    if (!notice.isEmpty())
        text += " — " + notice;
    m_count->setText(text);
    m_codeAll->setEnabled(total > 0);
    return true;
}

void SearchPane::autocode(codebook::CodeId code, app::Project::AutocodeOptions::Unit unit,
                          std::function<void(const QString&, int)> done) {
    const std::string query = toUtf8(effectiveQuery());
    const std::string coder = m_session.coder();
    m_codeAll->setEnabled(false);
    m_session.background<Result<codebook::Change>>(
        this,
        [query, code, unit, coder](app::Project& p) -> Result<codebook::Change> {
            app::Project::AutocodeOptions options;
            options.unit = unit;
            options.speaker.reset();  // the query says whose speech
            options.coder = coder;
            auto plan = p.planAutocode(query, code, options);
            if (!plan.isOk())
                return plan.status();
            auto codings = plan->codings;
            const std::string description = "autocode " + query;
            return p.change(
                [&](codebook::Codebook& c) { return c.addCodings(codings, description); });
        },
        [this, done](const Result<codebook::Change>& change) {
            m_codeAll->setEnabled(true);
            if (!change.isOk()) {
                done(toQString(change.status().message()), 0);
                return;
            }
            m_session.announceDocuments();
            emit m_session.historyChanged();
            done({}, static_cast<int>(change->created.size()));
        });
}

void SearchPane::codeAllResults() {
    if (effectiveQuery().isEmpty())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Code all results"));
    auto* code = new QComboBox(&dialog);
    auto codes = m_session.project().codebook().codes();
    if (codes.isOk())
        for (const auto& c : *codes)
            code->addItem(toQString(c.path), QVariant::fromValue<qint64>(c.id));
    auto* unit = new QComboBox(&dialog);
    unit->addItem(tr("the matched words"), 0);
    unit->addItem(tr("the sentence around each match"), 1);
    unit->addItem(tr("the whole speaker turn"), 2);
    auto* preview = new QLabel(&dialog);
    preview->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Code them"));
    auto* form = new QFormLayout;
    form->addRow(tr("Query"), new QLabel(effectiveQuery().toHtmlEscaped(), &dialog));
    form->addRow(tr("Code"), code);
    form->addRow(tr("What to code"), unit);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(preview);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto update = [&] {
        using Unit = app::Project::AutocodeOptions::Unit;
        app::Project::AutocodeOptions options;
        options.unit = static_cast<Unit>(unit->currentData().toInt());
        options.speaker.reset();
        auto plan = m_session.project().planAutocode(toUtf8(effectiveQuery()),
                                                     code->currentData().value<qint64>(), options);
        if (!plan.isOk()) {
            preview->setText(toQString(plan.status().message()));
            return;
        }
        preview->setText(tr("%1 passages found; %2 spans will be coded with “%3”.")
                             .arg(plan->hits)
                             .arg(plan->codings.size())
                             .arg(code->currentText()));
    };
    connect(code, &QComboBox::currentIndexChanged, &dialog, update);
    connect(unit, &QComboBox::currentIndexChanged, &dialog, update);
    update();
    if (dialog.exec() != QDialog::Accepted || code->currentIndex() < 0)
        return;
    autocode(code->currentData().value<qint64>(),
             static_cast<app::Project::AutocodeOptions::Unit>(unit->currentData().toInt()),
             [this](const QString& error, int added) {
                 if (!error.isEmpty())
                     m_session.fail(error);
                 else
                     m_count->setText(m_count->text() + " — " + tr("codings added: %1").arg(added));
             });
}

// --- Quotes ----------------------------------------------------------------------

QuotesPane::QuotesPane(Session& session, QWidget* parent) : QWidget(parent), m_session(session) {
    m_model = new QuotesModel(this);
    m_code = new QComboBox(this);
    m_code->setMinimumContentsLength(24);
    m_subcodes = new QCheckBox(tr("with sub-codes"), this);
    m_subcodes->setChecked(true);
    m_attribute = new QComboBox(this);
    m_value = new QComboBox(this);
    m_words = new QLineEdit(this);
    m_words->setPlaceholderText(tr("only quotes containing…"));
    m_words->setClearButtonEnabled(true);
    auto* exportButton = new QPushButton(tr("Export…"), this);
    m_count = new QLabel(this);
    m_view = makeTable(this);
    m_view->setModel(m_model);
    for (int c :
         {QuotesModel::Code, QuotesModel::Document, QuotesModel::Participant, QuotesModel::Speaker})
        m_view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    auto* row = new QHBoxLayout;
    row->addWidget(m_code, 1);
    row->addWidget(m_subcodes);
    row->addWidget(m_attribute);
    row->addWidget(m_value);
    row->addWidget(m_words);
    row->addWidget(exportButton);
    // The selected quote in its context, to read it whole.
    auto* context = new QTextBrowser(this);
    context->setOpenLinks(false);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(context);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(row);
    layout->addWidget(m_count);
    layout->addWidget(split);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, context,
            [this, context](const QModelIndex& index) {
                const auto& quotes = m_model->quotes();
                if (!index.isValid() || index.row() >= static_cast<int>(quotes.size())) {
                    context->clear();
                    return;
                }
                const auto& q = quotes[static_cast<std::size_t>(index.row())];
                QString who = toQString(q.speaker);
                QString html = "<p><b>" + toQString(q.documentName).toHtmlEscaped() + "</b> · " +
                               who.toHtmlEscaped() + " · " + toQString(q.codePath).toHtmlEscaped() +
                               "</p><p>" + toQString(q.before).toHtmlEscaped() +
                               "<span style='background:#fde68a'>" +
                               toQString(q.text).toHtmlEscaped() + "</span>" +
                               toQString(q.after).toHtmlEscaped() + "</p>";
                html.replace("\n", "<br>");
                context->setHtml(html);
            });
    connect(m_code, &QComboBox::currentIndexChanged, this, &QuotesPane::refresh);
    connect(m_subcodes, &QCheckBox::toggled, this, &QuotesPane::refresh);
    connect(m_value, &QComboBox::currentIndexChanged, this, &QuotesPane::refresh);
    connect(m_words, &QLineEdit::returnPressed, this, &QuotesPane::refresh);
    connect(exportButton, &QPushButton::clicked, this, &QuotesPane::exportQuotes);
    connect(m_attribute, &QComboBox::currentIndexChanged, this, [this] {
        m_value->blockSignals(true);
        m_value->clear();
        m_value->addItem(tr("(any value)"), QString());
        const std::string attribute = toUtf8(m_attribute->currentData().toString());
        std::set<std::string> values;
        if (auto people = m_session.project().store().participants(); people.isOk())
            for (const auto& p : *people)
                if (auto it = p.values.find(attribute); it != p.values.end() && !it->second.empty())
                    values.insert(it->second);
        for (const auto& v : values)
            m_value->addItem(toQString(v), toQString(v));
        m_value->blockSignals(false);
        refresh();
    });
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        emit quoteActivated(index.data(DocumentRole).value<qint64>(),
                            index.data(StartRole).value<qint64>(),
                            index.data(EndRole).value<qint64>());
    });
    connect(&session, &Session::changed, this, [this] { reloadChoices(); });
    connect(&session, &Session::documentsChanged, this, [this] { reloadChoices(); });
    reloadChoices();
}

void QuotesPane::reloadChoices() {
    QString code = m_code->currentText();
    QString attribute = m_attribute->currentData().toString();
    m_code->blockSignals(true);
    m_code->clear();
    if (auto codes = m_session.project().codebook().codes(); codes.isOk())
        for (const auto& c : *codes)
            m_code->addItem(QString(c.depth * 2, ' ') + toQString(c.name), toQString(c.path));
    m_code->blockSignals(false);
    m_attribute->blockSignals(true);
    m_attribute->clear();
    m_attribute->addItem(tr("(all participants)"), QString());
    if (auto attributes = m_session.project().store().attributes(); attributes.isOk())
        for (const auto& a : *attributes)
            m_attribute->addItem(toQString(a.name), toQString(a.name));
    m_attribute->setCurrentIndex(std::max(0, m_attribute->findData(attribute)));
    m_attribute->blockSignals(false);
    int again = m_code->findText(code);
    m_code->setCurrentIndex(again >= 0 ? again : 0);
    if (m_value->count() == 0)
        emit m_attribute->currentIndexChanged(m_attribute->currentIndex());
    refresh();
}

void QuotesPane::showCode(const QString& path) {
    int i = m_code->findData(path);
    if (i >= 0)
        m_code->setCurrentIndex(i);
    refresh();
}

void QuotesPane::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void QuotesPane::refresh() {
    // Quotes of a big project take a moment: only for a pane in view.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    const QString path = m_code->currentData().toString();
    if (path.isEmpty()) {
        m_model->setQuotes({});
        m_count->clear();
        return;
    }
    auto& project = m_session.project();
    auto code = project.codebook().findCode(toUtf8(path));
    if (!code.isOk()) {
        m_model->setQuotes({});
        return;
    }
    codebook::QuoteOptions options;
    if (m_subcodes->isChecked()) {
        auto ids = project.codebook().withDescendants(code->id);
        if (ids.isOk())
            options.scope.codes = *ids;
    } else {
        options.scope.codes = {code->id};
    }
    options.context = 80;
    const QString attribute = m_attribute->currentData().toString();
    const QString value = m_value->currentData().toString();
    if (!attribute.isEmpty() && !value.isEmpty())
        options.where.push_back({toUtf8(attribute), toUtf8(value)});
    auto quotes = project.quotes(options, toUtf8(m_words->text().trimmed()));
    if (!quotes.isOk()) {
        m_model->setQuotes({});
        m_count->setText(toQString(quotes.status().message()));
        return;
    }
    m_count->setText(tr("Quotes: %1").arg(quotes->size()));
    m_model->setQuotes(std::move(quotes).value());
}

void QuotesPane::exportQuotes() {
    auto attributes = m_session.project().store().attributes();
    std::vector<corpus::Attribute> list =
        attributes.isOk() ? *attributes : std::vector<corpus::Attribute>{};
    auto table = codebook::quotesReport(m_model->quotes(), list, true);
    exportTables(this, m_session, {table}, tr("Quotes: %1").arg(m_code->currentData().toString()));
}

// --- Table -----------------------------------------------------------------------

TablePane::TablePane(Session& session, QWidget* parent) : QWidget(parent), m_session(session) {
    m_model = new ReportTableModel(this);
    m_attribute = new QComboBox(this);
    m_measures = new QListWidget(this);
    for (const char* name : kMeasureNames) {
        auto* item = new QListWidgetItem(measureLabel(name), m_measures);
        item->setData(Qt::UserRole, QString(name));
        bool on = QString(name) == "participants" || QString(name) == "percent";
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(
            toQString(codebook::measureDefinition(*codebook::parseMeasures(name)->begin())));
    }
    m_measures->setMaximumHeight(130);
    m_rollup = new QCheckBox(tr("Count sub-codes in their parents"), this);
    m_rollup->setChecked(true);
    m_scope = new QComboBox(this);
    auto* exportButton = new QPushButton(tr("Export…"), this);
    m_view = makeTable(this);
    m_view->setModel(m_model);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_chart = new QChartView(this);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(200);
    auto* controls = new QFormLayout;
    controls->addRow(tr("Columns by"), m_attribute);
    controls->addRow(tr("Codes"), m_scope);
    controls->addRow(tr("Measures"), m_measures);
    controls->addRow(QString(), m_rollup);
    controls->addRow(QString(), exportButton);
    auto* left = new QWidget(this);
    left->setLayout(controls);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_view);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({260, 720, 560});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(splitter);
    connect(m_attribute, &QComboBox::currentIndexChanged, this, &TablePane::refresh);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &TablePane::refresh);
    connect(m_rollup, &QCheckBox::toggled, this, &TablePane::refresh);
    connect(m_measures, &QListWidget::itemChanged, this, &TablePane::refresh);
    connect(exportButton, &QPushButton::clicked, this, &TablePane::exportTable);
    connect(&session, &Session::changed, this, &TablePane::refresh);
    connect(&session, &Session::documentsChanged, this, &TablePane::reloadChoices);
    reloadChoices();
}

void TablePane::reloadChoices() {
    QString attribute = m_attribute->currentData().toString();
    QString scope = m_scope->currentData().toString();
    m_attribute->blockSignals(true);
    m_scope->blockSignals(true);
    m_attribute->clear();
    if (auto attributes = m_session.project().store().attributes(); attributes.isOk())
        for (const auto& a : *attributes)
            m_attribute->addItem(toQString(a.name), toQString(a.name));
    m_attribute->addItem(tr("participant"), QString("participant"));
    int i = m_attribute->findData(attribute);
    if (i < 0)
        i = m_attribute->findData(QString("role"));
    m_attribute->setCurrentIndex(std::max(0, i));
    m_scope->clear();
    m_scope->addItem(tr("All codes"), QString());
    if (auto codes = m_session.project().codebook().codes(); codes.isOk())
        for (const auto& c : *codes)
            if (!c.parent)
                m_scope->addItem(toQString(c.name), toQString(c.path));
    m_scope->setCurrentIndex(std::max(0, m_scope->findData(scope)));
    m_attribute->blockSignals(false);
    m_scope->blockSignals(false);
    refresh();
}

void TablePane::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void TablePane::refresh() {
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    if (m_pending) {
        m_again = true;
        return;
    }
    std::vector<codebook::Measure> measures;
    QStringList names;
    for (int i = 0; i < m_measures->count(); ++i)
        if (m_measures->item(i)->checkState() == Qt::Checked)
            names << m_measures->item(i)->data(Qt::UserRole).toString();
    if (names.isEmpty())
        names << "segments";
    auto parsed = codebook::parseMeasures(toUtf8(names.join(',')));
    if (!parsed.isOk())
        return;
    measures = *parsed;
    const std::string attribute = toUtf8(m_attribute->currentData().toString());
    const std::string scopePath = toUtf8(m_scope->currentData().toString());
    const bool rollup = m_rollup->isChecked();
    if (attribute.empty())
        return;
    m_pending = true;
    m_session.background<Result<codebook::report::Table>>(
        this,
        [attribute, scopePath, rollup,
         measures](app::Project& p) -> Result<codebook::report::Table> {
            codebook::Scope scope;
            scope.rollup = rollup;
            if (!scopePath.empty()) {
                auto code = p.codebook().findCode(scopePath);
                if (!code.isOk())
                    return code.status();
                auto ids = p.codebook().withDescendants(code->id);
                if (!ids.isOk())
                    return ids.status();
                scope.codes = *ids;
            }
            auto table = codebook::groupTable(p.store(), p.codebook(), attribute, measures, scope);
            if (!table.isOk())
                return table.status();
            return codebook::groupReport(*table, codebook::Layout::Wide);
        },
        [this](const Result<codebook::report::Table>& table) {
            m_pending = false;
            if (m_again) {
                m_again = false;
                refresh();
                return;
            }
            if (!table.isOk()) {
                m_session.fail(toQString(table.status().message()));
                return;
            }
            m_model->setTable(*table);
            drawChart();
            emit tableReady();
        });
}

void TablePane::drawChart() {
    const auto& table = m_model->table();
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    if (table.chart) {
        auto* series = new QHorizontalBarSeries(chart);
        QStringList categories;
        // A bar chart stays readable with a dozen groups of bars: with more
        // codes, only the upper levels of the tree are drawn (the table
        // has them all).
        std::vector<const codebook::report::Row*> rows;
        for (int depth = 8; depth >= 0; --depth) {
            rows.clear();
            for (const auto& row : table.rows)
                if (!row.total && row.depth <= depth)
                    rows.push_back(&row);
            if (rows.size() <= 12)
                break;
        }
        // Bottom to top reads top to bottom.
        std::reverse(rows.begin(), rows.end());
        for (const auto* row : rows) {
            const auto label = static_cast<std::size_t>(table.chart->labelColumn);
            categories << (label < row->cells.size()
                               ? cellText(row->cells[label], codebook::report::Column::Kind::Text)
                               : QString());
        }
        double top = 0;
        bool allPercent = true;
        for (int column : table.chart->valueColumns) {
            const auto c = static_cast<std::size_t>(column);
            if (c >= table.columns.size())
                continue;
            auto* set = new QBarSet(reportHeader(table.columns[c].name));
            const bool percent = table.columns[c].kind == codebook::report::Column::Kind::Percent;
            allPercent = allPercent && percent;
            for (const auto* row : rows) {
                double v = 0;
                if (c < row->cells.size()) {
                    if (const auto* i = std::get_if<std::int64_t>(&row->cells[c]))
                        v = static_cast<double>(*i);
                    else if (const auto* d = std::get_if<double>(&row->cells[c]))
                        v = *d;
                }
                if (percent)
                    v *= 100;
                top = std::max(top, v);
                *set << v;
            }
            series->append(set);
        }
        chart->addSeries(series);
        auto* axisY = new QBarCategoryAxis(chart);
        axisY->append(categories);
        QFont small = axisY->labelsFont();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        axisY->setLabelsFont(small);
        chart->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisY);
        auto* axisX = new QValueAxis(chart);
        if (allPercent && top <= 100) {
            axisX->setRange(0, 100);
            axisX->setTickCount(6);
            axisX->setLabelFormat("%.0f%%");
        } else {
            axisX->setRange(0, top > 0 ? top * 1.05 : 1);
            axisX->applyNiceNumbers();
            axisX->setLabelFormat("%g");
        }
        chart->addAxis(axisX, Qt::AlignBottom);
        series->attachAxis(axisX);
        chart->setTitle(reportChartTitle(table.chart->title));
    }
    QChart* old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;
}

void TablePane::exportTable() {
    exportTables(this, m_session, {m_model->table()}, toQString(m_model->table().title));
}

// --- Participants ----------------------------------------------------------------

ParticipantsPane::ParticipantsPane(Session& session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    m_model = new ParticipantsModel(session, this);
    m_view = makeTable(this);
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* importButton = new QPushButton(tr("Import a participants sheet…"), this);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Double-click a value to change it."), this), 1);
    row->addWidget(importButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(row);
    layout->addWidget(m_view);
    connect(importButton, &QPushButton::clicked, this, &ParticipantsPane::importSheet);
}

void ParticipantsPane::importSheet() {
    QString file = QFileDialog::getOpenFileName(this, tr("Import participants"), QString(),
                                                tr("Participant sheets (*.csv *.tsv *.txt)"));
    if (file.isEmpty())
        return;
    auto report = m_session.project().importParticipants(toPath(file));
    if (!report.isOk()) {
        m_session.fail(toQString(report.status().message()));
        return;
    }
    m_session.announceDocuments();
    QMessageBox::information(this, tr("Participants imported"),
                             tr("%1 participants added, %2 updated, %3 attributes added.")
                                 .arg(report->participantsAdded)
                                 .arg(report->participantsUpdated)
                                 .arg(report->attributesAdded));
}

}  // namespace margin::gui
