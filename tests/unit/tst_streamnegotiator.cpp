// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"
#include "stream/ConnectionError.h"
#include "stream/StreamManagement.h"
#include "stream/StreamNegotiator.h"
#include "stream/sasl/SaslMechanism.h"
#include "stream/sasl/ScramMechanism.h"
#include "xml/Namespaces.h"
#include "xml/StreamParser.h"
#include "xml/XmlElement.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using namespace Qt::StringLiterals;

namespace natter {

char *toString(const XmlElement &element)
{
    return qstrdup(element.isNull() ? "(null)" : element.toXml().constData());
}

char *toString(ConnectionError::Kind kind)
{
    return qstrdup(ConnectionError::kindName(kind).toUtf8().constData());
}

} // namespace natter

using namespace natter;

using Action = StreamNegotiator::Action;
using Actions = StreamNegotiator::Actions;
using Type = StreamNegotiator::Action::Type;
using Kind = ConnectionError::Kind;
using Phase = StanzaTransport::Phase;

namespace {

// RFC 5802 §5: the SCRAM-SHA-1 example (user "user", password "pencil"), base64 as in <auth/>,
// <challenge/> and <response/>.
const QByteArray Rfc5802ClientNonce = QByteArrayLiteral("fyko+d2lbbFgONRv9qkxdawL");
// n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL
const QString Rfc5802ClientFirst = u"biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM"_s;
// r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096
const QString Rfc5802ServerFirst = u"cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2os"
                                   u"cz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng=="_s;
// c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=
const QString Rfc5802ClientFinal = u"Yz1iaXdzLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdMM3JmY05IWUpZMVpW"
                                   u"dldWczdqLHA9djBYOHYzQnoyVDBDSkdiSlF5RjBYK0hJNFRzPQ=="_s;
// v=rmF9pqV8S7suAoZWja4dJRkFsKQ=
const QString Rfc5802ServerFinal = u"dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9"_s;
// v=AAAAAAAAAAAAAAAAAAAAAAAAAAA= (a server signature of the right length, but wrong)
const QString WrongServerFinal = u"dj1BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE9"_s;

const QString DefaultHeaderAttributes =
    u"xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.com' "
    u"id='s1' version='1.0' xml:lang='en'"_s;

const QString TlsFeatures =
    u"<features xmlns='http://etherx.jabber.org/streams'>"
    u"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
    u"<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
    u"</mechanisms></features>"_s;
const QString Proceed = u"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"_s;
const QString Success = u"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"_s;
const QString BindFeature = u"<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"_s;
const QString SmFeature = u"<sm xmlns='urn:xmpp:sm:3'/>"_s;
const QString BoundJid = u"user@example.com/desk"_s;

// A top-level element as the real parser delivers it inside a jabber:client stream.
XmlElement xml(const QString &text)
{
    const XmlElement element = FakeTransport::parse(text);
    if (element.isNull())
        qFatal("test data is not one well-formed element: %s", qPrintable(text));
    return element;
}

// The server's <stream:stream> header as the real parser delivers it.
XmlElement serverHeader(const QString &attributes = DefaultHeaderAttributes)
{
    StreamParser parser;
    parser.feed(u"<?xml version='1.0'?><stream:stream %1>"_s.arg(attributes).toUtf8());
    const StreamParser::Event event = parser.next();
    if (event.type != StreamParser::EventType::StreamOpened)
        qFatal("test header is not a stream header: %s", qPrintable(attributes));
    return event.element;
}

QString features(const QString &children)
{
    return u"<features xmlns='http://etherx.jabber.org/streams'>"_s + children + u"</features>"_s;
}

QString mechanisms(const QStringList &names)
{
    QString text = u"<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"_s;
    for (const QString &name : names)
        text += u"<mechanism>"_s + name + u"</mechanism>"_s;
    return features(text + u"</mechanisms>"_s);
}

QString bindResult(const QString &id, const QString &jid)
{
    return u"<iq type='result' id='%1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
           u"<jid>%2</jid></bind></iq>"_s.arg(id, jid);
}

QString bindError(const QString &id, const QString &condition)
{
    return u"<iq type='error' id='%1'><error type='cancel'><%2 "
           u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(id, condition);
}

ConnectionSettings defaultSettings()
{
    ConnectionSettings settings;
    settings.jid = Jid::fromString(u"user@example.com/desk");
    settings.password = u"pencil"_s;
    return settings;
}

// One line per action, e.g. "send starttls", "fail tls-not-offered", "fail bind-failed conflict".
QString describe(const Actions &actions)
{
    QStringList lines;
    for (const Action &action : actions) {
        switch (action.type) {
        case Type::Send:
            lines.append(u"send "_s + action.element.name());
            break;
        case Type::StartTls:
            lines.append(u"start-tls"_s);
            break;
        case Type::RestartStream:
            lines.append(u"restart"_s);
            break;
        case Type::Established:
            lines.append(u"established"_s);
            break;
        case Type::Resumed:
            lines.append(u"resumed %1"_s.arg(action.handled));
            break;
        case Type::Deliver:
            lines.append(u"deliver "_s + action.element.name());
            break;
        case Type::Fail: {
            QString line = u"fail "_s + ConnectionError::kindName(action.error.kind);
            if (!action.error.condition.isEmpty())
                line += u' ' + action.error.condition;
            lines.append(line);
            break;
        }
        }
    }
    return lines.join(u"; "_s);
}

// For the helpers that drive a negotiation to a step: true if the actions are the expected ones.
bool expect(const Actions &actions, const QString &expected)
{
    const QString got = describe(actions);
    if (got == expected)
        return true;
    qWarning("expected \"%s\", got \"%s\"", qPrintable(expected), qPrintable(got));
    return false;
}

// A negotiator with deterministic iq ids ("id1", "id2", …) and a record of the SASL mechanisms
// it asked for.
struct Harness
{
    explicit Harness(const ConnectionSettings &settings = defaultSettings(),
                     StreamManagement *sm = nullptr)
        : negotiator(settings, sm)
    {
        negotiator.setIdGenerator([this] { return u"id%1"_s.arg(++lastId); });
        negotiator.setMechanismFactory([this, settings](const QString &name) {
            created.append(name);
            return SaslMechanism::create(name, settings.jid.localpart(), settings.password);
        });
    }
    Harness(const Harness &) = delete;
    Harness &operator=(const Harness &) = delete;

    Actions feed(const QString &text) { return negotiator.handleElement(xml(text)); }

    bool openStream(bool encrypted)
    {
        negotiator.openStream(encrypted);
        return expect(negotiator.handleStreamOpened(serverHeader()), {});
    }
    // Up to the stream restart after <proceed/>; the next element is the SASL features.
    bool negotiateTls()
    {
        return openStream(false) && expect(feed(TlsFeatures), u"send starttls"_s) &&
               expect(feed(Proceed), u"start-tls"_s) && openStream(true);
    }
    // <auth/> sent, waiting for the SASL outcome.
    bool startPlain()
    {
        return negotiateTls() && expect(feed(mechanisms({u"PLAIN"_s})), u"send auth"_s);
    }
    // Authenticated with PLAIN; the stream is restarted and the next element is the features
    // offered after authentication.
    bool authenticate()
    {
        return startPlain() && expect(feed(Success), u"restart"_s) && openStream(true);
    }
    // The bind request (id1) is sent.
    bool startBind(const QString &extraFeatures = {})
    {
        return authenticate() && expect(feed(features(BindFeature + extraFeatures)), u"send iq"_s);
    }

    StreamNegotiator negotiator;
    QStringList created;
    int lastId = 0;
};

} // namespace

