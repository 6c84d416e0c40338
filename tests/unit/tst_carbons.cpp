// SPDX-License-Identifier: GPL-3.0-or-later
// Message Carbons (XEP-0280) with the XEPs' own examples: the Delay (XEP-0203), Forwarded
// (XEP-0297) and Carbon payloads, enabling after login, sent and received carbons, and carbons
// forged by anyone but our own server.
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/CarbonsExtension.h"
#include "ext/DiscoExtension.h"
#include "ext/MessageExtension.h"
#include "payloads/Carbon.h"
#include "payloads/Delay.h"
#include "payloads/Forwarded.h"
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

namespace {

const Jid OwnJid = Jid::fromString(u"romeo@montague.example/garden");

// Parsed as the server would send it (jabber:client default), whitespace between elements gone.
XmlElement xml(const QString &text)
{
    return FakeTransport::recorded(text);
}

// XEP-0280 Example 6: a received carbon (addresses adapted to ours: romeo@montague.example).
const QString ReceivedCarbon = uR"(
<message from='romeo@montague.example' to='romeo@montague.example/garden' type='chat'>
  <received xmlns='urn:xmpp:carbons:2'>
    <forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' from='juliet@capulet.example/balcony'
               to='romeo@montague.example/home' type='chat'>
        <body>What man art thou that, thus bescreen'd in night, so stumblest on my counsel?</body>
        <thread>0e3141cd80894871a68e6fe6b1ec56fa</thread>
      </message>
    </forwarded>
  </received>
</message>)"_s;

// XEP-0280 Example 11: a sent carbon.
const QString SentCarbon = uR"(
<message from='romeo@montague.example' to='romeo@montague.example/garden' type='chat'>
  <sent xmlns='urn:xmpp:carbons:2'>
    <forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' to='juliet@capulet.example/balcony'
               from='romeo@montague.example/home' type='chat'>
        <body>Neither, fair saint, if either thee dislike.</body>
        <thread>0e3141cd80894871a68e6fe6b1ec56fa</thread>
      </message>
    </forwarded>
  </sent>
</message>)"_s;

// XEP-0297 Example 1: a forwarded message with a delay.
const QString ForwardedExample = uR"(
<forwarded xmlns='urn:xmpp:forward:0'>
  <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
  <message from='juliet@capulet.lit/orchard' id='0202197' to='romeo@montague.lit'
           type='chat' xmlns='jabber:client'>
    <body>Yet I should kill thee with much cherishing.</body>
    <mood xmlns='http://jabber.org/protocol/mood'><amorous/></mood>
  </message>
</forwarded>)"_s;

// An account online as romeo@montague.example/garden with disco (not asking by itself unless
// told), carbons and messages.
struct Harness
{
    explicit Harness(bool autoDiscover = true)
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        disco = new DiscoExtension(account.get());
        disco->setAutoDiscover(autoDiscover);
        carbons = new CarbonsExtension(account.get(), disco);
        messages = new MessageExtension(account.get());
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
        account->connectToServer();
    }

    // Answers the disco#info requests sent after login: the server with these features, the
    // account with none.
    void answerDisco(const QStringList &serverFeatures)
    {
        const QList<XmlElement> sent = transport->sent();
        for (const XmlElement &iq : sent) {
            if (!iq.firstChild().is(ns::DiscoInfo, u"query"))
                continue;
            const QString to = iq.attribute(u"to");
            QString features;
            if (to == OwnJid.domainpart()) {
                for (const QString &f : serverFeatures)
                    features += u"<feature var='%1'/>"_s.arg(f);
            }
            transport->inject(u"<iq type='result' id='%1' from='%2'><query "
                              u"xmlns='http://jabber.org/protocol/disco#info'>"
                              u"<identity category='server' type='im'/>%3</query></iq>"_s.arg(
                                  iq.attribute(u"id"), to, features));
        }
    }

    XmlElement lastCarbonsRequest() const
    {
        for (auto it = transport->sent().crbegin(); it != transport->sent().crend(); ++it) {
            if (it->firstChild().namespaceUri() == ns::Carbons)
                return *it;
        }
        return {};
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    DiscoExtension *disco = nullptr;
    CarbonsExtension *carbons = nullptr;
    MessageExtension *messages = nullptr;
};

} // namespace

