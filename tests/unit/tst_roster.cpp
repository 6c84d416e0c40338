// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/RosterExtension.h"
#include "payloads/RosterItem.h"
#include "payloads/RosterQuery.h"
#include "storage/RosterCache.h"
#include "xml/Namespaces.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace natter {

// Readable QCOMPARE failures (found by argument-dependent lookup).
char *toString(const Jid &jid)
{
    return QTest::toString(jid.isNull() ? u"(null)"_s : jid.toString());
}

char *toString(const RosterItem &item)
{
    return QTest::toString(item.toElement().toString());
}

char *toString(const XmlElement &element)
{
    return QTest::toString(element.isNull() ? u"(null)"_s : element.toString(ns::Client));
}

} // namespace natter

using namespace natter;
using Subscription = RosterItem::Subscription;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@example.com/balcony");

Jid jid(const QString &text)
{
    return Jid::fromString(text);
}

RosterItem makeItem(const QString &address, const QString &name = {},
                    Subscription subscription = Subscription::None, const QStringList &groups = {})
{
    RosterItem item;
    item.jid = jid(address);
    item.name = name;
    item.subscription = subscription;
    item.groups = groups;
    return item;
}

XmlElement element(const QString &xml)
{
    const XmlElement e = XmlElement::fromXml(xml.toUtf8());
    if (e.isNull())
        qWarning("not well-formed: %s", qPrintable(xml));
    return e;
}

// One account over a fake server, with a roster extension, online.
struct Harness
{
    explicit Harness(bool versioning = false, RosterCache *cache = nullptr, bool autoFetch = true)
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        if (versioning)
            session.features.insert(SessionInfo::featureKey(ns::RosterVersioning, u"ver"_s));
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        roster = new RosterExtension(account.get());
        roster->setAutoFetch(autoFetch);
        roster->setCache(cache);
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        account->connectToServer();
    }

    // Answers the last request (expected to be a roster get) with the given payload.
    void answerFetch(const QString &payload)
    {
        const XmlElement get = transport->lastSent();
        QVERIFY(get.firstChild().is(ns::Roster, u"query"));
        QCOMPARE(get.attribute(u"type"), u"get"_s);
        transport->inject(
            u"<iq type='result' id='%1'>%2</iq>"_s.arg(get.attribute(u"id"), payload));
    }

    // Answers the last request with an empty result, or with the given error condition.
    void answerLast(const QString &errorCondition = {})
    {
        const QString id = transport->lastSent().attribute(u"id");
        if (errorCondition.isEmpty()) {
            transport->inject(u"<iq type='result' id='%1'/>"_s.arg(id));
        } else {
            transport->inject(u"<iq type='error' id='%1'><error type='cancel'><%2 "
                              "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(
                                  id, errorCondition));
        }
    }

    // Loads a roster of the given items (unversioned).
    void load(const QString &items)
    {
        answerFetch(u"<query xmlns='jabber:iq:roster'>%1</query>"_s.arg(items));
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    RosterExtension *roster = nullptr;
};

// The sent element equals the expected XML, whose missing 'id' is taken from the sent one.
bool sentEquals(const XmlElement &sent, const QString &expectedXml)
{
    XmlElement expected = FakeTransport::parse(expectedXml);
    if (!expected.hasAttribute(u"id") && sent.hasAttribute(u"id"))
        expected.setAttribute(u"id"_s, sent.attribute(u"id"));
    if (sent == expected)
        return true;
    qWarning("sent:     %s\nexpected: %s", qPrintable(sent.toString(ns::Client)),
             qPrintable(expected.toString(ns::Client)));
    return false;
}

const QString RfcRoster = uR"(
<query xmlns='jabber:iq:roster' ver='ver11'>
  <item jid='romeo@example.net' name='Romeo' subscription='both'>
    <group>Friends</group>
  </item>
  <item jid='mercutio@example.com' name='Mercutio' subscription='from'/>
  <item jid='benvolio@example.net' name='Benvolio' subscription='both'/>
</query>)"_s;

} // namespace

class tst_Roster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Payloads
    void itemIsReadFromElement_data();
    void itemIsReadFromElement();
    void itemSurvivesRoundTrip_data();
    void itemSurvivesRoundTrip();
    void itemWritesServerForm();
    void itemRequestFormOmitsServerAttributes();
    void subscriptionNamesMatchRfc_data();
    void subscriptionNamesMatchRfc();
    void displayNameFallsBackToBareJid_data();
    void displayNameFallsBackToBareJid();
    void queryReadsRfcRosterResult();
    void queryDistinguishesMissingAndEmptyVersion_data();
    void queryDistinguishesMissingAndEmptyVersion();
    void querySkipsInvalidItems();
    void querySurvivesRoundTrip();
    void queryRejectsOtherElements_data();
    void queryRejectsOtherElements();

    // Fetching
    void fetchSendsRosterGetAndLoads();
    void fetchWithoutServerVersioningSendsNoVersion();
    void fetchBootstrapsVersioningWithEmptyVersion();
    void versionedEmptyResultKeepsCache();
    void emptyCachedRosterIsFetchedWhole();
    void versionedFullResultReplacesCache();
    void fullResultReplacesEverything();
    void emptyResultWithoutVersionMeansEmptyRoster();
    void fetchErrorEmitsFetchFailed();
    void fetchWhileOfflineFails();
    void invalidRosterResultFails();
    void newSessionFetchesWithVersionInMemory();
    void resumedSessionDoesNotFetch();
    void autoFetchOffDoesNotFetch();
    void duplicateItemsInResultCollapse();

    // Pushes
    void pushAddsChangesAndRemovesItems();
    void pushFromForeignJidIsRejected_data();
    void pushFromForeignJidIsRejected();
    void pushFromOwnBareJidIsAccepted();
    void pushWithoutFromIsAccepted();
    void pushWithSeveralItemsIsRejected_data();
    void pushWithSeveralItemsIsRejected();
    void pushWithInvalidJidIsRejected();
    void pushUpdatesVersionAndCache();
    void rosterGetFromServerIsNotAnswered();

    // Changing the roster
    void addOrUpdateSendsRosterSet();
    void renameKeepsGroups();
    void setGroupsKeepsNameAndNormalises();
    void removeSendsSubscriptionRemove();
    void setReportsServerAnswerThroughCallback_data();
    void setReportsServerAnswerThroughCallback();
    void setWithInvalidJidFailsWithoutSending();
    void setWhileOfflineReportsDisconnected();
    void callbackIsDroppedWithItsContext();

    // Queries
    void groupsAreSortedAndUnique();
    void itemLookupFallsBackToBareJid();
    void largeRosterKeepsOrderAndIndex();

    // Cache
    void cacheSurvivesRoundTrip();
    void cacheCreatesDirectory();
    void cacheMissingFileLoadsNothing();
    void cacheWrittenByHandLoads();
    void cacheCorruptFileIsIgnored_data();
    void cacheCorruptFileIsIgnored();
};