class TestStreamNegotiator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // Stream header
    void headerBeforeTlsNamesOnlyTheServer();
    void headerUnderTlsNamesTheBareAccount();
    void headerCarriesConfiguredLanguage();
    void acceptsServerHeaderAndKeepsStreamId();
    void rejectsServerHeader_data();
    void rejectsServerHeader();
    void rejectsSecondServerHeader();
    void rejectsElementBeforeServerHeader();

    // STARTTLS
    void refusesServerWithoutStarttls_data();
    void refusesServerWithoutStarttls();
    void requestsStarttls();
    void proceedStartsTls();
    void tlsFailureFails();

    // SASL
    void choosesMechanism_data();
    void choosesMechanism();
    void refusesDowngradeToScramSha1();
    void plainCarriesCredentials();
    void noMechanismsAfterTlsFails();
    void scramRfc5802ExchangeWithServerFinalAsChallenge();
    void scramRfc5802ExchangeWithServerFinalInSuccess();
    void scramWrongServerSignatureFails();
    void scramSuccessWithoutServerSignatureFails();
    void scramBadChallengeAborts_data();
    void scramBadChallengeAborts();
    void scramChecksDowngradeProtectionAgainstFeatures_data();
    void scramChecksDowngradeProtectionAgainstFeatures();
    void downgradeProtectionHashMatchingOfferLogsIn();
    void saslFailureReportsConditionAndText();
    void saslFailureConditionsHaveMessages_data();
    void saslFailureConditionsHaveMessages();

    // Resource binding and session
    void bindRequestsConfiguredResource();
    void bindWithoutConfiguredResourceLetsServerChoose();
    void bindResultEstablishesSession();
    void bindResultForAnotherAccountFails_data();
    void bindResultForAnotherAccountFails();
    void bindConflictRetriesWithoutResource();
    void secondBindConflictFails();
    void bindErrorFails();
    void featuresWithoutBindFail();
    void requiredLegacySessionIsEstablished();
    void optionalLegacySessionIsSkipped();
    void legacySessionErrorFails();
    void recordsFeaturesAfterAuthentication();
    void ignoresElementsOnceEstablished();

    void unexpectedElementIsProtocolViolation_data();
    void unexpectedElementIsProtocolViolation();

    // XEP-0198
    void enablesStreamManagementAfterBind();
    void enablesStreamManagementAfterLegacySession();
    void enabledWithoutResumeIsNotResumable();
    void stanzasRoutedAfterBindAreDelivered();
    void failedEnableEstablishesWithoutStreamManagement();
    void streamManagementUnusedWithoutState();
    void resumesInsteadOfBinding();
    void resumedWithAnotherPrevidIsProtocolViolation();
    void resumedWithInvalidCountIsProtocolViolation();
    void failedResumeBindsNewSession();
    void staleStreamManagementStateIsNotReused();
    void resumableStateIsDroppedWhenServerStopsOfferingSm();
};

void TestStreamNegotiator::initTestCase()
{
    QLoggingCategory::setFilterRules(u"natter.stream.negotiation.debug=false"_s);
}

// --- Stream header ---------------------------------------------------------------------------

void TestStreamNegotiator::headerBeforeTlsNamesOnlyTheServer()
{
    Harness h;
    const QByteArray header = h.negotiator.openStream(false);
    QVERIFY2(header.startsWith("<?xml version=\"1.0\""), header.constData());

    QXmlStreamReader reader(header);
    while (!reader.atEnd() && reader.readNext() != QXmlStreamReader::StartElement) {
    }
    QCOMPARE(reader.tokenType(), QXmlStreamReader::StartElement);
    QCOMPARE(reader.namespaceUri().toString(), ns::Stream);
    QCOMPARE(reader.name().toString(), u"stream"_s);
    QCOMPARE(reader.prefix().toString(), u"stream"_s);

    const QXmlStreamAttributes attributes = reader.attributes();
    QCOMPARE(attributes.size(), 3);
    QCOMPARE(attributes.value(u"to"_s).toString(), u"example.com"_s);
    QVERIFY(!attributes.hasAttribute(u"from"_s)); // RFC 6120 §4.7.1: not before TLS
    QCOMPARE(attributes.value(u"version"_s).toString(), u"1.0"_s);
    QCOMPARE(attributes.value(ns::Xml, u"lang"_s).toString(), u"en"_s);

    bool defaultNamespace = false;
    bool streamPrefix = false;
    const auto declarations = reader.namespaceDeclarations();
    for (const QXmlStreamNamespaceDeclaration &d : declarations) {
        if (d.prefix().isEmpty())
            defaultNamespace = d.namespaceUri() == ns::Client;
        else if (d.prefix() == u"stream")
            streamPrefix = d.namespaceUri() == ns::Stream;
    }
    QVERIFY(defaultNamespace);
    QVERIFY(streamPrefix);

    // The stream stays open: no end tag, no self-closing start tag.
    reader.readNext();
    QCOMPARE(reader.error(), QXmlStreamReader::PrematureEndOfDocumentError);
    QCOMPARE(h.negotiator.phase(), Phase::Connecting);
}

void TestStreamNegotiator::headerUnderTlsNamesTheBareAccount()
{
    Harness h;
    const QByteArray header = h.negotiator.openStream(true);
    QXmlStreamReader reader(header);
    while (!reader.atEnd() && reader.readNext() != QXmlStreamReader::StartElement) {
    }
    QCOMPARE(reader.tokenType(), QXmlStreamReader::StartElement);
    const QXmlStreamAttributes attributes = reader.attributes();
    QCOMPARE(attributes.size(), 4);
    QCOMPARE(attributes.value(u"to"_s).toString(), u"example.com"_s);
    QCOMPARE(attributes.value(u"from"_s).toString(), u"user@example.com"_s); // no resource
    QCOMPARE(attributes.value(u"version"_s).toString(), u"1.0"_s);
    QCOMPARE(attributes.value(ns::Xml, u"lang"_s).toString(), u"en"_s);
}

void TestStreamNegotiator::headerCarriesConfiguredLanguage()
{
    ConnectionSettings settings = defaultSettings();
    settings.language = u"de-CH"_s;
    Harness h(settings);
    QXmlStreamReader reader(h.negotiator.openStream(false));
    while (!reader.atEnd() && reader.readNext() != QXmlStreamReader::StartElement) {
    }
    QCOMPARE(reader.tokenType(), QXmlStreamReader::StartElement);
    QCOMPARE(reader.attributes().value(ns::Xml, u"lang"_s).toString(), u"de-CH"_s);
}

void TestStreamNegotiator::acceptsServerHeaderAndKeepsStreamId()
{
    Harness h;
    h.negotiator.openStream(false);
    QCOMPARE(describe(h.negotiator.handleStreamOpened(serverHeader())), QString());
    QCOMPARE(h.negotiator.session().streamId, u"s1"_s);
}

void TestStreamNegotiator::rejectsServerHeader_data()
{
    QTest::addColumn<QString>("attributes");
    QTest::addColumn<QString>("condition");

    const QString streamNs = u"xmlns:stream='http://etherx.jabber.org/streams'"_s;
    QTest::newRow("no version (pre-RFC 3920 server)")
        << u"xmlns='jabber:client' %1 from='example.com' id='s1'"_s.arg(streamNs)
        << u"unsupported-version"_s;
    QTest::newRow("version 0.9") << u"xmlns='jabber:client' %1 id='s1' version='0.9'"_s.arg(
                                        streamNs)
                                 << u"unsupported-version"_s;
    QTest::newRow("server-to-server namespace")
        << u"xmlns='jabber:server' %1 id='s1' version='1.0'"_s.arg(streamNs)
        << u"invalid-namespace"_s;
    QTest::newRow("component namespace")
        << u"xmlns='jabber:component:accept' %1 id='s1' version='1.0'"_s.arg(streamNs)
        << u"invalid-namespace"_s;
    QTest::newRow("no default namespace")
        << u"%1 id='s1' version='1.0'"_s.arg(streamNs) << u"invalid-namespace"_s;
}

