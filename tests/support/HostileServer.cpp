// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileServer.h"

#include "stanza/Iq.h"
#include "stanza/StanzaError.h"
#include "stream/sasl/ScramMechanism.h"
#include "xml/Namespaces.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslSocket>

#include <algorithm>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

constexpr qint64 StreamChunk = 64 * 1024;
constexpr qint64 MaxQueued = 256 * 1024;

QByteArray randomBase64(int bytes)
{
    QByteArray random(bytes, Qt::Uninitialized);
    for (char &c : random)
        c = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return random.toBase64();
}

QByteArray saslElement(const char *name, const QByteArray &payload = {})
{
    XmlElement element(ns::Sasl, QString::fromLatin1(name));
    if (!payload.isNull())
        element.setText(payload.isEmpty() ? u"="_s : QString::fromLatin1(payload.toBase64()));
    return element.toXml(ns::Client);
}

QByteArray saslFailure(const QString &condition)
{
    XmlElement failure(ns::Sasl, u"failure"_s);
    failure.appendChild(XmlElement(ns::Sasl, condition));
    return failure.toXml(ns::Client);
}

std::optional<ScramMechanism::Algorithm> scramAlgorithm(const QString &mechanism)
{
    if (mechanism == u"SCRAM-SHA-1")
        return ScramMechanism::Algorithm::Sha1;
    if (mechanism == u"SCRAM-SHA-256")
        return ScramMechanism::Algorithm::Sha256;
    if (mechanism == u"SCRAM-SHA-512")
        return ScramMechanism::Algorithm::Sha512;
    return std::nullopt;
}

QCryptographicHash::Algorithm qtHash(ScramMechanism::Algorithm algorithm)
{
    switch (algorithm) {
    case ScramMechanism::Algorithm::Sha1:
        return QCryptographicHash::Sha1;
    case ScramMechanism::Algorithm::Sha256:
        return QCryptographicHash::Sha256;
    case ScramMechanism::Algorithm::Sha512:
        return QCryptographicHash::Sha512;
    }
    return QCryptographicHash::Sha256;
}

// "a=value" attributes of a SCRAM message.
QHash<char, QByteArray> scramAttributes(const QByteArray &message)
{
    QHash<char, QByteArray> attributes;
    const QList<QByteArray> parts = message.split(',');
    for (const QByteArray &part : parts) {
        if (part.size() >= 2 && part.at(1) == '=')
            attributes.insert(part.at(0), part.mid(2));
    }
    return attributes;
}

// --- certificates --------------------------------------------------------------------------

struct OpenSsl
{
    QString directory;
    QString error;

    QString path(const QString &name) const { return directory + u'/' + name; }

