// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/Session.h"
#include "stream/ConnectionSettings.h"

#include <QStringList>
#include <QTemporaryDir>

namespace natter {

// The app's Session (ChatService, HistorySync, MessageStore, carbons on) for one resource of an
// account on the test server, with a data directory of its own (removed afterwards), recording
// the raw XML it sends and receives. Logs out when destroyed.
class SessionClient
{
public:
    explicit SessionClient(const ConnectionSettings &settings);
    ~SessionClient();
    SessionClient(const SessionClient &) = delete;
    SessionClient &operator=(const SessionClient &) = delete;

    Session &session() { return m_session; }
    const Session &session() const { return m_session; }
    Account *account() const { return m_session.account(); }

    // Online, available, carbons on, and the first history sync of the session done.
    bool login(int timeoutMs = 20000);
    // Offline by request.
    bool logout(int timeoutMs = 20000);

    // The raw XML of each stanza received / sent so far.
    const QStringList &received() const { return m_received; }
    const QStringList &sent() const { return m_sent; }
    void clearSent() { m_sent.clear(); }
    int receivedContaining(const QString &text) const;

    // Every message with `word` in its body, in the message store (each conversation, oldest
    // first) and then in the chat service's open conversations (in model order), as lines
    // "store|chat in|out PEER BODY".
    QStringList messagesWith(const QString &word) const;

private:
    QTemporaryDir m_dir;
    Session m_session;
    QStringList m_received;
    QStringList m_sent;
};

} // namespace natter
