// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClientStream.h"

#include "stream/LowLatencyTcp.h"
#include "stream/StreamNegotiator.h"
#include "xml/Namespaces.h"

#include <QCoreApplication>
#include <QDnsLookup>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QUrl>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStream, "natter.stream")

namespace natter {

namespace {

constexpr qint64 ReadChunk = 64 * 1024;
// Longest stretch spent on inbound data before the event loop runs again.
constexpr qint64 ReadBudgetMs = 10;
constexpr int CloseTimeoutMs = 3000;

struct SrvCandidate
{
    ClientStream::Endpoint endpoint;
    quint16 priority = 0;
    quint16 weight = 0;
};

// RFC 2782 ordering: by priority, then a weighted random pick inside each priority. At equal
// priority direct TLS goes first (XEP-0368 §3).
QList<ClientStream::Endpoint> orderCandidates(QList<SrvCandidate> candidates)
{
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto &a, const auto &b) {
        if (a.priority != b.priority)
            return a.priority < b.priority;
        return a.endpoint.directTls && !b.endpoint.directTls;
    });
    QList<ClientStream::Endpoint> out;
    qsizetype i = 0;
    while (i < candidates.size()) {
        qsizetype j = i;
        while (j < candidates.size() && candidates[j].priority == candidates[i].priority &&
               candidates[j].endpoint.directTls == candidates[i].endpoint.directTls)
            ++j;
        QList<SrvCandidate> group = candidates.mid(i, j - i);
        while (!group.isEmpty()) {
            quint32 total = 0;
            for (const auto &c : group)
                total += c.weight;
            qsizetype pick = 0;
            if (total > 0) {
                quint32 r = QRandomGenerator::global()->bounded(total + 1);
                for (qsizetype k = 0; k < group.size(); ++k) {
                    if (r <= group[k].weight) {
                        pick = k;
                        break;
                    }
                    r -= group[k].weight;
                }
            }
            out.append(group.takeAt(pick).endpoint);
        }
        i = j;
    }
    return out;
}

bool isIpLiteral(const QString &domain)
{
    QHostAddress address;
    QString d = domain;
    if (d.startsWith(u'[') && d.endsWith(u']'))
        d = d.mid(1, d.size() - 2);
    return address.setAddress(d);
}

// Parses "host", "host:port", "[v6]" and "[v6]:port" from <see-other-host/>.
std::optional<ClientStream::Endpoint> parseRedirect(const QString &text, bool directTls)
{
    QString host = text.trimmed();
    quint16 port = directTls ? 5223 : 5222;
    if (host.isEmpty())
        return std::nullopt;
    if (host.startsWith(u'[')) {
        const qsizetype close = host.indexOf(u']');
        if (close < 0)
            return std::nullopt;
        const QString rest = host.mid(close + 1);
        if (rest.startsWith(u':')) {
            bool ok = false;
            port = rest.mid(1).toUShort(&ok);
            if (!ok || port == 0)
                return std::nullopt;
        } else if (!rest.isEmpty()) {
            return std::nullopt;
        }
        host = host.mid(1, close - 1);
    } else if (host.count(u':') == 1) {
        bool ok = false;
        port = host.section(u':', 1).toUShort(&ok);
        if (!ok || port == 0)
            return std::nullopt;
        host = host.section(u':', 0, 0);
    }
    return ClientStream::Endpoint{host, port, directTls};
}

QString maskSecrets(const XmlElement &element)
{
    if (element.namespaceUri() == ns::Sasl && !element.text().isEmpty()) {
        XmlElement masked = element;
        masked.setText(QStringLiteral("[masked]"));
        return masked.toString(ns::Client);
    }
    return element.toString(ns::Client);
}

} // namespace

