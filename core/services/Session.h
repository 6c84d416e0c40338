// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/StandardExtensions.h"

#include <QObject>
#include <QString>

#include <chrono>

#include <memory>

namespace natter {

class Account;
class ChatService;
class HistorySync;
class InvisibleExtension;
class Jid;
class MessageStore;
class PresenceService;
class RosterCache;
class RosterModel;
class RosterService;
class StanzaTransport;

// The composition root of one logged-in account for the desktop app: the Account, its standard
// extensions, the services over them and the models the widgets show. It wires and owns; it has
// no logic of its own. Widgets receive the pieces they need from here through their constructors.
//
// The roster cache and the message store (with the outbox) live in the data directory, one
// folder per account (<dataDirectory>/accounts/<bare JID, percent-encoded>/roster.cbor and
// messages.sqlite); they are chosen when the account starts connecting, so a login dialog may try
// several addresses on one Session. The chat service gets the store before the session starts,
// so what an earlier run left in the outbox is sent once online.
class Session : public QObject
{
    Q_OBJECT
public:
    // dataDirectory: the profile's data directory (roster cache, later the message store).
    // transport: null for the real network; tests pass a FakeTransport (ownership taken).
    explicit Session(const QString &dataDirectory, StanzaTransport *transport = nullptr,
                     QObject *parent = nullptr);
    ~Session() override;

    Account *account() const { return m_account; }
    const StandardExtensions &extensions() const { return m_extensions; }
    InvisibleExtension *invisible() const { return m_invisible; }
    RosterService *roster() const { return m_roster; }
    PresenceService *presence() const { return m_presence; }
    ChatService *chats() const { return m_chats; }
    // Keeps the message store in step with our archive and other devices (MAM, carbons).
    HistorySync *history() const { return m_history; }
    RosterModel *rosterModel() const { return m_rosterModel; }

    QString dataDirectory() const { return m_dataDirectory; }
    // The roster cache of the account being logged in (null before the first connect).
    RosterCache *rosterCache() const { return m_rosterCache.get(); }
    // Where the roster of an account is cached.
    static QString rosterCachePath(const QString &dataDirectory, const Jid &jid);
    // The account's roster cache; an earlier version's file (roster.json) is deleted.
    static std::unique_ptr<RosterCache> openRosterCache(const QString &dataDirectory,
                                                        const Jid &jid);
    // The message store of the account being logged in (null before the first connect, or when
    // it could not be opened: then the outbox is kept in memory only).
    MessageStore *messageStore() const { return m_messageStore.get(); }
    static QString messageStorePath(const QString &dataDirectory, const Jid &jid);

    // The machine woke up (or the network may have changed under us): reconnect at once if
    // waiting to, or find out within WakeProbeTimeout whether the connection still works.
    static void checkConnection(Account *account, const StandardExtensions &extensions);
    static constexpr std::chrono::milliseconds WakeProbeTimeout{10'000};

private:
    void useCacheFor(const Jid &jid);
    void useStoreFor(const Jid &jid);
    static QString accountDirectory(const QString &dataDirectory, const Jid &jid);

    QString m_dataDirectory;
    Account *m_account = nullptr;
    StandardExtensions m_extensions;
    InvisibleExtension *m_invisible = nullptr;
    std::unique_ptr<RosterCache> m_rosterCache;
    std::unique_ptr<MessageStore> m_messageStore;
    RosterService *m_roster = nullptr;
    PresenceService *m_presence = nullptr;
    ChatService *m_chats = nullptr;
    HistorySync *m_history = nullptr;
    RosterModel *m_rosterModel = nullptr;
};

} // namespace natter
