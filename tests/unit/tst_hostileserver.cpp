// SPDX-License-Identifier: GPL-3.0-or-later
//
// The client against a scripted hostile server on loopback (HostileServer), over real TCP and
// TLS (issue "Never lose a message, never trust the wrong server"). Table-driven: each row says
// what the server does, how the client must end (ConnectionError kind and condition, Account
// state) and what must not have happened (credentials sent, hostile input stored or shown).
//
// So that a client which shows nothing cannot pass, every case also proves that a normal message
// gets through: in the same session after input that must be dropped, before the input that
// must end the stream, and — for attempts refused before a session exists — on the next login
// to the same server behaving well.
#include "HostileServer.h"
#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/MessageExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "models/ConversationModel.h"
#include "models/RosterModel.h"
#include "services/ChatService.h"
#include "services/Session.h"
#include "stream/ClientStream.h"
#include "stream/ConnectionError.h"
#include "stream/sasl/ScramMechanism.h"
#include "xml/Namespaces.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace natter;

Q_DECLARE_METATYPE(natter::ConnectionError::Kind)

using Kind = ConnectionError::Kind;
using Stage = HostileServer::Stage;
using ScramFault = HostileServer::ScramFault;
using Behaviour = HostileServer::Behaviour;
using Tamper = std::function<QByteArray(HostileServer &, Stage, const QByteArray &)>;

namespace natter {
char *toString(ConnectionError::Kind kind)
{
    return qstrdup(ConnectionError::kindName(kind).toUtf8().constData());
}
char *toString(Account::State state)
{
    return qstrdup(Account::stateName(state).toUtf8().constData());
}
} // namespace natter

namespace {

const QString User = u"user"_s;
const QString Password = u"correct horse battery"_s;
const QString Domain = QString::fromLatin1(HostileServer::Domain);
const QString Friend = u"friend@hostile.test/phone"_s;
// Text that only hostile input carries: it must never reach the user.
const QString Marker = u"HOSTILE-MARKER"_s;
constexpr int LoginTimeoutMs = 20'000;

// Rewrites the bytes of one negotiation stage.
Tamper at(Stage stage, std::function<QByteArray(HostileServer &, const QByteArray &)> rewrite)
{
    return [stage, rewrite](HostileServer &server, Stage s, const QByteArray &normal) {
        return s == stage ? rewrite(server, normal) : normal;
    };
}

Tamper appendAt(Stage stage, const QByteArray &extra)
{
    return at(stage, [extra](HostileServer &, const QByteArray &normal) { return normal + extra; });
}

Tamper replaceAt(Stage stage, const QByteArray &bytes)
{
    return at(stage, [bytes](HostileServer &, const QByteArray &) { return bytes; });
}

// What a man in the middle strips from a negotiation answer.
Tamper stripAt(Stage stage, const QList<QByteArray> &parts)
{
    return at(stage, [parts](HostileServer &, const QByteArray &normal) {
        QByteArray stripped = normal;
        for (const QByteArray &part : parts)
            stripped.replace(part, QByteArray());
        return stripped;
    });
}

// XEP-0474: a man in the middle strips `parts` from the offer and, in the SCRAM server-first
// message, replaces the server's hash with one that matches what is left (for `mechanism`, the
// one the client picks from it). The server-first message is part of the SCRAM AuthMessage, so
// the server must then refuse the client's proof.
Tamper stripAndForgeHash(const QList<QByteArray> &parts, const QString &mechanism,
                         const QStringList &left)
{
    const Tamper strip = stripAt(Stage::TlsFeatures, parts);
    return [strip, mechanism, left](HostileServer &server, Stage stage, const QByteArray &normal) {
        if (stage != Stage::Challenge)
            return strip(server, stage, normal);
        const qsizetype open = normal.indexOf('>') + 1;
        const qsizetype close = normal.lastIndexOf("</");
        QByteArray serverFirst = QByteArray::fromBase64(normal.mid(open, close - open));
        const qsizetype h = serverFirst.indexOf(",h=");
        if (h < 0)
            return normal;
        serverFirst = serverFirst.left(h) +
                      ",h=" + HostileServer::downgradeProtectionHash(mechanism, left, std::nullopt);
        return normal.left(open) + serverFirst.toBase64() + normal.mid(close);
    };
}

// A document type declaration between the XML declaration and the stream header.
Tamper doctypeAt(Stage stage, const QByteArray &doctype)
{
    return at(stage, [doctype](HostileServer &, const QByteArray &normal) {
        const qsizetype end = normal.indexOf("?>") + 2;
        return normal.left(end) + doctype + normal.mid(end);
    });
}

QByteArray billionLaughs(const QByteArray &root)
{
    QByteArray dtd = "<!DOCTYPE " + root + " [<!ENTITY lol0 '" + Marker.toLatin1() + "'>";
    for (int i = 1; i <= 9; ++i) {
        dtd += "<!ENTITY lol" + QByteArray::number(i) + " '";
        for (int j = 0; j < 10; ++j)
            dtd += "&lol" + QByteArray::number(i - 1) + ";";
        dtd += "'>";
    }
    return dtd + "]>";
}

QByteArray seeOtherHost(const QByteArray &target)
{
    return "<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + target +
           "</see-other-host></stream:error></stream:stream>";
}

QByteArray chat(const QString &from, const QString &body)
{
    return "<message from='" + from.toUtf8() + "' type='chat' id='h" +
           QByteArray::number(QRandomGenerator::global()->generate()) + "'><body>" + body.toUtf8() +
           "</body></message>";
}

// The turns of the event loop, counted as they pass (a timer at 0 fires once per turn): which
// turn something happened in.
class LoopTurns
{
public:
    LoopTurns()
    {
        m_timer.setInterval(0);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { ++m_turn; });
        m_timer.start();
    }
    int current() const { return m_turn; }

private:
    QTimer m_timer;
    int m_turn = 0;
};

// One account as the desktop app composes it (Session: Account, extensions, services, models,
// roster cache), logging in to the hostile server, with a record of what reached the application.
class Client
{
public:
    explicit Client(const ConnectionSettings &settings)
        : m_session(m_data.path())
    {
        Account *a = account();
        a->setSettings(settings);
        a->setAutoReconnect(false);
        const StandardExtensions &e = m_session.extensions();
        QObject::connect(e.messages, &MessageExtension::messageReceived, a,
                         [this](const Message &m) { messages.append(m); });
        QObject::connect(e.roster, &RosterExtension::itemAdded, a, [this](const RosterItem &item) {
            rosterAdded.append(item.jid.toString());
        });
        QObject::connect(
            e.roster, &RosterExtension::itemChanged, a,
            [this](const RosterItem &item) { rosterAdded.append(item.jid.toString()); });
        QObject::connect(e.presence, &PresenceExtension::resourceAvailable, a,
                         [this](const ResourcePresence &) { ++presences; });
        QObject::connect(a, &Account::connected, a, [this](bool) { ++connects; });
        QObject::connect(a, &Account::disconnected, a,
                         [this](const ConnectionError &error) { errors.append(error); });
    }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    Account *account() const { return m_session.account(); }
    const StandardExtensions &extensions() const { return m_session.extensions(); }