ClientStream::ClientStream(QObject *parent)
    : StanzaTransport(parent)
{
    m_attemptTimer.setSingleShot(true);
    m_negotiationTimer.setSingleShot(true);
    m_closeTimer.setSingleShot(true);
    connect(&m_attemptTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcStream) << "connection attempt to" << endpoint() << "timed out";
        m_lastAttemptError = ConnectionError(ConnectionError::Kind::ConnectionTimeout, endpoint());
        resetSocket();
        tryNextEndpoint();
    });
    connect(&m_negotiationTimer, &QTimer::timeout, this, [this] {
        ConnectionError error;
        error.kind = ConnectionError::Kind::ConnectionTimeout;
        error.endpoint = endpoint();
        error.text = tr("The login did not complete in time.");
        finish(error);
    });
    connect(&m_closeTimer, &QTimer::timeout, this, [this] { finish(ConnectionError()); });
    m_ackRequestTimer.setSingleShot(true);
    m_ackRequestTimer.setInterval(AckRequestDelay);
    connect(&m_ackRequestTimer, &QTimer::timeout, this, &ClientStream::requestAck);
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_batchTimer, &QTimer::timeout, this, &ClientStream::readBatchAfterInterval);
    m_ackAnswerTimer.setSingleShot(true);
    m_ackAnswerTimer.setInterval(AckAnswerDelay);
    connect(&m_ackAnswerTimer, &QTimer::timeout, this, &ClientStream::answerAckRequest);
    m_ackTimeout.setSingleShot(true);
    m_ackTimeout.setInterval(std::chrono::seconds(30));
    connect(&m_ackTimeout, &QTimer::timeout, this, [this] {
        // Bytes waiting to be read (a flood we handle in slices) prove the server alive; its
        // answer may be among them.
        if (m_processing || (m_socket && m_socket->bytesAvailable() > 0)) {
            m_ackTimeout.start();
            return;
        }
        qCWarning(lcStream) << "no acknowledgement from the server in time";
        ConnectionError error(ConnectionError::Kind::ConnectionLost, endpoint());
        error.text = tr("The server stopped answering.");
        finish(error);
    });
}

bool ClientStream::isStreamManagementEnabled() const
{
    return m_phase == Phase::Established && m_sm.isEnabled();
}

void ClientStream::resetSession()
{
    m_sm.reset();
}

ClientStream::~ClientStream()
{
    m_finished = true;
    resetSocket();
}

QString ClientStream::endpoint() const
{
    if (m_current.host.contains(u':'))
        return QStringLiteral("[%1]:%2").arg(m_current.host).arg(m_current.port);
    return m_current.host + u':' + QString::number(m_current.port);
}

void ClientStream::setPhase(Phase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    Q_EMIT phaseChanged(phase);
}

void ClientStream::open(const ConnectionSettings &settings)
{
    m_early.clear();
    if (!m_finished)
        abort(ConnectionError(ConnectionError::Kind::Cancelled));
    if (!settings.jid.bareEquals(m_settings.jid))
        m_sm.reset(); // another account: nothing to resume
    m_settings = settings;
    if (!m_sm.canResume())
        m_session = SessionInfo(); // else keep the JID and features of the session to resume
    else
        Q_EMIT acknowledging(); // <resume/> will tell the server what we handled
    m_redirects = 0;
    m_finished = false;
    m_lastAttemptError = ConnectionError();
    m_endpoints.clear();
    m_nextEndpoint = 0;
    m_parser.setLimits(settings.parserLimits);
    setPhase(Phase::Connecting);
    m_negotiationTimer.start(settings.negotiationTimeout);

    if (!settings.host.isEmpty()) {
        const quint16 port = settings.port ? settings.port : (settings.directTls ? 5223 : 5222);
        m_endpoints.append({settings.host, port, settings.directTls});
        tryNextEndpoint();
        return;
    }
    const QString domain = settings.jid.domainpart();
    if (isIpLiteral(domain)) {
        m_endpoints.append({domain, 5222, false});
        tryNextEndpoint();
        return;
    }
    startLookup();
}

void ClientStream::startLookup()
{
    const QString domain = QString::fromLatin1(QUrl::toAce(m_settings.jid.domainpart()));
    for (const QString &service :
         {QStringLiteral("_xmpps-client._tcp."), QStringLiteral("_xmpp-client._tcp.")}) {
        auto *lookup = new QDnsLookup(QDnsLookup::SRV, service + domain, this);
        connect(lookup, &QDnsLookup::finished, this, &ClientStream::lookupFinished);
        m_lookups.append(lookup);
        lookup->lookup();
    }
}

