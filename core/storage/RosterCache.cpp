// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterCache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcRosterCache, "natter.roster.cache")

// Files larger than this are not a roster we wrote.
constexpr qint64 MaxFileSize = 64 * 1024 * 1024;

QJsonObject itemToJson(const RosterItem &item)
{
    QJsonObject object;
    object.insert(u"jid", item.jid.toString());
    if (!item.name.isEmpty())
        object.insert(u"name", item.name);
    object.insert(u"subscription", RosterItem::subscriptionName(item.subscription));
    if (item.askSubscribe)
        object.insert(u"ask", true);
    if (item.approved)
        object.insert(u"approved", true);
    if (!item.groups.isEmpty())
        object.insert(u"groups", QJsonArray::fromStringList(item.groups));
    return object;
}

std::optional<RosterItem> itemFromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    RosterItem item;
    item.jid = Jid::fromString(object.value(u"jid").toString());
    if (item.jid.isNull())
        return std::nullopt;
    const QJsonValue name = object.value(u"name");
    if (!name.isUndefined() && !name.isString())
        return std::nullopt;
    item.name = name.toString();
    const auto subscription =
        RosterItem::subscriptionFromName(object.value(u"subscription").toString());
    if (!subscription || *subscription == RosterItem::Subscription::Remove)
        return std::nullopt;
    item.subscription = *subscription;
    item.askSubscribe = object.value(u"ask").toBool(false);
    item.approved = object.value(u"approved").toBool(false);
    const QJsonValue groups = object.value(u"groups");
    if (!groups.isUndefined()) {
        if (!groups.isArray())
            return std::nullopt;
        QStringList names;
        for (const QJsonValue &group : groups.toArray()) {
            if (!group.isString())
                return std::nullopt;
            names.append(group.toString());
        }
        item.groups = RosterItem::normalizedGroups(names);
    }
    return item;
}
} // namespace

RosterCache::RosterCache(const QString &filePath)
    : m_filePath(filePath)
{}

std::optional<RosterQuery> RosterCache::load() const
{
    QFile file(m_filePath);
    if (!file.exists()) {
        qCDebug(lcRosterCache) << "no roster cache at" << m_filePath;
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcRosterCache) << "cannot read roster cache" << m_filePath << file.errorString();
        return std::nullopt;
    }
    if (file.size() > MaxFileSize) {
        qCWarning(lcRosterCache) << "ignoring oversized roster cache" << m_filePath;
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    const auto corrupt = [this](const QString &why) {
        qCWarning(lcRosterCache) << "ignoring corrupt roster cache" << m_filePath << why;
        return std::nullopt;
    };
    if (parseError.error != QJsonParseError::NoError)
        return corrupt(parseError.errorString());
    if (!document.isObject())
        return corrupt(QStringLiteral("not an object"));
    const QJsonObject root = document.object();
    if (root.value(u"format").toInt(-1) != FormatVersion)
        return corrupt(QStringLiteral("unknown format"));
    const QJsonValue version = root.value(u"version");
    const QJsonValue items = root.value(u"items");
    if (!version.isString() || !root.value(u"hasVersion").isBool() || !items.isArray())
        return corrupt(QStringLiteral("missing fields"));

    RosterQuery roster;
    roster.version = version.toString();
    roster.hasVersion = root.value(u"hasVersion").toBool();
    const QJsonArray array = items.toArray();
    roster.items.reserve(array.size());
    for (const QJsonValue &value : array) {
        auto item = itemFromJson(value);
        // A half-valid cache would make us trust a version whose items we do not have.
        if (!item)
            return corrupt(QStringLiteral("invalid item"));
        roster.items.append(std::move(*item));
    }
    return roster;
}

bool RosterCache::save(const RosterQuery &roster)
{
    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath())) {
        qCWarning(lcRosterCache) << "cannot create directory for" << m_filePath;
        return false;
    }
    QJsonArray items;
    for (const RosterItem &item : roster.items) {
        if (item.subscription != RosterItem::Subscription::Remove && !item.jid.isNull())
            items.append(itemToJson(item));
    }
    QJsonObject root;
    root.insert(u"format", FormatVersion);
    root.insert(u"version", roster.version);
    root.insert(u"hasVersion", roster.hasVersion);
    root.insert(u"items", items);

    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcRosterCache) << "cannot write roster cache" << m_filePath << file.errorString();
        return false;
    }
    // The roster says who the user talks to: keep it private.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
    if (!file.commit()) {
        qCWarning(lcRosterCache) << "cannot write roster cache" << m_filePath << file.errorString();
        return false;
    }
    return true;
}

bool RosterCache::clear()
{
    return !QFile::exists(m_filePath) || QFile::remove(m_filePath);
}

} // namespace natter
