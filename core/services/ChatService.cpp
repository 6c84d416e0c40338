// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatService.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/ChatStateTracker.h"
#include "ext/ChatStatesExtension.h"
#include "ext/CorrectionsExtension.h"
#include "ext/MamExtension.h"
#include "ext/MarkersExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/ReceiptsExtension.h"
#include "ext/RetractionExtension.h"
#include "models/ConversationModel.h"
#include "services/HistorySync.h"
#include "storage/MessageStore.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <optional>
#include <utility>

Q_LOGGING_CATEGORY(lcChats, "natter.chats")

namespace natter {

namespace {

// XEP-0203 <delay stamp='…'/>: when the message was really sent. Stamps are XEP-0082 date-times
// (UTC 'Z' or an offset, optional fractions of a second); one in the future is clamped to now.
QDateTime messageTime(const Message &message)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const XmlElement delay = message.element().firstChild(ns::Delay, u"delay");
    if (delay.isNull())
        return now;
    QDateTime stamp = QDateTime::fromString(delay.attribute(u"stamp"), Qt::ISODateWithMs);
    if (!stamp.isValid()) {
        qCDebug(lcChats) << "ignoring an unreadable delay stamp" << delay.attribute(u"stamp");
        return now;
    }
    if (stamp.timeSpec() == Qt::LocalTime) // no zone given: XEP-0082 times are UTC
        stamp.setTimeSpec(Qt::UTC);
    stamp = stamp.toUTC();
    return std::min(stamp, now);
}

// What recognises a copy of an incoming message: the sender's origin-id, or (without one) its
// stanza id and body. Empty when there is nothing to recognise it by.
QString copyKey(const Jid &peer, const QString &originId, const QString &id, const QString &body)
{
    if (!originId.isEmpty())
        return QStringLiteral("o\n") + peer.bareString() + u'\n' + originId;
    if (!id.isEmpty())
        return QStringLiteral("i\n") + peer.bareString() + u'\n' + id + u'\n' + body;
    return {};
}

std::optional<ChatMessage::Kind> kindOf(Message::Type type)
{
    switch (type) {
    case Message::Type::Chat:
        return ChatMessage::Kind::Chat;
    case Message::Type::Normal:
        return ChatMessage::Kind::Normal;
    case Message::Type::Headline:
        return ChatMessage::Kind::Headline;
    case Message::Type::Error:
        return ChatMessage::Kind::Error;
    case Message::Type::Groupchat:
        return std::nullopt; // multi-user chat is not handled here
    }
    return std::nullopt;
}

} // namespace

struct ChatService::Private
{
    // A message of ours not yet confirmed: Queued (seq == 0: not on the wire of the current
    // connection) or Pending (seq: the order in which it went on the wire). onWire: it went out in
    // the current session, so a resumed XEP-0198 session re-sends it by itself.
    struct Outgoing
    {
        Jid peer;
        QString id;
        quint64 seq = 0;
        bool onWire = false;
    };

    // The newest markable message of a peer not yet marked displayed (XEP-0333).
    struct Markable
    {
        Jid from;
        QString id;
        QString thread;
        Message::Type type = Message::Type::Chat;
        QDateTime timestamp;
    };
    // The newest markable message of the peer becomes the one to mark, also in the store (its
    // meta values), so that a marker owed when the app quits goes out when the chat is next read.
    void noteMarkable(const Jid &peer, const Markable &markable);
    // The marker owed to the peer (taken: forgotten here and in the store), if any.
    std::optional<Markable> takeMarkable(const Jid &peer);
    static QString markableKey(const Jid &peer);

    ChatService *q;
    Account *account;
    MessageExtension *messages;
    PresenceExtension *presence;
    PingExtension *ping;
    MessageStore *store = nullptr;
    QPointer<HistorySync> history;
    QPointer<ReceiptsExtension> receipts;
    QPointer<MarkersExtension> markers;
    QPointer<ChatStatesExtension> chatStates;
    QPointer<CorrectionsExtension> corrections;
    QPointer<RetractionExtension> retraction;

    QHash<Jid, Markable> toMark;
    // The chat the user looks at (setChatActive()): its messages are read as they arrive, never
    // counted unread, and their displayed marker goes out LiveCommitDelay after the first of
    // them for all that arrived meanwhile (a burst, which comes one message per turn of the event
    // loop, would otherwise cost a count change, a store update and a marker per message).
    Jid viewing;
    QTimer *viewedTimer = nullptr; // markViewedSoon()
    void markViewedSoon();
    // Live messages stored in the store's pending batch, told (messageReceived) once it is
    // committed: a crash before would otherwise show them twice (the server still holds them,
    // not acknowledged, and sends them again).
    QList<ChatMessage> toAnnounce;
    void announceStored();
    QHash<Jid, ChatStateTracker *> trackers;
    ChatStateTracker::Timeouts trackerTimeouts;
    QHash<Jid, QTimer *> typing; // peers writing now, each with its timeout
    std::chrono::milliseconds typingTimeout = TypingTimeout;

    QHash<Jid, ConversationModel *> models;
    QList<Jid> order;
    // The window of the store a conversation's model shows (its bounds are the model's first
    // and last stored rows; rows are never shown twice: the model knows their store rows).
    struct Window
    {
        bool loading = false; // a loadOlder() runs
        bool atStart = false; // nothing older exists
        bool atEnd = true;    // the model holds the newest message
        int newer = 0;        // live messages that arrived while not atEnd
        quint64 epoch = 0;    // counts moves and clears: an older load's late answer is dropped
    };
    QHash<Jid, Window> windows;
    QHash<Jid, Jid> locks; // bare → the full JID we are locked to (RFC 6121 §5.1)
    QHash<Jid, int> unread;
    QList<Outgoing> outbox;   // in the order written
    QHash<QString, Jid> ours; // every id of ours → its conversation
    QSet<QString> seen;       // incoming messages already shown, keyed as in isCopy()
    quint64 nextSeq = 1;
    bool confirming = false; // a confirmation ping is out
    quint64 generation = 0;  // counts disconnects; stale ping answers are ignored
    bool online = false;

    void onMessage(const Message &message);
    bool isCopy(const Jid &peer, const Message &message, const QString &body);
    static void logCopy(const Message &message);
    void loadOutbox();
    void loadUnread();
    void onStored(const MessageStore::Entry &entry);
    void showStored(const Jid &peer, const MessageStore::Entry &entry);
    Message stanzaFor(const Jid &peer, const ChatMessage &message) const;
    void onFailed(const QString &id, const Jid &from, const StanzaError &error);
    void onStateChanged(Account::State state);
    void onConnected(bool resumed);
    void onAcknowledged(const QList<XmlElement> &stanzas);
    void onResourceUnavailable(const Jid &fullJid);
    bool transmit(Outgoing &entry);
    void confirm();
    void onConfirmed(quint64 covered, quint64 forGeneration, bool answered);
    void setUnread(const Jid &peer, int count);
    bool isAvailable(const Jid &fullJid) const;
    void lock(const Jid &peer, const Jid &to);
    void unlock(const Jid &peer);

