// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "account/IqResult.h"
#include "account/ReconnectPolicy.h"
#include "stanza/Iq.h"
#include "stanza/Message.h"
#include "stanza/Presence.h"
#include "stream/ConnectionError.h"
#include "stream/ConnectionSettings.h"
#include "stream/SessionInfo.h"
#include "stream/StanzaTransport.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace natter {

// The public face of one login. Owns the transport and the extensions; routes every inbound
// stanza; tracks IQ requests by unpredictable id *and* expected sender, with timeouts; answers
// every unhandled get/set with service-unavailable and never answers a result or an error.
class Account : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Offline,
        Connecting,     // DNS, TCP, TLS
        Authenticating, // SASL and binding
        Online,
        Disconnecting,
        Reconnecting, // the connection was lost; the next attempt is scheduled
        Error,        // see lastError()
    };
    Q_ENUM(State)

    static constexpr std::chrono::milliseconds DefaultIqTimeout{30'000};

    // A real account over TCP/TLS.
    explicit Account(QObject *parent = nullptr);
    // An account over the given transport (tests); takes ownership.
    explicit Account(StanzaTransport *transport, QObject *parent = nullptr);
    ~Account() override;

    void setSettings(const ConnectionSettings &settings) { m_settings = settings; }
    const ConnectionSettings &settings() const { return m_settings; }

    // Logs in (a new session). While the user wants to be online, a connection lost after the
    // session was established is re-established by itself (backoff with jitter) and the
    // XEP-0198 session resumed where the server allows it.
    void connectToServer();
    void disconnectFromServer();
    // Skips the backoff wait (the network came back, the machine woke up).
    void reconnectNow();
    void setAutoReconnect(bool on) { m_autoReconnect = on; }
    bool autoReconnect() const { return m_autoReconnect; }
    // XEP-0198 is active on the current connection.
    bool isStreamManagementEnabled() const;

    State state() const { return m_state; }
    bool isOnline() const { return m_state == State::Online; }
    const ConnectionError &lastError() const { return m_lastError; }
    // The bound full JID while online, else the configured one.
    Jid jid() const;
    const SessionInfo &session() const { return m_session; }
    StanzaTransport *transport() const { return m_transport; }

    // The user's language for picking among xml:lang alternatives (BCP 47).
    QString preferredLanguage() const { return m_language; }
    void setPreferredLanguage(const QString &lang) { m_language = lang; }

    // Sends a stanza as is. Returns false (and sends nothing) when not online.
    bool send(const Stanza &stanza);
    bool send(const XmlElement &element);

    // Sends an IQ get/set (an id is assigned) and calls callback exactly once: with the result,
    // the error, a timeout, or a disconnect. The callback is dropped if context is destroyed.
    // Only an answer from the addressee is accepted (from our own account for requests
    // without 'to': no 'from', our bare JID, our full JID or our domain).
    // Returns the id used.
    QString request(Iq iq, QObject *context, IqCallback callback,
                    std::chrono::milliseconds timeout = DefaultIqTimeout);

    // Called by Extension's constructor; the account owns its extensions. Earlier extensions see
    // stanzas first.
    void addExtension(Extension *extension);
    template<typename T>
    T *extension() const
    {
        for (Extension *e : m_extensions) {
            if (auto *t = qobject_cast<T *>(e))
                return t;
        }
        return nullptr;
    }
    // The union of the registered extensions' features (XEP-0030 disco#info answer).
    QStringList discoFeatures() const;

    static QString stateName(State state);

Q_SIGNALS:
    void stateChanged(natter::Account::State state);
    // The connection was lost and the next attempt starts in msecs milliseconds.
    void reconnecting(int msecs, const natter::ConnectionError &error);
    // The server confirmed holding these stanzas (XEP-0198).
    void stanzasAcknowledged(const QList<natter::XmlElement> &stanzas);
    // We are about to confirm to the server the stanzas we handled (StanzaTransport's
    // acknowledging()): what they changed must be durable when this returns.
    void acknowledging();
    // Online (resumed: a XEP-0198 session continues).
    void connected(bool resumed);
    // Offline again; error.kind == None after a requested disconnect.
    void disconnected(const natter::ConnectionError &error);
    // Stanzas no extension claimed.
    void messageReceived(const natter::Message &message);
    void presenceReceived(const natter::Presence &presence);
    // Every stanza sent and received, for the XML console (secrets masked). Only emitted while
    // the transport's tracing is on.
    void xmlTraffic(natter::StanzaTransport::Direction direction, const QString &xml);

private:
    struct PendingIq
    {
        Jid to; // null: addressed to our own account
        QPointer<QObject> context;
        bool hasContext = false;
        IqCallback callback;
        std::chrono::milliseconds timeout{};
        QDeadlineTimer deadline;
    };

    void setState(State state);
    void onPhaseChanged(StanzaTransport::Phase phase);
    void onEstablished(const SessionInfo &session);
    void onStanza(const XmlElement &element);
    void onClosed(const ConnectionError &error);
    void endSession();
    void setupNetworkMonitor();
    void handleIq(const Iq &iq);
    void handleIqResponse(const Iq &iq);
    bool isFromExpected(const Iq &response, const PendingIq &pending) const;
    void expireIqs();
    void scheduleIqTimer();
    void failAllIqs(IqResult::Status status);
    void finishIq(PendingIq pending, const IqResult &result);

    StanzaTransport *m_transport;
    ConnectionSettings m_settings;
    SessionInfo m_session;
    ConnectionError m_lastError;
    State m_state = State::Offline;
    QString m_language;
    QList<Extension *> m_extensions;
    QHash<QString, PendingIq> m_pending;
    bool m_abortingAttempt = false; // disconnectFromServer() ends a reconnection attempt
    QTimer m_iqTimer;
    ReconnectPolicy m_policy;
    QTimer m_reconnectTimer;
    bool m_wantOnline = false;    // the user asked to be online
    bool m_wasOnline = false;     // online since the last connectToServer()
    bool m_sessionActive = false; // extensions have a session (possibly waiting to resume)
    bool m_autoReconnect = true;
    bool m_networkMonitored = false;
};

} // namespace natter
