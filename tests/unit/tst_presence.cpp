// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "payloads/RosterQuery.h"
#include "storage/RosterCache.h"
#include "xml/Namespaces.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace natter {

char *toString(const Jid &jid)
{
    return QTest::toString(jid.isNull() ? u"(null)"_s : jid.toString());
}

} // namespace natter

using namespace natter;
using Show = Presence::Show;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@example.com/balcony");

Jid jid(const QString &text)
{
    return Jid::fromString(text);
}

bool isRosterGet(const XmlElement &e)
{
    return e.name() == u"iq" && e.attribute(u"type") == u"get" &&
           e.firstChild().is(ns::Roster, u"query");
}

// One account over a fake server with a roster and a presence extension, online (unless
// connect is false: then offline until connectToServer()).
struct Harness
{
    explicit Harness(bool rosterAutoFetch = true, bool autoAvailable = true, bool withRoster = true,
                     bool connect = true)
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        if (withRoster) {
            roster = new RosterExtension(account.get());
            roster->setAutoFetch(rosterAutoFetch);
        }
        presence = new PresenceExtension(account.get(), roster);
        presence->setAutoAvailable(autoAvailable);
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        if (connect)
            account->connectToServer();
    }

    // The last roster get sent (null if none); the initial presence follows it.
    XmlElement lastRosterGet() const
    {
        const QList<XmlElement> &sent = transport->sent();
        const auto it = std::find_if(sent.crbegin(), sent.crend(), isRosterGet);
        return it == sent.crend() ? XmlElement() : *it;
    }

    // Answers the last roster get with an empty roster.
    void loadRoster()
    {
        const XmlElement get = lastRosterGet();
        QVERIFY(!get.isNull());
        transport->inject(u"<iq type='result' id='%1'><query xmlns='jabber:iq:roster'/></iq>"_s.arg(
            get.attribute(u"id")));
    }

    // Online, roster loaded, initial presence sent; nothing in sent().
    static std::unique_ptr<Harness> available()
    {
        auto h = std::make_unique<Harness>();
        h->loadRoster();
        h->transport->clearSent();
        return h;
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    RosterExtension *roster = nullptr;
    PresenceExtension *presence = nullptr;
};

bool sentEquals(const XmlElement &sent, const QString &expectedXml)
{
    const XmlElement expected = FakeTransport::parse(expectedXml);
    if (sent == expected)
        return true;
    qWarning("sent:     %s\nexpected: %s", qPrintable(sent.toString(ns::Client)),
             qPrintable(expected.toString(ns::Client)));
    return false;
}

int countPresences(const QList<XmlElement> &sent)
{
    return int(std::count_if(sent.cbegin(), sent.cend(),
                             [](const XmlElement &e) { return e.name() == u"presence"; }));
}

// A presence extension that an EarlyStarter may start before its turn.
struct DeferredPresence : PresenceExtension
{
    using PresenceExtension::PresenceExtension;
    void startNow(bool resumed)
    {
        startedEarly = true;
        PresenceExtension::sessionStarted(resumed);
    }
    void sessionStarted(bool resumed) override
    {
        if (!std::exchange(startedEarly, false))
            PresenceExtension::sessionStarted(resumed);
    }
    bool startedEarly = false;
};

// Registered first: starts presence (if set) before the extensions registered after it.
struct EarlyStarter : Extension
{
    using Extension::Extension;
    void sessionStarted(bool resumed) override
    {
        if (presence)
            presence->startNow(resumed);
    }
    DeferredPresence *presence = nullptr;
};

} // namespace

