// SPDX-License-Identifier: GPL-3.0-or-later
// ChatService over a fake server: resource locking (RFC 6121 §5.1), queueing while offline,
// delivery confirmation by ping, error bounces, unread counts, XEP-0203 delay stamps and
// conversations opened by strangers; the durable outbox in a MessageStore and dropping copies of
// incoming messages (exactly once).
#include "FakeTransport.h"
#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/ChatStatesExtension.h"
#include "ext/MamExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "services/HistorySync.h"
#include "storage/MessageStore.h"
#include "xml/Namespaces.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace natter;

namespace {

// The archive queries (XEP-0313) among the stanzas sent, oldest first.
QList<XmlElement> mamQueriesIn(const QList<XmlElement> &sent)
{
    QList<XmlElement> queries;
    for (const XmlElement &e : sent) {
        if (e.name() == u"iq" && e.hasChild(u"urn:xmpp:mam:2"_s, u"query"))
            queries.append(e);
    }
    return queries;
}

// The newest of them, or a null element.
XmlElement lastMamQueryIn(const QList<XmlElement> &sent)
{
    const QList<XmlElement> queries = mamQueriesIn(sent);
    return queries.isEmpty() ? XmlElement() : queries.last();
}

// The archive's answer that ends a query: the last page, complete.
QString mamFin(const XmlElement &query)
{
    return u"<iq type='result' id='%1'><fin xmlns='urn:xmpp:mam:2' complete='true'/></iq>"_s.arg(
        query.attribute(u"id"));
}

const Jid Juliet = Jid::fromString(u"juliet@capulet.lit");
const Jid Balcony = Jid::fromString(u"juliet@capulet.lit/balcony");
const Jid Chamber = Jid::fromString(u"juliet@capulet.lit/chamber");

ConnectionSettings settings()
{
    ConnectionSettings s;
    s.jid = Jid::fromString(u"romeo@montague.lit");
    s.password = u"secret"_s;
    return s;
}

using State = ChatMessage::State;

// A transport whose sessions can be resumed (XEP-0198) and whose server acknowledges stanzas.
class ResumableTransport : public FakeTransport
{
    Q_OBJECT
public:
    bool isStreamManagementEnabled() const override { return phase() == Phase::Established; }
    bool canResumeSession() const override { return m_hadSession; }
    void resetSession() override { m_hadSession = false; }
    void open(const ConnectionSettings &settings) override
    {
        SessionInfo info = session();
        info.resumed = m_hadSession;
        setSession(info);
        // <resumed h='…'/> acknowledges before the session is established again.
        if (m_hadSession && !ackOnResume.isEmpty())
            Q_EMIT stanzasAcknowledged(ackOnResume);
        m_hadSession = true;
        FakeTransport::open(settings);
    }

    QList<XmlElement> ackOnResume;

private:
    bool m_hadSession = false;
};

// A transport that lets a test look at the world at the moment a stanza is written.
class WatchedTransport : public ResumableTransport
{
    Q_OBJECT
public:
    void send(const XmlElement &stanza) override
    {
        if (onSend)
            onSend(stanza);
        ResumableTransport::send(stanza);
    }
    std::function<void(const XmlElement &)> onSend;
};

// An account with the extensions ChatService needs and a message store at `path` (XEP-0198
// acknowledgements on, no keepalive pings).
struct StoredChats
{
    WatchedTransport *transport = new WatchedTransport;
    Account account{transport};
    MessageStore store;
    PresenceExtension *presence = new PresenceExtension(&account, nullptr);
    PingExtension *ping = new PingExtension(&account);
    MessageExtension *messages = new MessageExtension(&account);
    std::unique_ptr<ChatService> chats;

    explicit StoredChats(const QString &path)
    {
        ping->setKeepalive(std::chrono::milliseconds(0), PingExtension::DefaultKeepaliveTimeout);
        if (!store.open(path))
            qFatal("cannot open the store");
        chats = std::make_unique<ChatService>(&account, messages, presence, ping, &store);
        account.setSettings(settings());
    }
    QList<XmlElement> sentMessages() const
    {
        QList<XmlElement> out;
        for (const XmlElement &e : transport->sent()) {
            if (e.name() == u"message")
                out.append(e);
        }
        return out;
    }
    // What another process would find in the file now (committed data only).
    static QList<MessageStore::OutboxEntry> outboxOnDisk(const QString &path)
    {
        MessageStore other;
        if (!other.open(path))
            return {};
        return other.outbox();
    }
};

// An account with every standard extension (receipts, markers, chat states, corrections,
// retraction) and a ChatService using them; XEP-0198 acknowledgements confirm what we send.
// Juliet is a contact who sees our presence (subscription both); Tybalt is a stranger.
struct FeatureChats
{
    WatchedTransport *transport = new WatchedTransport;
    Account account{transport};
    StandardExtensions ext = StandardExtensions::install(&account);
    MessageStore store;
    std::unique_ptr<ChatService> chats;

    explicit FeatureChats(const QString &path = {})
    {
        ext.ping->setKeepalive(std::chrono::milliseconds(0),
                               PingExtension::DefaultKeepaliveTimeout);
        ext.roster->setAutoFetch(false);
        if (!path.isEmpty() && !store.open(path))
            qFatal("cannot open the store");
        chats = std::make_unique<ChatService>(&account, ext, path.isEmpty() ? nullptr : &store);
        account.setSettings(settings());
        account.connectToServer();
        transport->inject(u"<iq type='set' id='push-1'><query xmlns='jabber:iq:roster'><item "
                          u"jid='juliet@capulet.lit' subscription='both'/></query></iq>"_s);
        transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
        transport->clearSent();
    }
    QList<XmlElement> sentMessages() const
    {
        QList<XmlElement> out;
        for (const XmlElement &e : transport->sent()) {
            if (e.name() == u"message")
                out.append(e);
        }
        return out;
    }
    // Sends a message and lets the server acknowledge it: Sent.
    QString sendAcknowledged(const QString &body)
    {
        const QString id = chats->sendMessage(Juliet, body);
        Q_EMIT transport->stanzasAcknowledged({transport->lastSent()});
        return id;
    }
    State state(const QString &id) { return chats->conversation(Juliet)->find(id)->state; }
    void receipt(const QString &from, const QString &id)
    {
        transport->inject(u"<message type='chat' from='%1' id='r-%2'><received "
                          u"xmlns='urn:xmpp:receipts' id='%2'/></message>"_s.arg(from, id));
    }
    void displayed(const QString &from, const QString &id)
    {
        transport->inject(u"<message type='chat' from='%1' id='d-%2'><displayed "
                          u"xmlns='urn:xmpp:chat-markers:0' id='%2'/></message>"_s.arg(from, id));
    }
};

} // namespace

class tst_ChatService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sendsChatToBareJidWithOriginId();
    void blankMessagesAreNotSent();
    void answerFromResourceLocksToIt();
    void answerFromResourceWithoutPresenceDoesNotLock();
    void answerFromAnotherResourceMovesTheLock();
    void unavailableResourceUnlocks();
    void unavailableOfAnotherResourceKeepsTheLock();
    void messageFromBareJidUnlocks();
    void headlineDoesNotLock();
    void disconnectUnlocks();
    void pingAnswerMarksEarlierMessagesSent();
    void confirmationPingsAreCoalesced();
    void pingErrorAnswerAlsoConfirms();
    void pingAnswerFromStrangerDoesNotConfirm();
    void offlineMessagesAreQueuedAndSentOnConnect();
    void pendingMessagesAreResentWithSameIdsAfterDrop();
    void automaticReconnectSendsQueuedMessages();
    void logoutQueuesPendingMessages();
    void resumedSessionLeavesResendingToTheStream();
    void bounceMarksOurMessageFailed();
    void bounceAfterSentMarksFailed();
    void bounceFromLockedResourceUnlocks();
    void retrySendsAgainWithSameIds();
    void unrelatedErrorBecomesErrorRow();
    void incomingMessagesGoToSenderConversation();
    void subjectAndHeadlineAreKept();
    void messagesWithoutBodyOrSubjectAreNotShown();
    void groupchatAndOwnMessagesAreIgnored();
    void unreadCountsIncomingBodies();
    void delayStampSetsTimestamp_data();
    void delayStampSetsTimestamp();
    void conversationAddedForStrangers();
    void onlineStateIsReported();

    // Durable outbox (MessageStore).
    void outboxIsCommittedBeforeTheMessageIsWritten();
    void outboxSurvivesARestartAndIsSentAgainWithTheSameIds();
    void acknowledgedMessagesLeaveTheOutbox();
    void pingConfirmedMessagesLeaveTheOutbox();
    void bounceMarksTheStoredMessageFailedWithTheReason();
    void retryEnqueuesAFailedMessageAgain();

    // Exactly once (incoming).
    void copiesWithTheSameOriginIdAreDropped();
    void sameOriginIdFromAnotherSenderIsKept();
    void withoutOriginIdTheStanzaIdAndBodyRecogniseCopies();
    void copiesAreRecognisedAcrossRestartsWithAStore();
    void aNewSessionCatchesUpFromTheArchive();
    void aConversationOpensWithItsLatestStoredMessagesAndUnreadCount();
    void clearConversationEmptiesStoreAndModel();
    void loadOlderPagesBackThroughTheStoreWithoutDuplicates();
    void loadOlderWithoutAStoreIsAtStart();
    void loadOlderAsksTheArchiveOnceAndShowsItsMessagesOnce();
    void theWindowPagesBackAndForthWithinItsBound();
    void liveMessagesWaitInTheStoreWhileTheWindowIsScrolledBack();
    void sendingShowsTheNewestMessages();
    void showAroundOpensTheWindowAroundAStoredMessage();
    void queuedMessagesOutsideTheWindowAreSentFromTheStore();

    // Delivery ticks (XEP-0184 receipts, XEP-0333 displayed markers).
    void receiptMarksOurMessageDelivered();
    void receiptsFromAnotherSenderOrForOtherIdsAreIgnored();
    void displayedMarkerReadsItAndEveryEarlierMessage();
    void markersFromAnotherSenderAreIgnored();
    void ticksNeverGoBackwards();
    void aReceiptTakesAMessageOutOfTheOutbox();
    void statesArePersistedAcrossARestart();
    void markReadSendsOneDisplayedMarkerForTheNewestMarkableMessage();
    void theActiveChatReadsMessagesOnArrival();
    void receivedMessagesAreToldOnceOnDisk();
    void markersAreOwedForMessagesFromTheArchiveAndAcrossRestarts();
    void noDisplayedMarkerForStrangers();
    void receiptRequestsAreAnsweredOnlyForContacts();

    // Chat states (XEP-0085).
    void inputSendsComposingPausedAndActive();
    void inactiveAndGoneFollowTheWindow();
    void peerTypingIsShownUntilAMessageAStateOrTimeout();

    // Corrections (XEP-0308) and retraction (XEP-0424).
    void correctingOurLastMessageSendsAReplace();
    void peerCorrectionsReplaceOnlyTheirOwnMessages();
    void correctionsByAThirdPartyAreIgnored();
    void correctionsAreStoredWithTheirOriginal();
    void retractingOurMessageSendsARetraction();
    void retractionsBySomeoneElseAreIgnored();
    void retractionsAreStored();
    void changesOutsideTheWindowShowWhenItsMessagesAreLoadedAgain();

private:
    QList<XmlElement> sentMessages() const;
    XmlElement lastSentMessage() const;
    QStringList pingIds() const;
    void answerPing(const QString &id, bool error = false);
    void drop();

    Account *m_account = nullptr;
    FakeTransport *m_transport = nullptr;
    PresenceExtension *m_presence = nullptr;
    MessageExtension *m_messages = nullptr;
    ChatService *m_chats = nullptr;
};

void tst_ChatService::init()
{
    m_transport = new FakeTransport;
    m_account = new Account(m_transport);
    m_presence = new PresenceExtension(m_account, nullptr);
    auto *ping = new PingExtension(m_account);
    ping->setKeepalive(std::chrono::milliseconds(0), PingExtension::DefaultKeepaliveTimeout);
    m_messages = new MessageExtension(m_account);
    m_chats = new ChatService(m_account, m_messages, m_presence, ping);
    m_account->setSettings(settings());
    m_account->connectToServer();
    QVERIFY(m_account->isOnline());
    m_transport->clearSent();
}

void tst_ChatService::cleanup()
{
    delete m_chats;
    delete m_account;
    m_chats = nullptr;
    m_account = nullptr;
}

QList<XmlElement> tst_ChatService::sentMessages() const
{
    QList<XmlElement> out;
    for (const XmlElement &e : m_transport->sent()) {
        if (e.name() == u"message")
            out.append(e);
    }
    return out;
}

XmlElement tst_ChatService::lastSentMessage() const
{
    const QList<XmlElement> all = sentMessages();
    return all.isEmpty() ? XmlElement() : all.last();
}

QStringList tst_ChatService::pingIds() const
{
    QStringList ids;
    for (const XmlElement &e : m_transport->sent()) {
        if (e.name() == u"iq" && e.hasChild(ns::Ping, u"ping")) {
            if (e.attribute(u"to") != u"montague.lit")
                qWarning() << "ping not addressed to our server:" << e.attribute(u"to");
            ids.append(e.attribute(u"id"));
        }
    }
    return ids;
}

