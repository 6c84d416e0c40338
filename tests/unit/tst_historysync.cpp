// SPDX-License-Identifier: GPL-3.0-or-later
// HistorySync over a fake transport with recorded MAM answers (XEP-0313 §4, XEP-0059): the first
// sync of an empty store, syncs after the newest stanza-id, duplicates, direction and peer,
// carbons, resumption, failures, and scrolling back (local first, then the archive).
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/CarbonsExtension.h"
#include "ext/MamExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "payloads/MamQuery.h"
#include "services/HistorySync.h"
#include "storage/MessageStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@capulet.lit/balcony");
const Jid Romeo = Jid::fromString(u"romeo@montague.lit");
const Jid Nurse = Jid::fromString(u"nurse@capulet.lit");

struct Message1
{
    QString id;   // archive id
    QString from; // full JID
    QString to;
    QString body;
    QString stamp = u"2010-07-10T23:08:25Z"_s;
    QString originId;
    QString messageId = u"m1"_s;
    QString type = u"chat"_s;
    QString extra; // more children of the archived message
};

struct Harness
{
    Harness()
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        carbons = new CarbonsExtension(account.get(), nullptr);
        mam = new MamExtension(account.get());
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        QVERIFY(dir.isValid());
        QVERIFY(store.open(dir.filePath(u"messages.sqlite"_s)));
        sync = std::make_unique<HistorySync>(account.get(), mam, carbons, &store);
        sync->setPageSize(2);
    }

    ~Harness() { sync.reset(); }

    void connect() { account->connectToServer(); }

    struct Query
    {
        QString iqId;
        MamQuery query;
    };
    // The last MAM query sent (fails the test when the last stanza is none).
    std::optional<Query> lastQuery() const
    {
        const XmlElement iq = transport->lastSent();
        const auto q = MamQuery::fromElement(iq.firstChild());
        if (!q)
            return std::nullopt;
        return Query{iq.attribute(u"id"), *q};
    }

    // Answers a query with these messages (archive order) and a <fin/>.
    void answer(const Query &q, const QList<Message1> &messages, bool complete)
    {
        for (const Message1 &m : messages) {
            const QString origin =
                m.originId.isEmpty()
                    ? QString()
                    : u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/>"_s.arg(m.originId);
            transport->inject(
                u"<message to='%1'><result xmlns='urn:xmpp:mam:2' queryid='%2' id='%3'>"
                u"<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' "
                u"stamp='%4'/><message xmlns='jabber:client' from='%5' to='%6' type='%7' "
                u"id='%8'><body>%9</body>%10%11</message></forwarded></result></message>"_s
                    .arg(OwnJid.toString(), q.query.queryId, m.id, m.stamp, m.from, m.to, m.type,
                         m.messageId, m.body)
                    .arg(origin, m.extra));
        }
        const QString first = messages.isEmpty() ? QString() : messages.first().id;
        const QString last = messages.isEmpty() ? QString() : messages.last().id;
        const QString set = messages.isEmpty()
                                ? u"<set xmlns='http://jabber.org/protocol/rsm'/>"_s
                                : u"<set xmlns='http://jabber.org/protocol/rsm'><first "
                                  u"index='0'>%1</first><last>%2</last></set>"_s.arg(first, last);
        transport->inject(
            u"<iq type='result' id='%1'><fin xmlns='urn:xmpp:mam:2'%2>%3</fin></iq>"_s.arg(
                q.iqId, complete ? u" complete='true'"_s : QString(), set));
    }

    QStringList bodies(const Jid &peer) const
    {
        QStringList out;
        for (const MessageStore::Entry &e : store.latest(peer, 1000))
            out.append(e.message.body);
        return out;
    }

    QTemporaryDir dir;
    MessageStore store;
    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    CarbonsExtension *carbons = nullptr;
    MamExtension *mam = nullptr;
    std::unique_ptr<HistorySync> sync;
};

Message1 fromRomeo(const QString &id, const QString &body, const QString &stamp)
{
    Message1 m;
    m.id = id;
    m.from = u"romeo@montague.lit/orchard"_s;
    m.to = OwnJid.toString();
    m.body = body;
    m.stamp = stamp;
    m.messageId = u"id-"_s + id;
    return m;
}

Message1 toRomeo(const QString &id, const QString &body, const QString &stamp)
{
    Message1 m;
    m.id = id;
    m.from = u"juliet@capulet.lit/phone"_s;
    m.to = Romeo.toString();
    m.body = body;
    m.stamp = stamp;
    m.messageId = u"id-"_s + id;
    m.originId = u"origin-"_s + id;
    return m;
}

// A stored message with an archive id, as an earlier sync left it.
void storeArchived(MessageStore &store, const QString &stanzaId, const QString &body,
                   const QDateTime &time)
{
    ChatMessage m;
    m.id = u"id-"_s + stanzaId;
    m.peer = Romeo;
    m.from = Jid::fromString(u"romeo@montague.lit/orchard"_s);
    m.body = body;
    m.timestamp = time;
    store.add(m, {}, stanzaId, true);
    store.flush();
}

} // namespace

