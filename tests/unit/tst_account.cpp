// SPDX-License-Identifier: GPL-3.0-or-later
// The Account over a fake transport: state machine, IQ tracking (ids, sender checks, timeouts,
// disconnects, dropped contexts), answers to unknown requests, and stanza routing.
#include "FakeTransport.h"
#include "account/Account.h"
#include "account/Extension.h"
#include "xml/Namespaces.h"

#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace natter {

char *toString(const XmlElement &element)
{
    return QTest::toString(element.isNull() ? u"(null)"_s : element.toString(ns::Client));
}

} // namespace natter

using namespace natter;

namespace {

const Jid OwnBare = Jid::fromString(u"me@example.com");
const Jid OwnFull = Jid::fromString(u"me@example.com/test"); // FakeTransport binds "/test"

ConnectionSettings settings()
{
    ConnectionSettings s;
    s.jid = OwnBare;
    s.password = u"secret"_s;
    return s;
}

FakeTransport *fake(const Account &account)
{
    return static_cast<FakeTransport *>(account.transport());
}

// The element without the whitespace-only text nodes that indentation leaves.
// Parses a stanza as the server would send it (default namespace jabber:client).
XmlElement xml(const QString &text)
{
    return FakeTransport::recorded(text);
}

Iq pingTo(const QString &to)
{
    Iq iq(Iq::Type::Get, XmlElement(u"urn:xmpp:ping"_s, u"ping"_s));
    iq.setTo(Jid::fromString(to));
    return iq;
}

// Records what an extension sees; claims what it is told to.
class RecordingExtension : public Extension
{
    Q_OBJECT
public:
    RecordingExtension(Account *account, bool claim, QStringList features = {})
        : Extension(account)
        , m_claim(claim)
        , m_features(std::move(features))
    {}

    QStringList discoFeatures() const override { return m_features; }
    bool handleMessage(const Message &message) override
    {
        messages.append(message);
        return m_claim;
    }
    bool handlePresence(const Presence &presence) override
    {
        presences.append(presence);
        return m_claim;
    }
    std::optional<IqReply> handleIq(const Iq &iq) override
    {
        iqs.append(iq);
        if (!m_claim)
            return std::nullopt;
        const XmlElement payload = iq.payload();
        if (payload.is(u"urn:test:echo", u"echo"))
            return payload;
        return StanzaError(StanzaError::Type::Modify, StanzaError::Condition::NotAcceptable);
    }
    void sessionStarted(bool resumed) override { started.append(resumed); }
    void sessionEnded() override { ++ended; }

    QList<Message> messages;
    QList<Presence> presences;
    QList<Iq> iqs;
    QList<bool> started;
    int ended = 0;

private:
    bool m_claim;
    QStringList m_features;
};

// Counts the callbacks of one request.
struct Outcome
{
    int calls = 0;
    IqResult last;
    IqCallback callback()
    {
        return [this](const IqResult &result) {
            ++calls;
            last = result;
        };
    }
};

} // namespace

class tst_Account : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // State machine
    void connectGoesThroughConnectingToOnline();
    void authenticatingPhaseIsReported();
    void requestedDisconnectEndsOffline();
    void lostConnectionEndsInErrorWithReason();
    void failedLoginEndsInErrorWithoutSession();
    void reconnectClearsLastError();
    void sendFailsWhileOffline();
    void extensionsLearnSessionStartAndEnd();

    // IQ requests
    void iqIdsAreUniqueAndUnpredictable();
    void responsesAreMatchedById();
    void responseFromWrongSenderIsIgnored_data();
    void responseFromWrongSenderIsIgnored();
    void requestWithoutToAcceptsOnlyOwnAccount_data();
    void requestWithoutToAcceptsOnlyOwnAccount();
    void errorResponseCarriesCondition();
    void timeoutFiresOnce();
    void requestsWaitWhileTheSessionMayBeResumed();
    void disconnectDuringAReconnectionAttemptStaysOffline();
    void disconnectFailsPendingRequests();
    void requestWhileOfflineFailsAsynchronously();
    void callbackDroppedWhenContextDeleted();

    // Incoming IQ requests
    void unknownRequestAnsweredServiceUnavailable_data();
    void unknownRequestAnsweredServiceUnavailable();
    void extensionReplyIsSent();
    void unmatchedResponseIsNotAnswered_data();
    void unmatchedResponseIsNotAnswered();
    void requestWithoutPayloadIsBadRequest();

    // Routing
    void invalidFromIsDropped_data();
    void invalidFromIsDropped();
    void unclaimedStanzasReachAccountSignals();
    void claimedStanzasStopAtTheExtension();
    void stanzasBeforeOnlineAreIgnored();
    void discoFeaturesAreTheSortedUnion();
};

