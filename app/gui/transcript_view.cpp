#include "app/gui/transcript_view.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QContextMenuEvent>
#include <QDataStream>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QIODevice>
#include <QInputDialog>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>
#include <QToolTip>

#include <algorithm>
#include <functional>
#include <map>

#include "app/gui/code_chooser.h"
#include "app/gui/models/models.h"
#include "app/gui/qtext.h"
#include "app/gui/session.h"
#include "codebook/spans.h"

namespace margin::gui {

namespace {

constexpr int kLaneWidth = 8;
constexpr int kLaneLeft = 6;
constexpr int kLabelWidth = 150;

QColor codeColor(const std::string& hex) {
    QColor c(toQString(hex));
    return c.isValid() ? c : QColor(0x88, 0x88, 0x88);
}

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

// --- highlighting ----------------------------------------------------------------

class TranscriptView::Highlighter : public QSyntaxHighlighter {
public:
    struct Segment {
        int start = 0, end = 0;  // Qt positions
        QColor color;
        int depth = 0;  // codings covering it
    };
    struct Range {
        int start = 0, end = 0;
    };

    explicit Highlighter(QTextDocument* document) : QSyntaxHighlighter(document) {}

    std::vector<Segment> segments;   // sorted, disjoint
    std::vector<Range> labels;       // speaker labels, sorted
    std::vector<Range> interviewer;  // interviewer turns, sorted
    QColor dimmed;
    QColor matchColor;
    std::vector<Range> matches;

protected:
    void highlightBlock(const QString& text) override {
        const int bs = currentBlock().position();
        const int be = bs + static_cast<int>(text.size());
        if (text.isEmpty())
            return;
        std::vector<int> cuts{bs, be};
        auto segBegin = std::partition_point(segments.begin(), segments.end(),
                                             [bs](const Segment& s) { return s.end <= bs; });
        for (auto it = segBegin; it != segments.end() && it->start < be; ++it) {
            cuts.push_back(std::max(it->start, bs));
            cuts.push_back(std::min(it->end, be));
        }
        auto within = [&](const std::vector<Range>& ranges) {
            auto it = std::partition_point(ranges.begin(), ranges.end(),
                                           [bs](const Range& r) { return r.end <= bs; });
            std::vector<Range> out;
            for (; it != ranges.end() && it->start < be; ++it) {
                out.push_back(*it);
                cuts.push_back(std::clamp(it->start, bs, be));
                cuts.push_back(std::clamp(it->end, bs, be));
            }
            return out;
        };
        auto blockLabels = within(labels);
        auto blockInterviewer = within(interviewer);
        auto blockMatches = within(matches);
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        auto covers = [](const std::vector<Range>& ranges, int pos) {
            for (const auto& r : ranges)
                if (r.start <= pos && pos < r.end)
                    return true;
            return false;
        };
        auto seg = segBegin;
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
            const int a = cuts[i], b = cuts[i + 1];
            QTextCharFormat f;
            bool any = false;
            while (seg != segments.end() && seg->end <= a)
                ++seg;
            if (seg != segments.end() && seg->start <= a && a < seg->end) {
                f.setBackground(seg->color);
                if (seg->depth > 1) {
                    f.setUnderlineStyle(QTextCharFormat::SingleUnderline);
                    f.setUnderlineColor(seg->color.darker(160));
                }
                any = true;
            }
            if (covers(blockInterviewer, a)) {
                f.setForeground(dimmed);
                any = true;
            }
            if (covers(blockLabels, a)) {
                f.setFontWeight(QFont::Bold);
                any = true;
            }
            if (covers(blockMatches, a)) {
                f.setBackground(matchColor);
                f.setFontWeight(QFont::Bold);
                any = true;
            }
            if (any)
                setFormat(a - bs, b - a, f);
        }
    }
};

// --- the editor ------------------------------------------------------------------

TranscriptEditor::TranscriptEditor(TranscriptView& view) : QPlainTextEdit(&view), m_view(view) {
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setCenterOnScroll(false);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.1);
    setFont(f);
    document()->setDocumentMargin(10);
}

