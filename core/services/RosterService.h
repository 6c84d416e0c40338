// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QDateTime>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>

namespace natter {

class RosterExtension;
class SubscriptionExtension;
struct RosterItem;

// Contacts and subscriptions for the widgets (RFC 6121 §2–§3), in app terms. Every change goes
// to the server; the roster model updates when the server's push arrives.
class RosterService : public QObject
{
    Q_OBJECT
public:
    // Called once with an empty string on success, else a sentence for the user.
    using Done = std::function<void(const QString &error)>;

    struct Contact
    {
        Jid jid;
        QString name; // may be empty
        QStringList groups;
        bool theySeeUs = false;      // subscription from/both
        bool weSeeThem = false;      // subscription to/both
        bool requestPending = false; // we asked, they have not answered
    };

    struct IncomingRequest
    {
        Jid from;
        QString message;
        QDateTime received;
    };

    RosterService(RosterExtension *roster, SubscriptionExtension *subscriptions,
                  QObject *parent = nullptr);

    bool contains(const Jid &jid) const;
    std::optional<Contact> contact(const Jid &jid) const;
    // Name if set, else the bare JID.
    QString displayName(const Jid &jid) const;
    QStringList groups() const;

    // Adds (or updates) the contact; with requestPresence also asks to see their presence and
    // approves them seeing ours: at once if they asked already, else by pre-approval (RFC 6121
    // §3.4) where the server offers it, and in any case when their request arrives while Natter
    // runs.
    void addContact(const Jid &jid, const QString &name, const QStringList &groups,
                    bool requestPresence, QObject *context, Done done);
    void renameContact(const Jid &jid, const QString &name, QObject *context, Done done);
    void setGroups(const Jid &jid, const QStringList &groups, QObject *context, Done done);
    void removeContact(const Jid &jid, QObject *context, Done done);

    void requestSubscription(const Jid &jid); // (re-)ask to see their presence
    void approveSubscription(const Jid &jid); // let them see ours
    void denySubscription(const Jid &jid);    // refuse a request / revoke their subscription
    void cancelSubscription(const Jid &jid);  // stop seeing theirs
    // Accept a request: approve, and add them (asking for theirs) if they are not a contact yet.
    void acceptRequest(const Jid &jid);

    QList<IncomingRequest> pendingRequests() const;

Q_SIGNALS:
    void subscriptionRequested(const natter::Jid &from, const QString &message);
    void pendingRequestsChanged();
    void contactsChanged(); // any add/change/remove or a reload

private:
    static Contact toContact(const RosterItem &item);
    void onSubscriptionRequested(const Jid &from, const QString &message);
    bool serverOffersPreApproval() const;

    RosterExtension *m_roster;
    SubscriptionExtension *m_subscriptions;
    // Added with "request to see their presence" in this run: their request is approved at once.
    QSet<Jid> m_approveOnRequest;
};

} // namespace natter
