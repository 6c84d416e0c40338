// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistorySync.h"

#include "account/Account.h"
#include "ext/CarbonsExtension.h"
#include "ext/CorrectionsExtension.h"
#include "ext/MarkersExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RetractionExtension.h"
#include "payloads/Delay.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

#include <memory>
#include <utility>

namespace natter {

namespace {

Q_LOGGING_CATEGORY(lcHistory, "natter.history")

QDateTime delayOf(const Message &message)
{
    if (const auto delay = Delay::find(message.element()))
        return delay->stamp.toUTC();
    return {};
}

// The times to store older archived messages (oldest first) with, when the oldest message stored
// for the conversation has the time anchorMs. The store orders messages of the same time by when
// they were stored, and archive times are often whole seconds (Prosody's are): an older message
// from the second of that oldest message would sort after it, and scrolling back (messages before
// it) would never show it. Those get the time 1 ms before it instead; among themselves they keep
// archive order, as they are stored oldest first.
QList<QDateTime> timesBefore(const QList<MamExtension::ArchivedMessage> &messages,
                             std::optional<qint64> anchorMs)
{
    QList<QDateTime> times;
    times.reserve(messages.size());
    for (const MamExtension::ArchivedMessage &m : messages) {
        QDateTime at = m.timestamp.isValid() ? m.timestamp.toUTC() : delayOf(m.message);
        if (anchorMs && at.isValid() && at.toMSecsSinceEpoch() >= *anchorMs)
            at = QDateTime::fromMSecsSinceEpoch(*anchorMs - 1, Qt::UTC);
        times.append(at);
    }
    return times;
}

} // namespace

HistorySync::HistorySync(Account *account, MamExtension *mam, CarbonsExtension *carbons,
                         MessageStore *store, QObject *parent)
    : QObject(parent)
    , m_account(account)
    , m_mam(mam)
    , m_carbons(carbons)
    , m_store(store)
{
    connect(m_account, &Account::connected, this, [this](bool resumed) {
        if (resumed) {
            // Nothing was missed meanwhile; but a sync of this session that failed (a query
            // that got no answer, a busy archive) is tried again.
            if (m_autoSync && m_syncFailed && !m_syncing && !m_syncDue)
                sync();
            return;
        }
        m_inStep = false;
        if (!m_autoSync)
            return;
        if (m_presence && m_presence->autoAvailable() && !m_presence->isAvailable()) {
            m_syncDue = true; // after our initial presence
            return;
        }
        sync();
    });
    connect(m_account, &Account::disconnected, this, [this] {
        m_syncDue = false;
        // The running queries fail with Disconnected; a sync of the next session starts afresh.
        if (m_syncing) {
            m_syncing = false;
            ++m_generation;
            Q_EMIT failed(tr("The connection was lost while fetching the history."));
        }
    });
    if (carbons)
        connect(carbons, &CarbonsExtension::carbonReceived, this, &HistorySync::onCarbon);
}

void HistorySync::setStore(MessageStore *store)
{
    if (m_store == store)
        return;
    if (m_syncing) {
        m_syncing = false;
        ++m_generation;
        Q_EMIT failed(tr("The message store changed while fetching the history."));
    }
    m_store = store;
    m_inStep = false;
    m_archiveStart.clear();
}

void HistorySync::setPresence(PresenceExtension *presence)
{
    if (m_presence)
        m_presence->disconnect(this);
    m_presence = presence;
    if (presence) {
        connect(presence, &PresenceExtension::initialPresenceSent, this, [this] {
            if (std::exchange(m_syncDue, false))
                sync();
        });
    }
}

QString HistorySync::position() const
{
    if (!m_store || !m_store->isOpen())
        return {};
    // Not the newest archived message in the store: live messages stored before the first sync
    // completed (or while a later one ran) are newer than what is still missing.
    return m_store->metaValue(QString::fromLatin1(PositionKey));
}

void HistorySync::setPosition(const QString &archiveId)
{
    if (m_store && !archiveId.isEmpty())
        m_store->setMetaValue(QString::fromLatin1(PositionKey), archiveId);
}

void HistorySync::liveMessageArchived(const QString &stanzaId)
{
    // Without carbons, messages our other devices sent are archived but never seen live: moving
    // past them would leave them out of this device's history.
    if (!isInStep() || !m_carbons || !m_carbons->isEnabled())
        return;
    setPosition(stanzaId);
}

void HistorySync::sync()
{
    if (m_syncing)
        return;
    if (!m_store || !m_store->isOpen()) {
        Q_EMIT failed(tr("There is no message store to keep the history in."));
        return;
    }
    if (!m_account->isOnline())
        return;
    m_syncing = true;
    m_new = 0;
    m_backfill.clear();
    ++m_generation;
    const QString last = position();
    const bool started = !m_store->metaValue(QString::fromLatin1(StartedKey)).isEmpty();
    qCDebug(lcHistory) << "sync after" << (last.isEmpty() ? QStringLiteral("(nothing)") : last);
    if (last.isEmpty() && !started)
        fetchLast(QString(), 0); // a new device: the newest messages only
    else
        fetchSince(last); // empty: the archive was empty when we last looked
}

void HistorySync::fetchSince(const QString &lastId)
{
    const quint64 generation = m_generation;
    auto firstPage = std::make_shared<bool>(true);
    m_mam->fetchSince(
        lastId, this,
        [this, generation, firstPage, lastId](const MamExtension::Page &page) {
            if (generation != m_generation || !m_store)
                return;
            const bool first = std::exchange(*firstPage, false);
            if (!page.ok()) {
                // An id the archive no longer knows (expired, archive reset) fails the first
                // page: start again as on a new device.
                if (first && page.status == IqResult::Status::Error && page.messages.isEmpty()) {
                    qCWarning(lcHistory) << "the archive refused to continue after" << lastId << "("
                                         << page.error << "); fetching the newest messages";
                    fetchLast(QString(), 0);
                    return;
                }
                finishSync(page);
                return;
            }
            for (const MamExtension::ArchivedMessage &m : page.messages) {
                if (store(m.message, m.timestamp, m.id, Origin::Sync))
                    ++m_new;
                setPosition(m.id); // in the same transaction as the message
            }
            if (page.complete)
                finishSync(page);
        },
        m_pageSize);
}

void HistorySync::fetchLast(const QString &beforeId, int fetched)
{
    const quint64 generation = m_generation;
    const int max = std::min(m_pageSize, m_initialLimit - fetched);
    m_mam->fetchBefore(Jid(), beforeId, max, this,
                       [this, generation, beforeId, fetched](const MamExtension::Page &page) {
                           if (generation != m_generation || !m_store)
                               return;
                           if (!page.ok()) {
                               finishSync(page);
                               return;
                           }
                           // Pages come newest first, each oldest first. They are stored together,
                           // oldest first, once all are here: archive times have often whole
                           // seconds, and messages of the same second are ordered as they were
                           // stored.
                           m_backfill = page.messages + m_backfill;
                           const int total = fetched + int(page.messages.size());
                           const bool stalled = page.messages.isEmpty() || page.first.isEmpty() ||
                                                page.first == beforeId;
                           if (page.complete || total >= m_initialLimit || stalled) {
                               for (const MamExtension::ArchivedMessage &m :
                                    std::as_const(m_backfill)) {
                                   if (store(m.message, m.timestamp, m.id, Origin::Backfill))
                                       ++m_new;
                                   setPosition(m.id);
                               }
                               m_backfill.clear();
                               finishSync(page);
                               return;
                           }
                           fetchLast(page.first, total);
                       });
}

void HistorySync::finishSync(const MamExtension::Page &page)
{
    m_syncing = false;
    m_backfill.clear();
    ++m_generation;
    if (m_store && page.ok())
        m_store->setMetaValue(QString::fromLatin1(StartedKey), QStringLiteral("1"));
    if (m_store)
        m_store->flush();
    m_syncFailed = !page.ok();
    if (!page.ok()) {
        qCWarning(lcHistory) << "sync failed after" << m_new << "new messages:" << page.error;
        Q_EMIT failed(page.error);
        return;
    }
    m_inStep = true;
    qCDebug(lcHistory) << "synced," << m_new << "new messages";
    Q_EMIT synced(m_new);
}

bool HistorySync::store(const Message &message, const QDateTime &timestamp, const QString &stanzaId,
                        Origin origin)
{
    if (!m_store || !m_store->isOpen())
        return false;
    const Message::Type type = message.type();
    if (type != Message::Type::Chat && type != Message::Type::Normal)
        return false;
    if (!CorrectionsExtension::replacedId(message).isEmpty() ||
        !RetractionExtension::retractedId(message).isEmpty()) {
        applyToOriginal(message, timestamp);
        return false; // no message of its own
    }
    const QString body = message.body(m_account->preferredLanguage());
    if (body.isEmpty())
        return false;

    const Jid own = m_account->jid().bare();
    const Jid from = message.from();
    const bool outgoing = from.isNull() || from.bare() == own;
    ChatMessage m;
    m.id = message.id();
    m.peer = outgoing ? message.to().bare() : from.bare();
    if (m.peer.isNull())
        return false;
    m.from = from.isNull() ? own : from;
    m.direction = outgoing ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
    m.state = outgoing ? ChatMessage::State::Sent : ChatMessage::State::Received;
    m.kind = type == Message::Type::Chat ? ChatMessage::Kind::Chat : ChatMessage::Kind::Normal;
    m.body = body;
    m.subject = message.subject(m_account->preferredLanguage());
    m.thread = message.thread();
    m.markable = MarkersExtension::isMarkable(message);
    m.timestamp = timestamp.isValid() ? timestamp.toUTC() : delayOf(message);
    if (!m.timestamp.isValid())
        m.timestamp = QDateTime::currentDateTimeUtc();

    const QString originId = message.originId();
    if (originId.isEmpty() && !m.id.isEmpty()) {
        // Without an origin-id a copy has the same id and text from the same side.
        const auto seen = m_store->find(m.peer, m.id);
        if (seen && seen->message.direction == m.direction && seen->message.body == body) {
            if (!stanzaId.isEmpty() && seen->stanzaId.isEmpty())
                m_store->setStanzaId(seen->rowId, stanzaId);
            return false;
        }
    }
    const MessageStore::AddResult added =
        m_store->add(m, originId, stanzaId, origin == Origin::Backfill);
    if (!added.rowId || added.duplicate)
        return false;
    MessageStore::Entry entry;
    entry.rowId = added.rowId;
    entry.message = m;
    entry.originId = originId;
    entry.stanzaId = stanzaId;
    entry.read = origin == Origin::Backfill; // older history, not news (ours are never unread)
    Q_EMIT messageStored(entry);
    return true;
}

void HistorySync::onCarbon(const Message &inner, Carbon::Direction direction)
{
    // The direction follows from the sender as for archived messages; a sent carbon always
    // comes from one of our resources, a received one from the other side.
    Q_UNUSED(direction);
    store(inner, delayOf(inner), QString(), Origin::Carbon);
}

void HistorySync::loadOlder(const Jid &peer, const std::optional<MessageStore::Key> &beforeKey,
                            int count, QObject *context, LoadCallback callback)
{
    const Jid bare = peer.bare();
    const auto local = [this, bare, beforeKey, count] {
        if (!m_store || !m_store->isOpen())
            return QList<MessageStore::Entry>();
        return beforeKey ? m_store->before(bare, *beforeKey, count) : m_store->latest(bare, count);
    };
    const QList<MessageStore::Entry> have = local();
    if (have.size() >= count || !m_store || !m_account->isOnline() ||
        m_archiveStart.contains(bare)) {
        callback(have, have.size() < count && m_archiveStart.contains(bare));
        return;
    }
    const QString oldest = m_store->oldestStanzaId(bare);
    // The oldest message stored for the conversation: `have` holds every one before beforeKey.
    std::optional<qint64> anchorMs;
    if (!have.isEmpty())
        anchorMs = MessageStore::keyOf(have.first()).timestampMs;
    else if (beforeKey)
        anchorMs = beforeKey->timestampMs;
    qCDebug(lcHistory) << "asking the archive for" << count << "messages with" << bare.toString()
                       << "before" << oldest;
    const QPointer<MessageStore> store = m_store.data();
    m_mam->fetchBefore(
        bare, oldest, count, context ? context : this,
        [this, bare, store, local, count, anchorMs, callback](const MamExtension::Page &page) {
            if (!page.ok())
                qCWarning(lcHistory) << "loading older messages failed:" << page.error;
            if (page.ok() && store && store == m_store) {
                const QList<QDateTime> times = timesBefore(page.messages, anchorMs);
                for (qsizetype i = 0; i < page.messages.size(); ++i) {
                    const MamExtension::ArchivedMessage &m = page.messages.at(i);
                    this->store(m.message, times.at(i), m.id, Origin::Backfill);
                }
                m_store->flush();
                if (page.complete)
                    m_archiveStart.insert(bare);
            }
            const QList<MessageStore::Entry> entries = local();
            callback(entries, page.ok() && page.complete && entries.size() < count);
        });
}

bool HistorySync::applyToOriginal(const Message &message, const QDateTime &timestamp)
{
    const Jid own = m_account->jid().bare();
    const Jid from = message.from().isNull() ? m_account->jid() : message.from();
    const bool outgoing = from.bare() == own;
    const Jid peer = outgoing ? message.to().bare() : from.bare();
    if (peer.isNull())
        return false;
    // The original is looked for on the sender's side of the conversation only: a correction or
    // retraction by the peer never touches ours, nor ours the peer's.
    const auto direction =
        outgoing ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
    const QString replacedId = CorrectionsExtension::replacedId(message);
    std::optional<MessageStore::Entry> original;
    bool changed = false;
    if (!replacedId.isEmpty()) {
        const QString body = xmlSafeText(message.body(m_account->preferredLanguage()));
        original = m_store->find(peer, direction, replacedId);
        if (body.isEmpty() || !original ||
            !CorrectionsExtension::isValidCorrection(from, original->message.from,
                                                     message.type())) {
            qCDebug(lcHistory) << "dropping a correction of" << replacedId << "from"
                               << from.toString() << ": no such message of theirs";
            return false;
        }
        QDateTime at = timestamp.isValid() ? timestamp.toUTC() : delayOf(message);
        if (!at.isValid())
            at = QDateTime::currentDateTimeUtc();
        const QString correctionId =
            message.originId().isEmpty() ? message.id() : message.originId();
        changed = m_store->addCorrection(original->rowId, correctionId, body, at);
    } else {
        const QString originId = RetractionExtension::retractedId(message);
        original = m_store->findByOriginId(peer, direction, originId);
        if (!original || !RetractionExtension::isFromOriginalSender(from, original->message.from,
                                                                    message.type())) {
            qCDebug(lcHistory) << "dropping a retraction of" << originId << "from"
                               << from.toString() << ": no such message of theirs";
            return false;
        }
        changed = !original->message.retracted && m_store->retract(original->rowId);
    }
    if (!changed)
        return false;
    const auto updated =
        replacedId.isEmpty()
            ? m_store->findByOriginId(peer, direction, RetractionExtension::retractedId(message))
            : m_store->find(peer, direction, original->message.id);
    if (updated)
        Q_EMIT messageUpdated(*updated);
    return true;
}

} // namespace natter
