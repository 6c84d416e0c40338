// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterCache.h"

#include <QCborStreamReader>
#include <QCborStreamWriter>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

namespace natter {

namespace {
Q_LOGGING_CATEGORY(lcRosterCache, "natter.roster.cache")

// Files larger than this are not a roster we wrote.
constexpr qint64 MaxFileSize = 64 * 1024 * 1024;

enum ItemFlag : int
{
    AskSubscribe = 1,
    Approved = 2,
};

// A reader of the file's few shapes that turns every surprise (a wrong type, a truncated or
// malformed stream, an unterminated array) into failed().
class Reader
{
public:
    explicit Reader(const QByteArray &bytes)
        : m_cbor(bytes)
    {}

    bool failed() { return m_failed || m_cbor.lastError() != QCborError::NoError; }

    bool enterArray()
    {
        if (failed() || !m_cbor.isArray() || !m_cbor.enterContainer())
            return fail();
        return true;
    }
    // True while the current array has another element.
    bool more() { return !failed() && m_cbor.hasNext(); }
    bool leaveArray()
    {
        if (failed() || m_cbor.hasNext() || !m_cbor.leaveContainer())
            return fail();
        return true;
    }
    qint64 integer()
    {
        if (failed() || !m_cbor.isInteger())
            return fail(), 0;
        const qint64 value = m_cbor.toInteger();
        m_cbor.next();
        return value;
    }
    bool boolean()
    {
        if (failed() || !m_cbor.isBool())
            return fail();
        const bool value = m_cbor.toBool();
        m_cbor.next();
        return value;
    }
    QString string()
    {
        if (failed() || !m_cbor.isString())
            return fail(), QString();
        QString value;
        auto chunk = m_cbor.readString();
        while (chunk.status == QCborStreamReader::Ok) {
            value += chunk.data;
            chunk = m_cbor.readString();
        }
        if (chunk.status == QCborStreamReader::Error)
            fail();
        return value;
    }

private:
    bool fail()
    {
        m_failed = true;
        return false;
    }

    QCborStreamReader m_cbor;
    bool m_failed = false;
};

std::optional<RosterItem> readItem(Reader &in)
{
    if (!in.enterArray())
        return std::nullopt;
    RosterItem item;
    item.jid = Jid::fromString(in.string());
    item.name = in.string();
    const qint64 subscription = in.integer();
    const qint64 flags = in.integer();
    QStringList groups;
    if (in.enterArray()) {
        while (in.more())
            groups.append(in.string());
        in.leaveArray();
    }
    in.leaveArray();
    if (in.failed() || item.jid.isNull() || subscription < 0 ||
        subscription > qint64(RosterItem::Subscription::Both))
        return std::nullopt;
    item.subscription = RosterItem::Subscription(subscription);
    item.askSubscribe = flags & AskSubscribe;
    item.approved = flags & Approved;
    item.groups = RosterItem::normalizedGroups(groups);
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
    const auto corrupt = [this](const char *why) {
        qCWarning(lcRosterCache) << "ignoring corrupt roster cache" << m_filePath << why;
        return std::nullopt;
    };
    Reader in(file.readAll());
    if (!in.enterArray())
        return corrupt("not an array");
    if (in.integer() != FormatVersion || in.failed())
        return corrupt("unknown format");
    RosterQuery roster;
    roster.version = in.string();
    roster.hasVersion = in.boolean();
    if (!in.enterArray())
        return corrupt("no items");
    while (in.more()) {
        auto item = readItem(in);
        // A half-valid cache would make us trust a version whose items we do not have.
        if (!item)
            return corrupt("invalid item");
        roster.items.append(std::move(*item));
    }
    if (!in.leaveArray() || !in.leaveArray())
        return corrupt("truncated");
    return roster;
}

bool RosterCache::save(const RosterQuery &roster)
{
    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath())) {
        qCWarning(lcRosterCache) << "cannot create directory for" << m_filePath;
        return false;
    }
    QByteArray bytes;
    QCborStreamWriter out(&bytes);
    out.startArray(4);
    out.append(FormatVersion);
    out.append(roster.version);
    out.append(roster.hasVersion);
    out.startArray();
    for (const RosterItem &item : roster.items) {
        if (item.subscription == RosterItem::Subscription::Remove || item.jid.isNull())
            continue;
        out.startArray(5);
        out.append(item.jid.toString());
        out.append(item.name);
        out.append(int(item.subscription));
        out.append((item.askSubscribe ? AskSubscribe : 0) | (item.approved ? Approved : 0));
        out.startArray(quint64(item.groups.size()));
        for (const QString &group : item.groups)
            out.append(group);
        out.endArray();
        out.endArray();
    }
    out.endArray();
    out.endArray();

    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcRosterCache) << "cannot write roster cache" << m_filePath << file.errorString();
        return false;
    }
    // The roster says who the user talks to: keep it private.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes);
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
