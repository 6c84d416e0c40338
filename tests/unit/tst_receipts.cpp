// SPDX-License-Identifier: GPL-3.0-or-later
// ReceiptsExtension (XEP-0184): requests on what we send, receipts for what we receive — and no
// receipt where it would leak our presence, loop, or answer for another device.
#include "MessageHarness.h"
#include "ext/ReceiptsExtension.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

class tst_ReceiptsExtension : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void requestIsAddedToContentMessages_data();
    void requestIsAddedToContentMessages();
    void noRequestWhenTurnedOff();
    void requestIsAnswered_data();
    void requestIsAnswered();
    void policyAlwaysAndNever();
    void directedPresenceAuthorizesThatResourceOnly();
    void receiptEmitsDelivered_data();
    void receiptEmitsDelivered();
    void receiptsAreNotClaimed();
    void advertisesReceipts();

private:
    MessageHarness *m_h = nullptr;
    ReceiptsExtension *m_receipts = nullptr;
};

void tst_ReceiptsExtension::init()
{
    // XEP-0184's cast: the king receives, Northumberland asks.
    m_h = new MessageHarness(u"kingrichard@royalty.england.lit"_s);
    m_receipts = new ReceiptsExtension(m_h->account, m_h->messages, m_h->roster, m_h->presence);
    m_h->addContact(u"northumberland@shakespeare.lit"_s, u"both"_s);
    m_h->addContact(u"bolingbroke@shakespeare.lit"_s, u"to"_s);    // we see theirs only
    m_h->addContact(u"westmoreland@shakespeare.lit"_s, u"from"_s); // they see ours
}

void tst_ReceiptsExtension::cleanup()
{
    delete m_h;
    m_h = nullptr;
}

void tst_ReceiptsExtension::requestIsAddedToContentMessages_data()
{
    QTest::addColumn<Message::Type>("type");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expected"); // %1: the id

    // XEP-0184 Example 3, as we send it (plus our origin-id).
    QTest::newRow("normal with body")
        << Message::Type::Normal << u"My lord, dispatch; read o'er these articles."_s
        << u"<message to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<body>My lord, dispatch; read o'er these articles.</body>"
           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/>"
           u"<request xmlns='urn:xmpp:receipts'/></message>"_s;
    QTest::newRow("chat with body")
        << Message::Type::Chat << u"Hi"_s
        << u"<message type='chat' to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<body>Hi</body><origin-id xmlns='urn:xmpp:sid:0' id='%1'/>"
           u"<request xmlns='urn:xmpp:receipts'/></message>"_s;
    QTest::newRow("groupchat: never")
        << Message::Type::Groupchat << u"Hi"_s
        << u"<message type='groupchat' to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<body>Hi</body><origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("headline: never")
        << Message::Type::Headline << u"Hi"_s
        << u"<message type='headline' to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<body>Hi</body><origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("no body: nothing to deliver")
        << Message::Type::Chat << QString()
        << u"<message type='chat' to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
}

void tst_ReceiptsExtension::requestIsAddedToContentMessages()
{
    QFETCH(Message::Type, type);
    QFETCH(QString, body);
    QFETCH(QString, expected);

    const auto sent = m_h->messages->sendChat(
        Jid::fromString(u"northumberland@shakespeare.lit/westminster"), body, type);

    QVERIFY(sent);
    QCOMPARE(m_h->sent().size(), 1);
    QCOMPARE(m_h->lastSent(), MessageHarness::expected(expected, m_h->lastSent()));
    QCOMPARE(sent->element(), m_h->lastSent());
    QCOMPARE(ReceiptsExtension::hasRequest(*sent), expected.contains(u"request"));
}

void tst_ReceiptsExtension::noRequestWhenTurnedOff()
{
    m_receipts->setRequestReceipts(false);
    QVERIFY(m_h->messages->sendChat(Jid::fromString(u"northumberland@shakespeare.lit"), u"x"_s));
    QVERIFY(!m_h->lastSent().hasChild(ns::Receipts, u"request"));
}

