// SPDX-License-Identifier: GPL-3.0-or-later
#include "RetractionExtension.h"

#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "xml/Namespaces.h"

namespace natter {

RetractionExtension::RetractionExtension(Account *account, MessageExtension *messages)
    : Extension(account)
    , m_messages(messages)
{
    Q_ASSERT(messages);
}

QStringList RetractionExtension::discoFeatures() const
{
    return {ns::MessageRetract};
}

QString RetractionExtension::retractedId(const Message &message)
{
    return message.element().firstChild(ns::MessageRetract, u"retract").attribute(u"id");
}

bool RetractionExtension::isFromOriginalSender(const Jid &retractionFrom, const Jid &originalFrom,
                                               Message::Type type)
{
    if (retractionFrom.isNull() || originalFrom.isNull())
        return false;
    if (type == Message::Type::Groupchat)
        return retractionFrom == originalFrom;
    return retractionFrom.bareEquals(originalFrom);
}

QString RetractionExtension::fallbackText()
{
    return QStringLiteral("This person attempted to retract a previous message, but it's "
                          "unsupported by your client.");
}

std::optional<Message> RetractionExtension::retract(const Jid &to, const QString &originId,
                                                    Message::Type type)
{
    if (!m_messages || originId.isEmpty())
        return std::nullopt;
    Message message;
    message.setTo(to);
    message.setType(type);
    XmlElement retract(ns::MessageRetract, QStringLiteral("retract"));
    retract.setAttribute(QStringLiteral("id"), originId);
    message.element().appendChild(retract);
    XmlElement fallback(ns::Fallback, QStringLiteral("fallback"));
    fallback.setAttribute(QStringLiteral("for"), ns::MessageRetract);
    message.element().appendChild(fallback);
    message.setBody(fallbackText());
    message.element().appendChild(XmlElement(ns::Hints, QStringLiteral("store")));
    return m_messages->send(message);
}

bool RetractionExtension::handleMessage(const Message &message)
{
    const Message::Type type = message.type();
    if (type == Message::Type::Error || type == Message::Type::Headline)
        return false;
    const QString originId = retractedId(message);
    if (originId.isEmpty() || !message.from().isValid())
        return false;
    Q_EMIT retracted(message.from(), originId);
    return true;
}

} // namespace natter
