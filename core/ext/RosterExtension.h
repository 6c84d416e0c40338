// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "account/IqResult.h"
#include "payloads/RosterItem.h"
#include "payloads/RosterQuery.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace natter {

class RosterCache;

// The user's roster (RFC 6121 §2): fetched at the start of every new session, kept up to date by
// roster pushes, changed through roster sets. With a RosterCache and a server offering roster
// versioning (RFC 6121 §2.6, formerly XEP-0237) only the changes travel.
//
// Signals: a full load (fetch result, or the cache confirmed by the server) emits loaded() only —
// listeners re-read items(); pushes emit one itemAdded/itemChanged/itemRemoved each.
//
// The roster is changed only by what the server pushes: addOrUpdate(), rename(), setGroups() and
// remove() send a roster set, and the server answers it and pushes the new item to every
// resource, this one included (RFC 6121 §2.3.2, §2.4.2, §2.5.2).
//
// Pushes are accepted only without 'from' or from the user's bare JID; anything else is answered
// with service-unavailable and leaves the roster alone (RFC 6121 §2.1.6).
class RosterExtension : public Extension
{
    Q_OBJECT
public:
    // How long roster changes are collected before the cache is written.
    static constexpr int CacheSaveDelayMs = 250;

    explicit RosterExtension(Account *account);

    // Default true: fetch on every new (not resumed) session.
    void setAutoFetch(bool on) { m_autoFetch = on; }
    bool autoFetch() const { return m_autoFetch; }
    // Not owned; must outlive its use here (or be unset with nullptr). Enables versioning when
    // the server offers it, and keeps the cache up to date.
    void setCache(RosterCache *cache);
    RosterCache *cache() const { return m_cache; }

    // Sends a roster get (with 'ver' when there is a cache and the session offers
    // urn:xmpp:features:rosterver) and emits fetchSent(). Ends in loaded() or fetchFailed().
    void fetch();
    // A roster get of this session is out and unanswered (false again once the session ends).
    bool isFetching() const { return m_fetching; }
    // The roster is available. Stays true when the session ends (the items are kept for offline
    // display); the next session fetches again and emits loaded() again.
    bool isLoaded() const { return m_loaded; }

    // In a stable order: the order of the roster result, items added by pushes at the end.
    QList<RosterItem> items() const { return m_items; }
    qsizetype count() const { return m_items.size(); }
    // The item for this address in O(1); for a full JID without an item of its own, the item of
    // its bare JID.
    std::optional<RosterItem> item(const Jid &bareJid) const;
    bool contains(const Jid &bareJid) const { return item(bareJid).has_value(); }
    QString version() const { return m_version; }
    // All group names, sorted (case-insensitively), unique.
    QStringList groups() const;

    // Each sends a roster set; the callback (may be empty) gets the server's answer. It runs
    // while context lives (without a context: while this extension lives). An invalid JID fails
    // with jid-malformed without sending anything.
    void addOrUpdate(const RosterItem &item, QObject *context = nullptr, IqCallback callback = {});
    // Keep the item's groups, change its name (an empty name removes it).
    void rename(const Jid &jid, const QString &name, QObject *context = nullptr,
                IqCallback cb = {});
    // Keep the item's name, replace its groups (normalised: RosterItem::normalizedGroups()).
    void setGroups(const Jid &jid, const QStringList &groups, QObject *context = nullptr,
                   IqCallback cb = {});
    // Removes the contact; the server also cancels the subscriptions both ways (RFC 6121 §2.5).
    void remove(const Jid &jid, QObject *context = nullptr, IqCallback cb = {});

    // Writes pending changes to the cache now rather than after CacheSaveDelayMs.
    void flushCache();

    // Extension
    std::optional<IqReply> handleIq(const Iq &iq) override;
    void sessionStarted(bool resumed) override;
    void sessionEnded() override;

Q_SIGNALS:
    // The roster get went out (the answer is still to come). Initial presence follows it at once
    // (RFC 6121 §2.2 asks for the request before presence, not for its answer).
    void fetchSent();
    void loaded(); // roster available (fetched, or cache confirmed by empty result)
    void fetchFailed(const QString &reason);
    void itemAdded(const natter::RosterItem &item);
    void itemChanged(const natter::RosterItem &item);
    void itemRemoved(const natter::Jid &jid);

private:
    // What a versioned fetch compares against.
    struct FetchBase
    {
        std::optional<RosterQuery> stored; // the cache's roster, whose version we sent
        bool inMemory = false;             // we sent the version of the roster we hold
    };

    bool versioningOffered() const;
    void onFetchResult(const IqResult &result, quint64 generation, FetchBase base);
    void replaceAll(QList<RosterItem> items, const QString &version, bool hasVersion);
    void applyPush(const RosterItem &item);
    RosterItem itemOrNew(const Jid &jid) const;
    void sendSet(const RosterItem &item, QObject *context, IqCallback callback);
    void scheduleCacheSave();

    QList<RosterItem> m_items;
    QHash<Jid, qsizetype> m_index; // jid -> position in m_items
    QString m_version;
    bool m_hasVersion = false;
    bool m_loaded = false;
    bool m_autoFetch = true;
    bool m_fetching = false;
    quint64 m_fetchGeneration = 0; // results of older fetches are ignored
    RosterCache *m_cache = nullptr;
    bool m_cacheDirty = false;
    QTimer m_cacheTimer;
};

} // namespace natter
