// SPDX-License-Identifier: GPL-3.0-or-later
// Message Archive Management (XEP-0313) with Result Set Management (XEP-0059), on the XEPs' own
// examples: the MamQuery, MamResult, MamFin and ResultSet payloads, queries and their pages,
// paging forward and back, and results forged by anyone but the archive we asked.
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/MamExtension.h"
#include "ext/MessageExtension.h"
#include "payloads/MamFin.h"
#include "payloads/MamQuery.h"
#include "payloads/MamResult.h"
#include "payloads/ResultSet.h"
#include "xml/Namespaces.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace natter {

char *toString(const XmlElement &element)
{
    return QTest::toString(element.isNull() ? u"(null)"_s : element.toString(ns::Client));
}

} // namespace natter

using namespace natter;
using Page = MamExtension::Page;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@capulet.lit/chamber");
const Jid Room = Jid::fromString(u"coven@chat.shakespeare.lit");

XmlElement xml(const QString &text)
{
    return FakeTransport::recorded(text);
}

// XEP-0313 Example 2-style filtered query (with, start, end) and XEP-0059 paging.
const QString FilteredQuery = uR"(
<query xmlns='urn:xmpp:mam:2' queryid='f27'>
  <x xmlns='jabber:x:data' type='submit'>
    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>
    <field var='with'><value>juliet@capulet.lit</value></field>
    <field var='start'><value>2010-06-07T00:00:00Z</value></field>
    <field var='end'><value>2010-07-07T13:23:54Z</value></field>
  </x>
  <set xmlns='http://jabber.org/protocol/rsm'>
    <max>10</max>
    <after>09af3-cc343-b409f</after>
  </set>
</query>)"_s;

// XEP-0313 Example 3: one result (%1: queryid, %2: id, %3: from attribute or nothing).
const QString ResultMessage = uR"(
<message id='aeb213' to='juliet@capulet.lit/chamber'%3>
  <result xmlns='urn:xmpp:mam:2' queryid='%1' id='%2'>
    <forwarded xmlns='urn:xmpp:forward:0'>
      <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
      <message xmlns='jabber:client' from='witch@shakespeare.lit' to='macbeth@shakespeare.lit'>
        <body>Hail to thee</body>
      </message>
    </forwarded>
  </result>
</message>)"_s;

// XEP-0313 Example 4: the end of a query.
const QString FinExample = uR"(
<fin xmlns='urn:xmpp:mam:2'>
  <set xmlns='http://jabber.org/protocol/rsm'>
    <first index='0'>28482-98726-73623</first>
    <last>09af3-cc343-b409f</last>
  </set>
</fin>)"_s;

// One archived chat message, %1 queryid, %2 id, %3 body, %4 stamp.
QString result(const QString &queryId, const QString &id, const QString &body,
               const QString &stamp = u"2010-07-10T23:08:25Z"_s, const QString &from = {})
{
    return u"<message to='juliet@capulet.lit/chamber'%5><result xmlns='urn:xmpp:mam:2' "
           u"queryid='%1' id='%2'><forwarded xmlns='urn:xmpp:forward:0'><delay "
           u"xmlns='urn:xmpp:delay' stamp='%4'/><message xmlns='jabber:client' "
           u"from='romeo@montague.lit/orchard' to='juliet@capulet.lit/chamber' type='chat'>"
           u"<body>%3</body></message></forwarded></result></message>"_s.arg(
               queryId, id, body, stamp, from.isEmpty() ? QString() : u" from='%1'"_s.arg(from));
}

QString fin(const QString &id, const QString &first, const QString &last, bool complete,
            const QString &from = {})
{
    return u"<iq type='result' id='%1'%5><fin xmlns='urn:xmpp:mam:2'%4><set "
           u"xmlns='http://jabber.org/protocol/rsm'><first index='0'>%2</first><last>%3</last>"
           u"</set></fin></iq>"_s.arg(id, first, last, complete ? u" complete='true'"_s : QString(),
                                      from.isEmpty() ? QString() : u" from='%1'"_s.arg(from));
}

