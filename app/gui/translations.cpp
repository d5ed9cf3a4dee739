#include "app/gui/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace margin::gui {

QString installTranslations(QCoreApplication& app, const QString& language) {
    QString chosen = language;
    if (chosen.isEmpty())
        chosen = QSettings().value("language").toString();
    QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return "en";
    auto* ours = new QTranslator(&app);
    if (!ours->load(locale, "margin", "_", ":/i18n")) {
        delete ours;
        return "en";
    }
    QCoreApplication::installTranslator(ours);
    // Qt's own dialogs (file chooser, message boxes) in the same language.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return locale.name();
}

}  // namespace margin::gui