class tst_Presence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Our own presence
    void initialPresenceFollowsTheRosterGet();
    void initialPresenceFollowsTheRosterGetWhateverTheOrder_data();
    void initialPresenceFollowsTheRosterGetWhateverTheOrder();
    void initialPresenceDoesNotWaitForVersionedRoster();
    void failedRosterFetchSendsNoSecondPresence();
    void initialPresenceIsImmediateWithoutRosterFetch_data();
    void initialPresenceIsImmediateWithoutRosterFetch();
    void autoAvailableOffSendsNothing();
    void laterRosterReloadDoesNotResendPresence();
    void presenceXmlCarriesShowStatusPriority_data();
    void presenceXmlCarriesShowStatusPriority();
    void setPresenceBroadcastsOnlyWhenAvailable();
    void goUnavailableSendsUnavailable();
    void goAvailableWhileOfflineDoesNothing();
    void resumedSessionKeepsState();

    // Directed presence
    void directedPresenceIsTrackedAndEndedOnUnavailable();
    void directedUnavailableForgetsRecipient();

    // Others' presence
    void availableResourcesAreTracked();
    void unchangedPresenceEmitsNothing();
    void unavailableRemovesResource();
    void bareUnavailableClearsAllResources();
    void bestResourceOrdering_data();
    void bestResourceOrdering();
    void bestResourcePrefersLatestOnTie();
    void negativePriorityIsKept();
    void ownOtherResourcesAreTracked();
    void presenceWithoutFromIsIgnored();
    void sessionEndClearsResources();
    void goUnavailableClearsResources();
    void presenceErrorIsSignalled();
    void probeIsClaimedAndIgnored();
    void subscriptionPresenceIsNotClaimed();
    void statusPicksPreferredLanguage();
};

void tst_Presence::initTestCase()
{
    qRegisterMetaType<ResourcePresence>();
    qRegisterMetaType<Jid>();
    qRegisterMetaType<StanzaError>();
}

// --- Our own presence ---------------------------------------------------------------------

void tst_Presence::initialPresenceFollowsTheRosterGet()
{
    Harness h(true, true, true, false);
    QSignalSpy initial(h.presence, &PresenceExtension::initialPresenceSent);
    QSignalSpy loaded(h.roster, &RosterExtension::loaded);
    h.account->connectToServer();
    // RFC 6121 §2.2: the roster get first, and the initial presence right behind it, in the same
    // flight: before any roster result.
    const QList<XmlElement> sent = h.transport->sent();
    QCOMPARE(sent.size(), 2);
    QVERIFY(isRosterGet(sent.at(0)));
    QVERIFY(sentEquals(sent.at(1), u"<presence/>"_s));
    QVERIFY(h.roster->isFetching());
    QCOMPARE(loaded.size(), 0);
    QVERIFY(h.presence->isAvailable());
    QCOMPARE(initial.size(), 1);

    // The roster result changes nothing about our presence.
    h.loadRoster();
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(h.transport->sent().size(), 2);
    QCOMPARE(initial.size(), 1);
    QVERIFY(h.presence->isAvailable());
}

void tst_Presence::initialPresenceFollowsTheRosterGetWhateverTheOrder_data()
{
    QTest::addColumn<bool>("presenceFirst");
    QTest::newRow("roster-started-first") << false;
    QTest::newRow("presence-started-first") << true;
}

void tst_Presence::initialPresenceFollowsTheRosterGetWhateverTheOrder()
{
    // The roster is registered before the presence extension (the constructor needs it), so its
    // sessionStarted() runs first. An extension registered before both can start the presence
    // extension early, as if the order were the other way round.
    QFETCH(bool, presenceFirst);
    auto *transport = new FakeTransport;
    SessionInfo session;
    session.jid = OwnJid;
    transport->setSession(session);
    Account account(transport);
    auto *starter = new EarlyStarter(&account);
    auto *roster = new RosterExtension(&account);
    auto *presence = new DeferredPresence(&account, roster);
    if (presenceFirst)
        starter->presence = presence;
    ConnectionSettings settings;
    settings.jid = OwnJid.bare();
    account.setSettings(settings);

    // Two sessions: the second starts like the first.
    for (int round = 0; round < 2; ++round) {
        transport->clearSent();
        account.connectToServer();
        const QList<XmlElement> sent = transport->sent();
        QCOMPARE(sent.size(), 2);
        QVERIFY(isRosterGet(sent.at(0)));
        QVERIFY(sentEquals(sent.at(1), u"<presence/>"_s));
        QVERIFY(presence->isAvailable());
        transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
        QVERIFY(!presence->isAvailable());
    }
}

