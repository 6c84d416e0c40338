// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "stanza/Presence.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QPointer>
#include <QSet>

#include <optional>

namespace natter {

class RosterExtension;

// The availability of one resource of a contact (or of one of our own other resources).
struct ResourcePresence
{
    Jid jid; // full JID (the bare JID for an entity that sent presence without a resource)
    Presence::Show show = Presence::Show::None;
    QString status; // in the account's preferred language where the contact offers several
    int priority = 0;
    QDateTime received; // UTC

    bool operator==(const ResourcePresence &) const = default;
};

// Presence (RFC 6121 §4): our own availability — initial presence (§4.2), updates (§4.4),
// unavailable (§4.5), directed presence (§4.6) — and the availability of every resource of our
// contacts and of our own other resources.
//
// Initial presence goes out right after the roster get, in the same flight, without waiting for
// the roster result: RFC 6121 §2.2 asks a client to request the roster before sending initial
// presence, not to wait for the answer, and waiting would cost every login a round trip plus the
// roster's transfer and parse. Either order of the two extensions' sessionStarted() works: the
// presence follows RosterExtension::fetchSent(), or goes at once if the get is already out.
//
// Claims inbound presence of type available, unavailable, error and probe (probes are the
// server's business and ignored). An extension that wants presence of those types for itself
// (multi-user chat rooms, for example) must be registered before this one.
class PresenceExtension : public Extension
{
    Q_OBJECT
public:
    // roster may be null: initial presence then goes out as soon as the session starts.
    PresenceExtension(Account *account, RosterExtension *roster);

    // Default true: send initial presence when a new (not resumed) session starts — right after
    // the roster get if the roster auto-fetches, otherwise immediately. Off: nothing is sent
    // until goAvailable() (an invisible login holds its presence this way).
    void setAutoAvailable(bool on) { m_autoAvailable = on; }
    bool autoAvailable() const { return m_autoAvailable; }

    // Remembered; broadcast at once if we are available. priority is clamped to -128..127.
    void setPresence(Presence::Show show, const QString &status, int priority);
    Presence::Show show() const { return m_show; }
    QString statusText() const { return m_status; }
    int priority() const { return m_priority; }

    // Sends the current presence now (initial presence, RFC 6121 §4.2).
    void goAvailable();
    // Broadcasts unavailable presence (RFC 6121 §4.5), then sends it to every entity we sent
    // directed presence to (§4.6.3), and forgets our contacts' presence: the server no longer
    // tells us about it.
    void goUnavailable(const QString &status = {});
    bool isAvailable() const { return m_available; } // initial presence sent in this session

    // Our current presence to one entity (RFC 6121 §4.6); remembered until we go unavailable.
    void sendDirectedPresence(const Jid &to);
    void sendDirectedUnavailable(const Jid &to);
    // The entities we sent directed presence to and have not sent unavailable since, sorted by
    // address.
    QList<Jid> directedPresenceRecipients() const;

    // Available resources of one bare JID, best first (bestResource() order).
    QList<ResourcePresence> resources(const Jid &bareJid) const;
    // Highest priority, then chat > none > away > xa > dnd, then the latest.
    std::optional<ResourcePresence> bestResource(const Jid &bareJid) const;
    // Every available resource of every contact (including our own other resources).
    QList<ResourcePresence> allAvailable() const;
    bool isContactAvailable(const Jid &bareJid) const
    {
        return m_contacts.contains(bareJid.bare());
    }

    // True if a should be preferred over b (the bestResource() order).
    static bool isBetter(const ResourcePresence &a, const ResourcePresence &b);

    // Extension
    bool handlePresence(const Presence &presence) override;
    void sessionStarted(bool resumed) override;
    void sessionEnded() override;

Q_SIGNALS:
    void initialPresenceSent();
    void resourceAvailable(const natter::ResourcePresence &presence); // new or changed
    void resourceUnavailable(const natter::Jid &fullJid, const QString &status);
    void contactPresenceChanged(const natter::Jid &bareJid);
    void presenceError(const natter::Jid &from, const natter::StanzaError &error);

private:
    Presence currentPresence() const;
    void onRosterFetchSent();
    void handleAvailable(const Presence &presence);
    void handleUnavailable(const Presence &presence);
    void clearAllResources();

    QPointer<RosterExtension> m_roster;
    Presence::Show m_show = Presence::Show::None;
    QString m_status;
    int m_priority = 0;
    bool m_autoAvailable = true;
    bool m_available = false;
    // This session's initial presence goes out once the roster get has.
    bool m_waitingForRosterGet = false;
    QSet<Jid> m_directed;
    // bare JID -> full JID -> presence
    QHash<Jid, QHash<Jid, ResourcePresence>> m_contacts;
};

} // namespace natter

Q_DECLARE_METATYPE(natter::ResourcePresence)
