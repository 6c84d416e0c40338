// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QObject>
#include <QString>

#include <functional>

namespace natter {

class Account;
class DiscoExtension;
class InvisibleExtension;
class PresenceExtension;
class VersionExtension;

// The user's own status and what the widgets show of contacts' resources (RFC 6121 §4,
// XEP-0186 invisibility, XEP-0092 client info). Choosing a status while offline connects;
// choosing Offline disconnects.
//
// Statuses map to <show/>: FreeToChat = chat, Away = away, ExtendedAway = xa,
// DoNotDisturb = dnd, Available = none. Invisible is XEP-0186's <invisible/> command to our
// server, offered only when the server announces it; when a login is meant to be invisible, no
// presence leaves before the server confirmed invisibility (and if it cannot, the account goes
// offline again rather than visible).
class PresenceService : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Available,
        FreeToChat,
        Away,
        ExtendedAway,
        DoNotDisturb,
        Invisible,
        Offline
    };
    Q_ENUM(Status)

    struct ResourceInfo
    {
        Jid jid; // full JID
        Status status = Status::Available;
        QString statusText;
        int priority = 0;
    };
    struct ClientInfo
    {
        QString name;
        QString version;
        QString os;
        QString error; // why it could not be asked
    };

    // invisible may be null (no XEP-0186). disco is where invisible learns whether the server
    // supports XEP-0186; the service itself asks it nothing.
    PresenceService(Account *account, PresenceExtension *presence, DiscoExtension *disco,
                    VersionExtension *version, InvisibleExtension *invisible,
                    QObject *parent = nullptr);

    // What we are now: Offline unless online (also while connecting).
    Status status() const;
    // What the user chose last; becomes status() once online.
    Status requestedStatus() const { return m_wanted; }
    QString statusMessage() const;
    // Applies a status and a message (the message is ignored for Offline). Invisible is refused
    // (statusFailed) unless isInvisibleSupported().
    void setStatus(Status status, const QString &message);
    // Whether the server supports XEP-0186 (known after login, kept while offline).
    bool isInvisibleSupported() const;

    // Between choosing a status while offline (or a reconnect) and being online.
    bool isConnecting() const;
    // Why we are offline or why the last status could not be applied, in words; empty if
    // nothing went wrong.
    QString lastError() const { return m_lastError; }

    // A contact's combined status: its best resource's, or Offline.
    Status contactStatus(const Jid &bareJid) const;
    QString contactStatusText(const Jid &bareJid) const;
    // Available resources, best first.
    QList<ResourceInfo> resources(const Jid &bareJid) const;
    // Asks a resource (full JID) for its software version (XEP-0092). The callback runs once,
    // while context lives.
    void requestClientInfo(const Jid &fullJid, QObject *context,
                           std::function<void(const ClientInfo &)> callback);

    static QString statusName(Status status); // translated, e.g. "Extended away"

Q_SIGNALS:
    void statusChanged(natter::PresenceService::Status status, const QString &message);
    void invisibleSupportChanged(bool supported);
    void contactStatusChanged(const natter::Jid &bareJid);
    // isConnecting() or lastError() changed.
    void connectionStateChanged();
    // A chosen status could not be applied; reason is a sentence for the user.
    void statusFailed(const QString &reason);

private:
    void onAccountStateChanged();
    void onConnected(bool resumed);
    void onInvisibleSupportKnown(bool supported);
    void apply();
    // Invisibility cannot be had: stay (or log in) as before and say why.
    void refuseInvisible(const QString &reason);
    void becomeInvisible();
    void failInvisibleLogin(const QString &reason);
    void setEffective(Status status);
    void setLastError(const QString &error);

    Account *m_account;
    PresenceExtension *m_presence;
    VersionExtension *m_version;
    InvisibleExtension *m_invisible;
    Status m_status = Status::Offline;
    Status m_wanted = Status::Available;
    QString m_message;
    QString m_lastError;
    // A status was chosen while disconnecting: connect again once offline.
    bool m_connectWhenOffline = false;
    // This session's initial presence waits for the server to confirm invisibility.
    bool m_holdingPresence = false;
    bool m_wasConnecting = false;
    quint64 m_generation = 0; // invisibility answers for an older request are ignored
};

} // namespace natter