struct Harness
{
    Harness()
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        mam = new MamExtension(account.get());
        messages = new MessageExtension(account.get());
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        account->connectToServer();
    }

    // The <query/> of the last request, with the request's id and queryid.
    struct Sent
    {
        XmlElement iq;
        QString id;
        QString queryId;
        MamQuery query;
    };
    Sent lastQuery() const
    {
        Sent s;
        s.iq = transport->lastSent();
        s.id = s.iq.attribute(u"id");
        const auto q = MamQuery::fromElement(s.iq.firstChild());
        if (q) {
            s.query = *q;
            s.queryId = q->queryId;
        }
        return s;
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    MamExtension *mam = nullptr;
    MessageExtension *messages = nullptr;
    QList<Page> pages;

    MamExtension::PageCallback collect()
    {
        return [this](const Page &page) { pages.append(page); };
    }
};

QStringList bodies(const Page &page)
{
    QStringList out;
    for (const auto &m : page.messages)
        out.append(m.message.body());
    return out;
}

} // namespace

class tst_Mam : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Payloads
    void resultSetReadsXepExamples();
    void resultSetSurvivesRoundTrip_data();
    void resultSetSurvivesRoundTrip();
    void queryReadsXepExample();
    void querySurvivesRoundTrip();
    void queryIsRejected_data();
    void queryIsRejected();
    void resultReadsXepExample();
    void resultSurvivesRoundTrip();
    void resultIsRejected_data();
    void resultIsRejected();
    void finReadsXepExample();
    void finSurvivesRoundTrip();

    // Queries
    void querySendsFilterAndPaging();
    void resultsEndInOnePage();
    void delayStampsAreTheTimestamps();
    void resultsWithUnknownQueryIdAreDropped();
    void resultsFromAnyoneElseAreDropped_data();
    void resultsFromAnyoneElseAreDropped();
    void resultsFromOwnBareJidAreAccepted();
    void roomArchiveAcceptsOnlyTheRoom();
    void finFromAnyoneElseIsIgnored();
    void errorEndsTheQuery();
    void answerWithoutFinIsAnError();
    void resultsAfterFinAreDropped();
    void disconnectEndsTheQuery();
    void invalidResultIsDropped();

    // Helpers
    void fetchSincePagesForwardUntilComplete();
    void fetchSinceWithoutIdStartsAtTheBeginning();
    void fetchSinceStopsWhenArchiveDoesNotAdvance();
    void fetchSinceStopsOnError();
    void fetchBeforeAsksForThePageBefore();
    void fetchBeforeWithoutIdAsksForTheLastPage();
    void callbackIsDroppedWithItsContext();
    void archiveIdTrustsOnlyTheArchive();
};

