// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubscriptionExtension.h"

#include "account/Account.h"
#include "ext/RosterExtension.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcSubscription, "natter.subscription")
} // namespace

SubscriptionExtension::SubscriptionExtension(Account *account)
    : Extension(account)
{}

void SubscriptionExtension::setRoster(RosterExtension *roster)
{
    if (m_roster == roster)
        return;
    if (m_roster)
        m_roster->disconnect(this);
    m_roster = roster;
    if (!m_roster)
        return;
    connect(m_roster, &RosterExtension::itemAdded, this, &SubscriptionExtension::onRosterItem);
    connect(m_roster, &RosterExtension::itemChanged, this, &SubscriptionExtension::onRosterItem);
    connect(m_roster, &RosterExtension::loaded, this, &SubscriptionExtension::onRosterLoaded);
    onRosterLoaded();
}

void SubscriptionExtension::subscribe(const Jid &jid, const QString &message)
{
    sendSubscription(Presence::Type::Subscribe, jid, message);
}

void SubscriptionExtension::approve(const Jid &jid)
{
    if (!hasPendingRequest(jid) &&
        !account()->session().hasFeature(ns::PreApproval, QStringLiteral("sub"))) {
        qCInfo(lcSubscription) << "pre-approving" << jid.bareString()
                               << "but the server does not announce pre-approval";
    }
    if (sendSubscription(Presence::Type::Subscribed, jid))
        removePending(jid.bare());
}

void SubscriptionExtension::deny(const Jid &jid)
{
    if (sendSubscription(Presence::Type::Unsubscribed, jid))
        removePending(jid.bare());
}

void SubscriptionExtension::unsubscribe(const Jid &jid)
{
    sendSubscription(Presence::Type::Unsubscribe, jid);
}

bool SubscriptionExtension::hasPendingRequest(const Jid &jid) const
{
    return indexOfPending(jid.bare()) >= 0;
}

bool SubscriptionExtension::sendSubscription(Presence::Type type, const Jid &jid,
                                             const QString &message)
{
    if (jid.isNull()) {
        qCWarning(lcSubscription) << "not sending" << Presence::typeName(type)
                                  << "to an invalid address";
        return false;
    }
    // RFC 6121 §3: subscriptions are between bare JIDs.
    Presence presence(type);
    presence.setTo(jid.bare());
    presence.setStatus(message);
    return account()->send(presence);
}

qsizetype SubscriptionExtension::indexOfPending(const Jid &bareJid) const
{
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (m_pending.at(i).from == bareJid)
            return i;
    }
    return -1;
}

bool SubscriptionExtension::removePending(const Jid &bareJid)
{
    const qsizetype index = indexOfPending(bareJid);
    if (index < 0)
        return false;
    m_pending.removeAt(index);
    Q_EMIT pendingRequestsChanged();
    return true;
}

bool SubscriptionExtension::handlePresence(const Presence &presence)
{
    const Presence::Type type = presence.type();
    if (type != Presence::Type::Subscribe && type != Presence::Type::Subscribed &&
        type != Presence::Type::Unsubscribe && type != Presence::Type::Unsubscribed) {
        return false;
    }
    const Jid from = presence.from().bare();
    if (from.isNull()) {
        qCWarning(lcSubscription) << "ignoring" << Presence::typeName(type)
                                  << "without a valid sender";
        return true;
    }
    switch (type) {
    case Presence::Type::Subscribe: {
        const QString message = presence.status(account()->preferredLanguage());
        const qsizetype index = indexOfPending(from);
        if (index >= 0) {
            // A repeated request (the server redelivers them at login): one entry, no new signal.
            SubscriptionRequest &request = m_pending[index];
            if (!message.isEmpty() && message != request.message) {
                request.message = message;
                Q_EMIT pendingRequestsChanged();
            }
            return true;
        }
        qCInfo(lcSubscription) << "subscription request from" << from.toString();
        m_pending.append({from, message, QDateTime::currentDateTimeUtc()});
        Q_EMIT pendingRequestsChanged();
        Q_EMIT subscriptionRequested(from, message);
        return true;
    }
    case Presence::Type::Subscribed:
        qCInfo(lcSubscription) << from.toString() << "approved our subscription";
        Q_EMIT subscriptionApproved(from);
        return true;
    case Presence::Type::Unsubscribed:
        qCInfo(lcSubscription) << from.toString() << "denied or revoked our subscription";
        Q_EMIT subscriptionRevoked(from);
        return true;
    case Presence::Type::Unsubscribe:
        // Also withdraws a request still waiting for our answer.
        qCInfo(lcSubscription) << from.toString() << "unsubscribed from our presence";
        removePending(from);
        Q_EMIT contactUnsubscribed(from);
        return true;
    default:
        return false;
    }
}

void SubscriptionExtension::onRosterItem(const RosterItem &item)
{
    if (item.isSubscribedFrom())
        removePending(item.jid.bare());
}

void SubscriptionExtension::onRosterLoaded()
{
    if (!m_roster)
        return;
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        const auto item = m_roster->item(m_pending.at(i).from);
        if (item && item->isSubscribedFrom())
            removePending(m_pending.at(i).from);
    }
}

} // namespace natter