    void useFeatures(const StandardExtensions &e);
    bool haveStore() const { return store && store->isOpen(); }
    // The store keys of the oldest / newest stored message the model holds.
    static std::optional<MessageStore::Key> oldestKey(const ConversationModel *model);
    static std::optional<MessageStore::Key> newestKey(const ConversationModel *model);
    // Adds a stored message to the conversation's model when it falls into its window (true;
    // also when it is there already); else it stays in the store only.
    bool showInWindow(const Jid &peer, const ChatMessage &message, qint64 storeRow);
    // Where a stored message goes: into the model (Shown), or it stays in the store because it
    // is older or newer than the window.
    enum class Placement
    {
        Shown,
        Older,
        Newer
    };
    Placement place(const Jid &peer, const ChatMessage &message, qint64 storeRow);
    // A live message (or one of ours): added to the window, or counted as newer.
    void showLive(const Jid &peer, const ChatMessage &message, qint64 storeRow);
    // Makes room for `incoming` more rows within WindowMessages (before they are added, so
    // the model never holds more): drops its oldest (keepNewest) or newest rows.
    void makeRoom(const Jid &peer, int incoming, bool keepNewest);
    // Replaces the model's rows by these stored messages (the window moved).
    void fillWindow(const Jid &peer, const QList<MessageStore::Entry> &entries, bool atStart,
                    bool atEnd);
    void setAtEnd(const Jid &peer, bool atEnd);
    void onOlder(const Jid &peer, quint64 epoch, const QList<MessageStore::Entry> &entries,
                 bool atStart);
    ChatMessage loaded(const MessageStore::Entry &entry) const;
    void onTick(const Jid &from, const QString &id, ChatMessage::State state);
    void leaveOutbox(const Jid &peer, const QString &id);
    void onPeerState(const Jid &from, ChatStatesExtension::State state);
    void setTyping(const Jid &peer, bool on);
    ChatStateTracker *tracker(const Jid &peer);
    void onCorrection(const Jid &from, const QString &originalId, const Message &correction);
    void onRetraction(const Jid &from, const QString &originId);
    void onUpdated(const MessageStore::Entry &entry);
    // The stored message of this direction with this id in the conversation with peer.
    std::optional<MessageStore::Entry> findStored(const Jid &peer, ChatMessage::Direction direction,
                                                  const QString &id) const;
    // Stores a later state of our message (out of the store's outbox when Delivered or Read).
    void storeState(const Jid &peer, const QString &id, ChatMessage::State state);
    std::optional<MessageStore::Entry> findStoredByOriginId(const Jid &peer,
                                                            ChatMessage::Direction direction,
                                                            const QString &originId) const;

    QSet<QString> appliedCorrections; // without a store: conversation and correction id
};

ChatService::ChatService(Account *account, MessageExtension *messages, PresenceExtension *presence,
                         PingExtension *ping, MessageStore *store, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->account = account;
    d->messages = messages;
    d->presence = presence;
    d->ping = ping;
    d->online = account->isOnline();

    connect(messages, &MessageExtension::messageReceived, this,
            [this](const Message &message) { d->onMessage(message); });
    connect(messages, &MessageExtension::messageFailed, this,
            [this](const QString &id, const Jid &from, const StanzaError &error) {
                d->onFailed(id, from, error);
            });
    connect(account, &Account::stateChanged, this,
            [this](Account::State state) { d->onStateChanged(state); });
    connect(account, &Account::connected, this, [this](bool resumed) { d->onConnected(resumed); });
    connect(account, &Account::stanzasAcknowledged, this,
            [this](const QList<XmlElement> &stanzas) { d->onAcknowledged(stanzas); });
    // The server forgets what we say we handled: the messages stored from it go to disk first.
    connect(account, &Account::acknowledging, this, [this] {
        if (d->store)
            d->store->flush();
    });
    if (presence) {
        connect(presence, &PresenceExtension::resourceUnavailable, this,
                [this](const Jid &fullJid) { d->onResourceUnavailable(fullJid); });
    }
    setStore(store);
}

ChatService::ChatService(Account *account, const StandardExtensions &extensions,
                         MessageStore *store, QObject *parent)
    : ChatService(account, extensions.messages, extensions.presence, extensions.ping, store, parent)
{
    d->useFeatures(extensions);
}

ChatService::~ChatService() = default;

void ChatService::Private::useFeatures(const StandardExtensions &e)
{
    receipts = e.receipts;
    markers = e.markers;
    chatStates = e.chatStates;
    corrections = e.corrections;
    retraction = e.retraction;
    trackerTimeouts.paused = PausedAfter;
    if (receipts) {
        connect(receipts, &ReceiptsExtension::delivered, q,
                [this](const Jid &from, const QString &id) {
                    onTick(from, id, ChatMessage::State::Delivered);
                });
    }
    if (markers) {
        connect(markers, &MarkersExtension::displayed, q,
                [this](const Jid &from, const QString &id) {
                    onTick(from, id, ChatMessage::State::Read);
                });
    }
    if (chatStates) {
        connect(chatStates, &ChatStatesExtension::chatStateChanged, q,
                [this](const Jid &from, ChatStatesExtension::State state) {
                    onPeerState(from, state);
                });
    }
    if (corrections) {
        connect(corrections, &CorrectionsExtension::corrected, q,
                [this](const Jid &from, const QString &originalId, const Message &correction) {
                    onCorrection(from, originalId, correction);
                });
    }
    if (retraction) {
        connect(retraction, &RetractionExtension::retracted, q,
                [this](const Jid &from, const QString &originId) { onRetraction(from, originId); });
    }
}

void ChatService::setStore(MessageStore *store)
{
    if (d->store == store)
        return;
    if (d->store) {
        d->store->flush(); // its committed() tells what waited for it
        d->store->disconnect(this);
    }
    d->store = store;
    if (store)
        connect(store, &MessageStore::committed, this, [this] { d->announceStored(); });
    d->loadUnread();
    d->loadOutbox();
}

MessageStore *ChatService::store() const
{
    return d->store;
}

void ChatService::setHistory(HistorySync *history)
{
    if (d->history)
        d->history->disconnect(this);
    d->history = history;
    if (history) {
        connect(history, &HistorySync::messageStored, this,
                [this](const MessageStore::Entry &entry) { d->onStored(entry); });
        connect(history, &HistorySync::messageUpdated, this,
                [this](const MessageStore::Entry &entry) { d->onUpdated(entry); });
    }
}

ConversationModel *ChatService::conversation(const Jid &peer)
{
    const Jid bare = peer.bare();
    if (ConversationModel *model = d->models.value(bare))
        return model;
    auto *model = new ConversationModel(bare, this);
    d->models.insert(bare, model);
    d->order.append(bare);
    if (d->haveStore()) {
        // The latest messages at once; older ones are the view's to load (store, then archive).
        const QList<MessageStore::Entry> latest = d->store->latest(bare, InitialMessages);
        for (const MessageStore::Entry &entry : latest)
            model->append(d->loaded(entry), entry.rowId);
        // Without an archive to ask, a short history is all there is.
        if (!d->history && latest.size() < InitialMessages)
            d->windows[bare].atStart = true;
    }
    Q_EMIT conversationAdded(bare);
    return model;
}

bool ChatService::hasConversation(const Jid &peer) const
{
    return d->models.contains(peer.bare());
}

QList<Jid> ChatService::conversations() const
{
    return d->order;
}

void ChatService::loadOlder(const Jid &peer)
{
    const Jid bare = peer.bare();
    const ConversationModel *model = d->models.value(bare);
    if (!model)
        return;
    Private::Window &window = d->windows[bare];
    if (window.loading || window.atStart)
        return;
    if (!d->history && !d->haveStore()) {
        window.atStart = true; // nothing is kept anywhere
        Q_EMIT olderStateChanged(bare);
        return;
    }
    window.loading = true;
    Q_EMIT olderStateChanged(bare);
    const quint64 epoch = window.epoch;
    const std::optional<MessageStore::Key> oldest = Private::oldestKey(model);
    if (d->history) {
        d->history->loadOlder(
            bare, oldest, OlderMessages, this,
            [this, bare, epoch](const QList<MessageStore::Entry> &entries, bool atStart) {
                d->onOlder(bare, epoch, entries, atStart);
            });
        return;
    }
    const QList<MessageStore::Entry> entries = oldest
                                                   ? d->store->before(bare, *oldest, OlderMessages)
                                                   : d->store->latest(bare, OlderMessages);
    d->onOlder(bare, epoch, entries, entries.size() < OlderMessages);
}

