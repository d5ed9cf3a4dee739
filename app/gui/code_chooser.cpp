#include "app/gui/code_chooser.h"

#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QVBoxLayout>

#include "app/gui/qtext.h"
#include "app/gui/session.h"

namespace margin::gui {

CodeChooser::CodeChooser(Session& session, QWidget* parent, const QString& title)
    : QDialog(parent), m_session(session) {
    setWindowTitle(title);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Type part of a code's name…"));
    m_filter->setClearButtonEnabled(true);
    m_list = new QListWidget(this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(420, 360);
    auto codes = session.project().codebook().codes();
    if (codes.isOk())
        m_codes = std::move(codes).value();
    connect(m_filter, &QLineEdit::textChanged, this, &CodeChooser::refilter);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    m_filter->installEventFilter(this);
    refilter();
}

void CodeChooser::refilter() {
    m_list->clear();
    const QString needle = m_filter->text().trimmed();
    for (const auto& code : m_codes) {
        QString path = toQString(code.path);
        if (!needle.isEmpty() && !path.contains(needle, Qt::CaseInsensitive))
            continue;
        QPixmap swatch(12, 12);
        swatch.fill(QColor(toQString(code.color)));
        auto* item = new QListWidgetItem(QIcon(swatch), path, m_list);
        item->setData(Qt::UserRole, QVariant::fromValue<qint64>(code.id));
    }
    // The best match first: a name that starts with what was typed.
    if (!needle.isEmpty())
        for (int i = 0; i < m_list->count(); ++i) {
            QString name = m_list->item(i)->text().section('/', -1);
            if (name.startsWith(needle, Qt::CaseInsensitive)) {
                m_list->setCurrentRow(i);
                return;
            }
        }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

bool CodeChooser::eventFilter(QObject* watched, QEvent* event) {
    // Up and Down in the filter move through the list.
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up) {
            int row = m_list->currentRow() + (key->key() == Qt::Key_Down ? 1 : -1);
            if (row >= 0 && row < m_list->count())
                m_list->setCurrentRow(row);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

std::optional<codebook::CodeId> CodeChooser::chosen() const {
    auto* item = m_list->currentItem();
    if (!item)
        return std::nullopt;
    return item->data(Qt::UserRole).value<qint64>();
}

std::optional<codebook::CodeId> CodeChooser::choose(Session& session, QWidget* parent,
                                                    const QString& title) {
    CodeChooser chooser(session, parent, title);
    if (chooser.exec() != QDialog::Accepted)
        return std::nullopt;
    return chooser.chosen();
}

}  // namespace margin::gui