void TestStreamNegotiator::rejectsServerHeader()
{
    QFETCH(QString, attributes);
    QFETCH(QString, condition);

    Harness h;
    h.negotiator.openStream(false);
    const Actions actions = h.negotiator.handleStreamOpened(serverHeader(attributes));
    QCOMPARE(describe(actions), u"fail protocol-violation "_s + condition);
    QVERIFY(!actions.first().error.message().isEmpty());
}

void TestStreamNegotiator::rejectsSecondServerHeader()
{
    Harness h;
    QVERIFY(h.openStream(false));
    QCOMPARE(describe(h.negotiator.handleStreamOpened(serverHeader())),
             u"fail protocol-violation bad-format"_s);
}

void TestStreamNegotiator::rejectsElementBeforeServerHeader()
{
    Harness h;
    h.negotiator.openStream(false);
    QCOMPARE(describe(h.feed(TlsFeatures)), u"fail protocol-violation bad-format"_s);
}

// --- STARTTLS --------------------------------------------------------------------------------

void TestStreamNegotiator::refusesServerWithoutStarttls_data()
{
    QTest::addColumn<QString>("featuresXml");

    QTest::newRow("mechanisms only") << mechanisms({u"SCRAM-SHA-1"_s, u"PLAIN"_s});
    QTest::newRow("empty features") << features({});
    QTest::newRow("starttls in another namespace")
        << features(u"<starttls xmlns='urn:example:not-tls'/>"_s);
    QTest::newRow("bind offered before authentication") << features(BindFeature);
}

void TestStreamNegotiator::refusesServerWithoutStarttls()
{
    QFETCH(QString, featuresXml);

    Harness h;
    QVERIFY(h.openStream(false));
    const Actions actions = h.feed(featuresXml);
    // Nothing at all is sent: no <auth/> in clear text, not even with PLAIN offered.
    QCOMPARE(describe(actions), u"fail tls-not-offered"_s);
    QVERIFY(h.created.isEmpty());
    QVERIFY(!actions.first().error.message().isEmpty());
}

void TestStreamNegotiator::requestsStarttls()
{
    Harness h;
    QVERIFY(h.openStream(false));
    const Actions actions = h.feed(TlsFeatures);
    QCOMPARE(describe(actions), u"send starttls"_s);
    QCOMPARE(actions.first().element,
             xml(u"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"_s));
    QCOMPARE(h.negotiator.phase(), Phase::Encrypting);
}

void TestStreamNegotiator::proceedStartsTls()
{
    Harness h;
    QVERIFY(h.openStream(false));
    QVERIFY(expect(h.feed(TlsFeatures), u"send starttls"_s));
    QCOMPARE(describe(h.feed(Proceed)), u"start-tls"_s);
    // Nothing may be read before the stream is opened again over TLS.
    QCOMPARE(describe(h.feed(features(BindFeature))), u"fail protocol-violation bad-format"_s);
}

void TestStreamNegotiator::tlsFailureFails()
{
    Harness h;
    QVERIFY(h.openStream(false));
    QVERIFY(expect(h.feed(TlsFeatures), u"send starttls"_s));
    const Actions actions = h.feed(u"<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"_s);
    QCOMPARE(describe(actions), u"fail tls-failed"_s);
    QVERIFY(!actions.first().error.message().isEmpty());
}

// --- SASL ------------------------------------------------------------------------------------

void TestStreamNegotiator::choosesMechanism_data()
{
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<QString>("minimum");
    // The mechanism of <auth/>, or empty when negotiation must fail with NoSuitableMechanism.
    QTest::addColumn<QString>("chosen");
    QTest::addColumn<QString>("condition");

    const QString sha1 = u"SCRAM-SHA-1"_s;
    const QString sha256 = u"SCRAM-SHA-256"_s;
    const QString sha512 = u"SCRAM-SHA-512"_s;
    const QString plain = u"PLAIN"_s;

    QTest::newRow("SCRAM-SHA-1 over PLAIN")
        << QStringList{sha1, plain} << QString() << sha1 << QString();
    QTest::newRow("PLAIN listed first")
        << QStringList{plain, sha1} << QString() << sha1 << QString();
    QTest::newRow("SCRAM-SHA-256 over SCRAM-SHA-1")
        << QStringList{sha1, sha256, plain} << QString() << sha256 << QString();
    QTest::newRow("SCRAM-SHA-512 strongest")
        << QStringList{sha256, sha512, sha1} << QString() << sha512 << QString();
    QTest::newRow("only PLAIN under TLS") << QStringList{plain} << QString() << plain << QString();
    QTest::newRow("PLAIN next to unsupported SCRAM-SHA-1-PLUS")
        << QStringList{u"SCRAM-SHA-1-PLUS"_s, plain} << QString() << QString() << QString();
    QTest::newRow("only DIGEST-MD5")
        << QStringList{u"DIGEST-MD5"_s} << QString() << QString() << QString();
    QTest::newRow("only unsupported mechanisms")
        << QStringList{u"DIGEST-MD5"_s, u"CRAM-MD5"_s, u"X-OAUTH2"_s, u"EXTERNAL"_s, u"ANONYMOUS"_s}
        << QString() << QString() << QString();
    QTest::newRow("empty <mechanisms/>") << QStringList() << QString() << QString() << QString();
    QTest::newRow("names are case-sensitive")
        << QStringList{u"scram-sha-1"_s, u"plain"_s} << QString() << QString() << QString();

    QTest::newRow("minimum SCRAM-SHA-256, offered SCRAM-SHA-1")
        << QStringList{sha1, plain} << sha256 << QString() << u"downgrade"_s;
    QTest::newRow("minimum SCRAM-SHA-1, offered PLAIN")
        << QStringList{plain} << sha1 << QString() << u"downgrade"_s;
    QTest::newRow("minimum SCRAM-SHA-256, offered SCRAM-SHA-256")
        << QStringList{sha1, sha256} << sha256 << sha256 << QString();
    QTest::newRow("minimum SCRAM-SHA-256, offered SCRAM-SHA-512")
        << QStringList{sha512, sha1} << sha256 << sha512 << QString();
    QTest::newRow("minimum PLAIN, offered PLAIN")
        << QStringList{plain} << plain << plain << QString();
}

void TestStreamNegotiator::choosesMechanism()
{
    QFETCH(QStringList, offered);
    QFETCH(QString, minimum);
    QFETCH(QString, chosen);
    QFETCH(QString, condition);

    ConnectionSettings settings = defaultSettings();
    settings.minimumMechanism = minimum;
    Harness h(settings);
    QVERIFY(h.negotiateTls());
    const Actions actions = h.feed(mechanisms(offered));
    if (chosen.isEmpty()) {
        QCOMPARE(describe(actions), condition.isEmpty()
                                        ? u"fail no-suitable-mechanism"_s
                                        : u"fail no-suitable-mechanism "_s + condition);
        QVERIFY(h.created.isEmpty()); // nothing sent, no mechanism even started
        QVERIFY(h.negotiator.session().mechanism.isEmpty());
        QVERIFY(!actions.first().error.message().isEmpty());
        return;
    }
    QCOMPARE(describe(actions), u"send auth"_s);
    QCOMPARE(actions.first().element.namespaceUri(), ns::Sasl);
    QCOMPARE(actions.first().element.attribute(u"mechanism"), chosen);
    QVERIFY(!actions.first().element.text().isEmpty());
    QCOMPARE(h.created, QStringList{chosen}); // PLAIN never even created next to SCRAM
    QCOMPARE(h.negotiator.session().mechanism, chosen);
    QCOMPARE(h.negotiator.phase(), Phase::Authenticating);
}

