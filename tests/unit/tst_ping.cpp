// SPDX-License-Identifier: GPL-3.0-or-later
// PingExtension (XEP-0199): answering pings, pinging, and the keepalive that drops a connection
// the server no longer answers on.
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/PingExtension.h"
#include "xml/Namespaces.h"

#include <QSignalSpy>
#include <QTest>

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

ConnectionSettings settings()
{
    ConnectionSettings s;
    s.jid = Jid::fromString(u"juliet@capulet.lit");
    s.password = u"secret"_s;
    return s;
}

XmlElement xml(const QString &text)
{
    const XmlElement element = FakeTransport::parse(text);
    if (element.isNull())
        qFatal("test XML is not one well-formed element");
    return element;
}

bool isPing(const XmlElement &stanza)
{
    return stanza.name() == u"iq" && stanza.attribute(u"type") == u"get" &&
           stanza.firstChild().is(u"urn:xmpp:ping", u"ping");
}

struct PingOutcome
{
    int calls = 0;
    bool ok = false;
    qint64 ms = -2;
    QString error;
    PingExtension::PingCallback callback()
    {
        return [this](bool o, qint64 m, QString e) {
            ++calls;
            ok = o;
            ms = m;
            error = e;
        };
    }
};

} // namespace

class tst_Ping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void answersPing_data();
    void answersPing();
    void pingSetIsNotAnswered();
    void advertisesPing();
    void pingReportsRoundTrip_data();
    void pingReportsRoundTrip();
    void pingReportsErrorAnswer();
    void pingReportsDisconnect();
    void keepalivePingsAfterSilence();
    void keepaliveAbortsWhenUnanswered();
    void noPingWhileTrafficFlows();
    void trafficDuringProbeKeepsConnection();
    void keepaliveStopsWhenOffline();
    void keepaliveCanBeTurnedOff();
    void probeNowFindsADeadConnectionWithinItsTimeout();
    void probeNowAnsweredKeepsTheConnection();

private:
    int pingsSent() const;

    Account *m_account = nullptr;
    PingExtension *m_ping = nullptr;
    FakeTransport *m_transport = nullptr;
};

void tst_Ping::init()
{
    m_account = new Account(new FakeTransport);
    m_ping = new PingExtension(m_account);
    m_account->setSettings(settings());
    m_transport = static_cast<FakeTransport *>(m_account->transport());
}

void tst_Ping::cleanup()
{
    delete m_account;
    m_account = nullptr;
}

int tst_Ping::pingsSent() const
{
    int count = 0;
    for (const XmlElement &stanza : m_transport->sent())
        count += isPing(stanza) ? 1 : 0;
    return count;
}

void tst_Ping::answersPing_data()
{
    QTest::addColumn<QString>("ping");
    QTest::addColumn<QString>("pong");

    // XEP-0199: server-to-client and client-to-client pings.
    QTest::newRow("from the server")
        << u"<iq from='capulet.lit' to='juliet@capulet.lit/balcony' id='s2c1' type='get'>"
           u"<ping xmlns='urn:xmpp:ping'/></iq>"_s
        << u"<iq to='capulet.lit' id='s2c1' type='result'/>"_s;
    QTest::newRow("from a contact")
        << u"<iq from='romeo@montague.lit/home' to='juliet@capulet.lit/chamber' id='e2e1' "
           u"type='get'><ping xmlns='urn:xmpp:ping'/></iq>"_s
        << u"<iq to='romeo@montague.lit/home' id='e2e1' type='result'/>"_s;
}

void tst_Ping::answersPing()
{
    QFETCH(QString, ping);
    QFETCH(QString, pong);
    m_account->connectToServer();

    m_transport->inject(ping);

    QCOMPARE(m_transport->sent().size(), 1);
    QCOMPARE(m_transport->lastSent(), xml(pong));
}

void tst_Ping::pingSetIsNotAnswered()
{
    m_account->connectToServer();

    m_transport->inject(u"<iq from='capulet.lit' id='s1' type='set'><ping xmlns='urn:xmpp:ping'/>"
                        u"</iq>"_s);

    QCOMPARE(m_transport->lastSent().attribute(u"type"), u"error"_s);
    QCOMPARE(Iq(m_transport->lastSent()).error().condition(),
             StanzaError::Condition::ServiceUnavailable);
}

void tst_Ping::advertisesPing()
{
    QCOMPARE(m_account->discoFeatures(), QStringList{u"urn:xmpp:ping"_s});
}

void tst_Ping::pingReportsRoundTrip_data()
{
    QTest::addColumn<QString>("to"); // empty: our server
    QTest::addColumn<QString>("from");

    QTest::newRow("our server") << QString() << u"capulet.lit"_s;
    QTest::newRow("a contact") << u"romeo@montague.lit/home"_s << u"romeo@montague.lit/home"_s;
}

void tst_Ping::pingReportsRoundTrip()
{
    QFETCH(QString, to);
    QFETCH(QString, from);
    m_account->connectToServer();
    PingOutcome outcome;

    m_ping->ping(Jid::fromString(to), this, outcome.callback());

    QCOMPARE(m_transport->sent().size(), 1);
    const XmlElement request = m_transport->lastSent();
    QCOMPARE(request,
             xml(u"<iq type='get' to='%1' id='%2'><ping xmlns='urn:xmpp:ping'/></iq>"_s.arg(
                 from, request.attribute(u"id"))));
    QCOMPARE(outcome.calls, 0);

    QTest::qWait(5);
    m_transport->inject(
        u"<iq type='result' from='%1' id='%2'/>"_s.arg(from, request.attribute(u"id")));

    QCOMPARE(outcome.calls, 1);
    QVERIFY(outcome.ok);
    QVERIFY(outcome.ms >= 0);
    QVERIFY(outcome.error.isEmpty());
}