    void connect() { account()->connectToServer(); }
    bool waitUntilOnline(int timeoutMs = LoginTimeoutMs)
    {
        return QTest::qWaitFor([this] { return account()->isOnline() || !errors.isEmpty(); },
                               timeoutMs) &&
               account()->isOnline();
    }
    // Online and the roster fetched (the session is fully set up).
    bool waitUntilReady()
    {
        return waitUntilOnline() &&
               QTest::qWaitFor([this] { return extensions().roster->isLoaded(); }, 5000);
    }
    bool waitUntilClosed(int timeoutMs = LoginTimeoutMs)
    {
        return QTest::qWaitFor([this] { return !errors.isEmpty(); }, timeoutMs);
    }
    bool waitForBody(const QString &body, int timeoutMs = 10'000)
    {
        return QTest::qWaitFor([&] { return hasBody(body); }, timeoutMs);
    }
    bool hasBody(const QString &body) const
    {
        for (const Message &m : messages) {
            if (m.body() == body)
                return true;
        }
        return false;
    }

    // Everything the user could see or that was kept: message bodies and senders as delivered to
    // the application, the conversations' rows, the roster model, the roster cache on disk.
    QString visibleAndStored() const
    {
        QStringList out;
        for (const Message &m : messages)
            out << m.from().toString() << m.body() << m.subject();
        ChatService *chats = m_session.chats();
        for (const Jid &peer : chats->conversations()) {
            out << peer.toString();
            ConversationModel *model = chats->conversation(peer);
            for (int row = 0; row < model->rowCount(); ++row)
                out << model->data(model->index(row, 0)).toString();
        }
        RosterModel *roster = m_session.rosterModel();
        for (int row = 0; row < roster->rowCount(); ++row)
            out << roster->data(roster->index(row, 0)).toString();
        out << rosterAdded;
        m_session.extensions().roster->flushCache();
        if (RosterCache *cache = m_session.rosterCache(); cache) {
            QFile file(Session::rosterCachePath(m_data.path(), account()->settings().jid));
            if (file.open(QIODevice::ReadOnly))
                out << QString::fromUtf8(file.readAll());
        }
        return out.join(u'\n');
    }
    int conversationCount() const { return int(m_session.chats()->conversations().size()); }

    QList<Message> messages;
    QStringList rosterAdded;
    QList<ConnectionError> errors;
    int presences = 0;
    int connects = 0;

private:
    QTemporaryDir m_data;
    Session m_session;
};

} // namespace

class HostileServerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void unansweredAckRequestCountsOnlySilence();
    void ackRequestAnswerCoversWhatCameMeanwhile();
    void stanzasAreReadInBatches();
    void batchesStretchWhileStanzasKeepComing();
    void bytesWaitInTheKernelWhileABatchWaits();
    void lastWordsBeforeCloseAreRead();

    void wellBehavedServer_data();
    void wellBehavedServer();

    void refusedBeforeSession_data();
    void refusedBeforeSession();

    void refusesMechanismDowngrade_data();
    void refusesMechanismDowngrade();

    void certificateCheckedOnReconnect_data();
    void certificateCheckedOnReconnect();

    void endsStreamOnHostileInput_data();
    void endsStreamOnHostileInput();

    void hugeStanzaIsCutOff_data();
    void hugeStanzaIsCutOff();

    void rosterPushOnlyFromOwnAccount_data();
    void rosterPushOnlyFromOwnAccount();

    void foreignCarbonIsNotShown_data();
    void foreignCarbonIsNotShown();

    void iqResultOnlyFromAddressee_data();
    void iqResultOnlyFromAddressee();

    void presenceFloodKeepsLoopResponsive();

private:
    ConnectionSettings settings(const HostileServer &server) const;
    Behaviour good() const;
    // After a refused attempt: the same client logs in to the server behaving well and a normal
    // message arrives.
    void recover(HostileServer &server, Client &client, const Behaviour &behaviour);
    // A session with a roster and a first message delivered.
    void startSession(HostileServer &server, Client &client);
    // The same with ClientStream's read batches stretched to `interval`.
    void
    startSessionReadingBatches(HostileServer &server, Client &client,
                               std::chrono::milliseconds interval,
                               std::optional<std::chrono::milliseconds> longest = std::nullopt);

    QTemporaryDir m_dir;
    HostileServer::Certificates m_certs;
};

void HostileServerTest::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"natter.*.debug=false\nnatter.*.info=false"_s);
    QVERIFY2(QSslSocket::supportsSsl(), "Qt was built without TLS support");
    QVERIFY(m_dir.isValid());
    m_certs = HostileServer::Certificates::generate(m_dir.path());
    QVERIFY2(m_certs.error.isEmpty(), qPrintable(m_certs.error));
}

ConnectionSettings HostileServerTest::settings(const HostileServer &server) const
{
    ConnectionSettings s;
    s.jid = Jid::fromString(User + u'@' + Domain + u"/natter"_s);
    s.password = Password;
    s.host = u"127.0.0.1"_s;
    s.port = server.port();
    s.extraCaCertificates = {m_certs.ca};
    s.connectTimeout = std::chrono::seconds(10);
    s.negotiationTimeout = std::chrono::seconds(20);
    return s;
}

Behaviour HostileServerTest::good() const
{
    Behaviour b;
    b.identity = m_certs.valid;
    return b;
}

void HostileServerTest::recover(HostileServer &server, Client &client, const Behaviour &behaviour)
{
    server.setBehaviour(behaviour);
    client.errors.clear();
    client.connect();
    QVERIFY2(client.waitUntilReady(),
             qPrintable(client.errors.isEmpty() ? u"timeout"_s : client.errors.last().message()));
    server.sendMessage(Friend, u"after recovery"_s);
    QVERIFY(client.waitForBody(u"after recovery"_s));
}

void HostileServerTest::startSession(HostileServer &server, Client &client)
{
    client.connect();
    QVERIFY2(client.waitUntilReady(),
             qPrintable(client.errors.isEmpty() ? u"timeout"_s : client.errors.last().message()));
    QTRY_VERIFY(server.isBound());
    server.sendMessage(Friend, u"before"_s);
    QVERIFY(client.waitForBody(u"before"_s));
}

void HostileServerTest::startSessionReadingBatches(HostileServer &server, Client &client,
                                                   std::chrono::milliseconds interval,
                                                   std::optional<std::chrono::milliseconds> longest)
{
    auto *stream = qobject_cast<ClientStream *>(client.account()->transport());
    QVERIFY(stream);
    stream->setReadBatchInterval(interval, longest);
    startSession(server, client);
}

// --- the control: a server that behaves ---------------------------------------------------

void HostileServerTest::wellBehavedServer_data()
{
    QTest::addColumn<Behaviour>("behaviour");
    QTest::addColumn<bool>("directTls");
    QTest::addColumn<QString>("mechanism");

    Behaviour b = good();
    QTest::newRow("STARTTLS, SCRAM-SHA-256") << b << false << u"SCRAM-SHA-256"_s;
    b.directTls = true;
    QTest::newRow("direct TLS, SCRAM-SHA-256") << b << true << u"SCRAM-SHA-256"_s;
    b = good();
    b.mechanisms = {u"SCRAM-SHA-512"_s, u"SCRAM-SHA-1"_s};
    QTest::newRow("SCRAM-SHA-512") << b << false << u"SCRAM-SHA-512"_s;
    b.mechanisms = {u"SCRAM-SHA-1"_s};
    QTest::newRow("SCRAM-SHA-1") << b << false << u"SCRAM-SHA-1"_s;
    b.mechanisms = {u"PLAIN"_s};
    QTest::newRow("PLAIN under TLS") << b << false << u"PLAIN"_s;
    b = good();
    b.offerStreamManagement = true;
    QTest::newRow("stream management") << b << false << u"SCRAM-SHA-256"_s;
    b = good();
    b.iterations = ScramMechanism::MaxIterations;
    QTest::newRow("iteration count at the cap") << b << false << u"SCRAM-SHA-256"_s;

    // XEP-0474: the hash of the offer matches what reached the client (the hash algorithm is
    // the chosen mechanism's). XEP-0440 channel bindings count, although Natter binds none.
    b = good();
    b.downgradeProtection = true;
    QTest::newRow("XEP-0474 hash, SCRAM-SHA-256") << b << false << u"SCRAM-SHA-256"_s;
    b.mechanisms = {u"SCRAM-SHA-1"_s, u"PLAIN"_s};
    QTest::newRow("XEP-0474 hash, SCRAM-SHA-1") << b << false << u"SCRAM-SHA-1"_s;
    b.mechanisms = {u"SCRAM-SHA-512-PLUS"_s, u"SCRAM-SHA-512"_s,    u"SCRAM-SHA-256-PLUS"_s,
                    u"SCRAM-SHA-256"_s,      u"SCRAM-SHA-1-PLUS"_s, u"SCRAM-SHA-1"_s};
    b.channelBindings = QStringList{u"tls-server-end-point"_s, u"tls-exporter"_s};
    QTest::newRow("XEP-0474 hash with XEP-0440 channel bindings, SCRAM-SHA-512")
        << b << false << u"SCRAM-SHA-512"_s;
    b.directTls = true;
    QTest::newRow("XEP-0474 hash with XEP-0440 channel bindings, direct TLS")
        << b << true << u"SCRAM-SHA-512"_s;
    b = good();
    b.channelBindings = QStringList{u"tls-server-end-point"_s};
    QTest::newRow("XEP-0440 channel bindings, no XEP-0474 hash (unchanged)")
        << b << false << u"SCRAM-SHA-256"_s;
}

