// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceService.h"

#include "account/Account.h"
#include "ext/InvisibleExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/VersionExtension.h"

#include <QLoggingCategory>
#include <QTimer>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcPresenceService, "natter.presence.service")

using Status = PresenceService::Status;

Presence::Show showFor(Status status)
{
    switch (status) {
    case Status::FreeToChat:
        return Presence::Show::Chat;
    case Status::Away:
        return Presence::Show::Away;
    case Status::ExtendedAway:
        return Presence::Show::Xa;
    case Status::DoNotDisturb:
        return Presence::Show::Dnd;
    case Status::Available:
    case Status::Invisible:
    case Status::Offline:
        break;
    }
    return Presence::Show::None;
}

Status statusFor(Presence::Show show)
{
    switch (show) {
    case Presence::Show::Chat:
        return Status::FreeToChat;
    case Presence::Show::Away:
        return Status::Away;
    case Presence::Show::Xa:
        return Status::ExtendedAway;
    case Presence::Show::Dnd:
        return Status::DoNotDisturb;
    case Presence::Show::None:
        break;
    }
    return Status::Available;
}

} // namespace

PresenceService::PresenceService(Account *account, PresenceExtension *presence,
                                 DiscoExtension * /*disco*/, VersionExtension *version,
                                 InvisibleExtension *invisible, QObject *parent)
    : QObject(parent)
    , m_account(account)
    , m_presence(presence)
    , m_version(version)
    , m_invisible(invisible)
{
    connect(m_account, &Account::stateChanged, this, &PresenceService::onAccountStateChanged);
    connect(m_account, &Account::connected, this, &PresenceService::onConnected);
    connect(m_presence, &PresenceExtension::contactPresenceChanged, this,
            &PresenceService::contactStatusChanged);
    if (m_invisible) {
        connect(m_invisible, &InvisibleExtension::supportChanged, this,
                &PresenceService::invisibleSupportChanged);
        connect(m_invisible, &InvisibleExtension::supportKnown, this,
                &PresenceService::onInvisibleSupportKnown);
    }
    m_message = m_presence->statusText();
    if (m_account->isOnline()) {
        m_wanted = (m_invisible && m_invisible->isInvisible()) ? Status::Invisible
                                                               : statusFor(m_presence->show());
        m_status = m_wanted;
    }
    m_wasConnecting = isConnecting();
}

PresenceService::Status PresenceService::status() const
{
    return m_status;
}

QString PresenceService::statusMessage() const
{
    return m_message;
}

bool PresenceService::isInvisibleSupported() const
{
    if (m_invisible)
        return m_invisible->isSupported();
    return false;
}

bool PresenceService::isConnecting() const
{
    const Account::State state = m_account->state();
    return state == Account::State::Connecting || state == Account::State::Authenticating ||
           state == Account::State::Reconnecting ||
           (state == Account::State::Disconnecting && m_connectWhenOffline);
}

void PresenceService::setStatus(Status status, const QString &message)
{
    const Account::State state = m_account->state();
    if (status == Status::Offline) {
        m_wanted = Status::Offline;
        m_connectWhenOffline = false;
        m_holdingPresence = false;
        ++m_generation;
        setLastError({});
        if (state != Account::State::Offline && state != Account::State::Error)
            m_account->disconnectFromServer();
        Q_EMIT connectionStateChanged();
        return;
    }
    if (status == Status::Invisible && !isInvisibleSupported()) {
        const QString reason = tr("Your server does not support being invisible.");
        setLastError(reason);
        Q_EMIT statusFailed(reason);
        // The selector shows what we are, not what could not be done.
        Q_EMIT statusChanged(m_status, m_message);
        return;
    }

    m_wanted = status;
    m_message = message;
    // Invisible logins hold initial presence back until the server confirmed invisibility.
    m_presence->setAutoAvailable(m_wanted != Status::Invisible);

    switch (state) {
    case Account::State::Offline:
    case Account::State::Error:
        setLastError({});
        if (m_wanted != Status::Invisible)
            m_presence->setPresence(showFor(m_wanted), m_message, m_presence->priority());
        qCDebug(lcPresenceService) << "connecting to become" << m_wanted;
        m_account->connectToServer();
        break;
    case Account::State::Disconnecting:
        // Chosen while going offline: connect again once the old session is gone.
        m_connectWhenOffline = true;
        Q_EMIT connectionStateChanged();
        break;
    case Account::State::Connecting:
    case Account::State::Authenticating:
    case Account::State::Reconnecting:
        // Applied by onConnected().
        if (m_wanted != Status::Invisible)
            m_presence->setPresence(showFor(m_wanted), m_message, m_presence->priority());
        break;
    case Account::State::Online:
        apply();
        break;
    }
}

