// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "xml/StreamParser.h"
#include "xml/XmlElement.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QSslSocket;

namespace natter {

// A scripted XMPP server on loopback for the hostile-server tests (issue "Never lose a message,
// never trust the wrong server"). It speaks just enough of RFC 6120 to log a client in — stream
// headers, features, STARTTLS (or direct TLS), SASL (server side of SCRAM-SHA-1/-256/-512 and
// PLAIN), resource binding, XEP-0198 enable/<r/>/<a/> — and lets a test misbehave at every step:
// a Behaviour says which certificate to present, what to offer, and may rewrite the bytes of any
// negotiation answer (Stage). Once the session is bound, the test drives it with sendRaw() and
// sendStanza(); onStanza() lets it answer the client's requests.
//
// Everything the client sends is recorded (decrypted): the raw bytes and, where they parse, the
// elements, per connection — so a test can assert that no <auth/> ever left the client.
//
// Based on QSslServer, but incomingConnection() is overridden: STARTTLS starts the handshake only
// after <proceed/>, while QSslServer would start it on accept.
class HostileServer : public QSslServer
{
    Q_OBJECT
public:
    static constexpr char Domain[] = "hostile.test";

    // A certificate (with its chain) and key the server presents.
    struct Identity
    {
        QSslCertificate certificate;
        QList<QSslCertificate> chain; // sent after the certificate
        QSslKey key;
        bool isNull() const { return certificate.isNull() || key.isNull(); }
        QByteArray sha256() const;
    };

    // Certificates made with openssl(1) for the tests. The client trusts `ca` only.
    struct Certificates
    {
        QSslCertificate ca;
        Identity valid;      // hostile.test, issued by ca
        Identity validOther; // hostile.test, issued by ca, another key (a "changed" certificate)
        Identity expired;    // hostile.test, issued by ca, expired 30 days ago
        Identity selfSigned; // hostile.test, its own issuer
        Identity wrongName;  // other.test, issued by ca
        Identity forged;     // hostile.test, names ca as issuer but is signed by another key
        QString error;       // why generation failed; empty on success

        // Runs openssl in directory (which must exist and be writable).
        static Certificates generate(const QString &directory);
    };

    // The negotiation answers a Behaviour may rewrite.
    enum class Stage
    {
        PlainFeatures, // stream header + features before TLS
        Proceed,       // the answer to <starttls/>
        TlsFeatures,   // stream header + features once encrypted
        Challenge,     // the SCRAM server-first challenge
        Success,       // <success/> (with the SCRAM server-final message)
        BoundFeatures, // stream header + features after SASL
        BindResult,    // the result of the bind IQ
        Enabled,       // <enabled/> (XEP-0198)
    };
    Q_ENUM(Stage)

    enum class ScramFault
    {
        None,
        WrongSignature,    // v= a valid-looking but wrong server signature
        NoSignature,       // an empty <success/>
        NonceNotExtended,  // the server nonce does not start with the client's
        ErrorInServerFinal // e=other-error instead of v=
    };
    Q_ENUM(ScramFault)

    struct Behaviour
    {
        Identity identity;
        bool directTls = false;    // XEP-0368: TLS from the first byte
        bool offerStartTls = true; // in the plain-text features
        // SASL mechanisms offered once encrypted (strongest first as a server would list them).
        QStringList mechanisms{QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1"),
                               QStringLiteral("PLAIN")};
        // XEP-0440: channel-binding types offered as a stream feature once encrypted
        // (std::nullopt: no <sasl-channel-binding/>). The server does no channel binding itself.
        std::optional<QStringList> channelBindings;
        // XEP-0474: the SCRAM server-first message carries "h", the hash of `mechanisms` and
        // `channelBindings` — what this server offered, whatever a tamper changed on the way.
        bool downgradeProtection = false;
        int iterations = 4096;
        ScramFault scramFault = ScramFault::None;
        bool offerStreamManagement = false;
        bool answerAckRequests = true; // <r/> → <a h='…'/>
        // Rewrites the bytes of a negotiation answer before they are written (nullptr: as is).
        // Returning an empty array sends nothing.
        std::function<QByteArray(HostileServer &server, Stage stage, const QByteArray &normal)>
            tamper;
    };

