// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/Forwarded.h"
#include "xml/XmlElement.h"

#include <optional>

namespace natter {

// <received/> or <sent/> in urn:xmpp:carbons:2 (XEP-0280 §6, §7): a copy of a message that
// another resource of ours received or sent, wrapped in <forwarded/>.
struct Carbon
{
    enum class Direction
    {
        Received, // the message came to another resource of ours
        Sent,     // another resource of ours sent it
    };

    Direction direction = Direction::Received;
    Forwarded forwarded;

    // std::nullopt unless the element is a carbons:2 <received/> or <sent/> holding a valid
    // <forwarded/>.
    static std::optional<Carbon> fromElement(const XmlElement &element);
    // The <received/> or <sent/> child of a message, if any (valid or not: see fromElement()).
    static XmlElement findIn(const Message &message);
    XmlElement toElement() const;

    bool operator==(const Carbon &) const = default;
};

} // namespace natter
