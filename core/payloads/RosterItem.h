// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"
#include "xml/XmlElement.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace natter {

// One <item/> of a roster (RFC 6121 §2.1.2): a contact's address, the name the user gave it, the
// groups it is filed under and the state of the presence subscriptions between the user and it.
struct RosterItem
{
    // RFC 6121 §2.1.2.5. Remove only appears in roster sets and pushes.
    enum class Subscription
    {
        None,
        To,
        From,
        Both,
        Remove
    };

    Jid jid;
    QString name;
    Subscription subscription = Subscription::None;
    bool askSubscribe = false; // ask='subscribe': our request is pending
    bool approved = false;     // pre-approved (RFC 6121 §3.4)
    QStringList groups;

    // Reads <item xmlns='jabber:iq:roster'/>. A missing or invalid 'jid' yields nullopt; an
    // unknown subscription state is read as none; groups are normalised (normalizedGroups()).
    static std::optional<RosterItem> fromElement(const XmlElement &item);
    // The full form, as a server sends it in a roster result or push (subscription='none', the
    // default, is left out).
    XmlElement toElement() const;
    // The form a client may send in a roster set (RFC 6121 §2.1.2.2, §2.3.2): jid, name and
    // groups only; 'subscription' only with the value "remove"; never 'ask' or 'approved'.
    XmlElement toRequestElement() const;

    static QString subscriptionName(Subscription s); // "none","to","from","both","remove"
    static std::optional<Subscription> subscriptionFromName(QStringView name);
    // Group names trimmed, empty ones dropped, duplicates removed (first occurrence kept).
    static QStringList normalizedGroups(const QStringList &groups);

    QString displayName() const; // name or bare JID
    // Whether we receive the contact's presence (subscription to or both).
    bool isSubscribedTo() const
    {
        return subscription == Subscription::To || subscription == Subscription::Both;
    }
    // Whether the contact receives ours (subscription from or both).
    bool isSubscribedFrom() const
    {
        return subscription == Subscription::From || subscription == Subscription::Both;
    }

    bool operator==(const RosterItem &) const = default;
};

} // namespace natter

Q_DECLARE_METATYPE(natter::RosterItem)