void ClientStream::lookupFinished()
{
    if (std::any_of(m_lookups.cbegin(), m_lookups.cend(),
                    [](const QDnsLookup *l) { return !l->isFinished(); }))
        return;
    QList<SrvCandidate> candidates;
    bool refused = false; // a "." target: the service is decidedly not offered
    for (const QDnsLookup *lookup : std::as_const(m_lookups)) {
        const bool directTls = lookup->name().startsWith(u"_xmpps-client");
        if (lookup->error() != QDnsLookup::NoError) {
            qCDebug(lcStream) << "SRV lookup" << lookup->name() << lookup->errorString();
            continue;
        }
        const auto records = lookup->serviceRecords();
        for (const QDnsServiceRecord &r : records) {
            if (r.target() == u"." || r.target().isEmpty()) {
                refused = true;
                continue;
            }
            QString target = r.target();
            if (target.endsWith(u'.'))
                target.chop(1);
            candidates.append({{target, r.port(), directTls}, r.priority(), r.weight()});
        }
    }
    qDeleteAll(m_lookups);
    m_lookups.clear();
    m_endpoints = orderCandidates(candidates);
    if (m_endpoints.isEmpty() && !refused) // RFC 6120 §3.2.2: fall back to the domain itself
        m_endpoints.append({m_settings.jid.domainpart(), 5222, false});
    qCDebug(lcStream) << "endpoints for" << m_settings.jid.domainpart() << m_endpoints.size();
    tryNextEndpoint();
}

void ClientStream::tryNextEndpoint()
{
    if (m_finished)
        return;
    if (m_nextEndpoint >= m_endpoints.size()) {
        ConnectionError error = m_lastAttemptError;
        if (!error.isError()) {
            error.kind = ConnectionError::Kind::HostNotFound;
            error.endpoint = m_settings.jid.domainpart();
        }
        finish(error);
        return;
    }
    m_current = m_endpoints.at(m_nextEndpoint++);
    resetSocket();
    // Whatever the previous connection left unparsed (after <see-other-host/>: the server's
    // </stream:stream>) belongs to that connection, not to this one.
    m_parser.reset();
    m_negotiator = std::make_unique<StreamNegotiator>(m_settings, &m_sm);
    m_rejectedCertificate = {};

    m_socket = new QSslSocket(this);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_settings.extraCaCertificates.isEmpty())
        config.addCaCertificates(m_settings.extraCaCertificates);
    m_socket->setSslConfiguration(config);
    // Verify against the JID's domain, never the host we happen to connect to (RFC 6120 §13.7.2).
    m_socket->setPeerVerifyName(m_settings.jid.domainpart());
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    LowLatencyTcp::attach(m_socket);

    connect(m_socket, &QSslSocket::connected, this, &ClientStream::onConnected);
    connect(m_socket, &QSslSocket::encrypted, this, &ClientStream::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, &ClientStream::onSslErrors);
    connect(m_socket, &QSslSocket::errorOccurred, this, &ClientStream::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &ClientStream::onDisconnected);
    connect(m_socket, &QSslSocket::readyRead, this, &ClientStream::onReadyRead);

    qCInfo(lcStream) << "connecting to" << endpoint()
                     << (m_current.directTls ? "(direct TLS)" : "(STARTTLS)");
    setPhase(Phase::Connecting);
    m_attemptTimer.start(m_settings.connectTimeout);
    if (m_current.directTls) {
        m_socket->connectToHostEncrypted(m_current.host, m_current.port,
                                         m_settings.jid.domainpart());
    } else {
        m_socket->connectToHost(m_current.host, m_current.port);
    }
}

void ClientStream::resetSocket()
{
    m_attemptTimer.stop();
    m_batchTimer.stop();
    m_lastBatch.invalidate();
    m_readsHeld = false;
    m_catchingUp = false;
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
}

void ClientStream::onConnected()
{
    if (m_current.directTls) {
        setPhase(Phase::Encrypting);
        return; // the stream starts once encrypted() arrives
    }
    m_attemptTimer.stop();
    startStream();
}

void ClientStream::onEncrypted()
{
    m_attemptTimer.stop();
    if (!checkPin())
        return;
    qCInfo(lcStream) << "TLS established with" << endpoint() << m_socket->sessionProtocol()
                     << m_socket->sessionCipher().name();
    m_session.peerCertificate = m_socket->peerCertificate();
    startStream();
}

