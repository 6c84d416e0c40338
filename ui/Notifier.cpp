// SPDX-License-Identifier: GPL-3.0-or-later
#include "Notifier.h"

#include "NotificationsInterface.h"
#include "TrayIcon.h"

#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

Q_LOGGING_CATEGORY(lcNotify, "natter.ui.notify")

QString shortened(const QString &text)
{
    if (text.size() <= Notifier::MaximumBodyLength)
        return text;
    return text.left(Notifier::MaximumBodyLength - 1) + u'…';
}

} // namespace

QString Notifier::appId()
{
    return u"org.natter.Natter"_s;
}

Notifier::Notifier(TrayIcon *tray, QObject *parent)
    : Notifier(QDBusConnection::sessionBus(), tray, parent)
{}

Notifier::Notifier(const QDBusConnection &bus, TrayIcon *tray, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_tray(tray)
{
    if (m_tray) {
        connect(m_tray, &TrayIcon::messageClicked, this, [this] {
            if (!m_trayPeer.isNull())
                Q_EMIT activated(m_trayPeer);
        });
    }
    if (!m_bus.isConnected()) {
        qCDebug(lcNotify) << "no D-Bus session bus; notifications go to the tray";
        m_backend = Backend::Tray;
        return;
    }
    m_server = new NotificationsInterface(m_bus, this);
    connect(m_server, &NotificationsInterface::ActionInvoked, this, &Notifier::onActionInvoked);
    connect(m_server, &NotificationsInterface::NotificationClosed, this, &Notifier::onClosed);
    m_watcher = new QDBusServiceWatcher(NotificationsInterface::serviceName(), m_bus,
                                        QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &newOwner) {
                qCDebug(lcNotify) << "notification server"
                                  << (newOwner.isEmpty() ? "left" : "came");
                m_peerById.clear();
                m_idByPeer.clear();
                probe();
            });
    probe();
}

Notifier::~Notifier() = default;

void Notifier::probe()
{
    if (!m_server || m_probing)
        return;
    m_probing = true;
    // Calling the server also starts it when it is D-Bus activatable.
    auto *watcher = new QDBusPendingCallWatcher(m_server->getCapabilities(), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, &Notifier::onProbed);
}

void Notifier::onProbed(QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    m_probing = false;
    const QDBusPendingReply<QStringList> reply = *watcher;
    if (reply.isError()) {
        qCDebug(lcNotify) << "no notification server:" << reply.error().message();
        m_capabilities.clear();
        setBackend(Backend::Tray);
    } else {
        m_capabilities = reply.value();
        qCDebug(lcNotify) << "notification server capabilities" << m_capabilities;
        setBackend(Backend::Freedesktop);
    }
    flush();
}

void Notifier::setBackend(Backend backend)
{
    if (backend == m_backend)
        return;
    m_backend = backend;
    Q_EMIT backendChanged(backend);
}

void Notifier::notify(const QString &title, const QString &body, const Jid &peer)
{
    const Pending notification{title, shortened(body), peer.bare()};
    if (m_backend == Backend::Unknown || m_probing) {
        m_pending.append(notification);
        return;
    }
    deliver(notification);
}

void Notifier::flush()
{
    const QList<Pending> pending = std::exchange(m_pending, {});
    for (const Pending &notification : pending)
        deliver(notification);
}

void Notifier::deliver(const Pending &notification)
{
    if (m_backend != Backend::Freedesktop) {
        showInTray(notification);
        return;
    }
    const QString body = m_capabilities.contains(u"body-markup"_s)
                             ? notification.body.toHtmlEscaped()
                             : notification.body;
    const QVariantMap hints{
        {u"category"_s, u"im.received"_s},
        {u"desktop-entry"_s, appId()},
    };
    // "default" is what a click on the notification invokes; servers without actions ignore it.
    const QStringList actions{u"default"_s, tr("Open chat")};
    const QString key = notification.peer.toString();
    const uint replaces = m_idByPeer.value(key, 0);
    auto *watcher =
        new QDBusPendingCallWatcher(m_server->notify(u"Natter"_s, replaces, appId(),
                                                     notification.title, body, actions, hints, -1),
                                    this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, notification, key] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError()) {
            qCWarning(lcNotify) << "notification failed:" << reply.error().message();
            showInTray(notification);
            return;
        }
        const uint id = reply.value();
        m_peerById.insert(id, notification.peer);
        m_idByPeer.insert(key, id);
        Q_EMIT shown(Backend::Freedesktop);
    });
}

void Notifier::showInTray(const Pending &notification)
{
    if (!m_tray)
        return;
    m_trayPeer = notification.peer;
    m_tray->showMessage(notification.title, notification.body);
    Q_EMIT shown(Backend::Tray);
}

void Notifier::withdraw(const Jid &peer)
{
    const QString key = peer.bare().toString();
    const uint id = m_idByPeer.take(key);
    if (id != 0 && m_server && m_backend == Backend::Freedesktop) {
        m_peerById.remove(id);
        // Fire and forget: the server answers with NotificationClosed.
        auto *watcher = new QDBusPendingCallWatcher(m_server->closeNotification(id), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, watcher, &QObject::deleteLater);
    }
    m_pending.removeIf([&](const Pending &p) { return p.peer.toString() == key; });
}

void Notifier::onActionInvoked(uint id, const QString &actionKey)
{
    const auto it = m_peerById.constFind(id);
    if (it == m_peerById.cend())
        return; // another application's notification
    if (actionKey == u"default")
        Q_EMIT activated(it.value());
}

void Notifier::onClosed(uint id, uint)
{
    const Jid peer = m_peerById.take(id);
    if (!peer.isNull() && m_idByPeer.value(peer.toString()) == id)
        m_idByPeer.remove(peer.toString());
}

} // namespace natter