void HostileServerTest::wellBehavedServer()
{
    QFETCH(Behaviour, behaviour);
    QFETCH(bool, directTls);
    QFETCH(QString, mechanism);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(behaviour);
    ConnectionSettings s = settings(server);
    s.directTls = directTls;
    Client client(s);
    startSession(server, client);
    QCOMPARE(client.account()->session().mechanism, mechanism);
    QCOMPARE(client.account()->session().jid.toString(), server.boundJid());
    QCOMPARE(client.account()->isStreamManagementEnabled(), behaviour.offerStreamManagement);
    QCOMPARE(client.conversationCount(), 1);
    QVERIFY(client.visibleAndStored().contains(u"before"_s));

    client.account()->disconnectFromServer();
    QTRY_COMPARE(client.account()->state(), Account::State::Offline);
    QCOMPARE(client.errors.size(), 1);
    QCOMPARE(client.errors.first().kind, Kind::None);
}

// --- refused before a session exists ----------------------------------------------------

void HostileServerTest::refusedBeforeSession_data()
{
    QTest::addColumn<Behaviour>("behaviour");
    QTest::addColumn<bool>("directTls");
    QTest::addColumn<QByteArray>("pin");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("condition");
    QTest::addColumn<int>("connections");
    // Local names of elements the client must never have sent.
    QTest::addColumn<QStringList>("forbidden");
    // The client may have sent at most this many elements (besides stream headers); -1: any.
    QTest::addColumn<int>("maxSent");

    const QStringList noAuth{u"auth"_s, u"response"_s, u"iq"_s, u"message"_s, u"presence"_s};
    const QStringList noProof{u"response"_s, u"iq"_s, u"message"_s, u"presence"_s};
    const QStringList noSession{u"iq"_s, u"message"_s, u"presence"_s};
    const QStringList noStanza{u"message"_s, u"presence"_s};

    // Certificates: verified against the JID's domain, before anything but <starttls/> is sent.
    Behaviour b = good();
    b.identity = m_certs.expired;
    QTest::newRow("certificate: expired")
        << b << false << QByteArray() << Kind::CertificateUntrusted << QString() << 1 << noAuth
        << 1;
    b.identity = m_certs.selfSigned;
    QTest::newRow("certificate: self-signed")
        << b << false << QByteArray() << Kind::CertificateUntrusted << QString() << 1 << noAuth
        << 1;
    b.identity = m_certs.wrongName;
    QTest::newRow("certificate: wrong name")
        << b << false << QByteArray() << Kind::CertificateUntrusted << QString() << 1 << noAuth
        << 1;
    b.identity = m_certs.forged;
    QTest::newRow("certificate: invalid (signed by an impostor CA of the same name)")
        << b << false << QByteArray() << Kind::CertificateUntrusted << QString() << 1 << noAuth
        << 1;
    b.identity = m_certs.wrongName;
    b.directTls = true;
    QTest::newRow("certificate: wrong name, direct TLS")
        << b << true << QByteArray() << Kind::CertificateUntrusted << QString() << 1 << noAuth << 0;
    b.identity = m_certs.selfSigned;
    QTest::newRow("certificate: self-signed, direct TLS")
        << b << true << QByteArray() << Kind::CertificateUntrusted << QString() << 1 << noAuth << 0;
    b = good();
    b.identity = m_certs.validOther;
    QTest::newRow("certificate: pinned account, another (CA-valid) certificate")
        << b << false << m_certs.valid.sha256() << Kind::CertificateUntrusted << QString() << 1
        << noAuth << 1;

    // STARTTLS: mandatory, and nothing may ride along with it.
    b = good();
    b.offerStartTls = false;
    QTest::newRow("STARTTLS stripped (PLAIN offered in clear text)")
        << b << false << QByteArray() << Kind::TlsNotOffered << QString() << 1 << noAuth << 0;
    b = good();
    b.tamper = replaceAt(Stage::Proceed, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                                         "</stream:stream>");
    QTest::newRow("STARTTLS refused")
        << b << false << QByteArray() << Kind::TlsFailed << QString() << 1 << noAuth << 1;
    b.tamper = appendAt(Stage::Proceed, chat(Friend, Marker));
    QTest::newRow("bytes behind <proceed/>")
        << b << false << QByteArray() << Kind::ProtocolViolation << u"bad-format"_s << 1 << noAuth
        << 2;
    b.tamper = appendAt(Stage::PlainFeatures, chat(Friend, Marker));
    QTest::newRow("a stanza before TLS") << b << false << QByteArray() << Kind::ProtocolViolation
                                         << u"unsupported-stanza-type"_s << 1 << noAuth << 2;
    b.tamper = appendAt(Stage::TlsFeatures, chat(Friend, Marker));
    QTest::newRow("a stanza before authentication")
        << b << false << QByteArray() << Kind::ProtocolViolation << u"unsupported-stanza-type"_s
        << 1 << noProof << -1;
    b.tamper = appendAt(Stage::BoundFeatures,
                        "<iq type='set' id='push0'><query xmlns='jabber:iq:roster'><item jid='" +
                            Marker.toLatin1() + "@evil.test'/></query></iq>");
    QTest::newRow("a roster push before binding")
        << b << false << QByteArray() << Kind::ProtocolViolation << u"unsupported-stanza-type"_s
        << 1 << noStanza << -1;
    b.tamper = at(Stage::BindResult, [](HostileServer &, const QByteArray &normal) {
        QByteArray forged = normal;
        return forged.replace("user@hostile.test", "mallory@evil.test");
    });
    QTest::newRow("bound to a foreign JID")
        << b << false << QByteArray() << Kind::BindFailed << u"bad-format"_s << 1 << noStanza << -1;

    // SASL: the server must prove it knows the password, and cannot make us do unbounded work.
    b = good();
    b.scramFault = ScramFault::WrongSignature;
    QTest::newRow("SCRAM: wrong server signature")
        << b << false << QByteArray() << Kind::ServerNotAuthenticated << QString() << 1 << noSession
        << -1;
    b.scramFault = ScramFault::NoSignature;
    QTest::newRow("SCRAM: success without server signature")
        << b << false << QByteArray() << Kind::ServerNotAuthenticated << QString() << 1 << noSession
        << -1;
    b.scramFault = ScramFault::ErrorInServerFinal;
    QTest::newRow("SCRAM: error in the server-final message")
        << b << false << QByteArray() << Kind::ServerNotAuthenticated << QString() << 1 << noSession
        << -1;
    b.scramFault = ScramFault::NonceNotExtended;
    QTest::newRow("SCRAM: server nonce does not extend ours")
        << b << false << QByteArray() << Kind::ServerNotAuthenticated << QString() << 1 << noProof
        << -1;
    b = good();
    b.iterations = ScramMechanism::MaxIterations + 1;
    QTest::newRow("SCRAM: iteration count above the cap")
        << b << false << QByteArray() << Kind::ServerNotAuthenticated << QString() << 1 << noProof
        << -1;
    b.iterations = std::numeric_limits<int>::max();
    QTest::newRow("SCRAM: iteration count 2^31-1")
        << b << false << QByteArray() << Kind::ServerNotAuthenticated << QString() << 1 << noProof
        << -1;
    b = good();
    b.mechanisms = {u"SCRAM-SHA-256-PLUS"_s, u"PLAIN"_s};
    QTest::newRow("SCRAM-PLUS and PLAIN: no fall back to PLAIN")
        << b << false << QByteArray() << Kind::NoSuitableMechanism << QString() << 1 << noAuth << 1;
    b.mechanisms = {u"DIGEST-MD5"_s, u"X-UNKNOWN"_s};
    QTest::newRow("only mechanisms we do not know")
        << b << false << QByteArray() << Kind::NoSuitableMechanism << QString() << 1 << noAuth << 1;

    // XEP-0474: the server's hash of its offer in the SCRAM server-first message shows that a
    // man in the middle stripped part of the offer. The client stops before its proof.
    b = good();
    b.downgradeProtection = true;
    b.tamper = stripAt(Stage::TlsFeatures, {"<mechanism>SCRAM-SHA-256</mechanism>"});
    QTest::newRow("XEP-0474: SCRAM-SHA-256 stripped from the offer")
        << b << false << QByteArray() << Kind::NoSuitableMechanism << u"downgrade"_s << 1 << noProof
        << -1;
    b.mechanisms = {u"SCRAM-SHA-512"_s, u"SCRAM-SHA-256"_s, u"SCRAM-SHA-1"_s};
    b.tamper = stripAt(Stage::TlsFeatures, {"<mechanism>SCRAM-SHA-512</mechanism>",
                                            "<mechanism>SCRAM-SHA-256</mechanism>"});
    QTest::newRow("XEP-0474: all but SCRAM-SHA-1 stripped")
        << b << false << QByteArray() << Kind::NoSuitableMechanism << u"downgrade"_s << 1 << noProof
        << -1;
    b = good();
    b.downgradeProtection = true;
    b.tamper = stripAt(Stage::TlsFeatures, {"<mechanism>PLAIN</mechanism>"});
    QTest::newRow("XEP-0474: even a weaker mechanism stripped")
        << b << false << QByteArray() << Kind::NoSuitableMechanism << u"downgrade"_s << 1 << noProof
        << -1;
    b.mechanisms = {u"SCRAM-SHA-256-PLUS"_s, u"SCRAM-SHA-256"_s, u"SCRAM-SHA-1"_s};
    b.channelBindings = QStringList{u"tls-server-end-point"_s, u"tls-exporter"_s};
    b.tamper = at(Stage::TlsFeatures, [](HostileServer &, const QByteArray &normal) {
        const qsizetype start = normal.indexOf("<sasl-channel-binding");
        const qsizetype end = normal.indexOf("</sasl-channel-binding>");
        return normal.left(start) + normal.mid(end + qsizetype(qstrlen("</sasl-channel-binding>")));
    });
    QTest::newRow("XEP-0474: XEP-0440 channel bindings stripped")
        << b << false << QByteArray() << Kind::NoSuitableMechanism << u"downgrade"_s << 1 << noProof
        << -1;
    b.tamper = stripAt(Stage::TlsFeatures, {"<channel-binding type='tls-exporter'/>"});
    QTest::newRow("XEP-0474: tls-exporter stripped from the channel bindings")
        << b << false << QByteArray() << Kind::NoSuitableMechanism << u"downgrade"_s << 1 << noProof
        << -1;
    // A man in the middle who also forges the hash: the hash matches, the proof goes out, and
    // the server refuses it because the server-first message it signed was different.
    b = good();
    b.downgradeProtection = true;
    b.tamper = stripAndForgeHash({"<mechanism>SCRAM-SHA-256</mechanism>"}, u"SCRAM-SHA-1"_s,
                                 {u"SCRAM-SHA-1"_s, u"PLAIN"_s});
    QTest::newRow("XEP-0474: offer stripped and the hash forged to match")
        << b << false << QByteArray() << Kind::AuthenticationFailed << u"not-authorized"_s << 1
        << noSession << -1;

    // Restricted XML in the stream header.
    b = good();
    b.tamper = doctypeAt(Stage::PlainFeatures, "<!DOCTYPE stream:stream>");
    QTest::newRow("DOCTYPE before the first stream header")
        << b << false << QByteArray() << Kind::ProtocolViolation << u"restricted-xml"_s << 1
        << noAuth << 0;
    b.tamper = doctypeAt(Stage::TlsFeatures, billionLaughs("stream:stream"));
    QTest::newRow("billion laughs in the stream header after TLS")
        << b << false << QByteArray() << Kind::ProtocolViolation << u"restricted-xml"_s << 1
        << noAuth << 1;
    b.tamper = at(Stage::TlsFeatures, [](HostileServer &, const QByteArray &normal) {
        QByteArray header = normal;
        return header.replace("from='hostile.test'", "from='&lol9;'")
            .replace("<?xml version='1.0'?>",
                     "<?xml version='1.0'?>" + billionLaughs("stream:stream"));
    });
    QTest::newRow("billion laughs expanded in the stream header")
        << b << false << QByteArray() << Kind::ProtocolViolation << u"restricted-xml"_s << 1
        << noAuth << 1;
    b.tamper = at(Stage::PlainFeatures, [](HostileServer &, const QByteArray &normal) {
        return normal.left(normal.indexOf("<stream:features>")) + "\xC3\x28";
    });
    QTest::newRow("invalid UTF-8 before TLS")
        << b << false << QByteArray() << Kind::ProtocolViolation << u"not-well-formed"_s << 1
        << noAuth << 0;

    // see-other-host: followed once, never in a loop.
    b = good();
    b.tamper = at(Stage::PlainFeatures, [](HostileServer &server, const QByteArray &normal) {
        return normal.left(normal.indexOf("<stream:features>")) +
               seeOtherHost("127.0.0.1:" + QByteArray::number(server.port()));
    });
    QTest::newRow("see-other-host loop before TLS")
        << b << false << QByteArray() << Kind::StreamError << u"see-other-host"_s << 2 << noAuth
        << 0;
    b.tamper = at(Stage::TlsFeatures, [](HostileServer &server, const QByteArray &normal) {
        return normal.left(normal.indexOf("<stream:features>")) +
               seeOtherHost("127.0.0.1:" + QByteArray::number(server.port()));
    });
    QTest::newRow("see-other-host loop after TLS")
        << b << false << QByteArray() << Kind::StreamError << u"see-other-host"_s << 2 << noAuth
        << 1;
}