void tst_Roster::initTestCase()
{
    qRegisterMetaType<RosterItem>();
    qRegisterMetaType<Jid>();
}

// --- Payloads -----------------------------------------------------------------------------

void tst_Roster::itemIsReadFromElement_data()
{
    QTest::addColumn<QString>("xml");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<RosterItem>("expected");

    // RFC 6121 §2.1.4 (roster result)
    QTest::newRow("rfc-romeo") << u"<item xmlns='jabber:iq:roster' jid='romeo@example.net' "
                                  "name='Romeo' subscription='both'><group>Friends</group></item>"_s
                               << true
                               << makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both,
                                           {u"Friends"_s});
    QTest::newRow("rfc-mercutio")
        << u"<item xmlns='jabber:iq:roster' jid='mercutio@example.com' name='Mercutio' "
           "subscription='from'/>"_s
        << true << makeItem(u"mercutio@example.com"_s, u"Mercutio"_s, Subscription::From);
    // RFC 6121 §2.3.1 (roster set) and §2.1.6 (push): only a jid
    QTest::newRow("rfc-nurse") << u"<item xmlns='jabber:iq:roster' jid='nurse@example.com'/>"_s
                               << true << makeItem(u"nurse@example.com"_s);
    // RFC 6121 §2.5.1 (delete)
    QTest::newRow("rfc-remove")
        << u"<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='remove'/>"_s
        << true << makeItem(u"nurse@example.com"_s, {}, Subscription::Remove);
    // RFC 6121 §3.1.2 (pending out)
    RosterItem asking = makeItem(u"juliet@example.com"_s);
    asking.askSubscribe = true;
    QTest::newRow("rfc-ask") << u"<item xmlns='jabber:iq:roster' ask='subscribe' "
                                "jid='juliet@example.com' subscription='none'/>"_s
                             << true << asking;
    // RFC 6121 §3.4.2 (pre-approved)
    RosterItem approved = makeItem(u"romeo@example.net"_s);
    approved.approved = true;
    QTest::newRow("rfc-approved") << u"<item xmlns='jabber:iq:roster' approved='true' "
                                     "jid='romeo@example.net' subscription='none'/>"_s
                                  << true << approved;
    QTest::newRow("approved-1") << u"<item xmlns='jabber:iq:roster' approved='1' "
                                   "jid='romeo@example.net'/>"_s
                                << true << approved;
    QTest::newRow("approved-false") << u"<item xmlns='jabber:iq:roster' approved='false' "
                                       "jid='romeo@example.net'/>"_s
                                    << true << makeItem(u"romeo@example.net"_s);
    QTest::newRow("ask-other") << u"<item xmlns='jabber:iq:roster' ask='unsubscribe' "
                                  "jid='romeo@example.net'/>"_s
                               << true << makeItem(u"romeo@example.net"_s);
    QTest::newRow("unknown-subscription")
        << u"<item xmlns='jabber:iq:roster' jid='romeo@example.net' subscription='sometimes'/>"_s
        << true << makeItem(u"romeo@example.net"_s);
    QTest::newRow("jid-prepared") << u"<item xmlns='jabber:iq:roster' jid='Romeo@Example.NET'/>"_s
                                  << true << makeItem(u"romeo@example.net"_s);
    QTest::newRow("groups-normalised")
        << u"<item xmlns='jabber:iq:roster' jid='romeo@example.net'><group> Friends </group>"
           "<group></group><group>  </group><group>Lovers</group><group>Friends</group></item>"_s
        << true
        << makeItem(u"romeo@example.net"_s, {}, Subscription::None, {u"Friends"_s, u"Lovers"_s});
    QTest::newRow("foreign-child-ignored")
        << u"<item xmlns='jabber:iq:roster' jid='romeo@example.net'><group "
           "xmlns='urn:example'>X</group></item>"_s
        << true << makeItem(u"romeo@example.net"_s);
    QTest::newRow("missing-jid") << u"<item xmlns='jabber:iq:roster' name='Nobody'/>"_s << false
                                 << RosterItem();
    QTest::newRow("empty-jid") << u"<item xmlns='jabber:iq:roster' jid=''/>"_s << false
                               << RosterItem();
    QTest::newRow("invalid-jid") << u"<item xmlns='jabber:iq:roster' jid='a@b@c'/>"_s << false
                                 << RosterItem();
    QTest::newRow("space-in-jid") << u"<item xmlns='jabber:iq:roster' jid='ro meo@example.net'/>"_s
                                  << false << RosterItem();
    QTest::newRow("wrong-namespace")
        << u"<item xmlns='jabber:client' jid='romeo@example.net'/>"_s << false << RosterItem();
    QTest::newRow("wrong-name") << u"<contact xmlns='jabber:iq:roster' jid='romeo@example.net'/>"_s
                                << false << RosterItem();
}

void tst_Roster::itemIsReadFromElement()
{
    QFETCH(QString, xml);
    QFETCH(bool, valid);
    QFETCH(RosterItem, expected);

    const std::optional<RosterItem> item = RosterItem::fromElement(element(xml));
    QCOMPARE(item.has_value(), valid);
    if (valid)
        QCOMPARE(*item, expected);
}

void tst_Roster::itemSurvivesRoundTrip_data()
{
    QTest::addColumn<RosterItem>("item");

    QTest::newRow("minimal") << makeItem(u"nurse@example.com"_s);
    QTest::newRow("full") << makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both,
                                      {u"Friends"_s, u"Lovers"_s});
    for (Subscription s : {Subscription::To, Subscription::From, Subscription::Remove}) {
        QTest::newRow(qPrintable(RosterItem::subscriptionName(s)))
            << makeItem(u"a@example.com"_s, {}, s);
    }
    RosterItem flags = makeItem(u"tybalt@example.com"_s, u"Tybalt"_s, Subscription::To);
    flags.askSubscribe = true;
    flags.approved = true;
    QTest::newRow("ask-approved") << flags;
    QTest::newRow("domain-jid") << makeItem(u"icq.example.com"_s, u"ICQ gateway"_s);
    QTest::newRow("unicode") << makeItem(u"ρωμέο@example.net"_s, u"Ρωμέο ♥ & <co>"_s,
                                         Subscription::Both, {u"Φίλοι"_s});
}

