// SPDX-License-Identifier: GPL-3.0-or-later
// MessageExtension: messages of every type sent and received (RFC 6121 §5), xml:lang bodies,
// XEP-0359 origin-ids, error bounces, and sending while offline.
#include "FakeTransport.h"
#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "xml/Namespaces.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

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
    s.jid = Jid::fromString(u"romeo@montague.lit");
    s.password = u"secret"_s;
    return s;
}

FakeTransport *fake(const Account &account)
{
    return static_cast<FakeTransport *>(account.transport());
}

XmlElement xml(const QString &text)
{
    return FakeTransport::recorded(text);
}

// Claims every message it sees.
class ClaimingExtension : public Extension
{
    Q_OBJECT
public:
    using Extension::Extension;
    bool handleMessage(const Message &message) override
    {
        claimed.append(message);
        return true;
    }
    QList<Message> claimed;
};

} // namespace

class tst_Messages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sendBuildsEveryType_data();
    void sendBuildsEveryType();
    void receiveParsesEveryType_data();
    void receiveParsesEveryType();
    void subjectAndThreadAreSent();
    void subjectAndThreadAreReceived();
    void bodyIsPickedByPreferredLanguage_data();
    void bodyIsPickedByPreferredLanguage();
    void messagesWithoutBodyAreReceived();
    void originIdIsPresentAndUnique();
    void existingIdsAreKept_data();
    void existingIdsAreKept();
    void errorBounceReportsFailure_data();
    void errorBounceReportsFailure();
    void errorWithoutIdIsNotAFailure();
    void sendWhileOfflineReturnsNothing();
    void laterExtensionsSeeMessagesFirst();
    void advertisesStanzaIds();

private:
    Account *m_account = nullptr;
    MessageExtension *m_messages = nullptr;
    FakeTransport *m_transport = nullptr;
};

void tst_Messages::init()
{
    m_account = new Account(new FakeTransport);
    m_messages = new MessageExtension(m_account);
    m_account->setSettings(settings());
    m_account->connectToServer();
    m_transport = fake(*m_account);
    QVERIFY(m_account->isOnline());
}

void tst_Messages::cleanup()
{
    delete m_account;
    m_account = nullptr;
}

void tst_Messages::sendBuildsEveryType_data()
{
    QTest::addColumn<Message::Type>("type");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expected"); // %1: the id (also the origin-id)

    QTest::newRow("chat") << Message::Type::Chat << u"juliet@capulet.lit"_s
                          << u"Art thou not Romeo?"_s
                          << u"<message type='chat' to='juliet@capulet.lit' id='%1'>"
                             u"<body>Art thou not Romeo?</body>"
                             u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("normal (no type attribute)")
        << Message::Type::Normal << u"juliet@capulet.lit/balcony"_s << u"A letter"_s
        << u"<message to='juliet@capulet.lit/balcony' id='%1'><body>A letter</body>"
           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("groupchat") << Message::Type::Groupchat << u"garden@chat.capulet.lit"_s
                               << u"Hello, all"_s
                               << u"<message type='groupchat' to='garden@chat.capulet.lit' "
                                  u"id='%1'><body>Hello, all</body>"
                                  u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("headline") << Message::Type::Headline << u"juliet@capulet.lit"_s << u"News"_s
                              << u"<message type='headline' to='juliet@capulet.lit' id='%1'>"
                                 u"<body>News</body>"
                                 u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("error") << Message::Type::Error << u"juliet@capulet.lit"_s << u"x"_s
                           << u"<message type='error' to='juliet@capulet.lit' id='%1'>"
                              u"<body>x</body>"
                              u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("markup is text")
        << Message::Type::Chat << u"juliet@capulet.lit"_s << u"<b>bold</b> & \"quoted\""_s
        << u"<message type='chat' to='juliet@capulet.lit' id='%1'>"
           u"<body>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"
           u"</body><origin-id xmlns='urn:xmpp:sid:0' id='%1'/>"
           u"</message>"_s;
}

void tst_Messages::sendBuildsEveryType()
{
    QFETCH(Message::Type, type);
    QFETCH(QString, to);
    QFETCH(QString, body);
    QFETCH(QString, expected);

    const std::optional<Message> sent = m_messages->sendChat(Jid::fromString(to), body, type);

    QVERIFY(sent);
    QCOMPARE(m_transport->sent().size(), 1);
    const XmlElement wire = m_transport->lastSent();
    QCOMPARE(wire, sent->element());
    QVERIFY(!sent->id().isEmpty());
    QCOMPARE(wire, xml(expected.arg(sent->id())));
    // And back: what we wrote reads as what we meant.
    const Message parsed(FakeTransport::parse(QString::fromUtf8(wire.toXml(ns::Client))));
    QCOMPARE(parsed.type(), type);
    QCOMPARE(parsed.body(), body);
    QCOMPARE(parsed.to(), Jid::fromString(to));
}

