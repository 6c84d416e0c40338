// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace natter {

// One message of a conversation as the application sees it (no XML): what the chat view shows
// and, later, what the message store keeps.
struct ChatMessage
{
    enum class Direction { Incoming, Outgoing };
    // Outgoing: Queued (written while offline, not on the wire) → Pending (on the wire, not yet
    // confirmed) → Sent (the server holds it) or Failed. Incoming messages are Received.
    enum class State { Queued, Pending, Sent, Failed, Received };
    enum class Kind { Chat, Normal, Headline, Groupchat, Error };

    QString id;          // the stanza id (for ours also the XEP-0359 origin-id)
    Jid peer;            // the conversation: the other side's bare JID
    Jid from;            // full sender address as received (incoming) or our full JID (outgoing)
    Direction direction = Direction::Incoming;
    State state = State::Received;
    Kind kind = Kind::Chat;
    QString body;
    QString subject;
    QString thread;
    QDateTime timestamp; // UTC; for incoming messages the XEP-0203 delay if present
    QString errorCondition; // Kind::Error or State::Failed: e.g. "service-unavailable"
    QString errorText;      // in words for the user

    bool isOutgoing() const { return direction == Direction::Outgoing; }
};

} // namespace natter

Q_DECLARE_METATYPE(natter::ChatMessage)
