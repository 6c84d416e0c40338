// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageStore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

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
        // 2 → 3: the newest timestamp in each block of 1,024 row ids (an upper bound: a deleted
        // message may have set it), kept by triggers, so that a search reads the full-text matches
        // newest first and stops as soon as nothing unread can be newer (see newestMatches()).
        {
            QStringLiteral("CREATE TABLE message_blocks (block INTEGER PRIMARY KEY, "
                           "newest INTEGER NOT NULL)"),
            QStringLiteral("INSERT INTO message_blocks (block, newest) "
                           "SELECT id >> 10, MAX(ts) FROM messages GROUP BY id >> 10"),
            QStringLiteral(
                "CREATE TRIGGER message_blocks_insert AFTER INSERT ON messages BEGIN "
                "INSERT INTO message_blocks (block, newest) VALUES (new.id >> 10, new.ts) "
                "ON CONFLICT (block) DO UPDATE SET newest = excluded.newest "
                "WHERE excluded.newest > newest; END"),
            QStringLiteral(
                "CREATE TRIGGER message_blocks_update AFTER UPDATE OF ts ON messages "
                "BEGIN "
                "INSERT INTO message_blocks (block, newest) VALUES (new.id >> 10, new.ts) "
                "ON CONFLICT (block) DO UPDATE SET newest = excluded.newest "
                "WHERE excluded.newest > newest; END"),
        },
        // 3 → 4: corrections (XEP-0308) and retractions (XEP-0424). messages.body is the current
        // text (so the full-text index finds what is shown); each correction keeps the text it
        // replaced, linked to its original, with when it was replaced and the correction's id
        // (a copy of a correction is applied once). A retracted message has no text left.
        {
            QStringLiteral("ALTER TABLE messages ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE messages ADD COLUMN edited_ts INTEGER"),
            QStringLiteral("CREATE TABLE corrections ("
                           " id INTEGER PRIMARY KEY,"
                           " message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
                           " correction_id TEXT,"
                           " body TEXT NOT NULL,"
                           " ts INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX corrections_by_message ON corrections (message, id)"),
            QStringLiteral("CREATE UNIQUE INDEX corrections_once ON corrections (message, "
                           "correction_id) WHERE correction_id IS NOT NULL"),
        },
        // 4 → 5: a new message enters the full-text index when its batch commits
        // (MessageStore::indexPending()), no longer by a trigger per row. The trigger made every
        // insert a statement with its own savepoint, and FTS5 writes its pending terms to disk at
        // each savepoint: a segment per message, half the cost of storing one.
        {
            QStringLiteral("DROP TRIGGER messages_fts_insert"),
        },
    };
    return list;
}

constexpr auto Columns = "id, peer, direction, kind, state, message_id, origin_id, stanza_id, "
                         "sender, body, subject, thread, ts, error_condition, error_text, is_read, "
                         "retracted, edited_ts";

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

// For NOT NULL text columns: a null QString would bind as SQL NULL.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

// Binds by position: a prepared statement is used again and again.
void bind(QSqlQuery &q, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
}

bool exec(QSqlQuery &q, const QString &where)
{
    if (q.exec())
        return true;
    qCWarning(lcStore) << where << "failed:" << q.lastError().text();
    return false;
}

