// TranscriptView: one document as the researcher reads and codes it.
//
//   [gutter] [text                                        ] [margin]
//    00:03    访谈者：请您介绍一下……                        |  ┐ Faculty shortage
//             张总监：我们公司……                             |  │ ┐ Data-analysis gap
//
// The text is the document's stored text, shown as it is (speaker labels
// are part of it): each speaker turn's label in bold, interviewer turns
// dimmed on a shaded band, timestamps in the gutter. Coded text is shaded
// in its code's colour; where codings overlap the colours mix and the text
// is underlined. The margin draws one bracket per coding, in lanes so that
// nested and overlapping codings stand side by side, with the code's name
// beside it; hovering shows code, coder and memo, clicking selects the
// span, right-clicking offers remove, change code and edit memo.
//
// Positions: the view keeps every coding and turn in CharPos and converts
// through DocumentText (app/gui/qtext.h) to draw and select.
//
// Large documents: the text is laid out lazily (QPlainTextEdit), coding
// colours come from a sorted list of spans built once per change, and the
// margin draws only what is visible.
#pragma once

#include <QPlainTextEdit>
#include <QSyntaxHighlighter>
#include <QWidget>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "codebook/codebook.h"
#include "corpus/store.h"

class QMenu;
class QAction;

namespace margin::gui {

class Session;
class DocumentText;
class CodingsModel;
class TranscriptView;

using CharSpan = std::pair<corpus::CharPos, corpus::CharPos>;

class TranscriptEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit TranscriptEditor(TranscriptView& view);
    // Whether the last mouse selection was made with Alt held (no snapping).
    bool exactSelection() const { return m_exact; }
    // The data a drag of the selection carries (text, and the span for a
    // drop on a code).
    QMimeData* selectionMimeData() const { return createMimeDataFromSelection(); }
    // Paints the lines of the visible blocks for the margin and gutter.
    using QPlainTextEdit::blockBoundingGeometry;
    using QPlainTextEdit::contentOffset;
    using QPlainTextEdit::firstVisibleBlock;

signals:
    void painted();

protected:
    QMimeData* createMimeDataFromSelection() const override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    TranscriptView& m_view;
    bool m_exact = false;
};

class CodingMargin : public QWidget {
    Q_OBJECT
public:
    explicit CodingMargin(TranscriptView& view);
    QSize sizeHint() const override;

signals:
    void painted();

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    TranscriptView& m_view;
};

class TurnGutter : public QWidget {
    Q_OBJECT
public:
    explicit TurnGutter(TranscriptView& view);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    TranscriptView& m_view;
};

class TranscriptView : public QWidget {
    Q_OBJECT
public:
    TranscriptView(Session& session, QWidget* parent = nullptr);
    ~TranscriptView() override;

    // Shows a document (0 for none).
    void openDocument(corpus::DocumentId id);
    corpus::DocumentId document() const { return m_document; }
    const DocumentText* text() const { return m_text.get(); }
    const std::vector<corpus::Turn>& turns() const { return m_turns; }
    CodingsModel& codings() { return *m_codings; }

    // The selected text as a CharPos span, snapped to whole words unless
    // the selection was made with Alt held (or `exact`); nullopt if nothing
    // is selected.
    std::optional<CharSpan> selection(bool exact = false) const;
    QString selectedText() const;
    // Selects [start, end) and scrolls to it.
    void select(corpus::CharPos start, corpus::CharPos end);
    // Marks spans (search matches) until the next document is opened.
    void showMatches(const std::vector<CharSpan>& spans);

    // One drawn bracket of the margin (for the view's own drawing, hover and
    // tests): its coding, its vertical extent and lane, its label.
    struct Bracket {
        const codebook::Coding* coding = nullptr;
        int top = 0, bottom = 0, lane = 0;
        bool openTop = false, openBottom = false;  // runs on beyond the view
        QRect label;
        QString name;
        QColor color;
    };
    std::vector<Bracket> brackets() const;
    int laneCount() const { return m_lanes; }

    TranscriptEditor* editor() { return m_editor; }
    CodingMargin* margin() { return m_margin; }

    // Actions for a text selection, offered on right-click (set by the window).
    void setSelectionActions(const QList<QAction*>& actions) { m_selectionActions = actions; }
    const QList<QAction*>& selectionActions() const { return m_selectionActions; }
    // Offers remove, change code and edit memo for a coding.
    void codingMenu(const codebook::Coding& coding, const QPoint& globalPos);
    // The codings at a text position, innermost first.
    std::vector<const codebook::Coding*> codingsAt(corpus::CharPos pos) const;

    // Called by the parts: a complete paint (text and margin) of a newly
    // opened document emits firstPaint() once.
    void partPainted(int part);

signals:
    void documentOpened(corpus::DocumentId id);
    void firstPaint();
    void selectionChanged();

private:
    void rebuild();  // after codings changed
    void styleTurns();

    Session& m_session;
    corpus::DocumentId m_document = 0;
    std::shared_ptr<const DocumentText> m_text;
    std::vector<corpus::Turn> m_turns;
    CodingsModel* m_codings;
    TranscriptEditor* m_editor;
    CodingMargin* m_margin;
    TurnGutter* m_gutter;
    class Highlighter;
    Highlighter* m_highlighter;
    std::vector<int> m_laneOf;  // per coding (CodingsModel order)
    int m_lanes = 0;
    int m_painted = 0;  // bits: 1 text, 2 margin
    bool m_firstPaintPending = false;
    QList<QAction*> m_selectionActions;
};

}  // namespace margin::gui
