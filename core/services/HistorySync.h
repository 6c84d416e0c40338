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
class PresenceExtension;

// Keeps the account's MessageStore in step with our server-side archive (XEP-0313 MAM, paged
// with XEP-0059 RSM) and with what our other devices send and receive (XEP-0280 carbons).
//
// After every login (not after a XEP-0198 resumption: nothing was missed then) it asks the
// archive for everything after its position (below), page by page until the archive says
// complete. A store that never completed a sync (first login on this device) fetches only the
// last initialLimit() messages, paging back from the end of the archive, instead of the whole
// archive; older ones come on demand with loadOlder().
//
// Stored: chat and normal messages with a body. Corrections (XEP-0308) and retractions (XEP-0424)
// are not stored as messages: they are applied to their originals in the store — a correction
// only to a message of the same side (ours from our bare JID, the peer's from the peer's) with
// the id it names, a retraction only to one of that side with the origin-id it names; one seen
// before changes nothing, one whose original is not stored is dropped (messageUpdated). The
// direction comes from the sender: our bare JID → outgoing (Sent), anyone
// else → incoming (Received); the peer is the other side's bare JID; the time is the archive's
// delay stamp; the stanza-id is the archive's id. A message stored before — same stanza-id, same
// origin-id, or (when it has no origin-id) the same id and body from the same side — is never
// stored twice. Messages of the first backfill and of loadOlder() are stored as read; those of a
// later sync arrived while we were away and count as unread.
//
// Live carbons are stored as they come: sent → outgoing, received → incoming (without the
// archive's stanza-id: the next sync recognises them by origin-id or id and body).
//
// Where a sync continues (the "position") is kept in the store (MessageStore::metaValue), written
// in the same transaction as the messages of each page, so that neither a lost connection nor a
// killed process skips or repeats a gap: the position moves with each stored page, never with
// live messages that arrive while a sync runs (they are newer than the gap being filled). Once a
// sync completed in a session, the session is in step with the archive and live messages of ours
// (liveMessageArchived(), their stanza-id from our archive) move the position too — but only while
// carbons are on, as without them what our other devices sent is in the archive but never seen
// live. A new session (not a XEP-0198 resumption) is out of step until its sync completes.
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
    // With our presence (null: none), the automatic sync waits for our initial presence of the
    // session when one is going to be sent. Messages that reach the server before it are kept
    // for offline delivery, and once we asked the archive the server leaves them to it (Prosody:
    // message/offline/broadcast): a query sent before our presence would miss those that
    // arrive between the two. Not owned.
    void setPresence(PresenceExtension *presence);
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
    // and answers from the store (archived messages with the time of the oldest stored one, as
    // whole-second archive times often have, are stored 1 ms before it: the store orders messages
    // of the same time by when they were stored). atStart: nothing older exists (locally nor in the
    // archive, as far as known). The callback runs once — at once when the store suffices or we are
    // offline — and never after context is gone.
    using LoadCallback =
        std::function<void(const QList<natter::MessageStore::Entry> &entries, bool atStart)>;
    void loadOlder(const Jid &peer, const std::optional<MessageStore::Key> &beforeKey, int count,
                   QObject *context, LoadCallback callback);

    // A live message stored elsewhere (ChatService) carried this stanza-id from our archive.
    void liveMessageArchived(const QString &stanzaId);
    // Whether a sync completed in this session (and none runs): nothing of the archive is missing.
    bool isInStep() const { return m_inStep && !m_syncing; }
    // Where the next sync continues (an archive id; empty: from the archive's start, or, when no
    // sync ever completed, the newest messages only).
    QString position() const;

    static constexpr auto PositionKey = "mam.position";
    static constexpr auto StartedKey = "mam.started"; // "1" once a first sync completed

Q_SIGNALS:
    void synced(int newMessages);
    void failed(const QString &reason);
    // Each message stored here for the first time (from the archive or a carbon). entry.read:
    // older history (the first backfill, scrolling back) rather than news — a message of ours
    // from another device is news too (its chat belongs in the list), though never unread.
    void messageStored(const natter::MessageStore::Entry &entry);
    // A stored message was corrected or retracted by what the archive or a carbon brought; the
    // entry as it is stored now.
    void messageUpdated(const natter::MessageStore::Entry &entry);

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
    void setPosition(const QString &archiveId);
    // Stores one message; true when it was new.
    bool store(const Message &message, const QDateTime &timestamp, const QString &stanzaId,
               Origin origin);
    void onCarbon(const Message &inner, Carbon::Direction direction);
    // Applies a correction or retraction to its original; true when it changed something.
    bool applyToOriginal(const Message &message, const QDateTime &timestamp);

    Account *m_account;
    MamExtension *m_mam;
    QPointer<CarbonsExtension> m_carbons;
    QPointer<PresenceExtension> m_presence;
    QPointer<MessageStore> m_store;
    bool m_autoSync = true;
    int m_initialLimit = DefaultInitialLimit;
    int m_pageSize = DefaultPageSize;
    bool m_syncing = false;
    bool m_inStep = false;
    bool m_syncDue = false;    // a new session waits for our initial presence to sync
    bool m_syncFailed = false; // the last sync ended in an error: again after a resumption
    int m_new = 0;
    QList<MamExtension::ArchivedMessage> m_backfill; // the first sync's pages so far
    quint64 m_generation = 0;                        // answers for an earlier sync are ignored
    QSet<Jid> m_archiveStart; // conversations whose archive start was reached
};

} // namespace natter
