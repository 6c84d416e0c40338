// SPDX-License-Identifier: GPL-3.0-or-later
#include "Stanza.h"

#include "xml/Namespaces.h"

#include <QRandomGenerator>

namespace natter {

Stanza::Kind Stanza::kindOf(const XmlElement &element)
{
    if (element.namespaceUri() != ns::Client)
        return Kind::Other;
    const QString &name = element.name();
    if (name == u"message")
        return Kind::Message;
    if (name == u"presence")
        return Kind::Presence;
    if (name == u"iq")
        return Kind::Iq;
    return Kind::Other;
}

Stanza::Kind Stanza::kind() const
{
    return kindOf(m_element);
}

QString Stanza::lang() const
{
    return m_element.attribute(ns::Xml, u"lang");
}

void Stanza::setLang(const QString &lang)
{
    m_element.setAttribute(ns::Xml, QStringLiteral("lang"), lang);
}

StanzaError Stanza::error() const
{
    return StanzaError::fromElement(m_element.firstChild(ns::Client, u"error"));
}

QString Stanza::generateId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof(words))
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace natter
