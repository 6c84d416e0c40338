// SPDX-License-Identifier: GPL-3.0-or-later
#include "FirstPaintProbe.h"

#include <QEvent>
#include <QFile>
#include <QMetaObject>
#include <QWidget>

#include <chrono>

namespace natter::gui {

void FirstPaintProbe::watch(QWidget *widget, const QString &name)
{
    const QString file = qEnvironmentVariable(EnvironmentVariable);
    if (file.isEmpty() || !widget)
        return;
    widget->installEventFilter(new FirstPaintProbe(widget, name, file));
}

FirstPaintProbe::FirstPaintProbe(QWidget *widget, const QString &name, const QString &file)
    : QObject(widget)
    , m_name(name)
    , m_file(file)
{}

bool FirstPaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_seen) {
        m_seen = true;
        watched->removeEventFilter(this);
        // Queued: runs when this paint (and the rest of the frame) is done.
        QMetaObject::invokeMethod(this, &FirstPaintProbe::record, Qt::QueuedConnection);
    }
    return false;
}

void FirstPaintProbe::record()
{
    const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
    QFile file(m_file);
    if (file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        file.write(m_name.toUtf8() + " first_paint_ns=" + QByteArray::number(qint64(now)) + '\n');
    }
    deleteLater();
}

} // namespace natter::gui