bool ClientStream::checkPin()
{
    if (m_settings.pinnedSha256.isEmpty())
        return true;
    const QSslCertificate peer = m_socket->peerCertificate();
    if (peer.digest(QCryptographicHash::Sha256) == m_settings.pinnedSha256)
        return true;
    ConnectionError error;
    error.kind = ConnectionError::Kind::CertificateUntrusted;
    error.endpoint = endpoint();
    error.certificate = CertificateInfo::fromCertificate(peer);
    error.certificate.problems.append(
        tr("The certificate is not the one pinned for this account."));
    finish(error);
    return false;
}

void ClientStream::onSslErrors(const QList<QSslError> &errors)
{
    const QSslCertificate peer = m_socket->peerCertificate();
    if (!m_settings.pinnedSha256.isEmpty() &&
        peer.digest(QCryptographicHash::Sha256) == m_settings.pinnedSha256) {
        // The user trusts exactly this certificate; the errors are the reason a pin exists.
        qCInfo(lcStream) << "accepting pinned certificate despite" << errors.size() << "errors";
        m_socket->ignoreSslErrors(errors);
        return;
    }
    m_rejectedCertificate = CertificateInfo::fromCertificate(peer);
    for (const QSslError &e : errors) {
        m_rejectedCertificate.problems.append(e.errorString());
        qCWarning(lcStream) << "certificate problem:" << e.errorString();
    }
    // Not ignoring the errors makes QSslSocket abort the handshake: nothing has been sent but
    // the stream header and <starttls/>.
}

ConnectionError ClientStream::socketError(QAbstractSocket::SocketError error) const
{
    ConnectionError e;
    e.endpoint = endpoint();
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        e.kind = ConnectionError::Kind::HostNotFound;
        break;
    case QAbstractSocket::ConnectionRefusedError:
        e.kind = ConnectionError::Kind::ConnectionRefused;
        break;
    case QAbstractSocket::SocketTimeoutError:
        e.kind = ConnectionError::Kind::ConnectionTimeout;
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        if (!m_rejectedCertificate.isNull()) {
            e.kind = ConnectionError::Kind::CertificateUntrusted;
            e.certificate = m_rejectedCertificate;
        } else {
            e.kind = ConnectionError::Kind::TlsFailed;
            e.text = m_socket ? m_socket->errorString() : QString();
        }
        break;
    default:
        e.kind = ConnectionError::Kind::ConnectionLost;
        e.text = m_socket ? m_socket->errorString() : QString();
        break;
    }
    return e;
}

bool ClientStream::readHeldBatch()
{
    if (!m_batchTimer.isActive())
        return true;
    // What the server wrote before it closed waits for the batch: its last stanzas and the
    // stream error that says why (a conflict must not read as a lost connection).
    m_batchTimer.stop();
    QPointer<ClientStream> self(this);
    readBatch();
    return self && !m_finished;
}

void ClientStream::onSocketError(QAbstractSocket::SocketError error)
{
    if (m_finished || !readHeldBatch())
        return;
    const ConnectionError e = socketError(error);
    qCInfo(lcStream) << "socket error on" << endpoint() << m_socket->errorString();
    const bool beforeStream = m_phase == Phase::Connecting;
    if (beforeStream && e.kind != ConnectionError::Kind::CertificateUntrusted &&
        e.kind != ConnectionError::Kind::TlsFailed) {
        // Unreachable endpoint: try the next one.
        m_lastAttemptError = e;
        resetSocket();
        tryNextEndpoint();
        return;
    }
    if (m_phase == Phase::Closing) {
        finish(ConnectionError());
        return;
    }
    finish(e);
}

void ClientStream::onDisconnected()
{
    if (m_finished || !readHeldBatch())
        return;
    if (m_phase == Phase::Closing) {
        finish(ConnectionError());
        return;
    }
    ConnectionError e;
    e.kind = ConnectionError::Kind::ConnectionLost;
    e.endpoint = endpoint();
    finish(e);
}

void ClientStream::startStream()
{
    m_parser.reset();
    if (m_socket->isEncrypted())
        setPhase(m_negotiator->isAuthenticated() ? Phase::Binding : Phase::Authenticating);
    else
        setPhase(Phase::Encrypting);
    writeRaw(m_negotiator->openStream(m_socket->isEncrypted()));
}