class tst_HistorySync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstSyncFetchesOnlyTheLastMessages();
    void firstSyncStopsWhenTheArchiveIsComplete();
    void laterSyncContinuesFromItsPosition();
    void anInterruptedSyncContinuesWhereItsPagesEnded();
    void syncWaitsForOurInitialPresence();
    void directionPeerAndTimeComeFromTheArchive();
    void duplicatesAreNeverStoredTwice();
    void onlyChatAndNormalMessagesWithBodyAreStored();
    void resumptionDoesNotSync();
    void aFailedSyncIsTriedAgainAfterAResumption();
    void newLoginSyncsAgain();
    void failureIsReported();
    void unknownStanzaIdStartsOverFromTheEnd();
    void carbonsAreStored();
    void spoofedCarbonsAreNotStored();
    void loadOlderAnswersFromTheStoreFirst();
    void loadOlderAsksTheArchiveBeforeTheOldestStanzaId();
    void loadOlderOfflineAnswersWhatIsStored();
    void archivedCorrectionsApplyToTheirOriginals();
    void correctionsOfAnotherSidesMessagesAreIgnored();
    void archivedRetractionsApplyOnlyToTheSendersMessages();
    void carbonCorrectionsFromOurOtherDevicesApply();
};

void tst_HistorySync::firstSyncFetchesOnlyTheLastMessages()
{
    Harness h;
    h.sync->setInitialLimit(3);
    QSignalSpy synced(h.sync.get(), &HistorySync::synced);
    h.connect();
    auto q = h.lastQuery();
    QVERIFY(q);
    // XEP-0059 §2.5: an empty <before/> asks for the last page.
    QCOMPARE(q->query.resultSet->before, QString());
    QVERIFY(q->query.resultSet->before.has_value());
    QCOMPARE(q->query.resultSet->max, 2);
    QVERIFY(q->query.with.isNull());
    h.answer(*q,
             {fromRomeo(u"a3"_s, u"three"_s, u"2010-07-10T23:03:00Z"_s),
              fromRomeo(u"a4"_s, u"four"_s, u"2010-07-10T23:04:00Z"_s)},
             false);
    q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->before, u"a3"_s);
    QCOMPARE(q->query.resultSet->max, 1); // 3 in all
    h.answer(*q, {fromRomeo(u"a2"_s, u"two"_s, u"2010-07-10T23:02:00Z"_s)}, false);
    QCOMPARE(synced.size(), 1);
    QCOMPARE(synced.first().first().toInt(), 3);
    QCOMPARE(h.bodies(Romeo), (QStringList{u"two"_s, u"three"_s, u"four"_s}));
    QCOMPARE(h.store.newestStanzaId(), u"a4"_s);
    // The backfill is old news: not unread.
    QCOMPARE(h.store.unreadCount(Romeo), 0);
    QVERIFY(!h.sync->isSyncing());
}

void tst_HistorySync::firstSyncStopsWhenTheArchiveIsComplete()
{
    Harness h;
    QSignalSpy synced(h.sync.get(), &HistorySync::synced);
    h.connect();
    const auto q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->max, 2);
    h.transport->clearSent();
    h.answer(*q, {fromRomeo(u"a1"_s, u"only"_s, u"2010-07-10T23:01:00Z"_s)}, true);
    QCOMPARE(synced.size(), 1);
    QCOMPARE(synced.first().first().toInt(), 1);
    QVERIFY(h.transport->sent().isEmpty());

    // An empty archive: nothing stored, synced(0).
    Harness empty;
    QSignalSpy emptySynced(empty.sync.get(), &HistorySync::synced);
    empty.connect();
    empty.answer(*empty.lastQuery(), {}, true);
    QCOMPARE(emptySynced.size(), 1);
    QCOMPARE(emptySynced.first().first().toInt(), 0);
}

void tst_HistorySync::laterSyncContinuesFromItsPosition()
{
    Harness h;
    const QDateTime t0 = QDateTime(QDate(2010, 7, 10), QTime(22, 0), Qt::UTC);
    storeArchived(h.store, u"s0"_s, u"older"_s, t0.addSecs(-60));
    storeArchived(h.store, u"s1"_s, u"newest"_s, t0);
    // Where an earlier sync got to (stored in the same transaction as s1).
    h.store.setMetaValue(QString::fromLatin1(HistorySync::StartedKey), u"1"_s);
    h.store.setMetaValue(QString::fromLatin1(HistorySync::PositionKey), u"s1"_s);
    QSignalSpy synced(h.sync.get(), &HistorySync::synced);
    h.connect();
    auto q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->after, u"s1"_s);
    QVERIFY(!q->query.resultSet->before);
    h.answer(*q,
             {fromRomeo(u"s2"_s, u"two"_s, u"2010-07-10T23:02:00Z"_s),
              toRomeo(u"s3"_s, u"three"_s, u"2010-07-10T23:03:00Z"_s)},
             false);
    q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->after, u"s3"_s);
    h.answer(*q, {fromRomeo(u"s4"_s, u"four"_s, u"2010-07-10T23:04:00Z"_s)}, true);
    QCOMPARE(synced.size(), 1);
    QCOMPARE(synced.first().first().toInt(), 3);
    QCOMPARE(h.bodies(Romeo),
             (QStringList{u"older"_s, u"newest"_s, u"two"_s, u"three"_s, u"four"_s}));
    // What arrived while we were away is unread (our own message is not).
    QCOMPARE(h.store.unreadCount(Romeo), 2);
    QCOMPARE(h.store.newestStanzaId(), u"s4"_s);
}

