// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Stanza.h"

namespace natter {

// <iq/> (RFC 6120 §8.2.3): a request (get/set) with exactly one payload, answered by exactly one
// result or error with the same id.
class Iq : public Stanza
{
public:
    enum class Type
    {
        Get,
        Set,
        Result,
        Error,
        Invalid
    };

    Iq();
    Iq(Type type, const XmlElement &payload = {});
    explicit Iq(const XmlElement &element)
        : Stanza(element)
    {}

    Type type() const;
    void setType(Type type);
    static QString typeName(Type type);
    bool isRequest() const
    {
        const Type t = type();
        return t == Type::Get || t == Type::Set;
    }

    // The first child that is not <error/>; null if there is none.
    XmlElement payload() const;

    // A result/error addressed back to the sender of request, with its id.
    static Iq resultFor(const Iq &request, const XmlElement &payload = {});
    static Iq errorFor(const Iq &request, const StanzaError &error);
};

} // namespace natter