void tst_Messages::receiveParsesEveryType_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<Message::Type>("type");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("body");

    QTest::newRow("chat") << u"<message type='chat' from='juliet@capulet.lit/balcony' "
                             u"to='romeo@montague.lit/test' id='c1'><body>Wherefore?</body>"
                             u"</message>"_s
                          << Message::Type::Chat << u"juliet@capulet.lit/balcony"_s
                          << u"Wherefore?"_s;
    QTest::newRow("normal, no type")
        << u"<message from='juliet@capulet.lit/balcony' id='n1'>"
           u"<body>Plain</body></message>"_s
        << Message::Type::Normal << u"juliet@capulet.lit/balcony"_s << u"Plain"_s;
    QTest::newRow("unknown type is normal")
        << u"<message type='shout' from='juliet@capulet.lit/balcony'><body>Hey</body></message>"_s
        << Message::Type::Normal << u"juliet@capulet.lit/balcony"_s << u"Hey"_s;
    QTest::newRow("groupchat") << u"<message type='groupchat' from='garden@chat.capulet.lit/Nurse' "
                                  u"id='g1'><body>Madam!</body></message>"_s
                               << Message::Type::Groupchat << u"garden@chat.capulet.lit/Nurse"_s
                               << u"Madam!"_s;
    QTest::newRow("headline") << u"<message type='headline' from='news.capulet.lit'>"
                                 u"<body>Feud continues</body></message>"_s
                              << Message::Type::Headline << u"news.capulet.lit"_s
                              << u"Feud continues"_s;
    QTest::newRow("error") << u"<message type='error' from='juliet@capulet.lit' id='e1'>"
                              u"<body>Hi</body><error type='cancel'><item-not-found "
                              u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s
                           << Message::Type::Error << u"juliet@capulet.lit"_s << u"Hi"_s;
    QTest::newRow("from the server, no from")
        << u"<message type='headline'><body>Maintenance at noon</body></message>"_s
        << Message::Type::Headline << QString() << u"Maintenance at noon"_s;
}

void tst_Messages::receiveParsesEveryType()
{
    QFETCH(QString, stanza);
    QFETCH(Message::Type, type);
    QFETCH(QString, from);
    QFETCH(QString, body);
    QSignalSpy received(m_messages, &MessageExtension::messageReceived);
    QSignalSpy generic(m_account, &Account::messageReceived);

    m_transport->inject(stanza);

    QCOMPARE(received.size(), 1);
    const auto message = received.at(0).at(0).value<Message>();
    QCOMPARE(message.type(), type);
    QCOMPARE(message.from(), Jid::fromString(from));
    QCOMPARE(message.body(m_account->preferredLanguage()), body);
    QCOMPARE(message.element(), FakeTransport::parse(stanza));
    QVERIFY(m_transport->sent().isEmpty()); // a message is never answered automatically
    QCOMPARE(generic.size(), 1);            // the Account's outlet it listens to
}

void tst_Messages::subjectAndThreadAreSent()
{
    const auto sent = m_messages->sendChat(
        Jid::fromString(u"juliet@capulet.lit"), u"Shall I hear more?"_s, Message::Type::Normal,
        u"Balcony"_s, u"e0ffe42b28561960c6b12b944a092794b9683a38"_s);

    QVERIFY(sent);
    QCOMPARE(m_transport->lastSent(),
             xml(u"<message to='juliet@capulet.lit' id='%1'><subject>Balcony</subject>"
                 u"<body>Shall I hear more?</body>"
                 u"<thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread>"
                 u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s.arg(sent->id())));
    QCOMPARE(sent->subject(), u"Balcony"_s);
    QCOMPARE(sent->thread(), u"e0ffe42b28561960c6b12b944a092794b9683a38"_s);
}

void tst_Messages::subjectAndThreadAreReceived()
{
    QSignalSpy received(m_messages, &MessageExtension::messageReceived);

    // RFC 6121 §5.2.5 example with a parent thread.
    m_transport->inject(
        u"<message from='juliet@capulet.lit/balcony' type='chat' xml:lang='en'>"
        u"<subject>I implore you!</subject>"
        u"<subject xml:lang='cs'>&#x00DA;p&#x011B;nliv&#x011B; pros&#x00ED;m!</subject>"
        u"<body>Wherefore art thou, Romeo?</body>"
        u"<thread parent='e0ffe42b28561960c6b12b944a092794b9683a38'>"
        u"0e3141cd80894871a68e6fe6b1ec56fa</thread></message>"_s);

    QCOMPARE(received.size(), 1);
    const auto message = received.at(0).at(0).value<Message>();
    QCOMPARE(message.subject(u"en"_s), u"I implore you!"_s);
    QCOMPARE(message.subject(u"cs"_s), u"Úpěnlivě prosím!"_s);
    QCOMPARE(message.thread(), u"0e3141cd80894871a68e6fe6b1ec56fa"_s);
    QCOMPARE(message.parentThread(), u"e0ffe42b28561960c6b12b944a092794b9683a38"_s);
    QCOMPARE(message.lang(), u"en"_s);
}