void tst_HistorySync::directionPeerAndTimeComeFromTheArchive()
{
    Harness h;
    h.connect();
    const auto q = h.lastQuery();
    QVERIFY(q);
    h.answer(*q,
             {fromRomeo(u"a1"_s, u"in"_s, u"2010-07-10T23:01:00Z"_s),
              toRomeo(u"a2"_s, u"out"_s, u"2010-07-10T23:02:00.250Z"_s)},
             true);
    const QList<MessageStore::Entry> entries = h.store.latest(Romeo, 10);
    QCOMPARE(entries.size(), 2);
    const MessageStore::Entry &in = entries.at(0);
    QCOMPARE(in.message.direction, ChatMessage::Direction::Incoming);
    QCOMPARE(in.message.state, ChatMessage::State::Received);
    QCOMPARE(in.message.peer, Romeo);
    QCOMPARE(in.message.from, Jid::fromString(u"romeo@montague.lit/orchard"_s));
    QCOMPARE(in.message.id, u"id-a1"_s);
    QCOMPARE(in.stanzaId, u"a1"_s);
    QCOMPARE(in.message.timestamp, QDateTime(QDate(2010, 7, 10), QTime(23, 1), Qt::UTC));
    const MessageStore::Entry &out = entries.at(1);
    QCOMPARE(out.message.direction, ChatMessage::Direction::Outgoing);
    QCOMPARE(out.message.state, ChatMessage::State::Sent);
    QCOMPARE(out.message.peer, Romeo);
    QCOMPARE(out.message.from, Jid::fromString(u"juliet@capulet.lit/phone"_s));
    QCOMPARE(out.originId, u"origin-a2"_s);
    QCOMPARE(out.stanzaId, u"a2"_s);
    QCOMPARE(out.message.timestamp, QDateTime(QDate(2010, 7, 10), QTime(23, 2, 0, 250), Qt::UTC));
}

void tst_HistorySync::duplicatesAreNeverStoredTwice()
{
    Harness h;
    // Already here: our message (from the outbox, without archive id) and a live message
    // without origin-id (as ChatService stores them).
    ChatMessage mine;
    mine.id = u"origin-x"_s;
    mine.peer = Romeo;
    mine.from = OwnJid;
    mine.direction = ChatMessage::Direction::Outgoing;
    mine.state = ChatMessage::State::Sent;
    mine.body = u"mine"_s;
    mine.timestamp = QDateTime(QDate(2010, 7, 10), QTime(23, 1), Qt::UTC);
    h.store.add(mine, u"origin-x"_s);
    ChatMessage live;
    live.id = u"live-1"_s;
    live.peer = Romeo;
    live.from = Jid::fromString(u"romeo@montague.lit/orchard"_s);
    live.body = u"live"_s;
    live.timestamp = QDateTime(QDate(2010, 7, 10), QTime(23, 2), Qt::UTC);
    h.store.add(live);
    h.store.flush();

    QSignalSpy synced(h.sync.get(), &HistorySync::synced);
    h.sync->setPageSize(10);
    h.connect();
    auto q = h.lastQuery();
    QVERIFY(q);
    Message1 archivedMine = toRomeo(u"a1"_s, u"mine"_s, u"2010-07-10T23:01:00Z"_s);
    archivedMine.originId = u"origin-x"_s;
    Message1 archivedLive = fromRomeo(u"a2"_s, u"live"_s, u"2010-07-10T23:02:00Z"_s);
    archivedLive.messageId = u"live-1"_s;
    const Message1 fresh = fromRomeo(u"a3"_s, u"fresh"_s, u"2010-07-10T23:03:00Z"_s);
    // The archive sends one twice (a server bug or a replayed page).
    h.answer(*q, {archivedMine, archivedLive, fresh, fresh}, true);
    QCOMPARE(synced.size(), 1);
    QCOMPARE(synced.first().first().toInt(), 1);
    QCOMPARE(h.store.count(Romeo), 3);
    // The copies now carry the archive's ids.
    QVERIFY(h.store.containsStanzaId(u"a1"_s));
    QVERIFY(h.store.containsStanzaId(u"a2"_s));

    // Another login: the archive (wrongly) sends everything again.
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.account->reconnectNow();
    q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->after, u"a3"_s);
    h.answer(*q, {archivedMine, archivedLive, fresh}, true);
    QCOMPARE(synced.size(), 2);
    QCOMPARE(synced.last().first().toInt(), 0);
    QCOMPARE(h.store.count(Romeo), 3);
}