void tst_Mam::resultSetReadsXepExamples()
{
    // XEP-0059 Example 2 (request) and Example 3 (answer).
    auto request = ResultSet::fromElement(
        xml(u"<set xmlns='http://jabber.org/protocol/rsm'><max>10</max></set>"_s));
    QVERIFY(request);
    QCOMPARE(request->max, 10);
    QVERIFY(!request->after);
    QVERIFY(!request->before);
    auto answer = ResultSet::fromElement(xml(uR"(
<set xmlns='http://jabber.org/protocol/rsm'>
  <first index='0'>stpeter@jabber.org</first>
  <last>peterpan@neverland.lit</last>
  <count>800</count>
</set>)"_s));
    QVERIFY(answer);
    QCOMPARE(answer->first, u"stpeter@jabber.org"_s);
    QCOMPARE(answer->firstIndex, 0);
    QCOMPARE(answer->last, u"peterpan@neverland.lit"_s);
    QCOMPARE(answer->count, 800);
    // XEP-0059 §2.5: an empty <before/> asks for the last page.
    auto last = ResultSet::fromElement(
        xml(u"<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><before/></set>"_s));
    QVERIFY(last);
    QCOMPARE(last->before, QString());
    QVERIFY(last->before.has_value());
    QVERIFY(!ResultSet::fromElement(xml(u"<set xmlns='urn:xmpp:rsm'/>"_s)));
    // Negative or unreadable numbers count as absent.
    auto bad = ResultSet::fromElement(xml(u"<set xmlns='http://jabber.org/protocol/rsm'>"
                                          u"<max>-1</max><count>many</count></set>"_s));
    QVERIFY(bad);
    QVERIFY(!bad->max);
    QVERIFY(!bad->count);
}

void tst_Mam::resultSetSurvivesRoundTrip_data()
{
    QTest::addColumn<QString>("element");
    QTest::newRow("after") << u"<set xmlns='http://jabber.org/protocol/rsm'><max>10</max>"
                              u"<after>peterpan@neverland.lit</after></set>"_s;
    QTest::newRow("before") << u"<set xmlns='http://jabber.org/protocol/rsm'><max>10</max>"
                               u"<before>peter@pixyland.org</before></set>"_s;
    QTest::newRow("last page") << u"<set xmlns='http://jabber.org/protocol/rsm'><max>10</max>"
                                  u"<before/></set>"_s;
    QTest::newRow("index") << u"<set xmlns='http://jabber.org/protocol/rsm'><max>10</max>"
                              u"<index>371</index></set>"_s;
    QTest::newRow("count only") << u"<set xmlns='http://jabber.org/protocol/rsm'><max>0</max>"
                                   u"</set>"_s;
    QTest::newRow("answer") << u"<set xmlns='http://jabber.org/protocol/rsm'><first index='10'>"
                               u"a</first><last>b</last><count>800</count></set>"_s;
}

void tst_Mam::resultSetSurvivesRoundTrip()
{
    QFETCH(QString, element);
    const XmlElement e = xml(element);
    const auto set = ResultSet::fromElement(e);
    QVERIFY(set);
    QCOMPARE(set->toElement(), e);
}

void tst_Mam::queryReadsXepExample()
{
    const auto query = MamQuery::fromElement(xml(FilteredQuery));
    QVERIFY(query);
    QCOMPARE(query->queryId, u"f27"_s);
    QCOMPARE(query->with, Jid::fromString(u"juliet@capulet.lit"));
    QCOMPARE(query->start, QDateTime(QDate(2010, 6, 7), QTime(0, 0), Qt::UTC));
    QCOMPARE(query->end, QDateTime(QDate(2010, 7, 7), QTime(13, 23, 54), Qt::UTC));
    QVERIFY(query->resultSet);
    QCOMPARE(query->resultSet->max, 10);
    QCOMPARE(query->resultSet->after, u"09af3-cc343-b409f"_s);
}

void tst_Mam::querySurvivesRoundTrip()
{
    const XmlElement example = xml(FilteredQuery);
    const auto query = MamQuery::fromElement(example);
    QVERIFY(query);
    QCOMPARE(query->toElement(), example);
    // XEP-0313 Example 1: no filter, no form.
    const XmlElement bare = xml(u"<query xmlns='urn:xmpp:mam:2' queryid='f27'/>"_s);
    QCOMPARE(MamQuery::fromElement(bare)->toElement(), bare);
}

void tst_Mam::queryIsRejected_data()
{
    QTest::addColumn<QString>("element");
    QTest::newRow("mam:1") << u"<query xmlns='urn:xmpp:mam:1'/>"_s;
    QTest::newRow("other form") << u"<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' "
                                   u"type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:1"
                                   u"</value></field></x></query>"_s;
    QTest::newRow("bad with") << u"<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' "
                                 u"type='submit'><field var='with'><value>@@</value></field>"
                                 u"</x></query>"_s;
    QTest::newRow("bad start") << u"<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' "
                                  u"type='submit'><field var='start'><value>June</value>"
                                  u"</field></x></query>"_s;
}

void tst_Mam::queryIsRejected()
{
    QFETCH(QString, element);
    QVERIFY(!MamQuery::fromElement(xml(element)));
}

void tst_Mam::resultReadsXepExample()
{
    const Message message(xml(ResultMessage.arg(u"f27"_s, u"28482-98726-73623"_s, QString())));
    const auto r = MamResult::fromElement(message.element().firstChild(ns::Mam, u"result"));
    QVERIFY(r);
    QCOMPARE(r->queryId, u"f27"_s);
    QCOMPARE(r->id, u"28482-98726-73623"_s);
    QVERIFY(r->forwarded.delay);
    QCOMPARE(r->forwarded.delay->stamp, QDateTime(QDate(2010, 7, 10), QTime(23, 8, 25), Qt::UTC));
    QCOMPARE(r->forwarded.message.from(), Jid::fromString(u"witch@shakespeare.lit"));
    QCOMPARE(r->forwarded.message.body(), u"Hail to thee"_s);
}

void tst_Mam::resultSurvivesRoundTrip()
{
    const Message message(xml(ResultMessage.arg(u"f27"_s, u"28482-98726-73623"_s, QString())));
    const XmlElement element = message.element().firstChild(ns::Mam, u"result");
    const auto r = MamResult::fromElement(element);
    QVERIFY(r);
    QCOMPARE(r->toElement(), element);
    const XmlElement reparsed = xml(QString::fromUtf8(r->toElement().toXml(ns::Client)));
    QCOMPARE(MamResult::fromElement(reparsed), r);
}

void tst_Mam::resultIsRejected_data()
{
    QTest::addColumn<QString>("element");
    QTest::newRow("no id") << u"<result xmlns='urn:xmpp:mam:2' queryid='q'><forwarded "
                              u"xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/>"
                              u"</forwarded></result>"_s;
    QTest::newRow("no forwarded") << u"<result xmlns='urn:xmpp:mam:2' queryid='q' id='1'/>"_s;
    QTest::newRow("empty forwarded")
        << u"<result xmlns='urn:xmpp:mam:2' queryid='q' id='1'><forwarded "
           u"xmlns='urn:xmpp:forward:0'/></result>"_s;
    QTest::newRow("mam:1") << u"<result xmlns='urn:xmpp:mam:1' queryid='q' id='1'><forwarded "
                              u"xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/>"
                              u"</forwarded></result>"_s;
}

void tst_Mam::resultIsRejected()
{
    QFETCH(QString, element);
    QVERIFY(!MamResult::fromElement(xml(element)));
}

void tst_Mam::finReadsXepExample()
{
    const auto f = MamFin::fromElement(xml(FinExample));
    QVERIFY(f);
    QVERIFY(!f->complete);
    QVERIFY(f->stable);
    QCOMPARE(f->resultSet.first, u"28482-98726-73623"_s);
    QCOMPARE(f->resultSet.firstIndex, 0);
    QCOMPARE(f->resultSet.last, u"09af3-cc343-b409f"_s);
    const auto done =
        MamFin::fromElement(xml(u"<fin xmlns='urn:xmpp:mam:2' complete='true' stable='false'/>"_s));
    QVERIFY(done);
    QVERIFY(done->complete);
    QVERIFY(!done->stable);
    QVERIFY(!MamFin::fromElement(xml(u"<fin xmlns='urn:xmpp:mam:1'/>"_s)));
}

void tst_Mam::finSurvivesRoundTrip()
{
    const XmlElement example = xml(FinExample);
    QCOMPARE(MamFin::fromElement(example)->toElement(), example);
    const XmlElement complete = xml(u"<fin xmlns='urn:xmpp:mam:2' complete='true'><set "
                                    u"xmlns='http://jabber.org/protocol/rsm'><count>0</count>"
                                    u"</set></fin>"_s);
    QCOMPARE(MamFin::fromElement(complete)->toElement(), complete);
}

void tst_Mam::querySendsFilterAndPaging()
{
    Harness h;
    MamExtension::Filter filter;
    filter.with = Jid::fromString(u"juliet@capulet.lit");
    filter.start = QDateTime(QDate(2010, 6, 7), QTime(0, 0), Qt::UTC);
    filter.end = QDateTime(QDate(2010, 7, 7), QTime(13, 23, 54), Qt::UTC);
    filter.afterId = u"09af3-cc343-b409f"_s;
    const QString queryId = h.mam->query(Jid(), filter, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QCOMPARE(sent.queryId, queryId);
    QCOMPARE(sent.iq.attribute(u"type"), u"set"_s);
    QVERIFY(!sent.iq.hasAttribute(u"to")); // our own archive
    QCOMPARE(sent.iq.firstChild(), xml(QString(FilteredQuery).replace(u"f27"_s, queryId)));
    QCOMPARE(h.mam->runningQueries(), 1);
}

void tst_Mam::resultsEndInOnePage()
{
    Harness h;
    QSignalSpy streamed(h.mam, &MamExtension::resultReceived);
    QSignalSpy plain(h.messages, &MessageExtension::messageReceived);
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    h.transport->inject(result(sent.queryId, u"28482-98726-73623"_s, u"Hail to thee"_s));
    h.transport->inject(result(sent.queryId, u"09af3-cc343-b409f"_s, u"Thrice the brinded cat"_s,
                               u"2010-07-10T23:09:32Z"_s));
    QCOMPARE(streamed.size(), 2);
    QVERIFY(h.pages.isEmpty());
    h.transport->inject(fin(sent.id, u"28482-98726-73623"_s, u"09af3-cc343-b409f"_s, true));
    QCOMPARE(h.pages.size(), 1);
    const Page &page = h.pages.first();
    QVERIFY(page.ok());
    QVERIFY(page.complete);
    QCOMPARE(page.first, u"28482-98726-73623"_s);
    QCOMPARE(page.last, u"09af3-cc343-b409f"_s);
    QCOMPARE(bodies(page), (QStringList{u"Hail to thee"_s, u"Thrice the brinded cat"_s}));
    QCOMPARE(page.messages.at(0).id, u"28482-98726-73623"_s);
    QCOMPARE(page.messages.at(1).id, u"09af3-cc343-b409f"_s);
    QCOMPARE(page.messages.at(0).message.from(), Jid::fromString(u"romeo@montague.lit/orchard"));
    QCOMPARE(plain.size(), 0); // archive results are not live messages
    QCOMPARE(h.mam->runningQueries(), 0);
}

void tst_Mam::delayStampsAreTheTimestamps()
{
    Harness h;
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    h.transport->inject(result(sent.queryId, u"a"_s, u"one"_s, u"2010-07-10T23:08:25.250Z"_s));
    h.transport->inject(result(sent.queryId, u"b"_s, u"two"_s, u"2010-07-10T19:09:00-04:00"_s));
    h.transport->inject(u"<message><result xmlns='urn:xmpp:mam:2' queryid='%1' id='c'>"
                        u"<forwarded xmlns='urn:xmpp:forward:0'><message "
                        u"xmlns='jabber:client' from='romeo@montague.lit'><body>three</body>"
                        u"</message></forwarded></result></message>"_s.arg(sent.queryId));
    h.transport->inject(fin(sent.id, u"a"_s, u"c"_s, true));
    QCOMPARE(h.pages.size(), 1);
    const auto &m = h.pages.first().messages;
    QCOMPARE(m.size(), 3);
    QCOMPARE(m.at(0).timestamp, QDateTime(QDate(2010, 7, 10), QTime(23, 8, 25, 250), Qt::UTC));
    QCOMPARE(m.at(1).timestamp, QDateTime(QDate(2010, 7, 10), QTime(23, 9, 0), Qt::UTC));
    QVERIFY(!m.at(2).timestamp.isValid()); // no delay: unknown, not "now"
}

void tst_Mam::resultsWithUnknownQueryIdAreDropped()
{
    Harness h;
    QSignalSpy plain(h.messages, &MessageExtension::messageReceived);
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"unknown query"_s));
    h.transport->inject(result(u"forged"_s, u"x1"_s, u"I am your contact"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"unknown query"_s));
    h.transport->inject(u"<message><result xmlns='urn:xmpp:mam:2' id='x2'><forwarded "
                        u"xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'><body>no "
                        u"queryid</body></message></forwarded></result></message>"_s);
    h.transport->inject(result(sent.queryId, u"a"_s, u"real"_s));
    h.transport->inject(fin(sent.id, u"a"_s, u"a"_s, true));
    QCOMPARE(h.pages.size(), 1);
    QCOMPARE(bodies(h.pages.first()), QStringList{u"real"_s});
    QCOMPARE(plain.size(), 0);
}