void tst_Ping::pingReportsErrorAnswer()
{
    m_account->connectToServer();
    PingOutcome outcome;

    m_ping->ping(Jid::fromString(u"romeo@montague.lit/home"), this, outcome.callback());
    const QString id = m_transport->lastSent().attribute(u"id");
    // XEP-0199: a client that does not support ping.
    m_transport->inject(u"<iq from='romeo@montague.lit/home' id='%1' type='error'>"
                        u"<ping xmlns='urn:xmpp:ping'/><error type='cancel'>"
                        u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        u"</error></iq>"_s.arg(id));

    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.ok);
    QVERIFY(outcome.ms >= 0); // it answered
    QVERIFY(!outcome.error.isEmpty());
}

void tst_Ping::pingReportsDisconnect()
{
    m_account->connectToServer();
    PingOutcome outcome;

    m_ping->ping(Jid(), this, outcome.callback());
    m_transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));

    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.ms, -1);
    QVERIFY(!outcome.error.isEmpty());
}

void tst_Ping::keepalivePingsAfterSilence()
{
    m_ping->setKeepalive(50ms, 5s);
    m_account->connectToServer();
    QCOMPARE(pingsSent(), 0);

    QTRY_COMPARE(pingsSent(), 1);
    const XmlElement ping = m_transport->lastSent();
    QCOMPARE(ping.attribute(u"to"), u"capulet.lit"_s);
    m_transport->inject(
        u"<iq type='result' from='capulet.lit' id='%1'/>"_s.arg(ping.attribute(u"id")));
    QCOMPARE(m_account->state(), Account::State::Online);

    // The next silence brings the next ping.
    QTRY_COMPARE(pingsSent(), 2);
    QCOMPARE(m_account->state(), Account::State::Online);
}

void tst_Ping::keepaliveAbortsWhenUnanswered()
{
    m_account->setAutoReconnect(false); // the abort itself is under test, not the reconnect
    m_ping->setKeepalive(30ms, 50ms);
    m_account->connectToServer();
    QSignalSpy disconnected(m_account, &Account::disconnected);

    QTRY_COMPARE(m_account->state(), Account::State::Error);

    QCOMPARE(pingsSent(), 1);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(m_account->lastError().kind, ConnectionError::Kind::ConnectionLost);
    QCOMPARE(m_account->lastError().text, u"The server stopped answering."_s);
}

void tst_Ping::noPingWhileTrafficFlows()
{
    m_ping->setKeepalive(600ms, 5s);
    m_account->connectToServer();

    // Something arrives every 30 ms for twice the interval.
    for (int i = 0; i < 40; ++i) {
        QTest::qWait(30);
        m_transport->inject(u"<presence from='romeo@montague.lit/home'/>"_s);
        QCOMPARE(pingsSent(), 0);
    }

    // Silence brings the ping.
    QTRY_COMPARE(pingsSent(), 1);
}

void tst_Ping::trafficDuringProbeKeepsConnection()
{
    m_ping->setKeepalive(40ms, 400ms);
    m_account->connectToServer();
    QTRY_COMPARE(pingsSent(), 1);

    // No pong, but the server is clearly there.
    m_transport->inject(u"<message from='romeo@montague.lit/home'><body>hi</body></message>"_s);

    // After the unanswered probe times out the keepalive starts over instead of aborting.
    QTRY_COMPARE(pingsSent(), 2);
    QCOMPARE(m_account->state(), Account::State::Online);
}

void tst_Ping::keepaliveStopsWhenOffline()
{
    m_ping->setKeepalive(30ms, 5s);
    m_account->connectToServer();
    m_account->disconnectFromServer();

    QTest::qWait(120);

    QCOMPARE(pingsSent(), 0);
    QVERIFY(m_transport->sent().isEmpty());
}

void tst_Ping::keepaliveCanBeTurnedOff()
{
    m_ping->setKeepalive(0ms, 5s);
    m_account->connectToServer();

    QTest::qWait(120);

    QCOMPARE(pingsSent(), 0);

    // And on again while online.
    m_ping->setKeepalive(30ms, 5s);
    QTRY_COMPARE(pingsSent(), 1);
}

void tst_Ping::probeNowFindsADeadConnectionWithinItsTimeout()
{
    // After the machine woke: no waiting for the (long) keepalive interval.
    m_account->setAutoReconnect(false);
    m_ping->setKeepalive(1h, 1h);
    m_account->connectToServer();
    m_ping->probeNow(50ms);
    QCOMPARE(pingsSent(), 1);
    m_ping->probeNow(50ms); // one probe at a time
    QCOMPARE(pingsSent(), 1);
    QTRY_COMPARE(m_account->state(), Account::State::Error);
    QCOMPARE(m_account->lastError().kind, ConnectionError::Kind::ConnectionLost);
}

void tst_Ping::probeNowAnsweredKeepsTheConnection()
{
    m_ping->setKeepalive(1h, 1h);
    m_account->connectToServer();
    m_ping->probeNow(5s);
    const XmlElement ping = m_transport->lastSent();
    QVERIFY(isPing(ping));
    m_transport->inject(
        u"<iq type='result' from='capulet.lit' id='%1'/>"_s.arg(ping.attribute(u"id")));
    QCOMPARE(m_account->state(), Account::State::Online);
    m_ping->probeNow(5s); // the next check may go out again
    QCOMPARE(pingsSent(), 2);
}

QTEST_GUILESS_MAIN(tst_Ping)
#include "tst_ping.moc"
