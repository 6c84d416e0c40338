// SPDX-License-Identifier: GPL-3.0-or-later
#include "Carbon.h"

#include "xml/Namespaces.h"

namespace natter {

std::optional<Carbon> Carbon::fromElement(const XmlElement &element)
{
    Carbon carbon;
    if (element.is(ns::Carbons, u"received"))
        carbon.direction = Direction::Received;
    else if (element.is(ns::Carbons, u"sent"))
        carbon.direction = Direction::Sent;
    else
        return std::nullopt;
    const QList<XmlElement> forwarded = element.children(ns::Forward, u"forwarded");
    if (forwarded.size() != 1)
        return std::nullopt;
    auto inner = Forwarded::fromElement(forwarded.first());
    if (!inner)
        return std::nullopt;
    carbon.forwarded = std::move(*inner);
    return carbon;
}

XmlElement Carbon::findIn(const Message &message)
{
    for (const XmlElement &child : message.element().children()) {
        if (child.is(ns::Carbons, u"received") || child.is(ns::Carbons, u"sent"))
            return child;
    }
    return {};
}

XmlElement Carbon::toElement() const
{
    XmlElement element(ns::Carbons, direction == Direction::Sent ? QStringLiteral("sent")
                                                                 : QStringLiteral("received"));
    element.appendChild(forwarded.toElement());
    return element;
}

} // namespace natter