void TestStreamNegotiator::refusesDowngradeToScramSha1()
{
    ConnectionSettings settings = defaultSettings();
    settings.minimumMechanism = u"SCRAM-SHA-256"_s;
    Harness h(settings);
    QVERIFY(h.negotiateTls());
    const Actions actions = h.feed(mechanisms({u"SCRAM-SHA-1"_s}));
    QCOMPARE(actions.size(), 1);
    QCOMPARE(actions.first().type, Type::Fail);
    QCOMPARE(actions.first().error.kind, Kind::NoSuitableMechanism);
    QCOMPARE(actions.first().error.condition, u"downgrade"_s);
    QVERIFY(actions.first().error.text.contains(u"SCRAM-SHA-1"_s));
    QVERIFY(actions.first().error.text.contains(u"SCRAM-SHA-256"_s));
}

void TestStreamNegotiator::plainCarriesCredentials()
{
    // The default mechanism factory: the username is the JID's localpart.
    StreamNegotiator negotiator(defaultSettings(), nullptr);
    negotiator.openStream(false);
    QVERIFY(expect(negotiator.handleStreamOpened(serverHeader()), {}));
    QVERIFY(expect(negotiator.handleElement(xml(TlsFeatures)), u"send starttls"_s));
    QVERIFY(expect(negotiator.handleElement(xml(Proceed)), u"start-tls"_s));
    negotiator.openStream(true);
    QVERIFY(expect(negotiator.handleStreamOpened(serverHeader()), {}));
    const Actions actions = negotiator.handleElement(xml(mechanisms({u"PLAIN"_s})));
    QCOMPARE(describe(actions), u"send auth"_s);
    // "\0user\0pencil"
    QCOMPARE(actions.first().element,
             xml(u"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                 u"AHVzZXIAcGVuY2ls</auth>"_s));
    QCOMPARE(describe(negotiator.handleElement(xml(Success))), u"restart"_s);
    QVERIFY(negotiator.isAuthenticated());
}

void TestStreamNegotiator::noMechanismsAfterTlsFails()
{
    Harness h;
    QVERIFY(h.negotiateTls());
    QCOMPARE(describe(h.feed(features(BindFeature))), u"fail no-suitable-mechanism"_s);
}

namespace {

// Installs the RFC 5802 SCRAM-SHA-1 client with its fixed nonce and drives the exchange up to
// the client-final message; returns false (with a warning) on any deviation.
bool rfc5802UpToClientFinal(Harness &h)
{
    h.negotiator.setMechanismFactory([](const QString &name) -> std::unique_ptr<SaslMechanism> {
        if (name != u"SCRAM-SHA-1")
            return nullptr;
        auto scram = std::make_unique<ScramMechanism>(ScramMechanism::Algorithm::Sha1, u"user"_s,
                                                      u"pencil"_s);
        scram->setClientNonce(Rfc5802ClientNonce);
        return scram;
    });
    if (!h.negotiateTls())
        return false;
    const Actions auth = h.feed(mechanisms({u"SCRAM-SHA-1"_s, u"PLAIN"_s}));
    const XmlElement expectedAuth = xml(
        u"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>%1</auth>"_s.arg(
            Rfc5802ClientFirst));
    if (!expect(auth, u"send auth"_s) || !(auth.first().element == expectedAuth)) {
        qWarning("unexpected <auth/>: %s", auth.value(0).element.toXml().constData());
        return false;
    }
    const Actions response =
        h.feed(u"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</challenge>"_s.arg(
            Rfc5802ServerFirst));
    const XmlElement expectedResponse =
        xml(u"<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</response>"_s.arg(
            Rfc5802ClientFinal));
    if (!expect(response, u"send response"_s) || !(response.first().element == expectedResponse)) {
        qWarning("unexpected <response/>: %s", response.value(0).element.toXml().constData());
        return false;
    }
    return true;
}

} // namespace

void TestStreamNegotiator::scramRfc5802ExchangeWithServerFinalAsChallenge()
{
    Harness h;
    QVERIFY(rfc5802UpToClientFinal(h));
    // RFC 6120 §6.4.6 allows the server-final message as a last challenge with an empty response.
    const Actions response =
        h.feed(u"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</challenge>"_s.arg(
            Rfc5802ServerFinal));
    QCOMPARE(describe(response), u"send response"_s);
    QCOMPARE(response.first().element,
             xml(u"<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"_s));
    QVERIFY(!h.negotiator.isAuthenticated());
    QCOMPARE(describe(h.feed(Success)), u"restart"_s);
    QVERIFY(h.negotiator.isAuthenticated());
    QCOMPARE(h.negotiator.session().mechanism, u"SCRAM-SHA-1"_s);
}

void TestStreamNegotiator::scramRfc5802ExchangeWithServerFinalInSuccess()
{
    Harness h;
    QVERIFY(rfc5802UpToClientFinal(h));
    QCOMPARE(
        describe(h.feed(u"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</success>"_s.arg(
            Rfc5802ServerFinal))),
        u"restart"_s);
    QVERIFY(h.negotiator.isAuthenticated());

    // The restarted stream goes on to resource binding.
    QVERIFY(h.openStream(true));
    QCOMPARE(describe(h.feed(features(BindFeature))), u"send iq"_s);
}

void TestStreamNegotiator::scramWrongServerSignatureFails()
{
    Harness h;
    QVERIFY(rfc5802UpToClientFinal(h));
    const Actions actions = h.feed(
        u"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</success>"_s.arg(WrongServerFinal));
    QCOMPARE(describe(actions), u"fail server-not-authenticated"_s); // and no restart
    QVERIFY(!h.negotiator.isAuthenticated());
    QVERIFY(!actions.first().error.message().isEmpty());
}

void TestStreamNegotiator::scramSuccessWithoutServerSignatureFails()
{
    Harness h;
    QVERIFY(rfc5802UpToClientFinal(h));
    QCOMPARE(describe(h.feed(Success)), u"fail server-not-authenticated"_s);
    QVERIFY(!h.negotiator.isAuthenticated());
}

void TestStreamNegotiator::scramBadChallengeAborts_data()
{
    QTest::addColumn<QString>("challenge");

    // r=AAAA…,s=QSXCR+Q6sek8bf92,i=4096: the server nonce does not extend ours.
    QTest::newRow("foreign nonce")
        << u"cj1BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUEscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng=="_s;
    QTest::newRow("invalid base64") << u"not*base64!"_s;
    QTest::newRow("empty") << QString();
}

void TestStreamNegotiator::scramBadChallengeAborts()
{
    QFETCH(QString, challenge);

    Harness h;
    h.negotiator.setMechanismFactory([](const QString &) -> std::unique_ptr<SaslMechanism> {
        auto scram = std::make_unique<ScramMechanism>(ScramMechanism::Algorithm::Sha1, u"user"_s,
                                                      u"pencil"_s);
        scram->setClientNonce(Rfc5802ClientNonce);
        return scram;
    });
    QVERIFY(h.negotiateTls());
    QVERIFY(expect(h.feed(mechanisms({u"SCRAM-SHA-1"_s})), u"send auth"_s));
    const Actions actions = h.feed(
        u"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</challenge>"_s.arg(challenge));
    QCOMPARE(describe(actions), u"send abort; fail server-not-authenticated"_s);
    QCOMPARE(actions.first().element, xml(u"<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"_s));
}

// --- XEP-0474 SASL SCRAM Downgrade Protection -------------------------------------------------

namespace {

// The RFC 5802 client (SCRAM-SHA-1, fixed nonce) for whatever SCRAM-SHA-1 offer it is used with.
StreamNegotiator::MechanismFactory rfc5802Factory()
{
    return [](const QString &name) -> std::unique_ptr<SaslMechanism> {
        if (name != u"SCRAM-SHA-1")
            return nullptr;
        auto scram = std::make_unique<ScramMechanism>(ScramMechanism::Algorithm::Sha1, u"user"_s,
                                                      u"pencil"_s);
        scram->setClientNonce(Rfc5802ClientNonce);
        return scram;
    };
}

QString channelBindings(const QStringList &types)
{
    QString text = u"<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>"_s;
    for (const QString &type : types)
        text += u"<channel-binding type='%1'/>"_s.arg(type);
    return text + u"</sasl-channel-binding>"_s;
}

QString challenge(const QByteArray &serverFirst)
{
    return u"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</challenge>"_s.arg(
        QString::fromLatin1(serverFirst.toBase64()));
}

// The RFC 5802 server-first message, with the XEP-0474 attribute "h" when hash is not empty.
QByteArray serverFirstWithHash(const QByteArray &hash)
{
    const QByteArray serverFirst =
        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
    return hash.isEmpty() ? serverFirst : serverFirst + ",h=" + hash;
}

} // namespace

void TestStreamNegotiator::scramChecksDowngradeProtectionAgainstFeatures_data()
{
    // What reached the client after TLS, and the server's hash in its server-first message.
    QTest::addColumn<QString>("features");
    QTest::addColumn<QByteArray>("hash");
    QTest::addColumn<bool>("accepted");

    const QString mechs = u"<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                          u"<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>"_s;
    const QString bindings = channelBindings({u"tls-server-end-point"_s, u"tls-exporter"_s});
    // Python, as in tst_sasl: b64encode(sha1(s)) with s =
    const QByteArray plainSha1 = "Y+xk2TW25vKwG9yWicfQlsuiFQs="; // 'PLAIN\x1eSCRAM-SHA-1'
    // 'PLAIN\x1eSCRAM-SHA-1\x1ftls-exporter\x1etls-server-end-point'
    const QByteArray plainSha1Bindings = "taevvXfRYS4shkLXahDXOtcGTm8=";
    const QByteArray threeMechanisms = "uYJXMaNHTMxSJNZes6xsLrR+vu0="; // + '\x1eSCRAM-SHA-256'

    QTest::newRow("hash of the offer as received")
        << features(mechs + u"</mechanisms>"_s) << plainSha1 << true;
    QTest::newRow("with XEP-0440 channel bindings (stream feature)")
        << features(mechs + u"</mechanisms>"_s + bindings) << plainSha1Bindings << true;
    QTest::newRow("with XEP-0440 channel bindings before the mechanisms")
        << features(bindings + mechs + u"</mechanisms>"_s) << plainSha1Bindings << true;
    QTest::newRow("with XEP-0440 channel bindings inside <mechanisms/> (before XEP-0440 0.4.0)")
        << features(mechs + bindings + u"</mechanisms>"_s) << plainSha1Bindings << true;
    QTest::newRow("no hash: unchanged")
        << features(mechs + u"</mechanisms>"_s + bindings) << QByteArray() << true;

    QTest::newRow("SCRAM-SHA-256 stripped")
        << features(mechs + u"</mechanisms>"_s) << threeMechanisms << false;
    QTest::newRow("channel-binding feature stripped")
        << features(mechs + u"</mechanisms>"_s) << plainSha1Bindings << false;
    QTest::newRow("one channel-binding type stripped")
        << features(mechs + u"</mechanisms>"_s + channelBindings({u"tls-server-end-point"_s}))
        << plainSha1Bindings << false;
    QTest::newRow("channel-binding feature added")
        << features(mechs + u"</mechanisms>"_s + bindings) << plainSha1 << false;
}

void TestStreamNegotiator::scramChecksDowngradeProtectionAgainstFeatures()
{
    QFETCH(QString, features);
    QFETCH(QByteArray, hash);
    QFETCH(bool, accepted);

    Harness h;
    h.negotiator.setMechanismFactory(rfc5802Factory());
    QVERIFY(h.negotiateTls());
    QVERIFY(expect(h.feed(features), u"send auth"_s));
    if (!accepted) {
        // Logged as a warning, with what reached us.
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"^SASL downgrade detected \\(XEP-0474\\).*"
                                                u"mechanisms: SCRAM-SHA-1 PLAIN;"_s));
    }
    const Actions actions = h.feed(challenge(serverFirstWithHash(hash)));
    if (accepted) {
        QCOMPARE(describe(actions), u"send response"_s);
        if (hash.isEmpty()) {
            QCOMPARE(actions.first().element,
                     xml(u"<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</response>"_s.arg(
                         Rfc5802ClientFinal)));
        }
        return;
    }
    // The exchange is aborted before the client proof; a downgrade, reported as one.
    QCOMPARE(describe(actions), u"send abort; fail no-suitable-mechanism downgrade"_s);
    QCOMPARE(actions.first().element, xml(u"<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"_s));
    const ConnectionError error = actions.at(1).error;
    QVERIFY2(error.text.contains(u"XEP-0474"_s), qPrintable(error.text));
    QVERIFY2(error.message().contains(error.text), qPrintable(error.message()));
    QVERIFY(!error.isTemporary());
    QVERIFY(!h.negotiator.isAuthenticated());
}