void tst_Presence::initialPresenceDoesNotWaitForVersionedRoster()
{
    // With a roster cache and roster versioning the get carries 'ver'; the presence follows it
    // all the same, before the server says whether the cached roster is current.
    Harness h(true, true, true, false);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RosterCache cache(dir.filePath(u"roster.cbor"_s));
    RosterItem romeo;
    romeo.jid = jid(u"romeo@example.net"_s);
    QVERIFY(cache.save(RosterQuery{u"ver7"_s, true, {romeo}}));
    h.roster->setCache(&cache);
    SessionInfo session = h.transport->session();
    session.features.insert(SessionInfo::featureKey(ns::RosterVersioning, u"ver"_s));
    h.transport->setSession(session);
    h.account->connectToServer();

    const QList<XmlElement> sent = h.transport->sent();
    QCOMPARE(sent.size(), 2);
    QVERIFY(isRosterGet(sent.at(0)));
    QCOMPARE(sent.at(0).firstChild().attribute(u"ver"), u"ver7"_s);
    QVERIFY(sentEquals(sent.at(1), u"<presence/>"_s));
    QVERIFY(h.presence->isAvailable());

    // "Your cached roster is current": nothing more to send.
    h.transport->inject(u"<iq type='result' id='%1'/>"_s.arg(sent.at(0).attribute(u"id")));
    QVERIFY(h.roster->isLoaded());
    QCOMPARE(h.roster->count(), 1);
    QCOMPARE(h.transport->sent().size(), 2);
    h.roster->setCache(nullptr);
}

void tst_Presence::failedRosterFetchSendsNoSecondPresence()
{
    Harness h;
    QVERIFY(h.presence->isAvailable());
    QCOMPARE(countPresences(h.transport->sent()), 1);
    QSignalSpy failed(h.roster, &RosterExtension::fetchFailed);
    const QString id = h.lastRosterGet().attribute(u"id");
    h.transport->inject(u"<iq type='error' id='%1'><error type='wait'><resource-constraint "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(id));
    QCOMPARE(failed.size(), 1);
    QVERIFY(h.presence->isAvailable());
    QCOMPARE(countPresences(h.transport->sent()), 1);
}

void tst_Presence::initialPresenceIsImmediateWithoutRosterFetch_data()
{
    QTest::addColumn<bool>("withRoster");
    QTest::newRow("auto-fetch-off") << true;
    QTest::newRow("no-roster") << false;
}

void tst_Presence::initialPresenceIsImmediateWithoutRosterFetch()
{
    QFETCH(bool, withRoster);
    Harness h(false, true, withRoster);
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(sentEquals(h.transport->lastSent(), u"<presence/>"_s));
    QVERIFY(h.presence->isAvailable());
}

void tst_Presence::autoAvailableOffSendsNothing()
{
    Harness h(true, false);
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(isRosterGet(h.transport->lastSent()));
    h.loadRoster();
    QCOMPARE(countPresences(h.transport->sent()), 0);
    QVERIFY(!h.presence->isAvailable());
    QSignalSpy initial(h.presence, &PresenceExtension::initialPresenceSent);
    h.presence->goAvailable();
    QCOMPARE(initial.size(), 1);
    QVERIFY(h.presence->isAvailable());
    QVERIFY(sentEquals(h.transport->lastSent(), u"<presence/>"_s));
}

void tst_Presence::laterRosterReloadDoesNotResendPresence()
{
    auto h = Harness::available();
    h->roster->fetch();
    QCOMPARE(h->transport->sent().size(), 1);
    QVERIFY(isRosterGet(h->transport->lastSent()));
    h->loadRoster();
    QCOMPARE(countPresences(h->transport->sent()), 0);
}

void tst_Presence::presenceXmlCarriesShowStatusPriority_data()
{
    QTest::addColumn<Show>("show");
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("priority");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << Show::None << QString() << 0 << u"<presence/>"_s;
    // RFC 6121 §4.7.2 examples
    QTest::newRow("away") << Show::Away << u"be right back"_s << 0
                          << u"<presence><show>away</show><status>be right back</status>"
                             "</presence>"_s;
    QTest::newRow("dnd-priority") << Show::Dnd << QString() << 1
                                  << u"<presence><show>dnd</show><priority>1</priority>"
                                     "</presence>"_s;
    QTest::newRow("chat") << Show::Chat << u"Talk to me"_s << 5
                          << u"<presence><show>chat</show><status>Talk to me</status>"
                             "<priority>5</priority></presence>"_s;
    QTest::newRow("xa-negative") << Show::Xa << QString() << -1
                                 << u"<presence><show>xa</show><priority>-1</priority>"
                                    "</presence>"_s;
    QTest::newRow("clamped-high") << Show::None << QString() << 1000
                                  << u"<presence><priority>127</priority></presence>"_s;
    QTest::newRow("clamped-low") << Show::None << QString() << -1000
                                 << u"<presence><priority>-128</priority></presence>"_s;
    QTest::newRow("escaped") << Show::None << u"<b>&</b>"_s << 0
                             << u"<presence><status>&lt;b&gt;&amp;&lt;/b&gt;</status></presence>"_s;
}

