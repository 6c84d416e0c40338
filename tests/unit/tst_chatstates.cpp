// SPDX-License-Identifier: GPL-3.0-or-later
// ChatStatesExtension and ChatStateTracker (XEP-0085): what goes out, what comes in, whom we tell,
// and the state machine the input box drives.
#include "MessageHarness.h"
#include "ext/ChatStateTracker.h"
#include "ext/ChatStatesExtension.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;
using namespace std::chrono_literals;
using State = ChatStatesExtension::State;

class tst_ChatStates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void activeGoesWithContentMessages_data();
    void activeGoesWithContentMessages();
    void standaloneNotificationMatchesXep_data();
    void standaloneNotificationMatchesXep();
    void notificationsOnlyToWhoMaySeeUs();
    void peerWithoutChatStatesGetsNoMore();
    void chatStateIsEmitted_data();
    void chatStateIsEmitted();
    void chatStatesAreNotClaimed();
    void stateNamesRoundTrip();
    void advertisesChatStates();

    void trackerStartsSilent();
    void trackerTypingComposesThenPauses();
    void trackerSendsEachStateOnce();
    void trackerGoesInactiveThenGone();
    void trackerClearedTextIsActive();
    void trackerMessageSentIsActiveWithoutNotification();
    void trackerCloseIsGone();
    void trackerPausedOnlyAfterComposing();

private:
    QList<State> sentStates() const;

    MessageHarness *m_h = nullptr;
    ChatStatesExtension *m_states = nullptr;
};

namespace {
const QString bernardo = u"bernardo@shakespeare.lit"_s;
} // namespace

void tst_ChatStates::init()
{
    // XEP-0085's cast: Francisco is us.
    m_h = new MessageHarness(u"francisco@shakespeare.lit"_s);
    m_states = new ChatStatesExtension(m_h->account, m_h->messages, m_h->roster, m_h->presence);
    m_h->addContact(bernardo, u"both"_s);
}

void tst_ChatStates::cleanup()
{
    delete m_h;
    m_h = nullptr;
}

QList<State> tst_ChatStates::sentStates() const
{
    QList<State> out;
    for (const XmlElement &e : m_h->sent()) {
        if (const auto s = ChatStatesExtension::stateOf(Message(e)))
            out.append(*s);
    }
    return out;
}

void tst_ChatStates::activeGoesWithContentMessages_data()
{
    QTest::addColumn<Message::Type>("type");
    QTest::addColumn<bool>("body");
    QTest::addColumn<bool>("active");

    QTest::newRow("chat") << Message::Type::Chat << true << true;
    QTest::newRow("normal") << Message::Type::Normal << true << false;
    QTest::newRow("groupchat") << Message::Type::Groupchat << true << false;
    QTest::newRow("no body") << Message::Type::Chat << false << false;
}

void tst_ChatStates::activeGoesWithContentMessages()
{
    QFETCH(Message::Type, type);
    QFETCH(bool, body);
    QFETCH(bool, active);

    // XEP-0085 Example 1 (from Bernardo's side; we are Francisco here).
    QVERIFY(m_h->messages->sendChat(Jid::fromString(u"bernardo@shakespeare.lit/pda"),
                                    body ? u"Who's there?"_s : QString(), type));

    const XmlElement wire = m_h->lastSent();
    QCOMPARE(wire.children(ns::ChatStates, u"active").size(), active ? 1 : 0);
    if (active) {
        QCOMPARE(wire, MessageHarness::expected(
                           u"<message type='chat' to='bernardo@shakespeare.lit/pda' id='%1'>"
                           u"<body>Who's there?</body>"
                           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/>"
                           u"<active xmlns='http://jabber.org/protocol/chatstates'/></message>"_s,
                           wire));
    }
}

void tst_ChatStates::standaloneNotificationMatchesXep_data()
{
    QTest::addColumn<State>("state");
    QTest::addColumn<QString>("name");

    QTest::newRow("active") << State::Active << u"active"_s;
    QTest::newRow("composing") << State::Composing << u"composing"_s;
    QTest::newRow("paused") << State::Paused << u"paused"_s;
    QTest::newRow("inactive") << State::Inactive << u"inactive"_s;
    QTest::newRow("gone") << State::Gone << u"gone"_s;
}

void tst_ChatStates::standaloneNotificationMatchesXep()
{
    QFETCH(State, state);
    QFETCH(QString, name);

    // XEP-0085 Example 2, plus the XEP-0334 hint and our ids.
    QVERIFY(m_states->sendChatState(Jid::fromString(u"bernardo@shakespeare.lit/pda"), state));

    const XmlElement wire = m_h->lastSent();
    QCOMPARE(wire, MessageHarness::expected(
                       u"<message type='chat' to='bernardo@shakespeare.lit/pda' id='%1'>"
                       u"<"_s +
                           name +
                           u" xmlns='http://jabber.org/protocol/chatstates'/>"
                           u"<no-store xmlns='urn:xmpp:hints'/>"
                           u"<origin-id xmlns='urn:xmpp:sid:0' id='%1'/></message>"_s,
                       wire));
    QVERIFY(!wire.hasChild(ns::Client, u"body"));
}

