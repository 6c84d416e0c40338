// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/DiscoExtension.h"
#include "ext/InvisibleExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/VersionExtension.h"
#include "services/PresenceService.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace natter;

using Status = PresenceService::Status;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@example.com/balcony");

Jid jid(const QString &text)
{
    return Jid::fromString(text);
}

XmlElement withoutId(XmlElement element)
{
    element.removeAttribute(u"id");
    return element;
}

bool sentEquals(const XmlElement &sent, const QString &expectedXml)
{
    const XmlElement expected = FakeTransport::parse(expectedXml);
    if (withoutId(sent) == withoutId(expected))
        return true;
    qWarning("sent:     %s\nexpected: %s", qPrintable(sent.toString(ns::Client)),
             qPrintable(expected.toString(ns::Client)));
    return false;
}

bool isRosterGet(const XmlElement &e)
{
    return e.name() == u"iq" && e.attribute(u"type") == u"get" &&
           e.firstChild().is(ns::Roster, u"query");
}

// An account over a fake server with the extensions the service needs; offline at first.
struct Harness
{
    Harness()
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        account->setAutoReconnect(false);
        disco = new DiscoExtension(account.get());
        version = new VersionExtension(account.get());
        roster = new RosterExtension(account.get());
        presence = new PresenceExtension(account.get(), roster);
        invisible = new InvisibleExtension(account.get(), disco);
        service =
            std::make_unique<PresenceService>(account.get(), presence, disco, version, invisible);
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
    }

    XmlElement findSent(const std::function<bool(const XmlElement &)> &match) const
    {
        for (const XmlElement &element : transport->sent()) {
            if (match(element))
                return element;
        }
        return {};
    }

    void answerRoster()
    {
        const XmlElement get = findSent([](const XmlElement &e) {
            return e.name() == u"iq" && e.firstChild().is(ns::Roster, u"query");
        });
        QVERIFY(!get.isNull());
        transport->inject(u"<iq type='result' id='%1'><query xmlns='jabber:iq:roster'/></iq>"_s.arg(
            get.attribute(u"id")));
    }

    // Answers the disco#info the account sends after login, to our server and our account.
    void answerDisco(bool invisibleFeature)
    {
        const QString features =
            invisibleFeature ? u"<feature var='urn:xmpp:invisible:0'/>"_s : QString();
        for (const XmlElement &sent : transport->sent()) {
            if (sent.name() != u"iq" || !sent.firstChild().is(ns::DiscoInfo, u"query"))
                continue;
            const QString to = sent.attribute(u"to");
            const QString payload =
                to == u"example.com" ? u"<identity category='server' type='im'/>"
                                       "<feature var='http://jabber.org/protocol/disco#info'/>"_s +
                                           features
                                     : u"<identity category='account' type='registered'/>"_s;
            transport->inject(
                u"<iq type='result' id='%1' from='%2'>"
                "<query xmlns='http://jabber.org/protocol/disco#info'>%3</query></iq>"_s.arg(
                    sent.attribute(u"id"), to, payload));
        }
    }

    // Online, roster loaded, initial presence sent, the server's features known.
    void goOnline(bool invisibleFeature = false)
    {
        service->setStatus(Status::Available, QString());
        answerRoster();
        answerDisco(invisibleFeature);
        QVERIFY(presence->isAvailable());
        transport->clearSent();
    }

    // Where the first element that matches was sent; -1 if none was.
    qsizetype indexOfSent(const std::function<bool(const XmlElement &)> &match) const
    {
        const QList<XmlElement> &sent = transport->sent();
        for (qsizetype i = 0; i < sent.size(); ++i) {
            if (match(sent.at(i)))
                return i;
        }
        return -1;
    }

    QList<XmlElement> sentNamed(const QString &name) const
    {
        QList<XmlElement> result;
        for (const XmlElement &element : transport->sent()) {
            if (element.name() == name)
                result.append(element);
        }
        return result;
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    DiscoExtension *disco = nullptr;
    VersionExtension *version = nullptr;
    RosterExtension *roster = nullptr;
    PresenceExtension *presence = nullptr;
    InvisibleExtension *invisible = nullptr;
    std::unique_ptr<PresenceService> service;
};

} // namespace

