// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionError.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QStringList>

namespace natter {

namespace {
// The translation context of the texts below (lupdate reads it from the macro too).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(natter::ConnectionError)
};

QString saslConditionText(const QString &condition)
{
    if (condition == u"not-authorized")
        return Text::tr("The password is wrong, or the account does not exist.");
    if (condition == u"account-disabled")
        return Text::tr("The account has been disabled.");
    if (condition == u"credentials-expired")
        return Text::tr("The password has expired; set a new one with your provider.");
    if (condition == u"encryption-required")
        return Text::tr("The server requires a stronger encryption for this login method.");
    if (condition == u"invalid-authzid" || condition == u"invalid-mechanism" ||
        condition == u"malformed-request" || condition == u"incorrect-encoding")
        return Text::tr("The server rejected the login request (%1).").arg(condition);
    if (condition == u"mechanism-too-weak")
        return Text::tr("The server considers the login method too weak.");
    if (condition == u"temporary-auth-failure")
        return Text::tr("The server could not check the password right now; try again later.");
    if (condition == u"aborted")
        return Text::tr("The login was aborted.");
    return Text::tr("The login failed (%1).")
        .arg(condition.isEmpty() ? Text::tr("no reason given") : condition);
}

QString streamConditionText(const QString &condition)
{
    if (condition == u"conflict")
        return Text::tr("Another client logged in with the same resource.");
    if (condition == u"system-shutdown")
        return Text::tr("The server is shutting down.");
    if (condition == u"policy-violation")
        return Text::tr("The server closed the connection for a policy violation.");
    if (condition == u"host-unknown")
        return Text::tr("The server does not serve this domain.");
    if (condition == u"not-authorized")
        return Text::tr("The server refused the session.");
    if (condition == u"connection-timeout")
        return Text::tr("The server closed an idle connection.");
    if (condition == u"reset")
        return Text::tr("The server reset the session.");
    if (condition == u"see-other-host")
        return Text::tr("The server redirected the connection more than once.");
    return Text::tr("The server closed the stream (%1).").arg(condition);
}
} // namespace

QString CertificateInfo::fingerprint() const
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

CertificateInfo CertificateInfo::fromCertificate(const QSslCertificate &certificate)
{
    CertificateInfo info;
    if (certificate.isNull())
        return info;
    info.certificate = certificate;
    info.subject = certificate.subjectDisplayName();
    info.issuer = certificate.issuerDisplayName();
    const auto names = certificate.subjectAlternativeNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        info.alternativeNames.append(it.value());
    info.notBefore = certificate.effectiveDate();
    info.notAfter = certificate.expiryDate();
    info.sha256 = certificate.digest(QCryptographicHash::Sha256);
    return info;
}

bool ConnectionError::isTemporary() const
{
    switch (kind) {
    case Kind::HostNotFound:
    case Kind::ConnectionRefused:
    case Kind::ConnectionTimeout:
    case Kind::ConnectionLost:
        return true;
    case Kind::StreamError:
        return condition != u"conflict" && condition != u"not-authorized" &&
               condition != u"host-unknown";
    case Kind::AuthenticationFailed:
        return condition == u"temporary-auth-failure";
    default:
        return false;
    }
}

bool ConnectionError::isRejectedInput() const
{
    if (kind != Kind::StreamError)
        return false;
    static const QStringList conditions{QStringLiteral("bad-format"), QStringLiteral("invalid-xml"),
                                        QStringLiteral("not-well-formed"),
                                        QStringLiteral("policy-violation"),
                                        QStringLiteral("restricted-xml")};
    return conditions.contains(condition);
}

QString ConnectionError::message() const
{
    QString sentence;
    switch (kind) {
    case Kind::None:
        return Text::tr("Disconnected.");
    case Kind::HostNotFound:
        sentence = Text::tr("The server %1 could not be found.").arg(endpoint);
        break;
    case Kind::ConnectionRefused:
        sentence = Text::tr("The server %1 refused the connection.").arg(endpoint);
        break;
    case Kind::ConnectionTimeout:
        sentence = endpoint.isEmpty()
                       ? Text::tr("The server did not answer in time.")
                       : Text::tr("The server %1 did not answer in time.").arg(endpoint);
        break;
    case Kind::ConnectionLost:
        sentence = Text::tr("The connection to the server was lost.");
        break;
    case Kind::TlsNotOffered:
        sentence =
            Text::tr("The server does not offer an encrypted connection, so Natter did not log "
                     "in.");
        break;
    case Kind::TlsFailed:
        sentence = Text::tr("The encrypted connection could not be set up.");
        break;
    case Kind::CertificateUntrusted:
        sentence = Text::tr("The server's certificate is not trusted (SHA-256 fingerprint %1).")
                       .arg(certificate.fingerprint());
        break;
    case Kind::AuthenticationFailed:
        sentence = saslConditionText(condition);
        break;
    case Kind::NoSuitableMechanism:
        sentence = Text::tr("The server offers no login method that Natter can use safely.");
        break;
    case Kind::ServerNotAuthenticated:
        sentence = Text::tr("The server could not prove that it knows your password; it may be an "
                            "impostor.");
        break;
    case Kind::BindFailed:
        sentence = Text::tr("The server did not let Natter start a session.");
        break;
    case Kind::StreamError:
        sentence = streamConditionText(condition);
        break;
    case Kind::ProtocolViolation:
        sentence = Text::tr("The server sent data that breaks the XMPP protocol.");
        break;
    case Kind::Cancelled:
        return Text::tr("The connection was cancelled.");
    }
    if (!text.isEmpty())
        sentence += u' ' + Text::tr("Details: %1").arg(text);
    return sentence;
}

QString ConnectionError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::HostNotFound:
        return QStringLiteral("host-not-found");
    case Kind::ConnectionRefused:
        return QStringLiteral("connection-refused");
    case Kind::ConnectionTimeout:
        return QStringLiteral("connection-timeout");
    case Kind::ConnectionLost:
        return QStringLiteral("connection-lost");
    case Kind::TlsNotOffered:
        return QStringLiteral("tls-not-offered");
    case Kind::TlsFailed:
        return QStringLiteral("tls-failed");
    case Kind::CertificateUntrusted:
        return QStringLiteral("certificate-untrusted");
    case Kind::AuthenticationFailed:
        return QStringLiteral("authentication-failed");
    case Kind::NoSuitableMechanism:
        return QStringLiteral("no-suitable-mechanism");
    case Kind::ServerNotAuthenticated:
        return QStringLiteral("server-not-authenticated");
    case Kind::BindFailed:
        return QStringLiteral("bind-failed");
    case Kind::StreamError:
        return QStringLiteral("stream-error");
    case Kind::ProtocolViolation:
        return QStringLiteral("protocol-violation");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace natter