void tst_Account::connectGoesThroughConnectingToOnline()
{
    Account account(new FakeTransport);
    QCOMPARE(account.state(), Account::State::Offline);
    account.setSettings(settings());
    QSignalSpy states(&account, &Account::stateChanged);
    QSignalSpy connected(&account, &Account::connected);

    account.connectToServer();

    QCOMPARE(states.size(), 2);
    QCOMPARE(states.at(0).at(0).value<Account::State>(), Account::State::Connecting);
    QCOMPARE(states.at(1).at(0).value<Account::State>(), Account::State::Online);
    QCOMPARE(account.state(), Account::State::Online);
    QVERIFY(account.isOnline());
    QCOMPARE(connected.size(), 1);
    QCOMPARE(connected.at(0).at(0).toBool(), false);
    QCOMPARE(account.jid(), OwnFull);
    QCOMPARE(account.lastError().kind, ConnectionError::Kind::None);
}

void tst_Account::authenticatingPhaseIsReported()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    FakeTransport *t = fake(account);
    t->setAutoEstablish(false);

    account.connectToServer();
    QCOMPARE(account.state(), Account::State::Connecting);
    Q_EMIT t->phaseChanged(StanzaTransport::Phase::Authenticating);
    QCOMPARE(account.state(), Account::State::Authenticating);
    QVERIFY(!account.isOnline());
    t->establish();
    QCOMPARE(account.state(), Account::State::Online);
}

void tst_Account::requestedDisconnectEndsOffline()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    QSignalSpy states(&account, &Account::stateChanged);
    QSignalSpy disconnected(&account, &Account::disconnected);

    account.disconnectFromServer();

    QCOMPARE(account.state(), Account::State::Offline);
    QVERIFY(!states.isEmpty());
    QCOMPARE(states.first().at(0).value<Account::State>(), Account::State::Disconnecting);
    QCOMPARE(states.last().at(0).value<Account::State>(), Account::State::Offline);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).value<ConnectionError>().kind, ConnectionError::Kind::None);
    QCOMPARE(account.lastError().kind, ConnectionError::Kind::None);
    QVERIFY(!account.lastError().isError());
}

void tst_Account::lostConnectionEndsInErrorWithReason()
{
    Account account(new FakeTransport);
    account.setAutoReconnect(false);
    account.setSettings(settings());
    account.connectToServer();
    QSignalSpy disconnected(&account, &Account::disconnected);

    ConnectionError error(ConnectionError::Kind::ConnectionLost, u"xmpp.example.com:5222"_s);
    fake(account)->drop(error);

    QCOMPARE(account.state(), Account::State::Error);
    QCOMPARE(account.lastError().kind, ConnectionError::Kind::ConnectionLost);
    QCOMPARE(account.lastError().endpoint, u"xmpp.example.com:5222"_s);
    QVERIFY(!account.lastError().message().isEmpty());
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).value<ConnectionError>().kind,
             ConnectionError::Kind::ConnectionLost);
}

void tst_Account::failedLoginEndsInErrorWithoutSession()
{
    Account account(new FakeTransport);
    auto *recorder = new RecordingExtension(&account, false);
    account.setSettings(settings());
    FakeTransport *t = fake(account);
    t->setAutoEstablish(false);
    account.connectToServer();
    Q_EMIT t->phaseChanged(StanzaTransport::Phase::Authenticating);

    ConnectionError error(ConnectionError::Kind::AuthenticationFailed);
    error.condition = u"not-authorized"_s;
    t->drop(error);

    QCOMPARE(account.state(), Account::State::Error);
    QCOMPARE(account.lastError().kind, ConnectionError::Kind::AuthenticationFailed);
    QCOMPARE(account.lastError().condition, u"not-authorized"_s);
    QVERIFY(recorder->started.isEmpty());
    QCOMPARE(recorder->ended, 0); // no session was ever started
}

