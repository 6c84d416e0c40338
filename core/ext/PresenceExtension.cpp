// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceExtension.h"

#include "account/Account.h"
#include "ext/RosterExtension.h"

#include <QLoggingCategory>

#include <algorithm>
#include <utility>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcPresence, "natter.presence")

// chat > none > away > xa > dnd (RFC 6121 §4.7.2.1 orders them by availability).
int showRank(Presence::Show show)
{
    switch (show) {
    case Presence::Show::Chat:
        return 4;
    case Presence::Show::None:
        return 3;
    case Presence::Show::Away:
        return 2;
    case Presence::Show::Xa:
        return 1;
    case Presence::Show::Dnd:
        return 0;
    }
    return 0;
}
} // namespace

PresenceExtension::PresenceExtension(Account *account, RosterExtension *roster)
    : Extension(account)
    , m_roster(roster)
{
    if (m_roster)
        connect(m_roster, &RosterExtension::fetchSent, this, &PresenceExtension::onRosterFetchSent);
}

void PresenceExtension::setPresence(Presence::Show show, const QString &status, int priority)
{
    m_show = show;
    m_status = status;
    m_priority = std::clamp(priority, -128, 127);
    if (m_available)
        account()->send(currentPresence());
}

Presence PresenceExtension::currentPresence() const
{
    Presence presence;
    presence.setShow(m_show);
    presence.setStatus(m_status);
    presence.setPriority(m_priority);
    return presence;
}

void PresenceExtension::goAvailable()
{
    if (!account()->send(currentPresence()))
        return;
    m_waitingForRosterGet = false;
    if (m_available)
        return;
    m_available = true;
    qCDebug(lcPresence) << "initial presence sent";
    Q_EMIT initialPresenceSent();
}

void PresenceExtension::goUnavailable(const QString &status)
{
    m_waitingForRosterGet = false;
    if (m_available) {
        Presence unavailable(Presence::Type::Unavailable);
        unavailable.setStatus(status);
        account()->send(unavailable);
    }
    // RFC 6121 §4.6.3: the entities we sent directed presence to learn it too.
    for (const Jid &to : std::as_const(m_directed)) {
        Presence unavailable(Presence::Type::Unavailable);
        unavailable.setTo(to);
        unavailable.setStatus(status);
        account()->send(unavailable);
    }
    m_directed.clear();
    m_available = false;
    // The server stops telling us about our contacts; what we know would go stale.
    clearAllResources();
}

void PresenceExtension::sendDirectedPresence(const Jid &to)
{
    if (to.isNull()) {
        qCWarning(lcPresence) << "not sending directed presence to an invalid address";
        return;
    }
    Presence presence = currentPresence();
    presence.setTo(to);
    if (account()->send(presence))
        m_directed.insert(to);
}

void PresenceExtension::sendDirectedUnavailable(const Jid &to)
{
    if (to.isNull()) {
        qCWarning(lcPresence) << "not sending directed presence to an invalid address";
        return;
    }
    Presence presence(Presence::Type::Unavailable);
    presence.setTo(to);
    if (account()->send(presence))
        m_directed.remove(to);
}

QList<Jid> PresenceExtension::directedPresenceRecipients() const
{
    QList<Jid> result(m_directed.cbegin(), m_directed.cend());
    std::sort(result.begin(), result.end(),
              [](const Jid &a, const Jid &b) { return a.toString() < b.toString(); });
    return result;
}

bool PresenceExtension::isBetter(const ResourcePresence &a, const ResourcePresence &b)
{
    if (a.priority != b.priority)
        return a.priority > b.priority;
    const int rankA = showRank(a.show);
    const int rankB = showRank(b.show);
    if (rankA != rankB)
        return rankA > rankB;
    if (a.received != b.received)
        return a.received > b.received;
    return a.jid < b.jid; // deterministic order for the rest
}

QList<ResourcePresence> PresenceExtension::resources(const Jid &bareJid) const
{
    const auto it = m_contacts.constFind(bareJid.bare());
    if (it == m_contacts.constEnd())
        return {};
    QList<ResourcePresence> result(it->cbegin(), it->cend());
    std::sort(result.begin(), result.end(), &PresenceExtension::isBetter);
    return result;
}

std::optional<ResourcePresence> PresenceExtension::bestResource(const Jid &bareJid) const
{
    const auto it = m_contacts.constFind(bareJid.bare());
    if (it == m_contacts.constEnd() || it->isEmpty())
        return std::nullopt;
    return *std::min_element(it->cbegin(), it->cend(), &PresenceExtension::isBetter);
}