class tst_Carbons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Payloads
    void delayIsRead_data();
    void delayIsRead();
    void delaySurvivesRoundTrip();
    void forwardedReadsXepExample();
    void forwardedSurvivesRoundTrip();
    void forwardedIsRejected_data();
    void forwardedIsRejected();
    void carbonReadsXepExamples_data();
    void carbonReadsXepExamples();
    void carbonSurvivesRoundTrip_data();
    void carbonSurvivesRoundTrip();
    void carbonIsRejected_data();
    void carbonIsRejected();

    // Enabling
    void enablesWhenServerOffersCarbons();
    void doesNotEnableWithoutServerFeature();
    void enableErrorIsReported();
    void newSessionEnablesAgain();
    void resumedSessionDoesNotEnableAgain();
    void autoEnableOffSendsNothing();
    void disableSendsDisable();
    void advertisesCarbons();

    // Receiving
    void receivedCarbonIsEmitted();
    void sentCarbonIsEmitted();
    void carbonFromAnyoneElseIsDropped_data();
    void carbonFromAnyoneElseIsDropped();
    void invalidCarbonFromOwnAccountIsDropped();
    void ordinaryMessagesAreNotClaimed();

    // Sending
    void privateMessageCarriesPrivateAndNoCopy();
};

void tst_Carbons::delayIsRead_data()
{
    QTest::addColumn<QString>("stamp");
    QTest::addColumn<QDateTime>("expected"); // invalid: rejected

    const QDateTime base(QDate(2002, 9, 10), QTime(23, 8, 25), Qt::UTC);
    QTest::newRow("XEP-0203 example") << u"2002-09-10T23:08:25Z"_s << base;
    QTest::newRow("milliseconds") << u"2002-09-10T23:08:25.123Z"_s << base.addMSecs(123);
    QTest::newRow("microseconds") << u"2002-09-10T23:08:25.123456Z"_s << base.addMSecs(123);
    QTest::newRow("one digit") << u"2002-09-10T23:08:25.5Z"_s << base.addMSecs(500);
    QTest::newRow("negative offset") << u"2002-09-10T17:08:25-06:00"_s << base;
    QTest::newRow("positive offset") << u"2002-09-11T01:08:25+02:00"_s << base;
    QTest::newRow("no zone is UTC") << u"2002-09-10T23:08:25"_s << base;
    QTest::newRow("date only") << u"2002-09-10"_s << QDateTime();
    QTest::newRow("legacy XEP-0091") << u"20020910T23:08:25"_s << QDateTime();
    QTest::newRow("month 13") << u"2002-13-10T23:08:25Z"_s << QDateTime();
    QTest::newRow("hour 24") << u"2002-09-10T24:00:00Z"_s << QDateTime();
    QTest::newRow("space") << u"2002-09-10 23:08:25Z"_s << QDateTime();
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("garbage") << u"yesterday"_s << QDateTime();
}

void tst_Carbons::delayIsRead()
{
    QFETCH(QString, stamp);
    QFETCH(QDateTime, expected);

    XmlElement element(ns::Delay, u"delay"_s);
    element.setAttribute(u"from"_s, u"capulet.com"_s);
    element.setAttribute(u"stamp"_s, stamp);
    element.setText(u"Offline Storage"_s);
    const std::optional<Delay> delay = Delay::fromElement(element);
    QCOMPARE(delay.has_value(), expected.isValid());
    if (!delay)
        return;
    QCOMPARE(delay->stamp, expected);
    QCOMPARE(delay->stamp.timeSpec(), Qt::UTC);
    QCOMPARE(delay->from, Jid::fromString(u"capulet.com"));
    QCOMPARE(delay->reason, u"Offline Storage"_s);
}