void tst_Roster::itemSurvivesRoundTrip()
{
    QFETCH(RosterItem, item);
    // Through the element, and through serialised XML.
    const auto direct = RosterItem::fromElement(item.toElement());
    QVERIFY(direct);
    QCOMPARE(*direct, item);
    const auto serialised = RosterItem::fromElement(XmlElement::fromXml(item.toElement().toXml()));
    QVERIFY(serialised);
    QCOMPARE(*serialised, item);
}

void tst_Roster::itemWritesServerForm()
{
    RosterItem item = makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both,
                               {u"Friends"_s, u"Lovers"_s});
    item.askSubscribe = true;
    item.approved = true;
    QCOMPARE(item.toElement(),
             element(u"<item xmlns='jabber:iq:roster' jid='romeo@example.net' name='Romeo' "
                     "subscription='both' ask='subscribe' approved='true'><group>Friends</group>"
                     "<group>Lovers</group></item>"_s));
    // none is the default and left out
    QCOMPARE(makeItem(u"nurse@example.com"_s).toElement(),
             element(u"<item xmlns='jabber:iq:roster' jid='nurse@example.com'/>"_s));
}

void tst_Roster::itemRequestFormOmitsServerAttributes()
{
    RosterItem item = makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both,
                               {u"Friends"_s, u" Friends"_s, u""_s});
    item.askSubscribe = true;
    item.approved = true;
    // RFC 6121 §2.1.2: a client sends neither subscription (except remove), ask nor approved.
    QCOMPARE(item.toRequestElement(),
             element(u"<item xmlns='jabber:iq:roster' jid='romeo@example.net' name='Romeo'>"
                     "<group>Friends</group></item>"_s));
    item.subscription = Subscription::Remove;
    QCOMPARE(item.toRequestElement(),
             element(u"<item xmlns='jabber:iq:roster' jid='romeo@example.net' "
                     "subscription='remove'/>"_s));
}

void tst_Roster::subscriptionNamesMatchRfc_data()
{
    QTest::addColumn<Subscription>("subscription");
    QTest::addColumn<QString>("name");
    QTest::newRow("none") << Subscription::None << u"none"_s;
    QTest::newRow("to") << Subscription::To << u"to"_s;
    QTest::newRow("from") << Subscription::From << u"from"_s;
    QTest::newRow("both") << Subscription::Both << u"both"_s;
    QTest::newRow("remove") << Subscription::Remove << u"remove"_s;
}

void tst_Roster::subscriptionNamesMatchRfc()
{
    QFETCH(Subscription, subscription);
    QFETCH(QString, name);
    QCOMPARE(RosterItem::subscriptionName(subscription), name);
    QCOMPARE(RosterItem::subscriptionFromName(name).value_or(Subscription::None), subscription);
    QVERIFY(RosterItem::subscriptionFromName(name).has_value());
    QVERIFY(!RosterItem::subscriptionFromName(name.toUpper()).has_value());
}

void tst_Roster::displayNameFallsBackToBareJid_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("named") << u"romeo@example.net"_s << u"Romeo"_s << u"Romeo"_s;
    QTest::newRow("unnamed") << u"romeo@example.net"_s << QString() << u"romeo@example.net"_s;
    QTest::newRow("blank") << u"romeo@example.net"_s << u"  "_s << u"romeo@example.net"_s;
    QTest::newRow("full-jid") << u"romeo@example.net/orchard"_s << QString()
                              << u"romeo@example.net"_s;
}

void tst_Roster::displayNameFallsBackToBareJid()
{
    QFETCH(QString, address);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(makeItem(address, name).displayName(), expected);
}

void tst_Roster::queryReadsRfcRosterResult()
{
    const std::optional<RosterQuery> query = RosterQuery::fromElement(element(RfcRoster));
    QVERIFY(query);
    QVERIFY(query->hasVersion);
    QCOMPARE(query->version, u"ver11"_s);
    QCOMPARE(query->items.size(), 3);
    QCOMPARE(query->items.at(0),
             makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both, {u"Friends"_s}));
    QCOMPARE(query->items.at(1),
             makeItem(u"mercutio@example.com"_s, u"Mercutio"_s, Subscription::From));
    QCOMPARE(query->items.at(2),
             makeItem(u"benvolio@example.net"_s, u"Benvolio"_s, Subscription::Both));
}

void tst_Roster::queryDistinguishesMissingAndEmptyVersion_data()
{
    QTest::addColumn<QString>("xml");
    QTest::addColumn<bool>("hasVersion");
    QTest::addColumn<QString>("version");
    QTest::newRow("absent") << u"<query xmlns='jabber:iq:roster'/>"_s << false << QString();
    // RFC 6121 §2.6.2: ver='' bootstraps versioning
    QTest::newRow("empty") << u"<query xmlns='jabber:iq:roster' ver=''/>"_s << true << QString();
    QTest::newRow("set") << u"<query xmlns='jabber:iq:roster' ver='ver14'/>"_s << true
                         << u"ver14"_s;
}

void tst_Roster::queryDistinguishesMissingAndEmptyVersion()
{
    QFETCH(QString, xml);
    QFETCH(bool, hasVersion);
    QFETCH(QString, version);
    const auto query = RosterQuery::fromElement(element(xml));
    QVERIFY(query);
    QCOMPARE(query->hasVersion, hasVersion);
    QCOMPARE(query->version, version);
    QVERIFY(query->items.isEmpty());
    // and it writes back the same way
    QCOMPARE(query->toElement(), element(xml));
}

void tst_Roster::querySkipsInvalidItems()
{
    const auto query = RosterQuery::fromElement(
        element(u"<query xmlns='jabber:iq:roster'><item jid='a@example.com'/><item jid='@bad'/>"
                "<item name='no jid'/><item jid='b@example.com'/></query>"_s));
    QVERIFY(query);
    QCOMPARE(query->items.size(), 2);
    QCOMPARE(query->items.at(0).jid, jid(u"a@example.com"_s));
    QCOMPARE(query->items.at(1).jid, jid(u"b@example.com"_s));
}

