// SPDX-License-Identifier: GPL-3.0-or-later
#include "StreamNegotiator.h"

#include "stanza/Iq.h"
#include "stanza/Stanza.h"
#include "stream/StreamManagement.h"
#include "stream/sasl/SaslMechanism.h"
#include "xml/Namespaces.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QXmlStreamWriter>

Q_LOGGING_CATEGORY(lcNegotiation, "natter.stream.negotiation")

namespace natter {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("natter::StreamNegotiator", text);
}

// XEP-0440 (SASL Channel-Binding Type Capability).
const QString SaslChannelBindingNs = QStringLiteral("urn:xmpp:sasl-cb:0");

// The channel-binding types a server advertised with XEP-0440, in document order; std::nullopt
// when it did not use XEP-0440. Since XEP-0440 0.4.0 <sasl-channel-binding/> is a stream feature
// of its own; before, it was a child of <mechanisms/>, and servers of that time still send it
// there. Both count: ignoring one would make a correct XEP-0474 hash look like an attack.
std::optional<QStringList> advertisedChannelBindings(const XmlElement &features,
                                                     const XmlElement &mechanisms)
{
    XmlElement element = features.firstChild(SaslChannelBindingNs, u"sasl-channel-binding");
    if (element.isNull())
        element = mechanisms.firstChild(SaslChannelBindingNs, u"sasl-channel-binding");
    if (element.isNull())
        return std::nullopt;
    QStringList types;
    for (const XmlElement &binding : element.children(SaslChannelBindingNs, u"channel-binding")) {
        if (binding.hasAttribute(u"type"))
            types.append(binding.attribute(u"type"));
    }
    return types;
}

// A message or presence, which a server may route to a resource as soon as it is bound.
bool isRoutedStanza(const XmlElement &element)
{
    return element.is(ns::Client, u"message") || element.is(ns::Client, u"presence");
}
} // namespace

using Kind = ConnectionError::Kind;
using Phase = StanzaTransport::Phase;

StreamNegotiator::StreamNegotiator(const ConnectionSettings &settings,
                                   StreamManagement *streamManagement)
    : m_settings(settings)
    , m_ids(&Stanza::generateId)
    , m_sm(streamManagement)
{
    m_factory = [this](const QString &name) {
        return SaslMechanism::create(name, m_settings.jid.localpart(), m_settings.password);
    };
}

StreamNegotiator::~StreamNegotiator() = default;

QByteArray StreamNegotiator::openStream(bool encrypted)
{
    m_encrypted = encrypted;
    m_step = Step::WaitStreamOpen;
    QByteArray header;
    QXmlStreamWriter writer(&header);
    writer.writeStartDocument(QStringLiteral("1.0"));
    writer.writeNamespace(ns::Stream, QStringLiteral("stream"));
    writer.writeDefaultNamespace(ns::Client);
    writer.writeStartElement(ns::Stream, QStringLiteral("stream"));
    writer.writeAttribute(QStringLiteral("to"), m_settings.jid.domainpart());
    // RFC 6120 §4.7.1: name ourselves only once the channel is encrypted.
    if (encrypted)
        writer.writeAttribute(QStringLiteral("from"), m_settings.jid.bareString());
    writer.writeAttribute(QStringLiteral("version"), QStringLiteral("1.0"));
    writer.writeAttribute(ns::Xml, QStringLiteral("lang"), m_settings.language);
    // Close the start tag without ending the element: the stream stays open.
    writer.writeCharacters(QString());
    // QXmlStreamWriter writes '<?xml version="1.0"?>' and the start tag; XMPP peers accept both.
    return header;
}