bool ChatService::isLoadingOlder(const Jid &peer) const
{
    return d->windows.value(peer.bare()).loading;
}

bool ChatService::isAtStart(const Jid &peer) const
{
    return d->windows.value(peer.bare()).atStart;
}

void ChatService::loadNewer(const Jid &peer)
{
    const Jid bare = peer.bare();
    ConversationModel *model = d->models.value(bare);
    if (!model || d->windows.value(bare).atEnd)
        return;
    if (!d->haveStore()) {
        d->setAtEnd(bare, true); // nothing to load: what is shown is all there is
        return;
    }
    const std::optional<MessageStore::Key> newest = Private::newestKey(model);
    if (!newest) {
        showLatest(bare);
        return;
    }
    const QList<MessageStore::Entry> entries = d->store->after(bare, *newest, NewerMessages);
    const auto fresh = std::count_if(entries.cbegin(), entries.cend(), [&](const auto &entry) {
        return model->rowOfStoreRow(entry.rowId) < 0;
    });
    d->makeRoom(bare, int(fresh), true);
    int added = 0;
    for (const MessageStore::Entry &entry : entries) {
        if (model->rowOfStoreRow(entry.rowId) < 0 && model->append(d->loaded(entry), entry.rowId))
            ++added;
    }
    const bool atEnd = entries.size() < NewerMessages;
    qCDebug(lcChats) << "loaded" << added << "newer messages with" << bare.bareString()
                     << (atEnd ? "(at the end)" : "");
    d->setAtEnd(bare, atEnd);
}

bool ChatService::isAtEnd(const Jid &peer) const
{
    return d->windows.value(peer.bare()).atEnd;
}

int ChatService::newerCount(const Jid &peer) const
{
    return d->windows.value(peer.bare()).newer;
}

void ChatService::showLatest(const Jid &peer)
{
    const Jid bare = peer.bare();
    if (!d->models.contains(bare) || d->windows.value(bare).atEnd)
        return;
    if (!d->haveStore()) {
        d->setAtEnd(bare, true);
        return;
    }
    const QList<MessageStore::Entry> latest = d->store->latest(bare, InitialMessages);
    d->fillWindow(bare, latest, !d->history && latest.size() < InitialMessages, true);
}

int ChatService::showAround(const Jid &peer, qint64 storeRow)
{
    const Jid bare = peer.bare();
    ConversationModel *model = conversation(bare);
    if (const int row = model->rowOfStoreRow(storeRow); row >= 0)
        return row;
    if (!d->haveStore())
        return -1;
    const std::optional<MessageStore::Entry> target = d->store->entry(storeRow);
    if (!target || target->message.peer.bare() != bare)
        return -1;
    const MessageStore::Key key = MessageStore::keyOf(*target);
    const int olderCount = (WindowMessages - 1) / 2;
    const int newerCount = WindowMessages - 1 - olderCount;
    QList<MessageStore::Entry> entries = d->store->before(bare, key, olderCount);
    const qsizetype targetIndex = entries.size();
    const QList<MessageStore::Entry> after = d->store->after(bare, key, newerCount);
    const bool atStart = !d->history && targetIndex < olderCount;
    entries.append(*target);
    entries.append(after);
    d->fillWindow(bare, entries, atStart, after.size() < newerCount);
    qCDebug(lcChats) << "showing" << entries.size() << "messages with" << bare.bareString()
                     << "around row" << storeRow;
    return model->rowOfStoreRow(storeRow);
}

std::optional<MessageStore::Key> ChatService::Private::oldestKey(const ConversationModel *model)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (const qint64 stored = model->storeRow(row)) {
            return MessageStore::Key{model->messages().at(row).timestamp.toMSecsSinceEpoch(),
                                     stored};
        }
    }
    return std::nullopt;
}

std::optional<MessageStore::Key> ChatService::Private::newestKey(const ConversationModel *model)
{
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        if (const qint64 stored = model->storeRow(row)) {
            return MessageStore::Key{model->messages().at(row).timestamp.toMSecsSinceEpoch(),
                                     stored};
        }
    }
    return std::nullopt;
}

namespace {
bool keyLess(const MessageStore::Key &a, const MessageStore::Key &b)
{
    return a.timestampMs < b.timestampMs || (a.timestampMs == b.timestampMs && a.rowId < b.rowId);
}
} // namespace

bool ChatService::Private::showInWindow(const Jid &peer, const ChatMessage &message,
                                        qint64 storeRow)
{
    return place(peer, message, storeRow) == Placement::Shown;
}

ChatService::Private::Placement
ChatService::Private::place(const Jid &peer, const ChatMessage &message, qint64 storeRow)
{
    ConversationModel *model = models.value(peer);
    if (!model)
        return Placement::Older;
    if (storeRow && model->rowOfStoreRow(storeRow) >= 0)
        return Placement::Shown;
    const Window &window = windows[peer];
    if (storeRow && haveStore()) {
        const MessageStore::Key key{message.timestamp.toMSecsSinceEpoch(), storeRow};
        const std::optional<MessageStore::Key> oldest = oldestKey(model);
        const std::optional<MessageStore::Key> newest = newestKey(model);
        // Newer than a window that does not reach the end: loadNewer() or showLatest() brings
        // it. Older than the window: loadOlder() does — unless nothing stored lies between it
        // and the window (a message the archive had, from just before what is shown).
        if (!window.atEnd && (!newest || keyLess(*newest, key)))
            return Placement::Newer;
        if (!window.atStart && oldest && keyLess(key, *oldest)) {
            const QList<MessageStore::Entry> next = store->after(peer, key, 1);
            if (next.isEmpty() || next.first().rowId != oldest->rowId)
                return Placement::Older;
        }
    } else if (!window.atEnd) {
        return Placement::Newer;
    }
    makeRoom(peer, 1, window.atEnd);
    model->append(message, storeRow);
    return Placement::Shown;
}

void ChatService::Private::showLive(const Jid &peer, const ChatMessage &message, qint64 storeRow)
{
    if (place(peer, message, storeRow) != Placement::Newer)
        return;
    // Not in view: it waits in the store; the view offers to go to the newest messages.
    ++windows[peer].newer;
    Q_EMIT q->newerStateChanged(peer);
}

void ChatService::Private::makeRoom(const Jid &peer, int incoming, bool keepNewest)
{
    ConversationModel *model = models.value(peer);
    const int excess = model ? model->rowCount() + incoming - WindowMessages : 0;
    if (excess <= 0 || !haveStore())
        return; // without a store nothing dropped could be loaded again
    Window &window = windows[peer];
    if (keepNewest) {
        model->dropOldest(excess);
        if (window.atStart) {
            window.atStart = false;
            Q_EMIT q->olderStateChanged(peer);
        }
    } else {
        model->dropNewest(excess);
        setAtEnd(peer, false);
    }
}

void ChatService::Private::setAtEnd(const Jid &peer, bool atEnd)
{
    Window &window = windows[peer];
    const int newer = atEnd ? 0 : window.newer;
    if (window.atEnd == atEnd && window.newer == newer)
        return;
    window.atEnd = atEnd;
    window.newer = newer;
    Q_EMIT q->newerStateChanged(peer);
}

