// CodeChooser: the "code with…" box (Ctrl+Shift+C): type a few letters of
// a code's name or path, pick it with the arrow keys, Enter. Also used to
// change the code of a coding.
#pragma once

#include <QDialog>

#include <optional>

#include "codebook/codebook.h"

class QLineEdit;
class QListWidget;

namespace margin::gui {

class Session;

class CodeChooser : public QDialog {
    Q_OBJECT
public:
    CodeChooser(Session& session, QWidget* parent, const QString& title);
    // The chosen code, once accepted.
    std::optional<codebook::CodeId> chosen() const;
    QLineEdit* filter() { return m_filter; }
    QListWidget* list() { return m_list; }

    // Shows the box and returns the code chosen; nullopt when cancelled.
    static std::optional<codebook::CodeId> choose(Session& session, QWidget* parent,
                                                  const QString& title);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refilter();
    Session& m_session;
    QLineEdit* m_filter;
    QListWidget* m_list;
    std::vector<codebook::Code> m_codes;
};

}  // namespace margin::gui
