// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "xml/Namespaces.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace natter {

char *toString(const Jid &jid)
{
    return QTest::toString(jid.isNull() ? u"(null)"_s : jid.toString());
}

} // namespace natter

using namespace natter;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@example.com/balcony");

Jid jid(const QString &text)
{
    return Jid::fromString(text);
}

struct Harness
{
    explicit Harness(bool preApproval = false)
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        if (preApproval)
            session.features.insert(SessionInfo::featureKey(ns::PreApproval, u"sub"_s));
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        subscriptions = new SubscriptionExtension(account.get());
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        account->connectToServer();
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    SubscriptionExtension *subscriptions = nullptr;
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

QList<Jid> pendingJids(const SubscriptionExtension *subscriptions)
{
    QList<Jid> result;
    for (const SubscriptionRequest &request : subscriptions->pendingRequests())
        result.append(request.from);
    return result;
}

} // namespace

class tst_Subscription : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void outboundStanzasGoToBareJids_data();
    void outboundStanzasGoToBareJids();
    void outboundWithInvalidJidSendsNothing();
    void inboundRequestIsStored();
    void duplicateRequestsCollapse();
    void approveAnswersAndForgetsRequest();
    void denyAnswersAndForgetsRequest();
    void approveWithoutRequestPreApproves_data();
    void approveWithoutRequestPreApproves();
    void answerWhileOfflineKeepsRequest();
    void inboundAnswersAreSignalled_data();
    void inboundAnswersAreSignalled();
    void contactUnsubscribeWithdrawsRequest();
    void requestWithoutFromIsIgnored();
    void requestWithInvalidFromIsIgnored();
    void requestFromFullJidIsStoredAsBare();
    void otherPresenceIsNotClaimed();
    void approvalElsewhereClearsRequest();
};

void tst_Subscription::initTestCase()
{
    qRegisterMetaType<Jid>();
}

void tst_Subscription::outboundStanzasGoToBareJids_data()
{
    QTest::addColumn<int>("operation");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("expected");

    // RFC 6121 §3.1.1, §3.1.4, §3.2.1, §3.3.1
    QTest::newRow("subscribe") << 0 << u"juliet@example.com"_s
                               << u"<presence to='juliet@example.com' type='subscribe'/>"_s;
    QTest::newRow("subscribe-full") << 0 << u"juliet@example.com/balcony"_s
                                    << u"<presence to='juliet@example.com' type='subscribe'/>"_s;
    QTest::newRow("subscribe-message")
        << 1 << u"juliet@example.com"_s
        << u"<presence to='juliet@example.com' type='subscribe'><status>It is I, Romeo"
           "</status></presence>"_s;
    QTest::newRow("approve") << 2 << u"romeo@example.net/orchard"_s
                             << u"<presence to='romeo@example.net' type='subscribed'/>"_s;
    QTest::newRow("deny") << 3 << u"romeo@example.net"_s
                          << u"<presence to='romeo@example.net' type='unsubscribed'/>"_s;
    QTest::newRow("unsubscribe") << 4 << u"Juliet@Example.com/chamber"_s
                                 << u"<presence to='juliet@example.com' type='unsubscribe'/>"_s;
}

void tst_Subscription::outboundStanzasGoToBareJids()
{
    QFETCH(int, operation);
    QFETCH(QString, target);
    QFETCH(QString, expected);
    Harness h;
    const Jid to = jid(target);
    switch (operation) {
    case 0:
        h.subscriptions->subscribe(to);
        break;
    case 1:
        h.subscriptions->subscribe(to, u"It is I, Romeo"_s);
        break;
    case 2:
        h.subscriptions->approve(to);
        break;
    case 3:
        h.subscriptions->deny(to);
        break;
    default:
        h.subscriptions->unsubscribe(to);
        break;
    }
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(sentEquals(h.transport->lastSent(), expected));
}

void tst_Subscription::outboundWithInvalidJidSendsNothing()
{
    Harness h;
    h.subscriptions->subscribe(Jid());
    h.subscriptions->approve(Jid());
    h.subscriptions->deny(Jid());
    h.subscriptions->unsubscribe(Jid());
    QVERIFY(h.transport->sent().isEmpty());
}

void tst_Subscription::inboundRequestIsStored()
{
    Harness h;
    QSignalSpy requested(h.subscriptions, &SubscriptionExtension::subscriptionRequested);
    QSignalSpy changed(h.subscriptions, &SubscriptionExtension::pendingRequestsChanged);
    QSignalSpy unclaimed(h.account.get(), &Account::presenceReceived);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    // RFC 6121 §3.1.3
    h.transport->inject(u"<presence from='romeo@example.net' to='juliet@example.com' "
                        "type='subscribe'><status>Wherefore art thou?</status></presence>"_s);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).value<Jid>(), jid(u"romeo@example.net"_s));
    QCOMPARE(requested.first().at(1).toString(), u"Wherefore art thou?"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(unclaimed.size(), 0);
    const QList<SubscriptionRequest> pending = h.subscriptions->pendingRequests();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().from, jid(u"romeo@example.net"_s));
    QCOMPARE(pending.first().message, u"Wherefore art thou?"_s);
    QVERIFY(pending.first().received >= before);
    QVERIFY(h.subscriptions->hasPendingRequest(jid(u"romeo@example.net"_s)));
    QVERIFY(h.transport->sent().isEmpty()); // nothing is answered by itself

    h.transport->inject(u"<presence from='benvolio@example.net' type='subscribe'/>"_s);
    QCOMPARE(pendingJids(h.subscriptions),
             (QList<Jid>{jid(u"romeo@example.net"_s), jid(u"benvolio@example.net"_s)}));
}