void tst_Messages::bodyIsPickedByPreferredLanguage_data()
{
    QTest::addColumn<QString>("preferred");
    QTest::addColumn<QString>("body");

    QTest::newRow("exact tag") << u"de"_s << u"Hallo"_s;
    QTest::newRow("case does not matter") << u"DE"_s << u"Hallo"_s;
    QTest::newRow("primary subtag") << u"de-AT"_s << u"Hallo"_s;
    QTest::newRow("regional body preferred when exact") << u"pt-BR"_s << u"Olá (BR)"_s;
    QTest::newRow("other region falls back to primary") << u"pt-PT"_s << u"Olá (BR)"_s;
    QTest::newRow("unknown language: body without xml:lang") << u"fr"_s << u"Hello"_s;
    QTest::newRow("no preference: body without xml:lang") << QString() << u"Hello"_s;
}

void tst_Messages::bodyIsPickedByPreferredLanguage()
{
    QFETCH(QString, preferred);
    QFETCH(QString, body);
    QSignalSpy received(m_messages, &MessageExtension::messageReceived);
    m_account->setPreferredLanguage(preferred);

    m_transport->inject(u"<message from='juliet@capulet.lit/balcony' type='chat' xml:lang='en'>"
                        u"<body>Hello</body><body xml:lang='de'>Hallo</body>"
                        u"<body xml:lang='pt-BR'>Olá (BR)</body></message>"_s);

    QCOMPARE(received.size(), 1);
    const auto message = received.at(0).at(0).value<Message>();
    QCOMPARE(message.bodies().size(), 3); // all kept
    QCOMPARE(message.body(m_account->preferredLanguage()), body);
}

void tst_Messages::messagesWithoutBodyAreReceived()
{
    QSignalSpy received(m_messages, &MessageExtension::messageReceived);

    m_transport->inject(u"<message from='juliet@capulet.lit/balcony' type='chat'>"
                        u"<composing xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    m_transport->inject(u"<message from='juliet@capulet.lit/balcony'/>"_s);

    QCOMPARE(received.size(), 2);
    QVERIFY(!received.at(0).at(0).value<Message>().hasBody());
    QVERIFY(received.at(0).at(0).value<Message>().element().hasChild(
        u"http://jabber.org/protocol/chatstates", u"composing"));
}

void tst_Messages::originIdIsPresentAndUnique()
{
    QSet<QString> ids;
    for (int i = 0; i < 200; ++i) {
        const auto sent = m_messages->sendChat(Jid::fromString(u"juliet@capulet.lit"), u"hi"_s);
        QVERIFY(sent);
        const XmlElement wire = m_transport->lastSent();
        const QList<XmlElement> origins = wire.children(ns::StanzaId, u"origin-id");
        QCOMPARE(origins.size(), 1);
        const QString originId = origins.first().attribute(u"id");
        QVERIFY2(originId.size() >= 20, qPrintable(originId));
        QCOMPARE(wire.attribute(u"id"), originId);
        QVERIFY2(!ids.contains(originId), qPrintable(u"duplicate origin-id "_s + originId));
        ids.insert(originId);
    }
    QVERIFY(MessageExtension::generateOriginId() != MessageExtension::generateOriginId());
}

void tst_Messages::existingIdsAreKept_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("originId");

    QTest::newRow("id only") << u"my-id"_s << QString();
    QTest::newRow("origin-id only") << QString() << u"my-origin"_s;
    QTest::newRow("both") << u"my-id"_s << u"my-origin"_s;
}

void tst_Messages::existingIdsAreKept()
{
    QFETCH(QString, id);
    QFETCH(QString, originId);
    Message message;
    message.setTo(Jid::fromString(u"juliet@capulet.lit"));
    message.setBody(u"again"_s);
    message.setId(id);
    message.setOriginId(originId);

    const auto sent = m_messages->send(message);

    QVERIFY(sent);
    QVERIFY(!sent->id().isEmpty());
    QVERIFY(!sent->originId().isEmpty());
    if (!id.isEmpty())
        QCOMPARE(sent->id(), id);
    if (!originId.isEmpty())
        QCOMPARE(sent->originId(), originId);
    if (id.isEmpty())
        QCOMPARE(sent->id(), originId); // a bounce names the origin-id
    if (originId.isEmpty())
        QVERIFY(sent->originId().size() >= 20);
    QCOMPARE(m_transport->lastSent().children(ns::StanzaId, u"origin-id").size(), 1);
    QCOMPARE(m_transport->lastSent(), sent->element());
}