void ChatService::Private::fillWindow(const Jid &peer, const QList<MessageStore::Entry> &entries,
                                      bool atStart, bool atEnd)
{
    ConversationModel *model = models.value(peer);
    if (!model)
        return;
    QList<ChatMessage> messages;
    QList<qint64> rows;
    messages.reserve(entries.size());
    rows.reserve(entries.size());
    for (const MessageStore::Entry &entry : entries) {
        messages.append(loaded(entry));
        rows.append(entry.rowId);
    }
    model->replace(messages, rows);
    Window &window = windows[peer];
    const bool olderChanged = window.loading || window.atStart != atStart;
    window.loading = false; // an answer still under way is for the old window: dropped
    window.atStart = atStart;
    ++window.epoch;
    if (olderChanged)
        Q_EMIT q->olderStateChanged(peer);
    setAtEnd(peer, atEnd);
}

void ChatService::Private::onOlder(const Jid &peer, quint64 epoch,
                                   const QList<MessageStore::Entry> &entries, bool atStart)
{
    ConversationModel *model = models.value(peer);
    if (!model || windows.value(peer).epoch != epoch)
        return; // cleared or moved meanwhile
    const auto fresh = std::count_if(entries.cbegin(), entries.cend(), [&](const auto &entry) {
        return model->rowOfStoreRow(entry.rowId) < 0;
    });
    makeRoom(peer, int(fresh), false);
    int added = 0;
    // Newest first, each before the messages of its time and later: the order stays (time, row).
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const MessageStore::Entry &entry = *it;
        // Archived messages stored by this load may be shown already (onStored).
        if (model->rowOfStoreRow(entry.rowId) >= 0)
            continue;
        if (model->prependOlder(loaded(entry), entry.rowId))
            ++added;
    }
    Window &window = windows[peer];
    window.loading = false;
    window.atStart = atStart;
    qCDebug(lcChats) << "loaded" << added << "older messages with" << peer.bareString()
                     << (atStart ? "(at the start)" : "");
    Q_EMIT q->olderStateChanged(peer);
}

QString ChatService::sendMessage(const Jid &peer, const QString &body)
{
    const Jid bare = peer.bare();
    const QString text = xmlSafeText(body);
    if (bare.isNull() || text.trimmed().isEmpty())
        return {};
    ChatMessage message;
    message.id = MessageExtension::generateOriginId();
    message.peer = bare;
    message.from = d->account->jid();
    message.direction = ChatMessage::Direction::Outgoing;
    message.state = ChatMessage::State::Queued;
    message.kind = ChatMessage::Kind::Chat;
    message.body = text;
    message.timestamp = QDateTime::currentDateTimeUtc();
    message.originId = message.id;
    if (ChatStateTracker *tracker = d->tracker(bare))
        tracker->messageSent(); // the message carries <active/>
    // What one writes is shown with the newest messages, where the view goes to show it.
    conversation(bare);
    showLatest(bare);
    qint64 storeRow = 0;
    if (d->store) {
        // On disk before it can go on the wire (DESIGN.md: never lose a message).
        const QByteArray stanza = d->stanzaFor(bare, message).element().toXml(ns::Client);
        storeRow = d->store->enqueue(message, message.id, stanza).rowId;
        if (!storeRow) {
            qCWarning(lcChats) << "cannot store" << message.id << "in the outbox; not sending";
            message.state = ChatMessage::State::Failed;
            message.errorCondition = QStringLiteral("storage");
            message.errorText = tr("The message could not be saved, so it was not sent.");
            conversation(bare)->append(message);
            d->ours.insert(message.id, bare);
            return message.id;
        }
    }
    d->showLive(bare, message, storeRow);
    d->ours.insert(message.id, bare);
    d->outbox.append({bare, message.id, 0});
    if (d->online) {
        if (d->transmit(d->outbox.last()))
            d->confirm();
    } else {
        qCDebug(lcChats) << "offline; queued" << message.id << "for" << bare.toString();
    }
    return message.id;
}

void ChatService::retry(const Jid &peer, const QString &id)
{
    const Jid bare = peer.bare();
    ConversationModel *model = d->models.value(bare);
    const ChatMessage *message = model ? model->find(id) : nullptr;
    if (!message || message->state != ChatMessage::State::Failed)
        return;
    if (d->store) {
        ChatMessage again = *message;
        again.state = ChatMessage::State::Queued;
        again.errorCondition.clear();
        again.errorText.clear();
        const QByteArray stanza = d->stanzaFor(bare, again).element().toXml(ns::Client);
        if (!d->store->enqueue(again, id, stanza).rowId)
            return; // still Failed
        d->store->setState(bare, id, ChatMessage::State::Queued);
    }
    model->setState(id, ChatMessage::State::Queued);
    d->ours.insert(id, bare); // (loaded from the store, it may not be known by its id yet)
    d->outbox.append({bare, id, 0});
    if (d->online) {
        if (d->transmit(d->outbox.last()))
            d->confirm();
    }
}

Jid ChatService::sendTarget(const Jid &peer) const
{
    const Jid bare = peer.bare();
    return d->locks.value(bare, bare);
}

void ChatService::clearConversation(const Jid &peer)
{
    const Jid bare = peer.bare();
    if (d->store && d->store->isOpen()) {
        d->store->clear(bare);
        d->store->flush();
    }
    d->outbox.removeIf([&](const Private::Outgoing &o) { return o.peer == bare && o.seq == 0; });
    d->takeMarkable(bare);
    if (ConversationModel *model = d->models.value(bare))
        model->clear();
    if (d->models.contains(bare)) {
        // Nothing older is left; a load under way is dropped when it answers.
        Private::Window &window = d->windows[bare];
        const bool changed = window.loading || !window.atStart;
        window.loading = false;
        window.atStart = true;
        ++window.epoch;
        if (changed)
            Q_EMIT olderStateChanged(bare);
        d->setAtEnd(bare, true);
    }
    d->setUnread(bare, 0);
    qCDebug(lcChats) << "cleared the conversation with" << bare.bareString();
}

int ChatService::unreadCount(const Jid &peer) const
{
    return d->unread.value(peer.bare());
}

int ChatService::totalUnread() const
{
    int total = 0;
    for (int count : std::as_const(d->unread))
        total += count;
    return total;
}

void ChatService::markRead(const Jid &peer)
{
    const Jid bare = peer.bare();
    if (d->store && d->store->isOpen() && d->unread.value(bare) != 0)
        d->store->markRead(bare);
    d->setUnread(bare, 0);
    // XEP-0333 §4: one marker for the newest message covers the ones before it.
    if (!d->markers || !d->online)
        return;
    if (const std::optional<Private::Markable> m = d->takeMarkable(bare))
        d->markers->sendDisplayed(m->from, m->id, m->thread, m->type);
}

QString ChatService::Private::markableKey(const Jid &peer)
{
    return QStringLiteral("markers.owed.") + peer.bareString();
}

void ChatService::Private::noteMarkable(const Jid &peer, const Markable &markable)
{
    const auto known = toMark.constFind(peer);
    if (known != toMark.cend() && known->timestamp.isValid() && markable.timestamp.isValid() &&
        known->timestamp > markable.timestamp)
        return; // an older message from the archive: the newer one's marker covers it
    toMark.insert(peer, markable);
    if (haveStore()) {
        const QStringList fields{markable.from.toString(), markable.id, markable.thread,
                                 markable.type == Message::Type::Normal ? QStringLiteral("normal")
                                                                        : QStringLiteral("chat"),
                                 QString::number(markable.timestamp.toMSecsSinceEpoch())};
        store->setMetaValue(markableKey(peer), fields.join(u'\n'));
    }
}