void HostileServerTest::refusedBeforeSession()
{
    QFETCH(Behaviour, behaviour);
    QFETCH(bool, directTls);
    QFETCH(QByteArray, pin);
    QFETCH(Kind, kind);
    QFETCH(QString, condition);
    QFETCH(int, connections);
    QFETCH(QStringList, forbidden);
    QFETCH(int, maxSent);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(behaviour);
    ConnectionSettings s = settings(server);
    s.directTls = directTls;
    s.pinnedSha256 = pin;
    Client client(s);

    client.connect();
    QVERIFY(client.waitUntilClosed());
    QCOMPARE(client.account()->state(), Account::State::Error);
    QCOMPARE(client.errors.size(), 1);
    const ConnectionError error = client.errors.first();
    QCOMPARE(error.kind, kind);
    if (!condition.isEmpty())
        QCOMPARE(error.condition, condition);
    QCOMPARE(client.account()->lastError().kind, kind);
    // A clear message for the user.
    QVERIFY(!error.message().isEmpty());
    if (!error.text.isEmpty())
        QVERIFY2(error.message().contains(error.text), qPrintable(error.message()));
    if (kind == Kind::CertificateUntrusted) {
        QCOMPARE(error.certificate.sha256, behaviour.identity.sha256());
        QVERIFY(error.message().contains(error.certificate.fingerprint()));
        QVERIFY(!error.certificate.problems.isEmpty());
    }
    QCOMPARE(server.connectionCount(), connections);
    QCOMPARE(client.connects, 0);

    // Nothing forbidden left the client, on any connection; never the password.
    for (int i = 0; i < server.connectionCount(); ++i) {
        const QList<XmlElement> sent = server.received(i);
        qsizetype count = 0;
        for (const XmlElement &e : sent) {
            QVERIFY2(!forbidden.contains(e.name()), qPrintable(e.toString()));
            // The client's own <stream:error/> telling the server why does not count.
            count += e.namespaceUri() == ns::Stream ? 0 : 1;
        }
        if (maxSent >= 0)
            QVERIFY2(count <= maxSent, qPrintable(QString::number(count)));
        const QByteArray raw = server.receivedBytes(i);
        QVERIFY(!raw.contains(Password.toUtf8()));
        QVERIFY(
            !raw.contains(QByteArray('\0' + User.toUtf8() + '\0' + Password.toUtf8()).toBase64()));
        if (forbidden.contains(u"auth"_s))
            QVERIFY2(!raw.contains("auth"), raw.constData());
    }
    // Nothing of the hostile input reached the user.
    QVERIFY(client.messages.isEmpty());
    QVERIFY(!client.visibleAndStored().contains(Marker));

    // The same client still works with the same server behaving well.
    Behaviour well = good();
    well.directTls = directTls;
    well.downgradeProtection = behaviour.downgradeProtection;
    if (!pin.isEmpty())
        well.identity = m_certs.valid;
    recover(server, client, well);
    QVERIFY(!client.visibleAndStored().contains(Marker));
}