void tst_ChatStates::notificationsOnlyToWhoMaySeeUs()
{
    m_h->addContact(u"horatio@shakespeare.lit"_s, u"to"_s);
    QVERIFY(
        !m_states->sendChatState(Jid::fromString(u"stranger@elsinore.lit/x"), State::Composing));
    QVERIFY(
        !m_states->sendChatState(Jid::fromString(u"horatio@shakespeare.lit/x"), State::Composing));
    QVERIFY(m_h->sent().isEmpty());
    QVERIFY(m_states->sendChatState(Jid::fromString(u"francisco@shakespeare.lit/phone"),
                                    State::Composing)); // our own other device
    m_h->account->disconnectFromServer();
    QVERIFY(!m_states->sendChatState(Jid::fromString(bernardo), State::Composing));
}

void tst_ChatStates::peerWithoutChatStatesGetsNoMore()
{
    const Jid peer = Jid::fromString(u"bernardo@shakespeare.lit/pda");
    QVERIFY(!m_states->peerSupport(peer).has_value());
    QVERIFY(m_h->messages->sendChat(peer, u"Who's there?"_s)); // carries <active/>

    // XEP-0085 §5.1: the answer carries no chat state: they do not support it.
    m_h->inject(u"<message type='chat' from='bernardo@shakespeare.lit/pda' id='a'>"
                u"<body>Nay, answer me</body></message>"_s);
    QCOMPARE(m_states->peerSupport(peer).value_or(true), false);
    m_h->clearSent();
    QVERIFY(!m_states->sendChatState(peer, State::Composing));
    QVERIFY(m_h->messages->sendChat(peer, u"Long live the king!"_s));
    QVERIFY(!m_h->lastSent().hasChild(ns::ChatStates, u"active"));

    // A chat state from them later: they do.
    m_h->inject(u"<message type='chat' from='bernardo@shakespeare.lit/pda'>"
                u"<composing xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    QCOMPARE(m_states->peerSupport(peer).value_or(false), true);
    QVERIFY(m_states->sendChatState(peer, State::Composing));
}

void tst_ChatStates::chatStateIsEmitted_data()
{
    QTest::addColumn<QString>("stanza");
    QTest::addColumn<int>("state"); // -1: none

    // XEP-0085 Examples 1 and 2.
    QTest::newRow("with a content message")
        << u"<message from='bernardo@shakespeare.lit/pda' to='francisco@shakespeare.lit' "
           u"type='chat'><body>Who's there?</body>"
           u"<active xmlns='http://jabber.org/protocol/chatstates'/></message>"_s
        << int(State::Active);
    QTest::newRow("standalone composing")
        << u"<message from='bernardo@shakespeare.lit/pda' "
           u"to='francisco@shakespeare.lit/elsinore' type='chat'>"
           u"<composing xmlns='http://jabber.org/protocol/chatstates'/></message>"_s
        << int(State::Composing);
    QTest::newRow("paused") << u"<message from='bernardo@shakespeare.lit/pda' type='chat'>"
                               u"<paused xmlns='http://jabber.org/protocol/chatstates'/>"
                               u"</message>"_s
                            << int(State::Paused);
    QTest::newRow("gone, normal") << u"<message from='bernardo@shakespeare.lit/pda'>"
                                     u"<gone xmlns='http://jabber.org/protocol/chatstates'/>"
                                     u"</message>"_s
                                  << int(State::Gone);
    QTest::newRow("unknown state") << u"<message from='bernardo@shakespeare.lit/pda' type='chat'>"
                                      u"<dancing xmlns='http://jabber.org/protocol/chatstates'/>"
                                      u"</message>"_s
                                   << -1;
    QTest::newRow("error bounce")
        << u"<message from='bernardo@shakespeare.lit/pda' type='error'>"
           u"<composing xmlns='http://jabber.org/protocol/chatstates'/><error type='cancel'>"
           u"<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s
        << -1;
    QTest::newRow("wrong namespace") << u"<message from='bernardo@shakespeare.lit/pda' type='chat'>"
                                        u"<composing xmlns='urn:example:other'/></message>"_s
                                     << -1;
}

void tst_ChatStates::chatStateIsEmitted()
{
    QFETCH(QString, stanza);
    QFETCH(int, state);
    QSignalSpy changed(m_states, &ChatStatesExtension::chatStateChanged);

    m_h->inject(stanza);

    QCOMPARE(changed.size(), state < 0 ? 0 : 1);
    if (state >= 0) {
        QCOMPARE(changed.at(0).at(0).value<Jid>(),
                 Jid::fromString(u"bernardo@shakespeare.lit/pda"));
        QCOMPARE(changed.at(0).at(1).value<State>(), State(state));
    }
    QVERIFY(m_h->sent().isEmpty());
}

void tst_ChatStates::chatStatesAreNotClaimed()
{
    QSignalSpy received(m_h->messages, &MessageExtension::messageReceived);
    m_h->inject(u"<message from='bernardo@shakespeare.lit/pda' type='chat'><body>Who's there?"
                u"</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    QCOMPARE(received.size(), 1);
}

void tst_ChatStates::stateNamesRoundTrip()
{
    for (State s : {State::Active, State::Composing, State::Paused, State::Inactive, State::Gone})
        QCOMPARE(ChatStatesExtension::stateFromName(ChatStatesExtension::stateName(s)).value(), s);
    QVERIFY(!ChatStatesExtension::stateFromName(u"typing").has_value());
}

void tst_ChatStates::advertisesChatStates()
{
    QVERIFY(m_h->account->discoFeatures().contains(u"http://jabber.org/protocol/chatstates"_s));
}

void tst_ChatStates::trackerStartsSilent()
{
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({20ms, 40ms, 60ms});
    QCOMPARE(tracker.state(), State::Active);
    tracker.activate(); // already active: nothing to say
    QTest::qWait(10);
    QVERIFY(m_h->sent().isEmpty());
}

void tst_ChatStates::trackerTypingComposesThenPauses()
{
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({50ms, 10'000ms, 20'000ms});
    QSignalSpy changed(&tracker, &ChatStateTracker::stateChanged);

    tracker.textEdited(u"W"_s);
    QCOMPARE(tracker.state(), State::Composing);
    QCOMPARE(sentStates(), QList<State>{State::Composing});
    for (const QString &text : {u"Wh"_s, u"Who"_s, u"Who'"_s})
        tracker.textEdited(text); // still composing: nothing more goes out
    QCOMPARE(sentStates(), QList<State>{State::Composing});

    QTRY_COMPARE_WITH_TIMEOUT(tracker.state(), State::Paused, 2000);
    QCOMPARE(sentStates(), (QList<State>{State::Composing, State::Paused}));
    tracker.textEdited(u"Who's"_s);
    QCOMPARE(sentStates(), (QList<State>{State::Composing, State::Paused, State::Composing}));
    QCOMPARE(changed.size(), 3);
}

void tst_ChatStates::trackerSendsEachStateOnce()
{
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({10'000ms, 20'000ms, 30'000ms});
    tracker.textEdited(u"a"_s);
    tracker.textEdited(u"ab"_s);
    tracker.deactivate();
    tracker.deactivate();
    tracker.activate();
    tracker.activate();
    QCOMPARE(sentStates(), (QList<State>{State::Composing, State::Inactive, State::Active}));
}

void tst_ChatStates::trackerGoesInactiveThenGone()
{
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({20ms, 60ms, 120ms});

    tracker.textEdited(u"x"_s);
    QTRY_COMPARE_WITH_TIMEOUT(tracker.state(), State::Gone, 3000);
    QCOMPARE(sentStates(),
             (QList<State>{State::Composing, State::Paused, State::Inactive, State::Gone}));
}

void tst_ChatStates::trackerClearedTextIsActive()
{
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({10'000ms, 20'000ms, 30'000ms});
    tracker.textEdited(u"x"_s);
    tracker.textEdited(QString());
    QCOMPARE(tracker.state(), State::Active);
    QCOMPARE(sentStates(), (QList<State>{State::Composing, State::Active}));
}

void tst_ChatStates::trackerMessageSentIsActiveWithoutNotification()
{
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({10'000ms, 20'000ms, 30'000ms});
    tracker.textEdited(u"Long live the king!"_s);
    QVERIFY(m_h->messages->sendChat(Jid::fromString(bernardo), u"Long live the king!"_s));
    tracker.messageSent();
    QCOMPARE(tracker.state(), State::Active);
    // composing, then the message itself with <active/>; no standalone active.
    QCOMPARE(sentStates(), (QList<State>{State::Composing, State::Active}));
    QVERIFY(Message(m_h->lastSent()).hasBody());
}

void tst_ChatStates::trackerCloseIsGone()
{
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({20ms, 40ms, 60ms});
    tracker.textEdited(u"x"_s);
    tracker.close();
    QCOMPARE(tracker.state(), State::Gone);
    QTest::qWait(100); // no timer left running
    QCOMPARE(sentStates(), (QList<State>{State::Composing, State::Gone}));
}

void tst_ChatStates::trackerPausedOnlyAfterComposing()
{
    // Active → inactive directly after the idle period; paused is never sent without composing.
    ChatStateTracker tracker(m_states, Jid::fromString(bernardo));
    tracker.setTimeouts({10ms, 40ms, 10'000ms});
    tracker.deactivate();
    tracker.activate();
    QTRY_COMPARE_WITH_TIMEOUT(tracker.state(), State::Inactive, 2000);
    QVERIFY(!sentStates().contains(State::Paused));
    QCOMPARE(sentStates(), (QList<State>{State::Inactive, State::Active, State::Inactive}));
}

QTEST_GUILESS_MAIN(tst_ChatStates)
#include "tst_chatstates.moc"