void tst_Subscription::duplicateRequestsCollapse()
{
    Harness h;
    QSignalSpy requested(h.subscriptions, &SubscriptionExtension::subscriptionRequested);
    h.transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    h.transport->inject(u"<presence from='romeo@example.net/orchard' type='subscribe'/>"_s);
    h.transport->inject(u"<presence from='Romeo@Example.NET' type='subscribe'>"
                        "<status>Please</status></presence>"_s);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(h.subscriptions->pendingRequests().size(), 1);
    // a later message replaces the earlier (empty) one
    QCOMPARE(h.subscriptions->pendingRequests().first().message, u"Please"_s);

    // the server repeats pending requests at the next login
    h.account->disconnectFromServer();
    h.account->connectToServer();
    h.transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(h.subscriptions->pendingRequests().size(), 1);
    QCOMPARE(h.subscriptions->pendingRequests().first().message, u"Please"_s);
}

void tst_Subscription::approveAnswersAndForgetsRequest()
{
    Harness h;
    h.transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    h.transport->inject(u"<presence from='benvolio@example.net' type='subscribe'/>"_s);
    QSignalSpy changed(h.subscriptions, &SubscriptionExtension::pendingRequestsChanged);
    h.subscriptions->approve(jid(u"romeo@example.net"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='romeo@example.net' type='subscribed'/>"_s));
    QCOMPARE(pendingJids(h.subscriptions), QList<Jid>{jid(u"benvolio@example.net"_s)});
    QCOMPARE(changed.size(), 1);
}

void tst_Subscription::denyAnswersAndForgetsRequest()
{
    Harness h;
    h.transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    h.subscriptions->deny(jid(u"romeo@example.net/orchard"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='romeo@example.net' type='unsubscribed'/>"_s));
    QVERIFY(h.subscriptions->pendingRequests().isEmpty());
}

void tst_Subscription::approveWithoutRequestPreApproves_data()
{
    QTest::addColumn<bool>("serverSupportsPreApproval");
    QTest::newRow("announced") << true;
    QTest::newRow("not-announced") << false;
}

void tst_Subscription::approveWithoutRequestPreApproves()
{
    QFETCH(bool, serverSupportsPreApproval);
    Harness h(serverSupportsPreApproval);
    QSignalSpy changed(h.subscriptions, &SubscriptionExtension::pendingRequestsChanged);
    // RFC 6121 §3.4.1: the same stanza; the server decides
    h.subscriptions->approve(jid(u"romeo@example.net"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='romeo@example.net' type='subscribed'/>"_s));
    QCOMPARE(changed.size(), 0);
}

void tst_Subscription::answerWhileOfflineKeepsRequest()
{
    Harness h;
    h.transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    h.account->disconnectFromServer();
    h.transport->clearSent();
    h.subscriptions->approve(jid(u"romeo@example.net"_s));
    h.subscriptions->deny(jid(u"romeo@example.net"_s));
    QVERIFY(h.transport->sent().isEmpty());
    QCOMPARE(h.subscriptions->pendingRequests().size(), 1);
}

void tst_Subscription::inboundAnswersAreSignalled_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("signal"); // 0 approved, 1 revoked, 2 unsubscribed
    QTest::newRow("subscribed") << u"subscribed"_s << 0;
    QTest::newRow("unsubscribed") << u"unsubscribed"_s << 1;
    QTest::newRow("unsubscribe") << u"unsubscribe"_s << 2;
}

void tst_Subscription::inboundAnswersAreSignalled()
{
    QFETCH(QString, type);
    QFETCH(int, signal);
    Harness h;
    QSignalSpy approved(h.subscriptions, &SubscriptionExtension::subscriptionApproved);
    QSignalSpy revoked(h.subscriptions, &SubscriptionExtension::subscriptionRevoked);
    QSignalSpy unsubscribed(h.subscriptions, &SubscriptionExtension::contactUnsubscribed);
    QSignalSpy unclaimed(h.account.get(), &Account::presenceReceived);
    h.transport->inject(
        u"<presence from='juliet@example.com/balcony' to='romeo@example.net' type='%1'/>"_s.arg(
            type));
    QSignalSpy *spies[] = {&approved, &revoked, &unsubscribed};
    for (int i = 0; i < 3; ++i)
        QCOMPARE(spies[i]->size(), i == signal ? 1 : 0);
    // always the bare JID
    QCOMPARE(spies[signal]->first().first().value<Jid>(), jid(u"juliet@example.com"_s));
    QCOMPARE(unclaimed.size(), 0);
    QVERIFY(h.transport->sent().isEmpty());
}

void tst_Subscription::contactUnsubscribeWithdrawsRequest()
{
    Harness h;
    h.transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    QSignalSpy changed(h.subscriptions, &SubscriptionExtension::pendingRequestsChanged);
    QSignalSpy unsubscribed(h.subscriptions, &SubscriptionExtension::contactUnsubscribed);
    // RFC 6121 §3.3: cancelling before we answered
    h.transport->inject(u"<presence from='romeo@example.net' type='unsubscribe'/>"_s);
    QVERIFY(h.subscriptions->pendingRequests().isEmpty());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(unsubscribed.size(), 1);
}

void tst_Subscription::requestWithoutFromIsIgnored()
{
    Harness h;
    QSignalSpy requested(h.subscriptions, &SubscriptionExtension::subscriptionRequested);
    QSignalSpy approved(h.subscriptions, &SubscriptionExtension::subscriptionApproved);
    h.transport->inject(u"<presence type='subscribe'/>"_s);
    h.transport->inject(u"<presence type='subscribed'/>"_s);
    QCOMPARE(requested.size(), 0);
    QCOMPARE(approved.size(), 0);
    QVERIFY(h.subscriptions->pendingRequests().isEmpty());
}

void tst_Subscription::requestWithInvalidFromIsIgnored()
{
    Harness h;
    QSignalSpy requested(h.subscriptions, &SubscriptionExtension::subscriptionRequested);
    h.transport->inject(u"<presence from='a@b@c' type='subscribe'/>"_s);
    h.transport->inject(u"<presence from='' type='subscribe'/>"_s);
    h.transport->inject(u"<presence from='romeo@example.net/' type='subscribe'/>"_s);
    QCOMPARE(requested.size(), 0);
    QVERIFY(h.subscriptions->pendingRequests().isEmpty());

    // presented directly to the extension as well (not only through the Account's filter)
    Presence presence(Presence::Type::Subscribe);
    presence.element().setAttribute(u"from"_s, u"@invalid"_s);
    QVERIFY(h.subscriptions->handlePresence(presence));
    QCOMPARE(requested.size(), 0);
    QVERIFY(h.subscriptions->pendingRequests().isEmpty());
}

void tst_Subscription::requestFromFullJidIsStoredAsBare()
{
    Harness h;
    QSignalSpy requested(h.subscriptions, &SubscriptionExtension::subscriptionRequested);
    h.transport->inject(u"<presence from='romeo@example.net/orchard' type='subscribe'/>"_s);
    QCOMPARE(requested.first().first().value<Jid>(), jid(u"romeo@example.net"_s));
    QCOMPARE(pendingJids(h.subscriptions), QList<Jid>{jid(u"romeo@example.net"_s)});
}

void tst_Subscription::otherPresenceIsNotClaimed()
{
    Harness h;
    QSignalSpy unclaimed(h.account.get(), &Account::presenceReceived);
    h.transport->inject(u"<presence from='romeo@example.net/orchard'/>"_s);
    h.transport->inject(u"<presence from='romeo@example.net/orchard' type='unavailable'/>"_s);
    h.transport->inject(u"<presence from='romeo@example.net/orchard' type='probe'/>"_s);
    QCOMPARE(unclaimed.size(), 3);
}

void tst_Subscription::approvalElsewhereClearsRequest()
{
    Harness h;
    auto *roster = new RosterExtension(h.account.get());
    h.subscriptions->setRoster(roster);
    h.transport->inject(u"<presence from='romeo@example.net' type='subscribe'/>"_s);
    h.transport->inject(u"<presence from='benvolio@example.net' type='subscribe'/>"_s);
    h.transport->inject(u"<presence from='tybalt@example.com' type='subscribe'/>"_s);

    // a roster that already shows one of them approved
    roster->fetch();
    h.transport->inject(u"<iq type='result' id='%1'><query xmlns='jabber:iq:roster'>"
                        "<item jid='benvolio@example.net' subscription='both'/>"
                        "<item jid='tybalt@example.com' subscription='none'/></query></iq>"_s.arg(
                            h.transport->lastSent().attribute(u"id")));
    QCOMPARE(pendingJids(h.subscriptions),
             (QList<Jid>{jid(u"romeo@example.net"_s), jid(u"tybalt@example.com"_s)}));

    // another client of ours approves Romeo: the server pushes subscription='from'
    h.transport->inject(u"<iq type='set' id='p'><query xmlns='jabber:iq:roster'>"
                        "<item jid='romeo@example.net' subscription='from'/></query></iq>"_s);
    QCOMPARE(pendingJids(h.subscriptions), QList<Jid>{jid(u"tybalt@example.com"_s)});
    // a push that does not approve leaves the request alone
    h.transport->inject(u"<iq type='set' id='q'><query xmlns='jabber:iq:roster'>"
                        "<item jid='tybalt@example.com' name='Tybalt'/></query></iq>"_s);
    QCOMPARE(pendingJids(h.subscriptions), QList<Jid>{jid(u"tybalt@example.com"_s)});
}

QTEST_GUILESS_MAIN(tst_Subscription)
#include "tst_subscription.moc"