    bool run(const QStringList &arguments)
    {
        if (!error.isEmpty())
            return false;
        QProcess process;
        process.setWorkingDirectory(directory);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(u"openssl"_s, arguments);
        if (!process.waitForFinished(60'000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0) {
            error = u"openssl "_s + arguments.join(u' ') + u": "_s +
                    QString::fromLocal8Bit(process.readAll()) + process.errorString();
            return false;
        }
        return true;
    }

    bool write(const QString &name, const QByteArray &contents)
    {
        if (!error.isEmpty())
            return false;
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) < 0) {
            error = u"cannot write "_s + file.fileName();
            return false;
        }
        return true;
    }

    // A self-signed certificate: a CA (ca = true) or a lone server certificate.
    bool selfSigned(const QString &base, const QString &commonName, bool ca)
    {
        QStringList arguments{u"req"_s,      u"-x509"_s,
                              u"-newkey"_s,  u"ec"_s,
                              u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s,
                              u"-nodes"_s,   u"-sha256"_s,
                              u"-days"_s,    u"30"_s,
                              u"-keyout"_s,  base + u".key"_s,
                              u"-out"_s,     base + u".pem"_s,
                              u"-subj"_s,    u"/O=Natter hostile test/CN="_s + commonName};
        if (ca) {
            arguments << u"-addext"_s << u"basicConstraints=critical,CA:TRUE"_s << u"-addext"_s
                      << u"keyUsage=critical,keyCertSign,cRLSign"_s;
        } else {
            arguments << u"-addext"_s << u"basicConstraints=critical,CA:FALSE"_s << u"-addext"_s
                      << u"subjectAltName=DNS:"_s + commonName << u"-addext"_s
                      << u"extendedKeyUsage=serverAuth"_s;
        }
        return run(arguments);
    }

    // A server certificate for dnsName issued by issuer (base name of its .pem/.key), valid
    // from notBefore to notAfter.
    bool issued(const QString &base, const QString &dnsName, const QString &issuer,
                const QDateTime &notBefore, const QDateTime &notAfter)
    {
        const auto stamp = [](const QDateTime &t) {
            return t.toUTC().toString(u"yyyyMMddHHmmss'Z'"_s);
        };
        const QByteArray extensions = "basicConstraints=critical,CA:FALSE\n"
                                      "keyUsage=critical,digitalSignature,keyEncipherment\n"
                                      "extendedKeyUsage=serverAuth\n"
                                      "subjectAltName=DNS:" +
                                      dnsName.toLatin1() + '\n';
        const QByteArray config = "[ca]\ndefault_ca = hostile\n[hostile]\n"
                                  "database = " +
                                  path(u"index.txt"_s).toLocal8Bit() +
                                  "\nnew_certs_dir = " + directory.toLocal8Bit() +
                                  "\nserial = " + path(u"serial"_s).toLocal8Bit() +
                                  "\ndefault_md = sha256\npolicy = anything\nunique_subject = no\n"
                                  "[anything]\ncommonName = supplied\n";
        if (!QFile::exists(path(u"index.txt"_s)))
            write(u"index.txt"_s, {});
        // A fresh random serial for every certificate.
        write(u"serial"_s, QByteArray::number(QRandomGenerator::global()->generate64() >> 2, 16)
                                   .rightJustified(16, '0') +
                               '\n');
        write(base + u".ext"_s, extensions);
        write(u"ca.cnf"_s, config);
        return run({u"req"_s, u"-new"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                    u"ec_paramgen_curve:P-256"_s, u"-nodes"_s, u"-keyout"_s, base + u".key"_s,
                    u"-out"_s, base + u".csr"_s, u"-subj"_s,
                    u"/O=Natter hostile test/CN="_s + dnsName}) &&
               run({u"ca"_s, u"-batch"_s, u"-notext"_s, u"-config"_s, u"ca.cnf"_s, u"-cert"_s,
                    issuer + u".pem"_s, u"-keyfile"_s, issuer + u".key"_s, u"-in"_s,
                    base + u".csr"_s, u"-out"_s, base + u".pem"_s, u"-startdate"_s,
                    stamp(notBefore), u"-enddate"_s, stamp(notAfter), u"-extfile"_s,
                    base + u".ext"_s});
    }

    HostileServer::Identity identity(const QString &base, const QString &chainBase = {})
    {
        HostileServer::Identity identity;
        if (!error.isEmpty())
            return identity;
        const auto certificates = QSslCertificate::fromPath(path(base + u".pem"_s));
        QFile keyFile(path(base + u".key"_s));
        if (certificates.isEmpty() || !keyFile.open(QIODevice::ReadOnly)) {
            error = u"cannot read "_s + base;
            return identity;
        }
        identity.certificate = certificates.first();
        identity.key = QSslKey(keyFile.readAll(), QSsl::Ec);
        if (identity.key.isNull())
            error = u"cannot load the key of "_s + base;
        if (!chainBase.isEmpty())
            identity.chain = QSslCertificate::fromPath(path(chainBase + u".pem"_s));
        return identity;
    }
};

} // namespace

QByteArray HostileServer::Identity::sha256() const
{
    return certificate.digest(QCryptographicHash::Sha256);
}