void PresenceService::apply()
{
    if (m_wanted == Status::Offline)
        return;
    if (m_wanted == Status::Invisible) {
        if (m_invisible && m_invisible->isInvisible()) {
            setEffective(Status::Invisible);
            return;
        }
        if (m_invisible && m_invisible->isSupported()) {
            becomeInvisible();
            return;
        }
        refuseInvisible(tr("Your server does not support being invisible."));
        return;
    }

    m_presence->setAutoAvailable(true);
    const Presence::Show show = showFor(m_wanted);
    const quint64 generation = ++m_generation;
    if (m_invisible && m_invisible->isInvisible()) {
        // XEP-0186 §3.2: visible again first, then the presence goes to everyone.
        m_invisible->setInvisible(false, this, [this, generation, show](const IqResult &result) {
            if (generation != m_generation)
                return;
            if (!result.ok()) {
                const QString reason = tr("Could not become visible: %1").arg(result.errorString());
                setLastError(reason);
                Q_EMIT statusFailed(reason);
                m_wanted = Status::Invisible;
                Q_EMIT statusChanged(m_status, m_message);
                return;
            }
            m_presence->setPresence(show, m_message, m_presence->priority());
            if (!m_presence->isAvailable())
                m_presence->goAvailable();
            setLastError({});
            setEffective(m_wanted);
        });
        return;
    }
    m_presence->setPresence(show, m_message, m_presence->priority());
    if (m_holdingPresence) {
        m_holdingPresence = false;
        m_presence->goAvailable();
    }
    setEffective(m_wanted);
}

void PresenceService::refuseInvisible(const QString &reason)
{
    if (m_holdingPresence) {
        failInvisibleLogin(reason);
        return;
    }
    setLastError(reason);
    Q_EMIT statusFailed(reason);
    m_wanted = m_status;
    m_presence->setAutoAvailable(true);
    Q_EMIT statusChanged(m_status, m_message);
}

void PresenceService::becomeInvisible()
{
    const quint64 generation = ++m_generation;
    m_invisible->setInvisible(true, this, [this, generation](const IqResult &result) {
        if (generation != m_generation) {
            // Another status was chosen meanwhile; if the server hid us anyway, undo that.
            if (result.ok() && m_wanted != Status::Invisible && m_account->isOnline())
                apply();
            return;
        }
        if (!result.ok()) {
            refuseInvisible(tr("Could not become invisible: %1").arg(result.errorString()));
            return;
        }
        // The server no longer broadcasts our presence: initial presence now only tells the
        // server we are here, and brings us our contacts' presence.
        m_holdingPresence = false;
        if (!m_presence->isAvailable())
            m_presence->goAvailable();
        setLastError({});
        setEffective(Status::Invisible);
    });
}

void PresenceService::failInvisibleLogin(const QString &reason)
{
    qCInfo(lcPresenceService) << "going offline rather than visible:" << reason;
    m_holdingPresence = false;
    m_wanted = Status::Offline;
    m_presence->setAutoAvailable(true);
    ++m_generation;
    m_account->disconnectFromServer();
    setLastError(reason);
    Q_EMIT statusFailed(reason);
}

