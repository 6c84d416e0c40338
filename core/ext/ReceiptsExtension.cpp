// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReceiptsExtension.h"

#include "account/Account.h"
#include "ext/MessageExtension.h"
#include "xml/Namespaces.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcReceipts, "natter.receipts")

namespace natter {

namespace {
bool isChatOrNormal(const Message &message)
{
    const Message::Type type = message.type();
    return type == Message::Type::Chat || type == Message::Type::Normal;
}
} // namespace

ReceiptsExtension::ReceiptsExtension(Account *account, MessageExtension *messages,
                                     RosterExtension *roster, PresenceExtension *presence)
    : Extension(account)
    , m_messages(messages)
    , m_visibility(account, roster, presence)
{
    Q_ASSERT(messages);
    messages->addOutgoingHook(this, [this](Message &message) {
        if (m_request && wantsRequest(message))
            message.element().appendChild(XmlElement(ns::Receipts, QStringLiteral("request")));
    });
}

QStringList ReceiptsExtension::discoFeatures() const
{
    return {ns::Receipts};
}

bool ReceiptsExtension::hasRequest(const Message &message)
{
    return message.element().hasChild(ns::Receipts, u"request");
}

QString ReceiptsExtension::receiptId(const Message &message)
{
    return message.element().firstChild(ns::Receipts, u"received").attribute(u"id");
}

bool ReceiptsExtension::wantsRequest(const Message &message)
{
    // XEP-0184 §5.4: not in a receipt, not with type groupchat or error.
    return isChatOrNormal(message) && message.hasBody() && !hasRequest(message) &&
           !message.element().hasChild(ns::Receipts, u"received");
}

bool ReceiptsExtension::handleMessage(const Message &message)
{
    if (!isChatOrNormal(message))
        return false; // error bounces, groupchat, headline
    const QString delivered = receiptId(message);
    if (!delivered.isEmpty()) {
        qCDebug(lcReceipts) << "delivered" << delivered << "to" << message.from().toString();
        Q_EMIT this->delivered(message.from(), delivered);
    } else if (hasRequest(message) && shouldAnswer(message)) {
        answer(message);
    }
    return false;
}

bool ReceiptsExtension::shouldAnswer(const Message &message) const
{
    const Jid from = message.from();
    if (message.id().isEmpty() || !from.isValid())
        return false;
    if (from.bareEquals(account()->jid()))
        return false; // our own devices, carbons, archive: never on behalf of another device
    switch (m_policy) {
    case AnswerPolicy::Never:
        return false;
    case AnswerPolicy::Always:
        return true;
    case AnswerPolicy::PresenceSubscribers:
        if (m_visibility.maySee(from))
            return true;
        qCInfo(lcReceipts) << "receipt request from" << from.toString()
                           << "not answered: not authorized to see our presence";
        return false;
    }
    return false;
}

void ReceiptsExtension::answer(const Message &message)
{
    if (!m_messages)
        return;
    Message receipt;
    receipt.setTo(message.from());
    receipt.setType(message.type());
    XmlElement received(ns::Receipts, QStringLiteral("received"));
    received.setAttribute(QStringLiteral("id"), message.id());
    receipt.element().appendChild(received);
    m_messages->send(receipt);
}

} // namespace natter