void TestStreamNegotiator::downgradeProtectionHashMatchingOfferLogsIn()
{
    // The whole exchange with a hash (values as in tst_sasl's HashedServerFirst, computed with
    // Python): "h" is part of the AuthMessage, so the proof and the server signature differ from
    // RFC 5802's.
    Harness h;
    h.negotiator.setMechanismFactory(rfc5802Factory());
    QVERIFY(h.negotiateTls());
    QVERIFY(expect(h.feed(mechanisms({u"PLAIN"_s, u"SCRAM-SHA-1"_s})), u"send auth"_s));
    const Actions response = h.feed(challenge(serverFirstWithHash("Y+xk2TW25vKwG9yWicfQlsuiFQs=")));
    QCOMPARE(describe(response), u"send response"_s);
    QCOMPARE(response.first().element.text(),
             QString::fromLatin1(QByteArray("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                                            "p=P+ZzHi/4wVqRU+r6ccz5q1A5a1w=")
                                     .toBase64()));
    QCOMPARE(
        describe(h.feed(u"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%1</success>"_s.arg(
            QString::fromLatin1(QByteArray("v=WIF8Y2urkVf4A6xc29wfT96P/2M=").toBase64())))),
        u"restart"_s);
    QVERIFY(h.negotiator.isAuthenticated());
    QCOMPARE(h.negotiator.session().mechanism, u"SCRAM-SHA-1"_s);
}

void TestStreamNegotiator::saslFailureReportsConditionAndText()
{
    Harness h;
    QVERIFY(h.startPlain());
    const Actions actions =
        h.feed(u"<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>"
               u"<text xml:lang='en'>Wrong password or unknown user</text></failure>"_s);
    QCOMPARE(describe(actions), u"fail authentication-failed not-authorized"_s);
    QCOMPARE(actions.first().error.text, u"Wrong password or unknown user"_s);
    QVERIFY(actions.first().error.message().contains(u"Wrong password or unknown user"_s));
    QVERIFY(!h.negotiator.isAuthenticated());
}

void TestStreamNegotiator::saslFailureConditionsHaveMessages_data()
{
    QTest::addColumn<QString>("condition");
    // RFC 6120 §6.5.
    const QStringList conditions{u"aborted"_s,
                                 u"account-disabled"_s,
                                 u"credentials-expired"_s,
                                 u"encryption-required"_s,
                                 u"incorrect-encoding"_s,
                                 u"invalid-authzid"_s,
                                 u"invalid-mechanism"_s,
                                 u"malformed-request"_s,
                                 u"mechanism-too-weak"_s,
                                 u"not-authorized"_s,
                                 u"temporary-auth-failure"_s};
    for (const QString &condition : conditions)
        QTest::newRow(qPrintable(condition)) << condition;
}

void TestStreamNegotiator::saslFailureConditionsHaveMessages()
{
    QFETCH(QString, condition);

    Harness h;
    QVERIFY(h.startPlain());
    // The text comes first here: the condition is the first child that is not <text/>.
    const Actions actions = h.feed(u"<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                   u"<text>details</text><%1/></failure>"_s.arg(condition));
    QCOMPARE(describe(actions), u"fail authentication-failed "_s + condition);
    QCOMPARE(actions.first().error.text, u"details"_s);

    ConnectionError bare = actions.first().error;
    bare.text.clear();
    const QString message = bare.message();
    QVERIFY(!message.isEmpty());
    // Every RFC condition has its own sentence, not the fallback for unknown conditions.
    QVERIFY2(!message.startsWith(u"The login failed"_s), qPrintable(message));
    QCOMPARE(bare.isTemporary(), condition == u"temporary-auth-failure");
}

// --- Resource binding and session ------------------------------------------------------------

void TestStreamNegotiator::bindRequestsConfiguredResource()
{
    Harness h;
    QVERIFY(h.authenticate());
    const Actions actions = h.feed(features(BindFeature));
    QCOMPARE(describe(actions), u"send iq"_s);
    QCOMPARE(actions.first().element,
             xml(u"<iq type='set' id='id1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                 u"<resource>desk</resource></bind></iq>"_s));
    QCOMPARE(h.negotiator.phase(), Phase::Binding);
}

void TestStreamNegotiator::bindWithoutConfiguredResourceLetsServerChoose()
{
    ConnectionSettings settings = defaultSettings();
    settings.jid = Jid::fromString(u"user@example.com");
    Harness h(settings);
    QVERIFY(h.authenticate());
    const Actions actions = h.feed(features(BindFeature));
    QCOMPARE(describe(actions), u"send iq"_s);
    QCOMPARE(
        actions.first().element,
        xml(u"<iq type='set' id='id1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"_s));
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, u"user@example.com/4f2a"_s))), u"established"_s);
    QCOMPARE(h.negotiator.session().jid.toString(), u"user@example.com/4f2a"_s);
}

