// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageStore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

Q_LOGGING_CATEGORY(lcStore, "natter.store")

namespace natter {

namespace {

// Ordered schema migrations: entry i brings a database from version i to i + 1. Never edit a
// released entry; append a new one.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> list{
        // 0 → 1: messages, outbox, full-text index
        {
            QStringLiteral("CREATE TABLE messages ("
                           " id INTEGER PRIMARY KEY,"
                           " peer TEXT NOT NULL,"
                           " direction INTEGER NOT NULL,"
                           " kind INTEGER NOT NULL,"
                           " state INTEGER NOT NULL,"
                           " message_id TEXT,"
                           " origin_id TEXT,"
                           " stanza_id TEXT,"
                           " sender TEXT,"
                           " body TEXT NOT NULL DEFAULT '',"
                           " subject TEXT NOT NULL DEFAULT '',"
                           " thread TEXT NOT NULL DEFAULT '',"
                           " ts INTEGER NOT NULL,"
                           " error_condition TEXT NOT NULL DEFAULT '',"
                           " error_text TEXT NOT NULL DEFAULT '',"
                           " is_read INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX messages_by_peer ON messages (peer, ts, id)"),
            QStringLiteral("CREATE INDEX messages_by_message_id ON messages (peer, message_id)"),
            QStringLiteral("CREATE UNIQUE INDEX messages_by_origin ON messages (peer, direction, "
                           "origin_id) WHERE origin_id IS NOT NULL"),
            QStringLiteral("CREATE UNIQUE INDEX messages_by_stanza_id ON messages (stanza_id) "
                           "WHERE stanza_id IS NOT NULL"),
            QStringLiteral("CREATE INDEX messages_unread ON messages (peer) WHERE is_read = 0"),
            QStringLiteral(
                "CREATE TABLE outbox ("
                " message INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,"
                " stanza BLOB NOT NULL,"
                " attempts INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', "
                           "content_rowid='id')"),
            QStringLiteral("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN "
                           "INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body); END"),
            QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN "
                           "INSERT INTO messages_fts (messages_fts, rowid, body) "
                           "VALUES ('delete', old.id, old.body); END"),
            QStringLiteral(
                "CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN "
                "INSERT INTO messages_fts (messages_fts, rowid, body) "
                "VALUES ('delete', old.id, old.body); "
                "INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body); END"),
        },
        // 1 → 2: small named values kept with the messages (written in the same transactions, so a
        // history sync position never runs ahead of the messages it covers); the newest archived
        // message found without scanning the table.
        {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX messages_archived ON messages (ts, id) "
                           "WHERE stanza_id IS NOT NULL"),
        },
    };
    return list;
}

constexpr auto Columns = "id, peer, direction, kind, state, message_id, origin_id, stanza_id, "
                         "sender, body, subject, thread, ts, error_condition, error_text, is_read";

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

// For NOT NULL text columns: a null QString would bind as SQL NULL.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

bool exec(QSqlQuery &q, const QString &where)
{
    if (q.exec())
        return true;
    qCWarning(lcStore) << where << "failed:" << q.lastError().text();
    return false;
}

} // namespace

MessageStore::MessageStore(QObject *parent)
    : QObject(parent)
    , m_connection(QStringLiteral("natter-store-") + QUuid::createUuid().toString(QUuid::Id128))
{
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(0);
    connect(&m_commitTimer, &QTimer::timeout, this, &MessageStore::flush);
}

MessageStore::~MessageStore()
{
    close();
}

QStringList MessageStore::migration(int fromVersion)
{
    return migrations().value(fromVersion);
}

bool MessageStore::open(const QString &path, QString *error)
{
    close();
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = tr("Cannot create the folder %1.").arg(info.absolutePath());
        return false;
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        if (error)
            *error = tr("Cannot open the message store %1: %2").arg(path, m_db.lastError().text());
        return false;
    }
    m_path = path;
    QSqlQuery q(m_db);
    // WAL: readers never wait for the writer; NORMAL: a committed transaction survives a crash
    // of the process (kill -9), as the outbox requires.
    for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                               "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            qCWarning(lcStore) << pragma << q.lastError().text();
    }
    if (!migrate(error)) {
        close();
        return false;
    }
    return true;
}

