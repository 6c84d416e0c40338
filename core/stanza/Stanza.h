// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"
#include "stanza/StanzaError.h"
#include "xml/XmlElement.h"

namespace natter {

// The envelope every stanza shares (RFC 6120 §8): to, from, id, type and xml:lang over an
// element whose children are the payloads. Unknown payloads stay in element() verbatim.
// Message, Presence and Iq add typed accessors; the element stays the single source of truth,
// so wrapping and unwrapping costs nothing.
class Stanza
{
public:
    enum class Kind
    {
        Message,
        Presence,
        Iq,
        Other
    };

    Stanza() = default;
    explicit Stanza(const XmlElement &element)
        : m_element(element)
    {}

    const XmlElement &element() const { return m_element; }
    XmlElement &element() { return m_element; }
    Kind kind() const;
    static Kind kindOf(const XmlElement &element);

    // Addresses as sent. A 'from' that is present but not a valid JID yields a null Jid and
    // hasFrom() == true, so callers can tell "absent" from "garbage".
    Jid from() const { return Jid::fromString(m_element.attribute(u"from")); }
    Jid to() const { return Jid::fromString(m_element.attribute(u"to")); }
    bool hasFrom() const { return m_element.hasAttribute(u"from"); }
    bool hasTo() const { return m_element.hasAttribute(u"to"); }
    void setFrom(const Jid &jid)
    {
        m_element.setAttributeIfNotEmpty(QStringLiteral("from"), jid.toString());
    }
    void setTo(const Jid &jid)
    {
        m_element.setAttributeIfNotEmpty(QStringLiteral("to"), jid.toString());
    }

    QString id() const { return m_element.attribute(u"id"); }
    void setId(const QString &id) { m_element.setAttributeIfNotEmpty(QStringLiteral("id"), id); }
    QString typeAttribute() const { return m_element.attribute(u"type"); }
    QString lang() const;
    void setLang(const QString &lang);

    bool isErrorType() const { return m_element.attribute(u"type") == u"error"; }
    // The <error/> child; meaningful when isErrorType().
    StanzaError error() const;

    // A fresh unpredictable stanza id: 128 random bits, URL-safe base64.
    static QString generateId();

protected:
    XmlElement m_element;
};

} // namespace natter