QMimeData* TranscriptEditor::createMimeDataFromSelection() const {
    // Qt's own text-edit data lists fixed formats only: a plain QMimeData
    // carries the text and the span.
    auto* mime = new QMimeData;
    mime->setText(textCursor().selectedText().replace(QChar::ParagraphSeparator, QChar('\n')));
    if (auto span = m_view.selection()) {
        QByteArray bytes;
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out << static_cast<qint64>(m_view.document()) << static_cast<qint64>(span->first)
            << static_cast<qint64>(span->second);
        mime->setData(kSelectionMime, bytes);
    }
    return mime;
}

void TranscriptEditor::mouseReleaseEvent(QMouseEvent* event) {
    m_exact = event->modifiers().testFlag(Qt::AltModifier);
    QPlainTextEdit::mouseReleaseEvent(event);
}

void TranscriptEditor::keyPressEvent(QKeyEvent* event) {
    if (event->modifiers().testFlag(Qt::ShiftModifier))
        m_exact = event->modifiers().testFlag(Qt::AltModifier);
    QPlainTextEdit::keyPressEvent(event);
}

void TranscriptEditor::paintEvent(QPaintEvent* event) {
    QPlainTextEdit::paintEvent(event);
    emit painted();
}

void TranscriptEditor::contextMenuEvent(QContextMenuEvent* event) {
    std::unique_ptr<QMenu> menu(createStandardContextMenu(event->pos()));
    if (textCursor().hasSelection() && !m_view.selectionActions().isEmpty()) {
        menu->addSeparator();
        menu->addActions(m_view.selectionActions());
    }
    // The codings at the clicked position.
    if (const DocumentText* text = m_view.text()) {
        int qt = cursorForPosition(event->pos()).position();
        if (auto pos = text->fromQt(qt)) {
            auto here = m_view.codingsAt(*pos);
            if (!here.empty())
                menu->addSeparator();
            for (const codebook::Coding* c : here) {
                auto code = m_view.codings().codes().find(c->code);
                QString name = code == m_view.codings().codes().end()
                                   ? QString()
                                   : toQString(code->second.path);
                QAction* action = menu->addAction(tr("Coding: %1…").arg(name));
                const codebook::Coding coding = *c;
                const QPoint global = event->globalPos();
                connect(action, &QAction::triggered, this,
                        [this, coding, global] { m_view.codingMenu(coding, global); });
            }
        }
    }
    menu->exec(event->globalPos());
}

// --- the margin ------------------------------------------------------------------

CodingMargin::CodingMargin(TranscriptView& view) : QWidget(&view), m_view(view) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

QSize CodingMargin::sizeHint() const {
    return {kLaneLeft + std::max(1, m_view.laneCount()) * kLaneWidth + 6 + kLabelWidth, 100};
}

void CodingMargin::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (const auto& b : m_view.brackets()) {
        const int x = kLaneLeft + b.lane * kLaneWidth;
        QPen pen(b.color, 2);
        p.setPen(pen);
        p.drawLine(x, b.top + 1, x, b.bottom - 1);
        if (!b.openTop)
            p.drawLine(x, b.top + 1, x + 4, b.top + 1);
        if (!b.openBottom)
            p.drawLine(x, b.bottom - 1, x + 4, b.bottom - 1);
        if (!b.label.isEmpty()) {
            p.setPen(dark ? b.color.lighter(140) : b.color.darker(130));
            QString name = fontMetrics().elidedText(b.name, Qt::ElideRight, b.label.width());
            p.drawText(b.label, Qt::AlignLeft | Qt::AlignVCenter, name);
        }
    }
    emit painted();
}