// Cuts ascending row ids into at most maxRanges ranges at their widest gaps, keeping gaps of up to
// keptGap ids inside a range: one range query costs an FTS5 set-up of 0.1 to 0.3 ms, so a few
// ranges that also read some rows in between beat a query per id.
QList<std::pair<qint64, qint64>> idRanges(const QList<qint64> &sorted, int maxRanges,
                                          qint64 keptGap)
{
    QList<std::pair<qint64, qsizetype>> gaps; // (width, index of the id after the gap)
    for (qsizetype i = 1; i < sorted.size(); ++i) {
        if (sorted.at(i) - sorted.at(i - 1) > keptGap)
            gaps.append({sorted.at(i) - sorted.at(i - 1), i});
    }
    if (gaps.size() > maxRanges - 1) {
        std::nth_element(gaps.begin(), gaps.begin() + (maxRanges - 1), gaps.end(),
                         std::greater<>());
        gaps.resize(maxRanges - 1);
    }
    QList<qsizetype> cuts;
    for (const auto &gap : gaps)
        cuts.append(gap.second);
    std::sort(cuts.begin(), cuts.end());
    QList<std::pair<qint64, qint64>> ranges;
    qsizetype begin = 0;
    for (qsizetype cut : cuts) {
        ranges.append({sorted.at(begin), sorted.at(cut - 1)});
        begin = cut;
    }
    if (!sorted.isEmpty())
        ranges.append({sorted.at(begin), sorted.constLast()});
    return ranges;
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
    m_statements.clear();
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
    m_commitDeadlineSet = false;
    m_batchAge.start();
    m_commitTimer.start(0);
}

void MessageStore::commitWithin(std::chrono::milliseconds delay)
{
    if (!m_inBatch)
        return;
    qint64 left = std::max<qint64>(0, delay.count() - m_batchAge.elapsed());
    if (m_commitDeadlineSet)
        left = std::min<qint64>(left, m_commitTimer.remainingTime());
    m_commitDeadlineSet = true;
    m_commitTimer.start(int(std::min<qint64>(left, std::numeric_limits<int>::max())));
}

void MessageStore::flush()
{
    m_commitTimer.stop();
    if (!m_inBatch)
        return;
    indexPending();
    writePendingMeta();
    m_inBatch = false;
    if (!m_db.commit())
        qCWarning(lcStore) << "commit failed:" << m_db.lastError().text();
    Q_EMIT committed();
}

void MessageStore::indexPending() const
{
    if (m_unindexedFrom == 0)
        return;
    // Row ids only grow: every row from the first one added since the last call on is new (a
    // deletion or a change of text calls this first, so no row it touches is left out).
    QSqlQuery &q = statement(QStringLiteral(
        "INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE id >= ?"));
    bind(q, {std::exchange(m_unindexedFrom, 0)});
    exec(q, QStringLiteral("index"));
}

// The statement for sql, prepared on first use and kept until close(). A statement that returns
// rows must be finished (QSqlQuery::finish()) when read: an unfinished one keeps its read
// transaction open. References stay valid while other statements are added (a node-based map).
QSqlQuery &MessageStore::statement(const QString &sql) const
{
    auto found = m_statements.find(sql);
    if (found == m_statements.end()) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            qCWarning(lcStore) << "cannot prepare" << sql << q.lastError().text();
        found = m_statements.emplace(sql, std::move(q)).first;
    }
    return found->second;
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
    m.originId = e.originId;
    m.retracted = q.value(16).toBool();
    if (!q.value(17).isNull())
        m.editedAt = QDateTime::fromMSecsSinceEpoch(q.value(17).toLongLong(), Qt::UTC);
    return e;
}

QList<MessageStore::Entry> MessageStore::query(const QString &sql, const QVariantList &values) const
{
    QList<Entry> out;
    QSqlQuery &q = statement(sql);
    bind(q, values);
    if (!exec(q, QStringLiteral("query")))
        return out;
    while (q.next())
        out.append(entryFromQuery(q));
    q.finish();
    return out;
}

QVariant MessageStore::scalar(const QString &sql, const QVariantList &values) const
{
    QSqlQuery &q = statement(sql);
    bind(q, values);
    QVariant out;
    if (exec(q, sql) && q.next())
        out = q.value(0);
    q.finish();
    return out;
}

bool MessageStore::run(const QString &sql, const QVariantList &values, int *changed)
{
    QSqlQuery &q = statement(sql);
    bind(q, values);
    if (!exec(q, sql))
        return false;
    if (changed)
        *changed = q.numRowsAffected();
    return true;
}