HostileServer::Certificates HostileServer::Certificates::generate(const QString &directory)
{
    OpenSsl ssl{directory, {}};
    const QString domain = QString::fromLatin1(Domain);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ssl.selfSigned(u"ca"_s, u"Natter Hostile Test CA"_s, true);
    // The impostor CA: the same name as the real one, another key.
    ssl.selfSigned(u"rogue"_s, u"Natter Hostile Test CA"_s, true);
    ssl.issued(u"valid"_s, domain, u"ca"_s, now.addDays(-1), now.addDays(30));
    ssl.issued(u"other"_s, domain, u"ca"_s, now.addDays(-1), now.addDays(30));
    ssl.issued(u"expired"_s, domain, u"ca"_s, now.addDays(-40), now.addDays(-30));
    ssl.issued(u"wrongname"_s, u"other.test"_s, u"ca"_s, now.addDays(-1), now.addDays(30));
    ssl.issued(u"forged"_s, domain, u"rogue"_s, now.addDays(-1), now.addDays(30));
    ssl.selfSigned(u"selfsigned"_s, domain, false);

    Certificates c;
    const auto ca = QSslCertificate::fromPath(ssl.path(u"ca.pem"_s));
    if (ssl.error.isEmpty() && ca.isEmpty())
        ssl.error = u"cannot read the CA certificate"_s;
    if (!ca.isEmpty())
        c.ca = ca.first();
    c.valid = ssl.identity(u"valid"_s);
    c.validOther = ssl.identity(u"other"_s);
    c.expired = ssl.identity(u"expired"_s);
    c.wrongName = ssl.identity(u"wrongname"_s);
    // The rogue CA travels along: a "complete" chain that still does not lead to a trusted root.
    c.forged = ssl.identity(u"forged"_s, u"rogue"_s);
    c.selfSigned = ssl.identity(u"selfsigned"_s);
    c.error = ssl.error;
    return c;
}

// --- the server ----------------------------------------------------------------------------

struct HostileServer::Connection
{
    int id = 0;
    QPointer<QSslSocket> socket;
    Behaviour behaviour;
    StreamParser parser{StreamParser::Limits{64 * 1024 * 1024, 100'000, 100'000}};
    QByteArray bytes;
    QList<XmlElement> elements;
    bool encrypted = false;
    bool authenticated = false;
    bool bound = false;
    bool closed = false;
    QString jid;
    // SASL
    QString mechanism;
    QByteArray clientFirstBare;
    QByteArray serverFirst;
    QByteArray nonce;
    QByteArray salt;
    // XEP-0198
    bool smEnabled = false;
    qint64 handled = 0;
};

HostileServer::HostileServer(const QString &user, const QString &password, QObject *parent)
    : QSslServer(parent)
    , m_user(user)
    , m_password(password)
{}

HostileServer::~HostileServer()
{
    for (const auto &c : std::as_const(m_connections)) {
        if (c->socket) {
            c->socket->disconnect(this);
            c->socket->abort();
        }
    }
}

bool HostileServer::listen()
{
    return QSslServer::listen(QHostAddress::LocalHost, 0);
}

QByteArray HostileServer::streamHeader()
{
    static int counter = 0;
    return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
           "xmlns:stream='http://etherx.jabber.org/streams' from='" +
           QByteArray(Domain) + "' id='hostile-" + QByteArray::number(++counter) +
           "' version='1.0' xml:lang='en'>";
}

HostileServer::Connection *HostileServer::current() const
{
    return m_connections.isEmpty() ? nullptr : m_connections.last().get();
}

bool HostileServer::isConnected() const
{
    const Connection *c = current();
    return c && c->socket && c->socket->state() == QAbstractSocket::ConnectedState;
}

bool HostileServer::isBound() const
{
    const Connection *c = current();
    return c && c->bound;
}

QString HostileServer::boundJid() const
{
    const Connection *c = current();
    return c ? c->jid : QString();
}

void HostileServer::incomingConnection(qintptr socketDescriptor)
{
    auto connection = std::make_shared<Connection>();
    Connection *c = connection.get();
    c->id = m_nextId++;
    c->behaviour = m_behaviour;
    auto *socket = new QSslSocket(this);
    c->socket = socket;
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    m_connections.append(connection);

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!c->behaviour.identity.isNull()) {
        config.setLocalCertificateChain(QList<QSslCertificate>{c->behaviour.identity.certificate} +
                                        c->behaviour.identity.chain);
        config.setPrivateKey(c->behaviour.identity.key);
    }
    socket->setSslConfiguration(config);

    connect(socket, &QSslSocket::readyRead, this, [this, c] { onReadyRead(c); });
    connect(socket, &QSslSocket::encrypted, this, [c] { c->encrypted = true; });
    connect(socket, &QSslSocket::bytesWritten, this, &HostileServer::fillStream);
    connect(socket, &QSslSocket::encryptedBytesWritten, this, &HostileServer::fillStream);
    connect(socket, &QSslSocket::sslErrors, this,
            [socket](const QList<QSslError> &errors) { socket->ignoreSslErrors(errors); });
    connect(socket, &QSslSocket::disconnected, this, [this, c] {
        c->closed = true;
        if (c == current()) {
            // Nothing more can go out; what was written stays counted.
            m_pending.clear();
            m_pendingOffset = 0;
            m_streamTarget = m_streamed;
        }
        c->socket->deleteLater();
        Q_EMIT clientDisconnected();
    });
    if (c->behaviour.directTls)
        socket->startServerEncryption();
    Q_EMIT clientConnected();
}