void tst_Mam::resultsFromAnyoneElseAreDropped_data()
{
    QTest::addColumn<QString>("from");
    QTest::newRow("contact") << u"romeo@montague.lit"_s;
    QTest::newRow("contact full") << u"romeo@montague.lit/orchard"_s;
    QTest::newRow("our other resource") << u"juliet@capulet.lit/balcony"_s;
    QTest::newRow("our full JID") << u"juliet@capulet.lit/chamber"_s;
    QTest::newRow("our server") << u"capulet.lit"_s;
    QTest::newRow("a room") << u"coven@chat.shakespeare.lit"_s;
}

void tst_Mam::resultsFromAnyoneElseAreDropped()
{
    QFETCH(QString, from);
    Harness h;
    QSignalSpy plain(h.messages, &MessageExtension::messageReceived);
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"dropping an archive result from"_s));
    h.transport->inject(
        result(sent.queryId, u"forged"_s, u"forged"_s, u"2010-07-10T23:08:25Z"_s, from));
    h.transport->inject(result(sent.queryId, u"a"_s, u"real"_s));
    h.transport->inject(fin(sent.id, u"a"_s, u"a"_s, true));
    QCOMPARE(h.pages.size(), 1);
    QCOMPARE(bodies(h.pages.first()), QStringList{u"real"_s});
    QCOMPARE(plain.size(), 0);
}