MessageStore::AddResult MessageStore::add(const ChatMessage &m, const QString &originId,
                                          const QString &stanzaId, bool read)
{
    AddResult result;
    if (!isOpen())
        return result;
    const QString peer = m.peer.bareString();
    beginBatch();
    // Most messages are new: insert, and only when a unique index (origin-id, stanza-id) refuses
    // the row look for the copy stored before (a carbon and the archive copy of one message, a
    // re-sent message...). One statement instead of two look-ups and an insert.
    QSqlQuery &q = statement(QStringLiteral(
        "INSERT INTO messages (peer, direction, kind, state, message_id, origin_id, stanza_id, "
        "sender, body, subject, thread, ts, error_condition, error_text, is_read) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    bind(q, {peer, int(m.direction), int(m.kind), int(m.state), nullIfEmpty(m.id),
             nullIfEmpty(originId), nullIfEmpty(stanzaId), m.from.toString(), text(m.body),
             text(m.subject), text(m.thread),
             (m.timestamp.isValid() ? m.timestamp : QDateTime::currentDateTimeUtc())
                 .toMSecsSinceEpoch(),
             text(m.errorCondition), text(m.errorText), read || m.isOutgoing() ? 1 : 0});
    if (!exec(q, QStringLiteral("insert")))
        return result;
    if (q.numRowsAffected() > 0) {
        result.rowId = q.lastInsertId().toLongLong();
        if (m_unindexedFrom == 0)
            m_unindexedFrom = result.rowId;
        if (!m_inBatch)
            indexPending(); // no transaction to join: the row is committed already
        return result;
    }
    // Seen before: the stanza-id decides first, then the origin-id (whose copy learns the
    // archive's stanza-id).
    if (!stanzaId.isEmpty()) {
        const QVariant id =
            scalar(QStringLiteral("SELECT id FROM messages WHERE stanza_id = ?"), {stanzaId});
        if (id.isValid())
            return {id.toLongLong(), true};
    }
    if (!originId.isEmpty()) {
        const QVariant id = scalar(
            QStringLiteral(
                "SELECT id FROM messages WHERE peer = ? AND direction = ? AND origin_id = ?"),
            {peer, int(m.direction), originId});
        if (id.isValid()) {
            result = {id.toLongLong(), true};
            if (!stanzaId.isEmpty())
                setStanzaId(result.rowId, stanzaId);
            return result;
        }
    }
    qCWarning(lcStore) << "insert refused without a stored copy";
    return result;
}

bool MessageStore::setState(const Jid &peer, const QString &messageId, ChatMessage::State state,
                            const QString &errorCondition, const QString &errorText)
{
    if (!isOpen())
        return false;
    beginBatch();
    int changed = 0;
    return run(QStringLiteral("UPDATE messages SET state = ?, error_condition = ?, error_text = ? "
                              "WHERE peer = ? AND message_id = ? AND direction = ?"),
               {int(state), text(errorCondition), text(errorText), peer.bareString(), messageId,
                int(ChatMessage::Direction::Outgoing)},
               &changed) &&
           changed > 0;
}

