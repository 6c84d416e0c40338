// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "stanza/Jid.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPointer>
#include <QString>

namespace natter {

class RosterExtension;
struct RosterItem;

// A contact asking to see our presence.
struct SubscriptionRequest
{
    Jid from; // bare JID
    QString message;
    QDateTime received; // UTC

    bool operator==(const SubscriptionRequest &) const = default;
};

// Presence subscriptions (RFC 6121 §3): asking to see a contact's presence, approving, denying
// and cancelling. Every subscription stanza is addressed to and read from a bare JID.
//
// Inbound requests wait in pendingRequests() until approve() or deny(), or until the contact
// withdraws (unsubscribe) or — with setRoster() — another of our clients approves them. The
// server repeats pending requests at every login (RFC 6121 §3.1.3); a repeated request from the
// same JID only updates the stored one.
class SubscriptionExtension : public Extension
{
    Q_OBJECT
public:
    explicit SubscriptionExtension(Account *account);

    // Optional: lets requests approved from another client (the roster then shows a subscription
    // 'from' or 'both') leave pendingRequests().
    void setRoster(RosterExtension *roster);

    // <presence type='subscribe'/>: ask to see their presence (RFC 6121 §3.1.1), with an
    // optional message for the contact.
    void subscribe(const Jid &jid, const QString &message = {});
    // <presence type='subscribed'/>: approve a request (§3.1.4), or pre-approve one when no
    // request is pending (§3.4; needs the server's urn:xmpp:features:pre-approval).
    void approve(const Jid &jid);
    // <presence type='unsubscribed'/>: deny a request (§3.1.4) or revoke an approval (§3.2).
    void deny(const Jid &jid);
    // <presence type='unsubscribe'/>: stop seeing their presence (§3.3).
    void unsubscribe(const Jid &jid);

    // In the order they arrived.
    QList<SubscriptionRequest> pendingRequests() const { return m_pending; }
    bool hasPendingRequest(const Jid &jid) const;

    // Extension
    bool handlePresence(const Presence &presence) override;

Q_SIGNALS:
    void subscriptionRequested(const natter::Jid &from, const QString &message);
    void subscriptionApproved(const natter::Jid &from); // they sent 'subscribed'
    void subscriptionRevoked(const natter::Jid &from);  // they sent 'unsubscribed'
    void contactUnsubscribed(const natter::Jid &from);  // they sent 'unsubscribe'
    // pendingRequests() changed (a request arrived, was answered or withdrawn).
    void pendingRequestsChanged();

private:
    bool sendSubscription(Presence::Type type, const Jid &jid, const QString &message = {});
    bool removePending(const Jid &bareJid);
    qsizetype indexOfPending(const Jid &bareJid) const;
    void onRosterItem(const RosterItem &item);
    void onRosterLoaded();

    QList<SubscriptionRequest> m_pending;
    QPointer<RosterExtension> m_roster;
};

} // namespace natter

Q_DECLARE_METATYPE(natter::SubscriptionRequest)
