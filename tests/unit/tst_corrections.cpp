// SPDX-License-Identifier: GPL-3.0-or-later
// CorrectionsExtension (XEP-0308): the correction we send, the corrections we accept, and the
// sender check that keeps anyone else from rewriting a message.
#include "MessageHarness.h"
#include "ext/CorrectionsExtension.h"
#include "ext/ReceiptsExtension.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

class tst_Corrections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void correctionMatchesXep();
    void correctionOfACorrectionNamesTheOriginal();
    void sendCorrectionNeedsAnId();
    void correctionIsEmittedAndClaimed_data();
    void correctionIsEmittedAndClaimed();
    void senderCheck_data();
    void senderCheck();
    void receiptsStillAnswerCorrections();
    void advertisesCorrections();

private:
    MessageHarness *m_h = nullptr;
    CorrectionsExtension *m_corrections = nullptr;
};

void tst_Corrections::init()
{
    m_h = new MessageHarness(u"romeo@montague.net"_s);
    m_corrections = new CorrectionsExtension(m_h->account, m_h->messages);
}

void tst_Corrections::cleanup()
{
    delete m_h;
    m_h = nullptr;
}

void tst_Corrections::correctionMatchesXep()
{
    // XEP-0308 Examples 1 and 2 (our ids instead of 'bad1' and 'good1').
    const auto original = m_h->messages->sendChat(
        Jid::fromString(u"juliet@capulet.net/balcony"),
        u"But soft, what light through yonder airlock breaks?"_s, Message::Type::Normal);
    QVERIFY(original);

    const auto correction = m_corrections->sendCorrection(
        Jid::fromString(u"juliet@capulet.net/balcony"), original->id(),
        u"But soft, what light through yonder window breaks?"_s, Message::Type::Normal);

    QVERIFY(correction);
    const XmlElement wire = m_h->lastSent();
    QCOMPARE(wire, MessageHarness::expected(
                       u"<message to='juliet@capulet.net/balcony' id='%1'>"
                       u"<body>But soft, what light through yonder window breaks?</body>"
                       u"<replace id='"_s +
                           original->id() +
                           u"' xmlns='urn:xmpp:message-correct:0'/>"
                           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s,
                       wire));
    QVERIFY(correction->id() != original->id()); // a message of its own
    QCOMPARE(CorrectionsExtension::replacedId(*correction), original->id());
}

void tst_Corrections::correctionOfACorrectionNamesTheOriginal()
{
    const Jid juliet = Jid::fromString(u"juliet@capulet.net");
    const auto first = m_corrections->sendCorrection(juliet, u"orig"_s, u"v2"_s);
    const auto second = m_corrections->sendCorrection(juliet, u"orig"_s, u"v3"_s);
    QVERIFY(first && second);
    QCOMPARE(CorrectionsExtension::replacedId(*second), u"orig"_s);
    QCOMPARE(second->type(), Message::Type::Chat);
    QCOMPARE(second->body(), u"v3"_s);
}

void tst_Corrections::sendCorrectionNeedsAnId()
{
    QVERIFY(!m_corrections->sendCorrection(Jid::fromString(u"juliet@capulet.net"), {}, u"x"_s));
    QVERIFY(m_h->sent().isEmpty());
    m_h->account->disconnectFromServer();
    QVERIFY(!m_corrections->sendCorrection(Jid::fromString(u"juliet@capulet.net"), u"a"_s, u"x"_s));
}

void tst_Corrections::correctionIsEmittedAndClaimed_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<QString>("originalId"); // empty: not a correction, not claimed

    QTest::newRow("XEP-0308 example 2")
        << u"<message from='juliet@capulet.net/balcony' to='romeo@montague.net/orchard' "
           u"id='good1'><body>But soft, what light through yonder window breaks?</body>"
           u"<replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>"_s
        << u"bad1"_s;
    QTest::newRow("chat") << u"<message type='chat' from='juliet@capulet.net/balcony' id='c'>"
                             u"<body>fixed</body>"
                             u"<replace id='orig' xmlns='urn:xmpp:message-correct:0'/></message>"_s
                          << u"orig"_s;
    QTest::newRow("groupchat")
        << u"<message type='groupchat' from='garden@chat.capulet.net/Nurse' id='g'>"
           u"<body>fixed</body><replace id='orig' xmlns='urn:xmpp:message-correct:0'/>"
           u"</message>"_s
        << u"orig"_s;
    QTest::newRow("no body: not a correction")
        << u"<message type='chat' from='juliet@capulet.net/balcony' id='c'>"
           u"<replace id='orig' xmlns='urn:xmpp:message-correct:0'/></message>"_s
        << QString();
    QTest::newRow("no id") << u"<message type='chat' from='juliet@capulet.net/balcony' id='c'>"
                              u"<body>x</body><replace xmlns='urn:xmpp:message-correct:0'/>"
                              u"</message>"_s
                           << QString();
    QTest::newRow("error bounce of our correction")
        << u"<message type='error' from='juliet@capulet.net/balcony' id='c'><body>x</body>"
           u"<replace id='orig' xmlns='urn:xmpp:message-correct:0'/><error type='cancel'>"
           u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
           u"</message>"_s
        << QString();
    QTest::newRow("wrong namespace")
        << u"<message type='chat' from='juliet@capulet.net/balcony' id='c'><body>x</body>"
           u"<replace id='orig' xmlns='urn:xmpp:message-correct:1'/></message>"_s
        << QString();
}