class tst_PresenceService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void startsOffline();
    void choosingAStatusWhileOfflineConnects();
    void statusesMapToShow_data();
    void statusesMapToShow();
    void messageAloneChanges();
    void offlineDisconnects();
    void statusAfterAnErrorConnectsAgain();
    void invisibleNeedsTheServersSupport();
    void invisibleSendsTheCommandAndVisibleUndoesIt();
    void invisibleLoginHoldsPresenceBack_data();
    void invisibleLoginHoldsPresenceBack();
    void invisibleLoginWithoutSupportStaysOffline();
    void invisibleErrorKeepsTheStatus();
    void contactStatusFollowsTheBestResource();
    void clientInfoAsksTheResource();
    void clientInfoErrorInWords();
    void statusNamesAreWords();
};

void tst_PresenceService::initTestCase()
{
    QLoggingCategory::setFilterRules(u"natter.*.debug=false\nnatter.*.info=false"_s);
}

void tst_PresenceService::startsOffline()
{
    Harness h;
    QCOMPARE(h.service->status(), Status::Offline);
    QCOMPARE(h.service->requestedStatus(), Status::Available);
    QVERIFY(!h.service->isInvisibleSupported());
    QVERIFY(!h.service->isConnecting());
    QVERIFY(h.transport->sent().isEmpty());
}

void tst_PresenceService::choosingAStatusWhileOfflineConnects()
{
    Harness h;
    QSignalSpy changed(h.service.get(), &PresenceService::statusChanged);
    h.service->setStatus(Status::Away, u"Gone fishing"_s);
    QVERIFY(h.account->isOnline());
    QCOMPARE(h.service->status(), Status::Away);
    QCOMPARE(h.service->statusMessage(), u"Gone fishing"_s);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<Status>(), Status::Away);
    // RFC 6121 §2.2: the roster get first, then initial presence — with the chosen status —
    // right behind it, without waiting for the roster.
    const QList<XmlElement> presences = h.sentNamed(u"presence"_s);
    QCOMPARE(presences.size(), 1);
    QVERIFY(sentEquals(presences.first(),
                       u"<presence><show>away</show><status>Gone fishing</status></presence>"_s));
    const qsizetype rosterGet = h.indexOfSent(isRosterGet);
    QVERIFY(rosterGet >= 0);
    QCOMPARE(h.indexOfSent([](const XmlElement &e) { return e.name() == u"presence"; }),
             rosterGet + 1);
    QVERIFY(!h.roster->isLoaded());
    h.answerRoster();
    QCOMPARE(h.sentNamed(u"presence"_s).size(), 1);
    QCOMPARE(h.service->status(), Status::Away);
}

void tst_PresenceService::statusesMapToShow_data()
{
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("expected");
    QTest::newRow("available") << Status::Available
                               << u"<presence><status>Hello</status></presence>"_s;
    QTest::newRow("free to chat")
        << Status::FreeToChat << u"<presence><show>chat</show><status>Hello</status></presence>"_s;
    QTest::newRow("away") << Status::Away
                          << u"<presence><show>away</show><status>Hello</status></presence>"_s;
    QTest::newRow("extended away")
        << Status::ExtendedAway << u"<presence><show>xa</show><status>Hello</status></presence>"_s;
    QTest::newRow("do not disturb")
        << Status::DoNotDisturb << u"<presence><show>dnd</show><status>Hello</status></presence>"_s;
}

void tst_PresenceService::statusesMapToShow()
{
    QFETCH(Status, status);
    QFETCH(QString, expected);
    Harness h;
    h.goOnline();
    h.service->setStatus(status, u"Hello"_s);
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(sentEquals(h.transport->lastSent(), expected));
    QCOMPARE(h.service->status(), status);
}