// --- downgrade protection ----------------------------------------------------------------

void HostileServerTest::refusesMechanismDowngrade_data()
{
    QTest::addColumn<QStringList>("first");
    QTest::addColumn<QString>("used");
    QTest::addColumn<QStringList>("later");

    QTest::newRow("SCRAM-SHA-256, then PLAIN only")
        << QStringList{u"SCRAM-SHA-256"_s, u"SCRAM-SHA-1"_s, u"PLAIN"_s} << u"SCRAM-SHA-256"_s
        << QStringList{u"PLAIN"_s};
    QTest::newRow("SCRAM-SHA-256, then SCRAM-SHA-1 only")
        << QStringList{u"SCRAM-SHA-256"_s, u"SCRAM-SHA-1"_s} << u"SCRAM-SHA-256"_s
        << QStringList{u"SCRAM-SHA-1"_s, u"PLAIN"_s};
    QTest::newRow("SCRAM-SHA-1, then PLAIN only")
        << QStringList{u"SCRAM-SHA-1"_s, u"PLAIN"_s} << u"SCRAM-SHA-1"_s << QStringList{u"PLAIN"_s};
}

void HostileServerTest::refusesMechanismDowngrade()
{
    QFETCH(QStringList, first);
    QFETCH(QString, used);
    QFETCH(QStringList, later);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    Behaviour b = good();
    b.mechanisms = first;
    server.setBehaviour(b);
    Client client(settings(server));
    startSession(server, client);
    const QString mechanism = client.account()->session().mechanism;
    QCOMPARE(mechanism, used);
    client.account()->disconnectFromServer();
    QTRY_COMPARE(client.account()->state(), Account::State::Offline);

    // What the app stores after the first login: the strongest mechanism used.
    ConnectionSettings s = client.account()->settings();
    s.minimumMechanism = mechanism;
    client.account()->setSettings(s);
    b.mechanisms = later;
    server.setBehaviour(b);
    client.errors.clear();
    client.connect();
    QVERIFY(client.waitUntilClosed());
    QCOMPARE(client.account()->state(), Account::State::Error);
    const ConnectionError error = client.errors.first();
    QCOMPARE(error.kind, Kind::NoSuitableMechanism);
    QCOMPARE(error.condition, u"downgrade"_s);
    QVERIFY(error.message().contains(mechanism));
    QCOMPARE(server.connectionCount(), 2);
    const QByteArray raw = server.receivedBytes(1);
    QVERIFY2(!raw.contains("auth"), raw.constData());
    QVERIFY(!raw.contains(Password.toUtf8()));

    // The server offering the strong mechanism again: fine.
    b.mechanisms = first;
    recover(server, client, b);
}

// --- the certificate on every connect, resumption included ------------------------------

void HostileServerTest::certificateCheckedOnReconnect_data()
{
    QTest::addColumn<HostileServer::Identity>("identity");
    QTest::addColumn<QByteArray>("pin");

    QTest::newRow("self-signed") << m_certs.selfSigned << QByteArray();
    QTest::newRow("wrong name") << m_certs.wrongName << QByteArray();
    QTest::newRow("expired") << m_certs.expired << QByteArray();
    QTest::newRow("pinned, changed to another CA-valid certificate")
        << m_certs.validOther << m_certs.valid.sha256();
}

void HostileServerTest::certificateCheckedOnReconnect()
{
    QFETCH(HostileServer::Identity, identity);
    QFETCH(QByteArray, pin);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    Behaviour b = good();
    b.offerStreamManagement = true;
    server.setBehaviour(b);
    ConnectionSettings s = settings(server);
    s.pinnedSha256 = pin;
    Client client(s);
    client.account()->setAutoReconnect(true);
    startSession(server, client);
    QVERIFY(client.account()->isStreamManagementEnabled());
    QVERIFY(client.account()->transport()->canResumeSession());

    // The connection drops; the next one (which would resume) meets another certificate.
    b.identity = identity;
    server.setBehaviour(b);
    server.abortConnection();
    QTRY_COMPARE(client.account()->state(), Account::State::Reconnecting);
    client.account()->reconnectNow();
    QTRY_VERIFY_WITH_TIMEOUT(client.account()->state() == Account::State::Error, LoginTimeoutMs);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(client.errors.size(), 1);
    QCOMPARE(client.errors.first().kind, Kind::CertificateUntrusted);
    QCOMPARE(client.errors.first().certificate.sha256, identity.sha256());
    const QByteArray raw = server.receivedBytes(1);
    QVERIFY2(!raw.contains("resume"), raw.constData());
    QVERIFY2(!raw.contains("auth"), raw.constData());
    QCOMPARE(server.countReceived(ns::StreamManagement, u"resume"), 0);
}

// --- input that ends an established stream ----------------------------------------------

void HostileServerTest::endsStreamOnHostileInput_data()
{
    QTest::addColumn<QByteArray>("hostile");
    QTest::addColumn<bool>("streamManagement");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("condition");

    const QByteArray marker = Marker.toUtf8();
    const QByteArray open = "<message from='friend@hostile.test/phone' type='chat' id='x'><body>";
    QTest::newRow("invalid UTF-8") << open + marker + " \xC3\x28</body></message>" << false
                                   << Kind::ProtocolViolation << u"not-well-formed"_s;
    QTest::newRow("invalid UTF-8: overlong '/'")
        << open + marker + " \xC0\xAF</body></message>" << false << Kind::ProtocolViolation
        << u"not-well-formed"_s;
    QTest::newRow("invalid UTF-8: surrogate")
        << open + marker + " \xED\xA0\x80</body></message>" << false << Kind::ProtocolViolation
        << u"not-well-formed"_s;
    QTest::newRow("invalid UTF-8: above U+10FFFF")
        << open + marker + " \xF4\x90\x80\x80</body></message>" << false << Kind::ProtocolViolation
        << u"not-well-formed"_s;
    QTest::newRow("NUL byte") << open + marker + QByteArray(" \0 ", 3) + "</body></message>"
                              << false << Kind::ProtocolViolation << u"not-well-formed"_s;
    QByteArray deep = open + marker + "</body>";
    for (int i = 0; i < 100'000; ++i)
        deep += "<a>";
    QTest::newRow("100,000-deep nesting")
        << deep << false << Kind::ProtocolViolation << u"policy-violation"_s;
    QByteArray attributes = "<message from='friend@hostile.test/phone' type='chat'";
    for (int i = 0; i < 1000; ++i)
        attributes += " a" + QByteArray::number(i) + "='x'";
    QTest::newRow("1,000 attributes") << attributes + "><body>" + marker + "</body></message>"
                                      << false << Kind::ProtocolViolation << u"policy-violation"_s;
    QTest::newRow("DOCTYPE inside the stream")
        << "<!DOCTYPE message [<!ENTITY x '" + marker + "'>]>" + open + "&x;</body></message>"
        << false << Kind::ProtocolViolation << u"restricted-xml"_s;
    QTest::newRow("billion laughs inside the stream")
        << billionLaughs("message") + open + "&lol9;</body></message>" << false
        << Kind::ProtocolViolation << u"restricted-xml"_s;
    QTest::newRow("undeclared entity") << open + marker + "&lol9;</body></message>" << false
                                       << Kind::ProtocolViolation << u"not-well-formed"_s;
    QTest::newRow("processing instruction")
        << "<?evil " + marker + "?>" + open + marker + "</body></message>" << false
        << Kind::ProtocolViolation << u"restricted-xml"_s;
    QTest::newRow("comment") << open + "<!-- -->" + marker + "</body></message>" << false
                             << Kind::ProtocolViolation << u"restricted-xml"_s;
    QTest::newRow("text outside any stanza")
        << marker << false << Kind::ProtocolViolation << u"bad-format"_s;
    QTest::newRow("<a h> higher than what was sent")
        << QByteArray("<a xmlns='urn:xmpp:sm:3' h='1000000'/>") << true << Kind::ProtocolViolation
        << u"undefined-condition"_s;
    QTest::newRow("<a h> not a number") << QByteArray("<a xmlns='urn:xmpp:sm:3' h='-1'/>") << true
                                        << Kind::ProtocolViolation << u"bad-format"_s;
    QTest::newRow("see-other-host once established (not followed)")
        << seeOtherHost("127.0.0.1:1") << false << Kind::StreamError << u"see-other-host"_s;
}

void HostileServerTest::endsStreamOnHostileInput()
{
    QFETCH(QByteArray, hostile);
    QFETCH(bool, streamManagement);
    QFETCH(Kind, kind);
    QFETCH(QString, condition);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    Behaviour b = good();
    b.offerStreamManagement = streamManagement;
    server.setBehaviour(b);
    Client client(settings(server));
    startSession(server, client);
    QCOMPARE(client.account()->isStreamManagementEnabled(), streamManagement);

    // The hostile input, and behind it a message that must not be processed any more.
    server.sendRaw(hostile + chat(Friend, u"after"_s));
    QVERIFY(client.waitUntilClosed());
    QCOMPARE(client.account()->state(), Account::State::Error);
    const ConnectionError error = client.errors.first();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.condition, condition);
    QVERIFY(!error.message().isEmpty());
    if (!error.text.isEmpty())
        QVERIFY2(error.message().contains(error.text), qPrintable(error.message()));
    if (kind == Kind::ProtocolViolation) {
        // The client told the server why (RFC 6120 §4.9).
        QTRY_VERIFY(server.receivedBytes().contains(condition.toUtf8()));
    }
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(client.hasBody(u"before"_s));
    QVERIFY(!client.hasBody(u"after"_s));
    QVERIFY(!client.visibleAndStored().contains(Marker));
}