void tst_Presence::presenceXmlCarriesShowStatusPriority()
{
    QFETCH(Show, show);
    QFETCH(QString, status);
    QFETCH(int, priority);
    QFETCH(QString, expected);

    Harness h(true, true, true, false);
    h.presence->setPresence(show, status, priority);
    QCOMPARE(h.presence->show(), show);
    QCOMPARE(h.presence->statusText(), status);
    QCOMPARE(h.presence->priority(), std::clamp(priority, -128, 127));
    QVERIFY(h.transport->sent().isEmpty()); // not available yet: only remembered
    h.account->connectToServer();
    QCOMPARE(h.transport->sent().size(), 2);
    QVERIFY(isRosterGet(h.transport->sent().first()));
    QVERIFY(sentEquals(h.transport->lastSent(), expected));
}

void tst_Presence::setPresenceBroadcastsOnlyWhenAvailable()
{
    auto h = Harness::available();
    h->presence->setPresence(Show::Away, u"lunch"_s, 2);
    QCOMPARE(h->transport->sent().size(), 1);
    QVERIFY(sentEquals(h->transport->lastSent(),
                       u"<presence><show>away</show><status>lunch</status>"
                       "<priority>2</priority></presence>"_s));

    h->presence->goUnavailable();
    h->transport->clearSent();
    h->presence->setPresence(Show::Dnd, u"busy"_s, 0);
    QVERIFY(h->transport->sent().isEmpty());
    h->presence->goAvailable();
    QVERIFY(sentEquals(h->transport->lastSent(),
                       u"<presence><show>dnd</show><status>busy</status></presence>"_s));
}

void tst_Presence::goUnavailableSendsUnavailable()
{
    auto h = Harness::available();
    h->presence->goUnavailable(u"Gone to bed"_s);
    QVERIFY(!h->presence->isAvailable());
    QCOMPARE(h->transport->sent().size(), 1);
    QVERIFY(sentEquals(h->transport->lastSent(),
                       u"<presence type='unavailable'><status>Gone to bed</status></presence>"_s));
    // going available again counts as initial presence again
    QSignalSpy initial(h->presence, &PresenceExtension::initialPresenceSent);
    h->presence->goAvailable();
    QCOMPARE(initial.size(), 1);
}

void tst_Presence::goAvailableWhileOfflineDoesNothing()
{
    Account account(new FakeTransport);
    auto *presence = new PresenceExtension(&account, nullptr);
    QSignalSpy initial(presence, &PresenceExtension::initialPresenceSent);
    presence->goAvailable();
    QVERIFY(!presence->isAvailable());
    QCOMPARE(initial.size(), 0);
    QVERIFY(static_cast<FakeTransport *>(account.transport())->sent().isEmpty());
}

void tst_Presence::resumedSessionKeepsState()
{
    auto h = Harness::available();
    h->presence->setPresence(Show::Away, {}, 0);
    h->transport->clearSent();
    // XEP-0198 resumption: no new roster fetch, no new initial presence
    SessionInfo session = h->transport->session();
    session.resumed = true;
    h->transport->setSession(session);
    h->transport->establish();
    QVERIFY(h->transport->sent().isEmpty());
    QVERIFY(h->presence->isAvailable());
}

// --- Directed presence --------------------------------------------------------------------