void tst_ChatService::answerPing(const QString &id, bool error)
{
    if (error) {
        m_transport->inject(
            u"<iq type='error' id='%1' from='montague.lit' "
            u"to='romeo@montague.lit/test'><error type='cancel'>"
            u"<feature-not-implemented "
            u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(id));
    } else {
        m_transport->inject(
            u"<iq type='result' id='%1' from='montague.lit' to='romeo@montague.lit/test'/>"_s.arg(
                id));
    }
}

void tst_ChatService::drop()
{
    m_transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QVERIFY(!m_account->isOnline());
}

void tst_ChatService::sendsChatToBareJidWithOriginId()
{
    const QString id = m_chats->sendMessage(Balcony, u"Wherefore art thou?"_s);

    QVERIFY(!id.isEmpty());
    const XmlElement wire = lastSentMessage();
    QCOMPARE(wire.attribute(u"to"), u"juliet@capulet.lit"_s);
    QCOMPARE(wire.attribute(u"type"), u"chat"_s);
    QCOMPARE(wire.attribute(u"id"), id);
    QCOMPARE(wire.childText(ns::Client, u"body"), u"Wherefore art thou?"_s);
    QCOMPARE(wire.firstChild(ns::StanzaId, u"origin-id").attribute(u"id"), id);

    ConversationModel *model = m_chats->conversation(Juliet);
    QCOMPARE(model->rowCount(), 1);
    const ChatMessage *m = model->find(id);
    QVERIFY(m);
    QVERIFY(m->isOutgoing());
    QCOMPARE(m->state, State::Pending);
    QCOMPARE(m->peer, Juliet);
    QCOMPARE(m->from, Jid::fromString(u"romeo@montague.lit/test"));
    QVERIFY(qAbs(m->timestamp.secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void tst_ChatService::blankMessagesAreNotSent()
{
    QVERIFY(m_chats->sendMessage(Juliet, u"  \n\t "_s).isEmpty());
    QVERIFY(m_chats->sendMessage(Jid(), u"hello"_s).isEmpty());
    QVERIFY(sentMessages().isEmpty());
}

void tst_ChatService::answerFromResourceLocksToIt()
{
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
    m_chats->sendMessage(Juliet, u"Hello?"_s);
    QCOMPARE(lastSentMessage().attribute(u"to"), u"juliet@capulet.lit"_s);

    m_transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"to='romeo@montague.lit/test' id='j1'><body>Here!</body></message>"_s);

    QCOMPARE(m_chats->sendTarget(Juliet), Balcony);
    m_chats->sendMessage(Juliet, u"There you are."_s);
    QCOMPARE(lastSentMessage().attribute(u"to"), u"juliet@capulet.lit/balcony"_s);
}

void tst_ChatService::answerFromResourceWithoutPresenceDoesNotLock()
{
    // No presence from it (no subscription; or a session that will never come back): we would
    // not learn that it is gone, so the bare JID it stays.
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j1'><body>Here!</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
    // And a lock to a resource goes when the next answer comes from one without presence.
    m_transport->inject(u"<presence from='juliet@capulet.lit/chamber'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/chamber' "
                        u"id='j2'><body>Chamber</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Chamber);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j3'><body>Balcony again</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
}

void tst_ChatService::answerFromAnotherResourceMovesTheLock()
{
    m_transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
    m_transport->inject(u"<presence from='juliet@capulet.lit/chamber'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j1'><body>From the balcony</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Balcony);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/chamber' "
                        u"id='j2'><body>Now from my chamber</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Chamber);
    m_chats->sendMessage(Juliet, u"Found you."_s);
    QCOMPARE(lastSentMessage().attribute(u"to"), u"juliet@capulet.lit/chamber"_s);
}

void tst_ChatService::unavailableResourceUnlocks()
{
    m_transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j1'><body>Hi</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Balcony);

    m_transport->inject(u"<presence type='unavailable' from='juliet@capulet.lit/balcony'/>"_s);

    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
    m_chats->sendMessage(Juliet, u"Gone?"_s);
    QCOMPARE(lastSentMessage().attribute(u"to"), u"juliet@capulet.lit"_s);
}

void tst_ChatService::unavailableOfAnotherResourceKeepsTheLock()
{
    m_transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
    m_transport->inject(u"<presence from='juliet@capulet.lit/chamber'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j1'><body>Hi</body></message>"_s);
    m_transport->inject(u"<presence type='unavailable' from='juliet@capulet.lit/chamber'/>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Balcony);
}

void tst_ChatService::messageFromBareJidUnlocks()
{
    m_transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j1'><body>Hi</body></message>"_s);
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit' id='j2'><body>Bare</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
}

void tst_ChatService::headlineDoesNotLock()
{
    m_transport->inject(u"<message type='headline' from='juliet@capulet.lit/feed' "
                        u"id='h1'><body>News</body></message>"_s);
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
}

void tst_ChatService::disconnectUnlocks()
{
    m_transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j1'><body>Hi</body></message>"_s);
    drop();
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
}

void tst_ChatService::pingAnswerMarksEarlierMessagesSent()
{
    const QString id = m_chats->sendMessage(Juliet, u"One"_s);
    QCOMPARE(pingIds().size(), 1);
    // The ping goes out after the message.
    QCOMPARE(m_transport->sent().last().name(), u"iq"_s);
    ConversationModel *model = m_chats->conversation(Juliet);
    QCOMPARE(model->find(id)->state, State::Pending);
    QCOMPARE(m_chats->undeliveredCount(), 1);

    answerPing(pingIds().first());

    QCOMPARE(model->find(id)->state, State::Sent);
    QCOMPARE(m_chats->undeliveredCount(), 0);
    QCOMPARE(pingIds().size(), 1); // nothing left to confirm: no further ping
}

void tst_ChatService::confirmationPingsAreCoalesced()
{
    const QString a = m_chats->sendMessage(Juliet, u"One"_s);
    const QString b = m_chats->sendMessage(Juliet, u"Two"_s);
    const QString c = m_chats->sendMessage(Jid::fromString(u"nurse@capulet.lit"), u"Three"_s);
    QCOMPARE(pingIds().size(), 1);
    ConversationModel *model = m_chats->conversation(Juliet);
    ConversationModel *nurse = m_chats->conversation(Jid::fromString(u"nurse@capulet.lit"));

    answerPing(pingIds().at(0));

    // Only what was sent before the first ping is confirmed by it.
    QCOMPARE(model->find(a)->state, State::Sent);
    QCOMPARE(model->find(b)->state, State::Pending);
    QCOMPARE(nurse->find(c)->state, State::Pending);
    QCOMPARE(pingIds().size(), 2);

    answerPing(pingIds().at(1));
    QCOMPARE(model->find(b)->state, State::Sent);
    QCOMPARE(nurse->find(c)->state, State::Sent);
    QCOMPARE(pingIds().size(), 2);
}

void tst_ChatService::pingErrorAnswerAlsoConfirms()
{
    const QString id = m_chats->sendMessage(Juliet, u"One"_s);
    answerPing(pingIds().first(), true);
    QCOMPARE(m_chats->conversation(Juliet)->find(id)->state, State::Sent);
}

void tst_ChatService::pingAnswerFromStrangerDoesNotConfirm()
{
    // Only our server's answer counts; then the ping ends without an answer (a disconnect).
    const QString id = m_chats->sendMessage(Juliet, u"One"_s);
    m_transport->inject(
        u"<iq type='result' id='%1' from='evil.example' to='romeo@montague.lit/test'/>"_s.arg(
            pingIds().first()));
    QCOMPARE(m_chats->conversation(Juliet)->find(id)->state, State::Pending);

    drop(); // the ping ends without an answer
    QCOMPARE(m_chats->conversation(Juliet)->find(id)->state, State::Queued);
    m_transport->clearSent();
    QCoreApplication::processEvents(); // the deferred re-check must not send while offline
    QVERIFY(m_transport->sent().isEmpty());
}

void tst_ChatService::offlineMessagesAreQueuedAndSentOnConnect()
{
    drop();
    m_transport->clearSent();
    QSignalSpy online(m_chats, &ChatService::onlineChanged);

    const QString a = m_chats->sendMessage(Juliet, u"Written offline"_s);
    const QString b = m_chats->sendMessage(Juliet, u"And another"_s);

    QVERIFY(!a.isEmpty());
    QVERIFY(m_transport->sent().isEmpty());
    ConversationModel *model = m_chats->conversation(Juliet);
    QCOMPARE(model->find(a)->state, State::Queued);
    QCOMPARE(model->find(b)->state, State::Queued);
    QCOMPARE(m_chats->undeliveredCount(), 2);

    m_account->connectToServer();
    QCOMPARE(online.size(), 1);
    QCOMPARE(online.at(0).at(0).toBool(), true);

    const QList<XmlElement> sent = sentMessages();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(0).attribute(u"id"), a);
    QCOMPARE(sent.at(0).firstChild(ns::StanzaId, u"origin-id").attribute(u"id"), a);
    QCOMPARE(sent.at(0).childText(ns::Client, u"body"), u"Written offline"_s);
    QCOMPARE(sent.at(1).attribute(u"id"), b);
    QCOMPARE(model->find(a)->state, State::Pending);
    QCOMPARE(pingIds().size(), 1); // one ping for both

    answerPing(pingIds().first());
    QCOMPARE(model->find(a)->state, State::Sent);
    QCOMPARE(model->find(b)->state, State::Sent);
    QCOMPARE(model->rowCount(), 2);
}

void tst_ChatService::pendingMessagesAreResentWithSameIdsAfterDrop()
{
    const QString id = m_chats->sendMessage(Juliet, u"Did you get this?"_s);
    ConversationModel *model = m_chats->conversation(Juliet);
    drop();
    QCOMPARE(model->find(id)->state, State::Queued);
    m_transport->clearSent();

    m_account->connectToServer();

    QCOMPARE(sentMessages().size(), 1);
    const XmlElement again = sentMessages().first();
    QCOMPARE(again.attribute(u"id"), id);
    QCOMPARE(again.firstChild(ns::StanzaId, u"origin-id").attribute(u"id"), id);
    QCOMPARE(model->find(id)->state, State::Pending);
    QCOMPARE(model->rowCount(), 1); // the same row, not a copy
    answerPing(pingIds().first());
    QCOMPARE(model->find(id)->state, State::Sent);

    // Confirmed messages are not sent again after another drop.
    drop();
    m_transport->clearSent();
    m_account->connectToServer();
    QVERIFY(sentMessages().isEmpty());
    QCOMPARE(model->find(id)->state, State::Sent);
}

void tst_ChatService::automaticReconnectSendsQueuedMessages()
{
    const QString a = m_chats->sendMessage(Juliet, u"Before the drop"_s);
    drop();
    QCOMPARE(m_account->state(), Account::State::Reconnecting);
    const QString b = m_chats->sendMessage(Juliet, u"During the drop"_s);
    m_transport->clearSent();

    m_account->reconnectNow();

    QVERIFY(m_account->isOnline());
    const QList<XmlElement> sent = sentMessages();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(0).attribute(u"id"), a); // in the order written
    QCOMPARE(sent.at(1).attribute(u"id"), b);
    QCOMPARE(pingIds().size(), 1);
    answerPing(pingIds().first());
    QCOMPARE(m_chats->conversation(Juliet)->find(a)->state, State::Sent);
    QCOMPARE(m_chats->conversation(Juliet)->find(b)->state, State::Sent);
}

void tst_ChatService::logoutQueuesPendingMessages()
{
    const QString id = m_chats->sendMessage(Juliet, u"Good night"_s);
    QSignalSpy online(m_chats, &ChatService::onlineChanged);
    m_account->disconnectFromServer();
    QVERIFY(!m_chats->isOnline());
    QCOMPARE(online.size(), 1);
    QCOMPARE(m_chats->conversation(Juliet)->find(id)->state, State::Queued);
}

void tst_ChatService::resumedSessionLeavesResendingToTheStream()
{
    auto *transport = new ResumableTransport;
    Account account(transport);
    auto *presence = new PresenceExtension(&account, nullptr);
    auto *ping = new PingExtension(&account);
    ping->setKeepalive(std::chrono::milliseconds(0), PingExtension::DefaultKeepaliveTimeout);
    auto *messages = new MessageExtension(&account);
    ChatService chats(&account, messages, presence, ping);
    account.setSettings(settings());
    account.connectToServer();
    QVERIFY(account.isStreamManagementEnabled());
    transport->clearSent();

    const QString a = chats.sendMessage(Juliet, u"On the wire"_s);
    const XmlElement wireA = transport->lastSent();
    const QString c = chats.sendMessage(Juliet, u"Acknowledged on resumption"_s);
    transport->ackOnResume = {transport->lastSent()};
    QCOMPARE(wireA.attribute(u"id"), a);
    QCOMPARE(transport->sent().size(), 2); // acknowledgements confirm: no ping
    transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    ConversationModel *model = chats.conversation(Juliet);
    QCOMPARE(model->find(a)->state, State::Queued);
    const QString b = chats.sendMessage(Juliet, u"Written while away"_s);
    transport->clearSent();

    account.reconnectNow();
    QCOMPARE(model->find(c)->state, State::Sent);

    QVERIFY(account.isOnline());
    QCOMPARE(account.session().resumed, true);
    // The stream re-sends what the server lacks; we send only the new one.
    QCOMPARE(transport->sent().size(), 1);
    QCOMPARE(transport->lastSent().attribute(u"id"), b);
    QCOMPARE(model->find(a)->state, State::Pending);
    QCOMPARE(model->find(b)->state, State::Pending);

    Q_EMIT transport->stanzasAcknowledged({wireA});
    QCOMPARE(model->find(a)->state, State::Sent);
    QCOMPARE(model->find(b)->state, State::Pending);
    Q_EMIT transport->stanzasAcknowledged({transport->lastSent()});
    QCOMPARE(model->find(b)->state, State::Sent);
    QCOMPARE(chats.undeliveredCount(), 0);
}

void tst_ChatService::bounceMarksOurMessageFailed()
{
    const QString id = m_chats->sendMessage(Juliet, u"Hello"_s);
    ConversationModel *model = m_chats->conversation(Juliet);
    QSignalSpy received(m_chats, &ChatService::messageReceived);

    m_transport->inject(
        u"<message type='error' from='juliet@capulet.lit' "
        u"to='romeo@montague.lit/test' id='%1'><body>Hello</body>"
        u"<error type='cancel'><service-unavailable "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s.arg(id));

    const ChatMessage *m = model->find(id);
    QCOMPARE(m->state, State::Failed);
    QCOMPARE(m->errorCondition, u"service-unavailable"_s);
    QCOMPARE(m->errorText,
             StanzaError(StanzaError::Type::Cancel, StanzaError::Condition::ServiceUnavailable)
                 .description());
    QVERIFY(!m->errorText.isEmpty());
    QCOMPARE(model->rowCount(), 1); // shown on our message, not as another row
    QCOMPARE(received.size(), 0);
    QCOMPARE(m_chats->undeliveredCount(), 0);

    // The ping answer that follows does not turn it into Sent.
    answerPing(pingIds().first());
    QCOMPARE(model->find(id)->state, State::Failed);
}

void tst_ChatService::bounceAfterSentMarksFailed()
{
    const QString id = m_chats->sendMessage(Juliet, u"Hello"_s);
    answerPing(pingIds().first());
    QCOMPARE(m_chats->conversation(Juliet)->find(id)->state, State::Sent);

    m_transport->inject(u"<message type='error' from='juliet@capulet.lit' id='%1'>"
                        u"<error type='cancel'><remote-server-not-found "
                        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        u"<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No such host"
                        u"</text></error></message>"_s.arg(id));

    const ChatMessage *m = m_chats->conversation(Juliet)->find(id);
    QCOMPARE(m->state, State::Failed);
    QCOMPARE(m->errorCondition, u"remote-server-not-found"_s);
    QVERIFY(m->errorText.contains(u"No such host"_s));
}

void tst_ChatService::bounceFromLockedResourceUnlocks()
{
    m_transport->inject(u"<presence from='juliet@capulet.lit/balcony'/>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"id='j1'><body>Hi</body></message>"_s);
    const QString id = m_chats->sendMessage(Juliet, u"Still there?"_s);
    m_transport->inject(
        u"<message type='error' from='juliet@capulet.lit/balcony' id='%1'>"
        u"<error type='cancel'><item-not-found "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s.arg(id));
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
}

void tst_ChatService::retrySendsAgainWithSameIds()
{
    const QString id = m_chats->sendMessage(Juliet, u"Try me"_s);
    m_transport->inject(
        u"<message type='error' from='juliet@capulet.lit' id='%1'>"
        u"<error type='wait'><resource-constraint "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s.arg(id));
    answerPing(pingIds().first());
    m_transport->clearSent();

    m_chats->retry(Juliet, id);

    QCOMPARE(sentMessages().size(), 1);
    QCOMPARE(sentMessages().first().attribute(u"id"), id);
    QCOMPARE(sentMessages().first().firstChild(ns::StanzaId, u"origin-id").attribute(u"id"), id);
    const ChatMessage *m = m_chats->conversation(Juliet)->find(id);
    QCOMPARE(m->state, State::Pending);
    QVERIFY(m->errorText.isEmpty());
    answerPing(pingIds().first());
    QCOMPARE(m->state, State::Sent);

    // Only failed messages are retried.
    m_transport->clearSent();
    m_chats->retry(Juliet, id);
    QVERIFY(sentMessages().isEmpty());
}

void tst_ChatService::unrelatedErrorBecomesErrorRow()
{
    QSignalSpy received(m_chats, &ChatService::messageReceived);
    m_transport->inject(u"<message type='error' from='juliet@capulet.lit/balcony' id='x1'>"
                        u"<body>Something you never sent</body><error type='cancel'><forbidden "
                        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s);

    ConversationModel *model = m_chats->conversation(Juliet);
    QCOMPARE(model->rowCount(), 1);
    const ChatMessage m = model->messages().first();
    QCOMPARE(m.kind, ChatMessage::Kind::Error);
    QCOMPARE(m.errorCondition, u"forbidden"_s);
    QVERIFY(!m.errorText.isEmpty());
    QCOMPARE(m.body, u"Something you never sent"_s);
    QCOMPARE(received.size(), 1);
    QCOMPARE(m_chats->unreadCount(Juliet), 0);
    // An error does not lock the chat to the resource.
    QCOMPARE(m_chats->sendTarget(Juliet), Juliet);
}

void tst_ChatService::incomingMessagesGoToSenderConversation()
{
    QSignalSpy received(m_chats, &ChatService::messageReceived);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                        u"to='romeo@montague.lit/test' id='j1'><body>Romeo!</body>"
                        u"<thread>t1</thread></message>"_s);
    m_transport->inject(u"<message from='nurse@capulet.lit/kitchen' id='n1'>"
                        u"<body>A normal message</body></message>"_s);

    QCOMPARE(m_chats->conversations(), (QList<Jid>{Juliet, Jid::fromString(u"nurse@capulet.lit")}));
    const ChatMessage m = m_chats->conversation(Juliet)->messages().first();
    QCOMPARE(m.body, u"Romeo!"_s);
    QCOMPARE(m.from, Balcony);
    QCOMPARE(m.peer, Juliet);
    QCOMPARE(m.id, u"j1"_s);
    QCOMPARE(m.thread, u"t1"_s);
    QCOMPARE(m.state, State::Received);
    QCOMPARE(m.direction, ChatMessage::Direction::Incoming);
    QCOMPARE(m.kind, ChatMessage::Kind::Chat);
    QCOMPARE(m_chats->conversation(Jid::fromString(u"nurse@capulet.lit"))->messages().first().kind,
             ChatMessage::Kind::Normal);
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).at(0).value<ChatMessage>().body, u"Romeo!"_s);
}

void tst_ChatService::subjectAndHeadlineAreKept()
{
    m_transport->inject(u"<message type='headline' from='news.capulet.lit' id='h1'>"
                        u"<subject>Verona Daily</subject><body>Two households…</body>"
                        u"</message>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='s1'>"
                        u"<subject>Tonight</subject></message>"_s);

    const ChatMessage headline =
        m_chats->conversation(Jid::fromString(u"news.capulet.lit"))->messages().first();
    QCOMPARE(headline.kind, ChatMessage::Kind::Headline);
    QCOMPARE(headline.subject, u"Verona Daily"_s);
    QCOMPARE(headline.body, u"Two households…"_s);
    const ChatMessage subjectOnly = m_chats->conversation(Juliet)->messages().first();
    QCOMPARE(subjectOnly.subject, u"Tonight"_s);
    QVERIFY(subjectOnly.body.isEmpty());
    QCOMPARE(m_chats->unreadCount(Juliet), 0); // no body: nothing to read
}

void tst_ChatService::messagesWithoutBodyOrSubjectAreNotShown()
{
    QSignalSpy added(m_chats, &ChatService::conversationAdded);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='c1'>"
                        u"<composing xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    QVERIFY(!m_chats->hasConversation(Juliet));
    QCOMPARE(added.size(), 0);
}

void tst_ChatService::groupchatAndOwnMessagesAreIgnored()
{
    m_transport->inject(u"<message type='groupchat' from='garden@chat.capulet.lit/nurse' "
                        u"id='g1'><body>Hello, all</body></message>"_s);
    m_transport->inject(u"<message type='chat' from='romeo@montague.lit/phone' id='o1'>"
                        u"<body>From my other device</body></message>"_s);
    m_transport->inject(u"<message type='chat' id='o2'><body>No from</body></message>"_s);
    QVERIFY(m_chats->conversations().isEmpty());
    QCOMPARE(m_chats->totalUnread(), 0);
}

void tst_ChatService::unreadCountsIncomingBodies()
{
    QSignalSpy unread(m_chats, &ChatService::unreadChanged);
    QSignalSpy total(m_chats, &ChatService::totalUnreadChanged);
    const Jid nurse = Jid::fromString(u"nurse@capulet.lit");

    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony'><body>1</body></message>"_s);
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony'><body>2</body></message>"_s);
    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony'>"
                        u"<active xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    m_transport->inject(
        u"<message type='chat' from='nurse@capulet.lit/k'><body>3</body></message>"_s);
    m_chats->sendMessage(Juliet, u"ours do not count"_s);

    QCOMPARE(m_chats->unreadCount(Juliet), 2);
    QCOMPARE(m_chats->unreadCount(Balcony), 2); // any form of the address
    QCOMPARE(m_chats->unreadCount(nurse), 1);
    QCOMPARE(m_chats->totalUnread(), 3);
    QCOMPARE(unread.size(), 3);
    QCOMPARE(unread.last().at(0).value<Jid>(), nurse);
    QCOMPARE(unread.last().at(1).toInt(), 1);
    QCOMPARE(total.last().at(0).toInt(), 3);

    m_chats->markRead(Juliet);
    QCOMPARE(m_chats->unreadCount(Juliet), 0);
    QCOMPARE(m_chats->totalUnread(), 1);
    QCOMPARE(unread.last().at(1).toInt(), 0);
    QCOMPARE(total.last().at(0).toInt(), 1);

    const qsizetype before = unread.size();
    m_chats->markRead(Juliet); // nothing changes, no signal
    QCOMPARE(unread.size(), before);
}

