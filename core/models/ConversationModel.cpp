// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConversationModel.h"

#include <QLocale>

#include <algorithm>

namespace natter {

ConversationModel::ConversationModel(const Jid &peer, QObject *parent)
    : QAbstractListModel(parent)
    , m_peer(peer.bare())
{}

void ConversationModel::setPeerName(const QString &name)
{
    if (name == m_peerName)
        return;
    m_peerName = name;
    // Their rows form runs; one dataChanged per run keeps the signal count low.
    qsizetype first = -1;
    for (qsizetype row = 0; row <= m_messages.size(); ++row) {
        const bool theirs = row < m_messages.size() && !m_messages.at(row).isOutgoing();
        if (theirs)
            m_revisions[row] = ++m_lastRevision;
        if (theirs && first < 0) {
            first = row;
        } else if (!theirs && first >= 0) {
            Q_EMIT dataChanged(index(int(first)), index(int(row - 1)),
                               {SenderRole, Qt::AccessibleTextRole, RevisionRole});
            first = -1;
        }
    }
}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QString ConversationModel::senderName(const ChatMessage &message) const
{
    if (message.isOutgoing())
        return tr("Me");
    if (!m_peerName.isEmpty())
        return m_peerName;
    return message.from.isNull() ? m_peer.toString() : message.from.bareString();
}

QString ConversationModel::accessibleText(const ChatMessage &message) const
{
    const QString when = QLocale().toString(message.timestamp.toLocalTime(), QLocale::ShortFormat);
    QString text;
    if (message.retracted)
        text = tr("%1, %2: this message was deleted").arg(senderName(message), when);
    else if (message.kind == ChatMessage::Kind::Error)
        text = tr("Error from %1, %2: %3").arg(senderName(message), when, message.errorText);
    else if (!message.subject.isEmpty())
        text = tr("%1, %2, subject %3: %4")
                   .arg(senderName(message), when, message.subject, message.body);
    else
        text = tr("%1, %2: %3").arg(senderName(message), when, message.body);
    if (message.isEdited() && !message.retracted)
        text += u' ' + tr("(edited)");
    switch (message.state) {
    case ChatMessage::State::Queued:
        text += u' ' + tr("(queued)");
        break;
    case ChatMessage::State::Pending:
        text += u' ' + tr("(sending)");
        break;
    case ChatMessage::State::Sent:
        text += u' ' + tr("(sent)");
        break;
    case ChatMessage::State::Failed:
        text += u' ' + tr("(not delivered: %1)").arg(message.errorText);
        break;
    case ChatMessage::State::Delivered:
        text += u' ' + tr("(delivered)");
        break;
    case ChatMessage::State::Read:
        text += u' ' + tr("(read)");
        break;
    case ChatMessage::State::Received:
        break;
    }
    return text;
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatMessage &m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole:
        return m.body;
    case Qt::AccessibleTextRole:
        return accessibleText(m);
    case IdRole:
        return m.id;
    case DirectionRole:
        return int(m.direction);
    case StateRole:
        return int(m.state);
    case KindRole:
        return int(m.kind);
    case SubjectRole:
        return m.subject;
    case TimestampRole:
        return m.timestamp;
    case SenderRole:
        return senderName(m);
    case FromRole:
        return m.from.toString();
    case ErrorRole:
        return m.errorText;
    case MessageRole:
        return QVariant::fromValue(m);
    case EditedRole:
        return m.isEdited();
    case PreviousBodiesRole:
        return m.previousBodies;
    case EditedAtRole:
        return m.editedAt;
    case RetractedRole:
        return m.retracted;
    case RevisionRole:
        return m_revisions.at(index.row());
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(DirectionRole, "direction");
    names.insert(StateRole, "state");
    names.insert(KindRole, "kind");
    names.insert(BodyRole, "body");
    names.insert(SubjectRole, "subject");
    names.insert(TimestampRole, "timestamp");
    names.insert(SenderRole, "sender");
    names.insert(FromRole, "from");
    names.insert(ErrorRole, "error");
    names.insert(MessageRole, "message");
    names.insert(EditedRole, "edited");
    names.insert(PreviousBodiesRole, "previousBodies");
    names.insert(EditedAtRole, "editedAt");
    names.insert(RetractedRole, "retracted");
    names.insert(RevisionRole, "revision");
    return names;
}

bool ConversationModel::append(const ChatMessage &message, qint64 storeRow)
{
    if (message.isOutgoing() && !message.id.isEmpty() && m_rowById.contains(message.id))
        return false;
    // Usually the end; a delayed message (XEP-0203) may belong further up.
    qsizetype row = m_messages.size();
    while (row > 0 && message.timestamp.isValid() && m_messages.at(row - 1).timestamp.isValid() &&
           m_messages.at(row - 1).timestamp > message.timestamp)
        --row;
    insertAt(row, message, storeRow);
    return true;
}

bool ConversationModel::prependOlder(const ChatMessage &message, qint64 storeRow)
{
    if (message.isOutgoing() && !message.id.isEmpty() && m_rowById.contains(message.id))
        return false;
    qsizetype row = 0;
    while (row < m_messages.size() && message.timestamp.isValid() &&
           m_messages.at(row).timestamp.isValid() &&
           m_messages.at(row).timestamp < message.timestamp)
        ++row;
    insertAt(row, message, storeRow);
    return true;
}

void ConversationModel::insertAt(qsizetype row, const ChatMessage &message, qint64 storeRow)
{
    beginInsertRows({}, int(row), int(row));
    m_messages.insert(row, message);
    m_storeRows.insert(row, storeRow);
    m_revisions.insert(row, ++m_lastRevision);
    if (row < m_messages.size() - 1) {
        for (auto it = m_rowById.begin(); it != m_rowById.end(); ++it) {
            if (it.value() >= row)
                ++it.value();
        }
    }
    if (message.isOutgoing() && !message.id.isEmpty())
        m_rowById.insert(message.id, row);
    endInsertRows();
}

bool ConversationModel::setState(const QString &id, ChatMessage::State state,
                                 const QString &errorCondition, const QString &errorText)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    ChatMessage &m = m_messages[row];
    const bool errorChanged = m.errorCondition != errorCondition || m.errorText != errorText;
    if (m.state == state && !errorChanged)
        return true;
    m.state = state;
    m.errorCondition = errorCondition;
    m.errorText = errorText;
    QList<int> roles{StateRole, MessageRole, Qt::AccessibleTextRole};
    if (errorChanged)
        roles.append(ErrorRole);
    changed(row, roles);
    return true;
}

