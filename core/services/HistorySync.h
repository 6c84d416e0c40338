// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ext/MamExtension.h"
#include "payloads/Carbon.h"
#include "storage/MessageStore.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

namespace natter {

class Account;
class CarbonsExtension;

// Keeps the account's MessageStore in step with our server-side archive (XEP-0313 MAM, paged
// with XEP-0059 RSM) and with what our other devices send and receive (XEP-0280 carbons).
//
// After every login (not after a XEP-0198 resumption: nothing was missed then) it asks the
// archive for everything after the newest stanza-id the store holds, page by page until the
// archive says complete. A store without any archived message (first login on this device)
// fetches only the last initialLimit() messages, paging back from the end of the archive, instead
// of the whole archive; older ones come on demand with loadOlder().
//
// Stored: chat and normal messages with a body (corrections and retractions are not applied yet
// and are skipped). The direction comes from the sender: our bare JID → outgoing (Sent), anyone
// else → incoming (Received); the peer is the other side's bare JID; the time is the archive's
// delay stamp; the stanza-id is the archive's id. A message stored before — same stanza-id, same
// origin-id, or (when it has no origin-id) the same id and body from the same side — is never
// stored twice. Messages of the first backfill and of loadOlder() are stored as read; those of a
// later sync arrived while we were away and count as unread.
//
// Live carbons are stored as they come: sent → outgoing, received → incoming (without the
// archive's stanza-id: the next sync recognises them by origin-id or id and body).
class HistorySync : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultInitialLimit = 1000;
    static constexpr int DefaultPageSize = 100; // the server may send fewer per page

    // carbons may be null (no carbons stored). Live messages from others are not taken here:
    // ChatService stores them. store: open, or null until setStore(); not owned.
    HistorySync(Account *account, MamExtension *mam, CarbonsExtension *carbons, MessageStore *store,
                QObject *parent = nullptr);

    void setStore(MessageStore *store);
    MessageStore *store() const { return m_store; }

    // Default true: sync() after every new session.
    void setAutoSync(bool on) { m_autoSync = on; }
    bool autoSync() const { return m_autoSync; }
    // How many messages the first sync of an empty store fetches (default 1000).
    void setInitialLimit(int limit) { m_initialLimit = limit; }
    int initialLimit() const { return m_initialLimit; }
    void setPageSize(int size) { m_pageSize = size; }

    // Starts a sync now (ignored while one runs or when offline); ends in synced() or failed().
    void sync();
    bool isSyncing() const { return m_syncing; }

    // Older messages of a conversation for scrolling back: up to count messages before beforeKey
    // (nullopt: the newest ones), oldest first. Local first; when the store holds fewer than count,
    // asks the archive for the conversation before its oldest stored stanza-id, stores what comes
    // and answers from the store. atStart: nothing older exists (locally nor in the archive, as
    // far as known). The callback runs once — at once when the store suffices or we are offline —
    // and never after context is gone.
    using LoadCallback =
        std::function<void(const QList<natter::MessageStore::Entry> &entries, bool atStart)>;
    void loadOlder(const Jid &peer, const std::optional<MessageStore::Key> &beforeKey, int count,
                   QObject *context, LoadCallback callback);

Q_SIGNALS:
    void synced(int newMessages);
    void failed(const QString &reason);
    // Each message stored here for the first time (from the archive or a carbon).
    void messageStored(const natter::MessageStore::Entry &entry);

private:
    enum class Origin
    {
        Sync,
        Backfill,
        Carbon
    };

    void fetchSince(const QString &lastId);
    void fetchLast(const QString &beforeId, int fetched);
    void finishSync(const MamExtension::Page &page);
    // Stores one message; true when it was new.
    bool store(const Message &message, const QDateTime &timestamp, const QString &stanzaId,
               Origin origin);
    void onCarbon(const Message &inner, Carbon::Direction direction);

    Account *m_account;
    MamExtension *m_mam;
    QPointer<MessageStore> m_store;
    bool m_autoSync = true;
    int m_initialLimit = DefaultInitialLimit;
    int m_pageSize = DefaultPageSize;
    bool m_syncing = false;
    int m_new = 0;
    QList<MamExtension::ArchivedMessage> m_backfill; // the first sync's pages so far
    quint64 m_generation = 0;                        // answers for an earlier sync are ignored
    QSet<Jid> m_archiveStart; // conversations whose archive start was reached
};

} // namespace natter