void MessageStore::close()
{
    if (!m_db.isValid())
        return;
    flush();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

bool MessageStore::migrate(QString *error)
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("PRAGMA user_version"));
    const int version = q.next() ? q.value(0).toInt() : 0;
    if (version > SchemaVersion) {
        if (error)
            *error =
                tr("The message store was written by a newer Natter (schema %1).").arg(version);
        return false;
    }
    for (int v = version; v < SchemaVersion; ++v) {
        m_db.transaction();
        for (const QString &statement : migrations().at(v)) {
            if (!q.exec(statement)) {
                const QString text = q.lastError().text();
                m_db.rollback();
                if (error)
                    *error = tr("Cannot upgrade the message store: %1").arg(text);
                return false;
            }
        }
        q.exec(QStringLiteral("PRAGMA user_version = %1").arg(v + 1));
        if (!m_db.commit()) {
            if (error)
                *error = tr("Cannot upgrade the message store: %1").arg(m_db.lastError().text());
            return false;
        }
        qCInfo(lcStore) << "message store migrated to schema" << v + 1;
    }
    return true;
}

void MessageStore::beginBatch()
{
    if (m_inBatch)
        return;
    m_inBatch = m_db.transaction();
    m_commitTimer.start();
}

void MessageStore::flush()
{
    m_commitTimer.stop();
    if (!m_inBatch)
        return;
    m_inBatch = false;
    if (!m_db.commit())
        qCWarning(lcStore) << "commit failed:" << m_db.lastError().text();
}

MessageStore::Key MessageStore::keyOf(const Entry &entry)
{
    return {entry.message.timestamp.toMSecsSinceEpoch(), entry.rowId};
}

MessageStore::Entry MessageStore::entryFromQuery(const QSqlQuery &q) const
{
    Entry e;
    e.rowId = q.value(0).toLongLong();
    ChatMessage &m = e.message;
    m.peer = Jid::fromString(q.value(1).toString());
    m.direction = static_cast<ChatMessage::Direction>(q.value(2).toInt());
    m.kind = static_cast<ChatMessage::Kind>(q.value(3).toInt());
    m.state = static_cast<ChatMessage::State>(q.value(4).toInt());
    m.id = q.value(5).toString();
    e.originId = q.value(6).toString();
    e.stanzaId = q.value(7).toString();
    m.from = Jid::fromString(q.value(8).toString());
    m.body = q.value(9).toString();
    m.subject = q.value(10).toString();
    m.thread = q.value(11).toString();
    m.timestamp = QDateTime::fromMSecsSinceEpoch(q.value(12).toLongLong(), Qt::UTC);
    m.errorCondition = q.value(13).toString();
    m.errorText = q.value(14).toString();
    e.read = q.value(15).toBool();
    return e;
}

QList<MessageStore::Entry> MessageStore::query(const QString &sql, const QVariantList &values) const
{
    QList<Entry> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!exec(q, QStringLiteral("query")))
        return out;
    while (q.next())
        out.append(entryFromQuery(q));
    return out;
}