std::optional<ChatService::Private::Markable> ChatService::Private::takeMarkable(const Jid &peer)
{
    std::optional<Markable> markable;
    if (const auto known = toMark.constFind(peer); known != toMark.cend()) {
        markable = *known;
        toMark.erase(known);
    }
    if (haveStore()) {
        const QString key = markableKey(peer);
        const QStringList fields = store->metaValue(key).split(u'\n');
        if (!markable && fields.size() == 5 && !fields.at(1).isEmpty()) {
            markable =
                Markable{Jid::fromString(fields.at(0)), fields.at(1), fields.at(2),
                         fields.at(3) == u"normal" ? Message::Type::Normal : Message::Type::Chat,
                         QDateTime::fromMSecsSinceEpoch(fields.at(4).toLongLong(), Qt::UTC)};
        }
        if (fields.size() > 1)
            store->setMetaValue(key, {});
    }
    return markable;
}

bool ChatService::isOnline() const
{
    return d->online;
}

int ChatService::undeliveredCount() const
{
    return int(d->outbox.size());
}

void ChatService::Private::setUnread(const Jid &peer, int count)
{
    if (unread.value(peer) == count)
        return;
    if (count == 0)
        unread.remove(peer);
    else
        unread.insert(peer, count);
    Q_EMIT q->unreadChanged(peer, count);
    Q_EMIT q->totalUnreadChanged(q->totalUnread());
}

bool ChatService::Private::isAvailable(const Jid &fullJid) const
{
    if (!presence)
        return false;
    const QList<ResourcePresence> resources = presence->resources(fullJid.bare());
    return std::any_of(resources.cbegin(), resources.cend(),
                       [&](const ResourcePresence &r) { return r.jid == fullJid; });
}

void ChatService::Private::lock(const Jid &peer, const Jid &to)
{
    if (locks.value(peer) == to)
        return;
    qCDebug(lcChats) << "locked" << peer.toString() << "to" << to.toString();
    locks.insert(peer, to);
}

void ChatService::Private::unlock(const Jid &peer)
{
    if (locks.remove(peer))
        qCDebug(lcChats) << "unlocked" << peer.toString();
}

void ChatService::Private::onMessage(const Message &message)
{
    const Jid from = message.from();
    // No 'from': our own account (and carbons, later). Our other resources: carbons, later.
    if (from.isNull() || from.bareEquals(account->jid()))
        return;
    const std::optional<ChatMessage::Kind> kind = kindOf(message.type());
    if (!kind)
        return;
    const Jid peer = from.bare();
    const QString lang = account->preferredLanguage();

    if (*kind == ChatMessage::Kind::Error) {
        if (!message.id().isEmpty() &&
            (ours.contains(message.id()) ||
             findStored(peer, ChatMessage::Direction::Outgoing, message.id())))
            return; // a bounce of ours: messageFailed marks it (onFailed)
        const StanzaError error = message.error();
        ChatMessage row;
        row.id = message.id();
        row.peer = peer;
        row.from = from;
        row.kind = ChatMessage::Kind::Error;
        row.body = message.body(lang);
        row.timestamp = messageTime(message);
        row.errorCondition = error.conditionName();
        row.errorText = error.description();
        q->conversation(peer)->append(row);
        Q_EMIT q->messageReceived(row);
        return;
    }

    // RFC 6121 §5.1: an answer from a resource locks the chat to it; one from the bare JID (or,
    // by replacing the lock, from another resource) moves it.
    //
    // Only to a resource whose available presence we see: without it we would never learn that
    // the resource went away (no subscription; or, with Prosody's XEP-0198 hibernation, a
    // session the contact's client will never resume), and everything we send would go to it.
    if (*kind == ChatMessage::Kind::Chat || *kind == ChatMessage::Kind::Normal) {
        if (from.isFull() && isAvailable(from))
            lock(peer, from);
        else
            unlock(peer);
    }

    const QString body = message.body(lang);
    const QString subject = message.subject(lang);
    if (body.isEmpty() && subject.isEmpty())
        return; // chat states, receipts and the like: not shown here
    if (!body.isEmpty())
        setTyping(peer, false); // it was written
    if (markers && !message.id().isEmpty() && MarkersExtension::isMarkable(message) &&
        (*kind == ChatMessage::Kind::Chat || *kind == ChatMessage::Kind::Normal)) {
        noteMarkable(peer,
                     {from, message.id(), message.thread(), message.type(), messageTime(message)});
    }
    if (isCopy(peer, message, body))
        return;
    ChatMessage m;
    m.id = message.id();
    m.peer = peer;
    m.from = from;
    m.kind = *kind;
    m.body = body;
    m.subject = subject;
    m.thread = message.thread();
    m.timestamp = messageTime(message);
    m.originId = message.originId();
    const bool readNow = !body.isEmpty() && peer == viewing;
    qint64 storeRow = 0;
    if (store) {
        // With the id our archive gave it: a later history sync recognises it by that.
        const QString archiveId = MamExtension::archiveIdOf(message, account->jid().bare());
        const MessageStore::AddResult added = store->add(m, message.originId(), archiveId, readNow);
        if (added.duplicate) {
            logCopy(message); // stored before this session: same sender, same origin-id
            return;
        }
        storeRow = added.rowId;
        if (history && !archiveId.isEmpty())
            history->liveMessageArchived(archiveId);
    }
    // After storing: a conversation opened now loads this message with the latest ones.
    q->conversation(peer);
    showLive(peer, m, storeRow);
    if (readNow)
        markViewedSoon();
    else if (!body.isEmpty())
        setUnread(peer, unread.value(peer) + 1);
    if (!store || !store->hasPendingCommit()) {
        Q_EMIT q->messageReceived(m);
        return;
    }
    // Told when on disk. A server's burst comes one message per turn of the event loop: they
    // share a commit, due LiveCommitDelay after the first, or sooner when the server is told
    // what we handled (Account::acknowledging()).
    toAnnounce.append(m);
    store->commitWithin(LiveCommitDelay);
}

void ChatService::Private::announceStored()
{
    const QList<ChatMessage> stored = std::exchange(toAnnounce, {});
    for (const ChatMessage &m : stored)
        Q_EMIT q->messageReceived(m);
}

bool ChatService::Private::isCopy(const Jid &peer, const Message &message, const QString &body)
{
    // Keyed by the sender's bare JID: origin-ids are chosen by the sender, and only a sender's
    // own ids say which of its messages are the same.
    const QString originId = message.originId();
    const QString key = copyKey(peer, originId, message.id(), body);
    if (key.isEmpty())
        return false; // nothing to recognise it by
    bool copy = seen.contains(key);
    // One with an origin-id the store recognises as it adds it (a unique index): see onMessage.
    if (!copy && store && originId.isEmpty())
        copy = store->containsIncoming(peer, message.id(), body);
    if (copy) {
        logCopy(message);
        return true;
    }
    seen.insert(key);
    return false;
}

void ChatService::Private::logCopy(const Message &message)
{
    qCDebug(lcChats) << "dropping a copy of"
                     << (message.originId().isEmpty() ? message.id() : message.originId()) << "from"
                     << message.from().toString();
}

void ChatService::Private::loadOutbox()
{
    if (!store || !store->isOpen())
        return;
    bool sentAny = false;
    const QList<MessageStore::OutboxEntry> entries = store->outbox();
    for (const MessageStore::OutboxEntry &stored : entries) {
        ChatMessage message = stored.entry.message;
        if (message.direction != ChatMessage::Direction::Outgoing || message.id.isEmpty() ||
            std::any_of(outbox.cbegin(), outbox.cend(),
                        [&](const Outgoing &o) { return o.id == message.id; }))
            continue;
        message.state = ChatMessage::State::Queued;
        message.originId = message.id;
        const Jid peer = message.peer.bare();
        ConversationModel *model = q->conversation(peer);
        ours.insert(message.id, peer);
        outbox.append({peer, message.id, 0});
        // Shown where it belongs when the window holds its time (else it is sent from the store).
        if (showInWindow(peer, message, stored.entry.rowId))
            model->setState(message.id, ChatMessage::State::Queued); // loaded as it was stored
        qCDebug(lcChats) << "outbox: loaded" << message.id << "for" << peer.toString() << "after"
                         << stored.attempts << "attempts";
        if (online && transmit(outbox.last()))
            sentAny = true;
    }
    if (sentAny)
        confirm();
}