namespace {

const TranscriptView::Bracket* bracketAt(const std::vector<TranscriptView::Bracket>& brackets,
                                         const QPoint& pos) {
    const TranscriptView::Bracket* best = nullptr;
    for (const auto& b : brackets) {
        const int x = kLaneLeft + b.lane * kLaneWidth;
        bool onLine = std::abs(pos.x() - x) <= 4 && pos.y() >= b.top && pos.y() <= b.bottom;
        if (onLine || b.label.contains(pos)) {
            if (!best ||
                (b.coding->end - b.coding->start) < (best->coding->end - best->coding->start))
                best = &b;
        }
    }
    return best;
}

}  // namespace

bool CodingMargin::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        auto brackets = m_view.brackets();
        if (const auto* b = bracketAt(brackets, help->pos())) {
            auto code = m_view.codings().codes().find(b->coding->code);
            QString path =
                code == m_view.codings().codes().end() ? b->name : toQString(code->second.path);
            QString tip = "<b>" + path.toHtmlEscaped() + "</b><br>" +
                          tr("Coder: %1").arg(toQString(b->coding->coder).toHtmlEscaped());
            if (!b->coding->memo.empty())
                tip += "<br>" + tr("Memo: %1").arg(toQString(b->coding->memo).toHtmlEscaped());
            if (m_view.text()) {
                QString quote = m_view.text()->slice(b->coding->start, b->coding->end).simplified();
                if (quote.size() > 160)
                    quote = quote.left(160) + "…";
                tip += "<br><i>" + quote.toHtmlEscaped() + "</i>";
            }
            QToolTip::showText(help->globalPos(), tip, this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void CodingMargin::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    auto brackets = m_view.brackets();
    if (const auto* b = bracketAt(brackets, event->pos()))
        m_view.select(b->coding->start, b->coding->end);
}

void CodingMargin::contextMenuEvent(QContextMenuEvent* event) {
    auto brackets = m_view.brackets();
    if (const auto* b = bracketAt(brackets, event->pos()))
        m_view.codingMenu(*b->coding, event->globalPos());
}

// --- the gutter ------------------------------------------------------------------

TurnGutter::TurnGutter(TranscriptView& view) : QWidget(&view), m_view(view) {}

QSize TurnGutter::sizeHint() const {
    return {fontMetrics().horizontalAdvance("00:00:00") + 10, 100};
}

void TurnGutter::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const DocumentText* text = m_view.text();
    if (!text)
        return;
    auto* editor = m_view.editor();
    const int offset =
        editor->viewport()->mapTo(&m_view, QPoint(0, 0)).y() - mapTo(&m_view, QPoint(0, 0)).y();
    p.setPen(palette().color(QPalette::PlaceholderText));
    QTextBlock block = editor->firstVisibleBlock();
    double top = editor->blockBoundingGeometry(block).translated(editor->contentOffset()).top();
    const int height = editor->viewport()->height();
    auto turn = m_view.turns().begin();
    while (block.isValid() && top <= height) {
        auto pos = text->fromQt(block.position());
        if (pos) {
            while (turn != m_view.turns().end() && turn->start < *pos)
                ++turn;
            if (turn != m_view.turns().end() && turn->start == *pos && turn->timestampMs) {
                std::int64_t s = *turn->timestampMs / 1000;
                QString stamp = QString("%1:%2:%3")
                                    .arg(s / 3600, 2, 10, QChar('0'))
                                    .arg(s / 60 % 60, 2, 10, QChar('0'))
                                    .arg(s % 60, 2, 10, QChar('0'));
                p.drawText(
                    QRect(0, static_cast<int>(top) + offset, width() - 4, fontMetrics().height()),
                    Qt::AlignRight | Qt::AlignVCenter, stamp);
            }
        }
        top += editor->blockBoundingGeometry(block).height();
        block = block.next();
    }
}

// --- the view --------------------------------------------------------------------

