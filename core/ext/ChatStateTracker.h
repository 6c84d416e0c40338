// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ext/ChatStatesExtension.h"
#include "stanza/Jid.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace natter {

// Our chat state in one conversation (XEP-0085 §5), fed by the chat window: keystrokes,
// focus, sending, closing. It sends a notification through ChatStatesExtension on every change,
// never the same state twice in a row, and only along the transitions XEP-0085 §5.4 allows
// (paused only after composing). Idle time turns the state by itself, with the XEP's suggested
// periods: composing → paused after 30 s without a keystroke; active or paused → inactive after
// 2 min without interaction; inactive → gone after 10 min.
//
// It starts as "active" without sending anything (nothing is announced before the user does
// something in the chat) and with no timer running.
class ChatStateTracker : public QObject
{
    Q_OBJECT
public:
    using State = ChatStatesExtension::State;

    struct Timeouts
    {
        std::chrono::milliseconds paused{30'000};
        std::chrono::milliseconds inactive{120'000};
        std::chrono::milliseconds gone{600'000};
    };

    // peer: the full JID we are chatting with when known, else the bare JID.
    ChatStateTracker(ChatStatesExtension *chatStates, const Jid &peer, QObject *parent = nullptr);

    void setTimeouts(const Timeouts &timeouts) { m_timeouts = timeouts; }
    const Timeouts &timeouts() const { return m_timeouts; }
    void setPeer(const Jid &peer) { m_peer = peer; }
    const Jid &peer() const { return m_peer; }
    State state() const { return m_state; }

    // The chat is shown and has the focus (or got it back): active.
    void activate();
    // The input box changed: composing while there is text; back to active when the user
    // cleared it.
    void textEdited(const QString &text);
    // A message went out; it carried <active/> itself, so no notification is sent.
    void messageSent();
    // The chat lost the focus but stays open: inactive.
    void deactivate();
    // The chat was closed: gone.
    void close();

Q_SIGNALS:
    void stateChanged(natter::ChatStatesExtension::State state);

private:
    void interacted();
    // Changes the state (and sends it when send is true); ignores transitions the XEP forbids.
    void transition(State state, bool send = true);
    void scheduleNext();
    void onTimeout();

    QPointer<ChatStatesExtension> m_chatStates;
    Jid m_peer;
    Timeouts m_timeouts;
    State m_state = State::Active;
    QElapsedTimer m_idle; // since the last interaction
    QTimer m_timer;
};

} // namespace natter