MessageStore::AddResult MessageStore::add(const ChatMessage &m, const QString &originId,
                                          const QString &stanzaId, bool read)
{
    AddResult result;
    if (!isOpen())
        return result;
    const QString peer = m.peer.bareString();
    QSqlQuery q(m_db);
    // Seen before? (a carbon and the archive copy of one message, a re-sent message...)
    if (!stanzaId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT id FROM messages WHERE stanza_id = ?"));
        q.addBindValue(stanzaId);
        if (exec(q, QStringLiteral("dedupe")) && q.next())
            return {q.value(0).toLongLong(), true};
    }
    if (!originId.isEmpty()) {
        q.prepare(QStringLiteral(
            "SELECT id FROM messages WHERE peer = ? AND direction = ? AND origin_id = ?"));
        q.addBindValue(peer);
        q.addBindValue(int(m.direction));
        q.addBindValue(originId);
        if (exec(q, QStringLiteral("dedupe")) && q.next()) {
            result = {q.value(0).toLongLong(), true};
            if (!stanzaId.isEmpty())
                setStanzaId(result.rowId, stanzaId);
            return result;
        }
    }
    beginBatch();
    q.prepare(QStringLiteral("INSERT INTO messages (peer, direction, kind, state, message_id, "
                             "origin_id, stanza_id, sender, body, subject, thread, ts, "
                             "error_condition, error_text, is_read) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(peer);
    q.addBindValue(int(m.direction));
    q.addBindValue(int(m.kind));
    q.addBindValue(int(m.state));
    q.addBindValue(nullIfEmpty(m.id));
    q.addBindValue(nullIfEmpty(originId));
    q.addBindValue(nullIfEmpty(stanzaId));
    q.addBindValue(m.from.toString());
    q.addBindValue(text(m.body));
    q.addBindValue(text(m.subject));
    q.addBindValue(text(m.thread));
    q.addBindValue((m.timestamp.isValid() ? m.timestamp : QDateTime::currentDateTimeUtc())
                       .toMSecsSinceEpoch());
    q.addBindValue(text(m.errorCondition));
    q.addBindValue(text(m.errorText));
    q.addBindValue(read || m.isOutgoing() ? 1 : 0);
    if (!exec(q, QStringLiteral("insert")))
        return result;
    result.rowId = q.lastInsertId().toLongLong();
    return result;
}

bool MessageStore::setState(const Jid &peer, const QString &messageId, ChatMessage::State state,
                            const QString &errorCondition, const QString &errorText)
{
    if (!isOpen())
        return false;
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE messages SET state = ?, error_condition = ?, error_text = ? "
                             "WHERE peer = ? AND message_id = ? AND direction = ?"));
    q.addBindValue(int(state));
    q.addBindValue(text(errorCondition));
    q.addBindValue(text(errorText));
    q.addBindValue(peer.bareString());
    q.addBindValue(messageId);
    q.addBindValue(int(ChatMessage::Direction::Outgoing));
    return exec(q, QStringLiteral("setState")) && q.numRowsAffected() > 0;
}

bool MessageStore::setStanzaId(qint64 rowId, const QString &stanzaId)
{
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE messages SET stanza_id = ? WHERE id = ? AND stanza_id IS NULL"));
    q.addBindValue(stanzaId);
    q.addBindValue(rowId);
    return exec(q, QStringLiteral("setStanzaId"));
}

std::optional<MessageStore::Entry> MessageStore::find(const Jid &peer,
                                                      const QString &messageId) const
{
    const auto found = query(QStringLiteral("SELECT %1 FROM messages WHERE peer = ? AND "
                                            "message_id = ? ORDER BY id DESC LIMIT 1")
                                 .arg(QLatin1String(Columns)),
                             {peer.bareString(), messageId});
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

bool MessageStore::containsOriginId(const Jid &peer, const QString &originId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM messages WHERE peer = ? AND origin_id = ? LIMIT 1"));
    q.addBindValue(peer.bareString());
    q.addBindValue(originId);
    return exec(q, QStringLiteral("containsOriginId")) && q.next();
}

bool MessageStore::containsStanzaId(const QString &stanzaId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM messages WHERE stanza_id = ? LIMIT 1"));
    q.addBindValue(stanzaId);
    return exec(q, QStringLiteral("containsStanzaId")) && q.next();
}

bool MessageStore::containsIncoming(const Jid &peer, const QString &messageId,
                                    const QString &body) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM messages WHERE peer = ? AND message_id = ? AND "
                             "direction = ? AND body = ? LIMIT 1"));
    q.addBindValue(peer.bareString());
    q.addBindValue(messageId);
    q.addBindValue(int(ChatMessage::Direction::Incoming));
    q.addBindValue(text(body));
    return exec(q, QStringLiteral("containsIncoming")) && q.next();
}

