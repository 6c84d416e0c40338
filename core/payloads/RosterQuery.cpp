// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterQuery.h"

#include "xml/Namespaces.h"

#include <QLoggingCategory>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcRosterQuery, "natter.roster")
} // namespace

std::optional<RosterQuery> RosterQuery::fromElement(const XmlElement &query)
{
    if (!query.is(ns::Roster, u"query"))
        return std::nullopt;
    RosterQuery result;
    result.hasVersion = query.hasAttribute(u"ver");
    result.version = query.attribute(u"ver");
    // Straight over the nodes: a list of 100,000 children copied first would cost as much as
    // the items themselves.
    const QList<XmlElement> &nodes = query.nodes();
    result.items.reserve(nodes.size());
    for (const XmlElement &child : nodes) {
        if (!child.is(ns::Roster, u"item"))
            continue;
        if (auto item = RosterItem::fromElement(child))
            result.items.append(std::move(*item));
        else
            qCWarning(lcRosterQuery)
                << "skipping roster item with invalid jid" << child.attribute(u"jid");
    }
    return result;
}

XmlElement RosterQuery::toElement() const
{
    XmlElement query(ns::Roster, QStringLiteral("query"));
    if (hasVersion)
        query.setAttribute(QStringLiteral("ver"), version);
    for (const RosterItem &item : items)
        query.appendChild(item.toElement());
    return query;
}

} // namespace natter