void ChatService::Private::loadUnread()
{
    const QHash<Jid, int> stored =
        store && store->isOpen() ? store->unreadCounts() : QHash<Jid, int>();
    for (const Jid &peer : unread.keys()) {
        if (!stored.contains(peer))
            setUnread(peer, 0);
    }
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        setUnread(it.key(), it.value());
}

void ChatService::Private::onStored(const MessageStore::Entry &entry)
{
    // History sync stored it (a message from the archive that was not seen live, or a carbon):
    // new to this device. Our own from this device are in the store already and never come here.
    const ChatMessage &m = entry.message;
    const Jid peer = m.peer.bare();
    if (m.direction == ChatMessage::Direction::Incoming) {
        const QString key = copyKey(peer, entry.originId, m.id, m.body);
        if (!key.isEmpty())
            seen.insert(key);
    }
    if (entry.read) {
        // Older history (a new device's first sync, scrolling back): shown where open and in
        // the window, no alert.
        showInWindow(peer, loaded(entry), entry.rowId);
        return;
    }
    // Arrived while this device was away: when the chat is read, the sender learns it was
    // (XEP-0333), as for a message received live.
    if (markers && m.markable && !m.isOutgoing() && !m.id.isEmpty() &&
        (m.kind == ChatMessage::Kind::Chat || m.kind == ChatMessage::Kind::Normal)) {
        noteMarkable(peer, {m.from, m.id, m.thread,
                            m.kind == ChatMessage::Kind::Normal ? Message::Type::Normal
                                                                : Message::Type::Chat,
                            m.timestamp});
    }
    showStored(peer, entry);
    if (m.direction == ChatMessage::Direction::Incoming) {
        setUnread(peer, unread.value(peer) + 1);
        if (store)
            store->flush();
        Q_EMIT q->messageReceived(m);
    }
}

void ChatService::Private::showStored(const Jid &peer, const MessageStore::Entry &entry)
{
    if (models.contains(peer)) {
        showLive(peer, loaded(entry), entry.rowId);
        return;
    }
    q->conversation(peer); // created from the store, which holds it already
}

Message ChatService::Private::stanzaFor(const Jid &peer, const ChatMessage &stored) const
{
    Message message;
    message.setTo(q->sendTarget(peer));
    message.setType(Message::Type::Chat);
    message.setBody(stored.body);
    message.setId(stored.id);
    message.setOriginId(stored.id); // the same on every attempt
    return message;
}

void ChatService::Private::onFailed(const QString &id, const Jid &from, const StanzaError &error)
{
    // Ours from this run by their id; earlier ones (not loaded now) from the store by whom it
    // went to.
    const auto it = ours.constFind(id);
    if (it == ours.cend() && !findStored(from.bare(), ChatMessage::Direction::Outgoing, id))
        return;
    const Jid peer = it != ours.cend() ? it.value() : from.bare();
    // The resource we were locked to bounced it: it is gone; talk to the bare JID again.
    if (from.isFull() && locks.value(peer) == from)
        unlock(peer);
    std::optional<ChatMessage::State> current;
    if (ConversationModel *model = models.value(peer); model && model->find(id)) {
        current = model->find(id)->state;
    } else if (store) {
        if (const auto stored = findStored(peer, ChatMessage::Direction::Outgoing, id))
            current = stored->message.state;
    }
    if (current && !ChatMessage::mayAdvance(*current, ChatMessage::State::Failed)) {
        // Delivered or read: another resource of the peer has it.
        qCInfo(lcChats) << "ignoring a bounce of" << id << "which" << peer.toString()
                        << "confirmed";
        return;
    }
    outbox.removeIf([&](const Outgoing &o) { return o.id == id; });
    qCInfo(lcChats) << "message" << id << "to" << peer.toString()
                    << "failed:" << error.conditionName();
    if (store)
        store->markFailed(peer, id, error.conditionName(), error.description());
    if (ConversationModel *model = models.value(peer)) {
        model->setState(id, ChatMessage::State::Failed, error.conditionName(), error.description());
    }
}

void ChatService::Private::onStateChanged(Account::State state)
{
    if (state == Account::State::Online || !online)
        return; // going online is handled by onConnected(), after the extensions started
    online = false;
    ++generation;
    confirming = false;
    // Presence is forgotten while offline and the resource may be gone when we are back.
    locks.clear();
    // Not confirmed: maybe lost. Shown as queued; sent again (same ids) on reconnect.
    for (Outgoing &entry : outbox) {
        if (entry.seq == 0)
            continue;
        entry.seq = 0;
        if (ConversationModel *model = models.value(entry.peer))
            model->setState(entry.id, ChatMessage::State::Queued);
    }
    Q_EMIT q->onlineChanged(false);
}

void ChatService::Private::onConnected(bool resumed)
{
    online = true;
    Q_EMIT q->onlineChanged(true);
    bool sentAny = false;
    for (Outgoing &entry : outbox) {
        if (!resumed)
            entry.onWire = false; // a new session: nothing of ours is on its wire yet
        if (entry.seq != 0)
            continue;
        if (resumed && entry.onWire) {
            // The resumed stream re-sent what the server had not acknowledged.
            entry.seq = nextSeq++;
            if (ConversationModel *model = models.value(entry.peer))
                model->setState(entry.id, ChatMessage::State::Pending);
            sentAny = true;
        } else if (transmit(entry)) {
            sentAny = true;
        }
    }
    if (sentAny)
        confirm();
}

void ChatService::Private::onAcknowledged(const QList<XmlElement> &stanzas)
{
    for (const XmlElement &stanza : stanzas) {
        if (stanza.name() != u"message")
            continue;
        const QString id = stanza.attribute(u"id");
        // onWire, not seq: a resumption acknowledges before the session is back (while ours
        // show as queued).
        const auto it = std::find_if(outbox.begin(), outbox.end(),
                                     [&](const Outgoing &o) { return o.onWire && o.id == id; });
        if (it == outbox.end())
            continue;
        const Outgoing entry = *it;
        outbox.erase(it);
        if (store)
            store->dequeue(entry.peer, entry.id);
        if (ConversationModel *model = models.value(entry.peer))
            model->setState(entry.id, ChatMessage::State::Sent);
    }
}

void ChatService::Private::onResourceUnavailable(const Jid &fullJid)
{
    const Jid peer = fullJid.bare();
    if (locks.value(peer) == fullJid)
        unlock(peer);
}

bool ChatService::Private::transmit(Outgoing &entry)
{
    // From the model, or from the store when the window does not hold it now.
    ConversationModel *model = models.value(entry.peer);
    std::optional<ChatMessage> message;
    if (const ChatMessage *shown = model ? model->find(entry.id) : nullptr)
        message = *shown;
    else if (const auto stored = findStored(entry.peer, ChatMessage::Direction::Outgoing, entry.id))
        message = stored->message;
    if (!message)
        return false;
    if (!messages->send(stanzaFor(entry.peer, *message)))
        return false;
    if (store)
        store->noteAttempt(entry.peer, entry.id);
    entry.seq = nextSeq++;
    entry.onWire = true;
    if (model)
        model->setState(entry.id, ChatMessage::State::Pending);
    return true;
}

