// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/ConnectionError.h"
#include "stream/ConnectionSettings.h"
#include "stream/SessionInfo.h"
#include "stream/StanzaTransport.h"
#include "xml/XmlElement.h"

#include <QList>

#include <functional>
#include <memory>
#include <optional>

namespace natter {

class SaslMechanism;
class StreamManagement;

// The client side of stream negotiation (RFC 6120 §4–§7) as pure logic: it reads the elements
// the server sends and answers with actions (send this, start TLS, restart the stream, done,
// fail). ClientStream carries the actions out on the socket; tests drive it with recorded XML.
//
// Order: <stream:features/> → STARTTLS (mandatory: a server without it is refused) → restart →
// SASL (strongest mechanism; PLAIN only under TLS and without SCRAM) → restart → resource
// binding (requested resource, server-assigned on conflict) → legacy session if required.
//
// Downgrades: a mechanism weaker than the account's remembered minimum is refused, and the
// advertised mechanisms and XEP-0440 channel-binding types are handed to the SASL mechanism,
// which checks them against the server's XEP-0474 hash where the server sends one.
class StreamNegotiator
{
public:
    struct Action
    {
        enum class Type
        {
            Send,          // element
            StartTls,      // begin the TLS handshake now; nothing may be read before it
            RestartStream, // reset the parser and call openStream() again
            Established,   // negotiation complete; session() is valid
            Resumed,       // XEP-0198 resumption succeeded; handled = the server's h
            Deliver,       // element: a stanza routed to the bound resource before the
                           // negotiation ended (RFC 6120 §7); hand it on once established
            Fail,          // error
        };
        Type type;
        XmlElement element;
        ConnectionError error;
        quint32 handled = 0;
    };
    using Actions = QList<Action>;
    using MechanismFactory = std::function<std::unique_ptr<SaslMechanism>(const QString &name)>;

    // streamManagement: the session's XEP-0198 state (kept by the caller across connections), or
    // null to never use stream management.
    StreamNegotiator(const ConnectionSettings &settings, StreamManagement *streamManagement);
    ~StreamNegotiator();

    // The stream header to send to open (or re-open) the stream.
    QByteArray openStream(bool encrypted);
    Actions handleStreamOpened(const XmlElement &header);
    Actions handleElement(const XmlElement &element);

    StanzaTransport::Phase phase() const { return m_phase; }
    bool isAuthenticated() const { return m_authenticated; }
    const SessionInfo &session() const { return m_session; }
    // True when a resumption was tried and the server refused it (the old session is lost).
    bool resumeFailed() const { return m_resumeFailed; }

    // Tests: replace the SASL mechanisms (for fixed nonces) and the id generator.
    void setMechanismFactory(MechanismFactory factory) { m_factory = std::move(factory); }
    void setIdGenerator(std::function<QString()> generator) { m_ids = std::move(generator); }

private:
    Actions handleFeatures(const XmlElement &features);
    Actions handleTls(const XmlElement &element);
    Actions handleSasl(const XmlElement &element);
    Actions handleIq(const XmlElement &element);
    Actions handleStreamManagement(const XmlElement &element);
    Actions sessionReady();
    Actions startAuthentication(const XmlElement &features);
    Actions sendBind(const QString &resource);
    static Action fail(ConnectionError::Kind kind, const QString &condition = {},
                       const QString &text = {});
    static Action send(const XmlElement &element)
    {
        return {Action::Type::Send, element, ConnectionError()};
    }

    enum class Step
    {
        WaitStreamOpen,
        WaitFeatures,
        WaitProceed,
        WaitSasl,
        WaitBind,
        WaitSession,
        WaitEnabled,
        WaitResumed,
        Done,
    };

    ConnectionSettings m_settings;
    MechanismFactory m_factory;
    std::function<QString()> m_ids;
    std::unique_ptr<SaslMechanism> m_mechanism;
    // What the server advertised for the current SASL exchange (for XEP-0474 and the log).
    QStringList m_advertisedMechanisms;
    std::optional<QStringList> m_advertisedChannelBindings;
    StreamManagement *m_sm = nullptr;
    SessionInfo m_session;
    StanzaTransport::Phase m_phase = StanzaTransport::Phase::Connecting;
    Step m_step = Step::WaitStreamOpen;
    QString m_pendingIq;
    bool m_encrypted = false;
    bool m_authenticated = false;
    bool m_boundWithoutResource = false;
    bool m_sessionRequired = false;
    bool m_smOffered = false;
    bool m_resumeFailed = false;
};

} // namespace natter