TranscriptView::TranscriptView(Session& session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    m_codings = new CodingsModel(session, this);
    m_editor = new TranscriptEditor(*this);
    m_margin = new CodingMargin(*this);
    m_gutter = new TurnGutter(*this);
    m_highlighter = new Highlighter(m_editor->document());
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_gutter);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_margin);
    m_gutter->hide();

    auto repaintSides = [this] {
        m_margin->update();
        m_gutter->update();
    };
    connect(m_editor, &QPlainTextEdit::updateRequest, this, repaintSides);
    connect(m_editor->verticalScrollBar(), &QScrollBar::valueChanged, this, repaintSides);
    connect(m_editor, &QPlainTextEdit::selectionChanged, this, &TranscriptView::selectionChanged);
    connect(m_editor, &TranscriptEditor::painted, this, [this] { partPainted(1); });
    connect(m_margin, &CodingMargin::painted, this, [this] { partPainted(2); });
    connect(m_codings, &QAbstractItemModel::modelReset, this, &TranscriptView::rebuild);
}

TranscriptView::~TranscriptView() = default;

void TranscriptView::partPainted(int part) {
    if (!m_firstPaintPending)
        return;
    m_painted |= part;
    if (m_painted == 3) {
        m_firstPaintPending = false;
        emit firstPaint();
    }
}

void TranscriptView::openDocument(corpus::DocumentId id) {
    auto& store = m_session.project().store();
    m_document = 0;
    m_text.reset();
    m_turns.clear();
    m_highlighter->matches.clear();
    if (id) {
        auto text = store.documentText(id);
        auto turns = store.turns(id);
        if (!text.isOk()) {
            m_session.fail(toQString(text.status().message()));
            id = 0;
        } else {
            m_document = id;
            m_text = std::make_shared<DocumentText>(std::move(text).value());
            if (turns.isOk())
                m_turns = std::move(turns).value();
        }
    }
    // Codings first, so that the text is coloured as it is laid out.
    m_highlighter->setDocument(nullptr);
    m_codings->setDocument(m_document, m_text);
    m_editor->setPlainText(m_text ? m_text->qstring() : QString());
    styleTurns();
    m_highlighter->setDocument(m_editor->document());
    m_gutter->setVisible(std::any_of(m_turns.begin(), m_turns.end(), [](const corpus::Turn& t) {
        return t.timestampMs.has_value();
    }));
    m_painted = 0;
    m_firstPaintPending = m_document != 0;
    m_margin->updateGeometry();
    m_margin->update();
    emit documentOpened(m_document);
}

void TranscriptView::styleTurns() {
    m_highlighter->labels.clear();
    m_highlighter->interviewer.clear();
    const QPalette pal = palette();
    m_highlighter->dimmed = mix(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.35);
    m_highlighter->matchColor = QColor(255, 214, 0, 150);
    if (!m_text)
        return;
    const QString& q = m_text->qstring();
    QTextBlockFormat band;
    band.setBackground(pal.color(QPalette::AlternateBase));
    int previousEnd = 0;
    // One edit block: inside it QTextCursor::setPosition does not compute the
    // cursor's x (QTextCursorPrivate::setX), which lays out and shapes the
    // block; the layout stays lazy.
    QTextCursor cursor(m_editor->document());
    cursor.beginEditBlock();
    for (const auto& turn : m_turns) {
        const int a = m_text->toQt(turn.start);
        const int b = m_text->toQt(turn.end);
        if (a < 0 || b < a)
            continue;
        // The label: the speaker's name as written just before the turn's
        // text ("访谈者：", "[00:01:32] Interviewer: ", "吴凡 10:37\n"),
        // up to the text.
        int labelStart = a;
        const QString speaker = toQString(turn.speaker);
        if (!speaker.isEmpty()) {
            const int from = std::max(previousEnd, a - 80);
            const int at = static_cast<int>(q.lastIndexOf(speaker, a - 1));
            if (at >= from && at < a) {
                int end = a;
                while (end > at && q[end - 1].isSpace())
                    --end;
                m_highlighter->labels.push_back({at, end});
                labelStart = at;
            }
        }
        previousEnd = b;
        if (turn.kind == corpus::SpeakerKind::Interviewer) {
            m_highlighter->interviewer.push_back({labelStart, b});
            cursor.setPosition(labelStart);
            cursor.setPosition(std::max(labelStart, b - 1), QTextCursor::KeepAnchor);
            cursor.mergeBlockFormat(band);
        }
    }
    cursor.endEditBlock();
}

