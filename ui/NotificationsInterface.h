// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDBusAbstractInterface>
#include <QDBusPendingCall>
#include <QStringList>
#include <QVariantMap>

namespace natter {

// A proxy for the freedesktop.org notification server
// (org.freedesktop.Notifications on the session bus, Desktop Notifications Specification 1.2).
// Every call is asynchronous: the GUI never waits for the server.
class NotificationsInterface : public QDBusAbstractInterface
{
    Q_OBJECT
public:
    static QString serviceName();
    static QString objectPath();
    static QString interfaceName();

    NotificationsInterface(const QDBusConnection &connection, QObject *parent = nullptr);

    // Reply: QStringList, e.g. {"body", "body-markup", "actions"}.
    QDBusPendingCall getCapabilities();
    // Reply: uint, the notification's id.
    QDBusPendingCall notify(const QString &appName, uint replacesId, const QString &appIcon,
                            const QString &summary, const QString &body, const QStringList &actions,
                            const QVariantMap &hints, int expireTimeout);
    QDBusPendingCall closeNotification(uint id);

Q_SIGNALS:
    // Named exactly as the D-Bus signals: QDBusAbstractInterface relays a bus signal to the
    // signal of the same name.
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);
};

} // namespace natter
