// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QString>
#include <QWidget>

namespace natter::test {

// Saves a picture of a widget into $NATTER_SCREENSHOT_DIR (set by CTest) for people to look at.
// Returns the path, or an empty string if no directory is set.
inline QString saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("NATTER_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return {};
    QDir().mkpath(dir);
    const QString path = dir + u'/' + name + QStringLiteral(".png");
    widget->grab().save(path);
    return path;
}

} // namespace natter::test