void tst_Roster::querySurvivesRoundTrip()
{
    const auto query = RosterQuery::fromElement(element(RfcRoster));
    QVERIFY(query);
    QCOMPARE(RosterQuery::fromElement(query->toElement()), query);
    QCOMPARE(RosterQuery::fromElement(XmlElement::fromXml(query->toElement().toXml())), query);
}

void tst_Roster::queryRejectsOtherElements_data()
{
    QTest::addColumn<QString>("xml");
    QTest::newRow("other-namespace") << u"<query xmlns='jabber:iq:version'/>"_s;
    QTest::newRow("other-name") << u"<roster xmlns='jabber:iq:roster'/>"_s;
}

void tst_Roster::queryRejectsOtherElements()
{
    QFETCH(QString, xml);
    QVERIFY(!RosterQuery::fromElement(element(xml)).has_value());
}

// --- Fetching -----------------------------------------------------------------------------

void tst_Roster::fetchSendsRosterGetAndLoads()
{
    Harness h;
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);
    QSignalSpy added(h.roster, &RosterExtension::itemAdded);
    QVERIFY(h.roster->isFetching());
    QVERIFY(!h.roster->isLoaded());
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster'/></iq>"_s));

    h.answerFetch(RfcRoster);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(added.size(), 0); // a full load is one signal, not one per item
    QVERIFY(h.roster->isLoaded());
    QVERIFY(!h.roster->isFetching());
    QCOMPARE(h.roster->version(), u"ver11"_s);
    QCOMPARE(h.roster->count(), 3);
    const QList<RosterItem> items = h.roster->items();
    QCOMPARE(items.at(0).jid, jid(u"romeo@example.net"_s));
    QCOMPARE(items.at(1).jid, jid(u"mercutio@example.com"_s));
    QCOMPARE(items.at(2).jid, jid(u"benvolio@example.net"_s));
    QCOMPARE(h.roster->item(jid(u"mercutio@example.com"_s))->name, u"Mercutio"_s);
    QVERIFY(!h.roster->item(jid(u"tybalt@example.com"_s)));
}

void tst_Roster::fetchWithoutServerVersioningSendsNoVersion()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    QVERIFY(cache.save(RosterQuery{u"ver9"_s, true, {makeItem(u"old@example.com"_s)}}));
    Harness h(false, &cache);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster'/></iq>"_s));
}

void tst_Roster::fetchBootstrapsVersioningWithEmptyVersion()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    Harness h(true, &cache);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver=''/></iq>"_s));
    h.answerFetch(RfcRoster);
    h.roster->flushCache();
    const auto stored = cache.load();
    QVERIFY(stored);
    QCOMPARE(stored->version, u"ver11"_s);
    QCOMPARE(stored->items, h.roster->items());
}

void tst_Roster::versionedEmptyResultKeepsCache()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    const QList<RosterItem> cachedItems{
        makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both, {u"Friends"_s}),
        makeItem(u"nurse@example.com"_s, u"Nurse"_s, Subscription::To)};
    QVERIFY(cache.save(RosterQuery{u"ver14"_s, true, cachedItems}));

    Harness h(true, &cache);
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver='ver14'/></iq>"_s));
    QVERIFY(!h.roster->isLoaded()); // the cache counts only once the server confirms it
    h.answerLast();
    QCOMPARE(loaded.size(), 1);
    QVERIFY(h.roster->isLoaded());
    QCOMPARE(h.roster->version(), u"ver14"_s);
    QCOMPARE(h.roster->items(), cachedItems);
}

void tst_Roster::emptyCachedRosterIsFetchedWhole()
{
    // Prosody reports a roster it never stored as version "1", and after the first change the
    // version is 1 as well: an empty roster held at "1" would stay empty. An empty roster is
    // fetched whole (ver=''), from the cache and from memory alike; a non-empty one by version.
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    QVERIFY(cache.save(RosterQuery{u"1"_s, true, {}}));
    Harness h(true, &cache);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver=''/></iq>"_s));
    h.answerLast(); // "" is not current: the server sends the roster; here it is still empty
    QVERIFY(h.roster->isLoaded());

    h.account->disconnectFromServer();
    h.transport->clearSent();
    h.account->connectToServer();
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver=''/></iq>"_s));
    h.answerFetch(RfcRoster);
    QCOMPARE(h.roster->count(), 3);

    h.account->disconnectFromServer();
    h.transport->clearSent();
    h.account->connectToServer();
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver='ver11'/></iq>"_s));
}

void tst_Roster::versionedFullResultReplacesCache()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    QVERIFY(cache.save(RosterQuery{u"ver7"_s, true, {makeItem(u"old@example.com"_s)}}));

    Harness h(true, &cache);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver='ver7'/></iq>"_s));
    h.answerFetch(RfcRoster);
    QCOMPARE(h.roster->count(), 3);
    QVERIFY(!h.roster->item(jid(u"old@example.com"_s)));
    // written after a short delay
    QTRY_COMPARE(cache.load().value_or(RosterQuery()).version, u"ver11"_s);
    QCOMPARE(cache.load()->items, h.roster->items());
}

void tst_Roster::fullResultReplacesEverything()
{
    Harness h;
    h.load(u"<item jid='a@example.com'/><item jid='b@example.com' name='B'/>"_s);
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);
    QSignalSpy added(h.roster, &RosterExtension::itemAdded);
    QSignalSpy changed(h.roster, &RosterExtension::itemChanged);
    QSignalSpy removed(h.roster, &RosterExtension::itemRemoved);

    h.roster->fetch();
    h.load(u"<item jid='b@example.com' name='Bee'/><item jid='c@example.com'/>"_s);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(added.size() + changed.size() + removed.size(), 0);
    QCOMPARE(h.roster->items(), (QList<RosterItem>{makeItem(u"b@example.com"_s, u"Bee"_s),
                                                   makeItem(u"c@example.com"_s)}));
    QVERIFY(!h.roster->item(jid(u"a@example.com"_s)));
}

void tst_Roster::emptyResultWithoutVersionMeansEmptyRoster()
{
    Harness h;
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);
    h.answerLast();
    QCOMPARE(loaded.size(), 1);
    QVERIFY(h.roster->isLoaded());
    QCOMPARE(h.roster->count(), 0);
}

