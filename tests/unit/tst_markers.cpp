// SPDX-License-Identifier: GPL-3.0-or-later
// MarkersExtension (XEP-0333): markable on what we send, displayed markers both ways, and no
// marker where it would leak our presence.
#include "MessageHarness.h"
#include "ext/MarkersExtension.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

class tst_Markers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void markableIsAddedToContentMessages_data();
    void markableIsAddedToContentMessages();
    void sendDisplayedMatchesXep();
    void sendDisplayedCopiesThreadAndType();
    void sendDisplayedRefusesWhoMayNotSeeUs();
    void sendDisplayedRefusesNonsense();
    void displayedIsEmitted_data();
    void displayedIsEmitted();
    void markersAreNotClaimed();
    void isFromPeerComparesBareJids_data();
    void isFromPeerComparesBareJids();
    void advertisesChatMarkers();

private:
    MessageHarness *m_h = nullptr;
    MarkersExtension *m_markers = nullptr;
};

void tst_Markers::init()
{
    m_h = new MessageHarness(u"kingrichard@royalty.england.lit"_s);
    m_markers = new MarkersExtension(m_h->account, m_h->messages, m_h->roster, m_h->presence);
    m_h->addContact(u"northumberland@shakespeare.lit"_s, u"both"_s);
    m_h->addContact(u"bolingbroke@shakespeare.lit"_s, u"to"_s);
}

void tst_Markers::cleanup()
{
    delete m_h;
    m_h = nullptr;
}

void tst_Markers::markableIsAddedToContentMessages_data()
{
    QTest::addColumn<QString>("extra"); // payloads added before sending
    QTest::addColumn<Message::Type>("type");
    QTest::addColumn<bool>("body");
    QTest::addColumn<bool>("markable");

    QTest::newRow("chat") << QString() << Message::Type::Chat << true << true;
    QTest::newRow("normal") << QString() << Message::Type::Normal << true << true;
    QTest::newRow("groupchat") << QString() << Message::Type::Groupchat << true << false;
    QTest::newRow("headline") << QString() << Message::Type::Headline << true << false;
    QTest::newRow("no body") << QString() << Message::Type::Chat << false << false;
    QTest::newRow("a correction") << u"<replace xmlns='urn:xmpp:message-correct:0' id='x'/>"_s
                                  << Message::Type::Chat << true << false;
    QTest::newRow("fallback body (retraction)")
        << u"<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>"_s
        << Message::Type::Chat << true << false;
    QTest::newRow("a marker itself") << u"<displayed xmlns='urn:xmpp:chat-markers:0' id='x'/>"_s
                                     << Message::Type::Chat << true << false;
}

void tst_Markers::markableIsAddedToContentMessages()
{
    QFETCH(QString, extra);
    QFETCH(Message::Type, type);
    QFETCH(bool, body);
    QFETCH(bool, markable);
    Message message;
    message.setTo(Jid::fromString(u"northumberland@shakespeare.lit"));
    message.setType(type);
    if (body)
        message.setBody(u"My lord, dispatch; read o'er these articles."_s);
    if (!extra.isEmpty())
        message.element().appendChild(MessageHarness::xml(extra));

    QVERIFY(m_h->messages->send(message));

    QCOMPARE(m_h->lastSent().children(ns::ChatMarkers, u"markable").size(), markable ? 1 : 0);
}

void tst_Markers::sendDisplayedMatchesXep()
{
    // XEP-0333 Example 3 (markable) and the displayed answer, with the message the XEP shows.
    m_h->inject(u"<message from='northumberland@shakespeare.lit/westminster' id='message-1' "
                u"to='kingrichard@royalty.england.lit/throne'><thread>sleeping</thread>"
                u"<body>My lord, dispatch; read o'er these articles.</body>"
                u"<markable xmlns='urn:xmpp:chat-markers:0'/></message>"_s);
    QVERIFY(m_h->sent().isEmpty()); // displayed is the user's doing, never automatic

    QVERIFY(m_markers->sendDisplayed(Jid::fromString(u"northumberland@shakespeare.lit/westminster"),
                                     u"message-1"_s, u"sleeping"_s, Message::Type::Normal));

    QCOMPARE(m_h->sent().size(), 1);
    const XmlElement wire = m_h->lastSent();
    QCOMPARE(wire, MessageHarness::expected(
                       u"<message to='northumberland@shakespeare.lit/westminster' id='%1'>"
                       u"<thread>sleeping</thread>"
                       u"<displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/>"
                       u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s,
                       wire));
}

void tst_Markers::sendDisplayedCopiesThreadAndType()
{
    QVERIFY(m_markers->sendDisplayed(Jid::fromString(u"northumberland@shakespeare.lit"), u"m2"_s));
    const XmlElement wire = m_h->lastSent();
    QCOMPARE(wire, MessageHarness::expected(
                       u"<message type='chat' to='northumberland@shakespeare.lit' id='%1'>"
                       u"<displayed xmlns='urn:xmpp:chat-markers:0' id='m2'/>"
                       u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s,
                       wire));
    QVERIFY(!MarkersExtension::isMarkable(Message(wire))); // a marker is never markable
}

