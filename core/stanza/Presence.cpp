// SPDX-License-Identifier: GPL-3.0-or-later
#include "Presence.h"

#include "stanza/Message.h"
#include "xml/Namespaces.h"

#include <algorithm>
#include <array>
#include <optional>

namespace natter {

namespace {
const std::array<std::pair<Presence::Type, const char16_t *>, 7> typeNames{{
    {Presence::Type::Unavailable, u"unavailable"},
    {Presence::Type::Subscribe, u"subscribe"},
    {Presence::Type::Subscribed, u"subscribed"},
    {Presence::Type::Unsubscribe, u"unsubscribe"},
    {Presence::Type::Unsubscribed, u"unsubscribed"},
    {Presence::Type::Probe, u"probe"},
    {Presence::Type::Error, u"error"},
}};
const std::array<std::pair<Presence::Show, const char16_t *>, 4> showNames{{
    {Presence::Show::Chat, u"chat"},
    {Presence::Show::Away, u"away"},
    {Presence::Show::Xa, u"xa"},
    {Presence::Show::Dnd, u"dnd"},
}};
} // namespace

Presence::Presence()
    : Stanza(XmlElement(ns::Client, QStringLiteral("presence")))
{}

Presence::Presence(Type type)
    : Presence()
{
    setType(type);
}

Presence::Type Presence::type() const
{
    if (!m_element.hasAttribute(u"type"))
        return Type::Available;
    const QString t = m_element.attribute(u"type");
    for (const auto &[type, name] : typeNames) {
        if (t == QStringView(name))
            return type;
    }
    return Type::Invalid;
}

void Presence::setType(Type type)
{
    if (type == Type::Available || type == Type::Invalid)
        m_element.removeAttribute(u"type");
    else
        m_element.setAttribute(QStringLiteral("type"), typeName(type));
}

QString Presence::typeName(Type type)
{
    for (const auto &[t, name] : typeNames) {
        if (t == type)
            return QString::fromUtf16(name);
    }
    return {};
}

Presence::Show Presence::show() const
{
    return showFromName(m_element.childText(ns::Client, u"show")).value_or(Show::None);
}

void Presence::setShow(Show show)
{
    m_element.removeChildren(ns::Client, u"show");
    if (show != Show::None)
        m_element.appendTextChild(ns::Client, QStringLiteral("show"), showName(show));
}

QString Presence::showName(Show show)
{
    for (const auto &[s, name] : showNames) {
        if (s == show)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<Presence::Show> Presence::showFromName(QStringView name)
{
    for (const auto &[s, n] : showNames) {
        if (name.trimmed() == QStringView(n))
            return s;
    }
    return std::nullopt;
}

QString Presence::status(const QString &preferredLang) const
{
    QList<Message::LocalizedText> texts;
    for (const XmlElement &child : m_element.children(ns::Client, u"status"))
        texts.append({child.attribute(ns::Xml, u"lang"), child.text()});
    return Message::pickLanguage(texts, preferredLang);
}

void Presence::setStatus(const QString &status)
{
    m_element.removeChildren(ns::Client, u"status");
    if (!status.isEmpty())
        m_element.appendTextChild(ns::Client, QStringLiteral("status"), status);
}

int Presence::priority() const
{
    bool ok = false;
    const int p = m_element.childText(ns::Client, u"priority").trimmed().toInt(&ok);
    if (!ok || p < -128 || p > 127)
        return 0;
    return p;
}

void Presence::setPriority(int priority)
{
    m_element.removeChildren(ns::Client, u"priority");
    priority = std::clamp(priority, -128, 127);
    if (priority != 0)
        m_element.appendTextChild(ns::Client, QStringLiteral("priority"),
                                  QString::number(priority));
}

} // namespace natter
