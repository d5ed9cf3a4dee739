#include "app/gui/qtext.h"

#include <algorithm>

namespace margin::gui {

QString toQString(std::string_view utf8) {
    return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
}

std::string toUtf8(const QString& text) {
    QByteArray bytes = text.toUtf8();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

DocumentText::DocumentText(std::string utf8)
    : m_utf8(std::move(utf8)),
      m_qstring(toQString(m_utf8)),
      m_index(std::make_unique<corpus::OffsetIndex>(m_utf8)) {}

DocumentText::~DocumentText() = default;

corpus::CharPos DocumentText::length() const {
    return m_index->size();
}

int DocumentText::toQt(corpus::CharPos pos) const {
    auto unit = m_index->utf16Offset(pos);
    return unit ? static_cast<int>(*unit) : -1;
}

std::optional<corpus::CharPos> DocumentText::fromQt(int qt) const {
    if (qt < 0)
        return std::nullopt;
    return m_index->charPosFromUtf16(qt);
}

std::pair<corpus::CharPos, corpus::CharPos> DocumentText::spanFromQt(int qtStart, int qtEnd) const {
    const int size = static_cast<int>(m_qstring.size());
    qtStart = std::clamp(qtStart, 0, size);
    qtEnd = std::clamp(qtEnd, 0, size);
    if (qtStart > qtEnd)
        std::swap(qtStart, qtEnd);
    auto start = fromQt(qtStart);
    if (!start)  // inside a pair: take the whole character
        start = fromQt(qtStart - 1);
    auto end = fromQt(qtEnd);
    if (!end)
        end = fromQt(qtEnd + 1);
    return {start.value_or(0), end.value_or(length())};
}

QString DocumentText::slice(corpus::CharPos start, corpus::CharPos end) const {
    int a = toQt(start);
    int b = toQt(end);
    if (a < 0 || b < a)
        return {};
    return m_qstring.mid(a, b - a);
}

}  // namespace margin::gui
