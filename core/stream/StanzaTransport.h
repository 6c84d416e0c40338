// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/ConnectionError.h"
#include "stream/ConnectionSettings.h"
#include "stream/SessionInfo.h"
#include "xml/XmlElement.h"

#include <QObject>

namespace natter {

// What an Account needs from the layer below it: open an authenticated, bound session, send
// and receive stanzas, close. ClientStream is the real one (TCP, TLS, SASL); tests use a fake.
class StanzaTransport : public QObject
{
    Q_OBJECT
public:
    enum class Phase
    {
        Disconnected,
        Connecting,     // DNS and TCP
        Encrypting,     // TLS handshake
        Authenticating, // SASL
        Binding,        // resource binding, session
        Established,
        Closing,
    };
    Q_ENUM(Phase)

    enum class Direction
    {
        In,
        Out
    };
    Q_ENUM(Direction)

    using QObject::QObject;

    virtual void open(const ConnectionSettings &settings) = 0;
    // Graceful close: </stream:stream>, wait for the server's, then disconnect.
    virtual void close() = 0;
    // Drops the connection at once (closed() follows with the given reason).
    virtual void abort(const ConnectionError &reason) = 0;
    virtual void send(const XmlElement &stanza) = 0;
    virtual Phase phase() const = 0;
    virtual SessionInfo session() const = 0;
    // XEP-0198 is active: stanzasAcknowledged() reports what the server holds.
    virtual bool isStreamManagementEnabled() const { return false; }
    // Forgets a resumable session, so that the next open() starts a new one.
    virtual void resetSession() {}
    // After a lost connection: whether the next open() may resume the session (XEP-0198).
    virtual bool canResumeSession() const { return false; }

    // The XML console and --debug-xml: emit xmlTraffic() when on. Secrets are masked.
    void setTraceEnabled(bool on) { m_trace = on; }
    bool isTraceEnabled() const { return m_trace; }

Q_SIGNALS:
    void phaseChanged(natter::StanzaTransport::Phase phase);
    void established(const natter::SessionInfo &session);
    void stanzaReceived(const natter::XmlElement &stanza);
    // After a close() or any failure; error.kind == None for a graceful close.
    void closed(const natter::ConnectionError &error);
    void xmlTraffic(natter::StanzaTransport::Direction direction, const QString &xml);
    // The server confirmed holding these stanzas we sent (XEP-0198 acknowledgement).
    void stanzasAcknowledged(const QList<natter::XmlElement> &stanzas);
    // We are about to tell the server how many of its stanzas we handled (XEP-0198: an <a/>, the
    // last one at close(), or <resume/>); from then on it no longer keeps them for us. Whatever
    // handling them changed must be durable when this returns: a message store commits here.
    void acknowledging();

private:
    bool m_trace = false;
};

} // namespace natter