void tst_ChatService::delayStampSetsTimestamp_data()
{
    QTest::addColumn<QString>("stamp");
    QTest::addColumn<QDateTime>("expected"); // invalid: "now"

    QTest::newRow("UTC") << u"2002-09-10T23:08:25Z"_s
                         << QDateTime(QDate(2002, 9, 10), QTime(23, 8, 25), Qt::UTC);
    QTest::newRow("fractions") << u"2002-09-10T23:08:25.123Z"_s
                               << QDateTime(QDate(2002, 9, 10), QTime(23, 8, 25, 123), Qt::UTC);
    QTest::newRow("offset") << u"2002-09-10T23:08:25+02:00"_s
                            << QDateTime(QDate(2002, 9, 10), QTime(21, 8, 25), Qt::UTC);
    QTest::newRow("no zone means UTC")
        << u"2002-09-10T23:08:25"_s << QDateTime(QDate(2002, 9, 10), QTime(23, 8, 25), Qt::UTC);
    QTest::newRow("future is clamped") << u"2999-01-01T00:00:00Z"_s << QDateTime();
    QTest::newRow("garbage") << u"yesterday-ish"_s << QDateTime();
}

void tst_ChatService::delayStampSetsTimestamp()
{
    QFETCH(QString, stamp);
    QFETCH(QDateTime, expected);

    m_transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='d1'>"
                        u"<body>Stored offline</body>"
                        u"<delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='%1'>"
                        u"Offline Storage</delay></message>"_s.arg(stamp));

    const QDateTime time = m_chats->conversation(Juliet)->messages().first().timestamp;
    QCOMPARE(time.timeSpec(), Qt::UTC);
    if (expected.isValid())
        QCOMPARE(time, expected);
    else
        QVERIFY(qAbs(time.secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void tst_ChatService::conversationAddedForStrangers()
{
    QSignalSpy added(m_chats, &ChatService::conversationAdded);
    m_transport->inject(u"<message type='chat' from='tybalt@capulet.lit/sword' id='t1'>"
                        u"<body>Thou art a villain.</body></message>"_s);
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.first().at(0).value<Jid>(), Jid::fromString(u"tybalt@capulet.lit"));
    QVERIFY(m_chats->hasConversation(Jid::fromString(u"tybalt@capulet.lit/other")));

    m_transport->inject(u"<message type='chat' from='tybalt@capulet.lit/sword' id='t2'>"
                        u"<body>Turn and draw.</body></message>"_s);
    QCOMPARE(added.size(), 1);

    // Opening a chat ourselves announces it too (once).
    m_chats->conversation(Jid::fromString(u"mercutio@verona.lit"));
    m_chats->conversation(Jid::fromString(u"mercutio@verona.lit/x"));
    QCOMPARE(added.size(), 2);
}

void tst_ChatService::onlineStateIsReported()
{
    QSignalSpy online(m_chats, &ChatService::onlineChanged);
    QVERIFY(m_chats->isOnline());
    drop();
    QVERIFY(!m_chats->isOnline());
    QCOMPARE(online.size(), 1);
    QCOMPARE(online.last().at(0).toBool(), false);
    m_account->connectToServer();
    QVERIFY(m_chats->isOnline());
    QCOMPARE(online.last().at(0).toBool(), true);
}

void tst_ChatService::outboxIsCommittedBeforeTheMessageIsWritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    StoredChats c(path);
    c.account.connectToServer();
    QVERIFY(c.account.isOnline());

    QStringList onDiskWhenWritten;
    int written = 0;
    c.transport->onSend = [&](const XmlElement &stanza) {
        if (stanza.name() != u"message")
            return;
        ++written;
        for (const MessageStore::OutboxEntry &e : StoredChats::outboxOnDisk(path))
            onDiskWhenWritten.append(e.entry.message.id);
    };
    const QString id = c.chats->sendMessage(Juliet, u"Written down first"_s);

    QCOMPARE(written, 1);
    QCOMPARE(onDiskWhenWritten, QStringList{id});
    const QList<MessageStore::OutboxEntry> outbox = StoredChats::outboxOnDisk(path);
    QCOMPARE(outbox.size(), 1);
    QCOMPARE(outbox.first().entry.originId, id);
    QCOMPARE(outbox.first().entry.message.body, u"Written down first"_s);
    QVERIFY(outbox.first().stanza.contains(id.toUtf8()));
    QCOMPARE(c.chats->conversation(Juliet)->find(id)->state, State::Pending);
}