void tst_Roster::fetchErrorEmitsFetchFailed()
{
    Harness h;
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);
    QSignalSpy failed(h.roster, &RosterExtension::fetchFailed);
    h.answerLast(u"internal-server-error"_s);
    QCOMPARE(failed.size(), 1);
    QVERIFY(!failed.first().first().toString().isEmpty());
    QCOMPARE(loaded.size(), 0);
    QVERIFY(!h.roster->isLoaded());
    QVERIFY(!h.roster->isFetching());
}

void tst_Roster::fetchWhileOfflineFails()
{
    Account account(new FakeTransport);
    auto *roster = new RosterExtension(&account);
    QSignalSpy failed(roster, &RosterExtension::fetchFailed);
    roster->fetch();
    QCOMPARE(failed.size(), 1);
    QVERIFY(static_cast<FakeTransport *>(account.transport())->sent().isEmpty());
}

void tst_Roster::invalidRosterResultFails()
{
    Harness h;
    QSignalSpy failed(h.roster, &RosterExtension::fetchFailed);
    h.answerFetch(u"<query xmlns='jabber:iq:version'/>"_s);
    QCOMPARE(failed.size(), 1);
    QVERIFY(!h.roster->isLoaded());
}

void tst_Roster::newSessionFetchesWithVersionInMemory()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    Harness h(true, &cache);
    h.answerFetch(RfcRoster);
    const QList<RosterItem> items = h.roster->items();

    h.account->disconnectFromServer();
    QVERIFY(h.roster->isLoaded()); // kept for offline display
    QCOMPARE(h.roster->items(), items);
    h.transport->clearSent();
    h.account->connectToServer();
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver='ver11'/></iq>"_s));
    h.answerLast();
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(h.roster->items(), items);
}

void tst_Roster::resumedSessionDoesNotFetch()
{
    Harness h;
    h.load({});
    h.transport->setResumable(true);
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.transport->clearSent();
    SessionInfo session = h.transport->session();
    session.resumed = true;
    h.transport->setSession(session);
    h.account->reconnectNow();
    QVERIFY(h.account->isOnline());
    QVERIFY(h.transport->sent().isEmpty());
}

void tst_Roster::autoFetchOffDoesNotFetch()
{
    Harness h(false, nullptr, false);
    QVERIFY(h.account->isOnline());
    QVERIFY(h.transport->sent().isEmpty());
    h.roster->fetch();
    QCOMPARE(h.transport->sent().size(), 1);
}

void tst_Roster::duplicateItemsInResultCollapse()
{
    Harness h;
    // A removal and a duplicate in the middle: the items after them close up, and each is
    // still found by its JID.
    h.load(u"<item jid='a@example.com' name='First'/><item jid='gone@example.com' "
           "subscription='remove'/><item jid='b@example.com'/>"
           "<item jid='A@example.com' name='Second'/><item jid='c@example.com' name='C'/>"_s);
    QCOMPARE(h.roster->count(), 3);
    QCOMPARE(h.roster->items().at(0), makeItem(u"a@example.com"_s, u"Second"_s));
    QCOMPARE(h.roster->items().at(1).jid, jid(u"b@example.com"_s));
    QCOMPARE(h.roster->items().at(2), makeItem(u"c@example.com"_s, u"C"_s));
    QCOMPARE(h.roster->item(jid(u"a@example.com"_s))->name, u"Second"_s);
    QCOMPARE(h.roster->item(jid(u"b@example.com"_s))->jid, jid(u"b@example.com"_s));
    QCOMPARE(h.roster->item(jid(u"c@example.com"_s))->name, u"C"_s);
    QVERIFY(!h.roster->item(jid(u"gone@example.com"_s)));
}

// --- Pushes -------------------------------------------------------------------------------

