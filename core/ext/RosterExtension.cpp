// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterExtension.h"

#include "account/Account.h"
#include "storage/RosterCache.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>
#include <QSet>

#include <algorithm>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcRoster, "natter.roster")
} // namespace

RosterExtension::RosterExtension(Account *account)
    : Extension(account)
{
    m_cacheTimer.setSingleShot(true);
    m_cacheTimer.setInterval(CacheSaveDelayMs);
    connect(&m_cacheTimer, &QTimer::timeout, this, &RosterExtension::flushCache);
}

void RosterExtension::setCache(RosterCache *cache)
{
    if (m_cache == cache)
        return;
    flushCache();
    m_cache = cache;
}

std::optional<RosterItem> RosterExtension::item(const Jid &bareJid) const
{
    auto it = m_index.constFind(bareJid);
    if (it == m_index.constEnd() && bareJid.isFull())
        it = m_index.constFind(bareJid.bare());
    if (it == m_index.constEnd())
        return std::nullopt;
    return m_items.at(*it);
}

QStringList RosterExtension::groups() const
{
    QSet<QString> unique;
    for (const RosterItem &item : m_items) {
        for (const QString &group : item.groups)
            unique.insert(group);
    }
    QStringList result(unique.cbegin(), unique.cend());
    std::sort(result.begin(), result.end(), [](const QString &a, const QString &b) {
        const int c = a.compare(b, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a < b;
    });
    return result;
}

bool RosterExtension::versioningOffered() const
{
    return account()->session().hasFeature(ns::RosterVersioning, QStringLiteral("ver"));
}

void RosterExtension::fetch()
{
    if (!account()->isOnline()) {
        qCInfo(lcRoster) << "not fetching the roster while offline";
        Q_EMIT fetchFailed(tr("Not connected."));
        return;
    }
    RosterQuery query;
    FetchBase base;
    if (m_cache && versioningOffered()) {
        // RFC 6121 §2.6.2: the version we hold, or "" to bootstrap versioning. Not for an empty
        // roster, which costs nothing to fetch whole: Prosody calls a roster it never stored
        // version "1" and the one after its first change version 1 as well, so a client that
        // held the empty one would be told "unchanged" and miss the contact added meanwhile.
        query.hasVersion = true;
        if (m_loaded && m_hasVersion) {
            if (!m_items.isEmpty()) {
                base.inMemory = true;
                query.version = m_version;
            }
        } else if (auto stored = m_cache->load();
                   stored && stored->hasVersion && !stored->items.isEmpty()) {
            query.version = stored->version;
            base.stored = std::move(stored);
        }
    }
    const quint64 generation = ++m_fetchGeneration;
    m_fetching = true;
    qCDebug(lcRoster) << "fetching roster" << (query.hasVersion ? query.version : QString());
    account()->request(Iq(Iq::Type::Get, query.toElement()), this,
                       [this, generation, base = std::move(base)](const IqResult &result) mutable {
                           // Answered once: the cached items move on rather than being copied.
                           onFetchResult(result, generation, std::move(base));
                       });
    Q_EMIT fetchSent();
}

void RosterExtension::onFetchResult(const IqResult &result, quint64 generation, FetchBase base)
{
    if (generation != m_fetchGeneration)
        return; // a newer fetch is under way
    m_fetching = false;
    if (result.status == IqResult::Status::Disconnected) {
        // The next session fetches again.
        qCInfo(lcRoster) << "connection lost while fetching the roster";
        return;
    }
    if (!result.ok()) {
        qCWarning(lcRoster) << "roster fetch failed:" << result.errorString();
        Q_EMIT fetchFailed(result.errorString());
        return;
    }
    const XmlElement payload = result.payload();
    if (payload.isNull()) {
        // RFC 6121 §2.6.3: an empty result means the version we sent is current; changes follow
        // as pushes. Without a version sent it can only mean an empty roster.
        if (base.stored) {
            qCDebug(lcRoster) << "cached roster version" << base.stored->version << "is current";
            replaceAll(std::move(base.stored->items), base.stored->version, true);
        } else if (base.inMemory) {
            qCDebug(lcRoster) << "roster version" << m_version << "is current";
        } else {
            replaceAll({}, {}, false);
            scheduleCacheSave();
        }
    } else {
        std::optional<RosterQuery> roster = RosterQuery::fromElement(payload);
        if (!roster) {
            qCWarning(lcRoster) << "roster result without a roster:" << payload.namespaceUri()
                                << payload.name();
            Q_EMIT fetchFailed(tr("The server sent an invalid roster."));
            return;
        }
        replaceAll(std::move(roster->items), roster->version, roster->hasVersion);
        scheduleCacheSave();
    }
    m_loaded = true;
    qCInfo(lcRoster) << "roster loaded:" << m_items.size() << "items, version" << m_version;
    Q_EMIT loaded();
}

void RosterExtension::replaceAll(QList<RosterItem> items, const QString &version, bool hasVersion)
{
    // The items are kept where they are (no copy of each of 100,000): removals and duplicates
    // are squeezed out in place.
    m_index.clear();
    m_index.reserve(items.size());
    qsizetype kept = 0;
    for (qsizetype i = 0; i < items.size(); ++i) {
        RosterItem &item = items[i];
        if (item.jid.isNull() || item.subscription == RosterItem::Subscription::Remove)
            continue;
        const auto it = m_index.constFind(item.jid);
        if (it != m_index.constEnd()) {
            qCWarning(lcRoster) << "duplicate roster item" << item.jid.toString();
            items[*it] = std::move(item);
            continue;
        }
        m_index.insert(item.jid, kept);
        if (kept != i)
            items[kept] = std::move(item);
        ++kept;
    }
    items.resize(kept);
    m_items = std::move(items);
    m_version = version;
    m_hasVersion = hasVersion;
}

std::optional<IqReply> RosterExtension::handleIq(const Iq &iq)
{
    const XmlElement payload = iq.payload();
    if (iq.type() != Iq::Type::Set || !payload.is(ns::Roster, u"query"))
        return std::nullopt;

    // RFC 6121 §2.1.6: only our own account may push; anyone else could rewrite the roster.
    const Jid own = account()->jid().bare();
    if (iq.hasFrom() && iq.from() != own) {
        qCWarning(lcRoster) << "rejecting roster push from" << iq.element().attribute(u"from");
        return StanzaError(StanzaError::Type::Cancel, StanzaError::Condition::ServiceUnavailable);
    }
    const QList<XmlElement> children = payload.children(ns::Roster, u"item");
    if (children.size() != 1) {
        qCWarning(lcRoster) << "rejecting roster push with" << children.size() << "items";
        return StanzaError(StanzaError::Type::Modify, StanzaError::Condition::BadRequest);
    }
    const std::optional<RosterItem> item = RosterItem::fromElement(children.first());
    if (!item) {
        qCWarning(lcRoster) << "rejecting roster push with invalid jid"
                            << children.first().attribute(u"jid");
        return StanzaError(StanzaError::Type::Modify, StanzaError::Condition::BadRequest);
    }
    if (payload.hasAttribute(u"ver")) {
        m_version = payload.attribute(u"ver");
        m_hasVersion = true;
    }
    applyPush(*item);
    scheduleCacheSave();
    return XmlElement(); // an empty result
}

void RosterExtension::applyPush(const RosterItem &item)
{
    const auto it = m_index.constFind(item.jid);
    if (item.subscription == RosterItem::Subscription::Remove) {
        if (it == m_index.constEnd()) {
            qCDebug(lcRoster) << "push removes unknown item" << item.jid.toString();
            return;
        }
        const qsizetype position = *it;
        m_index.erase(it);
        m_items.removeAt(position);
        for (qsizetype i = position; i < m_items.size(); ++i)
            m_index[m_items.at(i).jid] = i;
        qCDebug(lcRoster) << "removed" << item.jid.toString();
        Q_EMIT itemRemoved(item.jid);
        return;
    }
    if (it == m_index.constEnd()) {
        m_index.insert(item.jid, m_items.size());
        m_items.append(item);
        qCDebug(lcRoster) << "added" << item.jid.toString();
        Q_EMIT itemAdded(item);
        return;
    }
    RosterItem &existing = m_items[*it];
    if (existing == item)
        return;
    existing = item;
    qCDebug(lcRoster) << "changed" << item.jid.toString();
    Q_EMIT itemChanged(item);
}

RosterItem RosterExtension::itemOrNew(const Jid &jid) const
{
    if (auto existing = item(jid))
        return *existing;
    RosterItem fresh;
    fresh.jid = jid;
    return fresh;
}

void RosterExtension::addOrUpdate(const RosterItem &item, QObject *context, IqCallback callback)
{
    sendSet(item, context, std::move(callback));
}

void RosterExtension::rename(const Jid &jid, const QString &name, QObject *context, IqCallback cb)
{
    RosterItem changed = itemOrNew(jid);
    changed.name = name;
    sendSet(changed, context, std::move(cb));
}

void RosterExtension::setGroups(const Jid &jid, const QStringList &groups, QObject *context,
                                IqCallback cb)
{
    RosterItem changed = itemOrNew(jid);
    changed.groups = RosterItem::normalizedGroups(groups);
    sendSet(changed, context, std::move(cb));
}

void RosterExtension::remove(const Jid &jid, QObject *context, IqCallback cb)
{
    RosterItem removal;
    removal.jid = jid;
    removal.subscription = RosterItem::Subscription::Remove;
    sendSet(removal, context, std::move(cb));
}

void RosterExtension::sendSet(const RosterItem &item, QObject *context, IqCallback callback)
{
    QObject *receiver = context ? context : this;
    if (item.jid.isNull()) {
        qCWarning(lcRoster) << "not sending a roster set without a valid jid";
        IqResult result;
        result.status = IqResult::Status::Error;
        result.error = StanzaError(StanzaError::Type::Modify, StanzaError::Condition::JidMalformed);
        if (callback) {
            // Answer asynchronously, like every other outcome.
            QMetaObject::invokeMethod(
                receiver, [callback = std::move(callback), result] { callback(result); },
                Qt::QueuedConnection);
        }
        return;
    }
    XmlElement query(ns::Roster, QStringLiteral("query"));
    query.appendChild(item.toRequestElement());
    const Jid jid = item.jid;
    account()->request(Iq(Iq::Type::Set, query), receiver,
                       [jid, callback = std::move(callback)](const IqResult &result) {
                           if (!result.ok()) {
                               qCWarning(lcRoster) << "roster set for" << jid.toString()
                                                   << "failed:" << result.errorString();
                           }
                           if (callback)
                               callback(result);
                       });
}

void RosterExtension::scheduleCacheSave()
{
    if (!m_cache)
        return;
    m_cacheDirty = true;
    if (!m_cacheTimer.isActive())
        m_cacheTimer.start();
}

void RosterExtension::flushCache()
{
    m_cacheTimer.stop();
    if (!m_cacheDirty || !m_cache)
        return;
    m_cacheDirty = false;
    m_cache->save(RosterQuery{m_version, m_hasVersion, m_items});
}

void RosterExtension::sessionStarted(bool resumed)
{
    if (!resumed && m_autoFetch)
        fetch();
}

void RosterExtension::sessionEnded()
{
    m_fetching = false;
    ++m_fetchGeneration;
    flushCache();
}

} // namespace natter