void tst_ChatService::outboxSurvivesARestartAndIsSentAgainWithTheSameIds()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    QString offline, onWire;
    {
        StoredChats c(path);
        c.account.connectToServer();
        onWire = c.chats->sendMessage(Juliet, u"On the wire, never acknowledged"_s);
        c.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
        offline = c.chats->sendMessage(Juliet, u"Written while offline"_s);
        QVERIFY(c.sentMessages().size() == 1);
    } // the app ends (or crashes: everything was committed when it was written)

    StoredChats c(path);
    ConversationModel *model = c.chats->conversation(Juliet);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->find(onWire)->state, State::Queued);
    QCOMPARE(model->find(offline)->state, State::Queued);
    QCOMPARE(model->find(offline)->body, u"Written while offline"_s);
    QCOMPARE(c.chats->undeliveredCount(), 2);
    QVERIFY(c.sentMessages().isEmpty());

    c.account.connectToServer();

    const QList<XmlElement> sent = c.sentMessages();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(0).attribute(u"id"), onWire); // in the order written
    QCOMPARE(sent.at(0).firstChild(ns::StanzaId, u"origin-id").attribute(u"id"), onWire);
    QCOMPARE(sent.at(0).childText(ns::Client, u"body"), u"On the wire, never acknowledged"_s);
    QCOMPARE(sent.at(1).attribute(u"id"), offline);
    QCOMPARE(sent.at(1).firstChild(ns::StanzaId, u"origin-id").attribute(u"id"), offline);
    QCOMPARE(model->find(onWire)->state, State::Pending);
    QCOMPARE(StoredChats::outboxOnDisk(path).size(), 2); // not yet acknowledged

    Q_EMIT c.transport->stanzasAcknowledged(sent);
    c.store.flush();
    QVERIFY(StoredChats::outboxOnDisk(path).isEmpty());
    QCOMPARE(model->find(onWire)->state, State::Sent);
    QCOMPARE(c.store.find(Juliet, offline)->message.state, State::Sent);
}

void tst_ChatService::acknowledgedMessagesLeaveTheOutbox()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    StoredChats c(path);
    c.account.connectToServer();
    const QString a = c.chats->sendMessage(Juliet, u"One"_s);
    const XmlElement wireA = c.sentMessages().last();
    const QString b = c.chats->sendMessage(Juliet, u"Two"_s);

    Q_EMIT c.transport->stanzasAcknowledged({wireA});
    c.store.flush();

    const QList<MessageStore::OutboxEntry> left = StoredChats::outboxOnDisk(path);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().entry.message.id, b);
    QCOMPARE(c.store.find(Juliet, a)->message.state, State::Sent);
    QCOMPARE(c.chats->undeliveredCount(), 1);
}

void tst_ChatService::pingConfirmedMessagesLeaveTheOutbox()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    MessageStore store;
    QVERIFY(store.open(path));
    m_chats->setStore(&store);
    const QString id = m_chats->sendMessage(Juliet, u"Confirmed by a ping"_s);
    QCOMPARE(store.outbox().size(), 1);

    answerPing(pingIds().first());
    store.flush();

    QVERIFY(StoredChats::outboxOnDisk(path).isEmpty());
    QCOMPARE(store.find(Juliet, id)->message.state, State::Sent);
    m_chats->setStore(nullptr);
}

void tst_ChatService::bounceMarksTheStoredMessageFailedWithTheReason()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    StoredChats c(path);
    c.account.connectToServer();
    const QString id = c.chats->sendMessage(Juliet, u"Hello?"_s);

    c.transport->inject(u"<message type='error' from='juliet@capulet.lit' id='%1'>"
                        u"<error type='cancel'><remote-server-not-found "
                        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        u"<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No such host"
                        u"</text></error></message>"_s.arg(id));
    c.store.flush();

    QVERIFY(StoredChats::outboxOnDisk(path).isEmpty());
    const auto stored = c.store.find(Juliet, id);
    QVERIFY(stored);
    QCOMPARE(stored->message.state, State::Failed);
    QCOMPARE(stored->message.errorCondition, u"remote-server-not-found"_s);
    QVERIFY(stored->message.errorText.contains(u"No such host"_s));
    QCOMPARE(c.chats->conversation(Juliet)->find(id)->state, State::Failed);
    QCOMPARE(c.chats->undeliveredCount(), 0);

    // A failed message is not sent again by itself after a restart.
    StoredChats again(path);
    again.account.connectToServer();
    QVERIFY(again.sentMessages().isEmpty());
}

void tst_ChatService::retryEnqueuesAFailedMessageAgain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    StoredChats c(path);
    c.account.connectToServer();
    const QString id = c.chats->sendMessage(Juliet, u"Try me"_s);
    c.transport->inject(
        u"<message type='error' from='juliet@capulet.lit' id='%1'>"
        u"<error type='wait'><resource-constraint "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s.arg(id));
    c.transport->clearSent();

    c.chats->retry(Juliet, id);

    QCOMPARE(c.sentMessages().size(), 1);
    QCOMPARE(c.sentMessages().first().attribute(u"id"), id);
    const QList<MessageStore::OutboxEntry> outbox = StoredChats::outboxOnDisk(path);
    QCOMPARE(outbox.size(), 1);
    QCOMPARE(outbox.first().entry.message.id, id);
    QCOMPARE(c.store.count(Juliet), 1); // the same row, not a copy
    Q_EMIT c.transport->stanzasAcknowledged(c.sentMessages());
    c.store.flush();
    QVERIFY(StoredChats::outboxOnDisk(path).isEmpty());
    QCOMPARE(c.store.find(Juliet, id)->message.state, State::Sent);
    QVERIFY(c.store.find(Juliet, id)->message.errorCondition.isEmpty());
}

void tst_ChatService::copiesWithTheSameOriginIdAreDropped()
{
    QSignalSpy received(m_chats, &ChatService::messageReceived);
    const QString message =
        u"<message type='chat' from='juliet@capulet.lit/%1' id='%2'><body>n=1</body>"
        u"<origin-id xmlns='urn:xmpp:sid:0' id='o-1'/></message>"_s;
    m_transport->inject(message.arg(u"balcony"_s, u"first"_s));
    // Sent again after a lost acknowledgement: same origin-id, maybe another stanza id/resource.
    m_transport->inject(message.arg(u"balcony"_s, u"first"_s));
    m_transport->inject(message.arg(u"chamber"_s, u"again"_s));

    QCOMPARE(m_chats->conversation(Juliet)->rowCount(), 1);
    QCOMPARE(received.size(), 1);
    QCOMPARE(m_chats->unreadCount(Juliet), 1);

    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='first'>"
        u"<body>n=2</body><origin-id xmlns='urn:xmpp:sid:0' id='o-2'/></message>"_s);
    QCOMPARE(m_chats->conversation(Juliet)->rowCount(), 2);
}

void tst_ChatService::sameOriginIdFromAnotherSenderIsKept()
{
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='x'>"
        u"<body>Mine</body><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/></message>"_s);
    // Another sender cannot suppress Juliet's messages by reusing her origin-id (or the reverse).
    m_transport->inject(
        u"<message type='chat' from='tybalt@capulet.lit/sword' id='x'>"
        u"<body>Mine</body><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/></message>"_s);
    QCOMPARE(m_chats->conversation(Juliet)->rowCount(), 1);
    QCOMPARE(m_chats->conversation(Jid::fromString(u"tybalt@capulet.lit"))->rowCount(), 1);
}

void tst_ChatService::withoutOriginIdTheStanzaIdAndBodyRecogniseCopies()
{
    const QString message =
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='%1'><body>%2</body></message>"_s;
    m_transport->inject(message.arg(u"j1"_s, u"Hello"_s));
    m_transport->inject(message.arg(u"j1"_s, u"Hello"_s)); // a copy
    QCOMPARE(m_chats->conversation(Juliet)->rowCount(), 1);
    // Some clients count ids from 1 in every session: the same id with other text is new.
    m_transport->inject(message.arg(u"j1"_s, u"Something else"_s));
    QCOMPARE(m_chats->conversation(Juliet)->rowCount(), 2);
    // Without any id nothing can be recognised: shown.
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony'><body>Hello</body></message>"_s);
    m_transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony'><body>Hello</body></message>"_s);
    QCOMPARE(m_chats->conversation(Juliet)->rowCount(), 4);
}

void tst_ChatService::copiesAreRecognisedAcrossRestartsWithAStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    const QString withOrigin =
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='s1'><body>n=7</body>"
        u"<origin-id xmlns='urn:xmpp:sid:0' id='o-7'/></message>"_s;
    const QString withoutOrigin =
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='s2'><body>n=8</body></message>"_s;
    {
        StoredChats c(path);
        c.account.connectToServer();
        c.transport->inject(withOrigin);
        c.transport->inject(withoutOrigin);
        QCOMPARE(c.chats->conversation(Juliet)->rowCount(), 2);
    }
    StoredChats c(path);
    c.account.connectToServer();
    QSignalSpy received(c.chats.get(), &ChatService::messageReceived);
    c.transport->inject(withOrigin);
    c.transport->inject(withoutOrigin);
    QCOMPARE(received.size(), 0);
    QVERIFY(!c.chats->hasConversation(Juliet));
    QCOMPARE(c.store.count(Juliet), 2);
}

void tst_ChatService::aNewSessionCatchesUpFromTheArchive()
{
    // Found by itst_exactly_once: when a XEP-0198 session cannot be resumed, what the server had
    // queued for it may be gone (Prosody drops beyond 500 unacknowledged stanzas); our archive
    // still has it. HistorySync fetches it into the store; the chats show it once.
    QTemporaryDir dir;
    StoredChats c(dir.filePath(u"messages.sqlite"_s));
    auto *mam = new MamExtension(&c.account);
    HistorySync history(&c.account, mam, nullptr, &c.store);
    c.chats->setHistory(&history);
    QSignalSpy received(c.chats.get(), &ChatService::messageReceived);

    const auto mamQuery = [&c] { return lastMamQueryIn(c.transport->sent()); };
    const QString result =
        u"<message to='romeo@montague.lit/test'><result xmlns='urn:xmpp:mam:2' queryid='%1' "
        u"id='%2'><forwarded xmlns='urn:xmpp:forward:0'>"
        u"<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:0%6Z'/>"
        u"<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' "
        u"to='romeo@montague.lit' type='chat' "
        u"id='%3'><body>%4</body><origin-id xmlns='urn:xmpp:sid:0' id='%5'/></message>"
        u"</forwarded></result></message>"_s;
    const auto answer = [&](const XmlElement &query, const QStringList &rows) {
        const QString queryId =
            query.firstChild(u"urn:xmpp:mam:2"_s, u"query").attribute(u"queryid");
        for (const QString &row : rows) {
            const QStringList f = row.split(u'|');
            c.transport->inject(result.arg(queryId, f[0], f[1], f[2], f[3], f[4]));
        }
        c.transport->inject(mamFin(query));
    };

    // The first login of this device: the archive is empty.
    c.account.connectToServer();
    XmlElement query = mamQuery();
    QVERIFY(!query.isNull());
    answer(query, {});
    QVERIFY(history.isInStep());

    // A live message, then the session is lost and cannot be resumed.
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                        u"<body>seen live</body><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/>"
                        u"<stanza-id xmlns='urn:xmpp:sid:0' by='romeo@montague.lit' id='A1'/>"
                        u"</message>"_s);
    QTRY_COMPARE(received.size(), 1); // once committed
    QCOMPARE(c.store.find(Juliet, u"j1"_s)->stanzaId, u"A1"_s);
    c.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    c.transport->clearSent();
    c.account.connectToServer(); // a new session: not resumed
    QVERIFY(!history.isInStep());
    query = mamQuery();
    QVERIFY(!query.isNull());
    // Without carbons the live message did not move the position: the archive is asked from
    // its start again, and what was shown live is not shown twice.
    QVERIFY(!QString::fromUtf8(query.toXml()).contains(u"<after>"_s));
    answer(query, {u"A1|j1|seen live|o-1|1"_s, u"A2|j2|missed|o-2|2"_s});

    // (In time order: the missed one carries the archive's earlier stamp.)
    const QList<ChatMessage> rows = c.chats->conversation(Juliet)->messages();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).body, u"missed"_s);
    QCOMPARE(rows.at(1).body, u"seen live"_s);
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.last().first().value<ChatMessage>().body, u"missed"_s);
    QCOMPARE(c.chats->unreadCount(Juliet), 2);

    // Caught up: the next new session asks only for what came after it, also after a restart
    // (the position is in the store).
    QCOMPARE(history.position(), u"A2"_s);
    c.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    c.transport->clearSent();
    c.account.connectToServer();
    query = mamQuery();
    QVERIFY(QString::fromUtf8(query.toXml()).contains(u"<after>A2</after>"_s));
    // The missed message again (the archive answering twice): not shown twice.
    answer(query, {u"A2|j2|missed|o-2|2"_s});
    QCOMPARE(c.chats->conversation(Juliet)->rowCount(), 2);
    QCOMPARE(received.size(), 2);
}