void tst_Presence::directedPresenceIsTrackedAndEndedOnUnavailable()
{
    auto h = Harness::available();
    h->presence->setPresence(Show::Away, u"away"_s, 0);
    h->transport->clearSent();
    h->presence->sendDirectedPresence(jid(u"darkcave@chat.shakespeare.lit/Juliet"_s));
    h->presence->sendDirectedPresence(jid(u"benvolio@example.net"_s));
    h->presence->sendDirectedPresence(jid(u"benvolio@example.net"_s)); // once is enough
    QVERIFY(sentEquals(h->transport->sent().at(0),
                       u"<presence to='darkcave@chat.shakespeare.lit/Juliet'><show>away</show>"
                       "<status>away</status></presence>"_s));
    QCOMPARE(h->presence->directedPresenceRecipients(),
             (QList<Jid>{jid(u"benvolio@example.net"_s),
                         jid(u"darkcave@chat.shakespeare.lit/Juliet"_s)}));

    h->transport->clearSent();
    h->presence->goUnavailable(u"bye"_s);
    const QList<XmlElement> sent = h->transport->sent();
    QCOMPARE(sent.size(), 3);
    QVERIFY(
        sentEquals(sent.at(0), u"<presence type='unavailable'><status>bye</status></presence>"_s));
    QStringList recipients{sent.at(1).attribute(u"to"), sent.at(2).attribute(u"to")};
    recipients.sort();
    QCOMPARE(recipients,
             (QStringList{u"benvolio@example.net"_s, u"darkcave@chat.shakespeare.lit/Juliet"_s}));
    for (int i = 1; i < 3; ++i) {
        QCOMPARE(sent.at(i).attribute(u"type"), u"unavailable"_s);
        QCOMPARE(sent.at(i).childText(ns::Client, u"status"), u"bye"_s);
    }
    QVERIFY(h->presence->directedPresenceRecipients().isEmpty());

    // forgotten afterwards
    h->transport->clearSent();
    h->presence->goAvailable();
    h->presence->goUnavailable();
    QCOMPARE(h->transport->sent().size(), 2);
}

void tst_Presence::directedUnavailableForgetsRecipient()
{
    auto h = Harness::available();
    const Jid room = jid(u"room@muc.example.com/nick"_s);
    h->presence->sendDirectedPresence(room);
    h->presence->sendDirectedUnavailable(room);
    QVERIFY(sentEquals(h->transport->lastSent(),
                       u"<presence type='unavailable' to='room@muc.example.com/nick'/>"_s));
    QVERIFY(h->presence->directedPresenceRecipients().isEmpty());
    h->transport->clearSent();
    h->presence->goUnavailable();
    QCOMPARE(h->transport->sent().size(), 1); // only the broadcast
}

// --- Others' presence ---------------------------------------------------------------------

void tst_Presence::availableResourcesAreTracked()
{
    auto h = Harness::available();
    QSignalSpy available(h->presence, &PresenceExtension::resourceAvailable);
    QSignalSpy changed(h->presence, &PresenceExtension::contactPresenceChanged);

    const QDateTime before = QDateTime::currentDateTimeUtc();
    h->transport->inject(u"<presence from='romeo@example.net/orchard'><show>away</show>"
                         "<status>In the garden</status><priority>3</priority></presence>"_s);
    QCOMPARE(available.size(), 1);
    const auto rp = available.first().first().value<ResourcePresence>();
    QCOMPARE(rp.jid, jid(u"romeo@example.net/orchard"_s));
    QCOMPARE(rp.show, Show::Away);
    QCOMPARE(rp.status, u"In the garden"_s);
    QCOMPARE(rp.priority, 3);
    QVERIFY(rp.received >= before);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().value<Jid>(), jid(u"romeo@example.net"_s));

    h->transport->inject(u"<presence from='romeo@example.net/mobile'/>"_s);
    h->transport->inject(u"<presence from='benvolio@example.net/home'/>"_s);
    QCOMPARE(h->presence->resources(jid(u"romeo@example.net"_s)).size(), 2);
    QCOMPARE(h->presence->resources(jid(u"romeo@example.net/anything"_s)).size(), 2);
    QCOMPARE(h->presence->allAvailable().size(), 3);
    QVERIFY(h->presence->isContactAvailable(jid(u"benvolio@example.net"_s)));
    QVERIFY(h->presence->resources(jid(u"tybalt@example.com"_s)).isEmpty());
    QVERIFY(!h->presence->bestResource(jid(u"tybalt@example.com"_s)));

    // a change of the same resource
    h->transport->inject(u"<presence from='romeo@example.net/orchard'><show>chat</show>"
                         "</presence>"_s);
    QCOMPARE(available.size(), 4);
    QCOMPARE(available.last().first().value<ResourcePresence>().show, Show::Chat);
    QCOMPARE(h->presence->resources(jid(u"romeo@example.net"_s)).size(), 2);
}

