// SPDX-License-Identifier: GPL-3.0-or-later
// HistorySync against the real Prosody (mod_mam, RSM paging): an account catches up on 1,000
// messages that arrived while it was offline, over many RSM pages, and each ends up in its
// MessageStore exactly once, in order, with our archive's stanza-id; then it pages back on demand
// (HistorySync::loadOlder) through the part of the archive older than what the store holds; and a
// chat of the app's Session scrolls back the same way (ChatService::loadOlder).
//
// Each test case uses two accounts of its own (TestServer::registerFreshUser), so the archive
// holds exactly what the test put there. The device that catches up never sends presence while
// another resource of the account (a "phone") is online and gets the messages live: the archive is
// the device's only way in. (Prosody writes each message to SQLite with an fsync: with the phone
// online it writes one archive row per message instead of that plus an offline-storage row, and the
// sender keeps no archive of its own; that makes the 1,120 messages take about 25 s, not 80 s.)
#include "SessionClient.h"
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/MamExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/PresenceExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "services/HistorySync.h"
#include "storage/MessageStore.h"
#include "xml/Namespaces.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 20000;

struct Client
{
    Account account;
    StandardExtensions ext;

    explicit Client(const ConnectionSettings &settings)
    {
        account.setSettings(settings);
        ext = StandardExtensions::install(&account);
    }

    ~Client() { logout(); }

    bool login()
    {
        account.connectToServer();
        return QTest::qWaitFor([&] { return account.isOnline(); }, Timeout);
    }

    bool logout()
    {
        if (account.state() == Account::State::Offline)
            return true;
        account.disconnectFromServer();
        return QTest::qWaitFor([&] { return account.state() == Account::State::Offline; }, Timeout);
    }

    // Our archive keeps nothing from now on (XEP-0313 preferences: default never).
    bool stopArchiving()
    {
        XmlElement prefs(ns::Mam, u"prefs"_s);
        prefs.setAttribute(u"default"_s, u"never"_s);
        bool done = false;
        bool ok = false;
        QObject context; // the answer is dropped if it comes after we stopped waiting
        account.request(Iq(Iq::Type::Set, prefs), &context, [&](const IqResult &result) {
            ok = result.ok();
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, Timeout) && ok;
    }

    // Our server has handled everything we sent before (it answers a session's stanzas in order;
    // archiving is done by the time it answers the ping).
    bool serverCaughtUp()
    {
        bool done = false;
        bool ok = false;
        QObject context; // the answer is dropped if it comes after we stopped waiting
        ext.ping->ping(account.jid().domain(), &context, [&](bool pong, qint64, const QString &) {
            ok = pong;
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, 60000) && ok;
    }
};

// "<word> old 0007": numbered so that sorting by text is sorting by number.
QStringList numbered(const QString &word, const QString &what, int count)
{
    QStringList out;
    for (int i = 0; i < count; ++i)
        out.append(u"%1 %2 %3"_s.arg(word, what).arg(i, 4, 10, QLatin1Char('0')));
    return out;
}

QStringList bodiesOf(const QList<MessageStore::Entry> &entries)
{
    QStringList out;
    for (const MessageStore::Entry &e : entries)
        out.append(e.message.body);
    return out;
}

} // namespace

class tst_MamPaging : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    // The sender sends every text to `to`, then waits until the server has archived them. In
    // batches: a server busy with a flood for longer than the XEP-0198 ack timeout (30 s) would
    // look dead.
    static bool sendAll(Client &sender, const Jid &to, const QStringList &texts)
    {
        for (qsizetype i = 0; i < texts.size(); ++i) {
            if (!sender.ext.messages->sendChat(to, texts.at(i)))
                return false;
            if ((i + 1) % 100 == 0 && !sender.serverCaughtUp())
                return false;
        }
        return sender.serverCaughtUp();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
        // The phone would log each of the 1,250 receipt requests it leaves unanswered.
        QLoggingCategory::setFilterRules(u"natter.receipts.info=false"_s);
    }