void tst_Messages::errorBounceReportsFailure_data()
{
    QTest::addColumn<QString>("error");
    QTest::addColumn<StanzaError::Condition>("condition");
    QTest::addColumn<StanzaError::Type>("type");

    QTest::newRow("service-unavailable")
        << u"<error type='cancel'><service-unavailable "
           u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"_s
        << StanzaError::Condition::ServiceUnavailable << StanzaError::Type::Cancel;
    QTest::newRow("remote-server-not-found")
        << u"<error type='cancel'><remote-server-not-found "
           u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"_s
        << StanzaError::Condition::RemoteServerNotFound << StanzaError::Type::Cancel;
    QTest::newRow("resource-constraint, wait")
        << u"<error type='wait'><resource-constraint "
           u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"_s
        << StanzaError::Condition::ResourceConstraint << StanzaError::Type::Wait;
    QTest::newRow("unknown condition")
        << u"<error type='modify'><shiny xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"_s
        << StanzaError::Condition::UndefinedCondition << StanzaError::Type::Modify;
}

void tst_Messages::errorBounceReportsFailure()
{
    QFETCH(QString, error);
    QFETCH(StanzaError::Condition, condition);
    QFETCH(StanzaError::Type, type);
    QSignalSpy failed(m_messages, &MessageExtension::messageFailed);
    QSignalSpy received(m_messages, &MessageExtension::messageReceived);
    const auto sent = m_messages->sendChat(Jid::fromString(u"juliet@capulet.lit"), u"hi"_s);
    QVERIFY(sent);
    // Another message, to make sure the id is not just "the last one".
    QVERIFY(m_messages->sendChat(Jid::fromString(u"nurse@capulet.lit"), u"hello"_s));

    m_transport->inject(u"<message type='error' from='juliet@capulet.lit' id='%1'>"
                        u"<body>hi</body>%2</message>"_s.arg(sent->id(), error));

    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), sent->id());
    QCOMPARE(failed.at(0).at(1).value<Jid>(), Jid::fromString(u"juliet@capulet.lit"));
    const auto stanzaError = failed.at(0).at(2).value<StanzaError>();
    QCOMPARE(stanzaError.condition(), condition);
    QCOMPARE(stanzaError.type(), type);
    QCOMPARE(received.size(), 1); // also seen as a message of type error
    QCOMPARE(received.at(0).at(0).value<Message>().type(), Message::Type::Error);
}

void tst_Messages::errorWithoutIdIsNotAFailure()
{
    QSignalSpy failed(m_messages, &MessageExtension::messageFailed);
    QSignalSpy received(m_messages, &MessageExtension::messageReceived);

    m_transport->inject(u"<message type='error' from='juliet@capulet.lit'><error type='cancel'>"
                        u"<gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit' id='x'>"
                        u"<body>not an error</body></message>"_s);

    QCOMPARE(failed.size(), 0);
    QCOMPARE(received.size(), 2);
}

void tst_Messages::sendWhileOfflineReturnsNothing()
{
    m_account->disconnectFromServer();
    m_transport->clearSent();

    QVERIFY(!m_messages->sendChat(Jid::fromString(u"juliet@capulet.lit"), u"hi"_s));
    Message message;
    message.setTo(Jid::fromString(u"juliet@capulet.lit"));
    QVERIFY(!m_messages->send(message));
    QVERIFY(m_transport->sent().isEmpty());

    Account never(new FakeTransport);
    auto *extension = new MessageExtension(&never);
    QVERIFY(!extension->sendChat(Jid::fromString(u"juliet@capulet.lit"), u"hi"_s));
    QVERIFY(fake(never)->sent().isEmpty());
}

void tst_Messages::laterExtensionsSeeMessagesFirst()
{
    // A carbons-like extension constructed after MessageExtension still gets the first look.
    auto *claiming = new ClaimingExtension(m_account);
    QSignalSpy received(m_messages, &MessageExtension::messageReceived);

    m_transport->inject(u"<message type='chat' from='romeo@montague.lit'><received "
                        u"xmlns='urn:xmpp:carbons:2'/></message>"_s);

    QCOMPARE(claiming->claimed.size(), 1);
    QCOMPARE(received.size(), 0);
}

void tst_Messages::advertisesStanzaIds()
{
    QVERIFY(m_account->discoFeatures().contains(u"urn:xmpp:sid:0"_s));
    QCOMPARE(m_messages->discoFeatures(), QStringList{u"urn:xmpp:sid:0"_s});
}

QTEST_GUILESS_MAIN(tst_Messages)
#include "tst_messages.moc"
