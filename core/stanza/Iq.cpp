// SPDX-License-Identifier: GPL-3.0-or-later
#include "Iq.h"

#include "xml/Namespaces.h"

#include <algorithm>
#include <array>
#include <optional>

namespace natter {

namespace {
const std::array<std::pair<Iq::Type, const char16_t *>, 4> typeNames{{
    {Iq::Type::Get, u"get"},
    {Iq::Type::Set, u"set"},
    {Iq::Type::Result, u"result"},
    {Iq::Type::Error, u"error"},
}};
} // namespace

Iq::Iq()
    : Stanza(XmlElement(ns::Client, QStringLiteral("iq")))
{}

Iq::Iq(Type type, const XmlElement &payload)
    : Iq()
{
    setType(type);
    if (!payload.isNull())
        m_element.appendChild(payload);
}

Iq::Type Iq::type() const
{
    const QString t = m_element.attribute(u"type");
    for (const auto &[type, name] : typeNames) {
        if (t == QStringView(name))
            return type;
    }
    return Type::Invalid;
}

void Iq::setType(Type type)
{
    m_element.setAttribute(QStringLiteral("type"), typeName(type));
}

QString Iq::typeName(Type type)
{
    for (const auto &[t, name] : typeNames) {
        if (t == type)
            return QString::fromUtf16(name);
    }
    return {};
}

XmlElement Iq::payload() const
{
    for (const XmlElement &child : m_element.nodes()) {
        if (!child.isText() && !child.is(ns::Client, u"error"))
            return child;
    }
    return {};
}

Iq Iq::resultFor(const Iq &request, const XmlElement &payload)
{
    Iq result(Type::Result, payload);
    result.m_element.setAttributeIfNotEmpty(QStringLiteral("to"),
                                            request.element().attribute(u"from"));
    result.setId(request.id());
    return result;
}

Iq Iq::errorFor(const Iq &request, const StanzaError &error)
{
    Iq reply(Type::Error);
    reply.m_element.setAttributeIfNotEmpty(QStringLiteral("to"),
                                           request.element().attribute(u"from"));
    reply.setId(request.id());
    reply.m_element.appendChild(error.toElement());
    return reply;
}

} // namespace natter