void tst_ReceiptsExtension::requestIsAnswered_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<QString>("answer"); // empty: none; %1: the id we chose

    // XEP-0184 Examples 3 and 4.
    QTest::newRow("XEP-0184 example, subscribed contact")
        << u"<message from='northumberland@shakespeare.lit/westminster' id='richard2-4.1.247' "
           u"to='kingrichard@royalty.england.lit/throne'>"
           u"<body>My lord, dispatch; read o'er these articles.</body>"
           u"<request xmlns='urn:xmpp:receipts'/></message>"_s
        << u"<message to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/>"
           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("chat: answered as chat")
        << u"<message type='chat' from='northumberland@shakespeare.lit/westminster' id='c1'>"
           u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s
        << u"<message type='chat' to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<received xmlns='urn:xmpp:receipts' id='c1'/>"
           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("subscription from: may see our presence")
        << u"<message type='chat' from='westmoreland@shakespeare.lit/field' id='w1'>"
           u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s
        << u"<message type='chat' to='westmoreland@shakespeare.lit/field' id='%1'>"
           u"<received xmlns='urn:xmpp:receipts' id='w1'/>"
           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;
    QTest::newRow("request without body still answered")
        << u"<message type='chat' from='northumberland@shakespeare.lit/westminster' id='c2'>"
           u"<request xmlns='urn:xmpp:receipts'/></message>"_s
        << u"<message type='chat' to='northumberland@shakespeare.lit/westminster' id='%1'>"
           u"<received xmlns='urn:xmpp:receipts' id='c2'/>"
           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s;

    QTest::newRow("stranger: would leak presence")
        << u"<message type='chat' from='mallory@evil.example/x' id='m1'><body>Online?</body>"
           u"<request xmlns='urn:xmpp:receipts'/></message>"_s
        << QString();
    QTest::newRow("subscription to only: they may not see ours")
        << u"<message type='chat' from='bolingbroke@shakespeare.lit/camp' id='b1'>"
           u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s
        << QString();
    QTest::newRow("groupchat")
        << u"<message type='groupchat' from='northumberland@shakespeare.lit/westminster' "
           u"id='g1'><body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s
        << QString();
    QTest::newRow("error bounce")
        << u"<message type='error' from='northumberland@shakespeare.lit/westminster' id='e1'>"
           u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/><error type='cancel'>"
           u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
           u"</message>"_s
        << QString();
    QTest::newRow("headline")
        << u"<message type='headline' from='northumberland@shakespeare.lit/westminster' "
           u"id='h1'><body>News</body><request xmlns='urn:xmpp:receipts'/></message>"_s
        << QString();
    QTest::newRow("no id: nothing to name")
        << u"<message type='chat' from='northumberland@shakespeare.lit/westminster'>"
           u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s
        << QString();
    QTest::newRow("no from") << u"<message type='chat' id='n1'><body>Hi</body>"
                                u"<request xmlns='urn:xmpp:receipts'/></message>"_s
                             << QString();
    QTest::newRow("a receipt asking for a receipt: no loop")
        << u"<message type='chat' from='northumberland@shakespeare.lit/westminster' id='l1'>"
           u"<received xmlns='urn:xmpp:receipts' id='ours'/>"
           u"<request xmlns='urn:xmpp:receipts'/></message>"_s
        << QString();
    QTest::newRow("our own other device")
        << u"<message type='chat' from='kingrichard@royalty.england.lit/phone' id='o1'>"
           u"<body>note to self</body><request xmlns='urn:xmpp:receipts'/></message>"_s
        << QString();
    // XEP-0280 Example 11: a carbon of a message another device of ours received.
    QTest::newRow("received carbon")
        << u"<message from='kingrichard@royalty.england.lit' "
           u"to='kingrichard@royalty.england.lit/throne' type='chat'>"
           u"<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
           u"<message xmlns='jabber:client' "
           u"from='northumberland@shakespeare.lit/westminster' "
           u"to='kingrichard@royalty.england.lit/phone' type='chat' id='cc1'>"
           u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"
           u"</forwarded></received></message>"_s
        << QString();
    QTest::newRow("archive result")
        << u"<message from='kingrichard@royalty.england.lit' "
           u"to='kingrichard@royalty.england.lit/throne' id='mam1'>"
           u"<result xmlns='urn:xmpp:mam:2' queryid='q1' id='28482-98726-73623'>"
           u"<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
           u"from='northumberland@shakespeare.lit/westminster' type='chat' id='am1'>"
           u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"
           u"</forwarded></result></message>"_s
        << QString();
}

void tst_ReceiptsExtension::requestIsAnswered()
{
    QFETCH(QString, stanza);
    QFETCH(QString, answer);

    m_h->inject(stanza);

    if (answer.isEmpty()) {
        QCOMPARE(m_h->sent(), QList<XmlElement>());
        return;
    }
    QCOMPARE(m_h->sent().size(), 1);
    const XmlElement wire = m_h->lastSent();
    QVERIFY(!wire.attribute(u"id").isEmpty());
    QCOMPARE(wire, MessageHarness::expected(answer, wire));
}

void tst_ReceiptsExtension::policyAlwaysAndNever()
{
    const QString stranger =
        u"<message type='chat' from='mallory@evil.example/x' id='m1'>"
        u"<body>Online?</body><request xmlns='urn:xmpp:receipts'/></message>"_s;
    const QString contact = u"<message type='chat' from='northumberland@shakespeare.lit/w' "
                            u"id='n1'><body>Hi</body><request xmlns='urn:xmpp:receipts'/>"
                            u"</message>"_s;

    m_receipts->setAnswerPolicy(ReceiptsExtension::AnswerPolicy::Never);
    m_h->inject(contact);
    QCOMPARE(m_h->sent().size(), 0);

    m_receipts->setAnswerPolicy(ReceiptsExtension::AnswerPolicy::Always);
    m_h->inject(stranger);
    QCOMPARE(m_h->sent().size(), 1);
    QCOMPARE(ReceiptsExtension::receiptId(Message(m_h->lastSent())), u"m1"_s);
    // Even "always" never answers our own devices or groupchats.
    m_h->inject(u"<message type='chat' from='kingrichard@royalty.england.lit/phone' id='o1'>"
                u"<body>x</body><request xmlns='urn:xmpp:receipts'/></message>"_s);
    m_h->inject(u"<message type='groupchat' from='room@muc.example/nick' id='g1'>"
                u"<body>x</body><request xmlns='urn:xmpp:receipts'/></message>"_s);
    QCOMPARE(m_h->sent().size(), 1);
}

