// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ChatMessage.h"
#include "stanza/Jid.h"

#include <QHash>
#include <QObject>

#include <chrono>
#include <memory>

namespace natter {

class Account;
class ChatStatesExtension;
class ConversationModel;
class CorrectionsExtension;
class HistorySync;
class MarkersExtension;
class MessageExtension;
class MessageStore;
class PingExtension;
class PresenceExtension;
class ReceiptsExtension;
class RetractionExtension;
struct StandardExtensions;

// One-to-one conversations (RFC 6121 §5): receives messages into per-contact ConversationModels,
// sends with resource locking (§5.1: to the bare JID until the contact answers from a resource
// whose available presence we see, then to that resource, unlocked again when it goes offline or
// answers from another), queues
// what is written while offline and sends it once online, and tracks the delivery state of our
// messages (Queued → Pending → Sent once the server confirmed holding it, or Failed on an error
// bounce). Unread counts per conversation.
//
// Delivery confirmation: with XEP-0198 stream management active, the server's acknowledgements
// (Account::stanzasAcknowledged) mark our messages Sent. Without it, after sending one or more
// messages we send one XEP-0199 ping to our server; as the server handles a session's stanzas in
// order, its answer (a result or an error) proves that it holds every message sent before the
// ping, which become Sent. Only one confirmation ping is out at a time; messages sent while it
// is out get the next one, sent when it returns.
//
// Re-sending: a message still Pending when the connection drops is not known to have arrived;
// it is shown Queued again. When a XEP-0198 session is resumed, the stream itself re-sends what
// the server had not acknowledged. Otherwise (a new session) we send it once more with the SAME
// stanza id and XEP-0359 origin-id, so that a receiver that got the first copy can recognise the
// second (receivers dedupe by origin-id; one that does not may show it twice — the price of never
// losing a message). Retrying a Failed message also keeps its ids.
//
// Incoming: chat, normal and headline messages with a body or subject go to the conversation of
// the sender's bare JID (created on the spot; conversationAdded). Errors bouncing one of our
// messages mark it Failed with the condition in words; other errors become error rows.
// Groupchat messages (multi-user chat) and messages from our own bare JID (carbons) are not
// handled here. XEP-0203 delay stamps set the time of incoming messages.
//
// Exactly once: an incoming message whose sender (bare JID) and XEP-0359 origin-id — or, without
// one, whose stanza id and body — were seen before in this conversation is a copy sent again
// (after a lost acknowledgement, a failed resumption, a restart of the sender) and is dropped.
//
// Durable outbox: with a MessageStore, every message of ours is written to the store's outbox
// (committed) before it goes on the wire, leaves the outbox only once the server confirmed it
// (acknowledgement or ping, as above), and is marked Failed there with the reason of a bounce.
// Setting a store loads its outbox: what a previous run (or a crash) left unconfirmed is shown
// Queued and sent again, with the same id and origin-id, once online. Incoming messages are
// stored too, so that copies are recognised across restarts.
//
// Catching up: HistorySync (setHistory()) fetches from our archive (XEP-0313) what arrived while
// this device was away or between two sessions — what the server had queued for a session that
// could not be resumed may be gone (Prosody keeps at most smacks_max_queue_size unacknowledged
// stanzas and drops older ones, counting on MAM). It stores what is new; this service shows it
// (unread, messageReceived) and tells it the archive ids of live messages. Copies of what was
// shown are dropped as above, and what the sync stores is never shown twice either.
//
// With a store, a conversation opens with its latest InitialMessages from the store, and unread
// counts are the store's (markRead() writes them).
//
// A window over long conversations: with a store, a conversation's model holds at most
// WindowMessages of its messages, however far the user scrolls. loadOlder() adds older ones at
// the top and drops the newest beyond the bound; loadNewer() adds newer ones from the store at
// the bottom and drops the oldest. While the window does not reach the newest message
// (isAtEnd() false), live messages are stored and counted (newerCount()) but not added to the
// model; showLatest() moves the window back to the newest messages at once, showAround() to a
// stored message (a search hit) with about half the window on either side. Ticks, corrections,
// retractions and failures of messages outside the window go to the store, so they show when
// the messages are loaded again; our queued messages are sent from the store when their rows
// are not loaded.
//
// With the per-message extensions (the StandardExtensions constructor):
//
// Ticks: a delivery receipt (XEP-0184) makes our message Delivered, a displayed marker (XEP-0333)
// makes it and every earlier message of ours in that chat Read (except Queued and Failed ones).
// Both count only from the chat's peer (same bare JID) and only for ids of our messages in that
// conversation; a Delivered or Read message never goes back (ChatMessage::mayAdvance), and it
// leaves the outbox (the peer has it, so the server had it). States are stored. Receipt requests
// are answered by ReceiptsExtension as messages arrive (to whom may see our presence); the
// displayed marker for the newest markable message of a chat goes out with markRead(), which the
// window calls while the chat is in view (MarkersExtension refuses whom may not see our presence).
// While a chat is active (setChatActive()), what arrives in it is stored as read and never
// counted unread; its marker goes out once per turn of the event loop, for the newest message.
//
// Chat states (XEP-0085): the window reports what the user does (setChatActive(), inputChanged(),
// chatClosed()) and one ChatStateTracker per chat sends composing, paused (after PausedAfter idle),
// active, inactive and gone by the XEP's rules. The peer's "composing" makes isTyping() true until
// it sends another state or a message, or TypingTimeout passes (typingChanged).
//
// Corrections (XEP-0308): correctMessage() sends a new text for our last message (a new id with
// <replace/> naming the original) while online. A correction from the peer replaces the text of
// the message it names only when that is an incoming message of the same conversation (the same
// bare JID sent it); its earlier texts stay (ChatMessage::previousBodies), stored with it.
//
// Retraction (XEP-0424): retractMessage() deletes one of our sent messages for everyone while
// online. A retraction from the peer deletes only an incoming message of that conversation with
// that origin-id. A retracted message keeps its place, without text (stored so).
class ChatService : public QObject
{
    Q_OBJECT
public:
    // store: the account's message store (open), or null for an in-memory outbox; not owned.
    ChatService(Account *account, MessageExtension *messages, PresenceExtension *presence,
                PingExtension *ping, MessageStore *store = nullptr, QObject *parent = nullptr);
    // With every feature of the standard extensions (receipts, markers, chat states,
    // corrections, retraction).
    ChatService(Account *account, const StandardExtensions &extensions,
                MessageStore *store = nullptr, QObject *parent = nullptr);
    ~ChatService() override;

