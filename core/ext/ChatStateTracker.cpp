// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatStateTracker.h"

#include <algorithm>

namespace natter {

using namespace std::chrono;

ChatStateTracker::ChatStateTracker(ChatStatesExtension *chatStates, const Jid &peer,
                                   QObject *parent)
    : QObject(parent)
    , m_chatStates(chatStates)
    , m_peer(peer)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ChatStateTracker::onTimeout);
}

void ChatStateTracker::interacted()
{
    m_idle.start();
}

void ChatStateTracker::activate()
{
    interacted();
    transition(State::Active);
    scheduleNext();
}

void ChatStateTracker::textEdited(const QString &text)
{
    interacted();
    transition(text.isEmpty() ? State::Active : State::Composing);
    scheduleNext(); // every keystroke restarts the idle period
}

void ChatStateTracker::messageSent()
{
    interacted();
    transition(State::Active, false);
    scheduleNext();
}

void ChatStateTracker::deactivate()
{
    transition(State::Inactive);
    scheduleNext();
}

void ChatStateTracker::close()
{
    transition(State::Gone);
    m_timer.stop();
}

void ChatStateTracker::transition(State state, bool send)
{
    if (state == m_state)
        return;
    if (state == State::Paused && m_state != State::Composing)
        return; // XEP-0085 §5.4: paused follows composing only
    m_state = state;
    if (send && m_chatStates)
        m_chatStates->sendChatState(m_peer, state);
    Q_EMIT stateChanged(state);
}

void ChatStateTracker::scheduleNext()
{
    milliseconds at{};
    switch (m_state) {
    case State::Composing:
        at = m_timeouts.paused;
        break;
    case State::Active:
    case State::Paused:
        at = m_timeouts.inactive;
        break;
    case State::Inactive:
        at = m_timeouts.gone;
        break;
    case State::Gone:
        m_timer.stop();
        return;
    }
    const milliseconds idle{m_idle.isValid() ? m_idle.elapsed() : 0};
    m_timer.start(std::max(at - idle, milliseconds{0}));
}

void ChatStateTracker::onTimeout()
{
    switch (m_state) {
    case State::Composing:
        transition(State::Paused);
        break;
    case State::Active:
    case State::Paused:
        transition(State::Inactive);
        break;
    case State::Inactive:
        transition(State::Gone);
        break;
    case State::Gone:
        break;
    }
    scheduleNext();
}

} // namespace natter