bool MessageStore::setStanzaId(qint64 rowId, const QString &stanzaId)
{
    beginBatch();
    return run(
        QStringLiteral("UPDATE messages SET stanza_id = ? WHERE id = ? AND stanza_id IS NULL"),
        {stanzaId, rowId});
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

std::optional<MessageStore::Entry> MessageStore::find(const Jid &peer,
                                                      ChatMessage::Direction direction,
                                                      const QString &messageId) const
{
    if (messageId.isEmpty())
        return std::nullopt;
    const auto found =
        query(QStringLiteral("SELECT %1 FROM messages WHERE peer = ? AND message_id = ? AND "
                             "direction = ? ORDER BY id DESC LIMIT 1")
                  .arg(QLatin1String(Columns)),
              {peer.bareString(), messageId, int(direction)});
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

std::optional<MessageStore::Entry> MessageStore::findByOriginId(const Jid &peer,
                                                                ChatMessage::Direction direction,
                                                                const QString &originId) const
{
    if (originId.isEmpty())
        return std::nullopt;
    const auto found = query(QStringLiteral("SELECT %1 FROM messages WHERE peer = ? AND "
                                            "direction = ? AND origin_id = ? LIMIT 1")
                                 .arg(QLatin1String(Columns)),
                             {peer.bareString(), int(direction), originId});
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

bool MessageStore::advanceState(const Jid &peer, const QString &messageId, ChatMessage::State state)
{
    const auto current = find(peer, ChatMessage::Direction::Outgoing, messageId);
    if (!current || current->message.state == state ||
        !ChatMessage::mayAdvance(current->message.state, state))
        return false;
    beginBatch();
    if (ChatMessage::rank(state) >= 2) // the peer has it: nothing to send again
        run(QStringLiteral("DELETE FROM outbox WHERE message = ?"), {current->rowId});
    return run(QStringLiteral("UPDATE messages SET state = ?, error_condition = '', "
                              "error_text = '' WHERE id = ?"),
               {int(state), current->rowId});
}

int MessageStore::markReadUpTo(const Jid &peer, qint64 rowId)
{
    const QVariant ts = scalar(QStringLiteral("SELECT ts FROM messages WHERE id = ?"), {rowId});
    if (!ts.isValid())
        return 0;
    beginBatch();
    // Ours before it that went out (the store keeps Queued until the server confirms): not
    // Failed ones, and none that is Read already.
    const QString earlier = QStringLiteral(
        "peer = ? AND direction = ? AND state IN (?, ?, ?, ?) AND (ts < ? OR (ts = ? AND id < ?))");
    const QVariantList values{peer.bareString(),
                              int(ChatMessage::Direction::Outgoing),
                              int(ChatMessage::State::Queued),
                              int(ChatMessage::State::Pending),
                              int(ChatMessage::State::Sent),
                              int(ChatMessage::State::Delivered),
                              ts,
                              ts,
                              rowId};
    run(QStringLiteral("DELETE FROM outbox WHERE message IN (SELECT id FROM messages WHERE %1)")
            .arg(earlier),
        values);
    int changed = 0;
    QVariantList update{int(ChatMessage::State::Read)};
    update.append(values);
    run(QStringLiteral("UPDATE messages SET state = ?, error_condition = '', error_text = '' "
                       "WHERE %1")
            .arg(earlier),
        update, &changed);
    return changed;
}

bool MessageStore::addCorrection(qint64 rowId, const QString &correctionId, const QString &body,
                                 const QDateTime &at)
{
    if (!isOpen())
        return false;
    QSqlQuery &q =
        statement(QStringLiteral("SELECT body, retracted, edited_ts FROM messages WHERE id = ?"));
    bind(q, {rowId});
    if (!exec(q, QStringLiteral("addCorrection")) || !q.next()) {
        q.finish();
        return false;
    }
    const QString previous = q.value(0).toString();
    const bool retracted = q.value(1).toBool();
    const QVariant editedTs = q.value(2);
    q.finish();
    const qint64 when = (at.isValid() ? at : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
    if (retracted || (!editedTs.isNull() && editedTs.toLongLong() > when))
        return false; // deleted, or a newer correction is shown already
    indexPending();   // the new text replaces the indexed one
    if (!correctionId.isEmpty() &&
        scalar(QStringLiteral("SELECT 1 FROM corrections WHERE message = ? AND correction_id = ?"),
               {rowId, correctionId})
            .isValid())
        return false; // applied before
    beginBatch();
    if (!run(QStringLiteral("INSERT INTO corrections (message, correction_id, body, ts) "
                            "VALUES (?, ?, ?, ?)"),
             {rowId, nullIfEmpty(correctionId), text(previous), when}))
        return false;
    return run(QStringLiteral("UPDATE messages SET body = ?, edited_ts = ? WHERE id = ?"),
               {text(body), when, rowId});
}

QStringList MessageStore::previousBodies(qint64 rowId) const
{
    QStringList out;
    QSqlQuery &q =
        statement(QStringLiteral("SELECT body FROM corrections WHERE message = ? ORDER BY id"));
    bind(q, {rowId});
    if (exec(q, QStringLiteral("previousBodies"))) {
        while (q.next())
            out.append(q.value(0).toString());
    }
    q.finish();
    return out;
}

bool MessageStore::retract(qint64 rowId)
{
    if (!isOpen())
        return false;
    beginBatch();
    indexPending(); // the text leaves the index
    int changed = 0;
    if (!run(QStringLiteral("UPDATE messages SET retracted = 1, body = '', edited_ts = NULL "
                            "WHERE id = ? AND retracted = 0"),
             {rowId}, &changed) ||
        changed == 0)
        return false;
    run(QStringLiteral("DELETE FROM corrections WHERE message = ?"), {rowId});
    return true;
}

bool MessageStore::containsStanzaId(const QString &stanzaId) const
{
    return scalar(QStringLiteral("SELECT 1 FROM messages WHERE stanza_id = ? LIMIT 1"), {stanzaId})
        .isValid();
}

bool MessageStore::containsIncoming(const Jid &peer, const QString &messageId,
                                    const QString &body) const
{
    return scalar(QStringLiteral("SELECT 1 FROM messages WHERE peer = ? AND message_id = ? AND "
                                 "direction = ? AND body = ? LIMIT 1"),
                  {peer.bareString(), messageId, int(ChatMessage::Direction::Incoming), text(body)})
        .isValid();
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
    // A row value: "(ts, id) < (?, ?)" is a range on messages_by_peer (peer, ts, id), so the page
    // starts at the key. The equivalent "ts < ? OR (ts = ? AND id < ?)" with its own parameters
    // is not: SQLite then walked the conversation from its newest message down to the key, and
    // a page near the start of a 100,000-message chat cost ten milliseconds instead of 0.1.
    QList<Entry> out = query(QStringLiteral("SELECT %1 FROM messages WHERE peer = ? AND "
                                            "(ts, id) < (?, ?) ORDER BY ts DESC, id DESC LIMIT ?")
                                 .arg(QLatin1String(Columns)),
                             {peer.bareString(), key.timestampMs, key.rowId, limit});
    std::reverse(out.begin(), out.end());
    return out;
}

QList<MessageStore::Entry> MessageStore::after(const Jid &peer, const Key &key, int limit) const
{
    // The mirror of before(): a range on messages_by_peer starting at the key.
    return query(QStringLiteral("SELECT %1 FROM messages WHERE peer = ? AND "
                                "(ts, id) > (?, ?) ORDER BY ts ASC, id ASC LIMIT ?")
                     .arg(QLatin1String(Columns)),
                 {peer.bareString(), key.timestampMs, key.rowId, limit});
}

std::optional<MessageStore::Entry> MessageStore::entry(qint64 rowId) const
{
    const auto found =
        query(QStringLiteral("SELECT %1 FROM messages WHERE id = ?").arg(QLatin1String(Columns)),
              {rowId});
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

qint64 MessageStore::count(const Jid &peer) const
{
    return scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE peer = ?"),
                  {peer.bareString()})
        .toLongLong();
}

QList<Jid> MessageStore::conversations() const
{
    QList<Jid> out;
    QSqlQuery &q = statement(QStringLiteral("SELECT peer, MAX(ts) AS last FROM messages GROUP BY "
                                            "peer ORDER BY last DESC"));
    if (!exec(q, QStringLiteral("conversations")))
        return out;
    while (q.next())
        out.append(Jid::fromString(q.value(0).toString()));
    q.finish();
    return out;
}

void MessageStore::clear(const Jid &peer)
{
    beginBatch();
    indexPending(); // the texts leave the index
    run(QStringLiteral("DELETE FROM messages WHERE peer = ?"), {peer.bareString()});
    flush();
}

int MessageStore::unreadCount(const Jid &peer) const
{
    return scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE peer = ? AND is_read = 0"),
                  {peer.bareString()})
        .toInt();
}

QHash<Jid, int> MessageStore::unreadCounts() const
{
    QHash<Jid, int> out;
    QSqlQuery &q = statement(
        QStringLiteral("SELECT peer, COUNT(*) FROM messages WHERE is_read = 0 GROUP BY peer"));
    if (!exec(q, QStringLiteral("unreadCounts")))
        return out;
    while (q.next())
        out.insert(Jid::fromString(q.value(0).toString()), q.value(1).toInt());
    q.finish();
    return out;
}

void MessageStore::markRead(const Jid &peer)
{
    beginBatch();
    run(QStringLiteral("UPDATE messages SET is_read = 1 WHERE peer = ? AND is_read = 0"),
        {peer.bareString()});
}

// The newest `limit` messages (by ts, then id) whose body matches, as row ids, newest first.
//
// Ranking every match by time reads the row of each: a common word matches a fifth of a big store
// (200,000 rows, 250 ms). Instead, read the matches in the order that finds the newest soonest and
// stop as soon as nothing unread can be newer than the `limit`-th best found so far:
//  - message_blocks knows the newest timestamp in each block of 1,024 row ids. Visit the blocks
//    newest first, a round at a time (1, 2, 4... blocks), as ranges of row ids (adjacent blocks
//    together). After a round, if the limit-th best is newer than the newest unvisited block, done.
//  - Within a range, read the matches by descending row id (FTS5's own order, no sort), a batch at
//    a time (limit, then twice as many...), with their timestamps. Messages mostly arrive in time
//    order, so the rest of the range is older, as the blocks below the last one read prove: then
//    leave the range.
// Messages stored out of time order - older history fetched from the archive when scrolling back,
// a timestamp in the future - only cost reading their own blocks. A word matched only by old
// messages costs one empty range query per round until the rounds reach its blocks. A query with
// few matches (a rare word, several words together) skips all this: rank them all at once.
QList<qint64> MessageStore::newestMatches(const QString &match, int limit) const
{
    indexPending();
    QList<qint64> ids;
    const qint64 few = qint64(limit) * 8;
    if (scalar(QStringLiteral("SELECT COUNT(*) FROM (SELECT rowid FROM messages_fts "
                              "WHERE messages_fts MATCH ? LIMIT ?)"),
               {match, few})
            .toLongLong() < few) {
        QSqlQuery &q = statement(QStringLiteral(
            "SELECT m.id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
            "WHERE messages_fts MATCH ? ORDER BY m.ts DESC, m.id DESC LIMIT ?"));
        bind(q, {match, limit});
        if (exec(q, QStringLiteral("search"))) {
            while (q.next())
                ids.append(q.value(0).toLongLong());
        }
        q.finish();
        return ids;
    }

    constexpr int BlockBits = 10;           // as in message_blocks
    QList<std::pair<qint64, qint64>> order; // (block, newest), newest first
    QHash<qint64, qint64> newest;           // block → newest
    QSqlQuery &blocks = statement(QStringLiteral(
        "SELECT block, newest FROM message_blocks ORDER BY newest DESC, block DESC"));
    if (!exec(blocks, QStringLiteral("search")))
        return {};
    while (blocks.next()) {
        order.append({blocks.value(0).toLongLong(), blocks.value(1).toLongLong()});
        newest.insert(order.constLast().first, order.constLast().second);
    }
    blocks.finish();

    // The best found so far, the worst of them on top.
    std::priority_queue<std::pair<qint64, qint64>, std::vector<std::pair<qint64, qint64>>,
                        std::greater<>>
        best; // (ts, id)
    const auto settled = [&](qint64 bound) {
        return qsizetype(best.size()) == limit && best.top().first > bound;
    };
    QSqlQuery &q = statement(
        QStringLiteral("SELECT messages_fts.rowid, m.ts FROM messages_fts JOIN messages m "
                       "ON m.id = messages_fts.rowid WHERE messages_fts MATCH ? "
                       "AND messages_fts.rowid >= ? AND messages_fts.rowid < ? "
                       "ORDER BY messages_fts.rowid DESC LIMIT ?"));
    QSet<qint64> visited;
    qsizetype next = 0;
    for (qsizetype round = 1; next < order.size(); round *= 2) {
        QList<qint64> take;
        for (; next < order.size() && take.size() < round; ++next) {
            if (!visited.contains(order.at(next).first))
                take.append(order.at(next).first);
        }
        std::sort(take.begin(), take.end());
        for (const auto &[first, last] : idRanges(take, 16, 9)) {
            for (qint64 block = first; block <= last; ++block)
                visited.insert(block);
            qint64 end = (last + 1) << BlockBits; // exclusive
            for (qint64 batch = limit;; batch *= 2) {
                bind(q, {match, first << BlockBits, end, batch});
                qint64 read = 0;
                if (exec(q, QStringLiteral("search"))) {
                    while (q.next()) {
                        const std::pair<qint64, qint64> hit{q.value(1).toLongLong(),
                                                            q.value(0).toLongLong()};
                        if (qsizetype(best.size()) < limit) {
                            best.push(hit);
                        } else if (hit > best.top()) {
                            best.pop();
                            best.push(hit);
                        }
                        end = hit.second;
                        ++read;
                    }
                }
                q.finish();
                if (read < batch)
                    break; // the range is read
                qint64 bound = std::numeric_limits<qint64>::min();
                for (qint64 block = first; block <= (end - 1) >> BlockBits; ++block)
                    bound = std::max(bound, newest.value(block, bound));
                if (settled(bound))
                    break; // nothing left in the range is newer
            }
        }
        while (next < order.size() && visited.contains(order.at(next).first))
            ++next;
        if (next < order.size() && settled(order.at(next).second))
            break;
    }
    for (; !best.empty(); best.pop())
        ids.prepend(best.top().second);
    return ids;
}

QList<MessageStore::SearchHit> MessageStore::search(const QString &text, int limit) const
{
    QList<SearchHit> out;
    // Each word becomes a quoted FTS5 string (no query syntax injection), AND-ed.
    QStringList terms;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (QString w : words)
        terms.append(u'"' + w.replace(u'"', QStringLiteral("\"\"")) + u'"');
    if (terms.isEmpty() || limit <= 0 || !isOpen())
        return out;
    const QString match = terms.join(u' ');
    const QList<qint64> ids = newestMatches(match, limit);
    if (ids.isEmpty())
        return out;

    // The rows and snippets of those alone: a snippet re-reads and re-tokenizes its body, the
    // costliest part of a search when it was made for every match before the sort. Read as a few
    // ranges of row ids (one FTS5 look-up per id costs 60 µs or more); other matches inside a
    // range are dropped by the IN list before their row or snippet is read ("+": a filter, not a
    // look-up per id). The list has `limit` places, unused ones NULL: one statement per limit.
    QList<qint64> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    QStringList places(limit, QStringLiteral("?"));
    QSqlQuery &q = statement(
        QStringLiteral("SELECT m.id, m.peer, m.direction, m.kind, m.state, m.message_id, "
                       "m.origin_id, m.stanza_id, m.sender, m.body, m.subject, m.thread, m.ts, "
                       "m.error_condition, m.error_text, m.is_read, m.retracted, m.edited_ts, "
                       "snippet(messages_fts, 0, char(2), char(3), '…', 12) "
                       "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
                       "WHERE messages_fts MATCH ? AND messages_fts.rowid BETWEEN ? AND ? "
                       "AND +messages_fts.rowid IN (%1)")
            .arg(places.join(u", ")));
    QVariantList values{match, 0, 0};
    for (qint64 id : sorted)
        values.append(id);
    while (values.size() < limit + 3)
        values.append(QVariant(QMetaType::fromType<qint64>()));
    QHash<qint64, SearchHit> found;
    for (const auto &[from, to] : idRanges(sorted, 8, 16384)) {
        values[1] = from;
        values[2] = to;
        bind(q, values);
        if (exec(q, QStringLiteral("search"))) {
            while (q.next())
                found.insert(q.value(0).toLongLong(), {entryFromQuery(q), q.value(18).toString()});
        }
        q.finish();
    }
    for (qint64 id : ids) {
        if (found.contains(id))
            out.append(found.take(id));
    }
    return out;
}

MessageStore::AddResult MessageStore::enqueue(const ChatMessage &message, const QString &originId,
                                              const QByteArray &stanza)
{
    const AddResult added = add(message, originId);
    if (!added.rowId)
        return added;
    beginBatch();
    run(QStringLiteral("INSERT OR IGNORE INTO outbox (message, stanza) VALUES (?, ?)"),
        {added.rowId, stanza});
    flush(); // on disk before it goes on the wire
    return added;
}

QList<MessageStore::OutboxEntry> MessageStore::outbox() const
{
    QList<OutboxEntry> out;
    QSqlQuery &q =
        statement(QStringLiteral("SELECT m.id, m.peer, m.direction, m.kind, m.state, m.message_id, "
                                 "m.origin_id, m.stanza_id, m.sender, m.body, m.subject, m.thread, "
                                 "m.ts, m.error_condition, m.error_text, m.is_read, "
                                 "m.retracted, m.edited_ts, o.stanza, o.attempts "
                                 "FROM outbox o JOIN messages m ON m.id = o.message "
                                 "ORDER BY m.id"));
    if (!exec(q, QStringLiteral("outbox")))
        return out;
    while (q.next())
        out.append({entryFromQuery(q), q.value(18).toByteArray(), q.value(19).toInt()});
    q.finish();
    return out;
}

bool MessageStore::isQueued(const Jid &peer, const QString &messageId) const
{
    return scalar(QStringLiteral("SELECT 1 FROM outbox o JOIN messages m ON m.id = o.message "
                                 "WHERE m.peer = ? AND m.message_id = ? LIMIT 1"),
                  {peer.bareString(), messageId})
        .isValid();
}

void MessageStore::noteAttempt(const Jid &peer, const QString &messageId)
{
    beginBatch();
    run(QStringLiteral("UPDATE outbox SET attempts = attempts + 1 WHERE message IN "
                       "(SELECT id FROM messages WHERE peer = ? AND message_id = ?)"),
        {peer.bareString(), messageId});
}

void MessageStore::dequeue(const Jid &peer, const QString &messageId)
{
    beginBatch();
    run(QStringLiteral("DELETE FROM outbox WHERE message IN "
                       "(SELECT id FROM messages WHERE peer = ? AND message_id = ?)"),
        {peer.bareString(), messageId});
    setState(peer, messageId, ChatMessage::State::Sent);
}

void MessageStore::markFailed(const Jid &peer, const QString &messageId,
                              const QString &errorCondition, const QString &errorText)
{
    beginBatch();
    run(QStringLiteral("DELETE FROM outbox WHERE message IN "
                       "(SELECT id FROM messages WHERE peer = ? AND message_id = ?)"),
        {peer.bareString(), messageId});
    setState(peer, messageId, ChatMessage::State::Failed, errorCondition, errorText);
}

QString MessageStore::metaValue(const QString &key) const
{
    const auto pending = m_pendingMeta.constFind(key);
    if (pending != m_pendingMeta.cend())
        return *pending;
    return scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key}).toString();
}

void MessageStore::setMetaValue(const QString &key, const QString &value)
{
    beginBatch();
    // Written when the batch commits: a value set for each message of a burst (the archive
    // position) is written once.
    m_pendingMeta.insert(key, value);
    if (!m_inBatch)
        writePendingMeta();
}

void MessageStore::writePendingMeta()
{
    const QHash<QString, QString> pending = std::exchange(m_pendingMeta, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        if (it.value().isEmpty())
            run(QStringLiteral("DELETE FROM meta WHERE key = ?"), {it.key()});
        else
            run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                {it.key(), it.value()});
    }
}

QString MessageStore::newestStanzaId() const
{
    return scalar(QStringLiteral("SELECT stanza_id FROM messages WHERE stanza_id IS NOT NULL "
                                 "ORDER BY ts DESC, id DESC LIMIT 1"),
                  {})
        .toString();
}

QString MessageStore::oldestStanzaId(const Jid &peer) const
{
    return scalar(QStringLiteral("SELECT stanza_id FROM messages WHERE peer = ? AND stanza_id IS "
                                 "NOT NULL ORDER BY ts ASC, id ASC LIMIT 1"),
                  {peer.bareString()})
        .toString();
}

} // namespace natter