void tst_PresenceService::messageAloneChanges()
{
    Harness h;
    h.goOnline();
    h.service->setStatus(Status::DoNotDisturb, u"In a meeting"_s);
    h.service->setStatus(Status::DoNotDisturb, u"Still in a meeting"_s);
    QCOMPARE(h.transport->sent().size(), 2);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence><show>dnd</show><status>Still in a meeting</status>"
                       "</presence>"_s));
    QCOMPARE(h.service->statusMessage(), u"Still in a meeting"_s);
}

void tst_PresenceService::offlineDisconnects()
{
    Harness h;
    h.goOnline();
    QSignalSpy changed(h.service.get(), &PresenceService::statusChanged);
    h.service->setStatus(Status::Offline, u"ignored"_s);
    QCOMPARE(h.account->state(), Account::State::Offline);
    QCOMPARE(h.service->status(), Status::Offline);
    QCOMPARE(changed.last().at(0).value<Status>(), Status::Offline);
    // The stream's end tells the contacts; no presence carries the message.
    QVERIFY(h.sentNamed(u"presence"_s).isEmpty());
    QCOMPARE(h.service->lastError(), QString());
}

void tst_PresenceService::statusAfterAnErrorConnectsAgain()
{
    Harness h;
    h.goOnline();
    QSignalSpy connection(h.service.get(), &PresenceService::connectionStateChanged);
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(h.service->status(), Status::Offline);
    QVERIFY(!h.service->lastError().isEmpty());
    QVERIFY(!connection.isEmpty());
    h.service->setStatus(Status::FreeToChat, QString());
    QVERIFY(h.account->isOnline());
    QCOMPARE(h.service->lastError(), QString());
    QCOMPARE(h.service->status(), Status::FreeToChat);
}

void tst_PresenceService::invisibleNeedsTheServersSupport()
{
    Harness h;
    h.goOnline(false);
    QVERIFY(!h.service->isInvisibleSupported());
    QSignalSpy failed(h.service.get(), &PresenceService::statusFailed);
    h.service->setStatus(Status::Invisible, QString());
    QCOMPARE(failed.size(), 1);
    QVERIFY(!failed.first().at(0).toString().isEmpty());
    QVERIFY(h.transport->sent().isEmpty());
    QCOMPARE(h.service->status(), Status::Available);
}

void tst_PresenceService::invisibleSendsTheCommandAndVisibleUndoesIt()
{
    Harness h;
    QSignalSpy support(h.service.get(), &PresenceService::invisibleSupportChanged);
    h.goOnline(true);
    QVERIFY(h.service->isInvisibleSupported());
    QCOMPARE(support.size(), 1);
    QCOMPARE(support.first().at(0).toBool(), true);

    h.service->setStatus(Status::Invisible, QString());
    QCOMPARE(h.transport->sent().size(), 1);
    const XmlElement command = h.transport->lastSent();
    QVERIFY(
        sentEquals(command, u"<iq type='set'><invisible xmlns='urn:xmpp:invisible:0'/></iq>"_s));
    QCOMPARE(h.service->status(), Status::Available); // until the server agrees
    h.transport->inject(u"<iq type='result' id='%1'/>"_s.arg(command.attribute(u"id")));
    QCOMPARE(h.service->status(), Status::Invisible);
    QVERIFY(h.invisible->isInvisible());

    h.transport->clearSent();
    h.service->setStatus(Status::Away, u"Back soon"_s);
    QCOMPARE(h.transport->sent().size(), 1);
    const XmlElement visible = h.transport->lastSent();
    QVERIFY(sentEquals(visible, u"<iq type='set'><visible xmlns='urn:xmpp:invisible:0'/></iq>"_s));
    h.transport->inject(u"<iq type='result' id='%1'/>"_s.arg(visible.attribute(u"id")));
    QCOMPARE(h.transport->sent().size(), 2);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence><show>away</show><status>Back soon</status></presence>"_s));
    QCOMPARE(h.service->status(), Status::Away);
    QVERIFY(!h.invisible->isInvisible());
}