void tst_Mam::resultsFromOwnBareJidAreAccepted()
{
    Harness h;
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    h.transport->inject(
        result(sent.queryId, u"a"_s, u"one"_s, u"2010-07-10T23:08:25Z"_s, u"juliet@capulet.lit"_s));
    h.transport->inject(fin(sent.id, u"a"_s, u"a"_s, true, u"juliet@capulet.lit"_s));
    QCOMPARE(h.pages.size(), 1);
    QCOMPARE(bodies(h.pages.first()), QStringList{u"one"_s});
}

void tst_Mam::roomArchiveAcceptsOnlyTheRoom()
{
    Harness h;
    h.mam->query(Room, {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QCOMPARE(sent.iq.attribute(u"to"), Room.toString());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"dropping an archive result from"_s));
    h.transport->inject(result(sent.queryId, u"own"_s, u"from our server"_s,
                               u"2010-07-10T23:08:25Z"_s, u"juliet@capulet.lit"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"dropping an archive result from"_s));
    h.transport->inject(result(sent.queryId, u"none"_s, u"without from"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"dropping an archive result from"_s));
    h.transport->inject(result(sent.queryId, u"occupant"_s, u"from an occupant"_s,
                               u"2010-07-10T23:08:25Z"_s, u"coven@chat.shakespeare.lit/witch"_s));
    h.transport->inject(result(sent.queryId, u"room"_s, u"from the room"_s,
                               u"2010-07-10T23:08:25Z"_s, Room.toString()));
    h.transport->inject(fin(sent.id, u"room"_s, u"room"_s, true, Room.toString()));
    QCOMPARE(h.pages.size(), 1);
    QCOMPARE(bodies(h.pages.first()), QStringList{u"from the room"_s});
}

