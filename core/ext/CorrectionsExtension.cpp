// SPDX-License-Identifier: GPL-3.0-or-later
#include "CorrectionsExtension.h"

#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "xml/Namespaces.h"

namespace natter {

CorrectionsExtension::CorrectionsExtension(Account *account, MessageExtension *messages)
    : Extension(account)
    , m_messages(messages)
{
    Q_ASSERT(messages);
}

QStringList CorrectionsExtension::discoFeatures() const
{
    return {ns::MessageCorrect};
}

QString CorrectionsExtension::replacedId(const Message &message)
{
    return message.element().firstChild(ns::MessageCorrect, u"replace").attribute(u"id");
}

bool CorrectionsExtension::isValidCorrection(const Jid &correctionFrom, const Jid &originalFrom,
                                             Message::Type type)
{
    if (correctionFrom.isNull() || originalFrom.isNull())
        return false;
    if (type == Message::Type::Groupchat)
        return correctionFrom == originalFrom; // the same occupant
    return correctionFrom.bareEquals(originalFrom);
}

std::optional<Message> CorrectionsExtension::sendCorrection(const Jid &to,
                                                            const QString &originalId,
                                                            const QString &newBody,
                                                            Message::Type type)
{
    if (!m_messages || originalId.isEmpty())
        return std::nullopt;
    Message message;
    message.setTo(to);
    message.setType(type);
    message.setBody(newBody);
    XmlElement replace(ns::MessageCorrect, QStringLiteral("replace"));
    replace.setAttribute(QStringLiteral("id"), originalId);
    message.element().appendChild(replace);
    return m_messages->send(message);
}

bool CorrectionsExtension::handleMessage(const Message &message)
{
    const Message::Type type = message.type();
    if (type == Message::Type::Error || type == Message::Type::Headline)
        return false;
    const QString originalId = replacedId(message);
    if (originalId.isEmpty() || !message.hasBody() || !message.from().isValid())
        return false;
    Q_EMIT corrected(message.from(), originalId, message);
    return true;
}

} // namespace natter
