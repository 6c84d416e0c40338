// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "xml/XmlElement.h"

#include <QString>

#include <optional>

namespace natter {

// The <error/> child of a stanza (RFC 6120 §8.3).
class StanzaError
{
public:
    enum class Type
    {
        Auth,
        Cancel,
        Continue,
        Modify,
        Wait
    };
    enum class Condition
    {
        BadRequest,
        Conflict,
        FeatureNotImplemented,
        Forbidden,
        Gone,
        InternalServerError,
        ItemNotFound,
        JidMalformed,
        NotAcceptable,
        NotAllowed,
        NotAuthorized,
        PolicyViolation,
        RecipientUnavailable,
        Redirect,
        RegistrationRequired,
        RemoteServerNotFound,
        RemoteServerTimeout,
        ResourceConstraint,
        ServiceUnavailable,
        SubscriptionRequired,
        UndefinedCondition,
        UnexpectedRequest,
    };

    StanzaError() = default;
    StanzaError(Type type, Condition condition, const QString &text = {});

    Type type() const { return m_type; }
    Condition condition() const { return m_condition; }
    // The element name of the condition, e.g. "service-unavailable".
    QString conditionName() const;
    const QString &text() const { return m_text; }
    const QString &by() const { return m_by; }
    // <gone/> and <redirect/> carry a URI.
    const QString &redirectUri() const { return m_redirect; }

    void setText(const QString &text) { m_text = text; }
    void setBy(const QString &by) { m_by = by; }

    // Reads <error/>. Unknown or missing conditions become undefined-condition; a missing or
    // unknown type is derived from the condition (RFC 6120 §8.3.3).
    static StanzaError fromElement(const XmlElement &error);
    XmlElement toElement() const;

    // What happened, in words for the user (translated), with the server's text if any.
    QString description() const;

    static QString conditionName(Condition condition);
    static std::optional<Condition> conditionFromName(QStringView name);
    static Type defaultType(Condition condition);

private:
    Type m_type = Type::Cancel;
    Condition m_condition = Condition::UndefinedCondition;
    QString m_text;
    QString m_by;
    QString m_redirect;
};

} // namespace natter