void tst_Account::reconnectClearsLastError()
{
    Account account(new FakeTransport);
    account.setAutoReconnect(false);
    account.setSettings(settings());
    account.connectToServer();
    fake(account)->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(account.state(), Account::State::Error);

    account.connectToServer();

    QCOMPARE(account.state(), Account::State::Online);
    QCOMPARE(account.lastError().kind, ConnectionError::Kind::None);
}

void tst_Account::sendFailsWhileOffline()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    Message message;
    message.setTo(Jid::fromString(u"juliet@capulet.lit"));
    message.setBody(u"hi"_s);

    QVERIFY(!account.send(message));
    account.connectToServer();
    QVERIFY(account.send(message));
    account.disconnectFromServer();
    QVERIFY(!account.send(message));

    QCOMPARE(fake(account)->sent().size(), 1);
    QCOMPARE(fake(account)->sent().first(), message.element());
}

void tst_Account::extensionsLearnSessionStartAndEnd()
{
    Account account(new FakeTransport);
    auto *recorder = new RecordingExtension(&account, false);
    account.setSettings(settings());

    account.connectToServer();
    QCOMPARE(recorder->started, QList<bool>{false});
    QCOMPARE(recorder->ended, 0);

    // A session that can be resumed survives the lost connection...
    fake(account)->setResumable(true);
    fake(account)->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(account.state(), Account::State::Reconnecting);
    QCOMPARE(recorder->ended, 0);

    SessionInfo resumed;
    resumed.jid = OwnFull;
    resumed.resumed = true;
    fake(account)->setSession(resumed);
    QSignalSpy connected(&account, &Account::connected);
    account.reconnectNow();
    QCOMPARE(recorder->started, (QList<bool>{false, true}));
    QCOMPARE(recorder->ended, 0);
    QCOMPARE(connected.size(), 1);
    QCOMPARE(connected.at(0).at(0).toBool(), true);

    // ...one that cannot ends at once, and the next one starts afresh.
    fake(account)->setResumable(false);
    fake(account)->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(account.state(), Account::State::Reconnecting);
    QCOMPARE(recorder->ended, 1);
    account.reconnectNow();
    QCOMPARE(recorder->started, (QList<bool>{false, true, false}));
    QCOMPARE(connected.at(1).at(0).toBool(), false);
}

void tst_Account::iqIdsAreUniqueAndUnpredictable()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);

    QSet<QString> ids;
    QSet<QChar> firstCharacters;
    QSet<QString> prefixes;
    for (int i = 0; i < 1000; ++i) {
        const QString id = account.request(pingTo(u"example.com"_s), this, {});
        QVERIFY2(id.size() >= 20, qPrintable(id));
        QVERIFY2(!ids.contains(id), qPrintable(u"duplicate id "_s + id));
        ids.insert(id);
        firstCharacters.insert(id.front());
        prefixes.insert(id.left(6));
        QCOMPARE(t->lastSent().attribute(u"id"), id);
    }
    QCOMPARE(t->sent().size(), 1000);
    // A counter or a timestamp would share its leading characters; random ids spread over the
    // whole alphabet (64 symbols; 1,000 draws miss one with a probability of about 1e-5).
    QVERIFY2(firstCharacters.size() > 40, qPrintable(QString::number(firstCharacters.size())));
    QCOMPARE(prefixes.size(), 1000);
}