void tst_HistorySync::onlyChatAndNormalMessagesWithBodyAreStored()
{
    Harness h;
    h.sync->setPageSize(10);
    QSignalSpy stored(h.sync.get(), &HistorySync::messageStored);
    h.connect();
    const auto q = h.lastQuery();
    QVERIFY(q);
    Message1 normal = fromRomeo(u"a1"_s, u"normal"_s, u"2010-07-10T23:01:00Z"_s);
    normal.type = u"normal"_s;
    Message1 headline = fromRomeo(u"a2"_s, u"news"_s, u"2010-07-10T23:02:00Z"_s);
    headline.type = u"headline"_s;
    Message1 groupchat = fromRomeo(u"a3"_s, u"room"_s, u"2010-07-10T23:03:00Z"_s);
    groupchat.type = u"groupchat"_s;
    Message1 correction = fromRomeo(u"a4"_s, u"fixed"_s, u"2010-07-10T23:04:00Z"_s);
    correction.extra = u"<replace xmlns='urn:xmpp:message-correct:0' id='id-a1'/>"_s;
    Message1 empty = fromRomeo(u"a5"_s, QString(), u"2010-07-10T23:05:00Z"_s);
    h.answer(*q, {normal, headline, groupchat, correction, empty}, true);
    // The correction is no message of its own: it changed the text of the one it names.
    QCOMPARE(h.bodies(Romeo), QStringList{u"fixed"_s});
    QCOMPARE(h.store.latest(Romeo, 1).first().message.kind, ChatMessage::Kind::Normal);
    QCOMPARE(stored.size(), 1);
}

void tst_HistorySync::resumptionDoesNotSync()
{
    Harness h;
    h.connect();
    h.answer(*h.lastQuery(), {fromRomeo(u"a1"_s, u"one"_s, u"2010-07-10T23:01:00Z"_s)}, true);
    h.transport->setResumable(true);
    SessionInfo resumed = h.transport->session();
    resumed.resumed = true;
    h.transport->setSession(resumed);
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.transport->clearSent();
    h.account->reconnectNow();
    QVERIFY(h.account->isOnline());
    QVERIFY(!h.lastQuery());
    QVERIFY(!h.sync->isSyncing());
}

void tst_HistorySync::aFailedSyncIsTriedAgainAfterAResumption()
{
    Harness h;
    QSignalSpy failed(h.sync.get(), &HistorySync::failed);
    h.connect();
    auto q = h.lastQuery();
    QVERIFY(q);
    h.transport->inject(
        u"<iq type='error' id='%1'><error type='wait'><resource-constraint "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(q->iqId));
    QCOMPARE(failed.size(), 1);
    QVERIFY(!h.sync->isInStep());

    h.transport->setResumable(true);
    SessionInfo resumed = h.transport->session();
    resumed.resumed = true;
    h.transport->setSession(resumed);
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.transport->clearSent();
    h.account->reconnectNow();
    QVERIFY(h.account->isOnline());
    q = h.lastQuery();
    QVERIFY(q);
    h.answer(*q, {}, true);
    QVERIFY(h.sync->isInStep());
}

void tst_HistorySync::newLoginSyncsAgain()
{
    Harness h;
    QSignalSpy synced(h.sync.get(), &HistorySync::synced);
    h.connect();
    h.answer(*h.lastQuery(), {fromRomeo(u"a1"_s, u"one"_s, u"2010-07-10T23:01:00Z"_s)}, true);
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.transport->clearSent();
    h.account->reconnectNow();
    const auto q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->after, u"a1"_s);
    h.answer(*q, {fromRomeo(u"a2"_s, u"two"_s, u"2010-07-10T23:02:00Z"_s)}, true);
    QCOMPARE(synced.size(), 2);
    QCOMPARE(h.bodies(Romeo), (QStringList{u"one"_s, u"two"_s}));
}

void tst_HistorySync::failureIsReported()
{
    Harness h;
    QSignalSpy synced(h.sync.get(), &HistorySync::synced);
    QSignalSpy failed(h.sync.get(), &HistorySync::failed);
    h.connect();
    auto q = h.lastQuery();
    QVERIFY(q);
    h.transport->inject(
        u"<iq type='error' id='%1'><error type='cancel'><service-unavailable "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(q->iqId));
    QCOMPARE(failed.size(), 1);
    QVERIFY(!failed.first().first().toString().isEmpty());
    QCOMPARE(synced.size(), 0);
    QVERIFY(!h.sync->isSyncing());

    // A lost connection in the middle of a sync fails it once.
    h.transport->clearSent();
    h.sync->sync();
    q = h.lastQuery();
    QVERIFY(q);
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(failed.size(), 2);
    QVERIFY(!h.sync->isSyncing());
}