void TranscriptView::rebuild() {
    // Lanes: the codings in text order (longest first at one start), each in
    // the first lane free at its start.
    const auto& codings = m_codings->codings();
    m_laneOf.assign(codings.size(), 0);
    std::vector<corpus::CharPos> laneEnds;
    for (std::size_t i = 0; i < codings.size(); ++i) {
        std::size_t lane = 0;
        while (lane < laneEnds.size() && laneEnds[lane] > codings[i].start)
            ++lane;
        if (lane == laneEnds.size())
            laneEnds.push_back(0);
        laneEnds[lane] = codings[i].end;
        m_laneOf[i] = static_cast<int>(lane);
    }
    m_lanes = static_cast<int>(laneEnds.size());

    // Colour segments: a sweep over the codings' ends.
    std::vector<Highlighter::Segment> segments;
    if (m_text) {
        struct Event {
            int pos;
            bool start;
            std::size_t coding;
        };
        std::vector<Event> events;
        events.reserve(codings.size() * 2);
        for (std::size_t i = 0; i < codings.size(); ++i) {
            int a = m_text->toQt(codings[i].start), b = m_text->toQt(codings[i].end);
            if (a < 0 || b <= a)
                continue;
            events.push_back({a, true, i});
            events.push_back({b, false, i});
        }
        std::sort(events.begin(), events.end(),
                  [](const Event& x, const Event& y) { return x.pos < y.pos; });
        std::vector<std::size_t> active;
        std::map<codebook::CodeId, QColor> colors;
        for (const auto& [id, code] : m_codings->codes())
            colors[id] = codeColor(code.color);
        for (std::size_t e = 0; e < events.size();) {
            const int pos = events[e].pos;
            for (; e < events.size() && events[e].pos == pos; ++e) {
                if (events[e].start)
                    active.push_back(events[e].coding);
                else
                    active.erase(std::find(active.begin(), active.end(), events[e].coding));
            }
            if (active.empty() || e == events.size())
                continue;
            float r = 0, g = 0, b = 0;
            for (auto i : active) {
                const QColor& c = colors[codings[i].code];
                r += c.redF();
                g += c.greenF();
                b += c.blueF();
            }
            const auto n = static_cast<float>(active.size());
            QColor color = QColor::fromRgbF(r / n, g / n, b / n);
            color.setAlpha(active.size() > 1 ? 120 : 80);
            Highlighter::Segment s{pos, events[e].pos, color, static_cast<int>(active.size())};
            if (!segments.empty() && segments.back().end == s.start &&
                segments.back().depth == s.depth && segments.back().color == s.color)
                segments.back().end = s.end;
            else
                segments.push_back(s);
        }
    }
    // Recolour only the blocks whose colours changed.
    auto& old = m_highlighter->segments;
    int from = -1, to = -1;
    if (old.size() != segments.size() ||
        !std::equal(old.begin(), old.end(), segments.begin(), [](const auto& x, const auto& y) {
            return x.start == y.start && x.end == y.end && x.color == y.color;
        })) {
        // The first and last differing positions.
        std::size_t i = 0;
        while (i < old.size() && i < segments.size() && old[i].start == segments[i].start &&
               old[i].end == segments[i].end && old[i].color == segments[i].color)
            ++i;
        std::size_t j = 0;
        while (j < old.size() - i && j < segments.size() - i &&
               old[old.size() - 1 - j].start == segments[segments.size() - 1 - j].start &&
               old[old.size() - 1 - j].end == segments[segments.size() - 1 - j].end &&
               old[old.size() - 1 - j].color == segments[segments.size() - 1 - j].color)
            ++j;
        auto lowest = [&](const std::vector<Highlighter::Segment>& v, std::size_t k) {
            return k < v.size() ? v[k].start : std::numeric_limits<int>::max();
        };
        auto highest = [&](const std::vector<Highlighter::Segment>& v, std::size_t k) {
            return k < v.size() ? v[v.size() - 1 - k].end : -1;
        };
        from = std::min(lowest(old, i), lowest(segments, i));
        to = std::max(highest(old, j), highest(segments, j));
    }
    m_highlighter->segments = std::move(segments);
    if (m_highlighter->document() && from >= 0 && to >= from) {
        QTextDocument* doc = m_editor->document();
        for (QTextBlock b = doc->findBlock(from); b.isValid() && b.position() <= to; b = b.next())
            m_highlighter->rehighlightBlock(b);
    }
    m_margin->updateGeometry();
    m_margin->update();
}