QList<ResourcePresence> PresenceExtension::allAvailable() const
{
    QList<ResourcePresence> result;
    for (const auto &resources : m_contacts) {
        for (const ResourcePresence &presence : resources)
            result.append(presence);
    }
    return result;
}

bool PresenceExtension::handlePresence(const Presence &presence)
{
    switch (presence.type()) {
    case Presence::Type::Available:
    case Presence::Type::Unavailable:
        break;
    case Presence::Type::Error:
        qCInfo(lcPresence) << "presence error from" << presence.from().toString()
                           << presence.error().conditionName();
        Q_EMIT presenceError(presence.from(), presence.error());
        return true;
    case Presence::Type::Probe:
        // The server answers probes on our behalf (RFC 6121 §4.3).
        qCDebug(lcPresence) << "ignoring probe from" << presence.from().toString();
        return true;
    case Presence::Type::Subscribe:
    case Presence::Type::Subscribed:
    case Presence::Type::Unsubscribe:
    case Presence::Type::Unsubscribed:
    case Presence::Type::Invalid:
        return false;
    }
    const Jid from = presence.from();
    if (from.isNull()) {
        qCWarning(lcPresence) << "ignoring presence without a sender";
        return true;
    }
    if (from == account()->jid()) {
        // Our own presence, reflected by the server (RFC 6121 §4.2.2).
        return true;
    }
    if (presence.type() == Presence::Type::Available)
        handleAvailable(presence);
    else
        handleUnavailable(presence);
    return true;
}

void PresenceExtension::handleAvailable(const Presence &presence)
{
    ResourcePresence resource;
    resource.jid = presence.from();
    resource.show = presence.show();
    resource.status = presence.status(account()->preferredLanguage());
    resource.priority = presence.priority();
    resource.received = QDateTime::currentDateTimeUtc();

    const Jid bare = resource.jid.bare();
    QHash<Jid, ResourcePresence> &resources = m_contacts[bare];
    const auto it = resources.constFind(resource.jid);
    if (it != resources.constEnd() && it->show == resource.show && it->status == resource.status &&
        it->priority == resource.priority) {
        return; // nothing new
    }
    resources.insert(resource.jid, resource);
    Q_EMIT resourceAvailable(resource);
    Q_EMIT contactPresenceChanged(bare);
}

void PresenceExtension::handleUnavailable(const Presence &presence)
{
    const Jid from = presence.from();
    const Jid bare = from.bare();
    const auto contact = m_contacts.find(bare);
    if (contact == m_contacts.end())
        return;
    const QString status = presence.status(account()->preferredLanguage());
    if (from.isBare()) {
        // Unavailable for the bare JID: every resource is gone.
        const QHash<Jid, ResourcePresence> resources = std::move(*contact);
        m_contacts.erase(contact);
        for (auto it = resources.cbegin(); it != resources.cend(); ++it)
            Q_EMIT resourceUnavailable(it.key(), status);
        Q_EMIT contactPresenceChanged(bare);
        return;
    }
    if (!contact->remove(from))
        return;
    if (contact->isEmpty())
        m_contacts.erase(contact);
    Q_EMIT resourceUnavailable(from, status);
    Q_EMIT contactPresenceChanged(bare);
}

void PresenceExtension::clearAllResources()
{
    const QList<Jid> contacts = m_contacts.keys();
    m_contacts.clear();
    for (const Jid &bare : contacts)
        Q_EMIT contactPresenceChanged(bare);
}

void PresenceExtension::onRosterFetchSent()
{
    if (!std::exchange(m_waitingForRosterGet, false))
        return; // a later fetch: we are available already, or do not want to be
    if (m_autoAvailable && !m_available)
        goAvailable();
}

void PresenceExtension::sessionStarted(bool resumed)
{
    if (resumed)
        return; // XEP-0198: the server kept our presence and we kept theirs
    m_available = false;
    m_waitingForRosterGet = false;
    if (!m_autoAvailable)
        return;
    // RFC 6121 §2.2: the roster get first, then initial presence — right behind it, not after
    // the answer. The roster's sessionStarted() may have run already (the get is out) or not.
    if (m_roster && m_roster->autoFetch() && !m_roster->isFetching())
        m_waitingForRosterGet = true;
    else
        goAvailable();
}

void PresenceExtension::sessionEnded()
{
    m_available = false;
    m_waitingForRosterGet = false;
    m_directed.clear(); // the server told them when the stream closed
    clearAllResources();
}

} // namespace natter
