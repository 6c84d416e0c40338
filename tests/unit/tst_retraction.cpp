// SPDX-License-Identifier: GPL-3.0-or-later
// RetractionExtension (XEP-0424): the retraction we send (with its fallback), the ones we
// accept, and the check that only the sender may retract.
#include "MessageHarness.h"
#include "ext/MarkersExtension.h"
#include "ext/RetractionExtension.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

class tst_Retraction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void retractionMatchesXep();
    void retractionIsNotMarkable();
    void retractNeedsAnId();
    void retractionIsEmittedAndClaimed_data();
    void retractionIsEmittedAndClaimed();
    void senderCheck_data();
    void senderCheck();
    void advertisesRetraction();

private:
    MessageHarness *m_h = nullptr;
    RetractionExtension *m_retraction = nullptr;
};

void tst_Retraction::init()
{
    m_h = new MessageHarness(u"romeo@montague.example"_s);
    m_retraction = new RetractionExtension(m_h->account, m_h->messages);
}

void tst_Retraction::cleanup()
{
    delete m_h;
    m_h = nullptr;
}

void tst_Retraction::retractionMatchesXep()
{
    // XEP-0424 Example 2 (our id for 'retract-message-1').
    const auto sent =
        m_retraction->retract(Jid::fromString(u"lord@capulet.example"), u"origin-id-1"_s);

    QVERIFY(sent);
    const XmlElement wire = m_h->lastSent();
    QCOMPARE(wire, MessageHarness::expected(
                       u"<message type='chat' to='lord@capulet.example' id='%1'>"
                       u"<retract id='origin-id-1' xmlns='urn:xmpp:message-retract:1'/>"
                       u"<fallback xmlns='urn:xmpp:fallback:0' "
                       u"for='urn:xmpp:message-retract:1'/>"
                       u"<body>This person attempted to retract a previous message, but it's "
                       u"unsupported by your client.</body>"
                       u"<store xmlns='urn:xmpp:hints'/>"
                       u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s,
                       wire));
    QCOMPARE(RetractionExtension::retractedId(*sent), u"origin-id-1"_s);
}

void tst_Retraction::retractionIsNotMarkable()
{
    auto *markers = new MarkersExtension(m_h->account, m_h->messages, m_h->roster, m_h->presence);
    Q_UNUSED(markers);
    QVERIFY(m_retraction->retract(Jid::fromString(u"lord@capulet.example"), u"o1"_s));
    QVERIFY(!m_h->lastSent().hasChild(ns::ChatMarkers, u"markable"));
    QVERIFY(m_h->messages->sendChat(Jid::fromString(u"lord@capulet.example"), u"hi"_s));
    QVERIFY(m_h->lastSent().hasChild(ns::ChatMarkers, u"markable"));
}

void tst_Retraction::retractNeedsAnId()
{
    QVERIFY(!m_retraction->retract(Jid::fromString(u"lord@capulet.example"), QString()));
    QVERIFY(m_h->sent().isEmpty());
    m_h->account->disconnectFromServer();
    QVERIFY(!m_retraction->retract(Jid::fromString(u"lord@capulet.example"), u"o1"_s));
}

void tst_Retraction::retractionIsEmittedAndClaimed_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<QString>("originId"); // empty: not a retraction, not claimed

    QTest::newRow("XEP-0424 example 2")
        << u"<message type='chat' from='lord@capulet.example/hall' "
           u"to='romeo@montague.example' id='retract-message-1'>"
           u"<retract id='origin-id-1' xmlns='urn:xmpp:message-retract:1'/>"
           u"<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>"
           u"<body>This person attempted to retract a previous message, but it's unsupported "
           u"by your client.</body><store xmlns='urn:xmpp:hints'/></message>"_s
        << u"origin-id-1"_s;
    QTest::newRow("without fallback")
        << u"<message type='chat' from='lord@capulet.example/hall' id='r2'>"
           u"<retract id='o2' xmlns='urn:xmpp:message-retract:1'/></message>"_s
        << u"o2"_s;
    QTest::newRow("old namespace :0 is not ours")
        << u"<message type='chat' from='lord@capulet.example/hall' id='r3'>"
           u"<apply-to id='o3' xmlns='urn:xmpp:fasten:0'>"
           u"<retract xmlns='urn:xmpp:message-retract:0'/></apply-to></message>"_s
        << QString();
    QTest::newRow("no id") << u"<message type='chat' from='lord@capulet.example/hall' id='r4'>"
                              u"<retract xmlns='urn:xmpp:message-retract:1'/></message>"_s
                           << QString();
    QTest::newRow("error bounce of our retraction")
        << u"<message type='error' from='lord@capulet.example' id='r5'>"
           u"<retract id='o5' xmlns='urn:xmpp:message-retract:1'/><error type='cancel'>"
           u"<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
           u"</message>"_s
        << QString();
}

void tst_Retraction::retractionIsEmittedAndClaimed()
{
    QFETCH(QString, stanza);
    QFETCH(QString, originId);
    QSignalSpy retracted(m_retraction, &RetractionExtension::retracted);
    QSignalSpy received(m_h->messages, &MessageExtension::messageReceived);

    m_h->inject(stanza);

    const bool isRetraction = !originId.isEmpty();
    QCOMPARE(retracted.size(), isRetraction ? 1 : 0);
    QCOMPARE(received.size(), isRetraction ? 0 : 1); // the fallback body is never shown
    if (isRetraction) {
        QCOMPARE(retracted.at(0).at(0).value<Jid>(), Jid::fromString(u"lord@capulet.example/hall"));
        QCOMPARE(retracted.at(0).at(1).toString(), originId);
    }
}

void tst_Retraction::senderCheck_data()
{
    QTest::addColumn<QString>("retractionFrom");
    QTest::addColumn<QString>("originalFrom");
    QTest::addColumn<Message::Type>("type");
    QTest::addColumn<bool>("valid");

    QTest::newRow("the sender") << u"lord@capulet.example/hall"_s << u"lord@capulet.example/hall"_s
                                << Message::Type::Chat << true;
    QTest::newRow("the sender's other device")
        << u"lord@capulet.example/phone"_s << u"lord@capulet.example/hall"_s << Message::Type::Chat
        << true;
    QTest::newRow("someone else") << u"mallory@capulet.example/hall"_s
                                  << u"lord@capulet.example/hall"_s << Message::Type::Chat << false;
    QTest::newRow("groupchat: same occupant")
        << u"garden@chat.capulet.example/Nurse"_s << u"garden@chat.capulet.example/Nurse"_s
        << Message::Type::Groupchat << true;
    QTest::newRow("groupchat: another occupant")
        << u"garden@chat.capulet.example/Tybalt"_s << u"garden@chat.capulet.example/Nurse"_s
        << Message::Type::Groupchat << false;
    QTest::newRow("no sender") << QString() << u"lord@capulet.example/hall"_s << Message::Type::Chat
                               << false;
}

void tst_Retraction::senderCheck()
{
    QFETCH(QString, retractionFrom);
    QFETCH(QString, originalFrom);
    QFETCH(Message::Type, type);
    QFETCH(bool, valid);
    QCOMPARE(RetractionExtension::isFromOriginalSender(Jid::fromString(retractionFrom),
                                                       Jid::fromString(originalFrom), type),
             valid);
}

void tst_Retraction::advertisesRetraction()
{
    QVERIFY(m_h->account->discoFeatures().contains(u"urn:xmpp:message-retract:1"_s));
}

QTEST_GUILESS_MAIN(tst_Retraction)
#include "tst_retraction.moc"
