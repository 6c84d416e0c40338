// SPDX-License-Identifier: GPL-3.0-or-later
#include "SoftwareVersion.h"

#include "xml/Namespaces.h"

namespace natter {

std::optional<SoftwareVersion> SoftwareVersion::fromElement(const XmlElement &query)
{
    if (!query.is(ns::Version, u"query"))
        return std::nullopt;
    SoftwareVersion v;
    v.name = query.childText(ns::Version, u"name").trimmed();
    v.version = query.childText(ns::Version, u"version").trimmed();
    v.os = query.childText(ns::Version, u"os").trimmed();
    return v;
}

XmlElement SoftwareVersion::toElement() const
{
    XmlElement query(ns::Version, QStringLiteral("query"));
    if (!name.isEmpty())
        query.appendTextChild(ns::Version, QStringLiteral("name"), name);
    if (!version.isEmpty())
        query.appendTextChild(ns::Version, QStringLiteral("version"), version);
    if (!os.isEmpty())
        query.appendTextChild(ns::Version, QStringLiteral("os"), os);
    return query;
}

} // namespace natter