void ClientStream::writeRaw(const QByteArray &bytes)
{
    if (!m_socket)
        return;
    if (isTraceEnabled())
        Q_EMIT xmlTraffic(Direction::Out, QString::fromUtf8(bytes));
    m_socket->write(bytes);
}

void ClientStream::writeElement(const XmlElement &element)
{
    if (!m_socket)
        return;
    if (isTraceEnabled())
        Q_EMIT xmlTraffic(Direction::Out, maskSecrets(element));
    m_socket->write(element.toXml(ns::Client));
}

void ClientStream::send(const XmlElement &stanza)
{
    if (m_phase != Phase::Established) {
        qCWarning(lcStream) << "dropping stanza sent while not established:" << stanza.name();
        return;
    }
    writeElement(stanza);
    if (m_sm.isEnabled() && StreamManagement::isCountedStanza(stanza)) {
        m_sm.stanzaSent(stanza);
        if (!m_ackRequested && !m_ackRequestTimer.isActive())
            m_ackRequestTimer.start();
    }
}

void ClientStream::requestAck()
{
    if (m_phase != Phase::Established || !m_sm.isEnabled() || m_sm.unackedCount() == 0 ||
        m_ackRequested)
        return;
    m_ackRequested = true;
    writeElement(StreamManagement::requestElement());
    m_ackTimeout.start();
}

void ClientStream::answerAckRequest()
{
    QPointer<ClientStream> self(this);
    Q_EMIT acknowledging();
    // A handler may have closed the stream meanwhile (close() sent the final count).
    if (self && m_phase == Phase::Established && m_sm.isEnabled())
        writeElement(m_sm.ackElement());
}

bool ClientStream::applyAcknowledgement(quint32 h)
{
    const auto acked = m_sm.acknowledge(h);
    if (!acked) {
        // XEP-0198 §4: acknowledging more than we sent ends the stream.
        qCWarning(lcStream) << "server acknowledged" << h << "stanzas; we sent" << m_sm.sentCount();
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            XmlElement error(ns::Stream, QStringLiteral("error"));
            error.appendChild(XmlElement(ns::StreamErrors, QStringLiteral("undefined-condition")));
            XmlElement tooHigh(ns::StreamManagement, QStringLiteral("handled-count-too-high"));
            tooHigh.setAttribute(QStringLiteral("h"), QString::number(h));
            tooHigh.setAttribute(QStringLiteral("send-count"), QString::number(m_sm.sentCount()));
            error.appendChild(tooHigh);
            m_socket->write(error.toXml(ns::Client) + "</stream:stream>");
            m_socket->flush();
        }
        ConnectionError e(ConnectionError::Kind::ProtocolViolation, endpoint());
        e.condition = QStringLiteral("undefined-condition");
        e.text = tr("The server acknowledged more stanzas than were sent.");
        m_sm.reset();
        finish(e);
        return false;
    }
    if (!acked->isEmpty())
        Q_EMIT stanzasAcknowledged(*acked);
    return true;
}

void ClientStream::handleStreamManagement(const XmlElement &element)
{
    const QString &name = element.name();
    if (name == u"r") {
        if (!m_ackAnswerTimer.isActive())
            m_ackAnswerTimer.start();
        return;
    }
    if (name == u"a") {
        bool ok = false;
        const quint32 h = element.attribute(u"h").toUInt(&ok);
        if (!ok) {
            failProtocol(QStringLiteral("bad-format"),
                         tr("The server sent an acknowledgement without a valid count."));
            return;
        }
        m_ackRequested = false;
        m_ackTimeout.stop();
        QPointer<ClientStream> self(this);
        if (!applyAcknowledgement(h) || !self)
            return;
        if (m_sm.unackedCount() > 0 && !m_ackRequestTimer.isActive())
            m_ackRequestTimer.start(); // more went out since we asked
        return;
    }
    qCDebug(lcStream) << "ignoring stream management element" << name;
}

void ClientStream::onReadyRead()
{
    if (m_processing || m_batchTimer.isActive())
        return; // read by the loop below when it is back, or by the batch to come
    if (m_phase == Phase::Established && m_lastBatch.isValid()) {
        const auto since = std::chrono::milliseconds(m_lastBatch.elapsed());
        if (since < m_batchInterval) {
            m_batchTimer.start(m_batchInterval - since);
            holdSocketReads();
            return;
        }
    }
    m_batchInterval = m_firstBatchInterval; // quiet since the last batch
    readBatch();
}