StreamNegotiator::Actions StreamNegotiator::handleStreamOpened(const XmlElement &header)
{
    if (m_step != Step::WaitStreamOpen)
        return {fail(Kind::ProtocolViolation, QStringLiteral("bad-format"),
                     tr("The server opened the stream twice."))};
    const QString version = header.attribute(u"version");
    if (version.isEmpty() || version.section(u'.', 0, 0).toInt() < 1) {
        return {fail(Kind::ProtocolViolation, QStringLiteral("unsupported-version"),
                     tr("The server speaks an old version of XMPP (%1).")
                         .arg(version.isEmpty() ? tr("none") : version))};
    }
    if (header.attribute(u"xmlns") != ns::Client) {
        return {fail(Kind::ProtocolViolation, QStringLiteral("invalid-namespace"),
                     tr("The server's stream is not a client stream."))};
    }
    m_session.streamId = header.attribute(u"id");
    m_step = Step::WaitFeatures;
    return {};
}

StreamNegotiator::Actions StreamNegotiator::handleElement(const XmlElement &element)
{
    switch (m_step) {
    case Step::WaitStreamOpen:
        return {fail(Kind::ProtocolViolation, QStringLiteral("bad-format"),
                     tr("The server sent data before opening the stream."))};
    case Step::WaitFeatures:
        if (element.is(ns::Stream, u"features"))
            return handleFeatures(element);
        break;
    case Step::WaitProceed:
        if (element.namespaceUri() == ns::Tls)
            return handleTls(element);
        break;
    case Step::WaitSasl:
        if (element.namespaceUri() == ns::Sasl)
            return handleSasl(element);
        break;
    case Step::WaitBind:
        if (element.is(ns::Client, u"iq"))
            return handleIq(element);
        break;
    case Step::WaitSession:
        if (element.is(ns::Client, u"iq"))
            return handleIq(element);
        if (isRoutedStanza(element))
            return {Action{Action::Type::Deliver, element, ConnectionError()}};
        break;
    case Step::WaitEnabled:
        // Once the resource is bound the server may route stanzas to it at once (RFC 6120 §7),
        // before <enabled/> arrives: a message to our full JID, for one (Prosody does).
        if (isRoutedStanza(element))
            return {Action{Action::Type::Deliver, element, ConnectionError()}};
        [[fallthrough]];
    case Step::WaitResumed:
        if (element.namespaceUri() == ns::StreamManagement)
            return handleStreamManagement(element);
        break;
    case Step::Done:
        return {};
    }
    // RFC 6120 §4.3 / §5 / §6: nothing else may arrive at this point of the negotiation.
    return {fail(Kind::ProtocolViolation, QStringLiteral("unsupported-stanza-type"),
                 tr("The server sent <%1/> during the negotiation.").arg(element.name()))};
}

StreamNegotiator::Actions StreamNegotiator::handleFeatures(const XmlElement &features)
{
    if (!m_encrypted) {
        // Only STARTTLS may happen before TLS; we never authenticate in clear text.
        if (!features.hasChild(ns::Tls, u"starttls")) {
            return {fail(Kind::TlsNotOffered, {}, tr("The server did not offer STARTTLS."))};
        }
        m_phase = Phase::Encrypting;
        m_step = Step::WaitProceed;
        return {send(XmlElement(ns::Tls, QStringLiteral("starttls")))};
    }
    if (!m_authenticated) {
        if (!features.hasChild(ns::Sasl, u"mechanisms")) {
            return {fail(Kind::NoSuitableMechanism, {},
                         tr("The server offered no SASL authentication."))};
        }
        return startAuthentication(features);
    }
    // After authentication: remember every feature, then bind.
    m_session.features.clear();
    for (const XmlElement &f : features.children())
        m_session.features.insert(SessionInfo::featureKey(f.namespaceUri(), f.name()));
    const XmlElement session = features.firstChild(ns::Session, u"session");
    m_sessionRequired = !session.isNull() && !session.hasChild(ns::Session, u"optional");
    m_smOffered = m_sm && features.hasChild(ns::StreamManagement, u"sm");
    m_phase = Phase::Binding;
    if (m_smOffered && m_sm->canResume()) {
        // XEP-0198 §5: resume the previous session instead of binding a new one.
        m_step = Step::WaitResumed;
        return {send(m_sm->resumeElement())};
    }
    // A new session: XEP-0198 state left by an earlier stream does not carry over (only
    // <resume/> keeps it), so it must not make this stream look enabled.
    if (m_sm && m_sm->isEnabled())
        m_sm->sessionLost();
    if (!features.hasChild(ns::Bind, u"bind")) {
        return {fail(Kind::BindFailed, {}, tr("The server does not offer resource binding."))};
    }
    return sendBind(m_settings.jid.resourcepart());
}