void tst_Roster::pushAddsChangesAndRemovesItems()
{
    Harness h;
    h.load(u"<item jid='romeo@example.net' name='Romeo' subscription='both'/>"_s);
    QSignalSpy added(h.roster, &RosterExtension::itemAdded);
    QSignalSpy changed(h.roster, &RosterExtension::itemChanged);
    QSignalSpy removed(h.roster, &RosterExtension::itemRemoved);
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);

    // RFC 6121 §2.3.2
    h.transport->inject(u"<iq type='set' id='a78b4q6ha463'><query xmlns='jabber:iq:roster'>"
                        "<item jid='nurse@example.com'/></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(), u"<iq type='result' id='a78b4q6ha463'/>"_s));
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.first().first().value<RosterItem>(), makeItem(u"nurse@example.com"_s));
    QCOMPARE(h.roster->items().last().jid, jid(u"nurse@example.com"_s));

    // RFC 6121 §2.4.2: an update
    h.transport->inject(u"<iq type='set' id='b2gs90j5'><query xmlns='jabber:iq:roster'>"
                        "<item jid='romeo@example.net' name='Romeo' subscription='both'>"
                        "<group>Friends</group><group>Lovers</group></item></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(), u"<iq type='result' id='b2gs90j5'/>"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(h.roster->item(jid(u"romeo@example.net"_s))->groups,
             (QStringList{u"Friends"_s, u"Lovers"_s}));
    QCOMPARE(h.roster->items().first().jid, jid(u"romeo@example.net"_s)); // stays in place

    // the same again: answered, but nothing changed
    h.transport->inject(u"<iq type='set' id='again'><query xmlns='jabber:iq:roster'>"
                        "<item jid='romeo@example.net' name='Romeo' subscription='both'>"
                        "<group>Friends</group><group>Lovers</group></item></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(), u"<iq type='result' id='again'/>"_s));
    QCOMPARE(changed.size(), 1);

    // RFC 6121 §2.5.2: a removal
    h.transport->inject(u"<iq type='set' id='hm4hs97y'><query xmlns='jabber:iq:roster'>"
                        "<item jid='nurse@example.com' subscription='remove'/></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(), u"<iq type='result' id='hm4hs97y'/>"_s));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().first().value<Jid>(), jid(u"nurse@example.com"_s));
    QVERIFY(!h.roster->item(jid(u"nurse@example.com"_s)));
    QCOMPARE(h.roster->count(), 1);

    // removing what is not there: answered, no signal
    h.transport->inject(u"<iq type='set' id='gone'><query xmlns='jabber:iq:roster'>"
                        "<item jid='nobody@example.com' subscription='remove'/></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(), u"<iq type='result' id='gone'/>"_s));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(added.size(), 1);
    QCOMPARE(loaded.size(), 0);
}

void tst_Roster::pushFromForeignJidIsRejected_data()
{
    QTest::addColumn<QString>("from");
    QTest::newRow("contact") << u"romeo@example.net"_s;
    QTest::newRow("contact-full") << u"romeo@example.net/orchard"_s;
    QTest::newRow("same-domain-user") << u"nurse@example.com"_s;
    QTest::newRow("own-domain") << u"example.com"_s;
    QTest::newRow("own-full-jid") << u"juliet@example.com/balcony"_s;
    QTest::newRow("own-other-resource") << u"juliet@example.com/chamber"_s;
    QTest::newRow("lookalike") << u"juliet@example.com.evil.example"_s;
}

void tst_Roster::pushFromForeignJidIsRejected()
{
    QFETCH(QString, from);
    Harness h;
    h.load(u"<item jid='romeo@example.net' name='Romeo' subscription='both'/>"_s);
    const QList<RosterItem> before = h.roster->items();
    const QString versionBefore = h.roster->version();
    QSignalSpy added(h.roster, &RosterExtension::itemAdded);
    QSignalSpy changed(h.roster, &RosterExtension::itemChanged);
    QSignalSpy removed(h.roster, &RosterExtension::itemRemoved);

    const QStringList pushes{
        u"<item jid='attacker@evil.example' name='Trust me' subscription='both'/>"_s,
        u"<item jid='romeo@example.net' name='Not Romeo' subscription='none'/>"_s,
        u"<item jid='romeo@example.net' subscription='remove'/>"_s,
    };
    for (const QString &item : pushes) {
        h.transport->inject(u"<iq type='set' id='evil' from='%1'><query xmlns='jabber:iq:roster' "
                            "ver='evil'>%2</query></iq>"_s.arg(from, item));
        QVERIFY(sentEquals(h.transport->lastSent(),
                           u"<iq type='error' id='evil' to='%1'><error type='cancel'>"
                           "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                           "</error></iq>"_s.arg(from)));
    }
    QCOMPARE(h.roster->items(), before);
    QCOMPARE(h.roster->version(), versionBefore);
    QCOMPARE(added.size() + changed.size() + removed.size(), 0);
}

void tst_Roster::pushFromOwnBareJidIsAccepted()
{
    Harness h;
    h.load({});
    QSignalSpy added(h.roster, &RosterExtension::itemAdded);
    // RFC 6121 §2.1.6 example
    h.transport->inject(
        u"<iq from='juliet@example.com' id='a78b4q6ha463' "
        "to='juliet@example.com/chamber' type='set'><query xmlns='jabber:iq:roster'>"
        "<item jid='nurse@example.com'/></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='result' id='a78b4q6ha463' to='juliet@example.com'/>"_s));
    QCOMPARE(added.size(), 1);
    QVERIFY(h.roster->item(jid(u"nurse@example.com"_s)));
}

void tst_Roster::pushWithoutFromIsAccepted()
{
    Harness h;
    h.load({});
    QSignalSpy added(h.roster, &RosterExtension::itemAdded);
    h.transport->inject(u"<iq id='p1' type='set'><query xmlns='jabber:iq:roster'>"
                        "<item jid='nurse@example.com' name='Nurse'/></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(), u"<iq type='result' id='p1'/>"_s));
    QCOMPARE(added.size(), 1);
    QCOMPARE(h.roster->item(jid(u"nurse@example.com"_s))->name, u"Nurse"_s);
}

void tst_Roster::pushWithSeveralItemsIsRejected_data()
{
    QTest::addColumn<QString>("items");
    QTest::newRow("two") << u"<item jid='a@example.com'/><item jid='b@example.com'/>"_s;
    QTest::newRow("none") << QString();
}

void tst_Roster::pushWithSeveralItemsIsRejected()
{
    QFETCH(QString, items);
    Harness h;
    h.load({});
    QSignalSpy added(h.roster, &RosterExtension::itemAdded);
    h.transport->inject(
        u"<iq id='multi' type='set'><query xmlns='jabber:iq:roster'>%1</query></iq>"_s.arg(items));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='error' id='multi'><error type='modify'><bad-request "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s));
    QCOMPARE(added.size(), 0);
    QCOMPARE(h.roster->count(), 0);
}

void tst_Roster::pushWithInvalidJidIsRejected()
{
    Harness h;
    h.load({});
    h.transport->inject(u"<iq id='bad' type='set'><query xmlns='jabber:iq:roster'>"
                        "<item jid='@example.com'/></query></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='error' id='bad'><error type='modify'><bad-request "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s));
    QCOMPARE(h.roster->count(), 0);
}

void tst_Roster::pushUpdatesVersionAndCache()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    Harness h(true, &cache);
    h.answerFetch(RfcRoster);
    h.transport->inject(u"<iq type='set' id='p'><query xmlns='jabber:iq:roster' ver='ver13'>"
                        "<item jid='nurse@example.com' name='Nurse'/></query></iq>"_s);
    QCOMPARE(h.roster->version(), u"ver13"_s);
    h.roster->flushCache();
    const auto stored = cache.load();
    QVERIFY(stored);
    QCOMPARE(stored->version, u"ver13"_s);
    QCOMPARE(stored->items.size(), 4);
    QCOMPARE(stored->items.last(), makeItem(u"nurse@example.com"_s, u"Nurse"_s));
}

void tst_Roster::rosterGetFromServerIsNotAnswered()
{
    Harness h;
    h.load({});
    h.transport->inject(u"<iq id='g' type='get' from='romeo@example.net/orchard'>"
                        "<query xmlns='jabber:iq:roster'/></iq>"_s);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='error' id='g' to='romeo@example.net/orchard'><error "
                       "type='cancel'><service-unavailable "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s));
}

// --- Changing the roster ------------------------------------------------------------------

void tst_Roster::addOrUpdateSendsRosterSet()
{
    Harness h;
    h.load({});
    RosterItem item =
        makeItem(u"nurse@example.com"_s, u"Nurse"_s, Subscription::Both, {u"Servants"_s});
    item.askSubscribe = true;
    h.roster->addOrUpdate(item);
    // RFC 6121 §2.3.1
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'><item "
                       "jid='nurse@example.com' name='Nurse'><group>Servants</group></item>"
                       "</query></iq>"_s));
    QVERIFY(!h.transport->lastSent().attribute(u"id").isEmpty());
    // the roster changes only with the server's push
    QCOMPARE(h.roster->count(), 0);
}

