// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/StanzaTransport.h"
#include "stream/StreamManagement.h"
#include "stream/StreamNegotiator.h"
#include "xml/StreamParser.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <memory>
#include <optional>

class QDnsLookup;
class QSslSocket;

namespace natter {

// The real transport: finds the server (SRV records for direct TLS and STARTTLS, XEP-0368, then
// the domain on 5222, or an explicit host), connects with QSslSocket, negotiates TLS, SASL and
// the resource with a StreamNegotiator, then carries stanzas until close.
//
// Trust: the certificate is verified against the system store (plus the account's extra CA) and
// the JID's domain, never the host or SRV target we connected to. A pinned SHA-256 accepts
// exactly that certificate. An untrusted certificate ends the attempt during the handshake,
// before any credential could be sent, with the certificate's details in the error.
class ClientStream : public StanzaTransport
{
    Q_OBJECT
public:
    explicit ClientStream(QObject *parent = nullptr);
    ~ClientStream() override;

    void open(const ConnectionSettings &settings) override;
    void close() override;
    void abort(const ConnectionError &reason) override;
    void send(const XmlElement &stanza) override;
    Phase phase() const override { return m_phase; }
    SessionInfo session() const override { return m_session; }
    bool isStreamManagementEnabled() const override;
    void resetSession() override;
    bool canResumeSession() const override { return m_sm.canResume(); }

    // How long an <r/> may stay unanswered before the connection counts as dead.
    void setAckTimeout(std::chrono::milliseconds timeout) { m_ackTimeout.setInterval(timeout); }

    // The server's <r/> is answered this long after it arrives (XEP-0198 sets no time): the
    // stanzas that come meanwhile are made durable together (acknowledging()), one commit for a
    // burst instead of one per stanza — a server asks again only once answered.
    static constexpr std::chrono::milliseconds AckAnswerDelay{20};
    // Our own <r/> goes out this long after the first stanza not yet acknowledged: one request
    // for all that we send meanwhile (a receipt for each message of a burst, say).
    static constexpr std::chrono::milliseconds AckRequestDelay{20};

    // Once the session is established, what arrives within the batch interval of the last batch
    // waits for the end of it and is handled together: a flood of stanzas costs one turn of the
    // event loop per batch (one layout of the chat, one commit, one write of what answers them)
    // instead of one per stanza. A stanza after a quiet moment is handled at once. The interval
    // starts at ReadBatchInterval (20 ms, the store's commit delay) and doubles with each batch
    // that data kept coming for, up to LongestReadBatchInterval; a quiet interval starts it
    // again. A burst of 5,000 messages, 330 a second from Prosody: 20 ms for every batch took
    // 2.0 s of processor time, 50 ms 1.55 s, 100 ms 1.3 s. 100 ms is still "at once" to a
    // reader, and a long batch is read in slices of ReadBudgetMs all the same.
    static constexpr std::chrono::milliseconds ReadBatchInterval{20};
    static constexpr std::chrono::milliseconds LongestReadBatchInterval{100};
    // From the end of an interval whose bytes were held in the kernel to reading the batch: the
    // read notifier fires on the first turn of the event loop, before a timer this long.
    static constexpr std::chrono::milliseconds CatchUpDelay{3};
    void setReadBatchInterval(std::chrono::milliseconds first,
                              std::optional<std::chrono::milliseconds> longest = std::nullopt)
    {
        m_firstBatchInterval = m_batchInterval = first;
        m_longestBatchInterval = longest.value_or(first);
    }

    // The endpoint of the current (or last) connection attempt, "host:port".
    QString endpoint() const;

    struct Endpoint
    {
        QString host;
        quint16 port = 0;
        bool directTls = false;
        bool operator==(const Endpoint &) const = default;
    };

private:
    void setPhase(Phase phase);
    void startLookup();
    void lookupFinished();
    void tryNextEndpoint();
    void onConnected();
    void onEncrypted();
    void onSslErrors(const QList<QSslError> &errors);
    void onSocketError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void onReadyRead();
    // Handles parsed events until the parser needs more data (true) or budget has run out
    // (false: events are left for the next slice).
    bool processEvents(const QElapsedTimer &budget);
    void readBatch();
    // The end of a batch interval that data arrived in.
    void readBatchAfterInterval();
    // While a batch waits, the bytes behind it wait in the kernel rather than waking us once per
    // TCP segment: the server writes each stanza as it routes it, and Qt would read, decrypt and
    // announce each on its own (a burst of 5,000 messages: 5,500 reads and polls). The next
    // batch releases them.
    void holdSocketReads();
    void releaseSocketReads();
    // Reads a batch held back for the batch interval now (the socket closed or failed); false
    // when that ended the stream or destroyed this object.
    bool readHeldBatch();
    void handleStanza(const XmlElement &element);
    void handleStreamError(const XmlElement &element);
    void handleStreamManagement(const XmlElement &element);
    bool applyAcknowledgement(quint32 h);
    void requestAck();
    // Sends <a/> with what we handled, after acknowledging().
    void answerAckRequest();
    // false when processing must stop (the stream finished or TLS starts).
    bool runActions(const StreamNegotiator::Actions &actions);
    void startStream();
    void writeRaw(const QByteArray &bytes);
    void writeElement(const XmlElement &element);
    void finish(const ConnectionError &error);
    void failProtocol(const QString &condition, const QString &text);
    bool checkPin();
    void resetSocket();
    ConnectionError socketError(QAbstractSocket::SocketError error) const;

    ConnectionSettings m_settings;
    std::unique_ptr<StreamNegotiator> m_negotiator;
    StreamParser m_parser;
    StreamManagement m_sm;
    QTimer m_ackRequestTimer;  // our <r/>, AckRequestDelay after what it asks about
    QTimer m_ackTimeout;       // an unanswered <r/> with nothing received meanwhile: dead
    QTimer m_ackAnswerTimer;   // the server's <r/>, answered after AckAnswerDelay
    QTimer m_batchTimer;       // the end of the current batch interval, with data waiting
    QElapsedTimer m_lastBatch; // when the last batch was read (established sessions)
    std::chrono::milliseconds m_firstBatchInterval = ReadBatchInterval;
    std::chrono::milliseconds m_longestBatchInterval = LongestReadBatchInterval;
    std::chrono::milliseconds m_batchInterval = ReadBatchInterval; // the current one
    bool m_ackRequested = false;
    QSslSocket *m_socket = nullptr;
    QList<QDnsLookup *> m_lookups;
    QList<Endpoint> m_endpoints;
    qsizetype m_nextEndpoint = 0;
    Endpoint m_current;
    ConnectionError m_lastAttemptError;
    SessionInfo m_session;
    Phase m_phase = Phase::Disconnected;
    QTimer m_attemptTimer;
    QTimer m_negotiationTimer;
    QTimer m_closeTimer;
    CertificateInfo m_rejectedCertificate;
    int m_redirects = 0;
    bool m_processing = false;
    bool m_readsHeld = false;  // holdSocketReads(): until the batch is due
    bool m_catchingUp = false; // released, m_batchTimer runs CatchUpDelay: then the batch
    // Stanzas routed to us after binding, before the negotiation ended: handed on once established.
    QList<XmlElement> m_early;
    bool m_finished = true;
};

} // namespace natter
