// The Qt edge of the offset unit (corpus/offsets.h). Margin stores every
// position as a corpus::CharPos (Unicode code points of the NFC, "\n" text);
// Qt's QString, QTextCursor and QTextDocument count UTF-16 code units. This
// is the one place in the GUI that converts between them: widgets and models
// hold CharPos and ask a DocumentText for Qt positions only to draw or to
// select, and convert a Qt selection back here before it reaches the core.
//
//   text      CharPos  Qt (UTF-16)
//   "é"          1        1
//   "😀"         1        2      (a surrogate pair)
//   "𠀀"         1        2      (CJK Extension B)
//   "q̃"          2        2      (q + combining tilde: two code points)
//
// A Qt position inside a surrogate pair has no CharPos: fromQt returns
// std::nullopt and snapping helpers move it outwards to whole characters.
//
// Thread-safety: a DocumentText is immutable after construction.
#pragma once

#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "corpus/offsets.h"

namespace margin::gui {

QString toQString(std::string_view utf8);
std::string toUtf8(const QString& text);

class DocumentText {
public:
    explicit DocumentText(std::string utf8);
    ~DocumentText();
    DocumentText(const DocumentText&) = delete;
    DocumentText& operator=(const DocumentText&) = delete;

    const std::string& utf8() const { return m_utf8; }
    const QString& qstring() const { return m_qstring; }
    corpus::CharPos length() const;

    // The Qt position of `pos`; -1 when out of range.
    int toQt(corpus::CharPos pos) const;
    // The CharPos of Qt position `qt`; nullopt out of range or inside a
    // surrogate pair.
    std::optional<corpus::CharPos> fromQt(int qt) const;
    // A Qt selection [qtStart, qtEnd) as a CharPos span, widened to whole
    // characters when an end falls inside a surrogate pair.
    std::pair<corpus::CharPos, corpus::CharPos> spanFromQt(int qtStart, int qtEnd) const;
    // The text of a CharPos span, as a QString.
    QString slice(corpus::CharPos start, corpus::CharPos end) const;

private:
    std::string m_utf8;
    QString m_qstring;
    std::unique_ptr<corpus::OffsetIndex> m_index;  // over m_utf8
};

}  // namespace margin::gui