const ChatMessage *ConversationModel::find(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_messages.at(row);
}

int ConversationModel::rowOf(const QString &id) const
{
    const auto it = m_rowById.constFind(id);
    return it == m_rowById.cend() ? -1 : int(it.value());
}

int ConversationModel::rowOf(ChatMessage::Direction direction, const QString &id) const
{
    if (id.isEmpty())
        return -1;
    if (direction == ChatMessage::Direction::Outgoing)
        return rowOf(id);
    for (qsizetype row = m_messages.size() - 1; row >= 0; --row) {
        const ChatMessage &m = m_messages.at(row);
        if (m.direction == direction && m.id == id)
            return int(row);
    }
    return -1;
}

int ConversationModel::rowOfOriginId(ChatMessage::Direction direction,
                                     const QString &originId) const
{
    if (originId.isEmpty())
        return -1;
    for (qsizetype row = m_messages.size() - 1; row >= 0; --row) {
        const ChatMessage &m = m_messages.at(row);
        if (m.direction == direction && m.originId == originId)
            return int(row);
    }
    return -1;
}

namespace {
const QList<int> &textRoles()
{
    static const QList<int> roles{Qt::DisplayRole,
                                  ConversationModel::BodyRole,
                                  ConversationModel::MessageRole,
                                  ConversationModel::EditedRole,
                                  ConversationModel::PreviousBodiesRole,
                                  ConversationModel::EditedAtRole,
                                  ConversationModel::RetractedRole,
                                  Qt::AccessibleTextRole};
    return roles;
}
} // namespace