void tst_ChatService::aConversationOpensWithItsLatestStoredMessagesAndUnreadCount()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    {
        StoredChats c(path);
        c.account.connectToServer();
        for (int i = 1; i <= ChatService::InitialMessages + 10; ++i) {
            c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' "
                                u"id='j%1'><body>n=%1</body></message>"_s.arg(i));
        }
        QCOMPARE(c.chats->unreadCount(Juliet), ChatService::InitialMessages + 10);
    }
    {
        StoredChats c(path);
        // Unread counts come back with the store, before any conversation is opened.
        QCOMPARE(c.chats->unreadCount(Juliet), ChatService::InitialMessages + 10);
        const QList<ChatMessage> rows = c.chats->conversation(Juliet)->messages();
        QCOMPARE(rows.size(), ChatService::InitialMessages);
        QCOMPARE(rows.first().body, u"n=11"_s);
        QCOMPARE(rows.last().body, u"n=60"_s);
        c.chats->markRead(Juliet);
        QCOMPARE(c.chats->unreadCount(Juliet), 0);
        c.store.flush();
    }
    StoredChats c(path);
    QCOMPARE(c.chats->unreadCount(Juliet), 0);
}

void tst_ChatService::loadOlderPagesBackThroughTheStoreWithoutDuplicates()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    StoredChats c(path);
    constexpr int Total = 180;
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-1);
    for (int i = 1; i <= Total; ++i) {
        ChatMessage m;
        const bool ours = i % 3 == 0;
        // Incoming ids repeat (some clients count from 1 per session); pairs share a second.
        m.id = ours ? u"out%1"_s.arg(i) : u"in%1"_s.arg(i % 7);
        m.peer = Juliet;
        m.direction = ours ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
        m.from = ours ? Jid::fromString(u"romeo@montague.lit/orchard") : Juliet.withResource(u"b");
        m.state = ours ? State::Sent : State::Received;
        m.body = u"n=%1"_s.arg(i);
        m.timestamp = start.addSecs(i / 2);
        c.store.add(m, {}, {}, true);
    }
    c.store.flush();

    ConversationModel *model = c.chats->conversation(Juliet);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), ChatService::InitialMessages);
    QVERIFY(!c.chats->isAtStart(Juliet));
    QVERIFY(!c.chats->isLoadingOlder(Juliet));
    QSignalSpy state(c.chats.get(), &ChatService::olderStateChanged);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);

    const int expected[] = {100, 150, Total};
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!c.chats->isAtStart(Juliet));
        c.chats->loadOlder(Juliet);
        QVERIFY(!c.chats->isLoadingOlder(Juliet)); // the store answers at once
        QCOMPARE(model->rowCount(), expected[i]);
    }
    QVERIFY(c.chats->isAtStart(Juliet));
    QCOMPARE(state.size(), 6); // loading, loaded — three times
    QCOMPARE(state.last().first().value<Jid>(), Juliet);
    QCOMPARE(reset.size(), 0);

    // Every stored message once, in the order written.
    const QList<ChatMessage> &rows = model->messages();
    for (int i = 0; i < Total; ++i)
        QCOMPARE(rows.at(i).body, u"n=%1"_s.arg(i + 1));

    // At the start: nothing more is asked for.
    c.chats->loadOlder(Juliet);
    QCOMPARE(model->rowCount(), Total);
    QCOMPARE(state.size(), 6);
}

void tst_ChatService::loadOlderWithoutAStoreIsAtStart()
{
    FeatureChats c; // no store
    ConversationModel *model = c.chats->conversation(Juliet);
    QSignalSpy state(c.chats.get(), &ChatService::olderStateChanged);
    c.chats->loadOlder(Juliet);
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(c.chats->isAtStart(Juliet));
    QVERIFY(!c.chats->isLoadingOlder(Juliet));
    QCOMPARE(state.size(), 1);
}

void tst_ChatService::loadOlderAsksTheArchiveOnceAndShowsItsMessagesOnce()
{
    QTemporaryDir dir;
    StoredChats c(dir.filePath(u"messages.sqlite"_s));
    auto *mam = new MamExtension(&c.account);
    HistorySync history(&c.account, mam, nullptr, &c.store);
    c.chats->setHistory(&history);
    const auto mamQueries = [&c] { return mamQueriesIn(c.transport->sent()); };
    const auto finish = [&c](const XmlElement &query) { c.transport->inject(mamFin(query)); };
    c.account.connectToServer();
    QCOMPARE(mamQueries().size(), 1);
    finish(mamQueries().last()); // the first sync: an empty archive
    QVERIFY(history.isInStep());

    // Ten messages stored from the archive before.
    const QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(0, 1), Qt::UTC);
    for (int i = 4; i <= 13; ++i) {
        ChatMessage m;
        m.id = u"j%1"_s.arg(i);
        m.peer = Juliet;
        m.from = Juliet.withResource(u"balcony");
        m.body = u"n=%1"_s.arg(i);
        m.timestamp = start.addSecs(i);
        c.store.add(m, u"o-%1"_s.arg(i), u"s-%1"_s.arg(i), true);
    }
    c.store.flush();
    ConversationModel *model = c.chats->conversation(Juliet);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 10);
    QVERIFY(!c.chats->isAtStart(Juliet)); // the archive may hold more

    // Fewer than 50 stored: the archive is asked, once however often the view asks.
    c.chats->loadOlder(Juliet);
    QVERIFY(c.chats->isLoadingOlder(Juliet));
    c.chats->loadOlder(Juliet);
    QCOMPARE(mamQueries().size(), 2);
    const XmlElement query = mamQueries().last();
    const QString queryId = query.firstChild(u"urn:xmpp:mam:2"_s, u"query").attribute(u"queryid");
    for (int i = 1; i <= 3; ++i) {
        c.transport->inject(
            u"<message to='romeo@montague.lit/test'><result xmlns='urn:xmpp:mam:2' queryid='%1' "
            u"id='s-%2'><forwarded xmlns='urn:xmpp:forward:0'>"
            u"<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:01:0%2Z'/>"
            u"<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' "
            u"to='romeo@montague.lit' type='chat' id='j%2'><body>n=%2</body>"
            u"<origin-id xmlns='urn:xmpp:sid:0' id='o-%2'/></message>"
            u"</forwarded></result></message>"_s.arg(queryId)
                .arg(i));
    }
    finish(query);
    QVERIFY(!c.chats->isLoadingOlder(Juliet));
    QVERIFY(c.chats->isAtStart(Juliet));
    QCOMPARE(model->rowCount(), 13);
    for (int i = 0; i < 13; ++i)
        QCOMPARE(model->messages().at(i).body, u"n=%1"_s.arg(i + 1));
}

namespace {

// Stores count messages with Juliet, "n=1" … "n=count", a minute apart (every third ours).
QList<qint64> storeConversation(MessageStore &store, int count)
{
    QList<qint64> rows;
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-30);
    for (int i = 1; i <= count; ++i) {
        ChatMessage m;
        const bool ours = i % 3 == 0;
        m.id = ours ? u"out%1"_s.arg(i) : u"in%1"_s.arg(i);
        m.peer = Juliet;
        m.direction = ours ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
        m.from = ours ? Jid::fromString(u"romeo@montague.lit/orchard") : Balcony;
        m.state = ours ? State::Sent : State::Received;
        m.body = u"n=%1"_s.arg(i);
        m.timestamp = start.addSecs(i * 60);
        rows.append(store.add(m, {}, {}, true).rowId);
    }
    store.flush();
    return rows;
}

// The model's rows are consecutive stored messages "n=first" … : returns first, or -1.
int firstOfConsecutive(const ConversationModel *model)
{
    const QList<ChatMessage> &rows = model->messages();
    if (rows.isEmpty())
        return -1;
    const int first = rows.first().body.mid(2).toInt();
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.at(i).body != u"n=%1"_s.arg(first + i))
            return -1;
    }
    return first;
}

} // namespace

void tst_ChatService::theWindowPagesBackAndForthWithinItsBound()
{
    QTemporaryDir dir;
    StoredChats c(dir.filePath(u"messages.sqlite"_s));
    constexpr int Total = 2000;
    storeConversation(c.store, Total);
    ConversationModel *model = c.chats->conversation(Juliet);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    QSignalSpy newer(c.chats.get(), &ChatService::newerStateChanged);
    QCOMPARE(model->rowCount(), ChatService::InitialMessages);
    QVERIFY(c.chats->isAtEnd(Juliet));

    // Back to the start: never more than the bound, always a run of consecutive messages.
    int loads = 0;
    while (!c.chats->isAtStart(Juliet)) {
        c.chats->loadOlder(Juliet);
        QVERIFY(++loads <= Total / ChatService::OlderMessages);
        QVERIFY(model->rowCount() <= ChatService::WindowMessages);
        QVERIFY(firstOfConsecutive(model) > 0);
        QCOMPARE(c.chats->isAtEnd(Juliet),
                 loads * ChatService::OlderMessages + ChatService::InitialMessages <=
                     ChatService::WindowMessages);
    }
    QCOMPARE(firstOfConsecutive(model), 1);
    QCOMPARE(model->rowCount(), ChatService::WindowMessages);
    QVERIFY(!c.chats->isAtEnd(Juliet));
    QCOMPARE(newer.size(), 1); // once, when the newest message left the window
    QCOMPARE(c.chats->newerCount(Juliet), 0);

    // Forward to the end again.
    loads = 0;
    while (!c.chats->isAtEnd(Juliet)) {
        c.chats->loadNewer(Juliet);
        QVERIFY(++loads <= Total / ChatService::NewerMessages);
        QVERIFY(model->rowCount() <= ChatService::WindowMessages);
        QVERIFY(firstOfConsecutive(model) > 0);
    }
    QVERIFY(!c.chats->isAtStart(Juliet)); // the oldest rows went
    QCOMPARE(model->messages().last().body, u"n=%1"_s.arg(Total));
    QCOMPARE(firstOfConsecutive(model), Total - ChatService::WindowMessages + 1);
    QCOMPARE(newer.size(), 2);
    c.chats->loadNewer(Juliet); // at the end: nothing
    QCOMPARE(model->rowCount(), ChatService::WindowMessages);
    QCOMPARE(reset.size(), 0); // rows come and go at the ends, never a reset
}

void tst_ChatService::liveMessagesWaitInTheStoreWhileTheWindowIsScrolledBack()
{
    QTemporaryDir dir;
    StoredChats c(dir.filePath(u"messages.sqlite"_s));
    constexpr int Total = 1000;
    storeConversation(c.store, Total);
    c.account.connectToServer();
    ConversationModel *model = c.chats->conversation(Juliet);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (c.chats->isAtEnd(Juliet))
        c.chats->loadOlder(Juliet);
    const QList<ChatMessage> before = model->messages();
    QSignalSpy newer(c.chats.get(), &ChatService::newerStateChanged);
    QSignalSpy received(c.chats.get(), &ChatService::messageReceived);

    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='live1'>"
                        u"<body>Are you there?</body></message>"_s);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='live2'>"
                        u"<body>Romeo?</body></message>"_s);
    QCOMPARE(model->messages().size(), before.size()); // the window stays where it is
    QCOMPARE(model->messages().last().body, before.last().body);
    QCOMPARE(c.chats->newerCount(Juliet), 2);
    QCOMPARE(newer.size(), 2);
    QTRY_COMPARE(received.size(), 2); // notified once committed
    QCOMPARE(c.chats->unreadCount(Juliet), 2);
    QCOMPARE(c.store.count(Juliet), Total + 2);

    // Scrolling down reaches them.
    while (!c.chats->isAtEnd(Juliet))
        c.chats->loadNewer(Juliet);
    QCOMPARE(model->messages().last().body, u"Romeo?"_s);
    QCOMPARE(model->messages().at(model->rowCount() - 2).body, u"Are you there?"_s);
    QCOMPARE(c.chats->newerCount(Juliet), 0);
    // At the end live messages are shown at once again.
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='live3'>"
                        u"<body>There you are.</body></message>"_s);
    QCOMPARE(model->messages().last().body, u"There you are."_s);
    QCOMPARE(model->rowCount(), ChatService::WindowMessages);

    // Scrolled back again, "jump to the newest" is one step.
    while (c.chats->isAtEnd(Juliet))
        c.chats->loadOlder(Juliet);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='live4'>"
                        u"<body>Hello?</body></message>"_s);
    QCOMPARE(c.chats->newerCount(Juliet), 1);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    c.chats->showLatest(Juliet);
    QCOMPARE(reset.size(), 1);
    QVERIFY(c.chats->isAtEnd(Juliet));
    QCOMPARE(c.chats->newerCount(Juliet), 0);
    QCOMPARE(model->rowCount(), ChatService::InitialMessages);
    QCOMPARE(model->messages().last().body, u"Hello?"_s);
    QVERIFY(!c.chats->isAtStart(Juliet));
    c.chats->showLatest(Juliet); // there already: nothing
    QCOMPARE(reset.size(), 1);
}

