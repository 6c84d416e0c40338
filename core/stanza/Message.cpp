// SPDX-License-Identifier: GPL-3.0-or-later
#include "Message.h"

#include "xml/Namespaces.h"

#include <algorithm>
#include <array>
#include <optional>

namespace natter {

namespace {
const std::array<std::pair<Message::Type, const char16_t *>, 5> typeNames{{
    {Message::Type::Normal, u"normal"},
    {Message::Type::Chat, u"chat"},
    {Message::Type::Groupchat, u"groupchat"},
    {Message::Type::Headline, u"headline"},
    {Message::Type::Error, u"error"},
}};
} // namespace

Message::Message()
    : Stanza(XmlElement(ns::Client, QStringLiteral("message")))
{}

Message::Type Message::type() const
{
    // RFC 6121 §5.2.2: absent or unknown means normal.
    return typeFromName(m_element.attribute(u"type")).value_or(Type::Normal);
}

void Message::setType(Type type)
{
    if (type == Type::Normal)
        m_element.removeAttribute(u"type");
    else
        m_element.setAttribute(QStringLiteral("type"), typeName(type));
}

QString Message::typeName(Type type)
{
    for (const auto &[t, name] : typeNames) {
        if (t == type)
            return QString::fromUtf16(name);
    }
    return QStringLiteral("normal");
}

std::optional<Message::Type> Message::typeFromName(QStringView name)
{
    for (const auto &[t, n] : typeNames) {
        if (name == QStringView(n))
            return t;
    }
    return std::nullopt;
}

QList<Message::LocalizedText> Message::texts(QStringView name) const
{
    QList<LocalizedText> out;
    for (const XmlElement &child : m_element.nodes()) {
        if (child.is(ns::Client, name))
            out.append({child.attribute(ns::Xml, u"lang"), child.text()});
    }
    return out;
}

void Message::setTexts(const QString &name, const QString &text, const QString &lang, bool replace)
{
    if (replace)
        m_element.removeChildren(ns::Client, name);
    XmlElement child(ns::Client, name);
    if (!lang.isEmpty())
        child.setAttribute(ns::Xml, QStringLiteral("lang"), lang);
    child.setText(text);
    m_element.appendChild(child);
}

QString Message::pickLanguage(const QList<LocalizedText> &texts, const QString &preferredLang)
{
    if (texts.isEmpty())
        return {};
    if (!preferredLang.isEmpty()) {
        for (const LocalizedText &t : texts) {
            if (t.lang.compare(preferredLang, Qt::CaseInsensitive) == 0)
                return t.text;
        }
        const QStringView primary = QStringView(preferredLang).left(preferredLang.indexOf(u'-'));
        for (const LocalizedText &t : texts) {
            const QStringView tp = QStringView(t.lang).left(t.lang.indexOf(u'-'));
            if (!tp.isEmpty() && tp.compare(primary, Qt::CaseInsensitive) == 0)
                return t.text;
        }
    }
    for (const LocalizedText &t : texts) {
        if (t.lang.isEmpty())
            return t.text;
    }
    return texts.first().text;
}

QList<Message::LocalizedText> Message::bodies() const
{
    return texts(u"body");
}

QString Message::body(const QString &preferredLang) const
{
    return pickLanguage(bodies(), preferredLang);
}

bool Message::hasBody() const
{
    return m_element.hasChild(ns::Client, u"body");
}

void Message::setBody(const QString &text, const QString &lang)
{
    setTexts(QStringLiteral("body"), text, lang, true);
}

void Message::addBody(const QString &text, const QString &lang)
{
    setTexts(QStringLiteral("body"), text, lang, false);
}

QList<Message::LocalizedText> Message::subjects() const
{
    return texts(u"subject");
}

QString Message::subject(const QString &preferredLang) const
{
    return pickLanguage(subjects(), preferredLang);
}

bool Message::hasSubject() const
{
    return m_element.hasChild(ns::Client, u"subject");
}

void Message::setSubject(const QString &text, const QString &lang)
{
    setTexts(QStringLiteral("subject"), text, lang, true);
}

QString Message::thread() const
{
    return m_element.childText(ns::Client, u"thread");
}

QString Message::parentThread() const
{
    return m_element.firstChild(ns::Client, u"thread").attribute(u"parent");
}

void Message::setThread(const QString &thread, const QString &parent)
{
    m_element.removeChildren(ns::Client, u"thread");
    if (thread.isEmpty())
        return;
    XmlElement t(ns::Client, QStringLiteral("thread"));
    t.setAttributeIfNotEmpty(QStringLiteral("parent"), parent);
    t.setText(thread);
    m_element.appendChild(t);
}

QString Message::originId() const
{
    return m_element.firstChild(ns::StanzaId, u"origin-id").attribute(u"id");
}

void Message::setOriginId(const QString &id)
{
    m_element.removeChildren(ns::StanzaId, u"origin-id");
    if (id.isEmpty())
        return;
    XmlElement origin(ns::StanzaId, QStringLiteral("origin-id"));
    origin.setAttribute(QStringLiteral("id"), id);
    m_element.appendChild(origin);
}

} // namespace natter