void tst_HistorySync::unknownStanzaIdStartsOverFromTheEnd()
{
    Harness h;
    storeArchived(h.store, u"gone"_s, u"old"_s, QDateTime::currentDateTimeUtc().addDays(-1));
    h.store.setMetaValue(QString::fromLatin1(HistorySync::StartedKey), u"1"_s);
    h.store.setMetaValue(QString::fromLatin1(HistorySync::PositionKey), u"gone"_s);
    QSignalSpy synced(h.sync.get(), &HistorySync::synced);
    h.connect();
    auto q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->after, u"gone"_s);
    h.transport->inject(
        u"<iq type='error' id='%1'><error type='cancel'><item-not-found "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(q->iqId));
    q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->before, QString());
    QVERIFY(q->query.resultSet->before.has_value());
    h.answer(*q, {fromRomeo(u"n1"_s, u"new"_s, u"2010-07-10T23:01:00Z"_s)}, true);
    QCOMPARE(synced.size(), 1);
    QCOMPARE(synced.first().first().toInt(), 1);
}

void tst_HistorySync::carbonsAreStored()
{
    Harness h;
    h.connect();
    h.answer(*h.lastQuery(), {}, true);
    QSignalSpy stored(h.sync.get(), &HistorySync::messageStored);
    // XEP-0280 Example 12 and 13 style: from our own bare JID.
    h.transport->inject(
        u"<message from='juliet@capulet.lit' to='juliet@capulet.lit/balcony' type='chat'>"
        u"<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
        u"<message xmlns='jabber:client' from='romeo@montague.lit/orchard' "
        u"to='juliet@capulet.lit/phone' type='chat' id='c1'><body>Wherefore art thou?</body>"
        u"<origin-id xmlns='urn:xmpp:sid:0' id='o-c1'/></message></forwarded></received>"
        u"</message>"_s);
    h.transport->inject(
        u"<message from='juliet@capulet.lit' to='juliet@capulet.lit/balcony' type='chat'>"
        u"<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
        u"<message xmlns='jabber:client' from='juliet@capulet.lit/phone' "
        u"to='romeo@montague.lit' type='chat' id='c2'><body>Here!</body>"
        u"<origin-id xmlns='urn:xmpp:sid:0' id='o-c2'/></message></forwarded></sent>"
        u"</message>"_s);
    QCOMPARE(stored.size(), 2);
    const QList<MessageStore::Entry> entries = h.store.latest(Romeo, 10);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).message.direction, ChatMessage::Direction::Incoming);
    QCOMPARE(entries.at(0).message.body, u"Wherefore art thou?"_s);
    QCOMPARE(entries.at(1).message.direction, ChatMessage::Direction::Outgoing);
    QCOMPARE(entries.at(1).message.from, Jid::fromString(u"juliet@capulet.lit/phone"_s));

    // The next sync brings the archive's copies: recognised by origin-id, not stored again.
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.account->reconnectNow();
    const auto q = h.lastQuery();
    QVERIFY(q);
    Message1 in = fromRomeo(u"a1"_s, u"Wherefore art thou?"_s, u"2010-07-10T23:01:00Z"_s);
    in.originId = u"o-c1"_s;
    in.messageId = u"c1"_s;
    Message1 out = toRomeo(u"a2"_s, u"Here!"_s, u"2010-07-10T23:02:00Z"_s);
    out.originId = u"o-c2"_s;
    h.answer(*q, {in, out}, true);
    QCOMPARE(h.store.count(Romeo), 2);
}

void tst_HistorySync::spoofedCarbonsAreNotStored()
{
    Harness h;
    h.connect();
    h.answer(*h.lastQuery(), {}, true);
    h.transport->inject(
        u"<message from='nurse@capulet.lit/chamber' to='juliet@capulet.lit/balcony' "
        u"type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
        u"<message xmlns='jabber:client' from='juliet@capulet.lit/phone' "
        u"to='romeo@montague.lit' type='chat' id='x'><body>I hate you</body></message>"
        u"</forwarded></sent></message>"_s);
    QCOMPARE(h.store.count(Romeo), 0);
    QCOMPARE(h.store.count(Nurse), 0);
}

void tst_HistorySync::loadOlderAnswersFromTheStoreFirst()
{
    Harness h;
    const QDateTime t0 = QDateTime(QDate(2010, 7, 10), QTime(22, 0), Qt::UTC);
    for (int i = 0; i < 5; ++i)
        storeArchived(h.store, u"s%1"_s.arg(i), u"m%1"_s.arg(i), t0.addSecs(i));
    h.connect();
    h.answer(*h.lastQuery(), {}, true);
    h.transport->clearSent();

    QList<MessageStore::Entry> got;
    bool atStart = true;
    int calls = 0;
    h.sync->loadOlder(Romeo, std::nullopt, 2, this,
                      [&](const QList<MessageStore::Entry> &entries, bool start) {
                          got = entries;
                          atStart = start;
                          ++calls;
                      });
    QCOMPARE(calls, 1);
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(0).message.body, u"m3"_s);
    QCOMPARE(got.at(1).message.body, u"m4"_s);
    QVERIFY(!atStart);
    h.sync->loadOlder(Romeo, MessageStore::keyOf(got.first()), 3, this,
                      [&](const QList<MessageStore::Entry> &entries, bool start) {
                          got = entries;
                          atStart = start;
                          ++calls;
                      });
    QCOMPARE(calls, 2);
    QCOMPARE(got.size(), 3);
    QCOMPARE(got.first().message.body, u"m0"_s);
    QVERIFY(h.transport->sent().isEmpty()); // the archive was not asked
}