void tst_ChatService::sendingShowsTheNewestMessages()
{
    QTemporaryDir dir;
    StoredChats c(dir.filePath(u"messages.sqlite"_s));
    storeConversation(c.store, 1000);
    c.account.connectToServer();
    ConversationModel *model = c.chats->conversation(Juliet);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (c.chats->isAtEnd(Juliet))
        c.chats->loadOlder(Juliet);
    // Up in the input would edit a message the window does not hold: nothing to correct here.
    QVERIFY(c.chats->lastCorrectable(Juliet).isEmpty());

    const QString id = c.chats->sendMessage(Juliet, u"Back to the present"_s);
    QVERIFY(c.chats->isAtEnd(Juliet));
    QCOMPARE(model->messages().last().id, id);
    QCOMPARE(model->messages().last().state, State::Pending);
    QCOMPARE(model->messages().at(model->rowCount() - 2).body, u"n=1000"_s);
    QCOMPARE(c.sentMessages().size(), 1);
}

void tst_ChatService::showAroundOpensTheWindowAroundAStoredMessage()
{
    QTemporaryDir dir;
    StoredChats c(dir.filePath(u"messages.sqlite"_s));
    constexpr int Total = 2000;
    const QList<qint64> rows = storeConversation(c.store, Total);
    ConversationModel *model = c.chats->conversation(Juliet);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy older(c.chats.get(), &ChatService::olderStateChanged);
    QSignalSpy newer(c.chats.get(), &ChatService::newerStateChanged);

    // Far back: about half the window on each side.
    const int row = c.chats->showAround(Juliet, rows.at(999)); // "n=1000"
    QVERIFY(row >= 0);
    QCOMPARE(model->messages().at(row).body, u"n=1000"_s);
    QCOMPARE(model->storeRow(row), rows.at(999));
    QCOMPARE(model->rowCount(), ChatService::WindowMessages);
    QCOMPARE(row, (ChatService::WindowMessages - 1) / 2);
    QVERIFY(firstOfConsecutive(model) > 0);
    QVERIFY(!c.chats->isAtStart(Juliet));
    QVERIFY(!c.chats->isAtEnd(Juliet));
    QCOMPARE(newer.size(), 1);
    // Scrolling on from there in both directions.
    c.chats->loadOlder(Juliet);
    QVERIFY(firstOfConsecutive(model) > 0);
    QCOMPARE(model->rowCount(), ChatService::WindowMessages);
    c.chats->loadNewer(Juliet);
    c.chats->loadNewer(Juliet);
    QVERIFY(firstOfConsecutive(model) > 0);
    QCOMPARE(model->rowCount(), ChatService::WindowMessages);

    // A message the window holds: it stays where it is.
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    const int again = c.chats->showAround(Juliet, rows.at(1010));
    QCOMPARE(model->messages().at(again).body, u"n=1011"_s);
    QCOMPARE(reset.size(), 0);

    // Near the start: what there is before it, and the start is known.
    const int near = c.chats->showAround(Juliet, rows.at(2));
    QCOMPARE(near, 2);
    QCOMPARE(firstOfConsecutive(model), 1);
    QVERIFY(c.chats->isAtStart(Juliet));
    QCOMPARE(model->rowCount(),
             3 + ChatService::WindowMessages - 1 - (ChatService::WindowMessages - 1) / 2);
    // Near the end: at the end, live messages are shown again.
    const int last = c.chats->showAround(Juliet, rows.at(Total - 2));
    QCOMPARE(model->messages().at(last).body, u"n=%1"_s.arg(Total - 1));
    QCOMPARE(last, model->rowCount() - 2);
    QVERIFY(c.chats->isAtEnd(Juliet));
    QVERIFY(!c.chats->isAtStart(Juliet));
    QVERIFY(older.size() >= 2);

    // Not a message of this conversation, or none at all.
    ChatMessage other;
    other.id = u"t1"_s;
    other.peer = Jid::fromString(u"tybalt@capulet.lit");
    other.from = other.peer.withResource(u"street");
    other.body = u"Not Juliet's"_s;
    other.timestamp = QDateTime::currentDateTimeUtc();
    const qint64 tybalts = c.store.add(other).rowId;
    c.store.flush();
    QCOMPARE(c.chats->showAround(Juliet, tybalts), -1);
    QCOMPARE(c.chats->showAround(Juliet, tybalts + 1000), -1);
    QCOMPARE(model->messages().at(last).body, u"n=%1"_s.arg(Total - 1)); // unchanged
}

void tst_ChatService::queuedMessagesOutsideTheWindowAreSentFromTheStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    QString queued;
    {
        StoredChats c(path); // offline
        queued = c.chats->sendMessage(Juliet, u"Written long ago, never sent"_s);
        QVERIFY(!queued.isEmpty());
    }
    {
        // Then a long conversation from another device (the archive), after it.
        MessageStore store;
        QVERIFY(store.open(path));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 1; i <= 2 * ChatService::WindowMessages; ++i) {
            ChatMessage m;
            m.id = u"later%1"_s.arg(i);
            m.peer = Juliet;
            m.from = Balcony;
            m.body = u"later %1"_s.arg(i);
            m.timestamp = now.addSecs(i);
            store.add(m, {}, {}, true);
        }
        store.flush();
    }
    StoredChats c(path);
    ConversationModel *model = c.chats->conversation(Juliet);
    QVERIFY(!model->find(queued)); // long before the window
    QCOMPARE(c.chats->undeliveredCount(), 1);

    c.account.connectToServer();
    const QList<XmlElement> sent = c.sentMessages();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().attribute(u"id"), queued);
    QCOMPARE(sent.first().childText(ns::Client, u"body"), u"Written long ago, never sent"_s);

    // Scrolled to, it shows what it is now: on the wire, then sent.
    const std::optional<MessageStore::Entry> stored = c.store.find(Juliet, queued);
    QVERIFY(stored);
    const int row = c.chats->showAround(Juliet, stored->rowId);
    QVERIFY(row >= 0);
    QCOMPARE(model->messages().at(row).state, State::Pending);
    Q_EMIT c.transport->stanzasAcknowledged(sent);
    QCOMPARE(model->messages().at(row).state, State::Sent);
    QCOMPARE(c.chats->undeliveredCount(), 0);
}

void tst_ChatService::clearConversationEmptiesStoreAndModel()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    StoredChats c(path);
    // Written while offline: Queued, in the outbox.
    c.chats->sendMessage(Juliet, u"Queued for Juliet"_s);
    c.chats->sendMessage(Juliet, u"Written offline"_s);
    for (int i = 1; i <= 3; ++i) {
        c.store.add([i] {
            ChatMessage m;
            m.id = u"in%1"_s.arg(i);
            m.peer = Juliet;
            m.from = Juliet.withResource(u"balcony");
            m.body = u"from Juliet %1"_s.arg(i);
            m.timestamp = QDateTime::currentDateTimeUtc();
            return m;
        }());
    }
    ChatMessage other;
    other.id = u"other"_s;
    other.peer = Jid::fromString(u"tybalt@capulet.lit");
    other.from = other.peer.withResource(u"street");
    other.body = u"Not Juliet's"_s;
    other.timestamp = QDateTime::currentDateTimeUtc();
    c.store.add(other);
    c.store.flush();

    ConversationModel *model = c.chats->conversation(Juliet);
    QVERIFY(model->rowCount() > 0);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    QCOMPARE(c.chats->undeliveredCount(), 2);
    QCOMPARE(c.store.outbox().size(), 2);

    c.chats->clearConversation(Juliet);
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(c.chats->unreadCount(Juliet), 0);
    QCOMPARE(c.chats->undeliveredCount(), 0);
    QCOMPARE(c.store.count(Juliet), 0);
    QVERIFY(c.store.outbox().isEmpty());
    QCOMPARE(c.store.count(other.peer), 1); // others untouched
    // The same model goes on: a new message shows up in it.
    c.chats->clearConversation(Juliet); // twice: nothing to do
    QCOMPARE(removed.size(), 1);
    c.account.connectToServer();
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='after'>"
                        u"<body>After clearing</body></message>"_s);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->messages().first().body, u"After clearing"_s);
    // What was queued is not sent after all.
    for (const XmlElement &e : c.sentMessages())
        QVERIFY(!e.hasChild(ns::Client, u"body"));
}

void tst_ChatService::receiptMarksOurMessageDelivered()
{
    FeatureChats c;
    const QString id = c.sendAcknowledged(u"Hello"_s);
    // Our message asked for a receipt and is markable.
    const XmlElement wire = c.sentMessages().last();
    QVERIFY(wire.hasChild(ns::Receipts, u"request"));
    QVERIFY(wire.hasChild(ns::ChatMarkers, u"markable"));
    QCOMPARE(c.state(id), State::Sent);

    c.receipt(u"juliet@capulet.lit/balcony"_s, id);
    QCOMPARE(c.state(id), State::Delivered);
    // Any of her devices may confirm it (another resource).
    const QString second = c.sendAcknowledged(u"Again"_s);
    c.receipt(u"juliet@capulet.lit/chamber"_s, second);
    QCOMPARE(c.state(second), State::Delivered);
}

void tst_ChatService::receiptsFromAnotherSenderOrForOtherIdsAreIgnored()
{
    FeatureChats c;
    const QString id = c.sendAcknowledged(u"For Juliet only"_s);
    // Tybalt (or our own other device) cannot claim Juliet received it.
    c.receipt(u"tybalt@capulet.lit/sword"_s, id);
    c.receipt(u"romeo@montague.lit/phone"_s, id);
    QCOMPARE(c.state(id), State::Sent);
    // A message of ours to Tybalt is not ticked by Juliet either.
    const QString toTybalt = c.chats->sendMessage(Jid::fromString(u"tybalt@capulet.lit"), u"Hi"_s);
    Q_EMIT c.transport->stanzasAcknowledged({c.transport->lastSent()});
    c.receipt(u"juliet@capulet.lit/balcony"_s, toTybalt);
    QCOMPARE(c.chats->conversation(Jid::fromString(u"tybalt@capulet.lit"))->find(toTybalt)->state,
             State::Sent);
    // An id of one of HER messages is no message of ours.
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='hers'>"
                        u"<body>Mine</body></message>"_s);
    c.receipt(u"juliet@capulet.lit/balcony"_s, u"hers"_s);
    const ChatMessage theirs = c.chats->conversation(Juliet)->messages().last();
    QCOMPARE(theirs.state, State::Received);
}

void tst_ChatService::displayedMarkerReadsItAndEveryEarlierMessage()
{
    FeatureChats c;
    const QString first = c.sendAcknowledged(u"one"_s);
    const QString second = c.sendAcknowledged(u"two"_s);
    const QString third = c.sendAcknowledged(u"three"_s);
    c.receipt(u"juliet@capulet.lit/balcony"_s, first);

    c.displayed(u"juliet@capulet.lit/balcony"_s, second);

    QCOMPARE(c.state(first), State::Read);
    QCOMPARE(c.state(second), State::Read);
    QCOMPARE(c.state(third), State::Sent); // later: not implied
}

void tst_ChatService::markersFromAnotherSenderAreIgnored()
{
    FeatureChats c;
    const QString id = c.sendAcknowledged(u"Private"_s);
    c.displayed(u"tybalt@capulet.lit/sword"_s, id);
    c.displayed(u"romeo@montague.lit/phone"_s, id);
    QCOMPARE(c.state(id), State::Sent);
}

