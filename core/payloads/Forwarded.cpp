// SPDX-License-Identifier: GPL-3.0-or-later
#include "Forwarded.h"

#include "xml/Namespaces.h"

namespace natter {

std::optional<Forwarded> Forwarded::fromElement(const XmlElement &forwarded)
{
    if (!forwarded.is(ns::Forward, u"forwarded"))
        return std::nullopt;
    const QList<XmlElement> messages = forwarded.children(ns::Client, u"message");
    if (messages.size() != 1)
        return std::nullopt;
    Forwarded result;
    result.delay = Delay::find(forwarded);
    result.message = Message(messages.first());
    return result;
}

XmlElement Forwarded::toElement() const
{
    XmlElement forwarded(ns::Forward, QStringLiteral("forwarded"));
    if (delay)
        forwarded.appendChild(delay->toElement());
    forwarded.appendChild(message.element());
    return forwarded;
}

} // namespace natter
