// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageExtension.h"

#include "account/Account.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcMessages, "natter.messages")

namespace natter {

MessageExtension::MessageExtension(Account *account)
    : Extension(account)
{
    connect(account, &Account::messageReceived, this, &MessageExtension::onMessage);
}

QStringList MessageExtension::discoFeatures() const
{
    return {ns::StanzaId};
}

QString MessageExtension::generateOriginId()
{
    return Stanza::generateId();
}

std::optional<Message> MessageExtension::send(Message message)
{
    if (message.id().isEmpty() && message.originId().isEmpty()) {
        const QString id = generateOriginId();
        message.setId(id);
        message.setOriginId(id);
    } else if (message.id().isEmpty()) {
        message.setId(message.originId());
    } else if (message.originId().isEmpty()) {
        message.setOriginId(generateOriginId());
    }
    for (const Hook &hook : std::as_const(m_hooks)) {
        if (hook.context)
            hook.run(message);
    }
    if (!account()->send(message)) {
        qCInfo(lcMessages) << "offline; message" << message.id() << "not sent";
        return std::nullopt;
    }
    return message;
}

void MessageExtension::addOutgoingHook(QObject *context, OutgoingHook hook)
{
    m_hooks.append({context, std::move(hook)});
}

std::optional<Message> MessageExtension::sendChat(const Jid &to, const QString &body,
                                                  Message::Type type, const QString &subject,
                                                  const QString &thread)
{
    Message message;
    message.setTo(to);
    message.setType(type);
    if (!subject.isEmpty())
        message.setSubject(subject);
    if (!body.isEmpty())
        message.setBody(body);
    message.setThread(thread);
    return send(message);
}

void MessageExtension::onMessage(const Message &message)
{
    Q_EMIT messageReceived(message);
    if (message.type() == Message::Type::Error) {
        const StanzaError error = message.error();
        qCInfo(lcMessages) << "message" << message.id() << "bounced from"
                           << message.from().toString() << error.conditionName();
        if (!message.id().isEmpty())
            Q_EMIT messageFailed(message.id(), message.from(), error);
    }
}

} // namespace natter