void tst_HistorySync::loadOlderAsksTheArchiveBeforeTheOldestStanzaId()
{
    Harness h;
    const QDateTime t0 = QDateTime(QDate(2010, 7, 10), QTime(23, 30), Qt::UTC);
    storeArchived(h.store, u"s5"_s, u"five"_s, t0);
    storeArchived(h.store, u"s6"_s, u"six"_s, t0.addSecs(60));
    h.sync->setAutoSync(false);
    h.connect();

    QList<MessageStore::Entry> got;
    bool atStart = false;
    int calls = 0;
    const MessageStore::Key key = MessageStore::keyOf(h.store.latest(Romeo, 1).first());
    h.sync->loadOlder(Romeo, key, 4, this,
                      [&](const QList<MessageStore::Entry> &entries, bool start) {
                          got = entries;
                          atStart = start;
                          ++calls;
                      });
    QCOMPARE(calls, 0);
    const auto q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.with, Romeo);
    QCOMPARE(q->query.resultSet->before, u"s5"_s);
    QCOMPARE(q->query.resultSet->max, 4);
    h.answer(*q,
             {fromRomeo(u"s3"_s, u"three"_s, u"2010-07-10T23:03:00Z"_s),
              toRomeo(u"s4"_s, u"four"_s, u"2010-07-10T23:04:00Z"_s)},
             true);
    QCOMPARE(calls, 1);
    QCOMPARE(got.size(), 3);
    QCOMPARE(got.at(0).message.body, u"three"_s);
    QCOMPARE(got.at(1).message.body, u"four"_s);
    QCOMPARE(got.at(2).message.body, u"five"_s);
    QVERIFY(atStart);
    QCOMPARE(h.store.count(Romeo), 4);
    // Scrolled back to the start of the archive: it is not asked again.
    h.transport->clearSent();
    h.sync->loadOlder(Romeo, MessageStore::keyOf(got.first()), 4, this,
                      [&](const QList<MessageStore::Entry> &entries, bool start) {
                          got = entries;
                          atStart = start;
                          ++calls;
                      });
    QCOMPARE(calls, 2);
    QVERIFY(got.isEmpty());
    QVERIFY(atStart);
    QVERIFY(h.transport->sent().isEmpty());
}

void tst_HistorySync::loadOlderOfflineAnswersWhatIsStored()
{
    Harness h;
    storeArchived(h.store, u"s1"_s, u"one"_s, QDateTime::currentDateTimeUtc());
    QList<MessageStore::Entry> got;
    int calls = 0;
    h.sync->loadOlder(Romeo, std::nullopt, 10, this,
                      [&](const QList<MessageStore::Entry> &entries, bool) {
                          got = entries;
                          ++calls;
                      });
    QCOMPARE(calls, 1);
    QCOMPARE(got.size(), 1);
    QVERIFY(h.transport->sent().isEmpty());
}

void tst_HistorySync::anInterruptedSyncContinuesWhereItsPagesEnded()
{
    Harness h;
    const auto position = [&h] {
        return h.store.metaValue(QString::fromLatin1(HistorySync::PositionKey));
    };
    // A new device: the newest messages only; the archive is empty.
    h.connect();
    auto q = h.lastQuery();
    QVERIFY(q && q->query.resultSet->before);
    h.answer(*q, {}, true);
    QVERIFY(h.sync->isInStep());
    QVERIFY(position().isEmpty());
    // Carbons are off: a live message does not move the position (what our other devices sent
    // would be skipped).
    h.sync->liveMessageArchived(u"live-0"_s);
    QVERIFY(position().isEmpty());

    // A new session: from the archive's start (it was empty), forward.
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.transport->clearSent();
    h.connect();
    QVERIFY(!h.sync->isInStep());
    q = h.lastQuery();
    QVERIFY(q);
    QVERIFY(!q->query.resultSet->before);
    QVERIFY(q->query.resultSet->after.value_or(QString()).isEmpty());
    h.answer(*q,
             {fromRomeo(u"s1"_s, u"one"_s, u"2010-07-10T23:01:00Z"_s),
              fromRomeo(u"s2"_s, u"two"_s, u"2010-07-10T23:02:00Z"_s)},
             false);
    QCOMPARE(position(), u"s2"_s);
    // A live message while the sync runs is newer than what is still missing: stored, but the
    // position stays.
    storeArchived(h.store, u"s9"_s, u"live"_s, QDateTime::currentDateTimeUtc());
    h.sync->liveMessageArchived(u"s9"_s);
    QCOMPARE(position(), u"s2"_s);

    // Cut off before the next page: the next session goes on after s2, not after s9.
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.transport->clearSent();
    h.connect();
    q = h.lastQuery();
    QVERIFY(q);
    QCOMPARE(q->query.resultSet->after, u"s2"_s);
    h.answer(*q,
             {fromRomeo(u"s3"_s, u"three"_s, u"2010-07-10T23:03:00Z"_s),
              fromRomeo(u"s9"_s, u"live"_s, u"2010-07-10T23:09:00Z"_s)},
             true);
    QCOMPARE(position(), u"s9"_s);
    QCOMPARE(h.bodies(Romeo), (QStringList{u"one"_s, u"two"_s, u"three"_s, u"live"_s}));
}