void TestStreamNegotiator::bindResultEstablishesSession()
{
    Harness h;
    QVERIFY(h.startBind());
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"established"_s);
    QCOMPARE(h.negotiator.session().jid.toString(), BoundJid);
    QCOMPARE(h.negotiator.session().mechanism, u"PLAIN"_s);
    QCOMPARE(h.negotiator.session().streamId, u"s1"_s);
    QVERIFY(!h.negotiator.session().resumed);
    QCOMPARE(h.negotiator.phase(), Phase::Established);
}

void TestStreamNegotiator::bindResultForAnotherAccountFails_data()
{
    QTest::addColumn<QString>("result");

    QTest::newRow("another user") << bindResult(u"id1"_s, u"other@example.com/desk"_s);
    QTest::newRow("another domain") << bindResult(u"id1"_s, u"user@example.net/desk"_s);
    QTest::newRow("bare JID") << bindResult(u"id1"_s, u"user@example.com"_s);
    QTest::newRow("domain only") << bindResult(u"id1"_s, u"example.com/desk"_s);
    QTest::newRow("invalid JID") << bindResult(u"id1"_s, u"user@@example.com/desk"_s);
    QTest::newRow("empty <jid/>") << bindResult(u"id1"_s, QString());
    QTest::newRow("no <jid/>")
        << u"<iq type='result' id='id1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"_s;
    QTest::newRow("empty result") << u"<iq type='result' id='id1'/>"_s;
}

void TestStreamNegotiator::bindResultForAnotherAccountFails()
{
    QFETCH(QString, result);

    Harness h;
    QVERIFY(h.startBind());
    QCOMPARE(describe(h.feed(result)), u"fail bind-failed bad-format"_s);
    QVERIFY(h.negotiator.session().jid.isNull());
}

void TestStreamNegotiator::bindConflictRetriesWithoutResource()
{
    Harness h;
    QVERIFY(h.startBind());
    const Actions retry = h.feed(bindError(u"id1"_s, u"conflict"_s));
    QCOMPARE(describe(retry), u"send iq"_s);
    QCOMPARE(
        retry.first().element,
        xml(u"<iq type='set' id='id2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"_s));
    // The answer to the first request no longer counts.
    QCOMPARE(describe(h.feed(bindResult(u"id2"_s, u"user@example.com/desk-4f2a"_s))),
             u"established"_s);
    QCOMPARE(h.negotiator.session().jid.toString(), u"user@example.com/desk-4f2a"_s);
}

void TestStreamNegotiator::secondBindConflictFails()
{
    Harness h;
    QVERIFY(h.startBind());
    QVERIFY(expect(h.feed(bindError(u"id1"_s, u"conflict"_s)), u"send iq"_s));
    const Actions actions = h.feed(bindError(u"id2"_s, u"conflict"_s));
    QCOMPARE(describe(actions), u"fail bind-failed conflict"_s);
    QVERIFY(!actions.first().error.message().isEmpty());
}

void TestStreamNegotiator::bindErrorFails()
{
    Harness h;
    QVERIFY(h.startBind());
    const Actions actions = h.feed(
        u"<iq type='error' id='id1'><error type='cancel'><not-allowed "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
        u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Too many resources</text></error></iq>"_s);
    QCOMPARE(describe(actions), u"fail bind-failed not-allowed"_s);
    QCOMPARE(actions.first().error.text, u"Too many resources"_s);
}

void TestStreamNegotiator::featuresWithoutBindFail()
{
    Harness h;
    QVERIFY(h.authenticate());
    QCOMPARE(describe(h.feed(features(u"<ver xmlns='urn:xmpp:features:rosterver'/>"_s))),
             u"fail bind-failed"_s);
}

void TestStreamNegotiator::requiredLegacySessionIsEstablished()
{
    Harness h;
    QVERIFY(h.startBind(u"<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>"_s));
    const Actions session = h.feed(bindResult(u"id1"_s, BoundJid));
    QCOMPARE(describe(session), u"send iq"_s);
    QCOMPARE(session.first().element,
             xml(u"<iq type='set' id='id2'>"
                 u"<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"_s));
    QCOMPARE(h.negotiator.phase(), Phase::Binding);
    QCOMPARE(describe(h.feed(u"<iq type='result' id='id2'/>"_s)), u"established"_s);
    QCOMPARE(h.negotiator.session().jid.toString(), BoundJid);
    QCOMPARE(h.negotiator.phase(), Phase::Established);
}

void TestStreamNegotiator::optionalLegacySessionIsSkipped()
{
    Harness h;
    QVERIFY(h.startBind(u"<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/>"
                        u"</session>"_s));
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"established"_s);
    QCOMPARE(h.lastId, 1);
}

void TestStreamNegotiator::legacySessionErrorFails()
{
    Harness h;
    QVERIFY(h.startBind(u"<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>"_s));
    QVERIFY(expect(h.feed(bindResult(u"id1"_s, BoundJid)), u"send iq"_s));
    QCOMPARE(describe(h.feed(bindError(u"id2"_s, u"internal-server-error"_s))),
             u"fail bind-failed internal-server-error"_s);
}

void TestStreamNegotiator::recordsFeaturesAfterAuthentication()
{
    Harness h;
    QVERIFY(h.startBind(u"<ver xmlns='urn:xmpp:features:rosterver'/>"
                        u"<sub xmlns='urn:xmpp:features:pre-approval'/>"
                        u"<csi xmlns='urn:xmpp:csi:0'/>"_s +
                        SmFeature));
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"established"_s);
    const SessionInfo &session = h.negotiator.session();
    QCOMPARE(session.features.size(), 5);
    QVERIFY(session.hasFeature(ns::Bind, u"bind"_s));
    QVERIFY(session.hasFeature(ns::RosterVersioning, u"ver"_s));
    QVERIFY(session.hasFeature(ns::PreApproval, u"sub"_s));
    QVERIFY(session.hasFeature(ns::Csi, u"csi"_s));
    QVERIFY(session.hasFeature(ns::StreamManagement, u"sm"_s)); // recorded, if unused here
    // The features of the streams before authentication are not the session's.
    QVERIFY(!session.hasFeature(ns::Tls, u"starttls"_s));
    QVERIFY(!session.hasFeature(ns::Sasl, u"mechanisms"_s));
}