void tst_PresenceService::invisibleLoginHoldsPresenceBack_data()
{
    QTest::addColumn<bool>("rosterFirst");
    QTest::newRow("roster result before the invisibility command") << true;
    QTest::newRow("roster result before the server's answer to it") << false;
}

void tst_PresenceService::invisibleLoginHoldsPresenceBack()
{
    QFETCH(bool, rosterFirst);
    Harness h;
    h.goOnline(true);
    h.service->setStatus(Status::Offline, QString());
    h.transport->clearSent();

    // The roster get goes out as in every login; the initial presence, which would otherwise
    // follow it at once, waits for the server to confirm invisibility (XEP-0186 §3.1).
    h.service->setStatus(Status::Invisible, QString());
    QVERIFY(h.account->isOnline());
    QCOMPARE(h.service->status(), Status::Offline);
    QVERIFY(h.indexOfSent(isRosterGet) >= 0);
    QVERIFY(h.sentNamed(u"presence"_s).isEmpty());
    QVERIFY(!h.presence->isAvailable());
    if (rosterFirst) {
        h.answerRoster();
        QVERIFY(h.sentNamed(u"presence"_s).isEmpty()); // not before the server hid us
    }
    h.answerDisco(true);
    const XmlElement command = h.findSent([](const XmlElement &e) {
        return e.firstChild().is(InvisibleExtension::Namespace, u"invisible");
    });
    QVERIFY(!command.isNull());
    QVERIFY(h.sentNamed(u"presence"_s).isEmpty());
    if (!rosterFirst) {
        // The roster result before the server's answer changes nothing either.
        h.answerRoster();
        QVERIFY(h.sentNamed(u"presence"_s).isEmpty());
        QCOMPARE(h.service->status(), Status::Offline);
    }

    h.transport->inject(u"<iq type='result' id='%1'/>"_s.arg(command.attribute(u"id")));
    const QList<XmlElement> presences = h.sentNamed(u"presence"_s);
    QCOMPARE(presences.size(), 1); // initial presence, not broadcast
    QVERIFY(sentEquals(presences.first(), u"<presence/>"_s));
    QVERIFY(sentEquals(h.transport->lastSent(), u"<presence/>"_s)); // after the confirmation
    QCOMPARE(h.service->status(), Status::Invisible);
    QVERIFY(h.presence->isAvailable());
}

void tst_PresenceService::invisibleLoginWithoutSupportStaysOffline()
{
    Harness h;
    h.goOnline(true);
    h.service->setStatus(Status::Offline, QString());
    h.transport->clearSent();
    QSignalSpy failed(h.service.get(), &PresenceService::statusFailed);

    h.service->setStatus(Status::Invisible, QString());
    h.answerRoster();
    h.answerDisco(false); // the server no longer offers it
    QVERIFY(h.sentNamed(u"presence"_s).isEmpty());
    QCOMPARE(h.account->state(), Account::State::Offline);
    QCOMPARE(h.service->status(), Status::Offline);
    QCOMPARE(failed.size(), 1);
    QVERIFY(!h.service->lastError().isEmpty());
    QVERIFY(!h.service->isInvisibleSupported());
}

