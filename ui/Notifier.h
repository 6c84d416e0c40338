// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QDBusPendingCallWatcher;
class QDBusServiceWatcher;

namespace natter {

class NotificationsInterface;
class TrayIcon;

// Desktop notifications for incoming messages. Uses the freedesktop.org notification server
// (org.freedesktop.Notifications over D-Bus) when the session bus has one — asked once,
// asynchronously, and again when a server appears or leaves — and the tray icon's balloon
// otherwise. One notification per contact: a new message replaces that contact's previous one.
// Clicking it (the "default" action) emits activated() with the contact.
//
// Title and body are plain text. A server that advertises "body-markup" would read markup in
// the body, so the body is escaped for such servers.
class Notifier : public QObject
{
    Q_OBJECT
public:
    enum class Backend
    {
        Unknown,     // still asking the bus
        Freedesktop, // org.freedesktop.Notifications
        Tray,        // QSystemTrayIcon::showMessage
    };
    Q_ENUM(Backend)

    // The application id: the .desktop file's name and the icon's name.
    static QString appId();
    // Bodies longer than this are cut (with "…").
    static constexpr int MaximumBodyLength = 400;

    // On the session bus; tray may be null (then there is no fallback).
    explicit Notifier(TrayIcon *tray, QObject *parent = nullptr);
    // On the given bus (tests use a private one); a disconnected bus means the tray only.
    Notifier(const QDBusConnection &bus, TrayIcon *tray, QObject *parent = nullptr);
    ~Notifier() override;

    void notify(const QString &title, const QString &body, const Jid &peer);
    // Closes the contact's notification (its chat got the focus).
    void withdraw(const Jid &peer);

    Backend backend() const { return m_backend; }
    QStringList serverCapabilities() const { return m_capabilities; }

Q_SIGNALS:
    // The user clicked the notification of this contact (bare JID).
    void activated(const natter::Jid &peer);
    // A notification went out through this backend.
    void shown(natter::Notifier::Backend backend);
    void backendChanged(natter::Notifier::Backend backend);

private:
    struct Pending
    {
        QString title;
        QString body;
        Jid peer;
    };

    void probe();
    void onProbed(QDBusPendingCallWatcher *watcher);
    void setBackend(Backend backend);
    void flush();
    void deliver(const Pending &notification);
    void showInTray(const Pending &notification);
    void onActionInvoked(uint id, const QString &actionKey);
    void onClosed(uint id, uint reason);

    QDBusConnection m_bus;
    NotificationsInterface *m_server = nullptr;
    QDBusServiceWatcher *m_watcher = nullptr;
    QPointer<TrayIcon> m_tray;
    Backend m_backend = Backend::Unknown;
    bool m_probing = false;
    QStringList m_capabilities;
    QList<Pending> m_pending;
    QHash<uint, Jid> m_peerById;
    QHash<QString, uint> m_idByPeer; // bare JID -> notification id
    Jid m_trayPeer;                  // whose balloon is showing
};

} // namespace natter