QList<MessageStore::Entry> MessageStore::latest(const Jid &peer, int limit) const
{
    QList<Entry> out = query(QStringLiteral("SELECT %1 FROM messages WHERE peer = ? "
                                            "ORDER BY ts DESC, id DESC LIMIT ?")
                                 .arg(QLatin1String(Columns)),
                             {peer.bareString(), limit});
    std::reverse(out.begin(), out.end());
    return out;
}

QList<MessageStore::Entry> MessageStore::before(const Jid &peer, const Key &key, int limit) const
{
    QList<Entry> out =
        query(QStringLiteral("SELECT %1 FROM messages WHERE peer = ? AND "
                             "(ts < ? OR (ts = ? AND id < ?)) "
                             "ORDER BY ts DESC, id DESC LIMIT ?")
                  .arg(QLatin1String(Columns)),
              {peer.bareString(), key.timestampMs, key.timestampMs, key.rowId, limit});
    std::reverse(out.begin(), out.end());
    return out;
}

qint64 MessageStore::count(const Jid &peer) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE peer = ?"));
    q.addBindValue(peer.bareString());
    return exec(q, QStringLiteral("count")) && q.next() ? q.value(0).toLongLong() : 0;
}

QList<Jid> MessageStore::conversations() const
{
    QList<Jid> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT peer, MAX(ts) AS last FROM messages GROUP BY peer "
                               "ORDER BY last DESC")))
        return out;
    while (q.next())
        out.append(Jid::fromString(q.value(0).toString()));
    return out;
}

void MessageStore::clear(const Jid &peer)
{
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM messages WHERE peer = ?"));
    q.addBindValue(peer.bareString());
    exec(q, QStringLiteral("clear"));
    flush();
}

int MessageStore::unreadCount(const Jid &peer) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE peer = ? AND is_read = 0"));
    q.addBindValue(peer.bareString());
    return exec(q, QStringLiteral("unreadCount")) && q.next() ? q.value(0).toInt() : 0;
}

QHash<Jid, int> MessageStore::unreadCounts() const
{
    QHash<Jid, int> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT peer, COUNT(*) FROM messages WHERE is_read = 0 "
                               "GROUP BY peer")))
        return out;
    while (q.next())
        out.insert(Jid::fromString(q.value(0).toString()), q.value(1).toInt());
    return out;
}

void MessageStore::markRead(const Jid &peer)
{
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE messages SET is_read = 1 WHERE peer = ? AND is_read = 0"));
    q.addBindValue(peer.bareString());
    exec(q, QStringLiteral("markRead"));
}

QList<MessageStore::SearchHit> MessageStore::search(const QString &text, int limit) const
{
    QList<SearchHit> out;
    // Each word becomes a quoted FTS5 string (no query syntax injection), AND-ed.
    QStringList terms;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (QString w : words)
        terms.append(u'"' + w.replace(u'"', QStringLiteral("\"\"")) + u'"');
    if (terms.isEmpty())
        return out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT m.id, m.peer, m.direction, m.kind, m.state, m.message_id, "
                       "m.origin_id, m.stanza_id, m.sender, m.body, m.subject, m.thread, m.ts, "
                       "m.error_condition, m.error_text, m.is_read, "
                       "snippet(messages_fts, 0, char(2), char(3), '…', 12) "
                       "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
                       "WHERE messages_fts MATCH ? ORDER BY m.ts DESC LIMIT ?"));
    q.addBindValue(terms.join(u' '));
    q.addBindValue(limit);
    if (!exec(q, QStringLiteral("search")))
        return out;
    while (q.next())
        out.append({entryFromQuery(q), q.value(16).toString()});
    return out;
}

