// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ChatMessage.h"
#include "stanza/Jid.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <limits>

class QIODevice;

namespace natter {

class MessageStore;

// A conversation written out for the user to keep: plain text (one line per message,
// "[yyyy-MM-dd HH:mm:ss] Name: text" in local time; backslashes, line breaks and tabs in the
// text written as \\, \n, \r and \t so that a line is a message) or JSON (an array of objects
// with time (ISO 8601, UTC), direction ("incoming"/"outgoing"), from, to, id, body and state).
//
// write() reads the store a page at a time (MessageStore::before) and writes oldest first, so a
// conversation of 100,000 messages never sits in memory at once: it walks back once to note
// where each page starts, then writes the pages from the oldest.
class ConversationExport
{
public:
    enum class Format
    {
        PlainText,
        Json
    };

    // Who is who in the output.
    struct Parties
    {
        Jid own;         // our JID (the "to" of incoming messages)
        QString ownName; // how our messages are signed in plain text
        QString peerName;
    };

    static constexpr int PageSize = 500;

    // One message as a line of plain text, without the line break.
    static QString plainLine(const ChatMessage &message, const Parties &parties);
    static QJsonObject jsonObject(const ChatMessage &message, const Parties &parties);
    // The words used for a state in JSON ("sent", "delivered", …).
    static QString stateName(ChatMessage::State state);

    // After each page written: how many messages are written so far and how many there are in
    // all; returning false stops the export (write() then fails with "cancelled").
    using Progress = std::function<bool(qint64 written, qint64 total)>;

    // Writes the conversation with peer to out. false with *error set when writing failed or
    // progress stopped it.
    static bool write(const MessageStore &store, const Jid &peer, Format format,
                      const Parties &parties, QIODevice *out, QString *error = nullptr,
                      int pageSize = PageSize, const Progress &progress = {});
};

} // namespace natter