void tst_Corrections::correctionIsEmittedAndClaimed()
{
    QFETCH(QString, stanza);
    QFETCH(QString, originalId);
    QSignalSpy corrected(m_corrections, &CorrectionsExtension::corrected);
    QSignalSpy received(m_h->messages, &MessageExtension::messageReceived);

    m_h->inject(stanza);

    const bool isCorrection = !originalId.isEmpty();
    QCOMPARE(corrected.size(), isCorrection ? 1 : 0);
    QCOMPARE(received.size(), isCorrection ? 0 : 1); // a correction is no new message
    if (isCorrection) {
        const auto message = corrected.at(0).at(2).value<Message>();
        QCOMPARE(corrected.at(0).at(0).value<Jid>(), message.from());
        QCOMPARE(corrected.at(0).at(1).toString(), originalId);
        QCOMPARE(message.element(), FakeTransport::parse(stanza));
    }
}

void tst_Corrections::senderCheck_data()
{
    QTest::addColumn<QString>("correctionFrom");
    QTest::addColumn<QString>("originalFrom");
    QTest::addColumn<Message::Type>("type");
    QTest::addColumn<bool>("valid");

    QTest::newRow("same resource")
        << u"juliet@capulet.net/balcony"_s << u"juliet@capulet.net/balcony"_s << Message::Type::Chat
        << true;
    QTest::newRow("another device of the sender")
        << u"juliet@capulet.net/phone"_s << u"juliet@capulet.net/balcony"_s << Message::Type::Chat
        << true;
    QTest::newRow("original known by bare JID")
        << u"juliet@capulet.net/phone"_s << u"juliet@capulet.net"_s << Message::Type::Chat << true;
    QTest::newRow("someone else") << u"nurse@capulet.net/balcony"_s
                                  << u"juliet@capulet.net/balcony"_s << Message::Type::Chat
                                  << false;
    QTest::newRow("their server") << u"capulet.net"_s << u"juliet@capulet.net/balcony"_s
                                  << Message::Type::Normal << false;
    QTest::newRow("groupchat: same occupant")
        << u"garden@chat.capulet.net/Nurse"_s << u"garden@chat.capulet.net/Nurse"_s
        << Message::Type::Groupchat << true;
    QTest::newRow("groupchat: another occupant")
        << u"garden@chat.capulet.net/Tybalt"_s << u"garden@chat.capulet.net/Nurse"_s
        << Message::Type::Groupchat << false;
    QTest::newRow("groupchat: the room itself")
        << u"garden@chat.capulet.net"_s << u"garden@chat.capulet.net/Nurse"_s
        << Message::Type::Groupchat << false;
    QTest::newRow("unknown original sender")
        << u"juliet@capulet.net/balcony"_s << QString() << Message::Type::Chat << false;
}

void tst_Corrections::senderCheck()
{
    QFETCH(QString, correctionFrom);
    QFETCH(QString, originalFrom);
    QFETCH(Message::Type, type);
    QFETCH(bool, valid);
    QCOMPARE(CorrectionsExtension::isValidCorrection(Jid::fromString(correctionFrom),
                                                     Jid::fromString(originalFrom), type),
             valid);
}

void tst_Corrections::receiptsStillAnswerCorrections()
{
    // As StandardExtensions orders them: receipts before corrections, which claim.
    MessageHarness h(u"romeo@montague.net"_s);
    auto *receipts = new ReceiptsExtension(h.account, h.messages, h.roster, h.presence);
    auto *corrections = new CorrectionsExtension(h.account, h.messages);
    Q_UNUSED(receipts);
    h.addContact(u"juliet@capulet.net"_s, u"both"_s);
    QSignalSpy corrected(corrections, &CorrectionsExtension::corrected);

    h.inject(u"<message type='chat' from='juliet@capulet.net/balcony' id='good1'>"
             u"<body>window</body><replace id='bad1' xmlns='urn:xmpp:message-correct:0'/>"
             u"<request xmlns='urn:xmpp:receipts'/></message>"_s);

    QCOMPARE(corrected.size(), 1);
    QCOMPARE(h.sent().size(), 1);
    QCOMPARE(ReceiptsExtension::receiptId(Message(h.lastSent())), u"good1"_s);
}

void tst_Corrections::advertisesCorrections()
{
    QVERIFY(m_h->account->discoFeatures().contains(u"urn:xmpp:message-correct:0"_s));
}

QTEST_GUILESS_MAIN(tst_Corrections)
#include "tst_corrections.moc"