void tst_Carbons::delaySurvivesRoundTrip()
{
    // XEP-0203 Example 1.
    const XmlElement example = xml(u"<delay xmlns='urn:xmpp:delay' from='capulet.com' "
                                   u"stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>"_s);
    const std::optional<Delay> delay = Delay::fromElement(example);
    QVERIFY(delay);
    QCOMPARE(delay->toElement(), example);
    Delay precise;
    precise.stamp = QDateTime(QDate(2024, 2, 29), QTime(1, 2, 3, 45), Qt::UTC);
    QCOMPARE(precise.toElement().attribute(u"stamp"), u"2024-02-29T01:02:03.045Z"_s);
    QCOMPARE(Delay::fromElement(precise.toElement()), precise);
    QVERIFY(!Delay::fromElement(XmlElement(ns::Delay, u"x"_s)));
}

void tst_Carbons::forwardedReadsXepExample()
{
    const std::optional<Forwarded> forwarded = Forwarded::fromElement(xml(ForwardedExample));
    QVERIFY(forwarded);
    QVERIFY(forwarded->delay);
    QCOMPARE(forwarded->delay->stamp, QDateTime(QDate(2010, 7, 10), QTime(23, 8, 25), Qt::UTC));
    QCOMPARE(forwarded->message.from(), Jid::fromString(u"juliet@capulet.lit/orchard"));
    QCOMPARE(forwarded->message.to(), Jid::fromString(u"romeo@montague.lit"));
    QCOMPARE(forwarded->message.id(), u"0202197"_s);
    QCOMPARE(forwarded->message.type(), Message::Type::Chat);
    QCOMPARE(forwarded->message.body(), u"Yet I should kill thee with much cherishing."_s);
    // Unknown payloads of the forwarded message are kept.
    QVERIFY(forwarded->message.element().hasChild(u"http://jabber.org/protocol/mood"_s, u"mood"));
}

void tst_Carbons::forwardedSurvivesRoundTrip()
{
    const XmlElement example = xml(ForwardedExample);
    const std::optional<Forwarded> forwarded = Forwarded::fromElement(example);
    QVERIFY(forwarded);
    QCOMPARE(forwarded->toElement(), example);
    // Through the wire format and back.
    const XmlElement reparsed = xml(QString::fromUtf8(forwarded->toElement().toXml(ns::Client)));
    QCOMPARE(Forwarded::fromElement(reparsed), forwarded);
}

void tst_Carbons::forwardedIsRejected_data()
{
    QTest::addColumn<QString>("element");
    QTest::newRow("no message") << u"<forwarded xmlns='urn:xmpp:forward:0'><delay "
                                   u"xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
                                   u"</forwarded>"_s;
    QTest::newRow("two messages")
        << u"<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/>"
           u"<message xmlns='jabber:client'/></forwarded>"_s;
    QTest::newRow("message in another namespace")
        << u"<forwarded xmlns='urn:xmpp:forward:0'><message/></forwarded>"_s;
    QTest::newRow("wrong namespace")
        << u"<forwarded xmlns='urn:xmpp:forward:1'><message xmlns='jabber:client'/>"
           u"</forwarded>"_s;
}

void tst_Carbons::forwardedIsRejected()
{
    QFETCH(QString, element);
    QVERIFY(!Forwarded::fromElement(xml(element)));
}

void tst_Carbons::carbonReadsXepExamples_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<Carbon::Direction>("direction");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("body");
    QTest::newRow("received") << ReceivedCarbon << Carbon::Direction::Received
                              << u"juliet@capulet.example/balcony"_s
                              << u"romeo@montague.example/home"_s
                              << u"What man art thou that, thus bescreen'd in night, so "
                                 u"stumblest on my counsel?"_s;
    QTest::newRow("sent") << SentCarbon << Carbon::Direction::Sent
                          << u"romeo@montague.example/home"_s << u"juliet@capulet.example/balcony"_s
                          << u"Neither, fair saint, if either thee dislike."_s;
}

void tst_Carbons::carbonReadsXepExamples()
{
    QFETCH(QString, stanza);
    QFETCH(Carbon::Direction, direction);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, body);

    const Message wrapper(xml(stanza));
    const std::optional<Carbon> carbon = Carbon::fromElement(Carbon::findIn(wrapper));
    QVERIFY(carbon);
    QCOMPARE(carbon->direction, direction);
    QVERIFY(!carbon->forwarded.delay);
    const Message &inner = carbon->forwarded.message;
    QCOMPARE(inner.from(), Jid::fromString(from));
    QCOMPARE(inner.to(), Jid::fromString(to));
    QCOMPARE(inner.body(), body);
    QCOMPARE(inner.thread(), u"0e3141cd80894871a68e6fe6b1ec56fa"_s);
}