void tst_ChatService::ticksNeverGoBackwards()
{
    FeatureChats c;
    const QString id = c.sendAcknowledged(u"Seen"_s);
    c.displayed(u"juliet@capulet.lit/balcony"_s, id);
    QCOMPARE(c.state(id), State::Read);
    // A late receipt, an acknowledgement, a bounce from another resource: still read.
    c.receipt(u"juliet@capulet.lit/balcony"_s, id);
    QCOMPARE(c.state(id), State::Read);
    c.transport->inject(
        u"<message type='error' from='juliet@capulet.lit/chamber' id='%1'>"
        u"<error type='cancel'><service-unavailable "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"_s.arg(id));
    QCOMPARE(c.state(id), State::Read);
    c.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QCOMPARE(c.state(id), State::Read);
}

void tst_ChatService::aReceiptTakesAMessageOutOfTheOutbox()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    FeatureChats c(path);
    const QString id = c.chats->sendMessage(Juliet, u"Quick"_s); // not acknowledged yet
    QCOMPARE(c.chats->undeliveredCount(), 1);
    c.receipt(u"juliet@capulet.lit/balcony"_s, id);
    QCOMPARE(c.state(id), State::Delivered);
    QCOMPARE(c.chats->undeliveredCount(), 0);
    c.store.flush();
    QVERIFY(StoredChats::outboxOnDisk(path).isEmpty());
    // The late acknowledgement does not turn it back to Sent.
    Q_EMIT c.transport->stanzasAcknowledged({c.sentMessages().last()});
    QCOMPARE(c.state(id), State::Delivered);
    QCOMPARE(c.store.find(Juliet, id)->message.state, State::Delivered);
}

void tst_ChatService::statesArePersistedAcrossARestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    QString delivered, read, earlier;
    {
        FeatureChats c(path);
        earlier = c.sendAcknowledged(u"earlier"_s);
        read = c.sendAcknowledged(u"read"_s);
        delivered = c.sendAcknowledged(u"delivered"_s);
        c.displayed(u"juliet@capulet.lit/balcony"_s, read);
        c.receipt(u"juliet@capulet.lit/balcony"_s, delivered);
        c.store.flush();
    }
    {
        FeatureChats c(path);
        QCOMPARE(c.state(earlier), State::Read);
        QCOMPARE(c.state(read), State::Read);
        QCOMPARE(c.state(delivered), State::Delivered);
        QVERIFY(c.sentMessages().isEmpty()); // nothing left to send again
    }
    // A marker for a message of a conversation that is not open: in the store.
    FeatureChats c(path);
    QVERIFY(!c.chats->hasConversation(Juliet));
    c.displayed(u"juliet@capulet.lit/balcony"_s, delivered);
    QCOMPARE(c.store.find(Juliet, delivered)->message.state, State::Read);
    QCOMPARE(c.state(delivered), State::Read);
}

void tst_ChatService::markReadSendsOneDisplayedMarkerForTheNewestMarkableMessage()
{
    FeatureChats c;
    for (const QString &id : {u"j1"_s, u"j2"_s}) {
        c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='%1'>"
                            u"<body>%1</body><markable xmlns='urn:xmpp:chat-markers:0'/>"
                            u"</message>"_s.arg(id));
    }
    c.transport->clearSent();
    c.chats->markRead(Juliet);
    QCOMPARE(c.sentMessages().size(), 1);
    const XmlElement marker = c.sentMessages().first();
    QCOMPARE(marker.attribute(u"to"), u"juliet@capulet.lit/balcony"_s);
    QCOMPARE(marker.firstChild(ns::ChatMarkers, u"displayed").attribute(u"id"), u"j2"_s);
    // Once.
    c.chats->markRead(Juliet);
    QCOMPARE(c.sentMessages().size(), 1);
    // A message without <markable/> gets none.
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j3'>"
                        u"<body>plain</body></message>"_s);
    c.chats->markRead(Juliet);
    QCOMPARE(c.sentMessages().size(), 1);
}

void tst_ChatService::receivedMessagesAreToldOnceOnDisk()
{
    // Live messages join the store's pending batch (a server's burst comes one per turn of the
    // event loop: one commit for many); messageReceived, which notifies, follows the commit — at
    // ChatService::LiveCommitDelay, or at once when the server is about to learn what we
    // handled. Told before, a crash would show them twice: the server sends them again.
    QTemporaryDir dir;
    const QString file = dir.filePath(u"messages.sqlite"_s);
    FeatureChats c(file);
    QSignalSpy received(c.chats.get(), &ChatService::messageReceived);
    const auto inject = [&c](const QString &id) {
        c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='%1'>"
                            u"<body>%1</body></message>"_s.arg(id));
    };
    inject(u"one"_s);
    QCoreApplication::processEvents(); // a turn of the event loop
    inject(u"two"_s);
    QCOMPARE(c.chats->conversation(Juliet)->rowCount(), 2); // shown at once
    QCOMPARE(received.size(), 0);
    QVERIFY(c.store.hasPendingCommit());

    Q_EMIT c.transport->acknowledging();
    QVERIFY(!c.store.hasPendingCommit());
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).at(0).value<ChatMessage>().body, u"one"_s);
    QCOMPARE(received.at(1).at(0).value<ChatMessage>().body, u"two"_s);

    inject(u"three"_s);
    QCOMPARE(received.size(), 2);
    QTRY_COMPARE(received.size(), 3); // committed by itself
    QVERIFY(!c.store.hasPendingCommit());
}

void tst_ChatService::theActiveChatReadsMessagesOnArrival()
{
    QTemporaryDir dir;
    FeatureChats c(dir.filePath(u"messages.sqlite"_s));
    const auto inject = [&c](const QString &id) {
        c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='%1'>"
                            u"<body>%1</body><markable xmlns='urn:xmpp:chat-markers:0'/>"
                            u"</message>"_s.arg(id));
    };
    const auto markers = [&c] {
        QStringList ids;
        for (const XmlElement &m : c.sentMessages()) {
            const XmlElement displayed = m.firstChild(ns::ChatMarkers, u"displayed");
            if (!displayed.isNull())
                ids.append(displayed.attribute(u"id"));
        }
        return ids;
    };
    c.chats->setChatActive(Juliet, true);
    QSignalSpy unread(c.chats.get(), &ChatService::unreadChanged);
    // Three in one turn of the event loop: shown, stored as read, one marker for the newest.
    for (const QString &id : {u"a1"_s, u"a2"_s, u"a3"_s})
        inject(id);
    QCOMPARE(c.chats->conversation(Juliet)->rowCount(), 3);
    QVERIFY(markers().isEmpty());
    QTRY_COMPARE(markers(), QStringList{u"a3"_s});
    QVERIFY(unread.isEmpty());
    c.store.flush();
    QCOMPARE(c.store.unreadCounts().value(Juliet), 0);
    // No longer in front: counted unread again, and no marker until it is read.
    c.chats->setChatActive(Juliet, false);
    inject(u"b1"_s);
    QCoreApplication::processEvents();
    QCOMPARE(c.chats->unreadCount(Juliet), 1);
    c.store.flush();
    QCOMPARE(c.store.unreadCounts().value(Juliet), 1);
    QCOMPARE(markers(), QStringList{u"a3"_s});
    // A chat that is active does not read another chat's messages.
    c.chats->setChatActive(Jid::fromString(u"tybalt@capulet.lit"_s), true);
    inject(u"b2"_s);
    QCoreApplication::processEvents();
    QCOMPARE(c.chats->unreadCount(Juliet), 2);
}

void tst_ChatService::markersAreOwedForMessagesFromTheArchiveAndAcrossRestarts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    {
        FeatureChats c(path);
        HistorySync history(&c.account, c.ext.mam, nullptr, &c.store);
        c.chats->setHistory(&history);
        const auto mamQuery = [&c] {
            const XmlElement query = lastMamQueryIn(c.transport->sent());
            c.transport->clearSent();
            return query;
        };
        // This device's first sync (what the archive held before counts as read): empty.
        c.transport->clearSent();
        history.sync();
        XmlElement query = mamQuery();
        QVERIFY(!query.isNull());
        c.transport->inject(mamFin(query));
        // The next sync (after a time away).
        history.sync();
        query = mamQuery();
        QVERIFY(!query.isNull());
        const QString queryId =
            query.firstChild(u"urn:xmpp:mam:2"_s, u"query").attribute(u"queryid");
        // Two messages that arrived while this device was away; the newer one asks for markers.
        const QString result =
            u"<message to='romeo@montague.lit/test'><result xmlns='urn:xmpp:mam:2' queryid='%1' "
            u"id='%2'><forwarded xmlns='urn:xmpp:forward:0'>"
            u"<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:0%3Z'/>"
            u"<message xmlns='jabber:client' from='juliet@capulet.lit/balcony' "
            u"to='romeo@montague.lit' type='chat' id='%2'><body>%2</body>%4</message>"
            u"</forwarded></result></message>"_s;
        const QString markable = u"<markable xmlns='urn:xmpp:chat-markers:0'/>"_s;
        c.transport->inject(result.arg(queryId, u"a1"_s, u"1"_s, markable));
        c.transport->inject(result.arg(queryId, u"a2"_s, u"2"_s, markable));
        c.transport->inject(mamFin(query));
        QCOMPARE(c.chats->unreadCount(Juliet), 2);
        c.store.flush();
        c.transport->clearSent();
        // The app quits before the chat is read.
    }
    // Next start: reading the chat sends the marker owed for the newest one, once.
    FeatureChats c(path);
    QCOMPARE(c.chats->unreadCount(Juliet), 2);
    c.transport->clearSent();
    c.chats->markRead(Juliet);
    QCOMPARE(c.sentMessages().size(), 1);
    const XmlElement marker = c.sentMessages().first();
    QCOMPARE(marker.attribute(u"to"), u"juliet@capulet.lit/balcony"_s);
    QCOMPARE(marker.firstChild(ns::ChatMarkers, u"displayed").attribute(u"id"), u"a2"_s);
    c.chats->markRead(Juliet);
    QCOMPARE(c.sentMessages().size(), 1);
    // A live message older than the owed one (a late delay stamp) does not replace it.
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='l1'>"
                        u"<body>new</body><markable xmlns='urn:xmpp:chat-markers:0'/></message>"_s);
    c.transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='l0'>"
        u"<body>late</body><markable xmlns='urn:xmpp:chat-markers:0'/>"
        u"<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/></message>"_s);
    c.chats->markRead(Juliet);
    QCOMPARE(c.sentMessages().size(), 2);
    QCOMPARE(c.sentMessages().last().firstChild(ns::ChatMarkers, u"displayed").attribute(u"id"),
             u"l1"_s);
}

void tst_ChatService::noDisplayedMarkerForStrangers()
{
    FeatureChats c;
    c.transport->inject(u"<message type='chat' from='tybalt@capulet.lit/sword' id='t1'>"
                        u"<body>Who are you?</body><markable xmlns='urn:xmpp:chat-markers:0'/>"
                        u"</message>"_s);
    c.transport->clearSent();
    c.chats->markRead(Jid::fromString(u"tybalt@capulet.lit"));
    QVERIFY(c.sentMessages().isEmpty()); // XEP-0333 §9: he may not see our presence
}

void tst_ChatService::receiptRequestsAreAnsweredOnlyForContacts()
{
    FeatureChats c;
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                        u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s);
    QCOMPARE(c.sentMessages().size(), 1);
    QCOMPARE(c.sentMessages().first().firstChild(ns::Receipts, u"received").attribute(u"id"),
             u"j1"_s);
    c.transport->clearSent();
    c.transport->inject(u"<message type='chat' from='tybalt@capulet.lit/sword' id='t1'>"
                        u"<body>Hi</body><request xmlns='urn:xmpp:receipts'/></message>"_s);
    QVERIFY(c.sentMessages().isEmpty()); // XEP-0184 §8
}

void tst_ChatService::inputSendsComposingPausedAndActive()
{
    FeatureChats c;
    c.chats->setChatStateTimeouts(std::chrono::milliseconds(50), std::chrono::minutes(2),
                                  std::chrono::minutes(10));
    const auto states = [&c] {
        QStringList out;
        for (const XmlElement &m : c.sentMessages()) {
            for (const XmlElement &child : m.children()) {
                if (child.namespaceUri() == ns::ChatStates)
                    out.append(child.name() +
                               (m.hasChild(ns::Client, u"body") ? u"+body"_s : QString()));
            }
        }
        return out;
    };
    QCOMPARE(ChatService::PausedAfter, std::chrono::milliseconds(5000));
    c.chats->inputChanged(Juliet, u"W"_s);
    c.chats->inputChanged(Juliet, u"Wh"_s); // composing once
    QCOMPARE(states(), QStringList{u"composing"_s});
    QTRY_COMPARE(states(), (QStringList{u"composing"_s, u"paused"_s}));
    c.chats->inputChanged(Juliet, u"Wherefore"_s);
    c.chats->sendMessage(Juliet, u"Wherefore"_s);
    c.chats->inputChanged(Juliet, QString()); // cleared after sending: active already
    QCOMPARE(states(),
             (QStringList{u"composing"_s, u"paused"_s, u"composing"_s, u"active+body"_s}));
    c.chats->inputChanged(Juliet, u"x"_s);
    c.chats->inputChanged(Juliet, QString()); // the user deleted it
    QCOMPARE(states().mid(4), (QStringList{u"composing"_s, u"active"_s}));
}

void tst_ChatService::inactiveAndGoneFollowTheWindow()
{
    FeatureChats c;
    c.chats->setChatActive(Juliet, true); // active from the start: nothing to say
    QVERIFY(c.sentMessages().isEmpty());
    c.chats->setChatActive(Juliet, false);
    QCOMPARE(c.sentMessages().size(), 1);
    QVERIFY(c.sentMessages().last().hasChild(ns::ChatStates, u"inactive"));
    c.chats->setChatActive(Juliet, true);
    QVERIFY(c.sentMessages().last().hasChild(ns::ChatStates, u"active"));
    c.chats->chatClosed(Juliet);
    QVERIFY(c.sentMessages().last().hasChild(ns::ChatStates, u"gone"));
    // Not to strangers (they would learn that we are online).
    c.transport->clearSent();
    c.chats->inputChanged(Jid::fromString(u"tybalt@capulet.lit"), u"typing"_s);
    QVERIFY(c.sentMessages().isEmpty());
}

