// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "ext/PresenceVisibility.h"
#include "stanza/Jid.h"
#include "stanza/Message.h"

#include <QHash>
#include <QPointer>
#include <QSet>

#include <optional>

namespace natter {

class MessageExtension;
class PresenceExtension;
class RosterExtension;

// Chat State Notifications (XEP-0085, http://jabber.org/protocol/chatstates).
//
// Sending: every chat message with a body that MessageExtension::send() sends carries <active/>
// (an outgoing hook; XEP-0085 §5.1). sendChatState() sends a standalone notification: type chat,
// no body, with a <no-store/> hint (XEP-0334) so that archives do not keep it. ChatStateTracker
// drives it from the input box with the XEP's state machine.
//
// Standalone notifications go only to a peer that
//   - has not shown that it does not support chat states: once it answered a message of ours
//     that carried a chat state with a content message without one, we stop (XEP-0085 §5.1);
//     any chat state from it resumes them;
//   - may see our presence (PresenceVisibility): "composing" tells a stranger we are online
//     before the user decided to answer them.
//
// Receiving: a chat state in a chat, normal or groupchat message emits chatStateChanged() with
// the sender's full JID (chat states are per resource). Never claimed: a content message
// carries <active/> and must still be shown.
class ChatStatesExtension : public Extension
{
    Q_OBJECT
public:
    enum class State
    {
        Active,
        Composing,
        Paused,
        Inactive,
        Gone,
    };
    Q_ENUM(State)

    ChatStatesExtension(Account *account, MessageExtension *messages, RosterExtension *roster,
                        PresenceExtension *presence);

    QStringList discoFeatures() const override;
    bool handleMessage(const Message &message) override;
    void sessionEnded() override;

    // Sends a standalone notification. Returns false (sending nothing) when offline, when the
    // peer does not support chat states, or may not see our presence.
    bool sendChatState(const Jid &to, State state);
    // Whether notifications may go to this peer (bare JID): the two rules above.
    bool maySendTo(const Jid &to) const;
    // What we learned about a peer (bare JID): nullopt while unknown.
    std::optional<bool> peerSupport(const Jid &jid) const;

    static QString stateName(State state);
    static std::optional<State> stateFromName(QStringView name);
    // The chat state a message carries, if any.
    static std::optional<State> stateOf(const Message &message);
    // The <no-store/>-hinted standalone notification sendChatState() sends (without ids).
    static Message notification(const Jid &to, State state);

Q_SIGNALS:
    void chatStateChanged(const natter::Jid &from, natter::ChatStatesExtension::State state);

private:
    QPointer<MessageExtension> m_messages;
    PresenceVisibility m_visibility;
    QHash<Jid, bool> m_support; // bare JID -> supports chat states
    QSet<Jid> m_sentState;      // bare JIDs we sent a chat state to since their last message
};

} // namespace natter

Q_DECLARE_METATYPE(natter::ChatStatesExtension::State)
