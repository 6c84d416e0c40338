// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "stanza/Jid.h"

#include <QTimer>

#include <chrono>
#include <functional>

namespace natter {

// XMPP Ping (XEP-0199): answers pings, pings on request, and keeps the connection honest — when
// nothing has arrived for a while it pings the server and drops a connection that no longer
// answers, so that reconnecting can start instead of the user typing into a dead socket.
class PingExtension : public Extension
{
    Q_OBJECT
public:
    using PingCallback = std::function<void(bool ok, qint64 ms, QString error)>;

    static constexpr std::chrono::milliseconds DefaultKeepaliveInterval{240'000};
    static constexpr std::chrono::milliseconds DefaultKeepaliveTimeout{30'000};

    explicit PingExtension(Account *account);

    QStringList discoFeatures() const override;
    std::optional<IqReply> handleIq(const Iq &iq) override;
    void sessionStarted(bool resumed) override;
    void sessionEnded() override;

    // Pings to (a null jid: our server) and reports the round trip in milliseconds. ok is true
    // for a result; for an error answer ok is false, error says why and ms is still the round
    // trip; without an answer (timeout, disconnect) ms is -1. Never runs after context is gone.
    void ping(const Jid &to, QObject *context, PingCallback callback);

    // Keepalive: when nothing has been received for interval, ping the server; if nothing at all
    // arrives within timeout, abort the connection (ConnectionError::Kind::ConnectionLost). Any
    // answer, even an error, proves the server alive. An interval of zero turns it off.
    void setKeepalive(std::chrono::milliseconds interval, std::chrono::milliseconds timeout);
    std::chrono::milliseconds keepaliveInterval() const { return m_interval; }
    std::chrono::milliseconds keepaliveTimeout() const { return m_timeout; }
    // Pings the server now (as the keepalive would) and aborts the connection when nothing at all
    // arrives within timeout: after the machine woke or the network changed, a dead connection is
    // found in seconds instead of after the next keepalive.
    void probeNow(std::chrono::milliseconds timeout);

private:
    void onActivity();
    void onIdle();
    void probe(std::chrono::milliseconds timeout);
    void restartIdleTimer();

    std::chrono::milliseconds m_interval = DefaultKeepaliveInterval;
    std::chrono::milliseconds m_timeout = DefaultKeepaliveTimeout;
    // Single shot, restarted on every received stanza: it only fires after a silence.
    QTimer m_idleTimer;
    quint64 m_activity = 0; // counts received stanzas
    bool m_probing = false; // a keepalive ping is out
};

} // namespace natter