void tst_HistorySync::syncWaitsForOurInitialPresence()
{
    // Found by itst_killed_client: messages that reach the server before our initial presence are
    // kept for offline delivery, and Prosody leaves them to the archive once we queried it; a
    // query sent before our presence misses those that arrive in between.
    Harness h;
    auto *roster = new RosterExtension(h.account.get());
    auto *presence = new PresenceExtension(h.account.get(), roster);
    h.sync->setPresence(presence);
    h.connect();
    // The roster get first (RFC 6121 §2.2), our presence right behind it, and only then the
    // archive query — all before the roster result.
    QVERIFY(presence->isAvailable());
    QVERIFY(!roster->isLoaded());
    const QList<XmlElement> sent = h.transport->sent();
    const auto indexOf = [&sent](const std::function<bool(const XmlElement &)> &match) {
        const auto it = std::find_if(sent.cbegin(), sent.cend(), match);
        return it == sent.cend() ? qsizetype(-1) : qsizetype(it - sent.cbegin());
    };
    const qsizetype rosterGet =
        indexOf([](const XmlElement &e) { return e.hasChild(u"jabber:iq:roster"_s, u"query"); });
    const qsizetype ourPresence =
        indexOf([](const XmlElement &e) { return e.name() == u"presence"; });
    const qsizetype query = indexOf(
        [](const XmlElement &e) { return MamQuery::fromElement(e.firstChild()).has_value(); });
    QVERIFY(rosterGet >= 0);
    QCOMPARE(ourPresence, rosterGet + 1);
    QVERIFY(query > ourPresence);
    QVERIFY(h.lastQuery());
    QVERIFY(h.sync->isSyncing());
}

void tst_HistorySync::archivedCorrectionsApplyToTheirOriginals()
{
    Harness h;
    h.sync->setPageSize(10);
    QSignalSpy updated(h.sync.get(), &HistorySync::messageUpdated);
    QSignalSpy stored(h.sync.get(), &HistorySync::messageStored);
    h.connect();
    Message1 theirs = fromRomeo(u"a1"_s, u"Helo"_s, u"2010-07-10T23:01:00Z"_s);
    Message1 theirFix = fromRomeo(u"a2"_s, u"Hello"_s, u"2010-07-10T23:02:00Z"_s);
    theirFix.extra = u"<replace xmlns='urn:xmpp:message-correct:0' id='id-a1'/>"_s;
    Message1 ours = toRomeo(u"a3"_s, u"Hi"_s, u"2010-07-10T23:03:00Z"_s);
    Message1 ourFix = toRomeo(u"a4"_s, u"Hi!"_s, u"2010-07-10T23:04:00Z"_s);
    ourFix.extra = u"<replace xmlns='urn:xmpp:message-correct:0' id='id-a3'/>"_s;
    h.answer(*h.lastQuery(), {theirs, theirFix, ours, ourFix}, true);

    QCOMPARE(h.bodies(Romeo), (QStringList{u"Hello"_s, u"Hi!"_s}));
    QCOMPARE(stored.size(), 2);
    QCOMPARE(updated.size(), 2);
    const MessageStore::Entry first = updated.first().first().value<MessageStore::Entry>();
    QCOMPARE(first.message.body, u"Hello"_s);
    QCOMPARE(first.message.editedAt, QDateTime(QDate(2010, 7, 10), QTime(23, 2), Qt::UTC));
    QCOMPARE(h.store.previousBodies(first.rowId), QStringList{u"Helo"_s});
    const auto mine = h.store.find(Romeo, ChatMessage::Direction::Outgoing, u"id-a3"_s);
    QVERIFY(mine);
    QCOMPARE(h.store.previousBodies(mine->rowId), QStringList{u"Hi"_s});

    // The archive answering again (a later sync from the start): applied once.
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.store.setMetaValue(QString::fromLatin1(HistorySync::PositionKey), QString());
    h.account->reconnectNow();
    h.answer(*h.lastQuery(), {theirs, theirFix, ours, ourFix}, true);
    QCOMPARE(updated.size(), 2);
    QCOMPARE(h.store.previousBodies(first.rowId), QStringList{u"Helo"_s});
    QCOMPARE(h.store.count(Romeo), 2);
}