void ChatService::Private::confirm()
{
    // With XEP-0198 the server's acknowledgements confirm (onAcknowledged).
    if (confirming || !online || account->isStreamManagementEnabled())
        return;
    const quint64 covered = nextSeq - 1;
    const bool anyPending =
        std::any_of(outbox.cbegin(), outbox.cend(), [](const Outgoing &o) { return o.seq != 0; });
    if (!anyPending)
        return;
    confirming = true;
    const quint64 forGeneration = generation;
    ping->ping(Jid(), q, [this, covered, forGeneration](bool, qint64 ms, const QString &) {
        // ms < 0: no answer (timeout or disconnect); an error answer still proves the server
        // handled everything before it.
        onConfirmed(covered, forGeneration, ms >= 0);
    });
}

void ChatService::Private::onConfirmed(quint64 covered, quint64 forGeneration, bool answered)
{
    if (forGeneration != generation)
        return;
    confirming = false;
    if (answered) {
        QList<Outgoing> confirmed;
        outbox.removeIf([&](const Outgoing &o) {
            if (o.seq == 0 || o.seq > covered)
                return false;
            confirmed.append(o);
            return true;
        });
        for (const Outgoing &o : std::as_const(confirmed)) {
            if (store)
                store->dequeue(o.peer, o.id);
            if (ConversationModel *model = models.value(o.peer))
                model->setState(o.id, ChatMessage::State::Sent);
        }
        confirm(); // for the messages sent since
    } else {
        // No answer: the connection is ending (onStateChanged re-queues); after a timeout on a
        // live connection, ask again.
        QTimer::singleShot(0, q, [this] { confirm(); });
    }
}

ChatMessage ChatService::Private::loaded(const MessageStore::Entry &entry) const
{
    ChatMessage m = entry.message;
    if (m.originId.isEmpty())
        m.originId = m.isOutgoing() ? m.id : entry.originId; // ours carry the id as origin-id
    if (m.editedAt.isValid() && store)
        m.previousBodies = store->previousBodies(entry.rowId);
    if (m.isOutgoing()) {
        // The store keeps ours Queued until the server confirms them; on the wire they are
        // Pending (a window that loads them again shows what they are now).
        const auto out = std::find_if(outbox.cbegin(), outbox.cend(), [&](const Outgoing &o) {
            return o.id == m.id && o.peer == m.peer.bare();
        });
        if (out != outbox.cend())
            m.state = out->seq != 0 ? ChatMessage::State::Pending : ChatMessage::State::Queued;
    }
    return m;
}

void ChatService::Private::leaveOutbox(const Jid &peer, const QString &id)
{
    // (The store's outbox: MessageStore::advanceState() and markReadUpTo() take them out.)
    outbox.removeIf([&](const Outgoing &o) { return o.id == id && o.peer == peer; });
}

void ChatService::Private::onTick(const Jid &from, const QString &id, ChatMessage::State state)
{
    if (from.isNull() || id.isEmpty() || from.bareEquals(account->jid()))
        return; // our own devices do not tick our messages
    // Only the peer of the conversation the message went to (any of its devices).
    const Jid peer = from.bare();
    if (!MarkersExtension::isFromPeer(from, peer))
        return;
    ConversationModel *model = models.value(peer);
    const int row = model ? model->rowOf(id) : -1; // ours only
    std::optional<MessageStore::Entry> stored;
    if (store)
        stored = findStored(peer, ChatMessage::Direction::Outgoing, id);
    if (row < 0 && !stored) {
        qCDebug(lcChats) << "ignoring"
                         << (state == ChatMessage::State::Read ? "a marker" : "a receipt") << "for"
                         << id << "from" << from.toString() << ": no message of ours to them";
        return;
    }
    const ChatMessage::State current =
        row >= 0 ? model->messages().at(row).state : stored->message.state;
    if (current == state || !ChatMessage::mayAdvance(current, state))
        return;
    leaveOutbox(peer, id);
    if (store)
        storeState(peer, id, state);
    if (model)
        model->setState(id, state);
    if (state != ChatMessage::State::Read)
        return;
    // XEP-0333 §4: displayed implies every earlier message (that went out: not Queued or Failed).
    if (stored)
        store->markReadUpTo(peer, stored->rowId);
    if (model && row >= 0) {
        for (int r = 0; r < row; ++r) {
            const ChatMessage &m = model->messages().at(r);
            const bool wentOut = m.state == ChatMessage::State::Pending ||
                                 m.state == ChatMessage::State::Sent ||
                                 m.state == ChatMessage::State::Delivered;
            if (!m.isOutgoing() || !wentOut)
                continue;
            const QString earlier = m.id;
            leaveOutbox(peer, earlier);
            if (store && !stored)
                storeState(peer, earlier, ChatMessage::State::Read);
            model->setState(earlier, ChatMessage::State::Read);
        }
    }
}

void ChatService::Private::onPeerState(const Jid &from, ChatStatesExtension::State state)
{
    if (from.isNull() || from.bareEquals(account->jid()))
        return;
    setTyping(from.bare(), state == ChatStatesExtension::State::Composing);
}

void ChatService::Private::setTyping(const Jid &peer, bool on)
{
    QTimer *timer = typing.value(peer);
    if (!on) {
        if (!timer)
            return;
        typing.remove(peer);
        timer->deleteLater();
        Q_EMIT q->typingChanged(peer, false);
        return;
    }
    if (timer) {
        timer->start(typingTimeout); // still writing: the timeout starts again
        return;
    }
    timer = new QTimer(q);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, q, [this, peer] {
        qCDebug(lcChats) << peer.toString() << "stopped writing without saying so";
        setTyping(peer, false);
    });
    typing.insert(peer, timer);
    timer->start(typingTimeout);
    Q_EMIT q->typingChanged(peer, true);
}

ChatStateTracker *ChatService::Private::tracker(const Jid &peer)
{
    if (!chatStates)
        return nullptr;
    ChatStateTracker *t = trackers.value(peer);
    if (!t) {
        t = new ChatStateTracker(chatStates, peer, q);
        t->setTimeouts(trackerTimeouts);
        trackers.insert(peer, t);
    }
    // To where our messages go: the locked resource, else the bare JID.
    t->setPeer(q->sendTarget(peer));
    return t;
}

void ChatService::Private::markViewedSoon()
{
    if (!viewedTimer) {
        viewedTimer = new QTimer(q);
        viewedTimer->setSingleShot(true);
        viewedTimer->setInterval(ChatService::LiveCommitDelay);
        connect(viewedTimer, &QTimer::timeout, q, [this] {
            if (!viewing.isNull())
                q->markRead(viewing);
        });
    }
    if (!viewedTimer->isActive())
        viewedTimer->start();
}

void ChatService::setChatActive(const Jid &peer, bool active)
{
    const Jid bare = peer.bare();
    if (active)
        d->viewing = bare;
    else if (d->viewing == bare)
        d->viewing = Jid();
    if (ChatStateTracker *t = d->tracker(bare)) {
        if (active)
            t->activate();
        else
            t->deactivate();
    }
}

void ChatService::inputChanged(const Jid &peer, const QString &text)
{
    if (ChatStateTracker *t = d->tracker(peer.bare()))
        t->textEdited(text);
}

void ChatService::chatClosed(const Jid &peer)
{
    const Jid bare = peer.bare();
    if (ChatStateTracker *t = d->trackers.take(bare)) {
        t->setPeer(sendTarget(bare));
        t->close();
        t->deleteLater();
    }
}

bool ChatService::isTyping(const Jid &peer) const
{
    return d->typing.contains(peer.bare());
}