// --- a 100 MB stanza ---------------------------------------------------------------------

void HostileServerTest::hugeStanzaIsCutOff_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<char>("filler");
    QTest::addColumn<QString>("condition");

    QTest::newRow("in a message body")
        << QByteArray("<message from='friend@hostile.test/phone' type='chat'><body>") << 'A'
        << u"policy-violation"_s;
    QTest::newRow("in an attribute value")
        << QByteArray("<message from='friend@hostile.test/phone' type='chat' x='") << 'A'
        << u"policy-violation"_s;
    QTest::newRow("in an element name") << QByteArray("<message") << 'A' << u"policy-violation"_s;
    QTest::newRow("whitespace between stanzas") << QByteArray() << ' ' << u"policy-violation"_s;
}

void HostileServerTest::hugeStanzaIsCutOff()
{
    QFETCH(QByteArray, head);
    QFETCH(char, filler);
    QFETCH(QString, condition);
    constexpr qint64 Total = 100 * 1024 * 1024;

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    Client client(settings(server));
    startSession(server, client);

    QElapsedTimer timer;
    timer.start();
    server.streamBytes(head, Total, filler);
    QVERIFY(client.waitUntilClosed(60'000));
    QTRY_VERIFY(!server.isStreaming());
    const ConnectionError error = client.errors.first();
    qInfo("cut off after %lld bytes written by the server (%lld ms)", server.bytesStreamed(),
          timer.elapsed());
    QCOMPARE(error.kind, Kind::ProtocolViolation);
    QCOMPARE(error.condition, condition);
    QVERIFY(!error.message().isEmpty());
    // The client stopped reading after about the 4 MiB limit; what the server could write beyond
    // that sat in the kernel's socket buffers, not in the client.
    QVERIFY2(server.bytesStreamed() < 16 * 1024 * 1024,
             qPrintable(QString::number(server.bytesStreamed())));
    QCOMPARE(client.messages.size(), 1);
}

// --- input that is dropped while the session goes on -------------------------------------

void HostileServerTest::rosterPushOnlyFromOwnAccount_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("no from (accepted)") << QString() << true;
    QTest::newRow("own bare JID (accepted)") << u"user@hostile.test"_s << true;
    QTest::newRow("a stranger") << u"mallory@evil.test"_s << false;
    QTest::newRow("a contact") << u"friend@hostile.test"_s << false;
    QTest::newRow("our own server") << Domain << false;
    QTest::newRow("our own other resource") << u"user@hostile.test/other"_s << false;
    QTest::newRow("own JID with different case in the domain (accepted)")
        << u"user@HOSTILE.test"_s << true;
}

void HostileServerTest::rosterPushOnlyFromOwnAccount()
{
    QFETCH(QString, from);
    QFETCH(bool, accepted);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    QList<XmlElement> answers;
    server.setStanzaHandler([&answers](HostileServer &, const XmlElement &stanza) {
        if (stanza.attribute(u"id") == u"push1")
            answers.append(stanza);
        return false;
    });
    Client client(settings(server));
    startSession(server, client);

    const QString pushed = u"pushed-"_s + Marker.toLower() + u"@hostile.test"_s;
    QByteArray push = "<iq type='set' id='push1'";
    if (!from.isEmpty())
        push += " from='" + from.toUtf8() + "'";
    push += "><query xmlns='jabber:iq:roster'><item jid='" + pushed.toUtf8() + "' name='" +
            Marker.toUtf8() + "' subscription='both'/></query></iq>";
    server.sendRaw(push + chat(Friend, u"canary"_s));
    QVERIFY(client.waitForBody(u"canary"_s));
    QTRY_COMPARE(answers.size(), 1);
    QVERIFY(client.account()->isOnline());

    const RosterExtension *roster = client.extensions().roster;
    if (accepted) {
        QCOMPARE(answers.first().attribute(u"type"), u"result"_s);
        QVERIFY(roster->contains(Jid::fromString(pushed)));
        QCOMPARE(client.rosterAdded, QStringList{pushed});
    } else {
        QCOMPARE(answers.first().attribute(u"type"), u"error"_s);
        QVERIFY(!roster->contains(Jid::fromString(pushed)));
        QVERIFY(client.rosterAdded.isEmpty());
        QVERIFY(!client.visibleAndStored().contains(Marker, Qt::CaseInsensitive));
    }
}

void HostileServerTest::foreignCarbonIsNotShown_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("direction");

    for (const char *direction : {"received", "sent"}) {
        const QString d = QString::fromLatin1(direction);
        QTest::addRow("%s from a stranger", direction) << u"mallory@evil.test/x"_s << d;
        QTest::addRow("%s from a contact", direction) << u"friend@hostile.test/phone"_s << d;
        QTest::addRow("%s from our own server", direction) << Domain << d;
        QTest::addRow("%s from our own other resource", direction)
            << u"user@hostile.test/other"_s << d;
    }
}

void HostileServerTest::foreignCarbonIsNotShown()
{
    QFETCH(QString, from);
    QFETCH(QString, direction);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    Client client(settings(server));
    startSession(server, client);

    // XEP-0280: a carbon is only valid from our own bare JID. This one claims that "boss" wrote
    // (or that we wrote to them) something the user would take seriously.
    const QByteArray forged =
        "<message from='" + from.toUtf8() + "' to='" + server.boundJid().toUtf8() +
        "' type='chat'><" + direction.toUtf8() +
        " xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
        "<message xmlns='jabber:client' from='boss@hostile.test/desk' to='user@hostile.test' "
        "type='chat' id='forged'><body>" +
        Marker.toUtf8() + "</body></message></forwarded></" + direction.toUtf8() + "></message>";
    server.sendRaw(forged + chat(Friend, u"canary"_s));
    QVERIFY(client.waitForBody(u"canary"_s));
    QVERIFY(client.account()->isOnline());
    for (const Message &m : std::as_const(client.messages)) {
        QVERIFY2(!m.from().bareEquals(Jid::fromString(u"boss@hostile.test"_s)),
                 qPrintable(m.element().toString()));
        QVERIFY(!m.body().contains(Marker));
    }
    const QString shown = client.visibleAndStored();
    QVERIFY2(!shown.contains(Marker), qPrintable(shown));
    QVERIFY2(!shown.contains(u"boss@"_s), qPrintable(shown));
}