    // Our chat state: paused after this long without a keystroke while composing.
    static constexpr std::chrono::milliseconds PausedAfter{5'000};
    // The peer's "composing" is forgotten after this long without news.
    static constexpr std::chrono::milliseconds TypingTimeout{60'000};
    // A live message is committed to the store at most this long after it arrived, with the
    // others that arrived meanwhile (messageReceived follows the commit). The server learns
    // that we have it only after that (ClientStream answers its <r/> AckAnswerDelay later).
    static constexpr std::chrono::milliseconds LiveCommitDelay{20};

    // Uses another store from now on (the account being logged in changed) and loads what its
    // outbox holds. The store must outlive its use here (set null before deleting it).
    void setStore(MessageStore *store);
    MessageStore *store() const;
    // The history sync that catches up from our archive (null: none); not owned.
    void setHistory(HistorySync *history);

    // How many of its latest messages a conversation opens with, and how many more each
    // loadOlder() / loadNewer() asks for.
    static constexpr int InitialMessages = 50;
    static constexpr int OlderMessages = 50;
    static constexpr int NewerMessages = 50;
    // The most messages a conversation's model holds (with a store; without one nothing could be
    // loaded again, so nothing is dropped). Six pages: scrolling a page back or forth never
    // drops what is in view.
    static constexpr int WindowMessages = 300;

    // The conversation with a contact (bare JID), created on first use. Owned by the service.
    ConversationModel *conversation(const Jid &peer);
    bool hasConversation(const Jid &peer) const;
    QList<Jid> conversations() const;

    // Scrolling back: adds up to OlderMessages messages older than the oldest one the
    // conversation's model holds — from the store, then (with a history sync) from our archive
    // (HistorySync::loadOlder) — without showing any twice. One request at a time per
    // conversation; ignored while one runs, once the start is reached, or for a conversation not
    // open. olderStateChanged when it starts and when it ends.
    void loadOlder(const Jid &peer);
    // Whether a loadOlder() of the conversation is under way.
    bool isLoadingOlder(const Jid &peer) const;
    // Whether the model holds the conversation from its first message (nothing older is stored
    // nor, as far as known, in the archive).
    bool isAtStart(const Jid &peer) const;

    // Scrolling forward again: adds up to NewerMessages stored messages newer than the newest
    // one the model holds, dropping the oldest beyond WindowMessages. Ignored once the window
    // reaches the newest message. newerStateChanged when isAtEnd() or newerCount() changed.
    void loadNewer(const Jid &peer);
    // Whether the model holds the newest message (live messages are added to it). True for a
    // conversation not open.
    bool isAtEnd(const Jid &peer) const;
    // Messages that arrived while the window did not reach the newest message.
    int newerCount(const Jid &peer) const;
    // Moves the window back to the newest messages (its latest InitialMessages), at once.
    void showLatest(const Jid &peer);
    // Opens the conversation's window around its stored message in this MessageStore row (a
    // search hit): about WindowMessages / 2 older and newer messages with it. Returns the
    // message's row in the model, or -1 when it is not a stored message of this conversation.
    // A message the model holds already leaves the window where it is.
    int showAround(const Jid &peer, qint64 storeRow);

    // Forgets the conversation's history: its stored messages (MessageStore::clear) and what its
    // model shows; the unread count becomes 0. Messages of ours still waiting to go out (Queued)
    // are not sent; ones already on the wire wait for their confirmation as before.
    void clearConversation(const Jid &peer);

    // Sends (or queues while offline) a chat message to the contact; returns its id (also its
    // origin-id). Empty (and nothing sent) for a blank body or an invalid peer.
    QString sendMessage(const Jid &peer, const QString &body);
    // Sends a failed message again (same id and origin-id).
    void retry(const Jid &peer, const QString &id);

    // The full JID messages currently go to, or the bare JID when not locked.
    Jid sendTarget(const Jid &peer) const;

    int unreadCount(const Jid &peer) const;
    int totalUnread() const;
    // The user sees the chat now: its messages count as read, and the newest markable message
    // of the peer gets a displayed marker (XEP-0333).
    void markRead(const Jid &peer);

    // Chat states (XEP-0085) from the chat window. Active: the chat is in view and has the
    // focus; not active: it lost it but stays open. Messages arriving in the active chat are
    // read on arrival (see above).
    void setChatActive(const Jid &peer, bool active);
    // What is written in the input box changed (composing; cleared: active).
    void inputChanged(const Jid &peer, const QString &text);
    // The chat was closed (gone).
    void chatClosed(const Jid &peer);
    // Whether the peer is writing (its last chat state was composing).
    bool isTyping(const Jid &peer) const;
    // Tests: shorter idle periods for our chat states and for the peer's typing.
    void setChatStateTimeouts(std::chrono::milliseconds paused, std::chrono::milliseconds inactive,
                              std::chrono::milliseconds gone);
    void setTypingTimeout(std::chrono::milliseconds timeout);

    // Last message correction (XEP-0308): the id of our message that Up would edit (our newest
    // message in the chat, when it went out and was not deleted), or empty.
    QString lastCorrectable(const Jid &peer) const;
    // Sends body as the new text of our message id. false (nothing sent) when offline, for an
    // unknown, failed or deleted message, or a blank text.
    bool correctMessage(const Jid &peer, const QString &id, const QString &body);
    // Message retraction (XEP-0424): whether our message id may be deleted for everyone (it went
    // out and is not deleted), and doing so. false when offline.
    bool canRetract(const Jid &peer, const QString &id) const;
    bool retractMessage(const Jid &peer, const QString &id);

    // Whether the account is online (messages go out at once) or they are queued.
    bool isOnline() const;
    // Messages written but not yet confirmed (Queued or Pending), all conversations.
    int undeliveredCount() const;

Q_SIGNALS:
    // An incoming message with a body (or an error/subject) arrived; for notifications. With a
    // store: once it is on disk (up to LiveCommitDelay after it arrived).
    void messageReceived(const natter::ChatMessage &message);
    // A conversation was created (by an incoming message or by conversation()).
    void conversationAdded(const natter::Jid &peer);
    void unreadChanged(const natter::Jid &peer, int count);
    void totalUnreadChanged(int count);
    // The account went online or offline.
    void onlineChanged(bool online);
    // The peer started or stopped writing (XEP-0085 composing).
    void typingChanged(const natter::Jid &peer, bool typing);
    // isLoadingOlder() or isAtStart() of the conversation changed.
    void olderStateChanged(const natter::Jid &peer);
    // isAtEnd() or newerCount() of the conversation changed.
    void newerStateChanged(const natter::Jid &peer);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace natter