void tst_Markers::sendDisplayedRefusesWhoMayNotSeeUs()
{
    QVERIFY(!m_markers->sendDisplayed(Jid::fromString(u"mallory@evil.example/x"), u"m1"_s));
    QVERIFY(
        !m_markers->sendDisplayed(Jid::fromString(u"bolingbroke@shakespeare.lit/camp"), u"b1"_s));
    QVERIFY(m_h->sent().isEmpty());
    m_h->presence->sendDirectedPresence(Jid::fromString(u"mallory@evil.example/x"));
    m_h->clearSent();
    QVERIFY(m_markers->sendDisplayed(Jid::fromString(u"mallory@evil.example/x"), u"m1"_s));
}

void tst_Markers::sendDisplayedRefusesNonsense()
{
    const Jid peer = Jid::fromString(u"northumberland@shakespeare.lit");
    QVERIFY(!m_markers->sendDisplayed(peer, QString()));
    QVERIFY(!m_markers->sendDisplayed(Jid(), u"x"_s));
    QVERIFY(!m_markers->sendDisplayed(peer, u"x"_s, {}, Message::Type::Groupchat));
    QVERIFY(m_h->sent().isEmpty());
    m_h->account->disconnectFromServer();
    QVERIFY(!m_markers->sendDisplayed(peer, u"x"_s));
}

void tst_Markers::displayedIsEmitted_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<QString>("id"); // empty: no signal

    QTest::newRow("XEP-0333 style, normal")
        << u"<message from='kingrichard@royalty.england.lit/throne' id='message-2' "
           u"to='northumberland@shakespeare.lit/westminster'><thread>sleeping</thread>"
           u"<displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/></message>"_s
        << u"message-1"_s;
    QTest::newRow("chat") << u"<message type='chat' from='kingrichard@royalty.england.lit/throne'>"
                             u"<displayed xmlns='urn:xmpp:chat-markers:0' id='m9'/></message>"_s
                          << u"m9"_s;
    QTest::newRow("received marker is not displayed")
        << u"<message type='chat' from='kingrichard@royalty.england.lit/throne'>"
           u"<received xmlns='urn:xmpp:chat-markers:0' id='m9'/></message>"_s
        << QString();
    QTest::newRow("no id") << u"<message type='chat' from='kingrichard@royalty.england.lit/t'>"
                              u"<displayed xmlns='urn:xmpp:chat-markers:0'/></message>"_s
                           << QString();
    QTest::newRow("error bounce")
        << u"<message type='error' from='kingrichard@royalty.england.lit/throne'>"
           u"<displayed xmlns='urn:xmpp:chat-markers:0' id='m9'/><error type='cancel'>"
           u"<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s
        << QString();
    // XEP-0333 §8.6: room markers name stanza-ids; not ours to interpret.
    QTest::newRow("groupchat")
        << u"<message from='coven@chat.shakespeare.lit/secondwitch' type='groupchat'>"
           u"<thread>Act IV, Scene I</thread>"
           u"<displayed xmlns='urn:xmpp:chat-markers:0' id='39K7ZYIp'/></message>"_s
        << QString();
}

void tst_Markers::displayedIsEmitted()
{
    QFETCH(QString, stanza);
    QFETCH(QString, id);
    QSignalSpy displayed(m_markers, &MarkersExtension::displayed);

    m_h->inject(stanza);

    QCOMPARE(displayed.size(), id.isEmpty() ? 0 : 1);
    if (!id.isEmpty()) {
        QCOMPARE(displayed.at(0).at(0).value<Jid>(),
                 Jid::fromString(u"kingrichard@royalty.england.lit/throne"));
        QCOMPARE(displayed.at(0).at(1).toString(), id);
    }
    QVERIFY(m_h->sent().isEmpty()); // never a marker for a marker
}

void tst_Markers::markersAreNotClaimed()
{
    QSignalSpy received(m_h->messages, &MessageExtension::messageReceived);
    m_h->inject(u"<message type='chat' from='northumberland@shakespeare.lit/w'>"
                u"<displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>"_s);
    QCOMPARE(received.size(), 1);
}

void tst_Markers::isFromPeerComparesBareJids_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("same full") << u"juliet@capulet.lit/balcony"_s << u"juliet@capulet.lit/balcony"_s
                               << true;
    QTest::newRow("another device of the peer")
        << u"juliet@capulet.lit/phone"_s << u"juliet@capulet.lit/balcony"_s << true;
    QTest::newRow("peer known by bare JID")
        << u"juliet@capulet.lit/phone"_s << u"juliet@capulet.lit"_s << true;
    QTest::newRow("someone else") << u"nurse@capulet.lit/kitchen"_s << u"juliet@capulet.lit"_s
                                  << false;
    QTest::newRow("the peer's server") << u"capulet.lit"_s << u"juliet@capulet.lit"_s << false;
    QTest::newRow("no sender") << QString() << u"juliet@capulet.lit"_s << false;
}

void tst_Markers::isFromPeerComparesBareJids()
{
    QFETCH(QString, from);
    QFETCH(QString, peer);
    QFETCH(bool, accepted);
    QCOMPARE(MarkersExtension::isFromPeer(Jid::fromString(from), Jid::fromString(peer)), accepted);
}

void tst_Markers::advertisesChatMarkers()
{
    QVERIFY(m_h->account->discoFeatures().contains(u"urn:xmpp:chat-markers:0"_s));
}

QTEST_GUILESS_MAIN(tst_Markers)
#include "tst_markers.moc"