void tst_Roster::renameKeepsGroups()
{
    Harness h;
    h.load(u"<item jid='romeo@example.net' name='Romeo' subscription='both'>"
           "<group>Friends</group></item>"_s);
    h.roster->rename(jid(u"romeo@example.net"_s), u"Romeo Montague"_s);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'><item "
                       "jid='romeo@example.net' name='Romeo Montague'><group>Friends</group>"
                       "</item></query></iq>"_s));
    // an empty name removes it
    h.roster->rename(jid(u"romeo@example.net"_s), QString());
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'><item "
                       "jid='romeo@example.net'><group>Friends</group></item></query></iq>"_s));
}

void tst_Roster::setGroupsKeepsNameAndNormalises()
{
    Harness h;
    h.load(u"<item jid='romeo@example.net' name='Romeo' subscription='both'>"
           "<group>Friends</group></item>"_s);
    h.roster->setGroups(jid(u"romeo@example.net"_s),
                        {u" Lovers "_s, u"Friends"_s, u""_s, u"Lovers"_s});
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'><item "
                       "jid='romeo@example.net' name='Romeo'><group>Lovers</group>"
                       "<group>Friends</group></item></query></iq>"_s));
    // an unknown contact is added with just the groups
    h.roster->setGroups(jid(u"tybalt@example.com"_s), {u"Enemies"_s});
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'><item "
                       "jid='tybalt@example.com'><group>Enemies</group></item></query></iq>"_s));
}

void tst_Roster::removeSendsSubscriptionRemove()
{
    Harness h;
    h.load(u"<item jid='nurse@example.com' name='Nurse'><group>Servants</group></item>"_s);
    h.roster->remove(jid(u"nurse@example.com"_s));
    // RFC 6121 §2.5.1
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'><item "
                       "jid='nurse@example.com' subscription='remove'/></query></iq>"_s));
}

void tst_Roster::setReportsServerAnswerThroughCallback_data()
{
    QTest::addColumn<QString>("condition"); // empty: success
    QTest::addColumn<int>("operation");
    QTest::addColumn<bool>("ok");
    const char *names[] = {"add", "rename", "groups", "remove"};
    for (int op = 0; op < 4; ++op) {
        QTest::addRow("%s-ok", names[op]) << QString() << op << true;
        QTest::addRow("%s-not-acceptable", names[op]) << u"not-acceptable"_s << op << false;
        QTest::addRow("%s-item-not-found", names[op]) << u"item-not-found"_s << op << false;
    }
}

void tst_Roster::setReportsServerAnswerThroughCallback()
{
    QFETCH(QString, condition);
    QFETCH(int, operation);
    QFETCH(bool, ok);
    Harness h;
    h.load(u"<item jid='nurse@example.com'/>"_s);
    const Jid nurse = jid(u"nurse@example.com"_s);
    int calls = 0;
    IqResult received;
    const IqCallback callback = [&](const IqResult &result) {
        ++calls;
        received = result;
    };
    QObject context;
    switch (operation) {
    case 0:
        h.roster->addOrUpdate(makeItem(u"nurse@example.com"_s, u"Nurse"_s), &context, callback);
        break;
    case 1:
        h.roster->rename(nurse, u"Nurse"_s, &context, callback);
        break;
    case 2:
        h.roster->setGroups(nurse, {u"Servants"_s}, &context, callback);
        break;
    default:
        h.roster->remove(nurse, &context, callback);
        break;
    }
    QCOMPARE(calls, 0);
    h.answerLast(condition);
    QCOMPARE(calls, 1);
    QCOMPARE(received.ok(), ok);
    if (!ok) {
        QCOMPARE(received.status, IqResult::Status::Error);
        QCOMPARE(received.error.conditionName(), condition);
        QVERIFY(!received.errorString().isEmpty());
    }
}

void tst_Roster::setWithInvalidJidFailsWithoutSending()
{
    Harness h;
    h.load({});
    h.transport->clearSent();
    int calls = 0;
    IqResult received;
    h.roster->rename(Jid(), u"Nobody"_s, nullptr, [&](const IqResult &result) {
        ++calls;
        received = result;
    });
    QVERIFY(h.transport->sent().isEmpty());
    QCOMPARE(calls, 0); // asynchronous, like every answer
    QTRY_COMPARE(calls, 1);
    QCOMPARE(received.status, IqResult::Status::Error);
    QCOMPARE(received.error.condition(), StanzaError::Condition::JidMalformed);
}

void tst_Roster::setWhileOfflineReportsDisconnected()
{
    Account account(new FakeTransport);
    auto *roster = new RosterExtension(&account);
    int calls = 0;
    IqResult received;
    roster->remove(jid(u"nurse@example.com"_s), nullptr, [&](const IqResult &result) {
        ++calls;
        received = result;
    });
    QTRY_COMPARE(calls, 1);
    QCOMPARE(received.status, IqResult::Status::Disconnected);
    QVERIFY(static_cast<FakeTransport *>(account.transport())->sent().isEmpty());
}

void tst_Roster::callbackIsDroppedWithItsContext()
{
    Harness h;
    h.load({});
    int calls = 0;
    auto context = std::make_unique<QObject>();
    h.roster->remove(jid(u"nurse@example.com"_s), context.get(),
                     [&](const IqResult &) { ++calls; });
    context.reset();
    h.answerLast();
    QCOMPARE(calls, 0);
}

// --- Queries ------------------------------------------------------------------------------

void tst_Roster::groupsAreSortedAndUnique()
{
    Harness h;
    QVERIFY(h.roster->groups().isEmpty());
    h.load(u"<item jid='a@example.com'><group>friends</group><group>Work</group></item>"
           "<item jid='b@example.com'><group>Family</group><group>Work</group></item>"
           "<item jid='c@example.com'/>"
           "<item jid='d@example.com'><group> Family </group><group>Friends</group></item>"_s);
    QCOMPARE(h.roster->groups(), (QStringList{u"Family"_s, u"Friends"_s, u"friends"_s, u"Work"_s}));
}

void tst_Roster::itemLookupFallsBackToBareJid()
{
    Harness h;
    h.load(u"<item jid='romeo@example.net' name='Romeo'/>"_s);
    QCOMPARE(h.roster->item(jid(u"romeo@example.net/orchard"_s))->name, u"Romeo"_s);
    QVERIFY(h.roster->contains(jid(u"Romeo@Example.net"_s)));
    QVERIFY(!h.roster->contains(jid(u"romeo@example.org"_s)));
}