StreamNegotiator::Actions StreamNegotiator::handleTls(const XmlElement &element)
{
    if (element.name() == u"proceed") {
        m_step = Step::WaitStreamOpen;
        return {Action{Action::Type::StartTls, {}, ConnectionError()}};
    }
    return {fail(Kind::TlsFailed, {}, tr("The server refused to start TLS."))};
}

StreamNegotiator::Actions StreamNegotiator::startAuthentication(const XmlElement &features)
{
    const XmlElement mechanisms = features.firstChild(ns::Sasl, u"mechanisms");
    QStringList offered;
    for (const XmlElement &m : mechanisms.children(ns::Sasl, u"mechanism"))
        offered.append(m.text().trimmed());
    const QString chosen = SaslMechanism::choose(offered, m_encrypted);
    if (chosen.isEmpty()) {
        return {fail(Kind::NoSuitableMechanism, {},
                     tr("Offered: %1.").arg(offered.join(QStringLiteral(", "))))};
    }
    // Downgrade protection: refuse anything weaker than what this account used before.
    if (!m_settings.minimumMechanism.isEmpty()) {
        const QStringList order = SaslMechanism::supportedMechanisms();
        const auto rank = [&](const QString &name) {
            const qsizetype i = order.indexOf(name);
            return i < 0 ? order.size() : i;
        };
        if (rank(chosen) > rank(m_settings.minimumMechanism)) {
            return {fail(Kind::NoSuitableMechanism, QStringLiteral("downgrade"),
                         tr("The server now offers only %1 where it offered %2 before; this may "
                            "be an attack.")
                             .arg(chosen, m_settings.minimumMechanism))};
        }
    }
    m_mechanism = m_factory(chosen);
    if (!m_mechanism)
        return {fail(Kind::NoSuitableMechanism)};
    m_advertisedMechanisms = offered;
    m_advertisedChannelBindings = advertisedChannelBindings(features, mechanisms);
    m_mechanism->setAdvertised(m_advertisedMechanisms, m_advertisedChannelBindings);
    qCDebug(lcNegotiation) << "authenticating with" << chosen << "offered" << offered
                           << "channel bindings"
                           << m_advertisedChannelBindings.value_or(QStringList());
    m_session.mechanism = chosen;
    m_phase = Phase::Authenticating;
    m_step = Step::WaitSasl;
    XmlElement auth(ns::Sasl, QStringLiteral("auth"));
    auth.setAttribute(QStringLiteral("mechanism"), chosen);
    const QByteArray initial = m_mechanism->initialResponse();
    if (initial.isEmpty()) // the credentials cannot be used with this mechanism
        return {fail(Kind::AuthenticationFailed, {}, m_mechanism->errorString())};
    auth.setText(QString::fromLatin1(initial.toBase64()));
    return {send(auth)};
}