void ClientStream::readBatchAfterInterval()
{
    if (std::exchange(m_catchingUp, false)) {
        readBatch();
        return;
    }
    // Data kept coming: the next batch waits longer.
    m_batchInterval = std::min(m_batchInterval * 2, m_longestBatchInterval);
    if (!m_readsHeld) {
        readBatch();
        return;
    }
    // What came meanwhile waits in the kernel: let Qt take it in on the next turn of the event
    // loop (the read notifier is ready at once), then read it all as one batch.
    releaseSocketReads();
    m_catchingUp = true;
    m_batchTimer.start(CatchUpDelay);
}

void ClientStream::readBatch()
{
    if (m_processing)
        return;
    m_lastBatch.start();
    QPointer<ClientStream> self(this);
    m_processing = true;
    m_catchingUp = false;
    releaseSocketReads();
    // A flood is handled in slices of ReadBudgetMs: the event loop (the UI) runs in between.
    QElapsedTimer budget;
    budget.start();
    bool drained = processEvents(budget); // what an earlier slice left in the parser
    while (drained && self && !m_finished && m_socket && m_socket->bytesAvailable() > 0) {
        // Bounded chunks keep the stanza size limit effective.
        const QByteArray bytes = m_socket->read(ReadChunk);
        // Anything from the server shows the connection alive: the acknowledgement we asked
        // for may only come behind what is queued before it (a busy machine, a flood).
        if (m_ackTimeout.isActive())
            m_ackTimeout.start();
        m_parser.feed(bytes);
        drained = processEvents(budget);
        if (!self)
            return;
        if (m_phase == Phase::Encrypting && m_socket &&
            m_socket->mode() == QSslSocket::SslClientMode && !m_socket->isEncrypted())
            break; // TLS handshake in progress: the socket decrypts from here on
    }
    if (!self)
        return;
    m_processing = false;
    if (!m_finished && m_socket &&
        (!drained || (m_phase == Phase::Established && m_socket->bytesAvailable() > 0))) {
        // The slice is used up: go on once the event loop has run (readyRead does not come
        // again for bytes already buffered).
        QMetaObject::invokeMethod(this, &ClientStream::readBatch, Qt::QueuedConnection);
    }
}

void ClientStream::holdSocketReads()
{
    // The smallest limit (0 means none): Qt stops reading the socket once a byte waits in its
    // buffer, and takes its read notifier off until the limit goes.
    if (!m_socket || m_readsHeld)
        return;
    m_readsHeld = true;
    m_socket->setReadBufferSize(1);
}

void ClientStream::releaseSocketReads()
{
    if (!m_socket || !std::exchange(m_readsHeld, false))
        return;
    m_socket->setReadBufferSize(0); // the read notifier is back: the kernel's backlog follows
    // Qt's TLS layer decrypts what it took in before it stopped only when the socket reports
    // new bytes, and none may come: flush() has it look again, on the next turn of the event
    // loop, so that a failure it finds arrives like any other (not inside a batch).
    QSslSocket *socket = m_socket;
    QMetaObject::invokeMethod(
        socket, [socket] { socket->flush(); }, Qt::QueuedConnection);
}

bool ClientStream::processEvents(const QElapsedTimer &budget)
{
    QPointer<ClientStream> self(this);
    while (self && !m_finished) {
        if (budget.hasExpired(ReadBudgetMs))
            return false;
        StreamParser::Event event = m_parser.next();
        switch (event.type) {
        case StreamParser::EventType::NeedMoreData:
            return true;
        case StreamParser::EventType::Error:
            qCWarning(lcStream) << "stream error from parser:" << event.errorCondition
                                << event.errorText;
            failProtocol(event.errorCondition, event.errorText);
            return true;
        case StreamParser::EventType::StreamOpened:
            if (isTraceEnabled())
                Q_EMIT xmlTraffic(Direction::In, event.element.toString());
            if (!runActions(m_negotiator->handleStreamOpened(event.element)))
                return true;
            break;
        case StreamParser::EventType::StreamClosed:
            if (isTraceEnabled())
                Q_EMIT xmlTraffic(Direction::In, QStringLiteral("</stream:stream>"));
            if (m_phase == Phase::Closing) {
                finish(ConnectionError());
            } else {
                writeRaw("</stream:stream>");
                ConnectionError e;
                e.kind = ConnectionError::Kind::ConnectionLost;
                e.endpoint = endpoint();
                e.text = tr("The server closed the stream.");
                finish(e);
            }
            return true;
        case StreamParser::EventType::Stanza:
            handleStanza(event.element);
            break;
        }
    }
    return true;
}

