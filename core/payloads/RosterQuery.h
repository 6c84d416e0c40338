// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/RosterItem.h"

#include <QList>
#include <QString>

#include <optional>

namespace natter {

// <query xmlns='jabber:iq:roster' ver='...'/> (RFC 6121 §2.1.3, versioning §2.6): the payload of
// roster gets, results, sets and pushes.
struct RosterQuery
{
    QString version;         // 'ver'; meaningful when hasVersion
    bool hasVersion = false; // ver='' (bootstrap versioning) differs from no 'ver' at all
    QList<RosterItem> items;

    // Reads the query. Items without a valid 'jid' are skipped (and logged); anything that is not
    // a jabber:iq:roster <query/> yields nullopt.
    static std::optional<RosterQuery> fromElement(const XmlElement &query);
    // Items in their full form (RosterItem::toElement()).
    XmlElement toElement() const;

    bool operator==(const RosterQuery &) const = default;
};

} // namespace natter