void tst_Account::responsesAreMatchedById()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    Outcome first, second;
    const QString id1 =
        account.request(pingTo(u"juliet@capulet.lit/balcony"_s), this, first.callback());
    const QString id2 =
        account.request(pingTo(u"juliet@capulet.lit/balcony"_s), this, second.callback());
    QVERIFY(id1 != id2);

    t->inject(u"<iq type='result' from='juliet@capulet.lit/balcony' id='%1'><answer "
              u"xmlns='urn:test' n='2'/></iq>"_s.arg(id2));
    QCOMPARE(first.calls, 0);
    QCOMPARE(second.calls, 1);
    QVERIFY(second.last.ok());
    QCOMPARE(second.last.payload().attribute(u"n"), u"2"_s);

    t->inject(u"<iq type='result' from='juliet@capulet.lit/balcony' id='%1'/>"_s.arg(id1));
    QCOMPARE(first.calls, 1);
    QVERIFY(first.last.ok());
    QVERIFY(first.last.payload().isNull());
    QCOMPARE(first.last.response.id(), id1);

    // The same answer again matches nothing any more.
    t->inject(u"<iq type='result' from='juliet@capulet.lit/balcony' id='%1'/>"_s.arg(id1));
    QCOMPARE(first.calls, 1);
    QCOMPARE(second.calls, 1);
}

void tst_Account::responseFromWrongSenderIsIgnored_data()
{
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("wrongFrom"); // empty: no 'from'
    QTest::addColumn<QString>("rightFrom");

    QTest::newRow("other user") << u"juliet@capulet.lit/balcony"_s << u"eve@evil.lit/x"_s
                                << u"juliet@capulet.lit/balcony"_s;
    QTest::newRow("other resource")
        << u"juliet@capulet.lit/balcony"_s << u"juliet@capulet.lit/garden"_s
        << u"juliet@capulet.lit/balcony"_s;
    QTest::newRow("bare instead of full")
        << u"juliet@capulet.lit/balcony"_s << u"juliet@capulet.lit"_s
        << u"juliet@capulet.lit/balcony"_s;
    QTest::newRow("no from for a remote request")
        << u"juliet@capulet.lit"_s << QString() << u"juliet@capulet.lit"_s;
    QTest::newRow("our own server for a remote")
        << u"capulet.lit"_s << u"example.com"_s << u"capulet.lit"_s;
    QTest::newRow("user at the asked domain")
        << u"capulet.lit"_s << u"tybalt@capulet.lit"_s << u"capulet.lit"_s;
}

void tst_Account::responseFromWrongSenderIsIgnored()
{
    QFETCH(QString, to);
    QFETCH(QString, wrongFrom);
    QFETCH(QString, rightFrom);
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    Outcome outcome;
    const QString id = account.request(pingTo(to), this, outcome.callback());
    t->clearSent();

    const QString fromAttribute = wrongFrom.isEmpty() ? QString() : u" from='%1'"_s.arg(wrongFrom);
    t->inject(
        u"<iq type='result'%1 id='%2'><spoofed xmlns='urn:test'/></iq>"_s.arg(fromAttribute, id));
    QCOMPARE(outcome.calls, 0);
    QVERIFY(t->sent().isEmpty()); // nor answered

    t->inject(u"<iq type='result' from='%1' id='%2'/>"_s.arg(rightFrom, id));
    QCOMPARE(outcome.calls, 1);
    QVERIFY(outcome.last.ok());
    QVERIFY(outcome.last.payload().isNull()); // not the spoofed payload
    QCOMPARE(outcome.last.response.from(), Jid::fromString(rightFrom));
}

void tst_Account::requestWithoutToAcceptsOnlyOwnAccount_data()
{
    QTest::addColumn<QString>("from"); // empty: no 'from'
    QTest::addColumn<bool>("accepted");

    QTest::newRow("no from") << QString() << true;
    QTest::newRow("own bare") << u"me@example.com"_s << true;
    QTest::newRow("own full") << u"me@example.com/test"_s << true;
    QTest::newRow("own domain") << u"example.com"_s << true;
    QTest::newRow("own bare, other case") << u"ME@Example.COM"_s << true;
    QTest::newRow("another user") << u"eve@example.com"_s << false;
    QTest::newRow("another user's full JID") << u"eve@example.com/test"_s << false;
    QTest::newRow("our other resource") << u"me@example.com/phone"_s << false;
    QTest::newRow("another domain") << u"evil.lit"_s << false;
    QTest::newRow("same localpart elsewhere") << u"me@evil.lit"_s << false;
}