MessageStore::AddResult MessageStore::enqueue(const ChatMessage &message, const QString &originId,
                                              const QByteArray &stanza)
{
    const AddResult added = add(message, originId);
    if (!added.rowId)
        return added;
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO outbox (message, stanza) VALUES (?, ?)"));
    q.addBindValue(added.rowId);
    q.addBindValue(stanza);
    exec(q, QStringLiteral("enqueue"));
    flush(); // on disk before it goes on the wire
    return added;
}

QList<MessageStore::OutboxEntry> MessageStore::outbox() const
{
    QList<OutboxEntry> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT m.id, m.peer, m.direction, m.kind, m.state, m.message_id, "
                               "m.origin_id, m.stanza_id, m.sender, m.body, m.subject, m.thread, "
                               "m.ts, m.error_condition, m.error_text, m.is_read, o.stanza, "
                               "o.attempts FROM outbox o JOIN messages m ON m.id = o.message "
                               "ORDER BY m.id"))) {
        qCWarning(lcStore) << "outbox" << q.lastError().text();
        return out;
    }
    while (q.next())
        out.append({entryFromQuery(q), q.value(16).toByteArray(), q.value(17).toInt()});
    return out;
}

bool MessageStore::isQueued(const Jid &peer, const QString &messageId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM outbox o JOIN messages m ON m.id = o.message "
                             "WHERE m.peer = ? AND m.message_id = ? LIMIT 1"));
    q.addBindValue(peer.bareString());
    q.addBindValue(messageId);
    return exec(q, QStringLiteral("isQueued")) && q.next();
}

void MessageStore::noteAttempt(const Jid &peer, const QString &messageId)
{
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE outbox SET attempts = attempts + 1 WHERE message IN "
                             "(SELECT id FROM messages WHERE peer = ? AND message_id = ?)"));
    q.addBindValue(peer.bareString());
    q.addBindValue(messageId);
    exec(q, QStringLiteral("noteAttempt"));
}

void MessageStore::dequeue(const Jid &peer, const QString &messageId)
{
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE message IN "
                             "(SELECT id FROM messages WHERE peer = ? AND message_id = ?)"));
    q.addBindValue(peer.bareString());
    q.addBindValue(messageId);
    exec(q, QStringLiteral("dequeue"));
    setState(peer, messageId, ChatMessage::State::Sent);
}

void MessageStore::markFailed(const Jid &peer, const QString &messageId,
                              const QString &errorCondition, const QString &errorText)
{
    beginBatch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE message IN "
                             "(SELECT id FROM messages WHERE peer = ? AND message_id = ?)"));
    q.addBindValue(peer.bareString());
    q.addBindValue(messageId);
    exec(q, QStringLiteral("markFailed"));
    setState(peer, messageId, ChatMessage::State::Failed, errorCondition, errorText);
}

QString MessageStore::metaValue(const QString &key) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (!exec(q, QStringLiteral("metaValue")) || !q.next())
        return {};
    return q.value(0).toString();
}

void MessageStore::setMetaValue(const QString &key, const QString &value)
{
    beginBatch();
    QSqlQuery q(m_db);
    if (value.isEmpty()) {
        q.prepare(QStringLiteral("DELETE FROM meta WHERE key = ?"));
        q.addBindValue(key);
    } else {
        q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
        q.addBindValue(key);
        q.addBindValue(value);
    }
    exec(q, QStringLiteral("setMetaValue"));
}

QString MessageStore::newestStanzaId() const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT stanza_id FROM messages WHERE stanza_id IS NOT NULL "
                             "ORDER BY ts DESC, id DESC LIMIT 1"));
    if (!exec(q, QStringLiteral("newestStanzaId")) || !q.next())
        return {};
    return q.value(0).toString();
}

QString MessageStore::oldestStanzaId(const Jid &peer) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT stanza_id FROM messages WHERE peer = ? AND stanza_id IS NOT "
                             "NULL ORDER BY ts ASC, id ASC LIMIT 1"));
    q.addBindValue(peer.bareString());
    if (!exec(q, QStringLiteral("oldestStanzaId")) || !q.next())
        return {};
    return q.value(0).toString();
}

} // namespace natter