void HostileServer::onReadyRead(Connection *c)
{
    while (c->socket && c->socket->bytesAvailable() > 0) {
        const QByteArray bytes = c->socket->readAll();
        c->bytes += bytes;
        c->parser.feed(bytes);
        while (c->socket) {
            StreamParser::Event event = c->parser.next();
            if (event.type == StreamParser::EventType::NeedMoreData)
                break;
            if (event.type == StreamParser::EventType::Error)
                return; // the client sent something we cannot read; keep the bytes recorded
            if (event.type == StreamParser::EventType::StreamOpened) {
                handleHeader(c);
            } else if (event.type == StreamParser::EventType::StreamClosed) {
                c->socket->write("</stream:stream>");
                c->socket->disconnectFromHost();
                return;
            } else {
                c->elements.append(event.element);
                handleElement(c, event.element);
            }
            // A stream restart (STARTTLS, SASL success) resets the parser: what follows is
            // a new document.
        }
    }
}

void HostileServer::answer(Connection *c, Stage stage, const QByteArray &normal)
{
    if (!c->socket)
        return;
    const QByteArray bytes =
        c->behaviour.tamper ? c->behaviour.tamper(*this, stage, normal) : normal;
    if (!bytes.isEmpty())
        c->socket->write(bytes);
}

void HostileServer::handleHeader(Connection *c)
{
    QByteArray features = streamHeader() + "<stream:features>";
    Stage stage;
    if (!c->encrypted) {
        stage = Stage::PlainFeatures;
        if (c->behaviour.offerStartTls) {
            features += "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>";
        } else {
            // What a man in the middle would offer: log in right here, in clear text.
            features += "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                        "<mechanism>PLAIN</mechanism></mechanisms>";
        }
    } else if (!c->authenticated) {
        stage = Stage::TlsFeatures;
        features += "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>";
        for (const QString &m : std::as_const(c->behaviour.mechanisms))
            features += "<mechanism>" + m.toUtf8() + "</mechanism>";
        features += "</mechanisms>";
        if (c->behaviour.channelBindings) {
            features += "<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>";
            for (const QString &type : std::as_const(*c->behaviour.channelBindings))
                features += "<channel-binding type='" + type.toUtf8() + "'/>";
            features += "</sasl-channel-binding>";
        }
    } else {
        stage = Stage::BoundFeatures;
        features += "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>";
        if (c->behaviour.offerStreamManagement)
            features += "<sm xmlns='urn:xmpp:sm:3'/>";
    }
    features += "</stream:features>";
    answer(c, stage, features);
}