std::optional<CharSpan> TranscriptView::selection(bool exact) const {
    QTextCursor cursor = m_editor->textCursor();
    if (!m_text || !cursor.hasSelection())
        return std::nullopt;
    auto span = m_text->spanFromQt(cursor.selectionStart(), cursor.selectionEnd());
    if (!exact && !m_editor->exactSelection())
        span = codebook::snapSpan(m_text->utf8(), m_turns, span, codebook::Snap::Word);
    if (span.first >= span.second)
        return std::nullopt;
    return span;
}

QString TranscriptView::selectedText() const {
    auto span = selection();
    return span && m_text ? m_text->slice(span->first, span->second) : QString();
}

void TranscriptView::select(corpus::CharPos start, corpus::CharPos end) {
    if (!m_text)
        return;
    int a = m_text->toQt(start), b = m_text->toQt(end);
    if (a < 0 || b < a)
        return;
    QTextCursor cursor(m_editor->document());
    cursor.setPosition(b);
    m_editor->setTextCursor(cursor);
    m_editor->ensureCursorVisible();
    cursor.setPosition(a, QTextCursor::KeepAnchor);
    m_editor->setTextCursor(cursor);
    m_editor->ensureCursorVisible();
}

void TranscriptView::showMatches(const std::vector<CharSpan>& spans) {
    if (!m_text)
        return;
    std::vector<Highlighter::Range> ranges;
    for (const auto& [a, b] : spans) {
        int qa = m_text->toQt(a), qb = m_text->toQt(b);
        if (qa >= 0 && qb > qa)
            ranges.push_back({qa, qb});
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const auto& x, const auto& y) { return x.start < y.start; });
    auto previous = std::move(m_highlighter->matches);
    m_highlighter->matches = ranges;
    QTextDocument* doc = m_editor->document();
    for (const auto* list : {&previous, &m_highlighter->matches})
        for (const auto& r : *list)
            for (QTextBlock b = doc->findBlock(r.start); b.isValid() && b.position() < r.end;
                 b = b.next())
                m_highlighter->rehighlightBlock(b);
}

std::vector<const codebook::Coding*> TranscriptView::codingsAt(corpus::CharPos pos) const {
    std::vector<const codebook::Coding*> out;
    for (const auto& c : m_codings->codings())
        if (c.start <= pos && pos < c.end)
            out.push_back(&c);
    std::sort(out.begin(), out.end(),
              [](const auto* a, const auto* b) { return a->end - a->start < b->end - b->start; });
    return out;
}