void tst_Presence::unchangedPresenceEmitsNothing()
{
    auto h = Harness::available();
    h->transport->inject(u"<presence from='romeo@example.net/orchard'><show>away</show>"
                         "</presence>"_s);
    QSignalSpy available(h->presence, &PresenceExtension::resourceAvailable);
    QSignalSpy changed(h->presence, &PresenceExtension::contactPresenceChanged);
    h->transport->inject(u"<presence from='romeo@example.net/orchard'><show>away</show>"
                         "</presence>"_s);
    QCOMPARE(available.size(), 0);
    QCOMPARE(changed.size(), 0);
}

void tst_Presence::unavailableRemovesResource()
{
    auto h = Harness::available();
    h->transport->inject(u"<presence from='romeo@example.net/orchard'/>"_s);
    h->transport->inject(u"<presence from='romeo@example.net/mobile'/>"_s);
    QSignalSpy unavailable(h->presence, &PresenceExtension::resourceUnavailable);
    QSignalSpy changed(h->presence, &PresenceExtension::contactPresenceChanged);

    h->transport->inject(u"<presence from='romeo@example.net/orchard' type='unavailable'>"
                         "<status>Going home</status></presence>"_s);
    QCOMPARE(unavailable.size(), 1);
    QCOMPARE(unavailable.first().at(0).value<Jid>(), jid(u"romeo@example.net/orchard"_s));
    QCOMPARE(unavailable.first().at(1).toString(), u"Going home"_s);
    QCOMPARE(changed.size(), 1);
    const auto left = h->presence->resources(jid(u"romeo@example.net"_s));
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().jid, jid(u"romeo@example.net/mobile"_s));

    // an unknown resource going away changes nothing
    h->transport->inject(u"<presence from='romeo@example.net/unknown' type='unavailable'/>"_s);
    QCOMPARE(unavailable.size(), 1);
    QCOMPARE(changed.size(), 1);

    h->transport->inject(u"<presence from='romeo@example.net/mobile' type='unavailable'/>"_s);
    QCOMPARE(unavailable.size(), 2);
    QVERIFY(!h->presence->isContactAvailable(jid(u"romeo@example.net"_s)));
    QVERIFY(h->presence->allAvailable().isEmpty());
}

void tst_Presence::bareUnavailableClearsAllResources()
{
    auto h = Harness::available();
    h->transport->inject(u"<presence from='romeo@example.net/orchard'/>"_s);
    h->transport->inject(u"<presence from='romeo@example.net/mobile'/>"_s);
    h->transport->inject(u"<presence from='benvolio@example.net/home'/>"_s);
    QSignalSpy unavailable(h->presence, &PresenceExtension::resourceUnavailable);
    QSignalSpy changed(h->presence, &PresenceExtension::contactPresenceChanged);

    h->transport->inject(u"<presence from='romeo@example.net' type='unavailable'/>"_s);
    QCOMPARE(unavailable.size(), 2);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().value<Jid>(), jid(u"romeo@example.net"_s));
    QVERIFY(h->presence->resources(jid(u"romeo@example.net"_s)).isEmpty());
    QCOMPARE(h->presence->allAvailable().size(), 1);
}