void HostileServerTest::iqResultOnlyFromAddressee_data()
{
    QTest::addColumn<QString>("to");          // empty: our own account
    QTest::addColumn<QStringList>("forgers"); // answer first; "" = no 'from'
    QTest::addColumn<QString>("realFrom");    // "-": no real answer comes (timeout)
    QTest::addColumn<bool>("resolved");       // false: Timeout expected

    const QString service = u"pubsub.hostile.test"_s;
    QTest::newRow("a stranger, then the service")
        << service << QStringList{u"mallory@evil.test/x"_s} << service << true;
    QTest::newRow("our server, then the service")
        << service << QStringList{Domain} << service << true;
    QTest::newRow("no from, then the service")
        << service << QStringList{QString()} << service << true;
    QTest::newRow("our own JIDs, then the service")
        << service << QStringList{u"user@hostile.test"_s, u"user@hostile.test/natter"_s} << service
        << true;
    QTest::newRow("the service's own other resource, then the service")
        << service << QStringList{service + u"/x"_s} << service << true;
    QTest::newRow("a stranger only (timeout)")
        << service << QStringList{u"mallory@evil.test"_s} << u"-"_s << false;
    QTest::newRow("full JID asked, bare JID answers, then the full JID")
        << Friend << QStringList{u"friend@hostile.test"_s, u"friend@hostile.test/laptop"_s}
        << Friend << true;
    QTest::newRow("own account asked, a stranger answers, then our server")
        << QString() << QStringList{u"mallory@evil.test"_s} << QString() << true;
    QTest::newRow("own account asked, a contact only (timeout)")
        << QString() << QStringList{u"friend@hostile.test"_s, u"user@evil.test"_s} << u"-"_s
        << false;
}

void HostileServerTest::iqResultOnlyFromAddressee()
{
    QFETCH(QString, to);
    QFETCH(QStringList, forgers);
    QFETCH(QString, realFrom);
    QFETCH(bool, resolved);

    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    server.setStanzaHandler([&](HostileServer &srv, const XmlElement &stanza) {
        const XmlElement query = stanza.firstChild(ns::DiscoInfo, u"query");
        if (query.attribute(u"node") != u"hostile-test")
            return false;
        const QByteArray id = stanza.attribute(u"id").toUtf8();
        const auto result = [&](const QString &from, const QByteArray &category) {
            QByteArray iq =
                "<iq type='result' id='" + id + "' to='" + srv.boundJid().toUtf8() + "'";
            if (!from.isEmpty())
                iq += " from='" + from.toUtf8() + "'";
            return iq +
                   "><query xmlns='http://jabber.org/protocol/disco#info' node='hostile-test'>"
                   "<identity category='" +
                   category + "' type='x'/></query></iq>";
        };
        QByteArray out;
        for (const QString &forger : std::as_const(forgers))
            out += result(forger, Marker.toUtf8());
        if (realFrom != u"-")
            out += result(realFrom, "real");
        srv.sendRaw(out);
        return true;
    });
    Client client(settings(server));
    startSession(server, client);

    XmlElement query(ns::DiscoInfo, u"query"_s);
    query.setAttribute(u"node"_s, u"hostile-test"_s);
    Iq request(Iq::Type::Get, query);
    if (!to.isEmpty())
        request.setTo(Jid::fromString(to));
    QList<IqResult> results;
    QObject context;
    client.account()->request(
        request, &context, [&results](const IqResult &r) { results.append(r); },
        std::chrono::milliseconds(resolved ? 10'000 : 1'500));
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 15'000);
    const IqResult result = results.first();
    if (resolved) {
        QCOMPARE(result.status, IqResult::Status::Result);
        const XmlElement identity = result.payload().firstChild(ns::DiscoInfo, u"identity");
        QCOMPARE(identity.attribute(u"category"), u"real"_s);
        QCOMPARE(result.response.element().attribute(u"from"), realFrom);
    } else {
        QCOMPARE(result.status, IqResult::Status::Timeout);
    }
    // Exactly once, and the session goes on.
    server.sendMessage(Friend, u"canary"_s);
    QVERIFY(client.waitForBody(u"canary"_s));
    QCOMPARE(results.size(), 1);
    QVERIFY(client.account()->isOnline());
}

// --- a presence flood --------------------------------------------------------------------

void HostileServerTest::presenceFloodKeepsLoopResponsive()
{
    constexpr int Count = 50'000;
    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    Client client(settings(server));
    startSession(server, client);

    QByteArray flood;
    flood.reserve(Count * 160);
    for (int i = 0; i < Count; ++i) {
        flood += "<presence from='contact" + QByteArray::number(i % 500) + "@hostile.test/r' to='" +
                 server.boundJid().toUtf8() + "'><status>flood " + QByteArray::number(i) +
                 "</status></presence>";
    }
    // Stanzas are processed in order: the message behind the flood arrives last.
    flood += chat(Friend, u"canary"_s);

    qint64 longestGap = 0;
    qint64 iterations = 0;
    QElapsedTimer sinceLast;
    QTimer probe;
    probe.setInterval(0);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        longestGap = std::max(longestGap, sinceLast.restart());
        ++iterations;
    });
    // A plain event loop, as in the application (QTest::qWaitFor sleeps between its rounds).
    QEventLoop loop;
    QObject::connect(client.extensions().messages, &MessageExtension::messageReceived, &loop,
                     [&loop](const Message &m) {
                         if (m.body() == u"canary")
                             loop.quit();
                     });
    QTimer::singleShot(120'000, &loop, &QEventLoop::quit);
    QElapsedTimer total;
    total.start();
    sinceLast.start();
    probe.start();
    server.sendPaced(flood);
    loop.exec();
    probe.stop();
    QVERIFY(client.hasBody(u"canary"_s));
    qInfo("presence flood: %d presences (%lld bytes) handled in %lld ms; longest event-loop gap "
          "%lld ms over %lld iterations",
          Count, qint64(flood.size()), total.elapsed(), longestGap, iterations);
    QVERIFY(client.account()->isOnline());
    QCOMPARE(client.presences, Count);
}

void HostileServerTest::unansweredAckRequestCountsOnlySilence()
{
    // Found by the kill -9 test under AddressSanitizer: a busy client took longer than the ack
    // timeout to read its way through a flood to the server's <a/>, and dropped a live
    // connection. Anything received proves the server alive; only silence counts.
    HostileServer server(User, Password);
    QVERIFY(server.listen());
    Behaviour b = good();
    b.offerStreamManagement = true;
    b.answerAckRequests = false;
    server.setBehaviour(b);
    Client client(settings(server));
    auto *stream = qobject_cast<ClientStream *>(client.account()->transport());
    QVERIFY(stream);
    stream->setAckTimeout(std::chrono::milliseconds(400));
    startSession(server, client);
    QVERIFY(client.account()->isStreamManagementEnabled());

    Message ours;
    ours.setTo(Jid::fromString(u"romeo@montague.lit"_s));
    ours.setType(Message::Type::Chat);
    ours.setBody(u"are you there?"_s);
    QVERIFY(client.account()->send(ours)); // asks for an acknowledgement that never comes
    for (int i = 0; i < 12; ++i) {
        server.sendMessage(u"romeo@montague.lit/home"_s, u"still here %1"_s.arg(i));
        QTest::qWait(100);
        QVERIFY2(client.account()->isOnline(), qPrintable(u"dropped after %1 ms"_s.arg(i * 100)));
    }
    // Then silence: gone within the timeout.
    QTRY_VERIFY_WITH_TIMEOUT(!client.account()->isOnline(), 3000);
    QCOMPARE(client.account()->lastError().kind, ConnectionError::Kind::ConnectionLost);
}

