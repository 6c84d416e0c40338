// SPDX-License-Identifier: GPL-3.0-or-later
#include "NotificationsInterface.h"

using namespace Qt::StringLiterals;

namespace natter {

QString NotificationsInterface::serviceName()
{
    return u"org.freedesktop.Notifications"_s;
}

QString NotificationsInterface::objectPath()
{
    return u"/org/freedesktop/Notifications"_s;
}

QString NotificationsInterface::interfaceName()
{
    return u"org.freedesktop.Notifications"_s;
}

NotificationsInterface::NotificationsInterface(const QDBusConnection &connection, QObject *parent)
    : QDBusAbstractInterface(serviceName(), objectPath(), "org.freedesktop.Notifications",
                             connection, parent)
{}

QDBusPendingCall NotificationsInterface::getCapabilities()
{
    return asyncCall(u"GetCapabilities"_s);
}

QDBusPendingCall NotificationsInterface::notify(const QString &appName, uint replacesId,
                                                const QString &appIcon, const QString &summary,
                                                const QString &body, const QStringList &actions,
                                                const QVariantMap &hints, int expireTimeout)
{
    return asyncCall(u"Notify"_s, appName, replacesId, appIcon, summary, body, actions, hints,
                     expireTimeout);
}

QDBusPendingCall NotificationsInterface::closeNotification(uint id)
{
    return asyncCall(u"CloseNotification"_s, id);
}

} // namespace natter
