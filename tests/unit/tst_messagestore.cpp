// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/MessageStore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const Jid Juliet = Jid::fromString(u"juliet@capulet.lit");
const Jid Romeo = Jid::fromString(u"romeo@montague.lit/orchard");

ChatMessage incoming(const QString &id, const QString &body, qint64 secs)
{
    ChatMessage m;
    m.id = id;
    m.peer = Juliet;
    m.from = Juliet.withResource(u"balcony");
    m.direction = ChatMessage::Direction::Incoming;
    m.state = ChatMessage::State::Received;
    m.body = body;
    m.timestamp = QDateTime::fromSecsSinceEpoch(1'700'000'000 + secs, Qt::UTC);
    return m;
}

ChatMessage outgoing(const QString &id, const QString &body, qint64 secs)
{
    ChatMessage m = incoming(id, body, secs);
    m.from = Romeo;
    m.direction = ChatMessage::Direction::Outgoing;
    m.state = ChatMessage::State::Pending;
    return m;
}

// The messages in the file as another connection sees them: only what is committed.
// The first column of the first row of sql, as another connection sees the file (what is
// committed); invalid when there is no row.
QVariant committedValue(const QString &file, const QString &sql)
{
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"observer"_s);
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"observer"_s);
    return value;
}

int committedMessages(const QString &file)
{
    const QVariant count = committedValue(file, u"SELECT count(*) FROM messages"_s);
    return count.isValid() ? count.toInt() : -1;
}

// FTS5's own check of the full-text index against the messages table (rank 1: with the content).
bool indexMatchesMessages(const QString &file)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fts-check"_s);
        db.setDatabaseName(file);
        QSqlQuery q(db);
        ok = db.open() && q.exec(u"INSERT INTO messages_fts (messages_fts, rank) "
                                 "VALUES ('integrity-check', 1)"_s);
        if (!ok)
            qWarning() << q.lastError().text();
    }
    QSqlDatabase::removeDatabase(u"fts-check"_s);
    return ok;
}

QStringList bodies(const QList<MessageStore::Entry> &entries)
{
    QStringList out;
    for (const auto &e : entries)
        out.append(e.message.body);
    return out;
}

} // namespace

