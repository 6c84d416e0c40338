// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>
#include <QString>
#include <QStringList>

namespace natter {

// Natter's icons: SVGs compiled into the binary (resources/icons/), so they are sharp at any
// device pixel ratio. Presence icons keep their colours; symbolic action icons are drawn in the
// palette's text colour so that they work in light and dark themes.
namespace Icons {

// Presence of a contact or of ourselves, by RosterModel::Availability value (0 = chat ...
// 5 = offline); see core/models/RosterModel.h.
QIcon presence(int availability);
// The application icon.
QIcon app();
// A symbolic icon by name: "add-contact", "chat", "console", "search", "send", "close",
// "settings", "info", "warning", "error", "certificate", "group", "tray", "tray-unread".
// Drawn in the application palette's WindowText (HighlightedText when selected), looked up at
// paint time, so one QIcon follows a palette change. An unknown name gives a null icon.
QIcon action(const QString &name);
// Every name action() knows, in the order above.
QStringList actionNames();

} // namespace Icons

} // namespace natter