void HostileServerTest::ackRequestAnswerCoversWhatCameMeanwhile()
{
    // <r/> is answered ClientStream::AckAnswerDelay later, after Account::acknowledging() (the
    // message store commits there): a message the server sends right behind its <r/> is in
    // that answer's count. Answered at once, the count would leave it out.
    HostileServer server(User, Password);
    QVERIFY(server.listen());
    Behaviour b = good();
    b.offerStreamManagement = true;
    server.setBehaviour(b);
    Client client(settings(server));
    startSession(server, client);
    QVERIFY(client.account()->isStreamManagementEnabled());
    QSignalSpy acknowledging(client.account(), &Account::acknowledging);

    const auto answers = [&server] {
        QList<quint32> h;
        for (const XmlElement &e : server.received())
            if (e.is(ns::StreamManagement, u"a"))
                h.append(e.attribute(u"h").toUInt());
        return h;
    };
    const qsizetype before = answers().size();
    server.sendRaw("<r xmlns='urn:xmpp:sm:3'/>");
    QTRY_COMPARE(answers().size(), before + 1);
    QCOMPARE(acknowledging.size(), 1);
    const quint32 h = answers().constLast();

    server.sendRaw("<r xmlns='urn:xmpp:sm:3'/><message from='romeo@montague.lit/home' "
                   "type='chat' id='behind'><body>right behind</body></message>");
    QVERIFY(client.waitForBody(u"right behind"_s));
    QTRY_COMPARE(answers().size(), before + 2);
    QCOMPARE(answers().constLast(), h + 1);
    QCOMPARE(acknowledging.size(), 2);
}

void HostileServerTest::stanzasAreReadInBatches()
{
    // ClientStream::ReadBatchInterval (here stretched to 500 ms): once the session is
    // established, stanzas arriving within the interval of the last batch are handled together
    // at its end; one after a quiet moment at once.
    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    Client client(settings(server));
    startSessionReadingBatches(server, client, std::chrono::milliseconds(500));
    if (QTest::currentTestFailed())
        return;

    // Which turn of the event loop each message was handled in.
    const LoopTurns turns;
    QHash<QString, int> handledIn;
    QObject::connect(client.extensions().messages, &MessageExtension::messageReceived,
                     client.account(),
                     [&](const Message &m) { handledIn.insert(m.body(), turns.current()); });

    QTest::qWait(600); // quiet
    server.sendMessage(Friend, u"after a pause"_s);
    QVERIFY(client.waitForBody(u"after a pause"_s, 400)); // not held for the interval
    server.sendMessage(Friend, u"second"_s);
    QTest::qWait(50); // "second" has arrived meanwhile, many turns ago
    QVERIFY(!client.hasBody(u"second"_s));
    server.sendMessage(Friend, u"third"_s);
    QVERIFY(client.waitForBody(u"third"_s, 5000));
    QVERIFY(client.hasBody(u"second"_s));
    QCOMPARE(handledIn.value(u"second"_s), handledIn.value(u"third"_s));
    QVERIFY(handledIn.value(u"second"_s) > handledIn.value(u"after a pause"_s));
}

void HostileServerTest::batchesStretchWhileStanzasKeepComing()
{
    // The batch interval (here from 200 ms) doubles with each batch that data kept coming for,
    // up to the longest (1,600 ms), and starts again after a quiet interval.
    using namespace std::chrono_literals;
    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    Client client(settings(server));
    startSessionReadingBatches(server, client, 200ms, 1600ms);
    if (QTest::currentTestFailed())
        return;

    const LoopTurns turns;
    QElapsedTimer clock;
    clock.start();
    QList<std::pair<int, qint64>> batches; // turn, time handled
    QObject::connect(client.extensions().messages, &MessageExtension::messageReceived,
                     client.account(), [&](const Message &) {
                         const int turn = turns.current();
                         if (batches.isEmpty() || batches.constLast().first != turn)
                             batches.append({turn, clock.elapsed()});
                     });

    QTest::qWait(1700); // quiet
    // A message every 25 ms for 3 s: 20 ms batches would read it in 15 batches or more.
    constexpr int Flood = 120;
    int sent = 0;
    QTimer sender;
    sender.setInterval(25);
    QObject::connect(&sender, &QTimer::timeout, &sender, [&] {
        server.sendMessage(Friend, u"flood %1"_s.arg(sent));
        if (++sent == Flood)
            sender.stop();
    });
    sender.start();
    QVERIFY(client.waitForBody(u"flood %1"_s.arg(Flood - 1), 15'000));
    QList<qint64> gaps;
    for (qsizetype i = 1; i < batches.size(); ++i)
        gaps.append(batches.at(i).second - batches.at(i - 1).second);
    qInfo() << "batches" << batches.size() << "gaps (ms)" << gaps;
    QVERIFY(batches.size() >= 3);
    QVERIFY(batches.size() <= 8); // 200 + 400 + 800 + 1,600 ...: about 6
    QVERIFY(gaps.constFirst() < 600);
    QVERIFY(*std::max_element(gaps.cbegin(), gaps.cend()) >= 1200);

    // Quiet again: the next message at once, and the interval is back at its start.
    QTest::qWait(1700);
    server.sendMessage(Friend, u"after the flood"_s);
    QVERIFY(client.waitForBody(u"after the flood"_s, 400));
    QElapsedTimer held;
    held.start();
    server.sendMessage(Friend, u"held"_s);
    QTest::qWait(50);
    QVERIFY(!client.hasBody(u"held"_s));
    QVERIFY(client.waitForBody(u"held"_s, 3000));
    QVERIFY2(held.elapsed() < 1000, qPrintable(QString::number(held.elapsed())));
}

void HostileServerTest::bytesWaitInTheKernelWhileABatchWaits()
{
    // While a batch waits, the client does not read its socket: the server's writes (a TCP
    // segment each, milliseconds apart) stay in the kernel instead of waking the client once
    // each, and are handled together when the batch is due.
    using namespace std::chrono_literals;
    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    Client client(settings(server));
    startSessionReadingBatches(server, client, 500ms);
    if (QTest::currentTestFailed())
        return;
    auto *socket = client.account()->transport()->findChild<QSslSocket *>();
    QVERIFY(socket);
    // The turns of the event loop in which the socket announced data (Qt announces each TLS
    // record it decrypts, so several in one turn are one read).
    const LoopTurns turns;
    QSet<int> readTurns;
    QObject::connect(socket, &QSslSocket::readyRead, socket,
                     [&readTurns, &turns] { readTurns.insert(turns.current()); });

    QTest::qWait(600); // quiet
    server.sendMessage(Friend, u"opens the interval"_s);
    QVERIFY(client.waitForBody(u"opens the interval"_s, 400));
    readTurns.clear();
    constexpr int Writes = 20;
    for (int i = 0; i < Writes; ++i) {
        server.sendMessage(Friend, u"write %1"_s.arg(i));
        QTest::qWait(10);
    }
    QVERIFY(!client.hasBody(u"write 0"_s));
    QVERIFY(client.waitForBody(u"write %1"_s.arg(Writes - 1), 3000));
    for (int i = 0; i < Writes; ++i)
        QVERIFY(client.hasBody(u"write %1"_s.arg(i)));
    // The first write, then the backlog when the batch is due: 20 or more without the hold.
    QVERIFY2(readTurns.size() <= 4, qPrintable(QString::number(readTurns.size())));
}

void HostileServerTest::lastWordsBeforeCloseAreRead()
{
    // The server's stream error, written right before it closes the connection while the client
    // holds what arrives for its read batch, is read before the connection counts as lost.
    HostileServer server(User, Password);
    QVERIFY(server.listen());
    server.setBehaviour(good());
    Client client(settings(server));
    startSessionReadingBatches(server, client, std::chrono::milliseconds(2000));
    if (QTest::currentTestFailed())
        return;
    QTest::qWait(2100); // quiet: the message below starts a batch interval
    server.sendMessage(Friend, u"last message"_s);
    QVERIFY(client.waitForBody(u"last message"_s, 1000));
    server.sendRaw("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                   "</stream:error></stream:stream>");
    server.closeConnection();
    QVERIFY(client.waitUntilClosed(1500)); // within the batch interval
    QCOMPARE(client.errors.constLast().kind, ConnectionError::Kind::StreamError);
    QCOMPARE(client.errors.constLast().condition, u"conflict"_s);
}

QTEST_GUILESS_MAIN(HostileServerTest)
#include "tst_hostileserver.moc"