void PresenceService::onConnected(bool resumed)
{
    setLastError({});
    if (m_wanted == Status::Offline) {
        // Someone else connected the account: online means available unless told otherwise.
        m_wanted = Status::Available;
        m_presence->setAutoAvailable(true);
    }
    if (resumed) {
        // XEP-0198: the server kept our presence; apply what changed meanwhile.
        apply();
        return;
    }
    if (m_wanted == Status::Invisible) {
        m_holdingPresence = true;
        if (!m_invisible)
            failInvisibleLogin(tr("Your server does not support being invisible."));
        else if (m_invisible->isSupportKnown())
            onInvisibleSupportKnown(m_invisible->isSupported());
        // else: wait for the server's disco#info answer
        return;
    }
    m_holdingPresence = false;
    // PresenceExtension has sent initial presence, right behind the roster get (RFC 6121 §2.2).
    setEffective(m_wanted);
}

void PresenceService::onInvisibleSupportKnown(bool supported)
{
    if (!m_holdingPresence || m_wanted != Status::Invisible || !m_account->isOnline())
        return;
    if (supported)
        becomeInvisible();
    else
        failInvisibleLogin(tr("Your server does not support being invisible."));
}

void PresenceService::onAccountStateChanged()
{
    const Account::State state = m_account->state();
    if (state == Account::State::Offline || state == Account::State::Error) {
        m_holdingPresence = false;
        ++m_generation;
        if (state == Account::State::Error)
            setLastError(m_account->lastError().message());
        setEffective(Status::Offline);
        if (m_connectWhenOffline) {
            m_connectWhenOffline = false;
            // Not from inside the account's own state change.
            QTimer::singleShot(0, this, [this] {
                const Account::State now = m_account->state();
                if (m_wanted != Status::Offline &&
                    (now == Account::State::Offline || now == Account::State::Error)) {
                    m_presence->setAutoAvailable(m_wanted != Status::Invisible);
                    if (m_wanted != Status::Invisible)
                        m_presence->setPresence(showFor(m_wanted), m_message,
                                                m_presence->priority());
                    m_account->connectToServer();
                }
            });
        }
    }
    const bool connecting = isConnecting();
    if (connecting != m_wasConnecting || state == Account::State::Error) {
        m_wasConnecting = connecting;
        Q_EMIT connectionStateChanged();
    }
}

void PresenceService::setEffective(Status status)
{
    m_status = status;
    Q_EMIT statusChanged(m_status, m_message);
}

void PresenceService::setLastError(const QString &error)
{
    if (m_lastError == error)
        return;
    m_lastError = error;
    Q_EMIT connectionStateChanged();
}

PresenceService::Status PresenceService::contactStatus(const Jid &bareJid) const
{
    const std::optional<ResourcePresence> best = m_presence->bestResource(bareJid);
    return best ? statusFor(best->show) : Status::Offline;
}

QString PresenceService::contactStatusText(const Jid &bareJid) const
{
    const std::optional<ResourcePresence> best = m_presence->bestResource(bareJid);
    return best ? best->status : QString();
}

QList<PresenceService::ResourceInfo> PresenceService::resources(const Jid &bareJid) const
{
    QList<ResourceInfo> result;
    const QList<ResourcePresence> available = m_presence->resources(bareJid);
    result.reserve(available.size());
    for (const ResourcePresence &resource : available)
        result.append({resource.jid, statusFor(resource.show), resource.status, resource.priority});
    return result;
}

void PresenceService::requestClientInfo(const Jid &fullJid, QObject *context,
                                        std::function<void(const ClientInfo &)> callback)
{
    m_version->requestVersion(
        fullJid, context,
        [callback = std::move(callback)](std::optional<SoftwareVersion> version, QString error) {
            ClientInfo info;
            if (version) {
                info.name = version->name;
                info.version = version->version;
                info.os = version->os;
            } else {
                info.error = error;
            }
            callback(info);
        });
}

QString PresenceService::statusName(Status status)
{
    switch (status) {
    case Status::Available:
        return tr("Available");
    case Status::FreeToChat:
        return tr("Free to chat");
    case Status::Away:
        return tr("Away");
    case Status::ExtendedAway:
        return tr("Extended away");
    case Status::DoNotDisturb:
        return tr("Do not disturb");
    case Status::Invisible:
        return tr("Invisible");
    case Status::Offline:
        return tr("Offline");
    }
    return {};
}

} // namespace natter
