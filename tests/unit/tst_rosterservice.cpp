// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "services/RosterService.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace natter;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@example.com/balcony");

Jid jid(const QString &text)
{
    return Jid::fromString(text);
}

const QString Roster = uR"(
<item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>
<item jid='nurse@example.com' subscription='none' ask='subscribe'><group>Capulet</group></item>
<item jid='benvolio@example.net' subscription='from'/>
)"_s;

// What was sent, without the (random) id, for comparing with expected XML.
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
        roster = new RosterExtension(account.get());
        subscriptions = new SubscriptionExtension(account.get());
        subscriptions->setRoster(roster);
        service = std::make_unique<RosterService>(roster, subscriptions);
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        account->connectToServer();
        const XmlElement get = transport->takeFirstSent();
        transport->inject(
            u"<iq type='result' id='%1'><query xmlns='jabber:iq:roster'>%2</query></iq>"_s.arg(
                get.attribute(u"id"), Roster));
        transport->clearSent();
    }

    // Answers the last IQ sent with an empty result.
    void answerLast()
    {
        const XmlElement iq = transport->lastSent();
        transport->inject(u"<iq type='result' id='%1'/>"_s.arg(iq.attribute(u"id")));
    }
    void push(const QString &item)
    {
        transport->inject(
            u"<iq type='set' id='push%1'><query xmlns='jabber:iq:roster'>%2</query></iq>"_s.arg(
                QString::number(++pushes), item));
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    RosterExtension *roster = nullptr;
    SubscriptionExtension *subscriptions = nullptr;
    std::unique_ptr<RosterService> service;
    int pushes = 0;
};

// Records the outcome of a Done callback.
struct Outcome
{
    bool called = false;
    QString error;
    RosterService::Done callback()
    {
        return [this](const QString &e) {
            called = true;
            error = e;
        };
    }
};

} // namespace

class tst_RosterService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void contactsInAppTerms();
    void displayNameFallsBackToTheJid();
    void addContactSendsRosterSetThenSubscribe();
    void addContactWithoutRequestOnlySetsTheRoster();
    void addContactPreApprovesWhereTheServerOffersIt();
    void addContactAcceptsTheirWaitingRequest();
    void requestOfAnAddedContactIsApprovedByItself();
    void addContactErrorBecomesASentence();
    void invalidAddressFailsWithoutSending();
    void renameSendsTheNewName();
    void setGroupsSendsTheGroups();
    void removeSendsRemove();
    void subscriptionActionsSendPresence();
    void acceptRequestAddsAStranger();
    void acceptRequestOfAContactOnlyApproves();
    void incomingRequestsAreListedUntilAnswered();
    void contactsChangedOnPushes();
    void doneIsDroppedWithItsContext();
};

void tst_RosterService::initTestCase()
{
    QLoggingCategory::setFilterRules(u"natter.*.debug=false\nnatter.*.info=false"_s);
}

void tst_RosterService::contactsInAppTerms()
{
    Harness h;
    QVERIFY(h.service->contains(jid(u"romeo@example.net/orchard"_s)));
    QVERIFY(!h.service->contains(jid(u"paris@example.org"_s)));
    const auto romeo = h.service->contact(jid(u"romeo@example.net"_s));
    QVERIFY(romeo);
    QCOMPARE(romeo->name, u"Romeo"_s);
    QCOMPARE(romeo->groups, QStringList{u"Friends"_s});
    QVERIFY(romeo->theySeeUs);
    QVERIFY(romeo->weSeeThem);
    QVERIFY(!romeo->requestPending);
    const auto nurse = h.service->contact(jid(u"nurse@example.com"_s));
    QVERIFY(!nurse->theySeeUs);
    QVERIFY(!nurse->weSeeThem);
    QVERIFY(nurse->requestPending);
    const auto benvolio = h.service->contact(jid(u"benvolio@example.net"_s));
    QVERIFY(benvolio->theySeeUs);
    QVERIFY(!benvolio->weSeeThem);
    QVERIFY(!h.service->contact(jid(u"paris@example.org"_s)));
    QCOMPARE(h.service->groups(), (QStringList{u"Capulet"_s, u"Friends"_s}));
}

void tst_RosterService::displayNameFallsBackToTheJid()
{
    Harness h;
    QCOMPARE(h.service->displayName(jid(u"romeo@example.net/orchard"_s)), u"Romeo"_s);
    QCOMPARE(h.service->displayName(jid(u"nurse@example.com"_s)), u"nurse@example.com"_s);
    QCOMPARE(h.service->displayName(jid(u"paris@example.org/x"_s)), u"paris@example.org"_s);
}

