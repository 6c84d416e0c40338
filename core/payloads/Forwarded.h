// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/Delay.h"
#include "stanza/Message.h"
#include "xml/XmlElement.h"

#include <optional>

namespace natter {

// <forwarded xmlns='urn:xmpp:forward:0'> (XEP-0297): a copy of a message, optionally with the
// XEP-0203 <delay/> saying when it was originally sent. Carried by carbons (XEP-0280) and archive
// results (XEP-0313).
struct Forwarded
{
    std::optional<Delay> delay;
    Message message; // the forwarded <message xmlns='jabber:client'/>, verbatim

    // std::nullopt unless the element is a <forwarded/> with exactly one jabber:client
    // <message/> in it. An invalid <delay/> is ignored (delay stays empty).
    static std::optional<Forwarded> fromElement(const XmlElement &forwarded);
    XmlElement toElement() const;

    bool operator==(const Forwarded &other) const
    {
        return delay == other.delay && message.element() == other.message.element();
    }
};

} // namespace natter
