// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionClient.h"

#include "account/Account.h"
#include "ext/CarbonsExtension.h"
#include "ext/PresenceExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "services/HistorySync.h"
#include "storage/MessageStore.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

namespace natter {

SessionClient::SessionClient(const ConnectionSettings &settings)
    : m_session(m_dir.path())
{
    account()->setSettings(settings);
    account()->transport()->setTraceEnabled(true);
    QObject::connect(
        account(), &Account::xmlTraffic, account(),
        [this](StanzaTransport::Direction direction, const QString &xml) {
            (direction == StanzaTransport::Direction::In ? m_received : m_sent).append(xml);
        });
}

SessionClient::~SessionClient()
{
    if (!logout())
        qWarning("%s did not go offline in time", qPrintable(account()->jid().toString()));
}

bool SessionClient::login(int timeoutMs)
{
    QSignalSpy synced(m_session.history(), &HistorySync::synced);
    account()->connectToServer();
    return QTest::qWaitFor(
        [&] {
            return m_session.extensions().presence->isAvailable() &&
                   m_session.extensions().carbons->isEnabled() && !synced.isEmpty();
        },
        timeoutMs);
}

bool SessionClient::logout(int timeoutMs)
{
    if (account()->state() == Account::State::Offline)
        return true;
    account()->disconnectFromServer();
    return QTest::qWaitFor([&] { return account()->state() == Account::State::Offline; },
                           timeoutMs);
}

int SessionClient::receivedContaining(const QString &text) const
{
    return int(std::count_if(m_received.cbegin(), m_received.cend(),
                             [&](const QString &xml) { return xml.contains(text); }));
}

QStringList SessionClient::messagesWith(const QString &word) const
{
    QStringList out;
    const auto line = [&](const QString &where, const ChatMessage &m) {
        if (m.body.contains(word))
            out.append(QStringLiteral("%1 %2 %3 %4")
                           .arg(where,
                                m.isOutgoing() ? QStringLiteral("out") : QStringLiteral("in"),
                                m.peer.toString(), m.body));
    };
    if (MessageStore *store = m_session.messageStore()) {
        store->flush();
        for (const Jid &peer : store->conversations()) {
            for (const MessageStore::Entry &e : store->latest(peer, 100000))
                line(QStringLiteral("store"), e.message);
        }
    }
    ChatService *chats = m_session.chats();
    for (const Jid &peer : chats->conversations()) {
        for (const ChatMessage &m : chats->conversation(peer)->messages())
            line(QStringLiteral("chat"), m);
    }
    return out;
}

} // namespace natter
