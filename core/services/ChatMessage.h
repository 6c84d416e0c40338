// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace natter {

// One message of a conversation as the application sees it (no XML): what the chat view shows
// and, later, what the message store keeps.
struct ChatMessage
{
    enum class Direction
    {
        Incoming,
        Outgoing
    };
    // Outgoing: Queued (written while offline, not on the wire) → Pending (on the wire, not yet
    // confirmed) → Sent (the server holds it) or Failed → Delivered (the peer's client confirmed
    // it, XEP-0184) → Read (the peer's client displayed it or a later one, XEP-0333). Incoming
    // messages are Received. The values are stored: new states go at the end.
    enum class State
    {
        Queued,
        Pending,
        Sent,
        Failed,
        Received,
        Delivered,
        Read
    };
    enum class Kind
    {
        Chat,
        Normal,
        Headline,
        Groupchat,
        Error
    };

    QString id; // the stanza id (for ours also the XEP-0359 origin-id)
    Jid peer;   // the conversation: the other side's bare JID
    Jid from;   // full sender address as received (incoming) or our full JID (outgoing)
    Direction direction = Direction::Incoming;
    State state = State::Received;
    Kind kind = Kind::Chat;
    QString body;
    QString subject;
    QString thread;
    QDateTime timestamp;    // UTC; for incoming messages the XEP-0203 delay if present
    QString errorCondition; // Kind::Error or State::Failed: e.g. "service-unavailable"
    QString errorText;      // in words for the user
    QString originId;       // XEP-0359 origin-id (for ours the same as id); empty if none
    // XEP-0308: the texts this message had before it was corrected, oldest first (the first is
    // the original), and when the current text replaced the last of them. Empty: never edited.
    QStringList previousBodies;
    QDateTime editedAt;
    // XEP-0424: its sender retracted it ("deleted for everyone"); the body is gone.
    bool retracted = false;
    // XEP-0333: its sender asks for chat markers (<markable/>). Known for messages as they
    // arrive (live or from the archive); not kept in the store.
    bool markable = false;

    bool isOutgoing() const { return direction == Direction::Outgoing; }
    bool isEdited() const { return !previousBodies.isEmpty(); }

    // How far an outgoing message got: a state never gives way to one of a lower rank once the
    // message is Delivered or Read (a late acknowledgement, a disconnect or a bounce from another
    // resource do not take a tick away). Queued, Pending and Failed may alternate (re-sending).
    static int rank(State state)
    {
        switch (state) {
        case State::Queued:
        case State::Pending:
        case State::Failed:
            return 0;
        case State::Sent:
            return 1;
        case State::Delivered:
            return 2;
        case State::Read:
            return 3;
        case State::Received:
            break;
        }
        return -1;
    }
    // Whether an outgoing message in state `from` may be shown as `to`.
    static bool mayAdvance(State from, State to) { return rank(from) < 2 || rank(to) > rank(from); }
};

} // namespace natter

Q_DECLARE_METATYPE(natter::ChatMessage)
