// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatService.h"

#include "account/Account.h"
#include "ext/MamExtension.h"
#include "ext/MessageExtension.h"
#include "ext/PingExtension.h"
#include "ext/PresenceExtension.h"
#include "models/ConversationModel.h"
#include "services/HistorySync.h"
#include "storage/MessageStore.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <algorithm>

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

    ChatService *q;
    Account *account;
    MessageExtension *messages;
    PresenceExtension *presence;
    PingExtension *ping;
    MessageStore *store = nullptr;
    QPointer<HistorySync> history;

    QHash<Jid, ConversationModel *> models;
    QList<Jid> order;
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
    void loadOutbox();
    void loadUnread();
    void onStored(const MessageStore::Entry &entry);
    void showStored(const Jid &peer, const ChatMessage &message);
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
    if (presence) {
        connect(presence, &PresenceExtension::resourceUnavailable, this,
                [this](const Jid &fullJid) { d->onResourceUnavailable(fullJid); });
    }
    setStore(store);
}

ChatService::~ChatService() = default;

void ChatService::setStore(MessageStore *store)
{
    if (d->store == store)
        return;
    d->store = store;
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
    if (d->store && d->store->isOpen()) {
        // The latest messages at once; older ones are the view's to load (store, then archive).
        for (const MessageStore::Entry &entry : d->store->latest(bare, InitialMessages)) {
            model->append(entry.message);
            if (entry.message.direction == ChatMessage::Direction::Outgoing)
                d->ours.insert(entry.message.id, bare);
        }
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
    if (d->store) {
        // On disk before it can go on the wire (DESIGN.md: never lose a message).
        const QByteArray stanza = d->stanzaFor(bare, message).element().toXml(ns::Client);
        if (!d->store->enqueue(message, message.id, stanza).rowId) {
            qCWarning(lcChats) << "cannot store" << message.id << "in the outbox; not sending";
            message.state = ChatMessage::State::Failed;
            message.errorCondition = QStringLiteral("storage");
            message.errorText = tr("The message could not be saved, so it was not sent.");
            conversation(bare)->append(message);
            d->ours.insert(message.id, bare);
            return message.id;
        }
    }
    conversation(bare)->append(message);
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
        if (!message.id().isEmpty() && ours.contains(message.id()))
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
    if (isCopy(peer, message, body))
        return;
    ConversationModel *model = q->conversation(peer); // before storing: it loads the store
    ChatMessage m;
    m.id = message.id();
    m.peer = peer;
    m.from = from;
    m.kind = *kind;
    m.body = body;
    m.subject = subject;
    m.thread = message.thread();
    m.timestamp = messageTime(message);
    if (store) {
        // With the id our archive gave it: a later history sync recognises it by that.
        const QString archiveId = MamExtension::archiveIdOf(message, account->jid().bare());
        store->add(m, message.originId(), archiveId);
        if (history && !archiveId.isEmpty())
            history->liveMessageArchived(archiveId);
    }
    model->append(m);
    if (!body.isEmpty())
        setUnread(peer, unread.value(peer) + 1);
    if (store)
        store->flush(); // on disk before anyone is told: a crash now does not show it twice
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
    if (!copy && store) {
        copy = !originId.isEmpty() ? store->containsOriginId(peer, originId)
                                   : store->containsIncoming(peer, message.id(), body);
    }
    if (copy) {
        qCDebug(lcChats) << "dropping a copy of" << (originId.isEmpty() ? message.id() : originId)
                         << "from" << message.from().toString();
        return true;
    }
    seen.insert(key);
    return false;
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
        const Jid peer = message.peer.bare();
        ConversationModel *model = q->conversation(peer);
        model->append(message);
        model->setState(message.id, ChatMessage::State::Queued); // loaded from the store as it was
        ours.insert(message.id, peer);
        outbox.append({peer, message.id, 0});
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
        // Older history (a new device's first sync, scrolling back): shown where open, no alert.
        if (ConversationModel *model = models.value(peer))
            model->append(m);
        return;
    }
    showStored(peer, m);
    if (m.direction == ChatMessage::Direction::Incoming) {
        setUnread(peer, unread.value(peer) + 1);
        if (store)
            store->flush();
        Q_EMIT q->messageReceived(m);
    }
}

void ChatService::Private::showStored(const Jid &peer, const ChatMessage &message)
{
    if (ConversationModel *model = models.value(peer)) {
        model->append(message);
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
    const auto it = ours.constFind(id);
    if (it == ours.cend())
        return;
    const Jid peer = it.value();
    // The resource we were locked to bounced it: it is gone; talk to the bare JID again.
    if (from.isFull() && locks.value(peer) == from)
        unlock(peer);
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
    ConversationModel *model = models.value(entry.peer);
    const ChatMessage *stored = model ? model->find(entry.id) : nullptr;
    if (!stored)
        return false;
    if (!messages->send(stanzaFor(entry.peer, *stored)))
        return false;
    if (store)
        store->noteAttempt(entry.peer, entry.id);
    entry.seq = nextSeq++;
    entry.onWire = true;
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

} // namespace natter