void tst_Presence::bestResourceOrdering_data()
{
    QTest::addColumn<QString>("first");  // sent first
    QTest::addColumn<QString>("second"); // sent second
    QTest::addColumn<QString>("best");   // resource expected best

    QTest::newRow("priority-beats-show")
        << u"<presence from='r@example.net/a'><show>dnd</show><priority>5</priority></presence>"_s
        << u"<presence from='r@example.net/b'><show>chat</show><priority>1</priority></presence>"_s
        << u"a"_s;
    QTest::newRow("negative-priority-loses")
        << u"<presence from='r@example.net/a'><priority>-1</priority></presence>"_s
        << u"<presence from='r@example.net/b'><show>xa</show></presence>"_s << u"b"_s;
    QTest::newRow("chat-beats-none")
        << u"<presence from='r@example.net/a'/>"_s
        << u"<presence from='r@example.net/b'><show>chat</show></presence>"_s << u"b"_s;
    QTest::newRow("none-beats-away")
        << u"<presence from='r@example.net/a'><show>away</show></presence>"_s
        << u"<presence from='r@example.net/b'/>"_s << u"b"_s;
    QTest::newRow("away-beats-xa")
        << u"<presence from='r@example.net/a'><show>away</show></presence>"_s
        << u"<presence from='r@example.net/b'><show>xa</show></presence>"_s << u"a"_s;
    QTest::newRow("xa-beats-dnd")
        << u"<presence from='r@example.net/a'><show>dnd</show></presence>"_s
        << u"<presence from='r@example.net/b'><show>xa</show></presence>"_s << u"b"_s;
    QTest::newRow("latest-on-tie") << u"<presence from='r@example.net/b'/>"_s
                                   << u"<presence from='r@example.net/a'/>"_s << u"a"_s;
}

void tst_Presence::bestResourceOrdering()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(QString, best);

    auto h = Harness::available();
    h->transport->inject(first);
    QTest::qSleep(3); // distinct reception times
    h->transport->inject(second);
    const auto result = h->presence->bestResource(jid(u"r@example.net"_s));
    QVERIFY(result);
    QCOMPARE(result->jid.resourcepart(), best);
    // resources() is in the same order, best first
    const auto list = h->presence->resources(jid(u"r@example.net"_s));
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.first().jid.resourcepart(), best);
}

void tst_Presence::bestResourcePrefersLatestOnTie()
{
    auto h = Harness::available();
    h->transport->inject(u"<presence from='r@example.net/a'/>"_s);
    QTest::qSleep(3);
    h->transport->inject(u"<presence from='r@example.net/b'/>"_s);
    QCOMPARE(h->presence->bestResource(jid(u"r@example.net"_s))->jid.resourcepart(), u"b"_s);
    QTest::qSleep(3);
    // a changes, so it is now the latest
    h->transport->inject(u"<presence from='r@example.net/a'><status>back</status></presence>"_s);
    QCOMPARE(h->presence->bestResource(jid(u"r@example.net"_s))->jid.resourcepart(), u"a"_s);
}

void tst_Presence::negativePriorityIsKept()
{
    auto h = Harness::available();
    h->transport->inject(u"<presence from='r@example.net/a'><priority>-5</priority></presence>"_s);
    const auto best = h->presence->bestResource(jid(u"r@example.net"_s));
    QVERIFY(best);
    QCOMPARE(best->priority, -5);
}

void tst_Presence::ownOtherResourcesAreTracked()
{
    auto h = Harness::available();
    // our own presence, reflected by the server: not another resource
    h->transport->inject(u"<presence from='juliet@example.com/balcony'/>"_s);
    QVERIFY(h->presence->resources(OwnJid.bare()).isEmpty());
    h->transport->inject(u"<presence from='juliet@example.com/chamber'><show>xa</show>"
                         "</presence>"_s);
    const auto own = h->presence->resources(OwnJid.bare());
    QCOMPARE(own.size(), 1);
    QCOMPARE(own.first().jid, jid(u"juliet@example.com/chamber"_s));
    QCOMPARE(h->presence->allAvailable().size(), 1);
}

void tst_Presence::presenceWithoutFromIsIgnored()
{
    auto h = Harness::available();
    QSignalSpy available(h->presence, &PresenceExtension::resourceAvailable);
    QSignalSpy received(h->account.get(), &Account::presenceReceived);
    h->transport->inject(u"<presence><show>chat</show></presence>"_s);
    QCOMPARE(available.size(), 0);
    QCOMPARE(received.size(), 0); // claimed nonetheless
    QVERIFY(h->presence->allAvailable().isEmpty());
}