void tst_RosterService::addContactSendsRosterSetThenSubscribe()
{
    Harness h;
    Outcome outcome;
    QObject context;
    h.service->addContact(jid(u"paris@example.org"_s), u" Paris "_s, {u"Verona"_s, u"Suitors"_s},
                          true, &context, outcome.callback());
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                       "<item jid='paris@example.org' name='Paris'><group>Verona</group>"
                       "<group>Suitors</group></item></query></iq>"_s));
    QVERIFY(!outcome.called);
    h.answerLast();
    QVERIFY(outcome.called);
    QCOMPARE(outcome.error, QString());
    QCOMPARE(h.transport->sent().size(), 2);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='paris@example.org' type='subscribe'/>"_s));
}

void tst_RosterService::addContactWithoutRequestOnlySetsTheRoster()
{
    Harness h;
    Outcome outcome;
    h.service->addContact(jid(u"paris@example.org"_s), QString(), {}, false, nullptr,
                          outcome.callback());
    QVERIFY(sentEquals(h.transport->lastSent(), u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                                                "<item jid='paris@example.org'/></query></iq>"_s));
    h.answerLast();
    QVERIFY(outcome.called);
    QCOMPARE(h.transport->sent().size(), 1);
}

void tst_RosterService::addContactPreApprovesWhereTheServerOffersIt()
{
    Harness h(true);
    h.service->addContact(jid(u"paris@example.org"_s), QString(), {}, true, nullptr, {});
    h.answerLast();
    QCOMPARE(h.transport->sent().size(), 3);
    QVERIFY(sentEquals(h.transport->sent().at(1),
                       u"<presence to='paris@example.org' type='subscribe'/>"_s));
    QVERIFY(sentEquals(h.transport->sent().at(2),
                       u"<presence to='paris@example.org' type='subscribed'/>"_s));
}

void tst_RosterService::addContactAcceptsTheirWaitingRequest()
{
    Harness h;
    h.transport->inject(u"<presence from='paris@example.org' type='subscribe'/>"_s);
    QCOMPARE(h.service->pendingRequests().size(), 1);
    h.service->addContact(jid(u"paris@example.org"_s), u"Paris"_s, {}, true, nullptr, {});
    h.answerLast();
    QCOMPARE(h.transport->sent().size(), 3);
    QVERIFY(sentEquals(h.transport->sent().at(2),
                       u"<presence to='paris@example.org' type='subscribed'/>"_s));
    QVERIFY(h.service->pendingRequests().isEmpty());
}

void tst_RosterService::requestOfAnAddedContactIsApprovedByItself()
{
    Harness h;
    QSignalSpy requested(h.service.get(), &RosterService::subscriptionRequested);
    h.service->addContact(jid(u"paris@example.org"_s), u"Paris"_s, {}, true, nullptr, {});
    h.answerLast();
    h.transport->clearSent();
    // Paris approves and, as clients do, asks back.
    h.transport->inject(u"<presence from='paris@example.org' type='subscribed'/>"_s);
    h.transport->inject(u"<presence from='paris@example.org' type='subscribe'/>"_s);
    QCOMPARE(requested.size(), 0);
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='paris@example.org' type='subscribed'/>"_s));
    QVERIFY(h.service->pendingRequests().isEmpty());

    // Someone else's request still asks the user.
    h.transport->inject(u"<presence from='tybalt@example.com' type='subscribe'/>"_s);
    QCOMPARE(requested.size(), 1);
}

void tst_RosterService::addContactErrorBecomesASentence()
{
    Harness h;
    Outcome outcome;
    h.service->addContact(jid(u"paris@example.org"_s), QString(), {}, true, nullptr,
                          outcome.callback());
    const QString id = h.transport->lastSent().attribute(u"id");
    h.transport->inject(u"<iq type='error' id='%1'><error type='modify'>"
                        "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        "</error></iq>"_s.arg(id));
    QVERIFY(outcome.called);
    QVERIFY(!outcome.error.isEmpty());
    QVERIFY(!outcome.error.contains(u'<'));
    QCOMPARE(h.transport->sent().size(), 1); // no subscription request after a failure
}

void tst_RosterService::invalidAddressFailsWithoutSending()
{
    Harness h;
    Outcome outcome;
    h.service->addContact(Jid(), u"Nobody"_s, {}, true, nullptr, outcome.callback());
    QTRY_VERIFY(outcome.called); // answered asynchronously, like every outcome
    QVERIFY(!outcome.error.isEmpty());
    QCOMPARE(h.transport->sent().size(), 0);
}

void tst_RosterService::renameSendsTheNewName()
{
    Harness h;
    Outcome outcome;
    h.service->renameContact(jid(u"romeo@example.net"_s), u"Romeo Montague"_s, nullptr,
                             outcome.callback());
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                       "<item jid='romeo@example.net' name='Romeo Montague'>"
                       "<group>Friends</group></item></query></iq>"_s));
    h.answerLast();
    QVERIFY(outcome.called);
    QCOMPARE(outcome.error, QString());
}