bool ConversationModel::correct(int row, const QString &body, const QDateTime &at)
{
    if (row < 0 || row >= m_messages.size())
        return false;
    ChatMessage &m = m_messages[row];
    if (m.retracted)
        return false;
    m.previousBodies.append(m.body);
    m.body = body;
    m.editedAt = at;
    changed(row, textRoles());
    return true;
}

void ConversationModel::clear()
{
    if (m_messages.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_messages.size()) - 1);
    m_messages.clear();
    m_storeRows.clear();
    m_revisions.clear();
    m_rowById.clear();
    endRemoveRows();
}

void ConversationModel::dropOldest(int count)
{
    count = std::min(count, int(m_messages.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_messages.remove(0, count);
    m_storeRows.remove(0, count);
    m_revisions.remove(0, count);
    rebuildIds();
    endRemoveRows();
}

void ConversationModel::dropNewest(int count)
{
    count = std::min(count, int(m_messages.size()));
    if (count <= 0)
        return;
    const int first = int(m_messages.size()) - count;
    beginRemoveRows({}, first, int(m_messages.size()) - 1);
    m_messages.remove(first, count);
    m_storeRows.remove(first, count);
    m_revisions.remove(first, count);
    rebuildIds();
    endRemoveRows();
}

void ConversationModel::replace(const QList<ChatMessage> &messages, const QList<qint64> &storeRows)
{
    Q_ASSERT(storeRows.isEmpty() || storeRows.size() == messages.size());
    beginResetModel();
    m_messages = messages;
    m_storeRows =
        storeRows.size() == messages.size() ? storeRows : QList<qint64>(messages.size(), 0);
    m_revisions.resize(messages.size());
    for (quint64 &revision : m_revisions)
        revision = ++m_lastRevision;
    rebuildIds();
    endResetModel();
}

void ConversationModel::changed(int row, const QList<int> &roles)
{
    m_revisions[row] = ++m_lastRevision;
    QList<int> all = roles;
    all.append(RevisionRole);
    Q_EMIT dataChanged(index(row), index(row), all);
}

void ConversationModel::rebuildIds()
{
    m_rowById.clear();
    for (qsizetype row = 0; row < m_messages.size(); ++row) {
        const ChatMessage &m = m_messages.at(row);
        if (m.isOutgoing() && !m.id.isEmpty())
            m_rowById.insert(m.id, row);
    }
}

qint64 ConversationModel::storeRow(int row) const
{
    return row >= 0 && row < m_storeRows.size() ? m_storeRows.at(row) : 0;
}

int ConversationModel::rowOfStoreRow(qint64 storeRow) const
{
    if (storeRow == 0)
        return -1;
    const qsizetype row = m_storeRows.indexOf(storeRow);
    return int(row);
}

bool ConversationModel::retract(int row)
{
    if (row < 0 || row >= m_messages.size())
        return false;
    ChatMessage &m = m_messages[row];
    if (m.retracted)
        return true;
    m.retracted = true;
    m.body.clear();
    m.previousBodies.clear();
    m.editedAt = QDateTime();
    changed(row, textRoles());
    return true;
}

bool ConversationModel::update(int row, const ChatMessage &message)
{
    if (row < 0 || row >= m_messages.size())
        return false;
    ChatMessage &m = m_messages[row];
    m.body = message.body;
    m.previousBodies = message.previousBodies;
    m.editedAt = message.editedAt;
    m.retracted = message.retracted;
    if (m.isOutgoing() && ChatMessage::mayAdvance(m.state, message.state))
        m.state = message.state;
    QList<int> roles = textRoles();
    roles.append(StateRole);
    changed(row, roles);
    return true;
}

} // namespace natter