void tst_Mam::finFromAnyoneElseIsIgnored()
{
    Harness h;
    h.mam->query(Room, {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"dropping iq response"_s));
    h.transport->inject(fin(sent.id, u"a"_s, u"a"_s, true, u"romeo@montague.lit"_s));
    QVERIFY(h.pages.isEmpty());
    h.transport->inject(fin(sent.id, QString(), QString(), true, Room.toString()));
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(h.pages.first().ok());
}

void tst_Mam::errorEndsTheQuery()
{
    Harness h;
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"failed"_s));
    h.transport->inject(
        u"<iq type='error' id='%1'><error type='cancel'><item-not-found "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(sent.id));
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(!h.pages.first().ok());
    QCOMPARE(h.pages.first().status, IqResult::Status::Error);
    QVERIFY(!h.pages.first().error.isEmpty());
    QCOMPARE(h.mam->runningQueries(), 0);
}

void tst_Mam::answerWithoutFinIsAnError()
{
    Harness h;
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"without <fin/>"_s));
    h.transport->inject(u"<iq type='result' id='%1'/>"_s.arg(h.lastQuery().id));
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(!h.pages.first().ok());
}

void tst_Mam::resultsAfterFinAreDropped()
{
    Harness h;
    QSignalSpy streamed(h.mam, &MamExtension::resultReceived);
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    h.transport->inject(fin(sent.id, QString(), QString(), true));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"unknown query"_s));
    h.transport->inject(result(sent.queryId, u"late"_s, u"late"_s));
    QCOMPARE(streamed.size(), 0);
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(h.pages.first().messages.isEmpty());
}

