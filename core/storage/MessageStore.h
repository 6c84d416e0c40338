// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ChatMessage.h"
#include "stanza/Jid.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTimer>

#include <chrono>
#include <optional>
#include <unordered_map>

namespace natter {

// One account's messages on disk: SQLite (QtSql) in WAL mode with a versioned schema, a
// full-text index (FTS5) and the outbox of messages not yet confirmed by the server.
//
// Writes are batched: they join one transaction that commits at the end of the current
// event-loop iteration (or at flush()), so a burst of thousands of messages costs one commit.
// commitWithin() keeps the batch open longer for what arrives one message per iteration (a
// server's burst); committed() says when it is on disk.
// The outbox is the exception: enqueue() commits before it returns, because a message must be
// on disk before it goes on the wire (it survives a crash or kill -9 from then on).
class MessageStore : public QObject
{
    Q_OBJECT
public:
    // A stored message with what the store adds to it.
    struct Entry
    {
        qint64 rowId = 0;
        ChatMessage message;
        QString originId; // XEP-0359 origin-id
        QString stanzaId; // XEP-0359 stanza-id given by our archive
        bool read = false;
    };
    // Where a page of history ends: messages are ordered by (timestamp, rowId).
    struct Key
    {
        qint64 timestampMs = 0;
        qint64 rowId = 0;
    };
    struct AddResult
    {
        qint64 rowId = 0;
        bool duplicate = false; // a message with the same origin-id or stanza-id was stored before
    };
    struct OutboxEntry
    {
        Entry entry;
        QByteArray stanza; // the XML to send again, exactly as first sent
        int attempts = 0;
    };
    struct SearchHit
    {
        Entry entry;
        QString snippet; // the matching text with the match between \x02 and \x03
    };

    static constexpr int SchemaVersion = 5;

    explicit MessageStore(QObject *parent = nullptr);
    ~MessageStore() override;

    // Opens (creating and migrating as needed). false with *error set when it cannot.
    bool open(const QString &path, QString *error = nullptr);
    bool isOpen() const { return m_db.isOpen(); }
    void close();
    QString path() const { return m_path; }

    // Messages. Duplicates (same peer and origin-id, or same stanza-id) are not stored twice.
    AddResult add(const ChatMessage &message, const QString &originId = {},
                  const QString &stanzaId = {}, bool read = false);
    bool setState(const Jid &peer, const QString &messageId, ChatMessage::State state,
                  const QString &errorCondition = {}, const QString &errorText = {});
    bool setStanzaId(qint64 rowId, const QString &stanzaId);
    std::optional<Entry> find(const Jid &peer, const QString &messageId) const;
    // The newest message of this direction with this stanza id / the one with this XEP-0359
    // origin-id in the conversation with peer (of that direction: whose message it is).
    std::optional<Entry> find(const Jid &peer, ChatMessage::Direction direction,
                              const QString &messageId) const;
    std::optional<Entry> findByOriginId(const Jid &peer, ChatMessage::Direction direction,
                                        const QString &originId) const;
    // Our message got further (Delivered, Read): stored only when it moves forward
    // (ChatMessage::mayAdvance); Delivered or Read also takes it out of the outbox.
    bool advanceState(const Jid &peer, const QString &messageId, ChatMessage::State state);
    // XEP-0333: every message of ours before the row (by time, then row) that went out and is
    // not Read becomes Read (and leaves the outbox). Returns how many changed.
    int markReadUpTo(const Jid &peer, qint64 rowId);

    // XEP-0308: the message in this row has the new text `body` since `at`; the text it had is
    // kept (previousBodies()). false when the correction (by its id) was applied before, the
    // message was retracted, or a newer correction is in place. ChatMessage::editedAt is set.
    bool addCorrection(qint64 rowId, const QString &correctionId, const QString &body,
                       const QDateTime &at);
    // The texts a corrected message had, oldest first.
    QStringList previousBodies(qint64 rowId) const;
    // XEP-0424: the message in this row was retracted; its text and earlier texts go. false
    // when it was retracted before.
    bool retract(qint64 rowId);
    bool containsStanzaId(const QString &stanzaId) const;
    // An incoming message from this peer with this stanza id and body was stored before (for
    // senders that give no origin-id: a copy sent again has the same id and the same text).
    bool containsIncoming(const Jid &peer, const QString &messageId, const QString &body) const;

