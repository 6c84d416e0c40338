// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Stanza.h"

namespace natter {

// <presence/> (RFC 6121 §4).
class Presence : public Stanza
{
public:
    enum class Type
    {
        Available,
        Unavailable,
        Subscribe,
        Subscribed,
        Unsubscribe,
        Unsubscribed,
        Probe,
        Error,
        Invalid, // an unknown type attribute
    };
    // RFC 6121 §4.7.2.1. None means plain "available".
    enum class Show
    {
        None,
        Chat,
        Away,
        Xa,
        Dnd
    };

    Presence();
    explicit Presence(Type type);
    explicit Presence(const XmlElement &element)
        : Stanza(element)
    {}

    Type type() const;
    void setType(Type type);
    static QString typeName(Type type);

    Show show() const;
    void setShow(Show show);
    static QString showName(Show show);
    static std::optional<Show> showFromName(QStringView name);

    QString status(const QString &preferredLang = {}) const;
    void setStatus(const QString &status);

    // -128..127; 0 when absent or invalid.
    int priority() const;
    void setPriority(int priority);
};

} // namespace natter