StreamNegotiator::Actions StreamNegotiator::handleSasl(const XmlElement &element)
{
    const auto decode = [](const XmlElement &e, bool *ok) {
        const QByteArray text = e.text().trimmed().toLatin1();
        *ok = true;
        if (text.isEmpty() || text == "=")
            return QByteArray();
        const auto result =
            QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        *ok = bool(result);
        return result.decoded;
    };
    const QString &name = element.name();
    if (name == u"challenge") {
        bool ok = false;
        const QByteArray challenge = decode(element, &ok);
        const auto response = ok ? m_mechanism->respond(challenge) : std::nullopt;
        if (!response && m_mechanism->downgradeDetected()) {
            // XEP-0474: the server's hash of its offer does not match what reached us. Stop
            // before the proof (RFC 6120 §6.4.4 abort) and say so. Not a temporary error: no retry.
            qCWarning(lcNegotiation).noquote()
                << QStringLiteral("SASL downgrade detected (XEP-0474): the server's hash does not "
                                  "match the offer that reached us (mechanisms: %1; channel "
                                  "bindings: %2; chose %3); login aborted")
                       .arg(m_advertisedMechanisms.join(u' '),
                            m_advertisedChannelBindings ? m_advertisedChannelBindings->join(u' ')
                                                        : QStringLiteral("none advertised"),
                            m_session.mechanism);
            return {send(XmlElement(ns::Sasl, QStringLiteral("abort"))),
                    fail(Kind::NoSuitableMechanism, QStringLiteral("downgrade"),
                         m_mechanism->errorString())};
        }
        if (!response) {
            // Abort the exchange and give up (RFC 6120 §6.4.4).
            return {send(XmlElement(ns::Sasl, QStringLiteral("abort"))),
                    fail(Kind::ServerNotAuthenticated, {},
                         ok ? m_mechanism->errorString() : tr("Invalid base64 in challenge."))};
        }
        XmlElement reply(ns::Sasl, QStringLiteral("response"));
        if (!response->isEmpty())
            reply.setText(QString::fromLatin1(response->toBase64()));
        return {send(reply)};
    }
    if (name == u"success") {
        bool ok = false;
        const QByteArray data = decode(element, &ok);
        if (!ok || !m_mechanism->verifySuccess(data)) {
            return {fail(Kind::ServerNotAuthenticated, {},
                         ok ? m_mechanism->errorString() : tr("Invalid base64 in success."))};
        }
        m_authenticated = true;
        m_mechanism.reset();
        m_step = Step::WaitStreamOpen;
        return {Action{Action::Type::RestartStream, {}, ConnectionError()}};
    }
    if (name == u"failure") {
        QString condition;
        for (const XmlElement &c : element.children()) {
            if (c.namespaceUri() == ns::Sasl && c.name() != u"text") {
                condition = c.name();
                break;
            }
        }
        return {fail(Kind::AuthenticationFailed, condition, element.childText(ns::Sasl, u"text"))};
    }
    return {fail(Kind::ProtocolViolation, QStringLiteral("bad-format"),
                 tr("Unexpected SASL element <%1/>.").arg(name))};
}

StreamNegotiator::Actions StreamNegotiator::sendBind(const QString &resource)
{
    m_step = Step::WaitBind;
    XmlElement bind(ns::Bind, QStringLiteral("bind"));
    if (!resource.isEmpty())
        bind.appendTextChild(ns::Bind, QStringLiteral("resource"), resource);
    else
        m_boundWithoutResource = true;
    Iq iq(Iq::Type::Set, bind);
    m_pendingIq = m_ids();
    iq.setId(m_pendingIq);
    return {send(iq.element())};
}

StreamNegotiator::Actions StreamNegotiator::handleIq(const XmlElement &element)
{
    const Iq iq(element);
    if (iq.id() != m_pendingIq || iq.isRequest()) {
        // The server may not send anything else before the session exists.
        return {fail(Kind::ProtocolViolation, QStringLiteral("unsupported-stanza-type"),
                     tr("Unexpected request from the server during resource binding."))};
    }
    if (m_step == Step::WaitBind) {
        if (iq.type() == Iq::Type::Error) {
            const StanzaError error = iq.error();
            if (error.condition() == StanzaError::Condition::Conflict && !m_boundWithoutResource) {
                // Our resource is taken: let the server choose one (RFC 6120 §7.7.2.2).
                return sendBind(QString());
            }
            return {fail(Kind::BindFailed, error.conditionName(), error.text())};
        }
        const Jid jid = Jid::fromString(iq.payload().childText(ns::Bind, u"jid").trimmed());
        if (!jid.isFull() || !jid.bareEquals(m_settings.jid)) {
            return {fail(Kind::BindFailed, QStringLiteral("bad-format"),
                         tr("The server assigned an invalid address."))};
        }
        m_session.jid = jid;
        if (m_sessionRequired) {
            m_step = Step::WaitSession;
            Iq session(Iq::Type::Set, XmlElement(ns::Session, QStringLiteral("session")));
            m_pendingIq = m_ids();
            session.setId(m_pendingIq);
            return {send(session.element())};
        }
    } else if (iq.type() == Iq::Type::Error) {
        const StanzaError error = iq.error();
        return {fail(Kind::BindFailed, error.conditionName(), error.text())};
    }
    return sessionReady();
}

