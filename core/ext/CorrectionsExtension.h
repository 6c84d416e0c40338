// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "stanza/Jid.h"
#include "stanza/Message.h"

#include <QPointer>

#include <optional>

namespace natter {

class MessageExtension;

// Last Message Correction (XEP-0308, urn:xmpp:message-correct:0).
//
// Sending: sendCorrection() sends the new text with <replace id=…/> naming the original
// message's id — always the original's, also when correcting a correction (XEP-0308 §4).
//
// Receiving: a chat, normal or groupchat message with a body and <replace id=…/> emits
// corrected() and is claimed (it is no new message). Error bounces are left to
// MessageExtension. The extension does not know who sent the original: before replacing any
// text the receiver MUST check isValidCorrection(from, the original's sender, type) — a
// correction is accepted only from whoever sent the original: the same bare JID in a one-to-one
// chat (the user may correct from another device of theirs), the same full JID (room occupant)
// in a groupchat. Everything else is a spoof and is dropped by the receiver.
//
// Register after ReceiptsExtension, MarkersExtension and ChatStatesExtension so that these still
// see a correction's request, markable and chat state.
class CorrectionsExtension : public Extension
{
    Q_OBJECT
public:
    CorrectionsExtension(Account *account, MessageExtension *messages);

    QStringList discoFeatures() const override;
    bool handleMessage(const Message &message) override;

    // Sends newBody as the correction of the message originalId (sent by us to `to`). Returns
    // the message as sent, or std::nullopt when offline or originalId is empty.
    std::optional<Message> sendCorrection(const Jid &to, const QString &originalId,
                                          const QString &newBody,
                                          Message::Type type = Message::Type::Chat);

    // The id in <replace/>, or an empty string.
    static QString replacedId(const Message &message);
    // Whether a correction from correctionFrom may replace a message that originalFrom sent.
    static bool isValidCorrection(const Jid &correctionFrom, const Jid &originalFrom,
                                  Message::Type type);

Q_SIGNALS:
    // Not yet checked against the original: see isValidCorrection().
    void corrected(const natter::Jid &from, const QString &originalId,
                   const natter::Message &correction);

private:
    QPointer<MessageExtension> m_messages;
};

} // namespace natter