    // Returns true when it handled the stanza (no default answer is sent then).
    using StanzaHandler = std::function<bool(HostileServer &server, const XmlElement &stanza)>;

    HostileServer(const QString &user, const QString &password, QObject *parent = nullptr);
    ~HostileServer() override;

    // Listens on 127.0.0.1, any free port.
    bool listen();
    quint16 port() const { return serverPort(); }

    // Applies to connections accepted from now on.
    void setBehaviour(const Behaviour &behaviour) { m_behaviour = behaviour; }
    const Behaviour &behaviour() const { return m_behaviour; }
    // Called for every stanza the client sends once bound, before the default handling (roster
    // get → empty roster, ping → result, other get/set → service-unavailable).
    void setStanzaHandler(StanzaHandler handler) { m_handler = std::move(handler); }

    // The current (last accepted) connection.
    bool isConnected() const;
    bool isBound() const; // the client bound a resource on the current connection
    QString boundJid() const;
    // Writes to the current connection as is (after TLS: encrypted).
    void sendRaw(const QByteArray &bytes);
    void sendStanza(const XmlElement &stanza);
    // A chat message to the bound client, from `from`.
    void sendMessage(const QString &from, const QString &body);
    // Streams `total` bytes to the client: head, then filler chunks as fast as the client reads
    // them (never more than a few hundred KiB queued), until the total is reached or the
    // connection closes. bytesStreamed() counts what went to the socket.
    void streamBytes(const QByteArray &head, qint64 total, char filler = 'A');
    // Writes bytes with the same pacing, so that the server's own work (TLS encryption) never
    // occupies the shared event loop for long.
    void sendPaced(const QByteArray &bytes);
    qint64 bytesStreamed() const { return m_streamed; }
    bool isStreaming() const
    {
        return m_pendingOffset < m_pending.size() || m_streamed < m_streamTarget;
    }
    void abortConnection();
    // Closes the current connection after what was written (TLS close_notify, then FIN).
    void closeConnection();

    int connectionCount() const { return int(m_connections.size()); }
    // What the client sent on a connection (0-based; -1: the current one), decrypted.
    QByteArray receivedBytes(int connection = -1) const;
    QList<XmlElement> received(int connection = -1) const;
    // Elements with this namespace and name the client sent on any connection.
    int countReceived(QStringView namespaceUri, QStringView name) const;
    // Stanzas (message, presence, iq) the client sent on the current connection since binding.
    qint64 stanzasHandled() const;

    static QByteArray streamHeader();
    // XEP-0474 (version 0.5.0) "h" attribute value (base64) for a SCRAM mechanism's offer,
    // written here independently of the client's ScramMechanism::downgradeProtectionHash().
    static QByteArray downgradeProtectionHash(const QString &mechanism,
                                              const QStringList &mechanisms,
                                              const std::optional<QStringList> &channelBindings);

Q_SIGNALS:
    void clientConnected();
    void bound(const QString &jid);
    void stanzaReceived(const natter::XmlElement &stanza);
    void clientDisconnected();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    struct Connection;

    void onReadyRead(Connection *connection);
    void handleHeader(Connection *connection);
    void handleElement(Connection *connection, const XmlElement &element);
    void handleSasl(Connection *connection, const XmlElement &element);
    void handleStanza(Connection *connection, const XmlElement &element);
    void answer(Connection *connection, Stage stage, const QByteArray &normal);
    void fillStream();
    Connection *current() const;

    QString m_user;
    QString m_password;
    Behaviour m_behaviour;
    StanzaHandler m_handler;
    QList<std::shared_ptr<Connection>> m_connections;
    int m_nextId = 0;
    QByteArray m_pending; // paced output not yet written
    qsizetype m_pendingOffset = 0;
    qint64 m_streamTarget = 0; // bytes to stream in total (head + filler)
    qint64 m_streamed = 0;
    char m_filler = 'A';
    QByteArray m_chunk;
};

} // namespace natter

Q_DECLARE_METATYPE(natter::HostileServer::Identity)
Q_DECLARE_METATYPE(natter::HostileServer::Behaviour)
