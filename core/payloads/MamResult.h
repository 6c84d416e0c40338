// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/Forwarded.h"
#include "xml/XmlElement.h"

#include <QString>

#include <optional>

namespace natter {

// <result xmlns='urn:xmpp:mam:2' queryid='…' id='…'> (XEP-0313 §4.2): one archived message,
// sent to us in a <message/> while a query runs. id is the message's archive id (the XEP-0359
// stanza-id the archive gave it).
struct MamResult
{
    QString queryId;
    QString id;
    Forwarded forwarded;

    // std::nullopt unless the element is a mam:2 <result/> with an id and a valid <forwarded/>.
    static std::optional<MamResult> fromElement(const XmlElement &result);
    XmlElement toElement() const;

    bool operator==(const MamResult &) const = default;
};

} // namespace natter