void tst_Account::requestWithoutToAcceptsOnlyOwnAccount()
{
    QFETCH(QString, from);
    QFETCH(bool, accepted);
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    Outcome outcome;
    Iq iq(Iq::Type::Get, XmlElement(u"jabber:iq:roster"_s, u"query"_s));
    const QString id = account.request(iq, this, outcome.callback());
    QVERIFY(!t->lastSent().hasAttribute(u"to"));

    const QString fromAttribute = from.isEmpty() ? QString() : u" from='%1'"_s.arg(from);
    t->inject(u"<iq type='result'%1 id='%2'/>"_s.arg(fromAttribute, id));

    QCOMPARE(outcome.calls, accepted ? 1 : 0);
    if (accepted)
        QVERIFY(outcome.last.ok());
}

void tst_Account::errorResponseCarriesCondition()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    Outcome outcome;
    const QString id =
        account.request(pingTo(u"juliet@capulet.lit/balcony"_s), this, outcome.callback());

    fake(account)->inject(
        u"<iq type='error' from='juliet@capulet.lit/balcony' id='%1'><ping xmlns='urn:xmpp:ping'/>"
        u"<error type='cancel'><feature-not-implemented "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No pings here</text></error></iq>"_s.arg(id));

    QCOMPARE(outcome.calls, 1);
    QCOMPARE(outcome.last.status, IqResult::Status::Error);
    QVERIFY(!outcome.last.ok());
    QCOMPARE(outcome.last.error.condition(), StanzaError::Condition::FeatureNotImplemented);
    QCOMPARE(outcome.last.error.type(), StanzaError::Type::Cancel);
    QCOMPARE(outcome.last.error.text(), u"No pings here"_s);
    QVERIFY(outcome.last.errorString().contains(u"No pings here"_s));
}

void tst_Account::disconnectDuringAReconnectionAttemptStaysOffline()
{
    // Found by itst_exactly_once: "disconnect" while a reconnection attempt was connecting left
    // the attempt running, and the account came back online by itself.
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    t->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(account.state(), Account::State::Reconnecting);
    t->setAutoEstablish(false);
    account.reconnectNow(); // the attempt is under way
    QVERIFY(t->phase() != StanzaTransport::Phase::Disconnected);
    QSignalSpy disconnected(&account, &Account::disconnected);

    account.disconnectFromServer();
    QCOMPARE(account.state(), Account::State::Offline);
    QCOMPARE(t->phase(), StanzaTransport::Phase::Disconnected);
    QCOMPARE(disconnected.size(), 1);
    QVERIFY(!disconnected.first().first().value<ConnectionError>().isError());
}

void tst_Account::requestsWaitWhileTheSessionMayBeResumed()
{
    // Found by the kill -9 test: a history query timed out while the connection was being
    // resumed, and its answer, delivered by the resumed stream, was thrown away.
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    Outcome outcome;
    const QString id =
        account.request(pingTo(u"juliet@capulet.lit/balcony"_s), this, outcome.callback(), 100ms);
    t->setResumable(true);
    t->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(account.state(), Account::State::Reconnecting);
    QTest::qWait(250); // longer than the timeout: still waiting
    QCOMPARE(outcome.calls, 0);

    SessionInfo resumed;
    resumed.jid = OwnFull;
    resumed.resumed = true;
    t->setSession(resumed);
    account.reconnectNow();
    QVERIFY(account.isOnline());
    QTest::qWait(40); // a fresh timeout from the resumption on
    QCOMPARE(outcome.calls, 0);
    t->inject(u"<iq type='result' from='juliet@capulet.lit/balcony' id='%1'/>"_s.arg(id));
    QCOMPARE(outcome.calls, 1);
    QCOMPARE(outcome.last.status, IqResult::Status::Result);

    // Unanswered after the resumption: it times out as usual.
    Outcome late;
    account.request(pingTo(u"juliet@capulet.lit/balcony"_s), this, late.callback(), 50ms);
    t->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    account.reconnectNow();
    QTRY_COMPARE(late.calls, 1);
    QCOMPARE(late.last.status, IqResult::Status::Timeout);
}