void ClientStream::handleStanza(const XmlElement &element)
{
    if (isTraceEnabled())
        Q_EMIT xmlTraffic(Direction::In, maskSecrets(element));
    if (element.is(ns::Stream, u"error")) {
        handleStreamError(element);
        return;
    }
    if (m_phase == Phase::Established) {
        if (element.namespaceUri() == ns::StreamManagement) {
            if (m_sm.isEnabled())
                handleStreamManagement(element);
            return;
        }
        // Counted as handled before the handlers run: they run synchronously, and one of them may
        // close the stream (natter-cli after the message it waited for), whose final <a/> must
        // then include this stanza (XEP-0198 §4).
        if (m_sm.isEnabled() && StreamManagement::isCountedStanza(element))
            m_sm.stanzaHandled();
        Q_EMIT stanzaReceived(element);
        return;
    }
    if (m_phase == Phase::Closing)
        return;
    runActions(m_negotiator->handleElement(element));
}

bool ClientStream::runActions(const StreamNegotiator::Actions &actions)
{
    for (const StreamNegotiator::Action &action : actions) {
        switch (action.type) {
        case StreamNegotiator::Action::Type::Send:
            writeElement(action.element);
            break;
        case StreamNegotiator::Action::Type::StartTls:
            // Anything the server sent behind <proceed/> would be read as if it came through
            // TLS: refuse it (a classic injection attack).
            if (m_parser.unparsedSize() > 0 || m_socket->bytesAvailable() > 0) {
                failProtocol(QStringLiteral("bad-format"),
                             tr("The server sent data after <proceed/>."));
                return false;
            }
            setPhase(Phase::Encrypting);
            m_attemptTimer.start(m_settings.connectTimeout);
            m_socket->startClientEncryption();
            return false;
        case StreamNegotiator::Action::Type::RestartStream:
            if (m_parser.unparsedSize() > 0) {
                failProtocol(QStringLiteral("bad-format"),
                             tr("The server sent data before the stream was restarted."));
                return false;
            }
            startStream();
            return false;
        case StreamNegotiator::Action::Type::Established:
            m_negotiationTimer.stop();
            m_session = m_negotiator->session();
            m_session.peerCertificate = m_socket->peerCertificate();
            m_ackRequested = false;
            setPhase(Phase::Established);
            qCInfo(lcStream) << "session established as" << m_session.jid.toString()
                             << (m_sm.isEnabled() ? "with stream management" : "");
            Q_EMIT established(m_session);
            if (!m_early.isEmpty()) {
                // Not counted for XEP-0198: the server counts what it sends after <enabled/>.
                QPointer<ClientStream> self(this);
                const QList<XmlElement> early = std::exchange(m_early, {});
                for (const XmlElement &stanza : early) {
                    if (!self || m_finished)
                        return false;
                    Q_EMIT stanzaReceived(stanza);
                }
                if (!self)
                    return false;
            }
            return !m_finished;
        case StreamNegotiator::Action::Type::Deliver:
            m_early.append(action.element);
            break;
        case StreamNegotiator::Action::Type::Resumed: {
            m_negotiationTimer.stop();
            m_ackRequested = false;
            QPointer<ClientStream> self(this);
            if (!applyAcknowledgement(action.handled) || !self)
                return false;
            m_session.resumed = true;
            m_session.peerCertificate = m_socket->peerCertificate();
            setPhase(Phase::Established);
            // Send again exactly what the server did not get (XEP-0198 §5).
            const QList<XmlElement> again = m_sm.takeUnacked();
            qCInfo(lcStream) << "session resumed;" << again.size() << "stanzas sent again";
            for (const XmlElement &stanza : again)
                send(stanza);
            Q_EMIT established(m_session);
            return !m_finished;
        }
        case StreamNegotiator::Action::Type::Fail: {
            ConnectionError error = action.error;
            error.endpoint = endpoint();
            if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
                m_socket->write("</stream:stream>");
                m_socket->flush();
            }
            finish(error);
            return false;
        }
        }
    }
    return !m_finished;
}

