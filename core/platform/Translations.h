// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace natter {

// Installs the translations for the user's locale (QLocale()): Qt's own (qtbase, from Qt's
// translations folder) and Natter's, compiled into natter-core under :/i18n/. A locale without
// a translation keeps the English texts. The translators are owned by app.
void installTranslations(QCoreApplication &app);

} // namespace natter