void tst_Account::timeoutFiresOnce()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    Outcome slow, fast;
    const QString id =
        account.request(pingTo(u"juliet@capulet.lit/balcony"_s), this, slow.callback(), 50ms);
    // A request with a long timeout is not swept away with the short one.
    account.request(pingTo(u"juliet@capulet.lit/balcony"_s), this, fast.callback(), 60s);

    QTRY_COMPARE(slow.calls, 1);
    QCOMPARE(slow.last.status, IqResult::Status::Timeout);
    QVERIFY(!slow.last.errorString().isEmpty());
    QTest::qWait(150);
    QCOMPARE(slow.calls, 1);
    QCOMPARE(fast.calls, 0);

    // A late answer changes nothing and is not answered.
    t->clearSent();
    t->inject(u"<iq type='result' from='juliet@capulet.lit/balcony' id='%1'/>"_s.arg(id));
    QCOMPARE(slow.calls, 1);
    QVERIFY(t->sent().isEmpty());
}

void tst_Account::disconnectFailsPendingRequests()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    Outcome a, b;
    account.request(pingTo(u"example.com"_s), this, a.callback());
    account.request(pingTo(u"juliet@capulet.lit"_s), this, b.callback());

    fake(account)->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));

    QCOMPARE(a.calls, 1);
    QCOMPARE(a.last.status, IqResult::Status::Disconnected);
    QCOMPARE(b.calls, 1);
    QCOMPARE(b.last.status, IqResult::Status::Disconnected);
    QVERIFY(!a.last.errorString().isEmpty());

    // Nothing is left to time out later.
    QTest::qWait(50);
    QCOMPARE(a.calls, 1);

    Outcome c;
    account.connectToServer();
    account.request(pingTo(u"example.com"_s), this, c.callback());
    account.disconnectFromServer();
    QCOMPARE(c.calls, 1);
    QCOMPARE(c.last.status, IqResult::Status::Disconnected);
}

void tst_Account::requestWhileOfflineFailsAsynchronously()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    Outcome outcome;

    account.request(pingTo(u"example.com"_s), this, outcome.callback());

    QCOMPARE(outcome.calls, 0); // never re-entrantly from inside request()
    QTRY_COMPARE(outcome.calls, 1);
    QCOMPARE(outcome.last.status, IqResult::Status::Disconnected);
    QVERIFY(fake(account)->sent().isEmpty());
}

void tst_Account::callbackDroppedWhenContextDeleted()
{
    Account account(new FakeTransport);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    int answered = 0;
    int timedOut = 0;
    int disconnected = 0;

    auto context = std::make_unique<QObject>();
    const QString id = account.request(pingTo(u"juliet@capulet.lit/balcony"_s), context.get(),
                                       [&](const IqResult &) { ++answered; });
    account.request(
        pingTo(u"juliet@capulet.lit/balcony"_s), context.get(),
        [&](const IqResult &) { ++timedOut; }, 20ms);
    account.request(pingTo(u"juliet@capulet.lit/balcony"_s), context.get(),
                    [&](const IqResult &) { ++disconnected; });
    context.reset();

    t->inject(u"<iq type='result' from='juliet@capulet.lit/balcony' id='%1'/>"_s.arg(id));
    QTest::qWait(80);
    t->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(answered, 0);
    QCOMPARE(timedOut, 0);
    QCOMPARE(disconnected, 0);

    // Without a context the callback always runs.
    Outcome unbound;
    account.request(pingTo(u"example.com"_s), nullptr, unbound.callback());
    QTRY_COMPARE(unbound.calls, 1);
}

void tst_Account::unknownRequestAnsweredServiceUnavailable_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("answer");

    QTest::newRow("get from a contact")
        << u"<iq type='get' id='q1' from='juliet@capulet.lit/balcony' to='me@example.com/test'>"
           u"<query xmlns='urn:example:unknown'/></iq>"_s
        << u"<iq type='error' id='q1' to='juliet@capulet.lit/balcony'><error type='cancel'>"
           u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s;
    QTest::newRow("set from the server")
        << u"<iq type='set' id='s-77' from='example.com'><command xmlns='urn:example:x' "
           u"action='go'/></iq>"_s
        << u"<iq type='error' id='s-77' to='example.com'><error type='cancel'>"
           u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s;
    QTest::newRow("get without from")
        << u"<iq type='get' id='n'><query xmlns='urn:example:unknown'/></iq>"_s
        << u"<iq type='error' id='n'><error type='cancel'><service-unavailable "
           u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s;
}