void tst_Mam::disconnectEndsTheQuery()
{
    Harness h;
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    h.transport->inject(result(h.lastQuery().queryId, u"a"_s, u"one"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"failed"_s));
    h.account->disconnectFromServer();
    QTRY_COMPARE(h.pages.size(), 1);
    QCOMPARE(h.pages.first().status, IqResult::Status::Disconnected);
    QCOMPARE(h.mam->runningQueries(), 0);
}

void tst_Mam::invalidResultIsDropped()
{
    Harness h;
    h.mam->query(Jid(), {}, 10, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"invalid archive result"_s));
    h.transport->inject(u"<message><result xmlns='urn:xmpp:mam:2' queryid='%1' id='a'/>"
                        u"</message>"_s.arg(sent.queryId));
    h.transport->inject(fin(sent.id, QString(), QString(), true));
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(h.pages.first().messages.isEmpty());
}

void tst_Mam::fetchSincePagesForwardUntilComplete()
{
    Harness h;
    h.mam->fetchSince(u"m0"_s, nullptr, h.collect(), 2);
    int n = 0;
    for (int page = 0; page < 3; ++page) {
        const auto sent = h.lastQuery();
        QVERIFY(sent.query.resultSet);
        QCOMPARE(sent.query.resultSet->max, 2);
        QCOMPARE(sent.query.resultSet->after, u"m%1"_s.arg(n)); // where the last page ended
        QVERIFY(!sent.query.resultSet->before);
        const int inPage = page < 2 ? 2 : 1;
        const QString first = u"m%1"_s.arg(n + 1);
        for (int i = 0; i < inPage; ++i) {
            ++n;
            h.transport->inject(result(sent.queryId, u"m%1"_s.arg(n), u"message %1"_s.arg(n)));
        }
        h.transport->inject(fin(sent.id, first, u"m%1"_s.arg(n), page == 2));
        QCOMPARE(h.pages.size(), page + 1);
    }
    QCOMPARE(h.transport->sent().size(), 3); // nothing after complete
    QStringList all;
    for (const Page &p : std::as_const(h.pages)) {
        QVERIFY(p.ok());
        all += bodies(p);
    }
    QCOMPARE(all, (QStringList{u"message 1"_s, u"message 2"_s, u"message 3"_s, u"message 4"_s,
                               u"message 5"_s}));
    QVERIFY(!h.pages.at(0).complete);
    QVERIFY(!h.pages.at(1).complete);
    QVERIFY(h.pages.at(2).complete);
}

void tst_Mam::fetchSinceWithoutIdStartsAtTheBeginning()
{
    Harness h;
    h.mam->fetchSince(QString(), nullptr, h.collect());
    const auto sent = h.lastQuery();
    QVERIFY(sent.query.resultSet);
    QCOMPARE(sent.query.resultSet->max, MamExtension::DefaultPageSize);
    QVERIFY(!sent.query.resultSet->after);
    QVERIFY(!sent.query.resultSet->before);
    QVERIFY(sent.query.with.isNull());
}

