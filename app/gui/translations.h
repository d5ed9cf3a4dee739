// The interface language: every user-visible string of margin-gui goes
// through Qt's translation system (tr()); translations/margin_zh_CN.ts is
// compiled into the program at build time.
#pragma once

#include <QString>

class QCoreApplication;

namespace margin::gui {

// Installs the translation for `language` ("zh_CN", "en"); empty for the
// system locale (LANG) or the one chosen in View ▸ Language. Returns the
// language installed ("en" when none was needed or found).
QString installTranslations(QCoreApplication& app, const QString& language = {});

}  // namespace margin::gui