void tst_Carbons::carbonSurvivesRoundTrip_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::newRow("received") << ReceivedCarbon;
    QTest::newRow("sent") << SentCarbon;
}

void tst_Carbons::carbonSurvivesRoundTrip()
{
    QFETCH(QString, stanza);
    const XmlElement element = Carbon::findIn(Message(xml(stanza)));
    const std::optional<Carbon> carbon = Carbon::fromElement(element);
    QVERIFY(carbon);
    QCOMPARE(carbon->toElement(), element);
    const XmlElement reparsed = xml(QString::fromUtf8(carbon->toElement().toXml(ns::Client)));
    QCOMPARE(Carbon::fromElement(reparsed), carbon);
}

void tst_Carbons::carbonIsRejected_data()
{
    QTest::addColumn<QString>("element");
    QTest::newRow("no forwarded") << u"<received xmlns='urn:xmpp:carbons:2'/>"_s;
    QTest::newRow("forwarded without message")
        << u"<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'/></sent>"_s;
    QTest::newRow("two forwarded")
        << u"<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message "
           u"xmlns='jabber:client'/></forwarded><forwarded xmlns='urn:xmpp:forward:0'><message "
           u"xmlns='jabber:client'/></forwarded></sent>"_s;
    QTest::newRow("carbons:1") << u"<sent xmlns='urn:xmpp:carbons:1'><forwarded "
                                  u"xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/>"
                                  u"</forwarded></sent>"_s;
    QTest::newRow("private") << u"<private xmlns='urn:xmpp:carbons:2'/>"_s;
}

void tst_Carbons::carbonIsRejected()
{
    QFETCH(QString, element);
    QVERIFY(!Carbon::fromElement(xml(element)));
}

void tst_Carbons::enablesWhenServerOffersCarbons()
{
    Harness h;
    QSignalSpy enabled(h.carbons, &CarbonsExtension::enabledChanged);
    h.answerDisco({ns::DiscoInfo, ns::Carbons});
    const XmlElement request = h.lastCarbonsRequest();
    // XEP-0280 Example 3: <iq type='set'><enable xmlns='urn:xmpp:carbons:2'/></iq>, to our server.
    QCOMPARE(request.attribute(u"type"), u"set"_s);
    QVERIFY(!request.hasAttribute(u"to"));
    QCOMPARE(request.firstChild(), XmlElement(ns::Carbons, u"enable"_s));
    QVERIFY(!h.carbons->isEnabled());
    h.transport->inject(u"<iq type='result' id='%1' from='romeo@montague.example'/>"_s.arg(
        request.attribute(u"id")));
    QVERIFY(h.carbons->isEnabled());
    QCOMPARE(enabled.size(), 1);
    QCOMPARE(enabled.first().first().toBool(), true);
}

void tst_Carbons::doesNotEnableWithoutServerFeature()
{
    Harness h;
    h.answerDisco({ns::DiscoInfo});
    QVERIFY(h.lastCarbonsRequest().isNull());
    QVERIFY(!h.carbons->isEnabled());
}

void tst_Carbons::enableErrorIsReported()
{
    Harness h;
    QSignalSpy failed(h.carbons, &CarbonsExtension::enableFailed);
    h.answerDisco({ns::Carbons});
    const QString id = h.lastCarbonsRequest().attribute(u"id");
    h.transport->inject(u"<iq type='error' id='%1'><error type='cancel'><not-allowed "
                        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(id));
    QCOMPARE(failed.size(), 1);
    QVERIFY(!h.carbons->isEnabled());
}