void tst_Mam::fetchSinceStopsWhenArchiveDoesNotAdvance()
{
    Harness h;
    h.mam->fetchSince(u"m0"_s, nullptr, h.collect(), 2);
    const auto sent = h.lastQuery();
    // Not complete, yet nothing new: asking again would loop forever.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"did not advance"_s));
    h.transport->inject(fin(sent.id, QString(), QString(), false));
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(!h.pages.first().ok());
    QCOMPARE(h.transport->sent().size(), 1);
}

void tst_Mam::fetchSinceStopsOnError()
{
    Harness h;
    h.mam->fetchSince(u"gone"_s, nullptr, h.collect());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"failed"_s));
    h.transport->inject(
        u"<iq type='error' id='%1'><error type='cancel'><item-not-found "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(h.lastQuery().id));
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(!h.pages.first().ok());
    QCOMPARE(h.transport->sent().size(), 1);
}

void tst_Mam::fetchBeforeAsksForThePageBefore()
{
    Harness h;
    const Jid romeo = Jid::fromString(u"romeo@montague.lit");
    h.mam->fetchBefore(romeo, u"09af3-cc343-b409f"_s, 20, nullptr, h.collect());
    const auto sent = h.lastQuery();
    QCOMPARE(sent.query.with, romeo);
    QVERIFY(sent.query.resultSet);
    QCOMPARE(sent.query.resultSet->max, 20);
    QCOMPARE(sent.query.resultSet->before, u"09af3-cc343-b409f"_s);
    QVERIFY(!sent.query.resultSet->after);
    h.transport->inject(result(sent.queryId, u"a"_s, u"older"_s));
    h.transport->inject(fin(sent.id, u"a"_s, u"a"_s, true));
    QCOMPARE(h.pages.size(), 1);
    QVERIFY(h.pages.first().complete); // the start of the conversation
    QCOMPARE(bodies(h.pages.first()), QStringList{u"older"_s});
}

void tst_Mam::fetchBeforeWithoutIdAsksForTheLastPage()
{
    Harness h;
    h.mam->fetchBefore(Jid::fromString(u"romeo@montague.lit"), QString(), 20, nullptr, h.collect());
    const XmlElement set = h.transport->lastSent().firstChild().firstChild(ns::Rsm, u"set");
    QCOMPARE(set, xml(u"<set xmlns='http://jabber.org/protocol/rsm'><max>20</max><before/>"
                      u"</set>"_s));
}

void tst_Mam::callbackIsDroppedWithItsContext()
{
    Harness h;
    int calls = 0;
    auto context = std::make_unique<QObject>();
    h.mam->fetchSince(QString(), context.get(), [&](const Page &) { ++calls; });
    const auto sent = h.lastQuery();
    context.reset();
    h.transport->inject(fin(sent.id, u"a"_s, u"b"_s, false));
    QCOMPARE(calls, 0);
    QCOMPARE(h.transport->sent().size(), 1); // and no further page
}

void tst_Mam::archiveIdTrustsOnlyTheArchive()
{
    const Message message(
        xml(u"<message from='romeo@montague.lit/orchard' to='juliet@capulet.lit/chamber'>"
            u"<body>hi</body>"
            u"<stanza-id xmlns='urn:xmpp:sid:0' id='forged' by='juliet@capulet.lit/chamber'/>"
            u"<stanza-id xmlns='urn:xmpp:sid:0' id='other' by='montague.lit'/>"
            u"<stanza-id xmlns='urn:xmpp:sid:0' id='5f3dbc5e' by='juliet@capulet.lit'/>"
            u"</message>"_s));
    QCOMPARE(MamExtension::archiveIdOf(message, OwnJid.bare()), u"5f3dbc5e"_s);
    QCOMPARE(MamExtension::archiveIdOf(message, Room), QString());
}

QTEST_GUILESS_MAIN(tst_Mam)
#include "tst_mam.moc"