void tst_Presence::sessionEndClearsResources()
{
    auto h = Harness::available();
    h->transport->inject(u"<presence from='romeo@example.net/orchard'/>"_s);
    h->transport->inject(u"<presence from='romeo@example.net/mobile'/>"_s);
    h->transport->inject(u"<presence from='benvolio@example.net/home'/>"_s);
    h->presence->sendDirectedPresence(jid(u"room@muc.example.com/nick"_s));
    QSignalSpy changed(h->presence, &PresenceExtension::contactPresenceChanged);
    QSignalSpy unavailable(h->presence, &PresenceExtension::resourceUnavailable);

    h->transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QVERIFY(!h->presence->isAvailable());
    QVERIFY(h->presence->allAvailable().isEmpty());
    QCOMPARE(changed.size(), 2); // once per contact
    QCOMPARE(unavailable.size(), 0);
    QList<Jid> contacts{changed.at(0).first().value<Jid>(), changed.at(1).first().value<Jid>()};
    std::sort(contacts.begin(), contacts.end());
    QCOMPARE(contacts, (QList<Jid>{jid(u"benvolio@example.net"_s), jid(u"romeo@example.net"_s)}));
    // the server ended our directed presence with the stream
    QVERIFY(h->presence->directedPresenceRecipients().isEmpty());

    // the next session starts over: the roster get, then initial presence
    h->transport->clearSent();
    h->account->connectToServer();
    const QList<XmlElement> sent = h->transport->sent();
    QCOMPARE(sent.size(), 2);
    QVERIFY(isRosterGet(sent.at(0)));
    QVERIFY(sentEquals(sent.at(1), u"<presence/>"_s));
    QVERIFY(h->presence->isAvailable());
}

void tst_Presence::goUnavailableClearsResources()
{
    auto h = Harness::available();
    h->transport->inject(u"<presence from='romeo@example.net/orchard'/>"_s);
    QSignalSpy changed(h->presence, &PresenceExtension::contactPresenceChanged);
    h->presence->goUnavailable();
    QCOMPARE(changed.size(), 1);
    QVERIFY(h->presence->allAvailable().isEmpty());
}

void tst_Presence::presenceErrorIsSignalled()
{
    auto h = Harness::available();
    QSignalSpy errors(h->presence, &PresenceExtension::presenceError);
    QSignalSpy available(h->presence, &PresenceExtension::resourceAvailable);
    h->transport->inject(u"<presence from='mercutio@example.org' type='error'><error "
                         "type='cancel'><remote-server-not-found "
                         "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"_s);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<Jid>(), jid(u"mercutio@example.org"_s));
    QCOMPARE(errors.first().at(1).value<StanzaError>().condition(),
             StanzaError::Condition::RemoteServerNotFound);
    QCOMPARE(available.size(), 0);
}

void tst_Presence::probeIsClaimedAndIgnored()
{
    auto h = Harness::available();
    QSignalSpy received(h->account.get(), &Account::presenceReceived);
    QSignalSpy available(h->presence, &PresenceExtension::resourceAvailable);
    h->transport->inject(u"<presence from='romeo@example.net/orchard' type='probe'/>"_s);
    QCOMPARE(received.size(), 0);
    QCOMPARE(available.size(), 0);
    QVERIFY(h->transport->sent().isEmpty()); // the server answers probes
}

void tst_Presence::subscriptionPresenceIsNotClaimed()
{
    auto h = Harness::available();
    QSignalSpy received(h->account.get(), &Account::presenceReceived);
    h->transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    QCOMPARE(received.size(), 1); // left for the subscription extension (none here)
    QVERIFY(h->presence->allAvailable().isEmpty());
}

void tst_Presence::statusPicksPreferredLanguage()
{
    auto h = Harness::available();
    h->account->setPreferredLanguage(u"cs"_s);
    // RFC 6121 §4.7.2.2 example
    h->transport->inject(u"<presence from='romeo@example.net/orchard' xml:lang='en'>"
                         "<show>dnd</show><status>Wooing Juliet</status>"
                         "<status xml:lang='cs'>Dvořím se Julii</status></presence>"_s);
    QCOMPARE(h->presence->bestResource(jid(u"romeo@example.net"_s))->status, u"Dvořím se Julii"_s);
}

QTEST_GUILESS_MAIN(tst_Presence)
#include "tst_presence.moc"