void tst_Carbons::newSessionEnablesAgain()
{
    Harness h;
    QSignalSpy enabled(h.carbons, &CarbonsExtension::enabledChanged);
    h.answerDisco({ns::Carbons});
    h.transport->inject(
        u"<iq type='result' id='%1'/>"_s.arg(h.lastCarbonsRequest().attribute(u"id")));
    QVERIFY(h.carbons->isEnabled());

    // The connection is lost and cannot be resumed: a new session, carbons off until enabled.
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QVERIFY(!h.carbons->isEnabled());
    h.transport->clearSent();
    h.account->reconnectNow();
    QVERIFY(h.account->isOnline());
    h.answerDisco({ns::Carbons});
    const XmlElement again = h.lastCarbonsRequest();
    QCOMPARE(again.firstChild(), XmlElement(ns::Carbons, u"enable"_s));
    h.transport->inject(u"<iq type='result' id='%1'/>"_s.arg(again.attribute(u"id")));
    QVERIFY(h.carbons->isEnabled());
    QCOMPARE(enabled.size(), 3); // on, off, on
}

void tst_Carbons::resumedSessionDoesNotEnableAgain()
{
    Harness h;
    h.answerDisco({ns::Carbons});
    h.transport->inject(
        u"<iq type='result' id='%1'/>"_s.arg(h.lastCarbonsRequest().attribute(u"id")));
    QVERIFY(h.carbons->isEnabled());

    h.transport->setResumable(true);
    SessionInfo resumed = h.transport->session();
    resumed.resumed = true;
    h.transport->setSession(resumed);
    h.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    h.account->reconnectNow();
    QVERIFY(h.account->isOnline());
    h.transport->clearSent();
    QTest::qWait(10);
    QVERIFY(h.transport->sent().isEmpty());
    QVERIFY(h.carbons->isEnabled());
}

void tst_Carbons::autoEnableOffSendsNothing()
{
    Harness h;
    h.carbons->setAutoEnable(false);
    h.answerDisco({ns::Carbons});
    QVERIFY(h.lastCarbonsRequest().isNull());
}

void tst_Carbons::disableSendsDisable()
{
    Harness h(false);
    h.carbons->enable();
    h.transport->inject(
        u"<iq type='result' id='%1'/>"_s.arg(h.lastCarbonsRequest().attribute(u"id")));
    QVERIFY(h.carbons->isEnabled());
    h.carbons->disable();
    const XmlElement request = h.lastCarbonsRequest();
    QCOMPARE(request.firstChild(), XmlElement(ns::Carbons, u"disable"_s));
    h.transport->inject(u"<iq type='result' id='%1'/>"_s.arg(request.attribute(u"id")));
    QVERIFY(!h.carbons->isEnabled());
}

void tst_Carbons::advertisesCarbons()
{
    Harness h(false);
    QVERIFY(h.account->discoFeatures().contains(ns::Carbons));
}

void tst_Carbons::receivedCarbonIsEmitted()
{
    Harness h(false);
    QSignalSpy carbons(h.carbons, &CarbonsExtension::carbonReceived);
    QSignalSpy plain(h.messages, &MessageExtension::messageReceived);
    h.transport->inject(xml(ReceivedCarbon));
    QCOMPARE(carbons.size(), 1);
    QCOMPARE(plain.size(), 0);
    const auto inner = carbons.first().at(0).value<Message>();
    QCOMPARE(carbons.first().at(1).value<Carbon::Direction>(), Carbon::Direction::Received);
    QCOMPARE(inner.from(), Jid::fromString(u"juliet@capulet.example/balcony"));
    QCOMPARE(inner.body(), u"What man art thou that, thus bescreen'd in night, so stumblest on "
                           u"my counsel?"_s);
}

void tst_Carbons::sentCarbonIsEmitted()
{
    Harness h(false);
    QSignalSpy carbons(h.carbons, &CarbonsExtension::carbonReceived);
    h.transport->inject(xml(SentCarbon));
    QCOMPARE(carbons.size(), 1);
    const auto inner = carbons.first().at(0).value<Message>();
    QCOMPARE(carbons.first().at(1).value<Carbon::Direction>(), Carbon::Direction::Sent);
    QCOMPARE(inner.to(), Jid::fromString(u"juliet@capulet.example/balcony"));
    QCOMPARE(inner.from(), Jid::fromString(u"romeo@montague.example/home"));
    QCOMPARE(inner.body(), u"Neither, fair saint, if either thee dislike."_s);
}