    void catchesUpOnAThousandMessagesAndPagesBack()
    {
        const QString me = m_server.registerFreshUser(u"pager"_s);
        const QString them = m_server.registerFreshUser(u"sender"_s);
        QVERIFY(!me.isEmpty() && !them.isEmpty());
        const Jid peer = Jid::fromString(m_server.jid(them));
        const QString word = u"w"_s + me;
        const QStringList older = numbered(word, u"old"_s, 120);
        const QStringList newer = numbered(word, u"new"_s, 1000);

        // Declared before the clients: their signals may still come while those log out.
        QStringList queries;
        QHash<QString, int> perQuery;

        Client sender(m_server.settings(them, u"sender"_s));
        QVERIFY(sender.login());
        QVERIFY(sender.stopArchiving());
        Client phone(m_server.settings(me, u"phone"_s));
        QVERIFY(phone.login());
        QTRY_VERIFY_WITH_TIMEOUT(phone.ext.presence->isAvailable(), Timeout);
        const Jid myJid = Jid::fromString(m_server.jid(me));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(sendAll(sender, myJid, older));
        qInfo("sent %d messages in %lld ms", int(older.size()), timer.elapsed());

        // A new device: its first sync fetches only the newest 20 of the archive.
        QTemporaryDir dir;
        MessageStore store;
        QVERIFY(store.open(dir.filePath(u"messages.sqlite"_s)));
        Client client(m_server.settings(me, u"desk"_s));
        client.ext.presence->setAutoAvailable(false);
        HistorySync history(&client.account, client.ext.mam, client.ext.carbons, &store);
        history.setInitialLimit(20);
        history.setPageSize(100);
        QSignalSpy synced(&history, &HistorySync::synced);
        QSignalSpy failed(&history, &HistorySync::failed);
        // Every archive result our client accepts, by query: one query per RSM page.
        connect(client.ext.mam, &MamExtension::resultReceived, &client.account,
                [&](const QString &queryId, const MamExtension::ArchivedMessage &) {
                    if (!perQuery.contains(queryId))
                        queries.append(queryId);
                    ++perQuery[queryId];
                });

        QVERIFY(client.login());
        QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, Timeout);
        QCOMPARE(synced.first().first().toInt(), 20);
        QCOMPARE(bodiesOf(store.latest(peer, 5000)), older.mid(100));
        QVERIFY(client.logout());

        // 1,000 more while this device is away.
        timer.restart();
        QVERIFY(sendAll(sender, myJid, newer));
        qInfo("sent %d messages in %lld ms", int(newer.size()), timer.elapsed());