void tst_RosterService::setGroupsSendsTheGroups()
{
    Harness h;
    h.service->setGroups(jid(u"romeo@example.net"_s), {u"Montague"_s, u"Friends"_s}, nullptr, {});
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                       "<item jid='romeo@example.net' name='Romeo'><group>Montague</group>"
                       "<group>Friends</group></item></query></iq>"_s));
}

void tst_RosterService::removeSendsRemove()
{
    Harness h;
    Outcome outcome;
    h.service->removeContact(jid(u"nurse@example.com"_s), nullptr, outcome.callback());
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                       "<item jid='nurse@example.com' subscription='remove'/></query></iq>"_s));
    h.answerLast();
    QCOMPARE(outcome.error, QString());
}

void tst_RosterService::subscriptionActionsSendPresence()
{
    Harness h;
    h.service->requestSubscription(jid(u"nurse@example.com/kitchen"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='nurse@example.com' type='subscribe'/>"_s));
    h.service->approveSubscription(jid(u"nurse@example.com"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='nurse@example.com' type='subscribed'/>"_s));
    h.service->denySubscription(jid(u"benvolio@example.net"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='benvolio@example.net' type='unsubscribed'/>"_s));
    h.service->cancelSubscription(jid(u"romeo@example.net"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='romeo@example.net' type='unsubscribe'/>"_s));
    QCOMPARE(h.transport->sent().size(), 4);
}

void tst_RosterService::acceptRequestAddsAStranger()
{
    Harness h;
    h.transport->inject(u"<presence from='paris@example.org/x' type='subscribe'>"
                        "<status>It is Paris, from the ball</status></presence>"_s);
    h.service->acceptRequest(jid(u"paris@example.org"_s));
    QCOMPARE(h.transport->sent().size(), 2);
    QVERIFY(sentEquals(h.transport->sent().at(0),
                       u"<presence to='paris@example.org' type='subscribed'/>"_s));
    QVERIFY(sentEquals(h.transport->sent().at(1),
                       u"<presence to='paris@example.org' type='subscribe'/>"_s));
    QVERIFY(h.service->pendingRequests().isEmpty());
}

void tst_RosterService::acceptRequestOfAContactOnlyApproves()
{
    Harness h;
    h.transport->inject(u"<presence from='nurse@example.com' type='subscribe'/>"_s);
    h.service->acceptRequest(jid(u"nurse@example.com"_s));
    QCOMPARE(h.transport->sent().size(), 1);
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='nurse@example.com' type='subscribed'/>"_s));
}

void tst_RosterService::incomingRequestsAreListedUntilAnswered()
{
    Harness h;
    QSignalSpy requested(h.service.get(), &RosterService::subscriptionRequested);
    QSignalSpy changed(h.service.get(), &RosterService::pendingRequestsChanged);
    h.transport->inject(u"<presence from='paris@example.org' type='subscribe'>"
                        "<status>It is Paris</status></presence>"_s);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).value<Jid>(), jid(u"paris@example.org"_s));
    QCOMPARE(requested.first().at(1).toString(), u"It is Paris"_s);
    QVERIFY(changed.size() >= 1);
    const QList<RosterService::IncomingRequest> pending = h.service->pendingRequests();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().from, jid(u"paris@example.org"_s));
    QCOMPARE(pending.first().message, u"It is Paris"_s);
    QVERIFY(pending.first().received.isValid());

    changed.clear();
    h.service->denySubscription(jid(u"paris@example.org"_s));
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='paris@example.org' type='unsubscribed'/>"_s));
    QVERIFY(h.service->pendingRequests().isEmpty());
    QCOMPARE(changed.size(), 1);
}

void tst_RosterService::contactsChangedOnPushes()
{
    Harness h;
    QSignalSpy changed(h.service.get(), &RosterService::contactsChanged);
    h.push(u"<item jid='paris@example.org' name='Paris'/>"_s);
    h.push(u"<item jid='paris@example.org' name='County Paris'/>"_s);
    h.push(u"<item jid='paris@example.org' subscription='remove'/>"_s);
    QCOMPARE(changed.size(), 3);
}

void tst_RosterService::doneIsDroppedWithItsContext()
{
    Harness h;
    Outcome outcome;
    auto context = std::make_unique<QObject>();
    h.service->addContact(jid(u"paris@example.org"_s), QString(), {}, true, context.get(),
                          outcome.callback());
    context.reset();
    h.answerLast();
    QVERIFY(!outcome.called);
    // The subscription request still follows: the user asked for it.
    QVERIFY(sentEquals(h.transport->lastSent(),
                       u"<presence to='paris@example.org' type='subscribe'/>"_s));
}

QTEST_GUILESS_MAIN(tst_RosterService)
#include "tst_rosterservice.moc"
