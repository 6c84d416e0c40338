// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConversationExport.h"

#include "storage/MessageStore.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

// Plain text: a message is one line.
QString escapeLine(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        case 0x2028: // line and paragraph separators end lines in some viewers
            out += u"\\u2028"_s;
            break;
        case 0x2029:
            out += u"\\u2029"_s;
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString directionName(ChatMessage::Direction direction)
{
    return direction == ChatMessage::Direction::Outgoing ? u"outgoing"_s : u"incoming"_s;
}

} // namespace

QString ConversationExport::stateName(ChatMessage::State state)
{
    switch (state) {
    case ChatMessage::State::Queued:
        return u"queued"_s;
    case ChatMessage::State::Pending:
        return u"pending"_s;
    case ChatMessage::State::Sent:
        return u"sent"_s;
    case ChatMessage::State::Failed:
        return u"failed"_s;
    case ChatMessage::State::Received:
        return u"received"_s;
    case ChatMessage::State::Delivered:
        return u"delivered"_s;
    case ChatMessage::State::Read:
        return u"read"_s;
    }
    return {};
}

QString ConversationExport::plainLine(const ChatMessage &message, const Parties &parties)
{
    const QString name =
        message.isOutgoing()
            ? (parties.ownName.isEmpty() ? parties.own.bareString() : parties.ownName)
            : (parties.peerName.isEmpty() ? message.peer.bareString() : parties.peerName);
    const QString time =
        message.timestamp.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QString text = message.body;
    if (message.retracted)
        text = QCoreApplication::translate("ConversationExport", "(deleted)");
    else if (text.isEmpty() && !message.subject.isEmpty())
        text = message.subject;
    return u"[%1] %2: %3"_s.arg(time, escapeLine(name), escapeLine(text));
}

QJsonObject ConversationExport::jsonObject(const ChatMessage &message, const Parties &parties)
{
    const bool outgoing = message.isOutgoing();
    QJsonObject o;
    o.insert(u"time"_s, message.timestamp.toUTC().toString(Qt::ISODateWithMs));
    o.insert(u"direction"_s, directionName(message.direction));
    o.insert(u"from"_s,
             outgoing
                 ? (message.from.isNull() ? parties.own.toString() : message.from.toString())
                 : (message.from.isNull() ? message.peer.toString() : message.from.toString()));
    o.insert(u"to"_s, outgoing ? message.peer.bareString() : parties.own.toString());
    o.insert(u"id"_s, message.id);
    o.insert(u"body"_s, message.body);
    o.insert(u"state"_s, stateName(message.state));
    return o;
}

bool ConversationExport::write(const MessageStore &store, const Jid &peer, Format format,
                               const Parties &parties, QIODevice *out, QString *error, int pageSize,
                               const Progress &progress)
{
    pageSize = std::max(pageSize, 1);
    // Walk back once, noting the key each page ends before (newest page first).
    QList<MessageStore::Key> ends;
    MessageStore::Key key{std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::max()};
    qint64 total = 0;
    for (;;) {
        const QList<MessageStore::Entry> page = store.before(peer, key, pageSize);
        if (page.isEmpty())
            break;
        total += page.size();
        ends.append(key);
        key = MessageStore::keyOf(page.first());
        if (page.size() < pageSize)
            break;
    }

    const auto put = [out, error](const QByteArray &bytes) {
        if (out->write(bytes) == bytes.size())
            return true;
        if (error)
            *error = out->errorString();
        return false;
    };

    const auto proceed = [&progress, error](qint64 written, qint64 all) {
        if (!progress || progress(written, all))
            return true;
        if (error)
            *error = QCoreApplication::translate("ConversationExport", "cancelled");
        return false;
    };

    bool first = true;
    qint64 written = 0;
    if (format == Format::Json && !put("[\n"))
        return false;
    for (auto it = ends.crbegin(); it != ends.crend(); ++it) {
        if (!proceed(written, total))
            return false;
        QByteArray chunk;
        const QList<MessageStore::Entry> page = store.before(peer, *it, pageSize);
        written += page.size();
        for (const MessageStore::Entry &entry : page) {
            if (format == Format::PlainText) {
                chunk += plainLine(entry.message, parties).toUtf8();
                chunk += '\n';
            } else {
                if (!first)
                    chunk += ",\n";
                chunk += "  ";
                chunk += QJsonDocument(jsonObject(entry.message, parties))
                             .toJson(QJsonDocument::Compact);
            }
            first = false;
        }
        if (!put(chunk))
            return false;
    }
    if (format == Format::Json && !put(first ? "]\n" : "\n]\n"))
        return false;
    return proceed(written, total);
}

} // namespace natter
