// SPDX-License-Identifier: GPL-3.0-or-later
#include "MamFin.h"

#include "xml/Namespaces.h"

namespace natter {

namespace {

// XML Schema boolean.
bool isTrue(const QString &value)
{
    return value == u"true" || value == u"1";
}

} // namespace

std::optional<MamFin> MamFin::fromElement(const XmlElement &fin)
{
    if (!fin.is(ns::Mam, u"fin"))
        return std::nullopt;
    MamFin result;
    result.complete = isTrue(fin.attribute(u"complete"));
    result.stable = !fin.hasAttribute(u"stable") || isTrue(fin.attribute(u"stable"));
    if (auto set = ResultSet::fromElement(fin.firstChild(ns::Rsm, u"set")))
        result.resultSet = std::move(*set);
    return result;
}

XmlElement MamFin::toElement() const
{
    XmlElement fin(ns::Mam, QStringLiteral("fin"));
    if (complete)
        fin.setAttribute(QStringLiteral("complete"), QStringLiteral("true"));
    if (!stable)
        fin.setAttribute(QStringLiteral("stable"), QStringLiteral("false"));
    fin.appendChild(resultSet.toElement());
    return fin;
}

} // namespace natter