void ChatService::setChatStateTimeouts(std::chrono::milliseconds paused,
                                       std::chrono::milliseconds inactive,
                                       std::chrono::milliseconds gone)
{
    d->trackerTimeouts = {paused, inactive, gone};
    for (ChatStateTracker *t : std::as_const(d->trackers))
        t->setTimeouts(d->trackerTimeouts);
}

void ChatService::setTypingTimeout(std::chrono::milliseconds timeout)
{
    d->typingTimeout = timeout;
}

QString ChatService::lastCorrectable(const Jid &peer) const
{
    const ConversationModel *model = d->models.value(peer.bare());
    // Our newest message is in the model only while its window reaches the end.
    if (!model || !isAtEnd(peer))
        return {};
    const QList<ChatMessage> &rows = model->messages();
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) {
        if (!it->isOutgoing() || it->retracted || it->kind != ChatMessage::Kind::Chat)
            continue;
        // Only the newest: XEP-0308 corrects the last message.
        if (it->state == ChatMessage::State::Queued || it->state == ChatMessage::State::Failed)
            return {};
        return it->id;
    }
    return {};
}

bool ChatService::correctMessage(const Jid &peer, const QString &id, const QString &body)
{
    const Jid bare = peer.bare();
    const QString text = xmlSafeText(body);
    ConversationModel *model = d->models.value(bare);
    const int row = model ? model->rowOf(id) : -1;
    if (row < 0 || text.trimmed().isEmpty() || !d->corrections || !d->online ||
        id != lastCorrectable(bare)) // XEP-0308 corrects the last message only
        return false;
    const ChatMessage original = model->messages().at(row);
    if (original.retracted || original.state == ChatMessage::State::Queued ||
        original.state == ChatMessage::State::Failed)
        return false;
    if (text == original.body)
        return true; // nothing changed
    const std::optional<Message> sent =
        d->corrections->sendCorrection(sendTarget(bare), original.id, text);
    if (!sent)
        return false;
    if (ChatStateTracker *t = d->tracker(bare))
        t->messageSent();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (const auto stored = d->findStored(bare, ChatMessage::Direction::Outgoing, id)) {
        d->store->addCorrection(
            stored->rowId, sent->originId().isEmpty() ? sent->id() : sent->originId(), text, now);
    }
    model->correct(row, text, now);
    qCDebug(lcChats) << "corrected" << id << "with" << sent->id();
    return true;
}

bool ChatService::canRetract(const Jid &peer, const QString &id) const
{
    const ConversationModel *model = d->models.value(peer.bare());
    const ChatMessage *m = model ? model->find(id) : nullptr;
    return m && d->retraction && !m->retracted && m->kind != ChatMessage::Kind::Error &&
           ChatMessage::rank(m->state) >= 1;
}

bool ChatService::retractMessage(const Jid &peer, const QString &id)
{
    const Jid bare = peer.bare();
    if (!canRetract(bare, id) || !d->online)
        return false;
    ConversationModel *model = d->models.value(bare);
    const int row = model->rowOf(id);
    const ChatMessage &m = model->messages().at(row);
    const QString originId = m.originId.isEmpty() ? m.id : m.originId;
    if (!d->retraction->retract(sendTarget(bare), originId))
        return false;
    if (const auto stored = d->findStored(bare, ChatMessage::Direction::Outgoing, id))
        d->store->retract(stored->rowId);
    model->retract(row);
    qCDebug(lcChats) << "retracted" << id;
    return true;
}

void ChatService::Private::onCorrection(const Jid &from, const QString &originalId,
                                        const Message &correction)
{
    // Ours from other devices arrive as carbons (HistorySync); a live one from our own account
    // is not the peer's to change anything.
    if (from.isNull() || from.bareEquals(account->jid()))
        return;
    const Jid peer = from.bare();
    const QString body = xmlSafeText(correction.body(account->preferredLanguage()));
    if (body.isEmpty())
        return;
    ConversationModel *model = models.value(peer);
    // Only an incoming message of the conversation with the sender: the same bare JID wrote it.
    int row = model ? model->rowOf(ChatMessage::Direction::Incoming, originalId) : -1;
    std::optional<MessageStore::Entry> stored;
    if (store)
        stored = findStored(peer, ChatMessage::Direction::Incoming, originalId);
    if (!stored && row < 0) {
        qCInfo(lcChats) << "ignoring a correction from" << from.toString() << "of" << originalId
                        << ": no message of theirs with that id";
        return;
    }
    const Jid originalFrom = stored ? stored->message.from : model->messages().at(row).from;
    if (!CorrectionsExtension::isValidCorrection(from, originalFrom, correction.type())) {
        qCWarning(lcChats) << "dropping a correction from" << from.toString() << "of a message by"
                           << originalFrom.toString();
        return;
    }
    const bool retracted = stored ? stored->message.retracted : model->messages().at(row).retracted;
    if (retracted)
        return;
    const QDateTime at = messageTime(correction);
    const QString correctionId =
        correction.originId().isEmpty() ? correction.id() : correction.originId();
    if (stored) {
        if (!store->addCorrection(stored->rowId, correctionId, body, at))
            return; // a copy, or the message was deleted
        if (model && row < 0)
            row = model->rowOf(ChatMessage::Direction::Incoming, stored->message.id);
    } else if (!correctionId.isEmpty()) {
        const QString key = peer.bareString() + u'\n' + correctionId;
        if (appliedCorrections.contains(key))
            return; // a copy
        appliedCorrections.insert(key);
    }
    setTyping(peer, false);
    if (model && row >= 0)
        model->correct(row, body, at);
}

void ChatService::Private::onRetraction(const Jid &from, const QString &originId)
{
    if (from.isNull() || from.bareEquals(account->jid()))
        return;
    const Jid peer = from.bare();
    ConversationModel *model = models.value(peer);
    const int row = model ? model->rowOfOriginId(ChatMessage::Direction::Incoming, originId) : -1;
    std::optional<MessageStore::Entry> stored;
    if (store)
        stored = findStoredByOriginId(peer, ChatMessage::Direction::Incoming, originId);
    if (!stored && row < 0) {
        qCInfo(lcChats) << "ignoring a retraction from" << from.toString() << "of" << originId
                        << ": no message of theirs with that origin-id";
        return;
    }
    const Jid originalFrom = stored ? stored->message.from : model->messages().at(row).from;
    if (!RetractionExtension::isFromOriginalSender(from, originalFrom, Message::Type::Chat))
        return;
    if (stored)
        store->retract(stored->rowId);
    if (model && row >= 0)
        model->retract(row);
}

void ChatService::Private::onUpdated(const MessageStore::Entry &entry)
{
    // History sync applied a correction or retraction (or a later state) to a stored message.
    ConversationModel *model = models.value(entry.message.peer.bare());
    if (!model)
        return;
    const ChatMessage m = loaded(entry);
    int row = model->rowOf(m.direction, m.id);
    if (row < 0)
        row = model->rowOfOriginId(m.direction, entry.originId);
    model->update(row, m);
}

std::optional<MessageStore::Entry>
ChatService::Private::findStored(const Jid &peer, ChatMessage::Direction direction,
                                 const QString &id) const
{
    if (!store || !store->isOpen())
        return std::nullopt;
    return store->find(peer, direction, id);
}

std::optional<MessageStore::Entry>
ChatService::Private::findStoredByOriginId(const Jid &peer, ChatMessage::Direction direction,
                                           const QString &originId) const
{
    if (!store || !store->isOpen())
        return std::nullopt;
    return store->findByOriginId(peer, direction, originId);
}

void ChatService::Private::storeState(const Jid &peer, const QString &id, ChatMessage::State state)
{
    if (store && store->isOpen())
        store->advanceState(peer, id, state); // also out of the store's outbox
}

} // namespace natter