void tst_HistorySync::correctionsOfAnotherSidesMessagesAreIgnored()
{
    Harness h;
    h.sync->setPageSize(10);
    QSignalSpy updated(h.sync.get(), &HistorySync::messageUpdated);
    h.connect();
    Message1 theirs = fromRomeo(u"a1"_s, u"I love thee"_s, u"2010-07-10T23:01:00Z"_s);
    Message1 ours = toRomeo(u"a2"_s, u"And I thee"_s, u"2010-07-10T23:02:00Z"_s);
    // Romeo rewriting what we said; the Nurse rewriting what Romeo said; we rewriting Romeo.
    Message1 romeoFixesOurs = fromRomeo(u"a3"_s, u"I hate thee"_s, u"2010-07-10T23:03:00Z"_s);
    romeoFixesOurs.extra = u"<replace xmlns='urn:xmpp:message-correct:0' id='id-a2'/>"_s;
    Message1 nurseFixesRomeo = fromRomeo(u"a4"_s, u"Gossip"_s, u"2010-07-10T23:04:00Z"_s);
    nurseFixesRomeo.from = u"nurse@capulet.lit/chamber"_s;
    nurseFixesRomeo.extra = u"<replace xmlns='urn:xmpp:message-correct:0' id='id-a1'/>"_s;
    Message1 weFixRomeo = toRomeo(u"a5"_s, u"Forged"_s, u"2010-07-10T23:05:00Z"_s);
    weFixRomeo.extra = u"<replace xmlns='urn:xmpp:message-correct:0' id='id-a1'/>"_s;
    h.answer(*h.lastQuery(), {theirs, ours, romeoFixesOurs, nurseFixesRomeo, weFixRomeo}, true);

    QCOMPARE(h.bodies(Romeo), (QStringList{u"I love thee"_s, u"And I thee"_s}));
    QCOMPARE(h.store.count(Nurse), 0);
    QCOMPARE(updated.size(), 0);
}

void tst_HistorySync::archivedRetractionsApplyOnlyToTheSendersMessages()
{
    Harness h;
    h.sync->setPageSize(10);
    QSignalSpy updated(h.sync.get(), &HistorySync::messageUpdated);
    h.connect();
    Message1 theirs = fromRomeo(u"a1"_s, u"Meet me at noon"_s, u"2010-07-10T23:01:00Z"_s);
    theirs.originId = u"o-1"_s;
    Message1 ours = toRomeo(u"a2"_s, u"Secret"_s, u"2010-07-10T23:02:00Z"_s); // origin-a2
    const auto retraction = [](Message1 m, const QString &originId) {
        m.body = u"This person attempted to retract a previous message"_s;
        m.extra = u"<retract xmlns='urn:xmpp:message-retract:1' id='%1'/>"_s.arg(originId);
        return m;
    };
    Message1 nurse = retraction(fromRomeo(u"a3"_s, QString(), u"2010-07-10T23:03:00Z"_s), u"o-1"_s);
    nurse.from = u"nurse@capulet.lit/chamber"_s;
    Message1 romeoRetractsOurs =
        retraction(fromRomeo(u"a4"_s, QString(), u"2010-07-10T23:04:00Z"_s), u"origin-a2"_s);
    h.answer(*h.lastQuery(), {theirs, ours, nurse, romeoRetractsOurs}, true);
    QCOMPARE(h.bodies(Romeo), (QStringList{u"Meet me at noon"_s, u"Secret"_s}));
    QCOMPARE(updated.size(), 0);

    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.account->reconnectNow();
    Message1 romeoRetracts =
        retraction(fromRomeo(u"a5"_s, QString(), u"2010-07-10T23:05:00Z"_s), u"o-1"_s);
    Message1 weRetract =
        retraction(toRomeo(u"a6"_s, QString(), u"2010-07-10T23:06:00Z"_s), u"origin-a2"_s);
    h.answer(*h.lastQuery(), {romeoRetracts, weRetract}, true);
    QCOMPARE(updated.size(), 2);
    const QList<MessageStore::Entry> entries = h.store.latest(Romeo, 10);
    QCOMPARE(entries.size(), 2);
    QVERIFY(entries.at(0).message.retracted);
    QVERIFY(entries.at(1).message.retracted);
    QVERIFY(entries.at(0).message.body.isEmpty());
    QVERIFY(h.store.search(u"noon"_s).isEmpty());
}

void tst_HistorySync::carbonCorrectionsFromOurOtherDevicesApply()
{
    Harness h;
    h.connect();
    h.answer(*h.lastQuery(), {}, true);
    QSignalSpy updated(h.sync.get(), &HistorySync::messageUpdated);
    const QString sent =
        u"<message from='juliet@capulet.lit' to='juliet@capulet.lit/balcony' type='chat'>"
        u"<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
        u"<message xmlns='jabber:client' from='juliet@capulet.lit/phone' "
        u"to='romeo@montague.lit' type='chat' id='%1'><body>%2</body>%3</message></forwarded>"
        u"</sent></message>"_s;
    h.transport->inject(sent.arg(u"c1"_s, u"Wherefor"_s, QString()));
    h.transport->inject(sent.arg(u"c2"_s, u"Wherefore"_s,
                                 u"<replace xmlns='urn:xmpp:message-correct:0' id='c1'/>"_s));
    QCOMPARE(h.bodies(Romeo), QStringList{u"Wherefore"_s});
    QCOMPARE(updated.size(), 1);
}

QTEST_GUILESS_MAIN(tst_HistorySync)
#include "tst_historysync.moc"