void tst_PresenceService::invisibleErrorKeepsTheStatus()
{
    Harness h;
    h.goOnline(true);
    h.service->setStatus(Status::Away, QString());
    h.transport->clearSent();
    QSignalSpy failed(h.service.get(), &PresenceService::statusFailed);
    QSignalSpy changed(h.service.get(), &PresenceService::statusChanged);
    h.service->setStatus(Status::Invisible, QString());
    h.transport->inject(u"<iq type='error' id='%1'><error type='cancel'>"
                        "<not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                        "</iq>"_s.arg(h.transport->lastSent().attribute(u"id")));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(h.service->status(), Status::Away);
    QCOMPARE(h.service->requestedStatus(), Status::Away);
    QCOMPARE(changed.last().at(0).value<Status>(), Status::Away);
    QVERIFY(h.account->isOnline());
}

void tst_PresenceService::contactStatusFollowsTheBestResource()
{
    Harness h;
    h.goOnline();
    QSignalSpy changed(h.service.get(), &PresenceService::contactStatusChanged);
    QCOMPARE(h.service->contactStatus(jid(u"romeo@example.net"_s)), Status::Offline);
    h.transport->inject(u"<presence from='romeo@example.net/orchard'><show>xa</show>"
                        "<status>Under the balcony</status><priority>5</priority></presence>"_s);
    h.transport->inject(u"<presence from='romeo@example.net/phone'><show>chat</show>"
                        "<priority>1</priority></presence>"_s);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.first().at(0).value<Jid>(), jid(u"romeo@example.net"_s));
    QCOMPARE(h.service->contactStatus(jid(u"romeo@example.net"_s)), Status::ExtendedAway);
    QCOMPARE(h.service->contactStatusText(jid(u"romeo@example.net"_s)), u"Under the balcony"_s);
    const QList<PresenceService::ResourceInfo> resources =
        h.service->resources(jid(u"romeo@example.net"_s));
    QCOMPARE(resources.size(), 2);
    QCOMPARE(resources.at(0).jid, jid(u"romeo@example.net/orchard"_s));
    QCOMPARE(resources.at(0).priority, 5);
    QCOMPARE(resources.at(1).status, Status::FreeToChat);
    h.transport->inject(u"<presence from='romeo@example.net/orchard' type='unavailable'/>"_s);
    QCOMPARE(h.service->contactStatus(jid(u"romeo@example.net"_s)), Status::FreeToChat);
}

void tst_PresenceService::clientInfoAsksTheResource()
{
    Harness h;
    h.goOnline();
    std::optional<PresenceService::ClientInfo> info;
    QObject context;
    h.service->requestClientInfo(jid(u"romeo@example.net/orchard"_s), &context,
                                 [&info](const PresenceService::ClientInfo &i) { info = i; });
    const XmlElement get = h.transport->lastSent();
    QVERIFY(sentEquals(get, u"<iq type='get' to='romeo@example.net/orchard'>"
                            "<query xmlns='jabber:iq:version'/></iq>"_s));
    h.transport->inject(
        u"<iq type='result' id='%1' from='romeo@example.net/orchard'>"
        "<query xmlns='jabber:iq:version'><name>Gajim</name>"
        "<version>1.8.4</version><os>Debian 12</os></query></iq>"_s.arg(get.attribute(u"id")));
    QVERIFY(info);
    QCOMPARE(info->name, u"Gajim"_s);
    QCOMPARE(info->version, u"1.8.4"_s);
    QCOMPARE(info->os, u"Debian 12"_s);
    QCOMPARE(info->error, QString());
}

void tst_PresenceService::clientInfoErrorInWords()
{
    Harness h;
    h.goOnline();
    std::optional<PresenceService::ClientInfo> info;
    h.service->requestClientInfo(jid(u"romeo@example.net/orchard"_s), h.service.get(),
                                 [&info](const PresenceService::ClientInfo &i) { info = i; });
    h.transport->inject(u"<iq type='error' id='%1' from='romeo@example.net/orchard'>"
                        "<error type='cancel'><service-unavailable "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(
                            h.transport->lastSent().attribute(u"id")));
    QVERIFY(info);
    QVERIFY(info->name.isEmpty());
    QVERIFY(!info->error.isEmpty());
}

void tst_PresenceService::statusNamesAreWords()
{
    QCOMPARE(PresenceService::statusName(Status::ExtendedAway), u"Extended away"_s);
    QCOMPARE(PresenceService::statusName(Status::FreeToChat), u"Free to chat"_s);
    QCOMPARE(PresenceService::statusName(Status::Invisible), u"Invisible"_s);
    QCOMPARE(PresenceService::statusName(Status::Offline), u"Offline"_s);
}

QTEST_GUILESS_MAIN(tst_PresenceService)
#include "tst_presenceservice.moc"