void TestStreamNegotiator::ignoresElementsOnceEstablished()
{
    Harness h;
    QVERIFY(h.startBind());
    QVERIFY(expect(h.feed(bindResult(u"id1"_s, BoundJid)), u"established"_s));
    QCOMPARE(describe(h.feed(u"<message from='a@example.com/x'><body>hi</body></message>"_s)),
             QString());
}

// --- Unexpected elements ---------------------------------------------------------------------

namespace {

enum class NegotiationStep
{
    FeaturesBeforeTls,
    WaitProceed,
    FeaturesAfterTls,
    WaitSasl,
    FeaturesAfterAuth,
    WaitBind,
    WaitSession,
    WaitEnabled,
    WaitResumed,
};

// Drives h (created with sm) to the step; the next element is the server's answer to it.
bool driveTo(Harness &h, StreamManagement &sm, NegotiationStep step)
{
    switch (step) {
    case NegotiationStep::FeaturesBeforeTls:
        return h.openStream(false);
    case NegotiationStep::WaitProceed:
        return h.openStream(false) && expect(h.feed(TlsFeatures), u"send starttls"_s);
    case NegotiationStep::FeaturesAfterTls:
        return h.negotiateTls();
    case NegotiationStep::WaitSasl:
        return h.startPlain();
    case NegotiationStep::FeaturesAfterAuth:
        return h.authenticate();
    case NegotiationStep::WaitBind:
        return h.startBind();
    case NegotiationStep::WaitSession:
        return h.startBind(u"<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>"_s) &&
               expect(h.feed(bindResult(u"id1"_s, BoundJid)), u"send iq"_s);
    case NegotiationStep::WaitEnabled:
        return h.startBind(SmFeature) &&
               expect(h.feed(bindResult(u"id1"_s, BoundJid)), u"send enable"_s);
    case NegotiationStep::WaitResumed:
        sm.enableRequested();
        sm.enabled(u"x"_s, true, 300, {});
        return h.authenticate() &&
               expect(h.feed(features(BindFeature + SmFeature)), u"send resume"_s);
    }
    return false;
}

} // namespace

void TestStreamNegotiator::unexpectedElementIsProtocolViolation_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<QString>("element");

    const QString message = u"<message from='eve@example.net/x'><body>hi</body></message>"_s;
    const QString ping = u"<iq type='get' id='p1' from='example.com'>"
                         u"<ping xmlns='urn:xmpp:ping'/></iq>"_s;
    const QString proceed = Proceed;
    const QString success = Success;
    const QString enabled = u"<enabled xmlns='urn:xmpp:sm:3' id='x' resume='true'/>"_s;

    const auto row = [](const char *name, NegotiationStep step, const QString &element) {
        QTest::newRow(name) << int(step) << element;
    };
    row("features before TLS: message", NegotiationStep::FeaturesBeforeTls, message);
    row("features before TLS: proceed", NegotiationStep::FeaturesBeforeTls, proceed);
    row("features before TLS: success", NegotiationStep::FeaturesBeforeTls, success);
    row("proceed: message", NegotiationStep::WaitProceed, message);
    row("proceed: features", NegotiationStep::WaitProceed, TlsFeatures);
    row("proceed: sasl success", NegotiationStep::WaitProceed, success);
    row("features after TLS: proceed", NegotiationStep::FeaturesAfterTls, proceed);
    row("features after TLS: success", NegotiationStep::FeaturesAfterTls, success);
    row("features after TLS: ping", NegotiationStep::FeaturesAfterTls, ping);
    row("SASL: message", NegotiationStep::WaitSasl, message);
    row("SASL: features", NegotiationStep::WaitSasl, mechanisms({u"PLAIN"_s}));
    row("SASL: unknown SASL element", NegotiationStep::WaitSasl,
        u"<bogus xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"_s);
    row("SASL: client's own auth echoed", NegotiationStep::WaitSasl,
        u"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'/>"_s);
    row("features after auth: message", NegotiationStep::FeaturesAfterAuth, message);
    row("features after auth: success again", NegotiationStep::FeaturesAfterAuth, success);
    row("bind: message", NegotiationStep::WaitBind, message);
    row("bind: server request", NegotiationStep::WaitBind, ping);
    row("bind: result with another id", NegotiationStep::WaitBind,
        bindResult(u"other"_s, BoundJid));
    row("bind: features again", NegotiationStep::WaitBind, features(BindFeature));
    row("bind: sm enabled", NegotiationStep::WaitBind, enabled);
    row("session: server request", NegotiationStep::WaitSession, ping);
    row("session: result for the bind id", NegotiationStep::WaitSession,
        u"<iq type='result' id='id1'/>"_s);
    row("enabled: iq result", NegotiationStep::WaitEnabled, u"<iq type='result' id='id1'/>"_s);
    row("enabled: resumed", NegotiationStep::WaitEnabled,
        u"<resumed xmlns='urn:xmpp:sm:3' h='0' previd='x'/>"_s);
    row("resumed: message", NegotiationStep::WaitResumed, message);
    row("resumed: bind result", NegotiationStep::WaitResumed, bindResult(u"id1"_s, BoundJid));
    row("resumed: enabled", NegotiationStep::WaitResumed, enabled);
}

void TestStreamNegotiator::unexpectedElementIsProtocolViolation()
{
    QFETCH(int, step);
    QFETCH(QString, element);

    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(driveTo(h, sm, NegotiationStep(step)));
    const Actions actions = h.feed(element);
    QCOMPARE(actions.size(), 1);
    QCOMPARE(actions.first().type, Type::Fail);
    QCOMPARE(actions.first().error.kind, Kind::ProtocolViolation);
    QVERIFY(!actions.first().error.condition.isEmpty());
    QVERIFY(!actions.first().error.message().isEmpty());
}

// --- XEP-0198 --------------------------------------------------------------------------------

void TestStreamNegotiator::enablesStreamManagementAfterBind()
{
    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(h.startBind(SmFeature));
    const Actions enable = h.feed(bindResult(u"id1"_s, BoundJid));
    QCOMPARE(describe(enable), u"send enable"_s);
    QCOMPARE(enable.first().element, xml(u"<enable xmlns='urn:xmpp:sm:3' resume='true'/>"_s));
    QVERIFY(!sm.isEnabled());

    QCOMPARE(describe(h.feed(u"<enabled xmlns='urn:xmpp:sm:3' id='x' resume='true' max='300'/>"_s)),
             u"established"_s);
    QCOMPARE(h.negotiator.phase(), Phase::Established);
    QCOMPARE(h.negotiator.session().jid.toString(), BoundJid);
    QVERIFY(sm.isEnabled());
    QVERIFY(sm.canResume());
    QCOMPARE(sm.resumeId(), u"x"_s);
    QCOMPARE(sm.maxResumeSeconds(), 300);
    QCOMPARE(sm.sentCount(), 0u);
    QCOMPARE(sm.handledCount(), 0u);
}

void TestStreamNegotiator::enablesStreamManagementAfterLegacySession()
{
    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(h.startBind(u"<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>"_s + SmFeature));
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"send iq"_s);
    QCOMPARE(describe(h.feed(u"<iq type='result' id='id2'/>"_s)), u"send enable"_s);
    QCOMPARE(describe(h.feed(u"<enabled xmlns='urn:xmpp:sm:3' id='x' resume='1'/>"_s)),
             u"established"_s);
    QVERIFY(sm.canResume());
}

