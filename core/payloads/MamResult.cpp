// SPDX-License-Identifier: GPL-3.0-or-later
#include "MamResult.h"

#include "xml/Namespaces.h"

namespace natter {

std::optional<MamResult> MamResult::fromElement(const XmlElement &result)
{
    if (!result.is(ns::Mam, u"result") || result.attribute(u"id").isEmpty())
        return std::nullopt;
    const QList<XmlElement> forwarded = result.children(ns::Forward, u"forwarded");
    if (forwarded.size() != 1)
        return std::nullopt;
    auto inner = Forwarded::fromElement(forwarded.first());
    if (!inner)
        return std::nullopt;
    return MamResult{result.attribute(u"queryid"), result.attribute(u"id"), std::move(*inner)};
}

XmlElement MamResult::toElement() const
{
    XmlElement result(ns::Mam, QStringLiteral("result"));
    result.setAttributeIfNotEmpty(QStringLiteral("queryid"), queryId);
    result.setAttribute(QStringLiteral("id"), id);
    result.appendChild(forwarded.toElement());
    return result;
}

} // namespace natter