void ClientStream::handleStreamError(const XmlElement &element)
{
    QString condition;
    XmlElement conditionElement;
    for (const XmlElement &c : element.children()) {
        if (c.namespaceUri() == ns::StreamErrors && c.name() != u"text") {
            condition = c.name();
            conditionElement = c;
            break;
        }
    }
    const QString text = element.childText(ns::StreamErrors, u"text");
    qCWarning(lcStream) << "stream error" << condition << text;
    if (condition == u"see-other-host" && m_redirects == 0 && m_phase != Phase::Established) {
        const auto target = parseRedirect(conditionElement.text(), m_current.directTls);
        if (target) {
            ++m_redirects;
            qCInfo(lcStream) << "following see-other-host to" << target->host << target->port;
            resetSocket();
            m_endpoints = {*target};
            m_nextEndpoint = 0;
            tryNextEndpoint();
            return;
        }
    }
    ConnectionError error;
    error.kind = ConnectionError::Kind::StreamError;
    error.condition = condition.isEmpty() ? QStringLiteral("undefined-condition") : condition;
    error.text = text;
    error.endpoint = endpoint();
    finish(error);
}

void ClientStream::failProtocol(const QString &condition, const QString &text)
{
    // Tell the server why, then close (RFC 6120 §4.9.1.1).
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        XmlElement error(ns::Stream, QStringLiteral("error"));
        error.appendChild(XmlElement(ns::StreamErrors, condition));
        // Namespace-qualified, so <error xmlns='http://etherx.jabber.org/streams'> is
        // <stream:error> to every conforming peer.
        m_socket->write(error.toXml(ns::Client) + "</stream:stream>");
        m_socket->flush();
    }
    ConnectionError e;
    e.kind = ConnectionError::Kind::ProtocolViolation;
    e.condition = condition;
    e.text = text;
    e.endpoint = endpoint();
    finish(e);
}

void ClientStream::close()
{
    if (m_finished)
        return;
    if (m_phase != Phase::Established) {
        abort(ConnectionError(ConnectionError::Kind::Cancelled, endpoint()));
        return;
    }
    if (m_sm.isEnabled()) {
        // What the final count includes is made durable first; a handler may close meanwhile.
        QPointer<ClientStream> self(this);
        Q_EMIT acknowledging();
        if (!self || m_finished || m_phase != Phase::Established)
            return;
    }
    setPhase(Phase::Closing);
    m_ackAnswerTimer.stop();
    // Tell the server what we handled, so that it does not bounce stanzas we did receive.
    if (m_sm.isEnabled())
        writeElement(m_sm.ackElement());
    writeRaw("</stream:stream>");
    m_sm.reset(); // a closed stream cannot be resumed
    m_closeTimer.start(CloseTimeoutMs);
}

void ClientStream::abort(const ConnectionError &reason)
{
    if (m_finished)
        return;
    finish(reason);
}

void ClientStream::finish(const ConnectionError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_attemptTimer.stop();
    m_negotiationTimer.stop();
    m_closeTimer.stop();
    m_ackRequestTimer.stop();
    m_ackAnswerTimer.stop();
    m_ackTimeout.stop();
    qDeleteAll(m_lookups);
    m_lookups.clear();
    if (m_socket) {
        m_socket->disconnect(this);
        if (!error.isError() && m_socket->state() == QAbstractSocket::ConnectedState) {
            m_socket->disconnectFromHost(); // flushes what is queued
            m_socket->deleteLater();
            m_socket = nullptr;
        } else {
            resetSocket();
        }
    }
    m_negotiator.reset();
    m_processing = false;
    if (error.isError())
        qCInfo(lcStream) << "stream closed:" << ConnectionError::kindName(error.kind)
                         << error.condition << error.text;
    setPhase(Phase::Disconnected);
    Q_EMIT closed(error);
}

} // namespace natter