void HostileServer::handleElement(Connection *c, const XmlElement &element)
{
    if (element.is(ns::Tls, u"starttls")) {
        if (c->encrypted || c->behaviour.directTls)
            return;
        answer(c, Stage::Proceed, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        if (!c->socket || c->socket->state() != QAbstractSocket::ConnectedState)
            return;
        c->parser.reset();
        c->socket->startServerEncryption();
        return;
    }
    if (element.namespaceUri() == ns::Sasl) {
        handleSasl(c, element);
        return;
    }
    if (element.namespaceUri() == ns::StreamManagement) {
        const QString &name = element.name();
        if (name == u"enable") {
            c->smEnabled = true;
            c->handled = 0;
            answer(c, Stage::Enabled,
                   "<enabled xmlns='urn:xmpp:sm:3' id='hostile-sm-" + QByteArray::number(c->id) +
                       "' resume='true'/>");
        } else if (name == u"r" && c->behaviour.answerAckRequests) {
            c->socket->write("<a xmlns='urn:xmpp:sm:3' h='" + QByteArray::number(c->handled) +
                             "'/>");
        } else if (name == u"resume") {
            c->socket->write("<failed xmlns='urn:xmpp:sm:3'><item-not-found "
                             "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        }
        return;
    }
    if (element.namespaceUri() != ns::Client)
        return; // e.g. the client's <stream:error/>: recorded, nothing to answer
    if (c->smEnabled)
        ++c->handled;
    handleStanza(c, element);
}

void HostileServer::handleSasl(Connection *c, const XmlElement &element)
{
    const auto decoded = QByteArray::fromBase64Encoding(element.text().trimmed().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray data = decoded ? decoded.decoded : QByteArray();
    if (element.name() == u"abort") {
        c->socket->write(saslFailure(u"aborted"_s));
        return;
    }
    if (element.name() == u"auth") {
        c->mechanism = element.attribute(u"mechanism");
        if (!c->behaviour.mechanisms.contains(c->mechanism)) {
            c->socket->write(saslFailure(u"invalid-mechanism"_s));
            return;
        }
        if (c->mechanism == u"PLAIN") {
            const QList<QByteArray> parts = data.split('\0');
            if (parts.size() == 3 && parts.at(1) == m_user.toUtf8() &&
                parts.at(2) == m_password.toUtf8()) {
                c->authenticated = true;
                answer(c, Stage::Success, saslElement("success"));
                c->parser.reset();
            } else {
                c->socket->write(saslFailure(u"not-authorized"_s));
            }
            return;
        }
        // SCRAM client-first: gs2-header "n,," then the bare message.
        if (!data.startsWith("n,,") && !data.startsWith("y,,")) {
            c->socket->write(saslFailure(u"malformed-request"_s));
            return;
        }
        c->clientFirstBare = data.mid(3);
        const auto attributes = scramAttributes(c->clientFirstBare);
        if (attributes.value('n') != m_user.toUtf8() || attributes.value('r').isEmpty()) {
            c->socket->write(saslFailure(u"not-authorized"_s));
            return;
        }
        const QByteArray clientNonce = attributes.value('r');
        c->nonce = c->behaviour.scramFault == ScramFault::NonceNotExtended
                       ? randomBase64(18)
                       : clientNonce + randomBase64(18);
        c->salt = QByteArray::fromBase64(randomBase64(16));
        c->serverFirst = "r=" + c->nonce + ",s=" + c->salt.toBase64() +
                         ",i=" + QByteArray::number(c->behaviour.iterations);
        if (c->behaviour.downgradeProtection) {
            c->serverFirst += ",h=" + downgradeProtectionHash(c->mechanism, c->behaviour.mechanisms,
                                                              c->behaviour.channelBindings);
        }
        answer(c, Stage::Challenge, saslElement("challenge", c->serverFirst));
        return;
    }
    if (element.name() == u"response") {
        const auto algorithm = scramAlgorithm(c->mechanism);
        const qsizetype proofAt = data.lastIndexOf(",p=");
        if (!algorithm || proofAt < 0 || c->serverFirst.isEmpty()) {
            c->socket->write(saslFailure(u"malformed-request"_s));
            return;
        }
        const QByteArray withoutProof = data.left(proofAt);
        const auto attributes = scramAttributes(withoutProof);
        if (attributes.value('r') != c->nonce || attributes.value('c') != "biws") {
            c->socket->write(saslFailure(u"not-authorized"_s));
            return;
        }
        const QCryptographicHash::Algorithm hash = qtHash(*algorithm);
        const QByteArray authMessage =
            c->clientFirstBare + ',' + c->serverFirst + ',' + withoutProof;
        const QByteArray salted = ScramMechanism::saltedPassword(*algorithm, m_password.toUtf8(),
                                                                 c->salt, c->behaviour.iterations);
        const QByteArray clientKey = QMessageAuthenticationCode::hash("Client Key", salted, hash);
        const QByteArray storedKey = QCryptographicHash::hash(clientKey, hash);
        const QByteArray clientSignature =
            QMessageAuthenticationCode::hash(authMessage, storedKey, hash);
        const QByteArray proof = QByteArray::fromBase64(data.mid(proofAt + 3));
        QByteArray recoveredKey = proof;
        for (qsizetype i = 0; i < recoveredKey.size() && i < clientSignature.size(); ++i)
            recoveredKey[i] = static_cast<char>(recoveredKey.at(i) ^ clientSignature.at(i));
        if (proof.size() != clientSignature.size() ||
            QCryptographicHash::hash(recoveredKey, hash) != storedKey) {
            c->socket->write(saslFailure(u"not-authorized"_s));
            return;
        }
        const QByteArray serverKey = QMessageAuthenticationCode::hash("Server Key", salted, hash);
        QByteArray signature = QMessageAuthenticationCode::hash(authMessage, serverKey, hash);
        QByteArray serverFinal = "v=" + signature.toBase64();
        switch (c->behaviour.scramFault) {
        case ScramFault::WrongSignature:
            signature[0] = static_cast<char>(signature.at(0) ^ 0x55);
            serverFinal = "v=" + signature.toBase64();
            break;
        case ScramFault::NoSignature:
            serverFinal = QByteArray("");
            break;
        case ScramFault::ErrorInServerFinal:
            serverFinal = "e=other-error";
            break;
        case ScramFault::None:
        case ScramFault::NonceNotExtended:
            break;
        }
        c->authenticated = true;
        answer(c, Stage::Success,
               serverFinal.isEmpty() ? "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
                                     : saslElement("success", serverFinal));
        c->parser.reset();
        return;
    }
    c->socket->write(saslFailure(u"malformed-request"_s));
}

void HostileServer::handleStanza(Connection *c, const XmlElement &element)
{
    const Iq iq(element);
    if (!c->bound) {
        if (!element.is(ns::Client, u"iq") || !c->authenticated)
            return;
        const XmlElement bind = element.firstChild(ns::Bind, u"bind");
        if (!bind.isNull()) {
            QString resource = bind.childText(ns::Bind, u"resource");
            if (resource.isEmpty())
                resource = u"hostile-"_s + QString::number(c->id);
            c->jid = m_user + u'@' + QString::fromLatin1(Domain) + u'/' + resource;
            XmlElement result(ns::Bind, u"bind"_s);
            result.appendTextChild(ns::Bind, u"jid"_s, c->jid);
            c->bound = true;
            answer(c, Stage::BindResult, Iq::resultFor(iq, result).element().toXml(ns::Client));
            Q_EMIT bound(c->jid);
        }
        return;
    }
    Q_EMIT stanzaReceived(element);
    if (m_handler && m_handler(*this, element))
        return;
    if (!element.is(ns::Client, u"iq") || !iq.isRequest())
        return;
    Iq reply = [&] {
        const XmlElement payload = iq.payload();
        if (iq.type() == Iq::Type::Get && payload.is(ns::Roster, u"query"))
            return Iq::resultFor(iq, XmlElement(ns::Roster, u"query"_s));
        if (iq.type() == Iq::Type::Get && payload.is(ns::Ping, u"ping"))
            return Iq::resultFor(iq);
        if (payload.is(ns::Session, u"session"))
            return Iq::resultFor(iq);
        return Iq::errorFor(
            iq, StanzaError(StanzaError::Type::Cancel, StanzaError::Condition::ServiceUnavailable));
    }();
    // Answers come from whom the client asked; to its own account, from nobody in particular.
    XmlElement answerElement = reply.element();
    answerElement.removeAttribute(u"from");
    answerElement.removeAttribute(u"to");
    if (iq.hasTo())
        answerElement.setAttribute(u"from"_s, element.attribute(u"to"));
    answerElement.setAttribute(u"to"_s, c->jid);
    c->socket->write(answerElement.toXml(ns::Client));
}

QByteArray HostileServer::downgradeProtectionHash(const QString &mechanism,
                                                  const QStringList &mechanisms,
                                                  const std::optional<QStringList> &channelBindings)
{
    // Sort by octets (RFC 4790 "i;octet"), join with RS (0x1E); the XEP-0440 list after a US
    // (0x1F) only if there is one; hash with the SCRAM mechanism's hash; base64.
    const auto joined = [](const QStringList &names) {
        std::vector<std::string> sorted;
        for (const QString &name : names)
            sorted.push_back(name.toStdString());
        std::sort(sorted.begin(), sorted.end()); // std::string compares as unsigned char
        std::string out;
        for (std::size_t i = 0; i < sorted.size(); ++i)
            out += (i == 0 ? std::string() : std::string(1, '\x1e')) + sorted[i];
        return QByteArray::fromStdString(out);
    };
    QByteArray input = joined(mechanisms);
    if (channelBindings) {
        input += '\x1f';
        input += joined(*channelBindings);
    }
    const auto algorithm = scramAlgorithm(mechanism);
    return QCryptographicHash::hash(input,
                                    qtHash(algorithm.value_or(ScramMechanism::Algorithm::Sha256)))
        .toBase64();
}

void HostileServer::sendRaw(const QByteArray &bytes)
{
    Connection *c = current();
    if (c && c->socket)
        c->socket->write(bytes);
}

void HostileServer::sendStanza(const XmlElement &stanza)
{
    sendRaw(stanza.toXml(ns::Client));
}

void HostileServer::sendMessage(const QString &from, const QString &body)
{
    XmlElement message(ns::Client, u"message"_s);
    message.setAttribute(u"from"_s, from);
    message.setAttribute(u"to"_s, boundJid());
    message.setAttribute(u"type"_s, u"chat"_s);
    message.setAttribute(u"id"_s,
                         u"m-"_s + QString::number(QRandomGenerator::global()->generate()));
    message.appendTextChild(ns::Client, u"body"_s, body);
    sendStanza(message);
}

void HostileServer::streamBytes(const QByteArray &head, qint64 total, char filler)
{
    m_filler = filler;
    m_streamed = 0;
    m_streamTarget = total;
    sendPaced(head);
}

void HostileServer::sendPaced(const QByteArray &bytes)
{
    m_pending = m_pending.mid(m_pendingOffset) + bytes;
    m_pendingOffset = 0;
    fillStream();
}

void HostileServer::fillStream()
{
    Connection *c = current();
    if (!isStreaming() || !c || !c->socket || c->socket->state() != QAbstractSocket::ConnectedState)
        return;
    while (isStreaming() &&
           c->socket->bytesToWrite() + c->socket->encryptedBytesToWrite() < MaxQueued) {
        if (m_pendingOffset < m_pending.size()) {
            const qsizetype n =
                std::min<qsizetype>(StreamChunk, m_pending.size() - m_pendingOffset);
            c->socket->write(m_pending.constData() + m_pendingOffset, n);
            m_pendingOffset += n;
            m_streamed += n;
            continue;
        }
        if (m_chunk.size() != StreamChunk || m_chunk.at(0) != m_filler)
            m_chunk = QByteArray(StreamChunk, m_filler);
        const qint64 n = std::min(StreamChunk, m_streamTarget - m_streamed);
        c->socket->write(m_chunk.constData(), n);
        m_streamed += n;
    }
    if (m_pendingOffset >= m_pending.size()) {
        m_pending.clear();
        m_pendingOffset = 0;
    }
}

void HostileServer::abortConnection()
{
    Connection *c = current();
    if (c && c->socket)
        c->socket->abort();
}

void HostileServer::closeConnection()
{
    Connection *c = current();
    if (c && c->socket)
        c->socket->disconnectFromHost();
}

QByteArray HostileServer::receivedBytes(int connection) const
{
    if (connection < 0)
        connection = int(m_connections.size()) - 1;
    if (connection < 0 || connection >= m_connections.size())
        return {};
    return m_connections.at(connection)->bytes;
}

QList<XmlElement> HostileServer::received(int connection) const
{
    if (connection < 0)
        connection = int(m_connections.size()) - 1;
    if (connection < 0 || connection >= m_connections.size())
        return {};
    return m_connections.at(connection)->elements;
}

int HostileServer::countReceived(QStringView namespaceUri, QStringView name) const
{
    int count = 0;
    for (const auto &c : m_connections) {
        for (const XmlElement &e : std::as_const(c->elements))
            count += e.is(namespaceUri, name) ? 1 : 0;
    }
    return count;
}

qint64 HostileServer::stanzasHandled() const
{
    const Connection *c = current();
    return c ? c->handled : 0;
}

} // namespace natter
