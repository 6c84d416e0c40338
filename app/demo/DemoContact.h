// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DemoPersona.h"

#include "account/StandardExtensions.h"
#include "stream/ConnectionSettings.h"

#include <QObject>
#include <QSet>

namespace natter {
class Account;
class Message;
} // namespace natter

namespace natter::demo {

// One demo contact signed in on the demo server, behaving as its persona says: its presence,
// its answers to messages (sent to the full JID the message came from, as type chat, in the
// same thread), and its readiness to accept anyone who asks to see its presence — whom it asks
// back, so that the subscription ends up mutual (RFC 6121 §3).
class DemoContact : public QObject
{
    Q_OBJECT
public:
    // Delay before an answer, so that it reads like a person typing fast rather than a bounce.
    static constexpr int ReplyDelayMs = 300;

    // settings: the account's own (its JID, password, server); the persona's resource is used.
    DemoContact(const DemoPersona &persona, const ConnectionSettings &settings,
                QObject *parent = nullptr);

    const DemoPersona &persona() const { return m_persona; }
    Jid jid() const;
    Account *account() const { return m_account; }

    // The other demo contacts (for the assistant's "contacts" answer) and the name of the
    // assistant (recommended by small talk).
    void setCast(const QList<DemoPersona> &cast, const QString &assistantName);

    // Signs in; available() once the initial presence is out.
    void start();
    // Unavailable presence, then a graceful close; stopped() once offline (at once if it is).
    void stop();
    bool isAvailable() const { return m_available; }
    bool isOffline() const;

Q_SIGNALS:
    void available();
    void stopped();
    // Could not sign in, or the connection is gone for good (not after stop()).
    void failed(const QString &reason);

private:
    void onMessage(const Message &message);
    void onSubscriptionRequested(const Jid &from);
    QString answerTo(const Message &message);
    void reply(const Message &message, const QString &text);

    DemoPersona m_persona;
    Account *m_account = nullptr;
    StandardExtensions m_ext;
    QList<DemoPersona> m_cast;
    QString m_assistantName;
    QSet<Jid> m_noticed; // full JIDs that got the away notice
    int m_smallTalk = 0;
    bool m_available = false;
    bool m_stopping = false;
};

} // namespace natter::demo