void tst_Account::unknownRequestAnsweredServiceUnavailable()
{
    QFETCH(QString, request);
    QFETCH(QString, answer);
    Account account(new FakeTransport);
    new RecordingExtension(&account, false); // sees it and declines
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);

    t->inject(request);

    QCOMPARE(t->sent().size(), 1);
    QCOMPARE(t->lastSent(), xml(answer));
}

void tst_Account::extensionReplyIsSent()
{
    Account account(new FakeTransport);
    auto *declining = new RecordingExtension(&account, false);
    auto *handler = new RecordingExtension(&account, true);
    auto *late = new RecordingExtension(&account, true);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);

    t->inject(u"<iq type='get' id='e1' from='juliet@capulet.lit/balcony'><echo "
              u"xmlns='urn:test:echo' v='1'/></iq>"_s);
    QCOMPARE(t->takeFirstSent(), xml(u"<iq type='result' id='e1' to='juliet@capulet.lit/balcony'>"
                                     u"<echo xmlns='urn:test:echo' v='1'/></iq>"_s));
    QCOMPARE(declining->iqs.size(), 1);
    QCOMPARE(handler->iqs.size(), 1);
    QCOMPARE(late->iqs.size(), 0); // the first extension to answer wins

    t->inject(u"<iq type='set' id='e2' from='juliet@capulet.lit/balcony'><other "
              u"xmlns='urn:test:echo'/></iq>"_s);
    QCOMPARE(t->takeFirstSent(),
             xml(u"<iq type='error' id='e2' to='juliet@capulet.lit/balcony'><error type='modify'>"
                 u"<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s));
    QVERIFY(t->sent().isEmpty());
}

void tst_Account::unmatchedResponseIsNotAnswered_data()
{
    QTest::addColumn<QString>("stanza");

    QTest::newRow("result") << u"<iq type='result' id='nobody-asked' from='example.com'/>"_s;
    QTest::newRow("result with payload")
        << u"<iq type='result' id='x' from='eve@evil.lit/a'><query xmlns='jabber:iq:roster'/>"
           u"</iq>"_s;
    QTest::newRow("error")
        << u"<iq type='error' id='nobody-asked' from='example.com'><error type='cancel'>"
           u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s;
    QTest::newRow("invalid type")
        << u"<iq type='query' id='t' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>"_s;
}

void tst_Account::unmatchedResponseIsNotAnswered()
{
    QFETCH(QString, stanza);
    Account account(new FakeTransport);
    auto *recorder = new RecordingExtension(&account, true);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    Outcome outcome;
    account.request(pingTo(u"example.com"_s), this, outcome.callback());
    t->clearSent();

    t->inject(stanza);

    QVERIFY(t->sent().isEmpty());
    QVERIFY(recorder->iqs.isEmpty()); // responses never reach handleIq()
    QCOMPARE(outcome.calls, 0);
}

void tst_Account::requestWithoutPayloadIsBadRequest()
{
    Account account(new FakeTransport);
    auto *recorder = new RecordingExtension(&account, true);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);

    t->inject(u"<iq type='get' id='empty' from='juliet@capulet.lit/balcony'/>"_s);

    QCOMPARE(t->sent().size(), 1);
    QCOMPARE(t->lastSent(),
             xml(u"<iq type='error' id='empty' to='juliet@capulet.lit/balcony'><error "
                 u"type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                 u"</error></iq>"_s));
    QVERIFY(recorder->iqs.isEmpty());
}

void tst_Account::invalidFromIsDropped_data()
{
    QTest::addColumn<QString>("stanza");

    QTest::newRow("message, empty localpart")
        << u"<message from='@example.com' type='chat'><body>hi</body></message>"_s;
    QTest::newRow("presence, empty resource") << u"<presence from='juliet@capulet.lit/'/>"_s;
    QTest::newRow("iq get, forbidden character")
        << u"<iq type='get' id='x' from='ju liet@capulet.lit'><ping xmlns='urn:xmpp:ping'/></iq>"_s;
    QTest::newRow("iq get, empty from")
        << u"<iq type='get' id='y' from=''><query xmlns='urn:example:unknown'/></iq>"_s;
}

void tst_Account::invalidFromIsDropped()
{
    QFETCH(QString, stanza);
    Account account(new FakeTransport);
    auto *recorder = new RecordingExtension(&account, false);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    QSignalSpy messages(&account, &Account::messageReceived);
    QSignalSpy presences(&account, &Account::presenceReceived);

    t->inject(stanza);

    QVERIFY(t->sent().isEmpty());
    QCOMPARE(messages.size(), 0);
    QCOMPARE(presences.size(), 0);
    QVERIFY(recorder->messages.isEmpty());
    QVERIFY(recorder->presences.isEmpty());
    QVERIFY(recorder->iqs.isEmpty());
}

void tst_Account::unclaimedStanzasReachAccountSignals()
{
    Account account(new FakeTransport);
    auto *recorder = new RecordingExtension(&account, false);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    QSignalSpy messages(&account, &Account::messageReceived);
    QSignalSpy presences(&account, &Account::presenceReceived);

    t->inject(u"<message from='juliet@capulet.lit/balcony' type='chat' id='m1'>"
              u"<body>Art thou not Romeo?</body></message>"_s);
    t->inject(u"<presence from='juliet@capulet.lit/balcony'><show>away</show></presence>"_s);

    QCOMPARE(recorder->messages.size(), 1);
    QCOMPARE(recorder->presences.size(), 1);
    QCOMPARE(messages.size(), 1);
    const auto message = messages.at(0).at(0).value<Message>();
    QCOMPARE(message.body(), u"Art thou not Romeo?"_s);
    QCOMPARE(message.id(), u"m1"_s);
    QCOMPARE(message.from(), Jid::fromString(u"juliet@capulet.lit/balcony"));
    QCOMPARE(presences.size(), 1);
    QCOMPARE(presences.at(0).at(0).value<Presence>().show(), Presence::Show::Away);
    QVERIFY(t->sent().isEmpty());
}

void tst_Account::claimedStanzasStopAtTheExtension()
{
    Account account(new FakeTransport);
    auto *first = new RecordingExtension(&account, false);
    auto *claimer = new RecordingExtension(&account, true);
    auto *after = new RecordingExtension(&account, false);
    account.setSettings(settings());
    account.connectToServer();
    FakeTransport *t = fake(account);
    QSignalSpy messages(&account, &Account::messageReceived);
    QSignalSpy presences(&account, &Account::presenceReceived);

    t->inject(u"<message from='juliet@capulet.lit/balcony'><body>x</body></message>"_s);
    t->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);

    QCOMPARE(first->messages.size(), 1);
    QCOMPARE(claimer->messages.size(), 1);
    QCOMPARE(after->messages.size(), 0);
    QCOMPARE(first->presences.size(), 1);
    QCOMPARE(claimer->presences.size(), 1);
    QCOMPARE(after->presences.size(), 0);
    QCOMPARE(messages.size(), 0);
    QCOMPARE(presences.size(), 0);
}

void tst_Account::stanzasBeforeOnlineAreIgnored()
{
    Account account(new FakeTransport);
    auto *recorder = new RecordingExtension(&account, false);
    account.setSettings(settings());
    FakeTransport *t = fake(account);
    t->setAutoEstablish(false);
    account.connectToServer();
    QSignalSpy messages(&account, &Account::messageReceived);

    t->inject(u"<message from='juliet@capulet.lit/balcony'><body>early</body></message>"_s);
    t->inject(u"<iq type='get' id='g' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>"_s);

    QCOMPARE(messages.size(), 0);
    QVERIFY(recorder->messages.isEmpty());
    QVERIFY(recorder->iqs.isEmpty());
    QVERIFY(t->sent().isEmpty());
}

void tst_Account::discoFeaturesAreTheSortedUnion()
{
    Account account(new FakeTransport);
    new RecordingExtension(&account, false, {u"urn:b"_s, u"urn:a"_s});
    new RecordingExtension(&account, false, {u"jabber:x"_s, u"urn:b"_s});

    QCOMPARE(account.discoFeatures(), (QStringList{u"jabber:x"_s, u"urn:a"_s, u"urn:b"_s}));
    QVERIFY(account.extension<RecordingExtension>());
}

QTEST_GUILESS_MAIN(tst_Account)
#include "tst_account.moc"