void tst_ChatService::peerTypingIsShownUntilAMessageAStateOrTimeout()
{
    FeatureChats c;
    QSignalSpy typing(c.chats.get(), &ChatService::typingChanged);
    const auto state = [&c](const QString &name) {
        c.transport->inject(
            u"<message type='chat' from='juliet@capulet.lit/balcony'><%1 "
            u"xmlns='http://jabber.org/protocol/chatstates'/></message>"_s.arg(name));
    };
    state(u"composing"_s);
    QVERIFY(c.chats->isTyping(Juliet));
    QCOMPARE(typing.size(), 1);
    state(u"paused"_s);
    QVERIFY(!c.chats->isTyping(Juliet));
    state(u"composing"_s);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                        u"<body>Here</body></message>"_s);
    QVERIFY(!c.chats->isTyping(Juliet));
    state(u"composing"_s);
    state(u"active"_s);
    QVERIFY(!c.chats->isTyping(Juliet));
    // Someone else typing is not Juliet typing.
    c.transport->inject(u"<message type='chat' from='tybalt@capulet.lit/sword'><composing "
                        u"xmlns='http://jabber.org/protocol/chatstates'/></message>"_s);
    QVERIFY(!c.chats->isTyping(Juliet));
    // No news for a while: not typing any more.
    c.chats->setTypingTimeout(std::chrono::milliseconds(50));
    state(u"composing"_s);
    QVERIFY(c.chats->isTyping(Juliet));
    QTRY_VERIFY(!c.chats->isTyping(Juliet));
    QCOMPARE(typing.last().at(1).toBool(), false);
}

void tst_ChatService::correctingOurLastMessageSendsAReplace()
{
    FeatureChats c;
    const QString first = c.sendAcknowledged(u"First"_s);
    const QString id = c.sendAcknowledged(u"Helo"_s);
    QCOMPARE(c.chats->lastCorrectable(Juliet), id);
    c.transport->clearSent();

    QVERIFY(c.chats->correctMessage(Juliet, id, u"Hello"_s));

    QCOMPARE(c.sentMessages().size(), 1);
    const XmlElement wire = c.sentMessages().first();
    QCOMPARE(wire.childText(ns::Client, u"body"), u"Hello"_s);
    QCOMPARE(wire.firstChild(ns::MessageCorrect, u"replace").attribute(u"id"), id);
    QVERIFY(!wire.attribute(u"id").isEmpty());
    QVERIFY(wire.attribute(u"id") != id); // a new id
    const ChatMessage *m = c.chats->conversation(Juliet)->find(id);
    QCOMPARE(m->body, u"Hello"_s);
    QCOMPARE(m->previousBodies, QStringList{u"Helo"_s});
    QVERIFY(m->editedAt.isValid());
    QCOMPARE(c.chats->conversation(Juliet)->rowCount(), 2); // no new row
    // Again: always naming the original.
    QVERIFY(c.chats->correctMessage(Juliet, id, u"Hello!"_s));
    QCOMPARE(c.sentMessages().last().firstChild(ns::MessageCorrect, u"replace").attribute(u"id"),
             id);
    QCOMPARE(c.chats->conversation(Juliet)->find(id)->previousBodies,
             (QStringList{u"Helo"_s, u"Hello"_s}));
    // Only the last message; nothing while offline.
    QVERIFY(!c.chats->correctMessage(Juliet, first, u"changed"_s));
    c.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    QVERIFY(!c.chats->correctMessage(Juliet, id, u"offline"_s));
    QCOMPARE(c.chats->conversation(Juliet)->find(id)->body, u"Hello!"_s);
}

void tst_ChatService::peerCorrectionsReplaceOnlyTheirOwnMessages()
{
    FeatureChats c;
    const QString ours = c.sendAcknowledged(u"Ours"_s);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                        u"<body>Helo</body></message>"_s);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/chamber' id='j2'>"
                        u"<body>Hello</body><replace xmlns='urn:xmpp:message-correct:0' id='j1'/>"
                        u"</message>"_s);
    ConversationModel *model = c.chats->conversation(Juliet);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->messages().last().body, u"Hello"_s);
    QCOMPARE(model->messages().last().previousBodies, QStringList{u"Helo"_s});
    QCOMPARE(c.chats->unreadCount(Juliet), 1); // a correction is no new message

    // She cannot rewrite what WE said.
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j3'>"
                        u"<body>You said something else</body><replace "
                        u"xmlns='urn:xmpp:message-correct:0' id='%1'/></message>"_s.arg(ours));
    QCOMPARE(model->find(ours)->body, u"Ours"_s);
    QVERIFY(!model->find(ours)->isEdited());
    QCOMPARE(model->rowCount(), 2);
}

void tst_ChatService::correctionsByAThirdPartyAreIgnored()
{
    QTemporaryDir dir;
    FeatureChats c(dir.filePath(u"messages.sqlite"_s));
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                        u"<body>I love thee</body></message>"_s);
    c.transport->inject(u"<message type='chat' from='tybalt@capulet.lit/sword' id='t1'>"
                        u"<body>I hate thee</body><replace xmlns='urn:xmpp:message-correct:0' "
                        u"id='j1'/></message>"_s);
    QCOMPARE(c.chats->conversation(Juliet)->messages().last().body, u"I love thee"_s);
    QVERIFY(!c.chats->conversation(Juliet)->messages().last().isEdited());
    QCOMPARE(c.store.find(Juliet, u"j1"_s)->message.body, u"I love thee"_s);
    QVERIFY(!c.chats->hasConversation(Jid::fromString(u"tybalt@capulet.lit")));
}

void tst_ChatService::retractingOurMessageSendsARetraction()
{
    FeatureChats c;
    const QString id = c.sendAcknowledged(u"Oops"_s);
    QVERIFY(c.chats->canRetract(Juliet, id));
    c.transport->clearSent();
    QVERIFY(c.chats->retractMessage(Juliet, id));
    const XmlElement wire = c.sentMessages().last();
    QCOMPARE(wire.firstChild(u"urn:xmpp:message-retract:1"_s, u"retract").attribute(u"id"), id);
    const ChatMessage *m = c.chats->conversation(Juliet)->find(id);
    QVERIFY(m->retracted);
    QVERIFY(m->body.isEmpty());
    QVERIFY(!c.chats->canRetract(Juliet, id));
    QVERIFY(c.chats->lastCorrectable(Juliet).isEmpty());
    // Not a queued one (it never went out), nor while offline.
    c.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    const QString queued = c.chats->sendMessage(Juliet, u"later"_s);
    QVERIFY(!c.chats->canRetract(Juliet, queued));
    QVERIFY(!c.chats->retractMessage(Juliet, queued));
}

void tst_ChatService::retractionsBySomeoneElseAreIgnored()
{
    FeatureChats c;
    const QString ours = c.sendAcknowledged(u"Ours"_s);
    c.transport->inject(
        u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
        u"<body>Meet me</body><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/></message>"_s);
    const QString retract =
        u"<message type='chat' from='%1' id='x'><retract xmlns='urn:xmpp:message-retract:1' "
        u"id='%2'/><body>fallback</body></message>"_s;
    c.transport->inject(retract.arg(u"tybalt@capulet.lit/sword"_s, u"o-1"_s));
    ConversationModel *model = c.chats->conversation(Juliet);
    QVERIFY(!model->messages().last().retracted);
    // Juliet cannot delete our message.
    c.transport->inject(retract.arg(u"juliet@capulet.lit/balcony"_s, ours));
    QVERIFY(!model->find(ours)->retracted);
    QCOMPARE(model->rowCount(), 2);
    // Her own, by its origin-id: yes.
    c.transport->inject(retract.arg(u"juliet@capulet.lit/chamber"_s, u"o-1"_s));
    QVERIFY(model->messages().last().retracted);
    QVERIFY(model->messages().last().body.isEmpty());
}

void tst_ChatService::correctionsAreStoredWithTheirOriginal()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    QString ours;
    {
        FeatureChats c(path);
        ours = c.sendAcknowledged(u"Good morow"_s);
        QVERIFY(c.chats->correctMessage(Juliet, ours, u"Good morrow"_s));
        c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                            u"<body>Helo</body></message>"_s);
        const QString correction =
            u"<message type='chat' from='juliet@capulet.lit/balcony' id='j2'><body>Hello</body>"
            u"<replace xmlns='urn:xmpp:message-correct:0' id='j1'/></message>"_s;
        c.transport->inject(correction);
        c.transport->inject(correction); // a copy: applied once
        QCOMPARE(c.chats->conversation(Juliet)->messages().last().previousBodies,
                 QStringList{u"Helo"_s});
        c.store.flush();
    }
    FeatureChats c(path);
    const QList<ChatMessage> rows = c.chats->conversation(Juliet)->messages();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).body, u"Good morrow"_s);
    QCOMPARE(rows.at(0).previousBodies, QStringList{u"Good morow"_s});
    QCOMPARE(rows.at(1).body, u"Hello"_s);
    QCOMPARE(rows.at(1).previousBodies, QStringList{u"Helo"_s});
    QVERIFY(rows.at(1).editedAt.isValid());
    QCOMPARE(c.store.search(u"morrow"_s).size(), 1); // the index has the new text
}

void tst_ChatService::retractionsAreStored()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"messages.sqlite"_s);
    QString ours;
    {
        FeatureChats c(path);
        ours = c.sendAcknowledged(u"Secret plan"_s);
        QVERIFY(c.chats->retractMessage(Juliet, ours));
        c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                            u"<body>Her secret</body><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/>"
                            u"</message>"_s);
        c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j2'>"
                            u"<retract xmlns='urn:xmpp:message-retract:1' id='o-1'/>"
                            u"<body>fallback</body></message>"_s);
        c.store.flush();
    }
    FeatureChats c(path);
    const QList<ChatMessage> rows = c.chats->conversation(Juliet)->messages();
    QCOMPARE(rows.size(), 2);
    QVERIFY(rows.at(0).retracted);
    QVERIFY(rows.at(1).retracted);
    QVERIFY(rows.at(0).body.isEmpty() && rows.at(1).body.isEmpty());
    QVERIFY(c.store.search(u"secret"_s).isEmpty()); // gone from the index too
}

void tst_ChatService::changesOutsideTheWindowShowWhenItsMessagesAreLoadedAgain()
{
    QTemporaryDir dir;
    FeatureChats c(dir.filePath(u"messages.sqlite"_s));
    const QString ours = c.sendAcknowledged(u"Meet me at the chapel"_s);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j1'>"
                        u"<body>At noon?</body><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/>"
                        u"</message>"_s);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j2'>"
                        u"<body>Nurse knows</body><origin-id xmlns='urn:xmpp:sid:0' id='o-2'/>"
                        u"</message>"_s);
    ConversationModel *model = c.chats->conversation(Juliet);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // A long talk follows: the first messages leave the window.
    for (int i = 1; i <= ChatService::WindowMessages + 20; ++i) {
        c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='k%1'>"
                            u"<body>k=%1</body></message>"_s.arg(i));
    }
    QCOMPARE(model->rowCount(), ChatService::WindowMessages);
    QVERIFY(!model->find(ours));
    QCOMPARE(model->rowOf(ChatMessage::Direction::Incoming, u"j1"_s), -1);
    QVERIFY(!c.chats->isAtStart(Juliet));

    // Now a receipt and a marker for ours, a correction and a retraction of theirs.
    c.receipt(u"juliet@capulet.lit/balcony"_s, ours);
    c.displayed(u"juliet@capulet.lit/balcony"_s, ours);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j3'>"
                        u"<body>At nine?</body>"
                        u"<replace xmlns='urn:xmpp:message-correct:0' id='j1'/></message>"_s);
    c.transport->inject(u"<message type='chat' from='juliet@capulet.lit/balcony' id='j4'>"
                        u"<retract xmlns='urn:xmpp:message-retract:1' id='o-2'/>"
                        u"<body>fallback</body></message>"_s);
    QCOMPARE(model->rowCount(), ChatService::WindowMessages); // nothing new to show

    // Scrolled back to them, they are as they are now.
    while (!c.chats->isAtStart(Juliet))
        c.chats->loadOlder(Juliet);
    const QList<ChatMessage> &rows = model->messages();
    QCOMPARE(rows.at(0).id, ours);
    QCOMPARE(rows.at(0).state, State::Read);
    QCOMPARE(rows.at(1).body, u"At nine?"_s);
    QCOMPARE(rows.at(1).previousBodies, QStringList{u"At noon?"_s});
    QVERIFY(rows.at(2).retracted);
    QVERIFY(rows.at(2).body.isEmpty());
    QCOMPARE(rows.at(3).body, u"k=1"_s);
}

QTEST_GUILESS_MAIN(tst_ChatService)
#include "tst_chatservice.moc"