class tst_MessageStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void opensAndCreatesTheSchema()
    {
        MessageStore store;
        QString error;
        QVERIFY2(store.open(path(u"a/b/store.db"_s), &error), qPrintable(error));
        QVERIFY(store.isOpen());
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(path(u"a/b/store.db"_s));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA user_version"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), MessageStore::SchemaVersion);
        QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_s);
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"check"_s);
    }

    void refusesASchemaFromTheFuture()
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"future"_s);
            db.setDatabaseName(path(u"future.db"_s));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA user_version = 99"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"future"_s);
        MessageStore store;
        QString error;
        QVERIFY(!store.open(path(u"future.db"_s), &error));
        QVERIFY(error.contains(u"99"));
    }

    void everyMigrationStepApplies()
    {
        // From an empty database through each step in turn, as an older Natter would have left it.
        for (int from = 0; from < MessageStore::SchemaVersion; ++from)
            QVERIFY(!MessageStore::migration(from).isEmpty());
        QVERIFY(MessageStore::migration(MessageStore::SchemaVersion).isEmpty());
    }

    void upgradesAVersionOneStoreKeepingItsMessages()
    {
        // A store as Natter with schema 1 left it: one message and one queued in the outbox.
        const QString file = path(u"v1.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const QString &statement : MessageStore::migration(0))
                QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
            QVERIFY(q.exec(u"INSERT INTO messages (peer, direction, kind, state, message_id, "
                           "origin_id, stanza_id, body, ts) VALUES ('juliet@capulet.lit', 0, 0, "
                           "3, 'old1', 'o1', 'archive-1', 'wherefore art thou', 1000)"_s));
            QVERIFY(q.exec(u"PRAGMA user_version = 1"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v1"_s);

        MessageStore store;
        QString error;
        QVERIFY2(store.open(file, &error), qPrintable(error));
        QCOMPARE(bodies(store.latest(Juliet, 10)), QStringList{u"wherefore art thou"_s});
        QCOMPARE(store.newestStanzaId(), u"archive-1"_s);
        QCOMPARE(store.search(u"wherefore"_s).size(), 1);
        QVERIFY(store.metaValue(u"mam.position"_s).isEmpty());
        store.setMetaValue(u"mam.position"_s, u"archive-1"_s);
        store.flush();
        store.close();
        QVERIFY(store.open(file));
        QCOMPARE(store.metaValue(u"mam.position"_s), u"archive-1"_s);
        store.setMetaValue(u"mam.position"_s, QString());
        QVERIFY(store.metaValue(u"mam.position"_s).isEmpty());
    }

    void upgradesAVersionTwoStoreWithItsBlocksOfRowIds()
    {
        // Schema 3 adds message_blocks (the newest timestamp per 1,024 row ids), which search()
        // relies on; the upgrade fills it from the messages already stored.
        const QString file = path(u"v2.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v2"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (int from = 0; from < 2; ++from) {
                for (const QString &statement : MessageStore::migration(from))
                    QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
            }
            QVERIFY(q.exec(u"INSERT INTO messages (id, peer, direction, kind, state, message_id, "
                           "body, ts) VALUES (2000, 'juliet@capulet.lit', 0, 0, 4, 'old2', "
                           "'parting is such sweet sorrow', 2000000)"_s));
            QVERIFY(q.exec(u"INSERT INTO messages (id, peer, direction, kind, state, message_id, "
                           "body, ts) VALUES (2001, 'juliet@capulet.lit', 0, 0, 4, 'old3', "
                           "'sorrow again', 1000000)"_s));
            QVERIFY(q.exec(u"PRAGMA user_version = 2"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v2"_s);

        MessageStore store;
        QString error;
        QVERIFY2(store.open(file, &error), qPrintable(error));
        QCOMPARE(store.search(u"sorrow"_s).size(), 2);
        QCOMPARE(store.search(u"sorrow"_s).first().entry.message.id, u"old2"_s);
        store.add(incoming(u"new"_s, u"sorrow anew"_s, 5)); // row 2002, block 1 too
        store.flush();
        store.close();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v2check"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT block, newest FROM message_blocks"_s));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toLongLong(), 1);                 // 2000 >> 10
            QCOMPARE(q.value(1).toLongLong(), 1'700'000'005'000); // the newest of 2000-2002
            QVERIFY(!q.next());
            QVERIFY(q.exec(u"PRAGMA user_version"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), MessageStore::SchemaVersion);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v2check"_s);
    }

    void upgradesAVersionThreeStoreWithCorrectionsAndRetractions()
    {
        // Schema 4 links corrections (XEP-0308) to their originals and marks retractions
        // (XEP-0424). A store as schema 3 left it: two messages, one of them queued.
        const QString file = path(u"v3.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v3"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (int from = 0; from < 3; ++from) {
                for (const QString &statement : MessageStore::migration(from))
                    QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
            }
            QVERIFY(q.exec(u"INSERT INTO messages (id, peer, direction, kind, state, message_id, "
                           "origin_id, sender, body, ts) VALUES (1, 'juliet@capulet.lit', 0, 0, "
                           "4, 'j1', 'o-j1', 'juliet@capulet.lit/balcony', 'Helo', 1000)"_s));
            QVERIFY(q.exec(u"INSERT INTO messages (id, peer, direction, kind, state, message_id, "
                           "origin_id, sender, body, ts, is_read) VALUES (2, "
                           "'juliet@capulet.lit', 1, 0, 0, 'r1', 'r1', "
                           "'romeo@montague.lit/orchard', 'Queued secret', 2000, 1)"_s));
            QVERIFY(q.exec(u"INSERT INTO outbox (message, stanza) VALUES (2, '<message/>')"_s));
            QVERIFY(q.exec(u"PRAGMA user_version = 3"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v3"_s);

        MessageStore store;
        QString error;
        QVERIFY2(store.open(file, &error), qPrintable(error));
        // What was there is read as before: not edited, not retracted.
        QList<MessageStore::Entry> entries = store.latest(Juliet, 10);
        QCOMPARE(bodies(entries), (QStringList{u"Helo"_s, u"Queued secret"_s}));
        QVERIFY(!entries.at(0).message.isEdited() && !entries.at(0).message.editedAt.isValid());
        QVERIFY(!entries.at(0).message.retracted);
        QCOMPARE(entries.at(0).message.originId, u"o-j1"_s);
        QCOMPARE(store.outbox().size(), 1);

        // A correction: the current text in the message (and the index), the old one kept.
        const QDateTime at = QDateTime::fromSecsSinceEpoch(3, Qt::UTC);
        QVERIFY(store.addCorrection(1, u"fix-1"_s, u"Hello"_s, at));
        QVERIFY(!store.addCorrection(1, u"fix-1"_s, u"Hello"_s, at));             // a copy
        QVERIFY(!store.addCorrection(1, u"fix-0"_s, u"older"_s, at.addSecs(-1))); // out of date
        auto juliet = store.find(Juliet, ChatMessage::Direction::Incoming, u"j1"_s);
        QVERIFY(juliet);
        QCOMPARE(juliet->message.body, u"Hello"_s);
        QCOMPARE(juliet->message.editedAt, at);
        QCOMPARE(store.previousBodies(1), QStringList{u"Helo"_s});
        QCOMPARE(store.search(u"Hello"_s).size(), 1);
        QVERIFY(store.search(u"Helo"_s).isEmpty());
        // Whose message it is counts: no outgoing j1, no incoming r1.
        QVERIFY(!store.find(Juliet, ChatMessage::Direction::Outgoing, u"j1"_s));
        QVERIFY(!store.findByOriginId(Juliet, ChatMessage::Direction::Incoming, u"r1"_s));

        // A retraction: the text goes (from the index too), also the earlier texts.
        const auto ours = store.findByOriginId(Juliet, ChatMessage::Direction::Outgoing, u"r1"_s);
        QVERIFY(ours);
        QVERIFY(store.retract(ours->rowId));
        QVERIFY(!store.retract(ours->rowId));
        QVERIFY(store.retract(1));
        QVERIFY(store.previousBodies(1).isEmpty());
        QVERIFY(!store.addCorrection(1, u"fix-2"_s, u"Back again"_s, at.addSecs(5)));
        store.flush();
        store.close();
        QVERIFY(store.open(file));
        entries = store.latest(Juliet, 10);
        QVERIFY(entries.at(0).message.retracted && entries.at(1).message.retracted);
        QCOMPARE(bodies(entries), (QStringList{QString(), QString()}));
        QVERIFY(store.search(u"secret"_s).isEmpty());
    }

    void ticksOnlyMoveForward()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"ticks.db"_s)));
        const QList<ChatMessage> ours{outgoing(u"a"_s, u"a"_s, 1), outgoing(u"b"_s, u"b"_s, 2),
                                      outgoing(u"c"_s, u"c"_s, 3), outgoing(u"d"_s, u"d"_s, 4)};
        for (const ChatMessage &m : ours)
            store.enqueue(m, m.id, QByteArray("<message/>"));
        store.dequeue(Juliet, u"a"_s);
        store.markFailed(Juliet, u"b"_s, u"service-unavailable"_s, u"gone"_s);
        const auto state = [&](const QString &id) {
            return store.find(Juliet, ChatMessage::Direction::Outgoing, id)->message.state;
        };
        // A receipt for c: delivered, out of the outbox.
        QVERIFY(store.advanceState(Juliet, u"c"_s, ChatMessage::State::Delivered));
        QVERIFY(!store.isQueued(Juliet, u"c"_s));
        QVERIFY(!store.advanceState(Juliet, u"c"_s, ChatMessage::State::Sent));
        QCOMPARE(state(u"c"_s), ChatMessage::State::Delivered);
        // A marker for d: d read, and the earlier ones that went out; not the failed one.
        const auto d = store.find(Juliet, ChatMessage::Direction::Outgoing, u"d"_s);
        QVERIFY(store.advanceState(Juliet, u"d"_s, ChatMessage::State::Read));
        QCOMPARE(store.markReadUpTo(Juliet, d->rowId), 2);
        QCOMPARE(state(u"a"_s), ChatMessage::State::Read);
        QCOMPARE(state(u"b"_s), ChatMessage::State::Failed);
        QCOMPARE(state(u"c"_s), ChatMessage::State::Read);
        QVERIFY(!store.advanceState(Juliet, u"c"_s, ChatMessage::State::Delivered));
        QCOMPARE(store.outbox().size(), 0);
    }

    void latestAndPagesBackByKey()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"paging.db"_s)));
        for (int i = 0; i < 10; ++i)
            store.add(incoming(u"m%1"_s.arg(i), u"message %1"_s.arg(i), i));
        // Two messages with the same second: the row id decides.
        store.add(incoming(u"same1"_s, u"same a"_s, 20));
        store.add(incoming(u"same2"_s, u"same b"_s, 20));
        store.flush();

        const auto last3 = store.latest(Juliet, 3);
        QCOMPARE(bodies(last3), (QStringList{u"message 9"_s, u"same a"_s, u"same b"_s}));
        const auto page = store.before(Juliet, MessageStore::keyOf(last3.first()), 4);
        QCOMPARE(bodies(page),
                 (QStringList{u"message 5"_s, u"message 6"_s, u"message 7"_s, u"message 8"_s}));
        const auto split = store.before(Juliet, MessageStore::keyOf(last3.last()), 1);
        QCOMPARE(bodies(split), QStringList{u"same a"_s});
        QCOMPARE(store.count(Juliet), 12);
        QCOMPARE(store.latest(Romeo.bare(), 5).size(), 0);
    }

    void pagingBackVisitsEveryMessageOnceAcrossEqualTimestamps()
    {
        // 300 messages, three to a second, paged back seven at a time: page ends fall inside
        // runs of equal timestamps, where the row id decides (before() compares (ts, id)).
        MessageStore store;
        QVERIFY(store.open(path(u"ties.db"_s)));
        QStringList all;
        for (int i = 0; i < 300; ++i) {
            all.append(u"tie %1"_s.arg(i));
            store.add(incoming(u"t%1"_s.arg(i), all.last(), i / 3));
        }
        store.flush();
        auto page = store.latest(Juliet, 7);
        QStringList seen = bodies(page);
        while (!page.isEmpty()) {
            page = store.before(Juliet, MessageStore::keyOf(page.first()), 7);
            seen = bodies(page) + seen;
        }
        QCOMPARE(seen, all);
    }

    void pagingForwardVisitsEveryMessageOnceAcrossEqualTimestamps()
    {
        // after() mirrors before(): from the start, seven at a time, through runs of equal
        // timestamps, every message once and in order; another conversation's never.
        MessageStore store;
        QVERIFY(store.open(path(u"forward.db"_s)));
        QStringList all;
        for (int i = 0; i < 300; ++i) {
            all.append(u"tie %1"_s.arg(i));
            store.add(incoming(u"t%1"_s.arg(i), all.last(), i / 3));
            ChatMessage other = incoming(u"o%1"_s.arg(i), u"other %1"_s.arg(i), i / 3);
            other.peer = Romeo.bare();
            store.add(other);
        }
        store.flush();
        QList<MessageStore::Entry> page = store.before(Juliet, {0, 0}, 7);
        QVERIFY(page.isEmpty()); // nothing before the beginning of time
        MessageStore::Key key{0, 0};
        QStringList seen;
        do {
            page = store.after(Juliet, key, 7);
            seen += bodies(page);
            if (!page.isEmpty())
                key = MessageStore::keyOf(page.last());
        } while (page.size() == 7);
        QCOMPARE(seen, all);
        // From a key in the middle of a run of one second: what follows it, oldest first.
        const auto middle = store.latest(Juliet, 300).at(151); // "tie 151", second 50
        QCOMPARE(bodies(store.after(Juliet, MessageStore::keyOf(middle), 3)),
                 (QStringList{u"tie 152"_s, u"tie 153"_s, u"tie 154"_s}));
        QCOMPARE(bodies(store.before(Juliet, MessageStore::keyOf(middle), 2)),
                 (QStringList{u"tie 149"_s, u"tie 150"_s}));
        QVERIFY(
            store.after(Juliet, MessageStore::keyOf(store.latest(Juliet, 1).first()), 5).isEmpty());
    }

    void entryByRow()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"entry.db"_s)));
        const auto a = store.add(incoming(u"a"_s, u"first"_s, 1), u"origin-a"_s);
        const auto b = store.add(outgoing(u"b"_s, u"second"_s, 2));
        store.flush();
        const auto found = store.entry(b.rowId);
        QVERIFY(found);
        QCOMPARE(found->rowId, b.rowId);
        QCOMPARE(found->message.body, u"second"_s);
        QVERIFY(found->message.isOutgoing());
        QCOMPARE(store.entry(a.rowId)->originId, u"origin-a"_s);
        QVERIFY(!store.entry(b.rowId + 100));
        // Its key pages on from it in both directions.
        QCOMPARE(bodies(store.before(Juliet, MessageStore::keyOf(*found), 5)),
                 QStringList{u"first"_s});
        QVERIFY(store.after(Juliet, MessageStore::keyOf(*found), 5).isEmpty());
    }

    void duplicatesByOriginIdOrStanzaIdAreStoredOnce()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"dedupe.db"_s)));
        const auto first = store.add(incoming(u"x"_s, u"hello"_s, 1), u"origin-1"_s);
        QVERIFY(!first.duplicate);
        const auto again = store.add(incoming(u"x2"_s, u"hello"_s, 2), u"origin-1"_s, u"sid-9"_s);
        QVERIFY(again.duplicate);
        QCOMPARE(again.rowId, first.rowId);
        // The archive's stanza-id was learnt from the duplicate; the archive copy is one too.
        const auto archived = store.add(incoming(u"x3"_s, u"hello"_s, 3), {}, u"sid-9"_s);
        QVERIFY(archived.duplicate);
        QCOMPARE(store.count(Juliet), 1);
        QVERIFY(store.findByOriginId(Juliet, ChatMessage::Direction::Incoming, u"origin-1"_s));
        QVERIFY(store.containsStanzaId(u"sid-9"_s));
        // Same origin-id in the other direction is another message.
        QVERIFY(!store.add(outgoing(u"y"_s, u"hi"_s, 4), u"origin-1"_s).duplicate);
    }

    void outboxHoldsMessagesUntilAcknowledged()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"outbox.db"_s)));
        store.enqueue(outgoing(u"o1"_s, u"first"_s, 1), u"o1"_s, "<message id='o1'/>");
        store.enqueue(outgoing(u"o2"_s, u"second"_s, 2), u"o2"_s, "<message id='o2'/>");
        QCOMPARE(store.outbox().size(), 2);
        QVERIFY(store.isQueued(Juliet, u"o1"_s));
        store.noteAttempt(Juliet, u"o1"_s);
        store.dequeue(Juliet, u"o1"_s);
        store.flush();
        const auto left = store.outbox();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().stanza, QByteArray("<message id='o2'/>"));
        QCOMPARE(left.first().entry.message.body, u"second"_s);
        QCOMPARE(store.find(Juliet, u"o1"_s)->message.state, ChatMessage::State::Sent);
        QCOMPARE(store.find(Juliet, u"o2"_s)->message.state, ChatMessage::State::Pending);
    }

    void enqueuedMessageSurvivesKillMinus9()
    {
        const QString file = path(u"killed.db"_s);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            MessageStore store;
            if (!store.open(file))
                _exit(2);
            store.add(incoming(u"in"_s, u"batched, not yet committed"_s, 1));
            store.enqueue(outgoing(u"k1"_s, u"must survive"_s, 2), u"k1"_s, "<message id='k1'/>");
            raise(SIGKILL); // no destructor, no flush, no close
            _exit(3);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status));
        QCOMPARE(WTERMSIG(status), SIGKILL);

        MessageStore store;
        QVERIFY(store.open(file));
        const auto outbox = store.outbox();
        QCOMPARE(outbox.size(), 1);
        QCOMPARE(outbox.first().entry.message.body, u"must survive"_s);
        QCOMPARE(outbox.first().stanza, QByteArray("<message id='k1'/>"));
    }

    void unreadCountsAndMarkRead()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"unread.db"_s)));
        store.add(incoming(u"u1"_s, u"one"_s, 1));
        store.add(incoming(u"u2"_s, u"two"_s, 2));
        store.add(outgoing(u"u3"_s, u"mine"_s, 3)); // ours are never unread
        QCOMPARE(store.unreadCount(Juliet), 2);
        QCOMPARE(store.unreadCounts().value(Juliet), 2);
        store.markRead(Juliet);
        QCOMPARE(store.unreadCount(Juliet), 0);
        QVERIFY(store.unreadCounts().isEmpty());
    }

    void fullTextSearchFindsWordsAndIsSafeFromQuerySyntax()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"search.db"_s)));
        store.add(incoming(u"s1"_s, u"Meet me at the orchard wall"_s, 1));
        store.add(incoming(u"s2"_s, u"The orchard is closed"_s, 2));
        store.add(incoming(u"s3"_s, u"Nothing to see"_s, 3));
        store.flush();
        auto hits = store.search(u"orchard"_s);
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits.first().entry.message.body, u"The orchard is closed"_s); // newest first
        QVERIFY(hits.first().snippet.contains(u"\x02orchard\x03"_s));
        QCOMPARE(store.search(u"orchard wall"_s).size(), 1);
        // Query syntax is treated as text, never as an FTS5 expression.
        QCOMPARE(store.search(u"\"orchard OR see* NEAR("_s).size(), 0);
        QCOMPARE(store.search(u"   "_s).size(), 0);
    }

    void searchReturnsTheNewestOfManyMatchesFirst()
    {
        // search() reads matches newest first and stops early (see MessageStore::newestMatches):
        // old matches over several blocks of 1,024 rows, newer messages without the word, old
        // matches stored last (archive backfill: high row ids, old timestamps), a match dated in
        // the future stored first (lowest row id), and matches sharing a timestamp. The answer
        // must be what ranking every match by (timestamp, row) gives.
        MessageStore store;
        QVERIFY(store.open(path(u"many.db"_s)));
        struct Stored
        {
            qint64 secs;
            qint64 rowId;
        };
        QList<Stored> apples;
        QList<Stored> pies;
        int n = 0;
        const auto add = [&](const QString &body, qint64 secs) {
            const auto added = store.add(incoming(u"n%1"_s.arg(n++), body, secs));
            QVERIFY(added.rowId);
            if (body.contains(u"apple"))
                apples.append({secs, added.rowId});
            if (body.contains(u"pie"))
                pies.append({secs, added.rowId});
        };
        add(u"an apple from the future"_s, 1'000'000);
        for (int i = 0; i < 4'500; ++i)
            add(i % 5 ? u"an apple a day"_s : u"red apple pie"_s, 10 + i / 2);
        for (int i = 0; i < 4'000; ++i)
            add(u"nothing about fruit"_s, 5'000 + i);
        for (int i = 0; i < 40; ++i)
            add(u"a backfilled apple"_s, 1 + i);
        store.flush();

        const auto newestFirst = [](const Stored &a, const Stored &b) {
            return a.secs != b.secs ? a.secs > b.secs : a.rowId > b.rowId;
        };
        std::sort(apples.begin(), apples.end(), newestFirst);
        std::sort(pies.begin(), pies.end(), newestFirst);
        for (const int limit : {50, 10, 1, 5000}) {
            const auto hits = store.search(u"apple"_s, limit);
            QCOMPARE(hits.size(), std::min<qsizetype>(limit, apples.size()));
            for (int i = 0; i < hits.size(); ++i)
                QCOMPARE(hits.at(i).entry.rowId, apples.at(i).rowId);
            QVERIFY(hits.first().snippet.contains(u"\x02"
                                                  "apple\x03"_s));
        }
        // Two words, matched only by old messages (none in the newest blocks).
        const auto pieHits = store.search(u"pie apple"_s, 20);
        QCOMPARE(pieHits.size(), 20);
        for (int i = 0; i < pieHits.size(); ++i) {
            QCOMPARE(pieHits.at(i).entry.rowId, pies.at(i).rowId);
            QCOMPARE(pieHits.at(i).entry.message.body, u"red apple pie"_s);
        }
        QCOMPARE(store.search(u"apple"_s, 0).size(), 0);
        QCOMPARE(store.search(u"banana"_s).size(), 0);
    }

    void readsLeaveNoTransactionOpen()
    {
        // Statements are prepared once and kept: each read must end its read transaction, or
        // the WAL could never be checkpointed back into the database file.
        const QString file = path(u"readers.db"_s);
        MessageStore store;
        QVERIFY(store.open(file));
        store.add(incoming(u"r1"_s, u"first words"_s, 1), u"o-r1"_s, u"s-r1"_s);
        store.add(incoming(u"r2"_s, u"second words"_s, 2));
        store.enqueue(outgoing(u"r3"_s, u"queued words"_s, 3), u"r3"_s, "<message/>");
        store.setMetaValue(u"k"_s, u"v"_s);
        store.flush();
        const auto page = store.latest(Juliet, 2);
        QCOMPARE(page.size(), 2);
        QCOMPARE(store.before(Juliet, MessageStore::keyOf(page.first()), 5).size(), 1);
        QVERIFY(store.find(Juliet, u"r1"_s));
        QVERIFY(store.findByOriginId(Juliet, ChatMessage::Direction::Incoming, u"o-r1"_s));
        QVERIFY(store.containsStanzaId(u"s-r1"_s));
        QVERIFY(store.containsIncoming(Juliet, u"r2"_s, u"second words"_s));
        QCOMPARE(store.count(Juliet), 3);
        QCOMPARE(store.conversations().size(), 1);
        QCOMPARE(store.unreadCount(Juliet), 2);
        QCOMPARE(store.unreadCounts().size(), 1);
        QCOMPARE(store.search(u"words"_s).size(), 3);
        QCOMPARE(store.outbox().size(), 1);
        QVERIFY(store.isQueued(Juliet, u"r3"_s));
        QCOMPARE(store.metaValue(u"k"_s), u"v"_s);
        QCOMPARE(store.newestStanzaId(), u"s-r1"_s);
        QCOMPARE(store.oldestStanzaId(Juliet), u"s-r1"_s);
        // A duplicate goes through the refused insert and the look-ups.
        QVERIFY(store.add(incoming(u"r1"_s, u"first words"_s, 1), u"o-r1"_s).duplicate);
        store.flush();

        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"checkpoint"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), 0); // not blocked by a reader
            db.close();
        }
        QSqlDatabase::removeDatabase(u"checkpoint"_s);
        QCOMPARE(store.count(Juliet), 3); // and the store still works
    }

    void commitWithinJoinsTheTurnsMeanwhileInOneCommit()
    {
        // A server's burst arrives one message per turn of the event loop: commitWithin() lets
        // them share one commit, flush() still commits at once, committed() says when.
        const QString file = path(u"within.db"_s);
        MessageStore store;
        QVERIFY(store.open(file));
        QSignalSpy committed(&store, &MessageStore::committed);
        store.add(incoming(u"w1"_s, u"first"_s, 1));
        store.commitWithin(std::chrono::hours(1));
        QTest::qWait(30); // turns of the event loop go by
        store.add(incoming(u"w2"_s, u"second"_s, 2));
        store.commitWithin(std::chrono::hours(1));
        QTest::qWait(30);
        QVERIFY(store.hasPendingCommit());
        QCOMPARE(committed.size(), 0);
        QCOMPARE(committedMessages(file), 0);
        QCOMPARE(store.count(Juliet), 2); // the store itself reads its pending writes
        store.flush();
        QVERIFY(!store.hasPendingCommit());
        QCOMPARE(committed.size(), 1);
        QCOMPARE(committedMessages(file), 2);

        // Without it: at the end of the turn, as always.
        store.add(incoming(u"w3"_s, u"third"_s, 3));
        QCOMPARE(committedMessages(file), 2);
        QTRY_COMPARE(committed.size(), 2);
        QCOMPARE(committedMessages(file), 3);

        // The delay counts from the batch's first write, and a later call never extends it.
        store.add(incoming(u"w4"_s, u"fourth"_s, 4));
        store.commitWithin(std::chrono::milliseconds(50));
        store.add(incoming(u"w5"_s, u"fifth"_s, 5));
        store.commitWithin(std::chrono::hours(1));
        QTRY_COMPARE(committed.size(), 3);
        QCOMPARE(committedMessages(file), 5);
    }

    void indexHoldsTheMessagesOfTheOpenBatch()
    {
        // New rows enter the full-text index when their batch commits; a search, a correction,
        // a retraction or a deletion before that sees them all the same.
        const QString file = path(u"batch-index.db"_s);
        MessageStore store;
        QVERIFY(store.open(file));
        store.add(incoming(u"b0"_s, u"committed before"_s, 1));
        store.flush();
        const qint64 first = store.add(incoming(u"b1"_s, u"batch words one"_s, 2)).rowId;
        const qint64 second = store.add(incoming(u"b2"_s, u"batch words two"_s, 3)).rowId;
        QVERIFY(store.hasPendingCommit());
        QCOMPARE(store.search(u"batch"_s).size(), 2);
        // A row added after the search, then corrected and retracted in the same batch.
        const qint64 third = store.add(incoming(u"b3"_s, u"batch words three"_s, 4)).rowId;
        const qint64 fourth = store.add(incoming(u"b4"_s, u"batch words four"_s, 5)).rowId;
        QVERIFY(store.addCorrection(third, u"fix"_s, u"corrected text"_s,
                                    QDateTime::fromSecsSinceEpoch(1'700'000'010, Qt::UTC)));
        QVERIFY(store.retract(fourth));
        QCOMPARE(store.search(u"batch"_s).size(), 2);
        QCOMPARE(store.search(u"corrected"_s).size(), 1);
        QCOMPARE(store.search(u"three"_s).size(), 0);
        QCOMPARE(store.search(u"four"_s).size(), 0);
        store.add(outgoing(u"b5"_s, u"batch words five"_s, 6));
        store.flush();
        QCOMPARE(store.search(u"batch"_s).size(), 3);
        QVERIFY(first > 0 && second > first);
        store.close();
        QVERIFY(indexMatchesMessages(file));

        // A conversation cleared with rows of its batch not yet indexed leaves no trace.
        QVERIFY(store.open(file));
        store.add(incoming(u"b6"_s, u"batch words six"_s, 7));
        store.clear(Juliet);
        QCOMPARE(store.search(u"batch"_s).size(), 0);
        store.add(incoming(u"b7"_s, u"after the clear"_s, 8));
        store.close();
        QVERIFY(indexMatchesMessages(file));
        QVERIFY(store.open(file));
        QCOMPARE(store.search(u"clear"_s).size(), 1);
    }

    void metaValuesAreWrittenWithTheBatch()
    {
        const QString file = path(u"meta.db"_s);
        const QString query = u"SELECT value FROM meta WHERE key = 'k'"_s;
        MessageStore store;
        QVERIFY(store.open(file));
        store.add(incoming(u"m1"_s, u"with a position"_s, 1));
        store.setMetaValue(u"k"_s, u"first"_s);
        store.setMetaValue(u"k"_s, u"second"_s);
        QCOMPARE(store.metaValue(u"k"_s), u"second"_s);
        QVERIFY(!committedValue(file, query).isValid());
        store.flush();
        QCOMPARE(committedValue(file, query).toString(), u"second"_s);
        QCOMPARE(committedMessages(file), 1);
        store.setMetaValue(u"k"_s, QString());
        QVERIFY(store.metaValue(u"k"_s).isEmpty());
        store.flush();
        QVERIFY(!committedValue(file, query).isValid());
        store.close();
        QVERIFY(store.open(file));
        QVERIFY(store.metaValue(u"k"_s).isEmpty());
    }

    void clearRemovesAConversation()
    {
        MessageStore store;
        QVERIFY(store.open(path(u"clear.db"_s)));
        store.add(incoming(u"c1"_s, u"gone soon"_s, 1));
        store.enqueue(outgoing(u"c2"_s, u"queued"_s, 2), u"c2"_s, "<message/>");
        QCOMPARE(store.conversations(), QList<Jid>{Juliet});
        store.clear(Juliet);
        QCOMPARE(store.count(Juliet), 0);
        QCOMPARE(store.outbox().size(), 0);
        QCOMPARE(store.search(u"gone"_s).size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_MessageStore)
#include "tst_messagestore.moc"