    // The newest `limit` messages of a conversation, oldest first.
    QList<Entry> latest(const Jid &peer, int limit) const;
    // Up to `limit` messages older than key, oldest first.
    QList<Entry> before(const Jid &peer, const Key &key, int limit) const;
    // Up to `limit` messages newer than key, oldest first (scrolling forward again).
    QList<Entry> after(const Jid &peer, const Key &key, int limit) const;
    // The message in this row (e.g. a search hit's), if it is stored.
    std::optional<Entry> entry(qint64 rowId) const;
    qint64 count(const Jid &peer) const;
    QList<Jid> conversations() const;
    // Removes a conversation's messages (and their outbox entries).
    void clear(const Jid &peer);

    // Unread incoming messages.
    int unreadCount(const Jid &peer) const;
    QHash<Jid, int> unreadCounts() const;
    void markRead(const Jid &peer);

    // Full-text search over bodies: the newest `limit` messages (by timestamp, then row) holding
    // every word of text, newest first. Words are matched whole; query syntax is taken as text.
    QList<SearchHit> search(const QString &text, int limit = 50) const;

    // Outbox. enqueue() stores the message (if new) and its stanza durably before returning.
    AddResult enqueue(const ChatMessage &message, const QString &originId,
                      const QByteArray &stanza);
    QList<OutboxEntry> outbox() const;
    bool isQueued(const Jid &peer, const QString &messageId) const;
    void noteAttempt(const Jid &peer, const QString &messageId);
    // The server holds it: it leaves the outbox (and the message becomes Sent).
    void dequeue(const Jid &peer, const QString &messageId);
    // It bounced: it leaves the outbox and becomes Failed with the reason (retry enqueues again).
    void markFailed(const Jid &peer, const QString &messageId, const QString &errorCondition,
                    const QString &errorText);

    // Commits the pending batch now.
    void flush();
    // Lets the pending batch stay open until `delay` after its first write (instead of the end
    // of this event-loop iteration), so that writes of the iterations meanwhile join it. The
    // earliest of the calls' deadlines counts; flush() still commits at once.
    void commitWithin(std::chrono::milliseconds delay);
    // Whether writes wait for a commit.
    bool hasPendingCommit() const { return m_inBatch; }

    // Key of an entry, for paging.
    static Key keyOf(const Entry &entry);

    // Tests: the ordered list of migrations, index i upgrades from version i to i + 1.
    static QStringList migration(int fromVersion);

    // History sync (HistorySync): the XEP-0359 stanza-id our archive gave the newest stored
    // message that has one (by timestamp, then row) — where the next sync continues; empty when
    // no stored message came from the archive. And the oldest one of a conversation, from where
    // scrolling back asks the archive for more.
    QString newestStanzaId() const;
    QString oldestStanzaId(const Jid &peer) const;

    // Small named values kept with the messages, written in the same batch as the messages
    // added before them (so they are never ahead of those on disk). Empty: none (setting an empty
    // value removes it).
    QString metaValue(const QString &key) const;
    void setMetaValue(const QString &key, const QString &value);

Q_SIGNALS:
    // The pending batch ended: its writes are on disk (a failed commit is logged).
    void committed();

private:
    bool migrate(QString *error);
    void beginBatch();
    // Adds the rows added since the last call to the full-text index (in the open batch).
    void indexPending() const;
    void writePendingMeta();
    QSqlQuery &statement(const QString &sql) const;
    Entry entryFromQuery(const QSqlQuery &query) const;
    QList<Entry> query(const QString &sql, const QVariantList &values) const;
    // The first column of the first row; invalid when there is none.
    QVariant scalar(const QString &sql, const QVariantList &values) const;
    // A statement that returns no rows; *changed: the rows it changed.
    bool run(const QString &sql, const QVariantList &values, int *changed = nullptr);
    QList<qint64> newestMatches(const QString &match, int limit) const;

    QSqlDatabase m_db;
    // Prepared statements by SQL text, compiled once per connection.
    mutable std::unordered_map<QString, QSqlQuery> m_statements;
    QString m_connection;
    QString m_path;
    QTimer m_commitTimer;
    QElapsedTimer m_batchAge;         // since the pending batch's first write
    bool m_commitDeadlineSet = false; // by commitWithin()
    bool m_inBatch = false;
    // The first row added since the full-text index was last brought up to date (0: none). A
    // search is const, yet must see every row: hence mutable.
    mutable qint64 m_unindexedFrom = 0;
    QHash<QString, QString> m_pendingMeta; // setMetaValue() in the open batch; empty: removed
};

} // namespace natter
