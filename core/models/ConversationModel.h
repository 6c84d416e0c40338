// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ChatMessage.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace natter {

// The messages of one conversation in timestamp order (oldest first), for the chat view: all of
// them, or (ChatService keeps it so) a window of a long conversation's stored messages. Each row
// may carry the MessageStore row of its message (storeRow(); 0: not stored), from which the
// window is paged. Changes are granular: append() inserts one row (rowsInserted), dropOldest()
// and dropNewest() remove rows at one end (one rowsRemoved), setState() and setPeerName() emit
// dataChanged with the changed roles only. Only replace() — the window moved elsewhere as a
// whole — resets the model.
class ConversationModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        DirectionRole, // ChatMessage::Direction as int
        StateRole,     // ChatMessage::State as int
        KindRole,      // ChatMessage::Kind as int
        BodyRole,      // QString (Qt::DisplayRole too)
        SubjectRole,
        TimestampRole,      // QDateTime, UTC
        SenderRole,         // QString: display name of the sender ("Me" tr'd for ours)
        FromRole,           // QString: full JID
        ErrorRole,          // QString: error text in words (empty if none)
        MessageRole,        // QVariant<ChatMessage>
        EditedRole,         // bool: corrected (XEP-0308)
        PreviousBodiesRole, // QStringList: the texts before the corrections, oldest first
        EditedAtRole,       // QDateTime, UTC: when the current text replaced the previous one
        RetractedRole,      // bool: deleted by its sender (XEP-0424); the body is empty
        // quint64, never 0: changes whenever anything of the row changes (a new row, new data)
        // and is never reused in this model, so a view can cache what it computed of a row.
        RevisionRole,
    };

    explicit ConversationModel(const Jid &peer, QObject *parent = nullptr);

    const Jid &peer() const { return m_peer; }
    // How the peer is called in the view (roster name or JID); updates SenderRole of their rows.
    // Until set, their rows show the bare JID.
    void setPeerName(const QString &name);
    QString peerName() const { return m_peerName; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds a message after every message with the same or an earlier timestamp (at the end,
    // unless a delayed message arrives late). An outgoing message whose id is already present is
    // ignored (returns false). Incoming ids are not unique (some clients count from 1 per
    // session), so incoming messages are never dropped.
    // storeRow: the message's MessageStore row (0: not stored).
    bool append(const ChatMessage &message, qint64 storeRow = 0);
    // Adds an older message (scrolling back) before every message with the same or a later
    // timestamp — at the start, unless newer messages came late. Older messages of one time are
    // added newest first to keep their order. Same rule as append() for outgoing ids.
    bool prependOlder(const ChatMessage &message, qint64 storeRow = 0);
    // Removes the first / last `count` rows (fewer when there are not as many): one rowsRemoved.
    void dropOldest(int count);
    void dropNewest(int count);
    // Replaces every row by `messages` (oldest first) with their store rows (the same length,
    // or empty: none stored): one model reset, for moving the window elsewhere at once.
    void replace(const QList<ChatMessage> &messages, const QList<qint64> &storeRows);
    // The MessageStore row of the message in this row (0: not stored or no such row), and the
    // model row of a store row (-1: not in the model).
    qint64 storeRow(int row) const;
    int rowOfStoreRow(qint64 storeRow) const;
    // Updates the state (and error) of our (outgoing) message with this id; false if unknown. Emits
    // dataChanged for that row with StateRole and MessageRole (and ErrorRole when the error
    // changed), nothing when nothing changed.
    bool setState(const QString &id, ChatMessage::State state, const QString &errorCondition = {},
                  const QString &errorText = {});
    // Our (outgoing) message with this id, or null / -1.
    const ChatMessage *find(const QString &id) const;
    int rowOf(const QString &id) const;
    // The newest message of this direction with this stanza id / XEP-0359 origin-id, or -1.
    // (Incoming ids need not be unique: the newest one is meant.)
    int rowOf(ChatMessage::Direction direction, const QString &id) const;
    int rowOfOriginId(ChatMessage::Direction direction, const QString &originId) const;
    // Replaces the text of the message in this row by a correction written at `at`; the text it
    // had joins previousBodies. Emits dataChanged for the text and edit roles.
    bool correct(int row, const QString &body, const QDateTime &at);
    // The message in this row was retracted: its text and earlier texts are gone.
    bool retract(int row);
    // Removes every message (the conversation was cleared): one rowsRemoved for all of them.
    void clear();
    // Replaces what is known of the message in this row (text, edits, retraction, state) by
    // `message`, e.g. as the store has it after a history sync changed it.
    bool update(int row, const ChatMessage &message);
    const QList<ChatMessage> &messages() const { return m_messages; }

private:
    void insertAt(qsizetype row, const ChatMessage &message, qint64 storeRow);
    void rebuildIds();
    void changed(int row, const QList<int> &roles);
    QString senderName(const ChatMessage &message) const;
    QString accessibleText(const ChatMessage &message) const;

    Jid m_peer;
    QString m_peerName;
    QList<ChatMessage> m_messages;
    QList<qint64> m_storeRows;  // parallel to m_messages
    QList<quint64> m_revisions; // parallel to m_messages (RevisionRole)
    quint64 m_lastRevision = 0;
    QHash<QString, qsizetype> m_rowById; // outgoing messages by id
};

} // namespace natter