void TestStreamNegotiator::stanzasRoutedAfterBindAreDelivered()
{
    // Found by itst_exactly_once: once bound, Prosody routes a message to our full JID before
    // <enabled/>; that is allowed (RFC 6120 §7) and must reach the application, not end the
    // stream as a protocol violation (which stopped the reconnect loop for good).
    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(driveTo(h, sm, NegotiationStep::WaitEnabled));
    const Actions message =
        h.feed(u"<message from='eve@example.net/x' type='chat'><body>hi</body></message>"_s);
    QCOMPARE(describe(message), u"deliver message"_s);
    QCOMPARE(message.first().element.childText(ns::Client, u"body"), u"hi"_s);
    QCOMPARE(describe(h.feed(u"<presence from='eve@example.net/x'/>"_s)), u"deliver presence"_s);
    QCOMPARE(describe(h.feed(u"<enabled xmlns='urn:xmpp:sm:3' id='x' resume='true'/>"_s)),
             u"established"_s);
}

void TestStreamNegotiator::enabledWithoutResumeIsNotResumable()
{
    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(h.startBind(SmFeature));
    QVERIFY(expect(h.feed(bindResult(u"id1"_s, BoundJid)), u"send enable"_s));
    QCOMPARE(describe(h.feed(u"<enabled xmlns='urn:xmpp:sm:3'/>"_s)), u"established"_s);
    QVERIFY(sm.isEnabled());
    QVERIFY(!sm.canResume());
}

void TestStreamNegotiator::failedEnableEstablishesWithoutStreamManagement()
{
    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(h.startBind(SmFeature));
    QVERIFY(expect(h.feed(bindResult(u"id1"_s, BoundJid)), u"send enable"_s));
    QCOMPARE(describe(h.feed(u"<failed xmlns='urn:xmpp:sm:3'><unexpected-request "
                             u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>"_s)),
             u"established"_s);
    QCOMPARE(h.negotiator.phase(), Phase::Established);
    QVERIFY(!sm.isEnabled());
    QVERIFY(!sm.canResume());
    sm.stanzaSent(xml(u"<message to='a@example.com'/>"_s));
    QCOMPARE(sm.unackedCount(), qsizetype(0));
}

void TestStreamNegotiator::streamManagementUnusedWithoutState()
{
    Harness h; // no StreamManagement: never send <enable/>
    QVERIFY(h.startBind(SmFeature));
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"established"_s);
}

void TestStreamNegotiator::resumesInsteadOfBinding()
{
    StreamManagement sm;
    sm.enableRequested();
    sm.enabled(u"x"_s, true, 300, {});
    for (int i = 0; i < 3; ++i)
        sm.stanzaHandled();

    Harness h(defaultSettings(), &sm);
    QVERIFY(h.authenticate());
    const Actions resume = h.feed(features(BindFeature + SmFeature));
    QCOMPARE(describe(resume), u"send resume"_s);
    QCOMPARE(resume.first().element, xml(u"<resume xmlns='urn:xmpp:sm:3' h='3' previd='x'/>"_s));
    QCOMPARE(h.lastId, 0); // no bind request

    const Actions resumed = h.feed(u"<resumed xmlns='urn:xmpp:sm:3' h='3' previd='x'/>"_s);
    QCOMPARE(describe(resumed), u"resumed 3"_s);
    QCOMPARE(resumed.first().handled, 3u);
    QVERIFY(h.negotiator.session().resumed);
    QVERIFY(!h.negotiator.resumeFailed());
    QCOMPARE(h.negotiator.phase(), Phase::Established);
    QVERIFY(sm.canResume()); // the caller applies h
}

void TestStreamNegotiator::resumedWithAnotherPrevidIsProtocolViolation()
{
    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(driveTo(h, sm, NegotiationStep::WaitResumed));
    QCOMPARE(describe(h.feed(u"<resumed xmlns='urn:xmpp:sm:3' h='3' previd='y'/>"_s)),
             u"fail protocol-violation bad-format"_s);
    QVERIFY(!h.negotiator.session().resumed);
}

void TestStreamNegotiator::resumedWithInvalidCountIsProtocolViolation()
{
    StreamManagement sm;
    Harness h(defaultSettings(), &sm);
    QVERIFY(driveTo(h, sm, NegotiationStep::WaitResumed));
    QCOMPARE(describe(h.feed(u"<resumed xmlns='urn:xmpp:sm:3' h='-1' previd='x'/>"_s)),
             u"fail protocol-violation bad-format"_s);
}

void TestStreamNegotiator::failedResumeBindsNewSession()
{
    StreamManagement sm;
    sm.enableRequested();
    sm.enabled(u"x"_s, true, 300, {});
    sm.stanzaSent(xml(u"<message to='a@example.com'><body>lost</body></message>"_s));

    Harness h(defaultSettings(), &sm);
    QVERIFY(h.authenticate());
    QVERIFY(expect(h.feed(features(BindFeature + SmFeature)), u"send resume"_s));
    const Actions bind = h.feed(u"<failed xmlns='urn:xmpp:sm:3'><item-not-found "
                                u"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>"_s);
    QCOMPARE(describe(bind), u"send iq"_s);
    QCOMPARE(bind.first().element,
             xml(u"<iq type='set' id='id1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                 u"<resource>desk</resource></bind></iq>"_s));
    QVERIFY(h.negotiator.resumeFailed());
    QVERIFY(!sm.isEnabled());
    QVERIFY(!sm.canResume());
    QVERIFY(sm.resumeId().isEmpty());
    QCOMPARE(sm.unackedCount(), qsizetype(0));

    // The new session enables stream management afresh.
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"send enable"_s);
    QCOMPARE(describe(h.feed(u"<enabled xmlns='urn:xmpp:sm:3' id='y' resume='true'/>"_s)),
             u"established"_s);
    QVERIFY(!h.negotiator.session().resumed);
    QCOMPARE(sm.resumeId(), u"y"_s);
}

void TestStreamNegotiator::staleStreamManagementStateIsNotReused()
{
    // The previous stream had stream management without resumption and was lost. The new stream
    // binds a new session; XEP-0198 is not enabled on it until <enable/> is sent again, so the
    // old state must not make it look enabled (we would send <r/> the server does not expect).
    StreamManagement sm;
    sm.enableRequested();
    sm.enabled(QString(), false, 0, {});
    sm.stanzaSent(xml(u"<message to='a@example.com'/>"_s));
    QVERIFY(sm.isEnabled());
    QVERIFY(!sm.canResume());

    Harness h(defaultSettings(), &sm);
    QVERIFY(h.startBind(SmFeature));
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"send enable"_s);
    QCOMPARE(describe(h.feed(u"<enabled xmlns='urn:xmpp:sm:3'/>"_s)), u"established"_s);
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    QCOMPARE(sm.sentCount(), 0u);
}

void TestStreamNegotiator::resumableStateIsDroppedWhenServerStopsOfferingSm()
{
    // A resumable session, but the server (another cluster node, a changed configuration) no
    // longer offers XEP-0198: a new session is bound without stream management.
    StreamManagement sm;
    sm.enableRequested();
    sm.enabled(u"x"_s, true, 300, {});
    sm.stanzaSent(xml(u"<message to='a@example.com'/>"_s));

    Harness h(defaultSettings(), &sm);
    QVERIFY(h.startBind());
    QCOMPARE(describe(h.feed(bindResult(u"id1"_s, BoundJid))), u"established"_s);
    QVERIFY(!h.negotiator.session().resumed);
    QVERIFY2(!sm.isEnabled(), "stream management state of the old stream is still enabled");
    QVERIFY(!sm.canResume());
    QCOMPARE(sm.unackedCount(), qsizetype(0));
}

QTEST_GUILESS_MAIN(TestStreamNegotiator)
#include "tst_streamnegotiator.moc"