std::vector<TranscriptView::Bracket> TranscriptView::brackets() const {
    std::vector<Bracket> out;
    if (!m_text)
        return out;
    // The visible blocks and their tops, in viewport coordinates.
    struct Visible {
        QTextBlock block;
        double top;
    };
    std::vector<Visible> visible;
    const int height = m_editor->viewport()->height();
    QTextBlock block = m_editor->firstVisibleBlock();
    double top = m_editor->blockBoundingGeometry(block).translated(m_editor->contentOffset()).top();
    while (block.isValid() && top <= height) {
        visible.push_back({block, top});
        top += m_editor->blockBoundingGeometry(block).height();
        block = block.next();
    }
    if (visible.empty())
        return out;
    const int first = visible.front().block.position();
    const int last = visible.back().block.position() + visible.back().block.length();
    const int offset = m_editor->viewport()->mapTo(this, QPoint(0, 0)).y() -
                       m_margin->mapTo(this, QPoint(0, 0)).y();
    auto lineAt = [&](int qt, bool bottom) -> int {
        auto it = std::partition_point(visible.begin(), visible.end(), [qt](const Visible& v) {
            return v.block.position() + v.block.length() <= qt;
        });
        if (it == visible.end())
            return height;
        const QTextLayout* layout = it->block.layout();
        double y = it->top;
        if (layout && layout->lineCount() > 0) {
            QTextLine line = layout->lineForTextPosition(qt - it->block.position());
            if (line.isValid())
                y += line.y() + (bottom ? line.height() : 0);
        } else if (bottom) {
            y += m_editor->blockBoundingGeometry(it->block).height();
        }
        return static_cast<int>(y);
    };
    const auto& codings = m_codings->codings();
    const int labelLeft = kLaneLeft + std::max(1, m_lanes) * kLaneWidth + 4;
    const int labelWidth = std::max(20, m_margin->width() - labelLeft - 2);
    const int lineHeight = m_margin->fontMetrics().height();
    int labelsBottom = -1000000;
    for (std::size_t i = 0; i < codings.size(); ++i) {
        const auto& c = codings[i];
        int a = m_text->toQt(c.start), b = m_text->toQt(c.end);
        if (a < 0 || b <= a || b <= first || a >= last)
            continue;
        Bracket br;
        br.coding = &c;
        br.lane = i < m_laneOf.size() ? m_laneOf[i] : 0;
        br.openTop = a < first;
        br.openBottom = b > last;
        br.top = (br.openTop ? 0 : lineAt(a, false)) + offset;
        br.bottom = (br.openBottom ? height : lineAt(b - 1, true)) + offset;
        auto code = m_codings->codes().find(c.code);
        br.name = code == m_codings->codes().end() ? QString() : toQString(code->second.name);
        br.color =
            code == m_codings->codes().end() ? QColor(Qt::gray) : codeColor(code->second.color);
        int labelTop = std::max(br.top, labelsBottom);
        br.label = QRect(labelLeft, labelTop, labelWidth, lineHeight);
        labelsBottom = labelTop + lineHeight;
        out.push_back(br);
    }
    return out;
}

void TranscriptView::codingMenu(const codebook::Coding& coding, const QPoint& globalPos) {
    // What was chosen runs after the menu has closed (it may open a dialog).
    std::function<void()> chosen;
    QMenu menu(this);
    const codebook::CodingId id = coding.id;
    const codebook::Coding copy = coding;
    connect(menu.addAction(tr("Select the coded text")), &QAction::triggered, &menu,
            [&chosen, this, copy] { chosen = [this, copy] { select(copy.start, copy.end); }; });
    connect(menu.addAction(tr("Remove coding")), &QAction::triggered, &menu, [&chosen, this, id] {
        chosen = [this, id] {
            m_session.apply([id](codebook::Codebook& c) { return c.removeCodings({id}); });
        };
    });
    connect(menu.addAction(tr("Change code…")), &QAction::triggered, &menu, [&chosen, this, id] {
        chosen = [this, id] {
            auto code = CodeChooser::choose(m_session, this, tr("Change code"));
            if (code)
                m_session.apply(
                    [id, code](codebook::Codebook& c) { return c.setCodingCode(id, *code); });
        };
    });
    connect(menu.addAction(tr("Edit memo…")), &QAction::triggered, &menu,
            [&chosen, this, id, copy] {
                chosen = [this, id, copy] {
                    bool ok = false;
                    QString text = QInputDialog::getMultiLineText(
                        this, tr("Memo"), tr("Memo for this coding:"), toQString(copy.memo), &ok);
                    if (ok) {
                        std::string m = toUtf8(text);
                        m_session.apply(
                            [id, m](codebook::Codebook& c) { return c.setCodingMemo(id, m); });
                    }
                };
            });
    menu.exec(globalPos);
    if (chosen)
        chosen();
}

}  // namespace margin::gui