void tst_Carbons::carbonFromAnyoneElseIsDropped_data()
{
    QTest::addColumn<QString>("stanza");
    // XEP-0280 §11: a contact "forwarding" a message we supposedly sent.
    QTest::newRow("contact") << QString(SentCarbon)
                                    .replace(u"from='romeo@montague.example' "_s,
                                             u"from='juliet@capulet.example/balcony' "_s);
    QTest::newRow("contact bare") << QString(ReceivedCarbon)
                                         .replace(u"from='romeo@montague.example' "_s,
                                                  u"from='juliet@capulet.example' "_s);
    QTest::newRow("our other resource") << QString(ReceivedCarbon)
                                               .replace(u"from='romeo@montague.example' "_s,
                                                        u"from='romeo@montague.example/home' "_s);
    QTest::newRow("our server's domain")
        << QString(ReceivedCarbon)
               .replace(u"from='romeo@montague.example' "_s, u"from='montague.example' "_s);
    QTest::newRow("no from")
        << QString(SentCarbon).replace(u"from='romeo@montague.example' "_s, QString());
    QTest::newRow("look-alike account") << QString(SentCarbon)
                                               .replace(u"from='romeo@montague.example' "_s,
                                                        u"from='romeo@montague.example.evil' "_s);
}

void tst_Carbons::carbonFromAnyoneElseIsDropped()
{
    QFETCH(QString, stanza);
    Harness h(false);
    QSignalSpy carbons(h.carbons, &CarbonsExtension::carbonReceived);
    QSignalSpy plain(h.messages, &MessageExtension::messageReceived);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"dropping a carbon"_s));
    h.transport->inject(xml(stanza));
    QCOMPARE(carbons.size(), 0);
    QCOMPARE(plain.size(), 0); // not shown as an ordinary message either
}

void tst_Carbons::invalidCarbonFromOwnAccountIsDropped()
{
    Harness h(false);
    QSignalSpy carbons(h.carbons, &CarbonsExtension::carbonReceived);
    QSignalSpy plain(h.messages, &MessageExtension::messageReceived);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"without a forwarded message"_s));
    h.transport->inject(u"<message from='romeo@montague.example'><sent "
                        u"xmlns='urn:xmpp:carbons:2'/></message>"_s);
    QCOMPARE(carbons.size(), 0);
    QCOMPARE(plain.size(), 0);
}

void tst_Carbons::ordinaryMessagesAreNotClaimed()
{
    Harness h(false);
    QSignalSpy carbons(h.carbons, &CarbonsExtension::carbonReceived);
    QSignalSpy plain(h.messages, &MessageExtension::messageReceived);
    h.transport->inject(u"<message from='juliet@capulet.example/balcony' type='chat'>"
                        u"<body>Romeo?</body><private xmlns='urn:xmpp:carbons:2'/></message>"_s);
    QCOMPARE(carbons.size(), 0);
    QCOMPARE(plain.size(), 1);
}

void tst_Carbons::privateMessageCarriesPrivateAndNoCopy()
{
    Harness h(false);
    Message message;
    message.setTo(Jid::fromString(u"juliet@capulet.example/balcony"));
    message.setType(Message::Type::Chat);
    message.setBody(u"Neither, fair saint, if either thee dislike."_s);
    message.setThread(u"0e3141cd80894871a68e6fe6b1ec56fa"_s);
    QVERIFY(!CarbonsExtension::isPrivate(message));
    CarbonsExtension::markPrivate(message);
    CarbonsExtension::markPrivate(message); // once is enough
    QVERIFY(CarbonsExtension::isPrivate(message));
    message.setId(u"private1"_s);
    message.setOriginId(u"private1"_s);
    QVERIFY(h.messages->send(message));
    // XEP-0280 Example 14, with our id and origin-id.
    QCOMPARE(h.transport->lastSent(),
             xml(u"<message to='juliet@capulet.example/balcony' type='chat' id='private1'>"
                 u"<body>Neither, fair saint, if either thee dislike.</body>"
                 u"<thread>0e3141cd80894871a68e6fe6b1ec56fa</thread>"
                 u"<private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/>"
                 u"<origin-id xmlns='urn:xmpp:sid:0' id='private1'/></message>"_s));
}

QTEST_GUILESS_MAIN(tst_Carbons)
#include "tst_carbons.moc"