        queries.clear();
        perQuery.clear();
        timer.restart();
        QVERIFY(client.login());
        QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 2, 60000);
        const qint64 catchUpMs = timer.elapsed();
        QVERIFY2(failed.isEmpty(),
                 qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QCOMPARE(synced.last().first().toInt(), 1000);

        // Pages: as large as the server allows (at most what we asked for), all full but the last.
        QList<int> pageSizes;
        for (const QString &q : std::as_const(queries))
            pageSizes.append(perQuery.value(q));
        qInfo() << "caught up on 1000 messages in" << catchUpMs << "ms, pages:" << pageSizes;
        QVERIFY(pageSizes.size() >= 2);
        const int pageSize = pageSizes.first();
        QVERIFY2(pageSize > 0 && pageSize <= 100, qPrintable(QString::number(pageSize)));
        QCOMPARE(pageSizes.size(), (1000 + pageSize - 1) / pageSize);
        for (qsizetype i = 0; i + 1 < pageSizes.size(); ++i)
            QCOMPARE(pageSizes.at(i), pageSize);
        QCOMPARE(pageSizes.last(), 1000 - pageSize * int(pageSizes.size() - 1));

        // Each once, in order, with its stanza-id; the new ones unread.
        const QList<MessageStore::Entry> all = store.latest(peer, 5000);
        QCOMPARE(bodiesOf(all), older.mid(100) + newer);
        QSet<QString> stanzaIds;
        for (const MessageStore::Entry &e : all) {
            QVERIFY(!e.stanzaId.isEmpty());
            stanzaIds.insert(e.stanzaId);
            QCOMPARE(e.message.direction, ChatMessage::Direction::Incoming);
            QCOMPARE(e.message.from.bare(), peer);
        }
        QCOMPARE(stanzaIds.size(), all.size());
        QCOMPARE(store.count(peer), qint64(1020));
        QCOMPARE(store.unreadCount(peer), 1000);
        QCOMPARE(history.position(), all.last().stanzaId);

        // Syncing again finds nothing new.
        history.sync();
        QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 3, Timeout);
        QCOMPARE(synced.last().first().toInt(), 0);
        QCOMPARE(store.count(peer), qint64(1020));

        // Scrolling back from the oldest stored message: the store has nothing older, so each
        // request goes to the archive, until its start.
        queries.clear();
        perQuery.clear();
        QStringList scrolled;
        MessageStore::Key key = MessageStore::keyOf(all.first());
        bool atStart = false;
        int requests = 0;
        while (!atStart && requests < 10) {
            ++requests;
            bool done = false;
            QList<MessageStore::Entry> page;
            QObject context; // gone (with the callback) before what it writes to
            history.loadOlder(peer, key, 60, &context,
                              [&](const QList<MessageStore::Entry> &entries, bool start) {
                                  page = entries;
                                  atStart = start;
                                  done = true;
                              });
            QTRY_VERIFY_WITH_TIMEOUT(done, Timeout);
            qInfo() << "scrolled back" << page.size() << "messages, at the start:" << atStart;
            if (page.isEmpty())
                break;
            scrolled = bodiesOf(page) + scrolled;
            key = MessageStore::keyOf(page.first());
        }
        QVERIFY(atStart);
        QVERIFY2(requests >= 2, "100 older messages came in one request of 60");
        QVERIFY(!queries.isEmpty()); // they came from the archive
        QCOMPARE(scrolled, older.mid(0, 100));

        const QList<MessageStore::Entry> whole = store.latest(peer, 5000);
        QCOMPARE(bodiesOf(whole), older + newer);
        stanzaIds.clear();
        for (const MessageStore::Entry &e : whole)
            stanzaIds.insert(e.stanzaId);
        QVERIFY(!stanzaIds.contains(QString()));
        QCOMPARE(stanzaIds.size(), whole.size());
        QCOMPARE(store.unreadCount(peer), 1000); // older history comes in as read
    }

    // The same at the app's level: a chat opened on a device that holds only the newest part of
    // the conversation scrolls back (ChatService::loadOlder) through the archive to its start,
    // showing each message once, in order.
    void chatScrollsBackThroughTheArchive()
    {
        const QString me = m_server.registerFreshUser(u"scroller"_s);
        const QString them = m_server.registerFreshUser(u"writer"_s);
        QVERIFY(!me.isEmpty() && !them.isEmpty());
        const Jid peer = Jid::fromString(m_server.jid(them));
        const QString word = u"w"_s + me;
        const QStringList texts = numbered(word, u"msg"_s, 130);

        Client sender(m_server.settings(them, u"sender"_s));
        QVERIFY(sender.login());
        QVERIFY(sender.stopArchiving());
        Client phone(m_server.settings(me, u"phone"_s));
        QVERIFY(phone.login());
        QTRY_VERIFY_WITH_TIMEOUT(phone.ext.presence->isAvailable(), Timeout);
        QVERIFY(sendAll(sender, Jid::fromString(m_server.jid(me)), texts));

        SessionClient desk(m_server.settings(me, u"desk"_s));
        desk.session().history()->setInitialLimit(30);
        QVERIFY(desk.login());
        ChatService *chats = desk.session().chats();
        ConversationModel *view = chats->conversation(peer);
        const auto shown = [&] {
            QStringList out;
            for (const ChatMessage &m : view->messages())
                out.append(m.body);
            return out;
        };
        QCOMPARE(shown(), texts.mid(100));
        QVERIFY(!chats->isAtStart(peer));

        int requests = 0;
        while (!chats->isAtStart(peer) && requests < 10) {
            ++requests;
            chats->loadOlder(peer);
            QTRY_VERIFY_WITH_TIMEOUT(!chats->isLoadingOlder(peer), Timeout);
            qInfo() << "the chat shows" << view->rowCount()
                    << "messages, at the start:" << chats->isAtStart(peer);
        }
        QVERIFY(chats->isAtStart(peer));
        QCOMPARE(shown(), texts);
        QCOMPARE(desk.session().messageStore()->count(peer), qint64(texts.size()));
        QCOMPARE(desk.messagesWith(word).size(), 2 * texts.size()); // stored once, shown once
    }
};

QTEST_GUILESS_MAIN(tst_MamPaging)
#include "itst_mam_paging.moc"
