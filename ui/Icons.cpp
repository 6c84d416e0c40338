// SPDX-License-Identifier: GPL-3.0-or-later
#include "Icons.h"

#include "SvgIconEngine.h"

#include <QFile>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace natter::Icons {

namespace {

Q_LOGGING_CATEGORY(lcIcons, "natter.ui.icons")

// By RosterModel::Availability: Chat, Available, Away, ExtendedAway, DoNotDisturb, Offline.
constexpr const char16_t *PresenceFiles[] = {u"chat", u"available", u"away",
                                             u"xa",   u"dnd",       u"offline"};

} // namespace

QIcon presence(int availability)
{
    constexpr int count = int(std::size(PresenceFiles));
    const int index = (availability >= 0 && availability < count) ? availability : count - 1;
    const QString path =
        u":/icons/presence-"_s + QString::fromUtf16(PresenceFiles[index]) + u".svg"_s;
    return QIcon(new SvgIconEngine(path, SvgIconEngine::Kind::FullColour));
}

QIcon app()
{
    return QIcon(
        new SvgIconEngine(u":/icons/org.natter.Natter.svg"_s, SvgIconEngine::Kind::FullColour));
}

QIcon action(const QString &name)
{
    const QString path = u":/icons/"_s + name + u"-symbolic.svg"_s;
    if (!QFile::exists(path)) {
        qCWarning(lcIcons) << "no such icon:" << name;
        return {};
    }
    return QIcon(new SvgIconEngine(path, SvgIconEngine::Kind::Symbolic));
}

QStringList actionNames()
{
    return {u"add-contact"_s, u"chat"_s,     u"console"_s, u"search"_s,     u"send"_s,
            u"close"_s,       u"settings"_s, u"info"_s,    u"warning"_s,    u"error"_s,
            u"certificate"_s, u"group"_s,    u"tray"_s,    u"tray-unread"_s};
}

} // namespace natter::Icons
