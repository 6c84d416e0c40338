// SPDX-License-Identifier: GPL-3.0-or-later
#include "StanzaError.h"

#include "xml/Namespaces.h"

#include <QCoreApplication>

#include <array>

namespace natter {

namespace {

struct ConditionInfo
{
    StanzaError::Condition condition;
    const char16_t *name;
    StanzaError::Type type;
    const char *description;
};

using C = StanzaError::Condition;
using T = StanzaError::Type;

// RFC 6120 §8.3.3 with the error type each condition usually carries.
constexpr std::array<ConditionInfo, 22> conditions{{
    {C::BadRequest, u"bad-request", T::Modify,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The request was malformed.")},
    {C::Conflict, u"conflict", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "It conflicts with something that already exists.")},
    {C::FeatureNotImplemented, u"feature-not-implemented", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The recipient does not support this feature.")},
    {C::Forbidden, u"forbidden", T::Auth,
     QT_TRANSLATE_NOOP("natter::StanzaError", "You are not allowed to do this.")},
    {C::Gone, u"gone", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The recipient is no longer at this address.")},
    {C::InternalServerError, u"internal-server-error", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The server had an internal error.")},
    {C::ItemNotFound, u"item-not-found", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The item was not found.")},
    {C::JidMalformed, u"jid-malformed", T::Modify,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The address is not valid.")},
    {C::NotAcceptable, u"not-acceptable", T::Modify,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The recipient does not accept this.")},
    {C::NotAllowed, u"not-allowed", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "This is not allowed.")},
    {C::NotAuthorized, u"not-authorized", T::Auth,
     QT_TRANSLATE_NOOP("natter::StanzaError", "You are not authorized to do this.")},
    {C::PolicyViolation, u"policy-violation", T::Modify,
     QT_TRANSLATE_NOOP("natter::StanzaError", "This violates the server's policy.")},
    {C::RecipientUnavailable, u"recipient-unavailable", T::Wait,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The recipient is temporarily unavailable.")},
    {C::Redirect, u"redirect", T::Modify,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The recipient has moved to another address.")},
    {C::RegistrationRequired, u"registration-required", T::Auth,
     QT_TRANSLATE_NOOP("natter::StanzaError", "You need to register first.")},
    {C::RemoteServerNotFound, u"remote-server-not-found", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError",
                       "The recipient's server does not exist or cannot be found.")},
    {C::RemoteServerTimeout, u"remote-server-timeout", T::Wait,
     QT_TRANSLATE_NOOP("natter::StanzaError",
                       "The recipient's server could not be reached in time.")},
    {C::ResourceConstraint, u"resource-constraint", T::Wait,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The recipient is too busy right now.")},
    {C::ServiceUnavailable, u"service-unavailable", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The recipient does not offer this service.")},
    {C::SubscriptionRequired, u"subscription-required", T::Auth,
     QT_TRANSLATE_NOOP("natter::StanzaError", "A presence subscription is required.")},
    {C::UndefinedCondition, u"undefined-condition", T::Cancel,
     QT_TRANSLATE_NOOP("natter::StanzaError", "An unknown error occurred.")},
    {C::UnexpectedRequest, u"unexpected-request", T::Wait,
     QT_TRANSLATE_NOOP("natter::StanzaError", "The request was not expected at this time.")},
}};

const ConditionInfo &info(C condition)
{
    return conditions[static_cast<size_t>(condition)];
}

std::optional<T> typeFromName(QStringView name)
{
    if (name == u"auth")
        return T::Auth;
    if (name == u"cancel")
        return T::Cancel;
    if (name == u"continue")
        return T::Continue;
    if (name == u"modify")
        return T::Modify;
    if (name == u"wait")
        return T::Wait;
    return std::nullopt;
}

QString typeName(T type)
{
    switch (type) {
    case T::Auth:
        return QStringLiteral("auth");
    case T::Cancel:
        return QStringLiteral("cancel");
    case T::Continue:
        return QStringLiteral("continue");
    case T::Modify:
        return QStringLiteral("modify");
    case T::Wait:
        return QStringLiteral("wait");
    }
    return QStringLiteral("cancel");
}

} // namespace

StanzaError::StanzaError(Type type, Condition condition, const QString &text)
    : m_type(type)
    , m_condition(condition)
    , m_text(text)
{}

QString StanzaError::conditionName() const
{
    return conditionName(m_condition);
}

QString StanzaError::conditionName(Condition condition)
{
    return QString::fromUtf16(info(condition).name);
}

std::optional<StanzaError::Condition> StanzaError::conditionFromName(QStringView name)
{
    for (const ConditionInfo &c : conditions) {
        if (name == QStringView(c.name))
            return c.condition;
    }
    return std::nullopt;
}

StanzaError::Type StanzaError::defaultType(Condition condition)
{
    return info(condition).type;
}

StanzaError StanzaError::fromElement(const XmlElement &error)
{
    StanzaError e;
    e.m_by = error.attribute(u"by");
    bool haveCondition = false;
    for (const XmlElement &child : error.children()) {
        if (child.namespaceUri() != ns::StanzaErrors)
            continue;
        if (child.name() == u"text") {
            e.m_text = child.text();
            continue;
        }
        if (haveCondition)
            continue;
        if (const auto c = conditionFromName(child.name())) {
            e.m_condition = *c;
            haveCondition = true;
            if (*c == Condition::Gone || *c == Condition::Redirect)
                e.m_redirect = child.text();
        }
    }
    e.m_type = typeFromName(error.attribute(u"type")).value_or(defaultType(e.m_condition));
    return e;
}

XmlElement StanzaError::toElement() const
{
    XmlElement error(ns::Client, QStringLiteral("error"));
    error.setAttribute(QStringLiteral("type"), typeName(m_type));
    error.setAttributeIfNotEmpty(QStringLiteral("by"), m_by);
    XmlElement condition(ns::StanzaErrors, conditionName());
    if (!m_redirect.isEmpty())
        condition.setText(m_redirect);
    error.appendChild(condition);
    if (!m_text.isEmpty())
        error.appendTextChild(ns::StanzaErrors, QStringLiteral("text"), m_text);
    return error;
}

QString StanzaError::description() const
{
    const QString base =
        QCoreApplication::translate("natter::StanzaError", info(m_condition).description);
    if (m_text.isEmpty())
        return base;
    return QCoreApplication::translate("natter::StanzaError", "%1 (The server said: “%2”)")
        .arg(base, m_text);
}

} // namespace natter
