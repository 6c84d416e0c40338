// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/ResultSet.h"
#include "stanza/Jid.h"
#include "xml/XmlElement.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace natter {

// <query xmlns='urn:xmpp:mam:2' queryid='…'> (XEP-0313 §4): a request for archived messages,
// filtered by a jabber:x:data form (with, start, end) and paged with RSM (XEP-0059).
struct MamQuery
{
    QString queryId;
    QString node;    // a pubsub node; empty for user and room archives
    Jid with;        // only messages to or from this address
    QDateTime start; // only messages at or after this time (UTC)
    QDateTime end;   // only messages at or before this time (UTC)
    std::optional<ResultSet> resultSet;

    // std::nullopt unless the element is a mam:2 <query/>. Unknown form fields are ignored; a
    // 'with' that is not a JID or a time that is not an XEP-0082 date-time makes it invalid.
    static std::optional<MamQuery> fromElement(const XmlElement &query);
    // The form is written only when there is a filter.
    XmlElement toElement() const;

    bool operator==(const MamQuery &) const = default;
};

} // namespace natter
