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

// Chat Markers (XEP-0333, urn:xmpp:chat-markers:0), the "displayed" marker of one-to-one chats.
//
// Sending: every chat or normal message with a body that MessageExtension::send() sends carries
// <markable/> (an outgoing hook) — except corrections and messages whose body is a fallback
// (retractions): those are not shown as messages of their own. sendDisplayed() marks a message
// we received (and, by XEP-0333 §4, every one before it) as read. It refuses, as XEP-0333 §9
// asks, when the peer may not see our presence (see PresenceVisibility), and never marks a
// marker.
//
// Receiving: <displayed id='…'/> in a chat or normal message emits displayed(). Markers in
// groupchat messages are left alone (they name MUC stanza-ids; a MUC extension's business).
// The extension does not know what we sent to whom: before turning a message "read", the
// receiver checks isFromPeer(from, the conversation peer the marked message went to) — a marker
// from anyone else is not about that message.
class MarkersExtension : public Extension
{
    Q_OBJECT
public:
    MarkersExtension(Account *account, MessageExtension *messages, RosterExtension *roster,
                     PresenceExtension *presence);

    QStringList discoFeatures() const override;
    bool handleMessage(const Message &message) override;

    // Default true: add <markable/> to outgoing messages.
    void setMarkOutgoing(bool on) { m_markOutgoing = on; }
    bool markOutgoing() const { return m_markOutgoing; }

    // Sends <displayed id=id/> (with the marked message's thread, if any) to the peer, as a
    // message of the given type (the marked message's: chat or normal). Returns false, sending
    // nothing, when offline, id is empty, or the peer may not see our presence.
    bool sendDisplayed(const Jid &to, const QString &id, const QString &thread = {},
                       Message::Type type = Message::Type::Chat);

    // For messages that did not arrive live (carbons, archive results) as well:
    static bool isMarkable(const Message &message);
    // The id in <displayed/>, or an empty string.
    static QString displayedId(const Message &message);
    // Whether an outgoing message gets <markable/>.
    static bool wantsMarkable(const Message &message);
    // A marker counts only when it comes from the peer of the conversation the marked message
    // belongs to (same bare JID: any of the peer's devices may have shown it).
    static bool isFromPeer(const Jid &markerFrom, const Jid &conversationPeer);

Q_SIGNALS:
    // The peer's client (from: its full JID) displayed our message id and those before it.
    void displayed(const natter::Jid &from, const QString &id);

private:
    QPointer<MessageExtension> m_messages;
    PresenceVisibility m_visibility;
    bool m_markOutgoing = true;
};

} // namespace natter