StreamNegotiator::Actions StreamNegotiator::sessionReady()
{
    if (m_smOffered && !m_sm->isEnabled()) {
        m_step = Step::WaitEnabled;
        m_sm->enableRequested();
        return {send(StreamManagement::enableElement())};
    }
    m_step = Step::Done;
    m_phase = Phase::Established;
    return {Action{Action::Type::Established, {}, ConnectionError()}};
}

StreamNegotiator::Actions StreamNegotiator::handleStreamManagement(const XmlElement &element)
{
    const QString &name = element.name();
    if (m_step == Step::WaitEnabled) {
        if (name == u"enabled") {
            const QString resume = element.attribute(u"resume");
            m_sm->enabled(element.attribute(u"id"), resume == u"true" || resume == u"1",
                          element.attribute(u"max").toInt(), element.attribute(u"location"));
            qCDebug(lcNegotiation) << "stream management enabled, resumable:" << m_sm->canResume();
        } else if (name == u"failed") {
            qCInfo(lcNegotiation) << "the server refused to enable stream management";
            m_sm->enableFailed();
        } else {
            return {fail(Kind::ProtocolViolation, QStringLiteral("bad-format"),
                         tr("Unexpected stream management element <%1/>.").arg(name))};
        }
        m_step = Step::Done;
        m_phase = Phase::Established;
        return {Action{Action::Type::Established, {}, ConnectionError()}};
    }
    // Step::WaitResumed
    if (name == u"resumed") {
        if (element.attribute(u"previd") != m_sm->resumeId()) {
            return {fail(Kind::ProtocolViolation, QStringLiteral("bad-format"),
                         tr("The server resumed a different session."))};
        }
        bool ok = false;
        const quint32 h = element.attribute(u"h").toUInt(&ok);
        if (!ok) {
            return {fail(Kind::ProtocolViolation, QStringLiteral("bad-format"),
                         tr("The server's resumption count is not a number."))};
        }
        m_session.resumed = true; // the caller keeps the JID and features of the old session
        m_step = Step::Done;
        m_phase = Phase::Established;
        Action resumed{Action::Type::Resumed, {}, ConnectionError()};
        resumed.handled = h;
        return {resumed};
    }
    if (name == u"failed") {
        // The old session is gone (XEP-0198 §5): bind a new one. The caller learns from
        // session().resumed == false and hands the unacknowledged stanzas to the application.
        // The application re-sends what matters (messages) from its own outbox after a new
        // session; the transport does not re-send stanzas of a session that no longer exists.
        const qsizetype lost = m_sm->sessionLost().size();
        const XmlElement condition = element.firstChild();
        qCInfo(lcNegotiation) << "resumption failed"
                              << (condition.isNull() ? QString() : condition.name())
                              << "(server handled" << element.attribute(u"h")
                              << "); binding a new session;" << lost
                              << "unacknowledged stanzas of the old session dropped";
        m_resumeFailed = true;
        return sendBind(m_settings.jid.resourcepart());
    }
    return {fail(Kind::ProtocolViolation, QStringLiteral("bad-format"),
                 tr("Unexpected stream management element <%1/>.").arg(name))};
}

StreamNegotiator::Action StreamNegotiator::fail(ConnectionError::Kind kind,
                                                const QString &condition, const QString &text)
{
    ConnectionError error;
    error.kind = kind;
    error.condition = condition;
    error.text = text;
    return {Action::Type::Fail, {}, error};
}

} // namespace natter