void tst_Roster::largeRosterKeepsOrderAndIndex()
{
    Harness h;
    constexpr int Count = 5000;
    QString items;
    for (int i = 0; i < Count; ++i)
        items += u"<item jid='c%1@example.com' name='C%1'/>"_s.arg(i);
    h.load(items);
    QCOMPARE(h.roster->count(), Count);

    // remove from the middle; the rest keeps its order and stays found
    h.transport->inject(u"<iq id='r' type='set'><query xmlns='jabber:iq:roster'>"
                        "<item jid='c2500@example.com' subscription='remove'/></query></iq>"_s);
    h.transport->inject(u"<iq id='a' type='set'><query xmlns='jabber:iq:roster'>"
                        "<item jid='new@example.com'/></query></iq>"_s);
    const QList<RosterItem> list = h.roster->items();
    QCOMPARE(list.size(), Count);
    for (int i = 0, position = 0; i < Count; ++i) {
        if (i == 2500)
            continue;
        const Jid expected = jid(u"c%1@example.com"_s.arg(i));
        QCOMPARE(list.at(position).jid, expected);
        QCOMPARE(h.roster->item(expected)->name, u"C%1"_s.arg(i));
        ++position;
    }
    QCOMPARE(list.last().jid, jid(u"new@example.com"_s));
    QVERIFY(!h.roster->item(jid(u"c2500@example.com"_s)));

    // a change late in the list lands in the right place
    h.transport->inject(u"<iq id='c' type='set'><query xmlns='jabber:iq:roster'>"
                        "<item jid='c4999@example.com' name='Last'/></query></iq>"_s);
    QCOMPARE(h.roster->items().at(Count - 2).name, u"Last"_s);
}

// --- Cache --------------------------------------------------------------------------------

void tst_Roster::cacheSurvivesRoundTrip()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    RosterItem flags = makeItem(u"tybalt@example.com"_s, u"Tybalt"_s, Subscription::To);
    flags.askSubscribe = true;
    flags.approved = true;
    const RosterQuery roster{u"ver\"14"_s,
                             true,
                             {makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both,
                                       {u"Friends"_s, u"Lovers"_s}),
                              makeItem(u"ρωμέο@example.net"_s), flags}};
    QVERIFY(cache.save(roster));
    QCOMPARE(cache.load().value_or(RosterQuery()), roster);

    const RosterQuery unversioned{QString(), false, {}};
    QVERIFY(cache.save(unversioned));
    QVERIFY(cache.load());
    QCOMPARE(*cache.load(), unversioned);

    QFile file(cache.filePath());
    QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

void tst_Roster::cacheCreatesDirectory()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"accounts/juliet/roster.cbor"_s));
    QVERIFY(cache.save(RosterQuery{u"v1"_s, true, {makeItem(u"a@example.com"_s)}}));
    QVERIFY(QFile::exists(cache.filePath()));
    QCOMPARE(cache.load()->version, u"v1"_s);
    QVERIFY(cache.clear());
    QVERIFY(!cache.load());
}

void tst_Roster::cacheMissingFileLoadsNothing()
{
    QTemporaryDir dir;
    RosterCache cache(dir.filePath(u"missing.cbor"_s));
    QVERIFY(!cache.load().has_value());
}

void tst_Roster::cacheCorruptFileIsIgnored_data()
{
    QTest::addColumn<QByteArray>("content");
    const auto file = [](const QCborArray &items, int format = RosterCache::FormatVersion) {
        return QCborValue(QCborArray{format, u"v"_s, true, items}).toCbor();
    };
    const auto item = [](const QCborValue &jid, const QCborValue &subscription,
                         const QCborValue &groups) {
        return QCborArray{jid, u"Name"_s, subscription, 0, groups};
    };
    const QByteArray valid = file({item(u"a@x"_s, 3, QCborArray{u"Friends"_s})});
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("\xff\xfe not cbor");
    QTest::newRow("truncated") << valid.left(valid.size() - 3);
    QTest::newRow("format-1-json")
        << QByteArray(R"({"format":1,"version":"v","hasVersion":true,"items":[]})");
    QTest::newRow("map") << QCborValue(QCborMap{{u"format"_s, 2}}).toCbor();
    QTest::newRow("wrong-format") << file({}, 99);
    QTest::newRow("missing-items")
        << QCborValue(QCborArray{RosterCache::FormatVersion, u"v"_s, true}).toCbor();
    QTest::newRow("invalid-jid") << file({item(u"@x"_s, 0, QCborArray{})});
    QTest::newRow("bad-subscription") << file({item(u"a@x"_s, 4, QCborArray{})});
    QTest::newRow("negative-subscription") << file({item(u"a@x"_s, -1, QCborArray{})});
    QTest::newRow("bad-groups") << file({item(u"a@x"_s, 0, u"x"_s)});
    QTest::newRow("group-not-text") << file({item(u"a@x"_s, 0, QCborArray{7})});
    QTest::newRow("short-item") << file({QCborArray{u"a@x"_s, u"Name"_s}});
    QTest::newRow("long-item") << file({QCborArray{u"a@x"_s, u"Name"_s, 0, 0, QCborArray{}, 1}});
    QTest::newRow("jid-not-text") << file({item(12, 0, QCborArray{})});
}

void tst_Roster::cacheWrittenByHandLoads()
{
    // The format as documented in RosterCache.h: what the corrupt cases below break.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"roster.cbor"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QCborValue(QCborArray{RosterCache::FormatVersion, u"ver14"_s, true,
                                     QCborArray{QCborArray{u"romeo@example.net"_s, u"Romeo"_s, 3, 3,
                                                           QCborArray{u"Friends"_s}}}})
                   .toCbor());
    file.close();
    RosterItem romeo =
        makeItem(u"romeo@example.net"_s, u"Romeo"_s, Subscription::Both, {u"Friends"_s});
    romeo.askSubscribe = true;
    romeo.approved = true;
    QCOMPARE(RosterCache(path).load().value_or(RosterQuery()),
             (RosterQuery{u"ver14"_s, true, {romeo}}));
}

void tst_Roster::cacheCorruptFileIsIgnored()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"roster.cbor"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();

    RosterCache cache(path);
    QVERIFY(!cache.load().has_value());

    // and a versioned fetch then bootstraps from scratch
    Harness h(true, &cache);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='get'><query xmlns='jabber:iq:roster' ver=''/></iq>"_s));
}

QTEST_GUILESS_MAIN(tst_Roster)
#include "tst_roster.moc"
