// SPDX-License-Identifier: GPL-3.0-or-later
// The per-message extensions between two real accounts on the test Prosody: receipts (XEP-0184),
// displayed markers (XEP-0333), chat states (XEP-0085), corrections (XEP-0308) and retractions
// (XEP-0424), installed by StandardExtensions as the app does; and two ChatServices (as the app
// wires them) seeing delivered → read ticks and a correction replacing the text.
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/ChatStateTracker.h"
#include "ext/ChatStatesExtension.h"
#include "ext/CorrectionsExtension.h"
#include "ext/MarkersExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/ReceiptsExtension.h"
#include "ext/RetractionExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "storage/MessageStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace natter;
using namespace std::chrono_literals;
using State = ChatStatesExtension::State;

namespace {
constexpr int Timeout = 15000;

struct Client
{
    std::unique_ptr<Account> account = std::make_unique<Account>();
    StandardExtensions ext = StandardExtensions::install(account.get());

    Jid jid() const { return account->jid(); }
};
} // namespace

class tst_MessageExtensions : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    std::unique_ptr<Client> m_alice;
    std::unique_ptr<Client> m_bob;

    std::unique_ptr<Client> login(const QString &user)
    {
        auto client = std::make_unique<Client>();
        client->account->setSettings(m_server.settings(user));
        client->account->connectToServer();
        if (!QTest::qWaitFor([&] { return client->ext.presence->isAvailable(); }, Timeout))
            qWarning() << user << "not online:" << client->account->lastError().message();
        return client;
    }

    static void logout(std::unique_ptr<Client> &client)
    {
        if (!client)
            return;
        client->account->disconnectFromServer();
        if (!QTest::qWaitFor([&] { return client->account->state() == Account::State::Offline; },
                             5000))
            qWarning() << "still not offline:" << client->jid().toString();
        client.reset();
    }

    // Alice has sent this message to Bob (and Bob got it).
    Message m_sent;

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
        m_alice = login(u"alice"_s);
        m_bob = login(u"bob"_s);
        QVERIFY(m_alice->ext.presence->isAvailable());
        QVERIFY(m_bob->ext.presence->isAvailable());

        // No subscription between them in the fixture: directed presence lets each see the other
        // (and so answer receipts and send markers and chat states: PresenceVisibility).
        QSignalSpy bobSeesAlice(m_bob->ext.presence, &PresenceExtension::resourceAvailable);
        QSignalSpy aliceSeesBob(m_alice->ext.presence, &PresenceExtension::resourceAvailable);
        m_alice->ext.presence->sendDirectedPresence(m_bob->jid());
        m_bob->ext.presence->sendDirectedPresence(m_alice->jid());
        QTRY_VERIFY_WITH_TIMEOUT(!bobSeesAlice.isEmpty() && !aliceSeesBob.isEmpty(), Timeout);
    }

    void cleanupTestCase()
    {
        logout(m_alice);
        logout(m_bob);
    }

    void messageIsDeliveredWithReceipt()
    {
        QSignalSpy bobReceived(m_bob->ext.messages, &MessageExtension::messageReceived);
        QSignalSpy delivered(m_alice->ext.receipts, &ReceiptsExtension::delivered);

        const auto sent = m_alice->ext.messages->sendChat(m_bob->jid(), u"Hello, Bbo!"_s);
        QVERIFY(sent);
        QVERIFY(ReceiptsExtension::hasRequest(*sent));
        QVERIFY(MarkersExtension::isMarkable(*sent));
        QCOMPARE(ChatStatesExtension::stateOf(*sent), State::Active);
        m_sent = *sent;

        QTRY_COMPARE_WITH_TIMEOUT(bobReceived.size(), 1, Timeout);
        const auto got = bobReceived.first().first().value<Message>();
        QCOMPARE(got.id(), sent->id());
        QCOMPARE(got.originId(), sent->originId());
        QCOMPARE(got.from(), m_alice->jid());
        QVERIFY(ReceiptsExtension::hasRequest(got));
        QVERIFY(MarkersExtension::isMarkable(got));

        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, Timeout);
        QCOMPARE(delivered.first().at(0).value<Jid>(), m_bob->jid());
        QCOMPARE(delivered.first().at(1).toString(), sent->id());
    }

    void displayedMarkerArrives()
    {
        QVERIFY(!m_sent.id().isEmpty());
        QSignalSpy displayed(m_alice->ext.markers, &MarkersExtension::displayed);

        QVERIFY(m_bob->ext.markers->sendDisplayed(m_alice->jid(), m_sent.id()));

        QTRY_COMPARE_WITH_TIMEOUT(displayed.size(), 1, Timeout);
        const auto from = displayed.first().at(0).value<Jid>();
        QCOMPARE(from, m_bob->jid());
        QCOMPARE(displayed.first().at(1).toString(), m_sent.id());
        QVERIFY(MarkersExtension::isFromPeer(from, m_sent.to()));
    }

    void composingAndPausedArrive()
    {
        QSignalSpy states(m_alice->ext.chatStates, &ChatStatesExtension::chatStateChanged);
        ChatStateTracker tracker(m_bob->ext.chatStates, m_alice->jid());
        tracker.setTimeouts({300ms, 60'000ms, 120'000ms});

        tracker.textEdited(u"H"_s);
        tracker.textEdited(u"He"_s);
        QTRY_COMPARE_WITH_TIMEOUT(tracker.state(), State::Paused, Timeout);

        QTRY_COMPARE_WITH_TIMEOUT(states.size(), 2, Timeout);
        QCOMPARE(states.at(0).at(0).value<Jid>(), m_bob->jid());
        QCOMPARE(states.at(0).at(1).value<State>(), State::Composing);
        QCOMPARE(states.at(1).at(0).value<Jid>(), m_bob->jid());
        QCOMPARE(states.at(1).at(1).value<State>(), State::Paused);
    }

    void correctionArrivesWithTheOriginalId()
    {
        QVERIFY(!m_sent.id().isEmpty());
        QSignalSpy corrected(m_bob->ext.corrections, &CorrectionsExtension::corrected);
        QSignalSpy bobReceived(m_bob->ext.messages, &MessageExtension::messageReceived);

        QVERIFY(
            m_alice->ext.corrections->sendCorrection(m_bob->jid(), m_sent.id(), u"Hello, Bob!"_s));

        QTRY_COMPARE_WITH_TIMEOUT(corrected.size(), 1, Timeout);
        const auto from = corrected.first().at(0).value<Jid>();
        QCOMPARE(from, m_alice->jid());
        QCOMPARE(corrected.first().at(1).toString(), m_sent.id());
        QCOMPARE(corrected.first().at(2).value<Message>().body(), u"Hello, Bob!"_s);
        QVERIFY(CorrectionsExtension::isValidCorrection(from, m_alice->jid(), Message::Type::Chat));
        QCOMPARE(bobReceived.size(), 0); // not shown as a new message
    }

    void retractionArrivesWithTheOriginId()
    {
        QVERIFY(!m_sent.originId().isEmpty());
        QSignalSpy retracted(m_bob->ext.retraction, &RetractionExtension::retracted);
        QSignalSpy bobReceived(m_bob->ext.messages, &MessageExtension::messageReceived);

        QVERIFY(m_alice->ext.retraction->retract(m_bob->jid(), m_sent.originId()));

        QTRY_COMPARE_WITH_TIMEOUT(retracted.size(), 1, Timeout);
        const auto from = retracted.first().at(0).value<Jid>();
        QCOMPARE(from, m_alice->jid());
        QCOMPARE(retracted.first().at(1).toString(), m_sent.originId());
        QVERIFY(
            RetractionExtension::isFromOriginalSender(from, m_alice->jid(), Message::Type::Chat));
        QCOMPARE(bobReceived.size(), 0); // the fallback body is not shown
    }

    void strangerGetsNoReceipt()
    {
        // Carol has no subscription and no directed presence from Bob: a receipt would tell her
        // that Bob is online (XEP-0184 §8).
        std::unique_ptr<Client> carol = login(u"carol"_s);
        QVERIFY(carol->ext.presence->isAvailable());
        QSignalSpy carolDelivered(carol->ext.receipts, &ReceiptsExtension::delivered);
        QSignalSpy carolReceived(carol->ext.messages, &MessageExtension::messageReceived);
        QSignalSpy bobReceived(m_bob->ext.messages, &MessageExtension::messageReceived);

        QVERIFY(carol->ext.messages->sendChat(m_bob->jid(), u"Are you there?"_s));
        QTRY_COMPARE_WITH_TIMEOUT(bobReceived.size(), 1, Timeout);
        // Anything Bob sent before this reply would have reached Carol before it.
        QVERIFY(m_bob->ext.messages->sendChat(carol->jid(), u"Who is this?"_s));
        QTRY_COMPARE_WITH_TIMEOUT(carolReceived.size(), 1, Timeout);
        QCOMPARE(carolReceived.first().first().value<Message>().body(), u"Who is this?"_s);
        QCOMPARE(carolDelivered.size(), 0);
        logout(carol);
    }

    void chatServicesSeeTicksAndCorrections()
    {
        // Dave and Eve with the chat service and a message store each, as the app has them.
        QTemporaryDir dir;
        std::unique_ptr<Client> dave = login(u"dave"_s);
        std::unique_ptr<Client> eve = login(u"eve"_s);
        QVERIFY(dave->ext.presence->isAvailable() && eve->ext.presence->isAvailable());
        MessageStore daveStore;
        MessageStore eveStore;
        QVERIFY(daveStore.open(dir.filePath(u"dave.sqlite"_s)));
        QVERIFY(eveStore.open(dir.filePath(u"eve.sqlite"_s)));
        auto davePtr = std::make_unique<ChatService>(dave->account.get(), dave->ext, &daveStore);
        auto evePtr = std::make_unique<ChatService>(eve->account.get(), eve->ext, &eveStore);
        ChatService &daveChats = *davePtr;
        ChatService &eveChats = *evePtr;
        QSignalSpy daveSeesEve(dave->ext.presence, &PresenceExtension::resourceAvailable);
        QSignalSpy eveSeesDave(eve->ext.presence, &PresenceExtension::resourceAvailable);
        dave->ext.presence->sendDirectedPresence(eve->jid());
        eve->ext.presence->sendDirectedPresence(dave->jid());
        QTRY_VERIFY_WITH_TIMEOUT(!daveSeesEve.isEmpty() && !eveSeesDave.isEmpty(), Timeout);

        const Jid daveBare = dave->jid().bare();
        const Jid eveBare = eve->jid().bare();
        const QString id = daveChats.sendMessage(eveBare, u"Lunch at noen?"_s);
        QVERIFY(!id.isEmpty());
        ConversationModel *daveView = daveChats.conversation(eveBare);
        // Eve's client got it and confirmed: two ticks.
        QTRY_COMPARE_WITH_TIMEOUT(daveView->find(id)->state, ChatMessage::State::Delivered,
                                  Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(eveChats.conversation(daveBare)->rowCount(), 1, Timeout);
        QCOMPARE(eveChats.unreadCount(daveBare), 1);

        // Eve looks at the chat: read.
        eveChats.markRead(daveBare);
        QTRY_COMPARE_WITH_TIMEOUT(daveView->find(id)->state, ChatMessage::State::Read, Timeout);
        daveStore.flush();
        QCOMPARE(daveStore.find(eveBare, id)->message.state, ChatMessage::State::Read);

        // Dave corrects it: Eve sees the new text in place, with the old one kept.
        QCOMPARE(daveChats.lastCorrectable(eveBare), id);
        QVERIFY(daveChats.correctMessage(eveBare, id, u"Lunch at noon?"_s));
        ConversationModel *eveView = eveChats.conversation(daveBare);
        QTRY_COMPARE_WITH_TIMEOUT(eveView->messages().first().body, u"Lunch at noon?"_s, Timeout);
        QCOMPARE(eveView->rowCount(), 1);
        QCOMPARE(eveView->messages().first().previousBodies, QStringList{u"Lunch at noen?"_s});
        QCOMPARE(daveView->find(id)->body, u"Lunch at noon?"_s);
        // Still read: a correction takes no tick away.
        QCOMPARE(daveView->find(id)->state, ChatMessage::State::Read);

        davePtr.reset();
        evePtr.reset();
        logout(dave);
        logout(eve);
    }
};

QTEST_GUILESS_MAIN(tst_MessageExtensions)
#include "itst_message_extensions.moc"
