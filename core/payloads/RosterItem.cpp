// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterItem.h"

#include "xml/Namespaces.h"

#include <array>
#include <utility>

namespace natter {

namespace {
const std::array<std::pair<RosterItem::Subscription, const char16_t *>, 5> subscriptionNames{{
    {RosterItem::Subscription::None, u"none"},
    {RosterItem::Subscription::To, u"to"},
    {RosterItem::Subscription::From, u"from"},
    {RosterItem::Subscription::Both, u"both"},
    {RosterItem::Subscription::Remove, u"remove"},
}};

// xs:boolean (RFC 6121 §2.1.2.1 uses it for 'approved').
bool isTrue(QStringView value)
{
    const QStringView v = value.trimmed();
    return v == u"true" || v == u"1";
}
} // namespace

std::optional<RosterItem> RosterItem::fromElement(const XmlElement &item)
{
    if (!item.is(ns::Roster, u"item"))
        return std::nullopt;
    RosterItem result;
    result.jid = Jid::fromString(item.attribute(u"jid"));
    if (result.jid.isNull())
        return std::nullopt;
    result.name = item.attribute(u"name");
    result.subscription =
        subscriptionFromName(item.attribute(u"subscription")).value_or(Subscription::None);
    result.askSubscribe = item.attribute(u"ask") == u"subscribe";
    result.approved = isTrue(item.attribute(u"approved"));
    QStringList groups;
    for (const XmlElement &node : item.nodes()) {
        if (node.is(ns::Roster, u"group"))
            groups.append(node.text());
    }
    result.groups = normalizedGroups(groups);
    return result;
}

XmlElement RosterItem::toElement() const
{
    XmlElement item(ns::Roster, QStringLiteral("item"));
    item.setAttribute(QStringLiteral("jid"), jid.toString());
    item.setAttributeIfNotEmpty(QStringLiteral("name"), name);
    if (subscription != Subscription::None)
        item.setAttribute(QStringLiteral("subscription"), subscriptionName(subscription));
    if (askSubscribe)
        item.setAttribute(QStringLiteral("ask"), QStringLiteral("subscribe"));
    if (approved)
        item.setAttribute(QStringLiteral("approved"), QStringLiteral("true"));
    for (const QString &group : groups)
        item.appendTextChild(ns::Roster, QStringLiteral("group"), group);
    return item;
}

XmlElement RosterItem::toRequestElement() const
{
    XmlElement item(ns::Roster, QStringLiteral("item"));
    item.setAttribute(QStringLiteral("jid"), jid.toString());
    if (subscription == Subscription::Remove) {
        // RFC 6121 §2.5.1: a removal carries nothing else.
        item.setAttribute(QStringLiteral("subscription"), subscriptionName(subscription));
        return item;
    }
    item.setAttributeIfNotEmpty(QStringLiteral("name"), name);
    for (const QString &group : normalizedGroups(groups))
        item.appendTextChild(ns::Roster, QStringLiteral("group"), group);
    return item;
}

QString RosterItem::subscriptionName(Subscription s)
{
    for (const auto &[subscription, name] : subscriptionNames) {
        if (subscription == s)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<RosterItem::Subscription> RosterItem::subscriptionFromName(QStringView name)
{
    for (const auto &[subscription, n] : subscriptionNames) {
        if (name == QStringView(n))
            return subscription;
    }
    return std::nullopt;
}

QStringList RosterItem::normalizedGroups(const QStringList &groups)
{
    // Nearly every list is normal already, and is shared rather than built again.
    const auto normal = [&groups] {
        for (qsizetype i = 0; i < groups.size(); ++i) {
            const QString &group = groups.at(i);
            if (group.isEmpty() || group.front().isSpace() || group.back().isSpace() ||
                groups.first(i).contains(group))
                return false;
        }
        return true;
    };
    if (normal())
        return groups;
    QStringList result;
    result.reserve(groups.size());
    // An item has a handful of groups at most: a linear search beats a hash set (no allocation
    // per item, which a roster of 100,000 items notices).
    for (const QString &group : groups) {
        QString trimmed = group.trimmed();
        if (trimmed.isEmpty() || result.contains(trimmed))
            continue;
        result.append(std::move(trimmed));
    }
    return result;
}

QString RosterItem::displayName() const
{
    const QString trimmed = name.trimmed();
    return trimmed.isEmpty() ? jid.bareString() : trimmed;
}

} // namespace natter