void tst_ReceiptsExtension::directedPresenceAuthorizesThatResourceOnly()
{
    const QString request = u"<message type='chat' from='%1' id='d1'><body>Hi</body>"
                            u"<request xmlns='urn:xmpp:receipts'/></message>"_s;
    m_h->presence->sendDirectedPresence(Jid::fromString(u"exton@shakespeare.lit/pomfret"));
    m_h->presence->sendDirectedPresence(Jid::fromString(u"scroop@shakespeare.lit"));
    m_h->clearSent();

    m_h->inject(request.arg(u"exton@shakespeare.lit/pomfret"));
    QCOMPARE(m_h->sent().size(), 1);
    m_h->inject(request.arg(u"exton@shakespeare.lit/elsewhere")); // not told of us
    QCOMPARE(m_h->sent().size(), 1);
    m_h->inject(request.arg(u"scroop@shakespeare.lit/any")); // a bare JID: every resource
    QCOMPARE(m_h->sent().size(), 2);

    m_h->presence->sendDirectedUnavailable(Jid::fromString(u"exton@shakespeare.lit/pomfret"));
    m_h->clearSent();
    m_h->inject(request.arg(u"exton@shakespeare.lit/pomfret"));
    QCOMPARE(m_h->sent().size(), 0);
}

void tst_ReceiptsExtension::receiptEmitsDelivered_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<QString>("id"); // empty: no signal

    // XEP-0184 Example 4, seen from Northumberland's side.
    QTest::newRow("XEP-0184 example")
        << u"<message from='kingrichard@royalty.england.lit/throne' id='bi29sg183b4v' "
           u"to='northumberland@shakespeare.lit/westminster'>"
           u"<received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/></message>"_s
        << u"richard2-4.1.247"_s;
    QTest::newRow("chat")
        << u"<message type='chat' from='kingrichard@royalty.england.lit/throne' id='x'>"
           u"<received xmlns='urn:xmpp:receipts' id='abc'/></message>"_s
        << u"abc"_s;
    QTest::newRow("no id") << u"<message type='chat' from='kingrichard@royalty.england.lit/t'>"
                              u"<received xmlns='urn:xmpp:receipts'/></message>"_s
                           << QString();
    QTest::newRow("error bounce of our receipt")
        << u"<message type='error' from='kingrichard@royalty.england.lit/throne'>"
           u"<received xmlns='urn:xmpp:receipts' id='abc'/><error type='cancel'>"
           u"<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s
        << QString();
    QTest::newRow("groupchat") << u"<message type='groupchat' from='room@muc.example/nick'>"
                                  u"<received xmlns='urn:xmpp:receipts' id='abc'/></message>"_s
                               << QString();
    QTest::newRow("other namespace")
        << u"<message type='chat' from='kingrichard@royalty.england.lit/throne'>"
           u"<received xmlns='urn:xmpp:chat-markers:0' id='abc'/></message>"_s
        << QString();
}

void tst_ReceiptsExtension::receiptEmitsDelivered()
{
    QFETCH(QString, stanza);
    QFETCH(QString, id);
    QSignalSpy delivered(m_receipts, &ReceiptsExtension::delivered);

    m_h->inject(stanza);

    QCOMPARE(delivered.size(), id.isEmpty() ? 0 : 1);
    if (!id.isEmpty()) {
        QCOMPARE(delivered.at(0).at(0).value<Jid>(),
                 Jid::fromString(u"kingrichard@royalty.england.lit/throne"));
        QCOMPARE(delivered.at(0).at(1).toString(), id);
    }
    QCOMPARE(m_h->sent().size(), 0); // a receipt is never answered
}

void tst_ReceiptsExtension::receiptsAreNotClaimed()
{
    QSignalSpy received(m_h->messages, &MessageExtension::messageReceived);
    m_h->inject(u"<message type='chat' from='northumberland@shakespeare.lit/w' id='r'>"
                u"<received xmlns='urn:xmpp:receipts' id='abc'/></message>"_s);
    m_h->inject(u"<message type='chat' from='northumberland@shakespeare.lit/w' id='q'>"
                u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s);
    QCOMPARE(received.size(), 2);
}

void tst_ReceiptsExtension::advertisesReceipts()
{
    QVERIFY(m_h->account->discoFeatures().contains(u"urn:xmpp:receipts"_s));
}

QTEST_GUILESS_MAIN(tst_ReceiptsExtension)
#include "tst_receipts.moc"
