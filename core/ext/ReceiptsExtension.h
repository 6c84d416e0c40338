// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "ext/PresenceVisibility.h"
#include "stanza/Jid.h"
#include "stanza/Message.h"

#include <QPointer>

namespace natter {

class MessageExtension;
class PresenceExtension;
class RosterExtension;

// Message Delivery Receipts (XEP-0184, urn:xmpp:receipts).
//
// Sending: every chat or normal message with a body that MessageExtension::send() sends carries
// <request/> (an outgoing hook), unless it already is a receipt.
//
// Answering: a request is answered with <received id='…'/> to the sender's full JID, with the
// request's type (chat or normal), only when
//   - the message is of type chat or normal (never groupchat, headline or error), has an id and
//     a valid 'from', and is not itself a receipt (no loops);
//   - it does not come from our own account: messages from our own bare JID are carbons, archive
//     results or notes between our own devices, and a receipt for a carbon would claim delivery
//     on behalf of another device. (Carbons and MAM results arrive wrapped in <forwarded/>, so the
//     request inside is not seen here at all.)
//   - the answer policy allows it. The default, PresenceSubscribers, follows XEP-0184 §8: a receipt
//     tells the sender we are online, so it goes only to whom may see our presence anyway
//     (PresenceVisibility: subscribed contacts, directed presence, our own account). Requests from
//     strangers stay unanswered; they show "sent", not "delivered".
//
// Receiving: <received id='…'/> in a chat or normal message emits delivered(). Receipts are not
// claimed: a message may carry other payloads, and MessageExtension still sees it.
class ReceiptsExtension : public Extension
{
    Q_OBJECT
public:
    enum class AnswerPolicy
    {
        Never,               // the user turned receipts off
        PresenceSubscribers, // default: only whom may see our presence (XEP-0184 §8)
        Always,
    };
    Q_ENUM(AnswerPolicy)

    // messages: where the request hook goes (required). roster and presence (may be null) decide
    // who may see our presence.
    ReceiptsExtension(Account *account, MessageExtension *messages, RosterExtension *roster,
                      PresenceExtension *presence);

    QStringList discoFeatures() const override;
    bool handleMessage(const Message &message) override;

    void setAnswerPolicy(AnswerPolicy policy) { m_policy = policy; }
    AnswerPolicy answerPolicy() const { return m_policy; }
    // Default true: add <request/> to outgoing chat and normal messages with a body.
    void setRequestReceipts(bool on) { m_request = on; }
    bool requestReceipts() const { return m_request; }

    // For messages that did not arrive live (carbons, archive results) as well:
    static bool hasRequest(const Message &message);
    // The id in <received/>, or an empty string.
    static QString receiptId(const Message &message);
    // Whether an outgoing message gets <request/>.
    static bool wantsRequest(const Message &message);

Q_SIGNALS:
    // The recipient's client (from: its full JID) confirmed the message with this id.
    void delivered(const natter::Jid &from, const QString &id);

private:
    bool shouldAnswer(const Message &message) const;
    void answer(const Message &message);

    QPointer<MessageExtension> m_messages;
    PresenceVisibility m_visibility;
    AnswerPolicy m_policy = AnswerPolicy::PresenceSubscribers;
    bool m_request = true;
};

} // namespace natter
