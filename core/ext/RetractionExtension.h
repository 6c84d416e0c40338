// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "stanza/Jid.h"
#include "stanza/Message.h"

#include <QPointer>

#include <optional>

namespace natter {

class MessageExtension;

// Message Retraction (XEP-0424, urn:xmpp:message-retract:1).
//
// Sending: retract() sends <retract id=…/> naming the XEP-0359 origin-id of one of our messages
// (in a groupchat: the room's stanza-id), with a fallback body for clients without retraction
// (marked with XEP-0428 <fallback for='urn:xmpp:message-retract:1'/>) and a <store/> hint
// (XEP-0334) so that archives keep the retraction next to the message.
//
// Receiving: a chat, normal or groupchat message with <retract id=…/> emits retracted() and is
// claimed — its body is a fallback, not a message to show. Error bounces are left to
// MessageExtension. The extension does not know who sent the original: before hiding anything the
// receiver MUST check isFromOriginalSender(from, the original's sender, type) — only the sender
// of a message may retract it (same bare JID one-to-one, same occupant in a groupchat).
//
// Register after ReceiptsExtension, MarkersExtension and ChatStatesExtension.
class RetractionExtension : public Extension
{
    Q_OBJECT
public:
    RetractionExtension(Account *account, MessageExtension *messages);

    QStringList discoFeatures() const override;
    bool handleMessage(const Message &message) override;

    // Returns the message as sent, or std::nullopt when offline or originId is empty.
    std::optional<Message> retract(const Jid &to, const QString &originId,
                                   Message::Type type = Message::Type::Chat);

    // The id in <retract/>, or an empty string.
    static QString retractedId(const Message &message);
    static bool isFromOriginalSender(const Jid &retractionFrom, const Jid &originalFrom,
                                     Message::Type type);
    // The body for clients that do not support retraction (XEP-0424 §4).
    static QString fallbackText();

Q_SIGNALS:
    // Not yet checked against the original: see isFromOriginalSender().
    void retracted(const natter::Jid &from, const QString &originId);

private:
    QPointer<MessageExtension> m_messages;
};

} // namespace natter
